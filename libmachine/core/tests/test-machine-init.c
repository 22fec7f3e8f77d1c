/*
 * Unit tests for building the board: machine_run_board_init (CPU type
 * check, the default RAM region, mc->init), the "none" machine (QEMU's
 * null machine), reset, and -device of sysbus devices per machine.
 * No machine type here is the default.
 */
#include <string.h>

#include "machine-test.h"
#include "machine/reset.h"
#include "machine/sysbus.h"

/* ---- Test types ---- */

#define TYPE_CPU_BASE "init-cpu-base"
#define TYPE_CPU_A "init-cpu-a"
#define TYPE_CPU_A_SUB "init-cpu-a-sub"
#define TYPE_CPU_B "init-cpu-b"
#define TYPE_CPU_C "init-cpu-c"
#define TYPE_SBDEV "init-sbdev"
#define TYPE_SBDEV_SUB "init-sbdev-sub"
#define TYPE_OTHER_SBDEV "init-other-sbdev"

typedef struct SbDev {
    SysBusDevice parent_obj;
    int resets;
} SbDev;

static void sbdev_reset(DeviceState *dev)
{
    ((SbDev *)dev)->resets++;
}

static void sbdev_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->reset = sbdev_reset;
    /* Creatable by -device, where the machine allows it. */
    dc->user_creatable = true;
}

static int board_inits;
static bool board_fail;
static int board_resets;

static const char *const board_cpu_types[] = {TYPE_CPU_A, TYPE_CPU_C, NULL};

static bool board_init(MachineState *ms, Error **errp)
{
    board_inits++;
    if (board_fail) {
        error_setg(errp, "board says no");
        return false;
    }
    if (ms->ram) {
        memory_region_add_subregion(get_system_memory(), 0, ms->ram);
    }
    return true;
}

static void board_reset(MachineState *ms)
{
    board_resets++;
    qemu_devices_reset();
}

static void board_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->desc = "Init test board";
    mc->init = board_init;
    mc->default_ram_id = "init.ram";
    mc->default_cpu_type = TYPE_CPU_A;
    mc->valid_cpu_types = board_cpu_types;
    machine_class_allow_dynamic_sysbus_dev(mc, TYPE_SBDEV);
}

static void board_reset_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->reset = board_reset;
    /* Adds to the parent's list, which stays as it was. */
    machine_class_allow_dynamic_sysbus_dev(mc, TYPE_OTHER_SBDEV);
}

/* Allocates its own memory: no default_ram_id. */
static void board_noram_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->init = board_init;
}

static const TypeInfo init_test_types[] = {
    {.name = TYPE_CPU_BASE,
     .parent = TYPE_DEVICE,
     .abstract = true,
     .instance_size = sizeof(DeviceState)},
    {.name = TYPE_CPU_A, .parent = TYPE_CPU_BASE},
    {.name = TYPE_CPU_A_SUB, .parent = TYPE_CPU_A},
    {.name = TYPE_CPU_B, .parent = TYPE_CPU_BASE},
    {.name = TYPE_CPU_C, .parent = TYPE_CPU_BASE},
    {.name = TYPE_SBDEV,
     .parent = TYPE_SYS_BUS_DEVICE,
     .instance_size = sizeof(SbDev),
     .class_init = sbdev_class_init},
    {.name = TYPE_SBDEV_SUB, .parent = TYPE_SBDEV},
    {.name = TYPE_OTHER_SBDEV,
     .parent = TYPE_SYS_BUS_DEVICE,
     .instance_size = sizeof(SbDev),
     .class_init = sbdev_class_init},
    {.name = MACHINE_TYPE_NAME("init-board"),
     .parent = TYPE_MACHINE,
     .class_init = board_class_init},
    {.name = MACHINE_TYPE_NAME("init-board-reset"),
     .parent = MACHINE_TYPE_NAME("init-board"),
     .class_init = board_reset_class_init},
    {.name = MACHINE_TYPE_NAME("init-board-noram"),
     .parent = TYPE_MACHINE,
     .class_init = board_noram_class_init},
};

DEFINE_TYPES(init_test_types)

static int init_teardown(void **state)
{
    machine_test_teardown(state);
    board_inits = 0;
    board_fail = false;
    board_resets = 0;
    return 0;
}

#define init_test(f) cmocka_unit_test_teardown(f, init_teardown)

/* -M name -m size_mib, up to the board init. */
static MachineState *create_with_ram(const char *name, uint64_t size_mib)
{
    MachineState *ms = machine_test_create(name);
    MemorySizeConfiguration mem = {.has_size = true, .size = size_mib * MiB};

    machine_parse_memory_options(ms, &mem, &error_abort);
    return ms;
}

