/*
 * -kernel, -initrd and -append on the PC: the loaders (machine/loader.h)
 * write into guest RAM through a LoaderTarget built on the memory API
 * and the board's e820 map, and their BootState becomes CPU 0's
 * registers.
 *
 * QEMU boots such kernels through its BIOS and an option ROM
 * (linuxboot_dma.bin, multiboot_dma.bin) that copy the images and jump
 * to them; emu has no BIOS yet, so the board enters the kernel directly,
 * in the state the boot protocol defines (as direct-boot VMMs such as
 * kvmtool and Firecracker do).
 */
#include <inttypes.h>

#include "machine/cpu.h"
#include "machine/x86-cpu.h"
#include "pc-internal.h"
#include "util/error.h"

/*
 * The loaders only write inside the map's RAM ranges, which the board
 * mapped as RAM; write_rom also reaches ROM, as loaders of firmware must.
 */
static bool pc_loader_write(void *opaque, uint64_t addr, const void *buf,
                            size_t len, Error **errp)
{
    MemTxResult res = address_space_write_rom(&address_space_memory, addr,
                                              MEMTXATTRS_UNSPECIFIED, buf, len);

    if (res != MEMTX_OK) {
        error_setg(errp, "cannot write %zu bytes of guest memory at 0x%" PRIx64,
                   len, addr);
        return false;
    }
    return true;
}

bool pc_load_kernel(PCMachineState *pcms, Error **errp)
{
    MachineState *ms = MACHINE(pcms);
    LoaderTarget target = {
        .map = pcms->e820,
        .map_len = pcms->e820_len,
        .write = pc_loader_write,
        .opaque = pcms,
    };
    LoaderKernelArgs args = {
        .kernel = ms->kernel_filename,
        .initrd = ms->initrd_filename,
        .cmdline = ms->kernel_cmdline,
        .linux_entry = LOADER_LINUX_ENTRY_AUTO,
    };

    if (!ms->kernel_filename) {
        return true;
    }
    if (!loader_load_kernel(&target, &args, &pcms->boot_state, errp)) {
        return false;
    }
    pcms->has_boot_state = true;
    return true;
}

void pc_apply_boot_state(PCMachineState *pcms, CPUState *cpu)
{
    if (pcms->has_boot_state) {
        x86_cpu_apply_boot_state(X86_CPU(cpu), &pcms->boot_state);
    }
}
