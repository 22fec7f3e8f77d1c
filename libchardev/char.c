/*
 * The chardev core: the abstract TYPE_CHARDEV, the backend side of the
 * data flow (qemu_chr_be_*), writing with the log file, and creating
 * chardevs from -chardev options and the legacy -serial syntax.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "char-internal.h"
#include "opts/cmdline.h"
#include "opts/option-groups.h"
#include "opts/qemu-option.h"
#include "util/error-report.h"

/* ---- ChardevBackend ---- */

ChardevBackend *chardev_backend_new(const char *type)
{
    ChardevBackend *backend = g_new0(ChardevBackend, 1);

    backend->type = g_strdup(type);
    /* QEMU's defaults for the keys whose absence is not "false". */
    backend->signal = true;
    backend->wait = true;
    return backend;
}

void chardev_backend_free(ChardevBackend *backend)
{
    if (!backend) {
        return;
    }
    g_free(backend->type);
    g_free(backend->logfile);
    g_free(backend->path);
    g_free(backend->in_path);
    g_free(backend->host);
    g_free(backend->port);
    g_free(backend->chardev);
    g_free(backend);
}

/* ---- The base class ---- */

void chardev_set_filename(Chardev *chr, const char *fmt, ...)
{
    va_list ap;

    g_free(chr->filename);
    va_start(ap, fmt);
    chr->filename = g_strdup_vprintf(fmt, ap);
    va_end(ap);
}

static void char_init(Object *obj)
{
    Chardev *chr = CHARDEV(obj);

    chr->logfd = -1;
    g_mutex_init(&chr->chr_write_lock);
}

static void char_finalize(Object *obj)
{
    Chardev *chr = CHARDEV(obj);

    /* A front end still attached must not point at freed memory. */
    if (chr->be) {
        chr->be->chr = NULL;
    }
    g_free(chr->filename);
    g_free(chr->label);
    if (chr->logfd != -1) {
        close(chr->logfd);
    }
    g_mutex_clear(&chr->chr_write_lock);
}

static void chr_be_event_default(Chardev *s, QEMUChrEvent event)
{
    CharBackend *be = s->be;

    if (be && be->chr_event) {
        be->chr_event(be->opaque, event);
    }
}

static void char_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->chr_be_event = chr_be_event_default;
}

static const TypeInfo char_type_info = {
    .name = TYPE_CHARDEV,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(Chardev),
    .instance_init = char_init,
    .instance_finalize = char_finalize,
    .abstract = true,
    .class_size = sizeof(ChardevClass),
    .class_init = char_class_init,
};

/* ---- Backend side ---- */

int qemu_chr_be_can_write(Chardev *s)
{
    CharBackend *be = s->be;

    if (!be || !be->chr_can_read) {
        return 0;
    }
    return be->chr_can_read(be->opaque);
}

void qemu_chr_be_write(Chardev *s, const uint8_t *buf, int len)
{
    CharBackend *be = s->be;

    if (be && be->chr_read && len > 0) {
        be->chr_read(be->opaque, buf, len);
    }
}

void qemu_chr_be_event(Chardev *s, QEMUChrEvent event)
{
    switch (event) {
    case CHR_EVENT_OPENED:
        s->be_open = 1;
        break;
    case CHR_EVENT_CLOSED:
        s->be_open = 0;
        break;
    default:
        break;
    }
    CHARDEV_GET_CLASS(s)->chr_be_event(s, event);
}

void qemu_chr_be_update_read_handlers(Chardev *s, GMainContext *context)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(s);

    s->gcontext = context;
    if (cc->chr_update_read_handler) {
        cc->chr_update_read_handler(s);
    }
}

/* ---- Writing ---- */

static void qemu_chr_write_log(Chardev *s, const uint8_t *buf, int len)
{
    int saved_errno = errno;

    /*
     * The log is a regular file opened blocking: it takes everything.
     * A failing log (disk full) must not stop the guest's output.
     */
    if (s->logfd >= 0 && chr_fd_write_full(s->logfd, buf, len) < 0) {
        warn_report_once("chardev '%s': cannot write to its log file: %s",
                         s->label ? s->label : "", strerror(errno));
    }
    errno = saved_errno;
}

