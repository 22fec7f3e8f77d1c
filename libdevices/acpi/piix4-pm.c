/*
 * "PIIX4_PM": the power management function of the PIIX4 (82371AB
 * function 3, 8086:7113 rev 3, class 0x0680), as QEMU 7.2's pc puts it at
 * 00:01.3 next to the PIIX3.  Facts from the 82371AB datasheet and QEMU
 * 7.2's behaviour (checked through qtest against qemu-system-x86_64).
 *
 * Configuration space at power-on: status 0x0280, interrupt pin INTA#,
 * PMBA (0x40) 0x00000001 (an I/O base not yet set), DEVACTB byte 0x5b
 * 0x02 when SMM is off (QEMU's "SMM already set up" mark), DEVRESD
 * (0x5f) 0x10 with bit 7 for a parallel port at 0x378, DEVRESA byte
 * 0x63 0x60, DEVRESB byte 0x67 with 0x08 for a serial port at 0x3f8 and
 * 0x90 for one at 0x2f8 (QEMU computes these once the machine is built;
 * emu at its first reset, which comes after), SMBBA (0x90) smb_io_base | 1,
 * SMBHSTCFG (0xd2) 0x09.  As in QEMU every byte after the header is
 * writable; PMBA and PMREGMISC (0x80, bit 0 enables the PM I/O space)
 * move and enable the registers at PMBA & 0xffc0:
 *   +0 PM1 status, +2 PM1 enable, +4 PM1 control, +8 PM timer (acpi/core.c)
 * The GPE0 block sits at 0xafe0 (QEMU's GPE0_BLK) and the APM ports at
 * 0xb2/0xb3 (acpi/apm.c: 0xf1/0xf0 switch ACPI mode, SCI_EN, on and off
 * when SMM is enabled).  The SCI is the unnamed GPIO output the board
 * connects to IRQ 9; "smi-irq" stays unconnected: emu models no SMM, so a
 * command that would raise an SMI is logged (-d unimp).
 *
 * Not there (QEMU has them): the SMBus host controller at SMBBA (QEMU's
 * "pm-smbus" with SPD EEPROMs at 0x50-0x57; the ports read as unassigned)
 * and the ACPI hotplug register blocks for PCI (0xae00) and CPUs
 * (0xaf00): pci.0 has no hotplug handler, so device_add/device_del refuse
 * it.  The hotplug properties are kept with QEMU's defaults for the
 * command line; the ACPI tables that would describe them do not exist.
 */
#include <stddef.h>
#include <string.h>

#include "devices/acpi.h"
#include "devices/apm.h"
#include "devices/piix.h"
#include "machine/pci-ids.h"
#include "machine/qdev-properties.h"
#include "util/log.h"

OBJECT_DECLARE_SIMPLE_TYPE(PIIX4PMState, PIIX4_PM)

/* Registers (82371AB 3.3.1). */
#define PIIX4_PMBA 0x40
#define PIIX4_DEVACTB_SMM 0x5b /* bit 1: APMC_EN (SMI on APMC writes) */
#define PIIX4_DEVRESD 0x5f
#define PIIX4_DEVRESA_HI 0x63
#define PIIX4_DEVRESB_HI 0x67
#define PIIX4_PMREGMISC 0x80
#define PIIX4_SMBBA 0x90
#define PIIX4_SMBHSTCFG 0xd2
#define PIIX4_DEVICE_SPECIFIC 0x40

#define PIIX4_APMC_EN 0x02
#define PIIX4_PM_IO_SIZE 64
#define PIIX4_PM_IO_MASK 0xffc0

/* QEMU's fixed choices, also its read-only properties. */
#define PIIX4_GPE0_BLK 0xafe0
#define PIIX4_SCI_INT 9

struct PIIX4PMState {
    PCIDevice parent_obj;

