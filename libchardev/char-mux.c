/*
 * The mux backend: up to MAX_MUX front ends (serial port and monitor,
 * for -serial mon:stdio and -nographic) share the chardev below.  All
 * front ends' output goes through; input goes to the front end with the
 * focus.  Typing the escape character Ctrl-a, then a key, gives QEMU's
 * commands:
 *
 *     C-a h    print the help below        C-a x    exit
 *     C-a s    commit disks (-snapshot)    C-a t    toggle timestamps
 *     C-a b    send a break                C-a c    switch the focus
 *     C-a C-a  send a C-a itself
 *
 * Input that the focused front end cannot take yet is kept (up to
 * MUX_BUFFER_SIZE bytes each), so escapes work while the guest is busy.
 */
#include <stdlib.h>
#include <string.h>

#include "char-mux.h"
#include "opts/qemu-option.h"
#include "util/error-report.h"
#include "util/log.h"

/* QEMU's default escape character, Ctrl-a (-echr changes it there). */
#define MUX_ESCAPE_CHAR 0x01

static void (*mux_quit_fn)(void *opaque);
static void *mux_quit_opaque;

void qemu_chr_set_mux_quit_handler(void (*fn)(void *opaque), void *opaque)
{
    mux_quit_fn = fn;
    mux_quit_opaque = opaque;
}

/* ---- Front ends ---- */

bool mux_chr_attach_frontend(MuxChardev *d, CharBackend *b, int *tag,
                             Error **errp)
{
    for (int i = 0; i < MAX_MUX; i++) {
        if (!d->backends[i]) {
            d->backends[i] = b;
            d->prod[i] = d->cons[i] = 0;
            *tag = i;
            return true;
        }
    }
    /* QEMU 7.2 says the same for a full mux as for a taken chardev. */
    error_setg(errp, "Device '%s' is in use", CHARDEV(d)->label);
    return false;
}

void mux_chr_detach_frontend(MuxChardev *d, int tag)
{
    if (tag >= 0 && tag < MAX_MUX) {
        d->backends[tag] = NULL;
    }
}

static void mux_chr_send_event(MuxChardev *d, int tag, QEMUChrEvent event)
{
    CharBackend *be = tag >= 0 && tag < MAX_MUX ? d->backends[tag] : NULL;

    if (be && be->chr_event) {
        be->chr_event(be->opaque, event);
    }
}

static void mux_chr_send_all_event(MuxChardev *d, QEMUChrEvent event)
{
    for (int i = 0; i < MAX_MUX; i++) {
        mux_chr_send_event(d, i, event);
    }
}

void mux_set_focus(Chardev *chr, int focus)
{
    MuxChardev *d = MUX_CHARDEV(chr);

    g_assert(focus >= 0 && focus < MAX_MUX);
    if (d->focus != -1) {
        mux_chr_send_event(d, d->focus, CHR_EVENT_MUX_OUT);
    }
    d->focus = focus;
    chr->be = d->backends[focus];
    mux_chr_send_event(d, focus, CHR_EVENT_MUX_IN);
}

/* The next attached front end after the focused one ("C-a c"). */
static int mux_next_focus(MuxChardev *d)
{
    for (int i = 1; i <= MAX_MUX; i++) {
        int tag = (d->focus + i) % MAX_MUX;

        if (d->backends[tag]) {
            return tag;
        }
    }
    return -1;
}

/* ---- Output ---- */

static int mux_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    MuxChardev *d = MUX_CHARDEV(chr);

    /* Every front end writes through, focused or not (as in QEMU). */
    return qemu_chr_fe_write(&d->chr, buf, len);
}

static GSource *mux_chr_add_watch(Chardev *chr, GIOCondition cond)
{
    MuxChardev *d = MUX_CHARDEV(chr);
    Chardev *below = d->chr.chr;
    ChardevClass *cc;

    if (!below) {
        return NULL;
    }
    cc = CHARDEV_GET_CLASS(below);
    return cc->chr_add_watch ? cc->chr_add_watch(below, cond) : NULL;
}

static int mux_chr_ioctl(Chardev *chr, int cmd, void *arg)
{
    MuxChardev *d = MUX_CHARDEV(chr);

    return qemu_chr_fe_ioctl(&d->chr, cmd, arg);
}

/* ---- Escapes ---- */

