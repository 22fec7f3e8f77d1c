/*
 * The apic guest: the local APIC (Intel SDM vol. 3A, chapter 10) as
 * software sees it, on the BSP and on one AP.
 *
 * ID and version registers; TPR, PPR and an interrupt held in IRR by
 * the TPR; EOI, ISR and IRR around a self-IPI sent with interrupts off
 * (two sends of one vector merging into one delivery), and two pending
 * vectors taken highest class first; the spurious-vector register; LVT
 * mask bits stuck while the APIC is software-disabled; the timer in
 * one-shot mode (one interrupt, the current count falling to 0), in
 * periodic mode (several, none after it is stopped), the divide
 * configuration (the count falls much faster dividing by 1 than by
 * 128) and, where CPUID offers it, TSC-deadline mode; the error status
 * register.  With -append sdm, two SDM behaviours QEMU 7.2 lacks: the
 * LVT masked when software disables the APIC, and the ESR bit and the
 * error LVT's interrupt for an IPI with an illegal vector.  Then
 * the BSP starts CPU 1 with INIT/SIPI (guests/smp's trampoline) and
 * sends it a fixed IPI, an NMI, lowest-priority IPIs (to CPU 1 alone,
 * and to both CPUs, which exactly one must take) through logical
 * destinations.  Timing is loose: waits are bounded by the ACPI PM
 * timer and checks are on counts and order, never on durations.
 *
 * Needs -smp 2 for the IPI checks (with one CPU they are skipped).
 * Prints "apic: N checks passed" and leaves with guest_exit(0), or
 * reports each failed check and leaves with guest_exit(1).
 */
#include <stdint.h>

#include "guest.h"
#include "../smp/smp.h"

void guest_main(uint32_t magic, uint32_t info);

/* More local APIC registers (SDM vol. 3A, table 10-1; smp.h has some). */
#define LAPIC_VERSION 0x30
#define LAPIC_TPR 0x80
#define LAPIC_PPR 0xa0
#define LAPIC_EOI 0xb0
#define LAPIC_LDR 0xd0
#define LAPIC_DFR 0xe0
#define LAPIC_ISR 0x100
#define LAPIC_IRR 0x200
#define LAPIC_ESR 0x280
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_LVT_ERROR 0x370
#define LAPIC_TIMER_INITIAL 0x380
#define LAPIC_TIMER_CURRENT 0x390
#define LAPIC_TIMER_DIVIDE 0x3e0

#define LVT_MASKED (1u << 16)
#define LVT_TIMER_PERIODIC (1u << 17)
#define LVT_TIMER_TSC_DEADLINE (2u << 17)
#define ICR_FIXED (0u << 8)
#define ICR_LOWEST (1u << 8)
#define ICR_NMI (4u << 8)
#define ICR_LOGICAL (1u << 11)
#define ICR_SELF (1u << 18)
#define ESR_SEND_ILLEGAL_VECTOR (1u << 5)
#define DIVIDE_BY_1 0xb
#define DIVIDE_BY_16 0x3
#define DIVIDE_BY_128 0xa
#define MSR_TSC_DEADLINE 0x6e0

#define VEC_NMI 2
#define VEC_TIMER 0x40
#define VEC_SELF 0x41
#define VEC_AP 0x42
#define VEC_LOWEST 0x43
#define VEC_LOW_CLASS 0x47  /* class 4 */
#define VEC_MERGE 0x48      /* class 4 */
#define VEC_HIGH_CLASS 0x61 /* class 6 */
#define VEC_ERROR 0xfe
#define VEC_SPURIOUS 0xff

#define WAIT_MS 5000u

static GuestChecks checks = {"apic", 0, 0};

/* What the interrupt handlers saw, per CPU (index: APIC ID 0 or 1). */
static volatile uint32_t count[2][256];
static volatile uint32_t order[8], order_n;
static volatile uint32_t isr_in_handler, ppr_in_handler;
static volatile uint32_t ap_up, ap_id;

