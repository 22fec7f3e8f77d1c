/*
 * Unit tests for plain ELF32/ELF64 loading and for the -kernel
 * dispatcher (format probing, file opening, per-format restrictions).
 */
#include <errno.h>

#include "elf-build.h"

#define RAM_SIZE (64 * MiB)

static uint8_t text[0x300];
static uint8_t data[0x80];

static void fill_contents(void)
{
    size_t i;

    for (i = 0; i < sizeof(text); i++) {
        text[i] = i * 3 + 1;
    }
    memset(data, 0xd7, sizeof(data));
}

/* Text at 2 MiB, data + 0x2000 bytes of bss at 3 MiB, and a note. */
static uint8_t *elf_new(bool is64, uint64_t entry, size_t *size)
{
    static const uint8_t note[16] = {4, 0, 0, 0};
    TestSeg segs[3] = {
        {.type = T_PT_LOAD,
         .vaddr = 0x200000,
         .paddr = 0x200000,
         .memsz = sizeof(text),
         .data = text,
         .filesz = sizeof(text)},
        {.type = T_PT_NOTE,
         .vaddr = 0,
         .paddr = 0,
         .memsz = 16,
         .data = note,
         .filesz = sizeof(note)},
        {.type = T_PT_LOAD,
         .vaddr = 0x300000,
         .paddr = 0x300000,
         .memsz = sizeof(data) + 0x2000,
         .data = data,
         .filesz = sizeof(data)},
    };

    fill_contents();
    return elf_build(is64, is64 ? T_EM_X86_64 : T_EM_386, entry, segs, 3, size);
}

static bool load_elf_sized(TestRam *r, const uint8_t *img, size_t size,
                           BootState *bs, Error **errp)
{
    LoaderFile *f =
        loader_file_new_from_data("k.elf", "-kernel k.elf", img, size);
    bool ok = loader_load_elf(&r->target, f, bs, errp);

    loader_file_free(f);
    return ok;
}

static void expect_elf_error(const uint8_t *img, size_t size, const char *msg)
{
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;
    Error *err = NULL;

    assert_false(load_elf_sized(r, img, size, &bs, &err));
    assert_error(err, msg);
    test_ram_free(r);
}

static void check_segments(TestRam *r)
{
    size_t i;

    assert_memory_equal(r->ram + 0x200000, text, sizeof(text));
    assert_memory_equal(r->ram + 0x300000, data, sizeof(data));
    for (i = 0x300000 + sizeof(data); i < 0x302080; i++) {
        assert_int_equal(r->ram[i], 0);
    }
    /* Nothing beyond p_memsz. */
    assert_int_equal(r->ram[0x302080], 0xcc);
    assert_int_equal(r->ram[0x200000 + sizeof(text)], 0xcc);
}

static void test_elf32(void **state)
{
    size_t size;
    g_autofree uint8_t *img = elf_new(false, 0x200010, &size);
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;

    memset(r->ram + 0x200000, 0xcc, 0x110000);
    assert_true(load_elf_sized(r, img, size, &bs, &error_abort));
    check_segments(r);
    assert_int_equal(bs.mode, BOOT_MODE_PROT32);
    assert_int_equal(bs.rip, 0x200010);
    assert_int_equal(bs.cs.selector, 0x10);
    assert_int_equal(bs.rax, 0);
    assert_int_equal(bs.rbx, 0);
    assert_int_equal(rd64(r->ram + LOADER_GDT_ADDR + 0x10),
                     0x00cf9b000000ffffULL);
    test_ram_free(r);
}

static void test_elf64(void **state)
{
    size_t size;
    g_autofree uint8_t *img = elf_new(true, 0x200020, &size);
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;

    memset(r->ram + 0x200000, 0xcc, 0x110000);
    assert_true(load_elf_sized(r, img, size, &bs, &error_abort));
    check_segments(r);
    assert_int_equal(bs.mode, BOOT_MODE_LONG64);
    assert_int_equal(bs.rip, 0x200020);
    assert_true(bs.cs.l);
    assert_int_equal(bs.efer, BOOT_EFER_LME | BOOT_EFER_LMA);
    assert_int_equal(rd64(r->ram + LOADER_GDT_ADDR + 0x10),
                     0x00af9b000000ffffULL);
    assert_int_equal(rd64(r->ram + LOADER_PAGE_TABLES), 0xa003);
    test_ram_free(r);
}

