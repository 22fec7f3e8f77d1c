/*
 * Debug logging chosen with -d item,... and sent to stderr or -D file.
 *
 * Guest-triggered oddities use qemu_log_mask(LOG_GUEST_ERROR, ...) and
 * never stop the emulator.  Messages a guest can trigger in a loop use
 * qemu_log_mask_ratelimited() so that a hostile guest cannot flood the log.
 */
#ifndef UTIL_LOG_H
#define UTIL_LOG_H

#include <stdbool.h>
#include <stdio.h>

#define CPU_LOG_TB_OUT_ASM  (1 << 0)
#define CPU_LOG_TB_IN_ASM   (1 << 1)
#define CPU_LOG_TB_OP       (1 << 2)
#define CPU_LOG_TB_OP_OPT   (1 << 3)
#define CPU_LOG_INT         (1 << 4)
#define CPU_LOG_EXEC        (1 << 5)
#define CPU_LOG_PCALL       (1 << 6)
#define CPU_LOG_TB_CPU      (1 << 8)
#define CPU_LOG_RESET       (1 << 9)
#define LOG_UNIMP           (1 << 10)
#define LOG_GUEST_ERROR     (1 << 11)
#define CPU_LOG_MMU         (1 << 12)
#define CPU_LOG_TB_NOCHAIN  (1 << 13)
#define CPU_LOG_PAGE        (1 << 14)
#define LOG_TRACE           (1 << 15)
#define CPU_LOG_TB_OP_IND   (1 << 16)
#define CPU_LOG_TB_FPU      (1 << 17)
#define LOG_STRACE          (1 << 19)

typedef struct QEMULogItem {
    int mask;
    const char *name;
    const char *help;
} QEMULogItem;

/* NULL-name terminated table of the items -d accepts. */
extern const QEMULogItem qemu_log_items[];

/* The current mask (set by -d). */
extern int qemu_loglevel;

static inline bool qemu_loglevel_mask(int mask)
{
    return (qemu_loglevel & mask) != 0;
}

/*
 * Parse "item,item,..." (or "all").  Returns the mask, or 0 when an item is
 * unknown (help and "none" also return 0; check with qemu_log_str_is_help).
 */
int qemu_str_to_log_mask(const char *str);
bool qemu_log_str_is_help(const char *str);
/* Print the list of -d items to f. */
void qemu_print_log_usage(FILE *f);

/* Set the mask; returns false and sets errp when the log file fails. */
typedef struct Error Error;
bool qemu_set_log(int log_flags, Error **errp);
/*
 * Send the log to filename (NULL or "" means stderr), truncating the file.
 * It is opened at once if the mask is non-zero, else by qemu_set_log() with
 * a non-zero mask or on the first message.  Returns false and sets errp if
 * it cannot be opened.
 */
bool qemu_set_log_filename(const char *filename, Error **errp);
/* Close the log file (back to stderr). */
void qemu_log_close(void);

/* Unconditional write to the log; returns the number of bytes written. */
int qemu_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define qemu_log_mask(MASK, FMT, ...)                                       \
    do {                                                                    \
        if (qemu_loglevel_mask(MASK)) {                                     \
            qemu_log(FMT, ##__VA_ARGS__);                                   \
        }                                                                   \
    } while (0)

/*
 * Rate limit for one call site: at most QEMU_LOG_RATELIMIT_BURST messages
 * per QEMU_LOG_RATELIMIT_PERIOD_MS; the count of dropped messages is
 * printed with the next message that gets through.
 */
#define QEMU_LOG_RATELIMIT_BURST      10
#define QEMU_LOG_RATELIMIT_PERIOD_MS  1000

typedef struct QemuLogRateLimit {
    long long period_start_ms;
    unsigned int emitted;
    unsigned long long suppressed;
} QemuLogRateLimit;

/* Returns true when a message may be printed now (updates rl). */
bool qemu_log_ratelimit_allow(QemuLogRateLimit *rl,
                              unsigned long long *dropped);
/* Test hook: the clock the rate limit uses (NULL: monotonic host time). */
void qemu_log_ratelimit_set_clock(long long (*now_ms)(void));

#define qemu_log_mask_ratelimited(MASK, FMT, ...)                           \
    do {                                                                    \
        static QemuLogRateLimit rl_;                                        \
        unsigned long long dropped_;                                        \
        if (qemu_loglevel_mask(MASK) &&                                     \
            qemu_log_ratelimit_allow(&rl_, &dropped_)) {                    \
            if (dropped_) {                                                 \
                qemu_log("(%llu similar messages suppressed)\n", dropped_); \
            }                                                               \
            qemu_log(FMT, ##__VA_ARGS__);                                   \
        }                                                                   \
    } while (0)

#endif /* UTIL_LOG_H */
