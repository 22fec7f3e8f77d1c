/*
 * The i440FX + PIIX PC ("Standard PC (i440FX + PIIX, 1996)") and its
 * versioned machine types pc-i440fx-2.0 ... pc-i440fx-7.2 ("pc"), with
 * QEMU 7.2's names, defaults and per-version differences (hw/i386/
 * pc_piix.c; own code).
 *
 * The board init follows QEMU's pc_init1: CPUs, memory map, the GSI
 * lines, PCI host and root bus "pci.0", ISA bus "isa.0" with its IRQs
 * on GSIs 0-15, the I/O APIC (/machine/i440fx/ioapic), then the kernel.
 * The rest of the chipset (the i440FX and PIIX3 functions, PIC, PIT,
 * RTC, HPET, fw_cfg, ...) is issue 7's: until then the PCI host and the
 * ISA bridge are placeholders (pc-pci-host.c, and the ISA core's
 * "isabus-bridge"), at the paths QEMU's board uses for its host
 * (/machine/i440fx).
 */
#include <stdio.h>

#include "machine/cpu.h"
#include "machine/isa.h"
#include "machine/pci-host.h"
#include "machine/sysbus.h"
#include "machine/x86-cpu.h"
#include "devices/misc.h"
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
 * The PCI host bridge at /machine/i440fx with its root bus "pci.0",
 * whose BARs map into the PCI memory space and the I/O space.
 */
static bool pc_pci_init(PCMachineState *pcms, Error **errp)
{
    DeviceState *host = qdev_new(TYPE_PC_PLACEHOLDER_PCI_HOST);
    PCIHostState *phb = PCI_HOST_BRIDGE(host);

    object_property_add_child(OBJECT(pcms), "i440fx", OBJECT(host));
    phb->bus = pci_root_bus_new(host, "pci.0", &pcms->pci_memory,
                                get_system_io(), 0, TYPE_PCI_BUS);
    if (!sysbus_realize_and_unref(SYS_BUS_DEVICE(host), errp)) {
        return false;
    }
    pcms->pci_host = host;
    pcms->pci_bus = phb->bus;
    return true;
}

/*
 * The ISA bus "isa.0" at /machine/isa-bridge: ISA memory is the PCI
 * memory space, as behind a PIIX3; ISA IRQ n is GSI n.
 */
static bool pc_isa_init(PCMachineState *pcms, Error **errp)
{
    DeviceState *bridge = qdev_new(TYPE_ISABUS_BRIDGE);

    object_property_add_child(OBJECT(pcms), "isa-bridge", OBJECT(bridge));
    if (!sysbus_realize_and_unref(SYS_BUS_DEVICE(bridge), errp)) {
        return false;
    }
    pcms->isa_bus =
        isa_bus_new(bridge, &pcms->pci_memory, get_system_io(), errp);
    if (!pcms->isa_bus) {
        return false;
    }
    isa_bus_irqs(pcms->isa_bus, X86_MACHINE(pcms)->gsi);
    return true;
}

/*
 * The interrupt controllers on the GSIs.  The i8259 pair (issue 7) goes
 * here, filling gsi_state->i8259_irq as QEMU's pc_i8259_create does.
 */
static bool pc_irq_init(PCMachineState *pcms, Error **errp)
{
    return ioapic_init_gsi(X86_MACHINE(pcms)->gsi_state, OBJECT(pcms->pci_host),
                           errp);
}

static bool pc_init1(MachineState *ms, Error **errp)
{
    PCMachineState *pcms = PC_MACHINE(ms);
    PCMachineClass *pcmc = PC_MACHINE_GET_CLASS(ms);
    X86MachineState *x86ms = X86_MACHINE(ms);

    if (!pc_check_unsupported(ms, errp) ||
        !x86_cpus_init(x86ms, pcmc->default_cpu_version, errp) ||
        !pc_memory_init(pcms, errp)) {
        return false;
    }
    x86ms->gsi_state = pc_gsi_create(&x86ms->gsi);
    if (!pc_pci_init(pcms, errp) || !pc_isa_init(pcms, errp) ||
        !pc_irq_init(pcms, errp) || !pc_basic_device_init(pcms, errp) ||
        !pc_load_kernel(pcms, errp)) {
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
