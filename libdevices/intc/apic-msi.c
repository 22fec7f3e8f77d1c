/*
 * The APIC bus of the local APIC model: interrupt messages written to
 * 0xfee00000-0xfeefffff (the I/O APIC's, MSIs; Intel SDM vol. 3A 10.11)
 * and the IPIs of the ICR (SDM 10.6): destinations (physical, logical
 * flat and cluster, broadcast, shorthands) and delivery modes (fixed,
 * lowest priority, SMI, NMI, INIT, start-up, ExtINT).
 */
#include "apic-internal.h"
#include "machine/cpus.h"
#include "util/log.h"

/* The message address and data (SDM figures 10-24 and 10-25). */
#define MSI_ADDR_DEST_SHIFT 12
#define MSI_ADDR_DEST_LOGICAL (1u << 2)
#define MSI_DATA_VECTOR 0xffu
#define MSI_DATA_DM_SHIFT 8
#define MSI_DATA_TRIGGER_LEVEL (1u << 15)

/* ICR fields (SDM figure 10-12). */
#define APIC_ICR_DEST_LOGICAL (1u << 11)
#define APIC_ICR_SHORTHAND_SHIFT 18
enum {
    APIC_SH_NONE,
    APIC_SH_SELF,
    APIC_SH_ALL_INCL,
    APIC_SH_ALL_EXCL,
};

/* SDM 10.6.2.2: logical destinations under the flat or cluster model. */
static bool apic_match_logical(const APICCommonState *s, uint8_t dest)
{
    if (s->dest_mode == APIC_DFR_FLAT) {
        return dest & s->log_dest;
    }
    /* Cluster: bits 7:4 the cluster (15: all), 3:0 a mask within it. */
    if ((dest >> 4) != 0xf && (dest >> 4) != (s->log_dest >> 4)) {
        return false;
    }
    return dest & s->log_dest & 0xf;
}

/*
 * The APICs a destination names, in CPU order.  Hardware-disabled APICs
 * are off the bus (SDM 10.4.3).
 */
static GPtrArray *apic_find_dests(uint8_t dest, bool logical)
{
    GPtrArray *dests = g_ptr_array_new();
    CPUState *cpu;

    CPU_FOREACH(cpu)
    {
        APICCommonState *s = apic_of_cpu(cpu);

        if (!s || !apic_hw_enabled(s)) {
            continue;
        }
        if (logical ? apic_match_logical(s, dest)
                    : dest == APIC_BROADCAST || s->id == dest) {
            g_ptr_array_add(dests, s);
        }
    }
    return dests;
}

/* Fixed and lowest-priority interrupts need a software-enabled APIC. */
static bool apic_takes_vectors(const APICCommonState *s)
{
    return s->spurious_vec & APIC_SV_ENABLE;
}

/*
 * SDM 10.6.2.4: the APIC with the lowest arbitration priority (APR);
 * ties go to the first in CPU order.  NULL if none takes vectors.
 */
static APICCommonState *apic_lowest_prio(GPtrArray *dests)
{
    APICCommonState *best = NULL;
    int best_prio = 0x100;
    guint i;

    for (i = 0; i < dests->len; i++) {
        APICCommonState *s = g_ptr_array_index(dests, i);
        int prio;

        if (!apic_takes_vectors(s)) {
            continue;
        }
        prio = apic_get_apr(s);
        if (prio < best_prio) {
            best = s;
            best_prio = prio;
        }
    }
    return best;
}

/* Deliver to dests; false for a delivery mode the bus does not carry. */
static bool apic_bus_deliver(GPtrArray *dests, uint32_t mode, int vector,
                             bool level_trigger)
{
    APICCommonState *target;
    guint i;

    switch (mode) {
    case APIC_DM_LOWPRI:
        target = apic_lowest_prio(dests);
        if (target) {
            apic_set_irq(target, vector, level_trigger);
        }
        return true;
    case APIC_DM_FIXED:
        for (i = 0; i < dests->len; i++) {
            APICCommonState *s = g_ptr_array_index(dests, i);

            if (apic_takes_vectors(s)) {
                apic_set_irq(s, vector, level_trigger);
            }
        }
        return true;
    case APIC_DM_SMI:
    case APIC_DM_NMI:
    case APIC_DM_INIT:
    case APIC_DM_EXTINT:
        for (i = 0; i < dests->len; i++) {
            APICCommonState *s = g_ptr_array_index(dests, i);
            int req = mode == APIC_DM_SMI   ? CPU_INTERRUPT_SMI
                      : mode == APIC_DM_NMI ? CPU_INTERRUPT_NMI
                      : mode == APIC_DM_INIT
                          ? CPU_INTERRUPT_INIT
                          /* ExtINT: the vector comes from the 8259. */
                          : CPU_INTERRUPT_HARD;

            cpu_interrupt(CPU(s->cpu), req);
        }
        return true;
    }
    return false;
}

