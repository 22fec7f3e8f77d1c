/*
 * The PIT and port 0x61, for what qtest cannot see (qtest/tests/
 * i8254-test.c checks the registers on emu and QEMU and the modes on
 * emu): the counting model's transitions against its own OUT, over
 * random programming; IRQ 0 after reset; lost_tick_policy with a timer
 * that runs late; the HPET's enable input; the board's wiring (pit=off,
 * hpet on and off); the speaker's refusals; guest errors.
 */
#include <unistd.h>

#include "devices/hpet.h"
#include "devices/i8254.h"
#include "devices/pcspk.h"
#include "i8254-common.h"
#include "machine/irq.h"
#include "pc-internal.h"
#include "pc-test.h"
#include "util/log.h"
#include "util/timer.h"
#include "guest-log.h"

#define ATTRS MEMTXATTRS_UNSPECIFIED

static void outb(uint16_t port, uint8_t val)
{
    address_space_stb(&address_space_io, port, val, ATTRS, NULL);
}

static uint8_t inb(uint16_t port)
{
    return address_space_ldub(&address_space_io, port, ATTRS, NULL);
}

static int64_t now(void)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

/* Advance the virtual clock to exactly PIT clock pulse p. */
static void advance_to_pulse(int64_t p)
{
    qemu_clock_advance_virtual_time(pit_pulse_time(p));
}

/* ---- The counting model alone ---- */

/*
 * Whatever the programming, pit_channel_next_transition() names the
 * first time OUT changes: later than t, OUT different there, the same
 * at every point sampled before it; and when it says "never", OUT holds.
 */
static void check_transition(const PITChannelState *c, int64_t t, GRand *rand)
{
    int64_t next = pit_channel_next_transition(c, t);
    bool out = pit_channel_out(c, t);
    int i;

    if (next < 0) {
        for (i = 1; i <= 8; i++) {
            assert_int_equal(pit_channel_out(c, t + i * 7919 * 838), out);
        }
        return;
    }
    assert_true(next > t);
    assert_int_not_equal(pit_channel_out(c, next), out);
    assert_int_equal(pit_channel_out(c, next - 1), out);
    for (i = 0; i < 8; i++) {
        int64_t u =
            t + g_rand_int_range(rand, 0, (gint32)MIN(next - t, INT32_MAX));

        assert_int_equal(pit_channel_out(c, u), out);
    }
}

static void test_model_transitions(void **state)
{
    GRand *rand = g_rand_new_with_seed(8254);
    int round;

    (void)state;
    for (round = 0; round < 4000; round++) {
        PITChannelState c = {.gate = true};
        int64_t t = g_rand_int_range(rand, 0, 1000000);
        int steps = g_rand_int_range(rand, 1, 12);
        int i;

        pit_channel_set_mode(&c, 3, g_rand_int_range(rand, 0, 8),
                             g_rand_boolean(rand), t);
        for (i = 0; i < steps; i++) {
            t += g_rand_int_range(rand, 0, 40000);
            switch (g_rand_int_range(rand, 0, 4)) {
            case 0:
                /* Small counts often, to meet every phase. */
                pit_channel_load_count(&c,
                                       g_rand_boolean(rand)
                                           ? g_rand_int_range(rand, 1, 8)
                                           : (uint16_t)g_rand_int(rand),
                                       t);
                break;
            case 1:
                pit_channel_set_gate(&c, !c.gate, t);
                break;
            case 2:
                if (c.mode == 0) {
                    pit_channel_hold(&c, t);
                }
                break;
            default:
                break;
            }
            check_transition(&c, t, rand);
            check_transition(&c, t + g_rand_int_range(rand, 0, 100000), rand);
        }
    }
    g_rand_free(rand);
}

