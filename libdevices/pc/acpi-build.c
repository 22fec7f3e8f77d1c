/*
 * The pc's ACPI tables (ACPI 6.4, chapter 5), generated from the built
 * machine: its CPUs and APIC IDs, the I/O APIC, the PIIX4 PM function's
 * registers as it is programmed, the HPET when there is one.  Laid out
 * as QEMU's firmware files are (etc/acpi/rsdp, etc/acpi/tables and the
 * etc/table-loader script, QEMU docs/specs), so that firmware or the
 * board itself (pc-tables.c) can place them.  Own code.
 *
 * The DSDT is minimal: \_SB.PCI0 (the PCI root, its bus, I/O and memory
 * windows) and the sleep states the PIIX4 PM carries out (\_S4 when
 * offered, \_S5).  Not described: PCI interrupt routing (_PRT), the
 * ISA devices, CPU and PCI hotplug.
 */
#include <string.h>

#include "devices/acpi.h"
#include "devices/acpi-table.h"
#include "devices/apm.h"
#include "devices/hpet.h"
#include "devices/ioapic.h"
#include "devices/piix.h"
#include "machine/x86-cpu.h"
#include "pc-tables.h"
#include "util/error.h"

/* What the tables say about the PIIX4 PM function, from its properties. */
typedef struct AcpiPmInfo {
    uint32_t io_base;
    uint16_t sci_int;
    uint8_t acpi_enable_cmd;
    uint8_t acpi_disable_cmd;
    uint32_t gpe0_blk;
    uint32_t gpe0_blk_len;
    bool s4_disabled;
    uint8_t s4_val;
} AcpiPmInfo;

/* The RTC's century byte (mc146818rtc.c keeps it there, as QEMU). */
#define PC_RTC_CENTURY 0x32
/* The PIIX3's reset control register: SRST | RCPU, a hard reset. */
#define PC_ACPI_RESET_VALUE 0x06
/* PIIX4 SUS_TYP for soft-off (acpi/core.c, acpi_pm1_cnt_write). */
#define PC_SLP_TYP_S5 0

/* ACPI 6.4, 4.8.3: the register blocks' lengths on the PIIX4. */
#define ACPI_PM1_EVT_LEN 4
#define ACPI_PM1_CNT_LEN 2
#define ACPI_PM_TMR_LEN 4

static bool acpi_get_pm_info(AcpiPmInfo *pm, Error **errp)
{
    Object *obj = object_resolve_path_type("", TYPE_PIIX4_PM, NULL);

    if (!obj) {
        error_setg(errp, "ACPI tables: the machine has no %s function",
                   TYPE_PIIX4_PM);
        return false;
    }
    pm->io_base = object_property_get_uint(obj, "pm_io_base", &error_abort);
    pm->sci_int = object_property_get_uint(obj, "sci_int", &error_abort);
    pm->acpi_enable_cmd =
        object_property_get_uint(obj, "acpi_enable_cmd", &error_abort);
    pm->acpi_disable_cmd =
        object_property_get_uint(obj, "acpi_disable_cmd", &error_abort);
    pm->gpe0_blk = object_property_get_uint(obj, "gpe0_blk", &error_abort);
    pm->gpe0_blk_len =
        object_property_get_uint(obj, "gpe0_blk_len", &error_abort);
    pm->s4_disabled = object_property_get_uint(obj, "disable_s4", &error_abort);
    pm->s4_val = object_property_get_uint(obj, "s4_val", &error_abort);
    return true;
}

/* ---- FACS (5.2.10): no checksum, 64-byte aligned ---- */

#define ACPI_FACS_SIZE 64

static void build_facs(GArray *t)
{
    size_t start = t->len;

    build_append_padded_str(t, "FACS", 4, ' ');
    build_append_int_noprefix(t, ACPI_FACS_SIZE, 4);
    build_append_int_noprefix(t, 0, 4); /* hardware signature */
    build_append_int_noprefix(t, 0, 4); /* waking vector */
    build_append_int_noprefix(t, 0, 4); /* global lock */
    build_append_int_noprefix(t, 0, 4); /* flags */
    build_append_int_noprefix(t, 0, 8); /* X waking vector */
    build_append_byte(t, 1);            /* version (ACPI 2.0 layout) */
    build_append_int_noprefix(t, 0, 3);
    build_append_int_noprefix(t, 0, 4);          /* OSPM flags */
    g_array_set_size(t, start + ACPI_FACS_SIZE); /* reserved, zeroed */
}

