/*
 * Unit tests for IRQ lines and named GPIOs: qemu_set_irq and friends,
 * allocation, inversion and splitting, device input/output lines and
 * their QOM properties, and the interception qtest relies on.
 */
#include <string.h>

#include "qdev-test.h"

#define TYPE_PIC "test-pic"
#define TYPE_SRC "test-irq-src"

/* Every handler call, as "opaque-tag:n=level". */
static GString *calls;

static void record(const char *tag, int n, int level)
{
    if (calls->len) {
        g_string_append_c(calls, ' ');
    }
    g_string_append_printf(calls, "%s:%d=%d", tag, n, level);
}

static void tag_handler(void *opaque, int n, int level)
{
    record(opaque, n, level);
}

typedef struct PicDev {
    DeviceState parent_obj;
    int levels[8];
    int reset_line;
} PicDev;

static void pic_set_irq(void *opaque, int n, int level)
{
    PicDev *s = opaque;

    s->levels[n] = level;
    record("pic", n, level);
}

static void pic_reset_line(void *opaque, int n, int level)
{
    ((PicDev *)opaque)->reset_line = level;
    record("reset", n, level);
}

static void pic_init(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    qdev_init_gpio_in(dev, pic_set_irq, 8);
    qdev_init_gpio_in_named(dev, pic_reset_line, "reset", 1);
}

typedef struct SrcDev {
    DeviceState parent_obj;
    qemu_irq irq[2];
    qemu_irq a20;
} SrcDev;

static void src_init(Object *obj)
{
    SrcDev *s = (SrcDev *)obj;

    qdev_init_gpio_out(DEVICE(s), s->irq, 2);
    qdev_init_gpio_out_named(DEVICE(s), &s->a20, "a20", 1);
}

static const TypeInfo irq_test_types[] = {
    {
        .name = TYPE_PIC,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(PicDev),
        .instance_init = pic_init,
    },
    {
        .name = TYPE_SRC,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(SrcDev),
        .instance_init = src_init,
    },
};

DEFINE_TYPES(irq_test_types)

static int irq_setup(void **state)
{
    calls = g_string_new(NULL);
    return qdev_test_machine_setup(state);
}

static int irq_teardown(void **state)
{
    g_string_free(calls, true);
    calls = NULL;
    return qdev_test_machine_teardown(state);
}

#define irq_test(f) cmocka_unit_test_setup_teardown(f, irq_setup, irq_teardown)

static PicDev *pic_new(const char *id)
{
    PicDev *s = (PicDev *)qdev_new(TYPE_PIC);

    qdev_set_id(DEVICE(s), g_strdup(id), &error_abort);
    qdev_realize(DEVICE(s), NULL, &error_abort);
    object_unref(s);
    return s;
}

static SrcDev *src_new(const char *id)
{
    SrcDev *s = (SrcDev *)qdev_new(TYPE_SRC);

    qdev_set_id(DEVICE(s), g_strdup(id), &error_abort);
    object_unref(s);
    return s;
}

static void test_irq_set_raise_lower_pulse(void **state)
{
    qemu_irq irq = qemu_allocate_irq(tag_handler, (void *)"a", 5);

    qemu_set_irq(irq, 1);
    qemu_irq_lower(irq);
    qemu_irq_raise(irq);
    qemu_irq_pulse(irq);
    qemu_set_irq(irq, 3);
    assert_string_equal(calls->str, "a:5=1 a:5=0 a:5=1 a:5=1 a:5=0 a:5=3");
    assert_string_equal(object_get_typename(OBJECT(irq)), TYPE_IRQ);
    qemu_free_irq(irq);
}

static void test_irq_null_line(void **state)
{
    /* An unconnected pin swallows every level. */
    qemu_set_irq(NULL, 1);
    qemu_irq_raise(NULL);
    qemu_irq_pulse(NULL);
    qemu_free_irq(NULL);
    assert_string_equal(calls->str, "");
}

static void test_irq_arrays(void **state)
{
    qemu_irq *irqs = qemu_allocate_irqs(tag_handler, (void *)"b", 2);

    irqs = qemu_extend_irqs(irqs, 2, tag_handler, (void *)"c", 2);
    qemu_irq_raise(irqs[0]);
    qemu_irq_raise(irqs[1]);
    qemu_irq_raise(irqs[2]);
    qemu_irq_raise(irqs[3]);
    assert_string_equal(calls->str, "b:0=1 b:1=1 c:2=1 c:3=1");
    qemu_free_irqs(irqs, 4);
}

