/*
 * Private to libdevices/pc: the firmware tables of a pc booted without
 * firmware (issue 8).
 *
 *   mptable.c     the MP table (MP spec 1.4) from an MPTableConfig
 *   acpi-build.c  the ACPI tables and their loader script, from the machine
 *   pc-tables.c   where they go: fw_cfg files and the "isa-bios" ROM
 */
#ifndef PC_TABLES_H
#define PC_TABLES_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "pc-internal.h"

/* The I/O APIC's ID: its ID register after reset (intc/ioapic.c). */
#define PC_IOAPIC_ID 0
/* ISA IRQs the PIIX3 can route PCI interrupts to (QEMU's, SeaBIOS's). */
#define PC_PCI_IRQ_MASK ((1u << 5) | (1u << 9) | (1u << 10) | (1u << 11))

/* ---- mptable.c ---- */

typedef struct MPTableCPU {
    uint8_t apic_id;
    uint32_t signature; /* CPUID[1].EAX */
    uint32_t features;  /* CPUID[1].EDX */
} MPTableCPU;

typedef struct MPTableConfig {
    const MPTableCPU *cpus; /* cpus[0] is the bootstrap processor */
    unsigned ncpus;
    uint8_t lapic_version;
    uint8_t ioapic_id;
    uint8_t ioapic_version;
    uint32_t ioapic_addr;
    /* ISA IRQ 0 reaches I/O APIC input 2 (the PIT through the override). */
    bool irq0_override;
    /* ISA IRQs shared with PCI: level-triggered, active high. */
    uint16_t pci_irq_mask;
} MPTableConfig;

/*
 * The floating pointer (16 bytes) followed by the configuration table,
 * laid out to live at guest address addr (16-byte aligned, below 1 MiB).
 * Fails when an APIC ID does not fit the table's 8 bits.
 */
GArray *mptable_build(const MPTableConfig *cfg, uint32_t addr, Error **errp);

/* The pc's MP table at addr: its CPUs, I/O APIC and ISA interrupts. */
GArray *pc_mptable_build(PCMachineState *pcms, uint32_t addr, Error **errp);

/* ---- acpi-build.c ---- */

/* fw_cfg file names (QEMU's). */
#define ACPI_BUILD_TABLE_FILE "etc/acpi/tables"
#define ACPI_BUILD_RSDP_FILE "etc/acpi/rsdp"
#define ACPI_BUILD_LOADER_FILE "etc/table-loader"

typedef struct AcpiBuildTables {
    GArray *rsdp;
    GArray *table_data;
    struct BIOSLinker *linker; /* linker->cmd_blob: the loader script */
} AcpiBuildTables;

/*
 * The pc's ACPI tables as QEMU's firmware files: RSDP (revision 2) in
 * its own file, then FACS, DSDT, FADT, MADT, HPET (when the machine has
 * one), RSDT and XSDT in the tables file, pointers and checksums left to
 * the loader script.  Needs the PIIX4 PM function (acpi=on).
 */
bool pc_acpi_build(PCMachineState *pcms, AcpiBuildTables *tables, Error **errp);
void acpi_build_tables_cleanup(AcpiBuildTables *tables);

/* ---- pc-tables.c ---- */

/*
 * The board's machine-done step: the ACPI fw_cfg files and, when booting
 * a kernel without firmware, the tables in the isa-bios ROM.  Exits as
 * QEMU does on a configuration the tables cannot describe.
 */
void pc_tables_machine_done(PCMachineState *pcms);

/*
 * At every reset of a firmware-less kernel boot, do what firmware does
 * before the tables are valid: enable the PIIX4 PM I/O space at the base
 * the tables give.
 */
void pc_tables_reset(PCMachineState *pcms);

#endif /* PC_TABLES_H */
