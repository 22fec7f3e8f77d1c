/*
 * The local APIC model on the pc board, checked against Intel SDM vol.
 * 3A chapter 10: the board's wiring, reset values, priorities and
 * INTA/EOI, the EOI to a level-triggered I/O APIC pin, ExtINT through
 * LINT0, LINT1, interrupt messages, every IPI delivery mode and
 * shorthand, logical destinations, lowest priority, errors, the timer in
 * its three modes on a virtual clock the test moves, IA32_APIC_BASE and
 * the access rules of the register page.
 *
 * The test accelerator has no local APICs of its own, so the board
 * gives every CPU one.  Register accesses go through the system address
 * space with current_cpu set to the CPU making them, as a vCPU's would;
 * interrupt messages are writes with no current CPU, as a device's.
 */
#include "devices/apic.h"
#include "guest-log.h"
#include "machine/cpus.h"
#include "machine/irq.h"
#include "machine/isa.h"
#include "machine/x86-intr.h"
#include "pc-internal.h"
#include "pc-test.h"
#include "util/timer.h"

#define ATTRS MEMTXATTRS_UNSPECIFIED
#define APIC_BASE 0xfee00000u

/* Register offsets (SDM table 10-1). */
#define ID 0x020
#define VERSION 0x030
#define TPR 0x080
#define APR 0x090
#define PPR 0x0a0
#define EOI 0x0b0
#define LDR 0x0d0
#define DFR 0x0e0
#define SVR 0x0f0
#define ISR(n) (0x100 + 0x10 * (n))
#define TMR(n) (0x180 + 0x10 * (n))
#define IRR(n) (0x200 + 0x10 * (n))
#define ESR 0x280
#define ICR_LOW 0x300
#define ICR_HIGH 0x310
#define LVT_TIMER 0x320
#define LVT_THERMAL 0x330
#define LVT_PERF 0x340
#define LVT_LINT0 0x350
#define LVT_LINT1 0x360
#define LVT_ERROR 0x370
#define TIMER_INITIAL 0x380
#define TIMER_CURRENT 0x390
#define TIMER_DIVIDE 0x3e0

#define MASKED 0x10000u
#define SV_ENABLE 0x100u
#define DM_FIXED 0x000u
#define DM_LOWPRI 0x100u
#define DM_SMI 0x200u
#define DM_NMI 0x400u
#define DM_INIT 0x500u
#define DM_STARTUP 0x600u
#define DM_EXTINT 0x700u
#define DEST_LOGICAL 0x800u
#define LEVEL_ASSERT 0x4000u
#define TRIGGER_LEVEL 0x8000u
#define SH_SELF 0x40000u
#define SH_ALL_INCL 0x80000u
#define SH_ALL_EXCL 0xc0000u
#define TIMER_PERIODIC 0x20000u
#define TIMER_TSC_DEADLINE 0x40000u

#define ESR_SEND_ILLEGAL 0x20u
#define ESR_RECV_ILLEGAL 0x40u
#define ESR_ILLEGAL_ADDRESS 0x80u

/* The 8259 pair and the I/O APIC. */
#define MASTER 0x20
#define SLAVE 0xa0
#define MASTER_BASE 0x08
#define IOAPIC_BASE 0xfec00000u

/* ---- Access helpers ---- */

static CPUState *cpu(int n)
{
    CPUState *cs = qemu_get_cpu(n);

    assert_non_null(cs);
    return cs;
}

static DeviceState *lapic(int n)
{
    return X86_CPU(cpu(n))->apic_state;
}

/* A register access by CPU n itself. */
static uint32_t rd(int n, hwaddr reg)
{
    uint32_t val;

    current_cpu = cpu(n);
    val = address_space_ldl_le(&address_space_memory, APIC_BASE + reg, ATTRS,
                               NULL);
    current_cpu = NULL;
    return val;
}

static void wr(int n, hwaddr reg, uint32_t val)
{
    current_cpu = cpu(n);
    address_space_stl_le(&address_space_memory, APIC_BASE + reg, val, ATTRS,
                         NULL);
    current_cpu = NULL;
}

/* An interrupt message from a device (SDM 10.11). */
static void msi(uint8_t dest, bool logical, uint32_t data)
{
    address_space_stl_le(&address_space_memory,
                         APIC_BASE | (uint32_t)dest << 12 | (logical ? 4 : 0),
                         data, ATTRS, NULL);
}

static bool bit(int n, hwaddr base, int vector)
{
    return rd(n, base + 0x10 * (vector / 32)) & (1u << (vector % 32));
}

static bool irr(int n, int vector)
{
    return bit(n, IRR(0), vector);
}

static bool isr(int n, int vector)
{
    return bit(n, ISR(0), vector);
}

static bool tmr(int n, int vector)
{
    return bit(n, TMR(0), vector);
}

static bool req(int n, int mask)
{
    return cpu(n)->interrupt_request & mask;
}

static void clear_req(int n)
{
    cpu_reset_interrupt(cpu(n), ~0);
}

/* No bit of the IRR set. */
static bool irr_empty(int n)
{
    int i;

    for (i = 0; i < 8; i++) {
        if (rd(n, IRR(i))) {
            return false;
        }
    }
    return true;
}

/* INTA, as the CPU side runs it. */
static int inta(int n)
{
    return cpu_get_pic_interrupt(&X86_CPU(cpu(n))->env);
}

static void outb(uint16_t port, uint8_t val)
{
    address_space_stb(&address_space_io, port, val, ATTRS, NULL);
}

