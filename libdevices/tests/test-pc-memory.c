/*
 * The pc board's memory map: the RAM split below/above 4 GiB for several
 * -m sizes (QEMU 7.2's examples: "-m 4G -> 3072M low, 1024M high",
 * "max-ram-below-4g=2G -m 4G -> 2048M low, 2048M high", "max-ram-below-4g
 * =4G -m 3968M -> 3968M low"), the e820 entries exactly, the 640 KiB -
 * 1 MiB hole and the PCI space behind the rest.
 */
#include <string.h>

#include "pc-internal.h"
#include "pc-test.h"

#define RAM LOADER_MEM_RAM
#define RSV LOADER_MEM_RESERVED

/* The legacy entries every map starts with (SeaBIOS's map under QEMU). */
#define LOW_ENTRIES                                                            \
    {0, 0x9fc00, RAM}, {0x9fc00, 0x400, RSV},                                  \
    {                                                                          \
        0xf0000, 0x10000, RSV                                                  \
    }

static void assert_split(MachineState *ms, uint64_t below, uint64_t above)
{
    assert_int_equal(pc_machine_below_4g_mem_size(ms), below);
    assert_int_equal(pc_machine_above_4g_mem_size(ms), above);
}

/* Guest memory at addr is pc.ram at offset: one RAM, two windows. */
static void assert_ram_at(MachineState *ms, uint64_t addr, uint64_t offset)
{
    uint8_t *host = memory_region_get_ram_ptr(ms->ram);
    uint32_t v = 0;

    stl_le_phys(&address_space_memory, addr, 0x5a5aa5a5 ^ (uint32_t)addr);
    memcpy(&v, host + offset, 4);
    assert_int_equal(v, 0x5a5aa5a5 ^ (uint32_t)addr);
}

static void test_ram_128m(void **state)
{
    MachineState *ms = pc_test_build_ram(0);
    const LoaderMemRange want[] = {
        LOW_ENTRIES,
        {0x100000, 127 * MiB, RAM},
        {0xfffc0000, 0x40000, RSV},
    };

    /* No -m: QEMU's default 128 MiB, named as QEMU names it. */
    assert_int_equal(ms->ram_size, 128 * MiB);
    assert_string_equal(memory_region_name(ms->ram), "pc.ram");
    assert_split(ms, 128 * MiB, 0);
    assert_e820(ms, want, G_N_ELEMENTS(want));
    assert_ram_at(ms, 0x1000, 0x1000);
    assert_ram_at(ms, 128 * MiB - 4, 128 * MiB - 4);
}

static void test_ram_2g(void **state)
{
    MachineState *ms = pc_test_build_ram(2 * GiB);
    const LoaderMemRange want[] = {
        LOW_ENTRIES,
        {0x100000, 2 * GiB - MiB, RAM},
        {0xfffc0000, 0x40000, RSV},
    };
    uint8_t buf[4];

    assert_split(ms, 2 * GiB, 0);
    assert_e820(ms, want, G_N_ELEMENTS(want));
    assert_ram_at(ms, 2 * GiB - 4, 2 * GiB - 4);
    /* Above the RAM: nothing but the (empty) PCI space. */
    assert_int_equal(address_space_read(&address_space_memory, 2 * GiB,
                                        MEMTXATTRS_UNSPECIFIED, buf, 4),
                     MEMTX_DECODE_ERROR);
    assert_int_equal(ldl_le_phys(&address_space_memory, 0xe0000000),
                     0xffffffff);
}

static void test_ram_4g(void **state)
{
    MachineState *ms = pc_test_build_ram(4 * GiB);
    const LoaderMemRange want[] = {
        LOW_ENTRIES,
        {0x100000, 3 * GiB - MiB, RAM},
        {0xfffc0000, 0x40000, RSV},
        {4 * GiB, 1 * GiB, RAM},
    };

    /* Does not fit below 3.5 GiB: split at 3 GiB (gigabyte aligned). */
    assert_split(ms, 3 * GiB, 1 * GiB);
    assert_e820(ms, want, G_N_ELEMENTS(want));
    assert_ram_at(ms, 3 * GiB - 4, 3 * GiB - 4);
    assert_ram_at(ms, 4 * GiB, 3 * GiB);
    assert_ram_at(ms, 5 * GiB - 4, 4 * GiB - 4);
    /* The 32-bit hole between belongs to PCI. */
    assert_int_equal(ldl_le_phys(&address_space_memory, 3 * GiB), 0xffffffff);
}

