/*
 * Helpers shared by the memory API tests: capture of the guest-error log,
 * a textual dump of an address space's flat view, and a register-file
 * test device whose callbacks record every call.
 */
#ifndef MEMORY_TEST_H
#define MEMORY_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <glib.h>

#include "machine/memory.h"
#include "memory-internal.h"
#include "util/log.h"

#define ATTRS MEMTXATTRS_UNSPECIFIED

/* ---- Guest-error log capture ----------------------------------------- */

static char *log_path G_GNUC_UNUSED;

/* Start logging guest errors into a fresh temporary file. */
static inline void log_capture_start(void)
{
    int fd;

    if (!log_path) {
        log_path =
            g_build_filename(g_get_tmp_dir(), "emu-memtest-XXXXXX", NULL);
        fd = g_mkstemp(log_path);
        assert_true(fd >= 0);
        close(fd);
    }
    assert_true(qemu_set_log_filename(log_path, NULL));
    assert_true(qemu_set_log(LOG_GUEST_ERROR, NULL));
}

/* Everything logged since log_capture_start() (g_free). */
static inline char *log_captured(void)
{
    char *text = NULL;

    assert_true(g_file_get_contents(log_path, &text, NULL, NULL));
    return text;
}

static inline void log_capture_stop(void)
{
    qemu_set_log(0, NULL);
    qemu_log_close();
    if (log_path) {
        unlink(log_path);
        g_free(log_path);
        log_path = NULL;
    }
}

/* Assert the captured log is exactly want. */
#define assert_log(want)                                                       \
    do {                                                                       \
        char *got_ = log_captured();                                           \
        assert_string_equal(got_, (want));                                     \
        g_free(got_);                                                          \
    } while (0)

/* ---- Flat view dump ---------------------------------------------------- */

/*
 * "start-last name@offset[ ro][ romd]" for every range, joined by "; ".
 */
static inline char *view_dump(AddressSpace *as)
{
    FlatView *fv = address_space_get_view(as);
    GString *s = g_string_new(NULL);
    unsigned i;

    for (i = 0; fv && i < fv->nr; i++) {
        const FlatRange *fr = &fv->ranges[i];

        g_string_append_printf(
            s, "%s%" PRIx64 "-%" PRIx64 " %s@%" PRIx64 "%s%s", i ? "; " : "",
            fr->start, fr->last, memory_region_name(fr->mr),
            fr->offset_in_region, fr->readonly ? " ro" : "",
            fr->romd ? " romd" : "");
    }
    return g_string_free(s, false);
}

#define assert_view(as, want)                                                  \
    do {                                                                       \
        char *got_ = view_dump(as);                                            \
        assert_string_equal(got_, (want));                                     \
        g_free(got_);                                                          \
    } while (0)

/* ---- A register-file test device --------------------------------------- */

/*
 * 64 bytes of registers.  A read of size n at addr returns regs[addr..]
 * as a number in the device's byte order; a write stores it back the same
 * way.  So, whatever the splitting, the bus bytes of an access are the
 * register bytes in address order.  Every call is appended to calls as
 * "r@addr/size" or "w@addr/size=value".
 */
typedef struct TestDev {
    MemoryRegion mr;
    MemoryRegionOps ops;
    uint8_t regs[64];
    GString *calls;
    unsigned ncalls;
    /* Optional hook run inside the callbacks (re-entrancy tests). */
    void (*hook)(struct TestDev *d, hwaddr addr, bool is_write);
} TestDev;

static inline uint64_t testdev_read(void *opaque, hwaddr addr, unsigned size)
{
    TestDev *d = opaque;
    bool be = d->ops.endianness == DEVICE_BIG_ENDIAN;
    uint64_t v = 0;
    unsigned i;

    g_string_append_printf(d->calls, "%sr@%" PRIx64 "/%u",
                           d->calls->len ? " " : "", addr, size);
    d->ncalls++;
    if (d->hook) {
        d->hook(d, addr, false);
    }
    for (i = 0; i < size && addr + i < sizeof(d->regs); i++) {
        unsigned shift = be ? 8 * (size - 1 - i) : 8 * i;

        v |= (uint64_t)d->regs[addr + i] << shift;
    }
    return v;
}

static inline void testdev_write(void *opaque, hwaddr addr, uint64_t data,
                                 unsigned size)
{
    TestDev *d = opaque;
    bool be = d->ops.endianness == DEVICE_BIG_ENDIAN;
    unsigned i;

    g_string_append_printf(d->calls, "%sw@%" PRIx64 "/%u=%" PRIx64,
                           d->calls->len ? " " : "", addr, size, data);
    d->ncalls++;
    if (d->hook) {
        d->hook(d, addr, true);
    }
    for (i = 0; i < size && addr + i < sizeof(d->regs); i++) {
        unsigned shift = be ? 8 * (size - 1 - i) : 8 * i;

        d->regs[addr + i] = data >> shift;
    }
}

/* Fill regs with 0x10, 0x11, ... and set up the region of size 64. */
static inline TestDev *testdev_new(const char *name, Object *owner,
                                   enum device_endian endian,
                                   unsigned valid_min, unsigned valid_max,
                                   bool valid_unaligned, unsigned impl_min,
                                   unsigned impl_max, bool impl_unaligned)
{
    TestDev *d = g_new0(TestDev, 1);
    unsigned i;

    for (i = 0; i < sizeof(d->regs); i++) {
        d->regs[i] = 0x10 + i;
    }
    d->calls = g_string_new(NULL);
    d->ops.read = testdev_read;
    d->ops.write = testdev_write;
    d->ops.endianness = endian;
    d->ops.valid.min_access_size = valid_min;
    d->ops.valid.max_access_size = valid_max;
    d->ops.valid.unaligned = valid_unaligned;
    d->ops.impl.min_access_size = impl_min;
    d->ops.impl.max_access_size = impl_max;
    d->ops.impl.unaligned = impl_unaligned;
    memory_region_init_io(&d->mr, owner, &d->ops, d, name, sizeof(d->regs));
    return d;
}

static inline void testdev_clear_calls(TestDev *d)
{
    g_string_truncate(d->calls, 0);
    d->ncalls = 0;
}

static inline void testdev_free(TestDev *d)
{
    if (d->mr.container) {
        memory_region_del_subregion(d->mr.container, &d->mr);
    }
    memory_region_destroy(&d->mr);
    g_string_free(d->calls, true);
    g_free(d);
}

#endif /* MEMORY_TEST_H */
