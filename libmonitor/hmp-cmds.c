/*
 * The human monitor's commands: the table help lists, the parsing of a
 * command line, and the handlers.  Like QEMU's, a handler that reports
 * on or acts on the VM runs the QMP command (qmp_run_command) and
 * formats its answer, so both monitors say the same; info qtree and
 * info mtree print libmachine's trees.  Texts and layouts are QEMU 7.2's.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "hmp-internal.h"
#include "machine/cpu.h"
#include "machine/memory.h"
#include "machine/qdev-core.h"

/* The longest command name QEMU compares (longer ones are cut). */
#define HMP_MAX_NAME 255
#define HMP_MAX_FLAGS 4

typedef enum HmpArgKind {
    HMP_ARG_END,
    HMP_ARG_FLAG, /* "-X", optional, in the order of the table */
    HMP_ARG_REST, /* the rest of the line, optional */
} HmpArgKind;

typedef struct HmpArgSpec {
    HmpArgKind kind;
    char flag;
} HmpArgSpec;

typedef struct HmpArgs {
    bool flag[HMP_MAX_FLAGS];
    /* HMP_ARG_REST: the text, or NULL when there was none. */
    char *rest;
} HmpArgs;

typedef struct HMPCommand HMPCommand;

struct HMPCommand {
    /* "quit|q": the name and its aliases. */
    const char *name;
    HmpArgSpec args[HMP_MAX_FLAGS + 1];
    /* What help shows after the name. */
    const char *params;
    const char *help;
    void (*cmd)(HmpContext *ctx, const HmpArgs *args);
    /* info: its subcommands. */
    const HMPCommand *sub_table;
};

static const HMPCommand hmp_cmds[];
static const HMPCommand hmp_info_cmds[];

