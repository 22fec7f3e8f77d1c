/*
 * The option groups: names, implied keys, merge rules and key types as
 * QEMU 7.2 has them, emu's own groups, and the checks of
 * emu_opts_check() with QEMU's messages (compared with
 * qemu-system-x86_64 7.2 when they were written).
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

#include "opts/option-groups.h"
#include "util/error-report.h"
#include "util/error.h"

/* ---- Helpers ---- */

static int setup(void **state)
{
    emu_register_option_groups();
    emu_option_groups_reset();
    return 0;
}

static QemuOptsList *list(const char *group)
{
    QemuOptsList *l = qemu_find_opts_err(group, NULL);

    assert_non_null(l);
    return l;
}

/* Parse params into group and check the set; NULL + *msg on error. */
static QemuOpts *parse(const char *group, const char *params, char **msg)
{
    Error *err = NULL;
    QemuOpts *opts = qemu_opts_parse(list(group), params, true, &err);

    if (opts && !emu_opts_check(opts, &err)) {
        if (!qemu_opts_list(opts)->merge_lists) {
            qemu_opts_del(opts);
        }
        opts = NULL;
    }
    if (msg) {
        *msg = err ? g_strdup(error_get_pretty(err)) : NULL;
    }
    if (err) {
        error_free(err);
    }
    return opts;
}

/* The message of the error parse() reports for params. */
static char *parse_error(const char *group, const char *params)
{
    char *msg = NULL;

    assert_null(parse(group, params, &msg));
    assert_non_null(msg);
    return msg;
}

#define assert_parse_error(group, params, expected)                            \
    do {                                                                       \
        g_autofree char *m_ = parse_error((group), (params));                  \
        assert_string_equal(m_, (expected));                                   \
    } while (0)

#define assert_parses(group, params)                                           \
    do {                                                                       \
        g_autofree char *m_ = NULL;                                            \
        if (!parse((group), (params), &m_)) {                                  \
            fail_msg("%s %s: %s", (group), (params), m_);                      \
        }                                                                      \
    } while (0)

/* What fn(arg) prints on stdout. */
static char *capture_stdout(bool (*fn)(const char *), const char *arg,
                            bool *ret)
{
    FILE *tmp = tmpfile();
    int saved;
    GString *out = g_string_new(NULL);
    char buf[512];
    size_t n;

    assert_non_null(tmp);
    fflush(stdout);
    saved = dup(STDOUT_FILENO);
    dup2(fileno(tmp), STDOUT_FILENO);
    *ret = fn(arg);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    rewind(tmp);
    while ((n = fread(buf, 1, sizeof(buf), tmp)) > 0) {
        g_string_append_len(out, buf, n);
    }
    fclose(tmp);
    return g_string_free(out, false);
}

/* ---- The groups ---- */

static void test_group_names(void **state)
{
    /* The names QEMU's -readconfig/-writeconfig use. */
    static const char *const names[] = {
        "drive",
        "chardev",
        "device",
        "netdev",
        "nic",
        "net",
        "rtc",
        "machine",
        "accel",
        "memory",
        "smp-opts",
        "boot-opts",
        "name",
        "numa",
        "mon",
        "global",
        "object",
        "smbios",
        "overcommit",
        "realtime",
        "vnc",
        "action",
        /* emu's own */
        "cpu",
        "system",
        "display",
        "serial",
        "parallel",
        "debugcon",
        "qtest",
        "log",
        NULL,
    };
    QemuOptsList *const *all = emu_option_groups();
    size_t n = 0;

    for (const char *const *name = names; *name; name++) {
        assert_string_equal(list(*name)->name, *name);
        n++;
    }
    while (all[0]) {
        all++;
        n--;
    }
    assert_int_equal(n, 0);
    assert_ptr_equal(list("memory"), &qemu_mem_opts);
    assert_ptr_equal(list("smp-opts"), &qemu_smp_opts);
    assert_ptr_equal(list("boot-opts"), &qemu_boot_opts);
}

