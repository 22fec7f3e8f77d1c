/*
 * The x86 target of TCG: what the front end (translate*.c, cc-helper.c,
 * the arithmetic and I/O helpers), the system helpers (seg-helper.c,
 * excp-helper.c: descriptors, far control transfers, exceptions and
 * interrupts, control registers, MSRs) and the execution engine
 * (cpu-exec.c, cputlb.c, tcg-accel*.c) promise each other.
 *
 * Helper ABI: every helper is  uint64_t helper_x(uint64_t env, ...)  with
 * all arguments uint64_t (tcg.h), and a TCGHelperInfo helper_info_x next
 * to it.  Rule for precise exceptions: before calling a helper that may
 * raise an exception or leave the block, the front end stores the EIP of
 * the current instruction in env->eip and the current CC_OP in
 * env->cc_op (with its operands synced, which liveness does at calls that
 * read globals); such a helper then raises with env->eip pointing at the
 * instruction (faults) and computes return addresses as env->eip +
 * next_eip_addend (traps, INT n, far calls).
 *
 * Within one guest instruction, every guest memory access that can fault
 * comes before the first write to a guest register (global), so that a
 * fault restarts the instruction from unchanged state.
 */
#ifndef TCG_TARGET_I386_X86_TCG_H
#define TCG_TARGET_I386_X86_TCG_H

#include <stdbool.h>
#include <stdint.h>

#include "machine/x86-cpu.h"
#include "tcg/tcg.h"
#include "tcg/translator.h"

/* insn_start words: EIP (not linear), CC_OP. */
#define X86_INSN_START_WORDS 2

/* ---- Front end (translate.c) -------------------------------------- */

/* Register the globals (regs, eip, cc_*) of a new context; once each. */
void x86_tcg_init_globals(TCGContext *s);
/* The block key for the current state (pc is linear: CS base + EIP). */
void x86_get_tb_cpu_state(CPUX86State *env, uint64_t *pc, uint64_t *cs_base,
                          uint32_t *flags);
/* Translate one block at tb->pc into tcg_ctx (at most max_insns insns). */
void x86_translate_block(CPUX86State *env, TranslationBlock *tb,
                         int max_insns);
/* Restore EIP and CC_OP from an instruction's insn_start words. */
void x86_restore_state_to_opc(CPUX86State *env, const TranslationBlock *tb,
                              const uint64_t *data);

/* ---- Flags (cc-helper.c) ------------------------------------------ */

/* CF PF AF ZF SF OF from the lazy state. */
uint32_t cpu_cc_compute_all(CPUX86State *env);
/* The architectural EFLAGS (env->eflags + lazy flags + DF). */
uint32_t cpu_compute_eflags(CPUX86State *env);
/* Load the bits of eflags selected by update_mask (CC and DF included). */
void cpu_load_eflags(CPUX86State *env, uint32_t eflags, uint32_t update_mask);
/* cpu_exec entry/exit: complete EFLAGS <-> lazy form (cc_src, df). */
void x86_cpu_exec_enter(CPUX86State *env);
void x86_cpu_exec_exit(CPUX86State *env);

/* ---- System helpers (seg-helper.c, excp-helper.c) ----------------- */

/* Raise an exception (fault: EIP is the instruction's). */
G_NORETURN void raise_exception(CPUX86State *env, int vector);
G_NORETURN void raise_exception_err(CPUX86State *env, int vector,
                                    int error_code);

uint64_t helper_raise_exception(uint64_t env, uint64_t vector);
/* INT n, INT3, INTO: a software interrupt returning to EIP + addend. */
uint64_t helper_raise_interrupt(uint64_t env, uint64_t vector,
                                uint64_t next_eip_addend);
/* HLT: EIP + addend, CPU halted until an interrupt (EXCP_HLT). */
uint64_t helper_hlt(uint64_t env, uint64_t next_eip_addend);
/* MOV Sreg / POP Sreg / LDS...: real-mode or descriptor load with checks. */
uint64_t helper_load_seg(uint64_t env, uint64_t seg_reg, uint64_t selector);
/* Far JMP / CALL / RET / IRET; shift: 0 for 16-bit, 1 for 32-bit. */
uint64_t helper_ljmp(uint64_t env, uint64_t selector, uint64_t new_eip,
                     uint64_t next_eip_addend);
uint64_t helper_lcall(uint64_t env, uint64_t selector, uint64_t new_eip,
                      uint64_t shift, uint64_t next_eip_addend);
