/*
 * The x87 guest: runs cases.c's x87 cases and prints one line per
 * section (every case's line with -append verbose; -append qemu: what
 * QEMU computes exactly, x87.h), then "x87: N cases" and guest_exit(0).
 * host-check runs the same cases on the host's x87 and prints the lines the
 * guest must print.  CR0.NE is set so that an unmasked exception is #MF (vector
 * 16, Intel SDM vol. 1, 8.7), which the handler records as the host's SIGFPE
 * handler does; any other exception prints "x87: unexpected exception" and
 * guest_exit(1).
 */
#include <stdint.h>

#include "guest.h"
#include "x87.h"

void guest_main(uint32_t magic, uint32_t info);
void x87_mf_handler(void);
void x87_unexpected_handler(void);
extern void x87_mf_entry(void);
extern void x87_unexpected_entry(void);

#define CR0_MP (1u << 1)
#define CR0_EM (1u << 2)
#define CR0_TS (1u << 3)
#define CR0_NE (1u << 5)

static uint64_t gdt[3] = {
    0, 0x00cf9a000000ffffull, /* 0x08: flat 32-bit code */
    0x00cf92000000ffffull,    /* 0x10: flat data */
};
static uint64_t idt[32];

/*
 * The #MF entry: the C handler, then back to the FWAIT that faulted
 * through POPF/RET (kvm_pvm's instruction emulator cannot run IRET in
 * protected mode): the frame EIP CS EFLAGS becomes EFLAGS EIP.
 */
__asm__(".text\n"
        "x87_mf_entry:\n\t"
        "pushal\n\t"
        "cld\n\t"
        "call x87_mf_handler\n\t"
        "popal\n\t"
        "pushl %eax\n\t"
        "movl 4(%esp), %eax\n\t"
        "xchgl %eax, 12(%esp)\n\t"
        "movl %eax, 8(%esp)\n\t"
        "popl %eax\n\t"
        "addl $4, %esp\n\t"
        "popfl\n\t"
        "ret\n"
        "x87_unexpected_entry:\n\t"
        "cld\n\t"
        "call x87_unexpected_handler\n");

void x87_mf_handler(void)
{
    uint32_t env[7];

    /* FNSTENV masks every exception; FNCLEX clears ES and the flags */
    __asm__ volatile("fnstenv %0\n\tfnclex" : "=m"(env));
    if (!x87_fault.count) {
        x87_fault.sw = (uint16_t)env[1];
        x87_fault.fop = (uint16_t)(env[4] >> 16) & 0x7ff;
        x87_fault.fip = env[3];
        x87_fault.fdp = env[5];
    }
    x87_fault.count++;
}

void x87_unexpected_handler(void)
{
    serial_puts("x87: unexpected exception\n");
    guest_exit(1);
}

void x87_puts(const char *s)
{
    serial_puts(s);
}

void guest_main(uint32_t magic, uint32_t info)
{
    const char *cmdline = multiboot_cmdline(magic, info);
    uint32_t cr0, n;

    for (int v = 0; v < 32; v++) {
        idt[v] = idt_gate(v == 16 ? x87_mf_entry : x87_unexpected_entry, 0);
    }
    load_descriptor_tables(gdt, sizeof(gdt), idt, sizeof(idt));
    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    cr0 = (cr0 & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE;
    __asm__ volatile("mov %0, %%cr0" : : "r"(cr0));

    n = x87_run_cases((cmdline_has_word(cmdline, "verbose") ? X87_VERBOSE : 0) |
                      (cmdline_has_word(cmdline, "qemu") ? X87_QEMU : 0));
    serial_puts("x87: ");
    serial_put_dec(n);
    serial_puts(" cases\n");
    guest_exit(0);
}
