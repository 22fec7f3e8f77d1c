/*
 * SMBIOS without a machine: UUID text, -smbios values and their errors
 * (QEMU 7.2's messages), the limits of the fields (extended sizes and
 * addresses, 16-bit counts of SMBIOS 3.0, the 2.1 entry point's 64 KiB),
 * -smbios file= structures, and QEMU 2.0's field list.  What guests read
 * on a pc machine is qtest/tests/smbios-test.c's (against QEMU too).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <glib/gstdio.h>

#include "devices/smbios.h"

static QemuOptsList test_smbios_opts = {
    .name = "smbios",
    .desc = {{NULL}},
};

static bool add(const char *params, Error **errp)
{
    QemuOpts *opts = qemu_opts_parse(&test_smbios_opts, params, false, errp);
    bool ok;

    if (!opts) {
        return false;
    }
    ok = smbios_entry_add(opts, errp);
    qemu_opts_del(opts);
    return ok;
}

static void assert_add_error(const char *params, const char *text)
{
    Error *err = NULL;

    assert_false(add(params, &err));
    assert_non_null(err);
    assert_string_equal(error_get_pretty(err), text);
    error_free(err);
}

static int teardown(void **state)
{
    smbios_reset_config();
    return 0;
}

#define smbios_test(f) cmocka_unit_test_teardown(f, teardown)

static const SmbiosCpuInfo one_cpu = {
    .cpuid_version = 0x00060fb1,
    .cpuid_features = 0x078bfbfd,
    .sockets = 1,
    .cores_per_socket = 1,
    .threads_per_socket = 1,
};

typedef struct Built {
    uint8_t *tables, *anchor;
    size_t tables_len, anchor_len;
} Built;

static bool build(const SmbiosCpuInfo *cpu, uint64_t ram,
                  const struct smbios_phys_mem_area *mem, int n, Built *b,
                  Error **errp)
{
    memset(b, 0, sizeof(*b));
    return smbios_get_tables(cpu, ram, mem, n, &b->tables, &b->tables_len,
                             &b->anchor, &b->anchor_len, errp);
}

static void built_free(Built *b)
{
    g_free(b->tables);
    g_free(b->anchor);
}

/* The n-th structure of type, or NULL. */
static const uint8_t *find(const Built *b, uint8_t type, int n)
{
    size_t off = 0;

    while (off < b->tables_len) {
        const uint8_t *st = b->tables + off;
        size_t p = off + st[1];

        if (st[0] == type && n-- == 0) {
            return st;
        }
        /* Strings end with an empty one. */
        while (p + 1 < b->tables_len && (b->tables[p] || b->tables[p + 1])) {
            p++;
        }
        off = p + 2;
    }
    return NULL;
}

static uint32_t le32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
    return le32(p) | (uint64_t)le32(p + 4) << 32;
}

static void test_uuid_text(void **state)
{
    QemuUUID u;
    g_autofree char *text = NULL;

    assert_true(qemu_uuid_parse("1F8E6F7E-5a70-4780-89c1-464dc0e7f308", &u));
    assert_int_equal(u.data[0], 0x1f);
    assert_int_equal(u.data[15], 0x08);
    text = qemu_uuid_unparse_strdup(&u);
    assert_string_equal(text, "1f8e6f7e-5a70-4780-89c1-464dc0e7f308");
    assert_false(qemu_uuid_parse("1f8e6f7e-5a70-4780-89c1-464dc0e7f30", &u));
    assert_false(qemu_uuid_parse("1f8e6f7e-5a70-4780-89c1-464dc0e7f3080", &u));
    assert_false(qemu_uuid_parse("1f8e6f7e05a70-4780-89c1-464dc0e7f308", &u));
    assert_false(qemu_uuid_parse("1f8e6f7g-5a70-4780-89c1-464dc0e7f308", &u));
    assert_false(qemu_uuid_parse("", &u));
    assert_false(qemu_uuid_get(&u));
    assert_true(add("type=1,uuid="
                    "1f8e6f7e-5a70-4780-89c1-464dc0e7f308",
                    &error_abort));
    assert_true(qemu_uuid_get(&u));
    assert_int_equal(u.data[1], 0x8e);
}

