/*
 * Flat views and threads: readers never see a half-built or freed view,
 * retired views (and the owners they reference) are released only once
 * no reader can hold them, and never later than needed.
 */
#include <pthread.h>

#include "memory-test.h"
#include "qom/object.h"
#include "util/module.h"

static int calls;

static void count_call(void *opaque)
{
    calls++;
}

static void test_nested_sections_defer(void **state)
{
    calls = 0;
    mem_rcu_read_lock();
    mem_rcu_read_lock();
    mem_rcu_call(count_call, NULL);
    assert_int_equal(calls, 0);
    assert_int_equal(mem_rcu_pending(), 1);
    mem_rcu_read_unlock();
    assert_int_equal(calls, 0);
    mem_rcu_read_unlock();
    /* Leaving the outermost section runs what was waiting for it. */
    assert_int_equal(calls, 1);
    assert_int_equal(mem_rcu_pending(), 0);
    /* Outside any section a retirement is immediate. */
    mem_rcu_call(count_call, NULL);
    assert_int_equal(calls, 2);
}

typedef struct Shared {
    AddressSpace *as;
    volatile bool stop;
    unsigned long reads;
    unsigned long live_reads; /* progress, for the writer to wait on */
    unsigned long bad;
} Shared;

static void *reader_thread(void *opaque)
{
    Shared *s = opaque;
    unsigned long i;

    /* Bounded: at most 50 million reads even if the writer stalls. */
    for (i = 0; i < 50000000 && !__atomic_load_n(&s->stop, __ATOMIC_RELAXED);
         i++) {
        MemTxResult r;
        uint64_t v = address_space_ldq_le(s->as, 0x1008, ATTRS, &r);

        if (r != MEMTX_OK ||
            (v != 0x1111111111111111ULL && v != 0x2222222222222222ULL)) {
            __atomic_fetch_add(&s->bad, 1, __ATOMIC_RELAXED);
        }
        if ((i & 1023) == 0) {
            __atomic_fetch_add(&s->live_reads, 1024, __ATOMIC_RELAXED);
        }
    }
    __atomic_fetch_add(&s->reads, i, __ATOMIC_RELAXED);
    return NULL;
}

static void test_concurrent_readers(void **state)
{
    static uint8_t low[0x4000], high[0x1000];
    MemoryRegion root, rlow, rhigh;
    AddressSpace as;
    Shared s = {.as = &as};
    pthread_t t[2];
    int i;

    memset(low, 0x11, sizeof(low));
    memset(high, 0x22, sizeof(high));
    memory_region_init(&root, NULL, "root", 0x100000);
    memory_region_init_ram_ptr(&rlow, NULL, "low", sizeof(low), low);
    memory_region_init_ram_ptr(&rhigh, NULL, "high", sizeof(high), high);
    memory_region_add_subregion(&root, 0, &rlow);
    memory_region_add_subregion_overlap(&root, 0x1000, &rhigh, 1);
    address_space_init(&as, &root, "as");
    for (i = 0; i < 2; i++) {
        assert_int_equal(pthread_create(&t[i], NULL, reader_thread, &s), 0);
    }
    /*
     * Rebuild the view thousands of times under the readers' feet, and
     * keep going (boundedly) until they have done a fair number of reads.
     */
    for (i = 0; i < 400000 &&
                (i < 4000 ||
                 __atomic_load_n(&s.live_reads, __ATOMIC_RELAXED) < 2000000);
         i++) {
        memory_region_set_enabled(&rhigh, i & 1);
        if (i % 3 == 0) {
            memory_region_set_address(&rhigh, i % 2 ? 0x1000 : 0x2000);
        }
    }
    __atomic_store_n(&s.stop, true, __ATOMIC_RELAXED);
    for (i = 0; i < 2; i++) {
        pthread_join(t[i], NULL);
    }
    assert_int_equal(s.bad, 0);
    assert_true(s.reads > 100000);
    address_space_destroy(&as);
    memory_region_destroy(&root);
    memory_region_destroy(&rlow);
    memory_region_destroy(&rhigh);
    /* The reader threads are gone: nothing can hold a view any more. */
    mem_rcu_reclaim();
    assert_int_equal(mem_rcu_pending(), 0);
}

