/*
 * The atomic guest: every CPU hammers the same memory with locked
 * read-modify-write instructions, which must not lose updates (Intel SDM
 * vol. 3A, 9.1.2.2: a LOCK-prefixed instruction, and XCHG with memory,
 * has exclusive use of the memory it reads and writes).
 *
 * The BSP starts the APs as the smp guest does (guests/smp, whose
 * trampoline calls ap_main() here).  Then, phase by phase, every CPU
 * runs the same loop "iters" times (-append iters=N, default 100000) and
 * the BSP checks the totals:
 *
 * - lock inc, lock add/sub/adc/sbb (32, 16 and 8 bits) on shared counters;
 * - lock xadd: the counter, and the sum of the old values it handed out
 *   (each value handed out exactly once);
 * - lock cmpxchg and cmpxchg8b increment loops (the 64-bit counter
 *   crosses 2^32);
 * - xchg (implicitly locked) and lock bts spin locks around plain
 *   increments;
 * - lock bts/btr/btc on one bit per CPU of a shared word: each must find
 *   its bit as it left it; lock or/and/xor likewise, the word 0 at the end;
 * - lock not/neg an even number of times: the value comes back;
 * - cross-CPU self-modifying code: the BSP rewrites the immediate of a
 *   function an AP has run, which must then see every new value (SDM
 *   vol. 3A, 8.1.3, cross-modifying code, with CPUID to serialize); with
 *   "smcrace", also while the AP keeps calling it;
 * - device DMA (fw_cfg) over code that has run.
 *
 * Prints "atomic: NAME ok" per check, then "atomic: all passed" and
 * guest_exit(0); a failed check prints what it found and ends with
 * guest_exit(1), as does a phase that does not finish within its time.
 */
#include <stdint.h>

#include "guest.h"
#include "../smp/smp.h"

void guest_main(uint32_t magic, uint32_t info);

/* A phase may take long under an interpreter on a loaded host. */
#define PHASE_TIMEOUT_MS 120000u

#define SMC_VERSIONS 16

enum {
    PH_INC,
    PH_ADD,
    PH_XADD,
    PH_CMPXCHG,
    PH_CMPXCHG8B,
    PH_XCHG_LOCK,
    PH_BTS_LOCK,
    PH_BITS,
    PH_LOGIC,
    PH_NOTNEG,
    PH_SMC,
    PH_SMC_RACE,
    PH_COUNT,
};

static uint32_t ncpus, iters;
static int smc_race;

/* Phase handshake with plain stores only, so broken atomics cannot hang
 * it: each CPU writes its own slot, the BSP alone writes go. */
static volatile uint32_t arrived[SMP_MAX_CPUS];
static volatile uint32_t go;
static volatile uint32_t up[SMP_MAX_CPUS];

/* The shared data, each on a cache line of its own. */
#define LINE __attribute__((aligned(64)))
static volatile uint32_t cnt_inc LINE;
static volatile uint32_t cnt_add LINE;
static volatile uint16_t cnt_add16 LINE;
static volatile uint8_t cnt_add8 LINE;
static volatile uint32_t cnt_xadd LINE;
static uint64_t xadd_sum[SMP_MAX_CPUS] LINE;
static volatile uint32_t cnt_cas LINE;
static volatile uint64_t cnt_cas8b LINE;
static volatile uint32_t xchg_lock LINE;
static volatile uint32_t xchg_a LINE, xchg_b;
static volatile uint32_t bts_lock LINE;
static volatile uint32_t bts_a LINE;
static volatile uint32_t bit_word LINE;
static volatile uint32_t bit_errors[SMP_MAX_CPUS] LINE;
static volatile uint32_t logic_word LINE;
static volatile uint32_t notneg_a LINE, notneg_b;

/*
 * The function the SMC phase rewrites, alone on its page with data the
 * BSP writes first, so that the BSP holds a writable mapping of the page
 * before any CPU runs code from it.
 */
