/*
 * Unit tests for the multiboot v1 loader: header search, a.out kludge
 * and ELF images, the information structure, modules from -initrd, and
 * errors.  Expected values from the Multiboot Specification 0.6.96.
 */
#include <errno.h>

#include "elf-build.h"

#define RAM_SIZE (64 * MiB)
#define HDR_OFF 0x40
#define IMG_SIZE 0x3000
#define LOAD_ADDR 0x100000
#define BSS_END (LOAD_ADDR + IMG_SIZE + 0x2000)
#define ENTRY (LOAD_ADDR + 0x100)

#define MB_MAGIC 0x1BADB002u

static uint8_t img_byte(size_t i)
{
    return (i * 7) ^ 0xa5;
}

static void put_header(uint8_t *p, uint32_t flags)
{
    wr32(p, MB_MAGIC);
    wr32(p + 4, flags);
    wr32(p + 8, -(MB_MAGIC + flags));
}

/* An a.out-kludge image: the header at HDR_OFF, loaded at 1 MiB. */
static uint8_t *aout_new(uint32_t flags)
{
    uint8_t *img = g_malloc0(IMG_SIZE);
    size_t i;

    for (i = 0; i < IMG_SIZE; i++) {
        img[i] = img_byte(i);
    }
    put_header(img + HDR_OFF, flags | 0x10000);
    wr32(img + HDR_OFF + 12, LOAD_ADDR + HDR_OFF);  /* header_addr */
    wr32(img + HDR_OFF + 16, LOAD_ADDR);            /* load_addr */
    wr32(img + HDR_OFF + 20, LOAD_ADDR + IMG_SIZE); /* load_end_addr */
    wr32(img + HDR_OFF + 24, BSS_END);              /* bss_end_addr */
    wr32(img + HDR_OFF + 28, ENTRY);                /* entry_addr */
    return img;
}

static bool load_mb_sized(TestRam *r, const uint8_t *img, size_t size,
                          const char *cmdline, const char *modules,
                          BootState *bs, Error **errp)
{
    LoaderFile *k =
        loader_file_new_from_data("/boot/mb", "-kernel mb", img, size);
    bool ok = loader_load_multiboot(&r->target, k, cmdline, modules, bs, errp);

    loader_file_free(k);
    return ok;
}

static bool load_mb(TestRam *r, const uint8_t *img, const char *cmdline,
                    const char *modules, BootState *bs, Error **errp)
{
    return load_mb_sized(r, img, IMG_SIZE, cmdline, modules, bs, errp);
}

static void expect_mb_error(const uint8_t *img, size_t size,
                            const char *modules, const char *msg)
{
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;
    Error *err = NULL;

    assert_false(load_mb_sized(r, img, size, NULL, modules, &bs, &err));
    assert_error(err, msg);
    test_ram_free(r);
}

static const char *guest_str(TestRam *r, uint32_t addr)
{
    assert_true(addr < r->ram_size);
    return (const char *)r->ram + addr;
}

static void test_find_header(void **state)
{
    g_autofree uint8_t *buf = g_malloc0(12000);
    LoaderFile *f;

    /* Found at any 4-byte aligned offset whose 12 bytes end by 8192. */
    put_header(buf + 8180, 0);
    f = loader_file_new_from_data("x", NULL, buf, 12000);
    assert_int_equal(loader_multiboot_find_header(f), 8180);
    loader_file_free(f);

    memset(buf, 0, 12000);
    put_header(buf + 8184, 0);
    f = loader_file_new_from_data("x", NULL, buf, 12000);
    assert_int_equal(loader_multiboot_find_header(f), -1);
    loader_file_free(f);

    /* Not at an unaligned offset. */
    memset(buf, 0, 12000);
    put_header(buf + 0x42, 0);
    f = loader_file_new_from_data("x", NULL, buf, 12000);
    assert_int_equal(loader_multiboot_find_header(f), -1);
    loader_file_free(f);

    /* A bad checksum is skipped, the next good header found. */
    memset(buf, 0, 12000);
    put_header(buf + 0x20, 3);
    wr32(buf + 0x28, 0);
    put_header(buf + 0x100, 3);
    f = loader_file_new_from_data("x", NULL, buf, 12000);
    assert_int_equal(loader_multiboot_find_header(f), 0x100);
    loader_file_free(f);

    /* A file shorter than 8192 bytes is searched to its end. */
    f = loader_file_new_from_data("x", NULL, buf, 0x10b);
    assert_int_equal(loader_multiboot_find_header(f), -1);
    loader_file_free(f);
    f = loader_file_new_from_data("x", NULL, buf, 0x10c);
    assert_int_equal(loader_multiboot_find_header(f), 0x100);
    loader_file_free(f);
}

