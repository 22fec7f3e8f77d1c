/*
 * fw_cfg on the pc board, from the inside: the device at /machine/fw_cfg
 * and its properties, the item and file API (sorting, renumbering, the
 * legacy numbering, modify, writable files and their callbacks), DMA
 * writes and their refusals, guest mistakes, the compat properties, and
 * the -kernel items for firmware.  The guest's view of the standard
 * items is qtest/tests/fw_cfg-test.c's (against QEMU too).
 */
#include <glib/gstdio.h>

#include "devices/fw_cfg.h"
#include "devices/smbios.h"
#include "pc-internal.h"
#include "pc-test.h"
#include "machine/sysbus.h"

#define ATTRS MEMTXATTRS_UNSPECIFIED
#define DMA_DESC 0x1000
#define DMA_BUF 0x2000

static void outw(uint16_t port, uint16_t v)
{
    uint8_t b[2] = {v, v >> 8};

    address_space_write(&address_space_io, port, ATTRS, b, 2);
}

static void outl_be(uint16_t port, uint32_t v)
{
    uint8_t b[4] = {v >> 24, v >> 16, v >> 8, v};

    address_space_write(&address_space_io, port, ATTRS, b, 4);
}

static uint8_t inb(uint16_t port)
{
    uint8_t b;

    address_space_read(&address_space_io, port, ATTRS, &b, 1);
    return b;
}

static void read_item(uint16_t key, void *buf, size_t len)
{
    outw(FW_CFG_IO_BASE, key);
    for (size_t i = 0; i < len; i++) {
        ((uint8_t *)buf)[i] = inb(FW_CFG_IO_BASE + 1);
    }
}

/* Run a DMA transfer; the control word it leaves. */
static uint32_t dma(uint32_t control, uint32_t length, uint64_t addr)
{
    uint8_t d[16];
    uint32_t c;

    for (int i = 0; i < 4; i++) {
        d[i] = control >> (24 - 8 * i);
        d[4 + i] = length >> (24 - 8 * i);
    }
    for (int i = 0; i < 8; i++) {
        d[8 + i] = addr >> (56 - 8 * i);
    }
    address_space_write(&address_space_memory, DMA_DESC, ATTRS, d, 16);
    outl_be(FW_CFG_DMA_IO_BASE, 0);
    outl_be(FW_CFG_DMA_IO_BASE + 4, DMA_DESC);
    address_space_read(&address_space_memory, DMA_DESC, ATTRS, &c, 4);
    return GUINT32_FROM_BE(c);
}

static FWCfgState *build(const char *machine)
{
    PCTestArgs a = {.machine = machine, .ram_size = 256 * MiB};

    pc_test_build(&a);
    qemu_system_reset();
    return fw_cfg_find();
}

static int teardown(void **state)
{
    pc_test_teardown(state);
    smbios_reset_config();
    return 0;
}

#define fw_cfg_test(f) cmocka_unit_test_teardown(f, teardown)

/* The key of file name in the directory, or -1. */
static int dir_key(const char *name)
{
    uint8_t count[4], e[64];
    uint32_t n;

    read_item(FW_CFG_FILE_DIR, count, 4);
    n = GUINT32_FROM_BE(*(uint32_t *)count);
    for (uint32_t i = 0; i < n; i++) {
        for (int j = 0; j < 64; j++) {
            e[j] = inb(FW_CFG_IO_BASE + 1);
        }
        if (!strcmp((char *)e + 8, name)) {
            return e[4] << 8 | e[5];
        }
    }
    return -1;
}

static void test_device(void **state)
{
    FWCfgState *s = build("pc");
    char sig[4];

    assert_non_null(s);
    assert_ptr_equal(object_resolve_path("/machine/fw_cfg", NULL), OBJECT(s));
    assert_non_null(object_dynamic_cast(OBJECT(s), TYPE_FW_CFG_IO));
    assert_true(fw_cfg_dma_enabled(s));
    assert_int_equal(object_property_get_uint(OBJECT(s), FW_CFG_PROP_FILE_SLOTS,
                                              &error_abort),
                     FW_CFG_FILE_SLOTS_DFLT);
    read_item(FW_CFG_SIGNATURE, sig, 4);
    assert_memory_equal(sig, "QEMU", 4);
    /* Not for -device: one per machine, the board's. */
    assert_false(DEVICE_CLASS(object_get_class(OBJECT(s)))->user_creatable);
}

