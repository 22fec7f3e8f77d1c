/*
 * Unit tests for the bounded file reader (LoaderFile) and for placing
 * data in guest RAM through a LoaderTarget, seen through the raw loader.
 */
#include "loader-test.h"

#include <errno.h>

static void test_open_missing(void **state)
{
    Error *err = NULL;
    g_autofree char *want = g_strdup_printf(
        "-kernel /nonexistent/vmlinuz: cannot open: %s", g_strerror(ENOENT));

    assert_null(loader_file_open("/nonexistent/vmlinuz",
                                 "-kernel /nonexistent/vmlinuz", &err));
    assert_error(err, want);
}

static void test_open_not_regular(void **state)
{
    Error *err = NULL;
    char *dir = test_tmpdir();
    g_autofree char *want = g_strdup_printf("%s: not a regular file", dir);

    /* Without a label, errors name the path. */
    assert_null(loader_file_open(dir, NULL, &err));
    assert_error(err, want);
    test_rmdir(dir);
}

static void test_read_bounds(void **state)
{
    static const uint8_t data[16] = {1, 2,  3,  4,  5,  6,  7,  8,
                                     9, 10, 11, 12, 13, 14, 15, 16};
    LoaderFile *f =
        loader_file_new_from_data("img", "-kernel img", data, sizeof(data));
    uint8_t buf[16] = {0};
    Error *err = NULL;

    assert_int_equal(loader_file_size(f), 16);
    assert_true(loader_file_read(f, 12, buf, 4, "tail", &error_abort));
    assert_memory_equal(buf, data + 12, 4);
    /* Empty reads succeed anywhere up to the end. */
    assert_true(loader_file_read(f, 16, buf, 0, "nothing", &error_abort));

    assert_false(loader_file_read(f, 13, buf, 4, "field", &err));
    assert_error(err, "-kernel img: file too short: field needs bytes "
                      "0xd-0x10, the file has 16 bytes");
    assert_false(loader_file_read(f, 100, buf, 1, "far field", &err));
    assert_error(err, "-kernel img: file too short: far field needs bytes "
                      "0x64-0x64, the file has 16 bytes");
    /* An offset near 2^64 must not wrap around into the file. */
    assert_false(loader_file_read(f, UINT64_MAX - 1, buf, 4, "wrap", &err));
    assert_error(err, "-kernel img: file too short: wrap needs bytes "
                      "0xfffffffffffffffe-0xffffffffffffffff, the file has "
                      "16 bytes");
    loader_file_free(f);
}

static void test_from_data_copies(void **state)
{
    uint8_t data[4] = {0xaa, 0xbb, 0xcc, 0xdd};
    LoaderFile *f = loader_file_new_from_data("a/b", NULL, data, 4);
    uint8_t buf[4];

    data[0] = 0;
    assert_true(loader_file_read(f, 0, buf, 4, "all", &error_abort));
    assert_int_equal(buf[0], 0xaa);
    assert_string_equal(loader_file_path(f), "a/b");
    assert_string_equal(loader_file_label(f), "a/b");
    loader_file_free(f);
    loader_file_free(NULL);

    f = loader_file_new_from_data("empty", "lbl", NULL, 0);
    assert_int_equal(loader_file_size(f), 0);
    loader_file_free(f);
}

static void test_read_real_file(void **state)
{
    char *dir = test_tmpdir();
    g_autofree uint8_t *data = g_malloc(200000);
    g_autofree uint8_t *buf = g_malloc(200000);
    g_autofree char *path = NULL;
    LoaderFile *f;
    Error *err = NULL;
    size_t i;

    for (i = 0; i < 200000; i++) {
        data[i] = i * 7 + (i >> 9);
    }
    path = test_write_file(dir, "blob", data, 200000);
    f = loader_file_open(path, "-initrd blob", &error_abort);
    assert_int_equal(loader_file_size(f), 200000);
    assert_string_equal(loader_file_path(f), path);
    assert_string_equal(loader_file_label(f), "-initrd blob");
    assert_true(loader_file_read(f, 0, buf, 200000, "all", &error_abort));
    assert_memory_equal(buf, data, 200000);
    assert_true(loader_file_read(f, 199990, buf, 10, "end", &error_abort));
    assert_memory_equal(buf, data + 199990, 10);
    assert_false(loader_file_read(f, 199990, buf, 11, "past end", &err));
    assert_error(err, "-initrd blob: file too short: past end needs bytes "
                      "0x30d36-0x30d40, the file has 200000 bytes");
    loader_file_free(f);
    test_rmdir(dir);
}

