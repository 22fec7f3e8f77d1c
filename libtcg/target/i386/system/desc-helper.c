/*
 * The descriptor instructions of 0F 00, 0F 02 and 0F 03: LLDT and LTR
 * load the LDT and task registers (Intel SDM vol. 3A, 3.5.1 and 7.2.4);
 * VERR, VERW, LAR and LSL test a selector from the current privilege
 * level and report the answer in ZF instead of faulting (SDM vol. 2A/2B).
 * The front end checks CPL 0 for the loads and protected mode for all.
 */
#include "x86-system.h"

/* A descriptor for LLDT or LTR: in the GDT, of the wanted system type. */
static void read_system_desc(CPUX86State *env, uint32_t selector,
                             bool (*type_ok)(int type), X86Desc *d)
{
    uint32_t err = selector & ~SEL_RPL_MASK;

    if ((selector & SEL_TI_MASK) || !x86_read_desc(env, selector, d) ||
        (d->e2 & DESC_S_MASK) || !type_ok(desc_type(d))) {
        raise_exception_err(env, EXCP0D_GPF, err);
    }
    if (!desc_present(d)) {
        raise_exception_err(env, EXCP0B_NOSEG, err);
    }
}

static bool is_ldt(int type)
{
    return type == DESC_TYPE_LDT;
}

static bool is_available_tss(int type)
{
    return type == DESC_TYPE_TSS16_AVAIL || type == DESC_TYPE_TSS32_AVAIL;
}

uint64_t helper_lldt(uint64_t env_, uint64_t selector)
{
    CPUX86State *env = (CPUX86State *)(uintptr_t)env_;
    X86Desc d;

    selector &= 0xffff;
    if (!(selector & ~SEL_RPL_MASK)) {
        /* A null selector leaves the LDT unusable (SDM vol. 2A, LLDT). */
        x86_load_system_seg(&env->ldt, selector, NULL);
        return 0;
    }
    read_system_desc(env, selector, is_ldt, &d);
    x86_load_system_seg(&env->ldt, selector, &d);
    return 0;
}

uint64_t helper_ltr(uint64_t env_, uint64_t selector)
{
    CPUX86State *env = (CPUX86State *)(uintptr_t)env_;
    X86Desc d;

    selector &= 0xffff;
    if (!(selector & ~SEL_RPL_MASK)) {
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
    read_system_desc(env, selector, is_available_tss, &d);
    /* The descriptor in memory becomes busy, and so does TR's copy. */
    d.e2 |= DESC_TSS_BUSY_MASK;
    x86_stl_kernel(env, env->gdt.base + (selector & SEL_INDEX_MASK) + 4, d.e2);
    x86_load_system_seg(&env->tr, selector, &d);
    return 0;
}

/*
 * The privilege rule shared by the four tests: data segments,
 * non-conforming code and system descriptors are visible only when
 * DPL >= CPL and DPL >= RPL; conforming code always is.
 */
static bool desc_visible(CPUX86State *env, uint32_t selector, const X86Desc *d)
{
    int dpl = desc_dpl(d);

    if (desc_is_code(d) && (d->e2 & DESC_C_MASK)) {
        return true;
    }
    return dpl >= x86_cpl(env) && dpl >= (int)(selector & SEL_RPL_MASK);
}

/* The descriptor selector names, if the tests may look at it at all. */
static bool lookup(CPUX86State *env, uint32_t selector, X86Desc *d)
{
    return (selector & ~SEL_RPL_MASK) && x86_read_desc(env, selector, d) &&
           desc_visible(env, selector, d);
}

/* VERR (write false) and VERW: 1 to set ZF. */
uint64_t helper_verr_verw(uint64_t env_, uint64_t selector, uint64_t write)
{
    CPUX86State *env = (CPUX86State *)(uintptr_t)env_;
    X86Desc d;

    selector &= 0xffff;
    if (!(selector & ~SEL_RPL_MASK) || !x86_read_desc(env, selector, &d) ||
        !(d.e2 & DESC_S_MASK)) {
        return 0;
    }
    if (desc_is_code(&d)) {
        /* Code is never writable; readable when R is set. */
        if (write || !(d.e2 & DESC_R_MASK)) {
            return 0;
        }
    } else if (write && !(d.e2 & DESC_W_MASK)) {
        return 0;
    }
    return desc_visible(env, selector, &d);
}

/* System descriptor types LAR (all but interrupt/trap gates) and LSL
 * (those with a limit) accept (SDM vol. 2A, LAR; vol. 2B, LSL). */
static bool lar_type_ok(int type)
{
    return type != 0 && type != 8 && type != 10 && type != 13 &&
           type != DESC_TYPE_INT_GATE16 && type != DESC_TYPE_TRAP_GATE16 &&
           type != DESC_TYPE_INT_GATE32 && type != DESC_TYPE_TRAP_GATE32;
}

static bool lsl_type_ok(int type)
{
    return type == DESC_TYPE_TSS16_AVAIL || type == DESC_TYPE_LDT ||
           type == DESC_TYPE_TSS16_BUSY || type == DESC_TYPE_TSS32_AVAIL ||
           type == DESC_TYPE_TSS32_BUSY;
}

/*
 * LAR (lsl false) and LSL: bit 32 set when valid (ZF), the access
 * rights (high dword masked 00F0FF00H) or the byte-granular limit in
 * the low half.
 */
uint64_t helper_lar_lsl(uint64_t env_, uint64_t selector, uint64_t lsl)
{
    CPUX86State *env = (CPUX86State *)(uintptr_t)env_;
    X86Desc d;

    if (!lookup(env, selector & 0xffff, &d)) {
        return 0;
    }
    if (!(d.e2 & DESC_S_MASK) &&
        !(lsl ? lsl_type_ok : lar_type_ok)(desc_type(&d))) {
        return 0;
    }
    return (1ULL << 32) | (lsl ? desc_limit(&d) : d.e2 & 0x00f0ff00u);
}

const TCGHelperInfo helper_info_lldt = {
    .func = (void (*)(void))helper_lldt,
    .name = "lldt",
    .nb_args = 2,
};

const TCGHelperInfo helper_info_ltr = {
    .func = (void (*)(void))helper_ltr,
    .name = "ltr",
    .nb_args = 2,
};

const TCGHelperInfo helper_info_verr_verw = {
    .func = (void (*)(void))helper_verr_verw,
    .name = "verr_verw",
    .nb_args = 3,
    .has_ret = true,
    .ret_type = TCG_TYPE_I32,
};

const TCGHelperInfo helper_info_lar_lsl = {
    .func = (void (*)(void))helper_lar_lsl,
    .name = "lar_lsl",
    .nb_args = 3,
    .has_ret = true,
    .ret_type = TCG_TYPE_I64,
};
