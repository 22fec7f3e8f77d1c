/*
 * Multiboot v1 loader, after the Multiboot Specification 0.6.96:
 * section 3.1 (the OS image header), 3.2 (machine state at entry) and
 * 3.3 (the boot information structure).
 *
 * Images are ELF32 or use the "a.out kludge" address fields (header
 * flag 16).  Modules come from -initrd "file arg,file2": each is loaded
 * page-aligned after the kernel, and the information structure, the
 * module list, the memory map and the strings follow the last module.
 *
 * Required features (header flags 0-15): emu provides 0 (page-aligned
 * modules) and 1 (memory information).  Flag 2 (video mode table) and
 * any other required bit are refused, as section 3.1.2 demands of a
 * boot loader that cannot honour them.
 */
#include <inttypes.h>
#include <string.h>

#include "loader-internal.h"

#define MB_MAGIC 0x1BADB002
#define MB_BOOT_MAGIC 0x2BADB002
#define MB_SEARCH_LEN 8192

/* Header flags (3.1.2). */
#define MB_FLAG_PAGE_ALIGN (1u << 0)
#define MB_FLAG_MEMORY_INFO (1u << 1)
#define MB_FLAG_VIDEO_MODE (1u << 2)
#define MB_FLAG_AOUT_KLUDGE (1u << 16)
#define MB_FLAGS_REQUIRED 0x0000ffffu

/* Information structure (3.3). */
#define MBI_FLAGS 0
#define MBI_MEM_LOWER 4
#define MBI_MEM_UPPER 8
#define MBI_CMDLINE 16
#define MBI_MODS_COUNT 20
#define MBI_MODS_ADDR 24
#define MBI_MMAP_LENGTH 44
#define MBI_MMAP_ADDR 48
#define MBI_BOOT_LOADER_NAME 64
#define MBI_SIZE 88

#define MBI_HAS_MEMORY (1u << 0)
#define MBI_HAS_CMDLINE (1u << 2)
#define MBI_HAS_MODS (1u << 3)
#define MBI_HAS_MMAP (1u << 6)
#define MBI_HAS_LOADER_NAME (1u << 9)

#define MB_MOD_SIZE 16
/* A memory map entry: its size field, then 20 bytes. */
#define MB_MMAP_ENTRY_SIZE 24

#define MB_MAX_MODULES 256
#define MB_LOADER_NAME "emu"

typedef struct MbModule {
    char *spec; /* "file args", the module's command line */
    char *path;
    uint64_t start, end;
} MbModule;

static void mb_module_clear(gpointer p)
{
    MbModule *m = p;

    g_free(m->spec);
    g_free(m->path);
}

int64_t loader_multiboot_find_header(LoaderFile *f)
{
    uint8_t buf[MB_SEARCH_LEN];
    size_t n = MIN(loader_file_size(f), (uint64_t)MB_SEARCH_LEN);
    size_t off;

    if (!loader_file_read(f, 0, buf, n, "multiboot header search", NULL)) {
        return -1;
    }
    /* 3.1.1: 32-bit aligned, entirely within the first 8192 bytes. */
    for (off = 0; off + 12 <= n; off += 4) {
        uint32_t magic = ld32(buf + off);

        if (magic == MB_MAGIC && (uint32_t)(magic + ld32(buf + off + 4) +
                                            ld32(buf + off + 8)) == 0) {
            return off;
        }
    }
    return -1;
}

/*
 * Split the -initrd argument: modules are separated by ',', and ",,"
 * stands for a literal comma (QEMU's option-value rule).  A trailing
 * comma ends the list.
 */
static bool parse_modules(const char *arg, GArray *mods, Error **errp)
{
    g_autoptr(GString) cur = g_string_new(NULL);
    const char *p = arg;

    while (*p || cur->len) {
        if (*p && !(*p == ',' && p[1] != ',')) {
            g_string_append_c(cur, *p);
            p += (*p == ',') ? 2 : 1;
            continue;
        }
        if (cur->len == 0 || cur->str[0] == ' ') {
            error_setg(errp, "-initrd %s: empty multiboot module name", arg);
            return false;
        }
        if (mods->len == MB_MAX_MODULES) {
            error_setg(errp, "-initrd %s: more than %d multiboot modules", arg,
                       MB_MAX_MODULES);
            return false;
        }
        {
            MbModule m = {0};
            const char *space = strchr(cur->str, ' ');

            m.spec = g_strdup(cur->str);
            m.path = space ? g_strndup(cur->str, space - cur->str)
                           : g_strdup(cur->str);
            g_array_append_val(mods, m);
        }
        g_string_truncate(cur, 0);
        if (*p) {
            p++;
        }
    }
    return true;
}

