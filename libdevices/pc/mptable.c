/*
 * The MP table (Intel MultiProcessor Specification 1.4, chapter 4) that
 * firmware leaves for an operating system: the floating pointer
 * structure, then the configuration table with the processors, the PCI
 * and ISA buses, the I/O APIC and how the ISA interrupts reach it, and
 * the local interrupts (ExtINT on LINT0, NMI on LINT1).  Own code.
 */
#include <string.h>

#include "devices/acpi-table.h"
#include "devices/ioapic.h"
#include "machine/x86-cpu.h"
#include "pc-tables.h"
#include "util/error.h"

/* 4.1: the floating pointer; 4.2: the configuration table header. */
#define MP_FLOATING_SIZE 16
#define MP_HEADER_SIZE 44
#define MP_SPEC_REV 4 /* version 1.4 */

/* 4.3: entry types, in the order they must appear. */
#define MP_ENTRY_PROCESSOR 0
#define MP_ENTRY_BUS 1
#define MP_ENTRY_IOAPIC 2
#define MP_ENTRY_IO_INTERRUPT 3
#define MP_ENTRY_LOCAL_INTERRUPT 4

#define MP_CPU_ENABLED 0x01
#define MP_CPU_BSP 0x02
#define MP_IOAPIC_ENABLED 0x01

/* Table 4-10: interrupt types; flags: polarity 1:0, trigger 3:2. */
#define MP_INT 0
#define MP_NMI 1
#define MP_EXTINT 3
#define MP_IRQ_CONFORMING 0x0
#define MP_IRQ_ACTIVE_HIGH_LEVEL 0xd /* polarity 01, trigger 11 */

#define MP_BUS_PCI 0
#define MP_BUS_ISA 1
#define MP_ALL_LAPICS 0xff

static void mp_append_bus(GArray *t, uint8_t id, const char *type)
{
    build_append_byte(t, MP_ENTRY_BUS);
    build_append_byte(t, id);
    build_append_padded_str(t, type, 6, ' ');
}

static void mp_append_interrupt(GArray *t, uint8_t entry, uint8_t type,
                                uint16_t flags, uint8_t bus, uint8_t bus_irq,
                                uint8_t dst, uint8_t dst_pin)
{
    build_append_byte(t, entry);
    build_append_byte(t, type);
    build_append_int_noprefix(t, flags, 2);
    build_append_byte(t, bus);
    build_append_byte(t, bus_irq);
    build_append_byte(t, dst);
    build_append_byte(t, dst_pin);
}