uint32_t smc_func(void);
extern uint8_t smc_func_imm[];
extern volatile uint32_t smc_page_data;
__asm__(".data\n"
        ".balign 4096\n"
        ".globl smc_page_data, smc_func, smc_func_imm\n"
        "smc_page_data:\n"
        "    .long 0\n"
        "smc_func:\n"
        "    .byte 0xb8\n" /* mov $imm32, %eax */
        "smc_func_imm:\n"
        "    .long 0\n"
        "    ret\n"
        ".globl dma_func, dma_func_imm\n"
        "dma_func:\n"
        "    .byte 0xb8\n"
        "dma_func_imm:\n"
        "    .long 0\n"
        "    ret\n"
        ".balign 4096\n"
        ".text\n");
uint32_t dma_func(void);
extern uint8_t dma_func_imm[];
static volatile uint32_t smc_version, smc_seen, smc_ready, smc_stale;

/* CPUID serializes: code written by another CPU is fetched afresh. */
static inline void serialize(void)
{
    uint32_t a = 0, b, c = 0, d;

    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d)::"memory");
}

/* ---- The loops every CPU runs ---- */

static void run_inc(void)
{
    for (uint32_t i = 0; i < iters; i++) {
        __asm__ volatile("lock incl %0" : "+m"(cnt_inc));
    }
}

/* +3 -1, CF=1 with +0 (+1), CF=1 with -(-2) (+1): +4 a round. */
static void run_add(void)
{
    for (uint32_t i = 0; i < iters; i++) {
        __asm__ volatile("lock addl $3, %0\n\t"
                         "lock subl $1, %0\n\t"
                         "stc\n\t"
                         "lock adcl $0, %0\n\t"
                         "stc\n\t"
                         "lock sbbl $-2, %0\n\t"
                         "lock addw $1, %1\n\t"
                         "lock addb $1, %2"
                         : "+m"(cnt_add), "+m"(cnt_add16), "+m"(cnt_add8)
                         :
                         : "cc");
    }
}

static void run_xadd(uint32_t me)
{
    uint64_t sum = 0;

    for (uint32_t i = 0; i < iters; i++) {
        uint32_t v = 1;

        __asm__ volatile("lock xaddl %0, %1" : "+r"(v), "+m"(cnt_xadd));
        sum += v;
    }
    xadd_sum[me] = sum;
}

static void run_cmpxchg(void)
{
    for (uint32_t i = 0; i < iters; i++) {
        uint32_t old = cnt_cas;
        uint8_t ok;

        do {
            __asm__ volatile("lock cmpxchgl %3, %1\n\t"
                             "sete %2"
                             : "+a"(old), "+m"(cnt_cas), "=q"(ok)
                             : "r"(old + 1)
                             : "cc");
        } while (!ok);
    }
}

static void run_cmpxchg8b(void)
{
    for (uint32_t i = 0; i < iters; i++) {
        uint64_t old = cnt_cas8b;
        uint8_t ok;

        do {
            uint64_t nv = old + 1;

            __asm__ volatile("lock cmpxchg8b %1\n\t"
                             "sete %2"
                             : "+A"(old), "+m"(cnt_cas8b), "=q"(ok)
                             : "b"((uint32_t)nv), "c"((uint32_t)(nv >> 32))
                             : "cc");
        } while (!ok);
    }
}

static void run_xchg_lock(void)
{
    for (uint32_t i = 0; i < iters; i++) {
        uint32_t v;

        do {
            v = 1;
            __asm__ volatile("xchgl %0, %1" : "+r"(v), "+m"(xchg_lock));
        } while (v);
        xchg_a = xchg_a + 1;
        xchg_b = xchg_b + 2;
        __asm__ volatile("" ::: "memory");
        xchg_lock = 0;
    }
}

