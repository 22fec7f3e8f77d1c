/*
 * The local APIC ("apic"): an xAPIC for CPUs whose accelerator has none
 * (Intel SDM vol. 3A, chapter 10; QEMU 7.2's type names, version and
 * choices where the SDM leaves room, noted where they apply).
 *
 * This file: the registers, the priorities (TPR, PPR, IRR/ISR/TMR), the
 * INTA and EOI cycles, the local vector table with LINT0 (the 8259's
 * INT) and LINT1, reset and INIT, the operations the CPU side calls
 * (machine/x86-intr.h) and the QOM types.  Messages and IPIs are in
 * apic-msi.c, the timer in apic-timer.c.
 *
 * Every entry point runs under the big lock: the vCPU threads hold it
 * for their MMIO accesses and interrupt acknowledgement.
 */
#include <inttypes.h>

#include "apic-internal.h"
#include "machine/cpus.h"
#include "machine/qdev-properties.h"
#include "machine/reset.h"
#include "machine/x86-intr.h"
#include "qom/visitor.h"
#include "util/error.h"
#include "util/log.h"

/* Register indexes: MMIO offset >> 4 (SDM table 10-1). */
#define APIC_REG_ID 0x02
#define APIC_REG_VERSION 0x03
#define APIC_REG_TPR 0x08
#define APIC_REG_APR 0x09
#define APIC_REG_PPR 0x0a
#define APIC_REG_EOI 0x0b
#define APIC_REG_LDR 0x0d
#define APIC_REG_DFR 0x0e
#define APIC_REG_SVR 0x0f
#define APIC_REG_ISR 0x10
#define APIC_REG_TMR 0x18
#define APIC_REG_IRR 0x20
#define APIC_REG_ESR 0x28
#define APIC_REG_ICR_LOW 0x30
#define APIC_REG_ICR_HIGH 0x31
#define APIC_REG_LVT 0x32 /* 0x32 + APIC_LVT_* */
#define APIC_REG_TIMER_INITIAL 0x38
#define APIC_REG_TIMER_CURRENT 0x39
#define APIC_REG_TIMER_DIVIDE 0x3e

/* The registers live in the first 4 KiB of the window. */
#define APIC_REG_PAGE_SIZE 0x1000

/* Writable bits of each LVT entry (SDM figure 10-8). */
#define APIC_LVT_TIMER_WMASK (APIC_VECTOR_MASK | APIC_LVT_MASKED)
#define APIC_LVT_DM_WMASK (APIC_VECTOR_MASK | APIC_DM_MASK | APIC_LVT_MASKED)
#define APIC_LVT_LINT_WMASK                                                    \
    (APIC_LVT_DM_WMASK | (1u << 13) | APIC_TRIGGER_LEVEL)
#define APIC_LVT_ERROR_WMASK (APIC_VECTOR_MASK | APIC_LVT_MASKED)

/* ICR low: vector, delivery and destination modes, level, trigger, shorthand.
 */
#define APIC_ICR_LOW_WMASK 0x000ccfffu
#define APIC_ICR_HIGH_WMASK 0xff000000u

/*
 * SVR: vector and enable.  Focus checking (bit 9) and EOI-broadcast
 * suppression (bit 12) are reserved here: QEMU's version 0x14 does not
 * advertise the latter (version register bit 24), so level-triggered
 * EOIs always reach the I/O APIC.
 */
#define APIC_SVR_WMASK (APIC_SV_VECTOR | APIC_SV_ENABLE)

#define APIC_DEFAULT_VERSION 0x14
/* The xAPIC ID register holds 8 bits; 0xff is the broadcast address. */
#define APIC_MAX_XAPIC_ID 0xfe

static const char *const apic_lvt_names[APIC_LVT_NB] = {
    "timer", "thermal", "performance", "LINT0", "LINT1", "error",
};

/* ---- Bit arrays (IRR, ISR, TMR: 256 bits in eight dwords) ---- */

static void apic_set_bit(uint32_t *tab, int index)
{
    tab[index >> 5] |= 1u << (index & 31);
}

static void apic_reset_bit(uint32_t *tab, int index)
{
    tab[index >> 5] &= ~(1u << (index & 31));
}

static bool apic_get_bit(const uint32_t *tab, int index)
{
    return tab[index >> 5] & (1u << (index & 31));
}

/* The highest set bit, or -1. */
static int apic_highest_bit(const uint32_t *tab)
{
    int i;

    for (i = 7; i >= 0; i--) {
        if (tab[i]) {
            return i * 32 + 31 - __builtin_clz(tab[i]);
        }
    }
    return -1;
}