/* ---- DSDT ---- */

/* The root bridge's windows: all buses, all I/O but 0xcf8, PCI memory. */
static Aml *build_pci0_crs(PCMachineState *pcms)
{
    uint64_t hole_start = X86_MACHINE(pcms)->below_4g_mem_size;
    Aml *crs = aml_resource_template();

    aml_append(crs, aml_word_bus_number(0x00, 0xff));
    aml_append(crs, aml_io(0x0cf8, 0x0cf8, 0x01, 0x08));
    aml_append(crs, aml_word_io(0x0000, 0x0cf7));
    aml_append(crs, aml_word_io(0x0d00, 0xffff));
    aml_append(crs, aml_dword_memory(0x000a0000, 0x000bffff));
    if (hole_start < IO_APIC_DEFAULT_ADDRESS) {
        aml_append(crs,
                   aml_dword_memory(hole_start, IO_APIC_DEFAULT_ADDRESS - 1));
    }
    return crs;
}

/* Name (name, Package (4) {typ, typ, 0, 0}): PM1a and PM1b SLP_TYP. */
static Aml *build_sleep_state(const char *name, uint8_t slp_typ)
{
    Aml *pkg = aml_package(4);

    aml_append(pkg, aml_int(slp_typ));
    aml_append(pkg, aml_int(slp_typ));
    aml_append(pkg, aml_int(0));
    aml_append(pkg, aml_int(0));
    return aml_name_decl(name, pkg);
}

static void build_dsdt(GArray *t, BIOSLinker *linker, PCMachineState *pcms,
                       const AcpiPmInfo *pm)
{
    AcpiTable table = {.sig = "DSDT", .rev = 1};
    Aml *body = aml_block();
    Aml *sb = aml_scope("\\_SB");
    Aml *pci0 = aml_device("PCI0");

    acpi_table_begin(&table, t);
    aml_append(pci0, aml_name_decl("_HID", aml_eisaid("PNP0A03")));
    aml_append(pci0, aml_name_decl("_ADR", aml_int(0)));
    aml_append(pci0, aml_name_decl("_UID", aml_int(0)));
    aml_append(pci0, aml_name_decl("_CRS", build_pci0_crs(pcms)));
    aml_append(sb, pci0);
    aml_append(body, sb);
    /*
     * The states the PIIX4 PM carries out: S5 (off) and S4 (which, with
     * nothing to save, also powers off).  No \_S3: emu cannot suspend.
     */
    if (!pm->s4_disabled) {
        aml_append(body, build_sleep_state("\\_S4", pm->s4_val));
    }
    aml_append(body, build_sleep_state("\\_S5", PC_SLP_TYP_S5));
    aml_to_array(t, body);
    acpi_table_end(linker, ACPI_BUILD_TABLE_FILE, &table);
}

/* ---- FADT (5.2.9), revision 3 (the ACPI 2.0 layout, 244 bytes) ---- */

/* 5.2.9, Table 5.10: fixed feature flags. */
#define ACPI_FADT_F_WBINVD (1u << 0)
#define ACPI_FADT_F_PROC_C1 (1u << 2)
#define ACPI_FADT_F_SLP_BUTTON (1u << 5)
#define ACPI_FADT_F_RTC_S4 (1u << 7)
#define ACPI_FADT_F_RESET_REG_SUP (1u << 10)
#define ACPI_FADT_F_USE_PLATFORM_CLOCK (1u << 15)
/* 5.2.9.3: IA-PC boot architecture flags. */
#define ACPI_FADT_ARCH_LEGACY_DEVICES (1u << 0)
#define ACPI_FADT_ARCH_8042 (1u << 1)

#define ACPI_FADT_FIRMWARE_CTRL 36
#define ACPI_FADT_DSDT 40
#define ACPI_FADT_X_DSDT 140

