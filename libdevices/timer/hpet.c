/*
 * The HPET ("hpet"): IA-PC HPET Specification 1.0a (registers, one-shot
 * and periodic comparators, legacy replacement routing), with the
 * register behaviour QEMU 7.2 shows where the specification leaves room
 * (checked with qtest against qemu-system-x86_64 -M pc).  See
 * devices/hpet.h for the properties and the wiring.
 *
 * The main counter counts 10 ns ticks of QEMU_CLOCK_VIRTUAL while the
 * HPET is enabled.  Each comparator has a QEMUTimer armed for its next
 * event whenever the HPET is enabled: the counter reaching the
 * comparator (in the timer's width), and for a 32-bit one-shot timer
 * also the counter's low half wrapping to 0.  As the specification
 * says, a timer whose interrupt is disabled still runs and, when
 * level-triggered, still sets its status bit; its interrupt enable gates
 * only the output.  A comparator behind the counter matches again only
 * after the counter wraps (2^32 ticks, 43 s, in 32-bit mode).
 */
#include <inttypes.h>

#include "devices/hpet.h"
#include "machine/irq.h"
#include "machine/memory.h"
#include "machine/qdev-properties.h"
#include "machine/sysbus.h"
#include "util/error-report.h"
#include "util/error.h"
#include "util/log.h"
#include "util/timer.h"

OBJECT_DECLARE_SIMPLE_TYPE(HPETState, HPET)

/* ---- Registers (HPET specification 2.3) ---- */

#define HPET_REG_ID 0x000     /* capabilities and ID, low half */
#define HPET_REG_PERIOD 0x004 /* its high half: the tick in fs */
#define HPET_REG_CFG 0x010
#define HPET_REG_CFG_HI 0x014
#define HPET_REG_ISR 0x020
#define HPET_REG_ISR_HI 0x024
#define HPET_REG_COUNTER 0x0f0
#define HPET_REG_COUNTER_HI 0x0f4
#define HPET_REG_TIMERS 0x100
#define HPET_TIMER_STRIDE 0x20

/* A timer's registers, from its base. */
#define HPET_TN_REG_CFG 0x00
#define HPET_TN_REG_CAP 0x04 /* high half of the configuration */
#define HPET_TN_REG_CMP 0x08
#define HPET_TN_REG_CMP_HI 0x0c
#define HPET_TN_REG_FSB 0x10    /* FSB message data */
#define HPET_TN_REG_FSB_HI 0x14 /* FSB message address */

/* Capabilities and ID: revision 1, 64-bit counter, legacy capable. */
#define HPET_ID_REV 0x01u
#define HPET_ID_NUM_TIM_SHIFT 8
#define HPET_ID_COUNT_SIZE_CAP (1u << 13)
#define HPET_ID_LEG_RT_CAP (1u << 15)
#define HPET_ID_VENDOR (0x8086u << 16)
#define HPET_TICK_NS 10
#define HPET_TICK_FS (HPET_TICK_NS * 1000000ULL)

/* General configuration. */
#define HPET_CFG_ENABLE (1u << 0)
#define HPET_CFG_LEGACY (1u << 1)
#define HPET_CFG_WRITE_MASK (HPET_CFG_ENABLE | HPET_CFG_LEGACY)

/* Timer n configuration and capabilities (low half). */
#define HPET_TN_TYPE_LEVEL (1u << 1)
#define HPET_TN_ENABLE (1u << 2)
#define HPET_TN_PERIODIC (1u << 3)
#define HPET_TN_PERIODIC_CAP (1u << 4)
#define HPET_TN_SIZE_CAP (1u << 5)
#define HPET_TN_SETVAL (1u << 6)
#define HPET_TN_32BIT (1u << 8)
#define HPET_TN_INT_ROUTE_SHIFT 9
#define HPET_TN_INT_ROUTE_MASK (0x1fu << HPET_TN_INT_ROUTE_SHIFT)
#define HPET_TN_FSB_ENABLE (1u << 14)
#define HPET_TN_FSB_CAP (1u << 15)
/* What a guest may change (QEMU writes the route field unchecked). */
#define HPET_TN_CFG_WRITE_MASK                                                 \
    (HPET_TN_TYPE_LEVEL | HPET_TN_ENABLE | HPET_TN_PERIODIC | HPET_TN_SETVAL | \
     HPET_TN_32BIT | HPET_TN_INT_ROUTE_MASK | HPET_TN_FSB_ENABLE)