static void run_bts_lock(void)
{
    for (uint32_t i = 0; i < iters; i++) {
        uint8_t taken;

        do {
            __asm__ volatile("lock btsl $0, %0\n\t"
                             "setc %1"
                             : "+m"(bts_lock), "=q"(taken)
                             :
                             : "cc", "memory");
        } while (taken);
        bts_a = bts_a + 1;
        __asm__ volatile("lock btrl $0, %0" : "+m"(bts_lock)::"cc", "memory");
    }
}

/* One bit per CPU (and one 16 above it): each finds it as it left it. */
static void run_bits(uint32_t me)
{
    uint32_t errors = 0, hi = me + 16;

    for (uint32_t i = 0; i < iters; i++) {
        uint8_t a, b, c, d;

        __asm__ volatile("lock btsl %4, %0\n\t"
                         "setc %1\n\t"
                         "lock btrl %4, %0\n\t"
                         "setc %2\n\t"
                         "lock btcl %5, %0\n\t"
                         "setc %3"
                         : "+m"(bit_word), "=&q"(a), "=&q"(b), "=&q"(c)
                         : "r"(me), "r"(hi)
                         : "cc");
        __asm__ volatile("lock btcl %2, %0\n\t"
                         "setc %1"
                         : "+m"(bit_word), "=q"(d)
                         : "r"(hi)
                         : "cc");
        errors += a != 0;
        errors += b != 1;
        errors += c != 0;
        errors += d != 1;
    }
    bit_errors[me] = errors;
}

static void run_logic(uint32_t me)
{
    uint32_t bit = 1u << me, other = 1u << (me + 16);

    for (uint32_t i = 0; i < iters; i++) {
        __asm__ volatile("lock orl %1, %0\n\t"
                         "lock xorl %2, %0\n\t"
                         "lock andl %3, %0\n\t"
                         "lock xorl %2, %0"
                         : "+m"(logic_word)
                         : "r"(bit), "r"(other), "r"(~bit)
                         : "cc");
    }
}

static void run_notneg(void)
{
    for (uint32_t i = 0; i < iters; i++) {
        __asm__ volatile("lock notl %0\n\t"
                         "lock negl %1\n\t"
                         "lock notl %0\n\t"
                         "lock negl %1"
                         : "+m"(notneg_a), "+m"(notneg_b)
                         :
                         : "cc");
    }
}

/*
 * Cross-modifying code as the SDM (vol. 3A, 8.1.3) has it: the reader
 * (the first AP) has run the old code, waits without running it while
 * the BSP rewrites it, sees the BSP's flag, serializes, and must then
 * run the new code.  With "smcrace" on the command line a second round
 * keeps calling the function while the BSP rewrites it, until it returns
 * each new value (QEMU 7.2 can keep a block of the old code for good
 * there: it invalidates before it stores).
 */
static void run_smc_reader(uint32_t base, int race)
{
    smc_func();
    smc_ready = 1;
    for (uint32_t k = 1; k <= SMC_VERSIONS; k++) {
        uint32_t want = base + k, r;

        for (;;) {
            uint32_t v = smc_version;

            serialize();
            r = race ? smc_func() : 0;
            if (v >= want && (!race || r == v)) {
                break;
            }
            cpu_relax();
        }
        if (!race) {
            r = smc_func();
            if (r != want) {
                smc_stale++;
            }
        }
        smc_seen = k;
    }
}

static uint32_t wait_version;

static int smc_reader_ready(void)
{
    return smc_ready;
}

static int smc_acked(void)
{
    return smc_seen >= wait_version;
}

/* BSP: rewrite the immediate, announce it, wait for the reader. */
static int run_smc_writer(uint32_t base)
{
    if (!wait_ms(PHASE_TIMEOUT_MS, smc_reader_ready)) {
        return 0;
    }
    for (uint32_t v = 1; v <= SMC_VERSIONS; v++) {
        /* Data stores beside the code: they must not disturb it. */
        for (uint32_t i = 0; i < 100; i++) {
            smc_page_data = i;
        }
        *(volatile uint32_t *)smc_func_imm = base + v;
        smc_version = base + v;
        wait_version = v;
        if (!wait_ms(PHASE_TIMEOUT_MS, smc_acked)) {
            return 0;
        }
    }
    return !smc_stale;
}

