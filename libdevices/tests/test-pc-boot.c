/*
 * -kernel on the pc board: guests/hello (an ELF32 multiboot kernel built
 * by meson, found through $EMU_GUEST_HELLO) loaded into guest RAM with
 * its multiboot information (Multiboot Specification 0.6.96, 3.3) and
 * CPU 0 entered as 3.2 says (EAX = 0x2BADB002, EBX = the information,
 * flat 32-bit protected mode); loader errors as one error line.  The
 * hello tests are skipped when the guest could not be built.
 */
#include <string.h>
#include <unistd.h>

#include "pc-test.h"

#define MB_BOOTLOADER_MAGIC 0x2BADB002
#define RAM_SIZE (128 * MiB)

static const char *guest_path;

static uint32_t rd32(uint64_t addr)
{
    return ldl_le_phys(&address_space_memory, addr);
}

static uint64_t rd64(uint64_t addr)
{
    return ldq_le_phys(&address_space_memory, addr);
}

/* A NUL-terminated string of guest memory (g_free). */
static char *rdstr(uint64_t addr)
{
    GString *s = g_string_new(NULL);
    uint8_t c;

    while ((c = ldub_phys(&address_space_memory, addr++)) != 0 &&
           s->len < 4096) {
        g_string_append_c(s, c);
    }
    return g_string_free(s, false);
}

static bool have_guest(void)
{
    if (!guest_path) {
        print_message("guests/hello not built: skipped\n");
        skip();
    }
    return true;
}

static MachineState *build_hello(const char *append)
{
    PCTestArgs a = {.machine = "pc",
                    .ram_size = RAM_SIZE,
                    .kernel = guest_path,
                    .append = append};

    return pc_test_build(&a);
}

static void test_hello_registers(void **state)
{
    gchar *elf = NULL;
    gsize len = 0;
    uint32_t entry;
    CPUX86State *env;

    have_guest();
    build_hello("hello world");
    assert_true(g_file_get_contents(guest_path, &elf, &len, NULL));
    memcpy(&entry, elf + 24, 4); /* e_entry (ELF32, little-endian) */
    g_free(elf);

    env = &X86_CPU(first_cpu)->env;
    assert_int_equal(env->eip, entry);
    assert_int_equal(env->regs[R_EAX], MB_BOOTLOADER_MAGIC);
    assert_int_not_equal(env->regs[R_EBX], 0);
    assert_int_equal(env->eflags, 0x2);
    /* Flat 4 GiB segments: CS 32-bit code, data read/write. */
    assert_int_equal(env->segs[R_CS].selector, 0x10);
    assert_int_equal(env->segs[R_CS].base, 0);
    assert_int_equal(env->segs[R_CS].limit, 0xffffffff);
    assert_true(env->segs[R_CS].flags & DESC_B_MASK);
    assert_true(env->segs[R_CS].flags & DESC_CS_MASK);
    assert_int_equal(env->segs[R_DS].selector, 0x18);
    assert_int_equal(env->segs[R_SS].selector, 0x18);
    assert_int_equal(env->segs[R_SS].limit, 0xffffffff);
    assert_true(env->cr[0] & CR0_PE_MASK);
    assert_false(env->cr[0] & CR0_PG_MASK);
    assert_true(env->hflags & HF_PE_MASK);
    assert_true(env->hflags & HF_CS32_MASK);
    assert_int_equal(env->efer, 0);
}

static void test_hello_multiboot_info(void **state)
{
    MachineState *ms;
    g_autofree char *want_cmdline = NULL;
    g_autofree char *cmdline = NULL;
    g_autofree char *loader = NULL;
    const LoaderMemRange *map;
    size_t n, i;
    uint64_t mbi, mmap;

    have_guest();
    ms = build_hello("hello world");
    mbi = X86_CPU(first_cpu)->env.regs[R_EBX];
    want_cmdline = g_strdup_printf("%s hello world", guest_path);

    /* flags: mem, cmdline, mods, mmap, boot loader name. */
    assert_int_equal(rd32(mbi), 0x24d);
    /* 639 KiB below the EBDA; 127 MiB from 1 MiB up. */
    assert_int_equal(rd32(mbi + 4), 639);
    assert_int_equal(rd32(mbi + 8), (RAM_SIZE - MiB) / 1024);
    cmdline = rdstr(rd32(mbi + 16));
    assert_string_equal(cmdline, want_cmdline);
    assert_int_equal(rd32(mbi + 20), 0); /* no modules */
    loader = rdstr(rd32(mbi + 64));
    assert_string_equal(loader, "emu");

    /* The memory map is the board's e820 map, entry by entry. */
    map = pc_machine_e820(ms, &n);
    assert_int_equal(n, 5);
    assert_int_equal(rd32(mbi + 44), n * 24);
    mmap = rd32(mbi + 48);
    for (i = 0; i < n; i++) {
        uint64_t e = mmap + i * 24;

        assert_int_equal(rd32(e), 20);
        assert_int_equal(rd64(e + 4), map[i].addr);
        assert_int_equal(rd64(e + 12), map[i].size);
        assert_int_equal(rd32(e + 20), map[i].type);
    }
}

