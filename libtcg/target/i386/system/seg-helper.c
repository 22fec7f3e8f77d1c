/*
 * Segment descriptors: reading them from the GDT or LDT, the accessed
 * bit, loading segment registers with the protection checks of MOV Sreg
 * / POP Sreg / LDS (Intel SDM vol. 2B, MOV; vol. 3A, 3.4 and 5.5-5.7),
 * and the inner stack of a privilege change (SDM vol. 3A, 7.2.1).
 */
#include "x86-system.h"

bool x86_read_desc(CPUX86State *env, uint32_t selector, X86Desc *d)
{
    const SegmentCache *table =
        (selector & SEL_TI_MASK) ? &env->ldt : &env->gdt;
    uint32_t index = selector & SEL_INDEX_MASK;

    /* A null LDT selector leaves the LDT unusable (SDM vol. 3A, 3.5.1). */
    if ((selector & SEL_TI_MASK) && !(env->ldt.selector & ~SEL_RPL_MASK)) {
        return false;
    }
    if (index + 7 > table->limit) {
        return false;
    }
    d->e1 = x86_ldl_kernel(env, table->base + index);
    d->e2 = x86_ldl_kernel(env, table->base + index + 4);
    return true;
}

void x86_set_desc_accessed(CPUX86State *env, uint32_t selector, X86Desc *d)
{
    const SegmentCache *table =
        (selector & SEL_TI_MASK) ? &env->ldt : &env->gdt;

    if (!(d->e2 & DESC_A_MASK)) {
        d->e2 |= DESC_A_MASK;
        x86_stl_kernel(env, table->base + (selector & SEL_INDEX_MASK) + 4,
                       d->e2);
    }
}

void x86_load_seg_desc(CPUX86State *env, int seg_reg, uint32_t selector,
                       const X86Desc *d)
{
    cpu_x86_load_seg_cache(env, seg_reg, selector, desc_base(d), desc_limit(d),
                           d->e2 & DESC_FLAGS_MASK);
}

void x86_load_system_seg(SegmentCache *sc, uint32_t selector,
                         const X86Desc *d)
{
    sc->selector = selector;
    sc->base = d ? desc_base(d) : 0;
    sc->limit = d ? desc_limit(d) : 0;
    sc->flags = d ? d->e2 & DESC_FLAGS_MASK : 0;
}

void x86_tss_get_stack(CPUX86State *env, int dpl, uint32_t *ss, uint32_t *esp)
{
    int type = (env->tr.flags >> DESC_TYPE_SHIFT) & 15;
    /* 32-bit TSS: ESPn at 4 + 8n, SSn at 8 + 8n; 16-bit: 2 + 4n, 4 + 4n. */
    int shift = (type >> 3) & 1;
    uint32_t offset = (dpl * 4 + 2) << shift;

    if (!(env->tr.flags & DESC_P_MASK)) {
        qemu_log_mask(LOG_GUEST_ERROR, "privilege change without a TSS\n");
        raise_exception_err(env, EXCP0A_TSS, env->tr.selector & 0xfffc);
    }
    if (offset + (4u << shift) - 1 > env->tr.limit) {
        raise_exception_err(env, EXCP0A_TSS, env->tr.selector & 0xfffc);
    }
    if (shift) {
        *esp = x86_ldl_kernel(env, env->tr.base + offset);
        *ss = x86_lduw_kernel(env, env->tr.base + offset + 4);
    } else {
        *esp = x86_lduw_kernel(env, env->tr.base + offset);
        *ss = x86_lduw_kernel(env, env->tr.base + offset + 2);
    }
}

void x86_check_inner_ss(CPUX86State *env, uint32_t ss, int dpl, int ext,
                        X86Desc *d)
{
    uint32_t err = (ss & ~SEL_RPL_MASK) + ext;

    if (!(ss & ~SEL_RPL_MASK)) {
        raise_exception_err(env, EXCP0A_TSS, ext);
    }
    if (!x86_read_desc(env, ss, d) || (int)(ss & SEL_RPL_MASK) != dpl ||
        desc_dpl(d) != dpl) {
        raise_exception_err(env, EXCP0A_TSS, err);
    }
    /* A writable data segment. */
    if ((d->e2 & (DESC_S_MASK | DESC_CS_MASK | DESC_W_MASK)) !=
        (DESC_S_MASK | DESC_W_MASK)) {
        raise_exception_err(env, EXCP0A_TSS, err);
    }
    if (!desc_present(d)) {
        raise_exception_err(env, EXCP0C_STACK, err);
    }
    x86_set_desc_accessed(env, ss, d);
}

