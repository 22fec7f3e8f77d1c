/*
 * Unit tests for the default accelerator choice once "tcg" and "kvm" are
 * registered (as their issues will do): TCG first, KVM first for a
 * program named "...kvm", as QEMU 7.2's configure_accelerators.  Stand-in
 * accelerators here; a switch makes the TCG one fail to start.
 */
#include <string.h>

#include "machine-test.h"
#include "machine/accel.h"

static bool tcg_fails;
static bool tcg_allowed;
static bool kvm_allowed;

static bool tcg_init_machine(MachineState *ms, Error **errp)
{
    if (tcg_fails) {
        error_setg(errp, "Cannot allocate memory");
        return false;
    }
    return true;
}

static void tcg_class_init(ObjectClass *oc, void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->name = "tcg";
    ac->init_machine = tcg_init_machine;
    ac->allowed = &tcg_allowed;
}

static bool kvm_init_machine(MachineState *ms, Error **errp)
{
    return true;
}

static void kvm_class_init(ObjectClass *oc, void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->name = "KVM";
    ac->init_machine = kvm_init_machine;
    ac->allowed = &kvm_allowed;
}

static const TypeInfo default_accel_types[] = {
    {
        .name = ACCEL_CLASS_NAME("tcg"),
        .parent = TYPE_ACCEL,
        .class_init = tcg_class_init,
    },
    {
        .name = ACCEL_CLASS_NAME("kvm"),
        .parent = TYPE_ACCEL,
        .class_init = kvm_class_init,
    },
};

DEFINE_TYPES(default_accel_types)

static int default_teardown(void **state)
{
    machine_test_teardown(state);
    tcg_fails = false;
    tcg_allowed = false;
    kvm_allowed = false;
    return 0;
}

/* Start the default accelerator for a program called progname. */
static const char *start_default(const char *progname)
{
    MachineState *ms = machine_test_create("none");

    configure_accelerators(ms, NULL, 0, progname, &error_abort);
    return object_get_typename(OBJECT(current_accel()));
}

static void test_default_tcg_first(void **state)
{
    assert_string_equal(start_default("emu"), "tcg-accel");
    assert_true(tcg_allowed);
    assert_false(kvm_allowed);
}

static void test_default_kvm_first(void **state)
{
    /* A program whose name ends in "kvm" (qemu-kvm) prefers KVM. */
    assert_string_equal(start_default("/usr/bin/qemu-kvm"), "kvm-accel");
    assert_true(kvm_allowed);
    assert_false(tcg_allowed);
}

static void fallback_fn(void *opaque)
{
    tcg_fails = true;
    fprintf(stderr, "started %s\n", start_default("emu"));
    default_teardown(NULL);
}

static void test_default_fallback(void **state)
{
    ChildResult r = run_in_child(fallback_fn, NULL);

    assert_true(r.exited);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "emu: failed to initialize tcg: Cannot "
                               "allocate memory\n"
                               "emu: falling back to KVM\n"
                               "started kvm-accel\n");
    g_free(r.err);
}

static void test_registered_found(void **state)
{
    MachineState *ms = machine_test_create("none");
    AccelOptions kvm = {.name = "kvm"};

    /* Once registered, -accel kvm is found: no "not supported yet". */
    assert_non_null(accel_find("kvm"));
    assert_true(configure_accelerators(ms, &kvm, 1, "emu", &error_abort));
    assert_string_equal(object_get_typename(OBJECT(current_accel())),
                        "kvm-accel");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_default_tcg_first, default_teardown),
        cmocka_unit_test_teardown(test_default_kvm_first, default_teardown),
        cmocka_unit_test_teardown(test_default_fallback, default_teardown),
        cmocka_unit_test_teardown(test_registered_found, default_teardown),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
