/*
 * The pc board's 8254 PIT (QEMU's "isa-pit", ports 0x40-0x43, IRQ 0) and
 * port 0x61 ("isa-pcspk") through libqtest, from the 8254 datasheet and
 * the PIIX3's NMI status and control register: reset state, control
 * words and the status byte, the three access formats, the counter latch
 * and read-back commands, BCD, every mode stepped pulse by pulse, GATE,
 * Null Count, IRQ 0 at the I/O APIC's input 0, port 0x61's bits and
 * system_reset.
 *
 * Against QEMU (no qtest accelerator: -accel tcg -S, where the virtual
 * clock does not move and clock_step fails) the clock-dependent parts are
 * skipped.  Also left out on QEMU, where it differs from the datasheet on
 * purpose or by simplification: the status byte's OUT and Null Count
 * bits (QEMU inverts OUT in modes 1, 2, 4 and 5 and never sets Null
 * Count), the count before the counting element is loaded (QEMU shows a
 * new count at once; the 8254 loads it on the next CLK pulse, which emu's
 * tests step to), and port 0x61's refresh bit (QEMU flips it on each
 * read; emu follows the virtual clock).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "qtest/libqtest.h"

#define PIT_FREQ 1193182
#define NS_PER_S 1000000000LL

#define CH(n) (0x40 + (n))
#define PIT_CONTROL 0x43
#define PORT61 0x61

/* Control word: counter, access (1 LSB, 2 MSB, 3 both), mode, BCD. */
#define CW(sc, rw, mode, bcd) ((sc) << 6 | (rw) << 4 | (mode) << 1 | (bcd))
#define CW_LATCH(sc) ((sc) << 6)
/*
 * Read-back: latch the count (bit 5 low) and/or the status (bit 4 low)
 * of the counters in mask.
 */
#define RB_COUNT_ONLY 0x10
#define RB_STATUS_ONLY 0x20
#define RB(flags, mask) (0xc0 | (flags) | (mask) << 1)

#define ST_OUT 0x80
#define ST_NULL 0x40

typedef struct Ctx {
    QTestState *s;
    bool clock; /* emu: the qtest accelerator's clock */
} Ctx;

static Ctx start(void)
{
    Ctx c;

    c.s = qtest_init("-M pc -nodefaults");
    c.clock = qtest_probe_clock(c.s);
    return c;
}

/* ---- The PIT clock (emu only) ---- */

static int64_t now_ns(Ctx *c)
{
    return qtest_clock_step(c->s, 0);
}

/* Pulses of the PIT clock from virtual time 0 to t, and back. */
static int64_t pulses(int64_t t)
{
    return (int64_t)((unsigned __int128)t * PIT_FREQ / NS_PER_S);
}

static int64_t pulse_time(int64_t p)
{
    return (int64_t)(((unsigned __int128)p * NS_PER_S + PIT_FREQ - 1) /
                     PIT_FREQ);
}

/* Step the clock to exactly k PIT clock pulses later. */
static void step_pulses(Ctx *c, int64_t k)
{
    int64_t t = now_ns(c);

    qtest_clock_step(c->s, pulse_time(pulses(t) + k) - t);
}

/*
 * Let a count written be loaded into the counting element: the next CLK
 * pulse on emu; QEMU loads it at once (and has no clock to step).
 */
static void load(Ctx *c)
{
    if (c->clock) {
        step_pulses(c, 1);
    }
}

/* ---- Port helpers ---- */

static void write_count(Ctx *c, int ch, uint16_t count)
{
    qtest_outb(c->s, CH(ch), count & 0xff);
    qtest_outb(c->s, CH(ch), count >> 8);
}

/* Program counter ch: LSB then MSB, mode, binary or BCD. */
static void program(Ctx *c, int ch, int mode, bool bcd, uint16_t count)
{
    qtest_outb(c->s, PIT_CONTROL, CW(ch, 3, mode, bcd));
    write_count(c, ch, count);
}

static uint16_t read_count(Ctx *c, int ch)
{
    uint16_t lo = qtest_inb(c->s, CH(ch));

    return lo | qtest_inb(c->s, CH(ch)) << 8;
}

