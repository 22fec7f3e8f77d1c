/*
 * The loop guest: prints a line, then a dot on COM1 after every few
 * thousand loop iterations, forever.  For tests that pause, resume and
 * end a running guest (QMP stop/cont/quit): the dots show whether it
 * runs.
 */
#include <stdint.h>

#include "guest.h"

void guest_main(uint32_t magic, uint32_t info);

/* Small: under software-emulated KVM each iteration costs microseconds. */
#define LOOP_DELAY 20000

void guest_main(uint32_t magic, uint32_t info)
{
    (void)magic;
    (void)info;
    serial_puts("loop: running\n");
    for (;;) {
        for (volatile uint32_t i = 0; i < LOOP_DELAY; i++) {
        }
        serial_putc('.');
    }
}