static void test_implied_keys(void **state)
{
    static const struct {
        const char *group, *implied;
    } cases[] = {
        {"machine", "type"},  {"device", "driver"},   {"netdev", "type"},
        {"nic", "type"},      {"net", "type"},        {"chardev", "backend"},
        {"memory", "size"},   {"smp-opts", "cpus"},   {"boot-opts", "order"},
        {"name", "guest"},    {"numa", "type"},       {"mon", "chardev"},
        {"accel", "accel"},   {"object", "qom-type"}, {"vnc", "vnc"},
        {"cpu", "model"},     {"display", "type"},    {"drive", NULL},
        {"global", NULL},     {"smbios", NULL},       {"rtc", NULL},
        {"overcommit", NULL}, {"realtime", NULL},     {"action", NULL},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const char *got = list(cases[i].group)->implied_opt_name;

        if (cases[i].implied) {
            assert_non_null(got);
            assert_string_equal(got, cases[i].implied);
        } else {
            assert_null(got);
        }
    }
    /* The seed's spellings. */
    assert_string_equal(
        qemu_opt_get(parse("machine", "pc-i440fx-trusty,accel=kvm", NULL),
                     "type"),
        "pc-i440fx-trusty");
    assert_string_equal(
        qemu_opt_get(parse("device", "virtio-blk-pci,scsi=off", NULL),
                     "driver"),
        "virtio-blk-pci");
    assert_string_equal(
        qemu_opt_get(parse("netdev", "tap,fd=32,id=n", NULL), "type"), "tap");
}

static void test_merge_lists(void **state)
{
    static const char *const merged[] = {
        "machine", "memory",   "smp-opts", "boot-opts", "name",
        "rtc",     "realtime", "action",   "cpu",       "system",
        "display", "qtest",    "log",      NULL,
    };
    static const char *const separate[] = {
        "drive",  "chardev", "device", "netdev", "nic", "net",    "numa", "mon",
        "global", "object",  "smbios", "accel",  "vnc", "serial", NULL,
    };
    QemuOpts *a, *b;

    for (const char *const *g = merged; *g; g++) {
        assert_true(list(*g)->merge_lists);
    }
    for (const char *const *g = separate; *g; g++) {
        assert_false(list(*g)->merge_lists);
    }
    a = parse("machine", "pc", NULL);
    b = parse("machine", "accel=kvm", NULL);
    assert_ptr_equal(a, b);
    assert_string_equal(qemu_opt_get(a, "type"), "pc");
    assert_string_equal(qemu_opt_get(a, "accel"), "kvm");
}

static void test_memory_keys(void **state)
{
    QemuOpts *opts = parse("memory", "2G,slots=4,maxmem=8G", NULL);

    assert_non_null(opts);
    assert_int_equal(qemu_opt_get_size(opts, "size", 0), 2ULL << 30);
    assert_int_equal(qemu_opt_get_number(opts, "slots", 0), 4);
    assert_int_equal(qemu_opt_get_size(opts, "maxmem", 0), 8ULL << 30);
    assert_parse_error("memory", "size=1G,slots=foo",
                       "Parameter 'slots' expects a number");
    assert_parse_error(
        "memory", "1G,maxmem=xx",
        "Parameter 'maxmem' expects a non-negative number below 2^64");
    assert_parse_error("memory", "foo",
                       "Parameter 'size' expects a non-negative number "
                       "below 2^64");
    assert_parse_error("memory", "1G,bogus=1", "Invalid parameter 'bogus'");
}

