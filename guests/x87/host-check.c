/*
 * The x87 guest's cases run on the host's own x87 unit: the lines the
 * guest must print.
 *
 *     x87-host-check [--verbose] [--qemu]   (the guest's -append words)
 *
 * An unmasked exception arrives as SIGFPE at the waiting instruction
 * after the one that caused it; the handler records it as the guest's
 * #MF handler does and lets the instruction run again with every
 * exception masked and none pending.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

#include "x87.h"

#if !defined(__x86_64__)
#error "host-check reads the FXSAVE image of an x86-64 signal frame"
#endif

void x87_puts(const char *s)
{
    fputs(s, stdout);
}

static void on_sigfpe(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    struct _libc_fpstate *fp = uc->uc_mcontext.fpregs;

    (void)sig;
    (void)si;
    if (!x87_fault.count) {
        x87_fault.sw = fp->swd;
        x87_fault.fop = fp->fop & 0x7ff;
        x87_fault.fip = fp->rip;
        x87_fault.fdp = fp->rdp;
    }
    x87_fault.count++;
    fp->cwd |= 0x3f;
    fp->swd &= ~0x80ff;
}

int main(int argc, char **argv)
{
    struct sigaction sa;
    uint32_t n;
    int flags = 0;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_sigfpe;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGFPE, &sa, NULL);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--verbose")) {
            flags |= X87_VERBOSE;
        } else if (!strcmp(argv[i], "--qemu")) {
            flags |= X87_QEMU;
        } else {
            fprintf(stderr, "usage: %s [--verbose] [--qemu]\n", argv[0]);
            return 2;
        }
    }
    n = x87_run_cases(flags);
    printf("x87: %u cases\n", n);
    return 0;
}
