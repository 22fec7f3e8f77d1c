/*
 * Private to libdevices: the 8254's counters and the abstract
 * "pit-common" type the emulated "isa-pit" (i8254.c) derives from, as the
 * in-kernel KVM variant will (QEMU's split), and which the speaker port
 * (audio/pcspk.c) reads through devices/i8254.h.
 *
 *   i8254-common.c   the counting model (8254 datasheet, modes 0-5, GATE,
 *                    null count) on the virtual clock, state, reset
 *   i8254.c          the emulated chip: ports, latches, read-back, IRQ 0
 */
#ifndef TIMER_I8254_COMMON_H
#define TIMER_I8254_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/i8254.h"
#include "machine/isa.h"
#include "machine/memory.h"

/* Read/write states of a counter's byte flip-flops (RW = 1, 2, 3). */
enum {
    RW_STATE_LSB = 1,
    RW_STATE_MSB = 2,
    RW_STATE_WORD0 = 3, /* LSB next, then MSB */
    RW_STATE_WORD1 = 4, /* MSB next */
};

/*
 * One run of the counting element from a loaded count: n is loaded at
 * PIT clock pulse load (the clock's pulses are numbered from virtual time
 * 0) and counts from there.  A mode 3 run may start with the low half.
 */
typedef struct PITSegment {
    bool valid;
    bool start_low;
    uint32_t n;
    int64_t load;
    /* The count register write it came from (for Null Count). */
    uint64_t seq;
} PITSegment;

typedef struct PITChannelState {
    /* The control word. */
    uint8_t mode; /* M2-M0 as written: 6 and 7 work as 2 and 3 */
    bool bcd;
    uint8_t rw_mode; /* RW1-RW0; 0 until the first control word */
    uint8_t read_state;
    uint8_t write_state;
    uint8_t write_latch; /* the LSB of a two-byte count */

    /* The output latch and the status latch. */
    uint8_t count_latched; /* read state of the latched count, 0: none */
    uint16_t latched_count;
    bool status_latched;
    uint8_t status;

    /* The count register: 1..65536, or 1..10000 in BCD. */
    uint32_t count;
    bool count_written; /* since the control word */
    uint64_t count_seq; /* bumped on each control word and count write */
    bool gate;

    /*
     * The counting element: the run in progress, the one a mode 2/3
     * count write queues for the end of the period (or half-cycle), and
     * what OUT and the element show before cur loads.  While GATE holds
     * counting, stop is the pulse it stopped at (-1: counting); paused is
     * how many pulses cur did not count.
     */
    PITSegment cur;
    PITSegment next;
    bool idle_out;
    uint32_t idle_value;
    int64_t stop;
    int64_t paused;
} PITChannelState;

OBJECT_DECLARE_TYPE(PITCommonState, PITCommonClass, PIT_COMMON)

struct PITCommonClass {
    ISADeviceClass parent_class;
    /* The model's part of realize: create ioports and the GPIOs. */
    void (*init_chip)(PITCommonState *s);
    /* A counter's GATE or programming changed (pit_set_gate). */
    void (*channel_changed)(PITCommonState *s, int channel);
    /* pit-common's realize, for a subclass that checks more first. */
    DeviceRealize parent_realize;
};

struct PITCommonState {
    ISADevice parent_obj;

    uint32_t iobase; /* property iobase */
    MemoryRegion ioports;
    PITChannelState channels[3];
};

/* Every counter as after power-on in QEMU: mode 3, count 65536, loaded. */
void pit_common_reset(PITCommonState *s);

/* ---- The counting model; now is QEMU_CLOCK_VIRTUAL ns ---- */

/* PIT clock pulses from virtual time 0 to ns, and back (rounded up). */
int64_t pit_clock_pulses(int64_t ns);
int64_t pit_pulse_time(int64_t pulse);

/* A control word with RW != 0: mode, format, OUT to its initial level. */
void pit_channel_set_mode(PITChannelState *c, int rw, int mode, bool bcd,
                          int64_t now);
/* A complete count written (raw 16 bits, BCD when the format says so). */
void pit_channel_load_count(PITChannelState *c, uint16_t raw, int64_t now);
/* Mode 0: the first byte of a two-byte count stops counting, OUT low. */
void pit_channel_hold(PITChannelState *c, int64_t now);
void pit_channel_set_gate(PITChannelState *c, bool gate, int64_t now);

/* What the counter shows now. */
bool pit_channel_out(const PITChannelState *c, int64_t now);
uint16_t pit_channel_count(const PITChannelState *c, int64_t now);
bool pit_channel_null_count(const PITChannelState *c, int64_t now);
/* The status byte of the read-back command. */
uint8_t pit_channel_status(const PITChannelState *c, int64_t now);

/* When OUT next changes after time t (ns), or -1 if it never does. */
int64_t pit_channel_next_transition(const PITChannelState *c, int64_t t);

#endif /* TIMER_I8254_COMMON_H */
