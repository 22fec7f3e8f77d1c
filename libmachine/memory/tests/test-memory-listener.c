/*
 * MemoryListener: replay on registration, the del/add/nop sequence after
 * each change, priority order, transactions, unregistration, address
 * space destruction, and sections that let KVM find RAM's host memory.
 */
#include "memory-test.h"

typedef struct Recorder {
    MemoryListener l;
    GString *events;
    bool with_nop;
} Recorder;

static void rec_append(Recorder *r, const char *what, MemoryRegionSection *s)
{
    if (r->events->len) {
        g_string_append(r->events, "; ");
    }
    g_string_append_printf(r->events, "%s%s", r->l.name ? r->l.name : "", what);
    if (s) {
        g_string_append_printf(
            r->events, " %" PRIx64 "+%" PRIx64 " %s@%" PRIx64 "%s",
            s->offset_within_address_space, s->size, memory_region_name(s->mr),
            s->offset_within_region, s->readonly ? " ro" : "");
    }
}

static void rec_begin(MemoryListener *l)
{
    rec_append((Recorder *)l, "begin", NULL);
}

static void rec_commit(MemoryListener *l)
{
    rec_append((Recorder *)l, "commit", NULL);
}

static void rec_add(MemoryListener *l, MemoryRegionSection *s)
{
    rec_append((Recorder *)l, "add", s);
}

static void rec_del(MemoryListener *l, MemoryRegionSection *s)
{
    rec_append((Recorder *)l, "del", s);
}

static void rec_nop(MemoryListener *l, MemoryRegionSection *s)
{
    if (((Recorder *)l)->with_nop) {
        rec_append((Recorder *)l, "nop", s);
    }
}

static void rec_init(Recorder *r, const char *name, int priority)
{
    memset(r, 0, sizeof(*r));
    r->events = g_string_new(NULL);
    r->l.begin = rec_begin;
    r->l.commit = rec_commit;
    r->l.region_add = rec_add;
    r->l.region_del = rec_del;
    r->l.region_nop = rec_nop;
    r->l.priority = priority;
    r->l.name = name;
}

/* Assert the events since the last check, then forget them. */
static void assert_events(Recorder *r, const char *want)
{
    assert_string_equal(r->events->str, want);
    g_string_truncate(r->events, 0);
}

typedef struct Fixture {
    MemoryRegion root;
    AddressSpace as;
    MemoryRegion ram_a, ram_b, io;
    uint8_t mem_a[0x4000], mem_b[0x1000];
} Fixture;

static uint64_t io_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void io_write(void *opaque, hwaddr addr, uint64_t data, unsigned size)
{
}

