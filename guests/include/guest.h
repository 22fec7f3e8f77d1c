/*
 * Helpers for emu's freestanding guests: port I/O, the COM1 serial port
 * and the isa-debug-exit device.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdint.h>

#define MULTIBOOT_BOOT_MAGIC 0x2BADB002

#define COM1_PORT 0x3f8
#define UART_LSR 5         /* line status register */
#define UART_LSR_THRE 0x20 /* transmit holding register empty */

/*
 * isa-debug-exit (QEMU: -device isa-debug-exit,iobase=0xf4,iosize=4):
 * writing value v ends the emulator with exit status (v << 1) | 1.
 */
#define DEBUG_EXIT_PORT 0xf4

static inline void outb(uint16_t port, uint8_t val)
{
    __asm__ volatile("outb %0, %1" : : "a"(val), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t val;

    __asm__ volatile("inb %1, %0" : "=a"(val) : "Nd"(port));
    return val;
}

static inline void serial_putc(char c)
{
    /* Bounded: an emulated UART without LSR must not hang the guest. */
    for (int i = 0; i < 100000; i++) {
        if (inb(COM1_PORT + UART_LSR) & UART_LSR_THRE) {
            break;
        }
    }
    outb(COM1_PORT, c);
}

static inline void serial_puts(const char *s)
{
    while (*s) {
        serial_putc(*s++);
    }
}

static inline void debug_exit(uint8_t code)
{
    outb(DEBUG_EXIT_PORT, code);
}

static inline void __attribute__((noreturn)) halt_forever(void)
{
    for (;;) {
        __asm__ volatile("cli; hlt");
    }
}

#endif /* GUEST_H */