static void test_aout_load(void **state)
{
    g_autofree uint8_t *img = aout_new(0x3);
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;
    size_t i;

    memset(r->ram + LOAD_ADDR, 0xcc, 0x10000);
    assert_true(load_mb(r, img, NULL, NULL, &bs, &error_abort));
    /* The image from file offset 0 (header_addr - load_addr = HDR_OFF). */
    assert_memory_equal(r->ram + LOAD_ADDR, img, IMG_SIZE);
    /* The bss up to bss_end_addr is zeroed. */
    for (i = LOAD_ADDR + IMG_SIZE; i < BSS_END; i++) {
        assert_int_equal(r->ram[i], 0);
    }
    /* 3.2: EAX magic, EBX info, 32-bit flat protected mode. */
    assert_int_equal(bs.mode, BOOT_MODE_PROT32);
    assert_int_equal(bs.rip, ENTRY);
    assert_int_equal(bs.rax, 0x2BADB002);
    assert_int_equal(bs.rbx, BSS_END);
    assert_int_equal(bs.cs.selector, 0x10);
    assert_int_equal(bs.cs.base, 0);
    assert_int_equal(bs.cs.limit, 0xffffffff);
    assert_true(bs.cs.db);
    assert_int_equal(bs.ds.selector, 0x18);
    assert_int_equal(bs.ss.limit, 0xffffffff);
    assert_int_equal(bs.cr0 & (BOOT_CR0_PE | BOOT_CR0_PG), BOOT_CR0_PE);
    assert_int_equal(bs.rflags & 0x200, 0);
    test_ram_free(r);
}

static void test_aout_header_offset(void **state)
{
    g_autofree uint8_t *img = aout_new(0);
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;

    /* load_addr 0x20 bytes before the header: text starts at 0x20. */
    wr32(img + HDR_OFF + 16, LOAD_ADDR + HDR_OFF - 0x20);
    wr32(img + HDR_OFF + 20, 0); /* load to the end of the file */
    wr32(img + HDR_OFF + 24, 0); /* no bss */
    wr32(img + HDR_OFF + 28, LOAD_ADDR + HDR_OFF - 0x20);
    memset(r->ram + LOAD_ADDR, 0xcc, 0x10000);
    assert_true(load_mb(r, img, NULL, NULL, &bs, &error_abort));
    assert_memory_equal(r->ram + LOAD_ADDR + HDR_OFF - 0x20, img + 0x20,
                        IMG_SIZE - 0x20);
    assert_int_equal(r->ram[LOAD_ADDR + HDR_OFF - 0x21], 0xcc);
    assert_int_equal(bs.rip, LOAD_ADDR + HDR_OFF - 0x20);
    /* Info right after the image, page-aligned. */
    assert_int_equal(bs.rbx, LOAD_ADDR + 0x3000);
    test_ram_free(r);
}

