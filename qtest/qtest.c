/*
 * The qtest protocol engine (QEMU's system/qtest.c behaviour, own code).
 * Wire facts: /work/shared/design/QTEST-PROTOCOL.md.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "machine/irq.h"
#include "machine/memory.h"
#include "machine/qdev-core.h"
#include "qom/object.h"
#include "qtest/qtest.h"
#include "util/cutils.h"
#include "util/timer.h"

/* IRQ lines whose last level is remembered (QEMU's MAX_IRQ). */
#define QTEST_MAX_IRQ 256

/* Largest SIZE of read, b64read, write, b64write and memset. */
#define QTEST_MAX_ACCESS (16 * 1024 * 1024)

struct QTestServer {
    QTestSendFn send;
    void *opaque;
    GString *inbuf;
    /* A line over QTEST_MAX_LINE is being skipped up to its '\n'. */
    bool discarding;
    FILE *log;
    int64_t start_us;
    /* Inside qtest_server_feed(): output waits in out for its end. */
    bool in_feed;
    GString *out;
    DeviceState *irq_intercept_dev;
    int irq_levels[QTEST_MAX_IRQ];
};

/* The server intercepted lines report to (one per process, as in QEMU). */
static QTestServer *irq_server;

/* ---- Output ---- */

static void qtest_log_prefix(QTestServer *s, char kind)
{
    int64_t us = g_get_monotonic_time() - s->start_us;

    fprintf(s->log, "[%c +%" PRId64 ".%06" PRId64 "]", kind,
            us / G_USEC_PER_SEC, us % G_USEC_PER_SEC);
}

/* Send what is buffered; the log is flushed at the same points. */
static void qtest_flush(QTestServer *s)
{
    if (s->out->len) {
        s->send(s->opaque, s->out->str, s->out->len);
        g_string_truncate(s->out, 0);
    }
    if (s->log) {
        fflush(s->log);
    }
}

static void G_GNUC_PRINTF(2, 3)
    qtest_sendf(QTestServer *s, const char *fmt, ...)
{
    size_t start = s->out->len;
    va_list ap;

    va_start(ap, fmt);
    g_string_append_vprintf(s->out, fmt, ap);
    va_end(ap);
    if (s->log) {
        qtest_log_prefix(s, 'S');
        fprintf(s->log, " %s", s->out->str + start);
    }
    if (!s->in_feed) {
        /* An IRQ line from a timer or a device outside any request. */
        qtest_flush(s);
    }
}

/* ---- IRQ interception ---- */

static void qtest_irq_report(int n, int level)
{
    QTestServer *s = irq_server;

    if (!s) {
        return;
    }
    if (n >= 0 && n < QTEST_MAX_IRQ) {
        if (s->irq_levels[n] == level) {
            return;
        }
        s->irq_levels[n] = level;
    }
    qtest_sendf(s, "IRQ %s %d\n", level ? "raise" : "lower", n);
}

/* An intercepted input: opaque is the original line. */
static void qtest_irq_in_handler(void *opaque, int n, int level)
{
    qemu_set_irq((qemu_irq)opaque, level);
    qtest_irq_report(n, level);
}

/* An intercepted output: opaque points at what it was connected to. */
static void qtest_irq_out_handler(void *opaque, int n, int level)
{
    qemu_irq target = *(qemu_irq *)opaque;

    if (target) {
        qemu_set_irq(target, level);
    }
    qtest_irq_report(n, level);
}

/* An interceptor's target goes with it (a reference and the holder). */
static void qtest_icpt_release(Object *obj, const char *name, void *opaque)
{
    qemu_irq *target = opaque;

    if (*target) {
        object_unref(OBJECT(*target));
    }
    g_free(target);
}

/* ---- Parsing ---- */

/*
 * QEMU's qemu_strtou64 with base 0: the whole word, no overflow.  Unlike
 * libutil's qemu_strtou64, a minus sign wraps as in QEMU ("-1" is all
 * ones), so requests mean what they mean to QEMU's server.
 */
static bool parse_u64(const char *word, uint64_t *val)
{
    char *end;

    if (!word || !*word) {
        return false;
    }
    errno = 0;
    *val = strtoull(word, &end, 0);
    return errno == 0 && *end == '\0' && end != word;
}

static bool parse_i64(const char *word, int64_t *val)
{
    return qemu_strtoi64(word, NULL, 0, val) == 0;
}