/* Mode 3's square wave: (N + 1) / 2 pulses high, N / 2 low. */
static void test_model_square_wave(void **state)
{
    static const uint16_t counts[] = {2, 3, 4, 5, 99, 100, 0};
    size_t i;

    (void)state;
    for (i = 0; i < G_N_ELEMENTS(counts); i++) {
        PITChannelState c = {.gate = true};
        int64_t n = counts[i] ? counts[i] : 65536;
        int64_t load = pit_clock_pulses(1000) + 1;
        int64_t t = 1000;
        int period;

        pit_channel_set_mode(&c, 3, 3, false, t);
        pit_channel_load_count(&c, counts[i], t);
        for (period = 0; period < 5; period++) {
            int64_t start = load + period * n;

            t = pit_channel_next_transition(&c, t);
            assert_int_equal(t, pit_pulse_time(start + (n + 1) / 2));
            assert_false(pit_channel_out(&c, t));
            t = pit_channel_next_transition(&c, t);
            assert_int_equal(t, pit_pulse_time(start + n));
            assert_true(pit_channel_out(&c, t));
        }
    }
}

/* Invalid BCD digits are logged and counted at face value, mod 10000. */
/* ---- On the board ---- */

/* Rising edges and level of the line the test wires a PIT to. */
static int irq_level;
static int irq_rises;
static qemu_irq irq_line;

static void irq_handler(void *opaque, int n, int level)
{
    if (level && !irq_level) {
        irq_rises++;
    }
    irq_level = level;
}

static MachineState *build(const char *const *keys)
{
    PCTestArgs a = {.machine = "pc", .keys = keys};
    MachineState *ms;

    qemu_clock_set_virtual_mode(QEMU_VIRTUAL_CLOCK_MANUAL);
    ms = pc_test_build(&a);
    qemu_devices_reset();
    irq_line = qemu_allocate_irq(irq_handler, NULL, 0);
    irq_level = 0;
    irq_rises = 0;
    return ms;
}

static int teardown(void **state)
{
    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, true);
    pc_test_teardown(state);
    if (irq_line) {
        qemu_free_irq(irq_line);
        irq_line = NULL;
    }
    return 0;
}

#define pit_test(f) cmocka_unit_test_teardown(f, teardown)

static DeviceState *board_pit(void)
{
    return DEVICE(object_resolve_path_type("", TYPE_I8254, NULL));
}

/* A second PIT at 0x48 with the given policy, its OUT on irq_line. */
static DeviceState *extra_pit(const char *policy, Error **errp)
{
    MachineState *ms = MACHINE(qdev_get_machine());
    ISADevice *isadev = isa_new(TYPE_I8254);
    DeviceState *dev = DEVICE(isadev);

    qdev_prop_set_uint32(dev, "iobase", 0x48);
    if (!object_property_parse(OBJECT(dev), "lost_tick_policy", policy, errp)) {
        object_unref(OBJECT(dev));
        return NULL;
    }
    /* A refused device leaves the bus and is freed. */
    if (!isa_realize_and_unref(isadev, PC_MACHINE(ms)->isa_bus, errp)) {
        return NULL;
    }
    device_cold_reset(dev);
    qdev_connect_gpio_out(dev, 0, irq_line);
    return dev;
}

/* The board's PIT: QEMU's path and properties, through the HPET. */
static void test_board(void **state)
{
    DeviceState *pit, *hpet;
    g_autofree char *path = NULL;
    g_autofree char *policy = NULL;

    (void)state;
    build(NULL);
    pit = board_pit();
    assert_non_null(pit);
    path = object_get_canonical_path(OBJECT(pit));
    assert_true(g_str_has_prefix(path, "/machine/unattached/device["));
    assert_int_equal(
        object_property_get_uint(OBJECT(pit), "iobase", &error_abort), 0x40);
    policy =
        object_property_get_str(OBJECT(pit), "lost_tick_policy", &error_abort);
    assert_string_equal(policy, "delay");
    /* QEMU's wiring with an HPET: OUT into it, its enable into ours. */
    hpet = DEVICE(object_resolve_path_type("", TYPE_HPET, NULL));
    assert_non_null(hpet);
    assert_true(qdev_get_gpio_out_connector(pit, NULL, 0) ==
                qdev_get_gpio_in(hpet, HPET_LEGACY_PIT_INT));
    assert_true(qdev_get_gpio_out_connector(hpet, NULL, 0) ==
                qdev_get_gpio_in(pit, 0));
    assert_non_null(object_resolve_path_type("", TYPE_PC_SPEAKER, NULL));
}