int qemu_chr_write(Chardev *s, const uint8_t *buf, int len, bool write_all)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(s);
    int offset = 0;
    int res = 0;
    int err = 0;

    if (len <= 0) {
        return 0;
    }
    g_mutex_lock(&s->chr_write_lock);
    while (offset < len) {
        res = cc->chr_write(s, buf + offset, len - offset);
        if (res < 0 && errno == EINTR) {
            continue;
        }
        if (write_all && (res == 0 || (res < 0 && errno == EAGAIN))) {
            /*
             * QEMU's qemu_chr_write_all() waits the same way: the backend
             * is full; only debug devices and the monitor write this way.
             */
            g_usleep(100);
            continue;
        }
        if (res <= 0) {
            err = res < 0 ? errno : 0;
            break;
        }
        offset += res;
        if (!write_all) {
            break;
        }
    }
    if (offset > 0) {
        qemu_chr_write_log(s, buf, offset);
    }
    g_mutex_unlock(&s->chr_write_lock);
    if (res < 0 && offset == 0 && err != EAGAIN) {
        errno = err;
        return -1;
    }
    return offset;
}

/* ---- Creating ---- */

Object *get_chardevs_root(void)
{
    return container_get(object_get_root(), "/chardevs");
}

static bool qemu_chr_open_log(Chardev *chr, ChardevBackend *backend,
                              Error **errp)
{
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC;

    if (!backend->logfile) {
        return true;
    }
    flags |= backend->logappend ? O_APPEND : O_TRUNC;
    chr->logfd = open(backend->logfile, flags, 0666);
    if (chr->logfd < 0) {
        error_setg_errno(errp, errno, "Could not create '%s'",
                         backend->logfile);
        return false;
    }
    return true;
}

Chardev *qemu_chardev_new(const char *id, const char *typename,
                          ChardevBackend *backend, GMainContext *context,
                          Error **errp)
{
    ObjectClass *oc = object_class_by_name(typename);
    ChardevClass *cc;
    Object *obj;
    Chardev *chr;
    Error *local_err = NULL;
    bool be_opened = true;

    if (!oc || !object_class_dynamic_cast(oc, TYPE_CHARDEV) ||
        object_class_is_abstract(oc)) {
        error_setg(errp, "'%s' is not a valid char driver name",
                   g_str_has_prefix(typename, "chardev-") ? typename + 8
                                                          : typename);
        return NULL;
    }
    /*
     * QEMU finds a duplicate id only when it adds the opened chardev to
     * /chardevs; check first so that a second server does not bind.
     */
    if (id && object_resolve_path_component(get_chardevs_root(), id)) {
        error_setg(errp,
                   "attempt to add duplicate property '%s' to object "
                   "(type '%s')",
                   id, TYPE_CONTAINER);
        return NULL;
    }
    cc = CHARDEV_CLASS(oc);
    obj = object_new(typename);
    chr = CHARDEV(obj);
    chr->label = g_strdup(id);
    chr->gcontext = context;

    if (!qemu_chr_open_log(chr, backend, errp)) {
        object_unref(obj);
        return NULL;
    }
    if (cc->open) {
        cc->open(chr, backend, &be_opened, &local_err);
        if (local_err) {
            error_propagate(errp, local_err);
            object_unref(obj);
            return NULL;
        }
    }
    if (!chr->filename) {
        chr->filename = g_strdup(typename + strlen("chardev-"));
    }
    if (be_opened) {
        qemu_chr_be_event(chr, CHR_EVENT_OPENED);
    }
    if (id) {
        if (!object_property_try_add_child(get_chardevs_root(), id, obj,
                                           errp)) {
            object_unref(obj);
            return NULL;
        }
        object_unref(obj);
    }
    return chr;
}

