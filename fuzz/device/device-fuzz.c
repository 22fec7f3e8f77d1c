/*
 * The device fuzzer (fuzz/README.md): one machine, created once from a
 * command line with the qtest accelerator; each input is a list of ops
 * that reach the target's regions through the in-process qtest server,
 * then the machine is reset, the RAM the input touched cleared, and every
 * device's state checked against the state after the first reset.
 *
 * Input: chunks separated by the 4 bytes "FUZZ".  A chunk's first byte
 * picks the op (modulo their number), the rest are its operands, little
 * endian, missing bytes read as zero:
 *
 *   in         region:1 size:1 offset:4
 *   out        region:1 size:1 offset:4 value:4
 *   read       region:1 size:1 offset:4
 *   write      region:1 size:1 offset:4 value:8
 *   pci_read   function:1 size:1 offset:1
 *   pci_write  function:1 size:1 offset:1 value:4
 *   pci_off    (no operands: PCI configuration ops end for this input)
 *   dma_add    index:1 stride:1 data:rest   (fuzz-dma.h)
 *   dma_clear
 *   clock_step (to the next timer deadline, as QEMU's generic-fuzz)
 *
 * Regions and functions are picked modulo the ones mapped now; offsets
 * modulo the region's size, and the size (1, 2, 4, 8 bytes; 4 at most
 * for ports) halved until the access fits.  Before the ops, the BARs of
 * the target's PCI functions get addresses and the functions are enabled.
 *
 * EMU_FUZZ_TRACE=1 prints every qtest line sent to stderr ("[trace] "),
 * DMA fills as "[trace-dma] " lines, and the command line first
 * ("[trace-args] "); fuzz/device-to-qtest turns that into a qtest trace.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "fuzz-dma.h"
#include "fuzz-machine.h"
#include "fuzz-regions.h"
#include "fuzz-targets.h"
#include "machine/cpu.h"
#include "machine/cpus.h"
#include "machine/pci-regs.h"
#include "qom/object.h"
#include "qtest/qtest.h"
#include "util/timer.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum {
    OP_IN,
    OP_OUT,
    OP_READ,
    OP_WRITE,
    OP_PCI_READ,
    OP_PCI_WRITE,
    OP_PCI_OFF,
    OP_DMA_ADD,
    OP_DMA_CLEAR,
    OP_CLOCK_STEP,
    OP_COUNT,
};

/* Where the harness puts the BARs (libqpci's windows). */
#define FUZZ_PCI_IO_BASE 0xc000
#define FUZZ_PCI_MEM_BASE 0xe0000000u

static QTestServer *server;
static const FuzzTarget *target;
static bool tracing;
static bool pci_off;

/* The server's answers; ERR/FAIL means the harness sent a bad line. */
static void server_send(void *opaque, const char *buf, size_t len)
{
    if ((len >= 3 && !strncmp(buf, "ERR", 3)) ||
        (len >= 4 && !strncmp(buf, "FAIL", 4))) {
        fprintf(stderr, "fuzz: the qtest server refused a request: %.*s",
                (int)len, buf);
        abort();
    }
}

static void trace_dma(const char *line)
{
    if (tracing) {
        fprintf(stderr, "[trace-dma] %s\n", line);
    }
}

static void G_GNUC_PRINTF(1, 2) qt(const char *fmt, ...)
{
    char line[128];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
    va_end(ap);
    if (tracing) {
        fprintf(stderr, "[trace] %s\n", line);
    }
    line[n] = '\n';
    qtest_server_feed(server, line, n + 1);
}

/* The operand reader: bytes past the chunk's end read as zero. */
typedef struct Operands {
    const uint8_t *p;
    size_t len;
} Operands;

static uint64_t take(Operands *o, unsigned n)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < n; i++) {
        if (o->len) {
            v |= (uint64_t)*o->p << (8 * i);
            o->p++;
            o->len--;
        }
    }
    return v;
}

static const char size_letter[] = {'b', 'w', 'l', 'q'};

/* Size 1 << (pick % max_log2 + 1 choices), halved until it fits. */
static unsigned fit_size(uint8_t pick, unsigned choices, uint64_t offset,
                         uint64_t region_size)
{
    unsigned log2 = pick % choices;

    while (log2 && offset + (1u << log2) > region_size) {
        log2--;
    }
    return log2;
}

