/*
 * Test doubles for what the system helpers call outside their directory:
 * the engine's guest memory access, cpu_loop_exit() and tlb_flush()
 * (tcg/cpu-exec.h), and the front end's EFLAGS functions (x86-tcg.h).
 * The real ones come from the engine (cputlb.c, cpu-exec.c) and the
 * front end (cc-helper.c).  Plus the CPU fixture of x86-sys-test.h.
 */
#include "x86-sys-test.h"

#include "machine/qdev-core.h"
#include "qom/object.h"
#include "util/error.h"

uint8_t test_ram[TEST_RAM_SIZE];
int test_tlb_flushes;
sigjmp_buf test_exit_jmp;
bool test_exit_armed;
bool test_unmapped_faults;

/* ---- Engine doubles ---- */

void cpu_loop_exit(CPUState *cpu)
{
    /* A helper may only leave from inside TEST_RUN / test_deliver. */
    assert_true(test_exit_armed);
    siglongjmp(test_exit_jmp, 1);
}

void tlb_flush(CPUState *cpu)
{
    test_tlb_flushes++;
}

/*
 * Linear = physical.  Accesses must stay in test_ram (anything else is
 * a helper bug); the unmapped window raises #PF with CR2 as paging will.
 */
static uint8_t *test_host_addr(CPUX86State *env, uint64_t addr, MemOp mop,
                               unsigned mmu_idx, bool write)
{
    unsigned size = 1u << (mop & MO_SIZE);

    if (test_unmapped_faults && addr + size > TEST_UNMAPPED_BASE &&
        addr < TEST_UNMAPPED_END) {
        env->cr[2] = addr;
        raise_exception_err(env, EXCP0E_PAGE,
                            (write ? 2 : 0) |
                                (mmu_idx == MMU_USER_IDX ? 4 : 0));
    }
    assert_true(addr + size <= TEST_RAM_SIZE);
    return &test_ram[addr];
}

uint64_t cpu_ld_mmu(CPUX86State *env, uint64_t addr, MemOp mop,
                    unsigned mmu_idx, uintptr_t retaddr)
{
    uint8_t *p = test_host_addr(env, addr, mop, mmu_idx, false);
    uint64_t v = 0;

    /* Little-endian host (x86-64): the bytes are the value. */
    memcpy(&v, p, 1u << (mop & MO_SIZE));
    return v;
}

void cpu_st_mmu(CPUX86State *env, uint64_t addr, uint64_t val, MemOp mop,
                unsigned mmu_idx, uintptr_t retaddr)
{
    uint8_t *p = test_host_addr(env, addr, mop, mmu_idx, true);

    memcpy(p, &val, 1u << (mop & MO_SIZE));
}

/* ---- Front end doubles: all of EFLAGS in env->eflags ---- */

uint32_t cpu_cc_compute_all(CPUX86State *env)
{
    return env->eflags & (CC_C | CC_P | CC_A | CC_Z | CC_S | CC_O);
}

uint32_t cpu_compute_eflags(CPUX86State *env)
{
    return env->eflags | RFLAGS_FIXED;
}

void cpu_load_eflags(CPUX86State *env, uint32_t eflags, uint32_t update_mask)
{
    env->eflags = (env->eflags & ~(uint64_t)update_mask) |
                  (eflags & update_mask) | RFLAGS_FIXED;
}

/* ---- Fixture ---- */

int test_deliver(CPUState *cs, int *deliveries)
{
    for (volatile int i = 0; i < 8; i++) {
        if (cs->exception_index < 0 || cs->exception_index >= EXCP_INTERRUPT) {
            return cs->exception_index;
        }
        if (deliveries) {
            (*deliveries)++;
        }
        if (sigsetjmp(test_exit_jmp, 0) == 0) {
            test_exit_armed = true;
            x86_cpu_do_interrupt(cs);
        }
        test_exit_armed = false;
    }
    fail_msg("exception %d keeps being raised", cs->exception_index);
    return -2;
}

int test_setup(void **state)
{
    Object *machine = object_new(TYPE_CONTAINER);

    object_property_add_child(object_get_root(), "machine", machine);
    object_unref(machine);
    memset(test_ram, 0, sizeof(test_ram));
    test_tlb_flushes = 0;
    test_unmapped_faults = false;
    return 0;
}

int test_teardown(void **state)
{
    Object *machine = qdev_get_machine();

    if (machine) {
        object_unparent(machine);
    }
    return 0;
}

