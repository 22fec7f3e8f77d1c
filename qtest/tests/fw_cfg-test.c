/*
 * fw_cfg ("fw_cfg_io" at /machine/fw_cfg, ports 0x510/0x511/0x514) as
 * the pc board fills it, through libqtest: the signature and ID, the
 * items (RAM size, CPU counts, UUID, boot menu, no-graphics), the file
 * directory and its order, etc/e820, bootorder, reads past the end, the
 * DMA interface (select, read, skip, write refusal, the two halves of
 * the address register) and reset.  Passes against emu and QEMU 7.2
 * (QEMU docs/specs/fw_cfg.rst and QEMU's answers).
 *
 * Differs on purpose: QEMU also lists etc/tpm/log, etc/system-states
 * and option ROMs (genroms/kvmvapic.bin), which emu does not build; the
 * tests look files up by name and never count them (the ACPI files are
 * acpi-tables-test.c's).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fw-cfg-qtest.h"

/* Guest RAM the DMA tests use. */
#define DMA_DESC 0x1000
#define DMA_BUF 0x2000

#define DMA_CTL_ERROR 0x01
#define DMA_CTL_READ 0x02
#define DMA_CTL_SKIP 0x04
#define DMA_CTL_SELECT 0x08
#define DMA_CTL_WRITE 0x10

#define SEED_UUID "1f8e6f7e-5a70-4780-89c1-464dc0e7f308"
static const uint8_t seed_uuid[16] = {0x1f, 0x8e, 0x6f, 0x7e, 0x5a, 0x70,
                                      0x47, 0x80, 0x89, 0xc1, 0x46, 0x4d,
                                      0xc0, 0xe7, 0xf3, 0x08};

static QTestState *start(const char *extra)
{
    return qtest_initf("-M pc -nodefaults %s", extra);
}

/* ---- Signature, ID ---- */

static void test_signature(void **state)
{
    QTestState *s = start("");
    char sig[8];

    (void)state;
    fw_cfg_get(s, FW_CFG_SIGNATURE, sig, 4);
    assert_memory_equal(sig, "QEMU", 4);
    /* Byte reads at the selector port read the data register too. */
    fw_cfg_select(s, FW_CFG_SIGNATURE);
    assert_int_equal(qtest_inb(s, FW_CFG_CTL), 'Q');
    assert_int_equal(qtest_inb(s, FW_CFG_DATA), 'E');
    /* The write channel bit (ignored since QEMU 2.4) selects the same. */
    fw_cfg_select(s, 0x4000 | FW_CFG_SIGNATURE);
    assert_int_equal(qtest_inb(s, FW_CFG_DATA), 'Q');
    /* Byte writes to the data register are ignored. */
    qtest_outb(s, FW_CFG_DATA, 'X');
    assert_int_equal(qtest_inb(s, FW_CFG_DATA), 'E');
    qtest_quit(s);
}

static void test_id(void **state)
{
    QTestState *s = start("");

    (void)state;
    /* Traditional interface and DMA. */
    assert_int_equal(fw_cfg_get_le(s, FW_CFG_ID, 4), 3);
    /* "QEMU CFG" at the DMA address register, big-endian. */
    assert_int_equal(qtest_inl(s, FW_CFG_DMA), 0x554d4551);
    assert_int_equal(qtest_inl(s, FW_CFG_DMA + 4), 0x47464320);
    assert_int_equal(qtest_inb(s, FW_CFG_DMA + 5), 'C');
    qtest_quit(s);

    /* QEMU 2.4 had no DMA interface. */
    s = qtest_init("-M pc-i440fx-2.4 -nodefaults");
    assert_int_equal(fw_cfg_get_le(s, FW_CFG_ID, 4), 1);
    qtest_quit(s);
}

/* ---- Items ---- */

