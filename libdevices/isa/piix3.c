/*
 * The PIIX3 PCI-to-ISA bridge, function 0 of the south bridge (see
 * devices/piix.h).  Facts from the Intel 82371FB/82371SB (PIIX/PIIX3)
 * datasheet and QEMU 7.2's behaviour (checked through qtest against
 * qemu-system-x86_64 -M pc).
 *
 * Configuration space at power-on: 8086:7000, class 0x0601, a
 * multi-function header (the board creates it with multifunction=on),
 * command 0, status 0x0200 (medium DEVSEL timing), and the datasheet's
 * defaults of the registers QEMU models: IORT 0x4d, XBCS 0x03, PIRQRC[A-D]
 * 0x80 (routing disabled), TOM 0x02, MBIRQ0 0x80, MBDMA 0x0c, PCSC 0x02,
 * SMICNTL 0x08, FTMR 0x0f.  As in QEMU every byte after the header is
 * writable and only the PIRQ route registers act; a system reset puts
 * them all back (QEMU 7.2 resets only the registers it lists).
 *
 * Interrupts: PCI INTx lines come in as the four PIRQ signals (the
 * board's swizzle decides which); PIRQRC[n] bits 3:0 name the ISA IRQ
 * PIRQn drives while bit 7 is clear.  Several PIRQs may share an IRQ: the
 * IRQ is high while any of them is (PCI interrupts are level-triggered,
 * active low and wire-ORed; emu's lines carry "asserted").  As in QEMU
 * any value 0-15 routes, including the datasheet's reserved 0-2, 8, 13.
 *
 * The reset control register (port 0xcf9, 82371SB 4.1.3): bit 1 picks a
 * hard reset, writing bit 2 resets the system.  The host bridge decodes
 * 0xcf8-0xcfb; the PIIX3 claims byte accesses to 0xcf9 from it.
 */
#include <string.h>

#include "devices/piix.h"
#include "machine/isa.h"
#include "machine/pci-host.h"
#include "machine/pci-ids.h"
#include "machine/reset.h"

OBJECT_DECLARE_SIMPLE_TYPE(PIIX3State, PIIX3_PCI_DEVICE)

/* Registers (82371SB 2.2) with their power-on values. */
#define PIIX_IORT 0x4c
#define PIIX_XBCS 0x4e
#define PIIX_TOM 0x69
#define PIIX_MBIRQ0 0x70
#define PIIX_MBDMA0 0x76
#define PIIX_MBDMA1 0x77
#define PIIX_PCSC 0x78
#define PIIX_SMICNTL 0xa0
#define PIIX_FTMR 0xa8
#define PIIX_DEVICE_SPECIFIC 0x40

/* PIRQRC: bit 7 disables routing, bits 3:0 are the IRQ. */
#define PIIX_PIRQ_DISABLE 0x80
/* RCR bits (82371SB 4.1.3). */
#define PIIX_RCR_SRST 0x02
#define PIIX_RCR_RCPU 0x04

struct PIIX3State {
    PCIDevice dev;

    /* The ISA IRQ lines (PIIX_NUM_PIC_IRQS), the board's. */
    qemu_irq *pic;
    /* Bit irq * 4 + pirq: PIRQ pirq, routed to irq, is asserted. */
    uint64_t pic_levels;
    /* Bit irq: the level the PIIX3 drives ISA IRQ irq to. */
    uint16_t pic_out;

    uint8_t rcr;
    MemoryRegion rcr_mem;
    /* The host bridge whose 0xcf9 port rcr_mem claims, or NULL. */
    PCIHostState *host;
    bool rcr_mapped;
};

/* ---- PIRQ routing ---- */

static int piix3_pirq_target(PIIX3State *s, int pirq)
{
    uint8_t route = s->dev.config[PIIX_PIRQCA + pirq];

    /* Bit 7 set: not routed (a value >= 16 means the same to QEMU). */
    return route < PIIX_NUM_PIC_IRQS ? route : -1;
}