static void run_phase(uint32_t phase, uint32_t me)
{
    switch (phase) {
    case PH_INC:
        run_inc();
        break;
    case PH_ADD:
        run_add();
        break;
    case PH_XADD:
        run_xadd(me);
        break;
    case PH_CMPXCHG:
        run_cmpxchg();
        break;
    case PH_CMPXCHG8B:
        run_cmpxchg8b();
        break;
    case PH_XCHG_LOCK:
        run_xchg_lock();
        break;
    case PH_BTS_LOCK:
        run_bts_lock();
        break;
    case PH_BITS:
        run_bits(me);
        break;
    case PH_LOGIC:
        run_logic(me);
        break;
    case PH_NOTNEG:
        run_notneg();
        break;
    case PH_SMC:
    case PH_SMC_RACE:
        if (me == 1 && (phase == PH_SMC || smc_race)) {
            run_smc_reader(phase == PH_SMC ? 0 : SMC_VERSIONS,
                           phase == PH_SMC_RACE);
        }
        break;
    }
}

/* ---- Phases ---- */

void ap_main(void)
{
    uint32_t me = lapic_id(), phase = 0;

    up[me] = 1;
    for (;;) {
        while (go <= phase) {
            cpu_relax();
        }
        run_phase(phase, me);
        phase++;
        arrived[me] = phase;
    }
}

static uint32_t wait_phase;

static int all_arrived(void)
{
    for (uint32_t i = 0; i < ncpus; i++) {
        if (arrived[i] < wait_phase) {
            return 0;
        }
    }
    return 1;
}

static int all_up(void)
{
    for (uint32_t i = 0; i < ncpus; i++) {
        if (!up[i]) {
            return 0;
        }
    }
    return 1;
}

static uint32_t failures;

static void check(const char *what, uint64_t got, uint64_t want)
{
    serial_puts("atomic: ");
    serial_puts(what);
    if (got == want) {
        serial_puts(" ok\n");
        return;
    }
    serial_puts(" FAILED: 0x");
    serial_put_hex(got >> 32);
    serial_put_hex(got);
    serial_puts(", expected 0x");
    serial_put_hex(want >> 32);
    serial_put_hex(want);
    serial_putc('\n');
    failures++;
}

static void check_phase(uint32_t phase)
{
    uint64_t total = (uint64_t)ncpus * iters, sum = 0;
    uint32_t errors = 0;

    switch (phase) {
    case PH_INC:
        check("lock inc", cnt_inc, total);
        break;
    case PH_ADD:
        check("lock add/sub/adc/sbb", cnt_add, (uint32_t)(4 * total));
        check("lock add 16-bit", cnt_add16, (uint16_t)total);
        check("lock add 8-bit", cnt_add8, (uint8_t)total);
        break;
    case PH_XADD:
        for (uint32_t i = 0; i < ncpus; i++) {
            sum += xadd_sum[i];
        }
        check("lock xadd", cnt_xadd, total);
        check("lock xadd old values", sum, total * (total - 1) / 2);
        break;
    case PH_CMPXCHG:
        check("lock cmpxchg", cnt_cas, total);
        break;
    case PH_CMPXCHG8B:
        check("lock cmpxchg8b", cnt_cas8b, 0xfffff000ull + total);
        break;
    case PH_XCHG_LOCK:
        check("xchg lock", xchg_a, total);
        check("xchg lock (second word)", xchg_b, 2 * total);
        break;
    case PH_BTS_LOCK:
        check("lock bts lock", bts_a, total);
        break;
    case PH_BITS:
        for (uint32_t i = 0; i < ncpus; i++) {
            errors += bit_errors[i];
        }
        check("lock bts/btr/btc", errors, 0);
        check("lock bts/btr/btc word", bit_word, 0);
        break;
    case PH_LOGIC:
        check("lock or/and/xor", logic_word, 0);
        break;
    case PH_NOTNEG:
        check("lock not", notneg_a, 0x12345678);
        check("lock neg", notneg_b, 0x9abcdef0);
        break;
    case PH_SMC:
    case PH_SMC_RACE:
        break;
    }
}

