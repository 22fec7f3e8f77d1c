/*
 * The fd backend base ("chardev-fd", abstract): a chardev that reads
 * one fd and writes another.  file, pipe and stdio are subclasses.
 */
#include <errno.h>
#include <unistd.h>

#include "char-internal.h"

static int fd_chr_read_poll(void *opaque)
{
    return qemu_chr_be_can_write(opaque);
}

static gboolean fd_chr_read(void *opaque, GIOCondition cond)
{
    Chardev *chr = opaque;
    FDChardev *s = FD_CHARDEV(chr);
    uint8_t buf[CHR_READ_BUF_LEN];
    int len = qemu_chr_be_can_write(chr);
    ssize_t n;

    if (len <= 0) {
        return G_SOURCE_CONTINUE;
    }
    if (len > (int)sizeof(buf)) {
        len = sizeof(buf);
    }
    /* fd_in polled readable: read() takes what is there, also blocking. */
    do {
        n = read(s->fd_in, buf, len);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && errno == EAGAIN) {
        return G_SOURCE_CONTINUE;
    }
    if (n <= 0) {
        /* End of input (or an error reading it): as QEMU, say CLOSED. */
        s->in_eof = true;
        chr_source_remove(&chr->gsource);
        qemu_chr_be_event(chr, CHR_EVENT_CLOSED);
        return G_SOURCE_REMOVE;
    }
    qemu_chr_be_write(chr, buf, n);
    return G_SOURCE_CONTINUE;
}

static void fd_chr_update_read_handler(Chardev *chr)
{
    FDChardev *s = FD_CHARDEV(chr);

    chr_source_remove(&chr->gsource);
    if (s->fd_in >= 0 && !s->in_eof) {
        chr->gsource = chr_fd_read_source_add(s->fd_in, false, fd_chr_read_poll,
                                              fd_chr_read, chr, chr->gcontext);
    }
}

static int fd_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    FDChardev *s = FD_CHARDEV(chr);

    if (s->fd_out < 0) {
        /* No output side (a file backend opened for input only). */
        return len;
    }
    return chr_fd_write(s->fd_out, buf, len);
}

static GSource *fd_chr_add_watch(Chardev *chr, GIOCondition cond)
{
    FDChardev *s = FD_CHARDEV(chr);

    if (s->fd_out < 0) {
        return NULL;
    }
    return chr_fd_watch_new(s->fd_out, cond);
}

void qemu_chr_open_fd(Chardev *chr, int fd_in, int fd_out)
{
    FDChardev *s = FD_CHARDEV(chr);

    s->fd_in = fd_in;
    s->fd_out = fd_out;
}

static void fd_chr_init(Object *obj)
{
    FDChardev *s = FD_CHARDEV(obj);

    s->fd_in = -1;
    s->fd_out = -1;
    s->close_fds = true;
}

static void fd_chr_finalize(Object *obj)
{
    FDChardev *s = FD_CHARDEV(obj);
    Chardev *chr = CHARDEV(obj);

    chr_source_remove(&chr->gsource);
    if (s->close_fds) {
        if (s->fd_in >= 0) {
            close(s->fd_in);
        }
        if (s->fd_out >= 0 && s->fd_out != s->fd_in) {
            close(s->fd_out);
        }
    }
    qemu_chr_be_event(chr, CHR_EVENT_CLOSED);
}

static void fd_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->chr_write = fd_chr_write;
    cc->chr_add_watch = fd_chr_add_watch;
    cc->chr_update_read_handler = fd_chr_update_read_handler;
}

static const TypeInfo fd_chr_type_info = {
    .name = TYPE_CHARDEV_FD,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(FDChardev),
    .instance_init = fd_chr_init,
    .instance_finalize = fd_chr_finalize,
    .class_init = fd_chr_class_init,
    .abstract = true,
};

void chardev_register_fd_types(void)
{
    type_register_static(&fd_chr_type_info);
}