#define HPET_MIN_TIMERS 3
#define HPET_MAX_TIMERS 32

/* Legacy replacement: timer 0 takes the PIT's IRQ, timer 1 the RTC's. */
#define HPET_PIT_ISA_IRQ 0
#define HPET_RTC_ISA_IRQ 8
/*
 * Routes 16 and up are the ICH's PIRQ pins, inverted inside the chip;
 * QEMU folds that inversion into the HPET (an idle line is high), and so
 * does emu.
 */
#define HPET_FIRST_PIRQ_ROUTE 16

#define HPET_FW_MAX 8

typedef struct HPETTimer {
    struct HPETState *state;
    uint8_t tn;
    QEMUTimer qemu_timer;
    uint64_t config; /* high half: the routes it may use (hpet-intcap) */
    uint64_t cmp;
    uint64_t period; /* periodic mode: what the comparator advances by */
    uint64_t fsb;    /* high half: message address, low half: data */
    /* The route this timer's level output holds asserted, -1: none. */
    int asserted_route;
} HPETTimer;

struct HPETState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    qemu_irq irqs[HPET_NUM_IRQ_ROUTES];
    qemu_irq pit_enabled;

    /* Properties. */
    uint8_t num_timers;
    bool msi;
    uint32_t intcap;
    bool offset_saved;

    uint8_t fw_index;
    uint64_t capability;
    uint32_t config;
    uint32_t isr;
    /*
     * The main counter: its value while halted; while enabled, its value
     * at enable_ns (QEMU_CLOCK_VIRTUAL), from which it counts on.
     */
    uint64_t counter;
    int64_t enable_ns;
    bool rtc_irq_level;
    /*
     * The inverted routes (16-23) driven since the reset.  At power-on
     * nothing drives them (low); once used they idle high.  A reset lets
     * them go again, so that every reset gives the power-on lines.
     */
    uint32_t driven_pirqs;
    HPETTimer timer[HPET_MAX_TIMERS];
};

static struct hpet_fw_config hpet_fw_cfg = {.count = UINT8_MAX};

const struct hpet_fw_config *hpet_fw_config(void)
{
    return &hpet_fw_cfg;
}

/* ---- Main counter ---- */

static bool hpet_enabled(const HPETState *s)
{
    return s->config & HPET_CFG_ENABLE;
}

static bool hpet_legacy(const HPETState *s)
{
    return s->config & HPET_CFG_LEGACY;
}

/* Whole ticks since the counter started (enabled HPET). */
static uint64_t hpet_ticks_elapsed(const HPETState *s)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    return now > s->enable_ns ? (uint64_t)(now - s->enable_ns) / HPET_TICK_NS
                              : 0;
}

static uint64_t hpet_get_ticks(const HPETState *s)
{
    return hpet_enabled(s) ? s->counter + hpet_ticks_elapsed(s) : s->counter;
}

/* ---- Interrupt outputs ---- */

static int hpet_timer_route(const HPETTimer *t)
{
    if (hpet_legacy(t->state) && t->tn == 0) {
        return HPET_PIT_ISA_IRQ;
    }
    if (hpet_legacy(t->state) && t->tn == 1) {
        return HPET_RTC_ISA_IRQ;
    }
    return (t->config & HPET_TN_INT_ROUTE_MASK) >> HPET_TN_INT_ROUTE_SHIFT;
}

static void hpet_drive(HPETState *s, int route, bool asserted)
{
    bool inverted = route >= HPET_FIRST_PIRQ_ROUTE;

    if (inverted) {
        s->driven_pirqs |= 1u << route;
    }
    qemu_set_irq(s->irqs[route], asserted != inverted);
}

/*
 * A level-triggered timer holds its route asserted while its status bit
 * is set, its interrupt enabled, the HPET enabled and FSB delivery off;
 * a change of route moves the assertion.
 */
