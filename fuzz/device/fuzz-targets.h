/*
 * The device fuzzer's named targets: a command line (added to the base
 * one) and the QOM type / region name globs whose regions and PCI
 * functions the ops reach.  EMU_FUZZ_ARGS and EMU_FUZZ_OBJECTS, when set,
 * replace a target's.
 */
#ifndef FUZZ_TARGETS_H
#define FUZZ_TARGETS_H

#include <stdbool.h>

typedef struct FuzzTarget {
    const char *name;
    const char *args;    /* emu options, after FUZZ_BASE_ARGS */
    const char *objects; /* space-separated globs */
    const char *what;    /* one line for -runs=0 and --help */
    /*
     * The ops are CPU 0's own accesses (current_cpu set), so that its
     * local APIC's registers answer at 0xfee00000 instead of the MSI
     * window alone.  A qtest trace replays them as the MSI window.
     */
    bool as_cpu;
} FuzzTarget;

/*
 * What every target runs on: the qtest accelerator (no vCPU runs, the
 * virtual clock is the harness's) without a display.  A target's args
 * come after these.
 */
#define FUZZ_BASE_ARGS "-accel qtest -display none"

/* Every device emu has, on a pc machine (the "generic" target). */
#define FUZZ_ALL_DEVICES_ARGS                                              \
    "-M pc -m 16 -rtc base=2006-06-17T16:01:21,clock=vm "                  \
    "-serial null -chardev null,id=fuzz-null "                             \
    "-device isa-debugcon,chardev=fuzz-null -device isa-debug-exit "       \
    "-device pvpanic -device pc-testdev -device pci-testdev"

const FuzzTarget *fuzz_target_find(const char *name);
/* The table, ending with a NULL name. */
const FuzzTarget *fuzz_targets(void);

#endif /* FUZZ_TARGETS_H */
