/*
 * The human monitor's line editor (see readline.h).
 *
 * Keys, as QEMU's monitor takes them:
 *   printable        insert at the cursor
 *   BS, DEL          delete before the cursor      C-d, ESC [ 3 ~   under it
 *   C-a, Home        start of line                 C-e, End         end
 *   C-b, Left        one left                      C-f, Right       one right
 *   C-k              delete to the end             C-u              to the
 * start C-w              delete the word before the cursor C-p, Up older
 * history line            C-n, Down        newer CR or LF         enter the
 * line Home and End arrive as ESC [ H / ESC [ F, ESC O H / ESC O F, or ESC [ 1
 * ~ / 7 ~ and ESC [ 4 ~ / 8 ~ depending on the terminal.
 *
 * After each key the terminal is brought up to date the way QEMU does it,
 * byte for byte: when the text changed, the cursor goes back to the start
 * of the input (ESC [ D per column), the whole text is printed and the
 * rest of the line erased (ESC [ K); then the cursor moves to its column.
 */
#include <string.h>

#include "readline.h"

typedef enum {
    ESC_NONE,
    ESC_SEEN, /* ESC */
    ESC_CSI,  /* ESC [ */
    ESC_SS3,  /* ESC O */
} EscState;

struct ReadLineState {
    char buf[READLINE_CMD_BUF_SIZE];
    int len;
    int cursor;
    /* What the terminal shows now. */
    char shown[READLINE_CMD_BUF_SIZE];
    int shown_len;
    int shown_cursor;

    EscState esc;
    int esc_param;

    char *history[READLINE_MAX_CMDS];
    /* The history line being shown, -1 while editing a new line. */
    int hist_entry;

    char *prompt;
    ReadLinePrintFunc *print;
    ReadLineFunc *func;
    void *opaque;
};

static void rl_print(ReadLineState *rs, const char *text)
{
    rs->print(rs->opaque, text);
}

static void rl_repeat(GString *out, const char *seq, int n)
{
    for (int i = 0; i < n; i++) {
        g_string_append(out, seq);
    }
}

static void readline_update(ReadLineState *rs)
{
    g_autoptr(GString) out = g_string_new(NULL);

    if (rs->len != rs->shown_len || memcmp(rs->buf, rs->shown, rs->len)) {
        rl_repeat(out, "\033[D", rs->shown_cursor);
        g_string_append_len(out, rs->buf, rs->len);
        g_string_append(out, "\033[K");
        memcpy(rs->shown, rs->buf, rs->len);
        rs->shown_len = rs->len;
        rs->shown_cursor = rs->len;
    }
    if (rs->cursor > rs->shown_cursor) {
        rl_repeat(out, "\033[C", rs->cursor - rs->shown_cursor);
    } else {
        rl_repeat(out, "\033[D", rs->shown_cursor - rs->cursor);
    }
    rs->shown_cursor = rs->cursor;
    if (out->len) {
        rl_print(rs, out->str);
    }
}

static void set_text(ReadLineState *rs, const char *text)
{
    rs->len = MIN((int)strlen(text), READLINE_CMD_BUF_SIZE - 1);
    memcpy(rs->buf, text, rs->len);
    rs->cursor = rs->len;
}

static void insert_char(ReadLineState *rs, char ch)
{
    if (rs->len >= READLINE_CMD_BUF_SIZE - 1) {
        return;
    }
    memmove(rs->buf + rs->cursor + 1, rs->buf + rs->cursor,
            rs->len - rs->cursor);
    rs->buf[rs->cursor++] = ch;
    rs->len++;
}

/* Remove [from, to) of the line; the cursor ends at from. */
static void delete_range(ReadLineState *rs, int from, int to)
{
    memmove(rs->buf + from, rs->buf + to, rs->len - to);
    rs->len -= to - from;
    rs->cursor = from;
}

static void backspace(ReadLineState *rs)
{
    if (rs->cursor > 0) {
        delete_range(rs, rs->cursor - 1, rs->cursor);
    }
}

static void delete_char(ReadLineState *rs)
{
    if (rs->cursor < rs->len) {
        delete_range(rs, rs->cursor, rs->cursor + 1);
    }
}

static void kill_word_back(ReadLineState *rs)
{
    int start = rs->cursor;

    while (start > 0 && rs->buf[start - 1] == ' ') {
        start--;
    }
    while (start > 0 && rs->buf[start - 1] != ' ') {
        start--;
    }
    delete_range(rs, start, rs->cursor);
}

static int history_count(ReadLineState *rs)
{
    int n = 0;

    while (n < READLINE_MAX_CMDS && rs->history[n]) {
        n++;
    }
    return n;
}

static void history_up(ReadLineState *rs)
{
    if (rs->hist_entry == 0) {
        return;
    }
    if (rs->hist_entry == -1) {
        rs->hist_entry = history_count(rs);
    }
    if (--rs->hist_entry >= 0) {
        set_text(rs, rs->history[rs->hist_entry]);
    }
}

static void history_down(ReadLineState *rs)
{
    if (rs->hist_entry == -1) {
        return;
    }
    if (rs->hist_entry < READLINE_MAX_CMDS - 1 &&
        rs->history[rs->hist_entry + 1]) {
        set_text(rs, rs->history[++rs->hist_entry]);
    } else {
        /* Past the newest line: back to an empty one. */
        rs->hist_entry = -1;
        set_text(rs, "");
    }
}