/* ---- State queries ---- */

APICCommonState *apic_of_cpu(CPUState *cpu)
{
    DeviceState *dev = cpu ? X86_CPU(cpu)->apic_state : NULL;

    return dev ? APIC_COMMON(dev) : NULL;
}

bool apic_hw_enabled(const APICCommonState *s)
{
    return s->apicbase & MSR_IA32_APICBASE_ENABLE;
}

static bool apic_sw_enabled(const APICCommonState *s)
{
    return s->spurious_vec & APIC_SV_ENABLE;
}

static bool apic_is_bsp(const APICCommonState *s)
{
    return CPU(s->cpu)->cpu_index == 0;
}

static uint32_t apic_lvt_mode(uint32_t lvt)
{
    return (lvt & APIC_DM_MASK) >> APIC_DM_SHIFT;
}

uint8_t apic_get_ppr(const APICCommonState *s)
{
    int isrv = apic_highest_bit(s->isr);
    uint8_t isr_class = isrv < 0 ? 0 : (uint8_t)(isrv & 0xf0);

    /* SDM 10.8.3.1: the TPR, unless the in-service class is higher. */
    return (s->tpr & 0xf0) >= isr_class ? s->tpr : isr_class;
}

/*
 * Arbitration priority (SDM 10.8.3 on the P6's APR): the TPR if it is
 * at least the highest requested and above the highest in-service class,
 * else the highest of the three classes.  Lowest-priority delivery picks
 * the APIC where it is lowest.
 */
uint8_t apic_get_apr(const APICCommonState *s)
{
    int irrv = apic_highest_bit(s->irr);
    int isrv = apic_highest_bit(s->isr);
    uint8_t tpr_class = s->tpr & 0xf0;
    uint8_t irr_class = irrv < 0 ? 0 : (uint8_t)(irrv & 0xf0);
    uint8_t isr_class = isrv < 0 ? 0 : (uint8_t)(isrv & 0xf0);

    if (tpr_class >= irr_class && tpr_class > isr_class) {
        return s->tpr;
    }
    return MAX(tpr_class, MAX(irr_class, isr_class));
}

/*
 * The vector to deliver: > 0 one above the processor priority, -1 when
 * the highest request is masked by it (INTA then answers the spurious
 * vector), 0 when nothing is requested or the APIC is disabled.
 */
static int apic_irq_pending(const APICCommonState *s)
{
    int irrv;

    if (!apic_hw_enabled(s) || !apic_sw_enabled(s)) {
        return 0;
    }
    irrv = apic_highest_bit(s->irr);
    if (irrv < 0) {
        return 0;
    }
    return (irrv & 0xf0) > (apic_get_ppr(s) & 0xf0) ? irrv : -1;
}

/*
 * SDM 10.4.3 and 10.5.1: a hardware-disabled APIC passes LINT0 on as the
 * processor's INTR; an enabled one takes the 8259's INT through LVT
 * LINT0 in ExtINT mode, unmasked.
 */
static bool apic_accepts_pic(const APICCommonState *s)
{
    uint32_t lvt0 = s->lvt[APIC_LVT_LINT0];

    if (!apic_hw_enabled(s)) {
        return true;
    }
    return !(lvt0 & APIC_LVT_MASKED) && apic_lvt_mode(lvt0) == APIC_DM_EXTINT;
}

/* The 8259 has an interrupt for this CPU (ExtINT goes before the IRR). */
static bool apic_check_pic(const APICCommonState *s)
{
    return s->pic_level && apic_accepts_pic(s);
}

void apic_update_irq(APICCommonState *s)
{
    CPUState *cs = CPU(s->cpu);

    if (apic_irq_pending(s) > 0 || apic_check_pic(s)) {
        cpu_interrupt(cs, CPU_INTERRUPT_HARD);
    } else {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_HARD);
    }
}

/* ---- Accepting interrupts ---- */

void apic_set_irq(APICCommonState *s, int vector, bool level_trigger)
{
    /* SDM 10.5.2: vectors 0-15 are illegal and not accepted. */
    if (vector < 16) {
        apic_report_error(s, APIC_ESR_RECV_ILLEGAL_VECTOR);
        return;
    }
    apic_set_bit(s->irr, vector);
    /* SDM 10.8.4: TMR follows the trigger mode of the accepted request. */
    if (level_trigger) {
        apic_set_bit(s->tmr, vector);
    } else {
        apic_reset_bit(s->tmr, vector);
    }
    apic_update_irq(s);
}

