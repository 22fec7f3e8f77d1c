/*
 * The PIIX functions of the pc board through libqtest: the PIIX3's PIRQ
 * route registers and reset control register (82371SB), the IDE
 * function's bus master registers behind BAR 4 (SFF-8038i), and the
 * PIIX4 power management function (82371AB, ACPI 6.4 chapter 4.8): PMBA
 * and PMREGMISC, PM1 status/enable/control, the PM timer, the GPE0
 * block, the APM ports, the SCI on IRQ 9 through the power button, and
 * S5 soft-off.  Passes against emu and QEMU 7.2 (QTEST_QEMU_BINARY);
 * where emu differs on purpose the test says so and checks that part on
 * emu only, as it does for what needs the virtual clock to move (QEMU
 * runs with -accel tcg -S, whose clock stands still).
 *
 * Interrupts routed through the PIRQ registers need a PCI function that
 * raises INTx, which neither QEMU's nor emu's -nodefaults board has:
 * libdevices/tests/test-piix.c covers them on emu.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "qtest/libqtest.h"

#define CONFIG_ADDRESS 0xcf8
#define CONFIG_DATA 0xcfc
#define RCR 0xcf9

#define DEVFN(slot, func) ((slot) << 3 | (func))
#define PIIX3 DEVFN(1, 0)
#define PIIX3_IDE DEVFN(1, 1)
#define PIIX4_PM DEVFN(1, 3)

#define PIRQRC 0x60
#define BMIBA 0x20
#define PMBA 0x40
#define PMREGMISC 0x80
#define DEVACTB_SMM 0x5b
#define DEVRESB_HI 0x67

/* Where the tests put the bus master and PM registers. */
#define BM_BASE 0xc000
#define PM_BASE 0x600
#define PM1_STS (PM_BASE + 0)
#define PM1_EN (PM_BASE + 2)
#define PM1_CNT (PM_BASE + 4)
#define PM_TMR (PM_BASE + 8)
#define GPE0 0xafe0
#define APMC 0xb2
#define APMS 0xb3

#define TMR_STS 0x0001
#define PWRBTN_STS 0x0100
#define TMR_EN 0x0001
#define PWRBTN_EN 0x0100
#define SCI_EN 0x0001
#define SLP_EN 0x2000
#define SLP_TYP(n) ((n) << 10)
#define SCI_IRQ 9

#define PM_TIMER_HZ 3579545

static QTestState *start(void)
{
    return qtest_init("-M pc -nodefaults");
}

static void cfg_select(QTestState *s, int devfn, int reg)
{
    qtest_outl(s, CONFIG_ADDRESS, 0x80000000u | devfn << 8 | (reg & 0xfc));
}

static uint32_t cfg_readl(QTestState *s, int devfn, int reg)
{
    cfg_select(s, devfn, reg);
    return qtest_inl(s, CONFIG_DATA);
}

static uint8_t cfg_readb(QTestState *s, int devfn, int reg)
{
    cfg_select(s, devfn, reg);
    return qtest_inb(s, CONFIG_DATA + (reg & 3));
}

static void cfg_writel(QTestState *s, int devfn, int reg, uint32_t val)
{
    cfg_select(s, devfn, reg);
    qtest_outl(s, CONFIG_DATA, val);
}

static void cfg_writeb(QTestState *s, int devfn, int reg, uint8_t val)
{
    cfg_select(s, devfn, reg);
    qtest_outb(s, CONFIG_DATA + (reg & 3), val);
}

/* emu's qtest accelerator has a clock; QEMU's -accel tcg -S has not. */
static bool is_emu(QTestState *s)
{
    return qtest_probe_clock(s);
}

static void expect_event_reason(QTestState *s, const char *event,
                                const char *reason)
{
    JsonObject *ev = qtest_qmp_eventwait_ref(s, event);
    JsonObject *data = json_object_get_object_member(ev, "data");

    assert_non_null(data);
    assert_true(json_object_get_boolean_member(data, "guest"));
    assert_string_equal(json_object_get_string_member(data, "reason"), reason);
    json_object_unref(ev);
}

/* ---- PIIX3 ---- */

