/*
 * Private to libdevices/pc: the state of the x86 and PC machine classes
 * and what their files share.
 *
 *   x86-machine.c   TYPE_X86_MACHINE: RAM split properties, CPUs, APIC IDs
 *   x86-gsi.c       the GSI lines and their fan-out to i8259 and I/O APIC
 *   pc-machine.c    TYPE_PC_MACHINE: PC properties, memory map, e820
 *   pc-boot.c       -kernel/-initrd/-append through the loaders
 *   pc-piix.c       the i440FX board init and the pc-i440fx-X.Y types
 *   pc-compat.c     what each older machine type keeps (compat props)
 *   pc-fw-cfg.c     the fw_cfg device's items and files, SMBIOS
 *   pc-tables.c     the firmware tables (MP, ACPI): see pc-tables.h
 */
#ifndef PC_INTERNAL_H
#define PC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "devices/ioapic.h"
#include "devices/pc.h"
#include "machine/boards.h"
#include "machine/cpu.h"
#include "machine/irq.h"
#include "machine/isa.h"
#include "machine/loader.h"
#include "machine/memory.h"
#include "machine/pci.h"
#include "machine/qdev-properties.h"
#include "machine/x86-topology.h"
#include "qom/object.h"

#define KiB ((uint64_t)1024)
#define MiB (1024 * KiB)
#define GiB (1024 * MiB)

OBJECT_DECLARE_TYPE(X86MachineState, X86MachineClass, X86_MACHINE)

/*
 * The x86 boards' global system interrupts (QEMU's GSIState): GSI n
 * drives ISA IRQ n of the i8259 pair (n < 16) and input n of the I/O
 * APIC.  A NULL target is a pin nothing is connected to yet.
 */
#define GSI_NUM_PINS IOAPIC_NUM_PINS
typedef struct GSIState {
    qemu_irq i8259_irq[ISA_NUM_IRQS];
    qemu_irq ioapic_irq[IOAPIC_NUM_PINS];
    /*
     * The accelerator's in-kernel controllers (KVM kernel-irqchip), which
     * then take every GSI instead of the two above; NULL: none.
     */
    qemu_irq accel_irq[GSI_NUM_PINS];
} GSIState;
OBJECT_DECLARE_TYPE(PCMachineState, PCMachineClass, PC_MACHINE)

struct X86MachineClass {
    MachineClass parent_class;
};

struct X86MachineState {
    MachineState parent_obj;

    /* The RAM split, computed by the board (pc_memory_init). */
    uint64_t below_4g_mem_size;
    uint64_t above_4g_mem_size;
    uint64_t above_4g_mem_start;

    /* Properties (QEMU's names in the comments). */
    uint64_t max_ram_below_4g; /* max-ram-below-4g; 0: the board's */
    OnOffAuto smm;             /* smm */
    OnOffAuto acpi;            /* acpi */
    OnOffAuto pit;             /* pit */
    OnOffAuto pic;             /* pic */

    /* The -smp topology as the APIC ID layout sees it. */
    X86CPUTopoInfo topo;
    /* Highest APIC ID of a possible CPU plus one. */
    uint32_t apic_id_limit;

    /*
     * The GSI lines (GSI_NUM_PINS; ISA IRQs are the first 16) and their
     * fan-out (x86-gsi.c); NULL before the board init.
     */
    qemu_irq *gsi;
    GSIState *gsi_state;
};

struct PCMachineClass {
    X86MachineClass parent_class;

    /*
     * What the unversioned CPU model names mean (x86_cpu_set_default_version):
     * 1 since QEMU 4.1, CPU_VERSION_LEGACY for pc-i440fx-4.0 and older.
     */
    int default_cpu_version;
    /*
     * Move the RAM split down to 3 GiB when RAM does not fit below
     * max-ram-below-4g (QEMU 1.8 and later machine types).
     */
    bool gigabyte_align;
    /* fw_cfg files numbered as QEMU 2.5 did (pc-i440fx-2.5 and older). */
    bool legacy_fw_cfg_order;
    /* SMBIOS fields through fw_cfg item 0x8001, no tables (2.0). */
    bool smbios_legacy_mode;
    /* SMBIOS 2.6's UUID byte order in type 1 (2.2 and later). */
    bool smbios_uuid_encoded;
    /* AMD CPUs: the HyperTransport hole below 1 TiB is reserved (7.1+). */
    bool enforce_amd_1tb_hole;
    /* RAM the firmware keeps below 4 GiB for ACPI (initrd stays under). */
    uint64_t acpi_data_size;
};