/* A line entered again moves to the end rather than appearing twice. */
static void history_add(ReadLineState *rs, const char *line)
{
    int n = history_count(rs);
    char *entry = NULL;

    rs->hist_entry = -1;
    if (!*line) {
        return;
    }
    for (int i = 0; i < n; i++) {
        if (!strcmp(rs->history[i], line)) {
            entry = rs->history[i];
            memmove(&rs->history[i], &rs->history[i + 1],
                    (n - i - 1) * sizeof(char *));
            rs->history[--n] = NULL;
            break;
        }
    }
    if (!entry) {
        entry = g_strdup(line);
    }
    if (n == READLINE_MAX_CMDS) {
        g_free(rs->history[0]);
        memmove(&rs->history[0], &rs->history[1], (n - 1) * sizeof(char *));
        n--;
    }
    rs->history[n] = entry;
}

static void enter_line(ReadLineState *rs)
{
    g_autofree char *line = g_strndup(rs->buf, rs->len);

    history_add(rs, line);
    rl_print(rs, "\n");
    readline_restart(rs);
    rs->shown_len = rs->shown_cursor = 0;
    rs->func(rs->opaque, line);
}

static void handle_csi(ReadLineState *rs, uint8_t ch)
{
    switch (ch) {
    case 'A':
        history_up(rs);
        break;
    case 'B':
        history_down(rs);
        break;
    case 'C':
        rs->cursor = MIN(rs->cursor + 1, rs->len);
        break;
    case 'D':
        rs->cursor = MAX(rs->cursor - 1, 0);
        break;
    case 'H':
        rs->cursor = 0;
        break;
    case 'F':
        rs->cursor = rs->len;
        break;
    case '~':
        switch (rs->esc_param) {
        case 1:
        case 7:
            rs->cursor = 0;
            break;
        case 3:
            delete_char(rs);
            break;
        case 4:
        case 8:
            rs->cursor = rs->len;
            break;
        }
        break;
    default:
        if (ch >= '0' && ch <= '9') {
            /* Bounded: a flood of digits cannot overflow. */
            rs->esc_param = MIN(rs->esc_param * 10 + (ch - '0'), 1000);
            return;
        }
        break;
    }
    rs->esc = ESC_NONE;
}

static void handle_normal(ReadLineState *rs, uint8_t ch)
{
    switch (ch) {
    case 1: /* C-a */
        rs->cursor = 0;
        break;
    case 2: /* C-b */
        rs->cursor = MAX(rs->cursor - 1, 0);
        break;
    case 4: /* C-d */
        delete_char(rs);
        break;
    case 5: /* C-e */
        rs->cursor = rs->len;
        break;
    case 6: /* C-f */
        rs->cursor = MIN(rs->cursor + 1, rs->len);
        break;
    case 8:   /* C-h */
    case 127: /* DEL */
        backspace(rs);
        break;
    case 10:
    case 13:
        enter_line(rs);
        return;
    case 11: /* C-k */
        rs->len = rs->cursor;
        break;
    case 14: /* C-n */
        history_down(rs);
        break;
    case 16: /* C-p */
        history_up(rs);
        break;
    case 21: /* C-u */
        delete_range(rs, 0, rs->cursor);
        break;
    case 23: /* C-w */
        kill_word_back(rs);
        break;
    case 27:
        rs->esc = ESC_SEEN;
        return;
    default:
        /* Other control characters mean nothing here. */
        if (ch >= 32) {
            insert_char(rs, ch);
        }
        break;
    }
}

void readline_handle_byte(ReadLineState *rs, uint8_t ch)
{
    switch (rs->esc) {
    case ESC_NONE:
        handle_normal(rs, ch);
        break;
    case ESC_SEEN:
        rs->esc_param = 0;
        rs->esc = ch == '[' ? ESC_CSI : ch == 'O' ? ESC_SS3 : ESC_NONE;
        break;
    case ESC_CSI:
        handle_csi(rs, ch);
        break;
    case ESC_SS3:
        if (ch == 'H') {
            rs->cursor = 0;
        } else if (ch == 'F') {
            rs->cursor = rs->len;
        }
        rs->esc = ESC_NONE;
        break;
    }
    readline_update(rs);
}

void readline_restart(ReadLineState *rs)
{
    rs->len = 0;
    rs->cursor = 0;
}

void readline_show_prompt(ReadLineState *rs)
{
    rl_print(rs, rs->prompt);
    /* The terminal shows no input after a fresh prompt. */
    rs->shown_len = 0;
    rs->shown_cursor = 0;
    rs->esc = ESC_NONE;
}

const char *readline_get_history(ReadLineState *rs, unsigned int index)
{
    return index < READLINE_MAX_CMDS ? rs->history[index] : NULL;
}

ReadLineState *readline_init(ReadLinePrintFunc *print, ReadLineFunc *func,
                             void *opaque, const char *prompt)
{
    ReadLineState *rs = g_new0(ReadLineState, 1);

    rs->print = print;
    rs->func = func;
    rs->opaque = opaque;
    rs->prompt = g_strdup(prompt);
    rs->hist_entry = -1;
    return rs;
}

void readline_free(ReadLineState *rs)
{
    if (!rs) {
        return;
    }
    for (int i = 0; i < READLINE_MAX_CMDS; i++) {
        g_free(rs->history[i]);
    }
    g_free(rs->prompt);
    g_free(rs);
}
