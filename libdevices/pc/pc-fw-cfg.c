/*
 * What the pc board puts in fw_cfg for firmware, as QEMU 7.2's pc does
 * (fw_cfg_arch_create, the fw_cfg device's own items, pc_machine_done,
 * x86_load_linux; the values observed through qtest; own code).
 *
 * Items: UUID, NOGRAPHIC, BOOT_MENU, NB_CPUS (CPUs at start), MAX_CPUS
 * (the APIC ID limit, as QEMU gives it), RAM_SIZE, NUMA (no nodes),
 * IRQ0_OVERRIDE (1), HPET (QEMU's table, refreshed at every reset as
 * the HPET fills it), SMBIOS_ENTRIES (machine types before 2.1).
 * Files: bootorder and bios-geometry (empty: no emu device takes a
 * bootindex yet), etc/boot-fail-wait, etc/boot-menu-wait and
 * bootsplash.jpg/.bmp (-boot), etc/e820, etc/smbios/smbios-tables and
 * etc/smbios/smbios-anchor (from 2.1), etc/msr_feature_control (CPUs
 * with VMX or LMCE).
 *
 * The ACPI files (etc/acpi/rsdp, etc/acpi/tables, etc/table-loader)
 * come from pc-tables.c at machine done.  Not built, as emu has no such
 * part yet: QEMU's etc/tpm/log and etc/system-states, and its option
 * ROMs (genroms/kvmvapic.bin, genroms/linuxboot_dma.bin).  Item 0x8003 (QEMU's old reservations
 * table) is left out: QEMU 7.2's pc reads all zeros there, as a missing
 * item does.
 */
#include <string.h>

#include "devices/fw_cfg.h"
#include "devices/hpet.h"
#include "devices/smbios.h"
#include "machine/accel.h"
#include "machine/cpu.h"
#include "machine/x86-cpu.h"
#include "pc-internal.h"
#include "pc-tables.h"
#include "util/error-report.h"
#include "util/error.h"

/* The arch items (QEMU's FW_CFG_ARCH_LOCAL keys for x86). */
#define FW_CFG_SMBIOS_ENTRIES (FW_CFG_ARCH_LOCAL + 1)
#define FW_CFG_IRQ0_OVERRIDE (FW_CFG_ARCH_LOCAL + 2)
#define FW_CFG_HPET (FW_CFG_ARCH_LOCAL + 4)

/* AMD's HyperTransport range below 1 TiB (reserved in e820). */
#define AMD_HT_START 0xfd00000000ULL
#define AMD_HT_END 0xffffffffffULL

/* e820 entry types (ACPI 6.4, 15.1). */
#define E820_RAM 1
#define E820_RESERVED 2

/* One etc/e820 entry: little-endian address, length, type. */
typedef struct FWCfgE820Entry {
    uint64_t address;
    uint64_t length;
    uint32_t type;
} __attribute__((packed)) FWCfgE820Entry;

/* ---- etc/e820 ---- */

/* Room for the accelerator's reserved ranges (KVM has one). */
#define PC_FW_CFG_E820_ACCEL_MAX 2

/*
 * QEMU's e820 table: the HyperTransport hole first when the CPUs are
 * AMD's and can address it, then RAM below and above 4 GiB, after what
 * the accelerator reserves (KVM: 0xfeffc000).  The ranges SeaBIOS
 * reserves for itself are its own to add.
 */