static void test_mem_size_rule(void **state)
{
    static const struct {
        const char *arg;
        uint64_t bytes;
    } cases[] = {
        {"2048", 2048ULL << 20}, {"2G", 2ULL << 30},    {"512M", 512ULL << 20},
        {"1024k", 1ULL << 20},   {"0x10", 16ULL << 20}, {"1.5G", 3ULL << 29},
        {"4096B", 4096},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        QemuOpts *opts;
        uint64_t size = 0;

        emu_option_groups_reset();
        opts = parse("memory", cases[i].arg, NULL);
        assert_non_null(opts);
        assert_true(emu_mem_opts_get_size(opts, &size, NULL));
        assert_int_equal(size, cases[i].bytes);
    }
}

static void test_mem_size_errors(void **state)
{
    Error *err = NULL;
    QemuOpts *opts;
    uint64_t size = 7;

    /* No size: left alone. */
    opts = parse("memory", "slots=2", NULL);
    assert_true(emu_mem_opts_get_size(opts, &size, NULL));
    assert_int_equal(size, 7);
    /* Beyond 2^64 once counted in MiB. */
    emu_option_groups_reset();
    assert_parse_error("memory", "17592186044416",
                       "too large 'size' option value");
    /* "size=" never gets past the list's desc[]; a desc-less set can. */
    opts = qemu_opts_create(&qemu_device_opts, NULL, 0, NULL);
    qemu_opt_set(opts, "size", "", NULL);
    assert_false(emu_mem_opts_get_size(opts, &size, &err));
    assert_string_equal(error_get_pretty(err), "missing 'size' option value");
    error_free(err);
}

static void test_smp_keys(void **state)
{
    QemuOpts *opts = parse("smp-opts",
                           "4,sockets=2,dies=1,clusters=1,cores=2,threads=1,"
                           "maxcpus=8",
                           NULL);

    assert_non_null(opts);
    assert_int_equal(qemu_opt_get_number(opts, "cpus", 0), 4);
    assert_int_equal(qemu_opt_get_number(opts, "sockets", 0), 2);
    assert_int_equal(qemu_opt_get_number(opts, "cores", 0), 2);
    assert_int_equal(qemu_opt_get_number(opts, "maxcpus", 0), 8);
    assert_parse_error("smp-opts", "2,cores=x",
                       "Parameter 'cores' expects a number");
    assert_parse_error("smp-opts", "2,books=1", "Invalid parameter 'books'");
}

static void test_boot_keys(void **state)
{
    QemuOpts *opts = parse("boot-opts",
                           "cd,once=n,menu=on,splash-time=500,"
                           "reboot-timeout=1000,strict=on",
                           NULL);

    assert_non_null(opts);
    assert_string_equal(qemu_opt_get(opts, "order"), "cd");
    assert_true(qemu_opt_get_bool(opts, "menu", false));
    assert_true(qemu_opt_get_bool(opts, "strict", false));
    assert_int_equal(qemu_opt_get_number(opts, "splash-time", 0), 500);
    assert_parse_error("boot-opts", "menu=maybe",
                       "Parameter 'menu' expects 'on' or 'off'");
    emu_option_groups_reset();
    assert_parse_error("boot-opts", "order=z", "Invalid boot device 'z'");
    emu_option_groups_reset();
    assert_parse_error("boot-opts", "order=cc",
                       "Boot device 'c' was given twice");
}

static void test_name_keys(void **state)
{
    QemuOpts *opts =
        parse("name", "vm1,process=emu-vm1,debug-threads=on", NULL);

    assert_string_equal(qemu_opt_get(opts, "guest"), "vm1");
    assert_string_equal(qemu_opt_get(opts, "process"), "emu-vm1");
    assert_true(qemu_opt_get_bool(opts, "debug-threads", false));
    assert_parse_error("name", "foo=bar", "Invalid parameter 'foo'");
    assert_parse_error("name", "foo,debug-threads=maybe",
                       "Parameter 'debug-threads' expects 'on' or 'off'");
}

