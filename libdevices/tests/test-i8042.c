/*
 * The i8042, its PS/2 devices and port 0x92 on the pc board, for what
 * qtest cannot see or QEMU does differently (qtest/tests/i8042-test.c
 * checks the guest's view on both): the A20 lines into the CPU's state,
 * the reset request through the main loop and its event, a reset that
 * restores everything, kbd-throttle, extended-state, kbd-irq/mouse-irq,
 * the QOM children, the mouse's reset leaving wrap mode, a full reply
 * queue, and -machine i8042=off.
 */
#include "devices/i8042.h"
#include "devices/ps2.h"
#include "machine/irq.h"
#include "machine/isa.h"
#include "pc-internal.h"
#include "pc-test.h"
#include "util/main-loop.h"
#include "util/timer.h"

#include <string.h>

#define ATTRS MEMTXATTRS_UNSPECIFIED

#define DATA 0x60
#define CMD 0x64
#define PORT92 0x92
#define STAT_OBF 0x01

static uint8_t inb(uint16_t port)
{
    return address_space_ldub(&address_space_io, port, ATTRS, NULL);
}

static void outb(uint16_t port, uint8_t val)
{
    address_space_stb(&address_space_io, port, val, ATTRS, NULL);
}

static uint8_t command_read(uint8_t cmd)
{
    outb(CMD, cmd);
    assert_true(inb(CMD) & STAT_OBF);
    return inb(DATA);
}

static void command_write(uint8_t cmd, uint8_t val)
{
    outb(CMD, cmd);
    outb(DATA, val);
}

/* ---- Reset requests ---- */

static int reset_events;
static ShutdownCause last_reason;

/* The handler takes the place of the reset: do it, as emu's does. */
static void reset_event(ShutdownCause reason, void *opaque)
{
    qemu_system_reset();
    reset_events++;
    last_reason = reason;
}

static MachineState *build_with(const char *machine, const char *const *keys)
{
    PCTestArgs a = {.machine = machine, .keys = keys};
    MachineState *ms;

    qemu_clock_set_virtual_mode(QEMU_VIRTUAL_CLOCK_MANUAL);
    ms = pc_test_build(&a);
    qemu_devices_reset();
    reset_events = 0;
    qemu_system_reset_set_event_handler(reset_event, NULL);
    return ms;
}

static MachineState *build(void)
{
    return build_with("pc", NULL);
}

static int teardown(void **state)
{
    qemu_system_reset_set_event_handler(NULL, NULL);
    return pc_test_teardown(state);
}

#define i8042_test(f) cmocka_unit_test_teardown(f, teardown)

/* Let the main loop run what is due (the reset bottom half). */
static void run_main_loop(void)
{
    main_loop_wait(true);
}

static Object *i8042_object(void)
{
    return object_resolve_path_type("", TYPE_I8042, NULL);
}

static int32_t cpu_a20_mask(void)
{
    return X86_CPU(first_cpu)->env.a20_mask;
}

/* ---- The board ---- */

static void test_board(void **state)
{
    Object *kbc, *kbd, *mouse;
    g_autofree char *path = NULL;

    build();
    kbc = i8042_object();
    assert_non_null(kbc);
    path = object_get_canonical_path(kbc);
    assert_true(g_str_has_prefix(path, "/machine/unattached/device["));
    assert_non_null(object_resolve_path_type("", TYPE_PORT92, NULL));
    /* The PS/2 devices: its children, on the main system bus. */
    kbd = object_resolve_path_component(kbc, "ps2kbd");
    mouse = object_resolve_path_component(kbc, "ps2mouse");
    assert_string_equal(object_get_typename(kbd), TYPE_PS2_KBD_DEVICE);
    assert_string_equal(object_get_typename(mouse), TYPE_PS2_MOUSE_DEVICE);
    assert_ptr_equal(qdev_get_parent_bus(DEVICE(kbd)), sysbus_get_default());
    /* Its interrupts are ISA IRQ 1 and 12. */
    assert_int_equal(ISA_DEVICE(kbc)->isairq[0], 1);
    assert_int_equal(ISA_DEVICE(kbc)->isairq[1], 12);
}

static void test_i8042_off(void **state)
{
    static const char *const keys[] = {"i8042", "off", NULL};

    build_with("pc", keys);
    assert_null(i8042_object());
    assert_null(object_resolve_path_type("", TYPE_PORT92, NULL));
    assert_int_equal(inb(DATA), 0xff);
}

/* ---- A20 ---- */

