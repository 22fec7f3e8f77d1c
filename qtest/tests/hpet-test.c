/*
 * The pc board's HPET (IA-PC HPET 1.0a, QEMU's "hpet" at 0xfed00000)
 * through libqtest: the registers after reset, what a guest may write,
 * the comparator's periodic accumulator (Tn_VAL_SET_CNF), -no-hpet and
 * the properties; with the virtual clock (emu's -accel qtest and
 * clock_step) also the main counter, one-shot and periodic level
 * interrupts, the 32-bit wrap, status write-1-to-clear and legacy
 * replacement routing, as "irq_intercept_in ioapic" sees them.
 *
 * Against QEMU (-accel tcg -S: no clock_step, the virtual clock stands
 * still) the clock-dependent tests skip.  Edge-triggered interrupts are
 * pulses qtest cannot count, and FSB messages go to QEMU's local APIC;
 * libdevices/tests/test-hpet.c covers both on emu.  The interrupt tests
 * use routes whose other drivers stay quiet: IRQ 2 (nothing else on
 * GSI 2), and IRQ 0/8 only in legacy mode, where the HPET holds back
 * the PIT's and the RTC's outputs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "qtest/libqtest.h"

#define HPET_BASE 0xfed00000
#define HPET_ID (HPET_BASE + 0x000)
#define HPET_PERIOD (HPET_BASE + 0x004)
#define HPET_CFG (HPET_BASE + 0x010)
#define HPET_CFG_HI (HPET_BASE + 0x014)
#define HPET_ISR (HPET_BASE + 0x020)
#define HPET_COUNTER (HPET_BASE + 0x0f0)
#define HPET_COUNTER_HI (HPET_BASE + 0x0f4)
#define TN(n) (HPET_BASE + 0x100 + 0x20 * (n))
#define TN_CFG(n) (TN(n) + 0x00)
#define TN_CAP(n) (TN(n) + 0x04)
#define TN_CMP(n) (TN(n) + 0x08)
#define TN_CMP_HI(n) (TN(n) + 0x0c)
#define TN_FSB(n) (TN(n) + 0x10)
#define TN_FSB_HI(n) (TN(n) + 0x14)

/* Vendor 8086, legacy capable, 64-bit counter, 3 timers, revision 1. */
#define ID_3_TIMERS 0x8086a201
/* 10 ns in femtoseconds. */
#define PERIOD_FS 0x00989680

#define CFG_ENABLE 0x1
#define CFG_LEGACY 0x2

#define TN_LEVEL (1u << 1)
#define TN_ENABLE (1u << 2)
#define TN_PERIODIC (1u << 3)
#define TN_PERIODIC_CAP (1u << 4)
#define TN_SIZE_CAP (1u << 5)
#define TN_SETVAL (1u << 6)
#define TN_32BIT (1u << 8)
#define TN_ROUTE(r) ((uint32_t)(r) << 9)
#define TN_FSB_ENABLE (1u << 14)
#define TN_FSB_CAP (1u << 15)
#define TN_CAPS (TN_PERIODIC_CAP | TN_SIZE_CAP)

/* Ticks are 10 ns. */
#define TICK_NS 10

static QTestState *start_machine(const char *machine, const char *args)
{
    return qtest_initf("-M %s -nodefaults %s", machine, args);
}

static QTestState *start_args(const char *args)
{
    return start_machine("pc", args);
}

static QTestState *start(void)
{
    return start_args("");
}

/* A machine whose virtual clock qtest moves (emu); skip the test if not. */
static QTestState *start_clocked(void)
{
    QTestState *s = start();

    if (!qtest_probe_clock(s)) {
        qtest_quit(s);
        skip();
    }
    return s;
}

static uint64_t read64(QTestState *s, uint64_t addr)
{
    return qtest_readl(s, addr) | (uint64_t)qtest_readl(s, addr + 4) << 32;
}

static void assert_timer_reset(QTestState *s, int n, uint32_t intcap)
{
    assert_int_equal(qtest_readl(s, TN_CFG(n)), TN_CAPS);
    assert_int_equal(qtest_readl(s, TN_CAP(n)), intcap);
    assert_int_equal(qtest_readl(s, TN_CMP(n)), 0xffffffff);
    assert_int_equal(qtest_readl(s, TN_CMP_HI(n)), 0xffffffff);
    assert_int_equal(qtest_readl(s, TN_FSB(n)), 0);
    assert_int_equal(qtest_readl(s, TN_FSB_HI(n)), 0);
}