static void hpet_update_line(HPETTimer *t)
{
    HPETState *s = t->state;
    uint64_t c = t->config;
    int route = -1;

    if ((c & HPET_TN_TYPE_LEVEL) && (c & HPET_TN_ENABLE) &&
        !(c & HPET_TN_FSB_ENABLE) && hpet_enabled(s) &&
        (s->isr & (1u << t->tn))) {
        route = hpet_timer_route(t);
    }
    if (route == t->asserted_route) {
        return;
    }
    if (t->asserted_route >= 0) {
        hpet_drive(s, t->asserted_route, false);
    }
    if (route >= 0) {
        hpet_drive(s, route, true);
    }
    t->asserted_route = route;
}

static void hpet_update_lines(HPETState *s)
{
    int i;

    for (i = 0; i < s->num_timers; i++) {
        hpet_update_line(&s->timer[i]);
    }
}

/* The comparator matched (or a 32-bit one-shot timer's counter wrapped). */
static void hpet_timer_fire(HPETTimer *t)
{
    HPETState *s = t->state;
    uint64_t c = t->config;

    if (c & HPET_TN_FSB_ENABLE) {
        /* An MSI-style write; QEMU takes the bit without FSB_CAP too. */
        if (c & HPET_TN_ENABLE) {
            address_space_stl_le(&address_space_memory, t->fsb >> 32,
                                 (uint32_t)t->fsb, MEMTXATTRS_UNSPECIFIED,
                                 NULL);
        }
    } else if (c & HPET_TN_TYPE_LEVEL) {
        s->isr |= 1u << t->tn;
        hpet_update_line(t);
    } else if (c & HPET_TN_ENABLE) {
        int route = hpet_timer_route(t);

        hpet_drive(s, route, true);
        hpet_drive(s, route, false);
    }
}

/* ---- Timers ---- */

static uint64_t hpet_timer_mask(const HPETTimer *t)
{
    return (t->config & HPET_TN_32BIT) ? UINT32_MAX : UINT64_MAX;
}

static bool hpet_timer_periodic(const HPETTimer *t)
{
    return (t->config & HPET_TN_PERIODIC) && (t->period & hpet_timer_mask(t));
}

/*
 * Ticks from cur to the timer's next event, 0 for "now", UINT64_MAX for
 * "never" (a 64-bit comparator just passed: 2^64 ticks away).  just_fired:
 * the counter equal to the comparator is the event that ran, so the next
 * match is a whole wrap away.
 */
static uint64_t hpet_ticks_to_event(const HPETTimer *t, uint64_t cur,
                                    bool just_fired)
{
    uint64_t mask = hpet_timer_mask(t);
    uint64_t d = (t->cmp - cur) & mask;

    if (d == 0 && just_fired) {
        d = mask == UINT32_MAX ? (uint64_t)1 << 32 : UINT64_MAX;
    }
    /* A 32-bit one-shot timer also interrupts when the counter wraps. */
    if (mask == UINT32_MAX && !(t->config & HPET_TN_PERIODIC)) {
        uint64_t to_wrap = ((uint64_t)1 << 32) - (uint32_t)cur;

        if (to_wrap < d) {
            d = to_wrap;
        }
    }
    return d;
}

/*
 * Arm t's QEMUTimer for its next event after the counter value reached
 * elapsed ticks after enabling (the HPET must be enabled).  The deadline
 * may already have passed by the time it is armed: the timer then runs
 * at once and the callback folds in what it missed.
 */
static void hpet_arm_timer_from(HPETTimer *t, uint64_t elapsed,
                                bool just_fired)
{
    HPETState *s = t->state;
    uint64_t d = hpet_ticks_to_event(t, s->counter + elapsed, just_fired);
    uint64_t limit = (uint64_t)(INT64_MAX - s->enable_ns) / HPET_TICK_NS;

    /* The exact ns the counter reaches the event; beyond int64: never. */
    if (d > limit || elapsed + d > limit) {
        timer_del(&t->qemu_timer);
        return;
    }
    timer_mod_ns(&t->qemu_timer,
                 s->enable_ns + (int64_t)((elapsed + d) * HPET_TICK_NS));
}

