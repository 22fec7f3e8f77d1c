/*
 * Unit tests for util/timer.h: timer lists (order, re-arming, deletion and
 * creation from callbacks), scales, the virtual clock's start/stop, and
 * the manual virtual clock the qtest accelerator steps.
 *
 * Most tests drive QEMU_CLOCK_VIRTUAL in manual mode, so they are exact
 * and independent of the host's speed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu-test.h"
#include "util/main-loop.h"
#include "util/timer.h"

#define MAX_FIRES 64

/* What fired, in order, and the virtual time each callback saw. */
typedef struct Fire {
    int id;
    int64_t when;
} Fire;

static Fire fires[MAX_FIRES];
static int n_fires;

typedef struct TestTimer {
    QEMUTimer *t;
    int id;
    int rearm_count;    /* re-arm this many more times ... */
    int64_t rearm_step; /* ... this many ns later */
    QEMUTimer *del_other;
    bool free_self;
    bool del_self_after_rearm;
    struct TestTimer *spawn; /* arm spawn->t at spawn_at */
    int64_t spawn_at;
} TestTimer;

static void record(int id)
{
    assert_true(n_fires < MAX_FIRES);
    fires[n_fires].id = id;
    fires[n_fires].when = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    n_fires++;
}

static void test_cb(void *opaque)
{
    TestTimer *tt = opaque;

    record(tt->id);
    if (tt->rearm_count > 0) {
        tt->rearm_count--;
        timer_mod_ns(tt->t,
                     qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + tt->rearm_step);
        if (tt->del_self_after_rearm) {
            timer_del(tt->t);
        }
    }
    if (tt->del_other) {
        timer_del(tt->del_other);
    }
    if (tt->spawn) {
        timer_mod_ns(tt->spawn->t, tt->spawn_at);
    }
    if (tt->free_self) {
        timer_free(tt->t);
        tt->t = NULL;
    }
}

static void tt_init(TestTimer *tt, int id)
{
    memset(tt, 0, sizeof(*tt));
    tt->id = id;
    tt->t = timer_new_ns(QEMU_CLOCK_VIRTUAL, test_cb, tt);
}

static int64_t vnow(void)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static int setup(void **state)
{
    n_fires = 0;
    qemu_clock_set_virtual_mode(QEMU_VIRTUAL_CLOCK_MANUAL);
    qemu_mutex_lock_iothread();
    /* Nothing may be left pending by an earlier test. */
    assert_int_equal(
        qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL, QEMU_TIMER_ATTR_ALL),
        -1);
    return 0;
}

static int teardown(void **state)
{
    qemu_mutex_unlock_iothread();
    return 0;
}

static void test_expiry_order(void **state)
{
    static const int64_t when[] = {700, 100, 900, 300,  500, 200,
                                   800, 400, 600, 1000, 150, 50};
    TestTimer tt[G_N_ELEMENTS(when)];
    int64_t base = vnow();
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(when); i++) {
        tt_init(&tt[i], (int)i);
        timer_mod_ns(tt[i].t, base + when[i]);
    }
    assert_int_equal(qemu_clock_advance_virtual_time(base + 2000), base + 2000);
    assert_int_equal(n_fires, G_N_ELEMENTS(when));
    for (i = 0; i < G_N_ELEMENTS(when); i++) {
        /* each callback ran at its own deadline, in deadline order */
        assert_int_equal(fires[i].when, base + when[fires[i].id]);
        if (i > 0) {
            assert_true(fires[i].when > fires[i - 1].when);
        }
    }
    for (i = 0; i < G_N_ELEMENTS(when); i++) {
        timer_free(tt[i].t);
    }
}

static void test_equal_deadlines_in_arming_order(void **state)
{
    TestTimer tt[6];
    int64_t base = vnow();
    int i;

    for (i = 0; i < 6; i++) {
        tt_init(&tt[i], i);
    }
    /* Arm 3, 1, 5, 0, 4, 2 for the same time; re-arming 1 moves it last. */
    timer_mod_ns(tt[3].t, base + 10);
    timer_mod_ns(tt[1].t, base + 10);
    timer_mod_ns(tt[5].t, base + 10);
    timer_mod_ns(tt[0].t, base + 10);
    timer_mod_ns(tt[4].t, base + 10);
    timer_mod_ns(tt[2].t, base + 10);
    timer_mod_ns(tt[1].t, base + 10);
    qemu_clock_advance_virtual_time(base + 10);
    assert_int_equal(n_fires, 6);
    assert_int_equal(fires[0].id, 3);
    assert_int_equal(fires[1].id, 5);
    assert_int_equal(fires[2].id, 0);
    assert_int_equal(fires[3].id, 4);
    assert_int_equal(fires[4].id, 2);
    assert_int_equal(fires[5].id, 1);
    for (i = 0; i < 6; i++) {
        timer_free(tt[i].t);
    }
}

