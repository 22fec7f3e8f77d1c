/*
 * The option groups of the command line (see opts/option-groups.h): the
 * lists with QEMU's names and keys, emu's own lists for what QEMU keeps
 * in variables, and the checks QEMU 7.2 makes when it consumes a set,
 * made here as soon as the set is parsed.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "opts/option-groups.h"
#include "util/cutils.h"
#include "util/error-report.h"
#include "util/error.h"
#include "util/log.h"

/* ---- QEMU's groups ---- */

/* Keys depend on if= and the block driver: see drive_rules below. */
QemuOptsList qemu_drive_opts = {
    .name = "drive",
    .desc = {{NULL}},
};

/* One list for every backend, as in QEMU: a key a backend ignores is ok. */
QemuOptsList qemu_chardev_opts = {
    .name = "chardev",
    .implied_opt_name = "backend",
    .desc =
        {
            {.name = "backend", .type = QEMU_OPT_STRING},
            {.name = "path", .type = QEMU_OPT_STRING},
            {.name = "host", .type = QEMU_OPT_STRING},
            {.name = "port", .type = QEMU_OPT_STRING},
            {.name = "fd", .type = QEMU_OPT_STRING},
            {.name = "localaddr", .type = QEMU_OPT_STRING},
            {.name = "localport", .type = QEMU_OPT_STRING},
            {.name = "to", .type = QEMU_OPT_NUMBER},
            {.name = "ipv4", .type = QEMU_OPT_BOOL},
            {.name = "ipv6", .type = QEMU_OPT_BOOL},
            {.name = "wait", .type = QEMU_OPT_BOOL},
            {.name = "server", .type = QEMU_OPT_BOOL},
            {.name = "delay", .type = QEMU_OPT_BOOL},
            {.name = "nodelay", .type = QEMU_OPT_BOOL},
            {.name = "reconnect", .type = QEMU_OPT_NUMBER},
            {.name = "telnet", .type = QEMU_OPT_BOOL},
            {.name = "tn3270", .type = QEMU_OPT_BOOL},
            {.name = "tls-creds", .type = QEMU_OPT_STRING},
            {.name = "tls-authz", .type = QEMU_OPT_STRING},
            {.name = "websocket", .type = QEMU_OPT_BOOL},
            {.name = "width", .type = QEMU_OPT_NUMBER},
            {.name = "height", .type = QEMU_OPT_NUMBER},
            {.name = "cols", .type = QEMU_OPT_NUMBER},
            {.name = "rows", .type = QEMU_OPT_NUMBER},
            {.name = "mux", .type = QEMU_OPT_BOOL},
            {.name = "signal", .type = QEMU_OPT_BOOL},
            {.name = "name", .type = QEMU_OPT_STRING},
            {.name = "debug", .type = QEMU_OPT_NUMBER},
            {.name = "size", .type = QEMU_OPT_SIZE},
            {.name = "chardev", .type = QEMU_OPT_STRING},
            {.name = "append", .type = QEMU_OPT_BOOL},
            {.name = "logfile", .type = QEMU_OPT_STRING},
            {.name = "logappend", .type = QEMU_OPT_BOOL},
            {.name = "mouse", .type = QEMU_OPT_BOOL},
            {.name = "clipboard", .type = QEMU_OPT_BOOL},
            {.name = "abstract", .type = QEMU_OPT_BOOL},
            {.name = "tight", .type = QEMU_OPT_BOOL},
            {NULL},
        },
};

/* Properties of the device: checked against its QOM class later. */
QemuOptsList qemu_device_opts = {
    .name = "device",
    .implied_opt_name = "driver",
    .desc = {{NULL}},
};

QemuOptsList qemu_netdev_opts = {
    .name = "netdev",
    .implied_opt_name = "type",
    .desc = {{NULL}},
};

QemuOptsList qemu_nic_opts = {
    .name = "nic",
    .implied_opt_name = "type",
    .desc = {{NULL}},
};

QemuOptsList qemu_net_opts = {
    .name = "net",
    .implied_opt_name = "type",
    .desc = {{NULL}},
};

QemuOptsList qemu_rtc_opts = {
    .name = "rtc",
    .merge_lists = true,
    .desc =
        {
            {.name = "base", .type = QEMU_OPT_STRING},
            {.name = "clock", .type = QEMU_OPT_STRING},
            {.name = "driftfix", .type = QEMU_OPT_STRING},
            {NULL},
        },
};

/* Properties of the machine: checked against its QOM class later. */
QemuOptsList qemu_machine_opts = {
    .name = "machine",
    .implied_opt_name = "type",
    .merge_lists = true,
    .desc = {{NULL}},
};

QemuOptsList qemu_accel_opts = {
    .name = "accel",
    .implied_opt_name = "accel",
    .desc = {{NULL}},
};

QemuOptsList qemu_mem_opts = {
    .name = "memory",
    .implied_opt_name = "size",
    .merge_lists = true,
    .desc =
        {
            {.name = "size", .type = QEMU_OPT_SIZE},
            {.name = "slots", .type = QEMU_OPT_NUMBER},
            {.name = "maxmem", .type = QEMU_OPT_SIZE},
            {NULL},
        },
};

QemuOptsList qemu_smp_opts = {
    .name = "smp-opts",
    .implied_opt_name = "cpus",
    .merge_lists = true,
    .desc =
        {
            {.name = "cpus", .type = QEMU_OPT_NUMBER},
            {.name = "sockets", .type = QEMU_OPT_NUMBER},
            {.name = "dies", .type = QEMU_OPT_NUMBER},
            {.name = "clusters", .type = QEMU_OPT_NUMBER},
            {.name = "cores", .type = QEMU_OPT_NUMBER},
            {.name = "threads", .type = QEMU_OPT_NUMBER},
            {.name = "maxcpus", .type = QEMU_OPT_NUMBER},
            {NULL},
        },
};

QemuOptsList qemu_boot_opts = {
    .name = "boot-opts",
    .implied_opt_name = "order",
    .merge_lists = true,
    .desc =
        {
            {.name = "order", .type = QEMU_OPT_STRING},
            {.name = "once", .type = QEMU_OPT_STRING},
            {.name = "menu", .type = QEMU_OPT_BOOL},
            {.name = "splash", .type = QEMU_OPT_STRING},
            {.name = "splash-time", .type = QEMU_OPT_NUMBER},
            {.name = "reboot-timeout", .type = QEMU_OPT_NUMBER},
            {.name = "strict", .type = QEMU_OPT_BOOL},
            {NULL},
        },
};

QemuOptsList qemu_name_opts = {
    .name = "name",
    .implied_opt_name = "guest",
    .merge_lists = true,
    .desc =
        {
            {.name = "guest",
             .type = QEMU_OPT_STRING,
             .help = "Sets the name of the guest"},
            {.name = "process",
             .type = QEMU_OPT_STRING,
             .help = "Sets the name of the emu process"},
            {.name = "debug-threads",
             .type = QEMU_OPT_BOOL,
             .help = "Names each thread after what it runs"},
            {NULL},
        },
};

