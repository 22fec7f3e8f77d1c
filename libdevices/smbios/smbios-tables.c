/*
 * The SMBIOS structure table and entry point (DMTF DSP0134 3.0 and 2.8;
 * field values and handles as QEMU 7.2 gives them, observed through its
 * etc/smbios files; own code).
 *
 * A structure is its formatted area (type, length, handle, fields) and
 * its strings, each NUL-terminated, the set ending with one more NUL
 * (two NULs when there is none).  String fields hold the string's
 * number, 0 for none: an empty value gives none.
 */
#include <string.h>

#include "machine/pci.h"
#include "smbios-internal.h"

/* The largest table a 2.1 (32-bit) entry point can describe. */
#define SMBIOS_21_MAX_TABLES_LEN 0xffff
/* QEMU splits RAM into DIMMs of at most 16 GiB (type 17). */
#define SMBIOS_MAX_DIMM_SIZE (16ULL << 30)

/* Handles (QEMU's numbering). */
#define T0_BASE 0x000
#define T1_BASE 0x100
#define T2_BASE 0x200
#define T3_BASE 0x300
#define T4_BASE 0x400
#define T8_BASE 0x000 /* sic: QEMU 7.2 numbers type 8 from 0 */
#define T11_BASE 0xe00
#define T16_BASE 0x1000
#define T17_BASE 0x1100
#define T19_BASE 0x1300
#define T32_BASE 0x2000
#define T41_BASE 0x2900
#define T127_BASE 0x7f00

typedef struct SmbiosBuild {
    SmbiosConfig *c;
    GByteArray *tables;
    unsigned count;
    size_t max_struct;

    /* The structure being built. */
    uint8_t fmt[64];
    size_t fmt_len;
    GPtrArray *strings; /* const char *, not owned */
} SmbiosBuild;

static void st_begin(SmbiosBuild *b, uint8_t type, uint16_t handle, size_t len)
{
    g_assert(len <= sizeof(b->fmt));
    memset(b->fmt, 0, sizeof(b->fmt));
    b->fmt[0] = type;
    b->fmt[1] = len;
    b->fmt[2] = handle;
    b->fmt[3] = handle >> 8;
    b->fmt_len = len;
    g_ptr_array_set_size(b->strings, 0);
}

static void st_u8(SmbiosBuild *b, size_t off, uint8_t v)
{
    g_assert(off < b->fmt_len);
    b->fmt[off] = v;
}

static void st_u16(SmbiosBuild *b, size_t off, uint16_t v)
{
    g_assert(off + 2 <= b->fmt_len);
    b->fmt[off] = v;
    b->fmt[off + 1] = v >> 8;
}

static void st_u32(SmbiosBuild *b, size_t off, uint32_t v)
{
    st_u16(b, off, v);
    st_u16(b, off + 2, v >> 16);
}

static void st_u64(SmbiosBuild *b, size_t off, uint64_t v)
{
    st_u32(b, off, v);
    st_u32(b, off + 4, v >> 32);
}

/* A string field: the value's number among the strings, or 0. */
static void st_str(SmbiosBuild *b, size_t off, const char *value)
{
    if (!value || !*value) {
        st_u8(b, off, 0);
        return;
    }
    g_ptr_array_add(b->strings, (gpointer)value);
    st_u8(b, off, b->strings->len);
}

/* Append a finished structure (or a user's) to the table. */
static void smbios_add_struct(SmbiosBuild *b, const uint8_t *data, size_t len)
{
    g_byte_array_append(b->tables, data, len);
    b->count++;
    b->max_struct = MAX(b->max_struct, len);
}

static void st_end(SmbiosBuild *b)
{
    size_t start = b->tables->len;
    static const uint8_t nul[2] = {0, 0};

    g_byte_array_append(b->tables, b->fmt, b->fmt_len);
    for (guint i = 0; i < b->strings->len; i++) {
        const char *s = g_ptr_array_index(b->strings, i);

        g_byte_array_append(b->tables, (const guint8 *)s, strlen(s) + 1);
    }
    g_byte_array_append(b->tables, nul, b->strings->len ? 1 : 2);
    b->count++;
    b->max_struct = MAX(b->max_struct, b->tables->len - start);
}