static void test_ram_8g(void **state)
{
    MachineState *ms = pc_test_build_ram(8 * GiB);
    const LoaderMemRange want[] = {
        LOW_ENTRIES,
        {0x100000, 3 * GiB - MiB, RAM},
        {0xfffc0000, 0x40000, RSV},
        {4 * GiB, 5 * GiB, RAM},
    };

    assert_split(ms, 3 * GiB, 5 * GiB);
    assert_e820(ms, want, G_N_ELEMENTS(want));
    assert_ram_at(ms, 9 * GiB - 8, 8 * GiB - 8);
}

static void test_ram_exactly_3584m(void **state)
{
    /* RAM equal to the 3.5 GiB limit counts as "does not fit". */
    MachineState *ms = pc_test_build_ram(3584 * MiB);

    assert_split(ms, 3 * GiB, 512 * MiB);
}

static void test_ram_3583m(void **state)
{
    MachineState *ms = pc_test_build_ram(3583 * MiB);
    const LoaderMemRange want[] = {
        LOW_ENTRIES,
        {0x100000, 3582 * MiB, RAM},
        {0xfffc0000, 0x40000, RSV},
    };

    assert_split(ms, 3583 * MiB, 0);
    assert_e820(ms, want, G_N_ELEMENTS(want));
}

/*
 * An accelerator's own range (KVM's TSS and identity map) is reserved in
 * the map, in address order; where RAM covers it, RAM stays.
 */
static void test_accel_reserved(void **state)
{
    static const AccelReservedRange tss[] = {{0xfeffc000, 0x4000}};
    const char *const four[] = {"max-ram-below-4g", "4G", NULL};
    const LoaderMemRange want[] = {
        LOW_ENTRIES,
        {0x100000, 127 * MiB, RAM},
        {0xfeffc000, 0x4000, RSV},
        {0xfffc0000, 0x40000, RSV},
    };
    PCTestArgs a = {.machine = "pc", .ram_size = 4080 * MiB, .keys = four};
    MachineState *ms;
    const LoaderMemRange *map;
    size_t len;

    pctest_reserved = tss;
    pctest_reserved_len = 1;
    ms = pc_test_build_ram(0);
    assert_e820(ms, want, G_N_ELEMENTS(want));
    pc_test_teardown(NULL);

    /* 4080 MiB below 4 GiB: RAM runs to 0xff000000, over the range. */
    pctest_reserved = tss;
    pctest_reserved_len = 1;
    ms = pc_test_build(&a);
    assert_split(ms, 4080 * MiB, 0);
    map = pc_machine_e820(ms, &len);
    for (size_t i = 1; i < len; i++) {
        assert_true(map[i - 1].addr + map[i - 1].size <= map[i].addr);
        assert_int_not_equal(map[i].addr, 0xfeffc000);
    }
}

static void test_max_ram_below_4g(void **state)
{
    const char *const two[] = {"max-ram-below-4g", "2G", NULL};
    const char *const four[] = {"max-ram-below-4g", "4G", NULL};
    PCTestArgs a = {.machine = "pc", .ram_size = 4 * GiB, .keys = two};
    MachineState *ms = pc_test_build(&a);

    assert_split(ms, 2 * GiB, 2 * GiB);
    pc_test_teardown(NULL);

    /* Raised to 4G, RAM that fits stays below (non-PAE guests). */
    a = (PCTestArgs){.machine = "pc", .ram_size = 3968 * MiB, .keys = four};
    ms = pc_test_build(&a);
    assert_split(ms, 3968 * MiB, 0);
    assert_int_equal(
        object_property_get_uint(OBJECT(ms), "max-ram-below-4g", NULL),
        4 * GiB);
}

static void test_max_ram_below_4g_default(void **state)
{
    MachineState *ms = pc_test_build_ram(64 * MiB);

    /* 0 until the board init, then the 3.5 GiB it used (as QEMU). */
    assert_int_equal(
        object_property_get_uint(OBJECT(ms), "max-ram-below-4g", NULL),
        0xe0000000);
}

static void test_ram_split_rules(void **state)
{
    uint64_t below, above;

    /* Gigabyte alignment off (QEMU 1.7 and older): the old 3.5 GiB. */
    pc_ram_split(4 * GiB, 0, false, &below, &above);
    assert_int_equal(below, 3584 * MiB);
    assert_int_equal(above, 512 * MiB);
    pc_ram_split(4 * GiB, 0, true, &below, &above);
    assert_int_equal(below, 3 * GiB);
    pc_ram_split(1 * GiB, 512 * MiB, true, &below, &above);
    assert_int_equal(below, 512 * MiB);
    assert_int_equal(above, 512 * MiB);
}

/* ---- The legacy hole ---- */

