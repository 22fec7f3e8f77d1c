/*
 * The option groups applied to the machine (see machine-opts.h).
 *
 * Order: -rtc (QEMU's configure_rtc, before any device), select_machine,
 * machine_create, then -smp, -m and the -machine
 * keys (the order in which QEMU 7.2 reports their errors: it applies
 * "smp" and "memory" before the other keys of its machine dictionary),
 * -boot, and -cpu.  QEMU parses -cpu after starting the accelerator;
 * emu parses it before, as the machine core's order says, so that a bad
 * -cpu is reported while no accelerator can start yet.
 */
#include <string.h>

#include "machine-opts.h"
#include "devices/mc146818rtc.h"
#include "devices/rtc.h"
#include "machine/accel.h"
#include "machine/cpu.h"
#include "machine/qdev-properties.h"
#include "machine/x86-cpu.h"
#include "opts/option-groups.h"
#include "util/error-report.h"
#include "util/error.h"

static QemuOpts *group_set(QemuOptsList *list)
{
    return qemu_opts_find(list, NULL);
}

bool emu_validate_machine_options(void)
{
    QemuOpts *machine = group_set(&qemu_machine_opts);

    if (!machine || qemu_opt_get(machine, "kernel")) {
        return true;
    }
    /* QEMU 7.2's qemu_validate_options. */
    if (qemu_opt_get(machine, "append")) {
        error_report("-append only allowed with -kernel option");
        return false;
    }
    if (qemu_opt_get(machine, "initrd")) {
        error_report("-initrd only allowed with -kernel option");
        return false;
    }
    return true;
}

/* ---- -smp ---- */

static void smp_get(QemuOpts *opts, const char *key, bool *has, uint64_t *val)
{
    *has = qemu_opt_find(opts, key) != NULL;
    *val = *has ? qemu_opt_get_number(opts, key, 0) : 0;
}

static bool apply_smp(MachineState *ms, Error **errp)
{
    QemuOpts *opts = group_set(&qemu_smp_opts);
    SMPConfiguration c = {0};

    if (!opts) {
        return true;
    }
    smp_get(opts, "cpus", &c.has_cpus, &c.cpus);
    smp_get(opts, "sockets", &c.has_sockets, &c.sockets);
    smp_get(opts, "dies", &c.has_dies, &c.dies);
    smp_get(opts, "clusters", &c.has_clusters, &c.clusters);
    smp_get(opts, "cores", &c.has_cores, &c.cores);
    smp_get(opts, "threads", &c.has_threads, &c.threads);
    smp_get(opts, "maxcpus", &c.has_maxcpus, &c.maxcpus);
    return machine_parse_smp_config(ms, &c, errp);
}

/* ---- -m ---- */

static bool apply_memory(MachineState *ms, Error **errp)
{
    QemuOpts *opts = group_set(&qemu_mem_opts);
    MemorySizeConfiguration mem = {0};

    if (opts) {
        /* A number without suffix counts MiB: libopts knows the rule. */
        mem.has_size = qemu_opt_find(opts, "size") != NULL;
        if (mem.has_size && !emu_mem_opts_get_size(opts, &mem.size, errp)) {
            return false;
        }
        mem.has_max_size = qemu_opt_find(opts, "maxmem") != NULL;
        mem.max_size = qemu_opt_get_size(opts, "maxmem", 0);
        mem.has_slots = qemu_opt_find(opts, "slots") != NULL;
        mem.slots = qemu_opt_get_number(opts, "slots", 0);
    }
    /* -mem-prealloc: the RAM is faulted in when allocated. */
    ms->mem_prealloc = qemu_opt_get_bool(
        qemu_opts_find(&emu_system_opts, NULL), "mem-prealloc", false);
    /* Without -m too: the machine's default, rounded as QEMU does. */
    return machine_parse_memory_options(ms, &mem, errp);
}

/* ---- -machine KEY=VALUE ---- */

static int set_machine_prop(void *opaque, const char *name, const char *value,
                            Error **errp)
{
    /* type= chose the class. */
    if (!strcmp(name, "type")) {
        return 0;
    }
    return object_property_parse(opaque, name, value, errp) ? 0 : -1;
}

