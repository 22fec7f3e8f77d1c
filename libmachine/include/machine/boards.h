/*
 * Machines: TYPE_MACHINE, the base class of every board, with QEMU 7.2's
 * names and semantics (MachineClass, MachineState, select_machine,
 * -m and -smp), and the life cycle the program drives:
 *
 *     MachineClass *mc = select_machine(type, &error_fatal);
 *     MachineState *ms = machine_create(mc, &error_fatal);
 *     object_property_parse(OBJECT(ms), "usb", "off", ...)   -machine keys
 *     machine_parse_memory_options(ms, &mem, ...)             -m
 *     machine_parse_smp_config(ms, &smp, ...)                 -smp
 *     ms->cpu_type = parse_cpu_option(...)                    -cpu
 *     configure_accelerators(ms, &accel_config, ...)          machine/accel.h
 *     machine_run_board_init(ms, ...)                         RAM, mc->init
 *     qemu_system_reset()                                     machine/reset.h
 *
 * A board is a concrete subclass named MACHINE_TYPE_NAME("pc-i440fx-7.2")
 * ("pc-i440fx-7.2-machine"); -machine and -machine help use the name
 * without the suffix (MachineClass.name).  The machine core knows no
 * board: boards (libdevices/) fill in their class and their init.
 */
#ifndef MACHINE_BOARDS_H
#define MACHINE_BOARDS_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "machine/memory.h"
#include "machine/qdev-properties.h"
#include "qom/object.h"
#include "util/error.h"

#define TYPE_MACHINE "machine"
#define TYPE_MACHINE_SUFFIX "-machine"
/* The QOM type name of machine "name": MACHINE_TYPE_NAME("none"). */
#define MACHINE_TYPE_NAME(machinename) (machinename TYPE_MACHINE_SUFFIX)

OBJECT_DECLARE_TYPE(MachineState, MachineClass, MACHINE)

/* machine/accel.h */
typedef struct AccelState AccelState;

/*
 * The CPU topology after -smp: cpus present at start, max_cpus possible
 * (hotplug), and the hierarchy whose product is max_cpus.  Dies and
 * clusters stay 1 on machines that do not support them.
 */
typedef struct CpuTopology {
    unsigned int cpus;
    unsigned int sockets;
    unsigned int dies;
    unsigned int clusters;
    unsigned int cores;
    unsigned int threads;
    unsigned int max_cpus;
} CpuTopology;

/*
 * The -smp option as given (QEMU's qapi SMPConfiguration): has_X says the
 * user wrote X=.  "-smp 8" is cpus=8.  The program converts its option
 * list into this; libmachine knows nothing of option parsing.
 */
typedef struct SMPConfiguration {
    bool has_cpus;
    uint64_t cpus;
    bool has_sockets;
    uint64_t sockets;
    bool has_dies;
    uint64_t dies;
    bool has_clusters;
    uint64_t clusters;
    bool has_cores;
    uint64_t cores;
    bool has_threads;
    uint64_t threads;
    bool has_maxcpus;
    uint64_t maxcpus;
} SMPConfiguration;

/* What the machine's CPU topology supports (MachineClass.smp_props). */
typedef struct SMPCompatProps {
    /*
     * Compute missing values preferring sockets over cores, as QEMU did
     * before 6.2 (set by the pc-*-6.1 and older machine types); since
     * 6.2 cores are preferred.
     */
    bool prefer_sockets;
    bool dies_supported;
    bool clusters_supported;
} SMPCompatProps;

/*
 * The -m option as given (QEMU's qapi MemorySizeConfiguration), sizes in
 * bytes: the program applies the "no suffix means MiB" rule before.
 */
typedef struct MemorySizeConfiguration {
    bool has_size;
    uint64_t size;
    bool has_max_size; /* maxmem= */
    uint64_t max_size;
    bool has_slots;
    uint64_t slots;
} MemorySizeConfiguration;

/*
 * -boot (QEMU's qapi BootConfiguration).  order and once are strings of
 * boot device letters: a-b floppy, c-f disk, g-m board-specific, n-p
 * network ("cdn").
 */
typedef struct BootConfiguration {
    char *order;
    char *once;
    bool has_menu;
    bool menu;
    char *splash;
    bool has_splash_time;
    int64_t splash_time;
    bool has_reboot_timeout;
    int64_t reboot_timeout;
    bool has_strict;
    bool strict;
} BootConfiguration;