static uint8_t status(Ctx *c, int ch)
{
    qtest_outb(c->s, PIT_CONTROL, RB(RB_STATUS_ONLY, 1 << ch));
    return qtest_inb(c->s, CH(ch));
}

/* The status bits both emu and QEMU report as the datasheet says. */
static void assert_mode_bits(Ctx *c, int ch, uint8_t cw)
{
    assert_int_equal(status(c, ch) & 0x3f, cw & 0x3f);
}

/* Port 0x61 without the refresh toggle. */
static uint8_t port61(Ctx *c)
{
    return qtest_inb(c->s, PORT61) & ~0x10;
}

/* ---- Tests ---- */

/*
 * After reset (QEMU's values): every counter in mode 3, binary, count
 * 65536 loaded, OUT high, no access format yet; counter 2's GATE low.
 */
static void assert_reset_state(Ctx *c)
{
    int ch;

    qtest_outb(c->s, PIT_CONTROL, RB(RB_STATUS_ONLY, 7));
    for (ch = 0; ch < 3; ch++) {
        assert_int_equal(qtest_inb(c->s, CH(ch)), 0x86);
    }
    /*
     * Before the first control word reads are single bytes (LSB); the
     * callers have not moved the clock, so the counts are still 65536.
     */
    for (ch = 0; ch < 3; ch++) {
        assert_int_equal(qtest_inb(c->s, CH(ch)), 0);
    }
    assert_int_equal(port61(c), 0x20);
}

static void test_reset_state(void **state)
{
    Ctx c = start();

    (void)state;
    assert_reset_state(&c);
    /* The control word register is write-only (reads 0 here). */
    assert_int_equal(qtest_inb(c.s, PIT_CONTROL), 0);
    qtest_quit(c.s);
}

/* Status bits 5-0 are the control word; OUT and Null Count on emu. */
static void test_control_word_status(void **state)
{
    Ctx c = start();
    int ch, mode, rw;

    (void)state;
    for (ch = 0; ch < 3; ch++) {
        for (mode = 0; mode < 8; mode++) {
            for (rw = 1; rw < 4; rw++) {
                uint8_t cw = CW(ch, rw, mode, mode & 1);

                qtest_outb(c.s, PIT_CONTROL, cw);
                assert_mode_bits(&c, ch, cw);
                if (c.clock) {
                    /* OUT's initial level: low in mode 0 only. */
                    assert_int_equal(status(&c, ch),
                                     (cw & 0x3f) | ST_NULL |
                                         (mode == 0 ? 0 : ST_OUT));
                }
            }
        }
    }
    qtest_quit(c.s);
}

/* LSB only, MSB only, LSB then MSB; separate read and write flip-flops. */
static void test_access_formats(void **state)
{
    Ctx c = start();

    (void)state;
    qtest_outb(c.s, PIT_CONTROL, CW(0, 1, 0, 0));
    qtest_outb(c.s, CH(0), 0x34);
    load(&c);
    assert_int_equal(qtest_inb(c.s, CH(0)), 0x34);
    assert_int_equal(qtest_inb(c.s, CH(0)), 0x34);

    qtest_outb(c.s, PIT_CONTROL, CW(0, 2, 0, 0));
    qtest_outb(c.s, CH(0), 0x12);
    load(&c);
    assert_int_equal(qtest_inb(c.s, CH(0)), 0x12);
    qtest_outb(c.s, PIT_CONTROL, CW_LATCH(0));
    assert_int_equal(qtest_inb(c.s, CH(0)), 0x12);

    program(&c, 0, 0, false, 0x1234);
    load(&c);
    assert_int_equal(read_count(&c, 0), 0x1234);
    /* 8254 datasheet: read LSB, write LSB, read MSB, write MSB works. */
    assert_int_equal(qtest_inb(c.s, CH(0)), 0x34);
    qtest_outb(c.s, CH(0), 0x78);
    assert_int_equal(qtest_inb(c.s, CH(0)), 0x12);
    qtest_outb(c.s, CH(0), 0x56);
    load(&c);
    assert_int_equal(read_count(&c, 0), 0x5678);
    /* Counter 2 and 1 the same way. */
    program(&c, 2, 0, false, 0xbeef);
    program(&c, 1, 4, false, 0x0102);
    load(&c);
    assert_int_equal(read_count(&c, 2), 0xbeef);
    assert_int_equal(read_count(&c, 1), 0x0102);
    qtest_quit(c.s);
}