static void test_errors(void **state)
{
    g_autofree char *path = NULL;
    g_autofree char *params = NULL;
    int fd;

    assert_add_error("type=0,release=1", "Invalid release");
    assert_add_error("type=0,release=x.y", "Invalid release");
    assert_add_error("type=1,uuid=xyz", "Invalid UUID");
    assert_add_error("type=4,max-speed=65536",
                     "SMBIOS CPU speed is too large (> 65535)");
    assert_add_error("type=4,current-speed=70000",
                     "SMBIOS CPU speed is too large (> 65535)");
    assert_add_error("vendor=x", "Must specify type= or file=");
    assert_add_error("type=5",
                     "Don't know how to build fields for SMBIOS type 5");
    assert_add_error("type=11,path=/nonexistent/oem",
                     "Could not open '/nonexistent/oem': No such file or "
                     "directory");
    assert_add_error("file=/nonexistent/t", "Cannot read SMBIOS file "
                                            "/nonexistent/t");

    /* A structure of type 1 after type 1 fields, and fields after it. */
    fd = g_file_open_tmp("smbios-XXXXXX", &path, NULL);
    g_assert(fd >= 0 && write(fd, "\x01\x04\x99\x99\0\0", 6) == 6);
    close(fd);
    params = g_strdup_printf("file=%s", path);
    assert_true(add("type=1,product=p", &error_abort));
    assert_add_error(params,
                     "can't load type 1 struct, fields already specified!");
    smbios_reset_config();
    assert_true(add(params, &error_abort));
    assert_add_error("type=1,product=p",
                     "can't add fields, binary file already loaded!");
    g_unlink(path);
    g_clear_pointer(&params, g_free);
    g_clear_pointer(&path, g_free);

    /*
     * Not one whole structure: strings not ended, a length past the end,
     * bytes after the end (the SMBIOS fuzzer's first find).
     */
    static const struct {
        const char *bytes;
        int len;
    } broken[] = {
        {"\x01\x06\x55\x39\x65\x1b\x00\x01\x38", 9},
        {"\x01\x20\x00\x01\0\0", 6},
        {"\x01\x04\x00\x01\0\0\x7f", 7},
        {"\x01\x02\x00\x01\0\0", 6},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(broken); i++) {
        g_autofree char *msg = NULL;

        smbios_reset_config();
        fd = g_file_open_tmp("smbios-XXXXXX", &path, NULL);
        g_assert(fd >= 0 &&
                 write(fd, broken[i].bytes, broken[i].len) == broken[i].len);
        close(fd);
        params = g_strdup_printf("file=%s", path);
        msg = g_strdup_printf("SMBIOS file %s does not hold one whole "
                              "structure (its formatted part, then strings "
                              "ending in two NULs)", path);
        assert_add_error(params, msg);
        g_unlink(path);
        g_clear_pointer(&params, g_free);
        g_clear_pointer(&path, g_free);
    }
}

static void test_values(void **state)
{
    Built b;
    const uint8_t *st;
    struct smbios_phys_mem_area mem = {0, 128 << 20};

    /* Bytes wrap as QEMU's do; later sets replace earlier values. */
    assert_true(add("type=0,release=1.300", &error_abort));
    assert_true(add("type=17,speed=70000", &error_abort));
    assert_true(add("type=4,max-speed=3000", &error_abort));
    assert_true(add("type=4,current-speed=1000", &error_abort));
    assert_true(
        add("type=41,designation=d,kind=sata,instance=258", &error_abort));
    smbios_set_defaults("QEMU", "Product", "v1", false, true,
                        SMBIOS_ENTRY_POINT_TYPE_32);
    assert_true(build(&one_cpu, 128 << 20, &mem, 1, &b, &error_abort));
    st = find(&b, 0, 0);
    assert_int_equal(st[0x14], 1);
    assert_int_equal(st[0x15], 44);
    st = find(&b, 17, 0);
    assert_int_equal(st[0x15] | st[0x16] << 8, 70000 & 0xffff);
    st = find(&b, 4, 0);
    assert_int_equal(st[0x14] | st[0x15] << 8, 3000);
    assert_int_equal(st[0x16] | st[0x17] << 8, 1000);
    /* Onboard SATA, enabled; no PCI device named: 00:00.0. */
    st = find(&b, 41, 0);
    assert_int_equal(st[0x05], 0x89);
    assert_int_equal(st[0x06], 2);
    assert_int_equal(st[0x0a], 0);
    built_free(&b);
}

