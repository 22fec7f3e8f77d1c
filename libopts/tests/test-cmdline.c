/*
 * The command-line table and qemu_cmdline_parse(): every option of the
 * issue with QEMU's spelling, the seed's OpenStack command line parsed
 * into the expected sets, QEMU 7.2's messages (whole stderr compared),
 * the options QEMU turns into several sets, help, and -readconfig /
 * -writeconfig through the table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "emu-test.h"
#include "opts/cmdline.h"
#include "opts/config-file.h"
#include "opts/option-groups.h"
#include "util/error-report.h"
#include "util/error.h"

/* ---- Helpers ---- */

/* The argv vectors of a test: the sets keep pointers into them. */
static GPtrArray *argvs;
static Cmdline cl;
static char *out; /* stdout of the last run() */
static char *err; /* stderr of the last run() */

static int setup(void **state)
{
    emu_register_option_groups();
    emu_option_groups_reset();
    argvs = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
    qemu_cmdline_init(&cl);
    return 0;
}

static int teardown(void **state)
{
    emu_option_groups_reset();
    qemu_cmdline_destroy(&cl);
    g_ptr_array_free(argvs, true);
    g_free(out);
    g_free(err);
    out = err = NULL;
    return 0;
}

typedef struct Capture {
    int saved;
    FILE *tmp;
} Capture;

static void capture_begin(Capture *c, int fd)
{
    c->tmp = tmpfile();
    assert_non_null(c->tmp);
    c->saved = dup(fd);
    dup2(fileno(c->tmp), fd);
}

static char *capture_end(Capture *c, int fd)
{
    GString *s = g_string_new(NULL);
    char buf[512];
    size_t n;

    dup2(c->saved, fd);
    close(c->saved);
    rewind(c->tmp);
    while ((n = fread(buf, 1, sizeof(buf), c->tmp)) > 0) {
        g_string_append_len(s, buf, n);
    }
    fclose(c->tmp);
    return g_string_free(s, false);
}

/* Parse "emu" + the NULL-terminated args; stdout/stderr land in out/err. */
static CmdlineStatus run_argv(const char *const *args)
{
    GPtrArray *v = g_ptr_array_new();
    Capture co, ce;
    CmdlineStatus st;
    char **argv;

    g_ptr_array_add(v, g_strdup("emu"));
    for (; *args; args++) {
        g_ptr_array_add(v, g_strdup(*args));
    }
    g_ptr_array_add(v, NULL);
    argv = (char **)g_ptr_array_free(v, false);
    g_ptr_array_add(argvs, argv);

    g_free(out);
    g_free(err);
    fflush(stdout);
    fflush(stderr);
    capture_begin(&co, STDOUT_FILENO);
    capture_begin(&ce, STDERR_FILENO);
    st = qemu_cmdline_parse(&cl, g_strv_length(argv), argv);
    fflush(stdout);
    fflush(stderr);
    err = capture_end(&ce, STDERR_FILENO);
    out = capture_end(&co, STDOUT_FILENO);
    return st;
}

#define run(...) run_argv((const char *const[]){__VA_ARGS__, NULL})

/* Parsing args fails with exactly this stderr. */
#define assert_cmdline_error(expected, ...)                                    \
    do {                                                                       \
        assert_int_equal(run(__VA_ARGS__), CMDLINE_ERROR);                     \
        assert_string_equal(err, (expected));                                  \
    } while (0)

#define assert_cmdline_ok(...)                                                 \
    do {                                                                       \
        CmdlineStatus st_ = run(__VA_ARGS__);                                  \
        if (st_ != CMDLINE_OK) {                                               \
            fail_msg("status %d, stderr:\n%s", st_, err);                      \
        }                                                                      \
    } while (0)

static QemuOpts *find(const char *group, const char *id)
{
    QemuOpts *opts = qemu_opts_find(qemu_find_opts_err(group, NULL), id);

    if (!opts) {
        fail_msg("no set %s \"%s\"", group, id ? id : "(anonymous)");
    }
    return opts;
}

static void assert_opt(QemuOpts *opts, const char *key, const char *value)
{
    const char *got = qemu_opt_get(opts, key);

    if (!got) {
        fail_msg("no key %s", key);
    }
    assert_string_equal(got, value);
}

static int count_set(void *opaque, QemuOpts *opts, Error **errp)
{
    (*(int *)opaque)++;
    return 0;
}

static int count_sets(const char *group)
{
    int n = 0;

    qemu_opts_foreach(qemu_find_opts_err(group, NULL), count_set, &n, NULL);
    return n;
}

/* The n-th set (0-based) of a group. */
typedef struct Nth {
    int n;
    QemuOpts *found;
} Nth;

static int nth_set(void *opaque, QemuOpts *opts, Error **errp)
{
    Nth *nth = opaque;

    if (nth->n-- == 0) {
        nth->found = opts;
        return 1;
    }
    return 0;
}

static QemuOpts *nth(const char *group, int n)
{
    Nth x = {.n = n};

    qemu_opts_foreach(qemu_find_opts_err(group, NULL), nth_set, &x, NULL);
    assert_non_null(x.found);
    return x.found;
}

