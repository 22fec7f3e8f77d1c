/*
 * The command-line table and the argv walker (see opts/cmdline.h).
 *
 * Where QEMU 7.2 turns an option into an option set, emu does the same
 * (qemu-system-x86_64's vl.c is the reference for which list and keys);
 * where QEMU keeps a plain variable, emu uses a set of its own groups, so
 * that -writeconfig shows everything that was accepted.
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "opts/cmdline.h"
#include "opts/config-file.h"
#include "opts/option-groups.h"
#include "util/cutils.h"
#include "util/error-report.h"
#include "util/error.h"
#include "util/log.h"

/* ---- Helpers shared by the handlers ---- */

static QemuOptsList *group_list(const char *group)
{
    QemuOptsList *list = qemu_find_opts_err(group, NULL);

    /* Every group of the table is registered before parsing. */
    g_assert(list);
    return list;
}

/* The one set of a merge_lists group. */
static QemuOpts *group_singleton(const char *group)
{
    return qemu_opts_create(group_list(group), NULL, 0, NULL);
}

/* Parse params into group, then check the set; a new set is dropped on
 * error. */
static QemuOpts *parse_into(const char *group, const char *params, Error **errp)
{
    QemuOptsList *list = group_list(group);
    QemuOpts *opts = qemu_opts_parse_help(list, params, true, NULL, errp);

    if (!opts) {
        return NULL;
    }
    if (!emu_opts_check(opts, errp)) {
        if (!list->merge_lists) {
            qemu_opts_del(opts);
        }
        return NULL;
    }
    return opts;
}

/* key=value in the one set of group, replacing earlier values. */
static bool set_value(const char *group, const char *key, const char *value,
                      Error **errp)
{
    QemuOpts *opts = group_singleton(group);

    g_assert(qemu_opts_list(opts)->merge_lists);
    qemu_opt_unset(opts, key);
    if (!qemu_opt_set(opts, key, value, errp)) {
        return false;
    }
    if (!emu_opts_check(opts, errp)) {
        qemu_opt_unset(opts, key);
        return false;
    }
    return true;
}

/* ---- -cpu MODEL[,+feat][,-feat][,feat=value] ---- */

static CmdlineStatus handle_cpu(Cmdline *cl, const QEMUOption *opt,
                                const char *arg, Error **errp)
{
    g_auto(GStrv) parts = g_strsplit(arg, ",", -1);
    QemuOpts *opts;

    /* g_strsplit() gives no element at all for "". */
    if (!parts[0]) {
        error_setg(errp, "-cpu option cannot be empty");
        return CMDLINE_ERROR;
    }
    qemu_opts_reset(&emu_cpu_opts);
    opts = group_singleton("cpu");
    if (!qemu_opt_set(opts, "model", parts[0], errp)) {
        return CMDLINE_ERROR;
    }
    /*
     * QEMU applies feat=value first, then every +feat, then every -feat
     * (so "-feat" wins over "+feat" and "feat=on").  Storing them in that
     * order lets the last value of a key be the one QEMU would use.
     */
    for (int pass = 0; pass < 3; pass++) {
        for (char **p = parts + 1; *p; p++) {
            const char *f = *p;
            g_autofree char *name = NULL;
            const char *value;

            if (!*f) {
                continue; /* QEMU's strtok() skips empty elements */
            }
            if (f[0] == '+' || f[0] == '-') {
                if (pass != (f[0] == '+' ? 1 : 2)) {
                    continue;
                }
                name = g_strdup(f + 1);
                value = f[0] == '+' ? "on" : "off";
            } else {
                const char *eq = strchr(f, '=');

                if (pass != 0) {
                    continue;
                }
                name = eq ? g_strndup(f, eq - f) : g_strdup(f);
                value = eq ? eq + 1 : "on";
            }
            if (!strcmp(name, "model")) {
                /* emu's key for the model name; CPUID's is not settable. */
                error_setg(errp, "CPU property 'model' (the CPUID model "
                                 "number) is not supported yet");
                return CMDLINE_ERROR;
            }
            if (!qemu_opt_set(opts, name, value, errp)) {
                return CMDLINE_ERROR;
            }
        }
    }
    return CMDLINE_OK;
}

/* ---- -hda..-hdd, -cdrom, -fda/-fdb and a bare image ---- */

static CmdlineStatus drive_add(const char *iface, int index, const char *media,
                               const char *file, Error **errp)
{
    QemuOpts *opts = qemu_opts_create(&qemu_drive_opts, NULL, 0, errp);

    /* The keys in QEMU's order: media, if, index, file. */
    if (!opts || (media && !qemu_opt_set(opts, "media", media, errp)) ||
        (iface && !qemu_opt_set(opts, "if", iface, errp)) ||
        !qemu_opt_set_number(opts, "index", index, errp) ||
        !qemu_opt_set(opts, "file", file, errp)) {
        qemu_opts_del(opts);
        return CMDLINE_ERROR;
    }
    return CMDLINE_OK;
}

static CmdlineStatus handle_hdx(Cmdline *cl, const QEMUOption *opt,
                                const char *arg, Error **errp)
{
    if (!strcmp(opt->name, "cdrom")) {
        return drive_add(NULL, 2, "cdrom", arg, errp);
    }
    if (!strncmp(opt->name, "fd", 2)) {
        return drive_add("floppy", opt->name[2] - 'a', NULL, arg, errp);
    }
    return drive_add(NULL, opt->name[2] - 'a', "disk", arg, errp);
}

/* ---- QEMU's legacy chardev syntax ---- */

static bool starts(const char *s, const char *prefix, const char **rest)
{
    size_t n = strlen(prefix);

    if (strncmp(s, prefix, n)) {
        return false;
    }
    if (rest) {
        *rest = s + n;
    }
    return true;
}

/*
 * "[HOST]:PORT" up to one of stops (or the end) into host and port;
 * returns where it stopped, or NULL if malformed.
 */