/*
 * The -smbios file= structures: all but type 127 (end_of_table false) or
 * type 127 only.  QEMU 7.2 puts a file's end-of-table first, where the
 * firmware stops reading (the SMBIOS fuzzer's smbios/smbios-file-type127).
 */
static void smbios_add_user_structs(SmbiosBuild *b, bool end_of_table)
{
    GPtrArray *blobs = b->c->usr_blob_list;

    for (guint i = 0; i < blobs->len; i++) {
        gsize size;
        const uint8_t *data = g_bytes_get_data(g_ptr_array_index(blobs, i),
                                               &size);

        if ((data[0] == 127) == end_of_table) {
            smbios_add_struct(b, data, size);
        }
    }
}

/*
 * Built unless a -smbios file= gave this type; optional types also need
 * -smbios type=N (QEMU's SMBIOS_BUILD_TABLE_PRE).
 */
static bool smbios_want(SmbiosBuild *b, int type, bool required)
{
    return !b->c->have_binfile[type] && (required || b->c->have_fields[type]);
}

/* ---- Types ---- */

/* BIOS Information. */
static void smbios_type_0(SmbiosBuild *b)
{
    SmbiosConfig *c = b->c;

    if (!smbios_want(b, 0, false)) {
        return;
    }
    st_begin(b, 0, T0_BASE, 0x18);
    st_str(b, 0x04, c->type0.vendor);
    st_str(b, 0x05, c->type0.version);
    st_u16(b, 0x06, 0xe800); /* starting address segment */
    st_str(b, 0x08, c->type0.date);
    st_u8(b, 0x09, 0);     /* ROM size: none */
    st_u64(b, 0x0a, 0x08); /* characteristics not supported */
    st_u8(b, 0x12, 0);
    /* Targeted content distribution, a VM; UEFI if said so. */
    st_u8(b, 0x13, 0x14 | (c->type0.uefi ? 0x08 : 0));
    st_u8(b, 0x14, c->type0.have_major_minor ? c->type0.major : 0);
    st_u8(b, 0x15, c->type0.have_major_minor ? c->type0.minor : 0);
    st_u8(b, 0x16, 0xff); /* no embedded controller */
    st_u8(b, 0x17, 0xff);
    st_end(b);
}

/* System Information. */
static void smbios_type_1(SmbiosBuild *b)
{
    SmbiosConfig *c = b->c;
    QemuUUID uuid;

    if (!smbios_want(b, 1, true)) {
        return;
    }
    st_begin(b, 1, T1_BASE, 0x1b);
    st_str(b, 0x04, c->type1.manufacturer);
    st_str(b, 0x05, c->type1.product);
    st_str(b, 0x06, c->type1.version);
    st_str(b, 0x07, c->type1.serial);
    if (qemu_uuid_get(&uuid)) {
        /* SMBIOS 2.6, 7.2.1: the first three fields little-endian. */
        if (c->uuid_encoded) {
            uint8_t *d = uuid.data;
            uint8_t t;

            t = d[0], d[0] = d[3], d[3] = t;
            t = d[1], d[1] = d[2], d[2] = t;
            t = d[4], d[4] = d[5], d[5] = t;
            t = d[6], d[6] = d[7], d[7] = t;
        }
        memcpy(&b->fmt[0x08], uuid.data, 16);
    }
    st_u8(b, 0x18, 0x06); /* woken by the power switch */
    st_str(b, 0x19, c->type1.sku);
    st_str(b, 0x1a, c->type1.family);
    st_end(b);
}

