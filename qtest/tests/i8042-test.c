/*
 * The pc board's keyboard controller (QEMU's "i8042": data port 0x60,
 * status/command port 0x64, IRQ 1 and 12), the PS/2 keyboard and mouse
 * behind it and port 0x92, through libqtest and QMP: the status register
 * and command byte after reset, self-test and interface tests, the
 * output port, disabling and enabling each side, the keyboard's and the
 * mouse's commands through the data port, the interrupts as
 * "irq_intercept_in ioapic" sees them, and the reset lines (command
 * 0xfe, output port bit 0, port 0x92 bit 0) with QMP's RESET event.
 * Passes against emu and QEMU; nothing here needs the clock.
 *
 * Where emu differs on purpose: a reset clears port 0x92 whole, as the
 * data sheets say (QEMU keeps its A20 bit), and restores the i8042's last
 * data byte and pending command, which QEMU keeps
 * (libdevices/tests/test-i8042.c covers those on emu).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "qtest/libqtest.h"

#define DATA 0x60
#define CMD 0x64
#define STATUS 0x64
#define PORT92 0x92

#define STAT_OBF 0x01
#define STAT_SELFTEST 0x04
#define STAT_MOUSE_OBF 0x20
/* QEMU keeps "command" and "not inhibited" set. */
#define STAT_RESET 0x18

#define MODE_RESET 0x03
#define OUTPORT_RESET 0xcf

#define KBD_IRQ 1
#define MOUSE_IRQ 12

static QTestState *start_args(const char *args)
{
    return qtest_initf("-M pc -nodefaults %s", args);
}

static QTestState *start(void)
{
    return start_args("");
}

/* The next byte from the output buffer, which must hold one. */
static uint8_t read_byte(QTestState *s)
{
    assert_true(qtest_inb(s, STATUS) & STAT_OBF);
    return qtest_inb(s, DATA);
}

static void expect_bytes(QTestState *s, const uint8_t *want, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        assert_int_equal(read_byte(s), want[i]);
    }
    assert_false(qtest_inb(s, STATUS) & STAT_OBF);
}

#define expect(s, ...)                                                         \
    do {                                                                       \
        const uint8_t want_[] = {__VA_ARGS__};                                 \
        expect_bytes((s), want_, sizeof(want_));                               \
    } while (0)

static uint8_t command_read(QTestState *s, uint8_t cmd)
{
    qtest_outb(s, CMD, cmd);
    return read_byte(s);
}

static void command_write(QTestState *s, uint8_t cmd, uint8_t val)
{
    qtest_outb(s, CMD, cmd);
    qtest_outb(s, DATA, val);
}

static void mouse_write(QTestState *s, uint8_t val)
{
    command_write(s, 0xd4, val);
}

/* Wait for RESET and check it is the guest's. */
static void expect_guest_reset(QTestState *s)
{
    JsonObject *ev = qtest_qmp_eventwait_ref(s, "RESET");
    JsonObject *data = json_object_get_object_member(ev, "data");

    assert_true(json_object_get_boolean_member(data, "guest"));
    assert_string_equal(json_object_get_string_member(data, "reason"),
                        "guest-reset");
    json_object_unref(ev);
}

static bool is_qemu(QTestState *s)
{
    JsonObject *r = qtest_qmp(s, "{\"execute\": \"query-version\"}");
    const char *package = json_object_get_string_member(
        json_object_get_object_member(r, "return"), "package");
    bool qemu = strncmp(package, "emu", 3) != 0;

    json_object_unref(r);
    return qemu;
}

static void assert_reset_state(QTestState *s)
{
    assert_int_equal(qtest_inb(s, STATUS), STAT_RESET);
    assert_int_equal(command_read(s, 0x20), MODE_RESET);
    assert_int_equal(command_read(s, 0xd0), OUTPORT_RESET);
    assert_int_equal(qtest_inb(s, STATUS), STAT_RESET);
}

static void test_reset_values(void **state)
{
    QTestState *s = start();

    (void)state;
    /* Empty buffer: the data port gives the last byte, none yet. */
    assert_int_equal(qtest_inb(s, DATA), 0);
    assert_reset_state(s);
    /* Read again without a new byte: the same one. */
    assert_int_equal(qtest_inb(s, DATA), OUTPORT_RESET);
    assert_int_equal(qtest_inb(s, PORT92), 0);
    qtest_quit(s);
}

