/*
 * QemuOpts: option lists, option sets and the "key=value,..." parser,
 * with the rules and messages of QEMU 7.2 (see opts/qemu-option.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "opts/qemu-option.h"
#include "qemu-option-internal.h"
#include "util/cutils.h"
#include "util/error-report.h"
#include "util/error.h"

typedef union QemuOptValue {
    bool boolean;
    uint64_t uint;
} QemuOptValue;

struct QemuOpt {
    char *name;
    char *str;
    /* The entry that checked str (list's desc[] or qemu_opts_validate's). */
    const QemuOptDesc *desc;
    QemuOptValue value;
    QemuOpts *opts;
    GList link; /* in opts->head, data == this */
};

struct QemuOpts {
    char *id;
    QemuOptsList *list;
    /* Where the set was created, for messages about it later. */
    Location loc;
    GQueue head; /* of QemuOpt */
    GList link;  /* in list->opts, data == this */
};

/* ---- Descriptions and typed values ---- */

static bool opts_accepts_any(const QemuOptsList *list)
{
    return list->desc[0].name == NULL;
}

static const QemuOptDesc *find_desc_by_name(const QemuOptDesc *desc,
                                            const char *name)
{
    int i;

    for (i = 0; desc && desc[i].name; i++) {
        if (!strcmp(desc[i].name, name)) {
            return &desc[i];
        }
    }
    return NULL;
}

static const QemuOptDesc *find_default_by_name(QemuOpts *opts, const char *name)
{
    const QemuOptDesc *desc = find_desc_by_name(opts->list->desc, name);

    return desc && desc->def_value_str ? desc : NULL;
}

static bool starts_with_minus(const char *s)
{
    while (g_ascii_isspace(*s)) {
        s++;
    }
    return *s == '-';
}

static bool parse_option_number(const char *name, const char *value,
                                uint64_t *ret, Error **errp)
{
    uint64_t number;
    int err;

    err = qemu_strtou64(value, NULL, 0, &number);
    if (err == -ERANGE && starts_with_minus(value)) {
        /* QEMU 7.2 wraps "-1" around to 2^64-1; emu refuses it. */
        error_setg(errp, "Parameter '%s' expects a non-negative number", name);
        return false;
    }
    if (err == -ERANGE) {
        error_setg(errp, "Value '%s' is too large for parameter '%s'", value,
                   name);
        return false;
    }
    if (err) {
        error_setg(errp, "Parameter '%s' expects a number", name);
        return false;
    }
    *ret = number;
    return true;
}

static bool parse_option_size(const char *name, const char *value,
                              uint64_t *ret, Error **errp)
{
    ERRP_GUARD();
    uint64_t size;
    int err;

    err = qemu_strtosz(value, NULL, &size);
    if (err == -ERANGE) {
        error_setg(errp, "Value '%s' is out of range for parameter '%s'", value,
                   name);
        return false;
    }
    if (err) {
        error_setg(errp,
                   "Parameter '%s' expects a non-negative number below 2^64",
                   name);
        error_append_hint(errp, QEMU_SIZE_SUFFIX_HINT);
        return false;
    }
    *ret = size;
    return true;
}

/* Parse str as a value of type; strings always succeed. */
static bool parse_value_as(QemuOptType type, const char *name, const char *str,
                           QemuOptValue *out, Error **errp)
{
    switch (type) {
    case QEMU_OPT_BOOL:
        return qapi_bool_parse(name, str, &out->boolean, errp);
    case QEMU_OPT_NUMBER:
        return parse_option_number(name, str, &out->uint, errp);
    case QEMU_OPT_SIZE:
        return parse_option_size(name, str, &out->uint, errp);
    case QEMU_OPT_STRING:
    default:
        return true;
    }
}

/* ---- Values of one set ---- */

static QemuOpt *opt_new(QemuOpts *opts, char *name, char *str)
{
    QemuOpt *opt = g_new0(QemuOpt, 1);

    opt->name = name;
    opt->str = str;
    opt->opts = opts;
    opt->link.data = opt;
    return opt;
}

