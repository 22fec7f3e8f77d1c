/*
 * The command line: QEMU's options, spelled as QEMU spells them, and the
 * parser that walks argv and fills the option groups of
 * opts/option-groups.h.
 *
 * Each option of the table says whether it takes an argument and how the
 * argument maps into a group (kind, group, key, value below).  The
 * parser stops at the first error and reports it as QEMU 7.2 does, with
 * the option and its argument as location ("emu: -m foo: Parameter
 * 'size' expects ...").  "-opt" and "--opt" are the same; an argument
 * that does not start with '-' is a disk image, as if given to -hda.
 *
 * Knows nothing of QOM: help that QOM owns (-machine help, -cpu help,
 * -device help, -device DRIVER,help, -accel help, -object help) is handed
 * back to the caller (CMDLINE_HELP).
 */
#ifndef OPTS_CMDLINE_H
#define OPTS_CMDLINE_H

#include <stdbool.h>
#include <stdio.h>

#include <glib.h>

#include "opts/qemu-option.h"

typedef struct Cmdline Cmdline;
typedef struct QEMUOption QEMUOption;

typedef enum CmdlineStatus {
    CMDLINE_OK,         /* parsed: the option groups hold the config */
    CMDLINE_ERROR,      /* reported on stderr; exit status 1 */
    CMDLINE_DONE,       /* help printed on stdout; exit status 0 */
    CMDLINE_VERSION,    /* -version: the caller prints its version */
    CMDLINE_USAGE,      /* -h/-help: the caller prints a header, then
                         * qemu_cmdline_print_usage() */
    CMDLINE_LIST_TYPES, /* -list-types: the caller lists its QOM types */
    CMDLINE_HELP,       /* help QOM owns: see help_opt and help_arg */
} CmdlineStatus;

typedef enum QEMUOptionKind {
    /* The argument is "key=value,..." parsed into group (with the
     * group's implied key), then checked (emu_opts_check()). */
    QEMU_OPTION_PARSE,
    /* The argument is stored verbatim as key of group's one set
     * (-kernel FILE is machine kernel=FILE); the last one wins. */
    QEMU_OPTION_VALUE,
    /* No argument; value, a "key=value,..." string, is parsed into group
     * (-no-hpet is machine hpet=off). */
    QEMU_OPTION_FLAG,
    /* Its own rules, described by its help (-cpu, -hda, -monitor, ...). */
    QEMU_OPTION_SPECIAL,
    /* Not configuration: -version, -help, -readconfig, --dry-run, ... */
    QEMU_OPTION_META,
} QEMUOptionKind;

/* Sections of -help, in QEMU's order. */
typedef enum QEMUOptionSection {
    QEMU_SECTION_STANDARD,
    QEMU_SECTION_BLOCK,
    QEMU_SECTION_USB,
    QEMU_SECTION_DISPLAY,
    QEMU_SECTION_I386,
    QEMU_SECTION_NETWORK,
    QEMU_SECTION_CHARDEV,
    QEMU_SECTION_BOOT,
    QEMU_SECTION_DEBUG,
    QEMU_SECTION_OBJECT,
    QEMU_SECTION_EMU,
    QEMU_SECTION_COUNT,
} QEMUOptionSection;

struct QEMUOption {
    const char *name; /* "machine" for -machine */
    bool has_arg;
    const char *synopsis; /* of the argument, for -help */
    QEMUOptionKind kind;
    const char *group; /* the option list it fills (NULL: none) */
    const char *key;   /* QEMU_OPTION_VALUE: the key it sets */
    const char *value; /* QEMU_OPTION_FLAG: what it sets */
    QEMUOptionSection section;
    const char *help; /* for -help; '\n' separates lines */
    /* QEMU_OPTION_SPECIAL and _META: the parser's handler (private);
     * CMDLINE_OK goes on, CMDLINE_ERROR with errp set stops. */
    CmdlineStatus (*handler)(Cmdline *cl, const QEMUOption *opt,
                             const char *arg, Error **errp);
};

/* One option as given, in command-line order. */
typedef struct CmdlineUse {
    const QEMUOption *opt;
    int index;       /* in argv: the option (the image for a bare one) */
    const char *arg; /* its argument (NULL: none) */
    /* -readconfig: the first group (in registration order) the file
     * added sets or values to, or NULL. */
    const char *readconfig_group;
} CmdlineUse;

struct Cmdline {
    char **argv;
    GArray *uses;            /* of CmdlineUse */
    const char *writeconfig; /* -writeconfig FILE, "-" is stdout */
    int writeconfig_index;   /* its argv index, for messages */
    bool dry_run;            /* --dry-run */
    /* CMDLINE_HELP: the option and argument asking for QOM's help. */
    const QEMUOption *help_opt;
    const char *help_arg;
    int help_index; /* argv index of help_opt */
    /* Counters for the ids QEMU generates. */
    int monitor_count; /* compat_monitorN of -monitor/-qmp */
};

/* The table, terminated by an entry with a NULL name. */
const QEMUOption *qemu_cmdline_options(void);
/* The option called name ("m", "machine"; no leading '-'), or NULL. */
const QEMUOption *qemu_cmdline_find_option(const char *name);

/* Prepare cl (no need to free a Cmdline that was never initialised). */
void qemu_cmdline_init(Cmdline *cl);
void qemu_cmdline_destroy(Cmdline *cl);

/*
 * Register the option groups (emu_register_option_groups()) and parse
 * argv[1..argc-1] into them.  argv must outlive the sets (they keep
 * pointers to it for messages).  Every set is checked; -readconfig's
 * sets at the end, with the cross references (a -mon's chardev).
 * Errors and warnings go to stderr as QEMU prints them.  As in QEMU, a
 * file -readconfig cannot open or parse ends the program (exit status
 * 1, "emu: FILE:LINE: message"): only the reader knows the line.
 */
CmdlineStatus qemu_cmdline_parse(Cmdline *cl, int argc, char **argv);

/* The option part of -help, in QEMU's layout. */
void qemu_cmdline_print_usage(FILE *f);

/*
 * QEMU's legacy character device syntax, as -monitor, -qmp, -serial and
 * -parallel take it ("stdio", "pty", "null", "vc[:WxH]", "file:PATH",
 * "pipe:PATH", "tcp:[HOST]:PORT[,opts]", "telnet:...", "websocket:...",
 * "udp:[HOST]:PORT[@[LHOST]:LPORT]", "unix:PATH[,opts]", "/dev/...",
 * with "mon:" in front when permit_mux_mon): a new set of the chardev
 * list with id label (NULL: anonymous).  NULL on error: errp is set to
 * "'x' is not a valid char driver" for an unknown syntax and left alone
 * for a malformed one, as QEMU, which prints no reason then.
 */
QemuOpts *qemu_chr_parse_compat(const char *label, const char *filename,
                                bool permit_mux_mon, Error **errp);

#endif /* OPTS_CMDLINE_H */
