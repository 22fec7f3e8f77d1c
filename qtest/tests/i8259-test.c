/*
 * The pc board's 8259A pair (QEMU's "isa-i8259": master 0x20/0x21 with
 * ELCR 0x4d0, slave 0xa0/0xa1 with ELCR 0x4d1, cascaded on IR2) through
 * libqtest, from the 8259A and PIIX3 datasheets: reset state, the ICW1-4
 * sequence, IMR, IRR and ISR reads, poll, EOIs (non-specific, specific,
 * rotating), priority rotation, auto-EOI, special mask mode, special
 * fully nested mode, edge and level sensing with the ELCRs, the master's
 * INT output (irq_intercept_out on the master) and system_reset.  Passes
 * against emu and QEMU.
 *
 * The interrupt sources are isa-serial ports: with THR empty, IER bit 1
 * holds a port's line high until IER is cleared.  Under qtest no CPU
 * acknowledges, so requests are taken with the poll command, which the
 * 8259A treats as an INTA.  Left to libdevices/tests/test-i8259.c (emu
 * only): the INTA cycle with its vectors and the spurious IRQ 7/15, and
 * what QEMU does differently on purpose (a line already high when ICW1
 * runs, or when its ELCR bit is set, is not a new request on the 8259A;
 * QEMU counts a repeated "raise" of a high line as an edge).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "qtest/libqtest.h"

#define MASTER 0x20
#define SLAVE 0xa0
#define ELCR1 0x4d0
#define ELCR2 0x4d1

/* OCW2 and OCW3 commands (8259A datasheet). */
#define OCW2_NS_EOI 0x20
#define OCW2_SPECIFIC_EOI(l) (0x60 | (l))
#define OCW2_ROTATE_NS_EOI 0xa0
#define OCW2_ROTATE_SPECIFIC_EOI(l) (0xe0 | (l))
#define OCW2_SET_PRIORITY(l) (0xc0 | (l))
#define OCW2_ROTATE_AEOI_SET 0x80
#define OCW2_ROTATE_AEOI_CLEAR 0x00
#define OCW3_READ_IRR 0x0a
#define OCW3_READ_ISR 0x0b
#define OCW3_POLL 0x0c
#define OCW3_SET_SMM 0x68
#define OCW3_RESET_SMM 0x48

/* ICW4: 8086 mode, plus AEOI or SFNM. */
#define ICW4_8086 0x01
#define ICW4_AEOI 0x02
#define ICW4_SFNM 0x10

/* Four serial ports drive four ISA lines no board device uses. */
static const struct {
    uint16_t port;
    int irq;
} uarts[] = {
    {0x3e8, 3},
    {0x2e8, 5},
    {0x3f8, 10},
    {0x2f8, 11},
};

static QTestState *start(void)
{
    g_autoptr(GString) args = g_string_new("-M pc -nodefaults");
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(uarts); i++) {
        g_string_append_printf(args,
                               " -chardev null,id=c%zu -device isa-serial,"
                               "chardev=c%zu,iobase=0x%x,irq=%d",
                               i, i, uarts[i].port, uarts[i].irq);
    }
    return qtest_init(args->str);
}

/* Drive ISA IRQ irq (one of the uarts') high or low. */
static void line(QTestState *s, int irq, bool up)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(uarts); i++) {
        if (uarts[i].irq == irq) {
            qtest_outb(s, uarts[i].port + 1, up ? 0x02 : 0x00);
            return;
        }
    }
    fail_msg("no source for IRQ %d", irq);
}

static uint8_t read_irr(QTestState *s, uint16_t pic)
{
    qtest_outb(s, pic, OCW3_READ_IRR);
    return qtest_inb(s, pic);
}

static uint8_t read_isr(QTestState *s, uint16_t pic)
{
    uint8_t isr;

    qtest_outb(s, pic, OCW3_READ_ISR);
    isr = qtest_inb(s, pic);
    qtest_outb(s, pic, OCW3_READ_IRR);
    return isr;
}

static uint8_t poll(QTestState *s, uint16_t pic)
{
    qtest_outb(s, pic, OCW3_POLL);
    return qtest_inb(s, pic);
}

