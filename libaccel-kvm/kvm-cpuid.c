/*
 * CPUID under KVM: what the kernel can give a guest
 * (KVM_GET_SUPPORTED_CPUID, with QEMU's adjustments for the bits KVM
 * emulates without reporting them), which libmachine's CPU models are
 * filtered against ("warning: host doesn't support requested feature:
 * CPUID.01H:ECX.pni [bit 0]"), and the guest's whole CPUID table handed
 * to each vCPU (KVM_SET_CPUID2), computed by libmachine's
 * cpu_x86_cpuid() for the vCPU's model and topology.
 */
#include <errno.h>
#include <string.h>

#include "kvm-internal.h"

/* KVM's paravirtual leaves (Documentation/virt/kvm/x86/cpuid.rst). */
#define KVM_CPUID_SIGNATURE 0x40000000
#define KVM_CPUID_FEATURES 0x40000001
#define KVM_FEATURE_PV_UNHALT 7
#define KVM_HINTS_REALTIME 0
/* Leaves beyond this many are not given (QEMU's KVM_MAX_CPUID_ENTRIES). */
#define KVM_MAX_CPUID_ENTRIES 100

bool kvm_cpuid_init(KVMState *s, Error **errp)
{
    int max = 128;

    for (;;) {
        struct kvm_cpuid2 *c =
            g_malloc0(sizeof(*c) + max * sizeof(c->entries[0]));
        int ret;

        c->nent = max;
        ret = kvm_ioctl(s, KVM_GET_SUPPORTED_CPUID, c);
        if (ret == -E2BIG && max < 4096) {
            g_free(c);
            max *= 2;
            continue;
        }
        if (ret < 0) {
            g_free(c);
            error_setg(errp, "KVM_GET_SUPPORTED_CPUID failed: %s",
                       strerror(-ret));
            return false;
        }
        s->supported_cpuid = c;
        return true;
    }
}

static const struct kvm_cpuid_entry2 *
supported_entry(KVMState *s, uint32_t function, uint32_t index)
{
    uint32_t i;

    for (i = 0; i < s->supported_cpuid->nent; i++) {
        const struct kvm_cpuid_entry2 *e = &s->supported_cpuid->entries[i];

        if (e->function == function &&
            (!(e->flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX) ||
             e->index == index)) {
            return e;
        }
    }
    return NULL;
}

static uint32_t entry_reg(const struct kvm_cpuid_entry2 *e, int reg)
{
    switch (reg) {
    case R_EAX:
        return e->eax;
    case R_EBX:
        return e->ebx;
    case R_ECX:
        return e->ecx;
    case R_EDX:
        return e->edx;
    default:
        return 0;
    }
}

uint32_t kvm_arch_get_supported_cpuid(KVMState *s, uint32_t function,
                                      uint32_t index, int reg)
{
    const struct kvm_cpuid_entry2 *e = supported_entry(s, function, index);
    uint32_t ret = e ? entry_reg(e, reg) : 0;

    if (function == 1 && reg == R_ECX) {
        /* KVM shows the hypervisor bit if asked, without reporting it. */
        ret |= CPUID_EXT_HYPERVISOR;
        if (s->irqchip_in_kernel &&
            kvm_check_extension(s, KVM_CAP_TSC_DEADLINE_TIMER)) {
            ret |= CPUID_EXT_TSC_DEADLINE_TIMER;
        }
        if (!s->irqchip_in_kernel) {
            ret &= ~CPUID_EXT_X2APIC;
        }
    } else if (function == 6 && reg == R_EAX) {
        /* The emulated local APIC timer is always running. */
        ret |= CPUID_6_EAX_ARAT;
    } else if (function == 0x80000001 && reg == R_EDX) {
        /* Intel hosts report these per Intel's manual; AMD's repeat them. */
        ret |= kvm_arch_get_supported_cpuid(s, 1, 0, R_EDX) &
               CPUID_EXT2_AMD_ALIASES;
    } else if (function == KVM_CPUID_FEATURES && reg == R_EAX) {
        if (!s->irqchip_in_kernel) {
            ret &= ~(1U << KVM_FEATURE_PV_UNHALT);
        }
    } else if (function == KVM_CPUID_FEATURES && reg == R_EDX) {
        /* A promise the user makes; KVM has nothing to do for it. */
        ret |= 1U << KVM_HINTS_REALTIME;
    }
    return ret;
}

/* A feature MSR's value as KVM offers it (0 when it is not offered). */
static uint64_t kvm_get_supported_msr_feature(KVMState *s, uint32_t index)
{
    struct {
        struct kvm_msrs info;
        struct kvm_msr_entry entries[1];
    } msr = {.info.nmsrs = 1, .entries[0].index = index};
    uint32_t i;

    if (!s->feature_msr_list) {
        return 0;
    }
    for (i = 0; i < s->feature_msr_list->nmsrs; i++) {
        if (s->feature_msr_list->indices[i] == index) {
            break;
        }
    }
    if (i == s->feature_msr_list->nmsrs ||
        kvm_ioctl(s, KVM_GET_MSRS, &msr) != 1) {
        return 0;
    }
    return msr.entries[0].data;
}

static uint64_t kvm_get_supported_feature_word(FeatureWord w)
{
    const FeatureWordInfo *fi = x86_feature_word_info(w);

    if (fi->is_msr) {
        return kvm_get_supported_msr_feature(kvm_state, fi->msr_index);
    }
    return kvm_arch_get_supported_cpuid(kvm_state, fi->cpuid_eax, fi->cpuid_ecx,
                                        fi->cpuid_reg);
}