static const char *split_host_port(const char *p, const char *stops,
                                   char **host, char **port)
{
    const char *colon = strchr(p, ':');
    size_t plen;

    if (!colon || (size_t)(colon - p) > strcspn(p, stops)) {
        return NULL;
    }
    plen = strcspn(colon + 1, stops);
    if (plen == 0) {
        return NULL;
    }
    *host = g_strndup(p, colon - p);
    *port = g_strndup(colon + 1, plen);
    return colon + 1 + plen;
}

QemuOpts *qemu_chr_parse_compat(const char *label, const char *filename,
                                bool permit_mux_mon, Error **errp)
{
    QemuOpts *opts;
    const char *p;
    bool ok = true;

    opts = qemu_opts_create(&qemu_chardev_opts, label, 1, errp);
    if (!opts) {
        return NULL;
    }
    if (permit_mux_mon && starts(filename, "mon:", &p)) {
        filename = p;
        qemu_opt_set(opts, "mux", "on", NULL);
        if (!strcmp(filename, "stdio")) {
            /* A monitor muxed on stdio takes Ctrl-C for itself. */
            qemu_opt_set(opts, "signal", "off", NULL);
        }
    }
    if (!strcmp(filename, "null") || !strcmp(filename, "pty") ||
        !strcmp(filename, "stdio")) {
        qemu_opt_set(opts, "backend", filename, NULL);
        return opts;
    }
    if (starts(filename, "vc", &p) && (!*p || *p == ':')) {
        unsigned w, h;
        int n = -1;

        qemu_opt_set(opts, "backend", "vc", NULL);
        if (*p == ':') {
            char key_w[8] = "width", key_h[8] = "height";

            if (sscanf(p + 1, "%uCx%uC%n", &w, &h, &n) == 2 && n > 0 &&
                !p[1 + n]) {
                strcpy(key_w, "cols");
                strcpy(key_h, "rows");
            } else if (!(sscanf(p + 1, "%ux%u%n", &w, &h, &n) == 2 && n > 0 &&
                         !p[1 + n])) {
                goto fail;
            }
            qemu_opt_set_number(opts, key_w, w, NULL);
            qemu_opt_set_number(opts, key_h, h, NULL);
        }
        return opts;
    }
    if (starts(filename, "file:", &p) || starts(filename, "pipe:", &p)) {
        qemu_opt_set(opts, "backend",
                     starts(filename, "file:", NULL) ? "file" : "pipe", NULL);
        qemu_opt_set(opts, "path", p, NULL);
        return opts;
    }
    if (starts(filename, "tcp:", &p) || starts(filename, "telnet:", &p) ||
        starts(filename, "tn3270:", &p) || starts(filename, "websocket:", &p)) {
        g_autofree char *host = NULL, *port = NULL;
        const char *end = split_host_port(p, ",", &host, &port);

        if (!end) {
            goto fail;
        }
        qemu_opt_set(opts, "backend", "socket", NULL);
        qemu_opt_set(opts, "host", host, NULL);
        qemu_opt_set(opts, "port", port, NULL);
        if (*end == ',') {
            Error *err = NULL;

            if (!qemu_opts_do_parse(opts, end + 1, NULL, &err)) {
                error_report_err(err);
                goto fail;
            }
        }
        if (starts(filename, "telnet:", NULL)) {
            ok = qemu_opt_set(opts, "telnet", "on", NULL);
        } else if (starts(filename, "tn3270:", NULL)) {
            ok = qemu_opt_set(opts, "tn3270", "on", NULL);
        } else if (starts(filename, "websocket:", NULL)) {
            ok = qemu_opt_set(opts, "websocket", "on", NULL);
        }
        return ok ? opts : (qemu_opts_del(opts), NULL);
    }
    if (starts(filename, "udp:", &p)) {
        g_autofree char *host = NULL, *port = NULL;
        g_autofree char *lhost = NULL, *lport = NULL;
        const char *end = split_host_port(p, "@,", &host, &port);

        if (!end) {
            goto fail;
        }
        qemu_opt_set(opts, "backend", "udp", NULL);
        qemu_opt_set(opts, "host", host, NULL);
        qemu_opt_set(opts, "port", port, NULL);
        if (*end == '@') {
            if (!split_host_port(end + 1, ",", &lhost, &lport)) {
                goto fail;
            }
            qemu_opt_set(opts, "localaddr", lhost, NULL);
            qemu_opt_set(opts, "localport", lport, NULL);
        }
        return opts;
    }
    if (starts(filename, "unix:", &p)) {
        Error *err = NULL;

        qemu_opt_set(opts, "backend", "socket", NULL);
        if (!qemu_opts_do_parse(opts, p, "path", &err)) {
            error_report_err(err);
            goto fail;
        }
        return opts;
    }
    if (starts(filename, "/dev/parport", NULL) ||
        starts(filename, "/dev/ppi", NULL)) {
        qemu_opt_set(opts, "backend", "parallel", NULL);
        qemu_opt_set(opts, "path", filename, NULL);
        return opts;
    }
    if (starts(filename, "/dev/", NULL)) {
        qemu_opt_set(opts, "backend", "serial", NULL);
        qemu_opt_set(opts, "path", filename, NULL);
        return opts;
    }
    error_setg(errp, "'%s' is not a valid char driver", filename);
fail:
    qemu_opts_del(opts);
    return NULL;
}

/* ---- -monitor, -qmp, -qmp-pretty: a chardev and a mon set ---- */

static CmdlineStatus monitor_parse(Cmdline *cl, const char *arg,
                                   const char *mode, bool pretty, Error **errp)
{
    g_autofree char *label = NULL;
    const char *p;
    QemuOpts *chr = NULL, *mon;

    if (starts(arg, "chardev:", &p)) {
        label = g_strdup(p);
    } else {
        Error *err = NULL;

        label = g_strdup_printf("compat_monitor%d", cl->monitor_count);
        chr = qemu_chr_parse_compat(label, arg, true, &err);
        if (!chr) {
            /* QEMU prints the reason, if any, then "parse error". */
            if (err) {
                error_report_err(err);
            }
            error_setg(errp, "parse error: %s", arg);
            return CMDLINE_ERROR;
        }
        if (!emu_opts_check(chr, errp)) {
            qemu_opts_del(chr);
            return CMDLINE_ERROR;
        }
    }
    mon = qemu_opts_create(&qemu_mon_opts, label, 1, errp);
    if (!mon) {
        qemu_opts_del(chr);
        return CMDLINE_ERROR;
    }
    qemu_opt_set(mon, "mode", mode, NULL);
    qemu_opt_set(mon, "chardev", label, NULL);
    if (!strcmp(mode, "control")) {
        qemu_opt_set_bool(mon, "pretty", pretty, NULL);
    }
    cl->monitor_count++;
    return CMDLINE_OK;
}

