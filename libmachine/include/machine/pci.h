/*
 * The PCI bus core: PCI buses, PCI functions (devices) with their
 * configuration space, BARs, capability lists, INTx interrupts and
 * bus-master DMA.  QEMU's model and names; behaviour from the PCI Local
 * Bus Specification 3.0 and the PCI-to-PCI Bridge Architecture
 * Specification 1.2.
 *
 * A board creates a root bus ("pci.0") owned by its host bridge
 * (machine/pci-host.h) with the memory and I/O regions that BARs map into
 * and the host's interrupt routing (pci_register_root_bus).  A device
 * type derives from TYPE_PCI_DEVICE, fills the IDs in its PCIDeviceClass
 * and registers its BARs, capabilities and interrupt pin in the class
 * realize hook:
 *
 *     static void mynic_realize(PCIDevice *pdev, Error **errp)
 *     {
 *         MyNicState *s = MYNIC(pdev);
 *
 *         memory_region_init_io(&s->regs, OBJECT(s), &mynic_reg_ops, s,
 *                               "mynic-regs", 0x80);
 *         pci_register_bar(pdev, 0, PCI_BASE_ADDRESS_SPACE_MEMORY,
 *                          &s->regs);
 *         pdev->config[PCI_INTERRUPT_PIN] = 1;     (INTA#)
 *     }
 *
 * The core places the function in a slot ("addr" property, or the first
 * free slot), builds the configuration space and its masks, maps BARs
 * when the guest enables decoding, routes INTx to the host and gates DMA
 * on the Bus Master bit.  Everything the guest can write is checked;
 * misuse of the API by device code (a BAR that is not a power of two, a
 * capability outside the configuration space) is a programming error and
 * aborts.  Devices are realized after memory_map_init(): their DMA sees
 * address_space_memory.
 */
#ifndef MACHINE_PCI_H
#define MACHINE_PCI_H

#include <stdbool.h>
#include <stdint.h>

#include "machine/irq.h"
#include "machine/memory.h"
#include "machine/pci-regs.h"
#include "machine/qdev-core.h"
#include "machine/qdev-properties.h"

/* ---- Addresses ---- */

/* devfn: slot (device number, 5 bits) and function (3 bits). */
#define PCI_DEVFN(slot, func) ((((slot)&0x1f) << 3) | ((func)&0x07))
#define PCI_SLOT(devfn) (((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn) ((devfn)&0x07)
#define PCI_SLOT_MAX 32
#define PCI_FUNC_MAX 8
#define PCI_DEVFN_MAX 256
/* Bus/device/function as a requester ID: bus in bits 15:8. */
#define PCI_BUILD_BDF(bus, devfn) ((uint16_t)(((bus) << 8) | (devfn)))
#define PCI_BUS_NUM(bdf) (((bdf) >> 8) & 0xff)

/* BARs 0-5, then the expansion ROM. */
#define PCI_NUM_REGIONS 7
#define PCI_ROM_SLOT 6
/* INTA# .. INTD#; the core numbers them 0..3 (pin register value - 1). */
#define PCI_NUM_PINS 4

/* An address on a PCI bus (BARs are up to 64 bits). */
typedef uint64_t pcibus_t;
#define FMT_PCIBUS PRIx64
#define PCI_BAR_UNMAPPED (~(pcibus_t)0)

/* ---- Types ---- */

#define TYPE_PCI_BUS "PCI"
#define TYPE_PCI_DEVICE "pci-device"
/*
 * Interfaces a device type declares (QEMU requires one of them): a
 * conventional function has 256 bytes of configuration space, a PCI
 * Express one 4 KiB.
 */
#define INTERFACE_CONVENTIONAL_PCI_DEVICE "conventional-pci-device"
#define INTERFACE_PCIE_DEVICE "pci-express-device"

OBJECT_DECLARE_TYPE(PCIBus, PCIBusClass, PCI_BUS)
OBJECT_DECLARE_TYPE(PCIDevice, PCIDeviceClass, PCI_DEVICE)

