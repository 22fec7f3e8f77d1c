/*
 * Unit tests for the Linux bzImage loader on images built in memory:
 * setup header checks, boot_params ("zero page") contents, command line
 * and initrd placement, and the 32-bit and 64-bit entry states.
 * Expected values come from Documentation/arch/x86/boot.rst and
 * zero-page.rst.
 */
#include "loader-test.h"

#define SETUP_SECTS 4
#define SETUP_SIZE ((SETUP_SECTS + 1) * 512)
#define PROT_SIZE 8192
#define BZ_SIZE (SETUP_SIZE + PROT_SIZE)

#define RAM_SIZE (64 * MiB)
#define BP (LOADER_BOOT_PARAMS)

static uint8_t prot_byte(size_t i)
{
    return (i * 13 + 5) ^ (i >> 8);
}

/* A minimal 64-bit bzImage, boot protocol 2.15, like Linux 6.1 has. */
static uint8_t *bz_new(void)
{
    uint8_t *img = g_malloc0(BZ_SIZE);
    size_t i;

    img[0x1f1] = SETUP_SECTS;
    wr32(img + 0x1f4, PROT_SIZE / 16); /* syssize */
    wr16(img + 0x1fa, 0xffff);         /* vid_mode */
    wr16(img + 0x1fe, 0xaa55);         /* boot_flag */
    img[0x200] = 0xeb;                 /* jmp short ... */
    img[0x201] = 0x6a;                 /* header ends at 0x26c */
    memcpy(img + 0x202, "HdrS", 4);
    wr16(img + 0x206, 0x020f);     /* version */
    img[0x211] = 0x01;             /* loadflags: LOADED_HIGH */
    wr32(img + 0x214, 0x100000);   /* code32_start */
    wr32(img + 0x22c, 0x7fffffff); /* initrd_addr_max */
    wr32(img + 0x230, 0x200000);   /* kernel_alignment */
    img[0x234] = 1;                /* relocatable_kernel */
    img[0x235] = 21;               /* min_alignment */
    wr16(img + 0x236, 0x7f);       /* xloadflags */
    wr32(img + 0x238, 2047);       /* cmdline_size */
    wr64(img + 0x258, 0x1000000);  /* pref_address */
    wr32(img + 0x260, 0x200000);   /* init_size */
    wr32(img + 0x268, 0x12345678); /* kernel_info_offset */
    for (i = 0; i < PROT_SIZE; i++) {
        img[SETUP_SIZE + i] = prot_byte(i);
    }
    return img;
}

static bool load_bz_sized(TestRam *r, const uint8_t *img, size_t size,
                          const uint8_t *initrd, size_t initrd_size,
                          const char *cmdline, LoaderLinuxEntry entry,
                          BootState *bs, Error **errp)
{
    LoaderFile *k = loader_file_new_from_data("bz", "-kernel bz", img, size);
    LoaderFile *i = initrd ? loader_file_new_from_data("rd", "-initrd rd",
                                                       initrd, initrd_size)
                           : NULL;
    bool ok = loader_load_linux(&r->target, k, i, cmdline, entry, bs, errp);

    loader_file_free(k);
    loader_file_free(i);
    return ok;
}

static bool load_bz(TestRam *r, const uint8_t *img, const char *cmdline,
                    LoaderLinuxEntry entry, BootState *bs, Error **errp)
{
    return load_bz_sized(r, img, BZ_SIZE, NULL, 0, cmdline, entry, bs, errp);
}

/* Load img and expect the error msg. */
static void expect_bz_error(const uint8_t *img, size_t size, const char *msg)
{
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;
    Error *err = NULL;

    assert_false(load_bz_sized(r, img, size, NULL, 0, NULL,
                               LOADER_LINUX_ENTRY_AUTO, &bs, &err));
    assert_error(err, msg);
    test_ram_free(r);
}