/* 3.1.3: the a.out kludge fields give the load addresses directly. */
static bool load_aout_kludge(LoaderCtx *ctx, LoaderFile *f, uint64_t hdr_off,
                             uint64_t *entry, uint64_t *end, Error **errp)
{
    const char *label = ctx->label;
    uint8_t fields[20];
    uint32_t header_addr, load_addr, load_end_addr, bss_end_addr, entry_addr;
    uint64_t text_off, load_size, load_end, bss_end;

    if (!loader_file_read(f, hdr_off + 12, fields, sizeof(fields),
                          "multiboot address fields", errp)) {
        return false;
    }
    header_addr = ld32(fields);
    load_addr = ld32(fields + 4);
    load_end_addr = ld32(fields + 8);
    bss_end_addr = ld32(fields + 12);
    entry_addr = ld32(fields + 16);

    if (load_addr > header_addr) {
        error_setg(errp,
                   "%s: multiboot load_addr 0x%x is above "
                   "header_addr 0x%x",
                   label, load_addr, header_addr);
        return false;
    }
    if (header_addr - load_addr > hdr_off) {
        error_setg(errp,
                   "%s: multiboot load_addr 0x%x is 0x%x bytes before "
                   "header_addr, but the header is at file offset 0x%" PRIx64,
                   label, load_addr, header_addr - load_addr, hdr_off);
        return false;
    }
    text_off = hdr_off - (header_addr - load_addr);
    if (load_end_addr == 0) {
        /* "If this field is zero, the boot loader assumes that the text
         * and data segments occupy the whole OS image file." */
        load_size = loader_file_size(f) - text_off;
    } else if (load_end_addr < load_addr) {
        error_setg(errp,
                   "%s: multiboot load_end_addr 0x%x is below "
                   "load_addr 0x%x",
                   label, load_end_addr, load_addr);
        return false;
    } else {
        load_size = load_end_addr - load_addr;
    }
    if (!loader_file_check_range(f, text_off, load_size, "multiboot image",
                                 errp)) {
        return false;
    }
    load_end = load_addr + load_size;
    if (load_end > LOADER_4G) {
        error_setg(errp,
                   "%s: multiboot image at 0x%x (%" PRIu64 " bytes) "
                   "ends above 4 GiB",
                   label, load_addr, load_size);
        return false;
    }
    if (bss_end_addr == 0) {
        bss_end = load_end;
    } else if (bss_end_addr < load_end) {
        error_setg(errp,
                   "%s: multiboot bss_end_addr 0x%x is below the end "
                   "of the loaded image 0x%" PRIx64,
                   label, bss_end_addr, load_end);
        return false;
    } else {
        bss_end = bss_end_addr;
    }
    if (entry_addr < load_addr || entry_addr >= load_end) {
        error_setg(errp,
                   "%s: multiboot entry_addr 0x%x is outside the "
                   "loaded image 0x%x-0x%" PRIx64,
                   label, entry_addr, load_addr, load_end - 1);
        return false;
    }
    if (!loader_claim(ctx, load_addr, bss_end - load_addr, "multiboot image",
                      errp) ||
        !loader_copy_file(ctx, f, text_off, load_size, load_addr,
                          "multiboot image", errp) ||
        !loader_zero(ctx, load_end, bss_end - load_end, errp)) {
        return false;
    }
    *entry = entry_addr;
    *end = bss_end;
    return true;
}

static bool load_elf_kernel(LoaderCtx *ctx, LoaderFile *f, uint64_t *entry,
                            uint64_t *end, Error **errp)
{
    LoaderElfInfo info;
    uint8_t ident[5];

    if (!loader_elf_probe(f)) {
        error_setg(errp,
                   "%s: multiboot image is not ELF and its header has "
                   "no address fields (flags bit 16)",
                   ctx->label);
        return false;
    }
    if (loader_file_read(f, 0, ident, sizeof(ident), "ELF identification",
                         NULL) &&
        ident[4] == 2) {
        error_setg(errp,
                   "%s: multiboot kernels must be 32-bit ELF (ELF64 "
                   "is not supported by multiboot v1)",
                   ctx->label);
        return false;
    }
    if (!loader_elf_load(ctx, f, 1, LOADER_4G, &info, errp)) {
        return false;
    }
    if (info.high > LOADER_4G) {
        error_setg(errp, "%s: multiboot ELF image ends above 4 GiB",
                   ctx->label);
        return false;
    }
    *entry = info.entry;
    *end = info.high;
    return true;
}