/* -machine kernel-irqchip= values (QEMU's qapi OnOffSplit). */
typedef enum OnOffSplit {
    ON_OFF_SPLIT_ON,
    ON_OFF_SPLIT_OFF,
    ON_OFF_SPLIT_SPLIT,
    ON_OFF_SPLIT__MAX
} OnOffSplit;
extern const QEnumLookup OnOffSplit_lookup;

/*
 * Where a possible CPU sits in the topology (QEMU's
 * CpuInstanceProperties); has_X says the board uses that level.
 */
typedef struct CpuInstanceProperties {
    bool has_node_id;
    int64_t node_id;
    bool has_socket_id;
    int64_t socket_id;
    bool has_die_id;
    int64_t die_id;
    bool has_cluster_id;
    int64_t cluster_id;
    bool has_core_id;
    int64_t core_id;
    bool has_thread_id;
    int64_t thread_id;
} CpuInstanceProperties;

/* One possible CPU of the machine (present or a hotplug slot). */
typedef struct CPUArchId {
    /* Architectural id (x86: the APIC ID). */
    uint64_t arch_id;
    int64_t vcpus_count;
    CpuInstanceProperties props;
    /* The CPU object while one is plugged, else NULL. */
    Object *cpu;
    /* QOM type of the CPU to create in this slot. */
    const char *type;
} CPUArchId;

typedef struct CPUArchIdList {
    int len;
    CPUArchId cpus[];
} CPUArchIdList;

struct MachineClass {
    ObjectClass parent_class;

    /* The -machine name: the type name without "-machine" (set by core). */
    const char *name;
    /* One more accepted name, listed by -machine help ("pc"). */
    const char *alias;
    /*
     * Further accepted names (NULL-terminated, may be NULL): the names
     * distributions gave their machine types, such as "pc-i440fx-trusty",
     * so that command lines written for them work.  -machine help lists
     * each as an alias.  Boards set it in class_init.
     */
    const char *const *compat_aliases;
    /* One line for -machine help. */
    const char *desc;
    /* Groups versioned types in -machine help ("pc_piix"); NULL: none. */
    const char *family;
    /* Set on one machine type: used when -machine has no type. */
    bool is_default;
    /* Non-NULL: warn "Machine type 'X' is deprecated: REASON". */
    const char *deprecation_reason;

    /*
     * Build the board: memory map, chipset, CPUs (through the accelerator,
     * by QOM type name), firmware and kernel.  Called by
     * machine_run_board_init() with ms->ram already allocated when the
     * board set default_ram_id.  Returns false with errp on failure.
     */
    bool (*init)(MachineState *ms, Error **errp);
    /* Machine reset; NULL: qemu_devices_reset() (machine/reset.h). */
    void (*reset)(MachineState *ms);
    /* Adjust the -m size (after alignment); NULL: keep it. */
    uint64_t (*fixup_ram_size)(uint64_t size);
    /* The possible CPUs for ms->smp, built on first call; NULL: none. */
    const CPUArchIdList *(*possible_cpu_arch_ids)(MachineState *ms);

    /* -smp limits and default (core sets 1 where the class left 0). */
    int max_cpus;
    int min_cpus;
    int default_cpus;
    SMPCompatProps smp_props;

    /* -m default: 128 MiB unless the board says otherwise (none: 0). */
    uint64_t default_ram_size;
    /*
     * Non-NULL: machine_run_board_init() allocates ms->ram, a RAM region
     * of ram_size bytes named this ("pc.ram"), for the board to map; and
     * no -object may take this id.  NULL: the board allocates its own.
     */
    const char *default_ram_id;
    /* The CPU type used without -cpu (a QOM type name); NULL: none. */
    const char *default_cpu_type;
    /*
     * NULL-terminated; if set, ms->cpu_type must be one of these (or a
     * subclass).  NULL: any CPU type.
     */
    const char *const *valid_cpu_types;

    /*
     * GlobalProperty * applied to every device (QEMU's compat props,
     * "keep the old default of property P of driver D in this version");
     * allocated by the core for every concrete class, filled with
     * compat_props_add() in class_init.
     */
    GPtrArray *compat_props;
    /* Applied as -machine keys before the user's ("firmware=bios.bin"). */
    const char *default_machine_opts;
    /* -boot order when none is given ("cad"). */
    const char *default_boot_order;
    const char *default_display;
    const char *default_nic;
    /* kernel-irqchip defaults to split (IOAPIC in user space) on KVM. */
    bool default_kernel_irqchip_split;
    /* The hardware version some devices report; NULL: emu's. */
    const char *hw_version;