static void assert_reset_state(QTestState *s)
{
    int n;

    assert_int_equal(qtest_readl(s, HPET_ID), ID_3_TIMERS);
    assert_int_equal(qtest_readl(s, HPET_PERIOD), PERIOD_FS);
    assert_int_equal(qtest_readl(s, HPET_CFG), 0);
    assert_int_equal(qtest_readl(s, HPET_CFG_HI), 0);
    assert_int_equal(qtest_readl(s, HPET_ISR), 0);
    assert_int_equal(read64(s, HPET_COUNTER), 0);
    /* pc-i440fx: every timer may route to IRQ 2 only. */
    for (n = 0; n < 3; n++) {
        assert_timer_reset(s, n, 0x4);
    }
}

static void test_reset_values(void **state)
{
    QTestState *s = start();

    (void)state;
    assert_reset_state(s);
    /* A qword read is two dword reads. */
    assert_int_equal(qtest_readq(s, HPET_ID), 0x009896808086a201ULL);
    /* Only aligned dwords: QEMU (and emu) read 0 otherwise. */
    assert_int_equal(qtest_readb(s, HPET_ID), 0);
    assert_int_equal(qtest_readw(s, HPET_ID), 0);
    assert_int_equal(qtest_readl(s, HPET_ID + 2), 0);
    /* Timer 3 does not exist; neither do the reserved registers. */
    assert_int_equal(qtest_readl(s, TN_CFG(3)), 0);
    assert_int_equal(qtest_readl(s, TN_CAP(3)), 0);
    assert_int_equal(qtest_readl(s, HPET_BASE + 0x008), 0);
    assert_int_equal(qtest_readl(s, HPET_BASE + 0x3fc), 0);
    qtest_quit(s);
}

static void test_general_registers(void **state)
{
    QTestState *s = start();

    (void)state;
    /* Capabilities are read-only. */
    qtest_writel(s, HPET_ID, 0xffffffff);
    qtest_writel(s, HPET_PERIOD, 0);
    assert_int_equal(qtest_readl(s, HPET_ID), ID_3_TIMERS);
    assert_int_equal(qtest_readl(s, HPET_PERIOD), PERIOD_FS);
    /* Configuration: enable and legacy replacement, nothing else. */
    qtest_writel(s, HPET_CFG, 0xfffffffc);
    assert_int_equal(qtest_readl(s, HPET_CFG), 0);
    qtest_writel(s, HPET_CFG, CFG_LEGACY);
    assert_int_equal(qtest_readl(s, HPET_CFG), CFG_LEGACY);
    qtest_writel(s, HPET_CFG_HI, 0xffffffff);
    assert_int_equal(qtest_readl(s, HPET_CFG_HI), 0);
    qtest_writel(s, HPET_CFG, 0);
    /* Status is write-1-to-clear: nothing to set it from here. */
    qtest_writel(s, HPET_ISR, 0xffffffff);
    assert_int_equal(qtest_readl(s, HPET_ISR), 0);
    /* Narrow writes go nowhere. */
    qtest_writeb(s, HPET_CFG, CFG_LEGACY);
    qtest_writew(s, HPET_CFG, CFG_LEGACY);
    assert_int_equal(qtest_readl(s, HPET_CFG), 0);
    qtest_quit(s);
}

/*
 * The main counter is writable while halted (a qword write is two
 * dwords); enabled, writes are ignored and it counts with the virtual
 * clock, which stands still here: no clock_step.
 */
static void test_counter_writes(void **state)
{
    QTestState *s = start();

    (void)state;
    qtest_writel(s, HPET_COUNTER, 0x11111111);
    qtest_writel(s, HPET_COUNTER_HI, 0x22222222);
    assert_int_equal(read64(s, HPET_COUNTER), 0x2222222211111111ULL);
    qtest_writeq(s, HPET_COUNTER, 0x0102030405060708ULL);
    assert_int_equal(read64(s, HPET_COUNTER), 0x0102030405060708ULL);
    qtest_writel(s, HPET_CFG, CFG_ENABLE);
    qtest_writel(s, HPET_COUNTER, 5);
    assert_int_equal(read64(s, HPET_COUNTER), 0x0102030405060708ULL);
    qtest_writel(s, HPET_CFG, 0);
    assert_int_equal(read64(s, HPET_COUNTER), 0x0102030405060708ULL);
    qtest_writel(s, HPET_COUNTER, 5);
    assert_int_equal(read64(s, HPET_COUNTER), 0x0102030400000005ULL);
    qtest_quit(s);
}