static void test_rtc(void **state)
{
    assert_parses("rtc", "base=utc,driftfix=slew");
    assert_parses("rtc", "base=localtime,clock=vm");
    assert_parses("rtc", "base=2006-06-17T16:01:21");
    assert_parses("rtc", "base=2006-06-17,clock=rt,driftfix=none");
    emu_option_groups_reset();
    assert_parse_error("rtc", "base=bogus", "invalid datetime format");
    emu_option_groups_reset();
    assert_parse_error("rtc", "clock=bogus", "invalid option value 'bogus'");
    emu_option_groups_reset();
    assert_parse_error("rtc", "driftfix=x", "invalid option value 'x'");
    assert_parse_error("rtc", "base=utc,foo=1", "Invalid parameter 'foo'");
}

static void test_chardev_keys(void **state)
{
    QemuOpts *opts = parse("chardev",
                           "socket,id=c,host=localhost,port=4444,server=on,"
                           "wait=off,reconnect=5,logfile=/tmp/l",
                           NULL);

    assert_non_null(opts);
    assert_string_equal(qemu_opts_id(opts), "c");
    assert_string_equal(qemu_opt_get(opts, "backend"), "socket");
    assert_true(qemu_opt_get_bool(opts, "server", false));
    assert_false(qemu_opt_get_bool(opts, "wait", true));
    assert_int_equal(qemu_opt_get_number(opts, "reconnect", 0), 5);
    opts = parse("chardev", "ringbuf,id=r,size=64K", NULL);
    assert_int_equal(qemu_opt_get_size(opts, "size", 0), 64 * 1024);
    assert_parse_error("chardev", "pty,id=a,mux=maybe",
                       "Parameter 'mux' expects 'on' or 'off'");
    assert_parse_error("chardev", "stdio,id=b,foo=bar",
                       "Invalid parameter 'foo'");
    assert_parse_error("chardev", "ringbuf,id=d,size=x",
                       "Parameter 'size' expects a non-negative number "
                       "below 2^64");
}

static void test_chardev_checks(void **state)
{
    assert_parse_error("chardev", "id=x", "chardev: \"x\" missing backend");
    assert_parse_error("chardev", "null", "chardev: no id specified");
    assert_parse_error("chardev", "bogus,id=x",
                       "'bogus' is not a valid char driver name");
    assert_parse_error("chardev", "file,id=x",
                       "chardev: file: no filename given");
    assert_parse_error("chardev", "pipe,id=x",
                       "chardev: pipe: no device path given");
    assert_parse_error("chardev", "serial,id=x",
                       "chardev: serial/tty: no device path given");
    assert_parse_error("chardev", "parallel,id=x",
                       "chardev: parallel: no device path given");
    assert_parse_error("chardev", "udp,id=x",
                       "chardev: udp: remote port not specified");
    assert_parse_error("chardev", "socket,id=x,host=localhost",
                       "chardev: socket: no port given");
    assert_parse_error("chardev", "socket,id=x", "Unable to parse FD number ");
    assert_parse_error("chardev", "socket,id=x,fd=3,path=/tmp/a",
                       "None or one of 'path', 'fd' or 'host' option "
                       "required.");
    for (const char *const *b = emu_chardev_backends(); *b; b++) {
        g_autofree char *p =
            g_strdup_printf("%s,id=ok-%s,path=/p,port=1", *b, *b);

        if (!strcmp(*b, "socket")) {
            continue; /* path and port exclude each other */
        }
        assert_parses("chardev", p);
    }
}

