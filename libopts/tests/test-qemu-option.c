/*
 * The option model: sets and ids, getters with defaults and types,
 * setters, validation, iteration, printing, help and the registry.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu-test.h"
#include "opts-test.h"
#include "opts/qemu-option.h"
#include "util/error-report.h"
#include "util/error.h"

static QemuOptsList drive_opts = {
    .name = "drive",
    .desc =
        {
            {.name = "file", .type = QEMU_OPT_STRING, .help = "disk image"},
            {.name = "readonly",
             .type = QEMU_OPT_BOOL,
             .help = "open read-only",
             .def_value_str = "off"},
            {.name = "index", .type = QEMU_OPT_NUMBER, .def_value_str = "7"},
            {.name = "size", .type = QEMU_OPT_SIZE, .def_value_str = "1M"},
            {.name = "cache",
             .type = QEMU_OPT_STRING,
             .def_value_str = "writeback"},
            {.name = "bad-default",
             .type = QEMU_OPT_NUMBER,
             .def_value_str = "lots"},
            {.name = "aio-max-batch",
             .type = QEMU_OPT_NUMBER,
             .help = "maximum number of requests to batch together into a "
                     "single submission"},
            {NULL},
        },
};

static QemuOptsList any_opts = {
    .name = "any",
    .implied_opt_name = "driver",
    .desc = {{NULL}},
};

static QemuOptsList empty_named_opts = {
    .name = "empty",
    .desc = {{NULL}},
};

static QemuOptsList merged_opts = {
    .name = "merged",
    .merge_lists = true,
    .desc = {{NULL}},
};

static const QemuOptDesc later_desc[] = {
    {.name = "driver", .type = QEMU_OPT_STRING},
    {.name = "on", .type = QEMU_OPT_BOOL},
    {.name = "n", .type = QEMU_OPT_NUMBER},
    {.name = "sz", .type = QEMU_OPT_SIZE},
    {NULL},
};

static int reset_all(void **state)
{
    qemu_opts_reset(&drive_opts);
    qemu_opts_reset(&any_opts);
    qemu_opts_reset(&empty_named_opts);
    qemu_opts_reset(&merged_opts);
    loc_set_none();
    return 0;
}

static char *to_string(QemuOpts *opts)
{
    return qemu_opts_to_string(opts);
}

static void test_create_find_del(void **state)
{
    QemuOpts *a = qemu_opts_create(&drive_opts, "a", 1, &error_abort);
    QemuOpts *b = qemu_opts_create(&drive_opts, "b", 1, &error_abort);
    QemuOpts *anon = qemu_opts_create(&drive_opts, NULL, 1, &error_abort);

    assert_string_equal(qemu_opts_id(a), "a");
    assert_null(qemu_opts_id(anon));
    assert_ptr_equal(qemu_opts_list(b), &drive_opts);
    assert_ptr_equal(qemu_opts_find(&drive_opts, "a"), a);
    assert_ptr_equal(qemu_opts_find(&drive_opts, "b"), b);
    assert_ptr_equal(qemu_opts_find(&drive_opts, NULL), anon);
    assert_null(qemu_opts_find(&drive_opts, "c"));
    assert_int_equal(drive_opts.opts.length, 3);
    qemu_opts_del(b);
    qemu_opts_del(NULL);
    assert_null(qemu_opts_find(&drive_opts, "b"));
    assert_int_equal(drive_opts.opts.length, 2);
    assert_ptr_equal(drive_opts.opts.head->data, a);
    assert_ptr_equal(drive_opts.opts.tail->data, anon);
}

static void test_create_existing(void **state)
{
    QemuOpts *a = qemu_opts_create(&drive_opts, "a", 1, &error_abort);
    Error *err = NULL;

    /* Without fail_if_exists the existing set comes back. */
    assert_ptr_equal(qemu_opts_create(&drive_opts, "a", 0, &error_abort), a);
    assert_null(qemu_opts_create(&drive_opts, "a", 1, &err));
    assert_string_equal(error_get_pretty(err), "Duplicate ID 'a' for drive");
    error_free(err);
    /* Anonymous sets are never "existing" in a normal list. */
    assert_ptr_not_equal(qemu_opts_create(&drive_opts, NULL, 0, NULL),
                         qemu_opts_create(&drive_opts, NULL, 0, NULL));
    assert_int_equal(drive_opts.opts.length, 3);
}

