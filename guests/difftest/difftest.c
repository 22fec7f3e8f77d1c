/*
 * The differential tester's guest: runs the sequences of the test file
 * given as the first multiboot module (-initrd FILE) in ring 0, flat
 * segments, and prints one result line per sequence on COM1, the same
 * lines the native harness prints (difftest.h).
 *
 *   difftest: N sequences
 *   <index> <eax> ... <edi> <eflags> <checksum>   (or "<index> fault <v>")
 *   difftest: done
 */
#include "guest.h"
#include "difftest.h"

/* Multiboot information (specification 3.3): flags, mods_count/addr. */
#define MBI_HAS_MODS (1u << 3)

typedef struct MbModule {
    uint32_t start, end, string, reserved;
} MbModule;

/* Our own GDT: the multiboot GDTR may be invalid (specification 3.2). */
static const uint64_t gdt[4] __attribute__((aligned(8))) = {
    0,
    0x00cf9a000000ffffull, /* 0x08: code, flat, ring 0 */
    0x00cf92000000ffffull, /* 0x10: data, flat */
    /* 0x18: FS, data at DT_MEM_ADDR, DT_FS_LIMIT + 1 bytes */
    0x04409201000000ffull | (DT_FS_LIMIT & 0xff00),
};
static uint64_t idt[32] __attribute__((aligned(8)));

int dt_fault;
extern const uint8_t dt_fault_stubs[];

/*
 * For DT_FILE_FAULTS: 32-bit paging (SDM vol. 3A, 4.3) identity-mapping
 * the guest's 128 MiB with 4 MiB pages (CR4.PSE), but the 4 MiB around
 * the sequence's code and memory in 4 KiB pages with DT_GUARD_ADDR not
 * present, as the harness leaves it unmapped.
 */
#define PG_P 0x001u
#define PG_RW 0x002u
#define PG_PS 0x080u
static uint32_t page_dir[1024] __attribute__((aligned(4096)));
static uint32_t page_table[1024] __attribute__((aligned(4096)));

static void enable_paging(void)
{
    uint32_t big = DT_MEM_ADDR >> 22, cr;

    for (uint32_t i = 0; i < 32; i++) {
        page_dir[i] = i << 22 | PG_PS | PG_RW | PG_P;
    }
    for (uint32_t j = 0; j < 1024; j++) {
        uint32_t a = big << 22 | j << 12;

        page_table[j] = a == DT_GUARD_ADDR ? 0 : a | PG_RW | PG_P;
    }
    page_dir[big] = (uint32_t)page_table | PG_RW | PG_P;
    __asm__ volatile("mov %%cr4, %0" : "=r"(cr));
    __asm__ volatile("mov %0, %%cr4" : : "r"(cr | 0x10u)); /* PSE */
    __asm__ volatile("mov %0, %%cr3" : : "r"(page_dir));
    __asm__ volatile("mov %%cr0, %0" : "=r"(cr));
    __asm__ volatile("mov %0, %%cr0" : : "r"(cr | 0x80000000u) : "memory");
}

static void load_descriptors(void)
{
    struct __attribute__((packed)) {
        uint16_t limit;
        uint32_t base;
    } gdtr = { sizeof(gdt) - 1, (uint32_t)gdt },
      idtr = { sizeof(idt) - 1, (uint32_t)idt };

    for (int v = 0; v < 32; v++) {
        uint32_t h = (uint32_t)(dt_fault_stubs + 16 * v);

        /* 32-bit interrupt gate, present, DPL 0, selector 0x08. */
        idt[v] = (h & 0xffff) | 0x08u << 16 | (uint64_t)0x8e00 << 32 |
                 (uint64_t)(h & 0xffff0000u) << 32;
    }
    __asm__ volatile("lgdt %0\n\t"
                     "ljmp $0x08, $1f\n"
                     "1:\n\t"
                     "movw $0x10, %%ax\n\t"
                     "movw %%ax, %%ds\n\t"
                     "movw %%ax, %%es\n\t"
                     "movw %%ax, %%ss\n\t"
                     "movw %%ax, %%fs\n\t"
                     "movw %%ax, %%gs\n\t"
                     "lidt %1"
                     : : "m"(gdtr), "m"(idtr) : "eax", "memory");
}

void guest_main(uint32_t magic, const uint32_t *info);

void guest_main(uint32_t magic, const uint32_t *info)
{
    const DtFileHeader *h;
    const MbModule *mod;
    const uint8_t *r, *end;
    char line[DT_LINE_MAX];
    uint32_t cr0;

    load_descriptors();
    /* The x87 on, without #NM (EM, TS clear); #MF for an unmasked
       exception, which the generator never leaves (SDM vol. 3A, 9.2) */
    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    cr0 = (cr0 & ~0xcu) | 0x22u; /* EM TS off, MP NE on */
    __asm__ volatile("mov %0, %%cr0" : : "r"(cr0));
    if (magic != MULTIBOOT_BOOT_MAGIC || !(info[0] & MBI_HAS_MODS) ||
        info[5] == 0) {
        serial_puts("difftest: no test file (-initrd FILE)\n");
        guest_exit(1);
    }
    mod = (const MbModule *)info[6];
    h = (const DtFileHeader *)mod->start;
    if (mod->end - mod->start < sizeof(*h) || h->magic != DT_FILE_MAGIC ||
        h->version != DT_FILE_VERSION) {
        serial_puts("difftest: not a difftest file\n");
        guest_exit(1);
    }
    dt_x87 = (h->flags & DT_FILE_X87) != 0;
    dt_faults = (h->flags & DT_FILE_FAULTS) != 0;
    dt_fpu_on = dt_x87 || dt_faults;
    if (dt_faults) {
        __asm__ volatile("movw %w0, %%fs" : : "r"(0x18));
        enable_paging();
    }
    serial_puts("difftest: ");
    serial_put_dec(h->count);
    serial_puts(" sequences\n");
    r = (const uint8_t *)(h + 1);
    end = (const uint8_t *)mod->end;
    for (uint32_t i = 0; i < h->count; i++) {
        const uint8_t *next = dt_prepare(r, end);

        if (!next) {
            serial_puts("difftest: truncated test file\n");
            guest_exit(1);
        }
        dt_fault = -1;
        difftest_run();
        dt_format(line, i, r, dt_fault);
        serial_puts(line);
        r = next;
    }
    serial_puts("difftest: done\n");
    guest_exit(0);
}
