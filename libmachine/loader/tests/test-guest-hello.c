/*
 * The multiboot loader on a real guest: guests/hello (an ELF32 multiboot
 * kernel built by meson), found through $EMU_GUEST_HELLO; without it
 * (no gcc for the guest build) the test exits 77.
 *
 * The ELF is parsed here independently to know where its segments and
 * entry point are, then compared with what the loader put in RAM.
 */
#include <stdio.h>
#include <unistd.h>

#include "loader-test.h"

#define RAM_SIZE (128 * MiB)

static const char *guest_path;
static uint8_t *elf;
static size_t elf_size;

typedef struct Seg {
    uint32_t offset, paddr, filesz, memsz;
} Seg;

static int guest_segments(Seg *segs, int max)
{
    uint32_t phoff = rd32(elf + 28);
    unsigned phentsize = rd16(elf + 42), phnum = rd16(elf + 44), i;
    int n = 0;

    assert_true(phoff + phnum * phentsize <= elf_size);
    for (i = 0; i < phnum && n < max; i++) {
        const uint8_t *ph = elf + phoff + i * phentsize;

        if (rd32(ph) == 1) {
            segs[n++] = (Seg){rd32(ph + 4), rd32(ph + 12), rd32(ph + 16),
                              rd32(ph + 20)};
        }
    }
    return n;
}

static uint32_t image_end(void)
{
    Seg segs[8];
    int n = guest_segments(segs, 8), i;
    uint32_t end = 0;

    for (i = 0; i < n; i++) {
        end = MAX(end, segs[i].paddr + segs[i].memsz);
    }
    return end;
}

static void test_is_multiboot_elf(void **state)
{
    LoaderFile *f = loader_file_open(guest_path, NULL, &error_abort);
    int64_t off = loader_multiboot_find_header(f);

    assert_memory_equal(elf,
                        "\x7f"
                        "ELF",
                        4);
    assert_int_equal(elf[4], 1);         /* ELF32 */
    assert_int_equal(rd16(elf + 18), 3); /* EM_386 */
    assert_int_equal(loader_probe_kernel(f), LOADER_FORMAT_MULTIBOOT);
    assert_true(off >= 0 && off + 12 <= 8192 && off % 4 == 0);
    /* Flags 3: page-aligned modules and memory information, no a.out
     * kludge (so the loader takes the ELF path). */
    assert_int_equal(rd32(elf + off + 4), 3);
    loader_file_free(f);
}

static void test_load(void **state)
{
    TestRam *r = test_ram_new(RAM_SIZE);
    LoaderKernelArgs args = {.kernel = guest_path, .cmdline = "hello world"};
    g_autofree char *want_cmdline =
        g_strdup_printf("%s hello world", guest_path);
    uint32_t info_addr = (image_end() + 0xfff) & ~0xfffu;
    const uint8_t *mbi, *e;
    Seg segs[8];
    int n, i;
    uint32_t a;
    bool bss_seen = false;
    BootState bs;

    memset(r->ram + 0x100000, 0xcc, 0x100000);
    assert_true(loader_load_kernel(&r->target, &args, &bs, &error_abort));

    /* Multiboot 0.6.96, 3.2. */
    assert_int_equal(bs.mode, BOOT_MODE_PROT32);
    assert_int_equal(bs.rip, rd32(elf + 24)); /* _start: paddr = vaddr */
    assert_int_equal(bs.rax, 0x2BADB002);
    assert_int_equal(bs.rbx, info_addr);
    assert_int_equal(bs.cs.selector, 0x10);
    assert_int_equal(bs.ds.selector, 0x18);

    /* Each PT_LOAD at p_paddr, its bss zeroed. */
    n = guest_segments(segs, 8);
    assert_int_equal(n, 2);
    for (i = 0; i < n; i++) {
        assert_memory_equal(r->ram + segs[i].paddr, elf + segs[i].offset,
                            segs[i].filesz);
        for (a = segs[i].paddr + segs[i].filesz;
             a < segs[i].paddr + segs[i].memsz; a++) {
            assert_int_equal(r->ram[a], 0);
            bss_seen = true;
        }
    }
    assert_true(bss_seen);
    /* The greeting lives in the data segment. */
    assert_non_null(memmem(r->ram + segs[1].paddr, segs[1].filesz,
                           "Hello from emu guest\n", 21));

    /* The information structure. */
    mbi = r->ram + info_addr;
    assert_int_equal(rd32(mbi), 0x24d);
    assert_int_equal(rd32(mbi + 4), 639);
    assert_int_equal(rd32(mbi + 8), (RAM_SIZE - MiB) / 1024);
    assert_string_equal((char *)r->ram + rd32(mbi + 16), want_cmdline);
    assert_int_equal(rd32(mbi + 20), 0);
    assert_string_equal((char *)r->ram + rd32(mbi + 64), "emu");
    assert_int_equal(rd32(mbi + 44), 5 * 24);
    e = r->ram + rd32(mbi + 48) + 3 * 24;
    assert_int_equal(rd32(e), 20);
    assert_int_equal(rd64(e + 4), 0x100000);
    assert_int_equal(rd64(e + 12), RAM_SIZE - MiB);
    assert_int_equal(rd32(e + 20), 1);
    test_ram_free(r);
}

static void test_load_with_module(void **state)
{
    char *dir = test_tmpdir();
    g_autofree char *mod = test_write_file(dir, "mod", "module data", 11);
    g_autofree char *spec = g_strdup_printf("%s arg", mod);
    TestRam *r = test_ram_new(RAM_SIZE);
    LoaderKernelArgs args = {.kernel = guest_path, .initrd = spec};
    uint32_t mod_addr = (image_end() + 0xfff) & ~0xfffu;
    const uint8_t *mbi, *m;
    BootState bs;

    assert_true(loader_load_kernel(&r->target, &args, &bs, &error_abort));
    mbi = r->ram + bs.rbx;
    assert_int_equal(bs.rbx, mod_addr + 0x1000);
    assert_int_equal(rd32(mbi + 20), 1);
    m = r->ram + rd32(mbi + 24);
    assert_int_equal(rd32(m), mod_addr);
    assert_int_equal(rd32(m + 4), mod_addr + 11);
    assert_string_equal((char *)r->ram + rd32(m + 8), spec);
    assert_memory_equal(r->ram + mod_addr, "module data", 11);
    assert_string_equal((char *)r->ram + rd32(mbi + 16), guest_path);
    test_ram_free(r);
    test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_is_multiboot_elf),
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_load_with_module),
    };
    gchar *contents = NULL;
    gsize len = 0;
    int ret;

    guest_path = getenv("EMU_GUEST_HELLO");
    if (!guest_path || !*guest_path || access(guest_path, R_OK) != 0 ||
        !g_file_get_contents(guest_path, &contents, &len, NULL) || len < 52) {
        printf("SKIP: guests/hello was not built (%s)\n",
               guest_path ? guest_path : "EMU_GUEST_HELLO unset");
        g_free(contents);
        return 77;
    }
    elf = (uint8_t *)contents;
    elf_size = len;
    ret = cmocka_run_group_tests(tests, NULL, NULL);
    g_free(contents);
    return ret;
}
