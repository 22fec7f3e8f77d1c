/*
 * The main loop: one iteration of glib's default GMainContext with the
 * timeout bounded by the nearest timer deadline, the big lock released
 * only while polling, plus qemu_notify_event() and exit requests.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "util/main-loop.h"
#include "util/timer.h"
#include "main-loop-int.h"

/*
 * qemu_notify_event() writes to notify_wfd; a GSource polls notify_rfd
 * and drains it in its check.  An eventfd when the kernel has one (both
 * ends the same fd), a pipe otherwise.  Writes that find it full are
 * fine: it is readable, which is all a wakeup needs.
 */
static int notify_rfd = -1;
static int notify_wfd = -1;
static bool main_loop_initialized;
static __thread bool main_loop_thread;

static GPollFD *poll_fds;
static gint poll_fds_alloc;

/* 0: none; otherwise (1 << 32) | (uint32_t)status.  Lock-free for signals. */
static int64_t exit_request;
static MainLoopShouldExitFunc *should_exit_hook;

typedef struct NotifySource {
    GSource source;
    GPollFD pfd;
} NotifySource;

static void notify_drain(void)
{
    char buf[64];

    while (read(notify_rfd, buf, sizeof(buf)) > 0) {
        /* a pipe may hold many wakeups; an eventfd is reset by one read */
    }
}

static gboolean notify_prepare(GSource *source, gint *timeout)
{
    *timeout = -1;
    return FALSE;
}

/* The wakeup has done its job once poll returned: nothing to dispatch. */
static gboolean notify_check(GSource *source)
{
    NotifySource *s = (NotifySource *)source;

    if (s->pfd.revents & G_IO_IN) {
        notify_drain();
    }
    return FALSE;
}

static gboolean notify_dispatch(GSource *source, GSourceFunc callback,
                                gpointer user_data)
{
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs notify_source_funcs = {
    .prepare = notify_prepare,
    .check = notify_check,
    .dispatch = notify_dispatch,
};

static bool notify_open(Error **errp)
{
    int fds[2];

    notify_rfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (notify_rfd >= 0) {
        notify_wfd = notify_rfd;
        return true;
    }
    if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) < 0) {
        error_setg_errno(errp, errno,
                         "cannot create the main loop's event notifier");
        return false;
    }
    notify_rfd = fds[0];
    notify_wfd = fds[1];
    return true;
}

/*
 * Recursion allowed: otherwise glib takes a dispatching source's fds out
 * of the poll set and puts them back afterwards, and each change wakes
 * the context through its eventfd (two syscalls per dispatch).  emu
 * never runs a nested main loop, so nothing can recurse.
 */
static void attach_source(GSource *source)
{
    g_source_set_can_recurse(source, TRUE);
    g_source_attach(source, g_main_context_default());
    g_source_unref(source);
}

int qemu_init_main_loop(Error **errp)
{
    NotifySource *ns;

    if (main_loop_initialized) {
        return 0;
    }
    if (!notify_open(errp)) {
        return -1;
    }
    ns = (NotifySource *)g_source_new(&notify_source_funcs,
                                      sizeof(NotifySource));
    g_source_set_name(&ns->source, "emu-notify");
    ns->pfd.fd = notify_rfd;
    ns->pfd.events = G_IO_IN;
    g_source_add_poll(&ns->source, &ns->pfd);
    attach_source(&ns->source);
    attach_source(bh_source_new());
    attach_source(iohandler_source_new());
    main_loop_thread = true;
    __atomic_store_n(&main_loop_initialized, true, __ATOMIC_RELEASE);
    return 0;
}

bool qemu_in_main_loop_thread(void)
{
    return main_loop_thread;
}

void qemu_notify_event(void)
{
    static const uint64_t one = 1;
    ssize_t ret;

    if (!__atomic_load_n(&main_loop_initialized, __ATOMIC_ACQUIRE)) {
        return;
    }
    do {
        ret = write(notify_wfd, &one, sizeof(one));
    } while (ret < 0 && errno == EINTR);
}

/*
 * Adaptive polling (QEMU's IOThread poll-max-ns idea, here for the main
 * loop): before sleeping, check the fds without blocking for up to
 * poll_cur_ns.  An event that comes within poll_max_ns of going to sleep
 * makes the window grow (4 us, then doubling up to the maximum); a
 * longer sleep closes it, so an idle loop does not spin.  Off (0) unless
 * an accelerator asks for it.
 */
static int64_t poll_max_ns;
static int64_t poll_cur_ns;

#define POLL_START_NS 4000

void main_loop_set_poll_max_ns(int64_t ns)
{
    poll_max_ns = ns > 0 ? ns : 0;
    poll_cur_ns = 0;
}

/* glib's ms timeout to ns, -1 (infinite) kept. */
static int64_t timeout_ms_to_ns(gint timeout_ms)
{
    return timeout_ms < 0 ? -1 : (int64_t)timeout_ms * SCALE_MS;
}

