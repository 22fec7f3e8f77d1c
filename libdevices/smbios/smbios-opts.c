/*
 * -smbios file=binary and -smbios type=N,field=value,...: QEMU 7.2's
 * fields and messages (qemu-options "-smbios"; what QEMU 7.2 answers).
 * libopts already checked the keys each type takes and that numbers
 * are numbers.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "smbios-internal.h"
#include "util/cutils.h"

/* A -smbios file= must hold at least a structure header. */
#define SMBIOS_HEADER_LEN 4

static uint64_t opt_number(QemuOpts *opts, const char *name, uint64_t dflt)
{
    const char *s = qemu_opt_get(opts, name);
    uint64_t v;

    if (!s || qemu_strtou64(s, NULL, 0, &v) != 0) {
        return dflt;
    }
    return v;
}

/*
 * One whole structure: the formatted part (its length byte, at least the
 * header), then the strings, ending in the two NULs that end the file.
 * QEMU 7.2 copies any bytes, and a broken file then breaks the table the
 * firmware walks (the SMBIOS fuzzer's smbios/smbios-file-strings-unended).
 */
static bool smbios_file_whole(const uint8_t *data, gsize size)
{
    gsize len = data[1];

    if (len < SMBIOS_HEADER_LEN || len > size - 2) {
        return false;
    }
    for (gsize i = len; i + 1 < size; i++) {
        if (!data[i] && !data[i + 1]) {
            return i + 2 == size;
        }
    }
    return false;
}

static bool smbios_add_file(SmbiosConfig *c, const char *path, Error **errp)
{
    g_autofree gchar *data = NULL;
    gsize size;
    uint8_t type;

    if (!g_file_get_contents(path, &data, &size, NULL) ||
        size < SMBIOS_HEADER_LEN) {
        error_setg(errp, "Cannot read SMBIOS file %s", path);
        return false;
    }
    if (!smbios_file_whole((const uint8_t *)data, size)) {
        error_setg(errp, "SMBIOS file %s does not hold one whole structure "
                   "(its formatted part, then strings ending in two NULs)",
                   path);
        return false;
    }
    type = data[0];
    if (type <= SMBIOS_MAX_TYPE && c->have_fields[type]) {
        error_setg(errp, "can't load type %d struct, fields already specified!",
                   type);
        return false;
    }
    if (type <= SMBIOS_MAX_TYPE) {
        c->have_binfile[type] = true;
    }
    if (type == 4) {
        c->usr_type4_count++;
    }
    g_ptr_array_add(c->usr_blob_list, g_bytes_new(data, size));
    return true;
}

/* ---- Per type ---- */

static bool smbios_type0(SmbiosConfig *c, QemuOpts *opts, Error **errp)
{
    const char *release = qemu_opt_get(opts, "release");

    if (release) {
        unsigned char major, minor;

        /* "major.minor", each a byte (QEMU wraps larger numbers). */
        if (sscanf(release, "%hhu.%hhu", &major, &minor) != 2) {
            error_setg(errp, "Invalid release");
            return false;
        }
        c->type0.major = major;
        c->type0.minor = minor;
        c->type0.have_major_minor = true;
    }
    smbios_set_str(&c->type0.vendor, qemu_opt_get(opts, "vendor"));
    smbios_set_str(&c->type0.version, qemu_opt_get(opts, "version"));
    smbios_set_str(&c->type0.date, qemu_opt_get(opts, "date"));
    c->type0.uefi = qemu_opt_get_bool(opts, "uefi", c->type0.uefi);
    return true;
}

static bool smbios_type1(SmbiosConfig *c, QemuOpts *opts, Error **errp)
{
    const char *uuid = qemu_opt_get(opts, "uuid");

    if (uuid) {
        QemuUUID parsed;

        if (!qemu_uuid_parse(uuid, &parsed)) {
            error_setg(errp, "Invalid UUID");
            return false;
        }
        qemu_uuid_set_value(&parsed);
    }
    smbios_set_str(&c->type1.manufacturer, qemu_opt_get(opts, "manufacturer"));
    smbios_set_str(&c->type1.product, qemu_opt_get(opts, "product"));
    smbios_set_str(&c->type1.version, qemu_opt_get(opts, "version"));
    smbios_set_str(&c->type1.serial, qemu_opt_get(opts, "serial"));
    smbios_set_str(&c->type1.sku, qemu_opt_get(opts, "sku"));
    smbios_set_str(&c->type1.family, qemu_opt_get(opts, "family"));
    return true;
}

