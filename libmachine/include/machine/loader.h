/*
 * Boot loaders: put a kernel (Linux bzImage, multiboot, ELF or raw image)
 * into guest memory and describe the CPU state it must be entered with.
 *
 * The loaders know nothing of accelerators or of the memory API.  The
 * board describes guest RAM with a LoaderTarget: its memory map (the
 * e820 table it will publish) and a write callback that stores bytes at
 * a guest-physical address.  A loader checks every destination against
 * the map, writes through the callback, and fills a BootState: the
 * processor mode, entry point and the registers the boot protocol
 * defines.  The CPU code turns the BootState into its register state.
 *
 * Every file is read through a LoaderFile, a bounded reader: each offset
 * and size taken from a file is checked against the file's size before
 * use, so a truncated or hostile image ends in an error, never a crash.
 *
 * Errors are one line, prefixed with the file's label, e.g.
 *   -kernel vmlinuz: kernel command line too long: 3000 bytes, the kernel
 *   accepts at most 2047
 * and reported by the caller as "emu: -kernel vmlinuz: ...".
 */
#ifndef MACHINE_LOADER_H
#define MACHINE_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

/* ---------------------------------------------------------------------- */
/* Guest memory as the board describes it                                 */

/* Memory range types, with the values of the ACPI/e820 address map. */
typedef enum LoaderMemType {
    LOADER_MEM_RAM = 1,
    LOADER_MEM_RESERVED = 2,
    LOADER_MEM_ACPI = 3,
    LOADER_MEM_NVS = 4,
    LOADER_MEM_UNUSABLE = 5,
} LoaderMemType;

typedef struct LoaderMemRange {
    uint64_t addr;
    uint64_t size;
    uint32_t type; /* LoaderMemType */
} LoaderMemRange;

/*
 * The guest memory a loader writes into.  map[] is the machine's memory
 * map, sorted by address, entries non-overlapping, non-empty and not
 * wrapping (the board's duty; checked with assertions).  It is copied
 * as is into the Linux e820 table and the multiboot memory map.  Loaders
 * write only inside LOADER_MEM_RAM ranges (adjacent RAM ranges count as
 * one).  write() stores len bytes at guest-physical addr; it is only
 * called for ranges inside RAM, and may fail (then it sets errp).
 */
typedef struct LoaderTarget {
    const LoaderMemRange *map;
    size_t map_len;
    bool (*write)(void *opaque, uint64_t addr, const void *buf, size_t len,
                  Error **errp);
    void *opaque;
} LoaderTarget;

/* ---------------------------------------------------------------------- */
/* The CPU state to enter the loaded image with                            */

typedef enum BootCpuMode {
    BOOT_MODE_REAL,   /* 16-bit real mode, CS:IP = cs.selector:rip */
    BOOT_MODE_PROT32, /* 32-bit protected mode, paging off */
    BOOT_MODE_LONG64, /* 64-bit mode, 4-level paging on */
} BootCpuMode;

/*
 * A segment register with its hidden part, as loaded from the descriptor
 * (or, in real mode, from selector << 4).  limit is in bytes (already
 * scaled by g); type is the descriptor's 4-bit type field with the
 * accessed bit set, as a processor leaves it after loading.
 */
typedef struct BootSegment {
    uint16_t selector;
    uint64_t base;
    uint32_t limit;
    uint8_t type;
    uint8_t dpl;
    bool s; /* code/data (true) or system segment */
    bool present;
    bool db; /* default operation size 32 bits */
    bool l;  /* 64-bit code segment */
    bool g;  /* 4 KiB granularity (limit given in bytes regardless) */
    bool avl;
} BootSegment;

typedef struct BootDescTable {
    uint64_t base;
    uint16_t limit;
} BootDescTable;

