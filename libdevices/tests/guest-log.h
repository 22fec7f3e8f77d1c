/*
 * Capturing -d guest_errors output in device unit tests: log_start()
 * sends LOG_GUEST_ERROR lines to a temporary file, log_stop() turns
 * logging off and returns what was written (g_free() it).
 */
#ifndef GUEST_LOG_H
#define GUEST_LOG_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <glib.h>

#include "util/log.h"

static char *guest_log_path;

static void log_start(void)
{
    int fd;

    guest_log_path =
        g_build_filename(g_get_tmp_dir(), "emu-guest-log-XXXXXX", NULL);
    fd = g_mkstemp(guest_log_path);
    assert_true(fd >= 0);
    close(fd);
    assert_true(qemu_set_log_filename(guest_log_path, NULL));
    assert_true(qemu_set_log(LOG_GUEST_ERROR, NULL));
}

static char *log_stop(void)
{
    char *text = NULL;

    qemu_set_log(0, NULL);
    qemu_log_close();
    assert_true(g_file_get_contents(guest_log_path, &text, NULL, NULL));
    unlink(guest_log_path);
    g_free(guest_log_path);
    guest_log_path = NULL;
    return text;
}

static void assert_logged(const char *log, const char *text)
{
    if (!strstr(log, text)) {
        fail_msg("\"%s\" not in the log:\n%s", text, log);
    }
}

#endif /* GUEST_LOG_H */
