/*
 * The firmware table builder (devices/acpi-table.h): byte arrays, ACPI
 * headers, a small AML encoder and the BIOS linker/loader script with a
 * loader that runs it.  Formats from ACPI 6.4 (5.2, 6.4, 20) and QEMU's
 * docs/specs on the linker/loader; own code.
 */
#include <inttypes.h>
#include <string.h>

#include "devices/acpi-table.h"

/* ---- Byte arrays ---- */

GArray *build_alloc_array(void)
{
    return g_array_new(false, true, 1);
}

void build_free_array(GArray *array)
{
    g_array_free(array, true);
}

void build_append_byte(GArray *array, uint8_t val)
{
    g_array_append_val(array, val);
}

void build_append_int_noprefix(GArray *array, uint64_t val, int size)
{
    g_assert(size >= 1 && size <= 8);
    for (int i = 0; i < size; i++) {
        build_append_byte(array, val >> (8 * i));
    }
}

void build_append_padded_str(GArray *array, const char *str, size_t len,
                             char pad)
{
    size_t n = MIN(strlen(str), len);

    g_array_append_vals(array, str, n);
    for (; n < len; n++) {
        build_append_byte(array, pad);
    }
}

void build_set_int(GArray *array, size_t offset, uint64_t val, int size)
{
    g_assert(size >= 1 && size <= 8 && offset + size <= array->len);
    for (int i = 0; i < size; i++) {
        array->data[offset + i] = val >> (8 * i);
    }
}

uint8_t acpi_checksum(const uint8_t *data, size_t len)
{
    uint8_t sum = 0;

    for (size_t i = 0; i < len; i++) {
        sum += data[i];
    }
    return -sum;
}

/* ---- ACPI tables ---- */

/* ACPI 6.4, 5.2.6: the System Description Table Header. */
#define ACPI_TABLE_LENGTH_OFFSET 4
#define ACPI_TABLE_CHECKSUM_OFFSET 9
#define ACPI_TABLE_HEADER_SIZE 36

void acpi_table_begin(AcpiTable *t, GArray *array)
{
    g_assert(strlen(t->sig) == 4);
    t->array = array;
    t->table_offset = array->len;
    build_append_padded_str(array, t->sig, 4, ' ');
    build_append_int_noprefix(array, 0, 4); /* Length */
    build_append_byte(array, t->rev);
    build_append_byte(array, 0); /* Checksum: the loader's */
    build_append_padded_str(array, t->oem_id ? t->oem_id : ACPI_BUILD_APPNAME6,
                            6, ' ');
    build_append_padded_str(
        array, t->oem_table_id ? t->oem_table_id : ACPI_BUILD_APPNAME8, 8, ' ');
    build_append_int_noprefix(array, 1, 4); /* OEM Revision */
    build_append_padded_str(array, ACPI_BUILD_APPNAME4, 4, ' ');
    build_append_int_noprefix(array, 1, 4); /* Creator Revision */
}

void acpi_table_end(BIOSLinker *linker, const char *file, AcpiTable *t)
{
    size_t len = t->array->len - t->table_offset;

    g_assert(len >= ACPI_TABLE_HEADER_SIZE && len <= UINT32_MAX);
    build_set_int(t->array, t->table_offset + ACPI_TABLE_LENGTH_OFFSET, len, 4);
    bios_linker_loader_add_checksum(linker, file, t->table_offset, len,
                                    t->table_offset +
                                        ACPI_TABLE_CHECKSUM_OFFSET);
}

void build_append_gas(GArray *array, uint8_t space_id, uint8_t bit_width,
                      uint8_t bit_offset, uint8_t access_width,
                      uint64_t address)
{
    build_append_byte(array, space_id);
    build_append_byte(array, bit_width);
    build_append_byte(array, bit_offset);
    build_append_byte(array, access_width);
    build_append_int_noprefix(array, address, 8);
}

/* ---- AML ---- */