static void test_hello_image_in_ram(void **state)
{
    uint8_t *host;

    have_guest();
    build_hello(NULL);
    host = memory_region_get_ram_ptr(current_machine->ram);
    /* The greeting of the data segment, somewhere above 1 MiB. */
    assert_non_null(memmem(host + MiB, 4 * MiB, "Hello from emu guest\n", 21));
}

static void test_reset_reenters_kernel(void **state)
{
    CPUX86State *env;
    uint64_t eip, ebx;

    have_guest();
    build_hello(NULL);
    env = &X86_CPU(first_cpu)->env;
    eip = env->eip;
    ebx = env->regs[R_EBX];
    env->eip = 0x1234;
    env->regs[R_EAX] = 0;
    qemu_system_reset();
    assert_int_equal(env->eip, eip);
    assert_int_equal(env->regs[R_EAX], MB_BOOTLOADER_MAGIC);
    assert_int_equal(env->regs[R_EBX], ebx);
}

static void test_only_cpu0_enters(void **state)
{
    PCTestArgs a = {.machine = "pc",
                    .kernel = guest_path,
                    .smp = {.has_cpus = true, .cpus = 2}};
    X86CPU *ap;

    have_guest();
    pc_test_build(&a);
    ap = X86_CPU(qemu_get_cpu(1));
    /* The other CPU waits for INIT-SIPI-SIPI at the reset vector. */
    assert_int_equal(ap->env.eip, 0xfff0);
    assert_int_equal(ap->env.regs[R_EAX], 0);
    assert_true(CPU(ap)->halted);
}

/* ---- Errors: one line, never a crash ---- */

static void test_kernel_missing(void **state)
{
    PCTestArgs a = {.machine = "pc", .kernel = "/nonexistent/vmlinuz"};
    Error *err = NULL;

    assert_null(pc_test_try_build(&a, &err));
    assert_error(err, "-kernel /nonexistent/vmlinuz: cannot open: No such "
                      "file or directory");
}

static void test_kernel_garbage(void **state)
{
    g_autofree char *dir = g_dir_make_tmp("pc-boot-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "junk", NULL);
    g_autofree char *want = NULL;
    char junk[4096];
    PCTestArgs a = {.machine = "pc", .kernel = path};
    Error *err = NULL;

    memset(junk, 0x90, sizeof(junk));
    assert_true(g_file_set_contents(path, junk, sizeof(junk), NULL));
    assert_null(pc_test_try_build(&a, &err));
    want = g_strdup_printf("-kernel %s: not a Linux bzImage, multiboot or "
                           "x86 ELF image",
                           path);
    assert_error(err, want);
    unlink(path);
    rmdir(dir);
}

static void test_kernel_too_big_for_ram(void **state)
{
    PCTestArgs a = {.machine = "pc", .ram_size = 1 * MiB, .kernel = guest_path};
    Error *err = NULL;

    have_guest();
    /* 1 MiB of RAM has nothing above 1 MiB to load the image into. */
    assert_null(pc_test_try_build(&a, &err));
    assert_non_null(err);
    assert_non_null(strstr(error_get_pretty(err), "-kernel "));
    assert_null(strchr(error_get_pretty(err), '\n'));
    error_free(err);
}

static void test_firmware_and_usb_refused(void **state)
{
    const char *const fw[] = {"firmware", "bios.bin", NULL};
    const char *const usb[] = {"usb", "on", NULL};
    PCTestArgs a = {.machine = "pc", .keys = fw};
    Error *err = NULL;

    assert_null(pc_test_try_build(&a, &err));
    assert_error(err, "firmware 'bios.bin': running firmware (-bios) is not "
                      "supported yet; boot a kernel with -kernel");
    /* Refused before anything was built. */
    assert_int_equal(cpu_list_length(), 0);
    pc_test_teardown(NULL);
    a.keys = usb;
    assert_null(pc_test_try_build(&a, &err));
    assert_error(err, "usb=on: USB is not supported yet");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        pc_test(test_hello_registers),
        pc_test(test_hello_multiboot_info),
        pc_test(test_hello_image_in_ram),
        pc_test(test_reset_reenters_kernel),
        pc_test(test_only_cpu0_enters),
        pc_test(test_kernel_missing),
        pc_test(test_kernel_garbage),
        pc_test(test_kernel_too_big_for_ram),
        pc_test(test_firmware_and_usb_refused),
    };
    const char *path = getenv("EMU_GUEST_HELLO");

    if (path && *path && access(path, R_OK) == 0) {
        guest_path = path;
    }
    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