/* ICW1-4 as a PC BIOS does (edge, cascade, ICW4), vectors at base. */
static void init_pic(QTestState *s, uint16_t pic, uint8_t base, uint8_t icw4)
{
    qtest_outb(s, pic, 0x11);
    qtest_outb(s, pic + 1, base);
    qtest_outb(s, pic + 1, pic == MASTER ? 0x04 : 0x02);
    qtest_outb(s, pic + 1, icw4);
}

static void init_pair(QTestState *s, uint8_t master_icw4)
{
    init_pic(s, MASTER, 0x08, master_icw4);
    init_pic(s, SLAVE, 0x70, ICW4_8086);
}

/* Every register as after reset (IRR read through OCW3's default). */
static void assert_reset_state(QTestState *s)
{
    assert_int_equal(qtest_inb(s, MASTER), 0);
    assert_int_equal(qtest_inb(s, SLAVE), 0);
    assert_int_equal(qtest_inb(s, MASTER + 1), 0);
    assert_int_equal(qtest_inb(s, SLAVE + 1), 0);
    assert_int_equal(read_isr(s, MASTER), 0);
    assert_int_equal(read_isr(s, SLAVE), 0);
    assert_int_equal(qtest_inb(s, ELCR1), 0);
    assert_int_equal(qtest_inb(s, ELCR2), 0);
    assert_int_equal(poll(s, MASTER), 0);
    assert_int_equal(poll(s, SLAVE), 0);
}

static void test_reset_state(void **state)
{
    QTestState *s = start();

    (void)state;
    assert_reset_state(s);
    qtest_quit(s);
}

/* ICW1 clears IMR, special mask and the OCW3 read select. */
static void test_init_sequence(void **state)
{
    QTestState *s = start();

    (void)state;
    init_pair(s, ICW4_8086);
    assert_int_equal(qtest_inb(s, MASTER + 1), 0);
    /* OCW1 is the mask, read back at A0 = 1. */
    qtest_outb(s, MASTER + 1, 0xa5);
    qtest_outb(s, SLAVE + 1, 0x5a);
    assert_int_equal(qtest_inb(s, MASTER + 1), 0xa5);
    assert_int_equal(qtest_inb(s, SLAVE + 1), 0x5a);
    qtest_outb(s, MASTER, OCW3_READ_ISR);
    qtest_outb(s, MASTER, OCW3_SET_SMM);
    init_pic(s, MASTER, 0x20, ICW4_8086);
    assert_int_equal(qtest_inb(s, MASTER + 1), 0);
    assert_int_equal(qtest_inb(s, SLAVE + 1), 0x5a);
    /* Reads return IRR again. */
    line(s, 5, true);
    assert_int_equal(qtest_inb(s, MASTER), 0x20);
    line(s, 5, false);
    /*
     * During the sequence, A0 = 1 writes are ICW2-4, not the mask: the
     * mask written before ICW1 is gone and the ICWs did not set it.
     */
    qtest_outb(s, SLAVE, 0x11);
    qtest_outb(s, SLAVE + 1, 0xff);
    assert_int_equal(qtest_inb(s, SLAVE + 1), 0);
    qtest_outb(s, SLAVE + 1, 0x02);
    qtest_outb(s, SLAVE + 1, 0x01);
    assert_int_equal(qtest_inb(s, SLAVE + 1), 0);
    qtest_outb(s, SLAVE + 1, 0x33);
    assert_int_equal(qtest_inb(s, SLAVE + 1), 0x33);
    qtest_quit(s);
}

/* ISA IRQ n reaches the master's IRn and the slave's IR(n - 8). */
static void test_irr_routing(void **state)
{
    QTestState *s = start();

    (void)state;
    init_pair(s, ICW4_8086);
    line(s, 3, true);
    line(s, 11, true);
    assert_int_equal(read_irr(s, MASTER), 0x08 | 0x04);
    assert_int_equal(read_irr(s, SLAVE), 0x08);
    line(s, 10, true);
    assert_int_equal(read_irr(s, SLAVE), 0x0c);
    /* Masking hides nothing from IRR. */
    qtest_outb(s, MASTER + 1, 0xff);
    qtest_outb(s, SLAVE + 1, 0xff);
    assert_int_equal(read_irr(s, MASTER), 0x0c);
    assert_int_equal(read_irr(s, SLAVE), 0x0c);
    qtest_quit(s);
}

