/*
 * The HPET on the pc board, for what qtest cannot see (qtest/tests/
 * hpet-test.c checks the registers on emu and QEMU and the level
 * interrupts on emu): edge-triggered pulses, FSB messages, the inverted
 * PIRQ routes, the PIT's and RTC's inputs with the PIT-enable output
 * under legacy replacement, comparators behind the counter, reset of a
 * running HPET, the fw_cfg table, the compat property and the board's
 * wiring (-no-hpet, QOM path, GSIs).
 */
#include "devices/apic.h"
#include "devices/hpet.h"
#include "machine/irq.h"
#include "machine/sysbus.h"
#include "pc-internal.h"
#include "pc-test.h"
#include "util/timer.h"

#define ATTRS MEMTXATTRS_UNSPECIFIED

#define HPET_CFG 0x010
#define HPET_ISR 0x020
#define HPET_COUNTER 0x0f0
#define TN_CFG(n) (0x100 + 0x20 * (n))
#define TN_CMP(n) (0x108 + 0x20 * (n))
#define TN_CMP_HI(n) (0x10c + 0x20 * (n))
#define TN_FSB(n) (0x110 + 0x20 * (n))
#define TN_FSB_HI(n) (0x114 + 0x20 * (n))

#define CFG_ENABLE 0x1
#define CFG_LEGACY 0x2
#define TN_LEVEL (1u << 1)
#define TN_ENABLE (1u << 2)
#define TN_PERIODIC (1u << 3)
#define TN_SETVAL (1u << 6)
#define TN_32BIT (1u << 8)
#define TN_ROUTE(r) ((uint32_t)(r) << 9)
#define TN_FSB_ENABLE (1u << 14)

#define TICK_NS 10

/* ---- Lines the HPET drives, caught here ---- */

/* Routes 0..31, then the PIT-enable output. */
#define NLINES (HPET_NUM_IRQ_ROUTES + 1)
#define PIT_ENABLE_LINE HPET_NUM_IRQ_ROUTES

static int line_level[NLINES];
static int line_rises[NLINES];
static qemu_irq lines[NLINES];

/* The next rise of this line takes this long to deliver (0: none). */
static int slow_line = -1;
static int64_t slow_ns;

static void line_handler(void *opaque, int n, int level)
{
    if (level && !line_level[n]) {
        line_rises[n]++;
        if (n == slow_line) {
            /*
             * Virtual time goes on while the interrupt is delivered (the
             * timer that fired is off the list until it re-arms).
             */
            slow_line = -1;
            qemu_clock_advance_virtual_time(
                qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + slow_ns);
        }
    }
    line_level[n] = level;
}

/* FSB messages, caught by a region over the local APIC's window. */
#define MSI_BASE 0xfee00000
static MemoryRegion msi_window;
static bool msi_window_live;
static uint64_t msi_addr;
static uint32_t msi_data;
static int msi_count;

static uint64_t msi_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void msi_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    msi_addr = MSI_BASE + addr;
    msi_data = val;
    msi_count++;
}

static const MemoryRegionOps msi_ops = {
    .read = msi_read,
    .write = msi_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 4, .max_access_size = 4},
};

static DeviceState *hpet_device(void)
{
    return DEVICE(object_resolve_path_type("", TYPE_HPET, NULL));
}

/*
 * A pc machine reset as the program resets it, its virtual clock moved
 * by the test, and the HPET's outputs rewired to the counting lines.
 */
static DeviceState *build_with(const char *machine, const char *const *keys)
{
    PCTestArgs a = {.machine = machine, .keys = keys};
    DeviceState *hpet;
    int i;

    qemu_clock_set_virtual_mode(QEMU_VIRTUAL_CLOCK_MANUAL);
    pc_test_build(&a);
    qemu_devices_reset();
    hpet = hpet_device();
    if (!hpet) {
        return NULL;
    }
    for (i = 0; i < NLINES; i++) {
        lines[i] = qemu_allocate_irq(line_handler, NULL, i);
        line_level[i] = 0;
        line_rises[i] = 0;
    }
    for (i = 0; i < HPET_NUM_IRQ_ROUTES; i++) {
        sysbus_connect_irq(SYS_BUS_DEVICE(hpet), i, lines[i]);
    }
    qdev_connect_gpio_out(hpet, 0, lines[PIT_ENABLE_LINE]);
    memory_region_init_io(&msi_window, NULL, &msi_ops, NULL, "test-msi",
                          0x100000);
    /* Over the board's local APIC window (devices/apic.h), to see them. */
    memory_region_add_subregion_overlap(get_system_memory(), MSI_BASE,
                                        &msi_window, APIC_MSI_PRIORITY + 1);
    msi_window_live = true;
    msi_count = 0;
    return hpet;
}