static void test_pirq_registers(void **state)
{
    QTestState *s = start();

    (void)state;
    /* 82371SB 2.2.8: routing disabled (bit 7) at reset. */
    assert_int_equal(cfg_readl(s, PIIX3, PIRQRC), 0x80808080);
    cfg_writeb(s, PIIX3, PIRQRC + 0, 0x0b);
    cfg_writeb(s, PIIX3, PIRQRC + 2, 0x05);
    assert_int_equal(cfg_readl(s, PIIX3, PIRQRC), 0x8005800b);
    cfg_writel(s, PIIX3, PIRQRC, 0x0a0b0c0e);
    assert_int_equal(cfg_readl(s, PIIX3, PIRQRC), 0x0a0b0c0e);
    /* As in QEMU every bit is stored, the reserved ones too. */
    cfg_writel(s, PIIX3, PIRQRC, 0xffffffff);
    assert_int_equal(cfg_readl(s, PIIX3, PIRQRC), 0xffffffff);
    qtest_quit(s);
}

/* 82371SB 4.1.3: the reset control register at 0xcf9. */
static void test_reset_control(void **state)
{
    QTestState *s = start();

    (void)state;
    assert_int_equal(qtest_inb(s, RCR), 0);
    /* Only the hard/soft bit is kept. */
    qtest_outb(s, RCR, 0x02);
    assert_int_equal(qtest_inb(s, RCR), 0x02);
    qtest_outb(s, RCR, 0x0b);
    assert_int_equal(qtest_inb(s, RCR), 0x02);
    qtest_outb(s, RCR, 0x00);
    assert_int_equal(qtest_inb(s, RCR), 0x00);
    /* CONFIG_ADDRESS is untouched by the byte at 0xcf9. */
    qtest_outl(s, CONFIG_ADDRESS, 0x80000860);
    qtest_outb(s, RCR, 0x02);
    assert_int_equal(qtest_inl(s, CONFIG_ADDRESS), 0x80000860);

    /* Bit 2 resets the machine: the guest's reset, with QEMU's event. */
    cfg_writeb(s, PIIX3, PIRQRC, 0x0b);
    qtest_outb(s, RCR, 0x06);
    expect_event_reason(s, "RESET", "guest-reset");
    assert_int_equal(qtest_inb(s, RCR), 0);
    assert_int_equal(cfg_readl(s, PIIX3, PIRQRC), 0x80808080);
    qtest_quit(s);
}

/* ---- The IDE function's bus master registers ---- */

static void ide_map_bar(QTestState *s)
{
    /* 16 I/O ports: bits 3:1 hardwired, bit 0 says I/O. */
    cfg_writel(s, PIIX3_IDE, BMIBA, 0xffffffff);
    assert_int_equal(cfg_readl(s, PIIX3_IDE, BMIBA), 0xfffffff1);
    cfg_writel(s, PIIX3_IDE, BMIBA, BM_BASE);
    assert_int_equal(cfg_readl(s, PIIX3_IDE, BMIBA), BM_BASE | 1);
    cfg_writel(s, PIIX3_IDE, 0x04, 0x0001);
}

static void test_ide_bmdma_command(void **state)
{
    QTestState *s = start();

    (void)state;
    /* Not decoded until I/O space is enabled. */
    cfg_writel(s, PIIX3_IDE, BMIBA, BM_BASE);
    assert_int_equal(qtest_inb(s, BM_BASE), 0xff);
    ide_map_bar(s);
    for (int ch = 0; ch < 2; ch++) {
        uint16_t base = BM_BASE + ch * 8;

        assert_int_equal(qtest_inb(s, base + 0), 0x00);
        assert_int_equal(qtest_inb(s, base + 2), 0x00);
        assert_int_equal(qtest_inl(s, base + 4), 0);
        /* Bytes 1 and 3 are reserved. */
        assert_int_equal(qtest_inb(s, base + 1), 0xff);
        assert_int_equal(qtest_inb(s, base + 3), 0xff);
        /* Command: only Start (bit 0) and Read/Write (bit 3) exist. */
        qtest_outb(s, base, 0xf6);
        assert_int_equal(qtest_inb(s, base), 0x00);
        qtest_outb(s, base, 0x08);
        assert_int_equal(qtest_inb(s, base), 0x08);
        /* Start: the engine is active (no drive ever ends it). */
        qtest_outb(s, base, 0x09);
        assert_int_equal(qtest_inb(s, base), 0x09);
        assert_int_equal(qtest_inb(s, base + 2), 0x01);
        /* Writing Start again changes nothing; clearing it stops. */
        qtest_outb(s, base, 0x01);
        assert_int_equal(qtest_inb(s, base + 2), 0x01);
        qtest_outb(s, base, 0x00);
        assert_int_equal(qtest_inb(s, base), 0x00);
        assert_int_equal(qtest_inb(s, base + 2), 0x00);
    }
    /* As QEMU models the PIIX: the command register takes bytes only. */
    assert_int_equal(qtest_inw(s, BM_BASE), 0xffff);
    qtest_outw(s, BM_BASE, 0x0009);
    assert_int_equal(qtest_inb(s, BM_BASE), 0x00);
    qtest_quit(s);
}