static void test_timer_registers(void **state)
{
    QTestState *s = start();

    (void)state;
    /*
     * Writable: level, enable, periodic, val-set, 32-bit, the route
     * (unchecked against the capability, as QEMU) and FSB enable; the
     * capability bits stay.
     */
    qtest_writel(s, TN_CFG(0), 0xffffffff);
    assert_int_equal(qtest_readl(s, TN_CFG(0)), 0x7f7e);
    qtest_writel(s, TN_CAP(0), 0xffffffff);
    assert_int_equal(qtest_readl(s, TN_CAP(0)), 0x4);
    qtest_writel(s, TN_CFG(0), TN_ROUTE(2));
    assert_int_equal(qtest_readl(s, TN_CFG(0)), TN_ROUTE(2) | TN_CAPS);
    /* Val-set reads back until a comparator write consumes it. */
    qtest_writel(s, TN_CFG(0), TN_SETVAL);
    assert_int_equal(qtest_readl(s, TN_CFG(0)), TN_SETVAL | TN_CAPS);

    /* One-shot, 64-bit: both halves of the comparator are the guest's. */
    qtest_writel(s, TN_CFG(0), 0);
    qtest_writel(s, TN_CMP(0), 0x12345678);
    qtest_writel(s, TN_CMP_HI(0), 0x9abcdef0);
    assert_int_equal(read64(s, TN_CMP(0)), 0x9abcdef012345678ULL);
    /* 32-bit mode truncates the comparator. */
    qtest_writel(s, TN_CFG(1), TN_32BIT);
    assert_int_equal(read64(s, TN_CMP(1)), 0xffffffffULL);
    qtest_writel(s, TN_CMP(1), 0xaaaaaaaa);
    assert_int_equal(read64(s, TN_CMP(1)), 0xaaaaaaaaULL);
    /* FSB value and address are plain registers. */
    qtest_writel(s, TN_FSB(2), 0x00000041);
    qtest_writel(s, TN_FSB_HI(2), 0xfee00000);
    assert_int_equal(qtest_readl(s, TN_FSB(2)), 0x41);
    assert_int_equal(qtest_readl(s, TN_FSB_HI(2)), 0xfee00000);
    /* The timers keep their own values. */
    assert_int_equal(qtest_readl(s, TN_CFG(2)), TN_CAPS);
    assert_int_equal(qtest_readl(s, TN_FSB(0)), 0);
    qtest_quit(s);
}

/*
 * Periodic mode: a comparator write sets the period; with Tn_VAL_SET_CNF
 * it sets the comparator (the accumulator) too, and the bit clears.
 */
static void test_periodic_setval(void **state)
{
    QTestState *s = start();
    uint32_t cfg = TN_PERIODIC | TN_ENABLE;

    (void)state;
    qtest_writel(s, TN_CFG(0), cfg | TN_SETVAL);
    qtest_writel(s, TN_CMP(0), 0x1000);
    assert_int_equal(qtest_readl(s, TN_CFG(0)), cfg | TN_CAPS);
    assert_int_equal(read64(s, TN_CMP(0)), 0xffffffff00001000ULL);
    /* Without the bit: the period only. */
    qtest_writel(s, TN_CMP(0), 0x2000);
    qtest_writel(s, TN_CMP_HI(0), 5);
    assert_int_equal(read64(s, TN_CMP(0)), 0xffffffff00001000ULL);
    /* With it, the high half too. */
    qtest_writel(s, TN_CFG(0), cfg | TN_SETVAL);
    qtest_writel(s, TN_CMP_HI(0), 7);
    assert_int_equal(read64(s, TN_CMP(0)), 0x0000000700001000ULL);
    assert_int_equal(qtest_readl(s, TN_CFG(0)), cfg | TN_CAPS);
    qtest_quit(s);
}

/* What -no-hpet leaves at 0xfed00000: memory nothing decodes. */
static void assert_no_hpet(QTestState *s)
{
    uint32_t unassigned = qtest_readl(s, HPET_BASE + 0x10000);

    /* QEMU reads 0 there, emu all-ones (its memory core's choice). */
    assert_true(unassigned == 0 || unassigned == 0xffffffff);
    assert_int_equal(qtest_readl(s, HPET_ID), unassigned);
    assert_int_equal(qtest_readl(s, HPET_PERIOD), unassigned);
}