static void test_virtual_entry(void **state)
{
    static uint8_t code[0x100];
    TestSeg seg = {.type = T_PT_LOAD,
                   .vaddr = 0xffffffff80100000ULL,
                   .paddr = 0x100000,
                   .memsz = 0x1000,
                   .data = code,
                   .filesz = sizeof(code)};
    size_t size;
    g_autofree uint8_t *img =
        elf_build(true, T_EM_X86_64, 0xffffffff80100040ULL, &seg, 1, &size);
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;

    /* A kernel linked high and loaded low enters at its physical copy. */
    assert_true(load_elf_sized(r, img, size, &bs, &error_abort));
    assert_int_equal(bs.rip, 0x100040);
    test_ram_free(r);
}

static void test_entry_outside(void **state)
{
    size_t size;
    g_autofree uint8_t *img = elf_new(false, 0x200300, &size);

    expect_elf_error(img, size,
                     "-kernel k.elf: ELF entry point 0x200300 is "
                     "outside the loaded segments");
    /* Inside the bss is inside the segment. */
    g_free(img);
    img = elf_new(false, 0x302000, &size);
    {
        TestRam *r = test_ram_new(RAM_SIZE);
        BootState bs;

        assert_true(load_elf_sized(r, img, size, &bs, &error_abort));
        assert_int_equal(bs.rip, 0x302000);
        test_ram_free(r);
    }
}

static void test_entry_above_4g(void **state)
{
    static uint8_t code[0x10];
    TestSeg seg = {.type = T_PT_LOAD,
                   .vaddr = 0x100000000ULL,
                   .paddr = 0x100000000ULL,
                   .memsz = 0x10,
                   .data = code,
                   .filesz = sizeof(code)};
    size_t size;
    g_autofree uint8_t *img =
        elf_build(true, T_EM_X86_64, 0x100000000ULL, &seg, 1, &size);
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;
    Error *err = NULL;

    /* Outside the map's RAM: refused as such. */
    assert_false(load_elf_sized(r, img, size, &bs, &err));
    assert_error(err, "-kernel k.elf: ELF segment 0 at "
                      "0x100000000-0x10000000f is outside RAM");
    /* In RAM above 4 GiB, but the entry is beyond the identity map; the
     * check comes before any segment is written (the test RAM has no
     * backing above 4 GiB). */
    r->map[5] = (LoaderMemRange){0x100000000ULL, MiB, LOADER_MEM_RAM};
    r->target.map_len = 6;
    assert_false(load_elf_sized(r, img, size, &bs, &err));
    assert_error(err, "-kernel k.elf: ELF entry point 0x100000000 is above "
                      "4 GiB, beyond the boot page tables");
    test_ram_free(r);
}

static void test_header_errors(void **state)
{
    size_t size;
    g_autofree uint8_t *img = elf_new(false, 0x200010, &size);
    g_autofree uint8_t *copy = g_malloc(size);

#define CORRUPT(off, val, msg)                                                 \
    do {                                                                       \
        memcpy(copy, img, size);                                               \
        copy[(off)] = (val);                                                   \
        expect_elf_error(copy, size, (msg));                                   \
    } while (0)

    CORRUPT(0, 0x7e, "-kernel k.elf: not an ELF file");
    CORRUPT(4, 3, "-kernel k.elf: invalid ELF class 3");
    CORRUPT(5, 2, "-kernel k.elf: big-endian ELF images are not supported");
    CORRUPT(5, 0, "-kernel k.elf: invalid ELF data encoding 0");
    CORRUPT(6, 2, "-kernel k.elf: unsupported ELF version 2");
    CORRUPT(16, 3,
            "-kernel k.elf: ELF type 3 is not an executable "
            "(ET_EXEC)");
    CORRUPT(18, 62, "-kernel k.elf: ELF machine 62 is not x86 (EM_386)");
    CORRUPT(44, 0, "-kernel k.elf: ELF file has no program headers");
    CORRUPT(42, 31,
            "-kernel k.elf: ELF program header size 31 is too "
            "small (expected 32)");
    CORRUPT(44, 200,
            "-kernel k.elf: file too short: ELF program headers "
            "needs bytes 0x34-0x1933, the file has 1072 bytes");
    memcpy(copy, img, size);
    wr16(copy + 44, 0xffff);
    expect_elf_error(copy, size,
                     "-kernel k.elf: too many ELF program "
                     "headers");
#undef CORRUPT
}

