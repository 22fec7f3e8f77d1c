/*
 * The pc's firmware tables (issue 8), as firmware and a kernel see them.
 *
 * Through fw_cfg (emu and QEMU 7.2): etc/acpi/rsdp, etc/acpi/tables and
 * etc/table-loader, which the test loads as firmware does (QEMU
 * docs/specs, bios-linker-loader: ALLOCATE, ADD_POINTER, ADD_CHECKSUM)
 * into fake addresses, then checks what both machines share: the RSDP's
 * signature and checksums, every table reachable from the RSDT with a
 * valid length and checksum, the FADT's PM1a and PM timer blocks at the
 * PM base the test programmed (both rebuild the files on first read),
 * its SCI, the FACS and a DSDT with \_S5, the MADT's processors, I/O
 * APIC, interrupt source overrides and NMI entry, the HPET table only
 * with an HPET, no ACPI files with acpi=off.
 *
 * In guest memory (emu only: under QEMU the ROM is SeaBIOS's, which does
 * not run under -S): with -kernel, the RSDP found by scanning
 * 0xe0000-0xfffff on 16-byte boundaries (ACPI 6.4, 5.2.5.1), its tables
 * through the RSDT and XSDT with their checksums, the PM base the board
 * programmed, and the MP table (MP spec 1.4) with its checksums and
 * processor entries.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fw-cfg-qtest.h"

#define PIIX4_PM_DEVFN ((1 << 3) | 3)
#define PMBA 0x40
#define PMREGMISC 0x80
#define PM_BASE 0x600

/* Where the test "allocates" the files. */
#define RSDP_ADDR 0xf0000
#define TABLES_ADDR 0x100000

#define LOADER_ENTRY 128
#define LOADER_FILESZ 56

static bool is_qemu(void)
{
    const char *bin = getenv("QTEST_QEMU_BINARY");

    return bin && *bin;
}

static uint64_t le(const uint8_t *p, int size)
{
    uint64_t v = 0;

    for (int i = size - 1; i >= 0; i--) {
        v = v << 8 | p[i];
    }
    return v;
}

static uint8_t sum8(const uint8_t *p, size_t len)
{
    uint8_t s = 0;

    for (size_t i = 0; i < len; i++) {
        s += p[i];
    }
    return s;
}

static void cfg_writel(QTestState *s, int devfn, int reg, uint32_t val)
{
    qtest_outl(s, 0xcf8, 0x80000000u | devfn << 8 | reg);
    qtest_outl(s, 0xcfc, val);
}

static uint32_t cfg_readl(QTestState *s, int devfn, int reg)
{
    qtest_outl(s, 0xcf8, 0x80000000u | devfn << 8 | (reg & ~3));
    return qtest_inl(s, 0xcfc);
}

/* Firmware's step before it reads the tables: the PM I/O space on. */
static void program_pm_base(QTestState *s)
{
    cfg_writel(s, PIIX4_PM_DEVFN, PMBA, PM_BASE | 1);
    cfg_writel(s, PIIX4_PM_DEVFN, PMREGMISC, 1);
}

/* ---- The files, loaded as firmware would ---- */

typedef struct Loaded {
    uint8_t *rsdp, *tables, *script;
    uint32_t rsdp_len, tables_len, script_len;
} Loaded;

static uint8_t *loaded_file(Loaded *l, const uint8_t *name, uint64_t *addr,
                            uint32_t *len)
{
    if (!strncmp((const char *)name, "etc/acpi/rsdp", LOADER_FILESZ)) {
        *addr = RSDP_ADDR;
        *len = l->rsdp_len;
        return l->rsdp;
    }
    assert_true(!strncmp((const char *)name, "etc/acpi/tables", LOADER_FILESZ));
    *addr = TABLES_ADDR;
    *len = l->tables_len;
    return l->tables;
}

