/*
 * The tcg fuzzer (issue 11): arbitrary bytes as guest code, translated
 * and run by emu's real TCG engine (cpu_exec, the block cache, the
 * softmmu with the page walk, the x86 system helpers) on a `none` machine
 * with 4 MiB of RAM and one qemu32 CPU, under either back end.  Whatever
 * the guest code does, emu must not crash, hang past the instruction
 * budget or corrupt its own state: a guest is untrusted code.
 *
 * An input is
 *   byte 0  the mode (FUZZ_CFG_*): real mode, 16-bit or 32-bit protected
 *           mode, 32-bit with paging (2-level with 4 MiB pages, or PAE);
 *           the back end (code generator or interpreter); ring 3; data
 *           segments with a limit (so every access is segment-checked);
 *           EFLAGS.TF; the paging extras (CR0.WP, CR4.PGE, EFER.NXE) or,
 *           without paging, CR0.MP/TS
 *   byte 1  EFLAGS.DF, IOPL, CR0.EM, EFLAGS.AC with CR0.AM
 *   rest    the code, loaded at physical 0x10000 and run from its first
 *           byte, followed by HLTs.
 *
 * Around it the harness builds a small world in RAM: a real-mode IVT and
 * a protected-mode IDT whose every vector leads to a HLT (so a fault
 * ends the run, but only after delivery, with its stack switch and
 * checks), a GDT with flat, 16-bit, ring-3, limited, expand-down,
 * read-only and conforming segments, a call gate and an LDT (far
 * transfers and segment loads have something to find), a TSS for the
 * ring-3 stack switch, and page tables with not-present, read-only,
 * supervisor, large, aliased (the code is reachable at a second linear
 * address: self-modifying code through an alias) and NX pages.
 *
 * A run stops when the CPU halts (HLT, triple fault), fails (code fetch
 * outside RAM: the engine's QEMU-style stop, reset here) or has run the
 * budget (EMU_FUZZ_TCG_BUDGET instructions, default 20000; see
 * tcg_cpu_exec_bounded()).  After each input the harness checks:
 *   - the engine (tcg_exec_check()): no lock held, no block marked as
 *     running, no exception left pending, the block cache's hash, page
 *     lists, chains and jump caches consistent;
 *   - the budget: no more than one block (512 instructions) past it;
 *   - hflags: what the CPU state's registers imply (x86_update_hflags()),
 *     so that no helper changed a register the translator keys on behind
 *     its back;
 *   - every softmmu TLB entry that maps RAM points into the RAM's host
 *     mapping (a wrong addend is a host memory write anywhere).
 * Any failure aborts with a message.  Then everything is put back: all
 * blocks and TLB entries dropped, the CPU reset, the RAM zeroed
 * (madvise(MADV_DONTNEED) on the anonymous mapping: only the pages the
 * input touched cost anything), so inputs are independent and a replay
 * gives the same result.
 *
 * Environment: EMU_FUZZ_TCG_BUDGET (instructions per input),
 * EMU_FUZZ_TCG_VERBOSE (one line per input: how and where it stopped),
 * EMU_FUZZ_TCG_LOG (emu's -d items, e.g. in_asm,int,guest_errors).
 * Seeds: fuzz/tcg/make-seeds.py writes the hand-made ones.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "machine/boards.h"
#include "machine/cpu.h"
#include "machine/cpus.h"
#include "machine/memory.h"
#include "machine/qdev-core.h"
#include "machine/x86-cpu.h"
#include "opts/cmdline.h"
#include "qom/object.h"
#include "startup.h"
#include "tcg/cpu-exec.h"
#include "tcg/cputlb.h"
#include "util/error.h"
#include "util/module.h"
#include "util/main-loop.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- The input's first bytes ---- */

