/*
 * -kernel/-initrd/-append as fw_cfg items, for firmware that loads Linux
 * itself (QEMU's x86_load_linux hands them to its linuxboot option ROM;
 * the items and the setup header patches as QEMU 7.2 gives them,
 * observed through qtest).  emu still enters the kernel directly
 * (pc-boot.c): these only describe the same kernel to firmware.
 *
 * Linux boot protocol (Documentation/x86/boot.rst), for 2.02+ kernels
 * loaded high, as emu's loader requires: setup at 0x10000, command line
 * at 0x20000, protected-mode code at 1 MiB, the initrd as high as the
 * kernel allows below what the firmware keeps for ACPI.
 *
 * Multiboot and ELF kernels get no items: QEMU passes those through
 * other option ROMs, which emu does not have.
 */
#include <stdlib.h>
#include <string.h>

#include "devices/fw_cfg.h"
#include "machine/loader.h"
#include "pc-internal.h"
#include "util/error.h"

#define LINUX_REAL_ADDR 0x10000
#define LINUX_CMDLINE_ADDR 0x20000
#define LINUX_PROT_ADDR 0x100000
#define LINUX_INITRD_MAX_DEFAULT 0x37ffffff

/* Setup header fields (boot.rst). */
#define HDR_SETUP_SECTS 0x1f1
#define HDR_VID_MODE 0x1fa
#define HDR_VERSION 0x206
#define HDR_TYPE_OF_LOADER 0x210
#define HDR_LOADFLAGS 0x211
#define HDR_RAMDISK_IMAGE 0x218
#define HDR_RAMDISK_SIZE 0x21c
#define HDR_HEAP_END_PTR 0x224
#define HDR_CMD_LINE_PTR 0x228
#define HDR_INITRD_ADDR_MAX 0x22c
#define HDR_XLOADFLAGS 0x236
#define CAN_USE_HEAP 0x80
#define XLF_CAN_BE_LOADED_ABOVE_4G 0x02
/* QEMU's boot loader ID. */
#define QEMU_TYPE_OF_LOADER 0xb0

static uint16_t ld16(const uint8_t *p)
{
    return p[0] | p[1] << 8;
}

static uint32_t ld32(const uint8_t *p)
{
    return ld16(p) | (uint32_t)ld16(p + 2) << 16;
}

static void st16(uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}

static void st32(uint8_t *p, uint32_t v)
{
    st16(p, v);
    st16(p + 2, v >> 16);
}

/* "vga=" on the command line sets the setup header's video mode. */
static void linux_vga_mode(uint8_t *setup, const char *cmdline)
{
    const char *vga = strstr(cmdline, "vga=");
    uint16_t mode;

    if (!vga) {
        return;
    }
    vga += 4;
    if (!strncmp(vga, "normal", 6)) {
        mode = 0xffff;
    } else if (!strncmp(vga, "ext", 3)) {
        mode = 0xfffe;
    } else if (!strncmp(vga, "ask", 3)) {
        mode = 0xfffd;
    } else {
        mode = strtol(vga, NULL, 0);
    }
    st16(setup + HDR_VID_MODE, mode);
}

/* The highest address the initrd may end at. */
static uint32_t linux_initrd_max(PCMachineState *pcms, const uint8_t *setup)
{
    X86MachineState *x86ms = X86_MACHINE(pcms);
    uint64_t limit = x86ms->below_4g_mem_size -
                     PC_MACHINE_GET_CLASS(pcms)->acpi_data_size - 1;
    uint16_t version = ld16(setup + HDR_VERSION);
    uint64_t max;

    if (version >= 0x20c &&
        (ld16(setup + HDR_XLOADFLAGS) & XLF_CAN_BE_LOADED_ABOVE_4G)) {
        max = UINT32_MAX;
    } else {
        max = ld32(setup + HDR_INITRD_ADDR_MAX);
        if (!max) {
            max = LINUX_INITRD_MAX_DEFAULT;
        }
    }
    return MIN(max, limit);
}

