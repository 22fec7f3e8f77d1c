/*
 * Private to libdevices/smbios: the -smbios configuration (one per
 * process, as QEMU keeps it) that smbios-opts.c fills and the builders
 * read.
 *
 *   smbios.c         the configuration, defaults, UUID
 *   smbios-opts.c    -smbios sets into the configuration
 *   smbios-tables.c  the structures and the entry points (SMBIOS 2.1+)
 *   smbios-legacy.c  QEMU 2.0's fw_cfg field list
 */
#ifndef SMBIOS_INTERNAL_H
#define SMBIOS_INTERNAL_H

#include <glib.h>

#include "devices/smbios.h"

#define SMBIOS_MAX_TYPE 127
#define SMBIOS_DEFAULT_CPU_SPEED 2000

typedef struct SmbiosType8 {
    char *internal_reference;
    char *external_reference;
    uint8_t connector_type;
    uint8_t port_type;
} SmbiosType8;

typedef struct SmbiosType41 {
    char *designation;
    uint8_t kind;
    uint8_t instance;
    char *pcidev;
} SmbiosType41;

typedef struct SmbiosConfig {
    /* Set by -smbios type=N (fields) or file= (a whole structure). */
    bool have_fields[SMBIOS_MAX_TYPE + 1];
    bool have_binfile[SMBIOS_MAX_TYPE + 1];

    struct {
        char *vendor, *version, *date;
        bool have_major_minor;
        uint8_t major, minor;
        bool uefi;
    } type0;
    struct {
        char *manufacturer, *product, *version, *serial, *sku, *family;
    } type1;
    struct {
        char *manufacturer, *product, *version, *serial, *asset, *location;
    } type2;
    struct {
        char *manufacturer, *version, *serial, *asset, *sku;
    } type3;
    struct {
        char *sock_pfx, *manufacturer, *version, *serial, *asset, *part;
        uint32_t max_speed, current_speed;
        uint64_t processor_id;
    } type4;
    GPtrArray *type8;  /* SmbiosType8 * */
    GPtrArray *type11; /* char *: OEM strings */
    struct {
        char *loc_pfx, *bank, *manufacturer, *serial, *asset, *part;
        uint16_t speed;
    } type17;
    GPtrArray *type41; /* SmbiosType41 * */

    /* -smbios file= structures, in order, and their count. */
    GPtrArray *usr_blob_list; /* GBytes *: each structure, for legacy */
    unsigned usr_type4_count;

    /* The machine's (smbios_set_defaults). */
    bool legacy_mode;
    bool uuid_encoded;
    SmbiosEntryPointType ep_type;

    bool uuid_set;
    QemuUUID uuid;
} SmbiosConfig;

/* The configuration, created on first use. */
SmbiosConfig *smbios_config(void);

/* Replace *field with a copy of value (NULL: keep). */
void smbios_set_str(char **field, const char *value);

#endif /* SMBIOS_INTERNAL_H */
