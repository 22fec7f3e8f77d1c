/*
 * TYPE_MACHINE: the machine base class, its -machine properties, the
 * creation of /machine and the board init sequence (QEMU 7.2's
 * hw/core/machine.c and the machine half of softmmu/vl.c, own code).
 */
#include <string.h>
#include <sys/mman.h>

#include "core-internal.h"
#include "machine/accel.h"
#include "machine/boards.h"
#include "machine/reset.h"
#include "machine/sysbus.h"
#include "util/error-report.h"
#include "util/error.h"

MachineState *current_machine;

static const char *const OnOffSplit_names[] = {
    [ON_OFF_SPLIT_ON] = "on",
    [ON_OFF_SPLIT_OFF] = "off",
    [ON_OFF_SPLIT_SPLIT] = "split",
};

const QEnumLookup OnOffSplit_lookup = {
    .array = OnOffSplit_names,
    .size = ON_OFF_SPLIT__MAX,
};

/* ---- Properties ---- */

/* A string property over a char * field of MachineState. */
#define MACHINE_STR_PROP(fn, field)                                            \
    static char *machine_get_##fn(Object *obj, Error **errp)                   \
    {                                                                          \
        return g_strdup(MACHINE(obj)->field);                                  \
    }                                                                          \
    static void machine_set_##fn(Object *obj, const char *value, Error **errp) \
    {                                                                          \
        MachineState *ms = MACHINE(obj);                                       \
        g_free(ms->field);                                                     \
        ms->field = g_strdup(value);                                           \
    }

MACHINE_STR_PROP(accel, accel)
MACHINE_STR_PROP(kernel, kernel_filename)
MACHINE_STR_PROP(initrd, initrd_filename)
MACHINE_STR_PROP(append, kernel_cmdline)
MACHINE_STR_PROP(dtb, dtb)
MACHINE_STR_PROP(dumpdtb, dumpdtb)
MACHINE_STR_PROP(dt_compatible, dt_compatible)
MACHINE_STR_PROP(firmware, firmware)

/* A boolean property over a bool field of MachineState. */
#define MACHINE_BOOL_PROP(field)                                               \
    static bool machine_get_##field(Object *obj, Error **errp)                 \
    {                                                                          \
        return MACHINE(obj)->field;                                            \
    }                                                                          \
    static void machine_set_##field(Object *obj, bool value, Error **errp)     \
    {                                                                          \
        MACHINE(obj)->field = value;                                           \
    }

MACHINE_BOOL_PROP(dump_guest_core)
MACHINE_BOOL_PROP(mem_merge)
MACHINE_BOOL_PROP(enable_graphics)
MACHINE_BOOL_PROP(suppress_vmdesc)

static bool machine_get_usb(Object *obj, Error **errp)
{
    return MACHINE(obj)->usb;
}

static void machine_set_usb(Object *obj, bool value, Error **errp)
{
    MachineState *ms = MACHINE(obj);

    ms->usb = value;
    /* Boards that add USB by default must know the user said no. */
    ms->usb_disabled = !value;
}

static int machine_get_kernel_irqchip(Object *obj, Error **errp)
{
    MachineState *ms = MACHINE(obj);

    if (!ms->kernel_irqchip_allowed) {
        return ON_OFF_SPLIT_OFF;
    }
    return ms->kernel_irqchip_split ? ON_OFF_SPLIT_SPLIT : ON_OFF_SPLIT_ON;
}

static void machine_set_kernel_irqchip(Object *obj, int value, Error **errp)
{
    MachineState *ms = MACHINE(obj);

    /* QEMU 4.x semantics: "on" and "split" require it, "off" forbids it. */
    switch (value) {
    case ON_OFF_SPLIT_ON:
        ms->kernel_irqchip_allowed = true;
        ms->kernel_irqchip_required = true;
        ms->kernel_irqchip_split = false;
        break;
    case ON_OFF_SPLIT_OFF:
        ms->kernel_irqchip_allowed = false;
        ms->kernel_irqchip_required = false;
        ms->kernel_irqchip_split = false;
        break;
    case ON_OFF_SPLIT_SPLIT:
        ms->kernel_irqchip_allowed = true;
        ms->kernel_irqchip_required = true;
        ms->kernel_irqchip_split = true;
        break;
    default:
        g_assert_not_reached();
    }
}

