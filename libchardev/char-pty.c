/*
 * The pty backend: a pseudo-terminal whose slave (/dev/pts/N) a person
 * or a program opens to talk to the guest.  As QEMU, emu announces the
 * slave with "char device redirected to /dev/pts/N (label ID)" on
 * stdout, puts it in raw mode, and keeps no slave fd open itself: the
 * master then reports hang-up while nobody has the slave open.  While
 * nobody does, the backend checks once a second whether someone has
 * opened it, and output is dropped (the bytes would only pile up in the
 * kernel for whoever opens the slave next).  When someone is connected,
 * a full pty pushes back on the front end.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "char-internal.h"

/* QEMU polls an unconnected pty once a second. */
#define PTY_POLL_MS 1000

typedef struct PtyChardev {
    Chardev parent;
    int master_fd;
    /* Someone has the slave open (master reports no hang-up). */
    bool connected;
    GSource *timer_src;
    GSource *open_src;
} PtyChardev;

#define PTY_CHARDEV(obj) OBJECT_CHECK(PtyChardev, (obj), TYPE_CHARDEV_PTY)

static void pty_chr_state(Chardev *chr, bool connected);

static bool pty_slave_open(PtyChardev *s)
{
    struct pollfd pfd = {.fd = s->master_fd, .events = POLLOUT};
    int rc;

    do {
        rc = poll(&pfd, 1, 0);
    } while (rc < 0 && errno == EINTR);
    return rc >= 0 && !(pfd.revents & (POLLHUP | POLLERR | POLLNVAL));
}

