/*
 * What each older pc-i440fx-X.Y machine type keeps of the QEMU version
 * it is named after: QEMU's compat properties (hw/i386/pc.c pc_compat_*,
 * the facts; own tables), as far as they concern devices emu has.
 *
 * pc_compat_X_Y lists the defaults that changed after QEMU X.Y; machine
 * type X.Y and every older one apply it.  A machine type adds the lists
 * of every version from the newest down to its own, in that order, so
 * for a property listed twice the older value comes last and wins.
 *
 * Today the entries are the x86 CPU models', the I/O APIC's, the HPET's
 * and the i8042's (from QEMU's generic hw_compat_* lists).  Left out on purpose, to come with what
 * they configure:
 *   - the CPU properties emu's X86CPU does not have (KVM's and Hyper-V's:
 *     hv-version-id-*, kvm-msi-ext-dest-id, x-hv-synic-kvm-only,
 *     x-hv-max-vps, x-migrate-smi-count, kvm-no-smi-migration,
 *     x-intel-pt-auto-level): the KVM issue adds them with the property;
 *   - the chipset's (PIIX4_PM, ICH9-LPC, mch, apic; of i440FX-pcihost
 *     only x-pci-hole64-fix so far) and
 *     other devices' (virtio, USB, e1000, serial, ...), and QEMU's
 *     generic hw_compat_* lists: each device issue adds its own.
 * A test checks that every entry names a property its type has.
 */
#include "devices/fw_cfg.h"
#include "devices/hpet.h"
#include "devices/i440fx.h"
#include "devices/i8042.h"
#include "machine/x86-cpu.h"
#include "pc-internal.h"

#define CPUT(model) X86_CPU_TYPE_NAME(model)

/* Before QEMU 2.5 the qemu32/qemu64/athlon model-id named the version. */
#define PC_CPU_MODEL_IDS(v)                                                    \
    {CPUT("qemu32"), "model-id", "QEMU Virtual CPU version " v},               \
        {CPUT("qemu64"), "model-id", "QEMU Virtual CPU version " v},           \
        {CPUT("athlon"), "model-id", "QEMU Virtual CPU version " v},

static GlobalProperty pc_compat_6_0[] = {
    {CPUT("qemu64"), "family", "6"},
    {CPUT("qemu64"), "model", "6"},
    {CPUT("qemu64"), "stepping", "3"},
    {TYPE_X86_CPU, "x-vendor-cpuid-only", "off"},
    /* QEMU's hw_compat_6_0. */
    {TYPE_I8042, "extended-state", "false"},
};

static GlobalProperty pc_compat_3_1[] = {
    {CPUT("Opteron_G3"), "rdtscp", "off"},
    {CPUT("Opteron_G4"), "rdtscp", "off"},
    {CPUT("Opteron_G4"), "npt", "off"},
    {CPUT("Opteron_G4"), "nrip-save", "off"},
    {CPUT("Opteron_G5"), "rdtscp", "off"},
    {CPUT("Opteron_G5"), "npt", "off"},
    {CPUT("Opteron_G5"), "nrip-save", "off"},
    {CPUT("EPYC"), "npt", "off"},
    {CPUT("EPYC"), "nrip-save", "off"},
    {CPUT("EPYC-IBPB"), "npt", "off"},
    {CPUT("EPYC-IBPB"), "nrip-save", "off"},
    {CPUT("Skylake-Client"), "mpx", "on"},
    {CPUT("Skylake-Client-IBRS"), "mpx", "on"},
    {CPUT("Skylake-Server"), "mpx", "on"},
    {CPUT("Skylake-Server-IBRS"), "mpx", "on"},
    {CPUT("Cascadelake-Server"), "mpx", "on"},
    {CPUT("Icelake-Client"), "mpx", "on"},
    {CPUT("Icelake-Server"), "mpx", "on"},
    {CPUT("Cascadelake-Server"), "stepping", "5"},
};

static GlobalProperty pc_compat_3_0[] = {
    {CPUT("Skylake-Server"), "pku", "off"},
    {CPUT("Skylake-Server-IBRS"), "pku", "off"},
};

