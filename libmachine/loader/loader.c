/*
 * The -kernel dispatcher, plain ELF executables and raw images.
 *
 * Format detection follows QEMU's pc machine (x86_load_linux()): the
 * Linux "HdrS" signature first, then a multiboot header.  QEMU would go
 * on to treat anything else as an old zImage; emu refuses zImages and
 * instead loads plain x86 ELF executables directly, which is how its
 * own guests without a multiboot header start.
 */
#include <inttypes.h>
#include <string.h>

#include "loader-internal.h"

bool loader_load_elf(const LoaderTarget *t, LoaderFile *f, BootState *bs,
                     Error **errp)
{
    LoaderCtx ctx;
    LoaderElfInfo info;
    bool ok = false;

    loader_ctx_init(&ctx, t, loader_file_label(f));
    /*
     * The entry structures are claimed first so that a segment landing
     * on them is reported as an overlap; the mode depends on the class.
     */
    if (!loader_elf_probe(f)) {
        error_setg(errp, "%s: not an ELF file", ctx.label);
        goto out;
    }
    {
        uint8_t ident[5];

        if (!loader_file_read(f, 0, ident, sizeof(ident), "ELF identification",
                              errp)) {
            goto out;
        }
        if (!loader_setup_entry(
                &ctx, ident[4] == 2 ? BOOT_MODE_LONG64 : BOOT_MODE_PROT32,
                errp)) {
            goto out;
        }
    }
    if (!loader_elf_load(&ctx, f, 0, LOADER_4G, &info, errp)) {
        goto out;
    }
    if (info.is64) {
        boot_state_init_long64(bs, info.entry);
    } else {
        boot_state_init_prot32(bs, info.entry);
    }
    ok = true;
out:
    loader_ctx_cleanup(&ctx);
    return ok;
}

bool loader_load_raw(const LoaderTarget *t, LoaderFile *f, uint64_t addr,
                     BootCpuMode mode, BootState *bs, Error **errp)
{
    const char *label = loader_file_label(f);
    uint64_t size = loader_file_size(f);
    uint64_t limit;
    LoaderCtx ctx;
    bool ok = false;

    if (size == 0) {
        error_setg(errp, "%s: the image is empty", label);
        return false;
    }
    /* Where the entry point and image must be for the mode to reach them. */
    switch (mode) {
    case BOOT_MODE_REAL:
        limit = LOADER_1M;
        break;
    case BOOT_MODE_PROT32:
    case BOOT_MODE_LONG64:
        limit = LOADER_4G;
        break;
    default:
        g_assert_not_reached();
    }
    if (addr >= limit || (mode != BOOT_MODE_LONG64 && size > limit - addr)) {
        error_setg(errp,
                   "%s: image at 0x%" PRIx64 " (%" PRIu64 " bytes) "
                   "does not end below %s",
                   label, addr, size, limit == LOADER_1M ? "1 MiB" : "4 GiB");
        return false;
    }

    loader_ctx_init(&ctx, t, label);
    if (!loader_setup_entry(&ctx, mode, errp) ||
        !loader_claim(&ctx, addr, size, "image", errp) ||
        !loader_copy_file(&ctx, f, 0, size, addr, "image", errp)) {
        goto out;
    }
    switch (mode) {
    case BOOT_MODE_REAL:
        boot_state_init_real(bs, (addr >> 4) & 0xf000, addr & 0xffff);
        break;
    case BOOT_MODE_PROT32:
        boot_state_init_prot32(bs, addr);
        break;
    case BOOT_MODE_LONG64:
        boot_state_init_long64(bs, addr);
        break;
    }
    ok = true;
out:
    loader_ctx_cleanup(&ctx);
    return ok;
}

LoaderKernelFormat loader_probe_kernel(LoaderFile *f)
{
    uint8_t magic[4];

    if (loader_file_read(f, 0x202, magic, sizeof(magic), "setup header",
                         NULL) &&
        ld32(magic) == 0x53726448) {
        return LOADER_FORMAT_LINUX;
    }
    if (loader_multiboot_find_header(f) >= 0) {
        return LOADER_FORMAT_MULTIBOOT;
    }
    if (loader_elf_probe(f)) {
        return LOADER_FORMAT_ELF;
    }
    return LOADER_FORMAT_UNKNOWN;
}

bool loader_load_kernel(const LoaderTarget *t, const LoaderKernelArgs *args,
                        BootState *bs, Error **errp)
{
    g_autofree char *label = g_strdup_printf("-kernel %s", args->kernel);
    LoaderFile *kernel, *initrd = NULL;
    bool ok = false;

    kernel = loader_file_open(args->kernel, label, errp);
    if (!kernel) {
        return false;
    }
    switch (loader_probe_kernel(kernel)) {
    case LOADER_FORMAT_LINUX:
        if (args->initrd) {
            g_autofree char *ilabel =
                g_strdup_printf("-initrd %s", args->initrd);

            initrd = loader_file_open(args->initrd, ilabel, errp);
            if (!initrd) {
                break;
            }
        }
        ok = loader_load_linux(t, kernel, initrd, args->cmdline,
                               args->linux_entry, bs, errp);
        break;
    case LOADER_FORMAT_MULTIBOOT:
        ok = loader_load_multiboot(t, kernel, args->cmdline, args->initrd, bs,
                                   errp);
        break;
    case LOADER_FORMAT_ELF:
        if (args->initrd) {
            error_setg(errp,
                       "%s: a plain ELF kernel takes no -initrd (only "
                       "Linux and multiboot kernels do)",
                       label);
        } else if (args->cmdline && *args->cmdline) {
            error_setg(errp,
                       "%s: a plain ELF kernel takes no -append (only "
                       "Linux and multiboot kernels do)",
                       label);
        } else {
            ok = loader_load_elf(t, kernel, bs, errp);
        }
        break;
    case LOADER_FORMAT_UNKNOWN:
        error_setg(errp,
                   "%s: not a Linux bzImage, multiboot or x86 ELF "
                   "image",
                   label);
        break;
    }
    loader_file_free(initrd);
    loader_file_free(kernel);
    return ok;
}
