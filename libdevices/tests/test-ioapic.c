/*
 * The I/O APIC on the pc board, for what qtest cannot see on QEMU
 * (qtest/tests/ioapic-test.c checks the registers on both): the
 * interrupt messages it writes to 0xfee00000 (caught here by a region
 * standing in for the local APIC), edges and levels, remote IRR with the
 * EOI register and the local APIC's broadcast EOI, the board's GSI
 * routing (ISA IRQ 0 to pin 2), guest errors, reset and the version
 * property.
 */
#include <unistd.h>

#include "devices/apic.h"
#include "devices/ioapic.h"
#include "machine/irq.h"
#include "machine/sysbus.h"
#include "pc-internal.h"
#include "pc-test.h"
#include "util/log.h"
#include "guest-log.h"

#define ATTRS MEMTXATTRS_UNSPECIFIED

#define IOREGSEL (IO_APIC_DEFAULT_ADDRESS + 0x00)
#define IOWIN (IO_APIC_DEFAULT_ADDRESS + 0x10)
#define EOIR (IO_APIC_DEFAULT_ADDRESS + 0x40)
#define REG_REDTBL(n) (0x10 + 2 * (n))

#define RTE_LOGICAL (1u << 11)
#define RTE_REMOTE_IRR (1u << 14)
#define RTE_LEVEL (1u << 15)
#define RTE_MASKED (1u << 16)
#define RTE_DM(m) ((uint32_t)(m) << 8)

/* ---- A stand-in for the local APIC's message window ---- */

#define MSI_BASE 0xfee00000
#define MSI_SIZE 0x100000
#define MAX_MSGS 64

typedef struct Msg {
    uint32_t addr;
    uint32_t data;
} Msg;

static Msg msgs[MAX_MSGS];
static int nmsgs;
static MemoryRegion msi_window;
static bool msi_window_live;

static uint64_t msi_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void msi_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    assert_int_equal(size, 4);
    assert_true(nmsgs < MAX_MSGS);
    msgs[nmsgs].addr = (uint32_t)(MSI_BASE + addr);
    msgs[nmsgs].data = (uint32_t)val;
    nmsgs++;
}

static const MemoryRegionOps msi_ops = {
    .read = msi_read,
    .write = msi_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 4, .max_access_size = 4},
};

/*
 * A pc machine, reset as the program resets it after the board init,
 * with the message window mapped over "pci".
 */
static MachineState *build(const char *machine)
{
    PCTestArgs a = {.machine = machine};
    MachineState *ms = pc_test_build(&a);

    qemu_devices_reset();
    memory_region_init_io(&msi_window, NULL, &msi_ops, NULL, "test-msi",
                          MSI_SIZE);
    /* Over the board's local APIC window (devices/apic.h), to see them. */
    memory_region_add_subregion_overlap(get_system_memory(), MSI_BASE,
                                        &msi_window, APIC_MSI_PRIORITY + 1);
    msi_window_live = true;
    nmsgs = 0;
    return ms;
}

static int teardown(void **state)
{
    if (msi_window_live) {
        memory_region_del_subregion(get_system_memory(), &msi_window);
        memory_region_destroy(&msi_window);
        msi_window_live = false;
    }
    return pc_test_teardown(state);
}

#define ioapic_test(f) cmocka_unit_test_teardown(f, teardown)

/* ---- Register access and inputs ---- */

static uint32_t reg_read(uint8_t reg)
{
    address_space_stl_le(&address_space_memory, IOREGSEL, reg, ATTRS, NULL);
    return address_space_ldl_le(&address_space_memory, IOWIN, ATTRS, NULL);
}

static void reg_write(uint8_t reg, uint32_t val)
{
    address_space_stl_le(&address_space_memory, IOREGSEL, reg, ATTRS, NULL);
    address_space_stl_le(&address_space_memory, IOWIN, val, ATTRS, NULL);
}

static void eoi(uint32_t val)
{
    address_space_stl_le(&address_space_memory, EOIR, val, ATTRS, NULL);
}

