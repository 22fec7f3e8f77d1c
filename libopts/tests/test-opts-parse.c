/*
 * The "key=value,..." parser: implied keys, ",," escapes, short-form
 * flags and their warnings, help, ids, merged lists, typed values and the
 * exact messages of QEMU 7.2 (checked against qemu-system-x86_64).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "opts-test.h"
#include "opts/qemu-option.h"
#include "util/error-report.h"
#include "util/error.h"

static QemuOptsList chardev_opts = {
    .name = "chardev",
    .implied_opt_name = "backend",
    .desc =
        {
            {.name = "backend", .type = QEMU_OPT_STRING},
            {.name = "path", .type = QEMU_OPT_STRING},
            {.name = "server", .type = QEMU_OPT_BOOL},
            {.name = "wait", .type = QEMU_OPT_BOOL},
            {.name = "delay", .type = QEMU_OPT_BOOL},
            {.name = "count", .type = QEMU_OPT_NUMBER},
            {.name = "size", .type = QEMU_OPT_SIZE},
            {NULL},
        },
};

static QemuOptsList device_opts = {
    .name = "device",
    .implied_opt_name = "driver",
    .desc = {{NULL}},
};

static QemuOptsList netdev_opts = {
    .name = "netdev",
    .implied_opt_name = "type",
    .desc = {{NULL}},
};

static QemuOptsList machine_opts = {
    .name = "machine",
    .implied_opt_name = "type",
    .merge_lists = true,
    .desc =
        {
            {.name = "type", .type = QEMU_OPT_STRING},
            {.name = "accel", .type = QEMU_OPT_STRING},
            {.name = "usb", .type = QEMU_OPT_BOOL},
            {NULL},
        },
};

static int reset_all(void **state)
{
    qemu_opts_reset(&chardev_opts);
    qemu_opts_reset(&device_opts);
    qemu_opts_reset(&netdev_opts);
    qemu_opts_reset(&machine_opts);
    loc_set_none();
    return 0;
}

/* Parse, which must succeed; returns the set as a string (g_free). */
static char *parse_ok(QemuOptsList *list, const char *params, bool abbrev)
{
    Error *err = NULL;
    QemuOpts *opts = qemu_opts_parse(list, params, abbrev, &err);

    if (!opts) {
        print_error("parse of \"%s\" failed: %s\n", params,
                    error_get_pretty(err));
        error_free(err);
        fail();
    }
    return qemu_opts_to_string(opts);
}

/* Parse, which must fail; returns the message (g_free). */
static char *parse_err(QemuOptsList *list, const char *params, bool abbrev)
{
    Error *err = NULL;
    QemuOpts *opts = qemu_opts_parse(list, params, abbrev, &err);
    char *msg;

    assert_null(opts);
    assert_non_null(err);
    msg = g_strdup(error_get_pretty(err));
    error_free(err);
    return msg;
}

#define assert_parses_to(list, params, abbrev, want)                           \
    do {                                                                       \
        char *s_ = parse_ok((list), (params), (abbrev));                       \
        assert_string_equal(s_, (want));                                       \
        g_free(s_);                                                            \
    } while (0)

#define assert_parse_fails(list, params, abbrev, want)                         \
    do {                                                                       \
        char *m_ = parse_err((list), (params), (abbrev));                      \
        assert_string_equal(m_, (want));                                       \
        g_free(m_);                                                            \
    } while (0)

/* stderr of qemu_opts_parse_noisily(); *opts receives its result. */
static char *noisily(QemuOptsList *list, const char *params, bool abbrev,
                     QemuOpts **opts)
{
    FdCapture c;

    capture_begin(&c, STDERR_FILENO);
    *opts = qemu_opts_parse_noisily(list, params, abbrev);
    return capture_end(&c);
}

static void test_plain_keys(void **state)
{
    QemuOpts *opts =
        qemu_opts_parse(&device_opts, "a=1,b=two,c=x y", false, &error_abort);

    assert_string_equal(qemu_opt_get(opts, "a"), "1");
    assert_string_equal(qemu_opt_get(opts, "b"), "two");
    assert_string_equal(qemu_opt_get(opts, "c"), "x y");
    assert_null(qemu_opt_get(opts, "d"));
    assert_null(qemu_opts_id(opts));
}