QemuOptsList qemu_numa_opts = {
    .name = "numa",
    .implied_opt_name = "type",
    .desc = {{NULL}},
};

QemuOptsList qemu_mon_opts = {
    .name = "mon",
    .implied_opt_name = "chardev",
    .desc =
        {
            {.name = "mode", .type = QEMU_OPT_STRING},
            {.name = "chardev", .type = QEMU_OPT_STRING},
            {.name = "pretty", .type = QEMU_OPT_BOOL},
            {NULL},
        },
};

QemuOptsList qemu_global_opts = {
    .name = "global",
    .desc =
        {
            {.name = "driver", .type = QEMU_OPT_STRING},
            {.name = "property", .type = QEMU_OPT_STRING},
            {.name = "value", .type = QEMU_OPT_STRING},
            {NULL},
        },
};

/* Properties of the object: checked against its QOM class later. */
QemuOptsList qemu_object_opts = {
    .name = "object",
    .implied_opt_name = "qom-type",
    .desc = {{NULL}},
};

/* Keys depend on type=: see smbios_types below. */
QemuOptsList qemu_smbios_opts = {
    .name = "smbios",
    .desc = {{NULL}},
};

QemuOptsList qemu_overcommit_opts = {
    .name = "overcommit",
    .desc =
        {
            {.name = "mem-lock", .type = QEMU_OPT_BOOL},
            {.name = "cpu-pm", .type = QEMU_OPT_BOOL},
            {NULL},
        },
};

QemuOptsList qemu_realtime_opts = {
    .name = "realtime",
    .merge_lists = true,
    .desc =
        {
            {.name = "mlock", .type = QEMU_OPT_BOOL},
            {NULL},
        },
};

QemuOptsList qemu_vnc_opts = {
    .name = "vnc",
    .implied_opt_name = "vnc",
    .desc =
        {
            {.name = "vnc", .type = QEMU_OPT_STRING},
            {.name = "websocket", .type = QEMU_OPT_STRING},
            {.name = "tls-creds", .type = QEMU_OPT_STRING},
            {.name = "share", .type = QEMU_OPT_STRING},
            {.name = "display", .type = QEMU_OPT_STRING},
            {.name = "head", .type = QEMU_OPT_NUMBER},
            {.name = "connections", .type = QEMU_OPT_NUMBER},
            {.name = "to", .type = QEMU_OPT_NUMBER},
            {.name = "ipv4", .type = QEMU_OPT_BOOL},
            {.name = "ipv6", .type = QEMU_OPT_BOOL},
            {.name = "password", .type = QEMU_OPT_BOOL},
            {.name = "password-secret", .type = QEMU_OPT_STRING},
            {.name = "reverse", .type = QEMU_OPT_BOOL},
            {.name = "lock-key-sync", .type = QEMU_OPT_BOOL},
            {.name = "key-delay-ms", .type = QEMU_OPT_NUMBER},
            {.name = "sasl", .type = QEMU_OPT_BOOL},
            {.name = "tls-authz", .type = QEMU_OPT_STRING},
            {.name = "sasl-authz", .type = QEMU_OPT_STRING},
            {.name = "lossy", .type = QEMU_OPT_BOOL},
            {.name = "non-adaptive", .type = QEMU_OPT_BOOL},
            {.name = "audiodev", .type = QEMU_OPT_STRING},
            {.name = "power-control", .type = QEMU_OPT_BOOL},
            {NULL},
        },
};

QemuOptsList qemu_action_opts = {
    .name = "action",
    .merge_lists = true,
    .desc =
        {
            {.name = "shutdown", .type = QEMU_OPT_STRING},
            {.name = "reboot", .type = QEMU_OPT_STRING},
            {.name = "panic", .type = QEMU_OPT_STRING},
            {.name = "watchdog", .type = QEMU_OPT_STRING},
            {NULL},
        },
};

/* ---- emu's groups for what QEMU keeps in variables ---- */

/* "model" and one key per CPU feature or property. */
QemuOptsList emu_cpu_opts = {
    .name = "cpu",
    .implied_opt_name = "model",
    .merge_lists = true,
    .desc = {{NULL}},
};

QemuOptsList emu_system_opts = {
    .name = "system",
    .merge_lists = true,
    .desc =
        {
            {.name = "autostart",
             .type = QEMU_OPT_BOOL,
             .help = "Start the CPUs at once (-S: off)"},
            {.name = "defaults",
             .type = QEMU_OPT_BOOL,
             .help = "Create the default devices (-nodefaults: off)"},
            {.name = "user-config",
             .type = QEMU_OPT_BOOL,
             .help = "Read the user's config files (-no-user-config: off)"},
            {.name = "mem-prealloc",
             .type = QEMU_OPT_BOOL,
             .help = "Preallocate guest RAM (-mem-prealloc)"},
            {.name = "daemonize",
             .type = QEMU_OPT_BOOL,
             .help = "Detach from the terminal once set up (-daemonize)"},
            {.name = "pidfile",
             .type = QEMU_OPT_STRING,
             .help = "File to write the process id to (-pidfile)"},
            {.name = "uuid",
             .type = QEMU_OPT_STRING,
             .help = "UUID of the machine (-uuid)"},
            {.name = "keyboard-layout",
             .type = QEMU_OPT_STRING,
             .help = "Keyboard layout of the displays (-k)"},
            {.name = "vga",
             .type = QEMU_OPT_STRING,
             .help = "Video card type (-vga)"},
            {.name = "nographic",
             .type = QEMU_OPT_BOOL,
             .help = "No display; serial and monitor on stdio (-nographic)"},
            {.name = "snapshot",
             .type = QEMU_OPT_BOOL,
             .help = "Write disk changes to temporary files (-snapshot)"},
            {.name = "default-monitor",
             .type = QEMU_OPT_BOOL,
             .help = "Create the default monitor (-monitor none: off)"},
            {NULL},
        },
};

QemuOptsList emu_display_opts = {
    .name = "display",
    .implied_opt_name = "type",
    .merge_lists = true,
    .desc = {{NULL}},
};

QemuOptsList emu_serial_opts = {
    .name = "serial",
    .implied_opt_name = "dev",
    .desc =
        {
            {.name = "dev",
             .type = QEMU_OPT_STRING,
             .help = "Character device, in -serial syntax"},
            {NULL},
        },
};

QemuOptsList emu_parallel_opts = {
    .name = "parallel",
    .implied_opt_name = "dev",
    .desc =
        {
            {.name = "dev",
             .type = QEMU_OPT_STRING,
             .help = "Character device, in -parallel syntax"},
            {NULL},
        },
};

QemuOptsList emu_debugcon_opts = {
    .name = "debugcon",
    .implied_opt_name = "dev",
    .desc =
        {
            {.name = "dev",
             .type = QEMU_OPT_STRING,
             .help = "Character device, in -serial syntax"},
            {NULL},
        },
};

QemuOptsList emu_qtest_opts = {
    .name = "qtest",
    .merge_lists = true,
    .desc =
        {
            {.name = "chardev",
             .type = QEMU_OPT_STRING,
             .help = "Character device of the qtest protocol (-qtest)"},
            {.name = "log",
             .type = QEMU_OPT_STRING,
             .help = "File logging the qtest protocol (-qtest-log)"},
            {NULL},
        },
};