static void test_rearm_from_callback(void **state)
{
    TestTimer tt;
    int64_t base = vnow();
    int i;

    tt_init(&tt, 1);
    tt.rearm_count = 4;
    tt.rearm_step = 100;
    timer_mod_ns(tt.t, base + 100);
    qemu_clock_advance_virtual_time(base + 1000);
    assert_int_equal(n_fires, 5);
    for (i = 0; i < 5; i++) {
        assert_int_equal(fires[i].when, base + 100 * (i + 1));
    }
    assert_false(timer_pending(tt.t));
    timer_free(tt.t);
}

static void test_delete_self_in_callback(void **state)
{
    TestTimer tt;
    int64_t base = vnow();

    tt_init(&tt, 1);
    tt.rearm_count = 1;
    tt.rearm_step = 50;
    tt.del_self_after_rearm = true;
    timer_mod_ns(tt.t, base + 10);
    qemu_clock_advance_virtual_time(base + 1000);
    assert_int_equal(n_fires, 1);
    assert_false(timer_pending(tt.t));
    timer_free(tt.t);
}

static void test_free_self_in_callback(void **state)
{
    TestTimer a, b;
    int64_t base = vnow();

    tt_init(&a, 1);
    tt_init(&b, 2);
    a.free_self = true;
    timer_mod_ns(a.t, base + 10);
    timer_mod_ns(b.t, base + 20);
    qemu_clock_advance_virtual_time(base + 30);
    assert_null(a.t);
    assert_int_equal(n_fires, 2);
    assert_int_equal(fires[0].id, 1);
    assert_int_equal(fires[1].id, 2);
    timer_free(b.t);
}

static void test_delete_other_in_callback(void **state)
{
    TestTimer a, b, c;
    int64_t base = vnow();

    tt_init(&a, 1);
    tt_init(&b, 2);
    tt_init(&c, 3);
    /* b expires at the same time as a and c later: a deletes both. */
    a.del_other = b.t;
    timer_mod_ns(a.t, base + 10);
    timer_mod_ns(b.t, base + 10);
    timer_mod_ns(c.t, base + 20);
    qemu_clock_advance_virtual_time(base + 5);
    assert_int_equal(n_fires, 0);
    qemu_clock_advance_virtual_time(base + 30);
    assert_int_equal(n_fires, 2);
    assert_int_equal(fires[0].id, 1);
    assert_int_equal(fires[1].id, 3);
    assert_false(timer_pending(b.t));
    timer_free(a.t);
    timer_free(b.t);
    timer_free(c.t);
}

static void test_delete_later_timer_in_callback(void **state)
{
    TestTimer a, b;
    int64_t base = vnow();

    tt_init(&a, 1);
    tt_init(&b, 2);
    a.del_other = b.t;
    timer_mod_ns(a.t, base + 10);
    timer_mod_ns(b.t, base + 20);
    qemu_clock_advance_virtual_time(base + 100);
    assert_int_equal(n_fires, 1);
    assert_int_equal(fires[0].id, 1);
    assert_int_equal(
        qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL, QEMU_TIMER_ATTR_ALL),
        -1);
    timer_free(a.t);
    timer_free(b.t);
}

static void test_mod_anticipate(void **state)
{
    TestTimer tt;
    int64_t base = vnow();

    tt_init(&tt, 1);
    /* not pending: anticipate arms */
    timer_mod_anticipate_ns(tt.t, base + 500);
    assert_int_equal(timer_expire_time_ns(tt.t), base + 500);
    /* later: ignored */
    timer_mod_anticipate_ns(tt.t, base + 700);
    assert_int_equal(timer_expire_time_ns(tt.t), base + 500);
    /* earlier: moves */
    timer_mod_anticipate_ns(tt.t, base + 300);
    assert_int_equal(timer_expire_time_ns(tt.t), base + 300);
    /* in the timer's scale */
    timer_free(tt.t);
    tt.t = timer_new_us(QEMU_CLOCK_VIRTUAL, test_cb, &tt);
    timer_mod(tt.t, 1000);
    timer_mod_anticipate(tt.t, 2000);
    assert_int_equal(timer_expire_time_ns(tt.t), 1000 * SCALE_US);
    timer_mod_anticipate(tt.t, 5);
    assert_int_equal(timer_expire_time_ns(tt.t), 5 * SCALE_US);
    timer_free(tt.t);
}

