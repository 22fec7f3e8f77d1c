/*
 * TYPE_CPU: what every processor model shares, whatever the target and
 * the accelerator: the CPU list, -cpu parsing, creation and reset, and
 * the accelerator's hooks.
 */
#include <string.h>

#include "machine/cpu.h"
#include "machine/qdev-properties.h"
#include "machine/x86-cpu.h"

/*
 * The x86 models register their QOM types from a constructor in
 * x86-cpu.c.  A program that links libemu-machine.a (static) gets that
 * object file only if something references it; -cpu parsing is how every
 * CPU is found, so this file holds the reference.
 */
__attribute__((used)) static void (*const x86_cpu_link_anchor)(void) =
    x86_cpu_list;

/* Realized CPUs, by ascending cpu_index. */
static CPUState *cpu_list_head;

CPUState *cpu_list_first(void)
{
    return cpu_list_head;
}

unsigned int cpu_list_length(void)
{
    unsigned int n = 0;
    CPUState *cpu;

    CPU_FOREACH(cpu)
    {
        n++;
    }
    return n;
}

CPUState *qemu_get_cpu(int index)
{
    CPUState *cpu;

    CPU_FOREACH(cpu)
    {
        if (cpu->cpu_index == index) {
            return cpu;
        }
    }
    return NULL;
}

CPUState *cpu_by_arch_id(int64_t id)
{
    CPUState *cpu;

    CPU_FOREACH(cpu)
    {
        CPUClass *cc = CPU_GET_CLASS(cpu);

        if (cc->get_arch_id && cc->get_arch_id(cpu) == id) {
            return cpu;
        }
    }
    return NULL;
}

bool cpu_exists(int64_t id)
{
    return cpu_by_arch_id(id) != NULL;
}

/*
 * A CPU without an index gets the lowest free one (QEMU gives the next
 * after the highest; with no holes that is the same number).
 */
static void cpu_list_add(CPUState *cpu)
{
    CPUState **p;

    if (cpu->cpu_index == UNASSIGNED_CPU_INDEX) {
        int index = 0;

        while (qemu_get_cpu(index)) {
            index++;
        }
        cpu->cpu_index = index;
    }
    for (p = &cpu_list_head; *p && (*p)->cpu_index < cpu->cpu_index;
         p = &(*p)->list_next) {
        /* find the insertion point */
    }
    cpu->list_next = *p;
    *p = cpu;
}

static void cpu_list_remove(CPUState *cpu)
{
    CPUState **p;

    for (p = &cpu_list_head; *p; p = &(*p)->list_next) {
        if (*p == cpu) {
            *p = cpu->list_next;
            cpu->list_next = NULL;
            cpu->cpu_index = UNASSIGNED_CPU_INDEX;
            return;
        }
    }
}

static void cpu_common_realizefn(DeviceState *dev, Error **errp)
{
    CPUState *cpu = CPU(dev);
    CPUClass *cc = CPU_GET_CLASS(cpu);

    if (qemu_get_cpu(cpu->cpu_index)) {
        error_setg(errp, "CPU index %d is already in use", cpu->cpu_index);
        return;
    }
    cpu_list_add(cpu);
    if (cc->accel_cpu && cc->accel_cpu->cpu_realizefn &&
        !cc->accel_cpu->cpu_realizefn(cpu, errp)) {
        cpu_list_remove(cpu);
        return;
    }
}

static void cpu_common_unrealizefn(DeviceState *dev)
{
    cpu_list_remove(CPU(dev));
}

static void cpu_common_reset(DeviceState *dev)
{
    CPUState *cpu = CPU(dev);

    cpu->interrupt_request = 0;
    cpu->halted = cpu->start_powered_off;
    cpu->exception_index = -1;
    cpu->crash_occurred = false;
    cpu->exit_request = false;
}

static bool cpu_common_has_work(CPUState *cpu)
{
    return false;
}

static int64_t cpu_common_get_arch_id(CPUState *cpu)
{
    return cpu->cpu_index;
}

static void cpu_common_initfn(Object *obj)
{
    CPUState *cpu = CPU(obj);

    cpu->cpu_index = UNASSIGNED_CPU_INDEX;
    cpu->nr_cores = 1;
    cpu->nr_threads = 1;
    cpu->exception_index = -1;
    cpu->thread_id = 0;
}

static void cpu_common_finalize(Object *obj)
{
    /* A CPU dropped while realized (no unparent) must leave the list. */
    cpu_list_remove(CPU(obj));
}

