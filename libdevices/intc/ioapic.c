/*
 * The I/O APIC ("ioapic"): 24 interrupt inputs, each routed by its
 * redirection table entry to a local APIC as an interrupt message.
 * Intel 82093AA I/O APIC datasheet (registers, redirection entries,
 * remote IRR), with the EOI register of the ICH's I/O APIC (version
 * 0x20, "EOIR—EOI Register"), and QEMU 7.2's behaviour where the two
 * leave room (checked with qtest against qemu-system-x86_64 -M pc).
 *
 * Delivery: QEMU turns every interrupt into an MSI-style 32-bit write
 * into the system address space (address 0xfee00000 with the
 * destination, data with the vector, delivery and trigger mode), and so
 * does emu.  KVM's local APICs decode 0xfee00000 under
 * kernel-irqchip=split (libaccel-kvm, which also reports their EOIs);
 * otherwise (qtest too) the board's userspace local APICs do
 * (intc/apic-msi.c), and their EOIs come back the same way.
 */
#include <inttypes.h>

#include "devices/ioapic.h"
#include "machine/irq.h"
#include "machine/memory.h"
#include "machine/qdev-properties.h"
#include "machine/sysbus.h"
#include "machine/x86-intr.h"
#include "util/error.h"
#include "util/log.h"

OBJECT_DECLARE_SIMPLE_TYPE(IOAPICState, IOAPIC)

/* ---- Registers ---- */

/* Direct registers, offsets in the page (82093AA 3.0; ICH EOIR). */
#define IOAPIC_IOREGSEL 0x00
#define IOAPIC_IOWIN 0x10
#define IOAPIC_EOI 0x40
#define IOAPIC_MMIO_SIZE 0x1000
/*
 * QEMU decodes address bits 7:0 only, so the registers repeat every 256
 * bytes of the page (qtest: 0xfec00100 reads IOREGSEL); emu does too.
 */
#define IOAPIC_DECODE_MASK 0xff

/* Indirect registers, selected by IOREGSEL. */
#define IOAPIC_REG_ID 0x00
#define IOAPIC_REG_VER 0x01
#define IOAPIC_REG_ARB 0x02
#define IOAPIC_REG_REDTBL 0x10 /* 0x10 + 2n: low dword of entry n */

#define IOAPIC_ID_SHIFT 24
#define IOAPIC_ID_MASK 0xf
#define IOAPIC_VER_MAX_ENTRY_SHIFT 16

/* The two versions QEMU models: 82093AA, and the ICH's with EOIR. */
#define IOAPIC_VERSION_82093AA 0x11
#define IOAPIC_VERSION_EOIR 0x20

/* Redirection table entry (82093AA 3.2.4). */
#define IOAPIC_RTE_VECTOR 0xffULL
#define IOAPIC_RTE_DELIVERY_SHIFT 8
#define IOAPIC_RTE_DELIVERY_MASK 0x7
#define IOAPIC_RTE_DEST_LOGICAL (1ULL << 11)
#define IOAPIC_RTE_DELIVERY_STATUS (1ULL << 12)
#define IOAPIC_RTE_REMOTE_IRR (1ULL << 14)
#define IOAPIC_RTE_LEVEL (1ULL << 15)
#define IOAPIC_RTE_MASKED (1ULL << 16)
#define IOAPIC_RTE_RO (IOAPIC_RTE_DELIVERY_STATUS | IOAPIC_RTE_REMOTE_IRR)
/*
 * Bits 63:48 go to the message address as QEMU sends them: the
 * destination (63:56) lands in address bits 19:12; bits 55:48, reserved
 * on the 82093AA but read back as written (as every reserved bit here,
 * as in QEMU), carry the interrupt-remapping format's index in QEMU.
 */
#define IOAPIC_RTE_DEST_IDX_SHIFT 48

/* Delivery modes (82093AA 3.2.4, bits 10:8). */
#define IOAPIC_DM_EXTINT 7

/* The interrupt message (Intel SDM vol. 3A 11.11, MSI address/data). */
#define MSI_ADDR_BASE 0xfee00000u
#define MSI_ADDR_DEST_IDX_SHIFT 4
#define MSI_ADDR_DEST_MODE_SHIFT 2
#define MSI_DATA_DELIVERY_SHIFT 8
#define MSI_DATA_TRIGGER_SHIFT 15

struct IOAPICState {
    SysBusDevice parent_obj;

    MemoryRegion io;
    uint8_t version; /* property "version" */

    uint8_t id;
    uint8_t ioregsel;
    uint64_t ioredtbl[IOAPIC_NUM_PINS];
    /* Levels on the inputs (bit n: input n), kept across reset: wires. */
    uint32_t input_level;
};

/* Every realized I/O APIC, for the local APICs' broadcast EOI. */
static GSList *ioapics;

