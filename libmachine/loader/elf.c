/*
 * ELF32/ELF64 executables: check the header, load the PT_LOAD segments
 * at their physical addresses and zero their bss.
 *
 * Field offsets from the System V ABI, "ELF Header" and "Program
 * Header" (gABI 4.1 and its 64-bit supplement); only little-endian x86
 * executables (EM_386, EM_X86_64) are accepted.
 */
#include <inttypes.h>
#include <stdio.h>

#include "loader-internal.h"

#define EI_NIDENT 16
#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ELFDATA2MSB 2
#define EV_CURRENT 1
#define ET_EXEC 2
#define EM_386 3
#define EM_X86_64 62
#define PT_LOAD 1
#define PN_XNUM 0xffff

#define EHDR32_SIZE 52
#define EHDR64_SIZE 64
#define PHDR32_SIZE 32
#define PHDR64_SIZE 56

/* Real kernels have a handful; the cap bounds the overlap checks. */
#define ELF_MAX_LOAD_SEGMENTS 64

typedef struct ElfSegment {
    unsigned index;
    uint64_t offset, paddr, vaddr, filesz, memsz;
} ElfSegment;

bool loader_elf_probe(LoaderFile *f)
{
    uint8_t magic[4];

    return loader_file_size(f) >= 4 &&
           loader_file_read(f, 0, magic, 4, "ELF magic", NULL) &&
           magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' &&
           magic[3] == 'F';
}

/* Parse one program header (little-endian, class-sized fields). */
static void parse_phdr(const uint8_t *p, bool is64, uint32_t *type,
                       ElfSegment *seg)
{
    *type = ld32(p);
    if (is64) {
        seg->offset = ld64(p + 8);
        seg->vaddr = ld64(p + 16);
        seg->paddr = ld64(p + 24);
        seg->filesz = ld64(p + 32);
        seg->memsz = ld64(p + 40);
    } else {
        seg->offset = ld32(p + 4);
        seg->vaddr = ld32(p + 8);
        seg->paddr = ld32(p + 12);
        seg->filesz = ld32(p + 16);
        seg->memsz = ld32(p + 20);
    }
}

static bool check_ehdr(LoaderFile *f, const char *label, int want_class,
                       uint8_t *ehdr, bool *is64, Error **errp)
{
    unsigned cls;
    uint16_t machine, want_machine;

    if (!loader_file_read(f, 0, ehdr, EI_NIDENT, "ELF identification", errp)) {
        return false;
    }
    if (ehdr[0] != 0x7f || ehdr[1] != 'E' || ehdr[2] != 'L' || ehdr[3] != 'F') {
        error_setg(errp, "%s: not an ELF file", label);
        return false;
    }
    cls = ehdr[EI_CLASS];
    if (cls != ELFCLASS32 && cls != ELFCLASS64) {
        error_setg(errp, "%s: invalid ELF class %u", label, cls);
        return false;
    }
    if (want_class && (int)cls != want_class) {
        error_setg(errp, "%s: ELF%d image where ELF%d is required", label,
                   cls == ELFCLASS64 ? 64 : 32,
                   want_class == ELFCLASS64 ? 64 : 32);
        return false;
    }
    if (ehdr[EI_DATA] == ELFDATA2MSB) {
        error_setg(errp, "%s: big-endian ELF images are not supported", label);
        return false;
    }
    if (ehdr[EI_DATA] != ELFDATA2LSB) {
        error_setg(errp, "%s: invalid ELF data encoding %u", label,
                   ehdr[EI_DATA]);
        return false;
    }
    if (ehdr[EI_VERSION] != EV_CURRENT) {
        error_setg(errp, "%s: unsupported ELF version %u", label,
                   ehdr[EI_VERSION]);
        return false;
    }
    *is64 = cls == ELFCLASS64;
    if (!loader_file_read(f, 0, ehdr, *is64 ? EHDR64_SIZE : EHDR32_SIZE,
                          "ELF header", errp)) {
        return false;
    }
    if (ld16(ehdr + 16) != ET_EXEC) {
        error_setg(errp, "%s: ELF type %u is not an executable (ET_EXEC)",
                   label, ld16(ehdr + 16));
        return false;
    }
    machine = ld16(ehdr + 18);
    want_machine = *is64 ? EM_X86_64 : EM_386;
    if (machine != want_machine) {
        error_setg(errp, "%s: ELF machine %u is not x86 (%s)", label, machine,
                   *is64 ? "EM_X86_64" : "EM_386");
        return false;
    }
    return true;
}