static void test_elf64_machine(void **state)
{
    size_t size;
    g_autofree uint8_t *img = elf_new(true, 0x200010, &size);

    wr16(img + 18, 3);
    expect_elf_error(img, size,
                     "-kernel k.elf: ELF machine 3 is not x86 "
                     "(EM_X86_64)");
}

static void test_segment_errors(void **state)
{
    size_t size;
    g_autofree uint8_t *img = elf_new(false, 0x200010, &size);
    g_autofree uint8_t *copy = g_malloc(size);
    uint8_t *ph;

    /* p_filesz > p_memsz */
    memcpy(copy, img, size);
    ph = elf_phdr(copy, false, 2);
    wr32(ph + 20, 0x10);
    expect_elf_error(copy, size,
                     "-kernel k.elf: ELF segment 2: p_filesz "
                     "0x80 exceeds p_memsz 0x10");
    /* Contents beyond the end of the file. */
    memcpy(copy, img, size);
    ph = elf_phdr(copy, false, 2);
    wr32(ph + 16, 0x1000);
    wr32(ph + 20, 0x1000);
    expect_elf_error(copy, size,
                     "-kernel k.elf: file too short: ELF "
                     "segment 2 needs bytes 0x3b0-0x13af, the "
                     "file has 1072 bytes");
    /* Outside RAM. */
    memcpy(copy, img, size);
    ph = elf_phdr(copy, false, 2);
    wr32(ph + 12, RAM_SIZE - 0x100);
    expect_elf_error(copy, size,
                     "-kernel k.elf: ELF segment 2 at "
                     "0x3ffff00-0x4001f7f is outside RAM");
    /* Overlapping another segment. */
    memcpy(copy, img, size);
    ph = elf_phdr(copy, false, 2);
    wr32(ph + 12, 0x2002ff);
    expect_elf_error(copy, size,
                     "-kernel k.elf: ELF segment 2 at "
                     "0x2002ff-0x20237e overlaps ELF segment 0 "
                     "at 0x200000-0x2002ff");
    /* Over the GDT. */
    memcpy(copy, img, size);
    ph = elf_phdr(copy, false, 0);
    wr32(ph + 12, 0x400);
    wr32(ph + 8, 0x400);
    wr32(copy + 24, 0x400);
    expect_elf_error(copy, size,
                     "-kernel k.elf: ELF segment 0 at "
                     "0x400-0x6ff overlaps GDT at 0x500-0x51f");
    /* No PT_LOAD at all (all turned into notes). */
    memcpy(copy, img, size);
    wr32(elf_phdr(copy, false, 0), T_PT_NOTE);
    wr32(elf_phdr(copy, false, 2), T_PT_NOTE);
    expect_elf_error(copy, size,
                     "-kernel k.elf: ELF file has no loadable "
                     "segments");
}

static void test_segment_wraps(void **state)
{
    size_t size;
    g_autofree uint8_t *img = elf_new(true, 0x200010, &size);
    uint8_t *ph = elf_phdr(img, true, 2);

    wr64(ph + 24, 0xfffffffffffff000ULL);
    wr64(ph + 40, 0x2000);
    expect_elf_error(img, size,
                     "-kernel k.elf: ELF segment 2 at "
                     "0xfffffffffffff000 (0x2000 bytes) wraps "
                     "around the address space");
}