static void test_ide_bmdma_status(void **state)
{
    QTestState *s = start();

    (void)state;
    ide_map_bar(s);
    /*
     * SFF-8038i 3.2: drive 0/1 DMA capable (bits 5, 6) read/write, Error
     * and Interrupt (bits 1, 2) write-1-to-clear (no drive sets them),
     * Active (bit 0) and Simplex (bit 7) read-only.
     */
    qtest_outb(s, BM_BASE + 2, 0xff);
    assert_int_equal(qtest_inb(s, BM_BASE + 2), 0x60);
    qtest_outb(s, BM_BASE + 2, 0x20);
    assert_int_equal(qtest_inb(s, BM_BASE + 2), 0x20);
    qtest_outb(s, BM_BASE, 0x01);
    qtest_outb(s, BM_BASE + 2, 0x47);
    assert_int_equal(qtest_inb(s, BM_BASE + 2), 0x41);
    /* Channel 1 is separate. */
    assert_int_equal(qtest_inb(s, BM_BASE + 8 + 2), 0x00);
    qtest_quit(s);
}

static void test_ide_bmdma_prd(void **state)
{
    QTestState *s = start();

    (void)state;
    ide_map_bar(s);
    /* SFF-8038i 3.3: the descriptor table is dword aligned. */
    qtest_outl(s, BM_BASE + 4, 0x12345677);
    assert_int_equal(qtest_inl(s, BM_BASE + 4), 0x12345674);
    qtest_outb(s, BM_BASE + 7, 0xab);
    assert_int_equal(qtest_inl(s, BM_BASE + 4), 0xab345674);
    qtest_outw(s, BM_BASE + 4, 0xffff);
    assert_int_equal(qtest_inl(s, BM_BASE + 4), 0xab34fffc);
    assert_int_equal(qtest_inw(s, BM_BASE + 6), 0xab34);
    assert_int_equal(qtest_inb(s, BM_BASE + 5), 0xff);
    qtest_outl(s, BM_BASE + 8 + 4, 0x00100000);
    assert_int_equal(qtest_inl(s, BM_BASE + 8 + 4), 0x00100000);
    assert_int_equal(qtest_inl(s, BM_BASE + 4), 0xab34fffc);

    /* A system reset clears the registers and the BAR. */
    qtest_outb(s, BM_BASE, 0x09);
    qtest_qmp_assert_success(s, "{\"execute\": \"system_reset\"}");
    qtest_qmp_eventwait(s, "RESET");
    assert_int_equal(cfg_readl(s, PIIX3_IDE, BMIBA), 0x00000001);
    ide_map_bar(s);
    assert_int_equal(qtest_inb(s, BM_BASE), 0x00);
    assert_int_equal(qtest_inb(s, BM_BASE + 2), 0x00);
    assert_int_equal(qtest_inl(s, BM_BASE + 4), 0);
    assert_int_equal(qtest_inl(s, BM_BASE + 8 + 4), 0);
    qtest_quit(s);
}

/* ---- PIIX4 power management ---- */

static void pm_map(QTestState *s, uint16_t base)
{
    cfg_writel(s, PIIX4_PM, PMBA, base | 1);
    cfg_writeb(s, PIIX4_PM, PMREGMISC, 1);
}