static void test_create_merged(void **state)
{
    QemuOpts *m = qemu_opts_create(&merged_opts, NULL, 1, &error_abort);
    Error *err = NULL;

    assert_ptr_equal(qemu_opts_create(&merged_opts, NULL, 1, &error_abort), m);
    assert_ptr_equal(qemu_opts_create(&merged_opts, NULL, 0, &error_abort), m);
    assert_null(qemu_opts_create(&merged_opts, "x", 0, &err));
    assert_string_equal(error_get_pretty(err), "Invalid parameter 'id'");
    error_free(err);
    assert_int_equal(merged_opts.opts.length, 1);
}

static void test_create_bad_id_hint(void **state)
{
    Error *err = NULL;
    FdCapture c;
    char *out;

    assert_null(qemu_opts_create(&drive_opts, "9", 1, &err));
    assert_string_equal(error_get_pretty(err),
                        "Parameter 'id' expects an identifier");
    capture_begin(&c, STDERR_FILENO);
    error_report_err(err);
    out = capture_end(&c);
    assert_string_equal(out, "emu: Parameter 'id' expects an identifier\n"
                             "Identifiers consist of letters, digits, '-', "
                             "'.', '_', starting with a letter.\n");
    g_free(out);
    assert_null(drive_opts.opts.head);
}

static void fatal_bad_id(void *opaque)
{
    static char *argv[] = {"emu", "-drive", "id=9"};

    loc_set_cmdline(argv, 1, 2);
    qemu_opts_create(&drive_opts, "9", 1, &error_fatal);
}

static void test_create_bad_id_fatal_keeps_hint(void **state)
{
    assert_child_exits(fatal_bad_id, NULL, 1,
                       "emu: -drive id=9: Parameter 'id' expects an "
                       "identifier\nIdentifiers consist of letters, digits, "
                       "'-', '.', '_', starting with a letter.\n");
}

static void test_id_wellformed(void **state)
{
    assert_true(id_wellformed("a"));
    assert_true(id_wellformed("Z9-._x"));
    assert_true(id_wellformed("virtio-disk0"));
    assert_false(id_wellformed(""));
    assert_false(id_wellformed(NULL));
    assert_false(id_wellformed("0a"));
    assert_false(id_wellformed("-a"));
    assert_false(id_wellformed(".a"));
    assert_false(id_wellformed("a b"));
    assert_false(id_wellformed("a,b"));
    assert_false(id_wellformed("a=b"));
    assert_false(id_wellformed("a/b"));
    assert_false(id_wellformed("a\n"));
}

static void test_is_help_option(void **state)
{
    assert_true(is_help_option("help"));
    assert_true(is_help_option("?"));
    assert_false(is_help_option("Help"));
    assert_false(is_help_option("help "));
    assert_false(is_help_option("??"));
    assert_false(is_help_option(""));
    assert_false(is_help_option(NULL));
}

static void test_get_defaults(void **state)
{
    QemuOpts *opts = qemu_opts_create(&drive_opts, NULL, 0, &error_abort);

    assert_string_equal(qemu_opt_get(opts, "cache"), "writeback");
    assert_string_equal(qemu_opt_get(opts, "readonly"), "off");
    assert_null(qemu_opt_get(opts, "file"));
    assert_null(qemu_opt_get(opts, "nonexistent"));
    /* Defaults are not values: find and foreach do not see them. */
    assert_null(qemu_opt_find(opts, "cache"));
    assert_int_equal(qemu_opt_get_number(opts, "index", 1), 7);
    assert_int_equal(qemu_opt_get_size(opts, "size", 1), 1 << 20);
    assert_false(qemu_opt_get_bool(opts, "readonly", true));
    /* A default that does not parse gives defval. */
    assert_int_equal(qemu_opt_get_number(opts, "bad-default", 99), 99);
    assert_null(qemu_opt_get(NULL, "file"));
    assert_int_equal(qemu_opt_get_number(NULL, "index", 5), 5);
}