static void test_entry_64(void **state)
{
    g_autofree uint8_t *img = bz_new();
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;
    size_t i;

    assert_true(load_bz(r, img, "console=ttyS0", LOADER_LINUX_ENTRY_AUTO, &bs,
                        &error_abort));
    /* boot.rst, 64-bit boot protocol. */
    assert_int_equal(bs.mode, BOOT_MODE_LONG64);
    assert_int_equal(bs.rip, 0x100200);
    assert_int_equal(bs.rsi, BP);
    assert_int_equal(bs.rflags, 0x2);
    assert_int_equal(bs.cs.selector, 0x10);
    assert_true(bs.cs.l);
    assert_false(bs.cs.db);
    assert_int_equal(bs.cs.type, 0xb);
    assert_int_equal(bs.cs.base, 0);
    assert_int_equal(bs.cs.limit, 0xffffffff);
    assert_int_equal(bs.ds.selector, 0x18);
    assert_int_equal(bs.es.selector, 0x18);
    assert_int_equal(bs.ss.selector, 0x18);
    assert_int_equal(bs.ds.type, 0x3);
    assert_true(bs.ds.db && bs.ds.g && bs.ds.present && bs.ds.s);
    assert_int_equal(bs.cr0, BOOT_CR0_PE | BOOT_CR0_ET | BOOT_CR0_PG);
    assert_int_equal(bs.cr4, BOOT_CR4_PAE);
    assert_int_equal(bs.efer, BOOT_EFER_LME | BOOT_EFER_LMA);
    assert_int_equal(bs.cr3, LOADER_PAGE_TABLES);
    assert_int_equal(bs.gdt.base, LOADER_GDT_ADDR);
    assert_int_equal(bs.gdt.limit, 31);
    assert_int_equal(bs.tr.type, 0xb);
    assert_true(bs.tr.present);
    /* The protected-mode kernel is at 1 MiB. */
    for (i = 0; i < PROT_SIZE; i++) {
        assert_int_equal(r->ram[0x100000 + i], prot_byte(i));
    }
    test_ram_free(r);
}

static void test_gdt_contents(void **state)
{
    g_autofree uint8_t *img = bz_new();
    TestRam *r = test_ram_new(RAM_SIZE);
    const uint8_t *gdt = r->ram + LOADER_GDT_ADDR;
    BootState bs;

    assert_true(
        load_bz(r, img, NULL, LOADER_LINUX_ENTRY_64, &bs, &error_abort));
    /* SDM vol. 3A 3.4.5: null, null, __BOOT_CS (64-bit), __BOOT_DS. */
    assert_int_equal(rd64(gdt), 0);
    assert_int_equal(rd64(gdt + 8), 0);
    assert_int_equal(rd64(gdt + 0x10), 0x00af9b000000ffffULL);
    assert_int_equal(rd64(gdt + 0x18), 0x00cf93000000ffffULL);

    assert_true(
        load_bz(r, img, NULL, LOADER_LINUX_ENTRY_32, &bs, &error_abort));
    assert_int_equal(rd64(gdt + 0x10), 0x00cf9b000000ffffULL);
    assert_int_equal(rd64(gdt + 0x18), 0x00cf93000000ffffULL);
    test_ram_free(r);
}

static void test_page_tables(void **state)
{
    g_autofree uint8_t *img = bz_new();
    TestRam *r = test_ram_new(RAM_SIZE);
    const uint8_t *pt = r->ram + LOADER_PAGE_TABLES;
    BootState bs;
    unsigned i;

    assert_true(
        load_bz(r, img, NULL, LOADER_LINUX_ENTRY_AUTO, &bs, &error_abort));
    /* PML4[0] -> PDPT at 0xa000; PDPT[0..3] -> PDs at 0xb000..0xe000. */
    assert_int_equal(rd64(pt), 0xa000 | 0x3);
    for (i = 1; i < 512; i++) {
        assert_int_equal(rd64(pt + i * 8), 0);
    }
    for (i = 0; i < 4; i++) {
        assert_int_equal(rd64(pt + 0x1000 + i * 8), (0xb000 + i * 0x1000) | 3);
    }
    assert_int_equal(rd64(pt + 0x1000 + 4 * 8), 0);
    /* 2 MiB pages, identity: entry n maps n * 2 MiB, present + RW + PS. */
    for (i = 0; i < 2048; i++) {
        assert_int_equal(rd64(pt + 0x2000 + i * 8), ((uint64_t)i << 21) | 0x83);
    }
    assert_int_equal(rd64(pt + 0x2000 + 2047 * 8), 0xffe00083ULL);
    test_ram_free(r);
}

