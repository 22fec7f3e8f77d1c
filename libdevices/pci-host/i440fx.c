/*
 * The i440FX host bridge (see devices/i440fx.h): "i440FX-pcihost" on the
 * system bus and its PCI function "i440FX" at 00:00.0.  Facts from the
 * Intel 82441FX PMC datasheet and QEMU 7.2's behaviour (checked through
 * qtest against qemu-system-x86_64 -M pc).
 *
 * Configuration space of 00:00.0 at power-on: the IDs, revision 2, class
 * 0x0600, command and status 0, subsystem 1af4:1100 (QEMU's default for
 * every function), RAM size in 8 MiB units at 0x57 (QEMU's, for
 * coreboot), SMRAM 0x02, everything else 0.  As in QEMU every byte of
 * the device-specific area (0x40-0xff) is writable: the PAM registers
 * move the shadow areas, the SMRAM register opens the SMRAM window, the
 * rest only stores.  SMM itself is not modelled: G_SMRAME and D_LCK are
 * stored bits (QEMU does not lock on D_LCK either).
 *
 * Where emu differs on purpose: a system reset puts the device-specific
 * registers back to their power-on values (QEMU 7.2 keeps PAM, SMRAM and
 * the rest over a reset, which the 82441FX's RST# does not).
 */
#include "devices/i440fx.h"
#include "devices/ioapic.h"
#include "devices/pam.h"
#include "machine/pci-host.h"
#include "machine/pci-ids.h"
#include "machine/qdev-properties.h"
#include "machine/sysbus.h"
#include "qom/visitor.h"

/* The mechanism #1 ports (PCI 3.0, 3.2.2.3.2). */
#define I440FX_CONFIG_ADDRESS 0xcf8
#define I440FX_CONFIG_DATA 0xcfc

/* QEMU's default size of the 64-bit PCI hole. */
#define I440FX_PCI_HOST_HOLE64_SIZE_DEFAULT (1ULL << 31)
#define I440FX_GiB (1ULL << 30)

/* The legacy video area the SMRAM register switches (82441FX 3.2.26). */
#define I440FX_SMRAM_BASE 0xa0000
#define I440FX_SMRAM_SIZE 0x20000

#define I440FX_DEVICE_SPECIFIC 0x40

OBJECT_DECLARE_SIMPLE_TYPE(I440FXState, I440FX_PCI_HOST_BRIDGE)
OBJECT_DECLARE_SIMPLE_TYPE(PCII440FXState, I440FX_PCI_DEVICE)

struct I440FXState {
    PCIHostState parent_obj;

    /* [pci_hole_start, pci_hole_end): 32-bit PCI memory below the APIC. */
    uint32_t pci_hole_start;
    uint32_t pci_hole_end;
    uint64_t above_4g_mem_size;

    /* Properties. */
    uint64_t pci_hole64_size; /* pci-hole64-size */
    uint32_t short_root_bus;  /* short_root_bus */
    bool pci_hole64_fix;      /* x-pci-hole64-fix */
};

struct PCII440FXState {
    PCIDevice parent_obj;

    /* Set by i440fx_init(); mapped tells whether the windows exist. */
    MemoryRegion *system_memory;
    MemoryRegion *pci_address_space;
    MemoryRegion *ram_memory;
    bool mapped;
    PAMMemoryRegion pam_regions[PAM_REGIONS_COUNT];
    /* 0xa0000-0xbffff onto PCI while SMRAM is closed. */
    MemoryRegion smram_region;
    /* Register 0x57's power-on value. */
    uint8_t ram_size_reg;
};

/* ---- 00:00.0 ---- */

/*
 * PAM area i is controlled by the high nibble of PAM0 (i = 0, the BIOS
 * area) or a nibble of PAM1-PAM6 (i = 1-12, two areas per register).
 */