/*
 * Poll acknowledges the highest unmasked request: IRR's edge goes, ISR
 * takes it; masked and lower-priority requests wait.
 */
static void test_poll_and_eoi(void **state)
{
    QTestState *s = start();

    (void)state;
    init_pair(s, ICW4_8086);
    qtest_outb(s, MASTER + 1, 0x20);
    line(s, 5, true);
    assert_int_equal(read_irr(s, MASTER), 0x20);
    assert_int_equal(poll(s, MASTER), 0);
    qtest_outb(s, MASTER + 1, 0x00);
    assert_int_equal(poll(s, MASTER), 0x85);
    assert_int_equal(read_irr(s, MASTER), 0);
    assert_int_equal(read_isr(s, MASTER), 0x20);
    /* Still high: no new edge, nothing more to acknowledge. */
    assert_int_equal(poll(s, MASTER), 0);
    qtest_outb(s, MASTER, OCW2_NS_EOI);
    assert_int_equal(read_isr(s, MASTER), 0);
    assert_int_equal(poll(s, MASTER), 0);
    /* A new edge requests again; the poll works on port A0 = 1 too. */
    line(s, 5, false);
    line(s, 5, true);
    qtest_outb(s, MASTER, OCW3_POLL);
    assert_int_equal(qtest_inb(s, MASTER + 1), 0x85);
    /* The poll lasts one read: the next one reads IMR again. */
    assert_int_equal(qtest_inb(s, MASTER + 1), 0);
    qtest_quit(s);
}

/* Fixed priority: IR0 highest; in-service levels block lower ones. */
static void test_priority_and_nesting(void **state)
{
    QTestState *s = start();

    (void)state;
    init_pair(s, ICW4_8086);
    line(s, 3, true);
    line(s, 5, true);
    assert_int_equal(poll(s, MASTER), 0x83);
    assert_int_equal(poll(s, MASTER), 0);
    assert_int_equal(read_irr(s, MASTER), 0x20);
    qtest_outb(s, MASTER, OCW2_NS_EOI);
    assert_int_equal(poll(s, MASTER), 0x85);
    qtest_outb(s, MASTER, OCW2_NS_EOI);

    /* 5 in service, then 3 (higher) nests; 5 again waits behind both. */
    line(s, 3, false);
    line(s, 5, false);
    line(s, 5, true);
    assert_int_equal(poll(s, MASTER), 0x85);
    line(s, 3, true);
    assert_int_equal(poll(s, MASTER), 0x83);
    assert_int_equal(read_isr(s, MASTER), 0x28);
    /* Specific EOI clears the level named, non-specific the highest. */
    qtest_outb(s, MASTER, OCW2_SPECIFIC_EOI(5));
    assert_int_equal(read_isr(s, MASTER), 0x08);
    qtest_outb(s, MASTER, OCW2_SPECIFIC_EOI(5));
    qtest_outb(s, MASTER, OCW2_NS_EOI);
    assert_int_equal(read_isr(s, MASTER), 0);
    qtest_quit(s);
}