QemuOptsList emu_log_opts = {
    .name = "log",
    .merge_lists = true,
    .desc =
        {
            {.name = "items",
             .type = QEMU_OPT_STRING,
             .help = "Comma-separated log items (-d)"},
            {.name = "file", .type = QEMU_OPT_STRING, .help = "Log file (-D)"},
            {NULL},
        },
};

/* Registration order is the order -writeconfig writes the groups in. */
static QemuOptsList *const all_groups[] = {
    &qemu_machine_opts,
    &qemu_accel_opts,
    &emu_cpu_opts,
    &qemu_mem_opts,
    &qemu_smp_opts,
    &qemu_numa_opts,
    &qemu_name_opts,
    &emu_system_opts,
    &qemu_realtime_opts,
    &qemu_overcommit_opts,
    &qemu_smbios_opts,
    &qemu_rtc_opts,
    &qemu_boot_opts,
    &qemu_action_opts,
    &qemu_global_opts,
    &qemu_object_opts,
    &qemu_chardev_opts,
    &qemu_mon_opts,
    &emu_serial_opts,
    &emu_parallel_opts,
    &emu_debugcon_opts,
    &qemu_drive_opts,
    &qemu_netdev_opts,
    &qemu_nic_opts,
    &qemu_net_opts,
    &qemu_device_opts,
    &qemu_vnc_opts,
    &emu_display_opts,
    &emu_qtest_opts,
    &emu_log_opts,
    NULL,
};

void emu_register_option_groups(void)
{
    for (QemuOptsList *const *l = all_groups; *l; l++) {
        qemu_add_opts(*l);
    }
}

QemuOptsList *const *emu_option_groups(void)
{
    return all_groups;
}

void emu_option_groups_reset(void)
{
    for (QemuOptsList *const *l = all_groups; *l; l++) {
        qemu_opts_reset(*l);
    }
}

/* ---- Key rules for the groups whose keys depend on a type ---- */

/*
 * How QEMU checks a value.  The desc-less groups that QEMU reads through
 * its QAPI options visitor (netdev, nic, net, numa) get that visitor's
 * messages; drive and smbios get QemuOpts' ones.
 */
typedef enum KeyKind {
    KEY_STR,
    KEY_BOOL,      /* "expects 'on' or 'off'" */
    KEY_NUM,       /* QemuOpts: "expects a number" */
    KEY_INT64,     /* visitor: "expects an int64 value" */
    KEY_UINT64,    /* visitor: "expects a uint64 value" */
    KEY_UINT_LIST, /* visitor: "expects a uint64 value or range" */
    KEY_SIZE,      /* visitor: "expects a size value" */
} KeyKind;

typedef struct KeyRule {
    const char *name;
    KeyKind kind;
    /* KEY_STR: the accepted values (NULL: any) and the message for
     * another one ("%v" is the value; NULL: QAPI's enum message). */
    const char *const *values;
    const char *bad;
    /* The name QEMU prints for the key, if not name ("readonly"). */
    const char *alias;
} KeyRule;

#define VALUES(...) ((const char *const[]){__VA_ARGS__, NULL})

/* What a group does with a key no rule describes. */
typedef enum UnknownKey {
    UNKNOWN_INVALID,    /* "Invalid parameter 'k'" */
    UNKNOWN_UNEXPECTED, /* keyval: "Parameter 'k' is unexpected" */
} UnknownKey;

typedef struct KeyCheck {
    const KeyRule *rules[4]; /* NULL-terminated tables, searched in order */
    UnknownKey unknown;
    /* Keys containing '.' pass (block driver options, checked later). */
    bool dotted_ok;
    const char *format; /* for drive: "Block format 'f' does not ..." */
} KeyCheck;

static bool value_in(const char *const *values, const char *v)
{
    for (; *values; values++) {
        if (!strcmp(*values, v)) {
            return true;
        }
    }
    return false;
}

static const KeyRule *find_rule(const KeyCheck *kc, const char *name)
{
    for (int t = 0; kc->rules[t]; t++) {
        for (const KeyRule *r = kc->rules[t]; r->name; r++) {
            if (!strcmp(r->name, name)) {
                return r;
            }
        }
    }
    return NULL;
}

/* "x" or "x-y" with x <= y, as QEMU's uint16List visitor takes. */
static bool parse_uint_range(const char *v)
{
    const char *dash = strchr(v, '-');
    uint64_t lo, hi;

    if (!dash) {
        return qemu_strtou64(v, NULL, 0, &lo) == 0;
    }
    g_autofree char *first = g_strndup(v, dash - v);
    return qemu_strtou64(first, NULL, 0, &lo) == 0 &&
           qemu_strtou64(dash + 1, NULL, 0, &hi) == 0 && lo <= hi;
}

static void set_bad_value(const KeyRule *r, const char *name, const char *value,
                          Error **errp)
{
    GString *msg;
    const char *p;

    if (!r->bad) {
        error_setg(errp, "Parameter '%s' does not accept value '%s'", name,
                   value);
        return;
    }
    msg = g_string_new(NULL);
    for (p = r->bad; *p; p++) {
        if (p[0] == '%' && p[1] == 'v') {
            g_string_append(msg, value);
            p++;
        } else {
            g_string_append_c(msg, *p);
        }
    }
    error_setg(errp, "%s", msg->str);
    g_string_free(msg, true);
}

static bool check_value(const KeyRule *r, const char *value, Error **errp)
{
    const char *name = r->alias ? r->alias : r->name;
    uint64_t u;
    int64_t i;
    bool b;

    switch (r->kind) {
    case KEY_BOOL:
        return qapi_bool_parse(name, value, &b, errp);
    case KEY_NUM:
        if (qemu_strtou64(value, NULL, 0, &u) != 0) {
            error_setg(errp, "Parameter '%s' expects a number", name);
            return false;
        }
        return true;
    case KEY_INT64:
        if (qemu_strtoi64(value, NULL, 0, &i) != 0) {
            error_setg(errp, "Parameter '%s' expects an int64 value", name);
            return false;
        }
        return true;
    case KEY_UINT64:
        if (qemu_strtou64(value, NULL, 0, &u) != 0) {
            error_setg(errp, "Parameter '%s' expects a uint64 value", name);
            return false;
        }
        return true;
    case KEY_UINT_LIST:
        if (!parse_uint_range(value)) {
            error_setg(errp, "Parameter '%s' expects a uint64 value or range",
                       name);
            return false;
        }
        return true;
    case KEY_SIZE:
        if (qemu_strtosz(value, NULL, &u) != 0) {
            error_setg(errp, "Parameter '%s' expects a size value", name);
            return false;
        }
        return true;
    case KEY_STR:
    default:
        if (r->values && !value_in(r->values, value)) {
            set_bad_value(r, name, value, errp);
            return false;
        }
        return true;
    }
}

