/*
 * Unit tests for util/main-loop.h and the main loop's use of timers: fd
 * handlers on pipes, bottom halves, qemu_notify_event(), the big lock
 * around dispatch and its release while polling, timers fired by
 * main_loop_wait(), other threads waking the loop, exit requests.
 *
 * Tests that need the loop to block run it until a flag is set, under a
 * 10 s realtime guard timer: the guard only catches a loop that was not
 * woken (a hang), it is not a performance threshold.  Helper threads
 * sleep a little before acting so that the loop is likely blocked in poll
 * by then; if it is not, the wakeup must still not be lost.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <unistd.h>

#include "emu-test.h"
#include "util/main-loop.h"
#include "util/timer.h"

#define GUARD_MS 10000
#define THREAD_DELAY_US 50000

static int guard_fired;

static void guard_cb(void *opaque)
{
    guard_fired = 1;
}

static int flag_get(int *flag)
{
    return __atomic_load_n(flag, __ATOMIC_ACQUIRE);
}

static void flag_set(int *flag)
{
    __atomic_store_n(flag, 1, __ATOMIC_RELEASE);
}

/* Run the loop (blocking) until *flag; the guard fails a hung loop. */
static void loop_until(int *flag)
{
    QEMUTimer *guard = timer_new_ms(QEMU_CLOCK_REALTIME, guard_cb, NULL);

    guard_fired = 0;
    timer_mod(guard, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + GUARD_MS);
    while (!flag_get(flag) && !guard_fired) {
        main_loop_wait(false);
    }
    timer_free(guard);
    assert_true(flag_get(flag));
    assert_false(guard_fired);
}

/* Run nonblocking iterations until nothing is left to do right now. */
static void loop_drain(void)
{
    int i;

    for (i = 0; i < 10; i++) {
        main_loop_wait(true);
    }
}

static int setup_group(void **state)
{
    assert_int_equal(qemu_init_main_loop(&error_abort), 0);
    assert_int_equal(qemu_init_main_loop(&error_abort), 0);
    return 0;
}

/* A failed test must not leave the lock to the next one. */
static int teardown(void **state)
{
    if (qemu_mutex_iothread_locked()) {
        qemu_mutex_unlock_iothread();
    }
    return 0;
}

/* Timers through the loop */

typedef struct Hit {
    int count;
    int fired;
    bool locked;
} Hit;

static void hit_cb(void *opaque)
{
    Hit *h = opaque;

    h->count++;
    h->locked = qemu_mutex_iothread_locked();
    flag_set(&h->fired);
}

static void test_realtime_timer_fires(void **state)
{
    Hit h = {0};
    QEMUTimer *t = timer_new_ms(QEMU_CLOCK_REALTIME, hit_cb, &h);

    timer_mod(t, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + 1);
    loop_until(&h.fired);
    assert_int_equal(h.count, 1);
    assert_true(h.locked);
    assert_false(timer_pending(t));
    assert_false(qemu_mutex_iothread_locked());
    timer_free(t);
}

static void test_host_timer_fires(void **state)
{
    Hit h = {0};
    QEMUTimer *t = timer_new_us(QEMU_CLOCK_HOST, hit_cb, &h);

    timer_mod(t, qemu_clock_get_us(QEMU_CLOCK_HOST) + 100);
    loop_until(&h.fired);
    assert_int_equal(h.count, 1);
    timer_free(t);
}

static void test_realtime_timers_in_order(void **state)
{
    Hit a = {0}, b = {0}, c = {0};
    QEMUTimer *ta = timer_new_ns(QEMU_CLOCK_REALTIME, hit_cb, &a);
    QEMUTimer *tb = timer_new_ns(QEMU_CLOCK_REALTIME, hit_cb, &b);
    QEMUTimer *tc = timer_new_ns(QEMU_CLOCK_REALTIME, hit_cb, &c);
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_REALTIME);

    timer_mod_ns(tc, now + 3 * SCALE_MS);
    timer_mod_ns(ta, now + 1 * SCALE_MS);
    timer_mod_ns(tb, now + 2 * SCALE_MS);
    loop_until(&a.fired);
    /* a is earliest: whenever a has fired, c has fired only if b has */
    assert_true(!c.fired || b.fired);
    loop_until(&b.fired);
    loop_until(&c.fired);
    timer_free(ta);
    timer_free(tb);
    timer_free(tc);
}