static void test_entry_32(void **state)
{
    g_autofree uint8_t *img = bz_new();
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;
    size_t i;

    assert_true(
        load_bz(r, img, NULL, LOADER_LINUX_ENTRY_32, &bs, &error_abort));
    /* boot.rst, 32-bit boot protocol: flat segments, ESI = boot_params,
     * EBP = EDI = EBX = 0, jump to the load address. */
    assert_int_equal(bs.mode, BOOT_MODE_PROT32);
    assert_int_equal(bs.rip, 0x100000);
    assert_int_equal(bs.rsi, BP);
    assert_int_equal(bs.rbx, 0);
    assert_int_equal(bs.rbp, 0);
    assert_int_equal(bs.rdi, 0);
    assert_int_equal(bs.cs.selector, 0x10);
    assert_true(bs.cs.db);
    assert_false(bs.cs.l);
    assert_int_equal(bs.cr0, BOOT_CR0_PE | BOOT_CR0_ET);
    assert_int_equal(bs.cr4, 0);
    assert_int_equal(bs.efer, 0);
    /* No page tables in 32-bit mode. */
    for (i = LOADER_PAGE_TABLES; i < LOADER_PAGE_TABLES_END; i++) {
        assert_int_equal(r->ram[i], 0);
    }
    assert_int_equal(rd32(r->ram + BP + 0x214), 0x100000);
    test_ram_free(r);
}

static void test_auto_entry_without_xlf(void **state)
{
    g_autofree uint8_t *img = bz_new();
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;
    Error *err = NULL;

    /* Protocol 2.12 without XLF_KERNEL_64: 32-bit entry. */
    wr16(img + 0x236, 0x7e);
    assert_true(
        load_bz(r, img, NULL, LOADER_LINUX_ENTRY_AUTO, &bs, &error_abort));
    assert_int_equal(bs.mode, BOOT_MODE_PROT32);
    assert_false(load_bz(r, img, NULL, LOADER_LINUX_ENTRY_64, &bs, &err));
    assert_error(err, "-kernel bz: kernel has no 64-bit entry point (needs "
                      "boot protocol 2.12 and XLF_KERNEL_64)");

    /* Before 2.12 the xloadflags bytes mean nothing. */
    wr16(img + 0x236, 0x7f);
    wr16(img + 0x206, 0x020b);
    assert_true(
        load_bz(r, img, NULL, LOADER_LINUX_ENTRY_AUTO, &bs, &error_abort));
    assert_int_equal(bs.mode, BOOT_MODE_PROT32);
    test_ram_free(r);
}

static void test_boot_params_header(void **state)
{
    g_autofree uint8_t *img = bz_new();
    TestRam *r = test_ram_new(RAM_SIZE);
    const uint8_t *bp = r->ram + BP;
    BootState bs;
    size_t off;

    memset(r->ram + BP, 0xcc, 4096);
    assert_true(
        load_bz(r, img, "quiet", LOADER_LINUX_ENTRY_AUTO, &bs, &error_abort));
    /* Loader-written fields. */
    assert_int_equal(bp[0x210], 0xff);          /* type_of_loader */
    assert_int_equal(bp[0x211], 0x81);          /* LOADED_HIGH | CAN_USE_HEAP */
    assert_int_equal(rd16(bp + 0x224), 0xde00); /* heap_end_ptr */
    assert_int_equal(rd32(bp + 0x228), LOADER_CMDLINE_ADDR);
    assert_int_equal(rd32(bp + 0x218), 0); /* no initrd */
    assert_int_equal(rd32(bp + 0x21c), 0);
    assert_int_equal(rd32(bp + 0x214), 0x100000); /* code32_start */
    /* Everything else of the header is the image's, up to its end. */
    for (off = 0x1f1; off < 0x26c; off++) {
        if (off == 0x210 || off == 0x211 || (off >= 0x214 && off < 0x21c) ||
            (off >= 0x224 && off < 0x22c)) {
            continue;
        }
        assert_int_equal(bp[off], img[off]);
    }
    assert_int_equal(rd32(bp + 0x268), 0x12345678);
    /* The rest of the zero page is zero, e820 apart. */
    for (off = 0; off < 0x1e8; off++) {
        assert_int_equal(bp[off], 0);
    }
    for (off = 0x26c; off < 0x2d0; off++) {
        assert_int_equal(bp[off], 0);
    }
    for (off = 0x2d0 + 5 * 20; off < 4096; off++) {
        assert_int_equal(bp[off], 0);
    }
    test_ram_free(r);
}