static void test_implied_machine(void **state)
{
    QemuOpts *opts = qemu_opts_parse(
        &machine_opts, "pc-i440fx-trusty,accel=kvm", true, &error_abort);

    assert_string_equal(qemu_opt_get(opts, "type"), "pc-i440fx-trusty");
    assert_string_equal(qemu_opt_get(opts, "accel"), "kvm");
}

static void test_implied_device_and_netdev(void **state)
{
    assert_parses_to(&device_opts, "virtio-blk-pci,scsi=off", true,
                     "driver=virtio-blk-pci,scsi=off");
    assert_parses_to(&netdev_opts, "tap,fd=32,id=hostnet0", true,
                     "id=hostnet0,type=tap,fd=32");
    /* Only the first element can be implied. */
    assert_parses_to(&netdev_opts, "fd=32,tap", true, "fd=32,tap=on");
    /* An explicit key in first place is not a value. */
    assert_parses_to(&netdev_opts, "type=user", true, "type=user");
}

static void test_implied_needs_permit_abbrev(void **state)
{
    /* Without permit_abbrev a bare word is a flag. */
    assert_parses_to(&netdev_opts, "tap,fd=32", false, "tap=on,fd=32");
    assert_parse_fails(&machine_opts, "pc,accel=kvm", false,
                       "Invalid parameter 'pc'");
}

static void test_comma_escape_in_values(void **state)
{
    assert_parses_to(&device_opts, "path=/a,,b,x=1", false, "path=/a,,b,x=1");
    {
        QemuOpts *opts =
            qemu_opts_parse(&device_opts, "p=a,,,,b,q=,,x,r=y,,,s=z,t=w,,",
                            false, &error_abort);

        assert_string_equal(qemu_opt_get(opts, "p"), "a,,b");
        assert_string_equal(qemu_opt_get(opts, "q"), ",x");
        assert_string_equal(qemu_opt_get(opts, "r"), "y,");
        assert_string_equal(qemu_opt_get(opts, "s"), "z");
        assert_string_equal(qemu_opt_get(opts, "t"), "w,");
    }
}

static void test_comma_escape_in_names_and_implied(void **state)
{
    QemuOpts *opts =
        qemu_opts_parse(&device_opts, "a,,b=c,,d", false, &error_abort);

    assert_string_equal(qemu_opt_get(opts, "a,b"), "c,d");
    opts = qemu_opts_parse(&device_opts, "my,,drv,x=1", true, &error_abort);
    assert_string_equal(qemu_opt_get(opts, "driver"), "my,drv");
    assert_string_equal(qemu_opt_get(opts, "x"), "1");
}

static void test_trailing_comma_and_empty(void **state)
{
    assert_parses_to(&device_opts, "a=1,", false, "a=1");
    assert_parses_to(&device_opts, "", false, "");
    assert_parses_to(&device_opts, NULL, false, "");
    /* Empty values are fine. */
    assert_parses_to(&device_opts, "a=,b=", false, "a=,b=");
    assert_parses_to(&device_opts, ",x=1", true, "driver=,x=1");
}

static void test_empty_key_rejected(void **state)
{
    assert_parse_fails(&device_opts, "=b", false, "Invalid parameter ''");
    assert_parse_fails(&device_opts, "a=1,,,=2", false, "Invalid parameter ''");
    assert_parse_fails(&chardev_opts, "null,=b", true, "Invalid parameter ''");
    assert_parse_fails(&device_opts, ",", false, "Invalid parameter ''");
    /* "no" alone is the flag "" set off. */
    assert_parse_fails(&device_opts, "no", false, "Invalid parameter ''");
    assert_null(device_opts.opts.head);
}

static void test_flags_quiet_in_plain_parse(void **state)
{
    FdCapture c;
    char *out, *s;

    capture_begin(&c, STDERR_FILENO);
    s = parse_ok(&chardev_opts, "socket,server,nowait", true);
    out = capture_end(&c);
    assert_string_equal(s, "backend=socket,server=on,wait=off");
    assert_string_equal(out, "");
    g_free(s);
    g_free(out);
}

