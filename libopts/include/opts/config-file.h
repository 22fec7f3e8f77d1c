/*
 * -readconfig / -writeconfig: option sets in QEMU's INI-like config file
 * format, and -set group.id.key=value.
 *
 *   # qemu config file
 *
 *   [machine]
 *     type = "pc"
 *
 *   [chardev "serial0"]
 *     backend = "file"
 *     path = "/tmp/serial, log"
 *
 * The format, as QEMU reads it:
 *   - a line starting with '#' is a comment; blank lines are ignored;
 *   - "[group]" or "[group "id"]", starting in the first column, begins a
 *     set of the option list called group: a new anonymous set, the one
 *     set of a merge_lists list, or a new set with that id;
 *   - 'key = "value"' lines, usually indented, add values to it; a key
 *     "id" names the set instead, as in QEMU 7.2.
 * emu extensions, which QEMU cannot read back: in values, ids and quoted
 * keys, '\"' stands for '"', '\\' for '\' and '\n' for a newline (any
 * other backslash is kept as is, so QEMU files with Windows paths still
 * read); a key containing blanks, '"' or '\' is written in quotes.
 * Lines are limited to 64 KiB.
 */
#ifndef OPTS_CONFIG_FILE_H
#define OPTS_CONFIG_FILE_H

#include <stdbool.h>
#include <stdio.h>

#include "opts/qemu-option.h"
#include "util/error-report.h"

/*
 * Read sets from fp into the matching lists of lists (NULL-terminated).
 * Errors are "no group defined" (a key before any group), "parse error",
 * "line too long", "There is no option group 'x'", and those of
 * qemu_opts_create() and qemu_opt_set().  They are set while the current
 * error location is "fname:LINE", so with &error_fatal the program ends
 * with "emu: fname:LINE: message" (fname must outlive the sets, which
 * save it as their location).  The groups read before an error stay;
 * nothing of the group with the error does.
 * Returns the number of groups read, or -1 on error.
 */
int qemu_config_parse(FILE *fp, QemuOptsList **lists, const char *fname,
                      Error **errp);
/*
 * qemu_config_parse() of the file filename into the registered lists.
 * "Could not open 'f': <reason>" if it cannot be opened.
 */
bool qemu_read_config_file(const char *filename, Error **errp);

/*
 * As qemu_config_parse() and qemu_read_config_file(), for callers that
 * report the error later: on failure *errloc receives the location the
 * error belongs to ("fname:LINE", or the caller's own for "Could not
 * open"), to be shown with
 *     loc_push_restore(errloc); error_report_err(err); loc_pop(errloc);
 * which prints "emu: fname:LINE: message".  errloc may be NULL.
 */
int qemu_config_parse_loc(FILE *fp, QemuOptsList **lists, const char *fname,
                          Location *errloc, Error **errp);
bool qemu_read_config_file_loc(const char *filename, Location *errloc,
                               Error **errp);

/*
 * Write every set of the registered lists: the line "# qemu config file"
 * and a blank line, then for each list in registration order and each of
 * its sets in order a "[group]" or "[group "id"]" line, one
 * '  key = "value"' line per value, and a blank line.  Reading it back
 * into empty lists gives the same sets (order, ids, keys, values).
 */
void qemu_config_write(FILE *fp);
/* As qemu_config_write(), for the lists of lists (NULL-terminated). */
void qemu_config_write_lists(FILE *fp, QemuOptsList **lists);

/*
 * -set group.id.key=value: qemu_opt_set() on the set with that id.
 * Errors: "can't parse: "str"", "There is no option group 'x'", "there is
 * no GROUP "ID" defined", and those of qemu_opt_set().
 */
bool qemu_set_option(const char *str, Error **errp);

#endif /* OPTS_CONFIG_FILE_H */