static CmdlineStatus handle_monitor(Cmdline *cl, const QEMUOption *opt,
                                    const char *arg, Error **errp)
{
    if (!strcmp(opt->name, "monitor")) {
        /* QEMU: any argument starting with "none" means no monitor. */
        if (!strncmp(arg, "none", 4)) {
            return set_value("system", "default-monitor", "off", errp)
                       ? CMDLINE_OK
                       : CMDLINE_ERROR;
        }
        return monitor_parse(cl, arg, "readline", false, errp);
    }
    return monitor_parse(cl, arg, "control", !strcmp(opt->name, "qmp-pretty"),
                         errp);
}

/* ---- -serial, -parallel, -debugcon: the device string, checked ---- */

static CmdlineStatus handle_chardev_dev(Cmdline *cl, const QEMUOption *opt,
                                        const char *arg, Error **errp)
{
    QemuOpts *opts;

    if (strcmp(arg, "none") != 0) {
        Error *err = NULL;
        QemuOpts *chr = qemu_chr_parse_compat(NULL, arg, true, &err);

        if (!chr) {
            if (err) {
                error_report_err(err);
            }
            /* QEMU's words when it connects the port at machine start. */
            error_setg(errp,
                       "could not connect %s device to character backend "
                       "'%s'",
                       strcmp(opt->name, "debugcon") ? opt->name : "debugcon",
                       arg);
            return CMDLINE_ERROR;
        }
        qemu_opts_del(chr);
    }
    opts = qemu_opts_create(group_list(opt->group), NULL, 0, errp);
    if (!opts || !qemu_opt_set(opts, "dev", arg, errp)) {
        qemu_opts_del(opts);
        return CMDLINE_ERROR;
    }
    return CMDLINE_OK;
}

/* ---- -chardev: QEMU's deprecated aliases warn ---- */

static CmdlineStatus handle_chardev(Cmdline *cl, const QEMUOption *opt,
                                    const char *arg, Error **errp)
{
    QemuOpts *opts =
        qemu_opts_parse_help(&qemu_chardev_opts, arg, true, NULL, errp);
    const char *backend;

    if (!opts) {
        return CMDLINE_ERROR;
    }
    /* QEMU warns about the alias before it looks at the keys. */
    backend = qemu_opt_get(opts, "backend");
    if (backend && !strcmp(backend, "tty")) {
        warn_report("The alias 'tty' is deprecated, use 'serial' instead");
    } else if (backend && !strcmp(backend, "parport")) {
        warn_report("The alias 'parport' is deprecated, use 'parallel' "
                    "instead");
    }
    if (!emu_opts_check(opts, errp)) {
        qemu_opts_del(opts);
        return CMDLINE_ERROR;
    }
    return CMDLINE_OK;
}

/* ---- -device: QEMU also takes JSON ---- */

static CmdlineStatus handle_device(Cmdline *cl, const QEMUOption *opt,
                                   const char *arg, Error **errp)
{
    if (arg[0] == '{') {
        error_setg(errp, "JSON syntax for -device is not supported yet");
        return CMDLINE_ERROR;
    }
    return parse_into("device", arg, errp) ? CMDLINE_OK : CMDLINE_ERROR;
}

/* ---- -global DRIVER.PROP=VALUE or driver=,property=,value= ---- */

static CmdlineStatus handle_global(Cmdline *cl, const QEMUOption *opt,
                                   const char *arg, Error **errp)
{
    size_t dlen = strcspn(arg, ".=");
    const char *prop = arg[dlen] == '.' ? arg + dlen + 1 : "";
    size_t plen = strcspn(prop, "=");

    if (dlen > 0 && plen > 0 && prop[plen] == '=') {
        QemuOpts *opts = qemu_opts_create(&qemu_global_opts, NULL, 0, errp);
        g_autofree char *driver = g_strndup(arg, dlen);
        g_autofree char *property = g_strndup(prop, plen);

        if (!opts || !qemu_opt_set(opts, "driver", driver, errp) ||
            !qemu_opt_set(opts, "property", property, errp) ||
            !qemu_opt_set(opts, "value", prop + plen + 1, errp)) {
            qemu_opts_del(opts);
            return CMDLINE_ERROR;
        }
        return CMDLINE_OK;
    }
    return parse_into("global", arg, errp) ? CMDLINE_OK : CMDLINE_ERROR;
}

/* ---- -vnc, -display, -nographic ---- */

static bool vnc_parse(const char *arg, Error **errp)
{
    QemuOpts *opts = parse_into("vnc", arg, errp);
    char *id;
    int i = 2;

    if (!opts) {
        return false;
    }
    if (qemu_opts_id(opts)) {
        return true;
    }
    /* QEMU names the VNC servers "default", "vnc2", "vnc3"... */
    id = g_strdup("default");
    while (qemu_opts_find(&qemu_vnc_opts, id)) {
        g_free(id);
        id = g_strdup_printf("vnc%d", i++);
    }
    qemu_opts_set_id(opts, id);
    return true;
}

static CmdlineStatus handle_vnc(Cmdline *cl, const QEMUOption *opt,
                                const char *arg, Error **errp)
{
    return vnc_parse(arg, errp) ? CMDLINE_OK : CMDLINE_ERROR;
}