/* ---- Inputs and delivery ---- */

/*
 * The level on pin: its input, and for pin 2 also input 0.  QEMU 7.2
 * routes ISA IRQ 0 (the PIT) to pin 2 inside the I/O APIC's input
 * handler, the override the firmware tables (MP table, MADT) give, so
 * qtest sees the PIT on input 0 and nothing drives pin 0.  The
 * polarity bit is not applied: a qemu_irq level is "asserted" already.
 */
static bool ioapic_pin_asserted(const IOAPICState *s, int pin)
{
    uint32_t inputs = 1u << pin;

    if (pin == 0) {
        return false;
    }
    if (pin == 2) {
        inputs |= 1u;
    }
    return (s->input_level & inputs) != 0;
}

/* 82093AA 3.2.4: delivery modes 011 and 110 are reserved. */
static bool ioapic_entry_reserved(uint64_t entry)
{
    uint32_t mode =
        (entry >> IOAPIC_RTE_DELIVERY_SHIFT) & IOAPIC_RTE_DELIVERY_MASK;

    return mode == 3 || mode == 6;
}

/* The interrupt message entry sends. */
static void ioapic_entry_msi(uint64_t entry, uint32_t *addr, uint32_t *data)
{
    uint32_t mode =
        (entry >> IOAPIC_RTE_DELIVERY_SHIFT) & IOAPIC_RTE_DELIVERY_MASK;
    uint32_t dest_idx = (entry >> IOAPIC_RTE_DEST_IDX_SHIFT) & 0xffff;
    uint32_t logical = (entry & IOAPIC_RTE_DEST_LOGICAL) ? 1 : 0;
    uint32_t level = (entry & IOAPIC_RTE_LEVEL) ? 1 : 0;

    *addr = MSI_ADDR_BASE | dest_idx << MSI_ADDR_DEST_IDX_SHIFT |
            logical << MSI_ADDR_DEST_MODE_SHIFT;
    /*
     * ExtINT sends the vector field as programmed: the receiving CPU
     * fetches the real vector from the 8259 with an INTA cycle.
     */
    *data = (uint32_t)(entry & IOAPIC_RTE_VECTOR) |
            mode << MSI_DATA_DELIVERY_SHIFT | level << MSI_DATA_TRIGGER_SHIFT;
}

/*
 * Tell the CPU side what pin sends now (machine/x86-intr.h): KVM's local
 * APICs report the EOI of the level-triggered vectors it learns there.
 */
static void ioapic_route_changed(IOAPICState *s, int pin)
{
    uint64_t entry = s->ioredtbl[pin];
    uint32_t addr, data;

    ioapic_entry_msi(entry, &addr, &data);
    x86_intr_ioapic_route_changed(pin,
                                  (entry & IOAPIC_RTE_MASKED) ||
                                      ioapic_entry_reserved(entry),
                                  addr, data);
}

static void ioapic_deliver(IOAPICState *s, int pin, uint64_t entry)
{
    uint32_t addr, data;

    if (ioapic_entry_reserved(entry)) {
        qemu_log_mask_ratelimited(
            LOG_GUEST_ERROR,
            "ioapic: pin %d: reserved delivery mode %" PRIu64 ", "
            "interrupt dropped\n",
            pin, (entry >> IOAPIC_RTE_DELIVERY_SHIFT) &
                     IOAPIC_RTE_DELIVERY_MASK);
        return;
    }
    ioapic_entry_msi(entry, &addr, &data);
    /* The local APICs decode it, if the accelerator has them. */
    address_space_stl_le(&address_space_memory, addr, data,
                         MEMTXATTRS_UNSPECIFIED, NULL);
}

/*
 * A level-triggered pin: send while the input is asserted, the entry
 * unmasked and the previous message not yet EOI'd (remote IRR clear).
 * Edge-triggered pins send on the rising edge only (ioapic_set_irq).
 */
static void ioapic_service_level(IOAPICState *s, int pin)
{
    uint64_t *entry = &s->ioredtbl[pin];

    if (!(*entry & IOAPIC_RTE_LEVEL) || (*entry & IOAPIC_RTE_MASKED) ||
        (*entry & IOAPIC_RTE_REMOTE_IRR) || !ioapic_pin_asserted(s, pin)) {
        return;
    }
    *entry |= IOAPIC_RTE_REMOTE_IRR;
    ioapic_deliver(s, pin, *entry);
}

