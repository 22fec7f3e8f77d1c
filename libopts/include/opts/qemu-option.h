/*
 * QEMU-style options: "key=value,key=value" strings parsed into option
 * sets (QemuOpts) that belong to named option lists (QemuOptsList, one per
 * command-line group such as "drive" or "chardev").
 *
 * Knows nothing of QOM: a list either describes its keys (desc[], checked
 * while parsing) or leaves desc[] empty and accepts any key, to be checked
 * later by whoever consumes it (-device against the device's properties).
 */
#ifndef OPTS_QEMU_OPTION_H
#define OPTS_QEMU_OPTION_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

typedef struct Error Error;

typedef enum QemuOptType {
    QEMU_OPT_STRING = 0, /* no parsing (use string as-is) */
    QEMU_OPT_BOOL,       /* on/off, yes/no, true/false, y/n */
    QEMU_OPT_NUMBER,     /* decimal, 0x hex or 0 octal, unsigned 64 bit */
    QEMU_OPT_SIZE,       /* number with optional k/M/G/T/P/E suffix */
} QemuOptType;

typedef struct QemuOptDesc {
    const char *name;
    QemuOptType type;
    const char *help;
    const char *def_value_str;
} QemuOptDesc;

typedef struct QemuOpt QemuOpt;
typedef struct QemuOpts QemuOpts;

typedef struct QemuOptsList {
    const char *name;
    /* Key of a bare first value: "-machine pc" means "type=pc". */
    const char *implied_opt_name;
    /* All uses of the option add to one set (e.g. -machine). */
    bool merge_lists;
    /* The sets, in the order they were created (private: use foreach). */
    GQueue opts;
    /* Known keys, terminated by an entry with a NULL name; empty: any. */
    QemuOptDesc desc[];
} QemuOptsList;

/* ---- Values of one set ---- */

const char *qemu_opt_get(QemuOpts *opts, const char *name);
/* Take ownership of the value and remove the option (g_free the result). */
char *qemu_opt_get_del(QemuOpts *opts, const char *name);
/* True if the key was given (defaults from desc[] do not count). */
bool qemu_opt_has_help_opt(QemuOpts *opts);
QemuOpt *qemu_opt_find(QemuOpts *opts, const char *name);
bool qemu_opt_get_bool(QemuOpts *opts, const char *name, bool defval);
uint64_t qemu_opt_get_number(QemuOpts *opts, const char *name,
                             uint64_t defval);
uint64_t qemu_opt_get_size(QemuOpts *opts, const char *name,
                           uint64_t defval);
/* Remove every value of name; returns how many were removed. */
int qemu_opt_unset(QemuOpts *opts, const char *name);
/* Set name=value, checked against desc[] if the list has one. */
bool qemu_opt_set(QemuOpts *opts, const char *name, const char *value,
                  Error **errp);
bool qemu_opt_set_bool(QemuOpts *opts, const char *name, bool val,
                       Error **errp);
bool qemu_opt_set_number(QemuOpts *opts, const char *name, int64_t val,
                         Error **errp);

typedef int (*qemu_opt_loopfunc)(void *opaque, const char *name,
                                 const char *value, Error **errp);
/* Each name=value of opts in order; stops at the first non-zero. */
int qemu_opt_foreach(QemuOpts *opts, qemu_opt_loopfunc func, void *opaque,
                     Error **errp);

/* ---- Sets ---- */

QemuOpts *qemu_opts_find(QemuOptsList *list, const char *id);
/*
 * A new empty set with id (NULL: anonymous; checked as an identifier).
 * If a set with id exists: with fail_if_exists "Duplicate ID 'x' for
 * LIST", else the existing set (merge_lists lists always merge).
 */
QemuOpts *qemu_opts_create(QemuOptsList *list, const char *id,
                           int fail_if_exists, Error **errp);
void qemu_opts_del(QemuOpts *opts);
const char *qemu_opts_id(QemuOpts *opts);
void qemu_opts_set_id(QemuOpts *opts, char *id);
QemuOptsList *qemu_opts_list(QemuOpts *opts);
/* Delete every set of list. */
void qemu_opts_reset(QemuOptsList *list);

/*
 * Parse "key=value,..." into a new set of list (or into the existing one
 * of a merge_lists list).  permit_abbrev: a bare first value is the
 * implied key.  Returns NULL with errp on error.  A "help" or "?" key
 * sets *help_wanted (if non-NULL) and returns NULL without an error.
 */
QemuOpts *qemu_opts_parse(QemuOptsList *list, const char *params,
                          bool permit_abbrev, Error **errp);
QemuOpts *qemu_opts_parse_help(QemuOptsList *list, const char *params,
                               bool permit_abbrev, bool *help_wanted,
                               Error **errp);
/* As qemu_opts_parse(); reports errors and prints help for "help". */
QemuOpts *qemu_opts_parse_noisily(QemuOptsList *list, const char *params,
                                  bool permit_abbrev);
/* Parse more "key=value,..." into an existing set. */
bool qemu_opts_do_parse(QemuOpts *opts, const char *params,
                        const char *firstname, Error **errp);

/* Check every value of opts against desc (for desc-less lists). */
bool qemu_opts_validate(QemuOpts *opts, const QemuOptDesc *desc,
                        Error **errp);
/* Fill in values that have defaults in desc[] and are missing. */
void qemu_opts_set_defaults(QemuOptsList *list, const char *params,
                            int permit_abbrev);

typedef int (*qemu_opts_loopfunc)(void *opaque, QemuOpts *opts,
                                  Error **errp);
/* Each set of list in order; stops at and returns the first non-zero. */
int qemu_opts_foreach(QemuOptsList *list, qemu_opts_loopfunc func,
                      void *opaque, Error **errp);

/* "id=x,key=value,..." with commas in values doubled; g_free it. */
char *qemu_opts_to_string(QemuOpts *opts);
/* List the keys with their types and help, as "-chardev help" shows. */
void qemu_opts_print_help(QemuOptsList *list, bool print_caption);

/* True for "help" and "?". */
bool is_help_option(const char *s);
/* Letters, digits, '-', '.', '_', starting with a letter. */
bool id_wellformed(const char *id);

/* ---- The registry of lists (one per command-line group) ---- */

void qemu_add_opts(QemuOptsList *list);
/* NULL if unknown. */
QemuOptsList *qemu_find_opts(const char *group);
/* "There is no option group 'x'" in errp if unknown. */
QemuOptsList *qemu_find_opts_err(const char *group, Error **errp);
/* The first set of group, or NULL. */
QemuOpts *qemu_find_opts_singleton(const char *group);

#endif /* OPTS_QEMU_OPTION_H */
