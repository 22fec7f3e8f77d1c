/*
 * Helpers that reach outside the CPU: CPUID (libmachine's model), RDTSC
 * (the virtual clock) and port I/O (libmachine's I/O address space).
 * The front end syncs EIP and CC_OP before each call.
 */
#include "translate.h"

#include "machine/memory.h"
#include "util/main-loop.h"
#include "util/timer.h"

#define ENV(e) ((CPUX86State *)(uintptr_t)(e))

static void set_reg32(CPUX86State *env, int r, uint32_t v)
{
    env->regs[r] = (env->regs[r] & ~0xffffffffull) | v;
}

uint64_t helper_cpuid(uint64_t e)
{
    CPUX86State *env = ENV(e);
    uint32_t a, b, c, d;

    cpu_x86_cpuid(env, (uint32_t)env->regs[R_EAX], (uint32_t)env->regs[R_ECX],
                  &a, &b, &c, &d);
    set_reg32(env, R_EAX, a);
    set_reg32(env, R_EBX, b);
    set_reg32(env, R_ECX, c);
    set_reg32(env, R_EDX, d);
    return 0;
}
DEF_HELPER_INFO(cpuid, 0, 1, false);

/*
 * The TSC counts at env->tsc_khz (1 GHz when unset) on the virtual clock,
 * so it stops with the VM, plus env->tsc_adjust (IA32_TSC_ADJUST, which
 * a WRMSR to the TSC moves).  CR4.TSD is not checked: stage A runs at
 * CPL 0 only.
 */
uint64_t helper_rdtsc(uint64_t e)
{
    CPUX86State *env = ENV(e);
    int64_t ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    uint64_t khz = env->tsc_khz > 0 ? (uint64_t)env->tsc_khz : 1000000;
    uint64_t tsc = (uint64_t)((unsigned __int128)ns * khz / 1000000);

    tsc += env->tsc_adjust;
    set_reg32(env, R_EAX, (uint32_t)tsc);
    set_reg32(env, R_EDX, (uint32_t)(tsc >> 32));
    return 0;
}
DEF_HELPER_INFO(rdtsc, 0, 1, false);

/*
 * Port I/O.  Devices run under the big lock, which the vCPU does not
 * hold while it runs translated code: take it around the access, as the
 * KVM accelerator does on an I/O exit.  Missing (stage B): the IOPL and
 * TSS I/O permission bitmap checks for CPL > IOPL and vm86.
 */
static uint32_t do_in(uint32_t port, int size)
{
    uint8_t buf[4] = {0};
    bool locked = qemu_mutex_iothread_locked();

    if (!locked) {
        qemu_mutex_lock_iothread();
    }
    address_space_read(&address_space_io, port & 0xffff, MEMTXATTRS_UNSPECIFIED,
                       buf, size);
    if (!locked) {
        qemu_mutex_unlock_iothread();
    }
    return buf[0] | buf[1] << 8 | buf[2] << 16 | (uint32_t)buf[3] << 24;
}

static void do_out(uint32_t port, uint32_t val, int size)
{
    uint8_t buf[4] = {val, val >> 8, val >> 16, val >> 24};
    bool locked = qemu_mutex_iothread_locked();

    if (!locked) {
        qemu_mutex_lock_iothread();
    }
    address_space_write(&address_space_io, port & 0xffff,
                        MEMTXATTRS_UNSPECIFIED, buf, size);
    if (!locked) {
        qemu_mutex_unlock_iothread();
    }
}

uint64_t helper_inb(uint64_t env, uint64_t port)
{
    return do_in(port, 1);
}
DEF_HELPER_INFO(inb, TCG_CALL_NO_RWG, 2, true);

uint64_t helper_inw(uint64_t env, uint64_t port)
{
    return do_in(port, 2);
}
DEF_HELPER_INFO(inw, TCG_CALL_NO_RWG, 2, true);

uint64_t helper_inl(uint64_t env, uint64_t port)
{
    return do_in(port, 4);
}
DEF_HELPER_INFO(inl, TCG_CALL_NO_RWG, 2, true);

uint64_t helper_outb(uint64_t env, uint64_t port, uint64_t val)
{
    do_out(port, val, 1);
    return 0;
}
DEF_HELPER_INFO(outb, TCG_CALL_NO_RWG, 3, false);

uint64_t helper_outw(uint64_t env, uint64_t port, uint64_t val)
{
    do_out(port, val, 2);
    return 0;
}
DEF_HELPER_INFO(outw, TCG_CALL_NO_RWG, 3, false);

uint64_t helper_outl(uint64_t env, uint64_t port, uint64_t val)
{
    do_out(port, val, 4);
    return 0;
}
DEF_HELPER_INFO(outl, TCG_CALL_NO_RWG, 3, false);