/* Baseboard Information. */
static void smbios_type_2(SmbiosBuild *b)
{
    SmbiosConfig *c = b->c;

    if (!smbios_want(b, 2, false)) {
        return;
    }
    st_begin(b, 2, T2_BASE, 0x0f);
    st_str(b, 0x04, c->type2.manufacturer);
    st_str(b, 0x05, c->type2.product);
    st_str(b, 0x06, c->type2.version);
    st_str(b, 0x07, c->type2.serial);
    st_str(b, 0x08, c->type2.asset);
    st_u8(b, 0x09, 0x01); /* a hosting board */
    st_str(b, 0x0a, c->type2.location);
    st_u16(b, 0x0b, T3_BASE); /* in the chassis */
    st_u8(b, 0x0d, 0x0a);     /* motherboard */
    st_u8(b, 0x0e, 0);        /* contains nothing listed */
    st_end(b);
}

/* System Enclosure. */
static void smbios_type_3(SmbiosBuild *b)
{
    SmbiosConfig *c = b->c;

    if (!smbios_want(b, 3, true)) {
        return;
    }
    st_begin(b, 3, T3_BASE, 0x16);
    st_str(b, 0x04, c->type3.manufacturer);
    st_u8(b, 0x05, 0x01); /* other */
    st_str(b, 0x06, c->type3.version);
    st_str(b, 0x07, c->type3.serial);
    st_str(b, 0x08, c->type3.asset);
    st_u8(b, 0x09, 0x03); /* boot-up, power supply, thermal: safe */
    st_u8(b, 0x0a, 0x03);
    st_u8(b, 0x0b, 0x03);
    st_u8(b, 0x0c, 0x02); /* security: unknown */
    st_str(b, 0x15, c->type3.sku);
    st_end(b);
}

/* Processor Information, one per socket. */
static void smbios_type_4(SmbiosBuild *b, const SmbiosCpuInfo *cpu,
                          unsigned socket)
{
    SmbiosConfig *c = b->c;
    bool v3 = c->ep_type == SMBIOS_ENTRY_POINT_TYPE_64;
    g_autofree char *designation =
        g_strdup_printf("%s %u", c->type4.sock_pfx, socket);

    st_begin(b, 4, T4_BASE + socket, v3 ? 0x30 : 0x2a);
    st_str(b, 0x04, designation);
    st_u8(b, 0x05, 0x03); /* central processor */
    st_u8(b, 0x06, 0x01); /* family: other */
    st_str(b, 0x07, c->type4.manufacturer);
    if (c->type4.processor_id) {
        st_u64(b, 0x08, c->type4.processor_id);
    } else {
        st_u32(b, 0x08, cpu->cpuid_version);
        st_u32(b, 0x0c, cpu->cpuid_features);
    }
    st_str(b, 0x10, c->type4.version);
    st_u16(b, 0x14, c->type4.max_speed);
    st_u16(b, 0x16, c->type4.current_speed);
    st_u8(b, 0x18, 0x41);    /* socket populated, CPU enabled */
    st_u8(b, 0x19, 0x01);    /* upgrade: other */
    st_u16(b, 0x1a, 0xffff); /* no cache information */
    st_u16(b, 0x1c, 0xffff);
    st_u16(b, 0x1e, 0xffff);
    st_str(b, 0x20, c->type4.serial);
    st_str(b, 0x21, c->type4.asset);
    st_str(b, 0x22, c->type4.part);
    st_u8(b, 0x23, MIN(cpu->cores_per_socket, 0xff));
    st_u8(b, 0x24, MIN(cpu->cores_per_socket, 0xff));
    st_u8(b, 0x25, MIN(cpu->threads_per_socket, 0xff));
    st_u16(b, 0x26, 0x02); /* characteristics: unknown */
    st_u16(b, 0x28, 0x01); /* family 2: other */
    if (v3) {
        st_u16(b, 0x2a, cpu->cores_per_socket);
        st_u16(b, 0x2c, cpu->cores_per_socket);
        st_u16(b, 0x2e, cpu->threads_per_socket);
    }
    st_end(b);
}