static void test_raw_real_mode(void **state)
{
    TestRam *r = test_ram_new(4 * MiB);
    uint8_t sector[512];
    LoaderFile *f;
    BootState bs;

    memset(sector, 0x90, sizeof(sector));
    wr16(sector + 510, 0xaa55);
    f = loader_file_new_from_data("boot.bin", NULL, sector, sizeof(sector));
    assert_true(loader_load_raw(&r->target, f, 0x7c00, BOOT_MODE_REAL, &bs,
                                &error_abort));
    assert_memory_equal(r->ram + 0x7c00, sector, sizeof(sector));
    assert_int_equal(bs.mode, BOOT_MODE_REAL);
    assert_int_equal(bs.cs.selector, 0);
    assert_int_equal(bs.cs.base, 0);
    assert_int_equal(bs.cs.limit, 0xffff);
    assert_int_equal(bs.rip, 0x7c00);
    assert_int_equal(bs.ss.selector, 0);
    assert_int_equal(bs.idt.limit, 0x3ff);
    assert_int_equal(bs.cr0, 0x60000010);
    assert_int_equal(bs.rflags, 2);
    /* No GDT in real mode. */
    assert_int_equal(rd64(r->ram + LOADER_GDT_ADDR + 16), 0);

    /* Above 64 KiB the segment takes the high bits of the address. */
    assert_true(loader_load_raw(&r->target, f, 0x90000, BOOT_MODE_REAL, &bs,
                                &error_abort));
    assert_int_equal(bs.cs.selector, 0x9000);
    assert_int_equal(bs.cs.base, 0x90000);
    assert_int_equal(bs.ds.selector, 0x9000);
    assert_int_equal(bs.rip, 0);
    assert_true(loader_load_raw(&r->target, f, 0x12345, BOOT_MODE_REAL, &bs,
                                &error_abort));
    assert_int_equal(bs.cs.selector, 0x1000);
    assert_int_equal(bs.rip, 0x2345);
    loader_file_free(f);
    test_ram_free(r);
}

static void test_raw_protected_and_long(void **state)
{
    TestRam *r = test_ram_new(4 * MiB);
    uint8_t code[100];
    LoaderFile *f;
    BootState bs;

    memset(code, 0xf4, sizeof(code));
    f = loader_file_new_from_data("code.bin", NULL, code, sizeof(code));
    assert_true(loader_load_raw(&r->target, f, 0x200000, BOOT_MODE_PROT32, &bs,
                                &error_abort));
    assert_int_equal(bs.mode, BOOT_MODE_PROT32);
    assert_int_equal(bs.rip, 0x200000);
    assert_int_equal(bs.cs.selector, LOADER_BOOT_CS);
    assert_memory_equal(r->ram + 0x200000, code, sizeof(code));
    assert_int_equal(rd64(r->ram + LOADER_GDT_ADDR + 0x10),
                     0x00cf9b000000ffffULL);

    assert_true(loader_load_raw(&r->target, f, 0x300000, BOOT_MODE_LONG64, &bs,
                                &error_abort));
    assert_int_equal(bs.mode, BOOT_MODE_LONG64);
    assert_int_equal(bs.rip, 0x300000);
    assert_int_equal(bs.cr3, LOADER_PAGE_TABLES);
    assert_int_equal(rd64(r->ram + LOADER_GDT_ADDR + 0x10),
                     0x00af9b000000ffffULL);
    assert_int_equal(rd64(r->ram + LOADER_PAGE_TABLES), 0xa003);
    loader_file_free(f);
    test_ram_free(r);
}