/* Not const: the XSAVE components are known once KVM is open. */
static X86CPUAccelOps kvm_x86_ops = {
    /* QEMU's words: "host doesn't support requested feature: ..." */
    .name = "host",
    .uses_host_cpuid = true,
    .get_supported_feature_word = kvm_get_supported_feature_word,
};

const X86CPUAccelOps *kvm_x86_accel_ops_init(KVMState *s)
{
    kvm_x86_ops.supported_xsave_components =
        kvm_arch_get_supported_cpuid(s, 0xd, 0, R_EAX) |
        (uint64_t)kvm_arch_get_supported_cpuid(s, 0xd, 0, R_EDX) << 32 |
        kvm_arch_get_supported_cpuid(s, 0xd, 1, R_ECX) |
        (uint64_t)kvm_arch_get_supported_cpuid(s, 0xd, 1, R_EDX) << 32;
    /* 0 would mean "everything" to libmachine. */
    if (!kvm_x86_ops.supported_xsave_components) {
        kvm_x86_ops.supported_xsave_components =
            XSTATE_FP_MASK | XSTATE_SSE_MASK;
    }
    return &kvm_x86_ops;
}

/* ---- The guest's table ---- */

typedef struct CPUIDTable {
    struct kvm_cpuid2 hdr;
    struct kvm_cpuid_entry2 entries[KVM_MAX_CPUID_ENTRIES];
} CPUIDTable;

static struct kvm_cpuid_entry2 *table_add(CPUIDTable *t, CPUX86State *env,
                                          uint32_t function, uint32_t index,
                                          bool indexed)
{
    struct kvm_cpuid_entry2 *e;

    if (t->hdr.nent >= KVM_MAX_CPUID_ENTRIES) {
        return NULL;
    }
    e = &t->entries[t->hdr.nent++];
    memset(e, 0, sizeof(*e));
    e->function = function;
    e->index = index;
    e->flags = indexed ? KVM_CPUID_FLAG_SIGNIFCANT_INDEX : 0;
    cpu_x86_cpuid(env, function, index, &e->eax, &e->ebx, &e->ecx, &e->edx);
    return e;
}

/* One leaf and its sub-leaves, each as the guest reads it. */
static bool table_add_leaf(CPUIDTable *t, CPUX86State *env, uint32_t i)
{
    struct kvm_cpuid_entry2 *e;
    uint32_t j, last;

    switch (i) {
    case 4:
    case 0x8000001d:
        /* Cache leaves: up to the first null cache type (SDM, CPUID). */
        for (j = 0; j < 64; j++) {
            e = table_add(t, env, i, j, true);
            if (!e) {
                return false;
            }
            if (!(e->eax & 0x1f)) {
                break;
            }
        }
        return true;
    case 0xb:
    case 0x1f:
        /* Topology leaves: up to the first invalid level type. */
        for (j = 0; j < 64; j++) {
            e = table_add(t, env, i, j, true);
            if (!e) {
                return false;
            }
            if (!(e->ecx & 0xff00)) {
                break;
            }
        }
        return true;
    case 0xd:
        /* XSAVE: sub-leaves 0 and 1, then each component present. */
        for (j = 0; j < 64; j++) {
            uint32_t a, b, c, d;

            cpu_x86_cpuid(env, i, j, &a, &b, &c, &d);
            if (j > 1 && !(a | b | c | d)) {
                continue;
            }
            if (!table_add(t, env, i, j, true)) {
                return false;
            }
        }
        return true;
    case 7:
    case 0x12:
    case 0x14:
    case 0x1d:
        /* Sub-leaf 0's EAX is the last sub-leaf. */
        e = table_add(t, env, i, 0, true);
        if (!e) {
            return false;
        }
        last = MIN(e->eax, 63u);
        for (j = 1; j <= last; j++) {
            if (!table_add(t, env, i, j, true)) {
                return false;
            }
        }
        return true;
    default:
        return table_add(t, env, i, 0, false) != NULL;
    }
}

bool kvm_vcpu_set_cpuid(CPUState *cpu, Error **errp)
{
    X86CPU *xcpu = X86_CPU(cpu);
    CPUX86State *env = &xcpu->env;
    g_autofree CPUIDTable *t = g_new0(CPUIDTable, 1);
    bool ok = true;
    uint32_t i;
    int ret;

    for (i = 0; ok && i <= env->cpuid_level; i++) {
        ok = table_add_leaf(t, env, i);
    }
    if (ok && env->cpuid_hv_level) {
        for (i = KVM_CPUID_SIGNATURE; ok && i <= env->cpuid_hv_level; i++) {
            ok = table_add_leaf(t, env, i);
        }
    }
    for (i = 0x80000000; ok && i <= env->cpuid_xlevel; i++) {
        ok = table_add_leaf(t, env, i);
    }
    if (ok && env->cpuid_xlevel2 >= 0xC0000000) {
        for (i = 0xC0000000; ok && i <= env->cpuid_xlevel2; i++) {
            ok = table_add_leaf(t, env, i);
        }
    }
    if (!ok) {
        error_setg(errp, "kvm: CPUID table of more than %d entries",
                   KVM_MAX_CPUID_ENTRIES);
        return false;
    }
    ret = kvm_vcpu_ioctl(cpu, KVM_SET_CPUID2, &t->hdr);
    if (ret < 0) {
        error_setg(errp, "kvm: KVM_SET_CPUID2 failed: %s", strerror(-ret));
        return false;
    }
    return true;
}