/* Run the script; count the checksum commands. */
static int run_loader(Loaded *l)
{
    int checksums = 0, allocs = 0;

    assert_int_equal(l->script_len % LOADER_ENTRY, 0);
    for (uint32_t off = 0; off < l->script_len; off += LOADER_ENTRY) {
        const uint8_t *e = l->script + off;
        uint32_t cmd = le(e, 4);
        uint64_t addr, src_addr;
        uint32_t len, src_len;
        uint8_t *f, *src;

        if (cmd == 0) {
            break;
        }
        if (cmd == 1) { /* ALLOCATE: align, zone */
            f = loaded_file(l, e + 4, &addr, &len);
            assert_int_equal(addr & (le(e + 60, 4) - 1), 0);
            allocs++;
        } else if (cmd == 2) { /* ADD_POINTER */
            uint32_t at = le(e + 116, 4);
            uint8_t size = e[120];

            f = loaded_file(l, e + 4, &addr, &len);
            src = loaded_file(l, e + 60, &src_addr, &src_len);
            (void)src;
            assert_true(size == 4 || size == 8);
            assert_true(at + size <= len);
            assert_true(le(f + at, size) < src_len);
            uint64_t v = le(f + at, size) + src_addr;
            for (int i = 0; i < size; i++) {
                f[at + i] = v >> (8 * i);
            }
        } else if (cmd == 3) { /* ADD_CHECKSUM: offset, start, length */
            uint32_t at = le(e + 60, 4), start = le(e + 64, 4);
            uint32_t length = le(e + 68, 4);

            f = loaded_file(l, e + 4, &addr, &len);
            assert_true(start + length <= len && at < len);
            f[at] -= sum8(f + start, length);
            checksums++;
        } else {
            fail_msg("unknown loader command %u", cmd);
        }
    }
    assert_int_equal(allocs, 2);
    return checksums;
}

/*
 * A file through the DMA interface (QEMU docs/specs/fw_cfg.rst): one
 * descriptor, the data in guest RAM, one read back (QEMU's tables file
 * is 128 KiB: too many byte reads).
 */
#define DMA_DESC 0x1000
#define DMA_BUF 0x10000

static uint8_t *dma_get_file(QTestState *s, const char *name, uint32_t *size)
{
    uint32_t control;
    uint16_t select;
    uint8_t d[16], *buf;

    if (!fw_cfg_find_file(s, name, &select, size)) {
        return NULL;
    }
    control = (uint32_t)select << 16 | 0x08 | 0x02; /* select, read */
    for (int i = 0; i < 4; i++) {
        d[i] = control >> (24 - 8 * i);
        d[4 + i] = *size >> (24 - 8 * i);
    }
    for (int i = 0; i < 8; i++) {
        d[8 + i] = (uint64_t)DMA_BUF >> (56 - 8 * i);
    }
    qtest_memwrite(s, DMA_DESC, d, sizeof(d));
    /* The address register is big-endian: the port sees it swapped. */
    qtest_outl(s, FW_CFG_DMA + 4, __builtin_bswap32(DMA_DESC));
    qtest_memread(s, DMA_DESC, d, 4);
    assert_int_equal(fw_cfg_be32(d), 0);
    buf = g_malloc(*size);
    qtest_memread(s, DMA_BUF, buf, *size);
    return buf;
}

static void load_files(QTestState *s, Loaded *l)
{
    l->rsdp = dma_get_file(s, "etc/acpi/rsdp", &l->rsdp_len);
    l->tables = dma_get_file(s, "etc/acpi/tables", &l->tables_len);
    l->script = dma_get_file(s, "etc/table-loader", &l->script_len);
    assert_non_null(l->rsdp);
    assert_non_null(l->tables);
    assert_non_null(l->script);
    run_loader(l);
}

static void loaded_free(Loaded *l)
{
    g_free(l->rsdp);
    g_free(l->tables);
    g_free(l->script);
}

/* ---- Checking tables wherever they are ---- */

/* A reader of guest addresses: the loaded files, or guest memory. */
typedef struct Mem {
    QTestState *s; /* NULL: the loaded files */
    Loaded *l;
} Mem;

