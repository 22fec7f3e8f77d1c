/*
 * The i440FX + PIIX PC ("Standard PC (i440FX + PIIX, 1996)") and its
 * versioned machine types pc-i440fx-2.0 ... pc-i440fx-7.2 ("pc"), with
 * QEMU 7.2's names, defaults and per-version differences (hw/i386/
 * pc_piix.c; own code).
 *
 * The board init follows QEMU's pc_init1: CPUs, memory map, the GSI
 * lines, the i440FX host (/machine/i440fx, root bus "pci.0", function
 * 00:00.0 with the PAM and SMRAM windows), the PIIX3 at 00:01.0 with the
 * ISA bus "isa.0" (ISA IRQ n is GSI n, PCI INTx through its PIRQ
 * registers), the I/O APIC (/machine/i440fx/ioapic), the ISA devices,
 * the PIIX3 IDE function (00:01.1) and, unless acpi=off, the PIIX4 power
 * management function (00:01.3, SCI on IRQ 9), then the kernel.
 */
#include <stdio.h>

#include "machine/cpu.h"
#include "machine/isa.h"
#include "machine/pci-host.h"
#include "machine/sysbus.h"
#include "machine/x86-cpu.h"
#include "devices/i440fx.h"
#include "devices/i8259.h"
#include "devices/misc.h"
#include "devices/piix.h"
#include "pc-internal.h"
#include "util/error.h"

/* ---- Board init ---- */

/* The machine keys the board would have to act on, but cannot yet. */
static bool pc_check_unsupported(MachineState *ms, Error **errp)
{
    if (ms->firmware) {
        error_setg(errp,
                   "firmware '%s': running firmware (-bios) is not "
                   "supported yet; boot a kernel with -kernel",
                   ms->firmware);
        return false;
    }
    if (machine_usb(ms)) {
        error_setg(errp, "usb=on: USB is not supported yet");
        return false;
    }
    return true;
}

/*
 * The i440FX host bridge at /machine/i440fx with its root bus "pci.0",
 * whose BARs map into the PCI memory space and the I/O space, and the
 * function 00:00.0 shadowing the legacy areas of RAM.
 */
static bool pc_pci_init(PCMachineState *pcms, Error **errp)
{
    MachineState *ms = MACHINE(pcms);
    X86MachineState *x86ms = X86_MACHINE(pcms);
    DeviceState *host = qdev_new(TYPE_I440FX_PCI_HOST_BRIDGE);

    object_property_add_child(OBJECT(pcms), "i440fx", OBJECT(host));
    pcms->pci_bus = i440fx_init(host, get_system_memory(), get_system_io(),
                                ms->ram_size, x86ms->below_4g_mem_size,
                                x86ms->above_4g_mem_size, &pcms->pci_memory,
                                ms->ram, errp);
    if (!pcms->pci_bus) {
        return false;
    }
    pcms->pci_host = host;
    return true;
}

/*
 * QEMU's pc_piix wiring of the PCI interrupt pins: INTA# of slot n
 * reaches PIRQ (n - 1) mod 4, the next pins the next PIRQs (what the
 * PIIX3 routes, and what QEMU's ACPI tables and SeaBIOS describe).
 */
static int pci_slot_get_pirq(PCIDevice *pci_dev, int pci_intx)
{
    int slot_addend = PCI_SLOT(pci_dev->devfn) - 1;

    return (pci_intx + slot_addend) & (PIIX_NUM_PIRQS - 1);
}

/*
 * The PIIX3 (first free slot: 00:01.0, multi-function) and its ISA bus
 * "isa.0": ISA memory is the PCI memory space, ISA IRQ n is GSI n, and
 * the PCI interrupt pins reach the GSIs through its PIRQ registers.
 */
static bool pc_isa_init(PCMachineState *pcms, Error **errp)
{
    X86MachineState *x86ms = X86_MACHINE(pcms);
    PCIDevice *piix3 = pci_new_multifunction(-1, true, TYPE_PIIX3_DEVICE);

    if (!pci_realize_and_unref(piix3, pcms->pci_bus, errp)) {
        return false;
    }
    pcms->piix3 = piix3;
    piix3_connect_pci_irqs(piix3, x86ms->gsi, pci_slot_get_pirq);
    /* Its only child bus ("isa.0" in a process's first machine). */
    pcms->isa_bus = ISA_BUS(g_queue_peek_head(&DEVICE(piix3)->child_bus));
    isa_bus_irqs(pcms->isa_bus, x86ms->gsi);
    return true;
}

