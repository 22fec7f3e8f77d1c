/*
 * Building firmware tables (QEMU's vocabulary, own code):
 *
 *   - byte arrays: a GArray of guint8 that tables are appended to, with
 *     little-endian integers and padded strings;
 *   - ACPI table headers (ACPI 6.4, 5.2.6) and generic addresses (5.2.3.2);
 *   - a small AML encoder (ACPI 6.4, chapter 20) for what a minimal DSDT
 *     holds: names, packages, integers, strings, scopes, devices, EISA
 *     IDs and resource template buffers;
 *   - the BIOS linker/loader script (QEMU docs/specs, "bios-linker-loader":
 *     the etc/table-loader fw_cfg file) that tells firmware how to place
 *     the table blobs, patch their pointers and fix their checksums, and
 *     bios_linker_loader_apply(), which runs such a script the way
 *     firmware does (boards that put the tables in guest memory use it).
 *
 * Pointers between tables are written into the blobs as offsets into
 * the file they point to (bios_linker_loader_add_pointer), and checksum
 * fields are left 0 for the loader to fill.
 */
#ifndef DEVICES_ACPI_TABLE_H
#define DEVICES_ACPI_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "util/error.h"

/* ---- Byte arrays ---- */

GArray *build_alloc_array(void);
void build_free_array(GArray *array);
void build_append_byte(GArray *array, uint8_t val);
/* val as a size-byte little-endian number (size 1..8). */
void build_append_int_noprefix(GArray *array, uint64_t val, int size);
/* str cut or padded with pad to exactly len bytes. */
void build_append_padded_str(GArray *array, const char *str, size_t len,
                             char pad);
/* Overwrite size bytes at offset with val, little-endian. */
void build_set_int(GArray *array, size_t offset, uint64_t val, int size);

/* The byte that makes len bytes sum to 0 (mod 256). */
uint8_t acpi_checksum(const uint8_t *data, size_t len);

/* ---- ACPI tables ---- */

/* OEM identification in every header (QEMU's values). */
#define ACPI_BUILD_APPNAME6 "BOCHS "
#define ACPI_BUILD_APPNAME8 "BXPC    "
#define ACPI_BUILD_APPNAME4 "BXPC"

/* Generic Address Structure address spaces (ACPI 6.4, 5.2.3.2). */
#define AML_AS_SYSTEM_MEMORY 0
#define AML_AS_SYSTEM_IO 1
#define ACPI_GAS_SIZE 12

/* A table being appended to array, from acpi_table_begin to _end. */
typedef struct AcpiTable {
    const char *sig; /* 4 characters */
    uint8_t rev;
    const char *oem_id;       /* 6, or NULL for ACPI_BUILD_APPNAME6 */
    const char *oem_table_id; /* 8, or NULL for ACPI_BUILD_APPNAME8 */
    GArray *array;
    size_t table_offset; /* where the header starts in array */
} AcpiTable;

typedef struct BIOSLinker BIOSLinker;

/* Append the 36-byte header (length and checksum to come). */
void acpi_table_begin(AcpiTable *t, GArray *array);
/*
 * Set the length and ask the loader to checksum the table in file (the
 * file whose blob is t->array).
 */
void acpi_table_end(BIOSLinker *linker, const char *file, AcpiTable *t);

/* A Generic Address Structure. */
void build_append_gas(GArray *array, uint8_t space_id, uint8_t bit_width,
                      uint8_t bit_offset, uint8_t access_width,
                      uint64_t address);

/* ---- AML ---- */

/*
 * One AML object under construction.  aml_append() moves child into
 * parent (child is freed); aml_to_array() appends the encoding of a
 * finished object to a table and frees it.
 */
typedef struct Aml Aml;

