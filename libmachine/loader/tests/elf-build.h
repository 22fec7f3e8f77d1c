/*
 * Builds little-endian ELF32/ELF64 executables in memory for the loader
 * tests (System V gABI header and program header layouts).
 */
#ifndef ELF_BUILD_H
#define ELF_BUILD_H

#include "loader-test.h"

#define T_EM_386 3
#define T_EM_X86_64 62
#define T_PT_LOAD 1
#define T_PT_NOTE 4

typedef struct TestSeg {
    uint32_t type;
    uint64_t vaddr, paddr;
    uint64_t memsz;
    const uint8_t *data; /* filesz bytes of contents */
    uint64_t filesz;
    uint64_t offset; /* filled in by elf_build() */
} TestSeg;

#define EHDR_SIZE(is64) ((is64) ? 64 : 52)
#define PHDR_SIZE(is64) ((is64) ? 56 : 32)

/*
 * ELF header, program headers right after it, then each segment's
 * contents, 16-byte aligned, in order.
 */
static inline uint8_t *elf_build(bool is64, uint16_t machine, uint64_t entry,
                                 TestSeg *segs, int n, size_t *size)
{
    size_t off = EHDR_SIZE(is64) + (size_t)n * PHDR_SIZE(is64);
    uint8_t *img;
    int i;

    for (i = 0; i < n; i++) {
        off = (off + 15) & ~(size_t)15;
        segs[i].offset = off;
        off += segs[i].filesz;
    }
    *size = off;
    img = g_malloc0(off);
    memcpy(img,
           "\x7f"
           "ELF",
           4);
    img[4] = is64 ? 2 : 1; /* EI_CLASS */
    img[5] = 1;            /* EI_DATA: little-endian */
    img[6] = 1;            /* EI_VERSION */
    wr16(img + 16, 2);     /* ET_EXEC */
    wr16(img + 18, machine);
    wr32(img + 20, 1);
    if (is64) {
        wr64(img + 24, entry);
        wr64(img + 32, 64); /* e_phoff */
        wr16(img + 52, 64); /* e_ehsize */
        wr16(img + 54, 56); /* e_phentsize */
        wr16(img + 56, n);  /* e_phnum */
    } else {
        wr32(img + 24, entry);
        wr32(img + 28, 52);
        wr16(img + 40, 52);
        wr16(img + 42, 32);
        wr16(img + 44, n);
    }
    for (i = 0; i < n; i++) {
        uint8_t *ph = img + EHDR_SIZE(is64) + i * PHDR_SIZE(is64);
        const TestSeg *s = &segs[i];

        wr32(ph, s->type);
        if (is64) {
            wr32(ph + 4, 7);
            wr64(ph + 8, s->offset);
            wr64(ph + 16, s->vaddr);
            wr64(ph + 24, s->paddr);
            wr64(ph + 32, s->filesz);
            wr64(ph + 40, s->memsz);
        } else {
            wr32(ph + 4, s->offset);
            wr32(ph + 8, s->vaddr);
            wr32(ph + 12, s->paddr);
            wr32(ph + 16, s->filesz);
            wr32(ph + 20, s->memsz);
            wr32(ph + 24, 7);
        }
        if (s->filesz) {
            memcpy(img + s->offset, s->data, s->filesz);
        }
    }
    return img;
}

/* Offset of program header i's field at byte off (for corrupting it). */
static inline uint8_t *elf_phdr(uint8_t *img, bool is64, int i)
{
    return img + EHDR_SIZE(is64) + i * PHDR_SIZE(is64);
}

#endif /* ELF_BUILD_H */
