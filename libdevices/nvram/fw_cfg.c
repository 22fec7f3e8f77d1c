/*
 * The fw_cfg core (TYPE_FW_CFG, abstract): items and files, the data
 * register's read side and the DMA interface, as QEMU's
 * docs/specs/fw_cfg.rst describes them and QEMU 7.2 answers (own code).
 *
 *   - The selector picks item key & ~(write channel | arch bit) of the
 *     generic or the arch table; a key past the tables selects nothing.
 *   - Reads past an item's end, or with nothing selected, return 0.
 *   - Writes through the data register are ignored (QEMU 2.4 dropped
 *     them); writes go through DMA, into writable files only, never past
 *     a file's end: a transfer that would is refused whole (error bit).
 *   - DMA: the FWCfgDmaAccess (big-endian control, length, address) at
 *     the address the guest wrote; select (control >> 16) first, then
 *     one of read, write, skip, in that precedence; the control word is
 *     written back 0, or with the error bit.
 *
 * The front end (fw_cfg-io.c) maps the registers.
 */
#include <string.h>

#include "fw_cfg-internal.h"
#include "machine/qdev-core.h"
#include "util/error-report.h"
#include "util/log.h"

/* Keys per table: the numbered items, then the files. */
static uint32_t fw_cfg_max_entry(const FWCfgState *s)
{
    return FW_CFG_FILE_FIRST + s->file_slots;
}

/* The entry key names, or NULL when the key is outside the tables. */
static FWCfgEntry *fw_cfg_entry(FWCfgState *s, uint16_t key)
{
    int arch = !!(key & FW_CFG_ARCH_LOCAL);
    uint32_t index = key & FW_CFG_ENTRY_MASK;

    if (!s->entries[arch] || index >= fw_cfg_max_entry(s)) {
        return NULL;
    }
    return &s->entries[arch][index];
}

static void fw_cfg_entry_set(FWCfgEntry *e, const void *data, size_t len)
{
    g_assert(len < UINT32_MAX);
    g_free(e->data);
    e->data = len ? g_memdup2(data, len) : NULL;
    e->len = len;
    e->used = true;
}

static void fw_cfg_entry_clear(FWCfgEntry *e)
{
    g_free(e->data);
    memset(e, 0, sizeof(*e));
}

/* ---- Numbered items ---- */

void fw_cfg_add_bytes(FWCfgState *s, uint16_t key, const void *data, size_t len)
{
    FWCfgEntry *e = fw_cfg_entry(s, key);

    /* Files are added by name; each key once. */
    g_assert(e && (key & FW_CFG_ENTRY_MASK) < FW_CFG_FILE_FIRST && !e->used);
    g_assert(!(key & FW_CFG_WRITE_CHANNEL));
    fw_cfg_entry_set(e, data, len);
}

void fw_cfg_add_string(FWCfgState *s, uint16_t key, const char *value)
{
    fw_cfg_add_bytes(s, key, value, strlen(value) + 1);
}

void fw_cfg_add_i16(FWCfgState *s, uint16_t key, uint16_t value)
{
    uint16_t le = GUINT16_TO_LE(value);

    fw_cfg_add_bytes(s, key, &le, sizeof(le));
}

void fw_cfg_add_i32(FWCfgState *s, uint16_t key, uint32_t value)
{
    uint32_t le = GUINT32_TO_LE(value);

    fw_cfg_add_bytes(s, key, &le, sizeof(le));
}

void fw_cfg_add_i64(FWCfgState *s, uint16_t key, uint64_t value)
{
    uint64_t le = GUINT64_TO_LE(value);

    fw_cfg_add_bytes(s, key, &le, sizeof(le));
}

void fw_cfg_modify_bytes(FWCfgState *s, uint16_t key, const void *data,
                         size_t len)
{
    FWCfgEntry *e = fw_cfg_entry(s, key);

    g_assert(e && e->used);
    fw_cfg_entry_set(e, data, len);
}

void fw_cfg_modify_string(FWCfgState *s, uint16_t key, const char *value)
{
    fw_cfg_modify_bytes(s, key, value, strlen(value) + 1);
}

void fw_cfg_modify_i16(FWCfgState *s, uint16_t key, uint16_t value)
{
    uint16_t le = GUINT16_TO_LE(value);

    fw_cfg_modify_bytes(s, key, &le, sizeof(le));
}

void fw_cfg_modify_i32(FWCfgState *s, uint16_t key, uint32_t value)
{
    uint32_t le = GUINT32_TO_LE(value);

    fw_cfg_modify_bytes(s, key, &le, sizeof(le));
}

void fw_cfg_modify_i64(FWCfgState *s, uint16_t key, uint64_t value)
{
    uint64_t le = GUINT64_TO_LE(value);

    fw_cfg_modify_bytes(s, key, &le, sizeof(le));
}