void apic_report_error(APICCommonState *s, uint32_t esr_bit)
{
    uint32_t lvt = s->lvt[APIC_LVT_ERROR];

    s->esr_pending |= esr_bit;
    /* An illegal error vector would report itself again: only record it. */
    if (!(lvt & APIC_LVT_MASKED) && (lvt & APIC_VECTOR_MASK) < 16) {
        s->esr_pending |= APIC_ESR_RECV_ILLEGAL_VECTOR;
        return;
    }
    apic_local_deliver(s, APIC_LVT_ERROR);
}

void apic_local_deliver(APICCommonState *s, int lvt)
{
    uint32_t entry = s->lvt[lvt];
    bool lint = lvt == APIC_LVT_LINT0 || lvt == APIC_LVT_LINT1;
    uint32_t mode = APIC_DM_FIXED;

    if (entry & APIC_LVT_MASKED) {
        return;
    }
    /* The timer and error entries have no delivery mode: always fixed. */
    if (lvt != APIC_LVT_TIMER && lvt != APIC_LVT_ERROR) {
        mode = apic_lvt_mode(entry);
    }
    switch (mode) {
    case APIC_DM_FIXED: {
        bool level = lint && (entry & APIC_TRIGGER_LEVEL);

        /* SDM 10.5.1: remote IRR holds a level LINT until its EOI. */
        if (level) {
            if (entry & APIC_LVT_REMOTE_IRR) {
                return;
            }
            s->lvt[lvt] |= APIC_LVT_REMOTE_IRR;
        }
        apic_set_irq(s, entry & APIC_VECTOR_MASK, level);
        return;
    }
    case APIC_DM_SMI:
        cpu_interrupt(CPU(s->cpu), CPU_INTERRUPT_SMI);
        return;
    case APIC_DM_NMI:
        cpu_interrupt(CPU(s->cpu), CPU_INTERRUPT_NMI);
        return;
    case APIC_DM_INIT:
        if (lint) {
            cpu_interrupt(CPU(s->cpu), CPU_INTERRUPT_INIT);
            return;
        }
        break;
    case APIC_DM_EXTINT:
        if (lint) {
            /* The CPU fetches the vector from the 8259 (INTA cycles). */
            cpu_interrupt(CPU(s->cpu), CPU_INTERRUPT_HARD);
            return;
        }
        break;
    }
    qemu_log_mask(LOG_GUEST_ERROR,
                  "apic %u: LVT %s: reserved delivery mode %u, interrupt "
                  "dropped\n",
                  s->id, apic_lvt_names[lvt], mode);
}

/* ---- INTA and EOI ---- */

static int apic_get_interrupt_op(DeviceState *dev)
{
    APICCommonState *s = APIC_COMMON(dev);
    int intno;

    if (!apic_hw_enabled(s) || !apic_sw_enabled(s)) {
        return -1;
    }
    /* ExtINT ignores the priorities: the 8259 answers first. */
    if (apic_check_pic(s)) {
        return -1;
    }
    intno = apic_irq_pending(s);
    if (intno == 0) {
        return -1;
    }
    if (intno < 0) {
        /* SDM 10.9: raised, then masked by a priority change. */
        return s->spurious_vec & APIC_SV_VECTOR;
    }
    apic_reset_bit(s->irr, intno);
    apic_set_bit(s->isr, intno);
    apic_update_irq(s);
    return intno;
}

/* An EOI of a level-triggered vector ends a LINT's remote IRR. */
static void apic_lint_eoi(APICCommonState *s, int vector)
{
    int lvt;

    for (lvt = APIC_LVT_LINT0; lvt <= APIC_LVT_LINT1; lvt++) {
        uint32_t entry = s->lvt[lvt];

        if ((entry & APIC_LVT_REMOTE_IRR) &&
            (int)(entry & APIC_VECTOR_MASK) == vector) {
            s->lvt[lvt] &= ~APIC_LVT_REMOTE_IRR;
            /* Still asserted (the 8259's INT on LINT0): again. */
            if (lvt == APIC_LVT_LINT0 && s->pic_level) {
                apic_local_deliver(s, lvt);
            }
        }
    }
}

/* SDM 10.8.5: the highest in-service vector is done. */
static void apic_eoi(APICCommonState *s)
{
    int isrv = apic_highest_bit(s->isr);

    if (isrv < 0) {
        return;
    }
    apic_reset_bit(s->isr, isrv);
    if (apic_get_bit(s->tmr, isrv)) {
        apic_lint_eoi(s, isrv);
        /* To the I/O APICs, which may send it again (under this lock). */
        x86_intr_ioapic_eoi(isrv);
    }
    apic_update_irq(s);
}

