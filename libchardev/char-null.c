/*
 * The null backend: output vanishes, input never comes.
 */
#include "char-internal.h"

static void null_chr_open(Chardev *chr, ChardevBackend *backend,
                          bool *be_opened, Error **errp)
{
    /* QEMU's null chardev never reports OPENED. */
    *be_opened = false;
}

static int null_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    return len;
}

static void null_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->open = null_chr_open;
    cc->chr_write = null_chr_write;
}

static const TypeInfo null_chr_type_info = {
    .name = TYPE_CHARDEV_NULL,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(Chardev),
    .class_init = null_chr_class_init,
};

void chardev_register_null_types(void)
{
    type_register_static(&null_chr_type_info);
}