/*
 * Configuration space access hooks of a device class.  address + len
 * always lies inside the configuration space; len is 1 to 4 and need not
 * be aligned (a guest that leaves the low bits of CONFIG_ADDRESS set gets
 * odd ones, as on QEMU).  A hook that handles some registers itself calls
 * the default for the others.
 */
typedef uint32_t PCIConfigReadFunc(PCIDevice *pci_dev, uint32_t address,
                                   int len);
typedef void PCIConfigWriteFunc(PCIDevice *pci_dev, uint32_t address,
                                uint32_t data, int len);
typedef void PCIUnregisterFunc(PCIDevice *pci_dev);

/*
 * INTx routing installed by the host bridge: map_irq(dev, pin) gives the
 * bus's interrupt line (0 .. nirq - 1) that pin (0 = INTA#) of dev drives;
 * set_irq(opaque, line, level) is called when a line's level changes.
 */
typedef void (*pci_set_irq_fn)(void *opaque, int irq_num, int level);
typedef int (*pci_map_irq_fn)(PCIDevice *pci_dev, int irq_num);

/* One BAR (or the ROM) of a device. */
typedef struct PCIIORegion {
    /* Where it is mapped now; PCI_BAR_UNMAPPED while it is not. */
    pcibus_t addr;
    /* 0: the BAR is not implemented. */
    pcibus_t size;
    /* The low bits of the BAR: space, memory type, prefetchable. */
    uint8_t type;
    MemoryRegion *memory;
    /* The bus region it maps into (the bus's memory or I/O space). */
    MemoryRegion *address_space;
} PCIIORegion;

/* Bits of PCIDevice.cap_present (QEMU's numbering). */
enum {
    QEMU_PCI_CAP_MSI = 0x1,
    QEMU_PCI_CAP_MSIX = 0x2,
    QEMU_PCI_CAP_EXPRESS = 0x4,
#define QEMU_PCI_CAP_MULTIFUNCTION_BITNR 3
    QEMU_PCI_CAP_MULTIFUNCTION = (1 << QEMU_PCI_CAP_MULTIFUNCTION_BITNR),
};

struct PCIDeviceClass {
    DeviceClass parent_class;

    /*
     * Build the function once the core has placed it and set up its
     * configuration space: register BARs and capabilities, set the
     * interrupt pin.  On error set errp; the core then undoes its part.
     */
    void (*realize)(PCIDevice *dev, Error **errp);
    /* Undo realize (BARs are unmapped by the core). */
    PCIUnregisterFunc *exit;
    /* NULL: pci_default_read_config / pci_default_write_config. */
    PCIConfigReadFunc *config_read;
    PCIConfigWriteFunc *config_write;

    uint16_t vendor_id;
    uint16_t device_id;
    uint8_t revision;
    /* Base class and sub-class (PCI_CLASS_*, machine/pci-ids.h). */
    uint16_t class_id;
    /*
     * Type 0 only; both 0 gives QEMU's default (0x1af4/0x1100), so guests
     * see the same hardware as under QEMU.
     */
    uint16_t subsystem_vendor_id;
    uint16_t subsystem_id;
    /*
     * A PCI-to-PCI bridge: the core gives it a type 1 header (bus number
     * registers, I/O / memory / prefetchable windows, bridge control)
     * with two BARs and the ROM at PCI_ROM_ADDRESS1.
     */
    bool is_bridge;
    /* Default option ROM file, used when the romfile property is unset. */
    const char *romfile;
};

struct PCIDevice {
    DeviceState qdev;

    /*
     * The configuration space and its masks, config_size bytes each,
     * allocated at realize:
     *   wmask   bits the guest may write;
     *   w1cmask bits the guest clears by writing 1 (status errors);
     *   cmask   bits that identify the device (checked on migration);
     *   used    bytes taken by capabilities.
     */
    uint8_t *config;
    uint8_t *cmask;
    uint8_t *wmask;
    uint8_t *w1cmask;
    uint8_t *used;
    uint32_t config_size;