/* ACPI 6.4, 20.2: the opcodes and prefixes used here. */
#define AML_ZERO_OP 0x00
#define AML_ONE_OP 0x01
#define AML_NAME_OP 0x08
#define AML_BYTE_PREFIX 0x0a
#define AML_WORD_PREFIX 0x0b
#define AML_DWORD_PREFIX 0x0c
#define AML_STRING_PREFIX 0x0d
#define AML_QWORD_PREFIX 0x0e
#define AML_SCOPE_OP 0x10
#define AML_BUFFER_OP 0x11
#define AML_PACKAGE_OP 0x12
#define AML_DUAL_NAME_PREFIX 0x2e
#define AML_MULTI_NAME_PREFIX 0x2f
#define AML_EXT_OP_PREFIX 0x5b
#define AML_DEVICE_OP 0x82 /* after AML_EXT_OP_PREFIX */
#define AML_ROOT_CHAR '\\'
#define AML_PARENT_PREFIX_CHAR '^'
#define AML_ONES_OP 0xff

/* How an object's bytes are wrapped when it is finished. */
typedef enum AmlKind {
    AML_RAW,        /* the bytes as they are */
    AML_PACKAGE,    /* PackageOp PkgLength NumElements elements */
    AML_SCOPE,      /* ScopeOp PkgLength NameString terms */
    AML_DEVICE,     /* ExtOpPrefix DeviceOp PkgLength NameString terms */
    AML_RES_BUFFER, /* BufferOp PkgLength BufferSize descriptors EndTag */
} AmlKind;

struct Aml {
    AmlKind kind;
    GArray *buf;
    uint8_t num_elements; /* AML_PACKAGE */
};

static Aml *aml_new(AmlKind kind)
{
    Aml *a = g_new0(Aml, 1);

    a->kind = kind;
    a->buf = build_alloc_array();
    return a;
}

void aml_free(Aml *aml)
{
    if (aml) {
        build_free_array(aml->buf);
        g_free(aml);
    }
}

Aml *aml_block(void)
{
    return aml_new(AML_RAW);
}

void build_append_pkg_length(GArray *array, size_t length)
{
    /*
     * 20.2.4: one byte holds up to 63; otherwise bits 7:6 of the lead
     * byte count the bytes that follow (1-3), its bits 3:0 are the low
     * nibble and each following byte the next 8 bits.  The length
     * counts the PkgLength bytes themselves.
     */
    size_t total;
    int extra;

    if (length + 1 <= 0x3f) {
        build_append_byte(array, length + 1);
        return;
    }
    for (extra = 1; extra <= 3; extra++) {
        total = length + 1 + extra;
        if (total < (1u << (4 + 8 * extra))) {
            break;
        }
    }
    g_assert(extra <= 3);
    build_append_byte(array, extra << 6 | (total & 0xf));
    for (int i = 0; i < extra; i++) {
        build_append_byte(array, total >> (4 + 8 * i));
    }
}

/* 20.2.3: an integer as its shortest constant. */
static void build_append_int(GArray *array, uint64_t val)
{
    if (val == 0) {
        build_append_byte(array, AML_ZERO_OP);
    } else if (val == 1) {
        build_append_byte(array, AML_ONE_OP);
    } else if (val == UINT64_MAX) {
        build_append_byte(array, AML_ONES_OP);
    } else if (val <= UINT8_MAX) {
        build_append_byte(array, AML_BYTE_PREFIX);
        build_append_byte(array, val);
    } else if (val <= UINT16_MAX) {
        build_append_byte(array, AML_WORD_PREFIX);
        build_append_int_noprefix(array, val, 2);
    } else if (val <= UINT32_MAX) {
        build_append_byte(array, AML_DWORD_PREFIX);
        build_append_int_noprefix(array, val, 4);
    } else {
        build_append_byte(array, AML_QWORD_PREFIX);
        build_append_int_noprefix(array, val, 8);
    }
}

/* 20.2.2: a NameSeg is 4 characters, a lead A-Z or '_', '_'-padded. */
static void build_append_nameseg(GArray *array, const char *seg, size_t len)
{
    g_assert(len >= 1 && len <= 4);
    for (size_t i = 0; i < len; i++) {
        g_assert(g_ascii_isupper(seg[i]) || seg[i] == '_' ||
                 (i && g_ascii_isdigit(seg[i])));
    }
    g_array_append_vals(array, seg, len);
    for (; len < 4; len++) {
        build_append_byte(array, '_');
    }
}

