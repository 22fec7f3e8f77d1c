/*
 * memory-bench: the cost of the memory API's hot paths.  There is no
 * in-process QEMU to compare with, so each figure is printed beside a
 * baseline measured in the same run that does the same work without the
 * memory API: a direct call of the device's callback for MMIO, memcpy or
 * a plain load for RAM, and a qsort of the view's boundaries for a flat
 * view rebuild.  ratio = emu / baseline (operations per second): the
 * fraction of the bare speed that survives dispatch.
 *
 * usage: memory-bench [seconds-per-measurement]   (default 0.5)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "machine/memory.h"

static double seconds = 0.5;
static volatile uint64_t sink;

typedef void (*BenchFn)(void *ctx, long n);

/* Operations per second of fn, grown until one run lasts `seconds`. */
static double measure(BenchFn fn, void *ctx)
{
    long n = 1000;

    for (;;) {
        gint64 t0 = g_get_monotonic_time();
        double dt;

        fn(ctx, n);
        dt = (g_get_monotonic_time() - t0) / 1e6;
        if (dt >= seconds) {
            return n / dt;
        }
        n = dt > 0.01 ? (long)(n * (seconds / dt) * 1.1) : n * 10;
    }
}

static void report(const char *what, double emu, double ref)
{
    printf("%-34s %14.0f %14.0f %8.3f\n", what, emu, ref, emu / ref);
}

/* ---- A device: 64 registers of 32 bits ---------------------------------- */

#define MMIO_BASE 0xfebf0000ULL
#define RAM_SIZE (16 * 1024 * 1024)

static uint32_t regs[16];

static uint64_t dev_read(void *opaque, hwaddr addr, unsigned size)
{
    return regs[(addr >> 2) & 15];
}

static void dev_write(void *opaque, hwaddr addr, uint64_t data, unsigned size)
{
    regs[(addr >> 2) & 15] = data;
}

static const MemoryRegionOps dev_ops = {
    .read = dev_read,
    .write = dev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 4,
    .impl.min_access_size = 4,
    .impl.max_access_size = 4,
};

/* Through a volatile pointer, so the baseline is a real indirect call. */
static uint64_t (*volatile direct_read)(void *, hwaddr, unsigned) = dev_read;
static void (*volatile direct_write)(void *, hwaddr, uint64_t,
                                     unsigned) = dev_write;

static void mmio_read_as(void *ctx, long n)
{
    uint32_t v;

    for (long i = 0; i < n; i++) {
        address_space_read(&address_space_memory, MMIO_BASE + ((i << 2) & 0x3c),
                           MEMTXATTRS_UNSPECIFIED, &v, 4);
        sink += v;
    }
}

static void mmio_read_direct(void *ctx, long n)
{
    for (long i = 0; i < n; i++) {
        sink += direct_read(NULL, (i << 2) & 0x3c, 4);
    }
}

static void mmio_write_as(void *ctx, long n)
{
    for (long i = 0; i < n; i++) {
        uint32_t v = i;

        address_space_write(&address_space_memory,
                            MMIO_BASE + ((i << 2) & 0x3c),
                            MEMTXATTRS_UNSPECIFIED, &v, 4);
    }
}

static void mmio_write_direct(void *ctx, long n)
{
    for (long i = 0; i < n; i++) {
        direct_write(NULL, (i << 2) & 0x3c, i, 4);
    }
}

/* Alternate between two far-apart devices: the lookup hint misses. */
static void mmio_read_far(void *ctx, long n)
{
    uint32_t v;

    for (long i = 0; i < n; i++) {
        hwaddr a = (i & 1) ? MMIO_BASE : 0x100000000ULL + 0x2000 * (i & 511);

        address_space_read(&address_space_memory, a, MEMTXATTRS_UNSPECIFIED, &v,
                           4);
        sink += v;
    }
}

/* ---- RAM ------------------------------------------------------------------
 */

static uint8_t *ram_host;

static void ram_read_as(void *ctx, long n)
{
    uint32_t v;

    for (long i = 0; i < n; i++) {
        address_space_read(&address_space_memory,
                           (i * 4096 + 64) & (RAM_SIZE - 1),
                           MEMTXATTRS_UNSPECIFIED, &v, 4);
        sink += v;
    }
}

static void ram_read_memcpy(void *ctx, long n)
{
    uint32_t v;

    for (long i = 0; i < n; i++) {
        memcpy(&v, ram_host + ((i * 4096 + 64) & (RAM_SIZE - 1)), 4);
        /* Keep the copy from being folded into the sum. */
        __asm__ volatile("" : : "r"(&v) : "memory");
        sink += v;
    }
}