static void test_netdev(void **state)
{
    QemuOpts *opts = parse("netdev",
                           "tap,fd=32,id=hostnet0,vhost=on,"
                           "vhostfd=37",
                           NULL);

    assert_non_null(opts);
    assert_string_equal(qemu_opts_id(opts), "hostnet0");
    assert_string_equal(qemu_opt_get(opts, "fd"), "32");
    assert_true(qemu_opt_get_bool(opts, "vhost", false));
    assert_string_equal(qemu_opt_get(opts, "vhostfd"), "37");
    assert_parses("netdev", "user,id=u,hostfwd=tcp::2222-:22,ipv6=off");
    assert_parses("netdev", "socket,id=s,listen=:1234");
    assert_parse_error("netdev", "tap", "Parameter 'id' is missing");
    assert_parse_error("netdev", "id=x", "Parameter 'type' is missing");
    assert_parse_error("netdev", "bogus,id=x",
                       "Parameter 'type' does not accept value 'bogus'");
    assert_parse_error("netdev", "tap,id=n0,vhost=maybe",
                       "Parameter 'vhost' expects 'on' or 'off'");
    assert_parse_error("netdev", "tap,id=x,foo=bar", "Invalid parameter 'foo'");
    assert_parse_error("netdev", "tap,id=x,sndbuf=x",
                       "Parameter 'sndbuf' expects a size value");
    assert_parse_error("netdev", "tap,id=x,queues=x",
                       "Parameter 'queues' expects a uint64 value");
    assert_parse_error("netdev", "user,id=x,ipv6-prefixlen=foo",
                       "Parameter 'ipv6-prefixlen' expects an int64 value");
    assert_parse_error("netdev", "tap,id=1x",
                       "Parameter 'id' expects an identifier");
}

static void test_nic_and_net(void **state)
{
    assert_parses("nic", "user,model=virtio,mac=52:54:00:12:34:56");
    assert_parses("nic", "none");
    assert_parses("net", "nic,model=e1000,macaddr=52:54:00:12:34:56");
    assert_parses("net", "tap,ifname=tap0,script=no,downscript=no");
    assert_parses("net", "user,name=u0");
    assert_parse_error("nic", "bogus",
                       "Parameter 'type' does not accept value 'bogus'");
    assert_parse_error("nic", "tap,foo=bar", "Invalid parameter 'foo'");
    assert_parse_error("net", "nic,foo=bar", "Invalid parameter 'foo'");
    assert_parse_error("net", "nic,vectors=x",
                       "Parameter 'vectors' expects a uint64 value");
}

static void test_numa(void **state)
{
    assert_parses("numa", "node,nodeid=0,cpus=0-1,mem=1G");
    assert_parses("numa", "node,memdev=m0,initiator=0");
    assert_parses("numa", "dist,src=0,dst=1,val=20");
    assert_parses("numa", "cpu,node-id=0,socket-id=0");
    assert_parse_error("numa", "foo",
                       "Parameter 'type' does not accept value 'foo'");
    assert_parse_error("numa", "node,mem=x",
                       "Parameter 'mem' expects a size value");
    assert_parse_error("numa", "node,nodeid=foo",
                       "Parameter 'nodeid' expects a uint64 value");
    assert_parse_error("numa", "node,cpus=x",
                       "Parameter 'cpus' expects a uint64 value or range");
    assert_parse_error("numa", "node,foo=bar", "Invalid parameter 'foo'");
}

static void test_smbios(void **state)
{
    static const char *const good[] = {
        "type=0,vendor=emu,version=1,date=01/01/2024,release=1.0,uefi=on",
        "type=1,manufacturer=OpenStack Foundation,product=OpenStack Nova,"
        "version=2014.1,serial=80590690,uuid=1f8e6f7e-5a70-4780-89c1-"
        "464dc0e7f308,sku=s,family=f",
        "type=2,manufacturer=m,product=p,version=v,serial=s,asset=a,"
        "location=l",
        "type=3,manufacturer=m,version=v,serial=s,asset=a,sku=k",
        "type=4,sock_pfx=CPU,manufacturer=m,max-speed=3000,"
        "current-speed=2000",
        "type=11,value=hello,value=world",
        "type=17,loc_pfx=DIMM,bank=b,speed=1600",
        NULL,
    };

    for (const char *const *g = good; *g; g++) {
        assert_parses("smbios", *g);
    }
    assert_parse_error("smbios", "vendor=x", "Must specify type= or file=");
    assert_parse_error("smbios", "type=7",
                       "Don't know how to build fields for SMBIOS type 7");
    assert_parse_error("smbios", "type=x", "Parameter 'type' expects a number");
    assert_parse_error("smbios", "type=1,foo=bar", "Invalid parameter 'foo'");
    assert_parse_error("smbios", "type=0,uefi=maybe",
                       "Parameter 'uefi' expects 'on' or 'off'");
    assert_parse_error("smbios", "type=17,speed=x",
                       "Parameter 'speed' expects a number");
    assert_parse_error("smbios", "file=/nonexistent/smbios.bin",
                       "Cannot read SMBIOS file /nonexistent/smbios.bin");
}