/* ISA IRQ n, as a device on the bus drives it. */
static void isa_line(int irq, int level)
{
    qemu_set_irq(isa_get_irq(NULL, irq), level);
}

static void step(int64_t ns)
{
    qemu_clock_advance_virtual_time(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + ns);
}

/*
 * A pc machine with ncpus CPUs (cpu_model: -cpu, NULL for the default),
 * reset as the program resets it, on a virtual clock the test moves.
 */
static MachineState *build_cpus(int ncpus, const char *cpu_model)
{
    SMPConfiguration smp = {.has_cpus = true, .cpus = ncpus};
    PCTestArgs a = {.machine = "pc", .smp = smp, .cpu = cpu_model};
    MachineState *ms;

    qemu_clock_set_virtual_mode(QEMU_VIRTUAL_CLOCK_MANUAL);
    ms = pc_test_build(&a);
    qemu_devices_reset();
    return ms;
}

/* Software-enable every APIC with spurious vector 0xff. */
static void enable_all(int ncpus)
{
    int i;

    for (i = 0; i < ncpus; i++) {
        wr(i, SVR, SV_ENABLE | 0xff);
    }
}

static int teardown(void **state)
{
    current_cpu = NULL;
    return pc_test_teardown(state);
}

#define apic_test(f) cmocka_unit_test_teardown(f, teardown)

/* ---- The board ---- */

static void test_board_wiring(void **state)
{
    MemoryRegion *mr;
    int i;

    build_cpus(2, NULL);
    for (i = 0; i < 2; i++) {
        Object *apic = OBJECT(lapic(i));
        g_autofree char *path = NULL;
        g_autofree char *cpu_path = object_get_canonical_path(OBJECT(cpu(i)));
        g_autofree char *want = g_strdup_printf("%s/lapic", cpu_path);

        assert_non_null(apic);
        assert_non_null(object_dynamic_cast(apic, TYPE_APIC));
        assert_non_null(object_dynamic_cast(apic, TYPE_APIC_COMMON));
        /* QEMU's place: the CPU's child "lapic". */
        path = object_get_canonical_path(apic);
        assert_string_equal(path, want);
        assert_int_equal(object_property_get_uint(apic, "id", NULL),
                         X86_CPU(cpu(i))->apic_id);
        assert_int_equal(object_property_get_uint(apic, "version", NULL), 0x14);
    }
    /* QEMU's mtree: "apic-msi", 1 MiB at 0xfee00000, priority 4096. */
    mr = apic_get_io_region(lapic(0));
    assert_ptr_equal(mr->container, get_system_memory());
    assert_int_equal(mr->addr, APIC_BASE);
    assert_int_equal(mr->priority, 4096);
    assert_int_equal(memory_region_size(mr), 0x100000);
    assert_string_equal(memory_region_name(mr), "apic-msi");
    assert_null(apic_get_io_region(lapic(1))->container);
}

/* SDM 10.4.7.1 (and QEMU's ExtINT LINT0 on the BSP). */
static void test_reset_values(void **state)
{
    int n, i;

    build_cpus(2, NULL);
    for (n = 0; n < 2; n++) {
        assert_int_equal(rd(n, ID), (uint32_t)n << 24);
        assert_int_equal(rd(n, VERSION), 0x50014);
        assert_int_equal(rd(n, TPR), 0);
        assert_int_equal(rd(n, APR), 0);
        assert_int_equal(rd(n, PPR), 0);
        assert_int_equal(rd(n, LDR), 0);
        assert_int_equal(rd(n, DFR), 0xffffffff);
        assert_int_equal(rd(n, SVR), 0xff);
        for (i = 0; i < 8; i++) {
            assert_int_equal(rd(n, ISR(i)), 0);
            assert_int_equal(rd(n, TMR(i)), 0);
            assert_int_equal(rd(n, IRR(i)), 0);
        }
        assert_int_equal(rd(n, ESR), 0);
        assert_int_equal(rd(n, ICR_LOW), 0);
        assert_int_equal(rd(n, ICR_HIGH), 0);
        assert_int_equal(rd(n, LVT_TIMER), MASKED);
        assert_int_equal(rd(n, LVT_THERMAL), MASKED);
        assert_int_equal(rd(n, LVT_PERF), MASKED);
        assert_int_equal(rd(n, LVT_LINT0), n == 0 ? DM_EXTINT : MASKED);
        assert_int_equal(rd(n, LVT_LINT1), MASKED);
        assert_int_equal(rd(n, LVT_ERROR), MASKED);
        assert_int_equal(rd(n, TIMER_INITIAL), 0);
        assert_int_equal(rd(n, TIMER_CURRENT), 0);
        assert_int_equal(rd(n, TIMER_DIVIDE), 0);
    }
    /* IA32_APIC_BASE: enabled at 0xfee00000, the BSP flag on CPU 0. */
    assert_int_equal(cpu_get_apic_base(lapic(0)), 0xfee00900);
    assert_int_equal(cpu_get_apic_base(lapic(1)), 0xfee00800);
}

