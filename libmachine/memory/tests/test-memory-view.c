/*
 * Memory API topology: the flat view an address space gets from its
 * region tree (priorities, overlap, containers, aliases, enable, move,
 * readonly, transactions, RAM allocation, owners), checked against the
 * semantics of QEMU's docs/devel/memory.rst.
 */
#include "memory-test.h"
#include "emu-test.h"
#include "qom/object.h"
#include "util/module.h"

typedef struct Fixture {
    MemoryRegion root;
    AddressSpace as;
} Fixture;

static int setup(void **state)
{
    Fixture *f = g_new0(Fixture, 1);

    memory_region_init(&f->root, NULL, "root", 0x10000);
    address_space_init(&f->as, &f->root, "test");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;

    address_space_destroy(&f->as);
    memory_region_destroy(&f->root);
    assert_int_equal(mem_rcu_pending(), 0);
    g_free(f);
    return 0;
}

static uint8_t backing[8][0x4000];

/* RAM over static backing store i, filled with byte (0x10 * (i + 1)). */
static void ram_init(MemoryRegion *mr, const char *name, unsigned i,
                     uint64_t size)
{
    g_assert(size <= sizeof(backing[i]));
    memset(backing[i], 0x10 * (i + 1), sizeof(backing[i]));
    memory_region_init_ram_ptr(mr, NULL, name, size, backing[i]);
}

static uint64_t rd_io(void *opaque, hwaddr addr, unsigned size)
{
    return 0x55;
}

static void wr_io(void *opaque, hwaddr addr, uint64_t data, unsigned size)
{
}

