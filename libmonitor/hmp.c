/*
 * HMP, the human monitor: a readline-style command line on a chardev,
 * and QMP's human-monitor-command, which runs one of its commands.
 *
 * As in QEMU, a monitor greets with a banner and the "(qemu) " prompt
 * when its chardev opens, and every "\n" it prints goes out as "\r\n".
 * On a mux (-nographic, -serial mon:stdio) it holds its output while
 * another front end has the focus and shows the prompt again when "C-a c"
 * gives the focus back.  The greeting waits for the main loop, so on a
 * mux it finds the focus already taken by the serial port attached after
 * it, as QEMU (which opens muxes once the machine is built) shows it.
 */
#include <string.h>

#include "hmp-internal.h"
#include "util/main-loop.h"

/* Past this much pending output the monitor stops reading input. */
#define HMP_MAX_PENDING_OUTPUT (64 * 1024)

typedef struct MonitorHMP {
    CharBackend be;
    ReadLineState *rs;
    /* Output the backend has not taken yet, and the watch waiting on it. */
    GString *outbuf;
    guint out_watch;
    /* The greeting, sent from the main loop after CHR_EVENT_OPENED. */
    QEMUBH *open_bh;
    bool greet_pending;
    /* Another front end of the mux has the focus: output waits. */
    bool mux_out;
    /* Greeted once: focus changes show the prompt again. */
    bool reset_seen;
    /* quit ran: no more input, no prompt. */
    bool quitting;
} MonitorHMP;

static GList *hmp_monitors;

/* ---- Output ---- */

static void hmp_flush(MonitorHMP *mon);

static gboolean hmp_out_ready(void *do_not_use, GIOCondition cond, void *opaque)
{
    MonitorHMP *mon = opaque;
    bool was_full = mon->outbuf->len > HMP_MAX_PENDING_OUTPUT;

    mon->out_watch = 0;
    hmp_flush(mon);
    if (was_full && mon->outbuf->len <= HMP_MAX_PENDING_OUTPUT) {
        qemu_chr_fe_accept_input(&mon->be);
    }
    return G_SOURCE_REMOVE;
}

static void hmp_drop_output(MonitorHMP *mon)
{
    if (mon->out_watch) {
        g_source_remove(mon->out_watch);
        mon->out_watch = 0;
    }
    g_string_truncate(mon->outbuf, 0);
}

/* What the backend takes now; a watch waits for room for the rest. */
static void hmp_flush(MonitorHMP *mon)
{
    while (mon->outbuf->len && !mon->out_watch && !mon->mux_out) {
        int n = qemu_chr_fe_write(&mon->be, (const uint8_t *)mon->outbuf->str,
                                  (int)MIN(mon->outbuf->len, (gsize)65536));

        if (n < 0) {
            /* No peer: nobody to read it. */
            hmp_drop_output(mon);
        } else if (n == 0) {
            mon->out_watch = qemu_chr_fe_add_watch(
                &mon->be, G_IO_OUT | G_IO_HUP, hmp_out_ready, mon);
            if (!mon->out_watch) {
                hmp_drop_output(mon);
            }
        } else {
            g_string_erase(mon->outbuf, 0, n);
        }
    }
}

/* Append text with QEMU's line ends ("\n" becomes "\r\n"). */
static void append_crlf(GString *out, const char *text, gsize len)
{
    for (gsize i = 0; i < len; i++) {
        if (text[i] == '\n') {
            g_string_append_c(out, '\r');
        }
        g_string_append_c(out, text[i]);
    }
}

static void hmp_puts(MonitorHMP *mon, const char *text)
{
    append_crlf(mon->outbuf, text, strlen(text));
    hmp_flush(mon);
}

static void hmp_readline_print(void *opaque, const char *text)
{
    hmp_puts(opaque, text);
}

/* ---- Commands ---- */

static void hmp_command_cb(void *opaque, const char *line)
{
    MonitorHMP *mon = opaque;
    g_autoptr(GString) out = g_string_new(NULL);
    HmpContext ctx = {.out = out, .cpu_index = -1, .rs = mon->rs};

    hmp_handle_command(&ctx, line);
    hmp_puts(mon, out->str);
    if (ctx.quit) {
        /* As QEMU: the monitor stops here, then the VM shuts down. */
        mon->quitting = true;
        hmp_quit_after();
        return;
    }
    readline_show_prompt(mon->rs);
}

static int hmp_can_read(void *opaque)
{
    MonitorHMP *mon = opaque;

    if (mon->quitting || mon->outbuf->len > HMP_MAX_PENDING_OUTPUT) {
        return 0;
    }
    return 4096;
}

static void hmp_greet(void *opaque);

static void hmp_read(void *opaque, const uint8_t *buf, int size)
{
    MonitorHMP *mon = opaque;

    /* Input that overtakes the greeting: greet first, as QEMU would. */
    if (mon->greet_pending) {
        qemu_bh_cancel(mon->open_bh);
        hmp_greet(mon);
    }
    for (int i = 0; i < size && !mon->quitting; i++) {
        readline_handle_byte(mon->rs, buf[i]);
    }
}

/* ---- Sessions and focus ---- */

