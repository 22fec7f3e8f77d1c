/*
 * -readconfig / -writeconfig / -set: the file format, its errors with
 * their FILE:LINE locations, the written layout and the round trip.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu-test.h"
#include "opts-test.h"
#include "opts/config-file.h"
#include "opts/qemu-option.h"
#include "util/error-report.h"
#include "util/error.h"

static QemuOptsList machine_opts = {
    .name = "machine",
    .implied_opt_name = "type",
    .merge_lists = true,
    .desc = {{NULL}},
};

static QemuOptsList chardev_opts = {
    .name = "chardev",
    .implied_opt_name = "backend",
    .desc =
        {
            {.name = "backend", .type = QEMU_OPT_STRING},
            {.name = "path", .type = QEMU_OPT_STRING},
            {.name = "server", .type = QEMU_OPT_BOOL},
            {.name = "size", .type = QEMU_OPT_SIZE},
            {.name = "count", .type = QEMU_OPT_NUMBER},
            {NULL},
        },
};

static QemuOptsList device_opts = {
    .name = "device",
    .implied_opt_name = "driver",
    .desc = {{NULL}},
};

static QemuOptsList *lists[] = {
    &machine_opts,
    &chardev_opts,
    &device_opts,
    NULL,
};

/* Files made by write_tmp(), removed after each test. */
static GPtrArray *tmp_files;

static int reset_all(void **state)
{
    guint i;

    qemu_opts_reset(&machine_opts);
    qemu_opts_reset(&chardev_opts);
    qemu_opts_reset(&device_opts);
    loc_set_none();
    for (i = 0; i < tmp_files->len; i++) {
        unlink(g_ptr_array_index(tmp_files, i));
    }
    g_ptr_array_set_size(tmp_files, 0);
    return 0;
}

/* Write text to a new temporary file; returns its name. */
static const char *write_tmp(const char *text, size_t len)
{
    GError *gerr = NULL;
    char *name = NULL;
    int fd = g_file_open_tmp("emu-cfg-XXXXXX", &name, &gerr);

    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), len);
    close(fd);
    g_ptr_array_add(tmp_files, name);
    return name;
}

/* qemu_config_parse() of text into lists, named "test.cfg". */
static int parse_text(const char *text, Error **errp)
{
    FILE *fp = tmpfile();
    int ret;

    assert_non_null(fp);
    fputs(text, fp);
    rewind(fp);
    ret = qemu_config_parse(fp, lists, "test.cfg", errp);
    fclose(fp);
    return ret;
}

static char *write_text(QemuOptsList **which)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);

    assert_non_null(fp);
    qemu_config_write_lists(fp, which);
    fclose(fp);
    return buf;
}

/* Every set of lists as "list[id]{to_string}" lines. */
static char *dump_sets(void)
{
    GString *s = g_string_new(NULL);
    int i;

    for (i = 0; lists[i]; i++) {
        GList *l;

        for (l = lists[i]->opts.head; l; l = l->next) {
            g_autofree char *str = qemu_opts_to_string(l->data);

            g_string_append_printf(s, "%s{%s}\n", lists[i]->name, str);
        }
    }
    return g_string_free(s, false);
}

#define assert_sets(want)                                                      \
    do {                                                                       \
        char *d_ = dump_sets();                                                \
        assert_string_equal(d_, (want));                                       \
        g_free(d_);                                                            \
    } while (0)

static void test_parse_basic(void **state)
{
    const char *text = "# qemu config file\n"
                       "\n"
                       "[machine]\n"
                       "  type = \"pc\"\n"
                       "\n"
                       "[chardev \"c0\"]\n"
                       "  backend = \"file\"\n"
                       "  path = \"/tmp/x, y\"\n"
                       "[device]\n"
                       "driver = \"e1000\"\n"
                       "\tmac\t=\t\"52:54:00:12:34:56\"   \n"
                       "   \n"
                       "[device]\n"
                       "  driver=\"e1000\"\n";

    assert_int_equal(parse_text(text, &error_abort), 4);
    assert_sets("machine{type=pc}\n"
                "chardev{id=c0,backend=file,path=/tmp/x,, y}\n"
                "device{driver=e1000,mac=52:54:00:12:34:56}\n"
                "device{driver=e1000}\n");
}

