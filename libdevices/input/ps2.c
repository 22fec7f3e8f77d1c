/*
 * The PS/2 keyboard ("ps2-kbd") and mouse ("ps2-mouse") behind the
 * i8042: the command sets of the IBM PS/2 keyboard and mouse technical
 * references, with the answers QEMU 7.2 gives (checked with qtest; see
 * devices/ps2.h for what is left out).
 *
 * Each device keeps a queue of reply bytes for the controller and holds
 * its output line up while the queue is not empty.  A byte written to
 * the keyboard drops the replies the guest has not read yet (QEMU does
 * the same: an answer belongs to the last command); the mouse keeps
 * them, and its reset empties the queue.
 */
#include <string.h>

#include "devices/ps2.h"
#include "machine/qdev-core.h"
#include "util/log.h"

/* Replies (both devices). */
#define PS2_REPLY_ACK 0xfa
#define PS2_REPLY_RESEND 0xfe
#define PS2_REPLY_POR 0xaa /* basic assurance test passed */

/* Keyboard commands. */
#define KBD_CMD_SET_LEDS 0xed
#define KBD_CMD_ECHO 0xee
#define KBD_CMD_SCANCODE 0xf0
#define KBD_CMD_GET_ID 0xf2
#define KBD_CMD_SET_RATE 0xf3
#define KBD_CMD_ENABLE 0xf4
#define KBD_CMD_RESET_DISABLE 0xf5
#define KBD_CMD_RESET_ENABLE 0xf6
#define KBD_CMD_SET_TYPEMATIC 0xfa
#define KBD_CMD_SET_MAKE_BREAK 0xfc
#define KBD_CMD_RESET 0xff

/* An MF2 keyboard's ID; behind a translating controller, 0xab 0x41. */
#define KBD_REPLY_ID 0xab
#define KBD_ID_MF2 0x83
#define KBD_ID_MF2_TRANSLATED 0x41

/* Mouse commands. */
#define AUX_SET_SCALE11 0xe6
#define AUX_SET_SCALE21 0xe7
#define AUX_SET_RES 0xe8
#define AUX_GET_SCALE 0xe9 /* status request */
#define AUX_SET_STREAM 0xea
#define AUX_POLL 0xeb
#define AUX_RESET_WRAP 0xec
#define AUX_SET_WRAP 0xee
#define AUX_SET_REMOTE 0xf0
#define AUX_GET_TYPE 0xf2
#define AUX_SET_SAMPLE 0xf3
#define AUX_ENABLE_DEV 0xf4
#define AUX_DISABLE_DEV 0xf5
#define AUX_SET_DEFAULT 0xf6
#define AUX_RESET 0xff

/* Mouse status byte (the status request's first byte). */
#define MOUSE_STATUS_SCALE21 0x10
#define MOUSE_STATUS_ENABLED 0x20
#define MOUSE_STATUS_REMOTE 0x40

/* Mouse types its identify reply gives. */
#define MOUSE_TYPE_PS2 0
#define MOUSE_TYPE_IMPS2 3
#define MOUSE_TYPE_IMEX 4

/* Defaults the reset and set-defaults commands load. */
#define MOUSE_DEFAULT_RATE 100
#define MOUSE_DEFAULT_RES 2

/* ---- The reply queue ---- */

static void ps2_update_irq(PS2State *s)
{
    qemu_set_irq(s->irq, s->queue.count != 0);
}

/* Empty, and no byte of what was queued left behind. */
static void ps2_reset_queue(PS2State *s)
{
    memset(&s->queue, 0, sizeof(s->queue));
}

/* Queue one reply of n bytes, whole or (queue full) not at all. */
static void ps2_queue_bytes(PS2State *s, const uint8_t *b, int n)
{
    PS2Queue *q = &s->queue;
    int i;

    if (q->count + n > PS2_BUFFER_SIZE) {
        qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                                  "%s: %d unread bytes, reply dropped\n",
                                  object_get_typename(OBJECT(s)), q->count);
        return;
    }
    for (i = 0; i < n; i++) {
        q->data[(q->rptr + q->count) % PS2_BUFFER_SIZE] = b[i];
        q->count++;
    }
    ps2_update_irq(s);
}