static size_t pc_fw_cfg_e820(PCMachineState *pcms, FWCfgE820Entry *e)
{
    X86MachineState *x86ms = X86_MACHINE(pcms);
    PCMachineClass *pcmc = PC_MACHINE_GET_CLASS(pcms);
    X86CPU *cpu = X86_CPU(first_cpu);
    const AccelReservedRange *r;
    size_t n = 0, nr = accel_reserved_ranges(&r);

    /* The accelerator's ranges first: QEMU adds them before the board. */
    for (size_t i = 0; i < nr && n < PC_FW_CFG_E820_ACCEL_MAX; i++) {
        e[n++] = (FWCfgE820Entry){GUINT64_TO_LE(r[i].start),
                                  GUINT64_TO_LE(r[i].size),
                                  GUINT32_TO_LE(E820_RESERVED)};
    }
    if (pcmc->enforce_amd_1tb_hole && x86_cpu_is_amd(&cpu->env) &&
        cpu->phys_bits >= 40) {
        e[n++] = (FWCfgE820Entry){GUINT64_TO_LE(AMD_HT_START),
                                  GUINT64_TO_LE(AMD_HT_END - AMD_HT_START + 1),
                                  GUINT32_TO_LE(E820_RESERVED)};
    }
    e[n++] = (FWCfgE820Entry){0, GUINT64_TO_LE(x86ms->below_4g_mem_size),
                              GUINT32_TO_LE(E820_RAM)};
    if (x86ms->above_4g_mem_size) {
        e[n++] = (FWCfgE820Entry){GUINT64_TO_LE(x86ms->above_4g_mem_start),
                                  GUINT64_TO_LE(x86ms->above_4g_mem_size),
                                  GUINT32_TO_LE(E820_RAM)};
    }
    return n;
}

/* ---- -boot ---- */

/* QEMU's read_splashfile: a JPEG, or a 24-bit BMP; else a warning. */
static void pc_fw_cfg_splash(FWCfgState *fw_cfg, const char *path)
{
    g_autofree gchar *data = NULL;
    gsize size;

    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        error_report("failed to find file '%s'", path);
        return;
    }
    if (!g_file_get_contents(path, &data, &size, NULL)) {
        error_report("failed to read splash file '%s'", path);
        return;
    }
    if (size < 2) {
        error_report("file size is less than 2 bytes '%s'", path);
        return;
    }
    if ((uint8_t)data[0] == 0xff && (uint8_t)data[1] == 0xd8) {
        fw_cfg_add_file(fw_cfg, "bootsplash.jpg", data, size);
        return;
    }
    if (data[0] == 'B' && data[1] == 'M') {
        /* BITMAPINFOHEADER's bit count at offset 28. */
        if (size < 30 || data[28] != 24 || data[29] != 0) {
            error_report("only 24bpp bmp file is supported.");
            return;
        }
        fw_cfg_add_file(fw_cfg, "bootsplash.bmp", data, size);
        return;
    }
    error_report("splash file '%s' format not recognized; must be JPEG "
                 "or 24 bit BMP",
                 path);
}

/* The boot menu, splash and reboot timeout (QEMU's fw_cfg realize). */
static bool pc_fw_cfg_boot(FWCfgState *fw_cfg, MachineState *ms, Error **errp)
{
    const BootConfiguration *bc = &ms->boot_config;
    uint32_t reboot = UINT32_MAX; /* -1: do not reboot */

    if (bc->has_splash_time) {
        uint16_t ms_le;

        if (bc->splash_time < 0 || bc->splash_time > 0xffff) {
            error_setg(errp, "splash-time is invalid,it should be a value "
                             "between 0 and 65535");
            return false;
        }
        ms_le = GUINT16_TO_LE(bc->splash_time);
        fw_cfg_add_file(fw_cfg, "etc/boot-menu-wait", &ms_le, sizeof(ms_le));
    }
    if (bc->splash) {
        pc_fw_cfg_splash(fw_cfg, bc->splash);
    }
    if (bc->has_reboot_timeout) {
        if (bc->reboot_timeout < -1 || bc->reboot_timeout > 0xffff) {
            error_setg(errp, "reboot timeout is invalid,it should be a value "
                             "between -1 and 65535");
            return false;
        }
        reboot = bc->reboot_timeout;
    }
    reboot = GUINT32_TO_LE(reboot);
    fw_cfg_add_file(fw_cfg, "etc/boot-fail-wait", &reboot, sizeof(reboot));
    fw_cfg_add_i16(fw_cfg, FW_CFG_BOOT_MENU, bc->has_menu && bc->menu);
    return true;
}

/* ---- Board init ---- */