static void machine_get_phandle_start(Object *obj, Visitor *v, const char *name,
                                      void *opaque, Error **errp)
{
    int64_t value = MACHINE(obj)->phandle_start;

    visit_type_int(v, name, &value, errp);
}

static void machine_set_phandle_start(Object *obj, Visitor *v, const char *name,
                                      void *opaque, Error **errp)
{
    int64_t value;

    if (visit_type_int(v, name, &value, errp)) {
        MACHINE(obj)->phandle_start = value;
    }
}

static char *machine_get_memdev(Object *obj, Error **errp)
{
    return g_strdup(MACHINE(obj)->ram_memdev_id);
}

static void machine_set_memdev(Object *obj, const char *value, Error **errp)
{
    /*
     * QEMU resolves the id among the -object memory backends; emu has no
     * memory backend type yet, so no id can name one.
     */
    if (!object_resolve_path_component(object_get_objects_root(), value)) {
        error_setg(errp, "Memory backend '%s' not found", value);
        return;
    }
    error_setg(errp, "memory-backend: host memory backends are not "
                     "supported yet");
}

/* ---- Dynamic sysbus devices ---- */

void machine_class_allow_dynamic_sysbus_dev(MachineClass *mc, const char *type)
{
    /*
     * Prepend: the class shares its parent's list as the tail, so a
     * subclass extends what its parent allows without changing it.
     */
    mc->allowed_dynamic_sysbus_devices =
        g_slist_prepend(mc->allowed_dynamic_sysbus_devices, g_strdup(type));
}

bool machine_class_is_dynamic_sysbus_dev_allowed(MachineClass *mc,
                                                 const char *type)
{
    ObjectClass *oc = object_class_by_name(type);
    GSList *l;

    if (!oc) {
        return false;
    }
    for (l = mc->allowed_dynamic_sysbus_devices; l; l = l->next) {
        if (object_class_dynamic_cast(oc, l->data)) {
            return true;
        }
    }
    return false;
}

/* The check qdev's -device runs on sysbus devices. */
static bool machine_dynamic_sysbus_check(const char *type)
{
    return current_machine && machine_class_is_dynamic_sysbus_dev_allowed(
                                  MACHINE_GET_CLASS(current_machine), type);
}

void compat_props_add(GPtrArray *arr, GlobalProperty props[], size_t nelem)
{
    size_t i;

    for (i = 0; i < nelem; i++) {
        g_ptr_array_add(arr, &props[i]);
    }
}

/* ---- Class and instance ---- */

static void machine_class_base_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    /* The core's minimum: one CPU, unless a class says otherwise. */
    mc->max_cpus = mc->max_cpus ? mc->max_cpus : 1;
    mc->min_cpus = mc->min_cpus ? mc->min_cpus : 1;
    mc->default_cpus = mc->default_cpus ? mc->default_cpus : 1;

    if (!object_class_is_abstract(oc)) {
        const char *cname = object_class_get_name(oc);

        /* -machine NAME finds "NAME-machine"; other names are a bug. */
        g_assert(g_str_has_suffix(cname, TYPE_MACHINE_SUFFIX));
        mc->name =
            g_strndup(cname, strlen(cname) - strlen(TYPE_MACHINE_SUFFIX));
        /*
         * Each version lists its own compat properties: the copy of the
         * parent's pointer must not be appended to.
         */
        mc->compat_props = g_ptr_array_new();
    }
}