static int check_one_key(void *opaque, const char *name, const char *value,
                         Error **errp)
{
    const KeyCheck *kc = opaque;
    const KeyRule *r = find_rule(kc, name);

    if (r) {
        return check_value(r, value, errp) ? 0 : -1;
    }
    if (kc->dotted_ok && strchr(name, '.')) {
        return 0;
    }
    if (kc->format) {
        error_setg(errp, "Block format '%s' does not support the option '%s'",
                   kc->format, name);
    } else if (kc->unknown == UNKNOWN_UNEXPECTED) {
        error_setg(errp, "Parameter '%s' is unexpected", name);
    } else {
        error_setg(errp, "Invalid parameter '%s'", name);
    }
    return -1;
}

static bool check_keys(QemuOpts *opts, const KeyCheck *kc, Error **errp)
{
    return qemu_opt_foreach(opts, check_one_key, (void *)kc, errp) == 0;
}

static bool require(QemuOpts *opts, const char *key, Error **errp)
{
    if (!qemu_opt_get(opts, key)) {
        error_setg(errp, "Parameter '%s' is missing", key);
        return false;
    }
    return true;
}

/* A type-dependent group: the type's own rules after the common ones. */
typedef struct TypeRules {
    const char *type;
    const KeyRule *rules;
} TypeRules;

static const TypeRules *find_type(const TypeRules *types, const char *type)
{
    for (; types->type; types++) {
        if (!strcmp(types->type, type)) {
            return types;
        }
    }
    return NULL;
}

/* ---- drive ---- */

static const KeyRule drive_rules[] = {
    {"file", KEY_STR},
    {"if", KEY_STR,
     VALUES("none", "ide", "scsi", "floppy", "pflash", "mtd", "sd", "virtio",
            "xen"),
     "unsupported bus type '%v'"},
    {"index", KEY_NUM},
    {"bus", KEY_NUM},
    {"unit", KEY_NUM},
    {"media", KEY_STR, VALUES("disk", "cdrom"), "'%v' invalid media"},
    {"format", KEY_STR},
    {"driver", KEY_STR},
    {"node-name", KEY_STR},
    {"cache", KEY_STR,
     VALUES("writethrough", "writeback", "none", "directsync", "unsafe"),
     "invalid cache option"},
    {"cache.writeback", KEY_BOOL},
    {"cache.direct", KEY_BOOL},
    {"cache.no-flush", KEY_BOOL},
    {"aio", KEY_STR, VALUES("threads", "native", "io_uring"),
     "invalid aio option"},
    {"discard", KEY_STR, VALUES("ignore", "off", "unmap", "on"),
     "Invalid discard option"},
    {"detect-zeroes", KEY_STR, VALUES("off", "on", "unmap")},
    {"readonly", KEY_BOOL, .alias = "read-only"},
    {"read-only", KEY_BOOL},
    {"auto-read-only", KEY_BOOL},
    {"force-share", KEY_BOOL},
    {"snapshot", KEY_BOOL},
    {"copy-on-read", KEY_BOOL},
    {"werror", KEY_STR, VALUES("ignore", "stop", "report", "enospc"),
     "'%v' invalid write error action"},
    {"rerror", KEY_STR, VALUES("ignore", "stop", "report"),
     "'%v' invalid read error action"},
    {"addr", KEY_STR},
    {"serial", KEY_STR},
    {"bps", KEY_NUM},
    {"bps_rd", KEY_NUM},
    {"bps_wr", KEY_NUM},
    {"iops", KEY_NUM},
    {"iops_rd", KEY_NUM},
    {"iops_wr", KEY_NUM},
    {"bps_max", KEY_NUM},
    {"bps_rd_max", KEY_NUM},
    {"bps_wr_max", KEY_NUM},
    {"iops_max", KEY_NUM},
    {"iops_rd_max", KEY_NUM},
    {"iops_wr_max", KEY_NUM},
    {"iops_size", KEY_NUM},
    {"group", KEY_STR},
    {NULL},
};

static bool check_drive(QemuOpts *opts, Error **errp)
{
    KeyCheck kc = {
        .rules = {drive_rules},
        .dotted_ok = true,
        .format = qemu_opt_get(opts, "format"),
    };

    return check_keys(opts, &kc, errp);
}

/* ---- chardev ---- */

static const char *const chardev_backends[] = {
    "null",   "socket", "udp", "file",     "pipe",    "pty", "stdio", "ringbuf",
    "memory", "serial", "tty", "parallel", "parport", "vc",  NULL,
};

const char *const *emu_chardev_backends(void)
{
    return chardev_backends;
}

static bool check_chardev(QemuOpts *opts, Error **errp)
{
    const char *backend = qemu_opt_get(opts, "backend");
    const char *id = qemu_opts_id(opts);
    bool has_path = qemu_opt_get(opts, "path") != NULL;
    bool has_host = qemu_opt_get(opts, "host") != NULL;
    bool has_port = qemu_opt_get(opts, "port") != NULL;
    bool has_fd = qemu_opt_get(opts, "fd") != NULL;

    /* QEMU 7.2's order: backend, id, the backend's name, its keys. */
    if (!backend) {
        error_setg(errp, "chardev: \"%s\" missing backend", id ? id : "");
        return false;
    }
    if (!id) {
        error_setg(errp, "chardev: no id specified");
        return false;
    }
    if (!value_in(chardev_backends, backend)) {
        error_setg(errp, "'%s' is not a valid char driver name", backend);
        return false;
    }
    if (!strcmp(backend, "file") && !has_path) {
        error_setg(errp, "chardev: file: no filename given");
        return false;
    }
    if (!strcmp(backend, "pipe") && !has_path) {
        error_setg(errp, "chardev: pipe: no device path given");
        return false;
    }
    if ((!strcmp(backend, "serial") || !strcmp(backend, "tty")) && !has_path) {
        error_setg(errp, "chardev: serial/tty: no device path given");
        return false;
    }
    if ((!strcmp(backend, "parallel") || !strcmp(backend, "parport")) &&
        !has_path) {
        error_setg(errp, "chardev: parallel: no device path given");
        return false;
    }
    if (!strcmp(backend, "udp") && !has_port) {
        error_setg(errp, "chardev: udp: remote port not specified");
        return false;
    }
    if (!strcmp(backend, "socket")) {
        if (has_path + has_host + has_fd > 1) {
            error_setg(errp, "None or one of 'path', 'fd' or 'host' option "
                             "required.");
            return false;
        }
        if (has_host && !has_port) {
            error_setg(errp, "chardev: socket: no port given");
            return false;
        }
        if (!has_path && !has_host && !has_port && !has_fd) {
            /* QEMU takes such a socket for one passed as an fd. */
            error_setg(errp, "Unable to parse FD number ");
            return false;
        }
    }
    return true;
}

/* ---- netdev, nic, net ---- */

static const KeyRule netdev_common_rules[] = {
    {"type", KEY_STR},
    {NULL},
};

