/*
 * The mmio guest: MMIO exits of every size and direction against
 * pc-testdev's 64 KiB of memory at 0xff000000 (-device pc-testdev),
 * each value read back and compared.
 *
 * At the start, in the middle and at the end of the window it writes
 * dwords, words and bytes at every aligned offset and reads each state
 * back with every width; then rep movs of bytes, words and dwords
 * copies 16 elements from RAM to the window and back (one exit per
 * element under KVM), and read-modify-write instructions (or, xchg)
 * work on it.  It prints "mmio: N checks passed" and leaves with
 * guest_exit(0), or reports each mismatch and "mmio: M of N checks
 * failed", guest_exit(1).
 */
#include <stdint.h>

#include "guest.h"

void guest_main(uint32_t magic, uint32_t info);

#define TESTDEV_IOMEM 0xff000000u
#define TESTDEV_IOMEM_SIZE 0x10000u
#define STRING_COUNT 16

static GuestChecks checks = {.prefix = "mmio"};

static uint8_t ram_buf[STRING_COUNT * 4 + 4];

static uint32_t mmio_read(uint32_t addr, unsigned size)
{
    if (size == 1) {
        return *(volatile uint8_t *)addr;
    } else if (size == 2) {
        return *(volatile uint16_t *)addr;
    }
    return *(volatile uint32_t *)addr;
}

static void mmio_write(uint32_t addr, unsigned size, uint32_t val)
{
    if (size == 1) {
        *(volatile uint8_t *)addr = (uint8_t)val;
    } else if (size == 2) {
        *(volatile uint16_t *)addr = (uint16_t)val;
    } else {
        *(volatile uint32_t *)addr = val;
    }
}

static uint32_t size_mask(unsigned size)
{
    return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
}

/* Every aligned read of the dword at addr against what it should hold. */
static void check_dword(const char *what, uint32_t addr, uint32_t want)
{
    for (unsigned size = 1; size <= 4; size *= 2) {
        for (unsigned off = 0; off < 4; off += size) {
            guest_check(&checks, what, addr + off, size,
                        mmio_read(addr + off, size),
                        (want >> (8 * off)) & size_mask(size));
        }
    }
}

/* Writes of every width at every aligned offset of the dword at addr. */
static void test_dword(uint32_t addr)
{
    uint32_t want = 0x89abcdef ^ addr;

    mmio_write(addr, 4, want);
    check_dword("write 4", addr, want);
    for (unsigned size = 1; size <= 2; size *= 2) {
        for (unsigned off = 0; off < 4; off += size) {
            uint32_t val = 0x3c5a7e96u >> (8 * off) ^ (size * 0x2222u);
            uint32_t mask = size_mask(size) << (8 * off);

            mmio_write(addr + off, size, val);
            want = (want & ~mask) | ((val << (8 * off)) & mask);
            check_dword(size == 1 ? "write 1" : "write 2", addr, want);
        }
    }
}

static void rep_movs(void *dst, const void *src, unsigned size, uint32_t count)
{
    if (size == 1) {
        __asm__ volatile("cld; rep movsb"
                         : "+D"(dst), "+S"(src), "+c"(count)
                         :
                         : "memory");
    } else if (size == 2) {
        __asm__ volatile("cld; rep movsw"
                         : "+D"(dst), "+S"(src), "+c"(count)
                         :
                         : "memory");
    } else {
        __asm__ volatile("cld; rep movsl"
                         : "+D"(dst), "+S"(src), "+c"(count)
                         :
                         : "memory");
    }
}

/* RAM to the window and back, STRING_COUNT elements of each size. */
static void test_movs(void)
{
    volatile uint8_t *ram = ram_buf;
    uint32_t win = TESTDEV_IOMEM + 0x100;

    for (unsigned size = 1; size <= 4; size *= 2) {
        uint32_t n = STRING_COUNT * size;

        for (uint32_t i = 0; i < n; i++) {
            ram[i] = (uint8_t)(i * 13 + size);
        }
        rep_movs((void *)win, ram_buf, size, STRING_COUNT);
        for (uint32_t i = 0; i < n; i++) {
            guest_check(&checks, "rep movs to MMIO", win + i, 1,
                        mmio_read(win + i, 1), (uint8_t)(i * 13 + size));
        }
        for (uint32_t i = 0; i <= n; i++) {
            ram[i] = 0xee;
        }
        rep_movs(ram_buf, (const void *)win, size, STRING_COUNT);
        for (uint32_t i = 0; i < n; i++) {
            guest_check(&checks, "rep movs from MMIO", win + i, 1, ram[i],
                        (uint8_t)(i * 13 + size));
        }
        guest_check(&checks, "rep movs from MMIO, byte after the count",
                    win + n, 1, ram[n], 0xee);
    }
}

/* Instructions that read and write the window in one go. */
static void test_rmw(void)
{
    volatile uint32_t *p = (volatile uint32_t *)(TESTDEV_IOMEM + 0x200);
    uint32_t old = 0x0badf00d;

    *p = 0x12000034;
    __asm__ volatile("orl $0x00560000, %0" : "+m"(*p));
    guest_check(&checks, "or", (uint32_t)p, 4, *p, 0x12560034);
    __asm__ volatile("xchgl %0, %1" : "+r"(old), "+m"(*p));
    guest_check(&checks, "xchg, old value", (uint32_t)p, 4, old, 0x12560034);
    guest_check(&checks, "xchg, new value", (uint32_t)p, 4, *p, 0x0badf00d);
}

void guest_main(uint32_t magic, uint32_t info)
{
    (void)magic;
    (void)info;
    mmio_write(TESTDEV_IOMEM, 4, 0x5a5a5a5a);
    if (mmio_read(TESTDEV_IOMEM, 4) != 0x5a5a5a5a) {
        serial_puts("mmio: no pc-testdev memory at 0xff000000\n");
        guest_exit(1);
    }
    test_dword(TESTDEV_IOMEM);
    test_dword(TESTDEV_IOMEM + TESTDEV_IOMEM_SIZE / 2 + 4);
    test_dword(TESTDEV_IOMEM + TESTDEV_IOMEM_SIZE - 4);
    test_movs();
    test_rmw();
    if (checks.failed) {
        serial_puts("mmio: ");
        serial_put_dec(checks.failed);
        serial_puts(" of ");
        serial_put_dec(checks.done);
        serial_puts(" checks failed\n");
        guest_exit(1);
    }
    serial_puts("mmio: ");
    serial_put_dec(checks.done);
    serial_puts(" checks passed\n");
    guest_exit(0);
}
