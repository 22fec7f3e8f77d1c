/*
 * The x86 side of entering a loaded image: the GDT and identity page
 * tables the loaders put in guest memory, and the matching BootState.
 *
 * Descriptor layout: Intel SDM vol. 3A, 3.4.5 "Segment Descriptors";
 * 4-level paging with 2 MiB pages: vol. 3A, 4.5 "4-Level Paging".
 * The selectors are those of the Linux boot protocol (__BOOT_CS 0x10,
 * __BOOT_DS 0x18, Documentation/arch/x86/boot.rst), used for every
 * protected-mode entry so there is one GDT layout to know.
 */
#include <string.h>

#include "loader-internal.h"

#define GDT_ENTRIES 4

/* Page-table entry bits (SDM vol. 3A, tables 4-15 to 4-18). */
#define PTE_P (1ULL << 0)
#define PTE_RW (1ULL << 1)
#define PTE_PS (1ULL << 7)

#define PT_PML4 (LOADER_PAGE_TABLES)
#define PT_PDPT (LOADER_PAGE_TABLES + 0x1000)
#define PT_PD (LOADER_PAGE_TABLES + 0x2000) /* four of them */

/* Descriptor types with the accessed bit set (SDM vol. 3A, table 3-1). */
#define SEG_TYPE_DATA_RW 0x3
#define SEG_TYPE_CODE_RX 0xb
#define SEG_TYPE_LDT 0x2
#define SEG_TYPE_TSS_BUSY 0xb

static BootSegment flat_segment(uint16_t selector, uint8_t type, bool l)
{
    BootSegment s = {
        .selector = selector,
        .base = 0,
        .limit = 0xffffffff,
        .type = type,
        .dpl = 0,
        .s = true,
        .present = true,
        .db = !l,
        .l = l,
        .g = true,
    };
    return s;
}

static BootSegment real_segment(uint16_t selector, uint8_t type)
{
    BootSegment s = {
        .selector = selector,
        .base = (uint64_t)selector << 4,
        .limit = 0xffff,
        .type = type,
        .s = true,
        .present = true,
    };
    return s;
}

/* Common part: the processor's reset values for what no protocol sets. */
static void boot_state_reset(BootState *bs)
{
    memset(bs, 0, sizeof(*bs));
    bs->rflags = 0x2;
    bs->tr = (BootSegment){
        .limit = 0xffff,
        .type = SEG_TYPE_TSS_BUSY,
        .present = true,
    };
    bs->ldtr = (BootSegment){
        .limit = 0xffff,
        .type = SEG_TYPE_LDT,
        .present = true,
    };
}

void boot_state_init_real(BootState *bs, uint16_t cs, uint16_t ip)
{
    boot_state_reset(bs);
    bs->mode = BOOT_MODE_REAL;
    bs->rip = ip;
    bs->cs = real_segment(cs, SEG_TYPE_CODE_RX);
    bs->ds = bs->es = bs->fs = bs->gs = bs->ss =
        real_segment(cs, SEG_TYPE_DATA_RW);
    /* The real-mode interrupt vector table (SDM vol. 3A, 20.1.4). */
    bs->idt = (BootDescTable){.base = 0, .limit = 0x3ff};
    bs->gdt = (BootDescTable){.base = 0, .limit = 0xffff};
    /* CR0 after reset: CD | NW | ET (SDM vol. 3A, table 10-1). */
    bs->cr0 = 0x60000010;
}

static void boot_state_flat(BootState *bs, bool long_mode)
{
    bs->cs = flat_segment(LOADER_BOOT_CS, SEG_TYPE_CODE_RX, long_mode);
    bs->ds = bs->es = bs->fs = bs->gs = bs->ss =
        flat_segment(LOADER_BOOT_DS, SEG_TYPE_DATA_RW, false);
    bs->gdt = (BootDescTable){
        .base = LOADER_GDT_ADDR,
        .limit = GDT_ENTRIES * 8 - 1,
    };
    bs->idt = (BootDescTable){.base = 0, .limit = 0};
}