/*
 * A device's DMA over translated code (QEMU docs/specs/fw_cfg.rst, DMA
 * interface): fw_cfg writes its signature "QEMU" over the immediate of a
 * function that has run; the next call must return it.
 */
#define FW_CFG_DMA_PORT 0x514
#define FW_CFG_DMA_CTL_READ 0x02
#define FW_CFG_DMA_CTL_SELECT 0x08

static volatile struct {
    uint32_t control, length; /* big-endian */
    uint32_t addr_hi, addr_lo;
} __attribute__((aligned(16))) dma_access;

static void check_dma_over_code(void)
{
    uint32_t before = dma_func();

    dma_access.control = __builtin_bswap32(
        FW_CFG_SIGNATURE << 16 | FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_READ);
    dma_access.length = __builtin_bswap32(4);
    dma_access.addr_hi = 0;
    dma_access.addr_lo = __builtin_bswap32((uint32_t)dma_func_imm);
    outl(FW_CFG_DMA_PORT, 0);
    outl(FW_CFG_DMA_PORT + 4, __builtin_bswap32((uint32_t)&dma_access));
    check("dma over code", (uint64_t)before << 32 | dma_func(), 0x554d4551);
}

void guest_main(uint32_t magic, uint32_t info)
{
    const char *cmdline = multiboot_cmdline(magic, info);

    iters = cmdline_uint(cmdline, "iters", 100000);
    smc_race = cmdline_has_word(cmdline, "smcrace");
    ncpus = fw_cfg_nb_cpus();
    if (ncpus < 1 || ncpus > SMP_MAX_CPUS) {
        serial_puts("atomic: unsupported cpu count\n");
        guest_exit(1);
    }
    pm_io_enable();
    cnt_cas8b = 0xfffff000ull;
    notneg_a = 0x12345678;
    notneg_b = 0x9abcdef0;
    /* A writable mapping of the SMC page before any code runs from it. */
    smc_page_data = 1;
    up[0] = 1;
    if (ncpus > 1) {
        smp_start_aps(all_up);
    }
    if (!wait_ms(PHASE_TIMEOUT_MS, all_up)) {
        serial_puts("atomic: the APs did not start\n");
        guest_exit(1);
    }
    serial_puts("atomic: ");
    serial_put_dec(ncpus);
    serial_puts(" cpus, ");
    serial_put_dec(iters);
    serial_puts(" iterations each\n");
    for (uint32_t phase = 0; phase < PH_COUNT; phase++) {
        int ok;

        if (phase == PH_SMC_RACE) {
            smc_ready = 0;
            smc_seen = 0;
        }
        go = phase + 1;
        if ((phase == PH_SMC || (phase == PH_SMC_RACE && smc_race)) &&
            ncpus > 1) {
            ok = run_smc_writer(phase == PH_SMC ? 0 : SMC_VERSIONS);
            serial_puts(phase == PH_SMC ? "atomic: cross-cpu smc"
                                        : "atomic: cross-cpu smc, racing");
            serial_puts(ok ? " ok\n" : " FAILED: stale code\n");
            failures += !ok;
        } else {
            run_phase(phase, 0);
        }
        arrived[0] = phase + 1;
        wait_phase = phase + 1;
        if (!wait_ms(PHASE_TIMEOUT_MS, all_arrived)) {
            serial_puts("atomic: timeout in phase ");
            serial_put_dec(phase);
            serial_putc('\n');
            guest_exit(1);
        }
        check_phase(phase);
    }
    check_dma_over_code();
    if (failures) {
        serial_puts("atomic: ");
        serial_put_dec(failures);
        serial_puts(" checks failed\n");
        guest_exit(1);
    }
    serial_puts("atomic: all passed\n");
    guest_exit(0);
}