static void i440fx_update_memory_mappings(PCII440FXState *f)
{
    uint8_t *conf = PCI_DEVICE(f)->config;
    int i;

    if (!f->mapped) {
        return;
    }
    memory_region_transaction_begin();
    for (i = 0; i < PAM_REGIONS_COUNT; i++) {
        pam_update(&f->pam_regions[i], i, conf[I440FX_PAM + (i + 1) / 2]);
    }
    /* D_OPEN makes the SMRAM (RAM) visible outside SMM. */
    memory_region_set_enabled(&f->smram_region,
                              !(conf[I440FX_SMRAM] & SMRAM_D_OPEN));
    memory_region_transaction_commit();
}

static void i440fx_write_config(PCIDevice *dev, uint32_t address, uint32_t val,
                                int len)
{
    pci_default_write_config(dev, address, val, len);
    if (pci_ranges_overlap(address, len, I440FX_PAM, I440FX_PAM_SIZE) ||
        pci_ranges_overlap(address, len, I440FX_SMRAM, 1)) {
        i440fx_update_memory_mappings(I440FX_PCI_DEVICE(dev));
    }
}

/* The power-on values of the registers after the header. */
static void i440fx_set_defaults(PCII440FXState *f)
{
    uint8_t *conf = PCI_DEVICE(f)->config;

    memset(conf + I440FX_DEVICE_SPECIFIC, 0,
           PCI_CONFIG_SPACE_SIZE - I440FX_DEVICE_SPECIFIC);
    conf[I440FX_COREBOOT_RAM_SIZE] = f->ram_size_reg;
    conf[I440FX_SMRAM] = 0x02;
}

static void i440fx_realize(PCIDevice *dev, Error **errp)
{
    i440fx_set_defaults(I440FX_PCI_DEVICE(dev));
}

static void i440fx_reset(DeviceState *dev)
{
    PCII440FXState *f = I440FX_PCI_DEVICE(dev);

    i440fx_set_defaults(f);
    i440fx_update_memory_mappings(f);
}

static void i440fx_exit(PCIDevice *dev)
{
    PCII440FXState *f = I440FX_PCI_DEVICE(dev);
    int i;

    if (!f->mapped) {
        return;
    }
    for (i = 0; i < PAM_REGIONS_COUNT; i++) {
        pam_destroy(&f->pam_regions[i], f->system_memory);
    }
    memory_region_del_subregion(f->system_memory, &f->smram_region);
    memory_region_destroy(&f->smram_region);
    f->mapped = false;
}

static void i440fx_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);

    k->realize = i440fx_realize;
    k->exit = i440fx_exit;
    k->config_write = i440fx_write_config;
    k->vendor_id = PCI_VENDOR_ID_INTEL;
    k->device_id = PCI_DEVICE_ID_INTEL_82441;
    k->revision = 0x02;
    k->class_id = PCI_CLASS_BRIDGE_HOST;
    dc->desc = "Host bridge";
    dc->reset = i440fx_reset;
    /* The PCI half of the host bridge: it comes with the board. */
    dc->user_creatable = false;
    dc->hotpluggable = false;
}

/* ---- The host bridge ---- */

static void i440fx_get_pci_hole_start(Object *obj, Visitor *v, const char *name,
                                      void *opaque, Error **errp)
{
    uint32_t value = I440FX_PCI_HOST_BRIDGE(obj)->pci_hole_start;

    visit_type_uint32(v, name, &value, errp);
}

static void i440fx_get_pci_hole_end(Object *obj, Visitor *v, const char *name,
                                    void *opaque, Error **errp)
{
    uint32_t value = I440FX_PCI_HOST_BRIDGE(obj)->pci_hole_end;

    visit_type_uint32(v, name, &value, errp);
}

/*
 * The 64-bit hole: where the 64-bit BARs are, or (x-pci-hole64-fix) at
 * least from the first gigabyte boundary above the RAM above 4 GiB, for
 * pci-hole64-size bytes rounded up to a gigabyte (QEMU's values).
 */
