/*
 * Printing errors, warnings and notes to stderr with a location prefix.
 *
 * Messages read "<prog>: <location>: <message>", e.g.
 *   emu: -m foo: Parameter 'size' expects a non-negative number below 2^64
 * The location comes from a stack: the option parser sets the current
 * command-line argument, a config-file reader sets "file:line".
 */
#ifndef UTIL_ERROR_REPORT_H
#define UTIL_ERROR_REPORT_H

#include <stdarg.h>
#include <stdbool.h>

typedef enum {
    LOC_NONE,
    LOC_CMDLINE, /* argv[num .. num + cnt - 1] */
    LOC_FILE,    /* file name, line number (0: no line) */
} LocationKind;

typedef struct Location {
    LocationKind kind;
    int num;
    const void *ptr;
    struct Location *prev;
} Location;

/* The program name printed first; defaults to "emu". */
void error_set_progname(const char *name);
const char *error_get_progname(void);

/* Push a new, empty location on top of the stack and return it. */
Location *loc_push_none(Location *loc);
/* Push a saved location (from loc_save()) on top of the stack. */
Location *loc_push_restore(Location *loc);
/* Pop loc, which must be the top of the stack. */
Location *loc_pop(Location *loc);
/* Copy the current location into loc (for later loc_restore/push). */
Location *loc_save(Location *loc);
/* Make the current location a copy of loc. */
void loc_restore(Location *loc);
/* Change the current location to "no location". */
void loc_set_none(void);
/* The current location is argv[idx .. idx + cnt - 1] (argv outlives it). */
void loc_set_cmdline(char **argv, int idx, int cnt);
/* The current location is "fname:lno" (fname outlives it; lno 0: none). */
void loc_set_file(const char *fname, int lno);

/* Print the current location followed by ": ", if there is one. */
void error_print_loc(void);

void error_vreport(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));
void warn_vreport(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));
void info_vreport(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));

/* "<prog>: <loc>: message\n" on stderr. */
void error_report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "<prog>: <loc>: warning: message\n" on stderr. */
void warn_report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "<prog>: <loc>: info: message\n" on stderr. */
void info_report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Report only the first time this call site is reached. */
#define error_report_once(fmt, ...)                                         \
    ({                                                                      \
        static bool print_once_;                                            \
        bool first_ = !print_once_;                                         \
        if (first_) {                                                       \
            print_once_ = true;                                             \
            error_report(fmt, ##__VA_ARGS__);                               \
        }                                                                   \
        first_;                                                             \
    })

#define warn_report_once(fmt, ...)                                          \
    ({                                                                      \
        static bool print_once_;                                            \
        bool first_ = !print_once_;                                         \
        if (first_) {                                                       \
            print_once_ = true;                                             \
            warn_report(fmt, ##__VA_ARGS__);                                \
        }                                                                   \
        first_;                                                             \
    })

#endif /* UTIL_ERROR_REPORT_H */
