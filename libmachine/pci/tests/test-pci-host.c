/*
 * Unit tests for the host side: configuration mechanism #1 through ports
 * 0xcf8/0xcfc (PCI 3.0, 3.2.2.3.2) with dword, word and byte data
 * accesses, the enable bit, absent functions and buses, bus numbers
 * behind a bridge, and bus-master DMA gated by the command register.
 * Port behaviour was checked against QEMU 7.2 with qtest.
 */
#include "pci-test.h"

static uint32_t conf_addr(int bus, int slot, int fn, int reg)
{
    return CFG_ADDR(bus, PCI_DEVFN(slot, fn), reg);
}

static void test_config_address_register(void **state)
{
    io_out(0xcf8, 0x80001234, 4);
    assert_int_equal(io_in(0xcf8, 4), 0x80001234);
    assert_int_equal(test_host->config_reg, 0x80001234);
    /* Only a dword write loads it. */
    io_out(0xcf8, 0x12, 1);
    io_out(0xcfa, 0x5678, 2);
    assert_int_equal(test_host->config_reg, 0x80001234);
    /* QEMU returns the register's low bytes whatever the offset. */
    assert_int_equal(io_in(0xcf8, 1), 0x34);
    assert_int_equal(io_in(0xcfa, 2), 0x1234);
}

/* A byte register claimed behind CONFIG_ADDRESS (the PIIX3's 0xcf9). */
static uint8_t claimed_reg;

static uint64_t claimed_read(void *opaque, hwaddr addr, unsigned size)
{
    return claimed_reg;
}

static void claimed_write(void *opaque, hwaddr addr, uint64_t val,
                          unsigned size)
{
    claimed_reg = val;
}

