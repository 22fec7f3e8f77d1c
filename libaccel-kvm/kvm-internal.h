/*
 * Private to libaccel-kvm: the VM's state and the files' shared helpers.
 *
 *   kvm-all.c     the "kvm-accel" type: /dev/kvm, the VM, capabilities
 *   kvm-irq.c     GSI routing, KVM_IRQ_LINE, MSIs; kernel-irqchip=on
 *   kvm-irqchip-split.c  kernel-irqchip=split: MSI window, EOIs, ExtINT
 *   kvm-eventfd.c ioeventfds and irqfds
 *   kvm-memory.c  the MemoryListener keeping memslots in sync
 *   kvm-slots.c   memslot bookkeeping (no ioctl: unit-tested alone)
 *   kvm-cpuid.c   KVM_GET_SUPPORTED_CPUID and the guest's CPUID table
 *   kvm-regs.c    register state between CPUX86State and the vCPU fd
 *   kvm-cpu.c     the AccelCPUClass: vCPU creation at CPU realize
 *   kvm-run.c     vCPU threads, the KVM_RUN loop and its exits
 */
#ifndef LIBACCEL_KVM_INTERNAL_H
#define LIBACCEL_KVM_INTERNAL_H

#include <linux/kvm.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "accel-kvm/kvm.h"
#include "kvm-slots.h"
#include "machine/accel.h"
#include "machine/cpu.h"
#include "machine/irq.h"
#include "machine/memory.h"
#include "machine/x86-cpu.h"

#define TYPE_KVM_ACCEL ACCEL_CLASS_NAME("kvm")
#define TYPE_KVM_ACCEL_CPU "kvm-accel-" CPU_RESOLVING_TYPE

/* The KVM API this code speaks (Documentation/virt/kvm/api.rst). */
#define KVM_API_VERSION_EXPECTED 12

/* Where QEMU puts the TSS and the EPT identity map (below the BIOS). */
#define KVM_IDENTITY_BASE 0xfeffc000ULL
#define KVM_TSS_BASE (KVM_IDENTITY_BASE + 0x1000)

/* The PC's GSIs: the I/O APIC's pins, the first 16 also the 8259s'. */
#define KVM_PC_GSI_COUNT 24

/* -accel kvm,kernel-irqchip= / -machine kernel-irqchip= */
typedef enum KVMIrqchipMode {
    KVM_IRQCHIP_UNSET, /* as the machine says */
    KVM_IRQCHIP_ON,
    KVM_IRQCHIP_OFF,
    KVM_IRQCHIP_SPLIT,
} KVMIrqchipMode;

typedef struct KVMState {
    AccelState parent_obj;

    /* Properties. */
    char *device;     /* NULL: EMU_KVM_DEVICE or /dev/kvm */
    int irqchip_prop; /* KVMIrqchipMode */

    int fd;   /* /dev/kvm */
    int vmfd; /* KVM_CREATE_VM */
    int vcpu_mmap_size;
    int nr_slots;
    bool readonly_mem;
    bool irqchip_in_kernel;
    bool irqchip_split; /* kernel-irqchip=split: only the local APICs */
    bool has_xsave;
    int xsave_size; /* KVM_CAP_XSAVE2, at least sizeof(struct kvm_xsave) */
    bool has_xcrs;
    bool has_vcpu_events;
    bool has_debugregs;
    bool has_intr_error_data;

    /* KVM_GET_SUPPORTED_CPUID, read once. */
    struct kvm_cpuid2 *supported_cpuid;
    /* KVM_GET_MSR_INDEX_LIST / KVM_GET_MSR_FEATURE_INDEX_LIST. */
    struct kvm_msr_list *msr_list;
    struct kvm_msr_list *feature_msr_list;

    /* Memory. */
    KVMSlotTable *slots;
    MemoryListener memory_listener;

    /* The GSI lines boards connect with the in-kernel irqchip (on). */
    qemu_irq *gsi_irqs;
    /* The whole GSI routing table (struct kvm_irq_routing_entry). */
    GArray *irq_routes;
    /* The GSIs of kvm_irqchip_add_msi_route(); GSIs below max_gsi. */
    GHashTable *msi_gsis;
    int max_gsi;
    /* split: each I/O APIC pin's MSI route (valid: bit n for pin n). */
    struct kvm_irq_routing_entry split_routes[KVM_PC_GSI_COUNT];
    uint32_t split_route_valid;
    /* split: the local APICs' MSI window at 0xfee00000. */
    MemoryRegion apic_msi;
} KVMState;

OBJECT_DECLARE_SIMPLE_TYPE(KVMState, KVM_ACCEL)

/* The running KVM accelerator (NULL if KVM is not in use). */
extern KVMState *kvm_state;

/* Per-vCPU state (CPUState.accel). */
struct AccelCPUState {
    int fd;
    struct kvm_run *run;
    pthread_t thread;
    bool thread_started;
    /*
     * env holds the state to load before the next KVM_RUN (after realize
     * and every system reset): reset-level state (LAPIC, MP state,
     * events) goes too.  Set and cleared under the big lock.
     */
    bool put_reset_state;
    /* The last exit was I/O or MMIO: KVM completes it on the next run. */
    bool exit_pending_completion;
    /* A triple fault asked for a reset: do not run until it happened. */
    bool wait_reset;
    /* A fatal exit was reported: never run again. */
    bool failed;
    /* The LAPIC as KVM made it at creation: its state after reset. */
    struct kvm_lapic_state lapic_reset;
    bool has_lapic_reset;
    /* The XSAVE image exchanged with KVM (kvm_state->xsave_size). */
    void *xsave;
};

