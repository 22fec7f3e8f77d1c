/*
 * "pic-common": what every 8259A model of the PC shares (QEMU's
 * hw/intc/i8259_common.c split; own code): the register state, the
 * properties, the reset values and the mapping of the command/data ports
 * and the ELCR port, whose regions the subclass provides.
 */
#include <inttypes.h>

#include "i8259-common.h"
#include "machine/qdev-properties.h"
#include "util/error.h"

void pic_common_init_reset(PICCommonState *s)
{
    s->irr = 0;
    s->imr = 0;
    /* Not in the 8259A's ICW1 list; QEMU clears it too. */
    s->isr = 0;
    s->priority_add = 0;
    s->irq_base = 0;
    s->read_reg_select = false;
    s->poll = false;
    s->special_mask = false;
    s->init_state = 0;
    s->init4 = false;
    s->single_mode = false;
    s->auto_eoi = false;
    s->special_fully_nested_mode = false;
    s->rotate_on_auto_eoi = false;
}

static void pic_common_realize(DeviceState *dev, Error **errp)
{
    PICCommonState *s = PIC_COMMON(dev);
    PICCommonClass *pcc = PIC_COMMON_GET_CLASS(dev);
    ISADevice *isa = ISA_DEVICE(dev);

    /* Both ports of the pair (A0 = 0, 1) must be in the I/O space. */
    if (s->iobase > 0xfffe) {
        error_setg(errp,
                   "iobase 0x%" PRIx32 ": the 8259's two ports must "
                   "lie in the I/O space (0 to 0xffff)",
                   s->iobase);
        return;
    }
    if (s->elcr_addr != UINT32_MAX && s->elcr_addr > 0xffff) {
        error_setg(errp,
                   "elcr_addr 0x%" PRIx32 " is beyond the I/O space "
                   "(0 to 0xffff)",
                   s->elcr_addr);
        return;
    }
    pcc->init_chip(s);
    isa_register_ioport(isa, &s->base_io, s->iobase);
    if (s->elcr_addr != UINT32_MAX) {
        isa_register_ioport(isa, &s->elcr_io, s->elcr_addr);
    }
}

static void pic_common_finalize(Object *obj)
{
    PICCommonState *s = PIC_COMMON(obj);

    memory_region_destroy(&s->base_io);
    memory_region_destroy(&s->elcr_io);
}

static Property pic_common_properties[] = {
    DEFINE_PROP_UINT32("iobase", PICCommonState, iobase, -1),
    DEFINE_PROP_UINT32("elcr_addr", PICCommonState, elcr_addr, -1),
    DEFINE_PROP_UINT8("elcr_mask", PICCommonState, elcr_mask, -1),
    DEFINE_PROP_BOOL("master", PICCommonState, master, false),
    DEFINE_PROP_END_OF_LIST(),
};

static void pic_common_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = pic_common_realize;
    device_class_set_props(dc, pic_common_properties);
    /* Part of the chipset: the board creates the pair. */
    dc->user_creatable = false;
}

static const TypeInfo pic_common_info = {
    .name = TYPE_PIC_COMMON,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(PICCommonState),
    .instance_finalize = pic_common_finalize,
    .class_size = sizeof(PICCommonClass),
    .class_init = pic_common_class_init,
    .abstract = true,
};

static void pic_common_register_types(void)
{
    type_register_static(&pic_common_info);
}

type_init(pic_common_register_types)