static void hpet_arm_timer(HPETTimer *t, bool just_fired)
{
    hpet_arm_timer_from(t, hpet_ticks_elapsed(t->state), just_fired);
}

/*
 * One reading of the counter serves the whole callback: read again when
 * arming, after the interrupt's delivery took its time, it could be past
 * the new comparator, which a 32-bit periodic timer would then only meet
 * after the counter wraps (43 s without ticks: Linux's check_timer()
 * panicked on a loaded host).
 */
static void hpet_timer_cb(void *opaque)
{
    HPETTimer *t = opaque;
    uint64_t elapsed = hpet_ticks_elapsed(t->state);
    uint64_t cur = t->state->counter + elapsed;

    if (hpet_timer_periodic(t)) {
        uint64_t mask = hpet_timer_mask(t);
        uint64_t period = t->period & mask;
        /* A late callback folds the periods it missed into one event. */
        uint64_t late = (cur - t->cmp) & mask;
        uint64_t n = late / period + 1;

        t->cmp = mask == UINT32_MAX ? (uint32_t)(t->cmp + n * period)
                                    : t->cmp + n * period;
    }
    hpet_timer_fire(t);
    hpet_arm_timer_from(t, elapsed, true);
}

static void hpet_timer_reschedule(HPETTimer *t)
{
    if (hpet_enabled(t->state)) {
        hpet_arm_timer(t, false);
    }
}

/* ---- Register writes ---- */

static void hpet_set_legacy(HPETState *s, bool on)
{
    /* The PIT's and RTC's own outputs go quiet while the HPET has them. */
    qemu_irq_lower(s->irqs[HPET_PIT_ISA_IRQ]);
    if (on) {
        qemu_set_irq(s->pit_enabled, 0);
        qemu_irq_lower(s->irqs[HPET_RTC_ISA_IRQ]);
    } else {
        qemu_set_irq(s->pit_enabled, 1);
        qemu_set_irq(s->irqs[HPET_RTC_ISA_IRQ], s->rtc_irq_level);
    }
}

static void hpet_write_config(HPETState *s, uint32_t val)
{
    uint32_t old = s->config;
    uint32_t next = val & HPET_CFG_WRITE_MASK;
    int i;

    if (!(old & HPET_CFG_ENABLE) && (next & HPET_CFG_ENABLE)) {
        s->config = next;
        s->enable_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
        for (i = 0; i < s->num_timers; i++) {
            hpet_arm_timer(&s->timer[i], false);
        }
    } else if ((old & HPET_CFG_ENABLE) && !(next & HPET_CFG_ENABLE)) {
        s->counter = hpet_get_ticks(s);
        s->config = next;
        for (i = 0; i < s->num_timers; i++) {
            timer_del(&s->timer[i].qemu_timer);
        }
    } else {
        s->config = next;
    }
    if ((old ^ next) & HPET_CFG_LEGACY) {
        hpet_set_legacy(s, next & HPET_CFG_LEGACY);
    }
    hpet_update_lines(s);
}

static void hpet_write_counter(HPETState *s, uint32_t val, bool high)
{
    if (hpet_enabled(s)) {
        /* The specification allows writes only while halted. */
        qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                                  "hpet: main counter written while enabled, "
                                  "write ignored\n");
        return;
    }
    s->counter = high ? (s->counter & UINT32_MAX) | (uint64_t)val << 32
                      : (s->counter & ~(uint64_t)UINT32_MAX) | val;
}

static void hpet_timer_write_config(HPETTimer *t, uint32_t val)
{
    uint64_t old = t->config;

    t->config = (old & ~(uint64_t)HPET_TN_CFG_WRITE_MASK) |
                (val & HPET_TN_CFG_WRITE_MASK);
    if (t->config & HPET_TN_32BIT) {
        t->cmp = (uint32_t)t->cmp;
        t->period = (uint32_t)t->period;
    }
    hpet_update_line(t);
    /* Interrupt enable, trigger and route do not move the next event. */
    if ((old ^ t->config) & (HPET_TN_32BIT | HPET_TN_PERIODIC)) {
        hpet_timer_reschedule(t);
    }
}