static CmdlineStatus handle_display(Cmdline *cl, const QEMUOption *opt,
                                    const char *arg, Error **errp)
{
    const char *p;

    if (starts(arg, "vnc", &p) && (!*p || *p == '=' || *p == ',')) {
        if (*p != '=') {
            error_setg(errp, "VNC requires a display argument vnc=<display>");
            return CMDLINE_ERROR;
        }
        return vnc_parse(p + 1, errp) ? CMDLINE_OK : CMDLINE_ERROR;
    }
    /* The last -display wins, as in QEMU. */
    qemu_opts_reset(&emu_display_opts);
    return parse_into("display", arg, errp) ? CMDLINE_OK : CMDLINE_ERROR;
}

static CmdlineStatus handle_nographic(Cmdline *cl, const QEMUOption *opt,
                                      const char *arg, Error **errp)
{
    qemu_opts_reset(&emu_display_opts);
    if (!parse_into("machine", "graphics=off", errp) ||
        !parse_into("display", "type=none", errp) ||
        !set_value("system", "nographic", "on", errp)) {
        return CMDLINE_ERROR;
    }
    return CMDLINE_OK;
}

/* ---- -realtime: gone from QEMU 6.0, still in older command lines ---- */

static CmdlineStatus handle_realtime(Cmdline *cl, const QEMUOption *opt,
                                     const char *arg, Error **errp)
{
    QemuOpts *opts = parse_into("realtime", arg, errp);

    if (!opts) {
        return CMDLINE_ERROR;
    }
    warn_report("-realtime is deprecated (QEMU 6.0 removed it); "
                "use -overcommit mem-lock=on|off");
    return CMDLINE_OK;
}

/* ---- -d ITEMS ---- */

static CmdlineStatus handle_d(Cmdline *cl, const QEMUOption *opt,
                              const char *arg, Error **errp)
{
    if (!set_value("log", "items", arg, NULL)) {
        /* QEMU 7.2 prints the list of items, without a message. */
        qemu_print_log_usage(stdout);
        return CMDLINE_ERROR;
    }
    return CMDLINE_OK;
}

/* ---- -readconfig, -writeconfig, -set ---- */

/* Sets plus values of a group: changes when a config file adds to it. */
static int count_opt(void *opaque, const char *name, const char *value,
                     Error **errp)
{
    (*(size_t *)opaque)++;
    return 0;
}

static int count_set(void *opaque, QemuOpts *opts, Error **errp)
{
    (*(size_t *)opaque)++;
    return qemu_opt_foreach(opts, count_opt, opaque, errp);
}

static size_t group_weight(QemuOptsList *list)
{
    size_t n = 0;

    qemu_opts_foreach(list, count_set, &n, NULL);
    return n;
}

static CmdlineStatus handle_readconfig(Cmdline *cl, const QEMUOption *opt,
                                       const char *arg, Error **errp)
{
    QemuOptsList *const *groups = emu_option_groups();
    g_autofree size_t *before = NULL;
    CmdlineUse *use;
    size_t n = 0;

    while (groups[n]) {
        n++;
    }
    before = g_new(size_t, n);
    for (size_t i = 0; i < n; i++) {
        before[i] = group_weight(groups[i]);
    }
    /*
     * Report here, at the "file:line" the reader hands back, so the
     * message reads as QEMU's and a tool reusing the table is not exited.
     */
    {
        Location errloc;
        Error *local_err = NULL;

        if (!qemu_read_config_file_loc(arg, &errloc, &local_err)) {
            loc_push_restore(&errloc);
            error_report_err(local_err);
            loc_pop(&errloc);
            return CMDLINE_ERROR;
        }
    }
    /* The use of this option was recorded just before the call. */
    use = &g_array_index(cl->uses, CmdlineUse, cl->uses->len - 1);
    for (size_t i = 0; i < n; i++) {
        if (group_weight(groups[i]) != before[i]) {
            use->readconfig_group = groups[i]->name;
            break;
        }
    }
    return CMDLINE_OK;
}

static CmdlineStatus handle_writeconfig(Cmdline *cl, const QEMUOption *opt,
                                        const char *arg, Error **errp)
{
    cl->writeconfig = arg;
    cl->writeconfig_index =
        g_array_index(cl->uses, CmdlineUse, cl->uses->len - 1).index;
    return CMDLINE_OK;
}

static CmdlineStatus handle_set(Cmdline *cl, const QEMUOption *opt,
                                const char *arg, Error **errp)
{
    return qemu_set_option(arg, errp) ? CMDLINE_OK : CMDLINE_ERROR;
}

/* ---- Meta options ---- */

static CmdlineStatus handle_meta(Cmdline *cl, const QEMUOption *opt,
                                 const char *arg, Error **errp)
{
    if (!strcmp(opt->name, "version")) {
        return CMDLINE_VERSION;
    } else if (!strcmp(opt->name, "list-types")) {
        return CMDLINE_LIST_TYPES;
    } else if (!strcmp(opt->name, "dry-run")) {
        cl->dry_run = true;
        return CMDLINE_OK;
    }
    return CMDLINE_USAGE; /* -h, -help */
}

/* ---- The table ---- */

#define SEC(s) QEMU_SECTION_##s