/* ---- kvm-all.c ---- */
int kvm_ioctl(KVMState *s, unsigned long type, void *arg);
int kvm_vm_ioctl(KVMState *s, unsigned long type, void *arg);
int kvm_vcpu_ioctl(CPUState *cpu, unsigned long type, void *arg);
int kvm_check_extension(KVMState *s, unsigned int extension);
int kvm_vm_check_extension(KVMState *s, unsigned int extension);

/* ---- kvm-irq.c ---- */
/*
 * The irqchip of mode (on or split): for on KVM_CREATE_IRQCHIP,
 * KVM_CREATE_PIT2, the PC's GSI routing and the lines.
 */
bool kvm_irqchip_create(KVMState *s, KVMIrqchipMode mode, Error **errp);
void kvm_irqchip_free(KVMState *s);
qemu_irq kvm_get_gsi_irq(AccelState *accel, unsigned gsi);
/* Edit the routing table; commit sends it (-errno, reported). */
void kvm_irqchip_add_route(KVMState *s, const struct kvm_irq_routing_entry *e);
void kvm_irqchip_remove_route(KVMState *s, uint32_t gsi);
int kvm_irqchip_commit_routes(KVMState *s);
void kvm_msi_route_entry(struct kvm_irq_routing_entry *e, uint32_t gsi,
                         uint64_t addr, uint32_t data);

/* ---- kvm-irqchip-split.c ---- */
bool kvm_irqchip_create_split(KVMState *s, Error **errp);
/* After the board: the MSI window into the system address space. */
void kvm_irqchip_split_setup_post(KVMState *s);
/* Before KVM_RUN, without the big lock: inject or wait for ExtINT. */
void kvm_irqchip_split_pre_run(CPUState *cpu, struct kvm_run *run);

/* ---- kvm-irqchip-user.c: kernel-irqchip=off ---- */
/* An interrupt, NMI, INIT or SIPI would end the vCPU's halt. */
bool kvm_user_irqchip_can_wake(CPUState *cpu);
/* INIT, SIPI, APIC polls, the end of a halt; true: still halted. */
bool kvm_user_irqchip_process_events(CPUState *cpu);
/* Before KVM_RUN: NMI, the interrupt, CR8; after: CR8, APIC base. */
void kvm_user_irqchip_pre_run(CPUState *cpu, struct kvm_run *run);
void kvm_user_irqchip_post_run(CPUState *cpu, struct kvm_run *run);

/* ---- kvm-eventfd.c ---- */
/* Fill and check a KVM_IOEVENTFD / KVM_IRQFD request: 0 or -errno. */
int kvm_ioeventfd_fill(struct kvm_ioeventfd *kick, int fd, uint64_t addr,
                       uint64_t val, uint32_t size, bool pio, bool datamatch,
                       bool assign);
int kvm_irqfd_fill(struct kvm_irqfd *irqfd, int fd, int rfd, int gsi,
                   bool assign);

/* ---- kvm-memory.c ---- */
void kvm_memory_listener_register(KVMState *s);

/* ---- kvm-cpuid.c ---- */
bool kvm_cpuid_init(KVMState *s, Error **errp);
/* QEMU's kvm_arch_get_supported_cpuid(): one register of one leaf. */
uint32_t kvm_arch_get_supported_cpuid(KVMState *s, uint32_t function,
                                      uint32_t index, int reg);
/* The guest's CPUID table into the vCPU (KVM_SET_CPUID2). */
bool kvm_vcpu_set_cpuid(CPUState *cpu, Error **errp);
/* What the CPU models are filtered against (after kvm_cpuid_init). */
const X86CPUAccelOps *kvm_x86_accel_ops_init(KVMState *s);

/* ---- kvm-regs.c ---- */
/* Load env into the vCPU (all of it when cpu->accel->put_reset_state). */
bool kvm_arch_put_registers(CPUState *cpu, Error **errp);
/* Read the vCPU's registers back into env (for dumps). */
bool kvm_arch_get_registers(CPUState *cpu, Error **errp);
/* Read the reset LAPIC state right after KVM_CREATE_VCPU. */
void kvm_arch_save_lapic_reset(CPUState *cpu);

/* ---- kvm-cpu.c ---- */
void kvm_cpu_accel_attach(void);

/* ---- kvm-run.c ---- */
/*
 * Set or clear cpu->accel->put_reset_state, keeping the count of vCPUs
 * with it set (kvm_cpus_loading_reset) exact.
 */
void kvm_cpu_set_put_reset_state(AccelCPUState *kcs, bool pending);
extern int kvm_cpus_loading_reset;
/* The SIG_IPI handler that kicks vCPUs out of KVM_RUN. */
void kvm_init_cpu_signals(void);
bool kvm_start_vcpu_thread(CPUState *cpu, Error **errp);
/* The system reset: every vCPU reloads its state before running again. */
void kvm_cpus_reset(void *opaque);
void kvm_register_cpus_ops(void);

#endif /* LIBACCEL_KVM_INTERNAL_H */
