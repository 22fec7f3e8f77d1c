/*
 * Thread creation with QEMU's optional naming (-name debug-threads=on):
 * when naming is on, each thread gets the name given at creation
 * ("CPU 0/KVM"), which ps, top, gdb and /proc/PID/task/TID/comm show.
 */
#ifndef UTIL_THREAD_H
#define UTIL_THREAD_H

#include <pthread.h>
#include <stdbool.h>

/* Name the threads created from now on (QEMU's qemu_thread_naming()). */
void qemu_thread_naming(bool enable);

/*
 * pthread_create() with the default attributes, then the name when naming
 * is on (the kernel keeps 15 bytes of it).  Returns 0 or the error number.
 */
int qemu_thread_create(pthread_t *thread, const char *name,
                       void *(*start_routine)(void *), void *arg);

#endif /* UTIL_THREAD_H */