static void test_pm_io_space(void **state)
{
    QTestState *s = start();

    (void)state;
    /* No base yet (the firmware sets it; SeaBIOS chooses 0x600). */
    assert_int_equal(cfg_readl(s, PIIX4_PM, PMBA), 0x00000001);
    assert_int_equal(cfg_readb(s, PIIX4_PM, PMREGMISC), 0);
    assert_int_equal(qtest_inw(s, PM1_EN), 0xffff);
    /* PMBA alone does not decode: PMREGMISC bit 0 does. */
    cfg_writel(s, PIIX4_PM, PMBA, PM_BASE | 1);
    assert_int_equal(qtest_inw(s, PM1_EN), 0xffff);
    cfg_writeb(s, PIIX4_PM, PMREGMISC, 1);
    assert_int_equal(qtest_inw(s, PM1_EN), 0x0000);
    assert_int_equal(qtest_inw(s, PM1_CNT), 0x0000);
    /* 64-byte aligned: the low bits of PMBA do not move it. */
    qtest_outw(s, PM1_EN, 0x0100);
    cfg_writel(s, PIIX4_PM, PMBA, 0xb03f);
    assert_int_equal(qtest_inw(s, 0xb000 + 2), 0x0100);
    assert_int_equal(qtest_inw(s, PM1_EN), 0xffff);
    cfg_writeb(s, PIIX4_PM, PMREGMISC, 0);
    assert_int_equal(qtest_inw(s, 0xb000 + 2), 0xffff);
    qtest_quit(s);
}

static void test_pm1_registers(void **state)
{
    QTestState *s = start();

    (void)state;
    pm_map(s, PM_BASE);
    /*
     * Status after reset: nothing but, on QEMU, TMR_STS (QEMU reports it
     * from reset on; emu sets it when bit 23 of the count toggles).
     */
    assert_int_equal(qtest_inw(s, PM1_STS) & ~TMR_STS, 0);
    if (is_emu(s)) {
        assert_int_equal(qtest_inw(s, PM1_STS), 0);
    }
    /* Write 1 to clear; nothing else sets bits. */
    qtest_outw(s, PM1_STS, 0xffff);
    assert_int_equal(qtest_inw(s, PM1_STS), 0);
    /* Enable: stored. */
    qtest_outw(s, PM1_EN, 0x0521);
    assert_int_equal(qtest_inw(s, PM1_EN), 0x0521);
    qtest_outw(s, PM1_EN, 0);
    /* Control: SLP_EN (bit 13) reads 0, the rest is stored. */
    qtest_outw(s, PM1_CNT, SLP_TYP(5) | 0x0006);
    assert_int_equal(qtest_inw(s, PM1_CNT), SLP_TYP(5) | 0x0006);
    if (is_emu(s)) {
        /*
         * Bytes of the high halves: QEMU 7.2 answers an odd-address byte
         * read of these registers with a word read at that address (0
         * for PM1 enable, the low byte again for PM1 control).
         */
        qtest_outw(s, PM1_EN, 0x0521);
        assert_int_equal(qtest_inb(s, PM1_EN + 1), 0x05);
        qtest_outw(s, PM1_EN, 0);
        assert_int_equal(qtest_inb(s, PM1_CNT + 1), SLP_TYP(5) >> 8);
    }
    qtest_outw(s, PM1_CNT, 0);
    /* The block is 12 bytes of the 64: the rest decodes nothing. */
    assert_int_equal(qtest_inw(s, PM_BASE + 6), 0xffff);
    assert_int_equal(qtest_inl(s, PM_BASE + 0xc), 0xffffffff);
    qtest_quit(s);
}

/* ACPI 6.4, 4.8.3.2.1: the FADT's SMI_CMD values switch SCI_EN. */
static void test_apm_acpi_enable(void **state)
{
    QTestState *s = start();

    (void)state;
    pm_map(s, PM_BASE);
    /* SMM enabled (QEMU's TCG/qtest default): ACPI mode starts off. */
    assert_int_equal(cfg_readb(s, PIIX4_PM, DEVACTB_SMM), 0x00);
    assert_int_equal(qtest_inw(s, PM1_CNT) & SCI_EN, 0);
    qtest_outb(s, APMC, 0xf1);
    assert_int_equal(qtest_inw(s, PM1_CNT) & SCI_EN, SCI_EN);
    assert_int_equal(qtest_inb(s, APMC), 0xf1);
    qtest_outb(s, APMC, 0xf0);
    assert_int_equal(qtest_inw(s, PM1_CNT) & SCI_EN, 0);
    qtest_outb(s, APMS, 0x55);
    assert_int_equal(qtest_inb(s, APMS), 0x55);
    assert_int_equal(qtest_inb(s, APMC), 0xf0);
    qtest_quit(s);

    /* smm=off: already in ACPI mode, and QEMU's "no SMM" mark. */
    s = qtest_init("-M pc,smm=off -nodefaults");
    pm_map(s, PM_BASE);
    assert_int_equal(cfg_readb(s, PIIX4_PM, DEVACTB_SMM), 0x02);
    assert_int_equal(qtest_inw(s, PM1_CNT), SCI_EN);
    qtest_outb(s, APMC, 0xf0);
    assert_int_equal(qtest_inw(s, PM1_CNT), SCI_EN);
    qtest_quit(s);
}