#define FUZZ_CFG_MODE_MASK 0x03
#define FUZZ_MODE_REAL 0
#define FUZZ_MODE_PM16 1
#define FUZZ_MODE_PM32 2
#define FUZZ_MODE_PAGING 3
#define FUZZ_CFG_INTERP 0x04  /* the interpreter, else the code generator */
#define FUZZ_CFG_LIMITED 0x08 /* data segments with a limit (PM) */
#define FUZZ_CFG_RING3 0x10   /* CPL 3 (PM) */
#define FUZZ_CFG_PAE 0x20     /* PAE paging, else 2-level with PSE */
#define FUZZ_CFG_TF 0x40      /* EFLAGS.TF: a #DB after each instruction */
#define FUZZ_CFG_EXTRA 0x80   /* paging: WP, PGE, NXE; else CR0.MP|TS */

#define FUZZ_CFG2_DF 0x01
#define FUZZ_CFG2_IOPL_SHIFT 1 /* two bits */
#define FUZZ_CFG2_EM 0x08
#define FUZZ_CFG2_AC 0x10

static const char *const mode_names[] = {"real mode", "16-bit protected mode",
                                         "32-bit protected mode",
                                         "32-bit protected mode with paging"};

/* ---- The guest's memory map (physical = linear below 4 MiB) ---- */

#define RAM_SIZE (4u << 20)
#define IVT_BASE 0x0000u
#define GDT_BASE 0x1000u
#define IDT_BASE 0x2000u
#define TSS_BASE 0x3000u
#define LDT_BASE 0x3800u
#define PD_BASE 0x4000u /* 2-level page directory, or the PAE PDPT */
#define PT_BASE 0x5000u /* the page table of the first 4 (PAE: 2) MiB */
#define PAE_PD_BASE 0x6000u
#define HANDLER 0x7000u /* every vector: HLT */
#define CODE_BASE 0x10000u
#define CODE_MAX 0xf000u
#define DATA_BASE 0x20000u /* real mode and 16-bit: DS, ES, SS, FS, GS */
#define STACK_TOP 0x2fff0u /* linear; 0xfff0 in the 16-bit segments */
#define RING0_STACK 0x3fff0u
/* Pages with special rights in the first page table. */
#define PAGE_NOT_PRESENT 0x3f000u
#define PAGE_READ_ONLY 0x3e000u
#define PAGE_SUPERVISOR 0x3d000u
#define PAGE_NX 0x3c000u

/* GDT selectors. */
enum {
    SEL_CODE32 = 0x08,
    SEL_DATA32 = 0x10,
    SEL_CODE16 = 0x18,
    SEL_DATA16 = 0x20,
    SEL_CODE32_R3 = 0x28,
    SEL_DATA32_R3 = 0x30,
    SEL_CODE16_R3 = 0x38,
    SEL_DATA16_R3 = 0x40,
    SEL_TSS = 0x48,
    SEL_LIMITED = 0x50,
    SEL_LIMITED_R3 = 0x58,
    SEL_EXPAND_DOWN = 0x60,
    SEL_READ_ONLY = 0x68,
    SEL_CONFORMING = 0x70,
    SEL_CALL_GATE = 0x78,
    SEL_LDT = 0x80,
    GDT_ENTRIES = 0x88 / 8,
};

/* Access-byte shorthands (the descriptor's bits 40-47). */
#define ACC_P 0x80
#define ACC_DPL3 0x60
#define ACC_CODE 0x1b /* S, code, readable, accessed */
#define ACC_DATA 0x13 /* S, data, writable, accessed */

#define DEFAULT_BUDGET 20000
#define MAX_BLOCK_INSNS 512

static CPUState *cpu;
static CPUX86State *env;
static uint8_t *ram;
static uint64_t budget = DEFAULT_BUDGET;
static bool verbose; /* EMU_FUZZ_TCG_VERBOSE: one line per input */

/* ---- Building the world ---- */

static void ram_stl(uint32_t addr, uint32_t v)
{
    memcpy(ram + addr, &v, 4);
}

static void ram_stq(uint32_t addr, uint64_t v)
{
    memcpy(ram + addr, &v, 8);
}

/*
 * A segment descriptor (Intel SDM vol. 3A, 3.4.5); flags is the nibble
 * G, D/B, L, AVL.  Returns its high dword, which is also the hidden
 * part's flags in emu's SegmentCache (as QEMU's).
 */