static void test_parse_empty_and_comments(void **state)
{
    assert_int_equal(parse_text("", &error_abort), 0);
    assert_int_equal(parse_text("# only\n#comments\n\n\n", &error_abort), 0);
    assert_int_equal(parse_text("[device]", &error_abort), 1);
    assert_sets("device{}\n");
}

static void test_parse_merge_and_id_key(void **state)
{
    const char *text = "[machine]\n"
                       "  type = \"pc\"\n"
                       "[machine]\n"
                       "  accel = \"kvm\"\n"
                       "[chardev]\n"
                       "  backend = \"null\"\n"
                       "  id = \"c1\"\n"
                       "[chardev \"a\"]\n"
                       "  id = \"b\"\n"
                       "  backend = \"null\"\n";

    assert_int_equal(parse_text(text, &error_abort), 4);
    assert_sets("machine{type=pc,accel=kvm}\n"
                "chardev{id=c1,backend=null}\n"
                "chardev{id=b,backend=null}\n");
}

static void test_parse_escapes(void **state)
{
    const char *text = "[device \"d0\"]\n"
                       "  a = \"say \\\"hi\\\"\"\n"
                       "  b = \"back\\\\slash\"\n"
                       "  c = \"line\\nbreak\"\n"
                       "  d = \"C:\\dir\\file\"\n"
                       "  \"odd key\" = \"\"\n"
                       "  e = \"# not a comment [x] = \"\n";
    QemuOpts *opts;

    assert_int_equal(parse_text(text, &error_abort), 1);
    opts = qemu_opts_find(&device_opts, "d0");
    assert_non_null(opts);
    assert_string_equal(qemu_opt_get(opts, "a"), "say \"hi\"");
    assert_string_equal(qemu_opt_get(opts, "b"), "back\\slash");
    assert_string_equal(qemu_opt_get(opts, "c"), "line\nbreak");
    /* QEMU writes backslashes as they are: a lone one stays. */
    assert_string_equal(qemu_opt_get(opts, "d"), "C:\\dir\\file");
    assert_string_equal(qemu_opt_get(opts, "odd key"), "");
    assert_string_equal(qemu_opt_get(opts, "e"), "# not a comment [x] = ");
}

static void test_parse_crlf(void **state)
{
    const char *text = "# dos\r\n[chardev \"c\"]\r\n  backend = \"null\"\r\n"
                       "\r\n";

    assert_int_equal(parse_text(text, &error_abort), 1);
    assert_sets("chardev{id=c,backend=null}\n");
}

typedef struct BadCase {
    const char *text;
    const char *msg;
} BadCase;