static void set_rte(int pin, uint32_t dest, uint32_t low)
{
    reg_write(REG_REDTBL(pin) + 1, dest << 24);
    reg_write(REG_REDTBL(pin), low);
}

/* GSI n as the board wires it (ISA IRQ n for n < 16). */
static void gsi(MachineState *ms, int n, int level)
{
    qemu_set_irq(X86_MACHINE(ms)->gsi[n], level);
}

static void assert_msg(int i, uint32_t addr, uint32_t data)
{
    assert_true(i < nmsgs);
    assert_int_equal(msgs[i].addr, addr);
    assert_int_equal(msgs[i].data, data);
}

/* ---- The device on the board ---- */

static void test_board_device(void **state)
{
    MachineState *ms = build("pc");
    Object *ioapic = object_resolve_path("/machine/i440fx/ioapic", NULL);
    bool ambiguous = false;

    assert_non_null(ioapic);
    assert_string_equal(object_get_typename(ioapic), TYPE_IOAPIC);
    assert_true(DEVICE(ioapic)->realized);
    /* qtest's "irq_intercept_in ioapic" resolves the partial path. */
    assert_ptr_equal(object_resolve_path("ioapic", &ambiguous), ioapic);
    assert_false(ambiguous);
    assert_int_equal(SYS_BUS_DEVICE(ioapic)->mmio[0].addr,
                     IO_APIC_DEFAULT_ADDRESS);
    assert_int_equal(object_property_get_uint(ioapic, "version", NULL), 0x20);
    /* GSI n is input n of the I/O APIC; ISA IRQs are GSIs 0-15. */
    for (int n = 0; n < IOAPIC_NUM_PINS; n++) {
        assert_ptr_equal(X86_MACHINE(ms)->gsi_state->ioapic_irq[n],
                         qdev_get_gpio_in(DEVICE(ioapic), n));
    }
    for (int n = 0; n < ISA_NUM_IRQS; n++) {
        assert_ptr_equal(isa_get_irq(NULL, n), X86_MACHINE(ms)->gsi[n]);
        /* The other half of the fan-out: the i8259 pair's input. */
        assert_non_null(X86_MACHINE(ms)->gsi_state->i8259_irq[n]);
    }
}

/* pc-i440fx-2.7 and older: the 82093AA's version (QEMU's hw_compat_2_7). */
static void test_board_version_compat(void **state)
{
    build("pc-i440fx-2.7");
    assert_int_equal(reg_read(0x01), 0x00170011);
    teardown(NULL);
    build("pc-i440fx-2.8");
    assert_int_equal(reg_read(0x01), 0x00170020);
}

static void test_version_property(void **state)
{
    DeviceState *dev = qdev_new(TYPE_IOAPIC);
    Error *err = NULL;

    qdev_prop_set_uint8(dev, "version", 0x12);
    assert_false(sysbus_realize(SYS_BUS_DEVICE(dev), &err));
    assert_error(err, "IOAPIC only supports version 0x11 or 0x20 "
                      "(default: 0x20).");
    object_unparent(OBJECT(dev));
    object_unref(OBJECT(dev));
}

/* ---- Messages ---- */

/*
 * Address: 0xfee00000, destination in bits 19:12, logical mode in bit 2.
 * Data: vector, delivery mode in 10:8, trigger mode in bit 15.
 */
static void test_message_format(void **state)
{
    MachineState *ms = build("pc");

    set_rte(5, 0x03, 0x41);
    gsi(ms, 5, 1);
    assert_int_equal(nmsgs, 1);
    assert_msg(0, 0xfee03000, 0x0041);
    gsi(ms, 5, 0);

    set_rte(6, 0xa5, RTE_LOGICAL | RTE_DM(1) | 0x52);
    gsi(ms, 6, 1);
    assert_msg(1, 0xfeea5004, 0x0152);

    set_rte(7, 0x00, RTE_LEVEL | RTE_DM(4) | 0x02); /* NMI */
    gsi(ms, 7, 1);
    assert_msg(2, 0xfee00000, 0x8402);

    /* ExtINT: the vector field goes out as is, the CPU asks the 8259. */
    set_rte(9, 0x01, RTE_DM(7) | 0x00);
    gsi(ms, 9, 1);
    assert_msg(3, 0xfee01000, 0x0700);
    assert_int_equal(nmsgs, 4);
}