static void machine_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);
    ObjectProperty *op;

    /* QEMU's default -m (hw/core/machine.c): 128 MiB. */
    mc->default_ram_size = 128 * 1024 * 1024;
    mc->default_boot_order = "cad";

    /* Legacy keys that QEMU 7.2 peels off -machine before the rest. */
    object_class_property_add_str(oc, "accel", machine_get_accel,
                                  machine_set_accel);
    object_class_property_set_description(oc, "accel", "Accelerator list");
    object_class_property_add_enum(
        oc, "kernel-irqchip", "OnOffSplit", &OnOffSplit_lookup,
        machine_get_kernel_irqchip, machine_set_kernel_irqchip);
    object_class_property_set_description(oc, "kernel-irqchip",
                                          "Configure KVM in-kernel irqchip");

    object_class_property_add_str(oc, "kernel", machine_get_kernel,
                                  machine_set_kernel);
    object_class_property_set_description(oc, "kernel",
                                          "Linux kernel image file");
    object_class_property_add_str(oc, "initrd", machine_get_initrd,
                                  machine_set_initrd);
    object_class_property_set_description(oc, "initrd",
                                          "Linux initial ramdisk file");
    object_class_property_add_str(oc, "append", machine_get_append,
                                  machine_set_append);
    object_class_property_set_description(oc, "append",
                                          "Linux kernel command line");
    object_class_property_add_str(oc, "dtb", machine_get_dtb, machine_set_dtb);
    object_class_property_set_description(oc, "dtb",
                                          "Linux kernel device tree file");
    object_class_property_add_str(oc, "dumpdtb", machine_get_dumpdtb,
                                  machine_set_dumpdtb);
    object_class_property_set_description(oc, "dumpdtb",
                                          "Dump current dtb to a file and "
                                          "quit");
    op = object_class_property_add(oc, "phandle-start", "int",
                                   machine_get_phandle_start,
                                   machine_set_phandle_start, NULL, NULL);
    object_property_set_default_int(op, -1);
    object_class_property_set_description(oc, "phandle-start",
                                          "The first phandle ID we may "
                                          "generate dynamically");
    object_class_property_add_str(oc, "dt-compatible",
                                  machine_get_dt_compatible,
                                  machine_set_dt_compatible);
    object_class_property_set_description(oc, "dt-compatible",
                                          "Overrides the \"compatible\" "
                                          "property of the dt root node");
    op = object_class_property_add_bool(oc, "dump-guest-core",
                                        machine_get_dump_guest_core,
                                        machine_set_dump_guest_core);
    object_property_set_default_bool(op, true);
    object_class_property_set_description(oc, "dump-guest-core",
                                          "Include guest memory in a core "
                                          "dump");
    op = object_class_property_add_bool(oc, "mem-merge", machine_get_mem_merge,
                                        machine_set_mem_merge);
    object_property_set_default_bool(op, true);
    object_class_property_set_description(oc, "mem-merge",
                                          "Enable/disable memory merge "
                                          "support");
    object_class_property_add_bool(oc, "usb", machine_get_usb, machine_set_usb);
    object_class_property_set_description(oc, "usb",
                                          "Set on/off to enable/disable usb");
    op = object_class_property_add_bool(oc, "graphics",
                                        machine_get_enable_graphics,
                                        machine_set_enable_graphics);
    object_property_set_default_bool(op, true);
    object_class_property_set_description(oc, "graphics",
                                          "Set on/off to enable/disable "
                                          "graphics emulation");
    object_class_property_add_str(oc, "firmware", machine_get_firmware,
                                  machine_set_firmware);
    object_class_property_set_description(oc, "firmware", "Firmware image");
    object_class_property_add_bool(oc, "suppress-vmdesc",
                                   machine_get_suppress_vmdesc,
                                   machine_set_suppress_vmdesc);
    object_class_property_set_description(oc, "suppress-vmdesc",
                                          "Set on to disable self-describing "
                                          "migration");
    object_class_property_add_str(oc, "memory-backend", machine_get_memdev,
                                  machine_set_memdev);
    object_class_property_set_description(oc, "memory-backend",
                                          "Set RAM backend. Valid value is ID "
                                          "of hostmem based backend");
}