/* ---- Files ---- */

/*
 * QEMU's numbering for machine types up to 2.5 (its fw_cfg_order
 * table): the files of that time by rank, ranks 70/80/100/110 being
 * VGA, NIC and user option ROMs and device firmware; other names last.
 */
static const struct {
    const char *name;
    int order;
} fw_cfg_legacy_order[] = {
    {"etc/boot-menu-wait", 10},
    {"bootsplash.jpg", 11},
    {"bootsplash.bmp", 12},
    {"etc/boot-fail-wait", 15},
    {"etc/smbios/smbios-tables", 20},
    {"etc/smbios/smbios-anchor", 30},
    {"etc/e820", 40},
    {"etc/reserved-memory-end", 50},
    {"genroms/kvmvapic.bin", 55},
    {"genroms/linuxboot.bin", 60},
    {"etc/system-states", 90},
    {"etc/extra-pci-roots", 120},
    {"etc/acpi/tables", 130},
    {"etc/table-loader", 140},
    {"etc/tpm/log", 150},
    {"etc/acpi/rsdp", 160},
    {"bootorder", 170},
    {"etc/msr_feature_control", 180},
};
#define FW_CFG_ORDER_LAST 200

static int fw_cfg_file_order(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(fw_cfg_legacy_order); i++) {
        if (!strcmp(fw_cfg_legacy_order[i].name, name)) {
            return fw_cfg_legacy_order[i].order;
        }
    }
    warn_report("Unknown firmware file in legacy mode: %s", name);
    return FW_CFG_ORDER_LAST;
}

static int fw_cfg_file_index(FWCfgState *s, const char *name)
{
    for (uint32_t i = 0; i < s->files_count; i++) {
        if (!strcmp(s->files[i].name, name)) {
            return i;
        }
    }
    return -1;
}

/* FW_CFG_FILE_DIR: big-endian count, then size, select, name per file. */
static void fw_cfg_update_dir(FWCfgState *s)
{
    size_t len = 4 + 64 * (size_t)s->files_count;
    g_autofree uint8_t *dir = g_malloc0(len);
    uint32_t count = GUINT32_TO_BE(s->files_count);

    memcpy(dir, &count, 4);
    for (uint32_t i = 0; i < s->files_count; i++) {
        uint8_t *f = dir + 4 + 64 * i;
        uint32_t size = GUINT32_TO_BE(s->entries[0][FW_CFG_FILE_FIRST + i].len);
        uint16_t select = GUINT16_TO_BE(FW_CFG_FILE_FIRST + i);

        memcpy(f, &size, 4);
        memcpy(f + 4, &select, 2);
        memcpy(f + 8, s->files[i].name, FW_CFG_MAX_FILE_PATH);
    }
    fw_cfg_entry_set(&s->entries[0][FW_CFG_FILE_DIR], dir, len);
}

void fw_cfg_add_file_callback(FWCfgState *s, const char *filename,
                              FWCfgCallback select_cb,
                              FWCfgWriteCallback write_cb,
                              void *callback_opaque, const void *data,
                              size_t len, bool read_only)
{
    FWCfgEntry *table = s->entries[0];
    uint32_t index;
    int order = s->legacy_order ? fw_cfg_file_order(filename) : 0;

    g_assert(strlen(filename) < FW_CFG_MAX_FILE_PATH);
    g_assert(s->files_count < s->file_slots);
    g_assert(fw_cfg_file_index(s, filename) < 0);

    /* Sorted by name, or by legacy rank (equal ranks by arrival). */
    for (index = s->files_count; index > 0; index--) {
        const FWCfgFileInfo *prev = &s->files[index - 1];

        if (s->legacy_order ? prev->order <= order
                            : strcmp(prev->name, filename) <= 0) {
            break;
        }
    }
    /* The files after it move up a key. */
    memmove(&s->files[index + 1], &s->files[index],
            (s->files_count - index) * sizeof(s->files[0]));
    memmove(&table[FW_CFG_FILE_FIRST + index + 1],
            &table[FW_CFG_FILE_FIRST + index],
            (s->files_count - index) * sizeof(table[0]));
    memset(&table[FW_CFG_FILE_FIRST + index], 0, sizeof(table[0]));
    memset(&s->files[index], 0, sizeof(s->files[0]));
    g_strlcpy(s->files[index].name, filename, FW_CFG_MAX_FILE_PATH);
    s->files[index].order = order;
    s->files_count++;

    fw_cfg_entry_set(&table[FW_CFG_FILE_FIRST + index], data, len);
    table[FW_CFG_FILE_FIRST + index].select_cb = select_cb;
    table[FW_CFG_FILE_FIRST + index].write_cb = write_cb;
    table[FW_CFG_FILE_FIRST + index].callback_opaque = callback_opaque;
    table[FW_CFG_FILE_FIRST + index].allow_write = !read_only;
    fw_cfg_update_dir(s);
}