static const KeyRule tap_rules[] = {
    {"ifname", KEY_STR},      {"fd", KEY_STR},
    {"fds", KEY_STR},         {"script", KEY_STR},
    {"downscript", KEY_STR},  {"br", KEY_STR},
    {"helper", KEY_STR},      {"sndbuf", KEY_SIZE},
    {"vnet_hdr", KEY_BOOL},   {"vhost", KEY_BOOL},
    {"vhostfd", KEY_STR},     {"vhostfds", KEY_STR},
    {"vhostforce", KEY_BOOL}, {"queues", KEY_UINT64},
    {"poll-us", KEY_UINT64},  {NULL},
};

static const KeyRule user_rules[] = {
    {"hostname", KEY_STR},
    {"restrict", KEY_BOOL},
    {"ipv4", KEY_BOOL},
    {"ipv6", KEY_BOOL},
    {"ip", KEY_STR},
    {"net", KEY_STR},
    {"host", KEY_STR},
    {"tftp", KEY_STR},
    {"bootfile", KEY_STR},
    {"dhcpstart", KEY_STR},
    {"dns", KEY_STR},
    {"dnssearch", KEY_STR},
    {"domainname", KEY_STR},
    {"ipv6-prefix", KEY_STR},
    {"ipv6-prefixlen", KEY_INT64},
    {"ipv6-host", KEY_STR},
    {"ipv6-dns", KEY_STR},
    {"smb", KEY_STR},
    {"smbserver", KEY_STR},
    {"hostfwd", KEY_STR},
    {"guestfwd", KEY_STR},
    {"tftp-server-name", KEY_STR},
    {NULL},
};

static const KeyRule socket_rules[] = {
    {"fd", KEY_STR},
    {"listen", KEY_STR},
    {"connect", KEY_STR},
    {"mcast", KEY_STR},
    {"localaddr", KEY_STR},
    {"udp", KEY_STR},
    {NULL},
};

static const KeyRule bridge_rules[] = {
    {"br", KEY_STR},
    {"helper", KEY_STR},
    {NULL},
};

static const KeyRule hubport_rules[] = {
    {"hubid", KEY_INT64},
    {"netdev", KEY_STR},
    {NULL},
};

static const KeyRule vde_rules[] = {
    {"sock", KEY_STR},
    {"port", KEY_UINT64},
    {"group", KEY_STR},
    {"mode", KEY_UINT64},
    {NULL},
};

static const KeyRule vhost_user_rules[] = {
    {"chardev", KEY_STR},
    {"vhostforce", KEY_BOOL},
    {"queues", KEY_INT64},
    {NULL},
};

static const KeyRule vhost_vdpa_rules[] = {
    {"vhostdev", KEY_STR},
    {"vhostfd", KEY_STR},
    {"queues", KEY_INT64},
    {"x-svq", KEY_BOOL},
    {NULL},
};

static const KeyRule no_rules[] = {
    {NULL},
};

static const TypeRules netdev_types[] = {
    {"tap", tap_rules},
    {"user", user_rules},
    {"socket", socket_rules},
    {"bridge", bridge_rules},
    {"hubport", hubport_rules},
    {"vde", vde_rules},
    {"vhost-user", vhost_user_rules},
    {"vhost-vdpa", vhost_vdpa_rules},
    {NULL},
};

static const char *const netdev_type_names[] = {
    "tap", "user",       "socket",     "bridge", "hubport",
    "vde", "vhost-user", "vhost-vdpa", NULL,
};

const char *const *emu_netdev_types(void)
{
    return netdev_type_names;
}

/* -net nic: the NIC itself (QEMU's NetLegacyNicOptions). */
static const KeyRule net_nic_rules[] = {
    {"netdev", KEY_STR}, {"macaddr", KEY_STR},    {"model", KEY_STR},
    {"addr", KEY_STR},   {"vectors", KEY_UINT64}, {NULL},
};

static const KeyRule nic_extra_rules[] = {
    {"mac", KEY_STR},
    {"model", KEY_STR},
    {NULL},
};

static const KeyRule net_extra_rules[] = {
    {"name", KEY_STR},
    {NULL},
};

/* group: "netdev", "nic" or "net" */
static bool check_net(QemuOpts *opts, const char *group, Error **errp)
{
    const char *type = qemu_opt_get(opts, "type");
    const TypeRules *t;
    KeyCheck kc = {.rules = {netdev_common_rules}};

    if (!strcmp(group, "netdev") && !qemu_opts_id(opts)) {
        error_setg(errp, "Parameter 'id' is missing");
        return false;
    }
    if (!require(opts, "type", errp)) {
        return false;
    }
    t = find_type(netdev_types, type);
    if (!strcmp(group, "net") && !strcmp(type, "nic")) {
        kc.rules[1] = net_nic_rules;
        kc.rules[2] = net_extra_rules;
    } else if (!strcmp(group, "netdev") ? !t : !t && strcmp(type, "none")) {
        error_setg(errp, "Parameter 'type' does not accept value '%s'", type);
        return false;
    } else {
        kc.rules[1] = t ? t->rules : no_rules;
        if (!strcmp(group, "nic")) {
            kc.rules[2] = nic_extra_rules;
        } else if (!strcmp(group, "net")) {
            kc.rules[2] = net_extra_rules;
        }
    }
    return check_keys(opts, &kc, errp);
}

/* ---- numa ---- */

static const KeyRule numa_node_rules[] = {
    {"nodeid", KEY_UINT64}, {"cpus", KEY_UINT_LIST},   {"mem", KEY_SIZE},
    {"memdev", KEY_STR},    {"initiator", KEY_UINT64}, {NULL},
};

static const KeyRule numa_dist_rules[] = {
    {"src", KEY_UINT64},
    {"dst", KEY_UINT64},
    {"val", KEY_UINT64},
    {NULL},
};

static const KeyRule numa_cpu_rules[] = {
    {"node-id", KEY_INT64},
    {"socket-id", KEY_INT64},
    {"die-id", KEY_INT64},
    {"cluster-id", KEY_INT64},
    {"core-id", KEY_INT64},
    {"thread-id", KEY_INT64},
    {NULL},
};

static const KeyRule numa_hmat_lb_rules[] = {
    {"initiator", KEY_UINT64},
    {"target", KEY_UINT64},
    {"hierarchy", KEY_STR,
     VALUES("memory", "first-level", "second-level", "third-level")},
    {"data-type", KEY_STR,
     VALUES("access-latency", "read-latency", "write-latency",
            "access-bandwidth", "read-bandwidth", "write-bandwidth")},
    {"latency", KEY_UINT64},
    {"bandwidth", KEY_SIZE},
    {NULL},
};

static const KeyRule numa_hmat_cache_rules[] = {
    {"node-id", KEY_UINT64},
    {"size", KEY_SIZE},
    {"level", KEY_UINT64},
    {"associativity", KEY_STR, VALUES("none", "direct", "complex")},
    {"policy", KEY_STR, VALUES("none", "write-back", "write-through")},
    {"line", KEY_UINT64},
    {NULL},
};

static const TypeRules numa_types[] = {
    {"node", numa_node_rules},
    {"dist", numa_dist_rules},
    {"cpu", numa_cpu_rules},
    {"hmat-lb", numa_hmat_lb_rules},
    {"hmat-cache", numa_hmat_cache_rules},
    {NULL},
};

