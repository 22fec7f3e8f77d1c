/*
 * Helpers for emu's freestanding guests: port I/O, the COM1 serial port
 * (and numbers on it), checks of values read back, the isa-debug-exit
 * device, PCI configuration, ACPI power-off and the ACPI PM timer.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdint.h>

#define MULTIBOOT_BOOT_MAGIC 0x2BADB002

#define COM1_PORT 0x3f8
#define UART_LSR 5         /* line status register */
#define UART_LSR_THRE 0x20 /* transmit holding register empty */

/*
 * isa-debug-exit (QEMU: -device isa-debug-exit,iobase=0xf4,iosize=4):
 * writing value v ends the emulator with exit status (v << 1) | 1.
 */
#define DEBUG_EXIT_PORT 0xf4

static inline void outb(uint16_t port, uint8_t val)
{
    __asm__ volatile("outb %0, %1" : : "a"(val), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t val;

    __asm__ volatile("inb %1, %0" : "=a"(val) : "Nd"(port));
    return val;
}

static inline void outw(uint16_t port, uint16_t val)
{
    __asm__ volatile("outw %0, %1" : : "a"(val), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t val)
{
    __asm__ volatile("outl %0, %1" : : "a"(val), "Nd"(port));
}

static inline uint16_t inw(uint16_t port)
{
    uint16_t val;

    __asm__ volatile("inw %1, %0" : "=a"(val) : "Nd"(port));
    return val;
}

static inline uint32_t inl(uint16_t port)
{
    uint32_t val;

    __asm__ volatile("inl %1, %0" : "=a"(val) : "Nd"(port));
    return val;
}

static inline void serial_putc(char c)
{
    /* Bounded: an emulated UART without LSR must not hang the guest. */
    for (int i = 0; i < 100000; i++) {
        if (inb(COM1_PORT + UART_LSR) & UART_LSR_THRE) {
            break;
        }
    }
    outb(COM1_PORT, c);
}

static inline void serial_puts(const char *s)
{
    while (*s) {
        serial_putc(*s++);
    }
}

static inline void serial_put_dec(uint32_t v)
{
    char buf[10];
    int i = 0;

    do {
        buf[i++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (i) {
        serial_putc(buf[--i]);
    }
}

static inline void serial_put_hex(uint32_t v)
{
    for (int shift = 28; shift >= 0; shift -= 4) {
        serial_putc("0123456789abcdef"[(v >> shift) & 15]);
    }
}

/*
 * Values read back from a device, counted; a mismatch is reported on
 * COM1 as "<prefix>: <what> at 0x<addr> size <n>: got 0x.. want 0x..".
 */
typedef struct GuestChecks {
    const char *prefix;
    uint32_t done;
    uint32_t failed;
} GuestChecks;

static inline void guest_check(GuestChecks *c, const char *what, uint32_t addr,
                               unsigned size, uint32_t got, uint32_t want)
{
    c->done++;
    if (got == want) {
        return;
    }
    c->failed++;
    serial_puts(c->prefix);
    serial_puts(": ");
    serial_puts(what);
    serial_puts(" at 0x");
    serial_put_hex(addr);
    serial_puts(" size ");
    serial_put_dec(size);
    serial_puts(": got 0x");
    serial_put_hex(got);
    serial_puts(" want 0x");
    serial_put_hex(want);
    serial_putc('\n');
}

static inline void debug_exit(uint8_t code)
{
    outb(DEBUG_EXIT_PORT, code);
}

/*
 * PCI configuration mechanism #1 (PCI Local Bus Specification 3.0,
 * 3.2.2.3.2): the address dword at 0xcf8, the data at 0xcfc-0xcff.
 */
#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA 0xcfc

static inline uint32_t pci_config_address(int dev, int fn, int reg)
{
    return 0x80000000u | (uint32_t)dev << 11 | (uint32_t)fn << 8 |
           (uint32_t)(reg & 0xfc);
}

static inline void pci_config_writel(int dev, int fn, int reg, uint32_t val)
{
    outl(PCI_CONFIG_ADDRESS, pci_config_address(dev, fn, reg));
    outl(PCI_CONFIG_DATA, val);
}

static inline void pci_config_writeb(int dev, int fn, int reg, uint8_t val)
{
    outl(PCI_CONFIG_ADDRESS, pci_config_address(dev, fn, reg));
    outb(PCI_CONFIG_DATA + (reg & 3), val);
}

/*
 * ACPI soft-off without firmware, on the PIIX4 power management function
 * of QEMU's (and emu's) pc board at 00:01.3 (Intel 82371AB datasheet,
 * 3.4: PMBA at 0x40 with bit 0 set for I/O space, PMREGMISC bit 0
 * enabling it; ACPI 1.0 PM1a_CNT at PMBA + 4): SLP_EN with SLP_TYP 0,
 * the value QEMU's PIIX4 takes for S5.
 */
#define PIIX4_PM_DEV 1
#define PIIX4_PM_FN 3
#define PIIX4_PMBA 0x40
#define PIIX4_PMREGMISC 0x80
#define GUEST_PM_BASE 0x600
#define ACPI_PM1_CNT 4
#define ACPI_SLP_EN (1u << 13)
#define ACPI_SLP_TYP_S5 (0u << 10)

/* Place the PM I/O space (PM1 control, PM timer) at GUEST_PM_BASE. */
static inline void pm_io_enable(void)
{
    pci_config_writel(PIIX4_PM_DEV, PIIX4_PM_FN, PIIX4_PMBA, GUEST_PM_BASE | 1);
    pci_config_writeb(PIIX4_PM_DEV, PIIX4_PM_FN, PIIX4_PMREGMISC, 1);
}

static inline void acpi_poweroff(void)
{
    pm_io_enable();
    outw(GUEST_PM_BASE + ACPI_PM1_CNT, ACPI_SLP_EN | ACPI_SLP_TYP_S5);
}

/*
 * The ACPI PM timer (ACPI 1.0, 4.7.2.1) at PM base + 8, after
 * pm_io_enable(): 3.579545 MHz, 24 bits, so it wraps every 4.7 s;
 * callers sum (now - last) & PM_TMR_MASK between close reads.
 */
#define ACPI_PM_TMR 8
#define PM_TMR_BITS 24
#define PM_TMR_MASK ((1u << PM_TMR_BITS) - 1)
#define PM_TMR_HZ 3579545u
#define PM_TICKS_PER_MS 3580u

static inline uint32_t pm_timer(void)
{
    return inl(GUEST_PM_BASE + ACPI_PM_TMR) & PM_TMR_MASK;
}

/*
 * Leave the emulator: isa-debug-exit with value v when the device is
 * there, else ACPI power-off (status 0), else halt.
 */
static inline void __attribute__((noreturn)) guest_exit(uint8_t v);

static inline void __attribute__((noreturn)) halt_forever(void)
{
    for (;;) {
        __asm__ volatile("cli; hlt");
    }
}

static inline void __attribute__((noreturn)) guest_exit(uint8_t v)
{
    debug_exit(v);
    acpi_poweroff();
    halt_forever();
}

/* ---- Descriptor tables ---- */

/* The operand of LGDT/LIDT (Intel SDM vol. 3A, 3.5.1, 6.10). */
struct __attribute__((packed)) table_ptr {
    uint16_t limit;
    uint32_t base;
};

/* Intel SDM vol. 3A, 6.11: a 32-bit interrupt gate to 0x08:handler. */
static inline uint64_t idt_gate(void (*handler)(void), int dpl)
{
    uint32_t off = (uint32_t)handler;

    return (off & 0xffff) | (uint64_t)0x08 << 16 |
           (uint64_t)(0x8e00 | dpl << 13) << 32 | (uint64_t)(off >> 16) << 48;
}

/*
 * Load gdt (0x08 flat 32-bit code, 0x10 flat data) and idt, and reload
 * CS, DS, ES and SS from it: the multiboot loader's GDT is not ours to
 * rely on (Multiboot Specification 0.6.96, 3.2).
 */
static inline void load_descriptor_tables(const void *gdt, uint32_t gdt_size,
                                          const void *idt, uint32_t idt_size)
{
    struct table_ptr gp = {gdt_size - 1, (uint32_t)gdt};
    struct table_ptr ip = {idt_size - 1, (uint32_t)idt};

    __asm__ volatile("lgdt %0\n\t"
                     "ljmp $0x08, $1f\n"
                     "1:\tmovw $0x10, %%ax\n\t"
                     "movw %%ax, %%ds\n\t"
                     "movw %%ax, %%es\n\t"
                     "movw %%ax, %%ss\n\t"
                     "lidt %1"
                     :
                     : "m"(gp), "m"(ip)
                     : "eax", "memory");
}

/*
 * The end of an interrupt handler in asm that returns to its own ring
 * without IRET (KVM's instruction emulator on a kvm_pvm host runs only
 * a real-mode IRET): the frame EIP, CS, EFLAGS becomes EFLAGS, EIP for
 * POPF and RET.
 */
#define GUEST_RET_WITHOUT_IRET                                                 \
    "pushl %eax\n\t" /* eax, EIP, CS, EFLAGS */                                \
    "movl 4(%esp), %eax\n\t"                                                   \
    "xchgl %eax, 12(%esp)\n\t" /* eax, EIP, CS, EIP */                         \
    "movl %eax, 8(%esp)\n\t"   /* eax, EIP, EFLAGS, EIP */                     \
    "popl %eax\n\t"                                                            \
    "addl $4, %esp\n\t" /* EFLAGS, EIP */                                      \
    "popfl\n\t"                                                                \
    "ret\n"

/* ---- Control registers and MSRs (ring 0 only) ---- */

/* read_crN() and write_crN() for CR0, CR2, CR3 and CR4. */
#define GUEST_CR_ACCESSORS(n)                                                  \
    static inline uint32_t read_cr##n(void)                                    \
    {                                                                          \
        uint32_t v;                                                            \
                                                                               \
        __asm__ volatile("movl %%cr" #n ", %0" : "=r"(v));                     \
        return v;                                                              \
    }                                                                          \
                                                                               \
    static inline void write_cr##n(uint32_t v)                                 \
    {                                                                          \
        __asm__ volatile("movl %0, %%cr" #n : : "r"(v) : "memory");            \
    }
GUEST_CR_ACCESSORS(0)
GUEST_CR_ACCESSORS(2)
GUEST_CR_ACCESSORS(3)
GUEST_CR_ACCESSORS(4)

static inline void invlpg(uint32_t addr)
{
    __asm__ volatile("invlpg (%0)" : : "r"(addr) : "memory");
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr"
                     :
                     : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

/* ---- The multiboot command line (-append) ---- */

/* Multiboot Specification 0.6.96, 3.3: flags bit 2, cmdline at +16. */
#define MBI_FLAG_CMDLINE (1u << 2)

/* The command line the loader passed, or "" without one. */
static inline const char *multiboot_cmdline(uint32_t magic, uint32_t info)
{
    const uint32_t *mbi = (const uint32_t *)info;

    if (magic != MULTIBOOT_BOOT_MAGIC || !(mbi[0] & MBI_FLAG_CMDLINE)) {
        return "";
    }
    return (const char *)mbi[4];
}

/*
 * Where word, a space-separated word of cmdline ("key" in "a key=1 b"),
 * ends: at the space, '=' or end that follows it; NULL if absent.
 */
static inline const char *cmdline_find(const char *cmdline, const char *word)
{
    for (const char *s = cmdline; *s; s++) {
        const char *a = s, *w = word;

        if (s != cmdline && s[-1] != ' ') {
            continue;
        }
        while (*w && *a == *w) {
            a++;
            w++;
        }
        if (!*w && (!*a || *a == ' ' || *a == '=')) {
            return a;
        }
    }
    return 0;
}

/* word appears on cmdline on its own (not as "word=..."). */
static inline int cmdline_has_word(const char *cmdline, const char *word)
{
    const char *end = cmdline_find(cmdline, word);

    return end && *end != '=';
}

/* The decimal value of "key=N" on cmdline, or def. */
static inline uint32_t cmdline_uint(const char *cmdline, const char *key,
                                    uint32_t def)
{
    const char *s = cmdline_find(cmdline, key);
    uint32_t v = 0;

    if (!s || *s != '=') {
        return def;
    }
    for (s++; *s >= '0' && *s <= '9'; s++) {
        v = v * 10 + (uint32_t)(*s - '0');
    }
    return v;
}

#endif /* GUEST_H */
