/*
 * Private to libdevices/nvram: the state fw_cfg.c (items, files, data
 * register, DMA) shares with its I/O port front end fw_cfg-io.c.
 */
#ifndef FW_CFG_INTERNAL_H
#define FW_CFG_INTERNAL_H

#include "devices/fw_cfg.h"
#include "machine/sysbus.h"

typedef struct FWCfgEntry {
    bool used; /* added (an item may be empty) */
    uint32_t len;
    bool allow_write;
    uint8_t *data; /* owned, len bytes (NULL when len is 0) */
    void *callback_opaque;
    FWCfgCallback select_cb;
    FWCfgWriteCallback write_cb;
} FWCfgEntry;

/* A directory entry as the device keeps it (host order, name's rank). */
typedef struct FWCfgFileInfo {
    char name[FW_CFG_MAX_FILE_PATH];
    int order; /* legacy numbering rank */
} FWCfgFileInfo;

struct FWCfgClass {
    SysBusDeviceClass parent_class;
};

struct FWCfgState {
    SysBusDevice parent_obj;

    /* Properties. */
    uint16_t file_slots; /* x-file-slots */
    bool dma_enabled;    /* dma_enabled (the I/O variant's) */

    /* Items: [0] generic keys, [1] FW_CFG_ARCH_LOCAL ones. */
    FWCfgEntry *entries[2];
    FWCfgFileInfo *files; /* file_slots of them, files_count used */
    uint32_t files_count;
    uint8_t *dir_blob; /* FW_CFG_FILE_DIR's content, rebuilt on change */
    bool legacy_order;

    /* The guest's state. */
    uint16_t cur_entry; /* FW_CFG_INVALID: none */
    uint32_t cur_offset;
    dma_addr_t dma_addr;
    AddressSpace *dma_as;
};

/* fw_cfg.c: what the front end calls. */

/* Allocate the item tables for file_slots files; the device's own items. */
bool fw_cfg_common_realize(FWCfgState *s, Error **errp);
void fw_cfg_common_unrealize(FWCfgState *s);
/* Selector write: select key, offset 0 (invalid keys select nothing). */
void fw_cfg_select(FWCfgState *s, uint16_t key);
/* The next byte of the selected item; 0 past its end or with none. */
uint8_t fw_cfg_read_byte(FWCfgState *s);
/* Run the transfer whose FWCfgDmaAccess is at s->dma_addr. */
void fw_cfg_dma_transfer(FWCfgState *s);

#endif /* FW_CFG_INTERNAL_H */