/* A table at addr, whole (g_free it); checks its length and checksum. */
static uint8_t *get_table(Mem *m, uint64_t addr, uint32_t *len)
{
    uint8_t hdr[36], *t;

    if (!m->s) {
        assert_true(addr >= TABLES_ADDR &&
                    addr + 36 <= TABLES_ADDR + m->l->tables_len);
        memcpy(hdr, m->l->tables + (addr - TABLES_ADDR), 36);
    } else {
        qtest_memread(m->s, addr, hdr, 36);
    }
    *len = le(hdr + 4, 4);
    assert_true(*len >= 36 && *len < 0x20000);
    t = g_malloc(*len);
    if (!m->s) {
        assert_true(addr + *len <= TABLES_ADDR + m->l->tables_len);
        memcpy(t, m->l->tables + (addr - TABLES_ADDR), *len);
    } else {
        qtest_memread(m->s, addr, t, *len);
    }
    if (memcmp(t, "FACS", 4)) {
        assert_int_equal(sum8(t, *len), 0);
    }
    return t;
}

typedef struct Found {
    int cpus, enabled_cpus, ioapics, overrides, level_overrides, nmis;
    uint32_t pm1a_evt, pm1a_cnt, pm_tmr, sci;
    bool hpet, s5, facs;
    uint8_t apic_ids[256];
} Found;

static void check_madt(const uint8_t *t, uint32_t len, Found *f)
{
    assert_int_equal(le(t + 36, 4), 0xfee00000);
    for (uint32_t p = 44; p < len;) {
        uint8_t type = t[p], elen = t[p + 1];

        assert_true(elen >= 2 && p + elen <= len);
        if (type == 0) {
            f->apic_ids[f->cpus++ & 0xff] = t[p + 3];
            f->enabled_cpus += t[p + 4] & 1;
        } else if (type == 1) {
            f->ioapics++;
            assert_int_equal(le(t + p + 4, 4), 0xfec00000);
            assert_int_equal(le(t + p + 8, 4), 0);
        } else if (type == 2) {
            f->overrides++;
            if (t[p + 3] == 0) {
                assert_int_equal(le(t + p + 4, 4), 2);
            } else {
                assert_int_equal(le(t + p + 4, 4), t[p + 3]);
                f->level_overrides += le(t + p + 8, 2) == 0xd;
            }
        } else if (type == 4) {
            f->nmis++;
            assert_int_equal(t[p + 5], 1); /* LINT1 */
        }
        p += elen;
    }
}

/* Walk RSDT (and XSDT if there is one) from the RSDP at rsdp. */
static void check_tables(Mem *m, const uint8_t *rsdp, Found *f)
{
    uint32_t rlen, len;
    uint8_t *rsdt, *t;

    assert_memory_equal(rsdp, "RSD PTR ", 8);
    assert_int_equal(sum8(rsdp, 20), 0);
    assert_true(rsdp[15] == 0 || rsdp[15] == 2);
    if (rsdp[15] == 2) {
        assert_int_equal(le(rsdp + 20, 4), 36);
        assert_int_equal(sum8(rsdp, 36), 0);
    }
    rsdt = get_table(m, le(rsdp + 16, 4), &rlen);
    assert_memory_equal(rsdt, "RSDT", 4);
    for (uint32_t p = 36; p + 4 <= rlen; p += 4) {
        t = get_table(m, le(rsdt + p, 4), &len);
        if (!memcmp(t, "FACP", 4)) {
            uint32_t dlen, flen;
            uint8_t *dsdt = get_table(m, le(t + 40, 4), &dlen);
            uint8_t *facs = get_table(m, le(t + 36, 4), &flen);

            assert_memory_equal(dsdt, "DSDT", 4);
            f->s5 = memmem(dsdt + 36, dlen - 36, "_S5_", 4) != NULL;
            assert_memory_equal(facs, "FACS", 4);
            assert_int_equal(flen, 64);
            f->facs = true;
            f->sci = le(t + 46, 2);
            f->pm1a_evt = le(t + 56, 4);
            f->pm1a_cnt = le(t + 64, 4);
            f->pm_tmr = le(t + 76, 4);
            assert_int_equal(t[88], 4); /* PM1_EVT_LEN */
            assert_int_equal(t[89], 2); /* PM1_CNT_LEN */
            assert_int_equal(t[91], 4); /* PM_TMR_LEN */
            g_free(dsdt);
            g_free(facs);
        } else if (!memcmp(t, "APIC", 4)) {
            check_madt(t, len, f);
        } else if (!memcmp(t, "HPET", 4)) {
            assert_int_equal(len, 56);
            assert_int_equal(le(t + 44, 8), 0xfed00000);
            /* The HPET's capabilities: vendor 0x8086 in bits 31:16. */
            assert_int_equal(le(t + 36, 4) >> 16, 0x8086);
            f->hpet = true;
        }
        g_free(t);
    }
    g_free(rsdt);
    if (rsdp[15] == 2) {
        uint8_t *xsdt = get_table(m, le(rsdp + 24, 8), &len);

        /* The same tables as the RSDT, 64-bit. */
        assert_memory_equal(xsdt, "XSDT", 4);
        assert_int_equal((len - 36) / 8, (rlen - 36) / 4);
        g_free(xsdt);
    }
}

