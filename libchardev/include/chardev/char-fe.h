/*
 * The front-end side of a chardev: what a device (or the monitor) uses.
 *
 *     DEFINE_PROP_CHR("chardev", MyState, chr_ref)   (qdev property)
 *     qemu_chr_fe_init(&s->chr, s->chr_ref.backend, errp);
 *     qemu_chr_fe_set_handlers(&s->chr, my_can_receive, my_receive,
 *                              my_event, NULL, s, NULL, true);
 *
 * Output: qemu_chr_fe_write() returns how many bytes the backend took,
 * which can be fewer than asked, 0 included (a socket or pty whose peer
 * does not read, a full pipe), or -1 with errno when the backend cannot
 * take any now and will not say when (a socket with no peer: EIO, as in
 * QEMU).  A device that must not lose bytes keeps the rest and calls
 * qemu_chr_fe_add_watch(G_IO_OUT | G_IO_HUP, ...) to be called back when
 * the backend can take more; meanwhile the guest sees a busy
 * transmitter.  That is what QEMU's 16550A does.  When add_watch returns
 * 0 there is nothing to wait for (no chardev, a socket or pty without a
 * peer, or a backend without watches: null, ringbuf): the device then
 * drops the byte as QEMU's serial does after its retries.
 *
 * Backends that always take everything: null, file, ringbuf, stdio (a
 * blocking terminal), an unopened pty (drops, as QEMU).  Backends that
 * can take less: socket, pty with a reader, pipe, mux (as the chardev
 * below it).
 *
 * Input: the backend asks can_read() how many bytes the device can take
 * now, and delivers at most that many through read().  When can_read()
 * returned 0, the backend stops reading until the device calls
 * qemu_chr_fe_accept_input() (when its FIFO has room again).
 *
 * Every function accepts a CharBackend without a chardev (the device's
 * chardev property was not set) and then does nothing; writes report
 * everything as taken (QEMU says 0: emu's answer keeps a device from
 * waiting for a backend that is not there).
 */
#ifndef CHARDEV_CHAR_FE_H
#define CHARDEV_CHAR_FE_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "chardev/char.h"
#include "util/error.h"

/* How many bytes the front end can take now (QEMU's main-loop.h type). */
typedef int IOCanReadHandler(void *opaque);
typedef void IOReadHandler(void *opaque, const uint8_t *buf, int size);
typedef void IOEventHandler(void *opaque, QEMUChrEvent event);
/*
 * The chardev under the front end was replaced (QMP chardev-change);
 * return 0 to accept, -1 to refuse.
 */
typedef int BackendChangeHandler(void *opaque);

/*
 * A watch callback.  do_not_use is the GIOChannel or NULL; return
 * G_SOURCE_CONTINUE to stay installed, G_SOURCE_REMOVE to be removed.
 */
typedef gboolean (*FEWatchFunc)(void *do_not_use, GIOCondition condition,
                                void *data);

/* One front end's attachment to a chardev.  Zero-initialise it. */
struct CharBackend {
    Chardev *chr;
    IOEventHandler *chr_event;
    IOCanReadHandler *chr_can_read;
    IOReadHandler *chr_read;
    BackendChangeHandler *chr_be_change;
    void *opaque;
    /* Index among a mux's front ends; 0 otherwise. */
    int tag;
    /* set_open / qemu_chr_fe_set_open state. */
    int fe_open;
};

/* ---- ioctls (QEMU's chardev/char-serial.h) ---- */

/* arg: QEMUSerialSetParams *. */
#define CHR_IOCTL_SERIAL_SET_PARAMS 1
/* arg: int * (1: start a break, 0: end it). */
#define CHR_IOCTL_SERIAL_SET_BREAK 2
/* arg: int * of CHR_TIOCM_* bits. */
#define CHR_IOCTL_SERIAL_SET_TIOCM 13
#define CHR_IOCTL_SERIAL_GET_TIOCM 14

#define CHR_TIOCM_CTS 0x020
#define CHR_TIOCM_CAR 0x040
#define CHR_TIOCM_DSR 0x100
#define CHR_TIOCM_RI 0x080
#define CHR_TIOCM_DTR 0x002
#define CHR_TIOCM_RTS 0x004

typedef struct QEMUSerialSetParams {
    int speed;
    /* 'N', 'E' or 'O'. */
    int parity;
    int data_bits;
    int stop_bits;
} QEMUSerialSetParams;