static void test_drive(void **state)
{
    QemuOpts *opts = parse("drive",
                           "file=/tmp/disk,if=none,id=drive-virtio-disk0,"
                           "format=qcow2,cache=none",
                           NULL);

    assert_non_null(opts);
    assert_string_equal(qemu_opts_id(opts), "drive-virtio-disk0");
    assert_string_equal(qemu_opt_get(opts, "cache"), "none");
    assert_parses("drive", "file=a,media=cdrom,index=2,aio=native,"
                           "discard=unmap,werror=stop,rerror=report,"
                           "readonly=on,snapshot=off,file.locking=off");
    assert_parse_error("drive", "file=a,if=bogus",
                       "unsupported bus type 'bogus'");
    assert_parse_error("drive", "file=a,cache=bogus", "invalid cache option");
    assert_parse_error("drive", "file=a,aio=bogus", "invalid aio option");
    assert_parse_error("drive", "file=a,media=bogus", "'bogus' invalid media");
    assert_parse_error("drive", "file=a,readonly=maybe",
                       "Parameter 'read-only' expects 'on' or 'off'");
    assert_parse_error("drive", "file=a,werror=x",
                       "'x' invalid write error action");
    assert_parse_error("drive", "file=a,discard=x", "Invalid discard option");
    assert_parse_error("drive", "file=a,index=x",
                       "Parameter 'index' expects a number");
    assert_parse_error("drive", "file=a,format=raw,foo=bar",
                       "Block format 'raw' does not support the option "
                       "'foo'");
    assert_parse_error("drive", "file=a,foo=bar", "Invalid parameter 'foo'");
}

static void test_mon_global_object_device(void **state)
{
    QemuOpts *opts = parse("mon",
                           "chardev=charmonitor,id=monitor,"
                           "mode=control",
                           NULL);

    assert_string_equal(qemu_opt_get(opts, "mode"), "control");
    assert_parse_error("mon", "chardev=x,mode=bogus",
                       "Parameter 'mode' does not accept value 'bogus'");
    assert_parse_error("mon", "mode=control", "Parameter 'chardev' is missing");
    assert_parse_error("mon", "chardev=x,pretty=maybe",
                       "Parameter 'pretty' expects 'on' or 'off'");
    assert_parses("global", "driver=kvm-pit,property=lost_tick_policy,"
                            "value=discard");
    assert_parse_error("global", "driver=a,property=b",
                       "options 'driver', 'property', and 'value' are "
                       "required");
    assert_parse_error("global", "driver=a,property=b,value=c,foo=d",
                       "Invalid parameter 'foo'");
    assert_parses("object", "memory-backend-ram,id=mem0,size=1G");
    assert_parse_error("object", "memory-backend-ram,size=1G",
                       "Parameter 'id' is missing");
    assert_parse_error("object", "id=x", "Parameter 'qom-type' is missing");
    assert_parse_error("device", "id=x", "Parameter 'driver' is missing");
    assert_parse_error("device", "e1000,id=1a",
                       "Parameter 'id' expects an identifier");
}

