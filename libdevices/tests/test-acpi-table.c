/*
 * The firmware table builder (devices/acpi-table.h) and the MP table
 * (pc/mptable.c) without a machine: AML encodings (PkgLength in 1 to 4
 * bytes, integers, EISA IDs, names, packages, scopes, devices, resource
 * templates; ACPI 6.4 chapter 20 and 6.4), table headers and their
 * checksums through the linker/loader script and the loader's refusals,
 * and the MP table for 1 and 4 CPUs (MP spec 1.4, chapter 4).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "devices/acpi-table.h"
#include "pc-tables.h"

static void assert_bytes(GArray *a, const uint8_t *expected, size_t len)
{
    assert_int_equal(a->len, len);
    assert_memory_equal(a->data, expected, len);
}

#define ASSERT_BYTES(a, ...)                                                   \
    do {                                                                       \
        static const uint8_t exp_[] = {__VA_ARGS__};                           \
        assert_bytes((a), exp_, sizeof(exp_));                                 \
    } while (0)

static GArray *pkg_length(size_t length)
{
    GArray *a = build_alloc_array();

    build_append_pkg_length(a, length);
    return a;
}

/* ACPI 6.4, 20.2.4: the encoding grows at 63, 4095 and 1048575 bytes. */
static void test_pkg_length(void **state)
{
    GArray *a;

    a = pkg_length(0x3e); /* 0x3f with itself: one byte */
    ASSERT_BYTES(a, 0x3f);
    build_free_array(a);
    a = pkg_length(0x3f); /* 0x41: lead 0x41, then 0x04 */
    ASSERT_BYTES(a, 0x41, 0x04);
    build_free_array(a);
    a = pkg_length(0xffd); /* 0xfff: the most two bytes hold */
    ASSERT_BYTES(a, 0x4f, 0xff);
    build_free_array(a);
    a = pkg_length(0xffe); /* 0x1001 */
    ASSERT_BYTES(a, 0x81, 0x00, 0x01);
    build_free_array(a);
    a = pkg_length(0xffffc); /* 0xfffff */
    ASSERT_BYTES(a, 0x8f, 0xff, 0xff);
    build_free_array(a);
    a = pkg_length(0xffffd); /* 0x100001 */
    ASSERT_BYTES(a, 0xc1, 0x00, 0x00, 0x01);
    build_free_array(a);
}

static GArray *encode(Aml *aml)
{
    GArray *a = build_alloc_array();

    aml_to_array(a, aml);
    return a;
}

static void test_integers_and_strings(void **state)
{
    GArray *a;

    a = encode(aml_int(0));
    ASSERT_BYTES(a, 0x00);
    build_free_array(a);
    a = encode(aml_int(1));
    ASSERT_BYTES(a, 0x01);
    build_free_array(a);
    a = encode(aml_int(0xa));
    ASSERT_BYTES(a, 0x0a, 0x0a);
    build_free_array(a);
    a = encode(aml_int(0x1234));
    ASSERT_BYTES(a, 0x0b, 0x34, 0x12);
    build_free_array(a);
    a = encode(aml_int(0x12345678));
    ASSERT_BYTES(a, 0x0c, 0x78, 0x56, 0x34, 0x12);
    build_free_array(a);
    a = encode(aml_int(0x100000000ULL));
    ASSERT_BYTES(a, 0x0e, 0, 0, 0, 0, 1, 0, 0, 0);
    build_free_array(a);
    a = encode(aml_int(UINT64_MAX));
    ASSERT_BYTES(a, 0xff);
    build_free_array(a);
    a = encode(aml_string("ab"));
    ASSERT_BYTES(a, 0x0d, 'a', 'b', 0);
    build_free_array(a);
}

/* 6.1.5: "PNP0A03" is 0x41 0xd0 0x0a 0x03 ('P'=16, 'N'=14, 'P'=16). */
static void test_eisaid(void **state)
{
    GArray *a = encode(aml_eisaid("PNP0A03"));

    ASSERT_BYTES(a, 0x0c, 0x41, 0xd0, 0x0a, 0x03);
    build_free_array(a);
    a = encode(aml_eisaid("PNP0B00"));
    ASSERT_BYTES(a, 0x0c, 0x41, 0xd0, 0x0b, 0x00);
    build_free_array(a);
}

