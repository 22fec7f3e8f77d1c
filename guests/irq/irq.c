/*
 * The irq guest: takes timer interrupts on the BSP through each of the
 * PC's two interrupt paths and reports how many arrived.
 *
 *   irq: ioapic N        PIT channel 0 (ISA IRQ 0, I/O APIC pin 2),
 *                        edge-triggered, fixed delivery to APIC ID 0
 *   irq: ioapic-level N  RTC periodic interrupt (IRQ 8, pin 8) sent
 *                        level-triggered: each one after the first needs
 *                        the local APIC's EOI to reach the I/O APIC
 *   irq: pic N           PIT through the 8259 pair (vector base 0x20)
 *                        and LINT0 in ExtINT mode, I/O APIC masked
 *
 * Then leaves with guest_exit(0), or guest_exit(1) when a path delivered
 * fewer than IRQ_COUNT interrupts within its time limit (timed by the
 * ACPI PM timer, so that no interrupt is needed to notice).  With
 * -append reset it then checks that a reset puts the controllers back
 * as they were at power-on (below); -append nolevel leaves out the
 * level-triggered path (kernel-irqchip=off on a kvm_pvm host loses its
 * interrupts, under QEMU as under emu).
 */
#include <stdint.h>

#include "guest.h"

void guest_main(uint32_t magic, uint32_t info);

#define IRQ_COUNT 3

#define VEC_PIC_BASE 0x20 /* IRQ 0-7; 0x28: IRQ 8-15 */
#define VEC_PIT 0x30
#define VEC_RTC 0x31
#define VEC_SPURIOUS 0xff

/* Intel SDM vol. 3A, 11.4.1 and table 11-1: the local APIC's registers. */
#define LAPIC_BASE 0xfee00000u
#define LAPIC_EOI 0xb0
#define LAPIC_SVR 0xf0
#define LAPIC_LVT_LINT0 0x350
#define LAPIC_SVR_ENABLE (1u << 8)
#define LAPIC_LVT_MASKED (1u << 16)
#define LAPIC_DM_EXTINT (7u << 8)

/* 82093AA datasheet, 3.0 and 3.2.4. */
#define IOAPIC_BASE 0xfec00000u
#define IOAPIC_REDTBL(pin) (0x10 + 2 * (pin))
#define IOAPIC_RTE_LEVEL (1u << 15)
#define IOAPIC_RTE_MASKED (1u << 16)

/* 8254 datasheet: channel 0, lobyte/hibyte, mode 2 (rate generator). */
#define PIT_CH0 0x40
#define PIT_CMD 0x43
#define PIT_DIVISOR 1193 /* about 1 kHz */

/* MC146818: register A rate 6 (1024 Hz), B's PIE; C read acknowledges. */
#define RTC_INDEX 0x70
#define RTC_DATA 0x71
#define RTC_REG_A 0x0a
#define RTC_REG_B 0x0b
#define RTC_REG_C 0x0c
#define RTC_NMI_OFF 0x80
#define RTC_B_PIE 0x40

#define WAIT_SECONDS 60

static volatile uint32_t pit_count, rtc_count, pic_count;

static inline void mmio_write(uint32_t addr, uint32_t val)
{
    *(volatile uint32_t *)addr = val;
}

static void lapic_write(uint32_t reg, uint32_t val)
{
    mmio_write(LAPIC_BASE + reg, val);
}

static void ioapic_write(uint32_t reg, uint32_t val)
{
    mmio_write(IOAPIC_BASE, reg);
    mmio_write(IOAPIC_BASE + 0x10, val);
}

static uint32_t ioapic_read(uint32_t reg)
{
    mmio_write(IOAPIC_BASE, reg);
    return *(volatile uint32_t *)(IOAPIC_BASE + 0x10);
}

static void ioapic_route(int pin, uint32_t low)
{
    ioapic_write(IOAPIC_REDTBL(pin) + 1, 0); /* destination APIC ID 0 */
    ioapic_write(IOAPIC_REDTBL(pin), low);
}

static uint8_t rtc_read(uint8_t reg)
{
    outb(RTC_INDEX, RTC_NMI_OFF | reg);
    return inb(RTC_DATA);
}

static void rtc_write(uint8_t reg, uint8_t val)
{
    outb(RTC_INDEX, RTC_NMI_OFF | reg);
    outb(RTC_DATA, val);
}

/* ---- Handlers ---- */

static void __attribute__((used)) pit_handler(void)
{
    pit_count++;
    lapic_write(LAPIC_EOI, 0);
}

static void __attribute__((used)) rtc_handler(void)
{
    rtc_count++;
    /* Deassert IRQ 8 before the EOI, or the level would send again. */
    rtc_read(RTC_REG_C);
    lapic_write(LAPIC_EOI, 0);
}

static void __attribute__((used)) pic_handler(void)
{
    pic_count++;
    outb(0x20, 0x20); /* 8259 non-specific EOI */
}