/*
 * The comparator: in periodic mode a write sets the period, and also the
 * comparator itself when Tn_VAL_SET_CNF is set (then cleared); the high
 * half of a periodic timer's write with the bit clear is the period's.
 */
static void hpet_timer_write_cmp(HPETTimer *t, uint32_t val, bool high)
{
    bool periodic = t->config & HPET_TN_PERIODIC;
    bool setval = t->config & HPET_TN_SETVAL;

    if (!high) {
        if (!periodic || setval) {
            t->cmp = (t->cmp & ~(uint64_t)UINT32_MAX) | val;
        }
        if (periodic) {
            t->period = (t->period & ~(uint64_t)UINT32_MAX) | val;
        }
    } else if (!periodic || setval) {
        t->cmp = (t->cmp & UINT32_MAX) | (uint64_t)val << 32;
    } else {
        t->period = (t->period & UINT32_MAX) | (uint64_t)val << 32;
    }
    t->config &= ~(uint64_t)HPET_TN_SETVAL;
    hpet_timer_reschedule(t);
}

static void hpet_timer_write(HPETTimer *t, hwaddr reg, uint32_t val)
{
    switch (reg) {
    case HPET_TN_REG_CFG:
        hpet_timer_write_config(t, val);
        break;
    case HPET_TN_REG_CMP:
        hpet_timer_write_cmp(t, val, false);
        break;
    case HPET_TN_REG_CMP_HI:
        hpet_timer_write_cmp(t, val, true);
        break;
    case HPET_TN_REG_FSB:
        t->fsb = (t->fsb & ~(uint64_t)UINT32_MAX) | val;
        break;
    case HPET_TN_REG_FSB_HI:
        t->fsb = (t->fsb & UINT32_MAX) | (uint64_t)val << 32;
        break;
    default:
        qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                                  "hpet: write 0x%08x to timer %d read-only "
                                  "or reserved offset 0x%02x ignored\n",
                                  val, t->tn, (unsigned)reg);
    }
}

static uint32_t hpet_timer_read(const HPETTimer *t, hwaddr reg)
{
    switch (reg) {
    case HPET_TN_REG_CFG:
        return (uint32_t)t->config;
    case HPET_TN_REG_CAP:
        return t->config >> 32;
    case HPET_TN_REG_CMP:
        return (uint32_t)t->cmp;
    case HPET_TN_REG_CMP_HI:
        return t->cmp >> 32;
    case HPET_TN_REG_FSB:
        return (uint32_t)t->fsb;
    case HPET_TN_REG_FSB_HI:
        return t->fsb >> 32;
    }
    qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                              "hpet: read of timer %d reserved offset 0x%02x\n",
                              t->tn, (unsigned)reg);
    return 0;
}

/* ---- MMIO ---- */

/*
 * The timer a register offset belongs to (and its offset there), or
 * NULL for the general registers and the timers this HPET lacks.
 */
static HPETTimer *hpet_timer_at(HPETState *s, hwaddr addr, hwaddr *reg)
{
    hwaddr n;

    if (addr < HPET_REG_TIMERS) {
        return NULL;
    }
    n = (addr - HPET_REG_TIMERS) / HPET_TIMER_STRIDE;
    *reg = (addr - HPET_REG_TIMERS) % HPET_TIMER_STRIDE;
    return n < s->num_timers ? &s->timer[n] : NULL;
}

/*
 * The registers take aligned dwords; QEMU refuses other accesses (reads
 * 0, drops writes), as emu does, with a log line.  Its memory core
 * splits a qword into two dwords, and so does emu's.
 */
static bool hpet_access_ok(hwaddr addr, unsigned size, bool is_write)
{
    if (size == 4 && !(addr & 3)) {
        return true;
    }
    qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                              "hpet: %u-byte %s at offset 0x%03x ignored: "
                              "aligned dwords only\n",
                              size, is_write ? "write" : "read",
                              (unsigned)addr);
    return false;
}