static void hmp_printf(HmpContext *ctx, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

static void hmp_printf(HmpContext *ctx, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_string_append_vprintf(ctx->out, fmt, ap);
    va_end(ap);
}

/* ---- Running QMP commands ---- */

/* An error as QEMU's HMP reports one. */
static void hmp_handle_error(HmpContext *ctx, Error *err)
{
    hmp_printf(ctx, "Error: %s\n", error_get_pretty(err));
    error_free(err);
}

/* The QMP command's "return", or NULL after printing its error. */
static JsonNode *hmp_qmp(HmpContext *ctx, const char *name)
{
    Error *err = NULL;
    JsonNode *ret = qmp_run_command(name, NULL, &err);

    if (!ret) {
        hmp_handle_error(ctx, err);
    }
    return ret;
}

/* Commands whose answer is {}: only an error is worth printing. */
static void hmp_qmp_action(HmpContext *ctx, const char *name)
{
    JsonNode *ret = hmp_qmp(ctx, name);

    if (ret) {
        json_node_unref(ret);
    }
}

static JsonObject *ret_object(JsonNode *ret)
{
    return JSON_NODE_HOLDS_OBJECT(ret) ? json_node_get_object(ret) : NULL;
}

static JsonArray *ret_array(JsonNode *ret)
{
    return JSON_NODE_HOLDS_ARRAY(ret) ? json_node_get_array(ret) : NULL;
}

static const char *obj_str(JsonObject *o, const char *member)
{
    JsonNode *n = o ? json_object_get_member(o, member) : NULL;

    return n && JSON_NODE_HOLDS_VALUE(n) &&
                   json_node_get_value_type(n) == G_TYPE_STRING
               ? json_node_get_string(n)
               : NULL;
}

static int64_t obj_int(JsonObject *o, const char *member)
{
    JsonNode *n = o ? json_object_get_member(o, member) : NULL;

    return n && JSON_NODE_HOLDS_VALUE(n) ? json_node_get_int(n) : 0;
}

static bool obj_bool(JsonObject *o, const char *member)
{
    JsonNode *n = o ? json_object_get_member(o, member) : NULL;

    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_boolean(n);
}

/* ---- Commands ---- */

static void help_cmd(HmpContext *ctx, const char *name);

static void hmp_help(HmpContext *ctx, const HmpArgs *args)
{
    help_cmd(ctx, args->rest);
}

static void hmp_info_help(HmpContext *ctx, const HmpArgs *args)
{
    help_cmd(ctx, "info");
}

static void hmp_stop(HmpContext *ctx, const HmpArgs *args)
{
    hmp_qmp_action(ctx, "stop");
}

static void hmp_cont(HmpContext *ctx, const HmpArgs *args)
{
    hmp_qmp_action(ctx, "cont");
}

static void hmp_system_reset(HmpContext *ctx, const HmpArgs *args)
{
    hmp_qmp_action(ctx, "system_reset");
}

static void hmp_system_powerdown(HmpContext *ctx, const HmpArgs *args)
{
    hmp_qmp_action(ctx, "system_powerdown");
}

static void hmp_quit(HmpContext *ctx, const HmpArgs *args)
{
    JsonNode *ret = hmp_qmp(ctx, "quit");

    if (ret) {
        json_node_unref(ret);
        ctx->quit = true;
    }
}

static void hmp_info_status(HmpContext *ctx, const HmpArgs *args)
{
    g_autoptr(JsonNode) ret = hmp_qmp(ctx, "query-status");
    JsonObject *o = ret ? ret_object(ret) : NULL;
    const char *status = obj_str(o, "status");
    bool running = obj_bool(o, "running");

    if (!ret) {
        return;
    }
    hmp_printf(ctx, "VM status: %s", running ? "running" : "paused");
    if (obj_bool(o, "singlestep")) {
        hmp_printf(ctx, " (single step mode)");
    }
    /* "paused (prelaunch)": why a VM that is not running is stopped. */
    if (!running && status && strcmp(status, "paused")) {
        hmp_printf(ctx, " (%s)", status);
    }
    hmp_printf(ctx, "\n");
}

static void hmp_info_version(HmpContext *ctx, const HmpArgs *args)
{
    g_autoptr(JsonNode) ret = hmp_qmp(ctx, "query-version");
    JsonObject *o = ret ? ret_object(ret) : NULL;
    JsonNode *qemu = o ? json_object_get_member(o, "qemu") : NULL;
    JsonObject *v = qemu ? ret_object(qemu) : NULL;
    const char *package = obj_str(o, "package");

    if (!ret) {
        return;
    }
    hmp_printf(ctx, "%" PRId64 ".%" PRId64 ".%" PRId64 "%s\n",
               obj_int(v, "major"), obj_int(v, "minor"), obj_int(v, "micro"),
               package ? package : "");
}

static void hmp_info_name(HmpContext *ctx, const HmpArgs *args)
{
    g_autoptr(JsonNode) ret = hmp_qmp(ctx, "query-name");
    const char *name = ret ? obj_str(ret_object(ret), "name") : NULL;

    if (name) {
        hmp_printf(ctx, "%s\n", name);
    }
}

static void hmp_info_uuid(HmpContext *ctx, const HmpArgs *args)
{
    g_autoptr(JsonNode) ret = hmp_qmp(ctx, "query-uuid");
    const char *uuid = ret ? obj_str(ret_object(ret), "UUID") : NULL;

    if (uuid) {
        hmp_printf(ctx, "%s\n", uuid);
    }
}

static void hmp_info_chardev(HmpContext *ctx, const HmpArgs *args)
{
    g_autoptr(JsonNode) ret = hmp_qmp(ctx, "query-chardev");
    JsonArray *list = ret ? ret_array(ret) : NULL;

    for (guint i = 0; list && i < json_array_get_length(list); i++) {
        JsonObject *c = json_array_get_object_element(list, i);
        const char *label = obj_str(c, "label");
        const char *filename = obj_str(c, "filename");

        hmp_printf(ctx, "%s: filename=%s\n", label ? label : "",
                   filename ? filename : "");
    }
}

static void hmp_info_cpus(HmpContext *ctx, const HmpArgs *args)
{
    g_autoptr(JsonNode) ret = hmp_qmp(ctx, "query-cpus-fast");
    JsonArray *list = ret ? ret_array(ret) : NULL;
    int64_t current = ctx->cpu_index;

    for (guint i = 0; list && i < json_array_get_length(list); i++) {
        JsonObject *c = json_array_get_object_element(list, i);
        int64_t index = obj_int(c, "cpu-index");

        if (current < 0) {
            current = index;
        }
        hmp_printf(ctx, "%c CPU #%" PRId64 ": thread_id=%" PRId64 "\n",
                   index == current ? '*' : ' ', index,
                   obj_int(c, "thread-id"));
    }
}

/*
 * The registers as the CPU model dumps them, FPU included: the monitor's
 * current CPU (the first if none was chosen), or every CPU with -a.
 * Like QEMU's, this reads the state a running vCPU has last written back.
 */
static void hmp_info_registers(HmpContext *ctx, const HmpArgs *args)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    CPUState *cpu;

    if (args->flag[0]) {
        CPU_FOREACH(cpu)
        {
            g_string_append_printf(buf, "\nCPU#%d\n", cpu->cpu_index);
            cpu_dump_state(cpu, buf, CPU_DUMP_FPU);
        }
    } else {
        cpu = ctx->cpu_index >= 0 ? qemu_get_cpu(ctx->cpu_index) : first_cpu;
        if (!cpu) {
            hmp_printf(ctx, "No CPU available\n");
            return;
        }
        cpu_dump_state(cpu, buf, CPU_DUMP_FPU);
    }
    hmp_printf(ctx, "%s", buf->str);
}