static uint64_t page_align(uint64_t addr)
{
    return (addr + LOADER_PAGE - 1) & ~(LOADER_PAGE - 1);
}

static bool load_modules(LoaderCtx *ctx, GArray *mods, uint64_t *next,
                         Error **errp)
{
    guint i;

    for (i = 0; i < mods->len; i++) {
        MbModule *m = &g_array_index(mods, MbModule, i);
        g_autofree char *label = g_strdup_printf("-initrd %s", m->path);
        g_autofree char *what = g_strdup_printf("module %s", m->path);
        LoaderFile *f = loader_file_open(m->path, label, errp);
        uint64_t size;
        bool ok;

        if (!f) {
            return false;
        }
        size = loader_file_size(f);
        m->start = *next;
        m->end = m->start + size;
        if (size > LOADER_4G || m->end > LOADER_4G) {
            error_setg(errp,
                       "%s: module of %" PRIu64 " bytes at 0x%" PRIx64
                       " does not fit below 4 GiB",
                       label, size, m->start);
            loader_file_free(f);
            return false;
        }
        ok = loader_claim(ctx, m->start, size, what, errp) &&
             loader_copy_file(ctx, f, 0, size, m->start, "module", errp);
        loader_file_free(f);
        if (!ok) {
            return false;
        }
        *next = page_align(m->end);
    }
    return true;
}

/*
 * RAM at 0 (at most 640 KiB) and RAM from 1 MiB to the first hole, in
 * KiB: mem_lower and mem_upper of 3.3.
 */
static void mem_lower_upper(const LoaderTarget *t, uint32_t *lower,
                            uint32_t *upper)
{
    uint64_t end = loader_ram_end(t, 0);

    *lower = end ? MIN(end, 0xa0000ULL) / 1024 : 0;
    end = MIN(loader_ram_end(t, LOADER_1M), LOADER_4G);
    *upper = end ? (end - LOADER_1M) / 1024 : 0;
}

static bool write_info(LoaderCtx *ctx, LoaderFile *kernel, const char *cmdline,
                       GArray *mods, uint64_t addr, Error **errp)
{
    const LoaderTarget *t = ctx->t;
    g_autofree char *kcmd = NULL;
    g_autofree uint8_t *buf = NULL;
    uint64_t size, mods_off, mmap_off, str_off, mmap_len;
    uint32_t lower, upper;
    guint i;

    /* GRUB and QEMU pass the kernel's own name as the first word. */
    kcmd = *cmdline
               ? g_strdup_printf("%s %s", loader_file_path(kernel), cmdline)
               : g_strdup(loader_file_path(kernel));

    mods_off = MBI_SIZE;
    mmap_off = mods_off + (uint64_t)mods->len * MB_MOD_SIZE;
    mmap_len = (uint64_t)t->map_len * MB_MMAP_ENTRY_SIZE;
    str_off = mmap_off + mmap_len;
    size = str_off + strlen(kcmd) + 1 + sizeof(MB_LOADER_NAME);
    for (i = 0; i < mods->len; i++) {
        size += strlen(g_array_index(mods, MbModule, i).spec) + 1;
    }
    if (addr + size > LOADER_4G) {
        error_setg(errp,
                   "%s: no room for the multiboot information below "
                   "4 GiB",
                   ctx->label);
        return false;
    }
    if (!loader_claim(ctx, addr, size, "multiboot information", errp)) {
        return false;
    }

    buf = g_malloc0(size);
    mem_lower_upper(t, &lower, &upper);
    st32(buf + MBI_FLAGS, MBI_HAS_MEMORY | MBI_HAS_CMDLINE | MBI_HAS_MODS |
                              MBI_HAS_MMAP | MBI_HAS_LOADER_NAME);
    st32(buf + MBI_MEM_LOWER, lower);
    st32(buf + MBI_MEM_UPPER, upper);
    st32(buf + MBI_MODS_COUNT, mods->len);
    st32(buf + MBI_MODS_ADDR, addr + mods_off);
    st32(buf + MBI_MMAP_LENGTH, mmap_len);
    st32(buf + MBI_MMAP_ADDR, addr + mmap_off);

    /* 3.3: each entry's size field counts the 20 bytes that follow it. */
    for (i = 0; i < t->map_len; i++) {
        uint8_t *e = buf + mmap_off + (uint64_t)i * MB_MMAP_ENTRY_SIZE;

        st32(e, MB_MMAP_ENTRY_SIZE - 4);
        st64(e + 4, t->map[i].addr);
        st64(e + 12, t->map[i].size);
        st32(e + 20, t->map[i].type);
    }

    st32(buf + MBI_CMDLINE, addr + str_off);
    memcpy(buf + str_off, kcmd, strlen(kcmd) + 1);
    str_off += strlen(kcmd) + 1;
    for (i = 0; i < mods->len; i++) {
        const MbModule *m = &g_array_index(mods, MbModule, i);
        uint8_t *e = buf + mods_off + (uint64_t)i * MB_MOD_SIZE;

        st32(e, m->start);
        st32(e + 4, m->end);
        st32(e + 8, addr + str_off);
        memcpy(buf + str_off, m->spec, strlen(m->spec) + 1);
        str_off += strlen(m->spec) + 1;
    }
    st32(buf + MBI_BOOT_LOADER_NAME, addr + str_off);
    memcpy(buf + str_off, MB_LOADER_NAME, sizeof(MB_LOADER_NAME));
    return loader_write(ctx, addr, buf, size, errp);
}