/*
 * The complete architectural state at entry; everything not listed is
 * the processor's reset value.  The GDT the protected/long mode states
 * use is written to guest memory by the loader (at LOADER_GDT_ADDR), and
 * cs/ds/... are exactly its descriptors, so a guest reloading a segment
 * gets the same values.
 *
 *   REAL:   cs/ds/es/fs/gs/ss from the raw loader's address; idt = the
 *           real-mode IVT (base 0, limit 0x3ff); cr0 = 0x60000010.
 *   PROT32: flat 4 GiB segments, cs = 0x10 (code, execute/read),
 *           ds = es = fs = gs = ss = 0x18 (data, read/write); cr0 = PE|ET.
 *   LONG64: cs = 0x10 64-bit code, data segments 0x18; cr0 = PE|ET|PG,
 *           cr4 = PAE, efer = LME|LMA, cr3 = identity-mapped page tables
 *           covering the first 4 GiB with 2 MiB pages.
 *
 * rflags is 0x2 (interrupts disabled) in every mode.  tr and ldtr hold
 * the processor's reset values (selector 0, base 0, limit 0xffff; tr a
 * busy TSS, ldtr an LDT), which hardware virtualization needs to be
 * present and which no boot protocol defines.
 *
 * Registers by protocol:
 *   Linux 64-bit:  rip = load address + 0x200, rsi = boot_params.
 *   Linux 32-bit:  rip = load address (code32_start), rsi = boot_params,
 *                  rbx = rbp = rdi = 0.
 *   multiboot:     rip = entry, rax = 0x2BADB002, rbx = info address.
 *   ELF, raw:      rip = entry, other registers 0.
 */
typedef struct BootState {
    BootCpuMode mode;
    uint64_t rip;
    uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
    uint64_t rflags;
    BootSegment cs, ds, es, fs, gs, ss, tr, ldtr;
    BootDescTable gdt, idt;
    uint64_t cr0, cr3, cr4, efer;
} BootState;

#define BOOT_CR0_PE (1ULL << 0)
#define BOOT_CR0_ET (1ULL << 4)
#define BOOT_CR0_PG (1ULL << 31)
#define BOOT_CR4_PAE (1ULL << 5)
#define BOOT_EFER_LME (1ULL << 8)
#define BOOT_EFER_LMA (1ULL << 10)

/* Linux x86 boot protocol: __BOOT_CS and __BOOT_DS (used for all modes). */
#define LOADER_BOOT_CS 0x10
#define LOADER_BOOT_DS 0x18

/*
 * Where the loaders put their own structures in low memory (below the
 * EBDA; a board must provide RAM there).  Kernel segments that collide
 * with them are refused with an error.
 */
#define LOADER_GDT_ADDR 0x500     /* 4 descriptors */
#define LOADER_BOOT_PARAMS 0x7000 /* Linux zero page, 4 KiB */
#define LOADER_PAGE_TABLES 0x9000 /* PML4, PDPT, 4 PDs: 24 KiB */
#define LOADER_PAGE_TABLES_END 0xf000
#define LOADER_CMDLINE_ADDR 0x20000     /* Linux command line */
#define LOADER_CMDLINE_MAX 0x10000      /* bytes, with the final NUL */
#define LOADER_LINUX_LOAD_ADDR 0x100000 /* bzImage protected-mode code */

/* ---------------------------------------------------------------------- */
/* Bounded file reader                                                    */

typedef struct LoaderFile LoaderFile;

/*
 * Open a regular file for reading.  label prefixes every error about this
 * file (e.g. "-kernel vmlinuz"); NULL means the path itself.
 */
LoaderFile *loader_file_open(const char *path, const char *label, Error **errp);
/* An in-memory file (the data is copied), named path, labelled label. */
LoaderFile *loader_file_new_from_data(const char *path, const char *label,
                                      const void *data, size_t size);
void loader_file_free(LoaderFile *f);

uint64_t loader_file_size(const LoaderFile *f);
const char *loader_file_path(const LoaderFile *f);
const char *loader_file_label(const LoaderFile *f);

/*
 * Read len bytes at offset.  Fails with "<label>: file too short: <what>
 * needs bytes 0x<a>-0x<b>, the file has <n> bytes" when the range is not
 * inside the file, or with the I/O error.
 */
bool loader_file_read(LoaderFile *f, uint64_t offset, void *buf, size_t len,
                      const char *what, Error **errp);