static void test_ram_size(void **state)
{
    QTestState *s = start("-m 256");

    (void)state;
    assert_int_equal(fw_cfg_get_le(s, FW_CFG_RAM_SIZE, 8), 256 << 20);
    qtest_quit(s);
    s = start("-m 4G");
    assert_int_equal(fw_cfg_get_le(s, FW_CFG_RAM_SIZE, 8), 4ULL << 30);
    qtest_quit(s);
}

static void test_cpus(void **state)
{
    QTestState *s = start("");

    (void)state;
    assert_int_equal(fw_cfg_get_le(s, FW_CFG_NB_CPUS, 2), 1);
    assert_int_equal(fw_cfg_get_le(s, FW_CFG_MAX_CPUS, 2), 1);
    qtest_quit(s);
    /* CPUs at start, and (on x86) the APIC ID limit of the possible ones. */
    s = start("-smp 2,maxcpus=4");
    assert_int_equal(fw_cfg_get_le(s, FW_CFG_NB_CPUS, 2), 2);
    assert_int_equal(fw_cfg_get_le(s, FW_CFG_MAX_CPUS, 2), 4);
    qtest_quit(s);
    /* 3 cores take APIC IDs 0-2 of a 4-wide core field: limit 7. */
    s = start("-smp 2,sockets=2,cores=3,maxcpus=6");
    assert_int_equal(fw_cfg_get_le(s, FW_CFG_NB_CPUS, 2), 2);
    assert_int_equal(fw_cfg_get_le(s, FW_CFG_MAX_CPUS, 2), 7);
    qtest_quit(s);
}

static void test_uuid(void **state)
{
    QTestState *s = start("");
    uint8_t uuid[16], zero[16] = {0};

    (void)state;
    fw_cfg_get(s, FW_CFG_UUID, uuid, 16);
    assert_memory_equal(uuid, zero, 16);
    qtest_quit(s);

    s = start("-uuid " SEED_UUID);
    fw_cfg_get(s, FW_CFG_UUID, uuid, 16);
    assert_memory_equal(uuid, seed_uuid, 16);
    qtest_quit(s);

    /* -smbios type=1,uuid= sets the same UUID; the last one given wins. */
    s = start("-uuid 00000000-0000-0000-0000-000000000001 "
              "-smbios type=1,uuid=" SEED_UUID);
    fw_cfg_get(s, FW_CFG_UUID, uuid, 16);
    assert_memory_equal(uuid, seed_uuid, 16);
    qtest_quit(s);
}

static void test_boot_options(void **state)
{
    QTestState *s = start("");
    uint8_t *data;
    uint32_t size;

    (void)state;
    assert_int_equal(fw_cfg_get_le(s, FW_CFG_BOOT_MENU, 2), 0);
    assert_int_equal(fw_cfg_get_le(s, FW_CFG_NOGRAPHIC, 2), 0);
    /* No reboot after a failed boot: -1. */
    data = fw_cfg_get_file(s, "etc/boot-fail-wait", &size);
    assert_non_null(data);
    assert_int_equal(size, 4);
    assert_memory_equal(data, "\xff\xff\xff\xff", 4);
    g_free(data);
    assert_null(fw_cfg_get_file(s, "etc/boot-menu-wait", &size));
    qtest_quit(s);

    s = start("-boot menu=on,splash-time=3000,reboot-timeout=1000 "
              "-machine graphics=off");
    assert_int_equal(fw_cfg_get_le(s, FW_CFG_BOOT_MENU, 2), 1);
    assert_int_equal(fw_cfg_get_le(s, FW_CFG_NOGRAPHIC, 2), 1);
    data = fw_cfg_get_file(s, "etc/boot-menu-wait", &size);
    assert_non_null(data);
    assert_int_equal(size, 2);
    assert_memory_equal(data, "\xb8\x0b", 2);
    g_free(data);
    data = fw_cfg_get_file(s, "etc/boot-fail-wait", &size);
    assert_non_null(data);
    assert_memory_equal(data, "\xe8\x03\x00\x00", 4);
    g_free(data);
    qtest_quit(s);
}

