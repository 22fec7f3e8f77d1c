/*
 * The pc board's built-in ISA and system devices, created after the
 * buses and interrupt controllers (QEMU's pc_basic_device_init): each
 * chipset device adds its creation here, in QEMU's order.
 */
#include "devices/hpet.h"
#include "devices/i8042.h"
#include "devices/i8254.h"
#include "devices/mc146818rtc.h"
#include "devices/misc.h"
#include "devices/pcspk.h"
#include "machine/isa.h"
#include "machine/sysbus.h"
#include "machine/x86-cpu.h"
#include "pc-internal.h"

/*
 * The HPET at HPET_BASE, its routes 0-23 on the GSIs, when the machine
 * has one (hpet=on, the default).  *hpet is NULL without.  Devices whose
 * interrupts it can take over go through it, as in QEMU: the RTC's IRQ
 * output to its GPIO input HPET_LEGACY_RTC_INT (instead of ISA IRQ 8),
 * the PIT's output to HPET_LEGACY_PIT_INT (instead of ISA IRQ 0), and
 * its GPIO output 0 to the PIT's GPIO input 0 (the PIT's enable).
 */
static bool pc_hpet_init(PCMachineState *pcms, DeviceState **hpet,
                         Error **errp)
{
    X86MachineState *x86ms = X86_MACHINE(pcms);
    DeviceState *dev;
    int i;

    *hpet = NULL;
    if (!pcms->hpet_enabled) {
        return true;
    }
    dev = qdev_new(TYPE_HPET);
    /* pc-i440fx: every timer may use IRQ 2 only, unless -global says. */
    if (!object_property_get_uint(OBJECT(dev), HPET_INTCAP, &error_abort)) {
        qdev_prop_set_uint32(dev, HPET_INTCAP, 0x4);
    }
    if (!sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), errp)) {
        return false;
    }
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, HPET_BASE);
    for (i = 0; i < GSI_NUM_PINS; i++) {
        sysbus_connect_irq(SYS_BUS_DEVICE(dev), i, x86ms->gsi[i]);
    }
    *hpet = dev;
    return true;
}

/*
 * The PIT at 0x40 on IRQ 0, or through the HPET's legacy route, which
 * also gets to stop it; then the speaker port 0x61 on its counter 2
 * (-machine pit=off: neither, as in QEMU).  Under KVM's kernel-irqchip=on
 * the kernel's PIT, port 0x61 included.
 */
static bool pc_pit_init(PCMachineState *pcms, DeviceState *hpet,
                        Error **errp)
{
    X86MachineState *x86ms = X86_MACHINE(pcms);
    ISADevice *pit;

    if (x86ms->pit == ON_OFF_AUTO_OFF) {
        return true;
    }
    if (pc_kernel_irqchip(pcms)) {
        /* The kernel's, which also serves the speaker port 0x61. */
        pit = pc_kvm_pit_create(pcms, errp);
        if (pit && hpet) {
            qdev_connect_gpio_out(hpet, 0, qdev_get_gpio_in(DEVICE(pit), 0));
        }
        return pit != NULL;
    }
    pit = i8254_pit_init(
        pcms->isa_bus, 0x40, hpet ? -1 : 0,
        hpet ? qdev_get_gpio_in(hpet, HPET_LEGACY_PIT_INT) : NULL, errp);
    if (!pit) {
        return false;
    }
    if (hpet) {
        qdev_connect_gpio_out(hpet, 0, qdev_get_gpio_in(DEVICE(pit), 0));
    }
    return pcspk_init(pcms->isa_bus, pit, errp) != NULL;
}

/*
 * The A20 gate (QEMU's handle_a20_line_change): the CPU keeps it in
 * env.a20_mask, which emu's memory accesses do not apply yet.
 */
static void pc_a20_line_change(void *opaque, int n, int level)
{
    X86CPU *cpu = opaque;

    cpu->env.a20_mask = level ? ~0 : ~(1 << 20);
}

/* A line into the A20 gate, owned by the tree as QEMU's board has it. */
static qemu_irq pc_a20_line_new(void)
{
    qemu_irq irq = qemu_allocate_irq(pc_a20_line_change, X86_CPU(first_cpu),
                                     0);

    object_property_add_child(container_get(qdev_get_machine(), "/unattached"),
                              "non-qdev-gpio[*]", OBJECT(irq));
    object_unref(OBJECT(irq));
    return irq;
}

/*
 * The keyboard controller and port 0x92, both driving the A20 gate
 * (QEMU's pc_superio_init; i8042=off leaves out both).
 */
static bool pc_i8042_init(PCMachineState *pcms, Error **errp)
{
    ISADevice *i8042, *port92;

    if (!pcms->i8042_enabled) {
        return true;
    }
    i8042 = isa_new(TYPE_I8042);
    if (!isa_realize_and_unref(i8042, pcms->isa_bus, errp)) {
        return false;
    }
    port92 = isa_new(TYPE_PORT92);
    if (!isa_realize_and_unref(port92, pcms->isa_bus, errp)) {
        return false;
    }
    i8042_setup_a20_line(i8042, pc_a20_line_new());
    qdev_connect_gpio_out_named(DEVICE(port92), PORT92_A20_LINE, 0,
                                pc_a20_line_new());
    return true;
}

bool pc_basic_device_init(PCMachineState *pcms, Error **errp)
{
    DeviceState *hpet;

    /* Port 0x80, which firmware and kernels write to as a delay. */
    ioport80_init(&pcms->ioport80, OBJECT(pcms), get_system_io());
    if (!pc_hpet_init(pcms, &hpet, errp)) {
        return false;
    }
    /* The RTC/CMOS at 0x70, IRQ 8 through the HPET's legacy route. */
    pcms->rtc = mc146818_rtc_init(
        pcms->isa_bus, 2000,
        hpet ? qdev_get_gpio_in(hpet, HPET_LEGACY_RTC_INT) : NULL, errp);
    if (!pcms->rtc || !pc_cmos_init(pcms, errp)) {
        return false;
    }
    if (!pc_pit_init(pcms, hpet, errp)) {
        return false;
    }
    return pc_i8042_init(pcms, errp);
}
