/*
 * The HPET ("hpet"), QEMU's sysbus model of the IA-PC High Precision
 * Event Timer: a 64-bit main counter at 100 MHz and 3 to 32 comparators,
 * one-shot or periodic, 32- or 64-bit, each interrupting on the I/O APIC
 * input its route field names, through an FSB message, or (legacy
 * replacement) on ISA IRQ 0 and 8 in place of the PIT and the RTC.
 *
 * Properties (QEMU 7.2's): timers (uint8, 3; clamped to 3..32), msi
 * (bool, off: FSB delivery capability), hpet-intcap (uint32, the routes
 * each timer advertises; 0 lets the board choose: 0x4, IRQ 2, on
 * pc-i440fx), hpet-offset-saved (bool, on; a migration setting QEMU
 * keeps for old machine types: no effect in emu, which does not
 * migrate).
 *
 * Wiring, as QEMU's pc board does it: MMIO region 0 (HPET_LEN bytes) at
 * HPET_BASE; output "sysbus-irq" n is interrupt route n (the board wires
 * 0..23 to GSI n).  Unnamed GPIO inputs: HPET_LEGACY_PIT_INT takes the
 * PIT's output and HPET_LEGACY_RTC_INT the RTC's IRQ; the HPET passes
 * them on to routes 0 and 8 unless legacy replacement is on.  Unnamed
 * GPIO output 0 enables the PIT (connect it to the PIT's GPIO input 0):
 * it goes low while legacy replacement is on.
 */
#ifndef DEVICES_HPET_H
#define DEVICES_HPET_H

#include <stdint.h>

#define TYPE_HPET "hpet"

#define HPET_BASE 0xfed00000
#define HPET_LEN 0x400

#define HPET_INTCAP "hpet-intcap"
#define HPET_NUM_IRQ_ROUTES 32

#define HPET_LEGACY_PIT_INT 0
#define HPET_LEGACY_RTC_INT 1

/*
 * The HPETs the firmware learns about through fw_cfg (QEMU's FW_CFG_HPET
 * item, 0x8004, and its layout): count is UINT8_MAX while no HPET exists,
 * else how many; each realized HPET fills its entry at every reset with
 * the low half of its capabilities register and its MMIO address.
 */
struct hpet_fw_entry {
    uint32_t event_timer_block_id;
    uint64_t address;
    uint16_t min_tick;
    uint8_t page_prot;
} __attribute__((packed));

struct hpet_fw_config {
    uint8_t count;
    struct hpet_fw_entry hpet[8];
} __attribute__((packed));

/* The table above (its bytes change at HPET realize and reset). */
const struct hpet_fw_config *hpet_fw_config(void);

#endif /* DEVICES_HPET_H */