/* ---------------------------------------------------------------------- */
/* Loaders                                                                */

/* Which Linux entry the bzImage loader uses. */
typedef enum LoaderLinuxEntry {
    LOADER_LINUX_ENTRY_AUTO, /* 64-bit if the kernel has it, else 32-bit */
    LOADER_LINUX_ENTRY_64,   /* 64-bit boot protocol (error if absent) */
    LOADER_LINUX_ENTRY_32,   /* 32-bit boot protocol */
} LoaderLinuxEntry;

/*
 * Linux bzImage, x86 boot protocol 2.06 or later.  The protected-mode
 * kernel goes to LOADER_LINUX_LOAD_ADDR, boot_params to
 * LOADER_BOOT_PARAMS, the command line to LOADER_CMDLINE_ADDR, the
 * initrd (optional) as high as possible below initrd_addr_max and the
 * top of the RAM range at 1 MiB, 4 KiB aligned.  cmdline may be NULL.
 */
bool loader_load_linux(const LoaderTarget *t, LoaderFile *kernel,
                       LoaderFile *initrd, const char *cmdline,
                       LoaderLinuxEntry entry, BootState *bs, Error **errp);

/* Offset of a valid multiboot v1 header in f, or -1 if there is none. */
int64_t loader_multiboot_find_header(LoaderFile *f);

/*
 * Multiboot v1 (ELF32 or a.out kludge).  modules is the -initrd
 * argument: comma-separated module specs "file arg...", ",," for a comma;
 * each module gets the whole spec as its command line.  Modules are
 * opened with label "-initrd <file>".  cmdline and modules may be NULL.
 * The kernel's command line is "<path> <cmdline>", as GRUB and QEMU
 * pass it; the boot loader name is "emu".
 */
bool loader_load_multiboot(const LoaderTarget *t, LoaderFile *kernel,
                           const char *cmdline, const char *modules,
                           BootState *bs, Error **errp);

/*
 * Plain ELF32 (EM_386, entered in 32-bit protected mode) or ELF64
 * (EM_X86_64, entered in 64-bit mode): PT_LOAD segments at p_paddr,
 * bss zeroed; a virtual e_entry is translated through its segment.
 */
bool loader_load_elf(const LoaderTarget *t, LoaderFile *f, BootState *bs,
                     Error **errp);

/*
 * The whole file at addr, entered at addr in the given mode.  Real mode
 * needs addr + size <= 1 MiB and enters at CS:IP = (addr >> 4 & 0xf000):
 * (addr & 0xffff), e.g. 0000:7c00 for a boot sector.
 */
bool loader_load_raw(const LoaderTarget *t, LoaderFile *f, uint64_t addr,
                     BootCpuMode mode, BootState *bs, Error **errp);

typedef enum LoaderKernelFormat {
    LOADER_FORMAT_UNKNOWN,
    LOADER_FORMAT_LINUX,
    LOADER_FORMAT_MULTIBOOT,
    LOADER_FORMAT_ELF,
} LoaderKernelFormat;

/*
 * What -kernel FILE is, in QEMU's order for the pc machine: the Linux
 * "HdrS" signature first, then a multiboot header, then (an emu
 * extension) a plain x86 ELF executable.
 */
LoaderKernelFormat loader_probe_kernel(LoaderFile *f);

typedef struct LoaderKernelArgs {
    const char *kernel;  /* -kernel */
    const char *initrd;  /* -initrd, or NULL */
    const char *cmdline; /* -append, or NULL */
    LoaderLinuxEntry linux_entry;
} LoaderKernelArgs;

/*
 * -kernel/-initrd/-append: open, probe and load.  Errors read
 * "-kernel FILE: ..." or "-initrd FILE: ...".  Plain ELF kernels take no
 * -initrd or -append (an error, not silently ignored).
 */
bool loader_load_kernel(const LoaderTarget *t, const LoaderKernelArgs *args,
                        BootState *bs, Error **errp);

#endif /* MACHINE_LOADER_H */