static void test_boot_params_e820(void **state)
{
    g_autofree uint8_t *img = bz_new();
    TestRam *r = test_ram_new(RAM_SIZE);
    const uint8_t *bp = r->ram + BP;
    const uint8_t *e;
    BootState bs;

    assert_true(
        load_bz(r, img, NULL, LOADER_LINUX_ENTRY_AUTO, &bs, &error_abort));
    /* zero-page.rst: e820_entries at 0x1e8, the table at 0x2d0. */
    assert_int_equal(bp[0x1e8], 5);
    e = bp + 0x2d0;
    assert_int_equal(rd64(e), 0);
    assert_int_equal(rd64(e + 8), 0x9fc00);
    assert_int_equal(rd32(e + 16), 1);
    e += 20;
    assert_int_equal(rd64(e), 0x9fc00);
    assert_int_equal(rd64(e + 8), 0x400);
    assert_int_equal(rd32(e + 16), 2);
    e += 20;
    assert_int_equal(rd64(e), 0xf0000);
    assert_int_equal(rd32(e + 16), 2);
    e += 20;
    assert_int_equal(rd64(e), 0x100000);
    assert_int_equal(rd64(e + 8), RAM_SIZE - 0x100000);
    assert_int_equal(rd32(e + 16), 1);
    e += 20;
    assert_int_equal(rd64(e), 0xfffc0000);
    assert_int_equal(rd64(e + 8), 0x40000);
    assert_int_equal(rd32(e + 16), 2);
    test_ram_free(r);
}

static void test_e820_too_many(void **state)
{
    g_autofree uint8_t *img = bz_new();
    TestRam *r = test_ram_new(RAM_SIZE);
    g_autofree LoaderMemRange *map = g_new0(LoaderMemRange, 129);
    BootState bs;
    Error *err = NULL;
    unsigned i;

    map[0] = (LoaderMemRange){0, 0x9fc00, LOADER_MEM_RAM};
    map[1] = (LoaderMemRange){0x100000, RAM_SIZE - 0x100000, LOADER_MEM_RAM};
    for (i = 2; i < 129; i++) {
        map[i] = (LoaderMemRange){0x100000000ULL + i * 0x1000, 0x1000,
                                  LOADER_MEM_RESERVED};
    }
    r->target.map = map;
    r->target.map_len = 129;
    assert_false(load_bz(r, img, NULL, LOADER_LINUX_ENTRY_AUTO, &bs, &err));
    assert_error(err, "-kernel bz: the memory map has 129 entries, "
                      "boot_params holds at most 128");
    r->target.map_len = 128;
    assert_true(
        load_bz(r, img, NULL, LOADER_LINUX_ENTRY_AUTO, &bs, &error_abort));
    assert_int_equal(r->ram[BP + 0x1e8], 128);
    test_ram_free(r);
}

static void test_cmdline(void **state)
{
    g_autofree uint8_t *img = bz_new();
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;

    memset(r->ram + LOADER_CMDLINE_ADDR, 0xcc, 64);
    assert_true(load_bz(r, img, "console=ttyS0 root=/dev/vda1",
                        LOADER_LINUX_ENTRY_AUTO, &bs, &error_abort));
    assert_string_equal((char *)r->ram + LOADER_CMDLINE_ADDR,
                        "console=ttyS0 root=/dev/vda1");
    assert_int_equal(rd32(r->ram + BP + 0x228), LOADER_CMDLINE_ADDR);

    /* No -append: an empty command line, still pointed to. */
    memset(r->ram + LOADER_CMDLINE_ADDR, 0xcc, 64);
    assert_true(
        load_bz(r, img, NULL, LOADER_LINUX_ENTRY_AUTO, &bs, &error_abort));
    assert_int_equal(r->ram[LOADER_CMDLINE_ADDR], 0);
    assert_int_equal(rd32(r->ram + BP + 0x228), LOADER_CMDLINE_ADDR);
    test_ram_free(r);
}

