/*
 * Helpers shared by libopts' unit tests: capture what the code under test
 * prints on stdout or stderr, in-process, by pointing the file descriptor
 * at a temporary file for a while.
 */
#ifndef LIBOPTS_TESTS_OPTS_TEST_H
#define LIBOPTS_TESTS_OPTS_TEST_H

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct FdCapture {
    int fd;
    int saved_fd;
    FILE *tmp;
} FdCapture;

/* Start capturing fd (STDOUT_FILENO or STDERR_FILENO). */
static inline void capture_begin(FdCapture *c, int fd)
{
    fflush(stdout);
    fflush(stderr);
    c->fd = fd;
    c->tmp = tmpfile();
    c->saved_fd = dup(fd);
    if (!c->tmp || c->saved_fd < 0 || dup2(fileno(c->tmp), fd) < 0) {
        abort();
    }
}

/* Stop capturing; returns everything written meanwhile (g_free it). */
static inline char *capture_end(FdCapture *c)
{
    GString *out = g_string_new(NULL);
    char buf[512];
    size_t n;

    fflush(stdout);
    fflush(stderr);
    dup2(c->saved_fd, c->fd);
    close(c->saved_fd);
    rewind(c->tmp);
    while ((n = fread(buf, 1, sizeof(buf), c->tmp)) > 0) {
        g_string_append_len(out, buf, n);
    }
    fclose(c->tmp);
    return g_string_free(out, false);
}

#endif /* LIBOPTS_TESTS_OPTS_TEST_H */
