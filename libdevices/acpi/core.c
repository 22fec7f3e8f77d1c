/*
 * ACPI fixed hardware registers (see devices/acpi.h): PM1 event and
 * control, the PM timer and a GPE block.  ACPI 6.4 chapter 4.8 and the
 * 82371AB (PIIX4) datasheet's power management I/O registers, with QEMU
 * 7.2's access rules (checked through qtest): PM1 event registers take
 * byte and word accesses (a byte write reaches the register as a word
 * with the other byte zero), PM1 control bytes and words, the timer
 * dwords only, the GPE block any width byte by byte.
 *
 * Where emu follows the specification and QEMU 7.2 does not:
 *   - TMR_STS sets when bit 23 of the count toggles; QEMU reports it set
 *     from reset until the guest first clears it;
 *   - the count restarts at 0 on a system reset (PIIX4: PMTMR is reset
 *     with the chip); QEMU's runs on from the virtual clock;
 *   - PWRBTN_STS is set by a press whether or not PWRBTN_EN is (QEMU sets
 *     it only while enabled); the enable decides the SCI;
 *   - events raise the SCI only while SCI_EN is set (when it is clear the
 *     PIIX4 raises an SMI instead, which emu does not model: logged).
 */
#include <string.h>

#include "devices/acpi.h"
#include "util/log.h"

/* TMR_STS: bit 23 of the count toggles every 2^23 ticks. */
#define ACPI_PM_TMR_OVERFLOW (1ULL << 23)

/* ---- The PM timer ---- */

static uint64_t acpi_pm_tmr_ticks(ACPIREGS *ar)
{
    int64_t ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) - ar->tmr.base_ns;

    if (ns < 0) {
        return 0;
    }
    return (uint64_t)((unsigned __int128)ns * PM_TIMER_FREQUENCY /
                      NANOSECONDS_PER_SECOND);
}

/* The first QEMU_CLOCK_VIRTUAL time the count reads tick. */
static int64_t acpi_pm_tmr_tick_ns(ACPIREGS *ar, uint64_t tick)
{
    unsigned __int128 ns = (unsigned __int128)tick * NANOSECONDS_PER_SECOND;

    return ar->tmr.base_ns +
           (int64_t)((ns + PM_TIMER_FREQUENCY - 1) / PM_TIMER_FREQUENCY);
}

uint32_t acpi_pm_tmr_get(ACPIREGS *ar)
{
    return acpi_pm_tmr_ticks(ar) & ACPI_PM_TIMER_MASK;
}

/* The next toggle of bit 23 after the count now. */
static void acpi_pm_tmr_calc_overflow(ACPIREGS *ar)
{
    ar->tmr.overflow_tick = (acpi_pm_tmr_ticks(ar) / ACPI_PM_TMR_OVERFLOW + 1) *
                            ACPI_PM_TMR_OVERFLOW;
}

/* Arm the overflow interrupt while it can still come (or stop it). */
static void acpi_pm_tmr_update(ACPIREGS *ar, bool enable)
{
    if (enable) {
        timer_mod_ns(ar->tmr.timer,
                     acpi_pm_tmr_tick_ns(ar, ar->tmr.overflow_tick));
    } else {
        timer_del(ar->tmr.timer);
    }
}

static void acpi_pm_tmr_timer(void *opaque)
{
    ACPIREGS *ar = opaque;

    ar->tmr.update_sci(ar);
}

static uint64_t acpi_pm_tmr_read(void *opaque, hwaddr addr, unsigned width)
{
    return acpi_pm_tmr_get(opaque);
}

static void acpi_pm_tmr_write(void *opaque, hwaddr addr, uint64_t val,
                              unsigned width)
{
    qemu_log_mask(LOG_GUEST_ERROR, "ACPI: write to the read-only PM timer\n");
}

static const MemoryRegionOps acpi_pm_tmr_ops = {
    .read = acpi_pm_tmr_read,
    .write = acpi_pm_tmr_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 4,
};

void acpi_pm_tmr_init(ACPIREGS *ar, acpi_update_sci_fn update_sci,
                      MemoryRegion *parent)
{
    ar->tmr.update_sci = update_sci;
    ar->tmr.timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, acpi_pm_tmr_timer, ar);
    memory_region_init_io(&ar->tmr.io, memory_region_owner(parent),
                          &acpi_pm_tmr_ops, ar, "acpi-tmr", 4);
    memory_region_add_subregion(parent, ACPI_PM_TMR_OFFSET, &ar->tmr.io);
    acpi_pm_tmr_reset(ar);
}

void acpi_pm_tmr_reset(ACPIREGS *ar)
{
    ar->tmr.base_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    ar->tmr.overflow_tick = ACPI_PM_TMR_OVERFLOW;
    timer_del(ar->tmr.timer);
}

/* ---- PM1 event ---- */

