/*
 * Error objects passed through "Error **errp" and the special destinations
 * &error_abort and &error_fatal.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

#include "util/error.h"
#include "util/error-report.h"

struct Error {
    char *msg;
    GString *hint;
    const char *src;
    const char *func;
    int line;
};

Error *error_abort;
Error *error_fatal;

const char *error_get_pretty(const Error *err)
{
    return err->msg;
}

const char *error_get_src_file(const Error *err)
{
    return err->src;
}

int error_get_src_line(const Error *err)
{
    return err->line;
}

static void error_print_hint(const Error *err)
{
    if (err->hint) {
        fputs(err->hint->str, stderr);
    }
}

/*
 * Deliver err to &error_abort or &error_fatal; these never return.
 * Returns false for any other destination.
 */
static bool error_handle_special(Error **errp, Error *err)
{
    if (errp == &error_abort) {
        /* Say where the unexpected error came from: it is a bug. */
        fprintf(stderr, "Unexpected error in %s() at %s:%d:\n", err->func,
                err->src, err->line);
        error_report("%s", err->msg);
        error_print_hint(err);
        fflush(stderr);
        abort();
    }
    if (errp == &error_fatal) {
        error_report_err(err);
        exit(1);
    }
    return false;
}

static void error_setv(Error **errp, const char *src, int line,
                       const char *func, const char *fmt, va_list ap,
                       int os_errno)
{
    /* Callers often read errno right after reporting; keep it intact. */
    int saved_errno = errno;
    Error *err;

    if (!errp) {
        return;
    }
    assert(*errp == NULL);

    err = g_new0(Error, 1);
    err->msg = g_strdup_vprintf(fmt, ap);
    if (os_errno) {
        char *with_errno =
            g_strdup_printf("%s: %s", err->msg, g_strerror(os_errno));
        g_free(err->msg);
        err->msg = with_errno;
    }
    err->src = src;
    err->line = line;
    err->func = func;

    if (!error_handle_special(errp, err)) {
        *errp = err;
    }
    errno = saved_errno;
}

void error_setg_internal(Error **errp, const char *src, int line,
                         const char *func, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_setv(errp, src, line, func, fmt, ap, 0);
    va_end(ap);
}

void error_setg_errno_internal(Error **errp, const char *src, int line,
                               const char *func, int os_errno, const char *fmt,
                               ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_setv(errp, src, line, func, fmt, ap, os_errno);
    va_end(ap);
}

void error_vprepend(Error *const *errp, const char *fmt, va_list ap)
{
    Error *err;
    char *prefix;
    char *msg;

    if (!errp || !*errp) {
        return;
    }
    err = *errp;
    prefix = g_strdup_vprintf(fmt, ap);
    msg = g_strconcat(prefix, err->msg, NULL);
    g_free(prefix);
    g_free(err->msg);
    err->msg = msg;
}

void error_prepend(Error *const *errp, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_vprepend(errp, fmt, ap);
    va_end(ap);
}

void error_append_hint(Error *const *errp, const char *fmt, ...)
{
    /* Callers may read errno after appending, as after error_setg(). */
    int saved_errno = errno;
    Error *err;
    va_list ap;

    if (!errp) {
        return;
    }
    /*
     * &error_abort/&error_fatal never hold an error: the hint would be
     * lost.  The function must use ERRP_GUARD() so errp is a real one.
     */
    assert(errp != &error_abort && errp != &error_fatal);
    /* A hint without an error to attach it to is a caller bug. */
    assert(*errp);

    err = *errp;
    if (!err->hint) {
        err->hint = g_string_new(NULL);
    }
    va_start(ap, fmt);
    g_string_append_vprintf(err->hint, fmt, ap);
    va_end(ap);
    errno = saved_errno;
}

void error_propagate(Error **dst_errp, Error *local_err)
{
    if (!local_err) {
        return;
    }
    if (error_handle_special(dst_errp, local_err)) {
        return;
    }
    if (dst_errp && !*dst_errp) {
        *dst_errp = local_err;
    } else {
        /* Nobody wants it, or the first error wins. */
        error_free(local_err);
    }
}

void error_propagate_prepend(Error **dst_errp, Error *local_err,
                             const char *fmt, ...)
{
    va_list ap;

    /* Only worth prefixing when the error will actually be kept. */
    if (dst_errp && !*dst_errp) {
        va_start(ap, fmt);
        error_vprepend(&local_err, fmt, ap);
        va_end(ap);
    }
    error_propagate(dst_errp, local_err);
}

Error *error_copy(const Error *err)
{
    Error *copy = g_new0(Error, 1);

    copy->msg = g_strdup(err->msg);
    if (err->hint) {
        copy->hint = g_string_new_len(err->hint->str, err->hint->len);
    }
    copy->src = err->src;
    copy->line = err->line;
    copy->func = err->func;
    return copy;
}

void error_free(Error *err)
{
    if (!err) {
        return;
    }
    g_free(err->msg);
    if (err->hint) {
        g_string_free(err->hint, true);
    }
    g_free(err);
}

void error_free_or_abort(Error **errp)
{
    assert(errp && *errp);
    error_free(*errp);
    *errp = NULL;
}

void error_report_err(Error *err)
{
    error_report("%s", err->msg);
    error_print_hint(err);
    error_free(err);
}

void warn_report_err(Error *err)
{
    warn_report("%s", err->msg);
    error_print_hint(err);
    error_free(err);
}

void error_propagator_cleanup(ErrorPropagator *prop)
{
    /*
     * ERRP_GUARD() only redirects errp to local_err when the caller's errp
     * was NULL or &error_fatal; otherwise local_err stays NULL and this is
     * a no-op.  Propagating to &error_fatal exits here, after the function
     * had its chance to add hints.
     */
    error_propagate(prop->errp, prop->local_err);
}