/* Port Connector Information. */
static void smbios_type_8(SmbiosBuild *b)
{
    if (b->c->have_binfile[8]) {
        return;
    }
    for (guint i = 0; i < b->c->type8->len; i++) {
        SmbiosType8 *t = g_ptr_array_index(b->c->type8, i);

        st_begin(b, 8, T8_BASE + i, 0x09);
        st_str(b, 0x04, t->internal_reference);
        st_u8(b, 0x05, 0); /* internal connector: none */
        st_str(b, 0x06, t->external_reference);
        st_u8(b, 0x07, t->connector_type);
        st_u8(b, 0x08, t->port_type);
        st_end(b);
    }
}

/* OEM Strings. */
static void smbios_type_11(SmbiosBuild *b)
{
    GPtrArray *values = b->c->type11;

    if (!values->len || b->c->have_binfile[11]) {
        return;
    }
    st_begin(b, 11, T11_BASE, 0x05);
    /*
     * An empty string cannot be stored (its NUL would end the set), so
     * an empty value= is left out of the strings and of the count.
     * QEMU 7.2 leaves it out of the strings only (the SMBIOS fuzzer's
     * smbios/smbios-type11-empty-value).
     */
    for (guint i = 0; i < values->len; i++) {
        const char *v = g_ptr_array_index(values, i);

        if (*v) {
            g_ptr_array_add(b->strings, (gpointer)v);
        }
    }
    st_u8(b, 0x04, b->strings->len);
    st_end(b);
}

/* Physical Memory Array. */
static void smbios_type_16(SmbiosBuild *b, uint64_t ram_size, unsigned dimms)
{
    uint64_t size_kb = (ram_size + 1023) / 1024;

    st_begin(b, 16, T16_BASE, 0x17);
    st_u8(b, 0x04, 0x01); /* location: other */
    st_u8(b, 0x05, 0x03); /* system memory */
    st_u8(b, 0x06, 0x06); /* multi-bit ECC */
    /* KiB; from 2 TiB on, the extended field (bytes) says it. */
    if (size_kb < 0x80000000ULL) {
        st_u32(b, 0x07, size_kb);
    } else {
        st_u32(b, 0x07, 0x80000000);
        st_u64(b, 0x0f, ram_size);
    }
    st_u16(b, 0x0b, 0xfffe); /* no error information */
    st_u16(b, 0x0d, dimms);
    st_end(b);
}

/* Memory Device, one per DIMM. */
static void smbios_type_17(SmbiosBuild *b, unsigned instance, uint64_t size)
{
    SmbiosConfig *c = b->c;
    uint64_t size_mb = (size + (1 << 20) - 1) >> 20;
    g_autofree char *locator =
        g_strdup_printf("%s %u", c->type17.loc_pfx, instance);

    st_begin(b, 17, T17_BASE + instance, 0x28);
    st_u16(b, 0x04, T16_BASE);
    st_u16(b, 0x06, 0xfffe); /* no error information */
    st_u16(b, 0x08, 0xffff); /* widths unknown */
    st_u16(b, 0x0a, 0xffff);
    /* MiB; from 32 GiB - 1 MiB on, the extended size says it. */
    if (size_mb < 0x7fff) {
        st_u16(b, 0x0c, size_mb);
    } else {
        st_u16(b, 0x0c, 0x7fff);
        st_u32(b, 0x1c, size_mb);
    }
    st_u8(b, 0x0e, 0x09); /* DIMM */
    st_str(b, 0x10, locator);
    st_str(b, 0x11, c->type17.bank);
    st_u8(b, 0x12, 0x07);  /* RAM */
    st_u16(b, 0x13, 0x02); /* type detail: other */
    st_u16(b, 0x15, c->type17.speed);
    st_str(b, 0x17, c->type17.manufacturer);
    st_str(b, 0x18, c->type17.serial);
    st_str(b, 0x19, c->type17.asset);
    st_str(b, 0x1a, c->type17.part);
    st_u16(b, 0x20, c->type17.speed); /* configured speed */
    st_end(b);
}

