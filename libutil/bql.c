/*
 * The big lock (QEMU's iothread lock): one mutex serialising device
 * emulation between the main loop and vCPU threads, with a per-thread flag
 * so that code can assert it holds the lock.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/main-loop.h"

static pthread_mutex_t big_lock = PTHREAD_MUTEX_INITIALIZER;
static __thread bool big_lock_held;

void qemu_mutex_lock_iothread(void)
{
    if (big_lock_held) {
        /* Not recursive on purpose: nesting hides who really owns it. */
        fprintf(stderr, "emu: qemu_mutex_lock_iothread: "
                        "the big lock is already held by this thread\n");
        abort();
    }
    pthread_mutex_lock(&big_lock);
    big_lock_held = true;
}

void qemu_mutex_unlock_iothread(void)
{
    if (!big_lock_held) {
        fprintf(stderr, "emu: qemu_mutex_unlock_iothread: "
                        "the big lock is not held by this thread\n");
        abort();
    }
    big_lock_held = false;
    pthread_mutex_unlock(&big_lock);
}

bool qemu_mutex_iothread_locked(void)
{
    return big_lock_held;
}

/*
 * QEMU_IOTHREAD_LOCK_GUARD() may be used where the lock is already held:
 * then it does nothing (NULL skips the autoptr cleanup).
 */
IothreadLockAuto *qemu_iothread_auto_lock(void)
{
    if (big_lock_held) {
        return NULL;
    }
    qemu_mutex_lock_iothread();
    return (IothreadLockAuto *)(uintptr_t)1;
}

void qemu_iothread_auto_unlock(IothreadLockAuto *l)
{
    qemu_mutex_unlock_iothread();
}