static void test_reset_restores(void **state)
{
    build_cpus(2, NULL);
    enable_all(2);
    wr(1, ID, 0x07000000);
    wr(1, TPR, 0x20);
    wr(1, LDR, 0x04000000);
    wr(1, DFR, 0x0fffffff);
    wr(1, LVT_LINT1, DM_NMI);
    wr(1, TIMER_DIVIDE, 0xb);
    wr(1, TIMER_INITIAL, 1000);
    msi(7, false, 0x41);
    assert_true(irr(1, 0x41));

    qemu_devices_reset();
    assert_int_equal(rd(1, ID), 1u << 24);
    assert_int_equal(rd(1, TPR), 0);
    assert_int_equal(rd(1, LDR), 0);
    assert_int_equal(rd(1, DFR), 0xffffffff);
    assert_int_equal(rd(1, SVR), 0xff);
    assert_int_equal(rd(1, LVT_LINT1), MASKED);
    assert_int_equal(rd(1, TIMER_DIVIDE), 0);
    assert_int_equal(rd(1, TIMER_INITIAL), 0);
    assert_true(irr_empty(1));
    assert_false(req(1, CPU_INTERRUPT_HARD));
}

/* ---- Priorities, INTA, EOI ---- */

static void test_priority_inta_eoi(void **state)
{
    build_cpus(1, NULL);
    enable_all(1);

    msi(0, false, 0x31);
    assert_true(irr(0, 0x31));
    assert_false(tmr(0, 0x31));
    assert_true(req(0, CPU_INTERRUPT_HARD));
    msi(0, false, 0x52);

    /* SDM 10.8.4: the highest request goes in service. */
    assert_int_equal(inta(0), 0x52);
    assert_false(irr(0, 0x52));
    assert_true(isr(0, 0x52));
    assert_int_equal(rd(0, PPR), 0x50);
    /* 0x31 is below the processor priority: no request to the CPU. */
    assert_false(req(0, CPU_INTERRUPT_HARD));

    /* A nested higher one gets through. */
    msi(0, false, 0x61);
    assert_true(req(0, CPU_INTERRUPT_HARD));
    assert_int_equal(inta(0), 0x61);
    assert_int_equal(rd(0, PPR), 0x60);

    /* EOI ends the highest in service first. */
    wr(0, EOI, 0);
    assert_false(isr(0, 0x61));
    assert_true(isr(0, 0x52));
    assert_int_equal(rd(0, PPR), 0x50);
    wr(0, EOI, 0);
    assert_int_equal(rd(0, PPR), 0);
    assert_true(req(0, CPU_INTERRUPT_HARD));
    assert_int_equal(inta(0), 0x31);
    wr(0, EOI, 0);
    assert_false(req(0, CPU_INTERRUPT_HARD));
    /* Nothing left in the APIC (INTA would ask the 8259). */
    assert_int_equal(apic_get_interrupt(lapic(0)), -1);
    /* An EOI with nothing in service does nothing. */
    wr(0, EOI, 0);
    assert_int_equal(rd(0, PPR), 0);
}

static void test_tpr_and_spurious(void **state)
{
    build_cpus(1, NULL);
    wr(0, SVR, SV_ENABLE | 0xef);

    wr(0, TPR, 0x40);
    assert_int_equal(rd(0, PPR), 0x40);
    /* SDM 10.8.3.1: only classes above the TPR's. */
    msi(0, false, 0x45);
    assert_true(irr(0, 0x45));
    assert_false(req(0, CPU_INTERRUPT_HARD));
    msi(0, false, 0x51);
    assert_true(req(0, CPU_INTERRUPT_HARD));

    /* Raised, then masked before INTA: the spurious vector (SDM 10.9). */
    wr(0, TPR, 0x60);
    assert_false(req(0, CPU_INTERRUPT_HARD));
    assert_int_equal(inta(0), 0xef);
    assert_true(irr(0, 0x51));
    assert_int_equal(rd(0, ISR(2)), 0);

    /* CR8 is TPR bits 7:4 (SDM 10.8.6.1). */
    cpu_set_apic_tpr(lapic(0), 3);
    assert_int_equal(rd(0, TPR), 0x30);
    assert_int_equal(cpu_get_apic_tpr(lapic(0)), 3);
    assert_true(req(0, CPU_INTERRUPT_HARD));
    assert_int_equal(inta(0), 0x51);
    /* The in-service class now decides: 0x45 waits. */
    assert_int_equal(rd(0, PPR), 0x50);
    assert_false(req(0, CPU_INTERRUPT_HARD));
    wr(0, EOI, 0);
    assert_int_equal(inta(0), 0x45);
}

static void test_software_disabled(void **state)
{
    build_cpus(1, NULL);

    /* SDM 10.4.7.2: no fixed interrupts, but NMI still comes. */
    msi(0, false, 0x41);
    assert_true(irr_empty(0));
    assert_false(req(0, CPU_INTERRUPT_HARD));
    msi(0, false, DM_NMI);
    assert_true(req(0, CPU_INTERRUPT_NMI));
    /* The LVT entries stay masked. */
    wr(0, LVT_LINT1, DM_NMI);
    assert_int_equal(rd(0, LVT_LINT1), MASKED | DM_NMI);
    wr(0, SVR, SV_ENABLE | 0xff);
    wr(0, LVT_LINT1, DM_NMI);
    assert_int_equal(rd(0, LVT_LINT1), DM_NMI);
    /* Disabling masks them all again. */
    wr(0, SVR, 0xff);
    assert_int_equal(rd(0, LVT_LINT1), MASKED | DM_NMI);
    assert_int_equal(rd(0, LVT_LINT0), MASKED | DM_EXTINT);
}

/* ---- The I/O APIC: level-triggered pins and the EOI ---- */