static void test_parse_errors(void **state)
{
    static const BadCase cases[] = {
        {"  key = \"v\"\n", "no group defined"},
        {"# c\n\nkey = \"v\"\n", "no group defined"},
        {"[chardev\n", "parse error"},
        {"[chardev \"x\"\n", "parse error"},
        {"[chardev \"x]\n", "parse error"},
        {"[chardev x]\n", "parse error"},
        {"[]\n", "parse error"},
        {"[ chardev]\n", "parse error"},
        {"[chardev] junk\n", "parse error"},
        {"[chardev]\n  path = x\n", "parse error"},
        {"[chardev]\n  path = \"x\n", "parse error"},
        {"[chardev]\n  path = \"x\\\"\n", "parse error"},
        {"[chardev]\n  path \"x\"\n", "parse error"},
        {"[chardev]\n  = \"x\"\n", "parse error"},
        {"[chardev]\n  path = \"x\" junk\n", "parse error"},
        {"[chardev]\n  path = \"x\"\"\n", "parse error"},
        {"[chardev]\n  # indented comment\n", "parse error"},
        {"[chardev]\n  \"path = \"x\"\n", "parse error"},
        {"  bogus line\n", "parse error"},
        {"[foo]\n", "There is no option group 'foo'"},
        {"[Chardev]\n", "There is no option group 'Chardev'"},
        {"[chardev]\n  foo = \"1\"\n", "Invalid parameter 'foo'"},
        {"[chardev]\n  server = \"maybe\"\n",
         "Parameter 'server' expects 'on' or 'off'"},
        {"[chardev]\n  count = \"-1\"\n",
         "Parameter 'count' expects a non-negative number"},
        {"[chardev]\n  size = \"1Q\"\n",
         "Parameter 'size' expects a non-negative number below 2^64"},
        {"[chardev \"1x\"]\n", "Parameter 'id' expects an identifier"},
        {"[chardev \"\"]\n", "Parameter 'id' expects an identifier"},
        {"[chardev]\n id = \"a b\"\n", "Parameter 'id' expects an identifier"},
        {"[chardev \"a\"]\n[chardev \"a\"]\n", "Duplicate ID 'a' for chardev"},
        {"[machine \"m\"]\n", "Invalid parameter 'id'"},
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        Error *err = NULL;

        if (parse_text(cases[i].text, &err) != -1 || !err ||
            strcmp(error_get_pretty(err), cases[i].msg)) {
            print_error("case %zu \"%s\": got \"%s\"\n", i, cases[i].text,
                        err ? error_get_pretty(err) : "(no error)");
            fail();
        }
        error_free(err);
        reset_all(NULL);
    }
}

static void test_parse_nul_and_long_lines(void **state)
{
    static const char nul_text[] = "[device]\n  a = \"x\0y\"\n";
    GString *text = g_string_new("[device]\n  v = \"");
    Error *err = NULL;
    FILE *fp;

    fp = fmemopen((void *)nul_text, sizeof(nul_text) - 1, "r");
    assert_int_equal(qemu_config_parse(fp, lists, "nul.cfg", &err), -1);
    fclose(fp);
    assert_string_equal(error_get_pretty(err), "parse error");
    error_free(err);
    err = NULL;
    reset_all(NULL);

    /* A line of exactly 64 KiB is fine, one byte more is not. */
    while (text->len < 9 + 65536 - 1) {
        g_string_append_c(text, 'x');
    }
    g_string_append(text, "\"\n");
    assert_int_equal(parse_text(text->str, &error_abort), 1);
    assert_int_equal(
        strlen(qemu_opt_get(qemu_opts_find(&device_opts, NULL), "v")),
        65536 - 8);
    reset_all(NULL);
    g_string_insert_c(text, 20, 'x');
    assert_int_equal(parse_text(text->str, &err), -1);
    assert_string_equal(error_get_pretty(err), "line too long");
    error_free(err);
    g_string_free(text, true);
}

static void test_parse_keeps_earlier_sets(void **state)
{
    Error *err = NULL;

    assert_int_equal(parse_text("[chardev \"a\"]\n  backend = \"null\"\n"
                                "[chardev \"b\"]\n  backend = \"null\"\n"
                                "  server = \"x\"\n",
                                &err),
                     -1);
    assert_string_equal(error_get_pretty(err),
                        "Parameter 'server' expects 'on' or 'off'");
    error_free(err);
    /* "a" was read; the failed "b" is gone, not half made. */
    assert_sets("chardev{id=a,backend=null}\n");
}

static void test_parse_merged_group_error_rolls_back(void **state)
{
    Error *err = NULL;

    assert_int_equal(parse_text("[machine]\n  type = \"pc\"\n"
                                "[machine]\n  accel = \"kvm\"\n"
                                "  \"\" = \"x\"\n",
                                &err),
                     -1);
    assert_string_equal(error_get_pretty(err), "Invalid parameter ''");
    error_free(err);
    /* The merged set keeps the first group, none of the second. */
    assert_sets("machine{type=pc}\n");
}

static void test_parse_restores_location(void **state)
{
    FdCapture c;
    Error *err = NULL;
    char *out;

    assert_int_equal(parse_text("[foo]\n", &err), -1);
    error_free(err);
    capture_begin(&c, STDERR_FILENO);
    error_report("after");
    out = capture_end(&c);
    assert_string_equal(out, "emu: after\n");
    g_free(out);
}