static uint32_t set_desc(uint32_t sel, uint32_t base, uint32_t limit,
                         uint8_t access, uint8_t flags)
{
    uint32_t lo = (base << 16) | (limit & 0xffff);
    uint32_t hi = (base & 0xff000000) | ((base >> 16) & 0xff) |
                  ((uint32_t)access << 8) | (limit & 0xf0000) |
                  ((uint32_t)flags << 20);

    ram_stl(GDT_BASE + (sel & ~7u), lo);
    ram_stl(GDT_BASE + (sel & ~7u) + 4, hi);
    return hi;
}

static void load_seg(int seg, uint32_t sel, uint32_t base, uint32_t limit,
                     uint32_t hi)
{
    if (hi & DESC_G_MASK) {
        limit = (limit << 12) | 0xfff;
    }
    cpu_x86_load_seg_cache(env, seg, sel, base, limit, hi);
}

static void build_gdt(void)
{
    set_desc(SEL_CODE32, 0, 0xfffff, ACC_P | ACC_CODE, 0xc);
    set_desc(SEL_DATA32, 0, 0xfffff, ACC_P | ACC_DATA, 0xc);
    set_desc(SEL_CODE16, CODE_BASE, 0xffff, ACC_P | ACC_CODE, 0);
    set_desc(SEL_DATA16, DATA_BASE, 0xffff, ACC_P | ACC_DATA, 0);
    set_desc(SEL_CODE32_R3, 0, 0xfffff, ACC_P | ACC_DPL3 | ACC_CODE, 0xc);
    set_desc(SEL_DATA32_R3, 0, 0xfffff, ACC_P | ACC_DPL3 | ACC_DATA, 0xc);
    set_desc(SEL_CODE16_R3, CODE_BASE, 0xffff, ACC_P | ACC_DPL3 | ACC_CODE, 0);
    set_desc(SEL_DATA16_R3, DATA_BASE, 0xffff, ACC_P | ACC_DPL3 | ACC_DATA, 0);
    /* A busy 32-bit TSS, as after LTR (type 11). */
    set_desc(SEL_TSS, TSS_BASE, 0x67, ACC_P | 0x0b, 0);
    set_desc(SEL_LIMITED, 0, 0x3ffff, ACC_P | ACC_DATA, 0x4);
    set_desc(SEL_LIMITED_R3, 0, 0x3ffff, ACC_P | ACC_DPL3 | ACC_DATA, 0x4);
    /* Expand-down: offsets above 0xfff up to 4 GiB. */
    set_desc(SEL_EXPAND_DOWN, 0, 0xfff, ACC_P | ACC_DPL3 | ACC_DATA | 0x04,
             0x4);
    set_desc(SEL_READ_ONLY, 0, 0xfffff, ACC_P | ACC_DPL3 | 0x11, 0xc);
    set_desc(SEL_CONFORMING, 0, 0xfffff, ACC_P | ACC_CODE | 0x04, 0xc);
    /* A 32-bit call gate (type 12) usable from ring 3, to the handler. */
    ram_stl(GDT_BASE + SEL_CALL_GATE, (SEL_CODE32 << 16) | (HANDLER & 0xffff));
    ram_stl(GDT_BASE + SEL_CALL_GATE + 4,
            (HANDLER & 0xffff0000) | (ACC_P | ACC_DPL3 | 0x0c) << 8 | 1);
    set_desc(SEL_LDT, LDT_BASE, 0x17, ACC_P | 0x02, 0);
    /* The LDT: (0x04) null, (0x0c) a ring-3 code, (0x14) a ring-3 data. */
    memcpy(ram + LDT_BASE + 8, ram + GDT_BASE + SEL_CODE32_R3, 8);
    memcpy(ram + LDT_BASE + 16, ram + GDT_BASE + SEL_DATA32_R3, 8);
}

