/*
 * The i440FX host bridge through libqtest: configuration mechanism #1 at
 * 0xcf8/0xcfc (PCI Local Bus Specification 3.0, 3.2.2.3.2) with its
 * corner cases, the whole configuration space of every function on bus 0
 * of "-M pc -nodefaults" (00:00.0 i440FX, 00:01.0 PIIX3, 00:01.1
 * piix3-ide, 00:01.3 PIIX4_PM) byte for byte, the read-only header bits,
 * and the 82441FX's PAM and SMRAM registers acting on 0xa0000-0xfffff.
 * Passes against emu and against QEMU 7.2 (QTEST_QEMU_BINARY): every
 * expected value here is what QEMU produces; where emu differs on
 * purpose the test says so and checks that part on emu only (told apart
 * by the qtest accelerator's clock, which QEMU's -accel tcg -S lacks).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "qtest/libqtest.h"

#define CONFIG_ADDRESS 0xcf8
#define CONFIG_DATA 0xcfc
#define CONFIG_ENABLE 0x80000000u

#define DEVFN(slot, func) ((slot) << 3 | (func))
#define I440FX DEVFN(0, 0)
#define PIIX3 DEVFN(1, 0)
#define PIIX3_IDE DEVFN(1, 1)
#define PIIX4_PM DEVFN(1, 3)

#define PAM0 0x59
#define SMRAM 0x72
#define SMRAM_D_OPEN 0x40

static QTestState *start(void)
{
    return qtest_init("-M pc -nodefaults");
}

static void cfg_select(QTestState *s, int devfn, int reg)
{
    qtest_outl(s, CONFIG_ADDRESS, CONFIG_ENABLE | devfn << 8 | (reg & 0xfc));
}

static uint32_t cfg_readl(QTestState *s, int devfn, int reg)
{
    cfg_select(s, devfn, reg);
    return qtest_inl(s, CONFIG_DATA);
}

static uint8_t cfg_readb(QTestState *s, int devfn, int reg)
{
    cfg_select(s, devfn, reg);
    return qtest_inb(s, CONFIG_DATA + (reg & 3));
}

static void cfg_writel(QTestState *s, int devfn, int reg, uint32_t val)
{
    cfg_select(s, devfn, reg);
    qtest_outl(s, CONFIG_DATA, val);
}

static void cfg_writeb(QTestState *s, int devfn, int reg, uint8_t val)
{
    cfg_select(s, devfn, reg);
    qtest_outb(s, CONFIG_DATA + (reg & 3), val);
}

/* ---- The configuration space QEMU 7.2 presents ---- */

typedef struct CfgByte {
    uint8_t off;
    uint8_t val;
} CfgByte;

/*
 * The non-zero bytes of each function after reset (-m 128M), read from
 * qemu-system-x86_64 7.2 -M pc -nodefaults.  Common to all: vendor 8086,
 * subsystem 1af4:1100.
 */
/* clang-format off */
static const CfgByte i440fx_cfg[] = {
    {0x00, 0x86}, {0x01, 0x80}, {0x02, 0x37}, {0x03, 0x12}, /* 8086:1237 */
    {0x08, 0x02},                                            /* rev 2 */
    {0x0b, 0x06},                                            /* host bridge */
    {0x2c, 0xf4}, {0x2d, 0x1a}, {0x2f, 0x11},
    {0x57, 0x10}, /* RAM in 8 MiB units */
    {0x72, 0x02}, /* SMRAM: C_BASE_SEG 010 */
    {0, 0},
};