static void test_files(void **state)
{
    FWCfgState *s = build("pc");
    int e820 = dir_key("etc/e820");
    const uint8_t *data;
    uint8_t buf[4];
    size_t len;

    /* Sorted by name: a file before etc/e820 moves it up a key. */
    fw_cfg_add_file(s, "etc/d-first", "abc", 3);
    assert_int_equal(dir_key("etc/e820"), e820 + 1);
    assert_int_equal(dir_key("etc/d-first"), e820);
    read_item(e820, buf, 4);
    assert_memory_equal(buf, "abc\0", 4);
    fw_cfg_add_file(s, "zzz", "z", 1);
    assert_int_equal(dir_key("etc/e820"), e820 + 1);

    /* Modify: new content and size; a missing file is added. */
    fw_cfg_modify_file(s, "etc/d-first", "xy", 2);
    data = fw_cfg_file_data(s, "etc/d-first", &len);
    assert_int_equal(len, 2);
    assert_memory_equal(data, "xy", 2);
    fw_cfg_modify_file(s, "opt/new", "n", 1);
    assert_true(dir_key("opt/new") > 0);
    assert_null(fw_cfg_file_data(s, "opt/none", &len));
    assert_int_equal(len, 0);

    /* Numbered items: little-endian, modify replaces. */
    fw_cfg_add_i32(s, FW_CFG_MACHINE_ID, 0x11223344);
    read_item(FW_CFG_MACHINE_ID, buf, 4);
    assert_memory_equal(buf, "\x44\x33\x22\x11", 4);
    fw_cfg_modify_i16(s, FW_CFG_MACHINE_ID, 0x5566);
    read_item(FW_CFG_MACHINE_ID, buf, 4);
    assert_memory_equal(buf, "\x66\x55\0\0", 4);
}

static void test_legacy_order(void **state)
{
    FWCfgState *s = build("pc-i440fx-2.5");

    /* QEMU 2.5's ranks: the boot menu wait first, unknown names last. */
    fw_cfg_add_file(s, "etc/boot-menu-wait", "\0\0", 2);
    assert_int_equal(dir_key("etc/boot-menu-wait"), FW_CFG_FILE_FIRST);
    assert_int_equal(dir_key("etc/boot-fail-wait"), FW_CFG_FILE_FIRST + 1);
    fw_cfg_add_file(s, "aaa", "a", 1);
    assert_true(dir_key("aaa") > dir_key("bootorder"));
}

static int writes, selects;
static size_t write_start, write_len;

static void rw_write(void *opaque, size_t start, size_t len)
{
    writes++;
    write_start = start;
    write_len = len;
}

static void rw_select(void *opaque)
{
    selects++;
}

static void test_dma_write(void **state)
{
    FWCfgState *s = build("pc");
    uint8_t buf[8] = "ABCDEFGH";
    const uint8_t *data;
    size_t len;
    int key;

    writes = selects = 0;
    fw_cfg_add_file_callback(s, "opt/rw", rw_select, rw_write, NULL, "01234567",
                             8, false);
    key = dir_key("opt/rw");
    address_space_write(&address_space_memory, DMA_BUF, ATTRS, buf, 8);

    /* Select and skip 2, then write 4 there. */
    assert_int_equal(
        dma(key << 16 | FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_SKIP, 2, 0), 0);
    assert_int_equal(selects, 1);
    assert_int_equal(dma(FW_CFG_DMA_CTL_WRITE, 4, DMA_BUF), 0);
    assert_int_equal(writes, 1);
    assert_int_equal(write_start, 2);
    assert_int_equal(write_len, 4);
    data = fw_cfg_file_data(s, "opt/rw", &len);
    assert_memory_equal(data, "01ABCD67", 8);

    /* Past the end: refused whole, the file unchanged. */
    assert_int_equal(
        dma(key << 16 | FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_WRITE, 9,
            DMA_BUF),
        FW_CFG_DMA_CTL_ERROR);
    assert_int_equal(writes, 1);
    assert_memory_equal(data, "01ABCD67", 8);
    /* Selecting through the port calls the select callback too. */
    outw(FW_CFG_IO_BASE, key);
    assert_int_equal(selects, 3);
}