/* Past 2 TiB of RAM and 4 TiB of addresses: the extended fields. */
static void test_large(void **state)
{
    SmbiosCpuInfo cpu = one_cpu;
    struct smbios_phys_mem_area mem[2] = {
        {0, 3ULL << 30},
        {8ULL << 40, 2ULL << 40},
    };
    uint64_t ram = (3ULL << 30) + (2ULL << 40);
    Built b;
    const uint8_t *st;

    cpu.sockets = 2;
    cpu.cores_per_socket = 300;
    cpu.threads_per_socket = 600;
    smbios_set_defaults("QEMU", "Product", "v1", false, true,
                        SMBIOS_ENTRY_POINT_TYPE_64);
    assert_true(build(&cpu, ram, mem, 2, &b, &error_abort));
    st = find(&b, 16, 0);
    assert_int_equal(le32(st + 0x07), 0x80000000);
    assert_int_equal(le64(st + 0x0f), ram);
    assert_int_equal(st[0x0d], 129); /* 16 GiB DIMMs */
    st = find(&b, 19, 1);
    assert_int_equal(le32(st + 0x04), UINT32_MAX);
    assert_int_equal(le64(st + 0x0f), 8ULL << 40);
    assert_int_equal(le64(st + 0x17), (10ULL << 40) - 1);
    /* Counts over 255: 0xff, and the 3.0 fields say them. */
    st = find(&b, 4, 1);
    assert_int_equal(st[1], 0x30);
    assert_int_equal(st[0x23], 0xff);
    assert_int_equal(st[0x25], 0xff);
    assert_int_equal(st[0x2a] | st[0x2b] << 8, 300);
    assert_int_equal(st[0x2e] | st[0x2f] << 8, 600);
    assert_int_equal(le32(b.anchor + 0x0c), b.tables_len);
    built_free(&b);
}

/*
 * An empty OEM string is left out: stored, its NUL would end the string
 * set early (the SMBIOS fuzzer's smbios/smbios-type11-empty-value).
 */
static void test_type11_empty_value(void **state)
{
    struct smbios_phys_mem_area mem = {0, 128 << 20};
    const uint8_t *st, *type17;
    Built b;

    assert_true(add("type=11,value=hello,value=,value=world", &error_abort));
    assert_true(add("type=17,loc_pfx=DIMM", &error_abort));
    smbios_set_defaults("QEMU", "Product", "v1", false, true,
                        SMBIOS_ENTRY_POINT_TYPE_32);
    assert_true(build(&one_cpu, 128 << 20, &mem, 1, &b, &error_abort));
    st = find(&b, 11, 0);
    assert_non_null(st);
    assert_int_equal(st[4], 2);
    assert_memory_equal(st + st[1], "hello\0world\0\0", 13);
    /* The structures after it are found where they are. */
    type17 = find(&b, 17, 0);
    assert_non_null(type17);
    assert_int_equal(type17[0], 17);
    built_free(&b);
}

/*
 * A file's end-of-table structure ends the table, after the built ones
 * (the SMBIOS fuzzer's smbios/smbios-file-type127).
 */
static void test_file_end_of_table(void **state)
{
    struct smbios_phys_mem_area mem = {0, 128 << 20};
    g_autofree char *path = NULL;
    g_autofree char *params = NULL;
    int fd = g_file_open_tmp("smbios-XXXXXX", &path, NULL);
    Built b;

    g_assert(fd >= 0 && write(fd, "\x7f\x04\x42\x42\0\0", 6) == 6);
    close(fd);
    params = g_strdup_printf("file=%s", path);
    assert_true(add(params, &error_abort));
    smbios_set_defaults("QEMU", "Product", "v1", false, true,
                        SMBIOS_ENTRY_POINT_TYPE_32);
    assert_true(build(&one_cpu, 128 << 20, &mem, 1, &b, &error_abort));
    assert_non_null(find(&b, 1, 0));
    assert_memory_equal(b.tables + b.tables_len - 6, "\x7f\x04\x42\x42\0\0",
                        6);
    assert_true(find(&b, 127, 0) == b.tables + b.tables_len - 6);
    built_free(&b);
    g_unlink(path);
}