static const MemoryRegionOps io_ops = {
    .read = io_read,
    .write = io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static int setup(void **state)
{
    Fixture *f = g_new0(Fixture, 1);

    memory_region_init(&f->root, NULL, "root", 0x100000);
    address_space_init(&f->as, &f->root, "test");
    memory_region_init_ram_ptr(&f->ram_a, NULL, "a", sizeof(f->mem_a),
                               f->mem_a);
    memory_region_init_ram_ptr(&f->ram_b, NULL, "b", sizeof(f->mem_b),
                               f->mem_b);
    memory_region_init_io(&f->io, NULL, &io_ops, NULL, "io", 0x100);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;

    address_space_destroy(&f->as);
    memory_region_destroy(&f->root);
    memory_region_destroy(&f->ram_a);
    memory_region_destroy(&f->ram_b);
    memory_region_destroy(&f->io);
    assert_int_equal(mem_rcu_pending(), 0);
    g_free(f);
    return 0;
}

static void rec_done(Recorder *r)
{
    memory_listener_unregister(&r->l);
    g_string_free(r->events, true);
}

static void test_register_replays_view(void **state)
{
    Fixture *f = *state;
    Recorder r;

    memory_region_add_subregion(&f->root, 0x10000, &f->ram_a);
    memory_region_add_subregion(&f->root, 0x1000, &f->io);
    rec_init(&r, NULL, 0);
    memory_listener_register(&r.l, &f->as);
    /* In address order, between one begin and one commit. */
    assert_events(&r, "begin; add 1000+100 io@0; add 10000+4000 a@0; commit");
    rec_done(&r);
}

static void test_add_and_remove_region(void **state)
{
    Fixture *f = *state;
    Recorder r;

    rec_init(&r, NULL, 0);
    r.with_nop = true;
    memory_listener_register(&r.l, &f->as);
    assert_events(&r, "begin; commit");
    memory_region_add_subregion(&f->root, 0x10000, &f->ram_a);
    assert_events(&r, "begin; add 10000+4000 a@0; commit");
    memory_region_add_subregion(&f->root, 0x20000, &f->ram_b);
    assert_events(&r, "begin; nop 10000+4000 a@0; add 20000+1000 b@0; "
                      "commit");
    memory_region_del_subregion(&f->root, &f->ram_a);
    assert_events(&r, "begin; del 10000+4000 a@0; nop 20000+1000 b@0; "
                      "commit");
    memory_region_del_subregion(&f->root, &f->ram_b);
    rec_done(&r);
}

static void test_overlay_splits_range(void **state)
{
    Fixture *f = *state;
    Recorder r;

    memory_region_add_subregion(&f->root, 0x10000, &f->ram_a);
    rec_init(&r, NULL, 0);
    memory_listener_register(&r.l, &f->as);
    g_string_truncate(r.events, 0);
    /* All deletions come before any addition (KVM slots may overlap). */
    memory_region_add_subregion_overlap(&f->root, 0x11000, &f->io, 1);
    assert_events(&r, "begin; del 10000+4000 a@0; add 10000+1000 a@0; "
                      "add 11000+100 io@0; add 11100+2f00 a@1100; commit");
    memory_region_del_subregion(&f->root, &f->io);
    assert_events(&r, "begin; del 10000+1000 a@0; del 11000+100 io@0; "
                      "del 11100+2f00 a@1100; add 10000+4000 a@0; commit");
    rec_done(&r);
}

static void test_move_is_del_then_add(void **state)
{
    Fixture *f = *state;
    Recorder r;

    memory_region_add_subregion(&f->root, 0x10000, &f->ram_b);
    rec_init(&r, NULL, 0);
    memory_listener_register(&r.l, &f->as);
    g_string_truncate(r.events, 0);
    memory_region_set_address(&f->ram_b, 0x8000);
    assert_events(&r, "begin; del 10000+1000 b@0; add 8000+1000 b@0; commit");
    memory_region_set_readonly(&f->ram_b, true);
    assert_events(&r, "begin; del 8000+1000 b@0; add 8000+1000 b@0 ro; "
                      "commit");
    memory_region_set_enabled(&f->ram_b, false);
    assert_events(&r, "begin; del 8000+1000 b@0 ro; commit");
    rec_done(&r);
}

static void test_priority_order(void **state)
{
    Fixture *f = *state;
    Recorder hi, lo;
    GString *shared = g_string_new(NULL);

    rec_init(&hi, "hi:", 10);
    rec_init(&lo, "lo:", 1);
    /* One log for both, to see the interleaving. */
    g_string_free(hi.events, true);
    g_string_free(lo.events, true);
    hi.events = lo.events = shared;
    memory_listener_register(&hi.l, &f->as);
    memory_listener_register(&lo.l, &f->as);
    g_string_truncate(shared, 0);
    memory_region_add_subregion(&f->root, 0x1000, &f->io);
    /* Ascending priority for begin, add and commit... */
    assert_string_equal(shared->str,
                        "lo:begin; hi:begin; lo:add 1000+100 "
                        "io@0; hi:add 1000+100 io@0; lo:commit; hi:commit");
    g_string_truncate(shared, 0);
    memory_region_del_subregion(&f->root, &f->io);
    /* ...descending for del. */
    assert_string_equal(shared->str,
                        "lo:begin; hi:begin; hi:del 1000+100 "
                        "io@0; lo:del 1000+100 io@0; lo:commit; hi:commit");
    memory_listener_unregister(&hi.l);
    memory_listener_unregister(&lo.l);
    g_string_free(shared, true);
}

static void test_transaction_single_notification(void **state)
{
    Fixture *f = *state;
    Recorder r;

    rec_init(&r, NULL, 0);
    memory_listener_register(&r.l, &f->as);
    g_string_truncate(r.events, 0);
    memory_region_transaction_begin();
    memory_region_add_subregion(&f->root, 0x10000, &f->ram_a);
    memory_region_add_subregion(&f->root, 0x20000, &f->ram_b);
    memory_region_set_address(&f->ram_b, 0x30000);
    memory_region_add_subregion(&f->root, 0x100, &f->io);
    assert_events(&r, "");
    memory_region_transaction_commit();
    assert_events(&r, "begin; add 100+100 io@0; add 10000+4000 a@0; "
                      "add 30000+1000 b@0; commit");
    memory_region_transaction_begin();
    memory_region_del_subregion(&f->root, &f->ram_a);
    memory_region_del_subregion(&f->root, &f->ram_b);
    memory_region_del_subregion(&f->root, &f->io);
    memory_region_transaction_commit();
    assert_events(&r, "begin; del 100+100 io@0; del 10000+4000 a@0; "
                      "del 30000+1000 b@0; commit");
    rec_done(&r);
}

static void test_unregister_removes_all(void **state)
{
    Fixture *f = *state;
    Recorder r;

    memory_region_add_subregion(&f->root, 0x10000, &f->ram_a);
    rec_init(&r, NULL, 0);
    memory_listener_register(&r.l, &f->as);
    g_string_truncate(r.events, 0);
    memory_listener_unregister(&r.l);
    assert_events(&r, "begin; del 10000+4000 a@0; commit");
    /* No longer told about changes. */
    memory_region_del_subregion(&f->root, &f->ram_a);
    assert_events(&r, "");
    g_string_free(r.events, true);
}

static void test_destroy_address_space_detaches(void **state)
{
    MemoryRegion root, ram;
    AddressSpace as;
    uint8_t mem[0x100];
    Recorder r;

    memory_region_init(&root, NULL, "root", 0x10000);
    memory_region_init_ram_ptr(&ram, NULL, "ram", sizeof(mem), mem);
    memory_region_add_subregion(&root, 0, &ram);
    address_space_init(&as, &root, "pci-dma");
    rec_init(&r, NULL, 0);
    memory_listener_register(&r.l, &as);
    g_string_truncate(r.events, 0);
    address_space_destroy(&as);
    assert_events(&r, "begin; del 0+100 ram@0; commit");
    assert_null(r.l.address_space);
    memory_listener_unregister(&r.l); /* harmless now */
    assert_events(&r, "");
    memory_region_destroy(&root);
    memory_region_destroy(&ram);
    g_string_free(r.events, true);
}

/* What a KVM memslot listener does: find the host memory of each section. */
typedef struct SlotRecorder {
    MemoryListener l;
    void *host[8];
    hwaddr gpa[8];
    uint64_t size[8];
    unsigned n;
} SlotRecorder;

static void slot_add(MemoryListener *l, MemoryRegionSection *s)
{
    SlotRecorder *r = (SlotRecorder *)l;

    if (!memory_region_is_ram(s->mr) || r->n == 8) {
        return;
    }
    r->host[r->n] =
        (uint8_t *)memory_region_get_ram_ptr(s->mr) + s->offset_within_region;
    r->gpa[r->n] = s->offset_within_address_space;
    r->size[r->n] = s->size;
    r->n++;
}

static void test_sections_give_host_memory(void **state)
{
    Fixture *f = *state;
    SlotRecorder r = {.l.region_add = slot_add};
    MemoryRegion below, above;

    /* The PC's split of RAM below and above 4 GiB, both aliases of one. */
    memory_region_init_alias(&below, NULL, "ram-below-4g", &f->ram_a, 0,
                             0x3000);
    memory_region_init_alias(&above, NULL, "ram-above-4g", &f->ram_a, 0x3000,
                             0x1000);
    memory_region_add_subregion(&f->root, 0, &below);
    memory_region_add_subregion(&f->root, 0x80000, &above);
    memory_region_add_subregion(&f->root, 0x1000, &f->io);
    memory_listener_register(&r.l, &f->as);
    assert_int_equal(r.n, 3);
    assert_ptr_equal(r.host[0], f->mem_a);
    assert_int_equal(r.gpa[0], 0);
    assert_int_equal(r.size[0], 0x1000);
    /* The MMIO hole at 0x1000 is not RAM: the next slot resumes after it. */
    assert_ptr_equal(r.host[1], f->mem_a + 0x1100);
    assert_int_equal(r.gpa[1], 0x1100);
    assert_int_equal(r.size[1], 0x1f00);
    assert_ptr_equal(r.host[2], f->mem_a + 0x3000);
    assert_int_equal(r.gpa[2], 0x80000);
    assert_int_equal(r.size[2], 0x1000);
    memory_listener_unregister(&r.l);
    memory_region_del_subregion(&f->root, &below);
    memory_region_del_subregion(&f->root, &above);
    memory_region_del_subregion(&f->root, &f->io);
    memory_region_destroy(&below);
    memory_region_destroy(&above);
}

static void test_listeners_per_address_space(void **state)
{
    Fixture *f = *state;
    MemoryRegion root2;
    AddressSpace as2;
    Recorder r1, r2;

    memory_region_init(&root2, NULL, "root2", 0x10000);
    address_space_init(&as2, &root2, "second");
    rec_init(&r1, NULL, 0);
    rec_init(&r2, NULL, 0);
    memory_listener_register(&r1.l, &f->as);
    memory_listener_register(&r2.l, &as2);
    g_string_truncate(r1.events, 0);
    g_string_truncate(r2.events, 0);
    memory_region_add_subregion(&root2, 0x100, &f->io);
    /* Every space is re-examined; only as2's contents changed. */
    assert_events(&r1, "begin; commit");
    assert_events(&r2, "begin; add 100+100 io@0; commit");
    memory_region_del_subregion(&root2, &f->io);
    rec_done(&r1);
    rec_done(&r2);
    address_space_destroy(&as2);
    memory_region_destroy(&root2);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_register_replays_view),
        T(test_add_and_remove_region),
        T(test_overlay_splits_range),
        T(test_move_is_del_then_add),
        T(test_priority_order),
        T(test_transaction_single_notification),
        T(test_unregister_removes_all),
        cmocka_unit_test(test_destroy_address_space_detaches),
        T(test_sections_give_host_memory),
        T(test_listeners_per_address_space),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
