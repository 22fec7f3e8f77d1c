/*
 * Deferred freeing of flat views: a small epoch-based RCU.
 *
 * Readers (address_space_* dispatch, possibly several vCPU threads) load
 * an address space's view pointer without a lock.  The updater (the thread
 * holding the big lock) publishes a new view with an atomic store, and the
 * old one must stay valid until no reader can still hold it.
 *
 * A global epoch counter gp_ctr only grows.  A reader entering its
 * outermost section records the current epoch in its per-thread slot, and
 * only then loads a view pointer; leaving, it clears the slot.  Retiring
 * an object (after its pointer was replaced) bumps the epoch and tags the
 * object with the epoch before the bump, e.  A reader whose slot is 0 or
 * greater than e began after the replacement was visible, so it cannot
 * hold the object; the object is freed once every slot is in that state.
 * The reader's slot store and view-pointer load, and the updater's
 * pointer store and slot loads, are all sequentially consistent atomics,
 * so the two store-then-load pairs are totally ordered: either the
 * reclaimer sees the reader's slot, or the reader sees the new pointer.
 * (On x86 that costs one locked store per read section, the same as a
 * fence, and ThreadSanitizer understands it.)
 *
 * Nothing ever waits: reclamation is attempted when an object is retired
 * and when a thread leaves its outermost section while objects are
 * pending.
 */
#include <glib.h>
#include <pthread.h>

#include "memory-internal.h"

typedef struct RcuReader {
    uint64_t ctr;   /* 0: outside; else the epoch at entry */
    unsigned depth; /* nesting, touched by the owning thread only */
} RcuReader;

typedef struct RcuCallback {
    void (*fn)(void *);
    void *data;
    uint64_t epoch;
} RcuCallback;

static uint64_t gp_ctr = 1;
static unsigned pending_count;
static pthread_mutex_t rcu_lock = PTHREAD_MUTEX_INITIALIZER;
static GPtrArray *readers; /* RcuReader *, under rcu_lock */
static GArray *callbacks;  /* RcuCallback, under rcu_lock */
static pthread_key_t reader_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static __thread RcuReader *tls_reader;

static void reader_unregister(void *opaque)
{
    RcuReader *r = opaque;

    pthread_mutex_lock(&rcu_lock);
    g_ptr_array_remove_fast(readers, r);
    pthread_mutex_unlock(&rcu_lock);
    g_free(r);
}

static void key_init(void)
{
    pthread_key_create(&reader_key, reader_unregister);
}

static RcuReader *reader_register(void)
{
    RcuReader *r = g_new0(RcuReader, 1);

    pthread_once(&key_once, key_init);
    pthread_mutex_lock(&rcu_lock);
    if (!readers) {
        readers = g_ptr_array_new();
    }
    g_ptr_array_add(readers, r);
    pthread_mutex_unlock(&rcu_lock);
    /* The destructor unregisters the slot when the thread exits. */
    pthread_setspecific(reader_key, r);
    tls_reader = r;
    return r;
}

void mem_rcu_read_lock(void)
{
    RcuReader *r = tls_reader;

    if (!r) {
        r = reader_register();
    }
    if (r->depth++ == 0) {
        __atomic_store_n(&r->ctr, __atomic_load_n(&gp_ctr, __ATOMIC_ACQUIRE),
                         __ATOMIC_SEQ_CST);
    }
}

void mem_rcu_read_unlock(void)
{
    RcuReader *r = tls_reader;

    g_assert(r && r->depth > 0);
    if (--r->depth == 0) {
        __atomic_store_n(&r->ctr, 0, __ATOMIC_RELEASE);
        if (__atomic_load_n(&pending_count, __ATOMIC_RELAXED)) {
            mem_rcu_reclaim();
        }
    }
}

void mem_rcu_call(void (*fn)(void *), void *data)
{
    RcuCallback cb = {.fn = fn, .data = data};

    pthread_mutex_lock(&rcu_lock);
    if (!callbacks) {
        callbacks = g_array_new(false, false, sizeof(RcuCallback));
    }
    cb.epoch = __atomic_fetch_add(&gp_ctr, 1, __ATOMIC_SEQ_CST);
    g_array_append_val(callbacks, cb);
    __atomic_store_n(&pending_count, callbacks->len, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&rcu_lock);
    mem_rcu_reclaim();
}

void mem_rcu_reclaim(void)
{
    GArray *ready = NULL;
    uint64_t oldest = UINT64_MAX;
    guint i;

    pthread_mutex_lock(&rcu_lock);
    if (!callbacks || callbacks->len == 0) {
        pthread_mutex_unlock(&rcu_lock);
        return;
    }
    for (i = 0; readers && i < readers->len; i++) {
        RcuReader *r = g_ptr_array_index(readers, i);
        uint64_t c = __atomic_load_n(&r->ctr, __ATOMIC_SEQ_CST);

        if (c && c < oldest) {
            oldest = c;
        }
    }
    i = 0;
    while (i < callbacks->len) {
        RcuCallback *cb = &g_array_index(callbacks, RcuCallback, i);

        if (cb->epoch < oldest) {
            if (!ready) {
                ready = g_array_new(false, false, sizeof(RcuCallback));
            }
            g_array_append_val(ready, *cb);
            g_array_remove_index(callbacks, i);
        } else {
            i++;
        }
    }
    __atomic_store_n(&pending_count, callbacks->len, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&rcu_lock);

    /*
     * Outside the lock: freeing a view drops owner references, which may
     * finalize a device, which may unmap regions and retire more views.
     */
    if (ready) {
        for (i = 0; i < ready->len; i++) {
            RcuCallback *cb = &g_array_index(ready, RcuCallback, i);

            cb->fn(cb->data);
        }
        g_array_free(ready, true);
    }
}

unsigned mem_rcu_pending(void)
{
    return __atomic_load_n(&pending_count, __ATOMIC_RELAXED);
}
