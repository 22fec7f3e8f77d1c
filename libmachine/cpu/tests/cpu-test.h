/*
 * Helpers shared by the CPU unit tests: a stand-in machine container
 * per test (so realized CPUs are dropped with it), a clean slate of
 * -global/-cpu state, and shortcuts to create a CPU for a -cpu string
 * and a topology and to run CPUID on it.
 */
#ifndef CPU_TEST_H
#define CPU_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu-test.h"
#include "machine/cpu.h"
#include "machine/qdev-properties.h"
#include "machine/x86-cpu.h"
#include "qom/object.h"
#include "util/error.h"

static inline int cpu_test_setup(void **state)
{
    Object *machine = object_new(TYPE_CONTAINER);

    object_property_add_child(object_get_root(), "machine", machine);
    object_unref(machine);
    return 0;
}

static inline int cpu_test_teardown(void **state)
{
    Object *machine = qdev_get_machine();

    if (machine) {
        object_unparent(machine);
    }
    qdev_prop_clear_globals();
    x86_cpu_clear_plus_minus_features();
    x86_cpu_set_accel_ops(NULL);
    x86_cpu_set_default_version(1);
    cpu_accel_attach(NULL);
    return 0;
}

#define cpu_unit_test(f)                                                       \
    cmocka_unit_test_setup_teardown(f, cpu_test_setup, cpu_test_teardown)

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

/*
 * An unrealized CPU of the -cpu string option (features registered as
 * -cpu does), at position index of topology t (NULL: a single CPU).
 */
static inline X86CPU *cpu_test_new(const char *option, const X86CPUTopoInfo *t,
                                   unsigned index)
{
    static const X86CPUTopoInfo one = {1, 1, 1};
    const char *type = parse_cpu_option(option, &error_abort);
    X86CPU *cpu = X86_CPU(object_new(type));

    t = t ? t : &one;
    x86_cpu_set_topology(cpu, t);
    object_property_set_uint(OBJECT(cpu), "apic-id",
                             x86_apicid_from_cpu_idx(t, index), &error_abort);
    CPU(cpu)->cpu_index = index;
    return cpu;
}

/* The same, realized (owned by /machine/unattached). */
static inline X86CPU *cpu_test_create(const char *option,
                                      const X86CPUTopoInfo *t, unsigned index)
{
    X86CPU *cpu = cpu_test_new(option, t, index);

    qdev_realize_and_unref(DEVICE(cpu), NULL, &error_abort);
    return cpu;
}

typedef struct CpuidRegs {
    uint32_t eax, ebx, ecx, edx;
} CpuidRegs;

static inline CpuidRegs cpuid(X86CPU *cpu, uint32_t leaf, uint32_t sub)
{
    CpuidRegs r;

    cpu_x86_cpuid(&cpu->env, leaf, sub, &r.eax, &r.ebx, &r.ecx, &r.edx);
    return r;
}

#define assert_cpuid(cpu, leaf, sub, a, b, c, d)                               \
    do {                                                                       \
        CpuidRegs r_ = cpuid((cpu), (leaf), (sub));                            \
        assert_int_equal(r_.eax, (a));                                         \
        assert_int_equal(r_.ebx, (b));                                         \
        assert_int_equal(r_.ecx, (c));                                         \
        assert_int_equal(r_.edx, (d));                                         \
    } while (0)

#endif /* CPU_TEST_H */