/* Set priority, rotate on non-specific and on specific EOI. */
static void test_rotation(void **state)
{
    QTestState *s = start();

    (void)state;
    init_pair(s, ICW4_8086);
    /* IR3 lowest: IR5 comes first. */
    qtest_outb(s, MASTER, OCW2_SET_PRIORITY(3));
    line(s, 3, true);
    line(s, 5, true);
    assert_int_equal(poll(s, MASTER), 0x85);
    /* ...and blocks IR3 while in service. */
    assert_int_equal(poll(s, MASTER), 0);
    /* Rotate on EOI: IR5 becomes the lowest, IR6 the highest. */
    qtest_outb(s, MASTER, OCW2_ROTATE_NS_EOI);
    assert_int_equal(read_isr(s, MASTER), 0);
    line(s, 5, false);
    line(s, 5, true);
    assert_int_equal(poll(s, MASTER), 0x83);
    assert_int_equal(poll(s, MASTER), 0);
    /* Rotate on specific EOI of 3: IR3 lowest again. */
    qtest_outb(s, MASTER, OCW2_ROTATE_SPECIFIC_EOI(3));
    assert_int_equal(read_isr(s, MASTER), 0);
    assert_int_equal(poll(s, MASTER), 0x85);
    qtest_outb(s, MASTER, OCW2_NS_EOI);
    line(s, 3, false);
    line(s, 3, true);
    /* Back to IR0 first: IR7 lowest. */
    qtest_outb(s, MASTER, OCW2_SET_PRIORITY(7));
    line(s, 5, false);
    line(s, 5, true);
    assert_int_equal(poll(s, MASTER), 0x83);
    qtest_quit(s);
}

/* ICW4 AEOI: acknowledged requests never enter ISR; optional rotation. */
static void test_auto_eoi(void **state)
{
    QTestState *s = start();

    (void)state;
    init_pair(s, ICW4_8086 | ICW4_AEOI);
    line(s, 3, true);
    line(s, 5, true);
    assert_int_equal(poll(s, MASTER), 0x83);
    assert_int_equal(read_isr(s, MASTER), 0);
    /* Nothing in service: IR5 right away. */
    assert_int_equal(poll(s, MASTER), 0x85);
    /* Without rotation IR3 stays first. */
    line(s, 3, false);
    line(s, 5, false);
    line(s, 3, true);
    line(s, 5, true);
    assert_int_equal(poll(s, MASTER), 0x83);
    assert_int_equal(poll(s, MASTER), 0x85);
    /* Rotate in AEOI mode: each acknowledged level becomes lowest. */
    qtest_outb(s, MASTER, OCW2_ROTATE_AEOI_SET);
    line(s, 3, false);
    line(s, 3, true);
    assert_int_equal(poll(s, MASTER), 0x83);
    line(s, 5, false);
    line(s, 3, false);
    line(s, 5, true);
    line(s, 3, true);
    assert_int_equal(poll(s, MASTER), 0x85);
    assert_int_equal(poll(s, MASTER), 0x83);
    qtest_outb(s, MASTER, OCW2_ROTATE_AEOI_CLEAR);
    qtest_quit(s);
}

/* SMM: masking the level in service lets lower levels through. */
static void test_special_mask(void **state)
{
    QTestState *s = start();

    (void)state;
    init_pair(s, ICW4_8086);
    line(s, 3, true);
    assert_int_equal(poll(s, MASTER), 0x83);
    line(s, 5, true);
    assert_int_equal(poll(s, MASTER), 0);
    qtest_outb(s, MASTER + 1, 0x08);
    assert_int_equal(poll(s, MASTER), 0);
    qtest_outb(s, MASTER, OCW3_SET_SMM);
    assert_int_equal(poll(s, MASTER), 0x85);
    assert_int_equal(read_isr(s, MASTER), 0x28);
    /* Unmasked in-service levels still block lower ones. */
    line(s, 5, false);
    line(s, 5, true);
    assert_int_equal(poll(s, MASTER), 0);
    qtest_outb(s, MASTER, OCW2_SPECIFIC_EOI(5));
    assert_int_equal(poll(s, MASTER), 0x85);
    qtest_outb(s, MASTER, OCW2_SPECIFIC_EOI(5));
    /* Leaving SMM restores normal nesting. */
    qtest_outb(s, MASTER, OCW3_RESET_SMM);
    line(s, 5, false);
    line(s, 5, true);
    assert_int_equal(poll(s, MASTER), 0);
    qtest_quit(s);
}

/*
 * The cascade: a slave request shows on the master's IR2.  With IR2 in
 * service, a higher slave request gets through the master only in
 * special fully nested mode.
 */