/* ---- Selection without a default ---- */

static void no_default_fn(void *opaque)
{
    select_machine(NULL, &error_fatal);
}

static void test_no_default_machine(void **state)
{
    Error *err = NULL;
    ChildResult r;

    assert_null(find_default_machine());
    assert_null(select_machine(NULL, &err));
    assert_error(err, "No machine specified, and there is no default");
    r = run_in_child(no_default_fn, NULL);
    assert_true(r.exited);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.err,
                        "emu: No machine specified, and there is no default\n"
                        "Use -machine help to list supported machines\n");
    g_free(r.err);
}

/* ---- Board init ---- */

static void test_board_init_ram(void **state)
{
    MachineState *ms = create_with_ram("init-board", 64);
    uint32_t v = 0;

    object_property_parse(OBJECT(ms), "mem-merge", "off", &error_abort);
    object_property_parse(OBJECT(ms), "dump-guest-core", "off", &error_abort);
    assert_null(ms->ram);
    assert_true(machine_run_board_init(ms, &error_abort));
    assert_int_equal(board_inits, 1);
    /* The region QEMU's default memory backend would hold. */
    assert_non_null(ms->ram);
    assert_string_equal(memory_region_name(ms->ram), "init.ram");
    assert_int_equal(memory_region_size(ms->ram), 64 * MiB);
    assert_ptr_equal(memory_region_owner(ms->ram), OBJECT(ms));
    assert_true(memory_region_is_ram(ms->ram));
    /* The board mapped it: guest memory works. */
    stl_le_phys(&address_space_memory, 64 * MiB - 4, 0xcafef00d);
    assert_int_equal(ldl_le_phys(&address_space_memory, 64 * MiB - 4),
                     0xcafef00d);
    memcpy(&v, (uint8_t *)memory_region_get_ram_ptr(ms->ram) + 64 * MiB - 4, 4);
    assert_int_equal(v, 0xcafef00d);
    /* The default CPU type was taken, and is valid. */
    assert_string_equal(ms->cpu_type, TYPE_CPU_A);
}

static void test_board_init_prealloc(void **state)
{
    MachineState *ms = create_with_ram("init-board", 2);

    ms->mem_prealloc = true;
    assert_true(machine_run_board_init(ms, &error_abort));
    assert_int_equal(memory_region_size(ms->ram), 2 * MiB);
}

static void test_board_init_no_ram(void **state)
{
    MachineState *ms = create_with_ram("init-board-noram", 64);

    /* Without default_ram_id the board allocates its own RAM. */
    assert_true(machine_run_board_init(ms, &error_abort));
    assert_int_equal(board_inits, 1);
    assert_null(ms->ram);
    assert_int_equal(ms->ram_size, 64 * MiB);
}

static void test_board_init_failure(void **state)
{
    MachineState *ms = create_with_ram("init-board", 8);
    Error *err = NULL;

    board_fail = true;
    assert_false(machine_run_board_init(ms, &err));
    assert_error(err, "board says no");
    assert_int_equal(board_inits, 1);
}

static void test_valid_cpu_types(void **state)
{
    MachineState *ms = create_with_ram("init-board", 8);

    /* A subclass of a valid type is valid. */
    ms->cpu_type = TYPE_CPU_A_SUB;
    assert_true(machine_run_board_init(ms, &error_abort));
    init_teardown(NULL);
    ms = create_with_ram("init-board", 8);
    ms->cpu_type = TYPE_CPU_C;
    assert_true(machine_run_board_init(ms, &error_abort));
}

static void invalid_cpu_fn(void *opaque)
{
    MachineState *ms;

    /* The child inherits the parent's machine: start afresh. */
    init_teardown(NULL);
    ms = create_with_ram("init-board", 8);

    ms->cpu_type = opaque;
    machine_run_board_init(ms, &error_fatal);
}

static void test_invalid_cpu_type(void **state)
{
    MachineState *ms = create_with_ram("init-board", 8);
    Error *err = NULL;
    ChildResult r;

    ms->cpu_type = TYPE_CPU_B;
    assert_false(machine_run_board_init(ms, &err));
    assert_error(err, "Invalid CPU type: init-cpu-b");
    /* Nothing was built. */
    assert_int_equal(board_inits, 0);
    assert_null(ms->ram);
    /* QEMU's two lines; an unknown type is just as invalid. */
    r = run_in_child(invalid_cpu_fn, (void *)"no-such-cpu");
    assert_true(r.exited);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.err, "emu: Invalid CPU type: no-such-cpu\n"
                               "The valid types are: init-cpu-a, "
                               "init-cpu-c\n");
    g_free(r.err);
}

