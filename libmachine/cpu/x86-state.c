/*
 * The x86 architectural state: reset to the power-on values, segment
 * loads, the mode bits derived from the registers, the XSAVE image both
 * accelerators exchange state through, boot loader entry states, and
 * the register dump of "info registers".
 */
#include <inttypes.h>
#include <string.h>

#include "machine/loader.h"
#include "machine/memory.h"
#include "x86-internal.h"

/* MXCSR after reset: all exceptions masked (SDM vol. 1, 10.2.3.1). */
#define MXCSR_DEFAULT 0x1f80
/* FNINIT's control word: all exceptions masked, 64-bit precision. */
#define FPUC_DEFAULT 0x037f
/* SMRAM state save base after reset (Intel SDM vol. 3C, 32.4). */
#define SMBASE_DEFAULT 0x30000

#define HF_MP_SHIFT 9

/*
 * The segments whose data accesses a translator must check (HF_SEGCHK):
 * in 64-bit mode none (no limits), in protected mode every segment but a
 * flat writable data one, in real mode and vm86 those with a limit.
 */
static uint32_t x86_segchk_bits(const CPUX86State *env, uint32_t hflags)
{
    bool pm = (hflags & HF_PE_MASK) && !(env->eflags & VM_MASK);
    uint32_t bits = 0;

    if (hflags & HF_CS64_MASK) {
        return 0;
    }
    for (int i = 0; i < NB_SEGS; i++) {
        const SegmentCache *sc = &env->segs[i];
        bool code = sc->flags & DESC_CS_MASK;

        if (sc->limit != 0xffffffff ||
            (!code && (sc->flags & DESC_E_MASK)) ||
            (pm && (code || !(sc->flags & DESC_W_MASK) ||
                    (i != R_CS && !(sc->selector & ~3))))) {
            bits |= 1u << i;
        }
    }
    return bits;
}

void x86_update_hflags(CPUX86State *env)
{
    uint32_t hflags = env->hflags & (HF_INHIBIT_IRQ_MASK | HF_SMM_MASK);

    /* CPL is SS.DPL (SDM vol. 3A, 5.5: equal to CS.RPL but for
     * conforming code; SS.DPL always holds it). */
    hflags |= (env->segs[R_SS].flags >> DESC_DPL_SHIFT) & HF_CPL_MASK;
    if (env->cr[0] & CR0_PE_MASK) {
        hflags |= HF_PE_MASK;
    }
    hflags |= (env->cr[0] << (HF_MP_SHIFT - 1)) &
              (HF_MP_MASK | HF_EM_MASK | HF_TS_MASK);
    if (env->efer & MSR_EFER_LMA) {
        hflags |= HF_LMA_MASK;
    }
    if ((hflags & HF_LMA_MASK) && (env->segs[R_CS].flags & DESC_L_MASK)) {
        /* 64-bit mode: default sizes are fixed (SDM vol. 3A, 5.2.1). */
        hflags |= HF_CS32_MASK | HF_SS32_MASK | HF_CS64_MASK;
    } else {
        if (env->segs[R_CS].flags & DESC_B_MASK) {
            hflags |= HF_CS32_MASK;
        }
        if (env->segs[R_SS].flags & DESC_B_MASK) {
            hflags |= HF_SS32_MASK;
        }
    }
    if (env->cr[4] & CR4_OSFXSR_MASK) {
        hflags |= HF_OSFXSR_MASK;
    }
    /* Flat data segments let a translator skip the base additions;
     * real mode and vm86 always add them. */
    if (!(hflags & HF_CS64_MASK) &&
        (!(hflags & HF_PE_MASK) || (env->eflags & VM_MASK) ||
         env->segs[R_DS].base || env->segs[R_ES].base ||
         env->segs[R_SS].base)) {
        hflags |= HF_ADDSEG_MASK;
    }
    hflags |= x86_segchk_bits(env, hflags) << HF_SEGCHK_SHIFT;
    env->hflags = hflags;
}

void cpu_x86_load_seg_cache(CPUX86State *env, int seg_reg,
                            unsigned int selector, uint64_t base,
                            unsigned int limit, unsigned int flags)
{
    SegmentCache *sc;

    g_assert(seg_reg >= 0 && seg_reg < NB_SEGS);
    sc = &env->segs[seg_reg];
    sc->selector = selector;
    sc->base = base;
    sc->limit = limit;
    sc->flags = flags;
    x86_update_hflags(env);
}