bool pc_fw_cfg_init(PCMachineState *pcms, Error **errp)
{
    MachineState *ms = MACHINE(pcms);
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    PCMachineClass *pcmc = PC_MACHINE_GET_CLASS(pcms);
    X86MachineState *x86ms = X86_MACHINE(pcms);
    FWCfgState *fw_cfg;
    FWCfgE820Entry e820[3 + PC_FW_CFG_E820_ACCEL_MAX];
    size_t e820_len;
    g_autofree uint64_t *numa = NULL;
    QemuUUID uuid;

    fw_cfg = fw_cfg_init_io_dma(FW_CFG_IO_BASE, FW_CFG_DMA_IO_BASE,
                                &address_space_memory, errp);
    if (!fw_cfg) {
        return false;
    }
    pcms->fw_cfg = fw_cfg;
    fw_cfg_set_legacy_order(fw_cfg, pcmc->legacy_fw_cfg_order);

    /* The generic items. */
    qemu_uuid_get(&uuid);
    fw_cfg_add_bytes(fw_cfg, FW_CFG_UUID, uuid.data, sizeof(uuid.data));
    fw_cfg_add_i16(fw_cfg, FW_CFG_NOGRAPHIC, !ms->enable_graphics);
    if (!pc_fw_cfg_boot(fw_cfg, ms, errp)) {
        return false;
    }

    /* The x86 ones (fw_cfg_arch_create). */
    fw_cfg_add_i16(fw_cfg, FW_CFG_NB_CPUS, ms->smp.cpus);
    /* What QEMU calls MAX_CPUS on x86 is the APIC ID limit. */
    fw_cfg_add_i16(fw_cfg, FW_CFG_MAX_CPUS, x86ms->apic_id_limit);
    fw_cfg_add_i64(fw_cfg, FW_CFG_RAM_SIZE, ms->ram_size);
    fw_cfg_add_i32(fw_cfg, FW_CFG_IRQ0_OVERRIDE, 1);
    e820_len = pc_fw_cfg_e820(pcms, e820);
    fw_cfg_add_file(fw_cfg, "etc/e820", e820, e820_len * sizeof(e820[0]));
    fw_cfg_add_bytes(fw_cfg, FW_CFG_HPET, hpet_fw_config(),
                     sizeof(struct hpet_fw_config));
    /* Node count, each possible CPU's node, each node's memory: no nodes. */
    numa = g_new0(uint64_t, 1 + x86ms->apic_id_limit);
    fw_cfg_add_bytes(fw_cfg, FW_CFG_NUMA, numa,
                     (1 + x86ms->apic_id_limit) * sizeof(uint64_t));

    /* SMBIOS's machine values; the tables come at machine done. */
    smbios_set_defaults("QEMU", mc->desc, mc->name, pcmc->smbios_legacy_mode,
                        pcmc->smbios_uuid_encoded,
                        pcms->smbios_entry_point_type);
    return smbios_check_config(errp);
}

/* ---- Machine done ---- */

/* QEMU's fw_cfg_build_smbios: tables from the machine and -smbios. */
static bool pc_fw_cfg_smbios(PCMachineState *pcms, Error **errp)
{
    MachineState *ms = MACHINE(pcms);
    PCMachineClass *pcmc = PC_MACHINE_GET_CLASS(pcms);
    X86CPU *cpu = X86_CPU(first_cpu);
    struct smbios_phys_mem_area mem[3];
    FWCfgE820Entry e820[3 + PC_FW_CFG_E820_ACCEL_MAX];
    size_t e820_len, tables_len, anchor_len;
    g_autofree uint8_t *tables = NULL;
    g_autofree uint8_t *anchor = NULL;
    int n = 0;
    SmbiosCpuInfo info = {
        .sockets = ms->smp.sockets,
        .cores_per_socket = ms->smp.cores * ms->smp.dies * ms->smp.clusters,
        .threads_per_socket =
            ms->smp.cores * ms->smp.dies * ms->smp.clusters * ms->smp.threads,
    };

    if (pcmc->smbios_legacy_mode) {
        size_t len;
        g_autofree uint8_t *legacy = smbios_get_table_legacy(&len);

        fw_cfg_add_bytes(pcms->fw_cfg, FW_CFG_SMBIOS_ENTRIES, legacy, len);
        return true;
    }
    /* The model's signature and features (CPUID[1] before topology bits). */
    info.cpuid_version = cpu->env.cpuid_version;
    info.cpuid_features = cpu->env.features[FEAT_1_EDX];
    /* Type 19 lists the RAM ranges of the e820 table. */
    e820_len = pc_fw_cfg_e820(pcms, e820);
    for (size_t i = 0; i < e820_len; i++) {
        if (GUINT32_FROM_LE(e820[i].type) == E820_RAM) {
            mem[n].address = GUINT64_FROM_LE(e820[i].address);
            mem[n].length = GUINT64_FROM_LE(e820[i].length);
            n++;
        }
    }
    if (!smbios_get_tables(&info, ms->ram_size, mem, n, &tables, &tables_len,
                           &anchor, &anchor_len, errp)) {
        return false;
    }
    fw_cfg_add_file(pcms->fw_cfg, "etc/smbios/smbios-tables", tables,
                    tables_len);
    fw_cfg_add_file(pcms->fw_cfg, "etc/smbios/smbios-anchor", anchor,
                    anchor_len);
    return true;
}