static void test_names_and_blocks(void **state)
{
    Aml *pkg = aml_package(4);
    Aml *sb, *dev;
    GArray *a;

    for (int i = 0; i < 4; i++) {
        aml_append(pkg, aml_int(0));
    }
    /* Name (\_S5, Package (4) {0, 0, 0, 0}) */
    a = encode(aml_name_decl("\\_S5", pkg));
    ASSERT_BYTES(a, 0x08, '\\', '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0, 0, 0,
                 0);
    build_free_array(a);

    /* Scope (\_SB) { Device (PCI0) { Name (_ADR, 0) } }, short names padded */
    sb = aml_scope("\\_SB");
    dev = aml_device("PCI0");
    aml_append(dev, aml_name_decl("_ADR", aml_int(0)));
    aml_append(sb, dev);
    a = encode(sb);
    ASSERT_BYTES(a, 0x10, 0x13, '\\', '_', 'S', 'B', '_', 0x5b, 0x82, 0x0b, 'P',
                 'C', 'I', '0', 0x08, '_', 'A', 'D', 'R', 0x00);
    build_free_array(a);

    /* Multi-segment names: DualNamePrefix. */
    a = encode(aml_name_decl("\\_SB.FOO", aml_int(1)));
    ASSERT_BYTES(a, 0x08, '\\', 0x2e, '_', 'S', 'B', '_', 'F', 'O', 'O', '_',
                 0x01);
    build_free_array(a);
}

/* 6.4.2.5, 6.4.3.5.3, 6.4.2.9: Buffer (size) {descriptors, end tag}. */
static void test_resource_template(void **state)
{
    Aml *crs = aml_resource_template();
    GArray *a;

    aml_append(crs, aml_io(0xcf8, 0xcf8, 1, 8));
    aml_append(crs, aml_word_bus_number(0, 0xff));
    a = encode(crs);
    ASSERT_BYTES(a, 0x11, 0x1d, 0x0a, 0x1a,
                 /* I/O port */
                 0x47, 0x01, 0xf8, 0x0c, 0xf8, 0x0c, 0x01, 0x08,
                 /* WordBusNumber 0-0xff, 0x100 buses */
                 0x88, 0x0d, 0x00, 0x02, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00,
                 0xff, 0x00, 0x00, 0x00, 0x00, 0x01,
                 /* end tag */
                 0x79, 0x00);
    build_free_array(a);
}

/* A big package: the PkgLength takes two bytes and counts itself. */
static void test_long_package(void **state)
{
    Aml *pkg = aml_package(100);
    GArray *a;

    for (int i = 0; i < 100; i++) {
        aml_append(pkg, aml_int(0x10)); /* 2 bytes each */
    }
    a = encode(pkg);
    /* 1 (count) + 200 + 2 (PkgLength) = 203 = 0xcb. */
    assert_int_equal(a->len, 1 + 2 + 1 + 200);
    assert_int_equal((uint8_t)a->data[0], 0x12);
    assert_int_equal((uint8_t)a->data[1], 0x40 | 0xb);
    assert_int_equal((uint8_t)a->data[2], 0x0c);
    assert_int_equal((uint8_t)a->data[3], 100);
    build_free_array(a);
}

/* ---- Tables, the script and the loader ---- */

static void build_pair(BIOSLinker **linker, GArray **tables, GArray **rsdp)
{
    AcpiTable t1 = {.sig = "TST1", .rev = 2};
    AcpiTable t2 = {.sig = "TST2", .rev = 1, .oem_id = "EMU"};

    *linker = bios_linker_loader_init();
    *tables = build_alloc_array();
    *rsdp = build_alloc_array();
    bios_linker_loader_alloc(*linker, "tables", *tables, 64, false);
    bios_linker_loader_alloc(*linker, "rsdp", *rsdp, 16, true);
    acpi_table_begin(&t1, *tables);
    build_append_int_noprefix(*tables, 0xdeadbeef, 4);
    acpi_table_end(*linker, "tables", &t1);
    acpi_table_begin(&t2, *tables);
    build_append_int_noprefix(*tables, 0, 4);
    /* TST2 points at TST1 (offset 0 of the file). */
    bios_linker_loader_add_pointer(*linker, "tables", 40 + 36, 4, "tables", 0);
    acpi_table_end(*linker, "tables", &t2);
    build_append_int_noprefix(*rsdp, 0, 8);
    bios_linker_loader_add_pointer(*linker, "rsdp", 0, 8, "tables", 40);
}

