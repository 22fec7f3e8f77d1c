/*
 * The KVM accelerator ("kvm-accel", -accel kvm): opens /dev/kvm, creates
 * the VM and checks what the kernel offers, with QEMU 7.2's messages
 * (accel/kvm/kvm-all.c and target/i386/kvm/kvm.c: behaviour and texts,
 * own code).  Memory, interrupts, CPUID, registers and the vCPU threads
 * are in the other kvm-*.c files (kvm-internal.h lists them).
 *
 * Like QEMU, the first failure prints its own line on stderr ("Could not
 * access KVM kernel module: ...") and hands configure_accelerators() the
 * errno text, which it reports as "failed to initialize kvm: ...".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kvm-internal.h"
#include "machine/boards.h"
#include "machine/cpus.h"
#include "machine/reset.h"
#include "util/error-report.h"

KVMState *kvm_state;
static bool kvm_allowed;

bool kvm_enabled(void)
{
    return kvm_allowed;
}

bool kvm_irqchip_in_kernel(void)
{
    return kvm_state && kvm_state->irqchip_in_kernel;
}

int kvm_ioctl(KVMState *s, unsigned long type, void *arg)
{
    int ret = ioctl(s->fd, type, arg);

    return ret < 0 ? -errno : ret;
}

int kvm_vm_ioctl(KVMState *s, unsigned long type, void *arg)
{
    int ret = ioctl(s->vmfd, type, arg);

    return ret < 0 ? -errno : ret;
}

int kvm_vcpu_ioctl(CPUState *cpu, unsigned long type, void *arg)
{
    int ret = ioctl(cpu->accel->fd, type, arg);

    return ret < 0 ? -errno : ret;
}

int kvm_check_extension(KVMState *s, unsigned int extension)
{
    int ret = ioctl(s->fd, KVM_CHECK_EXTENSION, extension);

    return ret < 0 ? 0 : ret;
}

int kvm_vm_check_extension(KVMState *s, unsigned int extension)
{
    int ret = ioctl(s->vmfd, KVM_CHECK_EXTENSION, extension);

    /* Kernels before VM-level checks answer on /dev/kvm only. */
    return ret < 0 ? kvm_check_extension(s, extension) : ret;
}

typedef struct KVMCapabilityInfo {
    const char *name;
    int value;
} KVMCapabilityInfo;

#define KVM_CAP_INFO(cap)                                                      \
    {                                                                          \
        "KVM_CAP_" #cap, KVM_CAP_##cap                                         \
    }

/*
 * What this code relies on, checked once (QEMU's required lists plus
 * immediate_exit, through which emu kicks vCPUs out of KVM_RUN).
 */
static const KVMCapabilityInfo kvm_required_capabilities[] = {
    KVM_CAP_INFO(USER_MEMORY),
    KVM_CAP_INFO(DESTROY_MEMORY_REGION_WORKS),
    KVM_CAP_INFO(JOIN_MEMORY_REGIONS_WORKS),
    KVM_CAP_INFO(SET_TSS_ADDR),
    KVM_CAP_INFO(EXT_CPUID),
    KVM_CAP_INFO(MP_STATE),
    KVM_CAP_INFO(IMMEDIATE_EXIT),
};

static const char kvm_upgrade_note[] =
    "Please upgrade to at least kernel 2.6.29 or recent kvm-kmod\n"
    "(see http://sourceforge.net/projects/kvm).\n";

/* -machine kernel-irqchip, unless -accel kvm,kernel-irqchip= was given. */
static int kvm_irqchip_mode(KVMState *s, MachineState *ms)
{
    if (s->irqchip_prop != KVM_IRQCHIP_UNSET) {
        return s->irqchip_prop;
    }
    if (!machine_kernel_irqchip_allowed(ms)) {
        return KVM_IRQCHIP_OFF;
    }
    return machine_kernel_irqchip_split(ms) ? KVM_IRQCHIP_SPLIT
                                            : KVM_IRQCHIP_ON;
}