static void build_idt(void)
{
    for (uint32_t v = 0; v < 256; v++) {
        /* Trap gates from 0x80, INT3/INTO/0x80 callable from ring 3. */
        uint32_t type = v >= 0x80 ? 0x0f : 0x0e;
        uint32_t dpl = (v == 3 || v == 4 || v == 0x80) ? ACC_DPL3 : 0;
        uint32_t present = v == 0xff ? 0 : ACC_P;

        ram_stl(IDT_BASE + v * 8, (SEL_CODE32 << 16) | (HANDLER & 0xffff));
        ram_stl(IDT_BASE + v * 8 + 4,
                (HANDLER & 0xffff0000) | (present | dpl | type) << 8);
        /* The real-mode vector: 0000:HANDLER. */
        ram_stl(IVT_BASE + v * 4, HANDLER);
    }
    env->idt.base = IDT_BASE;
    env->idt.limit = 256 * 8 - 1;
}

static void build_tss(void)
{
    ram_stl(TSS_BASE + 4, RING0_STACK);   /* ESP0 */
    ram_stl(TSS_BASE + 8, SEL_DATA32);    /* SS0 */
    ram_stl(TSS_BASE + 0x64, 0x68 << 16); /* no I/O permission bitmap */
    env->tr.selector = SEL_TSS;
    env->tr.base = TSS_BASE;
    env->tr.limit = 0x67;
    env->tr.flags = DESC_P_MASK | (DESC_TYPE_TSS32_BUSY << DESC_TYPE_SHIFT);
}

/* The rights of a 4 KiB page of the first table. */
static uint64_t pte_bits(uint32_t page, bool nx)
{
    switch (page) {
    case PAGE_NOT_PRESENT:
        return 0x06;
    case PAGE_READ_ONLY:
        return 0x05;
    case PAGE_SUPERVISOR:
        return 0x03;
    case PAGE_NX:
        return 0x07 | (nx ? 1ULL << 63 : 0);
    default:
        return 0x07;
    }
}

static void build_paging(bool pae, bool extra)
{
    /* Global pages (with CR4.PGE) for the world's tables and handler. */
    uint64_t g = extra ? 0x100 : 0;

    if (!pae) {
        for (uint32_t i = 0; i < 1024; i++) {
            uint32_t page = i << 12;

            ram_stl(PT_BASE + i * 4, page | (uint32_t)pte_bits(page, false) |
                                         (page < CODE_BASE ? (uint32_t)g : 0));
        }
        ram_stl(PD_BASE, PT_BASE | 0x07);
        /* 4 MiB pages: the RAM again (writable), read-only, supervisor. */
        ram_stl(PD_BASE + 4, 0x000000 | 0x87);
        ram_stl(PD_BASE + 8, 0x000000 | 0x85);
        ram_stl(PD_BASE + 12, 0x000000 | 0x83);
        env->cr[3] = PD_BASE;
        env->cr[4] |= CR4_PSE_MASK;
        return;
    }
    for (uint32_t i = 0; i < 512; i++) {
        uint32_t page = i << 12;

        ram_stq(PT_BASE + i * 8,
                page | pte_bits(page, extra) | (page < CODE_BASE ? g : 0));
    }
    ram_stq(PD_BASE, PAE_PD_BASE | 0x01);
    ram_stq(PAE_PD_BASE, PT_BASE | 0x07);
    /* 2 MiB pages: the rest of RAM, the RAM again, again without exec. */
    ram_stq(PAE_PD_BASE + 8, 0x200000 | 0x87);
    ram_stq(PAE_PD_BASE + 16, 0x000000 | 0x87);
    ram_stq(PAE_PD_BASE + 24, 0x000000 | 0x87 | (extra ? 1ULL << 63 : 0));
    env->cr[3] = PD_BASE;
    env->cr[4] |= CR4_PAE_MASK;
}

static void setup_real_mode(void)
{
    const uint32_t data = DESC_P_MASK | DESC_S_MASK | DESC_W_MASK | DESC_A_MASK;

    cpu_x86_load_seg_cache(env, R_CS, CODE_BASE >> 4, CODE_BASE, 0xffff,
                           DESC_P_MASK | DESC_S_MASK | DESC_CS_MASK |
                               DESC_R_MASK | DESC_A_MASK);
    for (int seg = 0; seg < 6; seg++) {
        if (seg != R_CS) {
            cpu_x86_load_seg_cache(env, seg, DATA_BASE >> 4, DATA_BASE, 0xffff,
                                   data);
        }
    }
    env->eip = 0;
    env->regs[R_ESP] = STACK_TOP - DATA_BASE;
    env->idt.base = IVT_BASE;
    env->idt.limit = 0x3ff;
}