static bool linux_add_initrd(PCMachineState *pcms, FWCfgState *fw_cfg,
                             uint8_t *setup, const char *path, Error **errp)
{
    g_autofree char *label = g_strdup_printf("-initrd %s", path);
    LoaderFile *f = loader_file_open(path, label, errp);
    uint32_t max = linux_initrd_max(pcms, setup);
    g_autofree uint8_t *data = NULL;
    uint64_t size;
    uint32_t addr;

    if (!f) {
        return false;
    }
    size = loader_file_size(f);
    if (size >= max) {
        error_setg(errp, "%s: initrd is too large, cannot support.", label);
        loader_file_free(f);
        return false;
    }
    data = g_malloc(size ? size : 1);
    if (!loader_file_read(f, 0, data, size, "initrd", errp)) {
        loader_file_free(f);
        return false;
    }
    loader_file_free(f);
    addr = (max - size) & ~4095u;
    fw_cfg_add_i32(fw_cfg, FW_CFG_INITRD_ADDR, addr);
    fw_cfg_add_i32(fw_cfg, FW_CFG_INITRD_SIZE, size);
    fw_cfg_add_bytes(fw_cfg, FW_CFG_INITRD_DATA, data, size);
    st32(setup + HDR_RAMDISK_IMAGE, addr);
    st32(setup + HDR_RAMDISK_SIZE, size);
    return true;
}

bool pc_fw_cfg_add_kernel(PCMachineState *pcms, Error **errp)
{
    MachineState *ms = MACHINE(pcms);
    FWCfgState *fw_cfg = pcms->fw_cfg;
    const char *cmdline = ms->kernel_cmdline ? ms->kernel_cmdline : "";
    g_autofree char *label = NULL;
    g_autofree uint8_t *setup = NULL;
    g_autofree uint8_t *kernel = NULL;
    LoaderFile *f;
    uint64_t file_size, setup_size, kernel_size;
    uint8_t sects;
    bool ok = false;

    if (!ms->kernel_filename) {
        return true;
    }
    label = g_strdup_printf("-kernel %s", ms->kernel_filename);
    f = loader_file_open(ms->kernel_filename, label, errp);
    if (!f) {
        return false;
    }
    /* pc_load_kernel checked the image (a Linux one here is 2.06+). */
    if (loader_probe_kernel(f) != LOADER_FORMAT_LINUX) {
        loader_file_free(f);
        return true;
    }
    if (!loader_file_read(f, HDR_SETUP_SECTS, &sects, 1, "setup header",
                          errp)) {
        goto out;
    }
    setup_size = ((uint64_t)(sects ? sects : 4) + 1) * 512;
    file_size = loader_file_size(f);
    if (setup_size > file_size) {
        error_setg(errp, "%s: invalid kernel header", label);
        goto out;
    }
    kernel_size = file_size - setup_size;
    setup = g_malloc(setup_size);
    kernel = g_malloc(kernel_size ? kernel_size : 1);
    if (!loader_file_read(f, 0, setup, setup_size, "setup code", errp) ||
        !loader_file_read(f, setup_size, kernel, kernel_size, "kernel", errp)) {
        goto out;
    }

    fw_cfg_add_i32(fw_cfg, FW_CFG_CMDLINE_ADDR, LINUX_CMDLINE_ADDR);
    fw_cfg_add_i32(fw_cfg, FW_CFG_CMDLINE_SIZE, strlen(cmdline) + 1);
    fw_cfg_add_string(fw_cfg, FW_CFG_CMDLINE_DATA, cmdline);
    st32(setup + HDR_CMD_LINE_PTR, LINUX_CMDLINE_ADDR);
    linux_vga_mode(setup, cmdline);
    setup[HDR_TYPE_OF_LOADER] = QEMU_TYPE_OF_LOADER;
    /* The heap ends where the command line starts. */
    setup[HDR_LOADFLAGS] |= CAN_USE_HEAP;
    st16(setup + HDR_HEAP_END_PTR,
         LINUX_CMDLINE_ADDR - LINUX_REAL_ADDR - 0x200);
    if (ms->initrd_filename &&
        !linux_add_initrd(pcms, fw_cfg, setup, ms->initrd_filename, errp)) {
        goto out;
    }
    fw_cfg_add_i32(fw_cfg, FW_CFG_KERNEL_ADDR, LINUX_PROT_ADDR);
    fw_cfg_add_i32(fw_cfg, FW_CFG_KERNEL_SIZE, kernel_size);
    fw_cfg_add_bytes(fw_cfg, FW_CFG_KERNEL_DATA, kernel, kernel_size);
    fw_cfg_add_i32(fw_cfg, FW_CFG_SETUP_ADDR, LINUX_REAL_ADDR);
    fw_cfg_add_i32(fw_cfg, FW_CFG_SETUP_SIZE, setup_size);
    fw_cfg_add_bytes(fw_cfg, FW_CFG_SETUP_DATA, setup, setup_size);
    ok = true;
out:
    loader_file_free(f);
    return ok;
}