/* Memory Array Mapped Address, one per RAM range. */
static void smbios_type_19(SmbiosBuild *b, unsigned instance, uint64_t start,
                           uint64_t size)
{
    uint64_t end = start + size - 1;

    st_begin(b, 19, T19_BASE + instance, 0x1f);
    /* KiB when both ends fit 32 bits, else the extended fields (bytes). */
    if (start / 1024 < UINT32_MAX && end / 1024 < UINT32_MAX) {
        st_u32(b, 0x04, start / 1024);
        st_u32(b, 0x08, end / 1024);
    } else {
        st_u32(b, 0x04, UINT32_MAX);
        st_u32(b, 0x08, UINT32_MAX);
        st_u64(b, 0x0f, start);
        st_u64(b, 0x17, end);
    }
    st_u16(b, 0x0c, T16_BASE);
    st_u8(b, 0x0e, 1); /* partition width */
    st_end(b);
}

/* System Boot Information: no errors. */
static void smbios_type_32(SmbiosBuild *b)
{
    st_begin(b, 32, T32_BASE, 0x0b);
    st_end(b);
}

/* Onboard Devices Extended Information. */
static bool smbios_type_41(SmbiosBuild *b, Error **errp)
{
    if (b->c->have_binfile[41]) {
        return true;
    }
    for (guint i = 0; i < b->c->type41->len; i++) {
        SmbiosType41 *t = g_ptr_array_index(b->c->type41, i);
        uint8_t bus = 0, devfn = 0;

        if (t->pcidev) {
            Object *obj =
                object_resolve_path_type(t->pcidev, TYPE_PCI_DEVICE, NULL);
            PCIDevice *pdev;

            if (!obj) {
                error_setg(errp, "No PCI device %s for SMBIOS type 41 entry %s",
                           t->pcidev,
                           t->designation ? t->designation : "(null)");
                return false;
            }
            pdev = PCI_DEVICE(obj);
            bus = pci_dev_bus_num(pdev);
            devfn = pdev->devfn;
        }
        st_begin(b, 41, T41_BASE + i, 0x0b);
        st_str(b, 0x04, t->designation);
        st_u8(b, 0x05, t->kind | 0x80); /* enabled */
        st_u8(b, 0x06, t->instance);
        st_u16(b, 0x07, 0); /* PCI segment group */
        st_u8(b, 0x09, bus);
        st_u8(b, 0x0a, devfn);
        st_end(b);
    }
    return true;
}

/* End-of-Table. */
static void smbios_type_127(SmbiosBuild *b)
{
    st_begin(b, 127, T127_BASE, 0x04);
    st_end(b);
}

/* ---- Entry points ---- */

/* SMBIOS 2.1 "_SM_"/"_DMI_" (31 bytes), for a version 2.8 table. */
static uint8_t *smbios_ep21(SmbiosBuild *b, size_t *len)
{
    uint8_t *ep = g_malloc0(0x1f);

    memcpy(ep, "_SM_", 4);
    ep[0x05] = 0x1f;
    ep[0x06] = 2;
    ep[0x07] = 8;
    ep[0x08] = b->max_struct;
    ep[0x09] = b->max_struct >> 8;
    memcpy(ep + 0x10, "_DMI_", 5);
    ep[0x16] = b->tables->len;
    ep[0x17] = b->tables->len >> 8;
    ep[0x1c] = b->count;
    ep[0x1d] = b->count >> 8;
    ep[0x1e] = 0x28; /* BCD 2.8 */
    *len = 0x1f;
    return ep;
}

