/*
 * Register state between libmachine's CPUX86State and a KVM vCPU: the
 * general registers, segments and control registers (KVM_SET_REGS /
 * KVM_SET_SREGS), x87/SSE/AVX state as an XSAVE image (KVM_SET_XSAVE,
 * else KVM_SET_FPU) and XCR0, the MSRs the kernel keeps, debug
 * registers, and at a reset the local APIC, pending events and the MP
 * state (the BSP runnable, the APs waiting for INIT/SIPI).  QEMU's
 * target/i386/kvm/kvm.c order and conversions; own code.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "kvm-internal.h"
#include "util/error-report.h"

/* ---- Segments: SegmentCache.flags is the descriptor's high dword ---- */

static void set_seg(struct kvm_segment *lhs, const SegmentCache *rhs)
{
    uint32_t flags = rhs->flags;

    memset(lhs, 0, sizeof(*lhs));
    lhs->selector = rhs->selector;
    lhs->base = rhs->base;
    lhs->limit = rhs->limit;
    lhs->type = (flags >> DESC_TYPE_SHIFT) & 15;
    lhs->present = (flags & DESC_P_MASK) != 0;
    lhs->dpl = (flags >> DESC_DPL_SHIFT) & 3;
    lhs->db = (flags >> DESC_B_SHIFT) & 1;
    lhs->s = (flags & DESC_S_MASK) != 0;
    lhs->l = (flags >> DESC_L_SHIFT) & 1;
    lhs->g = (flags & DESC_G_MASK) != 0;
    lhs->avl = (flags & DESC_AVL_MASK) != 0;
    lhs->unusable = !lhs->present;
}

/* Virtual-8086 mode: every segment is a 64 KiB read/write DPL 3 one. */
static void set_v8086_seg(struct kvm_segment *lhs, const SegmentCache *rhs)
{
    memset(lhs, 0, sizeof(*lhs));
    lhs->selector = rhs->selector;
    lhs->base = rhs->base;
    lhs->limit = rhs->limit;
    lhs->type = 3;
    lhs->present = 1;
    lhs->dpl = 3;
    lhs->s = 1;
}

static void get_seg(SegmentCache *lhs, const struct kvm_segment *rhs)
{
    lhs->selector = rhs->selector;
    lhs->base = rhs->base;
    lhs->limit = rhs->limit;
    if (rhs->unusable) {
        lhs->flags = 0;
        return;
    }
    lhs->flags = ((uint32_t)rhs->type << DESC_TYPE_SHIFT) |
                 (rhs->present ? DESC_P_MASK : 0) |
                 ((uint32_t)rhs->dpl << DESC_DPL_SHIFT) |
                 ((uint32_t)rhs->db << DESC_B_SHIFT) |
                 (rhs->s ? DESC_S_MASK : 0) |
                 ((uint32_t)rhs->l << DESC_L_SHIFT) |
                 (rhs->g ? DESC_G_MASK : 0) | (rhs->avl ? DESC_AVL_MASK : 0);
}

static bool kvm_ioctl_ok(CPUState *cpu, unsigned long type, void *arg,
                         const char *name, Error **errp)
{
    int ret = kvm_vcpu_ioctl(cpu, type, arg);

    if (ret < 0) {
        error_setg(errp, "kvm: %s failed: %s", name, strerror(-ret));
        return false;
    }
    return true;
}

static bool kvm_put_regs(CPUState *cpu, CPUX86State *env, Error **errp)
{
    struct kvm_regs regs = {
        .rax = env->regs[R_EAX],
        .rbx = env->regs[R_EBX],
        .rcx = env->regs[R_ECX],
        .rdx = env->regs[R_EDX],
        .rsi = env->regs[R_ESI],
        .rdi = env->regs[R_EDI],
        .rsp = env->regs[R_ESP],
        .rbp = env->regs[R_EBP],
        .r8 = env->regs[R_R8],
        .r9 = env->regs[R_R9],
        .r10 = env->regs[R_R10],
        .r11 = env->regs[R_R11],
        .r12 = env->regs[R_R12],
        .r13 = env->regs[R_R13],
        .r14 = env->regs[R_R14],
        .r15 = env->regs[R_R15],
        .rip = env->eip,
        .rflags = env->eflags,
    };

    return kvm_ioctl_ok(cpu, KVM_SET_REGS, &regs, "KVM_SET_REGS", errp);
}