static const QEMUOption options[] = {
    /* Standard options */
    {"h", false, NULL, QEMU_OPTION_META, .section = SEC(STANDARD),
     .handler = handle_meta, .help = "print this help and exit"},
    {"help", false, NULL, QEMU_OPTION_META, .section = SEC(STANDARD),
     .handler = handle_meta, .help = "print this help and exit"},
    {"version", false, NULL, QEMU_OPTION_META, .section = SEC(STANDARD),
     .handler = handle_meta, .help = "print the version and exit"},
    {"machine", true, "[type=]name[,prop[=value][,...]]", QEMU_OPTION_PARSE,
     "machine", .section = SEC(STANDARD),
     .help = "choose the machine type ('-machine help' lists them)\n"
             "and set its properties; accel=kvm|tcg picks the accelerator"},
    {"M", true, "[type=]name[,prop[=value][,...]]", QEMU_OPTION_PARSE,
     "machine", .section = SEC(STANDARD), .help = "same as -machine"},
    {"cpu", true, "model[,+feat|-feat|feat=value...]", QEMU_OPTION_SPECIAL,
     "cpu", .section = SEC(STANDARD), .handler = handle_cpu,
     .help = "choose the CPU model ('-cpu help' lists them);\n"
             "+feat and -feat turn a CPUID feature on and off"},
    {"accel", true, "[accel=]name[,prop=value[,...]]", QEMU_OPTION_PARSE,
     "accel", .section = SEC(STANDARD),
     .help = "choose an accelerator and set its properties\n"
             "('-accel help' lists them)"},
    {"smp", true,
     "[[cpus=]n][,maxcpus=n][,sockets=n][,dies=n][,cores=n][,threads=n]",
     QEMU_OPTION_PARSE, "smp-opts", .section = SEC(STANDARD),
     .help = "number of CPUs at start (cpus, default 1) and at most\n"
             "(maxcpus), and how they are laid out in sockets, dies,\n"
             "clusters (clusters=n), cores and threads"},
    {"numa", true,
     "node[,mem=size][,cpus=first[-last]][,nodeid=n]"
     "[,memdev=id]",
     QEMU_OPTION_PARSE, "numa", .section = SEC(STANDARD),
     .help = "define a NUMA node (also initiator=n), or give\n"
             "'dist', 'cpu', 'hmat-lb' or 'hmat-cache' settings"},
    {"global", true, "driver.property=value", QEMU_OPTION_SPECIAL, "global",
     .section = SEC(STANDARD), .handler = handle_global,
     .help = "default value of a property for every device of a type\n"
             "(also written driver=D,property=P,value=V)"},
    {"boot", true,
     "[order=drives][,once=drives][,menu=on|off]"
     "[,strict=on|off]",
     QEMU_OPTION_PARSE, "boot-opts", .section = SEC(STANDARD),
     .help = "boot order: a-b floppy, c hard disk, d CD-ROM, n network;\n"
             "also splash=file, splash-time=ms, reboot-timeout=ms"},
    {"m", true, "[size=]megs[,slots=n,maxmem=size]", QEMU_OPTION_PARSE,
     "memory", .section = SEC(STANDARD),
     .help = "guest RAM size (a number without suffix counts MiB),\n"
             "hotplug slots and the most RAM hotplug may reach"},
    {"mem-prealloc", false, NULL, QEMU_OPTION_FLAG, "system",
     .value = "mem-prealloc=on", .section = SEC(STANDARD),
     .help = "preallocate guest memory"},
    {"k", true, "language", QEMU_OPTION_VALUE, "system", "keyboard-layout",
     .section = SEC(STANDARD), .help = "keyboard layout (for example 'fr')"},
    {"device", true, "driver[,prop[=value][,...]]", QEMU_OPTION_SPECIAL,
     "device", .section = SEC(STANDARD), .handler = handle_device,
     .help = "add a device ('-device help' lists them,\n"
             "'-device driver,help' lists its properties)"},
    {"name", true, "string1[,process=string2][,debug-threads=on|off]",
     QEMU_OPTION_PARSE, "name", .section = SEC(STANDARD),
     .help = "name of the guest (and of the process and its threads)"},
    {"uuid", true, "%08x-%04x-%04x-%04x-%012x", QEMU_OPTION_VALUE, "system",
     "uuid", .section = SEC(STANDARD), .help = "UUID of the machine"},
    /* Block device options */
    {"fda", true, "file", QEMU_OPTION_SPECIAL, "drive", .section = SEC(BLOCK),
     .handler = handle_hdx, .help = "floppy disk 0 image"},
    {"fdb", true, "file", QEMU_OPTION_SPECIAL, "drive", .section = SEC(BLOCK),
     .handler = handle_hdx, .help = "floppy disk 1 image"},
    {"hda", true, "file", QEMU_OPTION_SPECIAL, "drive", .section = SEC(BLOCK),
     .handler = handle_hdx, .help = "hard disk 0 image (also a bare argument)"},
    {"hdb", true, "file", QEMU_OPTION_SPECIAL, "drive", .section = SEC(BLOCK),
     .handler = handle_hdx, .help = "hard disk 1 image"},
    {"hdc", true, "file", QEMU_OPTION_SPECIAL, "drive", .section = SEC(BLOCK),
     .handler = handle_hdx, .help = "hard disk 2 image"},
    {"hdd", true, "file", QEMU_OPTION_SPECIAL, "drive", .section = SEC(BLOCK),
     .handler = handle_hdx, .help = "hard disk 3 image"},
    {"cdrom", true, "file", QEMU_OPTION_SPECIAL, "drive", .section = SEC(BLOCK),
     .handler = handle_hdx, .help = "CD-ROM image (IDE index 2)"},
    {"drive", true,
     "[file=file][,if=type][,index=i][,media=d]"
     "[,format=f][,cache=c][,id=name]",
     QEMU_OPTION_PARSE, "drive", .section = SEC(BLOCK),
     .help = "add a drive backed by an image file; also bus, unit,\n"
             "aio, discard, readonly, snapshot, werror, rerror, ...\n"
             "('-drive help' lists the keys)"},
    {"snapshot", false, NULL, QEMU_OPTION_FLAG, "system",
     .value = "snapshot=on", .section = SEC(BLOCK),
     .help = "write changes to temporary files, not to the images"},
    /* USB convenience options */
    {"usb", false, NULL, QEMU_OPTION_FLAG, "machine", .value = "usb=on",
     .section = SEC(USB), .help = "turn on the board's USB controller"},
    /* Display options */
    {"display", true, "type[,opts]", QEMU_OPTION_SPECIAL, "display",
     .section = SEC(DISPLAY), .handler = handle_display,
     .help = "display backend: none, gtk, sdl, curses, egl-headless,\n"
             "dbus, spice-app, or vnc=<display>"},
    {"nographic", false, NULL, QEMU_OPTION_SPECIAL, "system",
     .section = SEC(DISPLAY), .handler = handle_nographic,
     .help = "no graphics: serial port and monitor on the terminal"},
    {"vga", true, "type", QEMU_OPTION_VALUE, "system", "vga",
     .section = SEC(DISPLAY),
     .help = "video card: std, cirrus, vmware, qxl, xenfb, tcx, cg3,\n"
             "virtio or none"},
    {"vnc", true, "display[,opts]", QEMU_OPTION_SPECIAL, "vnc",
     .section = SEC(DISPLAY), .handler = handle_vnc,
     .help = "serve the display over VNC ('-vnc help' lists the keys)"},
    /* i386 target only */
    {"no-acpi", false, NULL, QEMU_OPTION_FLAG, "machine", .value = "acpi=off",
     .section = SEC(I386), .help = "no ACPI tables"},
    {"no-hpet", false, NULL, QEMU_OPTION_FLAG, "machine", .value = "hpet=off",
     .section = SEC(I386), .help = "no HPET"},
    {"smbios", true, "type=n[,field=value[,...]] or file=binary",
     QEMU_OPTION_PARSE, "smbios", .section = SEC(I386),
     .help = "SMBIOS fields of type 0, 1, 2, 3, 4, 8, 11, 17 or 41,\n"
             "or whole entries read from a file"},
    /* Network options */
    {"netdev", true, "type,id=str[,prop=value][,...]", QEMU_OPTION_PARSE,
     "netdev", .section = SEC(NETWORK),
     .help = "host network backend: tap, user, socket, bridge, hubport,\n"
             "vde, vhost-user, vhost-vdpa ('-netdev help')"},
    {"nic", true, "[type][,prop=value][,...][,mac=addr][,model=m]",
     QEMU_OPTION_PARSE, "nic", .section = SEC(NETWORK),
     .help = "a network card and its backend in one option"},
    {"net", true, "nic|user|tap|...[,prop=value][,...]", QEMU_OPTION_PARSE,
     "net", .section = SEC(NETWORK),
     .help = "the older way to add NICs and backends, joined by a hub"},
    /* Character device options */
    {"chardev", true, "backend,id=id[,prop=value][,...]", QEMU_OPTION_SPECIAL,
     "chardev", .section = SEC(CHARDEV), .handler = handle_chardev,
     .help = "character backend: null, socket, udp, file, pipe, pty,\n"
             "stdio, ringbuf, serial, parallel, vc ('-chardev help')"},
    /* Boot Image or Kernel specific */
    {"bios", true, "file", QEMU_OPTION_VALUE, "machine", "firmware",
     .section = SEC(BOOT), .help = "firmware image"},
    {"kernel", true, "bzImage", QEMU_OPTION_VALUE, "machine", "kernel",
     .section = SEC(BOOT),
     .help = "boot this Linux kernel (or multiboot\n"
             "image) directly"},
    {"append", true, "cmdline", QEMU_OPTION_VALUE, "machine", "append",
     .section = SEC(BOOT), .help = "command line of the -kernel"},
    {"initrd", true, "file", QEMU_OPTION_VALUE, "machine", "initrd",
     .section = SEC(BOOT), .help = "initial RAM disk of the -kernel"},
    /* Debug/Expert options */
    {"serial", true, "dev", QEMU_OPTION_SPECIAL, "serial",
     .section = SEC(DEBUG), .handler = handle_chardev_dev,
     .help = "connect the next serial port to character device 'dev'"},
    {"parallel", true, "dev", QEMU_OPTION_SPECIAL, "parallel",
     .section = SEC(DEBUG), .handler = handle_chardev_dev,
     .help = "connect the next parallel port to character device 'dev'"},
    {"monitor", true, "dev", QEMU_OPTION_SPECIAL, "mon", .section = SEC(DEBUG),
     .handler = handle_monitor,
     .help = "human monitor on character device 'dev'"},
    {"qmp", true, "dev", QEMU_OPTION_SPECIAL, "mon", .section = SEC(DEBUG),
     .handler = handle_monitor,
     .help = "QMP monitor on character device "
             "'dev'"},
    {"qmp-pretty", true, "dev", QEMU_OPTION_SPECIAL, "mon",
     .section = SEC(DEBUG), .handler = handle_monitor,
     .help = "as -qmp, with indented JSON"},
    {"mon", true, "[chardev=]name[,mode=readline|control][,pretty[=on|off]]",
     QEMU_OPTION_PARSE, "mon", .section = SEC(DEBUG),
     .help = "monitor on an existing chardev"},
    {"debugcon", true, "dev", QEMU_OPTION_SPECIAL, "debugcon",
     .section = SEC(DEBUG), .handler = handle_chardev_dev,
     .help = "debug console (port 0xe9) on character device 'dev'"},
    {"pidfile", true, "file", QEMU_OPTION_VALUE, "system", "pidfile",
     .section = SEC(DEBUG), .help = "write the process id to 'file'"},
    {"S", false, NULL, QEMU_OPTION_FLAG, "system", .value = "autostart=off",
     .section = SEC(DEBUG),
     .help = "do not start the CPUs (with\n"
             "-writeconfig: stop after parsing)"},
    {"overcommit", true, "[mem-lock=on|off][,cpu-pm=on|off]", QEMU_OPTION_PARSE,
     "overcommit", .section = SEC(DEBUG),
     .help = "lock guest memory in RAM; give the guest CPU power\n"
             "management"},
    {"realtime", true, "mlock=on|off", QEMU_OPTION_SPECIAL, "realtime",
     .section = SEC(DEBUG), .handler = handle_realtime,
     .help = "older spelling of -overcommit mem-lock (deprecated)"},
    {"d", true, "item1,...", QEMU_OPTION_SPECIAL, "log", .section = SEC(DEBUG),
     .handler = handle_d, .help = "log these items ('-d help' lists them)"},
    {"D", true, "logfile", QEMU_OPTION_VALUE, "log", "file",
     .section = SEC(DEBUG), .help = "write the log to 'logfile', not stderr"},
    /* QEMU: machine accel=kvm, so it goes with -machine accel=kvm. */
    {"enable-kvm", false, NULL, QEMU_OPTION_FLAG, "machine",
     .value = "accel=kvm", .section = SEC(DEBUG),
     .help = "use KVM (same as -machine accel=kvm)"},
    {"no-reboot", false, NULL, QEMU_OPTION_FLAG, "action",
     .value = "reboot=shutdown", .section = SEC(DEBUG),
     .help = "exit when the guest reboots"},
    {"no-shutdown", false, NULL, QEMU_OPTION_FLAG, "action",
     .value = "shutdown=pause", .section = SEC(DEBUG),
     .help = "pause, not exit, when the guest shuts down"},
    {"action", true, "event=action[,...]", QEMU_OPTION_PARSE, "action",
     .section = SEC(DEBUG),
     .help = "what to do on reboot=reset|shutdown,\n"
             "shutdown=poweroff|pause, panic=pause|shutdown|\n"
             "exit-failure|none, watchdog=reset|shutdown|poweroff|\n"
             "inject-nmi|pause|debug|none"},
    {"watchdog-action", true, "action", QEMU_OPTION_VALUE, "action", "watchdog",
     .section = SEC(DEBUG), .help = "same as -action watchdog=action"},
    {"daemonize", false, NULL, QEMU_OPTION_FLAG, "system",
     .value = "daemonize=on", .section = SEC(DEBUG),
     .help = "detach from the terminal once set up"},
    {"rtc", true,
     "[base=utc|localtime|date][,clock=host|rt|vm]"
     "[,driftfix=none|slew]",
     QEMU_OPTION_PARSE, "rtc", .section = SEC(DEBUG),
     .help = "RTC start time and clock; driftfix=slew makes up for lost\n"
             "ticks"},
    {"nodefaults", false, NULL, QEMU_OPTION_FLAG, "system",
     .value = "defaults=off", .section = SEC(DEBUG),
     .help = "create no default devices"},
    {"readconfig", true, "file", QEMU_OPTION_SPECIAL, NULL,
     .section = SEC(DEBUG), .handler = handle_readconfig,
     .help = "read options from a config file (the format of\n"
             "-writeconfig)"},
    {"writeconfig", true, "file", QEMU_OPTION_SPECIAL, NULL,
     .section = SEC(DEBUG), .handler = handle_writeconfig,
     .help = "write the options to 'file' ('-' is stdout) once parsed"},
    {"set", true, "group.id.arg=value", QEMU_OPTION_SPECIAL, NULL,
     .section = SEC(DEBUG), .handler = handle_set,
     .help = "set a key of an option set that has an id,\n"
             "e.g. -set drive.disk0.file=/path/to/image"},
    {"no-user-config", false, NULL, QEMU_OPTION_FLAG, "system",
     .value = "user-config=off", .section = SEC(DEBUG),
     .help = "read no config files of the user"},
    {"qtest", true, "dev", QEMU_OPTION_VALUE, "qtest", "chardev",
     .section = SEC(DEBUG),
     .help = "speak the qtest protocol on character device 'dev'"},
    {"qtest-log", true, "file", QEMU_OPTION_VALUE, "qtest", "log",
     .section = SEC(DEBUG), .help = "log the qtest protocol to 'file'"},
    /* Generic object creation */
    {"object", true, "typename,id=id[,prop=value...]", QEMU_OPTION_PARSE,
     "object", .section = SEC(OBJECT),
     .help = "create an object of a user-creatable type under /objects\n"
             "('-object help' lists the types)"},
    /* emu only */
    {"dry-run", false, NULL, QEMU_OPTION_META, .section = SEC(EMU),
     .handler = handle_meta,
     .help = "parse and check the options, then exit (with -writeconfig:\n"
             "show the configuration)"},
    {"list-types", false, NULL, QEMU_OPTION_META, .section = SEC(EMU),
     .handler = handle_meta, .help = "list the registered QOM types as a tree"},
    {NULL},
};