static void test_too_many_segments(void **state)
{
    static uint8_t byte = 0x90;
    TestSeg segs[65];
    size_t size;
    g_autofree uint8_t *img = NULL;
    int i;

    for (i = 0; i < 65; i++) {
        segs[i] = (TestSeg){.type = T_PT_LOAD,
                            .vaddr = 0x100000 + i * 16,
                            .paddr = 0x100000 + i * 16,
                            .memsz = 1,
                            .data = &byte,
                            .filesz = 1};
    }
    img = elf_build(false, T_EM_386, 0x100000, segs, 65, &size);
    expect_elf_error(img, size,
                     "-kernel k.elf: more than 64 loadable ELF "
                     "segments");
    /* 64 are fine. */
    g_free(img);
    img = elf_build(false, T_EM_386, 0x100000, segs, 64, &size);
    {
        TestRam *r = test_ram_new(RAM_SIZE);
        BootState bs;

        assert_true(load_elf_sized(r, img, size, &bs, &error_abort));
        assert_int_equal(r->ram[0x100000 + 63 * 16], 0x90);
        test_ram_free(r);
    }
}

static void truncate_all(bool is64)
{
    size_t size, len;
    g_autofree uint8_t *img = elf_new(is64, 0x200010, &size);
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;

    for (len = 0; len < size; len++) {
        Error *err = NULL;

        assert_false(load_elf_sized(r, img, len, &bs, &err));
        assert_non_null(err);
        if (len >= 4) {
            assert_true(g_str_has_prefix(error_get_pretty(err),
                                         "-kernel k.elf: file too short: "));
        }
        error_free(err);
    }
    test_ram_free(r);
}

static void test_truncated_elf32(void **state)
{
    truncate_all(false);
}

static void test_truncated_elf64(void **state)
{
    truncate_all(true);
}

/* Dispatcher: real files, as -kernel/-initrd name them. */

static uint8_t *bz_min(size_t *size)
{
    uint8_t *img = g_malloc0(5 * 512 + 4096);

    img[0x1f1] = 4;
    wr16(img + 0x1fe, 0xaa55);
    img[0x201] = 0x6a;
    memcpy(img + 0x202, "HdrS", 4);
    wr16(img + 0x206, 0x020f);
    img[0x211] = 1;
    wr32(img + 0x22c, 0x7fffffff);
    wr32(img + 0x230, 0x200000);
    img[0x234] = 1;
    wr16(img + 0x236, 1);
    wr32(img + 0x238, 255);
    wr64(img + 0x258, 0x1000000);
    wr32(img + 0x260, 0x100000);
    *size = 5 * 512 + 4096;
    return img;
}

static void test_probe(void **state)
{
    size_t size;
    g_autofree uint8_t *bz = bz_min(&size);
    g_autofree uint8_t *elf = NULL;
    g_autofree uint8_t *junk = g_malloc0(9000);
    LoaderFile *f;

    f = loader_file_new_from_data("bz", NULL, bz, size);
    assert_int_equal(loader_probe_kernel(f), LOADER_FORMAT_LINUX);
    loader_file_free(f);

    elf = elf_new(false, 0x200010, &size);
    f = loader_file_new_from_data("elf", NULL, elf, size);
    assert_int_equal(loader_probe_kernel(f), LOADER_FORMAT_ELF);
    loader_file_free(f);

    /* An ELF with a multiboot header is multiboot. */
    {
        uint8_t *h = elf + 0x100;

        wr32(h, 0x1BADB002);
        wr32(h + 4, 0);
        wr32(h + 8, -0x1BADB002u);
    }
    f = loader_file_new_from_data("mb", NULL, elf, size);
    assert_int_equal(loader_probe_kernel(f), LOADER_FORMAT_MULTIBOOT);
    loader_file_free(f);

    f = loader_file_new_from_data("junk", NULL, junk, 9000);
    assert_int_equal(loader_probe_kernel(f), LOADER_FORMAT_UNKNOWN);
    loader_file_free(f);
    f = loader_file_new_from_data("empty", NULL, junk, 0);
    assert_int_equal(loader_probe_kernel(f), LOADER_FORMAT_UNKNOWN);
    loader_file_free(f);
}