/*
 * Power-on state, Intel SDM vol. 3A, 9.1.1, table 9-1, with two
 * choices made as QEMU and KVM make them: the x87 state is FNINIT's
 * (FCW 037FH, all registers empty) rather than the table's power-up
 * 0040H/5555H, which firmware replaces first anyway; and the BSP is the
 * CPU with index 0, the others waiting for INIT-SIPI-SIPI.
 */
void x86_cpu_reset_hold(DeviceState *dev)
{
    X86CPU *cpu = X86_CPU(dev);
    CPUState *cs = CPU(dev);
    CPUX86State *env = &cpu->env;
    bool bsp = cs->cpu_index <= 0;
    int i;

    CPU_GET_CLASS(cpu)->parent_reset(dev);

    memset(env, 0, offsetof(CPUX86State, xsave_buf));
    if (env->xsave_buf) {
        memset(env->xsave_buf, 0, env->xsave_buf_len);
    }
    env->a20_mask = ~0;

    /* CR0: CD, NW and ET set. */
    env->cr[0] = CR0_CD_MASK | CR0_NW_MASK | CR0_ET_MASK;
    env->gdt.limit = 0xffff;
    env->idt.limit = 0xffff;
    env->ldt.limit = 0xffff;
    env->ldt.flags = DESC_P_MASK | (DESC_TYPE_LDT << DESC_TYPE_SHIFT);
    env->tr.limit = 0xffff;
    env->tr.flags = DESC_P_MASK | (DESC_TYPE_TSS32_BUSY << DESC_TYPE_SHIFT);

    /* CS F000H with base FFFF0000H: the first fetch is at FFFFFFF0H. */
    cpu_x86_load_seg_cache(env, R_CS, 0xf000, 0xffff0000, 0xffff,
                           DESC_P_MASK | DESC_S_MASK | DESC_CS_MASK |
                               DESC_R_MASK | DESC_A_MASK);
    for (i = 0; i < NB_SEGS; i++) {
        if (i != R_CS) {
            cpu_x86_load_seg_cache(env, i, 0, 0, 0xffff,
                                   DESC_P_MASK | DESC_S_MASK | DESC_W_MASK |
                                       DESC_A_MASK);
        }
    }
    env->eip = 0xfff0;
    /* EDX holds the processor signature (family/model/stepping). */
    env->regs[R_EDX] = env->cpuid_version;
    env->eflags = RFLAGS_FIXED;

    env->fpuc = FPUC_DEFAULT;
    for (i = 0; i < 8; i++) {
        env->fptags[i] = 1;
    }
    env->mxcsr = MXCSR_DEFAULT;
    env->xcr0 = XSTATE_FP_MASK;

    env->dr[6] = DR6_FIXED_1;
    env->dr[7] = DR7_FIXED_1;
    env->pat = MSR_PAT_DEFAULT;
    env->msr_ia32_misc_enable = MSR_IA32_MISC_ENABLE_FASTSTRING;
    if (env->features[FEAT_1_ECX] & CPUID_EXT_MONITOR) {
        env->msr_ia32_misc_enable |= MSR_IA32_MISC_ENABLE_MWAIT;
    }
    env->apic_base = APIC_DEFAULT_ADDRESS | MSR_IA32_APICBASE_ENABLE |
                     (bsp ? MSR_IA32_APICBASE_BSP : 0);
    env->smbase = SMBASE_DEFAULT;

    env->exception_nr = -1;
    env->old_exception = -1;
    env->interrupt_injected = -1;
    env->mp_state = bsp ? X86_MP_STATE_RUNNABLE : X86_MP_STATE_UNINITIALIZED;
    cs->halted = !bsp || cs->start_powered_off;
    x86_update_hflags(env);
}

/* ---- Boot loader entry state ---- */

static void load_boot_segment(SegmentCache *sc, const BootSegment *s)
{
    sc->selector = s->selector;
    sc->base = s->base;
    sc->limit = s->limit;
    sc->flags = ((uint32_t)(s->type & 0xf) << DESC_TYPE_SHIFT) |
                (s->s ? DESC_S_MASK : 0) |
                ((uint32_t)(s->dpl & 3) << DESC_DPL_SHIFT) |
                (s->present ? DESC_P_MASK : 0) | (s->avl ? DESC_AVL_MASK : 0) |
                (s->l ? DESC_L_MASK : 0) | (s->db ? DESC_B_MASK : 0) |
                (s->g ? DESC_G_MASK : 0);
}

