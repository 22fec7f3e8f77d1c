/*
 * The TCG interpreter.
 *
 * Globals are read from and written to env at every use, so helpers and
 * faults always see exact guest state and liveness's sync points need no
 * work here; other temps live in a frame of uint64_t (I32 zero-extended).
 * Value ops go through tcg_eval_op(), the same definition the optimiser
 * folds with.
 */
#include "tcg/tci.h"

#include "tcg-internal.h"

#include <string.h>

struct TCIProg {
    TCGOp *ops;
    int nb_ops;
    TCGTemp *temps;
    int nb_temps;
    int *label_pos; /* label id -> op index, -1 if never set */
    int nb_labels;
    int insn_start_words;
    size_t env_size;
    TCIProg *jmp_dest[2]; /* atomic: other threads chain and unchain */
    void *opaque;
};

/* The program running in this thread (chaining changes it). */
static __thread const TCIProg *tci_current;
/*
 * Frames larger than the stack buffer: one per thread, kept (and freed
 * with the thread), so that a helper leaving the block with siglongjmp
 * leaks nothing.
 */
typedef struct TCIBigFrame {
    size_t len;
    uint64_t regs[];
} TCIBigFrame;
static GPrivate tci_big_frame = G_PRIVATE_INIT(g_free);

static uint64_t *tci_big_regs(size_t need, size_t *len)
{
    TCIBigFrame *fr = g_private_get(&tci_big_frame);

    if (!fr || fr->len < need) {
        size_t n = MAX(need, 1024);

        fr = g_malloc(sizeof(*fr) + n * sizeof(uint64_t));
        fr->len = n;
        g_private_replace(&tci_big_frame, fr);
    }
    *len = fr->len;
    return fr->regs;
}

TCIProg *tci_prog_new(TCGContext *s)
{
    TCIProg *p = g_new0(TCIProg, 1);
    p->ops = g_new(TCGOp, s->nb_ops + 1);
    memcpy(p->ops, s->ops, sizeof(TCGOp) * s->nb_ops);
    p->nb_ops = s->nb_ops;
    p->temps = g_new(TCGTemp, s->nb_temps);
    memcpy(p->temps, s->temps, sizeof(TCGTemp) * s->nb_temps);
    p->nb_temps = s->nb_temps;
    p->nb_labels = s->nb_labels;
    p->label_pos = g_new(int, s->nb_labels + 1);
    p->insn_start_words = s->insn_start_words;
    p->env_size = s->env_size;
    for (int i = 0; i < s->nb_labels; i++) {
        p->label_pos[i] = -1;
    }
    /* Labels are context pointers: keep only their ids from here on. */
    for (int n = 0; n < p->nb_ops; n++) {
        TCGOp *op = &p->ops[n];
        int no = tcg_op_nb_oargs(op), ni = tcg_op_nb_iargs(op);
        switch (op->opc) {
        case INDEX_op_set_label:
            p->label_pos[arg_label(op->args[0])->id] = n;
            op->args[0] = arg_label(op->args[0])->id;
            break;
        case INDEX_op_br:
            op->args[0] = arg_label(op->args[0])->id;
            break;
        case INDEX_op_brcond_i32:
        case INDEX_op_brcond_i64:
            op->args[no + ni + 1] = arg_label(op->args[no + ni + 1])->id;
            break;
        default:
            break;
        }
    }
    return p;
}

void tci_prog_free(TCIProg *p)
{
    if (p) {
        g_free(p->ops);
        g_free(p->temps);
        g_free(p->label_pos);
        g_free(p);
    }
}

void tci_prog_set_jump(TCIProg *p, unsigned slot, TCIProg *dest)
{
    if (slot < 2) {
        __atomic_store_n(&p->jmp_dest[slot], dest, __ATOMIC_RELEASE);
    }
}

void tci_prog_set_opaque(TCIProg *p, void *opaque)
{
    p->opaque = opaque;
}

void *tci_prog_get_opaque(const TCIProg *p)
{
    return p->opaque;
}

const TCIProg *tci_running_prog(void)
{
    return tci_current;
}

int tci_prog_nb_ops(const TCIProg *p)
{
    return p->nb_ops;
}

