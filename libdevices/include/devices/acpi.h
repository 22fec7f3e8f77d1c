/*
 * ACPI fixed hardware (ACPI 6.4, 4.8): the PM1 event and control
 * registers, the power management timer and a general-purpose event
 * block, as a chipset's power management function embeds them (QEMU's
 * ACPIREGS and helper names, hw/acpi/core.c).  Also the machine-wide
 * power events: the power button the monitor presses, and what a
 * guest's soft-off request does.
 *
 * A device embeds ACPIREGS, calls the *_init functions with the I/O
 * container it maps at its PM base (event at +0, control at +4, timer at
 * +8), the *_reset functions from its reset, and acpi_update_sci() with
 * its SCI line whenever update_sci is called.
 */
#ifndef DEVICES_ACPI_H
#define DEVICES_ACPI_H

#include <stdbool.h>
#include <stdint.h>

#include "machine/irq.h"
#include "machine/memory.h"
#include "util/timer.h"

/* 3.579545 MHz, 24 bits (ACPI 6.4, 4.8.3.3; TMR_VAL_EXT clear). */
#define PM_TIMER_FREQUENCY 3579545
#define ACPI_PM_TIMER_MASK 0xffffff

/* PM1 status (ACPI 6.4, 4.8.3.1.1). */
#define ACPI_BITMASK_TIMER_STATUS 0x0001
#define ACPI_BITMASK_BUS_MASTER_STATUS 0x0010
#define ACPI_BITMASK_GLOBAL_LOCK_STATUS 0x0020
#define ACPI_BITMASK_POWER_BUTTON_STATUS 0x0100
#define ACPI_BITMASK_SLEEP_BUTTON_STATUS 0x0200
#define ACPI_BITMASK_RT_CLOCK_STATUS 0x0400
#define ACPI_BITMASK_WAKE_STATUS 0x8000
/* PM1 enable (4.8.3.1.2). */
#define ACPI_BITMASK_TIMER_ENABLE 0x0001
#define ACPI_BITMASK_GLOBAL_LOCK_ENABLE 0x0020
#define ACPI_BITMASK_POWER_BUTTON_ENABLE 0x0100
#define ACPI_BITMASK_SLEEP_BUTTON_ENABLE 0x0200
#define ACPI_BITMASK_RT_CLOCK_ENABLE 0x0400
/* The enables that raise an SCI (the others are wake events). */
#define ACPI_BITMASK_PM1_COMMON_ENABLED                                        \
    (ACPI_BITMASK_RT_CLOCK_ENABLE | ACPI_BITMASK_POWER_BUTTON_ENABLE |         \
     ACPI_BITMASK_GLOBAL_LOCK_ENABLE | ACPI_BITMASK_TIMER_ENABLE)
/* PM1 control (4.8.3.2.1). */
#define ACPI_BITMASK_SCI_ENABLE 0x0001
#define ACPI_BITMASK_SLEEP_TYPE 0x1c00
#define ACPI_BITMASK_SLEEP_TYPE_SHIFT 10
#define ACPI_BITMASK_SLEEP_ENABLE 0x2000

/* The register blocks' places in the PM I/O container. */
#define ACPI_PM1_EVT_OFFSET 0
#define ACPI_PM1_CNT_OFFSET 4
#define ACPI_PM_TMR_OFFSET 8

/* The GPE0 block QEMU's PIIX4 puts at 0xafe0: status, then enable. */
#define ACPI_GPE0_LEN 4

typedef struct ACPIREGS ACPIREGS;
/* Recompute the SCI (and the timer's overflow interrupt). */
typedef void (*acpi_update_sci_fn)(ACPIREGS *ar);