void x86_cpu_apply_boot_state(X86CPU *cpu, const BootState *bs)
{
    CPUX86State *env = &cpu->env;

    env->regs[R_EAX] = bs->rax;
    env->regs[R_EBX] = bs->rbx;
    env->regs[R_ECX] = bs->rcx;
    env->regs[R_EDX] = bs->rdx;
    env->regs[R_ESI] = bs->rsi;
    env->regs[R_EDI] = bs->rdi;
    env->regs[R_EBP] = bs->rbp;
    env->regs[R_ESP] = bs->rsp;
    env->eip = bs->rip;
    env->eflags = bs->rflags | RFLAGS_FIXED;

    load_boot_segment(&env->segs[R_CS], &bs->cs);
    load_boot_segment(&env->segs[R_DS], &bs->ds);
    load_boot_segment(&env->segs[R_ES], &bs->es);
    load_boot_segment(&env->segs[R_FS], &bs->fs);
    load_boot_segment(&env->segs[R_GS], &bs->gs);
    load_boot_segment(&env->segs[R_SS], &bs->ss);
    load_boot_segment(&env->tr, &bs->tr);
    load_boot_segment(&env->ldt, &bs->ldtr);
    env->gdt.base = bs->gdt.base;
    env->gdt.limit = bs->gdt.limit;
    env->idt.base = bs->idt.base;
    env->idt.limit = bs->idt.limit;

    env->cr[0] = bs->cr0;
    env->cr[3] = bs->cr3;
    env->cr[4] = bs->cr4;
    env->efer = bs->efer;
    x86_update_hflags(env);
}

/* ---- XSAVE image (Intel SDM vol. 1, 13.4 and 10.5.1) ---- */

/* Legacy region offsets (FXSAVE64 layout). */
#define FXSAVE_FCW 0
#define FXSAVE_FSW 2
#define FXSAVE_FTW 4
#define FXSAVE_FOP 6
#define FXSAVE_FIP 8
#define FXSAVE_FDP 16
#define FXSAVE_MXCSR 24
#define FXSAVE_MXCSR_MASK 28
#define FXSAVE_ST0 32
#define FXSAVE_XMM0 160
#define XSAVE_XSTATE_BV 512
/* MXCSR bits the processor implements (DAZ included). */
#define MXCSR_MASK_DEFAULT 0x0000ffff

static void put16(uint8_t *p, uint16_t v)
{
    v = GUINT16_TO_LE(v);
    memcpy(p, &v, 2);
}

static void put32(uint8_t *p, uint32_t v)
{
    v = GUINT32_TO_LE(v);
    memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
    v = GUINT64_TO_LE(v);
    memcpy(p, &v, 8);
}

static uint16_t get16(const uint8_t *p)
{
    uint16_t v;

    memcpy(&v, p, 2);
    return GUINT16_FROM_LE(v);
}

static uint32_t get32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return GUINT32_FROM_LE(v);
}

static uint64_t get64(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, 8);
    return GUINT64_FROM_LE(v);
}

/* Component i fits in the caller's buffer. */
static bool area_fits(unsigned i, uint32_t buflen)
{
    const X86XSaveArea *esa = &x86_ext_save_areas[i];

    return esa->size && esa->offset + esa->size <= buflen;
}