static void opt_free(QemuOpt *opt)
{
    g_free(opt->name);
    g_free(opt->str);
    g_free(opt);
}

static void opt_del(QemuOpt *opt)
{
    g_queue_unlink(&opt->opts->head, &opt->link);
    opt_free(opt);
}

/* Check a new opt against its list's desc[] and parse its value. */
static bool opt_validate(QemuOpt *opt, Error **errp)
{
    const QemuOptsList *list = opt->opts->list;
    const QemuOptDesc *desc;

    /* QEMU lets desc-less lists store "", which nothing can look up. */
    if (!opt->name[0]) {
        error_setg(errp, "Invalid parameter '%s'", opt->name);
        return false;
    }
    desc = find_desc_by_name(list->desc, opt->name);
    if (!desc && !opts_accepts_any(list)) {
        error_setg(errp, "Invalid parameter '%s'", opt->name);
        return false;
    }
    opt->desc = desc;
    if (!desc) {
        return true;
    }
    return parse_value_as(desc->type, opt->name, opt->str, &opt->value, errp);
}

QemuOpt *qemu_opt_find(QemuOpts *opts, const char *name)
{
    GList *l;

    if (!opts || !name) {
        return NULL;
    }
    /* Last one wins: search from the end. */
    for (l = opts->head.tail; l; l = l->prev) {
        QemuOpt *opt = l->data;

        if (!strcmp(opt->name, name)) {
            return opt;
        }
    }
    return NULL;
}

static int qemu_opt_del_all(QemuOpts *opts, const char *name)
{
    GList *l, *next;
    int n = 0;

    for (l = opts->head.head; l; l = next) {
        QemuOpt *opt = l->data;

        next = l->next;
        if (!strcmp(opt->name, name)) {
            opt_del(opt);
            n++;
        }
    }
    return n;
}

const char *qemu_opt_get(QemuOpts *opts, const char *name)
{
    const QemuOptDesc *desc;
    QemuOpt *opt;

    if (!opts || !name) {
        return NULL;
    }
    opt = qemu_opt_find(opts, name);
    if (opt) {
        return opt->str;
    }
    desc = find_default_by_name(opts, name);
    return desc ? desc->def_value_str : NULL;
}

char *qemu_opt_get_del(QemuOpts *opts, const char *name)
{
    const QemuOptDesc *desc;
    QemuOpt *opt;
    char *str;

    if (!opts || !name) {
        return NULL;
    }
    opt = qemu_opt_find(opts, name);
    if (!opt) {
        desc = find_default_by_name(opts, name);
        return g_strdup(desc ? desc->def_value_str : NULL);
    }
    str = opt->str;
    opt->str = NULL;
    qemu_opt_del_all(opts, name);
    return str;
}

bool qemu_opt_has_help_opt(QemuOpts *opts)
{
    GList *l;

    if (!opts) {
        return false;
    }
    for (l = opts->head.head; l; l = l->next) {
        QemuOpt *opt = l->data;

        if (is_help_option(opt->name)) {
            return true;
        }
    }
    return false;
}

/*
 * The typed value of name, or false if it is absent without default or
 * does not parse as type.  del: remove every value of name afterwards.
 */
static bool opt_get_typed(QemuOpts *opts, const char *name, QemuOptType type,
                          bool del, QemuOptValue *out)
{
    const QemuOptDesc *desc;
    QemuOpt *opt;
    bool ok;

    if (!opts || !name) {
        return false;
    }
    opt = qemu_opt_find(opts, name);
    if (!opt) {
        desc = find_default_by_name(opts, name);
        return desc &&
               parse_value_as(type, name, desc->def_value_str, out, NULL);
    }
    if (opt->desc && opt->desc->type == type) {
        *out = opt->value;
        ok = true;
    } else {
        ok = parse_value_as(type, name, opt->str, out, NULL);
    }
    if (del) {
        qemu_opt_del_all(opts, name);
    }
    return ok;
}

