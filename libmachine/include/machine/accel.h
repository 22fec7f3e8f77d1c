/*
 * Accelerators: TYPE_ACCEL, the base class of what runs guest code (kvm,
 * tcg, qtest), and the choice among them, with QEMU 7.2's names,
 * selection rules and messages.
 *
 * An accelerator registers a concrete subclass named ACCEL_CLASS_NAME("kvm")
 * ("kvm-accel") and fills AccelClass; libmachine links none and finds
 * them by type name, so registering the type is all it takes to make
 * -accel NAME work.  configure_accelerators() turns -accel,
 * -machine accel= and -enable-kvm into one started accelerator.
 */
#ifndef MACHINE_ACCEL_H
#define MACHINE_ACCEL_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "machine/boards.h"
#include "machine/irq.h"
#include "machine/memory.h"
#include "qom/object.h"
#include "util/error-report.h"
#include "util/error.h"

#define TYPE_ACCEL "accel"
#define ACCEL_CLASS_SUFFIX "-" TYPE_ACCEL
/* The QOM type name of accelerator "name": ACCEL_CLASS_NAME("kvm"). */
#define ACCEL_CLASS_NAME(a) (a ACCEL_CLASS_SUFFIX)

OBJECT_DECLARE_TYPE(AccelState, AccelClass, ACCEL)

/* A guest-physical range: [start, start + size). */
typedef struct AccelReservedRange {
    hwaddr start;
    hwaddr size;
} AccelReservedRange;

struct AccelState {
    Object parent_obj;
};

struct AccelClass {
    ObjectClass parent_class;

    /* Display name, as in "falling back to KVM". */
    const char *name;
    /*
     * Start the accelerator for ms (ms->accelerator is already set): open
     * the device, create the VM, register memory listeners, attach the
     * accelerator's AccelCPUClass (cpu_accel_attach()).  Returns false
     * with errp on failure; the caller prefixes "failed to initialize
     * NAME: " and tries the next accelerator.
     */
    bool (*init_machine)(MachineState *ms, Error **errp);
    /* After the board is built; NULL: nothing. */
    void (*setup_post)(MachineState *ms, AccelState *accel);
    /* Whether [start_addr, +size) of as is backed for the accelerator. */
    bool (*has_memory)(MachineState *ms, AddressSpace *as, hwaddr start_addr,
                       hwaddr size);
    /* Set to true while this accelerator runs (kvm_enabled() & co). */
    bool *allowed;
    /*
     * GlobalProperty * the accelerator imposes on devices (applied before
     * the machine's); NULL: none.
     */
    GPtrArray *compat_props;
    /*
     * With the interrupt controllers in the kernel (KVM's kernel-irqchip):
     * the line that raises global system interrupt gsi there, which
     * boards connect instead of their own PIC and I/O APIC inputs; NULL
     * (or no hook): the board's controllers take interrupts.
     */
    qemu_irq (*get_gsi_irq)(AccelState *accel, unsigned gsi);
    /*
     * Guest-physical ranges the accelerator keeps for itself (KVM's TSS
     * and EPT identity map), which boards list as reserved in the memory
     * maps they give guests and firmware (QEMU's e820_add_entry from
     * kvm_arch_init).  Returns how many, in *ranges; NULL hook: none.
     */
    size_t (*reserved_ranges)(AccelState *accel,
                              const AccelReservedRange **ranges);
    /*
     * Whether the accelerator has the CPUs' local APICs of its own (KVM
     * with kernel-irqchip=on or split); NULL hook or false: the board
     * gives every CPU a userspace "apic" (TCG, qtest, KVM with
     * kernel-irqchip=off), as QEMU's x86_cpu_apic_create decides.
     */
    bool (*local_apic_in_kernel)(AccelState *accel);
    /*
     * The translator's statistics as text (QMP x-query-jit, HMP info
     * jit); NULL hook: the accelerator has no translator.
     */
    void (*dump_jit_info)(AccelState *accel, GString *buf);
};


/* One -accel option: accel=NAME plus its other keys. */
typedef struct AccelOptions {
    const char *name;
    /* key, value, key, value, ..., NULL (may be NULL): set as properties. */
    const char *const *props;
    /* Where it was given (loc_save()), for messages; NULL: none. */
    Location *loc;
} AccelOptions;

/*
 * The accelerator class for -accel name ("kvm" finds "kvm-accel"); NULL
 * if no such accelerator is registered.
 */
AccelClass *accel_find(const char *opt_name);
/* current_machine's accelerator, or NULL. */
AccelState *current_accel(void);

/*
 * Start accel for ms: set ms->accelerator, *allowed, call init_machine;
 * on success install the accelerator's compat properties.  On failure
 * ms->accelerator is NULL again and errp holds init_machine's error.
 */
bool accel_init_machine(AccelState *accel, MachineState *ms, Error **errp);
/* Call the running accelerator's setup_post (after the board init). */
void accel_setup_post(MachineState *ms);
/* The running accelerator's get_gsi_irq(gsi), or NULL. */
qemu_irq accel_get_gsi_irq(unsigned gsi);
/* The running accelerator's reserved ranges (0 and NULL: none). */
size_t accel_reserved_ranges(const AccelReservedRange **ranges);
/* The running accelerator's local_apic_in_kernel() (none: false). */
bool accel_local_apic_in_kernel(void);

/*
 * Choose and start the accelerator, as QEMU 7.2's configure_accelerators:
 *
 * - the nr_accels -accel options, tried in order; they exclude ms->accel
 *   (-machine accel=, which -enable-kvm sets to "kvm"): "The -accel and
 *   "-machine accel=" options are incompatible";
 * - else ms->accel, a ':'-separated list ("kvm:tcg"), unknown names
 *   dropped first with "invalid accelerator NAME";
 * - else the default: "tcg:kvm" ("kvm:tcg" when progname ends in "kvm")
 *   among those registered; none registered: "No accelerator selected
 *   and no default accelerator available".
 *
 * Each accelerator is created, its -accel keys set as properties (an
 * error there ends the choice), the machine's compat properties applied,
 * and started; the first that starts wins.  As in QEMU, every accelerator
 * that could not be used is reported on stderr, at its -accel's location,
 * as the choice goes on ("invalid accelerator foo", "failed to initialize
 * kvm: ..."), and "falling back to NAME" when a later one started.  A
 * name QEMU knows but emu does not provide yet ("kvm", "tcg", "qtest")
 * reads "accelerator 'kvm' is not supported yet".
 *
 * When nothing started, returns false and errp holds the last failure
 * (not printed); this function pushes that -accel's location while it
 * sets errp, so with errp == &error_fatal the message is printed exactly
 * as QEMU prints it ("emu: -accel kvm: accelerator 'kvm' is not
 * supported yet").  Nothing tried at all: "no accelerator found".
 */
bool configure_accelerators(MachineState *ms, const AccelOptions *accels,
                            size_t nr_accels, const char *progname,
                            Error **errp);

#endif /* MACHINE_ACCEL_H */
