/*
 * The pc board's I/O APIC (82093AA with the ICH's EOI register, QEMU's
 * "ioapic" at 0xfec00000) through libqtest: reset values, IOREGSEL, the
 * ID, version and arbitration registers, redirection entries and their
 * read-only bits, the inputs as "irq_intercept_in ioapic" reports them,
 * and remote IRR with the EOI register.  Passes against emu and QEMU.
 *
 * An isa-serial port is the interrupt source: its THRE interrupt (IER
 * bit 1) holds its ISA line high until IER is cleared, and ISA IRQ n is
 * I/O APIC input n.  Left out: the delivered messages themselves (QEMU
 * hands them to its local APIC, which qtest cannot read) and entries
 * switched to level-triggered while their input is already high (QEMU
 * samples inputs only when they change, the 82093AA senses the level);
 * libdevices/tests/test-ioapic.c covers both on emu.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "qtest/libqtest.h"

#define IOAPIC_BASE 0xfec00000
#define IOREGSEL (IOAPIC_BASE + 0x00)
#define IOWIN (IOAPIC_BASE + 0x10)
#define EOIR (IOAPIC_BASE + 0x40)

#define REG_ID 0x00
#define REG_VER 0x01
#define REG_ARB 0x02
#define REG_REDTBL(n) (0x10 + 2 * (n))
#define NUM_PINS 24

/* Redirection entry bits (82093AA 3.2.4). */
#define RTE_POLARITY_LOW (1u << 13)
#define RTE_REMOTE_IRR (1u << 14)
#define RTE_LEVEL (1u << 15)
#define RTE_MASKED (1u << 16)

/* The serial port driving ISA IRQ 5 (no pc device uses that line). */
#define UART 0x3e8
#define UART_IRQ 5
#define UART_IER (UART + 1)
#define VEC 0x35

static QTestState *start_args(const char *machine)
{
    return qtest_initf("-M %s -nodefaults -chardev null,id=c0 "
                       "-device isa-serial,chardev=c0,iobase=0x%x,irq=%d",
                       machine, UART, UART_IRQ);
}

static QTestState *start(void)
{
    return start_args("pc");
}

static uint32_t reg_read(QTestState *s, uint8_t reg)
{
    qtest_writel(s, IOREGSEL, reg);
    return qtest_readl(s, IOWIN);
}

static void reg_write(QTestState *s, uint8_t reg, uint32_t val)
{
    qtest_writel(s, IOREGSEL, reg);
    qtest_writel(s, IOWIN, val);
}

/* The serial port's line: up while THRE interrupts are enabled. */
static void uart_line(QTestState *s, bool up)
{
    qtest_outb(s, UART_IER, up ? 0x02 : 0x00);
}

static void assert_reset_state(QTestState *s)
{
    int n;

    assert_int_equal(qtest_readl(s, IOREGSEL), 0);
    assert_int_equal(reg_read(s, REG_ID), 0);
    /* Version 0x20, maximum redirection entry 23. */
    assert_int_equal(reg_read(s, REG_VER), 0x00170020);
    assert_int_equal(reg_read(s, REG_ARB), 0);
    for (n = 0; n < NUM_PINS; n++) {
        assert_int_equal(reg_read(s, REG_REDTBL(n)), RTE_MASKED);
        assert_int_equal(reg_read(s, REG_REDTBL(n) + 1), 0);
    }
}

static void test_reset_values(void **state)
{
    QTestState *s = start();

    (void)state;
    assert_reset_state(s);
    /* Undefined registers read 0 (QEMU's answer). */
    assert_int_equal(reg_read(s, 0x03), 0);
    assert_int_equal(reg_read(s, 0x0f), 0);
    assert_int_equal(reg_read(s, REG_REDTBL(NUM_PINS)), 0);
    assert_int_equal(reg_read(s, 0xff), 0);
    qtest_quit(s);
}

