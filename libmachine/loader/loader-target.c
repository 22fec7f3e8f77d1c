/*
 * Placing data in guest RAM: the board's memory map, claims that keep
 * the pieces of one load from overlapping, and chunked writes through
 * the board's callback.
 */
#include <assert.h>
#include <inttypes.h>

#include "loader-internal.h"

typedef struct LoaderClaim {
    uint64_t addr;
    uint64_t last; /* inclusive, so a range may end at 2^64 */
    char *what;
} LoaderClaim;

/* Bytes moved per write() call when copying files or zeroing. */
#define LOADER_CHUNK (64 * 1024)

static const uint8_t loader_zeroes[LOADER_CHUNK];

void loader_ctx_init(LoaderCtx *ctx, const LoaderTarget *t, const char *label)
{
    size_t i;

    /* The map is the board's: a bad one is a programming error. */
    assert(t->write);
    assert(t->map || t->map_len == 0);
    for (i = 0; i < t->map_len; i++) {
        const LoaderMemRange *r = &t->map[i];

        assert(r->size > 0);
        assert(r->addr + (r->size - 1) >= r->addr);
        if (i > 0) {
            const LoaderMemRange *prev = &t->map[i - 1];

            assert(prev->addr + (prev->size - 1) < r->addr);
        }
    }
    ctx->t = t;
    ctx->label = label;
    ctx->claims = g_array_new(false, false, sizeof(LoaderClaim));
}

void loader_ctx_cleanup(LoaderCtx *ctx)
{
    guint i;

    if (!ctx->claims) {
        return;
    }
    for (i = 0; i < ctx->claims->len; i++) {
        g_free(g_array_index(ctx->claims, LoaderClaim, i).what);
    }
    g_array_free(ctx->claims, true);
    ctx->claims = NULL;
}

/*
 * Walk the sorted map from addr through adjacent RAM ranges; returns the
 * last byte of that run of RAM, or false if addr is not in RAM.
 */
static bool ram_run_last(const LoaderTarget *t, uint64_t addr, uint64_t *last)
{
    bool found = false;
    uint64_t cur = addr;
    size_t i;

    for (i = 0; i < t->map_len; i++) {
        const LoaderMemRange *r = &t->map[i];
        uint64_t r_last = r->addr + (r->size - 1);

        if (r->type != LOADER_MEM_RAM) {
            continue;
        }
        if (r->addr <= cur && cur <= r_last) {
            found = true;
            *last = r_last;
            if (r_last == UINT64_MAX) {
                break;
            }
            cur = r_last + 1;
        }
    }
    return found;
}

bool loader_range_is_ram(const LoaderTarget *t, uint64_t addr, uint64_t size)
{
    uint64_t last;

    if (size == 0) {
        return true;
    }
    if (addr + (size - 1) < addr) {
        return false;
    }
    return ram_run_last(t, addr, &last) && addr + (size - 1) <= last;
}

uint64_t loader_ram_end(const LoaderTarget *t, uint64_t addr)
{
    uint64_t last;

    if (!ram_run_last(t, addr, &last)) {
        return 0;
    }
    return last == UINT64_MAX ? UINT64_MAX : last + 1;
}

bool loader_claim(LoaderCtx *ctx, uint64_t addr, uint64_t size,
                  const char *what, Error **errp)
{
    LoaderClaim c;
    guint i;

    if (size == 0) {
        return true;
    }
    if (addr + (size - 1) < addr) {
        error_setg(errp,
                   "%s: %s at 0x%" PRIx64 " (0x%" PRIx64 " bytes) wraps "
                   "around the address space",
                   ctx->label, what, addr, size);
        return false;
    }
    c.addr = addr;
    c.last = addr + (size - 1);
    if (!loader_range_is_ram(ctx->t, addr, size)) {
        error_setg(errp, "%s: %s at 0x%" PRIx64 "-0x%" PRIx64 " is outside RAM",
                   ctx->label, what, c.addr, c.last);
        return false;
    }
    for (i = 0; i < ctx->claims->len; i++) {
        const LoaderClaim *o = &g_array_index(ctx->claims, LoaderClaim, i);

        if (c.addr <= o->last && o->addr <= c.last) {
            error_setg(errp,
                       "%s: %s at 0x%" PRIx64 "-0x%" PRIx64 " overlaps %s "
                       "at 0x%" PRIx64 "-0x%" PRIx64,
                       ctx->label, what, c.addr, c.last, o->what, o->addr,
                       o->last);
            return false;
        }
    }
    if (ctx->claims->len >= LOADER_MAX_CLAIMS) {
        error_setg(errp, "%s: too many separate pieces to load (at most %d)",
                   ctx->label, LOADER_MAX_CLAIMS);
        return false;
    }
    c.what = g_strdup(what);
    g_array_append_val(ctx->claims, c);
    return true;
}

bool loader_write(LoaderCtx *ctx, uint64_t addr, const void *buf, uint64_t len,
                  Error **errp)
{
    if (len == 0) {
        return true;
    }
    /* Callers claim first; writing outside RAM is a loader bug. */
    assert(loader_range_is_ram(ctx->t, addr, len));
    assert(len <= SIZE_MAX);
    return ctx->t->write(ctx->t->opaque, addr, buf, len, errp);
}

bool loader_zero(LoaderCtx *ctx, uint64_t addr, uint64_t len, Error **errp)
{
    while (len > 0) {
        uint64_t n = MIN(len, (uint64_t)LOADER_CHUNK);

        if (!loader_write(ctx, addr, loader_zeroes, n, errp)) {
            return false;
        }
        addr += n;
        len -= n;
    }
    return true;
}

bool loader_copy_file(LoaderCtx *ctx, LoaderFile *f, uint64_t offset,
                      uint64_t len, uint64_t addr, const char *what,
                      Error **errp)
{
    g_autofree uint8_t *buf = NULL;

    if (!loader_file_check_range(f, offset, len, what, errp)) {
        return false;
    }
    buf = g_malloc(LOADER_CHUNK);
    while (len > 0) {
        uint64_t n = MIN(len, (uint64_t)LOADER_CHUNK);

        if (!loader_file_read(f, offset, buf, n, what, errp) ||
            !loader_write(ctx, addr, buf, n, errp)) {
            return false;
        }
        offset += n;
        addr += n;
        len -= n;
    }
    return true;
}
