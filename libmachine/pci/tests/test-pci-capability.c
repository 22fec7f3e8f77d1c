/*
 * Unit tests for capability lists (PCI 3.0, 6.7): adding at a given or a
 * free offset, the list and status bit as the guest walks them, finding,
 * deleting, overlaps and a full configuration space, and a looped list.
 */
#include "pci-test.h"

static PCIDevice *plain(void)
{
    return pci_test_add(test_bus, TYPE_TEST_PLAIN, PCI_DEVFN(3, 0), false,
                        &error_abort);
}

/* Walk the list as a guest would: "id@offset id@offset ...". */
static char *guest_walk(PCIDevice *d)
{
    GString *s = g_string_new(NULL);
    uint8_t ptr;
    int n = 0;

    if (!(cfg_read(d->devfn, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST)) {
        return g_string_free(s, false);
    }
    ptr = cfg_read(d->devfn, PCI_CAPABILITY_LIST, 1) & ~3;
    while (ptr && n++ < 48) {
        g_string_append_printf(s, "%s%02x@%02x", s->len ? " " : "",
                               cfg_read(d->devfn, ptr + PCI_CAP_LIST_ID, 1),
                               ptr);
        ptr = cfg_read(d->devfn, ptr + PCI_CAP_LIST_NEXT, 1) & ~3;
    }
    return g_string_free(s, false);
}

#define assert_walk(d, want)                                                   \
    do {                                                                       \
        g_autofree char *got_ = guest_walk(d);                                 \
        assert_string_equal(got_, (want));                                     \
    } while (0)

static void test_add_and_find(void **state)
{
    PCIDevice *d = plain();

    assert_walk(d, "");
    assert_int_equal(pci_find_capability(d, PCI_CAP_ID_PM), 0);

    assert_int_equal(
        pci_add_capability(d, PCI_CAP_ID_PM, 0x50, 8, &error_abort), 0x50);
    assert_int_equal(cfg_read(d->devfn, PCI_STATUS, 2), PCI_STATUS_CAP_LIST);
    assert_walk(d, "01@50");
    assert_int_equal(
        pci_add_capability(d, PCI_CAP_ID_MSI, 0x60, 10, &error_abort), 0x60);
    /* The newest is at the head. */
    assert_walk(d, "05@60 01@50");
    assert_int_equal(pci_find_capability(d, PCI_CAP_ID_PM), 0x50);
    assert_int_equal(pci_find_capability(d, PCI_CAP_ID_MSI), 0x60);
    assert_int_equal(pci_find_capability(d, PCI_CAP_ID_EXP), 0);
    /* The identity of the list is checked on migration. */
    assert_int_equal(d->cmask[0x50], 0xff);
}

/* Capability bytes are read-only to the guest unless the device says. */
static void test_capability_read_only(void **state)
{
    PCIDevice *d = plain();

    pci_add_capability(d, PCI_CAP_ID_VNDR, 0x40, 8, &error_abort);
    cfg_write(d->devfn, 0x40, 0xffffffff, 4);
    cfg_write(d->devfn, 0x44, 0xffffffff, 4);
    assert_int_equal(cfg_read(d->devfn, 0x40, 2), 0x0009);
    assert_int_equal(cfg_read(d->devfn, 0x44, 4), 0);
    /* The list head and status bit cannot be changed either. */
    cfg_write(d->devfn, PCI_CAPABILITY_LIST, 0, 1);
    cfg_write(d->devfn, PCI_STATUS, 0xffff, 2);
    assert_walk(d, "09@40");
    /* Bytes after the capability are still the device's plain storage. */
    cfg_write(d->devfn, 0x48, 0x1234, 2);
    assert_int_equal(cfg_read(d->devfn, 0x48, 2), 0x1234);
    /* A device opens a register of its capability up itself. */
    d->wmask[0x46] = 0xff;
    cfg_write(d->devfn, 0x46, 0xab, 1);
    assert_int_equal(cfg_read(d->devfn, 0x46, 1), 0xab);
}

/* offset 0: the first dword-aligned room after the header. */
static void test_add_free_space(void **state)
{
    PCIDevice *d = plain();

    assert_int_equal(pci_add_capability(d, PCI_CAP_ID_PM, 0, 8, &error_abort),
                     0x40);
    /* 5 bytes take two dwords. */
    assert_int_equal(pci_add_capability(d, PCI_CAP_ID_VNDR, 0, 5, &error_abort),
                     0x48);
    assert_int_equal(pci_add_capability(d, PCI_CAP_ID_MSI, 0, 24, &error_abort),
                     0x50);
    assert_walk(d, "05@50 09@48 01@40");
    /* A hole is reused. */
    pci_add_capability(d, PCI_CAP_ID_MSIX, 0xa0, 12, &error_abort);
    assert_int_equal(
        pci_add_capability(d, PCI_CAP_ID_SSVID, 0, 8, &error_abort), 0x68);
    /* Exactly the rest of the hole, then only after 0xab. */
    assert_int_equal(
        pci_add_capability(d, PCI_CAP_ID_AF, 0, 0x30, &error_abort), 0x70);
    assert_int_equal(
        pci_add_capability(d, PCI_CAP_ID_EA, 0, 0x50, &error_abort), 0xac);
}

static void test_overlap_error(void **state)
{
    PCIDevice *d = plain();
    Error *err = NULL;

    pci_add_capability(d, PCI_CAP_ID_MSI, 0x40, 10, &error_abort);
    assert_int_equal(pci_add_capability(d, PCI_CAP_ID_VNDR, 0x48, 4, &err),
                     -EINVAL);
    assert_error(err, "0000:00:00:03.0 Attempt to add PCI capability 9 at "
                      "offset 48 overlaps existing capability 5 at offset "
                      "40");
    /* 10 bytes take 12: 0x4c is free. */
    assert_int_equal(
        pci_add_capability(d, PCI_CAP_ID_VNDR, 0x4c, 4, &error_abort), 0x4c);
    /* Nothing changed by the refused one. */
    assert_walk(d, "09@4c 05@40");
}

static void test_no_room(void **state)
{
    PCIDevice *d = plain();
    Error *err = NULL;

    pci_add_capability(d, PCI_CAP_ID_VNDR, 0x40, 0xc0, &error_abort);
    assert_int_equal(pci_add_capability(d, PCI_CAP_ID_PM, 0, 8, &err), -ENOSPC);
    assert_error(err, "0000:00:00:03.0 No room for PCI capability 1 of 8 "
                      "bytes");
    assert_int_equal(pci_add_capability(d, PCI_CAP_ID_PM, 0, 4, NULL), -ENOSPC);
    /* The last 8 bytes are exactly enough. */
    pci_del_capability(d, PCI_CAP_ID_VNDR, 0xc0);
    pci_add_capability(d, PCI_CAP_ID_VNDR, 0x40, 0xb8, &error_abort);
    assert_int_equal(pci_add_capability(d, PCI_CAP_ID_PM, 0, 8, &error_abort),
                     0xf8);
}

static void test_del(void **state)
{
    PCIDevice *d = plain();

    pci_add_capability(d, PCI_CAP_ID_PM, 0x40, 8, &error_abort);
    pci_add_capability(d, PCI_CAP_ID_MSI, 0x50, 10, &error_abort);
    pci_add_capability(d, PCI_CAP_ID_VNDR, 0x60, 4, &error_abort);
    assert_walk(d, "09@60 05@50 01@40");

    /* From the middle, the head, then the last one. */
    pci_del_capability(d, PCI_CAP_ID_MSI, 10);
    assert_walk(d, "09@60 01@40");
    pci_del_capability(d, PCI_CAP_ID_VNDR, 4);
    assert_walk(d, "01@40");
    assert_true(cfg_read(d->devfn, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST);
    pci_del_capability(d, PCI_CAP_ID_PM, 8);
    assert_walk(d, "");
    assert_int_equal(cfg_read(d->devfn, PCI_STATUS, 2), 0);
    assert_int_equal(cfg_read(d->devfn, PCI_CAPABILITY_LIST, 1), 0);
    /* Deleting what is not there is a no-op. */
    pci_del_capability(d, PCI_CAP_ID_PM, 8);

    /* The bytes are plain, writable storage again, and free. */
    cfg_write(d->devfn, 0x50, 0xa5a5a5a5, 4);
    assert_int_equal(cfg_read(d->devfn, 0x50, 4), 0xa5a5a5a5);
    assert_int_equal(d->cmask[0x50], 0);
    assert_int_equal(
        pci_add_capability(d, PCI_CAP_ID_EXP, 0x50, 4, &error_abort), 0x50);
}

/* A list the device broke into a loop does not hang the walkers. */
static void test_looped_list(void **state)
{
    PCIDevice *d = plain();

    pci_add_capability(d, PCI_CAP_ID_PM, 0x40, 8, &error_abort);
    pci_add_capability(d, PCI_CAP_ID_MSI, 0x50, 8, &error_abort);
    d->config[0x40 + PCI_CAP_LIST_NEXT] = 0x50;
    assert_int_equal(pci_find_capability(d, PCI_CAP_ID_EXP), 0);
    assert_int_equal(pci_find_capability(d, PCI_CAP_ID_PM), 0x40);
    pci_del_capability(d, PCI_CAP_ID_EXP, 4);
    /* Pointers into the header end the list; low bits are masked. */
    d->config[0x40 + PCI_CAP_LIST_NEXT] = 0x3c;
    assert_int_equal(pci_find_capability(d, PCI_CAP_ID_EXP), 0);
    d->config[PCI_CAPABILITY_LIST] = 0x53;
    assert_int_equal(pci_find_capability(d, PCI_CAP_ID_MSI), 0x50);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        pci_unit_test(test_add_and_find),
        pci_unit_test(test_capability_read_only),
        pci_unit_test(test_add_free_space),
        pci_unit_test(test_overlap_error),
        pci_unit_test(test_no_room),
        pci_unit_test(test_del),
        pci_unit_test(test_looped_list),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
