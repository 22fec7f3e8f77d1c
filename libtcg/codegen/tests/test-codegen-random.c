/*
 * The random programs of random-ir.h, after tcg_optimize() and
 * tcg_liveness_analysis(), run by the interpreter and as generated code:
 * exit value, CPU state and guest memory must match, and a faulting
 * access must be mapped back (tcg_host_tb_find_insn) to the instruction
 * the interpreter stopped at.
 *
 * Guest memory is four pages; the inline TLB maps page 0 for loads and
 * stores and page 1 for loads only (its write tag is TLB_NOTDIRTY), page 2
 * is reachable only through the slow path, page 3 and above fault.  The
 * slow path longjmps out of the generated code on a fault, as
 * cpu_loop_exit does.  Accesses are unaligned and may cross pages.
 */
#include <stdlib.h>
#include <time.h>

#include "codegen-test.h"
#include "codegen/codegen-internal.h"
#include "random-ir.h"

#define NB_PROGRAMS 12000
#define RAM_SIZE (4 * TARGET_PAGE_SIZE)
#define VALID_SIZE (3 * TARGET_PAGE_SIZE)

typedef struct Mem {
    uint8_t ram[RAM_SIZE];
} Mem;

static bool mem_load(void *opaque, uint64_t addr, MemOpIdx oi, uint64_t *val)
{
    Mem *m = opaque;
    unsigned size = 1u << (get_memop(oi) & MO_SIZE);
    if (addr >= VALID_SIZE || size > VALID_SIZE - addr) {
        return false;
    }
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        unsigned b = (get_memop(oi) & MO_BSWAP) ? size - 1 - i : i;
        v |= (uint64_t)m->ram[addr + i] << (8 * b);
    }
    *val = v;
    return true;
}

static bool mem_store(void *opaque, uint64_t addr, MemOpIdx oi, uint64_t val)
{
    Mem *m = opaque;
    unsigned size = 1u << (get_memop(oi) & MO_SIZE);
    if (addr >= VALID_SIZE || size > VALID_SIZE - addr) {
        return false;
    }
    for (unsigned i = 0; i < size; i++) {
        unsigned b = (get_memop(oi) & MO_BSWAP) ? size - 1 - i : i;
        m->ram[addr + i] = val >> (8 * b);
    }
    return true;
}

static const TCIMemOps mem_ops = {mem_load, mem_store};

/* The slow paths' view of the run in progress. */
static Mem *cur_mem;
static sigjmp_buf fault_jmp;
static uintptr_t fault_ra;
static long slow_calls;

static uint64_t ld_slow(uint64_t env, uint64_t addr, uint64_t oi,
                        uint64_t retaddr)
{
    uint64_t v;
    slow_calls++;
    if (!mem_load(cur_mem, addr, oi, &v)) {
        fault_ra = retaddr;
        siglongjmp(fault_jmp, 1);
    }
    return v;
}

static uint64_t st_slow(uint64_t env, uint64_t addr, uint64_t val, uint64_t oi,
                        uint64_t retaddr)
{
    slow_calls++;
    unsigned bits = 8u << (get_memop(oi) & MO_SIZE);
    if (bits < 64) {
        val &= (1ull << bits) - 1;
    }
    if (!mem_store(cur_mem, addr, oi, val)) {
        fault_ra = retaddr;
        siglongjmp(fault_jmp, 1);
    }
    return 0;
}