static bool opt_get_bool(QemuOpts *opts, const char *name, bool defval,
                         bool del)
{
    QemuOptValue v;

    return opt_get_typed(opts, name, QEMU_OPT_BOOL, del, &v) ? v.boolean
                                                             : defval;
}

static uint64_t opt_get_uint(QemuOpts *opts, const char *name, QemuOptType type,
                             uint64_t defval, bool del)
{
    QemuOptValue v;

    return opt_get_typed(opts, name, type, del, &v) ? v.uint : defval;
}

bool qemu_opt_get_bool(QemuOpts *opts, const char *name, bool defval)
{
    return opt_get_bool(opts, name, defval, false);
}

uint64_t qemu_opt_get_number(QemuOpts *opts, const char *name, uint64_t defval)
{
    return opt_get_uint(opts, name, QEMU_OPT_NUMBER, defval, false);
}

uint64_t qemu_opt_get_size(QemuOpts *opts, const char *name, uint64_t defval)
{
    return opt_get_uint(opts, name, QEMU_OPT_SIZE, defval, false);
}

bool qemu_opt_get_bool_del(QemuOpts *opts, const char *name, bool defval)
{
    return opt_get_bool(opts, name, defval, true);
}

uint64_t qemu_opt_get_number_del(QemuOpts *opts, const char *name,
                                 uint64_t defval)
{
    return opt_get_uint(opts, name, QEMU_OPT_NUMBER, defval, true);
}

uint64_t qemu_opt_get_size_del(QemuOpts *opts, const char *name,
                               uint64_t defval)
{
    return opt_get_uint(opts, name, QEMU_OPT_SIZE, defval, true);
}

int qemu_opt_unset(QemuOpts *opts, const char *name)
{
    if (!opts || !name) {
        return 0;
    }
    return qemu_opt_del_all(opts, name);
}

bool qemu_opt_set(QemuOpts *opts, const char *name, const char *value,
                  Error **errp)
{
    QemuOpt *opt;

    /*
     * The parser never stores "id" (it names the set) and cannot produce
     * a key with '=': refuse them so that every set prints and parses back.
     */
    if (!strcmp(name, "id") || strchr(name, '=')) {
        error_setg(errp, "Invalid parameter '%s'", name);
        return false;
    }
    opt = opt_new(opts, g_strdup(name), g_strdup(value ? value : ""));
    if (!opt_validate(opt, errp)) {
        opt_free(opt);
        return false;
    }
    g_queue_push_tail_link(&opts->head, &opt->link);
    return true;
}

bool qemu_opt_set_bool(QemuOpts *opts, const char *name, bool val, Error **errp)
{
    return qemu_opt_set(opts, name, val ? "on" : "off", errp);
}

bool qemu_opt_set_number(QemuOpts *opts, const char *name, int64_t val,
                         Error **errp)
{
    char buf[32];

    snprintf(buf, sizeof(buf), "%" PRId64, val);
    return qemu_opt_set(opts, name, buf, errp);
}

int qemu_opt_foreach(QemuOpts *opts, qemu_opt_loopfunc func, void *opaque,
                     Error **errp)
{
    GList *l, *next;
    int rc;

    for (l = opts->head.head; l; l = next) {
        QemuOpt *opt = l->data;

        next = l->next;
        rc = func(opaque, opt->name, opt->str, errp);
        if (rc) {
            return rc;
        }
    }
    return 0;
}

/* ---- Sets ---- */

QemuOpts *qemu_opts_find(QemuOptsList *list, const char *id)
{
    GList *l;

    for (l = list->opts.head; l; l = l->next) {
        QemuOpts *opts = l->data;

        if (!id && !opts->id) {
            return opts;
        }
        if (id && opts->id && !strcmp(id, opts->id)) {
            return opts;
        }
    }
    return NULL;
}