static bool smbios_type2(SmbiosConfig *c, QemuOpts *opts, Error **errp)
{
    smbios_set_str(&c->type2.manufacturer, qemu_opt_get(opts, "manufacturer"));
    smbios_set_str(&c->type2.product, qemu_opt_get(opts, "product"));
    smbios_set_str(&c->type2.version, qemu_opt_get(opts, "version"));
    smbios_set_str(&c->type2.serial, qemu_opt_get(opts, "serial"));
    smbios_set_str(&c->type2.asset, qemu_opt_get(opts, "asset"));
    smbios_set_str(&c->type2.location, qemu_opt_get(opts, "location"));
    return true;
}

static bool smbios_type3(SmbiosConfig *c, QemuOpts *opts, Error **errp)
{
    smbios_set_str(&c->type3.manufacturer, qemu_opt_get(opts, "manufacturer"));
    smbios_set_str(&c->type3.version, qemu_opt_get(opts, "version"));
    smbios_set_str(&c->type3.serial, qemu_opt_get(opts, "serial"));
    smbios_set_str(&c->type3.asset, qemu_opt_get(opts, "asset"));
    smbios_set_str(&c->type3.sku, qemu_opt_get(opts, "sku"));
    return true;
}

static bool smbios_type4(SmbiosConfig *c, QemuOpts *opts, Error **errp)
{
    uint64_t max = opt_number(opts, "max-speed", c->type4.max_speed);
    uint64_t cur = opt_number(opts, "current-speed", c->type4.current_speed);

    /* The structure's fields are 16 bits (MHz). */
    if (max > UINT16_MAX || cur > UINT16_MAX) {
        error_setg(errp, "SMBIOS CPU speed is too large (> %d)", UINT16_MAX);
        return false;
    }
    c->type4.max_speed = max;
    c->type4.current_speed = cur;
    c->type4.processor_id =
        opt_number(opts, "processor-id", c->type4.processor_id);
    smbios_set_str(&c->type4.sock_pfx, qemu_opt_get(opts, "sock_pfx"));
    smbios_set_str(&c->type4.manufacturer, qemu_opt_get(opts, "manufacturer"));
    smbios_set_str(&c->type4.version, qemu_opt_get(opts, "version"));
    smbios_set_str(&c->type4.serial, qemu_opt_get(opts, "serial"));
    smbios_set_str(&c->type4.asset, qemu_opt_get(opts, "asset"));
    smbios_set_str(&c->type4.part, qemu_opt_get(opts, "part"));
    return true;
}

static bool smbios_type8(SmbiosConfig *c, QemuOpts *opts, Error **errp)
{
    SmbiosType8 *t = g_new0(SmbiosType8, 1);

    t->internal_reference = g_strdup(qemu_opt_get(opts, "internal_reference"));
    t->external_reference = g_strdup(qemu_opt_get(opts, "external_reference"));
    /* Byte fields: QEMU keeps the low 8 bits. */
    t->connector_type = opt_number(opts, "connector_type", 0);
    t->port_type = opt_number(opts, "port_type", 0);
    g_ptr_array_add(c->type8, t);
    return true;
}

typedef struct Type11Walk {
    SmbiosConfig *c;
    bool ok;
} Type11Walk;

/* value= and path= in the order given, each one more OEM string. */
static int smbios_type11_opt(void *opaque, const char *name, const char *value,
                             Error **errp)
{
    Type11Walk *w = opaque;
    g_autofree gchar *data = NULL;
    g_autoptr(GError) gerr = NULL;

    if (!strcmp(name, "value")) {
        g_ptr_array_add(w->c->type11, g_strdup(value));
    } else if (!strcmp(name, "path")) {
        FILE *f = fopen(value, "r");

        if (!f) {
            error_setg(errp, "Could not open '%s': %s", value, strerror(errno));
            w->ok = false;
            return -1;
        }
        fclose(f);
        if (!g_file_get_contents(value, &data, NULL, &gerr)) {
            error_setg(errp, "Could not read '%s': %s", value, gerr->message);
            w->ok = false;
            return -1;
        }
        g_ptr_array_add(w->c->type11, g_steal_pointer(&data));
    }
    return 0;
}

