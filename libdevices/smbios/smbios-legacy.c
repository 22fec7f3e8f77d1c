/*
 * QEMU 2.0's SMBIOS interface (machine types before 2.1): no tables,
 * but a list the firmware builds its own from, in fw_cfg item 0x8001
 * (what QEMU 7.2 gives such machines, observed through qtest):
 *
 *   u16 count, then entries:  u16 length (of the whole entry),
 *                             u8  0 = a field, 1 = a whole structure,
 *   a field:                  u8  structure type, u16 field offset,
 *                             the value (a string with its NUL, or the
 *                             16 UUID bytes, or one byte);
 *   a structure:              the -smbios file= bytes.
 *
 * Little-endian.  Structures from files first, then type 0's fields,
 * then type 1's, each only when given (empty strings included); the
 * UUID as given (no SMBIOS 2.6 byte swap).
 */
#include <string.h>

#include "smbios-internal.h"

enum {
    SMBIOS_FIELD_ENTRY = 0,
    SMBIOS_TABLE_ENTRY = 1,
};

typedef struct LegacyList {
    GByteArray *buf;
    uint16_t count;
} LegacyList;

static void legacy_entry(LegacyList *l, uint8_t kind, const uint8_t *head,
                         size_t head_len, const void *data, size_t len)
{
    uint16_t total = 3 + head_len + len;
    uint8_t hdr[3] = {total, total >> 8, kind};

    g_byte_array_append(l->buf, hdr, 3);
    g_byte_array_append(l->buf, head, head_len);
    g_byte_array_append(l->buf, data, len);
    l->count++;
}

static void legacy_field(LegacyList *l, uint8_t type, uint16_t offset,
                         const void *data, size_t len)
{
    uint8_t head[3] = {type, offset, offset >> 8};

    legacy_entry(l, SMBIOS_FIELD_ENTRY, head, 3, data, len);
}

static void legacy_str(LegacyList *l, uint8_t type, uint16_t offset,
                       const char *value)
{
    if (value) {
        legacy_field(l, type, offset, value, strlen(value) + 1);
    }
}

uint8_t *smbios_get_table_legacy(size_t *length)
{
    SmbiosConfig *c = smbios_config();
    LegacyList l = {g_byte_array_new(), 0};
    QemuUUID uuid;

    g_byte_array_set_size(l.buf, 2);
    for (guint i = 0; i < c->usr_blob_list->len; i++) {
        gsize size;
        const uint8_t *data =
            g_bytes_get_data(g_ptr_array_index(c->usr_blob_list, i), &size);

        legacy_entry(&l, SMBIOS_TABLE_ENTRY, NULL, 0, data, size);
    }
    /* Type 0 (offsets of DSP0134 7.1). */
    legacy_str(&l, 0, 0x04, c->type0.vendor);
    legacy_str(&l, 0, 0x05, c->type0.version);
    legacy_str(&l, 0, 0x08, c->type0.date);
    if (c->type0.have_major_minor) {
        legacy_field(&l, 0, 0x14, &c->type0.major, 1);
        legacy_field(&l, 0, 0x15, &c->type0.minor, 1);
    }
    /* Type 1 (7.2). */
    legacy_str(&l, 1, 0x04, c->type1.manufacturer);
    legacy_str(&l, 1, 0x05, c->type1.product);
    legacy_str(&l, 1, 0x06, c->type1.version);
    legacy_str(&l, 1, 0x07, c->type1.serial);
    legacy_str(&l, 1, 0x19, c->type1.sku);
    legacy_str(&l, 1, 0x1a, c->type1.family);
    if (qemu_uuid_get(&uuid)) {
        legacy_field(&l, 1, 0x08, uuid.data, 16);
    }
    l.buf->data[0] = l.count;
    l.buf->data[1] = l.count >> 8;
    *length = l.buf->len;
    return g_byte_array_free(l.buf, false);
}