static bool kvm_put_sregs(CPUState *cpu, CPUX86State *env, Error **errp)
{
    struct kvm_sregs sregs;

    memset(&sregs, 0, sizeof(sregs));
    if (env->eflags & VM_MASK) {
        set_v8086_seg(&sregs.cs, &env->segs[R_CS]);
        set_v8086_seg(&sregs.ds, &env->segs[R_DS]);
        set_v8086_seg(&sregs.es, &env->segs[R_ES]);
        set_v8086_seg(&sregs.fs, &env->segs[R_FS]);
        set_v8086_seg(&sregs.gs, &env->segs[R_GS]);
        set_v8086_seg(&sregs.ss, &env->segs[R_SS]);
    } else {
        set_seg(&sregs.cs, &env->segs[R_CS]);
        set_seg(&sregs.ds, &env->segs[R_DS]);
        set_seg(&sregs.es, &env->segs[R_ES]);
        set_seg(&sregs.fs, &env->segs[R_FS]);
        set_seg(&sregs.gs, &env->segs[R_GS]);
        set_seg(&sregs.ss, &env->segs[R_SS]);
    }
    set_seg(&sregs.tr, &env->tr);
    set_seg(&sregs.ldt, &env->ldt);
    sregs.idt.limit = env->idt.limit;
    sregs.idt.base = env->idt.base;
    sregs.gdt.limit = env->gdt.limit;
    sregs.gdt.base = env->gdt.base;
    sregs.cr0 = env->cr[0];
    sregs.cr2 = env->cr[2];
    sregs.cr3 = env->cr[3];
    sregs.cr4 = env->cr[4];
    sregs.apic_base = env->apic_base;
    sregs.efer = env->efer;
    return kvm_ioctl_ok(cpu, KVM_SET_SREGS, &sregs, "KVM_SET_SREGS", errp);
}

/* FXSAVE layout offsets (Intel SDM vol. 1, table 10-2). */
#define FX_FCW 0
#define FX_FSW 2
#define FX_FTW 4
#define FX_FOP 6
#define FX_FIP 8
#define FX_FDP 16
#define FX_MXCSR 24
#define FX_ST0 32
#define FX_XMM0 160

static bool kvm_put_fpu_state(CPUState *cpu, X86CPU *xcpu, Error **errp)
{
    AccelCPUState *kcs = cpu->accel;
    const uint8_t *fx = kcs->xsave;
    struct kvm_fpu fpu;
    struct kvm_xcrs xcrs;
    int i;

    x86_cpu_xsave_all_areas(xcpu, kcs->xsave, kvm_state->xsave_size);
    if (kvm_state->has_xsave) {
        if (!kvm_ioctl_ok(cpu, KVM_SET_XSAVE, kcs->xsave, "KVM_SET_XSAVE",
                          errp)) {
            return false;
        }
    } else {
        memset(&fpu, 0, sizeof(fpu));
        memcpy(&fpu.fcw, fx + FX_FCW, 2);
        memcpy(&fpu.fsw, fx + FX_FSW, 2);
        fpu.ftwx = fx[FX_FTW];
        memcpy(&fpu.last_opcode, fx + FX_FOP, 2);
        memcpy(&fpu.last_ip, fx + FX_FIP, 8);
        memcpy(&fpu.last_dp, fx + FX_FDP, 8);
        memcpy(&fpu.mxcsr, fx + FX_MXCSR, 4);
        for (i = 0; i < 8; i++) {
            memcpy(fpu.fpr[i], fx + FX_ST0 + 16 * i, 16);
        }
        for (i = 0; i < 16; i++) {
            memcpy(fpu.xmm[i], fx + FX_XMM0 + 16 * i, 16);
        }
        if (!kvm_ioctl_ok(cpu, KVM_SET_FPU, &fpu, "KVM_SET_FPU", errp)) {
            return false;
        }
    }
    if (!kvm_state->has_xcrs ||
        !(xcpu->env.features[FEAT_1_ECX] & CPUID_EXT_XSAVE)) {
        return true;
    }
    memset(&xcrs, 0, sizeof(xcrs));
    xcrs.nr_xcrs = 1;
    xcrs.xcrs[0].xcr = 0;
    xcrs.xcrs[0].value = xcpu->env.xcr0;
    return kvm_ioctl_ok(cpu, KVM_SET_XCRS, &xcrs, "KVM_SET_XCRS", errp);
}

/* ---- MSRs ---- */

#define KVM_MSR_BUF_ENTRIES 64

typedef struct KVMMSRBuf {
    struct kvm_msrs info;
    struct kvm_msr_entry entries[KVM_MSR_BUF_ENTRIES];
} KVMMSRBuf;

static bool kvm_has_msr(uint32_t index)
{
    const struct kvm_msr_list *l = kvm_state->msr_list;
    uint32_t i;

    for (i = 0; l && i < l->nmsrs; i++) {
        if (l->indices[i] == index) {
            return true;
        }
    }
    return false;
}

