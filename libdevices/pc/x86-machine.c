/*
 * TYPE_X86_MACHINE ("x86-machine"): what every x86 board shares, with
 * QEMU 7.2's names and behaviour (hw/i386/x86.c, own code): the
 * max-ram-below-4g, smm, acpi, pit and pic properties, the possible CPUs
 * of the -smp topology with their APIC IDs, and the creation of the CPUs.
 *
 * The CPUs are created by QOM type name (ms->cpu_type, from -cpu or the
 * board's default) and realized with no bus; the accelerator that
 * configure_accelerators() started has attached itself to every CPU
 * class by then (cpu_accel_attach), so realize reaches it without the
 * board knowing which one runs them.
 */
#include <inttypes.h>

#include "devices/apic.h"
#include "machine/accel.h"
#include "machine/cpu.h"
#include "machine/x86-cpu.h"
#include "pc-internal.h"
#include "qom/visitor.h"
#include "util/error-report.h"
#include "util/error.h"

/* ---- Topology ---- */

static void x86_topo_info_from_smp(MachineState *ms, X86CPUTopoInfo *topo)
{
    topo->dies_per_pkg = ms->smp.dies;
    topo->cores_per_die = ms->smp.cores;
    topo->threads_per_core = ms->smp.threads;
}

/*
 * QEMU's x86_possible_cpu_arch_ids: one slot per possible CPU (maxcpus),
 * its APIC ID from the [package][die][core][thread] layout (Intel SDM
 * vol. 3A, 8.9.1), so that the IDs of present and hot-pluggable CPUs
 * never change with -smp cpus=.
 */
static const CPUArchIdList *x86_possible_cpu_arch_ids(MachineState *ms)
{
    unsigned int max_cpus = ms->smp.max_cpus;
    X86CPUTopoInfo topo;
    unsigned int i;

    if (ms->possible_cpus) {
        g_assert(ms->possible_cpus->len == (int)max_cpus);
        return ms->possible_cpus;
    }
    x86_topo_info_from_smp(ms, &topo);
    ms->possible_cpus =
        g_malloc0(sizeof(CPUArchIdList) + sizeof(CPUArchId) * max_cpus);
    ms->possible_cpus->len = max_cpus;
    for (i = 0; i < max_cpus; i++) {
        CPUArchId *slot = &ms->possible_cpus->cpus[i];
        X86CPUTopoIDs ids;

        x86_topo_ids_from_idx(&topo, i, &ids);
        slot->type = ms->cpu_type;
        slot->vcpus_count = 1;
        slot->arch_id = x86_apicid_from_cpu_idx(&topo, i);
        slot->props.has_socket_id = true;
        slot->props.socket_id = ids.pkg_id;
        if (ms->smp.dies > 1) {
            slot->props.has_die_id = true;
            slot->props.die_id = ids.die_id;
        }
        slot->props.has_core_id = true;
        slot->props.core_id = ids.core_id;
        slot->props.has_thread_id = true;
        slot->props.thread_id = ids.smt_id;
    }
    return ms->possible_cpus;
}

/* ---- CPUs ---- */

/*
 * Create and realize the CPU of one slot (QEMU's x86_cpu_new), with its
 * userspace local APIC when the accelerator has none of its own (QEMU's
 * x86_cpu_apic_create and x86_cpu_apic_realize, done here by the board:
 * the APIC model lives in libdevices).
 */
static bool x86_cpu_new(X86MachineState *x86ms, const CPUArchId *slot,
                        Error **errp)
{
    Object *cpu = object_new(slot->type);
    DeviceState *apic = NULL;
    bool ok;

    x86_cpu_set_topology(X86_CPU(cpu), &x86ms->topo);
    ok = object_property_set_uint(cpu, "apic-id", slot->arch_id, errp) &&
         object_property_set_int(cpu, "socket-id", slot->props.socket_id,
                                 errp) &&
         object_property_set_int(cpu, "die-id", slot->props.die_id, errp) &&
         object_property_set_int(cpu, "core-id", slot->props.core_id, errp) &&
         object_property_set_int(cpu, "thread-id", slot->props.thread_id, errp);
    if (ok && !accel_local_apic_in_kernel()) {
        apic = apic_create(X86_CPU(cpu), slot->arch_id, errp);
        ok = apic != NULL;
    }
    ok = ok && qdev_realize(DEVICE(cpu), NULL, errp) &&
         (!apic || qdev_realize(apic, NULL, errp));
    /* Realized, the tree holds it (/machine/unattached/device[N]). */
    object_unref(cpu);
    return ok;
}

/*
 * QEMU's apic_mmio_map_once: the first CPU's APIC serves the window for
 * all (its accesses pick the APIC of the CPU making them), above the
 * PCI hole's contents.
 */
static void x86_apic_mmio_map(void)
{
    CPUState *cs = first_cpu;
    DeviceState *apic = cs ? X86_CPU(cs)->apic_state : NULL;

    if (apic) {
        memory_region_add_subregion_overlap(
            get_system_memory(), APIC_DEFAULT_ADDRESS, apic_get_io_region(apic),
            APIC_MSI_PRIORITY);
    }
}

bool x86_cpus_init(X86MachineState *x86ms, int default_cpu_version,
                   Error **errp)
{
    MachineState *ms = MACHINE(x86ms);
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    const CPUArchIdList *possible;
    unsigned int i;

    /* Whoever builds a board has started the accelerator first. */
    g_assert(ms->accelerator);
    g_assert(ms->cpu_type);

    /* Resolved when each CPU object is created, so set it first. */
    x86_cpu_set_default_version(default_cpu_version);

    x86_topo_info_from_smp(ms, &x86ms->topo);
    x86ms->apic_id_limit =
        x86_apicid_from_cpu_idx(&x86ms->topo, ms->smp.max_cpus - 1) + 1;

    possible = mc->possible_cpu_arch_ids(ms);
    for (i = 0; i < ms->smp.cpus; i++) {
        if (!x86_cpu_new(x86ms, &possible->cpus[i], errp)) {
            return false;
        }
    }
    x86_apic_mmio_map();
    return true;
}