static void hmp_info_kvm(HmpContext *ctx, const HmpArgs *args)
{
    g_autoptr(JsonNode) ret = hmp_qmp(ctx, "query-kvm");
    JsonObject *o = ret ? ret_object(ret) : NULL;

    if (!ret) {
        return;
    }
    hmp_printf(ctx, "kvm support: ");
    if (obj_bool(o, "present")) {
        hmp_printf(ctx, "%s\n",
                   obj_bool(o, "enabled") ? "enabled" : "disabled");
    } else {
        hmp_printf(ctx, "not compiled\n");
    }
}

static void hmp_info_jit(HmpContext *ctx, const HmpArgs *args)
{
    g_autoptr(JsonNode) ret = hmp_qmp(ctx, "x-query-jit");
    JsonObject *o = ret ? ret_object(ret) : NULL;

    if (o) {
        hmp_printf(ctx, "%s",
                   json_object_get_string_member(o, "human-readable-text"));
    }
}

static void hmp_info_history(HmpContext *ctx, const HmpArgs *args)
{
    const char *line;

    for (unsigned int i = 0;
         ctx->rs && (line = readline_get_history(ctx->rs, i)); i++) {
        hmp_printf(ctx, "%u: '%s'\n", i, line);
    }
}

static void hmp_info_qtree(HmpContext *ctx, const HmpArgs *args)
{
    qdev_print_tree(ctx->out);
}

/* -f flat views, -d dispatch tree (with -f), -o owners, -D disabled. */
static void hmp_info_mtree(HmpContext *ctx, const HmpArgs *args)
{
    if (args->flag[0] && args->flag[1]) {
        /* QEMU's radix dispatch tables have no counterpart in emu. */
        hmp_printf(ctx, "mtree: the dispatch tree (-d) does not exist in "
                        "emu\n");
        return;
    }
    mtree_info(ctx->out, args->flag[0], args->flag[2], args->flag[3]);
}

/* Sorted by name, as QEMU lists them. */
/* clang-format off */
static const HMPCommand hmp_info_cmds[] = {
    {"chardev", {{0}}, "", "show the character devices", hmp_info_chardev},
    {"cpus", {{0}}, "", "show infos for each CPU", hmp_info_cpus},
    {"history", {{0}}, "", "show the command line history",
     hmp_info_history},
    {"jit", {{0}}, "", "show dynamic compiler info", hmp_info_jit},
    {"kvm", {{0}}, "", "show KVM information", hmp_info_kvm},
    {"mtree",
     {{HMP_ARG_FLAG, 'f'},
      {HMP_ARG_FLAG, 'd'},
      {HMP_ARG_FLAG, 'o'},
      {HMP_ARG_FLAG, 'D'}},
     "[-f][-d][-o][-D]",
     "show memory tree (-f: dump flat view for address spaces;"
     "-d: dump dispatch tree, valid with -f only);"
     "-o: dump region owners/parents;-D: dump disabled regions",
     hmp_info_mtree},
    {"name", {{0}}, "", "show the current VM name", hmp_info_name},
    {"qtree", {{0}}, "", "show device tree", hmp_info_qtree},
    {"registers", {{HMP_ARG_FLAG, 'a'}}, "[-a]",
     "show the cpu registers (-a: all - show register info for all cpus)",
     hmp_info_registers},
    {"status", {{0}}, "", "show the current VM status (running|paused)",
     hmp_info_status},
    {"uuid", {{0}}, "", "show the current VM UUID", hmp_info_uuid},
    {"version", {{0}}, "", "show the version of emu", hmp_info_version},
    {NULL},
};

static const HMPCommand hmp_cmds[] = {
    {"cont|c", {{0}}, "", "resume emulation", hmp_cont},
    {"help|?", {{HMP_ARG_REST}}, "[cmd]", "show the help", hmp_help},
    {"info", {{0}}, "[subcommand]",
     "show various information about the system state", hmp_info_help,
     hmp_info_cmds},
    {"quit|q", {{0}}, "", "quit the emulator", hmp_quit},
    {"stop|s", {{0}}, "", "stop emulation", hmp_stop},
    {"system_powerdown", {{0}}, "", "send system power down event",
     hmp_system_powerdown},
    {"system_reset", {{0}}, "", "reset the system", hmp_system_reset},
    {NULL},
};
/* clang-format on */

static const char *skip_spaces(const char *p)
{
    while (g_ascii_isspace(*p)) {
        p++;
    }
    return p;
}

/* ---- help ---- */

/* name is one of the '|'-separated names of list. */
static bool compare_cmd(const char *name, const char *list)
{
    size_t len = strlen(name);

    for (const char *p = list; *p;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);

        if (n == len && !strncmp(p, name, n)) {
            return true;
        }
        p += bar ? n + 1 : n;
    }
    return false;
}

