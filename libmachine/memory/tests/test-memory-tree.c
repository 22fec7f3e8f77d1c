/*
 * mtree_info(): info mtree's text for a small hand-built map, checked
 * line by line against QEMU's layout (address spaces sharing a root,
 * subregions by address then priority, aliases and their targets'
 * "memory-region:" sections, disabled regions, flat views, owners).
 */
#include "memory-test.h"
#include "qom/object.h"
#include "util/module.h"

static MemoryRegion root, ram, rom, mmio, window, hole, alias_ram;
static MemoryRegion off, off_child, io_root, io_port;
static AddressSpace as_mem, as_cpu, as_io;
static Object *owner;

static uint64_t dummy_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void dummy_write(void *opaque, hwaddr addr, uint64_t v, unsigned size)
{
}

static const MemoryRegionOps dummy_ops = {
    .read = dummy_read,
    .write = dummy_write,
};

static int setup(void **state)
{
    owner = object_new(TYPE_CONTAINER);
    object_property_add_child(object_get_root(), "board", owner);
    object_unref(owner);

    memory_region_init(&root, NULL, "sys", UINT64_MAX);
    assert_true(memory_region_init_ram(&ram, owner, "ram", 0x100000, NULL));
    assert_true(memory_region_init_rom(&rom, owner, "rom", 0x10000, NULL));
    memory_region_init_io(&mmio, NULL, &dummy_ops, NULL, "dev", 0x1000);
    memory_region_init(&hole, NULL, "hole", 0x20000);
    memory_region_init_alias(&alias_ram, NULL, "ram-low", &ram, 0, 0x80000);
    memory_region_init_alias(&window, NULL, "win", &rom, 0x8000, 0x8000);
    memory_region_init(&off, NULL, "off", 0x1000);
    memory_region_init_io(&off_child, NULL, &dummy_ops, NULL, "offkid", 0x10);

    memory_region_add_subregion(&root, 0, &alias_ram);
    memory_region_add_subregion_overlap(&root, 0, &hole, -1);
    memory_region_add_subregion(&hole, 0x10000, &rom);
    memory_region_add_subregion_overlap(&root, 0xe0000, &window, 1);
    memory_region_add_subregion(&root, 0xfee00000, &mmio);
    memory_region_add_subregion(&off, 0x8, &off_child);
    memory_region_add_subregion(&root, 0xfff00000, &off);
    memory_region_set_enabled(&off, false);
    address_space_init(&as_mem, &root, "memory");
    address_space_init(&as_cpu, &root, "cpu-memory-0");

    memory_region_init(&io_root, NULL, "io", 0x10000);
    memory_region_init_io(&io_port, owner, &dummy_ops, NULL, "port", 2);
    memory_region_add_subregion(&io_root, 0x60, &io_port);
    address_space_init(&as_io, &io_root, "I/O");
    return 0;
}

static int teardown(void **state)
{
    address_space_destroy(&as_io);
    address_space_destroy(&as_cpu);
    address_space_destroy(&as_mem);
    memory_region_del_subregion(&io_root, &io_port);
    memory_region_del_subregion(&off, &off_child);
    memory_region_del_subregion(&root, &off);
    memory_region_del_subregion(&root, &mmio);
    memory_region_del_subregion(&root, &window);
    memory_region_del_subregion(&hole, &rom);
    memory_region_del_subregion(&root, &hole);
    memory_region_del_subregion(&root, &alias_ram);
    memory_region_destroy(&window);
    memory_region_destroy(&alias_ram);
    memory_region_destroy(&io_port);
    memory_region_destroy(&io_root);
    memory_region_destroy(&off_child);
    memory_region_destroy(&off);
    memory_region_destroy(&hole);
    memory_region_destroy(&mmio);
    memory_region_destroy(&rom);
    memory_region_destroy(&ram);
    memory_region_destroy(&root);
    object_unparent(owner);
    return 0;
}

static void assert_mtree(bool flatview, bool owners, bool disabled,
                         const char *want)
{
    g_autoptr(GString) out = g_string_new(NULL);

    mtree_info(out, flatview, owners, disabled);
    assert_string_equal(out->str, want);
}

