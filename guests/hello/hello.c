/*
 * The hello guest: a multiboot kernel that greets on COM1 and leaves
 * through isa-debug-exit (exit status 1 when the boot loader handed
 * over the multiboot magic, 3 when it did not); without that device,
 * through ACPI power-off on the PIIX4 (status 0), else it halts.
 */
#include <stdint.h>

#include "guest.h"

void guest_main(uint32_t magic, uint32_t info);

/* In .data, so the image has initialised data next to its bss. */
static char greeting[] = "Hello from emu guest\n";

void guest_main(uint32_t magic, uint32_t info)
{
    (void)info;
    serial_puts(greeting);
    if (magic != MULTIBOOT_BOOT_MAGIC) {
        serial_puts("bad multiboot magic\n");
        guest_exit(1);
    }
    guest_exit(0);
}
