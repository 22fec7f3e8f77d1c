/*
 * Linux bzImage loader, after the x86 boot protocol
 * (Documentation/arch/x86/boot.rst) and the zero page layout
 * (Documentation/arch/x86/zero-page.rst).
 *
 * emu enters the kernel directly in 64-bit mode ("64-bit boot
 * protocol", as direct-boot VMMs do) or in 32-bit protected mode
 * ("32-bit boot protocol"), never through the real-mode setup code,
 * which needs a BIOS.  So the loader does what the setup code would:
 * it builds boot_params with the setup header copied from the image and
 * the e820 table from the board's memory map.
 *
 * Minimum protocol 2.06 (Linux 2.6.22, 2007): it is the first with
 * cmdline_size, and all of the 32-bit protocol's fields are there.
 */
#include <inttypes.h>
#include <string.h>

#include "loader-internal.h"

/* Setup header fields, as offsets in the image and in boot_params. */
#define HDR_START 0x1f1
#define HDR_SETUP_SECTS 0x1f1
#define HDR_SYSSIZE 0x1f4
#define HDR_BOOT_FLAG 0x1fe
#define HDR_JUMP 0x200
#define HDR_HEADER 0x202
#define HDR_VERSION 0x206
#define HDR_TYPE_OF_LOADER 0x210
#define HDR_LOADFLAGS 0x211
#define HDR_CODE32_START 0x214
#define HDR_RAMDISK_IMAGE 0x218
#define HDR_RAMDISK_SIZE 0x21c
#define HDR_HEAP_END_PTR 0x224
#define HDR_CMD_LINE_PTR 0x228
#define HDR_INITRD_ADDR_MAX 0x22c
#define HDR_KERNEL_ALIGNMENT 0x230
#define HDR_RELOCATABLE 0x234
#define HDR_XLOADFLAGS 0x236
#define HDR_CMDLINE_SIZE 0x238
#define HDR_PREF_ADDRESS 0x258
#define HDR_INIT_SIZE 0x260
/* boot_params reserves up to here for the setup header. */
#define HDR_AREA_END 0x290

/* Where each protocol version's header ends (the last field we read). */
#define HDR_END_2_06 (HDR_CMDLINE_SIZE + 4)
#define HDR_END_2_10 (HDR_INIT_SIZE + 4)

#define BOOT_FLAG_MAGIC 0xaa55
#define HDRS_MAGIC 0x53726448 /* "HdrS" */

#define LOADED_HIGH 0x01
#define CAN_USE_HEAP 0x80
#define XLF_KERNEL_64 0x01

/* boot.rst: 0xff is "undefined", for loaders without an assigned ID. */
#define TYPE_OF_LOADER 0xff
/*
 * boot.rst's sample layout: heap ends at 0xe000 from the real-mode
 * base, heap_end_ptr = heap_end - 0x200.  Only the setup code uses the
 * heap, but the protocol asks for the field to be filled.
 */
#define HEAP_END_PTR (0xe000 - 0x200)

/* zero-page.rst */
#define BP_SIZE 0x1000
#define BP_E820_ENTRIES 0x1e8
#define BP_E820_TABLE 0x2d0
#define BP_E820_MAX 128
#define E820_ENTRY_SIZE 20

typedef struct LinuxImage {
    uint8_t hdr[HDR_AREA_END]; /* image bytes 0..HDR_AREA_END, as read */
    uint32_t hdr_end;          /* copied part: [HDR_START, hdr_end) */
    uint16_t version;
    uint64_t setup_size;
    uint64_t prot_size;
} LinuxImage;

