/*
 * Unit tests for -smp: the values QEMU 7.2 computes for what is left out
 * (qemu-options "-smp": cores preferred since 6.2, sockets before) and
 * its error messages.  Every expectation was checked against
 * qemu-system-x86_64 7.2 (qom-get /machine smp) on the pc machine types
 * the test machines imitate: "smp-new" as pc-i440fx-7.2 (dies, 255
 * CPUs), "smp-old" as pc-i440fx-6.1 (sockets preferred).
 */
#include <string.h>

#include "machine-test.h"

static bool board_init(MachineState *ms, Error **errp)
{
    return true;
}

static void smp_new_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->init = board_init;
    mc->max_cpus = 255;
    mc->smp_props.dies_supported = true;
}

static void smp_old_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->init = board_init;
    mc->max_cpus = 255;
    mc->smp_props.dies_supported = true;
    mc->smp_props.prefer_sockets = true;
}

/* sockets/cores/threads only. */
static void smp_plain_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->init = board_init;
    mc->max_cpus = 288;
    mc->default_cpus = 2;
}

/* sockets/clusters/cores/threads, as ARM virt. */
static void smp_cluster_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->init = board_init;
    mc->max_cpus = 512;
    mc->smp_props.clusters_supported = true;
}

static void smp_min_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->init = board_init;
    mc->min_cpus = 2;
    mc->max_cpus = 8;
    mc->default_cpus = 2;
}

static const TypeInfo smp_test_types[] = {
    {.name = MACHINE_TYPE_NAME("smp-new"),
     .parent = TYPE_MACHINE,
     .class_init = smp_new_class_init},
    {.name = MACHINE_TYPE_NAME("smp-old"),
     .parent = TYPE_MACHINE,
     .class_init = smp_old_class_init},
    {.name = MACHINE_TYPE_NAME("smp-plain"),
     .parent = TYPE_MACHINE,
     .class_init = smp_plain_class_init},
    {.name = MACHINE_TYPE_NAME("smp-cluster"),
     .parent = TYPE_MACHINE,
     .class_init = smp_cluster_class_init},
    {.name = MACHINE_TYPE_NAME("smp-min"),
     .parent = TYPE_MACHINE,
     .class_init = smp_min_class_init},
};

DEFINE_TYPES(smp_test_types)

/*
 * The test's own reading of an -smp argument ("8,sockets=2"), standing in
 * for the option layer: a bare leading number is cpus=.
 */
