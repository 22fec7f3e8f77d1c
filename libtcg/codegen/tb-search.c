/*
 * Per-block data kept after tcg_gen_code(): the host code ranges of each
 * guest instruction (slow paths included) for tcg_host_tb_find_insn(), and
 * what goto_tb patching needs; plus the -d out_asm dump.
 */
#include "codegen-internal.h"

#include <inttypes.h>
#include <string.h>

#include "util/log.h"

void cg_search_build(CG *cg, TCGHostTB *out)
{
    CGSearch *sr = g_new0(CGSearch, 1);

    sr->buf = cg->o.buf;
    sr->nb_entries = cg->entries->len;
    sr->entries =
        g_memdup2(cg->entries->data, sizeof(CGSearchEntry) * cg->entries->len);
    sr->words = TCG_MAX_INSN_START_WORDS;
    sr->nb_insns = cg->insn_data->len / TCG_MAX_INSN_START_WORDS;
    sr->data =
        g_memdup2(cg->insn_data->data, sizeof(uint64_t) * cg->insn_data->len);
    out->search = sr;
}

void tcg_host_tb_free(TCGHostTB *tb)
{
    CGSearch *sr = tb->search;
    if (sr) {
        g_free(sr->entries);
        g_free(sr->data);
        g_free(sr);
        tb->search = NULL;
    }
}

bool tcg_host_tb_find_insn(const TCGHostTB *tb, uintptr_t host_pc, int *index,
                           uint64_t data[TCG_MAX_INSN_START_WORDS])
{
    const CGSearch *sr = tb->search;
    uintptr_t code = (uintptr_t)tb->code;

    if (!sr || host_pc <= code || host_pc > code + tb->size) {
        return false;
    }
    /* A return address: the call itself ends just before it. */
    uint32_t off = host_pc - code - 1;
    int lo = 0, hi = sr->nb_entries - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        const CGSearchEntry *e = &sr->entries[mid];
        if (off < e->start) {
            hi = mid - 1;
        } else if (off >= e->end) {
            lo = mid + 1;
        } else {
            if (e->insn < 0 || e->insn >= sr->nb_insns) {
                return false;
            }
            *index = e->insn;
            memcpy(data, &sr->data[e->insn * sr->words],
                   sizeof(uint64_t) * sr->words);
            return true;
        }
    }
    return false;
}

void tcg_host_tb_set_jump(TCGHostTB *from, unsigned n, const void *dest)
{
    CGSearch *sr = from->search;
    if (!sr || n > 1 || from->jmp_insn_offset[n] == UINT32_MAX) {
        return;
    }
    uintptr_t code = (uintptr_t)from->code;
    uintptr_t target =
        dest ? (uintptr_t)dest : code + from->jmp_reset_offset[n];
    uintptr_t next = code + from->jmp_insn_offset[n] + 5;
    uint32_t disp = (uint32_t)(target - next);
    uint8_t *rw = sr->buf->rw + (code - (uintptr_t)sr->buf->rx) +
                  from->jmp_insn_offset[n] + 1;

    cg_buffer_begin_write(sr->buf);
    __atomic_store_n((uint32_t *)rw, disp, __ATOMIC_RELEASE);
    cg_buffer_end_write(sr->buf);
}

/* QEMU's layout without a disassembler: address, then the bytes. */
void cg_log_out_asm(const TCGHostTB *tb)
{
    const uint8_t *p = tb->code;
    GString *s = g_string_new(NULL);

    g_string_append_printf(s, "OUT: [size=%u]\n", tb->size);
    for (uint32_t i = 0; i < tb->size; i += 16) {
        g_string_append_printf(s, "  0x%016" PRIxPTR ":  ", (uintptr_t)(p + i));
        for (uint32_t k = i; k < i + 16 && k < tb->size; k++) {
            g_string_append_printf(s, "%02x ", p[k]);
        }
        g_string_append_c(s, '\n');
    }
    g_string_append_c(s, '\n');
    qemu_log("%s", s->str);
    g_string_free(s, TRUE);
}