static void test_info_block(void **state)
{
    g_autofree uint8_t *img = aout_new(0x3);
    TestRam *r = test_ram_new(RAM_SIZE);
    const uint8_t *mbi, *e;
    BootState bs;
    uint32_t mmap;
    unsigned i;

    assert_true(
        load_mb(r, img, "root=/dev/hda1 quiet", NULL, &bs, &error_abort));
    mbi = r->ram + bs.rbx;
    /* mem, cmdline, mods, mmap, boot_loader_name */
    assert_int_equal(rd32(mbi), 0x24d);
    /* 639 KiB below the EBDA; from 1 MiB to the end of RAM. */
    assert_int_equal(rd32(mbi + 4), 639);
    assert_int_equal(rd32(mbi + 8), (RAM_SIZE - MiB) / 1024);
    assert_string_equal(guest_str(r, rd32(mbi + 16)),
                        "/boot/mb root=/dev/hda1 quiet");
    assert_int_equal(rd32(mbi + 20), 0);
    assert_string_equal(guest_str(r, rd32(mbi + 64)), "emu");
    /* The memory map: size 20, then base, length, type, per entry. */
    assert_int_equal(rd32(mbi + 44), 5 * 24);
    mmap = rd32(mbi + 48);
    for (i = 0; i < 5; i++) {
        e = r->ram + mmap + i * 24;
        assert_int_equal(rd32(e), 20);
        assert_int_equal(rd64(e + 4), r->map[i].addr);
        assert_int_equal(rd64(e + 12), r->map[i].size);
        assert_int_equal(rd32(e + 20), r->map[i].type);
    }
    /* Unused fields are zero. */
    assert_int_equal(rd32(mbi + 12), 0);
    for (i = 28; i < 44; i++) {
        assert_int_equal(mbi[i], 0);
    }
    for (i = 52; i < 64; i++) {
        assert_int_equal(mbi[i], 0);
    }
    for (i = 68; i < 88; i++) {
        assert_int_equal(mbi[i], 0);
    }
    test_ram_free(r);
}

static void test_cmdline_default(void **state)
{
    g_autofree uint8_t *img = aout_new(0);
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;

    assert_true(load_mb(r, img, NULL, NULL, &bs, &error_abort));
    assert_string_equal(guest_str(r, rd32(r->ram + bs.rbx + 16)), "/boot/mb");
    assert_true(load_mb(r, img, "", NULL, &bs, &error_abort));
    assert_string_equal(guest_str(r, rd32(r->ram + bs.rbx + 16)), "/boot/mb");
    test_ram_free(r);
}

static void test_mem_upper_hole(void **state)
{
    g_autofree uint8_t *img = aout_new(0);
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;

    /* mem_upper stops at the first hole above 1 MiB. */
    r->map[3].size = 16 * MiB - MiB;
    r->map[4] = (LoaderMemRange){16 * MiB, MiB, LOADER_MEM_RESERVED};
    r->map[5] = (LoaderMemRange){17 * MiB, 8 * MiB, LOADER_MEM_RAM};
    r->target.map_len = 6;
    assert_true(load_mb(r, img, NULL, NULL, &bs, &error_abort));
    assert_int_equal(rd32(r->ram + bs.rbx + 8), 15 * 1024);
    assert_int_equal(rd32(r->ram + bs.rbx + 44), 6 * 24);
    test_ram_free(r);
}

static void test_modules(void **state)
{
    g_autofree uint8_t *img = aout_new(0x1);
    char *dir = test_tmpdir();
    g_autofree uint8_t *a = g_malloc(5000);
    g_autofree char *pa = NULL, *pb = NULL, *spec = NULL;
    g_autofree char *want_a = NULL;
    TestRam *r = test_ram_new(RAM_SIZE);
    const uint8_t *mbi, *m;
    BootState bs;

    memset(a, 0xa1, 5000);
    pa = test_write_file(dir, "a", a, 5000);
    pb = test_write_file(dir, "b", "bee", 3);
    spec = g_strdup_printf("%s arg1 arg2,%s", pa, pb);
    assert_true(load_mb(r, img, "x", spec, &bs, &error_abort));
    mbi = r->ram + bs.rbx;
    assert_int_equal(rd32(mbi + 20), 2);
    m = r->ram + rd32(mbi + 24);
    /* Page-aligned after the kernel's bss, each with its command line. */
    assert_int_equal(rd32(m), BSS_END);
    assert_int_equal(rd32(m + 4), BSS_END + 5000);
    want_a = g_strdup_printf("%s arg1 arg2", pa);
    assert_string_equal(guest_str(r, rd32(m + 8)), want_a);
    assert_int_equal(rd32(m + 12), 0);
    assert_memory_equal(r->ram + BSS_END, a, 5000);
    assert_int_equal(rd32(m + 16), BSS_END + 0x2000);
    assert_int_equal(rd32(m + 20), BSS_END + 0x2000 + 3);
    assert_string_equal(guest_str(r, rd32(m + 24)), pb);
    assert_memory_equal(r->ram + BSS_END + 0x2000, "bee", 3);
    /* The information structure follows the last module. */
    assert_int_equal(bs.rbx, BSS_END + 0x3000);
    test_ram_free(r);
    test_rmdir(dir);
}