/* A sequence of terms (a table's body). */
Aml *aml_block(void);
/* Integer constants with the shortest encoding (Zero, One, Ones, ...). */
Aml *aml_int(uint64_t val);
Aml *aml_string(const char *str);
/* A compressed EISA ID ("PNP0A03") as a DWord constant. */
Aml *aml_eisaid(const char *id);
/* Name (name, val). */
Aml *aml_name_decl(const char *name, Aml *val);
/* Package (num_elements) {...}: append the elements. */
Aml *aml_package(uint8_t num_elements);
Aml *aml_scope(const char *name);
Aml *aml_device(const char *name);
/* ResourceTemplate () {...}: append descriptors; the end tag is added. */
Aml *aml_resource_template(void);

/* Resource descriptors (ACPI 6.4, 6.4.2 and 6.4.3), all producers. */
Aml *aml_io(uint16_t min, uint16_t max, uint8_t align, uint8_t len);
Aml *aml_word_bus_number(uint16_t min, uint16_t max);
Aml *aml_word_io(uint16_t min, uint16_t max);
Aml *aml_dword_memory(uint32_t min, uint32_t max);

void aml_append(Aml *parent, Aml *child);
void aml_to_array(GArray *array, Aml *aml);
void aml_free(Aml *aml);

/*
 * A PkgLength (ACPI 6.4, 20.2.4) for a package whose contents after the
 * PkgLength are length bytes: 1 to 4 bytes, counting themselves.
 */
void build_append_pkg_length(GArray *array, size_t length);

/* ---- The linker/loader script ---- */

#define BIOS_LINKER_LOADER_FILESZ 56
#define BIOS_LINKER_LOADER_ENTRY_SIZE 128

/* Commands (the script is a sequence of 128-byte entries). */
enum {
    BIOS_LINKER_LOADER_COMMAND_ALLOCATE = 0x1,
    BIOS_LINKER_LOADER_COMMAND_ADD_POINTER = 0x2,
    BIOS_LINKER_LOADER_COMMAND_ADD_CHECKSUM = 0x3,
};

/* ALLOCATE zones: anywhere in RAM, or the F segment below 1 MiB. */
enum {
    BIOS_LINKER_LOADER_ALLOC_ZONE_HIGH = 0x1,
    BIOS_LINKER_LOADER_ALLOC_ZONE_FSEG = 0x2,
};

struct BIOSLinker {
    GArray *cmd_blob;  /* the etc/table-loader content */
    GArray *file_list; /* BIOSLinkerFileEntry, what was allocated */
};

BIOSLinker *bios_linker_loader_init(void);
void bios_linker_loader_cleanup(BIOSLinker *linker);
/* Allocate file (its content is blob) aligned to align, in the zone. */
void bios_linker_loader_alloc(BIOSLinker *linker, const char *file,
                              GArray *blob, uint32_t align, bool alloc_fseg);
/*
 * The size bytes at offset of dest_file hold an offset into src_file:
 * the loader adds src_file's address.  Writes src_offset there now.
 */
void bios_linker_loader_add_pointer(BIOSLinker *linker, const char *dest_file,
                                    uint32_t dst_patched_offset,
                                    uint8_t dst_patched_size,
                                    const char *src_file, uint32_t src_offset);
/* The loader subtracts the sum of [start, start + size) from offset. */
void bios_linker_loader_add_checksum(BIOSLinker *linker, const char *file,
                                     uint32_t start, uint32_t size,
                                     uint32_t checksum_offset);

/* A file as a loader placed it: its bytes (patched in place), its address. */
typedef struct BIOSLinkerLoadedFile {
    const char *name;
    uint8_t *data;
    size_t len;
    uint64_t addr;
} BIOSLinkerLoadedFile;

/*
 * Run a loader script over files the caller placed: check every ALLOCATE
 * names one of them (address aligned, FSEG files below 1 MiB), then patch
 * pointers and checksums in their data.  Fails on anything out of range.
 */
bool bios_linker_loader_apply(const uint8_t *script, size_t script_len,
                              BIOSLinkerLoadedFile *files, size_t nfiles,
                              Error **errp);

#endif /* DEVICES_ACPI_TABLE_H */