static const char *const mux_help[] = {
    "% h    print this help\n\r",
    "% x    exit emulator\n\r",
    "% s    save disk data back to file (if -snapshot)\n\r",
    "% t    toggle console timestamps\n\r",
    "% b    send break (magic sysrq)\n\r",
    "% c    switch between console and monitor\n\r",
    "% %  sends %\n\r",
    NULL,
};

static void mux_print_help(Chardev *chr)
{
    /* QEMU's text, byte for byte: "%" is "C-a", lines end in "\n\r". */
    GString *out = g_string_new("\n\r");

    for (int i = 0; mux_help[i]; i++) {
        for (const char *p = mux_help[i]; *p; p++) {
            if (*p == '%') {
                g_string_append_printf(out, "C-%c", MUX_ESCAPE_CHAR - 1 + 'a');
            } else {
                g_string_append_c(out, *p);
            }
        }
    }
    qemu_chr_write_all(chr, (const uint8_t *)out->str, out->len);
    g_string_free(out, true);
}

static void mux_quit(Chardev *chr)
{
    static const char term[] = "QEMU: Terminated\n\r";

    qemu_chr_write_all(chr, (const uint8_t *)term, strlen(term));
    if (mux_quit_fn) {
        mux_quit_fn(mux_quit_opaque);
        return;
    }
    /* No application hook: quit as QEMU does, terminal restored. */
    qemu_chr_cleanup();
    exit(0);
}

/* Returns true when ch is input for the focused front end. */
static bool mux_proc_byte(Chardev *chr, MuxChardev *d, uint8_t ch)
{
    int next;

    if (!d->term_got_escape) {
        if (ch == MUX_ESCAPE_CHAR) {
            d->term_got_escape = true;
            return false;
        }
        return true;
    }
    d->term_got_escape = false;
    if (ch == MUX_ESCAPE_CHAR) {
        return true;
    }
    switch (ch) {
    case '?':
    case 'h':
        mux_print_help(chr);
        break;
    case 'x':
        mux_quit(chr);
        break;
    case 's':
        /* Disks are libblock's; nothing to commit in this library. */
        qemu_log_mask(LOG_UNIMP, "mux: C-a s: no block layer to commit\n");
        break;
    case 'b':
        qemu_chr_be_event(chr, CHR_EVENT_BREAK);
        break;
    case 'c':
        next = mux_next_focus(d);
        if (next >= 0) {
            mux_set_focus(chr, next);
        }
        break;
    case 't':
        /* Toggled as in QEMU; emu does not stamp the output (yet). */
        d->timestamps = !d->timestamps;
        break;
    default:
        /* QEMU drops an unknown command silently; so does emu. */
        break;
    }
    return false;
}

/* ---- Input from the chardev below ---- */

static void mux_chr_accept_input(Chardev *chr)
{
    MuxChardev *d = MUX_CHARDEV(chr);
    int m = d->focus;
    CharBackend *be = m >= 0 ? d->backends[m] : NULL;

    while (be && d->prod[m] != d->cons[m] && be->chr_can_read &&
           be->chr_can_read(be->opaque) > 0) {
        uint8_t ch = d->buffer[m][d->cons[m]++ % MUX_BUFFER_SIZE];

        be->chr_read(be->opaque, &ch, 1);
    }
    /* Room again: let the chardev below deliver what it holds. */
    qemu_chr_fe_accept_input(&d->chr);
}

static int mux_chr_can_read(void *opaque)
{
    MuxChardev *d = MUX_CHARDEV(opaque);
    int m = d->focus;
    CharBackend *be = m >= 0 ? d->backends[m] : NULL;

    /* One byte at a time: each may be an escape that changes focus. */
    if (m >= 0 && d->prod[m] - d->cons[m] < MUX_BUFFER_SIZE) {
        return 1;
    }
    if (be && be->chr_can_read) {
        return be->chr_can_read(be->opaque);
    }
    /* No front end yet: take input (escapes) and drop the rest. */
    return m < 0 ? 1 : 0;
}

static void mux_chr_read(void *opaque, const uint8_t *buf, int size)
{
    Chardev *chr = opaque;
    MuxChardev *d = MUX_CHARDEV(chr);

    mux_chr_accept_input(chr);
    for (int i = 0; i < size; i++) {
        int m = d->focus;
        CharBackend *be = m >= 0 ? d->backends[m] : NULL;

        if (!mux_proc_byte(chr, d, buf[i]) || m < 0) {
            continue;
        }
        if (d->prod[m] == d->cons[m] && be && be->chr_can_read &&
            be->chr_can_read(be->opaque) > 0) {
            be->chr_read(be->opaque, &buf[i], 1);
        } else if (d->prod[m] - d->cons[m] < MUX_BUFFER_SIZE) {
            d->buffer[m][d->prod[m]++ % MUX_BUFFER_SIZE] = buf[i];
        } else {
            /* can_read promised room: only a lying front end gets here. */
            qemu_log_mask(LOG_GUEST_ERROR, "mux: input overrun, byte lost\n");
        }
    }
}