static void *one_read(void *opaque)
{
    ldub_phys(opaque, 0);
    return NULL;
}

static void test_exited_reader_does_not_block(void **state)
{
    MemoryRegion root;
    AddressSpace as;
    pthread_t t;

    memory_region_init(&root, NULL, "root", 0x1000);
    address_space_init(&as, &root, "as");
    assert_int_equal(pthread_create(&t, NULL, one_read, &as), 0);
    pthread_join(t, NULL);
    calls = 0;
    mem_rcu_call(count_call, NULL);
    assert_int_equal(calls, 1);
    address_space_destroy(&as);
    memory_region_destroy(&root);
}

/* ---- A device that remaps itself from its own callback ----------------- */

typedef struct Remapper {
    MemoryRegion mr;
    MemoryRegion *parent;
    unsigned pending_inside;
} Remapper;

static uint64_t remap_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

/* Like a PCI BAR write: the device moves its own window. */
static void remap_write(void *opaque, hwaddr addr, uint64_t data, unsigned size)
{
    Remapper *r = opaque;

    memory_region_set_address(&r->mr, data);
    r->pending_inside = mem_rcu_pending();
}

static const MemoryRegionOps remap_ops = {
    .read = remap_read,
    .write = remap_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static void test_remap_from_callback(void **state)
{
    MemoryRegion root;
    AddressSpace as;
    Remapper r = {0};

    memory_region_init(&root, NULL, "root", 0x10000);
    memory_region_init_io(&r.mr, NULL, &remap_ops, &r, "bar", 0x100);
    memory_region_add_subregion(&root, 0x1000, &r.mr);
    address_space_init(&as, &root, "as");
    stl_le_phys(&as, 0x1000, 0x4000);
    /* The old view outlived the callback, and no longer. */
    assert_int_equal(r.pending_inside, 1);
    assert_int_equal(mem_rcu_pending(), 0);
    assert_int_equal(memory_region_get_address(&r.mr), 0x4000);
    address_space_destroy(&as);
    memory_region_destroy(&root);
    memory_region_destroy(&r.mr);
}

/* ---- Owners outlive the readers that may still use their regions ------- */

#define TYPE_RCU_OWNER "mem-rcu-owner"

typedef struct RcuOwner {
    Object parent_obj;
    MemoryRegion ram;
    uint8_t mem[0x100];
} RcuOwner;

static bool owner_finalized;

static void rcu_owner_finalize(Object *obj)
{
    RcuOwner *o = (RcuOwner *)obj;

    memory_region_destroy(&o->ram);
    owner_finalized = true;
}

static const TypeInfo rcu_types[] = {
    {
        .name = TYPE_RCU_OWNER,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(RcuOwner),
        .instance_finalize = rcu_owner_finalize,
    },
};

DEFINE_TYPES(rcu_types)

static void test_owner_kept_until_readers_leave(void **state)
{
    MemoryRegion root;
    AddressSpace as;
    RcuOwner *o = (RcuOwner *)object_new(TYPE_RCU_OWNER);

    memory_region_init(&root, NULL, "root", 0x10000);
    address_space_init(&as, &root, "as");
    memory_region_init_ram_ptr(&o->ram, OBJECT(o), "dev-ram", sizeof(o->mem),
                               o->mem);
    memory_region_add_subregion(&root, 0, &o->ram);
    object_unref(OBJECT(o));
    owner_finalized = false;

    /* A reader is in the middle of an access when the device goes away. */
    mem_rcu_read_lock();
    memory_region_del_subregion(&root, &o->ram);
    assert_false(owner_finalized);
    mem_rcu_read_unlock();
    assert_true(owner_finalized);

    address_space_destroy(&as);
    memory_region_destroy(&root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nested_sections_defer),
        cmocka_unit_test(test_concurrent_readers),
        cmocka_unit_test(test_exited_reader_does_not_block),
        cmocka_unit_test(test_remap_from_callback),
        cmocka_unit_test(test_owner_kept_until_readers_leave),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