void x86_validate_data_segs(CPUX86State *env, int cpl)
{
    static const int segs[] = {R_ES, R_DS, R_FS, R_GS};

    for (unsigned i = 0; i < G_N_ELEMENTS(segs); i++) {
        const SegmentCache *sc = &env->segs[segs[i]];
        int dpl = (sc->flags >> DESC_DPL_SHIFT) & 3;
        bool conforming_code = (sc->flags & (DESC_CS_MASK | DESC_C_MASK)) ==
                               (DESC_CS_MASK | DESC_C_MASK);

        /* Data and non-conforming code of a more privileged level. */
        if (!conforming_code && dpl < cpl) {
            cpu_x86_load_seg_cache(env, segs[i], 0, 0, 0, 0);
        }
    }
}

/* Real mode and virtual-8086 mode: base = selector * 16. */
static void load_seg_real(CPUX86State *env, int seg_reg, uint32_t selector)
{
    int dpl = (env->eflags & VM_MASK) ? 3 : 0;

    cpu_x86_load_seg_cache(env, seg_reg, selector, selector << 4, 0xffff,
                           DESC_P_MASK | DESC_S_MASK | DESC_W_MASK |
                               DESC_A_MASK | (dpl << DESC_DPL_SHIFT));
}

static void load_seg_protected(CPUX86State *env, int seg_reg, uint32_t selector)
{
    int cpl = x86_cpl(env);
    int rpl = selector & SEL_RPL_MASK;
    uint32_t err = selector & ~SEL_RPL_MASK;
    X86Desc d;
    int dpl;

    if (!(selector & ~SEL_RPL_MASK)) {
        /* A null selector: allowed but for SS (SDM vol. 3A, 3.4.2). */
        if (seg_reg == R_SS) {
            raise_exception_err(env, EXCP0D_GPF, 0);
        }
        cpu_x86_load_seg_cache(env, seg_reg, selector, 0, 0, 0);
        return;
    }
    if (!x86_read_desc(env, selector, &d) || !(d.e2 & DESC_S_MASK)) {
        raise_exception_err(env, EXCP0D_GPF, err);
    }
    dpl = desc_dpl(&d);
    if (seg_reg == R_SS) {
        /* A writable data segment at exactly the CPL (SDM vol. 3A, 5.7). */
        if (rpl != cpl || dpl != cpl || (d.e2 & DESC_CS_MASK) ||
            !(d.e2 & DESC_W_MASK)) {
            raise_exception_err(env, EXCP0D_GPF, err);
        }
    } else {
        /* Readable; data and non-conforming code: DPL >= CPL, RPL. */
        if ((d.e2 & (DESC_CS_MASK | DESC_R_MASK)) == DESC_CS_MASK) {
            raise_exception_err(env, EXCP0D_GPF, err);
        }
        if (!(d.e2 & DESC_CS_MASK) || !(d.e2 & DESC_C_MASK)) {
            if (dpl < cpl || dpl < rpl) {
                raise_exception_err(env, EXCP0D_GPF, err);
            }
        }
    }
    if (!desc_present(&d)) {
        raise_exception_err(env, seg_reg == R_SS ? EXCP0C_STACK : EXCP0B_NOSEG,
                            err);
    }
    x86_set_desc_accessed(env, selector, &d);
    x86_load_seg_desc(env, seg_reg, selector, &d);
}

uint64_t helper_load_seg(uint64_t env_, uint64_t seg_reg, uint64_t selector)
{
    CPUX86State *env = (CPUX86State *)(uintptr_t)env_;

    g_assert(seg_reg < NB_SEGS && seg_reg != R_CS);
    selector &= 0xffff;
    if (x86_protected_mode(env)) {
        load_seg_protected(env, seg_reg, selector);
    } else {
        load_seg_real(env, seg_reg, selector);
    }
    return 0;
}

const TCGHelperInfo helper_info_load_seg = {
    .func = (void (*)(void))helper_load_seg,
    .name = "load_seg",
    .nb_args = 3,
};
