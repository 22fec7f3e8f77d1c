/*
 * The chardev resolver of libmachine's DEFINE_PROP_CHR properties: a
 * device's chardev=ID finds /chardevs/ID.  A chardev other than a mux
 * serves one device; a second gets QEMU 7.2's
 * "Property 'isa-serial.chardev' can't take value 'ID': Device 'ID' is
 * in use".  The property holds a reference, so the chardev lives as long
 * as the device that names it even past qemu_chr_cleanup().
 */
#include <errno.h>

#include "char-internal.h"
#include "machine/qdev-properties.h"

static int chardev_resolve(Object *dev, const char *name, const char *id,
                           void **backend, Error **errp)
{
    Chardev *chr = qemu_chr_find(id);
    bool in_use;

    if (!chr) {
        return -ENOENT;
    }
    /*
     * A device that names a chardev attaches to it when realized; a
     * monitor may be attached already.  A mux takes MAX_MUX front ends,
     * which qemu_chr_fe_init() counts.
     */
    if (CHARDEV_IS_MUX(chr)) {
        in_use = chr->prop_refs >= MAX_MUX;
    } else {
        in_use = chr->prop_refs > 0 || chr->be != NULL;
    }
    if (in_use) {
        error_setg(errp,
                   "Property '%s.%s' can't take value '%s': Device '%s' is "
                   "in use",
                   object_get_typename(dev), name, id, id);
        return -EEXIST;
    }
    chr->prop_refs++;
    object_ref(chr);
    *backend = chr;
    return 0;
}

static void chardev_release(Object *dev, const char *name, void *backend)
{
    Chardev *chr = backend;

    chr->prop_refs--;
    object_unref(chr);
}

static const QdevBackendResolver chardev_resolver = {
    .resolve = chardev_resolve,
    .release = chardev_release,
};

void chardev_register_qdev_resolver(void)
{
    qdev_prop_register_backend_resolver(QDEV_BACKEND_CHARDEV,
                                        &chardev_resolver);
}