/* QEMU's soft (recommended) and hard vCPU limits. */
static bool kvm_check_vcpu_limits(KVMState *s, MachineState *ms, Error **errp)
{
    int soft = kvm_vm_check_extension(s, KVM_CAP_NR_VCPUS);
    int hard = kvm_vm_check_extension(s, KVM_CAP_MAX_VCPUS);
    struct {
        const char *name;
        unsigned num;
    } nc[] = {{"SMP", ms->smp.cpus}, {"hotpluggable", ms->smp.max_cpus}};
    size_t i;

    soft = soft ? soft : 4;
    hard = hard ? hard : soft;
    for (i = 0; i < G_N_ELEMENTS(nc); i++) {
        if (nc[i].num > (unsigned)soft) {
            warn_report("Number of %s cpus requested (%u) exceeds the "
                        "recommended cpus supported by KVM (%d)",
                        nc[i].name, nc[i].num, soft);
            if (nc[i].num > (unsigned)hard) {
                fprintf(stderr,
                        "Number of %s cpus requested (%u) exceeds the "
                        "maximum cpus supported by KVM (%d)\n",
                        nc[i].name, nc[i].num, hard);
                error_setg(errp, "%s", strerror(EINVAL));
                return false;
            }
        }
    }
    return true;
}

/* The MSR index lists of /dev/kvm (NULL when the kernel has none). */
static struct kvm_msr_list *kvm_get_msr_list(KVMState *s, unsigned long type)
{
    struct kvm_msr_list probe = {.nmsrs = 0};
    struct kvm_msr_list *list;
    int ret = kvm_ioctl(s, type, &probe);

    if (ret < 0 && ret != -E2BIG) {
        return NULL;
    }
    list = g_malloc0(sizeof(*list) + probe.nmsrs * sizeof(list->indices[0]));
    list->nmsrs = probe.nmsrs;
    if (kvm_ioctl(s, type, list) < 0) {
        g_free(list);
        return NULL;
    }
    return list;
}

/* The EPT identity map page and the three TSS pages (QEMU's 0x4000). */
static const AccelReservedRange kvm_reserved[] = {
    {KVM_IDENTITY_BASE, 0x4000},
};

static size_t kvm_reserved_ranges(AccelState *accel,
                                  const AccelReservedRange **ranges)
{
    *ranges = kvm_reserved;
    return G_N_ELEMENTS(kvm_reserved);
}

/* The x86 parts of QEMU's kvm_arch_init. */
static bool kvm_arch_init(KVMState *s, Error **errp)
{
    int ret;

    /* QEMU's addresses: three pages below the BIOS, reserved in e820. */
    if (kvm_vm_check_extension(s, KVM_CAP_SET_IDENTITY_MAP_ADDR)) {
        uint64_t identity_base = KVM_IDENTITY_BASE;

        ret = kvm_vm_ioctl(s, KVM_SET_IDENTITY_MAP_ADDR, &identity_base);
        if (ret < 0) {
            error_setg(errp, "%s", strerror(-ret));
            return false;
        }
    }
    ret = kvm_vm_ioctl(s, KVM_SET_TSS_ADDR, (void *)(uintptr_t)KVM_TSS_BASE);
    if (ret < 0) {
        error_setg(errp, "%s", strerror(-ret));
        return false;
    }
    s->msr_list = kvm_get_msr_list(s, KVM_GET_MSR_INDEX_LIST);
    if (!s->msr_list) {
        error_setg(errp, "kvm: failed to get MSR index list");
        return false;
    }
    if (kvm_check_extension(s, KVM_CAP_GET_MSR_FEATURES)) {
        s->feature_msr_list =
            kvm_get_msr_list(s, KVM_GET_MSR_FEATURE_INDEX_LIST);
    }
    s->has_xsave = kvm_check_extension(s, KVM_CAP_XSAVE);
    s->xsave_size = sizeof(struct kvm_xsave);
    if (s->has_xsave) {
        int size = kvm_vm_check_extension(s, KVM_CAP_XSAVE2);

        if (size > s->xsave_size) {
            s->xsave_size = size;
        }
    }
    s->has_xcrs = kvm_check_extension(s, KVM_CAP_XCRS);
    s->has_vcpu_events = kvm_check_extension(s, KVM_CAP_VCPU_EVENTS);
    s->has_debugregs = kvm_check_extension(s, KVM_CAP_DEBUGREGS);
    return kvm_cpuid_init(s, errp);
}