/* The counter latch command holds the count until it is read. */
static void test_counter_latch(void **state)
{
    Ctx c = start();

    (void)state;
    program(&c, 0, 0, false, 0x1234);
    load(&c);
    qtest_outb(c.s, PIT_CONTROL, CW_LATCH(0));
    write_count(&c, 0, 0x5678);
    load(&c);
    /* A second latch before reading is ignored. */
    qtest_outb(c.s, PIT_CONTROL, CW_LATCH(0));
    assert_int_equal(read_count(&c, 0), 0x1234);
    assert_int_equal(read_count(&c, 0), 0x5678);
    /* A latch of an LSB-only counter is one byte. */
    qtest_outb(c.s, PIT_CONTROL, CW(2, 1, 2, 0));
    qtest_outb(c.s, CH(2), 0x44);
    load(&c);
    qtest_outb(c.s, PIT_CONTROL, CW_LATCH(2));
    assert_int_equal(qtest_inb(c.s, CH(2)), 0x44);
    qtest_quit(c.s);
}

/* Read-back: status first, then count; several counters at once. */
static void test_read_back(void **state)
{
    Ctx c = start();

    (void)state;
    program(&c, 0, 2, false, 0x1111);
    program(&c, 1, 0, false, 0x2222);
    program(&c, 2, 3, false, 0x3333);
    load(&c);
    /* Count and status of counters 0 and 2. */
    qtest_outb(c.s, PIT_CONTROL, RB(0, 5));
    assert_int_equal(qtest_inb(c.s, CH(0)) & 0x3f, CW(0, 3, 2, 0) & 0x3f);
    assert_int_equal(read_count(&c, 0), 0x1111);
    assert_int_equal(qtest_inb(c.s, CH(2)) & 0x3f, CW(2, 3, 3, 0) & 0x3f);
    assert_int_equal(read_count(&c, 2), 0x3333);
    /* Counter 1 latched nothing. */
    write_count(&c, 1, 0x4444);
    load(&c);
    assert_int_equal(read_count(&c, 1), 0x4444);

    /* Count only; a status latched twice is read once. */
    qtest_outb(c.s, PIT_CONTROL, RB(RB_COUNT_ONLY, 2));
    qtest_outb(c.s, PIT_CONTROL, RB(RB_STATUS_ONLY, 2));
    qtest_outb(c.s, PIT_CONTROL, RB(RB_STATUS_ONLY, 2));
    assert_int_equal(qtest_inb(c.s, CH(1)) & 0x3f, CW(1, 3, 0, 0) & 0x3f);
    assert_int_equal(read_count(&c, 1), 0x4444);
    /* Status only: then the counter reads live again. */
    qtest_outb(c.s, PIT_CONTROL, RB(RB_STATUS_ONLY, 1));
    assert_int_equal(qtest_inb(c.s, CH(0)) & 0x3f, CW(0, 3, 2, 0) & 0x3f);
    write_count(&c, 1, 0x5555);
    load(&c);
    assert_int_equal(read_count(&c, 1), 0x5555);
    qtest_quit(c.s);
}

/* BCD counts: written and read as four decimal digits. */
static void test_bcd(void **state)
{
    Ctx c = start();

    (void)state;
    program(&c, 0, 0, true, 0x9999);
    load(&c);
    assert_mode_bits(&c, 0, CW(0, 3, 0, 1));
    assert_int_equal(read_count(&c, 0), 0x9999);
    if (c.clock) {
        /* 10 pulses later: 9989, decimal. */
        step_pulses(&c, 10);
        assert_int_equal(read_count(&c, 0), 0x9989);
        /* 0 is 10000: after one pulse, 9999; it wraps at 0000. */
        write_count(&c, 0, 0x0000);
        load(&c);
        assert_int_equal(read_count(&c, 0), 0x0000);
        step_pulses(&c, 1);
        assert_int_equal(read_count(&c, 0), 0x9999);
        write_count(&c, 0, 0x0002);
        load(&c);
        step_pulses(&c, 3);
        assert_int_equal(read_count(&c, 0), 0x9999);
    }
    qtest_quit(c.s);
}