static bool apply_machine_keys(MachineState *ms, Error **errp)
{
    QemuOpts *opts = group_set(&qemu_machine_opts);

    return !opts || qemu_opt_foreach(opts, set_machine_prop, ms, errp) == 0;
}

/* ---- -boot ---- */

static bool apply_boot(MachineState *ms, Error **errp)
{
    QemuOpts *opts = group_set(&qemu_boot_opts);
    BootConfiguration bc = {0};

    if (!opts) {
        return true;
    }
    bc.order = (char *)qemu_opt_get(opts, "order");
    bc.once = (char *)qemu_opt_get(opts, "once");
    bc.has_menu = qemu_opt_find(opts, "menu") != NULL;
    bc.menu = qemu_opt_get_bool(opts, "menu", false);
    bc.splash = (char *)qemu_opt_get(opts, "splash");
    bc.has_splash_time = qemu_opt_find(opts, "splash-time") != NULL;
    bc.splash_time = qemu_opt_get_number(opts, "splash-time", 0);
    bc.has_reboot_timeout = qemu_opt_find(opts, "reboot-timeout") != NULL;
    bc.reboot_timeout = qemu_opt_get_number(opts, "reboot-timeout", 0);
    bc.has_strict = qemu_opt_find(opts, "strict") != NULL;
    bc.strict = qemu_opt_get_bool(opts, "strict", false);
    /* Copies what it keeps. */
    return machine_set_boot_config(ms, &bc, errp);
}

/* ---- -rtc ---- */

/*
 * QEMU's configure_rtc(): the date and clock every RTC starts from, and
 * driftfix=slew as a default for the mc146818rtc's lost_tick_policy
 * (registered like a -global, before any device exists).
 */
static bool apply_rtc(Error **errp)
{
    QemuOpts *opts = group_set(&qemu_rtc_opts);
    const char *driftfix = opts ? qemu_opt_get(opts, "driftfix") : NULL;

    if (!rtc_configure(opts ? qemu_opt_get(opts, "base") : NULL,
                       opts ? qemu_opt_get(opts, "clock") : NULL, errp)) {
        return false;
    }
    if (driftfix && !strcmp(driftfix, "slew")) {
        qdev_prop_register_global(TYPE_MC146818_RTC, "lost_tick_policy",
                                  "slew");
    }
    return true;
}

/* ---- -cpu ---- */

static int append_cpu_key(void *opaque, const char *name, const char *value,
                          Error **errp)
{
    if (strcmp(name, "model")) {
        g_string_append_printf(opaque, ",%s=%s", name, value);
    }
    return 0;
}

/*
 * The -cpu argument as given: QEMU treats "+feat" and "feat=on"
 * differently (when they apply, and how an unknown one is reported), so
 * the last -cpu of the command line is used verbatim.  A -cpu that came
 * from -readconfig ([cpu], emu's group) is rebuilt from its keys.
 */
static char *cpu_option(Cmdline *cl)
{
    QemuOpts *opts = group_set(&emu_cpu_opts);
    GString *s;

    for (guint i = cl->uses->len; i-- > 0;) {
        CmdlineUse *use = &g_array_index(cl->uses, CmdlineUse, i);

        if (!strcmp(use->opt->name, "cpu")) {
            return g_strdup(use->arg);
        }
    }
    if (!opts || !qemu_opt_get(opts, "model")) {
        return NULL;
    }
    s = g_string_new(qemu_opt_get(opts, "model"));
    qemu_opt_foreach(opts, append_cpu_key, s, NULL);
    return g_string_free(s, false);
}

/* No -cpu: emu_configure_accelerators() settles the model. */
static bool default_cpu;

static bool apply_cpu(Cmdline *cl, MachineState *ms, Error **errp)
{
    g_autofree char *option = cpu_option(cl);
    const char *type;

    if (!option) {
        /* The board's default, settled with the accelerator. */
        default_cpu = true;
        return true;
    }
    type = parse_cpu_option(option, errp);
    if (!type) {
        return false;
    }
    ms->cpu_type = type;
    return true;
}

