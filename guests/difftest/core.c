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
int dt_x87, dt_faults, dt_fpu_on;
uint32_t dt_fault_err, dt_fault_eip, dt_fault_cr2;

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
    /* faulting accesses reach the rest of the page: defined contents */
    for (uint32_t i = DT_MEM_SIZE / 4; dt_faults && i < 0x1000 / 4; i++) {
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

/*
 * FNV-1a, a word at a time; with faults the whole page, and the bytes in
 * [skip, skip + 32) read as 0: the guest's exception frame and its stub's
 * vector land right below ESP (ring 0 to ring 0, no stack switch), the
 * harness's signal frame elsewhere.
 */
static uint32_t mem_checksum(uint32_t skip)
{
    const uint32_t *mem = (const uint32_t *)DT_MEM_ADDR;
    uint32_t h = 2166136261u;

    for (uint32_t i = 0; i < (dt_faults ? 0x1000u : DT_MEM_SIZE) / 4; i++) {
        uint32_t w = mem[i], a = DT_MEM_ADDR + 4 * i;

        for (uint32_t k = 0; k < 4; k++) {
            if (a + k - skip < 32) {
                w &= ~(0xffu << (8 * k));
            }
        }
        h = (h ^ w) * 16777619u;
    }
    return h;
}

/*
 * The FPU as FNSAVE left it: control and status word, tag word, and
 * FNV-1a over the registers in use (from ST(0)).  FIP, FDP, their
 * selectors and FOP are left out: the selectors differ between ring 3
 * and the guest, and CPUs may leave the rest stale (Intel's FOP and FDP
 * deprecation; AMD saves them only with an exception pending).
 */
static uint32_t fpu_checksum(void)
{
    const uint8_t *st = (const uint8_t *)&dt_fpu[7];
    uint32_t tw = dt_fpu[2], top = (dt_fpu[1] >> 11) & 7;
    uint32_t h = 2166136261u;

    for (uint32_t i = 0; i < 8; i++) {
        if (((tw >> (2 * ((top + i) & 7))) & 3) == 3) {
            continue;
        }
        for (int k = 0; k < 10; k++) {
            h = (h ^ st[10 * i + k]) * 16777619u;
        }
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
    }
    if (fault >= 0 && dt_faults) {
        /* where and with what, then the state as below */
        /* #PF's U/S bit: the harness runs in ring 3, the guest in 0 */
        *p++ = ' ';
        p = put_hex(p, fault == 14 ? dt_fault_err & ~4u : dt_fault_err);
        *p++ = ' ';
        p = put_hex(p, dt_fault_eip);
        *p++ = ' ';
        p = put_hex(p, fault == 14 ? dt_fault_cr2 : 0);
    }
    if (fault < 0 || dt_faults) {
        uint32_t mask = rd32(r + (fault >= 0
                                      ? __builtin_offsetof(DtRecord, fault_mask)
                                      : __builtin_offsetof(DtRecord,
                                                           flags_mask)));

        for (int i = 0; i < DT_NREGS; i++) {
            *p++ = ' ';
            p = put_hex(p, dt_out.regs[i]);
        }
        *p++ = ' ';
        p = put_hex(p, dt_out.eflags & mask & DT_FLAGS_MASK);
        *p++ = ' ';
        p = put_hex(p, mem_checksum(fault >= 0 ? dt_out.regs[DT_ESP_REG] - 32
                                               : 0));
        if (dt_x87) {
            *p++ = ' ';
            p = put_hex(p, (dt_fpu[0] & 0xffff) << 16 | (dt_fpu[1] & 0xffff));
            *p++ = ' ';
            p = put_hex(p, dt_fpu[2] & 0xffff);
            *p++ = ' ';
            p = put_hex(p, fpu_checksum());
        }
    }
    *p++ = '\n';
    *p = 0;
    return (int)(p - buf);
}
