/*
 * TYPE_ACCEL and the choice of accelerator (QEMU 7.2's accel/accel-
 * softmmu.c and configure_accelerators() in softmmu/vl.c: behaviour and
 * messages, own code).
 */
#include <string.h>

#include "machine/accel.h"
#include "machine/qdev-properties.h"
#include "util/error-report.h"
#include "util/error.h"

static const TypeInfo accel_types[] = {
    {
        .name = TYPE_ACCEL,
        .parent = TYPE_OBJECT,
        .abstract = true,
        .class_size = sizeof(AccelClass),
        .instance_size = sizeof(AccelState),
    },
};

DEFINE_TYPES(accel_types)

AccelClass *accel_find(const char *opt_name)
{
    g_autofree char *class_name =
        g_strdup_printf(ACCEL_CLASS_NAME("%s"), opt_name);
    ObjectClass *oc = object_class_by_name(class_name);

    /* A type of that name that is no accelerator is no accelerator. */
    if (!oc || object_class_is_abstract(oc) ||
        !object_class_dynamic_cast(oc, TYPE_ACCEL)) {
        return NULL;
    }
    return ACCEL_CLASS(oc);
}

AccelState *current_accel(void)
{
    return current_machine ? current_machine->accelerator : NULL;
}

bool accel_init_machine(AccelState *accel, MachineState *ms, Error **errp)
{
    AccelClass *acc = ACCEL_GET_CLASS(accel);

    ms->accelerator = accel;
    if (acc->allowed) {
        *acc->allowed = true;
    }
    if (acc->init_machine && !acc->init_machine(ms, errp)) {
        ms->accelerator = NULL;
        if (acc->allowed) {
            *acc->allowed = false;
        }
        return false;
    }
    qdev_set_accel_compat_props(acc->compat_props);
    return true;
}

void accel_setup_post(MachineState *ms)
{
    AccelState *accel = ms->accelerator;
    AccelClass *acc;

    if (!accel) {
        return;
    }
    acc = ACCEL_GET_CLASS(accel);
    if (acc->setup_post) {
        acc->setup_post(ms, accel);
    }
}

qemu_irq accel_get_gsi_irq(unsigned gsi)
{
    AccelState *accel = current_accel();
    AccelClass *acc;

    if (!accel) {
        return NULL;
    }
    acc = ACCEL_GET_CLASS(accel);
    return acc->get_gsi_irq ? acc->get_gsi_irq(accel, gsi) : NULL;
}

size_t accel_reserved_ranges(const AccelReservedRange **ranges)
{
    AccelState *accel = current_accel();
    AccelClass *acc = accel ? ACCEL_GET_CLASS(accel) : NULL;

    *ranges = NULL;
    return acc && acc->reserved_ranges ? acc->reserved_ranges(accel, ranges)
                                       : 0;
}

bool accel_local_apic_in_kernel(void)
{
    AccelState *accel = current_accel();
    AccelClass *acc = accel ? ACCEL_GET_CLASS(accel) : NULL;

    return acc && acc->local_apic_in_kernel &&
           acc->local_apic_in_kernel(accel);
}

/*
 * The accelerators emu is going to provide (their own issues register
 * them): until one registers, asking for it says so plainly instead of
 * QEMU's "invalid accelerator".
 */
static const char *const accel_planned[] = {"kvm", "tcg", "qtest"};

static void accel_error_not_found(const char *name, Error **errp)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(accel_planned); i++) {
        if (!strcmp(name, accel_planned[i])) {
            error_setg(errp, "accelerator '%s' is not supported yet", name);
            return;
        }
    }
    error_setg(errp, "invalid accelerator %s", name);
}

/*
 * QEMU prints every accelerator that could not be used as it goes on,
 * and the last one is what ends the run.  The latest failure waits here
 * until it is known whether it is the last: the next failure or a
 * success prints it; the end hands it to the caller.
 */
typedef struct AccelFailure {
    Error *err;
    Location *loc;
    bool any; /* some accelerator failed (QEMU's init_failed) */
} AccelFailure;

static void accel_failure_print(AccelFailure *f)
{
    Location here;

    if (!f->err) {
        return;
    }
    if (f->loc) {
        loc_push_restore(f->loc);
        error_report_err(f->err);
        loc_pop(f->loc);
    } else {
        loc_push_none(&here);
        error_report_err(f->err);
        loc_pop(&here);
    }
    f->err = NULL;
    f->loc = NULL;
}

static void accel_failure_add(AccelFailure *f, Error *err, Location *loc)
{
    accel_failure_print(f);
    f->err = err;
    f->loc = loc;
    f->any = true;
}

