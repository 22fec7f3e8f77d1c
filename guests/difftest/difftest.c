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
static const uint64_t gdt[3] __attribute__((aligned(8))) = {
    0,
    0x00cf9a000000ffffull, /* 0x08: code, flat, ring 0 */
    0x00cf92000000ffffull, /* 0x10: data, flat */
};
static uint64_t idt[32] __attribute__((aligned(8)));

int dt_fault;
extern const uint8_t dt_fault_stubs[];

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

    load_descriptors();
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
