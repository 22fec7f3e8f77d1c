/*
 * emu's start-up sequence with a test accelerator, so that it runs to the
 * end: the seed's chardev and serial options must create their objects at
 * QEMU's QOM paths, and the serial port must reach its chardev.
 *
 * The accelerator ("apptest") is a test double registered here only; it
 * does what an accelerator must at init_machine (attach its CPU class).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "chardev/char.h"
#include "machine/accel.h"
#include "machine/cpu.h"
#include "machine/x86-cpu.h"
#include "machine/memory.h"
#include "machine/qdev-properties.h"
#include "opts/cmdline.h"
#include "qom/object.h"
#include "startup.h"
#include "util/main-loop.h"
#include "util/module.h"

#define TYPE_APPTEST_ACCEL ACCEL_CLASS_NAME("apptest")
#define TYPE_APPTEST_ACCEL_CPU "apptest-accel-" CPU_RESOLVING_TYPE

static bool apptest_init_machine(MachineState *ms, Error **errp)
{
    cpu_accel_attach(ACCEL_CPU_CLASS(
        object_class_by_name(TYPE_APPTEST_ACCEL_CPU)));
    return true;
}

static void apptest_accel_class_init(ObjectClass *oc, void *data)
{
    ACCEL_CLASS(oc)->name = "apptest";
    ACCEL_CLASS(oc)->init_machine = apptest_init_machine;
}

static const TypeInfo apptest_types[] = {
    {
        .name = TYPE_APPTEST_ACCEL,
        .parent = TYPE_ACCEL,
        .class_init = apptest_accel_class_init,
    },
    {
        .name = TYPE_APPTEST_ACCEL_CPU,
        .parent = TYPE_ACCEL_CPU,
        .class_size = sizeof(AccelCPUClass),
    },
};

DEFINE_TYPES(apptest_types)

static char *read_file(const char *path)
{
    char *text = NULL;

    g_file_get_contents(path, &text, NULL, NULL);
    return text;
}

/*
 * The chardev and serial part of the seed's OpenStack command line (with
 * its paths in a temporary folder), on the default machine.
 */
static void test_seed_chardevs_and_serials(void **state)
{
    g_autofree char *dir = g_dir_make_tmp("emu-startup-XXXXXX", NULL);
    g_autofree char *mon = g_strdup_printf(
        "socket,id=charmonitor,path=%s/instance.monitor,server,nowait", dir);
    g_autofree char *log = g_strdup_printf("%s/console.log", dir);
    g_autofree char *file = g_strdup_printf(
        "file,id=charserial0,path=%s", log);
    char *argv[] = {
        "emu", "-accel", "apptest", "-nodefaults",
        "-chardev", mon,
        "-chardev", file,
        "-device", "isa-serial,chardev=charserial0,id=serial0",
        "-chardev", "pty,id=charserial1",
        "-device", "isa-serial,chardev=charserial1,id=serial1",
        NULL,
    };
    int argc = G_N_ELEMENTS(argv) - 1;
    Object *serial0, *serial1, *chr;
    g_autofree char *text = NULL;
    g_autofree char *prop = NULL;
    Cmdline cl;

    qemu_cmdline_init(&cl);
    assert_int_equal(qemu_cmdline_parse(&cl, argc, argv), CMDLINE_OK);
    /*
     * Everything is built, then the run starts: an exit requested
     * beforehand ends its main loop at once, with that status.
     */
    qemu_main_loop_request_exit(0);
    assert_int_equal(emu_startup(&cl), 0);

    chr = object_resolve_path("/chardevs/charmonitor", NULL);
    assert_non_null(chr);
    assert_string_equal(object_get_typename(chr), "chardev-socket");
    chr = object_resolve_path("/chardevs/charserial0", NULL);
    assert_non_null(chr);
    assert_string_equal(object_get_typename(chr), "chardev-file");
    chr = object_resolve_path("/chardevs/charserial1", NULL);
    assert_non_null(chr);
    assert_string_equal(object_get_typename(chr), "chardev-pty");

    serial0 = object_resolve_path("/machine/peripheral/serial0", NULL);
    serial1 = object_resolve_path("/machine/peripheral/serial1", NULL);
    assert_non_null(serial0);
    assert_non_null(serial1);
    assert_string_equal(object_get_typename(serial0), "isa-serial");
    prop = object_property_get_str(serial0, "chardev", &error_abort);
    assert_string_equal(prop, "charserial0");
    /* QEMU's defaults: COM1 at 0x3f8, then COM2 at 0x2f8. */
    assert_int_equal(object_property_get_uint(serial0, "iobase",
                                              &error_abort), 0x3f8);
    assert_int_equal(object_property_get_uint(serial1, "iobase",
                                              &error_abort), 0x2f8);

    /* A byte the guest writes to COM1's THR lands in console.log. */
    address_space_stb(&address_space_io, 0x3f8, 'E', MEMTXATTRS_UNSPECIFIED,
                      NULL);
    address_space_stb(&address_space_io, 0x3f8, 'M', MEMTXATTRS_UNSPECIFIED,
                      NULL);
    text = read_file(log);
    assert_non_null(text);
    assert_string_equal(text, "EM");

    qemu_cmdline_destroy(&cl);
    unlink(log);
    g_autofree char *sock = g_strdup_printf("%s/instance.monitor", dir);
    unlink(sock);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_chardevs_and_serials),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