/*
 * IA32_FEATURE_CONTROL as the firmware should lock it (QEMU's
 * fw_cfg_build_feature_control; Intel SDM vol. 3C, 23.7 and 15.3.1.5):
 * VMXON allowed outside SMX when the CPUs have VMX, local machine checks
 * when they have LMCE.  No file when neither.
 */
#define FEATURE_CONTROL_LOCKED (1ULL << 0)
#define FEATURE_CONTROL_VMXON_ENABLED_OUTSIDE_SMX (1ULL << 2)
#define FEATURE_CONTROL_LMCE (1ULL << 20)
#define MCG_LMCE_P (1ULL << 27)

static void pc_fw_cfg_feature_control(PCMachineState *pcms)
{
    CPUX86State *env = &X86_CPU(first_cpu)->env;
    uint32_t eax, ebx, ecx, edx;
    uint64_t bits = 0;

    cpu_x86_cpuid(env, 1, 0, &eax, &ebx, &ecx, &edx);
    if (ecx & CPUID_EXT_VMX) {
        bits |= FEATURE_CONTROL_VMXON_ENABLED_OUTSIDE_SMX;
    }
    if ((edx & (CPUID_MCE | CPUID_MCA)) == (CPUID_MCE | CPUID_MCA) &&
        (env->mcg_cap & MCG_LMCE_P)) {
        bits |= FEATURE_CONTROL_LMCE;
    }
    if (bits) {
        bits = GUINT64_TO_LE(bits | FEATURE_CONTROL_LOCKED);
        fw_cfg_add_file(pcms->fw_cfg, "etc/msr_feature_control", &bits,
                        sizeof(bits));
    }
}

static void pc_fw_cfg_machine_done(PCMachineState *pcms)
{
    PCMachineClass *pcmc = PC_MACHINE_GET_CLASS(pcms);

    if (!pc_fw_cfg_smbios(pcms, &error_fatal)) {
        return;
    }
    pc_fw_cfg_feature_control(pcms);
    /* The MP and ACPI tables, now that every device exists. */
    pc_tables_machine_done(pcms);
    /*
     * The boot device lists (QEMU's get_boot_devices_list, with -boot
     * strict=on's "HALT" after them): no emu device has a bootindex.
     */
    fw_cfg_add_file(pcms->fw_cfg, "bootorder", NULL, 0);
    if (!pcmc->legacy_fw_cfg_order) {
        fw_cfg_add_file(pcms->fw_cfg, "bios-geometry", NULL, 0);
    }
}

void pc_fw_cfg_reset(PCMachineState *pcms)
{
    if (!pcms->fw_cfg) {
        return;
    }
    if (!pcms->fw_cfg_done) {
        pcms->fw_cfg_done = true;
        pc_fw_cfg_machine_done(pcms);
    }
    /* The HPETs fill QEMU's table when they reset. */
    fw_cfg_modify_bytes(pcms->fw_cfg, FW_CFG_HPET, hpet_fw_config(),
                        sizeof(struct hpet_fw_config));
}
