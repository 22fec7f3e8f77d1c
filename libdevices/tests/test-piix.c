/*
 * The i440FX/PIIX functions on the pc board, for what qtest cannot show
 * on QEMU (qtest/tests/i440fx-test.c and piix-test.c check the rest on
 * both): PCI interrupts routed through the PIIX3's PIRQ registers to the
 * GSIs with QEMU's slot swizzle, the PAM and SMRAM windows as memory
 * sections, the guest's power-off and the power button through the
 * application's hooks, S3 being refused, and that a system reset gives
 * every register of the four functions its power-on value back.
 */
#include "devices/acpi.h"
#include "devices/piix.h"
#include "machine/irq.h"
#include "machine/pci-ids.h"
#include "machine/pci.h"
#include "machine/reset.h"
#include "pc-internal.h"
#include "pc-test.h"

#define ATTRS MEMTXATTRS_UNSPECIFIED

#define PIIX3_DEVFN PCI_DEVFN(1, 0)
#define IDE_DEVFN PCI_DEVFN(1, 1)
#define PM_DEVFN PCI_DEVFN(1, 3)
#define PIRQRC 0x60
#define PM_BASE 0x600

/* ---- A function that raises INTx when told ---- */

#define TYPE_TEST_INTX "test-intx"

typedef struct TestIntx {
    PCIDevice parent_obj;
    uint8_t pin; /* "pin": 1 = INTA# .. 4 = INTD# */
} TestIntx;

static void test_intx_realize(PCIDevice *pdev, Error **errp)
{
    pci_config_set_interrupt_pin(pdev->config, ((TestIntx *)pdev)->pin);
}

static Property test_intx_props[] = {
    DEFINE_PROP_UINT8("pin", TestIntx, pin, 1),
    DEFINE_PROP_END_OF_LIST(),
};

static void test_intx_class_init(ObjectClass *oc, void *data)
{
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);

    k->realize = test_intx_realize;
    k->vendor_id = PCI_VENDOR_ID_REDHAT;
    k->device_id = PCI_DEVICE_ID_REDHAT_TEST;
    k->class_id = PCI_CLASS_OTHERS;
    device_class_set_props(DEVICE_CLASS(oc), test_intx_props);
}

static const TypeInfo test_intx_types[] = {
    {
        .name = TYPE_TEST_INTX,
        .parent = TYPE_PCI_DEVICE,
        .instance_size = sizeof(TestIntx),
        .class_init = test_intx_class_init,
        .interfaces =
            (InterfaceInfo[]){
                {INTERFACE_CONVENTIONAL_PCI_DEVICE},
                {},
            },
    },
};

DEFINE_TYPES(test_intx_types)

/* ---- The machine, with the GSI levels recorded ---- */

static int gsi_level[GSI_NUM_PINS];
static int gsi_changes;
static qemu_irq *gsi_recorders;

static void gsi_record(void *opaque, int n, int level)
{
    gsi_level[n] = level;
    gsi_changes++;
}

/*
 * A pc machine reset as the program resets it, whose GSIs end in the
 * recorder instead of the I/O APIC.
 */
static MachineState *build_keys(const char *const *keys)
{
    PCTestArgs a = {.machine = "pc", .keys = keys};
    MachineState *ms = pc_test_build(&a);
    GSIState *gsi = X86_MACHINE(ms)->gsi_state;

    qemu_devices_reset();
    memset(gsi_level, 0, sizeof(gsi_level));
    gsi_changes = 0;
    gsi_recorders = qemu_allocate_irqs(gsi_record, NULL, GSI_NUM_PINS);
    for (int n = 0; n < GSI_NUM_PINS; n++) {
        gsi->ioapic_irq[n] = gsi_recorders[n];
    }
    return ms;
}

static MachineState *build(void)
{
    return build_keys(NULL);
}

static int teardown(void **state)
{
    acpi_set_guest_power_off_handler(NULL, NULL);
    pc_test_teardown(state);
    if (gsi_recorders) {
        qemu_free_irqs(gsi_recorders, GSI_NUM_PINS);
        gsi_recorders = NULL;
    }
    return 0;
}

#define piix_test(f) cmocka_unit_test_teardown(f, teardown)

static PCIBus *pci_bus(MachineState *ms)
{
    return PC_MACHINE(ms)->pci_bus;
}

static uint32_t cfg_read(int devfn, int reg, int len)
{
    address_space_stl_le(&address_space_io, 0xcf8,
                         0x80000000u | devfn << 8 | (reg & 0xfc), ATTRS, NULL);
    switch (len) {
    case 1:
        return address_space_ldub(&address_space_io, 0xcfc + (reg & 3), ATTRS,
                                  NULL);
    case 2:
        return address_space_lduw_le(&address_space_io, 0xcfc + (reg & 2),
                                     ATTRS, NULL);
    default:
        return address_space_ldl_le(&address_space_io, 0xcfc, ATTRS, NULL);
    }
}