static bool check_numa(QemuOpts *opts, Error **errp)
{
    const char *type = qemu_opt_get(opts, "type");
    const TypeRules *t;
    KeyCheck kc = {.rules = {netdev_common_rules}};

    if (!require(opts, "type", errp)) {
        return false;
    }
    t = find_type(numa_types, type);
    if (!t) {
        error_setg(errp, "Parameter 'type' does not accept value '%s'", type);
        return false;
    }
    kc.rules[1] = t->rules;
    return check_keys(opts, &kc, errp);
}

/* ---- smbios: QEMU validates each type= with its own QemuOptDesc ---- */

static const KeyRule smbios_file_rules[] = {
    {"file", KEY_STR},
    {NULL},
};

static const KeyRule smbios_type0_rules[] = {
    {"type", KEY_NUM},
    {"vendor", KEY_STR},
    {"version", KEY_STR},
    {"date", KEY_STR},
    {"release", KEY_STR},
    {"uefi", KEY_BOOL},
    {NULL},
};

static const KeyRule smbios_type1_rules[] = {
    {"type", KEY_NUM},    {"manufacturer", KEY_STR}, {"product", KEY_STR},
    {"version", KEY_STR}, {"serial", KEY_STR},       {"uuid", KEY_STR},
    {"sku", KEY_STR},     {"family", KEY_STR},       {NULL},
};

static const KeyRule smbios_type2_rules[] = {
    {"type", KEY_NUM},     {"manufacturer", KEY_STR},
    {"product", KEY_STR},  {"version", KEY_STR},
    {"serial", KEY_STR},   {"asset", KEY_STR},
    {"location", KEY_STR}, {NULL},
};

static const KeyRule smbios_type3_rules[] = {
    {"type", KEY_NUM},
    {"manufacturer", KEY_STR},
    {"version", KEY_STR},
    {"serial", KEY_STR},
    {"asset", KEY_STR},
    {"sku", KEY_STR},
    {NULL},
};

static const KeyRule smbios_type4_rules[] = {
    {"type", KEY_NUM},
    {"sock_pfx", KEY_STR},
    {"manufacturer", KEY_STR},
    {"version", KEY_STR},
    {"serial", KEY_STR},
    {"asset", KEY_STR},
    {"part", KEY_STR},
    {"max-speed", KEY_NUM},
    {"current-speed", KEY_NUM},
    {"processor-id", KEY_NUM},
    {NULL},
};

static const KeyRule smbios_type8_rules[] = {
    {"type", KEY_NUM},
    {"internal_reference", KEY_STR},
    {"external_reference", KEY_STR},
    {"connector_type", KEY_NUM},
    {"port_type", KEY_NUM},
    {NULL},
};

static const KeyRule smbios_type11_rules[] = {
    {"type", KEY_NUM},
    {"value", KEY_STR},
    {"path", KEY_STR},
    {NULL},
};

static const KeyRule smbios_type17_rules[] = {
    {"type", KEY_NUM},         {"loc_pfx", KEY_STR}, {"bank", KEY_STR},
    {"manufacturer", KEY_STR}, {"serial", KEY_STR},  {"asset", KEY_STR},
    {"part", KEY_STR},         {"speed", KEY_NUM},   {NULL},
};

static const KeyRule smbios_type41_rules[] = {
    {"type", KEY_NUM},
    {"designation", KEY_STR},
    {"kind", KEY_STR,
     VALUES("other", "unknown", "video", "scsi", "ethernet", "tokenring",
            "sound", "pata", "sata", "sas")},
    {"instance", KEY_NUM},
    {"pcidev", KEY_STR},
    {NULL},
};

static const struct {
    uint64_t type;
    const KeyRule *rules;
} smbios_types[] = {
    {0, smbios_type0_rules},   {1, smbios_type1_rules},
    {2, smbios_type2_rules},   {3, smbios_type3_rules},
    {4, smbios_type4_rules},   {8, smbios_type8_rules},
    {11, smbios_type11_rules}, {17, smbios_type17_rules},
    {41, smbios_type41_rules},
};

static bool check_smbios(QemuOpts *opts, Error **errp)
{
    const char *file = qemu_opt_get(opts, "file");
    const char *type = qemu_opt_get(opts, "type");
    KeyCheck kc = {{NULL}};
    uint64_t t;

    if (file) {
        kc.rules[0] = smbios_file_rules;
        if (!check_keys(opts, &kc, errp)) {
            return false;
        }
        /* QEMU reads the file as soon as it parses the option. */
        if (access(file, R_OK) != 0) {
            error_setg(errp, "Cannot read SMBIOS file %s", file);
            return false;
        }
        return true;
    }
    if (!type) {
        error_setg(errp, "Must specify type= or file=");
        return false;
    }
    if (qemu_strtou64(type, NULL, 0, &t) != 0) {
        error_setg(errp, "Parameter 'type' expects a number");
        return false;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(smbios_types); i++) {
        if (smbios_types[i].type == t) {
            kc.rules[0] = smbios_types[i].rules;
            return check_keys(opts, &kc, errp);
        }
    }
    error_setg(errp, "Don't know how to build fields for SMBIOS type %" PRIu64,
               t);
    return false;
}

/* ---- display (QEMU parses it with keyval: "is unexpected") ---- */

static const KeyRule display_common_rules[] = {
    {"type", KEY_STR},
    {NULL},
};

static const KeyRule display_gtk_rules[] = {
    {"full-screen", KEY_BOOL},
    {"window-close", KEY_BOOL},
    {"show-cursor", KEY_BOOL},
    {"gl", KEY_STR, VALUES("on", "off", "core", "es")},
    {"grab-on-hover", KEY_BOOL},
    {"show-tabs", KEY_BOOL},
    {"show-menubar", KEY_BOOL},
    {"zoom-to-fit", KEY_BOOL},
    {NULL},
};

static const KeyRule display_sdl_rules[] = {
    {"full-screen", KEY_BOOL},
    {"window-close", KEY_BOOL},
    {"show-cursor", KEY_BOOL},
    {"gl", KEY_STR, VALUES("on", "off", "core", "es")},
    {"grab-mod", KEY_STR, VALUES("lshift-lctrl-lalt", "rctrl")},
    {NULL},
};

static const KeyRule display_curses_rules[] = {
    {"charset", KEY_STR},
    {NULL},
};

static const KeyRule display_egl_rules[] = {
    {"rendernode", KEY_STR},
    {"gl", KEY_STR, VALUES("on", "off", "core", "es")},
    {NULL},
};

static const KeyRule display_dbus_rules[] = {
    {"addr", KEY_STR},
    {"p2p", KEY_BOOL},
    {"rendernode", KEY_STR},
    {"audiodev", KEY_STR},
    {"gl", KEY_STR, VALUES("on", "off", "core", "es")},
    {NULL},
};

static const KeyRule display_spice_app_rules[] = {
    {"gl", KEY_STR, VALUES("on", "off", "core", "es")},
    {NULL},
};