static uint32_t ioapic_read(uint8_t reg)
{
    address_space_stl_le(&address_space_memory, IOAPIC_BASE, reg, ATTRS, NULL);
    return address_space_ldl_le(&address_space_memory, IOAPIC_BASE + 0x10,
                                ATTRS, NULL);
}

static void ioapic_write(uint8_t reg, uint32_t val)
{
    address_space_stl_le(&address_space_memory, IOAPIC_BASE, reg, ATTRS, NULL);
    address_space_stl_le(&address_space_memory, IOAPIC_BASE + 0x10, val, ATTRS,
                         NULL);
}

#define RTE_REMOTE_IRR (1u << 14)

static void test_level_eoi_to_ioapic(void **state)
{
    MachineState *ms = build_cpus(2, NULL);
    qemu_irq gsi10 = X86_MACHINE(ms)->gsi[10];

    enable_all(2);
    /* Pin 10: level, active high, vector 0x61, physical to APIC 1. */
    ioapic_write(0x10 + 2 * 10 + 1, 1u << 24);
    ioapic_write(0x10 + 2 * 10, TRIGGER_LEVEL | 0x61);

    qemu_set_irq(gsi10, 1);
    assert_true(irr(1, 0x61));
    assert_true(tmr(1, 0x61));
    assert_false(irr(0, 0x61));
    assert_true(ioapic_read(0x10 + 2 * 10) & RTE_REMOTE_IRR);
    assert_int_equal(inta(1), 0x61);

    /* EOI with the line still up: remote IRR cleared, sent again. */
    wr(1, EOI, 0);
    assert_false(isr(1, 0x61));
    assert_true(irr(1, 0x61));
    assert_true(ioapic_read(0x10 + 2 * 10) & RTE_REMOTE_IRR);

    /* Lowered, the last EOI leaves the pin idle. */
    qemu_set_irq(gsi10, 0);
    assert_int_equal(inta(1), 0x61);
    wr(1, EOI, 0);
    assert_false(ioapic_read(0x10 + 2 * 10) & RTE_REMOTE_IRR);
    assert_true(irr_empty(1));

    /* An edge-triggered EOI of the same vector does not reach it. */
    qemu_set_irq(gsi10, 1);
    assert_int_equal(inta(1), 0x61);
    wr(1, EOI, 0);
    assert_int_equal(inta(1), 0x61);
    msi(1, false, 0x61);
    wr(1, EOI, 0); /* the level one, still in service: remote IRR stays */
    assert_false(tmr(1, 0x61));
    assert_int_equal(inta(1), 0x61);
    wr(1, EOI, 0); /* the edge one */
    assert_true(ioapic_read(0x10 + 2 * 10) & RTE_REMOTE_IRR);
    qemu_set_irq(gsi10, 0);
}

/* ---- LINT0 (the 8259) and LINT1 ---- */

static void init_pics(void)
{
    outb(MASTER, 0x11);
    outb(MASTER + 1, MASTER_BASE);
    outb(MASTER + 1, 0x04);
    outb(MASTER + 1, 0x01);
    outb(SLAVE, 0x11);
    outb(SLAVE + 1, 0x70);
    outb(SLAVE + 1, 0x02);
    outb(SLAVE + 1, 0x01);
}

static void test_extint(void **state)
{
    build_cpus(2, NULL);
    init_pics();
    enable_all(2);

    /* BSP's LINT0 masked: the 8259's INT does not reach it. */
    wr(0, LVT_LINT0, MASKED | DM_EXTINT);
    isa_line(3, 1);
    assert_false(req(0, CPU_INTERRUPT_HARD));
    assert_false(req(1, CPU_INTERRUPT_HARD));
    assert_false(apic_accept_pic_intr(lapic(0)));
    assert_int_equal(inta(0), -1);

    /* Unmasked ExtINT: INTR, and the vector comes from the 8259. */
    wr(0, LVT_LINT0, DM_EXTINT);
    assert_true(apic_accept_pic_intr(lapic(0)));
    assert_true(req(0, CPU_INTERRUPT_HARD));
    assert_false(req(1, CPU_INTERRUPT_HARD));
    /* ExtINT goes before a pending fixed vector, priorities aside. */
    msi(0, false, 0xe0);
    assert_int_equal(inta(0), MASTER_BASE + 3);
    assert_true(irr(0, 0xe0));
    isa_line(3, 0);
    outb(MASTER, 0x20);
    assert_int_equal(inta(0), 0xe0);

    /* A hardware-disabled APIC passes LINT0 on as INTR (SDM 10.4.3). */
    assert_true(cpu_set_apic_base(lapic(1), 0xfee00000));
    assert_true(apic_accept_pic_intr(lapic(1)));
    isa_line(4, 1);
    assert_true(req(1, CPU_INTERRUPT_HARD));
    assert_int_equal(inta(1), MASTER_BASE + 4);
    isa_line(4, 0);
}