    /* The board has no such default device (no -serial default, ...). */
    bool no_serial;
    bool no_parallel;
    bool no_floppy;
    bool no_cdrom;
    bool no_sdcard;
    bool pci_allow_0_address;
    bool has_hotpluggable_cpus;
    int units_per_default_bus;

    /*
     * Sysbus device types that -device may create on this machine (QEMU's
     * allowed_dynamic_sysbus_devices): char * type names, shared with
     * the parent class's list as a tail; add with
     * machine_class_allow_dynamic_sysbus_dev().
     */
    GSList *allowed_dynamic_sysbus_devices;
};

struct MachineState {
    Object parent_obj;

    /* -m: guest RAM in bytes (aligned to 8 KiB), maxmem=, slots= */
    uint64_t ram_size;
    uint64_t maxram_size;
    uint64_t ram_slots;
    /*
     * The RAM region machine_run_board_init() allocated (see
     * MachineClass.default_ram_id), or NULL.  Owned by the machine; the
     * board maps it, or aliases of it, into get_system_memory().
     */
    MemoryRegion *ram;
    /* Populate guest RAM at allocation (-mem-prealloc). */
    bool mem_prealloc;

    /* -smp, after machine_parse_smp_config(). */
    CpuTopology smp;
    /*
     * The CPUs possible_cpu_arch_ids built (g_malloc'd by the board, freed
     * with the machine), or NULL.
     */
    CPUArchIdList *possible_cpus;
    /* QOM type of the CPUs (-cpu, else default_cpu_type); not owned. */
    const char *cpu_type;

    /* The accelerator configure_accelerators() started; NULL before. */
    AccelState *accelerator;

    /* Machine properties (-machine KEY=VALUE), QEMU's names in []. */
    char *accel;                 /* [accel] "kvm:tcg" (legacy, see accel.h) */
    bool kernel_irqchip_allowed; /* [kernel-irqchip] on|off|split */
    bool kernel_irqchip_required;
    bool kernel_irqchip_split;
    char *kernel_filename; /* [kernel] -kernel */
    char *initrd_filename; /* [initrd] -initrd */
    char *kernel_cmdline;  /* [append] -append */
    char *dtb;             /* [dtb] */
    char *dumpdtb;         /* [dumpdtb] */
    int64_t phandle_start; /* [phandle-start] */
    char *dt_compatible;   /* [dt-compatible] */
    char *firmware;        /* [firmware] -bios */
    bool dump_guest_core;  /* [dump-guest-core] default on */
    bool mem_merge;        /* [mem-merge] default on */
    bool usb;              /* [usb] */
    bool usb_disabled;     /* usb=off given explicitly */
    bool enable_graphics;  /* [graphics] default on */
    bool suppress_vmdesc;  /* [suppress-vmdesc] */
    char *ram_memdev_id;   /* [memory-backend] */

    /* -boot; order defaults to MachineClass.default_boot_order. */
    BootConfiguration boot_config;
};

/*
 * Define a machine type from a function filling its class:
 *     static void machine_none_machine_init(MachineClass *mc) { ... }
 *     DEFINE_MACHINE("none", machine_none_machine_init)
 */