/* Reserved delivery modes (011, 110) send nothing and are logged. */
static void test_reserved_delivery_mode(void **state)
{
    MachineState *ms = build("pc");

    set_rte(10, 0, RTE_DM(3) | 0x30);
    set_rte(11, 0, RTE_DM(6) | 0x31);
    gsi(ms, 10, 1);
    gsi(ms, 11, 1);
    assert_int_equal(nmsgs, 0);
}

/* Edge-triggered: one message per rising edge, none while masked. */
static void test_edge(void **state)
{
    MachineState *ms = build("pc");

    set_rte(4, 0, 0x34);
    gsi(ms, 4, 1);
    gsi(ms, 4, 1); /* the same level again is no edge */
    assert_int_equal(nmsgs, 1);
    gsi(ms, 4, 0);
    assert_int_equal(nmsgs, 1);
    gsi(ms, 4, 1);
    assert_int_equal(nmsgs, 2);
    gsi(ms, 4, 0);
    /* Masked: the edge is lost, not held for the unmask. */
    set_rte(4, 0, RTE_MASKED | 0x34);
    gsi(ms, 4, 1);
    set_rte(4, 0, 0x34);
    assert_int_equal(nmsgs, 2);
    assert_int_equal(reg_read(REG_REDTBL(4)), 0x34);
}

/*
 * Level-triggered: one message, then none until EOI; EOI with the input
 * still high sends again; the local APIC's broadcast EOI does the same.
 */
static void test_level_eoi(void **state)
{
    MachineState *ms = build("pc");
    uint32_t entry = RTE_LEVEL | 0x44;

    set_rte(12, 0, entry);
    gsi(ms, 12, 1);
    gsi(ms, 12, 0);
    gsi(ms, 12, 1);
    assert_int_equal(nmsgs, 1);
    assert_msg(0, 0xfee00000, 0x8044);
    assert_int_equal(reg_read(REG_REDTBL(12)), entry | RTE_REMOTE_IRR);
    eoi(0x44);
    assert_int_equal(nmsgs, 2);
    assert_int_equal(reg_read(REG_REDTBL(12)), entry | RTE_REMOTE_IRR);
    ioapic_eoi_broadcast(0x44);
    assert_int_equal(nmsgs, 3);
    gsi(ms, 12, 0);
    ioapic_eoi_broadcast(0x45);
    assert_int_equal(reg_read(REG_REDTBL(12)), entry | RTE_REMOTE_IRR);
    ioapic_eoi_broadcast(0x44);
    assert_int_equal(reg_read(REG_REDTBL(12)), entry);
    assert_int_equal(nmsgs, 3);
}

/* ICH EOIR: bits 31:8 are ignored (QEMU compares all 32 bits). */
static void test_eoir_low_byte(void **state)
{
    MachineState *ms = build("pc");

    set_rte(13, 0, RTE_LEVEL | 0x46);
    gsi(ms, 13, 1);
    gsi(ms, 13, 0);
    eoi(0xffffff46);
    assert_int_equal(reg_read(REG_REDTBL(13)), RTE_LEVEL | 0x46);
}

/* Every entry with the EOI's vector is cleared (ICH datasheet, EOIR). */
static void test_eoi_shared_vector(void **state)
{
    MachineState *ms = build("pc");

    set_rte(14, 0, RTE_LEVEL | 0x50);
    set_rte(15, 0, RTE_LEVEL | 0x50);
    gsi(ms, 14, 1);
    gsi(ms, 15, 1);
    gsi(ms, 14, 0);
    assert_int_equal(nmsgs, 2);
    eoi(0x50);
    /* 15 is still high: sent again; 14 is not. */
    assert_int_equal(nmsgs, 3);
    assert_int_equal(reg_read(REG_REDTBL(14)), RTE_LEVEL | 0x50);
    assert_int_equal(reg_read(REG_REDTBL(15)),
                     RTE_LEVEL | RTE_REMOTE_IRR | 0x50);
}