static void test_board_no_hpet(void **state)
{
    static const char *const keys[] = {"hpet", "off", NULL};

    (void)state;
    build(keys);
    assert_true(qdev_get_gpio_out_connector(board_pit(), NULL, 0) ==
                isa_get_irq(NULL, 0));
}

/* -machine pit=off: neither the PIT nor port 0x61. */
static void test_board_pit_off(void **state)
{
    static const char *const keys[] = {"pit", "off", NULL};

    (void)state;
    build(keys);
    assert_null(board_pit());
    assert_null(object_resolve_path_type("", TYPE_PC_SPEAKER, NULL));
    assert_int_equal(inb(0x40), 0xff);
    assert_int_equal(inb(0x61), 0xff);
}

/*
 * After reset IRQ 0 is low and counter 0 (mode 3, 65536) first rises a
 * whole period later, as in QEMU.
 */
static void test_irq0_after_reset(void **state)
{
    DeviceState *pit;
    int64_t p0;

    (void)state;
    build(NULL);
    pit = board_pit();
    qdev_connect_gpio_out(pit, 0, irq_line);
    qemu_clock_advance_virtual_time(now() + 12345);
    p0 = pit_clock_pulses(now());
    device_cold_reset(pit);
    assert_int_equal(irq_level, 0);
    advance_to_pulse(p0 + 65536 - 1);
    assert_int_equal(irq_rises, 0);
    advance_to_pulse(p0 + 65536);
    assert_int_equal(irq_rises, 1);
    advance_to_pulse(p0 + 3 * 65536);
    assert_int_equal(irq_rises, 3);
}

/*
 * lost_tick_policy: counter 0 in mode 2 with N = 100, then the virtual
 * clock jumps 10.5 periods with timers held (a stalled host).  "delay"
 * delivers the 10 missed interrupts late, "discard" one.
 */
static void lost_ticks(const char *policy, int expected)
{
    DeviceState *pit = extra_pit(policy, &error_abort);
    int64_t load;

    (void)pit;
    outb(0x4b, 0x34);
    outb(0x48, 100);
    outb(0x48, 0);
    /* The control word set OUT high: count the edges from here. */
    irq_rises = 0;
    load = pit_clock_pulses(now()) + 1;
    advance_to_pulse(load + 100);
    assert_int_equal(irq_rises, 1);
    assert_int_equal(irq_level, 1);

    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, false);
    advance_to_pulse(load + 1150);
    assert_int_equal(irq_rises, 1);
    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, true);
    qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL);
    assert_int_equal(irq_rises, 1 + expected);
    assert_int_equal(irq_level, 1);
    /* On schedule again afterwards. */
    advance_to_pulse(load + 1200);
    assert_int_equal(irq_rises, 2 + expected);
    advance_to_pulse(load + 1300);
    assert_int_equal(irq_rises, 3 + expected);
}

static void test_lost_ticks_delay(void **state)
{
    (void)state;
    build(NULL);
    lost_ticks("delay", 10);
}

static void test_lost_ticks_discard(void **state)
{
    (void)state;
    build(NULL);
    lost_ticks("discard", 1);
}

/* QEMU's kvm-pit takes delay and discard only, with this message. */
static void test_lost_tick_policy_refused(void **state)
{
    Error *err = NULL;

    (void)state;
    build(NULL);
    assert_null(extra_pit("slew", &err));
    assert_error(err, "Lost tick policy not supported.");
    assert_null(extra_pit("sometimes", &err));
    assert_non_null(err);
    error_free(err);
}

