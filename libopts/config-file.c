/*
 * -readconfig / -writeconfig in QEMU's config file format, and -set
 * (see opts/config-file.h for the format and emu's extensions).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "opts/config-file.h"
#include "qemu-option-internal.h"
#include "util/error-report.h"
#include "util/error.h"

/* Far beyond any real option value; keeps a binary file from eating RAM. */
#define CONFIG_LINE_MAX (64 * 1024)

typedef enum ReadResult {
    READ_LINE,
    READ_EOF,
    READ_TOO_LONG,
    READ_ERROR,
} ReadResult;

/* One 'key = "value"' line of the group being read. */
typedef struct ConfigEntry {
    char *key;
    char *value;
    int lno;
} ConfigEntry;

/*
 * The group being read.  Its set is created only at its end, once a key
 * "id" (QEMU 7.2 takes the id from there too) can no longer appear.
 */
typedef struct ConfigGroup {
    QemuOptsList *list; /* NULL before the first group */
    char *id;
    int lno;
    GPtrArray *entries; /* of ConfigEntry */
} ConfigGroup;

static void config_entry_free(gpointer p)
{
    ConfigEntry *e = p;

    g_free(e->key);
    g_free(e->value);
    g_free(e);
}

/* Read one line, without its '\n', into line. */
static ReadResult read_line(FILE *fp, GString *line)
{
    int c;

    g_string_truncate(line, 0);
    while ((c = getc(fp)) != EOF && c != '\n') {
        if (line->len >= CONFIG_LINE_MAX) {
            return READ_TOO_LONG;
        }
        g_string_append_c(line, c);
    }
    if (c == EOF && ferror(fp)) {
        return READ_ERROR;
    }
    if (c == EOF && line->len == 0) {
        return READ_EOF;
    }
    return READ_LINE;
}

static const char *skip_blanks(const char *p)
{
    while (g_ascii_isspace(*p)) {
        p++;
    }
    return p;
}

/*
 * The string in quotes at *pp (which is at the opening '"'), with the
 * escapes \" \\ \n; NULL if the closing quote is missing.  Leaves *pp
 * after the closing quote.
 */
static char *parse_quoted(const char **pp)
{
    GString *s = g_string_new(NULL);
    const char *p = *pp + 1;

    for (;;) {
        if (*p == '\0') {
            g_string_free(s, true);
            return NULL;
        }
        if (*p == '"') {
            break;
        }
        if (*p == '\\' && (p[1] == '"' || p[1] == '\\')) {
            g_string_append_c(s, p[1]);
            p += 2;
        } else if (*p == '\\' && p[1] == 'n') {
            g_string_append_c(s, '\n');
            p += 2;
        } else {
            /* A lone backslash is literal, as QEMU wrote it. */
            g_string_append_c(s, *p);
            p++;
        }
    }
    *pp = p + 1;
    return g_string_free(s, false);
}

/* A non-empty run of characters that are neither blanks nor in stops. */
static char *parse_word(const char **pp, const char *stops)
{
    const char *start = *pp;
    const char *p = start;

    while (*p && !g_ascii_isspace(*p) && !strchr(stops, *p)) {
        p++;
    }
    if (p == start) {
        return NULL;
    }
    *pp = p;
    return g_strndup(start, p - start);
}

/* "[group]" or "[group "id"]" with optional trailing blanks. */
static bool parse_group_line(const char *line, char **group, char **id)
{
    const char *p = line + 1;

    *group = parse_word(&p, "[]\"\\");
    *id = NULL;
    if (!*group) {
        return false;
    }
    p = skip_blanks(p);
    if (*p == '"') {
        *id = parse_quoted(&p);
        if (!*id) {
            goto fail;
        }
        p = skip_blanks(p);
    }
    if (*p != ']' || *skip_blanks(p + 1)) {
        goto fail;
    }
    return true;

fail:
    g_free(*group);
    g_free(*id);
    *group = *id = NULL;
    return false;
}

/* 'key = "value"' (key possibly quoted) with optional blanks around. */
static bool parse_key_line(const char *line, char **key, char **value)
{
    const char *p = skip_blanks(line);

    *value = NULL;
    if (*p == '"') {
        *key = parse_quoted(&p);
    } else {
        *key = parse_word(&p, "=\"");
    }
    if (!*key) {
        return false;
    }
    p = skip_blanks(p);
    if (*p != '=') {
        goto fail;
    }
    p = skip_blanks(p + 1);
    if (*p != '"') {
        goto fail;
    }
    *value = parse_quoted(&p);
    if (!*value || *skip_blanks(p)) {
        goto fail;
    }
    return true;

fail:
    g_free(*key);
    g_free(*value);
    *key = *value = NULL;
    return false;
}

