/*
 * The human monitor's line editor: one line of input edited in place on
 * a terminal with VT100 sequences, and a history.  It knows nothing of
 * chardevs: it prints through a callback and hands each line over when
 * Enter is typed.
 */
#ifndef MONITOR_READLINE_H
#define MONITOR_READLINE_H

#include <glib.h>
#include <stdint.h>

/* Longest line; further characters are dropped. */
#define READLINE_CMD_BUF_SIZE 4096
/* Lines kept in the history; the oldest goes first. */
#define READLINE_MAX_CMDS 64

typedef struct ReadLineState ReadLineState;

/* Print text on the terminal ("\n" ends a line). */
typedef void ReadLinePrintFunc(void *opaque, const char *text);
/* A line was entered (without its end). */
typedef void ReadLineFunc(void *opaque, const char *line);

ReadLineState *readline_init(ReadLinePrintFunc *print, ReadLineFunc *func,
                             void *opaque, const char *prompt);
void readline_free(ReadLineState *rs);

/* Feed one byte typed by the user. */
void readline_handle_byte(ReadLineState *rs, uint8_t ch);
/* Forget the line being edited (a new session or focus). */
void readline_restart(ReadLineState *rs);
/* Print the prompt; the line being edited is redrawn after it. */
void readline_show_prompt(ReadLineState *rs);

/* History entry index, oldest first; NULL past the last one. */
const char *readline_get_history(ReadLineState *rs, unsigned int index);

#endif /* MONITOR_READLINE_H */
