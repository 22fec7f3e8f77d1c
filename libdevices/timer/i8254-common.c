/*
 * "pit-common": the 8254's three counters as the Intel 8254/82C54
 * datasheet describes them, driven by QEMU_CLOCK_VIRTUAL, and the state
 * every PIT model shares (QEMU's hw/timer/i8254_common.c split; own
 * code).
 *
 * Nothing ticks: a counter is a run of its counting element from a known
 * PIT clock pulse, and OUT and the count at any time follow from the
 * mode.  The datasheet's timing is kept: a count written is loaded into
 * the counting element on the next CLK pulse (until then Null Count is
 * set and the element shows its old value); modes 1 and 5 load on the
 * pulse after a GATE rising edge; GATE low stops counting in modes 0, 2,
 * 3 and 4 and forces OUT high in 2 and 3, and its rising edge reloads in
 * modes 1, 2, 3 and 5; a new count in modes 2 and 3 waits for the end of
 * the period (mode 2) or half-cycle (mode 3).
 */
#include <inttypes.h>

#include "i8254-common.h"
#include "machine/qdev-properties.h"
#include "util/error.h"
#include "util/log.h"
#include "util/timer.h"

/* ---- The clock ---- */

int64_t pit_clock_pulses(int64_t ns)
{
    if (ns <= 0) {
        return 0;
    }
    return (int64_t)((unsigned __int128)ns * PIT_FREQ / NANOSECONDS_PER_SECOND);
}

int64_t pit_pulse_time(int64_t pulse)
{
    unsigned __int128 t =
        ((unsigned __int128)pulse * NANOSECONDS_PER_SECOND + PIT_FREQ - 1) /
        PIT_FREQ;

    return t > INT64_MAX ? INT64_MAX : (int64_t)t;
}

/* ---- One run of the counting element ---- */

/* Modes 6 and 7 are 2 and 3 (M2 is a don't-care there). */
static int pit_mode(const PITChannelState *c)
{
    return c->mode > 5 ? c->mode - 4 : c->mode;
}

/* The counter's range: 65536 in binary, 10000 in BCD. */
static uint32_t pit_modulus(const PITChannelState *c)
{
    return c->bcd ? 10000 : 65536;
}

/* Mode 3 spends (n + 1) / 2 pulses high, the rest low. */
static int64_t pit_high_half(uint32_t n)
{
    return (n + 1) / 2;
}

/*
 * OUT and the element's value j pulses after seg loaded, counting all
 * along (8254 datasheet, "Mode Definitions").
 */
static void pit_segment_eval(const PITChannelState *c, const PITSegment *seg,
                             int64_t j, bool *out, uint32_t *value)
{
    int64_t n = seg->n;
    int64_t m = pit_modulus(c);
    int64_t q, hi;

    switch (pit_mode(c)) {
    case 0: /* interrupt on terminal count: OUT high from 0 on */
    case 1: /* one-shot: OUT low from the trigger until 0 */
        *out = j >= n;
        *value = (uint32_t)(((n - j) % m + m) % m);
        break;
    case 4: /* strobes: OUT low for the one pulse the count is 0 */
    case 5:
        *out = j != n;
        *value = (uint32_t)(((n - j) % m + m) % m);
        break;
    case 2: /* rate generator: n .. 1, OUT low while at 1 */
        q = j % n;
        *out = q != n - 1;
        *value = (uint32_t)(n - q);
        break;
    default: /* 3, square wave: decrements by 2 (odd n: 1 or 3 first) */
        hi = pit_high_half(seg->n);
        q = (j + (seg->start_low ? hi : 0)) % n;
        *out = q < hi;
        if (!*out) {
            q -= hi;
        }
        if (!(n & 1)) {
            *value = (uint32_t)(n - 2 * q);
        } else if (q == 0) {
            *value = (uint32_t)n;
        } else {
            *value = (uint32_t)(*out ? n + 1 - 2 * q : n - 1 - 2 * q);
        }
        break;
    }
}

/* The next j after j at which the run's OUT changes, or -1. */
static int64_t pit_segment_next_change(const PITChannelState *c,
                                       const PITSegment *seg, int64_t j)
{
    int64_t n = seg->n;
    int64_t q, hi;

    switch (pit_mode(c)) {
    case 0:
    case 1:
        return j < n ? n : -1;
    case 4:
    case 5:
        if (j < n) {
            return n;
        }
        return j == n ? n + 1 : -1;
    case 2:
        if (n == 1) {
            return -1; /* always at 1: OUT stays low */
        }
        q = j % n;
        return q < n - 1 ? j + (n - 1 - q) : j + 1;
    default:
        hi = pit_high_half(seg->n);
        if (hi == n) {
            return -1; /* n = 1: no low half */
        }
        q = (j + (seg->start_low ? hi : 0)) % n;
        return q < hi ? j + (hi - q) : j + (n - q);
    }
}