static void test_module_comma_escape(void **state)
{
    g_autofree uint8_t *img = aout_new(0);
    char *dir = test_tmpdir();
    g_autofree char *p = NULL, *spec = NULL, *want = NULL, *dirx = NULL;
    TestRam *r = test_ram_new(RAM_SIZE);
    const uint8_t *m;
    BootState bs;

    p = test_write_file(dir, "x,y", "xy", 2);
    /* ",," is a comma in the name and in the arguments; a trailing
     * comma ends the list. */
    dirx = g_strdup_printf("%s/x", dir);
    spec = g_strdup_printf("%s,,y opt=a,,b,", dirx);
    assert_true(load_mb(r, img, NULL, spec, &bs, &error_abort));
    assert_int_equal(rd32(r->ram + bs.rbx + 20), 1);
    m = r->ram + rd32(r->ram + bs.rbx + 24);
    want = g_strdup_printf("%s opt=a,b", p);
    assert_string_equal(guest_str(r, rd32(m + 8)), want);
    assert_int_equal(rd32(m + 4) - rd32(m), 2);
    test_ram_free(r);
    test_rmdir(dir);
}

static void test_module_errors(void **state)
{
    g_autofree uint8_t *img = aout_new(0);
    g_autofree char *want = g_strdup_printf(
        "-initrd /nonexistent/mod: cannot open: %s", g_strerror(ENOENT));

    expect_mb_error(img, IMG_SIZE, ",a",
                    "-initrd ,a: empty multiboot module name");
    expect_mb_error(img, IMG_SIZE, " arg",
                    "-initrd  arg: empty multiboot module name");
    expect_mb_error(img, IMG_SIZE, "/nonexistent/mod arg", want);
}

static void test_module_outside_ram(void **state)
{
    g_autofree uint8_t *img = aout_new(0);
    char *dir = test_tmpdir();
    g_autofree char *p = test_write_file(dir, "m", "1234", 4);
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;
    Error *err = NULL;
    g_autofree char *want = NULL;

    /* A kernel whose bss reaches the top of RAM leaves no room. */
    wr32(img + HDR_OFF + 24, RAM_SIZE);
    assert_false(load_mb(r, img, NULL, p, &bs, &err));
    want = g_strdup_printf("-kernel mb: module %s at 0x4000000-0x4000003 is "
                           "outside RAM",
                           p);
    assert_error(err, want);
    test_ram_free(r);
    test_rmdir(dir);
}

static void test_required_flags(void **state)
{
    g_autofree uint8_t *img = aout_new(0x4);

    expect_mb_error(img, IMG_SIZE, NULL,
                    "-kernel mb: the multiboot kernel requires video mode "
                    "information (flags bit 2), which emu does not "
                    "provide");
    put_header(img + HDR_OFF, 0x10008);
    expect_mb_error(img, IMG_SIZE, NULL,
                    "-kernel mb: the multiboot kernel requires unsupported "
                    "features (flags 0x00010008)");
    /* Unknown optional bits (16-31) are ignored. */
    put_header(img + HDR_OFF, 0x80010003);
    {
        TestRam *r = test_ram_new(RAM_SIZE);
        BootState bs;

        assert_true(load_mb(r, img, NULL, NULL, &bs, &error_abort));
        test_ram_free(r);
    }
}

