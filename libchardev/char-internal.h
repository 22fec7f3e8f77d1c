/*
 * libchardev's private interfaces: the backends' registration, the fd
 * sources every fd-based backend uses, and the fd backend base class.
 */
#ifndef LIBCHARDEV_CHAR_INTERNAL_H
#define LIBCHARDEV_CHAR_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "chardev/char-fe.h"
#include "chardev/char.h"

/* ---- Type registration (called from char.c's type_init) ---- */

/*
 * The backends register from char.c rather than from constructors of
 * their own: anything that uses a chardev links char.o, and char.o then
 * pulls every backend out of the static archive.
 */
void chardev_register_fd_types(void);
void chardev_register_null_types(void);
void chardev_register_file_types(void);
void chardev_register_pipe_types(void);
void chardev_register_stdio_types(void);
void chardev_register_socket_types(void);
void chardev_register_pty_types(void);
void chardev_register_ringbuf_types(void);
void chardev_register_mux_types(void);
void chardev_register_qdev_resolver(void);

/* The stdio backend puts the terminal back (qemu_chr_cleanup, exit). */
void chardev_stdio_restore_term(void);

/* Replace chr->filename (info chardev) with a formatted string. */
void chardev_set_filename(Chardev *chr, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/* ---- fd sources (char-io.c) ---- */

/*
 * Called when the fd has input (or hang-up/error, in cond).  Return
 * G_SOURCE_REMOVE to have the source removed (the callee may also have
 * destroyed it itself).
 */
typedef gboolean ChrFdReadFunc(void *opaque, GIOCondition cond);

/*
 * A source that reads fd only while can_read(opaque) > 0: its prepare
 * asks the front end before every poll, so input resumes by itself once
 * the device has room (as QEMU's io_watch_poll does).  While can_read is
 * 0 the fd is not polled at all, unless watch_hup: then hang-up and
 * errors are still reported (sockets: a peer that goes away while the
 * guest is not reading is noticed).  Attached to context (NULL: the
 * default one); the caller holds the returned reference.
 */
GSource *chr_fd_read_source_add(int fd, bool watch_hup,
                                int (*can_read)(void *opaque),
                                ChrFdReadFunc *read_cb, void *opaque,
                                GMainContext *context);
/* Destroy and unref *src (NULL is fine); sets *src to NULL. */
void chr_source_remove(GSource **src);

/*
 * A source for qemu_chr_fe_add_watch(): fires with the condition when
 * fd has one of cond (G_IO_OUT etc.); its callback, set by the caller
 * with g_source_set_callback(G_SOURCE_FUNC(fe_watch_func)), is a
 * FEWatchFunc.  Not attached.
 */
GSource *chr_fd_watch_new(int fd, GIOCondition cond);

/* A one-shot or repeating timeout source on context (ms). */
GSource *chr_timeout_add_ms(GMainContext *context, unsigned ms,
                            GSourceFunc func, void *opaque);
/* An idle callback on context (runs once unless func says otherwise). */
GSource *chr_idle_add(GMainContext *context, GSourceFunc func, void *opaque);

/*
 * write(2) what the fd takes now: the count, or -1 with errno (EAGAIN
 * when nothing could be written).  Retries EINTR.
 */
int chr_fd_write(int fd, const uint8_t *buf, int len);
/* write(2) everything to a blocking fd; -1 with errno on error. */
int chr_fd_write_full(int fd, const uint8_t *buf, int len);
bool chr_set_nonblock(int fd, bool nonblock);

/* ---- The fd backend base: file, pipe, stdio ---- */

#define TYPE_CHARDEV_FD "chardev-fd"

typedef struct FDChardev {
    Chardev parent;
    /* -1 when the backend has no input (file without in=) or output. */
    int fd_in;
    int fd_out;
    /* Close the fds at finalize (not stdin/stdout). */
    bool close_fds;
    /* fd_in reached end of file: no more reading. */
    bool in_eof;
} FDChardev;

#define FD_CHARDEV(obj) OBJECT_CHECK(FDChardev, (obj), TYPE_CHARDEV_FD)

/*
 * Start using fd_in/fd_out (either may be -1).  Their blocking mode is
 * the caller's choice: the fds the backend opened itself are made
 * non-blocking, stdin/stdout are left as they are (they are shared with
 * the shell).
 */
void qemu_chr_open_fd(Chardev *chr, int fd_in, int fd_out);

/* ---- mux (char-mux.c) ---- */

/* Bytes that the mux keeps per front end while that one cannot read. */
#define MUX_BUFFER_SIZE 32

#endif /* LIBCHARDEV_CHAR_INTERNAL_H */