static void machine_initfn(Object *obj)
{
    MachineState *ms = MACHINE(obj);
    MachineClass *mc = MACHINE_GET_CLASS(obj);

    /* The containers QEMU's machine creates with itself. */
    container_get(obj, "/peripheral");
    container_get(obj, "/peripheral-anon");

    ms->kernel_irqchip_allowed = true;
    ms->kernel_irqchip_split = mc->default_kernel_irqchip_split;

    ms->ram_size = mc->default_ram_size;
    ms->maxram_size = mc->default_ram_size;
    ms->cpu_type = mc->default_cpu_type;

    ms->smp.cpus = mc->default_cpus;
    ms->smp.max_cpus = mc->default_cpus;
    ms->smp.sockets = 1;
    ms->smp.dies = 1;
    ms->smp.clusters = 1;
    ms->smp.cores = 1;
    ms->smp.threads = 1;

    ms->boot_config.order = g_strdup(mc->default_boot_order);
}

static void machine_boot_config_clear(BootConfiguration *bc)
{
    g_free(bc->order);
    g_free(bc->once);
    g_free(bc->splash);
    memset(bc, 0, sizeof(*bc));
}

static void machine_sysbus_reset(void *opaque)
{
    bus_cold_reset(sysbus_get_default());
}

static void machine_finalize(Object *obj)
{
    MachineState *ms = MACHINE(obj);

    if (current_machine == ms) {
        qemu_unregister_reset(machine_sysbus_reset, NULL);
        qdev_set_machine_compat_props(NULL);
        qdev_set_accel_compat_props(NULL);
        current_machine = NULL;
    }
    if (ms->accelerator) {
        object_unref(ms->accelerator);
    }
    if (ms->ram) {
        memory_region_destroy(ms->ram);
        g_free(ms->ram);
    }
    g_free(ms->possible_cpus);
    g_free(ms->accel);
    g_free(ms->kernel_filename);
    g_free(ms->initrd_filename);
    g_free(ms->kernel_cmdline);
    g_free(ms->dtb);
    g_free(ms->dumpdtb);
    g_free(ms->dt_compatible);
    g_free(ms->firmware);
    g_free(ms->ram_memdev_id);
    machine_boot_config_clear(&ms->boot_config);
}

static const TypeInfo machine_info = {
    .name = TYPE_MACHINE,
    .parent = TYPE_OBJECT,
    .abstract = true,
    .class_size = sizeof(MachineClass),
    .class_init = machine_class_init,
    .class_base_init = machine_class_base_init,
    .instance_size = sizeof(MachineState),
    .instance_init = machine_initfn,
    .instance_finalize = machine_finalize,
};

static void machine_register_types(void)
{
    type_register_static(&machine_info);
    type_register_static(&machine_none_info);
}

type_init(machine_register_types)

    GSList *machine_class_get_list(void)
{
    return object_class_get_list(TYPE_MACHINE, false);
}

/* ---- Creating the machine ---- */

/*
 * mc->default_machine_opts: "key=value,key=value", set like -machine keys
 * before the user's.  A bad one is a bug in the board.
 */
static void machine_apply_default_opts(MachineState *ms, const char *opts)
{
    g_auto(GStrv) pairs = g_strsplit(opts, ",", -1);
    GStrv p;

    for (p = pairs; *p; p++) {
        char *eq = strchr(*p, '=');

        if (!**p) {
            continue;
        }
        g_assert(eq);
        *eq = '\0';
        object_property_parse(OBJECT(ms), *p, eq + 1, &error_abort);
    }
}

