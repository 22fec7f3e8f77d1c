/*
 * fd sources and write helpers shared by the fd-based backends.
 */
#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "char-internal.h"

/* ---- The read source: polls its fd only while the front end can read */

typedef struct ChrFdReadSource {
    GSource source;
    int fd;
    gpointer tag;
    GIOCondition events;
    bool watch_hup;
    int (*can_read)(void *opaque);
    ChrFdReadFunc *read_cb;
    void *opaque;
} ChrFdReadSource;

static void read_source_set_events(ChrFdReadSource *s, GIOCondition events)
{
    if (events == s->events && (s->tag || !events)) {
        return;
    }
    if (!events) {
        g_source_remove_unix_fd(&s->source, s->tag);
        s->tag = NULL;
    } else if (!s->tag) {
        s->tag = g_source_add_unix_fd(&s->source, s->fd, events);
    } else {
        g_source_modify_unix_fd(&s->source, s->tag, events);
    }
    s->events = events;
}

static gboolean read_source_prepare(GSource *source, gint *timeout)
{
    ChrFdReadSource *s = (ChrFdReadSource *)source;
    GIOCondition events = 0;

    *timeout = -1;
    if (s->can_read(s->opaque) > 0) {
        events = G_IO_IN | G_IO_HUP | G_IO_ERR;
    } else if (s->watch_hup) {
        /* poll(2) reports these even when not asked for: events 0. */
        events = G_IO_HUP | G_IO_ERR;
    }
    read_source_set_events(s, events);
    return FALSE;
}

static gboolean read_source_check(GSource *source)
{
    ChrFdReadSource *s = (ChrFdReadSource *)source;

    return s->tag && (g_source_query_unix_fd(source, s->tag) &
                      (G_IO_IN | G_IO_HUP | G_IO_ERR | G_IO_NVAL));
}

static gboolean read_source_dispatch(GSource *source, GSourceFunc callback,
                                     gpointer user_data)
{
    ChrFdReadSource *s = (ChrFdReadSource *)source;
    GIOCondition revents = s->tag ? g_source_query_unix_fd(source, s->tag) : 0;

    return s->read_cb(s->opaque, revents);
}

static GSourceFuncs read_source_funcs = {
    .prepare = read_source_prepare,
    .check = read_source_check,
    .dispatch = read_source_dispatch,
};

GSource *chr_fd_read_source_add(int fd, bool watch_hup,
                                int (*can_read)(void *opaque),
                                ChrFdReadFunc *read_cb, void *opaque,
                                GMainContext *context)
{
    GSource *source = g_source_new(&read_source_funcs, sizeof(ChrFdReadSource));
    ChrFdReadSource *s = (ChrFdReadSource *)source;

    s->fd = fd;
    s->watch_hup = watch_hup;
    s->can_read = can_read;
    s->read_cb = read_cb;
    s->opaque = opaque;
    g_source_set_name(source, "chardev-read");
    /*
     * As the main loop's own sources (util/main-loop.c): no fd removal
     * and re-adding around each dispatch, which costs two wakeups.
     */
    g_source_set_can_recurse(source, TRUE);
    g_source_attach(source, context);
    return source;
}

void chr_source_remove(GSource **src)
{
    if (*src) {
        g_source_destroy(*src);
        g_source_unref(*src);
        *src = NULL;
    }
}

/* ---- The watch source of qemu_chr_fe_add_watch() ---- */

typedef struct ChrFdWatch {
    GSource source;
    gpointer tag;
    GIOCondition cond;
} ChrFdWatch;

static gboolean watch_check(GSource *source)
{
    ChrFdWatch *w = (ChrFdWatch *)source;

    return (g_source_query_unix_fd(source, w->tag) &
            (w->cond | G_IO_HUP | G_IO_ERR | G_IO_NVAL)) != 0;
}

static gboolean watch_dispatch(GSource *source, GSourceFunc callback,
                               gpointer user_data)
{
    ChrFdWatch *w = (ChrFdWatch *)source;
    FEWatchFunc func = (FEWatchFunc)(void (*)(void))callback;
    GIOCondition revents = g_source_query_unix_fd(source, w->tag);

    if (!func) {
        return G_SOURCE_REMOVE;
    }
    return func(NULL, revents & (w->cond | G_IO_HUP | G_IO_ERR), user_data);
}

static GSourceFuncs watch_funcs = {
    .check = watch_check,
    .dispatch = watch_dispatch,
};

GSource *chr_fd_watch_new(int fd, GIOCondition cond)
{
    GSource *source = g_source_new(&watch_funcs, sizeof(ChrFdWatch));
    ChrFdWatch *w = (ChrFdWatch *)source;

    w->cond = cond;
    w->tag = g_source_add_unix_fd(source, fd, cond);
    g_source_set_name(source, "chardev-watch");
    return source;
}

/* ---- Timers and idle callbacks on the chardev's context ---- */

GSource *chr_timeout_add_ms(GMainContext *context, unsigned ms,
                            GSourceFunc func, void *opaque)
{
    GSource *source = g_timeout_source_new(ms);

    g_source_set_callback(source, func, opaque, NULL);
    g_source_attach(source, context);
    return source;
}

GSource *chr_idle_add(GMainContext *context, GSourceFunc func, void *opaque)
{
    GSource *source = g_idle_source_new();

    g_source_set_callback(source, func, opaque, NULL);
    g_source_attach(source, context);
    return source;
}

/* ---- Writing ---- */

int chr_fd_write(int fd, const uint8_t *buf, int len)
{
    ssize_t n;

    do {
        n = write(fd, buf, len);
    } while (n < 0 && errno == EINTR);
    return n;
}

int chr_fd_write_full(int fd, const uint8_t *buf, int len)
{
    int done = 0;

    while (done < len) {
        ssize_t n = write(fd, buf + done, len - done);

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EAGAIN) {
                /* A non-blocking fd someone else set: wait for room. */
                struct timespec ts = {0, 100 * 1000};

                nanosleep(&ts, NULL);
                continue;
            }
            return -1;
        }
        done += n;
    }
    return done;
}

bool chr_set_nonblock(int fd, bool nonblock)
{
    int flags = fcntl(fd, F_GETFL);

    if (flags < 0) {
        return false;
    }
    flags = nonblock ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
    return fcntl(fd, F_SETFL, flags) == 0;
}
