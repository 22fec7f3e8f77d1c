/*
 * Raising exceptions and software interrupts from helpers, and their
 * delivery by the engine (x86_cpu_do_interrupt) with the double-fault
 * and triple-fault rules of Intel SDM vol. 3A, 6.15 (table 6-5).
 *
 * A helper records the event in CPUState.exception_index and env and
 * leaves generated code with cpu_loop_exit(); cpu_exec() then calls
 * x86_cpu_do_interrupt().  env->old_exception holds the vector being
 * delivered while its delivery runs, so that a fault raised on the way
 * (a bad gate, a not-present segment, a stack fault) is combined with it
 * on the next call: contributory on contributory, or anything but a
 * benign exception on #PF, becomes #DF; a fault while delivering #DF
 * shuts the processor down.
 */
#include "machine/reset.h"
#include "x86-system.h"

static G_NORETURN void raise_interrupt2(CPUX86State *env, int vector,
                                        bool is_int, int error_code,
                                        uint64_t next_eip_addend)
{
    CPUState *cs = env_cpu(env);

    cs->exception_index = vector;
    env->error_code = error_code;
    env->exception_is_int = is_int;
    env->exception_next_eip = env->eip + next_eip_addend;
    cpu_loop_exit(cs);
}

void raise_exception_err(CPUX86State *env, int vector, int error_code)
{
    raise_interrupt2(env, vector, false, error_code, 0);
}

void raise_exception(CPUX86State *env, int vector)
{
    raise_interrupt2(env, vector, false, 0, 0);
}

uint64_t helper_raise_exception(uint64_t env, uint64_t vector)
{
    raise_exception((CPUX86State *)(uintptr_t)env, (int)vector);
}

uint64_t helper_raise_interrupt(uint64_t env, uint64_t vector,
                                uint64_t next_eip_addend)
{
    raise_interrupt2((CPUX86State *)(uintptr_t)env, (int)vector, true, 0,
                     next_eip_addend);
}

const TCGHelperInfo helper_info_raise_exception = {
    .func = (void (*)(void))helper_raise_exception,
    .name = "raise_exception",
    .nb_args = 2,
};

const TCGHelperInfo helper_info_raise_interrupt = {
    .func = (void (*)(void))helper_raise_interrupt,
    .name = "raise_interrupt",
    .nb_args = 3,
};

void x86_triple_fault(CPUX86State *env)
{
    CPUState *cs = env_cpu(env);

    qemu_log_mask(LOG_GUEST_ERROR | CPU_LOG_RESET,
                  "CPU %d: triple fault at %04x:%08x, resetting the "
                  "machine\n",
                  cs->cpu_index, env->segs[R_CS].selector, (uint32_t)env->eip);
    /* What KVM_EXIT_SHUTDOWN does under KVM: the machine resets. */
    qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    env->old_exception = -1;
    /*
     * Shutdown state until the reset reaches this CPU: no instruction
     * runs, and only NMI, INIT or the reset wake it (SDM vol. 3A, 6.15,
     * "Interrupt 8"), hence IF cleared.  Halted with EXCP_HLT rather than
     * an EXCP_INTERRUPT exit: the vCPU thread then waits for work instead
     * of entering cpu_exec() again with the state that faulted.
     */
    x86_clear_eflags(env, IF_MASK);
    cs->halted = 1;
    cs->exception_index = EXCP_HLT;
    cpu_loop_exit(cs);
}

/*
 * The event to deliver when vector was raised while delivering
 * env->old_exception (SDM vol. 3A, table 6-5).
 */
static int check_double_fault(CPUX86State *env, int vector, int *error_code)
{
    int first = env->old_exception;
    bool df;

    if (first < 0) {
        return vector;
    }
    if (first == EXCP08_DBLE) {
        x86_triple_fault(env);
    }
    if (first == EXCP0E_PAGE) {
        df = vector == EXCP0E_PAGE || x86_excp_is_contributory(vector);
    } else {
        df =
            x86_excp_is_contributory(first) && x86_excp_is_contributory(vector);
    }
    if (!df) {
        return vector;
    }
    qemu_log_mask(CPU_LOG_INT, "double fault: #%d while delivering #%d\n",
                  vector, first);
    *error_code = 0;
    return EXCP08_DBLE;
}

void x86_cpu_do_interrupt(CPUState *cs)
{
    CPUX86State *env = cs->env_ptr;
    int vector = cs->exception_index;
    int error_code = env->error_code;
    bool is_int = env->exception_is_int;

    cs->exception_index = -1;
    if (is_int) {
        /* A fault while delivering INT n is handled serially (benign). */
        env->old_exception = -1;
    } else {
        vector = check_double_fault(env, vector, &error_code);
        env->old_exception = vector;
    }
    qemu_log_mask(CPU_LOG_INT,
                  "interrupt %02x%s e=%04x at %04x:%08x ESP=%08x\n", vector,
                  is_int ? " (INT)" : "", error_code, env->segs[R_CS].selector,
                  (uint32_t)env->eip, (uint32_t)env->regs[R_ESP]);
    x86_do_interrupt_all(env, vector, is_int, false, error_code,
                         env->exception_next_eip);
    env->old_exception = -1;
}