static void hmp_greet(void *opaque)
{
    MonitorHMP *mon = opaque;

    mon->greet_pending = false;
    hmp_puts(mon, "emu " EMU_VERSION
                  " monitor - type 'help' for more information\n");
    if (!mon->mux_out) {
        readline_restart(mon->rs);
        readline_show_prompt(mon->rs);
    }
    mon->reset_seen = true;
}

static void hmp_event(void *opaque, QEMUChrEvent event)
{
    MonitorHMP *mon = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        hmp_drop_output(mon);
        mon->greet_pending = true;
        qemu_bh_schedule(mon->open_bh);
        break;
    case CHR_EVENT_CLOSED:
        /* A client that left mid-line leaves nothing for the next one. */
        mon->greet_pending = false;
        qemu_bh_cancel(mon->open_bh);
        hmp_drop_output(mon);
        readline_restart(mon->rs);
        break;
    case CHR_EVENT_MUX_IN:
        mon->mux_out = false;
        if (mon->reset_seen && !mon->quitting) {
            readline_restart(mon->rs);
            readline_show_prompt(mon->rs);
        }
        hmp_flush(mon);
        break;
    case CHR_EVENT_MUX_OUT:
        if (mon->reset_seen && !mon->quitting) {
            /* Leave the prompt's line before the other front end talks. */
            hmp_puts(mon, "\n");
        }
        mon->mux_out = true;
        break;
    default:
        break;
    }
}

bool monitor_init_hmp(Chardev *chr, Error **errp)
{
    MonitorHMP *mon = g_new0(MonitorHMP, 1);

    if (!qemu_chr_fe_init(&mon->be, chr, errp)) {
        g_free(mon);
        return false;
    }
    mon->outbuf = g_string_new(NULL);
    mon->rs = readline_init(hmp_readline_print, hmp_command_cb, mon, "(qemu) ");
    mon->open_bh = qemu_bh_new(hmp_greet, mon);
    hmp_monitors = g_list_append(hmp_monitors, mon);
    qemu_chr_fe_set_handlers(&mon->be, hmp_can_read, hmp_read, hmp_event, NULL,
                             mon, NULL, true);
    return true;
}

void hmp_monitors_cleanup(void)
{
    for (GList *l = hmp_monitors; l; l = l->next) {
        MonitorHMP *mon = l->data;

        /* One last try for what is pending, without waiting. */
        if (mon->out_watch) {
            g_source_remove(mon->out_watch);
            mon->out_watch = 0;
        }
        if (mon->outbuf->len && !mon->mux_out) {
            qemu_chr_fe_write(&mon->be, (const uint8_t *)mon->outbuf->str,
                              (int)MIN(mon->outbuf->len, (gsize)65536));
        }
        hmp_drop_output(mon);
        qemu_chr_fe_deinit(&mon->be, false);
        qemu_bh_delete(mon->open_bh);
        readline_free(mon->rs);
        g_string_free(mon->outbuf, true);
        g_free(mon);
    }
    g_list_free(hmp_monitors);
    hmp_monitors = NULL;
}

/* ---- quit ---- */

void hmp_quit_after(void)
{
    const QmpCommand *quit = qmp_find_command("quit");

    if (quit && quit->after) {
        quit->after();
    }
}

/* ---- human-monitor-command ---- */

/* A quit run through human-monitor-command acts after the reply. */
static bool hmc_quit_pending;

/* cpu-index names a CPU of query-cpus-fast. */
static bool cpu_index_valid(int64_t index)
{
    g_autoptr(JsonNode) ret = qmp_run_command("query-cpus-fast", NULL, NULL);
    JsonArray *list =
        ret && JSON_NODE_HOLDS_ARRAY(ret) ? json_node_get_array(ret) : NULL;

    for (guint i = 0; list && i < json_array_get_length(list); i++) {
        JsonObject *cpu = json_array_get_object_element(list, i);

        if (cpu && json_object_has_member(cpu, "cpu-index") &&
            json_object_get_int_member(cpu, "cpu-index") == index) {
            return true;
        }
    }
    return false;
}

static JsonNode *qmp_human_monitor_command(MonitorQMP *mon, JsonObject *args,
                                           Error **errp)
{
    g_autoptr(GString) out = g_string_new(NULL);
    g_autoptr(GString) text = g_string_new(NULL);
    HmpContext ctx = {.out = out, .cpu_index = -1};
    JsonNode *ret;

    if (json_object_has_member(args, "cpu-index")) {
        ctx.cpu_index = json_object_get_int_member(args, "cpu-index");
        if (!cpu_index_valid(ctx.cpu_index)) {
            error_setg(errp, "Parameter 'cpu-index' expects a CPU number");
            return NULL;
        }
    }
    hmp_handle_command(&ctx,
                       json_object_get_string_member(args, "command-line"));
    hmc_quit_pending = ctx.quit;
    /* The text as a terminal would get it, "\r\n" and all (QEMU's). */
    append_crlf(text, out->str, out->len);
    ret = json_node_alloc();
    json_node_init_string(ret, text->str);
    return ret;
}

static void human_monitor_command_after(void)
{
    if (hmc_quit_pending) {
        hmc_quit_pending = false;
        hmp_quit_after();
    }
}

const QmpCommand qmp_commands_hmp[] = {
    {"human-monitor-command",
     qmp_human_monitor_command,
     {{"command-line", ARG_STRING}, {"cpu-index", ARG_INT, true}},
     .after = human_monitor_command_after},
    {NULL},
};