bool loader_elf_load(LoaderCtx *ctx, LoaderFile *f, int want_class,
                     uint64_t entry_limit, LoaderElfInfo *info, Error **errp)
{
    const char *label = ctx->label;
    uint8_t ehdr[EHDR64_SIZE];
    uint8_t ph[PHDR64_SIZE];
    ElfSegment segs[ELF_MAX_LOAD_SEGMENTS];
    unsigned nsegs = 0, i;
    bool is64;
    uint64_t entry, phoff;
    unsigned phentsize, phnum, min_phentsize;
    bool entry_found = false;

    if (!check_ehdr(f, label, want_class, ehdr, &is64, errp)) {
        return false;
    }
    if (is64) {
        entry = ld64(ehdr + 24);
        phoff = ld64(ehdr + 32);
        phentsize = ld16(ehdr + 54);
        phnum = ld16(ehdr + 56);
        min_phentsize = PHDR64_SIZE;
    } else {
        entry = ld32(ehdr + 24);
        phoff = ld32(ehdr + 28);
        phentsize = ld16(ehdr + 42);
        phnum = ld16(ehdr + 44);
        min_phentsize = PHDR32_SIZE;
    }
    if (phnum == 0) {
        error_setg(errp, "%s: ELF file has no program headers", label);
        return false;
    }
    if (phnum == PN_XNUM) {
        /* The real count would be in section 0: no kernel needs that. */
        error_setg(errp, "%s: too many ELF program headers", label);
        return false;
    }
    if (phentsize < min_phentsize) {
        error_setg(errp,
                   "%s: ELF program header size %u is too small "
                   "(expected %u)",
                   label, phentsize, min_phentsize);
        return false;
    }
    if (!loader_file_check_range(f, phoff, (uint64_t)phnum * phentsize,
                                 "ELF program headers", errp)) {
        return false;
    }

    /* First pass: check every segment and claim its memory. */
    for (i = 0; i < phnum; i++) {
        ElfSegment seg = {.index = i};
        uint32_t type;
        char what[32];

        if (!loader_file_read(f, phoff + (uint64_t)i * phentsize, ph,
                              min_phentsize, "ELF program header", errp)) {
            return false;
        }
        parse_phdr(ph, is64, &type, &seg);
        if (type != PT_LOAD || seg.memsz == 0) {
            continue;
        }
        snprintf(what, sizeof(what), "ELF segment %u", i);
        if (seg.filesz > seg.memsz) {
            error_setg(errp,
                       "%s: %s: p_filesz 0x%" PRIx64 " exceeds "
                       "p_memsz 0x%" PRIx64,
                       label, what, seg.filesz, seg.memsz);
            return false;
        }
        if (!loader_file_check_range(f, seg.offset, seg.filesz, what, errp)) {
            return false;
        }
        if (nsegs == ELF_MAX_LOAD_SEGMENTS) {
            error_setg(errp, "%s: more than %d loadable ELF segments", label,
                       ELF_MAX_LOAD_SEGMENTS);
            return false;
        }
        if (!loader_claim(ctx, seg.paddr, seg.memsz, what, errp)) {
            return false;
        }
        segs[nsegs++] = seg;
    }
    if (nsegs == 0) {
        error_setg(errp, "%s: ELF file has no loadable segments", label);
        return false;
    }

    /*
     * e_entry is a virtual address; when the segment holding it is
     * linked elsewhere than it loads, jump to the physical copy (as
     * GRUB does for multiboot ELF kernels).
     */
    for (i = 0; i < nsegs && !entry_found; i++) {
        if (entry >= segs[i].vaddr && entry - segs[i].vaddr < segs[i].memsz) {
            entry = entry - segs[i].vaddr + segs[i].paddr;
            entry_found = true;
        }
    }
    for (i = 0; i < nsegs && !entry_found; i++) {
        entry_found =
            entry >= segs[i].paddr && entry - segs[i].paddr < segs[i].memsz;
    }
    if (!entry_found) {
        error_setg(errp,
                   "%s: ELF entry point 0x%" PRIx64 " is outside the "
                   "loaded segments",
                   label, entry);
        return false;
    }
    if (entry >= entry_limit) {
        error_setg(errp,
                   "%s: ELF entry point 0x%" PRIx64 " is above 4 GiB, "
                   "beyond the boot page tables",
                   label, entry);
        return false;
    }

    info->is64 = is64;
    info->entry = entry;
    info->low = UINT64_MAX;
    info->high = 0;
    for (i = 0; i < nsegs; i++) {
        const ElfSegment *s = &segs[i];
        char what[32];

        snprintf(what, sizeof(what), "ELF segment %u", s->index);
        if (!loader_copy_file(ctx, f, s->offset, s->filesz, s->paddr, what,
                              errp) ||
            !loader_zero(ctx, s->paddr + s->filesz, s->memsz - s->filesz,
                         errp)) {
            return false;
        }
        info->low = MIN(info->low, s->paddr);
        /* Claimed, so paddr + memsz does not wrap (except to 2^64). */
        info->high = MAX(info->high, s->paddr + (s->memsz - 1));
    }
    /* high is inclusive so far; make it an end address. */
    info->high = info->high == UINT64_MAX ? UINT64_MAX : info->high + 1;
    return true;
}