void x86_cpu_xsave_all_areas(X86CPU *cpu, void *buf, uint32_t buflen)
{
    CPUX86State *env = &cpu->env;
    uint64_t comps =
        x86_cpu_xsave_xcr0_components(cpu) | XSTATE_FP_MASK | XSTATE_SSE_MASK;
    uint8_t *p = buf;
    uint64_t bv = XSTATE_FP_MASK | XSTATE_SSE_MASK;
    uint16_t fsw, ftw = 0;
    int i, j;

    g_assert(buflen >= XSAVE_LEGACY_SIZE + XSAVE_HEADER_SIZE);
    memset(buf, 0, buflen);

    /* FSW carries TOP in bits 13:11; the abridged tag is 1 for valid. */
    fsw = (env->fpus & ~0x3800) | ((env->fpstt & 7) << 11);
    for (i = 0; i < 8; i++) {
        ftw |= (!env->fptags[i]) << i;
    }
    put16(p + FXSAVE_FCW, env->fpuc);
    put16(p + FXSAVE_FSW, fsw);
    p[FXSAVE_FTW] = ftw;
    put16(p + FXSAVE_FOP, env->fpop);
    put64(p + FXSAVE_FIP, env->fpip);
    put64(p + FXSAVE_FDP, env->fpdp);
    put32(p + FXSAVE_MXCSR, env->mxcsr);
    put32(p + FXSAVE_MXCSR_MASK, MXCSR_MASK_DEFAULT);
    /* The register area is in stack order: ST(0) first. */
    for (i = 0; i < 8; i++) {
        const X86FPReg *r = &env->fpregs[(env->fpstt + i) & 7];

        put64(p + FXSAVE_ST0 + 16 * i, r->mant);
        put16(p + FXSAVE_ST0 + 16 * i + 8, r->exp);
    }
    for (i = 0; i < 16; i++) {
        put64(p + FXSAVE_XMM0 + 16 * i, env->xmm_regs[i].q[0]);
        put64(p + FXSAVE_XMM0 + 16 * i + 8, env->xmm_regs[i].q[1]);
    }

    for (i = XSTATE_YMM_BIT; i <= XSTATE_PKRU_BIT; i++) {
        const X86XSaveArea *esa = &x86_ext_save_areas[i];
        uint8_t *a = p + esa->offset;

        if (!(comps & (1ULL << i)) || !area_fits(i, buflen)) {
            continue;
        }
        bv |= 1ULL << i;
        switch (i) {
        case XSTATE_YMM_BIT:
            for (j = 0; j < 16; j++) {
                put64(a + 16 * j, env->xmm_regs[j].q[2]);
                put64(a + 16 * j + 8, env->xmm_regs[j].q[3]);
            }
            break;
        case XSTATE_BNDREGS_BIT:
            for (j = 0; j < 4; j++) {
                put64(a + 16 * j, env->bnd_regs[j].lb);
                put64(a + 16 * j + 8, env->bnd_regs[j].ub);
            }
            break;
        case XSTATE_BNDCSR_BIT:
            put64(a, env->bndcs_regs[0]);
            put64(a + 8, env->bndcs_regs[1]);
            break;
        case XSTATE_OPMASK_BIT:
            for (j = 0; j < 8; j++) {
                put64(a + 8 * j, env->opmask_regs[j]);
            }
            break;
        case XSTATE_ZMM_Hi256_BIT:
            for (j = 0; j < 16; j++) {
                int k;

                for (k = 0; k < 4; k++) {
                    put64(a + 32 * j + 8 * k, env->xmm_regs[j].q[4 + k]);
                }
            }
            break;
        case XSTATE_Hi16_ZMM_BIT:
            for (j = 0; j < 16; j++) {
                int k;

                for (k = 0; k < 8; k++) {
                    put64(a + 64 * j + 8 * k, env->xmm_regs[16 + j].q[k]);
                }
            }
            break;
        case XSTATE_PKRU_BIT:
            put32(a, env->pkru);
            break;
        default:
            bv &= ~(1ULL << i);
            break;
        }
    }
    put64(p + XSAVE_XSTATE_BV, bv);
}

