/*
 * The clock sources: host monotonic and wall-clock time, and the virtual
 * clocks that follow the host only while the VM runs (or, in manual mode,
 * only when the qtest accelerator moves them).
 */
#include <assert.h>
#include <pthread.h>
#include <time.h>

#include "util/main-loop.h"
#include "util/timer.h"
#include "main-loop-int.h"

/*
 * Virtual time, all under vclock_lock.  While ticks are enabled,
 * VIRTUAL_RT = get_clock() + ticks_offset; while disabled it is
 * ticks_offset itself, so it resumes where it stopped.  VIRTUAL is
 * VIRTUAL_RT + host_delta in host mode and manual_ns in manual mode;
 * host_delta absorbs the difference when leaving manual mode so that
 * VIRTUAL never goes backwards.
 */
static pthread_mutex_t vclock_lock = PTHREAD_MUTEX_INITIALIZER;
static bool ticks_enabled;
static int64_t ticks_offset;
static int64_t host_delta;
static QEMUVirtualClockMode vclock_mode = QEMU_VIRTUAL_CLOCK_HOST;
static int64_t manual_ns;

int64_t get_clock(void)
{
    struct timespec ts;

    /* CLOCK_MONOTONIC cannot fail on Linux with a valid pointer. */
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * NANOSECONDS_PER_SECOND + ts.tv_nsec;
}

int64_t get_clock_realtime(void)
{
    return g_get_real_time() * SCALE_US;
}

static int64_t virtual_rt_locked(void)
{
    return ticks_enabled ? get_clock() + ticks_offset : ticks_offset;
}

static int64_t virtual_locked(void)
{
    if (vclock_mode == QEMU_VIRTUAL_CLOCK_MANUAL) {
        return manual_ns;
    }
    return virtual_rt_locked() + host_delta;
}

int64_t qemu_clock_get_ns(QEMUClockType type)
{
    int64_t ns;

    switch (type) {
    case QEMU_CLOCK_REALTIME:
        return get_clock();
    case QEMU_CLOCK_HOST:
        return get_clock_realtime();
    case QEMU_CLOCK_VIRTUAL:
        pthread_mutex_lock(&vclock_lock);
        ns = virtual_locked();
        pthread_mutex_unlock(&vclock_lock);
        return ns;
    case QEMU_CLOCK_VIRTUAL_RT:
        pthread_mutex_lock(&vclock_lock);
        ns = virtual_rt_locked();
        pthread_mutex_unlock(&vclock_lock);
        return ns;
    default:
        g_assert_not_reached();
    }
}

void cpu_enable_ticks(void)
{
    pthread_mutex_lock(&vclock_lock);
    if (!ticks_enabled) {
        ticks_offset -= get_clock();
        ticks_enabled = true;
    }
    pthread_mutex_unlock(&vclock_lock);
    /* A blocked loop ignored the virtual deadlines: have it recompute. */
    qemu_notify_event();
}

void cpu_disable_ticks(void)
{
    pthread_mutex_lock(&vclock_lock);
    if (ticks_enabled) {
        ticks_offset += get_clock();
        ticks_enabled = false;
    }
    pthread_mutex_unlock(&vclock_lock);
}

void qemu_clock_set_virtual_mode(QEMUVirtualClockMode mode)
{
    pthread_mutex_lock(&vclock_lock);
    if (mode != vclock_mode) {
        if (mode == QEMU_VIRTUAL_CLOCK_MANUAL) {
            manual_ns = virtual_locked();
        } else {
            host_delta = manual_ns - virtual_rt_locked();
        }
        vclock_mode = mode;
    }
    pthread_mutex_unlock(&vclock_lock);
    qemu_notify_event();
}

QEMUVirtualClockMode qemu_clock_get_virtual_mode(void)
{
    QEMUVirtualClockMode mode;

    pthread_mutex_lock(&vclock_lock);
    mode = vclock_mode;
    pthread_mutex_unlock(&vclock_lock);
    return mode;
}

void qemu_clock_set_virtual_ns(int64_t ns)
{
    pthread_mutex_lock(&vclock_lock);
    assert(vclock_mode == QEMU_VIRTUAL_CLOCK_MANUAL);
    if (ns > manual_ns) {
        manual_ns = ns;
    }
    pthread_mutex_unlock(&vclock_lock);
}

void qemu_clock_rewind_virtual_time(int64_t ns)
{
    pthread_mutex_lock(&vclock_lock);
    assert(vclock_mode == QEMU_VIRTUAL_CLOCK_MANUAL);
    manual_ns = ns;
    pthread_mutex_unlock(&vclock_lock);
}

bool qemu_clock_is_running(QEMUClockType type)
{
    bool running;

    switch (type) {
    case QEMU_CLOCK_REALTIME:
    case QEMU_CLOCK_HOST:
        return true;
    case QEMU_CLOCK_VIRTUAL:
        pthread_mutex_lock(&vclock_lock);
        running = ticks_enabled && vclock_mode == QEMU_VIRTUAL_CLOCK_HOST;
        pthread_mutex_unlock(&vclock_lock);
        return running;
    case QEMU_CLOCK_VIRTUAL_RT:
        pthread_mutex_lock(&vclock_lock);
        running = ticks_enabled;
        pthread_mutex_unlock(&vclock_lock);
        return running;
    default:
        g_assert_not_reached();
    }
}