static CPUTLBTable *tlb_new(Mem *mem)
{
    CPUTLBTable *tlb = g_new(CPUTLBTable, 1);
    memset(tlb, 0xff, sizeof(*tlb)); /* every tag invalid */
    for (int mmu = 0; mmu < NB_MMU_MODES; mmu++) {
        CPUTLBEntry *e0 = &tlb->e[mmu][tlb_index(0)];
        CPUTLBEntry *e1 = &tlb->e[mmu][tlb_index(TARGET_PAGE_SIZE)];
        e0->addr_read = e0->addr_write = 0;
        e0->addend = (uintptr_t)mem->ram;
        e1->addr_read = TARGET_PAGE_SIZE;
        e1->addr_write = TARGET_PAGE_SIZE | TLB_NOTDIRTY;
        e1->addend = (uintptr_t)mem->ram;
    }
    return tlb;
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

/*
 * The code position of the fault names the instruction holding the
 * access; the interpreter names the last insn_start it executed.  They
 * differ only when a branch jumped over insn_starts to a label inside
 * that instruction (random programs do; translated guest code does not).
 */
static bool same_insn(TCGContext *s, int idx, const uint64_t *data,
                      const TCIResult *r)
{
    int insn = -1;
    bool label_in_idx = false, words_ok = false;

    for (int n = 0; n < s->nb_ops; n++) {
        const TCGOp *op = &s->ops[n];
        if (op->opc == INDEX_op_insn_start) {
            insn++;
            if (insn == idx) {
                words_ok = op->args[0] == data[0] && op->args[1] == data[1];
            }
        } else if (op->opc == INDEX_op_set_label && insn == idx) {
            label_in_idx = true;
        }
    }
    if (!words_ok) {
        return false;
    }
    /* insn_data: the words of the last insn_start executed. */
    if (data[0] == r->insn_data[0] && data[1] == r->insn_data[1]) {
        return true;
    }
    return label_in_idx && r->insn_data[1] < data[1];
}

typedef struct Stats {
    int exact_insn;
    int faults;
    long ops;
    int64_t tci_ns, host_ns, compile_ns;
} Stats;

static void run_corpus(bool use_tlb, int nb_programs, Stats *st)
{
    Gen g = {0};
    TCGCodegenConfig cfg = {
        .tlb_ptr_offset = use_tlb ? (intptr_t)offsetof(CGEnv, tlb) : -1,
        .ld_slow = ld_slow,
        .st_slow = st_slow,
    };
    /* Small enough that it fills up and is reset now and then. */
    TCGCodeBuffer *buf = tcg_code_buffer_new(256 * 1024, &cfg);
    static Mem mem0, mem1, mem2;

    assert_non_null(buf);
    g.rand = g_rand_new_with_seed(use_tlb ? 20261123 : 77);
    g.addr_mask[0] = 0x1fff; /* pages 0-1: mostly the inline path */
    g.addr_mask[1] = 0x3fff; /* pages 2-3: slow path, faults */
    test_ctx_init(&g.t);
    CPUTLBTable *tlb = tlb_new(&mem2);

    for (int p = 0; p < nb_programs; p++) {
        TestEnv env0, env1;
        CGEnv env2;
        TCIResult r;
        TCGHostTB tb;

        tcg_func_start(&g.t.s);
        gen_program(&g);
        randomize(&g, &env0, mem0.ram, sizeof(mem0.ram));
        env1 = env0;
        env2.e = env0;
        env2.tlb = tlb;
        mem1 = mem0;
        mem2 = mem0;
        tcg_optimize(&g.t.s);
        tcg_liveness_analysis(&g.t.s);
        st->ops += g.t.s.nb_ops;

        TCIProg *prog = tci_prog_new(&g.t.s);
        int64_t t0 = now_ns();
        TCIExit e1 = tci_exec(prog, &env1, &mem_ops, &mem1, &r);
        int64_t t1 = now_ns();
        tci_prog_free(prog);
        int64_t tc = now_ns();
        cg_compile(&g.t, buf, &tb);
        int64_t t2 = now_ns();

        cur_mem = &mem2;
        volatile bool faulted = false;
        volatile uintptr_t v = 0;
        if (sigsetjmp(fault_jmp, 0) == 0) {
            v = tcg_host_exec(buf, &env2, tb.code);
        } else {
            faulted = true;
        }
        int64_t t3 = now_ns();
        st->tci_ns += t1 - t0;
        st->compile_ns += t2 - tc;
        st->host_ns += t3 - t2;

        bool bad = memcmp(&env1, &env2.e, sizeof(env1)) ||
                   memcmp(&mem1, &mem2, sizeof(mem1)) ||
                   faulted != (e1 == TCI_EXIT_FAULT) ||
                   (!faulted && v != r.exit_val);
        if (faulted && !bad) {
            int idx = -2;
            uint64_t data[TCG_MAX_INSN_START_WORDS] = {0};
            bad = !tcg_host_tb_find_insn(&tb, fault_ra, &idx, data) ||
                  !same_insn(&g.t.s, idx, data, &r);
            st->exact_insn += data[0] == r.insn_data[0];
            if (bad) {
                print_message("fault insn %d, interpreter %d\n", idx,
                              r.insn_index);
            }
        }
        if (bad && getenv("CODEGEN_DUMP")) {
            /* For objdump -D -b binary -m i386:x86-64. */
            g_file_set_contents(getenv("CODEGEN_DUMP"), tb.code, tb.size, NULL);
        }
        tcg_host_tb_free(&tb);
        if (bad) {
            print_message("program %d: exit %d faulted %d\n", p, e1, faulted);
            for (int i = 0; i < 8; i++) {
                print_message("r32[%d] %08x %08x  r64[%d] %016llx %016llx\n", i,
                              env1.r32[i], env2.e.r32[i], i,
                              (unsigned long long)env1.r64[i],
                              (unsigned long long)env2.e.r64[i]);
            }
            for (size_t i = 0; i < sizeof(env1.scratch); i++) {
                if (env1.scratch[i] != env2.e.scratch[i]) {
                    print_message("scratch[%zu] %02x %02x\n", i,
                                  env1.scratch[i], env2.e.scratch[i]);
                }
            }
            for (size_t i = 0; i < RAM_SIZE; i++) {
                if (mem1.ram[i] != mem2.ram[i]) {
                    print_message("ram[%#zx] %02x %02x\n", i, mem1.ram[i],
                                  mem2.ram[i]);
                }
            }
            cg_fail_dump(&g.t, "random program");
        }
        assert_true(e1 == TCI_EXIT_TB || e1 == TCI_EXIT_FAULT);
        st->faults += faulted;
    }
    g_free(tlb);
    tcg_context_destroy(&g.t.s);
    g_rand_free(g.rand);
    tcg_code_buffer_free(buf);
}

static void test_random_tlb(void **state)
{
    Stats st = {0};
    /* CODEGEN_PROGRAMS=n for a longer soak. */
    int n = getenv("CODEGEN_PROGRAMS") ? atoi(getenv("CODEGEN_PROGRAMS"))
                                       : NB_PROGRAMS;
    int nb = MAX(n, NB_PROGRAMS);
    slow_calls = 0;
    run_corpus(true, nb, &st);
    /* The corpus reaches the faults and both paths of the TLB. */
    assert_true(st.faults > NB_PROGRAMS / 100);
    assert_true(slow_calls > NB_PROGRAMS / 10);
    assert_true(st.exact_insn > st.faults * 3 / 4);
    print_message("%d programs (%ld ops), %d faulted, %ld slow-path calls\n",
                  nb, st.ops, st.faults, slow_calls);
    /* tci_exec() against tcg_host_exec() alone; translation apart. */
    print_message("interpreter %.0f ns/program, generated code %.0f "
                  "ns/program (x%.1f); compile %.0f ns/program "
                  "(%.1f Mops/s)\n",
                  (double)st.tci_ns / nb, (double)st.host_ns / nb,
                  (double)st.tci_ns / st.host_ns, (double)st.compile_ns / nb,
                  st.ops * 1e3 / st.compile_ns);
}

/*
 * No inline fast path: every access calls the slow path.  And the buffer
 * without memfd: one mapping flipped between RW and RX.
 */
static void test_random_no_tlb(void **state)
{
    Stats st = {0};
    cg_force_mprotect = true;
    run_corpus(false, NB_PROGRAMS / 4, &st);
    cg_force_mprotect = false;
    assert_true(st.faults > 0);
}

/*
 * 64-bit guest addresses (the random corpus uses 32-bit ones): high bits
 * must miss the TLB, page-crossing accesses go slow, every MMU index and
 * one beyond the table take their path.
 */
static void test_ldst_i64_addr(void **state)
{
    static const uint64_t addrs[] = {
        0x10,
        0xff9,
        0xffd,
        0x1ffc,
        0x2004,
        0x100000010ull,
        0xffffffff00000008ull,
        0x2ff8,
        0x2ffc,
    };
    static const unsigned mmus[] = {0, 1, 2, 5};
    TCGCodegenConfig cfg = {
        .tlb_ptr_offset = offsetof(CGEnv, tlb),
        .ld_slow = ld_slow,
        .st_slow = st_slow,
    };
    TCGCodeBuffer *buf = tcg_code_buffer_new(1 << 20, &cfg);
    static Mem mem0, mem1, mem2;
    CPUTLBTable *tlb = tlb_new(&mem2);
    TestCtx t;
    int checked = 0;

    test_ctx_init(&t);
    for (size_t i = 0; i < sizeof(mem0.ram); i++) {
        mem0.ram[i] = i * 7 + (i >> 8);
    }
    for (size_t a = 0; a < G_N_ELEMENTS(addrs); a++) {
        for (size_t m = 0; m < G_N_ELEMENTS(mmus); m++) {
            for (MemOp mop = 0; mop < 16; mop++) {
                TestEnv env1 = {.r64 = {addrs[a], 0x0123456789abcdefull}};
                CGEnv env2 = {.e = env1, .tlb = tlb};
                TCIResult r;
                TCGHostTB tb;

                tcg_func_start(&t.s);
                tcg_gen_insn_start((uint64_t[]){0x700, 0});
                tcg_gen_qemu_st_i64(t.g64[1], t.g64[0].n, mmus[m],
                                    mop & ~MO_SIGN);
                tcg_gen_qemu_ld_i64(t.g64[2], t.g64[0].n, mmus[m], mop);
                tcg_gen_qemu_ld_i32(t.g32[2], t.g64[0].n, mmus[m],
                                    (mop & MO_SIZE) == MO_64 ? MO_32 : mop);
                tcg_gen_exit_tb(NULL, 0);
                tcg_optimize(&t.s);
                tcg_liveness_analysis(&t.s);
                mem1 = mem0;
                mem2 = mem0;
                TCIProg *p = tci_prog_new(&t.s);
                TCIExit e1 = tci_exec(p, &env1, &mem_ops, &mem1, &r);
                tci_prog_free(p);
                cg_compile(&t, buf, &tb);
                cur_mem = &mem2;
                volatile bool faulted = false;
                if (sigsetjmp(fault_jmp, 0) == 0) {
                    tcg_host_exec(buf, &env2, tb.code);
                } else {
                    faulted = true;
                }
                tcg_host_tb_free(&tb);
                assert_int_equal(faulted, e1 == TCI_EXIT_FAULT);
                assert_memory_equal(&env1, &env2.e, sizeof(env1));
                assert_memory_equal(&mem1, &mem2, sizeof(mem1));
                checked++;
            }
        }
    }
    print_message("%d access patterns\n", checked);
    g_free(tlb);
    tcg_context_destroy(&t.s);
    tcg_code_buffer_free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_tlb),
        cmocka_unit_test(test_random_no_tlb),
        cmocka_unit_test(test_ldst_i64_addr),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