static void test_a20_lines(void **state)
{
    build();
    assert_int_equal(cpu_a20_mask(), ~0);
    outb(CMD, 0xdd);
    assert_int_equal(cpu_a20_mask(), ~(1 << 20));
    outb(CMD, 0xdf);
    assert_int_equal(cpu_a20_mask(), ~0);
    command_write(0xd1, 0x01);
    assert_int_equal(cpu_a20_mask(), ~(1 << 20));
    command_write(0xd1, 0x03);
    assert_int_equal(cpu_a20_mask(), ~0);
    outb(PORT92, 0x00);
    assert_int_equal(cpu_a20_mask(), ~(1 << 20));
    outb(PORT92, 0x02);
    assert_int_equal(cpu_a20_mask(), ~0);
    /* No reset was asked for on the way. */
    run_main_loop();
    assert_int_equal(reset_events, 0);
}

/* ---- Reset ---- */

static void test_reset_request(void **state)
{
    build();
    command_write(0x60, 0x45);
    outb(CMD, 0xfe);
    /* Not from inside the port write: the main loop does it. */
    assert_int_equal(command_read(0x20), 0x45);
    assert_int_equal(reset_events, 0);
    run_main_loop();
    assert_int_equal(reset_events, 1);
    assert_int_equal(last_reason, SHUTDOWN_CAUSE_GUEST_RESET);
    assert_string_equal(shutdown_cause_str(last_reason), "guest-reset");
    assert_true(shutdown_caused_by_guest(last_reason));
    assert_int_equal(command_read(0x20), 0x03);
    /* Two requests before the loop runs: one reset. */
    outb(CMD, 0xfe);
    outb(PORT92, 0x01);
    run_main_loop();
    assert_int_equal(reset_events, 2);
    run_main_loop();
    assert_int_equal(reset_events, 2);
    /* Port 0x92 resets on bit 0 going up only. */
    outb(PORT92, 0x01);
    outb(PORT92, 0x03);
    run_main_loop();
    assert_int_equal(reset_events, 3);
    assert_int_equal(inb(PORT92), 0x00);
}

/* A reset restores what QEMU's keeps: last data byte, pending command. */
static void test_reset_complete(void **state)
{
    build();
    command_write(0xd2, 0x77);
    assert_int_equal(inb(DATA), 0x77);
    outb(CMD, 0x60);
    outb(PORT92, 0x02);
    qemu_system_reset();
    assert_int_equal(inb(DATA), 0x00);
    /* The data byte goes to the keyboard, not into the command byte. */
    outb(DATA, 0xee);
    assert_int_equal(inb(DATA), 0xee);
    assert_int_equal(command_read(0x20), 0x03);
    assert_int_equal(inb(PORT92), 0x00);
}

/* ---- Properties ---- */

static void step(int64_t ns)
{
    qemu_clock_advance_virtual_time(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + ns);
}

/* kbd-throttle: a keyboard byte per millisecond of virtual time. */
static void test_kbd_throttle(void **state)
{
    qdev_prop_register_global("i8042", "kbd-throttle", "on");
    build();
    /* The throttle timer counts in whole microseconds. */
    step(1000 - qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) % 1000);
    outb(DATA, 0xf2);
    assert_int_equal(inb(DATA), 0xfa);
    assert_false(inb(CMD) & STAT_OBF);
    step(999999);
    assert_false(inb(CMD) & STAT_OBF);
    step(1);
    assert_true(inb(CMD) & STAT_OBF);
    assert_int_equal(inb(DATA), 0xab);
    /* The controller's own bytes wait too, then come first. */
    outb(CMD, 0x20);
    assert_false(inb(CMD) & STAT_OBF);
    step(1000000);
    assert_int_equal(inb(DATA), 0x03);
    /* A controller byte starts no pause. */
    assert_int_equal(inb(DATA), 0x83);
}

/* pc-i440fx-6.0 and older: a disabled keyboard still delivers. */
static void test_extended_state_compat(void **state)
{
    build_with("pc-i440fx-6.0", NULL);
    assert_false(
        object_property_get_bool(i8042_object(), "extended-state", NULL));
    outb(DATA, 0xf2);
    outb(CMD, 0xad);
    assert_int_equal(inb(DATA), 0xfa);
    assert_true(inb(CMD) & STAT_OBF);
    assert_int_equal(inb(DATA), 0xab);
    teardown(NULL);
    build_with("pc-i440fx-6.1", NULL);
    assert_true(
        object_property_get_bool(i8042_object(), "extended-state", NULL));
}