/* ---- The counter at a pulse ---- */

/*
 * The run that is current at pulse p, and the pulses it has counted
 * (< 0: not loaded yet).  A queued run takes over at its load pulse; it
 * only exists while counting (mode 2/3, GATE high).
 */
static const PITSegment *pit_current(const PITChannelState *c, int64_t p,
                                     int64_t *j)
{
    const PITSegment *seg = &c->cur;
    int64_t end;

    if (c->next.valid && p >= c->next.load) {
        *j = p - c->next.load;
        return &c->next;
    }
    if (!seg->valid || p < seg->load) {
        *j = -1;
        return NULL;
    }
    end = c->stop >= 0 && c->stop < p ? c->stop : p;
    *j = end - seg->load - c->paused;
    return seg;
}

static void pit_eval(const PITChannelState *c, int64_t p, bool *out,
                     uint32_t *value)
{
    int64_t j;
    const PITSegment *seg = pit_current(c, p, &j);

    if (!seg) {
        *out = c->idle_out;
        *value = c->idle_value;
        return;
    }
    pit_segment_eval(c, seg, j, out, value);
    /* Modes 2 and 3: GATE low sets OUT high at once. */
    if (c->stop >= 0 && seg == &c->cur &&
        (pit_mode(c) == 2 || pit_mode(c) == 3)) {
        *out = true;
    }
}

/* Make the queued run current once pulse p has reached it. */
static void pit_sync(PITChannelState *c, int64_t p)
{
    if (c->next.valid && p >= c->next.load) {
        c->cur = c->next;
        c->next.valid = false;
        c->stop = -1;
        c->paused = 0;
    }
}

/* Freeze what the element shows now, for the time before the next load. */
static void pit_snapshot(PITChannelState *c, int64_t p)
{
    bool out;
    uint32_t value;

    pit_eval(c, p, &out, &value);
    c->idle_out = out;
    c->idle_value = value;
}

/* Load the count register on the CLK pulse after p. */
static void pit_load_next_pulse(PITChannelState *c, int64_t p)
{
    c->cur = (PITSegment){
        .valid = true,
        .n = c->count,
        .load = p + 1,
        .seq = c->count_seq,
    };
    c->next.valid = false;
    c->paused = 0;
    /* Loaded but not counting until GATE rises (modes 0, 2, 3, 4). */
    c->stop =
        c->gate || pit_mode(c) == 1 || pit_mode(c) == 5 ? -1 : c->cur.load;
}

static void pit_stop_counting(PITChannelState *c, int64_t p)
{
    if (c->stop < 0) {
        c->stop = c->cur.valid && c->cur.load > p ? c->cur.load : p;
    }
}

static void pit_resume_counting(PITChannelState *c, int64_t p)
{
    if (c->stop >= 0) {
        if (p > c->stop) {
            c->paused += p - c->stop;
        }
        c->stop = -1;
    }
}

/* ---- Programming ---- */

void pit_channel_set_mode(PITChannelState *c, int rw, int mode, bool bcd,
                          int64_t now)
{
    int64_t p = pit_clock_pulses(now);

    pit_sync(c, p);
    /* The element keeps its value; control logic and OUT reset. */
    pit_snapshot(c, p);
    c->rw_mode = rw;
    c->read_state = rw;
    c->write_state = rw;
    c->mode = mode;
    c->bcd = bcd;
    /* Reprogramming drops what was latched and not read yet. */
    c->count_latched = 0;
    c->status_latched = false;
    c->count_written = false;
    c->count_seq++;
    c->cur.valid = false;
    c->next.valid = false;
    c->stop = -1;
    c->paused = 0;
    /* OUT's initial level: low in mode 0, high in the others. */
    c->idle_out = pit_mode(c) != 0;
}

/* A BCD count as a number; invalid digits count at face value. */
static uint32_t pit_from_bcd(uint16_t raw)
{
    uint32_t n = 0;
    int shift;

    for (shift = 12; shift >= 0; shift -= 4) {
        uint32_t digit = (raw >> shift) & 0xf;

        if (digit > 9) {
            qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                                      "i8254: BCD count 0x%04x has a digit "
                                      "above 9\n",
                                      raw);
        }
        n = n * 10 + digit;
    }
    return n % 10000;
}

