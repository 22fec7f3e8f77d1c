/*
 * Helpers shared by the pc board tests: a test accelerator, building a
 * whole pc machine the way the program does (select_machine, -smp, -m,
 * -machine keys, -cpu, accelerator, board init), and tearing it down.
 *
 * The test accelerator ("pctest", type "pctest-accel") does what an
 * accelerator must at init_machine: attach its AccelCPUClass to every
 * CPU class (cpu_accel_attach).  Its cpu_realizefn counts the CPUs it
 * sees, so tests can check the board created them through it.
 */
#ifndef PC_TEST_H
#define PC_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "devices/pc.h"
#include "emu-test.h"
#include "machine/accel.h"
#include "machine/boards.h"
#include "machine/cpu.h"
#include "machine/memory.h"
#include "machine/qdev-properties.h"
#include "machine/reset.h"
#include "machine/x86-cpu.h"
#include "qom/object.h"
#include "util/error.h"
#include "util/module.h"

#ifndef MiB
#define MiB (1024ULL * 1024)
#define GiB (1024ULL * MiB)
#endif

/* Assert err is set with exactly text, and free it. */
#define assert_error(err, text)                                                \
    do {                                                                       \
        if (!(err)) {                                                          \
            print_error("expected error \"%s\", got none\n", (text));          \
            fail();                                                            \
        }                                                                      \
        assert_string_equal(error_get_pretty(err), (text));                    \
        error_free(err);                                                       \
        (err) = NULL;                                                          \
    } while (0)

/* ---- The test accelerator ---- */

#define TYPE_PCTEST_ACCEL ACCEL_CLASS_NAME("pctest")
#define TYPE_PCTEST_ACCEL_CPU "pctest-accel-" CPU_RESOLVING_TYPE

/* CPUs the accelerator realized since the last teardown. */
static int pctest_cpus_realized;

static bool pctest_cpu_realizefn(CPUState *cpu, Error **errp)
{
    pctest_cpus_realized++;
    return true;
}

static void pctest_accel_cpu_class_init(ObjectClass *oc, void *data)
{
    AccelCPUClass *acc = ACCEL_CPU_CLASS(oc);

    acc->cpu_realizefn = pctest_cpu_realizefn;
}

static bool pctest_init_machine(MachineState *ms, Error **errp)
{
    ObjectClass *acc = object_class_by_name(TYPE_PCTEST_ACCEL_CPU);

    cpu_accel_attach(ACCEL_CPU_CLASS(acc));
    return true;
}

/* What the test accelerator reserves (as KVM its TSS); none by default. */
static const AccelReservedRange *pctest_reserved;
static size_t pctest_reserved_len;

static size_t pctest_reserved_ranges(AccelState *accel,
                                     const AccelReservedRange **ranges)
{
    *ranges = pctest_reserved;
    return pctest_reserved_len;
}

static void pctest_accel_class_init(ObjectClass *oc, void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->name = "pctest";
    ac->init_machine = pctest_init_machine;
    ac->reserved_ranges = pctest_reserved_ranges;
}

static const TypeInfo pctest_accel_types[] = {
    {
        .name = TYPE_PCTEST_ACCEL,
        .parent = TYPE_ACCEL,
        .class_init = pctest_accel_class_init,
    },
    {
        .name = TYPE_PCTEST_ACCEL_CPU,
        .parent = TYPE_ACCEL_CPU,
        .class_size = sizeof(AccelCPUClass),
        .class_init = pctest_accel_cpu_class_init,
    },
};

DEFINE_TYPES(pctest_accel_types)

/* ---- Building a machine ---- */

/* What the command line would give; zero fields are "not given". */
typedef struct PCTestArgs {
    const char *machine;     /* -M (NULL: the default) */
    uint64_t ram_size;       /* -m in bytes (0: default) */
    SMPConfiguration smp;    /* -smp */
    const char *cpu;         /* -cpu */
    const char *const *keys; /* -machine keys: key, value, ..., NULL */
    const char *kernel;      /* -kernel */
    const char *initrd;      /* -initrd */
    const char *append;      /* -append */
} PCTestArgs;

