/*
 * The opts fuzzer (issue 11): whatever text reaches libopts, it either
 * parses or gives exactly one error, and what it parsed prints and parses
 * back to the same option sets.
 *
 * Input: the first byte picks the mode, the rest is its text.
 *   group      byte 1 picks an option group, byte 2 the parser
 *              (qemu_opts_parse, _parse_help, _parse_noisily, parse +
 *              emu_opts_check, qemu_opts_set_defaults) and bit 0 of it
 *              permit_abbrev; then "key=value,..." strings, one per line
 *              (or NUL-separated), parsed one after the other into the
 *              group.
 *   cmdline    argv words, one per line (or NUL-separated), for
 *              qemu_cmdline_parse(); a word "%%" ends them, and the bytes
 *              after it are the file every -readconfig reads.
 *   readconfig -readconfig text for qemu_config_parse() into every group.
 *   scalar     byte 1 picks a parser of libopts' values (sizes, numbers,
 *              booleans, ids, -set, QEMU's legacy chardev syntax); the
 *              rest, up to a NUL, is its text.
 *
 * Invariants, checked after every input (a violation aborts, so libFuzzer
 * saves the input):
 *   - a call that fails sets one Error or prints one error line (QEMU's
 *     two-line exceptions: a legacy chardev's reason and then "parse
 *     error", and -d printing its usage without message); a call that
 *     succeeds reports no error; a failed qemu_opts_parse*() leaves the
 *     sets as they were;
 *   - whatever state the groups are in, -writeconfig's text read back
 *     into empty groups gives the same sets (and the same text again),
 *     each set's qemu_opts_to_string() parses back to it, and
 *     emu_option_groups_check_all() says the same about the copy;
 *   - sanitizers, libFuzzer's -timeout and -rss_limit_mb do the rest.
 * Every input starts from empty groups (emu_option_groups_reset()), so
 * inputs replay alone and in any order.
 *
 * What libopts prints is captured by pointing stdout and stderr at memory
 * streams for the call (sanitizer reports write to fd 2 and still show).
 * To count reports reliably the program name is "\037emu" and inputs
 * containing 0x1f or "warning:" are skipped.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib.h>

#include "opts/cmdline.h"
#include "opts/config-file.h"
#include "opts/option-groups.h"
#include "opts/qemu-option.h"
#include "util/cutils.h"
#include "util/error-report.h"
#include "util/error.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PROGNAME "\037emu"
#define CONFIG_NAME "fuzz.cfg"

typedef enum Mode {
    MODE_GROUP,
    MODE_CMDLINE,
    MODE_READCONFIG,
    MODE_SCALAR,
    MODE_COUNT,
} Mode;

static const char *const mode_names[MODE_COUNT] = {
    [MODE_GROUP] = "group",
    [MODE_CMDLINE] = "cmdline",
    [MODE_READCONFIG] = "readconfig",
    [MODE_SCALAR] = "scalar",
};

typedef enum GroupParser {
    PARSE_PLAIN,    /* qemu_opts_parse() */
    PARSE_HELP,     /* qemu_opts_parse_help() */
    PARSE_NOISILY,  /* qemu_opts_parse_noisily() */
    PARSE_CHECKED,  /* qemu_opts_parse() + emu_opts_check() */
    PARSE_DEFAULTS, /* qemu_opts_set_defaults() */
    PARSE_COUNT,
} GroupParser;

static const char *const parser_names[PARSE_COUNT] = {
    "qemu_opts_parse",         "qemu_opts_parse_help",
    "qemu_opts_parse_noisily", "qemu_opts_parse+emu_opts_check",
    "qemu_opts_set_defaults",
};

typedef enum Scalar {
    SCALAR_STRTOSZ,
    SCALAR_STRTOSZ_MIB,
    SCALAR_STRTOU64,
    SCALAR_STRTOI64,
    SCALAR_BOOL,
    SCALAR_ID,
    SCALAR_CHR_COMPAT,
    SCALAR_HELP_OPTION,
    SCALAR_COUNT,
} Scalar;