static void msr_add(KVMMSRBuf *b, uint32_t index, uint64_t value)
{
    struct kvm_msr_entry *e;

    if (!kvm_has_msr(index)) {
        return;
    }
    g_assert(b->info.nmsrs < KVM_MSR_BUF_ENTRIES);
    e = &b->entries[b->info.nmsrs++];
    memset(e, 0, sizeof(*e));
    e->index = index;
    e->data = value;
}

static bool kvm_put_msrs(CPUState *cpu, CPUX86State *env, bool reset,
                         Error **errp)
{
    g_autofree KVMMSRBuf *b = g_new0(KVMMSRBuf, 1);
    int i, ret;

    msr_add(b, MSR_IA32_SYSENTER_CS, env->sysenter_cs);
    msr_add(b, MSR_IA32_SYSENTER_ESP, env->sysenter_esp);
    msr_add(b, MSR_IA32_SYSENTER_EIP, env->sysenter_eip);
    msr_add(b, MSR_PAT, env->pat);
    msr_add(b, MSR_IA32_MISC_ENABLE, env->msr_ia32_misc_enable);
    if (env->features[FEAT_8000_0001_EDX] & CPUID_EXT2_LM) {
        msr_add(b, MSR_STAR, env->star);
        msr_add(b, MSR_CSTAR, env->cstar);
        msr_add(b, MSR_KERNELGSBASE, env->kernelgsbase);
        msr_add(b, MSR_FMASK, env->fmask);
        msr_add(b, MSR_LSTAR, env->lstar);
    }
    if (env->features[FEAT_8000_0001_EDX] & CPUID_EXT2_RDTSCP) {
        msr_add(b, MSR_TSC_AUX, env->tsc_aux);
    }
    if (reset) {
        msr_add(b, MSR_IA32_TSC, env->tsc);
        if (env->features[FEAT_1_EDX] & CPUID_MTRR) {
            static const uint32_t fixed[11] = {
                MSR_MTRRfix64K_00000,    MSR_MTRRfix16K_80000,
                MSR_MTRRfix16K_A0000,    MSR_MTRRfix4K_C0000,
                MSR_MTRRfix4K_C0000 + 1, MSR_MTRRfix4K_C0000 + 2,
                MSR_MTRRfix4K_C0000 + 3, MSR_MTRRfix4K_C0000 + 4,
                MSR_MTRRfix4K_C0000 + 5, MSR_MTRRfix4K_C0000 + 6,
                MSR_MTRRfix4K_C0000 + 7,
            };

            msr_add(b, MSR_MTRRdefType, env->mtrr_deftype);
            for (i = 0; i < 11; i++) {
                msr_add(b, fixed[i], env->mtrr_fixed[i]);
            }
            for (i = 0; i < MSR_MTRRcap_VCNT; i++) {
                msr_add(b, MSR_MTRRphysBase(i), env->mtrr_var[i].base);
                msr_add(b, MSR_MTRRphysMask(i), env->mtrr_var[i].mask);
            }
        }
    }
    if (!b->info.nmsrs) {
        return true;
    }
    ret = kvm_vcpu_ioctl(cpu, KVM_SET_MSRS, b);
    if (ret < 0) {
        error_setg(errp, "kvm: KVM_SET_MSRS failed: %s", strerror(-ret));
        return false;
    }
    if ((uint32_t)ret < b->info.nmsrs) {
        error_setg(errp, "kvm: failed to set MSR 0x%" PRIx32 " to 0x%" PRIx64,
                   b->entries[ret].index, (uint64_t)b->entries[ret].data);
        return false;
    }
    return true;
}

/* ---- Reset-level state ---- */

void kvm_arch_save_lapic_reset(CPUState *cpu)
{
    AccelCPUState *kcs = cpu->accel;

    kcs->has_lapic_reset =
        kvm_state->irqchip_in_kernel &&
        kvm_vcpu_ioctl(cpu, KVM_GET_LAPIC, &kcs->lapic_reset) >= 0;
}