static void test_pending_and_expire_time(void **state)
{
    TestTimer tt;
    int64_t base = vnow();

    tt_init(&tt, 1);
    assert_false(timer_pending(tt.t));
    assert_int_equal(timer_expire_time_ns(tt.t), (uint64_t)-1);
    timer_mod_ns(tt.t, base + 42);
    assert_true(timer_pending(tt.t));
    assert_int_equal(timer_expire_time_ns(tt.t), base + 42);
    assert_int_equal(
        qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL, QEMU_TIMER_ATTR_ALL),
        42);
    timer_del(tt.t);
    assert_false(timer_pending(tt.t));
    assert_int_equal(timer_expire_time_ns(tt.t), (uint64_t)-1);
    timer_del(tt.t); /* deleting twice is harmless */
    timer_mod_ns(tt.t, base + 10);
    qemu_clock_advance_virtual_time(base + 10);
    assert_int_equal(n_fires, 1);
    /* a timer that fired is no longer pending */
    assert_false(timer_pending(tt.t));
    assert_int_equal(timer_expire_time_ns(tt.t), (uint64_t)-1);
    timer_free(tt.t);
}

static void test_timer_expired(void **state)
{
    QEMUTimer *t = timer_new_us(QEMU_CLOCK_VIRTUAL, test_cb, NULL);

    assert_false(timer_expired(t, 0));
    assert_false(timer_expired(t, INT64_MAX / SCALE_US));
    timer_mod(t, 100);
    assert_false(timer_expired(t, 99));
    assert_true(timer_expired(t, 100));
    assert_true(timer_expired(t, 101));
    timer_free(t);
    timer_free(NULL);
}

static void test_scales(void **state)
{
    QEMUTimer *ms = timer_new_ms(QEMU_CLOCK_VIRTUAL, test_cb, NULL);
    QEMUTimer *us = timer_new_us(QEMU_CLOCK_VIRTUAL, test_cb, NULL);
    QEMUTimer *ns = timer_new_ns(QEMU_CLOCK_VIRTUAL, test_cb, NULL);
    QEMUTimer *sc = timer_new(QEMU_CLOCK_VIRTUAL, 7, test_cb, NULL);

    timer_mod(ms, 3);
    timer_mod(us, 3);
    timer_mod(ns, 3);
    timer_mod(sc, 3);
    assert_int_equal(timer_expire_time_ns(ms), 3 * SCALE_MS);
    assert_int_equal(timer_expire_time_ns(us), 3 * SCALE_US);
    assert_int_equal(timer_expire_time_ns(ns), 3);
    assert_int_equal(timer_expire_time_ns(sc), 21);
    /* timer_mod_ns is always in ns */
    timer_mod_ns(ms, 5);
    assert_int_equal(timer_expire_time_ns(ms), 5);
    /* saturation instead of overflow; negative times are 0 */
    timer_mod(ms, INT64_MAX / 2);
    assert_int_equal(timer_expire_time_ns(ms), INT64_MAX);
    timer_mod(us, -5);
    assert_int_equal(timer_expire_time_ns(us), 0);
    timer_mod(ns, INT64_MIN);
    assert_int_equal(timer_expire_time_ns(ns), 0);
    timer_free(ms);
    timer_free(us);
    timer_free(ns);
    timer_free(sc);
    assert_int_equal(qemu_clock_get_ms(QEMU_CLOCK_VIRTUAL),
                     qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) / SCALE_MS);
    assert_int_equal(qemu_clock_get_us(QEMU_CLOCK_VIRTUAL),
                     qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) / SCALE_US);
}

static void counter_cb(void *opaque)
{
    (*(int *)opaque)++;
}

static void test_embedded_timer(void **state)
{
    struct {
        uint32_t before;
        QEMUTimer timer;
        uint32_t after;
    } dev = {.before = 0xaaaaaaaa, .after = 0x55555555};
    int count = 0;

    timer_init_ms(&dev.timer, QEMU_CLOCK_VIRTUAL, counter_cb, &count);
    assert_false(timer_pending(&dev.timer));
    timer_mod(&dev.timer, 4);
    assert_int_equal(timer_expire_time_ns(&dev.timer), 4 * SCALE_MS);
    timer_deinit(&dev.timer);
    assert_false(timer_pending(&dev.timer));
    timer_init_ns(&dev.timer, QEMU_CLOCK_REALTIME, counter_cb, &count);
    timer_mod(&dev.timer, 4);
    assert_int_equal(timer_expire_time_ns(&dev.timer), 4);
    timer_deinit(&dev.timer);
    assert_int_equal(dev.before, 0xaaaaaaaa);
    assert_int_equal(dev.after, 0x55555555);
    assert_int_equal(count, 0);
}

