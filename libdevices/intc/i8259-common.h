/*
 * Private to libdevices/intc: the register state of one 8259A and the
 * abstract "pic-common" type the emulated "isa-i8259" (i8259.c) derives
 * from, as the in-kernel KVM variant will (QEMU's split).
 *
 *   i8259-common.c   state, properties, port registration, reset
 *   i8259.c          the emulated chip: ICWs/OCWs, priorities, INTA
 */
#ifndef INTC_I8259_COMMON_H
#define INTC_I8259_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/i8259.h"
#include "machine/isa.h"
#include "machine/memory.h"

OBJECT_DECLARE_TYPE(PICCommonState, PICCommonClass, PIC_COMMON)

struct PICCommonClass {
    ISADeviceClass parent_class;
    /*
     * The model's part of realize, after the property checks: create
     * base_io and elcr_io (which pic-common then maps) and the GPIOs.
     */
    void (*init_chip)(PICCommonState *s);
};

struct PICCommonState {
    ISADevice parent_obj;

    /* Properties (QEMU's names). */
    uint32_t iobase;    /* iobase: command (A0 = 0) and data (A0 = 1) */
    uint32_t elcr_addr; /* elcr_addr: ELCR port, -1 for none */
    uint8_t elcr_mask;  /* elcr_mask: ELCR bits that exist */
    bool master;        /* master */

    /*
     * 8259A registers.  irr holds the latched requests of edge-triggered
     * inputs; a level-triggered input's request is its level
     * (pic_common_irr() combines both).
     */
    uint8_t irr;
    uint8_t imr;
    uint8_t isr;
    /* The input with the highest priority (rotation moves it). */
    uint8_t priority_add;
    /* ICW2: vector of IR0 (bits 7:3). */
    uint8_t irq_base;
    /* OCW3 RIS: reads at A0 = 0 return ISR (1) or IRR (0). */
    bool read_reg_select;
    /* OCW3 P: the next read is a poll. */
    bool poll;
    /* OCW3 SMM. */
    bool special_mask;
    /* 0: ready; 1, 2, 3: ICW2, ICW3, ICW4 expected next. */
    uint8_t init_state;
    /* ICW1 IC4 and SNGL. */
    bool init4;
    bool single_mode;
    /* ICW4 AEOI and SFNM; OCW2's rotate in auto-EOI mode. */
    bool auto_eoi;
    bool special_fully_nested_mode;
    bool rotate_on_auto_eoi;
    /* Edge/level control (PIIX3 ELCR1/ELCR2), limited by elcr_mask. */
    uint8_t elcr;

    /* The levels on IR0-7: wires, so reset keeps them. */
    uint8_t input_level;

    qemu_irq int_out;
    MemoryRegion base_io;
    MemoryRegion elcr_io;
};

/* The requests: latched edges, and the levels of level-triggered inputs. */
static inline uint8_t pic_common_irr(const PICCommonState *s)
{
    return (s->irr & ~s->elcr) | (s->input_level & s->elcr);
}

/*
 * ICW1's reset of the chip (8259A: edge sense reset, IMR cleared,
 * priorities back to IR0 first, special mask cleared, IRR selected for
 * reads; ICW4 functions off until ICW4 sets them).  ELCR is kept.
 */
void pic_common_init_reset(PICCommonState *s);

#endif /* INTC_I8259_COMMON_H */