static SMPConfiguration smp_config(const char *arg)
{
    SMPConfiguration c = {0};
    g_auto(GStrv) parts = g_strsplit(arg, ",", -1);
    int i;

    for (i = 0; parts[i]; i++) {
        char *eq = strchr(parts[i], '=');
        const char *key = eq ? parts[i] : "cpus";
        uint64_t val = g_ascii_strtoull(eq ? eq + 1 : parts[i], NULL, 0);

        if (eq) {
            *eq = '\0';
        }
#define SMP_KEY(k)                                                             \
    if (!strcmp(key, #k)) {                                                    \
        c.has_##k = true;                                                      \
        c.k = val;                                                             \
        continue;                                                              \
    }
        SMP_KEY(cpus)
        SMP_KEY(sockets)
        SMP_KEY(dies)
        SMP_KEY(clusters)
        SMP_KEY(cores)
        SMP_KEY(threads)
        SMP_KEY(maxcpus)
#undef SMP_KEY
        fail_msg("bad -smp key %s", key);
    }
    return c;
}

/* Parse arg on a new machine of type name: NULL, or the error text. */
static char *smp_try(const char *name, const char *arg)
{
    MachineState *ms;
    SMPConfiguration c = smp_config(arg);
    Error *err = NULL;
    char *msg = NULL;

    if (qdev_get_machine()) {
        machine_test_teardown(NULL);
    }
    ms = machine_test_create(name);
    if (!machine_parse_smp_config(ms, &c, &err)) {
        msg = g_strdup(error_get_pretty(err));
        error_free(err);
    }
    return msg;
}

/* -smp arg on machine name gives cpus, sockets, dies, clusters, ... */
static void check_smp(const char *name, const char *arg, unsigned cpus,
                      unsigned sockets, unsigned dies, unsigned clusters,
                      unsigned cores, unsigned threads, unsigned max_cpus)
{
    g_autofree char *err = smp_try(name, arg);
    CpuTopology *t;

    if (err) {
        fail_msg("-M %s -smp %s: unexpected error: %s", name, arg, err);
    }
    t = &current_machine->smp;
    if (t->cpus != cpus || t->sockets != sockets || t->dies != dies ||
        t->clusters != clusters || t->cores != cores || t->threads != threads ||
        t->max_cpus != max_cpus) {
        fail_msg("-M %s -smp %s: got cpus %u sockets %u dies %u clusters %u "
                 "cores %u threads %u maxcpus %u",
                 name, arg, t->cpus, t->sockets, t->dies, t->clusters, t->cores,
                 t->threads, t->max_cpus);
    }
}

static void check_smp_error(const char *name, const char *arg,
                            const char *expected)
{
    g_autofree char *err = smp_try(name, arg);

    if (!err) {
        fail_msg("-M %s -smp %s: no error, expected \"%s\"", name, arg,
                 expected);
    }
    assert_string_equal(err, expected);
}

static void test_smp_default(void **state)
{
    MachineState *ms = machine_test_create("smp-plain");

    /* No -smp: default_cpus, one of each level. */
    assert_int_equal(ms->smp.cpus, 2);
    assert_int_equal(ms->smp.max_cpus, 2);
    assert_int_equal(ms->smp.sockets, 1);
    assert_int_equal(ms->smp.dies, 1);
    assert_int_equal(ms->smp.clusters, 1);
    assert_int_equal(ms->smp.cores, 1);
    assert_int_equal(ms->smp.threads, 1);
}

static void test_smp_cpus_only(void **state)
{
    /*
     * qemu-options: "-smp 2" is 2 sockets of 1 core before 6.2 and 1
     * socket of 2 cores after.
     */
    check_smp("smp-new", "2", 2, 1, 1, 1, 2, 1, 2);
    check_smp("smp-old", "2", 2, 2, 1, 1, 1, 1, 2);
    check_smp("smp-new", "8", 8, 1, 1, 1, 8, 1, 8);
    check_smp("smp-old", "8", 8, 8, 1, 1, 1, 1, 8);
    check_smp("smp-new", "255", 255, 1, 1, 1, 255, 1, 255);
}

static void test_smp_seed(void **state)
{
    /* The seed's OpenStack line: -smp 1,sockets=1,cores=1,threads=1. */
    check_smp("smp-new", "1,sockets=1,cores=1,threads=1", 1, 1, 1, 1, 1, 1, 1);
    check_smp("none", "1,sockets=1,cores=1,threads=1", 1, 1, 1, 1, 1, 1, 1);
}

static void test_smp_levels_only(void **state)
{
    /* Without cpus and maxcpus both are the product. */
    check_smp("smp-new", "sockets=2,cores=4", 8, 2, 1, 1, 4, 1, 8);
    check_smp("smp-new", "sockets=2,dies=2", 4, 2, 2, 1, 1, 1, 4);
    check_smp("smp-plain", "threads=2", 2, 1, 1, 1, 1, 2, 2);
}

static void test_smp_sockets_given(void **state)
{
    check_smp("smp-new", "8,sockets=2", 8, 2, 1, 1, 4, 1, 8);
    check_smp("smp-old", "8,sockets=2", 8, 2, 1, 1, 4, 1, 8);
    check_smp("smp-old", "16,sockets=2,maxcpus=32", 16, 2, 1, 1, 16, 1, 32);
}

static void test_smp_cores_given(void **state)
{
    check_smp("smp-new", "8,cores=2", 8, 4, 1, 1, 2, 1, 8);
    check_smp("smp-old", "8,cores=2", 8, 4, 1, 1, 2, 1, 8);
    check_smp("smp-new", "8,threads=2", 8, 1, 1, 1, 4, 2, 8);
    /* Sockets and cores given: threads are computed last. */
    check_smp("smp-new", "8,sockets=2,cores=2", 8, 2, 1, 1, 2, 2, 8);
    check_smp("smp-new", "8,dies=2", 8, 1, 2, 1, 4, 1, 8);
}

static void test_smp_maxcpus(void **state)
{
    /* The hierarchy is computed from maxcpus. */
    check_smp("smp-new", "8,maxcpus=16", 8, 1, 1, 1, 16, 1, 16);
    check_smp("smp-old", "8,maxcpus=16", 8, 16, 1, 1, 1, 1, 16);
    /* maxcpus alone: cpus follows it. */
    check_smp("smp-new", "maxcpus=16", 16, 1, 1, 1, 16, 1, 16);
}

static void test_smp_doc_examples(void **state)
{
    /* The three full topologies of qemu-options "-smp". */
    check_smp("smp-plain", "8,sockets=2,cores=2,threads=2,maxcpus=8", 8, 2, 1,
              1, 2, 2, 8);
    check_smp("smp-new", "16,sockets=2,dies=2,cores=2,threads=2,maxcpus=16", 16,
              2, 2, 1, 2, 2, 16);
    check_smp("smp-cluster",
              "16,sockets=2,clusters=2,cores=2,threads=2,maxcpus=16", 16, 2, 1,
              2, 2, 2, 16);
    /* "Unsupported parameters ... must be set as 1". */
    check_smp("smp-plain", "4,dies=1,clusters=1", 4, 1, 1, 1, 4, 1, 4);
}

static void test_smp_product_mismatch(void **state)
{
    /* qemu-system-x86_64 -M pc -smp 16,cores=3 and -smp 5,threads=2 */
    check_smp_error("smp-new", "16,cores=3",
                    "Invalid CPU topology: product of the hierarchy must "
                    "match maxcpus: sockets (5) * dies (1) * cores (3) * "
                    "threads (1) != maxcpus (16)");
    check_smp_error("smp-new", "5,threads=2",
                    "Invalid CPU topology: product of the hierarchy must "
                    "match maxcpus: sockets (1) * dies (1) * cores (2) * "
                    "threads (2) != maxcpus (5)");
    /* -M pc-i440fx-6.1 -smp sockets=3,maxcpus=2: cores come out 0. */
    check_smp_error("smp-old", "sockets=3,maxcpus=2",
                    "Invalid CPU topology: product of the hierarchy must "
                    "match maxcpus: sockets (3) * dies (1) * cores (0) * "
                    "threads (1) != maxcpus (2)");
    /* -M pc -smp sockets=3,cores=1,maxcpus=2: threads come out 0. */
    check_smp_error("smp-new", "sockets=3,cores=1,maxcpus=2",
                    "Invalid CPU topology: product of the hierarchy must "
                    "match maxcpus: sockets (3) * dies (1) * cores (1) * "
                    "threads (0) != maxcpus (2)");
    /* Levels the machine lacks are not named. */
    check_smp_error("smp-plain", "sockets=3,cores=1,maxcpus=2",
                    "Invalid CPU topology: product of the hierarchy must "
                    "match maxcpus: sockets (3) * cores (1) * threads (0) "
                    "!= maxcpus (2)");
    check_smp_error("smp-cluster", "8,clusters=3",
                    "Invalid CPU topology: product of the hierarchy must "
                    "match maxcpus: sockets (1) * clusters (3) * cores (2) "
                    "* threads (1) != maxcpus (8)");
}

static void test_smp_maxcpus_below_cpus(void **state)
{
    /* qemu-system-x86_64 -M pc -smp 3,maxcpus=2 */
    check_smp_error("smp-new", "3,maxcpus=2",
                    "Invalid CPU topology: maxcpus must be equal to or "
                    "greater than smp: sockets (1) * dies (1) * cores (2) * "
                    "threads (1) == maxcpus (2) < smp_cpus (3)");
    check_smp_error("smp-old", "4,maxcpus=2",
                    "Invalid CPU topology: maxcpus must be equal to or "
                    "greater than smp: sockets (2) * dies (1) * cores (1) * "
                    "threads (1) == maxcpus (2) < smp_cpus (4)");
}

static void test_smp_machine_limits(void **state)
{
    /* qemu-system-x86_64 -M pc -smp 300 and -smp 256 */
    check_smp_error("smp-new", "300",
                    "Invalid SMP CPUs 300. The max CPUs supported by machine "
                    "'smp-new' is 255");
    check_smp_error("smp-new", "256",
                    "Invalid SMP CPUs 256. The max CPUs supported by machine "
                    "'smp-new' is 255");
    /* -M none -smp 2, and -smp 1,maxcpus=2 (maxcpus is what counts). */
    check_smp_error("none", "2",
                    "Invalid SMP CPUs 2. The max CPUs supported by machine "
                    "'none' is 1");
    check_smp_error("none", "1,maxcpus=2",
                    "Invalid SMP CPUs 2. The max CPUs supported by machine "
                    "'none' is 1");
    check_smp_error("smp-min", "1",
                    "Invalid SMP CPUs 1. The min CPUs supported by machine "
                    "'smp-min' is 2");
    check_smp("smp-min", "2,maxcpus=8", 2, 1, 1, 1, 8, 1, 8);
}

static void test_smp_unsupported_levels(void **state)
{
    /* qemu-system-x86_64 -M none -smp cpus=1,dies=2 */
    check_smp_error("none", "1,dies=2",
                    "dies not supported by this machine's CPU topology");
    check_smp_error("smp-plain", "2,dies=2",
                    "dies not supported by this machine's CPU topology");
    check_smp_error("smp-new", "2,clusters=2",
                    "clusters not supported by this machine's CPU topology");
    /* A supported level makes the message go away. */
    check_smp("smp-new", "2,dies=2", 2, 1, 2, 1, 1, 1, 2);
}

static void zero_fn(void *opaque)
{
    g_autofree char *err = smp_try("smp-new", opaque);

    if (err) {
        fprintf(stderr, "error: %s\n", err);
    } else {
        fprintf(stderr, "cpus %u cores %u sockets %u\n",
                current_machine->smp.cpus, current_machine->smp.cores,
                current_machine->smp.sockets);
    }
}

static void test_smp_zero_deprecated(void **state)
{
    /*
     * qemu-system-x86_64 -M pc -smp 8,sockets=0: a warning, and 0 counts
     * as omitted.
     */
    static const char *const args[][2] = {
        {"8,sockets=0", "cpus 8 cores 8 sockets 1\n"},
        {"cpus=0", "cpus 1 cores 1 sockets 1\n"},
        {"4,maxcpus=0", "cpus 4 cores 4 sockets 1\n"},
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(args); i++) {
        ChildResult r = run_in_child(zero_fn, (void *)args[i][0]);
        g_autofree char *expected = g_strconcat(
            "emu: warning: Deprecated CPU topology (considered invalid): "
            "CPU topology parameters must be greater than zero\n",
            args[i][1], NULL);

        assert_true(r.exited);
        assert_int_equal(r.status, 0);
        assert_string_equal(r.err, expected);
        g_free(r.err);
    }
}

static void test_smp_huge_values(void **state)
{
    /*
     * QEMU 7.2 truncates these to 32 bits (-smp 4294967297 runs with one
     * CPU); emu keeps the value and refuses it.
     */
    check_smp_error("smp-new", "4294967297",
                    "Invalid SMP CPUs 4294967297. The max CPUs supported by "
                    "machine 'smp-new' is 255");
    check_smp_error("smp-new", "sockets=65536,cores=65536",
                    "Invalid SMP CPUs 4294967296. The max CPUs supported by "
                    "machine 'smp-new' is 255");
    /* A product past 2^64 must not wrap into something valid. */
    check_smp_error("smp-new",
                    "2,sockets=4294967296,cores=4294967296,maxcpus=2",
                    "Invalid CPU topology: product of the hierarchy must "
                    "match maxcpus: sockets (4294967296) * dies (1) * cores "
                    "(4294967296) * threads (0) != maxcpus (2)");
}

static void test_smp_error_keeps_topology(void **state)
{
    MachineState *ms = machine_test_create("smp-new");
    SMPConfiguration good = smp_config("4,sockets=2");
    SMPConfiguration bad = smp_config("16,cores=3");
    Error *err = NULL;

    assert_true(machine_parse_smp_config(ms, &good, &error_abort));
    assert_false(machine_parse_smp_config(ms, &bad, &err));
    error_free(err);
    assert_int_equal(ms->smp.cpus, 4);
    assert_int_equal(ms->smp.sockets, 2);
    assert_int_equal(ms->smp.cores, 2);
    assert_int_equal(ms->smp.max_cpus, 4);
}

static void test_smp_hierarchy_string(void **state)
{
    MachineState *ms = machine_test_create("smp-cluster");
    SMPConfiguration c = smp_config("16,sockets=2,clusters=2,cores=2");
    g_autofree char *s = NULL;

    assert_true(machine_parse_smp_config(ms, &c, &error_abort));
    s = cpu_hierarchy_to_string(ms);
    assert_string_equal(s, "sockets (2) * clusters (2) * cores (2) * "
                           "threads (2)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        machine_test(test_smp_default),
        machine_test(test_smp_cpus_only),
        machine_test(test_smp_seed),
        machine_test(test_smp_levels_only),
        machine_test(test_smp_sockets_given),
        machine_test(test_smp_cores_given),
        machine_test(test_smp_maxcpus),
        machine_test(test_smp_doc_examples),
        machine_test(test_smp_product_mismatch),
        machine_test(test_smp_maxcpus_below_cpus),
        machine_test(test_smp_machine_limits),
        machine_test(test_smp_unsupported_levels),
        machine_test(test_smp_zero_deprecated),
        machine_test(test_smp_huge_values),
        machine_test(test_smp_error_keeps_topology),
        machine_test(test_smp_hierarchy_string),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
