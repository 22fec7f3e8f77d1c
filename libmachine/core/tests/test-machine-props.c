/*
 * Unit tests for the machine object: /machine and its containers, the
 * -machine keys as QOM properties (QEMU's names, defaults and errors),
 * -m (QEMU 7.2's size rules and messages) and -boot.
 */
#include <string.h>

#include "machine-test.h"
#include "machine/sysbus.h"

static bool board_init(MachineState *ms, Error **errp)
{
    return true;
}

#define ROUND_UP_GIB(x) (((x) + GiB - 1) / GiB * GiB)

/* 1 GiB and up get rounded to 1 GiB multiples (a fixup_ram_size hook). */
static uint64_t gib_fixup(uint64_t size)
{
    return size >= GiB ? ROUND_UP_GIB(size) : size;
}

static void board_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->desc = "Property test board";
    mc->init = board_init;
    mc->default_machine_opts = "firmware=bios-test.bin,usb=on";
    mc->default_boot_order = "cd";
    mc->default_kernel_irqchip_split = true;
}

static void fixup_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->init = board_init;
    mc->default_ram_size = 512 * MiB;
    mc->fixup_ram_size = gib_fixup;
}

static const TypeInfo props_test_types[] = {
    {
        .name = MACHINE_TYPE_NAME("prop-board"),
        .parent = TYPE_MACHINE,
        .class_init = board_class_init,
    },
    {
        .name = MACHINE_TYPE_NAME("fixup-board"),
        .parent = TYPE_MACHINE,
        .class_init = fixup_class_init,
    },
};

DEFINE_TYPES(props_test_types)

/* ---- /machine ---- */

static void test_machine_tree(void **state)
{
    MachineState *ms = machine_test_create("prop-board");
    Object *sysbus;

    assert_ptr_equal(current_machine, ms);
    assert_ptr_equal(qdev_get_machine(), OBJECT(ms));
    assert_ptr_equal(object_resolve_path("/machine", NULL), OBJECT(ms));
    assert_string_equal(object_get_typename(OBJECT(ms)), "prop-board-machine");
    assert_non_null(
        object_resolve_path_type("/machine/peripheral", TYPE_CONTAINER, NULL));
    assert_non_null(object_resolve_path_type("/machine/peripheral-anon",
                                             TYPE_CONTAINER, NULL));
    assert_non_null(
        object_resolve_path_type("/machine/unattached", TYPE_CONTAINER, NULL));
    sysbus = object_resolve_path("/machine/unattached/sysbus", NULL);
    assert_ptr_equal(sysbus, OBJECT(sysbus_get_default()));
    g_autofree char *path = object_get_canonical_path(sysbus);
    assert_string_equal(path, "/machine/unattached/sysbus");
    /* The system address spaces exist from here on. */
    assert_string_equal(memory_region_name(get_system_memory()), "system");
}

static void test_machine_recreate(void **state)
{
    /* Tear down and build again: the second machine starts clean. */
    MachineState *ms = machine_test_create("prop-board");

    object_property_parse(OBJECT(ms), "kernel", "/boot/a", &error_abort);
    machine_test_teardown(state);
    assert_null(qdev_get_machine());
    assert_null(current_machine);
    ms = machine_test_create("none");
    assert_null(ms->kernel_filename);
    assert_ptr_equal(object_resolve_path("/machine/unattached/sysbus", NULL),
                     OBJECT(sysbus_get_default()));
}

/* ---- -machine keys ---- */

static void test_property_defaults(void **state)
{
    MachineState *ms = machine_test_create("none");
    Object *obj = OBJECT(ms);
    g_autofree char *irqchip = NULL;

    /* QEMU's defaults (-machine none,help and hw/core/machine.c). */
    assert_true(object_property_get_bool(obj, "dump-guest-core", &error_abort));
    assert_true(object_property_get_bool(obj, "mem-merge", &error_abort));
    assert_true(object_property_get_bool(obj, "graphics", &error_abort));
    assert_false(object_property_get_bool(obj, "usb", &error_abort));
    assert_false(
        object_property_get_bool(obj, "suppress-vmdesc", &error_abort));
    assert_int_equal(
        object_property_get_int(obj, "phandle-start", &error_abort), -1);
    assert_null(ms->kernel_filename);
    assert_null(ms->firmware);
    assert_null(ms->accel);
    assert_true(ms->dump_guest_core && ms->mem_merge && ms->enable_graphics);
    irqchip = object_property_print(obj, "kernel-irqchip", false, &error_abort);
    assert_string_equal(irqchip, "on");
    assert_true(machine_kernel_irqchip_allowed(ms));
    assert_false(machine_kernel_irqchip_required(ms));
    assert_false(machine_kernel_irqchip_split(ms));
    assert_string_equal(ms->boot_config.order, "cad");
    /* No -cpu default on none. */
    assert_null(ms->cpu_type);
}

