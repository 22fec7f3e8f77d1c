/*
 * The kernel image fuzzer: an input is a -kernel file (after one byte of
 * choices) for libmachine's loaders, which parse what the user gives
 * them: Linux bzImage headers, multiboot headers, ELF program headers.
 * Whatever the bytes, a loader either loads the image into RAM of the
 * pc board's memory map or fails with one Error; it never writes outside
 * RAM (the target aborts if it does), and on success the entry point is
 * in RAM.
 *
 * Byte 0: bits 0-1 the loader (0: probe as -kernel does, 1: Linux, 2:
 * multiboot, 3: ELF), bit 2 the Linux 32-bit entry, bit 3 an -initrd (a
 * fixed 8 KiB image), bit 4 an -append line.  The rest is the file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <glib.h>

#include "machine/loader.h"
#include "util/error.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RAM_SIZE (64u << 20)

static uint8_t *ram;
static LoaderTarget target;
static LoaderMemRange map[5];
static uint8_t initrd_data[8192];

static bool ram_write(void *opaque, uint64_t addr, const void *buf, size_t len,
                      Error **errp)
{
    bool in_ram = false;

    for (size_t i = 0; i < G_N_ELEMENTS(map); i++) {
        if (map[i].type == LOADER_MEM_RAM && addr >= map[i].addr &&
            len <= map[i].size && addr - map[i].addr <= map[i].size - len) {
            in_ram = true;
        }
    }
    if (!in_ram) {
        fprintf(stderr, "fuzz-kernel: a loader wrote 0x%zx bytes at 0x%llx, "
                "outside RAM\n", len, (unsigned long long)addr);
        abort();
    }
    memcpy(ram + addr, buf, len);
    return true;
}

static bool entry_in_ram(const BootState *bs)
{
    uint64_t rip = bs->rip;

    if (bs->mode == BOOT_MODE_REAL) {
        rip += (uint64_t)bs->cs.selector << 4;
    }
    return rip < RAM_SIZE;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t how = size ? data[0] : 0;
    LoaderFile *kernel, *initrd = NULL;
    const char *cmdline = (how & 0x10) ? "console=ttyS0 root=/dev/vda" : NULL;
    Error *err = NULL;
    BootState bs;
    bool ok = false;

    if (size) {
        data++;
        size--;
    }
    kernel = loader_file_new_from_data("vmlinuz", "-kernel vmlinuz", data, size);
    if (how & 0x08) {
        initrd = loader_file_new_from_data("initrd", "-initrd initrd",
                                           initrd_data, sizeof(initrd_data));
    }
    memset(&bs, 0, sizeof(bs));
    switch (how & 3) {
    case 0:
        switch (loader_probe_kernel(kernel)) {
        case LOADER_FORMAT_LINUX:
            goto load_linux;
        case LOADER_FORMAT_MULTIBOOT:
            goto load_multiboot;
        case LOADER_FORMAT_ELF:
            goto load_elf;
        default:
            ok = loader_load_raw(&target, kernel, 0x7c00, BOOT_MODE_REAL, &bs,
                                 &err);
            break;
        }
        break;
    case 1:
    load_linux:
        ok = loader_load_linux(&target, kernel, initrd, cmdline,
                               (how & 4) ? LOADER_LINUX_ENTRY_32
                                         : LOADER_LINUX_ENTRY_64,
                               &bs, &err);
        break;
    case 2:
    load_multiboot:
        /* No modules: their specs name host files. */
        ok = loader_load_multiboot(&target, kernel, cmdline, NULL, &bs, &err);
        break;
    case 3:
    load_elf:
        ok = loader_load_elf(&target, kernel, &bs, &err);
        break;
    }
    if (ok == (err != NULL) || (ok && !entry_in_ram(&bs))) {
        fprintf(stderr, "fuzz-kernel: ok=%d, error %s, entry 0x%llx\n", ok,
                err ? error_get_pretty(err) : "none",
                (unsigned long long)bs.rip);
        abort();
    }
    if (err) {
        error_free(err);
    }
    loader_file_free(kernel);
    if (initrd) {
        loader_file_free(initrd);
    }
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    size_t n = 0;

    ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (ram == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    /* The pc board's map below 4 GiB. */
    map[n++] = (LoaderMemRange){0, 0x9fc00, LOADER_MEM_RAM};
    map[n++] = (LoaderMemRange){0x9fc00, 0x400, LOADER_MEM_RESERVED};
    map[n++] = (LoaderMemRange){0xf0000, 0x10000, LOADER_MEM_RESERVED};
    map[n++] = (LoaderMemRange){0x100000, RAM_SIZE - 0x100000, LOADER_MEM_RAM};
    map[n++] = (LoaderMemRange){0xfffc0000, 0x40000, LOADER_MEM_RESERVED};
    target = (LoaderTarget){map, n, ram_write, NULL};
    memset(initrd_data, 0x5a, sizeof(initrd_data));
    for (int i = 1; i < *argc; i++) {
        if (!strcmp((*argv)[i], "-runs=0")) {
            printf("kernel: -kernel images for the Linux, multiboot, ELF and "
                   "raw loaders, %u MiB of RAM in the pc map\n",
                   RAM_SIZE >> 20);
        }
    }
    return 0;
}