void fw_cfg_add_file(FWCfgState *s, const char *filename, const void *data,
                     size_t len)
{
    fw_cfg_add_file_callback(s, filename, NULL, NULL, NULL, data, len, true);
}

void fw_cfg_modify_file(FWCfgState *s, const char *filename, const void *data,
                        size_t len)
{
    int index = fw_cfg_file_index(s, filename);

    if (index < 0) {
        fw_cfg_add_file(s, filename, data, len);
        return;
    }
    fw_cfg_entry_set(&s->entries[0][FW_CFG_FILE_FIRST + index], data, len);
    fw_cfg_update_dir(s);
}

const void *fw_cfg_file_data(FWCfgState *s, const char *filename, size_t *len)
{
    int index = fw_cfg_file_index(s, filename);

    if (index < 0) {
        *len = 0;
        return NULL;
    }
    *len = s->entries[0][FW_CFG_FILE_FIRST + index].len;
    return s->entries[0][FW_CFG_FILE_FIRST + index].data;
}

void fw_cfg_set_legacy_order(FWCfgState *s, bool legacy)
{
    g_assert(s->files_count == 0);
    s->legacy_order = legacy;
}

/* ---- The guest's side ---- */

void fw_cfg_select(FWCfgState *s, uint16_t key)
{
    FWCfgEntry *e = fw_cfg_entry(s, key);

    s->cur_offset = 0;
    if (!e) {
        s->cur_entry = FW_CFG_INVALID;
        return;
    }
    s->cur_entry = key;
    if (e->select_cb) {
        e->select_cb(e->callback_opaque);
    }
}

/* The selected item, or NULL when the selector points nowhere. */
static FWCfgEntry *fw_cfg_current(FWCfgState *s)
{
    return s->cur_entry == FW_CFG_INVALID ? NULL
                                          : fw_cfg_entry(s, s->cur_entry);
}

uint8_t fw_cfg_read_byte(FWCfgState *s)
{
    FWCfgEntry *e = fw_cfg_current(s);

    if (!e || s->cur_offset >= e->len) {
        return 0;
    }
    return e->data[s->cur_offset++];
}

static void fw_cfg_dma_set_control(FWCfgState *s, dma_addr_t access,
                                   uint32_t control)
{
    uint32_t be = GUINT32_TO_BE(control);

    /* Nowhere to report a failure to. */
    (void)dma_memory_write(s->dma_as, access, &be, sizeof(be),
                           MEMTXATTRS_UNSPECIFIED);
}

typedef enum FWCfgDmaOp {
    FW_CFG_DMA_NONE,
    FW_CFG_DMA_READ,
    FW_CFG_DMA_WRITE,
    FW_CFG_DMA_SKIP,
} FWCfgDmaOp;

/* One step of a transfer: at most what is left of the item. */
static uint32_t fw_cfg_dma_step(FWCfgState *s, FWCfgDmaOp op, uint64_t addr,
                                uint32_t length, uint32_t *control)
{
    FWCfgEntry *e = fw_cfg_current(s);
    MemTxAttrs attrs = MEMTXATTRS_UNSPECIFIED;
    uint32_t len;

    if (!e || !e->data || s->cur_offset >= e->len) {
        /* Nothing there: reads give zeros, writes fail. */
        if (op == FW_CFG_DMA_READ &&
            dma_memory_set(s->dma_as, addr, 0, length, attrs) != MEMTX_OK) {
            *control |= FW_CFG_DMA_CTL_ERROR;
        }
        if (op == FW_CFG_DMA_WRITE) {
            *control |= FW_CFG_DMA_CTL_ERROR;
        }
        return length;
    }
    len = MIN(length, e->len - s->cur_offset);
    if (op == FW_CFG_DMA_READ &&
        dma_memory_write(s->dma_as, addr, e->data + s->cur_offset, len,
                         attrs) != MEMTX_OK) {
        *control |= FW_CFG_DMA_CTL_ERROR;
    }
    if (op == FW_CFG_DMA_WRITE) {
        /* Read-only, or would run past the end: refused whole. */
        if (!e->allow_write || len != length ||
            dma_memory_read(s->dma_as, addr, e->data + s->cur_offset, len,
                            attrs) != MEMTX_OK) {
            *control |= FW_CFG_DMA_CTL_ERROR;
        } else if (e->write_cb) {
            e->write_cb(e->callback_opaque, s->cur_offset, len);
        }
    }
    s->cur_offset += len;
    return len;
}

