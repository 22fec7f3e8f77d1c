/*
 * The differential tester's sequences (tests/difftest) run through the
 * front end in the test engine: reads a test file written by gen.py and
 * prints the same lines as difftest-harness, which runs them on the host
 * CPU.  The code is followed by HLT instead of the jump back.
 *
 * usage: x86-difftest-runner FILE  (XT_NO_OPTIMIZE=1: skip the passes)
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "difftest.h"
#include "x86-test-engine.h"

static uint32_t rd32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t xorshift32(uint32_t *s)
{
    uint32_t x = *s;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *s = x;
    return x;
}

static uint32_t checksum(const uint8_t *mem)
{
    uint32_t h = 2166136261u;

    for (uint32_t i = 0; i < DT_MEM_SIZE; i += 4) {
        h = (h ^ rd32(mem + i)) * 16777619u;
    }
    return h;
}

int main(int argc, char **argv)
{
    g_autofree gchar *file = NULL;
    gsize len;
    const uint8_t *r, *end;
    XTState st;
    uint32_t count;

    if (argc != 2 || !g_file_get_contents(argv[1], &file, &len, NULL)) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    if (len < sizeof(DtFileHeader) || rd32((uint8_t *)file) != DT_FILE_MAGIC) {
        fprintf(stderr, "%s: not a difftest file\n", argv[1]);
        return 2;
    }
    count = rd32((uint8_t *)file + 8);
    r = (const uint8_t *)file + sizeof(DtFileHeader);
    end = (const uint8_t *)file + len;
    xt_init(&st, true);
    /* The unoptimised ops must give the same results. */
    st.optimize = !g_getenv("XT_NO_OPTIMIZE");
    printf("difftest: %u sequences\n", count);
    for (uint32_t i = 0; i < count; i++) {
        uint32_t clen, seed, mask;
        uint8_t *mem = st.mem + DT_MEM_ADDR;
        XTStop stop;

        if (end - r < (long)sizeof(DtRecord)) {
            return 1;
        }
        clen = rd32(r + offsetof(DtRecord, code_len));
        if (clen > DT_CODE_SIZE - 1 ||
            (size_t)(end - r) - sizeof(DtRecord) < ((clen + 3) & ~3u)) {
            return 1;
        }
        xt_reset_cpu(&st, true);
        seed = rd32(r) | 1;
        for (uint32_t k = 0; k < DT_MEM_SIZE; k += 4) {
            uint32_t v = xorshift32(&seed);
            memcpy(mem + k, &v, 4);
        }
        memset(st.mem + DT_CODE_ADDR, 0, DT_CODE_SIZE);
        xt_load(&st, DT_CODE_ADDR, r + sizeof(DtRecord), clen);
        st.mem[DT_CODE_ADDR + clen] = 0xf4; /* HLT */
        for (int k = 0; k < DT_NREGS; k++) {
            st.env.regs[k] = rd32(r + 4 + 4 * k);
        }
        st.env.regs[R_ESP] = DT_ESP;
        st.env.regs[R_EBP] = DT_EBP;
        st.env.eip = DT_CODE_ADDR;
        xt_set_eflags(&st,
                      rd32(r + offsetof(DtRecord, eflags)) & DT_FLAGS_MASK);
        mask = rd32(r + offsetof(DtRecord, flags_mask));
        stop = xt_run(&st, 100000);
        if (stop == XT_HALT) {
            printf("%08x", i);
            for (int k = 0; k < DT_NREGS; k++) {
                printf(" %08x", (uint32_t)st.env.regs[k]);
            }
            printf(" %08x %08x\n", xt_eflags(&st) & mask & DT_FLAGS_MASK,
                   checksum(mem));
        } else {
            /* The harness reports SIGSEGV-like faults as #GP. */
            int v = stop == XT_EXCEPTION ? st.vector : 0xff;
            printf("%08x fault %08x\n", i, v == EXCP0E_PAGE ? 13 : v);
        }
        r += sizeof(DtRecord) + ((clen + 3) & ~3u);
    }
    printf("difftest: done\n");
    fprintf(stderr,
            "x86-difftest-runner: %ld blocks, %ld insns, ops %ld -> "
            "%ld after optimisation\n",
            st.blocks, st.insns, st.ops_before, st.ops_after);
    xt_free(&st);
    return 0;
}
