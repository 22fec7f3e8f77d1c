/*
 * Unit tests for accelerators: TYPE_ACCEL lookup and the choice among
 * -accel, -machine accel= and the default, with QEMU 7.2's rules and
 * messages (checked against qemu-system-x86_64 7.2: -accel foo,
 * -machine accel=foo:bar, -accel foo -accel tcg, -enable-kvm -accel tcg,
 * -accel tcg,foo=bar).  kvm, tcg and qtest are not registered here, as in
 * emu today: asking for them says "not supported yet".
 */
#include <string.h>

#include "machine-test.h"
#include "machine/accel.h"
#include "util/error-report.h"

/* ---- Test accelerators ---- */

#define TYPE_FAKE_ACCEL ACCEL_CLASS_NAME("fake")
#define TYPE_BROKEN_ACCEL ACCEL_CLASS_NAME("broken")
#define TYPE_TEST_DEV "accel-test-dev"

typedef struct FakeAccel {
    AccelState parent_obj;
    uint32_t level;
} FakeAccel;

static bool fake_allowed;
static bool broken_allowed;
static int fake_inits;
static int fake_setup_posts;

static bool fake_init_machine(MachineState *ms, Error **errp)
{
    /* The machine points at the accelerator while it starts. */
    assert_non_null(ms->accelerator);
    assert_true(fake_allowed);
    fake_inits++;
    return true;
}

static void fake_setup_post(MachineState *ms, AccelState *accel)
{
    fake_setup_posts++;
}

static GlobalProperty fake_compat[] = {
    {TYPE_TEST_DEV, "by-accel", "7"},
};

static void fake_class_init(ObjectClass *oc, void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->name = "Fake";
    ac->init_machine = fake_init_machine;
    ac->setup_post = fake_setup_post;
    ac->allowed = &fake_allowed;
    ac->compat_props = g_ptr_array_new();
    compat_props_add(ac->compat_props, fake_compat, G_N_ELEMENTS(fake_compat));
}

static void fake_instance_init(Object *obj)
{
    FakeAccel *s = (FakeAccel *)obj;

    object_property_add_uint32_ptr(obj, "level", &s->level,
                                   OBJ_PROP_FLAG_READWRITE);
}

static bool broken_init_machine(MachineState *ms, Error **errp)
{
    error_setg(errp, "no device");
    return false;
}

static void broken_class_init(ObjectClass *oc, void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->name = "Broken";
    ac->init_machine = broken_init_machine;
    ac->allowed = &broken_allowed;
}

typedef struct TestDev {
    DeviceState parent_obj;
    uint32_t by_accel;
    uint32_t by_machine;
} TestDev;

static Property test_dev_props[] = {
    DEFINE_PROP_UINT32("by-accel", TestDev, by_accel, 0),
    DEFINE_PROP_UINT32("by-machine", TestDev, by_machine, 0),
    DEFINE_PROP_END_OF_LIST(),
};

static void test_dev_class_init(ObjectClass *oc, void *data)
{
    device_class_set_props(DEVICE_CLASS(oc), test_dev_props);
}

/* A machine whose compat properties reach the accelerator and devices. */
static GlobalProperty board_compat[] = {
    {TYPE_FAKE_ACCEL, "level", "9"},
    {TYPE_TEST_DEV, "by-machine", "3"},
};

static bool board_init(MachineState *ms, Error **errp)
{
    return true;
}

static void board_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->init = board_init;
    compat_props_add(mc->compat_props, board_compat,
                     G_N_ELEMENTS(board_compat));
}

static const TypeInfo accel_test_types[] = {
    {
        .name = TYPE_FAKE_ACCEL,
        .parent = TYPE_ACCEL,
        .instance_size = sizeof(FakeAccel),
        .instance_init = fake_instance_init,
        .class_init = fake_class_init,
    },
    {
        .name = TYPE_BROKEN_ACCEL,
        .parent = TYPE_ACCEL,
        .class_init = broken_class_init,
    },
    {
        /* Named like an accelerator, but is none. */
        .name = ACCEL_CLASS_NAME("bogus"),
        .parent = TYPE_OBJECT,
    },
    {
        .name = TYPE_TEST_DEV,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(TestDev),
        .class_init = test_dev_class_init,
    },
    {
        .name = MACHINE_TYPE_NAME("accel-board"),
        .parent = TYPE_MACHINE,
        .class_init = board_class_init,
    },
};