static void test_cmdline_too_long(void **state)
{
    g_autofree uint8_t *img = bz_new();
    g_autofree char *line = g_malloc(70000);
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;
    Error *err = NULL;

    /* cmdline_size is the longest line, without its NUL. */
    memset(line, 'x', 2047);
    line[2047] = 0;
    assert_true(
        load_bz(r, img, line, LOADER_LINUX_ENTRY_AUTO, &bs, &error_abort));
    assert_int_equal(strlen((char *)r->ram + LOADER_CMDLINE_ADDR), 2047);
    line[2047] = 'x';
    line[2048] = 0;
    assert_false(load_bz(r, img, line, LOADER_LINUX_ENTRY_AUTO, &bs, &err));
    assert_error(err, "-kernel bz: kernel command line too long: 2048 bytes, "
                      "the kernel accepts at most 2047");

    /* A huge cmdline_size is capped by emu's command line area. */
    wr32(img + 0x238, 0xffffffff);
    memset(line, 'y', 65536);
    line[65536] = 0;
    assert_false(load_bz(r, img, line, LOADER_LINUX_ENTRY_AUTO, &bs, &err));
    assert_error(err, "-kernel bz: kernel command line too long: 65536 "
                      "bytes, the kernel accepts at most 65535");
    line[65535] = 0;
    assert_true(
        load_bz(r, img, line, LOADER_LINUX_ENTRY_AUTO, &bs, &error_abort));
    test_ram_free(r);
}

static void test_initrd_placement(void **state)
{
    g_autofree uint8_t *img = bz_new();
    g_autofree uint8_t *rd = g_malloc(100000);
    TestRam *r = test_ram_new(RAM_SIZE);
    const uint8_t *bp = r->ram + BP;
    uint64_t want = (RAM_SIZE - 100000) & ~0xfffULL;
    BootState bs;
    size_t i;

    for (i = 0; i < 100000; i++) {
        rd[i] = i * 31;
    }
    assert_true(load_bz_sized(r, img, BZ_SIZE, rd, 100000, NULL,
                              LOADER_LINUX_ENTRY_AUTO, &bs, &error_abort));
    /* As high as possible in low RAM, 4 KiB aligned. */
    assert_int_equal(rd32(bp + 0x218), want);
    assert_int_equal(rd32(bp + 0x21c), 100000);
    assert_memory_equal(r->ram + want, rd, 100000);
    test_ram_free(r);
}

static void test_initrd_below_addr_max(void **state)
{
    g_autofree uint8_t *img = bz_new();
    g_autofree uint8_t *rd = g_malloc0(0x1800);
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;

    /* initrd_addr_max is the last byte the initrd may occupy. */
    wr32(img + 0x22c, 0x2ffffff);
    assert_true(load_bz_sized(r, img, BZ_SIZE, rd, 0x1800, NULL,
                              LOADER_LINUX_ENTRY_AUTO, &bs, &error_abort));
    assert_int_equal(rd32(r->ram + BP + 0x218), 0x3000000 - 0x2000);
    assert_int_equal(rd32(r->ram + BP + 0x21c), 0x1800);

    /* Exactly a page below the limit: ends at initrd_addr_max. */
    wr32(img + 0x22c, 0x2fffffe);
    assert_true(load_bz_sized(r, img, BZ_SIZE, rd, 0x1000, NULL,
                              LOADER_LINUX_ENTRY_AUTO, &bs, &error_abort));
    assert_int_equal(rd32(r->ram + BP + 0x218), 0x3000000 - 0x2000);
    test_ram_free(r);
}

static void test_initrd_too_large(void **state)
{
    g_autofree uint8_t *img = bz_new();
    g_autofree uint8_t *rd = g_malloc0(48 * MiB);
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;
    Error *err = NULL;

    /* The kernel needs up to 18 MiB (pref_address 16 MiB + init_size). */
    assert_false(load_bz_sized(r, img, BZ_SIZE, rd, 48 * MiB, NULL,
                               LOADER_LINUX_ENTRY_AUTO, &bs, &err));
    assert_error(err, "-initrd rd: initrd too large: 50331648 bytes do not "
                      "fit between the end of the kernel at 0x1200000 and "
                      "0x4000000");
    /* Larger than all of RAM below the limit. */
    wr32(img + 0x22c, 0xfff);
    assert_false(load_bz_sized(r, img, BZ_SIZE, rd, 0x1001, NULL,
                               LOADER_LINUX_ENTRY_AUTO, &bs, &err));
    assert_error(err, "-initrd rd: initrd too large: 4097 bytes do not fit "
                      "between the end of the kernel at 0x1200000 and "
                      "0x1000");
    /* Just fits: ends at RAM end, starts at the kernel end. */
    wr32(img + 0x22c, 0x7fffffff);
    assert_true(load_bz_sized(r, img, BZ_SIZE, rd, RAM_SIZE - 0x1200000, NULL,
                              LOADER_LINUX_ENTRY_AUTO, &bs, &error_abort));
    assert_int_equal(rd32(r->ram + BP + 0x218), 0x1200000);
    test_ram_free(r);
}