/* SMBIOS 3.0 "_SM3_" (24 bytes). */
static uint8_t *smbios_ep30(SmbiosBuild *b, size_t *len)
{
    uint8_t *ep = g_malloc0(0x18);
    uint32_t max = b->tables->len;

    memcpy(ep, "_SM3_", 5);
    ep[0x06] = 0x18;
    ep[0x07] = 3;
    ep[0x08] = 0;
    ep[0x0a] = 1; /* entry point revision */
    ep[0x0c] = max;
    ep[0x0d] = max >> 8;
    ep[0x0e] = max >> 16;
    ep[0x0f] = max >> 24;
    *len = 0x18;
    return ep;
}

/* ---- The table ---- */

static bool smbios_validate(SmbiosBuild *b, const SmbiosCpuInfo *cpu,
                            Error **errp)
{
    SmbiosConfig *c = b->c;

    if (c->usr_type4_count && c->usr_type4_count != cpu->sockets) {
        error_setg(errp, "Expected %u SMBIOS Type 4 tables, got %u instead",
                   cpu->sockets, c->usr_type4_count);
        return false;
    }
    if (c->ep_type == SMBIOS_ENTRY_POINT_TYPE_32 &&
        b->tables->len > SMBIOS_21_MAX_TABLES_LEN) {
        error_setg(errp, "SMBIOS 2.1 table length %u exceeds %d",
                   b->tables->len, SMBIOS_21_MAX_TABLES_LEN);
        error_append_hint(errp, "Try -machine smbios-entry-point-type=64\n");
        return false;
    }
    return true;
}

bool smbios_get_tables(const SmbiosCpuInfo *cpu, uint64_t ram_size,
                       const struct smbios_phys_mem_area *mem_array,
                       int mem_array_size, uint8_t **tables, size_t *tables_len,
                       uint8_t **anchor, size_t *anchor_len, Error **errp)
{
    SmbiosConfig *c = smbios_config();
    SmbiosBuild b = {
        .c = c,
        .tables = g_byte_array_new(),
        .strings = g_ptr_array_new(),
    };
    unsigned dimms =
        (ram_size + SMBIOS_MAX_DIMM_SIZE - 1) / SMBIOS_MAX_DIMM_SIZE;
    bool ok;

    /* The user's structures first, one each; an end-of-table goes last. */
    smbios_add_user_structs(&b, false);
    smbios_type_0(&b);
    smbios_type_1(&b);
    smbios_type_2(&b);
    smbios_type_3(&b);
    if (smbios_want(&b, 4, true)) {
        for (unsigned i = 0; i < cpu->sockets; i++) {
            smbios_type_4(&b, cpu, i);
        }
    }
    smbios_type_8(&b);
    smbios_type_11(&b);
    if (smbios_want(&b, 16, true)) {
        smbios_type_16(&b, ram_size, dimms);
    }
    if (smbios_want(&b, 17, true)) {
        for (unsigned i = 0; i < dimms; i++) {
            uint64_t size = i < dimms - 1
                                ? SMBIOS_MAX_DIMM_SIZE
                                : (ram_size - 1) % SMBIOS_MAX_DIMM_SIZE + 1;

            smbios_type_17(&b, i, size);
        }
    }
    if (smbios_want(&b, 19, true)) {
        for (int i = 0; i < mem_array_size; i++) {
            smbios_type_19(&b, i, mem_array[i].address, mem_array[i].length);
        }
    }
    if (smbios_want(&b, 32, true)) {
        smbios_type_32(&b);
    }
    ok = smbios_type_41(&b, errp);
    if (ok) {
        if (smbios_want(&b, 127, true)) {
            smbios_type_127(&b);
        }
        smbios_add_user_structs(&b, true);
        ok = smbios_validate(&b, cpu, errp);
    }
    g_ptr_array_unref(b.strings);
    if (!ok) {
        g_byte_array_unref(b.tables);
        return false;
    }
    *anchor = c->ep_type == SMBIOS_ENTRY_POINT_TYPE_64
                  ? smbios_ep30(&b, anchor_len)
                  : smbios_ep21(&b, anchor_len);
    *tables_len = b.tables->len;
    *tables = g_byte_array_free(b.tables, false);
    return true;
}