/* ---- LINT0 / LINT1 from the board ---- */

void apic_deliver_pic_intr(DeviceState *dev, int level)
{
    APICCommonState *s = APIC_COMMON(dev);
    uint32_t lvt0 = s->lvt[APIC_LVT_LINT0];
    bool rising = level && !s->pic_level;

    s->pic_level = level != 0;
    if (apic_hw_enabled(s) && !(lvt0 & APIC_LVT_MASKED)) {
        switch (apic_lvt_mode(lvt0)) {
        case APIC_DM_FIXED:
            if (rising) {
                apic_local_deliver(s, APIC_LVT_LINT0);
            } else if (!level && (lvt0 & APIC_TRIGGER_LEVEL) &&
                       (lvt0 & APIC_LVT_REMOTE_IRR) &&
                       apic_get_bit(s->irr, lvt0 & APIC_VECTOR_MASK)) {
                /* Deasserted before the CPU took it: withdrawn. */
                apic_reset_bit(s->irr, lvt0 & APIC_VECTOR_MASK);
                s->lvt[APIC_LVT_LINT0] &= ~APIC_LVT_REMOTE_IRR;
            }
            break;
        case APIC_DM_EXTINT:
            break;
        default:
            if (rising) {
                apic_local_deliver(s, APIC_LVT_LINT0);
            }
        }
    }
    apic_update_irq(s);
}

void apic_deliver_nmi(DeviceState *dev)
{
    APICCommonState *s = APIC_COMMON(dev);

    /* SDM 10.4.3: without the APIC, LINT1 is the processor's NMI pin. */
    if (!apic_hw_enabled(s)) {
        cpu_interrupt(CPU(s->cpu), CPU_INTERRUPT_NMI);
        return;
    }
    apic_local_deliver(s, APIC_LVT_LINT1);
}

/* ---- Registers ---- */

static void apic_lvt_write(APICCommonState *s, int lvt, uint32_t val)
{
    static const uint32_t wmask[APIC_LVT_NB] = {
        [APIC_LVT_TIMER] = APIC_LVT_TIMER_WMASK,
        [APIC_LVT_THERMAL] = APIC_LVT_DM_WMASK,
        [APIC_LVT_PERFORM] = APIC_LVT_DM_WMASK,
        [APIC_LVT_LINT0] = APIC_LVT_LINT_WMASK,
        [APIC_LVT_LINT1] = APIC_LVT_LINT_WMASK,
        [APIC_LVT_ERROR] = APIC_LVT_ERROR_WMASK,
    };
    uint32_t old = s->lvt[lvt];
    uint32_t mask = wmask[lvt];

    if (lvt == APIC_LVT_TIMER) {
        /* Periodic always; TSC-deadline when the CPU has it (SDM 10.5.4.1). */
        mask |= 1u << APIC_LVT_TIMER_SHIFT;
        if (s->cpu->env.features[FEAT_1_ECX] & CPUID_EXT_TSC_DEADLINE_TIMER) {
            mask |= 2u << APIC_LVT_TIMER_SHIFT;
        }
        if ((val & APIC_LVT_TIMER_MODE) == APIC_LVT_TIMER_MODE) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "apic %u: LVT timer: reserved timer mode 3, "
                          "taken as periodic\n",
                          s->id);
            val &= ~(2u << APIC_LVT_TIMER_SHIFT);
        }
    }
    val = (val & mask) | (old & APIC_LVT_REMOTE_IRR);
    /* SDM 10.4.7.2: a software-disabled APIC keeps every entry masked. */
    if (!apic_sw_enabled(s)) {
        val |= APIC_LVT_MASKED;
    }
    s->lvt[lvt] = val;
    if (lvt == APIC_LVT_TIMER) {
        apic_timer_lvt_changed(s, old);
    } else if (lvt == APIC_LVT_LINT0) {
        /* Whether the 8259's INT reaches the CPU may have changed. */
        apic_update_irq(s);
    }
}

static void apic_svr_write(APICCommonState *s, uint32_t val)
{
    int i;

    s->spurious_vec = val & APIC_SVR_WMASK;
    if (!apic_sw_enabled(s)) {
        /* SDM 10.4.7.2: software disable masks the whole LVT. */
        for (i = 0; i < APIC_LVT_NB; i++) {
            s->lvt[i] |= APIC_LVT_MASKED;
        }
    }
    apic_update_irq(s);
}

