/*
 * INTx: a function's interrupt pin, the status Interrupt bit, the command
 * Interrupt Disable bit, and the routing of pins to the host's lines
 * through bridges (swizzling) with level counting for shared lines.
 */
#include "pci-internal.h"

/* ---- The bus side ---- */

void pci_bus_irqs(PCIBus *bus, pci_set_irq_fn set_irq, void *irq_opaque,
                  int nirq)
{
    g_assert(nirq >= 0);
    bus->set_irq = set_irq;
    bus->irq_opaque = irq_opaque;
    bus->nirq = nirq;
    g_free(bus->irq_count);
    bus->irq_count = g_new0(int, nirq);
}

void pci_bus_map_irqs(PCIBus *bus, pci_map_irq_fn map_irq)
{
    bus->map_irq = map_irq;
}

void pci_bus_irqs_cleanup(PCIBus *bus)
{
    bus->set_irq = NULL;
    bus->map_irq = NULL;
    bus->irq_opaque = NULL;
    bus->nirq = 0;
    g_free(bus->irq_count);
    bus->irq_count = NULL;
}

int pci_bus_get_irq_level(PCIBus *bus, int irq_num)
{
    g_assert(irq_num >= 0 && irq_num < bus->nirq);
    return bus->irq_count[irq_num] != 0;
}

/*
 * PCI-to-PCI bridge spec 9.1: INTA# of the device in slot n of a
 * secondary bus is wired to pin (n mod 4) of the bridge, INTB# to the
 * next one, and so on.
 */
int pci_swizzle_map_irq_fn(PCIDevice *pci_dev, int pin)
{
    return (pin + PCI_SLOT(pci_dev->devfn)) % PCI_NUM_PINS;
}

/*
 * Pin pin of d changes its contribution by change (+1 / -1): follow the
 * routing up to the bus that owns interrupt lines and recount the line
 * there.  A pin nobody routes (a bus without map_irq, a root without
 * lines) drives nothing, like an unconnected trace.
 */
static void pci_change_irq_level(PCIDevice *d, int pin, int change)
{
    PCIBus *bus;
    int irq = pin;

    for (;;) {
        bus = pci_get_bus(d);
        if (!bus->map_irq) {
            return;
        }
        irq = bus->map_irq(d, irq);
        if (bus->set_irq) {
            break;
        }
        d = bus->parent_dev;
        if (!d) {
            return;
        }
    }
    /* The host's map_irq must stay within the lines it declared. */
    g_assert(irq >= 0 && irq < bus->nirq);
    bus->irq_count[irq] += change;
    bus->set_irq(bus->irq_opaque, irq, bus->irq_count[irq] != 0);
}

/* ---- The device side ---- */

bool pci_irq_disabled(PCIDevice *d)
{
    return pci_get_word(d->config + PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE;
}

static int pci_irq_state(PCIDevice *d, int pin)
{
    return (d->irq_state >> pin) & 1;
}

static void pci_irq_handler(void *opaque, int pin, int level)
{
    PCIDevice *d = opaque;
    int change;

    g_assert(pin >= 0 && pin < PCI_NUM_PINS);
    level = level != 0;
    change = level - pci_irq_state(d, pin);
    if (!change) {
        return;
    }
    d->irq_state ^= 1u << pin;

    /*
     * PCI 3.0 6.2.3: the Interrupt Status bit reflects the pin as the
     * function drives it, whether or not Interrupt Disable masks it.
     */
    if (d->irq_state) {
        d->config[PCI_STATUS] |= PCI_STATUS_INTERRUPT;
    } else {
        d->config[PCI_STATUS] &= ~PCI_STATUS_INTERRUPT;
    }
    if (pci_irq_disabled(d)) {
        return;
    }
    pci_change_irq_level(d, pin, change);
}

/*
 * PCI 3.0 6.2.2: setting Interrupt Disable deasserts the function's INTx
 * signal; clearing it lets an interrupt still pending be seen again.
 */
void pci_update_irq_disabled(PCIDevice *d, bool was_irq_disabled)
{
    bool disabled = pci_irq_disabled(d);
    int pin;

    if (disabled == was_irq_disabled) {
        return;
    }
    for (pin = 0; pin < PCI_NUM_PINS; pin++) {
        int state = pci_irq_state(d, pin);

        if (state) {
            pci_change_irq_level(d, pin, disabled ? -state : state);
        }
    }
}

/* The pin the function uses, 0..3 (PCI_INTERRUPT_PIN must be set). */
static int pci_intx(PCIDevice *d)
{
    int pin;

    g_assert(d->config);
    pin = d->config[PCI_INTERRUPT_PIN] - 1;
    g_assert(pin >= 0 && pin < PCI_NUM_PINS);
    return pin;
}

void pci_set_irq(PCIDevice *pci_dev, int level)
{
    pci_irq_handler(pci_dev, pci_intx(pci_dev), level);
}

void pci_device_deassert_intx(PCIDevice *dev)
{
    int pin;

    for (pin = 0; pin < PCI_NUM_PINS; pin++) {
        pci_irq_handler(dev, pin, 0);
    }
}

qemu_irq pci_allocate_irq(PCIDevice *pci_dev)
{
    return qemu_allocate_irq(pci_irq_handler, pci_dev, pci_intx(pci_dev));
}
