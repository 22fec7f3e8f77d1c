/*
 * Character device backends ("chardevs"), with QEMU's names.
 *
 * A Chardev is a QOM object of a subtype of TYPE_CHARDEV ("chardev"):
 * "chardev-null", "chardev-stdio", "chardev-file", "chardev-pipe",
 * "chardev-socket", "chardev-pty", "chardev-ringbuf" (also spelled
 * "memory" on the command line), "chardev-mux".  Chardevs created from
 * -chardev, -serial and friends are children of the /chardevs container,
 * named by their id: /chardevs/charserial0.
 *
 * One front end (a device, the monitor) attaches to a chardev through a
 * CharBackend (chardev/char-fe.h).  Only a mux chardev takes several: it
 * multiplexes them over one backend, switched with the Ctrl-a escapes.
 *
 * Data flow.  Output: front end -> qemu_chr_fe_write() -> the class's
 * chr_write(), which returns how many bytes it took (fewer when a socket
 * or pty cannot take more; the front end then waits with
 * qemu_chr_fe_add_watch(G_IO_OUT)).  Input: the backend watches its fd on
 * the chardev's GMainContext (NULL: the default context, where the main
 * loop runs), asks qemu_chr_be_can_write() how much the front end can
 * accept, reads at most that much and hands it over with
 * qemu_chr_be_write().  When can_write was 0 the backend stops watching
 * until the front end calls qemu_chr_fe_accept_input().
 *
 * Locking: everything here runs under the big lock (main loop context)
 * except chr_write, which is also serialised by chr_write_lock so that a
 * vCPU thread may write.
 */
#ifndef CHARDEV_CHAR_H
#define CHARDEV_CHAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "qom/object.h"
#include "util/error.h"

typedef struct QemuOpts QemuOpts;
typedef struct CharBackend CharBackend;

/* Events a backend delivers to its front end's event handler. */
typedef enum QEMUChrEvent {
    /* A break on the line (serial BREAK, telnet IAC BRK, C-a b). */
    CHR_EVENT_BREAK,
    /* The backend is connected: a socket peer, the file opened, ... */
    CHR_EVENT_OPENED,
    /* Mux: this front end gained the input focus. */
    CHR_EVENT_MUX_IN,
    /* Mux: this front end lost the input focus. */
    CHR_EVENT_MUX_OUT,
    /* The backend is disconnected (socket peer gone). */
    CHR_EVENT_CLOSED,
} QEMUChrEvent;

/* The most a backend reads from its fd in one go. */
#define CHR_READ_BUF_LEN 4096

typedef enum ChardevFeature {
    /* A socket client with reconnect=: may come and go. */
    QEMU_CHAR_FEATURE_RECONNECTABLE,
    /* The backend can run on a context other than the default one. */
    QEMU_CHAR_FEATURE_GCONTEXT,
    QEMU_CHAR_FEATURE_LAST,
} ChardevFeature;

#define TYPE_CHARDEV "chardev"
OBJECT_DECLARE_TYPE(Chardev, ChardevClass, CHARDEV)

#define TYPE_CHARDEV_NULL "chardev-null"
#define TYPE_CHARDEV_STDIO "chardev-stdio"
#define TYPE_CHARDEV_FILE "chardev-file"
#define TYPE_CHARDEV_PIPE "chardev-pipe"
#define TYPE_CHARDEV_SOCKET "chardev-socket"
#define TYPE_CHARDEV_PTY "chardev-pty"
#define TYPE_CHARDEV_RINGBUF "chardev-ringbuf"
/* "memory" is QEMU's older name of ringbuf: a subtype of it. */
#define TYPE_CHARDEV_MEMORY "chardev-memory"
#define TYPE_CHARDEV_MUX "chardev-mux"

#define CHARDEV_IS_RINGBUF(chr)                                                \
    (object_dynamic_cast(OBJECT(chr), TYPE_CHARDEV_RINGBUF) != NULL)
#define CHARDEV_IS_MUX(chr)                                                    \
    (object_dynamic_cast(OBJECT(chr), TYPE_CHARDEV_MUX) != NULL)

struct Chardev {
    Object parent_obj;

    /* Serialises chr_write (front ends may write from vCPU threads). */
    GMutex chr_write_lock;
    /* The front end, NULL when none is attached. */
    CharBackend *be;
    /* The id (-chardev id=...), also the name under /chardevs. */
    char *label;
    /* What info chardev shows: "disconnected:unix:/p,server=on". */
    char *filename;
    /* logfile=: everything the front end writes is also written here. */
    int logfd;
    /* The backend is open (connected); OPENED was sent. */
    int be_open;
    /* Where the backend's watches run; NULL: the default context. */
    GMainContext *gcontext;
    /* The source reading the backend's input, if it has one. */
    GSource *gsource;
    /* Bitmap of ChardevFeature. */
    unsigned long features;
    /*
     * Private (libchardev): how many devices' chardev= properties name
     * this chardev; each holds a reference.  A chardev other than a mux
     * can be named by one device only.
     */
    int prop_refs;
};

