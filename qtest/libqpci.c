/*
 * libqpci: PCI configuration, BAR mapping and BAR accesses for qtests on
 * the pc machine (see libqpci.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

#include "qtest/libqpci.h"

#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA 0xcfc
#define PCI_CONFIG_ENABLE 0x80000000u

#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_STATUS 0x06
#define PCI_BASE_ADDRESS_0 0x10
#define PCI_CAPABILITY_LIST 0x34

#define PCI_COMMAND_IO 0x1
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4
#define PCI_STATUS_CAP_LIST 0x10

#define PCI_BAR_IO 0x1
#define PCI_BAR_MEM_TYPE_MASK 0x6
#define PCI_BAR_MEM_TYPE_64 0x4

/* The windows BARs get addresses from (below the pc's I/O APIC etc.). */
#define QPCI_PIO_START 0xc000
#define QPCI_PIO_LIMIT 0x10000
#define QPCI_MMIO_START 0xe0000000ull
#define QPCI_MMIO_LIMIT 0xfec00000ull

struct QPCIBus {
    QTestState *qts;
    uint64_t pio_next;
    uint64_t mmio_next;
};

static void G_GNUC_PRINTF(1, 2) G_GNUC_NORETURN qpci_die(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "libqpci: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    abort();
}

QPCIBus *qpci_new_pc(QTestState *s)
{
    QPCIBus *bus = g_new0(QPCIBus, 1);

    bus->qts = s;
    bus->pio_next = QPCI_PIO_START;
    bus->mmio_next = QPCI_MMIO_START;
    return bus;
}

void qpci_free_pc(QPCIBus *bus)
{
    g_free(bus);
}

/* ---- Configuration space (mechanism #1, bus 0) ---- */

static void config_select(QPCIDevice *dev, uint8_t offset)
{
    qtest_outl(dev->bus->qts, PCI_CONFIG_ADDRESS,
               PCI_CONFIG_ENABLE | (uint32_t)dev->devfn << 8 |
                   (offset & 0xfc));
}

uint8_t qpci_config_readb(QPCIDevice *dev, uint8_t offset)
{
    config_select(dev, offset);
    return qtest_inb(dev->bus->qts, PCI_CONFIG_DATA + (offset & 3));
}

uint16_t qpci_config_readw(QPCIDevice *dev, uint8_t offset)
{
    config_select(dev, offset);
    return qtest_inw(dev->bus->qts, PCI_CONFIG_DATA + (offset & 2));
}

uint32_t qpci_config_readl(QPCIDevice *dev, uint8_t offset)
{
    config_select(dev, offset);
    return qtest_inl(dev->bus->qts, PCI_CONFIG_DATA);
}

void qpci_config_writeb(QPCIDevice *dev, uint8_t offset, uint8_t value)
{
    config_select(dev, offset);
    qtest_outb(dev->bus->qts, PCI_CONFIG_DATA + (offset & 3), value);
}

void qpci_config_writew(QPCIDevice *dev, uint8_t offset, uint16_t value)
{
    config_select(dev, offset);
    qtest_outw(dev->bus->qts, PCI_CONFIG_DATA + (offset & 2), value);
}

void qpci_config_writel(QPCIDevice *dev, uint8_t offset, uint32_t value)
{
    config_select(dev, offset);
    qtest_outl(dev->bus->qts, PCI_CONFIG_DATA, value);
}

/* ---- Finding and enabling functions ---- */

QPCIDevice *qpci_device_find(QPCIBus *bus, int devfn)
{
    QPCIDevice probe = {.bus = bus, .devfn = devfn};

    if (devfn < 0 || devfn > 0xff) {
        qpci_die("devfn %d out of range", devfn);
    }
    if (qpci_config_readw(&probe, PCI_VENDOR_ID) == 0xffff) {
        return NULL;
    }
    return g_memdup2(&probe, sizeof(probe));
}

void qpci_device_foreach(QPCIBus *bus, int vendor_id, int device_id,
                         void (*fn)(QPCIDevice *dev, int devfn, void *data),
                         void *data)
{
    for (int devfn = 0; devfn < 0x100; devfn++) {
        QPCIDevice *dev = qpci_device_find(bus, devfn);

        if (!dev) {
            continue;
        }
        if ((vendor_id != -1 &&
             qpci_config_readw(dev, PCI_VENDOR_ID) != vendor_id) ||
            (device_id != -1 &&
             qpci_config_readw(dev, PCI_DEVICE_ID) != device_id)) {
            g_free(dev);
            continue;
        }
        fn(dev, devfn, data);
    }
}