static void test_embedded_timer_fires(void **state)
{
    QEMUTimer t;
    int count = 0;
    int64_t base = vnow();

    timer_init_us(&t, QEMU_CLOCK_VIRTUAL, counter_cb, &count);
    timer_mod(&t, base / SCALE_US + 2);
    qemu_clock_advance_virtual_time(base / SCALE_US * SCALE_US + 2 * SCALE_US -
                                    1);
    assert_int_equal(count, 0);
    qemu_clock_advance_virtual_time(base / SCALE_US * SCALE_US + 2 * SCALE_US);
    assert_int_equal(count, 1);
    /* a deinit'ed pending timer leaves no trace in its list */
    timer_mod(&t, base / SCALE_US + 100);
    timer_deinit(&t);
    assert_int_equal(
        qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL, QEMU_TIMER_ATTR_ALL),
        -1);
}

static void test_step_next(void **state)
{
    TestTimer a, b;
    int64_t base = vnow();

    tt_init(&a, 1);
    tt_init(&b, 2);
    timer_mod_ns(a.t, base + 1000);
    timer_mod_ns(b.t, base + 3000);
    assert_int_equal(qtest_clock_step_next(), base + 1000);
    assert_int_equal(vnow(), base + 1000);
    assert_int_equal(n_fires, 1);
    assert_int_equal(fires[0].id, 1);
    assert_int_equal(qtest_clock_step_next(), base + 3000);
    assert_int_equal(n_fires, 2);
    assert_int_equal(fires[1].id, 2);
    assert_int_equal(fires[1].when, base + 3000);
    timer_free(a.t);
    timer_free(b.t);
}

static void test_step_next_no_deadline(void **state)
{
    int64_t base = vnow();
    QEMUTimer *t = timer_new_ns(QEMU_CLOCK_REALTIME, counter_cb, NULL);

    /* a pending timer of another clock does not count */
    timer_mod_ns(t, qemu_clock_get_ns(QEMU_CLOCK_REALTIME) +
                        1000 * NANOSECONDS_PER_SECOND);
    assert_int_equal(qtest_clock_step_next(), -1);
    assert_int_equal(vnow(), base);
    timer_free(t);
}

static void test_advance_runs_timers_armed_during_advance(void **state)
{
    TestTimer a, b, c, d;
    int64_t base = vnow();

    tt_init(&a, 1);
    tt_init(&b, 2);
    tt_init(&c, 3);
    tt_init(&d, 4);
    /* a at +100 arms b for +150 (before c at +200) */
    a.spawn = &b;
    a.spawn_at = base + 150;
    /* c at +200 arms d for +300, exactly the destination */
    c.spawn = &d;
    c.spawn_at = base + 300;
    timer_mod_ns(a.t, base + 100);
    timer_mod_ns(c.t, base + 200);
    assert_int_equal(qemu_clock_advance_virtual_time(base + 300), base + 300);
    assert_int_equal(n_fires, 4);
    assert_int_equal(fires[0].id, 1);
    assert_int_equal(fires[0].when, base + 100);
    assert_int_equal(fires[1].id, 2);
    assert_int_equal(fires[1].when, base + 150);
    assert_int_equal(fires[2].id, 3);
    assert_int_equal(fires[2].when, base + 200);
    assert_int_equal(fires[3].id, 4);
    assert_int_equal(fires[3].when, base + 300);
    timer_free(a.t);
    timer_free(b.t);
    timer_free(c.t);
    timer_free(d.t);
}

static void test_advance_timer_armed_in_the_past(void **state)
{
    TestTimer a, b, c;
    int64_t base = vnow();

    tt_init(&a, 1);
    tt_init(&b, 2);
    tt_init(&c, 3);
    /*
     * a at +100 arms b for +50 (already past): b runs at once, at +100,
     * and before c (+100), whose deadline is later than b's.
     */
    a.spawn = &b;
    a.spawn_at = base + 50;
    timer_mod_ns(a.t, base + 100);
    timer_mod_ns(c.t, base + 100);
    qemu_clock_advance_virtual_time(base + 500);
    assert_int_equal(n_fires, 3);
    assert_int_equal(fires[0].id, 1);
    assert_int_equal(fires[1].id, 2);
    assert_int_equal(fires[1].when, base + 100);
    assert_int_equal(fires[2].id, 3);
    timer_free(a.t);
    timer_free(b.t);
    timer_free(c.t);
}