/* 20.2.2: NameString, with root/parent prefixes and '.'-separated segs. */
static void build_append_namestring(GArray *array, const char *name)
{
    g_auto(GStrv) segs = NULL;
    guint n;

    while (*name == AML_ROOT_CHAR || *name == AML_PARENT_PREFIX_CHAR) {
        build_append_byte(array, *name++);
    }
    segs = g_strsplit(name, ".", 0);
    n = g_strv_length(segs);
    if (n == 0) {
        build_append_byte(array, 0); /* NullName */
        return;
    }
    if (n == 2) {
        build_append_byte(array, AML_DUAL_NAME_PREFIX);
    } else if (n > 2) {
        g_assert(n <= UINT8_MAX);
        build_append_byte(array, AML_MULTI_NAME_PREFIX);
        build_append_byte(array, n);
    }
    for (guint i = 0; i < n; i++) {
        build_append_nameseg(array, segs[i], strlen(segs[i]));
    }
}

Aml *aml_int(uint64_t val)
{
    Aml *a = aml_new(AML_RAW);

    build_append_int(a->buf, val);
    return a;
}

Aml *aml_string(const char *str)
{
    Aml *a = aml_new(AML_RAW);

    build_append_byte(a->buf, AML_STRING_PREFIX);
    g_array_append_vals(a->buf, str, strlen(str) + 1);
    return a;
}

/*
 * ACPI 6.4, 6.1.5 (_HID): a 7-character EISA ID "UUUXXXX" compressed to
 * 32 bits, three 5-bit letters ('A' is 1) then four hex digits, stored
 * in that byte order.
 */
Aml *aml_eisaid(const char *id)
{
    Aml *a = aml_new(AML_RAW);
    uint32_t letters = 0;
    uint8_t bytes[4];

    g_assert(strlen(id) == 7);
    for (int i = 0; i < 3; i++) {
        g_assert(id[i] >= 'A' && id[i] <= 'Z');
        letters = letters << 5 | (uint32_t)(id[i] - '@');
    }
    bytes[0] = letters >> 8;
    bytes[1] = letters;
    for (int i = 0; i < 2; i++) {
        g_assert(g_ascii_isxdigit(id[3 + 2 * i]) &&
                 g_ascii_isxdigit(id[4 + 2 * i]));
        bytes[2 + i] = g_ascii_xdigit_value(id[3 + 2 * i]) << 4 |
                       g_ascii_xdigit_value(id[4 + 2 * i]);
    }
    build_append_byte(a->buf, AML_DWORD_PREFIX);
    g_array_append_vals(a->buf, bytes, 4);
    return a;
}

Aml *aml_name_decl(const char *name, Aml *val)
{
    Aml *a = aml_new(AML_RAW);

    build_append_byte(a->buf, AML_NAME_OP);
    build_append_namestring(a->buf, name);
    aml_append(a, val);
    return a;
}

Aml *aml_package(uint8_t num_elements)
{
    Aml *a = aml_new(AML_PACKAGE);

    a->num_elements = num_elements;
    return a;
}

Aml *aml_scope(const char *name)
{
    Aml *a = aml_new(AML_SCOPE);

    build_append_namestring(a->buf, name);
    return a;
}

Aml *aml_device(const char *name)
{
    Aml *a = aml_new(AML_DEVICE);

    build_append_namestring(a->buf, name);
    return a;
}

Aml *aml_resource_template(void)
{
    return aml_new(AML_RES_BUFFER);
}

/* 6.4.2.5: I/O Port Descriptor, 16-bit decode. */
Aml *aml_io(uint16_t min, uint16_t max, uint8_t align, uint8_t len)
{
    Aml *a = aml_new(AML_RAW);

    build_append_byte(a->buf, 0x47); /* small item 0x08, length 7 */
    build_append_byte(a->buf, 0x01);
    build_append_int_noprefix(a->buf, min, 2);
    build_append_int_noprefix(a->buf, max, 2);
    build_append_byte(a->buf, align);
    build_append_byte(a->buf, len);
    return a;
}

/* Address space descriptor resource types (6.4.3.5). */
#define AML_RES_TYPE_MEMORY 0
#define AML_RES_TYPE_IO 1
#define AML_RES_TYPE_BUS 2
/* General flags: producer, minimum and maximum fixed, positive decode. */
#define AML_RES_FLAGS_FIXED_PRODUCER 0x0c

