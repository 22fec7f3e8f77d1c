/*
 * Clocks and timers with QEMU's names and signatures.
 *
 * Clocks (all in nanoseconds):
 *   QEMU_CLOCK_REALTIME    host monotonic time; runs always.
 *   QEMU_CLOCK_VIRTUAL     guest time: runs with the host while the VM
 *                          runs (between cpu_enable_ticks() and
 *                          cpu_disable_ticks()), frozen otherwise, and 0
 *                          until the VM first starts, as in QEMU.  In
 *                          manual mode (the qtest accelerator) it moves
 *                          only through qemu_clock_advance_virtual_time()
 *                          and qtest_clock_step_next().
 *   QEMU_CLOCK_HOST        host wall-clock time (g_get_real_time()); may
 *                          jump when the host's date is set.
 *   QEMU_CLOCK_VIRTUAL_RT  like VIRTUAL with ticks, but keeps following the
 *                          host in manual mode.
 *
 * Every clock has one list of timers sorted by expiry (equal deadlines in
 * arming order).  The main loop runs the expired timers of every enabled
 * clock, with the big lock held; callbacks may re-arm, delete or free
 * their own timer and modify or create others.  timer_mod*() and
 * timer_del() may be called from any thread; arming a timer earlier than
 * every other one of its clock from outside the main loop thread wakes
 * the main loop.
 *
 * Pausing the VM as QEMU does: cpu_disable_ticks() freezes the virtual
 * clocks and qemu_clock_enable(QEMU_CLOCK_VIRTUAL, false) stops their
 * timers from firing (even those already expired); resuming does the
 * reverse.
 */
#ifndef UTIL_TIMER_H
#define UTIL_TIMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NANOSECONDS_PER_SECOND 1000000000LL

/* Timer scales: how many nanoseconds one unit of a timer's time is. */
#define SCALE_MS 1000000
#define SCALE_US 1000
#define SCALE_NS 1

typedef enum {
    QEMU_CLOCK_REALTIME = 0,
    QEMU_CLOCK_VIRTUAL = 1,
    QEMU_CLOCK_HOST = 2,
    QEMU_CLOCK_VIRTUAL_RT = 3,
    QEMU_CLOCK_MAX
} QEMUClockType;

/*
 * Timer attributes (QEMU's): EXTERNAL marks timers that make the guest
 * observe the outside world (used by record/replay in QEMU); deadline
 * queries take a mask of the attributes to consider.
 */
#define QEMU_TIMER_ATTR_EXTERNAL ((int)(1u << 0))
#define QEMU_TIMER_ATTR_ALL 0xffffffff

typedef void QEMUTimerCB(void *opaque);
typedef struct QEMUTimerList QEMUTimerList;
/* Only the main loop's group exists: pass NULL where one is asked for. */
typedef struct QEMUTimerListGroup QEMUTimerListGroup;

/*
 * Public so that devices can embed timers (timer_init_*); read the fields
 * only through the functions below.
 */
typedef struct QEMUTimer QEMUTimer;
struct QEMUTimer {
    int64_t expire_time; /* in ns; -1 when not pending */
    QEMUTimerList *timer_list;
    QEMUTimerCB *cb;
    void *opaque;
    QEMUTimer *next;
    int attributes;
    int scale;
};

/* Clocks */

int64_t qemu_clock_get_ns(QEMUClockType type);

static inline int64_t qemu_clock_get_us(QEMUClockType type)
{
    return qemu_clock_get_ns(type) / SCALE_US;
}

static inline int64_t qemu_clock_get_ms(QEMUClockType type)
{
    return qemu_clock_get_ns(type) / SCALE_MS;
}

/* Host monotonic time and host wall-clock time, in ns. */
int64_t get_clock(void);
int64_t get_clock_realtime(void);

/*
 * Start / stop the virtual clocks (QEMU's sysemu/cpu-timers.h).  Both are
 * idempotent.  Starting continues from the value the clock had when it
 * stopped.
 */
void cpu_enable_ticks(void);
void cpu_disable_ticks(void);

/*
 * Whether the clock's timers fire (all clocks start enabled).  A disabled
 * clock's timers stay armed but are not run and do not count in deadlines.
 * Re-enabling wakes the main loop.  Call with the big lock held.
 */
void qemu_clock_enable(QEMUClockType type, bool enabled);

/*
 * Manual virtual time (the qtest accelerator).  Switching to MANUAL keeps
 * the current virtual time, which then changes only through the two
 * functions below; switching back to HOST continues from there, following
 * the host while ticks are enabled.
 */
typedef enum {
    QEMU_VIRTUAL_CLOCK_HOST,
    QEMU_VIRTUAL_CLOCK_MANUAL,
} QEMUVirtualClockMode;

void qemu_clock_set_virtual_mode(QEMUVirtualClockMode mode);
QEMUVirtualClockMode qemu_clock_get_virtual_mode(void);

/*
 * Manual mode only (aborts otherwise), with the big lock held.  Move the
 * virtual clock forward to dest, stopping at every timer deadline on the
 * way to run the timers expired at that time in deadline order (a timer
 * armed by a callback for a time <= dest runs in the same advance, in
 * order).  Timers already expired when called run first.  The clock never
 * moves backwards: a dest in the past only runs the expired timers.
 * Returns the new virtual time (dest, or the unchanged time if dest was in
 * the past).  qtest's "clock_step NS" is advance(now + NS), "clock_set NS"
 * is advance(NS).
 */