void x86_cpu_xrstor_all_areas(X86CPU *cpu, const void *buf, uint32_t buflen)
{
    CPUX86State *env = &cpu->env;
    uint64_t comps = x86_cpu_xsave_xcr0_components(cpu);
    const uint8_t *p = buf;
    uint64_t bv;
    uint16_t fsw;
    uint8_t ftw;
    int i, j;

    g_assert(buflen >= XSAVE_LEGACY_SIZE + XSAVE_HEADER_SIZE);
    bv = get64(p + XSAVE_XSTATE_BV);

    /* A component whose XSTATE_BV bit is clear is in its initial state. */
    if (bv & XSTATE_FP_MASK) {
        env->fpuc = get16(p + FXSAVE_FCW);
        fsw = get16(p + FXSAVE_FSW);
        env->fpstt = (fsw >> 11) & 7;
        env->fpus = fsw & ~0x3800;
        ftw = p[FXSAVE_FTW];
        for (i = 0; i < 8; i++) {
            env->fptags[i] = !((ftw >> i) & 1);
        }
        env->fpop = get16(p + FXSAVE_FOP);
        env->fpip = get64(p + FXSAVE_FIP);
        env->fpdp = get64(p + FXSAVE_FDP);
        for (i = 0; i < 8; i++) {
            X86FPReg *r = &env->fpregs[(env->fpstt + i) & 7];

            r->mant = get64(p + FXSAVE_ST0 + 16 * i);
            r->exp = get16(p + FXSAVE_ST0 + 16 * i + 8);
        }
    } else {
        env->fpuc = 0x037f;
        env->fpus = 0;
        env->fpstt = 0;
        env->fpop = 0;
        env->fpip = env->fpdp = 0;
        memset(env->fpregs, 0, sizeof(env->fpregs));
        for (i = 0; i < 8; i++) {
            env->fptags[i] = 1;
        }
    }
    env->mxcsr = get32(p + FXSAVE_MXCSR);
    for (i = 0; i < 16; i++) {
        if (bv & XSTATE_SSE_MASK) {
            env->xmm_regs[i].q[0] = get64(p + FXSAVE_XMM0 + 16 * i);
            env->xmm_regs[i].q[1] = get64(p + FXSAVE_XMM0 + 16 * i + 8);
        } else {
            env->xmm_regs[i].q[0] = env->xmm_regs[i].q[1] = 0;
        }
    }

    for (i = XSTATE_YMM_BIT; i <= XSTATE_PKRU_BIT; i++) {
        const X86XSaveArea *esa = &x86_ext_save_areas[i];
        const uint8_t *a = p + esa->offset;
        bool present = (bv >> i) & 1;

        if (!(comps & (1ULL << i)) || !area_fits(i, buflen)) {
            continue;
        }
        switch (i) {
        case XSTATE_YMM_BIT:
            for (j = 0; j < 16; j++) {
                env->xmm_regs[j].q[2] = present ? get64(a + 16 * j) : 0;
                env->xmm_regs[j].q[3] = present ? get64(a + 16 * j + 8) : 0;
            }
            break;
        case XSTATE_BNDREGS_BIT:
            for (j = 0; j < 4; j++) {
                env->bnd_regs[j].lb = present ? get64(a + 16 * j) : 0;
                env->bnd_regs[j].ub = present ? get64(a + 16 * j + 8) : 0;
            }
            break;
        case XSTATE_BNDCSR_BIT:
            env->bndcs_regs[0] = present ? get64(a) : 0;
            env->bndcs_regs[1] = present ? get64(a + 8) : 0;
            break;
        case XSTATE_OPMASK_BIT:
            for (j = 0; j < 8; j++) {
                env->opmask_regs[j] = present ? get64(a + 8 * j) : 0;
            }
            break;
        case XSTATE_ZMM_Hi256_BIT:
            for (j = 0; j < 16; j++) {
                int k;

                for (k = 0; k < 4; k++) {
                    env->xmm_regs[j].q[4 + k] =
                        present ? get64(a + 32 * j + 8 * k) : 0;
                }
            }
            break;
        case XSTATE_Hi16_ZMM_BIT:
            for (j = 0; j < 16; j++) {
                int k;

                for (k = 0; k < 8; k++) {
                    env->xmm_regs[16 + j].q[k] =
                        present ? get64(a + 64 * j + 8 * k) : 0;
                }
            }
            break;
        case XSTATE_PKRU_BIT:
            env->pkru = present ? get32(a) : 0;
            break;
        default:
            break;
        }
    }
}

/* ---- Register dump ("info registers"), QEMU's layout ---- */