static bool parse_int(const char *word, int *val)
{
    int64_t v;

    if (!parse_i64(word, &v) || v < INT32_MIN || v > INT32_MAX) {
        return false;
    }
    *val = (int)v;
    return true;
}

/* words[1..n] exist. */
static bool have_args(char **words, int n)
{
    int i;

    for (i = 1; i <= n; i++) {
        if (!words[i]) {
            return false;
        }
    }
    return true;
}

static DeviceState *find_device(const char *path)
{
    Object *obj = object_resolve_path(path, NULL);

    if (!obj || !object_dynamic_cast(obj, TYPE_DEVICE)) {
        return NULL;
    }
    return DEVICE(obj);
}

/* ---- Commands ---- */

static void put_le(uint8_t *buf, uint64_t val, int size)
{
    int i;

    for (i = 0; i < size; i++) {
        buf[i] = (uint8_t)(val >> (8 * i));
    }
}

static uint64_t get_le(const uint8_t *buf, int size)
{
    uint64_t val = 0;
    int i;

    for (i = 0; i < size; i++) {
        val |= (uint64_t)buf[i] << (8 * i);
    }
    return val;
}

/* 1, 2, 4 or 8 from the command's last letter (b, w, l, q). */
static int access_size(char c)
{
    switch (c) {
    case 'b':
        return 1;
    case 'w':
        return 2;
    case 'l':
        return 4;
    case 'q':
        return 8;
    default:
        return 0;
    }
}

static int hex2nib(char ch)
{
    if (ch >= '0' && ch <= '9') {
        return ch - '0';
    } else if (ch >= 'a' && ch <= 'f') {
        return 10 + (ch - 'a');
    } else if (ch >= 'A' && ch <= 'F') {
        return 10 + (ch - 'A');
    }
    return -1;
}

static void cmd_out(QTestServer *s, char **words, int size)
{
    uint64_t addr, val;
    uint8_t buf[4];

    if (!have_args(words, 2)) {
        qtest_sendf(s, "ERR missing argument\n");
        return;
    }
    if (!parse_u64(words[1], &addr) || !parse_u64(words[2], &val)) {
        qtest_sendf(s, "ERR invalid number\n");
        return;
    }
    if (addr > 0xffff) {
        qtest_sendf(s, "ERR invalid port address\n");
        return;
    }
    put_le(buf, val, size);
    address_space_rw(&address_space_io, addr, MEMTXATTRS_UNSPECIFIED, buf, size,
                     true);
    qtest_sendf(s, "OK\n");
}

static void cmd_in(QTestServer *s, char **words, int size)
{
    uint64_t addr;
    uint8_t buf[4];

    if (!have_args(words, 1)) {
        qtest_sendf(s, "ERR missing argument\n");
        return;
    }
    if (!parse_u64(words[1], &addr)) {
        qtest_sendf(s, "ERR invalid number\n");
        return;
    }
    if (addr > 0xffff) {
        qtest_sendf(s, "ERR invalid port address\n");
        return;
    }
    address_space_rw(&address_space_io, addr, MEMTXATTRS_UNSPECIFIED, buf, size,
                     false);
    qtest_sendf(s, "OK 0x%04x\n", (uint32_t)get_le(buf, size));
}

static void cmd_write_n(QTestServer *s, char **words, int size)
{
    uint64_t addr, val;
    uint8_t buf[8];

    if (!have_args(words, 2)) {
        qtest_sendf(s, "ERR missing argument\n");
        return;
    }
    if (!parse_u64(words[1], &addr) || !parse_u64(words[2], &val)) {
        qtest_sendf(s, "ERR invalid number\n");
        return;
    }
    put_le(buf, val, size);
    address_space_rw(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED, buf,
                     size, true);
    qtest_sendf(s, "OK\n");
}

static void cmd_read_n(QTestServer *s, char **words, int size)
{
    uint64_t addr;
    uint8_t buf[8];

    if (!have_args(words, 1)) {
        qtest_sendf(s, "ERR missing argument\n");
        return;
    }
    if (!parse_u64(words[1], &addr)) {
        qtest_sendf(s, "ERR invalid number\n");
        return;
    }
    address_space_rw(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED, buf,
                     size, false);
    qtest_sendf(s, "OK 0x%016" PRIx64 "\n", get_le(buf, size));
}

/*
 * ADDR SIZE of the bulk commands; false (after answering) if malformed.
 * zero_ok: whether SIZE 0 is a valid request.
 */