static void check_common(const Found *f, int cpus, uint32_t pm_base, bool hpet)
{
    assert_int_equal(f->cpus, cpus);
    assert_int_equal(f->enabled_cpus, cpus);
    for (int i = 0; i < cpus; i++) {
        assert_int_equal(f->apic_ids[i], i);
    }
    assert_int_equal(f->ioapics, 1);
    assert_int_equal(f->overrides, 5);
    assert_int_equal(f->level_overrides, 4);
    assert_int_equal(f->nmis, 1);
    assert_true(f->facs);
    assert_true(f->s5);
    assert_int_equal(f->sci, 9);
    assert_int_equal(f->pm1a_evt, pm_base);
    assert_int_equal(f->pm1a_cnt, pm_base + 4);
    assert_int_equal(f->pm_tmr, pm_base + 8);
    assert_int_equal(f->hpet, hpet);
}

static QTestState *start(const char *extra)
{
    return qtest_initf("-M pc -nodefaults %s", extra);
}

/* ---- fw_cfg ---- */

static void check_fw_cfg(const char *args, int cpus, bool hpet)
{
    QTestState *s = start(args);
    Loaded l = {0};
    Found f = {0};
    Mem m = {NULL, &l};

    program_pm_base(s);
    load_files(s, &l);
    assert_true(l.rsdp_len >= 20);
    check_tables(&m, l.rsdp, &f);
    check_common(&f, cpus, PM_BASE, hpet);
    loaded_free(&l);
    qtest_quit(s);
}

static void test_fw_cfg_tables(void **state)
{
    (void)state;
    check_fw_cfg("", 1, true);
}

static void test_fw_cfg_smp4(void **state)
{
    (void)state;
    check_fw_cfg("-smp 4", 4, true);
}

static void test_fw_cfg_no_hpet(void **state)
{
    (void)state;
    check_fw_cfg("-machine hpet=off -smp 2", 2, false);
}

/* The files describe the PM function as programmed when first read. */
static void test_fw_cfg_unprogrammed(void **state)
{
    QTestState *s = start("");
    Loaded l = {0};
    Found f = {0};
    Mem m = {NULL, &l};

    (void)state;
    load_files(s, &l);
    check_tables(&m, l.rsdp, &f);
    assert_int_equal(f.pm1a_evt, cfg_readl(s, PIIX4_PM_DEVFN, PMBA) & 0xffc0);
    assert_int_equal(f.pm_tmr, f.pm1a_evt + 8);
    loaded_free(&l);
    qtest_quit(s);
}

static void test_acpi_off(void **state)
{
    QTestState *s = start("-machine acpi=off");
    uint16_t select;
    uint32_t size;

    (void)state;
    assert_false(fw_cfg_find_file(s, "etc/acpi/tables", &select, &size));
    assert_false(fw_cfg_find_file(s, "etc/acpi/rsdp", &select, &size));
    assert_false(fw_cfg_find_file(s, "etc/table-loader", &select, &size));
    qtest_quit(s);
}