uint16_t acpi_pm1_evt_get_sts(ACPIREGS *ar)
{
    if (acpi_pm_tmr_ticks(ar) >= ar->tmr.overflow_tick) {
        ar->pm1.evt.sts |= ACPI_BITMASK_TIMER_STATUS;
    }
    return ar->pm1.evt.sts;
}

static void acpi_pm1_evt_write_sts(ACPIREGS *ar, uint16_t val)
{
    uint16_t sts = acpi_pm1_evt_get_sts(ar);

    /* Clearing TMR_STS waits for the next toggle of bit 23. */
    if (sts & val & ACPI_BITMASK_TIMER_STATUS) {
        acpi_pm_tmr_calc_overflow(ar);
    }
    ar->pm1.evt.sts &= ~val;
}

static uint64_t acpi_pm_evt_read(void *opaque, hwaddr addr, unsigned width)
{
    ACPIREGS *ar = opaque;

    switch (addr) {
    case 0:
        return acpi_pm1_evt_get_sts(ar);
    case 2:
        return ar->pm1.evt.en;
    default:
        return 0;
    }
}

static void acpi_pm_evt_write(void *opaque, hwaddr addr, uint64_t val,
                              unsigned width)
{
    ACPIREGS *ar = opaque;

    switch (addr) {
    case 0:
        acpi_pm1_evt_write_sts(ar, val);
        break;
    case 2:
        ar->pm1.evt.en = val;
        break;
    default:
        return;
    }
    ar->pm1.evt.update_sci(ar);
}

static const MemoryRegionOps acpi_pm_evt_ops = {
    .read = acpi_pm_evt_read,
    .write = acpi_pm_evt_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 2,
    .impl.min_access_size = 2,
};

void acpi_pm1_evt_init(ACPIREGS *ar, acpi_update_sci_fn update_sci,
                       MemoryRegion *parent)
{
    ar->pm1.evt.update_sci = update_sci;
    memory_region_init_io(&ar->pm1.evt.io, memory_region_owner(parent),
                          &acpi_pm_evt_ops, ar, "acpi-evt", 4);
    memory_region_add_subregion(parent, ACPI_PM1_EVT_OFFSET, &ar->pm1.evt.io);
    acpi_pm1_evt_reset(ar);
}

void acpi_pm1_evt_reset(ACPIREGS *ar)
{
    ar->pm1.evt.sts = 0;
    ar->pm1.evt.en = 0;
}

void acpi_pm1_evt_power_down(ACPIREGS *ar)
{
    ar->pm1.evt.sts |= ACPI_BITMASK_POWER_BUTTON_STATUS;
    ar->pm1.evt.update_sci(ar);
}

/* ---- PM1 control ---- */

static void acpi_pm1_cnt_write(ACPIREGS *ar, uint16_t val)
{
    unsigned slp_typ;

    /* SLP_EN is write-only: it starts the transition and reads 0. */
    ar->pm1.cnt.cnt = val & ~ACPI_BITMASK_SLEEP_ENABLE;
    if (!(val & ACPI_BITMASK_SLEEP_ENABLE)) {
        return;
    }
    /*
     * PIIX4 SUS_TYP (and the values QEMU's tables give the guest): 0 soft
     * off (S5), 1 suspend to RAM (S3), s4_val suspend to disk (S4).
     */
    slp_typ = (val & ACPI_BITMASK_SLEEP_TYPE) >> ACPI_BITMASK_SLEEP_TYPE_SHIFT;
    if (slp_typ == 0) {
        acpi_guest_power_off();
    } else if (slp_typ == 1) {
        qemu_log_mask(LOG_UNIMP, "ACPI: S3 (suspend to RAM) is not "
                                 "supported; the guest keeps running\n");
    } else if (slp_typ == ar->pm1.cnt.s4_val) {
        /* As QEMU: there is no image to save, so S4 powers off. */
        acpi_guest_power_off();
    }
}

static uint64_t acpi_pm_cnt_read(void *opaque, hwaddr addr, unsigned width)
{
    ACPIREGS *ar = opaque;

    return ar->pm1.cnt.cnt >> (addr * 8);
}

static void acpi_pm_cnt_write(void *opaque, hwaddr addr, uint64_t val,
                              unsigned width)
{
    ACPIREGS *ar = opaque;

    /* A byte write to the high half keeps the low one. */
    if (addr == 1) {
        val = (val << 8) | (ar->pm1.cnt.cnt & 0xff);
    } else if (width == 1) {
        val = (ar->pm1.cnt.cnt & 0xff00) | (val & 0xff);
    }
    acpi_pm1_cnt_write(ar, val);
    /* SCI_EN may have changed. */
    if (ar->pm1.evt.update_sci) {
        ar->pm1.evt.update_sci(ar);
    }
}

static const MemoryRegionOps acpi_pm_cnt_ops = {
    .read = acpi_pm_cnt_read,
    .write = acpi_pm_cnt_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 2,
};