static gboolean pty_chr_timer(void *opaque)
{
    Chardev *chr = opaque;
    PtyChardev *s = PTY_CHARDEV(chr);

    if (pty_slave_open(s)) {
        /* Drops timer_src: this source is done either way. */
        g_source_unref(s->timer_src);
        s->timer_src = NULL;
        pty_chr_state(chr, true);
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

static int pty_chr_read_poll(void *opaque)
{
    return qemu_chr_be_can_write(opaque);
}

static gboolean pty_chr_read(void *opaque, GIOCondition cond)
{
    Chardev *chr = opaque;
    PtyChardev *s = PTY_CHARDEV(chr);
    uint8_t buf[CHR_READ_BUF_LEN];
    int len = MIN(qemu_chr_be_can_write(chr), (int)sizeof(buf));
    ssize_t n;

    if (len <= 0) {
        return G_SOURCE_CONTINUE;
    }
    do {
        n = read(s->master_fd, buf, len);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && errno == EAGAIN) {
        return G_SOURCE_CONTINUE;
    }
    if (n <= 0) {
        /* EIO: the last slave fd was closed. */
        pty_chr_state(chr, false);
        return G_SOURCE_REMOVE;
    }
    qemu_chr_be_write(chr, buf, n);
    return G_SOURCE_CONTINUE;
}

static gboolean pty_chr_open_cb(void *opaque)
{
    Chardev *chr = opaque;
    PtyChardev *s = PTY_CHARDEV(chr);

    g_source_unref(s->open_src);
    s->open_src = NULL;
    qemu_chr_be_event(chr, CHR_EVENT_OPENED);
    return G_SOURCE_REMOVE;
}

static void pty_chr_state(Chardev *chr, bool connected)
{
    PtyChardev *s = PTY_CHARDEV(chr);

    if (!connected) {
        chr_source_remove(&s->open_src);
        chr_source_remove(&chr->gsource);
        s->connected = false;
        if (!s->timer_src) {
            s->timer_src = chr_timeout_add_ms(chr->gcontext, PTY_POLL_MS,
                                              pty_chr_timer, chr);
        }
        if (chr->be_open) {
            qemu_chr_be_event(chr, CHR_EVENT_CLOSED);
        }
        return;
    }
    chr_source_remove(&s->timer_src);
    if (!s->connected) {
        s->connected = true;
        /*
         * From an idle callback, as QEMU: this may run inside a front
         * end's write, which must not re-enter the device.
         */
        if (!s->open_src && !chr->be_open) {
            s->open_src = chr_idle_add(chr->gcontext, pty_chr_open_cb, chr);
        }
    }
    if (!chr->gsource) {
        chr->gsource =
            chr_fd_read_source_add(s->master_fd, false, pty_chr_read_poll,
                                   pty_chr_read, chr, chr->gcontext);
    }
}

static void pty_chr_update_read_handler(Chardev *chr)
{
    PtyChardev *s = PTY_CHARDEV(chr);

    /* Sources follow the front end's context. */
    chr_source_remove(&chr->gsource);
    chr_source_remove(&s->timer_src);
    if (s->open_src) {
        chr_source_remove(&s->open_src);
        s->open_src = chr_idle_add(chr->gcontext, pty_chr_open_cb, chr);
    }
    pty_chr_state(chr, pty_slave_open(s));
}

static int pty_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    PtyChardev *s = PTY_CHARDEV(chr);

    if (!s->connected) {
        /* The slave may have been opened since the last timer tick. */
        if (!pty_slave_open(s)) {
            return len;
        }
        pty_chr_state(chr, true);
    }
    return chr_fd_write(s->master_fd, buf, len);
}

static GSource *pty_chr_add_watch(Chardev *chr, GIOCondition cond)
{
    PtyChardev *s = PTY_CHARDEV(chr);

    if (!s->connected) {
        return NULL;
    }
    return chr_fd_watch_new(s->master_fd, cond);
}

static void pty_chr_open(Chardev *chr, ChardevBackend *backend, bool *be_opened,
                         Error **errp)
{
    PtyChardev *s = PTY_CHARDEV(chr);
    char pty_name[PATH_MAX];
    struct termios tty;
    int master_fd, slave_fd;

    if (openpty(&master_fd, &slave_fd, pty_name, NULL, NULL) < 0) {
        error_setg_errno(errp, errno, "Failed to create PTY");
        return;
    }
    /* The guest's bytes reach the reader unchanged. */
    if (tcgetattr(slave_fd, &tty) == 0) {
        cfmakeraw(&tty);
        tcsetattr(slave_fd, TCSAFLUSH, &tty);
    }
    close(slave_fd);
    fcntl(master_fd, F_SETFD, FD_CLOEXEC);
    chr_set_nonblock(master_fd, true);
    s->master_fd = master_fd;

    chardev_set_filename(chr, "pty:%s", pty_name);
    /* QEMU 7.2 prints this with qemu_printf(): stdout, no monitor yet. */
    printf("char device redirected to %s (label %s)\n", pty_name,
           chr->label ? chr->label : "");
    fflush(stdout);

    *be_opened = false;
    s->connected = false;
    pty_chr_state(chr, false);
}

static void pty_chr_init(Object *obj)
{
    PTY_CHARDEV(obj)->master_fd = -1;
}

static void pty_chr_finalize(Object *obj)
{
    PtyChardev *s = PTY_CHARDEV(obj);
    Chardev *chr = CHARDEV(obj);

    chr_source_remove(&chr->gsource);
    chr_source_remove(&s->timer_src);
    chr_source_remove(&s->open_src);
    if (s->master_fd >= 0) {
        close(s->master_fd);
    }
}

static void pty_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->open = pty_chr_open;
    cc->chr_write = pty_chr_write;
    cc->chr_add_watch = pty_chr_add_watch;
    cc->chr_update_read_handler = pty_chr_update_read_handler;
}

static const TypeInfo pty_chr_type_info = {
    .name = TYPE_CHARDEV_PTY,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(PtyChardev),
    .instance_init = pty_chr_init,
    .instance_finalize = pty_chr_finalize,
    .class_init = pty_chr_class_init,
};

void chardev_register_pty_types(void)
{
    type_register_static(&pty_chr_type_info);
}
