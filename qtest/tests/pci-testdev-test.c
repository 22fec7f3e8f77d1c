/*
 * pci-testdev (-device pci-testdev) through libqtest and configuration
 * mechanism #1 (0xcf8/0xcfc): IDs and class, the BARs (4 KiB memory, 256
 * I/O ports, membar's 64-bit prefetchable one), then the tests of QEMU
 * docs/specs/pci-testdev.rst: each BAR's test list, the headers, the
 * write counts, the writes the eventfd tests' notifiers take, and reset.
 * Passes against emu and QEMU 7.2.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "qtest/libqtest.h"

#define SLOT 5
#define MMIO_BASE 0xe0000000ULL
#define PIO_BASE 0xc000

/* PCITestDevHdr offsets. */
#define HDR_TEST 0
#define HDR_WIDTH 1
#define HDR_OFFSET 4
#define HDR_DATA 8
#define HDR_COUNT 12
#define HDR_NAME 16

static QTestState *start(const char *extra)
{
    return qtest_initf("-M pc -nodefaults -device pci-testdev,addr=%d.0%s",
                       SLOT, extra);
}

static void cfg_addr(QTestState *s, uint8_t off)
{
    qtest_outl(s, 0xcf8, 0x80000000u | SLOT << 11 | (off & 0xfc));
}

static uint32_t cfg_readl(QTestState *s, uint8_t off)
{
    cfg_addr(s, off);
    return qtest_inl(s, 0xcfc);
}

static uint16_t cfg_readw(QTestState *s, uint8_t off)
{
    cfg_addr(s, off);
    return qtest_inw(s, 0xcfc + (off & 2));
}

static uint8_t cfg_readb(QTestState *s, uint8_t off)
{
    cfg_addr(s, off);
    return qtest_inb(s, 0xcfc + (off & 3));
}

static void cfg_writel(QTestState *s, uint8_t off, uint32_t v)
{
    cfg_addr(s, off);
    qtest_outl(s, 0xcfc, v);
}

static void cfg_writew(QTestState *s, uint8_t off, uint16_t v)
{
    cfg_addr(s, off);
    qtest_outw(s, 0xcfc + (off & 2), v);
}

/* BAR0 at MMIO_BASE, BAR1 at PIO_BASE, memory and I/O decoding on. */
static void map_bars(QTestState *s)
{
    cfg_writel(s, 0x10, MMIO_BASE);
    cfg_writel(s, 0x14, PIO_BASE);
    cfg_writew(s, 0x04, 0x0003);
}

static uint32_t bar_size_mask(QTestState *s, uint8_t off)
{
    uint32_t old = cfg_readl(s, off), v;

    cfg_writel(s, off, 0xffffffff);
    v = cfg_readl(s, off);
    cfg_writel(s, off, old);
    return v;
}

static void test_config(void **state)
{
    QTestState *s = start("");

    (void)state;
    assert_int_equal(cfg_readw(s, 0x00), 0x1b36);
    assert_int_equal(cfg_readw(s, 0x02), 0x0005);
    assert_int_equal(cfg_readw(s, 0x04), 0); /* command */
    assert_int_equal(cfg_readw(s, 0x06), 0); /* status */
    /* Class 00ff ("other"), programming interface and revision 0. */
    assert_int_equal(cfg_readl(s, 0x08), 0x00ff0000);
    assert_int_equal(cfg_readb(s, 0x0e), 0); /* header type 0 */
    assert_int_equal(cfg_readw(s, 0x2c), 0x1af4);
    assert_int_equal(cfg_readw(s, 0x2e), 0x1100);
    assert_int_equal(cfg_readb(s, 0x3d), 0); /* no interrupt pin */
    /* BAR0: 4 KiB of 32-bit memory; BAR1: 256 I/O ports; no others. */
    assert_int_equal(cfg_readl(s, 0x10), 0);
    assert_int_equal(cfg_readl(s, 0x14), 1);
    assert_int_equal(bar_size_mask(s, 0x10), 0xfffff000);
    assert_int_equal(bar_size_mask(s, 0x14), 0xffffff01);
    for (uint8_t off = 0x18; off <= 0x24; off += 4) {
        assert_int_equal(bar_size_mask(s, off), 0);
    }
    qtest_quit(s);
}

static void test_membar(void **state)
{
    QTestState *s = start(",membar=1M");

    (void)state;
    /* 64-bit prefetchable memory, 1 MiB: BAR2 and BAR3. */
    assert_int_equal(cfg_readl(s, 0x18), 0x0c);
    assert_int_equal(bar_size_mask(s, 0x18), 0xfff0000c);
    assert_int_equal(bar_size_mask(s, 0x1c), 0xffffffff);
    qtest_quit(s);
}

static void mem_select(QTestState *s, uint8_t n)
{
    qtest_writeb(s, MMIO_BASE + HDR_TEST, n);
}

static void pio_select(QTestState *s, uint8_t n)
{
    qtest_outb(s, PIO_BASE + HDR_TEST, n);
}

static uint32_t count(QTestState *s)
{
    return qtest_readl(s, MMIO_BASE + HDR_COUNT);
}

