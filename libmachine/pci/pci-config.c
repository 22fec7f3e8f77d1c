/*
 * The configuration space of a PCI function: which bits the guest may
 * write, the default read and write handlers, and BARs (registration,
 * the sizing protocol, mapping into the bus when decoding is enabled).
 */
#include <string.h>

#include "pci-internal.h"

/* ---- Masks ---- */

static bool pci_header_is_bridge(PCIDevice *d)
{
    return (d->config[PCI_HEADER_TYPE] & ~PCI_HEADER_TYPE_MULTI_FUNCTION) ==
           PCI_HEADER_TYPE_BRIDGE;
}

/* What identifies the function (QEMU compares these on migration). */
static void pci_init_cmask(PCIDevice *d)
{
    pci_set_word(d->cmask + PCI_VENDOR_ID, 0xffff);
    pci_set_word(d->cmask + PCI_DEVICE_ID, 0xffff);
    d->cmask[PCI_STATUS] = PCI_STATUS_CAP_LIST;
    d->cmask[PCI_REVISION_ID] = 0xff;
    d->cmask[PCI_CLASS_PROG] = 0xff;
    pci_set_word(d->cmask + PCI_CLASS_DEVICE, 0xffff);
    d->cmask[PCI_HEADER_TYPE] = 0xff;
    d->cmask[PCI_CAPABILITY_LIST] = 0xff;
}

/*
 * PCI 3.0 6.2.2: of the command register, emu implements I/O and memory
 * decode, bus mastering, SERR# enable and INTx disable; the other bits
 * are hardwired to 0.  Cache line size and interrupt line are plain
 * read/write registers (6.2.4).  The device-specific area after the
 * header is writable until a capability or the device says otherwise.
 */
static void pci_init_wmask(PCIDevice *d)
{
    d->wmask[PCI_CACHE_LINE_SIZE] = 0xff;
    d->wmask[PCI_INTERRUPT_LINE] = 0xff;
    pci_set_word(d->wmask + PCI_COMMAND,
                 PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
                     PCI_COMMAND_SERR | PCI_COMMAND_INTX_DISABLE);
    memset(d->wmask + PCI_CONFIG_HEADER_SIZE, 0xff,
           d->config_size - PCI_CONFIG_HEADER_SIZE);
}

/* PCI 3.0 6.2.3: the error bits of the status register are RW1C. */
#define PCI_STATUS_W1C_BITS                                                    \
    (PCI_STATUS_PARITY | PCI_STATUS_SIG_TARGET_ABORT |                         \
     PCI_STATUS_REC_TARGET_ABORT | PCI_STATUS_REC_MASTER_ABORT |               \
     PCI_STATUS_SIG_SYSTEM_ERROR | PCI_STATUS_DETECTED_PARITY)

static void pci_init_w1cmask(PCIDevice *d)
{
    pci_set_word(d->w1cmask + PCI_STATUS, PCI_STATUS_W1C_BITS);
}

/*
 * Type 1 header (bridge spec 3.2): bus numbers and secondary latency
 * timer are read/write; the I/O window decodes 16-bit addresses in 4 KiB
 * units and the memory windows 1 MiB units (the low 4 bits of each base
 * and limit are read-only type bits); the prefetchable window is 64-bit
 * capable; the bridge control bits emu models are writable, and the
 * secondary status errors are RW1C like the primary ones.
 */
