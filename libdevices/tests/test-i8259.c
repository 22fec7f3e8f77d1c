/*
 * The i8259 pair on the pc board, for what qtest cannot see
 * (qtest/tests/i8259-test.c checks the registers on emu and QEMU): the
 * INTA cycle a CPU runs (pic_read_irq) with its vectors, cascading and
 * the spurious IRQ 7/15, the master's INT output, auto-EOI through INTA,
 * single mode, edge sensing after ICW1 and ELCR writes (where emu
 * follows the 8259A and QEMU does not), reset, guest errors and the
 * board's wiring.
 */
#include <unistd.h>

#include "devices/i8259.h"
#include "machine/irq.h"
#include "pc-internal.h"
#include "pc-test.h"
#include "util/log.h"
#include "guest-log.h"

#define ATTRS MEMTXATTRS_UNSPECIFIED

#define MASTER 0x20
#define SLAVE 0xa0
#define ELCR1 0x4d0
#define ELCR2 0x4d1
#define MASTER_BASE 0x08
#define SLAVE_BASE 0x70

static void outb(uint16_t port, uint8_t val)
{
    address_space_stb(&address_space_io, port, val, ATTRS, NULL);
}

static uint8_t inb(uint16_t port)
{
    return address_space_ldub(&address_space_io, port, ATTRS, NULL);
}

static uint8_t read_isr(uint16_t pic)
{
    uint8_t isr;

    outb(pic, 0x0b);
    isr = inb(pic);
    outb(pic, 0x0a);
    return isr;
}

/* ISA IRQ n, as a device on the bus drives it. */
static void line(int irq, int level)
{
    qemu_set_irq(isa_get_irq(NULL, irq), level);
}

/* ---- The master's INT, caught here ---- */

static int int_level;
static int int_rises;

static void int_handler(void *opaque, int n, int level)
{
    if (level && !int_level) {
        int_rises++;
    }
    int_level = level;
}

static qemu_irq int_line;

/* A pc machine reset as the program does, INT wired to int_handler. */
static void build(void)
{
    PCTestArgs a = {.machine = "pc"};

    pc_test_build(&a);
    qemu_devices_reset();
    assert_non_null(isa_pic);
    int_line = qemu_allocate_irq(int_handler, NULL, 0);
    int_level = 0;
    int_rises = 0;
    qdev_connect_gpio_out(isa_pic, I8259_GPIO_INT, int_line);
}

static int teardown(void **state)
{
    if (isa_pic) {
        qdev_connect_gpio_out(isa_pic, I8259_GPIO_INT, NULL);
    }
    if (int_line) {
        qemu_free_irq(int_line);
        int_line = NULL;
    }
    return pc_test_teardown(state);
}

#define i8259_test(f) cmocka_unit_test_teardown(f, teardown)

static void init_pic(uint16_t pic, uint8_t icw1, uint8_t base, uint8_t icw4)
{
    outb(pic, icw1);
    outb(pic + 1, base);
    if (!(icw1 & 0x02)) {
        outb(pic + 1, pic == MASTER ? 0x04 : 0x02);
    }
    if (icw1 & 0x01) {
        outb(pic + 1, icw4);
    }
}

static void init_pair(uint8_t master_icw4)
{
    init_pic(MASTER, 0x11, MASTER_BASE, master_icw4);
    init_pic(SLAVE, 0x11, SLAVE_BASE, 0x01);
}

/* ---- Tests ---- */

/* The isa-i8259 devices of the machine, in /machine/unattached. */
static int collect_pics(Object *child, void *opaque)
{
    GPtrArray *pics = opaque;

    if (object_dynamic_cast(child, TYPE_I8259)) {
        g_ptr_array_add(pics, child);
    }
    return 0;
}

static void assert_chip(Object *pic, bool master, uint32_t iobase,
                        uint32_t elcr_addr, uint8_t elcr_mask)
{
    assert_int_equal(object_property_get_bool(pic, "master", &error_abort),
                     master);
    assert_int_equal(object_property_get_uint(pic, "iobase", &error_abort),
                     iobase);
    assert_int_equal(object_property_get_uint(pic, "elcr_addr", &error_abort),
                     elcr_addr);
    assert_int_equal(object_property_get_uint(pic, "elcr_mask", &error_abort),
                     elcr_mask);
}

/*
 * The board: QEMU's pair under /machine/unattached, the master created
 * first and known as isa_pic, the slave's INT on the master's IR2, and
 * every ISA IRQ's GSI reaching the pair.
 */