static void test_virtual_timer_waits_while_stopped(void **state)
{
    Hit h = {0};
    QEMUTimer *t = timer_new_ns(QEMU_CLOCK_VIRTUAL, hit_cb, &h);
    int i;

    /* the VM has not started: the virtual clock stands still */
    timer_mod_ns(t, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + 1);
    for (i = 0; i < 5; i++) {
        g_usleep(1000);
        main_loop_wait(true);
    }
    assert_int_equal(h.count, 0);
    cpu_enable_ticks();
    loop_until(&h.fired);
    assert_int_equal(h.count, 1);
    cpu_disable_ticks();
    timer_free(t);
}

static void test_disabled_clock_does_not_fire(void **state)
{
    Hit h = {0};
    QEMUTimer *t = timer_new_ns(QEMU_CLOCK_REALTIME, hit_cb, &h);

    qemu_mutex_lock_iothread();
    qemu_clock_enable(QEMU_CLOCK_REALTIME, false);
    timer_mod_ns(t, 0);
    loop_drain();
    assert_int_equal(h.count, 0);
    qemu_clock_enable(QEMU_CLOCK_REALTIME, true);
    main_loop_wait(true);
    assert_int_equal(h.count, 1);
    qemu_mutex_unlock_iothread();
    timer_free(t);
}

static gpointer enable_ticks_thread(gpointer opaque)
{
    g_usleep(THREAD_DELAY_US);
    cpu_enable_ticks();
    return NULL;
}

static void test_enable_ticks_from_thread_wakes_loop(void **state)
{
    Hit h = {0};
    QEMUTimer *t = timer_new_ns(QEMU_CLOCK_VIRTUAL, hit_cb, &h);
    GThread *th;

    /*
     * The blocked loop ignores the stopped clock's deadline; starting the
     * clock must make it look again.
     */
    timer_mod_ns(t, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + 1);
    th = g_thread_new("vm-start", enable_ticks_thread, NULL);
    loop_until(&h.fired);
    g_thread_join(th);
    cpu_disable_ticks();
    timer_free(t);
}

static gpointer timer_mod_thread(gpointer opaque)
{
    QEMUTimer *t = opaque;

    g_usleep(THREAD_DELAY_US);
    /* no big lock: QEMU allows timer_mod from any thread */
    timer_mod_ns(t, qemu_clock_get_ns(QEMU_CLOCK_REALTIME));
    return NULL;
}

static void test_timer_mod_from_thread_wakes_loop(void **state)
{
    Hit h = {0};
    QEMUTimer *t = timer_new_ns(QEMU_CLOCK_REALTIME, hit_cb, &h);
    GThread *th = g_thread_new("timer-mod", timer_mod_thread, t);

    loop_until(&h.fired);
    g_thread_join(th);
    assert_int_equal(h.count, 1);
    timer_free(t);
}

/* fd handlers */

typedef struct Pipe {
    int rfd;
    int wfd;
    int reads;
    int writes;
    char last;
    bool locked;
    bool remove_self;
    int remove_other_fd;
    IOHandler *readd_read; /* re-add with this handler after removal */
} Pipe;