static void test_advance_beyond_dest_not_run(void **state)
{
    TestTimer a;
    int64_t base = vnow();

    tt_init(&a, 1);
    timer_mod_ns(a.t, base + 301);
    assert_int_equal(qemu_clock_advance_virtual_time(base + 300), base + 300);
    assert_int_equal(n_fires, 0);
    assert_int_equal(
        qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL, QEMU_TIMER_ATTR_ALL), 1);
    /* clock_set to the past: no move, returns the current time */
    assert_int_equal(qemu_clock_advance_virtual_time(base), base + 300);
    assert_int_equal(vnow(), base + 300);
    timer_free(a.t);
}

static void test_advance_runs_already_expired(void **state)
{
    TestTimer a;
    int64_t base = vnow();

    tt_init(&a, 1);
    timer_mod_ns(a.t, base - 5);
    assert_int_equal(
        qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL, QEMU_TIMER_ATTR_ALL), 0);
    /* clock_step with a timer at the current time runs it, stays put */
    assert_int_equal(qtest_clock_step_next(), base);
    assert_int_equal(n_fires, 1);
    timer_free(a.t);
}

static void test_clock_enable(void **state)
{
    TestTimer a;
    int64_t base = vnow();

    tt_init(&a, 1);
    timer_mod_ns(a.t, base + 10);
    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, false);
    assert_int_equal(
        qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL, QEMU_TIMER_ATTR_ALL),
        -1);
    qemu_clock_advance_virtual_time(base + 100);
    assert_int_equal(n_fires, 0);
    assert_true(timer_pending(a.t));
    assert_false(qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL));
    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, true);
    assert_true(qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL));
    assert_int_equal(n_fires, 1);
    assert_int_equal(fires[0].when, base + 100);
    timer_free(a.t);
}

static void test_deadline_attributes(void **state)
{
    int64_t base = vnow();
    QEMUTimer *ext = timer_new_full(NULL, QEMU_CLOCK_VIRTUAL, SCALE_NS,
                                    QEMU_TIMER_ATTR_EXTERNAL, counter_cb, NULL);
    QEMUTimer *plain = timer_new_ns(QEMU_CLOCK_VIRTUAL, counter_cb, NULL);

    timer_mod_ns(ext, base + 10);
    timer_mod_ns(plain, base + 20);
    assert_int_equal(
        qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL, QEMU_TIMER_ATTR_ALL),
        10);
    assert_int_equal(qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL,
                                                QEMU_TIMER_ATTR_EXTERNAL),
                     10);
    /* mask 0: only timers without attributes count */
    assert_int_equal(qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL, 0), 20);
    timer_free(ext);
    timer_free(plain);
}

static void test_soonest_timeout(void **state)
{
    assert_int_equal(qemu_soonest_timeout(-1, -1), -1);
    assert_int_equal(qemu_soonest_timeout(-1, 5), 5);
    assert_int_equal(qemu_soonest_timeout(7, -1), 7);
    assert_int_equal(qemu_soonest_timeout(7, 5), 5);
    assert_int_equal(qemu_soonest_timeout(0, -1), 0);
}

static void test_manual_mode_switch(void **state)
{
    int64_t t0, t1;

    /* manual: constant however long we wait */
    t0 = vnow();
    g_usleep(2000);
    assert_int_equal(vnow(), t0);
    qemu_clock_advance_virtual_time(t0 + 1000000);
    /* back to the host with ticks on: continues from the manual value */
    cpu_enable_ticks();
    qemu_clock_set_virtual_mode(QEMU_VIRTUAL_CLOCK_HOST);
    assert_int_equal(qemu_clock_get_virtual_mode(), QEMU_VIRTUAL_CLOCK_HOST);
    t1 = vnow();
    assert_true(t1 >= t0 + 1000000);
    cpu_disable_ticks();
    qemu_clock_set_virtual_mode(QEMU_VIRTUAL_CLOCK_MANUAL);
    assert_true(vnow() >= t1);
    assert_int_equal(qemu_clock_get_virtual_mode(), QEMU_VIRTUAL_CLOCK_MANUAL);
}