/* The seed's OpenStack command line (001), with paths under dir. */
static CmdlineStatus run_openstack(const char *dir)
{
    g_autofree char *mon = g_strdup_printf(
        "socket,id=charmonitor,path=%s/instance-00000024.monitor,server,"
        "nowait",
        dir);
    g_autofree char *drive = g_strdup_printf(
        "file=%s/disk,if=none,id=drive-virtio-disk0,format=qcow2,cache=none",
        dir);
    g_autofree char *serial =
        g_strdup_printf("file,id=charserial0,path=%s/console.log", dir);

    return run(
        "-enable-kvm", "-name", "instance-00000024", "-machine",
        "pc-i440fx-trusty,accel=kvm,usb=off", "-cpu",
        "SandyBridge,+erms,+smep,+fsgsbase,+pdpe1gb,+rdrand,+f16c,+osxsave,"
        "+dca,+pcid,+pdcm,+xtpr,+tm2,+est,+smx,+vmx,+ds_cpl,+monitor,"
        "+dtes64,+pbe,+tm,+ht,+ss,+acpi,+ds,+vme",
        "-m", "2048", "-realtime", "mlock=off", "-smp",
        "1,sockets=1,cores=1,threads=1", "-uuid",
        "1f8e6f7e-5a70-4780-89c1-464dc0e7f308", "-smbios",
        "type=1,manufacturer=OpenStack Foundation,product=OpenStack Nova,"
        "version=2014.1,serial=80590690-87d2-e311-b1b0-a0481cabdfb4,"
        "uuid=1f8e6f7e-5a70-4780-89c1-464dc0e7f308",
        "-no-user-config", "-nodefaults", "-chardev", mon, "-mon",
        "chardev=charmonitor,id=monitor,mode=control", "-rtc",
        "base=utc,driftfix=slew", "-global", "kvm-pit.lost_tick_policy=discard",
        "-no-hpet", "-no-shutdown", "-boot", "strict=on", "-device",
        "piix3-usb-uhci,id=usb,bus=pci.0,addr=0x1.0x2", "-drive", drive,
        "-device",
        "virtio-blk-pci,scsi=off,bus=pci.0,addr=0x4,drive=drive-virtio-disk0,"
        "id=virtio-disk0,bootindex=1",
        "-netdev", "tap,fd=32,id=hostnet0,vhost=on,vhostfd=37", "-device",
        "virtio-net-pci,netdev=hostnet0,id=net0,mac=fa:16:3e:d1:2d:99,"
        "bus=pci.0,addr=0x3",
        "-chardev", serial, "-device",
        "isa-serial,chardev=charserial0,id=serial0", "-chardev",
        "pty,id=charserial1", "-device",
        "isa-serial,chardev=charserial1,id=serial1", "-device",
        "usb-tablet,id=input0", "-vnc", "0.0.0.0:12", "-k", "en-us", "-device",
        "cirrus-vga,id=video0,bus=pci.0,addr=0x2", "-device",
        "virtio-balloon-pci,id=balloon0,bus=pci.0,addr=0x5");
}

/* ---- The table ---- */

static void test_table_options(void **state)
{
    /* Every option the issue lists, and whether it takes an argument. */
    static const struct {
        const char *name;
        bool has_arg;
    } cases[] = {
        {"enable-kvm", false},
        {"accel", true},
        {"machine", true},
        {"M", true},
        {"cpu", true},
        {"m", true},
        {"smp", true},
        {"name", true},
        {"uuid", true},
        {"smbios", true},
        {"realtime", true},
        {"overcommit", true},
        {"no-user-config", false},
        {"nodefaults", false},
        {"chardev", true},
        {"mon", true},
        {"monitor", true},
        {"qmp", true},
        {"serial", true},
        {"parallel", true},
        {"rtc", true},
        {"global", true},
        {"no-hpet", false},
        {"no-shutdown", false},
        {"no-reboot", false},
        {"boot", true},
        {"device", true},
        {"drive", true},
        {"hda", true},
        {"hdb", true},
        {"hdc", true},
        {"hdd", true},
        {"cdrom", true},
        {"netdev", true},
        {"nic", true},
        {"net", true},
        {"vnc", true},
        {"k", true},
        {"display", true},
        {"nographic", false},
        {"vga", true},
        {"kernel", true},
        {"initrd", true},
        {"append", true},
        {"bios", true},
        {"S", false},
        {"daemonize", false},
        {"pidfile", true},
        {"D", true},
        {"d", true},
        {"numa", true},
        {"object", true},
        {"qtest", true},
        {"qtest-log", true},
        {"version", false},
        {"h", false},
        {"help", false},
        {"readconfig", true},
        {"writeconfig", true},
        {"dry-run", false},
        {"list-types", false},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const QEMUOption *o = qemu_cmdline_find_option(cases[i].name);

        if (!o) {
            fail_msg("-%s is not in the table", cases[i].name);
        }
        assert_int_equal(o->has_arg, cases[i].has_arg);
        assert_non_null(o->help);
        assert_true(!o->has_arg || o->synopsis);
        assert_true(o->kind == QEMU_OPTION_PARSE ||
                    o->kind == QEMU_OPTION_VALUE ||
                    o->kind == QEMU_OPTION_FLAG || o->handler);
    }
    assert_null(qemu_cmdline_find_option("foo"));
    assert_null(qemu_cmdline_find_option("-m"));
}

static void test_table_groups(void **state)
{
    /* Each option names the list its argument goes to. */
    static const struct {
        const char *name, *group;
        QEMUOptionKind kind;
        const char *key_or_value;
    } cases[] = {
        {"m", "memory", QEMU_OPTION_PARSE, NULL},
        {"smp", "smp-opts", QEMU_OPTION_PARSE, NULL},
        {"boot", "boot-opts", QEMU_OPTION_PARSE, NULL},
        {"machine", "machine", QEMU_OPTION_PARSE, NULL},
        {"kernel", "machine", QEMU_OPTION_VALUE, "kernel"},
        {"initrd", "machine", QEMU_OPTION_VALUE, "initrd"},
        {"append", "machine", QEMU_OPTION_VALUE, "append"},
        {"bios", "machine", QEMU_OPTION_VALUE, "firmware"},
        {"no-hpet", "machine", QEMU_OPTION_FLAG, "hpet=off"},
        {"enable-kvm", "machine", QEMU_OPTION_FLAG, "accel=kvm"},
        {"no-shutdown", "action", QEMU_OPTION_FLAG, "shutdown=pause"},
        {"no-reboot", "action", QEMU_OPTION_FLAG, "reboot=shutdown"},
        {"S", "system", QEMU_OPTION_FLAG, "autostart=off"},
        {"pidfile", "system", QEMU_OPTION_VALUE, "pidfile"},
        {"D", "log", QEMU_OPTION_VALUE, "file"},
        {"qtest", "qtest", QEMU_OPTION_VALUE, "chardev"},
        {"cpu", "cpu", QEMU_OPTION_SPECIAL, NULL},
        {"hda", "drive", QEMU_OPTION_SPECIAL, NULL},
        {"monitor", "mon", QEMU_OPTION_SPECIAL, NULL},
        {"global", "global", QEMU_OPTION_SPECIAL, NULL},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const QEMUOption *o = qemu_cmdline_find_option(cases[i].name);

        assert_non_null(o);
        assert_string_equal(o->group, cases[i].group);
        assert_int_equal(o->kind, cases[i].kind);
        if (cases[i].kind == QEMU_OPTION_VALUE) {
            assert_string_equal(o->key, cases[i].key_or_value);
        } else if (cases[i].kind == QEMU_OPTION_FLAG) {
            assert_string_equal(o->value, cases[i].key_or_value);
        }
        assert_non_null(qemu_find_opts_err(o->group, NULL));
    }
}