void pit_channel_load_count(PITChannelState *c, uint16_t raw, int64_t now)
{
    int64_t p = pit_clock_pulses(now);
    uint32_t n = c->bcd ? pit_from_bcd(raw) : raw;
    int64_t j;

    pit_sync(c, p);
    /* 0 is the largest count: 65536, or 10000 in BCD. */
    c->count = n ? n : pit_modulus(c);
    c->count_written = true;
    c->count_seq++;

    switch (pit_mode(c)) {
    case 0:
    case 4:
        /* Loaded on the next pulse; mode 0's OUT goes low now. */
        pit_snapshot(c, p);
        if (pit_mode(c) == 0) {
            c->idle_out = false;
        }
        pit_load_next_pulse(c, p);
        break;
    case 1:
    case 5:
        /* Armed: the next GATE trigger loads it. */
        break;
    default:
        if (pit_current(c, p, &j) == &c->cur && j >= 0 && c->stop < 0) {
            /* Counting: the period (mode 2) or half (mode 3) finishes. */
            int64_t n_old = c->cur.n;
            int64_t end;
            bool low_next = false;

            if (pit_mode(c) == 2) {
                end = (j / n_old + 1) * n_old;
            } else {
                int64_t hi = pit_high_half(c->cur.n);
                int64_t q = (j + (c->cur.start_low ? hi : 0)) % n_old;

                low_next = q < hi;
                end = j + (low_next ? hi - q : n_old - q);
            }
            c->next = (PITSegment){
                .valid = true,
                .start_low = low_next,
                .n = c->count,
                .load = c->cur.load + c->paused + end,
                .seq = c->count_seq,
            };
        } else {
            pit_snapshot(c, p);
            pit_load_next_pulse(c, p);
        }
        break;
    }
}

void pit_channel_hold(PITChannelState *c, int64_t now)
{
    int64_t p = pit_clock_pulses(now);

    pit_sync(c, p);
    pit_snapshot(c, p);
    c->idle_out = false;
    c->cur.valid = false;
    c->next.valid = false;
    c->stop = -1;
    c->paused = 0;
}

void pit_channel_set_gate(PITChannelState *c, bool gate, int64_t now)
{
    int64_t p = pit_clock_pulses(now);
    bool rising = gate && !c->gate;
    bool falling = !gate && c->gate;

    pit_sync(c, p);
    c->gate = gate;
    switch (pit_mode(c)) {
    case 0:
    case 4:
        if (falling) {
            pit_stop_counting(c, p);
        } else if (rising) {
            pit_resume_counting(c, p);
        }
        break;
    case 2:
    case 3:
        if (falling) {
            pit_stop_counting(c, p);
            /* The count register is reloaded when GATE rises. */
            c->next.valid = false;
        } else if (rising) {
            if (c->count_written) {
                pit_snapshot(c, p);
                pit_load_next_pulse(c, p);
            } else {
                pit_resume_counting(c, p);
            }
        }
        break;
    default:
        /* Modes 1 and 5: a rising edge triggers (once armed). */
        if (rising && c->count_written) {
            pit_snapshot(c, p);
            pit_load_next_pulse(c, p);
        }
        break;
    }
}

/* ---- Reading ---- */

bool pit_channel_out(const PITChannelState *c, int64_t now)
{
    bool out;
    uint32_t value;

    pit_eval(c, pit_clock_pulses(now), &out, &value);
    return out;
}

uint16_t pit_channel_count(const PITChannelState *c, int64_t now)
{
    bool out;
    uint32_t value;

    pit_eval(c, pit_clock_pulses(now), &out, &value);
    if (c->bcd) {
        value %= 10000;
        return (value / 1000) << 12 | (value / 100 % 10) << 8 |
               (value / 10 % 10) << 4 | value % 10;
    }
    return (uint16_t)value;
}

bool pit_channel_null_count(const PITChannelState *c, int64_t now)
{
    int64_t j;
    const PITSegment *seg = pit_current(c, pit_clock_pulses(now), &j);

    /* Set from a write until that count is in the counting element. */
    return !c->count_written || !seg || seg->seq != c->count_seq;
}

uint8_t pit_channel_status(const PITChannelState *c, int64_t now)
{
    return pit_channel_out(c, now) << 7 | pit_channel_null_count(c, now) << 6 |
           c->rw_mode << 4 | c->mode << 1 | c->bcd;
}