static const TypeRules display_types[] = {
    {"none", no_rules},
    {"gtk", display_gtk_rules},
    {"sdl", display_sdl_rules},
    {"curses", display_curses_rules},
    {"egl-headless", display_egl_rules},
    {"dbus", display_dbus_rules},
    {"spice-app", display_spice_app_rules},
    {NULL},
};

static bool check_display(QemuOpts *opts, Error **errp)
{
    const char *type = qemu_opt_get(opts, "type");
    const TypeRules *t;
    KeyCheck kc = {.rules = {display_common_rules},
                   .unknown = UNKNOWN_UNEXPECTED};

    if (!require(opts, "type", errp)) {
        return false;
    }
    t = find_type(display_types, type);
    if (!t) {
        error_setg(errp, "Parameter 'type' does not accept value '%s'", type);
        return false;
    }
    kc.rules[1] = t->rules;
    return check_keys(opts, &kc, errp);
}

/* ---- the small groups ---- */

static bool is_datetime(const char *s)
{
    int y, mo, d, h, mi, sec, n = -1;

    /* QEMU's -rtc base=: "2006-06-17T16:01:21" or "2006-06-17". */
    if (sscanf(s, "%d-%d-%dT%d:%d:%d%n", &y, &mo, &d, &h, &mi, &sec, &n) == 6 &&
        n >= 0 && s[n] == '\0') {
        return true;
    }
    n = -1;
    return sscanf(s, "%d-%d-%d%n", &y, &mo, &d, &n) == 3 && n >= 0 &&
           s[n] == '\0';
}

static bool check_rtc(QemuOpts *opts, Error **errp)
{
    ERRP_GUARD();
    const char *base = qemu_opt_get(opts, "base");
    const char *clock = qemu_opt_get(opts, "clock");
    const char *driftfix = qemu_opt_get(opts, "driftfix");

    if (base && strcmp(base, "utc") && strcmp(base, "localtime") &&
        !is_datetime(base)) {
        error_setg(errp, "invalid datetime format");
        error_append_hint(errp, "valid formats: '2006-06-17T16:01:21' or "
                                "'2006-06-17'\n");
        return false;
    }
    if (clock && !value_in(VALUES("host", "rt", "vm"), clock)) {
        error_setg(errp, "invalid option value '%s'", clock);
        return false;
    }
    if (driftfix && !value_in(VALUES("none", "slew"), driftfix)) {
        error_setg(errp, "invalid option value '%s'", driftfix);
        return false;
    }
    return true;
}

static bool check_mon(QemuOpts *opts, Error **errp)
{
    const char *mode = qemu_opt_get(opts, "mode");

    if (mode && !value_in(VALUES("readline", "control"), mode)) {
        error_setg(errp, "Parameter 'mode' does not accept value '%s'", mode);
        return false;
    }
    return require(opts, "chardev", errp);
}

static bool check_global(QemuOpts *opts, Error **errp)
{
    if (!qemu_opt_get(opts, "driver") || !qemu_opt_get(opts, "property") ||
        !qemu_opt_get(opts, "value")) {
        error_setg(errp,
                   "options 'driver', 'property', and 'value' are required");
        return false;
    }
    return true;
}

static bool check_object(QemuOpts *opts, Error **errp)
{
    if (!require(opts, "qom-type", errp)) {
        return false;
    }
    if (!qemu_opts_id(opts)) {
        error_setg(errp, "Parameter 'id' is missing");
        return false;
    }
    return true;
}

static const KeyRule action_rules[] = {
    {"shutdown", KEY_STR, VALUES("poweroff", "pause")},
    {"reboot", KEY_STR, VALUES("reset", "shutdown")},
    {"panic", KEY_STR, VALUES("pause", "shutdown", "exit-failure", "none")},
    {"watchdog", KEY_STR,
     VALUES("reset", "shutdown", "poweroff", "inject-nmi", "pause", "debug",
            "none")},
    {NULL},
};

static bool check_action(QemuOpts *opts, Error **errp)
{
    KeyCheck kc = {.rules = {action_rules}};

    return check_keys(opts, &kc, errp);
}

static bool check_boot_devices(const char *devs, Error **errp)
{
    unsigned seen = 0;

    /* a-b floppy, c-f IDE disks, g-m machine-specific, n-p network */
    for (const char *p = devs; *p; p++) {
        if (*p < 'a' || *p > 'p') {
            error_setg(errp, "Invalid boot device '%c'", *p);
            return false;
        }
        if (seen & (1u << (*p - 'a'))) {
            error_setg(errp, "Boot device '%c' was given twice", *p);
            return false;
        }
        seen |= 1u << (*p - 'a');
    }
    return true;
}

static bool check_boot(QemuOpts *opts, Error **errp)
{
    const char *order = qemu_opt_get(opts, "order");
    const char *once = qemu_opt_get(opts, "once");

    return (!order || check_boot_devices(order, errp)) &&
           (!once || check_boot_devices(once, errp));
}

static bool is_uuid(const char *s)
{
    static const int group_len[] = {8, 4, 4, 4, 12};
    const char *p = s;

    for (size_t g = 0; g < G_N_ELEMENTS(group_len); g++) {
        for (int i = 0; i < group_len[g]; i++, p++) {
            if (!g_ascii_isxdigit(*p)) {
                return false;
            }
        }
        if (g + 1 < G_N_ELEMENTS(group_len) && *p++ != '-') {
            return false;
        }
    }
    return *p == '\0';
}

static const char *const vga_types[] = {
    "std", "cirrus", "vmware", "qxl",  "xenfb",
    "tcx", "cg3",    "virtio", "none", NULL,
};

static bool check_system(QemuOpts *opts, Error **errp)
{
    const char *uuid = qemu_opt_get(opts, "uuid");
    const char *vga = qemu_opt_get(opts, "vga");

    if (uuid && !is_uuid(uuid)) {
        error_setg(errp, "failed to parse UUID string: wrong format");
        return false;
    }
    if (vga && !value_in(vga_types, vga)) {
        error_setg(errp, "unknown vga type: %s", vga);
        return false;
    }
    return true;
}

static bool log_items_valid(const char *items)
{
    g_auto(GStrv) v = g_strsplit(items, ",", -1);

    for (char **p = v; *p; p++) {
        bool known = !strcmp(*p, "all") || !strcmp(*p, "none");

        for (const QEMULogItem *it = qemu_log_items; !known && it->name; it++) {
            known = !strcmp(it->name, *p);
        }
        if (!known) {
            return false;
        }
    }
    return true;
}

static bool check_log(QemuOpts *opts, Error **errp)
{
    const char *items = qemu_opt_get(opts, "items");

    if (items && !log_items_valid(items)) {
        error_setg(errp, "Invalid log items '%s' (see -d help)", items);
        return false;
    }
    return true;
}

static bool check_memory(QemuOpts *opts, Error **errp)
{
    uint64_t size;

    return emu_mem_opts_get_size(opts, &size, errp);
}

