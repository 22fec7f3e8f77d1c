/*
 * QEMU-style options: "key=value,key=value" strings parsed into option
 * sets (QemuOpts) that belong to named option lists (QemuOptsList, one per
 * command-line group such as "drive" or "chardev").
 *
 * Knows nothing of QOM: a list either describes its keys (desc[], checked
 * while parsing) or leaves desc[] empty and accepts any key, to be checked
 * later by whoever consumes it (-device against the device's properties,
 * or qemu_opts_validate()).
 *
 * The syntax and the messages are those of QEMU 7.2's QemuOpts:
 *   - elements are separated by ','; ",," is a literal comma, in a value
 *     and (an emu addition, QEMU cuts names at any comma) in a key;
 *   - with permit_abbrev, a first element without '=' is the value of the
 *     list's implied_opt_name ("-netdev tap,fd=3" is "type=tap,fd=3");
 *   - otherwise an element without '=' is a flag: "foo" is foo=on and
 *     "nofoo" is foo=off; the noisy parsers warn that this short form is
 *     deprecated, as QEMU does;
 *   - a bare "help" or "?" asks for help (see qemu_opts_parse_help());
 *   - "id=" names the set and is not stored as a key (the first one
 *     counts); an id must be an identifier and unique in its list; a
 *     bare "id" or "noid" is refused (QEMU makes them id=on/off);
 *   - an empty value ("a=") is allowed, an empty key is not;
 *   - a key may be given several times: every value is kept, the getters
 *     see the last one.
 * Values are kept as strings, and for keys described in desc[] also as
 * the parsed bool/number/size, checked when set.
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
    /* Value the getters return when the key is absent (NULL: none). */
    const char *def_value_str;
} QemuOptDesc;

typedef struct QemuOpt QemuOpt;
typedef struct QemuOpts QemuOpts;

typedef struct QemuOptsList {
    const char *name;
    /* Key of a bare first value: "-machine pc" means "type=pc". */
    const char *implied_opt_name;
    /*
     * All uses of the option add to one anonymous set (e.g. -machine);
     * such a list refuses "id=" with "Invalid parameter 'id'", as QEMU.
     */
    bool merge_lists;
    /* The sets, in the order they were created (private: use foreach). */
    GQueue opts;
    /* Known keys, terminated by an entry with a NULL name; empty: any. */
    QemuOptDesc desc[];
} QemuOptsList;

/* ---- Values of one set ---- */

/*
 * The last value given for name, else the default of its desc[] entry,
 * else NULL.  The string belongs to opts.
 */
const char *qemu_opt_get(QemuOpts *opts, const char *name);
/*
 * As qemu_opt_get(), then remove every value of name; the caller owns
 * the result (g_free it).  A default is returned as a copy.
 */
char *qemu_opt_get_del(QemuOpts *opts, const char *name);
/*
 * True if a "help" or "?" key was stored: lists that accept any key keep
 * "help" as help=on, and the caller decides what help to show
 * ("-device virtio-blk-pci,help").
 */
bool qemu_opt_has_help_opt(QemuOpts *opts);
/* The last value of name (not defaults), or NULL: for presence tests. */
QemuOpt *qemu_opt_find(QemuOpts *opts, const char *name);
/*
 * Typed getters: the value parsed when it was set if desc[] gives the key
 * this type, else the string parsed now; the desc[] default if the key is
 * absent; defval if there is neither or the text does not parse.
 */
bool qemu_opt_get_bool(QemuOpts *opts, const char *name, bool defval);
uint64_t qemu_opt_get_number(QemuOpts *opts, const char *name, uint64_t defval);
uint64_t qemu_opt_get_size(QemuOpts *opts, const char *name, uint64_t defval);
/* As the typed getters, then remove every value of name. */
bool qemu_opt_get_bool_del(QemuOpts *opts, const char *name, bool defval);
uint64_t qemu_opt_get_number_del(QemuOpts *opts, const char *name,
                                 uint64_t defval);
uint64_t qemu_opt_get_size_del(QemuOpts *opts, const char *name,
                               uint64_t defval);
/*
 * Remove every value of name; returns how many were removed (0 if none).
 * Unlike QEMU, allowed on any list.
 */
int qemu_opt_unset(QemuOpts *opts, const char *name);
/*
 * Add name=value after the existing values, checked against desc[] if the
 * list has one ("Invalid parameter 'x'", type errors as the parser's).
 * The key "id" is refused (use qemu_opts_set_id()), as are empty keys and
 * keys containing '=': they could not be parsed back.
 */
bool qemu_opt_set(QemuOpts *opts, const char *name, const char *value,
                  Error **errp);
/* qemu_opt_set() with "on"/"off". */
bool qemu_opt_set_bool(QemuOpts *opts, const char *name, bool val,
                       Error **errp);
/* qemu_opt_set() with the decimal text of val (negative fails for num). */
bool qemu_opt_set_number(QemuOpts *opts, const char *name, int64_t val,
                         Error **errp);

typedef int (*qemu_opt_loopfunc)(void *opaque, const char *name,
                                 const char *value, Error **errp);
/*
 * Call func on each name=value of opts in order (repeated keys once per
 * value); stops at and returns the first non-zero result, else 0.
 */
int qemu_opt_foreach(QemuOpts *opts, qemu_opt_loopfunc func, void *opaque,
                     Error **errp);

/* ---- Sets ---- */