static const MemoryRegionOps claimed_ops = {
    .read = claimed_read,
    .write = claimed_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static void test_claimed_conf_port(void **state)
{
    MemoryRegion mr;

    memory_region_init_io(&mr, NULL, &claimed_ops, NULL, "claimed", 1);
    claimed_reg = 0x5a;
    pci_host_claim_conf_port(test_host, 1, &mr);
    io_out(0xcf8, 0x80001234, 4);
    /* Bytes at 0xcf9 are the device's, both ways. */
    assert_int_equal(io_in(0xcf9, 1), 0x5a);
    io_out(0xcf9, 0x06, 1);
    assert_int_equal(claimed_reg, 0x06);
    /* Everything else is CONFIG_ADDRESS as before. */
    assert_int_equal(test_host->config_reg, 0x80001234);
    assert_int_equal(io_in(0xcf8, 4), 0x80001234);
    assert_int_equal(io_in(0xcf8, 1), 0x34);
    io_out(0xcf8, 0x80005678, 4);
    assert_int_equal(test_host->config_reg, 0x80005678);
    assert_int_equal(claimed_reg, 0x06);
    /* Released: QEMU's low byte again. */
    pci_host_claim_conf_port(test_host, 1, NULL);
    assert_int_equal(io_in(0xcf9, 1), 0x78);
    memory_region_destroy(&mr);
}

/* The window of the 64-bit BARs at or above 4 GiB. */
static void test_w64_range(void **state)
{
    uint64_t lob = 0, upb = 0;

    pci_test_add(test_bus, TYPE_TEST_DEV, PCI_DEVFN(3, 0), false, &error_abort);
    pci_test_add(test_bus, TYPE_TEST_DEV, PCI_DEVFN(4, 0), false, &error_abort);
    assert_false(pci_bus_get_w64_range(test_bus, &lob, &upb));
    /* BAR 2+3 of the test device: 16 KiB, 64-bit, prefetchable. */
    cfg_write(PCI_DEVFN(3, 0), PCI_BASE_ADDRESS_2, 0x0000000c, 4);
    cfg_write(PCI_DEVFN(3, 0), PCI_BASE_ADDRESS_3, 0x2, 4);
    cfg_write(PCI_DEVFN(3, 0), PCI_COMMAND, PCI_COMMAND_MEMORY, 2);
    assert_true(pci_bus_get_w64_range(test_bus, &lob, &upb));
    assert_int_equal(lob, 0x200000000ULL);
    assert_int_equal(upb, 0x200003fffULL);
    cfg_write(PCI_DEVFN(4, 0), PCI_BASE_ADDRESS_2, 0x8000000c, 4);
    cfg_write(PCI_DEVFN(4, 0), PCI_BASE_ADDRESS_3, 0x1, 4);
    cfg_write(PCI_DEVFN(4, 0), PCI_COMMAND, PCI_COMMAND_MEMORY, 2);
    assert_true(pci_bus_get_w64_range(test_bus, &lob, &upb));
    assert_int_equal(lob, 0x180000000ULL);
    assert_int_equal(upb, 0x200003fffULL);
    /* Below 4 GiB, or not decoding: not in the window. */
    cfg_write(PCI_DEVFN(4, 0), PCI_BASE_ADDRESS_3, 0, 4);
    cfg_write(PCI_DEVFN(3, 0), PCI_COMMAND, 0, 2);
    assert_false(pci_bus_get_w64_range(test_bus, &lob, &upb));
}

/* QEMU's properties of every host bridge. */
static void test_host_properties(void **state)
{
    assert_false(
        object_property_get_bool(OBJECT(test_host), "bypass-iommu", NULL));
    assert_true(object_property_get_bool(
        OBJECT(test_host), "x-config-reg-migration-enabled", NULL));
}

static void test_dword_access(void **state)
{
    pci_test_add(test_bus, TYPE_TEST_DEV, PCI_DEVFN(3, 0), false, &error_abort);

    io_out(0xcf8, conf_addr(0, 3, 0, PCI_VENDOR_ID), 4);
    assert_int_equal(io_in(0xcfc, 4), 0x00051b36);
    io_out(0xcf8, conf_addr(0, 3, 0, PCI_BASE_ADDRESS_0), 4);
    io_out(0xcfc, 0xffffffff, 4);
    assert_int_equal(io_in(0xcfc, 4), 0xfffff000);
    io_out(0xcf8, conf_addr(0, 3, 0, PCI_BASE_ADDRESS_1), 4);
    io_out(0xcfc, 0xffffffff, 4);
    assert_int_equal(io_in(0xcfc, 4), 0xffffffe1);
}

/* Data port offsets 0-3 select the bytes of the dword register. */
static void test_byte_and_word_access(void **state)
{
    PCIDevice *d = pci_test_add(test_bus, TYPE_TEST_DEV, PCI_DEVFN(3, 0), false,
                                &error_abort);

    io_out(0xcf8, conf_addr(0, 3, 0, PCI_VENDOR_ID), 4);
    assert_int_equal(io_in(0xcfc, 1), 0x36);
    assert_int_equal(io_in(0xcfd, 1), 0x1b);
    assert_int_equal(io_in(0xcfe, 1), 0x05);
    assert_int_equal(io_in(0xcff, 1), 0x00);
    assert_int_equal(io_in(0xcfc, 2), 0x1b36);
    assert_int_equal(io_in(0xcfe, 2), 0x0005);

    /* Command at 0x04, status at 0x06, through one CONFIG_ADDRESS. */
    io_out(0xcf8, conf_addr(0, 3, 0, PCI_COMMAND), 4);
    io_out(0xcfc, 0xffff, 2);
    assert_int_equal(io_in(0xcfc, 2), 0x0507);
    io_out(0xcfd, 0x00, 1);
    assert_int_equal(io_in(0xcfc, 2), 0x0007);
    d->config[PCI_STATUS + 1] = PCI_STATUS_REC_MASTER_ABORT >> 8;
    io_out(0xcfe, 0xffff, 2);
    assert_int_equal(io_in(0xcfe, 2), 0x0000);

    io_out(0xcf8, conf_addr(0, 3, 0, 0x40), 4);
    io_out(0xcfc, 0x44332211, 4);
    io_out(0xcfe, 0xbb, 1);
    assert_int_equal(io_in(0xcfc, 4), 0x44bb2211);
    /*
     * Unaligned cycles are cut at alignment as on the bus: bytes of the
     * register, then whatever follows the data port (QEMU 7.2 does the
     * same: inw 0xcfd reads two bytes, inl 0xcfd one byte past it).
     */
    assert_int_equal(io_in(0xcfd, 2), 0xbb22);
    assert_int_equal(io_in(0xcfd, 4), 0xff44bb22);
}

/*
 * CONFIG_ADDRESS keeps bits 1:0 as written and QEMU ORs them into the
 * register offset: the guest gets unaligned and 3-byte accesses, cut at
 * the end of the configuration space.
 */
static void test_config_address_low_bits(void **state)
{
    PCIDevice *d = pci_test_add(test_bus, TYPE_TEST_DEV, PCI_DEVFN(3, 0), false,
                                &error_abort);

    io_out(0xcf8, conf_addr(0, 3, 0, PCI_VENDOR_ID) | 1, 4);
    assert_int_equal(io_in(0xcf8, 4), 0x80001801);
    assert_int_equal(io_in(0xcfc, 4), 0x0000051b);
    /* ORed with the data port offset, not added. */
    assert_int_equal(io_in(0xcfd, 1), 0x1b);

    pci_set_long(d->config + 0xfc, 0x44332211);
    io_out(0xcf8, conf_addr(0, 3, 0, 0xfc) | 1, 4);
    assert_int_equal(io_in(0xcfc, 4), 0x00443322);
    io_out(0xcfc, 0xffaabbcc, 4);
    assert_int_equal(pci_get_long(d->config + 0xfc), 0xaabbcc11);
    io_out(0xcf8, conf_addr(0, 3, 0, 0xfc) | 3, 4);
    assert_int_equal(io_in(0xcfc, 4), 0xaa);
}

/* Bit 31 clear: not a configuration cycle. */
static void test_disabled_config(void **state)
{
    PCIDevice *d = pci_test_add(test_bus, TYPE_TEST_DEV, PCI_DEVFN(3, 0), false,
                                &error_abort);

    io_out(0xcf8, conf_addr(0, 3, 0, PCI_VENDOR_ID) & ~0x80000000u, 4);
    assert_int_equal(io_in(0xcfc, 4), 0xffffffff);
    assert_int_equal(io_in(0xcfe, 2), 0xffff);
    io_out(0xcf8, conf_addr(0, 3, 0, 0x40) & ~0x80000000u, 4);
    io_out(0xcfc, 0x12345678, 4);
    assert_int_equal(pci_get_long(d->config + 0x40), 0);
    io_out(0xcf8, conf_addr(0, 3, 0, 0x40), 4);
    assert_int_equal(io_in(0xcfc, 4), 0);
}

/* PCI 3.0 6.1: no function there reads as all-ones (vendor 0xffff). */
static void test_absent_device(void **state)
{
    pci_test_add(test_bus, TYPE_TEST_PLAIN, PCI_DEVFN(3, 0), false,
                 &error_abort);

    io_out(0xcf8, conf_addr(0, 4, 0, PCI_VENDOR_ID), 4);
    assert_int_equal(io_in(0xcfc, 4), 0xffffffff);
    assert_int_equal(io_in(0xcfc, 2), 0xffff);
    io_out(0xcfc, 0, 4);
    io_out(0xcf8, conf_addr(0, 3, 1, PCI_VENDOR_ID), 4);
    assert_int_equal(io_in(0xcfc, 4), 0xffffffff);
    /* No bus 5 either. */
    io_out(0xcf8, conf_addr(5, 3, 0, PCI_VENDOR_ID), 4);
    assert_int_equal(io_in(0xcfc, 4), 0xffffffff);
    assert_int_equal(pci_data_read(test_bus, conf_addr(0, 3, 0, 0), 2), 0x1234);
    assert_null(pci_find_device(test_bus, 5, PCI_DEVFN(3, 0)));
    /* A host without a bus answers nothing. */
    assert_int_equal(pci_data_read(NULL, conf_addr(0, 3, 0, 0), 4), 0xffffffff);
}

/*
 * Type 1 cycles reach the bus behind a bridge once its secondary and
 * subordinate registers claim the number (bridge spec 3.2.5.3-5), and
 * not while the secondary bus is held in reset.
 */
static void test_bus_numbers_behind_bridge(void **state)
{
    PCIDevice *br = pci_test_add(test_bus, TYPE_TEST_BRIDGE, PCI_DEVFN(2, 0),
                                 false, &error_abort);
    PCIBus *sec = PCI_BUS(g_queue_peek_head(&DEVICE(br)->child_bus));
    PCIDevice *d = pci_test_add(sec, TYPE_TEST_PLAIN, PCI_DEVFN(0, 0), false,
                                &error_abort);
    PCIDevice *br2 = pci_test_add(sec, TYPE_TEST_BRIDGE, PCI_DEVFN(1, 0), false,
                                  &error_abort);
    PCIBus *sec2 = PCI_BUS(g_queue_peek_head(&DEVICE(br2)->child_bus));
    PCIDevice *e =
        pci_test_add(sec2, TYPE_TEST_DEV, PCI_DEVFN(4, 0), false, &error_abort);
    g_autofree char *path = qdev_get_dev_path(DEVICE(e));

    assert_string_equal(path, "0000:00:02.0:01.0:04.0");
    /* Unnumbered: nothing answers for bus 1. */
    assert_null(pci_find_device(test_bus, 1, 0));

    cfg_write(br->devfn, PCI_SECONDARY_BUS, 1, 1);
    cfg_write(br->devfn, PCI_SUBORDINATE_BUS, 2, 1);
    assert_int_equal(pci_bus_num(sec), 1);
    assert_ptr_equal(pci_find_bus_nr(test_bus, 1), sec);
    io_out(0xcf8, conf_addr(1, 0, 0, PCI_VENDOR_ID), 4);
    assert_int_equal(io_in(0xcfc, 4), 0x56781234);
    assert_int_equal(pci_dev_bus_num(d), 1);
    assert_int_equal(pci_requester_id(d), 0x0100);

    /* Bus 2 is claimed by the first bridge but not yet by the second. */
    io_out(0xcf8, conf_addr(2, 4, 0, PCI_VENDOR_ID), 4);
    assert_int_equal(io_in(0xcfc, 4), 0xffffffff);
    pci_data_write(test_bus, conf_addr(1, 1, 0, PCI_SECONDARY_BUS), 2, 1);
    pci_data_write(test_bus, conf_addr(1, 1, 0, PCI_SUBORDINATE_BUS), 2, 1);
    assert_int_equal(io_in(0xcfc, 4), 0x00051b36);
    assert_ptr_equal(pci_find_device(test_bus, 2, PCI_DEVFN(4, 0)), e);

    /* Secondary bus reset: the bridge forwards nothing. */
    cfg_write(br->devfn, PCI_BRIDGE_CONTROL, PCI_BRIDGE_CTL_BUS_RESET, 2);
    assert_int_equal(io_in(0xcfc, 4), 0xffffffff);
    cfg_write(br->devfn, PCI_BRIDGE_CONTROL, 0, 2);
    /* A bus number outside the range. */
    io_out(0xcf8, conf_addr(3, 4, 0, PCI_VENDOR_ID), 4);
    assert_int_equal(io_in(0xcfc, 4), 0xffffffff);
}

/* A board helper: the root bus with the host, and function 0 at devfn 0. */
static void test_create_simple(void **state)
{
    PCIDevice *d = pci_create_simple(test_bus, -1, TYPE_TEST_PLAIN);
    PCIDevice *f = pci_create_simple_multifunction(test_bus, PCI_DEVFN(1, 0),
                                                   true, TYPE_TEST_PLAIN);

    assert_int_equal(d->devfn, 0);
    assert_true(DEVICE(d)->realized);
    assert_int_equal(cfg_read(f->devfn, PCI_HEADER_TYPE, 1), 0x80);
    assert_ptr_equal(pci_device_root_bus(f), test_bus);
    assert_ptr_equal(pci_address_space(f), get_system_memory());
    assert_ptr_equal(pci_address_space_io(f), get_system_io());
}

/* ---- Bus-master DMA ---- */

static MemoryRegion dma_ram;

static void map_dma_ram(void)
{
    uint8_t pattern[16];
    int i;

    memory_region_init_ram(&dma_ram, NULL, "dma-ram", 0x10000, &error_abort);
    memory_region_add_subregion(get_system_memory(), 0x100000, &dma_ram);
    for (i = 0; i < 16; i++) {
        pattern[i] = 0xc0 + i;
    }
    address_space_write(&address_space_memory, 0x100000, ATTRS, pattern, 16);
}

static void unmap_dma_ram(void)
{
    memory_region_del_subregion(get_system_memory(), &dma_ram);
    memory_region_destroy(&dma_ram);
}

/* PCI 3.0 6.2.2: a function may master the bus only with Bus Master set. */
static void test_bus_master_gates_dma(void **state)
{
    PCIDevice *d = pci_test_add(test_bus, TYPE_TEST_DEV, PCI_DEVFN(3, 0), false,
                                &error_abort);
    uint8_t buf[4] = {0};
    uint8_t out[4] = {1, 2, 3, 4};

    map_dma_ram();
    assert_string_equal(address_space_name(pci_get_address_space(d)),
                        TYPE_TEST_DEV);
    assert_ptr_equal(pci_device_iommu_address_space(d), &address_space_memory);

    assert_int_not_equal(pci_dma_read(d, 0x100000, buf, 4), MEMTX_OK);
    assert_int_not_equal(pci_dma_write(d, 0x100004, out, 4), MEMTX_OK);
    assert_int_equal(ldl_le_phys(&address_space_memory, 0x100004), 0xc7c6c5c4);

    cfg_write(d->devfn, PCI_COMMAND, PCI_COMMAND_MASTER, 2);
    assert_int_equal(pci_dma_read(d, 0x100000, buf, 4), MEMTX_OK);
    assert_int_equal(buf[0], 0xc0);
    assert_int_equal(buf[3], 0xc3);
    assert_int_equal(pci_dma_write(d, 0x100004, out, 4), MEMTX_OK);
    assert_int_equal(ldl_le_phys(&address_space_memory, 0x100004), 0x04030201);
    assert_int_equal(pci_dma_set(d, 0x100008, 0xee, 2), MEMTX_OK);
    assert_int_equal(lduw_le_phys(&address_space_memory, 0x100008), 0xeeee);
    /* Nothing there: an error, not a crash. */
    assert_int_not_equal(pci_dma_read(d, 0x200000, buf, 4), MEMTX_OK);

    /* Reset clears Bus Master. */
    bus_cold_reset(BUS(test_bus));
    assert_int_not_equal(pci_dma_read(d, 0x100000, buf, 4), MEMTX_OK);
    unmap_dma_ram();
}

/* Each function has its own gate. */
static void test_bus_master_per_device(void **state)
{
    PCIDevice *a = pci_test_add(test_bus, TYPE_TEST_DEV, PCI_DEVFN(3, 0), false,
                                &error_abort);
    PCIDevice *b = pci_test_add(test_bus, TYPE_TEST_DEV, PCI_DEVFN(4, 0), false,
                                &error_abort);
    uint8_t buf[4];

    map_dma_ram();
    cfg_write(a->devfn, PCI_COMMAND, PCI_COMMAND_MASTER, 2);
    assert_int_equal(pci_dma_read(a, 0x100000, buf, 4), MEMTX_OK);
    assert_int_not_equal(pci_dma_read(b, 0x100000, buf, 4), MEMTX_OK);
    cfg_write(a->devfn, PCI_COMMAND, 0, 2);
    cfg_write(b->devfn, PCI_COMMAND, PCI_COMMAND_MASTER, 2);
    assert_int_not_equal(pci_dma_read(a, 0x100000, buf, 4), MEMTX_OK);
    assert_int_equal(pci_dma_read(b, 0x100000, buf, 4), MEMTX_OK);
    unmap_dma_ram();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        pci_unit_test(test_config_address_register),
        pci_unit_test(test_claimed_conf_port),
        pci_unit_test(test_w64_range),
        pci_unit_test(test_host_properties),
        pci_unit_test(test_dword_access),
        pci_unit_test(test_byte_and_word_access),
        pci_unit_test(test_config_address_low_bits),
        pci_unit_test(test_disabled_config),
        pci_unit_test(test_absent_device),
        pci_unit_test(test_bus_numbers_behind_bridge),
        pci_unit_test(test_create_simple),
        pci_unit_test(test_bus_master_gates_dma),
        pci_unit_test(test_bus_master_per_device),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