/* QEMU 2.7 and older modelled the 82093AA itself: version 0x11. */
static void test_version_compat(void **state)
{
    QTestState *s = start_args("pc-i440fx-2.7");

    (void)state;
    assert_int_equal(reg_read(s, REG_VER), 0x00170011);
    qtest_quit(s);
    s = start_args("pc-i440fx-2.8");
    assert_int_equal(reg_read(s, REG_VER), 0x00170020);
    qtest_quit(s);
}

static void test_ioregsel(void **state)
{
    QTestState *s = start();

    (void)state;
    /* An 8-bit index, whatever the access width. */
    qtest_writel(s, IOREGSEL, 0x1ff);
    assert_int_equal(qtest_readl(s, IOREGSEL), 0xff);
    assert_int_equal(qtest_readb(s, IOREGSEL), 0xff);
    qtest_writew(s, IOREGSEL, 0x1201);
    assert_int_equal(qtest_readl(s, IOREGSEL), 0x01);
    qtest_writeb(s, IOREGSEL, REG_VER);
    assert_int_equal(qtest_readl(s, IOWIN), 0x00170020);
    /* The page repeats every 256 bytes. */
    assert_int_equal(qtest_readl(s, IOREGSEL + 0x100), REG_VER);
    assert_int_equal(qtest_readl(s, IOWIN + 0xf00), 0x00170020);
    qtest_writel(s, IOREGSEL + 0x200, REG_ARB);
    assert_int_equal(qtest_readl(s, IOREGSEL), REG_ARB);
    /* IOWIN is a dword register: narrower accesses do nothing. */
    qtest_writel(s, IOREGSEL, REG_REDTBL(3));
    assert_int_equal(qtest_readb(s, IOWIN), 0);
    assert_int_equal(qtest_readw(s, IOWIN), 0);
    qtest_writeb(s, IOWIN, 0x42);
    qtest_writew(s, IOWIN, 0x4242);
    assert_int_equal(qtest_readl(s, IOWIN), RTE_MASKED);
    qtest_quit(s);
}

static void test_id_arb_version(void **state)
{
    QTestState *s = start();

    (void)state;
    /* Bits 27:24 hold the ID; the arbitration ID follows it. */
    reg_write(s, REG_ID, 0xffffffff);
    assert_int_equal(reg_read(s, REG_ID), 0x0f000000);
    assert_int_equal(reg_read(s, REG_ARB), 0x0f000000);
    reg_write(s, REG_ID, 0x05000000);
    assert_int_equal(reg_read(s, REG_ID), 0x05000000);
    assert_int_equal(reg_read(s, REG_ARB), 0x05000000);
    /* Version and arbitration are read-only. */
    reg_write(s, REG_VER, 0xffffffff);
    assert_int_equal(reg_read(s, REG_VER), 0x00170020);
    reg_write(s, REG_ARB, 0x0a000000);
    assert_int_equal(reg_read(s, REG_ARB), 0x05000000);
    qtest_quit(s);
}

static void test_redirection_entries(void **state)
{
    QTestState *s = start();
    int n;

    (void)state;
    /* Delivery status (12) and remote IRR (14) are read-only. */
    reg_write(s, REG_REDTBL(1), 0xffffffff);
    assert_int_equal(reg_read(s, REG_REDTBL(1)), 0xffffafff);
    reg_write(s, REG_REDTBL(1) + 1, 0xffffffff);
    assert_int_equal(reg_read(s, REG_REDTBL(1) + 1), 0xffffffff);
    reg_write(s, REG_REDTBL(1), 0);
    assert_int_equal(reg_read(s, REG_REDTBL(1)), 0);
    assert_int_equal(reg_read(s, REG_REDTBL(1) + 1), 0xffffffff);

    /* Each entry keeps its own value; the halves are independent. */
    for (n = 0; n < NUM_PINS; n++) {
        reg_write(s, REG_REDTBL(n) + 1, (uint32_t)n << 24);
        reg_write(s, REG_REDTBL(n), RTE_MASKED | RTE_LEVEL | (0x20 + n));
    }
    for (n = 0; n < NUM_PINS; n++) {
        assert_int_equal(reg_read(s, REG_REDTBL(n) + 1), (uint32_t)n << 24);
        assert_int_equal(reg_read(s, REG_REDTBL(n)),
                         RTE_MASKED | RTE_LEVEL | (0x20 + n));
    }
    qtest_quit(s);
}