static bool kvm_init(MachineState *ms, Error **errp)
{
    KVMState *s = KVM_ACCEL(ms->accelerator);
    const char *path = s->device;
    size_t i;
    int mode = kvm_irqchip_mode(s, ms);
    int ret;

    if (!path) {
        path = getenv("EMU_KVM_DEVICE");
    }
    if (!path || !*path) {
        path = "/dev/kvm";
    }
    s->vmfd = -1;
    s->fd = open(path, O_RDWR | O_CLOEXEC);
    if (s->fd < 0) {
        ret = -errno;
        fprintf(stderr, "Could not access KVM kernel module: %s\n",
                strerror(-ret));
        goto err;
    }

    ret = kvm_ioctl(s, KVM_GET_API_VERSION, NULL);
    if (ret < KVM_API_VERSION_EXPECTED) {
        if (ret >= 0) {
            ret = -EINVAL;
        }
        fprintf(stderr, "kvm version too old\n");
        goto err;
    }
    if (ret > KVM_API_VERSION_EXPECTED) {
        ret = -EINVAL;
        fprintf(stderr, "kvm version not supported\n");
        goto err;
    }

    do {
        ret = kvm_ioctl(s, KVM_CREATE_VM, NULL);
    } while (ret == -EINTR);
    if (ret < 0) {
        fprintf(stderr, "ioctl(KVM_CREATE_VM) failed: %d %s\n", -ret,
                strerror(-ret));
        goto err;
    }
    s->vmfd = ret;

    for (i = 0; i < G_N_ELEMENTS(kvm_required_capabilities); i++) {
        const KVMCapabilityInfo *cap = &kvm_required_capabilities[i];

        if (!kvm_vm_check_extension(s, cap->value)) {
            ret = -EINVAL;
            fprintf(stderr, "kvm does not support %s\n%s", cap->name,
                    kvm_upgrade_note);
            goto err;
        }
    }
    s->vcpu_mmap_size = kvm_ioctl(s, KVM_GET_VCPU_MMAP_SIZE, NULL);
    if (s->vcpu_mmap_size < (int)sizeof(struct kvm_run)) {
        ret = s->vcpu_mmap_size < 0 ? s->vcpu_mmap_size : -EINVAL;
        fprintf(stderr, "KVM_GET_VCPU_MMAP_SIZE failed\n");
        goto err;
    }
    /* A table of every slot the kernel allows is scanned on changes. */
    s->nr_slots = kvm_vm_check_extension(s, KVM_CAP_NR_MEMSLOTS);
    if (s->nr_slots <= 0) {
        s->nr_slots = 32;
    }
    s->nr_slots = MIN(s->nr_slots, 4096);
    s->readonly_mem = kvm_vm_check_extension(s, KVM_CAP_READONLY_MEM);
    s->has_intr_error_data =
        kvm_check_extension(s, KVM_CAP_INTERNAL_ERROR_DATA);

    /* kernel-irqchip=off: the board's PIC, I/O APIC, PIT and APICs. */
    if (!kvm_check_vcpu_limits(s, ms, errp) || !kvm_arch_init(s, errp) ||
        (mode != KVM_IRQCHIP_OFF && !kvm_irqchip_create(s, mode, errp))) {
        goto err_errp;
    }

    if (mode == KVM_IRQCHIP_OFF) {
        /* QEMU 7.2's words for the same choice. */
        warn_report("Userspace local APIC is deprecated for KVM.");
        warn_report("Do not use kernel-irqchip except for the -M isapc "
                    "machine type.");
    }
    kvm_state = s;
    kvm_memory_listener_register(s);
    kvm_init_cpu_signals();
    kvm_register_cpus_ops();
    x86_cpu_set_accel_ops(kvm_x86_accel_ops_init(s));
    kvm_cpu_accel_attach();
    /* After the device tree's (machine_create registered it first). */
    qemu_register_reset(kvm_cpus_reset, NULL);
    return true;

err:
    error_setg(errp, "%s", strerror(-ret));
err_errp:
    if (s->vmfd >= 0) {
        close(s->vmfd);
        s->vmfd = -1;
    }
    if (s->fd >= 0) {
        close(s->fd);
        s->fd = -1;
    }
    g_free(s->msr_list);
    s->msr_list = NULL;
    g_free(s->feature_msr_list);
    s->feature_msr_list = NULL;
    g_free(s->supported_cpuid);
    s->supported_cpuid = NULL;
    kvm_irqchip_free(s);
    return false;
}