static void setup_protected_mode(uint8_t cfg)
{
    bool ring3 = cfg & FUZZ_CFG_RING3;
    bool is16 = (cfg & FUZZ_CFG_MODE_MASK) == FUZZ_MODE_PM16;
    uint32_t cs, ds, data_sel, base, data_base, limit, data_limit;
    uint32_t hi_cs, hi_ds;

    build_idt();
    env->gdt.base = GDT_BASE;
    env->gdt.limit = GDT_ENTRIES * 8 - 1;
    env->ldt.selector = SEL_LDT;
    env->ldt.base = LDT_BASE;
    env->ldt.limit = 0x17;
    env->cr[0] |= CR0_PE_MASK;
    if (is16) {
        cs = ring3 ? SEL_CODE16_R3 : SEL_CODE16;
        data_sel = ring3 ? SEL_DATA16_R3 : SEL_DATA16;
        base = CODE_BASE;
        data_base = DATA_BASE;
        limit = 0xffff;
        env->eip = 0;
        env->regs[R_ESP] = STACK_TOP - DATA_BASE;
    } else {
        cs = ring3 ? SEL_CODE32_R3 : SEL_CODE32;
        data_sel = ring3 ? SEL_DATA32_R3 : SEL_DATA32;
        if (cfg & FUZZ_CFG_LIMITED) {
            data_sel = ring3 ? SEL_LIMITED_R3 : SEL_LIMITED;
        }
        base = 0;
        data_base = 0;
        limit = 0xfffff;
        env->eip = CODE_BASE;
        env->regs[R_ESP] = STACK_TOP;
    }
    if (ring3) {
        cs |= 3;
        data_sel |= 3;
    }
    /* The hidden parts as a segment load would make them. */
    ds = data_sel & ~7u;
    memcpy(&hi_cs, ram + GDT_BASE + (cs & ~7u) + 4, 4);
    memcpy(&hi_ds, ram + GDT_BASE + ds + 4, 4);
    load_seg(R_CS, cs, base, (hi_cs & DESC_G_MASK) ? 0xfffff : limit, hi_cs);
    if ((cfg & FUZZ_CFG_LIMITED) && !is16) {
        data_limit = 0x3ffff;
    } else {
        data_limit = (hi_ds & DESC_G_MASK) ? 0xfffff : 0xffff;
    }
    for (int seg = 0; seg < 6; seg++) {
        if (seg != R_CS) {
            load_seg(seg, data_sel, data_base, data_limit, hi_ds);
        }
    }
}

/* The state for the input's configuration, on a freshly reset CPU. */
static void setup_cpu(uint8_t cfg, uint8_t cfg2)
{
    int mode = cfg & FUZZ_CFG_MODE_MASK;

    /* Every vector's handler, and the stop after the code. */
    ram[HANDLER] = 0xf4;     /* hlt */
    ram[HANDLER + 1] = 0xeb; /* jmp hlt */
    ram[HANDLER + 2] = 0xfd;
    env->regs[R_EAX] = 0;
    env->regs[R_ECX] = 0x10; /* small REP and LOOP counts */
    env->regs[R_EDX] = 0;
    env->regs[R_EBX] = 0x100;
    env->regs[R_ESI] = 0x200;
    env->regs[R_EDI] = 0x400;
    env->regs[R_EBP] = 0x800;
    /* Real-mode code may switch to protected mode with these. */
    build_gdt();
    build_tss();
    if (mode == FUZZ_MODE_REAL) {
        build_idt();
        setup_real_mode();
    } else {
        setup_protected_mode(cfg);
    }
    if (mode == FUZZ_MODE_PAGING) {
        build_paging(cfg & FUZZ_CFG_PAE, cfg & FUZZ_CFG_EXTRA);
        env->cr[0] |= CR0_PG_MASK;
        if (cfg & FUZZ_CFG_EXTRA) {
            env->cr[0] |= CR0_WP_MASK;
            env->cr[4] |= CR4_PGE_MASK;
            env->efer |= MSR_EFER_NXE;
        }
    } else if (cfg & FUZZ_CFG_EXTRA) {
        env->cr[0] |= CR0_MP_MASK | CR0_TS_MASK;
    }
    env->eflags = RFLAGS_FIXED;
    if (cfg & FUZZ_CFG_TF) {
        env->eflags |= TF_MASK;
    }
    if (cfg2 & FUZZ_CFG2_DF) {
        env->eflags |= DF_MASK;
    }
    env->eflags |= ((cfg2 >> FUZZ_CFG2_IOPL_SHIFT) & 3) << 12;
    if (cfg2 & FUZZ_CFG2_EM) {
        env->cr[0] |= CR0_EM_MASK;
    }
    if (cfg2 & FUZZ_CFG2_AC) {
        env->eflags |= AC_MASK;
        env->cr[0] |= CR0_AM_MASK;
    }
    x86_update_hflags(env);
}