/* ---- Errors as the program reports them: emu: FILE:LINE: message ---- */

static const char *fatal_file;

static void read_fatal(void *opaque)
{
    qemu_read_config_file(fatal_file, &error_fatal);
}

#define assert_read_dies(text, line, msg)                                      \
    do {                                                                       \
        g_autofree char *want_ = NULL;                                         \
        fatal_file = write_tmp((text), strlen(text));                          \
        want_ =                                                                \
            g_strdup_printf("emu: %s:%d: %s\n", fatal_file, (line), (msg));    \
        assert_child_exits(read_fatal, NULL, 1, want_);                        \
    } while (0)

static void test_read_error_locations(void **state)
{
    assert_read_dies("# c\n\n  k = \"v\"\n", 3, "no group defined");
    assert_read_dies("[device]\n  a = \"1\"\n\n# x\n[foo]\n", 5,
                     "There is no option group 'foo'");
    assert_read_dies("[chardev]\n  backend = \"null\"\n  bogus line\n", 3,
                     "parse error");
    assert_read_dies("[chardev]\n  backend = \"null\"\n\n  foo = \"x\"\n", 4,
                     "Invalid parameter 'foo'");
    assert_read_dies("[chardev \"a\"]\n\n[chardev \"a\"]\n", 3,
                     "Duplicate ID 'a' for chardev");
    /* An id given as a key is blamed on its own line. */
    assert_read_dies("[chardev]\n  backend = \"null\"\n  id = \"9\"\n", 3,
                     "Parameter 'id' expects an identifier\n"
                     "Identifiers consist of letters, digits, '-', '.', "
                     "'_', starting with a letter.");
    assert_read_dies("[chardev]\n  size = \"lots\"\n", 2,
                     "Parameter 'size' expects a non-negative number below "
                     "2^64\nOptional suffix k, M, G, T, P or E means kilo-, "
                     "mega-, giga-, tera-, peta-\nand exabytes, "
                     "respectively.");
}

static void read_missing(void *opaque)
{
    static char *argv[] = {"emu", "-readconfig", "/nonexistent/emu.cfg"};

    loc_set_cmdline(argv, 1, 2);
    qemu_read_config_file(argv[2], &error_fatal);
}

static void test_read_missing_file(void **state)
{
    Error *err = NULL;

    assert_false(qemu_read_config_file("/nonexistent/emu.cfg", &err));
    assert_string_equal(error_get_pretty(err),
                        "Could not open '/nonexistent/emu.cfg': No such "
                        "file or directory");
    error_free(err);
    assert_child_exits(read_missing, NULL, 1,
                       "emu: -readconfig /nonexistent/emu.cfg: Could not "
                       "open '/nonexistent/emu.cfg': No such file or "
                       "directory\n");
}

/* Reports later, with the location handed back by the _loc variants. */
static char *report_at(Location *errloc, Error *err)
{
    FdCapture c;

    capture_begin(&c, STDERR_FILENO);
    loc_push_restore(errloc);
    error_report_err(err);
    loc_pop(errloc);
    error_report("then");
    return capture_end(&c);
}

static void test_error_location_for_later_report(void **state)
{
    static char *argv[] = {"emu", "-readconfig", "/nonexistent/x.cfg"};
    const char *text = "[device]\n  a = \"1\"\n\n[device]\n  b = \"\n";
    const char *name = write_tmp(text, strlen(text));
    g_autofree char *want = g_strdup_printf("emu: %s:5: parse error\n"
                                            "emu: then\n",
                                            name);
    Location errloc = {0};
    Error *err = NULL;
    char *out;
    FILE *fp;

    assert_false(qemu_read_config_file_loc(name, &errloc, &err));
    out = report_at(&errloc, err);
    assert_string_equal(out, want);
    g_free(out);
    /* The groups before the error were read. */
    assert_sets("device{a=1}\n");

    err = NULL;
    fp = tmpfile();
    fputs("\n\n[bogus]\n", fp);
    rewind(fp);
    assert_int_equal(qemu_config_parse_loc(fp, lists, "b.cfg", &errloc, &err),
                     -1);
    fclose(fp);
    out = report_at(&errloc, err);
    assert_string_equal(out, "emu: b.cfg:3: There is no option group "
                             "'bogus'\nemu: then\n");
    g_free(out);

    err = NULL;
    loc_set_cmdline(argv, 1, 2);
    assert_false(qemu_read_config_file_loc(argv[2], &errloc, &err));
    loc_set_none();
    out = report_at(&errloc, err);
    assert_string_equal(out, "emu: -readconfig /nonexistent/x.cfg: Could not "
                             "open '/nonexistent/x.cfg': No such file or "
                             "directory\nemu: then\n");
    g_free(out);
}