static void test_command_byte(void **state)
{
    QTestState *s = start();

    (void)state;
    qtest_outb(s, CMD, 0x20);
    assert_int_equal(qtest_inb(s, STATUS), STAT_RESET | STAT_OBF);
    assert_int_equal(qtest_inb(s, DATA), MODE_RESET);
    assert_int_equal(qtest_inb(s, STATUS), STAT_RESET);
    /* Every bit is the guest's; the system flag stays apart. */
    command_write(s, 0x60, 0x45);
    assert_int_equal(command_read(s, 0x20), 0x45);
    command_write(s, 0x60, 0xff);
    assert_int_equal(command_read(s, 0x20), 0xff);
    command_write(s, 0x60, 0x04);
    assert_int_equal(qtest_inb(s, STATUS), STAT_RESET);
    /* 0xa7/0xa8 and 0xad/0xae flip bits 5 and 4. */
    command_write(s, 0x60, 0x00);
    qtest_outb(s, CMD, 0xa7);
    assert_int_equal(command_read(s, 0x20), 0x20);
    qtest_outb(s, CMD, 0xad);
    assert_int_equal(command_read(s, 0x20), 0x30);
    qtest_outb(s, CMD, 0xa8);
    assert_int_equal(command_read(s, 0x20), 0x10);
    qtest_outb(s, CMD, 0xae);
    assert_int_equal(command_read(s, 0x20), 0x00);
    qtest_quit(s);
}

static void test_self_tests(void **state)
{
    QTestState *s = start();

    (void)state;
    qtest_outb(s, CMD, 0xaa);
    assert_int_equal(qtest_inb(s, STATUS), STAT_RESET | STAT_SELFTEST | 1);
    assert_int_equal(qtest_inb(s, DATA), 0x55);
    assert_int_equal(qtest_inb(s, STATUS), STAT_RESET | STAT_SELFTEST);
    /* Keyboard and mouse interface tests pass. */
    assert_int_equal(command_read(s, 0xab), 0x00);
    assert_int_equal(command_read(s, 0xa9), 0x00);
    /* The input port. */
    assert_int_equal(command_read(s, 0xc0), 0x80);
    /* An unknown command leaves everything as it was. */
    qtest_outb(s, CMD, 0xe0);
    assert_int_equal(qtest_inb(s, STATUS), STAT_RESET | STAT_SELFTEST);
    qtest_quit(s);
}

static void test_output_port(void **state)
{
    QTestState *s = start();

    (void)state;
    assert_int_equal(command_read(s, 0xd0), OUTPORT_RESET);
    /* 0xdd/0xdf: A20 (bit 1). */
    qtest_outb(s, CMD, 0xdd);
    assert_int_equal(command_read(s, 0xd0), 0xcd);
    qtest_outb(s, CMD, 0xdf);
    assert_int_equal(command_read(s, 0xd0), OUTPORT_RESET);
    /* 0xd1 writes it (bit 0 set: no reset). */
    command_write(s, 0xd1, 0x01);
    assert_int_equal(command_read(s, 0xd0), 0x01);
    command_write(s, 0xd1, 0xcf);
    /*
     * With a byte waiting, bit 4 says so; the controller has one reply
     * byte, so the answer replaces the byte not read yet.
     */
    command_write(s, 0xd2, 0x77);
    qtest_outb(s, CMD, 0xd0);
    expect(s, 0xdf);
    qtest_quit(s);
}

/* 0xd2/0xd3: a byte as if from the keyboard or the mouse. */
static void test_write_output_buffer(void **state)
{
    QTestState *s = start();

    (void)state;
    qtest_irq_intercept_in(s, "ioapic");
    command_write(s, 0xd2, 0x99);
    assert_int_equal(qtest_inb(s, STATUS), STAT_RESET | STAT_OBF);
    assert_true(qtest_get_irq(s, KBD_IRQ));
    assert_int_equal(qtest_inb(s, DATA), 0x99);
    assert_false(qtest_get_irq(s, KBD_IRQ));
    command_write(s, 0xd3, 0x98);
    assert_int_equal(qtest_inb(s, STATUS),
                     STAT_RESET | STAT_MOUSE_OBF | STAT_OBF);
    assert_true(qtest_get_irq(s, MOUSE_IRQ));
    assert_false(qtest_get_irq(s, KBD_IRQ));
    assert_int_equal(qtest_inb(s, DATA), 0x98);
    assert_false(qtest_get_irq(s, MOUSE_IRQ));
    assert_int_equal(qtest_inb(s, STATUS), STAT_RESET);
    /* Interrupts off in the command byte: the byte comes, no IRQ. */
    command_write(s, 0x60, 0x00);
    command_write(s, 0xd2, 0x42);
    command_write(s, 0xd3, 0x43);
    assert_false(qtest_get_irq(s, KBD_IRQ));
    assert_int_equal(read_byte(s), 0x43);
    assert_false(qtest_get_irq(s, MOUSE_IRQ));
    /* A disabled keyboard side raises no interrupt. */
    command_write(s, 0x60, 0x11);
    command_write(s, 0xd2, 0x44);
    assert_false(qtest_get_irq(s, KBD_IRQ));
    assert_int_equal(read_byte(s), 0x44);
    qtest_outb(s, CMD, 0xae);
    command_write(s, 0xd2, 0x45);
    assert_true(qtest_get_irq(s, KBD_IRQ));
    assert_int_equal(read_byte(s), 0x45);
    qtest_quit(s);
}

