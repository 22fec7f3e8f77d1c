/*
 * DMA for the device fuzzer: when a device reads guest RAM, the bytes
 * are filled on demand from the input's current pattern, so that
 * descriptors and buffers come from the input without the input having
 * to know where the device will look.  Each range is filled once per op
 * (a second fetch in the same op sees the same bytes: double fetches
 * show), within limits per fill and per input.  Every fill is reported
 * to the trace as a qtest "write" line, so that a replay puts the same
 * bytes there before the op.  The RAM the input touched (fills and the
 * devices' own DMA writes) is cleared after the input.
 */
#ifndef FUZZ_DMA_H
#define FUZZ_DMA_H

#include <stddef.h>
#include <stdint.h>

#define FUZZ_DMA_FILL_MAX 0x10000     /* bytes per fill */
#define FUZZ_DMA_INPUT_MAX 0x200000   /* bytes filled per input */
#define FUZZ_DMA_PATTERNS 32

/* Called with each fill, as a qtest line to trace. */
typedef void (*FuzzTraceFn)(const char *line);

/* Install the memory hooks (once). */
void fuzz_dma_init(FuzzTraceFn trace);
/*
 * A pattern: data repeated, and the byte at index of each repetition
 * increased by stride times the repetition's number (so that a device
 * walking a list of descriptors sees different ones).
 */
void fuzz_dma_add_pattern(const uint8_t *data, size_t len, uint8_t index,
                          uint8_t stride);
void fuzz_dma_clear_patterns(void);
/* A new op starts: every range may be filled once again. */
void fuzz_dma_op_start(void);
/* The input is over: forget the patterns, zero the RAM it touched. */
void fuzz_dma_input_end(void);

#endif /* FUZZ_DMA_H */