DEFINE_TYPES(accel_test_types)

/* ---- Helpers ---- */

static int accel_teardown(void **state)
{
    machine_test_teardown(state);
    fake_allowed = false;
    broken_allowed = false;
    fake_inits = 0;
    fake_setup_posts = 0;
    return 0;
}

#define accel_test(f) cmocka_unit_test_teardown(f, accel_teardown)

/*
 * A command line as the option layer would record it: -accel options
 * with their argv location.  "foo" or "fake,level=5".
 */
typedef struct TestCmdline {
    char *argv[16];
    Location locs[8];
    AccelOptions opts[8];
    char **props[8];
    size_t n;
} TestCmdline;

static void cmdline_add_accel(TestCmdline *c, const char *arg)
{
    size_t i = c->n++;
    int argi = (int)(1 + 2 * i);
    g_auto(GStrv) parts = g_strsplit(arg, ",", -1);
    GPtrArray *props = g_ptr_array_new();
    Location here;
    int k;

    g_assert(i < G_N_ELEMENTS(c->opts));
    c->argv[argi] = g_strdup("-accel");
    c->argv[argi + 1] = g_strdup(arg);
    loc_push_none(&here);
    loc_set_cmdline(c->argv, argi, 2);
    loc_save(&c->locs[i]);
    loc_pop(&here);
    c->opts[i].name = g_strdup(parts[0]);
    for (k = 1; parts[k]; k++) {
        char *eq = strchr(parts[k], '=');

        g_assert(eq);
        g_ptr_array_add(props, g_strndup(parts[k], eq - parts[k]));
        g_ptr_array_add(props, g_strdup(eq + 1));
    }
    g_ptr_array_add(props, NULL);
    c->props[i] = (char **)g_ptr_array_free(props, false);
    c->opts[i].props = (const char *const *)c->props[i];
    c->opts[i].loc = &c->locs[i];
}

static void cmdline_free(TestCmdline *c)
{
    size_t i;

    for (i = 0; i < c->n; i++) {
        g_free((char *)c->opts[i].name);
        g_strfreev(c->props[i]);
    }
    for (i = 0; i < G_N_ELEMENTS(c->argv); i++) {
        g_free(c->argv[i]);
    }
}

/*
 * What happens for -M accel-board [-machine accel=MACHINE_ACCEL]
 * [-accel A ...]: returns true if an accelerator started; *err gets the
 * final error.
 */
static bool try_accels(const char *machine_accel, const char *const *accels,
                       Error **errp)
{
    MachineState *ms;
    TestCmdline c = {.argv = {g_strdup("emu")}};
    bool ok;

    if (qdev_get_machine()) {
        accel_teardown(NULL);
    }
    ms = machine_test_create("accel-board");
    if (machine_accel) {
        object_property_parse(OBJECT(ms), "accel", machine_accel, &error_abort);
    }
    for (; accels && *accels; accels++) {
        cmdline_add_accel(&c, *accels);
    }
    ok = configure_accelerators(ms, c.opts, c.n, "emu", errp);
    cmdline_free(&c);
    return ok;
}

typedef struct ChildAccel {
    const char *machine_accel;
    const char *const *accels;
} ChildAccel;

/* As the program does: failures end it through &error_fatal. */
static void child_accels(void *opaque)
{
    ChildAccel *ca = opaque;

    try_accels(ca->machine_accel, ca->accels, &error_fatal);
    fprintf(stderr, "started %s\n",
            object_get_typename(OBJECT(current_accel())));
    accel_teardown(NULL);
}

/* Run the choice in a child: its stderr and whether it exited 1. */
static char *run_accels(const char *machine_accel, const char *const *accels,
                        bool *failed)
{
    ChildAccel ca = {machine_accel, accels};
    ChildResult r = run_in_child(child_accels, &ca);

    assert_true(r.exited);
    *failed = r.status == 1;
    return r.err;
}

/* ---- Tests ---- */

static void test_accel_find(void **state)
{
    AccelClass *ac = accel_find("fake");

    assert_non_null(ac);
    assert_string_equal(object_class_get_name(OBJECT_CLASS(ac)), "fake-accel");
    assert_string_equal(ac->name, "Fake");
    assert_null(accel_find("foo"));
    assert_null(accel_find("kvm"));
    assert_null(accel_find("bogus"));
    assert_null(accel_find(""));
    assert_true(object_class_is_abstract(object_class_by_name(TYPE_ACCEL)));
    assert_null(current_accel());
}

