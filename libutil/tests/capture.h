/*
 * Capture what the code under test writes to stderr, in-process, by
 * pointing file descriptor 2 at a temporary file for a while.
 */
#ifndef LIBUTIL_TESTS_CAPTURE_H
#define LIBUTIL_TESTS_CAPTURE_H

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct StderrCapture {
    int saved_fd;
    FILE *tmp;
} StderrCapture;

static inline void capture_begin(StderrCapture *c)
{
    fflush(stderr);
    c->tmp = tmpfile();
    c->saved_fd = dup(STDERR_FILENO);
    if (!c->tmp || c->saved_fd < 0 || dup2(fileno(c->tmp), STDERR_FILENO) < 0) {
        abort();
    }
}

/* Stop capturing; returns everything written meanwhile (g_free it). */
static inline char *capture_end(StderrCapture *c)
{
    GString *out = g_string_new(NULL);
    char buf[512];
    size_t n;

    fflush(stderr);
    dup2(c->saved_fd, STDERR_FILENO);
    close(c->saved_fd);
    rewind(c->tmp);
    while ((n = fread(buf, 1, sizeof(buf), c->tmp)) > 0) {
        g_string_append_len(out, buf, n);
    }
    fclose(c->tmp);
    return g_string_free(out, false);
}

#endif /* LIBUTIL_TESTS_CAPTURE_H */
