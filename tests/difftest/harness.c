/*
 * The differential tester's native side: a 32-bit Linux process (built
 * with gcc -m32, Debian's gcc-multilib) that runs each sequence of a
 * test file on the host CPU, the oracle, and prints the same lines as
 * the guest (guests/difftest/difftest.c) on stdout.
 *
 * The code and memory regions are mapped at the guest's fixed addresses.
 * A fault (SIGFPE, SIGILL, SIGSEGV, ...) is reported as the exception
 * vector the guest would see and the run goes on with the next sequence.
 *
 * usage: difftest-harness FILE
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "difftest.h"

static sigjmp_buf fault_jmp;
static volatile sig_atomic_t fault_vector;

static void on_fault(int sig)
{
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
    struct sigaction sa = { .sa_handler = on_fault,
                            .sa_flags = SA_ONSTACK | SA_NODEFER };
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
