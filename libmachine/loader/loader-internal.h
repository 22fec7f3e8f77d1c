/*
 * Private helpers shared by the loaders: little-endian field access,
 * placing data in guest RAM with overlap checks, and the x86 entry
 * structures (GDT, identity page tables, BootState presets).
 */
#ifndef LOADER_INTERNAL_H
#define LOADER_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "machine/loader.h"

/* Little-endian fields of file and guest structures. */
static inline uint16_t ld16(const uint8_t *p)
{
    return p[0] | (uint16_t)p[1] << 8;
}

static inline uint32_t ld32(const uint8_t *p)
{
    return ld16(p) | (uint32_t)ld16(p + 2) << 16;
}

static inline uint64_t ld64(const uint8_t *p)
{
    return ld32(p) | (uint64_t)ld32(p + 4) << 32;
}

static inline void st16(uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}

static inline void st32(uint8_t *p, uint32_t v)
{
    st16(p, v);
    st16(p + 2, v >> 16);
}

static inline void st64(uint8_t *p, uint64_t v)
{
    st32(p, v);
    st32(p + 4, v >> 32);
}

#define LOADER_4G (1ULL << 32)
#define LOADER_1M 0x100000ULL
#define LOADER_PAGE 0x1000ULL

/*
 * Fail with loader_file_read()'s "file too short" message unless
 * [offset, offset + len) is inside f.
 */
bool loader_file_check_range(LoaderFile *f, uint64_t offset, uint64_t len,
                             const char *what, Error **errp);

/* At most this many separate ranges per load (segments, modules, ...). */
#define LOADER_MAX_CLAIMS 1024

/*
 * One load in progress: the target and the guest ranges already taken,
 * so that no two pieces (kernel segments, modules, initrd, boot
 * structures) overlap unnoticed.  label prefixes errors about the load.
 */
typedef struct LoaderCtx {
    const LoaderTarget *t;
    const char *label;
    GArray *claims; /* of LoaderClaim */
} LoaderCtx;

void loader_ctx_init(LoaderCtx *ctx, const LoaderTarget *t, const char *label);
void loader_ctx_cleanup(LoaderCtx *ctx);

/* True if [addr, addr + size) is inside RAM (adjacent ranges merge). */
bool loader_range_is_ram(const LoaderTarget *t, uint64_t addr, uint64_t size);
/*
 * End of the RAM (merging adjacent RAM ranges) that contains addr, or 0
 * if addr is not in RAM.
 */
uint64_t loader_ram_end(const LoaderTarget *t, uint64_t addr);

/*
 * Reserve [addr, addr + size) for what: it must lie in RAM and not
 * overlap anything claimed before.  Errors:
 *   "<label>: <what> at 0xA-0xB is outside RAM"
 *   "<label>: <what> at 0xA-0xB overlaps <other> at 0xC-0xD"
 * A zero size claims nothing.
 */
bool loader_claim(LoaderCtx *ctx, uint64_t addr, uint64_t size,
                  const char *what, Error **errp);

/* Store bytes in guest RAM (the range must have been claimed). */
bool loader_write(LoaderCtx *ctx, uint64_t addr, const void *buf, uint64_t len,
                  Error **errp);
bool loader_zero(LoaderCtx *ctx, uint64_t addr, uint64_t len, Error **errp);
/* Copy len bytes of f at offset to guest addr, in bounded chunks. */
bool loader_copy_file(LoaderCtx *ctx, LoaderFile *f, uint64_t offset,
                      uint64_t len, uint64_t addr, const char *what,
                      Error **errp);

/* Entry-state presets (see BootState in machine/loader.h). */
void boot_state_init_real(BootState *bs, uint16_t cs, uint16_t ip);
void boot_state_init_prot32(BootState *bs, uint32_t eip);
void boot_state_init_long64(BootState *bs, uint64_t rip);

/* The 8-byte GDT descriptor that loads as seg. */
uint64_t loader_gdt_descriptor(const BootSegment *seg);

/*
 * Claim and write the GDT for mode (PROT32 or LONG64) at LOADER_GDT_ADDR
 * and, for LONG64, the identity page tables at LOADER_PAGE_TABLES.
 */
bool loader_setup_entry(LoaderCtx *ctx, BootCpuMode mode, Error **errp);

/* ELF images (elf.c). */
typedef struct LoaderElfInfo {
    bool is64;
    uint64_t entry;     /* physical */
    uint64_t low, high; /* lowest address and end (bss included) loaded */
} LoaderElfInfo;

/* True if f starts with the ELF magic. */
bool loader_elf_probe(LoaderFile *f);
/*
 * Check and load the PT_LOAD segments of f.  want_class is 1 (ELF32
 * only), 2 (ELF64 only) or 0 (either).  The (physical) entry point must
 * be below entry_limit (LOADER_4G: the boot page tables' reach); this is
 * checked before anything is written.
 */
bool loader_elf_load(LoaderCtx *ctx, LoaderFile *f, int want_class,
                     uint64_t entry_limit, LoaderElfInfo *info, Error **errp);

#endif /* LOADER_INTERNAL_H */
