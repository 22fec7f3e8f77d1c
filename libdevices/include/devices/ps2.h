/*
 * PS/2 devices behind a keyboard controller: "ps2-kbd" (an MF2 keyboard)
 * and "ps2-mouse" (a mouse with QEMU's IntelliMouse and Explorer
 * modes), QEMU's sysbus types.  The controller (the i8042, devices/
 * i8042.h) embeds them, writes the bytes the guest sends them and reads
 * their replies; each raises its unnamed GPIO output 0 while it has
 * bytes to give, which the controller takes on a named GPIO input.
 *
 * What they answer is QEMU 7.2's (checked with qtest): reset, identify,
 * LEDs, scan code sets, typematic, echo and the rest of the keyboard's
 * commands; the mouse's reset, identify, status, resolution, scaling,
 * sample rate (with the IntelliMouse detection sequences), stream,
 * remote and wrap modes.  No host input reaches them yet: emu has no
 * display or input layer, so the keyboard sends no scan codes and the
 * mouse reports no motion (a poll in remote mode gives an idle packet).
 */
#ifndef DEVICES_PS2_H
#define DEVICES_PS2_H

#include <stdbool.h>
#include <stdint.h>

#include "machine/irq.h"
#include "machine/sysbus.h"

#define TYPE_PS2_DEVICE "ps2-device"
#define TYPE_PS2_KBD_DEVICE "ps2-kbd"
#define TYPE_PS2_MOUSE_DEVICE "ps2-mouse"

OBJECT_DECLARE_SIMPLE_TYPE(PS2State, PS2_DEVICE)
OBJECT_DECLARE_SIMPLE_TYPE(PS2KbdState, PS2_KBD_DEVICE)
OBJECT_DECLARE_SIMPLE_TYPE(PS2MouseState, PS2_MOUSE_DEVICE)

/* Bytes a device holds for the controller (QEMU's PS2_BUFFER_SIZE). */
#define PS2_BUFFER_SIZE 256

typedef struct PS2Queue {
    uint8_t data[PS2_BUFFER_SIZE];
    int rptr;
    int count;
} PS2Queue;

/* What both devices share; the fields are the devices' own. */
struct PS2State {
    SysBusDevice parent_obj;

    PS2Queue queue;
    /* The byte read last, which a read of an empty queue repeats. */
    uint8_t last;
    /* The command waiting for its parameter byte, or -1. */
    int write_cmd;
    qemu_irq irq;
};

struct PS2KbdState {
    PS2State parent_obj;

    bool scan_enabled;
    /* The controller translates to set 1 (its command byte, bit 6). */
    bool translate;
    int scancode_set;
    uint8_t ledstate;
};

struct PS2MouseState {
    PS2State parent_obj;

    uint8_t status; /* remote mode, enabled, 2:1 scaling */
    uint8_t resolution;
    uint8_t sample_rate;
    bool wrap;
    uint8_t type; /* 0: PS/2, 3: IntelliMouse, 4: IntelliMouse Explorer */
    uint8_t detect_state;
};

/* A byte the guest sent the keyboard (controller: data port write). */
void ps2_write_keyboard(PS2KbdState *s, uint8_t val);
/* A byte the guest sent the mouse (controller command 0xd4). */
void ps2_write_mouse(PS2MouseState *s, uint8_t val);
/*
 * Take the next byte the device has for the controller; with none, the
 * last one again (what QEMU gives, and the controller only asks while
 * the device's output is up).
 */
uint8_t ps2_read_data(PS2State *s);
/* The controller's command byte switched translation to set 1. */
void ps2_keyboard_set_translation(PS2KbdState *s, bool mode);

#endif /* DEVICES_PS2_H */