/* ---- In guest memory, for a kernel booted without firmware (emu) ---- */

/*
 * A multiboot image loaded at 1 MiB with the a.out kludge (Multiboot
 * 0.6.96, 3.1.3): header, then "hlt; jmp $-1" (never run under qtest).
 */
static char *write_kernel(void)
{
    uint32_t img[9] = {
        0x1badb002, 0x00010000, (uint32_t) - (0x1badb002 + 0x00010000),
        0x100000,   0x100000,   0,
        0,          0x100020,   0,
    };
    char *path = g_strdup("/tmp/acpi-tables-test-XXXXXX");
    int fd = mkstemp(path);

    img[8] = 0xfdebf4; /* f4: hlt, eb fd: back to it */
    assert_true(fd >= 0);
    assert_int_equal(write(fd, img, sizeof(img)), sizeof(img));
    close(fd);
    return path;
}

/* The MP table: floating pointer, header, processors with the BSP first. */
static void check_mptable(QTestState *s, int cpus)
{
    uint8_t fp[16], hdr[44], *t;
    uint64_t addr = 0;
    uint32_t len, p;
    int n = 0;

    for (uint64_t a = 0xf0000; a < 0x100000; a += 16) {
        qtest_memread(s, a, fp, 4);
        if (!memcmp(fp, "_MP_", 4)) {
            addr = a;
            break;
        }
    }
    assert_true(addr);
    qtest_memread(s, addr, fp, 16);
    assert_int_equal(fp[8], 1);
    assert_int_equal(fp[9], 4);
    assert_int_equal(sum8(fp, 16), 0);
    qtest_memread(s, le(fp + 4, 4), hdr, 44);
    assert_memory_equal(hdr, "PCMP", 4);
    len = le(hdr + 4, 2);
    t = g_malloc(len);
    qtest_memread(s, le(fp + 4, 4), t, len);
    assert_int_equal(sum8(t, len), 0);
    p = 44;
    for (uint32_t i = 0; i < le(hdr + 34, 2); i++) {
        assert_true(p < len);
        if (t[p] == 0) {
            assert_int_equal(t[p + 1], n);         /* APIC ID */
            assert_int_equal(t[p + 3], n ? 1 : 3); /* enabled, BSP */
            n++;
            p += 20;
        } else {
            p += 8;
        }
    }
    assert_int_equal(p, len);
    assert_int_equal(n, cpus);
    g_free(t);
}

static void test_memory_tables(void **state)
{
    g_autofree char *kernel = NULL;
    QTestState *s;
    uint8_t rsdp[36];
    uint64_t addr = 0;
    Found f = {0};
    Mem m;

    (void)state;
    if (is_qemu()) {
        skip();
    }
    kernel = write_kernel();
    s = qtest_initf("-M pc -nodefaults -smp 3 -kernel %s", kernel);
    m = (Mem){s, NULL};
    for (uint64_t a = 0xe0000; a < 0x100000; a += 16) {
        qtest_memread(s, a, rsdp, 8);
        if (!memcmp(rsdp, "RSD PTR ", 8)) {
            addr = a;
            break;
        }
    }
    assert_true(addr);
    qtest_memread(s, addr, rsdp, sizeof(rsdp));
    check_tables(&m, rsdp, &f);
    /* The board programmed the PM base, as firmware would have. */
    assert_int_equal(cfg_readl(s, PIIX4_PM_DEVFN, PMBA), PM_BASE | 1);
    check_common(&f, 3, PM_BASE, true);
    check_mptable(s, 3);
    qtest_quit(s);
    unlink(kernel);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fw_cfg_tables),
        cmocka_unit_test(test_fw_cfg_smp4),
        cmocka_unit_test(test_fw_cfg_no_hpet),
        cmocka_unit_test(test_fw_cfg_unprogrammed),
        cmocka_unit_test(test_acpi_off),
        cmocka_unit_test(test_memory_tables),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
