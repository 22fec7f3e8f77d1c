/*
 * The smc guest: self-modifying code, which a translator must notice
 * (Intel SDM vol. 3A, 11.6: a write to a code address is seen by the
 * instructions fetched after it, "self-modifying code").
 *
 * - patch: rewrite the immediate of a function that has run, then call
 *   it again (another block's code changes);
 * - self: an instruction stores into the immediate of an instruction two
 *   further on in the same block, which must execute the new value;
 * - copy: rep movsb copies one of two function bodies over a third
 *   between calls (string stores into code).
 *
 * Prints "smc: N checks passed" and leaves with status 1 through
 * isa-debug-exit (3 if a check failed).
 */
#include <stdint.h>

#include "guest.h"

void guest_main(uint32_t magic, uint32_t info);
uint32_t smc_get(void);
uint32_t smc_self(uint32_t v);
uint32_t smc_slot(void);
uint32_t smc_body_a(void);
uint32_t smc_body_b(void);
extern uint8_t smc_get_imm[], smc_self_end[], smc_body_a_end[];

__asm__(".text\n"
        ".globl smc_get, smc_get_imm\n"
        "smc_get:\n"
        "    .byte 0xb8\n" /* mov $imm32, %eax */
        "smc_get_imm:\n"
        "    .long 0x11111111\n"
        "    ret\n"
        ".globl smc_self\n"
        "smc_self:\n"
        "    movl 4(%esp), %ecx\n"
        "    movl %ecx, 1f + 1\n" /* the imm32 of the mov at 1: */
        "    nop\n"
        "1:  movl $0, %eax\n"
        "    ret\n"
        ".globl smc_slot\n"
        "smc_slot:\n"
        "    movl $0x5107, %eax\n"
        "    ret\n"
        "    .skip 16, 0x90\n"
        ".globl smc_body_a, smc_body_a_end\n"
        "smc_body_a:\n"
        "    movl $0xaaaa, %eax\n"
        "    ret\n"
        "smc_body_a_end:\n"
        ".globl smc_body_b\n"
        "smc_body_b:\n"
        "    movl $0xbbbb, %eax\n"
        "    ret\n");

static void copy_code(void *dst, const void *src, uint32_t n)
{
    __asm__ volatile("cld; rep movsb"
                     : "+D"(dst), "+S"(src), "+c"(n)
                     :
                     : "memory");
}

void guest_main(uint32_t magic, uint32_t info)
{
    GuestChecks c = {"smc", 0, 0};
    uint32_t body = (uint32_t)(smc_body_a_end - (uint8_t *)smc_body_a);

    (void)magic;
    (void)info;
    guest_check(&c, "patch before", (uint32_t)smc_get, 4, smc_get(),
                0x11111111);
    for (uint32_t i = 1; i <= 200; i++) {
        uint32_t v = i * 0x01010101u + 7;

        *(volatile uint32_t *)smc_get_imm = v;
        guest_check(&c, "patch", (uint32_t)smc_get, 4, smc_get(), v);
    }
    for (uint32_t i = 0; i < 200; i++) {
        uint32_t v = 0xc0de0000u + i;

        guest_check(&c, "self", (uint32_t)smc_self, 4, smc_self(v), v);
    }
    for (uint32_t i = 0; i < 100; i++) {
        int a = i & 1;

        copy_code((void *)smc_slot, a ? (void *)smc_body_a
                                      : (void *)smc_body_b, body);
        guest_check(&c, "copy", (uint32_t)smc_slot, 4, smc_slot(),
                    a ? 0xaaaa : 0xbbbb);
    }
    serial_puts("smc: ");
    serial_put_dec(c.done);
    serial_puts(" checks passed\n");
    guest_exit(c.failed ? 1 : 0);
}
