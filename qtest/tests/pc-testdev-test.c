/*
 * pc-testdev (-device pc-testdev) through libqtest: the 32-bit latch at
 * 0xe0 and its byte view at 0xe8, the flush-page port, the ISA IRQ lines
 * at 0x2000 as "irq_intercept_in ioapic" sees them (ISA IRQ n is I/O
 * APIC input n), and the 64 KiB of memory at 0xff000000.  Passes against
 * emu and QEMU 7.2.
 *
 * Differs on purpose: writes to lines 16-23 (0x2010-0x2017) make QEMU
 * 7.2 abort (the ISA bus has 16 lines); emu logs and ignores them, which
 * only the emu run checks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "qtest/libqtest.h"

#define LATCH 0xe0
#define FLUSH_PAGE 0xe4
#define LATCH_BYTE 0xe8
#define IRQ_LINE 0x2000
#define IOMEM 0xff000000ULL
#define IOMEM_LEN 0x10000

static QTestState *start(void)
{
    return qtest_init("-M pc -nodefaults -device pc-testdev");
}

static bool is_qemu(void)
{
    const char *bin = getenv("QTEST_QEMU_BINARY");

    return bin && *bin;
}

static void test_latch(void **state)
{
    QTestState *s = start();

    (void)state;
    assert_int_equal(qtest_inl(s, LATCH), 0);
    qtest_outl(s, LATCH, 0x12345678);
    assert_int_equal(qtest_inl(s, LATCH), 0x12345678);
    assert_int_equal(qtest_inw(s, LATCH), 0x5678);
    assert_int_equal(qtest_inw(s, LATCH + 2), 0x1234);
    assert_int_equal(qtest_inb(s, LATCH + 1), 0x56);
    assert_int_equal(qtest_inb(s, LATCH + 3), 0x12);
    /* Narrow writes replace their bytes only. */
    qtest_outb(s, LATCH, 0xab);
    assert_int_equal(qtest_inl(s, LATCH), 0x123456ab);
    qtest_outw(s, LATCH + 2, 0xcdef);
    assert_int_equal(qtest_inl(s, LATCH), 0xcdef56ab);
    /* 0xe8 shows the same bytes. */
    for (int i = 0; i < 4; i++) {
        assert_int_equal(qtest_inb(s, LATCH_BYTE + i),
                         (0xcdef56ab >> (8 * i)) & 0xff);
    }
    qtest_outb(s, LATCH_BYTE + 1, 0x77);
    assert_int_equal(qtest_inl(s, LATCH), 0xcdef77ab);
    qtest_outl(s, LATCH_BYTE, 0x11223344);
    assert_int_equal(qtest_inl(s, LATCH), 0x11223344);
    qtest_quit(s);
}

static void test_flush_page(void **state)
{
    QTestState *s = start();

    (void)state;
    /* A page address: taken, and the port still reads 0. */
    qtest_outl(s, FLUSH_PAGE, 0x1000);
    assert_int_equal(qtest_inl(s, FLUSH_PAGE), 0);
    assert_int_equal(qtest_inb(s, FLUSH_PAGE), 0);
    /* Memory is untouched by it. */
    qtest_writel(s, 0x1000, 0xcafe);
    qtest_outl(s, FLUSH_PAGE, 0x1000);
    assert_int_equal(qtest_readl(s, 0x1000), 0xcafe);
    qtest_quit(s);
}

static void test_irq_lines(void **state)
{
    /* Lines no pc device drives with -nodefaults. */
    static const int lines[] = {3, 4, 5, 6, 7, 10, 11};
    QTestState *s = start();

    (void)state;
    qtest_irq_intercept_in(s, "ioapic");
    for (size_t i = 0; i < G_N_ELEMENTS(lines); i++) {
        int n = lines[i];

        assert_false(qtest_get_irq(s, n));
        qtest_outb(s, IRQ_LINE + n, 1);
        assert_true(qtest_get_irq(s, n));
        /* Any non-zero value is high; the port reads 0. */
        qtest_outb(s, IRQ_LINE + n, 0x80);
        assert_true(qtest_get_irq(s, n));
        assert_int_equal(qtest_inb(s, IRQ_LINE + n), 0);
        qtest_outb(s, IRQ_LINE + n, 0);
        assert_false(qtest_get_irq(s, n));
    }
    /* Wider writes set one line per byte. */
    qtest_outw(s, IRQ_LINE + 6, 0x0101);
    assert_true(qtest_get_irq(s, 6));
    assert_true(qtest_get_irq(s, 7));
    qtest_outl(s, IRQ_LINE + 4, 0x01000001);
    assert_true(qtest_get_irq(s, 4));
    assert_false(qtest_get_irq(s, 5));
    assert_false(qtest_get_irq(s, 6));
    assert_true(qtest_get_irq(s, 7));
    qtest_outl(s, IRQ_LINE + 4, 0);
    for (int n = 4; n < 8; n++) {
        assert_false(qtest_get_irq(s, n));
    }
    qtest_quit(s);
}

/* Lines 16-23: QEMU aborts (see the top); emu ignores the write. */
static void test_irq_lines_beyond_isa(void **state)
{
    QTestState *s;

    (void)state;
    if (is_qemu()) {
        skip();
    }
    s = start();
    qtest_irq_intercept_in(s, "ioapic");
    for (int n = 16; n < 24; n++) {
        qtest_outb(s, IRQ_LINE + n, 1);
        assert_false(qtest_get_irq(s, n));
        assert_int_equal(qtest_inb(s, IRQ_LINE + n), 0);
    }
    qtest_quit(s);
}

static void test_iomem(void **state)
{
    QTestState *s = start();
    uint8_t buf[256], back[256];

    (void)state;
    assert_int_equal(qtest_readq(s, IOMEM), 0);
    qtest_writel(s, IOMEM + 4, 0xdeadbeef);
    assert_int_equal(qtest_readq(s, IOMEM), 0xdeadbeef00000000ULL);
    assert_int_equal(qtest_readw(s, IOMEM + 5), 0xadbe);
    qtest_writeb(s, IOMEM + 3, 0x55);
    assert_int_equal(qtest_readl(s, IOMEM), 0x55000000);
    /* Its last bytes. */
    qtest_writeq(s, IOMEM + IOMEM_LEN - 8, 0x0102030405060708ULL);
    assert_int_equal(qtest_readq(s, IOMEM + IOMEM_LEN - 8),
                     0x0102030405060708ULL);
    assert_int_equal(qtest_readb(s, IOMEM + IOMEM_LEN - 1), 0x01);
    /* A block, as a guest's memcpy would write it. */
    for (size_t i = 0; i < sizeof(buf); i++) {
        buf[i] = i * 7;
    }
    qtest_memwrite(s, IOMEM + 0x8000, buf, sizeof(buf));
    qtest_memread(s, IOMEM + 0x8000, back, sizeof(back));
    assert_memory_equal(buf, back, sizeof(buf));
    qtest_quit(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_latch),
        cmocka_unit_test(test_flush_page),
        cmocka_unit_test(test_irq_lines),
        cmocka_unit_test(test_irq_lines_beyond_isa),
        cmocka_unit_test(test_iomem),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
