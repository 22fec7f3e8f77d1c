/*
 * Interfaces between the files of libutil's main loop (main-loop.c,
 * iohandler.c, async.c, clock.c, qemu-timer.c); not installed.
 */
#ifndef LIBUTIL_MAIN_LOOP_INT_H
#define LIBUTIL_MAIN_LOOP_INT_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/timer.h"

/* main-loop.c */

/* True in the thread that called qemu_init_main_loop(). */
bool qemu_in_main_loop_thread(void);

/* iohandler.c: the GSource that serves qemu_set_fd_handler(). */
GSource *iohandler_source_new(void);

/* async.c: the GSource that runs bottom halves. */
GSource *bh_source_new(void);

/* clock.c */

/* Whether the clock's time moves by itself (so its deadlines approach). */
bool qemu_clock_is_running(QEMUClockType type);

/* Manual mode: set the virtual time (never backwards). */
void qemu_clock_set_virtual_ns(int64_t ns);

/* qemu-timer.c: the main loop's poll timeout in ns (-1: no timer). */
int64_t qemu_timers_main_loop_deadline_ns(void);

#endif /* LIBUTIL_MAIN_LOOP_INT_H */