/*
 * Mode by mode on emu, pulse by pulse from the load: count and OUT
 * (status bit 7) against the 8254 datasheet's mode definitions.
 */
static void expect(Ctx *c, int ch, uint16_t count, bool out)
{
    uint8_t st;

    qtest_outb(c->s, PIT_CONTROL, RB(0, 1 << ch));
    st = qtest_inb(c->s, CH(ch));
    assert_int_equal(st & ST_OUT, out ? ST_OUT : 0);
    assert_int_equal(read_count(c, ch), count);
}

static void test_modes_stepped(void **state)
{
    static const struct {
        int mode;
        uint16_t n;
        /* count and OUT after pulses 0.. from the load */
        uint16_t counts[8];
        bool outs[8];
    } cases[] = {
        /* Mode 0: OUT high at 0; the count wraps on. */
        {0,
         4,
         {4, 3, 2, 1, 0, 0xffff, 0xfffe, 0xfffd},
         {0, 0, 0, 0, 1, 1, 1, 1}},
        /* Mode 2: N..1, OUT low while at 1, reload. */
        {2, 4, {4, 3, 2, 1, 4, 3, 2, 1}, {1, 1, 1, 0, 1, 1, 1, 0}},
        /* Mode 3, even N: by twos, half high, half low. */
        {3, 4, {4, 2, 4, 2, 4, 2, 4, 2}, {1, 1, 0, 0, 1, 1, 0, 0}},
        /* Mode 3, odd N: high one pulse longer (5, 4, 2 / 5, 2). */
        {3, 5, {5, 4, 2, 5, 2, 5, 4, 2}, {1, 1, 1, 0, 0, 1, 1, 1}},
        /* Mode 4: OUT low for the pulse the count is 0. */
        {4,
         3,
         {3, 2, 1, 0, 0xffff, 0xfffe, 0xfffd, 0xfffc},
         {1, 1, 1, 0, 1, 1, 1, 1}},
        /* Modes 6 and 7 are 2 and 3. */
        {6, 3, {3, 2, 1, 3, 2, 1, 3, 2}, {1, 1, 0, 1, 1, 0, 1, 1}},
        {7, 2, {2, 2, 2, 2, 2, 2, 2, 2}, {1, 0, 1, 0, 1, 0, 1, 0}},
    };
    Ctx c = start();
    size_t i;
    int k;

    (void)state;
    if (!c.clock) {
        qtest_quit(c.s);
        skip();
    }
    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        program(&c, 0, cases[i].mode, false, cases[i].n);
        /* Null Count until the next CLK pulse loads the count. */
        assert_true(status(&c, 0) & ST_NULL);
        load(&c);
        assert_false(status(&c, 0) & ST_NULL);
        for (k = 0; k < 8; k++) {
            expect(&c, 0, cases[i].counts[k], cases[i].outs[k]);
            step_pulses(&c, 1);
        }
    }
    qtest_quit(c.s);
}

/*
 * Counter 2's GATE (port 0x61 bit 0) on emu: it triggers modes 1 and 5,
 * holds counting in modes 0 and 4, and in modes 2 and 3 forces OUT high
 * and reloads on its rising edge.
 */