static void test_tables_and_loader(void **state)
{
    BIOSLinker *linker;
    GArray *tables, *rsdp;
    BIOSLinkerLoadedFile files[2];
    Error *err = NULL;

    build_pair(&linker, &tables, &rsdp);
    /* Headers: lengths set, checksums left to the loader. */
    assert_memory_equal(tables->data, "TST1", 4);
    assert_int_equal((uint8_t)tables->data[4], 40);
    assert_int_equal((uint8_t)tables->data[8], 2);
    assert_int_equal((uint8_t)tables->data[9], 0);
    assert_memory_equal(tables->data + 10, "BOCHS BXPC    ", 14);
    assert_memory_equal(tables->data + 40 + 10, "EMU   ", 6);
    /* Two ALLOCATE, two ADD_CHECKSUM, two ADD_POINTER. */
    assert_int_equal(linker->cmd_blob->len, 6 * BIOS_LINKER_LOADER_ENTRY_SIZE);

    files[0] = (BIOSLinkerLoadedFile){"tables", (uint8_t *)tables->data,
                                      tables->len, 0x100000};
    files[1] = (BIOSLinkerLoadedFile){"rsdp", (uint8_t *)rsdp->data, rsdp->len,
                                      0xf0000};
    assert_true(bios_linker_loader_apply((uint8_t *)linker->cmd_blob->data,
                                         linker->cmd_blob->len, files, 2,
                                         &err));
    assert_null(err);
    /* Every table sums to 0, with the pointers patched first. */
    assert_int_equal(acpi_checksum((uint8_t *)tables->data, 40), 0);
    assert_int_equal(acpi_checksum((uint8_t *)tables->data + 40, 40), 0);
    assert_int_equal((uint8_t)tables->data[40 + 36 + 2], 0x10);
    assert_int_equal((uint8_t)rsdp->data[0], 40);
    assert_int_equal((uint8_t)rsdp->data[2], 0x10);

    bios_linker_loader_cleanup(linker);
    build_free_array(tables);
    build_free_array(rsdp);
}

static void expect_apply_error(BIOSLinkerLoadedFile *files, size_t n,
                               const uint8_t *script, size_t len,
                               const char *text)
{
    Error *err = NULL;

    assert_false(bios_linker_loader_apply(script, len, files, n, &err));
    assert_non_null(err);
    assert_string_equal(error_get_pretty(err), text);
    error_free(err);
}

static void test_loader_refuses(void **state)
{
    BIOSLinker *linker;
    GArray *tables, *rsdp;
    BIOSLinkerLoadedFile files[2];
    uint8_t *script;
    size_t len;

    build_pair(&linker, &tables, &rsdp);
    script = (uint8_t *)linker->cmd_blob->data;
    len = linker->cmd_blob->len;
    files[0] = (BIOSLinkerLoadedFile){"tables", (uint8_t *)tables->data,
                                      tables->len, 0x100020};
    files[1] = (BIOSLinkerLoadedFile){"rsdp", (uint8_t *)rsdp->data, rsdp->len,
                                      0xf0000};
    expect_apply_error(files, 2, script, len,
                       "table loader: 'tables' at 0x100020 does not meet its "
                       "alignment 64");
    files[0].addr = 0x100000;
    files[1].addr = 0x100000;
    expect_apply_error(files, 2, script, len,
                       "table loader: 'rsdp' at 0x100000 is not in its zone 2");
    files[1].addr = 0xf0000;
    expect_apply_error(files, 1, script, len,
                       "table loader: unknown file 'rsdp'");
    expect_apply_error(files, 2, script, len - 1,
                       "table loader: script of 767 bytes is not whole "
                       "entries");
    /* A pointer that leaves its source file. */
    rsdp->data[0] = (char)0xff;
    expect_apply_error(files, 2, script, len,
                       "table loader: pointer 0xff is outside 'tables'");

    bios_linker_loader_cleanup(linker);
    build_free_array(tables);
    build_free_array(rsdp);
}

/* ---- The MP table ---- */