static const CfgByte piix3_cfg[] = {
    {0x00, 0x86}, {0x01, 0x80}, {0x02, 0x00}, {0x03, 0x70},
    {0x07, 0x02},               /* status: medium DEVSEL */
    {0x0a, 0x01}, {0x0b, 0x06}, /* ISA bridge */
    {0x0e, 0x80},               /* multi-function */
    {0x2c, 0xf4}, {0x2d, 0x1a}, {0x2f, 0x11},
    {0x4c, 0x4d}, /* IORT */
    {0x4e, 0x03}, /* XBCS */
    {0x60, 0x80}, {0x61, 0x80}, {0x62, 0x80}, {0x63, 0x80}, /* PIRQRC */
    {0x69, 0x02}, /* TOM */
    {0x70, 0x80}, /* MBIRQ0 */
    {0x76, 0x0c}, {0x77, 0x0c}, /* MBDMA */
    {0x78, 0x02}, /* PCSC */
    {0xa0, 0x08}, /* SMICNTL */
    {0xa8, 0x0f}, /* FTMR */
    {0, 0},
};

static const CfgByte ide_cfg[] = {
    {0x00, 0x86}, {0x01, 0x80}, {0x02, 0x10}, {0x03, 0x70},
    {0x06, 0x80}, {0x07, 0x02}, /* fast back-to-back, medium DEVSEL */
    {0x09, 0x80},               /* bus master, legacy channels */
    {0x0a, 0x01}, {0x0b, 0x01}, /* IDE controller */
    {0x20, 0x01},               /* BAR 4 (BMIBA): I/O */
    {0x2c, 0xf4}, {0x2d, 0x1a}, {0x2f, 0x11},
    {0, 0},
};

static const CfgByte pm_cfg[] = {
    {0x00, 0x86}, {0x01, 0x80}, {0x02, 0x13}, {0x03, 0x71},
    {0x06, 0x80}, {0x07, 0x02},
    {0x08, 0x03},               /* rev 3 */
    {0x0a, 0x80}, {0x0b, 0x06}, /* other bridge */
    {0x2c, 0xf4}, {0x2d, 0x1a}, {0x2f, 0x11},
    {0x3d, 0x01},               /* INTA# */
    {0x40, 0x01},               /* PMBA: I/O, not set */
    {0x5f, 0x10}, {0x63, 0x60}, /* DEVRESD, DEVRESA */
    {0x90, 0x01}, {0x91, 0xb1}, /* SMBBA 0xb100 */
    {0xd2, 0x09},               /* SMBHSTCFG */
    {0, 0},
};
/* clang-format on */

static void expected_space(const CfgByte *bytes, uint8_t *out)
{
    memset(out, 0, 256);
    for (; bytes->off || bytes->val; bytes++) {
        out[bytes->off] = bytes->val;
    }
}

static void assert_space(QTestState *s, int devfn, const CfgByte *bytes)
{
    uint8_t want[256];

    expected_space(bytes, want);
    for (int reg = 0; reg < 256; reg += 4) {
        uint32_t v = cfg_readl(s, devfn, reg);

        for (int i = 0; i < 4; i++) {
            if ((uint8_t)(v >> (8 * i)) != want[reg + i]) {
                print_error("devfn %02x.%d register 0x%02x: 0x%02x, want "
                            "0x%02x\n",
                            devfn >> 3, devfn & 7, reg + i,
                            (uint8_t)(v >> (8 * i)), want[reg + i]);
                fail();
            }
        }
    }
}

/* Every function of bus 0, whole, and nothing else there. */
static void test_config_space_dump(void **state)
{
    QTestState *s = start();

    (void)state;
    for (int devfn = 0; devfn < 256; devfn++) {
        const CfgByte *bytes = NULL;

        switch (devfn) {
        case I440FX:
            bytes = i440fx_cfg;
            break;
        case PIIX3:
            bytes = piix3_cfg;
            break;
        case PIIX3_IDE:
            bytes = ide_cfg;
            break;
        case PIIX4_PM:
            bytes = pm_cfg;
            break;
        }
        if (bytes) {
            assert_space(s, devfn, bytes);
        } else {
            /* No function: the vendor ID reads 0xffff (a master abort). */
            assert_int_equal(cfg_readl(s, devfn, 0), 0xffffffff);
        }
    }
    qtest_quit(s);
}