void qpci_device_enable(QPCIDevice *dev)
{
    const uint16_t want = PCI_COMMAND_IO | PCI_COMMAND_MEMORY |
                          PCI_COMMAND_MASTER;
    uint16_t cmd = qpci_config_readw(dev, PCI_COMMAND);

    qpci_config_writew(dev, PCI_COMMAND, cmd | want);
    cmd = qpci_config_readw(dev, PCI_COMMAND);
    if ((cmd & want) != want) {
        qpci_die("%02x.%x: command register 0x%04x lacks enables 0x%x",
                 dev->devfn >> 3, dev->devfn & 7, cmd, want);
    }
}

uint8_t qpci_find_capability(QPCIDevice *dev, uint8_t id, uint8_t start)
{
    uint8_t at;
    int hops = 0;

    if (!(qpci_config_readw(dev, PCI_STATUS) & PCI_STATUS_CAP_LIST)) {
        return 0;
    }
    at = start ? qpci_config_readb(dev, start + 1)
               : qpci_config_readb(dev, PCI_CAPABILITY_LIST);
    /* At most 48 capabilities fit in 192 bytes: a longer list loops. */
    while ((at &= 0xfc) && hops++ < 48) {
        if (qpci_config_readb(dev, at) == id) {
            return at;
        }
        at = qpci_config_readb(dev, at + 1);
    }
    return 0;
}

/* ---- BARs ---- */

static uint8_t bar_offset(int barno)
{
    if (barno < 0 || barno > 5) {
        qpci_die("BAR %d out of range", barno);
    }
    return PCI_BASE_ADDRESS_0 + barno * 4;
}

QPCIBar qpci_iomap(QPCIDevice *dev, int barno, uint64_t *sizeptr)
{
    uint8_t off = bar_offset(barno);
    uint32_t orig = qpci_config_readl(dev, off);
    uint32_t probe;
    uint64_t mask, size, addr;
    bool is_io = orig & PCI_BAR_IO;
    bool is_64 = !is_io &&
                 (orig & PCI_BAR_MEM_TYPE_MASK) == PCI_BAR_MEM_TYPE_64;
    QPCIBus *bus = dev->bus;

    qpci_config_writel(dev, off, 0xffffffff);
    probe = qpci_config_readl(dev, off);
    if (is_io) {
        /* Bits above 15 may read as zero: the I/O space is 64 KiB. */
        mask = (probe & ~0x3u) | 0xffff0000u;
        mask |= 0xffffffff00000000ull;
    } else {
        mask = probe & ~0xfu;
        if (is_64) {
            if (barno == 5) {
                qpci_die("64-bit BAR 5 has no upper half");
            }
            qpci_config_writel(dev, off + 4, 0xffffffff);
            mask |= (uint64_t)qpci_config_readl(dev, off + 4) << 32;
        } else {
            mask |= 0xffffffff00000000ull;
        }
    }
    size = ~mask + 1;
    if (!(probe & (is_io ? ~0x3u : ~0xfu)) || (size & (size - 1))) {
        qpci_die("%02x.%x: BAR %d is not implemented (reads 0x%08x)",
                 dev->devfn >> 3, dev->devfn & 7, barno, probe);
    }
    if (is_io) {
        addr = (bus->pio_next + size - 1) & ~(size - 1);
        if (addr + size > QPCI_PIO_LIMIT) {
            qpci_die("no room for a %" G_GUINT64_FORMAT
                     "-byte I/O BAR", size);
        }
        bus->pio_next = addr + size;
    } else {
        addr = (bus->mmio_next + size - 1) & ~(size - 1);
        if (addr + size > QPCI_MMIO_LIMIT) {
            qpci_die("no room for a %" G_GUINT64_FORMAT
                     "-byte memory BAR", size);
        }
        bus->mmio_next = addr + size;
    }
    qpci_config_writel(dev, off, (uint32_t)addr);
    if (is_64) {
        qpci_config_writel(dev, off + 4, (uint32_t)(addr >> 32));
    }
    if (sizeptr) {
        *sizeptr = size;
    }
    return (QPCIBar){.addr = addr, .is_io = is_io};
}