static void test_21_limit(void **state)
{
    g_autofree char *big = g_strnfill(1000, 'x');
    g_autofree char *params = g_strdup_printf("type=11,value=%s", big);
    struct smbios_phys_mem_area mem = {0, 128 << 20};
    Error *err = NULL;
    Built b;

    for (int i = 0; i < 70; i++) {
        assert_true(add(params, &error_abort));
    }
    smbios_set_defaults("QEMU", "Product", "v1", false, true,
                        SMBIOS_ENTRY_POINT_TYPE_32);
    assert_false(build(&one_cpu, 128 << 20, &mem, 1, &b, &err));
    assert_non_null(err);
    assert_true(
        g_str_has_prefix(error_get_pretty(err), "SMBIOS 2.1 table length "));
    error_free(err);
    /* SMBIOS 3.0 takes it. */
    smbios_set_defaults("QEMU", "Product", "v1", false, true,
                        SMBIOS_ENTRY_POINT_TYPE_64);
    assert_true(build(&one_cpu, 128 << 20, &mem, 1, &b, &error_abort));
    assert_true(b.tables_len > 70000);
    built_free(&b);
}

static void test_file_structures(void **state)
{
    g_autofree char *path = NULL;
    g_autofree char *params = NULL;
    struct smbios_phys_mem_area mem = {0, 128 << 20};
    SmbiosCpuInfo cpu = one_cpu;
    Error *err = NULL;
    Built b;
    int fd = g_file_open_tmp("smbios-XXXXXX", &path, NULL);

    /* A type 4 of the user's: it replaces the built ones, one a socket. */
    g_assert(fd >= 0 && write(fd, "\x04\x06\x34\x12\0\0\0\0", 8) == 8);
    close(fd);
    params = g_strdup_printf("file=%s", path);
    assert_true(add(params, &error_abort));
    smbios_set_defaults("QEMU", "Product", "v1", false, true,
                        SMBIOS_ENTRY_POINT_TYPE_32);
    assert_true(build(&cpu, 128 << 20, &mem, 1, &b, &error_abort));
    /* First in the table, as given. */
    assert_memory_equal(b.tables, "\x04\x06\x34\x12\0\0\0\0", 8);
    assert_null(find(&b, 4, 1));
    built_free(&b);
    cpu.sockets = 2;
    assert_false(build(&cpu, 128 << 20, &mem, 1, &b, &err));
    assert_non_null(err);
    assert_string_equal(error_get_pretty(err),
                        "Expected 2 SMBIOS Type 4 tables, got 1 instead");
    error_free(err);
    g_unlink(path);
}

static void test_legacy(void **state)
{
    g_autofree char *path = NULL;
    g_autofree char *params = NULL;
    g_autofree uint8_t *list = NULL;
    Error *err = NULL;
    size_t len;
    int fd = g_file_open_tmp("smbios-XXXXXX", &path, NULL);

    g_assert(fd >= 0 && write(fd, "\x02\x04\x00\x02\0\0", 6) == 6);
    close(fd);
    params = g_strdup_printf("file=%s", path);
    assert_true(add(params, &error_abort));
    assert_true(add("type=0,vendor=V,release=1.2", &error_abort));
    assert_true(add("type=1,serial=", &error_abort));
    smbios_set_defaults("QEMU", "P", "v", true, false,
                        SMBIOS_ENTRY_POINT_TYPE_32);
    assert_true(smbios_check_config(&error_abort));
    list = smbios_get_table_legacy(&len);
    /* Structure, vendor, major, minor, then type 1's four fields. */
    assert_int_equal(list[0] | list[1] << 8, 8);
    assert_memory_equal(list + 2, "\x09\x00\x01\x02\x04\x00\x02\0\0", 9);
    assert_memory_equal(list + 11, "\x08\x00\x00\x00\x04\x00V\0", 8);
    assert_memory_equal(list + 19, "\x07\x00\x00\x00\x14\x00\x01", 7);
    assert_memory_equal(list + 26, "\x07\x00\x00\x00\x15\x00\x02", 7);
    /* An empty value is still given (as QEMU 2.0's list did). */
    assert_memory_equal(list + len - 7, "\x07\x00\x00\x01\x07\x00\0", 7);
    g_unlink(path);

    /* Types above 1 cannot be said that way. */
    assert_true(add("type=3,sku=x", &error_abort));
    assert_false(smbios_check_config(&err));
    assert_non_null(err);
    assert_string_equal(error_get_pretty(err),
                        "can't process fields for smbios types > 1 on "
                        "machine versions < 2.1!");
    error_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        smbios_test(test_uuid_text), smbios_test(test_errors),
        smbios_test(test_values),    smbios_test(test_large),
        smbios_test(test_21_limit), smbios_test(test_type11_empty_value),
        smbios_test(test_file_end_of_table),  smbios_test(test_file_structures),
        smbios_test(test_legacy),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
