/*
 * The in-kernel PIC pair, I/O APIC and PIT as devices on the board
 * (kernel-irqchip=on): QEMU's "kvm-i8259", "kvm-ioapic" and "kvm-pit"
 * types and properties, so that the device tree, -global (Nova's
 * kvm-pit.lost_tick_policy=discard) and reset work as with QEMU.
 *
 * The kernel decodes their ports and registers; the devices hold
 * reservations in the address spaces (an access reaching them is a bug,
 * logged), and:
 * - reset: the state the kernel gave the chip when it was created,
 *   read back at realize (KVM_GET_IRQCHIP, KVM_GET_PIT2) and written
 *   again at every system reset, so a reboot starts from a reset chip;
 * - kvm-pit creates the in-kernel PIT (KVM_CREATE_PIT2) with the dummy
 *   speaker port, so that port 0x61 reads the gate and OUT of the
 *   kernel's counter 2 (Linux calibrates its TSC with them);
 *   lost_tick_policy=discard turns interrupt reinjection off
 *   (KVM_REINJECT_CONTROL); its GPIO input 0 is the HPET's legacy
 *   replacement line, which stops the PIT (KVM_PIT_FLAGS_HPET_LEGACY);
 * - kvm-ioapic's 24 GPIO inputs raise its pins (KVM_IRQ_LINE).
 *
 * The board finds these types by name (they live in libaccel-kvm).
 */
#include <errno.h>
#include <string.h>

#include "kvm-internal.h"
#include "machine/isa.h"
#include "machine/qdev-properties.h"
#include "machine/sysbus.h"
#include "util/error-report.h"
#include "util/log.h"

#define TYPE_KVM_I8259 "kvm-i8259"
#define TYPE_KVM_IOAPIC "kvm-ioapic"
#define TYPE_KVM_PIT "kvm-pit"

#define KVM_IOAPIC_PINS 24
#define KVM_IOAPIC_MMIO_SIZE 0x1000

/* ---- Reservations: the kernel decodes these ranges ---- */

static uint64_t kvm_reserved_read(void *opaque, hwaddr addr, unsigned size)
{
    qemu_log_mask(LOG_GUEST_ERROR,
                  "%s: read at +0x%llx reached userspace, the kernel should "
                  "have decoded it\n",
                  (const char *)opaque, (unsigned long long)addr);
    return ~0ULL;
}

static void kvm_reserved_write(void *opaque, hwaddr addr, uint64_t val,
                               unsigned size)
{
    qemu_log_mask(LOG_GUEST_ERROR,
                  "%s: write at +0x%llx reached userspace, the kernel should "
                  "have decoded it\n",
                  (const char *)opaque, (unsigned long long)addr);
}

static const MemoryRegionOps kvm_reserved_ops = {
    .read = kvm_reserved_read,
    .write = kvm_reserved_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static void kvm_reserve(MemoryRegion *mr, Object *owner, const char *name,
                        uint64_t size)
{
    memory_region_init_io(mr, owner, &kvm_reserved_ops, (void *)name, name,
                          size);
}

/* One of the kernel's interrupt controllers: its state, and at reset. */
static bool kvm_irqchip_get(int chip_id, struct kvm_irqchip *chip,
                            Error **errp)
{
    int ret;

    memset(chip, 0, sizeof(*chip));
    chip->chip_id = chip_id;
    ret = kvm_vm_ioctl(kvm_state, KVM_GET_IRQCHIP, chip);
    if (ret < 0) {
        error_setg(errp, "KVM_GET_IRQCHIP (chip %d) failed: %s", chip_id,
                   strerror(-ret));
        return false;
    }
    return true;
}

static void kvm_irqchip_put(struct kvm_irqchip *chip)
{
    int ret = kvm_vm_ioctl(kvm_state, KVM_SET_IRQCHIP, chip);

    if (ret < 0) {
        error_report("KVM_SET_IRQCHIP (chip %d) failed: %s", chip->chip_id,
                     strerror(-ret));
    }
}

/* The devices need the kernel's chips: kernel-irqchip=on under KVM. */
static bool kvm_chipset_check(const char *type, Error **errp)
{
    if (!kvm_state || !kvm_state->irqchip_in_kernel ||
        kvm_state->irqchip_split) {
        error_setg(errp, "%s needs KVM with kernel-irqchip=on", type);
        return false;
    }
    return true;
}

/* ---- kvm-i8259 ---- */

OBJECT_DECLARE_SIMPLE_TYPE(KVMPICState, KVM_I8259)

struct KVMPICState {
    ISADevice parent_obj;

    uint32_t iobase;
    uint32_t elcr_addr;
    uint8_t elcr_mask;
    bool master;

    MemoryRegion base_io;
    MemoryRegion elcr_io;
    struct kvm_irqchip reset_state;
    bool has_reset_state;
};

static void kvm_pic_realize(DeviceState *dev, Error **errp)
{
    KVMPICState *s = KVM_I8259(dev);
    ISADevice *isa = ISA_DEVICE(dev);

    if (!kvm_chipset_check(TYPE_KVM_I8259, errp) ||
        !kvm_irqchip_get(s->master ? KVM_IRQCHIP_PIC_MASTER
                                   : KVM_IRQCHIP_PIC_SLAVE,
                         &s->reset_state, errp)) {
        return;
    }
    s->has_reset_state = true;
    /* QEMU's region names: "kvm-pic" and "kvm-elcr". */
    kvm_reserve(&s->base_io, OBJECT(dev), "kvm-pic", 2);
    kvm_reserve(&s->elcr_io, OBJECT(dev), "kvm-elcr", 1);
    isa_register_ioport(isa, &s->base_io, s->iobase);
    isa_register_ioport(isa, &s->elcr_io, s->elcr_addr);
}

static void kvm_pic_reset(DeviceState *dev)
{
    KVMPICState *s = KVM_I8259(dev);

    if (s->has_reset_state) {
        kvm_irqchip_put(&s->reset_state);
    }
}

static void kvm_pic_finalize(Object *obj)
{
    KVMPICState *s = KVM_I8259(obj);

    memory_region_destroy(&s->base_io);
    memory_region_destroy(&s->elcr_io);
}

static Property kvm_pic_properties[] = {
    DEFINE_PROP_UINT32("iobase", KVMPICState, iobase, -1),
    DEFINE_PROP_UINT32("elcr_addr", KVMPICState, elcr_addr, -1),
    DEFINE_PROP_UINT8("elcr_mask", KVMPICState, elcr_mask, 0),
    DEFINE_PROP_BOOL("master", KVMPICState, master, false),
    DEFINE_PROP_END_OF_LIST(),
};

static void kvm_pic_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = kvm_pic_realize;
    dc->reset = kvm_pic_reset;
    dc->user_creatable = false;
    dc->desc = "KVM in-kernel 8259 PIC";
    device_class_set_props(dc, kvm_pic_properties);
}