    /* "addr" property: slot << 3 | function, -1 for any free slot. */
    int32_t devfn;
    /* The type name, for messages. */
    char name[64];
    PCIIORegion io_regions[PCI_NUM_REGIONS];

    /*
     * DMA: bus_master_as sees the memory through an alias that is enabled
     * only while the command register has Bus Master set.
     */
    AddressSpace bus_master_as;
    MemoryRegion bus_master_container_region;
    MemoryRegion bus_master_enable_region;

    PCIConfigReadFunc *config_read;
    PCIConfigWriteFunc *config_write;

    /* Bit n set: the function asserts pin n (whether or not disabled). */
    uint8_t irq_state;
    /* QEMU_PCI_CAP_* ("multifunction" property is a bit of it). */
    uint32_t cap_present;
    /* Powered: BARs may decode and DMA may flow (set once realized). */
    bool has_power;

    /* Option ROM: "romfile", "romsize" (-1: the file's, rounded up). */
    char *romfile;
    uint32_t romsize;
    /* "rombar": 0 would hand the ROM to firmware, not supported yet. */
    uint32_t rom_bar;
    bool has_rom;
    MemoryRegion rom;

    /* MSI and MSI-X capabilities come later (offsets, 0: none). */
    uint8_t msi_cap;
    uint8_t msix_cap;
};

struct PCIBusClass {
    BusClass parent_class;
    /* Bus number of a root bus; NULL: 0. */
    int (*bus_num)(PCIBus *bus);
};

struct PCIBus {
    BusState qbus;

    /* Slots below devfn_min are never picked for addr=-1 (host bridge). */
    uint8_t devfn_min;
    /* Bit n: slot n is reserved, nothing may be plugged there. */
    uint32_t slot_reserved_mask;
    PCIDevice *devices[PCI_DEVFN_MAX];
    /* The bridge whose secondary bus this is; NULL for a root bus. */
    PCIDevice *parent_dev;
    /* Where BARs of devices on this bus map. */
    MemoryRegion *address_space_mem;
    MemoryRegion *address_space_io;

    /* INTx routing (see pci_bus_irqs); irq_count[n]: pins driving n. */
    pci_set_irq_fn set_irq;
    pci_map_irq_fn map_irq;
    void *irq_opaque;
    int nirq;
    int *irq_count;

    /* private: pci_root_bus_path() of a root without a host's hook. */
    char root_path[16];
};

/* ---- Buses ---- */

/*
 * A root bus of type typename (TYPE_PCI_BUS or a subclass) owned by the
 * host bridge parent, named name (NULL: "pci.N").  BARs of its devices map
 * into mem and io; slots below devfn_min are left to the host.
 */
PCIBus *pci_root_bus_new(DeviceState *parent, const char *name,
                         MemoryRegion *mem, MemoryRegion *io, uint8_t devfn_min,
                         const char *typename);
/* The same, plus the interrupt routing (pci_bus_irqs, pci_bus_map_irqs). */
PCIBus *pci_register_root_bus(DeviceState *parent, const char *name,
                              pci_set_irq_fn set_irq, pci_map_irq_fn map_irq,
                              void *irq_opaque, MemoryRegion *mem,
                              MemoryRegion *io, uint8_t devfn_min, int nirq,
                              const char *typename);
/* Drop a root bus and everything on it. */
void pci_root_bus_cleanup(PCIBus *bus);

/*
 * The secondary bus of a bridge (a device whose class has is_bridge),
 * owned by it.  Configuration cycles for the bus numbers between its
 * secondary and subordinate registers are forwarded to it, and INTx of
 * its devices is swizzled onto the bridge's own pins (bridge spec 9.1).
 * mem and io are what its devices' BARs map into: the bridge's window
 * regions.
 */
PCIBus *pci_secondary_bus_new(PCIDevice *bridge, const char *typename,
                              const char *name, MemoryRegion *mem,
                              MemoryRegion *io);