static uint64_t i440fx_pci_hole64_start(I440FXState *s)
{
    uint64_t lob, upb, value = 0;

    if (pci_bus_get_w64_range(PCI_HOST_BRIDGE(s)->bus, &lob, &upb)) {
        value = lob;
    }
    if (!value && s->pci_hole64_fix) {
        uint64_t end = 4 * I440FX_GiB + s->above_4g_mem_size;

        value = (end + I440FX_GiB - 1) & ~(I440FX_GiB - 1);
    }
    return value;
}

static void i440fx_get_pci_hole64_start(Object *obj, Visitor *v,
                                        const char *name, void *opaque,
                                        Error **errp)
{
    uint64_t value = i440fx_pci_hole64_start(I440FX_PCI_HOST_BRIDGE(obj));

    visit_type_uint64(v, name, &value, errp);
}

static void i440fx_get_pci_hole64_end(Object *obj, Visitor *v, const char *name,
                                      void *opaque, Error **errp)
{
    I440FXState *s = I440FX_PCI_HOST_BRIDGE(obj);
    uint64_t start = i440fx_pci_hole64_start(s);
    uint64_t end =
        (start + s->pci_hole64_size + I440FX_GiB - 1) & ~(I440FX_GiB - 1);
    uint64_t lob, upb, value = 0;

    if (pci_bus_get_w64_range(PCI_HOST_BRIDGE(s)->bus, &lob, &upb)) {
        value = upb + 1;
    }
    if (s->pci_hole64_fix && value < end) {
        value = end;
    }
    visit_type_uint64(v, name, &value, errp);
}

/* Device paths of the root bus: "0000:00", or QEMU's old "0000". */
static const char *i440fx_root_bus_path(PCIHostState *host, PCIBus *rootbus)
{
    return I440FX_PCI_HOST_BRIDGE(host)->short_root_bus ? "0000" : "0000:00";
}

static void i440fx_pcihost_init(Object *obj)
{
    PCIHostState *s = PCI_HOST_BRIDGE(obj);

    memory_region_init_io(&s->conf_mem, obj, &pci_host_conf_le_ops, s,
                          "pci-conf-idx", 4);
    memory_region_init_io(&s->data_mem, obj, &pci_host_data_le_ops, s,
                          "pci-conf-data", 4);
}

static void i440fx_pcihost_realize(DeviceState *dev, Error **errp)
{
    PCIHostState *s = PCI_HOST_BRIDGE(dev);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    sysbus_add_io(sbd, I440FX_CONFIG_ADDRESS, &s->conf_mem);
    sysbus_init_ioports(sbd, I440FX_CONFIG_ADDRESS, 4);
    sysbus_add_io(sbd, I440FX_CONFIG_DATA, &s->data_mem);
    sysbus_init_ioports(sbd, I440FX_CONFIG_DATA, 4);
}

static Property i440fx_props[] = {
    DEFINE_PROP_SIZE("pci-hole64-size", I440FXState, pci_hole64_size,
                     I440FX_PCI_HOST_HOLE64_SIZE_DEFAULT),
    DEFINE_PROP_UINT32("short_root_bus", I440FXState, short_root_bus, 0),
    DEFINE_PROP_BOOL("x-pci-hole64-fix", I440FXState, pci_hole64_fix, true),
    DEFINE_PROP_END_OF_LIST(),
};

static void i440fx_pcihost_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIHostBridgeClass *hc = PCI_HOST_BRIDGE_CLASS(oc);

    hc->root_bus_path = i440fx_root_bus_path;
    dc->realize = i440fx_pcihost_realize;
    device_class_set_props(dc, i440fx_props);
    /* The board creates it, with the rest of the chipset. */
    dc->user_creatable = false;

    object_class_property_add(oc, "pci-hole-start", "uint32",
                              i440fx_get_pci_hole_start, NULL, NULL, NULL);
    object_class_property_add(oc, "pci-hole-end", "uint32",
                              i440fx_get_pci_hole_end, NULL, NULL, NULL);
    object_class_property_add(oc, "pci-hole64-start", "uint64",
                              i440fx_get_pci_hole64_start, NULL, NULL, NULL);
    object_class_property_add(oc, "pci-hole64-end", "uint64",
                              i440fx_get_pci_hole64_end, NULL, NULL, NULL);
}

