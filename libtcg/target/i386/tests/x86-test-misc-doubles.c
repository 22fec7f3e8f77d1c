/*
 * Test doubles of misc-helper.c (CPUID, RDTSC, port I/O), whose real
 * versions need a machine: fixed CPUID and TSC values; OUT records the
 * port and value in the XTState, IN returns in_val + port.
 */
#include "x86-test-engine.h"
#include "translate.h"

#define ENV(e) ((CPUX86State *)(uintptr_t)(e))
#define cur xt_cur

/* ---- misc-helper.c doubles (the real ones need a machine) ---- */

static void set_reg32(CPUX86State *env, int r, uint32_t v)
{
    env->regs[r] = (env->regs[r] & ~0xffffffffull) | v;
}

uint64_t helper_cpuid(uint64_t env)
{
    set_reg32(ENV(env), R_EAX, 0x12345678);
    set_reg32(ENV(env), R_EBX, 0x756e6547);
    set_reg32(ENV(env), R_ECX, 0x6c65746e);
    set_reg32(ENV(env), R_EDX, 0x49656e69);
    return 0;
}
DEF_HELPER_INFO(cpuid, 0, 1, false);

uint64_t helper_rdtsc(uint64_t env)
{
    set_reg32(ENV(env), R_EAX, 0x1000);
    set_reg32(ENV(env), R_EDX, 0x2);
    return 0;
}
DEF_HELPER_INFO(rdtsc, 0, 1, false);

static uint64_t do_in(uint64_t port, int size)
{
    uint32_t mask = size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
    return (cur->in_val + (uint32_t)port) & mask;
}

static uint64_t do_out(uint64_t port, uint64_t val, int size)
{
    uint32_t mask = size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
    cur->out_port = (uint32_t)port;
    cur->out_val = (uint32_t)val & mask;
    cur->out_count++;
    return 0;
}

uint64_t helper_inb(uint64_t env, uint64_t port)
{
    return do_in(port, 1);
}
uint64_t helper_inw(uint64_t env, uint64_t port)
{
    return do_in(port, 2);
}
uint64_t helper_inl(uint64_t env, uint64_t port)
{
    return do_in(port, 4);
}
uint64_t helper_outb(uint64_t env, uint64_t port, uint64_t v)
{
    return do_out(port, v, 1);
}
uint64_t helper_outw(uint64_t env, uint64_t port, uint64_t v)
{
    return do_out(port, v, 2);
}
uint64_t helper_outl(uint64_t env, uint64_t port, uint64_t v)
{
    return do_out(port, v, 4);
}
DEF_HELPER_INFO(inb, TCG_CALL_NO_RWG, 2, true);
DEF_HELPER_INFO(inw, TCG_CALL_NO_RWG, 2, true);
DEF_HELPER_INFO(inl, TCG_CALL_NO_RWG, 2, true);
DEF_HELPER_INFO(outb, TCG_CALL_NO_RWG, 3, false);
DEF_HELPER_INFO(outw, TCG_CALL_NO_RWG, 3, false);
DEF_HELPER_INFO(outl, TCG_CALL_NO_RWG, 3, false);
