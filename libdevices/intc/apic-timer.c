/*
 * The local APIC timer (Intel SDM vol. 3A, 10.5.4) on QEMU_CLOCK_VIRTUAL:
 * one-shot and periodic modes counting the initial count down at the
 * bus clock divided by the divide configuration, and the TSC-deadline
 * mode (10.5.4.1), armed by the CPU side with the virtual-clock time of
 * its deadline.
 *
 * The bus clock is QEMU's: 1 GHz (one count per nanosecond, divided).
 * The count reaches 0 after initial-count ticks, which raises the timer
 * interrupt; a periodic timer then starts again from the initial count,
 * so its period is initial-count ticks.
 */
#include "apic-internal.h"

#define APIC_BUS_CYCLE_NS 1

/*
 * Divide configuration bits 3, 1:0 (SDM figure 10-10) -> log2 of the
 * divider: 000 /2, 001 /4, 010 /8, 011 /16, 100 /32, 101 /64, 110 /128,
 * 111 /1.
 */
static const uint8_t apic_divide_shift[8] = {1, 2, 3, 4, 5, 6, 7, 0};

int apic_timer_mode(const APICCommonState *s)
{
    return (s->lvt[APIC_LVT_TIMER] & APIC_LVT_TIMER_MODE) >>
           APIC_LVT_TIMER_SHIFT;
}

/* Ticks since the initial count was loaded (at virtual time now). */
static uint64_t apic_timer_ticks(const APICCommonState *s, int64_t now)
{
    int64_t elapsed = now - s->initial_count_load_time;

    if (elapsed <= 0) {
        return 0;
    }
    return ((uint64_t)elapsed / APIC_BUS_CYCLE_NS) >> s->count_shift;
}

/* The virtual time of tick number ticks after the load. */
static int64_t apic_timer_tick_time(const APICCommonState *s, uint64_t ticks)
{
    return s->initial_count_load_time +
           (int64_t)((ticks << s->count_shift) * APIC_BUS_CYCLE_NS);
}

static uint32_t apic_timer_count_at(const APICCommonState *s, int64_t now)
{
    uint64_t ticks;

    if (s->initial_count == 0 ||
        apic_timer_mode(s) == APIC_TIMER_TSC_DEADLINE) {
        return 0;
    }
    ticks = apic_timer_ticks(s, now);
    if (apic_timer_mode(s) == APIC_TIMER_PERIODIC) {
        return s->initial_count - (uint32_t)(ticks % s->initial_count);
    }
    return ticks >= s->initial_count ? 0 : s->initial_count - (uint32_t)ticks;
}

uint32_t apic_timer_current_count(const APICCommonState *s)
{
    return apic_timer_count_at(s, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
}

void apic_timer_update(APICCommonState *s)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    uint64_t ticks, next;

    if (apic_timer_mode(s) == APIC_TIMER_TSC_DEADLINE) {
        if (s->tsc_deadline) {
            timer_mod_ns(&s->timer, s->tsc_deadline_ns);
        } else {
            timer_del(&s->timer);
        }
        return;
    }
    if (s->initial_count == 0) {
        timer_del(&s->timer);
        return;
    }
    ticks = apic_timer_ticks(s, now);
    if (apic_timer_mode(s) == APIC_TIMER_PERIODIC) {
        next = (ticks / s->initial_count + 1) * s->initial_count;
    } else if (ticks < s->initial_count) {
        next = s->initial_count;
    } else {
        /* A one-shot count that reached 0 stays there. */
        timer_del(&s->timer);
        return;
    }
    timer_mod_ns(&s->timer, apic_timer_tick_time(s, next));
}

static void apic_timer_cb(void *opaque)
{
    APICCommonState *s = opaque;

    if (apic_timer_mode(s) == APIC_TIMER_TSC_DEADLINE) {
        if (!s->tsc_deadline) {
            return;
        }
        /* SDM 10.5.4.1: the interrupt disarms (the MSR reads 0). */
        s->tsc_deadline = 0;
    }
    /* The LVT mask only holds the interrupt back; counting goes on. */
    apic_local_deliver(s, APIC_LVT_TIMER);
    apic_timer_update(s);
}

void apic_timer_set_divide(APICCommonState *s, uint32_t val)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    uint32_t count = apic_timer_count_at(s, now);
    uint32_t sel;

    s->divide_conf = val & 0xb;
    sel = (s->divide_conf & 3) | (s->divide_conf & 8) >> 1;
    s->count_shift = apic_divide_shift[sel];
    /* Go on counting from the current value at the new rate. */
    if (s->initial_count && count) {
        uint64_t done = s->initial_count - count;

        s->initial_count_load_time =
            now - (int64_t)((done << s->count_shift) * APIC_BUS_CYCLE_NS);
    }
    apic_timer_update(s);
}

void apic_timer_set_initial_count(APICCommonState *s, uint32_t val)
{
    /* SDM 10.5.4.1: ignored in TSC-deadline mode. */
    if (apic_timer_mode(s) == APIC_TIMER_TSC_DEADLINE) {
        return;
    }
    s->initial_count = val;
    s->initial_count_load_time = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    apic_timer_update(s);
}

void apic_timer_lvt_changed(APICCommonState *s, uint32_t old)
{
    int old_mode = (old & APIC_LVT_TIMER_MODE) >> APIC_LVT_TIMER_SHIFT;

    /* SDM 10.5.4.1: a change of timer mode disarms the timer. */
    if (old_mode != apic_timer_mode(s)) {
        s->initial_count = 0;
        s->tsc_deadline = 0;
    }
    apic_timer_update(s);
}

void apic_timer_set_tsc_deadline(APICCommonState *s, uint64_t deadline,
                                 int64_t expire_ns)
{
    /* SDM 10.5.4.1: writes outside TSC-deadline mode are ignored. */
    if (apic_timer_mode(s) != APIC_TIMER_TSC_DEADLINE) {
        return;
    }
    s->tsc_deadline = deadline;
    s->tsc_deadline_ns = expire_ns;
    apic_timer_update(s);
}

void apic_timer_reset(APICCommonState *s)
{
    s->initial_count = 0;
    s->initial_count_load_time = 0;
    s->tsc_deadline = 0;
    s->tsc_deadline_ns = 0;
    s->divide_conf = 0;
    s->count_shift = apic_divide_shift[0];
    timer_del(&s->timer);
}

void apic_timer_init(APICCommonState *s)
{
    timer_init_ns(&s->timer, QEMU_CLOCK_VIRTUAL, apic_timer_cb, s);
}

void apic_timer_destroy(APICCommonState *s)
{
    timer_del(&s->timer);
    timer_deinit(&s->timer);
}
