/*
 * Chardev helpers shared by the libchardev and libdevices unit tests:
 * create a chardev from a -chardev string.  Include after <cmocka.h>.
 */
#ifndef EMU_CHR_TEST_H
#define EMU_CHR_TEST_H

#include <stdarg.h>

#include "chardev/char.h"
#include "opts/option-groups.h"
#include "opts/qemu-option.h"

/* -chardev STR: the chardev, or NULL with *errp set. */
static inline Chardev *chr_from_str(const char *str, Error **errp)
{
    QemuOpts *opts = qemu_opts_parse(&qemu_chardev_opts, str, true, errp);
    Chardev *chr;

    if (!opts) {
        return NULL;
    }
    chr = qemu_chr_new_from_opts(opts, NULL, errp);
    qemu_opts_del(opts);
    return chr;
}

/* -chardev STR (printf format) that must work. */
static inline Chardev *chr_new(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static inline Chardev *chr_new(const char *fmt, ...)
{
    g_autofree char *str = NULL;
    Error *err = NULL;
    Chardev *chr;
    va_list ap;

    va_start(ap, fmt);
    str = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    chr = chr_from_str(str, &err);
    if (!chr) {
        fail_msg("-chardev %s: %s", str,
                 err ? error_get_pretty(err) : "(no error)");
    }
    return chr;
}

#endif /* EMU_CHR_TEST_H */