static Property cpu_common_props[] = {
    DEFINE_PROP_BOOL("start-powered-off", CPUState, start_powered_off, false),
    DEFINE_PROP_END_OF_LIST(),
};

static void cpu_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    CPUClass *cc = CPU_CLASS(klass);

    dc->realize = cpu_common_realizefn;
    dc->unrealize = cpu_common_unrealizefn;
    dc->reset = cpu_common_reset;
    device_class_set_props(dc, cpu_common_props);
    device_class_set_category(dc, DEVICE_CATEGORY_CPU);
    /* Boards wire CPUs (APIC, reset, topology); -device cannot. */
    dc->user_creatable = false;
    cc->has_work = cpu_common_has_work;
    cc->get_arch_id = cpu_common_get_arch_id;
}

static const TypeInfo cpu_types[] = {
    {
        .name = TYPE_CPU,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(CPUState),
        .instance_init = cpu_common_initfn,
        .instance_finalize = cpu_common_finalize,
        .abstract = true,
        .class_size = sizeof(CPUClass),
        .class_init = cpu_class_init,
    },
    {
        .name = TYPE_ACCEL_CPU,
        .parent = TYPE_OBJECT,
        .abstract = true,
        .class_size = sizeof(AccelCPUClass),
    },
};

DEFINE_TYPES(cpu_types)

ObjectClass *cpu_class_by_name(const char *typename, const char *cpu_model)
{
    ObjectClass *oc = object_class_by_name(typename);
    CPUClass *cc;

    if (!oc || !cpu_model) {
        return NULL;
    }
    cc = CPU_CLASS(oc);
    g_assert(cc->class_by_name);
    oc = cc->class_by_name(cpu_model);
    if (!oc || object_class_is_abstract(oc)) {
        return NULL;
    }
    return oc;
}

const char *parse_cpu_option(const char *cpu_option, Error **errp)
{
    g_auto(GStrv) model_pieces = g_strsplit(cpu_option, ",", 2);
    ObjectClass *oc;
    CPUClass *cc;
    const char *cpu_type;

    if (!model_pieces[0]) {
        error_setg(errp, "-cpu option cannot be empty");
        return NULL;
    }
    oc = cpu_class_by_name(CPU_RESOLVING_TYPE, model_pieces[0]);
    if (!oc) {
        /* QEMU 7.2's text. */
        error_setg(errp, "unable to find CPU model '%s'", model_pieces[0]);
        return NULL;
    }
    cpu_type = object_class_get_name(oc);
    cc = CPU_CLASS(oc);
    if (model_pieces[1] && cc->parse_features &&
        !cc->parse_features(cpu_type, model_pieces[1], errp)) {
        return NULL;
    }
    return cpu_type;
}

CPUState *cpu_create(const char *typename, Error **errp)
{
    ObjectClass *oc = object_class_by_name(typename);
    Object *obj;

    if (!oc || !object_class_dynamic_cast(oc, TYPE_CPU) ||
        object_class_is_abstract(oc)) {
        error_setg(errp, "'%s' is not a CPU type", typename);
        return NULL;
    }
    obj = object_new_with_class(oc);
    if (!qdev_realize(DEVICE(obj), NULL, errp)) {
        object_unparent(obj);
        object_unref(obj);
        return NULL;
    }
    /* The composition tree (/machine/unattached) holds it now, if any. */
    if (obj->parent) {
        object_unref(obj);
    }
    return CPU(obj);
}

void cpu_reset(CPUState *cpu)
{
    device_cold_reset(DEVICE(cpu));
}

bool cpu_has_work(CPUState *cpu)
{
    return CPU_GET_CLASS(cpu)->has_work(cpu);
}

void cpu_set_pc(CPUState *cpu, vaddr value)
{
    CPUClass *cc = CPU_GET_CLASS(cpu);

    g_assert(cc->set_pc);
    cc->set_pc(cpu, value);
}

void cpu_dump_state(CPUState *cpu, GString *buf, int flags)
{
    CPUClass *cc = CPU_GET_CLASS(cpu);

    if (cc->dump_state) {
        cc->dump_state(cpu, buf, flags);
    }
}

static void cpu_accel_attach_one(ObjectClass *oc, void *opaque)
{
    CPUClass *cc = CPU_CLASS(oc);
    AccelCPUClass *acc = opaque;

    cc->accel_cpu = acc;
    if (acc && acc->cpu_class_init) {
        acc->cpu_class_init(cc);
    }
}

void cpu_accel_attach(AccelCPUClass *acc)
{
    object_class_foreach(cpu_accel_attach_one, TYPE_CPU, false, acc);
}