/* ---- Properties ---- */

static void x86_machine_get_max_ram_below_4g(Object *obj, Visitor *v,
                                             const char *name, void *opaque,
                                             Error **errp)
{
    uint64_t value = X86_MACHINE(obj)->max_ram_below_4g;

    visit_type_size(v, name, &value, errp);
}

static void x86_machine_set_max_ram_below_4g(Object *obj, Visitor *v,
                                             const char *name, void *opaque,
                                             Error **errp)
{
    X86MachineState *x86ms = X86_MACHINE(obj);
    uint64_t value;

    if (!visit_type_size(v, name, &value, errp)) {
        return;
    }
    /* QEMU 7.2's checks and texts (x86_machine_set_max_ram_below_4g). */
    if (value > 4 * GiB) {
        error_setg(errp,
                   "Machine option 'max-ram-below-4g=%" PRIu64
                   "' expects size less than or equal to 4G",
                   value);
        return;
    }
    if (value < 1 * MiB) {
        warn_report("Only %" PRIu64 " bytes of RAM below the 4GiB boundary,"
                    "BIOS may not work with less than 1MiB",
                    value);
    }
    x86ms->max_ram_below_4g = value;
}

/* The OnOffAuto properties, one getter/setter pair each. */
#define X86_ON_OFF_AUTO_PROP(field)                                            \
    static int x86_machine_get_##field(Object *obj, Error **errp)              \
    {                                                                          \
        return X86_MACHINE(obj)->field;                                        \
    }                                                                          \
    static void x86_machine_set_##field(Object *obj, int value, Error **errp)  \
    {                                                                          \
        X86_MACHINE(obj)->field = value;                                       \
    }

X86_ON_OFF_AUTO_PROP(smm)
X86_ON_OFF_AUTO_PROP(acpi)
X86_ON_OFF_AUTO_PROP(pit)
X86_ON_OFF_AUTO_PROP(pic)

static void x86_machine_initfn(Object *obj)
{
    X86MachineState *x86ms = X86_MACHINE(obj);

    x86ms->smm = ON_OFF_AUTO_AUTO;
    x86ms->acpi = ON_OFF_AUTO_AUTO;
    x86ms->pit = ON_OFF_AUTO_AUTO;
    x86ms->pic = ON_OFF_AUTO_AUTO;
    x86ms->above_4g_mem_start = PC_ABOVE_4G_MEM_START;
}

static void x86_machine_finalize(Object *obj)
{
    X86MachineState *x86ms = X86_MACHINE(obj);

    /* The devices that held GSI lines left with the machine's children. */
    if (x86ms->gsi) {
        qemu_free_irqs(x86ms->gsi, GSI_NUM_PINS);
    }
    g_free(x86ms->gsi_state);
}

static void x86_machine_add_on_off_auto(ObjectClass *oc, const char *name,
                                        int (*get)(Object *, Error **),
                                        void (*set)(Object *, int, Error **),
                                        const char *desc)
{
    object_class_property_add_enum(oc, name, "OnOffAuto", &OnOffAuto_lookup,
                                   get, set);
    object_class_property_set_description(oc, name, desc);
}

static const char *const x86_valid_cpu_types[] = {TYPE_X86_CPU, NULL};

static void x86_machine_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->possible_cpu_arch_ids = x86_possible_cpu_arch_ids;
    /* -cpu only resolves x86 models; this keeps other CPU types out. */
    mc->valid_cpu_types = x86_valid_cpu_types;
    /* x86 packages may have several dies (CPUID leaf 1FH). */
    mc->smp_props.dies_supported = true;

    object_class_property_add(oc, X86_MACHINE_MAX_RAM_BELOW_4G, "size",
                              x86_machine_get_max_ram_below_4g,
                              x86_machine_set_max_ram_below_4g, NULL, NULL);
    object_class_property_set_description(
        oc, X86_MACHINE_MAX_RAM_BELOW_4G,
        "Maximum ram below the 4G boundary (32bit boundary)");
    x86_machine_add_on_off_auto(oc, X86_MACHINE_SMM, x86_machine_get_smm,
                                x86_machine_set_smm, "Enable SMM");
    x86_machine_add_on_off_auto(oc, X86_MACHINE_ACPI, x86_machine_get_acpi,
                                x86_machine_set_acpi, "Enable ACPI");
    x86_machine_add_on_off_auto(oc, X86_MACHINE_PIT, x86_machine_get_pit,
                                x86_machine_set_pit, "Enable i8254 PIT");
    x86_machine_add_on_off_auto(oc, X86_MACHINE_PIC, x86_machine_get_pic,
                                x86_machine_set_pic, "Enable i8259 PIC");
}

static const TypeInfo x86_machine_info = {
    .name = TYPE_X86_MACHINE,
    .parent = TYPE_MACHINE,
    .abstract = true,
    .instance_size = sizeof(X86MachineState),
    .instance_init = x86_machine_initfn,
    .instance_finalize = x86_machine_finalize,
    .class_size = sizeof(X86MachineClass),
    .class_init = x86_machine_class_init,
};

static void x86_machine_register_types(void)
{
    type_register_static(&x86_machine_info);
}

type_init(x86_machine_register_types)
