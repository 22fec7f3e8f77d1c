/*
 * The chipset under KVM's kernel-irqchip=on: the kernel emulates the
 * 8259 pair, the I/O APIC and the PIT, and the board puts QEMU's stand-in
 * devices for them on its buses ("kvm-i8259", "kvm-ioapic", "kvm-pit",
 * registered by libaccel-kvm and found here by type name): their
 * properties, reset and reservations of the ports the kernel decodes.
 * The GSIs go to the kernel through the accelerator's lines
 * (x86-gsi.c).
 */
#include "machine/sysbus.h"
#include "pc-internal.h"

#define TYPE_KVM_I8259 "kvm-i8259"
#define TYPE_KVM_IOAPIC "kvm-ioapic"
#define TYPE_KVM_PIT "kvm-pit"

bool pc_kernel_irqchip(PCMachineState *pcms)
{
    GSIState *gsi_state = X86_MACHINE(pcms)->gsi_state;

    return gsi_state && gsi_state->accel_irq[0];
}

static bool kvm_pic_create_chip(ISABus *bus, bool master, Error **errp)
{
    ISADevice *isadev = isa_try_new(TYPE_KVM_I8259);
    DeviceState *dev = DEVICE(isadev);

    if (!isadev) {
        error_setg(errp, "the accelerator has no '%s' device",
                   TYPE_KVM_I8259);
        return false;
    }
    /* The same ports and PIIX3 edge-only lines as the isa-i8259 pair. */
    qdev_prop_set_uint32(dev, "iobase", master ? 0x20 : 0xa0);
    qdev_prop_set_uint32(dev, "elcr_addr", master ? 0x4d0 : 0x4d1);
    qdev_prop_set_uint8(dev, "elcr_mask", master ? 0xf8 : 0xde);
    qdev_prop_set_bit(dev, "master", master);
    return isa_realize_and_unref(isadev, bus, errp);
}

bool pc_kvm_irqchip_init(PCMachineState *pcms, Error **errp)
{
    DeviceState *dev;

    if (!kvm_pic_create_chip(pcms->isa_bus, true, errp) ||
        !kvm_pic_create_chip(pcms->isa_bus, false, errp)) {
        return false;
    }
    dev = qdev_try_new(TYPE_KVM_IOAPIC);
    if (!dev) {
        error_setg(errp, "the accelerator has no '%s' device",
                   TYPE_KVM_IOAPIC);
        return false;
    }
    /* QEMU's path and address, as for the emulated one. */
    object_property_add_child(OBJECT(pcms->pci_host), "ioapic", OBJECT(dev));
    if (!sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), errp)) {
        return false;
    }
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, IO_APIC_DEFAULT_ADDRESS);
    return true;
}

ISADevice *pc_kvm_pit_create(PCMachineState *pcms, Error **errp)
{
    ISADevice *pit = isa_try_new(TYPE_KVM_PIT);

    if (!pit) {
        error_setg(errp, "the accelerator has no '%s' device", TYPE_KVM_PIT);
        return NULL;
    }
    qdev_prop_set_uint32(DEVICE(pit), "iobase", 0x40);
    return isa_realize_and_unref(pit, pcms->isa_bus, errp) ? pit : NULL;
}
