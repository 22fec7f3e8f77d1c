/*
 * Bottom halves: callbacks the main loop runs soon after they are
 * scheduled, from any thread.
 */
#include <pthread.h>
#include "util/main-loop.h"
#include "main-loop-int.h"

/*
 * bh_lock protects the list links.  A BH is freed only when no dispatch
 * is walking the list (bh_walking == 0); deleted ones are unlinked after
 * the walk.  "scheduled" and "deleted" are atomics because qemu_bh_schedule
 * may come from any thread without the big lock.
 */
struct QEMUBH {
    QEMUBHFunc *cb;
    void *opaque;
    int scheduled;
    int deleted;
    QEMUBH *next;
};

static pthread_mutex_t bh_lock = PTHREAD_MUTEX_INITIALIZER;
static QEMUBH *bh_head;
static QEMUBH **bh_tail = &bh_head;
static int bh_walking;
static bool bh_has_deleted;

QEMUBH *qemu_bh_new(QEMUBHFunc *cb, void *opaque)
{
    QEMUBH *bh = g_new0(QEMUBH, 1);

    bh->cb = cb;
    bh->opaque = opaque;
    pthread_mutex_lock(&bh_lock);
    *bh_tail = bh;
    bh_tail = &bh->next;
    pthread_mutex_unlock(&bh_lock);
    return bh;
}

void qemu_bh_schedule(QEMUBH *bh)
{
    /* Only the transition wakes the loop: scheduling is idempotent. */
    if (__atomic_exchange_n(&bh->scheduled, 1, __ATOMIC_ACQ_REL) == 0) {
        qemu_notify_event();
    }
}

void qemu_bh_cancel(QEMUBH *bh)
{
    __atomic_store_n(&bh->scheduled, 0, __ATOMIC_RELEASE);
}

static void bh_sweep_locked(void)
{
    QEMUBH **pbh = &bh_head;

    while (*pbh) {
        QEMUBH *bh = *pbh;

        if (__atomic_load_n(&bh->deleted, __ATOMIC_ACQUIRE)) {
            *pbh = bh->next;
            g_free(bh);
        } else {
            pbh = &bh->next;
        }
    }
    bh_tail = pbh;
    bh_has_deleted = false;
}

void qemu_bh_delete(QEMUBH *bh)
{
    pthread_mutex_lock(&bh_lock);
    __atomic_store_n(&bh->scheduled, 0, __ATOMIC_RELEASE);
    __atomic_store_n(&bh->deleted, 1, __ATOMIC_RELEASE);
    bh_has_deleted = true;
    if (bh_walking == 0) {
        bh_sweep_locked();
    }
    pthread_mutex_unlock(&bh_lock);
}

static bool bh_any_scheduled(void)
{
    bool any = false;
    QEMUBH *bh;

    pthread_mutex_lock(&bh_lock);
    for (bh = bh_head; bh; bh = bh->next) {
        if (__atomic_load_n(&bh->scheduled, __ATOMIC_ACQUIRE)) {
            any = true;
            break;
        }
    }
    pthread_mutex_unlock(&bh_lock);
    return any;
}

static gboolean bh_source_prepare(GSource *source, gint *timeout)
{
    *timeout = -1;
    if (bh_any_scheduled()) {
        *timeout = 0;
        return TRUE;
    }
    return FALSE;
}

static gboolean bh_source_check(GSource *source)
{
    return bh_any_scheduled();
}

/*
 * One pass over the list: each BH scheduled when reached runs once.  A BH
 * that schedules itself again runs in a later iteration (the next prepare
 * sees it), so a self-rescheduling BH cannot starve the loop.
 */
static gboolean bh_source_dispatch(GSource *source, GSourceFunc callback,
                                   gpointer user_data)
{
    QEMUBH *bh;

    pthread_mutex_lock(&bh_lock);
    bh_walking++;
    bh = bh_head;
    pthread_mutex_unlock(&bh_lock);

    while (bh) {
        if (!__atomic_load_n(&bh->deleted, __ATOMIC_ACQUIRE) &&
            __atomic_exchange_n(&bh->scheduled, 0, __ATOMIC_ACQ_REL)) {
            bh->cb(bh->opaque);
        }
        pthread_mutex_lock(&bh_lock);
        bh = bh->next;
        pthread_mutex_unlock(&bh_lock);
    }

    pthread_mutex_lock(&bh_lock);
    if (--bh_walking == 0 && bh_has_deleted) {
        bh_sweep_locked();
    }
    pthread_mutex_unlock(&bh_lock);
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs bh_source_funcs = {
    .prepare = bh_source_prepare,
    .check = bh_source_check,
    .dispatch = bh_source_dispatch,
};

GSource *bh_source_new(void)
{
    GSource *source = g_source_new(&bh_source_funcs, sizeof(GSource));

    g_source_set_name(source, "emu-bottom-halves");
    return source;
}
