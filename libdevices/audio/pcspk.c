/*
 * "isa-pcspk": port 0x61, the PIIX3's NMI status and control register
 * (82371SB datasheet, "NMISC"), in the part QEMU's PC speaker device
 * models: bit 0 Timer Counter 2 Enable (counter 2's GATE), bit 1 Speaker
 * Data Enable, bit 4 Refresh Cycle Toggle, bit 5 Timer Counter 2 OUT
 * Status.  Like QEMU, bits 2 and 3 (SERR#/IOCHK# NMI enables) read 0 and
 * bits 6 and 7 (NMI sources) never set: emu has no NMI sources.
 *
 * No sound: emu has no audio backends, so the speaker is silent (QEMU 7.2
 * without an audiodev is silent too).
 *
 * The refresh toggle follows the virtual clock at the PC's refresh rate,
 * one request per 18 PIT clock pulses (15.09 us, what the BIOS programs
 * counter 1 for), so delay loops that count toggles take real time; QEMU
 * flips it on every read instead.
 */
#include <inttypes.h>

#include "devices/i8254.h"
#include "devices/pcspk.h"
#include "machine/qdev-properties.h"
#include "util/error.h"
#include "util/timer.h"

OBJECT_DECLARE_SIMPLE_TYPE(PCSpkState, PC_SPEAKER)

struct PCSpkState {
    ISADevice parent_obj;

    /* Properties (QEMU's names). */
    uint32_t iobase;
    char *audiodev;
    bool migrate;
    ISADevice *pit;

    MemoryRegion ioport;
    bool data_on; /* bit 1 */
};

#define PCSPK_GATE2 0x01
#define PCSPK_DATA_ON 0x02
#define PCSPK_REFRESH 0x10
#define PCSPK_OUT2 0x20

/* PIT clock pulses per DRAM refresh request (counter 1's usual count). */
#define PCSPK_REFRESH_PULSES 18

static bool pcspk_refresh_toggle(void)
{
    int64_t ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    uint64_t pulses =
        ns <= 0 ? 0 : (unsigned __int128)ns * PIT_FREQ / NANOSECONDS_PER_SECOND;

    return (pulses / PCSPK_REFRESH_PULSES) & 1;
}

static uint64_t pcspk_io_read(void *opaque, hwaddr addr, unsigned size)
{
    PCSpkState *s = opaque;
    PITChannelInfo ch;

    pit_get_channel_info(s->pit, 2, &ch);
    return (ch.gate ? PCSPK_GATE2 : 0) | (s->data_on ? PCSPK_DATA_ON : 0) |
           (pcspk_refresh_toggle() ? PCSPK_REFRESH : 0) |
           (ch.out ? PCSPK_OUT2 : 0);
}

static void pcspk_io_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    PCSpkState *s = opaque;

    s->data_on = val & PCSPK_DATA_ON;
    pit_set_gate(s->pit, 2, val & PCSPK_GATE2);
}

static const MemoryRegionOps pcspk_io_ops = {
    .read = pcspk_io_read,
    .write = pcspk_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

static void pcspk_realize(DeviceState *dev, Error **errp)
{
    PCSpkState *s = PC_SPEAKER(dev);

    if (s->audiodev) {
        error_setg(errp,
                   "audiodev '%s': audio output is not supported by "
                   "emu (the PC speaker is silent)",
                   s->audiodev);
        return;
    }
    if (!s->pit) {
        error_setg(errp, "isa-pcspk needs its 'pit' link set to the PIT");
        return;
    }
    if (s->iobase > 0xffff) {
        error_setg(errp,
                   "iobase 0x%" PRIx32 " is beyond the I/O space "
                   "(0 to 0xffff)",
                   s->iobase);
        return;
    }
    memory_region_init_io(&s->ioport, OBJECT(dev), &pcspk_io_ops, s, "pcspk",
                          1);
    isa_register_ioport(ISA_DEVICE(dev), &s->ioport, s->iobase);
}

/* Like qdev's static links: set by the board before realize. */
static void pcspk_check_pit_link(const Object *obj, const char *name,
                                 Object *val, Error **errp)
{
    if (DEVICE(obj)->realized) {
        error_setg(errp,
                   "Attempt to set link property '%s' on device '%s' "
                   "(type '%s') after it was realized",
                   name, DEVICE(obj)->id ? DEVICE(obj)->id : "(null)",
                   object_get_typename(OBJECT(obj)));
    }
}

/*
 * "pit" is an instance link, as in QEMU, so info qtree does not list it
 * among the static properties.
 */
static void pcspk_instance_init(Object *obj)
{
    PCSpkState *s = PC_SPEAKER(obj);

    object_property_add_link(obj, "pit", TYPE_PIT_COMMON, (Object **)&s->pit,
                             pcspk_check_pit_link, OBJ_PROP_LINK_STRONG);
}

/* PIIX3: NMISC resets to 0 (the PIT resets counter 2's GATE itself). */
static void pcspk_reset(DeviceState *dev)
{
    PC_SPEAKER(dev)->data_on = false;
}

static void pcspk_finalize(Object *obj)
{
    memory_region_destroy(&PC_SPEAKER(obj)->ioport);
}

static Property pcspk_properties[] = {
    DEFINE_PROP_STRING("audiodev", PCSpkState, audiodev),
    DEFINE_PROP_UINT32("iobase", PCSpkState, iobase, 0x61),
    DEFINE_PROP_BOOL("migrate", PCSpkState, migrate, true),
    DEFINE_PROP_END_OF_LIST(),
};

static void pcspk_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = pcspk_realize;
    dc->reset = pcspk_reset;
    device_class_set_props(dc, pcspk_properties);
    device_class_set_category(dc, DEVICE_CATEGORY_SOUND);
    /* The board creates it with the PIT (QEMU: not pluggable). */
    dc->user_creatable = false;
}

static const TypeInfo pcspk_info = {
    .name = TYPE_PC_SPEAKER,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(PCSpkState),
    .instance_init = pcspk_instance_init,
    .instance_finalize = pcspk_finalize,
    .class_init = pcspk_class_init,
};

static void pcspk_register_types(void)
{
    type_register_static(&pcspk_info);
}

type_init(pcspk_register_types)

    ISADevice *pcspk_init(ISABus *bus, ISADevice *pit, Error **errp)
{
    ISADevice *isadev = isa_new(TYPE_PC_SPEAKER);

    object_property_set_link(OBJECT(isadev), "pit", OBJECT(pit), &error_abort);
    return isa_realize_and_unref(isadev, bus, errp) ? isadev : NULL;
}
