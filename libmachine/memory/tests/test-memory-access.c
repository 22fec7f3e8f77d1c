/*
 * Memory API accesses: splitting and widening to what a device
 * implements, the valid rules, endianness, unassigned and read-only
 * addresses, RAM across region boundaries, ROM devices, the re-entrancy
 * guard, the load/store helpers and the DMA helpers.
 */
#include "memory-test.h"
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
    log_capture_start();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;

    log_capture_stop();
    address_space_destroy(&f->as);
    memory_region_destroy(&f->root);
    assert_int_equal(mem_rcu_pending(), 0);
    g_free(f);
    return 0;
}

/* A device mapped at 0 with the given access rules. */
static TestDev *map_dev(Fixture *f, enum device_endian e, unsigned vmin,
                        unsigned vmax, bool vun, unsigned imin, unsigned imax,
                        bool iun)
{
    TestDev *d = testdev_new("dev", NULL, e, vmin, vmax, vun, imin, imax, iun);

    memory_region_add_subregion(&f->root, 0, &d->mr);
    return d;
}

static void assert_calls(TestDev *d, const char *want)
{
    assert_string_equal(d->calls->str, want);
    testdev_clear_calls(d);
}

/* ---- Splitting and widening ------------------------------------------ */

static void test_exact_size_one_call(void **state)
{
    Fixture *f = *state;
    TestDev *d = map_dev(f, DEVICE_LITTLE_ENDIAN, 4, 4, false, 4, 4, false);
    uint64_t v;

    assert_int_equal(memory_region_dispatch_read(&d->mr, 4, &v, 4, ATTRS),
                     MEMTX_OK);
    assert_int_equal(v, 0x17161514);
    assert_calls(d, "r@4/4");
    assert_int_equal(ldl_le_phys(&f->as, 8), 0x1b1a1918);
    assert_calls(d, "r@8/4");
    stl_le_phys(&f->as, 8, 0xdeadbeef);
    assert_calls(d, "w@8/4=deadbeef");
    testdev_free(d);
}

static void test_split_8_into_4(void **state)
{
    Fixture *f = *state;
    TestDev *d = map_dev(f, DEVICE_LITTLE_ENDIAN, 1, 8, false, 1, 4, false);
    uint64_t v;

    assert_int_equal(memory_region_dispatch_read(&d->mr, 0, &v, 8, ATTRS),
                     MEMTX_OK);
    assert_int_equal(v, 0x1716151413121110ULL);
    assert_calls(d, "r@0/4 r@4/4");
    assert_int_equal(memory_region_dispatch_write(
                         &d->mr, 8, 0x8877665544332211ULL, 8, ATTRS),
                     MEMTX_OK);
    assert_calls(d, "w@8/4=44332211 w@c/4=88776655");
    testdev_free(d);
}

static void test_split_8_into_2_big_endian(void **state)
{
    Fixture *f = *state;
    TestDev *d = map_dev(f, DEVICE_BIG_ENDIAN, 1, 8, false, 2, 2, false);
    uint8_t buf[8];
    uint64_t v;

    /* The bus bytes are the register bytes in address order. */
    assert_int_equal(address_space_read(&f->as, 8, ATTRS, buf, 8), MEMTX_OK);
    assert_calls(d, "r@8/2 r@a/2 r@c/2 r@e/2");
    assert_memory_equal(buf, &d->regs[8], 8);
    /* The value an x86 CPU sees is their little-endian reading. */
    assert_int_equal(memory_region_dispatch_read(&d->mr, 8, &v, 8, ATTRS),
                     MEMTX_OK);
    assert_int_equal(v, 0x1f1e1d1c1b1a1918ULL);
    assert_calls(d, "r@8/2 r@a/2 r@c/2 r@e/2");
    testdev_free(d);
}

static void test_split_write_4_into_1(void **state)
{
    Fixture *f = *state;
    TestDev *d = map_dev(f, DEVICE_LITTLE_ENDIAN, 1, 4, false, 1, 1, false);

    stl_le_phys(&f->as, 4, 0xa1b2c3d4);
    assert_calls(d, "w@4/1=d4 w@5/1=c3 w@6/1=b2 w@7/1=a1");
    assert_int_equal(ldl_le_phys(&f->as, 4), 0xa1b2c3d4);
    assert_calls(d, "r@4/1 r@5/1 r@6/1 r@7/1");
    testdev_free(d);
}

static void test_widen_read_1_to_4(void **state)
{
    Fixture *f = *state;
    TestDev *d = map_dev(f, DEVICE_LITTLE_ENDIAN, 1, 4, false, 4, 4, false);

    /* Read the aligned 32-bit unit and extract the byte asked for. */
    assert_int_equal(ldub_phys(&f->as, 2), 0x12);
    assert_calls(d, "r@0/4");
    assert_int_equal(lduw_le_phys(&f->as, 6), 0x1716);
    assert_calls(d, "r@4/4");
    testdev_free(d);
}

static void test_widen_write_1_to_4(void **state)
{
    Fixture *f = *state;
    TestDev *le =
        testdev_new("le", NULL, DEVICE_LITTLE_ENDIAN, 1, 4, false, 4, 4, false);
    TestDev *be =
        testdev_new("be", NULL, DEVICE_BIG_ENDIAN, 1, 4, false, 4, 4, false);

    memory_region_add_subregion(&f->root, 0, &le->mr);
    memory_region_add_subregion(&f->root, 0x100, &be->mr);
    /* The data is shifted into place; the other bytes are zero. */
    stb_phys(&f->as, 2, 0xab);
    assert_calls(le, "w@0/4=ab0000");
    assert_memory_equal(le->regs, "\x00\x00\xab\x00", 4);
    stb_phys(&f->as, 0x102, 0xab);
    assert_calls(be, "w@0/4=ab00");
    assert_memory_equal(be->regs, "\x00\x00\xab\x00", 4);
    stw_le_phys(&f->as, 0x104, 0x3412);
    assert_calls(be, "w@4/4=12340000");
    testdev_free(le);
    testdev_free(be);
}

