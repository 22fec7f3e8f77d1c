/*
 * TYPE_CPU: the processor base class every CPU model derives from, with
 * QEMU's names (CPUState, CPUClass, cpu_create, parse_cpu_option, ...).
 *
 * A CPU is a device (TYPE_DEVICE) that sits on no bus.  The board creates
 * it from the type name parse_cpu_option() returned for -cpu, sets its
 * topology properties and realizes it; realize gives it a cpu_index and
 * puts it on the global CPU list (CPU_FOREACH).  What runs it is the
 * accelerator's business: the accelerator attaches an AccelCPUClass to
 * every CPU class (cpu_accel_attach()) and keeps its per-vCPU state behind
 * CPUState.accel, so nothing here knows KVM or TCG.
 *
 * The target's architectural state (CPUX86State, machine/x86-cpu.h) is
 * reached through the target's own cast (X86_CPU(cpu)->env) or env_ptr.
 */
#ifndef MACHINE_CPU_H
#define MACHINE_CPU_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "machine/qdev-core.h"
#include "qom/object.h"
#include "util/error.h"

#define TYPE_CPU "cpu"
#define TYPE_ACCEL_CPU "accel-cpu"

OBJECT_DECLARE_TYPE(CPUState, CPUClass, CPU)

typedef struct AccelCPUClass AccelCPUClass;
/* Defined by each accelerator (its vCPU fd, thread state, ...). */
typedef struct AccelCPUState AccelCPUState;

/* A guest virtual address. */
typedef uint64_t vaddr;

/* Flags of cpu_dump_state(). */
#define CPU_DUMP_CODE 0x00010000
#define CPU_DUMP_FPU 0x00020000
#define CPU_DUMP_CCOP 0x00040000

/*
 * Bits of CPUState.interrupt_request, QEMU's numbering.  The TGT_* bits are
 * the target's (x86: machine/x86-cpu.h names them SMI, NMI, SIPI, ...).
 */
#define CPU_INTERRUPT_HARD 0x0002
#define CPU_INTERRUPT_EXITTB 0x0004
#define CPU_INTERRUPT_HALT 0x0020
#define CPU_INTERRUPT_DEBUG 0x0080
#define CPU_INTERRUPT_RESET 0x0400
#define CPU_INTERRUPT_TGT_EXT_0 0x0008
#define CPU_INTERRUPT_TGT_EXT_1 0x0010
#define CPU_INTERRUPT_TGT_EXT_2 0x0040
#define CPU_INTERRUPT_TGT_EXT_3 0x0200
#define CPU_INTERRUPT_TGT_EXT_4 0x1000
#define CPU_INTERRUPT_TGT_INT_0 0x0100
#define CPU_INTERRUPT_TGT_INT_1 0x0800
#define CPU_INTERRUPT_TGT_INT_2 0x2000

/* cpu_index before realize, and "no such CPU". */
#define UNASSIGNED_CPU_INDEX -1

struct CPUClass {
    DeviceClass parent_class;

    /*
     * The class for a -cpu model name ("SandyBridge"), or NULL.  Called on
     * the resolving type's class (machine/x86-cpu.h: CPU_RESOLVING_TYPE).
     */
    ObjectClass *(*class_by_name)(const char *cpu_model);
    /*
     * Apply the ",feat..." part of -cpu to the model typename (as -global
     * defaults for it, as QEMU does).  str is modifiable scratch.
     */
    bool (*parse_features)(const char *typename, char *str, Error **errp);

    /* Whether a halted CPU has something to do (a pending interrupt). */
    bool (*has_work)(CPUState *cpu);
    /* The architectural id (x86: the APIC ID). */
    int64_t (*get_arch_id)(CPUState *cpu);
    void (*set_pc)(CPUState *cpu, vaddr value);
    vaddr (*get_pc)(CPUState *cpu);
    bool (*get_paging_enabled)(CPUState *cpu);
    /* Append the register dump (CPU_DUMP_* flags) to buf. */
    void (*dump_state)(CPUState *cpu, GString *buf, int flags);

    /* What the CPU class overrides of its parent, for chaining. */
    DeviceRealize parent_realize;
    DeviceUnrealize parent_unrealize;
    DeviceReset parent_reset;

    /* Set by cpu_accel_attach(); NULL while no accelerator is chosen. */
    AccelCPUClass *accel_cpu;
};

struct CPUState {
    DeviceState parent_obj;