static DeviceState *build(void)
{
    return build_with("pc", NULL);
}

static int teardown(void **state)
{
    int i;

    if (msi_window_live) {
        memory_region_del_subregion(get_system_memory(), &msi_window);
        memory_region_destroy(&msi_window);
        msi_window_live = false;
    }
    pc_test_teardown(state);
    for (i = 0; i < NLINES; i++) {
        if (lines[i]) {
            qemu_free_irq(lines[i]);
            lines[i] = NULL;
        }
    }
    return 0;
}

#define hpet_test(f) cmocka_unit_test_teardown(f, teardown)

static uint32_t rd(hwaddr off)
{
    return address_space_ldl_le(&address_space_memory, HPET_BASE + off, ATTRS,
                                NULL);
}

static void wr(hwaddr off, uint32_t val)
{
    address_space_stl_le(&address_space_memory, HPET_BASE + off, val, ATTRS,
                         NULL);
}

static void step(int64_t ns)
{
    qemu_clock_advance_virtual_time(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + ns);
}

static void set_cmp(int n, uint64_t cmp)
{
    wr(TN_CMP(n), (uint32_t)cmp);
    wr(TN_CMP_HI(n), cmp >> 32);
}

/* ---- The board ---- */

static void test_board_wiring(void **state)
{
    DeviceState *hpet;
    Object *obj;
    PCTestArgs a = {.machine = "pc"};
    MachineState *ms = pc_test_build(&a);
    g_autofree char *path = NULL;
    int i;

    hpet = hpet_device();
    assert_non_null(hpet);
    /* QEMU's path: an unattached device. */
    obj = OBJECT(hpet);
    path = object_get_canonical_path(obj);
    assert_true(g_str_has_prefix(path, "/machine/unattached/device["));
    assert_int_equal(SYS_BUS_DEVICE(hpet)->mmio[0].addr, HPET_BASE);
    assert_int_equal(object_property_get_uint(obj, HPET_INTCAP, NULL), 0x4);
    for (i = 0; i < GSI_NUM_PINS; i++) {
        assert_ptr_equal(sysbus_get_connected_irq(SYS_BUS_DEVICE(hpet), i),
                         X86_MACHINE(ms)->gsi[i]);
    }
    assert_false(sysbus_is_irq_connected(SYS_BUS_DEVICE(hpet), GSI_NUM_PINS));
    /* fw_cfg's table: one HPET, filled at reset. */
    qemu_devices_reset();
    assert_int_equal(hpet_fw_config()->count, 1);
    assert_int_equal(hpet_fw_config()->hpet[0].event_timer_block_id,
                     0x8086a201);
    assert_int_equal(hpet_fw_config()->hpet[0].address, HPET_BASE);
    assert_int_equal(sizeof(struct hpet_fw_config), 121);
}

static void test_no_hpet(void **state)
{
    static const char *const keys[] = {"hpet", "off", NULL};

    assert_null(build_with("pc", keys));
    /* fw_cfg's count says "none" once the last HPET is gone. */
    assert_int_equal(hpet_fw_config()->count, UINT8_MAX);
}

/* QEMU's hw_compat_2_11: hpet-offset-saved off (migration only). */
static void test_compat(void **state)
{
    DeviceState *hpet = build_with("pc-i440fx-2.11", NULL);

    assert_false(
        object_property_get_bool(OBJECT(hpet), "hpet-offset-saved", NULL));
    teardown(NULL);
    hpet = build_with("pc-i440fx-2.12", NULL);
    assert_true(
        object_property_get_bool(OBJECT(hpet), "hpet-offset-saved", NULL));
}

/* ---- Interrupts ---- */

static void test_edge_oneshot(void **state)
{
    build();
    wr(TN_CFG(0), TN_ROUTE(2) | TN_ENABLE);
    set_cmp(0, 50);
    wr(HPET_CFG, CFG_ENABLE);
    step(50 * TICK_NS - 1);
    assert_int_equal(line_rises[2], 0);
    step(1);
    /* A pulse: up and down again; no status for edge timers. */
    assert_int_equal(line_rises[2], 1);
    assert_int_equal(line_level[2], 0);
    assert_int_equal(rd(HPET_ISR), 0);
    /* 64-bit one-shot: the next match would be 2^64 ticks away. */
    step(1000000000);
    assert_int_equal(line_rises[2], 1);
    /* Interrupt disabled: the timer runs, nothing leaves it. */
    wr(TN_CFG(0), TN_ROUTE(2));
    set_cmp(0, rd(HPET_COUNTER) + 10);
    step(100 * TICK_NS);
    assert_int_equal(line_rises[2], 1);
}