/*
 * What a backend is opened with: QEMU's ChardevBackend (a QAPI union)
 * flattened into one struct.  parse() fills it from a -chardev option
 * set; code may also fill it directly and call qemu_chardev_new().
 * Strings are owned (freed by chardev_backend_free()).
 */
typedef struct ChardevBackend {
    /* The backend name as on the command line: "socket", "file", ... */
    char *type;

    /* Common to every backend (QEMU's ChardevCommon). */
    char *logfile;
    bool logappend;

    /*
     * file: the output file; pipe: the base name (PATH.in/PATH.out, or
     * PATH itself for both directions); socket: the unix socket path.
     */
    char *path;
    /* file: an optional file to read input from. */
    char *in_path;
    /* file: append instead of truncating. */
    bool append;

    /* socket: tcp when host/port are set, else unix (path). */
    char *host;
    char *port;
    bool server;
    /* server: wait for the first client before continuing. */
    bool wait;
    bool nodelay;
    bool telnet;
    /* client: seconds between reconnection attempts; 0: none. */
    int64_t reconnect;
    bool ipv4;
    bool ipv6;

    /* stdio: false turns ISIG off (Ctrl-C goes to the guest). */
    bool signal;

    /* ringbuf: buffer size in bytes, a power of two; 0: 64 KiB. */
    uint64_t size;

    /* mux: the id of the chardev the mux sits on. */
    char *chardev;
} ChardevBackend;

/* A backend of type with QEMU's defaults (signal on, wait on). */
ChardevBackend *chardev_backend_new(const char *type);
void chardev_backend_free(ChardevBackend *backend);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ChardevBackend, chardev_backend_free)

struct ChardevClass {
    ObjectClass parent_class;

    /* Not creatable from -chardev (none in emu so far). */
    bool internal;

    /* Fill backend from a -chardev option set (ChardevCommon is done). */
    void (*parse)(QemuOpts *opts, ChardevBackend *backend, Error **errp);
    /*
     * Open the backend.  Set *be_opened to false when the backend is not
     * connected yet (a socket waiting for its peer): OPENED is then sent
     * later by the backend itself.
     */
    void (*open)(Chardev *chr, ChardevBackend *backend, bool *be_opened,
                 Error **errp);

    /*
     * Write up to len bytes; return how many were taken, or -1 with
     * errno (EAGAIN: full right now, the watch says when it has room).
     */
    int (*chr_write)(Chardev *s, const uint8_t *buf, int len);
    /* A source that fires when cond holds (G_IO_OUT: can write). */
    GSource *(*chr_add_watch)(Chardev *s, GIOCondition cond);
    /* The front end's handlers or context changed: re-arm input. */
    void (*chr_update_read_handler)(Chardev *s);
    /* CHR_IOCTL_*; -ENOTSUP when the backend has no such control. */
    int (*chr_ioctl)(Chardev *s, int cmd, void *arg);
    /* Block until connected (socket server with wait=on). */
    int (*chr_wait_connected)(Chardev *chr, Error **errp);
    /* Drop the current connection (socket). */
    void (*chr_disconnect)(Chardev *chr);
    /* The front end has room again: resume reading. */
    void (*chr_accept_input)(Chardev *chr);
    /* stdio: terminal echo on or off. */
    void (*chr_set_echo)(Chardev *chr, bool echo);
    /* The front end opened (1) or closed (0) its side. */
    void (*chr_set_fe_open)(Chardev *chr, int fe_open);
    /* Deliver an event; default: to the front end (mux overrides). */
    void (*chr_be_event)(Chardev *s, QEMUChrEvent event);
};

/* ---- Creating and finding chardevs ---- */

/*
 * Create and open a chardev from a -chardev option set: the backend is
 * opts' "backend" key (ringbuf's alias "memory" accepted), the id is the
 * set's id; mux=on creates the backend as ID-base with a mux ID on top.
 * The chardev becomes /chardevs/ID.  Errors use QEMU's texts:
 * "chardev: \"ID\" missing backend", "'foo' is not a valid char driver
 * name", "chardev: no id specified", and for an id in use QEMU's
 * "attempt to add duplicate property 'ID' to object (type 'container')";
 * QEMU backends emu lacks (vc, udp, serial, parallel, ...): "chardev
 * backend 'vc' is not supported by emu".  A "help" backend prints the
 * list (qemu_chr_print_backends()) and returns NULL without an error.
 */
Chardev *qemu_chr_new_from_opts(QemuOpts *opts, GMainContext *context,
                                Error **errp);

/*
 * The legacy -serial/-parallel/-monitor syntax: "stdio", "null", "pty",
 * "file:PATH", "pipe:PATH", "tcp:HOST:PORT[,server=on,...]",
 * "telnet:HOST:PORT[,...]", "unix:PATH[,...]", and "chardev:ID" (an
 * existing chardev, returned as is; NULL if there is none).  The parsing
 * is libopts' qemu_chr_parse_compat() (opts/cmdline.h).  label is the id
 * to give the new chardev ("serial0").  Errors are reported with
 * error_report() and NULL returned, as QEMU's qemu_chr_new() does; the
 * caller adds its own line ("could not connect serial device to
 * character backend 'x'").
 */