typedef struct TCIFrame {
    const TCIProg *p;
    uint8_t *env;
    uint64_t *regs;
    bool bad;
} TCIFrame;

static bool bad_temp(const TCIFrame *f, TCGArg t)
{
    return t >= (TCGArg)f->p->nb_temps;
}

static bool global_ok(const TCIFrame *f, const TCGTemp *ts)
{
    size_t size = ts->type == TCG_TYPE_I32 ? 4 : 8;
    return ts->mem_offset >= 0 && (size_t)ts->mem_offset <= f->p->env_size &&
           size <= f->p->env_size - ts->mem_offset;
}

static uint64_t rd(TCIFrame *f, TCGArg t)
{
    if (bad_temp(f, t)) {
        f->bad = true;
        return 0;
    }
    const TCGTemp *ts = &f->p->temps[t];
    switch (ts->kind) {
    case TEMP_CONST:
        return ts->val;
    case TEMP_FIXED:
        return (uintptr_t)f->env;
    case TEMP_GLOBAL:
        if (!global_ok(f, ts)) {
            f->bad = true;
            return 0;
        }
        if (ts->type == TCG_TYPE_I32) {
            uint32_t v;
            memcpy(&v, f->env + ts->mem_offset, 4);
            return v;
        } else {
            uint64_t v;
            memcpy(&v, f->env + ts->mem_offset, 8);
            return v;
        }
    default:
        return f->regs[t];
    }
}

static void wr(TCIFrame *f, TCGArg t, uint64_t v)
{
    if (bad_temp(f, t)) {
        f->bad = true;
        return;
    }
    const TCGTemp *ts = &f->p->temps[t];
    if (ts->type == TCG_TYPE_I32) {
        v = (uint32_t)v;
    }
    switch (ts->kind) {
    case TEMP_CONST:
    case TEMP_FIXED:
        f->bad = true;
        return;
    case TEMP_GLOBAL:
        if (!global_ok(f, ts)) {
            f->bad = true;
            return;
        }
        memcpy(f->env + ts->mem_offset, &v, ts->type == TCG_TYPE_I32 ? 4 : 8);
        return;
    default:
        f->regs[t] = v;
        return;
    }
}

/* The host address base + ofs, if size bytes there lie inside env. */
static uint8_t *env_ptr(TCIFrame *f, uint64_t base, TCGArg ofs, size_t size)
{
    uint64_t start = (uintptr_t)f->env;
    uint64_t a = base + ofs;
    if (a < start || a - start > f->p->env_size ||
        size > f->p->env_size - (a - start)) {
        f->bad = true;
        return NULL;
    }
    return f->env + (a - start);
}

static uint64_t load_host(const uint8_t *ptr, size_t size, bool sign)
{
    uint8_t b;
    uint16_t h;
    uint32_t w;
    uint64_t q;
    switch (size) {
    case 1:
        b = *ptr;
        return sign ? (uint64_t)(int8_t)b : b;
    case 2:
        memcpy(&h, ptr, 2);
        return sign ? (uint64_t)(int16_t)h : h;
    case 4:
        memcpy(&w, ptr, 4);
        return sign ? (uint64_t)(int32_t)w : w;
    default:
        memcpy(&q, ptr, 8);
        return q;
    }
}

static void store_host(uint8_t *ptr, size_t size, uint64_t v)
{
    uint8_t b = v;
    uint16_t h = v;
    uint32_t w = v;
    switch (size) {
    case 1:
        *ptr = b;
        break;
    case 2:
        memcpy(ptr, &h, 2);
        break;
    case 4:
        memcpy(ptr, &w, 4);
        break;
    default:
        memcpy(ptr, &v, 8);
        break;
    }
}

