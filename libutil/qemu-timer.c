/*
 * Timers: one list per clock, sorted by expiry, run by the main loop (and
 * by the qtest accelerator's virtual clock stepping).
 */
#include <assert.h>
#include <pthread.h>

#include "util/main-loop.h"
#include "util/timer.h"
#include "main-loop-int.h"

/*
 * The lock protects the list links and every expire_time of the list's
 * timers; expire_time is also read without it (timer_pending()), hence
 * the atomic accesses.  Callbacks run without the list lock, so they may
 * modify any timer.
 */
struct QEMUTimerList {
    QEMUClockType type;
    pthread_mutex_t lock;
    QEMUTimer *active_timers;
    bool disabled;
};

#define TIMER_LIST_INIT(t)                                                     \
    [t] = {.type = (t), .lock = PTHREAD_MUTEX_INITIALIZER}

static QEMUTimerList timer_lists[QEMU_CLOCK_MAX] = {
    TIMER_LIST_INIT(QEMU_CLOCK_REALTIME),
    TIMER_LIST_INIT(QEMU_CLOCK_VIRTUAL),
    TIMER_LIST_INIT(QEMU_CLOCK_HOST),
    TIMER_LIST_INIT(QEMU_CLOCK_VIRTUAL_RT),
};

static QEMUTimerList *timer_list_of(QEMUClockType type)
{
    assert(type >= 0 && type < QEMU_CLOCK_MAX);
    return &timer_lists[type];
}

static int64_t expire_read(QEMUTimer *ts)
{
    return __atomic_load_n(&ts->expire_time, __ATOMIC_RELAXED);
}

static void expire_set(QEMUTimer *ts, int64_t ns)
{
    __atomic_store_n(&ts->expire_time, ns, __ATOMIC_RELAXED);
}

static bool list_enabled(QEMUTimerList *tl)
{
    return !__atomic_load_n(&tl->disabled, __ATOMIC_ACQUIRE);
}

void timer_init_full(QEMUTimer *ts, QEMUTimerListGroup *timer_list_group,
                     QEMUClockType type, int scale, int attributes,
                     QEMUTimerCB *cb, void *opaque)
{
    /* Only the main loop's group exists (no AioContexts in emu). */
    assert(timer_list_group == NULL);
    assert(scale > 0);
    ts->timer_list = timer_list_of(type);
    ts->cb = cb;
    ts->opaque = opaque;
    ts->scale = scale;
    ts->attributes = attributes;
    ts->next = NULL;
    ts->expire_time = -1;
}

QEMUTimer *timer_new_full(QEMUTimerListGroup *timer_list_group,
                          QEMUClockType type, int scale, int attributes,
                          QEMUTimerCB *cb, void *opaque)
{
    QEMUTimer *ts = g_new0(QEMUTimer, 1);

    timer_init_full(ts, timer_list_group, type, scale, attributes, cb, opaque);
    return ts;
}

static void timer_del_locked(QEMUTimerList *tl, QEMUTimer *ts)
{
    QEMUTimer **pt;

    if (expire_read(ts) < 0) {
        return;
    }
    expire_set(ts, -1);
    for (pt = &tl->active_timers; *pt; pt = &(*pt)->next) {
        if (*pt == ts) {
            *pt = ts->next;
            ts->next = NULL;
            return;
        }
    }
}

/* Returns true when ts became the list's first timer. */
static bool timer_mod_ns_locked(QEMUTimerList *tl, QEMUTimer *ts,
                                int64_t expire_time)
{
    QEMUTimer **pt;

    timer_del_locked(tl, ts);
    /* After the timers with the same deadline: they fire in arming order. */
    for (pt = &tl->active_timers; *pt; pt = &(*pt)->next) {
        if (expire_read(*pt) > expire_time) {
            break;
        }
    }
    ts->next = *pt;
    *pt = ts;
    expire_set(ts, expire_time);
    return pt == &tl->active_timers;
}

/*
 * A new earliest deadline: a main loop blocked in poll computed its
 * timeout from the old one.  The main loop thread itself recomputes the
 * timeout before its next poll, so it need not be woken.
 */
static void timerlist_rearm(QEMUTimerList *tl)
{
    if (!qemu_in_main_loop_thread()) {
        qemu_notify_event();
    }
}

void timer_mod_ns(QEMUTimer *ts, int64_t expire_time)
{
    QEMUTimerList *tl = ts->timer_list;
    bool rearm;

    if (expire_time < 0) {
        expire_time = 0;
    }
    pthread_mutex_lock(&tl->lock);
    rearm = timer_mod_ns_locked(tl, ts, expire_time);
    pthread_mutex_unlock(&tl->lock);
    if (rearm) {
        timerlist_rearm(tl);
    }
}

void timer_mod_anticipate_ns(QEMUTimer *ts, int64_t expire_time)
{
    QEMUTimerList *tl = ts->timer_list;
    bool rearm = false;
    int64_t cur;

    if (expire_time < 0) {
        expire_time = 0;
    }
    pthread_mutex_lock(&tl->lock);
    cur = expire_read(ts);
    if (cur < 0 || expire_time < cur) {
        rearm = timer_mod_ns_locked(tl, ts, expire_time);
    }
    pthread_mutex_unlock(&tl->lock);
    if (rearm) {
        timerlist_rearm(tl);
    }
}

/* expire_time * scale, saturated to int64_t's range. */
static int64_t scale_to_ns(QEMUTimer *ts, int64_t expire_time)
{
    int64_t ns;

    if (__builtin_mul_overflow(expire_time, (int64_t)ts->scale, &ns)) {
        return expire_time < 0 ? INT64_MIN : INT64_MAX;
    }
    return ns;
}