static const MemoryRegionOps io_ops = {
    .read = rd_io,
    .write = wr_io,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static void test_empty_view(void **state)
{
    Fixture *f = *state;
    uint32_t v = 0;

    assert_view(&f->as, "");
    assert_int_equal(address_space_read(&f->as, 0x10, ATTRS, &v, 4),
                     MEMTX_DECODE_ERROR);
    assert_int_equal(v, 0xffffffff);
    assert_string_equal(address_space_name(&f->as), "test");
    assert_ptr_equal(address_space_root(&f->as), &f->root);
}

static void test_single_ram(void **state)
{
    Fixture *f = *state;
    MemoryRegion ram;

    ram_init(&ram, "ram", 0, 0x1000);
    memory_region_add_subregion(&f->root, 0x1000, &ram);
    assert_view(&f->as, "1000-1fff ram@0");
    assert_true(memory_region_is_mapped(&ram));
    assert_int_equal(memory_region_get_address(&ram), 0x1000);
    memory_region_del_subregion(&f->root, &ram);
    assert_false(memory_region_is_mapped(&ram));
    assert_view(&f->as, "");
    memory_region_destroy(&ram);
}

static void test_priority_higher_wins(void **state)
{
    Fixture *f = *state;
    MemoryRegion a, b;

    ram_init(&a, "a", 0, 0x4000);
    memory_region_init_io(&b, NULL, &io_ops, NULL, "b", 0x1000);
    memory_region_add_subregion_overlap(&f->root, 0, &a, 0);
    memory_region_add_subregion_overlap(&f->root, 0x1000, &b, 1);
    assert_view(&f->as, "0-fff a@0; 1000-1fff b@0; 2000-3fff a@2000");
    memory_region_del_subregion(&f->root, &b);
    memory_region_del_subregion(&f->root, &a);
    memory_region_destroy(&a);
    memory_region_destroy(&b);
}

static void test_priority_lower_hidden(void **state)
{
    Fixture *f = *state;
    MemoryRegion a, b;

    ram_init(&a, "a", 0, 0x4000);
    ram_init(&b, "b", 1, 0x4000);
    /* b is added last but has the lower priority: hidden where a is. */
    memory_region_add_subregion_overlap(&f->root, 0, &a, 0);
    memory_region_add_subregion_overlap(&f->root, 0x2000, &b, -1);
    assert_view(&f->as, "0-3fff a@0; 4000-5fff b@2000");
    memory_region_del_subregion(&f->root, &a);
    memory_region_del_subregion(&f->root, &b);
    memory_region_destroy(&a);
    memory_region_destroy(&b);
}

static void test_equal_priority_last_added_wins(void **state)
{
    Fixture *f = *state;
    MemoryRegion a, b;

    ram_init(&a, "a", 0, 0x2000);
    ram_init(&b, "b", 1, 0x2000);
    memory_region_add_subregion_overlap(&f->root, 0, &a, 3);
    memory_region_add_subregion_overlap(&f->root, 0x1000, &b, 3);
    assert_view(&f->as, "0-fff a@0; 1000-2fff b@0");
    /* Re-adding a makes it the newest of its priority. */
    memory_region_del_subregion(&f->root, &a);
    memory_region_add_subregion_overlap(&f->root, 0, &a, 3);
    assert_view(&f->as, "0-1fff a@0; 2000-2fff b@1000");
    memory_region_del_subregion(&f->root, &a);
    memory_region_del_subregion(&f->root, &b);
    memory_region_destroy(&a);
    memory_region_destroy(&b);
}

static void test_priority_is_local_to_container(void **state)
{
    Fixture *f = *state;
    MemoryRegion c, x, y;

    /*
     * x has priority 100 inside c, but c itself has 5: y (10, a sibling of
     * c) beats everything in c.
     */
    memory_region_init(&c, NULL, "c", 0x4000);
    ram_init(&x, "x", 0, 0x4000);
    ram_init(&y, "y", 1, 0x1000);
    memory_region_add_subregion_overlap(&c, 0, &x, 100);
    memory_region_add_subregion_overlap(&f->root, 0, &c, 5);
    memory_region_add_subregion_overlap(&f->root, 0x2000, &y, 10);
    assert_view(&f->as, "0-1fff x@0; 2000-2fff y@0; 3000-3fff x@3000");
    memory_region_del_subregion(&f->root, &y);
    memory_region_del_subregion(&f->root, &c);
    memory_region_destroy(&c);
    memory_region_destroy(&x);
    memory_region_destroy(&y);
}

static void test_container_nesting(void **state)
{
    Fixture *f = *state;
    MemoryRegion c1, c2, c3, ram;

    memory_region_init(&c1, NULL, "c1", 0x8000);
    memory_region_init(&c2, NULL, "c2", 0x4000);
    memory_region_init(&c3, NULL, "c3", 0x1800);
    ram_init(&ram, "ram", 0, 0x2000);
    /* Offsets add up: 0x1000 + 0x800 + 0x400 + 0x100. */
    memory_region_add_subregion(&c3, 0x100, &ram);
    memory_region_add_subregion(&c2, 0x400, &c3);
    memory_region_add_subregion(&c1, 0x800, &c2);
    memory_region_add_subregion(&f->root, 0x1000, &c1);
    /* ram is clipped by c3's end at 0x1800 (absolute 0x1c00 + 0x1800). */
    assert_view(&f->as, "1d00-33ff ram@0");
    memory_region_del_subregion(&f->root, &c1);
    memory_region_destroy(&c1);
    memory_region_destroy(&c2);
    memory_region_destroy(&c3);
    memory_region_destroy(&ram);
}

static void test_container_clips_at_address_space_end(void **state)
{
    Fixture *f = *state;
    MemoryRegion ram;

    /* A subregion hanging past its 64 KiB container is cut at its end. */
    ram_init(&ram, "ram", 0, 0x2000);
    memory_region_add_subregion(&f->root, 0xf000, &ram);
    assert_view(&f->as, "f000-ffff ram@0");
    memory_region_del_subregion(&f->root, &ram);
    memory_region_destroy(&ram);
}

static void test_terminating_region_with_overlay(void **state)
{
    Fixture *f = *state;
    MemoryRegion ram, mmio;

    /* A RAM region with an MMIO subregion: RAM shows around it. */
    ram_init(&ram, "ram", 0, 0x4000);
    memory_region_init_io(&mmio, NULL, &io_ops, NULL, "mmio", 0x100);
    memory_region_add_subregion(&ram, 0x1000, &mmio);
    memory_region_add_subregion(&f->root, 0, &ram);
    assert_view(&f->as, "0-fff ram@0; 1000-10ff mmio@0; 1100-3fff ram@1100");
    /* Removing the overlay merges RAM back into one range. */
    memory_region_del_subregion(&ram, &mmio);
    assert_view(&f->as, "0-3fff ram@0");
    memory_region_del_subregion(&f->root, &ram);
    memory_region_destroy(&ram);
    memory_region_destroy(&mmio);
}

static void test_alias_basic(void **state)
{
    Fixture *f = *state;
    MemoryRegion ram, alias;
    uint8_t buf[4];

    ram_init(&ram, "ram", 0, 0x1000);
    backing[0][0x100] = 0xaa;
    memory_region_init_alias(&alias, NULL, "alias", &ram, 0x100, 0x200);
    assert_true(memory_region_is_alias(&alias));
    memory_region_add_subregion(&f->root, 0x8000, &alias);
    assert_view(&f->as, "8000-81ff ram@100");
    assert_int_equal(address_space_read(&f->as, 0x8000, ATTRS, buf, 1),
                     MEMTX_OK);
    assert_int_equal(buf[0], 0xaa);
    /* A write through the alias lands in the target's memory. */
    stl_le_phys(&f->as, 0x8010, 0x01020304);
    assert_int_equal(backing[0][0x110], 0x04);
    assert_int_equal(backing[0][0x113], 0x01);
    assert_ptr_equal(memory_region_get_ram_ptr(&alias), &backing[0][0x100]);
    memory_region_del_subregion(&f->root, &alias);
    memory_region_destroy(&alias);
    memory_region_destroy(&ram);
}

static void test_alias_of_alias(void **state)
{
    Fixture *f = *state;
    MemoryRegion ram, a1, a2;

    ram_init(&ram, "ram", 0, 0x4000);
    memory_region_init_alias(&a1, NULL, "a1", &ram, 0x1000, 0x2000);
    memory_region_init_alias(&a2, NULL, "a2", &a1, 0x800, 0x1000);
    memory_region_add_subregion(&f->root, 0x100, &a2);
    /* Offsets add: 0x1000 + 0x800. */
    assert_view(&f->as, "100-10ff ram@1800");
    assert_ptr_equal(memory_region_get_ram_ptr(&a2), &backing[0][0x1800]);
    /* Changing the inner alias's offset moves the outer window too. */
    memory_region_set_alias_offset(&a1, 0);
    assert_view(&f->as, "100-10ff ram@800");
    memory_region_del_subregion(&f->root, &a2);
    memory_region_destroy(&a2);
    memory_region_destroy(&a1);
    memory_region_destroy(&ram);
}

static void test_alias_offset_change(void **state)
{
    Fixture *f = *state;
    MemoryRegion ram, alias;

    ram_init(&ram, "ram", 0, 0x4000);
    backing[0][0x0] = 1;
    backing[0][0x2000] = 2;
    memory_region_init_alias(&alias, NULL, "win", &ram, 0, 0x1000);
    memory_region_add_subregion(&f->root, 0x3000, &alias);
    assert_int_equal(ldub_phys(&f->as, 0x3000), 1);
    memory_region_set_alias_offset(&alias, 0x2000);
    assert_view(&f->as, "3000-3fff ram@2000");
    assert_int_equal(ldub_phys(&f->as, 0x3000), 2);
    memory_region_del_subregion(&f->root, &alias);
    memory_region_destroy(&alias);
    memory_region_destroy(&ram);
}

static void test_alias_clipped_to_target(void **state)
{
    Fixture *f = *state;
    MemoryRegion ram, alias;

    /* The window runs past the end of its target: that part is a hole. */
    ram_init(&ram, "ram", 0, 0x1000);
    memory_region_init_alias(&alias, NULL, "win", &ram, 0x800, 0x1000);
    memory_region_add_subregion(&f->root, 0, &alias);
    assert_view(&f->as, "0-7ff ram@800");
    memory_region_del_subregion(&f->root, &alias);
    memory_region_destroy(&alias);
    memory_region_destroy(&ram);
}

static void test_alias_of_container(void **state)
{
    Fixture *f = *state;
    MemoryRegion c, r1, r2, alias;

    /* Like the PC's PCI hole: a window onto a part of another tree. */
    memory_region_init(&c, NULL, "c", 0x10000);
    ram_init(&r1, "r1", 0, 0x1000);
    ram_init(&r2, "r2", 1, 0x1000);
    memory_region_add_subregion(&c, 0x2000, &r1);
    memory_region_add_subregion(&c, 0x4000, &r2);
    memory_region_init_alias(&alias, NULL, "win", &c, 0x2800, 0x2000);
    memory_region_add_subregion(&f->root, 0x8000, &alias);
    assert_view(&f->as, "8000-87ff r1@800; 9800-9fff r2@0");
    /* Changes inside the aliased container show through the window. */
    memory_region_set_address(&r2, 0x3000);
    assert_view(&f->as, "8000-87ff r1@800; 8800-97ff r2@0");
    memory_region_del_subregion(&f->root, &alias);
    memory_region_destroy(&alias);
    memory_region_destroy(&c);
    memory_region_destroy(&r1);
    memory_region_destroy(&r2);
}

static void test_enable_disable(void **state)
{
    Fixture *f = *state;
    MemoryRegion low, high;

    ram_init(&low, "low", 0, 0x2000);
    ram_init(&high, "high", 1, 0x1000);
    memory_region_add_subregion_overlap(&f->root, 0, &low, 0);
    memory_region_add_subregion_overlap(&f->root, 0x800, &high, 1);
    assert_view(&f->as, "0-7ff low@0; 800-17ff high@0; 1800-1fff low@1800");
    memory_region_set_enabled(&high, false);
    assert_false(memory_region_is_enabled(&high));
    assert_view(&f->as, "0-1fff low@0");
    memory_region_set_enabled(&high, true);
    assert_view(&f->as, "0-7ff low@0; 800-17ff high@0; 1800-1fff low@1800");
    /* A disabled container hides its whole subtree. */
    memory_region_set_enabled(&f->root, false);
    assert_view(&f->as, "");
    memory_region_set_enabled(&f->root, true);
    memory_region_del_subregion(&f->root, &low);
    memory_region_del_subregion(&f->root, &high);
    memory_region_destroy(&low);
    memory_region_destroy(&high);
}

static void test_set_address_moves(void **state)
{
    Fixture *f = *state;
    MemoryRegion ram;

    ram_init(&ram, "bar", 0, 0x1000);
    backing[0][0] = 0x5a;
    memory_region_add_subregion(&f->root, 0x1000, &ram);
    memory_region_set_address(&ram, 0xa000);
    assert_int_equal(memory_region_get_address(&ram), 0xa000);
    assert_view(&f->as, "a000-afff bar@0");
    assert_int_equal(ldub_phys(&f->as, 0xa000), 0x5a);
    assert_int_equal(ldub_phys(&f->as, 0x1000), 0xff);
    memory_region_del_subregion(&f->root, &ram);
    memory_region_destroy(&ram);
}

static void test_set_size(void **state)
{
    Fixture *f = *state;
    MemoryRegion io;

    memory_region_init_io(&io, NULL, &io_ops, NULL, "io", 0x100);
    memory_region_add_subregion(&f->root, 0x100, &io);
    memory_region_set_size(&io, 0x40);
    assert_int_equal(memory_region_size(&io), 0x40);
    assert_view(&f->as, "100-13f io@0");
    memory_region_del_subregion(&f->root, &io);
    memory_region_destroy(&io);
}

static void test_transaction_one_rebuild(void **state)
{
    Fixture *f = *state;
    MemoryRegion r[10];
    unsigned long before = memory_rebuild_count;
    char name[8];
    int i;

    memory_region_transaction_begin();
    memory_region_transaction_begin(); /* nesting */
    for (i = 0; i < 10; i++) {
        snprintf(name, sizeof(name), "r%d", i);
        memory_region_init_io(&r[i], NULL, &io_ops, NULL, name, 0x100);
        memory_region_add_subregion(&f->root, i * 0x100, &r[i]);
    }
    memory_region_transaction_commit();
    /* Not visible before the outermost commit. */
    assert_int_equal(memory_rebuild_count, before);
    assert_view(&f->as, "");
    memory_region_transaction_commit();
    assert_int_equal(memory_rebuild_count, before + 1);
    assert_int_equal(address_space_get_view(&f->as)->nr, 10);

    memory_region_transaction_begin();
    for (i = 0; i < 10; i++) {
        memory_region_del_subregion(&f->root, &r[i]);
        memory_region_destroy(&r[i]);
    }
    memory_region_transaction_commit();
    assert_int_equal(memory_rebuild_count, before + 2);
    assert_view(&f->as, "");
}

static void test_unmapped_changes_cost_no_rebuild(void **state)
{
    Fixture *f = *state;
    MemoryRegion dev, regs[4];
    unsigned long before = memory_rebuild_count;
    int i;

    /* A device assembling its container before mapping it. */
    memory_region_init(&dev, NULL, "dev", 0x1000);
    for (i = 0; i < 4; i++) {
        memory_region_init_io(&regs[i], NULL, &io_ops, NULL, "reg", 0x10);
        memory_region_add_subregion(&dev, i * 0x10, &regs[i]);
    }
    memory_region_set_enabled(&regs[1], false);
    memory_region_set_address(&regs[2], 0x80);
    assert_int_equal(memory_rebuild_count, before);
    memory_region_add_subregion(&f->root, 0x4000, &dev);
    assert_int_equal(memory_rebuild_count, before + 1);
    assert_view(&f->as, "4000-400f reg@0; 4030-403f reg@0; 4080-408f reg@0");
    memory_region_del_subregion(&f->root, &dev);
    memory_region_destroy(&dev);
    for (i = 0; i < 4; i++) {
        memory_region_destroy(&regs[i]);
    }
}

static void test_readonly_propagates(void **state)
{
    Fixture *f = *state;
    MemoryRegion c, ram;

    memory_region_init(&c, NULL, "c", 0x1000);
    ram_init(&ram, "ram", 0, 0x1000);
    memory_region_add_subregion(&c, 0, &ram);
    memory_region_add_subregion(&f->root, 0, &c);
    memory_region_set_readonly(&c, true);
    assert_true(memory_region_is_readonly(&c));
    assert_view(&f->as, "0-fff ram@0 ro");
    log_capture_start();
    stb_phys(&f->as, 0x10, 0x99);
    assert_int_equal(backing[0][0x10], 0x10);
    assert_log("Invalid write at addr 0x10, size 1, region 'ram', "
               "reason: read-only\n");
    log_capture_stop();
    memory_region_set_readonly(&c, false);
    stb_phys(&f->as, 0x10, 0x99);
    assert_int_equal(backing[0][0x10], 0x99);
    memory_region_del_subregion(&f->root, &c);
    memory_region_destroy(&c);
    memory_region_destroy(&ram);
}

static void test_ram_allocation(void **state)
{
    MemoryRegion ram, pre;
    uint8_t *p;

    assert_true(
        memory_region_init_ram(&ram, NULL, "pc.ram", 0x100001, &error_abort));
    assert_true(memory_region_is_ram(&ram));
    assert_false(memory_region_is_rom(&ram));
    assert_int_equal(memory_region_size(&ram), 0x100001);
    assert_string_equal(memory_region_name(&ram), "pc.ram");
    p = memory_region_get_ram_ptr(&ram);
    assert_non_null(p);
    /* Anonymous memory is zero-filled, and all of it is usable. */
    assert_int_equal(p[0], 0);
    assert_int_equal(p[0x100000], 0);
    p[0x100000] = 1;
    memory_region_destroy(&ram);

    assert_true(memory_region_init_ram_flags(&pre, NULL, "pre", 0x10000,
                                             RAM_PREALLOC, &error_abort));
    p = memory_region_get_ram_ptr(&pre);
    assert_int_equal(p[0xffff], 0);
    memory_region_destroy(&pre);
}

static void test_ram_allocation_errors(void **state)
{
    MemoryRegion ram;
    Error *err = NULL;

    assert_false(memory_region_init_ram(&ram, NULL, "zero", 0, &err));
    assert_string_equal(error_get_pretty(err),
                        "cannot set up guest memory 'zero': invalid size 0");
    error_free(err);
    err = NULL;
    /* More than any x86-64 user address space can map. */
    assert_false(memory_region_init_ram(&ram, NULL, "huge", 1ULL << 62, &err));
    assert_string_equal(error_get_pretty(err),
                        "cannot set up guest memory 'huge': "
                        "Cannot allocate memory");
    error_free(err);
}

static void test_rom_and_romd_views(void **state)
{
    Fixture *f = *state;
    MemoryRegion rom, flash;

    assert_true(
        memory_region_init_rom(&rom, NULL, "bios", 0x1000, &error_abort));
    assert_true(memory_region_is_rom(&rom));
    assert_true(memory_region_is_ram(&rom));
    assert_true(memory_region_init_rom_device(&flash, NULL, &io_ops, NULL,
                                              "flash", 0x1000, &error_abort));
    assert_true(memory_region_is_romd(&flash));
    assert_false(memory_region_is_ram(&flash));
    memory_region_add_subregion(&f->root, 0, &rom);
    memory_region_add_subregion(&f->root, 0x1000, &flash);
    assert_view(&f->as, "0-fff bios@0 ro; 1000-1fff flash@0 romd");
    memory_region_rom_device_set_romd(&flash, false);
    assert_false(memory_region_is_romd(&flash));
    assert_view(&f->as, "0-fff bios@0 ro; 1000-1fff flash@0");
    memory_region_del_subregion(&f->root, &rom);
    memory_region_del_subregion(&f->root, &flash);
    memory_region_destroy(&rom);
    memory_region_destroy(&flash);
}

static void test_destroy_removes_subregions(void **state)
{
    Fixture *f = *state;
    MemoryRegion c, a, b;

    memory_region_init(&c, NULL, "c", 0x1000);
    memory_region_init_io(&a, NULL, &io_ops, NULL, "a", 0x10);
    memory_region_init_io(&b, NULL, &io_ops, NULL, "b", 0x10);
    memory_region_add_subregion(&c, 0, &a);
    memory_region_add_subregion(&c, 0x10, &b);
    memory_region_add_subregion(&f->root, 0, &c);
    memory_region_del_subregion(&f->root, &c);
    memory_region_destroy(&c);
    assert_false(memory_region_is_mapped(&a));
    assert_false(memory_region_is_mapped(&b));
    /* They can be mapped elsewhere afterwards. */
    memory_region_add_subregion(&f->root, 0x100, &a);
    assert_view(&f->as, "100-10f a@0");
    memory_region_del_subregion(&f->root, &a);
    memory_region_destroy(&a);
    memory_region_destroy(&b);
}

static void test_shared_root_two_spaces(void **state)
{
    Fixture *f = *state;
    AddressSpace as2;
    MemoryRegion ram;

    address_space_init(&as2, &f->root, "second");
    ram_init(&ram, "ram", 0, 0x1000);
    memory_region_add_subregion(&f->root, 0x2000, &ram);
    assert_view(&f->as, "2000-2fff ram@0");
    assert_view(&as2, "2000-2fff ram@0");
    /* Both spaces share one view of one root. */
    assert_ptr_equal(address_space_get_view(&f->as),
                     address_space_get_view(&as2));
    address_space_destroy(&as2);
    memory_region_del_subregion(&f->root, &ram);
    memory_region_destroy(&ram);
}

static void test_system_memory_and_io(void **state)
{
    MemoryRegion ram, port;
    uint32_t v = 0;

    memory_map_init();
    assert_int_equal(memory_region_size(get_system_memory()), UINT64_MAX);
    assert_int_equal(memory_region_size(get_system_io()), 0x10000);
    assert_string_equal(address_space_name(&address_space_memory), "memory");
    assert_string_equal(address_space_name(&address_space_io), "I/O");
    ram_init(&ram, "ram", 0, 0x1000);
    memory_region_init_io(&port, NULL, &io_ops, NULL, "serial", 8);
    memory_region_add_subregion(get_system_memory(), 0xfffff000, &ram);
    memory_region_add_subregion(get_system_io(), 0x3f8, &port);
    assert_view(&address_space_memory, "fffff000-ffffffff ram@0");
    assert_view(&address_space_io, "3f8-3ff serial@0");
    assert_int_equal(address_space_read(&address_space_io, 0x3f8, ATTRS, &v, 1),
                     MEMTX_OK);
    assert_int_equal(v, 0x55);
    /* Ports stop at 0xffff. */
    assert_int_equal(
        address_space_read(&address_space_io, 0x10000, ATTRS, &v, 1),
        MEMTX_DECODE_ERROR);
    memory_map_cleanup();
    memory_region_destroy(&ram);
    memory_region_destroy(&port);
}

static void test_region_at_top_of_64bit_space(void **state)
{
    MemoryRegion sys, top;
    AddressSpace as;
    MemoryRegionSection s;

    /* The last range of a 2^64 space ends at 2^64 - 1. */
    memory_region_init(&sys, NULL, "sys", UINT64_MAX);
    ram_init(&top, "top", 0, 0x1000);
    memory_region_add_subregion(&sys, UINT64_MAX - 0xfff, &top);
    address_space_init(&as, &sys, "as");
    assert_view(&as, "fffffffffffff000-ffffffffffffffff top@0");
    stq_le_phys(&as, UINT64_MAX - 7, 0x1122334455667788ULL);
    assert_int_equal(ldq_le_phys(&as, UINT64_MAX - 7), 0x1122334455667788ULL);
    assert_true(address_space_find_section(&as, UINT64_MAX, &s));
    assert_ptr_equal(s.mr, &top);
    assert_int_equal(s.size, 0x1000);
    assert_int_equal(s.offset_within_address_space, UINT64_MAX - 0xfff);
    address_space_destroy(&as);
    memory_region_del_subregion(&sys, &top);
    memory_region_destroy(&sys);
    memory_region_destroy(&top);
}

/* ---- 1000 regions ------------------------------------------------------ */

static void test_thousand_adjacent_regions(void **state)
{
    MemoryRegion sys, *r = g_new0(MemoryRegion, 1000);
    AddressSpace as;
    FlatView *fv;
    char name[16];
    int i;

    memory_region_init(&sys, NULL, "sys", UINT64_MAX);
    address_space_init(&as, &sys, "as");
    memory_region_transaction_begin();
    for (i = 0; i < 1000; i++) {
        snprintf(name, sizeof(name), "r%d", i);
        assert_true(
            memory_region_init_ram(&r[i], NULL, name, 0x1000, &error_abort));
        memory_region_add_subregion(&sys, (hwaddr)i * 0x1000, &r[i]);
    }
    memory_region_transaction_commit();
    fv = address_space_get_view(&as);
    assert_int_equal(fv->nr, 1000);
    for (i = 0; i < 1000; i++) {
        snprintf(name, sizeof(name), "r%d", i);
        assert_int_equal(fv->ranges[i].start, (hwaddr)i * 0x1000);
        assert_int_equal(fv->ranges[i].last, (hwaddr)i * 0x1000 + 0xfff);
        assert_string_equal(memory_region_name(fv->ranges[i].mr), name);
        stl_le_phys(&as, (hwaddr)i * 0x1000 + 0xffe, i);
    }
    for (i = 0; i < 1000; i++) {
        uint8_t *p = memory_region_get_ram_ptr(&r[i]);

        /* The store at 0xffe spilled its upper half into the next one. */
        assert_int_equal(p[0xffe], i & 0xff);
        assert_int_equal(p[0xfff], (i >> 8) & 0xff);
        if (i > 0) {
            assert_int_equal(p[0], 0);
        }
    }
    address_space_destroy(&as);
    memory_region_destroy(&sys);
    for (i = 0; i < 1000; i++) {
        memory_region_destroy(&r[i]);
    }
    g_free(r);
}

/*
 * A random tree of 1000 regions (containers, RAM, I/O, aliases of leaves
 * and of aliases, priorities -2..2, some disabled), compared address by
 * address with a direct reading of the rules: in a region, the enabled
 * subregions containing the address are tried by priority, then most
 * recent first; an alias forwards to its target at offset + alias_offset;
 * a terminating region answers for itself if no subregion did.
 */
#define NREG 1000

typedef struct Node {
    MemoryRegion mr;
    int parent; /* index, -1 for the root */
    int seq;    /* insertion order */
} Node;

static Node nodes[NREG + 1];

static bool ref_resolve(int idx, u128 addr, MemoryRegion **out, hwaddr *off)
{
    MemoryRegion *mr = &nodes[idx].mr;
    int best, i;
    bool tried[NREG + 1];

    if (!mr->enabled || addr >= mr_size128(mr)) {
        return false;
    }
    if (mr->alias) {
        for (i = 0; i <= NREG; i++) {
            if (&nodes[i].mr == mr->alias) {
                return ref_resolve(i, addr + mr->alias_offset, out, off);
            }
        }
        fail();
    }
    memset(tried, 0, sizeof(tried));
    for (;;) {
        best = -1;
        for (i = 1; i <= NREG; i++) {
            MemoryRegion *s = &nodes[i].mr;

            if (nodes[i].parent != idx || tried[i] || addr < s->addr) {
                continue;
            }
            if (best < 0 || s->priority > nodes[best].mr.priority ||
                (s->priority == nodes[best].mr.priority &&
                 nodes[i].seq > nodes[best].seq)) {
                best = i;
            }
        }
        if (best < 0) {
            break;
        }
        tried[best] = true;
        if (ref_resolve(best, addr - nodes[best].mr.addr, out, off)) {
            return true;
        }
    }
    if (mr->terminates) {
        *out = mr;
        *off = (hwaddr)addr;
        return true;
    }
    return false;
}

static void test_thousand_random_regions(void **state)
{
    GRand *rng = g_rand_new_with_seed(20261122);
    AddressSpace as;
    int containers[NREG + 1], ncont = 0, leaves[NREG + 1], nleaves = 0;
    int i, seq = 0;
    hwaddr a;

    memory_region_init(&nodes[0].mr, NULL, "root", 0x100000);
    nodes[0].parent = -1;
    containers[ncont++] = 0;
    address_space_init(&as, &nodes[0].mr, "as");
    memory_region_transaction_begin();
    for (i = 1; i <= NREG; i++) {
        int kind = g_rand_int_range(rng, 0, 10);
        int parent = containers[g_rand_int_range(rng, 0, ncont)];
        uint64_t psize = memory_region_size(&nodes[parent].mr);
        uint64_t size = g_rand_int_range(rng, 1, 0x40) * 0x100;
        char name[16];

        snprintf(name, sizeof(name), "n%d", i);
        if (kind == 0 && i < NREG / 2) {
            memory_region_init(&nodes[i].mr, NULL, name, size * 4);
            containers[ncont++] = i;
        } else if (kind <= 4 || nleaves == 0) {
            memory_region_init_io(&nodes[i].mr, NULL, &io_ops, NULL, name,
                                  size);
            leaves[nleaves++] = i;
        } else if (kind <= 7) {
            assert_true(memory_region_init_ram(&nodes[i].mr, NULL, name, size,
                                               &error_abort));
            leaves[nleaves++] = i;
        } else {
            int target = leaves[g_rand_int_range(rng, 0, nleaves)];
            uint64_t tsize = memory_region_size(&nodes[target].mr);

            memory_region_init_alias(
                &nodes[i].mr, NULL, name, &nodes[target].mr,
                g_rand_int_range(rng, 0, tsize / 0x80) * 0x80, size);
            /* Aliases may be aliased in turn (but never form a cycle). */
            leaves[nleaves++] = i;
        }
        nodes[i].parent = parent;
        nodes[i].seq = seq++;
        memory_region_add_subregion_overlap(
            &nodes[parent].mr, g_rand_int_range(rng, 0, psize / 0x80) * 0x80,
            &nodes[i].mr, g_rand_int_range(rng, -2, 3));
        if (g_rand_int_range(rng, 0, 20) == 0) {
            memory_region_set_enabled(&nodes[i].mr, false);
        }
    }
    memory_region_transaction_commit();

    for (a = 0; a < 0x100000; a += 0x40) {
        MemoryRegion *want = NULL;
        hwaddr want_off = 0;
        bool found = ref_resolve(0, a, &want, &want_off);
        FlatView *fv = address_space_get_view(&as);
        const FlatRange *fr = flatview_lookup(fv, a, NULL, NULL);

        if (!found) {
            if (fr) {
                fail_msg("0x%" PRIx64 ": view has %s, expected a hole", a,
                         memory_region_name(fr->mr));
            }
            continue;
        }
        if (!fr || fr->mr != want ||
            fr->offset_in_region + (a - fr->start) != want_off) {
            fail_msg("0x%" PRIx64 ": view has %s, expected %s@%" PRIx64, a,
                     fr ? memory_region_name(fr->mr) : "a hole",
                     memory_region_name(want), want_off);
        }
    }
    /* The view is sorted and its ranges do not overlap. */
    {
        FlatView *fv = address_space_get_view(&as);
        unsigned k;

        for (k = 1; k < fv->nr; k++) {
            assert_true(fv->ranges[k].start > fv->ranges[k - 1].last);
        }
    }

    address_space_destroy(&as);
    memory_region_transaction_begin();
    for (i = NREG; i >= 1; i--) {
        memory_region_del_subregion(&nodes[nodes[i].parent].mr, &nodes[i].mr);
    }
    memory_region_transaction_commit();
    for (i = NREG; i >= 0; i--) {
        memory_region_destroy(&nodes[i].mr);
    }
    g_rand_free(rng);
}

/* ---- Owners ------------------------------------------------------------ */

#define TYPE_MEM_OWNER "mem-test-owner"

typedef struct MemOwner {
    Object parent_obj;
    MemoryRegion io;
} MemOwner;

static int owners_finalized;

static void mem_owner_finalize(Object *obj)
{
    MemOwner *o = (MemOwner *)obj;

    memory_region_destroy(&o->io);
    owners_finalized++;
}

static const TypeInfo mem_owner_types[] = {
    {
        .name = TYPE_MEM_OWNER,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(MemOwner),
        .instance_finalize = mem_owner_finalize,
    },
};

DEFINE_TYPES(mem_owner_types)

static void test_owner_referenced_while_mapped(void **state)
{
    Fixture *f = *state;
    MemOwner *o = (MemOwner *)object_new(TYPE_MEM_OWNER);
    MemoryRegion alias;

    owners_finalized = 0;
    memory_region_init_io(&o->io, OBJECT(o), &io_ops, o, "dev", 0x10);
    assert_ptr_equal(memory_region_owner(&o->io), OBJECT(o));
    assert_int_equal(OBJECT(o)->ref, 1);
    memory_region_add_subregion(&f->root, 0, &o->io);
    /* One for the mapping, one for the view that names it. */
    assert_int_equal(OBJECT(o)->ref, 3);
    memory_region_init_alias(&alias, NULL, "alias", &o->io, 0, 0x10);
    assert_int_equal(OBJECT(o)->ref, 4);
    memory_region_destroy(&alias);
    object_unref(OBJECT(o)); /* the creator lets go */
    assert_int_equal(owners_finalized, 0);
    memory_region_del_subregion(&f->root, &o->io);
    /* Unmapped and out of every view: now it is finalized. */
    assert_int_equal(owners_finalized, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_empty_view, setup, teardown),
        cmocka_unit_test_setup_teardown(test_single_ram, setup, teardown),
        cmocka_unit_test_setup_teardown(test_priority_higher_wins, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_priority_lower_hidden, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_equal_priority_last_added_wins,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_priority_is_local_to_container,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_container_nesting, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_container_clips_at_address_space_end, setup, teardown),
        cmocka_unit_test_setup_teardown(test_terminating_region_with_overlay,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_alias_basic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alias_of_alias, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alias_offset_change, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_alias_clipped_to_target, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_alias_of_container, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_enable_disable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_address_moves, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_set_size, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transaction_one_rebuild, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_unmapped_changes_cost_no_rebuild,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_readonly_propagates, setup,
                                        teardown),
        cmocka_unit_test(test_ram_allocation),
        cmocka_unit_test(test_ram_allocation_errors),
        cmocka_unit_test_setup_teardown(test_rom_and_romd_views, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_destroy_removes_subregions, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_shared_root_two_spaces, setup,
                                        teardown),
        cmocka_unit_test(test_system_memory_and_io),
        cmocka_unit_test(test_region_at_top_of_64bit_space),
        cmocka_unit_test(test_thousand_adjacent_regions),
        cmocka_unit_test(test_thousand_random_regions),
        cmocka_unit_test_setup_teardown(test_owner_referenced_while_mapped,
                                        setup, teardown),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