static void test_arch_items(void **state)
{
    QTestState *s = start("");
    uint8_t hpet[19];

    (void)state;
    assert_int_equal(fw_cfg_get_le(s, FW_CFG_IRQ0_OVERRIDE, 4), 1);
    /* One HPET: its capabilities' low half and its address. */
    fw_cfg_get(s, FW_CFG_HPET, hpet, sizeof(hpet));
    assert_int_equal(hpet[0], 1);
    assert_memory_equal(hpet + 1, "\x01\xa2\x86\x80", 4);
    assert_memory_equal(hpet + 5, "\x00\x00\xd0\xfe\x00\x00\x00\x00", 8);
    qtest_quit(s);
    /* None: QEMU's table keeps its "no HPET yet" count. */
    s = start("-no-hpet");
    assert_int_equal(fw_cfg_get_le(s, FW_CFG_HPET, 1), 0xff);
    qtest_quit(s);
}

/* ---- Files ---- */

static void test_file_dir(void **state)
{
    static const char *const expected[] = {
        "bios-geometry",
        "bootorder",
        "etc/boot-fail-wait",
        "etc/e820",
        "etc/smbios/smbios-anchor",
        "etc/smbios/smbios-tables",
    };
    QTestState *s = start("");
    uint8_t count[4], entry[64];
    char prev[57] = "";
    uint32_t n, found = 0;

    (void)state;
    fw_cfg_get(s, FW_CFG_FILE_DIR, count, 4);
    n = fw_cfg_be32(count);
    assert_true(n >= G_N_ELEMENTS(expected));
    for (uint32_t i = 0; i < n; i++) {
        char name[57] = {0};

        fw_cfg_read(s, entry, sizeof(entry));
        memcpy(name, entry + 8, 56);
        /* NUL-terminated, sorted by name, keys from 0x20 in that order. */
        assert_int_equal(entry[8 + 55], 0);
        assert_true(strcmp(prev, name) < 0);
        assert_int_equal(entry[4] << 8 | entry[5], FW_CFG_FILE_FIRST + i);
        assert_int_equal(entry[6] | entry[7], 0);
        for (size_t j = 0; j < G_N_ELEMENTS(expected); j++) {
            found += !strcmp(name, expected[j]);
        }
        strcpy(prev, name);
    }
    assert_int_equal(found, G_N_ELEMENTS(expected));
    /* Reading past the directory gives zeros. */
    fw_cfg_read(s, entry, 4);
    assert_memory_equal(entry, "\0\0\0\0", 4);
    qtest_quit(s);
}

/* Machine types up to 2.5 keep QEMU 2.5's fixed numbering. */
static void test_legacy_order(void **state)
{
    static const char *const order[] = {
        "etc/boot-fail-wait",
        "etc/smbios/smbios-tables",
        "etc/smbios/smbios-anchor",
        "etc/e820",
        "bootorder",
    };
    QTestState *s = qtest_init("-M pc-i440fx-2.5 -nodefaults");
    uint16_t select = 0, prev = 0;
    uint32_t size = 0;

    (void)state;
    for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
        assert_true(fw_cfg_find_file(s, order[i], &select, &size));
        assert_true(select > prev);
        prev = select;
    }
    assert_true(fw_cfg_find_file(s, "etc/boot-fail-wait", &select, &size));
    assert_int_equal(select, FW_CFG_FILE_FIRST);
    /* And no geometry list yet. */
    assert_false(fw_cfg_find_file(s, "bios-geometry", &select, &size));
    qtest_quit(s);
}

static void check_e820_entry(const uint8_t *e, uint64_t addr, uint64_t len,
                             uint32_t type)
{
    uint64_t a = 0, l = 0;

    for (int i = 7; i >= 0; i--) {
        a = a << 8 | e[i];
        l = l << 8 | e[8 + i];
    }
    assert_int_equal(a, addr);
    assert_int_equal(l, len);
    assert_int_equal(e[16] | e[17] << 8 | e[18] << 16 | e[19] << 24, type);
}