static void cfg_write(int devfn, int reg, uint32_t val, int len)
{
    address_space_stl_le(&address_space_io, 0xcf8,
                         0x80000000u | devfn << 8 | (reg & 0xfc), ATTRS, NULL);
    switch (len) {
    case 1:
        address_space_stb(&address_space_io, 0xcfc + (reg & 3), val, ATTRS,
                          NULL);
        break;
    case 2:
        address_space_stw_le(&address_space_io, 0xcfc + (reg & 2), val, ATTRS,
                             NULL);
        break;
    default:
        address_space_stl_le(&address_space_io, 0xcfc, val, ATTRS, NULL);
        break;
    }
}

static PCIDevice *add_intx(MachineState *ms, int devfn, int pin)
{
    PCIDevice *d = pci_new(devfn, TYPE_TEST_INTX);

    qdev_prop_set_uint8(DEVICE(d), "pin", pin);
    assert_true(pci_realize_and_unref(d, pci_bus(ms), &error_abort));
    return d;
}

/* ---- PIRQ routing ---- */

static void test_pirq_routing(void **state)
{
    MachineState *ms = build();
    /* QEMU's swizzle: slot 4 INTA# is PIRQ (4 - 1 + 0) mod 4 = PIRQD. */
    PCIDevice *d = add_intx(ms, PCI_DEVFN(4, 0), 1);

    /* Routing disabled after reset: the pin reaches nothing. */
    pci_irq_assert(d);
    for (int n = 0; n < GSI_NUM_PINS; n++) {
        assert_int_equal(gsi_level[n], 0);
    }
    /* Route PIRQD to IRQ 11: the asserted pin shows at once. */
    cfg_write(PIIX3_DEVFN, PIRQRC + 3, 11, 1);
    assert_int_equal(gsi_level[11], 1);
    pci_irq_deassert(d);
    assert_int_equal(gsi_level[11], 0);
    pci_irq_assert(d);
    assert_int_equal(gsi_level[11], 1);
    /* Moved while asserted: the old IRQ drops, the new one rises. */
    cfg_write(PIIX3_DEVFN, PIRQRC + 3, 10, 1);
    assert_int_equal(gsi_level[11], 0);
    assert_int_equal(gsi_level[10], 1);
    /* Bit 7 disables the route. */
    cfg_write(PIIX3_DEVFN, PIRQRC + 3, 0x8a, 1);
    assert_int_equal(gsi_level[10], 0);
    cfg_write(PIIX3_DEVFN, PIRQRC + 3, 0x0a, 1);
    assert_int_equal(gsi_level[10], 1);
    /* The command register's Interrupt Disable masks the function. */
    cfg_write(PCI_DEVFN(4, 0), PCI_COMMAND, PCI_COMMAND_INTX_DISABLE, 2);
    assert_int_equal(gsi_level[10], 0);
    cfg_write(PCI_DEVFN(4, 0), PCI_COMMAND, 0, 2);
    assert_int_equal(gsi_level[10], 1);
    /* A reset releases everything (routes back to disabled). */
    qemu_devices_reset();
    assert_int_equal(gsi_level[10], 0);
    assert_int_equal(cfg_read(PIIX3_DEVFN, PIRQRC, 4), 0x80808080);
}

static void test_pirq_swizzle(void **state)
{
    MachineState *ms = build();
    /* (slot - 1 + pin) mod 4, pin 0 = INTA#. */
    static const struct {
        int slot, pin, pirq;
    } wiring[] = {
        {2, 1, 1}, {2, 2, 2}, {3, 1, 2}, {3, 4, 1},
        {5, 1, 0}, {5, 3, 2}, {8, 2, 0}, {31, 1, 2},
    };

    /* Each PIRQ to its own IRQ: A 5, B 9, C 10, D 11. */
    cfg_write(PIIX3_DEVFN, PIRQRC, 0x0b0a0905, 4);
    for (size_t i = 0; i < G_N_ELEMENTS(wiring); i++) {
        static const int irq_of_pirq[] = {5, 9, 10, 11};
        PCIDevice *d =
            add_intx(ms, PCI_DEVFN(wiring[i].slot, 0), wiring[i].pin);
        int irq = irq_of_pirq[wiring[i].pirq];

        pci_irq_assert(d);
        for (int p = 0; p < 4; p++) {
            assert_int_equal(gsi_level[irq_of_pirq[p]], irq_of_pirq[p] == irq);
        }
        pci_irq_deassert(d);
        object_unparent(OBJECT(d));
    }
}