const QEMUOption *qemu_cmdline_options(void)
{
    return options;
}

const QEMUOption *qemu_cmdline_find_option(const char *name)
{
    for (const QEMUOption *o = options; o->name; o++) {
        if (!strcmp(o->name, name)) {
            return o;
        }
    }
    return NULL;
}

/* ---- Help ---- */

static const char *const section_titles[QEMU_SECTION_COUNT] = {
    [QEMU_SECTION_STANDARD] = "Standard options:",
    [QEMU_SECTION_BLOCK] = "Block device options:",
    [QEMU_SECTION_USB] = "USB convenience options:",
    [QEMU_SECTION_DISPLAY] = "Display options:",
    [QEMU_SECTION_I386] = "i386 target only:",
    [QEMU_SECTION_NETWORK] = "Network options:",
    [QEMU_SECTION_CHARDEV] = "Character device options:",
    [QEMU_SECTION_BOOT] = "Boot Image or Kernel specific:",
    [QEMU_SECTION_DEBUG] = "Debug/Expert options:",
    [QEMU_SECTION_OBJECT] = "Generic object creation:",
    [QEMU_SECTION_EMU] = "emu options:",
};

/* QEMU's layout: the option in 16 columns, then its help. */
static void print_option(FILE *f, const QEMUOption *o)
{
    g_autofree char *head = NULL;
    g_auto(GStrv) lines = g_strsplit(o->help, "\n", -1);

    if (!strcmp(o->name, "help")) {
        return; /* shown with -h */
    }
    head = !strcmp(o->name, "h") ? g_strdup("-h or -help")
           : o->has_arg ? g_strdup_printf("-%s %s", o->name, o->synopsis)
                        : g_strdup_printf("-%s", o->name);
    if (!strcmp(o->name, "dry-run") || !strcmp(o->name, "list-types")) {
        /* emu's own options; "--name" works as well. */
        char *with_dashes = g_strdup_printf("-%s", head);

        g_free(head);
        head = with_dashes;
    }
    if (strlen(head) < 16) {
        fprintf(f, "%-16s%s\n", head, lines[0]);
    } else {
        fprintf(f, "%s\n%16s%s\n", head, "", lines[0]);
    }
    for (char **l = lines + 1; *l; l++) {
        fprintf(f, "%16s%s\n", "", *l);
    }
}