static void test_advance_aborts_in_host_mode(void *opaque)
{
    qemu_clock_set_virtual_mode(QEMU_VIRTUAL_CLOCK_HOST);
    qemu_clock_advance_virtual_time(100);
}

static void test_advance_requires_manual_mode(void **state)
{
    ChildResult r = run_in_child(test_advance_aborts_in_host_mode, NULL);

    assert_false(r.exited);
    assert_non_null(strstr(r.err, "not in manual mode"));
    g_free(r.err);
}

/* Host-mode virtual clock: frozen while ticks are disabled. */
static void test_virtual_clock_stopped(void **state)
{
    int count = 0;
    int64_t frozen, frozen_rt;
    QEMUTimer *t = timer_new_ns(QEMU_CLOCK_VIRTUAL, counter_cb, &count);
    int i;

    qemu_clock_set_virtual_mode(QEMU_VIRTUAL_CLOCK_HOST);
    frozen = vnow();
    frozen_rt = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL_RT);
    timer_mod_ns(t, frozen + 1);
    for (i = 0; i < 3; i++) {
        g_usleep(1000);
        assert_false(qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL));
        assert_int_equal(vnow(), frozen);
        assert_int_equal(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL_RT), frozen_rt);
    }
    assert_int_equal(count, 0);

    /* started: time moves on from where it stopped, and the timer fires */
    cpu_enable_ticks();
    cpu_enable_ticks(); /* idempotent */
    assert_true(vnow() >= frozen);
    for (i = 0; i < 10000 && count == 0; i++) {
        g_usleep(100);
        qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL);
    }
    assert_int_equal(count, 1);
    assert_true(vnow() > frozen);

    /* stopped again: frozen at a later value */
    cpu_disable_ticks();
    cpu_disable_ticks();
    frozen = vnow();
    frozen_rt = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL_RT);
    g_usleep(1000);
    assert_int_equal(vnow(), frozen);
    assert_int_equal(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL_RT), frozen_rt);
    timer_free(t);
    qemu_clock_set_virtual_mode(QEMU_VIRTUAL_CLOCK_MANUAL);
}

/* VIRTUAL_RT follows the host with ticks on even in manual mode. */
static void test_virtual_rt_in_manual_mode(void **state)
{
    int64_t v = vnow();
    int64_t rt0, rt1;
    int i;

    cpu_enable_ticks();
    rt0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL_RT);
    for (i = 0; i < 10000; i++) {
        rt1 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL_RT);
        if (rt1 > rt0) {
            break;
        }
        g_usleep(100);
    }
    assert_true(rt1 > rt0);
    assert_int_equal(vnow(), v);
    cpu_disable_ticks();
}

static void test_host_clocks(void **state)
{
    int64_t before, host, after, rt0, rt1;

    before = g_get_real_time() * SCALE_US;
    host = qemu_clock_get_ns(QEMU_CLOCK_HOST);
    after = g_get_real_time() * SCALE_US;
    assert_true(before <= host && host <= after);

    rt0 = qemu_clock_get_ns(QEMU_CLOCK_REALTIME);
    g_usleep(1000);
    rt1 = qemu_clock_get_ns(QEMU_CLOCK_REALTIME);
    /* monotonic and in ns: a 1 ms sleep is at least 1e6 ns */
    assert_true(rt1 - rt0 >= SCALE_MS);
    assert_true(get_clock() >= rt1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
        T(test_expiry_order),
        T(test_equal_deadlines_in_arming_order),
        T(test_rearm_from_callback),
        T(test_delete_self_in_callback),
        T(test_free_self_in_callback),
        T(test_delete_other_in_callback),
        T(test_delete_later_timer_in_callback),
        T(test_mod_anticipate),
        T(test_pending_and_expire_time),
        T(test_timer_expired),
        T(test_scales),
        T(test_embedded_timer),
        T(test_embedded_timer_fires),
        T(test_step_next),
        T(test_step_next_no_deadline),
        T(test_advance_runs_timers_armed_during_advance),
        T(test_advance_timer_armed_in_the_past),
        T(test_advance_beyond_dest_not_run),
        T(test_advance_runs_already_expired),
        T(test_clock_enable),
        T(test_deadline_attributes),
        T(test_soonest_timeout),
        T(test_manual_mode_switch),
        T(test_advance_requires_manual_mode),
        T(test_virtual_clock_stopped),
        T(test_virtual_rt_in_manual_mode),
        T(test_host_clocks),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