/*
 * Drive ISA IRQ irq from the PIRQs routed to it, only when that changes
 * the PIIX3's output: ISA devices share these lines, and emu's lines are
 * not wired-OR, so a PIIX3 with nothing to say leaves them alone.
 */
static void piix3_set_pic(PIIX3State *s, int irq)
{
    uint64_t mask = ((1ULL << PIIX_NUM_PIRQS) - 1) << (irq * PIIX_NUM_PIRQS);
    bool level = (s->pic_levels & mask) != 0;

    if (level == !!(s->pic_out & (1u << irq))) {
        return;
    }
    s->pic_out ^= 1u << irq;
    if (s->pic) {
        qemu_set_irq(s->pic[irq], level);
    }
}

static void piix3_record_level(PIIX3State *s, int pirq, int level)
{
    int irq = piix3_pirq_target(s, pirq);
    uint64_t bit;

    if (irq < 0) {
        return;
    }
    bit = 1ULL << (irq * PIIX_NUM_PIRQS + pirq);
    s->pic_levels = level ? s->pic_levels | bit : s->pic_levels & ~bit;
}

/* The bus's set_irq: PIRQ pirq is now at level. */
static void piix3_set_irq(void *opaque, int pirq, int level)
{
    PIIX3State *s = opaque;
    int irq = piix3_pirq_target(s, pirq);

    if (irq < 0) {
        return;
    }
    piix3_record_level(s, pirq, level);
    piix3_set_pic(s, irq);
}

/* The route registers changed: recompute every ISA line from the PIRQs. */
static void piix3_update_irq_levels(PIIX3State *s)
{
    PCIBus *bus = pci_get_bus(&s->dev);
    int pirq, irq;

    s->pic_levels = 0;
    for (pirq = 0; pirq < PIIX_NUM_PIRQS; pirq++) {
        if (bus->irq_count) {
            piix3_record_level(s, pirq, pci_bus_get_irq_level(bus, pirq));
        }
    }
    for (irq = 0; irq < PIIX_NUM_PIC_IRQS; irq++) {
        piix3_set_pic(s, irq);
    }
}

void piix3_connect_pci_irqs(PCIDevice *piix3, qemu_irq *pic,
                            pci_map_irq_fn map_irq)
{
    PIIX3State *s = PIIX3_PCI_DEVICE(piix3);
    PCIBus *bus = pci_get_bus(piix3);

    s->pic = pic;
    pci_bus_irqs(bus, piix3_set_irq, s, PIIX_NUM_PIRQS);
    pci_bus_map_irqs(bus, map_irq);
}

static void piix3_write_config(PCIDevice *dev, uint32_t address, uint32_t val,
                               int len)
{
    pci_default_write_config(dev, address, val, len);
    if (pci_ranges_overlap(address, len, PIIX_PIRQCA, PIIX_NUM_PIRQS)) {
        piix3_update_irq_levels(PIIX3_PCI_DEVICE(dev));
    }
}

/* ---- Reset control register ---- */

static uint64_t piix3_rcr_read(void *opaque, hwaddr addr, unsigned size)
{
    return PIIX3_PCI_DEVICE(opaque)->rcr;
}

static void piix3_rcr_write(void *opaque, hwaddr addr, uint64_t val,
                            unsigned size)
{
    PIIX3State *s = opaque;

    if (val & PIIX_RCR_RCPU) {
        /* Soft or hard, QEMU resets the whole machine (so does emu). */
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
        return;
    }
    s->rcr = val & PIIX_RCR_SRST;
}

static const MemoryRegionOps piix3_rcr_ops = {
    .read = piix3_rcr_read,
    .write = piix3_rcr_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl.min_access_size = 1,
    .impl.max_access_size = 1,
};

/* ---- The function ---- */