static void ram_ldl_phys(void *ctx, long n)
{
    for (long i = 0; i < n; i++) {
        sink += ldl_le_phys(&address_space_memory,
                            (i * 4096 + 64) & (RAM_SIZE - 1));
    }
}

static void ram_read4k_as(void *ctx, long n)
{
    static uint8_t buf[4096];

    for (long i = 0; i < n; i++) {
        address_space_read(&address_space_memory, (i * 4096) & (RAM_SIZE - 1),
                           MEMTXATTRS_UNSPECIFIED, buf, sizeof(buf));
        sink += buf[i & 4095];
    }
}

static void ram_read4k_memcpy(void *ctx, long n)
{
    static uint8_t buf[4096];

    for (long i = 0; i < n; i++) {
        memcpy(buf, ram_host + ((i * 4096) & (RAM_SIZE - 1)), sizeof(buf));
        __asm__ volatile("" : : "r"(buf) : "memory");
        sink += buf[i & 4095];
    }
}

/* ---- Flat view rebuild of 1,000 regions ------------------------------- */

#define NREGIONS 1000

static MemoryRegion many[NREGIONS];

/* Each toggle of one region's enable flag rebuilds the whole view. */
static void rebuild(void *ctx, long n)
{
    for (long i = 0; i < n; i++) {
        memory_region_set_enabled(&many[7], i & 1);
    }
    memory_region_set_enabled(&many[7], true);
}

static int u64_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

/* The floor of any rebuild: sorting the 2,000 range boundaries. */
static void sort_boundaries(void *ctx, long n)
{
    uint64_t keys[2 * NREGIONS];

    for (long i = 0; i < n; i++) {
        for (unsigned k = 0; k < 2 * NREGIONS; k++) {
            keys[k] = (k * 2654435761u + i) % (NREGIONS * 0x2000);
        }
        qsort(keys, 2 * NREGIONS, sizeof(keys[0]), u64_cmp);
        sink += keys[i % (2 * NREGIONS)];
    }
}

int main(int argc, char **argv)
{
    MemoryRegion ram, mmio;
    double r1, r2;

    if (argc > 1) {
        seconds = atof(argv[1]);
        if (seconds <= 0) {
            fprintf(stderr, "memory-bench: bad duration '%s'\n", argv[1]);
            return 1;
        }
    }
    memory_map_init();
    memory_region_init_ram(&ram, NULL, "pc.ram", RAM_SIZE, &error_fatal);
    memory_region_add_subregion(get_system_memory(), 0, &ram);
    ram_host = memory_region_get_ram_ptr(&ram);
    memset(ram_host, 0x5a, RAM_SIZE);
    memory_region_init_io(&mmio, NULL, &dev_ops, NULL, "dev", 0x1000);
    memory_region_add_subregion(get_system_memory(), MMIO_BASE, &mmio);

    /* 1,000 more I/O regions above 4 GiB, mapped in one transaction. */
    memory_region_transaction_begin();
    for (unsigned i = 0; i < NREGIONS; i++) {
        memory_region_init_io(&many[i], NULL, &dev_ops, NULL, "many", 0x1000);
        memory_region_add_subregion(get_system_memory(),
                                    0x100000000ULL + 0x2000ULL * i, &many[i]);
    }
    memory_region_transaction_commit();

    printf("%-34s %14s %14s %8s\n", "operation (per second)", "emu", "baseline",
           "ratio");
    report("MMIO read 4B (vs direct callback)", measure(mmio_read_as, NULL),
           measure(mmio_read_direct, NULL));
    report("MMIO write 4B (vs direct callback)", measure(mmio_write_as, NULL),
           measure(mmio_write_direct, NULL));
    report("MMIO read 4B, lookup miss", measure(mmio_read_far, NULL),
           measure(mmio_read_direct, NULL));
    r1 = measure(ram_read_memcpy, NULL);
    report("RAM read 4B (vs memcpy)", measure(ram_read_as, NULL), r1);
    report("RAM ldl_le_phys (vs memcpy)", measure(ram_ldl_phys, NULL), r1);
    report("RAM read 4 KiB (vs memcpy)", measure(ram_read4k_as, NULL),
           measure(ram_read4k_memcpy, NULL));
    r2 = measure(rebuild, NULL);
    report("view rebuild, 1002 ranges (vs qsort)", r2,
           measure(sort_boundaries, NULL));
    printf("\nflat view rebuild of %u regions: %.1f us\n", NREGIONS + 2,
           1e6 / r2);

    memory_map_cleanup();
    for (unsigned i = 0; i < NREGIONS; i++) {
        memory_region_destroy(&many[i]);
    }
    memory_region_destroy(&mmio);
    memory_region_destroy(&ram);
    return 0;
}
