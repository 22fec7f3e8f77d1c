/*
 * -d op / -d op_opt: the op list in QEMU's textual form, e.g.
 *      ---- 0x1000 0x0
 *      add_i32 tmp2,eax,tmp1                    dead: 1 2
 */
#include "tcg/tcg.h"

#include "util/log.h"

static const char *const memop_size[4] = {"b", "w", "l", "q"};

static void temp_name(TCGContext *s, GString *buf, TCGArg idx)
{
    if (idx >= (TCGArg)s->nb_temps) {
        g_string_append_printf(buf, "<bad temp %" G_GUINT64_FORMAT ">", idx);
        return;
    }
    TCGTemp *ts = &s->temps[idx];
    switch (ts->kind) {
    case TEMP_GLOBAL:
    case TEMP_FIXED:
        g_string_append(buf, ts->name);
        break;
    case TEMP_CONST:
        if (ts->type == TCG_TYPE_I32) {
            g_string_append_printf(buf, "$0x%x", (uint32_t)ts->val);
        } else {
            g_string_append_printf(buf, "$0x%" G_GINT64_MODIFIER "x",
                                   (uint64_t)ts->val);
        }
        break;
    default:
        g_string_append_printf(buf, "tmp%d", (int)idx);
        break;
    }
}

static void memop_name(GString *buf, MemOpIdx oi)
{
    MemOp mop = get_memop(oi);
    g_string_append_printf(buf, "%s%s%s,%u", mop & MO_BSWAP ? "be" : "le",
                           mop & MO_SIGN ? "s" : "u", memop_size[mop & MO_SIZE],
                           get_mmuidx(oi));
}

static void dump_cargs(TCGContext *s, GString *buf, const TCGOp *op,
                       const TCGArg *c, int nc, bool first)
{
    const char *sep = first ? "" : ",";
    int i = 0;

    switch (op->opc) {
    case INDEX_op_brcond_i32:
    case INDEX_op_brcond_i64:
        g_string_append_printf(buf, "%s%s,$L%d", sep, tcg_cond_name(c[0]),
                               arg_label(c[1])->id);
        return;
    case INDEX_op_setcond_i32:
    case INDEX_op_setcond_i64:
    case INDEX_op_movcond_i32:
    case INDEX_op_movcond_i64:
        g_string_append_printf(buf, "%s%s", sep, tcg_cond_name(c[0]));
        return;
    case INDEX_op_qemu_ld_i32:
    case INDEX_op_qemu_ld_i64:
    case INDEX_op_qemu_st_i32:
    case INDEX_op_qemu_st_i64:
        g_string_append(buf, sep);
        memop_name(buf, c[0]);
        return;
    case INDEX_op_set_label:
    case INDEX_op_br:
        g_string_append_printf(buf, "%s$L%d", sep, arg_label(c[0])->id);
        return;
    case INDEX_op_call: {
        const TCGHelperInfo *info = (const TCGHelperInfo *)(uintptr_t)c[0];
        g_string_append_printf(buf, "%s%s,$0x%x", sep, info->name, info->flags);
        return;
    }
    default:
        break;
    }
    for (; i < nc; i++) {
        g_string_append_printf(buf, "%s$0x%" G_GINT64_MODIFIER "x", sep, c[i]);
        sep = ",";
    }
}

static void dump_life(GString *buf, size_t line_start, uint32_t life)
{
    size_t col = buf->len - line_start;
    if (!life) {
        return;
    }
    for (; col < 40; col++) {
        g_string_append_c(buf, ' ');
    }
    if (life & 0xffff) {
        g_string_append(buf, " dead:");
        for (int i = 0; i < 16; i++) {
            if (life & DEAD_ARG(i)) {
                g_string_append_printf(buf, " %d", i);
            }
        }
    }
    if (life >> 16) {
        g_string_append(buf, " sync:");
        for (int i = 0; i < 16; i++) {
            if (life & SYNC_ARG(i)) {
                g_string_append_printf(buf, " %d", i);
            }
        }
    }
}

void tcg_dump_ops(TCGContext *s, GString *buf, bool have_life)
{
    for (int n = 0; n < s->nb_ops; n++) {
        const TCGOp *op = &s->ops[n];
        size_t start = buf->len;

        if (op->opc == INDEX_op_insn_start) {
            g_string_append(buf, "\n ----");
            for (int i = 0; i < s->insn_start_words; i++) {
                g_string_append_printf(buf, " 0x%" G_GINT64_MODIFIER "x",
                                       op->args[i]);
            }
            g_string_append_c(buf, '\n');
            continue;
        }
        int no = tcg_op_nb_oargs(op), ni = tcg_op_nb_iargs(op);
        int nc = tcg_op_nb_cargs(op);
        g_string_append_printf(buf, " %s ", tcg_op_defs[op->opc].name);
        if (op->opc == INDEX_op_call) {
            /* call name,$flags,$nb_outputs,outputs,inputs */
            dump_cargs(s, buf, op, op->args + no + ni, nc, true);
            g_string_append_printf(buf, ",$%d", no);
        }
        for (int i = 0; i < no + ni; i++) {
            if (i || op->opc == INDEX_op_call) {
                g_string_append_c(buf, ',');
            }
            temp_name(s, buf, op->args[i]);
        }
        if (op->opc != INDEX_op_call) {
            dump_cargs(s, buf, op, op->args + no + ni, nc, no + ni == 0);
        }
        if (have_life) {
            dump_life(buf, start, op->life);
        }
        g_string_append_c(buf, '\n');
    }
}

void tcg_log_ops(TCGContext *s, int mask, const char *title)
{
    if (!qemu_loglevel_mask(mask)) {
        return;
    }
    g_autoptr(GString) buf = g_string_new(NULL);
    g_string_append_printf(buf, "%s:\n", title);
    tcg_dump_ops(s, buf, mask == CPU_LOG_TB_OP_OPT);
    g_string_append_c(buf, '\n');
    qemu_log("%s", buf->str);
}