static bool read_setup_header(LoaderFile *f, const char *label, LinuxImage *img,
                              Error **errp)
{
    uint32_t need;
    uint16_t flag;

    memset(img, 0, sizeof(*img));
    if (!loader_file_read(f, HDR_START, img->hdr + HDR_START,
                          HDR_VERSION + 2 - HDR_START, "setup header", errp)) {
        return false;
    }
    if (ld32(img->hdr + HDR_HEADER) != HDRS_MAGIC) {
        error_setg(errp,
                   "%s: not a Linux bzImage: no \"HdrS\" signature "
                   "at offset 0x202",
                   label);
        return false;
    }
    flag = ld16(img->hdr + HDR_BOOT_FLAG);
    if (flag != BOOT_FLAG_MAGIC) {
        error_setg(errp,
                   "%s: bad boot flag 0x%04x at offset 0x1fe "
                   "(expected 0xaa55)",
                   label, flag);
        return false;
    }
    img->version = ld16(img->hdr + HDR_VERSION);
    if (img->version < 0x206) {
        error_setg(errp,
                   "%s: Linux boot protocol %u.%02u is too old "
                   "(emu needs 2.06 or later)",
                   label, img->version >> 8, img->version & 0xff);
        return false;
    }
    /* boot.rst: the header ends at 0x202 + the byte at 0x201. */
    img->hdr_end = 0x202 + img->hdr[HDR_JUMP + 1];
    need = img->version >= 0x20a ? HDR_END_2_10 : HDR_END_2_06;
    if (img->hdr_end < need) {
        error_setg(errp,
                   "%s: setup header ends at 0x%x, too short for "
                   "boot protocol %u.%02u",
                   label, img->hdr_end, img->version >> 8, img->version & 0xff);
        return false;
    }
    /* Fields past boot_params' header area are not ours to copy. */
    img->hdr_end = MIN(img->hdr_end, HDR_AREA_END);
    return loader_file_read(f, HDR_START, img->hdr + HDR_START,
                            img->hdr_end - HDR_START, "setup header", errp);
}

static bool check_image(LoaderFile *f, const char *label, LinuxImage *img,
                        Error **errp)
{
    uint64_t size = loader_file_size(f);
    uint64_t sys_bytes;
    unsigned sects;

    if (!(img->hdr[HDR_LOADFLAGS] & LOADED_HIGH)) {
        error_setg(errp,
                   "%s: not a bzImage: loadflags LOADED_HIGH is "
                   "clear (zImage kernels are not supported)",
                   label);
        return false;
    }
    /* boot.rst: "If this field is 0, the real value is 4." */
    sects = img->hdr[HDR_SETUP_SECTS] ? img->hdr[HDR_SETUP_SECTS] : 4;
    img->setup_size = (uint64_t)(sects + 1) * 512;
    if (size <= img->setup_size) {
        error_setg(errp,
                   "%s: file too short: %" PRIu64 " bytes of setup "
                   "code leave no protected-mode kernel (the file has %" PRIu64
                   " bytes)",
                   label, img->setup_size, size);
        return false;
    }
    img->prot_size = size - img->setup_size;
    /* syssize (2.04+): the protected-mode code in 16-byte paragraphs. */
    sys_bytes = (uint64_t)ld32(img->hdr + HDR_SYSSIZE) * 16;
    if (sys_bytes > img->prot_size) {
        error_setg(errp,
                   "%s: file too short: the setup header declares %" PRIu64
                   " bytes of protected-mode kernel, the file has %" PRIu64,
                   label, sys_bytes, img->prot_size);
        return false;
    }
    return true;
}

/*
 * The end of the memory the kernel needs while it starts: its image, and
 * (2.10+) init_size bytes from the address it runs at, which for a
 * relocatable kernel is the load address rounded up to kernel_alignment
 * but not below pref_address (the decompressor's rule), else
 * pref_address.
 */
static bool kernel_extent(const char *label, const LinuxImage *img,
                          uint64_t load, uint64_t *end, uint64_t *run,
                          Error **errp)
{
    uint64_t align, start;

    *run = load;
    *end = load + img->prot_size;
    if (img->version < 0x20a) {
        return true;
    }
    if (img->hdr[HDR_RELOCATABLE]) {
        align = ld32(img->hdr + HDR_KERNEL_ALIGNMENT);
        if (align == 0 || (align & (align - 1))) {
            error_setg(errp, "%s: invalid kernel_alignment 0x%" PRIx64, label,
                       align);
            return false;
        }
        start = (load + align - 1) & ~(align - 1);
        start = MAX(start, ld64(img->hdr + HDR_PREF_ADDRESS));
    } else {
        start = ld64(img->hdr + HDR_PREF_ADDRESS);
    }
    if (start >= LOADER_4G) {
        error_setg(errp, "%s: kernel runs at 0x%" PRIx64 ", above 4 GiB", label,
                   start);
        return false;
    }
    *run = start;
    *end = MAX(*end, start + ld32(img->hdr + HDR_INIT_SIZE));
    return true;
}