static int vec_bit(uint32_t base, int vec)
{
    return (lapic_read(base + 0x10 * (vec / 32)) >> (vec % 32)) & 1;
}

/*
 * Wait with interrupts on until *counter >= want or ms have passed;
 * returns *counter.  The 24-bit PM timer's wraps are summed away.
 */
static uint32_t wait_count(volatile uint32_t *counter, uint32_t want,
                           uint32_t ms)
{
    uint32_t last = pm_timer(), elapsed = 0;

    while (*counter < want && elapsed < ms * PM_TICKS_PER_MS) {
        uint32_t now;

        __asm__ volatile("sti; nop; pause" ::: "memory");
        now = pm_timer();
        elapsed += (now - last) & PM_TMR_MASK;
        last = now;
    }
    return *counter;
}

/* Let ms pass with interrupts on. */
static void idle_ms(uint32_t ms)
{
    static volatile uint32_t never;

    wait_count(&never, 1, ms);
}

static uint32_t this_cpu(void)
{
    return lapic_id() & 1;
}

void __attribute__((used)) irq_handler(uint32_t vec);

void irq_handler(uint32_t vec)
{
    count[this_cpu()][vec]++;
    if (order_n < 8) {
        order[order_n++] = vec;
    }
    if (vec == VEC_MERGE) {
        isr_in_handler = vec_bit(LAPIC_ISR, vec);
        ppr_in_handler = lapic_read(LAPIC_PPR);
    }
    /* NMIs and spurious interrupts are not in ISR: no EOI. */
    if (vec != VEC_NMI && vec != VEC_SPURIOUS) {
        lapic_write(LAPIC_EOI, 0);
    }
}

/*
 * Interrupt entry: the vector to irq_handler, then back with POPF/RET
 * rather than IRET, as the irq guest does (KVM's instruction emulator
 * on a kvm_pvm host runs only a real-mode IRET).
 */
#define IRQ_STUB(vec)                                                          \
    void irq_stub_##vec(void);                                                 \
    __asm__(".text\nirq_stub_" #vec ":\n\t"                                    \
            "pushal\n\t"                                                       \
            "cld\n\t"                                                          \
            "pushl $" #vec "\n\t"                                              \
            "call irq_handler\n\t"                                             \
            "addl $4, %esp\n\t"                                                \
            "popal\n\t" GUEST_RET_WITHOUT_IRET)

IRQ_STUB(2);
IRQ_STUB(0x40);
IRQ_STUB(0x41);
IRQ_STUB(0x42);
IRQ_STUB(0x43);
IRQ_STUB(0x47);
IRQ_STUB(0x48);
IRQ_STUB(0x61);
IRQ_STUB(0xfe);
IRQ_STUB(0xff);

/* Any other vector: report and stop. */
void other_entry(void);
void __attribute__((used, noreturn)) unexpected(void);
__asm__(".text\nother_entry:\n\tcall unexpected\n");

void unexpected(void)
{
    serial_puts("apic: unexpected interrupt or exception after ");
    serial_put_dec(checks.done);
    serial_puts(" checks\n");
    guest_exit(1);
}

/* ---- Descriptor tables ---- */

static uint64_t gdt[3] = {0, 0x00cf9a000000ffffULL, 0x00cf92000000ffffULL};
static uint64_t idt[256];

static void load_tables(void)
{
    for (int i = 0; i < 256; i++) {
        idt[i] = idt_gate(other_entry, 0);
    }
    idt[VEC_NMI] = idt_gate(irq_stub_2, 0);
    idt[VEC_TIMER] = idt_gate(irq_stub_0x40, 0);
    idt[VEC_SELF] = idt_gate(irq_stub_0x41, 0);
    idt[VEC_AP] = idt_gate(irq_stub_0x42, 0);
    idt[VEC_LOWEST] = idt_gate(irq_stub_0x43, 0);
    idt[VEC_LOW_CLASS] = idt_gate(irq_stub_0x47, 0);
    idt[VEC_MERGE] = idt_gate(irq_stub_0x48, 0);
    idt[VEC_HIGH_CLASS] = idt_gate(irq_stub_0x61, 0);
    idt[VEC_ERROR] = idt_gate(irq_stub_0xfe, 0);
    idt[VEC_SPURIOUS] = idt_gate(irq_stub_0xff, 0);
    load_descriptor_tables(gdt, sizeof(gdt), idt, sizeof(idt));
}

