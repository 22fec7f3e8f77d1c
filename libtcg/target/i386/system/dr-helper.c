/*
 * MOV to and from the debug registers DR0-DR7 (Intel SDM vol. 2B,
 * "MOV-Move to/from Debug Registers"; vol. 3A, 18.2).  The registers
 * hold their values; the breakpoints they describe are not implemented
 * (a write enabling one logs LOG_UNIMP), and neither is DR7.GD.
 */
#include <inttypes.h>

#include "x86-system.h"

/* DR7's enable bits L0-G3. */
#define DR7_ENABLE_MASK 0xff
/* Bits of DR6 and DR7 that read as 1, as 0 (SDM vol. 3A, 18.2.3-4). */
#define DR6_ZERO_MASK 0x00001000u
#define DR7_ZERO_MASK 0x0000d800u

/* DR4 and DR5 alias DR6 and DR7 unless CR4.DE makes them #UD. */
static int dr_index(CPUX86State *env, uint64_t reg)
{
    if (reg == 4 || reg == 5) {
        if (env->cr[4] & CR4_DE_MASK) {
            raise_exception(env, EXCP06_ILLOP);
        }
        return reg + 2;
    }
    return reg;
}

uint64_t helper_read_drN(uint64_t env_, uint64_t reg)
{
    CPUX86State *env = (CPUX86State *)(uintptr_t)env_;

    return (uint32_t)env->dr[dr_index(env, reg)];
}

uint64_t helper_write_drN(uint64_t env_, uint64_t reg, uint64_t val)
{
    CPUX86State *env = (CPUX86State *)(uintptr_t)env_;
    int i = dr_index(env, reg);

    val = (uint32_t)val;
    if (i == 6) {
        val = (val | DR6_FIXED_1) & ~(uint64_t)DR6_ZERO_MASK;
    } else if (i == 7) {
        val = (val | DR7_FIXED_1) & ~(uint64_t)DR7_ZERO_MASK;
        if (val & DR7_ENABLE_MASK) {
            qemu_log_mask(LOG_UNIMP,
                          "DR7=0x%" PRIx64 ": hardware breakpoints are not "
                          "implemented, they will not trigger\n",
                          val);
        }
    }
    env->dr[i] = val;
    return 0;
}

const TCGHelperInfo helper_info_read_drN = {
    .func = (void (*)(void))helper_read_drN,
    .name = "read_drN",
    .nb_args = 2,
    .has_ret = true,
    .ret_type = TCG_TYPE_I32,
};

const TCGHelperInfo helper_info_write_drN = {
    .func = (void (*)(void))helper_write_drN,
    .name = "write_drN",
    .nb_args = 3,
};