static void pci_init_mask_bridge(PCIDevice *d)
{
    memset(d->wmask + PCI_PRIMARY_BUS, 0xff, 4);

    d->wmask[PCI_IO_BASE] = PCI_IO_RANGE_MASK & 0xff;
    d->wmask[PCI_IO_LIMIT] = PCI_IO_RANGE_MASK & 0xff;
    pci_set_word(d->wmask + PCI_MEMORY_BASE, PCI_MEMORY_RANGE_MASK & 0xffff);
    pci_set_word(d->wmask + PCI_MEMORY_LIMIT, PCI_MEMORY_RANGE_MASK & 0xffff);
    pci_set_word(d->wmask + PCI_PREF_MEMORY_BASE, PCI_PREF_RANGE_MASK & 0xffff);
    pci_set_word(d->wmask + PCI_PREF_MEMORY_LIMIT,
                 PCI_PREF_RANGE_MASK & 0xffff);
    memset(d->wmask + PCI_PREF_BASE_UPPER32, 0xff, 8);

    d->config[PCI_IO_BASE] |= PCI_IO_RANGE_TYPE_16;
    d->config[PCI_IO_LIMIT] |= PCI_IO_RANGE_TYPE_16;
    pci_word_test_and_set_mask(d->config + PCI_PREF_MEMORY_BASE,
                               PCI_PREF_RANGE_TYPE_64);
    pci_word_test_and_set_mask(d->config + PCI_PREF_MEMORY_LIMIT,
                               PCI_PREF_RANGE_TYPE_64);

    pci_set_word(d->wmask + PCI_BRIDGE_CONTROL,
                 PCI_BRIDGE_CTL_PARITY | PCI_BRIDGE_CTL_SERR |
                     PCI_BRIDGE_CTL_ISA | PCI_BRIDGE_CTL_VGA |
                     PCI_BRIDGE_CTL_VGA_16BIT | PCI_BRIDGE_CTL_MASTER_ABORT |
                     PCI_BRIDGE_CTL_BUS_RESET | PCI_BRIDGE_CTL_FAST_BACK |
                     PCI_BRIDGE_CTL_DISCARD | PCI_BRIDGE_CTL_SEC_DISCARD |
                     PCI_BRIDGE_CTL_DISCARD_SERR);
    pci_set_word(d->w1cmask + PCI_BRIDGE_CONTROL,
                 PCI_BRIDGE_CTL_DISCARD_STATUS);
    pci_set_word(d->w1cmask + PCI_SEC_STATUS, PCI_STATUS_W1C_BITS);

    d->cmask[PCI_IO_BASE] |= PCI_IO_RANGE_TYPE_MASK;
    d->cmask[PCI_IO_LIMIT] |= PCI_IO_RANGE_TYPE_MASK;
    pci_word_test_and_set_mask(d->cmask + PCI_PREF_MEMORY_BASE,
                               PCI_PREF_RANGE_TYPE_MASK);
    pci_word_test_and_set_mask(d->cmask + PCI_PREF_MEMORY_LIMIT,
                               PCI_PREF_RANGE_TYPE_MASK);
}

void pci_init_config_masks(PCIDevice *d)
{
    pci_init_cmask(d);
    pci_init_wmask(d);
    pci_init_w1cmask(d);
    if (pci_header_is_bridge(d)) {
        pci_init_mask_bridge(d);
    }
}

/* ---- Default handlers ---- */

uint32_t pci_default_read_config(PCIDevice *d, uint32_t address, int len)
{
    uint32_t val = 0;
    int i;

    g_assert(len >= 1 && len <= 4);
    g_assert(address + len <= d->config_size);
    for (i = len - 1; i >= 0; i--) {
        val = (val << 8) | d->config[address + i];
    }
    return val;
}

void pci_default_write_config(PCIDevice *d, uint32_t address, uint32_t val,
                              int len)
{
    bool was_irq_disabled = pci_irq_disabled(d);
    uint32_t v = val;
    int i;

    g_assert(len >= 1 && len <= 4);
    g_assert(address + len <= d->config_size);
    for (i = 0; i < len; i++, v >>= 8) {
        uint8_t wmask = d->wmask[address + i];
        uint8_t w1cmask = d->w1cmask[address + i];
        uint8_t byte = v & 0xff;

        /* A bit is either writable or write-1-to-clear, never both. */
        g_assert(!(wmask & w1cmask));
        d->config[address + i] =
            (d->config[address + i] & ~wmask) | (byte & wmask);
        d->config[address + i] &= ~(byte & w1cmask);
    }

    if (pci_ranges_overlap(address, len, PCI_BASE_ADDRESS_0, 24) ||
        pci_ranges_overlap(address, len, PCI_ROM_ADDRESS, 4) ||
        pci_ranges_overlap(address, len, PCI_ROM_ADDRESS1, 4) ||
        pci_ranges_overlap(address, len, PCI_COMMAND, 2)) {
        pci_update_mappings(d);
    }
    if (pci_ranges_overlap(address, len, PCI_COMMAND, 2)) {
        pci_update_irq_disabled(d, was_irq_disabled);
        pci_update_bus_master(d);
    }
}