static void test_irq_embedded(void **state)
{
    IRQState line;

    qemu_init_irq(&line, tag_handler, (void *)"e", 1);
    qemu_irq_pulse(&line);
    assert_string_equal(calls->str, "e:1=1 e:1=0");
    object_unref(&line);
}

static void test_irq_invert_and_split(void **state)
{
    qemu_irq a = qemu_allocate_irq(tag_handler, (void *)"a", 0);
    qemu_irq b = qemu_allocate_irq(tag_handler, (void *)"b", 1);
    qemu_irq inv, split;

    /* An inverted line idles high: its target is raised at once. */
    inv = qemu_irq_invert(a);
    assert_string_equal(calls->str, "a:0=1");
    g_string_truncate(calls, 0);
    qemu_irq_raise(inv);
    qemu_irq_lower(inv);
    assert_string_equal(calls->str, "a:0=0 a:0=1");
    g_string_truncate(calls, 0);
    split = qemu_irq_split(a, b);
    qemu_irq_pulse(split);
    assert_string_equal(calls->str, "a:0=1 b:1=1 a:0=0 b:1=0");
    qemu_free_irq(split);
    qemu_free_irq(inv);
    qemu_free_irq(a);
    qemu_free_irq(b);
}

static void test_gpio_in(void **state)
{
    PicDev *pic = pic_new("pic");
    DeviceState *dev = DEVICE(pic);
    NamedGPIOList *ngl;
    qemu_irq line;

    line = qdev_get_gpio_in(dev, 3);
    assert_non_null(line);
    /* The handler gets the device as opaque and the line number. */
    assert_ptr_equal(line->opaque, pic);
    assert_int_equal(line->n, 3);
    qemu_irq_raise(line);
    assert_int_equal(pic->levels[3], 1);
    qemu_set_irq(qdev_get_gpio_in_named(dev, "reset", 0), 1);
    assert_int_equal(pic->reset_line, 1);
    assert_string_equal(calls->str, "pic:3=1 reset:0=1");
    /* Out of range or unknown: no line. */
    assert_null(qdev_get_gpio_in(dev, 8));
    assert_null(qdev_get_gpio_in(dev, -1));
    assert_null(qdev_get_gpio_in_named(dev, "nosuch", 0));
    /* The lines are the device's children in the QOM tree. */
    assert_ptr_equal(
        object_resolve_path("/machine/peripheral/pic/unnamed-gpio-in[7]", NULL),
        qdev_get_gpio_in(dev, 7));
    assert_ptr_equal(
        object_resolve_path("/machine/peripheral/pic/reset[0]", NULL),
        qdev_get_gpio_in_named(dev, "reset", 0));
    assert_string_equal(object_property_get_type(
                            OBJECT(pic), "unnamed-gpio-in[0]", &error_abort),
                        "child<irq>");
    /* The groups, as qtest's commands look them up. */
    ngl = qdev_get_named_gpio_list(dev, "unnamed-gpio-in");
    assert_non_null(ngl);
    assert_null(ngl->name);
    assert_int_equal(ngl->num_in, 8);
    assert_ptr_equal(qdev_get_named_gpio_list(dev, NULL), ngl);
    ngl = qdev_get_named_gpio_list(dev, "reset");
    assert_int_equal(ngl->num_in, 1);
    assert_null(qdev_get_named_gpio_list(dev, "nosuch"));
}

static void test_gpio_in_grows(void **state)
{
    DeviceState *dev = qdev_new(TYPE_PIC);

    /* A second call appends to the group, numbering on. */
    qdev_init_gpio_in_named_with_opaque(dev, tag_handler, (void *)"x", "reset",
                                        2);
    assert_int_equal(qdev_get_named_gpio_list(dev, "reset")->num_in, 3);
    qemu_irq_raise(qdev_get_gpio_in_named(dev, "reset", 2));
    assert_string_equal(calls->str, "x:2=1");
    assert_non_null(object_property_find(OBJECT(dev), "reset[2]"));
    object_unref(dev);
}

