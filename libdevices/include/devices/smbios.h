/*
 * SMBIOS tables as QEMU 7.2 gives them to firmware (DMTF DSP0134; QEMU's
 * hw/smbios behaviour, own code), and the machine's UUID.
 *
 * Programs pass each -smbios option to smbios_entry_add() and -uuid to
 * qemu_uuid_set_value(), in command-line order (the UUID is the last
 * one given either way).  The board then sets its defaults
 * (smbios_set_defaults()) and builds the tables (smbios_get_tables(),
 * or smbios_get_table_legacy() on machine types before 2.1).
 *
 * Built structures, with QEMU's handles: type 0 (0x000, when -smbios
 * type=0 is given), 1 (0x100), 2 (0x200, when given), 3 (0x300), 4
 * (0x400 + socket), 8 (0x000 + n, as QEMU 7.2 numbers them), 11 (0xe00,
 * when it has strings), 16 (0x1000), 17 (0x1100 + DIMM, 16 GiB each),
 * 19 (0x1300 + RAM range), 32 (0x2000), 41 (0x2900 + n), 127 (0x7f00);
 * -smbios file= structures come first and replace the built ones of
 * their type.
 */
#ifndef DEVICES_SMBIOS_H
#define DEVICES_SMBIOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine/qdev-properties.h"
#include "opts/qemu-option.h"
#include "util/error.h"

/* The smbios-entry-point-type machine property's values. */
typedef enum SmbiosEntryPointType {
    SMBIOS_ENTRY_POINT_TYPE_32, /* "32": SMBIOS 2.8, "_SM_" anchor */
    SMBIOS_ENTRY_POINT_TYPE_64, /* "64": SMBIOS 3.0, "_SM3_" anchor */
    SMBIOS_ENTRY_POINT_TYPE__MAX,
} SmbiosEntryPointType;

/* "32", "64": for enum properties. */
extern const char *const SmbiosEntryPointType_str[];

/* ---- The machine's UUID (-uuid, -smbios type=1,uuid=) ---- */

/* Parse "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (any case). */
bool qemu_uuid_parse(const char *str, QemuUUID *uuid);
/* The lowercase text form (g_free it). */
char *qemu_uuid_unparse_strdup(const QemuUUID *uuid);
void qemu_uuid_set_value(const QemuUUID *uuid);
/* The UUID, if one was given; else false and *uuid all zeros. */
bool qemu_uuid_get(QemuUUID *uuid);

/* ---- -smbios ---- */

/*
 * Apply one -smbios set: file= (one structure, read now) or type=N with
 * that type's fields, which replace earlier values (type 8, 11 and 41
 * accumulate).  Keys were checked by libopts; values are checked here,
 * with QEMU's messages ("Invalid release", "Invalid UUID", ...).
 */
bool smbios_entry_add(QemuOpts *opts, Error **errp);

/* Forget every -smbios and -uuid (tests build several machines). */
void smbios_reset_config(void);

/* ---- Building (the board) ---- */

/*
 * The board's identity: manufacturer ("QEMU"), product (the machine's
 * description) and version (the machine type's name) become the
 * defaults of types 1, 2, 3, 4 and 17.  uuid_encoded: type 1 stores the
 * UUID's first three fields little-endian (SMBIOS 2.6; machine types
 * from 2.2 on); legacy_mode: QEMU 2.0's fw_cfg format.
 */
void smbios_set_defaults(const char *manufacturer, const char *product,
                         const char *version, bool legacy_mode,
                         bool uuid_encoded, SmbiosEntryPointType ep_type);

/* A range of RAM (type 19; the e820 RAM entries). */
struct smbios_phys_mem_area {
    uint64_t address;
    uint64_t length;
};

/* What type 4 says of the processors. */
typedef struct SmbiosCpuInfo {
    uint32_t cpuid_version;  /* CPUID[1].EAX */
    uint32_t cpuid_features; /* CPUID[1].EDX */
    unsigned sockets;        /* one type 4 each */
    unsigned cores_per_socket;
    unsigned threads_per_socket;
} SmbiosCpuInfo;

/*
 * Check the -smbios entries against the machine type: fields of types
 * above 1 are refused in legacy mode (QEMU's message).
 */
bool smbios_check_config(Error **errp);

/*
 * The structure table and the entry point ("anchor", its table address
 * and checksums left 0 for the firmware, as QEMU leaves them): new
 * buffers for the caller to g_free().
 */
bool smbios_get_tables(const SmbiosCpuInfo *cpu, uint64_t ram_size,
                       const struct smbios_phys_mem_area *mem_array,
                       int mem_array_size, uint8_t **tables, size_t *tables_len,
                       uint8_t **anchor, size_t *anchor_len, Error **errp);

/*
 * Legacy mode: the FW_CFG_SMBIOS_ENTRIES item (little-endian count, then
 * field and table entries for the firmware to build from), or NULL with
 * *length 0 when there is nothing to give.
 */
uint8_t *smbios_get_table_legacy(size_t *length);

#endif /* DEVICES_SMBIOS_H */
