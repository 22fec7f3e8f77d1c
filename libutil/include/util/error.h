/*
 * Error reporting with QEMU's conventions.
 *
 * A function that can fail takes "Error **errp" as its last argument and
 * returns false/NULL on failure after filling *errp.  Callers pass:
 *   - NULL to ignore the error,
 *   - &local_err (an "Error *local_err = NULL") to inspect it,
 *   - &error_abort when failure is a programming error (abort with message),
 *   - &error_fatal when failure should end the program (message, exit(1)).
 */
#ifndef UTIL_ERROR_H
#define UTIL_ERROR_H

#include <stdbool.h>
#include <stdarg.h>

typedef struct Error Error;

/* Special destinations, only ever compared by address. */
extern Error *error_abort;
extern Error *error_fatal;

/* The error's message, without location and hint. */
const char *error_get_pretty(const Error *err);

/* Source location where the error was created (for debugging). */
const char *error_get_src_file(const Error *err);
int error_get_src_line(const Error *err);

void error_setg_internal(Error **errp, const char *src, int line,
                         const char *func, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void error_setg_errno_internal(Error **errp, const char *src, int line,
                               const char *func, int os_errno,
                               const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/*
 * Set *errp to a new error with a printf-style message.  errp may be NULL
 * (ignored), &error_abort or &error_fatal.  *errp must be NULL on entry.
 */
#define error_setg(errp, fmt, ...)                                          \
    error_setg_internal((errp), __FILE__, __LINE__, __func__, (fmt),       \
                        ##__VA_ARGS__)

/* Like error_setg() and append ": " + strerror(os_errno). */
#define error_setg_errno(errp, os_errno, fmt, ...)                          \
    error_setg_errno_internal((errp), __FILE__, __LINE__, __func__,        \
                              (os_errno), (fmt), ##__VA_ARGS__)

/* Prepend a printf-style prefix to the message of *errp, if any. */
void error_prepend(Error *const *errp, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void error_vprepend(Error *const *errp, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/*
 * Append a printf-style hint, printed after the message on its own line(s)
 * by error_report_err().  Do not use on &error_fatal / &error_abort
 * directly: use ERRP_GUARD() in the function first.  No-op if errp is NULL.
 */
void error_append_hint(Error *const *errp, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Move local_err into *dst_errp.  If dst_errp is NULL the error is freed;
 * if it is &error_abort/&error_fatal, report and abort/exit.  If *dst_errp
 * is already set, local_err is freed (the first error wins).
 */
void error_propagate(Error **dst_errp, Error *local_err);
void error_propagate_prepend(Error **dst_errp, Error *local_err,
                             const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

Error *error_copy(const Error *err);
void error_free(Error *err);
/* Free *errp, asserting it was set; resets *errp to NULL. */
void error_free_or_abort(Error **errp);

/* Print "<prog>: <loc>: <message>" (+ hint) to stderr and free err. */
void error_report_err(Error *err);
void warn_report_err(Error *err);

/*
 * ERRP_GUARD(): make errp safe to dereference in this function.  When the
 * caller passed NULL or &error_fatal, errp is redirected to a local error
 * that is propagated when the function returns, so that error_append_hint()
 * and "if (*errp)" work.
 */
typedef struct ErrorPropagator {
    Error *local_err;
    Error **errp;
} ErrorPropagator;

void error_propagator_cleanup(ErrorPropagator *prop);

#define ERRP_GUARD()                                                        \
    __attribute__((cleanup(error_propagator_cleanup)))                     \
    ErrorPropagator _auto_errp_prop = {.errp = errp};                       \
    do {                                                                    \
        if (!errp || errp == &error_fatal) {                                \
            errp = &_auto_errp_prop.local_err;                              \
        }                                                                   \
    } while (0)

#endif /* UTIL_ERROR_H */
