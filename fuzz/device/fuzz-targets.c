/*
 * The named targets (fuzz/README.md lists them).  Each runs the machine
 * with every device (so that one device's effect on another, an IRQ or
 * a DMA, is live) and fuzzes one group's regions.
 */
#include <stddef.h>
#include <string.h>

#include "fuzz-targets.h"

static const FuzzTarget targets[] = {
    {"generic", FUZZ_ALL_DEVICES_ARGS, "*",
     "every region and PCI function of the pc machine"},
    {"serial", FUZZ_ALL_DEVICES_ARGS, "isa-serial",
     "the 16550A UART (COM1)"},
    {"rtc", FUZZ_ALL_DEVICES_ARGS, "mc146818rtc",
     "the MC146818 RTC and CMOS"},
    {"pit", FUZZ_ALL_DEVICES_ARGS, "isa-pit isa-pcspk",
     "the i8254 PIT and the speaker port 0x61 (its channel 2 gate)"},
    {"pic", FUZZ_ALL_DEVICES_ARGS, "isa-i8259",
     "the two i8259 PICs and their ELCRs"},
    {"ioapic", FUZZ_ALL_DEVICES_ARGS, "ioapic",
     "the I/O APIC"},
    {"apic", FUZZ_ALL_DEVICES_ARGS, "apic*",
     "CPU 0's local APIC registers (0xfee00000), as the CPU accesses them",
     .as_cpu = true},
    {"msi", FUZZ_ALL_DEVICES_ARGS, "apic*",
     "the MSI window (0xfee00000) as devices write it"},
    {"hpet", FUZZ_ALL_DEVICES_ARGS, "hpet",
     "the HPET"},
    {"i8042", FUZZ_ALL_DEVICES_ARGS, "i8042 ps2-*",
     "the i8042 keyboard controller with its PS/2 keyboard and mouse"},
    {"fw_cfg", FUZZ_ALL_DEVICES_ARGS, "fw_cfg*",
     "fw_cfg's I/O and DMA interfaces (with the SMBIOS and ACPI blobs)"},
    {"i440fx", FUZZ_ALL_DEVICES_ARGS, "i440FX*",
     "the i440FX host bridge: configuration mechanism #1, PAM, SMRAM"},
    {"piix", FUZZ_ALL_DEVICES_ARGS, "PIIX3 PIIX4_PM port92",
     "the PIIX3 ISA bridge, PIIX4 power management (ACPI, APM), port 0x92"},
    {"ide", FUZZ_ALL_DEVICES_ARGS, "piix3-ide",
     "the PIIX3 IDE function"},
    {"testdev", FUZZ_ALL_DEVICES_ARGS,
     "pc-testdev pci-testdev isa-debugcon isa-debug-exit pvpanic ioport80",
     "the test and debug devices"},
    {NULL, NULL, NULL, NULL, false},
};

const FuzzTarget *fuzz_targets(void)
{
    return targets;
}

const FuzzTarget *fuzz_target_find(const char *name)
{
    for (const FuzzTarget *t = targets; t->name; t++) {
        if (!strcmp(t->name, name)) {
            return t;
        }
    }
    return NULL;
}