static bool parse_range(QTestServer *s, char **words, int nargs, bool zero_ok,
                        uint64_t *addr, uint64_t *len)
{
    if (!have_args(words, nargs)) {
        qtest_sendf(s, "ERR missing argument\n");
        return false;
    }
    if (!parse_u64(words[1], addr) || !parse_u64(words[2], len)) {
        qtest_sendf(s, "ERR invalid number\n");
        return false;
    }
    if ((*len == 0 && !zero_ok) || *len > QTEST_MAX_ACCESS) {
        qtest_sendf(s, "ERR invalid argument size\n");
        return false;
    }
    return true;
}

static void cmd_read(QTestServer *s, char **words, bool b64)
{
    uint64_t addr, len, i;
    uint8_t *data;
    char *enc;

    /* QEMU asserts a non-zero SIZE for read (it would send "OK 0x"). */
    if (!parse_range(s, words, 2, b64, &addr, &len)) {
        return;
    }
    data = g_malloc(len ? len : 1);
    address_space_rw(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED, data,
                     len, false);
    if (b64) {
        enc = g_base64_encode(data, len);
    } else {
        static const char hex[] = "0123456789abcdef";

        enc = g_malloc(2 * len + 1);
        for (i = 0; i < len; i++) {
            enc[2 * i] = hex[data[i] >> 4];
            enc[2 * i + 1] = hex[data[i] & 0xf];
        }
        enc[2 * len] = '\0';
    }
    qtest_sendf(s, "OK %s%s\n", b64 ? "" : "0x", enc);
    g_free(enc);
    g_free(data);
}

static void cmd_write(QTestServer *s, char **words)
{
    uint64_t addr, len, i;
    size_t data_len;
    uint8_t *data;

    if (!parse_range(s, words, 3, true, &addr, &len)) {
        return;
    }
    data_len = strlen(words[3]);
    if (data_len < 3) {
        qtest_sendf(s, "ERR invalid argument size\n");
        return;
    }
    data = g_malloc0(len ? len : 1);
    for (i = 0; i < len; i++) {
        if (i * 2 + 4 <= data_len) {
            /* As QEMU: a non-hex digit counts as -1. */
            data[i] = (uint8_t)((hex2nib(words[3][i * 2 + 2]) * 16) |
                                hex2nib(words[3][i * 2 + 3]));
        }
    }
    address_space_rw(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED, data,
                     len, true);
    g_free(data);
    qtest_sendf(s, "OK\n");
}

static void cmd_b64write(QTestServer *s, char **words)
{
    uint64_t addr, len;
    gsize out_len;
    guchar *data;

    if (!parse_range(s, words, 3, true, &addr, &len)) {
        return;
    }
    if (strlen(words[3]) < 3) {
        qtest_sendf(s, "ERR invalid argument size\n");
        return;
    }
    data = g_base64_decode_inplace(words[3], &out_len);
    if (out_len > len) {
        out_len = len;
    }
    address_space_rw(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED, data,
                     out_len, true);
    qtest_sendf(s, "OK\n");
}

static void cmd_memset(QTestServer *s, char **words)
{
    uint64_t addr, len, pattern;
    uint8_t *data;

    if (!parse_range(s, words, 3, true, &addr, &len)) {
        return;
    }
    if (!parse_u64(words[3], &pattern)) {
        qtest_sendf(s, "ERR invalid number\n");
        return;
    }
    if (len) {
        data = g_malloc(len);
        memset(data, (uint8_t)pattern, len);
        address_space_rw(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED,
                         data, len, true);
        g_free(data);
    }
    qtest_sendf(s, "OK\n");
}

static void cmd_clock_step(QTestServer *s, char **words)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    int64_t ns, dest;

    if (words[1]) {
        if (!parse_i64(words[1], &ns) || ns < 0) {
            qtest_sendf(s, "ERR invalid number\n");
            return;
        }
        dest = ns > INT64_MAX - now ? INT64_MAX : now + ns;
        qtest_sendf(s, "OK %" PRId64 "\n",
                    qemu_clock_advance_virtual_time(dest));
        return;
    }
    ns = qtest_clock_step_next();
    if (ns < 0) {
        qtest_sendf(s, "FAIL cannot advance clock to the next deadline "
                       "because there is no pending deadline\n");
        return;
    }
    qtest_sendf(s, "OK %" PRId64 "\n", ns);
}