/* ---- Assembly ---- */

PCIBus *i440fx_init(DeviceState *dev, MemoryRegion *address_space_mem,
                    MemoryRegion *address_space_io, uint64_t ram_size,
                    uint64_t below_4g_mem_size, uint64_t above_4g_mem_size,
                    MemoryRegion *pci_memory, MemoryRegion *ram_memory,
                    Error **errp)
{
    I440FXState *s = I440FX_PCI_HOST_BRIDGE(dev);
    PCIHostState *phb = PCI_HOST_BRIDGE(dev);
    PCIDevice *d;
    PCII440FXState *f;
    uint64_t units;
    int i;

    phb->bus = pci_root_bus_new(dev, "pci.0", pci_memory, address_space_io, 0,
                                TYPE_PCI_BUS);
    /* 32-bit PCI memory runs from the top of low RAM to the I/O APIC. */
    s->pci_hole_start = below_4g_mem_size;
    s->pci_hole_end = IO_APIC_DEFAULT_ADDRESS;
    s->above_4g_mem_size = above_4g_mem_size;
    if (!sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), errp)) {
        return NULL;
    }

    d = pci_new(PCI_DEVFN(0, 0), TYPE_I440FX_PCI_DEVICE);
    if (!pci_realize_and_unref(d, phb->bus, errp)) {
        return NULL;
    }
    f = I440FX_PCI_DEVICE(d);
    f->system_memory = address_space_mem;
    f->pci_address_space = pci_memory;
    f->ram_memory = ram_memory;

    /* Closed SMRAM: the legacy video area is PCI's (VGA). */
    memory_region_init_alias(&f->smram_region, OBJECT(d), "smram-region",
                             pci_memory, I440FX_SMRAM_BASE, I440FX_SMRAM_SIZE);
    memory_region_add_subregion_overlap(address_space_mem, I440FX_SMRAM_BASE,
                                        &f->smram_region, 1);
    init_pam(&f->pam_regions[0], OBJECT(d), ram_memory, address_space_mem,
             pci_memory, PAM_BIOS_BASE, PAM_BIOS_SIZE);
    for (i = 1; i < PAM_REGIONS_COUNT; i++) {
        init_pam(&f->pam_regions[i], OBJECT(d), ram_memory, address_space_mem,
                 pci_memory, PAM_EXPAN_BASE + (i - 1) * PAM_EXPAN_SIZE,
                 PAM_EXPAN_SIZE);
    }
    f->mapped = true;

    units = ram_size / (8 * 1024 * 1024);
    f->ram_size_reg = units > 255 ? 255 : units;
    d->config[I440FX_COREBOOT_RAM_SIZE] = f->ram_size_reg;
    i440fx_update_memory_mappings(f);
    return phb->bus;
}

static const TypeInfo i440fx_types[] = {
    {
        .name = TYPE_I440FX_PCI_HOST_BRIDGE,
        .parent = TYPE_PCI_HOST_BRIDGE,
        .instance_size = sizeof(I440FXState),
        .instance_init = i440fx_pcihost_init,
        .class_init = i440fx_pcihost_class_init,
    },
    {
        .name = TYPE_I440FX_PCI_DEVICE,
        .parent = TYPE_PCI_DEVICE,
        .instance_size = sizeof(PCII440FXState),
        .class_init = i440fx_class_init,
        .interfaces =
            (InterfaceInfo[]){
                {INTERFACE_CONVENTIONAL_PCI_DEVICE},
                {},
            },
    },
};

DEFINE_TYPES(i440fx_types)