/*
 * The interrupt controllers on the GSIs: the i8259 pair on ISA IRQs 0-15
 * (QEMU's pc_i8259_create), then the I/O APIC.  The master's INT goes
 * to the CPU's INTR (x86_allocate_cpu_irq), which acknowledges with
 * pic_read_irq().  Under KVM's kernel-irqchip=on, the kernel's.
 */
static bool pc_irq_init(PCMachineState *pcms, Error **errp)
{
    GSIState *gsi_state = X86_MACHINE(pcms)->gsi_state;
    g_autofree qemu_irq *i8259 = NULL;
    int i;

    if (pc_kernel_irqchip(pcms)) {
        return pc_kvm_irqchip_init(pcms, errp);
    }
    i8259 = i8259_init(pcms->isa_bus, x86_allocate_cpu_irq(), errp);
    if (!i8259) {
        return false;
    }
    for (i = 0; i < ISA_NUM_IRQS; i++) {
        gsi_state->i8259_irq[i] = i8259[i];
    }
    return ioapic_init_gsi(gsi_state, OBJECT(pcms->pci_host), errp);
}

/*
 * The PIIX's other functions, after the ISA devices as in QEMU's
 * pc_init1: IDE at 00:01.1 always (also with -nodefaults), power
 * management at 00:01.3 unless acpi=off, with QEMU's SMBus base 0xb100
 * and its SCI on ISA IRQ 9.  SMM: QEMU offers it to TCG and qtest guests
 * unless smm=off, and the chipset's registers say so; emu configures the
 * chipset the same way (SMM itself is not modelled).
 */
#define PC_PIIX4_SMB_IO_BASE 0xb100
#define PC_PIIX4_SCI_IRQ 9

static bool pc_piix_functions_init(PCMachineState *pcms, Error **errp)
{
    X86MachineState *x86ms = X86_MACHINE(pcms);
    int devfn = pcms->piix3->devfn;
    PCIDevice *pm;

    if (!pci_realize_and_unref(pci_new(devfn + 1, TYPE_PIIX3_IDE),
                               pcms->pci_bus, errp)) {
        return false;
    }
    if (x86ms->acpi == ON_OFF_AUTO_OFF) {
        return true;
    }
    pm = pci_new(devfn + 3, TYPE_PIIX4_PM);
    qdev_prop_set_uint32(DEVICE(pm), PIIX4_PM_PROP_SMB_IO_BASE,
                         PC_PIIX4_SMB_IO_BASE);
    qdev_prop_set_bit(DEVICE(pm), PIIX4_PM_PROP_SMM_ENABLED,
                      x86ms->smm != ON_OFF_AUTO_OFF);
    qdev_connect_gpio_out(DEVICE(pm), 0, x86ms->gsi[PC_PIIX4_SCI_IRQ]);
    return pci_realize_and_unref(pm, pcms->pci_bus, errp);
}

static bool pc_init1(MachineState *ms, Error **errp)
{
    PCMachineState *pcms = PC_MACHINE(ms);
    PCMachineClass *pcmc = PC_MACHINE_GET_CLASS(ms);
    X86MachineState *x86ms = X86_MACHINE(ms);

    if (!pc_check_unsupported(ms, errp) ||
        !x86_cpus_init(x86ms, pcmc->default_cpu_version, errp) ||
        !pc_memory_init(pcms, errp) || !pc_fw_cfg_init(pcms, errp)) {
        return false;
    }
    x86ms->gsi_state = pc_gsi_create(&x86ms->gsi);
    if (!pc_pci_init(pcms, errp) || !pc_isa_init(pcms, errp) ||
        !pc_irq_init(pcms, errp) || !pc_basic_device_init(pcms, errp) ||
        !pc_piix_functions_init(pcms, errp) || !pc_load_kernel(pcms, errp) ||
        !pc_fw_cfg_add_kernel(pcms, errp)) {
        return false;
    }
    /* Realize reset the CPUs; CPU 0 starts at the kernel's entry. */
    pc_apply_boot_state(pcms, first_cpu);
    return true;
}

/* ---- Machine types ---- */

typedef struct PCVersion {
    int major, minor;
    /* Names distributions gave this version (NULL-terminated), or NULL. */
    const char *const *aliases;
} PCVersion;

