/*
 * The device fuzzer's DMA fills and RAM clearing (see fuzz-dma.h).
 */
#include <string.h>

#include <glib.h>

#include "fuzz-dma.h"
#include "machine/memory.h"

typedef struct Pattern {
    uint8_t *data;
    size_t len;
    uint8_t index, stride;
} Pattern;

typedef struct Touched {
    uint8_t *host;
    hwaddr len;
} Touched;

static FuzzTraceFn trace_fn;
static Pattern patterns[FUZZ_DMA_PATTERNS];
static unsigned n_patterns, next_pattern;
static GArray *op_fills;   /* Fill: what this op filled */
static GArray *touched;    /* Touched: host RAM to zero after the input */
static size_t input_filled;

typedef struct Fill {
    hwaddr addr, len;
} Fill;

static void note_touched(uint8_t *host, hwaddr len)
{
    Touched t = {host, len};

    g_array_append_val(touched, t);
}

static bool filled_this_op(hwaddr addr, hwaddr len)
{
    for (guint i = 0; i < op_fills->len; i++) {
        Fill *f = &g_array_index(op_fills, Fill, i);

        if (addr < f->addr + f->len && f->addr < addr + len) {
            return true;
        }
    }
    return false;
}

static void trace_fill(hwaddr addr, const uint8_t *bytes, hwaddr len)
{
    GString *line = g_string_sized_new(32 + 2 * len);

    g_string_append_printf(line, "write 0x%" PRIx64 " 0x%" PRIx64 " 0x",
                           (uint64_t)addr, (uint64_t)len);
    for (hwaddr i = 0; i < len; i++) {
        g_string_append_printf(line, "%02x", bytes[i]);
    }
    trace_fn(line->str);
    g_string_free(line, true);
}

static void ram_read(AddressSpace *as, hwaddr addr, uint8_t *host, hwaddr len)
{
    Pattern *p;
    Fill f;

    if (!n_patterns || input_filled >= FUZZ_DMA_INPUT_MAX ||
        filled_this_op(addr, len)) {
        return;
    }
    if (len > FUZZ_DMA_FILL_MAX) {
        len = FUZZ_DMA_FILL_MAX;
    }
    if (len > FUZZ_DMA_INPUT_MAX - input_filled) {
        len = FUZZ_DMA_INPUT_MAX - input_filled;
    }
    p = &patterns[next_pattern++ % n_patterns];
    for (hwaddr i = 0; i < len; i++) {
        size_t rep = i / p->len, at = i % p->len;

        host[i] = p->data[at] +
                  (at == p->index % p->len ? (uint8_t)(rep * p->stride) : 0);
    }
    f = (Fill){addr, len};
    g_array_append_val(op_fills, f);
    note_touched(host, len);
    input_filled += len;
    if (trace_fn) {
        trace_fill(addr, host, len);
    }
}

static void ram_written(AddressSpace *as, hwaddr addr, hwaddr len)
{
    hwaddr done = 0;

    /* The host bytes behind [addr, addr + len), range by range. */
    while (done < len) {
        hwaddr avail;
        uint8_t *host = address_space_ram_ptr(as, addr + done, &avail, NULL);

        if (!host || !avail) {
            return;
        }
        if (avail > len - done) {
            avail = len - done;
        }
        note_touched(host, avail);
        done += avail;
    }
}

void fuzz_dma_init(FuzzTraceFn trace)
{
    trace_fn = trace;
    op_fills = g_array_new(false, false, sizeof(Fill));
    touched = g_array_new(false, false, sizeof(Touched));
    memory_set_ram_read_hook(ram_read);
    memory_set_ram_write_hook(ram_written);
}

void fuzz_dma_add_pattern(const uint8_t *data, size_t len, uint8_t index,
                          uint8_t stride)
{
    Pattern *p;

    if (!len) {
        return;
    }
    if (n_patterns == FUZZ_DMA_PATTERNS) {
        g_free(patterns[0].data);
        memmove(patterns, patterns + 1, sizeof(patterns[0]) * (n_patterns - 1));
        n_patterns--;
    }
    p = &patterns[n_patterns++];
    p->data = g_memdup2(data, len);
    p->len = len;
    p->index = index;
    p->stride = stride;
}

void fuzz_dma_clear_patterns(void)
{
    for (unsigned i = 0; i < n_patterns; i++) {
        g_free(patterns[i].data);
    }
    n_patterns = 0;
    next_pattern = 0;
}

void fuzz_dma_op_start(void)
{
    g_array_set_size(op_fills, 0);
}

void fuzz_dma_input_end(void)
{
    fuzz_dma_clear_patterns();
    fuzz_dma_op_start();
    for (guint i = 0; i < touched->len; i++) {
        Touched *t = &g_array_index(touched, Touched, i);

        memset(t->host, 0, t->len);
    }
    g_array_set_size(touched, 0);
    input_filled = 0;
}