/* A register index the model has; sets *ro for read-only ones. */
static bool apic_reg_exists(int index, bool *ro)
{
    *ro = false;
    switch (index) {
    case APIC_REG_ID:
    case APIC_REG_TPR:
    case APIC_REG_EOI:
    case APIC_REG_LDR:
    case APIC_REG_DFR:
    case APIC_REG_SVR:
    case APIC_REG_ESR:
    case APIC_REG_ICR_LOW:
    case APIC_REG_ICR_HIGH:
    case APIC_REG_TIMER_INITIAL:
    case APIC_REG_TIMER_DIVIDE:
        return true;
    case APIC_REG_VERSION:
    case APIC_REG_APR:
    case APIC_REG_PPR:
    case APIC_REG_TIMER_CURRENT:
        *ro = true;
        return true;
    }
    if (index >= APIC_REG_ISR && index < APIC_REG_ISR + 24) {
        *ro = true;
        return true;
    }
    return index >= APIC_REG_LVT && index < APIC_REG_LVT + APIC_LVT_NB;
}

static uint32_t apic_reg_read(APICCommonState *s, int index)
{
    switch (index) {
    case APIC_REG_ID:
        return (uint32_t)s->id << 24;
    case APIC_REG_VERSION:
        /* Bits 23:16: the highest LVT entry (six: QEMU's 0x50014). */
        return s->version | (APIC_LVT_NB - 1) << 16;
    case APIC_REG_TPR:
        return s->tpr;
    case APIC_REG_APR:
        return apic_get_apr(s);
    case APIC_REG_PPR:
        return apic_get_ppr(s);
    case APIC_REG_EOI:
        return 0;
    case APIC_REG_LDR:
        return (uint32_t)s->log_dest << 24;
    case APIC_REG_DFR:
        return (uint32_t)s->dest_mode << 28 | 0x0fffffff;
    case APIC_REG_SVR:
        return s->spurious_vec;
    case APIC_REG_ESR:
        return s->esr;
    case APIC_REG_ICR_LOW:
        /* Delivery is immediate: the send-pending status is always 0. */
        return s->icr[0];
    case APIC_REG_ICR_HIGH:
        return s->icr[1];
    case APIC_REG_TIMER_INITIAL:
        return s->initial_count;
    case APIC_REG_TIMER_CURRENT:
        return apic_timer_current_count(s);
    case APIC_REG_TIMER_DIVIDE:
        return s->divide_conf;
    }
    if (index >= APIC_REG_ISR && index < APIC_REG_ISR + 8) {
        return s->isr[index - APIC_REG_ISR];
    }
    if (index >= APIC_REG_TMR && index < APIC_REG_TMR + 8) {
        return s->tmr[index - APIC_REG_TMR];
    }
    if (index >= APIC_REG_IRR && index < APIC_REG_IRR + 8) {
        return s->irr[index - APIC_REG_IRR];
    }
    return s->lvt[index - APIC_REG_LVT];
}

static void apic_reg_write(APICCommonState *s, int index, uint32_t val)
{
    switch (index) {
    case APIC_REG_ID:
        s->id = val >> 24;
        return;
    case APIC_REG_TPR:
        s->tpr = val & 0xff;
        apic_update_irq(s);
        return;
    case APIC_REG_EOI:
        apic_eoi(s);
        return;
    case APIC_REG_LDR:
        s->log_dest = val >> 24;
        return;
    case APIC_REG_DFR:
        if (val >> 28 != APIC_DFR_FLAT && val >> 28 != APIC_DFR_CLUSTER) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "apic %u: DFR model 0x%x is reserved (0xf flat, "
                          "0x0 cluster)\n",
                          s->id, val >> 28);
        }
        s->dest_mode = val >> 28;
        return;
    case APIC_REG_SVR:
        apic_svr_write(s, val);
        return;
    case APIC_REG_ESR:
        /* SDM 10.5.3: a write latches the errors seen since the last. */
        s->esr = s->esr_pending;
        s->esr_pending = 0;
        return;
    case APIC_REG_ICR_LOW:
        s->icr[0] = val & APIC_ICR_LOW_WMASK;
        apic_deliver_ipi(s);
        return;
    case APIC_REG_ICR_HIGH:
        s->icr[1] = val & APIC_ICR_HIGH_WMASK;
        return;
    case APIC_REG_TIMER_INITIAL:
        apic_timer_set_initial_count(s, val);
        return;
    case APIC_REG_TIMER_DIVIDE:
        apic_timer_set_divide(s, val);
        return;
    }
    apic_lvt_write(s, index - APIC_REG_LVT, val);
}

