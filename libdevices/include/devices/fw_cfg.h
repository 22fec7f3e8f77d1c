/*
 * QEMU's firmware configuration device (fw_cfg), with QEMU's names and
 * guest interface (QEMU docs/specs/fw_cfg.rst): numbered items and named
 * files that firmware reads through a selector and a data register, or
 * through the DMA interface.
 *
 *   fw_cfg_io   the x86 variant: selector (16-bit) at iobase, data
 *               (8-bit) at iobase + 1, the 64-bit big-endian DMA address
 *               at dma_iobase (QEMU's pc: 0x510, 0x511, 0x514).
 *               Properties: dma_enabled (on), x-file-slots (32).
 *
 * Boards create one with fw_cfg_init_io_dma() as /machine/fw_cfg and
 * fill it with fw_cfg_add_*().  Item data is copied: the caller keeps
 * ownership of what it passes.  Adding a key or file name twice, a key
 * outside the item range, or more files than x-file-slots is a bug of
 * the caller (assertion).
 */
#ifndef DEVICES_FW_CFG_H
#define DEVICES_FW_CFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine/memory.h"
#include "qom/object.h"

#define TYPE_FW_CFG "fw_cfg"
#define TYPE_FW_CFG_IO "fw_cfg_io"

/* The property names of fw_cfg_io. */
#define FW_CFG_PROP_DMA_ENABLED "dma_enabled"
#define FW_CFG_PROP_FILE_SLOTS "x-file-slots"

/* The x86 ports (QEMU's FW_CFG_IO_BASE and the DMA register). */
#define FW_CFG_IO_BASE 0x510
#define FW_CFG_DMA_IO_BASE 0x514

/* Selector keys of the generic items (QEMU's fw_cfg_keys.h numbering). */
#define FW_CFG_SIGNATURE 0x00
#define FW_CFG_ID 0x01
#define FW_CFG_UUID 0x02
#define FW_CFG_RAM_SIZE 0x03
#define FW_CFG_NOGRAPHIC 0x04
#define FW_CFG_NB_CPUS 0x05
#define FW_CFG_MACHINE_ID 0x06
#define FW_CFG_KERNEL_ADDR 0x07
#define FW_CFG_KERNEL_SIZE 0x08
#define FW_CFG_KERNEL_CMDLINE 0x09
#define FW_CFG_INITRD_ADDR 0x0a
#define FW_CFG_INITRD_SIZE 0x0b
#define FW_CFG_BOOT_DEVICE 0x0c
#define FW_CFG_NUMA 0x0d
#define FW_CFG_BOOT_MENU 0x0e
#define FW_CFG_MAX_CPUS 0x0f
#define FW_CFG_KERNEL_ENTRY 0x10
#define FW_CFG_KERNEL_DATA 0x11
#define FW_CFG_INITRD_DATA 0x12
#define FW_CFG_CMDLINE_ADDR 0x13
#define FW_CFG_CMDLINE_SIZE 0x14
#define FW_CFG_CMDLINE_DATA 0x15
#define FW_CFG_SETUP_ADDR 0x16
#define FW_CFG_SETUP_SIZE 0x17
#define FW_CFG_SETUP_DATA 0x18
#define FW_CFG_FILE_DIR 0x19
/* Named files take the keys from here on (x-file-slots of them). */
#define FW_CFG_FILE_FIRST 0x20

/* Selector bits: writes (ignored since QEMU 2.4) and the arch's items. */
#define FW_CFG_WRITE_CHANNEL 0x4000
#define FW_CFG_ARCH_LOCAL 0x8000
#define FW_CFG_ENTRY_MASK (~(FW_CFG_WRITE_CHANNEL | FW_CFG_ARCH_LOCAL))
#define FW_CFG_INVALID 0xffff

/* FW_CFG_ID bits. */
#define FW_CFG_VERSION 0x01
#define FW_CFG_VERSION_DMA 0x02

/* FWCfgDmaAccess.control bits. */
#define FW_CFG_DMA_CTL_ERROR 0x01
#define FW_CFG_DMA_CTL_READ 0x02
#define FW_CFG_DMA_CTL_SKIP 0x04
#define FW_CFG_DMA_CTL_SELECT 0x08
#define FW_CFG_DMA_CTL_WRITE 0x10