static void test_keyboard(void **state)
{
    QTestState *s = start();

    (void)state;
    qtest_irq_intercept_in(s, "ioapic");
    /* Reset: acknowledge, then the self-test passed. */
    qtest_outb(s, DATA, 0xff);
    assert_true(qtest_get_irq(s, KBD_IRQ));
    expect(s, 0xfa, 0xaa);
    assert_false(qtest_get_irq(s, KBD_IRQ));
    /* Identify: an MF2 keyboard. */
    qtest_outb(s, DATA, 0xf2);
    expect(s, 0xfa, 0xab, 0x83);
    qtest_outb(s, DATA, 0xee);
    expect(s, 0xee);
    /* LEDs, typematic rate: each byte acknowledged. */
    qtest_outb(s, DATA, 0xed);
    expect(s, 0xfa);
    qtest_outb(s, DATA, 0x07);
    expect(s, 0xfa);
    qtest_outb(s, DATA, 0xf3);
    expect(s, 0xfa);
    qtest_outb(s, DATA, 0x00);
    expect(s, 0xfa);
    /* Scan code sets: 2 after reset; 0 asks, 4 is refused. */
    qtest_outb(s, DATA, 0xf0);
    expect(s, 0xfa);
    qtest_outb(s, DATA, 0x00);
    expect(s, 0xfa, 0x02);
    qtest_outb(s, DATA, 0xf0);
    expect(s, 0xfa);
    qtest_outb(s, DATA, 0x03);
    expect(s, 0xfa);
    qtest_outb(s, DATA, 0xf0);
    qtest_outb(s, DATA, 0x00);
    expect(s, 0xfa, 0x03);
    qtest_outb(s, DATA, 0xf0);
    qtest_outb(s, DATA, 0x04);
    expect(s, 0xfe);
    /* Scanning on/off, defaults: acknowledged; reset-defaults -> set 2. */
    qtest_outb(s, DATA, 0xf4);
    expect(s, 0xfa);
    qtest_outb(s, DATA, 0xf5);
    expect(s, 0xfa);
    qtest_outb(s, DATA, 0xf6);
    expect(s, 0xfa);
    qtest_outb(s, DATA, 0xf0);
    qtest_outb(s, DATA, 0x00);
    expect(s, 0xfa, 0x02);
    /* Unknown commands and "resend" get "resend". */
    qtest_outb(s, DATA, 0x12);
    expect(s, 0xfe);
    qtest_outb(s, DATA, 0xfe);
    expect(s, 0xfe);
    /* A new command drops the answer to the last one not read yet. */
    qtest_outb(s, DATA, 0xf2);
    qtest_outb(s, DATA, 0xee);
    expect(s, 0xee);
    qtest_outb(s, DATA, 0xf4);
    qtest_outb(s, DATA, 0xf5);
    expect(s, 0xfa);
    qtest_quit(s);
}

/* Translation (command byte bit 6) shows in what the keyboard sends. */
static void test_keyboard_translated(void **state)
{
    QTestState *s = start();

    (void)state;
    command_write(s, 0x60, 0x43);
    qtest_outb(s, DATA, 0xf2);
    expect(s, 0xfa, 0xab, 0x41);
    qtest_outb(s, DATA, 0xf0);
    qtest_outb(s, DATA, 0x00);
    expect(s, 0xfa, 0x41);
    qtest_outb(s, DATA, 0xf0);
    qtest_outb(s, DATA, 0x01);
    qtest_outb(s, DATA, 0xf0);
    qtest_outb(s, DATA, 0x00);
    expect(s, 0xfa, 0x43);
    qtest_quit(s);
}