/* poll with a ns timeout (-1: infinite), so timers are not rounded to ms. */
static int poll_ns(GPollFD *fds, guint nfds, int64_t timeout_ns);

/* poll_ns, with the adaptive busy-poll window in front (see above). */
static int poll_adaptive(GPollFD *fds, guint nfds, int64_t timeout_ns)
{
    int64_t start, slept;
    int ret;

    if (!poll_max_ns || timeout_ns == 0) {
        return poll_ns(fds, nfds, timeout_ns);
    }
    start = get_clock();
    if (poll_cur_ns) {
        int64_t window = timeout_ns < 0 ? poll_cur_ns
                                        : MIN(poll_cur_ns, timeout_ns);

        do {
            ret = poll_ns(fds, nfds, 0);
            if (ret != 0) {
                return ret;
            }
        } while (get_clock() - start < window);
    }
    ret = poll_ns(fds, nfds, timeout_ns);
    slept = get_clock() - start;
    if (ret > 0 && slept <= poll_max_ns) {
        poll_cur_ns = poll_cur_ns ? MIN(poll_cur_ns * 2, poll_max_ns)
                                  : MIN(POLL_START_NS, poll_max_ns);
    } else if (slept > poll_max_ns) {
        poll_cur_ns = 0;
    }
    return ret;
}

static int poll_ns(GPollFD *fds, guint nfds, int64_t timeout_ns)
{
    struct timespec ts;

    /* GPollFD and struct pollfd have the same layout on Linux. */
    G_STATIC_ASSERT(sizeof(GPollFD) == sizeof(struct pollfd));
    if (timeout_ns < 0) {
        return ppoll((struct pollfd *)fds, nfds, NULL, NULL);
    }
    ts.tv_sec = timeout_ns / NANOSECONDS_PER_SECOND;
    ts.tv_nsec = timeout_ns % NANOSECONDS_PER_SECOND;
    return ppoll((struct pollfd *)fds, nfds, &ts, NULL);
}

void main_loop_wait(int nonblocking)
{
    GMainContext *ctx = g_main_context_default();
    bool had_lock;
    gint max_priority;
    gint timeout_ms;
    gint nfds;
    int64_t timeout_ns;
    int ret;

    if (!main_loop_initialized) {
        qemu_init_main_loop(&error_abort);
    }
    had_lock = qemu_mutex_iothread_locked();
    if (!had_lock) {
        qemu_mutex_lock_iothread();
    }
    if (!g_main_context_acquire(ctx)) {
        g_error("main_loop_wait: the default GMainContext is owned by "
                "another thread");
    }

    g_main_context_prepare(ctx, &max_priority);
    while ((nfds = g_main_context_query(ctx, max_priority, &timeout_ms,
                                        poll_fds, poll_fds_alloc)) >
           poll_fds_alloc) {
        poll_fds_alloc = nfds;
        poll_fds = g_renew(GPollFD, poll_fds, poll_fds_alloc);
    }

    /*
     * Computed after prepare: a timer armed later by another thread
     * notifies, and the notifier fd is already in the poll set.
     */
    if (nonblocking) {
        timeout_ns = 0;
    } else {
        timeout_ns = qemu_soonest_timeout(timeout_ms_to_ns(timeout_ms),
                                          qemu_timers_main_loop_deadline_ns());
    }

    if (timeout_ns != 0) {
        qemu_mutex_unlock_iothread();
    }
    ret = poll_adaptive(poll_fds, nfds, timeout_ns);
    if (timeout_ns != 0) {
        qemu_mutex_lock_iothread();
    }
    if (ret < 0) {
        /* EINTR (a signal): report nothing ready, just go round again. */
        for (gint i = 0; i < nfds; i++) {
            poll_fds[i].revents = 0;
        }
    }

    g_main_context_check(ctx, max_priority, poll_fds, nfds);
    g_main_context_dispatch(ctx);
    g_main_context_release(ctx);

    qemu_clock_run_all_timers();

    if (!had_lock) {
        qemu_mutex_unlock_iothread();
    }
}

void qemu_main_loop_request_exit(int status)
{
    int64_t expected = 0;
    int64_t desired = ((int64_t)1 << 32) | (uint32_t)status;

    __atomic_compare_exchange_n(&exit_request, &expected, desired, false,
                                __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
    qemu_notify_event();
}

void main_loop_set_should_exit_hook(MainLoopShouldExitFunc *hook)
{
    should_exit_hook = hook;
}

bool main_loop_should_exit(int *status)
{
    int64_t req = __atomic_exchange_n(&exit_request, 0, __ATOMIC_ACQ_REL);

    if (req) {
        *status = (int)(uint32_t)req;
        return true;
    }
    return should_exit_hook && should_exit_hook(status);
}

int qemu_main_loop(void)
{
    int status = 0;

    while (!main_loop_should_exit(&status)) {
        main_loop_wait(false);
    }
    return status;
}