static void test_e820(void **state)
{
    QTestState *s = start("-m 4G");
    uint8_t *e;
    uint32_t size;

    (void)state;
    /*
     * qemu64 is an AMD CPU with 40 address bits: the HyperTransport hole
     * below 1 TiB is reserved, then RAM split at 3 GiB.
     */
    e = fw_cfg_get_file(s, "etc/e820", &size);
    assert_non_null(e);
    assert_int_equal(size, 3 * 20);
    check_e820_entry(e, 0xfd00000000ULL, 0x300000000ULL, 2);
    check_e820_entry(e + 20, 0, 3ULL << 30, 1);
    check_e820_entry(e + 40, 4ULL << 30, 1ULL << 30, 1);
    g_free(e);
    qtest_quit(s);

    /* pc-i440fx-7.0 did not reserve the hole. */
    s = qtest_init("-M pc-i440fx-7.0 -nodefaults -m 256");
    e = fw_cfg_get_file(s, "etc/e820", &size);
    assert_non_null(e);
    assert_int_equal(size, 20);
    check_e820_entry(e, 0, 256 << 20, 1);
    g_free(e);
    qtest_quit(s);
}

/* IA32_FEATURE_CONTROL for the firmware to lock: LMCE here. */
static void test_feature_control(void **state)
{
    QTestState *s = start("");
    uint8_t *data;
    uint32_t size;

    (void)state;
    assert_null(fw_cfg_get_file(s, "etc/msr_feature_control", &size));
    qtest_quit(s);
    s = start("-cpu Skylake-Server,+lmce");
    data = fw_cfg_get_file(s, "etc/msr_feature_control", &size);
    assert_non_null(data);
    assert_int_equal(size, 8);
    assert_memory_equal(data, "\x01\x00\x10\x00\x00\x00\x00\x00", 8);
    g_free(data);
    qtest_quit(s);
}

static void test_bootorder(void **state)
{
    QTestState *s = start("-boot strict=on");
    uint16_t select = 0;
    uint32_t size = 0;

    (void)state;
    /* No device has a bootindex: nothing listed, so no "HALT" either. */
    assert_true(fw_cfg_find_file(s, "bootorder", &select, &size));
    assert_int_equal(size, 0);
    fw_cfg_select(s, select);
    assert_int_equal(qtest_inb(s, FW_CFG_DATA), 0);
    qtest_quit(s);
}

static void test_read_past_end(void **state)
{
    QTestState *s = start("");
    uint8_t buf[8];

    (void)state;
    fw_cfg_get(s, FW_CFG_SIGNATURE, buf, 8);
    assert_memory_equal(buf, "QEMU\0\0\0\0", 8);
    /* Keys nothing was put at, in range or not, read as zeros. */
    fw_cfg_get(s, 0x0018, buf, 4);
    assert_memory_equal(buf, "\0\0\0\0", 4);
    fw_cfg_get(s, 0x3fff, buf, 4);
    assert_memory_equal(buf, "\0\0\0\0", 4);
    fw_cfg_get(s, FW_CFG_ARCH_LOCAL | 0x3fff, buf, 4);
    assert_memory_equal(buf, "\0\0\0\0", 4);
    qtest_quit(s);
}

/* ---- DMA ---- */

static uint32_t bswap32(uint32_t v)
{
    return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | v << 24;
}

/* Put an FWCfgDmaAccess (big-endian) at DMA_DESC. */
static void dma_desc(QTestState *s, uint32_t control, uint32_t length,
                     uint64_t addr)
{
    uint8_t d[16];

    for (int i = 0; i < 4; i++) {
        d[i] = control >> (24 - 8 * i);
        d[4 + i] = length >> (24 - 8 * i);
    }
    for (int i = 0; i < 8; i++) {
        d[8 + i] = addr >> (56 - 8 * i);
    }
    qtest_memwrite(s, DMA_DESC, d, sizeof(d));
}