static void op_port_or_mmio(Operands *o, bool io, bool is_write)
{
    uint8_t pick = take(o, 1), size = take(o, 1);
    uint64_t offset = take(o, 4), value;
    unsigned log2;
    FuzzRange r;

    if (!fuzz_regions_pick(io, pick, &r)) {
        return;
    }
    offset %= r.size;
    log2 = fit_size(size, io ? 3 : 4, offset, r.size);
    value = take(o, io ? 4 : 8) & (~0ull >> (64 - (8 << log2)));
    if (io && is_write) {
        qt("out%c 0x%" PRIx64 " 0x%" PRIx64, size_letter[log2],
           r.addr + offset, value);
    } else if (io) {
        qt("in%c 0x%" PRIx64, size_letter[log2], r.addr + offset);
    } else if (is_write) {
        qt("write%c 0x%" PRIx64 " 0x%" PRIx64, size_letter[log2],
           r.addr + offset, value);
    } else {
        qt("read%c 0x%" PRIx64, size_letter[log2], r.addr + offset);
    }
}

/* Configuration mechanism #1: the address at 0xcf8, data at 0xcfc. */
static uint32_t pci_cfg_addr(PCIDevice *dev, uint8_t offset)
{
    return 0x80000000u | (uint32_t)pci_dev_bus_num(dev) << 16 |
           (uint32_t)dev->devfn << 8 | (offset & 0xfc);
}

static void op_pci(Operands *o, bool is_write)
{
    uint8_t pick = take(o, 1), size = take(o, 1), offset = take(o, 1);
    uint32_t value = take(o, 4);
    unsigned log2 = size % 3;
    PCIDevice *dev;

    if (pci_off || !fuzz_pci_count()) {
        return;
    }
    dev = fuzz_pci_device(pick % fuzz_pci_count());
    offset &= ~((1u << log2) - 1);
    qt("outl 0xcf8 0x%" PRIx32, pci_cfg_addr(dev, offset));
    if (is_write) {
        value &= 0xffffffffu >> (32 - (8 << log2));
        qt("out%c 0x%x 0x%" PRIx32, size_letter[log2], 0xcfc + (offset & 3),
           value);
    } else {
        qt("in%c 0x%x", size_letter[log2], 0xcfc + (offset & 3));
    }
}

static void pci_cfg_writel(PCIDevice *dev, uint8_t offset, uint32_t value)
{
    qt("outl 0xcf8 0x%" PRIx32, pci_cfg_addr(dev, offset));
    qt("outl 0xcfc 0x%" PRIx32, value);
}

/* Give the target's functions' BARs addresses, enable them. */
static void pci_setup(void)
{
    uint64_t io_next = FUZZ_PCI_IO_BASE, mem_next = FUZZ_PCI_MEM_BASE;

    for (unsigned i = 0; i < fuzz_pci_count(); i++) {
        PCIDevice *dev = fuzz_pci_device(i);

        for (int bar = 0; bar < PCI_ROM_SLOT; bar++) {
            PCIIORegion *r = &dev->io_regions[bar];
            uint64_t *next;

            if (!r->size) {
                continue;
            }
            next = (r->type & PCI_BASE_ADDRESS_SPACE_IO) ? &io_next : &mem_next;
            *next = (*next + r->size - 1) & ~(r->size - 1);
            pci_cfg_writel(dev, PCI_BASE_ADDRESS_0 + 4 * bar, (uint32_t)*next);
            if (r->type & PCI_BASE_ADDRESS_MEM_TYPE_64) {
                pci_cfg_writel(dev, PCI_BASE_ADDRESS_0 + 4 * bar + 4,
                               (uint32_t)(*next >> 32));
                bar++;
            }
            *next += r->size;
        }
        pci_cfg_writel(dev, PCI_COMMAND,
                       PCI_COMMAND_IO | PCI_COMMAND_MEMORY |
                           PCI_COMMAND_MASTER);
    }
}