/* "QEMU CFG", what the DMA address register reads as (big-endian). */
#define FW_CFG_DMA_SIGNATURE 0x51454d5520434647ULL

/* A file directory entry's name, with its NUL. */
#define FW_CFG_MAX_FILE_PATH 56

/* x-file-slots: QEMU's default, and the range it accepts. */
#define FW_CFG_FILE_SLOTS_DFLT 0x20
#define FW_CFG_FILE_SLOTS_MIN 0x10

OBJECT_DECLARE_TYPE(FWCfgState, FWCfgClass, FW_CFG)

/* Called when the guest selects an item. */
typedef void (*FWCfgCallback)(void *opaque);
/*
 * Called after the guest wrote len bytes at offset start of a writable
 * file through DMA; fw_cfg_file_data() gives the new content.
 */
typedef void (*FWCfgWriteCallback)(void *opaque, size_t start, size_t len);

/*
 * Create the fw_cfg_io device at iobase (selector and data) and, when
 * dma_iobase is non-zero and its dma_enabled property is on, the DMA
 * register at dma_iobase, DMA going to dma_as; add it to the machine as
 * /machine/fw_cfg and realize it.  Items FW_CFG_SIGNATURE, FW_CFG_ID
 * and FW_CFG_FILE_DIR are the device's own.
 */
FWCfgState *fw_cfg_init_io_dma(uint32_t iobase, uint32_t dma_iobase,
                               AddressSpace *dma_as, Error **errp);
/* The machine's fw_cfg device, or NULL. */
FWCfgState *fw_cfg_find(void);
/* Whether the DMA interface is on (FW_CFG_ID bit 1). */
bool fw_cfg_dma_enabled(FWCfgState *s);

/* Numbered items: little-endian numbers, strings with their NUL. */
void fw_cfg_add_bytes(FWCfgState *s, uint16_t key, const void *data,
                      size_t len);
void fw_cfg_add_string(FWCfgState *s, uint16_t key, const char *value);
void fw_cfg_add_i16(FWCfgState *s, uint16_t key, uint16_t value);
void fw_cfg_add_i32(FWCfgState *s, uint16_t key, uint32_t value);
void fw_cfg_add_i64(FWCfgState *s, uint16_t key, uint64_t value);
/* Replace an item's content (the item must exist). */
void fw_cfg_modify_bytes(FWCfgState *s, uint16_t key, const void *data,
                         size_t len);
void fw_cfg_modify_string(FWCfgState *s, uint16_t key, const char *value);
void fw_cfg_modify_i16(FWCfgState *s, uint16_t key, uint16_t value);
void fw_cfg_modify_i32(FWCfgState *s, uint16_t key, uint32_t value);
void fw_cfg_modify_i64(FWCfgState *s, uint16_t key, uint64_t value);

/*
 * Named files, listed in FW_CFG_FILE_DIR: sorted by name (keys follow
 * the order, so adding a file may renumber others), or, on machine types
 * that keep QEMU 2.5's numbering (fw_cfg_set_legacy_order()), in QEMU's
 * fixed order of the names it knew then.  A name is at most
 * FW_CFG_MAX_FILE_PATH - 1 bytes.
 */
void fw_cfg_add_file(FWCfgState *s, const char *filename, const void *data,
                     size_t len);
/*
 * The same with callbacks (either may be NULL) and, if !read_only, DMA
 * writes allowed (QEMU 2.9's rules: within the file, never resizing it).
 */
void fw_cfg_add_file_callback(FWCfgState *s, const char *filename,
                              FWCfgCallback select_cb,
                              FWCfgWriteCallback write_cb,
                              void *callback_opaque, const void *data,
                              size_t len, bool read_only);
/* Replace a file's content, adding the file if there is none. */
void fw_cfg_modify_file(FWCfgState *s, const char *filename, const void *data,
                        size_t len);
/* A file's current content and size, or NULL if there is no such file. */
const void *fw_cfg_file_data(FWCfgState *s, const char *filename, size_t *len);
/*
 * Number files in QEMU 2.5's fixed order (machine types up to 2.5, QEMU's
 * legacy_fw_cfg_order); only before the first file is added.
 */
void fw_cfg_set_legacy_order(FWCfgState *s, bool legacy);

#endif /* DEVICES_FW_CFG_H */