/* The control word after the transfer. */
static uint32_t dma_control(QTestState *s)
{
    uint8_t c[4];

    qtest_memread(s, DMA_DESC, c, 4);
    return fw_cfg_be32(c);
}

/* Start the transfer with a write of the low half (high half 0). */
static uint32_t dma_run(QTestState *s, uint32_t control, uint32_t length,
                        uint64_t addr)
{
    dma_desc(s, control, length, addr);
    /* The register is big-endian: the port sees the bytes swapped. */
    qtest_outl(s, FW_CFG_DMA + 4, bswap32(DMA_DESC));
    return dma_control(s);
}

static void test_dma_read(void **state)
{
    QTestState *s = start("");
    uint8_t buf[64 * 20], port[64 * 20];
    uint16_t select = 0;
    uint32_t size = 0;

    (void)state;
    qtest_memset(s, DMA_BUF, 0xff, 8);
    assert_int_equal(
        dma_run(s, FW_CFG_SIGNATURE << 16 | DMA_CTL_SELECT | DMA_CTL_READ, 4,
                DMA_BUF),
        0);
    qtest_memread(s, DMA_BUF, buf, 8);
    assert_memory_equal(buf, "QEMU\xff\xff\xff\xff", 8);

    /* A file, the same through DMA and the data port. */
    assert_true(
        fw_cfg_find_file(s, "etc/smbios/smbios-tables", &select, &size));
    assert_true(size <= sizeof(buf));
    assert_int_equal(
        dma_run(s, select << 16 | DMA_CTL_SELECT | DMA_CTL_READ, size, DMA_BUF),
        0);
    qtest_memread(s, DMA_BUF, buf, size);
    fw_cfg_get(s, select, port, size);
    assert_memory_equal(buf, port, size);
    qtest_quit(s);
}

static void test_dma_skip(void **state)
{
    QTestState *s = start("");
    uint8_t buf[4];

    (void)state;
    /* Select and skip, then read on: DMA and the port share the offset. */
    assert_int_equal(
        dma_run(s, FW_CFG_SIGNATURE << 16 | DMA_CTL_SELECT | DMA_CTL_SKIP, 2,
                0),
        0);
    assert_int_equal(qtest_inb(s, FW_CFG_DATA), 'M');
    assert_int_equal(dma_run(s, DMA_CTL_READ, 1, DMA_BUF), 0);
    qtest_memread(s, DMA_BUF, buf, 1);
    assert_int_equal(buf[0], 'U');
    /* Read has precedence over skip. */
    fw_cfg_select(s, FW_CFG_SIGNATURE);
    assert_int_equal(dma_run(s, DMA_CTL_READ | DMA_CTL_SKIP, 2, DMA_BUF), 0);
    qtest_memread(s, DMA_BUF, buf, 2);
    assert_memory_equal(buf, "QE", 2);
    /* No operation bit: nothing moves, the control word is cleared. */
    assert_int_equal(dma_run(s, 0, 2, DMA_BUF), 0);
    assert_int_equal(qtest_inb(s, FW_CFG_DATA), 'M');
    qtest_quit(s);
}

static void test_dma_past_end(void **state)
{
    QTestState *s = start("");
    uint8_t buf[8];

    (void)state;
    /* Bytes past the item's end are zeros, not an error. */
    qtest_memset(s, DMA_BUF, 0xaa, 8);
    assert_int_equal(
        dma_run(s, FW_CFG_SIGNATURE << 16 | DMA_CTL_SELECT | DMA_CTL_READ, 8,
                DMA_BUF),
        0);
    qtest_memread(s, DMA_BUF, buf, 8);
    assert_memory_equal(buf, "QEMU\0\0\0\0", 8);
    /* An item nothing was put at reads as zeros too. */
    qtest_memset(s, DMA_BUF, 0xaa, 4);
    assert_int_equal(
        dma_run(s, 0x3fff << 16 | DMA_CTL_SELECT | DMA_CTL_READ, 4, DMA_BUF),
        0);
    qtest_memread(s, DMA_BUF, buf, 4);
    assert_memory_equal(buf, "\0\0\0\0", 4);
    qtest_quit(s);
}