void qemu_cmdline_print_usage(FILE *f)
{
    for (int s = 0; s < QEMU_SECTION_COUNT; s++) {
        fprintf(f, "\n%s\n", section_titles[s]);
        for (const QEMUOption *o = options; o->name; o++) {
            if (o->section == (QEMUOptionSection)s) {
                print_option(f, o);
            }
        }
    }
}

/* Groups whose help QOM gives: machine types, CPU models, devices, ... */
static bool help_is_qom(const QEMUOption *o)
{
    static const char *const qom_groups[] = {
        "machine", "cpu", "device", "accel", "object", NULL,
    };

    for (const char *const *g = qom_groups; *g; g++) {
        if (o->group && !strcmp(o->group, *g)) {
            return true;
        }
    }
    return false;
}

/* Does arg ask for help, and can this option answer? */
static bool wants_help(const QEMUOption *o, const char *arg)
{
    if (!o->has_arg || o->kind == QEMU_OPTION_META) {
        return false;
    }
    if (!strcmp(o->name, "d") || !strcmp(o->name, "vga")) {
        return is_help_option(arg);
    }
    if (o->kind == QEMU_OPTION_PARSE || help_is_qom(o) ||
        !strcmp(o->name, "display") || !strcmp(o->name, "vnc") ||
        !strcmp(o->name, "global") || !strcmp(o->name, "chardev") ||
        !strcmp(o->name, "realtime")) {
        return has_help_option(arg);
    }
    return false;
}