/* ---- MMIO: registers for the CPU itself, messages for everyone ---- */

static uint64_t apic_mem_read(void *opaque, hwaddr addr, unsigned size)
{
    APICCommonState *s = apic_of_cpu(current_cpu);
    int index = (addr >> 4) & 0xff;
    bool ro;

    /* No CPU: a device's or qtest's read of the MSI window (QEMU: 0). */
    if (!s) {
        return 0;
    }
    if (size != 4 || addr >= APIC_REG_PAGE_SIZE) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "apic %u: %u-byte read at offset 0x%" PRIx64
                      " ignored: the registers take dword accesses in "
                      "the first page\n",
                      s->id, size, (uint64_t)addr);
        return 0;
    }
    if (addr & 0xf) {
        /* QEMU decodes bits 11:4 only; the SDM wants 16-byte alignment. */
        qemu_log_mask(LOG_GUEST_ERROR,
                      "apic %u: misaligned read at offset 0x%" PRIx64
                      " (register 0x%x)\n",
                      s->id, (uint64_t)addr, index << 4);
    }
    if (!apic_reg_exists(index, &ro)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "apic %u: read of reserved register 0x%x\n", s->id,
                      index << 4);
        apic_report_error(s, APIC_ESR_ILLEGAL_ADDRESS);
        return 0;
    }
    return apic_reg_read(s, index);
}

static void apic_mem_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    APICCommonState *s = apic_of_cpu(current_cpu);
    int index = (addr >> 4) & 0xff;
    bool ro;

    if (size != 4) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "apic: %u-byte write 0x%" PRIx64 " at offset 0x%" PRIx64
                      " ignored: dword accesses only\n",
                      size, val, (uint64_t)addr);
        return;
    }
    /*
     * The registers and the MSI window share the addresses (QEMU's
     * layout): offset 0 and everything past the register page are
     * messages (a message's offset holds its destination), and so is
     * any write without a CPU of ours behind it (device DMA, qtest).
     */
    if (!s || index == 0 || addr >= APIC_REG_PAGE_SIZE) {
        apic_send_msi((uint32_t)addr, (uint32_t)val);
        return;
    }
    if (addr & 0xf) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "apic %u: misaligned write at offset 0x%" PRIx64
                      " (register 0x%x)\n",
                      s->id, (uint64_t)addr, index << 4);
    }
    if (!apic_reg_exists(index, &ro)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "apic %u: write 0x%08" PRIx64 " to reserved register "
                      "0x%x\n",
                      s->id, val, index << 4);
        apic_report_error(s, APIC_ESR_ILLEGAL_ADDRESS);
        return;
    }
    if (ro) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "apic %u: write 0x%08" PRIx64 " to read-only register "
                      "0x%x ignored\n",
                      s->id, val, index << 4);
        return;
    }
    apic_reg_write(s, index, (uint32_t)val);
}

static const MemoryRegionOps apic_io_ops = {
    .read = apic_mem_read,
    .write = apic_mem_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4},
    .impl = {.min_access_size = 1, .max_access_size = 4},
};

/* ---- Reset and INIT ---- */

/* SDM 10.4.7.1: the power-up state of everything but ID and base. */
static void apic_reset_registers(APICCommonState *s)
{
    int i;

    s->tpr = 0;
    s->spurious_vec = 0xff;
    s->log_dest = 0;
    s->dest_mode = APIC_DFR_FLAT;
    memset(s->isr, 0, sizeof(s->isr));
    memset(s->tmr, 0, sizeof(s->tmr));
    memset(s->irr, 0, sizeof(s->irr));
    for (i = 0; i < APIC_LVT_NB; i++) {
        s->lvt[i] = APIC_LVT_MASKED;
    }
    s->esr = 0;
    s->esr_pending = 0;
    s->icr[0] = 0;
    s->icr[1] = 0;
    apic_timer_reset(s);
}

static void apic_init_reset_op(DeviceState *dev)
{
    APICCommonState *s = APIC_COMMON(dev);

    apic_reset_registers(s);
    /* SDM 8.4.1: after INIT an AP waits for a start-up IPI. */
    s->wait_for_sipi = !apic_is_bsp(s);
    apic_update_irq(s);
}