/* An I/O register block as a Generic Address Structure (0: none). */
static void build_append_io_gas(GArray *t, uint32_t port, uint8_t len)
{
    if (!len) {
        build_append_gas(t, 0, 0, 0, 0, 0);
        return;
    }
    build_append_gas(t, AML_AS_SYSTEM_IO, len * 8, 0, 0, port);
}

static void build_fadt(GArray *t, BIOSLinker *linker, PCMachineState *pcms,
                       const AcpiPmInfo *pm, uint32_t facs, uint32_t dsdt)
{
    AcpiTable table = {.sig = "FACP", .rev = 3};
    uint32_t pm1a_evt = pm->io_base + ACPI_PM1_EVT_OFFSET;
    uint32_t pm1a_cnt = pm->io_base + ACPI_PM1_CNT_OFFSET;
    uint32_t pm_tmr = pm->io_base + ACPI_PM_TMR_OFFSET;
    uint16_t boot_arch = ACPI_FADT_ARCH_LEGACY_DEVICES;
    size_t start = t->len;

    if (pcms->i8042_enabled) {
        boot_arch |= ACPI_FADT_ARCH_8042;
    }
    acpi_table_begin(&table, t);
    build_append_int_noprefix(t, 0, 4); /* FIRMWARE_CTRL */
    build_append_int_noprefix(t, 0, 4); /* DSDT */
    build_append_byte(t, 0);            /* reserved (1.0's INT_MODEL) */
    build_append_byte(t, 0);            /* Preferred_PM_Profile */
    build_append_int_noprefix(t, pm->sci_int, 2);
    build_append_int_noprefix(t, ACPI_PORT_SMI_CMD, 4);
    build_append_byte(t, pm->acpi_enable_cmd);
    build_append_byte(t, pm->acpi_disable_cmd);
    build_append_byte(t, 0); /* S4BIOS_REQ */
    build_append_byte(t, 0); /* PSTATE_CNT */
    build_append_int_noprefix(t, pm1a_evt, 4);
    build_append_int_noprefix(t, 0, 4); /* PM1b_EVT_BLK */
    build_append_int_noprefix(t, pm1a_cnt, 4);
    build_append_int_noprefix(t, 0, 4); /* PM1b_CNT_BLK */
    build_append_int_noprefix(t, 0, 4); /* PM2_CNT_BLK */
    build_append_int_noprefix(t, pm_tmr, 4);
    build_append_int_noprefix(t, pm->gpe0_blk, 4);
    build_append_int_noprefix(t, 0, 4); /* GPE1_BLK */
    build_append_byte(t, ACPI_PM1_EVT_LEN);
    build_append_byte(t, ACPI_PM1_CNT_LEN);
    build_append_byte(t, 0); /* PM2_CNT_LEN */
    build_append_byte(t, ACPI_PM_TMR_LEN);
    build_append_byte(t, pm->gpe0_blk_len);
    build_append_byte(t, 0); /* GPE1_BLK_LEN */
    build_append_byte(t, 0); /* GPE1_BASE */
    build_append_byte(t, 0); /* CST_CNT */
    /* C2 and C3 not supported (latencies above 100 and 1000 us). */
    build_append_int_noprefix(t, 0xfff, 2);
    build_append_int_noprefix(t, 0xfff, 2);
    build_append_int_noprefix(t, 0, 2); /* FLUSH_SIZE */
    build_append_int_noprefix(t, 0, 2); /* FLUSH_STRIDE */
    build_append_byte(t, 0);            /* DUTY_OFFSET */
    build_append_byte(t, 0);            /* DUTY_WIDTH */
    build_append_byte(t, 0);            /* DAY_ALRM */
    build_append_byte(t, 0);            /* MON_ALRM */
    build_append_byte(t, PC_RTC_CENTURY);
    build_append_int_noprefix(t, boot_arch, 2);
    build_append_byte(t, 0);
    build_append_int_noprefix(t,
                              ACPI_FADT_F_WBINVD | ACPI_FADT_F_PROC_C1 |
                                  ACPI_FADT_F_SLP_BUTTON | ACPI_FADT_F_RTC_S4 |
                                  ACPI_FADT_F_RESET_REG_SUP |
                                  ACPI_FADT_F_USE_PLATFORM_CLOCK,
                              4);
    build_append_io_gas(t, PIIX_RCR_IOPORT, 1); /* RESET_REG */
    build_append_byte(t, PC_ACPI_RESET_VALUE);
    build_append_int_noprefix(t, 0, 3);
    /* X_FIRMWARE_CTRL stays 0: FIRMWARE_CTRL has the (32-bit) FACS. */
    build_append_int_noprefix(t, 0, 8);
    build_append_int_noprefix(t, 0, 8); /* X_DSDT */
    build_append_io_gas(t, pm1a_evt, ACPI_PM1_EVT_LEN);
    build_append_io_gas(t, 0, 0);
    build_append_io_gas(t, pm1a_cnt, ACPI_PM1_CNT_LEN);
    build_append_io_gas(t, 0, 0);
    build_append_io_gas(t, 0, 0); /* X_PM2_CNT_BLK */
    build_append_io_gas(t, pm_tmr, ACPI_PM_TMR_LEN);
    build_append_io_gas(t, pm->gpe0_blk, pm->gpe0_blk_len);
    build_append_io_gas(t, 0, 0); /* X_GPE1_BLK */

    /* The pointers before the checksum: the loader runs in order. */
    bios_linker_loader_add_pointer(linker, ACPI_BUILD_TABLE_FILE,
                                   start + ACPI_FADT_FIRMWARE_CTRL, 4,
                                   ACPI_BUILD_TABLE_FILE, facs);
    bios_linker_loader_add_pointer(linker, ACPI_BUILD_TABLE_FILE,
                                   start + ACPI_FADT_DSDT, 4,
                                   ACPI_BUILD_TABLE_FILE, dsdt);
    bios_linker_loader_add_pointer(linker, ACPI_BUILD_TABLE_FILE,
                                   start + ACPI_FADT_X_DSDT, 8,
                                   ACPI_BUILD_TABLE_FILE, dsdt);
    acpi_table_end(linker, ACPI_BUILD_TABLE_FILE, &table);
}