static void test_flags_warn_noisily(void **state)
{
    static char *argv[] = {"emu", "-chardev",
                           "socket,id=m,path=/tmp/y,server,nowait"};
    QemuOpts *opts;
    char *out;

    loc_set_cmdline(argv, 1, 2);
    out = noisily(&chardev_opts, argv[2], true, &opts);
    assert_non_null(opts);
    assert_true(qemu_opt_get_bool(opts, "server", false));
    assert_false(qemu_opt_get_bool(opts, "wait", true));
    assert_string_equal(
        out, "emu: -chardev socket,id=m,path=/tmp/y,server,nowait: warning: "
             "short-form boolean option 'server' deprecated\n"
             "Please use server=on instead\n"
             "emu: -chardev socket,id=m,path=/tmp/y,server,nowait: warning: "
             "short-form boolean option 'nowait' deprecated\n"
             "Please use wait=off instead\n");
    g_free(out);
}

static void test_flags_delay_hint(void **state)
{
    QemuOpts *opts;
    char *out;

    out = noisily(&chardev_opts, "null,id=a,delay", true, &opts);
    assert_string_equal(out, "emu: warning: short-form boolean option "
                             "'delay' deprecated\n"
                             "Please use nodelay=off instead\n");
    assert_true(qemu_opt_get_bool(opts, "delay", false));
    g_free(out);
    out = noisily(&chardev_opts, "null,id=b,nodelay", true, &opts);
    assert_string_equal(out, "emu: warning: short-form boolean option "
                             "'nodelay' deprecated\n"
                             "Please use nodelay=on instead\n");
    assert_false(qemu_opt_get_bool(opts, "delay", true));
    g_free(out);
}

static void test_flags_warn_with_parse_help(void **state)
{
    FdCapture c;
    bool help = false;
    QemuOpts *opts;
    char *out;

    capture_begin(&c, STDERR_FILENO);
    opts = qemu_opts_parse_help(&device_opts, "e1000,nomsi", true, &help,
                                &error_abort);
    out = capture_end(&c);
    assert_non_null(opts);
    assert_false(help);
    assert_string_equal(qemu_opt_get(opts, "msi"), "off");
    assert_string_equal(out, "emu: warning: short-form boolean option "
                             "'nomsi' deprecated\n"
                             "Please use msi=off instead\n");
    g_free(out);
}

static void test_flag_type_checked(void **state)
{
    /* A flag is the string "on": a number key refuses it. */
    assert_parse_fails(&chardev_opts, "null,count", true,
                       "Parameter 'count' expects a number");
    /* A string key takes "off" from "nofoo" as any other value. */
    assert_parses_to(&chardev_opts, "null,nopath,wait", true,
                     "backend=null,path=off,wait=on");
}

static void test_help_parse_help(void **state)
{
    static const char *const helps[] = {
        "help", "?", "a=1,help", "b=null,?", "backend=null,help,path=x",
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(helps); i++) {
        Error *err = NULL;
        bool help = false;
        QemuOpts *opts =
            qemu_opts_parse_help(&device_opts, helps[i], false, &help, &err);

        assert_null(opts);
        assert_null(err);
        assert_true(help);
    }
    assert_null(device_opts.opts.head);
}

static void test_help_parse_help_without_flag(void **state)
{
    Error *err = NULL;
    QemuOpts *opts;

    /* No help_wanted: "help" is an ordinary key, as in QEMU. */
    opts = qemu_opts_parse_help(&device_opts, "e1000,help", true, NULL,
                                &error_abort);
    assert_true(qemu_opt_has_help_opt(opts));
    assert_null(
        qemu_opts_parse_help(&chardev_opts, "null,help", true, NULL, &err));
    assert_string_equal(error_get_pretty(err), "Invalid parameter 'help'");
    error_free(err);
}

static void test_help_in_implied_place_is_value(void **state)
{
    bool help = false;
    QemuOpts *opts =
        qemu_opts_parse_help(&chardev_opts, "help", true, &help, &error_abort);

    assert_false(help);
    assert_string_equal(qemu_opt_get(opts, "backend"), "help");
}

