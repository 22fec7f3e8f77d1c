/*
 * Helpers shared by emu's cmocka unit tests.
 *
 * run_in_child() runs fn(opaque) in a forked child with stderr captured,
 * so that tests can check the paths that must abort() or exit() (checked
 * casts, &error_abort, &error_fatal) and the message printed on the way.
 */
#ifndef EMU_TEST_H
#define EMU_TEST_H

#include <glib.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct ChildResult {
    bool exited;    /* true: exit(status); false: killed by signal */
    int status;     /* exit status or signal number */
    char *err;      /* everything written to stderr (g_free) */
} ChildResult;

/*
 * The child ends through exit() when fn takes an &error_fatal path: leave
 * at once, so LeakSanitizer does not report what the dying program still
 * held (it would at a real exit(1) too, which is not a leak).
 */
static inline void run_in_child_exit_now(int status, void *arg)
{
    fflush(stderr);
    _exit(status);
}

static inline ChildResult run_in_child(void (*fn)(void *), void *opaque)
{
    ChildResult r = {0};
    int fds[2];
    GString *buf = g_string_new(NULL);
    char chunk[512];
    ssize_t n;
    int wstatus = 0;
    pid_t pid;

    fflush(stdout);
    fflush(stderr);
    if (pipe(fds) != 0) {
        abort();
    }
    pid = fork();
    if (pid < 0) {
        abort();
    }
    if (pid == 0) {
        struct sigaction sa = {.sa_handler = SIG_DFL};
        /* Sanitizers would turn abort() into a report; keep it a signal. */
        sigaction(SIGABRT, &sa, NULL);
        close(fds[0]);
        dup2(fds[1], STDERR_FILENO);
        close(fds[1]);
        on_exit(run_in_child_exit_now, NULL);
        fn(opaque);
        fflush(stderr);
        _exit(0);
    }
    close(fds[1]);
    while ((n = read(fds[0], chunk, sizeof(chunk))) > 0) {
        g_string_append_len(buf, chunk, n);
    }
    close(fds[0]);
    waitpid(pid, &wstatus, 0);
    if (WIFEXITED(wstatus)) {
        r.exited = true;
        r.status = WEXITSTATUS(wstatus);
    } else {
        r.exited = false;
        r.status = WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : -1;
    }
    r.err = g_string_free(buf, false);
    return r;
}

/* Assert fn aborts (SIGABRT) and its stderr contains needle. */
#define assert_child_aborts(fn, opaque, needle)                             \
    do {                                                                    \
        ChildResult cr_ = run_in_child((fn), (opaque));                     \
        if (cr_.exited || cr_.status != SIGABRT ||                          \
            !strstr(cr_.err, (needle))) {                                   \
            print_error("expected abort with \"%s\"; got %s %d, stderr:\n%s", \
                        (needle), cr_.exited ? "exit" : "signal",          \
                        cr_.status, cr_.err);                               \
            g_free(cr_.err);                                                \
            fail();                                                         \
        }                                                                   \
        g_free(cr_.err);                                                    \
    } while (0)

/* Assert fn exits with status and its stderr contains needle. */
#define assert_child_exits(fn, opaque, want_status, needle)                 \
    do {                                                                    \
        ChildResult cr_ = run_in_child((fn), (opaque));                     \
        if (!cr_.exited || cr_.status != (want_status) ||                   \
            !strstr(cr_.err, (needle))) {                                   \
            print_error("expected exit %d with \"%s\"; got %s %d, stderr:\n%s", \
                        (want_status), (needle),                           \
                        cr_.exited ? "exit" : "signal", cr_.status,        \
                        cr_.err);                                           \
            g_free(cr_.err);                                                \
            fail();                                                         \
        }                                                                   \
        g_free(cr_.err);                                                    \
    } while (0)

#endif /* EMU_TEST_H */
