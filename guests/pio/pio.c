/*
 * The pio guest: port I/O exits of every size and direction against
 * pc-testdev (-device pc-testdev), each value read back and compared.
 *
 * pc-testdev's latch at 0xe0-0xe3 keeps 32 bits that any access of 1, 2
 * or 4 bytes reads or replaces in part (0xe8-0xeb is the same latch
 * taken a byte at a time).  The guest writes it with every width and
 * offset, reads it back with every width, and does string I/O
 * (rep outs/ins of bytes, words and dwords, 16 elements from and to a
 * buffer across a page boundary, which KVM splits): the latch keeps the
 * last element out, and every element in reads the latch.
 * It prints "pio: N checks passed" and leaves with guest_exit(0), or
 * reports each mismatch and "pio: M of N checks failed", guest_exit(1).
 */
#include <stdint.h>

#include "guest.h"

void guest_main(uint32_t magic, uint32_t info);

#define TESTDEV_LATCH 0xe0
#define TESTDEV_LATCH_BYTE 0xe8
#define STRING_COUNT 16

static GuestChecks checks = {.prefix = "pio"};

/* A page and a bit: string buffers start 8 bytes before its end. */
static uint8_t page_buf[4096 + 64] __attribute__((aligned(4096)));

static uint32_t in_size(uint16_t port, unsigned size)
{
    return size == 1 ? inb(port) : size == 2 ? inw(port) : inl(port);
}

static void out_size(uint16_t port, unsigned size, uint32_t val)
{
    if (size == 1) {
        outb(port, (uint8_t)val);
    } else if (size == 2) {
        outw(port, (uint16_t)val);
    } else {
        outl(port, val);
    }
}

static uint32_t size_mask(unsigned size)
{
    return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
}

/* Every aligned read of the latch against what it should hold. */
static void check_latch(const char *what, uint32_t want)
{
    for (unsigned size = 1; size <= 4; size *= 2) {
        for (unsigned off = 0; off < 4; off += size) {
            guest_check(&checks, what, TESTDEV_LATCH + off, size,
                        in_size(TESTDEV_LATCH + off, size),
                        (want >> (8 * off)) & size_mask(size));
        }
    }
}

/* Writes of every width at every aligned offset, merged into the latch. */
static void test_latch(void)
{
    uint32_t want = 0x12345678;

    out_size(TESTDEV_LATCH, 4, want);
    check_latch("out 4", want);
    for (unsigned size = 1; size <= 2; size *= 2) {
        for (unsigned off = 0; off < 4; off += size) {
            uint32_t val = 0xa5c3e1f7u >> (8 * off) ^ (size * 0x1111u);
            uint32_t mask = size_mask(size) << (8 * off);

            out_size(TESTDEV_LATCH + off, size, val);
            want = (want & ~mask) | ((val << (8 * off)) & mask);
            check_latch(size == 1 ? "out 1" : "out 2", want);
        }
    }
    /* The byte-wide window: a dword written there is split in four. */
    out_size(TESTDEV_LATCH_BYTE, 4, 0xcafe0b0e);
    check_latch("out 4 at the byte port", 0xcafe0b0e);
    out_size(TESTDEV_LATCH_BYTE + 2, 2, 0x1dea);
    guest_check(&checks, "in 4 at the byte port", TESTDEV_LATCH_BYTE, 4,
                in_size(TESTDEV_LATCH_BYTE, 4), 0x1dea0b0e);
}

static void rep_outs(uint16_t port, unsigned size, const void *src,
                     uint32_t count)
{
    if (size == 1) {
        __asm__ volatile("cld; rep outsb"
                         : "+S"(src), "+c"(count)
                         : "d"(port)
                         : "memory");
    } else if (size == 2) {
        __asm__ volatile("cld; rep outsw"
                         : "+S"(src), "+c"(count)
                         : "d"(port)
                         : "memory");
    } else {
        __asm__ volatile("cld; rep outsl"
                         : "+S"(src), "+c"(count)
                         : "d"(port)
                         : "memory");
    }
}

static void rep_ins(uint16_t port, unsigned size, void *dst, uint32_t count)
{
    if (size == 1) {
        __asm__ volatile("cld; rep insb"
                         : "+D"(dst), "+c"(count)
                         : "d"(port)
                         : "memory");
    } else if (size == 2) {
        __asm__ volatile("cld; rep insw"
                         : "+D"(dst), "+c"(count)
                         : "d"(port)
                         : "memory");
    } else {
        __asm__ volatile("cld; rep insl"
                         : "+D"(dst), "+c"(count)
                         : "d"(port)
                         : "memory");
    }
}

static uint32_t buf_get(const volatile uint8_t *p, unsigned size)
{
    uint32_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        v |= (uint32_t)p[i] << (8 * i);
    }
    return v;
}

static void buf_put(volatile uint8_t *p, unsigned size, uint32_t v)
{
    for (unsigned i = 0; i < size; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

/* rep outs then rep ins of STRING_COUNT elements of each size. */
static void test_string_io(void)
{
    volatile uint8_t *buf = page_buf + 4096 - 8;

    for (unsigned size = 1; size <= 4; size *= 2) {
        uint32_t last = 0;

        out_size(TESTDEV_LATCH, 4, 0);
        for (unsigned i = 0; i < STRING_COUNT; i++) {
            last = (0x01020304u * (i + 1) + size) & size_mask(size);
            buf_put(buf + i * size, size, last);
        }
        rep_outs(TESTDEV_LATCH, size, (const void *)buf, STRING_COUNT);
        guest_check(&checks, "rep outs, last element", TESTDEV_LATCH, size,
                    in_size(TESTDEV_LATCH, size), last);

        for (unsigned i = 0; i < STRING_COUNT * size; i++) {
            buf[i] = 0xee;
        }
        buf[STRING_COUNT * size] = 0x77;
        rep_ins(TESTDEV_LATCH, size, (void *)buf, STRING_COUNT);
        for (unsigned i = 0; i < STRING_COUNT; i++) {
            guest_check(&checks, "rep ins element", TESTDEV_LATCH, size,
                        buf_get(buf + i * size, size), last);
        }
        guest_check(&checks, "rep ins, byte after the count", TESTDEV_LATCH, 1,
                    buf[STRING_COUNT * size], 0x77);
    }
}

void guest_main(uint32_t magic, uint32_t info)
{
    (void)magic;
    (void)info;
    out_size(TESTDEV_LATCH, 4, 0x5a5a5a5a);
    if (in_size(TESTDEV_LATCH, 4) != 0x5a5a5a5a) {
        serial_puts("pio: no pc-testdev at 0xe0\n");
        guest_exit(1);
    }
    test_latch();
    test_string_io();
    if (checks.failed) {
        serial_puts("pio: ");
        serial_put_dec(checks.failed);
        serial_puts(" of ");
        serial_put_dec(checks.done);
        serial_puts(" checks failed\n");
        guest_exit(1);
    }
    serial_puts("pio: ");
    serial_put_dec(checks.done);
    serial_puts(" checks passed\n");
    guest_exit(0);
}