/* ISA IRQ n reaches I/O APIC input n, whatever the entry says. */
static void test_inputs_intercepted(void **state)
{
    QTestState *s = start();

    (void)state;
    qtest_irq_intercept_in(s, "ioapic");
    assert_false(qtest_get_irq(s, UART_IRQ));
    uart_line(s, true);
    assert_true(qtest_get_irq(s, UART_IRQ));
    assert_false(qtest_get_irq(s, 4));
    uart_line(s, false);
    assert_false(qtest_get_irq(s, UART_IRQ));
    /* Unmasked, edge-triggered: the input is reported the same way. */
    reg_write(s, REG_REDTBL(UART_IRQ), VEC);
    uart_line(s, true);
    assert_true(qtest_get_irq(s, UART_IRQ));
    uart_line(s, false);
    assert_false(qtest_get_irq(s, UART_IRQ));
    qtest_quit(s);
}

/*
 * Level-triggered: sending sets remote IRR; EOI clears it, and sends
 * again (setting it again) while the input is still high.
 */
static void test_level_remote_irr_eoi(void **state)
{
    QTestState *s = start();
    uint8_t r = REG_REDTBL(UART_IRQ);
    uint32_t entry = RTE_LEVEL | RTE_POLARITY_LOW | VEC;

    (void)state;
    reg_write(s, r, entry);
    assert_int_equal(reg_read(s, r), entry);
    uart_line(s, true);
    assert_int_equal(reg_read(s, r), entry | RTE_REMOTE_IRR);
    /* Another vector's EOI changes nothing. */
    qtest_writel(s, EOIR, VEC + 1);
    assert_int_equal(reg_read(s, r), entry | RTE_REMOTE_IRR);
    /* Still high: delivered again at once. */
    qtest_writel(s, EOIR, VEC);
    assert_int_equal(reg_read(s, r), entry | RTE_REMOTE_IRR);
    /* Remote IRR stays until the EOI, input high or not. */
    uart_line(s, false);
    assert_int_equal(reg_read(s, r), entry | RTE_REMOTE_IRR);
    qtest_writel(s, EOIR, VEC);
    assert_int_equal(reg_read(s, r), entry);
    /* A guest's write cannot set or clear it. */
    reg_write(s, r, entry | RTE_REMOTE_IRR);
    assert_int_equal(reg_read(s, r), entry);
    uart_line(s, true);
    reg_write(s, r, entry);
    assert_int_equal(reg_read(s, r), entry | RTE_REMOTE_IRR);
    qtest_quit(s);
}

/*
 * Masked level-triggered inputs are remembered: unmasking with the input
 * high sends.  Edge-triggered ones never set remote IRR, and an edge on
 * a masked pin is lost.
 */