static void apic_reset(void *opaque)
{
    APICCommonState *s = opaque;
    bool bsp = apic_is_bsp(s);

    s->apicbase = APIC_DEFAULT_ADDRESS | MSR_IA32_APICBASE_ENABLE |
                  (bsp ? MSR_IA32_APICBASE_BSP : 0);
    s->id = s->initial_apic_id;
    apic_reset_registers(s);
    s->wait_for_sipi = !bsp;
    /* A power-on reset drops a pending start-up IPI (INIT keeps it). */
    s->sipi_vector = 0;
    /*
     * QEMU's choice: the BSP's LINT0 starts in ExtINT mode, unmasked (as
     * firmware would set it), so that the 8259 reaches a kernel booted
     * without firmware (-kernel) before it programs its APIC.
     */
    if (bsp) {
        s->lvt[APIC_LVT_LINT0] = APIC_DM_EXTINT << APIC_DM_SHIFT;
    }
    apic_update_irq(s);
}

/* ---- The CPU side's operations (machine/x86-intr.h) ---- */

static bool apic_accept_pic_intr_op(DeviceState *dev)
{
    return apic_accepts_pic(APIC_COMMON(dev));
}

static void apic_poll_irq_op(DeviceState *dev)
{
    apic_update_irq(APIC_COMMON(dev));
}

static void apic_sipi_op(DeviceState *dev)
{
    APICCommonState *s = APIC_COMMON(dev);

    cpu_reset_interrupt(CPU(s->cpu), CPU_INTERRUPT_SIPI);
    /* SDM 8.4.4.1: a SIPI to a CPU not waiting for one is ignored. */
    if (!s->wait_for_sipi) {
        return;
    }
    s->wait_for_sipi = false;
    x86_cpu_do_sipi(s->cpu, s->sipi_vector);
}

static bool apic_set_base_op(DeviceState *dev, uint64_t val)
{
    APICCommonState *s = APIC_COMMON(dev);
    uint64_t valid = MSR_IA32_APICBASE_BSP | MSR_IA32_APICBASE_ENABLE |
                     MSR_IA32_APICBASE_EXTD | 0x000ffffffffff000ULL;
    bool was_enabled = apic_hw_enabled(s);

    if (val & ~valid) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "apic %u: IA32_APIC_BASE 0x%" PRIx64 " sets reserved "
                      "bits\n",
                      s->id, val);
        return false;
    }
    if (val & MSR_IA32_APICBASE_EXTD) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "apic %u: IA32_APIC_BASE 0x%" PRIx64 ": x2APIC mode is "
                      "not supported\n",
                      s->id, val);
        return false;
    }
    if ((val & MSR_IA32_APICBASE_BASE) != APIC_DEFAULT_ADDRESS &&
        (val & MSR_IA32_APICBASE_BASE) !=
            (s->apicbase & MSR_IA32_APICBASE_BASE)) {
        /* One region serves every CPU: it cannot move for one (QEMU too). */
        qemu_log_mask(LOG_UNIMP,
                      "apic %u: relocating the APIC to 0x%" PRIx64 " is not "
                      "supported: its registers stay at 0x%llx\n",
                      s->id, (uint64_t)(val & MSR_IA32_APICBASE_BASE),
                      (unsigned long long)APIC_DEFAULT_ADDRESS);
    }
    /* The BSP flag is the hardware's (SDM 10.4.4). */
    s->apicbase =
        (val & ~MSR_IA32_APICBASE_BSP) | (s->apicbase & MSR_IA32_APICBASE_BSP);
    if (was_enabled && !apic_hw_enabled(s)) {
        /* SDM 10.4.3: disabling loses the state; power-up values. */
        apic_reset_registers(s);
    }
    apic_update_irq(s);
    return true;
}

static uint64_t apic_get_base_op(DeviceState *dev)
{
    return APIC_COMMON(dev)->apicbase;
}

static void apic_set_tpr_op(DeviceState *dev, uint8_t val)
{
    APICCommonState *s = APIC_COMMON(dev);

    s->tpr = (val & 0x0f) << 4;
    apic_update_irq(s);
}

static uint8_t apic_get_tpr_op(DeviceState *dev)
{
    return APIC_COMMON(dev)->tpr >> 4;
}

static void apic_set_tsc_deadline_op(DeviceState *dev, uint64_t deadline,
                                     int64_t expire_ns)
{
    apic_timer_set_tsc_deadline(APIC_COMMON(dev), deadline, expire_ns);
}

static uint64_t apic_get_tsc_deadline_op(DeviceState *dev)
{
    APICCommonState *s = APIC_COMMON(dev);

    return apic_timer_mode(s) == APIC_TIMER_TSC_DEADLINE ? s->tsc_deadline : 0;
}

