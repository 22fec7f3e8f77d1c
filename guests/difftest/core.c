/*
 * Running one sequence, shared by the native harness and the guest:
 * memory from the record's seed, code plus a jump back to
 * difftest_return, and the result line.
 */
#include "difftest.h"

#define DT_JMP_REL32 0xe9
#define DT_TRAILER_LEN 5

DtState dt_in, dt_out;
uint32_t dt_entry = DT_CODE_ADDR;

static uint32_t xorshift32(uint32_t *s)
{
    uint32_t x = *s;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *s = x;
    return x;
}

static uint32_t rd32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

const uint8_t *dt_prepare(const uint8_t *r, const uint8_t *end)
{
    uint32_t *mem = (uint32_t *)DT_MEM_ADDR;
    uint8_t *code = (uint8_t *)DT_CODE_ADDR;
    uint32_t seed, len, rel;

    if (end - r < (long)sizeof(DtRecord)) {
        return 0;
    }
    len = rd32(r + __builtin_offsetof(DtRecord, code_len));
    if (len > DT_CODE_SIZE - DT_TRAILER_LEN ||
        (uint32_t)(end - r) - sizeof(DtRecord) < ((len + 3) & ~3u)) {
        return 0;
    }
    seed = rd32(r) | 1; /* xorshift's state must not be 0 */
    for (uint32_t i = 0; i < DT_MEM_SIZE / 4; i++) {
        mem[i] = xorshift32(&seed);
    }
    for (uint32_t i = 0; i < len; i++) {
        code[i] = r[sizeof(DtRecord) + i];
    }
    rel = (uint32_t)(uintptr_t)difftest_return - (DT_CODE_ADDR + len +
                                                   DT_TRAILER_LEN);
    code[len] = DT_JMP_REL32;
    for (int i = 0; i < 4; i++) {
        code[len + 1 + i] = (uint8_t)(rel >> (8 * i));
    }
    for (int i = 0; i < DT_NREGS; i++) {
        dt_in.regs[i] = rd32(r + 4 + 4 * i);
    }
    dt_in.regs[DT_ESP_REG] = DT_ESP;
    dt_in.regs[DT_EBP_REG] = DT_EBP;
    /* Bit 1 is always set; nothing outside the arithmetic flags and DF. */
    dt_in.eflags = (rd32(r + __builtin_offsetof(DtRecord, eflags)) &
                    DT_FLAGS_MASK) | 2;
    return r + sizeof(DtRecord) + ((len + 3) & ~3u);
}

/* FNV-1a, a word at a time. */
static uint32_t mem_checksum(void)
{
    const uint32_t *mem = (const uint32_t *)DT_MEM_ADDR;
    uint32_t h = 2166136261u;

    for (uint32_t i = 0; i < DT_MEM_SIZE / 4; i++) {
        h = (h ^ mem[i]) * 16777619u;
    }
    return h;
}

static char *put_hex(char *p, uint32_t v)
{
    for (int shift = 28; shift >= 0; shift -= 4) {
        *p++ = "0123456789abcdef"[(v >> shift) & 15];
    }
    return p;
}

static char *put_str(char *p, const char *s)
{
    while (*s) {
        *p++ = *s++;
    }
    return p;
}

int dt_format(char *buf, uint32_t index, const uint8_t *r, int fault)
{
    char *p = put_hex(buf, index);

    if (fault >= 0) {
        p = put_str(p, " fault ");
        p = put_hex(p, (uint32_t)fault);
    } else {
        uint32_t mask = rd32(r + __builtin_offsetof(DtRecord, flags_mask));

        for (int i = 0; i < DT_NREGS; i++) {
            *p++ = ' ';
            p = put_hex(p, dt_out.regs[i]);
        }
        *p++ = ' ';
        p = put_hex(p, dt_out.eflags & mask & DT_FLAGS_MASK);
        *p++ = ' ';
        p = put_hex(p, mem_checksum());
    }
    *p++ = '\n';
    *p = 0;
    return (int)(p - buf);
}