static void test_accel_no_default(void **state)
{
    Error *err = NULL;

    /* Neither tcg nor kvm is registered, and nothing was asked for. */
    assert_false(try_accels(NULL, NULL, &err));
    assert_error(err, "No accelerator selected and no default accelerator "
                      "available");
    assert_null(current_machine->accelerator);
}

static void test_accel_not_supported_yet(void **state)
{
    static const char *const kvm[] = {"kvm", NULL};
    Error *err = NULL;
    bool failed;
    g_autofree char *out = NULL;

    assert_false(try_accels(NULL, kvm, &err));
    assert_error(err, "accelerator 'kvm' is not supported yet");
    /* With &error_fatal: one line, at the -accel option. */
    out = run_accels(NULL, kvm, &failed);
    assert_true(failed);
    assert_string_equal(out, "emu: -accel kvm: accelerator 'kvm' is not "
                             "supported yet\n");
}

static void test_accel_seed_machine_accel(void **state)
{
    bool failed;
    g_autofree char *out = NULL;

    /*
     * The seed: -enable-kvm -machine pc-i440fx-trusty,accel=kvm,usb=off
     * (-enable-kvm is accel=kvm too).  No location: QEMU has none for
     * -machine accel=.
     */
    out = run_accels("kvm", NULL, &failed);
    assert_true(failed);
    assert_string_equal(out, "emu: accelerator 'kvm' is not supported "
                             "yet\n");
    g_free(out);
    out = run_accels("kvm:tcg:qtest", NULL, &failed);
    assert_true(failed);
    assert_string_equal(out, "emu: accelerator 'kvm' is not supported yet\n"
                             "emu: accelerator 'tcg' is not supported yet\n"
                             "emu: accelerator 'qtest' is not supported yet\n");
}

static void test_accel_invalid(void **state)
{
    static const char *const foo[] = {"foo", NULL};
    static const char *const foo_bar[] = {"foo", "bar", NULL};
    Error *err = NULL;
    bool failed;
    g_autofree char *out = NULL;

    /* qemu-system-x86_64 -accel foo */
    assert_false(try_accels(NULL, foo, &err));
    assert_error(err, "invalid accelerator foo");
    out = run_accels(NULL, foo, &failed);
    assert_true(failed);
    assert_string_equal(out, "emu: -accel foo: invalid accelerator foo\n");
    g_free(out);
    /* -accel foo -accel bar: each at its place. */
    out = run_accels(NULL, foo_bar, &failed);
    assert_true(failed);
    assert_string_equal(out, "emu: -accel foo: invalid accelerator foo\n"
                             "emu: -accel bar: invalid accelerator bar\n");
    g_free(out);
    /* -machine accel=foo:bar */
    out = run_accels("foo:bar", NULL, &failed);
    assert_true(failed);
    assert_string_equal(out, "emu: invalid accelerator foo\n"
                             "emu: invalid accelerator bar\n");
}

static void test_accel_fallback(void **state)
{
    static const char *const foo_fake[] = {"foo", "fake", NULL};
    bool failed;
    g_autofree char *out = NULL;

    /* qemu-system-x86_64 -accel foo -accel tcg */
    out = run_accels(NULL, foo_fake, &failed);
    assert_false(failed);
    assert_string_equal(out, "emu: -accel foo: invalid accelerator foo\n"
                             "emu: falling back to Fake\n"
                             "started fake-accel\n");
    g_free(out);
    /* -machine accel=foo:tcg: unknown names are dropped first. */
    out = run_accels("fake:foo", NULL, &failed);
    assert_false(failed);
    assert_string_equal(out, "emu: invalid accelerator foo\n"
                             "emu: falling back to Fake\n"
                             "started fake-accel\n");
}

