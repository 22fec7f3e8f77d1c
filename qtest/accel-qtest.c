/*
 * The qtest accelerator ("-accel qtest"): the CPUs exist but never run,
 * and the virtual clock moves only when a qtest client asks (clock_step,
 * clock_set).  QEMU's accel/qtest/qtest.c behaviour, own code.
 */
#include "machine/accel.h"
#include "machine/cpu.h"
#include "machine/x86-cpu.h"
#include "qtest/qtest.h"
#include "util/main-loop.h"
#include "util/module.h"
#include "util/timer.h"

#define TYPE_QTEST_ACCEL ACCEL_CLASS_NAME("qtest")
#define TYPE_QTEST_ACCEL_CPU "qtest-accel-" CPU_RESOLVING_TYPE

/* The main loop's busy-poll window under this accelerator. */
#define QTEST_POLL_MAX_NS 100000

static bool qtest_allowed;

bool qtest_enabled(void)
{
    return qtest_allowed;
}

static bool qtest_cpu_realizefn(CPUState *cpu, Error **errp)
{
    /* Nothing to set up: the vCPU never runs. */
    return true;
}

static void qtest_accel_cpu_class_init(ObjectClass *oc, void *data)
{
    AccelCPUClass *acc = ACCEL_CPU_CLASS(oc);

    acc->cpu_realizefn = qtest_cpu_realizefn;
}

static bool qtest_init_machine(MachineState *ms, Error **errp)
{
    ObjectClass *acc = object_class_by_name(TYPE_QTEST_ACCEL_CPU);

    cpu_accel_attach(ACCEL_CPU_CLASS(acc));
    qemu_clock_set_virtual_mode(QEMU_VIRTUAL_CLOCK_MANUAL);
    /*
     * A qtest client waits for each answer before its next request, and
     * no vCPU thread needs the CPU: poll briefly before sleeping so a
     * round trip skips the sleep and wake-up.  100 us rather than QEMU's
     * IOThread 32: a round trip through a loaded or nested host takes
     * 50-70 us.  An idle client closes the window after one long sleep.
     */
    main_loop_set_poll_max_ns(QTEST_POLL_MAX_NS);
    return true;
}

static void qtest_accel_class_init(ObjectClass *oc, void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->name = "QTest";
    ac->init_machine = qtest_init_machine;
    ac->allowed = &qtest_allowed;
}

static const TypeInfo qtest_accel_types[] = {
    {
        .name = TYPE_QTEST_ACCEL,
        .parent = TYPE_ACCEL,
        .class_init = qtest_accel_class_init,
    },
    {
        .name = TYPE_QTEST_ACCEL_CPU,
        .parent = TYPE_ACCEL_CPU,
        .class_size = sizeof(AccelCPUClass),
        .class_init = qtest_accel_cpu_class_init,
    },
};

DEFINE_TYPES(qtest_accel_types)
