/*
 * pvpanic, ISA variant: one byte at ioport (0x505).  Reading returns the
 * events the device supports (the events property); writing reports
 * one.  QEMU's names, properties and handling of the bits (a panic wins
 * over crash-loaded when both are set; other bits are logged once under
 * -d guest_errors).  What an event does: devices/pvpanic.h.
 *
 * Guests find the port through ACPI (device QEMU0001) or fw_cfg's
 * "etc/pvpanic-port"; neither exists in emu yet (the chipset issue), so
 * today only a guest that knows the port uses it.
 */
#include "devices/pvpanic.h"
#include "machine/isa.h"
#include "machine/qdev-properties.h"
#include "util/error-report.h"
#include "util/log.h"
#include "util/main-loop.h"

OBJECT_DECLARE_SIMPLE_TYPE(PVPanicISAState, PVPANIC_ISA_DEVICE)

struct PVPanicISAState {
    ISADevice parent_obj;

    uint16_t ioport;
    uint8_t events;
    MemoryRegion mr;
};

static PVPanicEventHandler *pvpanic_handler;
static void *pvpanic_handler_opaque;

void pvpanic_set_event_handler(PVPanicEventHandler *fn, void *opaque)
{
    pvpanic_handler = fn;
    pvpanic_handler_opaque = opaque;
}

/*
 * QEMU 7.2's defaults: -action panic=shutdown ends the VM (it prints
 * "Guest crashed" only under -d guest_errors); a loaded crash kernel is
 * only an event.  emu says what happened.
 */
static void pvpanic_default_handler(int event)
{
    if (event == PVPANIC_PANICKED) {
        qemu_log_mask(LOG_GUEST_ERROR, "Guest crashed\n");
        error_report("guest panicked (pvpanic): shutting down, as QEMU's "
                     "default -action panic=shutdown does");
        qemu_main_loop_request_exit(0);
    } else {
        info_report("guest loaded its crash kernel (pvpanic)");
    }
}

static void pvpanic_handle_event(uint8_t val)
{
    static bool logged;
    int event;

    if ((val & ~PVPANIC_EVENTS) && !logged) {
        qemu_log_mask(LOG_GUEST_ERROR, "pvpanic: unknown event %#x.\n", val);
        logged = true;
    }
    if (val & PVPANIC_PANICKED) {
        event = PVPANIC_PANICKED;
    } else if (val & PVPANIC_CRASH_LOADED) {
        event = PVPANIC_CRASH_LOADED;
    } else {
        return;
    }
    if (pvpanic_handler) {
        pvpanic_handler(event, pvpanic_handler_opaque);
    } else {
        pvpanic_default_handler(event);
    }
}

static uint64_t pvpanic_read(void *opaque, hwaddr addr, unsigned size)
{
    PVPanicISAState *s = opaque;

    return s->events;
}

static void pvpanic_write(void *opaque, hwaddr addr, uint64_t val,
                          unsigned size)
{
    pvpanic_handle_event(val);
}

static const MemoryRegionOps pvpanic_ops = {
    .read = pvpanic_read,
    .write = pvpanic_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

static void pvpanic_isa_realize(DeviceState *dev, Error **errp)
{
    PVPanicISAState *s = PVPANIC_ISA_DEVICE(dev);
    BusState *bus = qdev_get_parent_bus(dev);
    BusChild *kid;

    /*
     * QEMU refuses a second one because both would publish fw_cfg's
     * "etc/pvpanic-port"; emu keeps the rule and QEMU's text.
     */
    QBUS_FOREACH_CHILD(bus, kid)
    {
        DeviceState *d = kid->child;

        if (d != dev && d->realized &&
            object_dynamic_cast(OBJECT(d), TYPE_PVPANIC_ISA_DEVICE)) {
            error_setg(errp, "duplicate fw_cfg file name: etc/pvpanic-port");
            return;
        }
    }
    memory_region_init_io(&s->mr, OBJECT(dev), &pvpanic_ops, s, "pvpanic", 1);
    isa_register_ioport(ISA_DEVICE(dev), &s->mr, s->ioport);
}

static void pvpanic_isa_finalize(Object *obj)
{
    memory_region_destroy(&PVPANIC_ISA_DEVICE(obj)->mr);
}

static Property pvpanic_isa_properties[] = {
    DEFINE_PROP_UINT16(PVPANIC_IOPORT_PROP, PVPanicISAState, ioport, 0x505),
    DEFINE_PROP_UINT8("events", PVPanicISAState, events, PVPANIC_EVENTS),
    DEFINE_PROP_END_OF_LIST(),
};

static void pvpanic_isa_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = pvpanic_isa_realize;
    device_class_set_props(dc, pvpanic_isa_properties);
    device_class_set_category(dc, DEVICE_CATEGORY_MISC);
}

static const TypeInfo pvpanic_isa_info = {
    .name = TYPE_PVPANIC_ISA_DEVICE,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(PVPanicISAState),
    .instance_finalize = pvpanic_isa_finalize,
    .class_init = pvpanic_isa_class_init,
};

static void pvpanic_isa_register_types(void)
{
    type_register_static(&pvpanic_isa_info);
}

type_init(pvpanic_isa_register_types)