static void test_empty_initrd(void **state)
{
    g_autofree uint8_t *img = bz_new();
    TestRam *r = test_ram_new(RAM_SIZE);
    uint8_t none = 0;
    BootState bs;

    assert_true(load_bz_sized(r, img, BZ_SIZE, &none, 0, NULL,
                              LOADER_LINUX_ENTRY_AUTO, &bs, &error_abort));
    assert_int_equal(rd32(r->ram + BP + 0x218), 0);
    assert_int_equal(rd32(r->ram + BP + 0x21c), 0);
    test_ram_free(r);
}

static void test_kernel_too_big(void **state)
{
    g_autofree uint8_t *img = bz_new();
    g_autofree uint8_t *big = g_malloc0(SETUP_SIZE + 3 * MiB + 1);
    TestRam *r = test_ram_new(4 * MiB);
    BootState bs;
    Error *err = NULL;

    /* The image itself does not fit between 1 MiB and the end of RAM. */
    memcpy(big, img, SETUP_SIZE);
    assert_false(load_bz_sized(r, big, SETUP_SIZE + 3 * MiB + 1, NULL, 0, NULL,
                               LOADER_LINUX_ENTRY_AUTO, &bs, &err));
    assert_error(err, "-kernel bz: kernel too big for RAM: 3145729 bytes at "
                      "0x100000, RAM there ends at 0x400000");
    /* It fits, but not the memory it decompresses into. */
    assert_false(load_bz(r, img, NULL, LOADER_LINUX_ENTRY_AUTO, &bs, &err));
    assert_error(err, "-kernel bz: kernel too big for RAM: it needs memory "
                      "up to 0x1200000 (init_size 0x200000 at 0x1000000), "
                      "RAM ends at 0x400000");
    test_ram_free(r);
}

static void test_runtime_address(void **state)
{
    g_autofree uint8_t *img = bz_new();
    TestRam *r = test_ram_new(RAM_SIZE);
    g_autofree uint8_t *rd = g_malloc0(RAM_SIZE);
    BootState bs;
    Error *err = NULL;

    /*
     * Relocatable, pref_address below the aligned load address: the
     * kernel runs at 1 MiB rounded up to kernel_alignment (4 MiB), so
     * it needs up to 4 MiB + init_size; the initrd shows where.
     */
    wr64(img + 0x258, 0x100000);
    wr32(img + 0x230, 0x400000);
    assert_false(load_bz_sized(r, img, BZ_SIZE, rd, RAM_SIZE, NULL,
                               LOADER_LINUX_ENTRY_AUTO, &bs, &err));
    assert_error(err, "-initrd rd: initrd too large: 67108864 bytes do not "
                      "fit between the end of the kernel at 0x600000 and "
                      "0x4000000");
    /* Not relocatable: it runs at pref_address. */
    img[0x234] = 0;
    wr64(img + 0x258, 0x2000000);
    assert_false(load_bz_sized(r, img, BZ_SIZE, rd, RAM_SIZE, NULL,
                               LOADER_LINUX_ENTRY_AUTO, &bs, &err));
    assert_error(err, "-initrd rd: initrd too large: 67108864 bytes do not "
                      "fit between the end of the kernel at 0x2200000 and "
                      "0x4000000");
    /* Before 2.10 there is no init_size: only the image counts. */
    wr16(img + 0x206, 0x0209);
    assert_false(load_bz_sized(r, img, BZ_SIZE, rd, RAM_SIZE, NULL,
                               LOADER_LINUX_ENTRY_AUTO, &bs, &err));
    assert_error(err, "-initrd rd: initrd too large: 67108864 bytes do not "
                      "fit between the end of the kernel at 0x102000 and "
                      "0x4000000");
    /* A relocatable kernel needs a power-of-two alignment. */
    wr16(img + 0x206, 0x020f);
    img[0x234] = 1;
    wr32(img + 0x230, 0x300000);
    assert_false(load_bz(r, img, NULL, LOADER_LINUX_ENTRY_AUTO, &bs, &err));
    assert_error(err, "-kernel bz: invalid kernel_alignment 0x300000");
    test_ram_free(r);
}