/* QEMU's backends that emu does not have (a clear error, not "invalid"). */
static const char *const unsupported_backends[] = {
    "vc",       "udp",     "serial",       "parallel", "msmouse",
    "wctablet", "testdev", "qemu-vdagent", "spicevmc", "spiceport",
    "braille",  "dbus",    "console",      NULL,
};

/* QEMU's chardev_alias_table: deprecated spellings of two backends. */
static const char *backend_alias(const char *name)
{
    if (!strcmp(name, "tty")) {
        return "serial";
    }
    if (!strcmp(name, "parport")) {
        return "parallel";
    }
    return name;
}

static ChardevClass *char_get_class(const char *driver, Error **errp)
{
    g_autofree char *typename = NULL;
    ObjectClass *oc;

    driver = backend_alias(driver);
    if (g_strv_contains(unsupported_backends, driver)) {
        error_setg(errp, "chardev backend '%s' is not supported by emu",
                   driver);
        return NULL;
    }
    typename = g_strdup_printf("chardev-%s", driver);
    oc = object_class_by_name(typename);
    if (!oc || !object_class_dynamic_cast(oc, TYPE_CHARDEV) ||
        object_class_is_abstract(oc) || CHARDEV_CLASS(oc)->internal) {
        error_setg(errp, "'%s' is not a valid char driver name", driver);
        return NULL;
    }
    return CHARDEV_CLASS(oc);
}

void qemu_chr_parse_common(QemuOpts *opts, ChardevBackend *backend)
{
    const char *logfile = qemu_opt_get(opts, "logfile");

    g_free(backend->logfile);
    backend->logfile = g_strdup(logfile);
    backend->logappend = qemu_opt_get_bool(opts, "logappend", false);
}

static ChardevBackend *qemu_chr_parse_opts(QemuOpts *opts, ChardevClass **pcc,
                                           Error **errp)
{
    const char *name = qemu_opt_get(opts, "backend");
    ChardevBackend *backend;
    ChardevClass *cc;
    Error *local_err = NULL;

    if (!name) {
        error_setg(errp, "chardev: \"%s\" missing backend", qemu_opts_id(opts));
        return NULL;
    }
    cc = char_get_class(name, errp);
    if (!cc) {
        return NULL;
    }
    backend = chardev_backend_new(backend_alias(name));
    qemu_chr_parse_common(opts, backend);
    if (cc->parse) {
        cc->parse(opts, backend, &local_err);
        if (local_err) {
            error_propagate(errp, local_err);
            chardev_backend_free(backend);
            return NULL;
        }
    }
    *pcc = cc;
    return backend;
}

void qemu_chr_print_backends(void)
{
    GSList *list = object_class_get_list_sorted(TYPE_CHARDEV, false);
    GString *str = g_string_new("");

    for (GSList *l = list; l; l = l->next) {
        ObjectClass *oc = l->data;
        const char *name = object_class_get_name(oc);

        if (CHARDEV_CLASS(oc)->internal) {
            continue;
        }
        g_string_append_printf(str, "\n  %s", name + strlen("chardev-"));
    }
    /* QEMU 7.2 prints the list after a space, one name per line. */
    printf("Available chardev backend types: %s\n", str->str);
    fflush(stdout);
    g_string_free(str, true);
    g_slist_free(list);
}

Chardev *qemu_chr_new_from_opts(QemuOpts *opts, GMainContext *context,
                                Error **errp)
{
    const char *name = qemu_opt_get(opts, "backend");
    const char *id = qemu_opts_id(opts);
    g_autoptr(ChardevBackend) backend = NULL;
    g_autofree char *bid = NULL;
    ChardevClass *cc = NULL;
    Chardev *chr;
    Chardev *mux;

    if (name && is_help_option(name)) {
        qemu_chr_print_backends();
        return NULL;
    }
    if (!id) {
        error_setg(errp, "chardev: no id specified");
        return NULL;
    }
    backend = qemu_chr_parse_opts(opts, &cc, errp);
    if (!backend) {
        return NULL;
    }
    if (qemu_opt_get_bool(opts, "mux", false)) {
        bid = g_strdup_printf("%s-base", id);
    }
    chr = qemu_chardev_new(bid ? bid : id,
                           object_class_get_name(OBJECT_CLASS(cc)), backend,
                           context, errp);
    if (!chr || !bid) {
        return chr;
    }
    chardev_backend_free(backend);
    backend = chardev_backend_new("mux");
    backend->chardev = g_strdup(bid);
    mux = qemu_chardev_new(id, TYPE_CHARDEV_MUX, backend, context, errp);
    if (!mux) {
        object_unparent(OBJECT(chr));
        return NULL;
    }
    return mux;
}