static void test_widen_across_two_units(void **state)
{
    Fixture *f = *state;
    TestDev *d = map_dev(f, DEVICE_LITTLE_ENDIAN, 1, 4, true, 4, 4, false);
    uint64_t v;

    /* A 16-bit read at 3 straddles the units at 0 and 4. */
    assert_int_equal(memory_region_dispatch_read(&d->mr, 3, &v, 2, ATTRS),
                     MEMTX_OK);
    assert_int_equal(v, 0x1413);
    assert_calls(d, "r@0/4 r@4/4");
    assert_int_equal(memory_region_dispatch_write(&d->mr, 3, 0xbbaa, 2, ATTRS),
                     MEMTX_OK);
    assert_calls(d, "w@0/4=aa000000 w@4/4=bb");
    testdev_free(d);
}

static void test_impl_unaligned_passes_through(void **state)
{
    Fixture *f = *state;
    TestDev *d = map_dev(f, DEVICE_LITTLE_ENDIAN, 1, 4, true, 1, 4, true);
    uint32_t v;

    assert_int_equal(address_space_read(&f->as, 1, ATTRS, &v, 4), MEMTX_OK);
    assert_calls(d, "r@1/4");
    assert_int_equal(GUINT32_FROM_LE(v), 0x14131211);
    testdev_free(d);
}

static void test_address_space_splits_by_alignment(void **state)
{
    Fixture *f = *state;
    TestDev *d = map_dev(f, DEVICE_LITTLE_ENDIAN, 0, 0, false, 0, 0, false);
    uint8_t buf[8];

    /* No limits given: bus accesses of at most 4 bytes, naturally aligned. */
    assert_int_equal(address_space_read(&f->as, 0, ATTRS, buf, 8), MEMTX_OK);
    assert_calls(d, "r@0/4 r@4/4");
    assert_memory_equal(buf, d->regs, 8);
    assert_int_equal(address_space_read(&f->as, 0, ATTRS, buf, 3), MEMTX_OK);
    assert_calls(d, "r@0/2 r@2/1");
    assert_int_equal(address_space_read(&f->as, 1, ATTRS, buf, 4), MEMTX_OK);
    assert_calls(d, "r@1/1 r@2/2 r@4/1");
    assert_memory_equal(buf, &d->regs[1], 4);
    testdev_free(d);
}

/*
 * Every implemented min/max pair against every access size, both byte
 * orders: reads give the register bytes; a write stores exactly its bytes
 * when split, or its bytes plus zeros in the rest of the widened unit.
 */
static void test_all_size_combinations(void **state)
{
    Fixture *f = *state;
    static const unsigned sizes[] = {1, 2, 4, 8};
    unsigned e, i, j, k;

    for (e = 0; e < 2; e++) {
        for (i = 0; i < 4; i++) {
            for (j = i; j < 4; j++) {
                for (k = 0; k < 4; k++) {
                    unsigned imin = sizes[i], imax = sizes[j], s = sizes[k];
                    unsigned a = MAX(MIN(s, imax), imin);
                    TestDev *d =
                        map_dev(f, e ? DEVICE_BIG_ENDIAN : DEVICE_LITTLE_ENDIAN,
                                1, 8, false, imin, imax, false);
                    hwaddr off = 16 + s;
                    hwaddr u0 = off & ~(hwaddr)(a - 1);
                    unsigned units = (off + s - u0 + a - 1) / a;
                    uint8_t before[64], buf[8], data[8];
                    uint64_t v;
                    unsigned b;

                    memcpy(before, d->regs, sizeof(before));
                    assert_int_equal(
                        address_space_read(&f->as, off, ATTRS, buf, s),
                        MEMTX_OK);
                    assert_memory_equal(buf, &d->regs[off], s);
                    assert_int_equal(d->ncalls, units);
                    assert_int_equal(
                        memory_region_dispatch_read(&d->mr, off, &v, s, ATTRS),
                        MEMTX_OK);
                    for (b = 0; b < s; b++) {
                        assert_int_equal((v >> (8 * b)) & 0xff,
                                         d->regs[off + b]);
                    }
                    testdev_clear_calls(d);

                    for (b = 0; b < 8; b++) {
                        data[b] = 0xa0 + b;
                    }
                    assert_int_equal(
                        address_space_write(&f->as, off, ATTRS, data, s),
                        MEMTX_OK);
                    assert_int_equal(d->ncalls, units);
                    for (b = 0; b < 64; b++) {
                        uint8_t want = before[b];

                        if (b >= off && b < off + s) {
                            want = data[b - off];
                        } else if (a > s && b >= u0 && b < u0 + a) {
                            want = 0;
                        }
                        if (d->regs[b] != want) {
                            fail_msg("%s impl %u..%u size %u: reg %u is %#x,"
                                     " want %#x",
                                     e ? "BE" : "LE", imin, imax, s, b,
                                     d->regs[b], want);
                        }
                    }
                    testdev_free(d);
                }
            }
        }
    }
}

/* ---- The valid rules -------------------------------------------------- */

static void test_valid_unaligned_rejected(void **state)
{
    Fixture *f = *state;
    TestDev *d = map_dev(f, DEVICE_LITTLE_ENDIAN, 1, 4, false, 1, 4, false);
    uint64_t v = 0;

    assert_int_equal(memory_region_dispatch_read(&d->mr, 2, &v, 4, ATTRS),
                     MEMTX_DECODE_ERROR);
    assert_int_equal(v, 0xffffffff);
    assert_int_equal(memory_region_dispatch_write(&d->mr, 1, 0, 2, ATTRS),
                     MEMTX_DECODE_ERROR);
    assert_int_equal(d->ncalls, 0);
    assert_log("Invalid read at addr 0x2, size 4, region 'dev', "
               "reason: unaligned\n"
               "Invalid write at addr 0x1, size 2, region 'dev', "
               "reason: unaligned\n");
    testdev_free(d);
}