/* ---- Checks ---- */

static void check(const char *what, uint32_t got, uint32_t want)
{
    guest_check(&checks, what, 0, 4, got, want);
}

static void send_ipi(uint32_t dest, uint32_t icr)
{
    lapic_write(LAPIC_ICR_HI, dest << 24);
    lapic_write(LAPIC_ICR_LO, icr);
    for (int i = 0; i < 100000; i++) {
        if (!(lapic_read(LAPIC_ICR_LO) & ICR_DELIVERY_PENDING)) {
            break;
        }
    }
}

static void self_ipi(int vec)
{
    send_ipi(0, ICR_SELF | ICR_FIXED | ICR_LEVEL_ASSERT | (uint32_t)vec);
}

static void registers(int sdm)
{
    uint32_t ver = lapic_read(LAPIC_VERSION);

    check("BSP APIC ID", lapic_id(), 0);
    /* SDM 10.4.8: 1xH for an integrated APIC, at least 4 LVT entries. */
    check("version: integrated APIC", ver & 0xf0, 0x10);
    check("version: at least 4 LVT entries", ((ver >> 16) & 0xff) >= 3, 1);
    lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE | VEC_SPURIOUS);
    check("SVR: enabled, spurious vector", lapic_read(LAPIC_SVR) & 0x1ff,
          LAPIC_SVR_ENABLE | VEC_SPURIOUS);
    lapic_write(LAPIC_TPR, 0x20);
    check("TPR", lapic_read(LAPIC_TPR) & 0xff, 0x20);
    check("PPR follows TPR, ISR empty", lapic_read(LAPIC_PPR) & 0xf0, 0x20);
    lapic_write(LAPIC_TPR, 0);
    check("PPR with TPR 0", lapic_read(LAPIC_PPR) & 0xff, 0);

    /*
     * SDM 10.4.7.2: software-disabling the APIC masks every LVT (QEMU
     * 7.2 does not: with -append sdm only).
     */
    lapic_write(LAPIC_LVT_TIMER, VEC_TIMER);
    check("LVT timer unmasked", lapic_read(LAPIC_LVT_TIMER) & LVT_MASKED, 0);
    if (sdm) {
        lapic_write(LAPIC_SVR, VEC_SPURIOUS);
        check("LVT masked by the software disable",
              lapic_read(LAPIC_LVT_TIMER) & LVT_MASKED, LVT_MASKED);
        lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE | VEC_SPURIOUS);
    }
    lapic_write(LAPIC_LVT_TIMER, VEC_TIMER | LVT_MASKED);
}