static void test_mask_and_edge(void **state)
{
    QTestState *s = start();
    uint8_t r = REG_REDTBL(UART_IRQ);

    (void)state;
    reg_write(s, r, RTE_MASKED | RTE_LEVEL | VEC);
    uart_line(s, true);
    assert_int_equal(reg_read(s, r), RTE_MASKED | RTE_LEVEL | VEC);
    reg_write(s, r, RTE_LEVEL | VEC);
    assert_int_equal(reg_read(s, r), RTE_REMOTE_IRR | RTE_LEVEL | VEC);
    /* Switching to edge clears remote IRR (software without EOIR). */
    reg_write(s, r, RTE_MASKED | VEC);
    assert_int_equal(reg_read(s, r), RTE_MASKED | VEC);
    uart_line(s, false);
    qtest_writel(s, EOIR, VEC);

    reg_write(s, r, VEC);
    uart_line(s, true);
    assert_int_equal(reg_read(s, r), VEC);
    uart_line(s, false);
    reg_write(s, r, RTE_MASKED | VEC);
    uart_line(s, true);
    reg_write(s, r, VEC);
    assert_int_equal(reg_read(s, r), VEC);
    qtest_quit(s);
}

/* Version 0x11 has no EOI register: only the edge switch clears IRR. */
static void test_no_eoir_on_82093aa(void **state)
{
    QTestState *s = start_args("pc-i440fx-2.7");
    uint8_t r = REG_REDTBL(UART_IRQ);

    (void)state;
    reg_write(s, r, RTE_LEVEL | VEC);
    uart_line(s, true);
    uart_line(s, false);
    assert_int_equal(reg_read(s, r), RTE_REMOTE_IRR | RTE_LEVEL | VEC);
    qtest_writel(s, EOIR, VEC);
    assert_int_equal(reg_read(s, r), RTE_REMOTE_IRR | RTE_LEVEL | VEC);
    reg_write(s, r, RTE_MASKED | VEC);
    reg_write(s, r, RTE_LEVEL | VEC);
    assert_int_equal(reg_read(s, r), RTE_LEVEL | VEC);
    qtest_quit(s);
}

/* The EOI register is a dword register too. */
static void test_eoir_width(void **state)
{
    QTestState *s = start();
    uint8_t r = REG_REDTBL(UART_IRQ);

    (void)state;
    reg_write(s, r, RTE_LEVEL | VEC);
    uart_line(s, true);
    uart_line(s, false);
    qtest_writeb(s, EOIR, VEC);
    qtest_writew(s, EOIR, VEC);
    assert_int_equal(reg_read(s, r), RTE_REMOTE_IRR | RTE_LEVEL | VEC);
    /*
     * Not tested: bits 31:8 set (the ICH datasheet ignores them, as emu
     * does; QEMU compares all 32 bits with the vector).
     */
    qtest_writel(s, EOIR, VEC);
    assert_int_equal(reg_read(s, r), RTE_LEVEL | VEC);
    qtest_quit(s);
}

/* system_reset puts every register back. */
static void test_system_reset(void **state)
{
    QTestState *s = start();
    int n;

    (void)state;
    reg_write(s, REG_ID, 0x03000000);
    for (n = 0; n < NUM_PINS; n++) {
        reg_write(s, REG_REDTBL(n) + 1, 0xff000000);
        reg_write(s, REG_REDTBL(n), RTE_LEVEL | (0x40 + n));
    }
    uart_line(s, true);
    assert_int_equal(reg_read(s, REG_REDTBL(UART_IRQ)),
                     RTE_REMOTE_IRR | RTE_LEVEL | (0x40 + UART_IRQ));
    qtest_writel(s, IOREGSEL, 0x33);
    qtest_qmp_assert_success(s, "{\"execute\": \"system_reset\"}");
    qtest_qmp_eventwait(s, "RESET");
    assert_reset_state(s);
    qtest_quit(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reset_values),
        cmocka_unit_test(test_version_compat),
        cmocka_unit_test(test_ioregsel),
        cmocka_unit_test(test_id_arb_version),
        cmocka_unit_test(test_redirection_entries),
        cmocka_unit_test(test_inputs_intercepted),
        cmocka_unit_test(test_level_remote_irr_eoi),
        cmocka_unit_test(test_mask_and_edge),
        cmocka_unit_test(test_no_eoir_on_82093aa),
        cmocka_unit_test(test_eoir_width),
        cmocka_unit_test(test_system_reset),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