static void test_help_noisily_prints_list_help(void **state)
{
    FdCapture out_cap, err_cap;
    QemuOpts *opts;
    char *out, *err;

    capture_begin(&out_cap, STDOUT_FILENO);
    capture_begin(&err_cap, STDERR_FILENO);
    opts = qemu_opts_parse_noisily(&machine_opts, "pc,help", true);
    err = capture_end(&err_cap);
    out = capture_end(&out_cap);
    assert_null(opts);
    assert_string_equal(err, "");
    assert_string_equal(out, "machine options:\n"
                             "  accel=<str>\n"
                             "  type=<str>\n"
                             "  usb=<bool (on/off)>\n");
    /* Help leaves nothing behind, not even an empty merged set. */
    assert_null(machine_opts.opts.head);
    g_free(out);
    g_free(err);
}

static void test_help_kept_for_any_key_lists(void **state)
{
    QemuOpts *opts;
    char *err;

    err = noisily(&device_opts, "virtio-blk-pci,help", true, &opts);
    assert_non_null(opts);
    assert_string_equal(err, "");
    assert_true(qemu_opt_has_help_opt(opts));
    assert_string_equal(qemu_opt_get(opts, "help"), "on");
    g_free(err);
    err = noisily(&device_opts, "e1000,?", true, &opts);
    assert_true(qemu_opt_has_help_opt(opts));
    assert_string_equal(err, "");
    g_free(err);
}

static void test_help_plain_parse_is_a_key(void **state)
{
    assert_parse_fails(&chardev_opts, "null,help", true,
                       "Invalid parameter 'help'");
    assert_parses_to(&device_opts, "help", false, "help=on");
}

static void test_has_help_option(void **state)
{
    assert_true(has_help_option("help"));
    assert_true(has_help_option("?"));
    assert_true(has_help_option("a=1,help"));
    assert_true(has_help_option("x,?,b=2"));
    assert_false(has_help_option("help=on"));
    assert_false(has_help_option("a=help"));
    assert_false(has_help_option("a=1,,help"));
    assert_false(has_help_option("nohelp"));
    assert_false(has_help_option(""));
    assert_false(has_help_option(NULL));
}

static void test_repeated_keys_last_wins(void **state)
{
    QemuOpts *opts =
        qemu_opts_parse(&chardev_opts, "null,path=a,count=1,path=b,count=0x10",
                        true, &error_abort);
    char *s = qemu_opts_to_string(opts);

    assert_string_equal(qemu_opt_get(opts, "path"), "b");
    assert_int_equal(qemu_opt_get_number(opts, "count", 0), 16);
    assert_string_equal(s, "backend=null,path=a,count=1,path=b,count=0x10");
    g_free(s);
}

static void test_id_named_not_stored(void **state)
{
    QemuOpts *opts =
        qemu_opts_parse(&chardev_opts, "null,path=p,id=c0", true, &error_abort);
    char *s = qemu_opts_to_string(opts);

    assert_string_equal(qemu_opts_id(opts), "c0");
    assert_null(qemu_opt_get(opts, "id"));
    assert_null(qemu_opt_find(opts, "id"));
    assert_string_equal(s, "id=c0,backend=null,path=p");
    assert_ptr_equal(qemu_opts_find(&chardev_opts, "c0"), opts);
    g_free(s);
    /* The first id counts; later ones are dropped. */
    opts = qemu_opts_parse(&chardev_opts, "id=x1,backend=null,id=x2", false,
                           &error_abort);
    assert_string_equal(qemu_opts_id(opts), "x1");
}

static void test_id_flag_refused(void **state)
{
    /* QEMU turns these into id=on / id=off; emu wants "id=". */
    assert_parse_fails(&device_opts, "e1000,id", true,
                       "Invalid parameter 'id'");
    assert_parse_fails(&device_opts, "e1000,noid", true,
                       "Invalid parameter 'id'");
    assert_null(device_opts.opts.head);
    /* As an implied value it is just a value. */
    assert_parses_to(&device_opts, "id,id=x", true, "id=x,driver=id");
}

static void test_id_must_be_identifier(void **state)
{
    static const char *const bad[] = {
        "null,id=1a", "null,id=",    "null,id=a b", "null,id=a,,b",
        "null,id=-a", "null,id=a/b", "null,id=_a",  "null,id=\xc3\xa9",
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(bad); i++) {
        assert_parse_fails(&chardev_opts, bad[i], true,
                           "Parameter 'id' expects an identifier");
    }
    assert_parses_to(&chardev_opts, "null,id=a-b.c_D9", true,
                     "id=a-b.c_D9,backend=null");
}