static int report_set(void *opaque, QemuOpts *opts, Error **errp)
{
    error_report("checking %s", qemu_opts_id(opts));
    return 0;
}

static void test_read_sets_remember_location(void **state)
{
    const char *text = "[chardev \"a\"]\n  backend = \"null\"\n"
                       "\n[chardev]\n  id = \"b\"\n";
    const char *name = write_tmp(text, strlen(text));
    g_autofree char *want = g_strdup_printf("emu: %s:1: checking a\n"
                                            "emu: %s:5: checking b\n",
                                            name, name);
    FdCapture c;
    char *out;

    assert_true(qemu_read_config_file(name, &error_abort));
    capture_begin(&c, STDERR_FILENO);
    qemu_opts_foreach(&chardev_opts, report_set, NULL, NULL);
    out = capture_end(&c);
    assert_string_equal(out, want);
    g_free(out);
}

/* ---- Writing ---- */

static void test_write_layout(void **state)
{
    QemuOpts *opts;
    char *out;

    qemu_opts_parse(&machine_opts, "pc,accel=kvm", true, &error_abort);
    qemu_opts_parse(&chardev_opts, "null,id=a", true, &error_abort);
    qemu_opts_parse(&chardev_opts, "file,id=b,path=/tmp/a,,b", true,
                    &error_abort);
    opts = qemu_opts_parse(&device_opts, "e1000,mac=x", true, &error_abort);
    qemu_opts_parse(&device_opts, "virtio-blk-pci,drive=d0", true,
                    &error_abort);
    qemu_opt_set(opts, "mac", "y", &error_abort);
    out = write_text(lists);
    assert_string_equal(out, "# qemu config file\n"
                             "\n"
                             "[machine]\n"
                             "  type = \"pc\"\n"
                             "  accel = \"kvm\"\n"
                             "\n"
                             "[chardev \"a\"]\n"
                             "  backend = \"null\"\n"
                             "\n"
                             "[chardev \"b\"]\n"
                             "  backend = \"file\"\n"
                             "  path = \"/tmp/a,b\"\n"
                             "\n"
                             "[device]\n"
                             "  driver = \"e1000\"\n"
                             "  mac = \"x\"\n"
                             "  mac = \"y\"\n"
                             "\n"
                             "[device]\n"
                             "  driver = \"virtio-blk-pci\"\n"
                             "  drive = \"d0\"\n"
                             "\n");
    g_free(out);
}

static void test_write_nothing(void **state)
{
    char *out = write_text(lists);

    assert_string_equal(out, "# qemu config file\n\n");
    g_free(out);
}

static void test_write_escapes(void **state)
{
    QemuOpts *opts = qemu_opts_create(&device_opts, "d", 1, &error_abort);
    char *out;

    qemu_opt_set(opts, "q", "a \"b\" c", &error_abort);
    qemu_opt_set(opts, "bs", "C:\\x\\", &error_abort);
    qemu_opt_set(opts, "nl", "1\n2", &error_abort);
    qemu_opt_set(opts, "key with space", "", &error_abort);
    qemu_opt_set(opts, "k\"q", "v", &error_abort);
    out = write_text(lists);
    assert_string_equal(out, "# qemu config file\n"
                             "\n"
                             "[device \"d\"]\n"
                             "  q = \"a \\\"b\\\" c\"\n"
                             "  bs = \"C:\\\\x\\\\\"\n"
                             "  nl = \"1\\n2\"\n"
                             "  \"key with space\" = \"\"\n"
                             "  \"k\\\"q\" = \"v\"\n"
                             "\n");
    g_free(out);
}