/* Register 0x57 follows -m, in 8 MiB units up to 255. */
static void test_ram_size_register(void **state)
{
    QTestState *s = qtest_init("-M pc -nodefaults -m 1G");

    (void)state;
    assert_int_equal(cfg_readb(s, I440FX, 0x57), 128);
    qtest_quit(s);
    s = qtest_init("-M pc -nodefaults -m 3G");
    assert_int_equal(cfg_readb(s, I440FX, 0x57), 255);
    qtest_quit(s);
}

/* -device X,bus=pci.0,addr=S[.F]: exactly there; multifunction=on. */
static void test_device_placement(void **state)
{
    QTestState *s = qtest_init(
        "-M pc -nodefaults -device piix3-ide,bus=pci.0,addr=0x4 "
        "-device piix3-ide,bus=pci.0,addr=05.0,multifunction=on "
        "-device piix3-ide,bus=pci.0,addr=5.2 -device piix3-ide,addr=1.2");

    (void)state;
    assert_int_equal(cfg_readl(s, DEVFN(4, 0), 0), 0x70108086);
    assert_int_equal(cfg_readb(s, DEVFN(4, 0), 0x0e), 0x00);
    assert_int_equal(cfg_readl(s, DEVFN(5, 0), 0), 0x70108086);
    assert_int_equal(cfg_readb(s, DEVFN(5, 0), 0x0e), 0x80);
    assert_int_equal(cfg_readl(s, DEVFN(5, 2), 0), 0x70108086);
    assert_int_equal(cfg_readb(s, DEVFN(5, 2), 0x0e), 0x00);
    /* The PIIX3's slot is multi-function: 01.2 was free. */
    assert_int_equal(cfg_readl(s, DEVFN(1, 2), 0), 0x70108086);
    assert_int_equal(cfg_readl(s, DEVFN(3, 0), 0), 0xffffffff);
    assert_int_equal(cfg_readl(s, DEVFN(5, 1), 0), 0xffffffff);
    qtest_quit(s);
}

/* ---- Configuration mechanism #1 ---- */

static void test_config_address(void **state)
{
    QTestState *s = start();

    (void)state;
    /* Only a dword write loads CONFIG_ADDRESS; all 32 bits read back. */
    qtest_outl(s, CONFIG_ADDRESS, 0x12345678);
    assert_int_equal(qtest_inl(s, CONFIG_ADDRESS), 0x12345678);
    qtest_outw(s, CONFIG_ADDRESS, 0xabcd);
    qtest_outb(s, CONFIG_ADDRESS + 3, 0x80);
    qtest_outb(s, CONFIG_ADDRESS + 2, 0x80);
    assert_int_equal(qtest_inl(s, CONFIG_ADDRESS), 0x12345678);
    /*
     * Narrower reads are QEMU's: the register's low bytes whatever the
     * offset, but 0xcf9 is the PIIX3's reset control register (0).
     */
    assert_int_equal(qtest_inw(s, CONFIG_ADDRESS), 0x5678);
    assert_int_equal(qtest_inb(s, CONFIG_ADDRESS), 0x78);
    assert_int_equal(qtest_inb(s, CONFIG_ADDRESS + 1), 0x00);
    assert_int_equal(qtest_inb(s, CONFIG_ADDRESS + 2), 0x78);
    assert_int_equal(qtest_inb(s, CONFIG_ADDRESS + 3), 0x78);
    assert_int_equal(qtest_inw(s, CONFIG_ADDRESS + 2), 0x5678);
    qtest_quit(s);
}