static void test_pm_timer(void **state)
{
    QTestState *s = start();
    uint32_t t0, t1;

    (void)state;
    pm_map(s, PM_BASE);
    t0 = qtest_inl(s, PM_TMR);
    assert_int_equal(t0 & ~0xffffffu, 0);
    if (!is_emu(s)) {
        /* QEMU's virtual clock stands still while the VM is stopped. */
        assert_int_equal(qtest_inl(s, PM_TMR), t0);
        qtest_quit(s);
        return;
    }
    /* 3.579545 MHz: one second is 3579545 ticks, in 24 bits. */
    qtest_clock_step(s, 1000000000);
    t1 = qtest_inl(s, PM_TMR);
    assert_int_equal((t1 - t0) & 0xffffff, PM_TIMER_HZ);
    qtest_clock_step(s, 4000000000LL);
    assert_int_equal(qtest_inl(s, PM_TMR), (5ULL * PM_TIMER_HZ) & 0xffffff);
    qtest_quit(s);
}

/* emu only: TMR_STS and its SCI when bit 23 toggles (every ~2.34 s). */
static void test_pm_timer_overflow(void **state)
{
    QTestState *s = start();
    /* The first ns at which the count reaches 2^23. */
    int64_t overflow_ns =
        ((1LL << 23) * 1000000000LL + PM_TIMER_HZ - 1) / PM_TIMER_HZ;

    (void)state;
    if (!is_emu(s)) {
        qtest_quit(s);
        return;
    }
    qtest_irq_intercept_in(s, "ioapic");
    pm_map(s, PM_BASE);
    qtest_outb(s, APMC, 0xf1);
    qtest_outw(s, PM1_EN, TMR_EN);
    qtest_clock_step(s, overflow_ns - 1);
    assert_int_equal(qtest_inw(s, PM1_STS), 0);
    assert_false(qtest_get_irq(s, SCI_IRQ));
    qtest_clock_step(s, 1);
    assert_int_equal(qtest_inw(s, PM1_STS), TMR_STS);
    assert_true(qtest_get_irq(s, SCI_IRQ));
    /* Clearing it lowers the SCI until the next toggle. */
    qtest_outw(s, PM1_STS, TMR_STS);
    assert_false(qtest_get_irq(s, SCI_IRQ));
    qtest_clock_step(s, overflow_ns);
    assert_true(qtest_get_irq(s, SCI_IRQ));
    /* Disabled, it sets the status but raises nothing. */
    qtest_outw(s, PM1_EN, 0);
    assert_false(qtest_get_irq(s, SCI_IRQ));
    assert_int_equal(qtest_inw(s, PM1_STS), TMR_STS);
    qtest_quit(s);
}

/* system_powerdown presses the power button: PWRBTN_STS and the SCI. */
static void test_power_button(void **state)
{
    QTestState *s = start();

    (void)state;
    qtest_irq_intercept_in(s, "ioapic");
    pm_map(s, PM_BASE);
    qtest_outw(s, PM1_STS, 0xffff);
    qtest_outb(s, APMC, 0xf1);

    /* Disabled: no SCI. */
    qtest_qmp_assert_success(s, "{\"execute\": \"system_powerdown\"}");
    qtest_qmp_eventwait(s, "POWERDOWN");
    assert_false(qtest_get_irq(s, SCI_IRQ));
    if (is_emu(s)) {
        /*
         * ACPI 4.8.3.1.1: the status bit records the press whatever the
         * enable; QEMU 7.2 records it only while enabled.
         */
        assert_int_equal(qtest_inw(s, PM1_STS) & PWRBTN_STS, PWRBTN_STS);
        qtest_outw(s, PM1_STS, PWRBTN_STS);
    }
    assert_int_equal(qtest_inw(s, PM1_STS) & PWRBTN_STS, 0);

    qtest_outw(s, PM1_EN, PWRBTN_EN);
    qtest_qmp_assert_success(s, "{\"execute\": \"system_powerdown\"}");
    qtest_qmp_eventwait(s, "POWERDOWN");
    assert_int_equal(qtest_inw(s, PM1_STS) & PWRBTN_STS, PWRBTN_STS);
    assert_true(qtest_get_irq(s, SCI_IRQ));
    /* Write 1 to clear: the SCI goes with it. */
    qtest_outw(s, PM1_STS, PWRBTN_STS);
    assert_int_equal(qtest_inw(s, PM1_STS) & PWRBTN_STS, 0);
    assert_false(qtest_get_irq(s, SCI_IRQ));
    qtest_quit(s);
}