static void test_aout_errors(void **state)
{
    g_autofree uint8_t *img = aout_new(0);

    wr32(img + HDR_OFF + 16, LOAD_ADDR + HDR_OFF + 4);
    expect_mb_error(img, IMG_SIZE, NULL,
                    "-kernel mb: multiboot load_addr "
                    "0x100044 is above header_addr 0x100040");
    wr32(img + HDR_OFF + 16, LOAD_ADDR - 4);
    expect_mb_error(img, IMG_SIZE, NULL,
                    "-kernel mb: multiboot load_addr "
                    "0xffffc is 0x44 bytes before header_addr, but the "
                    "header is at file offset 0x40");
    wr32(img + HDR_OFF + 16, LOAD_ADDR);
    wr32(img + HDR_OFF + 20, LOAD_ADDR - 1);
    expect_mb_error(img, IMG_SIZE, NULL,
                    "-kernel mb: multiboot "
                    "load_end_addr 0xfffff is below load_addr 0x100000");
    wr32(img + HDR_OFF + 20, LOAD_ADDR + IMG_SIZE + 1);
    expect_mb_error(img, IMG_SIZE, NULL,
                    "-kernel mb: file too short: "
                    "multiboot image needs bytes 0x0-0x3000, the file has "
                    "12288 bytes");
    wr32(img + HDR_OFF + 20, LOAD_ADDR + IMG_SIZE);
    wr32(img + HDR_OFF + 24, LOAD_ADDR + IMG_SIZE - 1);
    expect_mb_error(img, IMG_SIZE, NULL,
                    "-kernel mb: multiboot "
                    "bss_end_addr 0x102fff is below the end of the loaded "
                    "image 0x103000");
    wr32(img + HDR_OFF + 24, 0);
    wr32(img + HDR_OFF + 28, LOAD_ADDR + IMG_SIZE);
    expect_mb_error(img, IMG_SIZE, NULL,
                    "-kernel mb: multiboot entry_addr "
                    "0x103000 is outside the loaded image "
                    "0x100000-0x102fff");
    wr32(img + HDR_OFF + 28, ENTRY);
    /* Loaded over the GDT in low memory. */
    wr32(img + HDR_OFF + 12, HDR_OFF);
    wr32(img + HDR_OFF + 16, 0);
    wr32(img + HDR_OFF + 20, IMG_SIZE);
    wr32(img + HDR_OFF + 28, 0x100);
    expect_mb_error(img, IMG_SIZE, NULL,
                    "-kernel mb: multiboot image at "
                    "0x0-0x2fff overlaps GDT at 0x500-0x51f");
    /* Ending above 4 GiB. */
    wr32(img + HDR_OFF + 12, 0xfffff000 + HDR_OFF);
    wr32(img + HDR_OFF + 16, 0xfffff000);
    wr32(img + HDR_OFF + 20, 0);
    expect_mb_error(img, IMG_SIZE, NULL,
                    "-kernel mb: multiboot image at "
                    "0xfffff000 (12288 bytes) ends above 4 GiB");
    /* Into the BIOS area. */
    wr32(img + HDR_OFF + 12, 0xa0000 + HDR_OFF);
    wr32(img + HDR_OFF + 16, 0xa0000);
    wr32(img + HDR_OFF + 28, 0xa0000);
    expect_mb_error(img, IMG_SIZE, NULL,
                    "-kernel mb: multiboot image at "
                    "0xa0000-0xa2fff is outside RAM");
}

static void test_no_header(void **state)
{
    g_autofree uint8_t *img = g_malloc0(IMG_SIZE);

    expect_mb_error(img, IMG_SIZE, NULL,
                    "-kernel mb: no multiboot header in the first 8192 "
                    "bytes");
    /* Without address fields the image must be ELF. */
    put_header(img + 0x10, 0x3);
    expect_mb_error(img, IMG_SIZE, NULL,
                    "-kernel mb: multiboot image is not ELF and its header "
                    "has no address fields (flags bit 16)");
}

/* An ELF32 multiboot kernel: text with the header, data + bss. */
static uint8_t *mb_elf_new(bool is64, size_t *size)
{
    static uint8_t text[0x200], data[0x40];
    TestSeg segs[2] = {
        {.type = T_PT_LOAD,
         .vaddr = 0xc0100000,
         .paddr = 0x100000,
         .memsz = sizeof(text),
         .data = text,
         .filesz = sizeof(text)},
        {.type = T_PT_LOAD,
         .vaddr = 0xc0101000,
         .paddr = 0x101000,
         .memsz = 0x3000,
         .data = data,
         .filesz = sizeof(data)},
    };
    size_t i;

    for (i = 0; i < sizeof(text); i++) {
        text[i] = 0x90 + i;
    }
    memset(data, 0xda, sizeof(data));
    put_header(text, 0x3);
    return elf_build(is64, is64 ? T_EM_X86_64 : T_EM_386, 0xc0100010, segs, 2,
                     size);
}

