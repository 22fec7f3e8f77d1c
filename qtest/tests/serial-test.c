/*
 * isa-serial (16550A) at COM1 through libqtest: register reset values,
 * the divisor latch, SCR/LCR/IER read-back, IIR with FIFOs, loopback,
 * and the interrupt line as the pc board's I/O APIC sees it ("irq_
 * intercept_in ioapic": ISA IRQ n is its input n): THRE and RDA
 * interrupts, COM2 on IRQ 3.  Passes against emu and against QEMU
 * (QTEST_QEMU_BINARY).
 *
 * Left out on purpose: the MCR and MSR reset values (emu's MCR resets to
 * 0 as the 16550A data sheet says, QEMU 7.2 gives 0x08 (OUT2) and derives
 * MSR from it).  On a PC, MCR.OUT2 gates the UART's INTR onto the ISA
 * line; neither QEMU 7.2 nor emu models that gate, so the tests set OUT2
 * as PC software does and check the line with OUT2 clear as both give it
 * (ungated), to notice if one of them starts gating.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "qtest/libqtest.h"

#define COM1 0x3f8
#define RBR 0
#define THR 0
#define DLL 0
#define IER 1
#define DLM 1
#define IIR 2
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define SCR 7

#define COM1_IRQ 4
#define COM2 0x2f8
#define COM2_IRQ 3

#define MCR_OUT2 0x08
#define MCR_LOOP 0x10

static QTestState *start(void)
{
    return qtest_init("-M pc -nodefaults -chardev null,id=c0 "
                      "-device isa-serial,chardev=c0");
}

static void test_reset_values(void **state)
{
    QTestState *s = start();

    (void)state;
    assert_int_equal(qtest_inb(s, COM1 + IER), 0x00);
    assert_int_equal(qtest_inb(s, COM1 + IIR), 0x01);
    assert_int_equal(qtest_inb(s, COM1 + LCR), 0x00);
    assert_int_equal(qtest_inb(s, COM1 + LSR), 0x60);
    assert_int_equal(qtest_inb(s, COM1 + SCR), 0x00);
    qtest_quit(s);
}

static void test_divisor_latch(void **state)
{
    QTestState *s = start();

    (void)state;
    qtest_outb(s, COM1 + LCR, 0x83);        /* DLAB, 8N1 */
    assert_int_equal(qtest_inb(s, COM1 + LCR), 0x83);
    qtest_outb(s, COM1 + DLL, 0x0c);        /* 9600 baud */
    qtest_outb(s, COM1 + DLM, 0x01);
    assert_int_equal(qtest_inb(s, COM1 + DLL), 0x0c);
    assert_int_equal(qtest_inb(s, COM1 + DLM), 0x01);
    qtest_outb(s, COM1 + LCR, 0x03);
    assert_int_equal(qtest_inb(s, COM1 + LCR), 0x03);
    /* With DLAB clear the same ports are RBR and IER again. */
    assert_int_equal(qtest_inb(s, COM1 + IER), 0x00);
    qtest_quit(s);
}

static void test_scr_ier_readback(void **state)
{
    QTestState *s = start();

    (void)state;
    qtest_outb(s, COM1 + SCR, 0xa5);
    assert_int_equal(qtest_inb(s, COM1 + SCR), 0xa5);
    qtest_outb(s, COM1 + SCR, 0x5a);
    assert_int_equal(qtest_inb(s, COM1 + SCR), 0x5a);
    qtest_outb(s, COM1 + IER, 0x05);
    assert_int_equal(qtest_inb(s, COM1 + IER), 0x05);
    qtest_outb(s, COM1 + IER, 0x00);
    assert_int_equal(qtest_inb(s, COM1 + IER), 0x00);
    qtest_quit(s);
}

static void test_fifo_iir(void **state)
{
    QTestState *s = start();

    (void)state;
    qtest_outb(s, COM1 + FCR, 0x07);        /* enable and clear FIFOs */
    assert_int_equal(qtest_inb(s, COM1 + IIR), 0xc1);
    qtest_outb(s, COM1 + FCR, 0x00);
    assert_int_equal(qtest_inb(s, COM1 + IIR), 0x01);
    qtest_quit(s);
}

/*
 * The THRE interrupt as IIR shows it: pending once IER enables it, then
 * cleared by the IIR read that reported it.
 */
static void test_thre_iir(void **state)
{
    QTestState *s = start();

    (void)state;
    qtest_outb(s, COM1 + IER, 0x02);
    assert_int_equal(qtest_inb(s, COM1 + IIR), 0x02);
    assert_int_equal(qtest_inb(s, COM1 + IIR), 0x01);
    qtest_outb(s, COM1 + THR, 0x55);        /* to the null chardev */
    assert_int_equal(qtest_inb(s, COM1 + LSR), 0x60);
    assert_int_equal(qtest_inb(s, COM1 + IIR), 0x02);
    assert_int_equal(qtest_inb(s, COM1 + IIR), 0x01);
    qtest_outb(s, COM1 + IER, 0x00);
    qtest_quit(s);
}