static void test_bad_magic(void **state)
{
    g_autofree uint8_t *img = bz_new();

    memcpy(img + 0x202, "HdrT", 4);
    expect_bz_error(img, BZ_SIZE,
                    "-kernel bz: not a Linux bzImage: no "
                    "\"HdrS\" signature at offset 0x202");
}

static void test_bad_boot_flag(void **state)
{
    g_autofree uint8_t *img = bz_new();

    wr16(img + 0x1fe, 0x55aa);
    expect_bz_error(img, BZ_SIZE,
                    "-kernel bz: bad boot flag 0x55aa at "
                    "offset 0x1fe (expected 0xaa55)");
}

static void test_old_protocol(void **state)
{
    g_autofree uint8_t *img = bz_new();
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;

    wr16(img + 0x206, 0x0205);
    expect_bz_error(img, BZ_SIZE,
                    "-kernel bz: Linux boot protocol 2.05 is "
                    "too old (emu needs 2.06 or later)");
    wr16(img + 0x206, 0x0106);
    expect_bz_error(img, BZ_SIZE,
                    "-kernel bz: Linux boot protocol 1.06 is "
                    "too old (emu needs 2.06 or later)");
    /* 2.06 is enough; its header may end right after cmdline_size. */
    wr16(img + 0x206, 0x0206);
    img[0x201] = 0x3a;
    assert_true(
        load_bz(r, img, "x", LOADER_LINUX_ENTRY_AUTO, &bs, &error_abort));
    assert_int_equal(bs.mode, BOOT_MODE_PROT32);
    /* Only the header's own bytes are copied into boot_params. */
    assert_int_equal(rd32(r->ram + BP + 0x238), 2047);
    assert_int_equal(rd64(r->ram + BP + 0x258), 0);
    test_ram_free(r);
}

static void test_short_header(void **state)
{
    g_autofree uint8_t *img = bz_new();

    img[0x201] = 0x39;
    wr16(img + 0x206, 0x0206);
    expect_bz_error(img, BZ_SIZE,
                    "-kernel bz: setup header ends at 0x23b, "
                    "too short for boot protocol 2.06");
    img[0x201] = 0x61;
    wr16(img + 0x206, 0x020a);
    expect_bz_error(img, BZ_SIZE,
                    "-kernel bz: setup header ends at 0x263, "
                    "too short for boot protocol 2.10");
}

static void test_not_loaded_high(void **state)
{
    g_autofree uint8_t *img = bz_new();

    img[0x211] = 0;
    expect_bz_error(img, BZ_SIZE,
                    "-kernel bz: not a bzImage: loadflags "
                    "LOADED_HIGH is clear (zImage kernels are "
                    "not supported)");
}

static void test_setup_sects_zero_means_four(void **state)
{
    g_autofree uint8_t *img = bz_new();
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;

    /* Our image has 4 setup sectors, so 0 must give the same layout. */
    img[0x1f1] = 0;
    assert_true(
        load_bz(r, img, NULL, LOADER_LINUX_ENTRY_AUTO, &bs, &error_abort));
    assert_int_equal(r->ram[0x100000], prot_byte(0));
    assert_int_equal(r->ram[0x100000 + PROT_SIZE - 1],
                     prot_byte(PROT_SIZE - 1));
    /* 3 sectors: the protected-mode code would start 512 bytes early. */
    img[0x1f1] = 3;
    wr32(img + 0x1f4, 0);
    assert_true(
        load_bz(r, img, NULL, LOADER_LINUX_ENTRY_AUTO, &bs, &error_abort));
    assert_int_equal(r->ram[0x100000 + 512], prot_byte(0));
    test_ram_free(r);
}