/* A disabled keyboard holds its bytes; the controller's own go first. */
static void test_keyboard_disabled(void **state)
{
    QTestState *s = start();

    (void)state;
    qtest_outb(s, DATA, 0xf2);
    qtest_outb(s, CMD, 0xad);
    /* The byte already in the buffer stays readable. */
    assert_int_equal(read_byte(s), 0xfa);
    assert_int_equal(qtest_inb(s, STATUS), STAT_RESET);
    assert_int_equal(command_read(s, 0x20), 0x13);
    qtest_outb(s, CMD, 0xae);
    expect(s, 0xab, 0x83);
    /* Writing to the keyboard enables it again. */
    qtest_outb(s, CMD, 0xad);
    qtest_outb(s, DATA, 0xee);
    expect(s, 0xee);
    assert_int_equal(command_read(s, 0x20), MODE_RESET);
    qtest_quit(s);
}

static void test_mouse(void **state)
{
    QTestState *s = start();

    (void)state;
    qtest_irq_intercept_in(s, "ioapic");
    mouse_write(s, 0xf2);
    assert_true(qtest_get_irq(s, MOUSE_IRQ));
    assert_int_equal(qtest_inb(s, STATUS),
                     STAT_RESET | STAT_MOUSE_OBF | STAT_OBF);
    expect(s, 0xfa, 0x00);
    assert_false(qtest_get_irq(s, MOUSE_IRQ));
    /* Status request before any reset: QEMU's power-on zeros. */
    mouse_write(s, 0xe9);
    expect(s, 0xfa, 0x00, 0x00, 0x00);
    mouse_write(s, 0xff);
    expect(s, 0xfa, 0xaa, 0x00);
    mouse_write(s, 0xe9);
    expect(s, 0xfa, 0x00, 0x02, 0x64);
    /* Scaling, resolution, remote mode, enable: the status byte shows. */
    mouse_write(s, 0xe7);
    expect(s, 0xfa);
    mouse_write(s, 0xe8);
    expect(s, 0xfa);
    mouse_write(s, 0x03);
    expect(s, 0xfa);
    mouse_write(s, 0xf0);
    expect(s, 0xfa);
    mouse_write(s, 0xf4);
    expect(s, 0xfa);
    mouse_write(s, 0xe9);
    expect(s, 0xfa, 0x70, 0x03, 0x64);
    /* Poll in remote mode: an idle 3-byte packet. */
    mouse_write(s, 0xeb);
    expect(s, 0xfa, 0x08, 0x00, 0x00);
    mouse_write(s, 0xf6);
    expect(s, 0xfa);
    mouse_write(s, 0xe9);
    expect(s, 0xfa, 0x00, 0x02, 0x64);
    /* Unknown commands get no answer; the mouse keeps unread replies. */
    mouse_write(s, 0x12);
    assert_int_equal(qtest_inb(s, STATUS), STAT_RESET);
    mouse_write(s, 0xf5);
    mouse_write(s, 0xf2);
    expect(s, 0xfa, 0xfa, 0x00);
    /* Wrap mode echoes until 0xec. */
    mouse_write(s, 0xee);
    expect(s, 0xfa);
    mouse_write(s, 0x42);
    expect(s, 0x42);
    mouse_write(s, 0xec);
    expect(s, 0xfa);
    mouse_write(s, 0xf2);
    expect(s, 0xfa, 0x00);
    qtest_quit(s);
}

/* Sample rates 200, 100, 80 make an IntelliMouse; 200, 200, 80 more. */
static void set_rates(QTestState *s, uint8_t a, uint8_t b, uint8_t c)
{
    const uint8_t rates[] = {a, b, c};
    int i;

    for (i = 0; i < 3; i++) {
        mouse_write(s, 0xf3);
        expect(s, 0xfa);
        mouse_write(s, rates[i]);
        expect(s, 0xfa);
    }
}

static void test_mouse_intellimouse(void **state)
{
    QTestState *s = start();

    (void)state;
    set_rates(s, 200, 100, 80);
    mouse_write(s, 0xf2);
    expect(s, 0xfa, 0x03);
    /* Its packets have a fourth (wheel) byte. */
    mouse_write(s, 0xeb);
    expect(s, 0xfa, 0x08, 0x00, 0x00, 0x00);
    set_rates(s, 200, 200, 80);
    mouse_write(s, 0xf2);
    expect(s, 0xfa, 0x04);
    mouse_write(s, 0xe9);
    expect(s, 0xfa, 0x00, 0x00, 80);
    /* Reset makes it a plain PS/2 mouse again. */
    mouse_write(s, 0xff);
    expect(s, 0xfa, 0xaa, 0x00);
    qtest_quit(s);
}