    /* The PM registers, at io_base while PMREGMISC bit 0 is set. */
    MemoryRegion io;
    uint32_t io_base;
    bool mapped;
    /*
     * DEVRESD and DEVRESB's legacy bits, from the ports the machine
     * decodes at its first reset (QEMU: once the machine is built).  Not
     * at every reset: by then a guest may have put a BAR on 0x378, and
     * whether another function's reset had unmapped it yet would decide.
     */
    bool devres_known;
    uint8_t devresd, devresb_hi;
    ACPIREGS ar;
    APMState apm;
    qemu_irq irq;     /* SCI */
    qemu_irq smi_irq; /* "smi-irq", unconnected */

    /* Read-only properties. */
    uint8_t acpi_enable_cmd;
    uint8_t acpi_disable_cmd;
    uint32_t gpe0_blk;
    uint32_t gpe0_blk_len;
    uint16_t sci_int;

    /* Properties. */
    uint32_t smb_io_base;
    uint8_t disable_s3;
    uint8_t disable_s4;
    uint8_t s4_val;
    bool use_acpi_hotplug_bridge;
    bool use_acpi_root_pci_hotplug;
    bool memory_hotplug;
    bool smm_compat;
    bool smm_enabled;
    bool not_migrate_acpi_index;
};

/* ---- Events ---- */

static void piix4_pm_update_sci(ACPIREGS *ar)
{
    PIIX4PMState *s = (PIIX4PMState *)((char *)ar - offsetof(PIIX4PMState, ar));

    acpi_update_sci(ar, s->irq);
}

static void piix4_pm_power_button(void *opaque)
{
    acpi_pm1_evt_power_down(&PIIX4_PM(opaque)->ar);
}

/* ACPI 6.4, 4.8.3.2.1: the FADT's SMI_CMD values switch SCI_EN. */
static void piix4_apm_ctrl_changed(uint32_t val, void *arg)
{
    PIIX4PMState *s = arg;
    PCIDevice *d = PCI_DEVICE(s);

    if (val == ACPI_ENABLE || val == ACPI_DISABLE) {
        acpi_pm1_cnt_update(&s->ar, val == ACPI_ENABLE, val == ACPI_DISABLE);
        piix4_pm_update_sci(&s->ar);
        return;
    }
    if (d->config[PIIX4_DEVACTB_SMM] & PIIX4_APMC_EN) {
        qemu_log_mask(LOG_UNIMP,
                      "PIIX4_PM: APM command 0x%02x would raise an SMI, "
                      "which is not modelled\n",
                      val);
        qemu_irq_raise(s->smi_irq);
    }
}

/* ---- Configuration ---- */

static void piix4_pm_io_space_update(PIIX4PMState *s)
{
    uint8_t *conf = PCI_DEVICE(s)->config;

    s->io_base = pci_get_long(conf + PIIX4_PMBA) & PIIX4_PM_IO_MASK;
    memory_region_transaction_begin();
    memory_region_set_enabled(&s->io, conf[PIIX4_PMREGMISC] & 1);
    memory_region_set_address(&s->io, s->io_base);
    memory_region_transaction_commit();
}

static void piix4_pm_write_config(PCIDevice *dev, uint32_t address,
                                  uint32_t val, int len)
{
    pci_default_write_config(dev, address, val, len);
    if (pci_ranges_overlap(address, len, PIIX4_PMBA, 4) ||
        pci_ranges_overlap(address, len, PIIX4_PMREGMISC, 1)) {
        piix4_pm_io_space_update(PIIX4_PM(dev));
    }
}

static bool piix4_io_present(hwaddr port)
{
    MemoryRegionSection section;

    return address_space_find_section(&address_space_io, port, &section);
}

