/*
 * The front-end API (chardev/char-fe.h): what devices call.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "char-internal.h"
#include "char-mux.h"

bool qemu_chr_fe_init(CharBackend *be, Chardev *s, Error **errp)
{
    int tag = 0;

    if (s) {
        if (CHARDEV_IS_MUX(s)) {
            if (!mux_chr_attach_frontend(MUX_CHARDEV(s), be, &tag, errp)) {
                return false;
            }
        } else if (s->be) {
            error_setg(errp, "Device '%s' is in use", s->label);
            return false;
        } else {
            s->be = be;
        }
    }
    be->fe_open = 0;
    be->tag = tag;
    be->chr = s;
    return true;
}

void qemu_chr_fe_deinit(CharBackend *be, bool del)
{
    Chardev *chr = be->chr;

    if (!chr) {
        return;
    }
    qemu_chr_fe_set_handlers(be, NULL, NULL, NULL, NULL, NULL, NULL, true);
    if (chr->be == be) {
        chr->be = NULL;
    }
    if (CHARDEV_IS_MUX(chr)) {
        mux_chr_detach_frontend(MUX_CHARDEV(chr), be->tag);
    }
    be->chr = NULL;
    if (del) {
        Object *obj = OBJECT(chr);

        if (obj->parent) {
            object_unparent(obj);
        } else {
            object_unref(obj);
        }
    }
}

void qemu_chr_fe_set_handlers_full(
    CharBackend *be, IOCanReadHandler *fd_can_read, IOReadHandler *fd_read,
    IOEventHandler *fd_event, BackendChangeHandler *be_change, void *opaque,
    GMainContext *context, bool set_open, bool sync_state)
{
    Chardev *s = be->chr;
    int fe_open;

    if (!s) {
        return;
    }
    fe_open = (opaque || fd_can_read || fd_read || fd_event) ? 1 : 0;
    be->chr_can_read = fd_can_read;
    be->chr_read = fd_read;
    be->chr_event = fd_event;
    be->chr_be_change = be_change;
    be->opaque = opaque;

    qemu_chr_be_update_read_handlers(s, context);
    if (set_open) {
        qemu_chr_fe_set_open(be, fe_open);
    }
    if (fe_open) {
        qemu_chr_fe_take_focus(be);
        /* Attaching to an open backend: the device must hear OPENED. */
        if (sync_state && s->be_open) {
            qemu_chr_be_event(s, CHR_EVENT_OPENED);
        }
    }
}

void qemu_chr_fe_set_handlers(CharBackend *be, IOCanReadHandler *fd_can_read,
                              IOReadHandler *fd_read, IOEventHandler *fd_event,
                              BackendChangeHandler *be_change, void *opaque,
                              GMainContext *context, bool set_open)
{
    qemu_chr_fe_set_handlers_full(be, fd_can_read, fd_read, fd_event, be_change,
                                  opaque, context, set_open, true);
}

Chardev *qemu_chr_fe_get_driver(CharBackend *be)
{
    return be->chr;
}

bool qemu_chr_fe_backend_connected(CharBackend *be)
{
    return be->chr != NULL;
}

bool qemu_chr_fe_backend_open(CharBackend *be)
{
    return be->chr && be->chr->be_open;
}

int qemu_chr_fe_write(CharBackend *be, const uint8_t *buf, int len)
{
    if (!be->chr) {
        /* Nothing attached: the bytes go nowhere, by configuration. */
        return len;
    }
    return qemu_chr_write(be->chr, buf, len, false);
}

int qemu_chr_fe_write_all(CharBackend *be, const uint8_t *buf, int len)
{
    if (!be->chr) {
        return len;
    }
    return qemu_chr_write(be->chr, buf, len, true);
}

void qemu_chr_fe_printf(CharBackend *be, const char *fmt, ...)
{
    g_autofree char *buf = NULL;
    va_list ap;

    va_start(ap, fmt);
    buf = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qemu_chr_fe_write_all(be, (const uint8_t *)buf, strlen(buf));
}

guint qemu_chr_fe_add_watch(CharBackend *be, GIOCondition cond,
                            FEWatchFunc func, void *user_data)
{
    Chardev *s = be->chr;
    ChardevClass *cc;
    GSource *src;
    guint tag;

    if (!s) {
        return 0;
    }
    cc = CHARDEV_GET_CLASS(s);
    if (!cc->chr_add_watch) {
        return 0;
    }
    src = cc->chr_add_watch(s, cond);
    if (!src) {
        return 0;
    }
    g_source_set_callback(src, G_SOURCE_FUNC(func), user_data, NULL);
    tag = g_source_attach(src, s->gcontext);
    g_source_unref(src);
    return tag;
}

void qemu_chr_fe_accept_input(CharBackend *be)
{
    Chardev *s = be->chr;
    ChardevClass *cc;

    if (!s) {
        return;
    }
    cc = CHARDEV_GET_CLASS(s);
    if (cc->chr_accept_input) {
        cc->chr_accept_input(s);
    }
    /*
     * The read sources ask can_read before every poll: wake the loop so
     * that it asks again now rather than at its next unrelated event.
     */
    g_main_context_wakeup(s->gcontext);
}

int qemu_chr_fe_ioctl(CharBackend *be, int cmd, void *arg)
{
    Chardev *s = be->chr;
    ChardevClass *cc;

    if (!s) {
        return -ENOTSUP;
    }
    cc = CHARDEV_GET_CLASS(s);
    if (!cc->chr_ioctl) {
        return -ENOTSUP;
    }
    return cc->chr_ioctl(s, cmd, arg);
}

void qemu_chr_fe_set_open(CharBackend *be, int fe_open)
{
    Chardev *s = be->chr;
    ChardevClass *cc;

    if (!s || be->fe_open == fe_open) {
        return;
    }
    be->fe_open = fe_open;
    cc = CHARDEV_GET_CLASS(s);
    if (cc->chr_set_fe_open) {
        cc->chr_set_fe_open(s, fe_open);
    }
}

void qemu_chr_fe_set_echo(CharBackend *be, bool echo)
{
    Chardev *s = be->chr;
    ChardevClass *cc;

    if (!s) {
        return;
    }
    cc = CHARDEV_GET_CLASS(s);
    if (cc->chr_set_echo) {
        cc->chr_set_echo(s, echo);
    }
}

void qemu_chr_fe_take_focus(CharBackend *be)
{
    if (be->chr && CHARDEV_IS_MUX(be->chr)) {
        mux_set_focus(be->chr, be->tag);
    }
}

int qemu_chr_fe_disconnect(CharBackend *be)
{
    Chardev *s = be->chr;
    ChardevClass *cc;

    if (!s) {
        return -1;
    }
    cc = CHARDEV_GET_CLASS(s);
    if (!cc->chr_disconnect) {
        return -1;
    }
    cc->chr_disconnect(s);
    return 0;
}

int qemu_chr_fe_wait_connected(CharBackend *be, Error **errp)
{
    if (!be->chr) {
        error_setg(errp, "A character device backend is required");
        return -1;
    }
    return qemu_chr_wait_connected(be->chr, errp);
}