/* 6.4.3.5.3: Word Address Space Descriptor, length max - min + 1. */
static Aml *aml_word_as_desc(uint8_t type, uint8_t type_flags, uint16_t min,
                             uint16_t max)
{
    Aml *a = aml_new(AML_RAW);

    g_assert(min <= max);
    build_append_byte(a->buf, 0x88); /* large item 0x08 */
    build_append_int_noprefix(a->buf, 13, 2);
    build_append_byte(a->buf, type);
    build_append_byte(a->buf, AML_RES_FLAGS_FIXED_PRODUCER);
    build_append_byte(a->buf, type_flags);
    build_append_int_noprefix(a->buf, 0, 2); /* granularity */
    build_append_int_noprefix(a->buf, min, 2);
    build_append_int_noprefix(a->buf, max, 2);
    build_append_int_noprefix(a->buf, 0, 2); /* translation */
    build_append_int_noprefix(a->buf, (uint32_t)max - min + 1, 2);
    return a;
}

Aml *aml_word_bus_number(uint16_t min, uint16_t max)
{
    return aml_word_as_desc(AML_RES_TYPE_BUS, 0, min, max);
}

/* I/O type flags: ISA and non-ISA ranges (EntireRange). */
Aml *aml_word_io(uint16_t min, uint16_t max)
{
    return aml_word_as_desc(AML_RES_TYPE_IO, 0x03, min, max);
}

/* 6.4.3.5.2: DWord Address Space Descriptor, read-write memory. */
Aml *aml_dword_memory(uint32_t min, uint32_t max)
{
    Aml *a = aml_new(AML_RAW);

    g_assert(min <= max);
    build_append_byte(a->buf, 0x87); /* large item 0x07 */
    build_append_int_noprefix(a->buf, 23, 2);
    build_append_byte(a->buf, AML_RES_TYPE_MEMORY);
    build_append_byte(a->buf, AML_RES_FLAGS_FIXED_PRODUCER);
    build_append_byte(a->buf, 0x01); /* read-write, non-cacheable */
    build_append_int_noprefix(a->buf, 0, 4);
    build_append_int_noprefix(a->buf, min, 4);
    build_append_int_noprefix(a->buf, max, 4);
    build_append_int_noprefix(a->buf, 0, 4);
    build_append_int_noprefix(a->buf, (uint64_t)max - min + 1, 4);
    return a;
}

void aml_append(Aml *parent, Aml *child)
{
    GArray *body = child->buf;
    GArray *out = parent->buf;

    switch (child->kind) {
    case AML_RAW:
        g_array_append_vals(out, body->data, body->len);
        break;
    case AML_PACKAGE:
        build_append_byte(out, AML_PACKAGE_OP);
        build_append_pkg_length(out, body->len + 1);
        build_append_byte(out, child->num_elements);
        g_array_append_vals(out, body->data, body->len);
        break;
    case AML_SCOPE:
        build_append_byte(out, AML_SCOPE_OP);
        build_append_pkg_length(out, body->len);
        g_array_append_vals(out, body->data, body->len);
        break;
    case AML_DEVICE:
        build_append_byte(out, AML_EXT_OP_PREFIX);
        build_append_byte(out, AML_DEVICE_OP);
        build_append_pkg_length(out, body->len);
        g_array_append_vals(out, body->data, body->len);
        break;
    case AML_RES_BUFFER: {
        /* 6.4.2.9: End Tag, checksum 0 ("treated as if it summed"). */
        g_autoptr(GArray) size = build_alloc_array();

        build_append_byte(body, 0x79);
        build_append_byte(body, 0);
        build_append_int(size, body->len);
        build_append_byte(out, AML_BUFFER_OP);
        build_append_pkg_length(out, size->len + body->len);
        g_array_append_vals(out, size->data, size->len);
        g_array_append_vals(out, body->data, body->len);
        break;
    }
    }
    aml_free(child);
}

void aml_to_array(GArray *array, Aml *aml)
{
    Aml *tmp = aml_block();

    aml_append(tmp, aml);
    g_array_append_vals(array, tmp->buf->data, tmp->buf->len);
    aml_free(tmp);
}

/* ---- The linker/loader script ---- */

