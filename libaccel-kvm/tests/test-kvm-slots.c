/*
 * Unit tests for KVM memslot bookkeeping (kvm-slots.c), driven by a real
 * memory listener on a test address space, with KVM_SET_USER_MEMORY_REGION
 * replaced by a recorder: RAM becomes slots, an MMIO overlay splits them
 * and its removal joins them again, ROM is read-only (or writable without
 * KVM_CAP_READONLY_MEM), ROM devices only in ROMD mode, ranges are cut to
 * whole pages, and errors are reported.  No /dev/kvm needed.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kvm-slots.h"
#include "util/main-loop.h"

#define PAGE 0x1000ULL

typedef struct Fixture {
    MemoryRegion root;
    AddressSpace as;
    MemoryListener listener;
    KVMSlotTable *slots;
    GArray *calls; /* struct kvm_userspace_memory_region */
    int fail_with; /* -errno returned by the recorder, 0: succeed */
} Fixture;

static Fixture *fx;

static int record_region(void *opaque,
                         const struct kvm_userspace_memory_region *r)
{
    Fixture *f = opaque;

    if (f->fail_with) {
        return f->fail_with;
    }
    g_array_append_val(f->calls, *r);
    return 0;
}

static void listener_add(MemoryListener *l, MemoryRegionSection *section)
{
    assert_true(kvm_slots_section_add(fx->slots, section, &error_abort));
}

static void listener_del(MemoryListener *l, MemoryRegionSection *section)
{
    assert_true(kvm_slots_section_del(fx->slots, section, &error_abort));
}

static Fixture *fixture_new(int nr_slots, bool readonly_mem)
{
    Fixture *f = g_new0(Fixture, 1);

    fx = f;
    f->calls =
        g_array_new(false, true, sizeof(struct kvm_userspace_memory_region));
    f->slots = kvm_slots_new(nr_slots, readonly_mem, PAGE, record_region, f);
    memory_region_init(&f->root, NULL, "root", 1ULL << 32);
    address_space_init(&f->as, &f->root, "test");
    f->listener.region_add = listener_add;
    f->listener.region_del = listener_del;
    f->listener.name = "kvm-slots-test";
    memory_listener_register(&f->listener, &f->as);
    return f;
}

static void fixture_free(Fixture *f)
{
    memory_listener_unregister(&f->listener);
    address_space_destroy(&f->as);
    memory_region_destroy(&f->root);
    kvm_slots_free(f->slots);
    g_array_free(f->calls, true);
    g_free(f);
    fx = NULL;
}

static const struct kvm_userspace_memory_region *call(Fixture *f, guint i)
{
    assert_true(i < f->calls->len);
    return &g_array_index(f->calls, struct kvm_userspace_memory_region, i);
}

/* Call i installs (size > 0) or deletes (size 0) slot at gpa. */
static void assert_call(Fixture *f, guint i, uint64_t gpa, uint64_t size,
                        uint32_t flags)
{
    const struct kvm_userspace_memory_region *r = call(f, i);

    assert_int_equal(r->guest_phys_addr, gpa);
    assert_int_equal(r->memory_size, size);
    assert_int_equal(r->flags, flags);
}

static uint64_t io_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void io_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
}

static const MemoryRegionOps io_ops = {
    .read = io_read,
    .write = io_write,
};

static int setup(void **state)
{
    qemu_mutex_lock_iothread();
    return 0;
}

static int teardown(void **state)
{
    qemu_mutex_unlock_iothread();
    return 0;
}

static void test_ram_slot(void **state)
{
    Fixture *f = fixture_new(8, true);
    MemoryRegion ram;
    const KVMSlot *slot;

    assert_true(memory_region_init_ram(&ram, NULL, "ram", 16 * PAGE, NULL));
    memory_region_add_subregion(&f->root, 0, &ram);
    assert_int_equal(f->calls->len, 1);
    assert_call(f, 0, 0, 16 * PAGE, 0);
    assert_ptr_equal((void *)(uintptr_t)call(f, 0)->userspace_addr,
                     memory_region_get_ram_ptr(&ram));
    assert_int_equal(kvm_slots_used(f->slots), 1);
    slot = kvm_slots_lookup(f->slots, 5 * PAGE + 3);
    assert_non_null(slot);
    assert_int_equal(slot->start_addr, 0);
    assert_null(kvm_slots_lookup(f->slots, 16 * PAGE));

    /* Removal deletes the slot (size 0, same slot number). */
    memory_region_del_subregion(&f->root, &ram);
    assert_int_equal(f->calls->len, 2);
    assert_call(f, 1, 0, 0, 0);
    assert_int_equal(call(f, 1)->slot, call(f, 0)->slot);
    assert_int_equal(kvm_slots_used(f->slots), 0);
    memory_region_destroy(&ram);
    fixture_free(f);
}