static void test_gate(void **state)
{
    Ctx c = start();

    (void)state;
    if (!c.clock) {
        qtest_quit(c.s);
        skip();
    }
    /* Mode 1: armed by the count, started by GATE rising. */
    program(&c, 2, 1, false, 3);
    step_pulses(&c, 5);
    assert_true(status(&c, 2) & ST_NULL);
    assert_true(status(&c, 2) & ST_OUT);
    qtest_outb(c.s, PORT61, 0x01);
    load(&c);
    expect(&c, 2, 3, false);
    assert_int_equal(port61(&c), 0x01);
    step_pulses(&c, 2);
    expect(&c, 2, 1, false);
    /* Retriggered: N pulses low again from the next pulse. */
    qtest_outb(c.s, PORT61, 0x00);
    qtest_outb(c.s, PORT61, 0x01);
    load(&c);
    expect(&c, 2, 3, false);
    step_pulses(&c, 3);
    expect(&c, 2, 0, true);
    assert_int_equal(port61(&c), 0x21);

    /* Mode 5: one low pulse N pulses after the trigger. */
    qtest_outb(c.s, PORT61, 0x00);
    program(&c, 2, 5, false, 2);
    qtest_outb(c.s, PORT61, 0x01);
    load(&c);
    expect(&c, 2, 2, true);
    step_pulses(&c, 2);
    expect(&c, 2, 0, false);
    step_pulses(&c, 1);
    expect(&c, 2, 0xffff, true);

    /* Mode 0: GATE low pauses counting, OUT unaffected. */
    program(&c, 2, 0, false, 10);
    load(&c);
    step_pulses(&c, 3);
    qtest_outb(c.s, PORT61, 0x00);
    step_pulses(&c, 20);
    expect(&c, 2, 7, false);
    qtest_outb(c.s, PORT61, 0x01);
    step_pulses(&c, 7);
    expect(&c, 2, 0, true);
    assert_int_equal(port61(&c), 0x21);

    /* Mode 2: GATE low forces OUT high; rising reloads. */
    program(&c, 2, 2, false, 3);
    load(&c);
    step_pulses(&c, 2);
    expect(&c, 2, 1, false);
    qtest_outb(c.s, PORT61, 0x00);
    expect(&c, 2, 1, true);
    step_pulses(&c, 5);
    expect(&c, 2, 1, true);
    qtest_outb(c.s, PORT61, 0x01);
    load(&c);
    expect(&c, 2, 3, true);
    step_pulses(&c, 2);
    expect(&c, 2, 1, false);
    qtest_quit(c.s);
}

/* Modes 2 and 3: a new count waits for the end of the period. */
static void test_new_count_at_period_end(void **state)
{
    Ctx c = start();

    (void)state;
    if (!c.clock) {
        qtest_quit(c.s);
        skip();
    }
    program(&c, 0, 2, false, 5);
    load(&c);
    step_pulses(&c, 1);
    write_count(&c, 0, 3);
    assert_true(status(&c, 0) & ST_NULL);
    expect(&c, 0, 4, true);
    step_pulses(&c, 3);
    expect(&c, 0, 1, false);
    step_pulses(&c, 1);
    /* Reloaded with the new count. */
    assert_false(status(&c, 0) & ST_NULL);
    expect(&c, 0, 3, true);
    step_pulses(&c, 2);
    expect(&c, 0, 1, false);
    qtest_quit(c.s);
}

/*
 * IRQ 0 at the I/O APIC's input 0 (QEMU moves it to pin 2 inside the
 * I/O APIC, so qtest reports it as input 0).  Programming alone works
 * on both: mode 3 leaves OUT high, mode 0 low.  The edges over time on
 * emu: mode 2 with N = 100 is low for pulse 99 of each period.
 */
static void test_irq0(void **state)
{
    Ctx c = start();
    int64_t t0, p;
    int period;

    (void)state;
    qtest_irq_intercept_in(c.s, "ioapic");
    program(&c, 0, 3, false, 1000);
    assert_true(qtest_get_irq(c.s, 0));
    program(&c, 0, 0, false, 1000);
    assert_false(qtest_get_irq(c.s, 0));
    if (!c.clock) {
        qtest_quit(c.s);
        return;
    }
    /* Mode 0: up after N + 1 pulses (load, then N), and stays. */
    step_pulses(&c, 1000);
    assert_false(qtest_get_irq(c.s, 0));
    step_pulses(&c, 1);
    assert_true(qtest_get_irq(c.s, 0));
    step_pulses(&c, 70000);
    assert_true(qtest_get_irq(c.s, 0));

    program(&c, 0, 2, false, 100);
    t0 = now_ns(&c);
    p = pulses(t0) + 1; /* the load */
    for (period = 0; period < 3; period++) {
        int64_t low = p + period * 100 + 99;

        qtest_clock_step(c.s, pulse_time(low) - 1 - now_ns(&c));
        assert_true(qtest_get_irq(c.s, 0));
        qtest_clock_step(c.s, 1);
        assert_false(qtest_get_irq(c.s, 0));
        qtest_clock_step(c.s, pulse_time(low + 1) - now_ns(&c));
        assert_true(qtest_get_irq(c.s, 0));
    }
    qtest_quit(c.s);
}