void boot_state_init_prot32(BootState *bs, uint32_t eip)
{
    boot_state_reset(bs);
    bs->mode = BOOT_MODE_PROT32;
    bs->rip = eip;
    boot_state_flat(bs, false);
    /* Caches enabled (CD and NW clear), as firmware leaves them. */
    bs->cr0 = BOOT_CR0_PE | BOOT_CR0_ET;
}

void boot_state_init_long64(BootState *bs, uint64_t rip)
{
    boot_state_reset(bs);
    bs->mode = BOOT_MODE_LONG64;
    bs->rip = rip;
    boot_state_flat(bs, true);
    bs->cr0 = BOOT_CR0_PE | BOOT_CR0_ET | BOOT_CR0_PG;
    bs->cr3 = PT_PML4;
    bs->cr4 = BOOT_CR4_PAE;
    bs->efer = BOOT_EFER_LME | BOOT_EFER_LMA;
}

uint64_t loader_gdt_descriptor(const BootSegment *seg)
{
    uint32_t limit = seg->g ? seg->limit >> 12 : seg->limit;
    uint64_t access = (uint64_t)(seg->type & 0xf) | (uint64_t)seg->s << 4 |
                      (uint64_t)(seg->dpl & 3) << 5 |
                      (uint64_t)seg->present << 7;
    uint64_t flags = (uint64_t)seg->avl | (uint64_t)seg->l << 1 |
                     (uint64_t)seg->db << 2 | (uint64_t)seg->g << 3;

    return (limit & 0xffffULL) | (seg->base & 0xffffffULL) << 16 |
           access << 40 | (uint64_t)((limit >> 16) & 0xf) << 48 | flags << 52 |
           ((seg->base >> 24) & 0xffULL) << 56;
}

static bool setup_gdt(LoaderCtx *ctx, bool long_mode, Error **errp)
{
    uint8_t gdt[GDT_ENTRIES * 8] = {0};
    BootState bs;

    boot_state_flat(&bs, long_mode);
    /* Entries 0 and 1 stay null: 0x10 and 0x18 are entries 2 and 3. */
    st64(gdt + LOADER_BOOT_CS, loader_gdt_descriptor(&bs.cs));
    st64(gdt + LOADER_BOOT_DS, loader_gdt_descriptor(&bs.ds));
    return loader_claim(ctx, LOADER_GDT_ADDR, sizeof(gdt), "GDT", errp) &&
           loader_write(ctx, LOADER_GDT_ADDR, gdt, sizeof(gdt), errp);
}

/*
 * Identity map of the first 4 GiB with 2 MiB pages: one PML4 entry, four
 * PDPT entries, four page directories.  The Linux 64-bit boot protocol
 * needs the kernel, boot_params and command line mapped; all of them
 * (and every ELF64 entry point emu accepts) are below 4 GiB.
 */
static bool setup_page_tables(LoaderCtx *ctx, Error **errp)
{
    const uint64_t size = LOADER_PAGE_TABLES_END - LOADER_PAGE_TABLES;
    g_autofree uint8_t *pt = g_malloc0(size);
    uint64_t i;

    st64(pt + (PT_PML4 - LOADER_PAGE_TABLES), PT_PDPT | PTE_P | PTE_RW);
    for (i = 0; i < 4; i++) {
        st64(pt + (PT_PDPT - LOADER_PAGE_TABLES) + i * 8,
             (PT_PD + i * 0x1000) | PTE_P | PTE_RW);
    }
    for (i = 0; i < 4 * 512; i++) {
        st64(pt + (PT_PD - LOADER_PAGE_TABLES) + i * 8,
             (i << 21) | PTE_P | PTE_RW | PTE_PS);
    }
    return loader_claim(ctx, LOADER_PAGE_TABLES, size, "page tables", errp) &&
           loader_write(ctx, LOADER_PAGE_TABLES, pt, size, errp);
}

bool loader_setup_entry(LoaderCtx *ctx, BootCpuMode mode, Error **errp)
{
    switch (mode) {
    case BOOT_MODE_REAL:
        return true;
    case BOOT_MODE_PROT32:
        return setup_gdt(ctx, false, errp);
    case BOOT_MODE_LONG64:
        return setup_gdt(ctx, true, errp) && setup_page_tables(ctx, errp);
    }
    g_assert_not_reached();
}