/* ---- BARs ---- */

int pci_bar(PCIDevice *d, int reg)
{
    if (reg != PCI_ROM_SLOT) {
        return PCI_BASE_ADDRESS_0 + reg * 4;
    }
    return pci_header_is_bridge(d) ? PCI_ROM_ADDRESS1 : PCI_ROM_ADDRESS;
}

static bool pci_bar_is_mem64(uint8_t type)
{
    return !(type & PCI_BASE_ADDRESS_SPACE_IO) &&
           (type & PCI_BASE_ADDRESS_MEM_TYPE_64);
}

void pci_register_bar(PCIDevice *pci_dev, int region_num, uint8_t type,
                      MemoryRegion *memory)
{
    uint64_t size = memory_region_size(memory);
    bool is_io = type & PCI_BASE_ADDRESS_SPACE_IO;
    PCIIORegion *r;
    uint64_t wmask;
    int addr;

    /* Called from the class realize, once the core has set up config. */
    g_assert(pci_dev->config);
    g_assert(region_num >= 0 && region_num < PCI_NUM_REGIONS);
    /* PCI 3.0 6.2.5.1: sizes are powers of two, >= 16 (mem), >= 4 (I/O). */
    g_assert(size != UINT64_MAX && size && !(size & (size - 1)));
    if (is_io) {
        g_assert(type == PCI_BASE_ADDRESS_SPACE_IO);
        g_assert(size >= 4 && size <= 0x10000);
    } else if (region_num != PCI_ROM_SLOT) {
        g_assert(size >= 16);
        g_assert(pci_bar_is_mem64(type) || size <= 0x100000000ULL);
    }
    if (region_num == PCI_ROM_SLOT) {
        /* The ROM BAR has an enable bit where the others have types. */
        g_assert(type == PCI_BASE_ADDRESS_SPACE_MEMORY);
        g_assert(size <= 0x100000000ULL);
    } else {
        /* A bridge's header has room for two BARs (bridge spec 3.2). */
        g_assert(!pci_header_is_bridge(pci_dev) || region_num < 2);
        /* Not the upper half of a 64-bit BAR. */
        g_assert(region_num == 0 ||
                 !(pci_dev->io_regions[region_num - 1].size &&
                   pci_bar_is_mem64(pci_dev->io_regions[region_num - 1].type)));
        if (pci_bar_is_mem64(type)) {
            g_assert(region_num < PCI_ROM_SLOT - 1);
            g_assert(!pci_dev->io_regions[region_num + 1].size);
        }
    }

    r = &pci_dev->io_regions[region_num];
    g_assert(!r->size);
    r->addr = PCI_BAR_UNMAPPED;
    r->size = size;
    r->type = type;
    r->memory = memory;
    r->address_space = is_io ? pci_get_bus(pci_dev)->address_space_io
                             : pci_get_bus(pci_dev)->address_space_mem;

    /*
     * The sizing protocol (PCI 3.0 6.2.5.1): the address bits below the
     * size are hardwired to zero, so writing all-ones reads back the
     * size mask with the type bits.  The ROM decodes at least 2 KiB: bits
     * 10:1 are reserved (6.2.5.2), bit 0 enables it.
     */
    wmask = ~(size - 1);
    if (region_num == PCI_ROM_SLOT) {
        wmask = (wmask & PCI_ROM_ADDRESS_MASK) | PCI_ROM_ADDRESS_ENABLE;
    }
    addr = pci_bar(pci_dev, region_num);
    if (pci_bar_is_mem64(type)) {
        pci_set_quad(pci_dev->config + addr, type);
        pci_set_quad(pci_dev->wmask + addr, wmask);
        pci_set_quad(pci_dev->cmask + addr, ~0ULL);
    } else {
        pci_set_long(pci_dev->config + addr, type);
        pci_set_long(pci_dev->wmask + addr, wmask & 0xffffffff);
        pci_set_long(pci_dev->cmask + addr, 0xffffffff);
    }
}