Chardev *qemu_chr_new(const char *label, const char *filename,
                      GMainContext *context);
/*
 * qemu_chr_new() that also takes "mon:SPEC" (-serial mon:stdio,
 * -nographic): SPEC behind a mux (ID-base and ID), then the hook of
 * qemu_chr_set_mon_hook() attaches the monitor to the mux.
 */
Chardev *qemu_chr_new_mux_mon(const char *label, const char *filename,
                              GMainContext *context);
/*
 * Create chardev id of QOM type typename ("chardev-file") from backend
 * and open it.  Adds it as /chardevs/ID (id NULL: not added anywhere,
 * the caller owns the one reference).  On success with an id the tree
 * holds the only reference.  Errors: an id in use (checked before the
 * backend is opened, with the text QEMU gives), the backend's open
 * errors.
 */
Chardev *qemu_chardev_new(const char *id, const char *typename,
                          ChardevBackend *backend, GMainContext *context,
                          Error **errp);

/* Fill ChardevCommon (logfile, logappend) from opts. */
void qemu_chr_parse_common(QemuOpts *opts, ChardevBackend *backend);

/* The chardev with id label, or NULL. */
Chardev *qemu_chr_find(const char *label);
/* The /chardevs container. */
Object *get_chardevs_root(void);

/* Remove chardev id (QMP chardev-remove); fails while a front end is on. */
bool qemu_chr_remove(const char *id, Error **errp);

/*
 * -chardev help: print "Available chardev backend types:" and one name a
 * line to stdout, as QEMU 7.2 does.
 */
void qemu_chr_print_backends(void);

/*
 * Unparent every chardev (at exit): closes sockets, removes unix socket
 * files a server created, restores the terminal of stdio.
 */
void qemu_chr_cleanup(void);

/*
 * The monitor library's hook for "mon:" specs: called with the mux
 * chardev so it can attach a monitor front end.  NULL: none.
 */
void qemu_chr_set_mon_hook(void (*hook)(Chardev *mux, void *opaque),
                           void *opaque);

/* ---- For backends ---- */

/* How many bytes the front end can take now (0: none, or none attached). */
int qemu_chr_be_can_write(Chardev *s);
/* Hand len bytes of input to the front end (a mux: to the focused one). */
void qemu_chr_be_write(Chardev *s, const uint8_t *buf, int len);
/* Deliver an event; OPENED/CLOSED also update be_open. */
void qemu_chr_be_event(Chardev *s, QEMUChrEvent event);
/* Move the backend's watches to context and re-arm input. */
void qemu_chr_be_update_read_handlers(Chardev *s, GMainContext *context);

/*
 * Write through the backend; with write_all, loop until everything is
 * taken (waiting on the fd: see qemu_chr_fe_write_all()).  Also writes to
 * the log file.  Returns the bytes taken or -1 with errno.
 */
int qemu_chr_write(Chardev *s, const uint8_t *buf, int len, bool write_all);
#define qemu_chr_write_all(s, buf, len) qemu_chr_write(s, buf, len, true)

int qemu_chr_wait_connected(Chardev *chr, Error **errp);
bool qemu_chr_has_feature(Chardev *chr, ChardevFeature feature);
void qemu_chr_set_feature(Chardev *chr, ChardevFeature feature);

/*
 * ---- ringbuf (for the monitor: ringbuf-read / ringbuf-write) ----
 * chr must be a ringbuf (CHARDEV_IS_RINGBUF(); QEMU's monitor error for
 * another one is "%s is not a ringbuf device").
 */

/* Bytes waiting in the ring. */
size_t ringbuf_count(Chardev *chr);
/*
 * Take up to size bytes out of the ring, oldest first; returns a
 * g_malloc'd buffer (NUL-terminated for convenience) and its length in
 * *len.
 */
uint8_t *ringbuf_read(Chardev *chr, size_t size, size_t *len);
/* Append to the ring, overwriting the oldest bytes when full. */
void ringbuf_write(Chardev *chr, const uint8_t *buf, size_t len);

/* ---- mux ---- */

/* Front ends one mux takes (QEMU's MAX_MUX). */
#define MAX_MUX 4
/* Give input focus to front end number focus (sends MUX_OUT/MUX_IN). */
void mux_set_focus(Chardev *chr, int focus);
/*
 * What "C-a x" does: QEMU prints "QEMU: Terminated" and quits.  The
 * application installs fn to request its orderly exit; without one the
 * process exits with status 0 (after qemu_chr_cleanup()).
 */
void qemu_chr_set_mux_quit_handler(void (*fn)(void *opaque), void *opaque);

#endif /* CHARDEV_CHAR_H */