static void test_config_data(void **state)
{
    QTestState *s = start();

    (void)state;
    /* Bytes and words at every offset of CONFIG_DATA. */
    qtest_outl(s, CONFIG_ADDRESS, CONFIG_ENABLE);
    assert_int_equal(qtest_inl(s, CONFIG_DATA), 0x12378086);
    assert_int_equal(qtest_inb(s, CONFIG_DATA), 0x86);
    assert_int_equal(qtest_inb(s, CONFIG_DATA + 1), 0x80);
    assert_int_equal(qtest_inb(s, CONFIG_DATA + 2), 0x37);
    assert_int_equal(qtest_inb(s, CONFIG_DATA + 3), 0x12);
    assert_int_equal(qtest_inw(s, CONFIG_DATA), 0x8086);
    assert_int_equal(qtest_inw(s, CONFIG_DATA + 2), 0x1237);
    /* An unaligned word is two bytes: 0xcfd and 0xcfe. */
    assert_int_equal(qtest_inw(s, CONFIG_DATA + 1), 0x3780);
    /* The low bits of CONFIG_ADDRESS add to the port offset. */
    qtest_outl(s, CONFIG_ADDRESS, CONFIG_ENABLE | 2);
    assert_int_equal(qtest_inw(s, CONFIG_DATA), 0x1237);
    assert_int_equal(qtest_inb(s, CONFIG_DATA + 1), 0x12);
    /* Bits 30:24 are reserved: still function 00:00.0. */
    qtest_outl(s, CONFIG_ADDRESS, 0x81000000);
    assert_int_equal(qtest_inl(s, CONFIG_DATA), 0x12378086);
    assert_int_equal(qtest_inl(s, CONFIG_ADDRESS), 0x81000000);

    /* Byte and word writes land where they point (PIIX3's PIRQRC). */
    cfg_writeb(s, PIIX3, 0x61, 0x0a);
    cfg_select(s, PIIX3, 0x60);
    qtest_outw(s, CONFIG_DATA + 2, 0x0b0c);
    assert_int_equal(cfg_readl(s, PIIX3, 0x60), 0x0b0c0a80);
    qtest_quit(s);
}

static void test_config_absent(void **state)
{
    QTestState *s = start();

    (void)state;
    /* Enable bit clear: not a configuration cycle, all-ones. */
    qtest_outl(s, CONFIG_ADDRESS, 0);
    assert_int_equal(qtest_inl(s, CONFIG_DATA), 0xffffffff);
    assert_int_equal(qtest_inw(s, CONFIG_DATA + 2), 0xffff);
    assert_int_equal(qtest_inb(s, CONFIG_DATA + 1), 0xff);
    /* And writes go nowhere. */
    qtest_outl(s, CONFIG_ADDRESS, SMRAM);
    qtest_outb(s, CONFIG_DATA + 2, 0x00);
    assert_int_equal(cfg_readb(s, I440FX, SMRAM), 0x02);
    /* Functions that are not there: vendor 0xffff, writes dropped. */
    assert_int_equal(cfg_readl(s, DEVFN(1, 2), 0), 0xffffffff);
    assert_int_equal(cfg_readl(s, DEVFN(2, 0), 0), 0xffffffff);
    assert_int_equal(cfg_readl(s, DEVFN(31, 7), 0), 0xffffffff);
    cfg_writel(s, DEVFN(2, 0), 0x04, 0x7);
    assert_int_equal(cfg_readl(s, DEVFN(2, 0), 0x04), 0xffffffff);
    /* No bus 1 behind this host. */
    qtest_outl(s, CONFIG_ADDRESS, CONFIG_ENABLE | 1 << 16);
    assert_int_equal(qtest_inl(s, CONFIG_DATA), 0xffffffff);
    qtest_quit(s);
}

/* ---- Read-only bits ---- */

/*
 * All-ones written to each header register reads back the writable
 * bits only: command 0x0507 (I/O, memory, bus master, SERR#, INTx
 * disable), interrupt line, and the BAR's size bits; IDs, class,
 * revision, header type, subsystem and interrupt pin stay.  The
 * device-specific registers are all writable in QEMU 7.2 (and emu).
 */
