/*
 * fd handlers (qemu_set_fd_handler): one GSource on the main loop's
 * context holding a poll record per watched fd.
 */
#include <assert.h>

#include "util/main-loop.h"
#include "main-loop-int.h"

/* What poll reports for each direction (as QEMU's aio-posix treats it). */
#define IOH_READ_COND (G_IO_IN | G_IO_HUP | G_IO_ERR)
#define IOH_WRITE_COND (G_IO_OUT | G_IO_ERR)

typedef struct IOHandlerRecord IOHandlerRecord;
struct IOHandlerRecord {
    GPollFD pfd;
    IOHandler *fd_read;
    IOHandler *fd_write;
    void *opaque;
    bool deleted;
    IOHandlerRecord *next;
};

/*
 * The list is used under the big lock only (qemu_set_fd_handler and the
 * source's callbacks).  Records removed while the dispatch walks the
 * list are only marked and freed after the walk.
 */
typedef struct IOHandlerSource {
    GSource source;
    IOHandlerRecord *head;
    int walking;
    bool has_deleted;
} IOHandlerSource;

static IOHandlerSource *ioh_source;

static void ioh_sweep(IOHandlerSource *s)
{
    IOHandlerRecord **pr = &s->head;

    while (*pr) {
        IOHandlerRecord *r = *pr;

        if (r->deleted) {
            *pr = r->next;
            g_free(r);
        } else {
            pr = &r->next;
        }
    }
    s->has_deleted = false;
}

static gboolean ioh_prepare(GSource *source, gint *timeout)
{
    *timeout = -1;
    return FALSE;
}

static gboolean ioh_check(GSource *source)
{
    IOHandlerSource *s = (IOHandlerSource *)source;
    IOHandlerRecord *r;

    for (r = s->head; r; r = r->next) {
        if (!r->deleted && (r->pfd.revents & r->pfd.events)) {
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean ioh_dispatch(GSource *source, GSourceFunc callback,
                             gpointer user_data)
{
    IOHandlerSource *s = (IOHandlerSource *)source;
    IOHandlerRecord *r;

    s->walking++;
    for (r = s->head; r; r = r->next) {
        gushort revents = r->pfd.revents & r->pfd.events;

        r->pfd.revents = 0;
        /* Each call may remove or replace this record's handlers. */
        if (!r->deleted && r->fd_read && (revents & IOH_READ_COND)) {
            r->fd_read(r->opaque);
        }
        if (!r->deleted && r->fd_write && (revents & IOH_WRITE_COND)) {
            r->fd_write(r->opaque);
        }
    }
    if (--s->walking == 0 && s->has_deleted) {
        ioh_sweep(s);
    }
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs ioh_source_funcs = {
    .prepare = ioh_prepare,
    .check = ioh_check,
    .dispatch = ioh_dispatch,
};

GSource *iohandler_source_new(void)
{
    GSource *source = g_source_new(&ioh_source_funcs, sizeof(IOHandlerSource));

    g_source_set_name(source, "emu-fd-handlers");
    ioh_source = (IOHandlerSource *)source;
    return source;
}

static IOHandlerRecord *ioh_find(IOHandlerSource *s, int fd)
{
    IOHandlerRecord *r;

    for (r = s->head; r; r = r->next) {
        if (!r->deleted && r->pfd.fd == fd) {
            return r;
        }
    }
    return NULL;
}

void qemu_set_fd_handler(int fd, IOHandler *fd_read, IOHandler *fd_write,
                         void *opaque)
{
    IOHandlerSource *s;
    IOHandlerRecord *r;
    IOHandlerRecord **pr;

    assert(fd >= 0);
    if (!ioh_source) {
        qemu_init_main_loop(&error_abort);
    }
    s = ioh_source;
    r = ioh_find(s, fd);

    if (!fd_read && !fd_write) {
        if (r) {
            g_source_remove_poll(&s->source, &r->pfd);
            r->deleted = true;
            s->has_deleted = true;
            if (s->walking == 0) {
                ioh_sweep(s);
            }
        }
        return;
    }

    if (!r) {
        r = g_new0(IOHandlerRecord, 1);
        r->pfd.fd = fd;
        /* Appended: the walk in progress, if any, sees it with revents 0. */
        for (pr = &s->head; *pr; pr = &(*pr)->next) {
            /* find the tail */
        }
        *pr = r;
    } else {
        g_source_remove_poll(&s->source, &r->pfd);
    }
    r->fd_read = fd_read;
    r->fd_write = fd_write;
    r->opaque = opaque;
    r->pfd.events =
        (fd_read ? IOH_READ_COND : 0) | (fd_write ? IOH_WRITE_COND : 0);
    r->pfd.revents = 0;
    /* Re-adding wakes the context, so a blocked poll picks up the change. */
    g_source_add_poll(&s->source, &r->pfd);
}