MachineState *emu_create_machine(Cmdline *cl)
{
    QemuOpts *machine_opts = group_set(&qemu_machine_opts);
    const char *type = machine_opts ? qemu_opt_get(machine_opts, "type") : NULL;
    Error *err = NULL;
    MachineClass *mc;
    MachineState *ms;

    /* These messages name no option, as QEMU 7.2 prints them. */
    loc_set_none();
    if (!apply_rtc(&err)) {
        error_report_err(err);
        return NULL;
    }
    mc = select_machine(type, &err);
    if (!mc) {
        error_report_err(err);
        return NULL;
    }
    ms = machine_create(mc, &err);
    if (!ms || !apply_smp(ms, &err) || !apply_memory(ms, &err) ||
        !apply_machine_keys(ms, &err) || !apply_boot(ms, &err) ||
        !apply_cpu(cl, ms, &err)) {
        error_report_err(err);
        return NULL;
    }
    return ms;
}

/* ---- -accel ---- */

typedef struct AccelList {
    GArray *accels; /* AccelOptions */
    GPtrArray *strings;
    GPtrArray *locs;
} AccelList;

static int collect_prop(void *opaque, const char *name, const char *value,
                        Error **errp)
{
    GPtrArray *props = opaque;

    g_ptr_array_add(props, (char *)name);
    g_ptr_array_add(props, (char *)value);
    return 0;
}

static int collect_accel(void *opaque, QemuOpts *opts, Error **errp)
{
    AccelList *l = opaque;
    GPtrArray *props = g_ptr_array_new();
    Location *loc = g_new0(Location, 1);
    AccelOptions a;

    /* The set's location, where its errors are reported. */
    qemu_opts_loc_restore(opts);
    loc_save(loc);
    qemu_opt_foreach(opts, collect_prop, props, NULL);
    g_ptr_array_add(props, NULL);
    a.name = qemu_opt_get(opts, "accel");
    a.props = (const char *const *)props->pdata;
    a.loc = loc;
    g_array_append_val(l->accels, a);
    g_ptr_array_add(l->strings, g_ptr_array_free(props, false));
    g_ptr_array_add(l->locs, loc);
    return 0;
}

void emu_configure_accelerators(MachineState *ms, const char *progname)
{
    AccelList l = {
        .accels = g_array_new(false, true, sizeof(AccelOptions)),
        .strings = g_ptr_array_new_with_free_func(g_free),
        .locs = g_ptr_array_new_with_free_func(g_free),
    };

    qemu_opts_foreach(&qemu_accel_opts, collect_accel, &l, NULL);
    loc_set_none();
    if (l.accels->len == 0 && !ms->accel && !accel_find("tcg") &&
        !accel_find("kvm")) {
        /*
         * QEMU's default is "tcg:kvm" ("kvm:tcg" for a program named
         * "...kvm"), of which emu has neither yet: name the one QEMU
         * would start, so the stop says which accelerator is missing.
         */
        AccelOptions dflt = {
            .name =
                progname && g_str_has_suffix(progname, "kvm") ? "kvm" : "tcg",
        };

        g_array_append_val(l.accels, dflt);
    }
    configure_accelerators(ms, (AccelOptions *)l.accels->data, l.accels->len,
                           progname, &error_fatal);
    if (default_cpu && ms->cpu_type) {
        /*
         * emu's TCG implements IA-32 only: without -cpu it gets the model
         * qemu-system-i386 starts, qemu32, instead of the board's qemu64
         * (for KVM).  The features the accelerator lacks are dropped
         * without a warning each: the user asked for no model, so nothing
         * requested is lost.
         */
        if (object_dynamic_cast(OBJECT(current_accel()),
                                ACCEL_CLASS_NAME("tcg")) &&
            !strcmp(ms->cpu_type, X86_CPU_TYPE_NAME("qemu64"))) {
            ms->cpu_type = X86_CPU_TYPE_NAME("qemu32");
        }
        qdev_prop_register_global(ms->cpu_type, "check", "off");
    }
    g_array_free(l.accels, true);
    g_ptr_array_free(l.strings, true);
    g_ptr_array_free(l.locs, true);
}