static const HMPCommand *find_cmd(const HMPCommand *table, const char *name)
{
    for (const HMPCommand *c = table; c->name; c++) {
        if (compare_cmd(name, c->name)) {
            return c;
        }
    }
    return NULL;
}

static void help_dump_one(HmpContext *ctx, const HMPCommand *cmd, char **prefix,
                          int nprefix)
{
    for (int i = 0; i < nprefix; i++) {
        hmp_printf(ctx, "%s ", prefix[i]);
    }
    hmp_printf(ctx, "%s %s -- %s\n", cmd->name, cmd->params, cmd->help);
}

/* The words of "help WORDS" pick a command; none: the whole table. */
static void help_cmd(HmpContext *ctx, const char *words)
{
    g_auto(GStrv) argv = NULL;
    const HMPCommand *table = hmp_cmds;
    int argc = 0;

    if (words && *skip_spaces(words) &&
        !g_shell_parse_argv(words, &argc, &argv, NULL)) {
        hmp_printf(ctx, "unterminated string\n");
        return;
    }
    for (int i = 0; i < argc; i++) {
        const HMPCommand *cmd = find_cmd(table, argv[i]);

        if (!cmd) {
            hmp_printf(ctx, "unknown command: '");
            for (int j = 0; j <= i; j++) {
                hmp_printf(ctx, "%s%s", argv[j], j == i ? "'\n" : " ");
            }
            return;
        }
        if (!cmd->sub_table) {
            help_dump_one(ctx, cmd, argv, i);
            return;
        }
        table = cmd->sub_table;
    }
    for (const HMPCommand *c = table; c->name; c++) {
        help_dump_one(ctx, c, argv, argc);
    }
}

/* ---- Parsing ---- */

/*
 * The command named at *p in table (following "info" into its
 * subcommands); *p moves past the names and the blanks after them.
 * NULL after printing "unknown command" (or for an empty line).
 */
static const HMPCommand *parse_command(HmpContext *ctx, const char *start,
                                       const char **p, const HMPCommand *table)
{
    const char *name = skip_spaces(*p);
    const char *end = name;
    g_autofree char *word = NULL;
    const HMPCommand *cmd;

    if (!*name) {
        return NULL;
    }
    /* A name ends at a blank or "/" (x/10 takes a format). */
    while (*end && *end != '/' && !g_ascii_isspace(*end)) {
        end++;
    }
    word = g_strndup(name, MIN(end - name, HMP_MAX_NAME));
    cmd = find_cmd(table, word);
    if (!cmd) {
        hmp_printf(ctx, "unknown command: '%.*s'\n", (int)(end - start), start);
        return NULL;
    }
    *p = skip_spaces(end);
    if (cmd->sub_table && **p) {
        return parse_command(ctx, start, p, cmd->sub_table);
    }
    return cmd;
}

/* A later flag of the command: "-X" may come before it is its turn. */
static bool later_flag(const HmpArgSpec *spec, char c)
{
    for (; spec->kind != HMP_ARG_END; spec++) {
        if (spec->kind == HMP_ARG_FLAG && spec->flag == c) {
            return true;
        }
    }
    return false;
}

static bool parse_arguments(HmpContext *ctx, const HMPCommand *cmd,
                            const char *p, HmpArgs *args)
{
    int nflag = 0;

    for (const HmpArgSpec *s = cmd->args; s->kind != HMP_ARG_END; s++) {
        p = skip_spaces(p);
        if (s->kind == HMP_ARG_REST) {
            if (*p) {
                args->rest = g_strdup(p);
                p += strlen(p);
            }
            continue;
        }
        /* Flags are taken in the table's order, each at most once. */
        if (*p == '-') {
            if (p[1] == s->flag) {
                args->flag[nflag] = true;
                p += 2;
            } else if (!p[1] || !later_flag(s + 1, p[1])) {
                hmp_printf(ctx, "%s: unsupported option -%.1s\n", cmd->name,
                           p + 1);
                return false;
            }
        }
        nflag++;
    }
    if (*skip_spaces(p)) {
        hmp_printf(ctx, "%s: extraneous characters at the end of line\n",
                   cmd->name);
        return false;
    }
    return true;
}

void hmp_handle_command(HmpContext *ctx, const char *cmdline)
{
    const char *p = cmdline;
    const HMPCommand *cmd = parse_command(ctx, cmdline, &p, hmp_cmds);
    HmpArgs args = {0};

    if (!cmd) {
        return;
    }
    if (!parse_arguments(ctx, cmd, p, &args)) {
        /* The names as typed, without the blanks after them. */
        while (p > cmdline && g_ascii_isspace(p[-1])) {
            p--;
        }
        hmp_printf(ctx, "Try \"help %.*s\" for more information\n",
                   (int)(p - cmdline), cmdline);
    } else {
        cmd->cmd(ctx, &args);
    }
    g_free(args.rest);
}