static void test_raw_errors(void **state)
{
    TestRam *r = test_ram_new(4 * MiB);
    uint8_t code[0x2000] = {0};
    LoaderFile *f =
        loader_file_new_from_data("x.bin", "-bios x.bin", code, sizeof(code));
    LoaderFile *empty = loader_file_new_from_data("e.bin", NULL, NULL, 0);
    BootState bs;
    Error *err = NULL;

    assert_false(
        loader_load_raw(&r->target, empty, 0x7c00, BOOT_MODE_REAL, &bs, &err));
    assert_error(err, "e.bin: the image is empty");
    assert_false(
        loader_load_raw(&r->target, f, 0xff000, BOOT_MODE_REAL, &bs, &err));
    assert_error(err, "-bios x.bin: image at 0xff000 (8192 bytes) does not "
                      "end below 1 MiB");
    assert_false(loader_load_raw(&r->target, f, 0xfffff000, BOOT_MODE_PROT32,
                                 &bs, &err));
    assert_error(err, "-bios x.bin: image at 0xfffff000 (8192 bytes) does "
                      "not end below 4 GiB");
    /* Into the BIOS hole: not RAM. */
    assert_false(
        loader_load_raw(&r->target, f, 0x9f000, BOOT_MODE_REAL, &bs, &err));
    assert_error(err, "-bios x.bin: image at 0x9f000-0xa0fff is outside "
                      "RAM");
    /* Past the end of RAM. */
    assert_false(loader_load_raw(&r->target, f, 4 * MiB - 0x1000,
                                 BOOT_MODE_PROT32, &bs, &err));
    assert_error(err, "-bios x.bin: image at 0x3ff000-0x400fff is outside "
                      "RAM");
    /* Onto the loader's own GDT. */
    assert_false(
        loader_load_raw(&r->target, f, 0, BOOT_MODE_PROT32, &bs, &err));
    assert_error(err, "-bios x.bin: image at 0x0-0x1fff overlaps GDT at "
                      "0x500-0x51f");
    /* Onto the page tables (64-bit only). */
    assert_false(
        loader_load_raw(&r->target, f, 0xe000, BOOT_MODE_LONG64, &bs, &err));
    assert_error(err, "-bios x.bin: image at 0xe000-0xffff overlaps page "
                      "tables at 0x9000-0xefff");
    loader_file_free(f);
    loader_file_free(empty);
    test_ram_free(r);
}

static void test_write_failure_propagates(void **state)
{
    TestRam *r = test_ram_new(4 * MiB);
    uint8_t code[16] = {0};
    LoaderFile *f = loader_file_new_from_data("c", NULL, code, sizeof(code));
    BootState bs;
    Error *err = NULL;

    r->fail_writes = true;
    assert_false(
        loader_load_raw(&r->target, f, 0x7c00, BOOT_MODE_REAL, &bs, &err));
    assert_error(err, "injected write failure at 0x7c00");
    loader_file_free(f);
    test_ram_free(r);
}

static void test_adjacent_ram_ranges_merge(void **state)
{
    TestRam *r = test_ram_new(4 * MiB);
    uint8_t code[0x2000];
    LoaderFile *f;
    BootState bs;

    /* Split the RAM at 1 MiB in two touching ranges. */
    r->map[3] = (LoaderMemRange){0x100000, 0x100000, LOADER_MEM_RAM};
    r->map[4] = (LoaderMemRange){0x200000, 0x200000, LOADER_MEM_RAM};
    r->map[5] = (LoaderMemRange){0xfffc0000, 0x40000, LOADER_MEM_RESERVED};
    r->target.map_len = 6;
    memset(code, 0x42, sizeof(code));
    f = loader_file_new_from_data("c", NULL, code, sizeof(code));
    assert_true(loader_load_raw(&r->target, f, 0x1ff000, BOOT_MODE_PROT32, &bs,
                                &error_abort));
    assert_memory_equal(r->ram + 0x1ff000, code, sizeof(code));
    loader_file_free(f);
    test_ram_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_missing),
        cmocka_unit_test(test_open_not_regular),
        cmocka_unit_test(test_read_bounds),
        cmocka_unit_test(test_from_data_copies),
        cmocka_unit_test(test_read_real_file),
        cmocka_unit_test(test_raw_real_mode),
        cmocka_unit_test(test_raw_protected_and_long),
        cmocka_unit_test(test_raw_errors),
        cmocka_unit_test(test_write_failure_propagates),
        cmocka_unit_test(test_adjacent_ram_ranges_merge),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