struct PCMachineState {
    X86MachineState parent_obj;

    /* Properties. */
    bool hpet_enabled;             /* hpet */
    OnOffAuto vmport;              /* vmport */
    bool sata_enabled;             /* sata */
    bool smbus_enabled;            /* smbus */
    bool i8042_enabled;            /* i8042 */
    uint64_t max_fw_size;          /* max-fw-size */
    bool default_bus_bypass_iommu; /* default-bus-bypass-iommu */

    /* The memory map (pc-machine.c), all owned by the machine. */
    bool memory_initialised;
    MemoryRegion pci_memory;   /* "pci": what PCI BARs and ISA memory see */
    MemoryRegion ram_below_4g; /* alias of ms->ram */
    MemoryRegion ram_above_4g; /* alias of ms->ram, may be unused */
    MemoryRegion vga_window;   /* 0xa0000-0xbffff, unassigned for now */
    MemoryRegion option_rom;   /* "pc.rom", 0xc0000-0xdffff */
    MemoryRegion bios_window;  /* 0xe0000-0xfffff: unassigned, or with
                                  -kernel the "isa-bios" tables ROM */
    MemoryRegion ioport80;     /* the POST port sink (devices/misc.h) */
    LoaderMemRange e820[8];
    size_t e820_len;

    /* The buses (pc-piix.c). */
    DeviceState *pci_host;
    PCIBus *pci_bus;
    PCIDevice *piix3; /* owns isa_bus, routes PCI INTx */
    ISABus *isa_bus;

    /* The RTC/CMOS (pc-devices.c, filled by pc-cmos.c). */
    ISADevice *rtc;
    bool cmos_powered_on; /* the power-on reset has run */

    /* fw_cfg (pc-fw-cfg.c); its machine-done part runs at first reset. */
    struct FWCfgState *fw_cfg;
    bool fw_cfg_done;
    int smbios_entry_point_type; /* smbios-entry-point-type */
    /* The ACPI fw_cfg files were rebuilt since the last reset. */
    bool acpi_build_patched;

    /* -kernel: the CPU state of the entry point (pc-boot.c). */
    bool has_boot_state;
    BootState boot_state;
    /* What the loaders wrote (PCBootBlob *), written again at reset. */
    GPtrArray *boot_blobs;
};

/* ---- x86-machine.c ---- */

/*
 * Create ms->smp.cpus CPUs of ms->cpu_type with their topology and APIC
 * IDs (QEMU's x86_cpus_init), after setting what the unversioned model
 * names mean.  The machine's reset resets them (pc-machine.c).
 */
bool x86_cpus_init(X86MachineState *x86ms, int default_cpu_version,
                   Error **errp);

/* ---- x86-gsi.c ---- */

/*
 * The GSI lines (*irqs, GSI_NUM_PINS of them) and the state they fan out
 * through, with every target unconnected (QEMU's pc_gsi_create).  The
 * machine frees both (x86-machine.c's finalize).
 */
GSIState *pc_gsi_create(qemu_irq **irqs);
/*
 * Create the I/O APIC as parent's child "ioapic", map it at
 * IO_APIC_DEFAULT_ADDRESS and connect GSI n to its input n (QEMU's
 * ioapic_init_gsi).
 */
bool ioapic_init_gsi(GSIState *gsi_state, Object *parent, Error **errp);
/*
 * The CPU's INTR pin for the master 8259's INT (QEMU's
 * pc_allocate_cpu_irq): the BSP's CPU_INTERRUPT_HARD, taken with the
 * pair's INTA cycles (cpu_get_pic_interrupt).  Owned by the machine.
 */
