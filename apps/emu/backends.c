/*
 * Backends and devices from the command line (see backends.h).  Errors
 * are reported at the option they came from (qemu_opts_foreach makes the
 * set's location current) and stop the run, as in QEMU.
 */
#include <stdio.h>
#include <string.h>

#include "backends.h"
#include "chardev/char.h"
#include "devices/serial.h"
#include "machine/isa.h"
#include "machine/qdev-properties.h"
#include "monitor/monitor.h"
#include "opts/option-groups.h"
#include "util/error-report.h"
#include "util/error.h"
#include "util/main-loop.h"

/* The chardev labels of -serial, by COM port index; NULL: "none". */
static char *serial_labels[MAX_ISA_SERIAL_PORTS];
static int serial_count;

static int chardev_init(void *opaque, QemuOpts *opts, Error **errp)
{
    Error *err = NULL;

    if (!qemu_chr_new_from_opts(opts, NULL, &err)) {
        if (err) {
            error_report_err(err);
        }
        return -1;
    }
    return 0;
}

/* -serial DEV: chardev "serialN" in QEMU's legacy syntax. */
static bool serial_add(const char *dev)
{
    int index = serial_count;
    g_autofree char *label = NULL;

    if (index == MAX_ISA_SERIAL_PORTS) {
        error_report("too many serial ports");
        return false;
    }
    serial_count++;
    if (!strcmp(dev, "none")) {
        return true;
    }
    label = g_strdup_printf("serial%d", index);
    if (!qemu_chr_new_mux_mon(label, dev, NULL)) {
        error_report("could not connect serial device to character "
                     "backend '%s'",
                     dev);
        return false;
    }
    serial_labels[index] = g_steal_pointer(&label);
    return true;
}

static int serial_init(void *opaque, QemuOpts *opts, Error **errp)
{
    return serial_add(qemu_opt_get(opts, "dev")) ? 0 : -1;
}

/* "C-a x" on a mux: an orderly exit through the main loop, as QEMU. */
static void mux_quit(void *opaque)
{
    qemu_main_loop_request_exit(0);
}

/* "mon:SPEC" (-serial mon:stdio, -nographic): HMP joins the mux. */
static void mux_monitor(Chardev *mux, void *opaque)
{
    Error *err = NULL;

    if (!monitor_init_hmp(mux, &err)) {
        error_report_err(err);
    }
}

/*
 * QEMU's default monitor: on unless -nodefaults, -monitor (none too),
 * -qmp or -mon named one.
 */
static int opts_exist(void *opaque, QemuOpts *opts, Error **errp)
{
    return 1;
}

static bool default_monitor(QemuOpts *system)
{
    return qemu_opt_get_bool(system, "defaults", true) &&
           qemu_opt_get_bool(system, "default-monitor", true) &&
           !qemu_opts_foreach(qemu_find_opts("mon"), opts_exist, NULL, NULL);
}

/* -nographic's monitor alone on stdio (COM1 has its own backend). */
static bool stdio_monitor_add(void)
{
    Chardev *chr = qemu_chr_new("compat_monitor0", "stdio", NULL);
    Error *err = NULL;

    if (!chr) {
        return false;
    }
    if (!monitor_init_hmp(chr, &err)) {
        error_report_err(err);
        return false;
    }
    return true;
}

bool emu_create_backends(void)
{
    QemuOpts *system = qemu_opts_find(&emu_system_opts, NULL);
    QemuOptsList *serials = qemu_find_opts("serial");

    bool nographic = qemu_opt_get_bool(system, "nographic", false);
    bool def_serial = qemu_opt_get_bool(system, "defaults", true) &&
                      !qemu_opts_find(serials, NULL);
    bool def_monitor = default_monitor(system);

    qemu_chr_set_mux_quit_handler(mux_quit, NULL);
    qemu_chr_set_mon_hook(mux_monitor, NULL);
    if (qemu_opts_foreach(qemu_find_opts("chardev"), chardev_init, NULL,
                          NULL)) {
        return false;
    }
    /*
     * As QEMU: -nographic puts COM1 and the monitor on stdio, both behind
     * a mux ("C-a c" switches) when neither was given elsewhere; without
     * -nographic their defaults would be a graphical console emu lacks.
     */
    if (nographic && def_serial && def_monitor) {
        if (!serial_add("mon:stdio")) {
            return false;
        }
    } else if (nographic && def_serial) {
        if (!serial_add("stdio")) {
            return false;
        }
    } else if (nographic && def_monitor && !stdio_monitor_add()) {
        return false;
    }
    loc_set_none();
    return !qemu_opts_foreach(serials, serial_init, NULL, NULL);
}

/* -device's key=value pairs, "driver" aside, for qdev (NULL-ended). */
static int device_prop_collect(void *opaque, const char *name,
                               const char *value, Error **errp)
{
    GPtrArray *props = opaque;

    if (strcmp(name, "driver") != 0) {
        g_ptr_array_add(props, g_strdup(name));
        g_ptr_array_add(props, g_strdup(value));
    }
    return 0;
}

static int device_init(void *opaque, QemuOpts *opts, Error **errp)
{
    g_autoptr(GPtrArray) props = g_ptr_array_new_with_free_func(g_free);
    DeviceState *dev;
    Error *err = NULL;

    qemu_opt_foreach(opts, device_prop_collect, props, NULL);
    g_ptr_array_add(props, NULL);
    dev = qdev_device_add_from_props(qemu_opt_get(opts, "driver"),
                                     qemu_opts_id(opts),
                                     (const char *const *)props->pdata, &err);
    if (!dev) {
        error_report_err(err);
        return -1;
    }
    object_unref(OBJECT(dev));
    return 0;
}

bool emu_create_devices(void)
{
    ISABus *isa = ISA_BUS(object_resolve_path_type("", TYPE_ISA_BUS, NULL));
    Error *err = NULL;

    /* The board's COM ports for -serial, as QEMU's pc board makes them. */
    for (int i = 0; i < serial_count; i++) {
        if (!serial_labels[i]) {
            continue;
        }
        if (!isa) {
            error_report("-serial: this machine has no ISA bus");
            return false;
        }
        if (!isa_serial_create(isa, i, serial_labels[i], &err)) {
            error_report_err(err);
            return false;
        }
    }
    if (qemu_opts_foreach(qemu_find_opts("device"), device_init, NULL,
                          NULL)) {
        return false;
    }
    loc_set_none();
    return true;
}