static void run_op(const uint8_t *chunk, size_t len)
{
    Operands o = {chunk + 1, len - 1};
    uint8_t index, stride;

    fuzz_dma_op_start();
    if (target->as_cpu) {
        current_cpu = first_cpu;
    }
    switch (chunk[0] % OP_COUNT) {
    case OP_IN:
        op_port_or_mmio(&o, true, false);
        break;
    case OP_OUT:
        op_port_or_mmio(&o, true, true);
        break;
    case OP_READ:
        op_port_or_mmio(&o, false, false);
        break;
    case OP_WRITE:
        op_port_or_mmio(&o, false, true);
        break;
    case OP_PCI_READ:
        op_pci(&o, false);
        break;
    case OP_PCI_WRITE:
        op_pci(&o, true);
        break;
    case OP_PCI_OFF:
        pci_off = true;
        break;
    case OP_DMA_ADD:
        index = take(&o, 1);
        stride = take(&o, 1);
        fuzz_dma_add_pattern(o.p, o.len, index, stride);
        break;
    case OP_DMA_CLEAR:
        fuzz_dma_clear_patterns();
        break;
    case OP_CLOCK_STEP:
        /*
         * To the next deadline: one timer's expiry per op.  A step by a
         * given time ran one callback per period, millions of them for
         * an HPET comparator 16 ticks apart (a timeout, not a bug).
         * With nothing pending the server would refuse the request.
         */
        if (qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL,
                                       QEMU_TIMER_ATTR_ALL) >= 0) {
            qt("clock_step");
        }
        break;
    }
    current_cpu = NULL;
    fuzz_machine_flush();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t sep[4] = {'F', 'U', 'Z', 'Z'};
    const uint8_t *end = data + size;

    pci_setup();
    while (data < end) {
        const uint8_t *next = memmem(data, end - data, sep, sizeof(sep));
        const uint8_t *chunk_end = next ? next : end;

        if (chunk_end > data) {
            run_op(data, chunk_end - data);
        }
        data = next ? next + sizeof(sep) : end;
    }
    fuzz_machine_reset();
    pci_off = false;
    return 0;
}

/* --fuzz-target=NAME, or a "-target-NAME" suffix of the program name. */
static const char *target_name(int argc, char **argv)
{
    const char *suffix = strstr(argv[0], "-target-");

    for (int i = 1; i < argc; i++) {
        if (g_str_has_prefix(argv[i], "--fuzz-target=")) {
            return argv[i] + strlen("--fuzz-target=");
        }
    }
    return suffix ? suffix + strlen("-target-") : NULL;
}

static void G_GNUC_NORETURN usage(const char *prog, const char *error)
{
    fprintf(stderr, "%s: %s\nusage: %s --fuzz-target=NAME [libFuzzer flags]"
            " [inputs]\ntargets:\n", prog, error, prog);
    for (const FuzzTarget *t = fuzz_targets(); t->name; t++) {
        fprintf(stderr, "  %-8s %s\n", t->name, t->what);
    }
    exit(1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *prog = (*argv)[0];
    const char *name = target_name(*argc, *argv);
    const FuzzTarget *t = name ? fuzz_target_find(name) : NULL;
    const char *args, *objects;

    target = t;
    if (!t) {
        usage(prog, name ? "unknown target" : "no target");
    }
    args = getenv("EMU_FUZZ_ARGS") ? getenv("EMU_FUZZ_ARGS") : t->args;
    objects = getenv("EMU_FUZZ_OBJECTS") ? getenv("EMU_FUZZ_OBJECTS")
                                         : t->objects;
    tracing = getenv("EMU_FUZZ_TRACE") != NULL;
    fuzz_machine_create(prog, args, tracing, trace_dma);
    server = qtest_server_new(server_send, NULL);
    fuzz_regions_init(objects);
    if (fuzz_has_arg(*argc, *argv, "-runs=0")) {
        pci_setup();
        printf("target %s: %s\nmachine: %s %s\nobjects: %s\n"
               "fuzzed (PCI BARs as each input maps them):\n",
               t->name, t->what, FUZZ_BASE_ARGS, args, objects);
        fuzz_regions_print(stdout);
        fflush(stdout);
    }
    fuzz_machine_ready();
    return 0;
}