void apic_send_msi(uint32_t addr, uint32_t data)
{
    uint8_t dest = (addr >> MSI_ADDR_DEST_SHIFT) & 0xff;
    uint32_t mode = (data >> MSI_DATA_DM_SHIFT) & 7;
    g_autoptr(GPtrArray) dests =
        apic_find_dests(dest, addr & MSI_ADDR_DEST_LOGICAL);

    /*
     * The redirection hint (bit 3) only restricts lowest-priority
     * delivery to the destinations named, which is all this bus does.
     */
    if (!apic_bus_deliver(dests, mode, data & MSI_DATA_VECTOR,
                          data & MSI_DATA_TRIGGER_LEVEL)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "apic: interrupt message 0x%08x to 0x%08x: reserved "
                      "delivery mode %u, dropped\n",
                      data, 0xfee00000u + addr, mode);
    }
}

/* The APICs an ICR shorthand names. */
static GPtrArray *apic_shorthand_dests(APICCommonState *self, int shorthand)
{
    GPtrArray *dests = g_ptr_array_new();
    CPUState *cpu;

    if (shorthand == APIC_SH_SELF) {
        g_ptr_array_add(dests, self);
        return dests;
    }
    CPU_FOREACH(cpu)
    {
        APICCommonState *s = apic_of_cpu(cpu);

        if (s && apic_hw_enabled(s) &&
            (shorthand == APIC_SH_ALL_INCL || s != self)) {
            g_ptr_array_add(dests, s);
        }
    }
    return dests;
}

void apic_deliver_ipi(APICCommonState *s)
{
    uint32_t icr = s->icr[0];
    uint32_t mode = (icr & APIC_DM_MASK) >> APIC_DM_SHIFT;
    int shorthand = (icr >> APIC_ICR_SHORTHAND_SHIFT) & 3;
    int vector = icr & APIC_VECTOR_MASK;
    bool level_trigger = icr & APIC_TRIGGER_LEVEL;
    g_autoptr(GPtrArray) dests =
        shorthand == APIC_SH_NONE
            ? apic_find_dests(s->icr[1] >> 24, icr & APIC_ICR_DEST_LOGICAL)
            : apic_shorthand_dests(s, shorthand);
    guint i;

    switch (mode) {
    case APIC_DM_INIT:
        /*
         * SDM 10.6.1: INIT level de-assert only resynchronises the
         * arbitration IDs, which here always equal the APIC IDs.
         */
        if (level_trigger && !(icr & APIC_LEVEL_ASSERT)) {
            return;
        }
        break;
    case APIC_DM_STARTUP:
        for (i = 0; i < dests->len; i++) {
            APICCommonState *d = g_ptr_array_index(dests, i);

            d->sipi_vector = vector;
            cpu_interrupt(CPU(d->cpu), CPU_INTERRUPT_SIPI);
        }
        return;
    case APIC_DM_FIXED:
    case APIC_DM_LOWPRI:
        if (vector < 16) {
            /* SDM 10.5.3: the sender flags it; nothing goes out. */
            apic_report_error(s, APIC_ESR_SEND_ILLEGAL_VECTOR);
            return;
        }
        break;
    case APIC_DM_EXTINT:
        /* SDM figure 10-12: not a valid IPI delivery mode. */
        mode = 3;
        break;
    }
    if (!apic_bus_deliver(dests, mode, vector, level_trigger)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "apic %u: ICR 0x%08x: reserved delivery mode, IPI "
                      "dropped\n",
                      s->id, icr);
    }
}