#define ps2_reply(s, ...)                                                      \
    do {                                                                       \
        const uint8_t reply_[] = {__VA_ARGS__};                                \
        ps2_queue_bytes((s), reply_, sizeof(reply_));                          \
    } while (0)

uint8_t ps2_read_data(PS2State *s)
{
    PS2Queue *q = &s->queue;

    if (q->count) {
        s->last = q->data[q->rptr];
        q->rptr = (q->rptr + 1) % PS2_BUFFER_SIZE;
        q->count--;
        ps2_update_irq(s);
    }
    return s->last;
}

/* ---- Keyboard ---- */

/*
 * The scan code set numbers as the 8042 translates the keyboard's bytes
 * when its command byte asks for set 1 (the set 2 codes of F9, F7, F5).
 */
static const uint8_t kbd_translated_set[] = {
    [1] = 0x43, [2] = 0x41, [3] = 0x3f};

void ps2_keyboard_set_translation(PS2KbdState *s, bool mode)
{
    s->translate = mode;
}

/* What the reset commands restore (the scanning state is theirs). */
static void ps2_reset_keyboard(PS2KbdState *s)
{
    s->scancode_set = 2;
    s->ledstate = 0;
    ps2_reset_queue(PS2_DEVICE(s));
}

static void ps2_kbd_command(PS2KbdState *s, uint8_t val)
{
    PS2State *ps2 = PS2_DEVICE(s);

    switch (val) {
    case 0x00:
        /* Not a command, but QEMU's keyboard acknowledges it. */
        ps2_reply(ps2, PS2_REPLY_ACK);
        break;
    case KBD_CMD_GET_ID:
        ps2_reply(ps2, PS2_REPLY_ACK, KBD_REPLY_ID,
                  s->translate ? KBD_ID_MF2_TRANSLATED : KBD_ID_MF2);
        break;
    case KBD_CMD_ECHO:
        ps2_reply(ps2, KBD_CMD_ECHO);
        break;
    case KBD_CMD_ENABLE:
        s->scan_enabled = true;
        ps2_reply(ps2, PS2_REPLY_ACK);
        break;
    case KBD_CMD_SCANCODE:
    case KBD_CMD_SET_LEDS:
    case KBD_CMD_SET_RATE:
    case KBD_CMD_SET_MAKE_BREAK:
        /* The parameter byte comes next. */
        ps2->write_cmd = val;
        ps2_reply(ps2, PS2_REPLY_ACK);
        break;
    case KBD_CMD_RESET_DISABLE:
        ps2_reset_keyboard(s);
        s->scan_enabled = false;
        ps2_reply(ps2, PS2_REPLY_ACK);
        break;
    case KBD_CMD_RESET_ENABLE:
        ps2_reset_keyboard(s);
        s->scan_enabled = true;
        ps2_reply(ps2, PS2_REPLY_ACK);
        break;
    case KBD_CMD_RESET:
        ps2_reset_keyboard(s);
        s->scan_enabled = true;
        ps2_reply(ps2, PS2_REPLY_ACK, PS2_REPLY_POR);
        break;
    case KBD_CMD_SET_TYPEMATIC:
        ps2_reply(ps2, PS2_REPLY_ACK);
        break;
    default:
        /* Unknown commands (and 0xfe, resend) get "resend" (QEMU's). */
        ps2_reply(ps2, PS2_REPLY_RESEND);
        break;
    }
}