/* -global values the board's devices refuse fail the machine, cleanly. */
static void test_board_refusals(void **state)
{
    PCTestArgs a = {.machine = "pc"};
    Error *err = NULL;

    (void)state;
    qdev_prop_register_global(TYPE_I8254, "lost_tick_policy", "slew");
    assert_null(pc_test_try_build(&a, &err));
    assert_error(err, "Lost tick policy not supported.");
    pc_test_teardown(NULL);

    qdev_prop_register_global(TYPE_PC_SPEAKER, "audiodev", "snd0");
    assert_null(pc_test_try_build(&a, &err));
    assert_error(err, "audiodev 'snd0': audio output is not supported by emu "
                      "(the PC speaker is silent)");
}

/* GPIO input 0 low (the HPET's legacy mode) stops IRQ 0; high resumes. */
static void test_irq_control(void **state)
{
    DeviceState *pit;
    int64_t load;

    (void)state;
    build(NULL);
    pit = extra_pit("delay", &error_abort);
    outb(0x4b, 0x34);
    outb(0x48, 10);
    outb(0x48, 0);
    irq_rises = 0;
    load = pit_clock_pulses(now()) + 1;
    advance_to_pulse(load + 10);
    assert_int_equal(irq_rises, 1);
    qemu_set_irq(qdev_get_gpio_in(pit, 0), 0);
    advance_to_pulse(load + 100);
    assert_int_equal(irq_rises, 1);
    qemu_set_irq(qdev_get_gpio_in(pit, 0), 1);
    advance_to_pulse(load + 120);
    assert_int_equal(irq_rises, 3);
}

/* The speaker needs its PIT and refuses an audio backend. */
static void test_pcspk_refusals(void **state)
{
    MachineState *ms;
    ISADevice *spk;
    Error *err = NULL;

    (void)state;
    ms = build(NULL);
    spk = isa_new(TYPE_PC_SPEAKER);
    qdev_prop_set_uint32(DEVICE(spk), "iobase", 0x62);
    assert_false(isa_realize_and_unref(spk, PC_MACHINE(ms)->isa_bus, &err));
    assert_error(err, "isa-pcspk needs its 'pit' link set to the PIT");

    spk = isa_new(TYPE_PC_SPEAKER);
    qdev_prop_set_string(DEVICE(spk), "audiodev", "snd0");
    object_property_set_link(OBJECT(spk), "pit", OBJECT(board_pit()),
                             &error_abort);
    assert_false(isa_realize_and_unref(spk, PC_MACHINE(ms)->isa_bus, &err));
    assert_error(err, "audiodev 'snd0': audio output is not supported by emu "
                      "(the PC speaker is silent)");
}

static void test_guest_errors(void **state)
{
    g_autofree char *log = NULL;

    (void)state;
    build(NULL);
    log_start();
    assert_int_equal(inb(0x43), 0);
    /* BCD 0x00ab counts as 0*1000 + 0*100 + 10*10 + 11 = 111. */
    outb(0x43, 0x31);
    outb(0x40, 0xab);
    outb(0x40, 0x00);
    log = log_stop();
    assert_logged(log, "i8254: read of the write-only control word "
                       "register\n");
    assert_logged(log, "i8254: BCD count 0x00ab has a digit above 9\n");
    qemu_clock_advance_virtual_time(
        pit_pulse_time(pit_clock_pulses(now()) + 1));
    outb(0x43, 0x00);
    assert_int_equal(inb(0x40), 0x11);
    assert_int_equal(inb(0x40), 0x01);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model_transitions),
        cmocka_unit_test(test_model_square_wave),
        pit_test(test_board),
        pit_test(test_board_no_hpet),
        pit_test(test_board_pit_off),
        pit_test(test_irq0_after_reset),
        pit_test(test_lost_ticks_delay),
        pit_test(test_lost_ticks_discard),
        pit_test(test_lost_tick_policy_refused),
        pit_test(test_board_refusals),
        pit_test(test_irq_control),
        pit_test(test_pcspk_refusals),
        pit_test(test_guest_errors),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