static uint64_t hpet_ram_read(void *opaque, hwaddr addr, unsigned size)
{
    HPETState *s = opaque;
    HPETTimer *t;
    hwaddr reg;

    if (!hpet_access_ok(addr, size, false)) {
        return 0;
    }
    t = hpet_timer_at(s, addr, &reg);
    if (t) {
        return hpet_timer_read(t, reg);
    }
    switch (addr) {
    case HPET_REG_ID:
        return (uint32_t)s->capability;
    case HPET_REG_PERIOD:
        return s->capability >> 32;
    case HPET_REG_CFG:
        return s->config;
    case HPET_REG_ISR:
        return s->isr;
    case HPET_REG_COUNTER:
        return (uint32_t)hpet_get_ticks(s);
    case HPET_REG_COUNTER_HI:
        return hpet_get_ticks(s) >> 32;
    case HPET_REG_CFG_HI:
    case HPET_REG_ISR_HI:
        return 0;
    }
    qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                              "hpet: read of reserved offset 0x%03x\n",
                              (unsigned)addr);
    return 0;
}

static void hpet_ram_write(void *opaque, hwaddr addr, uint64_t val64,
                           unsigned size)
{
    HPETState *s = opaque;
    uint32_t val = (uint32_t)val64;
    HPETTimer *t;
    hwaddr reg;

    if (!hpet_access_ok(addr, size, true)) {
        return;
    }
    t = hpet_timer_at(s, addr, &reg);
    if (t) {
        hpet_timer_write(t, reg, val);
        return;
    }
    switch (addr) {
    case HPET_REG_CFG:
        hpet_write_config(s, val);
        return;
    case HPET_REG_ISR:
        /* Write 1 to clear a level-triggered timer's status. */
        s->isr &= ~(val & (uint32_t)((1ULL << s->num_timers) - 1));
        hpet_update_lines(s);
        return;
    case HPET_REG_COUNTER:
        hpet_write_counter(s, val, false);
        return;
    case HPET_REG_COUNTER_HI:
        hpet_write_counter(s, val, true);
        return;
    case HPET_REG_CFG_HI:
    case HPET_REG_ISR_HI:
        /* Reserved bits: writes go nowhere (as in QEMU). */
        return;
    }
    qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                              "hpet: write 0x%08x to read-only or reserved "
                              "offset 0x%03x ignored\n",
                              val, (unsigned)addr);
}

static const MemoryRegionOps hpet_ram_ops = {
    .read = hpet_ram_read,
    .write = hpet_ram_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4},
    .impl = {.min_access_size = 1, .max_access_size = 4},
};

/* ---- The PIT's and RTC's interrupts ---- */

static void hpet_handle_legacy_irq(void *opaque, int n, int level)
{
    HPETState *s = opaque;

    if (n == HPET_LEGACY_PIT_INT) {
        if (!hpet_legacy(s)) {
            qemu_set_irq(s->irqs[HPET_PIT_ISA_IRQ], level);
        }
    } else {
        s->rtc_irq_level = level != 0;
        if (!hpet_legacy(s)) {
            qemu_set_irq(s->irqs[HPET_RTC_ISA_IRQ], level);
        }
    }
}

/* ---- Device ---- */

static void hpet_reset(DeviceState *dev)
{
    HPETState *s = HPET(dev);
    int i;

    for (i = 0; i < s->num_timers; i++) {
        HPETTimer *t = &s->timer[i];

        timer_del(&t->qemu_timer);
        t->config = HPET_TN_PERIODIC_CAP | HPET_TN_SIZE_CAP |
                    (s->msi ? HPET_TN_FSB_CAP : 0) | (uint64_t)s->intcap << 32;
        t->cmp = UINT64_MAX;
        t->period = 0;
        t->fsb = 0;
    }
    s->config = 0;
    s->isr = 0;
    s->counter = 0;
    s->enable_ns = 0;
    /* The RTC's line drops at reset too; the RTC tells us again if not. */
    s->rtc_irq_level = false;
    hpet_update_lines(s);
    for (i = HPET_FIRST_PIRQ_ROUTE; i < HPET_NUM_IRQ_ROUTES; i++) {
        if (s->driven_pirqs & (1u << i)) {
            qemu_set_irq(s->irqs[i], 0);
        }
    }
    s->driven_pirqs = 0;
    /* The PIT runs again (QEMU tells it at every reset, as emu does). */
    qemu_set_irq(s->pit_enabled, 1);
    hpet_fw_cfg.hpet[s->fw_index].event_timer_block_id =
        (uint32_t)s->capability;
    hpet_fw_cfg.hpet[s->fw_index].address = SYS_BUS_DEVICE(dev)->mmio[0].addr;
}