QemuOpts *qemu_opts_create(QemuOptsList *list, const char *id,
                           int fail_if_exists, Error **errp)
{
    ERRP_GUARD();
    QemuOpts *opts;

    if (list->merge_lists) {
        if (id) {
            error_setg(errp, "Invalid parameter '%s'", "id");
            return NULL;
        }
        opts = qemu_opts_find(list, NULL);
        if (opts) {
            return opts;
        }
    } else if (id) {
        if (!id_wellformed(id)) {
            error_setg(errp, "Parameter '%s' expects %s", "id",
                       "an identifier");
            error_append_hint(errp, "Identifiers consist of letters, "
                                    "digits, '-', '.', '_', starting with "
                                    "a letter.\n");
            return NULL;
        }
        opts = qemu_opts_find(list, id);
        if (opts) {
            if (fail_if_exists) {
                error_setg(errp, "Duplicate ID '%s' for %s", id, list->name);
                return NULL;
            }
            return opts;
        }
    }
    opts = g_new0(QemuOpts, 1);
    opts->id = g_strdup(id);
    opts->list = list;
    loc_save(&opts->loc);
    g_queue_init(&opts->head);
    opts->link.data = opts;
    g_queue_push_tail_link(&list->opts, &opts->link);
    return opts;
}

void qemu_opts_del(QemuOpts *opts)
{
    GList *l;

    if (!opts) {
        return;
    }
    while ((l = g_queue_pop_head_link(&opts->head))) {
        opt_free(l->data);
    }
    g_queue_unlink(&opts->list->opts, &opts->link);
    g_free(opts->id);
    g_free(opts);
}

const char *qemu_opts_id(QemuOpts *opts)
{
    return opts->id;
}

void qemu_opts_set_id(QemuOpts *opts, char *id)
{
    g_free(opts->id);
    opts->id = id;
}

QemuOptsList *qemu_opts_list(QemuOpts *opts)
{
    return opts->list;
}

void qemu_opts_loc_restore(QemuOpts *opts)
{
    loc_restore(&opts->loc);
}

unsigned qemu_opts_count_values(QemuOpts *opts)
{
    return opts->head.length;
}

void qemu_opts_truncate_values(QemuOpts *opts, unsigned n)
{
    while (opts->head.length > n) {
        opt_del(opts->head.tail->data);
    }
}

void qemu_opts_reset(QemuOptsList *list)
{
    while (list->opts.head) {
        qemu_opts_del(list->opts.head->data);
    }
}

/* ---- The parser ---- */

/* One "name=value", "flag", "noflag" or implied "value" element. */
typedef struct OptElem {
    char *name;
    char *value;
    bool is_flag; /* short form, deserves the deprecation warning */
    bool negated; /* "noflag" */
    bool is_help; /* bare "help" or "?" */
    bool has_eq;  /* "name=value" */
} OptElem;

/*
 * Copy text from *pp up to a single ',' (or, with stop_at_eq, a '='),
 * turning ",," into ','; leave *pp at the character that stopped it.
 */
static char *scan_text(const char **pp, bool stop_at_eq)
{
    GString *s = g_string_new(NULL);
    const char *p = *pp;

    while (*p) {
        if (*p == ',') {
            if (p[1] != ',') {
                break;
            }
            g_string_append_c(s, ',');
            p += 2;
        } else if (*p == '=' && stop_at_eq) {
            break;
        } else {
            g_string_append_c(s, *p);
            p++;
        }
    }
    *pp = p;
    return g_string_free(s, false);
}

/* Split the element at p into e; return where the next element starts. */
static const char *get_opt_elem(const char *p, const char *firstname,
                                OptElem *e)
{
    char *text = scan_text(&p, true);

    memset(e, 0, sizeof(*e));
    if (*p == '=') {
        p++;
        e->has_eq = true;
        e->name = text;
        e->value = scan_text(&p, false);
    } else if (firstname) {
        /* Without '=' the text up to the comma is the whole value. */
        e->name = g_strdup(firstname);
        e->value = text;
    } else if (g_str_has_prefix(text, "no")) {
        e->name = g_strdup(text + 2);
        e->value = g_strdup("off");
        e->is_flag = true;
        e->negated = true;
        g_free(text);
    } else {
        e->is_help = is_help_option(text);
        e->is_flag = !e->is_help;
        e->name = text;
        e->value = g_strdup("on");
    }
    if (*p == ',') {
        p++;
    }
    return p;
}