/* PCI interrupts are shared: an IRQ is high while any PIRQ on it is. */
static void test_pirq_sharing(void **state)
{
    MachineState *ms = build();
    PCIDevice *a = add_intx(ms, PCI_DEVFN(2, 0), 1); /* PIRQB */
    PCIDevice *b = add_intx(ms, PCI_DEVFN(3, 0), 1); /* PIRQC */
    PCIDevice *c = add_intx(ms, PCI_DEVFN(7, 0), 1); /* PIRQC too */

    cfg_write(PIIX3_DEVFN, PIRQRC, 0x800b0b80, 4);
    pci_irq_assert(a);
    pci_irq_assert(b);
    pci_irq_assert(c);
    assert_int_equal(gsi_level[11], 1);
    pci_irq_deassert(a);
    pci_irq_deassert(b);
    assert_int_equal(gsi_level[11], 1);
    pci_irq_deassert(c);
    assert_int_equal(gsi_level[11], 0);
    /* An idle PIIX3 leaves the ISA lines to the ISA devices. */
    gsi_changes = 0;
    qemu_set_irq(X86_MACHINE(ms)->gsi[11], 1);
    cfg_write(PIIX3_DEVFN, PIRQRC, 0x80808080, 4);
    assert_int_equal(gsi_level[11], 1);
    assert_int_equal(gsi_changes, 1);
}

/* ---- PAM and SMRAM as memory sections ---- */

static const char *section_name(hwaddr addr, bool *readonly)
{
    static MemoryRegionSection s;

    if (!address_space_find_section(&address_space_memory, addr, &s)) {
        return NULL;
    }
    if (readonly) {
        *readonly = s.readonly;
    }
    return memory_region_name(s.mr);
}

static void test_pam_sections(void **state)
{
    bool ro;

    build();
    /* PCI: the option ROM space, and the BIOS window. */
    assert_string_equal(section_name(0xc0000, NULL), "pc.rom");
    assert_string_equal(section_name(0xf0000, NULL), "bios-window");
    cfg_write(PCI_DEVFN(0, 0), 0x59, 0x10, 1);
    assert_string_equal(section_name(0xf0000, &ro), "pc.ram");
    assert_true(ro);
    cfg_write(PCI_DEVFN(0, 0), 0x59, 0x30, 1);
    assert_string_equal(section_name(0xf0000, &ro), "pc.ram");
    assert_false(ro);
    assert_string_equal(section_name(0xeffff, NULL), "bios-window");
    cfg_write(PCI_DEVFN(0, 0), 0x5a, 0x02, 1);
    assert_string_equal(section_name(0xc3fff, &ro), "pc.ram");
    assert_false(ro);
    assert_string_equal(section_name(0xc4000, NULL), "pc.rom");
    /* SMRAM: D_OPEN shows the RAM under the VGA window. */
    assert_string_equal(section_name(0xa0000, NULL), "vga-window");
    cfg_write(PCI_DEVFN(0, 0), 0x72, 0x4a, 1);
    assert_string_equal(section_name(0xa0000, NULL), "pc.ram");
    assert_string_equal(section_name(0xbffff, NULL), "pc.ram");
    /* A reset closes everything again. */
    qemu_devices_reset();
    assert_string_equal(section_name(0xa0000, NULL), "vga-window");
    assert_string_equal(section_name(0xf0000, NULL), "bios-window");
    assert_string_equal(section_name(0xc0000, NULL), "pc.rom");
}

/* ---- Reset ---- */

static void snapshot(int devfn, uint8_t *out)
{
    for (int reg = 0; reg < 256; reg += 4) {
        uint32_t v = cfg_read(devfn, reg, 4);

        memcpy(out + reg, &v, 4);
    }
}

/* Every byte the guest can change comes back after a system reset. */
static void test_reset_complete(void **state)
{
    static const int devfns[] = {PCI_DEVFN(0, 0), PIIX3_DEVFN, IDE_DEVFN,
                                 PM_DEVFN};
    uint8_t before[4][256], after[256];

    build();
    for (size_t i = 0; i < G_N_ELEMENTS(devfns); i++) {
        snapshot(devfns[i], before[i]);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(devfns); i++) {
        for (int reg = 0; reg < 256; reg += 4) {
            cfg_write(devfns[i], reg, 0xffffffff, 4);
        }
    }
    /* And the I/O registers behind them. */
    address_space_stb(&address_space_io, 0xcf9, 0x02, ATTRS, NULL);
    address_space_stb(&address_space_io, 0xb2, 0x12, ATTRS, NULL);
    address_space_stb(&address_space_io, 0xb3, 0x34, ATTRS, NULL);
    address_space_stw_le(&address_space_io, 0xafe2, 0xffff, ATTRS, NULL);
    qemu_devices_reset();
    for (size_t i = 0; i < G_N_ELEMENTS(devfns); i++) {
        snapshot(devfns[i], after);
        assert_memory_equal(after, before[i], 256);
    }
    assert_int_equal(address_space_ldub(&address_space_io, 0xcf9, ATTRS, NULL),
                     0);
    assert_int_equal(address_space_ldub(&address_space_io, 0xb2, ATTRS, NULL),
                     0);
    assert_int_equal(address_space_ldub(&address_space_io, 0xb3, ATTRS, NULL),
                     0);
    assert_int_equal(
        address_space_ldl_le(&address_space_io, 0xafe0, ATTRS, NULL), 0);
    /* The PM registers are unmapped again (PMREGMISC is 0). */
    assert_int_equal(
        address_space_lduw_le(&address_space_io, 0xffc2, ATTRS, NULL), 0xffff);
}