static void test_property_parse(void **state)
{
    MachineState *ms = machine_test_create("none");
    Object *obj = OBJECT(ms);
    static const char *const keys[][2] = {
        {"kernel", "/boot/vmlinuz"},
        {"initrd", "/boot/initrd.img"},
        {"append", "console=ttyS0 root=/dev/vda"},
        {"firmware", "bios.bin"},
        {"accel", "kvm:tcg"},
        {"dump-guest-core", "off"},
        {"mem-merge", "off"},
        {"graphics", "off"},
        {"suppress-vmdesc", "on"},
        {"dtb", "a.dtb"},
        {"dumpdtb", "b.dtb"},
        {"dt-compatible", "x,y"},
        {"phandle-start", "0x8000"},
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(keys); i++) {
        assert_true(
            object_property_parse(obj, keys[i][0], keys[i][1], &error_abort));
    }
    assert_string_equal(ms->kernel_filename, "/boot/vmlinuz");
    assert_string_equal(ms->initrd_filename, "/boot/initrd.img");
    assert_string_equal(ms->kernel_cmdline, "console=ttyS0 root=/dev/vda");
    assert_string_equal(ms->firmware, "bios.bin");
    assert_string_equal(ms->accel, "kvm:tcg");
    assert_false(machine_dump_guest_core(ms));
    assert_false(machine_mem_merge(ms));
    assert_false(ms->enable_graphics);
    assert_true(ms->suppress_vmdesc);
    assert_string_equal(ms->dtb, "a.dtb");
    assert_string_equal(ms->dumpdtb, "b.dtb");
    assert_string_equal(ms->dt_compatible, "x,y");
    assert_int_equal(ms->phandle_start, 0x8000);
    /* Read back as strings, as qom-get would. */
    g_autofree char *append =
        object_property_get_str(obj, "append", &error_abort);
    assert_string_equal(append, "console=ttyS0 root=/dev/vda");
}

static void test_property_usb(void **state)
{
    MachineState *ms = machine_test_create("none");

    assert_false(machine_usb(ms));
    assert_false(ms->usb_disabled);
    object_property_parse(OBJECT(ms), "usb", "on", &error_abort);
    assert_true(machine_usb(ms));
    assert_false(ms->usb_disabled);
    /* The seed's "usb=off": boards must see the explicit refusal. */
    object_property_parse(OBJECT(ms), "usb", "off", &error_abort);
    assert_false(machine_usb(ms));
    assert_true(ms->usb_disabled);
}

static void test_property_kernel_irqchip(void **state)
{
    MachineState *ms = machine_test_create("none");
    Error *err = NULL;

    object_property_parse(OBJECT(ms), "kernel-irqchip", "split", &error_abort);
    assert_true(ms->kernel_irqchip_allowed && ms->kernel_irqchip_required &&
                ms->kernel_irqchip_split);
    object_property_parse(OBJECT(ms), "kernel-irqchip", "off", &error_abort);
    assert_false(ms->kernel_irqchip_allowed || ms->kernel_irqchip_required ||
                 ms->kernel_irqchip_split);
    object_property_parse(OBJECT(ms), "kernel-irqchip", "on", &error_abort);
    assert_true(ms->kernel_irqchip_allowed && ms->kernel_irqchip_required);
    assert_false(ms->kernel_irqchip_split);
    assert_false(
        object_property_parse(OBJECT(ms), "kernel-irqchip", "maybe", &err));
    assert_non_null(err);
    error_free(err);
}

static void test_property_errors(void **state)
{
    MachineState *ms = machine_test_create("prop-board");
    Error *err = NULL;

    /* qemu-system-x86_64 -machine pc,foo=bar (with pc's type name). */
    assert_false(object_property_parse(OBJECT(ms), "foo", "bar", &err));
    assert_error(err, "Property 'prop-board-machine.foo' not found");
    /* -machine pc,usb=maybe */
    assert_false(object_property_parse(OBJECT(ms), "usb", "maybe", &err));
    assert_error(err, "Parameter 'usb' expects 'on' or 'off'");
    assert_false(
        object_property_parse(OBJECT(ms), "dump-guest-core", "x", &err));
    assert_error(err, "Parameter 'dump-guest-core' expects 'on' or 'off'");
    /* -machine none,memory-backend=foo */
    assert_false(
        object_property_parse(OBJECT(ms), "memory-backend", "foo", &err));
    assert_error(err, "Memory backend 'foo' not found");
    assert_null(ms->ram_memdev_id);
}