static QemuOptsList *find_list(QemuOptsList **lists, const char *group,
                               Error **errp)
{
    int i;

    for (i = 0; lists[i]; i++) {
        if (!strcmp(lists[i]->name, group)) {
            return lists[i];
        }
    }
    error_setg(errp, "There is no option group '%s'", group);
    return NULL;
}

/* Create the set of the group read so far and give it its values. */
static bool config_group_apply(ConfigGroup *grp, const char *fname,
                               Error **errp)
{
    const char *id = grp->id;
    int id_lno = grp->lno;
    QemuOpts *opts;
    unsigned nvalues;
    bool existed;
    guint i;

    for (i = 0; i < grp->entries->len; i++) {
        ConfigEntry *e = g_ptr_array_index(grp->entries, i);

        if (!strcmp(e->key, "id")) {
            id = e->value;
            id_lno = e->lno;
        }
    }
    loc_set_file(fname, id_lno);
    existed = grp->list->merge_lists && qemu_opts_find(grp->list, NULL);
    opts = qemu_opts_create(grp->list, id, 1, errp);
    if (!opts) {
        return false;
    }
    nvalues = qemu_opts_count_values(opts);
    for (i = 0; i < grp->entries->len; i++) {
        ConfigEntry *e = g_ptr_array_index(grp->entries, i);

        if (!strcmp(e->key, "id")) {
            continue;
        }
        loc_set_file(fname, e->lno);
        if (!qemu_opt_set(opts, e->key, e->value, errp)) {
            /* Keep no half group: the set as it was, or none. */
            if (existed) {
                qemu_opts_truncate_values(opts, nvalues);
            } else {
                qemu_opts_del(opts);
            }
            return false;
        }
    }
    return true;
}

static void config_group_reset(ConfigGroup *grp, QemuOptsList *list, char *id,
                               int lno)
{
    grp->list = list;
    g_free(grp->id);
    grp->id = id;
    grp->lno = lno;
    g_ptr_array_set_size(grp->entries, 0);
}

int qemu_config_parse_loc(FILE *fp, QemuOptsList **lists, const char *fname,
                          Location *errloc, Error **errp)
{
    ConfigGroup grp = {0};
    GString *line = g_string_new(NULL);
    Location loc;
    int lno = 0;
    int count = 0;
    int ret = -1;

    grp.entries = g_ptr_array_new_with_free_func(config_entry_free);
    loc_push_none(&loc);
    for (;;) {
        ReadResult r = read_line(fp, line);
        char *name, *value;

        if (r == READ_EOF) {
            break;
        }
        loc_set_file(fname, ++lno);
        if (r == READ_ERROR) {
            error_setg_errno(errp, errno, "Cannot read config file");
            goto out;
        }
        if (r == READ_TOO_LONG) {
            error_setg(errp, "line too long");
            goto out;
        }
        if (strlen(line->str) != line->len) {
            /* A NUL byte: not a text file. */
            error_setg(errp, "parse error");
            goto out;
        }
        if (line->str[0] == '#' || !*skip_blanks(line->str)) {
            continue;
        }
        if (line->str[0] == '[') {
            QemuOptsList *list;

            if (!parse_group_line(line->str, &name, &value)) {
                error_setg(errp, "parse error");
                goto out;
            }
            /* Finish the previous group first: it was complete. */
            if (grp.list && !config_group_apply(&grp, fname, errp)) {
                g_free(name);
                g_free(value);
                goto out;
            }
            loc_set_file(fname, lno);
            list = find_list(lists, name, errp);
            g_free(name);
            if (!list) {
                g_free(value);
                grp.list = NULL;
                goto out;
            }
            config_group_reset(&grp, list, value, lno);
            count++;
            continue;
        }
        if (!parse_key_line(line->str, &name, &value)) {
            error_setg(errp, "parse error");
            goto out;
        } else if (!grp.list) {
            g_free(name);
            g_free(value);
            error_setg(errp, "no group defined");
            goto out;
        } else {
            ConfigEntry *e = g_new0(ConfigEntry, 1);

            e->key = name;
            e->value = value;
            e->lno = lno;
            g_ptr_array_add(grp.entries, e);
        }
    }
    if (grp.list && !config_group_apply(&grp, fname, errp)) {
        goto out;
    }
    ret = count;

out:
    if (ret < 0 && errloc) {
        loc_save(errloc);
    }
    loc_pop(&loc);
    g_ptr_array_free(grp.entries, true);
    g_free(grp.id);
    g_string_free(line, true);
    return ret;
}