/*
 * Attach be to s (s may be NULL: an unconnected front end).  A chardev
 * takes one front end unless it is a mux (up to MAX_MUX): otherwise
 * "Device 'ID' is in use" (QEMU 7.2's text, also for a full mux).
 */
bool qemu_chr_fe_init(CharBackend *be, Chardev *s, Error **errp);
/*
 * Detach (removing the handlers); del also unparents the chardev (as a
 * device does for an implicitly created one).  A device calls this from
 * its unrealize or finalize: the chardev may outlive the device.
 */
void qemu_chr_fe_deinit(CharBackend *be, bool del);

/*
 * Install the handlers (any may be NULL) and the context input is read
 * on (NULL: the default context).  set_open also marks the front end
 * open (qemu_chr_fe_set_open(be, 1)).  When the backend is already open
 * the event handler gets CHR_EVENT_OPENED from inside this call, as in
 * QEMU (a mux front end also takes the focus).
 * All NULL (fd_can_read, fd_read, fd_event) detaches the handlers.
 */
void qemu_chr_fe_set_handlers(CharBackend *be, IOCanReadHandler *fd_can_read,
                              IOReadHandler *fd_read, IOEventHandler *fd_event,
                              BackendChangeHandler *be_change, void *opaque,
                              GMainContext *context, bool set_open);

/*
 * The same; sync_state false leaves out the OPENED that set_handlers
 * sends when the backend is already open (a mux re-installing itself on
 * the chardev below must not repeat it).
 */
void qemu_chr_fe_set_handlers_full(
    CharBackend *be, IOCanReadHandler *fd_can_read, IOReadHandler *fd_read,
    IOEventHandler *fd_event, BackendChangeHandler *be_change, void *opaque,
    GMainContext *context, bool set_open, bool sync_state);

/* The chardev, or NULL. */
Chardev *qemu_chr_fe_get_driver(CharBackend *be);
/* A chardev is attached. */
bool qemu_chr_fe_backend_connected(CharBackend *be);
/* A chardev is attached and its backend is open (peer connected). */
bool qemu_chr_fe_backend_open(CharBackend *be);

/*
 * Write up to len bytes; returns how many the backend took (0..len), or
 * -1 with errno when it took none and cannot (EIO: a socket without a
 * peer).  QEMU returns -1/EAGAIN where emu returns 0.  The log file gets
 * what was taken.
 */
int qemu_chr_fe_write(CharBackend *be, const uint8_t *buf, int len);
/*
 * Write everything, waiting (blocking on the backend's fd) while the
 * backend cannot take more; returns len or -1.  For debug devices
 * (isa-debugcon) and monitor output, as in QEMU; devices with a guest
 * visible transmitter use qemu_chr_fe_write() + qemu_chr_fe_add_watch().
 */
int qemu_chr_fe_write_all(CharBackend *be, const uint8_t *buf, int len);
/* printf through qemu_chr_fe_write_all(). */
void qemu_chr_fe_printf(CharBackend *be, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/*
 * Call func when cond holds on the backend (G_IO_OUT: it can take more;
 * G_IO_HUP: the peer is gone), on the front end's context.  Returns the
 * source tag (g_source_remove() it) or 0 if the backend has no watch
 * (no chardev, or a backend that always takes everything): the caller
 * must then not wait.
 */
guint qemu_chr_fe_add_watch(CharBackend *be, GIOCondition cond,
                            FEWatchFunc func, void *user_data);

/* The device can take input again: the backend resumes reading. */
void qemu_chr_fe_accept_input(CharBackend *be);

/* CHR_IOCTL_*; -ENOTSUP when no chardev or the backend has none. */
int qemu_chr_fe_ioctl(CharBackend *be, int cmd, void *arg);

/* The front end opened or closed its side (virtio-console does). */
void qemu_chr_fe_set_open(CharBackend *be, int fe_open);
void qemu_chr_fe_set_echo(CharBackend *be, bool echo);
/* Mux: give this front end the input focus. */
void qemu_chr_fe_take_focus(CharBackend *be);
/* Socket: drop the connection; -1 when not supported. */
int qemu_chr_fe_disconnect(CharBackend *be);
int qemu_chr_fe_wait_connected(CharBackend *be, Error **errp);

#endif /* CHARDEV_CHAR_FE_H */