static void test_id_error_hint(void **state)
{
    static char *argv[] = {"emu", "-chardev", "null,id=1a"};
    QemuOpts *opts;
    char *err;

    loc_set_cmdline(argv, 1, 2);
    err = noisily(&chardev_opts, argv[2], true, &opts);
    assert_null(opts);
    assert_string_equal(err, "emu: -chardev null,id=1a: Parameter 'id' "
                             "expects an identifier\n"
                             "Identifiers consist of letters, digits, "
                             "'-', '.', '_', starting with a letter.\n");
    g_free(err);
}

static void test_id_duplicate(void **state)
{
    static char *argv[] = {"emu", "-chardev", "null,id=a"};
    QemuOpts *first, *opts;
    char *err;

    first = qemu_opts_parse(&chardev_opts, "null,id=a", true, &error_abort);
    assert_parse_fails(&chardev_opts, "file,id=a,path=x", true,
                       "Duplicate ID 'a' for chardev");
    loc_set_cmdline(argv, 1, 2);
    err = noisily(&chardev_opts, argv[2], true, &opts);
    assert_null(opts);
    assert_string_equal(err, "emu: -chardev null,id=a: Duplicate ID 'a' for "
                             "chardev\n");
    g_free(err);
    /* The first set is untouched and still the only one. */
    assert_ptr_equal(chardev_opts.opts.head->data, first);
    assert_null(chardev_opts.opts.head->next);
    assert_string_equal(qemu_opt_get(first, "backend"), "null");
    /* Same id in another list is fine. */
    assert_parses_to(&netdev_opts, "user,id=a", true, "id=a,type=user");
}

static void test_anonymous_sets_are_separate(void **state)
{
    QemuOpts *a = qemu_opts_parse(&device_opts, "e1000", true, &error_abort);
    QemuOpts *b = qemu_opts_parse(&device_opts, "e1000", true, &error_abort);

    assert_ptr_not_equal(a, b);
    assert_int_equal(device_opts.opts.length, 2);
    assert_ptr_equal(qemu_opts_find(&device_opts, NULL), a);
}

static void test_merge_lists(void **state)
{
    QemuOpts *a = qemu_opts_parse(&machine_opts, "pc", true, &error_abort);
    QemuOpts *b =
        qemu_opts_parse(&machine_opts, "accel=kvm,usb=on", true, &error_abort);
    QemuOpts *c = qemu_opts_parse(&machine_opts, "q35", true, &error_abort);
    char *s = qemu_opts_to_string(a);

    assert_ptr_equal(a, b);
    assert_ptr_equal(a, c);
    assert_int_equal(machine_opts.opts.length, 1);
    assert_string_equal(qemu_opt_get(a, "type"), "q35");
    assert_string_equal(s, "type=pc,accel=kvm,usb=on,type=q35");
    g_free(s);
}

static void test_merge_lists_refuse_id(void **state)
{
    static char *argv[] = {"emu", "-machine", "pc,id=x"};
    QemuOpts *opts;
    char *err;

    assert_parse_fails(&machine_opts, "pc,id=x", true,
                       "Invalid parameter 'id'");
    loc_set_cmdline(argv, 1, 2);
    err = noisily(&machine_opts, argv[2], true, &opts);
    assert_string_equal(err, "emu: -machine pc,id=x: Invalid parameter "
                             "'id'\n");
    g_free(err);
    assert_null(machine_opts.opts.head);
}

static void test_merge_error_keeps_earlier_values(void **state)
{
    QemuOpts *opts =
        qemu_opts_parse(&machine_opts, "pc,accel=kvm", true, &error_abort);
    char *s;

    assert_parse_fails(&machine_opts, "accel=tcg,usb=maybe", false,
                       "Parameter 'usb' expects 'on' or 'off'");
    s = qemu_opts_to_string(opts);
    assert_string_equal(s, "type=pc,accel=kvm");
    assert_int_equal(machine_opts.opts.length, 1);
    g_free(s);
}