static void mux_chr_event(void *opaque, QEMUChrEvent event)
{
    Chardev *chr = opaque;
    MuxChardev *d = MUX_CHARDEV(chr);

    /* The chardev below opened or closed: so did the mux. */
    if (event == CHR_EVENT_OPENED) {
        chr->be_open = 1;
    } else if (event == CHR_EVENT_CLOSED) {
        chr->be_open = 0;
    }
    mux_chr_send_all_event(d, event);
}

static void mux_chr_update_read_handler(Chardev *chr)
{
    MuxChardev *d = MUX_CHARDEV(chr);

    /* The mux knows whether the chardev below is open: no new OPENED. */
    qemu_chr_fe_set_handlers_full(&d->chr, mux_chr_can_read, mux_chr_read,
                                  mux_chr_event, NULL, chr, chr->gcontext, true,
                                  false);
}

static void mux_chr_be_event(Chardev *chr, QEMUChrEvent event)
{
    MuxChardev *d = MUX_CHARDEV(chr);

    /* Events raised on the mux itself (C-a b) go to the focus only. */
    if (d->focus != -1) {
        mux_chr_send_event(d, d->focus, event);
    }
}

static void mux_chr_set_fe_open(Chardev *chr, int fe_open)
{
    MuxChardev *d = MUX_CHARDEV(chr);

    /* The chardev below is open while any front end of the mux is. */
    for (int i = 0; i < MAX_MUX; i++) {
        if (d->backends[i] && d->backends[i]->fe_open) {
            fe_open = 1;
        }
    }
    qemu_chr_fe_set_open(&d->chr, fe_open);
}

/* ---- Creation ---- */

static void mux_chr_parse(QemuOpts *opts, ChardevBackend *backend, Error **errp)
{
    const char *chardev = qemu_opt_get(opts, "chardev");

    if (!chardev) {
        error_setg(errp, "chardev: mux: no chardev given");
        return;
    }
    backend->chardev = g_strdup(chardev);
}

static void mux_chr_open(Chardev *chr, ChardevBackend *backend, bool *be_opened,
                         Error **errp)
{
    MuxChardev *d = MUX_CHARDEV(chr);
    Chardev *below = qemu_chr_find(backend->chardev);

    if (!below) {
        error_setg(errp, "mux: base chardev %s not found",
                   backend->chardev ? backend->chardev : "");
        return;
    }
    d->focus = -1;
    if (!qemu_chr_fe_init(&d->chr, below, errp)) {
        return;
    }
    /* Open when the chardev below is; it reports later if it opens. */
    *be_opened = below->be_open;
    qemu_chr_fe_set_handlers_full(&d->chr, mux_chr_can_read, mux_chr_read,
                                  mux_chr_event, NULL, chr, chr->gcontext, true,
                                  false);
}

static void mux_chr_finalize(Object *obj)
{
    MuxChardev *d = MUX_CHARDEV(obj);

    for (int i = 0; i < MAX_MUX; i++) {
        if (d->backends[i]) {
            d->backends[i]->chr = NULL;
        }
    }
    /* The mux's own chardev is not the base class's be: drop it here. */
    CHARDEV(obj)->be = NULL;
    qemu_chr_fe_deinit(&d->chr, false);
}

static void mux_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->parse = mux_chr_parse;
    cc->open = mux_chr_open;
    cc->chr_write = mux_chr_write;
    cc->chr_add_watch = mux_chr_add_watch;
    cc->chr_ioctl = mux_chr_ioctl;
    cc->chr_accept_input = mux_chr_accept_input;
    cc->chr_update_read_handler = mux_chr_update_read_handler;
    cc->chr_be_event = mux_chr_be_event;
    cc->chr_set_fe_open = mux_chr_set_fe_open;
}

static const TypeInfo mux_chr_type_info = {
    .name = TYPE_CHARDEV_MUX,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(MuxChardev),
    .instance_finalize = mux_chr_finalize,
    .class_init = mux_chr_class_init,
};

void chardev_register_mux_types(void)
{
    type_register_static(&mux_chr_type_info);
}
