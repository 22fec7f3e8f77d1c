/*
 * libqpci: PCI for qtests, with the names of QEMU's libqos (qpci_*).
 * Configuration space goes through mechanism #1 (ports 0xcf8/0xcfc) of
 * the pc machine; qpci_iomap() sizes a BAR, gives it an address from the
 * bus's own I/O (from 0xc000) or memory (from 0xe0000000) window, and
 * the qpci_io_* accessors then reach the BAR through qtest port or
 * memory accesses.  Programming errors (bad BAR number, window full)
 * abort the test with a message.
 */
#ifndef QTEST_LIBQPCI_H
#define QTEST_LIBQPCI_H

#include <stdbool.h>
#include <stdint.h>

#include "qtest/libqtest.h"

#define QPCI_DEVFN(dev, fn) (((dev) << 3) | (fn))

typedef struct QPCIBus QPCIBus;

typedef struct QPCIDevice {
    QPCIBus *bus;
    int devfn;
} QPCIDevice;

/* A mapped BAR: its bus address, and whether it is in I/O space. */
typedef struct QPCIBar {
    uint64_t addr;
    bool is_io;
} QPCIBar;

/* Bus 0 of the pc machine behind s; free with qpci_free_pc(). */
QPCIBus *qpci_new_pc(QTestState *s);
void qpci_free_pc(QPCIBus *bus);

/* The function at devfn (a new QPCIDevice, g_free() it), or NULL. */
QPCIDevice *qpci_device_find(QPCIBus *bus, int devfn);
/* fn for every function with these IDs (-1: any); dev is fn's to free. */
void qpci_device_foreach(QPCIBus *bus, int vendor_id, int device_id,
                         void (*fn)(QPCIDevice *dev, int devfn, void *data),
                         void *data);
/* Set I/O, memory and bus-master enable; aborts if they do not stick. */
void qpci_device_enable(QPCIDevice *dev);
/* Offset of capability id from start (0: the list head), or 0. */
uint8_t qpci_find_capability(QPCIDevice *dev, uint8_t id, uint8_t start);

uint8_t qpci_config_readb(QPCIDevice *dev, uint8_t offset);
uint16_t qpci_config_readw(QPCIDevice *dev, uint8_t offset);
uint32_t qpci_config_readl(QPCIDevice *dev, uint8_t offset);
void qpci_config_writeb(QPCIDevice *dev, uint8_t offset, uint8_t value);
void qpci_config_writew(QPCIDevice *dev, uint8_t offset, uint16_t value);
void qpci_config_writel(QPCIDevice *dev, uint8_t offset, uint32_t value);

/*
 * Size BAR barno (64-bit BARs take barno and barno + 1), assign it an
 * address aligned to its size and return the mapping; *sizeptr (if not
 * NULL) gets the size.  Enabling decoding is qpci_device_enable()'s job.
 */
QPCIBar qpci_iomap(QPCIDevice *dev, int barno, uint64_t *sizeptr);
/* Clear BAR barno's address again. */
void qpci_iounmap(QPCIDevice *dev, QPCIBar bar);
/* A fixed legacy I/O address as a BAR (e.g. IDE's 0x1f0). */
QPCIBar qpci_legacy_iomap(QPCIDevice *dev, uint16_t addr);

uint8_t qpci_io_readb(QPCIDevice *dev, QPCIBar bar, uint64_t off);
uint16_t qpci_io_readw(QPCIDevice *dev, QPCIBar bar, uint64_t off);
uint32_t qpci_io_readl(QPCIDevice *dev, QPCIBar bar, uint64_t off);
uint64_t qpci_io_readq(QPCIDevice *dev, QPCIBar bar, uint64_t off);
void qpci_io_writeb(QPCIDevice *dev, QPCIBar bar, uint64_t off,
                    uint8_t value);
void qpci_io_writew(QPCIDevice *dev, QPCIBar bar, uint64_t off,
                    uint16_t value);
void qpci_io_writel(QPCIDevice *dev, QPCIBar bar, uint64_t off,
                    uint32_t value);
void qpci_io_writeq(QPCIDevice *dev, QPCIBar bar, uint64_t off,
                    uint64_t value);

#endif /* QTEST_LIBQPCI_H */