static void test_lint_fixed_and_nmi(void **state)
{
    build_cpus(1, NULL);
    enable_all(1);

    /* LINT0 as a level-triggered fixed interrupt (remote IRR). */
    wr(0, LVT_LINT0, TRIGGER_LEVEL | 0x58);
    apic_deliver_pic_intr(lapic(0), 1);
    assert_true(irr(0, 0x58));
    assert_true(tmr(0, 0x58));
    assert_true(rd(0, LVT_LINT0) & (1u << 14));
    assert_int_equal(inta(0), 0x58);
    /* Still asserted at EOI: delivered again. */
    wr(0, EOI, 0);
    assert_true(irr(0, 0x58));
    /* Deasserted before INTA: withdrawn, remote IRR clear. */
    apic_deliver_pic_intr(lapic(0), 0);
    assert_false(irr(0, 0x58));
    assert_false(rd(0, LVT_LINT0) & (1u << 14));

    /* LINT1 in NMI mode; masked, nothing. */
    apic_deliver_nmi(lapic(0));
    assert_false(req(0, CPU_INTERRUPT_NMI));
    wr(0, LVT_LINT1, DM_NMI);
    apic_deliver_nmi(lapic(0));
    assert_true(req(0, CPU_INTERRUPT_NMI));
}

/* ---- Interrupt messages ---- */

static void test_msi_modes(void **state)
{
    build_cpus(2, NULL);
    enable_all(2);

    msi(1, false, TRIGGER_LEVEL | 0x71);
    assert_true(irr(1, 0x71));
    assert_true(tmr(1, 0x71));
    assert_false(irr(0, 0x71));
    msi(0xff, false, 0x72);
    assert_true(irr(0, 0x72));
    assert_true(irr(1, 0x72));
    msi(1, false, DM_SMI);
    assert_true(req(1, CPU_INTERRUPT_SMI));
    assert_false(req(0, CPU_INTERRUPT_SMI));
    msi(1, false, DM_INIT);
    assert_true(req(1, CPU_INTERRUPT_INIT));
    msi(0, false, DM_EXTINT);
    assert_true(req(0, CPU_INTERRUPT_HARD));
    /* Reserved delivery modes are dropped (and logged). */
    clear_req(1);
    log_start();
    msi(1, false, DM_STARTUP | 0x10);
    g_autofree char *log = log_stop();
    assert_logged(log, "reserved delivery mode 6");
    assert_int_equal(cpu(1)->interrupt_request, 0);
    /* No such APIC: nobody. */
    msi(9, false, 0x73);
    assert_false(irr(0, 0x73));
    assert_false(irr(1, 0x73));
}

/* ---- IPIs ---- */

static void ipi(int from, uint8_t dest, uint32_t low)
{
    wr(from, ICR_HIGH, (uint32_t)dest << 24);
    wr(from, ICR_LOW, low);
}

static void test_ipi_fixed_shorthands(void **state)
{
    int n;

    build_cpus(4, NULL);
    enable_all(4);

    ipi(0, 2, 0x40);
    for (n = 0; n < 4; n++) {
        assert_int_equal(irr(n, 0x40), n == 2);
    }
    /* Read back, delivery status idle. */
    assert_int_equal(rd(0, ICR_LOW), 0x40);
    assert_int_equal(rd(0, ICR_HIGH), 0x02000000);

    ipi(1, 0, SH_SELF | 0x41);
    for (n = 0; n < 4; n++) {
        assert_int_equal(irr(n, 0x41), n == 1);
    }
    ipi(1, 0, SH_ALL_INCL | 0x42);
    for (n = 0; n < 4; n++) {
        assert_true(irr(n, 0x42));
    }
    ipi(1, 0, SH_ALL_EXCL | 0x43);
    for (n = 0; n < 4; n++) {
        assert_int_equal(irr(n, 0x43), n != 1);
    }
    /* Physical broadcast. */
    ipi(3, 0xff, 0x44);
    for (n = 0; n < 4; n++) {
        assert_true(irr(n, 0x44));
    }
    /* Level-triggered fixed IPIs set TMR. */
    ipi(0, 3, TRIGGER_LEVEL | LEVEL_ASSERT | 0x45);
    assert_true(tmr(3, 0x45));
}

static void test_ipi_nmi_smi_init_sipi(void **state)
{
    X86CPU *ap;

    build_cpus(3, NULL);
    enable_all(3);
    ap = X86_CPU(cpu(1));

    ipi(0, 1, DM_NMI);
    assert_true(req(1, CPU_INTERRUPT_NMI));
    assert_false(req(2, CPU_INTERRUPT_NMI));
    ipi(0, 2, DM_SMI);
    assert_true(req(2, CPU_INTERRUPT_SMI));

    /* INIT level de-assert sends nothing (SDM 10.6.1). */
    ipi(0, 2, DM_INIT | TRIGGER_LEVEL);
    assert_false(req(2, CPU_INTERRUPT_INIT));
    ipi(0, 1, DM_INIT | LEVEL_ASSERT);
    assert_true(req(1, CPU_INTERRUPT_INIT));
    assert_false(req(2, CPU_INTERRUPT_INIT));

    /* SIPI: a request, and the CPU side starts the AP at its vector. */
    ipi(0, 1, DM_STARTUP | 0x9a);
    assert_true(req(1, CPU_INTERRUPT_SIPI));
    cpu(1)->halted = 1;
    apic_sipi(lapic(1));
    assert_false(req(1, CPU_INTERRUPT_SIPI));
    assert_int_equal(ap->env.segs[R_CS].selector, 0x9a00);
    assert_int_equal(ap->env.segs[R_CS].base, 0x9a000);
    assert_int_equal(ap->env.eip, 0);
    assert_int_equal(cpu(1)->halted, 0);
    /* A second SIPI finds it running: ignored. */
    ipi(0, 1, DM_STARTUP | 0x10);
    apic_sipi(lapic(1));
    assert_int_equal(ap->env.segs[R_CS].selector, 0x9a00);
    /* After INIT it waits again. */
    apic_init_reset(lapic(1));
    ipi(0, 0xff, SH_ALL_EXCL | DM_STARTUP | 0x10);
    assert_true(req(2, CPU_INTERRUPT_SIPI));
    assert_false(req(0, CPU_INTERRUPT_SIPI));
    apic_sipi(lapic(1));
    assert_int_equal(ap->env.segs[R_CS].selector, 0x1000);
    assert_int_equal(ap->env.segs[R_CS].base, 0x10000);
    /* The BSP never waits for one. */
    X86_CPU(cpu(0))->env.eip = 0x1234;
    ipi(1, 0, DM_STARTUP | 0x20);
    apic_sipi(lapic(0));
    assert_int_equal(X86_CPU(cpu(0))->env.eip, 0x1234);
}