qemu_irq x86_allocate_cpu_irq(void);

/* ---- pc-kvm-chipset.c ---- */

/* KVM's kernel-irqchip=on: the kernel has the PICs, I/O APIC and PIT. */
bool pc_kernel_irqchip(PCMachineState *pcms);
/* The kvm-i8259 pair and the kvm-ioapic (/machine/i440fx/ioapic). */
bool pc_kvm_irqchip_init(PCMachineState *pcms, Error **errp);
/* The kvm-pit at 0x40; its GPIO input 0 is the HPET's legacy line. */
ISADevice *pc_kvm_pit_create(PCMachineState *pcms, Error **errp);

/* ---- pc-machine.c ---- */

/*
 * The RAM split below/above 4 GiB for ram_size, as QEMU's i440FX board
 * computes it (pc_init1): low part at most max_ram_below_4g (default
 * 3.5 GiB), lowered to 3 GiB when the RAM does not fit below it and the
 * machine type aligns to gigabytes.
 */
void pc_ram_split(uint64_t ram_size, uint64_t max_ram_below_4g,
                  bool gigabyte_align, uint64_t *below, uint64_t *above);

/*
 * Map RAM and the legacy regions, create the PCI memory space and build
 * the e820 table (QEMU's pc_memory_init, emu's placeholders for what
 * the chipset issue will route).
 */
bool pc_memory_init(PCMachineState *pcms, Error **errp);

/* ---- pc-boot.c ---- */

/*
 * -kernel/-initrd/-append: load through the loaders into guest RAM and
 * keep the entry state for CPU 0.  Nothing to do without -kernel.
 */
bool pc_load_kernel(PCMachineState *pcms, Error **errp);

/* pc-devices.c: the built-in ISA and system devices, after the buses. */
bool pc_basic_device_init(PCMachineState *pcms, Error **errp);
/* Put CPU 0 in the entry state, if there is one. */
void pc_apply_boot_state(PCMachineState *pcms, CPUState *cpu);
/* Write the loaded images back (every reset), free them (finalize). */
void pc_reload_boot_images(PCMachineState *pcms);
void pc_boot_images_free(PCMachineState *pcms);

/* ---- pc-cmos.c ---- */

/*
 * Fill pcms->rtc's CMOS RAM as the firmware expects it (QEMU's
 * pc_cmos_init): memory sizes, CPU count, boot order (-boot once= if
 * given), equipment; and /machine's rtc_state link.  Fails on a -boot
 * order the PC BIOS cannot express (QEMU's messages).
 */
bool pc_cmos_init(PCMachineState *pcms, Error **errp);
/* On every system reset: after the first, -boot once= gives way to order. */
void pc_cmos_reset(PCMachineState *pcms);

/* ---- pc-fw-cfg.c ---- */

/*
 * The fw_cfg device (/machine/fw_cfg, ports 0x510/0x514) with what the
 * board knows after its memory map (QEMU's fw_cfg_arch_create and the
 * device's own items): signature, ID, UUID, RAM size, CPU counts, NUMA,
 * -boot's menu, splash and reboot timeout, IRQ0 override, etc/e820.
 * Fails on a -boot value QEMU refuses there.
 */
bool pc_fw_cfg_init(PCMachineState *pcms, Error **errp);
/* -kernel/-initrd/-append as items firmware could load (Linux only). */
bool pc_fw_cfg_add_kernel(PCMachineState *pcms, Error **errp);
/*
 * At the first system reset, after -device (QEMU's machine-done
 * notifiers): SMBIOS, bootorder; then on every reset, the HPET item.
 * Exits as QEMU does on an SMBIOS error found only then.
 */
void pc_fw_cfg_reset(PCMachineState *pcms);

/* ---- pc-compat.c ---- */

/*
 * What a pc-i440fx-X.Y machine type keeps of older QEMU versions: the
 * compat properties of every version after it, newest first (as QEMU
 * chains them), so the oldest applicable value wins.
 */
void pc_i440fx_add_compat_props(MachineClass *mc, int major, int minor);

#endif /* PC_INTERNAL_H */