static void dump_seg(CPUX86State *env, GString *buf, const char *name,
                     const SegmentCache *sc)
{
    static const char *const sys_type_name[2][16] = {
        {/* legacy mode */
         "Reserved", "TSS16-avl", "LDT", "TSS16-busy", "CallGate16", "TaskGate",
         "IntGate16", "TrapGate16", "Reserved", "TSS32-avl", "Reserved",
         "TSS32-busy", "CallGate32", "Reserved", "IntGate32", "TrapGate32"},
        {/* IA-32e mode */
         "<hiword>", "Reserved", "LDT", "Reserved", "Reserved", "Reserved",
         "Reserved", "Reserved", "Reserved", "TSS64-avl", "Reserved",
         "TSS64-busy", "CallGate64", "Reserved", "IntGate64", "TrapGate64"},
    };
    uint32_t flags = sc->flags;

    if (env->hflags & HF_CS64_MASK) {
        g_string_append_printf(buf, "%-3s=%04x %016" PRIx64 " %08x %08x", name,
                               sc->selector, sc->base, sc->limit,
                               flags & 0x00ffff00);
    } else {
        g_string_append_printf(buf, "%-3s=%04x %08x %08x %08x", name,
                               sc->selector, (uint32_t)sc->base, sc->limit,
                               flags & 0x00ffff00);
    }
    /* Descriptor details only mean something in protected mode. */
    if ((env->hflags & HF_PE_MASK) && (flags & DESC_P_MASK)) {
        g_string_append_printf(buf, " DPL=%d ",
                               (flags & DESC_DPL_MASK) >> DESC_DPL_SHIFT);
        if (flags & DESC_S_MASK) {
            if (flags & DESC_CS_MASK) {
                g_string_append(buf, (flags & DESC_L_MASK)   ? "CS64"
                                     : (flags & DESC_B_MASK) ? "CS32"
                                                             : "CS16");
                g_string_append_printf(buf, " [%c%c",
                                       (flags & DESC_C_MASK) ? 'C' : '-',
                                       (flags & DESC_R_MASK) ? 'R' : '-');
            } else {
                g_string_append(
                    buf, ((flags & DESC_B_MASK) || (env->hflags & HF_LMA_MASK))
                             ? "DS  "
                             : "DS16");
                g_string_append_printf(buf, " [%c%c",
                                       (flags & DESC_E_MASK) ? 'E' : '-',
                                       (flags & DESC_W_MASK) ? 'W' : '-');
            }
            g_string_append_printf(buf, "%c]",
                                   (flags & DESC_A_MASK) ? 'A' : '-');
        } else {
            g_string_append(
                buf,
                sys_type_name[(env->hflags & HF_LMA_MASK) ? 1 : 0]
                             [(flags & DESC_TYPE_MASK) >> DESC_TYPE_SHIFT]);
        }
    }
    g_string_append_c(buf, '\n');
}

/* ---- Reading guest memory for the dump ---- */

#define PG_PRESENT 0x1ULL
#define PG_PSE 0x80ULL
#define PG_ADDR_MASK 0x000ffffffffff000ULL

static bool debug_ld(hwaddr addr, bool quad, uint64_t *val)
{
    uint8_t b[8] = {0};

    if (address_space_read(&address_space_memory, addr,
                           MEMTXATTRS_UNSPECIFIED, b, quad ? 8 : 4) !=
        MEMTX_OK) {
        return false;
    }
    *val = 0;
    for (int i = 7; i >= 0; i--) {
        *val = (*val << 8) | b[i];
    }
    return true;
}

/*
 * The physical address of linear address addr as the CPU would find it
 * (Intel SDM vol. 3A, 4.3 32-bit, 4.4 PAE, 4.5 4- and 5-level paging),
 * without setting accessed bits; false if it is not mapped.
 */
static bool x86_debug_translate(CPUX86State *env, uint64_t addr, hwaddr *pa)
{
    uint64_t e, base;
    int level;

    if (!(env->cr[0] & CR0_PG_MASK)) {
        *pa = addr & (uint64_t)(int64_t)env->a20_mask;
        return true;
    }
    if (!(env->cr[4] & CR4_PAE_MASK)) {
        uint32_t la = addr;

        if (!debug_ld((env->cr[3] & ~0xfffULL) + ((la >> 22) & 1023) * 4,
                      false, &e) ||
            !(e & PG_PRESENT)) {
            return false;
        }
        e &= 0xffffffffULL;
        if ((e & PG_PSE) && (env->cr[4] & CR4_PSE_MASK)) {
            /* 4 MiB page; PSE-36 puts address bits 32-39 in 13-20. */
            *pa = (e & 0xffc00000ULL) | ((e & 0x1fe000ULL) << 19) |
                  (la & 0x3fffff);
            return true;
        }
        if (!debug_ld((e & ~0xfffULL) + ((la >> 12) & 1023) * 4, false,
                      &e) ||
            !(e & PG_PRESENT)) {
            return false;
        }
        *pa = (e & 0xfffff000ULL) | (la & 0xfff);
        return true;
    }
    if (env->hflags & HF_LMA_MASK) {
        level = (env->cr[4] & CR4_LA57_MASK) ? 5 : 4;
        base = env->cr[3] & PG_ADDR_MASK;
    } else {
        /* PAE: four PDPTEs at CR3, then directories and tables. */
        addr &= 0xffffffffULL;
        if (!debug_ld((env->cr[3] & ~0x1fULL) + ((addr >> 30) & 3) * 8, true,
                      &e) ||
            !(e & PG_PRESENT)) {
            return false;
        }
        level = 2;
        base = e & PG_ADDR_MASK;
    }
    for (; level >= 1; level--) {
        unsigned shift = 12 + 9 * (level - 1);

        if (!debug_ld(base + ((addr >> shift) & 511) * 8, true, &e) ||
            !(e & PG_PRESENT)) {
            return false;
        }
        if (level == 1 || (level <= 3 && (e & PG_PSE))) {
            uint64_t size = 1ULL << shift;

            *pa = (e & PG_ADDR_MASK & ~(size - 1)) | (addr & (size - 1));
            return true;
        }
        base = e & PG_ADDR_MASK;
    }
    return false;
}