static void test_get_typed_values(void **state)
{
    QemuOpts *opts = qemu_opts_parse(&drive_opts,
                                     "file=a,,b,readonly=on,index=0x20,"
                                     "size=2G",
                                     false, &error_abort);

    assert_string_equal(qemu_opt_get(opts, "file"), "a,b");
    assert_true(qemu_opt_get_bool(opts, "readonly", false));
    assert_int_equal(qemu_opt_get_number(opts, "index", 0), 32);
    assert_true(qemu_opt_get_size(opts, "size", 0) == 2ULL << 30);
    /* The text is kept as given. */
    assert_string_equal(qemu_opt_get(opts, "index"), "0x20");
    assert_string_equal(qemu_opt_get(opts, "size"), "2G");
    /* Another type than desc[]'s: the string is parsed as asked. */
    assert_int_equal(qemu_opt_get_size(opts, "index", 0), 32);
    assert_int_equal(qemu_opt_get_number(opts, "size", 5), 5);
    assert_false(qemu_opt_get_bool(opts, "file", false));
}

static void test_get_typed_no_desc(void **state)
{
    QemuOpts *opts = qemu_opts_parse(
        &any_opts, "x,b=yes,n=010,s=1.5k,bad=zz,neg=-1", true, &error_abort);

    assert_true(qemu_opt_get_bool(opts, "b", false));
    assert_int_equal(qemu_opt_get_number(opts, "n", 0), 8);
    assert_int_equal(qemu_opt_get_size(opts, "s", 0), 1536);
    assert_false(qemu_opt_get_bool(opts, "bad", false));
    assert_true(qemu_opt_get_bool(opts, "bad", true));
    assert_int_equal(qemu_opt_get_number(opts, "bad", 3), 3);
    assert_int_equal(qemu_opt_get_size(opts, "bad", 4), 4);
    assert_int_equal(qemu_opt_get_number(opts, "neg", 6), 6);
    assert_int_equal(qemu_opt_get_size(opts, "neg", 7), 7);
    assert_int_equal(qemu_opt_get_number(opts, "absent", 8), 8);
    assert_string_equal(qemu_opt_get(opts, "driver"), "x");
}

static void test_get_del(void **state)
{
    QemuOpts *opts = qemu_opts_parse(&any_opts, "a=1,b=2,a=3,c=on,d=9,e=1k",
                                     false, &error_abort);
    char *v = qemu_opt_get_del(opts, "a");
    char *s;

    assert_string_equal(v, "3");
    g_free(v);
    assert_null(qemu_opt_find(opts, "a"));
    assert_null(qemu_opt_get_del(opts, "a"));
    assert_true(qemu_opt_get_bool_del(opts, "c", false));
    assert_false(qemu_opt_get_bool_del(opts, "c", false));
    assert_int_equal(qemu_opt_get_number_del(opts, "d", 0), 9);
    assert_int_equal(qemu_opt_get_number_del(opts, "d", 1), 1);
    assert_int_equal(qemu_opt_get_size_del(opts, "e", 0), 1024);
    s = to_string(opts);
    assert_string_equal(s, "b=2");
    g_free(s);
    /* A default comes back as a copy and nothing is removed. */
    opts = qemu_opts_create(&drive_opts, NULL, 0, &error_abort);
    v = qemu_opt_get_del(opts, "cache");
    assert_string_equal(v, "writeback");
    g_free(v);
    assert_int_equal(qemu_opt_get_number_del(opts, "index", 0), 7);
}