/* Offsets in a 128-byte command entry (QEMU's BiosLinkerLoaderEntry). */
#define LL_COMMAND 0
#define LL_ALLOC_FILE 4
#define LL_ALLOC_ALIGN (LL_ALLOC_FILE + BIOS_LINKER_LOADER_FILESZ)
#define LL_ALLOC_ZONE (LL_ALLOC_ALIGN + 4)
#define LL_PTR_DEST_FILE 4
#define LL_PTR_SRC_FILE (LL_PTR_DEST_FILE + BIOS_LINKER_LOADER_FILESZ)
#define LL_PTR_OFFSET (LL_PTR_SRC_FILE + BIOS_LINKER_LOADER_FILESZ)
#define LL_PTR_SIZE (LL_PTR_OFFSET + 4)
#define LL_CKSUM_FILE 4
#define LL_CKSUM_OFFSET (LL_CKSUM_FILE + BIOS_LINKER_LOADER_FILESZ)
#define LL_CKSUM_START (LL_CKSUM_OFFSET + 4)
#define LL_CKSUM_LENGTH (LL_CKSUM_START + 4)

typedef struct BIOSLinkerFileEntry {
    char *name;
    GArray *blob;
} BIOSLinkerFileEntry;

BIOSLinker *bios_linker_loader_init(void)
{
    BIOSLinker *linker = g_new0(BIOSLinker, 1);

    linker->cmd_blob = build_alloc_array();
    linker->file_list = g_array_new(false, true, sizeof(BIOSLinkerFileEntry));
    return linker;
}

void bios_linker_loader_cleanup(BIOSLinker *linker)
{
    for (guint i = 0; i < linker->file_list->len; i++) {
        g_free(g_array_index(linker->file_list, BIOSLinkerFileEntry, i).name);
    }
    g_array_free(linker->file_list, true);
    build_free_array(linker->cmd_blob);
    g_free(linker);
}

static const BIOSLinkerFileEntry *bios_linker_find_file(BIOSLinker *linker,
                                                        const char *name)
{
    for (guint i = 0; i < linker->file_list->len; i++) {
        const BIOSLinkerFileEntry *f =
            &g_array_index(linker->file_list, BIOSLinkerFileEntry, i);

        if (!strcmp(f->name, name)) {
            return f;
        }
    }
    return NULL;
}

/* A zeroed command entry appended to the script; its offset. */
static size_t bios_linker_new_entry(BIOSLinker *linker, uint32_t command)
{
    size_t off = linker->cmd_blob->len;

    g_array_set_size(linker->cmd_blob, off + BIOS_LINKER_LOADER_ENTRY_SIZE);
    memset(linker->cmd_blob->data + off, 0, BIOS_LINKER_LOADER_ENTRY_SIZE);
    build_set_int(linker->cmd_blob, off + LL_COMMAND, command, 4);
    return off;
}

static void bios_linker_set_name(BIOSLinker *linker, size_t off,
                                 const char *name)
{
    g_assert(strlen(name) < BIOS_LINKER_LOADER_FILESZ);
    memcpy(linker->cmd_blob->data + off, name, strlen(name));
}

void bios_linker_loader_alloc(BIOSLinker *linker, const char *file,
                              GArray *blob, uint32_t align, bool alloc_fseg)
{
    BIOSLinkerFileEntry f = {g_strdup(file), blob};
    size_t off;

    g_assert(!bios_linker_find_file(linker, file));
    g_assert(align && !(align & (align - 1)));
    g_array_append_val(linker->file_list, f);
    off = bios_linker_new_entry(linker, BIOS_LINKER_LOADER_COMMAND_ALLOCATE);
    bios_linker_set_name(linker, off + LL_ALLOC_FILE, file);
    build_set_int(linker->cmd_blob, off + LL_ALLOC_ALIGN, align, 4);
    build_set_int(linker->cmd_blob, off + LL_ALLOC_ZONE,
                  alloc_fseg ? BIOS_LINKER_LOADER_ALLOC_ZONE_FSEG
                             : BIOS_LINKER_LOADER_ALLOC_ZONE_HIGH,
                  1);
}