/* ---- Power ---- */

static int power_offs;

static void count_power_off(void *opaque)
{
    power_offs++;
}

static void pm_map(void)
{
    cfg_write(PM_DEVFN, 0x40, PM_BASE | 1, 4);
    cfg_write(PM_DEVFN, 0x80, 1, 1);
}

static void pm1_cnt(uint16_t val)
{
    address_space_stw_le(&address_space_io, PM_BASE + 4, val, ATTRS, NULL);
}

static void test_sleep_states(void **state)
{
    build();
    power_offs = 0;
    acpi_set_guest_power_off_handler(count_power_off, NULL);
    pm_map();
    /* SLP_TYP without SLP_EN only stores. */
    pm1_cnt(0 << 10);
    pm1_cnt(2 << 10);
    assert_int_equal(power_offs, 0);
    /* S5 (0) and S4 (s4_val, 2) power off. */
    pm1_cnt(0 << 10 | 0x2000);
    assert_int_equal(power_offs, 1);
    pm1_cnt(2 << 10 | 0x2000);
    assert_int_equal(power_offs, 2);
    /* S3 (1) is not supported: logged, the guest goes on. */
    pm1_cnt(1 << 10 | 0x2000);
    assert_int_equal(power_offs, 2);
    /* Others are not sleep states. */
    pm1_cnt(5 << 10 | 0x2000);
    assert_int_equal(power_offs, 2);
    assert_int_equal(
        address_space_lduw_le(&address_space_io, PM_BASE + 4, ATTRS, NULL),
        5 << 10);
}

static void test_pm_properties(void **state)
{
    MachineState *ms = build();
    PCIDevice *pm = pci_bus(ms)->devices[PM_DEVFN];

    assert_int_equal(object_property_get_uint(OBJECT(pm), "s4_val", NULL), 2);
    assert_int_equal(object_property_get_uint(OBJECT(pm), "sci_int", NULL), 9);
    assert_int_equal(object_property_get_uint(OBJECT(pm), "gpe0_blk", NULL),
                     0xafe0);
    assert_int_equal(
        object_property_get_uint(OBJECT(pm), "acpi_enable_cmd", NULL), 0xf1);
    assert_int_equal(object_property_get_uint(OBJECT(pm), "pm_io_base", NULL),
                     0);
    pm_map();
    assert_int_equal(object_property_get_uint(OBJECT(pm), "pm_io_base", NULL),
                     PM_BASE);
    assert_int_equal(object_property_get_uint(OBJECT(pm), "smb_io_base", NULL),
                     0xb100);
}

static void test_power_button(void **state)
{
    build();
    pm_map();
    address_space_stb(&address_space_io, 0xb2, 0xf1, ATTRS, NULL);
    address_space_stw_le(&address_space_io, PM_BASE + 2, 0x0100, ATTRS, NULL);
    assert_true(acpi_press_power_button());
    assert_int_equal(
        address_space_lduw_le(&address_space_io, PM_BASE, ATTRS, NULL), 0x0100);
    /* The SCI is ISA IRQ 9. */
    assert_int_equal(gsi_level[9], 1);
    /* SCI_EN clear: the event would be an SMI, so the SCI drops. */
    address_space_stb(&address_space_io, 0xb2, 0xf0, ATTRS, NULL);
    assert_int_equal(gsi_level[9], 0);
    address_space_stb(&address_space_io, 0xb2, 0xf1, ATTRS, NULL);
    assert_int_equal(gsi_level[9], 1);
    address_space_stw_le(&address_space_io, PM_BASE, 0x0100, ATTRS, NULL);
    assert_int_equal(gsi_level[9], 0);
}

static void test_no_acpi_no_button(void **state)
{
    const char *keys[] = {"acpi", "off", NULL};

    build_keys(keys);
    assert_false(acpi_press_power_button());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        piix_test(test_pirq_routing),      piix_test(test_pirq_swizzle),
        piix_test(test_pirq_sharing),      piix_test(test_pam_sections),
        piix_test(test_reset_complete),    piix_test(test_sleep_states),
        piix_test(test_pm_properties),     piix_test(test_power_button),
        piix_test(test_no_acpi_no_button),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