/*
 * Install the host's interrupt lines: nirq lines, set_irq(opaque, line,
 * level) called when one changes.  Any level count is reset, so do it
 * before devices can assert their pins.
 */
void pci_bus_irqs(PCIBus *bus, pci_set_irq_fn set_irq, void *irq_opaque,
                  int nirq);
void pci_bus_map_irqs(PCIBus *bus, pci_map_irq_fn map_irq);
void pci_bus_irqs_cleanup(PCIBus *bus);
/* 1 if any device drives line irq_num of bus. */
int pci_bus_get_irq_level(PCIBus *bus, int irq_num);
/* The standard rotation: (pin + slot) mod 4 (bridge spec 9.1). */
int pci_swizzle_map_irq_fn(PCIDevice *pci_dev, int pin);

/*
 * The range the 64-bit memory BARs decoding at or above 4 GiB take on
 * bus and the buses below it (QEMU's pci_bus_get_w64_range, what a host
 * reports as its 64-bit PCI hole): false when there is none, else
 * [*lob, *upb].
 */
bool pci_bus_get_w64_range(PCIBus *bus, uint64_t *lob, uint64_t *upb);

/* The bus number (the bridge's secondary bus register below a root). */
int pci_bus_num(PCIBus *s);
bool pci_bus_is_root(PCIBus *bus);
/* The bus with number bus_num at or below bus, or NULL. */
PCIBus *pci_find_bus_nr(PCIBus *bus, int bus_num);
/* The function at bus_num/devfn below bus, or NULL. */
PCIDevice *pci_find_device(PCIBus *bus, int bus_num, uint8_t devfn);

/* ---- Devices ---- */

static inline PCIBus *pci_get_bus(const PCIDevice *dev)
{
    return PCI_BUS(qdev_get_parent_bus((DeviceState *)&dev->qdev));
}

int pci_dev_bus_num(const PCIDevice *dev);
/* The root bus above dev, and its "domain:bus" path ("0000:00"). */
PCIBus *pci_device_root_bus(const PCIDevice *dev);
const char *pci_root_bus_path(PCIDevice *dev);
/* Function 0 of dev's slot (dev itself if it is function 0), or NULL. */
PCIDevice *pci_get_function_0(PCIDevice *pci_dev);
/* Requester ID (bus << 8 | devfn) for DMA attributes. */
uint16_t pci_requester_id(PCIDevice *dev);
/* The regions BARs of dev map into. */
MemoryRegion *pci_address_space(PCIDevice *dev);
MemoryRegion *pci_address_space_io(PCIDevice *dev);

/*
 * Board shorthands: an unrealized device with addr (devfn, -1: any) and
 * optionally multifunction set; realize it on bus; or both, aborting on
 * error.
 */
PCIDevice *pci_new(int devfn, const char *name);
PCIDevice *pci_new_multifunction(int devfn, bool multifunction,
                                 const char *name);
bool pci_realize_and_unref(PCIDevice *dev, PCIBus *bus, Error **errp);
PCIDevice *pci_create_simple(PCIBus *bus, int devfn, const char *name);
PCIDevice *pci_create_simple_multifunction(PCIBus *bus, int devfn,
                                           bool multifunction,
                                           const char *name);

/* ---- Configuration space ---- */

/*
 * Does a configuration access [a, a + alen) meet registers [b, b + blen)?
 * (What a device's config_write hook asks before acting on a write.)
 */
static inline bool pci_ranges_overlap(uint32_t a, uint32_t alen, uint32_t b,
                                      uint32_t blen)
{
    return a < b + blen && b < a + alen;
}

/*
 * The core's handling of a configuration read or write (what a device's
 * hooks chain to): reads return the bytes; writes change only wmask bits,
 * clear w1cmask bits written as 1, and then remap BARs (after a BAR,
 * ROM or command write), update INTx (Interrupt Disable) and DMA (Bus
 * Master).
 */