static void test_loopback(void **state)
{
    QTestState *s = start();

    (void)state;
    qtest_outb(s, COM1 + LCR, 0x03);
    qtest_outb(s, COM1 + MCR, 0x10);        /* loopback */
    assert_int_equal(qtest_inb(s, COM1 + MCR), 0x10);
    qtest_outb(s, COM1 + THR, 0x42);
    assert_int_equal(qtest_inb(s, COM1 + LSR) & 0x61, 0x61);
    assert_int_equal(qtest_inb(s, COM1 + RBR), 0x42);
    assert_int_equal(qtest_inb(s, COM1 + LSR) & 0x01, 0x00);
    qtest_quit(s);
}

/* COM1 with its ISA line reported by the I/O APIC's interception. */
static QTestState *start_irq(void)
{
    QTestState *s = start();

    qtest_irq_intercept_in(s, "ioapic");
    return s;
}

/*
 * THRE: the line rises when IER enables the interrupt with THR empty,
 * falls when the IIR read reports it, rises again once a written byte
 * has left, and falls when IER is cleared.
 */
static void test_thre_irq(void **state)
{
    QTestState *s = start_irq();

    (void)state;
    qtest_outb(s, COM1 + MCR, MCR_OUT2);
    assert_false(qtest_get_irq(s, COM1_IRQ));
    qtest_outb(s, COM1 + IER, 0x02);
    assert_true(qtest_get_irq(s, COM1_IRQ));
    assert_int_equal(qtest_inb(s, COM1 + IIR), 0x02);
    assert_false(qtest_get_irq(s, COM1_IRQ));
    qtest_outb(s, COM1 + THR, 0x55);        /* to the null chardev */
    assert_true(qtest_get_irq(s, COM1_IRQ));
    qtest_outb(s, COM1 + IER, 0x00);
    assert_false(qtest_get_irq(s, COM1_IRQ));
    /* Ungated by OUT2 in both QEMU and emu (see the top). */
    qtest_outb(s, COM1 + MCR, 0x00);
    qtest_outb(s, COM1 + IER, 0x02);
    assert_true(qtest_get_irq(s, COM1_IRQ));
    qtest_outb(s, COM1 + IER, 0x00);
    assert_false(qtest_get_irq(s, COM1_IRQ));
    qtest_quit(s);
}

/* RDA in loopback: a byte written comes back and raises the line. */
static void test_rda_irq_loopback(void **state)
{
    QTestState *s = start_irq();

    (void)state;
    qtest_outb(s, COM1 + LCR, 0x03);
    qtest_outb(s, COM1 + MCR, MCR_LOOP | MCR_OUT2);
    qtest_outb(s, COM1 + IER, 0x01);
    assert_false(qtest_get_irq(s, COM1_IRQ));
    qtest_outb(s, COM1 + THR, 0x42);
    assert_true(qtest_get_irq(s, COM1_IRQ));
    assert_int_equal(qtest_inb(s, COM1 + IIR), 0x04);
    /* Reading IIR does not clear RDA: reading RBR does. */
    assert_true(qtest_get_irq(s, COM1_IRQ));
    assert_int_equal(qtest_inb(s, COM1 + RBR), 0x42);
    assert_false(qtest_get_irq(s, COM1_IRQ));
    /* Pending data with RDA then disabled: IER clears the line. */
    qtest_outb(s, COM1 + THR, 0x43);
    assert_true(qtest_get_irq(s, COM1_IRQ));
    qtest_outb(s, COM1 + IER, 0x00);
    assert_false(qtest_get_irq(s, COM1_IRQ));
    assert_int_equal(qtest_inb(s, COM1 + IIR), 0x01);
    assert_int_equal(qtest_inb(s, COM1 + RBR), 0x43);
    qtest_quit(s);
}

/* The second port (index 1) is COM2: 0x2f8, IRQ 3. */
static void test_com2_irq(void **state)
{
    QTestState *s = qtest_init("-M pc -nodefaults -chardev null,id=c0 "
                               "-chardev null,id=c1 "
                               "-device isa-serial,chardev=c0 "
                               "-device isa-serial,chardev=c1");

    (void)state;
    qtest_irq_intercept_in(s, "ioapic");
    qtest_outb(s, COM2 + MCR, MCR_OUT2);
    qtest_outb(s, COM2 + IER, 0x02);
    assert_true(qtest_get_irq(s, COM2_IRQ));
    assert_false(qtest_get_irq(s, COM1_IRQ));
    qtest_outb(s, COM1 + IER, 0x02);
    assert_true(qtest_get_irq(s, COM1_IRQ));
    qtest_outb(s, COM2 + IER, 0x00);
    assert_false(qtest_get_irq(s, COM2_IRQ));
    assert_true(qtest_get_irq(s, COM1_IRQ));
    qtest_quit(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reset_values),
        cmocka_unit_test(test_divisor_latch),
        cmocka_unit_test(test_scr_ier_readback),
        cmocka_unit_test(test_fifo_iir),
        cmocka_unit_test(test_thre_iir),
        cmocka_unit_test(test_loopback),
        cmocka_unit_test(test_thre_irq),
        cmocka_unit_test(test_rda_irq_loopback),
        cmocka_unit_test(test_com2_irq),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