int64_t pit_channel_next_transition(const PITChannelState *c, int64_t t)
{
    PITChannelState s = *c;
    int64_t p = pit_clock_pulses(t);
    bool out, out2;
    uint32_t value;
    int i;

    pit_sync(&s, p);
    pit_eval(&s, p, &out, &value);
    /* At most: the pending load, then the queued run. */
    for (i = 0; i < 3; i++) {
        int64_t boundary = -1;
        int64_t within = -1;
        int64_t j;
        const PITSegment *seg = pit_current(&s, p, &j);

        if (!seg) {
            if (s.cur.valid) {
                boundary = s.cur.load;
            }
        } else if (s.stop < 0) {
            int64_t next_j = pit_segment_next_change(&s, seg, j);

            if (next_j >= 0) {
                within = p + (next_j - j);
            }
        }
        if (s.next.valid && (boundary < 0 || s.next.load < boundary)) {
            boundary = s.next.load;
        }
        if (within >= 0 && (boundary < 0 || within < boundary)) {
            return pit_pulse_time(within);
        }
        if (boundary < 0) {
            return -1;
        }
        p = boundary;
        pit_sync(&s, p);
        pit_eval(&s, p, &out2, &value);
        if (out2 != out) {
            return pit_pulse_time(p);
        }
    }
    return -1;
}

/* ---- Device ---- */

void pit_common_reset(PITCommonState *s)
{
    int64_t p = pit_clock_pulses(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
    int i;

    for (i = 0; i < 3; i++) {
        PITChannelState *c = &s->channels[i];
        /*
         * Segments are compared only with their own channel's count_seq,
         * and reset replaces both: the same value after every reset.
         */
        uint64_t seq = 1;

        *c = (PITChannelState){
            .mode = 3,
            .count = 65536,
            .count_written = true,
            .count_seq = seq,
            /* GATE of counters 0 and 1 is tied high. */
            .gate = i != 2,
            .cur = {.valid = true, .n = 65536, .load = p, .seq = seq},
            .idle_out = true,
            .idle_value = 65536,
            .stop = -1,
        };
        if (!c->gate) {
            c->stop = p;
        }
    }
}

void pit_get_channel_info(ISADevice *pit, int channel, PITChannelInfo *info)
{
    PITCommonState *s = PIT_COMMON(pit);
    PITChannelState *c = &s->channels[channel];
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    info->gate = c->gate;
    info->mode = c->mode;
    info->initial_count = c->count;
    info->out = pit_channel_out(c, now);
}

void pit_set_gate(ISADevice *pit, int channel, int val)
{
    PITCommonState *s = PIT_COMMON(pit);
    PITCommonClass *pcc = PIT_COMMON_GET_CLASS(pit);

    pit_channel_set_gate(&s->channels[channel], val != 0,
                         qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
    if (pcc->channel_changed) {
        pcc->channel_changed(s, channel);
    }
}

static void pit_common_realize(DeviceState *dev, Error **errp)
{
    PITCommonState *s = PIT_COMMON(dev);

    /* The four ports (counters 0-2, control word) in the I/O space. */
    if (s->iobase > 0xfffc) {
        error_setg(errp,
                   "iobase 0x%" PRIx32 ": the PIT's four ports must "
                   "lie in the I/O space (0 to 0xffff)",
                   s->iobase);
        return;
    }
    PIT_COMMON_GET_CLASS(dev)->init_chip(s);
    isa_register_ioport(ISA_DEVICE(dev), &s->ioports, s->iobase);
}

static void pit_common_finalize(Object *obj)
{
    memory_region_destroy(&PIT_COMMON(obj)->ioports);
}

static Property pit_common_properties[] = {
    DEFINE_PROP_UINT32("iobase", PITCommonState, iobase, -1),
    DEFINE_PROP_END_OF_LIST(),
};

static void pit_common_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = pit_common_realize;
    device_class_set_props(dc, pit_common_properties);
    /* Part of the chipset: the board creates it (QEMU: not pluggable). */
    dc->user_creatable = false;
}

static const TypeInfo pit_common_info = {
    .name = TYPE_PIT_COMMON,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(PITCommonState),
    .instance_finalize = pit_common_finalize,
    .class_size = sizeof(PITCommonClass),
    .class_init = pit_common_class_init,
    .abstract = true,
};

static void pit_common_register_types(void)
{
    type_register_static(&pit_common_info);
}

type_init(pit_common_register_types)