uint64_t helper_lret(uint64_t env, uint64_t shift, uint64_t addend);
uint64_t helper_iret(uint64_t env, uint64_t shift, uint64_t next_eip_addend);
/* MOV to/from CRn (0, 2, 3, 4); MOV to CR0/CR3/CR4 flush the TLB. */
uint64_t helper_read_crN(uint64_t env, uint64_t reg);
uint64_t helper_write_crN(uint64_t env, uint64_t reg, uint64_t val);
uint64_t helper_rdmsr(uint64_t env); /* ECX -> EDX:EAX */
uint64_t helper_wrmsr(uint64_t env);
/* LLDT, LTR (CPL 0 checked by the front end). */
uint64_t helper_lldt(uint64_t env, uint64_t selector);
uint64_t helper_ltr(uint64_t env, uint64_t selector);
/* VERR/VERW: 1 when ZF is to be set. */
uint64_t helper_verr_verw(uint64_t env, uint64_t selector, uint64_t write);
/* LAR/LSL: bit 32 set (ZF) and the value to load in bits 31:0. */
uint64_t helper_lar_lsl(uint64_t env, uint64_t selector, uint64_t lsl);
uint64_t helper_sysenter(uint64_t env);
uint64_t helper_sysexit(uint64_t env);
/* I/O at CPL > IOPL or in vm86: the TSS bitmap for size bytes at port. */
uint64_t helper_check_io(uint64_t env, uint64_t port, uint64_t size);
/* MOV to/from DRn: values kept, breakpoints not implemented. */
uint64_t helper_read_drN(uint64_t env, uint64_t reg);
uint64_t helper_write_drN(uint64_t env, uint64_t reg, uint64_t val);

extern const TCGHelperInfo helper_info_raise_exception;
extern const TCGHelperInfo helper_info_raise_interrupt;
extern const TCGHelperInfo helper_info_hlt;
extern const TCGHelperInfo helper_info_load_seg;
extern const TCGHelperInfo helper_info_ljmp;
extern const TCGHelperInfo helper_info_lcall;
extern const TCGHelperInfo helper_info_lret;
extern const TCGHelperInfo helper_info_iret;
extern const TCGHelperInfo helper_info_read_crN;
extern const TCGHelperInfo helper_info_write_crN;
extern const TCGHelperInfo helper_info_rdmsr;
extern const TCGHelperInfo helper_info_wrmsr;
extern const TCGHelperInfo helper_info_lldt;
extern const TCGHelperInfo helper_info_ltr;
extern const TCGHelperInfo helper_info_verr_verw;
extern const TCGHelperInfo helper_info_lar_lsl;
extern const TCGHelperInfo helper_info_sysenter;
extern const TCGHelperInfo helper_info_sysexit;
extern const TCGHelperInfo helper_info_check_io;
extern const TCGHelperInfo helper_info_read_drN;
extern const TCGHelperInfo helper_info_write_drN;

/* ---- Engine hooks (excp-helper.c) --------------------------------- */

/* Deliver cs->exception_index (a guest vector) raised by a helper. */
void x86_cpu_do_interrupt(CPUState *cs);
/*
 * Between blocks, with cs->interrupt_request non-zero: take an INIT,
 * SIPI, NMI or maskable interrupt if the CPU state allows it.  true when
 * the CPU state changed (look up the next block again).
 */
bool x86_cpu_exec_interrupt(CPUState *cs, int interrupt_request);
/* A halted CPU has something to do (an interrupt it would take). */
bool x86_cpu_has_work(CPUState *cs);

/* ---- Engine services for locked instructions (cputlb.c) ---------- */

/*
 * The host address of size bytes at linear addr for a locked
 * read-modify-write through MMU index mmu_idx: the page is made writable
 * as for a store (a #PF leaves for the instruction at retaddr, or for
 * env->eip with retaddr 0); if the running block has code on the bytes,
 * the instruction leaves to run again as a block of its own.  NULL when
 * they are not RAM in one host range (MMIO, ROM, two pages apart on the
 * host): the caller then loads and stores through cpu_ld_mmu() and
 * cpu_st_mmu() under the big lock.
 */
void *atomic_mmu_lookup(CPUX86State *env, uint64_t addr, unsigned size,
                        unsigned mmu_idx, uintptr_t retaddr);
/*
 * After the operation on that host address (when it may have written):
 * translated code on the bytes is invalidated (after, so that a block
 * translated meanwhile cannot keep the old bytes).
 */
void atomic_mmu_written(CPUX86State *env, uint64_t addr, unsigned size,
                        unsigned mmu_idx);

#endif /* TCG_TARGET_I386_X86_TCG_H */