static void test_edge_periodic(void **state)
{
    build();
    wr(TN_CFG(0), TN_ROUTE(2) | TN_ENABLE | TN_PERIODIC | TN_SETVAL);
    wr(TN_CMP_HI(0), 0);
    wr(TN_CFG(0), TN_ROUTE(2) | TN_ENABLE | TN_PERIODIC | TN_SETVAL);
    wr(TN_CMP(0), 100);
    wr(TN_CMP(0), 100);
    wr(HPET_CFG, CFG_ENABLE);
    step(1000 * TICK_NS);
    /* Matches at 100, 200, ..., 1000. */
    assert_int_equal(line_rises[2], 10);
    assert_int_equal(rd(TN_CMP(0)), 1100);
    /* Halted, nothing fires; enabled again, it goes on. */
    wr(HPET_CFG, 0);
    step(100000);
    assert_int_equal(line_rises[2], 10);
    wr(HPET_CFG, CFG_ENABLE);
    step(100 * TICK_NS);
    assert_int_equal(line_rises[2], 11);
}

/*
 * A delivery that takes longer than a period (a loaded host: the main
 * loop preempted while it raises the interrupt) must not leave the
 * periodic comparator behind the counter, where it would only match
 * after the 32-bit wrap, 43 s on.  Linux's check_timer() panicked so.
 */
static void test_periodic_slow_delivery(void **state)
{
    build();
    wr(TN_CFG(0), TN_ROUTE(2) | TN_ENABLE | TN_32BIT | TN_PERIODIC | TN_SETVAL);
    wr(TN_CMP(0), 100);
    wr(TN_CMP(0), 100);
    slow_line = 2;
    slow_ns = 150 * TICK_NS;
    wr(HPET_CFG, CFG_ENABLE);
    /* 100 (delivered at 250), the missed 200 at once, then 300 ... 1000. */
    step(1000 * TICK_NS);
    assert_int_equal(line_rises[2], 10);
    assert_int_equal(rd(TN_CMP(0)), 1100);
}

/* A 32-bit comparator behind the counter matches after the wrap. */
static void test_comparator_behind(void **state)
{
    build();
    wr(HPET_COUNTER, 1000);
    wr(TN_CFG(0), TN_ROUTE(2) | TN_ENABLE | TN_32BIT | TN_PERIODIC | TN_SETVAL);
    wr(TN_CMP(0), 500);
    wr(TN_CMP(0), 0);
    wr(HPET_CFG, CFG_ENABLE);
    /*
     * Periodic (period 0: the comparator stays), so no wrap interrupt:
     * the match, 2^32 - 500 ticks away.
     */
    step(((1ULL << 32) - 501) * TICK_NS);
    assert_int_equal(line_rises[2], 0);
    step(TICK_NS);
    assert_int_equal(line_rises[2], 1);
}

static void test_fsb_message(void **state)
{
    build();
    wr(TN_FSB(1), 0x4041);
    wr(TN_FSB_HI(1), 0xfee01000);
    wr(TN_CFG(1), TN_ROUTE(2) | TN_ENABLE | TN_LEVEL | TN_FSB_ENABLE);
    set_cmp(1, 10);
    wr(HPET_CFG, CFG_ENABLE);
    step(10 * TICK_NS);
    assert_int_equal(msi_count, 1);
    assert_int_equal(msi_addr, 0xfee01000);
    assert_int_equal(msi_data, 0x4041);
    /* Delivered by message: no status, no line. */
    assert_int_equal(rd(HPET_ISR), 0);
    assert_int_equal(line_rises[2], 0);
}

/* Routes 16-23 are PIRQ pins, inverted inside the ICH (QEMU's model). */
static void test_pirq_route_inverted(void **state)
{
    DeviceState *hpet = build();
    wr(TN_CFG(0), TN_ROUTE(20) | TN_ENABLE | TN_LEVEL);
    set_cmp(0, 10);
    wr(HPET_CFG, CFG_ENABLE);
    step(10 * TICK_NS);
    assert_int_equal(rd(HPET_ISR), 1);
    assert_int_equal(line_level[20], 0);
    wr(HPET_ISR, 1);
    assert_int_equal(line_level[20], 1);
    /*
     * A reset lets the route go: low, as at power-on before any timer
     * used it (the device fuzzer's hpet/hpet-pirq-route-high-after-reset).
     */
    device_cold_reset(hpet);
    assert_int_equal(line_level[20], 0);
}