static void test_mmio_hole_splits(void **state)
{
    Fixture *f = fixture_new(8, true);
    MemoryRegion ram, mmio;
    uint8_t *host;

    assert_true(memory_region_init_ram(&ram, NULL, "ram", 16 * PAGE, NULL));
    memory_region_add_subregion(&f->root, 0, &ram);
    host = memory_region_get_ram_ptr(&ram);

    /* An MMIO window over pages 4-5: RAM below and above it. */
    memory_region_init_io(&mmio, NULL, &io_ops, NULL, "mmio", 2 * PAGE);
    memory_region_add_subregion_overlap(&f->root, 4 * PAGE, &mmio, 1);
    assert_int_equal(f->calls->len, 4);
    assert_call(f, 1, 0, 0, 0);
    assert_call(f, 2, 0, 4 * PAGE, 0);
    assert_call(f, 3, 6 * PAGE, 10 * PAGE, 0);
    assert_int_equal(kvm_slots_used(f->slots), 2);
    assert_null(kvm_slots_lookup(f->slots, 4 * PAGE));
    assert_null(kvm_slots_lookup(f->slots, 6 * PAGE - 1));
    assert_non_null(kvm_slots_lookup(f->slots, 6 * PAGE));
    /* The upper piece's host address follows the guest's. */
    assert_ptr_equal(kvm_slots_lookup(f->slots, 6 * PAGE)->ram,
                     host + 6 * PAGE);

    /* The hole goes: the two pieces go, one slot comes back. */
    memory_region_del_subregion(&f->root, &mmio);
    assert_int_equal(kvm_slots_used(f->slots), 1);
    assert_int_equal(kvm_slots_lookup(f->slots, 5 * PAGE)->memory_size,
                     16 * PAGE);
    memory_region_del_subregion(&f->root, &ram);
    assert_int_equal(kvm_slots_used(f->slots), 0);
    memory_region_destroy(&mmio);
    memory_region_destroy(&ram);
    fixture_free(f);
}

static void test_rom_readonly(void **state)
{
    Fixture *f = fixture_new(8, true);
    MemoryRegion rom;

    assert_true(memory_region_init_rom(&rom, NULL, "rom", 4 * PAGE, NULL));
    memory_region_add_subregion(&f->root, 0xf0000, &rom);
    assert_int_equal(f->calls->len, 1);
    assert_call(f, 0, 0xf0000, 4 * PAGE, KVM_MEM_READONLY);
    memory_region_del_subregion(&f->root, &rom);
    memory_region_destroy(&rom);
    fixture_free(f);

    /* Without read-only slots ROM is mapped writable, as QEMU does. */
    f = fixture_new(8, false);
    assert_true(memory_region_init_rom(&rom, NULL, "rom", 4 * PAGE, NULL));
    memory_region_add_subregion(&f->root, 0xf0000, &rom);
    assert_int_equal(f->calls->len, 1);
    assert_call(f, 0, 0xf0000, 4 * PAGE, 0);
    memory_region_del_subregion(&f->root, &rom);
    memory_region_destroy(&rom);
    fixture_free(f);
}

static void test_readonly_ram(void **state)
{
    Fixture *f = fixture_new(8, true);
    MemoryRegion ram;

    assert_true(memory_region_init_ram(&ram, NULL, "ram", 2 * PAGE, NULL));
    memory_region_add_subregion(&f->root, 0, &ram);
    /* Toggling read-only replaces the slot by a read-only one. */
    memory_region_set_readonly(&ram, true);
    assert_int_equal(f->calls->len, 3);
    assert_call(f, 1, 0, 0, 0);
    assert_call(f, 2, 0, 2 * PAGE, KVM_MEM_READONLY);
    memory_region_del_subregion(&f->root, &ram);
    memory_region_destroy(&ram);
    fixture_free(f);
}

static void test_rom_device(void **state)
{
    Fixture *f = fixture_new(8, true);
    MemoryRegion flash;

    assert_true(memory_region_init_rom_device(&flash, NULL, &io_ops, NULL,
                                              "flash", 4 * PAGE, NULL));
    memory_region_add_subregion(&f->root, 0x100000, &flash);
    /* ROMD mode: a read-only slot, so writes reach the device. */
    assert_int_equal(f->calls->len, 1);
    assert_call(f, 0, 0x100000, 4 * PAGE, KVM_MEM_READONLY);
    /* Out of ROMD mode every access must trap: no slot. */
    memory_region_rom_device_set_romd(&flash, false);
    assert_int_equal(f->calls->len, 2);
    assert_call(f, 1, 0x100000, 0, KVM_MEM_READONLY);
    assert_int_equal(kvm_slots_used(f->slots), 0);
    memory_region_del_subregion(&f->root, &flash);
    memory_region_destroy(&flash);
    fixture_free(f);

    /* Without read-only slots its writes could not trap: never a slot. */
    f = fixture_new(8, false);
    assert_true(memory_region_init_rom_device(&flash, NULL, &io_ops, NULL,
                                              "flash", 4 * PAGE, NULL));
    memory_region_add_subregion(&f->root, 0x100000, &flash);
    assert_int_equal(f->calls->len, 0);
    memory_region_del_subregion(&f->root, &flash);
    memory_region_destroy(&flash);
    fixture_free(f);
}

