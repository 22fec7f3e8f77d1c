/*
 * Error, warning and info messages on stderr, prefixed by the program name
 * and the current location (command-line argument or file:line).
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "util/error-report.h"

typedef enum {
    REPORT_ERROR,
    REPORT_WARNING,
    REPORT_INFO,
} ReportType;

/* The bottom of the stack; never popped. */
static Location std_loc = {.kind = LOC_NONE};
static Location *cur_loc = &std_loc;

static char *progname;

void error_set_progname(const char *name)
{
    const char *slash = name ? strrchr(name, '/') : NULL;

    /* argv[0] may be a path; only its last component names the program. */
    g_free(progname);
    progname = g_strdup(slash ? slash + 1 : name);
}

const char *error_get_progname(void)
{
    return progname ? progname : "emu";
}

Location *loc_push_restore(Location *loc)
{
    assert(!loc->prev);
    loc->prev = cur_loc;
    cur_loc = loc;
    return loc;
}

Location *loc_push_none(Location *loc)
{
    loc->kind = LOC_NONE;
    loc->num = 0;
    loc->ptr = NULL;
    loc->prev = NULL;
    return loc_push_restore(loc);
}

Location *loc_pop(Location *loc)
{
    assert(cur_loc == loc && loc->prev);
    cur_loc = loc->prev;
    loc->prev = NULL;
    return loc;
}

Location *loc_save(Location *loc)
{
    *loc = *cur_loc;
    loc->prev = NULL;
    return loc;
}

void loc_restore(Location *loc)
{
    Location *prev = cur_loc->prev;

    assert(!loc->prev);
    *cur_loc = *loc;
    cur_loc->prev = prev;
}

void loc_set_none(void)
{
    cur_loc->kind = LOC_NONE;
    cur_loc->num = 0;
    cur_loc->ptr = NULL;
}

void loc_set_cmdline(char **argv, int idx, int cnt)
{
    cur_loc->kind = LOC_CMDLINE;
    cur_loc->num = cnt;
    cur_loc->ptr = argv + idx;
}

void loc_set_file(const char *fname, int lno)
{
    /* A file location without a name says nothing useful: keep none. */
    if (!fname) {
        loc_set_none();
        return;
    }
    cur_loc->kind = LOC_FILE;
    cur_loc->num = lno;
    cur_loc->ptr = fname;
}

void error_print_loc(void)
{
    char *const *argp;
    int i;

    switch (cur_loc->kind) {
    case LOC_CMDLINE:
        argp = cur_loc->ptr;
        for (i = 0; i < cur_loc->num; i++) {
            fprintf(stderr, "%s%s", i ? " " : "", argp[i]);
        }
        fputs(": ", stderr);
        break;
    case LOC_FILE:
        if (cur_loc->num) {
            fprintf(stderr, "%s:%d: ", (const char *)cur_loc->ptr,
                    cur_loc->num);
        } else {
            fprintf(stderr, "%s: ", (const char *)cur_loc->ptr);
        }
        break;
    case LOC_NONE:
    default:
        break;
    }
}

static void vreport(ReportType type, const char *fmt, va_list ap)
{
    fprintf(stderr, "%s: ", error_get_progname());
    error_print_loc();
    switch (type) {
    case REPORT_WARNING:
        fputs("warning: ", stderr);
        break;
    case REPORT_INFO:
        fputs("info: ", stderr);
        break;
    case REPORT_ERROR:
    default:
        break;
    }
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void error_vreport(const char *fmt, va_list ap)
{
    vreport(REPORT_ERROR, fmt, ap);
}

void warn_vreport(const char *fmt, va_list ap)
{
    vreport(REPORT_WARNING, fmt, ap);
}

void info_vreport(const char *fmt, va_list ap)
{
    vreport(REPORT_INFO, fmt, ap);
}

void error_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(REPORT_ERROR, fmt, ap);
    va_end(ap);
}

void warn_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(REPORT_WARNING, fmt, ap);
    va_end(ap);
}

void info_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(REPORT_INFO, fmt, ap);
    va_end(ap);
}
