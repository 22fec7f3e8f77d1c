/*
 * The differential tester's native side: a 32-bit Linux process (built
 * with gcc -m32, Debian's gcc-multilib) that runs each sequence of a
 * test file on the host CPU, the oracle, and prints the same lines as
 * the guest (guests/difftest/difftest.c) on stdout.
 *
 * The code and memory regions are mapped at the guest's fixed addresses.
 * A fault (SIGFPE, SIGILL, SIGSEGV, ...) is reported as the exception
 * vector the guest would see and the run goes on with the next sequence.
 * With DT_FILE_FAULTS, the vector and error code are the CPU's (the
 * signal frame's trap number and error code), and the registers, flags
 * and FPU at the fault come from the frame too (CR2 is si_addr); FS is
 * then an LDT data segment of DT_FS_LIMIT + 1 bytes at DT_MEM_ADDR, and
 * the page at DT_GUARD_ADDR is mapped with no access, as in the guest.
 *
 * usage: difftest-harness FILE
 */
#define _GNU_SOURCE /* REG_* of ucontext_t */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>
#include <asm/ldt.h>

#include "difftest.h"

static sigjmp_buf fault_jmp;
static volatile sig_atomic_t fault_vector;

/* The state at the fault, from the signal frame, for dt_format. */
static void fault_state(const ucontext_t *uc, void *addr)
{
    static const int regs[DT_NREGS] = {REG_EAX,  REG_ECX, REG_EDX, REG_EBX,
                                       REG_UESP, REG_EBP, REG_ESI, REG_EDI};
    const greg_t *g = uc->uc_mcontext.gregs;

    for (int i = 0; i < DT_NREGS; i++) {
        dt_out.regs[i] = g[regs[i]];
    }
    dt_out.eflags = g[REG_EFL];
    dt_fault_err = g[REG_ERR];
    dt_fault_eip = g[REG_EIP];
    dt_fault_cr2 = (uint32_t)(uintptr_t)addr;
    /* the i386 frame's FPU state is FNSAVE's image */
    memcpy(dt_fpu, uc->uc_mcontext.fpregs, sizeof(dt_fpu));
}

static void on_fault(int sig, siginfo_t *si, void *ctx)
{
    if (dt_faults) {
        fault_state(ctx, si->si_addr);
        fault_vector = ((const ucontext_t *)ctx)->uc_mcontext.gregs[REG_TRAPNO];
        siglongjmp(fault_jmp, 1);
    }
    switch (sig) {
    case SIGFPE:
        fault_vector = 0;  /* #DE */
        break;
    case SIGILL:
        fault_vector = 6;  /* #UD */
        break;
    case SIGTRAP:
        fault_vector = 3;  /* #BP */
        break;
    default:
        fault_vector = 13; /* #GP, #PF, #SS: all SIGSEGV/SIGBUS */
        break;
    }
    siglongjmp(fault_jmp, 1);
}

static void setup_signals(void)
{
    static char altstack[65536];
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
    struct sigaction sa = { .sa_sigaction = on_fault,
                            .sa_flags = SA_ONSTACK | SA_NODEFER |
                                        SA_SIGINFO };
    static const int sigs[] = { SIGFPE, SIGILL, SIGSEGV, SIGBUS, SIGTRAP };

    if (sigaltstack(&ss, NULL) < 0) {
        perror("sigaltstack");
        exit(2);
    }
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        sigaction(sigs[i], &sa, NULL);
    }
}

static void map_fixed(uint32_t addr, uint32_t size, int prot)
{
    void *p = mmap((void *)(uintptr_t)addr, size, prot,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

    if (p != (void *)(uintptr_t)addr) {
        fprintf(stderr, "difftest-harness: cannot map 0x%08x: %s\n", addr,
                p == MAP_FAILED ? strerror(errno) : "placed elsewhere");
        exit(2);
    }
}

/* FS: LDT entry 0, a byte-granular data segment (selector 7, RPL 3). */
static void setup_fs(void)
{
    struct user_desc d = {
        .entry_number = 0,
        .base_addr = DT_MEM_ADDR,
        .limit = DT_FS_LIMIT,
        .seg_32bit = 1,
        .useable = 1,
    };

    if (syscall(SYS_modify_ldt, 1, &d, sizeof(d)) != 0) {
        perror("modify_ldt");
        exit(2);
    }
    __asm__ volatile("movw %w0, %%fs" : : "r"(7));
}

/* The vector of the exception the sequence raised, or -1. */
static int __attribute__((noinline)) run_one(void)
{
    if (sigsetjmp(fault_jmp, 1)) {
        return fault_vector;
    }
    difftest_run();
    return -1;
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t cap = 0, n = 0, got;

    if (!f) {
        fprintf(stderr, "difftest-harness: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    do {
        if (n == cap) {
            cap = cap ? cap * 2 : 1 << 20;
            buf = realloc(buf, cap);
            if (!buf) {
                fprintf(stderr, "difftest-harness: out of memory\n");
                exit(2);
            }
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got);
    fclose(f);
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    const DtFileHeader *h;
    const uint8_t *r, *end;
    uint8_t *file;
    size_t len;
    char line[DT_LINE_MAX];

    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    file = read_file(argv[1], &len);
    h = (const DtFileHeader *)file;
    if (len < sizeof(*h) || h->magic != DT_FILE_MAGIC ||
        h->version != DT_FILE_VERSION) {
        fprintf(stderr, "difftest-harness: %s: not a difftest file\n",
                argv[1]);
        return 2;
    }
    /* The guest runs code it wrote: so does the harness (RWX). */
    map_fixed(DT_CODE_ADDR, DT_CODE_SIZE,
              PROT_READ | PROT_WRITE | PROT_EXEC);
    map_fixed(DT_MEM_ADDR, 4096, PROT_READ | PROT_WRITE);
    setup_signals();
    dt_x87 = (h->flags & DT_FILE_X87) != 0;
    dt_faults = (h->flags & DT_FILE_FAULTS) != 0;
    dt_fpu_on = dt_x87 || dt_faults;
    if (dt_faults) {
        setup_fs();
        /* the page after the buffer's: nothing, for #PF */
        map_fixed(DT_GUARD_ADDR, 4096, PROT_NONE);
    }
    printf("difftest: %u sequences\n", h->count);
    r = (const uint8_t *)(h + 1);
    end = file + len;
    for (uint32_t i = 0; i < h->count; i++) {
        const uint8_t *next = dt_prepare(r, end);

        if (!next) {
            printf("difftest: truncated test file\n");
            return 1;
        }
        dt_format(line, i, r, run_one());
        fputs(line, stdout);
        r = next;
    }
    printf("difftest: done\n");
    free(file);
    return 0;
}