/* ---- MADT (5.2.12) ---- */

#define ACPI_MADT_PCAT_COMPAT 1
#define ACPI_MADT_ENABLED 1
/* Interrupt source override flags (5.2.12.5): polarity 1:0, trigger 3:2. */
#define ACPI_MADT_CONFORMS 0x0
#define ACPI_MADT_HIGH_LEVEL 0xd
/* All processors, in the local APIC NMI entries. */
#define ACPI_MADT_ALL_UID8 0xff
#define ACPI_MADT_ALL_UID32 0xffffffff

static void build_madt_override(GArray *t, uint8_t irq, uint32_t gsi,
                                uint16_t flags)
{
    build_append_byte(t, 2); /* Interrupt Source Override */
    build_append_byte(t, 10);
    build_append_byte(t, 0); /* bus: ISA */
    build_append_byte(t, irq);
    build_append_int_noprefix(t, gsi, 4);
    build_append_int_noprefix(t, flags, 2);
}

static void build_madt(GArray *t, BIOSLinker *linker, PCMachineState *pcms)
{
    MachineState *ms = MACHINE(pcms);
    const CPUArchIdList *cpus =
        MACHINE_GET_CLASS(ms)->possible_cpu_arch_ids(ms);
    AcpiTable table = {.sig = "APIC", .rev = 1};
    bool x2apic = false;

    acpi_table_begin(&table, t);
    build_append_int_noprefix(t, APIC_DEFAULT_ADDRESS, 4);
    build_append_int_noprefix(t, ACPI_MADT_PCAT_COMPAT, 4);

    /*
     * Every possible CPU, enabled when present (the first -smp cpus of
     * them), as QEMU lists them; an x2APIC entry for IDs 255 and up.
     */
    for (int i = 0; i < cpus->len; i++) {
        uint32_t apic_id = cpus->cpus[i].arch_id;
        uint32_t flags = (unsigned)i < ms->smp.cpus ? ACPI_MADT_ENABLED : 0;

        if (apic_id < 255) {
            build_append_byte(t, 0); /* Processor Local APIC */
            build_append_byte(t, 8);
            build_append_byte(t, i); /* ACPI processor UID */
            build_append_byte(t, apic_id);
            build_append_int_noprefix(t, flags, 4);
        } else {
            build_append_byte(t, 9); /* Processor Local x2APIC */
            build_append_byte(t, 16);
            build_append_int_noprefix(t, 0, 2);
            build_append_int_noprefix(t, apic_id, 4);
            build_append_int_noprefix(t, flags, 4);
            build_append_int_noprefix(t, i, 4);
            x2apic = true;
        }
    }

    build_append_byte(t, 1); /* I/O APIC */
    build_append_byte(t, 12);
    build_append_byte(t, PC_IOAPIC_ID);
    build_append_byte(t, 0);
    build_append_int_noprefix(t, IO_APIC_DEFAULT_ADDRESS, 4);
    build_append_int_noprefix(t, 0, 4); /* GSI base */

    /* The PIT's IRQ 0 is GSI 2; the IRQs PCI shares are level, high. */
    build_madt_override(t, 0, 2, ACPI_MADT_CONFORMS);
    for (int irq = 1; irq < ISA_NUM_IRQS; irq++) {
        if (PC_PCI_IRQ_MASK & (1u << irq)) {
            build_madt_override(t, irq, irq, ACPI_MADT_HIGH_LEVEL);
        }
    }

    /* NMI on LINT1 of every processor. */
    build_append_byte(t, 4); /* Local APIC NMI */
    build_append_byte(t, 6);
    build_append_byte(t, ACPI_MADT_ALL_UID8);
    build_append_int_noprefix(t, ACPI_MADT_CONFORMS, 2);
    build_append_byte(t, 1);
    if (x2apic) {
        build_append_byte(t, 0x0a); /* Local x2APIC NMI */
        build_append_byte(t, 12);
        build_append_int_noprefix(t, ACPI_MADT_CONFORMS, 2);
        build_append_int_noprefix(t, ACPI_MADT_ALL_UID32, 4);
        build_append_byte(t, 1);
        build_append_int_noprefix(t, 0, 3);
    }
    acpi_table_end(linker, ACPI_BUILD_TABLE_FILE, &table);
}