static void ps2_kbd_parameter(PS2KbdState *s, uint8_t val)
{
    PS2State *ps2 = PS2_DEVICE(s);
    int cmd = ps2->write_cmd;

    ps2->write_cmd = -1;
    switch (cmd) {
    case KBD_CMD_SCANCODE:
        if (val == 0) {
            /* Which set: the reply byte goes through the translation. */
            ps2_reply(ps2, PS2_REPLY_ACK,
                      s->translate ? kbd_translated_set[s->scancode_set]
                                   : (uint8_t)s->scancode_set);
        } else if (val <= 3) {
            s->scancode_set = val;
            ps2_reply(ps2, PS2_REPLY_ACK);
        } else {
            ps2_reply(ps2, PS2_REPLY_RESEND);
        }
        break;
    case KBD_CMD_SET_LEDS:
        s->ledstate = val;
        ps2_reply(ps2, PS2_REPLY_ACK);
        break;
    default:
        /* Typematic rate and delay, make/break: taken, nothing to do. */
        ps2_reply(ps2, PS2_REPLY_ACK);
        break;
    }
}

void ps2_write_keyboard(PS2KbdState *s, uint8_t val)
{
    PS2State *ps2 = PS2_DEVICE(s);

    /* The replies to the previous command are void once unread. */
    ps2_reset_queue(ps2);
    if (ps2->write_cmd < 0) {
        ps2_kbd_command(s, val);
    } else {
        ps2_kbd_parameter(s, val);
    }
    ps2_update_irq(ps2);
}

/* ---- Mouse ---- */

/* A movement packet; no host input exists, so an idle one. */
static void ps2_mouse_send_packet(PS2MouseState *s)
{
    /* Byte 0 bit 3 is always set; buttons and signs are clear. */
    if (s->type == MOUSE_TYPE_IMPS2 || s->type == MOUSE_TYPE_IMEX) {
        ps2_reply(PS2_DEVICE(s), 0x08, 0, 0, 0);
    } else {
        ps2_reply(PS2_DEVICE(s), 0x08, 0, 0);
    }
}

static void ps2_mouse_defaults(PS2MouseState *s)
{
    s->sample_rate = MOUSE_DEFAULT_RATE;
    s->resolution = MOUSE_DEFAULT_RES;
    s->status = 0;
}

/*
 * The IntelliMouse detection: sample rates 200, 100, 80 in a row make an
 * IntelliMouse (ID 3), 200, 200, 80 an IntelliMouse Explorer (ID 4).
 */
static void ps2_mouse_detect(PS2MouseState *s, uint8_t rate)
{
    switch (s->detect_state) {
    case 1:
        s->detect_state = rate == 100 ? 2 : rate == 200 ? 3 : 0;
        break;
    case 2:
    case 3:
        if (rate == 80) {
            s->type = s->detect_state == 2 ? MOUSE_TYPE_IMPS2 : MOUSE_TYPE_IMEX;
        }
        s->detect_state = 0;
        break;
    default:
        s->detect_state = rate == 200 ? 1 : 0;
        break;
    }
}

static void ps2_mouse_command(PS2MouseState *s, uint8_t val)
{
    PS2State *ps2 = PS2_DEVICE(s);

    if (s->wrap && val != AUX_RESET_WRAP && val != AUX_RESET) {
        /* Wrap mode echoes everything but its two ways out. */
        ps2_reply(ps2, val);
        return;
    }
    switch (val) {
    case AUX_SET_SCALE11:
        s->status &= ~MOUSE_STATUS_SCALE21;
        break;
    case AUX_SET_SCALE21:
        s->status |= MOUSE_STATUS_SCALE21;
        break;
    case AUX_SET_STREAM:
        s->status &= ~MOUSE_STATUS_REMOTE;
        break;
    case AUX_RESET_WRAP:
        s->wrap = false;
        break;
    case AUX_SET_WRAP:
        s->wrap = true;
        break;
    case AUX_SET_REMOTE:
        s->status |= MOUSE_STATUS_REMOTE;
        break;
    case AUX_GET_TYPE:
        ps2_reply(ps2, PS2_REPLY_ACK, s->type);
        return;
    case AUX_SET_RES:
    case AUX_SET_SAMPLE:
        ps2->write_cmd = val;
        break;
    case AUX_GET_SCALE:
        ps2_reply(ps2, PS2_REPLY_ACK, s->status, s->resolution, s->sample_rate);
        return;
    case AUX_POLL:
        ps2_reply(ps2, PS2_REPLY_ACK);
        ps2_mouse_send_packet(s);
        return;
    case AUX_ENABLE_DEV:
        s->status |= MOUSE_STATUS_ENABLED;
        break;
    case AUX_DISABLE_DEV:
        s->status &= ~MOUSE_STATUS_ENABLED;
        break;
    case AUX_SET_DEFAULT:
        ps2_mouse_defaults(s);
        break;
    case AUX_RESET:
        /*
         * The reference's reset ends in stream mode with the defaults,
         * wrap mode included (QEMU 7.2 stays in wrap mode).
         */
        ps2_mouse_defaults(s);
        s->type = MOUSE_TYPE_PS2;
        s->wrap = false;
        ps2_reset_queue(ps2);
        ps2_reply(ps2, PS2_REPLY_ACK, PS2_REPLY_POR, s->type);
        return;
    default:
        /* QEMU's mouse ignores unknown commands: no reply at all. */
        qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                                  "ps2-mouse: unknown command 0x%02x\n", val);
        return;
    }
    ps2_reply(ps2, PS2_REPLY_ACK);
}