static bool kvm_put_reset_state(CPUState *cpu, CPUX86State *env, Error **errp)
{
    AccelCPUState *kcs = cpu->accel;
    struct kvm_mp_state mp_state = {.mp_state = env->mp_state};

    if (kcs->has_lapic_reset &&
        !kvm_ioctl_ok(cpu, KVM_SET_LAPIC, &kcs->lapic_reset, "KVM_SET_LAPIC",
                      errp)) {
        return false;
    }
    if (kvm_state->has_vcpu_events) {
        struct kvm_vcpu_events events;

        /* Nothing pending or being injected after a reset. */
        memset(&events, 0, sizeof(events));
        events.sipi_vector = env->sipi_vector;
        events.flags =
            KVM_VCPUEVENT_VALID_NMI_PENDING | KVM_VCPUEVENT_VALID_SIPI_VECTOR;
        if (!kvm_ioctl_ok(cpu, KVM_SET_VCPU_EVENTS, &events,
                          "KVM_SET_VCPU_EVENTS", errp)) {
            return false;
        }
    }
    /* Without the kernel's irqchip, the MP state is emu's (halted). */
    return !kvm_state->irqchip_in_kernel ||
           kvm_ioctl_ok(cpu, KVM_SET_MP_STATE, &mp_state, "KVM_SET_MP_STATE",
                        errp);
}

static bool kvm_put_debugregs(CPUState *cpu, CPUX86State *env, Error **errp)
{
    struct kvm_debugregs dbg;
    int i;

    if (!kvm_state->has_debugregs) {
        return true;
    }
    memset(&dbg, 0, sizeof(dbg));
    for (i = 0; i < 4; i++) {
        dbg.db[i] = env->dr[i];
    }
    dbg.dr6 = env->dr[6];
    dbg.dr7 = env->dr[7];
    return kvm_ioctl_ok(cpu, KVM_SET_DEBUGREGS, &dbg, "KVM_SET_DEBUGREGS",
                        errp);
}

bool kvm_arch_put_registers(CPUState *cpu, Error **errp)
{
    X86CPU *xcpu = X86_CPU(cpu);
    CPUX86State *env = &xcpu->env;
    bool reset = cpu->accel->put_reset_state;

    return kvm_put_regs(cpu, env, errp) && kvm_put_fpu_state(cpu, xcpu, errp) &&
           kvm_put_sregs(cpu, env, errp) &&
           kvm_put_msrs(cpu, env, reset, errp) &&
           (!reset || kvm_put_reset_state(cpu, env, errp)) &&
           kvm_put_debugregs(cpu, env, errp);
}

bool kvm_arch_get_registers(CPUState *cpu, Error **errp)
{
    CPUX86State *env = &X86_CPU(cpu)->env;
    struct kvm_regs regs;
    struct kvm_sregs sregs;
    struct kvm_mp_state mp_state;

    if (!kvm_ioctl_ok(cpu, KVM_GET_REGS, &regs, "KVM_GET_REGS", errp) ||
        !kvm_ioctl_ok(cpu, KVM_GET_SREGS, &sregs, "KVM_GET_SREGS", errp)) {
        return false;
    }
    env->regs[R_EAX] = regs.rax;
    env->regs[R_EBX] = regs.rbx;
    env->regs[R_ECX] = regs.rcx;
    env->regs[R_EDX] = regs.rdx;
    env->regs[R_ESI] = regs.rsi;
    env->regs[R_EDI] = regs.rdi;
    env->regs[R_ESP] = regs.rsp;
    env->regs[R_EBP] = regs.rbp;
    env->regs[R_R8] = regs.r8;
    env->regs[R_R9] = regs.r9;
    env->regs[R_R10] = regs.r10;
    env->regs[R_R11] = regs.r11;
    env->regs[R_R12] = regs.r12;
    env->regs[R_R13] = regs.r13;
    env->regs[R_R14] = regs.r14;
    env->regs[R_R15] = regs.r15;
    env->eip = regs.rip;
    env->eflags = regs.rflags;

    get_seg(&env->segs[R_CS], &sregs.cs);
    get_seg(&env->segs[R_DS], &sregs.ds);
    get_seg(&env->segs[R_ES], &sregs.es);
    get_seg(&env->segs[R_FS], &sregs.fs);
    get_seg(&env->segs[R_GS], &sregs.gs);
    get_seg(&env->segs[R_SS], &sregs.ss);
    get_seg(&env->tr, &sregs.tr);
    get_seg(&env->ldt, &sregs.ldt);
    env->idt.limit = sregs.idt.limit;
    env->idt.base = sregs.idt.base;
    env->gdt.limit = sregs.gdt.limit;
    env->gdt.base = sregs.gdt.base;
    env->cr[0] = sregs.cr0;
    env->cr[2] = sregs.cr2;
    env->cr[3] = sregs.cr3;
    env->cr[4] = sregs.cr4;
    env->efer = sregs.efer;
    env->apic_base = sregs.apic_base;
    x86_update_hflags(env);

    if (kvm_vcpu_ioctl(cpu, KVM_GET_MP_STATE, &mp_state) >= 0) {
        env->mp_state = mp_state.mp_state;
        cpu->halted = mp_state.mp_state == KVM_MP_STATE_HALTED;
    }
    return true;
}