static GlobalProperty pc_compat_2_12[] = {
    {TYPE_X86_CPU, "legacy-cache", "on"},
    {TYPE_X86_CPU, "topoext", "off"},
    {CPUT("EPYC"), "xlevel", "0x8000000a"},
    {CPUT("EPYC-IBPB"), "xlevel", "0x8000000a"},
};

static GlobalProperty pc_compat_2_11[] = {
    {CPUT("Skylake-Server"), "clflushopt", "off"},
    /* QEMU's hw_compat_2_11. */
    {TYPE_HPET, "hpet-offset-saved", "false"},
};

static GlobalProperty pc_compat_2_10[] = {
    /* The 64-bit hole only where 64-bit BARs are (QEMU 2.10's). */
    {TYPE_I440FX_PCI_HOST_BRIDGE, "x-pci-hole64-fix", "off"},
};

static GlobalProperty pc_compat_2_8[] = {
    /* QEMU's hw_compat_2_8: fw_cfg's file slots of the time. */
    {TYPE_FW_CFG_IO, FW_CFG_PROP_FILE_SLOTS, "0x10"},
    {TYPE_X86_CPU, "tcg-cpuid", "off"},
    {TYPE_X86_CPU, "vmware-cpuid-freq", "off"},
    {CPUT("Haswell"), "stepping", "1"},
};

static GlobalProperty pc_compat_2_7[] = {
    /* QEMU's hw_compat_2_7: the 82093AA's version, without EOIR. */
    {TYPE_IOAPIC, "version", "0x11"},
    {TYPE_X86_CPU, "l3-cache", "off"},
    {TYPE_X86_CPU, "full-cpuid-auto-level", "off"},
    {CPUT("Opteron_G3"), "family", "15"},
    {CPUT("Opteron_G3"), "model", "6"},
    {CPUT("Opteron_G3"), "stepping", "1"},
};

static GlobalProperty pc_compat_2_6[] = {
    {TYPE_X86_CPU, "cpuid-0xb", "off"},
    {TYPE_X86_CPU, "fill-mtrr-mask", "off"},
};

static GlobalProperty pc_compat_2_4[] = {
    PC_CPU_MODEL_IDS("2.4.0")
    /* QEMU's hw_compat_2_4: fw_cfg had no DMA interface yet. */
    {TYPE_FW_CFG_IO, FW_CFG_PROP_DMA_ENABLED, "off"},
    {CPUT("Haswell"), "abm", "off"},
    {CPUT("Haswell-noTSX"), "abm", "off"},
    {CPUT("Broadwell"), "abm", "off"},
    {CPUT("Broadwell-noTSX"), "abm", "off"},
    {CPUT("host"), "host-cache-info", "on"},
    {TYPE_X86_CPU, "check", "off"},
    {CPUT("qemu64"), "sse4a", "on"},
    {CPUT("qemu64"), "abm", "on"},
    {CPUT("qemu64"), "popcnt", "on"},
    {CPUT("qemu32"), "popcnt", "on"},
    {CPUT("Opteron_G2"), "rdtscp", "on"},
    {CPUT("Opteron_G3"), "rdtscp", "on"},
    {CPUT("Opteron_G4"), "rdtscp", "on"},
    {CPUT("Opteron_G5"), "rdtscp", "on"},
};