/* The 8042's reset line: command 0xfe pulses it. */
static void test_reset_command(void **state)
{
    QTestState *s = start();

    (void)state;
    command_write(s, 0x60, 0x45);
    qtest_outb(s, CMD, 0xaa);
    qtest_outb(s, CMD, 0xfe);
    expect_guest_reset(s);
    assert_reset_state(s);
    /* Pulses of other bits (odd commands) do nothing. */
    command_write(s, 0x60, 0x45);
    qtest_outb(s, CMD, 0xf1);
    qtest_outb(s, CMD, 0xff);
    assert_int_equal(command_read(s, 0x20), 0x45);
    /* Any even 0xf0-0xfe pulses bit 0: reset. */
    qtest_outb(s, CMD, 0xf0);
    expect_guest_reset(s);
    assert_int_equal(command_read(s, 0x20), MODE_RESET);
    qtest_quit(s);
}

/* Output port bit 0 written as 0 holds the CPU in reset. */
static void test_reset_outport(void **state)
{
    QTestState *s = start();

    (void)state;
    command_write(s, 0xd1, 0xfe);
    expect_guest_reset(s);
    assert_reset_state(s);
    qtest_quit(s);
}

static void test_port92(void **state)
{
    QTestState *s = start();

    (void)state;
    assert_int_equal(qtest_inb(s, PORT92), 0);
    /* Fast A20 and the other bits read back. */
    qtest_outb(s, PORT92, 0x02);
    assert_int_equal(qtest_inb(s, PORT92), 0x02);
    qtest_outb(s, PORT92, 0xfc);
    assert_int_equal(qtest_inb(s, PORT92), 0xfc);
    /* Bit 0 going from 0 to 1: fast reset. */
    qtest_outb(s, PORT92, 0x03);
    expect_guest_reset(s);
    if (is_qemu(s)) {
        /* QEMU clears bit 0 only. */
        assert_int_equal(qtest_inb(s, PORT92), 0x02);
    } else {
        /* The data sheets' reset: A20 low too. */
        assert_int_equal(qtest_inb(s, PORT92), 0x00);
    }
    /* The i8042 went back to its reset state with the machine. */
    assert_reset_state(s);
    qtest_quit(s);
}

static void test_system_reset(void **state)
{
    QTestState *s = start();

    (void)state;
    qtest_outb(s, CMD, 0xaa);
    command_write(s, 0x60, 0x70);
    command_write(s, 0xd1, 0xcd);
    qtest_outb(s, DATA, 0xf2);
    mouse_write(s, 0xf2);
    qtest_qmp_assert_success(s, "{\"execute\": \"system_reset\"}");
    qtest_qmp_eventwait(s, "RESET");
    assert_reset_state(s);
    /* The keyboard and mouse lost their unread replies. */
    qtest_outb(s, CMD, 0xae);
    qtest_outb(s, CMD, 0xa8);
    assert_int_equal(qtest_inb(s, STATUS), STAT_RESET);
    qtest_quit(s);
}

/* -machine i8042=off removes the controller and port 0x92. */
static void test_i8042_off(void **state)
{
    QTestState *s = start_args("-machine i8042=off");

    (void)state;
    assert_int_equal(qtest_inb(s, DATA), 0xff);
    assert_int_equal(qtest_inb(s, STATUS), 0xff);
    assert_int_equal(qtest_inb(s, PORT92), 0xff);
    qtest_quit(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reset_values),
        cmocka_unit_test(test_command_byte),
        cmocka_unit_test(test_self_tests),
        cmocka_unit_test(test_output_port),
        cmocka_unit_test(test_write_output_buffer),
        cmocka_unit_test(test_keyboard),
        cmocka_unit_test(test_keyboard_translated),
        cmocka_unit_test(test_keyboard_disabled),
        cmocka_unit_test(test_mouse),
        cmocka_unit_test(test_mouse_intellimouse),
        cmocka_unit_test(test_reset_command),
        cmocka_unit_test(test_reset_outport),
        cmocka_unit_test(test_port92),
        cmocka_unit_test(test_system_reset),
        cmocka_unit_test(test_i8042_off),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