static void test_header_read_only(void **state)
{
    static const struct {
        int devfn;
        uint32_t cmd_status, id, class_rev, hdr, bar4, intr;
    } f[] = {
        {I440FX, 0x00000507, 0x12378086, 0x06000002, 0x000000ff, 0, 0xff},
        {PIIX3, 0x02000507, 0x70008086, 0x06010000, 0x008000ff, 0, 0xff},
        {PIIX3_IDE, 0x02800507, 0x70108086, 0x01018000, 0x000000ff, 0xfffffff1,
         0xff},
        {PIIX4_PM, 0x02800507, 0x71138086, 0x06800003, 0x000000ff, 0, 0x1ff},
    };
    QTestState *s = start();

    (void)state;
    for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
        for (int reg = 0; reg < 0x40; reg += 4) {
            cfg_writel(s, f[i].devfn, reg, 0xffffffff);
        }
        assert_int_equal(cfg_readl(s, f[i].devfn, 0x00), f[i].id);
        /* Status: read-only and write-1-to-clear bits, none set. */
        assert_int_equal(cfg_readl(s, f[i].devfn, 0x04), f[i].cmd_status);
        assert_int_equal(cfg_readl(s, f[i].devfn, 0x08), f[i].class_rev);
        assert_int_equal(cfg_readl(s, f[i].devfn, 0x0c), f[i].hdr);
        for (int reg = 0x10; reg < 0x28; reg += 4) {
            assert_int_equal(cfg_readl(s, f[i].devfn, reg),
                             reg == 0x20 ? f[i].bar4 : 0);
        }
        assert_int_equal(cfg_readl(s, f[i].devfn, 0x2c), 0x11001af4);
        assert_int_equal(cfg_readl(s, f[i].devfn, 0x30), 0);
        assert_int_equal(cfg_readl(s, f[i].devfn, 0x34), 0);
        assert_int_equal(cfg_readl(s, f[i].devfn, 0x3c), f[i].intr);
        /* Clearing the command register gives the status back alone. */
        cfg_writel(s, f[i].devfn, 0x04, 0);
        assert_int_equal(cfg_readl(s, f[i].devfn, 0x04),
                         f[i].cmd_status & 0xffff0000);
    }
    /* Device-specific registers: plain storage in QEMU 7.2 and emu. */
    cfg_writel(s, I440FX, 0x40, 0xffffffff);
    assert_int_equal(cfg_readl(s, I440FX, 0x40), 0xffffffff);
    cfg_writel(s, I440FX, 0x40, 0x12345678);
    assert_int_equal(cfg_readl(s, I440FX, 0x40), 0x12345678);
    qtest_quit(s);
}

/* ---- PAM ---- */

/* Is this emu (the qtest accelerator's clock) rather than QEMU? */
static bool is_emu(QTestState *s)
{
    return qtest_probe_clock(s);
}

static void pam_set(QTestState *s, int reg, uint8_t val)
{
    cfg_writeb(s, I440FX, reg, val);
    assert_int_equal(cfg_readb(s, I440FX, reg), val);
}

/*
 * 82441FX 3.2.18: attribute 0 sends the area to PCI (what is there, a
 * ROM or nothing, ignores the write), 3 to RAM, 1 makes RAM read-only,
 * 2 (as QEMU models it) RAM read/write.  addr is an address of the area
 * controlled by the nibble of reg at shift.
 */
