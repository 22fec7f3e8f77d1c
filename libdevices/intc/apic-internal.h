/*
 * Private to the local APIC model (libdevices/intc/apic*.c): its state
 * and what its files share.
 *
 *   apic.c         registers, priorities, INTA/EOI, LVTs, reset, the
 *                  CPU-side operations, the QOM types
 *   apic-msi.c     the APIC bus: interrupt messages, IPIs (ICR),
 *                  destinations and delivery modes
 *   apic-timer.c   the timer: one-shot, periodic, TSC-deadline
 */
#ifndef APIC_INTERNAL_H
#define APIC_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/apic.h"
#include "machine/memory.h"
#include "machine/qdev-core.h"
#include "machine/x86-cpu.h"
#include "qom/object.h"
#include "util/timer.h"

OBJECT_DECLARE_SIMPLE_TYPE(APICCommonState, APIC_COMMON)

/* The LVT entries in register order (SDM 10.5.1), CMCI not modelled. */
enum {
    APIC_LVT_TIMER,
    APIC_LVT_THERMAL,
    APIC_LVT_PERFORM,
    APIC_LVT_LINT0,
    APIC_LVT_LINT1,
    APIC_LVT_ERROR,
    APIC_LVT_NB,
};

/* LVT and ICR fields (SDM figures 10-8 and 10-12). */
#define APIC_VECTOR_MASK 0xffu
#define APIC_DM_SHIFT 8
#define APIC_DM_MASK (7u << APIC_DM_SHIFT)
#define APIC_DELIV_STATUS (1u << 12)
#define APIC_LVT_REMOTE_IRR (1u << 14)
#define APIC_LEVEL_ASSERT (1u << 14) /* ICR */
#define APIC_TRIGGER_LEVEL (1u << 15)
#define APIC_LVT_MASKED (1u << 16)
#define APIC_LVT_TIMER_SHIFT 17
#define APIC_LVT_TIMER_MODE (3u << APIC_LVT_TIMER_SHIFT)

/* Delivery modes. */
#define APIC_DM_FIXED 0
#define APIC_DM_LOWPRI 1
#define APIC_DM_SMI 2
#define APIC_DM_NMI 4
#define APIC_DM_INIT 5
#define APIC_DM_STARTUP 6
#define APIC_DM_EXTINT 7

/* Timer modes (LVT timer bits 18:17). */
#define APIC_TIMER_ONESHOT 0
#define APIC_TIMER_PERIODIC 1
#define APIC_TIMER_TSC_DEADLINE 2

/* Spurious-interrupt vector register (SDM 10.9). */
#define APIC_SV_VECTOR 0xffu
#define APIC_SV_ENABLE (1u << 8)

/* Error status register bits (SDM 10.5.3). */
#define APIC_ESR_SEND_ILLEGAL_VECTOR (1u << 5)
#define APIC_ESR_RECV_ILLEGAL_VECTOR (1u << 6)
#define APIC_ESR_ILLEGAL_ADDRESS (1u << 7)

/* Destination format model (DFR bits 31:28). */
#define APIC_DFR_FLAT 0xf
#define APIC_DFR_CLUSTER 0x0

#define APIC_BROADCAST 0xff

struct APICCommonState {
    DeviceState parent_obj;

    /* "apic-msi": registers and interrupt messages (the first APIC's). */
    MemoryRegion io_memory;
    X86CPU *cpu;
    uint32_t initial_apic_id; /* property "id" */
    uint8_t version;          /* property "version" */

    uint64_t apicbase; /* IA32_APIC_BASE */
    uint8_t id;        /* APIC ID register bits 31:24 */
    uint8_t tpr;
    uint32_t spurious_vec;
    uint8_t log_dest;  /* LDR bits 31:24 */
    uint8_t dest_mode; /* DFR bits 31:28 */
    uint32_t isr[8];
    uint32_t tmr[8];
    uint32_t irr[8];
    uint32_t lvt[APIC_LVT_NB];
    uint32_t esr;         /* what the last ESR write latched */
    uint32_t esr_pending; /* errors seen since then */
    uint32_t icr[2];

    /* Timer (apic-timer.c). */
    QEMUTimer timer;
    uint32_t divide_conf;
    int count_shift; /* log2 of the divider */
    uint32_t initial_count;
    int64_t initial_count_load_time; /* virtual ns of the last load */
    uint64_t tsc_deadline;           /* armed IA32_TSC_DEADLINE, 0: none */
    int64_t tsc_deadline_ns;         /* its virtual-clock time */

    uint8_t sipi_vector;
    bool wait_for_sipi;
    /* The 8259's INT as last seen on LINT0 (QEMU reads the PIC's output). */
    bool pic_level;
};

/* ---- apic.c ---- */

/* The APIC of a CPU, or NULL if it has none (or the accelerator's). */
APICCommonState *apic_of_cpu(CPUState *cpu);
/* The APIC is globally enabled (IA32_APIC_BASE bit 11). */
bool apic_hw_enabled(const APICCommonState *s);
/* Accept vector into IRR (fixed/lowest-priority), trigger as given. */
void apic_set_irq(APICCommonState *s, int vector, bool level_trigger);
/* Deliver the interrupt of LVT entry lvt, if unmasked. */
void apic_local_deliver(APICCommonState *s, int lvt);
/* Record an error (APIC_ESR_*) and raise the LVT error interrupt. */
void apic_report_error(APICCommonState *s, uint32_t esr_bit);
/* Recompute the CPU's CPU_INTERRUPT_HARD. */
void apic_update_irq(APICCommonState *s);
/* Processor priority (SDM 10.8.3.1). */
uint8_t apic_get_ppr(const APICCommonState *s);
/* Arbitration priority (lowest-priority delivery picks the lowest). */
uint8_t apic_get_apr(const APICCommonState *s);

/* ---- apic-msi.c ---- */

/* An interrupt message written to 0xfee00000 + addr (SDM 10.11). */
void apic_send_msi(uint32_t addr, uint32_t data);
/* Send the IPI the ICR describes (a write to ICR low). */
void apic_deliver_ipi(APICCommonState *s);

/* ---- apic-timer.c ---- */

void apic_timer_init(APICCommonState *s);
void apic_timer_destroy(APICCommonState *s);
/* The timer mode of LVT timer (APIC_TIMER_*). */
int apic_timer_mode(const APICCommonState *s);
/* Re-arm after a change of the LVT timer entry, count or divider. */
void apic_timer_update(APICCommonState *s);
/* The divide configuration register written. */
void apic_timer_set_divide(APICCommonState *s, uint32_t val);
/* The initial count register written. */
void apic_timer_set_initial_count(APICCommonState *s, uint32_t val);
uint32_t apic_timer_current_count(const APICCommonState *s);
/* The LVT timer entry changed from old (mode switches disarm). */
void apic_timer_lvt_changed(APICCommonState *s, uint32_t old);
void apic_timer_set_tsc_deadline(APICCommonState *s, uint64_t deadline,
                                 int64_t expire_ns);
/* Stop the timer and forget its counts (reset). */
void apic_timer_reset(APICCommonState *s);

#endif /* APIC_INTERNAL_H */
