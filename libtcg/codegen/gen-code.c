/*
 * tcg_gen_code(): one pass over the ops, register allocation on the fly,
 * then the out-of-line slow paths and the branch fix-ups.  Control ops
 * live here; value ops in gen-alu.c, guest memory in gen-ldst.c, helper
 * calls in gen-call.c.
 */
#include "codegen-internal.h"

#include <stdio.h>
#include <string.h>

#include "util/log.h"

static void label_ref(CG *cg, TCGArg l, size_t rel)
{
    CGLabelState *ls = &cg->labels[arg_label(l)->id];
    g_array_append_val(ls->refs, rel);
}

static void end_insn(CG *cg)
{
    if (cg->insn >= 0) {
        CGSearchEntry e = {cg->insn_begin - cg->tb_start,
                           cg->o.off - cg->tb_start, cg->insn};
        g_array_append_val(cg->entries, e);
    }
}

static void gen_goto_tb(CG *cg, unsigned n, TCGHostTB *out)
{
    ra_sync_globals(cg);
    /* The rel32 must be 4-byte aligned: one atomic store re-targets it. */
    while ((cg->o.off + 1) % 4) {
        cg_emit8(&cg->o, 0x90);
    }
    out->jmp_insn_offset[n & 1] = cg->o.off - cg->tb_start;
    cg_emit8(&cg->o, 0xe9);
    cg_emit32(&cg->o, 0);
    out->jmp_reset_offset[n & 1] = cg->o.off - cg->tb_start;
}

static bool gen_op(CG *cg, const TCGOp *op, TCGHostTB *out)
{
    TCGCodeBuffer *buf = cg->o.buf;
    size_t rel;

    switch (op->opc) {
    case INDEX_op_nop:
        return true;
    case INDEX_op_discard:
        ra_discard(cg, op->args[0]);
        return true;
    case INDEX_op_insn_start:
        end_insn(cg);
        cg->insn++;
        cg->insn_begin = cg->o.off;
        g_array_append_vals(cg->insn_data, op->args, TCG_MAX_INSN_START_WORDS);
        return true;
    case INDEX_op_set_label: {
        ra_bb_end(cg);
        ra_label(cg);
        CGLabelState *ls = &cg->labels[arg_label(op->args[0])->id];
        ls->pos = cg->o.off;
        return true;
    }
    case INDEX_op_br:
        ra_bb_end(cg);
        cg_jmp32(&cg->o);
        label_ref(cg, op->args[0], cg->o.off - 4);
        return true;
    case INDEX_op_brcond_i32:
    case INDEX_op_brcond_i64:
        cg_gen_brcond(cg, op, op->opc == INDEX_op_brcond_i64, &rel);
        label_ref(cg, op->args[3], rel);
        return true;
    case INDEX_op_mb:
        /* x86 is TSO: only store-load ordering needs a fence. */
        if (op->args[0] & TCG_MO_ST_LD) {
            cg_emit8(&cg->o, 0x0f);
            cg_emit8(&cg->o, 0xae);
            cg_emit8(&cg->o, 0xf0);
        }
        return true;
    case INDEX_op_exit_tb:
        ra_sync_globals(cg);
        cg_movi(&cg->o, true, R_RAX, op->args[0]);
        cg_jmp_to(&cg->o, buf->epilogue_offset);
        return true;
    case INDEX_op_goto_tb:
        gen_goto_tb(cg, op->args[0], out);
        return true;
    case INDEX_op_goto_ptr: {
        ra_sync_globals(cg);
        ra_take(cg, R_RAX);
        ra_copy(cg, op->args[0], R_RAX);
        cg_modrm_rr(&cg->o, OPC_TESTL | P_REXW, R_RAX, R_RAX);
        cg_jcc32(&cg->o, JCC_E);
        cg_patch32(&cg->o, cg->o.off - 4, buf->epilogue_offset - cg->o.off);
        cg_modrm_rr(&cg->o, 0xff, 4, R_RAX); /* jmp *rax */
        return true;
    }
    case INDEX_op_call:
        cg_gen_call(cg, op);
        return true;
    case INDEX_op_qemu_ld_i32:
    case INDEX_op_qemu_ld_i64:
        return cg_gen_qemu_ld(cg, op);
    case INDEX_op_qemu_st_i32:
    case INDEX_op_qemu_st_i64:
        return cg_gen_qemu_st(cg, op);
    default:
        return cg_gen_value_op(cg, op);
    }
}