/* ---- Checking emu's own state ---- */

static G_NORETURN void fuzz_fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz-tcg: %s: %s\n", what, detail);
    abort();
}

static void check_tlb(void)
{
    const CPUTLBTable *t = env->tcg_tlb;
    const uintptr_t lo = (uintptr_t)ram, hi = lo + RAM_SIZE;

    for (int m = 0; m < NB_MMU_MODES; m++) {
        for (int i = 0; i < CPU_TLB_SIZE; i++) {
            const CPUTLBEntry *e = &t->e[m][i];
            const uint64_t tags[3] = {e->addr_read, e->addr_write,
                                      e->addr_code};

            for (int k = 0; k < 3; k++) {
                uintptr_t host;

                if (tags[k] & (TLB_INVALID_MASK | TLB_MMIO)) {
                    continue;
                }
                host = (uintptr_t)(tags[k] & TARGET_PAGE_MASK) + e->addend;
                if (host < lo || host > hi - TARGET_PAGE_SIZE) {
                    char buf[160];

                    snprintf(buf, sizeof(buf),
                             "mmu %d entry %d tag %d 0x%" PRIx64
                             " maps host %p, outside the RAM [%p, %p)",
                             m, i, k, tags[k], (void *)host, (void *)lo,
                             (void *)hi);
                    fuzz_fail("softmmu TLB", buf);
                }
            }
        }
    }
}

static void check_state(uint64_t insns)
{
    Error *err = NULL;
    uint32_t hflags = env->hflags;

    if (!tcg_exec_check(&err)) {
        fuzz_fail("engine state", error_get_pretty(err));
    }
    if (insns > budget + MAX_BLOCK_INSNS) {
        char buf[80];

        snprintf(buf, sizeof(buf), "%" PRIu64 " instructions run", insns);
        fuzz_fail("past the budget", buf);
    }
    x86_update_hflags(env);
    if (env->hflags != hflags) {
        char buf[80];

        snprintf(buf, sizeof(buf), "0x%08x, the registers say 0x%08x", hflags,
                 env->hflags);
        fuzz_fail("stale hflags", buf);
    }
    check_tlb();
}

/* ---- libFuzzer's entry points ---- */