bool loader_load_multiboot(const LoaderTarget *t, LoaderFile *kernel,
                           const char *cmdline, const char *modules,
                           BootState *bs, Error **errp)
{
    const char *label = loader_file_label(kernel);
    g_autoptr(GArray) mods = g_array_new(false, true, sizeof(MbModule));
    LoaderCtx ctx = {0};
    int64_t hdr_off;
    uint8_t hdr[12];
    uint32_t flags;
    uint64_t entry = 0, end = 0, info_addr;
    bool ok = false;

    g_array_set_clear_func(mods, mb_module_clear);
    if (!cmdline) {
        cmdline = "";
    }
    hdr_off = loader_multiboot_find_header(kernel);
    if (hdr_off < 0) {
        error_setg(errp, "%s: no multiboot header in the first %d bytes", label,
                   MB_SEARCH_LEN);
        return false;
    }
    if (!loader_file_read(kernel, hdr_off, hdr, sizeof(hdr), "multiboot header",
                          errp)) {
        return false;
    }
    flags = ld32(hdr + 4);
    if (flags & MB_FLAG_VIDEO_MODE) {
        error_setg(errp,
                   "%s: the multiboot kernel requires video mode "
                   "information (flags bit 2), which emu does not provide",
                   label);
        return false;
    }
    if (flags & MB_FLAGS_REQUIRED &
        ~(MB_FLAG_PAGE_ALIGN | MB_FLAG_MEMORY_INFO)) {
        error_setg(errp,
                   "%s: the multiboot kernel requires unsupported "
                   "features (flags 0x%08x)",
                   label, flags);
        return false;
    }
    if (modules && !parse_modules(modules, mods, errp)) {
        return false;
    }

    loader_ctx_init(&ctx, t, label);
    if (!loader_setup_entry(&ctx, BOOT_MODE_PROT32, errp)) {
        goto out;
    }
    /* 3.1.3: the address fields, when present, win over the ELF header. */
    if (flags & MB_FLAG_AOUT_KLUDGE) {
        ok = load_aout_kludge(&ctx, kernel, hdr_off, &entry, &end, errp);
    } else {
        ok = load_elf_kernel(&ctx, kernel, &entry, &end, errp);
    }
    if (!ok) {
        goto out;
    }
    ok = false;
    info_addr = page_align(end);
    if (!load_modules(&ctx, mods, &info_addr, errp) ||
        !write_info(&ctx, kernel, cmdline, mods, info_addr, errp)) {
        goto out;
    }

    /* 3.2: EAX = magic, EBX = information structure, flat segments. */
    boot_state_init_prot32(bs, entry);
    bs->rax = MB_BOOT_MAGIC;
    bs->rbx = info_addr;
    ok = true;
out:
    loader_ctx_cleanup(&ctx);
    return ok;
}
