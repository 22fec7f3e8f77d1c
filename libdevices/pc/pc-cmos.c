/*
 * What the pc board leaves in CMOS RAM for the firmware (QEMU 7.2's
 * pc_cmos_init, its values checked with qtest against qemu-system-x86_64
 * -M pc -nodefaults): memory sizes, the CPU count, the boot order and
 * the equipment byte, in the IBM PC/AT layout with the Bochs BIOS
 * additions SeaBIOS reads.  Own code.
 *
 *   0x10       floppy drive types (0: none)
 *   0x12       hard disk types (0: none)
 *   0x14       equipment byte: FPU, PS/2 mouse, floppy count
 *   0x15-0x16  base memory in KiB (640)
 *   0x17-0x18  extended memory in KiB, 1 MiB to 64 MiB (0x30-0x31 too)
 *   0x34-0x35  memory from 16 MiB to 4 GiB in 64 KiB units
 *   0x38       third boot device (bits 7-4); bit 0 skips the floppy
 *              boot signature check (QEMU's -no-fd-bootchk: never here)
 *   0x3d       first (bits 3-0) and second (bits 7-4) boot devices
 *   0x5b-0x5d  memory above 4 GiB in 64 KiB units
 *   0x5f       CPUs at power-on minus 1
 *
 * The century (0x32, copied at 0x37) is the RTC's own.  emu has no
 * drives yet: QEMU writes the drive bytes (0x10, 0x12, 0x19-0x2d, 0x39)
 * only for drives that exist, so with none they stay 0 here as there.
 */
#include <string.h>

#include "devices/mc146818rtc.h"
#include "pc-internal.h"
#include "util/error.h"

#define CMOS_FLOPPY_TYPES 0x10
#define CMOS_DISK_TYPES 0x12
#define CMOS_EQUIPMENT 0x14
#define CMOS_BASE_MEM 0x15
#define CMOS_EXT_MEM 0x17
#define CMOS_EXT_MEM_COPY 0x30
#define CMOS_MEM_ABOVE_16M 0x34
#define CMOS_BOOT_3RD 0x38
#define CMOS_BOOT_1ST_2ND 0x3d
#define CMOS_MEM_ABOVE_4G 0x5b
#define CMOS_CPU_COUNT 0x5f

#define EQUIPMENT_FPU 0x02
#define EQUIPMENT_PS2_MOUSE 0x04

/* Up to 640 KiB of base memory; extended counts on from 1 MiB. */
#define BASE_MEM_KIB 640
#define MAX_16BIT 0xffff
#define PC_BOOT_DEVICES_MAX 3

static void cmos_set16(ISADevice *rtc, int addr, uint64_t val)
{
    val = MIN(val, MAX_16BIT);
    rtc_set_memory(rtc, addr, val & 0xff);
    rtc_set_memory(rtc, addr + 1, (val >> 8) & 0xff);
}

static void pc_cmos_memory(PCMachineState *pcms, ISADevice *rtc)
{
    X86MachineState *x86ms = X86_MACHINE(pcms);
    uint64_t below = x86ms->below_4g_mem_size;
    uint64_t above = x86ms->above_4g_mem_size / (64 * KiB);
    uint64_t ext = below > MiB ? (below - MiB) / KiB : 0;

    cmos_set16(rtc, CMOS_BASE_MEM, MIN(below / KiB, BASE_MEM_KIB));
    cmos_set16(rtc, CMOS_EXT_MEM, ext);
    cmos_set16(rtc, CMOS_EXT_MEM_COPY, ext);
    cmos_set16(rtc, CMOS_MEM_ABOVE_16M,
               below > 16 * MiB ? (below - 16 * MiB) / (64 * KiB) : 0);
    rtc_set_memory(rtc, CMOS_MEM_ABOVE_4G, above & 0xff);
    rtc_set_memory(rtc, CMOS_MEM_ABOVE_4G + 1, (above >> 8) & 0xff);
    rtc_set_memory(rtc, CMOS_MEM_ABOVE_4G + 2, (above >> 16) & 0xff);
}

/* A -boot letter as the BIOS's device code: floppy 1, disk 2, CD 3, net 4. */
static int pc_boot_device_code(char letter)
{
    switch (letter) {
    case 'a':
    case 'b':
        return 1;
    case 'c':
        return 2;
    case 'd':
        return 3;
    case 'n':
        return 4;
    default:
        return -1;
    }
}

/* Boot devices from order ("cad"), QEMU 7.2's checks and messages. */
static bool pc_cmos_set_boot_order(ISADevice *rtc, const char *order,
                                   Error **errp)
{
    int codes[PC_BOOT_DEVICES_MAX] = {0};
    size_t i, n = strlen(order);

    if (n > PC_BOOT_DEVICES_MAX) {
        error_setg(errp, "Too many boot devices for PC");
        return false;
    }
    for (i = 0; i < n; i++) {
        codes[i] = pc_boot_device_code(order[i]);
        if (codes[i] < 0) {
            error_setg(errp, "Invalid boot device for PC: '%c'", order[i]);
            return false;
        }
    }
    rtc_set_memory(rtc, CMOS_BOOT_1ST_2ND, codes[1] << 4 | codes[0]);
    /* Bit 0 clear: the floppy boot signature is checked. */
    rtc_set_memory(rtc, CMOS_BOOT_3RD, codes[2] << 4);
    return true;
}

bool pc_cmos_init(PCMachineState *pcms, Error **errp)
{
    MachineState *ms = MACHINE(pcms);
    const BootConfiguration *boot = &ms->boot_config;
    ISADevice *rtc = pcms->rtc;

    pc_cmos_memory(pcms, rtc);
    /* -boot once= is the first boot's; pc_cmos_reset() restores order. */
    if (!pc_cmos_set_boot_order(rtc, boot->order, errp) ||
        (boot->once && !pc_cmos_set_boot_order(rtc, boot->once, errp))) {
        return false;
    }
    rtc_set_memory(rtc, CMOS_EQUIPMENT, EQUIPMENT_FPU | EQUIPMENT_PS2_MOUSE);
    rtc_set_memory(rtc, CMOS_FLOPPY_TYPES, 0);
    rtc_set_memory(rtc, CMOS_DISK_TYPES, 0);
    /* QEMU counts the CPUs present at start, not the possible ones. */
    rtc_set_memory(rtc, CMOS_CPU_COUNT, ms->smp.cpus - 1);
    /* QEMU's link: /machine's rtc_state names the RTC. */
    object_property_add_link(OBJECT(pcms), "rtc_state", TYPE_ISA_DEVICE,
                             (Object **)&pcms->rtc, NULL, 0);
    return true;
}

void pc_cmos_reset(PCMachineState *pcms)
{
    MachineState *ms = MACHINE(pcms);

    /* The power-on reset keeps -boot once=; every later one drops it. */
    if (!pcms->rtc || !ms->boot_config.once) {
        return;
    }
    if (!pcms->cmos_powered_on) {
        pcms->cmos_powered_on = true;
        return;
    }
    pc_cmos_set_boot_order(pcms->rtc, ms->boot_config.order, &error_abort);
}