static void irr_isr_eoi(void)
{
    uint32_t n;

    /* A self-IPI, taken as soon as interrupts are on. */
    __asm__ volatile("sti");
    n = count[0][VEC_SELF];
    self_ipi(VEC_SELF);
    check("self-IPI delivered", wait_count(&count[0][VEC_SELF], n + 1, WAIT_MS),
          n + 1);

    /* Interrupts off: held in IRR; twice the same vector is one. */
    __asm__ volatile("cli");
    self_ipi(VEC_MERGE);
    self_ipi(VEC_MERGE);
    check("pending vector in IRR", vec_bit(LAPIC_IRR, VEC_MERGE), 1);
    check("pending vector not in ISR", vec_bit(LAPIC_ISR, VEC_MERGE), 0);
    wait_count(&count[0][VEC_MERGE], 2, 20);
    check("two sends while pending: one interrupt", count[0][VEC_MERGE], 1);
    check("ISR bit set in the handler", isr_in_handler, 1);
    check("PPR in the handler: its class", ppr_in_handler & 0xf0,
          VEC_MERGE & 0xf0);
    check("IRR clear after delivery", vec_bit(LAPIC_IRR, VEC_MERGE), 0);
    check("ISR clear after EOI", vec_bit(LAPIC_ISR, VEC_MERGE), 0);

    /* SDM 10.8.3.1: the highest class first. */
    __asm__ volatile("cli");
    order_n = 0;
    self_ipi(VEC_LOW_CLASS);
    self_ipi(VEC_HIGH_CLASS);
    wait_count(&order_n, 2, WAIT_MS);
    check("two pending: interrupts taken", order_n, 2);
    check("two pending: higher class first", order[0], VEC_HIGH_CLASS);
    check("two pending: then the lower", order[1], VEC_LOW_CLASS);

    /* SDM 10.8.3.2: a TPR at or above the class holds the interrupt. */
    lapic_write(LAPIC_TPR, 0x50);
    n = count[0][VEC_LOW_CLASS];
    self_ipi(VEC_LOW_CLASS);
    idle_ms(10);
    check("TPR 0x50 holds a class-4 vector", count[0][VEC_LOW_CLASS], n);
    check("held vector in IRR", vec_bit(LAPIC_IRR, VEC_LOW_CLASS), 1);
    lapic_write(LAPIC_TPR, 0);
    check("TPR lowered: delivered",
          wait_count(&count[0][VEC_LOW_CLASS], n + 1, WAIT_MS), n + 1);
}

/*
 * How far the current count falls in about 2 ms with this divide
 * configuration; *ticks: the PM timer ticks around the two reads.
 */
static uint32_t count_rate(uint32_t divide, uint32_t *ticks)
{
    uint32_t pm0, pm1, c1, c2;

    lapic_write(LAPIC_TIMER_DIVIDE, divide);
    lapic_write(LAPIC_TIMER_INITIAL, 0xffffffff);
    pm0 = pm_timer();
    c1 = lapic_read(LAPIC_TIMER_CURRENT);
    idle_ms(2);
    c2 = lapic_read(LAPIC_TIMER_CURRENT);
    pm1 = pm_timer();
    lapic_write(LAPIC_TIMER_INITIAL, 0);
    *ticks = (pm1 - pm0) & PM_TMR_MASK;
    return c1 - c2;
}

static void timer(void)
{
    uint32_t c1, c2, n, d1, d128, t1, t128;

    /* One-shot: one interrupt, the count falls to 0 and stays. */
    lapic_write(LAPIC_TIMER_DIVIDE, DIVIDE_BY_16);
    check("divide configuration", lapic_read(LAPIC_TIMER_DIVIDE) & 0xb,
          DIVIDE_BY_16);
    lapic_write(LAPIC_LVT_TIMER, VEC_TIMER);
    n = count[0][VEC_TIMER];
    lapic_write(LAPIC_TIMER_INITIAL, 200000);
    c1 = lapic_read(LAPIC_TIMER_CURRENT);
    idle_ms(1);
    c2 = lapic_read(LAPIC_TIMER_CURRENT);
    check("one-shot: current count at most the initial", c1 <= 200000, 1);
    check("one-shot: current count falls", c2 < c1 || c2 == 0, 1);
    check("one-shot: an interrupt",
          wait_count(&count[0][VEC_TIMER], n + 1, WAIT_MS), n + 1);
    idle_ms(20);
    check("one-shot: only one", count[0][VEC_TIMER], n + 1);
    check("one-shot: current count 0 after expiry",
          lapic_read(LAPIC_TIMER_CURRENT), 0);

    /* Periodic: interrupts until the initial count is set to 0. */
    lapic_write(LAPIC_LVT_TIMER, VEC_TIMER | LVT_TIMER_PERIODIC);
    n = count[0][VEC_TIMER];
    lapic_write(LAPIC_TIMER_INITIAL, 100000);
    check("periodic: five interrupts",
          wait_count(&count[0][VEC_TIMER], n + 5, WAIT_MS) >= n + 5, 1);
    lapic_write(LAPIC_TIMER_INITIAL, 0);
    idle_ms(2);
    n = count[0][VEC_TIMER];
    idle_ms(20);
    check("periodic: none after the count is set to 0", count[0][VEC_TIMER], n);

    /* The divider: per PM timer tick, 128 times fewer counts. */
    lapic_write(LAPIC_LVT_TIMER, VEC_TIMER | LVT_MASKED);
    d1 = count_rate(DIVIDE_BY_1, &t1);
    d128 = count_rate(DIVIDE_BY_128, &t128);
    check("divide by 1 counts", d1 > 0, 1);
    /* d128 / t128 < (d1 / t1) / 16: a margin of 8 for a loaded host. */
    check("divide by 128 counts much slower",
          (uint64_t)d128 * t1 * 16 < (uint64_t)d1 * t128, 1);
}