static void test_reserved_ram_id(void **state)
{
    MachineState *ms = create_with_ram("init-board", 8);
    Object *obj = object_new(TYPE_CONTAINER);
    Error *err = NULL;

    /* -object ...,id=init.ram takes the name of the default RAM. */
    object_property_add_child(object_get_objects_root(), "init.ram", obj);
    object_unref(obj);
    assert_false(machine_run_board_init(ms, &err));
    assert_error(err, "object name 'init.ram' is reserved for the default "
                      "RAM backend, it can't be used for any other purposes. "
                      "Change the object's 'id' to something else");
    object_unparent(obj);
}

static void test_ram_allocation_failure(void **state)
{
    MachineState *ms = machine_test_create("init-board");
    MemorySizeConfiguration mem = {.has_size = true, .size = (uint64_t)1 << 62};
    Error *err = NULL;

    /* 4 EiB: more than any host can map. */
    assert_true(machine_parse_memory_options(ms, &mem, &error_abort));
    assert_false(machine_run_board_init(ms, &err));
    assert_non_null(err);
    assert_non_null(
        strstr(error_get_pretty(err), "cannot set up guest memory 'init.ram'"));
    error_free(err);
    assert_null(ms->ram);
    assert_int_equal(board_inits, 0);
}

/* ---- The none machine ---- */

static void test_none_class(void **state)
{
    MachineClass *mc = find_machine("none");

    /* qemu-system-x86_64 -machine help: "none  empty machine" */
    assert_string_equal(mc->desc, "empty machine");
    assert_int_equal(mc->max_cpus, 1);
    assert_int_equal(mc->default_ram_size, 0);
    assert_string_equal(mc->default_ram_id, "ram");
    assert_null(mc->default_cpu_type);
    assert_true(mc->no_serial && mc->no_parallel && mc->no_floppy &&
                mc->no_cdrom && mc->no_sdcard);
    assert_false(mc->is_default);
}

static void test_none_empty(void **state)
{
    MachineState *ms = machine_test_create("none");
    MemorySizeConfiguration mem = {0};

    assert_true(machine_parse_memory_options(ms, &mem, &error_abort));
    assert_int_equal(ms->ram_size, 0);
    assert_true(machine_run_board_init(ms, &error_abort));
    /* No RAM, no CPU, no device. */
    assert_null(ms->ram);
    assert_int_equal(ldl_le_phys(&address_space_memory, 0), 0xffffffff);
    assert_null(object_resolve_path("/machine/unattached/device[0]", NULL));
}

static void test_none_ram(void **state)
{
    MachineState *ms = create_with_ram("none", 64);

    assert_true(machine_run_board_init(ms, &error_abort));
    /* -m gives it RAM called "ram" at address 0. */
    assert_non_null(ms->ram);
    assert_string_equal(memory_region_name(ms->ram), "ram");
    assert_true(memory_region_is_mapped(ms->ram));
    assert_int_equal(memory_region_get_address(ms->ram), 0);
    stq_le_phys(&address_space_memory, 0x1000, 0x0123456789abcdefULL);
    assert_int_equal(ldq_le_phys(&address_space_memory, 0x1000),
                     0x0123456789abcdefULL);
    /* Beyond it, nothing. */
    assert_int_equal(ldl_le_phys(&address_space_memory, 64 * MiB), 0xffffffff);
}

static void test_none_kernel(void **state)
{
    MachineState *ms = create_with_ram("none", 8);
    Error *err = NULL;

    /* qemu-system-x86_64 -machine none -kernel /nonexist */
    object_property_parse(OBJECT(ms), "kernel", "/boot/vmlinuz", &error_abort);
    assert_false(machine_run_board_init(ms, &err));
    assert_error(err, "The -kernel parameter is not supported (use the "
                      "generic 'loader' device instead).");
    assert_false(memory_region_is_mapped(ms->ram));
}

static void test_none_cpu(void **state)
{
    MachineState *ms = machine_test_create("none");
    Object *cpu;
    Error *err = NULL;

    /* -machine none -cpu X: one CPU, no RAM. */
    ms->cpu_type = TYPE_CPU_A;
    assert_true(machine_run_board_init(ms, &error_abort));
    cpu = object_resolve_path("/machine/unattached/device[0]", NULL);
    assert_non_null(cpu);
    assert_string_equal(object_get_typename(cpu), TYPE_CPU_A);
    assert_true(DEVICE(cpu)->realized);
    init_teardown(NULL);

    ms = machine_test_create("none");
    ms->cpu_type = TYPE_CPU_BASE;
    assert_false(machine_run_board_init(ms, &err));
    assert_error(err, "Unable to initialize CPU");
}

/* ---- Reset ---- */