static void test_valid_size_rejected(void **state)
{
    Fixture *f = *state;
    TestDev *d = map_dev(f, DEVICE_LITTLE_ENDIAN, 2, 2, false, 2, 2, false);
    uint32_t v = 0;

    assert_int_equal(ldub_phys(&f->as, 0), 0xff);
    /* A 4-byte access is cut to the bus maximum of 2, which is valid. */
    assert_int_equal(address_space_read(&f->as, 0, ATTRS, &v, 4), MEMTX_OK);
    assert_int_equal(GUINT32_FROM_LE(v), 0x13121110);
    assert_calls(d, "r@0/2 r@2/2");
    assert_int_equal(memory_region_dispatch_write(&d->mr, 0, 0, 4, ATTRS),
                     MEMTX_DECODE_ERROR);
    assert_int_equal(d->ncalls, 0);
    assert_log("Invalid read at addr 0x0, size 1, region 'dev', "
               "reason: invalid size (min:2 max:2)\n"
               "Invalid write at addr 0x0, size 4, region 'dev', "
               "reason: invalid size (min:2 max:2)\n");
    testdev_free(d);
}

static bool accepts_low_writes(void *opaque, hwaddr addr, unsigned size,
                               bool is_write, MemTxAttrs attrs)
{
    return !is_write || addr < 0x20;
}

static void test_valid_accepts_callback(void **state)
{
    Fixture *f = *state;
    TestDev *d = map_dev(f, DEVICE_LITTLE_ENDIAN, 1, 4, false, 1, 4, false);
    MemTxResult r;

    d->ops.valid.accepts = accepts_low_writes;
    address_space_stb(&f->as, 0x10, 1, ATTRS, &r);
    assert_int_equal(r, MEMTX_OK);
    address_space_stb(&f->as, 0x20, 1, ATTRS, &r);
    assert_int_equal(r, MEMTX_DECODE_ERROR);
    assert_int_equal(ldub_phys(&f->as, 0x20), 0x30);
    assert_calls(d, "w@10/1=1 r@20/1");
    assert_log("Invalid write at addr 0x20, size 1, region 'dev', "
               "reason: rejected\n");
    testdev_free(d);
}

static uint64_t only_read(void *opaque, hwaddr addr, unsigned size)
{
    return 7;
}

static const MemoryRegionOps read_only_ops = {
    .read = only_read,
    .endianness = DEVICE_NATIVE_ENDIAN,
};

static void test_missing_callback(void **state)
{
    Fixture *f = *state;
    MemoryRegion mr;
    MemTxResult r;

    memory_region_init_io(&mr, NULL, &read_only_ops, NULL, "status", 4);
    memory_region_add_subregion(&f->root, 0x40, &mr);
    assert_int_equal(ldub_phys(&f->as, 0x40), 7);
    address_space_stb(&f->as, 0x40, 1, ATTRS, &r);
    assert_int_equal(r, MEMTX_DECODE_ERROR);
    assert_log("Invalid write at addr 0x0, size 1, region 'status', "
               "reason: not writable\n");
    memory_region_del_subregion(&f->root, &mr);
    memory_region_destroy(&mr);
}

/* ---- Endianness -------------------------------------------------------- */

static uint64_t last_written;

static uint64_t const_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0x11223344;
}

static void record_write(void *opaque, hwaddr addr, uint64_t data,
                         unsigned size)
{
    last_written = data;
}

static void test_endianness(void **state)
{
    Fixture *f = *state;
    static const enum device_endian ends[] = {
        DEVICE_LITTLE_ENDIAN,
        DEVICE_BIG_ENDIAN,
        DEVICE_NATIVE_ENDIAN,
    };
    static const uint8_t le_bytes[] = {0x44, 0x33, 0x22, 0x11};
    static const uint8_t be_bytes[] = {0x11, 0x22, 0x33, 0x44};
    MemoryRegionOps ops[3];
    MemoryRegion mr[3];
    unsigned i;

    for (i = 0; i < 3; i++) {
        ops[i] = (MemoryRegionOps){
            .read = const_read,
            .write = record_write,
            .endianness = ends[i],
            .impl.min_access_size = 4,
            .impl.max_access_size = 4,
        };
        memory_region_init_io(&mr[i], NULL, &ops[i], NULL, "e", 4);
        memory_region_add_subregion(&f->root, i * 0x10, &mr[i]);
    }
    for (i = 0; i < 3; i++) {
        bool be = ends[i] == DEVICE_BIG_ENDIAN;
        uint8_t buf[4];

        assert_int_equal(address_space_read(&f->as, i * 0x10, ATTRS, buf, 4),
                         MEMTX_OK);
        assert_memory_equal(buf, be ? be_bytes : le_bytes, 4);
        assert_int_equal(ldl_le_phys(&f->as, i * 0x10),
                         be ? 0x44332211 : 0x11223344);
        assert_int_equal(ldl_be_phys(&f->as, i * 0x10),
                         be ? 0x11223344 : 0x44332211);
        /* The 2 bytes at offset 2 of the register, in bus order. */
        assert_int_equal(lduw_le_phys(&f->as, i * 0x10 + 2),
                         be ? 0x4433 : 0x1122);
        stl_le_phys(&f->as, i * 0x10, 0xaabbccdd);
        assert_int_equal(last_written, be ? 0xddccbbaa : 0xaabbccdd);
        stl_be_phys(&f->as, i * 0x10, 0xaabbccdd);
        assert_int_equal(last_written, be ? 0xaabbccdd : 0xddccbbaa);
    }
    for (i = 0; i < 3; i++) {
        memory_region_del_subregion(&f->root, &mr[i]);
        memory_region_destroy(&mr[i]);
    }
}

static MemTxResult failing_read(void *opaque, hwaddr addr, uint64_t *data,
                                unsigned size, MemTxAttrs attrs)
{
    *data = attrs.requester_id;
    return addr ? MEMTX_ERROR : MEMTX_OK;
}

static MemTxResult failing_write(void *opaque, hwaddr addr, uint64_t data,
                                 unsigned size, MemTxAttrs attrs)
{
    return MEMTX_ERROR;
}