static void test_every_option_fills_a_group(void **state)
{
    /* Only meta options and -readconfig/-writeconfig/-set go nowhere. */
    for (const QEMUOption *o = qemu_cmdline_options(); o->name; o++) {
        if (o->kind == QEMU_OPTION_META || !strcmp(o->name, "readconfig") ||
            !strcmp(o->name, "writeconfig") || !strcmp(o->name, "set")) {
            continue;
        }
        if (!o->group || !qemu_find_opts_err(o->group, NULL)) {
            fail_msg("-%s fills no registered group", o->name);
        }
    }
}

/* ---- The seed's command line ---- */

static void test_openstack_machine_cpu(void **state)
{
    QemuOpts *cpu;

    assert_int_equal(run_openstack("/tmp"), CMDLINE_OK);
    assert_opt(find("machine", NULL), "type", "pc-i440fx-trusty");
    assert_opt(find("machine", NULL), "accel", "kvm");
    assert_opt(find("machine", NULL), "usb", "off");
    assert_opt(find("machine", NULL), "hpet", "off");
    /* -enable-kvm is machine accel=kvm in QEMU, not an -accel. */
    assert_int_equal(count_sets("accel"), 0);
    cpu = find("cpu", NULL);
    assert_opt(cpu, "model", "SandyBridge");
    assert_opt(cpu, "erms", "on");
    assert_opt(cpu, "ds_cpl", "on");
    assert_opt(cpu, "vme", "on");
    assert_true(qemu_opt_get_bool(cpu, "pdpe1gb", false));
    assert_opt(find("name", NULL), "guest", "instance-00000024");
}

static void test_openstack_memory_smp(void **state)
{
    QemuOpts *smp;
    uint64_t size = 0;

    assert_int_equal(run_openstack("/tmp"), CMDLINE_OK);
    assert_true(emu_mem_opts_get_size(find("memory", NULL), &size, NULL));
    assert_int_equal(size, 2048ULL * 1024 * 1024);
    smp = find("smp-opts", NULL);
    assert_int_equal(qemu_opt_get_number(smp, "cpus", 0), 1);
    assert_int_equal(qemu_opt_get_number(smp, "sockets", 0), 1);
    assert_int_equal(qemu_opt_get_number(smp, "cores", 0), 1);
    assert_int_equal(qemu_opt_get_number(smp, "threads", 0), 1);
    assert_false(qemu_opt_get_bool(find("realtime", NULL), "mlock", true));
}

static void test_openstack_chardevs(void **state)
{
    QemuOpts *mon;

    assert_int_equal(run_openstack("/var/lib/nova"), CMDLINE_OK);
    assert_int_equal(count_sets("chardev"), 3);
    assert_opt(find("chardev", "charmonitor"), "backend", "socket");
    assert_opt(find("chardev", "charmonitor"), "path",
               "/var/lib/nova/instance-00000024.monitor");
    assert_true(
        qemu_opt_get_bool(find("chardev", "charmonitor"), "server", false));
    assert_false(
        qemu_opt_get_bool(find("chardev", "charmonitor"), "wait", true));
    assert_opt(find("chardev", "charserial0"), "backend", "file");
    assert_opt(find("chardev", "charserial1"), "backend", "pty");
    mon = find("mon", "monitor");
    assert_opt(mon, "chardev", "charmonitor");
    assert_opt(mon, "mode", "control");
    /* server,nowait: QEMU's deprecation warnings, and it works. */
    assert_non_null(strstr(err, "warning: short-form boolean option "
                                "'server' deprecated\n"
                                "Please use server=on instead\n"));
    assert_non_null(strstr(err, "warning: short-form boolean option "
                                "'nowait' deprecated\n"
                                "Please use wait=off instead\n"));
}

static void test_openstack_devices(void **state)
{
    QemuOpts *dev;

    assert_int_equal(run_openstack("/tmp"), CMDLINE_OK);
    assert_int_equal(count_sets("device"), 8);
    dev = find("device", "usb");
    assert_opt(dev, "driver", "piix3-usb-uhci");
    assert_opt(dev, "bus", "pci.0");
    assert_opt(dev, "addr", "0x1.0x2");
    dev = find("device", "virtio-disk0");
    assert_opt(dev, "driver", "virtio-blk-pci");
    assert_opt(dev, "scsi", "off");
    assert_opt(dev, "addr", "0x4");
    assert_opt(dev, "drive", "drive-virtio-disk0");
    assert_opt(dev, "bootindex", "1");
    dev = find("device", "net0");
    assert_opt(dev, "driver", "virtio-net-pci");
    assert_opt(dev, "mac", "fa:16:3e:d1:2d:99");
    assert_opt(find("device", "serial1"), "chardev", "charserial1");
    assert_opt(find("device", "video0"), "driver", "cirrus-vga");
    assert_opt(find("device", "balloon0"), "addr", "0x5");
    /* Order is kept: the first -device is the first set. */
    assert_string_equal(qemu_opts_id(nth("device", 0)), "usb");
    assert_string_equal(qemu_opts_id(nth("device", 7)), "balloon0");
}