static const char *const scalar_names[SCALAR_COUNT] = {
    "qemu_strtosz",          "qemu_strtosz_MiB", "qemu_strtou64",
    "qemu_strtoi64",         "qapi_bool_parse",  "id_wellformed",
    "qemu_chr_parse_compat", "has_help_option",
};

#ifdef FUZZ_OPTS_LIBFUZZER
/* LLVMFuzzerInitialize()'s argv with the default flags (kept for good). */
static char **fuzz_argv;
#endif

/* The file every -readconfig of the cmdline mode reads. */
static int config_fd = -1;
static char *config_path;

/* ---- Failing loudly ---- */

typedef struct Capture {
    FILE *saved_out, *saved_err;
    FILE *out_fp, *err_fp;
    char *out, *err;
    size_t out_len, err_len;
} Capture;

static Capture *capturing;

static void capture_end(Capture *c);

static void G_GNUC_PRINTF(1, 2) G_GNUC_NORETURN fail(const char *fmt, ...)
{
    va_list ap;

    if (capturing) {
        capture_end(capturing);
    }
    va_start(ap, fmt);
    fputs("fuzz-opts: invariant violated: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

/* ---- Capturing what libopts prints ---- */

static void capture_begin(Capture *c)
{
    memset(c, 0, sizeof(*c));
    fflush(stdout);
    fflush(stderr);
    c->saved_out = stdout;
    c->saved_err = stderr;
    c->out_fp = open_memstream(&c->out, &c->out_len);
    c->err_fp = open_memstream(&c->err, &c->err_len);
    if (!c->out_fp || !c->err_fp) {
        abort();
    }
    stdout = c->out_fp;
    stderr = c->err_fp;
    capturing = c;
}

static void capture_end(Capture *c)
{
    capturing = NULL;
    stdout = c->saved_out;
    stderr = c->saved_err;
    fclose(c->out_fp);
    fclose(c->err_fp);
}

static void capture_free(Capture *c)
{
    free(c->out);
    free(c->err);
}

typedef struct Reports {
    int errors;
    int warnings;
} Reports;

/* Each error_report()/warn_report() starts a line with PROGNAME ": ". */
static Reports count_reports(const char *text)
{
    Reports r = {0, 0};
    const char *line = text;

    while (line && *line) {
        const char *nl = strchr(line, '\n');

        if (g_str_has_prefix(line, PROGNAME ": ")) {
            g_autofree char *l =
                nl ? g_strndup(line, nl - line) : g_strdup(line);

            if (strstr(l, "warning: ")) {
                r.warnings++;
            } else {
                r.errors++;
            }
        }
        line = nl ? nl + 1 : NULL;
    }
    return r;
}

/* ---- The state of every group, as text ---- */

static int snapshot_set(void *opaque, QemuOpts *opts, Error **errp)
{
    GString *s = opaque;
    g_autofree char *str = qemu_opts_to_string(opts);
    g_autofree char *esc = g_strescape(str, NULL);

    g_string_append_printf(s, "[%s] %s\n", qemu_opts_list(opts)->name, esc);
    return 0;
}

static char *snapshot(void)
{
    GString *s = g_string_new(NULL);

    for (QemuOptsList *const *l = emu_option_groups(); *l; l++) {
        qemu_opts_foreach(*l, snapshot_set, s, NULL);
    }
    return g_string_free(s, false);
}

/* emu_option_groups_check_all()'s verdict: NULL or its message. */
static char *check_all(void)
{
    Error *err = NULL;
    char *msg = NULL;
    Capture cap;

    capture_begin(&cap);
    if (!emu_option_groups_check_all(&err)) {
        if (!err) {
            fail("emu_option_groups_check_all() failed without an Error");
        }
        msg = g_strdup(error_get_pretty(err));
        error_free(err);
    }
    loc_set_none();
    capture_end(&cap);
    if (cap.err_len || cap.out_len) {
        fail("emu_option_groups_check_all() printed: %s%s", cap.out, cap.err);
    }
    capture_free(&cap);
    return msg;
}

static char *config_text(void)
{
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    Capture cap;

    capture_begin(&cap);
    qemu_config_write(fp);
    capture_end(&cap);
    if (cap.err_len || cap.out_len) {
        fail("qemu_config_write() printed: %s%s", cap.out, cap.err);
    }
    capture_free(&cap);
    fclose(fp);
    return text;
}

static FILE *open_text(const char *text, size_t len)
{
    if (ftruncate(config_fd, 0) < 0 ||
        (len && pwrite(config_fd, text, len, 0) != (ssize_t)len)) {
        abort();
    }
    return fopen(config_path, "r");
}

typedef struct SavedSet {
    QemuOptsList *list;
    char *str;
} SavedSet;

static int save_set(void *opaque, QemuOpts *opts, Error **errp)
{
    SavedSet s = {qemu_opts_list(opts), qemu_opts_to_string(opts)};

    g_array_append_val((GArray *)opaque, s);
    return 0;
}

/*
 * The round trips, from whatever state the groups are in: through
 * -writeconfig/-readconfig and through qemu_opts_to_string()/
 * qemu_opts_parse().  Both must give the same sets and the same verdict
 * of emu_option_groups_check_all().  Leaves the groups empty.
 */
static void check_round_trips(void)
{
    g_autofree char *before = snapshot();
    g_autofree char *verdict = check_all();
    g_autofree char *text = config_text();
    g_autofree char *after = NULL;
    g_autofree char *verdict2 = NULL;
    g_autofree char *text2 = NULL;
    GArray *sets = g_array_new(false, false, sizeof(SavedSet));
    Error *err = NULL;
    Capture cap;
    FILE *fp;
    int n;

    /* Strings first, while the sets exist. */
    for (QemuOptsList *const *l = emu_option_groups(); *l; l++) {
        qemu_opts_foreach(*l, save_set, sets, NULL);
    }

    /* -writeconfig, then -readconfig into empty groups. */
    emu_option_groups_reset();
    fp = open_text(text, strlen(text));
    capture_begin(&cap);
    n = qemu_config_parse(fp, (QemuOptsList **)emu_option_groups(), CONFIG_NAME,
                          &err);
    capture_end(&cap);
    fclose(fp);
    if (n < 0) {
        fail("-writeconfig text does not read back: %s\n%s",
             error_get_pretty(err), text);
    }
    if (cap.err_len || cap.out_len) {
        fail("qemu_config_parse() printed: %s%s", cap.out, cap.err);
    }
    capture_free(&cap);
    after = snapshot();
    if (strcmp(before, after)) {
        fail("-writeconfig/-readconfig changed the sets:\n%s---\n%s---\n%s",
             before, after, text);
    }
    text2 = config_text();
    if (strcmp(text, text2)) {
        fail("-writeconfig of the read-back sets differs:\n%s---\n%s", text,
             text2);
    }
    verdict2 = check_all();
    if (g_strcmp0(verdict, verdict2)) {
        fail("the check of the read-back sets differs: '%s' vs '%s'",
             verdict ? verdict : "ok", verdict2 ? verdict2 : "ok");
    }

    /* qemu_opts_to_string(), then qemu_opts_parse() into empty groups. */
    emu_option_groups_reset();
    for (guint i = 0; i < sets->len; i++) {
        SavedSet *s = &g_array_index(sets, SavedSet, i);
        QemuOpts *opts;

        capture_begin(&cap);
        opts = qemu_opts_parse(s->list, s->str, false, &err);
        capture_end(&cap);
        if (!opts) {
            fail("qemu_opts_to_string() of a %s set does not parse back: "
                 "'%s': %s",
                 s->list->name, s->str, error_get_pretty(err));
        }
        if (cap.err_len || cap.out_len) {
            fail("qemu_opts_parse() printed: %s%s", cap.out, cap.err);
        }
        capture_free(&cap);
        g_free(s->str);
    }
    g_array_free(sets, true);
    g_free(after);
    after = snapshot();
    if (strcmp(before, after)) {
        fail("qemu_opts_to_string()/qemu_opts_parse() changed the sets:\n"
             "%s---\n%s",
             before, after);
    }
    g_free(verdict2);
    verdict2 = check_all();
    if (g_strcmp0(verdict, verdict2)) {
        fail("the check of the re-parsed sets differs: '%s' vs '%s'",
             verdict ? verdict : "ok", verdict2 ? verdict2 : "ok");
    }
    emu_option_groups_reset();
}

/* An Error, if set, has a message. */
static void check_error(const char *who, Error *err)
{
    if (err && !*error_get_pretty(err)) {
        fail("%s: an Error without message", who);
    }
}

/* ---- Splitting the input ---- */

/*
 * Words separated by '\n' or NUL.  With rest, a word "%%" ends them and
 * *rest receives the bytes after it.
 */
static GPtrArray *split_words(const char *data, size_t len, const char **rest,
                              size_t *rest_len)
{
    GPtrArray *words = g_ptr_array_new_with_free_func(g_free);
    size_t start = 0;

    if (rest) {
        *rest = NULL;
        *rest_len = 0;
    }
    for (size_t i = 0; i <= len; i++) {
        char *w;

        if (i < len && data[i] != '\n' && data[i] != '\0') {
            continue;
        }
        if (i == len && start == len && len > 0) {
            break; /* a final separator ends the last word */
        }
        w = g_strndup(data + start, i - start);
        start = i + 1;
        if (rest && !strcmp(w, "%%")) {
            g_free(w);
            *rest = data + MIN(start, len);
            *rest_len = len - MIN(start, len);
            break;
        }
        g_ptr_array_add(words, w);
    }
    return words;
}

/* ---- Mode group ---- */

static void group_parse(QemuOptsList *list, const char *params,
                        GroupParser parser, bool abbrev)
{
    g_autofree char *before = snapshot();
    g_autofree char *after = NULL;
    QemuOpts *opts = NULL;
    Error *err = NULL;
    bool help = false;
    bool failed;
    Capture cap;
    Reports r;

    capture_begin(&cap);
    switch (parser) {
    case PARSE_PLAIN:
        opts = qemu_opts_parse(list, params, abbrev, &err);
        break;
    case PARSE_HELP:
        opts = qemu_opts_parse_help(list, params, abbrev, &help, &err);
        break;
    case PARSE_NOISILY:
        opts = qemu_opts_parse_noisily(list, params, abbrev);
        break;
    case PARSE_CHECKED:
        opts = qemu_opts_parse(list, params, abbrev, &err);
        if (opts && !emu_opts_check(opts, &err)) {
            /* As the command line does: a merged set keeps its values. */
            if (!list->merge_lists) {
                qemu_opts_del(opts);
            }
            opts = NULL;
        }
        break;
    case PARSE_DEFAULTS:
    default:
        qemu_opts_set_defaults(list, params, abbrev);
        opts = qemu_opts_find(list, NULL);
        break;
    }
    capture_end(&cap);
    failed = !opts;
    r = count_reports(cap.err);
    check_error(parser_names[parser], err);

    switch (parser) {
    case PARSE_PLAIN:
    case PARSE_CHECKED:
        if (failed != !!err) {
            fail("%s(%s, '%s'): %s without an Error", parser_names[parser],
                 list->name, params, failed ? "failed" : "succeeded");
        }
        if (cap.err_len || cap.out_len) {
            fail("%s(%s, '%s') printed: %s%s", parser_names[parser], list->name,
                 params, cap.out, cap.err);
        }
        break;
    case PARSE_HELP:
        if (failed && help == !!err) {
            fail("qemu_opts_parse_help(%s, '%s') failed with help=%d and "
                 "%s Error",
                 list->name, params, help, err ? "an" : "no");
        }
        if (!failed && (err || help)) {
            fail("qemu_opts_parse_help(%s, '%s') succeeded with an Error or "
                 "help",
                 list->name, params);
        }
        if (r.errors || cap.out_len) {
            fail("qemu_opts_parse_help(%s, '%s') printed: %s%s", list->name,
                 params, cap.out, cap.err);
        }
        break;
    case PARSE_NOISILY:
        if (failed && !(r.errors == 1 && !cap.out_len) &&
            !(r.errors == 0 && cap.out_len)) {
            fail("qemu_opts_parse_noisily(%s, '%s') failed with %d errors "
                 "and %zu bytes of help: %s",
                 list->name, params, r.errors, cap.out_len, cap.err);
        }
        if (!failed && (r.errors || cap.out_len)) {
            fail("qemu_opts_parse_noisily(%s, '%s') succeeded and printed: "
                 "%s%s",
                 list->name, params, cap.out, cap.err);
        }
        break;
    case PARSE_DEFAULTS:
    default:
        if (r.errors > 1 || r.warnings || cap.out_len) {
            fail("qemu_opts_set_defaults(%s, '%s') printed: %s%s", list->name,
                 params, cap.out, cap.err);
        }
        break;
    }
    capture_free(&cap);
    error_free(err);

    /* A failed parse keeps nothing of params. */
    if (failed && parser != PARSE_CHECKED && parser != PARSE_DEFAULTS) {
        after = snapshot();
        if (strcmp(before, after)) {
            fail("failed %s(%s, '%s') changed the sets:\n%s---\n%s",
                 parser_names[parser], list->name, params, before, after);
        }
    }
}

static void fuzz_group(const uint8_t *data, size_t size)
{
    QemuOptsList *const *groups = emu_option_groups();
    size_t ngroups = 0;
    GPtrArray *words;
    QemuOptsList *list;
    GroupParser parser;
    bool abbrev;

    while (groups[ngroups]) {
        ngroups++;
    }
    if (size < 2) {
        return;
    }
    list = groups[data[0] % ngroups];
    abbrev = data[1] & 1;
    parser = (data[1] >> 1) % PARSE_COUNT;
    words = split_words((const char *)data + 2, size - 2, NULL, NULL);
    for (guint i = 0; i < words->len; i++) {
        group_parse(list, g_ptr_array_index(words, i), parser, abbrev);
    }
    g_ptr_array_free(words, true);
    check_round_trips();
}

/* ---- Mode cmdline ---- */

static bool option_is(const CmdlineUse *use, const char *const *names)
{
    for (; use && *names; names++) {
        if (!strcmp(use->opt->name, *names)) {
            return true;
        }
    }
    return false;
}

/*
 * The same command line parsed again from empty groups gives the same
 * result, output and sets: nothing of a parse stays behind.
 */
static void check_replay(int argc, char **argv, CmdlineStatus st,
                         const Capture *first)
{
    g_autofree char *sets = snapshot();
    g_autofree char *sets2 = NULL;
    CmdlineStatus st2;
    Cmdline cl;
    Capture cap;

    emu_option_groups_reset();
    qemu_cmdline_init(&cl);
    capture_begin(&cap);
    st2 = qemu_cmdline_parse(&cl, argc, argv);
    capture_end(&cap);
    qemu_cmdline_destroy(&cl);
    sets2 = snapshot();
    if (st != st2 || strcmp(first->out, cap.out) ||
        strcmp(first->err, cap.err) || strcmp(sets, sets2)) {
        fail("parsing the command line again differs: status %d/%d\n"
             "%s%s%s---\n%s%s%s",
             st, st2, first->out, first->err, sets, cap.out, cap.err, sets2);
    }
    capture_free(&cap);
}

static void fuzz_cmdline(const uint8_t *data, size_t size)
{
    static const char *const compat[] = {
        "monitor", "qmp", "qmp-pretty", "serial", "parallel", "debugcon", NULL,
    };
    const char *cfg;
    size_t cfg_len;
    GPtrArray *words = split_words((const char *)data, size, &cfg, &cfg_len);
    char **argv = g_new0(char *, words->len + 2);
    int argc = 0;
    const CmdlineUse *last = NULL;
    CmdlineStatus st;
    Cmdline cl;
    Capture cap;
    Reports r;

    argv[argc++] = g_strdup("emu");
    for (guint i = 0; i < words->len; i++) {
        const char *w = g_ptr_array_index(words, i);

        /* Every -readconfig reads the file of the input. */
        if (i > 0 && (!strcmp(argv[argc - 1], "-readconfig") ||
                      !strcmp(argv[argc - 1], "--readconfig"))) {
            w = config_path;
        }
        argv[argc++] = g_strdup(w);
    }
    g_ptr_array_free(words, true);
    fclose(open_text(cfg ? cfg : "", cfg_len));

    qemu_cmdline_init(&cl);
    capture_begin(&cap);
    st = qemu_cmdline_parse(&cl, argc, argv);
    capture_end(&cap);
    check_replay(argc, argv, st, &cap);
    r = count_reports(cap.err);
    if (cl.uses->len) {
        last = &g_array_index(cl.uses, CmdlineUse, cl.uses->len - 1);
    }
    switch (st) {
    case CMDLINE_OK:
        if (r.errors) {
            fail("command line accepted with %d errors: %s", r.errors, cap.err);
        }
        break;
    case CMDLINE_ERROR:
        /* QEMU 7.2: -d with a bad item prints the items, no message. */
        if (r.errors == 0 &&
            !(option_is(last, (const char *const[]){"d", NULL}) &&
              cap.out_len)) {
            fail("command line refused without an error message");
        }
        /* QEMU 7.2: a legacy chardev's reason, then "parse error". */
        if (r.errors > 2 || (r.errors == 2 && !option_is(last, compat))) {
            fail("command line refused with %d errors: %s", r.errors, cap.err);
        }
        break;
    default:
        if (r.errors) {
            fail("command line status %d with %d errors: %s", st, r.errors,
                 cap.err);
        }
        break;
    }
    capture_free(&cap);
    qemu_cmdline_destroy(&cl);

    /* Whatever the parser stopped at, the sets round-trip. */
    check_round_trips();
    for (int i = 0; i < argc; i++) {
        g_free(argv[i]);
    }
    g_free(argv);
}

/* ---- Mode readconfig ---- */

static void fuzz_readconfig(const uint8_t *data, size_t size)
{
    FILE *fp = open_text((const char *)data, size);
    Error *err = NULL;
    Capture cap;
    int n;

    capture_begin(&cap);
    n = qemu_config_parse(fp, (QemuOptsList **)emu_option_groups(), CONFIG_NAME,
                          &err);
    capture_end(&cap);
    fclose(fp);
    check_error("qemu_config_parse", err);
    if ((n < 0) != !!err) {
        fail("qemu_config_parse() returned %d with %s Error", n,
             err ? "an" : "no");
    }
    if (cap.err_len || cap.out_len) {
        fail("qemu_config_parse() printed: %s%s", cap.out, cap.err);
    }
    capture_free(&cap);
    error_free(err);
    check_round_trips();
}

/* ---- Mode scalar ---- */

static void check_size(const char *s, bool mib)
{
    int (*parse)(const char *, const char **, uint64_t *) =
        mib ? qemu_strtosz_MiB : qemu_strtosz;
    const char *end = NULL;
    uint64_t v = 1, v2 = 1;
    int ret, ret2;

    ret = parse(s, NULL, &v);
    if (ret != 0 && ret != -EINVAL && ret != -ERANGE) {
        fail("qemu_strtosz('%s') returned %d", s, ret);
    }
    if (ret != 0 && v != 0) {
        fail("qemu_strtosz('%s') failed with result %" PRIu64, s, v);
    }
    ret2 = parse(s, &end, &v2);
    if (!end || end < s || end > s + strlen(s)) {
        fail("qemu_strtosz('%s', &end) left end outside the string", s);
    }
    if (ret == 0 && (ret2 != 0 || v2 != v || *end)) {
        fail("qemu_strtosz('%s') with end: %d %" PRIu64 " '%s'", s, ret2, v2,
             end);
    }
    if (ret2 == 0) {
        /* The prefix it took parses alone to the same size. */
        g_autofree char *prefix = g_strndup(s, end - s);
        uint64_t v3;

        if (parse(prefix, NULL, &v3) != 0 || v3 != v2) {
            fail("qemu_strtosz('%s') took '%s', which alone does not parse "
                 "to %" PRIu64,
                 s, prefix, v2);
        }
    }
    if (ret == 0 && !mib) {
        /* Printed as bytes, it parses back. */
        char buf[32];
        uint64_t v4;

        snprintf(buf, sizeof(buf), "%" PRIu64, v);
        if (qemu_strtosz(buf, NULL, &v4) != 0 || v4 != v) {
            fail("qemu_strtosz('%s') = %" PRIu64 " does not parse back", s, v);
        }
        g_free(size_to_str(v));
    }
}

static void check_numbers(const char *s, int base, bool is_signed)
{
    char buf[32];
    int ret;

    if (is_signed) {
        int64_t v = 1, v2;

        ret = qemu_strtoi64(s, NULL, base, &v);
        if (ret == -EINVAL && v != 0) {
            fail("qemu_strtoi64('%s') = -EINVAL with %" PRId64, s, v);
        }
        if (ret == 0) {
            snprintf(buf, sizeof(buf), "%" PRId64, v);
            if (qemu_strtoi64(buf, NULL, 10, &v2) != 0 || v2 != v) {
                fail("qemu_strtoi64('%s') = %" PRId64 " does not parse back", s,
                     v);
            }
        }
    } else {
        uint64_t v = 1, v2;

        ret = qemu_strtou64(s, NULL, base, &v);
        if (ret == -EINVAL && v != 0) {
            fail("qemu_strtou64('%s') = -EINVAL with %" PRIu64, s, v);
        }
        if (ret == 0) {
            snprintf(buf, sizeof(buf), "%" PRIu64, v);
            if (qemu_strtou64(buf, NULL, 10, &v2) != 0 || v2 != v) {
                fail("qemu_strtou64('%s') = %" PRIu64 " does not parse back", s,
                     v);
            }
        }
    }
    if (ret != 0 && ret != -EINVAL && ret != -ERANGE) {
        fail("qemu_strto*('%s') returned %d", s, ret);
    }
}

static void check_chr_compat(const char *s, bool mux)
{
    Error *err = NULL;
    QemuOpts *opts;
    Capture cap;
    Reports r;

    capture_begin(&cap);
    opts = qemu_chr_parse_compat(mux ? NULL : "chr0", s, mux, &err);
    capture_end(&cap);
    r = count_reports(cap.err);
    check_error("qemu_chr_parse_compat", err);
    /* Documented: the reason goes to errp or to stderr, or nowhere. */
    if ((opts && (err || r.errors)) || r.errors + !!err > 1 || cap.out_len) {
        fail("qemu_chr_parse_compat('%s') = %p with %s Error and: %s%s", s,
             (void *)opts, err ? "an" : "no", cap.out, cap.err);
    }
    capture_free(&cap);
    error_free(err);
    check_round_trips();
}

static void fuzz_scalar(const uint8_t *data, size_t size)
{
    g_autofree char *s = NULL;
    Scalar which;
    Error *err = NULL;
    bool b;

    if (size < 1) {
        return;
    }
    which = data[0] % SCALAR_COUNT;
    s = g_strndup((const char *)data + 1, size - 1);
    switch (which) {
    case SCALAR_STRTOSZ:
    case SCALAR_STRTOSZ_MIB:
        check_size(s, which == SCALAR_STRTOSZ_MIB);
        break;
    case SCALAR_STRTOU64:
    case SCALAR_STRTOI64:
        check_numbers(s, (int[]){0, 10, 16, 8}[(data[0] / SCALAR_COUNT) % 4],
                      which == SCALAR_STRTOI64);
        break;
    case SCALAR_BOOL:
        if (qapi_bool_parse("x", s, &b, &err) == !!err) {
            fail("qapi_bool_parse('%s'): result and Error disagree", s);
        }
        error_free(err);
        break;
    case SCALAR_ID:
        /* A well-formed id is one qemu_opts_create() takes. */
        if (id_wellformed(s)) {
            if (!qemu_opts_create(&qemu_device_opts, s, 1, &err)) {
                fail("qemu_opts_create() refused the well-formed id '%s': %s",
                     s, error_get_pretty(err));
            }
            check_round_trips();
        }
        break;
    case SCALAR_CHR_COMPAT:
        check_chr_compat(s, data[0] / SCALAR_COUNT % 2);
        break;
    case SCALAR_HELP_OPTION:
    default:
        /*
         * has_help_option() and the parser agree on what asks for help
         * (the parser may stop at an error before it).
         */
        if (has_help_option(s)) {
            bool help = false;
            QemuOpts *opts;
            Capture cap;

            capture_begin(&cap);
            opts =
                qemu_opts_parse_help(&qemu_device_opts, s, false, &help, &err);
            capture_end(&cap);
            capture_free(&cap);
            if (opts || help == !!err) {
                fail("has_help_option('%s') but the parser says help=%d, "
                     "%s Error",
                     s, help, err ? "an" : "no");
            }
            error_free(err);
        }
        break;
    }
}

/* ---- libFuzzer's entry points ---- */

static bool has_flag(int argc, char **argv, const char *prefix)
{
    for (int i = 1; i < argc; i++) {
        if (g_str_has_prefix(argv[i], prefix)) {
            return true;
        }
    }
    return false;
}

static void list_targets(void)
{
    printf("fuzz-opts: modes (first input byte modulo %d):\n", MODE_COUNT);
    for (int m = 0; m < MODE_COUNT; m++) {
        printf("  %d %s\n", m, mode_names[m]);
    }
    printf("group mode: groups (byte 1 modulo the count):\n");
    for (QemuOptsList *const *l = emu_option_groups(); *l; l++) {
        printf("  %s\n", (*l)->name);
    }
    printf("group mode: parsers (byte 2 / 2 modulo %d; bit 0: "
           "permit_abbrev):\n",
           PARSE_COUNT);
    for (int p = 0; p < PARSE_COUNT; p++) {
        printf("  %s\n", parser_names[p]);
    }
    printf("scalar mode: parsers (byte 1 modulo %d):\n", SCALAR_COUNT);
    for (int s = 0; s < SCALAR_COUNT; s++) {
        printf("  %s\n", scalar_names[s]);
    }
    fflush(stdout);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    emu_register_option_groups();
    error_set_progname(PROGNAME);
    config_fd = memfd_create("fuzz-opts.cfg", 0);
    if (config_fd < 0) {
        perror("memfd_create");
        abort();
    }
    config_path = g_strdup_printf("/proc/self/fd/%d", config_fd);
    if (has_flag(*argc, *argv, "-runs=0")) {
        list_targets();
    }
#ifdef FUZZ_OPTS_LIBFUZZER
    {
        /* Fail on a hang or a memory growth even when run without flags. */
        GPtrArray *args = g_ptr_array_new();

        for (int i = 0; i < *argc; i++) {
            g_ptr_array_add(args, (*argv)[i]);
        }
        if (!has_flag(*argc, *argv, "-timeout=")) {
            g_ptr_array_add(args, (char *)"-timeout=10");
        }
        if (!has_flag(*argc, *argv, "-rss_limit_mb=")) {
            g_ptr_array_add(args, (char *)"-rss_limit_mb=2048");
        }
        if (!has_flag(*argc, *argv, "-dict=") &&
            g_file_test(FUZZ_OPTS_DICT, G_FILE_TEST_IS_REGULAR)) {
            g_ptr_array_add(args, (char *)"-dict=" FUZZ_OPTS_DICT);
        }
        *argc = args->len;
        g_ptr_array_add(args, NULL);
        fuzz_argv = (char **)g_ptr_array_free(args, false);
        *argv = fuzz_argv;
    }
#endif
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || memchr(data, 0x1f, size) ||
        memmem(data, size, "warning:", 8)) {
        return 0;
    }
    switch ((Mode)(data[0] % MODE_COUNT)) {
    case MODE_GROUP:
        fuzz_group(data + 1, size - 1);
        break;
    case MODE_CMDLINE:
        fuzz_cmdline(data + 1, size - 1);
        break;
    case MODE_READCONFIG:
        fuzz_readconfig(data + 1, size - 1);
        break;
    case MODE_SCALAR:
    default:
        fuzz_scalar(data + 1, size - 1);
        break;
    }
    /* Inputs are independent: nothing stays for the next one. */
    emu_option_groups_reset();
    loc_set_none();
    return 0;
}