bool emu_opts_check(QemuOpts *opts, Error **errp)
{
    const char *group = qemu_opts_list(opts)->name;

    if (!strcmp(group, "drive")) {
        return check_drive(opts, errp);
    } else if (!strcmp(group, "chardev")) {
        return check_chardev(opts, errp);
    } else if (!strcmp(group, "netdev") || !strcmp(group, "nic") ||
               !strcmp(group, "net")) {
        return check_net(opts, group, errp);
    } else if (!strcmp(group, "numa")) {
        return check_numa(opts, errp);
    } else if (!strcmp(group, "smbios")) {
        return check_smbios(opts, errp);
    } else if (!strcmp(group, "display")) {
        return check_display(opts, errp);
    } else if (!strcmp(group, "rtc")) {
        return check_rtc(opts, errp);
    } else if (!strcmp(group, "mon")) {
        return check_mon(opts, errp);
    } else if (!strcmp(group, "global")) {
        return check_global(opts, errp);
    } else if (!strcmp(group, "object")) {
        return check_object(opts, errp);
    } else if (!strcmp(group, "device")) {
        return require(opts, "driver", errp);
    } else if (!strcmp(group, "action")) {
        return check_action(opts, errp);
    } else if (!strcmp(group, "boot-opts")) {
        return check_boot(opts, errp);
    } else if (!strcmp(group, "system")) {
        return check_system(opts, errp);
    } else if (!strcmp(group, "log")) {
        return check_log(opts, errp);
    } else if (!strcmp(group, "memory")) {
        return check_memory(opts, errp);
    }
    return true;
}

/* ---- Checking everything ---- */

typedef struct CheckAll {
    Location where; /* of the set that failed */
    bool failed;
} CheckAll;

static int check_all_one(void *opaque, QemuOpts *opts, Error **errp)
{
    CheckAll *ca = opaque;

    if (emu_opts_check(opts, errp)) {
        return 0;
    }
    /* qemu_opts_foreach() pops its location before we can report. */
    loc_save(&ca->where);
    ca->failed = true;
    return -1;
}

static int check_mon_chardev(void *opaque, QemuOpts *opts, Error **errp)
{
    CheckAll *ca = opaque;
    const char *chardev = qemu_opt_get(opts, "chardev");

    if (!chardev || qemu_opts_find(&qemu_chardev_opts, chardev)) {
        return 0;
    }
    error_setg(errp, "chardev \"%s\" not found", chardev);
    loc_save(&ca->where);
    ca->failed = true;
    return -1;
}

bool emu_option_groups_check_all(Error **errp)
{
    CheckAll ca = {.failed = false};

    for (QemuOptsList *const *l = all_groups; *l && !ca.failed; l++) {
        qemu_opts_foreach(*l, check_all_one, &ca, errp);
    }
    if (!ca.failed) {
        qemu_opts_foreach(&qemu_mon_opts, check_mon_chardev, &ca, errp);
    }
    if (ca.failed) {
        loc_restore(&ca.where);
        return false;
    }
    return true;
}

/* ---- Getters ---- */

bool emu_mem_opts_get_size(QemuOpts *opts, uint64_t *size, Error **errp)
{
    const char *str = qemu_opt_get(opts, "size");
    uint64_t sz;
    int err;

    if (!str) {
        return true;
    }
    if (!*str) {
        error_setg(errp, "missing 'size' option value");
        return false;
    }
    err = qemu_strtosz(str, NULL, &sz);
    if (err) {
        /* Only sets that escaped the list's desc[] get here. */
        error_setg(errp, "Parameter 'size' expects a non-negative number "
                         "below 2^64");
        return false;
    }
    /* QEMU: -m without a suffix counts mebibytes. */
    if (g_ascii_isdigit(str[strlen(str) - 1])) {
        if (sz > UINT64_MAX / (1024 * 1024)) {
            error_setg(errp, "too large 'size' option value");
            return false;
        }
        sz *= 1024 * 1024;
    }
    *size = sz;
    return true;
}

/* ---- Help ---- */

static int compare_str_ptrs(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void print_rules(const char *caption, const KeyRule *const *tables)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);

    for (int t = 0; tables[t]; t++) {
        for (const KeyRule *r = tables[t]; r->name; r++) {
            static const char *const kind_names[] = {
                [KEY_STR] = "str",       [KEY_BOOL] = "bool (on/off)",
                [KEY_NUM] = "num",       [KEY_INT64] = "int64",
                [KEY_UINT64] = "uint64", [KEY_UINT_LIST] = "uint64 list",
                [KEY_SIZE] = "size",
            };
            g_ptr_array_add(lines, g_strdup_printf("  %s=<%s>", r->name,
                                                   kind_names[r->kind]));
        }
    }
    g_ptr_array_sort(lines, compare_str_ptrs);
    printf("%s options:\n", caption);
    for (guint i = 0; i < lines->len; i++) {
        printf("%s\n", (const char *)g_ptr_array_index(lines, i));
    }
    g_ptr_array_free(lines, true);
}

bool emu_option_group_print_help(const char *group)
{
    if (!strcmp(group, "chardev")) {
        /* QEMU's caption ends with a blank. */
        printf("Available chardev backend types: \n");
        for (const char *const *b = chardev_backends; *b; b++) {
            printf("  %s\n", *b);
        }
    } else if (!strcmp(group, "netdev") || !strcmp(group, "nic") ||
               !strcmp(group, "net")) {
        printf("Available netdev backend types:\n");
        for (const char *const *t = netdev_type_names; *t; t++) {
            printf("%s\n", *t);
        }
    } else if (!strcmp(group, "display")) {
        printf("Available display backend types:\n");
        for (const TypeRules *t = display_types; t->type; t++) {
            printf("%s\n", t->type);
        }
    } else if (!strcmp(group, "vga")) {
        static const char *const desc[] = {
            "standard VGA with Bochs VBE extensions",
            "Cirrus CL-GD5446",
            "VMware SVGA-II",
            "QXL paravirtual graphics",
            "Xen paravirtual framebuffer",
            "Sun TCX framebuffer",
            "Sun cgthree framebuffer",
            "virtio-gpu with VGA",
            "no video card",
        };
        for (size_t i = 0; vga_types[i]; i++) {
            printf("%-20s %s\n", vga_types[i], desc[i]);
        }
    } else if (!strcmp(group, "drive")) {
        print_rules("drive", (const KeyRule *const[]){drive_rules, NULL});
    } else if (!strcmp(group, "numa")) {
        GPtrArray *names = g_ptr_array_new();

        for (const TypeRules *t = numa_types; t->type; t++) {
            g_ptr_array_add(names, (gpointer)t->type);
        }
        g_ptr_array_sort(names, compare_str_ptrs);
        printf("Available numa option types:\n");
        for (guint i = 0; i < names->len; i++) {
            printf("%s\n", (const char *)g_ptr_array_index(names, i));
        }
        g_ptr_array_free(names, true);
    } else if (!strcmp(group, "smbios")) {
        printf("Available smbios types:\n");
        for (size_t i = 0; i < G_N_ELEMENTS(smbios_types); i++) {
            printf("%" G_GUINT64_FORMAT "\n", smbios_types[i].type);
        }
    } else {
        return false;
    }
    return true;
}