static void test_no_hpet(void **state)
{
    QTestState *s = start_args("-no-hpet");

    (void)state;
    assert_no_hpet(s);
    qtest_quit(s);
    s = start_args("-machine hpet=off");
    assert_no_hpet(s);
    qtest_quit(s);
}

static void test_properties(void **state)
{
    QTestState *s = start_args("-global hpet.timers=32 "
                               "-global hpet.hpet-intcap=0xff0104");

    (void)state;
    /*
     * 32 timers (field 31); every timer gets the routes given.  The
     * 1 KiB window ends with timer 23: QEMU's too.
     */
    assert_int_equal(qtest_readl(s, HPET_ID), 0x8086bf01);
    assert_timer_reset(s, 23, 0xff0104);
    assert_timer_reset(s, 0, 0xff0104);
    qtest_quit(s);
    /* Out of range: clamped, not refused. */
    s = start_args("-global hpet.timers=40");
    assert_int_equal(qtest_readl(s, HPET_ID), 0x8086bf01);
    qtest_quit(s);
    s = start_args("-global hpet.timers=1 -global hpet.msi=on");
    assert_int_equal(qtest_readl(s, HPET_ID), ID_3_TIMERS);
    assert_int_equal(qtest_readl(s, TN_CFG(0)), TN_FSB_CAP | TN_CAPS);
    assert_int_equal(qtest_readl(s, TN_CFG(2)), TN_FSB_CAP | TN_CAPS);
    qtest_quit(s);
    /* The board's default for intcap applies to old machine types too. */
    s = start_machine("pc-i440fx-2.0", "");
    assert_reset_state(s);
    qtest_quit(s);
}

static void test_system_reset(void **state)
{
    QTestState *s = start();
    int n;

    (void)state;
    qtest_writel(s, HPET_COUNTER, 0x1234);
    qtest_writel(s, HPET_CFG, CFG_ENABLE | CFG_LEGACY);
    /* Not the FSB registers: QEMU's reset keeps them (emu's clears). */
    for (n = 0; n < 3; n++) {
        qtest_writel(s, TN_CFG(n), 0x7f4e);
        qtest_writel(s, TN_CMP(n), 0x100 + n);
    }
    qtest_qmp_assert_success(s, "{\"execute\": \"system_reset\"}");
    qtest_qmp_eventwait(s, "RESET");
    assert_reset_state(s);
    qtest_quit(s);
}

/* ---- With the virtual clock (emu) ---- */

static void test_counter_runs(void **state)
{
    QTestState *s = start_clocked();

    (void)state;
    /* Halted: the counter stands. */
    qtest_clock_step(s, 1000);
    assert_int_equal(read64(s, HPET_COUNTER), 0);
    /* 100 MHz while enabled. */
    qtest_writel(s, HPET_CFG, CFG_ENABLE);
    qtest_clock_step(s, 1000);
    assert_int_equal(read64(s, HPET_COUNTER), 100);
    qtest_clock_step(s, 9);
    assert_int_equal(read64(s, HPET_COUNTER), 100);
    qtest_clock_step(s, 1);
    assert_int_equal(read64(s, HPET_COUNTER), 101);
    /* Halting keeps the value; enabling again counts on from it. */
    qtest_writel(s, HPET_CFG, 0);
    qtest_clock_step(s, 5000);
    assert_int_equal(read64(s, HPET_COUNTER), 101);
    qtest_writel(s, HPET_COUNTER, 0xfffffff0);
    qtest_writel(s, HPET_COUNTER_HI, 0);
    qtest_writel(s, HPET_CFG, CFG_ENABLE | CFG_LEGACY);
    qtest_clock_step(s, 200);
    /* The low half carries into the high half. */
    assert_int_equal(read64(s, HPET_COUNTER), 0x100000004ULL);
    qtest_quit(s);
}