/* ---- Logical destinations and lowest priority ---- */

static void test_logical_flat(void **state)
{
    int n;

    build_cpus(4, NULL);
    enable_all(4);
    for (n = 0; n < 4; n++) {
        wr(n, LDR, 1u << (24 + n));
    }
    msi(0x05, true, 0x50);
    for (n = 0; n < 4; n++) {
        assert_int_equal(irr(n, 0x50), n == 0 || n == 2);
    }
    ipi(0, 0x0a, DEST_LOGICAL | 0x51);
    for (n = 0; n < 4; n++) {
        assert_int_equal(irr(n, 0x51), n == 1 || n == 3);
    }
    msi(0xff, true, 0x52);
    for (n = 0; n < 4; n++) {
        assert_true(irr(n, 0x52));
    }
}

static void test_logical_cluster(void **state)
{
    static const uint8_t ldr[4] = {0x11, 0x12, 0x21, 0x22};
    int n;

    build_cpus(4, NULL);
    enable_all(4);
    for (n = 0; n < 4; n++) {
        wr(n, DFR, 0x0fffffff);
        wr(n, LDR, (uint32_t)ldr[n] << 24);
    }
    assert_int_equal(rd(0, DFR), 0x0fffffff);
    msi(0x13, true, 0x50);
    for (n = 0; n < 4; n++) {
        assert_int_equal(irr(n, 0x50), n == 0 || n == 1);
    }
    msi(0x22, true, 0x51);
    for (n = 0; n < 4; n++) {
        assert_int_equal(irr(n, 0x51), n == 3);
    }
    /* Cluster 15 is every cluster. */
    msi(0xf1, true, 0x52);
    for (n = 0; n < 4; n++) {
        assert_int_equal(irr(n, 0x52), n == 0 || n == 2);
    }
}

static void test_lowest_priority(void **state)
{
    int n;

    build_cpus(3, NULL);
    enable_all(3);
    for (n = 0; n < 3; n++) {
        wr(n, LDR, 1u << (24 + n));
    }
    wr(0, TPR, 0x30);
    wr(1, TPR, 0x10);
    wr(2, TPR, 0x20);
    msi(0x07, true, DM_LOWPRI | 0x60);
    for (n = 0; n < 3; n++) {
        assert_int_equal(irr(n, 0x60), n == 1);
    }
    /* Only among the destinations named. */
    msi(0x05, true, DM_LOWPRI | 0x61);
    for (n = 0; n < 3; n++) {
        assert_int_equal(irr(n, 0x61), n == 2);
    }
    /* Ties: the first. */
    for (n = 0; n < 3; n++) {
        wr(n, TPR, 0);
        wr(n, EOI, 0);
    }
    ipi(2, 0, SH_ALL_INCL | DM_LOWPRI | 0x62);
    for (n = 0; n < 3; n++) {
        assert_int_equal(irr(n, 0x62), n == 0);
    }
}

/* ---- Errors ---- */

static void test_error_status(void **state)
{
    build_cpus(2, NULL);
    enable_all(2);

    /* SDM 10.5.3: errors show after the next ESR write. */
    msi(0, false, 0x05);
    assert_true(irr_empty(0));
    assert_int_equal(rd(0, ESR), 0);
    wr(0, ESR, 0);
    assert_int_equal(rd(0, ESR), ESR_RECV_ILLEGAL);
    wr(0, ESR, 0);
    assert_int_equal(rd(0, ESR), 0);

    /* The error LVT raises its interrupt. */
    wr(0, LVT_ERROR, 0xe3);
    ipi(0, 1, 0x03);
    assert_true(irr_empty(1));
    assert_true(irr(0, 0xe3));
    wr(0, ESR, 0);
    assert_int_equal(rd(0, ESR), ESR_SEND_ILLEGAL);

    /* A reserved register (CMCI is not modelled). */
    log_start();
    assert_int_equal(rd(1, 0x2f0), 0);
    g_autofree char *log = log_stop();
    assert_logged(log, "reserved register 0x2f0");
    wr(1, ESR, 0);
    assert_int_equal(rd(1, ESR), ESR_ILLEGAL_ADDRESS);
}

/* ---- The timer ---- */