static void pipe_open(Pipe *p)
{
    int fds[2];

    memset(p, 0, sizeof(*p));
    assert_int_equal(pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
    p->rfd = fds[0];
    p->wfd = fds[1];
    p->remove_other_fd = -1;
}

static void pipe_close(Pipe *p)
{
    qemu_set_fd_handler(p->rfd, NULL, NULL, NULL);
    qemu_set_fd_handler(p->wfd, NULL, NULL, NULL);
    close(p->rfd);
    close(p->wfd);
}

static void pipe_put(Pipe *p, char c)
{
    assert_int_equal(write(p->wfd, &c, 1), 1);
}

static void pipe_read_cb(void *opaque)
{
    Pipe *p = opaque;

    p->reads++;
    p->locked = qemu_mutex_iothread_locked();
    if (read(p->rfd, &p->last, 1) != 1) {
        p->last = 0;
    }
    if (p->remove_other_fd >= 0) {
        qemu_set_fd_handler(p->remove_other_fd, NULL, NULL, NULL);
    }
    if (p->remove_self) {
        qemu_set_fd_handler(p->rfd, NULL, NULL, NULL);
        if (p->readd_read) {
            qemu_set_fd_handler(p->rfd, p->readd_read, NULL, p);
        }
    }
}

/* Counts without reading: the fd stays readable. */
static void pipe_peek_cb(void *opaque)
{
    Pipe *p = opaque;

    p->reads++;
}

static void pipe_write_cb(void *opaque)
{
    Pipe *p = opaque;

    p->writes++;
    p->locked = qemu_mutex_iothread_locked();
    if (p->remove_self) {
        qemu_set_fd_handler(p->wfd, NULL, NULL, NULL);
    }
}

static void test_fd_read(void **state)
{
    Pipe p;

    pipe_open(&p);
    qemu_set_fd_handler(p.rfd, pipe_read_cb, NULL, &p);
    main_loop_wait(true);
    assert_int_equal(p.reads, 0);
    pipe_put(&p, 'x');
    main_loop_wait(true);
    assert_int_equal(p.reads, 1);
    assert_int_equal(p.last, 'x');
    assert_true(p.locked);
    /* consumed: nothing more to read */
    main_loop_wait(true);
    assert_int_equal(p.reads, 1);
    pipe_close(&p);
}

static gpointer pipe_writer_thread(gpointer opaque)
{
    Pipe *p = opaque;

    g_usleep(THREAD_DELAY_US);
    pipe_put(p, 'w');
    return NULL;
}

static int read_flag;

static void pipe_read_flag_cb(void *opaque)
{
    pipe_read_cb(opaque);
    flag_set(&read_flag);
}

static void test_fd_read_wakes_blocking_loop(void **state)
{
    Pipe p;
    GThread *th;

    pipe_open(&p);
    read_flag = 0;
    qemu_set_fd_handler(p.rfd, pipe_read_flag_cb, NULL, &p);
    th = g_thread_new("writer", pipe_writer_thread, &p);
    loop_until(&read_flag);
    g_thread_join(th);
    assert_int_equal(p.last, 'w');
    pipe_close(&p);
}

/* Adaptive polling: nothing is lost or early while the window is open. */

static gpointer pipe_burst_thread(gpointer opaque)
{
    Pipe *p = opaque;

    for (int i = 0; i < 20; i++) {
        g_usleep(200);
        pipe_put(p, 'a' + i);
    }
    return NULL;
}

static int burst_done;

static void pipe_burst_cb(void *opaque)
{
    Pipe *p = opaque;

    pipe_read_cb(p);
    if (p->reads == 20) {
        flag_set(&burst_done);
    }
}

typedef struct When {
    int fired;
    int64_t deadline;
    int64_t at;
} When;

static void when_cb(void *opaque)
{
    When *w = opaque;

    w->at = qemu_clock_get_ns(QEMU_CLOCK_REALTIME);
    flag_set(&w->fired);
}

static void test_adaptive_poll(void **state)
{
    Pipe p;
    GThread *th;
    When w = {0};
    QEMUTimer *t = timer_new_ns(QEMU_CLOCK_REALTIME, when_cb, &w);

    /* A window larger than the writer's gaps: it opens and stays open. */
    main_loop_set_poll_max_ns(5 * SCALE_MS);
    pipe_open(&p);
    burst_done = 0;
    qemu_set_fd_handler(p.rfd, pipe_burst_cb, NULL, &p);
    th = g_thread_new("burst", pipe_burst_thread, &p);
    loop_until(&burst_done);
    g_thread_join(th);
    assert_int_equal(p.reads, 20);
    assert_int_equal(p.last, 'a' + 19);
    /* A timer inside the window fires at its deadline, not before. */
    w.deadline = qemu_clock_get_ns(QEMU_CLOCK_REALTIME) + 2 * SCALE_MS;
    timer_mod_ns(t, w.deadline);
    loop_until(&w.fired);
    assert_true(w.at >= w.deadline);
    timer_free(t);
    pipe_close(&p);
    main_loop_set_poll_max_ns(0);
}

static void test_fd_level_triggered_and_removal(void **state)
{
    Pipe p;

    pipe_open(&p);
    pipe_put(&p, 'a');
    qemu_set_fd_handler(p.rfd, pipe_peek_cb, NULL, &p);
    main_loop_wait(true);
    main_loop_wait(true);
    assert_int_equal(p.reads, 2);
    qemu_set_fd_handler(p.rfd, NULL, NULL, NULL);
    main_loop_wait(true);
    assert_int_equal(p.reads, 2);
    /* removing an fd that has no handler is a no-op */
    qemu_set_fd_handler(p.rfd, NULL, NULL, NULL);
    pipe_close(&p);
}

static void test_fd_write_ready_remove_in_handler(void **state)
{
    Pipe p;

    pipe_open(&p);
    p.remove_self = true;
    qemu_set_fd_handler(p.wfd, NULL, pipe_write_cb, &p);
    main_loop_wait(true);
    assert_int_equal(p.writes, 1);
    assert_true(p.locked);
    main_loop_wait(true);
    main_loop_wait(true);
    assert_int_equal(p.writes, 1);
    pipe_close(&p);
}

static void test_fd_replace_handlers(void **state)
{
    Pipe p;

    pipe_open(&p);
    pipe_put(&p, 'r');
    qemu_set_fd_handler(p.rfd, pipe_peek_cb, NULL, &p);
    qemu_set_fd_handler(p.rfd, pipe_read_cb, NULL, &p);
    main_loop_wait(true);
    /* only the second handler ran (it consumed the byte) */
    assert_int_equal(p.reads, 1);
    assert_int_equal(p.last, 'r');
    main_loop_wait(true);
    assert_int_equal(p.reads, 1);
    /* the same fd for writing too: both directions on one record */
    qemu_set_fd_handler(p.wfd, pipe_peek_cb, pipe_write_cb, &p);
    main_loop_wait(true);
    assert_int_equal(p.writes, 1);
    assert_int_equal(p.reads, 1);
    pipe_close(&p);
}

static void test_fd_remove_other_in_handler(void **state)
{
    Pipe a, b;

    pipe_open(&a);
    pipe_open(&b);
    pipe_put(&a, '1');
    pipe_put(&b, '2');
    a.remove_other_fd = b.rfd;
    b.remove_other_fd = a.rfd;
    qemu_set_fd_handler(a.rfd, pipe_read_cb, NULL, &a);
    qemu_set_fd_handler(b.rfd, pipe_read_cb, NULL, &b);
    main_loop_wait(true);
    /* whichever ran first removed the other before it could run */
    assert_int_equal(a.reads + b.reads, 1);
    loop_drain();
    assert_int_equal(a.reads + b.reads, 1);
    pipe_close(&a);
    pipe_close(&b);
}

static void test_fd_remove_and_readd_in_handler(void **state)
{
    Pipe p;

    pipe_open(&p);
    pipe_put(&p, 'a');
    pipe_put(&p, 'b');
    p.remove_self = true;
    p.readd_read = pipe_peek_cb;
    qemu_set_fd_handler(p.rfd, pipe_read_cb, NULL, &p);
    main_loop_wait(true);
    assert_int_equal(p.reads, 1);
    assert_int_equal(p.last, 'a');
    /* the new handler runs from the next iteration on */
    main_loop_wait(true);
    assert_int_equal(p.reads, 2);
    assert_int_equal(p.last, 'a');
    pipe_close(&p);
}

static void test_fd_hangup_is_readable(void **state)
{
    Pipe p;

    pipe_open(&p);
    qemu_set_fd_handler(p.rfd, pipe_read_cb, NULL, &p);
    close(p.wfd);
    p.wfd = -1;
    p.remove_self = true;
    main_loop_wait(true);
    assert_int_equal(p.reads, 1);
    assert_int_equal(p.last, 0); /* EOF */
    close(p.rfd);
}

/* Bottom halves */

typedef struct BHState {
    QEMUBH *bh;
    int count;
    int fired;
    int reschedule; /* reschedule itself this many more times */
    bool delete_self;
    bool locked;
} BHState;

static void bh_cb(void *opaque)
{
    BHState *s = opaque;

    s->count++;
    s->locked = qemu_mutex_iothread_locked();
    flag_set(&s->fired);
    if (s->reschedule > 0) {
        s->reschedule--;
        qemu_bh_schedule(s->bh);
    }
    if (s->delete_self) {
        qemu_bh_delete(s->bh);
        s->bh = NULL;
    }
}

static void test_bh_schedule_twice_runs_once(void **state)
{
    BHState s = {0};

    s.bh = qemu_bh_new(bh_cb, &s);
    qemu_bh_schedule(s.bh);
    qemu_bh_schedule(s.bh);
    loop_drain();
    assert_int_equal(s.count, 1);
    assert_true(s.locked);
    /* scheduled again after it ran: runs again */
    qemu_bh_schedule(s.bh);
    loop_drain();
    assert_int_equal(s.count, 2);
    qemu_bh_delete(s.bh);
}

static gpointer bh_schedule_thread(gpointer opaque)
{
    BHState *s = opaque;

    g_usleep(THREAD_DELAY_US);
    qemu_bh_schedule(s->bh);
    return NULL;
}

static void test_bh_from_thread_wakes_loop(void **state)
{
    BHState s = {0};
    GThread *th;

    s.bh = qemu_bh_new(bh_cb, &s);
    th = g_thread_new("bh", bh_schedule_thread, &s);
    loop_until(&s.fired);
    g_thread_join(th);
    assert_int_equal(s.count, 1);
    qemu_bh_delete(s.bh);
}

static void test_bh_delete_while_scheduled(void **state)
{
    BHState s = {0};
    BHState other = {0};

    s.bh = qemu_bh_new(bh_cb, &s);
    other.bh = qemu_bh_new(bh_cb, &other);
    qemu_bh_schedule(s.bh);
    qemu_bh_schedule(other.bh);
    qemu_bh_delete(s.bh);
    loop_drain();
    assert_int_equal(s.count, 0);
    assert_int_equal(other.count, 1);
    qemu_bh_delete(other.bh);
}

static void test_bh_cancel(void **state)
{
    BHState s = {0};

    s.bh = qemu_bh_new(bh_cb, &s);
    qemu_bh_schedule(s.bh);
    qemu_bh_cancel(s.bh);
    loop_drain();
    assert_int_equal(s.count, 0);
    qemu_bh_cancel(s.bh); /* not scheduled: no-op */
    qemu_bh_delete(s.bh);
}

static void test_bh_self_reschedule(void **state)
{
    BHState s = {0};
    int i;

    s.bh = qemu_bh_new(bh_cb, &s);
    s.reschedule = 3;
    qemu_bh_schedule(s.bh);
    /* one run per iteration: a self-rescheduling BH cannot starve the loop */
    for (i = 1; i <= 4; i++) {
        main_loop_wait(true);
        assert_int_equal(s.count, i);
    }
    loop_drain();
    assert_int_equal(s.count, 4);
    qemu_bh_delete(s.bh);
}

static void test_bh_delete_self_in_callback(void **state)
{
    BHState s = {0};
    BHState later = {0};

    s.bh = qemu_bh_new(bh_cb, &s);
    later.bh = qemu_bh_new(bh_cb, &later);
    s.delete_self = true;
    qemu_bh_schedule(s.bh);
    qemu_bh_schedule(later.bh);
    loop_drain();
    assert_null(s.bh);
    assert_int_equal(s.count, 1);
    assert_int_equal(later.count, 1);
    qemu_bh_delete(later.bh);
}

static BHState spawned;

static void bh_spawn_cb(void *opaque)
{
    spawned.bh = qemu_bh_new(bh_cb, &spawned);
    qemu_bh_schedule(spawned.bh);
    qemu_bh_delete(*(QEMUBH **)opaque);
}

static void test_bh_new_in_callback(void **state)
{
    QEMUBH *parent;

    memset(&spawned, 0, sizeof(spawned));
    parent = qemu_bh_new(bh_spawn_cb, &parent);
    qemu_bh_schedule(parent);
    loop_drain();
    assert_int_equal(spawned.count, 1);
    qemu_bh_delete(spawned.bh);
}

/* The big lock */

static int lock_taken_by_thread;

static gpointer lock_thread(gpointer opaque)
{
    BHState *s = opaque;

    g_usleep(THREAD_DELAY_US);
    /* blocks for ever if the loop kept the lock while polling */
    qemu_mutex_lock_iothread();
    assert_true(qemu_mutex_iothread_locked());
    flag_set(&lock_taken_by_thread);
    qemu_mutex_unlock_iothread();
    qemu_bh_schedule(s->bh);
    return NULL;
}

static void test_lock_released_while_polling(void **state)
{
    BHState s = {0};
    GThread *th;

    s.bh = qemu_bh_new(bh_cb, &s);
    lock_taken_by_thread = 0;
    qemu_mutex_lock_iothread();
    th = g_thread_new("locker", lock_thread, &s);
    loop_until(&s.fired);
    /* still ours after the loop returned */
    assert_true(qemu_mutex_iothread_locked());
    assert_true(flag_get(&lock_taken_by_thread));
    assert_true(s.locked);
    qemu_mutex_unlock_iothread();
    g_thread_join(th);
    qemu_bh_delete(s.bh);
}

static void test_lock_not_held_by_caller(void **state)
{
    BHState s = {0};
    Hit h = {0};
    QEMUTimer *t = timer_new_ns(QEMU_CLOCK_REALTIME, hit_cb, &h);

    s.bh = qemu_bh_new(bh_cb, &s);
    qemu_bh_schedule(s.bh);
    timer_mod_ns(t, 0);
    assert_false(qemu_mutex_iothread_locked());
    main_loop_wait(true);
    /* taken for the dispatch, given back on return */
    assert_false(qemu_mutex_iothread_locked());
    assert_true(s.locked);
    assert_true(h.locked);
    qemu_bh_delete(s.bh);
    timer_free(t);
}

static gpointer other_thread_lock_state(gpointer opaque)
{
    return GINT_TO_POINTER(qemu_mutex_iothread_locked());
}

static void test_lock_flag_is_per_thread(void **state)
{
    GThread *th;

    qemu_mutex_lock_iothread();
    th = g_thread_new("peer", other_thread_lock_state, NULL);
    assert_int_equal(GPOINTER_TO_INT(g_thread_join(th)), 0);
    assert_true(qemu_mutex_iothread_locked());
    qemu_mutex_unlock_iothread();
    assert_false(qemu_mutex_iothread_locked());
}

static void lock_twice(void *opaque)
{
    qemu_mutex_lock_iothread();
    qemu_mutex_lock_iothread();
}

static void unlock_unlocked(void *opaque)
{
    qemu_mutex_unlock_iothread();
}

static void test_lock_misuse_aborts(void **state)
{
    assert_child_aborts(lock_twice, NULL, "already held by this thread");
    assert_child_aborts(unlock_unlocked, NULL, "not held by this thread");
}

static void test_lock_guard(void **state)
{
    {
        QEMU_IOTHREAD_LOCK_GUARD();
        assert_true(qemu_mutex_iothread_locked());
    }
    assert_false(qemu_mutex_iothread_locked());
    qemu_mutex_lock_iothread();
    {
        /* already held: the guard leaves it alone */
        QEMU_IOTHREAD_LOCK_GUARD();
        assert_true(qemu_mutex_iothread_locked());
    }
    assert_true(qemu_mutex_iothread_locked());
    qemu_mutex_unlock_iothread();
}

/* Wakeups, foreign GSources, exit */

static int notified;

static gpointer notify_thread(gpointer opaque)
{
    g_usleep(THREAD_DELAY_US);
    flag_set(&notified);
    qemu_notify_event();
    return NULL;
}

static void test_notify_wakes_blocking_loop(void **state)
{
    GThread *th;

    notified = 0;
    th = g_thread_new("notify", notify_thread, NULL);
    loop_until(&notified);
    g_thread_join(th);
    /* the wakeup was consumed: a nonblocking pass finds nothing pending */
    main_loop_wait(true);
}

static gboolean idle_cb(gpointer opaque)
{
    Hit *h = opaque;

    hit_cb(h);
    return G_SOURCE_REMOVE;
}

static gpointer attach_thread(gpointer opaque)
{
    GSource *src = g_idle_source_new();

    g_usleep(THREAD_DELAY_US);
    g_source_set_callback(src, idle_cb, opaque, NULL);
    g_source_attach(src, g_main_context_default());
    g_source_unref(src);
    return NULL;
}

static void test_foreign_gsource_from_thread(void **state)
{
    Hit h = {0};
    GThread *th = g_thread_new("attach", attach_thread, &h);

    loop_until(&h.fired);
    g_thread_join(th);
    assert_int_equal(h.count, 1);
    assert_true(h.locked);
}

static gpointer exit_thread(gpointer opaque)
{
    g_usleep(THREAD_DELAY_US);
    qemu_main_loop_request_exit(GPOINTER_TO_INT(opaque));
    return NULL;
}

static void test_exit_request_from_thread(void **state)
{
    QEMUTimer *guard = timer_new_ms(QEMU_CLOCK_REALTIME, guard_cb, NULL);
    GThread *th;
    int status = -1;

    guard_fired = 0;
    timer_mod(guard, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + GUARD_MS);
    th = g_thread_new("exit", exit_thread, GINT_TO_POINTER(3));
    qemu_mutex_lock_iothread();
    assert_int_equal(qemu_main_loop(), 3);
    qemu_mutex_unlock_iothread();
    g_thread_join(th);
    assert_false(guard_fired);
    timer_free(guard);
    /* consumed */
    assert_false(main_loop_should_exit(&status));
    assert_int_equal(status, -1);
}

static void test_exit_first_request_wins(void **state)
{
    int status = -1;

    qemu_main_loop_request_exit(5);
    qemu_main_loop_request_exit(6);
    assert_true(main_loop_should_exit(&status));
    assert_int_equal(status, 5);
    /* consumed: a new request can be made */
    assert_false(main_loop_should_exit(&status));
    qemu_main_loop_request_exit(-2);
    assert_true(main_loop_should_exit(&status));
    assert_int_equal(status, -2);
    /* the wakeups were harmless */
    main_loop_wait(true);
}

static int hook_calls;

static bool exit_hook(int *status)
{
    if (++hook_calls == 3) {
        *status = 7;
        return true;
    }
    return false;
}

static void test_exit_hook(void **state)
{
    BHState s = {0};

    /* keep the loop busy without blocking so the hook gets polled */
    s.bh = qemu_bh_new(bh_cb, &s);
    s.reschedule = 100;
    qemu_bh_schedule(s.bh);
    hook_calls = 0;
    main_loop_set_should_exit_hook(exit_hook);
    qemu_mutex_lock_iothread();
    assert_int_equal(qemu_main_loop(), 7);
    qemu_mutex_unlock_iothread();
    assert_int_equal(hook_calls, 3);
    assert_int_equal(s.count, 2);
    main_loop_set_should_exit_hook(NULL);
    qemu_bh_delete(s.bh);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_teardown(fn, teardown)
        T(test_realtime_timer_fires),
        T(test_adaptive_poll),
        T(test_host_timer_fires),
        T(test_realtime_timers_in_order),
        T(test_virtual_timer_waits_while_stopped),
        T(test_disabled_clock_does_not_fire),
        T(test_timer_mod_from_thread_wakes_loop),
        T(test_enable_ticks_from_thread_wakes_loop),
        T(test_fd_read),
        T(test_fd_read_wakes_blocking_loop),
        T(test_fd_level_triggered_and_removal),
        T(test_fd_write_ready_remove_in_handler),
        T(test_fd_replace_handlers),
        T(test_fd_remove_other_in_handler),
        T(test_fd_remove_and_readd_in_handler),
        T(test_fd_hangup_is_readable),
        T(test_bh_schedule_twice_runs_once),
        T(test_bh_from_thread_wakes_loop),
        T(test_bh_delete_while_scheduled),
        T(test_bh_cancel),
        T(test_bh_self_reschedule),
        T(test_bh_delete_self_in_callback),
        T(test_bh_new_in_callback),
        T(test_lock_released_while_polling),
        T(test_lock_not_held_by_caller),
        T(test_lock_flag_is_per_thread),
        T(test_lock_misuse_aborts),
        T(test_lock_guard),
        T(test_notify_wakes_blocking_loop),
        T(test_foreign_gsource_from_thread),
        T(test_exit_request_from_thread),
        T(test_exit_first_request_wins),
        T(test_exit_hook),
#undef T
    };

    return cmocka_run_group_tests(tests, setup_group, NULL);
}