static void test_gpio_out_connect(void **state)
{
    PicDev *pic = pic_new("pic");
    SrcDev *src = src_new("src");
    NamedGPIOList *ngl;

    /* Unconnected outputs are NULL and go nowhere. */
    assert_null(src->irq[0]);
    qemu_irq_raise(src->irq[0]);
    qdev_connect_gpio_out(DEVICE(src), 0, qdev_get_gpio_in(DEVICE(pic), 4));
    qdev_connect_gpio_out(DEVICE(src), 1, qdev_get_gpio_in(DEVICE(pic), 5));
    qdev_connect_gpio_out_named(
        DEVICE(src), "a20", 0, qdev_get_gpio_in_named(DEVICE(pic), "reset", 0));
    qemu_irq_raise(src->irq[0]);
    qemu_irq_pulse(src->irq[1]);
    qemu_irq_raise(src->a20);
    assert_string_equal(calls->str, "pic:4=1 pic:5=1 pic:5=0 reset:0=1");
    assert_ptr_equal(qdev_get_gpio_out_connector(DEVICE(src), NULL, 1),
                     qdev_get_gpio_in(DEVICE(pic), 5));
    assert_null(qdev_get_gpio_out_connector(DEVICE(src), NULL, 2));
    /* The outputs are link<irq> properties naming what they drive. */
    {
        g_autofree char *path = object_property_get_str(
            OBJECT(src), "unnamed-gpio-out[0]", &error_abort);

        assert_string_equal(path, "/machine/peripheral/pic/unnamed-gpio-in[4]");
        assert_string_equal(
            object_property_get_type(OBJECT(src), "a20[0]", &error_abort),
            "link<irq>");
    }
    ngl = qdev_get_named_gpio_list(DEVICE(src), "unnamed-gpio-out");
    assert_int_equal(ngl->num_out, 2);
    assert_int_equal(ngl->num_in, 0);
    /* Disconnect. */
    qdev_connect_gpio_out(DEVICE(src), 0, NULL);
    g_string_truncate(calls, 0);
    qemu_irq_raise(src->irq[0]);
    assert_string_equal(calls->str, "");
}

static void test_gpio_out_by_path(void **state)
{
    PicDev *pic = pic_new("pic");
    SrcDev *src = src_new("src");
    Error *err = NULL;

    /* Wiring through QOM, as a config file or the monitor would. */
    assert_true(object_property_set_str(
        OBJECT(src), "unnamed-gpio-out[1]",
        "/machine/peripheral/pic/unnamed-gpio-in[2]", &error_abort));
    qemu_irq_raise(src->irq[1]);
    assert_int_equal(pic->levels[2], 1);
    assert_ptr_equal(object_resolve_path(
                         "/machine/peripheral/src/unnamed-gpio-out[1]", NULL),
                     qdev_get_gpio_in(DEVICE(pic), 2));
    assert_false(object_property_set_str(OBJECT(src), "unnamed-gpio-out[1]",
                                         "/machine/nosuch", &err));
    assert_error(err, "Device '/machine/nosuch' not found");
    assert_true(object_property_set_str(OBJECT(src), "unnamed-gpio-out[1]", "",
                                        &error_abort));
    assert_null(src->irq[1]);
}

static void test_gpio_out_holds_line(void **state)
{
    SrcDev *src = src_new("src");
    qemu_irq line = qemu_allocate_irq(tag_handler, (void *)"l", 0);

    qdev_connect_gpio_out(DEVICE(src), 0, line);
    /* The connection keeps the line alive after its owner lets go. */
    qemu_free_irq(line);
    qemu_irq_raise(src->irq[0]);
    assert_string_equal(calls->str, "l:0=1");
    /* Freed with the device (checked by the sanitizer build). */
}

static void qtest_like_handler(void *opaque, int n, int level)
{
    record("icpt", n, level);
    /* Forward to the original line, so the device keeps working. */
    qemu_set_irq(opaque, level);
}