uint32_t pci_default_read_config(PCIDevice *d, uint32_t address, int len);
void pci_default_write_config(PCIDevice *d, uint32_t address, uint32_t val,
                              int len);
static inline uint32_t pci_config_size(const PCIDevice *d)
{
    return d->config_size;
}
static inline bool pci_is_express(const PCIDevice *d)
{
    return d->cap_present & QEMU_PCI_CAP_EXPRESS;
}

/*
 * PCI reset (RST#) of one function: INTx deasserted, command and status
 * cleared, interrupt line and cache line size zeroed, BARs back to their
 * type bits and unmapped.  The bus reset does this for every device after
 * the devices' own reset hooks.
 */
void pci_device_reset(PCIDevice *dev);

/* ---- BARs ---- */

/*
 * Declare BAR region_num (0-5, or PCI_ROM_SLOT) of type
 * PCI_BASE_ADDRESS_SPACE_IO or PCI_BASE_ADDRESS_SPACE_MEMORY ORed with
 * PCI_BASE_ADDRESS_MEM_TYPE_64 and/or PCI_BASE_ADDRESS_MEM_PREFETCH,
 * decoding memory (size a power of two, at least 4 bytes for I/O, 16 for
 * memory; PCI 3.0, 6.2.5.1).  A 64-bit BAR also takes region_num + 1.
 * The device owns memory; the core maps it where the guest puts it.
 */
void pci_register_bar(PCIDevice *pci_dev, int region_num, uint8_t type,
                      MemoryRegion *memory);
/* Where BAR region_num is mapped now, PCI_BAR_UNMAPPED if it is not. */
pcibus_t pci_get_bar_addr(PCIDevice *pci_dev, int region_num);

/* ---- Capabilities ---- */

/*
 * Insert capability cap_id of size bytes at offset (0: the first free
 * dword-aligned place after the header) at the head of the list, set the
 * status Capabilities List bit and make it read-only to the guest.
 * Returns the offset, or a negative errno with errp set when it overlaps
 * another capability or no room is left.
 */
int pci_add_capability(PCIDevice *pdev, uint8_t cap_id, uint8_t offset,
                       uint8_t size, Error **errp);
/* Unlink capability cap_id (of cap_size bytes) and free its bytes. */
void pci_del_capability(PCIDevice *pci_dev, uint8_t cap_id, uint8_t cap_size);
/* Offset of capability cap_id, 0 if the device has none. */
uint8_t pci_find_capability(PCIDevice *pci_dev, uint8_t cap_id);

/* ---- INTx ---- */

/*
 * Drive the device's pin (PCI_INTERRUPT_PIN, which must be set) to level:
 * the status Interrupt bit follows; unless the command register's
 * Interrupt Disable bit is set, the bus line the pin is routed to is up
 * while any device drives it.
 */
void pci_set_irq(PCIDevice *pci_dev, int level);
static inline void pci_irq_assert(PCIDevice *pci_dev)
{
    pci_set_irq(pci_dev, 1);
}
static inline void pci_irq_deassert(PCIDevice *pci_dev)
{
    pci_set_irq(pci_dev, 0);
}
static inline void pci_irq_pulse(PCIDevice *pci_dev)
{
    pci_irq_assert(pci_dev);
    pci_irq_deassert(pci_dev);
}
/* Release all four pins. */
void pci_device_deassert_intx(PCIDevice *dev);
/* A qemu_irq driving the device's pin (free with qemu_free_irq). */
qemu_irq pci_allocate_irq(PCIDevice *pci_dev);

/* ---- DMA ---- */

/* What the device's DMA sees (valid once realized). */
AddressSpace *pci_get_address_space(PCIDevice *dev);
/* The space behind the Bus Master gate (an IOMMU's, later). */
AddressSpace *pci_device_iommu_address_space(PCIDevice *dev);

