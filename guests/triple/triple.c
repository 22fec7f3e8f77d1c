/*
 * The triple guest: resets the machine on its first boot, then, entered
 * again after the reset, says so and leaves (guest_exit(0)).  By default
 * it triple faults; with "cf9" on its command line (-append cf9) it asks
 * the PIIX3's reset control register instead.  A mark in RAM outside the
 * image tells the boots apart: a reset keeps RAM, and a boot loader that
 * loads the image again does not touch it.  A word in the image's data,
 * changed on the first boot, must be back to its initial value: the
 * reset loads the image again.
 */
#include <stdint.h>

#include "guest.h"

void guest_main(uint32_t magic, uint32_t info);

/* 3 MiB: above the image (1 MiB) and the loader's low structures. */
#define RESET_MARK_ADDR 0x300000
#define RESET_MARK 0x52534554 /* "TESR" */

/*
 * In the image's data: changed on the first boot; a reset that loads the
 * image again (as QEMU's does) brings the initial value back.
 */
static volatile uint32_t image_word = 0x1a2b3c4d;
#define IMAGE_WORD_CHANGED 0x0badf00d

/* Intel 82371SB (PIIX3) datasheet, 2.3.1: SRST | RCPU, a hard reset. */
#define PIIX_RCR_PORT 0xcf9
#define PIIX_RCR_HARD_RESET 0x06

/*
 * Intel SDM vol. 3A, 6.15 (interrupt 8): with an empty IDT, the
 * breakpoint cannot be delivered (#GP), nor can that (#DF): the
 * processor shuts down, which a PC turns into a reset.
 */
static void __attribute__((noreturn)) triple_fault(void)
{
    static const struct {
        uint16_t limit;
        uint32_t base;
    } __attribute__((packed)) empty_idt = {0, 0};

    __asm__ volatile("lidt %0\n\tint3" : : "m"(empty_idt));
    halt_forever();
}

void guest_main(uint32_t magic, uint32_t info)
{
    volatile uint32_t *mark = (volatile uint32_t *)RESET_MARK_ADDR;
    const char *cmdline = multiboot_cmdline(magic, info);

    if (*mark != RESET_MARK) {
        *mark = RESET_MARK;
        image_word = IMAGE_WORD_CHANGED;
        if (cmdline_has_word(cmdline, "cf9")) {
            serial_puts("triple: first boot, resetting through 0xcf9\n");
            outb(PIIX_RCR_PORT, PIIX_RCR_HARD_RESET);
            halt_forever();
        }
        serial_puts("triple: first boot, faulting\n");
        triple_fault();
    }
    *mark = 0;
    if (image_word != 0x1a2b3c4d) {
        serial_puts("triple: booted again, but the image was not reloaded\n");
        guest_exit(2);
    }
    serial_puts("triple: booted again after the reset\n");
    guest_exit(0);
}