static void test_default_machine_opts(void **state)
{
    MachineState *ms = machine_test_create("prop-board");

    /* Applied before the user's keys, which may override them. */
    assert_string_equal(ms->firmware, "bios-test.bin");
    assert_true(machine_usb(ms));
    object_property_parse(OBJECT(ms), "firmware", "other.bin", &error_abort);
    assert_string_equal(ms->firmware, "other.bin");
    assert_string_equal(ms->boot_config.order, "cd");
    assert_true(ms->kernel_irqchip_split);
}

/* ---- -m ---- */

static void test_mem_default(void **state)
{
    MachineState *ms = machine_test_create("prop-board");
    MemorySizeConfiguration mem = {0};

    /* QEMU's default -m: 128 MiB, before and after an empty -m. */
    assert_int_equal(ms->ram_size, 128 * MiB);
    assert_int_equal(ms->maxram_size, 128 * MiB);
    assert_true(machine_parse_memory_options(ms, &mem, &error_abort));
    assert_int_equal(ms->ram_size, 128 * MiB);
    assert_int_equal(ms->maxram_size, 128 * MiB);
    assert_int_equal(ms->ram_slots, 0);
    /* -m 0 is the default too. */
    mem.has_size = true;
    mem.size = 0;
    assert_true(machine_parse_memory_options(ms, &mem, &error_abort));
    assert_int_equal(ms->ram_size, 128 * MiB);
}

static void test_mem_size(void **state)
{
    MachineState *ms = machine_test_create("prop-board");
    MemorySizeConfiguration mem = {.has_size = true, .size = 2048 * MiB};

    /* The seed's -m 2048 (MiB, converted by the option layer). */
    assert_true(machine_parse_memory_options(ms, &mem, &error_abort));
    assert_int_equal(ms->ram_size, 2 * GiB);
    assert_int_equal(ms->maxram_size, 2 * GiB);
    /* -m 1000k is 125 pages of 8 KiB; -m 1001k rounds up to 126. */
    mem.size = 1000 * 1024;
    assert_true(machine_parse_memory_options(ms, &mem, &error_abort));
    assert_int_equal(ms->ram_size, 1024000);
    mem.size = 1001 * 1024;
    assert_true(machine_parse_memory_options(ms, &mem, &error_abort));
    assert_int_equal(ms->ram_size, 126 * 8192);
    mem.size = 1;
    assert_true(machine_parse_memory_options(ms, &mem, &error_abort));
    assert_int_equal(ms->ram_size, 8192);
}

static void test_mem_maxmem(void **state)
{
    MachineState *ms = machine_test_create("prop-board");
    MemorySizeConfiguration mem = {
        .has_size = true,
        .size = 1 * GiB,
        .has_max_size = true,
        .max_size = 4 * GiB,
        .has_slots = true,
        .slots = 2,
    };

    assert_true(machine_parse_memory_options(ms, &mem, &error_abort));
    assert_int_equal(ms->ram_size, 1 * GiB);
    assert_int_equal(ms->maxram_size, 4 * GiB);
    assert_int_equal(ms->ram_slots, 2);
    /* maxmem equal to the size is fine without slots, or with 0 slots. */
    mem.max_size = 1 * GiB;
    mem.slots = 0;
    assert_true(machine_parse_memory_options(ms, &mem, &error_abort));
    assert_int_equal(ms->maxram_size, 1 * GiB);
    assert_int_equal(ms->ram_slots, 0);
    mem.has_slots = false;
    assert_true(machine_parse_memory_options(ms, &mem, &error_abort));
}

