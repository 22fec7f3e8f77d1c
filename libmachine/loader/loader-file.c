/*
 * LoaderFile: the one bounded reader every loader reads through.
 *
 * A file is either an open descriptor of a regular file (read with
 * pread, never mapped, so a file that shrinks under us gives a short
 * read and an error rather than SIGBUS) or a copy of a buffer.  Every
 * read names its range and fails cleanly when the range is not inside
 * the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "loader-internal.h"

struct LoaderFile {
    char *path;
    char *label;
    int fd;        /* -1 for in-memory files */
    uint8_t *data; /* in-memory contents */
    uint64_t size;
};

LoaderFile *loader_file_open(const char *path, const char *label, Error **errp)
{
    LoaderFile *f;
    struct stat st;
    int fd;

    if (!label) {
        label = path;
    }
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error_setg_errno(errp, errno, "%s: cannot open", label);
        return NULL;
    }
    if (fstat(fd, &st) != 0) {
        error_setg_errno(errp, errno, "%s: cannot stat", label);
        close(fd);
        return NULL;
    }
    /* The loaders need the size up front to check offsets against it. */
    if (!S_ISREG(st.st_mode)) {
        error_setg(errp, "%s: not a regular file", label);
        close(fd);
        return NULL;
    }
    f = g_new0(LoaderFile, 1);
    f->path = g_strdup(path);
    f->label = g_strdup(label);
    f->fd = fd;
    f->size = st.st_size;
    return f;
}

LoaderFile *loader_file_new_from_data(const char *path, const char *label,
                                      const void *data, size_t size)
{
    LoaderFile *f = g_new0(LoaderFile, 1);

    f->path = g_strdup(path);
    f->label = g_strdup(label ? label : path);
    f->fd = -1;
    f->data = g_malloc(size ? size : 1);
    if (size) {
        memcpy(f->data, data, size);
    }
    f->size = size;
    return f;
}

void loader_file_free(LoaderFile *f)
{
    if (!f) {
        return;
    }
    if (f->fd >= 0) {
        close(f->fd);
    }
    g_free(f->data);
    g_free(f->path);
    g_free(f->label);
    g_free(f);
}

uint64_t loader_file_size(const LoaderFile *f)
{
    return f->size;
}

const char *loader_file_path(const LoaderFile *f)
{
    return f->path;
}

const char *loader_file_label(const LoaderFile *f)
{
    return f->label;
}

bool loader_file_read(LoaderFile *f, uint64_t offset, void *buf, size_t len,
                      const char *what, Error **errp)
{
    uint8_t *p = buf;
    size_t done = 0;

    if (len == 0) {
        return true;
    }
    if (!loader_file_check_range(f, offset, len, what, errp)) {
        return false;
    }
    if (f->fd < 0) {
        memcpy(buf, f->data + offset, len);
        return true;
    }
    while (done < len) {
        ssize_t n = pread(f->fd, p + done, len - done, offset + done);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            error_setg_errno(errp, errno, "%s: read error in %s", f->label,
                             what);
            return false;
        }
        if (n == 0) {
            /* The file shrank since it was opened. */
            error_setg(errp, "%s: unexpected end of file in %s", f->label,
                       what);
            return false;
        }
        done += n;
    }
    return true;
}

bool loader_file_check_range(LoaderFile *f, uint64_t offset, uint64_t len,
                             const char *what, Error **errp)
{
    uint64_t last = offset + (len - 1);

    if (len == 0 || (offset <= f->size && len <= f->size - offset)) {
        return true;
    }
    error_setg(errp,
               "%s: file too short: %s needs bytes 0x%" PRIx64 "-0x%" PRIx64
               ", the file has %" PRIu64 " bytes",
               f->label, what, offset, last < offset ? UINT64_MAX : last,
               f->size);
    return false;
}
