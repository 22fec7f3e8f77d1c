/*
 * libqpci against the pc machine's bus 0 (-M pc -nodefaults): finding
 * functions by devfn and by IDs, configuration reads and writes of every
 * width, capability lists, enabling, and a BAR sized, mapped, accessed
 * and unmapped — the PIIX3 IDE function's bus-master block (BAR 4: 16
 * bytes of I/O; its PRD table address register keeps bits 31:2).
 * Passes against emu and QEMU.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <glib.h>

#include "qtest/libqpci.h"

#define PIIX3_IDE_DEVFN QPCI_DEVFN(1, 1)
#define BMDMA_PRD_ADDR 4

static QTestState *start(QPCIBus **bus)
{
    QTestState *s = qtest_init("-M pc -nodefaults");

    *bus = qpci_new_pc(s);
    return s;
}

static void test_find(void **state)
{
    QPCIBus *bus;
    QTestState *s = start(&bus);
    QPCIDevice *host = qpci_device_find(bus, QPCI_DEVFN(0, 0));

    (void)state;
    assert_non_null(host);
    assert_int_equal(qpci_config_readw(host, 0x00), 0x8086);
    assert_int_equal(qpci_config_readw(host, 0x02), 0x1237);
    assert_int_equal(qpci_config_readl(host, 0x00), 0x12378086);
    assert_int_equal(qpci_config_readb(host, 0x0b), 0x06); /* bridge */
    /* Slot 31 is empty on a -nodefaults pc. */
    assert_null(qpci_device_find(bus, QPCI_DEVFN(31, 0)));
    g_free(host);
    qpci_free_pc(bus);
    qtest_quit(s);
}

static void count_fn(QPCIDevice *dev, int devfn, void *data)
{
    GArray *found = data;

    assert_int_equal(dev->devfn, devfn);
    g_array_append_val(found, devfn);
    g_free(dev);
}

static void test_foreach(void **state)
{
    QPCIBus *bus;
    QTestState *s = start(&bus);
    GArray *found = g_array_new(false, false, sizeof(int));

    (void)state;
    /* The PIIX3 ISA bridge, by its IDs. */
    qpci_device_foreach(bus, 0x8086, 0x7000, count_fn, found);
    assert_int_equal(found->len, 1);
    assert_int_equal(g_array_index(found, int, 0), QPCI_DEVFN(1, 0));
    g_array_set_size(found, 0);
    /* Every Intel function: 00.0, 01.0, 01.1, 01.3 at least. */
    qpci_device_foreach(bus, 0x8086, -1, count_fn, found);
    assert_true(found->len >= 4);
    g_array_set_size(found, 0);
    qpci_device_foreach(bus, 0x1234, 0x5678, count_fn, found);
    assert_int_equal(found->len, 0);
    g_array_free(found, true);
    qpci_free_pc(bus);
    qtest_quit(s);
}

static void test_config_widths(void **state)
{
    QPCIBus *bus;
    QTestState *s = start(&bus);
    QPCIDevice *ide = qpci_device_find(bus, PIIX3_IDE_DEVFN);

    (void)state;
    assert_non_null(ide);
    /* The interrupt line (0x3c) is software's scratch byte. */
    qpci_config_writeb(ide, 0x3c, 0x5a);
    assert_int_equal(qpci_config_readb(ide, 0x3c), 0x5a);
    assert_int_equal(qpci_config_readw(ide, 0x3c) & 0x00ff, 0x005a);
    assert_int_equal(qpci_config_readl(ide, 0x3c) & 0xff, 0x5a);
    qpci_config_writew(ide, 0x3c, 0x0007);
    assert_int_equal(qpci_config_readb(ide, 0x3c), 0x07);
    qpci_config_writel(ide, 0x3c, 0x0000000b);
    assert_int_equal(qpci_config_readb(ide, 0x3c), 0x0b);
    /* The vendor ID is read-only. */
    qpci_config_writew(ide, 0x00, 0x1234);
    assert_int_equal(qpci_config_readw(ide, 0x00), 0x8086);
    g_free(ide);
    qpci_free_pc(bus);
    qtest_quit(s);
}

static void test_bar_map(void **state)
{
    QPCIBus *bus;
    QTestState *s = start(&bus);
    QPCIDevice *ide = qpci_device_find(bus, PIIX3_IDE_DEVFN);
    uint64_t size = 0;
    QPCIBar bar;

    (void)state;
    bar = qpci_iomap(ide, 4, &size);
    assert_true(bar.is_io);
    assert_int_equal(size, 16);
    assert_int_equal(bar.addr % 16, 0);
    assert_int_equal(qpci_config_readl(ide, 0x20) & ~0x3u, bar.addr);
    qpci_device_enable(ide);
    assert_int_equal(qpci_config_readw(ide, 0x04) & 0x5, 0x5);
    qpci_io_writel(ide, bar, BMDMA_PRD_ADDR, 0x12345677);
    assert_int_equal(qpci_io_readl(ide, bar, BMDMA_PRD_ADDR), 0x12345674);
    assert_int_equal(qpci_io_readw(ide, bar, BMDMA_PRD_ADDR + 2), 0x1234);
    assert_int_equal(qpci_io_readb(ide, bar, BMDMA_PRD_ADDR + 1), 0x56);
    qpci_iounmap(ide, bar);
    assert_int_equal(qpci_config_readl(ide, 0x20) & ~0x3u, 0);
    g_free(ide);
    qpci_free_pc(bus);
    qtest_quit(s);
}

static void test_capability_absent(void **state)
{
    QPCIBus *bus;
    QTestState *s = start(&bus);
    QPCIDevice *host = qpci_device_find(bus, QPCI_DEVFN(0, 0));

    (void)state;
    /* The i440FX has no capability list. */
    assert_int_equal(qpci_find_capability(host, 0x05, 0), 0);
    g_free(host);
    qpci_free_pc(bus);
    qtest_quit(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_foreach),
        cmocka_unit_test(test_config_widths),
        cmocka_unit_test(test_bar_map),
        cmocka_unit_test(test_capability_absent),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