#define DEFINE_MACHINE(namestr, machine_initfn)                                \
    static void machine_initfn##_class_init(ObjectClass *oc, void *data)       \
    {                                                                          \
        machine_initfn(MACHINE_CLASS(oc));                                     \
    }                                                                          \
    static const TypeInfo machine_initfn##_typeinfo = {                        \
        .name = MACHINE_TYPE_NAME(namestr),                                    \
        .parent = TYPE_MACHINE,                                                \
        .class_init = machine_initfn##_class_init,                             \
    };                                                                         \
    static void machine_initfn##_register_types(void)                          \
    {                                                                          \
        type_register_static(&machine_initfn##_typeinfo);                      \
    }                                                                          \
    type_init(machine_initfn##_register_types)

/* The machine machine_create() made (QEMU's global), or NULL. */
extern MachineState *current_machine;

/* ---- Choosing the machine type ---- */

/*
 * The concrete machine class whose name, alias or one of whose
 * compat_aliases is name; NULL if none.
 */
MachineClass *find_machine(const char *name);
/* The machine class with is_default set; NULL if none. */
MachineClass *find_default_machine(void);
/*
 * QEMU 7.2's select_machine(): the class named by -machine type= (type
 * non-NULL), else the default one.  Errors: "unsupported machine type"
 * or "No machine specified, and there is no default", each with the hint
 * "Use -machine help to list supported machines".
 */
MachineClass *select_machine(const char *type, Error **errp);
/*
 * Print -machine help to out in QEMU's layout: "Supported machines are:"
 * then "%-20s %s" name/description lines, families first (alphabetical;
 * versions newest first), then the machines without family; an alias
 * line "NAME DESC (alias of MACHINE)" before its machine, which is marked
 * " (default)" and/or " (deprecated)".
 */
void machine_help_func(FILE *out);
/*
 * Warn "Machine type 'X' is deprecated: REASON" if mc is deprecated
 * (QEMU does so once the accelerator is up, except under qtest).
 */
void machine_warn_if_deprecated(MachineClass *mc);

/* ---- Class helpers for boards ---- */

/* Append nelem compat properties (the array must outlive the class). */
void compat_props_add(GPtrArray *arr, GlobalProperty props[], size_t nelem);
/* Let -device create sysbus devices of type (or a subtype) here. */
void machine_class_allow_dynamic_sysbus_dev(MachineClass *mc, const char *type);
/* Whether mc lets -device create a sysbus device of type. */
bool machine_class_is_dynamic_sysbus_dev_allowed(MachineClass *mc,
                                                 const char *type);

/* ---- The machine object ---- */

/*
 * Create the machine of class mc as QEMU's qemu_create_machine() does:
 * install mc's compat properties for every device created from now on,
 * object_new() it as /machine (with /machine/peripheral,
 * /machine/peripheral-anon and /machine/unattached), put the main system
 * bus at /machine/unattached/sysbus, set up the system address spaces
 * (memory_map_init(): boards must not call it again), let -device check
 * sysbus devices against mc, register the reset of the device tree, and
 * apply mc->default_machine_opts.  One machine at a time: the previous
 * one must be gone (object_unparent() of /machine and
 * memory_map_cleanup(), as tests do).  Returns the machine (the tree
 * holds the reference).
 */
MachineState *machine_create(MachineClass *mc, Error **errp);

/*
 * -m: set ram_size, maxram_size and ram_slots from mem with QEMU 7.2's
 * rules: no size (or size 0) means MachineClass.default_ram_size; the
 * size is rounded up to 8 KiB; maxmem must be at least the size, and
 * bigger when slots are given; slots need maxmem.  Nothing changes on
 * error.
 */
bool machine_parse_memory_options(MachineState *ms,
                                  const MemorySizeConfiguration *mem,
                                  Error **errp);

/*
 * -smp: compute the missing values of config and set ms->smp, with QEMU
 * 7.2's rules and messages (docs: qemu-options "-smp"): without cpus and
 * maxcpus, missing levels are 1; otherwise maxcpus defaults to cpus and
 * the missing level is computed from maxcpus, cores first (sockets
 * first with smp_props.prefer_sockets), threads last; cpus defaults to
 * maxcpus.  Then the product of the hierarchy must equal maxcpus,
 * maxcpus >= cpus, and min_cpus <= cpus, maxcpus <= max_cpus.  A level
 * given as 0 is treated as omitted, with QEMU's deprecation warning.
 * Nothing changes on error.
 */
bool machine_parse_smp_config(MachineState *ms, const SMPConfiguration *config,
                              Error **errp);

/*
 * "sockets (2) * dies (1) * cores (4) * threads (1)", the levels ms's
 * class supports, for messages (g_free the result).
 */
char *cpu_hierarchy_to_string(MachineState *ms);

/*
 * -boot: check order and once (QEMU's validate_bootdevices: letters a-p,
 * each at most once) and copy config into ms->boot_config, order
 * defaulting to mc->default_boot_order.
 */
bool validate_bootdevices(const char *devices, Error **errp);
bool machine_set_boot_config(MachineState *ms, const BootConfiguration *config,
                             Error **errp);

/*
 * Build the board (QEMU's machine_run_board_init): check ms->cpu_type
 * against mc->valid_cpu_types ("Invalid CPU type: X" with the hint "The
 * valid types are: A, B"), allocate ms->ram when the board asks for it
 * (default_ram_id; the id must not be an -object's), then call mc->init.
 * An accelerator must have been configured.
 */
bool machine_run_board_init(MachineState *ms, Error **errp);

/* Read accessors with QEMU's names. */
bool machine_usb(MachineState *ms);
bool machine_dump_guest_core(MachineState *ms);
bool machine_mem_merge(MachineState *ms);
bool machine_kernel_irqchip_allowed(MachineState *ms);
bool machine_kernel_irqchip_required(MachineState *ms);
bool machine_kernel_irqchip_split(MachineState *ms);

#endif /* MACHINE_BOARDS_H */
