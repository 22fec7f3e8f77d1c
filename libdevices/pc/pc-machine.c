/*
 * TYPE_PC_MACHINE ("generic-pc-machine"): the PC's machine properties,
 * defaults and memory map, with QEMU 7.2's names and behaviour
 * (hw/i386/pc.c, pc_piix.c; own code).
 *
 * The memory map, for RAM split at below_4g (pc_ram_split):
 *
 *   0x00000000-below_4g      "ram-below-4g", alias of "pc.ram"
 *   4 GiB-4 GiB+above_4g     "ram-above-4g", the rest of "pc.ram"
 *   everywhere else          "pci" (priority -1): the PCI memory space
 *
 * and in "pci", as in QEMU, the legacy windows below 1 MiB:
 *   0x000a0000-0x000bffff    "vga-window": unassigned until a VGA device
 *   0x000c0000-0x000dffff    "pc.rom": 128 KiB ROM for option ROMs
 *   0x000e0000-0x000fffff    "bios-window": unassigned until the BIOS,
 *                            or with -kernel "isa-bios", a ROM with the
 *                            firmware tables (pc-tables.c)
 * which the i440FX shows over RAM at 0xa0000-0xfffff, or not, as its
 * SMRAM and PAM registers say (libdevices/pci-host/i440fx.c).
 */
#include <inttypes.h>
#include <stdlib.h>

#include "machine/accel.h"
#include "machine/cpu.h"
#include "machine/reset.h"
#include "machine/x86-cpu.h"
#include "devices/smbios.h"
#include "pc-internal.h"
#include "pc-tables.h"
#include "qom/visitor.h"
#include "util/error-report.h"
#include "util/error.h"

/* The legacy region below 1 MiB (IBM PC/AT memory map). */
#define PC_EBDA_START 0x9fc00    /* 1 KiB Extended BIOS Data Area */
#define PC_VGA_WINDOW 0xa0000    /* 128 KiB VGA frame buffer window */
#define PC_ROM_START 0xc0000     /* 128 KiB of option ROMs */
#define PC_BIOS_WINDOW 0xe0000   /* 128 KiB: the top of the BIOS image */
#define PC_BIOS_AREA 0xf0000     /* 64 KiB the firmware keeps reserved */
#define PC_HIGH_MEM 0x100000     /* 1 MiB */
#define PC_LEGACY_WINDOW 0x20000 /* each window is 128 KiB */
/* The 256 KiB firmware flash right below 4 GiB (QEMU's bios-256k.bin). */
#define PC_FIRMWARE_START ((uint64_t)0xfffc0000)

/* QEMU's default split: 3.5 GiB, lowered to 3 GiB for large guests. */
#define PC_DEFAULT_MAX_RAM_BELOW_4G ((uint64_t)0xe0000000)
#define PC_GIGABYTE_ALIGNED_LOWMEM ((uint64_t)0xc0000000)

/* QEMU's ACPI_MAX_RAM_SLOTS: DIMM slots the ACPI tables can describe. */
#define PC_MAX_RAM_SLOTS 256
/* -m maxmem must be a whole number of target pages. */
#define PC_PAGE_SIZE 4096

/* ---- The RAM split ---- */

void pc_ram_split(uint64_t ram_size, uint64_t max_ram_below_4g,
                  bool gigabyte_align, uint64_t *below, uint64_t *above)
{
    uint64_t lowmem =
        max_ram_below_4g ? max_ram_below_4g : PC_DEFAULT_MAX_RAM_BELOW_4G;

    /*
     * QEMU 7.2 (pc_init1): RAM that does not fit below the limit is split
     * at a gigabyte boundary, 3 GiB at most, leaving 1 GiB of 32-bit
     * address space to PCI; a smaller max-ram-below-4g is kept as given.
     */
    if (ram_size >= lowmem && gigabyte_align) {
        if (lowmem > PC_GIGABYTE_ALIGNED_LOWMEM) {
            lowmem = PC_GIGABYTE_ALIGNED_LOWMEM;
        }
        if (lowmem & (GiB - 1)) {
            warn_report("Large machine and max_ram_below_4g (%" PRIu64
                        ") not a multiple of 1G; possible bad performance.",
                        max_ram_below_4g ? max_ram_below_4g
                                         : PC_DEFAULT_MAX_RAM_BELOW_4G);
        }
    }
    if (ram_size >= lowmem) {
        *below = lowmem;
        *above = ram_size - lowmem;
    } else {
        *below = ram_size;
        *above = 0;
    }
}

/* ---- The e820 map ---- */

