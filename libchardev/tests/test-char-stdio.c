/*
 * The stdio backend, in a child process whose terminal is a pty the test
 * holds: raw mode while the chardev lives, the terminal restored at
 * exit(), on SIGTERM (the child then dies of the signal), and when the
 * chardev goes; signal=off; data both ways; one stdio chardev only.
 */
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>

#include "char-test.h"

typedef struct StdioChild {
    pid_t pid;
    int master;
    /* The test's own fd on the slave, to read the terminal's settings. */
    int slave;
    /* Child -> test: one byte per step. */
    int ready_rd;
    /* Test -> child: one byte to go on. */
    int go_wr;
} StdioChild;

typedef void StdioChildFn(int ready_wr, int go_rd);

/* Leave without LeakSanitizer's report (the chardev is alive on purpose). */
static void exit_now(int status, void *arg)
{
    _exit(status);
}

static void child_signal(int ready_wr, char c)
{
    assert_int_equal(write(ready_wr, &c, 1), 1);
}

static void child_wait(int go_rd)
{
    char c;

    if (read(go_rd, &c, 1) != 1) {
        _exit(3);
    }
}

static StdioChild start_child(StdioChildFn *fn)
{
    StdioChild c;
    int ready[2], go[2];
    char name[128];
    struct termios tio;

    assert_int_equal(pipe(ready), 0);
    assert_int_equal(pipe(go), 0);
    fflush(stdout);
    fflush(stderr);
    c.pid = forkpty(&c.master, name, NULL, NULL);
    assert_true(c.pid >= 0);
    if (c.pid == 0) {
        close(ready[0]);
        close(go[1]);
        /* Runs last, after the stdio backend's atexit handler. */
        on_exit(exit_now, NULL);
        char_test_init();
        fn(ready[1], go[0]);
        exit(0);
    }
    close(ready[1]);
    close(go[0]);
    c.ready_rd = ready[0];
    c.go_wr = go[1];
    c.slave = open(name, O_RDWR | O_NOCTTY);
    assert_true(c.slave >= 0);
    /* forkpty's terminal starts cooked, as a shell leaves it. */
    assert_int_equal(tcgetattr(c.slave, &tio), 0);
    assert_true(tio.c_lflag & ICANON);
    return c;
}

static char wait_child_step(StdioChild *c)
{
    char step = 0;

    assert_int_equal(read(c->ready_rd, &step, 1), 1);
    return step;
}

static void let_child_go(StdioChild *c)
{
    assert_int_equal(write(c->go_wr, "g", 1), 1);
}

static int finish_child(StdioChild *c)
{
    int status = 0;

    assert_int_equal(waitpid(c->pid, &status, 0), c->pid);
    close(c->ready_rd);
    close(c->go_wr);
    return status;
}

static void close_child(StdioChild *c)
{
    close(c->slave);
    close(c->master);
}

static void assert_raw(int fd, bool isig)
{
    struct termios tio;

    assert_int_equal(tcgetattr(fd, &tio), 0);
    assert_int_equal(tio.c_lflag & (ICANON | ECHO | IEXTEN), 0);
    assert_int_equal(tio.c_iflag & (ICRNL | IXON), 0);
    assert_int_equal(tio.c_cc[VMIN], 1);
    /* Output still turns "\n" into "\r\n" on the terminal. */
    assert_true(tio.c_oflag & OPOST);
    assert_int_equal(!!(tio.c_lflag & ISIG), isig);
}

static void assert_cooked(int fd)
{
    struct termios tio;

    assert_int_equal(tcgetattr(fd, &tio), 0);
    assert_int_equal(tio.c_lflag & (ICANON | ECHO | ISIG),
                     ICANON | ECHO | ISIG);
    assert_true(tio.c_iflag & ICRNL);
}

/* ---- Children (no cmocka assertions here: they would unwind) ---- */

static Chardev *child_chr(const char *str)
{
    Error *err = NULL;
    Chardev *chr = chr_from_str(str, &err);

    if (!chr) {
        fprintf(stderr, "%s\n", error_get_pretty(err));
        _exit(5);
    }
    return chr;
}

static void child_open_then_exit(int ready_wr, int go_rd)
{
    child_chr("stdio,id=serial0");
    child_signal(ready_wr, 'R');
    child_wait(go_rd);
    /* exit() without qemu_chr_cleanup(): atexit restores. */
}

static void child_open_then_wait(int ready_wr, int go_rd)
{
    child_chr("stdio,id=serial0");
    child_signal(ready_wr, 'R');
    child_wait(go_rd);
}