/* The route field moves a held level with it. */
static void test_route_change(void **state)
{
    build();
    wr(TN_CFG(2), TN_ROUTE(2) | TN_ENABLE | TN_LEVEL);
    set_cmp(2, 10);
    wr(HPET_CFG, CFG_ENABLE);
    step(10 * TICK_NS);
    assert_int_equal(line_level[2], 1);
    wr(TN_CFG(2), TN_ROUTE(5) | TN_ENABLE | TN_LEVEL);
    assert_int_equal(line_level[2], 0);
    assert_int_equal(line_level[5], 1);
    /* Edge-triggered now: the level goes. */
    wr(TN_CFG(2), TN_ROUTE(5) | TN_ENABLE);
    assert_int_equal(line_level[5], 0);
}

/* ---- The PIT's and the RTC's interrupts ---- */

static void test_legacy_inputs(void **state)
{
    DeviceState *hpet = build();
    qemu_irq pit = qdev_get_gpio_in(hpet, HPET_LEGACY_PIT_INT);
    qemu_irq rtc = qdev_get_gpio_in(hpet, HPET_LEGACY_RTC_INT);

    /* Passed on to IRQ 0 and 8 while legacy replacement is off. */
    qemu_irq_raise(pit);
    qemu_irq_raise(rtc);
    assert_int_equal(line_level[0], 1);
    assert_int_equal(line_level[8], 1);
    qemu_irq_lower(pit);
    assert_int_equal(line_level[0], 0);
    /* On: both lines drop, the PIT is told to stop. */
    wr(HPET_CFG, CFG_LEGACY);
    assert_int_equal(line_level[8], 0);
    assert_int_equal(line_level[PIT_ENABLE_LINE], 0);
    qemu_irq_raise(pit);
    qemu_irq_lower(rtc);
    qemu_irq_raise(rtc);
    assert_int_equal(line_level[0], 0);
    assert_int_equal(line_rises[8], 1);
    /* Off again: the PIT resumes, the RTC's level shows. */
    wr(HPET_CFG, 0);
    assert_int_equal(line_level[PIT_ENABLE_LINE], 1);
    assert_int_equal(line_level[8], 1);
    /* Reset in legacy mode gives the PIT back too. */
    wr(HPET_CFG, CFG_LEGACY);
    assert_int_equal(line_level[PIT_ENABLE_LINE], 0);
    device_cold_reset(hpet);
    assert_int_equal(line_level[PIT_ENABLE_LINE], 1);
    assert_int_equal(rd(HPET_CFG), 0);
}

/* Reset: timers stop, held lines drop, registers come back. */
static void test_reset(void **state)
{
    DeviceState *hpet = build();

    wr(TN_CFG(0), TN_ROUTE(3) | TN_ENABLE | TN_LEVEL);
    set_cmp(0, 10);
    wr(TN_CFG(1), TN_ROUTE(4) | TN_ENABLE);
    set_cmp(1, 20);
    /* QEMU's reset keeps the FSB registers; emu's clears them. */
    wr(TN_FSB(2), 0x41);
    wr(TN_FSB_HI(2), 0xfee00000);
    wr(HPET_CFG, CFG_ENABLE);
    step(15 * TICK_NS);
    assert_int_equal(line_level[3], 1);
    device_cold_reset(hpet);
    assert_int_equal(line_level[3], 0);
    step(1000 * TICK_NS);
    assert_int_equal(line_rises[4], 0);
    assert_int_equal(rd(HPET_COUNTER), 0);
    assert_int_equal(rd(TN_CFG(0)), 0x30);
    assert_int_equal(rd(TN_CMP(1)), 0xffffffff);
    assert_int_equal(rd(TN_FSB(2)), 0);
    assert_int_equal(rd(TN_FSB_HI(2)), 0);
}

/* Guest errors are logged, never fatal. */
static void test_guest_errors(void **state)
{
    uint8_t b = 0x5a;

    build();
    address_space_write(&address_space_memory, HPET_BASE + 0x11, ATTRS, &b, 1);
    address_space_read(&address_space_memory, HPET_BASE + 0x13, ATTRS, &b, 1);
    assert_int_equal(b, 0);
    wr(0x0f8, 1);
    wr(TN_CFG(0) + 0x18, 1);
    assert_int_equal(rd(TN_CFG(0) + 0x18), 0);
    wr(HPET_CFG, CFG_ENABLE);
    wr(HPET_COUNTER, 1234);
    assert_int_equal(rd(HPET_COUNTER), 0);
    assert_int_equal(rd(HPET_CFG), CFG_ENABLE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        hpet_test(test_board_wiring),  hpet_test(test_no_hpet),
        hpet_test(test_compat),        hpet_test(test_edge_oneshot),
        hpet_test(test_edge_periodic), hpet_test(test_comparator_behind),
        hpet_test(test_periodic_slow_delivery),
        hpet_test(test_fsb_message),   hpet_test(test_pirq_route_inverted),
        hpet_test(test_route_change),  hpet_test(test_legacy_inputs),
        hpet_test(test_reset),         hpet_test(test_guest_errors),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