static void sfnm_case(bool sfnm)
{
    QTestState *s = start();

    init_pair(s, ICW4_8086 | (sfnm ? ICW4_SFNM : 0));
    line(s, 11, true);
    assert_int_equal(read_irr(s, MASTER), 0x04);
    assert_int_equal(poll(s, MASTER), 0x82);
    assert_int_equal(poll(s, SLAVE), 0x83);
    assert_int_equal(read_isr(s, MASTER), 0x04);
    assert_int_equal(read_isr(s, SLAVE), 0x08);
    /* IRQ 10 (slave IR2) outranks IRQ 11 in service on the slave. */
    line(s, 10, true);
    assert_int_equal(read_irr(s, MASTER), 0x04);
    assert_int_equal(poll(s, MASTER), sfnm ? 0x82 : 0);
    qtest_quit(s);
}

static void test_special_fully_nested(void **state)
{
    (void)state;
    sfnm_case(false);
    sfnm_case(true);
}

/* Edge sensing latches; level sensing (ELCR) follows the line. */
static void test_elcr(void **state)
{
    QTestState *s = start();

    (void)state;
    /* PIIX3: IRQ 0-2, 8 and 13 cannot be level-triggered. */
    qtest_outb(s, ELCR1, 0xff);
    qtest_outb(s, ELCR2, 0xff);
    assert_int_equal(qtest_inb(s, ELCR1), 0xf8);
    assert_int_equal(qtest_inb(s, ELCR2), 0xde);
    qtest_outb(s, ELCR1, 0x20);
    qtest_outb(s, ELCR2, 0x08);
    assert_int_equal(qtest_inb(s, ELCR1), 0x20);
    assert_int_equal(qtest_inb(s, ELCR2), 0x08);
    init_pair(s, ICW4_8086);
    /* ICW1 keeps the ELCRs. */
    assert_int_equal(qtest_inb(s, ELCR1), 0x20);

    /* Edge (IRQ 3): the request outlives the line. */
    line(s, 3, true);
    line(s, 3, false);
    assert_int_equal(read_irr(s, MASTER), 0x08);
    assert_int_equal(poll(s, MASTER), 0x83);
    qtest_outb(s, MASTER, OCW2_NS_EOI);

    /* Level (IRQ 5): IRR follows the line, before and after INTA. */
    line(s, 5, true);
    assert_int_equal(read_irr(s, MASTER), 0x20);
    line(s, 5, false);
    assert_int_equal(read_irr(s, MASTER), 0);
    assert_int_equal(poll(s, MASTER), 0);
    line(s, 5, true);
    assert_int_equal(poll(s, MASTER), 0x85);
    assert_int_equal(read_irr(s, MASTER), 0x20);
    /* EOI with the line still high: requested again at once. */
    qtest_outb(s, MASTER, OCW2_NS_EOI);
    assert_int_equal(poll(s, MASTER), 0x85);
    qtest_outb(s, MASTER, OCW2_NS_EOI);
    line(s, 5, false);
    assert_int_equal(poll(s, MASTER), 0);

    /* On the slave, IRQ 11 level-triggered, seen through IR2. */
    line(s, 11, true);
    assert_int_equal(poll(s, MASTER), 0x82);
    assert_int_equal(poll(s, SLAVE), 0x83);
    qtest_outb(s, SLAVE, OCW2_NS_EOI);
    assert_int_equal(read_irr(s, SLAVE), 0x08);
    line(s, 11, false);
    assert_int_equal(read_irr(s, SLAVE), 0);
    qtest_quit(s);
}

/* The QOM path of the master (an isa-i8259 with master=true). */
static char *master_path(QTestState *s)
{
    JsonObject *r = qtest_qmp(s, "{\"execute\": \"qom-list\", \"arguments\":"
                                 " {\"path\": \"/machine/unattached\"}}");
    JsonArray *list = json_object_get_array_member(r, "return");
    char *found = NULL;
    guint i;

    for (i = 0; i < json_array_get_length(list) && !found; i++) {
        JsonObject *p = json_array_get_object_element(list, i);
        g_autofree char *path = NULL;
        JsonObject *v;

        if (strcmp(json_object_get_string_member(p, "type"),
                   "child<isa-i8259>") != 0) {
            continue;
        }
        path = g_strdup_printf("/machine/unattached/%s",
                               json_object_get_string_member(p, "name"));
        v = qtest_qmp(s,
                      "{\"execute\": \"qom-get\", \"arguments\":"
                      " {\"path\": \"%s\", \"property\": \"master\"}}",
                      path);
        if (json_object_get_boolean_member(v, "return")) {
            found = g_steal_pointer(&path);
        }
        json_object_unref(v);
    }
    json_object_unref(r);
    assert_non_null(found);
    return found;
}