static void child_signal_off(int ready_wr, int go_rd)
{
    child_chr("stdio,id=serial0,signal=off");
    child_signal(ready_wr, 'R');
    child_wait(go_rd);
    qemu_chr_cleanup();
    child_signal(ready_wr, 'C');
    child_wait(go_rd);
}

static TestFE echo_fe;

static void child_echo(int ready_wr, int go_rd)
{
    Chardev *chr = child_chr("stdio,id=serial0");
    Error *err = NULL;

    /* A second one is refused with QEMU's words. */
    if (chr_from_str("stdio,id=serial1", &err) ||
        strcmp(error_get_pretty(err),
               "cannot use stdio by multiple character devices")) {
        _exit(4);
    }
    error_free(err);
    test_fe_attach(&echo_fe, chr);
    child_signal(ready_wr, 'R');
    while (echo_fe.rx->len < 3) {
        g_main_context_iteration(NULL, TRUE);
    }
    qemu_chr_fe_write_all(&echo_fe.be, (const uint8_t *)"got:", 4);
    qemu_chr_fe_write_all(&echo_fe.be, echo_fe.rx->data, 3);
    qemu_chr_fe_write_all(&echo_fe.be, (const uint8_t *)"\n", 1);
    child_wait(go_rd);
    test_fe_detach(&echo_fe);
    qemu_chr_cleanup();
}

/* ---- Tests ---- */

static void test_stdio_restore_at_exit(void **state)
{
    StdioChild c = start_child(child_open_then_exit);
    int status;

    assert_int_equal(wait_child_step(&c), 'R');
    assert_raw(c.slave, true);
    let_child_go(&c);
    status = finish_child(&c);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_cooked(c.slave);
    close_child(&c);
}

static void test_stdio_restore_on_sigterm(void **state)
{
    StdioChild c = start_child(child_open_then_wait);
    int status;

    assert_int_equal(wait_child_step(&c), 'R');
    assert_raw(c.slave, true);
    kill(c.pid, SIGTERM);
    status = finish_child(&c);
    /* Restored, and still killed by the signal (exit status intact). */
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGTERM);
    assert_cooked(c.slave);
    close_child(&c);
}

static void test_stdio_restore_on_sighup(void **state)
{
    StdioChild c = start_child(child_open_then_wait);
    int status;

    assert_int_equal(wait_child_step(&c), 'R');
    kill(c.pid, SIGHUP);
    status = finish_child(&c);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGHUP);
    assert_cooked(c.slave);
    close_child(&c);
}

static void test_stdio_signal_off(void **state)
{
    StdioChild c = start_child(child_signal_off);

    assert_int_equal(wait_child_step(&c), 'R');
    /* Ctrl-C is the guest's. */
    assert_raw(c.slave, false);
    let_child_go(&c);
    /* qemu_chr_cleanup() restores too. */
    assert_int_equal(wait_child_step(&c), 'C');
    assert_cooked(c.slave);
    let_child_go(&c);
    assert_true(WIFEXITED(finish_child(&c)));
    close_child(&c);
}

static void test_stdio_io(void **state)
{
    StdioChild c = start_child(child_echo);
    GString *got = g_string_new(NULL);
    int status;

    assert_int_equal(wait_child_step(&c), 'R');
    /* Raw input: the bytes as typed, no line discipline in between. */
    assert_int_equal(write(c.master, "a\rb", 3), 3);
    while (!strstr(got->str, "\n")) {
        char buf[64];
        ssize_t n = read(c.master, buf, sizeof(buf));

        assert_true(n > 0);
        g_string_append_len(got, buf, n);
    }
    /* OPOST: the terminal shows "\r\n" for the child's "\n". */
    assert_string_equal(got->str, "got:a\rb\r\n");
    let_child_go(&c);
    status = finish_child(&c);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    g_string_free(got, true);
    close_child(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stdio_restore_at_exit),
        cmocka_unit_test(test_stdio_restore_on_sigterm),
        cmocka_unit_test(test_stdio_restore_on_sighup),
        cmocka_unit_test(test_stdio_signal_off),
        cmocka_unit_test(test_stdio_io),
    };

    int m, sl;

    /* No pseudo-terminals here (a bare container): skip. */
    if (openpty(&m, &sl, NULL, NULL, NULL) < 0) {
        fprintf(stderr, "no pseudo-terminals: %s\n", strerror(errno));
        return 77;
    }
    close(m);
    close(sl);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