static void (*mon_hook)(Chardev *mux, void *opaque);
static void *mon_hook_opaque;

void qemu_chr_set_mon_hook(void (*hook)(Chardev *mux, void *opaque),
                           void *opaque)
{
    mon_hook = hook;
    mon_hook_opaque = opaque;
}

static Chardev *qemu_chr_new_permit_mux_mon(const char *label,
                                            const char *filename,
                                            bool permit_mux_mon,
                                            GMainContext *context)
{
    QemuOpts *opts;
    Chardev *chr;
    Error *err = NULL;

    if (g_str_has_prefix(filename, "chardev:")) {
        return qemu_chr_find(filename + strlen("chardev:"));
    }
    opts = qemu_chr_parse_compat(label, filename, permit_mux_mon, &err);
    if (!opts) {
        if (err) {
            error_report_err(err);
        }
        return NULL;
    }
    chr = qemu_chr_new_from_opts(opts, context, &err);
    if (!chr) {
        if (err) {
            error_report_err(err);
        }
    } else if (qemu_opt_get_bool(opts, "mux", false) && mon_hook) {
        mon_hook(chr, mon_hook_opaque);
    }
    qemu_opts_del(opts);
    return chr;
}

Chardev *qemu_chr_new(const char *label, const char *filename,
                      GMainContext *context)
{
    return qemu_chr_new_permit_mux_mon(label, filename, false, context);
}

Chardev *qemu_chr_new_mux_mon(const char *label, const char *filename,
                              GMainContext *context)
{
    return qemu_chr_new_permit_mux_mon(label, filename, true, context);
}

/* ---- Finding, removing ---- */

Chardev *qemu_chr_find(const char *label)
{
    Object *obj;

    if (!label) {
        return NULL;
    }
    obj = object_resolve_path_component(get_chardevs_root(), label);
    return obj ? (Chardev *)object_dynamic_cast(obj, TYPE_CHARDEV) : NULL;
}

bool qemu_chr_remove(const char *id, Error **errp)
{
    Chardev *chr = qemu_chr_find(id);

    if (!chr) {
        error_setg(errp, "Chardev '%s' not found", id);
        return false;
    }
    if (chr->be || OBJECT(chr)->ref > 1) {
        error_setg(errp, "Chardev '%s' is busy", id);
        return false;
    }
    object_unparent(OBJECT(chr));
    return true;
}

void qemu_chr_cleanup(void)
{
    Object *root = object_resolve_path_component(object_get_root(), "chardevs");

    chardev_stdio_restore_term();
    if (root) {
        object_unparent(root);
    }
}

/* ---- Misc ---- */

int qemu_chr_wait_connected(Chardev *chr, Error **errp)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(chr);

    if (cc->chr_wait_connected) {
        return cc->chr_wait_connected(chr, errp);
    }
    return 0;
}

bool qemu_chr_has_feature(Chardev *chr, ChardevFeature feature)
{
    return (chr->features >> feature) & 1;
}

void qemu_chr_set_feature(Chardev *chr, ChardevFeature feature)
{
    chr->features |= 1UL << feature;
}

static void chardev_register_types(void)
{
    type_register_static(&char_type_info);
    chardev_register_fd_types();
    chardev_register_null_types();
    chardev_register_file_types();
    chardev_register_pipe_types();
    chardev_register_stdio_types();
    chardev_register_socket_types();
    chardev_register_pty_types();
    chardev_register_ringbuf_types();
    chardev_register_mux_types();
    chardev_register_qdev_resolver();
}

type_init(chardev_register_types)
