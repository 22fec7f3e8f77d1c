/*
 * qdev_print_tree(): info qtree's text for a small tree, checked line by
 * line against QEMU's layout (newest devices, buses and GPIO groups
 * first, static properties from the most derived class up, the bus's
 * own lines, two spaces per level).
 */
#include <string.h>

#include "machine/memory.h"
#include "machine/sysbus.h"
#include "qdev-test.h"

#define TYPE_TREE_DEV "test-tree-dev"
#define TYPE_TREE_BUS "test-tree-bus"
#define TYPE_TREE_KID "test-tree-kid"
#define TYPE_TREE_KID2 "test-tree-kid2"

typedef struct TreeDev {
    SysBusDevice parent_obj;
    MemoryRegion regs;
    qemu_irq irq;
    qemu_irq out;
    BusState *bus;
    uint32_t count;
    bool on;
    char *label;
    uint64_t mem;
    int32_t level;
} TreeDev;

typedef struct TreeKid {
    DeviceState parent_obj;
    uint32_t base;
    uint8_t extra;
} TreeKid;

static uint64_t tree_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void tree_write(void *opaque, hwaddr addr, uint64_t v, unsigned size)
{
}

static const MemoryRegionOps tree_ops = {
    .read = tree_read,
    .write = tree_write,
};

static void tree_in(void *opaque, int n, int level)
{
}

static void tree_dev_init(Object *obj)
{
    TreeDev *s = (TreeDev *)obj;
    DeviceState *dev = DEVICE(obj);

    memory_region_init_io(&s->regs, obj, &tree_ops, s, "tree-regs", 0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->regs);
    qdev_init_gpio_in(dev, tree_in, 2);
    qdev_init_gpio_out_named(dev, &s->out, "out", 1);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
}

static void tree_dev_realize(DeviceState *dev, Error **errp)
{
    TreeDev *s = (TreeDev *)dev;

    s->bus = qbus_new(TYPE_TREE_BUS, dev, NULL);
}

static void tree_dev_finalize(Object *obj)
{
    memory_region_destroy(&((TreeDev *)obj)->regs);
}

static Property tree_dev_props[] = {
    DEFINE_PROP_UINT32("count", TreeDev, count, 16),
    DEFINE_PROP_BOOL("on", TreeDev, on, true),
    DEFINE_PROP_STRING("label", TreeDev, label),
    DEFINE_PROP_SIZE("mem", TreeDev, mem, 2 * 1024 * 1024 * 1024ULL),
    DEFINE_PROP_INT32("level", TreeDev, level, -1),
    DEFINE_PROP_END_OF_LIST(),
};

static void tree_dev_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = tree_dev_realize;
    device_class_set_props(dc, tree_dev_props);
}

static Property tree_kid_props[] = {
    DEFINE_PROP_UINT32("base", TreeKid, base, 1),
    DEFINE_PROP_END_OF_LIST(),
};

static void tree_kid_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->bus_type = TYPE_TREE_BUS;
    device_class_set_props(dc, tree_kid_props);
}

static Property tree_kid2_props[] = {
    DEFINE_PROP_UINT8("extra", TreeKid, extra, 5),
    DEFINE_PROP_END_OF_LIST(),
};

static void tree_kid2_class_init(ObjectClass *oc, void *data)
{
    device_class_set_props(DEVICE_CLASS(oc), tree_kid2_props);
}

static const TypeInfo tree_types[] = {
    {
        .name = TYPE_TREE_DEV,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(TreeDev),
        .instance_init = tree_dev_init,
        .instance_finalize = tree_dev_finalize,
        .class_init = tree_dev_class_init,
    },
    {
        .name = TYPE_TREE_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(BusState),
    },
    {
        .name = TYPE_TREE_KID,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(TreeKid),
        .class_init = tree_kid_class_init,
    },
    {
        /* Sets no properties of its own: the parent's show once. */
        .name = TYPE_TREE_KID "-plain",
        .parent = TYPE_TREE_KID,
        .instance_size = sizeof(TreeKid),
    },
    {
        .name = TYPE_TREE_KID2,
        .parent = TYPE_TREE_KID,
        .instance_size = sizeof(TreeKid),
        .class_init = tree_kid2_class_init,
    },
};

