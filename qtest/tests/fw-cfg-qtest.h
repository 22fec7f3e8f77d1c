/*
 * Reading fw_cfg from a qtest, as firmware does on x86 (QEMU
 * docs/specs/fw_cfg.rst): the selector at 0x510, the data port at
 * 0x511, the file directory at key 0x19.  Shared by fw_cfg-test.c and
 * smbios-test.c.
 */
#ifndef FW_CFG_QTEST_H
#define FW_CFG_QTEST_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "qtest/libqtest.h"

#define FW_CFG_CTL 0x510
#define FW_CFG_DATA 0x511
#define FW_CFG_DMA 0x514

#define FW_CFG_SIGNATURE 0x00
#define FW_CFG_ID 0x01
#define FW_CFG_UUID 0x02
#define FW_CFG_RAM_SIZE 0x03
#define FW_CFG_NOGRAPHIC 0x04
#define FW_CFG_NB_CPUS 0x05
#define FW_CFG_BOOT_MENU 0x0e
#define FW_CFG_MAX_CPUS 0x0f
#define FW_CFG_FILE_DIR 0x19
#define FW_CFG_FILE_FIRST 0x20
#define FW_CFG_ARCH_LOCAL 0x8000
#define FW_CFG_SMBIOS_ENTRIES (FW_CFG_ARCH_LOCAL + 1)
#define FW_CFG_IRQ0_OVERRIDE (FW_CFG_ARCH_LOCAL + 2)
#define FW_CFG_HPET (FW_CFG_ARCH_LOCAL + 4)

static inline void fw_cfg_select(QTestState *s, uint16_t key)
{
    qtest_outw(s, FW_CFG_CTL, key);
}

static inline void fw_cfg_read(QTestState *s, void *buf, size_t len)
{
    uint8_t *p = buf;

    for (size_t i = 0; i < len; i++) {
        p[i] = qtest_inb(s, FW_CFG_DATA);
    }
}

static inline void fw_cfg_get(QTestState *s, uint16_t key, void *buf,
                              size_t len)
{
    fw_cfg_select(s, key);
    fw_cfg_read(s, buf, len);
}

static inline uint64_t fw_cfg_get_le(QTestState *s, uint16_t key, size_t len)
{
    uint8_t b[8] = {0};
    uint64_t v = 0;

    fw_cfg_get(s, key, b, len);
    for (size_t i = 0; i < len; i++) {
        v |= (uint64_t)b[i] << (8 * i);
    }
    return v;
}

static inline uint32_t fw_cfg_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

/* A file's key and size from the directory; false if it is not there. */
static inline bool fw_cfg_find_file(QTestState *s, const char *name,
                                    uint16_t *select, uint32_t *size)
{
    uint8_t count[4], entry[64];
    uint32_t n;

    *select = 0;
    *size = 0;
    fw_cfg_get(s, FW_CFG_FILE_DIR, count, 4);
    n = fw_cfg_be32(count);
    for (uint32_t i = 0; i < n; i++) {
        fw_cfg_read(s, entry, sizeof(entry));
        if (!strncmp((const char *)entry + 8, name, 56)) {
            *size = fw_cfg_be32(entry);
            *select = entry[4] << 8 | entry[5];
            return true;
        }
    }
    return false;
}

/* A file's content (g_free it), or NULL. */
static inline uint8_t *fw_cfg_get_file(QTestState *s, const char *name,
                                       uint32_t *size)
{
    uint16_t select;
    uint8_t *buf;

    if (!fw_cfg_find_file(s, name, &select, size)) {
        return NULL;
    }
    buf = g_malloc(*size + 1);
    fw_cfg_get(s, select, buf, *size);
    return buf;
}

#endif /* FW_CFG_QTEST_H */