/* QEMU's "Code=" line: 50 bytes around CS:EIP, the current one in <>. */
#define DUMP_CODE_BYTES_TOTAL 50
#define DUMP_CODE_BYTES_BACKWARD 20

static void dump_code(CPUX86State *env, GString *buf)
{
    uint64_t base = env->segs[R_CS].base + env->eip;
    uint64_t offs = MIN(env->eip, (uint64_t)DUMP_CODE_BYTES_BACKWARD);
    int i;

    g_string_append(buf, "Code=");
    for (i = 0; i < DUMP_CODE_BYTES_TOTAL; i++) {
        uint64_t la = base - offs + i;
        hwaddr pa;
        uint8_t code;
        bool ok = x86_debug_translate(env, la, &pa) &&
                  address_space_read(&address_space_memory, pa,
                                     MEMTXATTRS_UNSPECIFIED, &code,
                                     1) == MEMTX_OK;

        g_string_append_printf(buf, "%s%s", i > 0 ? " " : "",
                               (uint64_t)i == offs ? "<" : "");
        if (ok) {
            g_string_append_printf(buf, "%02x", code);
        } else {
            g_string_append(buf, "??");
        }
        if ((uint64_t)i == offs) {
            g_string_append_c(buf, '>');
        }
    }
    g_string_append_c(buf, '\n');
}