static void test_guest_mistakes(void **state)
{
    build("pc");
    uint8_t sig[4];

    /* An access structure nowhere in memory: logged, nothing breaks. */
    outl_be(FW_CFG_DMA_IO_BASE, 0xff);
    outl_be(FW_CFG_DMA_IO_BASE + 4, 0xfffff000);
    /* Writes of the wrong width to either register are ignored. */
    address_space_write(&address_space_io, FW_CFG_DMA_IO_BASE + 2, ATTRS,
                        "\1\2", 2);
    address_space_write(&address_space_io, FW_CFG_IO_BASE, ATTRS, "\1\0\0\0",
                        4);
    read_item(FW_CFG_SIGNATURE, sig, 4);
    assert_memory_equal(sig, "QEMU", 4);
}

static void test_file_slots(void **state)
{
    DeviceState *dev;
    Error *err = NULL;

    build("pc");
    dev = qdev_new(TYPE_FW_CFG_IO);
    qdev_prop_set_uint16(dev, FW_CFG_PROP_FILE_SLOTS, 8);
    assert_false(sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &err));
    assert_error(err, "x-file-slots must be at least 0x10");
    dev = qdev_new(TYPE_FW_CFG_IO);
    qdev_prop_set_uint16(dev, FW_CFG_PROP_FILE_SLOTS, 0x4000);
    assert_false(sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &err));
    assert_error(err, "x-file-slots must not exceed 0x3fe0");
}

/* VMX: VMXON allowed outside SMX, locked (QEMU's TCG lacks VMX). */
static void test_feature_control(void **state)
{
    PCTestArgs a = {.machine = "pc", .cpu = "qemu64,+vmx"};
    FWCfgState *s;
    const uint8_t *data;
    size_t len;

    pc_test_build(&a);
    qemu_system_reset();
    s = fw_cfg_find();
    data = fw_cfg_file_data(s, "etc/msr_feature_control", &len);
    assert_non_null(data);
    assert_int_equal(len, 8);
    assert_memory_equal(data, "\x05\0\0\0\0\0\0\0", 8);
}

static void test_compat(void **state)
{
    FWCfgState *s = build("pc-i440fx-2.8");
    uint8_t id[4], b;

    assert_int_equal(object_property_get_uint(OBJECT(s), FW_CFG_PROP_FILE_SLOTS,
                                              &error_abort),
                     0x10);
    pc_test_teardown(state);
    smbios_reset_config();

    /* QEMU 2.4: no DMA, and nothing at its register. */
    s = build("pc-i440fx-2.4");
    assert_false(fw_cfg_dma_enabled(s));
    read_item(FW_CFG_ID, id, 4);
    assert_memory_equal(id, "\1\0\0\0", 4);
    b = inb(FW_CFG_DMA_IO_BASE);
    assert_int_equal(b, 0xff);
}