void timer_mod(QEMUTimer *ts, int64_t expire_time)
{
    timer_mod_ns(ts, scale_to_ns(ts, expire_time));
}

void timer_mod_anticipate(QEMUTimer *ts, int64_t expire_time)
{
    timer_mod_anticipate_ns(ts, scale_to_ns(ts, expire_time));
}

void timer_del(QEMUTimer *ts)
{
    QEMUTimerList *tl = ts->timer_list;

    if (!tl) {
        return;
    }
    pthread_mutex_lock(&tl->lock);
    timer_del_locked(tl, ts);
    pthread_mutex_unlock(&tl->lock);
}

void timer_deinit(QEMUTimer *ts)
{
    timer_del(ts);
    ts->timer_list = NULL;
}

void timer_free(QEMUTimer *ts)
{
    if (ts) {
        timer_del(ts);
        g_free(ts);
    }
}

bool timer_pending(QEMUTimer *ts)
{
    return expire_read(ts) >= 0;
}

bool timer_expired(QEMUTimer *timer_head, int64_t current_time)
{
    int64_t expire = expire_read(timer_head);

    return expire >= 0 && expire <= scale_to_ns(timer_head, current_time);
}

uint64_t timer_expire_time_ns(QEMUTimer *ts)
{
    int64_t expire = expire_read(ts);

    return expire >= 0 ? (uint64_t)expire : (uint64_t)-1;
}

void qemu_clock_enable(QEMUClockType type, bool enabled)
{
    QEMUTimerList *tl = timer_list_of(type);
    bool was_disabled;

    was_disabled =
        __atomic_exchange_n(&tl->disabled, !enabled, __ATOMIC_ACQ_REL);
    if (enabled && was_disabled) {
        timerlist_rearm(tl);
    }
}

int64_t qemu_clock_deadline_ns_all(QEMUClockType type, int attr_mask)
{
    QEMUTimerList *tl = timer_list_of(type);
    QEMUTimer *ts;
    int64_t expire = -1;
    int64_t delta;

    if (!list_enabled(tl)) {
        return -1;
    }
    pthread_mutex_lock(&tl->lock);
    for (ts = tl->active_timers; ts; ts = ts->next) {
        if (!(ts->attributes & ~attr_mask)) {
            expire = expire_read(ts);
            break;
        }
    }
    pthread_mutex_unlock(&tl->lock);
    if (expire < 0) {
        return -1;
    }
    delta = expire - qemu_clock_get_ns(type);
    return delta > 0 ? delta : 0;
}

int64_t qemu_timers_main_loop_deadline_ns(void)
{
    int64_t deadline = -1;
    int type;

    for (type = 0; type < QEMU_CLOCK_MAX; type++) {
        int64_t d = qemu_clock_deadline_ns_all(type, QEMU_TIMER_ATTR_ALL);

        /*
         * A stopped clock's future deadlines never come by themselves;
         * only its already expired timers concern the loop.
         */
        if (d > 0 && !qemu_clock_is_running(type)) {
            d = -1;
        }
        deadline = qemu_soonest_timeout(deadline, d);
    }
    return deadline;
}

bool qemu_clock_run_timers(QEMUClockType type)
{
    QEMUTimerList *tl = timer_list_of(type);
    bool progress = false;
    int64_t current_time;

    if (!list_enabled(tl)) {
        return false;
    }
    current_time = qemu_clock_get_ns(type);
    /*
     * Take one expired timer at a time and call it unlocked: the callback
     * may re-arm, delete or free any timer, including itself, so nothing
     * is kept across the call.
     */
    while (list_enabled(tl)) {
        QEMUTimer *ts;
        QEMUTimerCB *cb;
        void *opaque;

        pthread_mutex_lock(&tl->lock);
        ts = tl->active_timers;
        if (!ts || expire_read(ts) > current_time) {
            pthread_mutex_unlock(&tl->lock);
            break;
        }
        tl->active_timers = ts->next;
        ts->next = NULL;
        expire_set(ts, -1);
        cb = ts->cb;
        opaque = ts->opaque;
        pthread_mutex_unlock(&tl->lock);

        cb(opaque);
        progress = true;
    }
    return progress;
}

bool qemu_clock_run_all_timers(void)
{
    bool progress = false;
    int type;

    for (type = 0; type < QEMU_CLOCK_MAX; type++) {
        progress |= qemu_clock_run_timers(type);
    }
    return progress;
}

static void assert_manual_mode(const char *func)
{
    if (qemu_clock_get_virtual_mode() != QEMU_VIRTUAL_CLOCK_MANUAL) {
        g_error("%s: the virtual clock is not in manual mode", func);
    }
}

int64_t qemu_clock_advance_virtual_time(int64_t dest)
{
    int64_t clock;

    assert_manual_mode(__func__);
    qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL);
    clock = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    /*
     * Stop at each deadline on the way, so that timers run at their own
     * time and in deadline order, and a timer a callback arms before dest
     * is met on a later step.
     */
    while (clock < dest) {
        int64_t deadline =
            qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL, QEMU_TIMER_ATTR_ALL);
        int64_t warp = qemu_soonest_timeout(dest - clock, deadline);

        qemu_clock_set_virtual_ns(clock + warp);
        qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL);
        clock = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    }
    return clock;
}

int64_t qtest_clock_step_next(void)
{
    int64_t deadline;

    assert_manual_mode(__func__);
    deadline =
        qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL, QEMU_TIMER_ATTR_ALL);
    if (deadline < 0) {
        return -1;
    }
    return qemu_clock_advance_virtual_time(
        qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + deadline);
}