static void check_pam_area(QTestState *s, uint64_t addr, int reg, int shift,
                           uint64_t other)
{
    uint8_t pci, ram, other_pci;

    pam_set(s, reg, 0);
    pci = qtest_readb(s, addr);
    qtest_writeb(s, addr, pci ^ 0xff);
    assert_int_equal(qtest_readb(s, addr), pci);

    ram = pci ^ 0x5a;
    other_pci = qtest_readb(s, other);
    pam_set(s, reg, 3 << shift);
    qtest_writeb(s, addr, ram);
    assert_int_equal(qtest_readb(s, addr), ram);
    /* The neighbouring area stays PCI: a write there goes nowhere. */
    qtest_writeb(s, other, other_pci ^ 0xff);
    assert_int_equal(qtest_readb(s, other), other_pci);

    /* Read-only: RAM shows, writes do not reach it. */
    pam_set(s, reg, 1 << shift);
    assert_int_equal(qtest_readb(s, addr), ram);
    if (is_emu(s)) {
        /*
         * QEMU 7.2's address_space_write (qtest's, and DMA's path)
         * ignores the read-only alias and writes the RAM; its CPUs do
         * honour it.  emu drops the write on every path.
         */
        qtest_writeb(s, addr, ram ^ 0xff);
        assert_int_equal(qtest_readb(s, addr), ram);
    }

    /* Write-only as QEMU models it: RAM, read and write. */
    pam_set(s, reg, 2 << shift);
    qtest_writeb(s, addr, ram ^ 0x11);
    assert_int_equal(qtest_readb(s, addr), ram ^ 0x11);

    /* Back to PCI: the RAM is hidden, not lost. */
    pam_set(s, reg, 0);
    assert_int_equal(qtest_readb(s, addr), pci);
    pam_set(s, reg, 3 << shift);
    assert_int_equal(qtest_readb(s, addr), ram ^ 0x11);
    pam_set(s, reg, 0);
}

static void test_pam(void **state)
{
    QTestState *s = start();

    (void)state;
    for (int reg = PAM0; reg < PAM0 + 7; reg++) {
        assert_int_equal(cfg_readb(s, I440FX, reg), 0);
    }
    /* PAM0 bits 7:4: the BIOS area 0xf0000-0xfffff (bits 3:0 reserved). */
    check_pam_area(s, 0xf0000, PAM0, 4, 0xe0000);
    check_pam_area(s, 0xfffff, PAM0, 4, 0xeffff);
    /* PAM1: 0xc0000-0xc3fff (low nibble), 0xc4000-0xc7fff (high). */
    check_pam_area(s, 0xc0000, PAM0 + 1, 0, 0xc4000);
    check_pam_area(s, 0xc7fff, PAM0 + 1, 4, 0xc3fff);
    /* PAM6: 0xe8000-0xebfff, 0xec000-0xeffff. */
    check_pam_area(s, 0xe8000, PAM0 + 6, 0, 0xec000);
    check_pam_area(s, 0xec000, PAM0 + 6, 4, 0xe8000);
    /* Below and above the PAM areas it is RAM whatever PAM says. */
    qtest_writeb(s, 0x9ffff, 0xa5);
    assert_int_equal(qtest_readb(s, 0x9ffff), 0xa5);
    qtest_writeb(s, 0x100000, 0x5a);
    assert_int_equal(qtest_readb(s, 0x100000), 0x5a);
    qtest_quit(s);
}

/* A PAM area shadowing one page of RAM keeps its bytes apart. */
static void test_pam_shadow_copy(void **state)
{
    QTestState *s = start();
    uint8_t rom[64], buf[64];

    (void)state;
    /* What firmware does: copy the ROM into RAM, then write-protect. */
    qtest_memread(s, 0xc0000, rom, sizeof(rom));
    pam_set(s, PAM0 + 1, 0x33);
    qtest_memwrite(s, 0xc0000, rom, sizeof(rom));
    pam_set(s, PAM0 + 1, 0x11);
    qtest_memread(s, 0xc0000, buf, sizeof(buf));
    assert_memory_equal(buf, rom, sizeof(rom));
    qtest_quit(s);
}

/* ---- SMRAM ---- */

