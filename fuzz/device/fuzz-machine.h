/*
 * The machine the device, qtest and qmp fuzzers drive: created once in
 * the process from a command line under the qtest accelerator, and
 * brought back to the same state after every input (fuzz/README.md,
 * "Between inputs").
 */
#ifndef FUZZ_MACHINE_H
#define FUZZ_MACHINE_H

#include <stdbool.h>

#include "fuzz-dma.h"

/*
 * Create the machine from FUZZ_BASE_ARGS and args (exits with a message
 * if it cannot be), with the big lock held from then on; trace gets the
 * DMA fills (NULL: none).  Then fuzz_machine_ready() once the caller has
 * set up what it needs (the reference state is taken there).
 */
void fuzz_machine_create(const char *prog, const char *args, bool tracing,
                         FuzzTraceFn trace);
void fuzz_machine_ready(void);
/* What the main loop would do next: bottom halves, ready fds. */
void fuzz_machine_flush(void);
/*
 * After an input: RAM cleared, clock rewound, persistent state put back,
 * the machine reset; then every device's state is checked (aborts on a
 * difference).
 */
void fuzz_machine_reset(void);
/* The same without the check (for the reference state). */
void fuzz_machine_reset_only(void);
/* argv has this exact argument. */
bool fuzz_has_arg(int argc, char **argv, const char *arg);

#endif /* FUZZ_MACHINE_H */