static void elem_clear(OptElem *e)
{
    g_free(e->name);
    g_free(e->value);
}

static void warn_short_flag(const OptElem *e)
{
    warn_report("short-form boolean option '%s%s' deprecated",
                e->negated ? "no" : "", e->name);
    if (!strcmp(e->name, "delay")) {
        /* QEMU's hint: chardev "delay" has the long form "nodelay". */
        fprintf(stderr, "Please use nodelay=%s instead\n",
                e->negated ? "on" : "off");
    } else {
        fprintf(stderr, "Please use %s=%s instead\n", e->name, e->value);
    }
}

/*
 * Parse params into opts.  The new values are collected first and added
 * only if all of params is good, after (or with prepend, before) the
 * existing ones.  Returns false on error and when help was asked for
 * (*help_wanted set, no error).
 */
static bool opts_do_parse(QemuOpts *opts, const char *params,
                          const char *firstname, bool warn_on_flag,
                          bool *help_wanted, bool prepend, Error **errp)
{
    GQueue added = G_QUEUE_INIT;
    const char *p = params ? params : "";
    GList *l;
    bool ok = true;

    while (*p) {
        OptElem e;
        QemuOpt *opt;

        p = get_opt_elem(p, firstname, &e);
        firstname = NULL;
        if (e.is_help && help_wanted) {
            *help_wanted = true;
            elem_clear(&e);
            ok = false;
            break;
        }
        if (e.is_flag && warn_on_flag && e.name[0]) {
            warn_short_flag(&e);
        }
        if (!strcmp(e.name, "id") && e.has_eq) {
            /* Already taken by opts_parse_id(). */
            elem_clear(&e);
            continue;
        }
        if (!strcmp(e.name, "id")) {
            /* QEMU would take "id"/"noid" as id=on/off; emu refuses. */
            error_setg(errp, "Invalid parameter '%s'", e.name);
            elem_clear(&e);
            ok = false;
            break;
        }
        opt = opt_new(opts, e.name, e.value);
        if (!opt_validate(opt, errp)) {
            opt_free(opt);
            ok = false;
            break;
        }
        g_queue_push_tail_link(&added, &opt->link);
    }

    if (!ok) {
        while ((l = g_queue_pop_head_link(&added))) {
            opt_free(l->data);
        }
        return false;
    }
    if (prepend) {
        while ((l = g_queue_pop_tail_link(&added))) {
            g_queue_push_head_link(&opts->head, l);
        }
    } else {
        while ((l = g_queue_pop_head_link(&added))) {
            g_queue_push_tail_link(&opts->head, l);
        }
    }
    return true;
}

/* The value of the first "id" element of params, or NULL. */
static char *opts_parse_id(const char *params)
{
    const char *p = params;

    while (*p) {
        OptElem e;

        p = get_opt_elem(p, NULL, &e);
        if (e.has_eq && !strcmp(e.name, "id")) {
            g_free(e.name);
            return e.value;
        }
        elem_clear(&e);
    }
    return NULL;
}

static QemuOpts *opts_parse(QemuOptsList *list, const char *params,
                            bool permit_abbrev, bool warn_on_flag,
                            bool *help_wanted, bool defaults, Error **errp)
{
    const char *firstname = permit_abbrev ? list->implied_opt_name : NULL;
    QemuOpts *opts = NULL;
    bool existed;
    char *id;

    params = params ? params : "";
    id = opts_parse_id(params);
    if (defaults && !id) {
        /* Defaults go to the set the options given later will use. */
        opts = qemu_opts_find(list, NULL);
    }
    if (opts) {
        existed = true;
    } else {
        existed = list->merge_lists ? qemu_opts_find(list, NULL) != NULL
                                    : id && qemu_opts_find(list, id);
        opts =
            qemu_opts_create(list, id, !defaults && !list->merge_lists, errp);
    }
    g_free(id);
    if (!opts) {
        return NULL;
    }
    if (!opts_do_parse(opts, params, firstname, warn_on_flag, help_wanted,
                       defaults, errp)) {
        if (!existed) {
            qemu_opts_del(opts);
        }
        return NULL;
    }
    return opts;
}