static bool smbios_type11(SmbiosConfig *c, QemuOpts *opts, Error **errp)
{
    Type11Walk w = {c, true};

    qemu_opt_foreach(opts, smbios_type11_opt, &w, errp);
    return w.ok;
}

static bool smbios_type17(SmbiosConfig *c, QemuOpts *opts, Error **errp)
{
    smbios_set_str(&c->type17.loc_pfx, qemu_opt_get(opts, "loc_pfx"));
    smbios_set_str(&c->type17.bank, qemu_opt_get(opts, "bank"));
    smbios_set_str(&c->type17.manufacturer, qemu_opt_get(opts, "manufacturer"));
    smbios_set_str(&c->type17.serial, qemu_opt_get(opts, "serial"));
    smbios_set_str(&c->type17.asset, qemu_opt_get(opts, "asset"));
    smbios_set_str(&c->type17.part, qemu_opt_get(opts, "part"));
    /* A 16-bit field (MT/s): QEMU keeps the low bits. */
    c->type17.speed = opt_number(opts, "speed", c->type17.speed);
    return true;
}

/* SMBIOS 3.0, 7.42.2: onboard device types. */
static const char *const smbios_type41_kinds[] = {
    [1] = "other",    [2] = "unknown",   [3] = "video", [4] = "scsi",
    [5] = "ethernet", [6] = "tokenring", [7] = "sound", [8] = "pata",
    [9] = "sata",     [10] = "sas",
};

static bool smbios_type41(SmbiosConfig *c, QemuOpts *opts, Error **errp)
{
    const char *kind = qemu_opt_get(opts, "kind");
    SmbiosType41 *t = g_new0(SmbiosType41, 1);

    t->kind = 1;
    for (size_t i = 1; kind && i < G_N_ELEMENTS(smbios_type41_kinds); i++) {
        if (!strcmp(kind, smbios_type41_kinds[i])) {
            t->kind = i;
        }
    }
    t->designation = g_strdup(qemu_opt_get(opts, "designation"));
    t->instance = opt_number(opts, "instance", 1);
    t->pcidev = g_strdup(qemu_opt_get(opts, "pcidev"));
    g_ptr_array_add(c->type41, t);
    return true;
}

bool smbios_entry_add(QemuOpts *opts, Error **errp)
{
    SmbiosConfig *c = smbios_config();
    const char *file = qemu_opt_get(opts, "file");
    uint64_t type;
    bool ok;

    if (file) {
        return smbios_add_file(c, file, errp);
    }
    if (!qemu_opt_get(opts, "type") ||
        qemu_strtou64(qemu_opt_get(opts, "type"), NULL, 0, &type) != 0) {
        error_setg(errp, "Must specify type= or file=");
        return false;
    }
    if (type <= SMBIOS_MAX_TYPE && c->have_binfile[type]) {
        error_setg(errp, "can't add fields, binary file already loaded!");
        return false;
    }
    switch (type) {
    case 0:
        ok = smbios_type0(c, opts, errp);
        break;
    case 1:
        ok = smbios_type1(c, opts, errp);
        break;
    case 2:
        ok = smbios_type2(c, opts, errp);
        break;
    case 3:
        ok = smbios_type3(c, opts, errp);
        break;
    case 4:
        ok = smbios_type4(c, opts, errp);
        break;
    case 8:
        ok = smbios_type8(c, opts, errp);
        break;
    case 11:
        ok = smbios_type11(c, opts, errp);
        break;
    case 17:
        ok = smbios_type17(c, opts, errp);
        break;
    case 41:
        ok = smbios_type41(c, opts, errp);
        break;
    default:
        error_setg(errp,
                   "Don't know how to build fields for SMBIOS type %" PRIu64,
                   type);
        return false;
    }
    if (ok) {
        c->have_fields[type] = true;
    }
    return ok;
}