/* The set of list with this id (NULL: the first anonymous set). */
QemuOpts *qemu_opts_find(QemuOptsList *list, const char *id);
/*
 * A new empty set with id (NULL: anonymous), appended to list.  id must
 * be an identifier ("Parameter 'id' expects an identifier" + hint).  If a
 * set with id exists: with fail_if_exists "Duplicate ID 'x' for LIST",
 * else that set.  A merge_lists list has one anonymous set, returned
 * whatever fail_if_exists says, and refuses an id.  The current error
 * location is saved in the set (see qemu_opts_loc_restore()).
 */
QemuOpts *qemu_opts_create(QemuOptsList *list, const char *id,
                           int fail_if_exists, Error **errp);
/* Remove opts from its list and free it; NULL is ignored. */
void qemu_opts_del(QemuOpts *opts);
const char *qemu_opts_id(QemuOpts *opts);
/*
 * Give opts a new id, taking ownership of the g_malloc'd string (NULL:
 * anonymous).  Not checked: the caller makes a well-formed, unique id.
 */
void qemu_opts_set_id(QemuOpts *opts, char *id);
QemuOptsList *qemu_opts_list(QemuOpts *opts);
/* Make the location saved when opts was created the current one. */
void qemu_opts_loc_restore(QemuOpts *opts);
/* Delete every set of list. */
void qemu_opts_reset(QemuOptsList *list);

/*
 * Parse "key=value,..." into a new set of list (or into the existing one
 * of a merge_lists list).  permit_abbrev: a bare first value is the
 * implied key (ignored if the list has no implied_opt_name).  Returns
 * NULL with errp on error; nothing of the failed string is kept (a new
 * set is deleted, a merged set keeps its earlier values).  Does not warn
 * about flags, and stores "help" as help=on.
 */
QemuOpts *qemu_opts_parse(QemuOptsList *list, const char *params,
                          bool permit_abbrev, Error **errp);
/*
 * As qemu_opts_parse(), but warns about short-form flags, and a bare
 * "help" or "?" sets *help_wanted and returns NULL without an error.
 * With help_wanted NULL, "help" is stored as help=on (as in QEMU).
 */
QemuOpts *qemu_opts_parse_help(QemuOptsList *list, const char *params,
                               bool permit_abbrev, bool *help_wanted,
                               Error **errp);
/*
 * As qemu_opts_parse(), but warns about short-form flags and reports
 * errors with error_report_err().  "help" prints qemu_opts_print_help()
 * and returns NULL, except on lists that accept any key, where it is
 * stored as help=on for the caller (qemu_opt_has_help_opt()).
 */
QemuOpts *qemu_opts_parse_noisily(QemuOptsList *list, const char *params,
                                  bool permit_abbrev);
/*
 * Parse more "key=value,..." into an existing set; firstname (or NULL)
 * names a bare first value.  "id=" elements are ignored.  On error
 * nothing of params is kept.
 */
bool qemu_opts_do_parse(QemuOpts *opts, const char *params,
                        const char *firstname, Error **errp);
/* True if params contains a bare "help" or "?" element. */
bool has_help_option(const char *params);

/*
 * Check every value of opts against desc ("Invalid parameter 'x'", type
 * errors) and, if all pass, remember desc so that the typed getters use
 * the parsed values.  For lists that accept any key; desc must outlive
 * opts.  On failure opts is unchanged.
 */
bool qemu_opts_validate(QemuOpts *opts, const QemuOptDesc *desc, Error **errp);
/*
 * Parse params as defaults: into a new set (the merged set of a
 * merge_lists list), with its values put before any existing ones so that
 * values given explicitly win.  params come from the program: an error is
 * reported with error_report() and nothing is added.
 */
void qemu_opts_set_defaults(QemuOptsList *list, const char *params,
                            int permit_abbrev);

typedef int (*qemu_opts_loopfunc)(void *opaque, QemuOpts *opts, Error **errp);
/*
 * Call func on each set of list in order, with the location saved in the
 * set current (so error_report() names the option it came from); func
 * may delete the set it is given.  Stops at and returns the first
 * non-zero result, else 0.
 */
int qemu_opts_foreach(QemuOptsList *list, qemu_opts_loopfunc func, void *opaque,
                      Error **errp);

/*
 * "id=x,key=value,..." with commas in keys and values doubled, so that
 * qemu_opts_parse(list, s, false, ...) gives the same set; g_free it.
 */
char *qemu_opts_to_string(QemuOpts *opts);
/*
 * Print the keys of desc[] to stdout, sorted by name, as QEMU does:
 * "LIST options:" if print_caption, then "  name=<type>" padded to 24
 * columns and " - help" if there is help; "There are no options for
 * LIST." if desc[] is empty.
 */
void qemu_opts_print_help(QemuOptsList *list, bool print_caption);

/* True for "help" and "?". */
bool is_help_option(const char *s);
/* Letters, digits, '-', '.', '_', starting with a letter. */
bool id_wellformed(const char *id);

/* ---- The registry of lists (one per command-line group) ---- */

/* Register list (no limit on the number; adding it twice is a no-op). */
void qemu_add_opts(QemuOptsList *list);
/*
 * The registered list called group; if there is none, reports "There is
 * no option group 'x'" with error_report() and returns NULL, as QEMU.
 * Probe quietly with qemu_find_opts_err(group, NULL).
 */
QemuOptsList *qemu_find_opts(const char *group);
/* "There is no option group 'x'" in errp if unknown. */
QemuOptsList *qemu_find_opts_err(const char *group, Error **errp);
/*
 * The anonymous set of group, created if there is none yet; NULL (after
 * the report of qemu_find_opts()) if group is unknown.
 */
QemuOpts *qemu_find_opts_singleton(const char *group);

#endif /* OPTS_QEMU_OPTION_H */