static void test_accel_started(void **state)
{
    static const char *const fake[] = {"fake", NULL};
    MachineState *ms;
    DeviceState *dev;

    assert_true(try_accels(NULL, fake, &error_abort));
    ms = current_machine;
    assert_non_null(ms->accelerator);
    assert_ptr_equal(current_accel(), ms->accelerator);
    assert_string_equal(object_get_typename(OBJECT(ms->accelerator)),
                        "fake-accel");
    assert_true(fake_allowed);
    assert_int_equal(fake_inits, 1);
    /* The machine's compat value reached the accelerator. */
    assert_int_equal(((FakeAccel *)ms->accelerator)->level, 9);
    /* Devices get the accelerator's and the machine's compat values. */
    dev = qdev_new(TYPE_TEST_DEV);
    assert_int_equal(((TestDev *)dev)->by_accel, 7);
    assert_int_equal(((TestDev *)dev)->by_machine, 3);
    object_unref(dev);
    accel_setup_post(ms);
    assert_int_equal(fake_setup_posts, 1);
}

static void test_accel_machine_accel_list(void **state)
{
    assert_true(try_accels("fake", NULL, &error_abort));
    assert_int_equal(fake_inits, 1);
    assert_true(try_accels("fake:broken", NULL, &error_abort));
    assert_string_equal(object_get_typename(OBJECT(current_accel())),
                        "fake-accel");
}

static void test_accel_init_failure(void **state)
{
    static const char *const broken_fake[] = {"broken", "fake", NULL};
    static const char *const broken[] = {"broken", NULL};
    Error *err = NULL;
    bool failed;
    g_autofree char *out = NULL;

    assert_false(try_accels(NULL, broken, &err));
    assert_error(err, "failed to initialize broken: no device");
    assert_false(broken_allowed);
    assert_null(current_machine->accelerator);
    out = run_accels(NULL, broken_fake, &failed);
    assert_false(failed);
    assert_string_equal(out, "emu: -accel broken: failed to initialize "
                             "broken: no device\n"
                             "emu: falling back to Fake\n"
                             "started fake-accel\n");
}

static void test_accel_incompatible(void **state)
{
    static const char *const fake[] = {"fake", NULL};
    Error *err = NULL;

    /* qemu-system-x86_64 -enable-kvm -accel tcg */
    assert_false(try_accels("kvm", fake, &err));
    assert_error(err, "The -accel and \"-machine accel=\" options are "
                      "incompatible");
    assert_int_equal(fake_inits, 0);
}

static void test_accel_empty_list(void **state)
{
    Error *err = NULL;
    bool failed;
    g_autofree char *out = NULL;

    /* qemu-system-x86_64 -machine accel= */
    assert_false(try_accels("", NULL, &err));
    assert_error(err, "no accelerator found");
    /* -machine accel=: (two empty names) */
    out = run_accels(":", NULL, &failed);
    assert_true(failed);
    assert_string_equal(out, "emu: invalid accelerator \n"
                             "emu: invalid accelerator \n");
}

static void test_accel_properties(void **state)
{
    static const char *const fake5[] = {"fake,level=5", NULL};
    static const char *const named[] = {"fake,accel=fake,level=6", NULL};
    static const char *const nope[] = {"fake,nope=1", NULL};
    static const char *const foo_nope[] = {"foo", "fake,nope=1", "fake", NULL};
    Error *err = NULL;
    bool failed;
    g_autofree char *out = NULL;

    /* The user's value wins over the machine's compat value. */
    assert_true(try_accels(NULL, fake5, &error_abort));
    assert_int_equal(((FakeAccel *)current_accel())->level, 5);
    assert_true(try_accels(NULL, named, &error_abort));
    assert_int_equal(((FakeAccel *)current_accel())->level, 6);
    /* qemu-system-x86_64 -accel tcg,foo=bar: ends the choice. */
    assert_false(try_accels(NULL, nope, &err));
    assert_error(err, "Property 'fake-accel.nope' not found");
    assert_int_equal(fake_inits, 0);
    out = run_accels(NULL, foo_nope, &failed);
    assert_true(failed);
    assert_string_equal(out, "emu: -accel foo: invalid accelerator foo\n"
                             "emu: -accel fake,nope=1: Property "
                             "'fake-accel.nope' not found\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        accel_test(test_accel_find),
        accel_test(test_accel_no_default),
        accel_test(test_accel_not_supported_yet),
        accel_test(test_accel_seed_machine_accel),
        accel_test(test_accel_invalid),
        accel_test(test_accel_fallback),
        accel_test(test_accel_started),
        accel_test(test_accel_machine_accel_list),
        accel_test(test_accel_init_failure),
        accel_test(test_accel_incompatible),
        accel_test(test_accel_empty_list),
        accel_test(test_accel_properties),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