static void test_dma_write_refused(void **state)
{
    QTestState *s = start("-m 256");
    uint16_t select = 0;
    uint32_t size = 0;
    uint8_t *before, *after;

    (void)state;
    /* etc/e820 is read-only: the error bit, the file unchanged. */
    assert_true(fw_cfg_find_file(s, "etc/e820", &select, &size));
    before = fw_cfg_get_file(s, "etc/e820", &size);
    qtest_memset(s, DMA_BUF, 0x55, size);
    assert_int_equal(
        dma_run(s, select << 16 | DMA_CTL_SELECT | DMA_CTL_WRITE, 4, DMA_BUF),
        DMA_CTL_ERROR);
    after = fw_cfg_get_file(s, "etc/e820", &size);
    assert_memory_equal(before, after, size);
    g_free(before);
    g_free(after);
    /* So is the signature, and nothing at all. */
    assert_int_equal(
        dma_run(s, FW_CFG_SIGNATURE << 16 | DMA_CTL_SELECT | DMA_CTL_WRITE, 1,
                DMA_BUF),
        DMA_CTL_ERROR);
    assert_int_equal(
        dma_run(s, 0x3fff << 16 | DMA_CTL_SELECT | DMA_CTL_WRITE, 1, DMA_BUF),
        DMA_CTL_ERROR);
    qtest_quit(s);
}

static void test_dma_address_halves(void **state)
{
    QTestState *s = start("");
    uint8_t buf[4];

    (void)state;
    dma_desc(s, FW_CFG_ID << 16 | DMA_CTL_SELECT | DMA_CTL_READ, 4, DMA_BUF);
    /* The high half alone starts nothing. */
    qtest_outl(s, FW_CFG_DMA, 0);
    assert_int_equal(dma_control(s),
                     FW_CFG_ID << 16 | DMA_CTL_SELECT | DMA_CTL_READ);
    qtest_outl(s, FW_CFG_DMA + 4, bswap32(DMA_DESC));
    assert_int_equal(dma_control(s), 0);
    qtest_memread(s, DMA_BUF, buf, 4);
    assert_memory_equal(buf, "\x03\0\0\0", 4);
    qtest_quit(s);
}

/* ---- Reset ---- */

static void test_reset(void **state)
{
    QTestState *s = start("");

    (void)state;
    fw_cfg_select(s, FW_CFG_FILE_DIR);
    qtest_inb(s, FW_CFG_DATA);
    qtest_qmp_assert_success(s, "{\"execute\": \"system_reset\"}");
    qtest_qmp_eventwait(s, "RESET");
    /* The signature is selected again, from its start. */
    assert_int_equal(qtest_inb(s, FW_CFG_DATA), 'Q');
    assert_int_equal(qtest_inb(s, FW_CFG_DATA), 'E');
    qtest_quit(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_signature),
        cmocka_unit_test(test_id),
        cmocka_unit_test(test_ram_size),
        cmocka_unit_test(test_cpus),
        cmocka_unit_test(test_uuid),
        cmocka_unit_test(test_boot_options),
        cmocka_unit_test(test_arch_items),
        cmocka_unit_test(test_file_dir),
        cmocka_unit_test(test_legacy_order),
        cmocka_unit_test(test_e820),
        cmocka_unit_test(test_feature_control),
        cmocka_unit_test(test_bootorder),
        cmocka_unit_test(test_read_past_end),
        cmocka_unit_test(test_dma_read),
        cmocka_unit_test(test_dma_skip),
        cmocka_unit_test(test_dma_past_end),
        cmocka_unit_test(test_dma_write_refused),
        cmocka_unit_test(test_dma_address_halves),
        cmocka_unit_test(test_reset),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
