/*
 * The SMBIOS configuration of the process (-smbios, -uuid, the board's
 * defaults) and the machine's UUID.
 */
#include <string.h>

#include "smbios-internal.h"

const char *const SmbiosEntryPointType_str[] = {
    [SMBIOS_ENTRY_POINT_TYPE_32] = "32",
    [SMBIOS_ENTRY_POINT_TYPE_64] = "64",
    [SMBIOS_ENTRY_POINT_TYPE__MAX] = NULL,
};

static SmbiosConfig *config;

static void smbios_type8_free(gpointer p)
{
    SmbiosType8 *t = p;

    g_free(t->internal_reference);
    g_free(t->external_reference);
    g_free(t);
}

static void smbios_type41_free(gpointer p)
{
    SmbiosType41 *t = p;

    g_free(t->designation);
    g_free(t->pcidev);
    g_free(t);
}

SmbiosConfig *smbios_config(void)
{
    if (!config) {
        config = g_new0(SmbiosConfig, 1);
        config->type8 = g_ptr_array_new_with_free_func(smbios_type8_free);
        config->type11 = g_ptr_array_new_with_free_func(g_free);
        config->type41 = g_ptr_array_new_with_free_func(smbios_type41_free);
        config->usr_blob_list =
            g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
        config->uuid_encoded = true;
        /* QEMU's default processor speed, MHz. */
        config->type4.max_speed = SMBIOS_DEFAULT_CPU_SPEED;
        config->type4.current_speed = SMBIOS_DEFAULT_CPU_SPEED;
    }
    return config;
}

void smbios_set_str(char **field, const char *value)
{
    if (value) {
        g_free(*field);
        *field = g_strdup(value);
    }
}

#define FREE_STRS(...)                                                         \
    do {                                                                       \
        char **strs_[] = {__VA_ARGS__};                                        \
        for (size_t i_ = 0; i_ < G_N_ELEMENTS(strs_); i_++) {                  \
            g_free(*strs_[i_]);                                                \
        }                                                                      \
    } while (0)

void smbios_reset_config(void)
{
    SmbiosConfig *c = config;

    if (!c) {
        return;
    }
    FREE_STRS(&c->type0.vendor, &c->type0.version, &c->type0.date);
    FREE_STRS(&c->type1.manufacturer, &c->type1.product, &c->type1.version,
              &c->type1.serial, &c->type1.sku, &c->type1.family);
    FREE_STRS(&c->type2.manufacturer, &c->type2.product, &c->type2.version,
              &c->type2.serial, &c->type2.asset, &c->type2.location);
    FREE_STRS(&c->type3.manufacturer, &c->type3.version, &c->type3.serial,
              &c->type3.asset, &c->type3.sku);
    FREE_STRS(&c->type4.sock_pfx, &c->type4.manufacturer, &c->type4.version,
              &c->type4.serial, &c->type4.asset, &c->type4.part);
    FREE_STRS(&c->type17.loc_pfx, &c->type17.bank, &c->type17.manufacturer,
              &c->type17.serial, &c->type17.asset, &c->type17.part);
    g_ptr_array_unref(c->type8);
    g_ptr_array_unref(c->type11);
    g_ptr_array_unref(c->type41);
    g_ptr_array_unref(c->usr_blob_list);
    g_free(c);
    config = NULL;
}

/* Set *field to value unless the user gave one (QEMU's SMBIOS_SET_DEFAULT). */
static void smbios_set_default(char **field, const char *value)
{
    if (!*field) {
        *field = g_strdup(value);
    }
}

void smbios_set_defaults(const char *manufacturer, const char *product,
                         const char *version, bool legacy_mode,
                         bool uuid_encoded, SmbiosEntryPointType ep_type)
{
    SmbiosConfig *c = smbios_config();

    c->legacy_mode = legacy_mode;
    c->uuid_encoded = uuid_encoded;
    c->ep_type = ep_type;

    smbios_set_default(&c->type1.manufacturer, manufacturer);
    smbios_set_default(&c->type1.product, product);
    smbios_set_default(&c->type1.version, version);
    smbios_set_default(&c->type2.manufacturer, manufacturer);
    smbios_set_default(&c->type2.product, product);
    smbios_set_default(&c->type2.version, version);
    smbios_set_default(&c->type3.manufacturer, manufacturer);
    smbios_set_default(&c->type3.version, version);
    smbios_set_default(&c->type4.sock_pfx, "CPU");
    smbios_set_default(&c->type4.manufacturer, manufacturer);
    smbios_set_default(&c->type4.version, version);
    smbios_set_default(&c->type17.loc_pfx, "DIMM");
    smbios_set_default(&c->type17.manufacturer, manufacturer);
}

bool smbios_check_config(Error **errp)
{
    SmbiosConfig *c = smbios_config();

    if (!c->legacy_mode) {
        return true;
    }
    /* QEMU 2.0's firmware interface carries fields of types 0 and 1. */
    for (int t = 2; t <= SMBIOS_MAX_TYPE; t++) {
        if (c->have_fields[t]) {
            error_setg(errp, "can't process fields for smbios types > 1 on "
                             "machine versions < 2.1!");
            return false;
        }
    }
    return true;
}

/* ---- UUID ---- */

bool qemu_uuid_parse(const char *str, QemuUUID *uuid)
{
    static const int groups[] = {8, 4, 4, 4, 12};
    const char *p = str;
    int n = 0;

    for (size_t g = 0; g < G_N_ELEMENTS(groups); g++) {
        if (g > 0 && *p++ != '-') {
            return false;
        }
        for (int i = 0; i < groups[g]; i += 2, p += 2) {
            int hi = g_ascii_xdigit_value(p[0]);
            int lo = hi < 0 ? -1 : g_ascii_xdigit_value(p[1]);

            if (lo < 0) {
                return false;
            }
            uuid->data[n++] = hi << 4 | lo;
        }
    }
    return *p == '\0';
}

char *qemu_uuid_unparse_strdup(const QemuUUID *uuid)
{
    const uint8_t *d = uuid->data;

    return g_strdup_printf("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                           "%02x%02x%02x%02x%02x%02x",
                           d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8],
                           d[9], d[10], d[11], d[12], d[13], d[14], d[15]);
}

void qemu_uuid_set_value(const QemuUUID *uuid)
{
    SmbiosConfig *c = smbios_config();

    c->uuid = *uuid;
    c->uuid_set = true;
}

bool qemu_uuid_get(QemuUUID *uuid)
{
    SmbiosConfig *c = smbios_config();

    *uuid = c->uuid;
    return c->uuid_set;
}
