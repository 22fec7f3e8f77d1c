/*
 * Shared by the loader tests: a guest RAM buffer behind a LoaderTarget
 * with a PC-style memory map, and little-endian accessors.
 */
#ifndef LOADER_TEST_H
#define LOADER_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "machine/loader.h"

#define MiB (1024ULL * 1024)

typedef struct TestRam {
    uint8_t *ram;
    uint64_t ram_size;
    LoaderMemRange map[8];
    LoaderTarget target;
    unsigned writes;
    bool fail_writes;
} TestRam;

static inline bool test_ram_write(void *opaque, uint64_t addr, const void *buf,
                                  size_t len, Error **errp)
{
    TestRam *r = opaque;

    /* The loader must only write inside the map's RAM. */
    assert_true(addr < r->ram_size && len <= r->ram_size - addr);
    r->writes++;
    if (r->fail_writes) {
        error_setg(errp, "injected write failure at 0x%llx",
                   (unsigned long long)addr);
        return false;
    }
    memcpy(r->ram + addr, buf, len);
    return true;
}

/*
 * The pc board's map for ram_size bytes below 4 GiB: conventional memory
 * up to the EBDA, the BIOS area, RAM from 1 MiB, the firmware flash.
 */
static inline TestRam *test_ram_new(uint64_t ram_size)
{
    TestRam *r = g_new0(TestRam, 1);
    size_t n = 0;

    r->ram_size = ram_size;
    /* Like the board's RAM: lazily zero-filled anonymous memory. */
    r->ram = mmap(NULL, ram_size, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    assert_true(r->ram != MAP_FAILED);
    r->map[n++] = (LoaderMemRange){0, 0x9fc00, LOADER_MEM_RAM};
    r->map[n++] = (LoaderMemRange){0x9fc00, 0x400, LOADER_MEM_RESERVED};
    r->map[n++] = (LoaderMemRange){0xf0000, 0x10000, LOADER_MEM_RESERVED};
    r->map[n++] =
        (LoaderMemRange){0x100000, ram_size - 0x100000, LOADER_MEM_RAM};
    r->map[n++] = (LoaderMemRange){0xfffc0000, 0x40000, LOADER_MEM_RESERVED};
    r->target.map = r->map;
    r->target.map_len = n;
    r->target.write = test_ram_write;
    r->target.opaque = r;
    return r;
}

static inline void test_ram_free(TestRam *r)
{
    munmap(r->ram, r->ram_size);
    g_free(r);
}

static inline uint16_t rd16(const uint8_t *p)
{
    return p[0] | (uint16_t)p[1] << 8;
}

static inline uint32_t rd32(const uint8_t *p)
{
    return rd16(p) | (uint32_t)rd16(p + 2) << 16;
}

static inline uint64_t rd64(const uint8_t *p)
{
    return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static inline void wr16(uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}

static inline void wr32(uint8_t *p, uint32_t v)
{
    wr16(p, v);
    wr16(p + 2, v >> 16);
}

static inline void wr64(uint8_t *p, uint64_t v)
{
    wr32(p, v);
    wr32(p + 4, v >> 32);
}

/* Assert that err is set with exactly msg, and free it. */
#define assert_error(err, msg)                                                 \
    do {                                                                       \
        assert_non_null(err);                                                  \
        assert_string_equal(error_get_pretty(err), (msg));                     \
        error_free(err);                                                       \
        (err) = NULL;                                                          \
    } while (0)

/* A scratch directory for files the loaders open by name. */
static inline char *test_tmpdir(void)
{
    char *dir = g_dir_make_tmp("emu-loader-XXXXXX", NULL);

    assert_non_null(dir);
    return dir;
}

static inline char *test_write_file(const char *dir, const char *name,
                                    const void *data, size_t size)
{
    char *path = g_build_filename(dir, name, NULL);

    assert_true(g_file_set_contents(path, data, size, NULL));
    return path;
}

/* Remove dir and the plain files in it. */
static inline void test_rmdir(char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name(d))) {
        g_autofree char *p = g_build_filename(dir, name, NULL);

        g_unlink(p);
    }
    if (d) {
        g_dir_close(d);
    }
    g_rmdir(dir);
    g_free(dir);
}

#endif /* LOADER_TEST_H */
