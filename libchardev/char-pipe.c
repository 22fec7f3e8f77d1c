/*
 * The pipe backend: named pipes PATH.in (input) and PATH.out (output),
 * or PATH alone for both directions when those do not exist (QEMU's
 * rules).  Opened read-write so that opening never waits for a peer and
 * a peer closing its end is no end of file.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "char-internal.h"
#include "opts/qemu-option.h"

static void pipe_chr_parse(QemuOpts *opts, ChardevBackend *backend,
                           Error **errp)
{
    const char *path = qemu_opt_get(opts, "path");

    if (!path) {
        error_setg(errp, "chardev: pipe: no device path given");
        return;
    }
    backend->path = g_strdup(path);
}

static void pipe_chr_open(Chardev *chr, ChardevBackend *backend,
                          bool *be_opened, Error **errp)
{
    g_autofree char *path_in = NULL;
    g_autofree char *path_out = NULL;
    int fd_in, fd_out;

    if (!backend->path) {
        error_setg(errp, "chardev: pipe: no device path given");
        return;
    }
    path_in = g_strdup_printf("%s.in", backend->path);
    path_out = g_strdup_printf("%s.out", backend->path);
    fd_in = open(path_in, O_RDWR | O_CLOEXEC);
    fd_out = open(path_out, O_RDWR | O_CLOEXEC);
    if (fd_in < 0 || fd_out < 0) {
        if (fd_in >= 0) {
            close(fd_in);
        }
        if (fd_out >= 0) {
            close(fd_out);
        }
        fd_in = fd_out = open(backend->path, O_RDWR | O_CLOEXEC);
        if (fd_in < 0) {
            error_setg_errno(errp, errno, "Could not open '%s'", backend->path);
            return;
        }
    }
    /* A full pipe must push back on the front end, not block emu. */
    chr_set_nonblock(fd_in, true);
    chr_set_nonblock(fd_out, true);
    qemu_chr_open_fd(chr, fd_in, fd_out);
}

static void pipe_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->parse = pipe_chr_parse;
    cc->open = pipe_chr_open;
}

static const TypeInfo pipe_chr_type_info = {
    .name = TYPE_CHARDEV_PIPE,
    .parent = TYPE_CHARDEV_FD,
    .class_init = pipe_chr_class_init,
};

void chardev_register_pipe_types(void)
{
    type_register_static(&pipe_chr_type_info);
}