static void test_intercept_in(void **state)
{
    PicDev *pic = pic_new("pic");
    SrcDev *src = src_new("src");
    NamedGPIOList *ngl;

    qdev_connect_gpio_out(DEVICE(src), 0, qdev_get_gpio_in(DEVICE(pic), 1));
    /* What qtest's "irq_intercept_in /machine/peripheral/pic" does. */
    ngl = qdev_get_named_gpio_list(DEVICE(pic), QDEV_GPIO_IN_UNNAMED);
    qemu_irq_intercept_in(ngl->in, qtest_like_handler, ngl->num_in);
    qemu_irq_raise(src->irq[0]);
    assert_string_equal(calls->str, "icpt:1=1 pic:1=1");
    assert_int_equal(pic->levels[1], 1);
    /* "set_irq_in /machine/peripheral/pic unnamed-gpio-in 6 1". */
    g_string_truncate(calls, 0);
    qemu_set_irq(qdev_get_gpio_in_named(DEVICE(pic), QDEV_GPIO_IN_UNNAMED, 6),
                 1);
    assert_string_equal(calls->str, "icpt:6=1 pic:6=1");
    /* The named group was left alone. */
    g_string_truncate(calls, 0);
    qemu_irq_raise(qdev_get_gpio_in_named(DEVICE(pic), "reset", 0));
    assert_string_equal(calls->str, "reset:0=1");
}

static void test_intercept_out(void **state)
{
    PicDev *pic = pic_new("pic");
    SrcDev *src = src_new("src");
    qemu_irq icpt = qemu_allocate_irq(tag_handler, (void *)"qtest", 0);
    qemu_irq old;

    qdev_connect_gpio_out(DEVICE(src), 1, qdev_get_gpio_in(DEVICE(pic), 7));
    /* What qtest's "irq_intercept_out /machine/peripheral/src" does. */
    old = qdev_intercept_gpio_out(DEVICE(src), icpt, NULL, 1);
    assert_ptr_equal(old, qdev_get_gpio_in(DEVICE(pic), 7));
    qemu_irq_raise(src->irq[1]);
    assert_string_equal(calls->str, "qtest:0=1");
    assert_int_equal(pic->levels[7], 0);
    /* Nothing was connected to output 0. */
    assert_null(qdev_intercept_gpio_out(DEVICE(src), icpt, NULL, 0));
    assert_null(qdev_intercept_gpio_out(DEVICE(src), icpt, NULL, 9));
    /* The returned line is the caller's reference. */
    qemu_irq_raise(old);
    assert_int_equal(pic->levels[7], 1);
    qemu_free_irq(old);
    qemu_free_irq(icpt);
}

static void test_pass_gpios(void **state)
{
    PicDev *pic = pic_new("pic");
    SrcDev *inner = (SrcDev *)qdev_new(TYPE_SRC);
    DeviceState *outer = qdev_new(TYPE_PIC);
    PicDev *inner_pic = (PicDev *)qdev_new(TYPE_PIC);
    DeviceState *outer2 = qdev_new(TYPE_SRC);

    qdev_set_id(outer, g_strdup("outer"), &error_abort);
    object_property_add_child(OBJECT(outer), "inner", OBJECT(inner));
    /* The container's "a20" outputs are the inner device's. */
    qdev_pass_gpios(DEVICE(inner), outer, "a20");
    qdev_connect_gpio_out_named(outer, "a20", 0,
                                qdev_get_gpio_in(DEVICE(pic), 0));
    qemu_irq_raise(inner->a20);
    assert_string_equal(calls->str, "pic:0=1");
    /* And inputs: the container hands out the inner device's lines. */
    object_property_add_child(OBJECT(outer2), "inner", OBJECT(inner_pic));
    qdev_pass_gpios(DEVICE(inner_pic), outer2, "reset");
    assert_ptr_equal(qdev_get_gpio_in_named(outer2, "reset", 0),
                     qdev_get_gpio_in_named(DEVICE(inner_pic), "reset", 0));
    object_unref(inner);
    object_unref(inner_pic);
    object_unref(outer);
    object_unref(outer2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        irq_test(test_irq_set_raise_lower_pulse),
        irq_test(test_irq_null_line),
        irq_test(test_irq_arrays),
        irq_test(test_irq_embedded),
        irq_test(test_irq_invert_and_split),
        irq_test(test_gpio_in),
        irq_test(test_gpio_in_grows),
        irq_test(test_gpio_out_connect),
        irq_test(test_gpio_out_by_path),
        irq_test(test_gpio_out_holds_line),
        irq_test(test_intercept_in),
        irq_test(test_intercept_out),
        irq_test(test_pass_gpios),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