static void print_config(void)
{
    printf("fuzz-tcg: guest code under emu's TCG, one input per run:\n"
           "  machine: -M none -cpu qemu32,apic-id=0,+nx,... -m 4 "
           "(one vCPU, run on the fuzzer's thread)\n"
           "  modes (byte 0, bits 0-1):");
    for (int i = 0; i < 4; i++) {
        printf("%s %s", i ? "," : "", mode_names[i]);
    }
    printf("\n  paging: 2-level with 4 MiB pages, or PAE (bit 5); WP, PGE "
           "and NX (bit 7)\n"
           "  variants: ring 3 (bit 4), limited data segments (bit 3), "
           "EFLAGS.TF (bit 6),\n"
           "            DF, IOPL, CR0.EM, AC (byte 1)\n"
           "  back ends (byte 0, bit 2): jit (code generator), interp "
           "(interpreter)\n"
           "  budget: %" PRIu64 " guest instructions per input "
           "(EMU_FUZZ_TCG_BUDGET)\n"
           "  code: the bytes after the first two, at 0x%x (at most %u)\n",
           budget, CODE_BASE, CODE_MAX);
    fflush(stdout);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char *args[] = {(*argv)[0],
                    "-M",
                    "none",
                    "-cpu",
                    "qemu32,apic-id=0,+nx,-de,-fxsr,-sse,-sse2,-pni",
                    "-m",
                    "4",
                    "-accel",
                    "tcg,tb-size=16",
                    "-nodefaults",
                    "-S",
                    NULL, /* -d, for EMU_FUZZ_TCG_LOG */
                    NULL,
                    NULL};
    const char *log = getenv("EMU_FUZZ_TCG_LOG");
    int nargs = (int)G_N_ELEMENTS(args) - 3;
    const char *env_budget = getenv("EMU_FUZZ_TCG_BUDGET");
    MachineState *ms;
    Cmdline cl;

    if (env_budget && atoll(env_budget) > 0) {
        budget = strtoull(env_budget, NULL, 0);
    }
    verbose = getenv("EMU_FUZZ_TCG_VERBOSE") != NULL;
    for (int i = 1; i < *argc; i++) {
        if (!strcmp((*argv)[i], "-runs=0")) {
            print_config();
        }
    }
    module_call_init(MODULE_INIT_QOM);
    qemu_cmdline_init(&cl);
    if (log) {
        /* A -d item list, e.g. in_asm,op,int,guest_errors. */
        args[nargs++] = "-d";
        args[nargs++] = (char *)log;
    }
    if (qemu_cmdline_parse(&cl, nargs, args) != CMDLINE_OK ||
        emu_vm_create(&cl) != EMU_VM_CREATED) {
        fprintf(stderr, "fuzz-tcg: cannot create the machine\n");
        exit(1);
    }
    ms = MACHINE(qdev_get_machine());
    cpu = qemu_get_cpu(0);
    if (!cpu || !ms->ram || memory_region_size(ms->ram) != RAM_SIZE) {
        fprintf(stderr, "fuzz-tcg: no CPU or RAM\n");
        exit(1);
    }
    env = cpu->env_ptr;
    ram = memory_region_get_ram_ptr(ms->ram);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Error *err = NULL;
    const char *backend;
    uint64_t insns = 0;
    size_t len;
    int status;
    uint8_t cfg, cfg2;

    if (size < 2) {
        return -1;
    }
    cfg = data[0];
    cfg2 = data[1];
    len = MIN(size - 2, (size_t)CODE_MAX);

    backend = cfg & FUZZ_CFG_INTERP ? "interp" : "jit";
    if (strcmp(backend, tcg_exec_get_backend()) &&
        !tcg_exec_set_backend(backend, &err)) {
        fuzz_fail("back end", error_get_pretty(err));
    }
    cpu_reset(cpu);
    memcpy(ram + CODE_BASE, data + 2, len);
    /* Code that runs off its end or jumps near it halts. */
    memset(ram + CODE_BASE + len, 0xf4, CODE_MAX + 0x1000 - len);
    setup_cpu(cfg, cfg2);
    /* The world was written behind the engine's back: no stale state. */
    tcg_exec_flush();

    status = tcg_cpu_exec_bounded(cpu, budget, &insns);
    if (verbose) {
        printf("fuzz-tcg: %s, %s: stopped with 0x%x after %" PRIu64
               " instructions at %04x:%08" PRIx64 ", halted %d, CR0 %08" PRIx64
               " EAX %08" PRIx64 "\n",
               mode_names[cfg & FUZZ_CFG_MODE_MASK], backend, status, insns,
               env->segs[R_CS].selector, env->eip, cpu->halted, env->cr[0],
               env->regs[R_EAX]);
    }
    check_state(insns);

    /* Put everything back: a fatal guest stop, the RAM, the caches. */
    if (tcg_exec_take_failure(cpu)) {
        main_loop_should_exit(&status);
    }
    if (madvise(ram, RAM_SIZE, MADV_DONTNEED)) {
        fuzz_fail("madvise", "cannot clear the RAM");
    }
    tcg_exec_flush();
    return 0;
}