static void test_board(void **state)
{
    g_autoptr(GPtrArray) pics = g_ptr_array_new();
    g_autofree char *path = NULL;
    MachineState *ms;
    GSIState *gsi;
    Object *master, *slave;
    int i;

    (void)state;
    build();
    ms = MACHINE(qdev_get_machine());
    gsi = X86_MACHINE(ms)->gsi_state;
    object_child_foreach(container_get(OBJECT(ms), "/unattached"), collect_pics,
                         pics);
    assert_int_equal(pics->len, 2);
    master = OBJECT(isa_pic);
    slave = g_ptr_array_index(pics, 0) == master ? g_ptr_array_index(pics, 1)
                                                 : g_ptr_array_index(pics, 0);
    assert_chip(master, true, 0x20, 0x4d0, 0xf8);
    assert_chip(slave, false, 0xa0, 0x4d1, 0xde);
    path = object_get_canonical_path(master);
    assert_true(g_str_has_prefix(path, "/machine/unattached/device["));
    assert_true(qdev_get_gpio_out_connector(DEVICE(slave), NULL, 0) ==
                qdev_get_gpio_in(isa_pic, 2));
    for (i = 0; i < ISA_NUM_IRQS; i++) {
        DeviceState *chip = DEVICE(i < 8 ? master : slave);

        assert_true(gsi->i8259_irq[i] == qdev_get_gpio_in(chip, i % 8));
    }
}

/* INTA returns the vector (ICW2 base + level) and sets ISR. */
static void test_inta_vectors(void **state)
{
    (void)state;
    build();
    init_pair(0x01);
    assert_int_equal(int_level, 0);
    line(5, 1);
    assert_int_equal(int_level, 1);
    assert_int_equal(pic_get_output(isa_pic), 1);
    assert_int_equal(pic_read_irq(isa_pic), MASTER_BASE + 5);
    assert_int_equal(int_level, 0);
    assert_int_equal(pic_get_output(isa_pic), 0);
    assert_int_equal(read_isr(MASTER), 0x20);
    outb(MASTER, 0x20);

    /* Through the cascade: the slave's vector, both IS bits set. */
    line(10, 1);
    assert_int_equal(int_level, 1);
    assert_int_equal(pic_read_irq(isa_pic), SLAVE_BASE + 2);
    assert_int_equal(read_isr(MASTER), 0x04);
    assert_int_equal(read_isr(SLAVE), 0x04);
    /* A higher slave level waits while IR2 is in service (no SFNM). */
    line(9, 1);
    assert_int_equal(int_level, 0);
    outb(SLAVE, 0x20);
    outb(MASTER, 0x20);
    assert_int_equal(int_level, 1);
    assert_int_equal(pic_read_irq(isa_pic), SLAVE_BASE + 1);
    /* A master level above IR2 still gets through. */
    line(1, 1);
    assert_int_equal(int_level, 1);
    assert_int_equal(pic_read_irq(isa_pic), MASTER_BASE + 1);
    assert_int_equal(read_isr(MASTER), 0x06);
}

/*
 * Spurious interrupts: a level request gone before INTA gives IR7 with
 * nothing in service; on the slave, IR15, with the master's IR2 taken.
 */
static void test_spurious(void **state)
{
    (void)state;
    build();
    outb(ELCR1, 0x20);
    outb(ELCR2, 0x08);
    init_pair(0x01);
    line(5, 1);
    assert_int_equal(int_level, 1);
    line(5, 0);
    assert_int_equal(int_level, 0);
    assert_int_equal(pic_read_irq(isa_pic), MASTER_BASE + 7);
    assert_int_equal(read_isr(MASTER), 0);

    /* The slave's INT latched the master's IR2 (edge) before it left. */
    line(11, 1);
    line(11, 0);
    assert_int_equal(int_level, 1);
    assert_int_equal(pic_read_irq(isa_pic), SLAVE_BASE + 7);
    assert_int_equal(read_isr(SLAVE), 0);
    assert_int_equal(read_isr(MASTER), 0x04);
    assert_int_equal(int_level, 0);

    /* An edge request is latched: it is delivered though the line fell. */
    outb(MASTER, 0x20);
    line(3, 1);
    line(3, 0);
    assert_int_equal(pic_read_irq(isa_pic), MASTER_BASE + 3);
}

/* Auto-EOI and its rotation through real INTA cycles; SFNM. */
static void test_auto_eoi_and_sfnm(void **state)
{
    (void)state;
    build();
    init_pair(0x03);
    line(3, 1);
    line(4, 1);
    assert_int_equal(pic_read_irq(isa_pic), MASTER_BASE + 3);
    assert_int_equal(read_isr(MASTER), 0);
    assert_int_equal(int_level, 1);
    assert_int_equal(pic_read_irq(isa_pic), MASTER_BASE + 4);
    assert_int_equal(int_level, 0);
    /* Rotation: the level just taken becomes the lowest. */
    outb(MASTER, 0x80);
    line(3, 0);
    line(4, 0);
    line(3, 1);
    assert_int_equal(pic_read_irq(isa_pic), MASTER_BASE + 3);
    line(4, 1);
    line(3, 0);
    line(3, 1);
    assert_int_equal(pic_read_irq(isa_pic), MASTER_BASE + 4);
    assert_int_equal(pic_read_irq(isa_pic), MASTER_BASE + 3);

    /* SFNM: the slave interrupts again for a higher level. */
    init_pair(0x11);
    line(11, 1);
    assert_int_equal(pic_read_irq(isa_pic), SLAVE_BASE + 3);
    line(10, 1);
    assert_int_equal(int_level, 1);
    assert_int_equal(pic_read_irq(isa_pic), SLAVE_BASE + 2);
    assert_int_equal(read_isr(SLAVE), 0x0c);
}