static void pc_e820_add(PCMachineState *pcms, uint64_t addr, uint64_t size,
                        uint32_t type)
{
    if (size == 0) {
        return;
    }
    g_assert(pcms->e820_len < G_N_ELEMENTS(pcms->e820));
    pcms->e820[pcms->e820_len++] = (LoaderMemRange){addr, size, type};
}

static int pc_e820_cmp(const void *a, const void *b)
{
    const LoaderMemRange *x = a, *y = b;

    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/*
 * What the accelerator keeps for itself (KVM's TSS and identity map at
 * 0xfeffc000), reserved where nothing else is listed: the map stays
 * sorted and free of overlaps (a RAM split moved up to 4 GiB with
 * max-ram-below-4g covers it; then RAM wins, as in QEMU's own overlap).
 */
static void pc_e820_add_accel_reserved(PCMachineState *pcms)
{
    const AccelReservedRange *r;
    size_t n = accel_reserved_ranges(&r);

    for (size_t i = 0; i < n; i++) {
        bool overlaps = false;

        for (size_t j = 0; j < pcms->e820_len; j++) {
            const LoaderMemRange *e = &pcms->e820[j];

            overlaps |= r[i].start < e->addr + e->size &&
                        e->addr < r[i].start + r[i].size;
        }
        if (!overlaps) {
            pc_e820_add(pcms, r[i].start, r[i].size, LOADER_MEM_RESERVED);
        }
    }
    qsort(pcms->e820, pcms->e820_len, sizeof(pcms->e820[0]), pc_e820_cmp);
}

/*
 * The map the guest gets (Linux boot_params, multiboot): RAM as mapped,
 * and reserved what firmware keeps for itself on a PC, as SeaBIOS
 * reports it under QEMU: the EBDA below 640 KiB, the BIOS area at
 * 0xf0000 and the firmware flash below 4 GiB.  The VGA and option ROM
 * windows are not RAM and not listed (ACPI 6.4, 15.1: holes are
 * reported as nothing).
 */
static void pc_build_e820(PCMachineState *pcms)
{
    X86MachineState *x86ms = X86_MACHINE(pcms);
    uint64_t below = x86ms->below_4g_mem_size;
    uint64_t fw_start = MAX(PC_FIRMWARE_START, below);

    pcms->e820_len = 0;
    pc_e820_add(pcms, 0, MIN(below, PC_EBDA_START), LOADER_MEM_RAM);
    if (below > PC_EBDA_START) {
        pc_e820_add(pcms, PC_EBDA_START,
                    MIN(below, PC_VGA_WINDOW) - PC_EBDA_START,
                    LOADER_MEM_RESERVED);
    }
    pc_e820_add(pcms, PC_BIOS_AREA, PC_HIGH_MEM - PC_BIOS_AREA,
                LOADER_MEM_RESERVED);
    if (below > PC_HIGH_MEM) {
        pc_e820_add(pcms, PC_HIGH_MEM, below - PC_HIGH_MEM, LOADER_MEM_RAM);
    }
    pc_e820_add(pcms, fw_start, 4 * GiB - fw_start, LOADER_MEM_RESERVED);
    pc_e820_add(pcms, x86ms->above_4g_mem_start, x86ms->above_4g_mem_size,
                LOADER_MEM_RAM);
    pc_e820_add_accel_reserved(pcms);
}

/* ---- The legacy windows ---- */

/*
 * Nothing decodes these addresses yet: every access is refused as if
 * unassigned (all-ones, dropped writes, logged under -d guest_errors by
 * the memory core), rather than reaching the RAM underneath.
 */
static bool pc_unassigned_accepts(void *opaque, hwaddr addr, unsigned size,
                                  bool is_write, MemTxAttrs attrs)
{
    return false;
}

static uint64_t pc_unassigned_read(void *opaque, hwaddr addr, unsigned size)
{
    /* Not reached: accepts() refuses everything. */
    return ~0ULL;
}

static void pc_unassigned_write(void *opaque, hwaddr addr, uint64_t data,
                                unsigned size)
{
}

static const MemoryRegionOps pc_unassigned_ops = {
    .read = pc_unassigned_read,
    .write = pc_unassigned_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.accepts = pc_unassigned_accepts,
};

/* ---- Board memory ---- */

/* -m maxmem= asks for DIMM slots (QEMU's device memory region). */
static bool pc_check_maxmem(MachineState *ms, Error **errp)
{
    if (ms->maxram_size <= ms->ram_size) {
        return true;
    }
    /* QEMU 7.2's checks and texts (pc_memory_init). */
    if (ms->ram_slots > PC_MAX_RAM_SLOTS) {
        error_setg(errp, "unsupported amount of memory slots: %" PRIu64,
                   ms->ram_slots);
        return false;
    }
    if (ms->maxram_size % PC_PAGE_SIZE) {
        error_setg(errp,
                   "maximum memory size must by aligned to multiple of "
                   "%d bytes",
                   PC_PAGE_SIZE);
        return false;
    }
    error_setg(errp, "-m maxmem: memory hotplug is not supported yet");
    return false;
}

bool pc_memory_init(PCMachineState *pcms, Error **errp)
{
    X86MachineState *x86ms = X86_MACHINE(pcms);
    PCMachineClass *pcmc = PC_MACHINE_GET_CLASS(pcms);
    MachineState *ms = MACHINE(pcms);
    Object *owner = OBJECT(pcms);
    MemoryRegion *sysmem = get_system_memory();

    g_assert(ms->ram && !pcms->memory_initialised);
    if (!pc_check_maxmem(ms, errp)) {
        return false;
    }
    if (!x86ms->max_ram_below_4g) {
        x86ms->max_ram_below_4g = PC_DEFAULT_MAX_RAM_BELOW_4G;
    }
    pc_ram_split(ms->ram_size, x86ms->max_ram_below_4g, pcmc->gigabyte_align,
                 &x86ms->below_4g_mem_size, &x86ms->above_4g_mem_size);

    /* The ROMs first: the only step that can fail (host memory). */
    if (!memory_region_init_rom(&pcms->option_rom, owner, "pc.rom",
                                PC_LEGACY_WINDOW, errp)) {
        return false;
    }
    /*
     * A kernel booted without firmware finds the board's MP and ACPI
     * tables where the BIOS image would be (QEMU's "isa-bios" region).
     */
    if (ms->kernel_filename &&
        !memory_region_init_rom(&pcms->bios_window, owner, "isa-bios",
                                PC_LEGACY_WINDOW, errp)) {
        return false;
    }
    memory_region_transaction_begin();

    /* Addresses nothing else claims go to PCI (QEMU: priority -1). */
    memory_region_init(&pcms->pci_memory, owner, "pci", UINT64_MAX);
    memory_region_add_subregion_overlap(sysmem, 0, &pcms->pci_memory, -1);

    /* One RAM block, shown through two aliases (QEMU's layout). */
    memory_region_init_alias(&pcms->ram_below_4g, owner, "ram-below-4g",
                             ms->ram, 0, x86ms->below_4g_mem_size);
    memory_region_add_subregion(sysmem, 0, &pcms->ram_below_4g);
    if (x86ms->above_4g_mem_size) {
        memory_region_init_alias(&pcms->ram_above_4g, owner, "ram-above-4g",
                                 ms->ram, x86ms->below_4g_mem_size,
                                 x86ms->above_4g_mem_size);
        memory_region_add_subregion(sysmem, x86ms->above_4g_mem_start,
                                    &pcms->ram_above_4g);
    }

    /* In the PCI space: the chipset decides where RAM shadows them. */
    memory_region_init_io(&pcms->vga_window, owner, &pc_unassigned_ops, pcms,
                          "vga-window", PC_LEGACY_WINDOW);
    memory_region_add_subregion_overlap(&pcms->pci_memory, PC_VGA_WINDOW,
                                        &pcms->vga_window, 1);
    memory_region_add_subregion_overlap(&pcms->pci_memory, PC_ROM_START,
                                        &pcms->option_rom, 1);
    if (!ms->kernel_filename) {
        memory_region_init_io(&pcms->bios_window, owner, &pc_unassigned_ops,
                              pcms, "bios-window", PC_LEGACY_WINDOW);
    }
    memory_region_add_subregion_overlap(&pcms->pci_memory, PC_BIOS_WINDOW,
                                        &pcms->bios_window, 1);

    memory_region_transaction_commit();
    pcms->memory_initialised = true;
    pc_build_e820(pcms);
    return true;
}

/* ---- Reset ---- */

/*
 * The devices on the system bus, then every CPU (they sit on no bus),
 * then CPU 0 back at the -kernel entry point with the images loaded
 * again: a reset reboots into the kernel as QEMU's option ROM would.
 */
static void pc_machine_reset(MachineState *ms)
{
    CPUState *cpu;

    qemu_devices_reset();
    pc_cmos_reset(PC_MACHINE(ms));
    /* Without firmware, the board programs what the tables describe. */
    pc_tables_reset(PC_MACHINE(ms));
    /* The first time: QEMU's machine-done work (-device exists now). */
    pc_fw_cfg_reset(PC_MACHINE(ms));
    pc_reload_boot_images(PC_MACHINE(ms));
    CPU_FOREACH(cpu)
    {
        cpu_reset(cpu);
    }
    if (first_cpu) {
        pc_apply_boot_state(PC_MACHINE(ms), first_cpu);
    }
}

/* ---- Public accessors ---- */

bool pc_machine_is_pc(MachineState *ms)
{
    return ms && object_dynamic_cast(OBJECT(ms), TYPE_PC_MACHINE);
}

const LoaderMemRange *pc_machine_e820(MachineState *ms, size_t *len)
{
    PCMachineState *pcms = PC_MACHINE(ms);

    *len = pcms->e820_len;
    return pcms->e820_len ? pcms->e820 : NULL;
}

uint64_t pc_machine_below_4g_mem_size(MachineState *ms)
{
    return X86_MACHINE(ms)->below_4g_mem_size;
}

uint64_t pc_machine_above_4g_mem_size(MachineState *ms)
{
    return X86_MACHINE(ms)->above_4g_mem_size;
}

/* ---- Properties ---- */

#define PC_BOOL_PROP(field)                                                    \
    static bool pc_machine_get_##field(Object *obj, Error **errp)              \
    {                                                                          \
        return PC_MACHINE(obj)->field;                                         \
    }                                                                          \
    static void pc_machine_set_##field(Object *obj, bool value, Error **errp)  \
    {                                                                          \
        PC_MACHINE(obj)->field = value;                                        \
    }

PC_BOOL_PROP(hpet_enabled)
PC_BOOL_PROP(sata_enabled)
PC_BOOL_PROP(smbus_enabled)
PC_BOOL_PROP(i8042_enabled)
PC_BOOL_PROP(default_bus_bypass_iommu)

static int pc_machine_get_vmport(Object *obj, Error **errp)
{
    return PC_MACHINE(obj)->vmport;
}

static void pc_machine_set_vmport(Object *obj, int value, Error **errp)
{
    PC_MACHINE(obj)->vmport = value;
}

static void pc_machine_get_max_fw_size(Object *obj, Visitor *v,
                                       const char *name, void *opaque,
                                       Error **errp)
{
    uint64_t value = PC_MACHINE(obj)->max_fw_size;

    visit_type_size(v, name, &value, errp);
}

static void pc_machine_set_max_fw_size(Object *obj, Visitor *v,
                                       const char *name, void *opaque,
                                       Error **errp)
{
    uint64_t value;

    if (!visit_type_size(v, name, &value, errp)) {
        return;
    }
    /*
     * QEMU 7.2's limit and text, typos included: the flash sits below
     * the IO-APIC at 0xfec00000, and more than 16 MiB would reach it.
     */
    if (value > 16 * MiB) {
        error_setg(errp,
                   "User specified max allowed firmware size %" PRIu64
                   " is greater than 16MiB. If combined firwmare size "
                   "exceeds 16MiB the system may not boot, or experience "
                   "intermittentstability issues.",
                   value);
        return;
    }
    PC_MACHINE(obj)->max_fw_size = value;
}

static const QEnumLookup SmbiosEntryPointType_lookup = {
    .array = SmbiosEntryPointType_str,
    .size = SMBIOS_ENTRY_POINT_TYPE__MAX,
};

static void pc_machine_get_smbios_ep(Object *obj, Visitor *v, const char *name,
                                     void *opaque, Error **errp)
{
    int value = PC_MACHINE(obj)->smbios_entry_point_type;

    visit_type_enum(v, name, &value, &SmbiosEntryPointType_lookup, errp);
}

static void pc_machine_set_smbios_ep(Object *obj, Visitor *v, const char *name,
                                     void *opaque, Error **errp)
{
    int value;

    if (visit_type_enum(v, name, &value, &SmbiosEntryPointType_lookup, errp)) {
        PC_MACHINE(obj)->smbios_entry_point_type = value;
    }
}

static void pc_machine_add_bool(ObjectClass *oc, const char *name,
                                bool (*get)(Object *, Error **),
                                void (*set)(Object *, bool, Error **),
                                const char *desc)
{
    object_class_property_add_bool(oc, name, get, set);
    if (desc) {
        object_class_property_set_description(oc, name, desc);
    }
}

static void pc_machine_initfn(Object *obj)
{
    PCMachineState *pcms = PC_MACHINE(obj);

    /* QEMU 7.2's defaults (pc_machine_initfn). */
    pcms->hpet_enabled = true;
    pcms->sata_enabled = true;
    pcms->smbus_enabled = true;
    pcms->i8042_enabled = true;
    pcms->vmport = ON_OFF_AUTO_AUTO;
    pcms->max_fw_size = 8 * MiB;
}

/*
 * The machine leaves the tree (tests build several in a process): its
 * mapped regions keep it alive until the memory map goes, so take its
 * devices down now, while the regions they alias (PAM windows, PCI bus
 * master views of system memory) still exist.
 */
static int pc_machine_unparent_child(Object *child, void *opaque)
{
    object_unparent(child);
    return 0;
}

static void pc_machine_unparent(Object *obj)
{
    object_child_foreach(obj, pc_machine_unparent_child, NULL);
}

static void pc_machine_finalize(Object *obj)
{
    PCMachineState *pcms = PC_MACHINE(obj);

    /*
     * Unmapped by now (a mapped region keeps its owner alive); aliases
     * go before what they point at, containers before what they hold,
     * and ms->ram is the core's.  Regions never initialised are skipped.
     */
    memory_region_destroy(&pcms->pci_memory);
    memory_region_destroy(&pcms->ioport80);
    memory_region_destroy(&pcms->vga_window);
    memory_region_destroy(&pcms->bios_window);
    memory_region_destroy(&pcms->option_rom);
    memory_region_destroy(&pcms->ram_below_4g);
    memory_region_destroy(&pcms->ram_above_4g);
    pc_boot_images_free(pcms);
}

static void pc_machine_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);
    PCMachineClass *pcmc = PC_MACHINE_CLASS(oc);

    /* QEMU 7.2's values (pc_machine_class_init). */
    mc->max_cpus = 255;
    mc->default_cpu_type = X86_CPU_TYPE_NAME("qemu64");
    mc->default_ram_id = "pc.ram";
    mc->default_boot_order = "cad";
    mc->reset = pc_machine_reset;
    oc->unparent = pc_machine_unparent;
    pcmc->gigabyte_align = true;
    pcmc->default_cpu_version = 1;
    pcmc->smbios_uuid_encoded = true;
    pcmc->enforce_amd_1tb_hole = true;
    pcmc->acpi_data_size = 0x20000 + 0x8000;

    pc_machine_add_bool(oc, PC_MACHINE_HPET, pc_machine_get_hpet_enabled,
                        pc_machine_set_hpet_enabled,
                        "Enable/disable high precision event timer "
                        "emulation");
    object_class_property_add_enum(oc, PC_MACHINE_VMPORT, "OnOffAuto",
                                   &OnOffAuto_lookup, pc_machine_get_vmport,
                                   pc_machine_set_vmport);
    object_class_property_set_description(oc, PC_MACHINE_VMPORT,
                                          "Enable vmport (pc & q35)");
    pc_machine_add_bool(oc, PC_MACHINE_SATA, pc_machine_get_sata_enabled,
                        pc_machine_set_sata_enabled,
                        "Enable/disable Serial ATA bus");
    pc_machine_add_bool(oc, PC_MACHINE_SMBUS, pc_machine_get_smbus_enabled,
                        pc_machine_set_smbus_enabled,
                        "Enable/disable system management bus");
    pc_machine_add_bool(oc, PC_MACHINE_I8042, pc_machine_get_i8042_enabled,
                        pc_machine_set_i8042_enabled, NULL);
    pc_machine_add_bool(oc, PC_MACHINE_DEFAULT_BUS_BYPASS_IOMMU,
                        pc_machine_get_default_bus_bypass_iommu,
                        pc_machine_set_default_bus_bypass_iommu, NULL);
    object_class_property_add(oc, PC_MACHINE_MAX_FW_SIZE, "size",
                              pc_machine_get_max_fw_size,
                              pc_machine_set_max_fw_size, NULL, NULL);
    object_class_property_set_description(oc, PC_MACHINE_MAX_FW_SIZE,
                                          "Maximum combined firmware size");
    /* QEMU 7.2 declares it a string (the help says <str>). */
    object_class_property_add(oc, PC_MACHINE_SMBIOS_EP, "str",
                              pc_machine_get_smbios_ep,
                              pc_machine_set_smbios_ep, NULL, NULL);
    object_class_property_set_description(oc, PC_MACHINE_SMBIOS_EP,
                                          "SMBIOS Entry Point type [32, 64]");
}

static const TypeInfo pc_machine_info = {
    .name = TYPE_PC_MACHINE,
    .parent = TYPE_X86_MACHINE,
    .abstract = true,
    .instance_size = sizeof(PCMachineState),
    .instance_init = pc_machine_initfn,
    .instance_finalize = pc_machine_finalize,
    .class_size = sizeof(PCMachineClass),
    .class_init = pc_machine_class_init,
};

static void pc_machine_register_types(void)
{
    type_register_static(&pc_machine_info);
}

type_init(pc_machine_register_types)