static void test_action_overcommit_realtime(void **state)
{
    QemuOpts *opts = parse("action", "reboot=shutdown,shutdown=pause", NULL);

    assert_string_equal(qemu_opt_get(opts, "reboot"), "shutdown");
    assert_parse_error("action", "reboot=x",
                       "Parameter 'reboot' does not accept value 'x'");
    emu_option_groups_reset();
    assert_parse_error("action", "foo=x", "Invalid parameter 'foo'");
    opts = parse("overcommit", "mem-lock=on,cpu-pm=off", NULL);
    assert_true(qemu_opt_get_bool(opts, "mem-lock", false));
    assert_parse_error("overcommit", "mem-lock=maybe",
                       "Parameter 'mem-lock' expects 'on' or 'off'");
    opts = parse("realtime", "mlock=off", NULL);
    assert_false(qemu_opt_get_bool(opts, "mlock", true));
}

static void test_system_group(void **state)
{
    QemuOpts *opts = parse("system",
                           "autostart=off,defaults=off,user-config=off,"
                           "daemonize=on,pidfile=/run/emu.pid,"
                           "uuid=1f8e6f7e-5a70-4780-89c1-464dc0e7f308,"
                           "keyboard-layout=en-us,vga=cirrus,nographic=on,"
                           "snapshot=on,default-monitor=off",
                           NULL);

    assert_non_null(opts);
    assert_false(qemu_opt_get_bool(opts, "autostart", true));
    assert_true(qemu_opt_get_bool(opts, "daemonize", false));
    emu_option_groups_reset();
    assert_parse_error("system", "uuid=1f8e6f7e-5a70-4780-89c1-464dc0e7f30",
                       "failed to parse UUID string: wrong format");
    emu_option_groups_reset();
    assert_parse_error("system", "vga=bogus", "unknown vga type: bogus");
    emu_option_groups_reset();
    assert_parse_error("system", "autostart=maybe",
                       "Parameter 'autostart' expects 'on' or 'off'");
}

static void test_display_vnc_cpu_log(void **state)
{
    QemuOpts *opts;

    assert_parses("display", "gtk,full-screen=on,gl=on");
    emu_option_groups_reset();
    assert_parse_error("display", "bogus",
                       "Parameter 'type' does not accept value 'bogus'");
    emu_option_groups_reset();
    assert_parse_error("display", "curses,foo=1",
                       "Parameter 'foo' is unexpected");
    emu_option_groups_reset();
    assert_parse_error("display", "none,gl=on", "Parameter 'gl' is unexpected");
    opts = parse("vnc", "0.0.0.0:12,to=100,lossy=on", NULL);
    assert_string_equal(qemu_opt_get(opts, "vnc"), "0.0.0.0:12");
    assert_parse_error("vnc", "foo=bar", "Invalid parameter 'foo'");
    opts = parse("cpu", "SandyBridge,erms=on", NULL);
    assert_string_equal(qemu_opt_get(opts, "model"), "SandyBridge");
    assert_parses("log", "items=int,,guest_errors");
    emu_option_groups_reset();
    opts = qemu_opts_create(&emu_log_opts, NULL, 0, NULL);
    qemu_opt_set(opts, "items", "int,bogus", NULL);
    assert_false(emu_opts_check(opts, NULL));
    qemu_opt_unset(opts, "items");
    qemu_opt_set(opts, "items", "int,guest_errors,none", NULL);
    assert_true(emu_opts_check(opts, NULL));
}

static void test_check_all(void **state)
{
    Error *err = NULL;
    QemuOpts *mon;

    /* A -mon may name a chardev given later; at the end it must exist. */
    mon = parse("mon", "chardev=c0", NULL);
    assert_non_null(mon);
    assert_false(emu_option_groups_check_all(&err));
    assert_string_equal(error_get_pretty(err), "chardev \"c0\" not found");
    error_free(err);
    err = NULL;
    assert_non_null(parse("chardev", "null,id=c0", NULL));
    assert_true(emu_option_groups_check_all(&err));
    assert_null(err);
    /* Sets that bypassed the checks (a config file) are caught. */
    qemu_opt_set(qemu_opts_create(&qemu_netdev_opts, "n1", 1, NULL), "type",
                 "bogus", NULL);
    assert_false(emu_option_groups_check_all(&err));
    assert_string_equal(error_get_pretty(err),
                        "Parameter 'type' does not accept value 'bogus'");
    error_free(err);
    loc_set_none();
}