static void test_smram(void **state)
{
    QTestState *s = start();

    (void)state;
    assert_int_equal(cfg_readb(s, I440FX, SMRAM), 0x02);
    /* D_OPEN: the RAM under 0xa0000-0xbffff is visible. */
    cfg_writeb(s, I440FX, SMRAM, 0x02 | SMRAM_D_OPEN);
    qtest_writel(s, 0xa0000, 0x12345678);
    qtest_writel(s, 0xbfffc, 0x9abcdef0);
    assert_int_equal(qtest_readl(s, 0xa0000), 0x12345678);
    assert_int_equal(qtest_readl(s, 0xbfffc), 0x9abcdef0);
    cfg_writeb(s, I440FX, SMRAM, 0x02);
    if (is_emu(s)) {
        /*
         * Closed: the area is PCI's, where no VGA decodes with
         * -nodefaults, so reads return all-ones.  QEMU 7.2 lets such
         * accesses fall through to the RAM underneath.
         */
        assert_int_equal(qtest_readl(s, 0xa0000), 0xffffffff);
    }
    /* Open again: the RAM kept its contents. */
    cfg_writeb(s, I440FX, SMRAM, 0x02 | SMRAM_D_OPEN);
    assert_int_equal(qtest_readl(s, 0xa0000), 0x12345678);
    /* As in QEMU the register is plain storage otherwise (no D_LCK). */
    cfg_writeb(s, I440FX, SMRAM, 0xff);
    assert_int_equal(cfg_readb(s, I440FX, SMRAM), 0xff);
    cfg_writeb(s, I440FX, SMRAM, 0x00);
    assert_int_equal(cfg_readb(s, I440FX, SMRAM), 0x00);
    qtest_quit(s);
}

/* ---- Reset ---- */

static void test_reset(void **state)
{
    QTestState *s = start();

    (void)state;
    cfg_writeb(s, I440FX, PAM0, 0x30);
    cfg_writeb(s, I440FX, SMRAM, 0x4a);
    cfg_writel(s, I440FX, 0x04, 0x0106);
    qtest_qmp_assert_success(s, "{\"execute\": \"system_reset\"}");
    qtest_qmp_eventwait(s, "RESET");
    /* PCI reset (RST#) clears the command register on both. */
    assert_int_equal(cfg_readl(s, I440FX, 0x04), 0);
    if (is_emu(s)) {
        /*
         * The 82441FX's registers return to their power-on values; QEMU
         * 7.2 keeps PAM, SMRAM and the rest across a system reset.
         */
        assert_space(s, I440FX, i440fx_cfg);
    }
    qtest_quit(s);
}

/* ---- The host's properties (QOM) ---- */

static uint64_t qom_get_uint(QTestState *s, const char *path, const char *prop)
{
    JsonObject *r = qtest_qmp(s,
                              "{\"execute\": \"qom-get\", \"arguments\": "
                              "{\"path\": \"%s\", \"property\": \"%s\"}}",
                              path, prop);
    uint64_t v;

    assert_true(json_object_has_member(r, "return"));
    v = (uint64_t)json_object_get_int_member(r, "return");
    json_object_unref(r);
    return v;
}

static void test_host_properties(void **state)
{
    QTestState *s = qtest_init("-M pc -nodefaults -m 5G");

    (void)state;
    assert_int_equal(qom_get_uint(s, "/machine/i440fx", "pci-hole-start"),
                     3ULL << 30);
    assert_int_equal(qom_get_uint(s, "/machine/i440fx", "pci-hole-end"),
                     0xfec00000);
    assert_int_equal(qom_get_uint(s, "/machine/i440fx", "pci-hole64-start"),
                     6ULL << 30);
    assert_int_equal(qom_get_uint(s, "/machine/i440fx", "pci-hole64-end"),
                     8ULL << 30);
    assert_int_equal(qom_get_uint(s, "/machine/i440fx", "pci-hole64-size"),
                     2ULL << 30);
    qtest_quit(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_space_dump),
        cmocka_unit_test(test_ram_size_register),
        cmocka_unit_test(test_device_placement),
        cmocka_unit_test(test_config_address),
        cmocka_unit_test(test_config_data),
        cmocka_unit_test(test_config_absent),
        cmocka_unit_test(test_header_read_only),
        cmocka_unit_test(test_pam),
        cmocka_unit_test(test_pam_shadow_copy),
        cmocka_unit_test(test_smram),
        cmocka_unit_test(test_reset),
        cmocka_unit_test(test_host_properties),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