static void test_openstack_backends(void **state)
{
    QemuOpts *netdev, *drive;

    assert_int_equal(run_openstack("/var/lib/nova"), CMDLINE_OK);
    netdev = find("netdev", "hostnet0");
    assert_opt(netdev, "type", "tap");
    assert_opt(netdev, "fd", "32");
    assert_opt(netdev, "vhostfd", "37");
    assert_true(qemu_opt_get_bool(netdev, "vhost", false));
    drive = find("drive", "drive-virtio-disk0");
    assert_opt(drive, "file", "/var/lib/nova/disk");
    assert_opt(drive, "if", "none");
    assert_opt(drive, "format", "qcow2");
    assert_opt(drive, "cache", "none");
}

static void test_openstack_misc(void **state)
{
    QemuOpts *sys, *smbios, *global;

    assert_int_equal(run_openstack("/tmp"), CMDLINE_OK);
    sys = find("system", NULL);
    assert_opt(sys, "uuid", "1f8e6f7e-5a70-4780-89c1-464dc0e7f308");
    assert_false(qemu_opt_get_bool(sys, "user-config", true));
    assert_false(qemu_opt_get_bool(sys, "defaults", true));
    assert_opt(sys, "keyboard-layout", "en-us");
    smbios = find("smbios", NULL);
    assert_opt(smbios, "type", "1");
    assert_opt(smbios, "manufacturer", "OpenStack Foundation");
    assert_opt(smbios, "product", "OpenStack Nova");
    assert_opt(smbios, "version", "2014.1");
    assert_opt(find("rtc", NULL), "base", "utc");
    assert_opt(find("rtc", NULL), "driftfix", "slew");
    global = find("global", NULL);
    assert_opt(global, "driver", "kvm-pit");
    assert_opt(global, "property", "lost_tick_policy");
    assert_opt(global, "value", "discard");
    assert_opt(find("action", NULL), "shutdown", "pause");
    assert_true(qemu_opt_get_bool(find("boot-opts", NULL), "strict", false));
    assert_opt(find("vnc", "default"), "vnc", "0.0.0.0:12");
    /* Every option was recorded, in order. */
    assert_string_equal(g_array_index(cl.uses, CmdlineUse, 0).opt->name,
                        "enable-kvm");
    assert_string_equal(
        g_array_index(cl.uses, CmdlineUse, cl.uses->len - 1).opt->name,
        "device");
    assert_int_equal(cl.uses->len, 32);
}

/* ---- QEMU's messages ---- */

static void test_error_size(void **state)
{
    assert_cmdline_error(
        "emu: -m foo: Parameter 'size' expects a non-negative number below "
        "2^64\n"
        "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, "
        "tera-, peta-\n"
        "and exabytes, respectively.\n",
        "-m", "foo");
}

static void test_error_missing_argument(void **state)
{
    assert_cmdline_error("emu: -m: requires an argument\n", "-m");
    assert_cmdline_error("emu: -device: requires an argument\n", "-S",
                         "-device");
    assert_cmdline_error("emu: --hda: requires an argument\n", "--hda");
}

static void test_error_invalid_option(void **state)
{
    assert_cmdline_error("emu: -foo: invalid option\n", "-foo");
    assert_cmdline_error("emu: --: invalid option\n", "--");
    assert_cmdline_error("emu: -: invalid option\n", "-");
    assert_cmdline_error("emu: -writeconfig2: invalid option\n", "-S",
                         "-writeconfig2", "x");
}

static void test_error_invalid_parameter(void **state)
{
    assert_cmdline_error("emu: -name foo=bar: Invalid parameter 'foo'\n",
                         "-name", "foo=bar");
    assert_cmdline_error("emu: -netdev tap,id=n0,vhost=maybe: Parameter "
                         "'vhost' expects 'on' or 'off'\n",
                         "-netdev", "tap,id=n0,vhost=maybe");
}

static void test_error_duplicate_and_bad_id(void **state)
{
    assert_cmdline_error("emu: -chardev null,id=a: Duplicate ID 'a' for "
                         "chardev\n",
                         "-chardev", "null,id=a", "-chardev", "null,id=a");
    emu_option_groups_reset();
    assert_cmdline_error(
        "emu: -chardev socket,id=1bad,path=/tmp/x: Parameter 'id' expects "
        "an identifier\n"
        "Identifiers consist of letters, digits, '-', '.', '_', starting "
        "with a letter.\n",
        "-chardev", "socket,id=1bad,path=/tmp/x");
}

static void test_error_more_messages(void **state)
{
    assert_cmdline_error("emu: -uuid bad: failed to parse UUID string: "
                         "wrong format\n",
                         "-uuid", "bad");
    assert_cmdline_error("emu: -drive file=x,cache=bogus: invalid cache "
                         "option\n",
                         "-drive", "file=x,cache=bogus");
    assert_cmdline_error("emu: -global driver=a,property=b: options "
                         "'driver', 'property', and 'value' are required\n",
                         "-global", "driver=a,property=b");
    assert_cmdline_error("emu: -display vnc: VNC requires a display "
                         "argument vnc=<display>\n",
                         "-display", "vnc");
    assert_cmdline_error("emu: -object memory-backend-ram,size=1G: "
                         "Parameter 'id' is missing\n",
                         "-object", "memory-backend-ram,size=1G");
    assert_cmdline_error("emu: -device {\"driver\":\"e1000\"}: JSON syntax "
                         "for -device is not supported yet\n",
                         "-device", "{\"driver\":\"e1000\"}");
    assert_cmdline_error("emu: -cpu qemu64,model=6: CPU property 'model' "
                         "(the CPUID model number) is not supported yet\n",
                         "-cpu", "qemu64,model=6");
    /* fuzz/regressions/opts/cmdline-cpu-empty: read past the split. */
    assert_cmdline_error("emu: -cpu : -cpu option cannot be empty\n", "-cpu",
                         "");
}