static void cmd_clock_set(QTestServer *s, char **words)
{
    int64_t ns, now;

    if (!have_args(words, 1)) {
        qtest_sendf(s, "ERR missing argument\n");
        return;
    }
    if (!parse_i64(words[1], &ns)) {
        qtest_sendf(s, "ERR invalid number\n");
        return;
    }
    now = qemu_clock_advance_virtual_time(ns);
    qtest_sendf(s, "%s %" PRId64 "\n", now == ns ? "OK" : "FAIL", now);
}

static void cmd_irq_intercept(QTestServer *s, char **words, bool out)
{
    DeviceState *dev;
    GSList *l;
    int i;

    if (!have_args(words, 1)) {
        qtest_sendf(s, "ERR missing argument\n");
        return;
    }
    dev = find_device(words[1]);
    if (!dev) {
        qtest_sendf(s, "FAIL Unknown device\n");
        return;
    }
    if (s->irq_intercept_dev) {
        if (s->irq_intercept_dev != dev) {
            qtest_sendf(s, "FAIL IRQ intercept already enabled\n");
        } else {
            qtest_sendf(s, "OK\n");
        }
        return;
    }
    for (l = dev->gpios; l; l = l->next) {
        NamedGPIOList *ngl = l->data;

        if (out) {
            /* NULL matches the unnamed group. */
            if (g_strcmp0(ngl->name, words[2]) != 0) {
                continue;
            }
            for (i = 0; i < ngl->num_out; i++) {
                qemu_irq *disconnected = g_new0(qemu_irq, 1);
                qemu_irq icpt =
                    qemu_allocate_irq(qtest_irq_out_handler, disconnected, i);

                object_property_add(OBJECT(icpt), "qtest-target",
                                    "qtest-target", NULL, NULL,
                                    qtest_icpt_release, disconnected);
                *disconnected =
                    qdev_intercept_gpio_out(dev, icpt, ngl->name, i);
                /* The output holds its own reference. */
                object_unref(OBJECT(icpt));
            }
        } else if (!ngl->name) {
            /* As QEMU: named inputs are not intercepted. */
            qemu_irq_intercept_in(ngl->in, qtest_irq_in_handler, ngl->num_in);
        }
    }
    s->irq_intercept_dev = dev;
    irq_server = s;
    qtest_sendf(s, "OK\n");
}

static void cmd_set_irq_in(QTestServer *s, char **words)
{
    DeviceState *dev;
    NamedGPIOList *ngl;
    const char *name;
    int num, level;

    if (!have_args(words, 4)) {
        qtest_sendf(s, "ERR missing argument\n");
        return;
    }
    dev = find_device(words[1]);
    if (!dev) {
        qtest_sendf(s, "FAIL Unknown device\n");
        return;
    }
    name = strcmp(words[2], "unnamed-gpio-in") == 0 ? NULL : words[2];
    if (!parse_int(words[3], &num) || !parse_int(words[4], &level)) {
        qtest_sendf(s, "ERR invalid number\n");
        return;
    }
    ngl = qdev_get_named_gpio_list(dev, name);
    if (!ngl || num < 0 || num >= ngl->num_in) {
        qtest_sendf(s, "FAIL Unknown IRQ\n");
        return;
    }
    qemu_set_irq(qdev_get_gpio_in_named(dev, name, num), level);
    qtest_sendf(s, "OK\n");
}