/* Anything else (a spurious vector): ignored, no EOI needed. */
static void __attribute__((used)) other_handler(void)
{
}

/*
 * The entry stubs.  They return without IRET: KVM's instruction
 * emulator, which runs every guest instruction on a kvm_pvm host, only
 * emulates a real-mode IRET (QEMU -accel kvm fails there too).  At the
 * same privilege level IRET pops EIP, CS and EFLAGS; the stub reorders
 * the frame to EFLAGS, EIP and ends with POPF and RET instead.
 */
#define IRQ_STUB(stub, handler)                                                \
    void stub(void);                                                           \
    __asm__(".text\n" #stub ":\n\t"                                            \
            "pushal\n\t"                                                       \
            "cld\n\t"                                                          \
            "call " #handler "\n\t"                                            \
            "popal\n\t" GUEST_RET_WITHOUT_IRET)

IRQ_STUB(pit_entry, pit_handler);
IRQ_STUB(rtc_entry, rtc_handler);
IRQ_STUB(pic_entry, pic_handler);
IRQ_STUB(other_entry, other_handler);

/* ---- Descriptor tables ---- */

/* Null, 0x08: flat 32-bit code, 0x10: flat data. */
static uint64_t gdt[3] = {0, 0x00cf9a000000ffffULL, 0x00cf92000000ffffULL};
static uint64_t idt[256];

static void set_gate(int vec, void (*handler)(void))
{
    idt[vec] = idt_gate(handler, 0);
}

/* The multiboot loader's GDT is not ours to rely on: load our own. */
static void load_tables(void)
{
    int i;

    for (i = 0; i < 256; i++) {
        set_gate(i, other_entry);
    }
    for (i = 0; i < 8; i++) {
        set_gate(VEC_PIC_BASE + i, pic_entry);
    }
    set_gate(VEC_PIT, pit_entry);
    set_gate(VEC_RTC, rtc_entry);
    load_descriptor_tables(gdt, sizeof(gdt), idt, sizeof(idt));
}

/* 8259A datasheet: ICW1-4, cascade on IR2, 8086 mode; then OCW1 mask. */
static void pic_init(uint8_t master_mask)
{
    outb(0x20, 0x11);
    outb(0x21, VEC_PIC_BASE);
    outb(0x21, 0x04);
    outb(0x21, 0x01);
    outb(0xa0, 0x11);
    outb(0xa1, VEC_PIC_BASE + 8);
    outb(0xa1, 0x02);
    outb(0xa1, 0x01);
    outb(0x21, master_mask);
    outb(0xa1, 0xff);
}

static void pit_start(void)
{
    outb(PIT_CMD, 0x34);
    outb(PIT_CH0, PIT_DIVISOR & 0xff);
    outb(PIT_CH0, PIT_DIVISOR >> 8);
}

static void pit_stop(void)
{
    /* Mode 0 with no count written yet: the output stays low. */
    outb(PIT_CMD, 0x30);
}

/*
 * Wait with interrupts on until *count reaches IRQ_COUNT or the time is
 * up.  No HLT: if a path is broken, nothing would wake the CPU.  The PM
 * timer has 24 bits: the elapsed time is summed piece by piece.
 */
static uint32_t wait_for(volatile uint32_t *count)
{
    uint32_t last = pm_timer();
    uint32_t elapsed = 0;

    while (*count < IRQ_COUNT && elapsed < PM_TMR_HZ * WAIT_SECONDS) {
        uint32_t now;

        __asm__ volatile("sti; nop; cli");
        now = pm_timer();
        elapsed += (now - last) & PM_TMR_MASK;
        last = now;
    }
    return *count;
}

static void print_count(const char *what, uint32_t n)
{
    char buf[12];
    int i = sizeof(buf) - 1;

    buf[i] = 0;
    do {
        buf[--i] = '0' + n % 10;
        n /= 10;
    } while (n && i > 0);
    serial_puts("irq: ");
    serial_puts(what);
    serial_puts(" ");
    serial_puts(&buf[i]);
    serial_puts("\n");
}

/*
 * -append reset: the chips' state at power-on (every I/O APIC entry,
 * the 8259s' masks) is saved, the run leaves them programmed and resets
 * the machine through 0xcf9; the second boot finds them as at power-on,
 * or the reset missed the interrupt controllers.  RAM keeps the saved
 * state (a mark at 3 MiB, above the image, tells the boots apart).
 */
#define RESET_SAVE_ADDR 0x300000
#define RESET_MARK 0x51524952 /* "RIRQ" */
#define IOAPIC_PINS 24
#define PIIX_RCR_PORT 0xcf9
#define PIIX_RCR_HARD_RESET 0x06

typedef struct ChipState {
    uint32_t mark;
    uint32_t rte[IOAPIC_PINS][2];
    uint8_t imr[2];
} ChipState;