static void check_mptable(unsigned ncpus)
{
    MPTableCPU cpus[4];
    MPTableConfig cfg = {
        .cpus = cpus,
        .ncpus = ncpus,
        .lapic_version = 0x14,
        .ioapic_id = 0,
        .ioapic_version = 0x20,
        .ioapic_addr = 0xfec00000,
        .irq0_override = true,
        .pci_irq_mask = 1u << 9,
    };
    const uint32_t addr = 0xf0040;
    GArray *t;
    const uint8_t *p, *c;
    unsigned entries = ncpus + 2 + 1 + 15 + 2, n;

    for (unsigned i = 0; i < ncpus; i++) {
        cpus[i] = (MPTableCPU){i * 2, 0x663, 0x0781abfd};
    }
    t = mptable_build(&cfg, addr, NULL);
    assert_non_null(t);
    p = (const uint8_t *)t->data;
    /* 4.1: the floating pointer, pointing right after itself. */
    assert_memory_equal(p, "_MP_", 4);
    assert_int_equal(p[4] | p[5] << 8 | p[6] << 16 | (uint32_t)p[7] << 24,
                     addr + 16);
    assert_int_equal(p[8], 1);
    assert_int_equal(p[9], 4);
    assert_int_equal(acpi_checksum(p, 16), 0);
    /* 4.2: the header, the whole table checksummed. */
    c = p + 16;
    assert_memory_equal(c, "PCMP", 4);
    assert_int_equal(c[4] | c[5] << 8, t->len - 16);
    assert_int_equal(acpi_checksum(c, t->len - 16), 0);
    assert_int_equal(c[34] | c[35] << 8, entries);
    assert_int_equal(c[36] | c[37] << 8 | c[38] << 16 | (uint32_t)c[39] << 24,
                     0xfee00000);
    assert_int_equal(t->len - 16, 44 + ncpus * 20 + (entries - ncpus) * 8);

    /* Processors: APIC IDs, version, enabled, BSP first; signature. */
    c += 44;
    for (n = 0; n < ncpus; n++, c += 20) {
        assert_int_equal(c[0], 0);
        assert_int_equal(c[1], n * 2);
        assert_int_equal(c[2], 0x14);
        assert_int_equal(c[3], n ? 1 : 3);
        assert_int_equal(c[4] | c[5] << 8, 0x663);
    }
    assert_memory_equal(c, "\x01\x00PCI   ", 8);
    assert_memory_equal(c + 8, "\x01\x01ISA   ", 8);
    c += 16;
    assert_memory_equal(c, "\x02\x00\x20\x01\x00\x00\xc0\xfe", 8);
    c += 8;
    /* IRQ 0 on pin 2, no IRQ 2, IRQ 9 level/high, IRQ 15 on pin 15. */
    assert_memory_equal(c, "\x03\x00\x00\x00\x01\x00\x00\x02", 8);
    assert_memory_equal(c + 8, "\x03\x00\x00\x00\x01\x01\x00\x01", 8);
    assert_memory_equal(c + 16, "\x03\x00\x00\x00\x01\x03\x00\x03", 8);
    assert_memory_equal(c + 8 * 8, "\x03\x00\x0d\x00\x01\x09\x00\x09", 8);
    assert_memory_equal(c + 14 * 8, "\x03\x00\x00\x00\x01\x0f\x00\x0f", 8);
    c += 15 * 8;
    /* ExtINT on LINT0, NMI on LINT1, of every local APIC. */
    assert_memory_equal(c, "\x04\x03\x00\x00\x01\x00\xff\x00", 8);
    assert_memory_equal(c + 8, "\x04\x01\x00\x00\x01\x00\xff\x01", 8);
    build_free_array(t);
}

static void test_mptable_1cpu(void **state)
{
    check_mptable(1);
}

static void test_mptable_4cpus(void **state)
{
    check_mptable(4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pkg_length),
        cmocka_unit_test(test_integers_and_strings),
        cmocka_unit_test(test_eisaid),
        cmocka_unit_test(test_names_and_blocks),
        cmocka_unit_test(test_resource_template),
        cmocka_unit_test(test_long_package),
        cmocka_unit_test(test_tables_and_loader),
        cmocka_unit_test(test_loader_refuses),
        cmocka_unit_test(test_mptable_1cpu),
        cmocka_unit_test(test_mptable_4cpus),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