/* Everything up to the board init; NULL with errp on the first error. */
static inline MachineState *pc_test_prepare(const PCTestArgs *a, Error **errp)
{
    MachineClass *mc = select_machine(a->machine, errp);
    MemorySizeConfiguration mem = {.has_size = a->ram_size != 0,
                                   .size = a->ram_size};
    AccelOptions accel = {.name = "pctest"};
    MachineState *ms;
    const char *const *k;

    if (!mc) {
        return NULL;
    }
    ms = machine_create(mc, errp);
    if (!ms || !machine_parse_smp_config(ms, &a->smp, errp) ||
        !machine_parse_memory_options(ms, &mem, errp)) {
        return NULL;
    }
    for (k = a->keys; k && *k; k += 2) {
        if (!object_property_parse(OBJECT(ms), k[0], k[1], errp)) {
            return NULL;
        }
    }
    if ((a->kernel &&
         !object_property_set_str(OBJECT(ms), "kernel", a->kernel, errp)) ||
        (a->initrd &&
         !object_property_set_str(OBJECT(ms), "initrd", a->initrd, errp)) ||
        (a->append &&
         !object_property_set_str(OBJECT(ms), "append", a->append, errp))) {
        return NULL;
    }
    if (a->cpu) {
        ms->cpu_type = parse_cpu_option(a->cpu, errp);
        if (!ms->cpu_type) {
            return NULL;
        }
    }
    if (!configure_accelerators(ms, &accel, 1, "emu", errp)) {
        return NULL;
    }
    return ms;
}

/* The whole machine; NULL with errp if anything fails. */
static inline MachineState *pc_test_try_build(const PCTestArgs *a, Error **errp)
{
    MachineState *ms = pc_test_prepare(a, errp);

    if (!ms || !machine_run_board_init(ms, errp)) {
        return NULL;
    }
    return ms;
}

static inline MachineState *pc_test_build(const PCTestArgs *a)
{
    return pc_test_try_build(a, &error_abort);
}

/* "pc" with -m size and nothing else. */
static inline MachineState *pc_test_build_ram(uint64_t ram_size)
{
    PCTestArgs a = {.machine = "pc", .ram_size = ram_size};

    return pc_test_build(&a);
}

static inline int pc_test_teardown(void **state)
{
    Object *machine = qdev_get_machine();

    if (machine) {
        object_unparent(machine);
    }
    /* Mapped regions keep the machine alive until this. */
    memory_map_cleanup();
    g_assert(!current_machine);
    qdev_prop_clear_globals();
    x86_cpu_clear_plus_minus_features();
    x86_cpu_set_default_version(1);
    x86_cpu_set_accel_ops(NULL);
    cpu_accel_attach(NULL);
    pctest_reserved = NULL;
    pctest_reserved_len = 0;
    pctest_cpus_realized = 0;
    return 0;
}

#define pc_test(f) cmocka_unit_test_teardown(f, pc_test_teardown)

/* What fn(opaque, out) writes to out, as a string (g_free). */
static inline char *capture_output(void (*fn)(void *opaque, FILE *out),
                                   void *opaque)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);

    g_assert(out);
    fn(opaque, out);
    fclose(out);
    return buf;
}

/* The e820 map of a built pc machine, checked against want. */
static inline void assert_e820(MachineState *ms, const LoaderMemRange *want,
                               size_t n)
{
    size_t len, i;
    const LoaderMemRange *map = pc_machine_e820(ms, &len);

    assert_int_equal(len, n);
    for (i = 0; i < n; i++) {
        assert_int_equal(map[i].addr, want[i].addr);
        assert_int_equal(map[i].size, want[i].size);
        assert_int_equal(map[i].type, want[i].type);
    }
}

#endif /* PC_TEST_H */