static void test_error_deletes_new_set(void **state)
{
    assert_parse_fails(&chardev_opts, "null,id=c,path=a,count=x", true,
                       "Parameter 'count' expects a number");
    assert_null(chardev_opts.opts.head);
    assert_null(qemu_opts_find(&chardev_opts, "c"));
    /* The id is free again. */
    assert_parses_to(&chardev_opts, "null,id=c", true, "id=c,backend=null");
}

static void test_unknown_key(void **state)
{
    static char *argv[] = {"emu", "-chardev", "null,foo=bar"};
    QemuOpts *opts;
    char *err;

    assert_parse_fails(&chardev_opts, "null,foo=bar", true,
                       "Invalid parameter 'foo'");
    loc_set_cmdline(argv, 1, 2);
    err = noisily(&chardev_opts, argv[2], true, &opts);
    assert_null(opts);
    assert_string_equal(err, "emu: -chardev null,foo=bar: Invalid parameter "
                             "'foo'\n");
    g_free(err);
    /* Keys are case sensitive. */
    assert_parse_fails(&chardev_opts, "null,Path=x", true,
                       "Invalid parameter 'Path'");
}

static uint64_t number_of(const char *value)
{
    g_autofree char *params = g_strdup_printf("null,count=%s", value);
    QemuOpts *opts = qemu_opts_parse(&chardev_opts, params, true, &error_abort);
    uint64_t n = qemu_opt_get_number(opts, "count", 12345);

    qemu_opts_del(opts);
    return n;
}

static void test_number_values(void **state)
{
    assert_int_equal(number_of("0"), 0);
    assert_int_equal(number_of("42"), 42);
    assert_int_equal(number_of("0x1F"), 31);
    assert_int_equal(number_of("0X1f"), 31);
    assert_int_equal(number_of("010"), 8);
    assert_int_equal(number_of("-0"), 0);
    assert_true(number_of("18446744073709551615") == UINT64_MAX);
    assert_true(number_of("0xffffffffffffffff") == UINT64_MAX);
}

static void test_number_errors(void **state)
{
    static const char *const garbage[] = {
        "abc", "", "0x", "08", "1k", "12abc", "1.5", " ", "--1", "+-1",
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(garbage); i++) {
        g_autofree char *p = g_strdup_printf("null,count=%s", garbage[i]);

        assert_parse_fails(&chardev_opts, p, true,
                           "Parameter 'count' expects a number");
    }
    assert_parse_fails(&chardev_opts, "null,count=18446744073709551616", true,
                       "Value '18446744073709551616' is too large for "
                       "parameter 'count'");
    assert_parse_fails(&chardev_opts, "null,count=0x10000000000000000", true,
                       "Value '0x10000000000000000' is too large for "
                       "parameter 'count'");
    /* QEMU 7.2 wraps negatives around; emu refuses them. */
    assert_parse_fails(&chardev_opts, "null,count=-1", true,
                       "Parameter 'count' expects a non-negative number");
    assert_parse_fails(&chardev_opts, "null,count= -5", true,
                       "Parameter 'count' expects a non-negative number");
}

static uint64_t size_of(const char *value)
{
    g_autofree char *params = g_strdup_printf("null,size=%s", value);
    QemuOpts *opts = qemu_opts_parse(&chardev_opts, params, true, &error_abort);
    uint64_t n = qemu_opt_get_size(opts, "size", 12345);

    qemu_opts_del(opts);
    return n;
}

static void test_size_values(void **state)
{
    assert_int_equal(size_of("0"), 0);
    assert_int_equal(size_of("4096"), 4096);
    assert_int_equal(size_of("512b"), 512);
    assert_int_equal(size_of("1k"), 1024);
    assert_int_equal(size_of("1K"), 1024);
    assert_int_equal(size_of("2M"), 2 << 20);
    assert_int_equal(size_of("3G"), 3ULL << 30);
    assert_true(size_of("1T") == 1ULL << 40);
    assert_true(size_of("1P") == 1ULL << 50);
    assert_true(size_of("1E") == 1ULL << 60);
    assert_true(size_of("15E") == 15ULL << 60);
    assert_true(size_of("1.5G") == 3ULL << 29);
    assert_true(size_of("0.5k") == 512);
    assert_true(size_of("0x10") == 16);
    assert_true(size_of("18446744073709551615") == UINT64_MAX);
}