    /* Index in the CPU list, from realize on (UNASSIGNED_CPU_INDEX before). */
    int cpu_index;
    /* Topology, set by the board before realize: per package (-smp). */
    int nr_cores;   /* cores per die */
    int nr_threads; /* threads per core */
    /* The board's request: keep this CPU stopped until it is started. */
    bool start_powered_off;

    /*
     * Run state, maintained by the accelerator and the main loop with
     * QEMU's meaning: halted (HLT or waiting for SIPI), stop (asked to
     * pause) and stopped (has paused), created (its thread runs), running
     * (inside the guest right now), exit_request (leave the guest soon).
     */
    uint32_t halted;
    bool stop;
    bool stopped;
    bool created;
    bool running;
    bool unplug;
    bool crash_occurred;
    bool exit_request;
    bool vcpu_dirty; /* env is newer than the accelerator's copy */
    uint32_t interrupt_request;
    int exception_index;
    int singlestep_enabled;

    /* The vCPU thread: an opaque handle and the host thread id. */
    void *thread;
    int thread_id;

    /* The accelerator's per-vCPU state (opaque here). */
    AccelCPUState *accel;
    /* The target's architectural state (CPUX86State *). */
    void *env_ptr;

    /* Next CPU on the global list (CPU_FOREACH); NULL at the end. */
    CPUState *list_next;
};

/*
 * An accelerator's hooks into every CPU, installed by cpu_accel_attach().
 * The accelerator registers a subclass of TYPE_ACCEL_CPU named after
 * itself ("kvm-accel-" CPU_RESOLVING_TYPE, as QEMU does).
 */
struct AccelCPUClass {
    ObjectClass parent_class;

    /* Once per CPU class, when attached. */
    void (*cpu_class_init)(CPUClass *cc);
    /* At the end of every CPU's instance_init (accelerator defaults). */
    void (*cpu_instance_init)(CPUState *cpu);
    /* During realize, after the target's checks; false with errp to fail. */
    bool (*cpu_realizefn)(CPUState *cpu, Error **errp);
};

#define ACCEL_CPU_CLASS(klass)                                                 \
    OBJECT_CLASS_CHECK(AccelCPUClass, (klass), TYPE_ACCEL_CPU)

/* ---- The CPU list ---- */

/* The first realized CPU (lowest cpu_index), or NULL. */
CPUState *cpu_list_first(void);
#define first_cpu (cpu_list_first())
#define CPU_NEXT(cpu) ((cpu)->list_next)
#define CPU_FOREACH(cpu)                                                       \
    for ((cpu) = cpu_list_first(); (cpu); (cpu) = (cpu)->list_next)

/* Number of realized CPUs. */
unsigned int cpu_list_length(void);
/* The CPU with that cpu_index, or NULL. */
CPUState *qemu_get_cpu(int index);
/* The CPU with that architectural id (x86: APIC ID), or NULL. */
CPUState *cpu_by_arch_id(int64_t id);
bool cpu_exists(int64_t id);

/* ---- Models and creation ---- */

/*
 * The class of -cpu model cpu_model, looked up through typename's
 * class_by_name; NULL if there is none or it is abstract.
 */
ObjectClass *cpu_class_by_name(const char *typename, const char *cpu_model);

/*
 * Parse a -cpu argument "MODEL[,feature...]": find the model (error
 * "unable to find CPU model 'foo'", QEMU's text), hand the features to
 * its class's parse_features, and return the QOM type name to create
 * CPUs with (static; NULL with errp on error).
 */
const char *parse_cpu_option(const char *cpu_option, Error **errp);

/*
 * object_new(typename) and realize it.  QEMU's cpu_create() exits on
 * failure; this one returns NULL with errp and leaves nothing behind.
 */
CPUState *cpu_create(const char *typename, Error **errp);

/* Reset to the power-on state (the class's reset, via the device). */
void cpu_reset(CPUState *cpu);
bool cpu_has_work(CPUState *cpu);
void cpu_set_pc(CPUState *cpu, vaddr value);
/* Append the register dump (see CPUClass.dump_state) to buf. */
void cpu_dump_state(CPUState *cpu, GString *buf, int flags);

/* ---- Accelerators ---- */

/*
 * Attach acc to every CPU class: set CPUClass.accel_cpu and run
 * acc->cpu_class_init on each.  Done once, when the accelerator is
 * initialised, before any CPU is created.  NULL detaches (tests).
 */
void cpu_accel_attach(AccelCPUClass *acc);

#endif /* MACHINE_CPU_H */