static void qtest_process_command(QTestServer *s, char **words)
{
    const char *cmd = words[0];
    size_t n;

    if (!cmd) {
        qtest_sendf(s, "ERR empty request\n");
        return;
    }
    n = strlen(cmd);
    if (n == 4 && (g_str_has_prefix(cmd, "out"))) {
        if (access_size(cmd[3]) && cmd[3] != 'q') {
            cmd_out(s, words, access_size(cmd[3]));
            return;
        }
    } else if (n == 3 && g_str_has_prefix(cmd, "in")) {
        if (access_size(cmd[2]) && cmd[2] != 'q') {
            cmd_in(s, words, access_size(cmd[2]));
            return;
        }
    } else if (n == 6 && g_str_has_prefix(cmd, "write") &&
               access_size(cmd[5])) {
        cmd_write_n(s, words, access_size(cmd[5]));
        return;
    } else if (n == 5 && g_str_has_prefix(cmd, "read") && access_size(cmd[4])) {
        cmd_read_n(s, words, access_size(cmd[4]));
        return;
    } else if (strcmp(cmd, "read") == 0 || strcmp(cmd, "b64read") == 0) {
        cmd_read(s, words, cmd[0] == 'b');
        return;
    } else if (strcmp(cmd, "write") == 0) {
        cmd_write(s, words);
        return;
    } else if (strcmp(cmd, "b64write") == 0) {
        cmd_b64write(s, words);
        return;
    } else if (strcmp(cmd, "memset") == 0) {
        cmd_memset(s, words);
        return;
    } else if (strcmp(cmd, "endianness") == 0) {
        qtest_sendf(s, "OK little\n");
        return;
    } else if (strcmp(cmd, "irq_intercept_in") == 0 ||
               strcmp(cmd, "irq_intercept_out") == 0) {
        cmd_irq_intercept(s, words, cmd[14] == 'o');
        return;
    } else if (strcmp(cmd, "set_irq_in") == 0) {
        cmd_set_irq_in(s, words);
        return;
    } else if (strcmp(cmd, "module_load") == 0) {
        if (!have_args(words, 2)) {
            qtest_sendf(s, "ERR missing argument\n");
        } else {
            /* emu has no loadable modules. */
            qtest_sendf(s, "FAIL\n");
        }
        return;
    } else if (qemu_clock_get_virtual_mode() == QEMU_VIRTUAL_CLOCK_MANUAL) {
        /* Only under the qtest accelerator, as in QEMU. */
        if (strcmp(cmd, "clock_step") == 0) {
            cmd_clock_step(s, words);
            return;
        } else if (strcmp(cmd, "clock_set") == 0) {
            cmd_clock_set(s, words);
            return;
        }
    }
    qtest_sendf(s, "FAIL Unknown command '%s'\n", cmd);
}

static void qtest_process_line(QTestServer *s, char *line, size_t len)
{
    char **words;

    if (s->log) {
        qtest_log_prefix(s, 'R');
        fprintf(s->log, " %.*s\n", (int)len, line);
    }
    if (memchr(line, '\0', len)) {
        qtest_sendf(s, "ERR invalid character in request\n");
        return;
    }
    words = g_strsplit(line, " ", 0);
    qtest_process_command(s, words);
    g_strfreev(words);
}

void qtest_server_feed(QTestServer *s, const char *buf, size_t len)
{
    const char *end = buf + len;

    s->in_feed = true;
    while (buf < end) {
        const char *nl = memchr(buf, '\n', end - buf);
        size_t chunk = (nl ? nl : end) - buf;

        if (s->discarding) {
            if (nl) {
                s->discarding = false;
                qtest_sendf(s, "ERR request too long\n");
            }
        } else if (s->inbuf->len + chunk > QTEST_MAX_LINE) {
            g_string_truncate(s->inbuf, 0);
            if (nl) {
                qtest_sendf(s, "ERR request too long\n");
            } else {
                s->discarding = true;
            }
        } else {
            g_string_append_len(s->inbuf, buf, chunk);
            if (nl) {
                size_t line_len = s->inbuf->len;
                char *line = g_string_free(s->inbuf, false);

                s->inbuf = g_string_new(NULL);
                qtest_process_line(s, line, line_len);
                g_free(line);
            }
        }
        buf += chunk + (nl ? 1 : 0);
    }
    s->in_feed = false;
    qtest_flush(s);
}

QTestServer *qtest_server_new(QTestSendFn send, void *opaque)
{
    QTestServer *s = g_new0(QTestServer, 1);

    s->send = send;
    s->opaque = opaque;
    s->inbuf = g_string_new(NULL);
    s->out = g_string_new(NULL);
    s->start_us = g_get_monotonic_time();
    return s;
}

void qtest_server_free(QTestServer *s)
{
    if (!s) {
        return;
    }
    if (irq_server == s) {
        irq_server = NULL;
    }
    g_string_free(s->inbuf, true);
    g_string_free(s->out, true);
    g_free(s);
}

void qtest_server_event(QTestServer *s, bool opened)
{
    if (opened) {
        memset(s->irq_levels, 0, sizeof(s->irq_levels));
        /* Times in the log count from here ("[I 0.000000] OPENED"). */
        s->start_us = g_get_monotonic_time();
        if (s->log) {
            fprintf(s->log, "[I 0.000000] OPENED\n");
            fflush(s->log);
        }
    } else if (s->log) {
        qtest_log_prefix(s, 'I');
        fprintf(s->log, " CLOSED\n");
        fflush(s->log);
    }
}

void qtest_server_set_log(QTestServer *s, FILE *fp)
{
    s->log = fp;
}