static int cpu_has_tsc_deadline(void)
{
    uint32_t a, b, c, d;

    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1));
    return (c >> 24) & 1;
}

static uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

/* SDM 10.5.4.1: the timer fires when the TSC reaches the deadline. */
static void tsc_deadline(void)
{
    uint32_t n;

    if (!cpu_has_tsc_deadline()) {
        return;
    }
    lapic_write(LAPIC_LVT_TIMER, VEC_TIMER | LVT_TIMER_TSC_DEADLINE);
    n = count[0][VEC_TIMER];
    wrmsr(MSR_TSC_DEADLINE, rdtsc() + 100000);
    check("TSC deadline: an interrupt",
          wait_count(&count[0][VEC_TIMER], n + 1, WAIT_MS), n + 1);
    idle_ms(10);
    check("TSC deadline: only one", count[0][VEC_TIMER], n + 1);
    wrmsr(MSR_TSC_DEADLINE, rdtsc() - 1000);
    check("TSC deadline in the past: at once",
          wait_count(&count[0][VEC_TIMER], n + 2, WAIT_MS), n + 2);
    wrmsr(MSR_TSC_DEADLINE, rdtsc() + 1000000000000ULL);
    wrmsr(MSR_TSC_DEADLINE, 0);
    idle_ms(10);
    check("TSC deadline 0 disarms", count[0][VEC_TIMER], n + 2);
    lapic_write(LAPIC_LVT_TIMER, VEC_TIMER | LVT_MASKED);
}

/*
 * SDM 10.5.3: an illegal vector (0-15) sets ESR, the error LVT fires.
 * QEMU 7.2 sends the IPI instead: with -append sdm only.
 */
static void error_status(int illegal)
{
    uint32_t n = count[0][VEC_ERROR];

    lapic_write(LAPIC_LVT_ERROR, VEC_ERROR);
    lapic_write(LAPIC_ESR, 0);
    check("ESR clear", lapic_read(LAPIC_ESR), 0);
    if (!illegal) {
        return;
    }
    self_ipi(1);
    check("error LVT interrupt",
          wait_count(&count[0][VEC_ERROR], n + 1, WAIT_MS), n + 1);
    /* ESR reads what the last write latched (SDM 10.5.3). */
    lapic_write(LAPIC_ESR, 0);
    check("ESR: send illegal vector",
          lapic_read(LAPIC_ESR) & ESR_SEND_ILLEGAL_VECTOR,
          ESR_SEND_ILLEGAL_VECTOR);
    lapic_write(LAPIC_ESR, 0);
    check("ESR cleared by the next write", lapic_read(LAPIC_ESR), 0);
}

/* ---- CPU 1 ---- */

/* SDM 10.6.2.2: flat model, one bit per CPU. */
#define LDR_BSP 0x01
#define LDR_AP 0x02

void ap_main(void)
{
    struct table_ptr ip = {sizeof(idt) - 1, (uint32_t)idt};

    __asm__ volatile("lidt %0" : : "m"(ip));
    lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE | VEC_SPURIOUS);
    lapic_write(LAPIC_DFR, 0xffffffff);
    lapic_write(LAPIC_LDR, (uint32_t)LDR_AP << 24);
    lapic_write(LAPIC_TPR, 0);
    ap_id = lapic_id();
    __atomic_store_n(&ap_up, 1, __ATOMIC_RELEASE);
    for (;;) {
        __asm__ volatile("sti; hlt");
    }
}

