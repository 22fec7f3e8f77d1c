/*
 * The TCG opcode table: one line per op.
 *
 * DEF(name, oargs, iargs, cargs, flags): outputs, inputs (temps) and
 * constant arguments, in that order in TCGOp.args.  Include this file with
 * DEF defined; it is undefined again at the end.  Most ops exist for both
 * I32 and I64; DEF2 writes the pair.  The semantics of every op are given
 * in docs/tcg.md and implemented once, in tcg-eval.c.
 */

#define DEF2(name, oargs, iargs, cargs, flags)                     \
    DEF(name##_i32, oargs, iargs, cargs, flags)                    \
    DEF(name##_i64, oargs, iargs, cargs, (flags) | TCG_OPF_64BIT)

/* Control: not tied to a type. */
DEF(nop, 0, 0, 0, TCG_OPF_NOT_PRESENT)
DEF(discard, 1, 0, 0, TCG_OPF_NOT_PRESENT)
DEF(set_label, 0, 0, 1, TCG_OPF_BB_END | TCG_OPF_NOT_PRESENT)
/* Variable numbers of arguments: see TCGOp.call_o/call_i. */
DEF(call, 0, 0, 1, TCG_OPF_CALL)
DEF(br, 0, 0, 1, TCG_OPF_BB_END | TCG_OPF_BB_EXIT)
DEF(mb, 0, 0, 1, TCG_OPF_SIDE_EFFECTS)
DEF(insn_start, 0, 0, TCG_MAX_INSN_START_WORDS, TCG_OPF_NOT_PRESENT)
DEF(exit_tb, 0, 0, 1, TCG_OPF_BB_END | TCG_OPF_BB_EXIT | TCG_OPF_SIDE_EFFECTS)
DEF(goto_tb, 0, 0, 1, TCG_OPF_BB_END | TCG_OPF_SIDE_EFFECTS)
DEF(goto_ptr, 0, 1, 0, TCG_OPF_BB_END | TCG_OPF_BB_EXIT | TCG_OPF_SIDE_EFFECTS)

DEF2(mov, 1, 1, 0, 0)
DEF2(movi, 1, 0, 1, 0)
DEF2(setcond, 1, 2, 1, 0)
DEF2(movcond, 1, 4, 1, 0)
DEF2(brcond, 0, 2, 2, TCG_OPF_BB_END | TCG_OPF_COND_BRANCH)

/* Host memory relative to a pointer temp (the CPU state through env). */
DEF2(ld8u, 1, 1, 1, 0)
DEF2(ld8s, 1, 1, 1, 0)
DEF2(ld16u, 1, 1, 1, 0)
DEF2(ld16s, 1, 1, 1, 0)
DEF2(ld, 1, 1, 1, 0)
DEF2(st8, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)
DEF2(st16, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)
DEF2(st, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)
DEF(ld32u_i64, 1, 1, 1, TCG_OPF_64BIT)
DEF(ld32s_i64, 1, 1, 1, TCG_OPF_64BIT)
DEF(st32_i64, 0, 2, 1, TCG_OPF_SIDE_EFFECTS | TCG_OPF_64BIT)

/* Arithmetic. */
DEF2(add, 1, 2, 0, 0)
DEF2(sub, 1, 2, 0, 0)
DEF2(mul, 1, 2, 0, 0)
DEF2(neg, 1, 1, 0, 0)
DEF2(div, 1, 2, 0, 0)
DEF2(divu, 1, 2, 0, 0)
DEF2(rem, 1, 2, 0, 0)
DEF2(remu, 1, 2, 0, 0)
DEF2(add2, 2, 4, 0, 0)
DEF2(sub2, 2, 4, 0, 0)
DEF2(mulu2, 2, 2, 0, 0)
DEF2(muls2, 2, 2, 0, 0)
DEF2(div2, 2, 3, 0, 0)
DEF2(divu2, 2, 3, 0, 0)

/* Logic. */
DEF2(and, 1, 2, 0, 0)
DEF2(or, 1, 2, 0, 0)
DEF2(xor, 1, 2, 0, 0)
DEF2(andc, 1, 2, 0, 0)
DEF2(orc, 1, 2, 0, 0)
DEF2(eqv, 1, 2, 0, 0)
DEF2(nand, 1, 2, 0, 0)
DEF2(nor, 1, 2, 0, 0)
DEF2(not, 1, 1, 0, 0)

/* Shifts and rotates. */
DEF2(shl, 1, 2, 0, 0)
DEF2(shr, 1, 2, 0, 0)
DEF2(sar, 1, 2, 0, 0)
DEF2(rotl, 1, 2, 0, 0)
DEF2(rotr, 1, 2, 0, 0)

/* Extensions, bit fields, byte swaps, bit counts. */
DEF2(ext8s, 1, 1, 0, 0)
DEF2(ext8u, 1, 1, 0, 0)
DEF2(ext16s, 1, 1, 0, 0)
DEF2(ext16u, 1, 1, 0, 0)
DEF(ext32s_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF(ext32u_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF(ext_i32_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF(extu_i32_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF(extrl_i64_i32, 1, 1, 0, 0)
DEF(extrh_i64_i32, 1, 1, 0, 0)
DEF2(deposit, 1, 2, 2, 0)
DEF2(extract, 1, 1, 2, 0)
DEF2(sextract, 1, 1, 2, 0)
DEF2(bswap16, 1, 1, 0, 0)
DEF2(bswap32, 1, 1, 0, 0)
DEF(bswap64_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF2(clz, 1, 2, 0, 0)
DEF2(ctz, 1, 2, 0, 0)

/* Guest memory through the softmmu: cargs[0] is a MemOpIdx. */
DEF2(qemu_ld, 1, 1, 1, TCG_OPF_SIDE_EFFECTS | TCG_OPF_CAN_FAULT)
DEF2(qemu_st, 0, 2, 1, TCG_OPF_SIDE_EFFECTS | TCG_OPF_CAN_FAULT)

#undef DEF2
#undef DEF