pcibus_t pci_get_bar_addr(PCIDevice *pci_dev, int region_num)
{
    g_assert(region_num >= 0 && region_num < PCI_NUM_REGIONS);
    return pci_dev->io_regions[region_num].addr;
}

/*
 * Where BAR reg decodes now, or PCI_BAR_UNMAPPED: decoding of its space
 * must be on (and the ROM's enable bit set), and the range must fit.
 * Like QEMU on the PC, address 0 means "not assigned", and so does a
 * range that ends at the top of the 32-bit (or 64-bit) space: that is
 * what a BAR holds in the middle of sizing.
 */
static pcibus_t pci_bar_address(PCIDevice *d, int reg, uint8_t type,
                                pcibus_t size)
{
    uint16_t cmd = pci_get_word(d->config + PCI_COMMAND);
    int bar = pci_bar(d, reg);
    pcibus_t base, last;

    if (type & PCI_BASE_ADDRESS_SPACE_IO) {
        if (!(cmd & PCI_COMMAND_IO)) {
            return PCI_BAR_UNMAPPED;
        }
        base = pci_get_long(d->config + bar) & ~(size - 1);
        last = base + size - 1;
        if (base == 0 || last <= base || last >= UINT32_MAX) {
            return PCI_BAR_UNMAPPED;
        }
        return base;
    }

    if (!(cmd & PCI_COMMAND_MEMORY)) {
        return PCI_BAR_UNMAPPED;
    }
    if (pci_bar_is_mem64(type)) {
        base = pci_get_quad(d->config + bar);
    } else {
        base = pci_get_long(d->config + bar);
    }
    if (reg == PCI_ROM_SLOT && !(base & PCI_ROM_ADDRESS_ENABLE)) {
        return PCI_BAR_UNMAPPED;
    }
    base &= ~(size - 1);
    if (reg == PCI_ROM_SLOT) {
        base &= PCI_ROM_ADDRESS_MASK;
    }
    last = base + size - 1;
    if (base == 0 || last <= base || last == PCI_BAR_UNMAPPED) {
        return PCI_BAR_UNMAPPED;
    }
    if (!pci_bar_is_mem64(type) && last >= UINT32_MAX) {
        return PCI_BAR_UNMAPPED;
    }
    return base;
}

void pci_update_mappings(PCIDevice *d)
{
    int i;

    memory_region_transaction_begin();
    for (i = 0; i < PCI_NUM_REGIONS; i++) {
        PCIIORegion *r = &d->io_regions[i];
        pcibus_t new_addr;

        if (!r->size) {
            continue;
        }
        new_addr = d->has_power ? pci_bar_address(d, i, r->type, r->size)
                                : PCI_BAR_UNMAPPED;
        if (new_addr == r->addr) {
            continue;
        }
        if (r->addr != PCI_BAR_UNMAPPED) {
            memory_region_del_subregion(r->address_space, r->memory);
        }
        r->addr = new_addr;
        /*
         * Overlapping BARs are the guest's business (firmware moves them
         * through each other while sizing); they sit above whatever the
         * bus has underneath.
         */
        if (r->addr != PCI_BAR_UNMAPPED) {
            memory_region_add_subregion_overlap(r->address_space, r->addr,
                                                r->memory, 1);
        }
    }
    memory_region_transaction_commit();
}

void pci_unregister_io_regions(PCIDevice *d)
{
    int i;

    memory_region_transaction_begin();
    for (i = 0; i < PCI_NUM_REGIONS; i++) {
        PCIIORegion *r = &d->io_regions[i];

        if (r->size && r->addr != PCI_BAR_UNMAPPED) {
            memory_region_del_subregion(r->address_space, r->memory);
        }
    }
    memory_region_transaction_commit();
    memset(d->io_regions, 0, sizeof(d->io_regions));
}