QemuOpts *qemu_opts_parse(QemuOptsList *list, const char *params,
                          bool permit_abbrev, Error **errp)
{
    return opts_parse(list, params, permit_abbrev, false, NULL, false, errp);
}

QemuOpts *qemu_opts_parse_help(QemuOptsList *list, const char *params,
                               bool permit_abbrev, bool *help_wanted,
                               Error **errp)
{
    return opts_parse(list, params, permit_abbrev, true, help_wanted, false,
                      errp);
}

QemuOpts *qemu_opts_parse_noisily(QemuOptsList *list, const char *params,
                                  bool permit_abbrev)
{
    Error *err = NULL;
    bool help_wanted = false;
    QemuOpts *opts;

    /* A list that takes any key leaves "help" to its consumer. */
    opts =
        opts_parse(list, params, permit_abbrev, true,
                   opts_accepts_any(list) ? NULL : &help_wanted, false, &err);
    if (!opts) {
        if (help_wanted) {
            qemu_opts_print_help(list, true);
        } else if (err) {
            error_report_err(err);
        }
    }
    return opts;
}

bool qemu_opts_do_parse(QemuOpts *opts, const char *params,
                        const char *firstname, Error **errp)
{
    return opts_do_parse(opts, params, firstname, false, NULL, false, errp);
}

bool has_help_option(const char *params)
{
    const char *p = params ? params : "";

    while (*p) {
        OptElem e;
        bool help;

        p = get_opt_elem(p, NULL, &e);
        help = e.is_help;
        elem_clear(&e);
        if (help) {
            return true;
        }
    }
    return false;
}

bool qemu_opts_validate(QemuOpts *opts, const QemuOptDesc *desc, Error **errp)
{
    GList *l;

    /* Check everything before changing anything. */
    for (l = opts->head.head; l; l = l->next) {
        QemuOpt *opt = l->data;
        const QemuOptDesc *d = find_desc_by_name(desc, opt->name);
        QemuOptValue v;

        if (!d) {
            error_setg(errp, "Invalid parameter '%s'", opt->name);
            return false;
        }
        if (!parse_value_as(d->type, opt->name, opt->str, &v, errp)) {
            return false;
        }
    }
    for (l = opts->head.head; l; l = l->next) {
        QemuOpt *opt = l->data;

        opt->desc = find_desc_by_name(desc, opt->name);
        parse_value_as(opt->desc->type, opt->name, opt->str, &opt->value, NULL);
    }
    return true;
}

void qemu_opts_set_defaults(QemuOptsList *list, const char *params,
                            int permit_abbrev)
{
    Error *err = NULL;

    if (!opts_parse(list, params, permit_abbrev, false, NULL, true, &err)) {
        error_report_err(err);
    }
}

int qemu_opts_foreach(QemuOptsList *list, qemu_opts_loopfunc func, void *opaque,
                      Error **errp)
{
    Location loc;
    GList *l, *next;
    int rc = 0;

    loc_push_none(&loc);
    for (l = list->opts.head; l; l = next) {
        QemuOpts *opts = l->data;

        next = l->next;
        loc_restore(&opts->loc);
        rc = func(opaque, opts, errp);
        if (rc) {
            break;
        }
    }
    loc_pop(&loc);
    return rc;
}

static void append_escaped(GString *s, const char *text)
{
    for (; *text; text++) {
        if (*text == ',') {
            g_string_append_c(s, ',');
        }
        g_string_append_c(s, *text);
    }
}