static void test_set_checked(void **state)
{
    QemuOpts *opts = qemu_opts_create(&drive_opts, "d", 1, &error_abort);
    Error *err = NULL;
    char *s;

    assert_true(qemu_opt_set(opts, "file", "x,y", &error_abort));
    assert_true(qemu_opt_set_bool(opts, "readonly", true, &error_abort));
    assert_true(qemu_opt_set_number(opts, "index", 12, &error_abort));
    assert_true(qemu_opt_set(opts, "size", "4k", &error_abort));
    assert_false(qemu_opt_set(opts, "bogus", "1", &err));
    assert_string_equal(error_get_pretty(err), "Invalid parameter 'bogus'");
    error_free(err);
    err = NULL;
    assert_false(qemu_opt_set(opts, "readonly", "sometimes", &err));
    assert_string_equal(error_get_pretty(err),
                        "Parameter 'readonly' expects 'on' or 'off'");
    error_free(err);
    err = NULL;
    assert_false(qemu_opt_set_bool(opts, "index", true, &err));
    assert_string_equal(error_get_pretty(err),
                        "Parameter 'index' expects a number");
    error_free(err);
    err = NULL;
    assert_false(qemu_opt_set_number(opts, "index", -2, &err));
    assert_string_equal(error_get_pretty(err),
                        "Parameter 'index' expects a non-negative number");
    error_free(err);
    s = to_string(opts);
    assert_string_equal(s, "id=d,file=x,,y,readonly=on,index=12,size=4k");
    g_free(s);
    assert_int_equal(qemu_opt_get_size(opts, "size", 0), 4096);
}

static void test_set_refuses_unprintable_keys(void **state)
{
    QemuOpts *opts = qemu_opts_create(&any_opts, NULL, 0, &error_abort);
    Error *err = NULL;

    assert_false(qemu_opt_set(opts, "id", "x", &err));
    assert_string_equal(error_get_pretty(err), "Invalid parameter 'id'");
    error_free(err);
    err = NULL;
    assert_false(qemu_opt_set(opts, "", "x", &err));
    assert_string_equal(error_get_pretty(err), "Invalid parameter ''");
    error_free(err);
    err = NULL;
    assert_false(qemu_opt_set(opts, "a=b", "x", &err));
    assert_string_equal(error_get_pretty(err), "Invalid parameter 'a=b'");
    error_free(err);
    assert_null(qemu_opt_find(opts, "id"));
    assert_null(qemu_opt_find(opts, ""));
    assert_null(qemu_opt_find(opts, "a=b"));
    assert_true(qemu_opt_set_number(opts, "neg", -5, &error_abort));
    assert_string_equal(qemu_opt_get(opts, "neg"), "-5");
}

static void test_unset(void **state)
{
    QemuOpts *opts =
        qemu_opts_parse(&any_opts, "a=1,b=2,a=3,a=4", false, &error_abort);
    char *s;

    assert_int_equal(qemu_opt_unset(opts, "a"), 3);
    assert_int_equal(qemu_opt_unset(opts, "a"), 0);
    assert_int_equal(qemu_opt_unset(opts, "zz"), 0);
    s = to_string(opts);
    assert_string_equal(s, "b=2");
    g_free(s);
}

static void test_has_help_opt(void **state)
{
    QemuOpts *opts =
        qemu_opts_parse(&any_opts, "e1000,mac=x", true, &error_abort);

    assert_false(qemu_opt_has_help_opt(opts));
    assert_true(qemu_opt_set(opts, "?", "on", &error_abort));
    assert_true(qemu_opt_has_help_opt(opts));
    assert_false(qemu_opt_has_help_opt(NULL));
}

typedef struct Collect {
    GString *log;
    int stop_at;
    int calls;
} Collect;

static int collect_opt(void *opaque, const char *name, const char *value,
                       Error **errp)
{
    Collect *c = opaque;

    g_string_append_printf(c->log, "%s:%s;", name, value);
    return ++c->calls == c->stop_at ? 42 : 0;
}

static void test_opt_foreach(void **state)
{
    QemuOpts *opts =
        qemu_opts_parse(&any_opts, "a=1,b=,a=3,c=x,,y", false, &error_abort);
    Collect c = {.log = g_string_new(NULL)};

    assert_int_equal(qemu_opt_foreach(opts, collect_opt, &c, NULL), 0);
    assert_string_equal(c.log->str, "a:1;b:;a:3;c:x,y;");
    g_string_truncate(c.log, 0);
    c.calls = 0;
    c.stop_at = 2;
    assert_int_equal(qemu_opt_foreach(opts, collect_opt, &c, NULL), 42);
    assert_string_equal(c.log->str, "a:1;b:;");
    g_string_free(c.log, true);
}