/* The GPE0 block at 0xafe0: status (write 1 to clear), then enable. */
static void test_gpe0(void **state)
{
    QTestState *s = start();

    (void)state;
    assert_int_equal(qtest_inl(s, GPE0), 0);
    qtest_outb(s, GPE0 + 2, 0xff);
    qtest_outb(s, GPE0 + 3, 0x0f);
    assert_int_equal(qtest_inl(s, GPE0), 0x0fff0000);
    qtest_outw(s, GPE0, 0xffff);
    assert_int_equal(qtest_inw(s, GPE0), 0);
    qtest_outl(s, GPE0, 0x00000000);
    assert_int_equal(qtest_inl(s, GPE0), 0);
    qtest_quit(s);
}

/* S5: SLP_TYP 0 with SLP_EN powers the machine off (status 0). */
static void test_soft_off(void **state)
{
    QTestState *s = start();

    (void)state;
    pm_map(s, PM_BASE);
    qtest_outw(s, PM1_CNT, SLP_TYP(0) | SLP_EN);
    expect_event_reason(s, "SHUTDOWN", "guest-shutdown");
    qtest_quit(s);

    /* s4_val (2) is S4: no image to save, it powers off too. */
    s = start();
    pm_map(s, PM_BASE);
    qtest_outw(s, PM1_CNT, SLP_TYP(2) | SLP_EN);
    expect_event_reason(s, "SHUTDOWN", "guest-shutdown");
    qtest_quit(s);
}

/* DEVRESB: which COM ports the machine decodes (QEMU's machine-done). */
static void test_pm_devres(void **state)
{
    QTestState *s = start();

    (void)state;
    assert_int_equal(cfg_readb(s, PIIX4_PM, DEVRESB_HI), 0x00);
    qtest_quit(s);
    s = qtest_init("-M pc -nodefaults -chardev null,id=c0 "
                   "-device isa-serial,chardev=c0");
    assert_int_equal(cfg_readb(s, PIIX4_PM, DEVRESB_HI), 0x08);
    qtest_quit(s);
    s = qtest_init("-M pc -nodefaults -chardev null,id=c0 "
                   "-device isa-serial,chardev=c0,iobase=0x2f8,irq=3");
    assert_int_equal(cfg_readb(s, PIIX4_PM, DEVRESB_HI), 0x90);
    qtest_quit(s);
}

static void test_acpi_off(void **state)
{
    QTestState *s = qtest_init("-M pc,acpi=off -nodefaults");

    (void)state;
    assert_int_equal(cfg_readl(s, PIIX4_PM, 0), 0xffffffff);
    assert_int_equal(cfg_readl(s, PIIX3_IDE, 0), 0x70108086);
    assert_int_equal(qtest_inl(s, GPE0), 0xffffffff);
    qtest_quit(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pirq_registers),
        cmocka_unit_test(test_reset_control),
        cmocka_unit_test(test_ide_bmdma_command),
        cmocka_unit_test(test_ide_bmdma_status),
        cmocka_unit_test(test_ide_bmdma_prd),
        cmocka_unit_test(test_pm_io_space),
        cmocka_unit_test(test_pm1_registers),
        cmocka_unit_test(test_apm_acpi_enable),
        cmocka_unit_test(test_pm_timer),
        cmocka_unit_test(test_pm_timer_overflow),
        cmocka_unit_test(test_power_button),
        cmocka_unit_test(test_gpe0),
        cmocka_unit_test(test_soft_off),
        cmocka_unit_test(test_pm_devres),
        cmocka_unit_test(test_acpi_off),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
