/*
 * Random IR, run before and after tcg_optimize() + tcg_liveness_analysis():
 * the CPU state, guest memory, exit and faulting instruction must match.
 * 10,000 programs from a fixed seed over every value op, both widths,
 * constants with edge values, forward branches, helper calls with each
 * kind of flags, env loads/stores and guest loads/stores that sometimes
 * fault.  Only TB temps are used, so values may cross labels.  The
 * generator is random-ir.h, shared with the code generator's tests.
 */
#include "random-ir.h"

#define NB_PROGRAMS 10000

typedef struct Mem {
    uint8_t ram[256];
} Mem;

static bool mem_load(void *opaque, uint64_t addr, MemOpIdx oi, uint64_t *val)
{
    Mem *m = opaque;
    unsigned size = 1u << (get_memop(oi) & MO_SIZE);
    if (addr >= sizeof(m->ram) || size > sizeof(m->ram) - addr) {
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
    if (addr >= sizeof(m->ram) || size > sizeof(m->ram) - addr) {
        return false;
    }
    for (unsigned i = 0; i < size; i++) {
        unsigned b = (get_memop(oi) & MO_BSWAP) ? size - 1 - i : i;
        m->ram[addr + i] = val >> (8 * b);
    }
    return true;
}

static const TCIMemOps mem_ops = {mem_load, mem_store};

static void test_random_programs(void **state)
{
    Gen g = {0};
    int faults = 0, removed = 0, total = 0;

    g.rand = g_rand_new_with_seed(20261122);
    /* Mostly inside the 256 bytes; an 8-byte access at 0xfc faults. */
    g.addr_mask[0] = 0xfc;
    g.addr_mask[1] = 0x1fc;
    test_ctx_init(&g.t);
    for (int p = 0; p < NB_PROGRAMS; p++) {
        TestEnv env0, env1, env2;
        Mem mem0, mem1, mem2;
        TCIResult r1, r2;

        tcg_func_start(&g.t.s);
        gen_program(&g);
        randomize(&g, &env0, mem0.ram, sizeof(mem0.ram));
        env1 = env2 = env0;
        mem1 = mem2 = mem0;

        int before = g.t.s.nb_ops;
        TCIExit e1 = test_run(&g.t, &env1, &mem_ops, &mem1, &r1);
        tcg_optimize(&g.t.s);
        tcg_liveness_analysis(&g.t.s);
        TCIExit e2 = test_run(&g.t, &env2, &mem_ops, &mem2, &r2);
        total += before;
        removed += before - g.t.s.nb_ops;

        if (e1 != e2 || memcmp(&env1, &env2, sizeof(env1)) ||
            memcmp(&mem1, &mem2, sizeof(mem1)) ||
            (e1 == TCI_EXIT_FAULT && (r1.insn_index != r2.insn_index ||
                                      r1.insn_data[0] != r2.insn_data[0]))) {
            GString *buf = g_string_new(NULL);
            tcg_dump_ops(&g.t.s, buf, true);
            fail_msg("program %d differs (exit %d/%d, insn %d/%d); "
                     "optimised:\n%s",
                     p, e1, e2, r1.insn_index, r2.insn_index, buf->str);
        }
        assert_true(e1 == TCI_EXIT_TB || e1 == TCI_EXIT_FAULT);
        faults += e1 == TCI_EXIT_FAULT;
    }
    /* The corpus exercises faults and gives the optimiser work. */
    assert_true(faults > NB_PROGRAMS / 50);
    assert_true(removed > total / 10);
    print_message("%d programs, %d faulted, %d of %d ops removed\n",
                  NB_PROGRAMS, faults, removed, total);
    tcg_context_destroy(&g.t.s);
    g_rand_free(g.rand);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_programs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