static void check_header(QTestState *s, uint8_t test, uint32_t offset,
                         uint8_t data, const char *name)
{
    char buf[32];

    assert_int_equal(qtest_readb(s, MMIO_BASE + HDR_TEST), test);
    assert_int_equal(qtest_readb(s, MMIO_BASE + HDR_WIDTH), 1);
    assert_int_equal(qtest_readl(s, MMIO_BASE + HDR_OFFSET), offset);
    assert_int_equal(qtest_readl(s, MMIO_BASE + HDR_DATA), data);
    qtest_memread(s, MMIO_BASE + HDR_NAME, buf, strlen(name) + 1);
    assert_string_equal(buf, name);
    /* The same header through the I/O BAR. */
    assert_int_equal(qtest_inl(s, PIO_BASE + HDR_OFFSET), offset);
}

static void test_headers(void **state)
{
    QTestState *s = start("");

    (void)state;
    map_bars(s);
    /* No test running: the header reads 0. */
    assert_int_equal(qtest_readq(s, MMIO_BASE), 0);
    mem_select(s, 0);
    check_header(s, 0, 0x800, 0xfa, "mmio-no-eventfd");
    mem_select(s, 1);
    check_header(s, 1, 0x801, 0xce, "mmio-wildcard-eventfd");
    mem_select(s, 2);
    check_header(s, 2, 0x802, 0xfa, "mmio-datamatch-eventfd");
    /* Tests 3-5 are the I/O BAR's, numbered 0-2 there. */
    pio_select(s, 0);
    check_header(s, 3, 0x83, 0xfa, "portio-no-eventfd");
    pio_select(s, 1);
    check_header(s, 4, 0x84, 0xce, "portio-wildcard-eventfd");
    pio_select(s, 2);
    check_header(s, 5, 0x85, 0xfa, "portio-datamatch-eventfd");
    /* Past each BAR's list: no test. */
    mem_select(s, 3);
    assert_int_equal(qtest_readq(s, MMIO_BASE), 0);
    pio_select(s, 3);
    assert_int_equal(qtest_inl(s, PIO_BASE + HDR_OFFSET), 0);
    /* Past the name, and the test offsets themselves, read 0. */
    mem_select(s, 0);
    assert_int_equal(qtest_readl(s, MMIO_BASE + 0x40), 0);
    assert_int_equal(qtest_readl(s, MMIO_BASE + 0x800), 0);
    qtest_quit(s);
}

static void test_counts(void **state)
{
    QTestState *s = start("");

    (void)state;
    map_bars(s);
    /* No eventfd: the device counts writes of its byte at its offset. */
    mem_select(s, 0);
    qtest_writeb(s, MMIO_BASE + 0x800, 0xfa);
    assert_int_equal(count(s), 1);
    qtest_writeb(s, MMIO_BASE + 0x800, 0x11);
    qtest_writeb(s, MMIO_BASE + 0x801, 0xfa);
    assert_int_equal(count(s), 1);
    /* Wider writes reach it byte by byte. */
    qtest_writew(s, MMIO_BASE + 0x800, 0x11fa);
    qtest_writel(s, MMIO_BASE + 0x800, 0x000000fa);
    assert_int_equal(count(s), 3);
    /* Writes to the header's count are ignored; starting again zeroes it. */
    qtest_writel(s, MMIO_BASE + HDR_COUNT, 5);
    assert_int_equal(count(s), 3);
    mem_select(s, 0);
    assert_int_equal(count(s), 0);

    /*
     * Wildcard eventfd: its notifier takes every one-byte write at the
     * offset; bytes of wider writes reach the device, which takes any.
     */
    mem_select(s, 1);
    qtest_writeb(s, MMIO_BASE + 0x801, 0xce);
    qtest_writeb(s, MMIO_BASE + 0x801, 0x12);
    assert_int_equal(count(s), 0);
    qtest_writew(s, MMIO_BASE + 0x800, 0x1200);
    assert_int_equal(count(s), 1);

    /* Datamatch: the notifier takes its byte, the device counts no other. */
    mem_select(s, 2);
    qtest_writeb(s, MMIO_BASE + 0x802, 0xfa);
    qtest_writeb(s, MMIO_BASE + 0x802, 0x12);
    assert_int_equal(count(s), 0);
    qtest_writew(s, MMIO_BASE + 0x802, 0x00fa);
    assert_int_equal(count(s), 1);

    /* The same through the I/O BAR. */
    pio_select(s, 0);
    qtest_outb(s, PIO_BASE + 0x83, 0xfa);
    qtest_outb(s, PIO_BASE + 0x83, 0x01);
    assert_int_equal(qtest_inl(s, PIO_BASE + HDR_COUNT), 1);
    pio_select(s, 1);
    qtest_outb(s, PIO_BASE + 0x84, 0xce);
    assert_int_equal(qtest_inl(s, PIO_BASE + HDR_COUNT), 0);
    qtest_outw(s, PIO_BASE + 0x84, 0x12);
    assert_int_equal(qtest_inl(s, PIO_BASE + HDR_COUNT), 1);
    qtest_quit(s);
}

static void test_reset(void **state)
{
    QTestState *s = start("");

    (void)state;
    map_bars(s);
    mem_select(s, 1);
    qtest_qmp_assert_success(s, "{\"execute\": \"system_reset\"}");
    qtest_qmp_eventwait(s, "RESET");
    /* Decoding off, BARs cleared, and no test running once mapped again. */
    assert_int_equal(cfg_readw(s, 0x04), 0);
    assert_int_equal(cfg_readl(s, 0x10), 0);
    map_bars(s);
    assert_int_equal(qtest_readq(s, MMIO_BASE), 0);
    qtest_quit(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config),  cmocka_unit_test(test_membar),
        cmocka_unit_test(test_headers), cmocka_unit_test(test_counts),
        cmocka_unit_test(test_reset),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
