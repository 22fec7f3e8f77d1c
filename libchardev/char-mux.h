/*
 * The mux chardev's state, shared with the front-end code (char-fe.c)
 * that attaches several front ends to one mux.
 */
#ifndef LIBCHARDEV_CHAR_MUX_H
#define LIBCHARDEV_CHAR_MUX_H

#include "char-internal.h"

typedef struct MuxChardev {
    Chardev parent;
    /* The front ends by tag; NULL where none is attached. */
    CharBackend *backends[MAX_MUX];
    /* The mux's own front end on the chardev below it. */
    CharBackend chr;
    /* The tag that gets input; -1 before any front end took it. */
    int focus;
    /* The last input byte was the escape character. */
    bool term_got_escape;
    /* C-a t state (emu prints no timestamps; see char-mux.c). */
    bool timestamps;
    /*
     * Input for each front end that it could not take yet, so that an
     * escape sequence typed while the guest is not reading still works.
     */
    uint8_t buffer[MAX_MUX][MUX_BUFFER_SIZE];
    unsigned prod[MAX_MUX];
    unsigned cons[MAX_MUX];
} MuxChardev;

#define MUX_CHARDEV(obj) OBJECT_CHECK(MuxChardev, (obj), TYPE_CHARDEV_MUX)

/* Give b a free tag; false with QEMU's "in use" error when full. */
bool mux_chr_attach_frontend(MuxChardev *d, CharBackend *b, int *tag,
                             Error **errp);
void mux_chr_detach_frontend(MuxChardev *d, int tag);

#endif /* LIBCHARDEV_CHAR_MUX_H */
