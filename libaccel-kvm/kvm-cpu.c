/*
 * KVM's hooks into every x86 CPU ("kvm-accel-x86_64-cpu"): QEMU's KVM
 * defaults for the CPU models, the host's identity for "max" and
 * "host", and at realize the vCPU itself (QEMU's kvm_init_vcpu and
 * kvm_arch_init_vcpu): KVM_CREATE_VCPU with the APIC ID, the shared
 * kvm_run page, the guest's CPUID table, and its thread.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kvm-internal.h"
#include "machine/cpus.h"
#include "util/error-report.h"

/*
 * QEMU 7.2's kvm_default_props: the paravirtual features KVM offers and
 * x2apic on; what KVM does not emulate (ACPI thermal, MONITOR, nested
 * SVM) off.  Applied to named models, before -global and -cpu features.
 */
static const struct {
    const char *prop;
    const char *value;
} kvm_default_props[] = {
    {"kvmclock", "on"},    {"kvm-nopiodelay", "on"},
    {"kvm-asyncpf", "on"}, {"kvm-steal-time", "on"},
    {"kvm-pv-eoi", "on"},  {"kvmclock-stable-bit", "on"},
    {"x2apic", "on"},      {"kvm-msi-ext-dest-id", "off"},
    {"acpi", "off"},       {"monitor", "off"},
    {"svm", "off"},
};

static void kvm_cpu_instance_init(CPUState *cs)
{
    X86CPU *cpu = X86_CPU(cs);
    X86CPUClass *xcc = X86_CPU_GET_CLASS(cpu);
    CPUX86State *env = &cpu->env;
    size_t i;

    if (xcc->model) {
        for (i = 0; i < G_N_ELEMENTS(kvm_default_props); i++) {
            const char *value = kvm_default_props[i].value;

            /* QEMU's changes: no x2APIC without the kernel's APICs. */
            if (!strcmp(kvm_default_props[i].prop, "x2apic") &&
                !kvm_state->irqchip_in_kernel) {
                value = "off";
            }
            object_property_parse(OBJECT(cpu), kvm_default_props[i].prop,
                                  value, &error_abort);
        }
    } else if (cpu->max_features) {
        /* "max" and "host" are the host CPU as KVM shows it. */
        x86_cpu_load_host_identity(cpu);
        env->cpuid_min_level =
            kvm_arch_get_supported_cpuid(kvm_state, 0, 0, R_EAX);
        env->cpuid_min_xlevel =
            kvm_arch_get_supported_cpuid(kvm_state, 0x80000000, 0, R_EAX);
        env->cpuid_min_xlevel2 =
            kvm_arch_get_supported_cpuid(kvm_state, 0xC0000000, 0, R_EAX);
    }
}

/* KVM's signature leaves, when the guest may see them ("kvm=on"). */
static void kvm_cpu_set_hv_leaves(X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;

    if (cpu->expose_kvm) {
        env->cpuid_hv_level = 0x40000001;
        g_strlcpy(env->cpuid_hv_vendor, "KVMKVMKVM",
                  sizeof(env->cpuid_hv_vendor));
    } else {
        env->cpuid_hv_level = 0;
        env->cpuid_hv_vendor[0] = 0;
    }
}

static bool kvm_cpu_realizefn(CPUState *cs, Error **errp)
{
    X86CPU *cpu = X86_CPU(cs);
    AccelCPUState *kcs = g_new0(AccelCPUState, 1);
    unsigned long vcpu_id = cpu->apic_id;
    int ret;

    kcs->fd = -1;
    cs->accel = kcs;
    ret = kvm_vm_ioctl(kvm_state, KVM_CREATE_VCPU, (void *)vcpu_id);
    if (ret < 0) {
        error_setg(errp, "kvm_init_vcpu: kvm_get_vcpu failed (%lu): %s",
                   vcpu_id, strerror(-ret));
        goto fail;
    }
    kcs->fd = ret;
    kcs->run = mmap(NULL, kvm_state->vcpu_mmap_size, PROT_READ | PROT_WRITE,
                    MAP_SHARED, kcs->fd, 0);
    if (kcs->run == MAP_FAILED) {
        kcs->run = NULL;
        error_setg_errno(errp, errno,
                         "kvm_init_vcpu: mmap'ing vcpu state failed (%lu)",
                         vcpu_id);
        goto fail;
    }
    kvm_cpu_set_hv_leaves(cpu);
    if (!kvm_vcpu_set_cpuid(cs, errp)) {
        goto fail;
    }
    kvm_arch_save_lapic_reset(cs);
    kcs->xsave = g_malloc0(kvm_state->xsave_size);
    /* Loaded before the first KVM_RUN: the CPU's reset (and boot) state. */
    kvm_cpu_set_put_reset_state(kcs, true);
    if (!kvm_start_vcpu_thread(cs, errp)) {
        goto fail;
    }
    return true;

fail:
    if (kcs->run) {
        munmap(kcs->run, kvm_state->vcpu_mmap_size);
    }
    if (kcs->fd >= 0) {
        close(kcs->fd);
    }
    g_free(kcs->xsave);
    g_free(kcs);
    cs->accel = NULL;
    return false;
}

static void kvm_accel_cpu_class_init(ObjectClass *oc, void *data)
{
    AccelCPUClass *acc = ACCEL_CPU_CLASS(oc);

    acc->cpu_instance_init = kvm_cpu_instance_init;
    acc->cpu_realizefn = kvm_cpu_realizefn;
}

static const TypeInfo kvm_cpu_accel_types[] = {
    {
        .name = TYPE_KVM_ACCEL_CPU,
        .parent = TYPE_ACCEL_CPU,
        .class_size = sizeof(AccelCPUClass),
        .class_init = kvm_accel_cpu_class_init,
    },
};

DEFINE_TYPES(kvm_cpu_accel_types)

void kvm_cpu_accel_attach(void)
{
    cpu_accel_attach(ACCEL_CPU_CLASS(object_class_by_name(TYPE_KVM_ACCEL_CPU)));
}
