/*
 * The bzImage loader on a real kernel: Debian's linux-image-cloud-amd64,
 * fetched by tests/linux/fetch-linux.  The kernel is found through
 * $EMU_TEST_KERNEL, else $EMU_TEST_KERNEL_DEFAULT (set by meson); without
 * it the test exits 77 (skipped).
 *
 * The expected values are read from the file's setup header here, with
 * this file's own parsing, and compared with what the loader produced.
 */
#include <stdio.h>
#include <unistd.h>

#include "loader-test.h"

#define RAM_SIZE (128 * MiB)
#define BP (LOADER_BOOT_PARAMS)

static const char *kernel_path;
static uint8_t *kernel; /* the whole file */
static size_t kernel_size;

static uint64_t setup_size(void)
{
    unsigned sects = kernel[0x1f1] ? kernel[0x1f1] : 4;

    return (sects + 1) * 512;
}

static bool load(TestRam *r, const char *cmdline, LoaderFile *initrd,
                 LoaderLinuxEntry entry, BootState *bs, Error **errp)
{
    LoaderFile *f = loader_file_open(kernel_path, "-kernel vmlinuz", errp);
    bool ok;

    assert_non_null(f);
    ok = loader_load_linux(&r->target, f, initrd, cmdline, entry, bs, errp);
    loader_file_free(f);
    return ok;
}

static void test_header_is_modern(void **state)
{
    /* What the rest relies on: a 64-bit relocatable bzImage. */
    assert_memory_equal(kernel + 0x202, "HdrS", 4);
    assert_int_equal(rd16(kernel + 0x1fe), 0xaa55);
    assert_true(rd16(kernel + 0x206) >= 0x20c);
    assert_true(rd16(kernel + 0x236) & 1); /* XLF_KERNEL_64 */
    assert_true(kernel[0x211] & 1);        /* LOADED_HIGH */
    assert_int_equal(kernel[0x234], 1);    /* relocatable */
}

static void test_boot_params(void **state)
{
    TestRam *r = test_ram_new(RAM_SIZE);
    g_autofree uint8_t *rd = g_malloc(MiB);
    LoaderFile *initrd;
    const uint8_t *bp = r->ram + BP;
    uint32_t hdr_end = 0x202 + kernel[0x201];
    uint64_t prot = kernel_size - setup_size();
    BootState bs;
    uint32_t off;

    memset(rd, 0x1d, MiB);
    initrd =
        loader_file_new_from_data("initrd.img", "-initrd initrd.img", rd, MiB);
    assert_true(load(r, "console=ttyS0 root=/dev/vda1", initrd,
                     LOADER_LINUX_ENTRY_AUTO, &bs, &error_abort));
    loader_file_free(initrd);

    assert_int_equal(bs.mode, BOOT_MODE_LONG64);
    assert_int_equal(bs.rip, 0x100200);
    assert_int_equal(bs.rsi, BP);

    /* The header, as in the file, with the loader's fields patched. */
    for (off = 0x1f1; off < MIN(hdr_end, 0x290u); off++) {
        if (off == 0x210 || off == 0x211 || (off >= 0x214 && off < 0x220) ||
            (off >= 0x224 && off < 0x22c)) {
            continue;
        }
        assert_int_equal(bp[off], kernel[off]);
    }
    assert_int_equal(bp[0x210], 0xff);
    assert_int_equal(bp[0x211], kernel[0x211] | 0x80);
    assert_int_equal(rd16(bp + 0x224), 0xde00);
    assert_int_equal(rd32(bp + 0x214), 0x100000);
    assert_int_equal(rd32(bp + 0x228), LOADER_CMDLINE_ADDR);
    assert_string_equal((char *)r->ram + LOADER_CMDLINE_ADDR,
                        "console=ttyS0 root=/dev/vda1");
    /* initrd at the top of the 128 MiB, page aligned. */
    assert_int_equal(rd32(bp + 0x218), RAM_SIZE - MiB);
    assert_int_equal(rd32(bp + 0x21c), MiB);
    assert_int_equal(r->ram[RAM_SIZE - MiB], 0x1d);
    assert_int_equal(r->ram[RAM_SIZE - 1], 0x1d);
    /* e820 from the board's map. */
    assert_int_equal(bp[0x1e8], 5);
    assert_int_equal(rd64(bp + 0x2d0 + 3 * 20), 0x100000);
    assert_int_equal(rd64(bp + 0x2d0 + 3 * 20 + 8), RAM_SIZE - MiB);
    assert_int_equal(rd32(bp + 0x2d0 + 3 * 20 + 16), 1);
    /* The whole protected-mode kernel at 1 MiB. */
    assert_memory_equal(r->ram + 0x100000, kernel + setup_size(), prot);
    test_ram_free(r);
}

