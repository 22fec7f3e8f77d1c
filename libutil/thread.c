/*
 * Thread creation and naming (util/thread.h).
 */
#include <string.h>

#include <glib.h>

#include "util/thread.h"

/* Linux's TASK_COMM_LEN, less the terminating zero. */
#define THREAD_NAME_MAX 15

static bool name_threads;

void qemu_thread_naming(bool enable)
{
    name_threads = enable;
}

int qemu_thread_create(pthread_t *thread, const char *name,
                       void *(*start_routine)(void *), void *arg)
{
    int ret = pthread_create(thread, NULL, start_routine, arg);

    if (ret == 0 && name_threads && name) {
        char buf[THREAD_NAME_MAX + 1];

        /* pthread_setname_np refuses longer names: keep the start. */
        g_strlcpy(buf, name, sizeof(buf));
        pthread_setname_np(*thread, buf);
    }
    return ret;
}
