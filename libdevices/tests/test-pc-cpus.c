/*
 * The pc board's CPUs: created from -cpu (or qemu64) through the
 * accelerator, one per -smp cpu, with the topology of -smp and APIC IDs
 * in QEMU's [package][die][core][thread] layout (Intel SDM vol. 3A,
 * 8.9.1), the possible CPUs for hotplug, and the reset state.
 */
#include "pc-test.h"

static X86CPU *cpu_n(int index)
{
    CPUState *cs = qemu_get_cpu(index);

    assert_non_null(cs);
    return X86_CPU(cs);
}

static MachineState *build_smp(SMPConfiguration smp, const char *cpu)
{
    PCTestArgs a = {.machine = "pc", .smp = smp, .cpu = cpu};

    return pc_test_build(&a);
}

static void test_one_default_cpu(void **state)
{
    pc_test_build_ram(0);
    assert_int_equal(cpu_list_length(), 1);
    assert_string_equal(object_get_typename(OBJECT(first_cpu)),
                        "qemu64-x86_64-cpu");
    assert_int_equal(cpu_n(0)->apic_id, 0);
    /* Realized through the accelerator the machine started. */
    assert_int_equal(pctest_cpus_realized, 1);
    assert_non_null(CPU_GET_CLASS(first_cpu)->accel_cpu);
    /* Kept by the tree, as QEMU's board CPUs are (created first). */
    assert_ptr_equal(object_resolve_path("/machine/unattached/device[0]", NULL),
                     OBJECT(first_cpu));
}

static void test_smp4_two_sockets(void **state)
{
    SMPConfiguration smp = {.has_cpus = true,
                            .cpus = 4,
                            .has_sockets = true,
                            .sockets = 2,
                            .has_cores = true,
                            .cores = 2};
    static const struct {
        uint32_t apic_id;
        int socket, core;
    } want[] = {{0, 0, 0}, {1, 0, 1}, {2, 1, 0}, {3, 1, 1}};
    int i;

    build_smp(smp, NULL);
    assert_int_equal(cpu_list_length(), 4);
    assert_int_equal(pctest_cpus_realized, 4);
    for (i = 0; i < 4; i++) {
        X86CPU *cpu = cpu_n(i);

        assert_int_equal(cpu->apic_id, want[i].apic_id);
        assert_int_equal(cpu->socket_id, want[i].socket);
        assert_int_equal(cpu->core_id, want[i].core);
        assert_int_equal(cpu->thread_id, 0);
        assert_int_equal(CPU(cpu)->nr_cores, 2);
        assert_int_equal(CPU(cpu)->nr_threads, 1);
        assert_int_equal(cpu->env.nr_dies, 1);
        assert_ptr_equal(cpu_by_arch_id(want[i].apic_id), CPU(cpu));
    }
}

static void test_sparse_apic_ids(void **state)
{
    /* 3 cores need a 2-bit core field: package 1 starts at APIC ID 4. */
    SMPConfiguration smp = {.has_cpus = true,
                            .cpus = 6,
                            .has_sockets = true,
                            .sockets = 2,
                            .has_cores = true,
                            .cores = 3};
    static const uint32_t want[] = {0, 1, 2, 4, 5, 6};
    int i;

    build_smp(smp, NULL);
    for (i = 0; i < 6; i++) {
        assert_int_equal(cpu_n(i)->apic_id, want[i]);
    }
    assert_int_equal(cpu_n(5)->socket_id, 1);
    assert_int_equal(cpu_n(5)->core_id, 2);
}

static void test_threads_and_dies(void **state)
{
    SMPConfiguration smp = {.has_cpus = true,
                            .cpus = 8,
                            .has_sockets = true,
                            .sockets = 1,
                            .has_dies = true,
                            .dies = 2,
                            .has_cores = true,
                            .cores = 2,
                            .has_threads = true,
                            .threads = 2};
    int i;

    build_smp(smp, NULL);
    /* [die:1][core:1][thread:1]: the IDs are dense here. */
    for (i = 0; i < 8; i++) {
        X86CPU *cpu = cpu_n(i);

        assert_int_equal(cpu->apic_id, i);
        assert_int_equal(cpu->thread_id, i & 1);
        assert_int_equal(cpu->core_id, (i >> 1) & 1);
        assert_int_equal(cpu->die_id, i >> 2);
        assert_int_equal(CPU(cpu)->nr_threads, 2);
        assert_int_equal(cpu->env.nr_dies, 2);
    }
}