/*
 * Ubuntu's machine types of its LTS releases, named after the release
 * and based on the QEMU version it shipped: 14.04 (trusty) QEMU 2.0,
 * 16.04 (xenial) 2.5, 18.04 (bionic) 2.11, 20.04 (focal) 4.2, 22.04
 * (jammy) 6.2.  emu treats each as that upstream version: Ubuntu's own
 * additions to them are not reproduced.
 */
static const char *const pc_aliases_trusty[] = {"pc-i440fx-trusty", NULL};
static const char *const pc_aliases_xenial[] = {"pc-i440fx-xenial", NULL};
static const char *const pc_aliases_bionic[] = {"pc-i440fx-bionic", NULL};
static const char *const pc_aliases_focal[] = {"pc-i440fx-focal", NULL};
static const char *const pc_aliases_jammy[] = {"pc-i440fx-jammy", NULL};

/* Newest first: the first one is "pc" and the default. */
static const PCVersion pc_i440fx_versions[] = {
    {7, 2, NULL},
    {7, 1, NULL},
    {7, 0, NULL},
    {6, 2, pc_aliases_jammy},
    {6, 1, NULL},
    {6, 0, NULL},
    {5, 2, NULL},
    {5, 1, NULL},
    {5, 0, NULL},
    {4, 2, pc_aliases_focal},
    {4, 1, NULL},
    {4, 0, NULL},
    {3, 1, NULL},
    {3, 0, NULL},
    {2, 12, NULL},
    {2, 11, pc_aliases_bionic},
    {2, 10, NULL},
    {2, 9, NULL},
    {2, 8, NULL},
    {2, 7, NULL},
    {2, 6, NULL},
    {2, 5, pc_aliases_xenial},
    {2, 4, NULL},
    {2, 3, NULL},
    {2, 2, NULL},
    {2, 1, NULL},
    {2, 0, pc_aliases_trusty},
};

/* v is older than major.minor. */
static bool pc_version_before(const PCVersion *v, int major, int minor)
{
    return v->major < major || (v->major == major && v->minor < minor);
}

static void pc_i440fx_class_init(ObjectClass *oc, void *data)
{
    const PCVersion *v = data;
    MachineClass *mc = MACHINE_CLASS(oc);
    PCMachineClass *pcmc = PC_MACHINE_CLASS(oc);

    /* QEMU 7.2's pc_i440fx_machine_options. */
    mc->family = "pc_piix";
    mc->desc = "Standard PC (i440FX + PIIX, 1996)";
    mc->default_display = "std";
    mc->default_nic = "e1000";
    mc->init = pc_init1;
    mc->compat_aliases = v->aliases;
    if (v == &pc_i440fx_versions[0]) {
        mc->alias = "pc";
        mc->is_default = true;
    }

    /* And what each older version keeps (pc_i440fx_X_Y_machine_options). */
    if (pc_version_before(v, 6, 2)) {
        /* -smp computed missing levels sockets first before QEMU 6.2. */
        mc->smp_props.prefer_sockets = true;
    }
    if (pc_version_before(v, 4, 1)) {
        /* "-cpu SandyBridge" meant the unversioned (v1) model. */
        pcmc->default_cpu_version = CPU_VERSION_LEGACY;
    }
    /* fw_cfg and SMBIOS as those versions gave them to firmware. */
    if (pc_version_before(v, 7, 1)) {
        pcmc->enforce_amd_1tb_hole = false;
    }
    if (pc_version_before(v, 2, 6)) {
        pcmc->legacy_fw_cfg_order = true;
    }
    if (pc_version_before(v, 2, 2)) {
        pcmc->smbios_uuid_encoded = false;
    }
    if (pc_version_before(v, 2, 1)) {
        pcmc->smbios_legacy_mode = true;
        pcmc->acpi_data_size = 0x10000;
    }
    pc_i440fx_add_compat_props(mc, v->major, v->minor);
}

static void pc_i440fx_register_types(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(pc_i440fx_versions); i++) {
        const PCVersion *v = &pc_i440fx_versions[i];
        g_autofree char *name = g_strdup_printf(
            "pc-i440fx-%d.%d" TYPE_MACHINE_SUFFIX, v->major, v->minor);
        TypeInfo info = {
            .name = name,
            .parent = TYPE_PC_MACHINE,
            .class_init = pc_i440fx_class_init,
            .class_data = (void *)v,
        };

        /* type_register copies the name. */
        type_register(&info);
    }
}

type_init(pc_i440fx_register_types)
