/*
 * External events between blocks: INIT, SIPI, NMI and maskable
 * interrupts from the local APIC or the 8259 (CPUState.interrupt_request
 * bits, machine/x86-intr.h), HLT, and whether a halted CPU has work.
 * The engine calls x86_cpu_exec_interrupt() with the big lock held (the
 * APIC and the 8259 answer INTA under it); it may leave through
 * cpu_loop_exit() (a fault while delivering, or the CPU halting after
 * INIT), so the engine calls it inside its sigsetjmp scope.
 *
 * The interrupt shadow of STI and MOV SS (HF_INHIBIT_IRQ, SDM vol. 2B,
 * STI; vol. 3A, 6.8.3) lasts one instruction: no maskable interrupt or
 * NMI is taken while it is set.  The front end ends the block after
 * those instructions, translates the shadowed instruction as a block of
 * its own and clears the flag when that instruction starts, so the next
 * boundary takes the interrupt.  HLT ends a shadow too (STI; HLT waits
 * with interrupts enabled).
 */
#include "machine/cpus.h"
#include "machine/x86-intr.h"
#include "x86-system.h"

static DeviceState *cpu_apic(CPUState *cs)
{
    return X86_CPU(cs)->apic_state;
}

/* An AP after INIT waits for a start-up IPI and nothing else (SDM 8.4). */
static bool wait_for_sipi(CPUX86State *env)
{
    return env->mp_state == X86_MP_STATE_UNINITIALIZED;
}

static bool can_take_hard(CPUX86State *env)
{
    return (env->eflags & IF_MASK) && !(env->hflags & HF_INHIBIT_IRQ_MASK);
}

bool x86_cpu_has_work(CPUState *cs)
{
    CPUX86State *env = cs->env_ptr;
    uint32_t req = __atomic_load_n(&cs->interrupt_request, __ATOMIC_SEQ_CST);

    if (req & (CPU_INTERRUPT_INIT | CPU_INTERRUPT_SIPI)) {
        return true;
    }
    if (wait_for_sipi(env)) {
        return false;
    }
    /* IF as the CPU had it at HLT (the shadow ended with the HLT). */
    return ((req & CPU_INTERRUPT_HARD) && (env->eflags & IF_MASK)) ||
           ((req & CPU_INTERRUPT_NMI) && !env->nmi_masked);
}

/*
 * INIT: the architectural state INIT gives (SDM vol. 3A, 9.1.1: as the
 * power-on reset, but the caches, MTRRs and x87/SSE state may stay; like
 * QEMU and KVM we reset everything but the APIC ID and base), then the
 * local APIC's INIT state; an AP then waits for a SIPI.
 */
static void do_cpu_init(CPUState *cs)
{
    CPUX86State *env = cs->env_ptr;
    uint32_t sipi = __atomic_load_n(&cs->interrupt_request, __ATOMIC_SEQ_CST) &
                    CPU_INTERRUPT_SIPI;

    /*
     * A SIPI sent while this thread had not yet taken the INIT (a loaded
     * host: the BSP waits only 10 ms between them) is for after it, as
     * on the hardware: the reset must not drop it, or the AP never
     * starts.
     */
    cpu_reset(cs);
    if (sipi) {
        cpu_interrupt(cs, sipi);
    }
    if (cpu_apic(cs)) {
        apic_init_reset(cpu_apic(cs));
    }
    env->old_exception = -1;
    tlb_flush(cs);
}

/* Leave to the vCPU thread when INIT or SIPI left the CPU halted. */
static void exit_if_halted(CPUState *cs)
{
    if (cs->halted) {
        cs->exception_index = EXCP_HLT;
        cpu_loop_exit(cs);
    }
}

static bool take_hard_interrupt(CPUState *cs, CPUX86State *env)
{
    int vector = cpu_get_pic_interrupt(env);

    if (cpu_apic(cs)) {
        /* The vector taken may leave others: CPU_INTERRUPT_HARD again. */
        apic_poll_irq(cpu_apic(cs));
    } else if (vector < 0) {
        /* Nothing behind the request (the 8259 lowered INT meanwhile). */
        cpu_reset_interrupt(cs, CPU_INTERRUPT_HARD);
    }
    if (vector < 0) {
        return false;
    }
    cs->halted = 0;
    qemu_log_mask(CPU_LOG_INT, "hardware interrupt %02x\n", vector);
    env->old_exception = -1;
    x86_do_interrupt_all(env, vector, false, true, 0, 0);
    return true;
}

bool x86_cpu_exec_interrupt(CPUState *cs, int interrupt_request)
{
    CPUX86State *env = cs->env_ptr;
    bool shadow = env->hflags & HF_INHIBIT_IRQ_MASK;

    if (interrupt_request & CPU_INTERRUPT_INIT) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_INIT);
        do_cpu_init(cs);
        exit_if_halted(cs);
        return true;
    }
    if (interrupt_request & CPU_INTERRUPT_SIPI) {
        /* Starts the CPU if it waits for one (x86_cpu_do_sipi()). */
        if (cpu_apic(cs)) {
            apic_sipi(cpu_apic(cs));
        } else {
            cpu_reset_interrupt(cs, CPU_INTERRUPT_SIPI);
        }
        exit_if_halted(cs);
        return true;
    }
    if (wait_for_sipi(env)) {
        cs->halted = 1;
        exit_if_halted(cs);
    }
    if (interrupt_request & CPU_INTERRUPT_POLL) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_POLL);
        if (cpu_apic(cs)) {
            apic_poll_irq(cpu_apic(cs));
        }
    }
    if (interrupt_request & (CPU_INTERRUPT_SMI | CPU_INTERRUPT_MCE)) {
        qemu_log_mask(LOG_UNIMP, "SMI and machine-check interrupts are not "
                                 "implemented, ignored\n");
        cpu_reset_interrupt(cs, CPU_INTERRUPT_SMI | CPU_INTERRUPT_MCE);
    }
    /* MOV SS blocks NMIs for an instruction too (SDM vol. 3A, 6.8.3). */
    if ((interrupt_request & CPU_INTERRUPT_NMI) && !env->nmi_masked &&
        !shadow) {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_NMI);
        /* Blocked until the next IRET (SDM vol. 3A, 6.7.1). */
        env->nmi_masked = true;
        cs->halted = 0;
        env->old_exception = -1;
        x86_do_interrupt_all(env, EXCP02_NMI, false, true, 0, 0);
        return true;
    }
    if ((interrupt_request & CPU_INTERRUPT_HARD) && can_take_hard(env)) {
        return take_hard_interrupt(cs, env);
    }
    return false;
}

uint64_t helper_hlt(uint64_t env_, uint64_t next_eip_addend)
{
    CPUX86State *env = (CPUX86State *)(uintptr_t)env_;
    CPUState *cs = env_cpu(env);

    env->eip += next_eip_addend;
    env->hflags &= ~HF_INHIBIT_IRQ_MASK;
    cs->halted = 1;
    cs->exception_index = EXCP_HLT;
    cpu_loop_exit(cs);
}

const TCGHelperInfo helper_info_hlt = {
    .func = (void (*)(void))helper_hlt,
    .name = "hlt",
    .nb_args = 2,
};