static int gsi_levels[GSI_NUM_PINS];

static void gsi_handler(void *opaque, int n, int level)
{
    gsi_levels[n] = level;
    /* Pass it on, as qtest's interception does. */
    qemu_set_irq(opaque, level);
}

static void test_irq_properties(void **state)
{
    ISADevice *dev;
    Error *err = NULL;
    MachineState *ms;

    ms = build();
    dev = isa_new(TYPE_I8042);
    qdev_prop_set_uint8(DEVICE(dev), "kbd-irq", 16);
    assert_false(isa_realize_and_unref(dev, PC_MACHINE(ms)->isa_bus, &err));
    assert_error(err, "Maximum value for \"kbd-irq\" is: 15");
    dev = isa_new(TYPE_I8042);
    qdev_prop_set_uint8(DEVICE(dev), "mouse-irq", 200);
    assert_false(isa_realize_and_unref(dev, PC_MACHINE(ms)->isa_bus, &err));
    assert_error(err, "Maximum value for \"mouse-irq\" is: 15");
    teardown(NULL);

    /* Other lines, as -global gives them. */
    qdev_prop_register_global("i8042", "kbd-irq", "5");
    qdev_prop_register_global("i8042", "mouse-irq", "7");
    ms = build();
    memset(gsi_levels, 0, sizeof(gsi_levels));
    qemu_irq_intercept_in(X86_MACHINE(ms)->gsi_state->ioapic_irq, gsi_handler,
                          GSI_NUM_PINS);
    command_write(0xd2, 0x11);
    assert_int_equal(gsi_levels[5], 1);
    assert_int_equal(gsi_levels[1], 0);
    assert_int_equal(inb(DATA), 0x11);
    assert_int_equal(gsi_levels[5], 0);
    command_write(0xd3, 0x12);
    assert_int_equal(gsi_levels[7], 1);
    assert_int_equal(gsi_levels[12], 0);
}

/* ---- The PS/2 devices ---- */

/* The PS/2 reference's reset leaves wrap mode (QEMU's stays in it). */
static void test_mouse_reset_ends_wrap(void **state)
{
    build();
    command_write(0xd4, 0xee);
    assert_int_equal(inb(DATA), 0xfa);
    command_write(0xd4, 0xff);
    assert_int_equal(inb(DATA), 0xfa);
    assert_int_equal(inb(DATA), 0xaa);
    assert_int_equal(inb(DATA), 0x00);
    command_write(0xd4, 0xf2);
    assert_int_equal(inb(DATA), 0xfa);
    assert_int_equal(inb(DATA), 0x00);
}

/* A guest that never reads fills the mouse's queue: replies drop whole. */
static void test_mouse_queue_full(void **state)
{
    int i, n = 0;

    build();
    for (i = 0; i < 100; i++) {
        command_write(0xd4, 0xe9);
    }
    while (inb(CMD) & STAT_OBF) {
        uint8_t b = inb(DATA);

        /* Every reply complete: FA 00 00 00 (power-on values). */
        assert_int_equal(b, n % 4 == 0 ? 0xfa : 0x00);
        n++;
    }
    assert_int_equal(n, PS2_BUFFER_SIZE);
}

/* Keyboard LEDs and scanning state reset with the device. */
static void test_keyboard_state(void **state)
{
    PS2KbdState *kbd;

    build();
    kbd =
        PS2_KBD_DEVICE(object_resolve_path_component(i8042_object(), "ps2kbd"));
    outb(DATA, 0xed);
    outb(DATA, 0x05);
    outb(DATA, 0xf5);
    command_write(0x60, 0x43);
    assert_int_equal(kbd->ledstate, 0);
    assert_false(kbd->scan_enabled);
    assert_true(kbd->translate);
    outb(DATA, 0xed);
    outb(DATA, 0x05);
    assert_int_equal(kbd->ledstate, 5);
    qemu_system_reset();
    assert_int_equal(kbd->ledstate, 0);
    assert_true(kbd->scan_enabled);
    assert_false(kbd->translate);
    assert_int_equal(kbd->scancode_set, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        i8042_test(test_board),
        i8042_test(test_i8042_off),
        i8042_test(test_a20_lines),
        i8042_test(test_reset_request),
        i8042_test(test_reset_complete),
        i8042_test(test_kbd_throttle),
        i8042_test(test_extended_state_compat),
        i8042_test(test_irq_properties),
        i8042_test(test_mouse_reset_ends_wrap),
        i8042_test(test_mouse_queue_full),
        i8042_test(test_keyboard_state),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
