/*
 * System reset, with QEMU's names: a list of handlers run in registration
 * order on every reset.  machine_create() registers the reset of the
 * whole device tree below the main system bus; boards add what is not a
 * device on that tree (CPUs, for instance).
 */
#ifndef MACHINE_RESET_H
#define MACHINE_RESET_H

typedef void QEMUResetHandler(void *opaque);

/* Run func(opaque) on every system reset, after those registered before. */
void qemu_register_reset(QEMUResetHandler *func, void *opaque);
/* Remove the first registration of func with opaque (if any). */
void qemu_unregister_reset(QEMUResetHandler *func, void *opaque);

/* Run every reset handler, in registration order. */
void qemu_devices_reset(void);

/*
 * Reset the machine: current_machine's MachineClass.reset if it has one
 * (boards chain to qemu_devices_reset() from it), else
 * qemu_devices_reset().
 */
void qemu_system_reset(void);

#endif /* MACHINE_RESET_H */