int64_t qemu_clock_advance_virtual_time(int64_t dest);

/*
 * Manual mode only: set the virtual clock to ns, backwards too.  For a
 * harness that resets the whole machine and wants each run to start at
 * the same time (the device fuzzer); timers keep their deadlines, so
 * call it before the reset that re-arms or deletes them.
 */
void qemu_clock_rewind_virtual_time(int64_t ns);

/*
 * qtest's "clock_step" without argument: advance the virtual clock to the
 * next deadline of an enabled virtual timer and run the timers expired
 * then.  Returns the new virtual time, or -1 (clock unchanged) when no
 * virtual timer is pending.
 */
int64_t qtest_clock_step_next(void);

/*
 * Nanoseconds until the earliest pending timer of the clock expires (0 if
 * already expired), or -1 if there is none or the clock is disabled.
 * Only timers whose attributes are all in attr_mask count
 * (QEMU_TIMER_ATTR_ALL: every timer).
 */
int64_t qemu_clock_deadline_ns_all(QEMUClockType type, int attr_mask);

/*
 * Run the expired timers of one clock / of every clock (what the main loop
 * does on each iteration).  Call with the big lock held.  Return whether
 * any timer ran.
 */
bool qemu_clock_run_timers(QEMUClockType type);
bool qemu_clock_run_all_timers(void);

/* The shorter of two timeouts in ns, where -1 means infinite. */
static inline int64_t qemu_soonest_timeout(int64_t timeout1, int64_t timeout2)
{
    /* (uint64_t)-1 is the largest value: infinite loses every comparison */
    return ((uint64_t)timeout1 < (uint64_t)timeout2) ? timeout1 : timeout2;
}

/* Timers */

/*
 * Initialise an embedded timer.  timer_list_group must be NULL (the main
 * loop's).  An initialised timer is not pending.
 */
void timer_init_full(QEMUTimer *ts, QEMUTimerListGroup *timer_list_group,
                     QEMUClockType type, int scale, int attributes,
                     QEMUTimerCB *cb, void *opaque);

static inline void timer_init(QEMUTimer *ts, QEMUClockType type, int scale,
                              QEMUTimerCB *cb, void *opaque)
{
    timer_init_full(ts, NULL, type, scale, 0, cb, opaque);
}

static inline void timer_init_ns(QEMUTimer *ts, QEMUClockType type,
                                 QEMUTimerCB *cb, void *opaque)
{
    timer_init(ts, type, SCALE_NS, cb, opaque);
}

static inline void timer_init_us(QEMUTimer *ts, QEMUClockType type,
                                 QEMUTimerCB *cb, void *opaque)
{
    timer_init(ts, type, SCALE_US, cb, opaque);
}

static inline void timer_init_ms(QEMUTimer *ts, QEMUClockType type,
                                 QEMUTimerCB *cb, void *opaque)
{
    timer_init(ts, type, SCALE_MS, cb, opaque);
}

/* Disarm an embedded timer before its memory goes away. */
void timer_deinit(QEMUTimer *ts);

/* Allocate and initialise a timer; free it with timer_free(). */
QEMUTimer *timer_new_full(QEMUTimerListGroup *timer_list_group,
                          QEMUClockType type, int scale, int attributes,
                          QEMUTimerCB *cb, void *opaque);

static inline QEMUTimer *timer_new(QEMUClockType type, int scale,
                                   QEMUTimerCB *cb, void *opaque)
{
    return timer_new_full(NULL, type, scale, 0, cb, opaque);
}

static inline QEMUTimer *timer_new_ns(QEMUClockType type, QEMUTimerCB *cb,
                                      void *opaque)
{
    return timer_new(type, SCALE_NS, cb, opaque);
}

static inline QEMUTimer *timer_new_us(QEMUClockType type, QEMUTimerCB *cb,
                                      void *opaque)
{
    return timer_new(type, SCALE_US, cb, opaque);
}

static inline QEMUTimer *timer_new_ms(QEMUClockType type, QEMUTimerCB *cb,
                                      void *opaque)
{
    return timer_new(type, SCALE_MS, cb, opaque);
}

/* Disarm and free; NULL is allowed.  Safe from the timer's own callback. */
void timer_free(QEMUTimer *ts);

/*
 * Arm (or re-arm) the timer to expire at expire_time, in ns for
 * timer_mod_ns and in the timer's scale for timer_mod, on its clock.
 * Times before 0 are taken as 0; times too large for ns saturate.
 */
void timer_mod_ns(QEMUTimer *ts, int64_t expire_time);
void timer_mod(QEMUTimer *ts, int64_t expire_time);

/* Like timer_mod*, but only ever moves a pending timer earlier. */
void timer_mod_anticipate_ns(QEMUTimer *ts, int64_t expire_time);
void timer_mod_anticipate(QEMUTimer *ts, int64_t expire_time);

/* Disarm; no-op if not pending. */
void timer_del(QEMUTimer *ts);

bool timer_pending(QEMUTimer *ts);

/* Pending and expiring at or before current_time (in the timer's scale). */
bool timer_expired(QEMUTimer *timer_head, int64_t current_time);

/* The expiry time in ns, or -1 if not pending. */
uint64_t timer_expire_time_ns(QEMUTimer *ts);

#endif /* UTIL_TIMER_H */
