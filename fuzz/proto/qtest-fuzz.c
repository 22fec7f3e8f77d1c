/*
 * The qtest fuzzer: an input is bytes a qtest client sends, fed to a new
 * in-process qtest server (qtest/qtest.h) on the pc machine with every
 * device.  Whatever the bytes, the server must answer or refuse each line
 * and keep serving, and the machine must reset to the same state after
 * (fuzz-machine.h).  EMU_FUZZ_ARGS replaces the machine's command line.
 *
 * Not sent: lines starting with irq_intercept or set_irq_in, which
 * rewire the machine's interrupt lines for the client for good (no reset
 * could give the next input the same machine; their parsing is the unit
 * tests', qtest/tests/test-qtest-server.c), and clock_step/clock_set
 * more than FUZZ_CLOCK_MAX_NS (10 ms) ahead: timers run once per
 * period, and an HPET comparator can fire every 160 ns, so a second of
 * guest time can be minutes of work, a hang to libFuzzer.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "fuzz-machine.h"
#include "fuzz-targets.h"
#include "qtest/qtest.h"
#include "util/timer.h"

#define FUZZ_CLOCK_MAX_NS 10000000LL

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void server_send(void *opaque, const char *buf, size_t len)
{
    size_t *answered = opaque;

    /* Every answer is whole lines; the bytes are not checked further. */
    if (!len || buf[len - 1] != '\n') {
        fprintf(stderr, "fuzz-qtest: an answer is not whole lines\n");
        abort();
    }
    *answered += len;
}

static bool starts(const char *line, size_t len, const char *word)
{
    size_t n = strlen(word);

    return len >= n && !memcmp(line, word, n);
}

/* A clock command further than FUZZ_CLOCK_MAX_NS from now. */
static bool clock_too_far(const char *line, size_t len)
{
    char buf[64];
    const char *arg;
    long long ns;

    if (!starts(line, len, "clock_step ") && !starts(line, len, "clock_set ")) {
        return false;
    }
    memcpy(buf, line, MIN(len, sizeof(buf) - 1));
    buf[MIN(len, sizeof(buf) - 1)] = '\0';
    arg = strchr(buf, ' ') + 1;
    ns = strtoll(arg, NULL, 0);
    if (starts(line, len, "clock_set ")) {
        ns -= qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    }
    /* Whatever does not parse is the server's to refuse. */
    return ns > FUZZ_CLOCK_MAX_NS || len >= sizeof(buf) - 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t answered = 0;
    QTestServer *server = qtest_server_new(server_send, &answered);

    const char *p = (const char *)data, *end = p + size;

    while (p < end) {
        const char *nl = memchr(p, '\n', end - p);
        size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);

        if (!starts(p, len, "irq_intercept") && !starts(p, len, "set_irq_in") &&
            !clock_too_far(p, len)) {
            qtest_server_feed(server, p, len);
        }
        p += len;
    }
    /* The last line, if the input did not end it. */
    qtest_server_feed(server, "\n", 1);
    qtest_server_free(server);
    fuzz_machine_flush();
    fuzz_machine_reset();
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *args = getenv("EMU_FUZZ_ARGS") ? getenv("EMU_FUZZ_ARGS")
                                               : FUZZ_ALL_DEVICES_ARGS;

    fuzz_machine_create((*argv)[0], args, false, NULL);
    if (fuzz_has_arg(*argc, *argv, "-runs=0")) {
        printf("qtest: bytes to the qtest server, on: %s %s\n",
               FUZZ_BASE_ARGS, args);
        fflush(stdout);
    }
    fuzz_machine_ready();
    return 0;
}