static bool build_e820(const LoaderTarget *t, const char *label, uint8_t *bp,
                       Error **errp)
{
    size_t i;

    if (t->map_len > BP_E820_MAX) {
        error_setg(errp,
                   "%s: the memory map has %zu entries, boot_params "
                   "holds at most %d",
                   label, t->map_len, BP_E820_MAX);
        return false;
    }
    bp[BP_E820_ENTRIES] = t->map_len;
    for (i = 0; i < t->map_len; i++) {
        uint8_t *e = bp + BP_E820_TABLE + i * E820_ENTRY_SIZE;

        st64(e, t->map[i].addr);
        st64(e + 8, t->map[i].size);
        st32(e + 16, t->map[i].type);
    }
    return true;
}

bool loader_load_linux(const LoaderTarget *t, LoaderFile *kernel,
                       LoaderFile *initrd, const char *cmdline,
                       LoaderLinuxEntry entry, BootState *bs, Error **errp)
{
    const char *label = loader_file_label(kernel);
    g_autofree LinuxImage *img = g_new0(LinuxImage, 1);
    g_autofree uint8_t *bp = NULL;
    LoaderCtx ctx = {0};
    bool ok = false, use64;
    size_t cmdline_len;
    uint64_t max_cmdline, ram_end, kernel_end, run_addr;
    uint64_t initrd_addr = 0, initrd_size = 0;

    if (!cmdline) {
        cmdline = "";
    }
    if (!read_setup_header(kernel, label, img, errp) ||
        !check_image(kernel, label, img, errp)) {
        return false;
    }

    /* 64-bit entry: protocol 2.12 and XLF_KERNEL_64 (startup_64 at 0x200) */
    use64 = img->version >= 0x20c &&
            (ld16(img->hdr + HDR_XLOADFLAGS) & XLF_KERNEL_64);
    if (entry == LOADER_LINUX_ENTRY_64 && !use64) {
        error_setg(errp,
                   "%s: kernel has no 64-bit entry point (needs boot "
                   "protocol 2.12 and XLF_KERNEL_64)",
                   label);
        return false;
    }
    if (entry == LOADER_LINUX_ENTRY_32) {
        use64 = false;
    }

    /* cmdline_size excludes the terminating NUL. */
    cmdline_len = strlen(cmdline);
    max_cmdline = MIN((uint64_t)ld32(img->hdr + HDR_CMDLINE_SIZE),
                      (uint64_t)LOADER_CMDLINE_MAX - 1);
    if (cmdline_len > max_cmdline) {
        error_setg(errp,
                   "%s: kernel command line too long: %zu bytes, the "
                   "kernel accepts at most %" PRIu64,
                   label, cmdline_len, max_cmdline);
        return false;
    }

    /* The kernel and the initrd live in the RAM that contains 1 MiB. */
    ram_end = MIN(loader_ram_end(t, LOADER_LINUX_LOAD_ADDR), LOADER_4G);
    if (ram_end == 0) {
        error_setg(errp, "%s: no RAM at 0x%x to load the kernel", label,
                   LOADER_LINUX_LOAD_ADDR);
        return false;
    }
    if (img->prot_size > ram_end - LOADER_LINUX_LOAD_ADDR) {
        error_setg(errp,
                   "%s: kernel too big for RAM: %" PRIu64 " bytes at "
                   "0x%x, RAM there ends at 0x%" PRIx64,
                   label, img->prot_size, LOADER_LINUX_LOAD_ADDR, ram_end);
        return false;
    }
    if (!kernel_extent(label, img, LOADER_LINUX_LOAD_ADDR, &kernel_end,
                       &run_addr, errp)) {
        return false;
    }
    if (kernel_end > ram_end) {
        error_setg(errp,
                   "%s: kernel too big for RAM: it needs memory up to "
                   "0x%" PRIx64 " (init_size 0x%x at 0x%" PRIx64 "), RAM "
                   "ends at 0x%" PRIx64,
                   label, kernel_end, ld32(img->hdr + HDR_INIT_SIZE), run_addr,
                   ram_end);
        return false;
    }

    /*
     * boot.rst: the initrd goes as high as possible, below
     * initrd_addr_max (the last byte it may occupy) and the end of low
     * RAM; 4 KiB aligned as every loader does.
     */
    if (initrd) {
        uint64_t limit =
            MIN((uint64_t)ld32(img->hdr + HDR_INITRD_ADDR_MAX) + 1, ram_end);

        initrd_size = loader_file_size(initrd);
        if (initrd_size > limit ||
            ((limit - initrd_size) & ~(LOADER_PAGE - 1)) < kernel_end) {
            error_setg(errp,
                       "%s: initrd too large: %" PRIu64 " bytes do not "
                       "fit between the end of the kernel at 0x%" PRIx64
                       " and 0x%" PRIx64,
                       loader_file_label(initrd), initrd_size, kernel_end,
                       limit);
            return false;
        }
        initrd_addr = (limit - initrd_size) & ~(LOADER_PAGE - 1);
    }

    bp = g_malloc0(BP_SIZE);
    memcpy(bp + HDR_START, img->hdr + HDR_START, img->hdr_end - HDR_START);
    bp[HDR_TYPE_OF_LOADER] = TYPE_OF_LOADER;
    bp[HDR_LOADFLAGS] |= CAN_USE_HEAP;
    st16(bp + HDR_HEAP_END_PTR, HEAP_END_PTR);
    st32(bp + HDR_CODE32_START, LOADER_LINUX_LOAD_ADDR);
    st32(bp + HDR_CMD_LINE_PTR, LOADER_CMDLINE_ADDR);
    st32(bp + HDR_RAMDISK_IMAGE, initrd_size ? initrd_addr : 0);
    st32(bp + HDR_RAMDISK_SIZE, initrd_size);
    if (!build_e820(t, label, bp, errp)) {
        return false;
    }

    loader_ctx_init(&ctx, t, label);
    if (!loader_setup_entry(&ctx, use64 ? BOOT_MODE_LONG64 : BOOT_MODE_PROT32,
                            errp) ||
        !loader_claim(&ctx, LOADER_BOOT_PARAMS, BP_SIZE, "boot_params", errp) ||
        !loader_claim(&ctx, LOADER_CMDLINE_ADDR, cmdline_len + 1,
                      "command line", errp) ||
        !loader_claim(&ctx, LOADER_LINUX_LOAD_ADDR, img->prot_size, "kernel",
                      errp)) {
        goto out;
    }
    if (initrd_size) {
        if (!loader_claim(&ctx, initrd_addr, initrd_size, "initrd", errp) ||
            !loader_copy_file(&ctx, initrd, 0, initrd_size, initrd_addr,
                              "initrd", errp)) {
            goto out;
        }
    }
    if (!loader_copy_file(&ctx, kernel, img->setup_size, img->prot_size,
                          LOADER_LINUX_LOAD_ADDR, "kernel", errp) ||
        !loader_write(&ctx, LOADER_BOOT_PARAMS, bp, BP_SIZE, errp) ||
        !loader_write(&ctx, LOADER_CMDLINE_ADDR, cmdline, cmdline_len + 1,
                      errp)) {
        goto out;
    }

    /* boot.rst, 32-bit and 64-bit boot protocols: entry registers. */
    if (use64) {
        boot_state_init_long64(bs, LOADER_LINUX_LOAD_ADDR + 0x200);
    } else {
        boot_state_init_prot32(bs, LOADER_LINUX_LOAD_ADDR);
    }
    bs->rsi = LOADER_BOOT_PARAMS;
    ok = true;
out:
    loader_ctx_cleanup(&ctx);
    return ok;
}