static void test_error_stops_at_first(void **state)
{
    /* The second error is never reached; nothing after it is parsed. */
    assert_cmdline_error("emu: -m foo: Parameter 'size' expects a "
                         "non-negative number below 2^64\n"
                         "Optional suffix k, M, G, T, P or E means kilo-, "
                         "mega-, giga-, tera-, peta-\n"
                         "and exabytes, respectively.\n",
                         "-name", "vm", "-m", "foo", "-bogus", "-smp", "2");
    assert_null(qemu_opts_find(&qemu_smp_opts, NULL));
}

static void test_error_late_reference(void **state)
{
    /* A -mon may come before its -chardev... */
    assert_cmdline_ok("-mon", "chardev=c0,mode=control", "-chardev",
                      "null,id=c0");
    emu_option_groups_reset();
    /* ...but the chardev must exist once everything is parsed. */
    assert_cmdline_error("emu: -mon chardev=c9: chardev \"c9\" not found\n",
                         "-mon", "chardev=c9", "-chardev", "null,id=c0");
}

/* ---- Options that become sets of several groups ---- */

static void test_hda_cdrom_drives(void **state)
{
    QemuOpts *d;

    assert_cmdline_ok("-hda", "a.img", "-hdb", "b.img", "-cdrom", "c.iso",
                      "-fda", "f.img", "d.img");
    assert_int_equal(count_sets("drive"), 5);
    d = nth("drive", 0);
    assert_opt(d, "media", "disk");
    assert_opt(d, "index", "0");
    assert_opt(d, "file", "a.img");
    d = nth("drive", 1);
    assert_opt(d, "index", "1");
    assert_opt(d, "file", "b.img");
    d = nth("drive", 2);
    assert_opt(d, "media", "cdrom");
    assert_opt(d, "index", "2");
    assert_opt(d, "file", "c.iso");
    d = nth("drive", 3);
    assert_opt(d, "if", "floppy");
    assert_opt(d, "index", "0");
    /* A bare argument is -hda. */
    d = nth("drive", 4);
    assert_opt(d, "media", "disk");
    assert_opt(d, "index", "0");
    assert_opt(d, "file", "d.img");
    assert_string_equal(g_array_index(cl.uses, CmdlineUse, 4).opt->name, "hda");
    assert_int_equal(g_array_index(cl.uses, CmdlineUse, 4).index, 9);
}

static void test_global_forms(void **state)
{
    QemuOpts *g;

    assert_cmdline_ok("-global", "kvm-pit.lost_tick_policy=discard", "-global",
                      "driver=isa-fdc,property=driveA,value=", "-global",
                      "e1000.mac=52:54:00:12:34:56");
    assert_int_equal(count_sets("global"), 3);
    g = nth("global", 1);
    assert_opt(g, "driver", "isa-fdc");
    assert_opt(g, "property", "driveA");
    assert_opt(g, "value", "");
    g = nth("global", 2);
    assert_opt(g, "property", "mac");
    assert_opt(g, "value", "52:54:00:12:34:56");
    emu_option_groups_reset();
    assert_cmdline_error(
        "emu: -global foo: warning: short-form boolean option 'foo' "
        "deprecated\n"
        "Please use foo=on instead\n"
        "emu: -global foo: Invalid parameter 'foo'\n",
        "-global", "foo");
}

static void test_cpu_features(void **state)
{
    QemuOpts *cpu;

    assert_cmdline_ok("-cpu", "qemu64,+vmx,-svm,x2apic=off,pmu,tsc-freq=1G,,",
                      "-cpu", "host,-vmx,vmx=on,+vmx,,level=13");
    cpu = find("cpu", NULL);
    /* The second -cpu replaced the first. */
    assert_opt(cpu, "model", "host");
    assert_null(qemu_opt_get(cpu, "svm"));
    /* QEMU's precedence: -feat over +feat over feat=value. */
    assert_opt(cpu, "vmx", "off");
    assert_opt(cpu, "level", "13");
    emu_option_groups_reset();
    assert_cmdline_ok("-cpu", "qemu64,+vmx,-svm,x2apic=off,pmu");
    cpu = find("cpu", NULL);
    assert_opt(cpu, "vmx", "on");
    assert_opt(cpu, "svm", "off");
    assert_opt(cpu, "x2apic", "off");
    assert_opt(cpu, "pmu", "on");
}

static void test_monitor_and_qmp(void **state)
{
    QemuOpts *chr, *mon;

    assert_cmdline_ok("-monitor", "stdio", "-qmp",
                      "tcp:localhost:4444,server=on,wait=off", "-qmp-pretty",
                      "unix:/tmp/q.sock,server=on", "-monitor",
                      "chardev:charmonitor", "-chardev", "null,id=charmonitor");
    chr = find("chardev", "compat_monitor0");
    assert_opt(chr, "backend", "stdio");
    mon = find("mon", "compat_monitor0");
    assert_opt(mon, "mode", "readline");
    assert_opt(mon, "chardev", "compat_monitor0");
    assert_null(qemu_opt_get(mon, "pretty"));
    chr = find("chardev", "compat_monitor1");
    assert_opt(chr, "backend", "socket");
    assert_opt(chr, "host", "localhost");
    assert_opt(chr, "port", "4444");
    assert_opt(chr, "server", "on");
    mon = find("mon", "compat_monitor1");
    assert_opt(mon, "mode", "control");
    assert_opt(mon, "pretty", "off");
    assert_opt(find("chardev", "compat_monitor2"), "path", "/tmp/q.sock");
    assert_opt(find("mon", "compat_monitor2"), "pretty", "on");
    assert_opt(find("mon", "charmonitor"), "chardev", "charmonitor");
    emu_option_groups_reset();
    assert_cmdline_ok("-monitor", "none");
    assert_opt(find("system", NULL), "default-monitor", "off");
    assert_int_equal(count_sets("mon"), 0);
}