static void test_vga_window_unassigned(void **state)
{
    MachineState *ms = pc_test_build_ram(0);
    uint8_t *host = memory_region_get_ram_ptr(ms->ram);
    uint32_t v = 0;
    MemTxResult r;

    /* Both ends of the window; the RAM underneath is never reached. */
    v = address_space_ldl_le(&address_space_memory, 0xa0000,
                             MEMTXATTRS_UNSPECIFIED, &r);
    assert_int_equal(v, 0xffffffff);
    assert_int_equal(r, MEMTX_DECODE_ERROR);
    assert_int_equal(ldub_phys(&address_space_memory, 0xbffff), 0xff);
    address_space_stl_le(&address_space_memory, 0xb8000, 0x12345678,
                         MEMTXATTRS_UNSPECIFIED, &r);
    assert_int_equal(r, MEMTX_DECODE_ERROR);
    memcpy(&v, host + 0xb8000, 4);
    assert_int_equal(v, 0);
    /* Right below it is conventional memory (and the EBDA). */
    assert_ram_at(ms, 0x9fffc, 0x9fffc);
}

static void test_option_rom_and_bios_window(void **state)
{
    uint8_t sig[2] = {0x55, 0xaa};
    MemTxResult r;

    pc_test_build_ram(0);
    /* pc.rom: read-only to the guest, loaders write it with write_rom. */
    assert_int_equal(address_space_write_rom(&address_space_memory, 0xc0000,
                                             MEMTXATTRS_UNSPECIFIED, sig, 2),
                     MEMTX_OK);
    stw_le_phys(&address_space_memory, 0xc0000, 0);
    assert_int_equal(lduw_le_phys(&address_space_memory, 0xc0000), 0xaa55);
    assert_int_equal(ldl_le_phys(&address_space_memory, 0xdfffc), 0);
    /* The BIOS window stays unassigned until there is a BIOS. */
    assert_int_equal(address_space_ldl_le(&address_space_memory, 0xffff0,
                                          MEMTXATTRS_UNSPECIFIED, &r),
                     0xffffffff);
    assert_int_equal(r, MEMTX_DECODE_ERROR);
    assert_int_equal(ldub_phys(&address_space_memory, 0xe0000), 0xff);
    /* And 1 MiB is RAM again. */
    stl_le_phys(&address_space_memory, 0x100000, 0xfeedf00d);
    assert_int_equal(ldl_le_phys(&address_space_memory, 0x100000), 0xfeedf00d);
}

static void test_regions_named(void **state)
{
    MemoryRegionSection s;

    pc_test_build_ram(4 * GiB);
    assert_true(address_space_find_section(&address_space_memory, 0x1000, &s));
    assert_string_equal(memory_region_name(s.mr), "pc.ram");
    assert_true(address_space_find_section(&address_space_memory, 0xc0000, &s));
    assert_string_equal(memory_region_name(s.mr), "pc.rom");
    assert_true(address_space_find_section(&address_space_memory, 0xa0000, &s));
    assert_string_equal(memory_region_name(s.mr), "vga-window");
    assert_true(address_space_find_section(&address_space_memory, 4 * GiB, &s));
    assert_string_equal(memory_region_name(s.mr), "pc.ram");
    assert_int_equal(s.offset_within_region, 3 * GiB);
    /* The PCI hole has nothing yet. */
    assert_false(
        address_space_find_section(&address_space_memory, 3 * GiB, &s));
}

/* ---- -m maxmem ---- */

static void test_maxmem(void **state)
{
    MemorySizeConfiguration mem = {.has_size = true,
                                   .size = 1 * GiB,
                                   .has_max_size = true,
                                   .max_size = 2 * GiB,
                                   .has_slots = true,
                                   .slots = 300};
    PCTestArgs a = {.machine = "pc"};
    MachineState *ms = pc_test_prepare(&a, &error_abort);
    Error *err = NULL;

    assert_true(machine_parse_memory_options(ms, &mem, &error_abort));
    assert_false(machine_run_board_init(ms, &err));
    assert_error(err, "unsupported amount of memory slots: 300");
    pc_test_teardown(NULL);

    ms = pc_test_prepare(&a, &error_abort);
    mem.slots = 2;
    assert_true(machine_parse_memory_options(ms, &mem, &error_abort));
    assert_false(machine_run_board_init(ms, &err));
    assert_error(err, "-m maxmem: memory hotplug is not supported yet");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        pc_test(test_ram_128m),
        pc_test(test_ram_2g),
        pc_test(test_ram_4g),
        pc_test(test_ram_8g),
        pc_test(test_ram_exactly_3584m),
        pc_test(test_ram_3583m),
        pc_test(test_accel_reserved),
        pc_test(test_max_ram_below_4g),
        pc_test(test_max_ram_below_4g_default),
        pc_test(test_ram_split_rules),
        pc_test(test_vga_window_unassigned),
        pc_test(test_option_rom_and_bios_window),
        pc_test(test_regions_named),
        pc_test(test_maxmem),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
