/*
 * pvpanic: the paravirtual panic device, QEMU's ISA variant ("pvpanic",
 * one byte at ioport 0x505).  A guest reads the events the device
 * supports and writes one when it panics (Linux's pvpanic driver, bit 0)
 * or when its crash kernel is loaded (bit 1).
 *
 * What an event does is the application's policy (QEMU's -action panic=
 * and its GUEST_PANICKED / GUEST_CRASHLOADED QMP events): the emu binary
 * installs it with pvpanic_set_event_handler() (apps/emu/monitors.c).
 * Without a handler (a program that only links the device) a panic does
 * what QEMU 7.2 does by default and says so on stderr: the VM shuts down
 * (the main loop is asked to exit with status 0, QEMU's -action
 * panic=shutdown); a loaded crash kernel is only reported.
 */
#ifndef DEVICES_PVPANIC_H
#define DEVICES_PVPANIC_H

#define TYPE_PVPANIC_ISA_DEVICE "pvpanic"
#define PVPANIC_IOPORT_PROP "ioport"

/* The event bits (Linux's include/uapi/misc/pvpanic.h). */
#define PVPANIC_PANICKED (1 << 0)
#define PVPANIC_CRASH_LOADED (1 << 1)
/* What the device supports (the events property's default). */
#define PVPANIC_EVENTS (PVPANIC_PANICKED | PVPANIC_CRASH_LOADED)

/*
 * Called with the big lock held, from the guest's write, with exactly
 * one of PVPANIC_PANICKED or PVPANIC_CRASH_LOADED.
 */
typedef void PVPanicEventHandler(int event, void *opaque);

/* Install fn (NULL: back to the default described above). */
void pvpanic_set_event_handler(PVPanicEventHandler *fn, void *opaque);

#endif /* DEVICES_PVPANIC_H */