/* A minimal bzImage: boot protocol 2.15, 4 setup sectors, 4 KiB kernel. */
static char *write_bzimage(void)
{
    g_autofree uint8_t *img = g_malloc0(5 * 512 + 4096);
    char *path = NULL;
    int fd = g_file_open_tmp("fw-cfg-XXXXXX", &path, NULL);

    g_assert(fd >= 0);
    img[0x1f1] = 4;
    img[0x1fe] = 0x55;
    img[0x1ff] = 0xaa;
    img[0x200] = 0xeb;
    img[0x201] = 0x66;
    memcpy(img + 0x202, "HdrS", 4);
    img[0x206] = 0x0f;
    img[0x207] = 0x02;
    img[0x211] = 0x01;                    /* loaded high */
    memcpy(img + 0x214, "\0\0\x10\0", 4); /* code32_start */
    memcpy(img + 0x22c, "\xff\xff\xff\x7f", 4);
    memcpy(img + 0x230, "\0\0\x20\0", 4);
    img[0x234] = 1;
    img[0x236] = 0x01; /* 64-bit entry; initrd below 2 GiB */
    memcpy(img + 0x238, "\xff\x07\0\0", 4);
    memcpy(img + 0x258, "\0\0\0\x01\0\0\0\0", 8);
    memcpy(img + 0x260, "\0\0\x10\0", 4);
    for (int i = 0; i < 4096; i++) {
        img[5 * 512 + i] = i;
    }
    g_assert(write(fd, img, 5 * 512 + 4096) == 5 * 512 + 4096);
    close(fd);
    return path;
}

static uint32_t item32(uint16_t key)
{
    uint8_t b[4];

    read_item(key, b, 4);
    return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
}

static void test_kernel_items(void **state)
{
    g_autofree char *kernel = write_bzimage();
    g_autofree char *initrd = NULL;
    int fd = g_file_open_tmp("fw-cfg-XXXXXX", &initrd, NULL);
    PCTestArgs a = {.machine = "pc",
                    .ram_size = 256 * MiB,
                    .kernel = kernel,
                    .initrd = initrd,
                    .append = "console=ttyS0 vga=ask"};
    uint8_t setup[0x270], k[4];
    char cmdline[32];

    g_assert(fd >= 0 && write(fd, "INITRD", 6) == 6);
    close(fd);
    pc_test_build(&a);
    /* Where QEMU's linuxboot ROM would put them. */
    assert_int_equal(item32(FW_CFG_SETUP_ADDR), 0x10000);
    assert_int_equal(item32(FW_CFG_SETUP_SIZE), 5 * 512);
    assert_int_equal(item32(FW_CFG_KERNEL_ADDR), 0x100000);
    assert_int_equal(item32(FW_CFG_KERNEL_SIZE), 4096);
    assert_int_equal(item32(FW_CFG_CMDLINE_ADDR), 0x20000);
    assert_int_equal(item32(FW_CFG_CMDLINE_SIZE), 22);
    read_item(FW_CFG_CMDLINE_DATA, cmdline, 22);
    assert_string_equal(cmdline, "console=ttyS0 vga=ask");
    read_item(FW_CFG_KERNEL_DATA, k, 4);
    assert_memory_equal(k, "\0\1\2\3", 4);
    /* Top of RAM below the firmware's 160 KiB of ACPI data, page aligned. */
    assert_int_equal(item32(FW_CFG_INITRD_ADDR), 0xffd7000);
    assert_int_equal(item32(FW_CFG_INITRD_SIZE), 6);
    /* The setup header as the boot protocol wants it from a loader. */
    read_item(FW_CFG_SETUP_DATA, setup, sizeof(setup));
    assert_int_equal(setup[0x1fa] | setup[0x1fb] << 8, 0xfffd); /* vga=ask */
    assert_int_equal(setup[0x210], 0xb0);
    assert_int_equal(setup[0x211], 0x81);
    assert_memory_equal(setup + 0x218, "\0\x70\xfd\x0f\x06\0\0\0", 8);
    assert_memory_equal(setup + 0x224, "\0\xfe", 2);
    assert_memory_equal(setup + 0x228, "\0\0\2\0", 4);
    g_unlink(kernel);
    g_unlink(initrd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        fw_cfg_test(test_device),          fw_cfg_test(test_files),
        fw_cfg_test(test_legacy_order),    fw_cfg_test(test_dma_write),
        fw_cfg_test(test_guest_mistakes),  fw_cfg_test(test_file_slots),
        fw_cfg_test(test_compat),          fw_cfg_test(test_kernel_items),
        fw_cfg_test(test_feature_control),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