static void test_monitor_errors(void **state)
{
    assert_cmdline_error("emu: -monitor help: 'help' is not a valid char "
                         "driver\n"
                         "emu: -monitor help: parse error: help\n",
                         "-monitor", "help");
    assert_cmdline_error("emu: -qmp tcp:foo: parse error: tcp:foo\n", "-qmp",
                         "tcp:foo");
    assert_cmdline_error("emu: -serial help: 'help' is not a valid char "
                         "driver\n"
                         "emu: -serial help: could not connect serial "
                         "device to character backend 'help'\n",
                         "-serial", "help");
}

static void test_chr_parse_compat(void **state)
{
    static const struct {
        const char *spec, *backend, *key, *value;
    } cases[] = {
        {"null", "null", NULL, NULL},
        {"pty", "pty", NULL, NULL},
        {"vc:80Cx25C", "vc", "cols", "80"},
        {"vc:640x480", "vc", "height", "480"},
        {"file:/tmp/log", "file", "path", "/tmp/log"},
        {"pipe:/tmp/fifo", "pipe", "path", "/tmp/fifo"},
        {"telnet::4444,server=on", "socket", "telnet", "on"},
        {"tcp::4444", "socket", "host", ""},
        {"udp:1.2.3.4:5@:6", "udp", "localport", "6"},
        {"unix:/tmp/s,server=on", "socket", "path", "/tmp/s"},
        {"/dev/ttyS0", "serial", "path", "/dev/ttyS0"},
        {"/dev/parport0", "parallel", "path", "/dev/parport0"},
        {"mon:stdio", "stdio", "signal", "off"},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *label = g_strdup_printf("c%zu", i);
        QemuOpts *opts =
            qemu_chr_parse_compat(label, cases[i].spec, true, NULL);

        if (!opts) {
            fail_msg("%s does not parse", cases[i].spec);
        }
        assert_opt(opts, "backend", cases[i].backend);
        if (cases[i].key) {
            assert_opt(opts, cases[i].key, cases[i].value);
        }
        assert_true(emu_opts_check(opts, NULL));
    }
    assert_opt(find("chardev", "c12"), "mux", "on");
    assert_null(qemu_chr_parse_compat("x", "vc:axb", true, NULL));
    assert_null(qemu_chr_parse_compat("x", "udp:nope", true, NULL));
}

static void test_serial_parallel_qtest(void **state)
{
    assert_cmdline_ok("-serial", "mon:stdio", "-serial", "none", "-parallel",
                      "/dev/parport0", "-debugcon", "file:/tmp/dbg", "-qtest",
                      "unix:/tmp/qt", "-qtest-log", "/dev/null");
    assert_int_equal(count_sets("serial"), 2);
    assert_opt(nth("serial", 0), "dev", "mon:stdio");
    assert_opt(nth("serial", 1), "dev", "none");
    assert_opt(nth("parallel", 0), "dev", "/dev/parport0");
    assert_opt(nth("debugcon", 0), "dev", "file:/tmp/dbg");
    assert_opt(find("qtest", NULL), "chardev", "unix:/tmp/qt");
    assert_opt(find("qtest", NULL), "log", "/dev/null");
    /* The check made no chardev. */
    assert_int_equal(count_sets("chardev"), 0);
}

static void test_vnc_display_nographic(void **state)
{
    assert_cmdline_ok("-vnc", ":1", "-vnc", ":2,id=second", "-vnc", ":3",
                      "-display", "vnc=:4,to=10");
    assert_opt(find("vnc", "default"), "vnc", ":1");
    assert_opt(find("vnc", "second"), "vnc", ":2");
    assert_opt(find("vnc", "vnc2"), "vnc", ":3");
    assert_opt(find("vnc", "vnc3"), "to", "10");
    emu_option_groups_reset();
    assert_cmdline_ok("-display", "sdl", "-display", "gtk,full-screen=on");
    assert_opt(find("display", NULL), "type", "gtk");
    assert_null(qemu_opt_get(find("display", NULL), "gl"));
    emu_option_groups_reset();
    assert_cmdline_ok("-display", "gtk", "-nographic");
    assert_opt(find("display", NULL), "type", "none");
    assert_opt(find("machine", NULL), "graphics", "off");
    assert_opt(find("system", NULL), "nographic", "on");
}

static void test_value_and_flag_options(void **state)
{
    QemuOpts *m;

    assert_cmdline_ok("-kernel", "a", "-kernel", "bzImage", "-append",
                      "console=ttyS0,115200 root=/dev/sda", "-initrd", "rd",
                      "-bios", "bios.bin", "-no-acpi", "-usb", "-S",
                      "-daemonize", "-pidfile", "/run/p", "-no-reboot",
                      "-watchdog-action", "pause", "-snapshot", "-vga", "std",
                      "-D", "/tmp/log", "-d", "int,guest_errors");
    m = find("machine", NULL);
    /* The last -kernel wins, and only it is kept. */
    assert_opt(m, "kernel", "bzImage");
    assert_int_equal(qemu_opt_unset(m, "kernel"), 1);
    assert_opt(m, "append", "console=ttyS0,115200 root=/dev/sda");
    assert_opt(m, "initrd", "rd");
    assert_opt(m, "firmware", "bios.bin");
    assert_opt(m, "acpi", "off");
    assert_opt(m, "usb", "on");
    assert_opt(find("system", NULL), "autostart", "off");
    assert_opt(find("system", NULL), "daemonize", "on");
    assert_opt(find("system", NULL), "pidfile", "/run/p");
    assert_opt(find("system", NULL), "snapshot", "on");
    assert_opt(find("system", NULL), "vga", "std");
    assert_opt(find("action", NULL), "reboot", "shutdown");
    assert_opt(find("action", NULL), "watchdog", "pause");
    assert_opt(find("log", NULL), "file", "/tmp/log");
    assert_opt(find("log", NULL), "items", "int,guest_errors");
}

