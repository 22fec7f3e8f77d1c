/*
 * The PC boards: TYPE_X86_MACHINE ("x86-machine", what every x86 board
 * shares: the RAM split below/above 4 GiB, the CPUs and their APIC IDs)
 * and TYPE_PC_MACHINE ("generic-pc-machine", the PC memory map, the PCI
 * and ISA buses, -kernel), with the versioned i440FX machine types
 * "pc-i440fx-X.Y" ("pc") on top.  QEMU 7.2's names and behaviour.
 *
 * Programs select these boards by name (select_machine("pc")) and need
 * nothing from this header; it is for tools and later devices that look
 * at a built PC: the e820 map it publishes, and where RAM went.
 *
 * Link libemu-devices whole (meson link_whole:, or -Wl,--whole-archive):
 * the types register from constructors that an ordinary static link
 * drops.
 */
#ifndef DEVICES_PC_H
#define DEVICES_PC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine/boards.h"
#include "machine/loader.h"

#define TYPE_X86_MACHINE "x86-machine"
#define TYPE_PC_MACHINE "generic-pc-machine"

/* The machine properties QEMU 7.2's pc machine has (-machine KEY=...). */
#define X86_MACHINE_MAX_RAM_BELOW_4G "max-ram-below-4g"
#define X86_MACHINE_SMM "smm"
#define X86_MACHINE_ACPI "acpi"
#define X86_MACHINE_PIT "pit"
#define X86_MACHINE_PIC "pic"
#define PC_MACHINE_HPET "hpet"
#define PC_MACHINE_VMPORT "vmport"
#define PC_MACHINE_SATA "sata"
#define PC_MACHINE_SMBUS "smbus"
#define PC_MACHINE_I8042 "i8042"
#define PC_MACHINE_MAX_FW_SIZE "max-fw-size"
#define PC_MACHINE_SMBIOS_EP "smbios-entry-point-type"
#define PC_MACHINE_DEFAULT_BUS_BYPASS_IOMMU "default-bus-bypass-iommu"

/* Where RAM beyond the low part goes (QEMU's x86ms->above_4g_mem_start). */
#define PC_ABOVE_4G_MEM_START ((uint64_t)0x100000000)

/* Whether ms is a PC board (TYPE_PC_MACHINE). */
bool pc_machine_is_pc(MachineState *ms);

/*
 * The e820 memory map the board built (sorted, non-overlapping), valid
 * while the machine lives; NULL with *len 0 before the board init.
 */
const LoaderMemRange *pc_machine_e820(MachineState *ms, size_t *len);

/* RAM below and above the 4 GiB boundary, in bytes (after board init). */
uint64_t pc_machine_below_4g_mem_size(MachineState *ms);
uint64_t pc_machine_above_4g_mem_size(MachineState *ms);

#endif /* DEVICES_PC_H */