/* Size and signedness of the env load/store ops. */
static bool ldst_shape(TCGOpcode opc, size_t *size, bool *sign, bool *store)
{
    *sign = false;
    *store = false;
    switch (opc) {
    case INDEX_op_ld8s_i32:
    case INDEX_op_ld8s_i64:
        *sign = true;
        /* fall through */
    case INDEX_op_ld8u_i32:
    case INDEX_op_ld8u_i64:
        *size = 1;
        return true;
    case INDEX_op_ld16s_i32:
    case INDEX_op_ld16s_i64:
        *sign = true;
        /* fall through */
    case INDEX_op_ld16u_i32:
    case INDEX_op_ld16u_i64:
        *size = 2;
        return true;
    case INDEX_op_ld32s_i64:
        *sign = true;
        /* fall through */
    case INDEX_op_ld32u_i64:
    case INDEX_op_ld_i32:
        *size = 4;
        return true;
    case INDEX_op_ld_i64:
        *size = 8;
        return true;
    case INDEX_op_st8_i32:
    case INDEX_op_st8_i64:
        *size = 1;
        *store = true;
        return true;
    case INDEX_op_st16_i32:
    case INDEX_op_st16_i64:
        *size = 2;
        *store = true;
        return true;
    case INDEX_op_st_i32:
    case INDEX_op_st32_i64:
        *size = 4;
        *store = true;
        return true;
    case INDEX_op_st_i64:
        *size = 8;
        *store = true;
        return true;
    default:
        return false;
    }
}

static uint64_t call_helper(const TCGHelperInfo *info, const uint64_t *a)
{
    typedef uint64_t (*H0)(void);
    typedef uint64_t (*H1)(uint64_t);
    typedef uint64_t (*H2)(uint64_t, uint64_t);
    typedef uint64_t (*H3)(uint64_t, uint64_t, uint64_t);
    typedef uint64_t (*H4)(uint64_t, uint64_t, uint64_t, uint64_t);
    typedef uint64_t (*H5)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
    typedef uint64_t (*H6)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,
                           uint64_t);
    switch (info->nb_args) {
    case 0:
        return ((H0)info->func)();
    case 1:
        return ((H1)info->func)(a[0]);
    case 2:
        return ((H2)info->func)(a[0], a[1]);
    case 3:
        return ((H3)info->func)(a[0], a[1], a[2]);
    case 4:
        return ((H4)info->func)(a[0], a[1], a[2], a[3]);
    case 5:
        return ((H5)info->func)(a[0], a[1], a[2], a[3], a[4]);
    default:
        return ((H6)info->func)(a[0], a[1], a[2], a[3], a[4], a[5]);
    }
}

static TCIExit stop(TCIResult *res, TCIExit e, const char *error)
{
    res->exit = e;
    res->error = error;
    return e;
}

static int jump_target(const TCIProg *p, TCGArg id)
{
    return id < (TCGArg)p->nb_labels ? p->label_pos[id] : -1;
}