static int collect_set(void *opaque, QemuOpts *opts, Error **errp)
{
    Collect *c = opaque;
    const char *id = qemu_opts_id(opts);

    g_string_append_printf(c->log, "%s;", id ? id : "-");
    if (c->stop_at < 0) {
        /* Deleting the set being visited is allowed. */
        qemu_opts_del(opts);
    }
    if (++c->calls == c->stop_at) {
        error_setg(errp, "stopped at %s", id ? id : "-");
        return -1;
    }
    return 0;
}

static void test_opts_foreach_order_and_stop(void **state)
{
    Collect c = {.log = g_string_new(NULL)};
    Error *err = NULL;

    qemu_opts_create(&drive_opts, "x", 1, &error_abort);
    qemu_opts_create(&drive_opts, NULL, 1, &error_abort);
    qemu_opts_create(&drive_opts, "y", 1, &error_abort);
    assert_int_equal(qemu_opts_foreach(&drive_opts, collect_set, &c, NULL), 0);
    assert_string_equal(c.log->str, "x;-;y;");
    g_string_truncate(c.log, 0);
    c.calls = 0;
    c.stop_at = 2;
    assert_int_equal(qemu_opts_foreach(&drive_opts, collect_set, &c, &err), -1);
    assert_string_equal(c.log->str, "x;-;");
    assert_string_equal(error_get_pretty(err), "stopped at -");
    error_free(err);
    g_string_truncate(c.log, 0);
    c.calls = 0;
    c.stop_at = -1;
    assert_int_equal(qemu_opts_foreach(&drive_opts, collect_set, &c, NULL), 0);
    assert_string_equal(c.log->str, "x;-;y;");
    assert_null(drive_opts.opts.head);
    g_string_free(c.log, true);
}

static int report_set(void *opaque, QemuOpts *opts, Error **errp)
{
    error_report("bad %s", qemu_opts_id(opts));
    return 0;
}

static void test_opts_foreach_restores_location(void **state)
{
    static char *argv[] = {"emu", "-drive", "id=a", "-drive", "id=b"};
    FdCapture c;
    char *out;

    loc_set_cmdline(argv, 1, 2);
    qemu_opts_parse_noisily(&drive_opts, argv[2], false);
    loc_set_cmdline(argv, 3, 2);
    qemu_opts_parse_noisily(&drive_opts, argv[4], false);
    loc_set_none();
    capture_begin(&c, STDERR_FILENO);
    qemu_opts_foreach(&drive_opts, report_set, NULL, NULL);
    error_report("after");
    qemu_opts_loc_restore(qemu_opts_find(&drive_opts, "b"));
    error_report("restored");
    out = capture_end(&c);
    assert_string_equal(out, "emu: -drive id=a: bad a\n"
                             "emu: -drive id=b: bad b\n"
                             "emu: after\n"
                             "emu: -drive id=b: restored\n");
    g_free(out);
}

static void test_validate(void **state)
{
    QemuOpts *opts = qemu_opts_parse(&any_opts, "e1000,on=yes,n=0x10,sz=2k",
                                     true, &error_abort);

    assert_true(qemu_opts_validate(opts, later_desc, &error_abort));
    assert_true(qemu_opt_get_bool(opts, "on", false));
    assert_int_equal(qemu_opt_get_number(opts, "n", 0), 16);
    assert_int_equal(qemu_opt_get_size(opts, "sz", 0), 2048);
}