/* ---- HPET (IA-PC HPET specification 1.0a, 3.2.4) ---- */

static void build_hpet(GArray *t, BIOSLinker *linker,
                       const struct hpet_fw_entry *hpet)
{
    AcpiTable table = {.sig = "HPET", .rev = 1};

    acpi_table_begin(&table, t);
    /* The HPET's own capabilities: vendor, timers, counter size. */
    build_append_int_noprefix(t, hpet->event_timer_block_id, 4);
    build_append_gas(t, AML_AS_SYSTEM_MEMORY, 0, 0, 0, hpet->address);
    build_append_byte(t, 0); /* HPET number */
    build_append_int_noprefix(t, hpet->min_tick, 2);
    build_append_byte(t, hpet->page_prot);
    acpi_table_end(linker, ACPI_BUILD_TABLE_FILE, &table);
}

/* ---- RSDT, XSDT (5.2.7, 5.2.8) and the RSDP (5.2.5.3) ---- */

static void build_sdt(GArray *t, BIOSLinker *linker, const char *sig,
                      int entry_size, GArray *offsets)
{
    AcpiTable table = {.sig = sig, .rev = 1};
    size_t entries;

    acpi_table_begin(&table, t);
    entries = t->len;
    for (guint i = 0; i < offsets->len; i++) {
        build_append_int_noprefix(t, 0, entry_size);
    }
    for (guint i = 0; i < offsets->len; i++) {
        bios_linker_loader_add_pointer(
            linker, ACPI_BUILD_TABLE_FILE, entries + i * entry_size, entry_size,
            ACPI_BUILD_TABLE_FILE, g_array_index(offsets, uint32_t, i));
    }
    acpi_table_end(linker, ACPI_BUILD_TABLE_FILE, &table);
}

#define ACPI_RSDP_V1_SIZE 20
#define ACPI_RSDP_SIZE 36

