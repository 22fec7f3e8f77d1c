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

#include <glib.h>

#include "machine/cpu.h"
#include "machine/x86-cpu.h"
#include "pc-internal.h"
#include "util/error.h"

/* One range the loaders wrote: put back at every reset. */
typedef struct PCBootBlob {
    uint64_t addr;
    GByteArray *data;
} PCBootBlob;

static void pc_boot_blob_free(gpointer p)
{
    PCBootBlob *blob = p;

    g_byte_array_unref(blob->data);
    g_free(blob);
}

/* Keep a copy of what was written; a write that continues the last one
 * extends it (loaders write an image in consecutive pieces). */
static void pc_boot_blob_record(PCMachineState *pcms, uint64_t addr,
                                const void *buf, size_t len)
{
    GPtrArray *blobs = pcms->boot_blobs;
    PCBootBlob *last = blobs->len ? g_ptr_array_index(blobs, blobs->len - 1)
                                  : NULL;

    if (!last || last->addr + last->data->len != addr) {
        last = g_new0(PCBootBlob, 1);
        last->addr = addr;
        last->data = g_byte_array_sized_new(len);
        g_ptr_array_add(blobs, last);
    }
    g_byte_array_append(last->data, buf, len);
}

/*
 * The loaders only write inside the map's RAM ranges, which the board
 * mapped as RAM; write_rom also reaches ROM, as loaders of firmware must.
 */
static bool pc_loader_write(void *opaque, uint64_t addr, const void *buf,
                            size_t len, Error **errp)
{
    PCMachineState *pcms = opaque;
    MemTxResult res = address_space_write_rom(&address_space_memory, addr,
                                              MEMTXATTRS_UNSPECIFIED, buf, len);

    if (res != MEMTX_OK) {
        error_setg(errp, "cannot write %zu bytes of guest memory at 0x%" PRIx64,
                   len, addr);
        return false;
    }
    pc_boot_blob_record(pcms, addr, buf, len);
    return true;
}

/*
 * A reset boots the images as they were loaded, not as the guest left
 * them (a kernel decompresses over itself, data sections change): QEMU
 * writes its ROM blobs back the same way.
 */
void pc_reload_boot_images(PCMachineState *pcms)
{
    for (guint i = 0; pcms->boot_blobs && i < pcms->boot_blobs->len; i++) {
        PCBootBlob *blob = g_ptr_array_index(pcms->boot_blobs, i);

        /* The RAM is the same as at load time: this cannot fail. */
        address_space_write_rom(&address_space_memory, blob->addr,
                                MEMTXATTRS_UNSPECIFIED, blob->data->data,
                                blob->data->len);
    }
}

void pc_boot_images_free(PCMachineState *pcms)
{
    if (pcms->boot_blobs) {
        g_ptr_array_unref(pcms->boot_blobs);
        pcms->boot_blobs = NULL;
    }
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
    pcms->boot_blobs = g_ptr_array_new_with_free_func(pc_boot_blob_free);
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
