/*
 * The stdio backend: input from fd 0, output to fd 1.  When stdin is a
 * terminal it is put in raw mode (no line editing, no echo, 8-bit
 * characters; output post-processing kept so "\n" still returns the
 * carriage) and restored on every way out: qemu_chr_cleanup(), the
 * chardev's finalize, exit() (atexit), and the fatal signals SIGTERM,
 * SIGINT, SIGHUP and SIGQUIT, whose handler restores the terminal and
 * re-raises the signal.  signal=off also turns ISIG off so that Ctrl-C
 * reaches the guest instead of killing emu.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "char-internal.h"
#include "opts/qemu-option.h"

/* One process has one terminal: QEMU allows one stdio chardev. */
static bool stdio_in_use;
/* The terminal as emu found it; valid when term_saved. */
static struct termios saved_tty;
static volatile sig_atomic_t term_saved;
static bool stdio_allow_signal = true;

static const int fatal_signals[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT};
static struct sigaction old_actions[G_N_ELEMENTS(fatal_signals)];
static bool handlers_installed;

void chardev_stdio_restore_term(void)
{
    if (term_saved) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
    }
}

static void stdio_fatal_signal(int sig)
{
    /* tcsetattr() is async-signal-safe (POSIX.1-2008, 2.4.3). */
    if (term_saved) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
    }
    /*
     * Die of the signal as if there had been no handler: the signal is
     * blocked while we run, so it is delivered again on return.
     */
    signal(sig, SIG_DFL);
    raise(sig);
}

static void stdio_install_signal_handlers(void)
{
    if (handlers_installed) {
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(fatal_signals); i++) {
        struct sigaction sa;

        sigaction(fatal_signals[i], NULL, &old_actions[i]);
        /*
         * Only where the default action would kill emu with the terminal
         * raw: a handler the application installed does an orderly exit
         * (and so restores at exit), an ignored signal stays ignored.
         */
        if (old_actions[i].sa_handler != SIG_DFL ||
            (old_actions[i].sa_flags & SA_SIGINFO)) {
            continue;
        }
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = stdio_fatal_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(fatal_signals[i], &sa, NULL);
    }
    handlers_installed = true;
}

static void stdio_remove_signal_handlers(void)
{
    if (!handlers_installed) {
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(fatal_signals); i++) {
        struct sigaction cur;

        /* Put back only what we replaced. */
        sigaction(fatal_signals[i], NULL, &cur);
        if (cur.sa_handler == stdio_fatal_signal) {
            sigaction(fatal_signals[i], &old_actions[i], NULL);
        }
    }
    handlers_installed = false;
}

static void stdio_atexit(void)
{
    chardev_stdio_restore_term();
}

static void stdio_chr_set_echo(Chardev *chr, bool echo)
{
    struct termios tty;

    if (!term_saved) {
        return;
    }
    tty = saved_tty;
    if (!echo) {
        /* Raw input: bytes as typed, no translation or flow control. */
        tty.c_iflag &=
            ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
        tty.c_oflag |= OPOST;
        tty.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
        tty.c_cflag &= ~(CSIZE | PARENB);
        tty.c_cflag |= CS8;
        tty.c_cc[VMIN] = 1;
        tty.c_cc[VTIME] = 0;
    }
    if (!stdio_allow_signal) {
        tty.c_lflag &= ~ISIG;
    }
    tcsetattr(STDIN_FILENO, TCSANOW, &tty);
}

static void stdio_chr_parse(QemuOpts *opts, ChardevBackend *backend,
                            Error **errp)
{
    backend->signal = qemu_opt_get_bool(opts, "signal", true);
}

static void stdio_chr_open(Chardev *chr, ChardevBackend *backend,
                           bool *be_opened, Error **errp)
{
    static bool atexit_done;
    FDChardev *s = FD_CHARDEV(chr);

    if (stdio_in_use) {
        error_setg(errp, "cannot use stdio by multiple character devices");
        return;
    }
    stdio_in_use = true;
    s->close_fds = false;
    stdio_allow_signal = backend->signal;
    if (tcgetattr(STDIN_FILENO, &saved_tty) == 0) {
        term_saved = 1;
        if (!atexit_done) {
            atexit(stdio_atexit);
            atexit_done = true;
        }
        stdio_install_signal_handlers();
    }
    qemu_chr_open_fd(chr, STDIN_FILENO, STDOUT_FILENO);
    stdio_chr_set_echo(chr, false);
}

static int stdio_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    /*
     * stdout is shared with emu's own messages and the shell: it stays
     * blocking, so the terminal takes everything (as in QEMU).
     */
    return chr_fd_write_full(STDOUT_FILENO, buf, len);
}

static void stdio_chr_finalize(Object *obj)
{
    if (!FD_CHARDEV(obj)->close_fds) {
        /* This chardev owned stdio (a failed open did not). */
        chardev_stdio_restore_term();
        stdio_remove_signal_handlers();
        term_saved = 0;
        stdio_in_use = false;
        stdio_allow_signal = true;
    }
}

static void stdio_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->parse = stdio_chr_parse;
    cc->open = stdio_chr_open;
    cc->chr_write = stdio_chr_write;
    cc->chr_set_echo = stdio_chr_set_echo;
}

static const TypeInfo stdio_chr_type_info = {
    .name = TYPE_CHARDEV_STDIO,
    .parent = TYPE_CHARDEV_FD,
    .instance_finalize = stdio_chr_finalize,
    .class_init = stdio_chr_class_init,
};

void chardev_register_stdio_types(void)
{
    type_register_static(&stdio_chr_type_info);
}