/* ---- kvm-ioapic ---- */

OBJECT_DECLARE_SIMPLE_TYPE(KVMIOAPICState, KVM_IOAPIC)

struct KVMIOAPICState {
    SysBusDevice parent_obj;

    uint32_t gsi_base;
    MemoryRegion io_memory;
    struct kvm_irqchip reset_state;
    bool has_reset_state;
};

static void kvm_ioapic_set_irq(void *opaque, int n, int level)
{
    KVMIOAPICState *s = opaque;

    kvm_set_irq(s->gsi_base + n, level);
}

static void kvm_ioapic_realize(DeviceState *dev, Error **errp)
{
    KVMIOAPICState *s = KVM_IOAPIC(dev);

    if (!kvm_chipset_check(TYPE_KVM_IOAPIC, errp) ||
        !kvm_irqchip_get(KVM_IRQCHIP_IOAPIC, &s->reset_state, errp)) {
        return;
    }
    s->has_reset_state = true;
    kvm_reserve(&s->io_memory, OBJECT(dev), "kvm-ioapic",
                KVM_IOAPIC_MMIO_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(dev), &s->io_memory);
    qdev_init_gpio_in(dev, kvm_ioapic_set_irq, KVM_IOAPIC_PINS);
}

static void kvm_ioapic_reset(DeviceState *dev)
{
    KVMIOAPICState *s = KVM_IOAPIC(dev);

    if (s->has_reset_state) {
        kvm_irqchip_put(&s->reset_state);
    }
}

static void kvm_ioapic_finalize(Object *obj)
{
    memory_region_destroy(&KVM_IOAPIC(obj)->io_memory);
}

static Property kvm_ioapic_properties[] = {
    DEFINE_PROP_UINT32("gsi_base", KVMIOAPICState, gsi_base, 0),
    DEFINE_PROP_END_OF_LIST(),
};

static void kvm_ioapic_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = kvm_ioapic_realize;
    dc->reset = kvm_ioapic_reset;
    dc->user_creatable = false;
    dc->desc = "KVM in-kernel I/O APIC";
    device_class_set_props(dc, kvm_ioapic_properties);
}

/* ---- kvm-pit ---- */

OBJECT_DECLARE_SIMPLE_TYPE(KVMPITState, KVM_PIT)

struct KVMPITState {
    ISADevice parent_obj;

    uint32_t iobase;
    LostTickPolicy lost_tick_policy;

    MemoryRegion ioports;
    struct kvm_pit_state2 reset_state;
    bool created;
};