char *qemu_opts_to_string(QemuOpts *opts)
{
    GString *s = g_string_new(NULL);
    GList *l;

    if (opts->id) {
        g_string_append(s, "id=");
        append_escaped(s, opts->id);
    }
    for (l = opts->head.head; l; l = l->next) {
        QemuOpt *opt = l->data;

        if (s->len) {
            g_string_append_c(s, ',');
        }
        append_escaped(s, opt->name);
        g_string_append_c(s, '=');
        append_escaped(s, opt->str);
    }
    return g_string_free(s, false);
}

static const char *opt_type_to_string(QemuOptType type)
{
    switch (type) {
    case QEMU_OPT_BOOL:
        return "bool (on/off)";
    case QEMU_OPT_NUMBER:
        return "num";
    case QEMU_OPT_SIZE:
        return "size";
    case QEMU_OPT_STRING:
    default:
        return "str";
    }
}

static gint compare_lines(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void qemu_opts_print_help(QemuOptsList *list, bool print_caption)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    const QemuOptDesc *desc;
    guint i;

    for (desc = list->desc; desc->name; desc++) {
        GString *s = g_string_new(NULL);

        g_string_append_printf(s, "  %s=<%s>", desc->name,
                               opt_type_to_string(desc->type));
        if (desc->help) {
            /* QEMU aligns the help of short entries at column 24. */
            while (s->len < 24) {
                g_string_append_c(s, ' ');
            }
            g_string_append_printf(s, " - %s", desc->help);
        }
        g_ptr_array_add(lines, g_string_free(s, false));
    }
    /* Sorting whole lines, as QEMU, puts "a-b=" before "a=". */
    g_ptr_array_sort(lines, compare_lines);
    if (lines->len == 0) {
        if (list->name) {
            printf("There are no options for %s.\n", list->name);
        } else {
            printf("No options.\n");
        }
    } else if (print_caption) {
        if (list->name) {
            printf("%s options:\n", list->name);
        } else {
            printf("Options:\n");
        }
    }
    for (i = 0; i < lines->len; i++) {
        printf("%s\n", (const char *)g_ptr_array_index(lines, i));
    }
    g_ptr_array_free(lines, true);
}

bool is_help_option(const char *s)
{
    return s && (!strcmp(s, "?") || !strcmp(s, "help"));
}

bool id_wellformed(const char *id)
{
    int i;

    if (!id || !g_ascii_isalpha(id[0])) {
        return false;
    }
    for (i = 1; id[i]; i++) {
        if (!g_ascii_isalnum(id[i]) && !strchr("-._", id[i])) {
            return false;
        }
    }
    return true;
}

/* ---- The registry ---- */

/* NULL-terminated, in registration order. */
static QemuOptsList **registry;
static size_t registry_len;

QemuOptsList **qemu_opts_registered_lists(void)
{
    static QemuOptsList *empty[1];

    return registry ? registry : empty;
}

void qemu_add_opts(QemuOptsList *list)
{
    size_t i;

    for (i = 0; i < registry_len; i++) {
        if (registry[i] == list) {
            return;
        }
    }
    registry = g_renew(QemuOptsList *, registry, registry_len + 2);
    registry[registry_len++] = list;
    registry[registry_len] = NULL;
}

QemuOptsList *qemu_find_opts_err(const char *group, Error **errp)
{
    size_t i;

    for (i = 0; group && i < registry_len; i++) {
        if (!strcmp(registry[i]->name, group)) {
            return registry[i];
        }
    }
    error_setg(errp, "There is no option group '%s'", group ? group : "");
    return NULL;
}

QemuOptsList *qemu_find_opts(const char *group)
{
    Error *err = NULL;
    QemuOptsList *list = qemu_find_opts_err(group, &err);

    if (!list) {
        error_report_err(err);
    }
    return list;
}

QemuOpts *qemu_find_opts_singleton(const char *group)
{
    QemuOptsList *list = qemu_find_opts(group);
    QemuOpts *opts;

    if (!list) {
        return NULL;
    }
    opts = qemu_opts_find(list, NULL);
    if (!opts) {
        opts = qemu_opts_create(list, NULL, 0, NULL);
    }
    return opts;
}