static void test_timer_oneshot(void **state)
{
    build_cpus(1, NULL);
    enable_all(1);
    wr(0, TIMER_DIVIDE, 0xb); /* divide by 1: 1 count per ns */
    wr(0, LVT_TIMER, 0x30);
    wr(0, TIMER_INITIAL, 1000);
    assert_int_equal(rd(0, TIMER_INITIAL), 1000);
    assert_int_equal(rd(0, TIMER_CURRENT), 1000);
    step(400);
    assert_int_equal(rd(0, TIMER_CURRENT), 600);
    step(599);
    assert_int_equal(rd(0, TIMER_CURRENT), 1);
    assert_false(irr(0, 0x30));
    step(1);
    assert_true(irr(0, 0x30));
    assert_int_equal(rd(0, TIMER_CURRENT), 0);
    assert_int_equal(inta(0), 0x30);
    wr(0, EOI, 0);
    step(100000);
    assert_true(irr_empty(0));
    assert_int_equal(rd(0, TIMER_CURRENT), 0);

    /* A new initial count starts again; 0 stops it. */
    wr(0, TIMER_INITIAL, 50);
    step(25);
    wr(0, TIMER_INITIAL, 0);
    step(1000);
    assert_true(irr_empty(0));
    assert_int_equal(rd(0, TIMER_CURRENT), 0);
}

static void test_timer_periodic(void **state)
{
    int i;

    build_cpus(1, NULL);
    enable_all(1);
    wr(0, TIMER_DIVIDE, 0x3); /* divide by 16 */
    wr(0, LVT_TIMER, TIMER_PERIODIC | 0x31);
    wr(0, TIMER_INITIAL, 100);
    for (i = 0; i < 3; i++) {
        step(800);
        assert_int_equal(rd(0, TIMER_CURRENT), 50);
        assert_false(irr(0, 0x31));
        step(800);
        assert_true(irr(0, 0x31));
        /* Reloaded from the initial count. */
        assert_int_equal(rd(0, TIMER_CURRENT), 100);
        assert_int_equal(inta(0), 0x31);
        wr(0, EOI, 0);
    }
    /* Masked: it counts on without interrupting. */
    wr(0, LVT_TIMER, MASKED | TIMER_PERIODIC | 0x31);
    step(1600 * 4);
    assert_false(irr(0, 0x31));
    assert_int_equal(rd(0, TIMER_CURRENT), 100);
    step(16 * 30);
    assert_int_equal(rd(0, TIMER_CURRENT), 70);
    /* Changing the mode disarms it. */
    wr(0, LVT_TIMER, 0x31);
    assert_int_equal(rd(0, TIMER_INITIAL), 0);
    step(100000);
    assert_false(irr(0, 0x31));
}

static void test_timer_divide(void **state)
{
    /* SDM figure 10-10: divide configuration -> divider. */
    static const struct {
        uint32_t conf;
        int divider;
    } divs[] = {{0x0, 2},  {0x1, 4},  {0x2, 8},   {0x3, 16},
                {0x8, 32}, {0x9, 64}, {0xa, 128}, {0xb, 1}};
    size_t i;

    build_cpus(1, NULL);
    enable_all(1);
    wr(0, LVT_TIMER, 0x32);
    for (i = 0; i < G_N_ELEMENTS(divs); i++) {
        wr(0, TIMER_DIVIDE, divs[i].conf);
        assert_int_equal(rd(0, TIMER_DIVIDE), divs[i].conf);
        wr(0, TIMER_INITIAL, 1000);
        step(400 * divs[i].divider);
        assert_int_equal(rd(0, TIMER_CURRENT), 600);
        step(600 * divs[i].divider - 1);
        assert_false(irr(0, 0x32));
        step(1);
        assert_true(irr(0, 0x32));
        assert_int_equal(inta(0), 0x32);
        wr(0, EOI, 0);
    }
    /* Bits other than 3, 1:0 are not kept. */
    wr(0, TIMER_DIVIDE, 0xf4);
    assert_int_equal(rd(0, TIMER_DIVIDE), 0);
    /* A new divider goes on from the current count. */
    wr(0, TIMER_DIVIDE, 0xb);
    wr(0, TIMER_INITIAL, 1000);
    step(500);
    wr(0, TIMER_DIVIDE, 0x0);
    assert_int_equal(rd(0, TIMER_CURRENT), 500);
    step(200);
    assert_int_equal(rd(0, TIMER_CURRENT), 400);
}

static void test_timer_tsc_deadline(void **state)
{
    int64_t now;
    DeviceState *dev;

    build_cpus(1, "qemu64,+tsc-deadline");
    enable_all(1);
    dev = lapic(0);
    wr(0, LVT_TIMER, TIMER_TSC_DEADLINE | 0x33);
    assert_int_equal(rd(0, LVT_TIMER), TIMER_TSC_DEADLINE | 0x33);

    now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    apic_set_tsc_deadline(dev, 123456, now + 500);
    assert_int_equal(apic_get_tsc_deadline(dev), 123456);
    /* SDM 10.5.4.1: the counts are ignored and read 0. */
    wr(0, TIMER_INITIAL, 10);
    assert_int_equal(rd(0, TIMER_INITIAL), 0);
    assert_int_equal(rd(0, TIMER_CURRENT), 0);
    step(499);
    assert_false(irr(0, 0x33));
    step(1);
    assert_true(irr(0, 0x33));
    /* The interrupt disarms it. */
    assert_int_equal(apic_get_tsc_deadline(dev), 0);
    assert_int_equal(inta(0), 0x33);
    wr(0, EOI, 0);

    /* 0 disarms; so does leaving the mode. */
    now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    apic_set_tsc_deadline(dev, 99, now + 100);
    apic_set_tsc_deadline(dev, 0, 0);
    step(1000);
    assert_false(irr(0, 0x33));
    apic_set_tsc_deadline(dev, 99, now + 2000);
    wr(0, LVT_TIMER, 0x33);
    assert_int_equal(apic_get_tsc_deadline(dev), 0);
    step(5000);
    assert_false(irr(0, 0x33));
    /* Outside the mode, writes are ignored. */
    apic_set_tsc_deadline(dev, 77, now + 7000);
    assert_int_equal(apic_get_tsc_deadline(dev), 0);
    step(10000);
    assert_false(irr(0, 0x33));
    /* A deadline already past fires at once. */
    wr(0, LVT_TIMER, TIMER_TSC_DEADLINE | 0x33);
    apic_set_tsc_deadline(dev, 5, 0);
    step(0);
    assert_true(irr(0, 0x33));
}