int qemu_config_parse(FILE *fp, QemuOptsList **lists, const char *fname,
                      Error **errp)
{
    return qemu_config_parse_loc(fp, lists, fname, NULL, errp);
}

bool qemu_read_config_file_loc(const char *filename, Location *errloc,
                               Error **errp)
{
    FILE *fp = fopen(filename, "r");
    int ret;

    if (!fp) {
        if (errloc) {
            loc_save(errloc);
        }
        error_setg_errno(errp, errno, "Could not open '%s'", filename);
        return false;
    }
    ret = qemu_config_parse_loc(fp, qemu_opts_registered_lists(), filename,
                                errloc, errp);
    fclose(fp);
    return ret >= 0;
}

bool qemu_read_config_file(const char *filename, Error **errp)
{
    return qemu_read_config_file_loc(filename, NULL, errp);
}

/* ---- Writing ---- */

static void write_quoted(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') {
            fputc('\\', fp);
            fputc(*s, fp);
        } else if (*s == '\n') {
            fputs("\\n", fp);
        } else {
            fputc(*s, fp);
        }
    }
    fputc('"', fp);
}

/* Keys the reader would split or unescape need quotes. */
static bool key_needs_quotes(const char *key)
{
    if (!*key) {
        return true;
    }
    for (; *key; key++) {
        if (g_ascii_isspace(*key) || strchr("\"\\=", *key)) {
            return true;
        }
    }
    return false;
}

static int config_write_opt(void *opaque, const char *name, const char *value,
                            Error **errp)
{
    FILE *fp = opaque;

    fputs("  ", fp);
    if (key_needs_quotes(name)) {
        write_quoted(fp, name);
    } else {
        fputs(name, fp);
    }
    fputs(" = ", fp);
    write_quoted(fp, value);
    fputc('\n', fp);
    return 0;
}

static int config_write_opts(void *opaque, QemuOpts *opts, Error **errp)
{
    FILE *fp = opaque;
    const char *id = qemu_opts_id(opts);

    fprintf(fp, "[%s", qemu_opts_list(opts)->name);
    if (id) {
        fputc(' ', fp);
        write_quoted(fp, id);
    }
    fputs("]\n", fp);
    qemu_opt_foreach(opts, config_write_opt, fp, NULL);
    fputc('\n', fp);
    return 0;
}

void qemu_config_write_lists(FILE *fp, QemuOptsList **lists)
{
    int i;

    fputs("# qemu config file\n\n", fp);
    for (i = 0; lists[i]; i++) {
        qemu_opts_foreach(lists[i], config_write_opts, fp, NULL);
    }
}

void qemu_config_write(FILE *fp)
{
    qemu_config_write_lists(fp, qemu_opts_registered_lists());
}

/* ---- -set ---- */

bool qemu_set_option(const char *str, Error **errp)
{
    const char *dot1, *dot2, *eq;
    g_autofree char *group = NULL;
    g_autofree char *id = NULL;
    g_autofree char *key = NULL;
    QemuOptsList *list;
    QemuOpts *opts;

    /* group.id.key=value; the key may contain dots, the others not. */
    dot1 = strchr(str, '.');
    dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
    eq = dot2 ? strchr(dot2 + 1, '=') : NULL;
    if (!eq || dot1 == str || dot2 == dot1 + 1 || eq == dot2 + 1) {
        error_setg(errp, "can't parse: \"%s\"", str);
        return false;
    }
    group = g_strndup(str, dot1 - str);
    id = g_strndup(dot1 + 1, dot2 - dot1 - 1);
    key = g_strndup(dot2 + 1, eq - dot2 - 1);
    list = qemu_find_opts_err(group, errp);
    if (!list) {
        return false;
    }
    opts = qemu_opts_find(list, id);
    if (!opts) {
        error_setg(errp, "there is no %s \"%s\" defined", group, id);
        return false;
    }
    return qemu_opt_set(opts, key, eq + 1, errp);
}
