/*
 * Where the pc's firmware tables go (issue 8).
 *
 * fw_cfg, for firmware: QEMU's etc/acpi/rsdp, etc/acpi/tables and the
 * etc/table-loader script.  As in QEMU, the files are built again from
 * the machine when firmware first selects one after a reset, so they
 * describe the PM base firmware has programmed by then.
 *
 * Guest memory, for a kernel booted without firmware (-kernel): the
 * board does what firmware would, into the 128 KiB "isa-bios" ROM at
 * 0xe0000 (pc-machine.c), which the i440FX shows at reset (its PAM
 * registers route the area to PCI): the ACPI tables placed by running
 * the loader script, the RSDP where ACPI 6.4, 5.2.5.1 says to scan for
 * it, and the MP table (MP spec 1.4, 4.1: the floating pointer in
 * 0xf0000-0xfffff).  All of it in 0xf0000-0xfffff, which the e820 map
 * reserves.
 */
#include <inttypes.h>
#include <string.h>

#include "devices/acpi-table.h"
#include "devices/fw_cfg.h"
#include "devices/piix.h"
#include "machine/pci-host.h"
#include "pc-tables.h"
#include "util/error-report.h"
#include "util/error.h"

/* The ROM spans 0xe0000-0xfffff; the tables live in its upper half. */
#define PC_ISA_BIOS_BASE 0xe0000
#define PC_TABLES_BASE 0xf0000
#define PC_TABLES_END 0x100000

/*
 * The PM base the board programs for a firmware-less boot: SeaBIOS's
 * choice under QEMU (and what the guests/ test programs use).
 */
#define PC_PIIX4_PM_IO_BASE 0x600
/* 82371AB 3.3.1: PMBA (bit 0: I/O space) and PMREGMISC (bit 0: enable). */
#define PIIX4_PMBA 0x40
#define PIIX4_PMREGMISC 0x80

static PCIDevice *pc_tables_pm_device(void)
{
    Object *obj = object_resolve_path_type("", TYPE_PIIX4_PM, NULL);

    return obj ? PCI_DEVICE(obj) : NULL;
}

void pc_tables_reset(PCMachineState *pcms)
{
    PCIDevice *pm = pc_tables_pm_device();

    pcms->acpi_build_patched = false;
    if (!pcms->has_boot_state || !pm) {
        return;
    }
    /* Through the device's hooks, as firmware's config cycles would. */
    pci_host_config_write_common(pm, PIIX4_PMBA, PCI_CONFIG_SPACE_SIZE,
                                 PC_PIIX4_PM_IO_BASE | 1, 4);
    pci_host_config_write_common(pm, PIIX4_PMREGMISC, PCI_CONFIG_SPACE_SIZE, 1,
                                 1);
}

/* ---- fw_cfg ---- */

static void pc_tables_fw_cfg_update(void *opaque)
{
    PCMachineState *pcms = opaque;
    AcpiBuildTables t;

    if (pcms->acpi_build_patched) {
        return;
    }
    pcms->acpi_build_patched = true;
    if (!pc_acpi_build(pcms, &t, &error_fatal)) {
        return;
    }
    /* Same sizes: firmware may have read the directory already. */
    fw_cfg_modify_file(pcms->fw_cfg, ACPI_BUILD_TABLE_FILE, t.table_data->data,
                       t.table_data->len);
    fw_cfg_modify_file(pcms->fw_cfg, ACPI_BUILD_RSDP_FILE, t.rsdp->data,
                       t.rsdp->len);
    fw_cfg_modify_file(pcms->fw_cfg, ACPI_BUILD_LOADER_FILE,
                       t.linker->cmd_blob->data, t.linker->cmd_blob->len);
    acpi_build_tables_cleanup(&t);
}