static const MemoryRegionOps attrs_ops = {
    .read_with_attrs = failing_read,
    .write_with_attrs = failing_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static void test_with_attrs_callbacks(void **state)
{
    Fixture *f = *state;
    MemTxAttrs attrs = {.requester_id = 0x42};
    MemoryRegion mr;
    MemTxResult r;
    uint8_t buf[2];

    memory_region_init_io(&mr, NULL, &attrs_ops, NULL, "attrs", 4);
    memory_region_add_subregion(&f->root, 0, &mr);
    assert_int_equal(address_space_ldub(&f->as, 0, attrs, &r), 0x42);
    assert_int_equal(r, MEMTX_OK);
    /* The device's error reaches the issuer. */
    assert_int_equal(address_space_read(&f->as, 1, attrs, buf, 1), MEMTX_ERROR);
    address_space_stb(&f->as, 0, 1, attrs, &r);
    assert_int_equal(r, MEMTX_ERROR);
    memory_region_del_subregion(&f->root, &mr);
    memory_region_destroy(&mr);
}

/* ---- Unassigned, RAM, ROM ---------------------------------------------- */

static void test_unassigned_read(void **state)
{
    Fixture *f = *state;
    uint8_t buf[6];
    MemTxResult r;

    memset(buf, 0, sizeof(buf));
    assert_int_equal(address_space_read(&f->as, 0x5000, ATTRS, buf, 6),
                     MEMTX_DECODE_ERROR);
    assert_memory_equal(buf, "\xff\xff\xff\xff\xff\xff", 6);
    assert_int_equal(address_space_ldl_le(&f->as, 0x6000, ATTRS, &r),
                     0xffffffff);
    assert_int_equal(r, MEMTX_DECODE_ERROR);
    assert_int_equal(ldq_le_phys(&f->as, 0x6000), UINT64_MAX);
    assert_log("Invalid read at addr 0x5000, size 6, address space 'test', "
               "reason: unassigned\n"
               "Invalid read at addr 0x6000, size 4, address space 'test', "
               "reason: unassigned\n"
               "Invalid read at addr 0x6000, size 8, address space 'test', "
               "reason: unassigned\n");
}

static void test_unassigned_write(void **state)
{
    Fixture *f = *state;
    MemTxResult r;

    address_space_stw_le(&f->as, 0xabc0, 0x1234, ATTRS, &r);
    assert_int_equal(r, MEMTX_DECODE_ERROR);
    assert_log("Invalid write at addr 0xABC0, size 2, address space 'test', "
               "reason: unassigned\n");
}

static void test_unassigned_silent_without_guest_errors(void **state)
{
    Fixture *f = *state;

    qemu_set_log(0, NULL);
    assert_int_equal(ldub_phys(&f->as, 0x100), 0xff);
    assert_log("");
}

static void test_ram_across_boundaries(void **state)
{
    Fixture *f = *state;
    static uint8_t a[0x1000], b[0x1000], c[0x1000];
    MemoryRegion ra, rb, rc;
    uint8_t out[0x40], in[0x120];
    unsigned i;

    memset(a, 0, sizeof(a));
    memset(b, 0, sizeof(b));
    memset(c, 0, sizeof(c));
    memory_region_init_ram_ptr(&ra, NULL, "a", 0x1000, a);
    memory_region_init_ram_ptr(&rb, NULL, "b", 0x1000, b);
    memory_region_init_ram_ptr(&rc, NULL, "c", 0x1000, c);
    memory_region_add_subregion(&f->root, 0x1000, &ra);
    memory_region_add_subregion(&f->root, 0x2000, &rb);
    memory_region_add_subregion(&f->root, 0x3100, &rc);
    for (i = 0; i < sizeof(out); i++) {
        out[i] = i + 1;
    }
    assert_int_equal(address_space_write(&f->as, 0x1fe0, ATTRS, out, 0x40),
                     MEMTX_OK);
    assert_memory_equal(&a[0xfe0], out, 0x20);
    assert_memory_equal(b, out + 0x20, 0x20);

    /* The end of b, the hole 0x3000..0x30ff, the start of c. */
    memset(&b[0xff0], 0x0b, 0x10);
    memset(c, 0x0c, 0x10);
    assert_int_equal(address_space_read(&f->as, 0x2ff0, ATTRS, in, 0x120),
                     MEMTX_DECODE_ERROR);
    for (i = 0; i < 0x120; i++) {
        uint8_t want = i < 0x10 ? 0x0b : i < 0x110 ? 0xff : 0x0c;

        assert_int_equal(in[i], want);
    }
    assert_log("Invalid read at addr 0x3000, size 256, address space 'test', "
               "reason: unassigned\n");
    /* A load straddling two RAM regions. */
    stl_le_phys(&f->as, 0x2ffe, 0x44332211);
    assert_int_equal(b[0xffe], 0x11);
    assert_int_equal(ldl_le_phys(&f->as, 0x2ffe), 0xffff2211);
    memory_region_del_subregion(&f->root, &ra);
    memory_region_del_subregion(&f->root, &rb);
    memory_region_del_subregion(&f->root, &rc);
    memory_region_destroy(&ra);
    memory_region_destroy(&rb);
    memory_region_destroy(&rc);
}

static void test_ram_then_io(void **state)
{
    Fixture *f = *state;
    static uint8_t mem[0x10];
    MemoryRegion ram;
    TestDev *d = testdev_new("dev", NULL, DEVICE_LITTLE_ENDIAN, 1, 4, false, 1,
                             4, false);
    uint8_t buf[0x18];

    memset(mem, 0xee, sizeof(mem));
    memory_region_init_ram_ptr(&ram, NULL, "ram", sizeof(mem), mem);
    memory_region_add_subregion(&f->root, 0x100, &ram);
    memory_region_add_subregion(&f->root, 0x110, &d->mr);
    assert_int_equal(address_space_read(&f->as, 0x108, ATTRS, buf, 0x18),
                     MEMTX_OK);
    assert_memory_equal(buf, mem, 8);
    assert_memory_equal(buf + 8, d->regs, 0x10);
    assert_calls(d, "r@0/4 r@4/4 r@8/4 r@c/4");
    memory_region_del_subregion(&f->root, &ram);
    memory_region_destroy(&ram);
    testdev_free(d);
}

static void test_rom_writes_dropped(void **state)
{
    Fixture *f = *state;
    MemoryRegion rom;
    uint8_t *p;
    MemTxResult r;

    assert_true(
        memory_region_init_rom(&rom, NULL, "pc.bios", 0x1000, &error_abort));
    memory_region_add_subregion(&f->root, 0xf000, &rom);
    p = memory_region_get_ram_ptr(&rom);
    address_space_stl_le(&f->as, 0xf010, 0x12345678, ATTRS, &r);
    assert_int_equal(r, MEMTX_OK);
    assert_int_equal(p[0x10], 0);
    assert_log("Invalid write at addr 0x10, size 4, region 'pc.bios', "
               "reason: read-only\n");
    /* Loaders put firmware in place through write_rom. */
    assert_int_equal(
        address_space_write_rom(&f->as, 0xfff0, ATTRS, "\xea\x5b\xe0", 3),
        MEMTX_OK);
    assert_int_equal(ldub_phys(&f->as, 0xfff0), 0xea);
    assert_int_equal(lduw_le_phys(&f->as, 0xfff1), 0xe05b);
    memory_region_del_subregion(&f->root, &rom);
    memory_region_destroy(&rom);
}

static void test_rom_device_modes(void **state)
{
    Fixture *f = *state;
    TestDev *d = testdev_new("dev", NULL, DEVICE_LITTLE_ENDIAN, 1, 4, false, 1,
                             4, false);
    MemoryRegion flash;
    uint8_t *p;

    assert_true(memory_region_init_rom_device(&flash, NULL, &d->ops, d, "flash",
                                              0x40, &error_abort));
    memory_region_add_subregion(&f->root, 0, &flash);
    p = memory_region_get_ram_ptr(&flash);
    p[0] = 0x99;
    /* ROMD mode: reads from memory, writes to the device. */
    assert_int_equal(ldub_phys(&f->as, 0), 0x99);
    stb_phys(&f->as, 0, 0x70);
    assert_calls(d, "w@0/1=70");
    assert_int_equal(p[0], 0x99);
    /* Out of ROMD mode every access goes to the device. */
    memory_region_rom_device_set_romd(&flash, false);
    assert_int_equal(ldub_phys(&f->as, 1), 0x11);
    assert_calls(d, "r@1/1");
    /* write_rom still reaches the memory (loading the flash image). */
    address_space_write_rom(&f->as, 1, ATTRS, "\x42", 1);
    assert_int_equal(p[1], 0x42);
    memory_region_del_subregion(&f->root, &flash);
    memory_region_destroy(&flash);
    testdev_free(d);
}

static void test_find_section(void **state)
{
    Fixture *f = *state;
    MemoryRegion ram, alias;
    MemoryRegionSection s;
    static uint8_t mem[0x2000];

    memory_region_init_ram_ptr(&ram, NULL, "ram", sizeof(mem), mem);
    memory_region_init_alias(&alias, NULL, "hi", &ram, 0x1000, 0x1000);
    memory_region_add_subregion(&f->root, 0x8000, &alias);
    assert_true(address_space_find_section(&f->as, 0x8800, &s));
    assert_ptr_equal(s.mr, &ram);
    assert_ptr_equal(s.address_space, &f->as);
    assert_int_equal(s.offset_within_address_space, 0x8000);
    assert_int_equal(s.offset_within_region, 0x1000);
    assert_int_equal(s.size, 0x1000);
    assert_false(s.readonly);
    assert_false(address_space_find_section(&f->as, 0x9000, &s));
    memory_region_del_subregion(&f->root, &alias);
    memory_region_destroy(&alias);
    memory_region_destroy(&ram);
}

static void test_dispatch_ram_directly(void **state)
{
    static uint8_t mem[0x10];
    MemoryRegion ram;
    uint64_t v = 0;

    memset(mem, 0, sizeof(mem));
    memory_region_init_ram_ptr(&ram, NULL, "ram", sizeof(mem), mem);
    assert_int_equal(
        memory_region_dispatch_write(&ram, 0xc, 0x11223344, 4, ATTRS),
        MEMTX_OK);
    assert_memory_equal(&mem[0xc], "\x44\x33\x22\x11", 4);
    assert_int_equal(memory_region_dispatch_read(&ram, 0xc, &v, 4, ATTRS),
                     MEMTX_OK);
    assert_int_equal(v, 0x11223344);
    /* Offsets past the end are refused, not read from the host. */
    assert_int_equal(memory_region_dispatch_read(&ram, 0xe, &v, 4, ATTRS),
                     MEMTX_DECODE_ERROR);
    assert_int_equal(v, 0xffffffff);
    assert_int_equal(memory_region_dispatch_write(&ram, 0x10, 0, 1, ATTRS),
                     MEMTX_DECODE_ERROR);
    assert_log("Invalid read at addr 0xE, size 4, region 'ram', "
               "reason: outside the region\n"
               "Invalid write at addr 0x10, size 1, region 'ram', "
               "reason: outside the region\n");
    memory_region_destroy(&ram);
}

/* ---- Re-entrancy guard ------------------------------------------------- */

static AddressSpace *hook_as;
static MemTxResult hook_result;
static hwaddr hook_target;

static void hook_write_own(TestDev *d, hwaddr addr, bool is_write)
{
    uint8_t byte = 0x5a;

    if (is_write) {
        hook_result =
            address_space_write(hook_as, hook_target, ATTRS, &byte, 1);
    }
}

static void test_reentrancy_write_to_self(void **state)
{
    Fixture *f = *state;
    TestDev *d = map_dev(f, DEVICE_LITTLE_ENDIAN, 1, 4, false, 1, 4, false);

    hook_as = &f->as;
    hook_target = 4;
    d->hook = hook_write_own;
    stb_phys(&f->as, 0, 1);
    /* One call only: the nested one was refused, not recursed into. */
    assert_int_equal(d->ncalls, 1);
    assert_int_equal(hook_result, MEMTX_ACCESS_ERROR);
    assert_int_equal(d->regs[4], 0x14);
    assert_log("Blocked re-entrant IO on MemoryRegion: dev at addr: 0x4\n");
    /* After the outer access the device is reachable again. */
    d->hook = NULL;
    stb_phys(&f->as, 4, 2);
    assert_int_equal(d->regs[4], 2);
    testdev_free(d);
}

static uint32_t hook_read_value;

static void hook_read_own(TestDev *d, hwaddr addr, bool is_write)
{
    hook_read_value = address_space_ldl_le(hook_as, 8, ATTRS, &hook_result);
}

static void test_reentrancy_read_from_self(void **state)
{
    Fixture *f = *state;
    TestDev *d = map_dev(f, DEVICE_LITTLE_ENDIAN, 1, 4, false, 1, 4, false);

    hook_as = &f->as;
    d->hook = hook_read_own;
    assert_int_equal(ldub_phys(&f->as, 0), 0x10);
    assert_int_equal(d->ncalls, 1);
    assert_int_equal(hook_read_value, 0xffffffff);
    assert_int_equal(hook_result, MEMTX_ACCESS_ERROR);
    assert_log("Blocked re-entrant IO on MemoryRegion: dev at addr: 0x8\n");
    testdev_free(d);
}

#define TYPE_GUARD_OWNER "mem-guard-owner"

static const TypeInfo guard_types[] = {
    {.name = TYPE_GUARD_OWNER,
     .parent = TYPE_OBJECT,
     .instance_size = sizeof(Object)},
};

DEFINE_TYPES(guard_types)

static void test_reentrancy_same_owner_other_region(void **state)
{
    Fixture *f = *state;
    Object *owner = object_new(TYPE_GUARD_OWNER);
    TestDev *mmio = testdev_new("mmio", owner, DEVICE_LITTLE_ENDIAN, 1, 4,
                                false, 1, 4, false);
    TestDev *pio = testdev_new("pio", owner, DEVICE_LITTLE_ENDIAN, 1, 4, false,
                               1, 4, false);

    /* Two regions of one device: the guard is the device's. */
    memory_region_add_subregion(&f->root, 0, &mmio->mr);
    memory_region_add_subregion(&f->root, 0x100, &pio->mr);
    hook_as = &f->as;
    hook_target = 0x104;
    mmio->hook = hook_write_own;
    stb_phys(&f->as, 0, 1);
    assert_int_equal(hook_result, MEMTX_ACCESS_ERROR);
    assert_int_equal(pio->ncalls, 0);
    assert_log("Blocked re-entrant IO on MemoryRegion: pio at addr: 0x4\n");
    testdev_free(mmio);
    testdev_free(pio);
    object_unref(owner);
}

static void test_reentrancy_other_device_allowed(void **state)
{
    Fixture *f = *state;
    TestDev *a =
        testdev_new("a", NULL, DEVICE_LITTLE_ENDIAN, 1, 4, false, 1, 4, false);
    TestDev *b =
        testdev_new("b", NULL, DEVICE_LITTLE_ENDIAN, 1, 4, false, 1, 4, false);

    memory_region_add_subregion(&f->root, 0, &a->mr);
    memory_region_add_subregion(&f->root, 0x100, &b->mr);
    hook_as = &f->as;
    hook_target = 0x104;
    a->hook = hook_write_own;
    stb_phys(&f->as, 0, 1);
    assert_int_equal(hook_result, MEMTX_OK);
    assert_int_equal(b->regs[4], 0x5a);
    assert_log("");
    testdev_free(a);
    testdev_free(b);
}

static void hook_dma(TestDev *d, hwaddr addr, bool is_write)
{
    uint8_t buf[4] = {1, 2, 3, 4};

    hook_result = dma_memory_write(hook_as, hook_target, buf, 4, ATTRS);
}

static void test_reentrancy_dma_into_own_mmio(void **state)
{
    Fixture *f = *state;
    static uint8_t mem[0x100];
    TestDev *d = map_dev(f, DEVICE_LITTLE_ENDIAN, 1, 4, false, 1, 4, false);
    MemoryRegion ram;

    memory_region_init_ram_ptr(&ram, NULL, "ram", sizeof(mem), mem);
    memory_region_add_subregion(&f->root, 0x1000, &ram);
    hook_as = &f->as;
    d->hook = hook_dma;
    /* A doorbell write whose DMA descriptor points at guest RAM: fine. */
    hook_target = 0x1010;
    stl_le_phys(&f->as, 0, 1);
    assert_int_equal(hook_result, MEMTX_OK);
    assert_memory_equal(&mem[0x10], "\x01\x02\x03\x04", 4);
    /* The guest points the DMA at the device's own registers: refused. */
    hook_target = 0x20;
    stl_le_phys(&f->as, 0, 1);
    assert_int_equal(hook_result, MEMTX_ACCESS_ERROR);
    assert_int_equal(d->regs[0x20], 0x30);
    assert_log("Blocked re-entrant IO on MemoryRegion: dev at addr: 0x20\n");
    memory_region_del_subregion(&f->root, &ram);
    memory_region_destroy(&ram);
    testdev_free(d);
}

static unsigned nested_depth;

static void hook_nest_once(TestDev *d, hwaddr addr, bool is_write)
{
    if (nested_depth++ == 0) {
        hook_result = address_space_write(hook_as, 8, ATTRS, "\x77", 1);
    }
}

static void test_reentrancy_guard_disabled(void **state)
{
    Fixture *f = *state;
    TestDev *d = map_dev(f, DEVICE_LITTLE_ENDIAN, 1, 4, false, 1, 4, false);

    d->mr.disable_reentrancy_guard = true;
    hook_as = &f->as;
    nested_depth = 0;
    d->hook = hook_nest_once;
    stb_phys(&f->as, 0, 1);
    assert_int_equal(hook_result, MEMTX_OK);
    assert_int_equal(d->ncalls, 2);
    assert_int_equal(d->regs[8], 0x77);
    testdev_free(d);
}

/* ---- Loads and stores -------------------------------------------------- */

static void test_ld_st_ram(void **state)
{
    Fixture *f = *state;
    static uint8_t mem[0x100];
    MemoryRegion ram;
    MemTxResult r = 1;

    memset(mem, 0, sizeof(mem));
    memory_region_init_ram_ptr(&ram, NULL, "ram", sizeof(mem), mem);
    memory_region_add_subregion(&f->root, 0x200, &ram);
    address_space_stb(&f->as, 0x200, 0x1ab, ATTRS, &r);
    assert_int_equal(r, MEMTX_OK);
    assert_int_equal(mem[0], 0xab);
    address_space_stw_le(&f->as, 0x202, 0x1234, ATTRS, NULL);
    assert_memory_equal(&mem[2], "\x34\x12", 2);
    address_space_stw_be(&f->as, 0x204, 0x1234, ATTRS, NULL);
    assert_memory_equal(&mem[4], "\x12\x34", 2);
    address_space_stl_le(&f->as, 0x208, 0x11223344, ATTRS, NULL);
    assert_memory_equal(&mem[8], "\x44\x33\x22\x11", 4);
    address_space_stl_be(&f->as, 0x20c, 0x11223344, ATTRS, NULL);
    assert_memory_equal(&mem[12], "\x11\x22\x33\x44", 4);
    address_space_stq_le(&f->as, 0x210, 0x0102030405060708ULL, ATTRS, NULL);
    assert_memory_equal(&mem[16], "\x08\x07\x06\x05\x04\x03\x02\x01", 8);
    address_space_stq_be(&f->as, 0x218, 0x0102030405060708ULL, ATTRS, NULL);
    assert_memory_equal(&mem[24], "\x01\x02\x03\x04\x05\x06\x07\x08", 8);

    assert_int_equal(address_space_ldub(&f->as, 0x200, ATTRS, &r), 0xab);
    assert_int_equal(r, MEMTX_OK);
    assert_int_equal(address_space_lduw_le(&f->as, 0x202, ATTRS, NULL), 0x1234);
    assert_int_equal(address_space_lduw_be(&f->as, 0x204, ATTRS, NULL), 0x1234);
    assert_int_equal(address_space_ldl_le(&f->as, 0x208, ATTRS, NULL),
                     0x11223344);
    assert_int_equal(address_space_ldl_be(&f->as, 0x20c, ATTRS, NULL),
                     0x11223344);
    assert_int_equal(address_space_ldq_le(&f->as, 0x210, ATTRS, NULL),
                     0x0102030405060708ULL);
    assert_int_equal(address_space_ldq_be(&f->as, 0x218, ATTRS, NULL),
                     0x0102030405060708ULL);
    /* Unaligned is fine for RAM. */
    assert_int_equal(address_space_lduw_le(&f->as, 0x209, ATTRS, NULL), 0x2233);
    memory_region_del_subregion(&f->root, &ram);
    memory_region_destroy(&ram);
}

static void test_phys_spellings(void **state)
{
    Fixture *f = *state;
    static uint8_t mem[0x40];
    MemoryRegion ram;

    memory_region_init_ram_ptr(&ram, NULL, "ram", sizeof(mem), mem);
    memory_region_add_subregion(&f->root, 0, &ram);
    stb_phys(&f->as, 0, 0x81);
    stw_le_phys(&f->as, 2, 0x8281);
    stw_be_phys(&f->as, 4, 0x8281);
    stl_le_phys(&f->as, 8, 0x84838281);
    stl_be_phys(&f->as, 12, 0x84838281);
    stq_le_phys(&f->as, 16, 0x8887868584838281ULL);
    stq_be_phys(&f->as, 24, 0x8887868584838281ULL);
    assert_int_equal(ldub_phys(&f->as, 0), 0x81);
    assert_int_equal(lduw_le_phys(&f->as, 2), 0x8281);
    assert_int_equal(lduw_be_phys(&f->as, 4), 0x8281);
    assert_int_equal(lduw_le_phys(&f->as, 4), 0x8182);
    assert_int_equal(ldl_le_phys(&f->as, 8), 0x84838281);
    assert_int_equal(ldl_be_phys(&f->as, 12), 0x84838281);
    assert_int_equal(ldq_le_phys(&f->as, 16), 0x8887868584838281ULL);
    assert_int_equal(ldq_be_phys(&f->as, 24), 0x8887868584838281ULL);
    assert_int_equal(ldq_le_phys(&f->as, 24), 0x8182838485868788ULL);
    memory_region_del_subregion(&f->root, &ram);
    memory_region_destroy(&ram);
}

static void test_ld_partly_unassigned(void **state)
{
    Fixture *f = *state;
    static uint8_t mem[0x10];
    MemoryRegion ram;
    MemTxResult r;

    memset(mem, 0x22, sizeof(mem));
    memory_region_init_ram_ptr(&ram, NULL, "ram", sizeof(mem), mem);
    memory_region_add_subregion(&f->root, 0x100, &ram);
    /* Two bytes of RAM, then two unassigned ones. */
    assert_int_equal(address_space_ldl_le(&f->as, 0x10e, ATTRS, &r),
                     0xffff2222);
    assert_int_equal(r, MEMTX_DECODE_ERROR);
    assert_log("Invalid read at addr 0x110, size 2, address space 'test', "
               "reason: unassigned\n");
    memory_region_del_subregion(&f->root, &ram);
    memory_region_destroy(&ram);
}

/* ---- DMA --------------------------------------------------------------- */

static void test_dma_read_write(void **state)
{
    Fixture *f = *state;
    static uint8_t mem[0x1000];
    MemoryRegion ram;
    uint8_t buf[0x20];

    memory_region_init_ram_ptr(&ram, NULL, "ram", sizeof(mem), mem);
    memory_region_add_subregion(&f->root, 0x1000, &ram);
    memset(buf, 0x3c, sizeof(buf));
    assert_int_equal(dma_memory_write(&f->as, 0x1100, buf, sizeof(buf), ATTRS),
                     MEMTX_OK);
    assert_memory_equal(&mem[0x100], buf, sizeof(buf));
    memset(buf, 0, sizeof(buf));
    assert_int_equal(dma_memory_read(&f->as, 0x1100, buf, sizeof(buf), ATTRS),
                     MEMTX_OK);
    assert_int_equal(buf[0x1f], 0x3c);
    assert_int_equal(dma_memory_set(&f->as, 0x1000, 0xe5, 0x1000, ATTRS),
                     MEMTX_OK);
    assert_int_equal(mem[0], 0xe5);
    assert_int_equal(mem[0xfff], 0xe5);
    assert_true(dma_memory_valid(&f->as, 0x1000, 0x1000, true));
    assert_false(dma_memory_valid(&f->as, 0x1000, 0x1001, false));
    assert_false(dma_memory_valid(&f->as, 0xfff, 2, false));
    assert_true(dma_memory_valid(&f->as, 0x1234, 0, true));
    memory_region_del_subregion(&f->root, &ram);
    memory_region_destroy(&ram);
}

static unsigned set_writes;

static void count_write(void *opaque, hwaddr addr, uint64_t data,
                        unsigned size)
{
    set_writes++;
    last_written = data;
}

static const MemoryRegionOps count_ops = {
    .read = const_read,
    .write = count_write,
};

/*
 * dma_memory_set() over gigabytes (a guest's fw_cfg DMA read of nothing):
 * RAM is set, a device gets every byte, the holes are skipped with one
 * log line each (the fuzzer's fw_cfg/dma-set-4g-of-holes took seconds
 * when the holes were written 512 bytes at a time).
 */
static void test_dma_set_across_holes(void **state)
{
    Fixture *f = *state;
    static uint8_t mem[0x100];
    MemoryRegion ram, dev;

    memset(mem, 0, sizeof(mem));
    memory_region_init_ram_ptr(&ram, NULL, "ram", sizeof(mem), mem);
    memory_region_add_subregion(&f->root, 0, &ram);
    memory_region_init_io(&dev, NULL, &count_ops, NULL, "dev", 0x10);
    memory_region_add_subregion(&f->root, 0x8000, &dev);
    set_writes = 0;
    assert_int_equal(dma_memory_set(&f->as, 0x80, 0xa5, 0xffffff00, ATTRS),
                     MEMTX_DECODE_ERROR);
    assert_int_equal(mem[0x7f], 0);
    assert_int_equal(mem[0x80], 0xa5);
    assert_int_equal(mem[0xff], 0xa5);
    /* 16 bytes at the bus's widest (4) unless the device says otherwise. */
    assert_int_equal(set_writes, 4);
    assert_int_equal(last_written, 0xa5a5a5a5);
    /* The root is 64 KiB: past it, one hole to the end. */
    assert_log("Invalid write at addr 0x100, size 32512, address space "
               "'test', reason: unassigned\n"
               "Invalid write at addr 0x8010, size 4294934384, address "
               "space 'test', reason: unassigned\n");
    memory_region_del_subregion(&f->root, &dev);
    memory_region_destroy(&dev);
    memory_region_del_subregion(&f->root, &ram);
    memory_region_destroy(&ram);
}

static void test_dma_out_of_range(void **state)
{
    Fixture *f = *state;
    static uint8_t mem[0x100];
    MemoryRegion ram;
    uint8_t buf[0x20];

    memset(mem, 0, sizeof(mem));
    memory_region_init_ram_ptr(&ram, NULL, "ram", sizeof(mem), mem);
    memory_region_add_subregion(&f->root, 0, &ram);
    memset(buf, 0x11, sizeof(buf));
    /* Past the end of RAM: the RAM part is done, the rest fails cleanly. */
    assert_int_equal(dma_memory_write(&f->as, 0xf0, buf, sizeof(buf), ATTRS),
                     MEMTX_DECODE_ERROR);
    assert_int_equal(mem[0xff], 0x11);
    assert_int_equal(dma_memory_read(&f->as, 0xf0, buf, sizeof(buf), ATTRS),
                     MEMTX_DECODE_ERROR);
    assert_int_equal(buf[0x10], 0xff);
    /* Wrapping around the top of the address space: refused whole. */
    memset(buf, 0, sizeof(buf));
    assert_int_equal(dma_memory_read(&f->as, UINT64_MAX - 3, buf, 8, ATTRS),
                     MEMTX_DECODE_ERROR);
    assert_memory_equal(buf, "\xff\xff\xff\xff\xff\xff\xff\xff", 8);
    assert_int_equal(dma_memory_write(&f->as, UINT64_MAX, buf, 2, ATTRS),
                     MEMTX_DECODE_ERROR);
    assert_int_equal(dma_memory_set(&f->as, UINT64_MAX, 0, 2, ATTRS),
                     MEMTX_DECODE_ERROR);
    assert_false(dma_memory_valid(&f->as, UINT64_MAX, 2, false));
    assert_log("Invalid write at addr 0x100, size 16, address space 'test', "
               "reason: unassigned\n"
               "Invalid read at addr 0x100, size 16, address space 'test', "
               "reason: unassigned\n"
               "Invalid DMA read at addr 0xFFFFFFFFFFFFFFFC, size 8, "
               "address space 'test', reason: wraps around\n"
               "Invalid DMA write at addr 0xFFFFFFFFFFFFFFFF, size 2, "
               "address space 'test', reason: wraps around\n"
               "Invalid DMA write at addr 0xFFFFFFFFFFFFFFFF, size 2, "
               "address space 'test', reason: wraps around\n");
    memory_region_del_subregion(&f->root, &ram);
    memory_region_destroy(&ram);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_exact_size_one_call),
        T(test_split_8_into_4),
        T(test_split_8_into_2_big_endian),
        T(test_split_write_4_into_1),
        T(test_widen_read_1_to_4),
        T(test_widen_write_1_to_4),
        T(test_widen_across_two_units),
        T(test_impl_unaligned_passes_through),
        T(test_address_space_splits_by_alignment),
        T(test_all_size_combinations),
        T(test_valid_unaligned_rejected),
        T(test_valid_size_rejected),
        T(test_valid_accepts_callback),
        T(test_missing_callback),
        T(test_endianness),
        T(test_with_attrs_callbacks),
        T(test_unassigned_read),
        T(test_unassigned_write),
        T(test_unassigned_silent_without_guest_errors),
        T(test_ram_across_boundaries),
        T(test_ram_then_io),
        T(test_rom_writes_dropped),
        T(test_rom_device_modes),
        T(test_find_section),
        T(test_dispatch_ram_directly),
        T(test_reentrancy_write_to_self),
        T(test_reentrancy_read_from_self),
        T(test_reentrancy_same_owner_other_region),
        T(test_reentrancy_other_device_allowed),
        T(test_reentrancy_dma_into_own_mmio),
        T(test_reentrancy_guard_disabled),
        T(test_ld_st_ram),
        T(test_phys_spellings),
        T(test_ld_partly_unassigned),
        T(test_dma_read_write),
        T(test_dma_out_of_range),
        T(test_dma_set_across_holes),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