void bios_linker_loader_add_pointer(BIOSLinker *linker, const char *dest_file,
                                    uint32_t dst_patched_offset,
                                    uint8_t dst_patched_size,
                                    const char *src_file, uint32_t src_offset)
{
    const BIOSLinkerFileEntry *dst = bios_linker_find_file(linker, dest_file);
    const BIOSLinkerFileEntry *src = bios_linker_find_file(linker, src_file);
    size_t off;

    g_assert(dst && src);
    g_assert(dst_patched_size == 1 || dst_patched_size == 2 ||
             dst_patched_size == 4 || dst_patched_size == 8);
    g_assert((size_t)dst_patched_offset + dst_patched_size <= dst->blob->len);
    g_assert(src_offset < src->blob->len);
    build_set_int(dst->blob, dst_patched_offset, src_offset, dst_patched_size);

    off = bios_linker_new_entry(linker, BIOS_LINKER_LOADER_COMMAND_ADD_POINTER);
    bios_linker_set_name(linker, off + LL_PTR_DEST_FILE, dest_file);
    bios_linker_set_name(linker, off + LL_PTR_SRC_FILE, src_file);
    build_set_int(linker->cmd_blob, off + LL_PTR_OFFSET, dst_patched_offset, 4);
    build_set_int(linker->cmd_blob, off + LL_PTR_SIZE, dst_patched_size, 1);
}

void bios_linker_loader_add_checksum(BIOSLinker *linker, const char *file,
                                     uint32_t start, uint32_t size,
                                     uint32_t checksum_offset)
{
    const BIOSLinkerFileEntry *f = bios_linker_find_file(linker, file);
    size_t off;

    g_assert(f);
    g_assert((size_t)start + size <= f->blob->len);
    g_assert(checksum_offset >= start && checksum_offset < start + size);
    /* The loader adds to what is there: start from 0. */
    f->blob->data[checksum_offset] = 0;

    off =
        bios_linker_new_entry(linker, BIOS_LINKER_LOADER_COMMAND_ADD_CHECKSUM);
    bios_linker_set_name(linker, off + LL_CKSUM_FILE, file);
    build_set_int(linker->cmd_blob, off + LL_CKSUM_OFFSET, checksum_offset, 4);
    build_set_int(linker->cmd_blob, off + LL_CKSUM_START, start, 4);
    build_set_int(linker->cmd_blob, off + LL_CKSUM_LENGTH, size, 4);
}

/* ---- The loader ---- */

static uint64_t ld_le(const uint8_t *p, int size)
{
    uint64_t v = 0;

    for (int i = size - 1; i >= 0; i--) {
        v = v << 8 | p[i];
    }
    return v;
}

static void st_le(uint8_t *p, uint64_t v, int size)
{
    for (int i = 0; i < size; i++) {
        p[i] = v >> (8 * i);
    }
}

/* The file named by the FILESZ bytes at name, or NULL (error set). */
static BIOSLinkerLoadedFile *loader_file(const uint8_t *name,
                                         BIOSLinkerLoadedFile *files,
                                         size_t nfiles, Error **errp)
{
    char buf[BIOS_LINKER_LOADER_FILESZ + 1] = {0};

    memcpy(buf, name, BIOS_LINKER_LOADER_FILESZ);
    for (size_t i = 0; i < nfiles; i++) {
        if (!strcmp(files[i].name, buf)) {
            return &files[i];
        }
    }
    error_setg(errp, "table loader: unknown file '%s'", buf);
    return NULL;
}

static bool loader_range(const BIOSLinkerLoadedFile *f, uint64_t start,
                         uint64_t len, Error **errp)
{
    if (start > f->len || len > f->len - start) {
        error_setg(errp,
                   "table loader: range 0x%" PRIx64 "+0x%" PRIx64
                   " is outside '%s' (0x%zx bytes)",
                   start, len, f->name, f->len);
        return false;
    }
    return true;
}