static void test_group_help(void **state)
{
    bool ret;
    g_autofree char *chardev =
        capture_stdout(emu_option_group_print_help, "chardev", &ret);
    g_autofree char *netdev = NULL, *vga = NULL, *numa = NULL;
    g_autofree char *smbios = NULL, *drive = NULL, *none = NULL;

    assert_true(ret);
    assert_true(g_str_has_prefix(chardev, "Available chardev backend types: \n"
                                          "  null\n  socket\n"));
    netdev = capture_stdout(emu_option_group_print_help, "netdev", &ret);
    assert_true(g_str_has_prefix(netdev, "Available netdev backend types:\n"
                                         "tap\nuser\nsocket\n"));
    vga = capture_stdout(emu_option_group_print_help, "vga", &ret);
    assert_non_null(strstr(vga, "\ncirrus               Cirrus"));
    numa = capture_stdout(emu_option_group_print_help, "numa", &ret);
    assert_string_equal(numa, "Available numa option types:\ncpu\ndist\n"
                              "hmat-cache\nhmat-lb\nnode\n");
    smbios = capture_stdout(emu_option_group_print_help, "smbios", &ret);
    assert_non_null(strstr(smbios, "\n17\n"));
    drive = capture_stdout(emu_option_group_print_help, "drive", &ret);
    assert_true(g_str_has_prefix(drive, "drive options:\n  addr=<str>\n"));
    assert_non_null(strstr(drive, "\n  readonly=<bool (on/off)>\n"));
    none = capture_stdout(emu_option_group_print_help, "memory", &ret);
    assert_false(ret);
    assert_string_equal(none, "");
}

static void test_reset(void **state)
{
    assert_non_null(parse("device", "e1000,id=a", NULL));
    assert_non_null(parse("machine", "pc", NULL));
    emu_option_groups_reset();
    assert_null(qemu_opts_find(&qemu_device_opts, "a"));
    assert_null(qemu_opts_find(&qemu_machine_opts, NULL));
    /* The id is free again. */
    assert_non_null(parse("device", "e1000,id=a", NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_group_names, setup),
        cmocka_unit_test_setup(test_implied_keys, setup),
        cmocka_unit_test_setup(test_merge_lists, setup),
        cmocka_unit_test_setup(test_memory_keys, setup),
        cmocka_unit_test_setup(test_mem_size_rule, setup),
        cmocka_unit_test_setup(test_mem_size_errors, setup),
        cmocka_unit_test_setup(test_smp_keys, setup),
        cmocka_unit_test_setup(test_boot_keys, setup),
        cmocka_unit_test_setup(test_name_keys, setup),
        cmocka_unit_test_setup(test_rtc, setup),
        cmocka_unit_test_setup(test_chardev_keys, setup),
        cmocka_unit_test_setup(test_chardev_checks, setup),
        cmocka_unit_test_setup(test_netdev, setup),
        cmocka_unit_test_setup(test_nic_and_net, setup),
        cmocka_unit_test_setup(test_numa, setup),
        cmocka_unit_test_setup(test_smbios, setup),
        cmocka_unit_test_setup(test_drive, setup),
        cmocka_unit_test_setup(test_mon_global_object_device, setup),
        cmocka_unit_test_setup(test_action_overcommit_realtime, setup),
        cmocka_unit_test_setup(test_system_group, setup),
        cmocka_unit_test_setup(test_display_vnc_cpu_log, setup),
        cmocka_unit_test_setup(test_check_all, setup),
        cmocka_unit_test_setup(test_group_help, setup),
        cmocka_unit_test_setup(test_reset, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