static void test_validate_errors(void **state)
{
    QemuOpts *opts =
        qemu_opts_parse(&any_opts, "e1000,n=1,zz=2", true, &error_abort);
    Error *err = NULL;

    assert_false(qemu_opts_validate(opts, later_desc, &err));
    assert_string_equal(error_get_pretty(err), "Invalid parameter 'zz'");
    error_free(err);
    err = NULL;
    qemu_opt_unset(opts, "zz");
    assert_true(qemu_opt_set(opts, "sz", "-3", &error_abort));
    assert_false(qemu_opts_validate(opts, later_desc, &err));
    assert_string_equal(error_get_pretty(err),
                        "Parameter 'sz' expects a non-negative number below "
                        "2^64");
    error_free(err);
    err = NULL;
    qemu_opt_unset(opts, "sz");
    assert_true(qemu_opt_set(opts, "on", "2", &error_abort));
    assert_false(qemu_opts_validate(opts, later_desc, &err));
    assert_string_equal(error_get_pretty(err),
                        "Parameter 'on' expects 'on' or 'off'");
    error_free(err);
    /* Still unvalidated: values parse on demand. */
    assert_int_equal(qemu_opt_get_number(opts, "n", 0), 1);
}

static void test_to_string_round_trip(void **state)
{
    static const char *const inputs[] = {
        "",
        "a=1",
        "id=x1,driver=e1000,a=,b=,,,c=x,,y,,",
        "k,,ey=v,,al,k,,ey=2",
        "p= spaced value ,q=\"quoted\",r=back\\slash",
        "x=,,,,,,",
        "help=on,?=on",
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(inputs); i++) {
        QemuOpts *a =
            qemu_opts_parse(&any_opts, inputs[i], false, &error_abort);
        char *s1 = to_string(a);
        QemuOpts *b;
        char *s2;

        qemu_opts_del(a);
        b = qemu_opts_parse(&any_opts, s1, false, &error_abort);
        s2 = to_string(b);
        assert_string_equal(s1, s2);
        assert_string_equal(s1, inputs[i]);
        qemu_opts_del(b);
        g_free(s1);
        g_free(s2);
    }
}

static void test_to_string_from_setters(void **state)
{
    QemuOpts *a = qemu_opts_create(&any_opts, "s", 1, &error_abort);
    QemuOpts *b;
    char *s1, *s2;

    qemu_opt_set(a, "we,ird", ",v,,", &error_abort);
    qemu_opt_set(a, "nox", "y", &error_abort);
    qemu_opt_set(a, "e", "", &error_abort);
    s1 = to_string(a);
    assert_string_equal(s1, "id=s,we,,ird=,,v,,,,,nox=y,e=");
    qemu_opts_del(a);
    b = qemu_opts_parse(&any_opts, s1, false, &error_abort);
    s2 = to_string(b);
    assert_string_equal(s1, s2);
    assert_string_equal(qemu_opt_get(b, "we,ird"), ",v,,");
    assert_string_equal(qemu_opt_get(b, "nox"), "y");
    g_free(s1);
    g_free(s2);
}

static char *help_of(QemuOptsList *list, bool caption)
{
    FdCapture c;

    capture_begin(&c, STDOUT_FILENO);
    qemu_opts_print_help(list, caption);
    return capture_end(&c);
}

static void test_print_help_layout(void **state)
{
    char *out = help_of(&drive_opts, true);

    /* Same layout as "qemu-system-x86_64 -name guest=a,help". */
    assert_string_equal(out, "drive options:\n"
                             "  aio-max-batch=<num>    - maximum number of "
                             "requests to batch together into a single "
                             "submission\n"
                             "  bad-default=<num>\n"
                             "  cache=<str>\n"
                             "  file=<str>             - disk image\n"
                             "  index=<num>\n"
                             "  readonly=<bool (on/off)> - open read-only\n"
                             "  size=<size>\n");
    g_free(out);
    out = help_of(&drive_opts, false);
    assert_true(g_str_has_prefix(out, "  aio-max-batch=<num>    - "));
    g_free(out);
}

static void test_print_help_empty(void **state)
{
    char *out = help_of(&empty_named_opts, true);

    assert_string_equal(out, "There are no options for empty.\n");
    g_free(out);
    out = help_of(&empty_named_opts, false);
    assert_string_equal(out, "There are no options for empty.\n");
    g_free(out);
}

