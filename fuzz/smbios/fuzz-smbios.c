/*
 * The SMBIOS fuzzer: -smbios and -uuid as the command line gives them
 * (libopts' parser, then apps/emu's emu_apply_smbios_options() and
 * libdevices/smbios), and the tables the board then builds.
 *
 * Input: byte 0 picks the board's mode (bit 0 legacy fw_cfg entries,
 * bit 1 UUID encoding, bit 2 the 64-bit entry point); the rest is
 * chunks separated by "FUZZ": a chunk starting with 'F' is a -smbios
 * file= binary (the rest of the chunk, in a memfd), 'U' a -uuid, and
 * anything else a -smbios argument.  Whatever the bytes: every option
 * is applied or refused with an error; built tables are well formed
 * (each structure's formatted part and its string set end inside the
 * table, the table ends with a type 127 structure).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib.h>

#include "devices/smbios.h"
#include "opts/cmdline.h"
#include "opts/option-groups.h"
#include "smbios-opts.h"
#include "util/error.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Walk the structure table; abort on anything out of bounds. */
static void check_tables(const uint8_t *t, size_t len)
{
    size_t off = 0;
    bool end = false;

    while (off < len) {
        size_t fl, s;

        if (len - off < 4 || t[off + 1] < 4 || t[off + 1] > len - off) {
            fprintf(stderr, "fuzz-smbios: structure at %zu runs past %zu\n",
                    off, len);
            abort();
        }
        end = t[off] == 127;
        fl = t[off + 1];
        /* The string set: strings, then an empty one (two NULs at least). */
        s = off + fl;
        while (s + 1 < len && !(t[s] == 0 && t[s + 1] == 0)) {
            s++;
        }
        if (s + 1 >= len) {
            fprintf(stderr, "fuzz-smbios: strings of the structure at %zu "
                    "are not terminated\n", off);
            abort();
        }
        off = s + 2;
    }
    if (len && !end) {
        fprintf(stderr, "fuzz-smbios: no end-of-table structure last\n");
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t sep[4] = {'F', 'U', 'Z', 'Z'};
    static const struct smbios_phys_mem_area mem[] = {
        {0, 0xa0000}, {0x100000, 0x7f00000},
    };
    const SmbiosCpuInfo cpu = {0x663, 0x0781abfd, 2, 2, 4};
    GPtrArray *args = g_ptr_array_new_with_free_func(g_free);
    GArray *fds = g_array_new(false, false, sizeof(int));
    const uint8_t *end = data + size;
    uint8_t mode = size ? *data++ : 0;
    uint8_t *tables = NULL, *anchor = NULL;
    size_t tables_len = 0, anchor_len = 0;
    Error *err = NULL;
    Cmdline cl;

    g_ptr_array_add(args, g_strdup("emu"));
    while (data < end) {
        const uint8_t *next = memmem(data, end - data, sep, sizeof(sep));
        const uint8_t *chunk_end = next ? next : end;
        size_t len = chunk_end - data;

        if (len && data[0] == 'F') {
            int fd = memfd_create("smbios", 0);

            if (fd >= 0 && write(fd, data + 1, len - 1) == (ssize_t)(len - 1)) {
                g_array_append_val(fds, fd);
                g_ptr_array_add(args, g_strdup("-smbios"));
                g_ptr_array_add(args,
                                g_strdup_printf("file=/proc/self/fd/%d", fd));
            } else if (fd >= 0) {
                close(fd);
            }
        } else if (len) {
            g_ptr_array_add(args, g_strdup(data[0] == 'U' ? "-uuid"
                                                          : "-smbios"));
            g_ptr_array_add(args, g_strndup((const char *)data +
                                                (data[0] == 'U'),
                                            len - (data[0] == 'U')));
        }
        data = next ? next + sizeof(sep) : end;
    }
    g_ptr_array_add(args, NULL);

    emu_option_groups_reset();
    smbios_reset_config();
    qemu_cmdline_init(&cl);
    if (qemu_cmdline_parse(&cl, args->len - 1, (char **)args->pdata) ==
            CMDLINE_OK &&
        emu_apply_smbios_options(&cl)) {
        smbios_set_defaults("QEMU", "Standard PC (i440FX + PIIX, 1996)",
                            "pc-i440fx-7.2", mode & 1, mode & 2,
                            (mode & 4) ? SMBIOS_ENTRY_POINT_TYPE_64
                                       : SMBIOS_ENTRY_POINT_TYPE_32);
        if (mode & 1) {
            size_t n;

            if (smbios_check_config(&err)) {
                g_free(smbios_get_table_legacy(&n));
            }
        } else if (smbios_get_tables(&cpu, 128 << 20, mem, G_N_ELEMENTS(mem),
                                     &tables, &tables_len, &anchor,
                                     &anchor_len, &err)) {
            check_tables(tables, tables_len);
        }
        if (err) {
            error_free(err);
        }
    }
    qemu_cmdline_destroy(&cl);
    g_free(tables);
    g_free(anchor);
    for (guint i = 0; i < fds->len; i++) {
        close(g_array_index(fds, int, i));
    }
    g_array_free(fds, true);
    g_ptr_array_free(args, true);
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    for (int i = 1; i < *argc; i++) {
        if (!strcmp((*argv)[i], "-runs=0")) {
            printf("smbios: -smbios (fields and file= binaries) and -uuid, "
                   "then the SMBIOS tables the pc board builds\n");
        }
    }
    return 0;
}
