/*
 * The realmode guest: real-address mode and 16-bit code as the CPU runs
 * them (Intel SDM vol. 3A, chapter 20 and 9.9), checked from inside.
 *
 * From the multiboot entry (32-bit protected mode) rm_run (rm.S) goes to
 * a 16-bit protected-mode segment, clears CR0.PE and far-jumps into real
 * mode, where it checks segment arithmetic (two segment:offset pairs for
 * one byte, LDS, a far jump to another CS for the same code), 0x66 and
 * 0x67 prefixed operations and addressing (a scaled index, a 16-bit
 * [bx+si] sum wrapping at 64 KiB), far calls, INT n and IRET through the
 * real-mode IVT, #DE and #UD through it with the faulting IP, then
 * enters 16-bit protected mode with LMSW (which cannot clear PE), leaves
 * it again and reads and writes above 1 MiB through FS's 4 GiB limit
 * kept from protected mode (big real mode).  Back in 32-bit code,
 * pm16_call runs a 16-bit code segment from 32-bit protected mode, which
 * calls a 32-bit segment in turn.
 *
 * -append noud leaves out the UD2, which KVM's instruction emulator
 * (running real mode on a kvm_pvm host) cannot deliver.
 *
 * Prints "realmode: N checks passed" and leaves with guest_exit(0), or
 * reports each failed check and leaves with guest_exit(1).
 */
#include <stdint.h>

#include "guest.h"
#include "realmode.h"

void guest_main(uint32_t magic, uint32_t info);

extern const uint8_t rm_blob[], rm_blob_end[], rm_results[], rm_skip_ud[];
extern const uint8_t rm_far_ret[], rm_int_ret[], rm_de_insn[], rm_ud_insn[];
void rm_run(void);
void pm16_call(uint32_t out[5]);

/* 8259A: OCW1 (the interrupt mask) on the odd port of each. */
#define PIC1_DATA 0x21
#define PIC2_DATA 0xa1

/*
 * Null, flat 32-bit code and data, 16-bit code and data based at
 * RM_BASE with 64 KiB limits, and 16-bit data with a 4 GiB limit
 * (SDM vol. 3A, 3.4.5: G set, D/B clear).
 */
static uint64_t gdt[6] = {
    0,
    0x00cf9a000000ffffULL,
    0x00cf92000000ffffULL,
    0x00009a000000ffffULL | (uint64_t)RM_BASE << 16,
    0x000092000000ffffULL | (uint64_t)RM_BASE << 16,
    0x008f92000000ffffULL,
};

static GuestChecks checks = {"realmode", 0, 0};

static uint32_t off(const uint8_t *sym)
{
    return (uint32_t)(sym - rm_blob);
}

static uint32_t result(int slot)
{
    return ((volatile uint32_t *)(RM_BASE + off(rm_results)))[slot];
}

static void check(const char *what, int slot, uint32_t want)
{
    guest_check(&checks, what, (uint32_t)slot, 4, result(slot), want);
}

static void check_value(const char *what, uint32_t addr, uint32_t got,
                        uint32_t want)
{
    guest_check(&checks, what, addr, 4, got, want);
}