static void mark_used(CG *cg)
{
    TCGContext *s = cg->s;
    cg->used = g_new0(bool, s->nb_temps);
    for (int n = 0; n < s->nb_ops; n++) {
        const TCGOp *op = &s->ops[n];
        int no = tcg_op_nb_oargs(op), ni = tcg_op_nb_iargs(op);
        if (op->opc == INDEX_op_insn_start || op->opc == INDEX_op_nop) {
            continue;
        }
        for (int i = 0; i < no + ni; i++) {
            if (op->args[i] < (TCGArg)s->nb_temps) {
                cg->used[op->args[i]] = true;
            }
        }
    }
}

static void patch_labels(CG *cg)
{
    for (int i = 0; i < cg->s->nb_labels; i++) {
        CGLabelState *ls = &cg->labels[i];
        for (guint k = 0; k < ls->refs->len; k++) {
            size_t rel = g_array_index(ls->refs, size_t, k);
            if (ls->pos < 0) {
                cg->error = "branch to a label never set";
                return;
            }
            cg_patch32(&cg->o, rel, ls->pos - (int64_t)(rel + 4));
        }
    }
}

static void cg_free(CG *cg)
{
    ra_fini(cg);
    g_free(cg->used);
    for (int i = 0; i < cg->s->nb_labels; i++) {
        g_array_free(cg->labels[i].refs, TRUE);
    }
    g_free(cg->labels);
    g_array_free(cg->slow, TRUE);
    g_array_free(cg->entries, TRUE);
    g_array_free(cg->insn_data, TRUE);
}

int tcg_gen_code(TCGContext *s, TCGCodeBuffer *buf, TCGHostTB *out)
{
    size_t start = (buf->used + 15) & ~(size_t)15;
    CG cg = {.s = s, .insn = -1};

    memset(out, 0, sizeof(*out));
    for (int n = 0; n < 2; n++) {
        out->jmp_insn_offset[n] = UINT32_MAX;
        out->jmp_reset_offset[n] = UINT32_MAX;
    }
    if (start >= buf->size) {
        return -1;
    }
    cg.o = (CGOut){.buf = buf, .off = start, .limit = buf->size};
    cg.tb_start = start;
    mark_used(&cg);
    ra_init(&cg);
    cg.labels = g_new0(CGLabelState, s->nb_labels + 1);
    for (int i = 0; i < s->nb_labels; i++) {
        cg.labels[i].pos = -1;
        cg.labels[i].refs = g_array_new(FALSE, FALSE, sizeof(size_t));
    }
    cg.slow = g_array_new(FALSE, FALSE, sizeof(CGSlowPath));
    cg.entries = g_array_new(FALSE, FALSE, sizeof(CGSearchEntry));
    cg.insn_data = g_array_new(FALSE, FALSE, sizeof(uint64_t));

    cg_buffer_begin_write(buf);
    for (int n = 0; n < s->nb_ops && !cg.error && !cg.o.full; n++) {
        const TCGOp *op = &s->ops[n];
        cg.locked = 0;
        if ((unsigned)op->opc >= NB_OPS || !gen_op(&cg, op, out)) {
            cg.error = "op the code generator lacks";
            fprintf(stderr, "tcg_gen_code: cannot compile op %d (%s)\n", n,
                    (unsigned)op->opc < NB_OPS ? tcg_op_defs[op->opc].name
                                               : "?");
        }
    }
    end_insn(&cg);
    if (!cg.error && !cg.o.full) {
        cg_gen_slow_paths(&cg);
        patch_labels(&cg);
    }
    cg_buffer_end_write(buf);

    int ret = 0;
    if (cg.error) {
        fprintf(stderr, "tcg_gen_code: %s\n", cg.error);
        ret = -2;
    } else if (cg.o.full) {
        ret = -1;
    } else {
        out->code = buf->rx + start;
        out->size = cg.o.off - start;
        buf->used = cg.o.off;
        cg_search_build(&cg, out);
        if (qemu_loglevel_mask(CPU_LOG_TB_OUT_ASM)) {
            cg_log_out_asm(out);
        }
    }
    cg_free(&cg);
    return ret;
}