void fw_cfg_dma_transfer(FWCfgState *s)
{
    dma_addr_t access = s->dma_addr;
    uint8_t raw[16];
    uint32_t control, length, result = 0;
    uint64_t addr;
    FWCfgDmaOp op;

    /* The register holds the address until the transfer starts. */
    s->dma_addr = 0;
    if (dma_memory_read(s->dma_as, access, raw, sizeof(raw),
                        MEMTXATTRS_UNSPECIFIED) != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "fw_cfg: DMA access structure at 0x%" PRIx64
                      " is not in memory\n",
                      access);
        fw_cfg_dma_set_control(s, access, FW_CFG_DMA_CTL_ERROR);
        return;
    }
    memcpy(&control, raw, 4);
    memcpy(&length, raw + 4, 4);
    memcpy(&addr, raw + 8, 8);
    control = GUINT32_FROM_BE(control);
    length = GUINT32_FROM_BE(length);
    addr = GUINT64_FROM_BE(addr);

    if (control & FW_CFG_DMA_CTL_SELECT) {
        fw_cfg_select(s, control >> 16);
    }
    if (control & FW_CFG_DMA_CTL_READ) {
        op = FW_CFG_DMA_READ;
    } else if (control & FW_CFG_DMA_CTL_WRITE) {
        op = FW_CFG_DMA_WRITE;
    } else if (control & FW_CFG_DMA_CTL_SKIP) {
        op = FW_CFG_DMA_SKIP;
    } else {
        op = FW_CFG_DMA_NONE;
        length = 0;
    }
    /* Each step moves at least one byte: length bounds the loop. */
    while (length > 0 && !(result & FW_CFG_DMA_CTL_ERROR)) {
        uint32_t done = fw_cfg_dma_step(s, op, addr, length, &result);

        addr += done;
        length -= done;
    }
    fw_cfg_dma_set_control(s, access, result);
}

/* ---- Device life cycle ---- */

bool fw_cfg_common_realize(FWCfgState *s, Error **errp)
{
    uint32_t id = FW_CFG_VERSION;

    if (s->file_slots < FW_CFG_FILE_SLOTS_MIN) {
        error_setg(errp, "x-file-slots must be at least 0x%x",
                   FW_CFG_FILE_SLOTS_MIN);
        return false;
    }
    if (s->file_slots > FW_CFG_WRITE_CHANNEL - FW_CFG_FILE_FIRST) {
        error_setg(errp, "x-file-slots must not exceed 0x%x",
                   FW_CFG_WRITE_CHANNEL - FW_CFG_FILE_FIRST);
        return false;
    }
    s->entries[0] = g_new0(FWCfgEntry, fw_cfg_max_entry(s));
    s->entries[1] = g_new0(FWCfgEntry, fw_cfg_max_entry(s));
    s->files = g_new0(FWCfgFileInfo, s->file_slots);
    s->files_count = 0;

    fw_cfg_add_bytes(s, FW_CFG_SIGNATURE, "QEMU", 4);
    if (s->dma_enabled) {
        id |= FW_CFG_VERSION_DMA;
    }
    fw_cfg_add_i32(s, FW_CFG_ID, id);
    fw_cfg_update_dir(s);
    return true;
}

void fw_cfg_common_unrealize(FWCfgState *s)
{
    for (int t = 0; t < 2; t++) {
        if (!s->entries[t]) {
            continue;
        }
        for (uint32_t i = 0; i < fw_cfg_max_entry(s); i++) {
            fw_cfg_entry_clear(&s->entries[t][i]);
        }
        g_free(s->entries[t]);
        s->entries[t] = NULL;
    }
    g_free(s->files);
    s->files = NULL;
    s->files_count = 0;
}

/* QEMU's fw_cfg_reset: the signature selected, no DMA address pending. */
static void fw_cfg_reset(DeviceState *dev)
{
    FWCfgState *s = FW_CFG(dev);

    fw_cfg_select(s, FW_CFG_SIGNATURE);
    s->dma_addr = 0;
}

FWCfgState *fw_cfg_find(void)
{
    return FW_CFG(object_resolve_path_type("", TYPE_FW_CFG, NULL));
}

bool fw_cfg_dma_enabled(FWCfgState *s)
{
    return s->dma_enabled;
}

static void fw_cfg_instance_init(Object *obj)
{
    FW_CFG(obj)->cur_entry = FW_CFG_INVALID;
}

static void fw_cfg_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->reset = fw_cfg_reset;
    /* The board's: one per machine, at /machine/fw_cfg. */
    dc->user_creatable = false;
}

static const TypeInfo fw_cfg_info = {
    .name = TYPE_FW_CFG,
    .parent = TYPE_SYS_BUS_DEVICE,
    .abstract = true,
    .instance_size = sizeof(FWCfgState),
    .instance_init = fw_cfg_instance_init,
    .class_size = sizeof(FWCfgClass),
    .class_init = fw_cfg_class_init,
};

static void fw_cfg_register_types(void)
{
    type_register_static(&fw_cfg_info);
}

type_init(fw_cfg_register_types)