/* The power-on values of the registers after the header. */
static void piix4_pm_set_defaults(PIIX4PMState *s)
{
    uint8_t *conf = PCI_DEVICE(s)->config;

    memset(conf + PIIX4_DEVICE_SPECIFIC, 0,
           PCI_CONFIG_SPACE_SIZE - PIIX4_DEVICE_SPECIFIC);
    pci_set_word(conf + PCI_STATUS,
                 PCI_STATUS_DEVSEL_MEDIUM | PCI_STATUS_FAST_BACK);
    /* Bit 0 of PMBA: an I/O base. */
    pci_set_long(conf + PIIX4_PMBA, 1);
    if (!s->smm_enabled) {
        /* QEMU's mark for firmware: no SMM to set up. */
        conf[PIIX4_DEVACTB_SMM] = PIIX4_APMC_EN;
    }
    /* Which legacy devices the machine decodes (DEVRESA/B/D). */
    if (!s->devres_known) {
        s->devresd = 0x10 | (piix4_io_present(0x378) ? 0x80 : 0);
        s->devresb_hi = (piix4_io_present(0x3f8) ? 0x08 : 0) |
                        (piix4_io_present(0x2f8) ? 0x90 : 0);
        s->devres_known = true;
    }
    conf[PIIX4_DEVRESD] = s->devresd;
    conf[PIIX4_DEVRESA_HI] = 0x60;
    conf[PIIX4_DEVRESB_HI] = s->devresb_hi;
    pci_set_word(conf + PIIX4_SMBBA, (s->smb_io_base & 0xffff) | 1);
    conf[PIIX4_SMBHSTCFG] = 0x09;
}

/* ---- Life cycle ---- */

static void piix4_pm_realize(PCIDevice *dev, Error **errp)
{
    PIIX4PMState *s = PIIX4_PM(dev);
    MemoryRegion *io = pci_address_space_io(dev);

    pci_config_set_interrupt_pin(dev->config, 1);
    apm_init(dev, &s->apm, piix4_apm_ctrl_changed, s);

    memory_region_init(&s->io, OBJECT(s), "piix4-pm", PIIX4_PM_IO_SIZE);
    memory_region_set_enabled(&s->io, false);
    memory_region_add_subregion(io, 0, &s->io);
    acpi_pm_tmr_init(&s->ar, piix4_pm_update_sci, &s->io);
    acpi_pm1_evt_init(&s->ar, piix4_pm_update_sci, &s->io);
    acpi_pm1_cnt_init(&s->ar, &s->io, s->disable_s3, s->disable_s4, s->s4_val,
                      !s->smm_compat && !s->smm_enabled);
    acpi_gpe_init(&s->ar, OBJECT(s), ACPI_GPE0_LEN);
    memory_region_add_subregion(io, PIIX4_GPE0_BLK, &s->ar.gpe.io);
    s->mapped = true;

    piix4_pm_set_defaults(s);
    /* The board adds the legacy devices later: the first reset looks. */
    s->devres_known = false;
    piix4_pm_io_space_update(s);
    acpi_register_power_button(piix4_pm_power_button, s);
}

static void piix4_pm_exit(PCIDevice *dev)
{
    PIIX4PMState *s = PIIX4_PM(dev);
    MemoryRegion *io = pci_address_space_io(dev);

    acpi_unregister_power_button(piix4_pm_power_button, s);
    if (s->mapped) {
        memory_region_del_subregion(io, &s->ar.gpe.io);
        memory_region_del_subregion(&s->io, &s->ar.tmr.io);
        memory_region_del_subregion(&s->io, &s->ar.pm1.evt.io);
        memory_region_del_subregion(&s->io, &s->ar.pm1.cnt.io);
        memory_region_del_subregion(io, &s->io);
        s->mapped = false;
    }
    acpi_regs_destroy(&s->ar);
    memory_region_destroy(&s->io);
    apm_destroy(dev, &s->apm);
}

static void piix4_pm_reset(DeviceState *dev)
{
    PIIX4PMState *s = PIIX4_PM(dev);

    piix4_pm_set_defaults(s);
    apm_reset(&s->apm);
    acpi_pm1_evt_reset(&s->ar);
    acpi_pm1_cnt_reset(&s->ar);
    acpi_pm_tmr_reset(&s->ar);
    acpi_gpe_reset(&s->ar);
    piix4_pm_update_sci(&s->ar);
    piix4_pm_io_space_update(s);
}

static void piix4_pm_init(Object *obj)
{
    PIIX4PMState *s = PIIX4_PM(obj);
    DeviceState *dev = DEVICE(obj);

    qdev_init_gpio_out(dev, &s->irq, 1);
    qdev_init_gpio_out_named(dev, &s->smi_irq, "smi-irq", 1);
    s->acpi_enable_cmd = ACPI_ENABLE;
    s->acpi_disable_cmd = ACPI_DISABLE;
    s->gpe0_blk = PIIX4_GPE0_BLK;
    s->gpe0_blk_len = ACPI_GPE0_LEN;
    s->sci_int = PIIX4_SCI_INT;
}