MachineState *machine_create(MachineClass *mc, Error **errp)
{
    MachineState *ms;
    Object *unattached;

    g_assert(!current_machine && !qdev_get_machine());

    /* Devices created from here on get the machine's compat values. */
    qdev_set_machine_compat_props(mc->compat_props);

    ms = MACHINE(object_new_with_class(OBJECT_CLASS(mc)));
    object_property_add_child(object_get_root(), "machine", OBJECT(ms));
    /* The tree keeps the machine. */
    object_unref(ms);
    current_machine = ms;

    unattached = container_get(OBJECT(ms), "/unattached");
    object_property_add_child(unattached, "sysbus",
                              OBJECT(sysbus_get_default()));

    memory_map_init();
    qdev_set_dynamic_sysbus_check(machine_dynamic_sysbus_check);
    qemu_register_reset(machine_sysbus_reset, NULL);

    if (mc->default_machine_opts) {
        machine_apply_default_opts(ms, mc->default_machine_opts);
    }
    return ms;
}

/* ---- -m ---- */

bool machine_parse_memory_options(MachineState *ms,
                                  const MemorySizeConfiguration *mem,
                                  Error **errp)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    uint64_t size;
    uint64_t max_size;

    /* QEMU's -m 0 means "not given", i.e. the machine's default. */
    if (mem->has_size && mem->size) {
        size = mem->size;
    } else {
        size = mc->default_ram_size;
    }
    /* QEMU 7.2 (machine_set_mem): RAM is a whole number of 8 KiB. */
    if (size > UINT64_MAX - (MACHINE_RAM_ALIGN - 1)) {
        error_setg(errp, "ram size too large");
        return false;
    }
    size = ROUND_UP(size, MACHINE_RAM_ALIGN);
    if (mc->fixup_ram_size) {
        size = mc->fixup_ram_size(size);
    }

    if (mem->has_max_size) {
        if (mem->max_size < size) {
            error_setg(errp,
                       "invalid value of maxmem: maximum memory size "
                       "(0x%" PRIx64 ") must be at least the initial "
                       "memory size (0x%" PRIx64 ")",
                       mem->max_size, size);
            return false;
        }
        if (mem->has_slots && mem->slots && mem->max_size == size) {
            error_setg(errp,
                       "invalid value of maxmem: memory slots were "
                       "specified but maximum memory size "
                       "(0x%" PRIx64 ") is equal to the initial "
                       "memory size (0x%" PRIx64 ")",
                       mem->max_size, size);
            return false;
        }
        max_size = mem->max_size;
    } else {
        if (mem->has_slots) {
            error_setg(errp, "slots specified but no max-size");
            return false;
        }
        max_size = size;
    }

    ms->ram_size = size;
    ms->maxram_size = max_size;
    ms->ram_slots = mem->has_slots ? mem->slots : 0;
    return true;
}

/* ---- -boot ---- */

bool validate_bootdevices(const char *devices, Error **errp)
{
    /* QEMU's generic letters: a-b floppy, c-f disk, g-m board, n-p net. */
    uint32_t seen = 0;
    const char *p;

    for (p = devices; *p; p++) {
        if (*p < 'a' || *p > 'p') {
            error_setg(errp, "Invalid boot device '%c'", *p);
            return false;
        }
        if (seen & (1u << (*p - 'a'))) {
            error_setg(errp, "Boot device '%c' was given twice", *p);
            return false;
        }
        seen |= 1u << (*p - 'a');
    }
    return true;
}

bool machine_set_boot_config(MachineState *ms, const BootConfiguration *config,
                             Error **errp)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    BootConfiguration copy;

    if (config->order && !validate_bootdevices(config->order, errp)) {
        return false;
    }
    if (config->once && !validate_bootdevices(config->once, errp)) {
        return false;
    }
    /* Copy before clearing: config may be ms->boot_config itself. */
    copy = *config;
    copy.order =
        g_strdup(config->order ? config->order : mc->default_boot_order);
    copy.once = g_strdup(config->once);
    copy.splash = g_strdup(config->splash);
    machine_boot_config_clear(&ms->boot_config);
    ms->boot_config = copy;
    return true;
}