GArray *mptable_build(const MPTableConfig *cfg, uint32_t addr, Error **errp)
{
    GArray *t;
    size_t cfg_start = MP_FLOATING_SIZE;
    unsigned entries = 0;

    g_assert(!(addr & 0xf) && cfg->ncpus > 0);
    t = build_alloc_array();

    /* 4.1: the floating pointer, pointing right after itself. */
    build_append_padded_str(t, "_MP_", 4, ' ');
    build_append_int_noprefix(t, addr + cfg_start, 4);
    build_append_byte(t, MP_FLOATING_SIZE / 16);
    build_append_byte(t, MP_SPEC_REV);
    build_append_byte(t, 0); /* checksum */
    /* Feature bytes: a table is present, virtual wire mode (no IMCR). */
    build_append_int_noprefix(t, 0, 5);

    /* 4.2: the header; lengths, count and checksum once known. */
    build_append_padded_str(t, "PCMP", 4, ' ');
    build_append_int_noprefix(t, 0, 2); /* base table length */
    build_append_byte(t, MP_SPEC_REV);
    build_append_byte(t, 0); /* checksum */
    build_append_padded_str(t, "BOCHSCPU", 8, ' ');
    build_append_padded_str(t, "0.1", 12, ' ');
    build_append_int_noprefix(t, 0, 4); /* no OEM table */
    build_append_int_noprefix(t, 0, 2);
    build_append_int_noprefix(t, 0, 2); /* entry count */
    build_append_int_noprefix(t, APIC_DEFAULT_ADDRESS, 4);
    build_append_int_noprefix(t, 0, 2); /* no extended entries */
    build_append_byte(t, 0);
    build_append_byte(t, 0);

    /* 4.3.1: the processors, the first one the bootstrap processor. */
    for (unsigned i = 0; i < cfg->ncpus; i++) {
        const MPTableCPU *cpu = &cfg->cpus[i];

        build_append_byte(t, MP_ENTRY_PROCESSOR);
        build_append_byte(t, cpu->apic_id);
        build_append_byte(t, cfg->lapic_version);
        build_append_byte(t, MP_CPU_ENABLED | (i == 0 ? MP_CPU_BSP : 0));
        build_append_int_noprefix(t, cpu->signature, 4);
        build_append_int_noprefix(t, cpu->features, 4);
        build_append_int_noprefix(t, 0, 8);
        entries++;
    }

    /* 4.3.2: the buses (Table 4-8 names). */
    mp_append_bus(t, MP_BUS_PCI, "PCI");
    mp_append_bus(t, MP_BUS_ISA, "ISA");
    entries += 2;

    /* 4.3.3: the I/O APIC. */
    build_append_byte(t, MP_ENTRY_IOAPIC);
    build_append_byte(t, cfg->ioapic_id);
    build_append_byte(t, cfg->ioapic_version);
    build_append_byte(t, MP_IOAPIC_ENABLED);
    build_append_int_noprefix(t, cfg->ioapic_addr, 4);
    entries++;

    /*
     * 4.3.4: ISA IRQ n on I/O APIC input n, IRQ 0 on input 2 with the
     * override; IRQ 2 is the i8259 cascade and no device's.  The IRQs
     * PCI shares are level-triggered, active high, as the MADT says.
     */
    for (unsigned irq = 0; irq < ISA_NUM_IRQS; irq++) {
        uint16_t flags = cfg->pci_irq_mask & (1u << irq)
                             ? MP_IRQ_ACTIVE_HIGH_LEVEL
                             : MP_IRQ_CONFORMING;

        if (irq == 2 && cfg->irq0_override) {
            continue;
        }
        mp_append_interrupt(t, MP_ENTRY_IO_INTERRUPT, MP_INT, flags, MP_BUS_ISA,
                            irq, cfg->ioapic_id,
                            irq == 0 && cfg->irq0_override ? 2 : irq);
        entries++;
    }

    /* 4.3.5: the i8259 on every LINT0, NMI on every LINT1. */
    mp_append_interrupt(t, MP_ENTRY_LOCAL_INTERRUPT, MP_EXTINT,
                        MP_IRQ_CONFORMING, MP_BUS_ISA, 0, MP_ALL_LAPICS, 0);
    mp_append_interrupt(t, MP_ENTRY_LOCAL_INTERRUPT, MP_NMI, MP_IRQ_CONFORMING,
                        MP_BUS_ISA, 0, MP_ALL_LAPICS, 1);
    entries += 2;

    if (t->len - cfg_start > UINT16_MAX) {
        error_setg(errp, "MP table: %u entries do not fit", entries);
        build_free_array(t);
        return NULL;
    }
    build_set_int(t, cfg_start + 4, t->len - cfg_start, 2);
    build_set_int(t, cfg_start + 34, entries, 2);
    t->data[cfg_start + 7] =
        acpi_checksum((const uint8_t *)t->data + cfg_start, t->len - cfg_start);
    t->data[10] = acpi_checksum((const uint8_t *)t->data, MP_FLOATING_SIZE);
    return t;
}

/* ---- The pc's ---- */

/* The local APIC version KVM's and QEMU's xAPIC report. */
#define PC_LAPIC_VERSION 0x14

GArray *pc_mptable_build(PCMachineState *pcms, uint32_t addr, Error **errp)
{
    g_autofree MPTableCPU *cpus = NULL;
    Object *ioapic =
        object_resolve_path_component(OBJECT(pcms->pci_host), "ioapic");
    MPTableConfig cfg = {
        .lapic_version = PC_LAPIC_VERSION,
        .ioapic_addr = IO_APIC_DEFAULT_ADDRESS,
        .irq0_override = true,
        .pci_irq_mask = PC_PCI_IRQ_MASK,
    };
    CPUState *cs;
    unsigned n = 0;

    g_assert(ioapic);
    CPU_FOREACH(cs)
    {
        n++;
    }
    cpus = g_new0(MPTableCPU, n);
    n = 0;
    CPU_FOREACH(cs)
    {
        X86CPU *cpu = X86_CPU(cs);

        if (cpu->apic_id > UINT8_MAX - 1) {
            error_setg(errp,
                       "MP table: APIC ID %u of CPU %u does not fit its "
                       "8 bits",
                       cpu->apic_id, n);
            return NULL;
        }
        cpus[n].apic_id = cpu->apic_id;
        cpus[n].signature = cpu->env.cpuid_version;
        cpus[n].features = cpu->env.features[FEAT_1_EDX];
        n++;
    }
    cfg.cpus = cpus;
    cfg.ncpus = n;
    cfg.ioapic_id = PC_IOAPIC_ID;
    cfg.ioapic_version = object_property_get_uint(ioapic, "version", NULL);
    return mptable_build(&cfg, addr, errp);
}