static void test_accel_and_realtime(void **state)
{
    assert_cmdline_ok("-enable-kvm", "-accel", "kvm", "-accel",
                      "tcg,thread=multi", "-realtime", "mlock=on",
                      "-overcommit", "mem-lock=off");
    assert_int_equal(count_sets("accel"), 2);
    assert_opt(nth("accel", 0), "accel", "kvm");
    assert_opt(nth("accel", 1), "accel", "tcg");
    assert_opt(nth("accel", 1), "thread", "multi");
    /* As QEMU 7.2: -enable-kvm sets -machine accel=kvm. */
    assert_opt(find("machine", NULL), "accel", "kvm");
    assert_opt(find("realtime", NULL), "mlock", "on");
    assert_string_equal(err, "emu: -realtime mlock=on: warning: -realtime is "
                             "deprecated (QEMU 6.0 removed it); use "
                             "-overcommit mem-lock=on|off\n");
}

static void test_dash_dash_and_uses(void **state)
{
    assert_cmdline_ok("--m", "64", "--nodefaults", "--dry-run");
    assert_int_equal(qemu_opt_get_size(find("memory", NULL), "size", 0), 64);
    assert_true(cl.dry_run);
    assert_int_equal(cl.uses->len, 3);
    assert_int_equal(g_array_index(cl.uses, CmdlineUse, 0).index, 1);
    assert_string_equal(g_array_index(cl.uses, CmdlineUse, 0).arg, "64");
    assert_int_equal(g_array_index(cl.uses, CmdlineUse, 1).index, 3);
    assert_null(g_array_index(cl.uses, CmdlineUse, 1).arg);
}

static void test_chardev_alias_warning(void **state)
{
    assert_cmdline_ok("-chardev", "tty,id=t,path=/dev/ttyS0");
    assert_string_equal(err, "emu: -chardev tty,id=t,path=/dev/ttyS0: "
                             "warning: The alias 'tty' is deprecated, use "
                             "'serial' instead\n");
}

/* ---- Help ---- */

static void test_help_qom_is_handed_back(void **state)
{
    static const struct {
        const char *opt, *arg, *group;
    } cases[] = {
        {"-machine", "help", "machine"},
        {"-M", "pc,help", "machine"},
        {"-cpu", "help", "cpu"},
        {"-device", "help", "device"},
        {"-device", "e1000,help", "device"},
        {"-accel", "help", "accel"},
        {"-object", "help", "object"},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        assert_int_equal(run("-S", cases[i].opt, cases[i].arg), CMDLINE_HELP);
        assert_string_equal(cl.help_opt->group, cases[i].group);
        assert_string_equal(cl.help_arg, cases[i].arg);
        assert_int_equal(cl.help_index, 2);
        assert_string_equal(out, "");
    }
}

static void test_help_printed(void **state)
{
    assert_int_equal(run("-chardev", "help"), CMDLINE_DONE);
    assert_true(g_str_has_prefix(out, "Available chardev backend types: \n"
                                      "  null\n"));
    assert_int_equal(run("-chardev", "socket,help"), CMDLINE_DONE);
    assert_true(g_str_has_prefix(out, "chardev options:\n"
                                      "  abstract=<bool (on/off)>\n"));
    assert_int_equal(run("-netdev", "help"), CMDLINE_DONE);
    assert_true(g_str_has_prefix(out, "Available netdev backend types:\n"));
    assert_int_equal(run("-smp", "help"), CMDLINE_DONE);
    assert_string_equal(out, "smp-opts options:\n  clusters=<num>\n"
                             "  cores=<num>\n  cpus=<num>\n  dies=<num>\n"
                             "  maxcpus=<num>\n  sockets=<num>\n"
                             "  threads=<num>\n");
    assert_int_equal(run("-m", "help"), CMDLINE_DONE);
    assert_string_equal(out, "memory options:\n  maxmem=<size>\n"
                             "  size=<size>\n  slots=<num>\n");
    assert_int_equal(run("-d", "help"), CMDLINE_DONE);
    assert_true(g_str_has_prefix(out, "Log items (comma separated):\n"));
    assert_int_equal(run("-vga", "help"), CMDLINE_DONE);
    assert_int_equal(run("-rtc", "help"), CMDLINE_DONE);
    assert_string_equal(out, "rtc options:\n  base=<str>\n  clock=<str>\n"
                             "  driftfix=<str>\n");
    assert_string_equal(err, "");
}

static void test_bad_log_items(void **state)
{
    /* QEMU 7.2 prints the item list, and fails, without a message. */
    assert_int_equal(run("-d", "int,foo"), CMDLINE_ERROR);
    assert_true(g_str_has_prefix(out, "Log items (comma separated):\n"));
    assert_string_equal(err, "");
}

static void test_meta_options(void **state)
{
    assert_int_equal(run("-version", "-foo"), CMDLINE_VERSION);
    assert_int_equal(run("--version"), CMDLINE_VERSION);
    assert_int_equal(run("-h"), CMDLINE_USAGE);
    assert_int_equal(run("-help"), CMDLINE_USAGE);
    assert_int_equal(run("-list-types"), CMDLINE_LIST_TYPES);
    assert_int_equal(run("-S", "-writeconfig", "-"), CMDLINE_OK);
    assert_string_equal(cl.writeconfig, "-");
    assert_int_equal(cl.writeconfig_index, 2);
}

