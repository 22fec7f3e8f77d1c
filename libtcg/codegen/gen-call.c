/*
 * Helper calls with the uniform ABI of tcg.h: up to six uint64_t
 * arguments in rdi, rsi, rdx, rcx, r8, r9 (System V order), the result in
 * rax.  Every caller-saved register is emptied first, so loading the
 * arguments can clobber nothing still needed.
 */
#include "codegen-internal.h"

#include "../tcg-internal.h"

static const int arg_regs[6] = {R_RDI, R_RSI, R_RDX, R_RCX, R_R8, R_R9};

void cg_gen_call(CG *cg, const TCGOp *op)
{
    int no = op->call_o, ni = op->call_i;
    const TCGHelperInfo *info =
        (const TCGHelperInfo *)(uintptr_t)op->args[no + ni];

    if (ni > TCG_MAX_HELPER_ARGS) {
        cg->error = "helper with too many arguments";
        return;
    }
    if ((info->flags & TCG_CALL_NO_RWG) != TCG_CALL_NO_RWG) {
        ra_sync_globals(cg);
    }
    if (!(info->flags & TCG_CALL_NO_WRITE_GLOBALS)) {
        ra_forget_globals(cg);
    }
    ra_spill_regs(cg, CG_CALL_CLOBBERED);
    for (int i = 0; i < ni; i++) {
        cg->locked |= 1u << arg_regs[i];
        ra_copy(cg, op->args[no + i], arg_regs[i]);
    }
    cg_call_abs(&cg->o, (uintptr_t)info->func);
    ra_free_dead_inputs(cg, op);
    if (no) {
        if (cg->s->temps[op->args[0]].type == TCG_TYPE_I32) {
            cg_mov_rr(&cg->o, false, R_RAX, R_RAX);
        }
        cg->locked |= 1u << R_RAX;
        ra_set_out(cg, op->args[0], R_RAX);
        ra_out_done(cg, op, 0);
    }
}

/* The ops that are simplest done in C: tcg_eval_op() itself. */
static uint64_t eval_helper(uint64_t opc, uint64_t a, uint64_t b, uint64_t c,
                            uint64_t d, uint64_t out1)
{
    uint64_t in[4] = {a, b, c, d}, out[2] = {0, 0};
    tcg_eval_op(opc, in, NULL, out);
    *(uint64_t *)(uintptr_t)out1 = out[1];
    return out[0];
}

void cg_gen_eval_call(CG *cg, const TCGOp *op)
{
    int no = tcg_op_nb_oargs(op), ni = tcg_op_nb_iargs(op);

    ra_spill_regs(cg, CG_CALL_CLOBBERED);
    for (int i = 0; i < 6; i++) {
        cg->locked |= 1u << arg_regs[i];
    }
    cg_movi(&cg->o, false, R_RDI, op->opc);
    for (int i = 0; i < 4; i++) {
        if (i < ni) {
            ra_copy(cg, op->args[no + i], arg_regs[1 + i]);
        } else {
            cg_movi(&cg->o, false, arg_regs[1 + i], 0);
        }
    }
    cg_modrm_mem(&cg->o, OPC_LEA | P_REXW, R_R9, R_RSP, CG_SCRATCH_OFFSET);
    cg_call_abs(&cg->o, (uintptr_t)eval_helper);
    ra_free_dead_inputs(cg, op);
    cg->locked |= 1u << R_RAX;
    int r1 = R_RAX;
    if (no == 2) {
        r1 = ra_alloc(cg, 0);
        cg_ld(&cg->o, true, r1, R_RSP, CG_SCRATCH_OFFSET);
        ra_set_out(cg, op->args[1], r1);
    }
    ra_set_out(cg, op->args[0], R_RAX);
    ra_out_done(cg, op, 0);
    if (no == 2) {
        ra_out_done(cg, op, 1);
    }
}