static int handler_calls[3];
static int handler_order;

static void count_handler(void *opaque)
{
    int *slot = opaque;

    *slot = ++handler_order;
}

static void test_reset_devices(void **state)
{
    MachineState *ms = machine_test_create("init-board");
    DeviceState *dev = qdev_new(TYPE_SBDEV);
    SbDev *s = (SbDev *)dev;

    assert_true(sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_abort));
    assert_true(machine_run_board_init(ms, &error_abort));
    assert_int_equal(s->resets, 0);
    /* Every device on the system bus tree is reset. */
    qemu_system_reset();
    assert_int_equal(s->resets, 1);
    qemu_devices_reset();
    assert_int_equal(s->resets, 2);
}

static void test_reset_handlers(void **state)
{
    machine_test_create("none");
    memset(handler_calls, 0, sizeof(handler_calls));
    handler_order = 0;
    qemu_register_reset(count_handler, &handler_calls[0]);
    qemu_register_reset(count_handler, &handler_calls[1]);
    qemu_register_reset(count_handler, &handler_calls[2]);
    qemu_unregister_reset(count_handler, &handler_calls[1]);
    qemu_system_reset();
    /* Registration order; the removed one is not called. */
    assert_int_equal(handler_calls[0], 1);
    assert_int_equal(handler_calls[1], 0);
    assert_int_equal(handler_calls[2], 2);
    qemu_unregister_reset(count_handler, &handler_calls[0]);
    qemu_unregister_reset(count_handler, &handler_calls[2]);
    /* Unknown registrations are ignored. */
    qemu_unregister_reset(count_handler, NULL);
}

static void test_reset_machine_hook(void **state)
{
    MachineState *ms = machine_test_create("init-board-reset");
    DeviceState *dev = qdev_new(TYPE_SBDEV);

    assert_true(sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_abort));
    assert_true(machine_run_board_init(ms, &error_abort));
    qemu_system_reset();
    assert_int_equal(board_resets, 1);
    assert_int_equal(((SbDev *)dev)->resets, 1);
}

/* ---- -device of sysbus devices ---- */

static void test_dynamic_sysbus(void **state)
{
    Error *err = NULL;
    DeviceState *dev;
    MachineClass *board = find_machine("init-board");
    MachineClass *board_reset_mc = find_machine("init-board-reset");

    /* Allowed: the type and its subtypes; the subclass adds its own. */
    assert_true(machine_class_is_dynamic_sysbus_dev_allowed(board, TYPE_SBDEV));
    assert_true(
        machine_class_is_dynamic_sysbus_dev_allowed(board, TYPE_SBDEV_SUB));
    assert_false(
        machine_class_is_dynamic_sysbus_dev_allowed(board, TYPE_OTHER_SBDEV));
    assert_true(machine_class_is_dynamic_sysbus_dev_allowed(board_reset_mc,
                                                            TYPE_OTHER_SBDEV));
    assert_true(machine_class_is_dynamic_sysbus_dev_allowed(board_reset_mc,
                                                            TYPE_SBDEV));
    assert_false(machine_class_is_dynamic_sysbus_dev_allowed(board, "no-type"));

    machine_test_create("init-board");
    dev = qdev_device_add_from_props(TYPE_SBDEV_SUB, NULL, NULL, &error_abort);
    g_autofree char *path = object_get_canonical_path(OBJECT(dev));
    assert_string_equal(path, "/machine/peripheral-anon/device[0]");
    object_unref(dev);
    assert_null(qdev_device_add_from_props(TYPE_OTHER_SBDEV, NULL, NULL, &err));
    assert_error(err, "Parameter 'driver' expects a dynamic sysbus device "
                      "type for the machine");
    init_teardown(NULL);

    /* The none machine allows none. */
    machine_test_create("none");
    assert_null(qdev_device_add_from_props(TYPE_SBDEV, "x", NULL, &err));
    assert_error(err, "Parameter 'driver' expects a dynamic sysbus device "
                      "type for the machine");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        init_test(test_no_default_machine),
        init_test(test_board_init_ram),
        init_test(test_board_init_prealloc),
        init_test(test_board_init_no_ram),
        init_test(test_board_init_failure),
        init_test(test_valid_cpu_types),
        init_test(test_invalid_cpu_type),
        init_test(test_reserved_ram_id),
        init_test(test_ram_allocation_failure),
        init_test(test_none_class),
        init_test(test_none_empty),
        init_test(test_none_ram),
        init_test(test_none_kernel),
        init_test(test_none_cpu),
        init_test(test_reset_devices),
        init_test(test_reset_handlers),
        init_test(test_reset_machine_hook),
        init_test(test_dynamic_sysbus),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