/* Hand an error to errp at loc, so &error_fatal prints it there. */
static void accel_propagate_at(Error **errp, Error *err, Location *loc)
{
    Location here;

    if (loc) {
        loc_push_restore(loc);
        error_propagate(errp, err);
        loc_pop(loc);
    } else {
        loc_push_none(&here);
        error_propagate(errp, err);
        loc_pop(&here);
    }
}

/* Set the -accel keys on accel; false on the first error. */
static bool accel_set_props(AccelState *accel, const char *const *props,
                            Error **errp)
{
    size_t i;

    for (i = 0; props && props[i]; i += 2) {
        g_assert(props[i + 1]);
        /* accel= itself names the accelerator (QEMU skips it too). */
        if (!strcmp(props[i], "accel")) {
            continue;
        }
        if (!object_property_parse(OBJECT(accel), props[i], props[i + 1],
                                   errp)) {
            return false;
        }
    }
    return true;
}

/*
 * Try one accelerator.  Returns 1 if it started, 0 if it failed (in
 * *fail), -1 on an error that ends the choice (in errp, at its place).
 */
static int accel_try(MachineState *ms, const AccelOptions *opts,
                     AccelFailure *fail, Error **errp)
{
    AccelClass *ac = accel_find(opts->name);
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    AccelState *accel;
    Error *err = NULL;
    bool ok;

    if (!ac) {
        accel_error_not_found(opts->name, &err);
        accel_failure_add(fail, err, opts->loc);
        return 0;
    }
    accel = ACCEL(object_new_with_class(OBJECT_CLASS(ac)));
    /* The machine's compat values reach the accelerator, then the user's */
    object_apply_global_props(OBJECT(accel), mc->compat_props, NULL);
    if (!accel_set_props(accel, opts->props, &err)) {
        object_unref(accel);
        accel_failure_print(fail);
        accel_propagate_at(errp, err, opts->loc);
        return -1;
    }
    /* Its warnings name the -accel option, as QEMU's do. */
    if (opts->loc) {
        loc_push_restore(opts->loc);
    }
    ok = accel_init_machine(accel, ms, &err);
    if (opts->loc) {
        loc_pop(opts->loc);
    }
    if (!ok) {
        error_prepend(&err, "failed to initialize %s: ", opts->name);
        object_unref(accel);
        accel_failure_add(fail, err, opts->loc);
        return 0;
    }
    return 1;
}

bool configure_accelerators(MachineState *ms, const AccelOptions *accels,
                            size_t nr_accels, const char *progname,
                            Error **errp)
{
    AccelFailure fail = {0};
    g_autofree AccelOptions *list = NULL;
    g_auto(GStrv) names = NULL;
    size_t nr = 0;
    size_t i;
    int ret = 0;

    g_assert(!ms->accelerator);

    if (nr_accels) {
        if (ms->accel) {
            error_setg(errp, "The -accel and \"-machine accel=\" options are "
                             "incompatible");
            return false;
        }
        list = g_new(AccelOptions, nr_accels);
        memcpy(list, accels, nr_accels * sizeof(*accels));
        nr = nr_accels;
    } else {
        const char *wanted = ms->accel;

        if (!wanted) {
            /* QEMU's default: TCG first, unless invoked as "...kvm". */
            bool have_tcg = accel_find("tcg");
            bool have_kvm = accel_find("kvm");

            if (have_tcg && have_kvm) {
                wanted = progname && g_str_has_suffix(progname, "kvm")
                             ? "kvm:tcg"
                             : "tcg:kvm";
            } else if (have_kvm) {
                wanted = "kvm";
            } else if (have_tcg) {
                wanted = "tcg";
            } else {
                error_setg(errp, "No accelerator selected and no default "
                                 "accelerator available");
                return false;
            }
        }
        /*
         * As QEMU, unknown names are dropped (and reported) before any is
         * tried, so they are reported first.
         */
        names = g_strsplit(wanted, ":", -1);
        list = g_new0(AccelOptions, g_strv_length(names));
        for (i = 0; names[i]; i++) {
            if (accel_find(names[i])) {
                list[nr++].name = names[i];
            } else {
                Error *err = NULL;

                accel_error_not_found(names[i], &err);
                accel_failure_add(&fail, err, NULL);
            }
        }
    }

    for (i = 0; i < nr && ret == 0; i++) {
        ret = accel_try(ms, &list[i], &fail, errp);
    }
    if (ret < 0) {
        return false;
    }
    if (ret == 0) {
        if (!fail.any) {
            error_setg(errp, "no accelerator found");
            return false;
        }
        accel_propagate_at(errp, fail.err, fail.loc);
        return false;
    }
    if (fail.any) {
        const char *name = ACCEL_GET_CLASS(ms->accelerator)->name;

        accel_failure_print(&fail);
        error_report("falling back to %s", name ? name : list[i - 1].name);
    }
    return true;
}