TCIExit tci_exec(const TCIProg *p, void *env, const TCIMemOps *mem,
                 void *opaque, TCIResult *res)
{
    uint64_t regs_buf[256];
    uint64_t *regs = regs_buf;
    size_t regs_len = G_N_ELEMENTS(regs_buf);
    TCIFrame f = {.env = env};
    TCIExit ret;

    memset(res, 0, sizeof(*res));
    res->goto_tb = -1;

chain:
    f.p = p;
    res->prog = p;
    tci_current = p;
    res->insn_index = -1;
    if ((size_t)p->nb_temps > regs_len) {
        regs = tci_big_regs(p->nb_temps, &regs_len);
    }
    /* Temps read before written are 0: deterministic, never garbage. */
    memset(regs, 0, sizeof(uint64_t) * p->nb_temps);
    f.regs = regs;

    for (int pc = 0; pc < p->nb_ops; pc++) {
        const TCGOp *op = &p->ops[pc];
        TCGOpcode opc = op->opc;
        if ((unsigned)opc >= NB_OPS) {
            ret = stop(res, TCI_EXIT_ERROR, "bad opcode");
            goto out;
        }
        int no = tcg_op_nb_oargs(op), ni = tcg_op_nb_iargs(op);
        const TCGArg *a = op->args;
        const TCGArg *c = a + no + ni;
        uint64_t in[TCG_MAX_OP_ARGS] = {0}, out[2];
        size_t size;
        bool sign, store;

        if (no + ni + tcg_op_nb_cargs(op) > TCG_MAX_OP_ARGS) {
            ret = stop(res, TCI_EXIT_ERROR, "bad argument count");
            goto out;
        }
        for (int i = 0; i < ni; i++) {
            in[i] = rd(&f, a[no + i]);
        }

        switch (opc) {
        case INDEX_op_nop:
        case INDEX_op_set_label:
        case INDEX_op_discard:
            break;
        case INDEX_op_mb:
            __atomic_thread_fence(__ATOMIC_SEQ_CST);
            break;
        case INDEX_op_insn_start:
            res->insn_index++;
            for (int i = 0; i < p->insn_start_words; i++) {
                res->insn_data[i] = a[i];
            }
            break;
        case INDEX_op_br:
        case INDEX_op_brcond_i32:
        case INDEX_op_brcond_i64:
            if (opc == INDEX_op_br ||
                tcg_eval_cond(c[0], in[0], in[1], tcg_op_is_64(opc))) {
                int t = jump_target(p, opc == INDEX_op_br ? a[0] : c[1]);
                if (t < 0) {
                    ret = stop(res, TCI_EXIT_ERROR, "branch to unset label");
                    goto out;
                }
                pc = t; /* the set_label itself; the loop steps past */
            }
            break;
        case INDEX_op_goto_tb:
            res->goto_tb = a[0] & 1;
            {
                TCIProg *next = __atomic_load_n(&p->jmp_dest[a[0] & 1],
                                                __ATOMIC_ACQUIRE);
                if (next) {
                    p = next;
                    goto chain;
                }
            }
            break;
        case INDEX_op_exit_tb:
            res->exit_val = a[0];
            ret = stop(res, TCI_EXIT_TB, NULL);
            goto out;
        case INDEX_op_goto_ptr:
            res->exit_val = in[0];
            ret = stop(res, TCI_EXIT_GOTO_PTR, NULL);
            goto out;
        case INDEX_op_call: {
            const TCGHelperInfo *info = (const TCGHelperInfo *)(uintptr_t)c[0];
            if (!info || info->nb_args != ni || ni > TCG_MAX_HELPER_ARGS) {
                ret = stop(res, TCI_EXIT_ERROR, "bad helper call");
                goto out;
            }
            uint64_t r = call_helper(info, in);
            if (no) {
                wr(&f, a[0], r);
            }
            break;
        }
        case INDEX_op_qemu_ld_i32:
        case INDEX_op_qemu_ld_i64: {
            MemOp mop = get_memop(c[0]);
            uint64_t v = 0;
            if (!mem || !mem->load(opaque, in[0], c[0], &v)) {
                ret = stop(res, TCI_EXIT_FAULT, NULL);
                goto out;
            }
            unsigned bits = 8u << (mop & MO_SIZE);
            if (bits < 64) {
                v &= (1ull << bits) - 1;
                if (mop & MO_SIGN) {
                    v = (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
                }
            }
            wr(&f, a[0], v);
            break;
        }
        case INDEX_op_qemu_st_i32:
        case INDEX_op_qemu_st_i64: {
            MemOp mop = get_memop(c[0]);
            unsigned bits = 8u << (mop & MO_SIZE);
            uint64_t v = bits < 64 ? in[0] & ((1ull << bits) - 1) : in[0];
            if (!mem || !mem->store(opaque, in[1], c[0], v)) {
                ret = stop(res, TCI_EXIT_FAULT, NULL);
                goto out;
            }
            break;
        }
        default:
            if (ldst_shape(opc, &size, &sign, &store)) {
                uint8_t *ptr = env_ptr(&f, in[store ? 1 : 0], c[0], size);
                if (!ptr) {
                    break;
                }
                if (store) {
                    store_host(ptr, size, in[0]);
                } else {
                    wr(&f, a[0], load_host(ptr, size, sign));
                }
                break;
            }
            if (!tcg_eval_op(opc, in, c, out)) {
                ret = stop(res, TCI_EXIT_ERROR, "op the interpreter lacks");
                goto out;
            }
            for (int i = 0; i < no; i++) {
                wr(&f, a[i], out[i]);
            }
            break;
        }
        if (f.bad) {
            ret = stop(res, TCI_EXIT_ERROR, "bad temp or env access");
            goto out;
        }
    }
    ret = stop(res, TCI_EXIT_ERROR, "fell off the end of the block");

out:
    tci_current = NULL;
    return ret;
}