/* ---- Board init ---- */

static bool machine_check_cpu_type(MachineState *ms, Error **errp)
{
    ERRP_GUARD();
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    ObjectClass *oc;
    int i;

    if (!mc->valid_cpu_types || !ms->cpu_type) {
        return true;
    }
    oc = object_class_by_name(ms->cpu_type);
    for (i = 0; mc->valid_cpu_types[i]; i++) {
        if (oc && object_class_dynamic_cast(oc, mc->valid_cpu_types[i])) {
            return true;
        }
    }
    error_setg(errp, "Invalid CPU type: %s", ms->cpu_type);
    error_append_hint(errp, "The valid types are: %s", mc->valid_cpu_types[0]);
    for (i = 1; mc->valid_cpu_types[i]; i++) {
        error_append_hint(errp, ", %s", mc->valid_cpu_types[i]);
    }
    error_append_hint(errp, "\n");
    return false;
}

/*
 * The RAM QEMU would put in a default memory backend: anonymous memory
 * named default_ram_id, merged (KSM) and dumped as the machine says.
 */
static bool machine_alloc_ram(MachineState *ms, Error **errp)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    MemoryRegion *ram = g_new0(MemoryRegion, 1);
    void *host;

    if (!memory_region_init_ram_flags(
            ram, OBJECT(ms), mc->default_ram_id, ms->ram_size,
            ms->mem_prealloc ? RAM_PREALLOC : 0, errp)) {
        g_free(ram);
        return false;
    }
    host = memory_region_get_ram_ptr(ram);
    /* Advice only: as QEMU, a kernel without KSM or the flag is fine. */
#ifdef MADV_MERGEABLE
    if (ms->mem_merge) {
        madvise(host, ms->ram_size, MADV_MERGEABLE);
    }
#endif
#ifdef MADV_DONTDUMP
    if (!ms->dump_guest_core) {
        madvise(host, ms->ram_size, MADV_DONTDUMP);
    }
#endif
    ms->ram = ram;
    return true;
}

bool machine_run_board_init(MachineState *ms, Error **errp)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);

    if (sizeof(void *) < 8 && ms->ram_size > (2047ULL << 20)) {
        /* A 32-bit host cannot map more (QEMU's limit). */
        error_setg(errp, "at most 2047 MB RAM can be simulated");
        return false;
    }
    /* The CPU check first, so that a refused -cpu allocates nothing. */
    if (!machine_check_cpu_type(ms, errp)) {
        return false;
    }
    if (mc->default_ram_id && ms->ram_size && !ms->ram) {
        if (object_property_find(object_get_objects_root(),
                                 mc->default_ram_id)) {
            error_setg(errp,
                       "object name '%s' is reserved for the default "
                       "RAM backend, it can't be used for any other "
                       "purposes. Change the object's 'id' to "
                       "something else",
                       mc->default_ram_id);
            return false;
        }
        if (!machine_alloc_ram(ms, errp)) {
            return false;
        }
    }
    g_assert(mc->init);
    return mc->init(ms, errp);
}

/* ---- Accessors ---- */

bool machine_usb(MachineState *ms)
{
    return ms->usb;
}

bool machine_dump_guest_core(MachineState *ms)
{
    return ms->dump_guest_core;
}

bool machine_mem_merge(MachineState *ms)
{
    return ms->mem_merge;
}

bool machine_kernel_irqchip_allowed(MachineState *ms)
{
    return ms->kernel_irqchip_allowed;
}

bool machine_kernel_irqchip_required(MachineState *ms)
{
    return ms->kernel_irqchip_required;
}

bool machine_kernel_irqchip_split(MachineState *ms)
{
    return ms->kernel_irqchip_split;
}