/* Port 0x61: GATE 2 and speaker data read back, OUT 2 in bit 5. */
static void test_port61(void **state)
{
    Ctx c = start();
    uint8_t r;
    int i;

    (void)state;
    qtest_outb(c.s, PORT61, 0x03);
    assert_int_equal(port61(&c), 0x23);
    assert_int_equal(status(&c, 2) & 0x3f, 0x06);
    qtest_outb(c.s, PORT61, 0x02);
    assert_int_equal(port61(&c), 0x22);
    /* Bits 2-3 and 6-7 read 0 (no NMI sources). */
    qtest_outb(c.s, PORT61, 0xfc);
    assert_int_equal(port61(&c), 0x20);
    /* OUT 2 follows counter 2: low in mode 0 until the count ends. */
    program(&c, 2, 0, false, 0x100);
    assert_int_equal(port61(&c), 0x00);
    program(&c, 2, 3, false, 0x100);
    load(&c);
    assert_int_equal(port61(&c) & 0x20, 0x20);
    if (c.clock) {
        /* The refresh toggle flips every 18 PIT clock pulses. */
        int64_t t = now_ns(&c);
        int64_t next = (pulses(t) / 18 + 1) * 18;

        r = qtest_inb(c.s, PORT61) & 0x10;
        assert_int_equal(qtest_inb(c.s, PORT61) & 0x10, r);
        qtest_clock_step(c.s, pulse_time(next) - t);
        for (i = 0; i < 4; i++) {
            assert_int_equal(qtest_inb(c.s, PORT61) & 0x10, r ^ 0x10);
            step_pulses(&c, 18);
            r ^= 0x10;
        }
    }
    qtest_quit(c.s);
}

/* Whether the binary under test is QEMU (libqtest's own rule). */
static bool is_qemu(void)
{
    const char *bin = g_getenv("QTEST_QEMU_BINARY");
    g_autofree char *base = bin && *bin ? g_path_get_basename(bin) : NULL;

    return base && g_str_has_prefix(base, "qemu-system-");
}

/*
 * system_reset puts every counter, latch and port 0x61 back.  QEMU 7.2's
 * reset restores only each counter's mode, count and GATE: the access
 * format, BCD, latches and port 0x61's speaker data bit (its speaker has
 * no reset; the PIIX3's NMISC resets to 0) survive it.  On QEMU only
 * those three are checked, and nothing is latched before the reset.
 */
static void test_system_reset(void **state)
{
    Ctx c = start();
    bool qemu = is_qemu();

    (void)state;
    program(&c, 0, 2, false, 0x1234);
    program(&c, 1, 4, true, 0x5678);
    qtest_outb(c.s, PIT_CONTROL, CW(2, 1, 0, 0));
    qtest_outb(c.s, PORT61, qemu ? 0x01 : 0x03);
    if (!qemu) {
        qtest_outb(c.s, PIT_CONTROL, RB(0, 7));
    }
    qtest_qmp_assert_success(c.s, "{\"execute\": \"system_reset\"}");
    qtest_qmp_eventwait(c.s, "RESET");
    if (qemu) {
        int ch;

        qtest_outb(c.s, PIT_CONTROL, RB(RB_STATUS_ONLY, 7));
        for (ch = 0; ch < 3; ch++) {
            assert_int_equal(qtest_inb(c.s, CH(ch)) & (ST_OUT | 0x0e), 0x86);
        }
        assert_int_equal(port61(&c), 0x20);
    } else {
        assert_reset_state(&c);
    }
    qtest_quit(c.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reset_state),
        cmocka_unit_test(test_control_word_status),
        cmocka_unit_test(test_access_formats),
        cmocka_unit_test(test_counter_latch),
        cmocka_unit_test(test_read_back),
        cmocka_unit_test(test_bcd),
        cmocka_unit_test(test_modes_stepped),
        cmocka_unit_test(test_gate),
        cmocka_unit_test(test_new_count_at_period_end),
        cmocka_unit_test(test_irq0),
        cmocka_unit_test(test_port61),
        cmocka_unit_test(test_system_reset),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