/* GPIO input n changed (n: the GSI; the board wires input n to GSI n). */
static void ioapic_set_irq(void *opaque, int n, int level)
{
    IOAPICState *s = opaque;
    int pin = n == 0 ? 2 : n;
    bool was = ioapic_pin_asserted(s, pin);
    uint64_t entry = s->ioredtbl[pin];

    if (level) {
        s->input_level |= 1u << n;
    } else {
        s->input_level &= ~(1u << n);
    }
    if (entry & IOAPIC_RTE_LEVEL) {
        ioapic_service_level(s, pin);
    } else if (!was && ioapic_pin_asserted(s, pin) &&
               !(entry & IOAPIC_RTE_MASKED)) {
        /* 82093AA 3.2.4: edges on a masked pin are dropped, not held. */
        ioapic_deliver(s, pin, entry);
    }
}

/*
 * EOI for vector (82093AA: the EOI message; ICH: the EOI register):
 * clear remote IRR on every entry with that vector, and send again if
 * the input is still asserted.
 */
static void ioapic_eoi(IOAPICState *s, uint8_t vector)
{
    int pin;

    for (pin = 0; pin < IOAPIC_NUM_PINS; pin++) {
        uint64_t *entry = &s->ioredtbl[pin];

        if ((*entry & IOAPIC_RTE_VECTOR) == vector &&
            (*entry & IOAPIC_RTE_REMOTE_IRR)) {
            *entry &= ~IOAPIC_RTE_REMOTE_IRR;
            ioapic_service_level(s, pin);
        }
    }
}

void ioapic_eoi_broadcast(int vector)
{
    GSList *l;

    for (l = ioapics; l; l = l->next) {
        ioapic_eoi(l->data, (uint8_t)vector);
    }
}

/* ---- Indirect registers ---- */

/* The entry IOREGSEL names and whether it is the high dword, or -1. */
static int ioapic_rte_index(const IOAPICState *s, bool *high)
{
    int index;

    if (s->ioregsel < IOAPIC_REG_REDTBL) {
        return -1;
    }
    index = (s->ioregsel - IOAPIC_REG_REDTBL) >> 1;
    *high = s->ioregsel & 1;
    return index < IOAPIC_NUM_PINS ? index : -1;
}

static uint32_t ioapic_reg_read(IOAPICState *s)
{
    bool high;
    int index;

    switch (s->ioregsel) {
    case IOAPIC_REG_ID:
    case IOAPIC_REG_ARB:
        /* The arbitration ID is loaded from the ID (82093AA 3.2.3). */
        return (uint32_t)s->id << IOAPIC_ID_SHIFT;
    case IOAPIC_REG_VER:
        return s->version | (IOAPIC_NUM_PINS - 1) << IOAPIC_VER_MAX_ENTRY_SHIFT;
    }
    index = ioapic_rte_index(s, &high);
    if (index < 0) {
        /* QEMU 7.2 reads 0 there (checked with qtest). */
        qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                                  "ioapic: read of undefined register 0x%02x\n",
                                  s->ioregsel);
        return 0;
    }
    return high ? (uint32_t)(s->ioredtbl[index] >> 32)
                : (uint32_t)s->ioredtbl[index];
}

static void ioapic_rte_write(IOAPICState *s, int index, bool high, uint32_t val)
{
    uint64_t *entry = &s->ioredtbl[index];
    uint64_t ro = *entry & IOAPIC_RTE_RO;
    uint64_t v = high ? (*entry & 0xffffffffULL) | (uint64_t)val << 32
                      : (*entry & ~0xffffffffULL) | val;

    v = (v & ~IOAPIC_RTE_RO) | ro;
    /*
     * Remote IRR means nothing for an edge-triggered entry; switching to
     * edge clears it, which is how software without an EOI register
     * (version 0x11) recovers a level interrupt (QEMU does the same).
     */
    if (!(v & IOAPIC_RTE_LEVEL)) {
        v &= ~IOAPIC_RTE_REMOTE_IRR;
    }
    *entry = v;
    ioapic_route_changed(s, index);
    /* Unmasked, or now level-triggered, with the input asserted: send. */
    ioapic_service_level(s, index);
}

static void ioapic_reg_write(IOAPICState *s, uint32_t val)
{
    bool high;
    int index;

    switch (s->ioregsel) {
    case IOAPIC_REG_ID:
        s->id = (val >> IOAPIC_ID_SHIFT) & IOAPIC_ID_MASK;
        return;
    case IOAPIC_REG_VER:
    case IOAPIC_REG_ARB:
        qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                                  "ioapic: write 0x%08x to read-only "
                                  "register 0x%02x ignored\n",
                                  val, s->ioregsel);
        return;
    }
    index = ioapic_rte_index(s, &high);
    if (index < 0) {
        qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                                  "ioapic: write 0x%08x to undefined "
                                  "register 0x%02x ignored\n",
                                  val, s->ioregsel);
        return;
    }
    ioapic_rte_write(s, index, high, val);
}

/* ---- MMIO ---- */

/*
 * 82093AA 3.1: IOWIN (and the EOI register) are dword registers; QEMU
 * ignores other widths (reads 0), as emu does, with a log line.
 */