static void test_set_id_and_reset(void **state)
{
    QemuOpts *opts = qemu_opts_create(&any_opts, NULL, 1, &error_abort);
    char *s;

    qemu_opts_set_id(opts, g_strdup("named"));
    assert_ptr_equal(qemu_opts_find(&any_opts, "named"), opts);
    qemu_opts_set_id(opts, g_strdup("renamed"));
    assert_null(qemu_opts_find(&any_opts, "named"));
    qemu_opt_set(opts, "k", "v", &error_abort);
    s = to_string(opts);
    assert_string_equal(s, "id=renamed,k=v");
    g_free(s);
    qemu_opts_create(&any_opts, "other", 1, &error_abort);
    qemu_opts_reset(&any_opts);
    assert_null(any_opts.opts.head);
    assert_int_equal(any_opts.opts.length, 0);
}

/* Lists registered for good: the registry cannot forget them. */
static QemuOptsList *many_lists[100];

static void test_registry(void **state)
{
    Error *err = NULL;
    int i;

    qemu_add_opts(&drive_opts);
    qemu_add_opts(&drive_opts);
    qemu_add_opts(&any_opts);
    for (i = 0; i < 100; i++) {
        /* One empty desc[] entry after the list. */
        many_lists[i] = g_malloc0(sizeof(QemuOptsList) + sizeof(QemuOptDesc));
        many_lists[i]->name = g_strdup_printf("group%d", i);
        qemu_add_opts(many_lists[i]);
    }
    assert_ptr_equal(qemu_find_opts("drive"), &drive_opts);
    assert_ptr_equal(qemu_find_opts("any"), &any_opts);
    for (i = 0; i < 100; i++) {
        g_autofree char *name = g_strdup_printf("group%d", i);

        assert_ptr_equal(qemu_find_opts_err(name, &error_abort), many_lists[i]);
    }
    assert_null(qemu_find_opts_err("nope", &err));
    assert_string_equal(error_get_pretty(err),
                        "There is no option group 'nope'");
    error_free(err);
    assert_null(qemu_find_opts_err("nope", NULL));
}

static void test_find_opts_reports(void **state)
{
    FdCapture c;
    char *out;

    qemu_add_opts(&drive_opts);
    capture_begin(&c, STDERR_FILENO);
    assert_null(qemu_find_opts("nonesuch"));
    assert_null(qemu_find_opts_singleton("nonesuch"));
    assert_non_null(qemu_find_opts("drive"));
    out = capture_end(&c);
    assert_string_equal(out, "emu: There is no option group 'nonesuch'\n"
                             "emu: There is no option group 'nonesuch'\n");
    g_free(out);
}

static void test_find_opts_singleton(void **state)
{
    QemuOpts *s, *named;

    qemu_add_opts(&drive_opts);
    named = qemu_opts_create(&drive_opts, "n", 1, &error_abort);
    s = qemu_find_opts_singleton("drive");
    assert_non_null(s);
    assert_ptr_not_equal(s, named);
    assert_null(qemu_opts_id(s));
    assert_ptr_equal(qemu_find_opts_singleton("drive"), s);
    assert_int_equal(drive_opts.opts.length, 2);
}

#define T(fn) cmocka_unit_test_teardown(fn, reset_all)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_create_find_del),
        T(test_create_existing),
        T(test_create_merged),
        T(test_create_bad_id_hint),
        T(test_create_bad_id_fatal_keeps_hint),
        T(test_id_wellformed),
        T(test_is_help_option),
        T(test_get_defaults),
        T(test_get_typed_values),
        T(test_get_typed_no_desc),
        T(test_get_del),
        T(test_set_checked),
        T(test_set_refuses_unprintable_keys),
        T(test_unset),
        T(test_has_help_opt),
        T(test_opt_foreach),
        T(test_opts_foreach_order_and_stop),
        T(test_opts_foreach_restores_location),
        T(test_validate),
        T(test_validate_errors),
        T(test_to_string_round_trip),
        T(test_to_string_from_setters),
        T(test_print_help_layout),
        T(test_print_help_empty),
        T(test_set_id_and_reset),
        T(test_registry),
        T(test_find_opts_reports),
        T(test_find_opts_singleton),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