static void chip_state_read(ChipState *st)
{
    for (int pin = 0; pin < IOAPIC_PINS; pin++) {
        st->rte[pin][0] = ioapic_read(IOAPIC_REDTBL(pin));
        st->rte[pin][1] = ioapic_read(IOAPIC_REDTBL(pin) + 1);
    }
    st->imr[0] = inb(0x21);
    st->imr[1] = inb(0xa1);
}

/* The second boot of -append reset: compare with power-on, then leave. */
static void __attribute__((noreturn)) check_reset_state(ChipState *saved)
{
    ChipState now;
    int bad = 0;

    chip_state_read(&now);
    saved->mark = 0;
    for (int pin = 0; pin < IOAPIC_PINS; pin++) {
        if (now.rte[pin][0] != saved->rte[pin][0] ||
            now.rte[pin][1] != saved->rte[pin][1]) {
            serial_puts("irq: after the reset, I/O APIC pin ");
            serial_put_dec(pin);
            serial_puts(" is ");
            serial_put_hex(now.rte[pin][0]);
            serial_puts(", was ");
            serial_put_hex(saved->rte[pin][0]);
            serial_puts(" at power-on\n");
            bad = 1;
        }
    }
    for (int i = 0; i < 2; i++) {
        if (now.imr[i] != saved->imr[i]) {
            serial_puts("irq: after the reset, an 8259 mask is ");
            serial_put_hex(now.imr[i]);
            serial_puts(", was ");
            serial_put_hex(saved->imr[i]);
            serial_puts(" at power-on\n");
            bad = 1;
        }
    }
    if (!bad) {
        serial_puts("irq: after the reset, the interrupt controllers are as "
                    "at power-on\n");
    }
    guest_exit(bad ? 1 : 0);
}

void guest_main(uint32_t magic, uint32_t info)
{
    ChipState *saved = (ChipState *)RESET_SAVE_ADDR;
    const char *cmdline = multiboot_cmdline(magic, info);
    int reset = cmdline_has_word(cmdline, "reset");
    int level = !cmdline_has_word(cmdline, "nolevel");
    uint32_t n_pit, n_rtc = 0, n_pic;
    int ok;

    if (reset && saved->mark == RESET_MARK) {
        check_reset_state(saved);
    }
    if (reset) {
        chip_state_read(saved);
        saved->mark = RESET_MARK;
    }
    load_tables();
    pm_io_enable();
    /* Every 8259 input masked while the I/O APIC path runs. */
    pic_init(0xff);
    lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE | VEC_SPURIOUS);
    lapic_write(LAPIC_LVT_LINT0, LAPIC_LVT_MASKED);

    /* (a) I/O APIC, edge: the PIT on pin 2. */
    ioapic_route(2, VEC_PIT);
    pit_start();
    n_pit = wait_for(&pit_count);
    ioapic_route(2, IOAPIC_RTE_MASKED | VEC_PIT);
    pit_stop();
    print_count("ioapic", n_pit);

    /* (a') I/O APIC, level: the RTC's periodic interrupt on pin 8. */
    if (!level) {
        goto pic;
    }
    rtc_read(RTC_REG_C);
    ioapic_route(8, IOAPIC_RTE_LEVEL | VEC_RTC);
    rtc_write(RTC_REG_A, (rtc_read(RTC_REG_A) & 0xf0) | 0x06);
    rtc_write(RTC_REG_B, rtc_read(RTC_REG_B) | RTC_B_PIE);
    n_rtc = wait_for(&rtc_count);
    rtc_write(RTC_REG_B, rtc_read(RTC_REG_B) & ~RTC_B_PIE);
    rtc_read(RTC_REG_C);
    ioapic_route(8, IOAPIC_RTE_MASKED | VEC_RTC);
    print_count("ioapic-level", n_rtc);

pic:
    /* (b) 8259: IRQ 0 unmasked, LINT0 taking it as ExtINT. */
    lapic_write(LAPIC_LVT_LINT0, LAPIC_DM_EXTINT);
    pic_init(0xfe);
    pit_start();
    n_pic = wait_for(&pic_count);
    pic_init(0xff);
    pit_stop();
    print_count("pic", n_pic);

    ok = n_pit >= IRQ_COUNT && (!level || n_rtc >= IRQ_COUNT) &&
         n_pic >= IRQ_COUNT;
    if (reset && ok) {
        /* Leave both paths programmed for the reset to undo. */
        __asm__ volatile("cli");
        ioapic_route(2, VEC_PIT);
        ioapic_route(8, IOAPIC_RTE_LEVEL | VEC_RTC);
        pic_init(0xfa);
        serial_puts("irq: resetting with the controllers programmed\n");
        outb(PIIX_RCR_PORT, PIIX_RCR_HARD_RESET);
        halt_forever();
    }
    guest_exit(ok ? 0 : 1);
}