/*
 * ICW1 with SNGL: no ICW3, and the master has no slave: IR2 is its own
 * level (vector base + 2).  ICW1 without IC4: no ICW4 either.
 */
static void test_single_mode(void **state)
{
    (void)state;
    build();
    init_pic(MASTER, 0x13, 0x40, 0x01);
    outb(MASTER + 1, 0xfb);
    assert_int_equal(inb(MASTER + 1), 0xfb);
    outb(MASTER + 1, 0x00);
    line(10, 1);
    assert_int_equal(pic_read_irq(isa_pic), 0x40 + 2);
    assert_int_equal(read_isr(SLAVE), 0);
    init_pic(MASTER, 0x10, 0x48, 0);
    outb(MASTER + 1, 0x5a);
    assert_int_equal(inb(MASTER + 1), 0x5a);
}

/*
 * 8259A: after ICW1 an input must go low to high to request, so a line
 * high through ICW1 asks nothing; a reset keeps the wires as they are.
 * (QEMU takes a repeated "raise" of a high line as a new edge.)
 */
static void test_edge_sense_reset(void **state)
{
    (void)state;
    build();
    init_pair(0x01);
    line(4, 1);
    assert_int_equal(inb(MASTER), 0x10);
    init_pair(0x01);
    assert_int_equal(inb(MASTER), 0);
    line(4, 1);
    assert_int_equal(inb(MASTER), 0);
    assert_int_equal(int_level, 0);
    line(4, 0);
    line(4, 1);
    assert_int_equal(inb(MASTER), 0x10);
    assert_int_equal(int_level, 1);

    /* Device reset: the line is still high, no new request. */
    device_cold_reset(isa_pic);
    assert_int_equal(inb(MASTER), 0);
    assert_int_equal(int_level, 0);
    line(4, 0);
    line(4, 1);
    assert_int_equal(inb(MASTER), 0x10);
}

/* A line made level-triggered while high requests at once. */
static void test_elcr_senses_level(void **state)
{
    (void)state;
    build();
    init_pair(0x01);
    line(11, 1);
    assert_int_equal(pic_read_irq(isa_pic), SLAVE_BASE + 3);
    outb(SLAVE, 0x20);
    outb(MASTER, 0x20);
    assert_int_equal(inb(SLAVE), 0);
    outb(ELCR2, 0x08);
    assert_int_equal(inb(SLAVE), 0x08);
    assert_int_equal(int_level, 1);
    /* Back to edge: the high level is no request any more. */
    outb(ELCR2, 0x00);
    assert_int_equal(inb(SLAVE), 0);
    /* 16-bit access at 0x4d0: two bytes, ELCR1 then ELCR2. */
    outb(ELCR1, 0x28);
    outb(ELCR2, 0x0c);
    assert_int_equal(
        address_space_lduw_le(&address_space_io, ELCR1, ATTRS, NULL), 0x0c28);
}

/* What the PIIX3 does not do is logged; the chip carries on. */
static void test_guest_errors(void **state)
{
    g_autofree char *log = NULL;

    (void)state;
    build();
    log_start();
    /* LTIM: sensing stays the ELCR's (edge here). */
    outb(MASTER, 0x19);
    outb(MASTER + 1, MASTER_BASE);
    outb(MASTER + 1, 0x05);
    outb(MASTER + 1, 0x00);
    line(5, 1);
    line(5, 0);
    assert_int_equal(inb(MASTER), 0x20);
    assert_int_equal(pic_read_irq(isa_pic), MASTER_BASE + 5);
    outb(MASTER, 0x10);
    log = log_stop();
    assert_logged(log, "i8259: ICW1 LTIM ignored: the PIIX3 takes edge/level "
                       "sensing from the ELCR\n");
    assert_logged(log, "i8259: ICW3 0x05 on the master ignored: the cascade "
                       "is wired on IR2 (0x04)\n");
    assert_logged(log, "i8259: ICW4 selects 8080/85 mode");
    assert_logged(log, "i8259: ICW1 without ICW4 selects 8080/85 mode");
}

/* isa_pic follows the machine: NULL once it is gone. */
static void test_isa_pic_lifetime(void **state)
{
    (void)state;
    build();
    assert_non_null(isa_pic);
    teardown(NULL);
    assert_null(isa_pic);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        i8259_test(test_board),
        i8259_test(test_inta_vectors),
        i8259_test(test_spurious),
        i8259_test(test_auto_eoi_and_sfnm),
        i8259_test(test_single_mode),
        i8259_test(test_edge_sense_reset),
        i8259_test(test_elcr_senses_level),
        i8259_test(test_guest_errors),
        i8259_test(test_isa_pic_lifetime),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