static void build_rsdp(GArray *rsdp, BIOSLinker *linker, uint32_t rsdt,
                       uint32_t xsdt)
{
    build_append_padded_str(rsdp, "RSD PTR ", 8, ' ');
    build_append_byte(rsdp, 0); /* checksum of the first 20 bytes */
    build_append_padded_str(rsdp, ACPI_BUILD_APPNAME6, 6, ' ');
    build_append_byte(rsdp, 2); /* revision: ACPI 2.0 and later */
    build_append_int_noprefix(rsdp, 0, 4);
    build_append_int_noprefix(rsdp, ACPI_RSDP_SIZE, 4);
    build_append_int_noprefix(rsdp, 0, 8);
    build_append_byte(rsdp, 0); /* extended checksum */
    build_append_int_noprefix(rsdp, 0, 3);

    bios_linker_loader_add_pointer(linker, ACPI_BUILD_RSDP_FILE, 16, 4,
                                   ACPI_BUILD_TABLE_FILE, rsdt);
    bios_linker_loader_add_pointer(linker, ACPI_BUILD_RSDP_FILE, 24, 8,
                                   ACPI_BUILD_TABLE_FILE, xsdt);
    /* The 1.0 checksum first: the extended one covers it. */
    bios_linker_loader_add_checksum(linker, ACPI_BUILD_RSDP_FILE, 0,
                                    ACPI_RSDP_V1_SIZE, 8);
    bios_linker_loader_add_checksum(linker, ACPI_BUILD_RSDP_FILE, 0,
                                    ACPI_RSDP_SIZE, 32);
}

/* ---- All of them ---- */

static void acpi_add_table(GArray *offsets, GArray *t)
{
    uint32_t off = t->len;

    g_array_append_val(offsets, off);
}

bool pc_acpi_build(PCMachineState *pcms, AcpiBuildTables *tables, Error **errp)
{
    const struct hpet_fw_config *hpet = hpet_fw_config();
    g_autoptr(GArray) offsets = g_array_new(false, false, sizeof(uint32_t));
    AcpiPmInfo pm;
    GArray *t;
    uint32_t facs, dsdt, rsdt, xsdt;

    memset(tables, 0, sizeof(*tables));
    if (!acpi_get_pm_info(&pm, errp)) {
        return false;
    }
    tables->rsdp = build_alloc_array();
    tables->table_data = t = build_alloc_array();
    tables->linker = bios_linker_loader_init();
    /*
     * The FACS first, for its 64-byte alignment; the RSDP where legacy
     * operating systems scan for it (the F segment, 16-byte aligned).
     */
    bios_linker_loader_alloc(tables->linker, ACPI_BUILD_TABLE_FILE, t, 64,
                             false);
    bios_linker_loader_alloc(tables->linker, ACPI_BUILD_RSDP_FILE, tables->rsdp,
                             16, true);

    facs = t->len;
    build_facs(t);
    dsdt = t->len;
    build_dsdt(t, tables->linker, pcms, &pm);
    acpi_add_table(offsets, t);
    build_fadt(t, tables->linker, pcms, &pm, facs, dsdt);
    acpi_add_table(offsets, t);
    build_madt(t, tables->linker, pcms);
    /* The HPET filled its fw_cfg entry when it reset (devices/hpet.h). */
    if (pcms->hpet_enabled && hpet->count != UINT8_MAX && hpet->count > 0) {
        acpi_add_table(offsets, t);
        build_hpet(t, tables->linker, &hpet->hpet[0]);
    }
    rsdt = t->len;
    build_sdt(t, tables->linker, "RSDT", 4, offsets);
    xsdt = t->len;
    build_sdt(t, tables->linker, "XSDT", 8, offsets);
    build_rsdp(tables->rsdp, tables->linker, rsdt, xsdt);
    return true;
}

void acpi_build_tables_cleanup(AcpiBuildTables *tables)
{
    if (tables->linker) {
        bios_linker_loader_cleanup(tables->linker);
    }
    if (tables->rsdp) {
        build_free_array(tables->rsdp);
    }
    if (tables->table_data) {
        build_free_array(tables->table_data);
    }
    memset(tables, 0, sizeof(*tables));
}
