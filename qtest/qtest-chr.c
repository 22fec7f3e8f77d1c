/*
 * -qtest CHARDEV: the protocol server on a character device (QEMU's
 * qtest_server_init()), and -qtest-log FILE.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "chardev/char-fe.h"
#include "chardev/char.h"
#include "qtest/qtest.h"
#include "util/error.h"
#include "util/main-loop.h"

static CharBackend qtest_be;
static QTestServer *qtest_chr_server;
static FILE *qtest_log_fp;

static void qtest_chr_send(void *opaque, const char *buf, size_t len)
{
    qemu_chr_fe_write_all(&qtest_be, (const uint8_t *)buf, (int)len);
}

static int qtest_chr_can_read(void *opaque)
{
    /* Large reads: a pipelining client's requests in few syscalls. */
    return 65536;
}

static void qtest_chr_read(void *opaque, const uint8_t *buf, int size)
{
    qtest_server_feed(qtest_chr_server, (const char *)buf, size);
}

static void qtest_chr_event(void *opaque, QEMUChrEvent event)
{
    switch (event) {
    case CHR_EVENT_OPENED:
        qtest_server_event(qtest_chr_server, true);
        break;
    case CHR_EVENT_CLOSED:
        qtest_server_event(qtest_chr_server, false);
        /* The client is gone: nothing can drive the machine any more. */
        qemu_main_loop_request_exit(0);
        break;
    default:
        break;
    }
}

/* Whether fp writes to /dev/null (libqtest's default -qtest-log). */
static bool is_dev_null(FILE *fp)
{
    struct stat st, null_st;

    return fstat(fileno(fp), &st) == 0 && S_ISCHR(st.st_mode) &&
           stat("/dev/null", &null_st) == 0 && st.st_rdev == null_st.st_rdev;
}

bool qtest_chr_init(const char *spec, const char *log, Error **errp)
{
    Chardev *chr = qemu_chr_new("qtest", spec, NULL);

    if (!chr) {
        error_setg(errp, "Failed to initialize device for qtest: \"%s\"", spec);
        return false;
    }
    if (!log) {
        /* As QEMU: without -qtest-log the protocol is logged on stderr. */
        qtest_log_fp = stderr;
    } else if (strcmp(log, "none") != 0) {
        qtest_log_fp = fopen(log, "w+");
        if (!qtest_log_fp) {
            error_setg_errno(errp, errno, "Could not open '%s'", log);
            return false;
        }
        if (is_dev_null(qtest_log_fp)) {
            /* Formatting lines nobody can read costs a third of a round trip. */
            fclose(qtest_log_fp);
            qtest_log_fp = NULL;
        }
    }
    if (!qemu_chr_fe_init(&qtest_be, chr, errp)) {
        return false;
    }
    qtest_chr_server = qtest_server_new(qtest_chr_send, NULL);
    qtest_server_set_log(qtest_chr_server, qtest_log_fp);
    qemu_chr_fe_set_handlers(&qtest_be, qtest_chr_can_read, qtest_chr_read,
                             qtest_chr_event, NULL, NULL, NULL, true);
    qemu_chr_fe_set_echo(&qtest_be, true);
    return true;
}

bool qtest_driver(void)
{
    return qtest_chr_server != NULL;
}

void qtest_chr_cleanup(void)
{
    if (!qtest_chr_server) {
        return;
    }
    qemu_chr_fe_deinit(&qtest_be, false);
    qtest_server_free(qtest_chr_server);
    qtest_chr_server = NULL;
    if (qtest_log_fp && qtest_log_fp != stderr) {
        fclose(qtest_log_fp);
        qtest_log_fp = NULL;
    }
}