/* Write lists, empty them, read the text back: same sets, same text. */
static void round_trip(void)
{
    char *before = dump_sets();
    char *text = write_text(lists);
    char *after, *text2;
    FILE *fp;

    qemu_opts_reset(&machine_opts);
    qemu_opts_reset(&chardev_opts);
    qemu_opts_reset(&device_opts);
    fp = fmemopen(text, strlen(text), "r");
    assert_non_null(fp);
    qemu_config_parse(fp, lists, "rt.cfg", &error_abort);
    fclose(fp);
    after = dump_sets();
    text2 = write_text(lists);
    assert_string_equal(before, after);
    assert_string_equal(text, text2);
    g_free(before);
    g_free(after);
    g_free(text);
    g_free(text2);
}

static void test_round_trip_values(void **state)
{
    QemuOpts *opts;

    qemu_opts_parse(&machine_opts, "pc-i440fx-trusty,accel=kvm,usb=off", true,
                    &error_abort);
    qemu_opts_parse(&chardev_opts,
                    "socket,id=c0,path=/tmp/a,,b c,server=on,size=1.5G,"
                    "count=0x10",
                    true, &error_abort);
    qemu_opts_parse(&chardev_opts, "null", true, &error_abort);
    opts = qemu_opts_parse(&device_opts,
                           "virtio-blk-pci,id=v0,serial=\"quoted\" & "
                           "\\back\\\\slash\\,x=,y= lead and trail ,"
                           "x=again",
                           true, &error_abort);
    qemu_opt_set(opts, "multi", "line1\nline2\n", &error_abort);
    qemu_opt_set(opts, "key with space", "#[not]=a \"comment\"", &error_abort);
    qemu_opt_set(opts, "we\"ird\\key", "\\\"", &error_abort);
    qemu_opt_set(opts, "comma,key", ",,", &error_abort);
    qemu_opts_create(&device_opts, NULL, 0, &error_abort);
    qemu_opts_parse(&device_opts, "e1000,id=n.1_x-y", true, &error_abort);
    round_trip();
    /* Values came back with their types. */
    opts = qemu_opts_find(&chardev_opts, "c0");
    assert_true(qemu_opt_get_bool(opts, "server", false));
    assert_true(qemu_opt_get_size(opts, "size", 0) == 3ULL << 29);
    assert_string_equal(qemu_opt_get(opts, "path"), "/tmp/a,b c");
    opts = qemu_opts_find(&device_opts, "v0");
    assert_string_equal(qemu_opt_get(opts, "serial"),
                        "\"quoted\" & \\back\\\\slash\\");
    assert_string_equal(qemu_opt_get(opts, "multi"), "line1\nline2\n");
    assert_string_equal(qemu_opt_get(opts, "we\"ird\\key"), "\\\"");
    assert_string_equal(qemu_opt_get(opts, "x"), "again");
    assert_string_equal(qemu_opt_get(opts, "y"), " lead and trail ");
}

static void test_round_trip_registry(void **state)
{
    const char *name;
    char *text = NULL, *before, *after;
    size_t len = 0;
    FILE *fp;

    qemu_opts_parse(&machine_opts, "q35", true, &error_abort);
    qemu_opts_parse(&chardev_opts, "file,id=log,path=a \"b\",,c", true,
                    &error_abort);
    qemu_opts_parse(&device_opts, "isa-serial,chardev=log", true, &error_abort);
    before = dump_sets();
    fp = open_memstream(&text, &len);
    qemu_config_write(fp);
    fclose(fp);
    name = write_tmp(text, len);
    qemu_opts_reset(&machine_opts);
    qemu_opts_reset(&chardev_opts);
    qemu_opts_reset(&device_opts);
    assert_true(qemu_read_config_file(name, &error_abort));
    after = dump_sets();
    assert_string_equal(before, after);
    assert_true(g_str_has_prefix(text, "# qemu config file\n\n[machine]\n"));
    g_free(before);
    g_free(after);
    g_free(text);
}