void x86_cpu_dump_state(CPUState *cs, GString *buf, int flags)
{
    static const char *const seg_name[NB_SEGS] = {
        "ES", "CS", "SS", "DS", "FS", "GS",
    };
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;
    uint32_t efl = env->eflags;
    bool cs64 = env->hflags & HF_CS64_MASK;
    int i;

    if (cs64) {
        static const char *const r64[] = {
            "RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP", "RSP",
            "R8 ", "R9 ", "R10", "R11", "R12", "R13", "R14", "R15",
        };
        static const int idx[] = {
            R_EAX, R_EBX, R_ECX, R_EDX, R_ESI, R_EDI, R_EBP, R_ESP,
            R_R8,  R_R9,  R_R10, R_R11, R_R12, R_R13, R_R14, R_R15,
        };

        for (i = 0; i < 16; i++) {
            g_string_append_printf(buf, "%s=%016" PRIx64 "%c", r64[i],
                                   env->regs[idx[i]],
                                   (i & 3) == 3 ? '\n' : ' ');
        }
        g_string_append_printf(buf, "RIP=%016" PRIx64 " RFL=%08x", env->eip,
                               efl);
    } else {
        g_string_append_printf(
            buf,
            "EAX=%08x EBX=%08x ECX=%08x EDX=%08x\n"
            "ESI=%08x EDI=%08x EBP=%08x ESP=%08x\n"
            "EIP=%08x EFL=%08x",
            (uint32_t)env->regs[R_EAX], (uint32_t)env->regs[R_EBX],
            (uint32_t)env->regs[R_ECX], (uint32_t)env->regs[R_EDX],
            (uint32_t)env->regs[R_ESI], (uint32_t)env->regs[R_EDI],
            (uint32_t)env->regs[R_EBP], (uint32_t)env->regs[R_ESP],
            (uint32_t)env->eip, efl);
    }
    g_string_append_printf(
        buf, " [%c%c%c%c%c%c%c] CPL=%d II=%d A20=%d SMM=%d HLT=%d\n",
        efl & DF_MASK ? 'D' : '-', efl & CC_O ? 'O' : '-',
        efl & CC_S ? 'S' : '-', efl & CC_Z ? 'Z' : '-', efl & CC_A ? 'A' : '-',
        efl & CC_P ? 'P' : '-', efl & CC_C ? 'C' : '-',
        env->hflags & HF_CPL_MASK, !!(env->hflags & HF_INHIBIT_IRQ_MASK),
        (env->a20_mask >> 20) & 1, !!(env->hflags & HF_SMM_MASK), cs->halted);

    for (i = 0; i < NB_SEGS; i++) {
        dump_seg(env, buf, seg_name[i], &env->segs[i]);
    }
    dump_seg(env, buf, "LDT", &env->ldt);
    dump_seg(env, buf, "TR", &env->tr);

    if (cs64) {
        g_string_append_printf(buf, "GDT=     %016" PRIx64 " %08x\n",
                               env->gdt.base, env->gdt.limit);
        g_string_append_printf(buf, "IDT=     %016" PRIx64 " %08x\n",
                               env->idt.base, env->idt.limit);
        g_string_append_printf(
            buf, "CR0=%08x CR2=%016" PRIx64 " CR3=%016" PRIx64 " CR4=%08x\n",
            (uint32_t)env->cr[0], env->cr[2], env->cr[3], (uint32_t)env->cr[4]);
    } else {
        g_string_append_printf(buf, "GDT=     %08x %08x\n",
                               (uint32_t)env->gdt.base, env->gdt.limit);
        g_string_append_printf(buf, "IDT=     %08x %08x\n",
                               (uint32_t)env->idt.base, env->idt.limit);
        g_string_append_printf(buf, "CR0=%08x CR2=%08x CR3=%08x CR4=%08x\n",
                               (uint32_t)env->cr[0], (uint32_t)env->cr[2],
                               (uint32_t)env->cr[3], (uint32_t)env->cr[4]);
    }
    for (i = 0; i < 4; i++) {
        g_string_append_printf(buf, "DR%d=%016" PRIx64 " ", i, env->dr[i]);
    }
    g_string_append_printf(buf, "\nDR6=%016" PRIx64 " DR7=%016" PRIx64 "\n",
                           env->dr[6], env->dr[7]);
    g_string_append_printf(buf, "EFER=%016" PRIx64 "\n", env->efer);

    if (flags & CPU_DUMP_FPU) {
        uint8_t fptag = 0;
        int nb;

        for (i = 0; i < 8; i++) {
            fptag |= (!env->fptags[i]) << i;
        }
        g_string_append_printf(
            buf, "FCW=%04x FSW=%04x [ST=%d] FTW=%02x MXCSR=%08x\n", env->fpuc,
            (env->fpus & ~0x3800) | (env->fpstt & 7) << 11, env->fpstt, fptag,
            env->mxcsr);
        for (i = 0; i < 8; i++) {
            g_string_append_printf(buf, "FPR%d=%016" PRIx64 " %04x%c", i,
                                   env->fpregs[i].mant, env->fpregs[i].exp,
                                   (i & 1) ? '\n' : ' ');
        }
        if ((env->xcr0 & 0xe7) == 0xe7) {
            /* AVX-512 enabled in XCR0: opmasks and full ZMM registers. */
            for (i = 0; i < 8; i++) {
                g_string_append_printf(buf, "Opmask%02d=%016" PRIx64 "%c", i,
                                       env->opmask_regs[i],
                                       (i & 3) == 3 ? '\n' : ' ');
            }
            nb = cs64 ? 32 : 8;
            for (i = 0; i < nb; i++) {
                const X86ZMMReg *z = &env->xmm_regs[i];

                g_string_append_printf(buf,
                                       "ZMM%02d=%016" PRIx64 " %016" PRIx64
                                       " %016" PRIx64 " %016" PRIx64
                                       " %016" PRIx64 " %016" PRIx64
                                       " %016" PRIx64 " %016" PRIx64 "\n",
                                       i, z->q[7], z->q[6], z->q[5], z->q[4],
                                       z->q[3], z->q[2], z->q[1], z->q[0]);
            }
        } else if ((env->xcr0 & 0x7) == 0x7) {
            /* AVX enabled: YMM registers. */
            nb = cs64 ? 16 : 8;
            for (i = 0; i < nb; i++) {
                const X86ZMMReg *z = &env->xmm_regs[i];

                g_string_append_printf(buf,
                                       "YMM%02d=%016" PRIx64 " %016" PRIx64
                                       " %016" PRIx64 " %016" PRIx64 "\n",
                                       i, z->q[3], z->q[2], z->q[1], z->q[0]);
            }
        } else {
            nb = cs64 ? 16 : 8;
            for (i = 0; i < nb; i++) {
                g_string_append_printf(
                    buf, "XMM%02d=%016" PRIx64 " %016" PRIx64 "%c", i,
                    env->xmm_regs[i].q[1], env->xmm_regs[i].q[0],
                    (i & 1) ? '\n' : ' ');
            }
        }
    }
    if (flags & CPU_DUMP_CODE) {
        dump_code(env, buf);
    }
}