static void test_timer_no_tsc_deadline(void **state)
{
    build_cpus(1, NULL);
    enable_all(1);
    /* Without the CPUID bit the mode does not exist. */
    wr(0, LVT_TIMER, TIMER_TSC_DEADLINE | 0x33);
    assert_int_equal(rd(0, LVT_TIMER), 0x33);
}

/* ---- IA32_APIC_BASE ---- */

static void test_apic_base(void **state)
{
    build_cpus(2, NULL);
    enable_all(2);

    /* The BSP flag is read-only. */
    assert_true(cpu_set_apic_base(lapic(0), 0xfee00800));
    assert_int_equal(cpu_get_apic_base(lapic(0)), 0xfee00900);
    assert_true(cpu_set_apic_base(lapic(1), 0xfee00900));
    assert_int_equal(cpu_get_apic_base(lapic(1)), 0xfee00800);

    /* x2APIC mode and reserved bits are refused. */
    log_start();
    assert_false(cpu_set_apic_base(lapic(1), 0xfee00c00));
    g_autofree char *log = log_stop();
    assert_logged(log, "x2APIC mode is not supported");
    assert_false(cpu_set_apic_base(lapic(1), 0xfee00801));
    assert_int_equal(cpu_get_apic_base(lapic(1)), 0xfee00800);

    /* Disabled: off the bus, its state back to power-up values. */
    wr(1, TPR, 0x20);
    assert_true(cpu_set_apic_base(lapic(1), 0xfee00000));
    assert_int_equal(cpu_get_apic_base(lapic(1)), 0xfee00000);
    msi(1, false, DM_NMI);
    assert_false(req(1, CPU_INTERRUPT_NMI));
    assert_true(cpu_set_apic_base(lapic(1), 0xfee00800));
    assert_int_equal(rd(1, TPR), 0);
    assert_int_equal(rd(1, SVR), 0xff);
    assert_int_equal(rd(1, ID), 1u << 24);
}

/* ---- The register page ---- */

static void test_access_rules(void **state)
{
    build_cpus(2, NULL);
    enable_all(2);

    /* Each CPU sees its own APIC at the same address. */
    assert_int_equal(rd(0, ID), 0);
    assert_int_equal(rd(1, ID), 1u << 24);
    wr(1, ID, 0x05000000);
    assert_int_equal(rd(1, ID), 0x05000000);
    assert_int_equal(rd(0, ID), 0);
    msi(5, false, 0x40);
    assert_true(irr(1, 0x40));

    /* Dword accesses only (QEMU: other sizes read 0, writes dropped). */
    current_cpu = cpu(0);
    assert_int_equal(
        address_space_ldub(&address_space_memory, APIC_BASE + SVR, ATTRS, NULL),
        0);
    address_space_stb(&address_space_memory, APIC_BASE + TPR, 0x70, ATTRS,
                      NULL);
    current_cpu = NULL;
    assert_int_equal(rd(0, TPR), 0);

    /* Read-only registers keep their value. */
    log_start();
    wr(0, VERSION, 0);
    g_autofree char *log = log_stop();
    assert_logged(log, "read-only register 0x30");
    assert_int_equal(rd(0, VERSION), 0x50014);

    /* Without a current CPU: reads 0, writes are messages (QEMU's). */
    assert_int_equal(address_space_ldl_le(&address_space_memory,
                                          APIC_BASE + VERSION, ATTRS, NULL),
                     0);
    address_space_stl_le(&address_space_memory, APIC_BASE + TPR, 0x41, ATTRS,
                         NULL);
    assert_int_equal(rd(0, TPR), 0);
    assert_true(irr(0, 0x41));
    /* A CPU's write past the register page is a message too. */
    wr(0, 0x5000, 0x42);
    assert_true(irr(1, 0x42));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        apic_test(test_board_wiring),
        apic_test(test_reset_values),
        apic_test(test_reset_restores),
        apic_test(test_priority_inta_eoi),
        apic_test(test_tpr_and_spurious),
        apic_test(test_software_disabled),
        apic_test(test_level_eoi_to_ioapic),
        apic_test(test_extint),
        apic_test(test_lint_fixed_and_nmi),
        apic_test(test_msi_modes),
        apic_test(test_ipi_fixed_shorthands),
        apic_test(test_ipi_nmi_smi_init_sipi),
        apic_test(test_logical_flat),
        apic_test(test_logical_cluster),
        apic_test(test_lowest_priority),
        apic_test(test_error_status),
        apic_test(test_timer_oneshot),
        apic_test(test_timer_periodic),
        apic_test(test_timer_divide),
        apic_test(test_timer_tsc_deadline),
        apic_test(test_timer_no_tsc_deadline),
        apic_test(test_apic_base),
        apic_test(test_access_rules),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
