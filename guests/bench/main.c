/*
 * The bench guest: runs the benchmark its command line names,
 *
 *     -append "NAME [size=N] [reps=N]"
 *
 * and prints, on COM1,
 *
 *     bench: NAME size N reps R
 *     bench: NAME checksum 0x........ iterations R ticks T
 *
 * (T: ACPI PM timer ticks, 3.579545 MHz, around the benchmark alone),
 * then leaves with guest_exit(0).  An unknown name, a size out of range
 * or reps=0 prints what it runs and leaves with guest_exit(2).
 */
#include "guest.h"
#include "bench.h"
#include "clock.h"

void guest_main(uint32_t magic, uint32_t info);

#define MBI_FLAG_CMDLINE (1u << 2)
#define MBI_CMDLINE 4 /* in words */

static const char *skip_word(const char *s)
{
    while (*s && *s != ' ') {
        s++;
    }
    while (*s == ' ') {
        s++;
    }
    return s;
}

/* Does the word at s start with key and '='?  Then *value is its number. */
static int word_arg(const char *s, const char *key, uint32_t *value)
{
    uint32_t v = 0;

    while (*key && *s == *key) {
        s++;
        key++;
    }
    if (*key || *s != '=') {
        return 0;
    }
    for (s++; *s >= '0' && *s <= '9'; s++) {
        v = v * 10 + (uint32_t)(*s - '0');
    }
    *value = v;
    return 1;
}

static int word_is(const char *w, const char *name)
{
    while (*name && *w == *name) {
        w++;
        name++;
    }
    return !*name && (*w == ' ' || !*w);
}

static void usage(const char *cmdline)
{
    serial_puts("bench: cannot run \"");
    serial_puts(cmdline);
    serial_puts("\"; usage: -append \"NAME [size=N] [reps=N]\", NAME one of\n");
    for (const BenchInfo *b = bench_table; b->name; b++) {
        serial_puts("bench:   ");
        serial_puts(b->name);
        serial_puts(" (size: ");
        serial_puts(b->unit);
        serial_puts(", default ");
        serial_put_dec(b->default_size);
        serial_puts(", at most ");
        serial_put_dec(b->max_size);
        serial_puts(")\n");
    }
    guest_exit(2);
}

void guest_main(uint32_t magic, uint32_t info)
{
    const uint32_t *mbi = (const uint32_t *)info;
    const char *cmdline = "", *s;
    const BenchInfo *bench = NULL;
    uint32_t size = 0, reps = 1, sum;
    int bad = 0;
    BenchClock t0, t1;

    if (magic == MULTIBOOT_BOOT_MAGIC && (mbi[0] & MBI_FLAG_CMDLINE)) {
        cmdline = (const char *)mbi[MBI_CMDLINE];
    }
    /* Loaders (QEMU's, emu's, GRUB) put the image's path first. */
    for (s = skip_word(cmdline); *s; s = skip_word(s)) {
        if (word_arg(s, "size", &size) || word_arg(s, "reps", &reps)) {
            continue;
        }
        if (bench) {
            bad = 1;
        }
        for (const BenchInfo *b = bench_table; b->name; b++) {
            if (word_is(s, b->name)) {
                bench = b;
            }
        }
        bad |= !bench;
    }
    if (bench && !size) {
        size = bench->default_size;
    }
    if (bad || !bench || size > bench->max_size || !reps) {
        usage(cmdline);
    }
    serial_puts("bench: ");
    serial_puts(bench->name);
    serial_puts(" size ");
    serial_put_dec(size);
    serial_puts(" reps ");
    serial_put_dec(reps);
    serial_putc('\n');

    bench_clock_init();
    t0 = bench_clock_now();
    sum = bench->run(size, reps);
    t1 = bench_clock_now();

    serial_puts("bench: ");
    serial_puts(bench->name);
    serial_puts(" checksum 0x");
    serial_put_hex(sum);
    serial_puts(" iterations ");
    serial_put_dec(reps);
    serial_puts(" ticks ");
    serial_put_dec(bench_clock_ticks(t0, t1));
    serial_putc('\n');
    guest_exit(0);
}
