/*
 * The "none" machine (QEMU's hw/core/null-machine.c behaviour, own code):
 * no devices at all; RAM at address 0 only when -m asks for it, and one
 * CPU only when -cpu asks for it.  Tests and tools that want an empty
 * board start here.
 */
#include "core-internal.h"
#include "machine/boards.h"
#include "machine/memory.h"
#include "machine/qdev-core.h"
#include "util/error.h"

static bool machine_none_init(MachineState *ms, Error **errp)
{
    /* Checked first (QEMU checks last) so that a refusal builds nothing. */
    if (ms->kernel_filename) {
        error_setg(errp, "The -kernel parameter is not supported (use the "
                         "generic 'loader' device instead).");
        return false;
    }
    if (ms->cpu_type) {
        DeviceState *cpu = qdev_try_new(ms->cpu_type);

        if (!cpu) {
            error_setg(errp, "Unable to initialize CPU");
            return false;
        }
        /* The tree keeps it, at /machine/unattached/device[N]. */
        if (!qdev_realize_and_unref(cpu, NULL, errp)) {
            return false;
        }
    }

    if (ms->ram) {
        memory_region_add_subregion(get_system_memory(), 0, ms->ram);
    }

    return true;
}

static void machine_none_machine_init(MachineClass *mc)
{
    mc->desc = "empty machine";
    mc->init = machine_none_init;
    mc->max_cpus = 1;
    /* No RAM unless -m gives a size; then it is called "ram". */
    mc->default_ram_size = 0;
    mc->default_ram_id = "ram";
    mc->no_serial = true;
    mc->no_parallel = true;
    mc->no_floppy = true;
    mc->no_cdrom = true;
    mc->no_sdcard = true;
}

static void machine_none_class_init(ObjectClass *oc, void *data)
{
    machine_none_machine_init(MACHINE_CLASS(oc));
}

/* Registered by machine.c, so that every program with machines has it. */
const TypeInfo machine_none_info = {
    .name = MACHINE_TYPE_NAME("none"),
    .parent = TYPE_MACHINE,
    .class_init = machine_none_class_init,
};