/* Level-triggered one-shot on IRQ 2: status, line, write-1-to-clear. */
static void test_oneshot_level(void **state)
{
    QTestState *s = start_clocked();

    (void)state;
    qtest_irq_intercept_in(s, "ioapic");
    qtest_writel(s, TN_CFG(0), TN_ROUTE(2) | TN_LEVEL | TN_ENABLE);
    qtest_writel(s, TN_CMP(0), 100);
    qtest_writel(s, TN_CMP_HI(0), 0);
    qtest_writel(s, HPET_CFG, CFG_ENABLE);
    qtest_clock_step(s, 100 * TICK_NS - 1);
    assert_int_equal(qtest_readl(s, HPET_ISR), 0);
    assert_false(qtest_get_irq(s, 2));
    qtest_clock_step(s, 1);
    assert_int_equal(qtest_readl(s, HPET_ISR), 1);
    assert_true(qtest_get_irq(s, 2));
    /* One-shot: the comparator stays, and nothing fires again. */
    assert_int_equal(read64(s, TN_CMP(0)), 100);
    qtest_writel(s, HPET_ISR, 1);
    assert_int_equal(qtest_readl(s, HPET_ISR), 0);
    assert_false(qtest_get_irq(s, 2));
    qtest_clock_step(s, 100000);
    assert_int_equal(qtest_readl(s, HPET_ISR), 0);

    /*
     * Interrupt disabled: the timer still sets its status (HPET 2.3.8),
     * the line stays low until the interrupt is enabled.
     */
    qtest_writel(s, TN_CFG(0), TN_ROUTE(2) | TN_LEVEL);
    qtest_writel(s, TN_CMP(0), 10200);
    qtest_clock_step(s, 200 * TICK_NS);
    assert_int_equal(qtest_readl(s, HPET_ISR), 1);
    assert_false(qtest_get_irq(s, 2));
    qtest_writel(s, TN_CFG(0), TN_ROUTE(2) | TN_LEVEL | TN_ENABLE);
    assert_true(qtest_get_irq(s, 2));
    /* Halting the HPET lowers it; the status bit stays. */
    qtest_writel(s, HPET_CFG, 0);
    assert_false(qtest_get_irq(s, 2));
    assert_int_equal(qtest_readl(s, HPET_ISR), 1);
    qtest_writel(s, HPET_CFG, CFG_ENABLE);
    assert_true(qtest_get_irq(s, 2));
    qtest_writel(s, HPET_ISR, 1);
    assert_false(qtest_get_irq(s, 2));
    qtest_quit(s);
}

/* Periodic: the comparator advances by the period at every match. */
static void test_periodic(void **state)
{
    QTestState *s = start_clocked();
    uint32_t cfg = TN_ROUTE(2) | TN_LEVEL | TN_ENABLE | TN_PERIODIC;
    int i;

    (void)state;
    qtest_irq_intercept_in(s, "ioapic");
    /* Comparator 50 (both halves need the bit), then period 30. */
    qtest_writel(s, TN_CFG(2), cfg | TN_SETVAL);
    qtest_writel(s, TN_CMP_HI(2), 0);
    qtest_writel(s, TN_CFG(2), cfg | TN_SETVAL);
    qtest_writel(s, TN_CMP(2), 50);
    qtest_writel(s, TN_CMP(2), 30);
    qtest_writel(s, HPET_CFG, CFG_ENABLE);
    qtest_clock_step(s, 50 * TICK_NS);
    for (i = 0; i < 4; i++) {
        assert_int_equal(qtest_readl(s, HPET_ISR), 1u << 2);
        assert_true(qtest_get_irq(s, 2));
        assert_int_equal(read64(s, TN_CMP(2)), 50 + 30 * (i + 1));
        qtest_writel(s, HPET_ISR, 1u << 2);
        assert_false(qtest_get_irq(s, 2));
        qtest_clock_step(s, 30 * TICK_NS - 1);
        assert_int_equal(qtest_readl(s, HPET_ISR), 0);
        qtest_clock_step(s, 1);
    }
    qtest_quit(s);
}

/* A 32-bit one-shot timer interrupts at its match and at the wrap. */
static void test_32bit_wrap(void **state)
{
    QTestState *s = start_clocked();

    (void)state;
    qtest_irq_intercept_in(s, "ioapic");
    qtest_writel(s, HPET_COUNTER, 0xffffff00);
    qtest_writel(s, TN_CFG(1), TN_ROUTE(2) | TN_LEVEL | TN_ENABLE | TN_32BIT);
    qtest_writel(s, TN_CMP(1), 0x80);
    qtest_writel(s, HPET_CFG, CFG_ENABLE);
    /* 0x100 ticks to the wrap. */
    qtest_clock_step(s, 0x100 * TICK_NS - 1);
    assert_int_equal(qtest_readl(s, HPET_ISR), 0);
    qtest_clock_step(s, 1);
    assert_int_equal(qtest_readl(s, HPET_ISR), 1u << 1);
    assert_int_equal(read64(s, HPET_COUNTER), 0x100000000ULL);
    qtest_writel(s, HPET_ISR, 1u << 1);
    /* Then the low half matches the comparator. */
    qtest_clock_step(s, 0x80 * TICK_NS - 1);
    assert_int_equal(qtest_readl(s, HPET_ISR), 0);
    qtest_clock_step(s, 1);
    assert_int_equal(qtest_readl(s, HPET_ISR), 1u << 1);
    assert_true(qtest_get_irq(s, 2));
    qtest_quit(s);
}