X86CPU *test_cpu_create(const char *model, int index)
{
    const char *type = parse_cpu_option(model, &error_abort);
    static const X86CPUTopoInfo one = {1, 1, 1};
    X86CPU *cpu = X86_CPU(object_new(type));

    x86_cpu_set_topology(cpu, &one);
    object_property_set_uint(OBJECT(cpu), "apic-id", index, &error_abort);
    CPU(cpu)->cpu_index = index;
    qdev_realize_and_unref(DEVICE(cpu), NULL, &error_abort);
    /*
     * The power-on reset zeroes env; "no exception being delivered" is
     * -1 (the engine's reset of a TCG vCPU has to set it the same way).
     */
    cpu->env.old_exception = -1;
    return cpu;
}

void test_enter_protected(CPUX86State *env)
{
    test_set_desc(TEST_GDT_BASE, 1, 0, 0xfffff, ACC_P | ACC_CODE | ACC_A,
                  FLG_G | FLG_DB);
    test_set_desc(TEST_GDT_BASE, 2, 0, 0xfffff, ACC_P | ACC_DATA | ACC_A,
                  FLG_G | FLG_DB);
    test_set_desc(TEST_GDT_BASE, 3, 0, 0xfffff,
                  ACC_P | ACC_DPL(3) | ACC_CODE | ACC_A, FLG_G | FLG_DB);
    test_set_desc(TEST_GDT_BASE, 4, 0, 0xfffff,
                  ACC_P | ACC_DPL(3) | ACC_DATA | ACC_A, FLG_G | FLG_DB);
    /* 32-bit TSS, busy. */
    test_set_desc(TEST_GDT_BASE, 5, TEST_TSS_BASE, 0x67, ACC_P | 0x0b, 0);
    test_set_desc(TEST_GDT_BASE, 6, 0x10000, 0xffff, ACC_P | ACC_CODE | ACC_A,
                  0);
    test_set_desc(TEST_GDT_BASE, 7, 0, 0xfffff, ACC_DATA | ACC_A,
                  FLG_G | FLG_DB);
    test_set_desc(TEST_GDT_BASE, 8, 0, 0xfffff, ACC_CODE | ACC_A,
                  FLG_G | FLG_DB);
    test_set_desc(TEST_GDT_BASE, 9, 0, 0xfffff, ACC_P | 0x10 | ACC_A,
                  FLG_G | FLG_DB);
    test_set_desc(TEST_GDT_BASE, 10, 0, 0xfffff, ACC_P | ACC_CODE,
                  FLG_G | FLG_DB);
    mem_stl(TEST_TSS_BASE + 4, TEST_ESP0);
    mem_stl(TEST_TSS_BASE + 8, SEL_DATA0);

    env->gdt.base = TEST_GDT_BASE;
    env->gdt.limit = 11 * 8 - 1;
    env->idt.base = TEST_IDT_BASE;
    env->idt.limit = 256 * 8 - 1;
    env->tr.selector = SEL_TSS;
    env->tr.base = TEST_TSS_BASE;
    env->tr.limit = 0x67;
    env->tr.flags = DESC_P_MASK | (DESC_TYPE_TSS32_BUSY << DESC_TYPE_SHIFT);
    env->cr[0] |= CR0_PE_MASK;
    cpu_x86_load_seg_cache(env, R_CS, SEL_CODE0, 0, 0xffffffff,
                           test_desc_high(TEST_GDT_BASE, 1) & DESC_FLAGS_MASK);
    for (int seg = R_ES; seg < NB_SEGS; seg++) {
        if (seg != R_CS) {
            cpu_x86_load_seg_cache(env, seg, SEL_DATA0, 0, 0xffffffff,
                                   test_desc_high(TEST_GDT_BASE, 2) &
                                       DESC_FLAGS_MASK);
        }
    }
    env->regs[R_ESP] = 0x8000;
}

void test_enter_ring3(CPUX86State *env, uint32_t esp)
{
    cpu_x86_load_seg_cache(env, R_CS, SEL_CODE3, 0, 0xffffffff,
                           test_desc_high(TEST_GDT_BASE, 3) & DESC_FLAGS_MASK);
    for (int seg = R_ES; seg < NB_SEGS; seg++) {
        if (seg != R_CS) {
            cpu_x86_load_seg_cache(env, seg, SEL_DATA3, 0, 0xffffffff,
                                   test_desc_high(TEST_GDT_BASE, 4) &
                                       DESC_FLAGS_MASK);
        }
    }
    env->regs[R_ESP] = esp;
}