static void test_syssize_beyond_file(void **state)
{
    g_autofree uint8_t *img = bz_new();

    wr32(img + 0x1f4, PROT_SIZE / 16 + 1);
    expect_bz_error(img, BZ_SIZE,
                    "-kernel bz: file too short: the setup "
                    "header declares 8208 bytes of "
                    "protected-mode kernel, the file has "
                    "8192");
    /* syssize * 16 must not wrap in 32 bits. */
    wr32(img + 0x1f4, 0x10000001);
    expect_bz_error(img, BZ_SIZE,
                    "-kernel bz: file too short: the setup "
                    "header declares 4294967312 bytes of "
                    "protected-mode kernel, the file has "
                    "8192");
}

static void test_truncated_everywhere(void **state)
{
    g_autofree uint8_t *img = bz_new();
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;
    size_t len;

    /* Every length short of the whole image fails with a clear error. */
    for (len = 0; len < BZ_SIZE; len++) {
        Error *err = NULL;

        assert_false(load_bz_sized(r, img, len, NULL, 0, NULL,
                                   LOADER_LINUX_ENTRY_AUTO, &bs, &err));
        assert_non_null(err);
        assert_true(g_str_has_prefix(error_get_pretty(err),
                                     "-kernel bz: file too short: "));
        error_free(err);
    }
    /* Nothing was written for any of them. */
    assert_int_equal(r->writes, 0);
    test_ram_free(r);
}

static void test_truncated_messages(void **state)
{
    g_autofree uint8_t *img = bz_new();

    expect_bz_error(img, 0,
                    "-kernel bz: file too short: setup header needs "
                    "bytes 0x1f1-0x207, the file has 0 bytes");
    expect_bz_error(img, 0x207,
                    "-kernel bz: file too short: setup header "
                    "needs bytes 0x1f1-0x207, the file has 519 "
                    "bytes");
    expect_bz_error(img, 0x26b,
                    "-kernel bz: file too short: setup header "
                    "needs bytes 0x1f1-0x26b, the file has 619 "
                    "bytes");
    expect_bz_error(img, SETUP_SIZE,
                    "-kernel bz: file too short: 2560 bytes "
                    "of setup code leave no protected-mode "
                    "kernel (the file has 2560 bytes)");
}

static void test_no_low_ram(void **state)
{
    g_autofree uint8_t *img = bz_new();
    TestRam *r = test_ram_new(RAM_SIZE);
    BootState bs;
    Error *err = NULL;

    /* A board without conventional memory cannot hold the GDT. */
    r->map[0].type = LOADER_MEM_RESERVED;
    assert_false(load_bz(r, img, NULL, LOADER_LINUX_ENTRY_AUTO, &bs, &err));
    assert_error(err, "-kernel bz: GDT at 0x500-0x51f is outside RAM");
    /* Nor without RAM at 1 MiB the kernel. */
    r->map[0].type = LOADER_MEM_RAM;
    r->map[3].type = LOADER_MEM_RESERVED;
    assert_false(load_bz(r, img, NULL, LOADER_LINUX_ENTRY_AUTO, &bs, &err));
    assert_error(err, "-kernel bz: no RAM at 0x100000 to load the kernel");
    test_ram_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entry_64),
        cmocka_unit_test(test_gdt_contents),
        cmocka_unit_test(test_page_tables),
        cmocka_unit_test(test_entry_32),
        cmocka_unit_test(test_auto_entry_without_xlf),
        cmocka_unit_test(test_boot_params_header),
        cmocka_unit_test(test_boot_params_e820),
        cmocka_unit_test(test_e820_too_many),
        cmocka_unit_test(test_cmdline),
        cmocka_unit_test(test_cmdline_too_long),
        cmocka_unit_test(test_initrd_placement),
        cmocka_unit_test(test_initrd_below_addr_max),
        cmocka_unit_test(test_initrd_too_large),
        cmocka_unit_test(test_empty_initrd),
        cmocka_unit_test(test_kernel_too_big),
        cmocka_unit_test(test_runtime_address),
        cmocka_unit_test(test_bad_magic),
        cmocka_unit_test(test_bad_boot_flag),
        cmocka_unit_test(test_old_protocol),
        cmocka_unit_test(test_short_header),
        cmocka_unit_test(test_not_loaded_high),
        cmocka_unit_test(test_setup_sects_zero_means_four),
        cmocka_unit_test(test_syssize_beyond_file),
        cmocka_unit_test(test_truncated_everywhere),
        cmocka_unit_test(test_truncated_messages),
        cmocka_unit_test(test_no_low_ram),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