static const X86APICOps apic_ops = {
    .get_interrupt = apic_get_interrupt_op,
    .accept_pic_intr = apic_accept_pic_intr_op,
    .poll_irq = apic_poll_irq_op,
    .sipi = apic_sipi_op,
    .init_reset = apic_init_reset_op,
    .set_base = apic_set_base_op,
    .get_base = apic_get_base_op,
    .set_tpr = apic_set_tpr_op,
    .get_tpr = apic_get_tpr_op,
    .set_tsc_deadline = apic_set_tsc_deadline_op,
    .get_tsc_deadline = apic_get_tsc_deadline_op,
};

/* ---- Device ---- */

DeviceState *apic_create(X86CPU *cpu, uint32_t apic_id, Error **errp)
{
    DeviceState *dev = qdev_new(TYPE_APIC);

    object_property_add_child(OBJECT(cpu), "lapic", OBJECT(dev));
    object_unref(OBJECT(dev));
    if (!object_property_set_uint(OBJECT(dev), "id", apic_id, errp)) {
        object_unparent(OBJECT(dev));
        return NULL;
    }
    APIC_COMMON(dev)->cpu = cpu;
    cpu->apic_state = dev;
    return dev;
}

MemoryRegion *apic_get_io_region(DeviceState *dev)
{
    return &APIC_COMMON(dev)->io_memory;
}

static void apic_realize(DeviceState *dev, Error **errp)
{
    APICCommonState *s = APIC_COMMON(dev);

    if (!s->cpu) {
        error_setg(errp, "apic: no CPU to serve (created without "
                         "apic_create())");
        return;
    }
    if (s->initial_apic_id > APIC_MAX_XAPIC_ID) {
        error_setg(errp,
                   "APIC ID %" PRIu32 " does not fit the xAPIC (at most %d; "
                   "x2APIC is not supported)",
                   s->initial_apic_id, APIC_MAX_XAPIC_ID);
        return;
    }
    memory_region_init_io(&s->io_memory, OBJECT(dev), &apic_io_ops, NULL,
                          "apic-msi", APIC_SPACE_SIZE);
    /*
     * An EOI written here makes the I/O APIC send its next message here
     * (as QEMU, which exempts "apic-msi" from the guard for that reason).
     */
    s->io_memory.disable_reentrancy_guard = true;
    apic_timer_init(s);
    x86_intr_set_apic_ops(&apic_ops);
    /* Not on a bus: the device tree's reset does not reach it. */
    qemu_register_reset(apic_reset, s);
}

static void apic_unrealize(DeviceState *dev)
{
    APICCommonState *s = APIC_COMMON(dev);

    qemu_unregister_reset(apic_reset, s);
    apic_timer_destroy(s);
    if (s->cpu->apic_state == dev) {
        s->cpu->apic_state = NULL;
    }
}

/* The window may stay mapped (holding the APIC) until the map goes. */
static void apic_finalize(Object *obj)
{
    memory_region_destroy(&APIC_COMMON(obj)->io_memory);
}

/* "id": a plain uint32 property with no default, as QEMU's. */
static void apic_common_get_id(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    uint32_t id = APIC_COMMON(obj)->initial_apic_id;

    visit_type_uint32(v, name, &id, errp);
}

static void apic_common_set_id(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    APICCommonState *s = APIC_COMMON(obj);
    uint32_t id;

    if (DEVICE(obj)->realized) {
        error_setg(errp,
                   "Attempt to set property '%s' on device '%s' "
                   "after it was realized",
                   name, object_get_typename(obj));
        return;
    }
    if (visit_type_uint32(v, name, &id, errp)) {
        s->initial_apic_id = id;
    }
}

static Property apic_common_properties[] = {
    DEFINE_PROP_UINT8("version", APICCommonState, version,
                      APIC_DEFAULT_VERSION),
    DEFINE_PROP_END_OF_LIST(),
};

static void apic_common_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    object_class_property_add(oc, "id", "uint32", apic_common_get_id,
                              apic_common_set_id, NULL, NULL);
    device_class_set_props(dc, apic_common_properties);
    /* The board wires it to its CPU (QEMU: not creatable with -device). */
    dc->user_creatable = false;
}

static void apic_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = apic_realize;
    dc->unrealize = apic_unrealize;
}

static const TypeInfo apic_types[] = {
    {
        .name = TYPE_APIC_COMMON,
        .parent = TYPE_DEVICE,
        .abstract = true,
        .instance_size = sizeof(APICCommonState),
        .class_init = apic_common_class_init,
    },
    {
        .name = TYPE_APIC,
        .parent = TYPE_APIC_COMMON,
        .instance_finalize = apic_finalize,
        .class_init = apic_class_init,
    },
};

DEFINE_TYPES(apic_types)
