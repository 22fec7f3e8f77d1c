/*
 * The ringbuf backend ("memory" is its older name): the front end's
 * output goes into a ring of size bytes (a power of two, 64 KiB by
 * default) that overwrites its oldest bytes when full; the monitor reads
 * it with ringbuf-read.  The ring always takes everything.
 */
#include <string.h>

#include "char-internal.h"
#include "opts/qemu-option.h"

#define RINGBUF_DEFAULT_SIZE 65536

typedef struct RingBufChardev {
    Chardev parent;
    size_t size;
    /* Free-running counters; the ring index is counter & (size - 1). */
    size_t prod;
    size_t cons;
    uint8_t *cbuf;
} RingBufChardev;

#define RINGBUF_CHARDEV(obj)                                                   \
    OBJECT_CHECK(RingBufChardev, (obj), TYPE_CHARDEV_RINGBUF)

size_t ringbuf_count(Chardev *chr)
{
    RingBufChardev *d = RINGBUF_CHARDEV(chr);

    return d->prod - d->cons;
}

void ringbuf_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    RingBufChardev *d = RINGBUF_CHARDEV(chr);

    for (size_t i = 0; i < len; i++) {
        d->cbuf[d->prod++ & (d->size - 1)] = buf[i];
        if (d->prod - d->cons > d->size) {
            d->cons = d->prod - d->size;
        }
    }
}

uint8_t *ringbuf_read(Chardev *chr, size_t size, size_t *len)
{
    RingBufChardev *d = RINGBUF_CHARDEV(chr);
    size_t n = MIN(size, ringbuf_count(chr));
    uint8_t *out = g_malloc(n + 1);

    for (size_t i = 0; i < n; i++) {
        out[i] = d->cbuf[d->cons++ & (d->size - 1)];
    }
    out[n] = '\0';
    *len = n;
    return out;
}

static int ringbuf_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    ringbuf_write(chr, buf, len);
    return len;
}

static void ringbuf_chr_parse(QemuOpts *opts, ChardevBackend *backend,
                              Error **errp)
{
    backend->size = qemu_opt_get_size(opts, "size", 0);
}

static void ringbuf_chr_open(Chardev *chr, ChardevBackend *backend,
                             bool *be_opened, Error **errp)
{
    RingBufChardev *d = RINGBUF_CHARDEV(chr);
    uint64_t size = backend->size ? backend->size : RINGBUF_DEFAULT_SIZE;

    /* QEMU 7.2's check (size=0 means the default). */
    if (size & (size - 1)) {
        error_setg(errp, "size of ringbuf chardev must be power of two");
        return;
    }
    if (size > (1ULL << 30)) {
        error_setg(errp, "size of ringbuf chardev must be at most 1G");
        return;
    }
    d->size = size;
    d->prod = 0;
    d->cons = 0;
    d->cbuf = g_malloc0(size);
}

static void ringbuf_chr_finalize(Object *obj)
{
    g_free(RINGBUF_CHARDEV(obj)->cbuf);
}

static void ringbuf_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->parse = ringbuf_chr_parse;
    cc->open = ringbuf_chr_open;
    cc->chr_write = ringbuf_chr_write;
}

static const TypeInfo ringbuf_chr_types[] = {
    {
        .name = TYPE_CHARDEV_RINGBUF,
        .parent = TYPE_CHARDEV,
        .instance_size = sizeof(RingBufChardev),
        .instance_finalize = ringbuf_chr_finalize,
        .class_init = ringbuf_chr_class_init,
    },
    {
        .name = TYPE_CHARDEV_MEMORY,
        .parent = TYPE_CHARDEV_RINGBUF,
    },
};

void chardev_register_ringbuf_types(void)
{
    type_register_static_array(ringbuf_chr_types,
                               G_N_ELEMENTS(ringbuf_chr_types));
}