static inline MemTxResult pci_dma_read(PCIDevice *dev, dma_addr_t addr,
                                       void *buf, dma_addr_t len)
{
    return dma_memory_read(pci_get_address_space(dev), addr, buf, len,
                           MEMTXATTRS_UNSPECIFIED);
}
static inline MemTxResult pci_dma_write(PCIDevice *dev, dma_addr_t addr,
                                        const void *buf, dma_addr_t len)
{
    return dma_memory_write(pci_get_address_space(dev), addr, buf, len,
                            MEMTXATTRS_UNSPECIFIED);
}
static inline MemTxResult pci_dma_set(PCIDevice *dev, dma_addr_t addr,
                                      uint8_t c, dma_addr_t len)
{
    return dma_memory_set(pci_get_address_space(dev), addr, c, len,
                          MEMTXATTRS_UNSPECIFIED);
}

/* ---- Little-endian configuration space accessors ---- */

static inline void pci_set_byte(uint8_t *config, uint8_t val)
{
    *config = val;
}
static inline uint8_t pci_get_byte(const uint8_t *config)
{
    return *config;
}
static inline void pci_set_word(uint8_t *config, uint16_t val)
{
    config[0] = val;
    config[1] = val >> 8;
}
static inline uint16_t pci_get_word(const uint8_t *config)
{
    return config[0] | (uint16_t)config[1] << 8;
}
static inline void pci_set_long(uint8_t *config, uint32_t val)
{
    pci_set_word(config, val);
    pci_set_word(config + 2, val >> 16);
}
static inline uint32_t pci_get_long(const uint8_t *config)
{
    return pci_get_word(config) | (uint32_t)pci_get_word(config + 2) << 16;
}
static inline void pci_set_quad(uint8_t *config, uint64_t val)
{
    pci_set_long(config, val);
    pci_set_long(config + 4, val >> 32);
}
static inline uint64_t pci_get_quad(const uint8_t *config)
{
    return pci_get_long(config) | (uint64_t)pci_get_long(config + 4) << 32;
}

static inline void pci_config_set_vendor_id(uint8_t *config, uint16_t val)
{
    pci_set_word(config + PCI_VENDOR_ID, val);
}
static inline void pci_config_set_device_id(uint8_t *config, uint16_t val)
{
    pci_set_word(config + PCI_DEVICE_ID, val);
}
static inline void pci_config_set_revision(uint8_t *config, uint8_t val)
{
    pci_set_byte(config + PCI_REVISION_ID, val);
}
static inline void pci_config_set_class(uint8_t *config, uint16_t val)
{
    pci_set_word(config + PCI_CLASS_DEVICE, val);
}
static inline void pci_config_set_prog_interface(uint8_t *config, uint8_t val)
{
    pci_set_byte(config + PCI_CLASS_PROG, val);
}
/* 1 = INTA# .. 4 = INTD#, 0 = no interrupt. */
static inline void pci_config_set_interrupt_pin(uint8_t *config, uint8_t val)
{
    pci_set_byte(config + PCI_INTERRUPT_PIN, val);
}

/* Set / clear mask bits, returning the previous values of those bits. */
static inline uint16_t pci_word_test_and_set_mask(uint8_t *config,
                                                  uint16_t mask)
{
    uint16_t val = pci_get_word(config);

    pci_set_word(config, val | mask);
    return val & mask;
}
static inline uint16_t pci_word_test_and_clear_mask(uint8_t *config,
                                                    uint16_t mask)
{
    uint16_t val = pci_get_word(config);

    pci_set_word(config, val & ~mask);
    return val & mask;
}
static inline uint32_t pci_long_test_and_set_mask(uint8_t *config,
                                                  uint32_t mask)
{
    uint32_t val = pci_get_long(config);

    pci_set_long(config, val | mask);
    return val & mask;
}
static inline uint32_t pci_long_test_and_clear_mask(uint8_t *config,
                                                    uint32_t mask)
{
    uint32_t val = pci_get_long(config);

    pci_set_long(config, val & ~mask);
    return val & mask;
}

#endif /* MACHINE_PCI_H */
