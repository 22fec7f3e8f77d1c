/*
 * Private to libmachine/core: what the machine core's files share.
 */
#ifndef CORE_INTERNAL_H
#define CORE_INTERNAL_H

#include <glib.h>
#include <stdint.h>

#include "qom/object.h"

/* QEMU 7.2 rounds -m up to a multiple of 8 KiB (machine_set_mem). */
#define MACHINE_RAM_ALIGN 8192ULL

/* n rounded up to a multiple of the power of two align. */
#define ROUND_UP(n, align) (((n) + (align)-1) & ~((uint64_t)(align)-1))

/*
 * null-machine.c: the "none" machine type.  machine.c registers it with
 * TYPE_MACHINE: a static archive member nothing references is dropped
 * with its constructor, and QEMU always has "none".
 */
extern const TypeInfo machine_none_info;

/*
 * machine.c: the concrete machine classes (g_slist_free the list).  The
 * selection code lists them through here, which also keeps machine.c
 * (and the type registrations) in every program that selects a machine.
 */
GSList *machine_class_get_list(void);

#endif /* CORE_INTERNAL_H */