static void test_size_errors(void **state)
{
    static const char *const bad[] = {
        "foo", "", "-1", "+1", "1.5", "1.5B", "1Q", "k", "1 G", "0x1.8G",
    };
    static char *argv[] = {"emu", "-chardev", "null,size=foo"};
    QemuOpts *opts;
    size_t i;
    char *err;

    for (i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *p = g_strdup_printf("null,size=%s", bad[i]);

        assert_parse_fails(&chardev_opts, p, true,
                           "Parameter 'size' expects a non-negative number "
                           "below 2^64");
    }
    assert_parse_fails(&chardev_opts, "null,size=16E", true,
                       "Value '16E' is out of range for parameter 'size'");
    assert_parse_fails(&chardev_opts, "null,size=18446744073709551616", true,
                       "Value '18446744073709551616' is out of range for "
                       "parameter 'size'");
    assert_parse_fails(&chardev_opts, "null,size=20000P", true,
                       "Value '20000P' is out of range for parameter 'size'");
    /* The hint, as QEMU prints it for "-m foo". */
    loc_set_cmdline(argv, 1, 2);
    err = noisily(&chardev_opts, argv[2], true, &opts);
    assert_string_equal(err, "emu: -chardev null,size=foo: Parameter 'size' "
                             "expects a non-negative number below 2^64\n"
                             "Optional suffix k, M, G, T, P or E means kilo-, "
                             "mega-, giga-, tera-, peta-\n"
                             "and exabytes, respectively.\n");
    g_free(err);
}

static void test_bool_values(void **state)
{
    static const char *const yes[] = {"on", "yes", "true", "y"};
    static const char *const no[] = {"off", "no", "false", "n"};
    static const char *const bad[] = {"", "maybe", "ON", "1", "0", "onn"};
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(yes); i++) {
        g_autofree char *p = g_strdup_printf("null,server=%s", yes[i]);
        QemuOpts *opts = qemu_opts_parse(&chardev_opts, p, true, &error_abort);

        assert_true(qemu_opt_get_bool(opts, "server", false));
        qemu_opts_del(opts);
        g_free(p);
        p = g_strdup_printf("null,server=%s", no[i]);
        opts = qemu_opts_parse(&chardev_opts, p, true, &error_abort);
        assert_false(qemu_opt_get_bool(opts, "server", true));
        qemu_opts_del(opts);
    }
    for (i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *p = g_strdup_printf("null,wait=%s", bad[i]);

        assert_parse_fails(&chardev_opts, p, true,
                           "Parameter 'wait' expects 'on' or 'off'");
    }
}

static void test_do_parse_into_existing(void **state)
{
    QemuOpts *opts = qemu_opts_create(&device_opts, "d0", 1, &error_abort);
    Error *err = NULL;
    char *s;

    assert_true(qemu_opts_do_parse(opts, "e1000,mac=52:54:00:12:34:56",
                                   "driver", &error_abort));
    assert_true(
        qemu_opts_do_parse(opts, "id=zz,bus=pci.0", NULL, &error_abort));
    s = qemu_opts_to_string(opts);
    assert_string_equal(s, "id=d0,driver=e1000,mac=52:54:00:12:34:56,"
                           "bus=pci.0");
    g_free(s);
    opts = qemu_opts_create(&chardev_opts, "c1", 1, &error_abort);
    assert_false(qemu_opts_do_parse(opts, "path=x,count=y", NULL, &err));
    assert_string_equal(error_get_pretty(err),
                        "Parameter 'count' expects a number");
    error_free(err);
    /* Nothing of the failed string stays. */
    assert_null(qemu_opt_get(opts, "path"));
}

static void test_set_defaults(void **state)
{
    QemuOpts *opts;
    char *s;

    qemu_opts_set_defaults(&machine_opts, "pc,usb=off", true);
    opts = qemu_opts_parse(&machine_opts, "q35,accel=kvm", true, &error_abort);
    qemu_opts_set_defaults(&machine_opts, "accel=tcg", false);
    s = qemu_opts_to_string(opts);
    assert_string_equal(s, "accel=tcg,type=pc,usb=off,type=q35,accel=kvm");
    assert_string_equal(qemu_opt_get(opts, "type"), "q35");
    assert_string_equal(qemu_opt_get(opts, "accel"), "kvm");
    assert_false(qemu_opt_get_bool(opts, "usb", true));
    g_free(s);
}