DEFINE_TYPES(tree_types)

static int tree_setup(void **state)
{
    memory_map_init();
    return qdev_test_machine_setup(state);
}

static int tree_teardown(void **state)
{
    qdev_test_machine_teardown(state);
    memory_map_cleanup();
    return 0;
}

static char *tree_text(void)
{
    GString *out = g_string_new(NULL);

    qdev_print_tree(out);
    return g_string_free(out, false);
}

static void test_empty(void **state)
{
    g_autofree char *text = tree_text();

    assert_string_equal(text, "bus: main-system-bus\n  type System\n");
}

static void test_tree(void **state)
{
    DeviceState *top = qdev_new(TYPE_TREE_DEV);
    DeviceState *kid;
    BusState *bus;
    g_autofree char *text = NULL;

    assert_non_null(qdev_set_id(top, g_strdup("top"), &error_abort));
    sysbus_realize_and_unref(SYS_BUS_DEVICE(top), &error_abort);
    sysbus_mmio_map(SYS_BUS_DEVICE(top), 0, 0xfed00000);
    bus = ((TreeDev *)top)->bus;

    kid = qdev_new(TYPE_TREE_KID);
    assert_non_null(qdev_set_id(kid, g_strdup("k1"), &error_abort));
    qdev_prop_set_uint32(kid, "base", 7);
    qdev_realize_and_unref(kid, bus, &error_abort);
    kid = qdev_new(TYPE_TREE_KID "-plain");
    qdev_realize_and_unref(kid, bus, &error_abort);
    kid = qdev_new(TYPE_TREE_KID2);
    qdev_realize_and_unref(kid, bus, &error_abort);

    text = tree_text();
    assert_string_equal(text, "bus: main-system-bus\n"
                              "  type System\n"
                              "  dev: test-tree-dev, id \"top\"\n"
                              "    gpio-out \"sysbus-irq\" 1\n"
                              "    gpio-out \"out\" 1\n"
                              "    gpio-in \"\" 2\n"
                              "    count = 16 (0x10)\n"
                              "    on = true\n"
                              "    label = \"\"\n"
                              "    mem = 2147483648 (2 GiB)\n"
                              "    level = -1 (0xffffffffffffffff)\n"
                              "    mmio 00000000fed00000/0000000000000400\n"
                              "    bus: top.0\n"
                              "      type test-tree-bus\n"
                              "      dev: test-tree-kid2, id \"\"\n"
                              "        extra = 5 (0x5)\n"
                              "        base = 1 (0x1)\n"
                              "      dev: test-tree-kid-plain, id \"\"\n"
                              "        base = 1 (0x1)\n"
                              "      dev: test-tree-kid, id \"k1\"\n"
                              "        base = 7 (0x7)\n");
}

/* An unmapped MMIO region shows all-ones, as in QEMU. */
static void test_unmapped_mmio(void **state)
{
    DeviceState *top = qdev_new(TYPE_TREE_DEV);
    g_autofree char *text = NULL;

    sysbus_realize_and_unref(SYS_BUS_DEVICE(top), &error_abort);
    text = tree_text();
    assert_non_null(strstr(text, "\n    mmio ffffffffffffffff/"
                                 "0000000000000400\n    bus: "
                                 "test-tree-bus.0\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_empty, tree_setup, tree_teardown),
        cmocka_unit_test_setup_teardown(test_tree, tree_setup, tree_teardown),
        cmocka_unit_test_setup_teardown(test_unmapped_mmio, tree_setup,
                                        tree_teardown),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