static void hpet_realize(DeviceState *dev, Error **errp)
{
    HPETState *s = HPET(dev);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);
    int i;

    if (hpet_fw_cfg.count == UINT8_MAX) {
        hpet_fw_cfg.count = 0;
    }
    if (hpet_fw_cfg.count == HPET_FW_MAX) {
        /* QEMU 7.2's text. */
        error_setg(errp, "Only 8 instances of HPET is allowed");
        return;
    }
    s->fw_index = hpet_fw_cfg.count++;
    if (!s->intcap) {
        warn_report("Hpet's intcap not initialized");
    }
    /* QEMU clamps the timers property rather than refusing it. */
    if (s->num_timers < HPET_MIN_TIMERS) {
        s->num_timers = HPET_MIN_TIMERS;
    } else if (s->num_timers > HPET_MAX_TIMERS) {
        s->num_timers = HPET_MAX_TIMERS;
    }
    for (i = 0; i < HPET_MAX_TIMERS; i++) {
        HPETTimer *t = &s->timer[i];

        t->state = s;
        t->tn = i;
        t->asserted_route = -1;
        timer_init_ns(&t->qemu_timer, QEMU_CLOCK_VIRTUAL, hpet_timer_cb, t);
    }
    s->capability = HPET_ID_VENDOR | HPET_ID_LEG_RT_CAP |
                    HPET_ID_COUNT_SIZE_CAP |
                    (uint32_t)(s->num_timers - 1) << HPET_ID_NUM_TIM_SHIFT |
                    HPET_ID_REV | HPET_TICK_FS << 32;

    memory_region_init_io(&s->iomem, OBJECT(dev), &hpet_ram_ops, s, "hpet",
                          HPET_LEN);
    sysbus_init_mmio(sbd, &s->iomem);
    for (i = 0; i < HPET_NUM_IRQ_ROUTES; i++) {
        sysbus_init_irq(sbd, &s->irqs[i]);
    }
    qdev_init_gpio_in(dev, hpet_handle_legacy_irq, 2);
    qdev_init_gpio_out(dev, &s->pit_enabled, 1);
}

static void hpet_unrealize(DeviceState *dev)
{
    HPETState *s = HPET(dev);
    int i;

    for (i = 0; i < HPET_MAX_TIMERS; i++) {
        timer_deinit(&s->timer[i].qemu_timer);
    }
    /* Back to "no HPET" once the last one is gone (fw_cfg's count). */
    if (hpet_fw_cfg.count != UINT8_MAX && --hpet_fw_cfg.count == 0) {
        hpet_fw_cfg.count = UINT8_MAX;
    }
}

static void hpet_finalize(Object *obj)
{
    memory_region_destroy(&HPET(obj)->iomem);
}

static Property hpet_properties[] = {
    DEFINE_PROP_UINT8("timers", HPETState, num_timers, HPET_MIN_TIMERS),
    DEFINE_PROP_BOOL("msi", HPETState, msi, false),
    DEFINE_PROP_UINT32(HPET_INTCAP, HPETState, intcap, 0),
    DEFINE_PROP_BOOL("hpet-offset-saved", HPETState, offset_saved, true),
    DEFINE_PROP_END_OF_LIST(),
};

static void hpet_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = hpet_realize;
    dc->unrealize = hpet_unrealize;
    dc->reset = hpet_reset;
    device_class_set_props(dc, hpet_properties);
    /* The board creates and wires it (QEMU: not user creatable). */
    dc->user_creatable = false;
}

static const TypeInfo hpet_info = {
    .name = TYPE_HPET,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(HPETState),
    .instance_finalize = hpet_finalize,
    .class_init = hpet_class_init,
};

static void hpet_register_types(void)
{
    type_register_static(&hpet_info);
}

type_init(hpet_register_types)