static bool ioapic_check_dword(hwaddr off, unsigned size, bool is_write)
{
    if (size == 4) {
        return true;
    }
    qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                              "ioapic: %u-byte %s at offset 0x%02x ignored: "
                              "the register takes dword accesses only\n",
                              size, is_write ? "write" : "read", (unsigned)off);
    return false;
}

static uint64_t ioapic_mem_read(void *opaque, hwaddr addr, unsigned size)
{
    IOAPICState *s = opaque;
    hwaddr off = addr & IOAPIC_DECODE_MASK;

    switch (off) {
    case IOAPIC_IOREGSEL:
        return s->ioregsel;
    case IOAPIC_IOWIN:
        return ioapic_check_dword(off, size, false) ? ioapic_reg_read(s) : 0;
    default:
        qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                                  "ioapic: %u-byte read at undefined "
                                  "offset 0x%02x\n",
                                  size, (unsigned)off);
        return 0;
    }
}

static void ioapic_mem_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    IOAPICState *s = opaque;
    hwaddr off = addr & IOAPIC_DECODE_MASK;

    switch (off) {
    case IOAPIC_IOREGSEL:
        /* Bits 7:0 select the register; QEMU takes any width here. */
        s->ioregsel = (uint8_t)val;
        return;
    case IOAPIC_IOWIN:
        if (ioapic_check_dword(off, size, true)) {
            ioapic_reg_write(s, (uint32_t)val);
        }
        return;
    case IOAPIC_EOI:
        if (s->version != IOAPIC_VERSION_EOIR) {
            qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                                      "ioapic: version 0x%02x has no EOI "
                                      "register, write ignored\n",
                                      s->version);
            return;
        }
        if (ioapic_check_dword(off, size, true)) {
            /* ICH EOIR: bits 7:0 name the vector, 31:8 are ignored. */
            ioapic_eoi(s, (uint8_t)val);
        }
        return;
    default:
        qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                                  "ioapic: %u-byte write 0x%" PRIx64
                                  " at undefined offset 0x%02x ignored\n",
                                  size, val, (unsigned)off);
    }
}

static const MemoryRegionOps ioapic_io_ops = {
    .read = ioapic_mem_read,
    .write = ioapic_mem_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4},
    .impl = {.min_access_size = 1, .max_access_size = 4},
};

/* ---- Device ---- */

/* Power-on state: ID 0, IOREGSEL 0, every entry masked (82093AA 3.2.4). */
static void ioapic_reset(DeviceState *dev)
{
    IOAPICState *s = IOAPIC(dev);
    int i;

    s->id = 0;
    s->ioregsel = 0;
    for (i = 0; i < IOAPIC_NUM_PINS; i++) {
        s->ioredtbl[i] = IOAPIC_RTE_MASKED;
        ioapic_route_changed(s, i);
    }
}

static void ioapic_realize(DeviceState *dev, Error **errp)
{
    IOAPICState *s = IOAPIC(dev);

    if (s->version != IOAPIC_VERSION_82093AA &&
        s->version != IOAPIC_VERSION_EOIR) {
        /* QEMU 7.2's text. */
        error_setg(errp,
                   "IOAPIC only supports version 0x11 or 0x20 "
                   "(default: 0x%x).",
                   IOAPIC_VERSION_EOIR);
        return;
    }
    memory_region_init_io(&s->io, OBJECT(dev), &ioapic_io_ops, s, "ioapic",
                          IOAPIC_MMIO_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(dev), &s->io);
    qdev_init_gpio_in(dev, ioapic_set_irq, IOAPIC_NUM_PINS);
    ioapics = g_slist_prepend(ioapics, s);
    x86_intr_set_ioapic_eoi_handler(ioapic_eoi_broadcast);
}

static void ioapic_unrealize(DeviceState *dev)
{
    ioapics = g_slist_remove(ioapics, IOAPIC(dev));
}

static void ioapic_finalize(Object *obj)
{
    memory_region_destroy(&IOAPIC(obj)->io);
}

static Property ioapic_properties[] = {
    DEFINE_PROP_UINT8("version", IOAPICState, version, IOAPIC_VERSION_EOIR),
    DEFINE_PROP_END_OF_LIST(),
};

static void ioapic_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = ioapic_realize;
    dc->unrealize = ioapic_unrealize;
    dc->reset = ioapic_reset;
    device_class_set_props(dc, ioapic_properties);
    /* Part of the chipset: the board creates it (QEMU: not pluggable). */
    dc->user_creatable = false;
}

static const TypeInfo ioapic_info = {
    .name = TYPE_IOAPIC,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(IOAPICState),
    .instance_finalize = ioapic_finalize,
    .class_init = ioapic_class_init,
};

static void ioapic_register_types(void)
{
    type_register_static(&ioapic_info);
}

type_init(ioapic_register_types)