static void test_page_alignment(void **state)
{
    Fixture *f = fixture_new(8, true);
    MemoryRegion ram, small, mmio, odd;

    /* RAM [0, 8 pages) with MMIO over [2.5, 3) pages: cut to pages. */
    assert_true(memory_region_init_ram(&ram, NULL, "ram", 8 * PAGE, NULL));
    memory_region_add_subregion(&f->root, 0, &ram);
    memory_region_init_io(&mmio, NULL, &io_ops, NULL, "mmio", PAGE / 2);
    memory_region_add_subregion_overlap(&f->root, 2 * PAGE + PAGE / 2, &mmio,
                                        1);
    assert_int_equal(kvm_slots_used(f->slots), 2);
    assert_int_equal(kvm_slots_lookup(f->slots, 0)->memory_size, 2 * PAGE);
    assert_null(kvm_slots_lookup(f->slots, 2 * PAGE));
    assert_int_equal(kvm_slots_lookup(f->slots, 3 * PAGE)->memory_size,
                     5 * PAGE);

    /* Less than a page: no slot (the memory API serves it). */
    assert_true(memory_region_init_ram(&small, NULL, "small", PAGE / 2, NULL));
    memory_region_add_subregion(&f->root, 0x100000, &small);
    assert_null(kvm_slots_lookup(f->slots, 0x100000));

    /*
     * Three pages at guest 0x200800: whole pages from 0x201000, but
     * their host address is 0x800 into a page, which KVM refuses: no
     * slot.
     */
    assert_true(memory_region_init_ram(&odd, NULL, "odd", 3 * PAGE, NULL));
    memory_region_add_subregion(&f->root, 0x200800, &odd);
    assert_int_equal(kvm_slots_used(f->slots), 2);
    assert_null(kvm_slots_lookup(f->slots, 0x201000));

    memory_region_del_subregion(&f->root, &odd);
    memory_region_destroy(&odd);
    memory_region_del_subregion(&f->root, &small);
    memory_region_del_subregion(&f->root, &mmio);
    memory_region_del_subregion(&f->root, &ram);
    assert_int_equal(kvm_slots_used(f->slots), 0);
    memory_region_destroy(&small);
    memory_region_destroy(&mmio);
    memory_region_destroy(&ram);
    fixture_free(f);
}

/* A section as the flat view would hand it over. */
static MemoryRegionSection section_of(MemoryRegion *mr, hwaddr gpa,
                                      hwaddr offset, uint64_t size)
{
    return (MemoryRegionSection){
        .mr = mr,
        .offset_within_region = offset,
        .offset_within_address_space = gpa,
        .size = size,
    };
}

static void test_errors(void **state)
{
    KVMSlotTable *t;
    MemoryRegion ram;
    MemoryRegionSection s;
    Error *err = NULL;
    Fixture f = {
        .calls = g_array_new(false, true,
                             sizeof(struct kvm_userspace_memory_region)),
    };

    assert_true(memory_region_init_ram(&ram, NULL, "ram", 8 * PAGE, NULL));
    t = kvm_slots_new(2, true, PAGE, record_region, &f);
    s = section_of(&ram, 0, 0, 2 * PAGE);
    assert_true(kvm_slots_section_add(t, &s, &error_abort));
    s = section_of(&ram, 4 * PAGE, 4 * PAGE, 2 * PAGE);
    assert_true(kvm_slots_section_add(t, &s, &error_abort));
    /* Every slot in use. */
    s = section_of(&ram, 0x10000, 0, PAGE);
    assert_false(kvm_slots_section_add(t, &s, &err));
    assert_string_equal(error_get_pretty(err),
                        "no free KVM memory slot for 0x10000+0x1000 "
                        "(2 in use)");
    error_free(err);
    err = NULL;

    /* The kernel refusing: its errno in the message, nothing recorded. */
    s = section_of(&ram, 0, 0, 2 * PAGE);
    assert_true(kvm_slots_section_del(t, &s, &error_abort));
    f.fail_with = -EINVAL;
    s = section_of(&ram, 0x20000, 0, PAGE);
    assert_false(kvm_slots_section_add(t, &s, &err));
    assert_string_equal(error_get_pretty(err),
                        "KVM_SET_USER_MEMORY_REGION of 0x20000+0x1000 (ram) "
                        "failed: Invalid argument");
    error_free(err);
    assert_int_equal(kvm_slots_used(t), 1);
    /* Deleting what never had a slot is nothing. */
    f.fail_with = 0;
    s = section_of(&ram, 0x40000, 0, PAGE);
    assert_true(kvm_slots_section_del(t, &s, &error_abort));
    assert_int_equal(f.calls->len, 3);

    kvm_slots_free(t);
    memory_region_destroy(&ram);
    g_array_free(f.calls, true);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ram_slot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mmio_hole_splits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rom_readonly, setup, teardown),
        cmocka_unit_test_setup_teardown(test_readonly_ram, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rom_device, setup, teardown),
        cmocka_unit_test_setup_teardown(test_page_alignment, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