void qpci_iounmap(QPCIDevice *dev, QPCIBar bar)
{
    for (int barno = 0; barno < 6; barno++) {
        uint8_t off = bar_offset(barno);
        uint32_t val = qpci_config_readl(dev, off);
        uint64_t addr = val & (bar.is_io ? ~0x3u : ~0xfu);
        bool is_64 = !(val & PCI_BAR_IO) &&
                     (val & PCI_BAR_MEM_TYPE_MASK) == PCI_BAR_MEM_TYPE_64;

        if (is_64 && barno < 5) {
            addr |= (uint64_t)qpci_config_readl(dev, off + 4) << 32;
        }
        if (!!(val & PCI_BAR_IO) == bar.is_io && addr == bar.addr) {
            qpci_config_writel(dev, off, 0);
            if (is_64 && barno < 5) {
                qpci_config_writel(dev, off + 4, 0);
            }
            return;
        }
        if (is_64) {
            barno++;
        }
    }
    qpci_die("no BAR of %02x.%x is mapped at 0x%" G_GINT64_MODIFIER "x",
             dev->devfn >> 3, dev->devfn & 7, bar.addr);
}

QPCIBar qpci_legacy_iomap(QPCIDevice *dev, uint16_t addr)
{
    return (QPCIBar){.addr = addr, .is_io = true};
}

/* ---- BAR accesses ---- */

static uint16_t io_port(QPCIBar bar, uint64_t off, unsigned size)
{
    if (bar.addr + off + size > QPCI_PIO_LIMIT) {
        qpci_die("I/O access at 0x%" G_GINT64_MODIFIER "x beyond 64 KiB",
                 bar.addr + off);
    }
    return bar.addr + off;
}

uint8_t qpci_io_readb(QPCIDevice *dev, QPCIBar bar, uint64_t off)
{
    return bar.is_io ? qtest_inb(dev->bus->qts, io_port(bar, off, 1))
                     : qtest_readb(dev->bus->qts, bar.addr + off);
}

uint16_t qpci_io_readw(QPCIDevice *dev, QPCIBar bar, uint64_t off)
{
    return bar.is_io ? qtest_inw(dev->bus->qts, io_port(bar, off, 2))
                     : qtest_readw(dev->bus->qts, bar.addr + off);
}

uint32_t qpci_io_readl(QPCIDevice *dev, QPCIBar bar, uint64_t off)
{
    return bar.is_io ? qtest_inl(dev->bus->qts, io_port(bar, off, 4))
                     : qtest_readl(dev->bus->qts, bar.addr + off);
}

/* I/O space has no 8-byte accesses: two 4-byte ones, low half first. */
uint64_t qpci_io_readq(QPCIDevice *dev, QPCIBar bar, uint64_t off)
{
    if (!bar.is_io) {
        return qtest_readq(dev->bus->qts, bar.addr + off);
    }
    return qpci_io_readl(dev, bar, off) |
           (uint64_t)qpci_io_readl(dev, bar, off + 4) << 32;
}

void qpci_io_writeb(QPCIDevice *dev, QPCIBar bar, uint64_t off,
                    uint8_t value)
{
    if (bar.is_io) {
        qtest_outb(dev->bus->qts, io_port(bar, off, 1), value);
    } else {
        qtest_writeb(dev->bus->qts, bar.addr + off, value);
    }
}

void qpci_io_writew(QPCIDevice *dev, QPCIBar bar, uint64_t off,
                    uint16_t value)
{
    if (bar.is_io) {
        qtest_outw(dev->bus->qts, io_port(bar, off, 2), value);
    } else {
        qtest_writew(dev->bus->qts, bar.addr + off, value);
    }
}

void qpci_io_writel(QPCIDevice *dev, QPCIBar bar, uint64_t off,
                    uint32_t value)
{
    if (bar.is_io) {
        qtest_outl(dev->bus->qts, io_port(bar, off, 4), value);
    } else {
        qtest_writel(dev->bus->qts, bar.addr + off, value);
    }
}

void qpci_io_writeq(QPCIDevice *dev, QPCIBar bar, uint64_t off,
                    uint64_t value)
{
    if (!bar.is_io) {
        qtest_writeq(dev->bus->qts, bar.addr + off, value);
        return;
    }
    qpci_io_writel(dev, bar, off, (uint32_t)value);
    qpci_io_writel(dev, bar, off + 4, (uint32_t)(value >> 32));
}