static void test_tree(void **state)
{
    assert_mtree(
        false, false, false,
        /* Both spaces on "sys", named in name order. */
        "address-space: cpu-memory-0\n"
        "address-space: memory\n"
        "  0000000000000000-ffffffffffffffff (prio 0, i/o): sys\n"
        "    0000000000000000-000000000007ffff (prio 0, ram): alias ram-low "
        "@ram 0000000000000000-000000000007ffff\n"
        "    0000000000000000-000000000001ffff (prio -1, i/o): hole\n"
        "      0000000000010000-000000000001ffff (prio 0, rom): rom\n"
        "    00000000000e0000-00000000000e7fff (prio 1, rom): alias win "
        "@rom 0000000000008000-000000000000ffff\n"
        "    00000000fee00000-00000000fee00fff (prio 0, i/o): dev\n"
        /* "off" is disabled: not shown, its child one level deeper. */
        "      00000000fff00008-00000000fff00017 (prio 0, i/o): offkid\n"
        "\n"
        "address-space: I/O\n"
        "  0000000000000000-000000000000ffff (prio 0, i/o): io\n"
        "    0000000000000060-0000000000000061 (prio 0, i/o): port\n"
        "\n"
        "memory-region: ram\n"
        "  0000000000000000-00000000000fffff (prio 0, ram): ram\n"
        "\n"
        /* A target shows at its own address in its container. */
        "memory-region: rom\n"
        "  0000000000010000-000000000001ffff (prio 0, rom): rom\n"
        "\n");
}

static void test_disabled_and_owners(void **state)
{
    assert_mtree(
        false, true, true,
        "address-space: cpu-memory-0\n"
        "address-space: memory\n"
        "  0000000000000000-ffffffffffffffff (prio 0, i/o): sys orphan\n"
        "    0000000000000000-000000000007ffff (prio 0, ram): alias ram-low "
        "@ram 0000000000000000-000000000007ffff orphan\n"
        "    0000000000000000-000000000001ffff (prio -1, i/o): hole orphan\n"
        "      0000000000010000-000000000001ffff (prio 0, rom): rom "
        "owner:{obj path=/board}\n"
        "    00000000000e0000-00000000000e7fff (prio 1, rom): alias win "
        "@rom 0000000000008000-000000000000ffff orphan\n"
        "    00000000fee00000-00000000fee00fff (prio 0, i/o): dev orphan\n"
        "    00000000fff00000-00000000fff00fff (prio 0, i/o): off "
        "[disabled] orphan\n"
        "      00000000fff00008-00000000fff00017 (prio 0, i/o): offkid "
        "orphan\n"
        "\n"
        "address-space: I/O\n"
        "  0000000000000000-000000000000ffff (prio 0, i/o): io orphan\n"
        "    0000000000000060-0000000000000061 (prio 0, i/o): port "
        "owner:{obj path=/board}\n"
        "\n"
        "memory-region: ram\n"
        "  0000000000000000-00000000000fffff (prio 0, ram): ram "
        "owner:{obj path=/board}\n"
        "\n"
        "memory-region: rom\n"
        "  0000000000010000-000000000001ffff (prio 0, rom): rom "
        "owner:{obj path=/board}\n"
        "\n");
}

static void test_flatview(void **state)
{
    assert_mtree(
        true, false, false,
        "FlatView #0\n"
        " AS \"memory\", root: sys\n"
        " AS \"cpu-memory-0\", root: sys\n"
        " Root memory region: sys\n"
        /* ram-low hides the ROM below it in "hole". */
        "  0000000000000000-000000000007ffff (prio 0, ram): ram\n"
        "  00000000000e0000-00000000000e7fff (prio 0, rom): rom "
        "@0000000000008000\n"
        "  00000000fee00000-00000000fee00fff (prio 0, i/o): dev\n"
        "\n"
        /* One enabled child at 0 covering it: the view is named after it. */
        "FlatView #1\n"
        " AS \"I/O\", root: io\n"
        " Root memory region: io\n"
        "  0000000000000060-0000000000000061 (prio 0, i/o): port\n"
        "\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tree, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disabled_and_owners, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_flatview, setup, teardown),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