static void test_load_kernel_linux(void **state)
{
    size_t size;
    g_autofree uint8_t *bz = bz_min(&size);
    char *dir = test_tmpdir();
    g_autofree char *kpath = test_write_file(dir, "vmlinuz", bz, size);
    g_autofree char *ipath = test_write_file(dir, "initrd", "RAMDISK", 7);
    TestRam *r = test_ram_new(RAM_SIZE);
    LoaderKernelArgs args = {
        .kernel = kpath, .initrd = ipath, .cmdline = "console=ttyS0"};
    BootState bs;

    assert_true(loader_load_kernel(&r->target, &args, &bs, &error_abort));
    assert_int_equal(bs.mode, BOOT_MODE_LONG64);
    assert_int_equal(rd32(r->ram + LOADER_BOOT_PARAMS + 0x218),
                     RAM_SIZE - 0x1000);
    assert_memory_equal(r->ram + RAM_SIZE - 0x1000, "RAMDISK", 7);
    assert_string_equal((char *)r->ram + LOADER_CMDLINE_ADDR, "console=ttyS0");

    args.linux_entry = LOADER_LINUX_ENTRY_32;
    assert_true(loader_load_kernel(&r->target, &args, &bs, &error_abort));
    assert_int_equal(bs.mode, BOOT_MODE_PROT32);
    test_ram_free(r);
    test_rmdir(dir);
}

static void test_load_kernel_errors(void **state)
{
    size_t size;
    g_autofree uint8_t *bz = bz_min(&size);
    g_autofree uint8_t *elf = elf_new(false, 0x200010, &size);
    char *dir = test_tmpdir();
    g_autofree char *kpath =
        test_write_file(dir, "vmlinuz", bz, 5 * 512 + 4096);
    g_autofree char *epath = test_write_file(dir, "k.elf", elf, size);
    g_autofree char *jpath = test_write_file(dir, "junk", "junk", 4);
    g_autofree char *want = NULL;
    TestRam *r = test_ram_new(RAM_SIZE);
    LoaderKernelArgs args = {0};
    BootState bs;
    Error *err = NULL;

    args.kernel = "/nonexistent/vmlinuz";
    assert_false(loader_load_kernel(&r->target, &args, &bs, &err));
    want = g_strdup_printf("-kernel /nonexistent/vmlinuz: cannot open: %s",
                           g_strerror(ENOENT));
    assert_error(err, want);
    g_free(want);

    args.kernel = kpath;
    args.initrd = "/nonexistent/initrd";
    assert_false(loader_load_kernel(&r->target, &args, &bs, &err));
    want = g_strdup_printf("-initrd /nonexistent/initrd: cannot open: %s",
                           g_strerror(ENOENT));
    assert_error(err, want);
    g_free(want);

    args.kernel = jpath;
    args.initrd = NULL;
    assert_false(loader_load_kernel(&r->target, &args, &bs, &err));
    want = g_strdup_printf("-kernel %s: not a Linux bzImage, multiboot or "
                           "x86 ELF image",
                           jpath);
    assert_error(err, want);
    g_free(want);

    args.kernel = epath;
    assert_true(loader_load_kernel(&r->target, &args, &bs, &error_abort));
    assert_int_equal(bs.rip, 0x200010);
    args.initrd = jpath;
    assert_false(loader_load_kernel(&r->target, &args, &bs, &err));
    want = g_strdup_printf("-kernel %s: a plain ELF kernel takes no -initrd "
                           "(only Linux and multiboot kernels do)",
                           epath);
    assert_error(err, want);
    g_free(want);
    args.initrd = NULL;
    args.cmdline = "quiet";
    assert_false(loader_load_kernel(&r->target, &args, &bs, &err));
    want = g_strdup_printf("-kernel %s: a plain ELF kernel takes no -append "
                           "(only Linux and multiboot kernels do)",
                           epath);
    assert_error(err, want);
    /* An empty -append is no -append. */
    args.cmdline = "";
    assert_true(loader_load_kernel(&r->target, &args, &bs, &error_abort));

    test_ram_free(r);
    test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_elf32),
        cmocka_unit_test(test_elf64),
        cmocka_unit_test(test_virtual_entry),
        cmocka_unit_test(test_entry_outside),
        cmocka_unit_test(test_entry_above_4g),
        cmocka_unit_test(test_header_errors),
        cmocka_unit_test(test_elf64_machine),
        cmocka_unit_test(test_segment_errors),
        cmocka_unit_test(test_segment_wraps),
        cmocka_unit_test(test_too_many_segments),
        cmocka_unit_test(test_truncated_elf32),
        cmocka_unit_test(test_truncated_elf64),
        cmocka_unit_test(test_probe),
        cmocka_unit_test(test_load_kernel_linux),
        cmocka_unit_test(test_load_kernel_errors),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