struct ACPIREGS {
    struct {
        MemoryRegion io;
        QEMUTimer *timer;
        /* QEMU_CLOCK_VIRTUAL time the count was 0 (the last reset). */
        int64_t base_ns;
        /* The count at which TMR_STS sets next (bit 23 toggles). */
        uint64_t overflow_tick;
        acpi_update_sci_fn update_sci;
    } tmr;
    struct {
        struct {
            MemoryRegion io;
            uint16_t sts;
            uint16_t en;
            acpi_update_sci_fn update_sci;
        } evt;
        struct {
            MemoryRegion io;
            uint16_t cnt;
            uint8_t s4_val;
            bool disable_s3;
            bool disable_s4;
            /* No SMM: SCI_EN is set at reset and the APM commands idle. */
            bool acpi_only;
        } cnt;
    } pm1;
    struct {
        MemoryRegion io;
        uint8_t len;
        uint8_t *sts;
        uint8_t *en;
    } gpe;
};

/* The timer at +8 of parent; update_sci runs when TMR_STS may have set. */
void acpi_pm_tmr_init(ACPIREGS *ar, acpi_update_sci_fn update_sci,
                      MemoryRegion *parent);
void acpi_pm_tmr_reset(ACPIREGS *ar);
/* The 24-bit count now. */
uint32_t acpi_pm_tmr_get(ACPIREGS *ar);

/* PM1 status/enable at +0 of parent. */
void acpi_pm1_evt_init(ACPIREGS *ar, acpi_update_sci_fn update_sci,
                       MemoryRegion *parent);
void acpi_pm1_evt_reset(ACPIREGS *ar);
/* PM1 status with TMR_STS brought up to date. */
uint16_t acpi_pm1_evt_get_sts(ACPIREGS *ar);
/* The power button was pressed: PWRBTN_STS, then the SCI. */
void acpi_pm1_evt_power_down(ACPIREGS *ar);

/*
 * PM1 control at +4 of parent.  s4_val is the SLP_TYP value that means
 * S4; disable_s3/disable_s4 say those states are not offered.
 */
void acpi_pm1_cnt_init(ACPIREGS *ar, MemoryRegion *parent, bool disable_s3,
                       bool disable_s4, uint8_t s4_val, bool acpi_only);
void acpi_pm1_cnt_reset(ACPIREGS *ar);
/* The APM commands that switch ACPI mode on and off (ACPI 4.8.3.2.1). */
void acpi_pm1_cnt_update(ACPIREGS *ar, bool sci_enable, bool sci_disable);

/*
 * The GPE0 block: len bytes, status (write 1 to clear) then enable, in
 * ar->gpe.io ("acpi-gpe0", owned by owner) for the device to map.
 */
void acpi_gpe_init(ACPIREGS *ar, Object *owner, uint8_t len);
void acpi_gpe_reset(ACPIREGS *ar);
uint32_t acpi_gpe_ioport_readb(ACPIREGS *ar, uint32_t addr);
void acpi_gpe_ioport_writeb(ACPIREGS *ar, uint32_t addr, uint32_t val);

/* Drive irq from the enabled events (gated by SCI_EN). */
void acpi_update_sci(ACPIREGS *ar, qemu_irq irq);

/* Release the timer, the GPE bytes and the regions (unmapped first). */
void acpi_regs_destroy(ACPIREGS *ar);

/* ---- Machine power events ---- */

/*
 * The power button (QEMU's qemu_system_powerdown_request: what QMP's
 * system_powerdown does after its POWERDOWN event).  Every ACPI PM
 * device of the machine registers press(opaque); returns whether any
 * device took the press (none: a machine without ACPI).
 */
typedef void ACPIPowerButtonFunc(void *opaque);
void acpi_register_power_button(ACPIPowerButtonFunc *press, void *opaque);
void acpi_unregister_power_button(ACPIPowerButtonFunc *press, void *opaque);
bool acpi_press_power_button(void);

/*
 * The guest put the machine in soft-off (S5, or S4 which emu cannot
 * save: QEMU's qemu_system_shutdown_request(SHUTDOWN_CAUSE_GUEST_SHUTDOWN)).
 * The application installs what that does (the emu binary: QMP SHUTDOWN
 * with guest=true and reason "guest-shutdown", then exit 0); without a
 * handler the main loop is asked to exit with status 0.
 */
typedef void ACPIGuestPowerOffHandler(void *opaque);
void acpi_set_guest_power_off_handler(ACPIGuestPowerOffHandler *fn,
                                      void *opaque);
void acpi_guest_power_off(void);

#endif /* DEVICES_ACPI_H */