static void pc_tables_fw_cfg_add(PCMachineState *pcms, AcpiBuildTables *t)
{
    fw_cfg_add_file_callback(pcms->fw_cfg, ACPI_BUILD_TABLE_FILE,
                             pc_tables_fw_cfg_update, NULL, pcms,
                             t->table_data->data, t->table_data->len, true);
    fw_cfg_add_file_callback(pcms->fw_cfg, ACPI_BUILD_RSDP_FILE,
                             pc_tables_fw_cfg_update, NULL, pcms, t->rsdp->data,
                             t->rsdp->len, true);
    fw_cfg_add_file_callback(
        pcms->fw_cfg, ACPI_BUILD_LOADER_FILE, pc_tables_fw_cfg_update, NULL,
        pcms, t->linker->cmd_blob->data, t->linker->cmd_blob->len, true);
}

/* ---- The isa-bios ROM ---- */

/* Copy len bytes to guest address addr of the tables area. */
static bool pc_tables_place(uint8_t *rom, uint64_t *next, const void *data,
                            size_t len, uint64_t align, uint64_t *addr,
                            Error **errp)
{
    uint64_t at = (*next + align - 1) & ~(align - 1);

    if (at > PC_TABLES_END || len > PC_TABLES_END - at) {
        error_setg(errp,
                   "firmware tables: %zu more bytes at 0x%" PRIx64
                   " do not fit below 0x%x",
                   len, at, PC_TABLES_END);
        return false;
    }
    memcpy(rom + (at - PC_ISA_BIOS_BASE), data, len);
    *addr = at;
    *next = at + len;
    return true;
}

static bool pc_tables_install(PCMachineState *pcms, AcpiBuildTables *acpi,
                              Error **errp)
{
    uint8_t *rom = memory_region_get_ram_ptr(&pcms->bios_window);
    uint64_t next = PC_TABLES_BASE, rsdp_addr = 0, tables_addr = 0, mp_addr;
    g_autoptr(GArray) mp = NULL;

    memset(rom, 0, memory_region_size(&pcms->bios_window));
    if (acpi) {
        /* The loader runs on the copies in the ROM, as firmware would. */
        BIOSLinkerLoadedFile files[2] = {
            {ACPI_BUILD_RSDP_FILE},
            {ACPI_BUILD_TABLE_FILE},
        };

        if (!pc_tables_place(rom, &next, acpi->rsdp->data, acpi->rsdp->len, 16,
                             &rsdp_addr, errp) ||
            !pc_tables_place(rom, &next, acpi->table_data->data,
                             acpi->table_data->len, 64, &tables_addr, errp)) {
            return false;
        }
        files[0].data = rom + (rsdp_addr - PC_ISA_BIOS_BASE);
        files[0].len = acpi->rsdp->len;
        files[0].addr = rsdp_addr;
        files[1].data = rom + (tables_addr - PC_ISA_BIOS_BASE);
        files[1].len = acpi->table_data->len;
        files[1].addr = tables_addr;
        if (!bios_linker_loader_apply(
                (const uint8_t *)acpi->linker->cmd_blob->data,
                acpi->linker->cmd_blob->len, files, 2, errp)) {
            return false;
        }
    }
    /* Built for the address pc_tables_place picks next. */
    mp_addr = (next + 15) & ~(uint64_t)15;
    mp = pc_mptable_build(pcms, mp_addr, errp);
    return mp &&
           pc_tables_place(rom, &next, mp->data, mp->len, 16, &mp_addr, errp);
}

void pc_tables_machine_done(PCMachineState *pcms)
{
    AcpiBuildTables acpi = {0};
    bool has_acpi = X86_MACHINE(pcms)->acpi != ON_OFF_AUTO_OFF;

    if (has_acpi) {
        if (!pc_acpi_build(pcms, &acpi, &error_fatal)) {
            return;
        }
        pc_tables_fw_cfg_add(pcms, &acpi);
    }
    if (memory_region_is_rom(&pcms->bios_window) &&
        !pc_tables_install(pcms, has_acpi ? &acpi : NULL, &error_fatal)) {
        return;
    }
    acpi_build_tables_cleanup(&acpi);
}