static void test_write_chosen_lists(void **state)
{
    QemuOptsList *only[] = {&chardev_opts, NULL};
    char *out;

    qemu_opts_parse(&machine_opts, "pc", true, &error_abort);
    qemu_opts_parse(&chardev_opts, "null,id=z", true, &error_abort);
    out = write_text(only);
    assert_string_equal(out, "# qemu config file\n\n[chardev \"z\"]\n"
                             "  backend = \"null\"\n\n");
    g_free(out);
}

/* ---- -set ---- */

static void test_set_option(void **state)
{
    QemuOpts *opts;

    qemu_opts_parse(&chardev_opts, "null,id=a", true, &error_abort);
    qemu_opts_parse(&device_opts, "e1000,id=d0", true, &error_abort);
    assert_true(qemu_set_option("chardev.a.path=/x=y,z", &error_abort));
    assert_true(qemu_set_option("device.d0.a.b=", &error_abort));
    opts = qemu_opts_find(&chardev_opts, "a");
    assert_string_equal(qemu_opt_get(opts, "path"), "/x=y,z");
    opts = qemu_opts_find(&device_opts, "d0");
    assert_string_equal(qemu_opt_get(opts, "a.b"), "");
}

static void test_set_option_errors(void **state)
{
    static const BadCase cases[] = {
        {"chardevb.x=1", "can't parse: \"chardevb.x=1\""},
        {"chardev.a.x", "can't parse: \"chardev.a.x\""},
        {".a.x=1", "can't parse: \".a.x=1\""},
        {"chardev..x=1", "can't parse: \"chardev..x=1\""},
        {"chardev.a.=1", "can't parse: \"chardev.a.=1\""},
        {"", "can't parse: \"\""},
        {"foo.b.x=1", "There is no option group 'foo'"},
        {"chardev.b.x=1", "there is no chardev \"b\" defined"},
        {"chardev.a.x=1", "Invalid parameter 'x'"},
        {"chardev.a.server=2", "Parameter 'server' expects 'on' or 'off'"},
        {"chardev.a.id=b", "Invalid parameter 'id'"},
    };
    size_t i;

    qemu_opts_parse(&chardev_opts, "null,id=a", true, &error_abort);
    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        Error *err = NULL;

        if (qemu_set_option(cases[i].text, &err) || !err ||
            strcmp(error_get_pretty(err), cases[i].msg)) {
            print_error("case \"%s\": got \"%s\"\n", cases[i].text,
                        err ? error_get_pretty(err) : "(no error)");
            fail();
        }
        error_free(err);
    }
    assert_sets("chardev{id=a,backend=null}\n");
}

#define T(fn) cmocka_unit_test_teardown(fn, reset_all)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_parse_basic),
        T(test_parse_empty_and_comments),
        T(test_parse_merge_and_id_key),
        T(test_parse_escapes),
        T(test_parse_crlf),
        T(test_parse_errors),
        T(test_parse_nul_and_long_lines),
        T(test_parse_keeps_earlier_sets),
        T(test_parse_merged_group_error_rolls_back),
        T(test_parse_restores_location),
        T(test_read_error_locations),
        T(test_read_missing_file),
        T(test_read_sets_remember_location),
        T(test_error_location_for_later_report),
        T(test_write_layout),
        T(test_write_nothing),
        T(test_write_escapes),
        T(test_round_trip_values),
        T(test_round_trip_registry),
        T(test_write_chosen_lists),
        T(test_set_option),
        T(test_set_option_errors),
    };
    int ret;
    int i;

    for (i = 0; lists[i]; i++) {
        qemu_add_opts(lists[i]);
    }
    tmp_files = g_ptr_array_new_with_free_func(g_free);
    ret = cmocka_run_group_tests(tests, NULL, NULL);
    g_ptr_array_free(tmp_files, true);
    return ret;
}