static void test_entry_32(void **state)
{
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;

    assert_true(load(r, NULL, NULL, LOADER_LINUX_ENTRY_32, &bs, &error_abort));
    assert_int_equal(bs.mode, BOOT_MODE_PROT32);
    assert_int_equal(bs.rip, 0x100000);
    assert_int_equal(bs.rsi, BP);
    test_ram_free(r);
}

static void test_too_little_ram(void **state)
{
    uint64_t align = rd32(kernel + 0x230);
    uint64_t run =
        MAX((0x100000 + align - 1) & ~(align - 1), rd64(kernel + 0x258));
    uint32_t init_size = rd32(kernel + 0x260);
    g_autofree char *want = NULL;
    TestRam *r;
    BootState bs;
    Error *err = NULL;

    /* Linux 6.1 needs ~68 MiB to decompress itself: 64 MiB is short. */
    assert_true(run + init_size > 64 * MiB);
    r = test_ram_new(64 * MiB);
    want = g_strdup_printf("-kernel vmlinuz: kernel too big for RAM: it "
                           "needs memory up to 0x%llx (init_size 0x%x at "
                           "0x%llx), RAM ends at 0x4000000",
                           (unsigned long long)(run + init_size), init_size,
                           (unsigned long long)run);
    assert_false(load(r, NULL, NULL, LOADER_LINUX_ENTRY_AUTO, &bs, &err));
    assert_error(err, want);
    test_ram_free(r);
}

static void test_cmdline_limit(void **state)
{
    uint32_t max = rd32(kernel + 0x238);
    g_autofree char *line = g_malloc(max + 2);
    g_autofree char *want = NULL;
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;
    Error *err = NULL;

    memset(line, 'a', max + 1);
    line[max + 1] = 0;
    want = g_strdup_printf("-kernel vmlinuz: kernel command line too long: "
                           "%u bytes, the kernel accepts at most %u",
                           max + 1, max);
    assert_false(load(r, line, NULL, LOADER_LINUX_ENTRY_AUTO, &bs, &err));
    assert_error(err, want);
    line[max] = 0;
    assert_true(
        load(r, line, NULL, LOADER_LINUX_ENTRY_AUTO, &bs, &error_abort));
    test_ram_free(r);
}

static void test_dispatch(void **state)
{
    TestRam *r = test_ram_new(RAM_SIZE);
    LoaderKernelArgs args = {.kernel = kernel_path, .cmdline = "quiet"};
    LoaderFile *f = loader_file_open(kernel_path, NULL, &error_abort);
    BootState bs;

    assert_int_equal(loader_probe_kernel(f), LOADER_FORMAT_LINUX);
    loader_file_free(f);
    assert_true(loader_load_kernel(&r->target, &args, &bs, &error_abort));
    assert_int_equal(bs.mode, BOOT_MODE_LONG64);
    test_ram_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_is_modern),
        cmocka_unit_test(test_boot_params),
        cmocka_unit_test(test_entry_32),
        cmocka_unit_test(test_too_little_ram),
        cmocka_unit_test(test_cmdline_limit),
        cmocka_unit_test(test_dispatch),
    };
    gchar *contents = NULL;
    gsize len = 0;
    int ret;

    kernel_path = getenv("EMU_TEST_KERNEL");
    if (!kernel_path || !*kernel_path) {
        kernel_path = getenv("EMU_TEST_KERNEL_DEFAULT");
    }
    if (!kernel_path || access(kernel_path, R_OK) != 0 ||
        !g_file_get_contents(kernel_path, &contents, &len, NULL)) {
        printf("SKIP: no test kernel (%s); run tests/linux/fetch-linux\n",
               kernel_path ? kernel_path : "EMU_TEST_KERNEL unset");
        return 77;
    }
    kernel = (uint8_t *)contents;
    kernel_size = len;
    if (kernel_size < 0x1000) {
        printf("SKIP: %s is too small to be a kernel\n", kernel_path);
        g_free(contents);
        return 77;
    }
    ret = cmocka_run_group_tests(tests, NULL, NULL);
    g_free(contents);
    return ret;
}