static int start_ap(void)
{
    smp_copy_trampoline();
    /* SDM vol. 3A, 8.4.4.1: INIT, 10 ms, SIPI, SIPI. */
    send_ipi(1, ICR_INIT | ICR_LEVEL_ASSERT);
    idle_ms(10);
    for (int i = 0; i < 2 && !ap_up; i++) {
        send_ipi(1, ICR_STARTUP | ICR_LEVEL_ASSERT | SMP_SIPI_VECTOR);
        wait_count(&ap_up, 1, i ? WAIT_MS : 1);
    }
    return ap_up;
}

static void ipis(void)
{
    uint32_t n0, n1;

    lapic_write(LAPIC_DFR, 0xffffffff);
    lapic_write(LAPIC_LDR, (uint32_t)LDR_BSP << 24);
    check("CPU 1 started by INIT/SIPI", start_ap(), 1);
    if (!ap_up) {
        return;
    }
    check("CPU 1's APIC ID", ap_id, 1);

    send_ipi(1, ICR_FIXED | ICR_LEVEL_ASSERT | VEC_AP);
    check("fixed IPI to CPU 1", wait_count(&count[1][VEC_AP], 1, WAIT_MS), 1);
    check("fixed IPI to CPU 1: not to CPU 0", count[0][VEC_AP], 0);

    send_ipi(1, ICR_NMI | ICR_LEVEL_ASSERT);
    check("NMI IPI to CPU 1", wait_count(&count[1][VEC_NMI], 1, WAIT_MS), 1);

    send_ipi(LDR_AP, ICR_LOWEST | ICR_LOGICAL | ICR_LEVEL_ASSERT | VEC_LOWEST);
    check("lowest priority to CPU 1 alone",
          wait_count(&count[1][VEC_LOWEST], 1, WAIT_MS), 1);
    check("lowest priority to CPU 1 alone: not CPU 0", count[0][VEC_LOWEST], 0);

    /* To both: one of them takes it (SDM 10.6.2.4), not both. */
    n0 = count[0][VEC_LOWEST];
    n1 = count[1][VEC_LOWEST];
    send_ipi(LDR_BSP | LDR_AP,
             ICR_LOWEST | ICR_LOGICAL | ICR_LEVEL_ASSERT | VEC_LOWEST);
    idle_ms(20);
    check("lowest priority to both: exactly one takes it",
          count[0][VEC_LOWEST] - n0 + count[1][VEC_LOWEST] - n1, 1);
    send_ipi(LDR_BSP | LDR_AP,
             ICR_FIXED | ICR_LOGICAL | ICR_LEVEL_ASSERT | VEC_AP);
    wait_count(&count[1][VEC_AP], 2, WAIT_MS);
    wait_count(&count[0][VEC_AP], 1, WAIT_MS);
    check("fixed logical IPI to both: CPU 0", count[0][VEC_AP], 1);
    check("fixed logical IPI to both: CPU 1", count[1][VEC_AP], 2);
}

void guest_main(uint32_t magic, uint32_t info)
{
    int sdm = cmdline_has_word(multiboot_cmdline(magic, info), "sdm");

    load_tables();
    pm_io_enable();
    /* Only the APIC's own interrupts: the 8259s masked. */
    outb(0x21, 0xff);
    outb(0xa1, 0xff);
    registers(sdm);
    irr_isr_eoi();
    timer();
    tsc_deadline();
    error_status(sdm);
    if (fw_cfg_nb_cpus() > 1) {
        ipis();
    }
    __asm__ volatile("cli");
    if (checks.failed) {
        serial_puts("apic: ");
        serial_put_dec(checks.failed);
        serial_puts(" of ");
        serial_put_dec(checks.done);
        serial_puts(" checks failed\n");
        guest_exit(1);
    }
    serial_puts("apic: ");
    serial_put_dec(checks.done);
    serial_puts(" checks passed\n");
    guest_exit(0);
}