/* The master's INT: up while a request outranks everything in service. */
static void test_int_output(void **state)
{
    QTestState *s = start();
    g_autofree char *path = master_path(s);

    (void)state;
    init_pair(s, ICW4_8086);
    qtest_irq_intercept_out(s, path);
    assert_false(qtest_get_irq(s, 0));
    line(s, 5, true);
    assert_true(qtest_get_irq(s, 0));
    /* Masked: INT drops; unmasked: back up. */
    qtest_outb(s, MASTER + 1, 0x20);
    assert_false(qtest_get_irq(s, 0));
    qtest_outb(s, MASTER + 1, 0x00);
    assert_true(qtest_get_irq(s, 0));
    /* Acknowledged: down until a higher level asks. */
    assert_int_equal(poll(s, MASTER), 0x85);
    assert_false(qtest_get_irq(s, 0));
    line(s, 3, true);
    assert_true(qtest_get_irq(s, 0));
    assert_int_equal(poll(s, MASTER), 0x83);
    assert_false(qtest_get_irq(s, 0));
    qtest_outb(s, MASTER, OCW2_NS_EOI);
    qtest_outb(s, MASTER, OCW2_NS_EOI);
    assert_false(qtest_get_irq(s, 0));
    /* Through the slave: its INT is the master's IR2. */
    line(s, 10, true);
    assert_true(qtest_get_irq(s, 0));
    qtest_outb(s, SLAVE + 1, 0x04);
    assert_true(qtest_get_irq(s, 0));
    qtest_outb(s, MASTER + 1, 0x04);
    assert_false(qtest_get_irq(s, 0));
    qtest_quit(s);
}

/* system_reset restores every register, ELCRs included. */
static void test_system_reset(void **state)
{
    QTestState *s = start();

    (void)state;
    qtest_outb(s, ELCR1, 0x28);
    qtest_outb(s, ELCR2, 0x0c);
    init_pair(s, ICW4_8086 | ICW4_AEOI);
    qtest_outb(s, MASTER, OCW2_SET_PRIORITY(4));
    line(s, 3, true);
    line(s, 11, true);
    assert_int_equal(poll(s, SLAVE), 0x83);
    qtest_outb(s, MASTER + 1, 0x5a);
    qtest_outb(s, SLAVE + 1, 0xa5);
    qtest_outb(s, MASTER, OCW3_SET_SMM);
    qtest_outb(s, SLAVE, OCW3_READ_ISR);
    /* Leave one chip in the middle of its ICW sequence. */
    qtest_outb(s, SLAVE, 0x11);
    qtest_qmp_assert_success(s, "{\"execute\": \"system_reset\"}");
    qtest_qmp_eventwait(s, "RESET");
    /* The serial ports reset too: every line is low again. */
    assert_reset_state(s);
    /* And the chips work from their reset state, IR0 first. */
    init_pair(s, ICW4_8086);
    line(s, 5, true);
    line(s, 3, true);
    assert_int_equal(poll(s, MASTER), 0x83);
    assert_int_equal(read_isr(s, MASTER), 0x08);
    qtest_quit(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reset_state),
        cmocka_unit_test(test_init_sequence),
        cmocka_unit_test(test_irr_routing),
        cmocka_unit_test(test_poll_and_eoi),
        cmocka_unit_test(test_priority_and_nesting),
        cmocka_unit_test(test_rotation),
        cmocka_unit_test(test_auto_eoi),
        cmocka_unit_test(test_special_mask),
        cmocka_unit_test(test_special_fully_nested),
        cmocka_unit_test(test_elcr),
        cmocka_unit_test(test_int_output),
        cmocka_unit_test(test_system_reset),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