static void piix3_set_defaults(PIIX3State *s)
{
    uint8_t *conf = s->dev.config;

    memset(conf + PIIX_DEVICE_SPECIFIC, 0,
           PCI_CONFIG_SPACE_SIZE - PIIX_DEVICE_SPECIFIC);
    pci_set_word(conf + PCI_STATUS, PCI_STATUS_DEVSEL_MEDIUM);
    conf[PIIX_IORT] = 0x4d;
    conf[PIIX_XBCS] = 0x03;
    memset(conf + PIIX_PIRQCA, PIIX_PIRQ_DISABLE, PIIX_NUM_PIRQS);
    conf[PIIX_TOM] = 0x02;
    conf[PIIX_MBIRQ0] = 0x80;
    conf[PIIX_MBDMA0] = 0x0c;
    conf[PIIX_MBDMA1] = 0x0c;
    conf[PIIX_PCSC] = 0x02;
    conf[PIIX_SMICNTL] = 0x08;
    conf[PIIX_FTMR] = 0x0f;
}

static void piix3_realize(PCIDevice *dev, Error **errp)
{
    PIIX3State *s = PIIX3_PCI_DEVICE(dev);
    BusState *bus = BUS(pci_get_bus(dev));
    Object *host = bus->parent ? object_dynamic_cast(OBJECT(bus->parent),
                                                     TYPE_PCI_HOST_BRIDGE)
                               : NULL;

    if (!isa_bus_new(DEVICE(dev), pci_address_space(dev),
                     pci_address_space_io(dev), errp)) {
        return;
    }
    memory_region_init_io(&s->rcr_mem, OBJECT(dev), &piix3_rcr_ops, s,
                          "piix3-reset-control", 1);
    if (host) {
        s->host = PCI_HOST_BRIDGE(host);
        pci_host_claim_conf_port(s->host, PIIX_RCR_IOPORT - 0xcf8, &s->rcr_mem);
    } else {
        /* No mechanism #1 host in front: the port is the bus's own. */
        memory_region_add_subregion_overlap(pci_address_space_io(dev),
                                            PIIX_RCR_IOPORT, &s->rcr_mem, 1);
        s->rcr_mapped = true;
    }
    piix3_set_defaults(s);
}

static void piix3_exit(PCIDevice *dev)
{
    PIIX3State *s = PIIX3_PCI_DEVICE(dev);

    if (s->host) {
        pci_host_claim_conf_port(s->host, PIIX_RCR_IOPORT - 0xcf8, NULL);
        s->host = NULL;
    }
    if (s->rcr_mapped) {
        memory_region_del_subregion(pci_address_space_io(dev), &s->rcr_mem);
        s->rcr_mapped = false;
    }
    memory_region_destroy(&s->rcr_mem);
}

static void piix3_reset(DeviceState *dev)
{
    PIIX3State *s = PIIX3_PCI_DEVICE(dev);

    piix3_set_defaults(s);
    s->rcr = 0;
    /* Every PIRQ is unrouted again: release the lines it held. */
    piix3_update_irq_levels(s);
}

static void pci_piix3_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);

    k->realize = piix3_realize;
    k->exit = piix3_exit;
    k->vendor_id = PCI_VENDOR_ID_INTEL;
    k->device_id = PCI_DEVICE_ID_INTEL_82371SB_0;
    k->class_id = PCI_CLASS_BRIDGE_ISA;
    dc->reset = piix3_reset;
    dc->desc = "ISA bridge";
    /* Part of the south bridge the board wires up (pc_init1). */
    dc->user_creatable = false;
    dc->hotpluggable = false;
}

static void piix3_class_init(ObjectClass *oc, void *data)
{
    PCI_DEVICE_CLASS(oc)->config_write = piix3_write_config;
}

static const TypeInfo piix3_types[] = {
    {
        .name = TYPE_PIIX3_PCI_DEVICE,
        .parent = TYPE_PCI_DEVICE,
        .instance_size = sizeof(PIIX3State),
        .abstract = true,
        .class_init = pci_piix3_class_init,
        .interfaces =
            (InterfaceInfo[]){
                {INTERFACE_CONVENTIONAL_PCI_DEVICE},
                {},
            },
    },
    {
        .name = TYPE_PIIX3_DEVICE,
        .parent = TYPE_PIIX3_PCI_DEVICE,
        .class_init = piix3_class_init,
    },
};

DEFINE_TYPES(piix3_types)