/*
 * Legacy replacement: timer 0 on IRQ 0 and timer 1 on IRQ 8 whatever
 * their route fields say; switching it off moves them back.
 */
static void test_legacy_routing(void **state)
{
    QTestState *s = start_clocked();
    uint32_t cfg = TN_ROUTE(2) | TN_LEVEL | TN_ENABLE;

    (void)state;
    qtest_irq_intercept_in(s, "ioapic");
    qtest_writel(s, TN_CFG(0), cfg);
    qtest_writel(s, TN_CMP(0), 10);
    qtest_writel(s, TN_CMP_HI(0), 0);
    qtest_writel(s, TN_CFG(1), cfg);
    qtest_writel(s, TN_CMP(1), 20);
    qtest_writel(s, TN_CMP_HI(1), 0);
    qtest_writel(s, HPET_CFG, CFG_ENABLE | CFG_LEGACY);
    qtest_clock_step(s, 10 * TICK_NS);
    assert_int_equal(qtest_readl(s, HPET_ISR), 1);
    assert_true(qtest_get_irq(s, 0));
    assert_false(qtest_get_irq(s, 8));
    assert_false(qtest_get_irq(s, 2));
    qtest_clock_step(s, 10 * TICK_NS);
    assert_int_equal(qtest_readl(s, HPET_ISR), 3);
    assert_true(qtest_get_irq(s, 8));
    /* Each status bit drops its own line. */
    qtest_writel(s, HPET_ISR, 1);
    assert_false(qtest_get_irq(s, 0));
    assert_true(qtest_get_irq(s, 8));
    /* Back to the route field: timer 1's assertion moves to IRQ 2. */
    qtest_writel(s, HPET_CFG, CFG_ENABLE);
    assert_false(qtest_get_irq(s, 8));
    assert_true(qtest_get_irq(s, 2));
    qtest_writel(s, HPET_ISR, 2);
    assert_false(qtest_get_irq(s, 2));
    qtest_quit(s);
}

/* Reset stops the timers and drops the lines. */
static void test_reset_running(void **state)
{
    QTestState *s = start_clocked();

    (void)state;
    qtest_irq_intercept_in(s, "ioapic");
    qtest_writel(s, TN_CFG(0), TN_ROUTE(2) | TN_LEVEL | TN_ENABLE);
    qtest_writel(s, TN_CMP(0), 10);
    qtest_writel(s, TN_CMP_HI(0), 0);
    qtest_writel(s, TN_CFG(1), TN_ROUTE(2) | TN_LEVEL | TN_ENABLE);
    qtest_writel(s, TN_CMP(1), 1000);
    qtest_writel(s, TN_CMP_HI(1), 0);
    qtest_writel(s, HPET_CFG, CFG_ENABLE);
    qtest_clock_step(s, 100);
    assert_true(qtest_get_irq(s, 2));
    qtest_qmp_assert_success(s, "{\"execute\": \"system_reset\"}");
    qtest_qmp_eventwait(s, "RESET");
    assert_false(qtest_get_irq(s, 2));
    assert_reset_state(s);
    qtest_clock_step(s, 100000);
    assert_int_equal(qtest_readl(s, HPET_ISR), 0);
    assert_int_equal(read64(s, HPET_COUNTER), 0);
    qtest_quit(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reset_values),
        cmocka_unit_test(test_general_registers),
        cmocka_unit_test(test_counter_writes),
        cmocka_unit_test(test_timer_registers),
        cmocka_unit_test(test_periodic_setval),
        cmocka_unit_test(test_no_hpet),
        cmocka_unit_test(test_properties),
        cmocka_unit_test(test_system_reset),
        cmocka_unit_test(test_counter_runs),
        cmocka_unit_test(test_oneshot_level),
        cmocka_unit_test(test_periodic),
        cmocka_unit_test(test_32bit_wrap),
        cmocka_unit_test(test_legacy_routing),
        cmocka_unit_test(test_reset_running),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