static bool loader_alloc(const uint8_t *e, BIOSLinkerLoadedFile *files,
                         size_t nfiles, Error **errp)
{
    BIOSLinkerLoadedFile *f =
        loader_file(e + LL_ALLOC_FILE, files, nfiles, errp);
    uint32_t align = ld_le(e + LL_ALLOC_ALIGN, 4);
    uint8_t zone = e[LL_ALLOC_ZONE];

    if (!f) {
        return false;
    }
    if (align == 0 || (align & (align - 1)) || (f->addr & (align - 1))) {
        error_setg(errp,
                   "table loader: '%s' at 0x%" PRIx64
                   " does not meet its alignment %u",
                   f->name, f->addr, align);
        return false;
    }
    if (zone == BIOS_LINKER_LOADER_ALLOC_ZONE_FSEG
            ? f->addr + f->len > 0x100000
            : zone != BIOS_LINKER_LOADER_ALLOC_ZONE_HIGH) {
        error_setg(errp,
                   "table loader: '%s' at 0x%" PRIx64 " is not in its zone %u",
                   f->name, f->addr, zone);
        return false;
    }
    return true;
}

static bool loader_add_pointer(const uint8_t *e, BIOSLinkerLoadedFile *files,
                               size_t nfiles, Error **errp)
{
    BIOSLinkerLoadedFile *dst =
        loader_file(e + LL_PTR_DEST_FILE, files, nfiles, errp);
    BIOSLinkerLoadedFile *src =
        dst ? loader_file(e + LL_PTR_SRC_FILE, files, nfiles, errp) : NULL;
    uint32_t offset = ld_le(e + LL_PTR_OFFSET, 4);
    uint8_t size = e[LL_PTR_SIZE];
    uint64_t ptr;

    if (!src) {
        return false;
    }
    if (size != 1 && size != 2 && size != 4 && size != 8) {
        error_setg(errp, "table loader: pointer size %u", size);
        return false;
    }
    if (!loader_range(dst, offset, size, errp)) {
        return false;
    }
    ptr = ld_le(dst->data + offset, size);
    if (ptr >= src->len) {
        error_setg(errp, "table loader: pointer 0x%" PRIx64 " is outside '%s'",
                   ptr, src->name);
        return false;
    }
    ptr += src->addr;
    if (size < 8 && ptr >> (8 * size)) {
        error_setg(errp,
                   "table loader: 0x%" PRIx64 " does not fit a %u-byte pointer",
                   ptr, size);
        return false;
    }
    st_le(dst->data + offset, ptr, size);
    return true;
}

static bool loader_add_checksum(const uint8_t *e, BIOSLinkerLoadedFile *files,
                                size_t nfiles, Error **errp)
{
    BIOSLinkerLoadedFile *f =
        loader_file(e + LL_CKSUM_FILE, files, nfiles, errp);
    uint32_t offset = ld_le(e + LL_CKSUM_OFFSET, 4);
    uint32_t start = ld_le(e + LL_CKSUM_START, 4);
    uint32_t length = ld_le(e + LL_CKSUM_LENGTH, 4);

    if (!f || !loader_range(f, start, length, errp) ||
        !loader_range(f, offset, 1, errp)) {
        return false;
    }
    f->data[offset] += acpi_checksum(f->data + start, length);
    return true;
}

bool bios_linker_loader_apply(const uint8_t *script, size_t script_len,
                              BIOSLinkerLoadedFile *files, size_t nfiles,
                              Error **errp)
{
    if (script_len % BIOS_LINKER_LOADER_ENTRY_SIZE) {
        error_setg(errp,
                   "table loader: script of %zu bytes is not whole "
                   "entries",
                   script_len);
        return false;
    }
    for (size_t off = 0; off < script_len;
         off += BIOS_LINKER_LOADER_ENTRY_SIZE) {
        const uint8_t *e = script + off;
        uint32_t command = ld_le(e + LL_COMMAND, 4);
        bool ok;

        switch (command) {
        case BIOS_LINKER_LOADER_COMMAND_ALLOCATE:
            ok = loader_alloc(e, files, nfiles, errp);
            break;
        case BIOS_LINKER_LOADER_COMMAND_ADD_POINTER:
            ok = loader_add_pointer(e, files, nfiles, errp);
            break;
        case BIOS_LINKER_LOADER_COMMAND_ADD_CHECKSUM:
            ok = loader_add_checksum(e, files, nfiles, errp);
            break;
        case 0:
            /* Padding (QEMU pads its script): the end. */
            return true;
        default:
            error_setg(errp, "table loader: unknown command 0x%x", command);
            ok = false;
        }
        if (!ok) {
            return false;
        }
    }
    return true;
}
