/*
 * Debug log selected with -d, written to stderr or the -D file, and the
 * per-call-site rate limiter for guest-triggerable messages.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "util/error.h"
#include "util/log.h"

int qemu_loglevel;

static char *log_filename;
static FILE *log_file;

const QEMULogItem qemu_log_items[] = {
    {CPU_LOG_TB_OUT_ASM, "out_asm", "dump the host code of each block"},
    {CPU_LOG_TB_IN_ASM, "in_asm", "disassemble each guest block translated"},
    {CPU_LOG_TB_OP, "op", "dump the intermediate ops of each block"},
    {CPU_LOG_TB_OP_OPT, "op_opt", "dump the ops after optimisation"},
    {CPU_LOG_TB_OP_IND, "op_ind", "dump the ops around indirect branches"},
    {CPU_LOG_INT, "int", "report interrupts and exceptions"},
    {CPU_LOG_EXEC, "exec", "trace every block executed (very slow)"},
    {CPU_LOG_TB_CPU, "cpu", "dump the CPU registers before each block"},
    {CPU_LOG_TB_FPU, "fpu", "add the FPU registers to the 'cpu' dump"},
    {CPU_LOG_MMU, "mmu", "report MMU faults and TLB fills"},
    {CPU_LOG_PCALL, "pcall", "report x86 protected-mode far calls"},
    {CPU_LOG_RESET, "cpu_reset", "dump the CPU state on each reset"},
    {LOG_UNIMP, "unimp", "report use of features emu lacks"},
    {LOG_GUEST_ERROR, "guest_errors",
     "report invalid guest operations (bad MMIO, bad opcodes, ...)"},
    {CPU_LOG_PAGE, "page", "dump the guest pages mapped for code"},
    {CPU_LOG_TB_NOCHAIN, "nochain",
     "do not chain blocks, so 'exec' sees each one"},
    {LOG_STRACE, "strace", "trace guest system calls (user mode)"},
    {LOG_TRACE, "trace", "print trace events to the log"},
    {0, NULL, NULL},
};

static int all_log_items_mask(void)
{
    const QEMULogItem *item;
    int mask = 0;

    for (item = qemu_log_items; item->name; item++) {
        mask |= item->mask;
    }
    return mask;
}

static int log_item_mask(const char *name, size_t len)
{
    const QEMULogItem *item;

    for (item = qemu_log_items; item->name; item++) {
        if (strlen(item->name) == len && !strncmp(item->name, name, len)) {
            return item->mask;
        }
    }
    return 0;
}

int qemu_str_to_log_mask(const char *str)
{
    const char *p = str;
    int mask = 0;

    if (!str) {
        return 0;
    }
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        int item;

        if (len == 3 && !strncmp(p, "all", 3)) {
            item = all_log_items_mask();
        } else if (len == 4 && !strncmp(p, "none", 4)) {
            item = 0;
        } else {
            item = log_item_mask(p, len);
            if (!item) {
                /* Unknown item: the whole option is invalid. */
                return 0;
            }
        }
        mask |= item;
        if (!comma) {
            break;
        }
        p = comma + 1;
    }
    return mask;
}

bool qemu_log_str_is_help(const char *str)
{
    return str && (!strcmp(str, "help") || !strcmp(str, "?"));
}

void qemu_print_log_usage(FILE *f)
{
    const QEMULogItem *item;

    fprintf(f, "Log items (comma separated):\n");
    for (item = qemu_log_items; item->name; item++) {
        fprintf(f, "%-15s %s\n", item->name, item->help);
    }
    fprintf(f, "%-15s %s\n", "all", "enable every item above");
}

static bool log_file_open(Error **errp)
{
    FILE *f;

    if (log_file || !log_filename) {
        return true;
    }
    f = fopen(log_filename, "w");
    if (!f) {
        error_setg_errno(errp, errno, "could not open log file '%s'",
                         log_filename);
        return false;
    }
    /* Line buffered, so a crash leaves complete lines in the file. */
    setvbuf(f, NULL, _IOLBF, 0);
    log_file = f;
    return true;
}

void qemu_log_close(void)
{
    if (log_file) {
        fclose(log_file);
        log_file = NULL;
    }
}

bool qemu_set_log(int log_flags, Error **errp)
{
    qemu_loglevel = log_flags;
    /* Fail now rather than lose messages later: -D must be writable. */
    if (log_flags) {
        return log_file_open(errp);
    }
    return true;
}

bool qemu_set_log_filename(const char *filename, Error **errp)
{
    qemu_log_close();
    g_free(log_filename);
    log_filename = NULL;
    if (filename && *filename) {
        log_filename = g_strdup(filename);
    }
    if (qemu_loglevel) {
        return log_file_open(errp);
    }
    return true;
}

int qemu_log(const char *fmt, ...)
{
    FILE *f;
    va_list ap;
    int ret;

    /* If the file cannot be opened, the message still goes somewhere. */
    if (!log_file_open(NULL)) {
        f = stderr;
    } else {
        f = log_file ? log_file : stderr;
    }
    va_start(ap, fmt);
    ret = vfprintf(f, fmt, ap);
    va_end(ap);
    fflush(f);
    return ret < 0 ? 0 : ret;
}

static long long host_now_ms(void)
{
    return g_get_monotonic_time() / 1000;
}

static long long (*ratelimit_clock)(void) = host_now_ms;

void qemu_log_ratelimit_set_clock(long long (*now_ms)(void))
{
    ratelimit_clock = now_ms ? now_ms : host_now_ms;
}

bool qemu_log_ratelimit_allow(QemuLogRateLimit *rl, unsigned long long *dropped)
{
    long long now = ratelimit_clock();
    unsigned long long unused;

    if (!dropped) {
        dropped = &unused;
    }
    /* A clock that went backwards (test hook) also starts a new window. */
    if (now - rl->period_start_ms >= QEMU_LOG_RATELIMIT_PERIOD_MS ||
        now < rl->period_start_ms) {
        rl->period_start_ms = now;
        rl->emitted = 0;
    }
    if (rl->emitted < QEMU_LOG_RATELIMIT_BURST) {
        rl->emitted++;
        *dropped = rl->suppressed;
        rl->suppressed = 0;
        return true;
    }
    rl->suppressed++;
    *dropped = 0;
    return false;
}