/*
 * The 82093AA senses level inputs: an entry made level-triggered (or
 * unmasked) while its input is high sends.  QEMU 7.2 samples inputs only
 * when they change, so it sends here only for the unmask.
 */
static void test_level_sensed_on_change(void **state)
{
    MachineState *ms = build("pc");

    set_rte(16, 0, RTE_MASKED | 0x60);
    gsi(ms, 16, 1);
    set_rte(16, 0, RTE_LEVEL | 0x60);
    assert_int_equal(nmsgs, 1);
    assert_int_equal(reg_read(REG_REDTBL(16)),
                     RTE_LEVEL | RTE_REMOTE_IRR | 0x60);
}

/* GSIs 16-23 (PCI interrupts later) reach pins 16-23. */
static void test_high_gsis(void **state)
{
    MachineState *ms = build("pc");

    for (int n = 16; n < IOAPIC_NUM_PINS; n++) {
        set_rte(n, 0, 0x70 + n);
        gsi(ms, n, 1);
        assert_int_equal(nmsgs, n - 15);
        assert_msg(n - 16, 0xfee00000, 0x70 + n);
    }
}

/*
 * ISA IRQ 0 (the PIT) drives pin 2, QEMU's override; nothing drives pin
 * 0, and IRQ 0 and IRQ 2 share pin 2 as a wired OR.
 */
static void test_irq0_override(void **state)
{
    MachineState *ms = build("pc");

    set_rte(0, 0, 0x20);
    set_rte(2, 0, 0x22);
    gsi(ms, 0, 1);
    assert_int_equal(nmsgs, 1);
    assert_msg(0, 0xfee00000, 0x22);
    /* Pin 2 is already high through IRQ 0: IRQ 2 is no new edge. */
    gsi(ms, 2, 1);
    gsi(ms, 0, 0);
    assert_int_equal(nmsgs, 1);
    gsi(ms, 2, 0);
    gsi(ms, 0, 1);
    assert_int_equal(nmsgs, 2);
    assert_msg(1, 0xfee00000, 0x22);
    /* Through the ISA bus as a PIT would, level-triggered this time. */
    gsi(ms, 0, 0);
    set_rte(2, 0, RTE_LEVEL | 0x22);
    qemu_set_irq(isa_get_irq(NULL, 0), 1);
    assert_int_equal(nmsgs, 3);
    assert_int_equal(reg_read(REG_REDTBL(0)), 0x20);
    assert_int_equal(reg_read(REG_REDTBL(2)),
                     RTE_LEVEL | RTE_REMOTE_IRR | 0x22);
}

/* ---- Reset and guest errors ---- */

static void test_reset(void **state)
{
    MachineState *ms = build("pc");

    reg_write(0x00, 0x07000000);
    for (int n = 0; n < IOAPIC_NUM_PINS; n++) {
        set_rte(n, 0xff, RTE_LEVEL | (0x80 + n));
    }
    gsi(ms, 3, 1);
    address_space_stl_le(&address_space_memory, IOREGSEL, 0x3f, ATTRS, NULL);
    qemu_devices_reset();
    assert_int_equal(
        address_space_ldl_le(&address_space_memory, IOREGSEL, ATTRS, NULL), 0);
    assert_int_equal(reg_read(0x00), 0);
    assert_int_equal(reg_read(0x02), 0);
    for (int n = 0; n < IOAPIC_NUM_PINS; n++) {
        assert_int_equal(reg_read(REG_REDTBL(n)), RTE_MASKED);
        assert_int_equal(reg_read(REG_REDTBL(n) + 1), 0);
    }
    /* The input is a wire: still high after the reset, so it sends. */
    nmsgs = 0;
    set_rte(3, 0, RTE_LEVEL | 0x33);
    assert_int_equal(nmsgs, 1);
}