void acpi_pm1_cnt_init(ACPIREGS *ar, MemoryRegion *parent, bool disable_s3,
                       bool disable_s4, uint8_t s4_val, bool acpi_only)
{
    ar->pm1.cnt.s4_val = s4_val;
    ar->pm1.cnt.disable_s3 = disable_s3;
    ar->pm1.cnt.disable_s4 = disable_s4;
    ar->pm1.cnt.acpi_only = acpi_only;
    memory_region_init_io(&ar->pm1.cnt.io, memory_region_owner(parent),
                          &acpi_pm_cnt_ops, ar, "acpi-cnt", 2);
    memory_region_add_subregion(parent, ACPI_PM1_CNT_OFFSET, &ar->pm1.cnt.io);
    acpi_pm1_cnt_reset(ar);
}

void acpi_pm1_cnt_reset(ACPIREGS *ar)
{
    /* Without SMM firmware nobody would switch ACPI mode on: it is on. */
    ar->pm1.cnt.cnt = ar->pm1.cnt.acpi_only ? ACPI_BITMASK_SCI_ENABLE : 0;
}

void acpi_pm1_cnt_update(ACPIREGS *ar, bool sci_enable, bool sci_disable)
{
    if (ar->pm1.cnt.acpi_only) {
        return;
    }
    if (sci_enable) {
        ar->pm1.cnt.cnt |= ACPI_BITMASK_SCI_ENABLE;
    } else if (sci_disable) {
        ar->pm1.cnt.cnt &= ~ACPI_BITMASK_SCI_ENABLE;
    }
}

/* ---- GPE0 ---- */

uint32_t acpi_gpe_ioport_readb(ACPIREGS *ar, uint32_t addr)
{
    uint8_t half = ar->gpe.len / 2;

    if (addr < half) {
        return ar->gpe.sts[addr];
    }
    if (addr < ar->gpe.len) {
        return ar->gpe.en[addr - half];
    }
    return 0;
}

void acpi_gpe_ioport_writeb(ACPIREGS *ar, uint32_t addr, uint32_t val)
{
    uint8_t half = ar->gpe.len / 2;

    if (addr < half) {
        ar->gpe.sts[addr] &= ~val;
    } else if (addr < ar->gpe.len) {
        ar->gpe.en[addr - half] = val;
    }
}

static uint64_t acpi_gpe_read(void *opaque, hwaddr addr, unsigned width)
{
    return acpi_gpe_ioport_readb(opaque, addr);
}

static void acpi_gpe_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned width)
{
    ACPIREGS *ar = opaque;

    acpi_gpe_ioport_writeb(ar, addr, val);
    ar->pm1.evt.update_sci(ar);
}

static const MemoryRegionOps acpi_gpe_ops = {
    .read = acpi_gpe_read,
    .write = acpi_gpe_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 4,
    .impl.min_access_size = 1,
    .impl.max_access_size = 1,
};

void acpi_gpe_init(ACPIREGS *ar, Object *owner, uint8_t len)
{
    ar->gpe.len = len;
    ar->gpe.sts = g_malloc0(len / 2);
    ar->gpe.en = g_malloc0(len / 2);
    memory_region_init_io(&ar->gpe.io, owner, &acpi_gpe_ops, ar, "acpi-gpe0",
                          len);
}

void acpi_gpe_reset(ACPIREGS *ar)
{
    memset(ar->gpe.sts, 0, ar->gpe.len / 2);
    memset(ar->gpe.en, 0, ar->gpe.len / 2);
}

/* ---- SCI ---- */

void acpi_update_sci(ACPIREGS *ar, qemu_irq irq)
{
    uint16_t sts = acpi_pm1_evt_get_sts(ar);
    bool pending = (sts & ar->pm1.evt.en & ACPI_BITMASK_PM1_COMMON_ENABLED) ||
                   (ar->gpe.sts && (ar->gpe.sts[0] & ar->gpe.en[0]));
    bool sci_en = ar->pm1.cnt.cnt & ACPI_BITMASK_SCI_ENABLE;

    if (pending && !sci_en) {
        qemu_log_mask(LOG_UNIMP, "ACPI: event with SCI_EN clear would raise "
                                 "an SMI, which is not modelled\n");
    }
    qemu_set_irq(irq, pending && sci_en);
    /* The overflow interrupt matters while it is enabled and not pending. */
    acpi_pm_tmr_update(ar, (ar->pm1.evt.en & ACPI_BITMASK_TIMER_ENABLE) &&
                               !(sts & ACPI_BITMASK_TIMER_STATUS));
}

void acpi_regs_destroy(ACPIREGS *ar)
{
    if (ar->tmr.timer) {
        timer_free(ar->tmr.timer);
        ar->tmr.timer = NULL;
    }
    g_free(ar->gpe.sts);
    g_free(ar->gpe.en);
    ar->gpe.sts = ar->gpe.en = NULL;
    memory_region_destroy(&ar->tmr.io);
    memory_region_destroy(&ar->pm1.evt.io);
    memory_region_destroy(&ar->pm1.cnt.io);
    memory_region_destroy(&ar->gpe.io);
}