static GlobalProperty pc_compat_2_3[] = {
    PC_CPU_MODEL_IDS("2.3.0"){TYPE_X86_CPU, "arat", "off"},
    {CPUT("qemu64"), "min-level", "4"},
    {CPUT("kvm64"), "min-level", "5"},
    {CPUT("pentium3"), "min-level", "2"},
    {CPUT("n270"), "min-level", "5"},
    {CPUT("Conroe"), "min-level", "4"},
    {CPUT("Penryn"), "min-level", "4"},
    {CPUT("Nehalem"), "min-level", "4"},
    {CPUT("n270"), "min-xlevel", "0x8000000a"},
    {CPUT("Penryn"), "min-xlevel", "0x8000000a"},
    {CPUT("Conroe"), "min-xlevel", "0x8000000a"},
    {CPUT("Nehalem"), "min-xlevel", "0x8000000a"},
    {CPUT("Westmere"), "min-xlevel", "0x8000000a"},
    {CPUT("SandyBridge"), "min-xlevel", "0x8000000a"},
    {CPUT("IvyBridge"), "min-xlevel", "0x8000000a"},
    {CPUT("Haswell"), "min-xlevel", "0x8000000a"},
    {CPUT("Haswell-noTSX"), "min-xlevel", "0x8000000a"},
    {CPUT("Broadwell"), "min-xlevel", "0x8000000a"},
    {CPUT("Broadwell-noTSX"), "min-xlevel", "0x8000000a"},
};

static GlobalProperty pc_compat_2_2[] = {
    PC_CPU_MODEL_IDS("2.2.0"){CPUT("kvm64"), "vme", "off"},
    {CPUT("kvm32"), "vme", "off"},
    {CPUT("Conroe"), "vme", "off"},
    {CPUT("Penryn"), "vme", "off"},
    {CPUT("Nehalem"), "vme", "off"},
    {CPUT("Westmere"), "vme", "off"},
    {CPUT("SandyBridge"), "vme", "off"},
    {CPUT("Haswell"), "vme", "off"},
    {CPUT("Broadwell"), "vme", "off"},
    {CPUT("Opteron_G1"), "vme", "off"},
    {CPUT("Opteron_G2"), "vme", "off"},
    {CPUT("Opteron_G3"), "vme", "off"},
    {CPUT("Opteron_G4"), "vme", "off"},
    {CPUT("Opteron_G5"), "vme", "off"},
    {CPUT("Haswell"), "f16c", "off"},
    {CPUT("Haswell"), "rdrand", "off"},
    {CPUT("Broadwell"), "f16c", "off"},
    {CPUT("Broadwell"), "rdrand", "off"},
};

static GlobalProperty pc_compat_2_1[] = {
    PC_CPU_MODEL_IDS("2.1.0"){CPUT("coreduo"), "vmx", "on"},
    {CPUT("core2duo"), "vmx", "on"},
};

static GlobalProperty pc_compat_2_0[] = {PC_CPU_MODEL_IDS("2.0.0")};

typedef struct PCCompat {
    int major, minor;
    GlobalProperty *props;
    size_t len;
} PCCompat;

#define PC_COMPAT(maj, min, arr)                                               \
    {                                                                          \
        maj, min, arr, G_N_ELEMENTS(arr)                                       \
    }

/* Newest first; versions with nothing emu has are left out. */
static const PCCompat pc_compat[] = {
    PC_COMPAT(6, 0, pc_compat_6_0),   PC_COMPAT(3, 1, pc_compat_3_1),
    PC_COMPAT(3, 0, pc_compat_3_0),   PC_COMPAT(2, 12, pc_compat_2_12),
    PC_COMPAT(2, 11, pc_compat_2_11), PC_COMPAT(2, 10, pc_compat_2_10),
    PC_COMPAT(2, 8, pc_compat_2_8),
    PC_COMPAT(2, 7, pc_compat_2_7),   PC_COMPAT(2, 6, pc_compat_2_6),
    PC_COMPAT(2, 4, pc_compat_2_4),   PC_COMPAT(2, 3, pc_compat_2_3),
    PC_COMPAT(2, 2, pc_compat_2_2),   PC_COMPAT(2, 1, pc_compat_2_1),
    PC_COMPAT(2, 0, pc_compat_2_0),
};

void pc_i440fx_add_compat_props(MachineClass *mc, int major, int minor)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(pc_compat); i++) {
        const PCCompat *c = &pc_compat[i];

        /* Version c.major.c.minor's list applies to it and older types. */
        if (c->major > major || (c->major == major && c->minor >= minor)) {
            compat_props_add(mc->compat_props, c->props, c->len);
        }
    }
}