void ps2_write_mouse(PS2MouseState *s, uint8_t val)
{
    PS2State *ps2 = PS2_DEVICE(s);
    int cmd = ps2->write_cmd;

    if (cmd < 0) {
        ps2_mouse_command(s, val);
        return;
    }
    ps2->write_cmd = -1;
    if (cmd == AUX_SET_SAMPLE) {
        s->sample_rate = val;
        ps2_mouse_detect(s, val);
    } else {
        s->resolution = val;
    }
    ps2_reply(ps2, PS2_REPLY_ACK);
}

/* ---- Devices ---- */

static void ps2_common_reset(PS2State *s)
{
    s->write_cmd = -1;
    s->last = 0;
    ps2_reset_queue(s);
    ps2_update_irq(s);
}

static void ps2_kbd_reset(DeviceState *dev)
{
    PS2KbdState *s = PS2_KBD_DEVICE(dev);

    ps2_common_reset(PS2_DEVICE(dev));
    s->scan_enabled = true;
    s->translate = false;
    s->scancode_set = 2;
    s->ledstate = 0;
}

/* Power-on: QEMU's mouse starts with rate and resolution 0 until reset. */
static void ps2_mouse_reset(DeviceState *dev)
{
    PS2MouseState *s = PS2_MOUSE_DEVICE(dev);

    ps2_common_reset(PS2_DEVICE(dev));
    s->status = 0;
    s->resolution = 0;
    s->sample_rate = 0;
    s->wrap = false;
    s->type = MOUSE_TYPE_PS2;
    s->detect_state = 0;
}

static void ps2_init(Object *obj)
{
    PS2State *s = PS2_DEVICE(obj);

    s->write_cmd = -1;
    qdev_init_gpio_out(DEVICE(obj), &s->irq, 1);
}

static void ps2_class_init(ObjectClass *oc, void *data)
{
    /* Part of a keyboard controller, which creates them. */
    DEVICE_CLASS(oc)->user_creatable = false;
}

static void ps2_kbd_class_init(ObjectClass *oc, void *data)
{
    DEVICE_CLASS(oc)->reset = ps2_kbd_reset;
}

static void ps2_mouse_class_init(ObjectClass *oc, void *data)
{
    DEVICE_CLASS(oc)->reset = ps2_mouse_reset;
}

static const TypeInfo ps2_types[] = {
    {
        .name = TYPE_PS2_DEVICE,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(PS2State),
        .instance_init = ps2_init,
        .class_init = ps2_class_init,
        .abstract = true,
    },
    {
        .name = TYPE_PS2_KBD_DEVICE,
        .parent = TYPE_PS2_DEVICE,
        .instance_size = sizeof(PS2KbdState),
        .class_init = ps2_kbd_class_init,
    },
    {
        .name = TYPE_PS2_MOUSE_DEVICE,
        .parent = TYPE_PS2_DEVICE,
        .instance_size = sizeof(PS2MouseState),
        .class_init = ps2_mouse_class_init,
    },
};

DEFINE_TYPES(ps2_types)