static void test_possible_cpus(void **state)
{
    SMPConfiguration smp = {.has_cpus = true,
                            .cpus = 2,
                            .has_maxcpus = true,
                            .maxcpus = 8,
                            .has_sockets = true,
                            .sockets = 2,
                            .has_cores = true,
                            .cores = 2,
                            .has_threads = true,
                            .threads = 2};
    MachineState *ms = build_smp(smp, NULL);
    const CPUArchIdList *ids = MACHINE_GET_CLASS(ms)->possible_cpu_arch_ids(ms);
    int i;

    /* Two CPUs now, eight slots whose IDs never change. */
    assert_int_equal(cpu_list_length(), 2);
    assert_int_equal(ids->len, 8);
    for (i = 0; i < 8; i++) {
        const CPUArchId *slot = &ids->cpus[i];

        assert_int_equal(slot->arch_id, i);
        assert_string_equal(slot->type, "qemu64-x86_64-cpu");
        assert_true(slot->props.has_socket_id);
        assert_int_equal(slot->props.socket_id, i >> 2);
        assert_int_equal(slot->props.core_id, (i >> 1) & 1);
        assert_int_equal(slot->props.thread_id, i & 1);
        /* One die per package: no die-id, as QEMU. */
        assert_false(slot->props.has_die_id);
    }
    assert_ptr_equal(MACHINE_GET_CLASS(ms)->possible_cpu_arch_ids(ms), ids);
}

static void test_cpu_option(void **state)
{
    SMPConfiguration smp = {.has_cpus = true, .cpus = 2};
    int i;

    build_smp(smp, "SandyBridge,+erms,+smep,-vme,+ds_cpl");
    for (i = 0; i < 2; i++) {
        X86CPU *cpu = cpu_n(i);

        assert_string_equal(object_get_typename(OBJECT(cpu)),
                            "SandyBridge-x86_64-cpu");
        assert_true(x86_cpu_has_feature(cpu, "erms"));
        assert_true(x86_cpu_has_feature(cpu, "smep"));
        assert_true(x86_cpu_has_feature(cpu, "ds-cpl"));
        assert_false(x86_cpu_has_feature(cpu, "vme"));
    }
}

static void test_reset_state(void **state)
{
    SMPConfiguration smp = {.has_cpus = true, .cpus = 2};

    build_smp(smp, NULL);
    /* CPU 0 is the BSP at the reset vector, CPU 1 waits for SIPI. */
    assert_true(cpu_n(0)->env.apic_base & MSR_IA32_APICBASE_BSP);
    assert_false(cpu_n(1)->env.apic_base & MSR_IA32_APICBASE_BSP);
    assert_int_equal(cpu_n(0)->env.eip, 0xfff0);
    assert_int_equal(cpu_n(0)->env.segs[R_CS].base, 0xffff0000);
    assert_int_equal(cpu_n(0)->env.mp_state, X86_MP_STATE_RUNNABLE);
    assert_int_equal(cpu_n(1)->env.mp_state, X86_MP_STATE_UNINITIALIZED);
    assert_false(CPU(cpu_n(0))->halted);
    assert_true(CPU(cpu_n(1))->halted);

    /* A system reset brings a CPU changed since back. */
    cpu_n(0)->env.eip = 0x1234;
    cpu_n(0)->env.regs[R_EAX] = 42;
    qemu_system_reset();
    assert_int_equal(cpu_n(0)->env.eip, 0xfff0);
    assert_int_equal(cpu_n(0)->env.regs[R_EAX], 0);
}

static void test_bad_cpu_type(void **state)
{
    PCTestArgs a = {.machine = "pc"};
    MachineState *ms = pc_test_prepare(&a, &error_abort);
    Error *err = NULL;

    /* Only x86 CPUs fit the board (a stray -cpu of another kind). */
    ms->cpu_type = "machine";
    assert_false(machine_run_board_init(ms, &err));
    assert_error(err, "Invalid CPU type: machine");
    assert_int_equal(cpu_list_length(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        pc_test(test_one_default_cpu), pc_test(test_smp4_two_sockets),
        pc_test(test_sparse_apic_ids), pc_test(test_threads_and_dies),
        pc_test(test_possible_cpus),   pc_test(test_cpu_option),
        pc_test(test_reset_state),     pc_test(test_bad_cpu_type),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