static CmdlineStatus give_help(Cmdline *cl, const QEMUOption *o,
                               const char *arg, int index)
{
    QemuOptsList *list;

    if (help_is_qom(o)) {
        cl->help_opt = o;
        cl->help_arg = arg;
        cl->help_index = index;
        return CMDLINE_HELP;
    }
    if (!strcmp(o->name, "d")) {
        qemu_print_log_usage(stdout);
        return CMDLINE_DONE;
    }
    if (!strcmp(o->name, "vga")) {
        emu_option_group_print_help("vga");
        return CMDLINE_DONE;
    }
    /* "-chardev help" lists backends, "-chardev socket,help" the keys. */
    if ((strcmp(o->group, "chardev") || is_help_option(arg)) &&
        emu_option_group_print_help(o->group)) {
        return CMDLINE_DONE;
    }
    list = group_list(o->group);
    qemu_opts_print_help(list, true);
    return CMDLINE_DONE;
}

/* ---- The parser ---- */

void qemu_cmdline_init(Cmdline *cl)
{
    memset(cl, 0, sizeof(*cl));
    cl->uses = g_array_new(false, true, sizeof(CmdlineUse));
}

void qemu_cmdline_destroy(Cmdline *cl)
{
    if (cl->uses) {
        g_array_free(cl->uses, true);
    }
    memset(cl, 0, sizeof(*cl));
}

static CmdlineStatus run_option(Cmdline *cl, const QEMUOption *o,
                                const char *arg, Error **errp)
{
    switch (o->kind) {
    case QEMU_OPTION_PARSE:
        return parse_into(o->group, arg, errp) ? CMDLINE_OK : CMDLINE_ERROR;
    case QEMU_OPTION_VALUE:
        return set_value(o->group, o->key, arg, errp) ? CMDLINE_OK
                                                      : CMDLINE_ERROR;
    case QEMU_OPTION_FLAG:
        return parse_into(o->group, o->value, errp) ? CMDLINE_OK
                                                    : CMDLINE_ERROR;
    case QEMU_OPTION_SPECIAL:
    case QEMU_OPTION_META:
    default:
        return o->handler(cl, o, arg, errp);
    }
}

static void add_use(Cmdline *cl, const QEMUOption *o, int index,
                    const char *arg)
{
    CmdlineUse use = {.opt = o, .index = index, .arg = arg};

    g_array_append_val(cl->uses, use);
}

CmdlineStatus qemu_cmdline_parse(Cmdline *cl, int argc, char **argv)
{
    Error *err = NULL;
    CmdlineStatus st;
    int i = 1;

    emu_register_option_groups();
    cl->argv = argv;
    while (i < argc) {
        const char *name = argv[i];
        const QEMUOption *o;
        const char *arg = NULL;
        int index = i;

        if (name[0] != '-') {
            /* A bare argument is the first hard disk, as in QEMU. */
            loc_set_cmdline(argv, i, 1);
            o = qemu_cmdline_find_option("hda");
            add_use(cl, o, i, name);
            st = drive_add(NULL, 0, "disk", name, &err);
            i++;
            if (st != CMDLINE_OK) {
                goto fail;
            }
            continue;
        }
        loc_set_cmdline(argv, i, 1);
        /* "--opt" is "-opt". */
        name += name[1] == '-' ? 2 : 1;
        o = qemu_cmdline_find_option(name);
        if (!o) {
            error_report("invalid option");
            loc_set_none();
            return CMDLINE_ERROR;
        }
        if (o->has_arg) {
            if (i + 1 >= argc) {
                error_report("requires an argument");
                loc_set_none();
                return CMDLINE_ERROR;
            }
            arg = argv[i + 1];
            loc_set_cmdline(argv, i, 2);
        }
        i += o->has_arg ? 2 : 1;
        if (arg && wants_help(o, arg)) {
            loc_set_none();
            return give_help(cl, o, arg, index);
        }
        add_use(cl, o, index, arg);
        st = run_option(cl, o, arg, &err);
        if (st == CMDLINE_ERROR) {
            goto fail;
        }
        if (st != CMDLINE_OK) {
            loc_set_none();
            return st;
        }
    }
    loc_set_none();
    /* -readconfig's sets, and what refers to other sets. */
    if (!emu_option_groups_check_all(&err)) {
        goto fail;
    }
    loc_set_none();
    return CMDLINE_OK;

fail:
    if (err) {
        error_report_err(err);
    }
    /* argv may not outlive the caller's use of the error location. */
    loc_set_none();
    return CMDLINE_ERROR;
}