/* Guest mistakes are logged and change nothing. */
static void test_guest_errors(void **state)
{
    g_autofree char *log = NULL;
    AddressSpace *as = &address_space_memory;

    build("pc");
    log_start();
    address_space_stl_le(as, IOREGSEL, 0x03, ATTRS, NULL);
    assert_int_equal(address_space_ldl_le(as, IOWIN, ATTRS, NULL), 0);
    address_space_stl_le(as, IOWIN, 0x1234, ATTRS, NULL);
    reg_write(0x01, 0xffffffff);
    reg_write(0x02, 0xffffffff);
    reg_write(0x40, 0xffffffff);
    address_space_stl_le(as, IOREGSEL, 0x10, ATTRS, NULL);
    address_space_stw_le(as, IOWIN, 0xffff, ATTRS, NULL);
    assert_int_equal(address_space_ldub(as, IOWIN, ATTRS, NULL), 0);
    address_space_stw_le(as, EOIR, 0x20, ATTRS, NULL);
    assert_int_equal(
        address_space_ldl_le(as, IO_APIC_DEFAULT_ADDRESS + 0x20, ATTRS, NULL),
        0);
    address_space_stl_le(as, IO_APIC_DEFAULT_ADDRESS + 0x84, 1, ATTRS, NULL);
    log = log_stop();

    assert_logged(log, "ioapic: read of undefined register 0x03\n");
    assert_logged(log, "ioapic: write 0x00001234 to undefined register "
                       "0x03 ignored\n");
    assert_logged(log, "ioapic: write 0xffffffff to read-only register "
                       "0x01 ignored\n");
    assert_logged(log, "ioapic: write 0xffffffff to read-only register "
                       "0x02 ignored\n");
    assert_logged(log, "ioapic: write 0xffffffff to undefined register "
                       "0x40 ignored\n");
    assert_logged(log, "ioapic: 2-byte write at offset 0x10 ignored: the "
                       "register takes dword accesses only\n");
    assert_logged(log, "ioapic: 1-byte read at offset 0x10 ignored: the "
                       "register takes dword accesses only\n");
    assert_logged(log, "ioapic: 2-byte write at offset 0x40 ignored: the "
                       "register takes dword accesses only\n");
    assert_logged(log, "ioapic: 4-byte read at undefined offset 0x20\n");
    assert_logged(log, "ioapic: 4-byte write 0x1 at undefined offset 0x84 "
                       "ignored\n");
    assert_int_equal(reg_read(0x01), 0x00170020);
    assert_int_equal(reg_read(0x02), 0);
    assert_int_equal(reg_read(REG_REDTBL(0)), RTE_MASKED);
}

/* Version 0x11 has no EOI register: a write there is logged. */
static void test_no_eoir_logged(void **state)
{
    g_autofree char *log = NULL;
    MachineState *ms = build("pc-i440fx-2.7");

    set_rte(5, 0, RTE_LEVEL | 0x35);
    gsi(ms, 5, 1);
    gsi(ms, 5, 0);
    log_start();
    eoi(0x35);
    log = log_stop();
    assert_logged(log, "ioapic: version 0x11 has no EOI register, write "
                       "ignored\n");
    assert_int_equal(reg_read(REG_REDTBL(5)),
                     RTE_LEVEL | RTE_REMOTE_IRR | 0x35);
}

/* -M none has no I/O APIC. */
static void test_none_machine(void **state)
{
    PCTestArgs a = {.machine = "none"};

    pc_test_build(&a);
    assert_null(object_resolve_path_type("", TYPE_IOAPIC, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        ioapic_test(test_board_device),
        ioapic_test(test_board_version_compat),
        cmocka_unit_test(test_version_property),
        ioapic_test(test_message_format),
        ioapic_test(test_reserved_delivery_mode),
        ioapic_test(test_edge),
        ioapic_test(test_level_eoi),
        ioapic_test(test_eoir_low_byte),
        ioapic_test(test_eoi_shared_vector),
        ioapic_test(test_level_sensed_on_change),
        ioapic_test(test_high_gsis),
        ioapic_test(test_irq0_override),
        ioapic_test(test_reset),
        ioapic_test(test_guest_errors),
        ioapic_test(test_no_eoir_logged),
        pc_test(test_none_machine),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