static void test_elf_kernel(void **state)
{
    size_t size;
    g_autofree uint8_t *img = mb_elf_new(false, &size);
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;
    size_t i;

    memset(r->ram + 0x100000, 0xcc, 0x10000);
    assert_true(load_mb_sized(r, img, size, "a b", NULL, &bs, &error_abort));
    /* Segments at p_paddr; the virtual entry translated to physical. */
    assert_int_equal(r->ram[0x100000 + 12], (uint8_t)(0x90 + 12));
    assert_int_equal(rd32(r->ram + 0x100000), MB_MAGIC);
    assert_int_equal(r->ram[0x101000], 0xda);
    for (i = 0x101040; i < 0x104000; i++) {
        assert_int_equal(r->ram[i], 0);
    }
    assert_int_equal(bs.rip, 0x100010);
    assert_int_equal(bs.rax, 0x2BADB002);
    assert_int_equal(bs.rbx, 0x104000);
    assert_string_equal(guest_str(r, rd32(r->ram + bs.rbx + 16)),
                        "/boot/mb a b");
    test_ram_free(r);
}

static void test_elf64_refused(void **state)
{
    size_t size;
    g_autofree uint8_t *img = mb_elf_new(true, &size);

    expect_mb_error(img, size, NULL,
                    "-kernel mb: multiboot kernels must be "
                    "32-bit ELF (ELF64 is not supported by multiboot v1)");
}

static void test_truncated(void **state)
{
    g_autofree uint8_t *img = aout_new(0);
    size_t len;

    /* Cut before the end of the header's mandatory part: no header. */
    for (len = 0; len < HDR_OFF + 12; len++) {
        expect_mb_error(img, len, NULL,
                        "-kernel mb: no multiboot header in "
                        "the first 8192 bytes");
    }
    /* Cut inside the address fields. */
    for (; len < HDR_OFF + 32; len++) {
        g_autofree char *want = g_strdup_printf(
            "-kernel mb: file too short: multiboot address fields needs "
            "bytes 0x4c-0x5f, the file has %zu bytes",
            len);

        expect_mb_error(img, len, NULL, want);
    }
    /* Cut inside the image load_end_addr describes. */
    for (; len < IMG_SIZE; len += 61) {
        g_autofree char *want = g_strdup_printf(
            "-kernel mb: file too short: multiboot image needs bytes "
            "0x0-0x2fff, the file has %zu bytes",
            len);

        expect_mb_error(img, len, NULL, want);
    }
}

static void test_truncated_elf(void **state)
{
    size_t size, len;
    g_autofree uint8_t *img = mb_elf_new(false, &size);
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;

    /* Past the header, every cut is a clear error and writes nothing
     * beyond the GDT. */
    for (len = 0x90; len < size; len++) {
        Error *err = NULL;

        r->writes = 0;
        assert_false(load_mb_sized(r, img, len, NULL, NULL, &bs, &err));
        assert_non_null(err);
        assert_true(g_str_has_prefix(error_get_pretty(err),
                                     "-kernel mb: file too short: "));
        error_free(err);
        assert_true(r->writes <= 1);
    }
    test_ram_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find_header),
        cmocka_unit_test(test_aout_load),
        cmocka_unit_test(test_aout_header_offset),
        cmocka_unit_test(test_info_block),
        cmocka_unit_test(test_cmdline_default),
        cmocka_unit_test(test_mem_upper_hole),
        cmocka_unit_test(test_modules),
        cmocka_unit_test(test_module_comma_escape),
        cmocka_unit_test(test_module_errors),
        cmocka_unit_test(test_module_outside_ram),
        cmocka_unit_test(test_required_flags),
        cmocka_unit_test(test_aout_errors),
        cmocka_unit_test(test_no_header),
        cmocka_unit_test(test_elf_kernel),
        cmocka_unit_test(test_elf64_refused),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_truncated_elf),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
