/*
 * The file backend: output to path (truncated, or appended to with
 * append=on), input optionally from in_path (API only: -chardev file has
 * no key for it in QEMU 7.2).  A regular file takes everything.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "char-internal.h"
#include "opts/qemu-option.h"

static void file_chr_parse(QemuOpts *opts, ChardevBackend *backend,
                           Error **errp)
{
    const char *path = qemu_opt_get(opts, "path");

    if (!path) {
        error_setg(errp, "chardev: file: no filename given");
        return;
    }
    backend->path = g_strdup(path);
    backend->append = qemu_opt_get_bool(opts, "append", false);
}

static void file_chr_open(Chardev *chr, ChardevBackend *backend,
                          bool *be_opened, Error **errp)
{
    FDChardev *s = FD_CHARDEV(chr);
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC;
    int fd_in = -1;
    int fd_out;

    if (!backend->path) {
        error_setg(errp, "chardev: file: no filename given");
        return;
    }
    flags |= backend->append ? O_APPEND : O_TRUNC;
    fd_out = open(backend->path, flags, 0666);
    if (fd_out < 0) {
        error_setg_errno(errp, errno, "Could not open '%s'", backend->path);
        return;
    }
    if (backend->in_path) {
        fd_in = open(backend->in_path, O_RDONLY | O_CLOEXEC);
        if (fd_in < 0) {
            error_setg_errno(errp, errno, "Could not open '%s'",
                             backend->in_path);
            close(fd_out);
            return;
        }
        chr_set_nonblock(fd_in, true);
    }
    qemu_chr_open_fd(chr, fd_in, fd_out);
    s->close_fds = true;
}

static void file_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->parse = file_chr_parse;
    cc->open = file_chr_open;
}

static const TypeInfo file_chr_type_info = {
    .name = TYPE_CHARDEV_FILE,
    .parent = TYPE_CHARDEV_FD,
    .class_init = file_chr_class_init,
};

void chardev_register_file_types(void)
{
    type_register_static(&file_chr_type_info);
}