/* The HPET's legacy replacement: high stops the PIT's interrupt. */
static void kvm_pit_irq_control(void *opaque, int n, int enable)
{
    struct kvm_pit_state2 st;
    int ret = kvm_vm_ioctl(kvm_state, KVM_GET_PIT2, &st);

    if (ret < 0) {
        error_report("KVM_GET_PIT2 failed: %s", strerror(-ret));
        return;
    }
    /* QEMU's line: 1 enables the PIT (legacy replacement off). */
    if (enable) {
        st.flags &= ~KVM_PIT_FLAGS_HPET_LEGACY;
    } else {
        st.flags |= KVM_PIT_FLAGS_HPET_LEGACY;
    }
    ret = kvm_vm_ioctl(kvm_state, KVM_SET_PIT2, &st);
    if (ret < 0) {
        error_report("KVM_SET_PIT2 failed: %s", strerror(-ret));
    }
}

static void kvm_pit_realize(DeviceState *dev, Error **errp)
{
    KVMPITState *s = KVM_PIT(dev);
    /* The kernel also serves port 0x61 (counter 2's gate and OUT). */
    struct kvm_pit_config config = {.flags = KVM_PIT_SPEAKER_DUMMY};
    struct kvm_reinject_control reinject = {0};
    int ret;

    if (!kvm_chipset_check(TYPE_KVM_PIT, errp)) {
        return;
    }
    if (s->lost_tick_policy != LOST_TICK_POLICY_DELAY &&
        s->lost_tick_policy != LOST_TICK_POLICY_DISCARD) {
        /* QEMU's text. */
        error_setg(errp, "Lost tick policy not supported.");
        return;
    }
    if (!kvm_vm_check_extension(kvm_state, KVM_CAP_PIT2)) {
        error_setg(errp, "kvm does not support KVM_CAP_PIT2 (the in-kernel "
                         "PIT; kernel-irqchip=split uses emu's)");
        return;
    }
    ret = kvm_vm_ioctl(kvm_state, KVM_CREATE_PIT2, &config);
    if (ret < 0) {
        error_setg(errp, "Create kernel PIC irqchip failed: %s",
                   strerror(-ret));
        return;
    }
    s->created = true;
    if (s->lost_tick_policy == LOST_TICK_POLICY_DISCARD) {
        if (!kvm_check_extension(kvm_state, KVM_CAP_REINJECT_CONTROL)) {
            error_setg(errp, "Can't disable in-kernel PIT reinjection");
            return;
        }
        ret = kvm_vm_ioctl(kvm_state, KVM_REINJECT_CONTROL, &reinject);
        if (ret < 0) {
            error_setg(errp, "Can't disable in-kernel PIT reinjection: %s",
                       strerror(-ret));
            return;
        }
    }
    ret = kvm_vm_ioctl(kvm_state, KVM_GET_PIT2, &s->reset_state);
    if (ret < 0) {
        error_setg(errp, "KVM_GET_PIT2 failed: %s", strerror(-ret));
        return;
    }
    kvm_reserve(&s->ioports, OBJECT(dev), "kvm-pit", 4);
    isa_register_ioport(ISA_DEVICE(dev), &s->ioports, s->iobase);
    qdev_init_gpio_in(dev, kvm_pit_irq_control, 1);
}

static void kvm_pit_reset(DeviceState *dev)
{
    KVMPITState *s = KVM_PIT(dev);
    int ret;

    if (!s->created) {
        return;
    }
    ret = kvm_vm_ioctl(kvm_state, KVM_SET_PIT2, &s->reset_state);
    if (ret < 0) {
        error_report("KVM_SET_PIT2 failed: %s", strerror(-ret));
    }
}

static void kvm_pit_finalize(Object *obj)
{
    memory_region_destroy(&KVM_PIT(obj)->ioports);
}

static Property kvm_pit_properties[] = {
    DEFINE_PROP_UINT32("iobase", KVMPITState, iobase, -1),
    DEFINE_PROP_LOSTTICKPOLICY("lost_tick_policy", KVMPITState,
                               lost_tick_policy, LOST_TICK_POLICY_DELAY),
    DEFINE_PROP_END_OF_LIST(),
};

static void kvm_pit_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = kvm_pit_realize;
    dc->reset = kvm_pit_reset;
    dc->user_creatable = false;
    dc->desc = "KVM in-kernel 8254 PIT";
    device_class_set_props(dc, kvm_pit_properties);
}

static const TypeInfo kvm_chipset_types[] = {
    {
        .name = TYPE_KVM_I8259,
        .parent = TYPE_ISA_DEVICE,
        .instance_size = sizeof(KVMPICState),
        .instance_finalize = kvm_pic_finalize,
        .class_init = kvm_pic_class_init,
    },
    {
        .name = TYPE_KVM_IOAPIC,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(KVMIOAPICState),
        .instance_finalize = kvm_ioapic_finalize,
        .class_init = kvm_ioapic_class_init,
    },
    {
        .name = TYPE_KVM_PIT,
        .parent = TYPE_ISA_DEVICE,
        .instance_size = sizeof(KVMPITState),
        .instance_finalize = kvm_pit_finalize,
        .class_init = kvm_pit_class_init,
    },
};

DEFINE_TYPES(kvm_chipset_types)