static void test_mem_errors(void **state)
{
    MachineState *ms = machine_test_create("prop-board");
    Error *err = NULL;
    MemorySizeConfiguration mem = {
        .has_size = true,
        .size = 2 * GiB,
        .has_max_size = true,
        .max_size = 1 * GiB,
    };

    /* qemu-system-x86_64 -m 2G,maxmem=1G */
    assert_false(machine_parse_memory_options(ms, &mem, &err));
    assert_error(err, "invalid value of maxmem: maximum memory size "
                      "(0x40000000) must be at least the initial memory size "
                      "(0x80000000)");
    /* -m 1,maxmem=0: the size is 1 MiB. */
    mem.size = 1 * MiB;
    mem.max_size = 0;
    assert_false(machine_parse_memory_options(ms, &mem, &err));
    assert_error(err, "invalid value of maxmem: maximum memory size (0x0) "
                      "must be at least the initial memory size (0x100000)");
    /* -m 1G,slots=2,maxmem=1G */
    mem.size = 1 * GiB;
    mem.max_size = 1 * GiB;
    mem.has_slots = true;
    mem.slots = 2;
    assert_false(machine_parse_memory_options(ms, &mem, &err));
    assert_error(err, "invalid value of maxmem: memory slots were specified "
                      "but maximum memory size (0x40000000) is equal to the "
                      "initial memory size (0x40000000)");
    /* -m 1G,slots=2 */
    mem.has_max_size = false;
    assert_false(machine_parse_memory_options(ms, &mem, &err));
    assert_error(err, "slots specified but no max-size");
    /* A size that cannot be rounded up to 8 KiB. */
    mem.has_slots = false;
    mem.size = UINT64_MAX - 100;
    assert_false(machine_parse_memory_options(ms, &mem, &err));
    assert_error(err, "ram size too large");
    /* Nothing changed. */
    assert_int_equal(ms->ram_size, 128 * MiB);
    assert_int_equal(ms->maxram_size, 128 * MiB);
    assert_int_equal(ms->ram_slots, 0);
}

static void test_mem_fixup(void **state)
{
    MachineState *ms = machine_test_create("fixup-board");
    MemorySizeConfiguration mem = {.has_size = true, .size = 1536 * MiB};

    assert_int_equal(ms->ram_size, 512 * MiB);
    assert_true(machine_parse_memory_options(ms, &mem, &error_abort));
    assert_int_equal(ms->ram_size, 2 * GiB);
    /* maxmem is checked against the fixed-up size. */
    mem.has_max_size = true;
    mem.max_size = 1536 * MiB;
    Error *err = NULL;
    assert_false(machine_parse_memory_options(ms, &mem, &err));
    assert_error(err, "invalid value of maxmem: maximum memory size "
                      "(0x60000000) must be at least the initial memory size "
                      "(0x80000000)");
}

/* ---- -boot ---- */

static void test_boot_config(void **state)
{
    MachineState *ms = machine_test_create("prop-board");
    BootConfiguration bc = {
        .once = (char *)"n", .has_menu = true, .menu = true};
    Error *err = NULL;

    /* No order given: the machine's default. */
    assert_true(machine_set_boot_config(ms, &bc, &error_abort));
    assert_string_equal(ms->boot_config.order, "cd");
    assert_string_equal(ms->boot_config.once, "n");
    assert_true(ms->boot_config.has_menu && ms->boot_config.menu);
    bc.order = (char *)"ndc";
    assert_true(machine_set_boot_config(ms, &bc, &error_abort));
    assert_string_equal(ms->boot_config.order, "ndc");
    /* qemu-system-x86_64 -boot order=z / order=cc / once=q */
    bc.order = (char *)"z";
    assert_false(machine_set_boot_config(ms, &bc, &err));
    assert_error(err, "Invalid boot device 'z'");
    bc.order = (char *)"cc";
    assert_false(machine_set_boot_config(ms, &bc, &err));
    assert_error(err, "Boot device 'c' was given twice");
    bc.order = NULL;
    bc.once = (char *)"q";
    assert_false(machine_set_boot_config(ms, &bc, &err));
    assert_error(err, "Invalid boot device 'q'");
    assert_string_equal(ms->boot_config.order, "ndc");
    assert_true(validate_bootdevices("abcdefghijklmnop", &error_abort));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        machine_test(test_machine_tree),
        machine_test(test_machine_recreate),
        machine_test(test_property_defaults),
        machine_test(test_property_parse),
        machine_test(test_property_usb),
        machine_test(test_property_kernel_irqchip),
        machine_test(test_property_errors),
        machine_test(test_default_machine_opts),
        machine_test(test_mem_default),
        machine_test(test_mem_size),
        machine_test(test_mem_maxmem),
        machine_test(test_mem_errors),
        machine_test(test_mem_fixup),
        machine_test(test_boot_config),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