static Property piix4_pm_properties[] = {
    DEFINE_PROP_UINT32(PIIX4_PM_PROP_SMB_IO_BASE, PIIX4PMState, smb_io_base, 0),
    DEFINE_PROP_UINT8("disable_s3", PIIX4PMState, disable_s3, 0),
    DEFINE_PROP_UINT8("disable_s4", PIIX4PMState, disable_s4, 0),
    DEFINE_PROP_UINT8("s4_val", PIIX4PMState, s4_val, 2),
    DEFINE_PROP_BOOL("acpi-pci-hotplug-with-bridge-support", PIIX4PMState,
                     use_acpi_hotplug_bridge, true),
    DEFINE_PROP_BOOL("acpi-root-pci-hotplug", PIIX4PMState,
                     use_acpi_root_pci_hotplug, true),
    DEFINE_PROP_BOOL("memory-hotplug-support", PIIX4PMState, memory_hotplug,
                     true),
    DEFINE_PROP_BOOL("smm-compat", PIIX4PMState, smm_compat, false),
    DEFINE_PROP_BOOL(PIIX4_PM_PROP_SMM_ENABLED, PIIX4PMState, smm_enabled,
                     false),
    DEFINE_PROP_BOOL("x-not-migrate-acpi-index", PIIX4PMState,
                     not_migrate_acpi_index, false),
    DEFINE_PROP_END_OF_LIST(),
};

static void piix4_pm_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);

    k->realize = piix4_pm_realize;
    k->exit = piix4_pm_exit;
    k->config_write = piix4_pm_write_config;
    k->vendor_id = PCI_VENDOR_ID_INTEL;
    k->device_id = PCI_DEVICE_ID_INTEL_82371AB_3;
    k->revision = 0x03;
    k->class_id = PCI_CLASS_BRIDGE_OTHER;
    dc->reset = piix4_pm_reset;
    dc->desc = "PM";
    device_class_set_props(dc, piix4_pm_properties);
    /* Part of the south bridge the board wires up (pc_init1). */
    dc->user_creatable = false;
    dc->hotpluggable = false;

    object_class_property_add_uint8_ptr(
        oc, "acpi_enable_cmd",
        (const uint8_t *)offsetof(PIIX4PMState, acpi_enable_cmd),
        OBJ_PROP_FLAG_READ);
    object_class_property_add_uint8_ptr(
        oc, "acpi_disable_cmd",
        (const uint8_t *)offsetof(PIIX4PMState, acpi_disable_cmd),
        OBJ_PROP_FLAG_READ);
    object_class_property_add_uint32_ptr(
        oc, "gpe0_blk", (const uint32_t *)offsetof(PIIX4PMState, gpe0_blk),
        OBJ_PROP_FLAG_READ);
    object_class_property_add_uint32_ptr(
        oc, "gpe0_blk_len",
        (const uint32_t *)offsetof(PIIX4PMState, gpe0_blk_len),
        OBJ_PROP_FLAG_READ);
    object_class_property_add_uint16_ptr(
        oc, "sci_int", (const uint16_t *)offsetof(PIIX4PMState, sci_int),
        OBJ_PROP_FLAG_READ);
    object_class_property_add_uint32_ptr(
        oc, "pm_io_base", (const uint32_t *)offsetof(PIIX4PMState, io_base),
        OBJ_PROP_FLAG_READ);
}

static const TypeInfo piix4_pm_info = {
    .name = TYPE_PIIX4_PM,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(PIIX4PMState),
    .instance_init = piix4_pm_init,
    .class_init = piix4_pm_class_init,
    .interfaces =
        (InterfaceInfo[]){
            {INTERFACE_CONVENTIONAL_PCI_DEVICE},
            {},
        },
};

static void piix4_pm_register_types(void)
{
    type_register_static(&piix4_pm_info);
}

type_init(piix4_pm_register_types)