static void test_set_defaults_error_reported(void **state)
{
    FdCapture c;
    char *err;

    capture_begin(&c, STDERR_FILENO);
    qemu_opts_set_defaults(&machine_opts, "usb=perhaps", false);
    err = capture_end(&c);
    assert_string_equal(err, "emu: Parameter 'usb' expects 'on' or 'off'\n");
    assert_null(machine_opts.opts.head);
    g_free(err);
}

static void test_odd_inputs(void **state)
{
    assert_parses_to(&device_opts, "a==b", false, "a==b");
    assert_parses_to(&device_opts, "a=b=c", false, "a=b=c");
    assert_parses_to(&device_opts, "a= b ,c", false, "a= b ,c=on");
    assert_parses_to(&device_opts, "x=,,", false, "x=,,");
    assert_parses_to(&device_opts, "x=,,,,,", false, "x=,,,,");
    assert_parses_to(&device_opts, "node", false, "de=off");
    assert_parse_fails(&device_opts, "a=1,,,=", false, "Invalid parameter ''");
    assert_parses_to(&device_opts, "a=1,,,,,,=", false, "a=1,,,,,,=");
    assert_parse_fails(&device_opts, "=", false, "Invalid parameter ''");
    assert_parses_to(&device_opts, ",,", false, ",,=on");
    assert_parse_fails(&chardev_opts, ",,", false, "Invalid parameter ','");
}

static void test_long_and_many(void **state)
{
    GString *big = g_string_new("path=");
    QemuOpts *opts;
    int i;

    for (i = 0; i < 100000; i++) {
        g_string_append(big, i % 10 ? "x" : ",,");
    }
    opts = qemu_opts_parse(&device_opts, big->str, false, &error_abort);
    assert_int_equal(strlen(qemu_opt_get(opts, "path")), 100000);
    g_string_assign(big, "e1000");
    for (i = 0; i < 10000; i++) {
        g_string_append_printf(big, ",k%d=%d", i, i);
    }
    opts = qemu_opts_parse(&device_opts, big->str, true, &error_abort);
    assert_string_equal(qemu_opt_get(opts, "k9999"), "9999");
    assert_string_equal(qemu_opt_get(opts, "driver"), "e1000");
    g_string_free(big, true);
}

#define T(fn) cmocka_unit_test_teardown(fn, reset_all)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_plain_keys),
        T(test_implied_machine),
        T(test_implied_device_and_netdev),
        T(test_implied_needs_permit_abbrev),
        T(test_comma_escape_in_values),
        T(test_comma_escape_in_names_and_implied),
        T(test_trailing_comma_and_empty),
        T(test_empty_key_rejected),
        T(test_flags_quiet_in_plain_parse),
        T(test_flags_warn_noisily),
        T(test_flags_delay_hint),
        T(test_flags_warn_with_parse_help),
        T(test_flag_type_checked),
        T(test_help_parse_help),
        T(test_help_parse_help_without_flag),
        T(test_help_in_implied_place_is_value),
        T(test_help_noisily_prints_list_help),
        T(test_help_kept_for_any_key_lists),
        T(test_help_plain_parse_is_a_key),
        T(test_has_help_option),
        T(test_repeated_keys_last_wins),
        T(test_id_named_not_stored),
        T(test_id_flag_refused),
        T(test_id_must_be_identifier),
        T(test_id_error_hint),
        T(test_id_duplicate),
        T(test_anonymous_sets_are_separate),
        T(test_merge_lists),
        T(test_merge_lists_refuse_id),
        T(test_merge_error_keeps_earlier_values),
        T(test_error_deletes_new_set),
        T(test_unknown_key),
        T(test_number_values),
        T(test_number_errors),
        T(test_size_values),
        T(test_size_errors),
        T(test_bool_values),
        T(test_do_parse_into_existing),
        T(test_set_defaults),
        T(test_set_defaults_error_reported),
        T(test_odd_inputs),
        T(test_long_and_many),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
