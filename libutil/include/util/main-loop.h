/*
 * The main loop, the big lock, bottom halves and fd handlers, with QEMU's
 * names and signatures.
 *
 * The loop runs on glib's default GMainContext (g_main_context_default()),
 * so any library may attach its own GSources there and have them
 * dispatched by main_loop_wait().  Each iteration polls the context with a
 * timeout bounded by the nearest timer deadline (util/timer.h), then
 * dispatches ready fd handlers, scheduled bottom halves, other GSources and
 * expired timers.  Everything is dispatched with the big lock held; the
 * loop releases it only while it blocks in poll.
 *
 * Typical application:
 *
 *     qemu_init_main_loop(&error_fatal);
 *     qemu_mutex_lock_iothread();
 *     ... create the machine, cpu_enable_ticks() when the VM starts ...
 *     status = qemu_main_loop();
 *     qemu_mutex_unlock_iothread();
 *
 * or, for a loop that needs its own exit conditions (QEMU's runstate):
 *
 *     while (!main_loop_should_exit(&status)) {
 *         main_loop_wait(false);
 *     }
 */
#ifndef UTIL_MAIN_LOOP_H
#define UTIL_MAIN_LOOP_H

#include <glib.h>
#include <stdbool.h>

#include "util/error.h"

/*
 * Set up the main loop on the default GMainContext (attaches the sources
 * for fd handlers, bottom halves and qemu_notify_event()) and remember the
 * calling thread as the main loop thread.  Returns 0, or -1 with *errp set
 * (QEMU's signature).  Calling it again is a no-op; main_loop_wait() calls
 * it on first use with &error_abort.
 */
int qemu_init_main_loop(Error **errp);

/*
 * One iteration: poll (blocking unless nonblocking is true, until an fd is
 * ready, a bottom half is scheduled, qemu_notify_event() is called, a
 * GSource on the default context becomes ready or the nearest timer
 * deadline passes), then dispatch everything that is ready and run every
 * expired timer.  Call it from the main loop thread.  If the caller holds
 * the big lock, it is released while polling and held again on return; if
 * not, it is taken for the dispatch and released before returning.
 */
void main_loop_wait(int nonblocking);

/*
 * Wake the main loop from any thread: a blocking main_loop_wait() returns
 * after dispatching what is ready; if it is not polling right now, its
 * next poll returns at once.  Async-signal-safe (one write to an eventfd).
 */
void qemu_notify_event(void);

/*
 * Exit requests.  qemu_main_loop_request_exit() is thread-safe and
 * async-signal-safe (a SIGTERM handler may call it); the first status
 * requested wins.  main_loop_should_exit() returns true, storing the
 * status, when an exit was requested (it consumes the request, so a loop
 * can be run again) or else when the hook, if any, returns true.
 * qemu_main_loop() runs main_loop_wait(false) until then and returns the
 * status; call it with the big lock held.
 */
typedef bool MainLoopShouldExitFunc(int *status);

void qemu_main_loop_request_exit(int status);
void main_loop_set_should_exit_hook(MainLoopShouldExitFunc *hook);

/*
 * Let main_loop_wait() check its fds without blocking for up to ns
 * before it sleeps, adaptively: the window opens when events come soon
 * after the loop goes to sleep and closes when they do not (QEMU's
 * IOThread poll-max-ns).  0 (the default) turns it off.  For lock-step
 * peers with no vCPU thread to compete with, e.g. the qtest accelerator.
 */
void main_loop_set_poll_max_ns(int64_t ns);
bool main_loop_should_exit(int *status);
int qemu_main_loop(void);

/*
 * The big lock (QEMU's iothread lock, "BQL").  Device callbacks, timers,
 * bottom halves and fd handlers run with it held; vCPU threads take it on
 * exits to device emulation.  Not recursive: locking it twice or unlocking
 * it when not held aborts (a programming error).
 * qemu_mutex_iothread_locked() says whether the calling thread holds it.
 */
void qemu_mutex_lock_iothread(void);
void qemu_mutex_unlock_iothread(void);
bool qemu_mutex_iothread_locked(void);

/* Hold the big lock until the end of the enclosing scope. */
typedef struct IothreadLockAuto IothreadLockAuto;
IothreadLockAuto *qemu_iothread_auto_lock(void);
void qemu_iothread_auto_unlock(IothreadLockAuto *l);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(IothreadLockAuto, qemu_iothread_auto_unlock)
#define QEMU_IOTHREAD_LOCK_GUARD()                                             \
    g_autoptr(IothreadLockAuto) _iothread_lock_auto G_GNUC_UNUSED =            \
        qemu_iothread_auto_lock()

/*
 * Bottom halves: callbacks run by the main loop soon after being
 * scheduled, with the big lock held.  qemu_bh_schedule() may be called
 * from any thread (it wakes the loop) and is idempotent: scheduling twice
 * before the BH runs runs it once.  A BH may schedule itself again from
 * its callback; it then runs in a later iteration.  qemu_bh_cancel()
 * unschedules; qemu_bh_delete() cancels and frees (safe from the BH's own
 * callback).  All four are thread-safe; a BH must not be used after
 * qemu_bh_delete().
 */
typedef void QEMUBHFunc(void *opaque);
typedef struct QEMUBH QEMUBH;

QEMUBH *qemu_bh_new(QEMUBHFunc *cb, void *opaque);
void qemu_bh_schedule(QEMUBH *bh);
void qemu_bh_cancel(QEMUBH *bh);
void qemu_bh_delete(QEMUBH *bh);

/*
 * Watch fd: fd_read is called while fd is readable (or hung up / in
 * error), fd_write while it is writable, both with opaque and the big
 * lock held.  Calling it again for the same fd replaces the handlers;
 * NULL for both removes the watch.  Handlers may add, change or remove
 * watches (their own included) while being dispatched.  The fd stays
 * owned by the caller.  Call with the big lock held (or before the loop
 * runs), as in QEMU.
 */
typedef void IOHandler(void *opaque);

void qemu_set_fd_handler(int fd, IOHandler *fd_read, IOHandler *fd_write,
                         void *opaque);

#endif /* UTIL_MAIN_LOOP_H */