static void test_usage_layout(void **state)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    qemu_cmdline_print_usage(f);
    fclose(f);
    assert_non_null(strstr(buf, "\nStandard options:\n"
                                "-h or -help     print this help and exit\n"
                                "-version        print the version and "
                                "exit\n"
                                "-machine [type=]name[,prop[=value][,...]]\n"
                                "                choose the machine type"));
    assert_non_null(strstr(buf, "\nBlock device options:\n"));
    assert_non_null(strstr(buf, "\n-hda file       hard disk 0 image"));
    assert_non_null(strstr(buf, "\nDebug/Expert options:\n"));
    assert_non_null(strstr(buf, "\n-S              do not start the CPUs"));
    assert_non_null(strstr(buf, "\n--dry-run       parse and check"));
    /* Every option but -help (shown with -h) is listed. */
    for (const QEMUOption *o = qemu_cmdline_options(); o->name; o++) {
        g_autofree char *needle =
            g_strdup_printf("\n-%s%s", o->name, o->has_arg ? " " : "");

        if (strcmp(o->name, "help") && strcmp(o->name, "h") &&
            strcmp(o->name, "dry-run") && strcmp(o->name, "list-types") &&
            !strstr(buf, needle)) {
            fail_msg("-%s is not in the usage", o->name);
        }
    }
    free(buf);
}

/* ---- -readconfig / -writeconfig / -set ---- */

static void test_readconfig_writeconfig_round_trip(void **state)
{
    g_autofree char *path = g_strdup("/tmp/test-cmdline-XXXXXX");
    g_autofree char *first = NULL, *second = NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *f;
    int fd = g_mkstemp(path);

    assert_true(fd >= 0);
    assert_int_equal(run_openstack("/tmp"), CMDLINE_OK);
    f = fdopen(fd, "w");
    qemu_config_write(f);
    fclose(f);
    f = open_memstream(&buf, &len);
    qemu_config_write(f);
    fclose(f);
    first = buf;

    emu_option_groups_reset();
    qemu_cmdline_destroy(&cl);
    qemu_cmdline_init(&cl);
    assert_cmdline_ok("-readconfig", path);
    buf = NULL;
    f = open_memstream(&buf, &len);
    qemu_config_write(f);
    fclose(f);
    second = buf;
    assert_string_equal(first, second);
    assert_string_equal(g_array_index(cl.uses, CmdlineUse, 0).readconfig_group,
                        "machine");
    unlink(path);
}

static void test_readconfig_checks_and_errors(void **state)
{
    g_autofree char *path = g_strdup("/tmp/test-cmdline-XXXXXX");
    g_autofree char *expected = NULL;
    int fd = g_mkstemp(path);
    FILE *f = fdopen(fd, "w");

    /* A set from a file passes the same checks; the location is the
     * line of its section. */
    fputs("[netdev \"n0\"]\n  type = \"tap\"\n  vhost = \"maybe\"\n", f);
    fclose(f);
    assert_int_equal(run("-readconfig", path), CMDLINE_ERROR);
    expected = g_strdup_printf("emu: %s:1: Parameter 'vhost' expects 'on' or "
                               "'off'\n",
                               path);
    assert_string_equal(err, expected);
    unlink(path);
}

/* In a child: parse "emu -readconfig FILE"; exit 1 on CMDLINE_ERROR. */
static void readconfig_child(void *file)
{
    char *argv[] = {"emu", "-readconfig", file, NULL};

    qemu_cmdline_init(&cl);
    if (qemu_cmdline_parse(&cl, 3, argv) == CMDLINE_ERROR) {
        exit(1);
    }
}

static void test_readconfig_file_errors(void **state)
{
    g_autofree char *path = g_strdup("/tmp/test-cmdline-XXXXXX");
    g_autofree char *expected = NULL;
    int fd = g_mkstemp(path);
    FILE *f = fdopen(fd, "w");
    ChildResult r;

    /* As QEMU: "emu: -readconfig FILE: ..." or "emu: FILE:LINE: ...". */
    r = run_in_child(readconfig_child, "/nonexistent/x.cfg");
    assert_true(r.exited);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.err, "emu: -readconfig /nonexistent/x.cfg: Could "
                               "not open '/nonexistent/x.cfg': No such file "
                               "or directory\n");
    g_free(r.err);
    fputs("# comment\n[bogus]\n  a = \"b\"\n", f);
    fclose(f);
    r = run_in_child(readconfig_child, path);
    expected = g_strdup_printf("emu: %s:2: There is no option group "
                               "'bogus'\n",
                               path);
    assert_true(r.exited);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.err, expected);
    g_free(r.err);
    unlink(path);
}

static void test_set_option(void **state)
{
    assert_cmdline_ok("-drive", "file=a,id=d0", "-set", "drive.d0.file=b");
    assert_opt(find("drive", "d0"), "file", "b");
    emu_option_groups_reset();
    assert_cmdline_error("emu: -set drive.d9.file=b: there is no drive "
                         "\"d9\" defined\n",
                         "-set", "drive.d9.file=b");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_table_options),
        T(test_table_groups),
        T(test_every_option_fills_a_group),
        T(test_openstack_machine_cpu),
        T(test_openstack_memory_smp),
        T(test_openstack_chardevs),
        T(test_openstack_devices),
        T(test_openstack_backends),
        T(test_openstack_misc),
        T(test_error_size),
        T(test_error_missing_argument),
        T(test_error_invalid_option),
        T(test_error_invalid_parameter),
        T(test_error_duplicate_and_bad_id),
        T(test_error_more_messages),
        T(test_error_stops_at_first),
        T(test_error_late_reference),
        T(test_hda_cdrom_drives),
        T(test_global_forms),
        T(test_cpu_features),
        T(test_monitor_and_qmp),
        T(test_monitor_errors),
        T(test_chr_parse_compat),
        T(test_serial_parallel_qtest),
        T(test_vnc_display_nographic),
        T(test_value_and_flag_options),
        T(test_accel_and_realtime),
        T(test_dash_dash_and_uses),
        T(test_chardev_alias_warning),
        T(test_help_qom_is_handed_back),
        T(test_help_printed),
        T(test_bad_log_items),
        T(test_meta_options),
        T(test_usage_layout),
        T(test_readconfig_writeconfig_round_trip),
        T(test_readconfig_checks_and_errors),
        T(test_readconfig_file_errors),
        T(test_set_option),
    };
#undef T

    return cmocka_run_group_tests(tests, NULL, NULL);
}
