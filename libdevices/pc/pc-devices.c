/*
 * The pc board's built-in ISA and system devices, created after the
 * buses and interrupt controllers (QEMU's pc_basic_device_init): each
 * chipset device adds its creation here, in QEMU's order.
 */
#include "devices/misc.h"
#include "machine/isa.h"
#include "pc-internal.h"

bool pc_basic_device_init(PCMachineState *pcms, Error **errp)
{
    /* Port 0x80, which firmware and kernels write to as a delay. */
    ioport80_init(&pcms->ioport80, OBJECT(pcms), get_system_io());
    return true;
}