static void kvm_setup_post(MachineState *ms, AccelState *accel)
{
    KVMState *s = KVM_ACCEL(accel);

    if (s->irqchip_split) {
        kvm_irqchip_split_setup_post(s);
    }
}

/* ---- Properties ---- */

static int kvm_get_kernel_irqchip(Object *obj, Error **errp)
{
    KVMState *s = KVM_ACCEL(obj);

    switch (s->irqchip_prop) {
    case KVM_IRQCHIP_OFF:
        return ON_OFF_SPLIT_OFF;
    case KVM_IRQCHIP_SPLIT:
        return ON_OFF_SPLIT_SPLIT;
    default:
        return ON_OFF_SPLIT_ON;
    }
}

static void kvm_set_kernel_irqchip(Object *obj, int value, Error **errp)
{
    KVMState *s = KVM_ACCEL(obj);

    s->irqchip_prop = value == ON_OFF_SPLIT_OFF     ? KVM_IRQCHIP_OFF
                      : value == ON_OFF_SPLIT_SPLIT ? KVM_IRQCHIP_SPLIT
                                                    : KVM_IRQCHIP_ON;
}

static char *kvm_get_device(Object *obj, Error **errp)
{
    return g_strdup(KVM_ACCEL(obj)->device ? KVM_ACCEL(obj)->device : "");
}

static void kvm_set_device(Object *obj, const char *value, Error **errp)
{
    KVMState *s = KVM_ACCEL(obj);

    g_free(s->device);
    s->device = *value ? g_strdup(value) : NULL;
}

static void kvm_accel_instance_init(Object *obj)
{
    KVMState *s = KVM_ACCEL(obj);

    s->fd = -1;
    s->vmfd = -1;
    s->irqchip_prop = KVM_IRQCHIP_UNSET;
}

static void kvm_accel_instance_finalize(Object *obj)
{
    KVMState *s = KVM_ACCEL(obj);

    g_free(s->device);
    g_free(s->msr_list);
    g_free(s->feature_msr_list);
    g_free(s->supported_cpuid);
    kvm_irqchip_free(s);
}

/* kernel-irqchip=on and split both keep the local APICs in the kernel. */
static bool kvm_local_apic_in_kernel(AccelState *accel)
{
    return KVM_ACCEL(accel)->irqchip_in_kernel;
}

static void kvm_accel_class_init(ObjectClass *oc, void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->name = "KVM";
    ac->init_machine = kvm_init;
    ac->allowed = &kvm_allowed;
    ac->get_gsi_irq = kvm_get_gsi_irq;
    ac->reserved_ranges = kvm_reserved_ranges;
    ac->setup_post = kvm_setup_post;
    ac->local_apic_in_kernel = kvm_local_apic_in_kernel;

    object_class_property_add_enum(oc, "kernel-irqchip", "OnOffSplit",
                                   &OnOffSplit_lookup, kvm_get_kernel_irqchip,
                                   kvm_set_kernel_irqchip);
    object_class_property_set_description(oc, "kernel-irqchip",
                                          "Configure KVM in-kernel irqchip");
    object_class_property_add_str(oc, "device", kvm_get_device, kvm_set_device);
    object_class_property_set_description(
        oc, "device", "Path to the KVM device node (default: /dev/kvm)");
}

static const TypeInfo kvm_accel_types[] = {
    {
        .name = TYPE_KVM_ACCEL,
        .parent = TYPE_ACCEL,
        .instance_size = sizeof(KVMState),
        .instance_init = kvm_accel_instance_init,
        .instance_finalize = kvm_accel_instance_finalize,
        .class_init = kvm_accel_class_init,
    },
};

DEFINE_TYPES(kvm_accel_types)