static void real_mode(int skip_ud)
{
    volatile uint8_t *dst = (volatile uint8_t *)RM_BASE;
    volatile uint32_t *big = (volatile uint32_t *)BIG_ADDR;
    uint32_t lin_a = (uint32_t)SEG_A * 16 + OFF_A;

    for (const uint8_t *p = rm_blob; p < rm_blob_end; p++) {
        *dst++ = *p;
    }
    *(volatile uint16_t *)(RM_BASE + off(rm_skip_ud)) = (uint16_t)skip_ud;
    big[0] = 0x600dbeef;
    big[1] = 0;
    /* No interrupt but the guest's own INT in real mode. */
    outb(PIC1_DATA, 0xff);
    outb(PIC2_DATA, 0xff);

    rm_run();

    check("CS in 16-bit protected mode", RES_PM16_CS, SEL_CODE16);
    check("0x66 operand in 16-bit protected mode", RES_PM16_OP32, 0x89abcdef);
    check("CR0.PE clear in real mode", RES_CR0_PE_CLEAR, 0);
    check("CS in real mode", RES_RM_CS, RM_SEG);
    check("segment arithmetic", RES_SEG_ARITH, 0xcafe1234);
    check_value("segment arithmetic: linear address", lin_a,
                *(volatile uint32_t *)lin_a, 0xcafe1234);
    check("0x67 scaled index", RES_ADDR32_SIB, 0x33333333);
    check("16-bit [bx+si]", RES_ADDR16_BXSI, 0x2222);
    check("16-bit [bx+si] wraps at 64 KiB", RES_ADDR16_WRAP, 0x3333);
    check("0x66 add", RES_ADD32, 0x10);
    check("0x66 add carry", RES_ADD32_CARRY, 0xffffffff);
    check("16-bit add keeps EAX's upper half", RES_ADD16, 0x12340010);
    check("far call", RES_FAR_CALL, 0x4321);
    check("far call pushed IP", RES_FAR_CALL_IP, off(rm_far_ret));
    check("far call pushed CS", RES_FAR_CALL_CS, RM_SEG);
    check("far jump to another CS", RES_FAR_JMP_CS, RM_SEG + 1);
    check("INT n handler ran", RES_INT_BX, 0x5a5a);
    check("INT n pushed IP", RES_INT_IP, off(rm_int_ret));
    check("INT n pushed CS", RES_INT_CS, RM_SEG);
    check("INT n pushed FLAGS (IF, CF)", RES_INT_FLAGS, 0x201);
    check("INT n clears IF", RES_INT_HANDLER_IF, 0);
    check("IRET restores FLAGS (IF, CF)", RES_IRET_FLAGS, 0x201);
    check("#DE pushed IP (the DIV)", RES_DE_IP, off(rm_de_insn));
    check("#DE count", RES_DE_COUNT, 1);
    if (!skip_ud) {
        check("#UD pushed IP (the UD2)", RES_UD_IP, off(rm_ud_insn));
    }
    check("0x66 push, 16-bit pops", RES_PUSH_MIX, 0x56789abc);
    check("16-bit push", RES_PUSH_MIX_CX, 0x1234);
    check("LDS segment", RES_LDS_SEG, SEG_A);
    check("LDS pointer", RES_LDS_VAL, 0xcafe1234);
    check("CS after LMSW and far jump", RES_LMSW_CS, SEL_CODE16);
    check("LMSW sets PE", RES_LMSW_PE, 1);
    check("LMSW cannot clear PE", RES_LMSW_KEEPS_PE, 1);
    check("big real mode read", RES_BIG_READ, 0x600dbeef);
    check_value("big real mode write", BIG_ADDR + 4, big[1], 0x0b160b16);
}

static void code16_segment(void)
{
    uint32_t out[5];

    pm16_call(out);
    check_value("16-bit segment: 16-bit MOV keeps EAX's upper half", 0, out[0],
                0xaaaa1616);
    check_value("16-bit segment: 0x66 MOV", 0, out[1], 0x32323232);
    check_value("16-bit segment: 32-bit far call and LRET", 0, out[2], 0x3232);
    check_value("16-bit segment: near call and RET", 0, out[3], 0x1234);
    check_value("16-bit segment: 32-bit far call pushed CS", 0, out[4],
                SEL_CODE32);
}

void guest_main(uint32_t magic, uint32_t info)
{
    load_descriptor_tables(gdt, sizeof(gdt), 0, 0);
    real_mode(cmdline_has_word(multiboot_cmdline(magic, info), "noud"));
    code16_segment();
    if (checks.failed) {
        serial_puts("realmode: ");
        serial_put_dec(checks.failed);
        serial_puts(" of ");
        serial_put_dec(checks.done);
        serial_puts(" checks failed\n");
        guest_exit(1);
    }
    serial_puts("realmode: ");
    serial_put_dec(checks.done);
    serial_puts(" checks passed\n");
    guest_exit(0);
}
