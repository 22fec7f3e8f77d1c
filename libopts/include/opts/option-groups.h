/*
 * The option groups of emu's command line: one QemuOptsList per group,
 * named as QEMU names them (what -readconfig/-writeconfig show in the
 * section headers: "[drive]", "[memory]", "[smp-opts]", ...), and the
 * checks a set must pass before anything uses it.
 *
 * QEMU's groups (same list name, implied key, merge rule and keys):
 *   drive      -drive, -hda..-hdd, -cdrom, -fda/-fdb (any key; checked)
 *   chardev    -chardev, and what -monitor/-qmp create; implied "backend"
 *   device     -device; implied "driver"; any key (QOM checks them later)
 *   netdev     -netdev; implied "type"; any key, checked per type
 *   nic        -nic; implied "type"; checked per type
 *   net        -net; implied "type"; checked per type
 *   rtc        -rtc (merged)
 *   machine    -machine/-M; implied "type"; merged; any key (QOM checks
 *              them later).  Also receives, as QEMU 7.2 does, -kernel
 *              (kernel=), -initrd (initrd=), -append (append=), -bios
 *              (firmware=), -no-hpet (hpet=off), -no-acpi (acpi=off),
 *              -usb (usb=on) and -nographic (graphics=off)
 *   accel      -accel (implied "accel"), -enable-kvm (accel=kvm)
 *   memory     -m; implied "size"; merged (see emu_mem_opts_get_size())
 *   smp-opts   -smp; implied "cpus"; merged
 *   boot-opts  -boot; implied "order"; merged
 *   name       -name; implied "guest"; merged
 *   numa       -numa; implied "type"; checked per type
 *   mon        -mon, and what -monitor/-qmp create; implied "chardev"
 *   global     -global (driver=, property=, value=)
 *   object     -object; implied "qom-type"; any key (QOM checks later)
 *   smbios     -smbios; any key, checked per type=
 *   overcommit -overcommit
 *   realtime   -realtime (removed from QEMU in 6.0; emu still takes the
 *              mlock= of older command lines, such as OpenStack's)
 *   vnc        -vnc, -display vnc=; implied "vnc"
 *   action     -action, -no-shutdown (shutdown=pause), -no-reboot
 *              (reboot=shutdown), -watchdog-action (watchdog=)
 *
 * emu's own groups, for what QEMU keeps in plain variables (so that every
 * accepted option shows in -writeconfig and comes back with -readconfig):
 *   cpu        -cpu MODEL,+feat,-feat,feat=val: "model" is the CPU model,
 *              then one key per feature: +feat is feat=on, -feat is
 *              feat=off, feat=val is kept as given.  Merged; each -cpu
 *              replaces the previous one, as in QEMU.
 *   system     one merged set of the process-wide switches:
 *                autostart=off       -S
 *                defaults=off        -nodefaults
 *                user-config=off     -no-user-config
 *                mem-prealloc=on     -mem-prealloc
 *                daemonize=on        -daemonize
 *                pidfile=FILE        -pidfile
 *                uuid=UUID           -uuid
 *                keyboard-layout=L   -k
 *                vga=TYPE            -vga
 *                nographic=on        -nographic (with machine graphics=off
 *                                    and display type=none)
 *                snapshot=on         -snapshot
 *                default-monitor=off -monitor none
 *   display    -display TYPE[,opts]; implied "type"; merged, each
 *              -display replaces the previous one
 *   serial     -serial DEV: one set per option, dev=DEV kept verbatim
 *   parallel   -parallel DEV: likewise
 *   debugcon   -debugcon DEV: likewise
 *   qtest      -qtest DEV (chardev=DEV), -qtest-log FILE (log=FILE)
 *   log        -d ITEMS (items=ITEMS), -D FILE (file=FILE)
 */
#ifndef OPTS_OPTION_GROUPS_H
#define OPTS_OPTION_GROUPS_H

#include <stdbool.h>
#include <stdint.h>

#include "opts/qemu-option.h"

extern QemuOptsList qemu_drive_opts;
extern QemuOptsList qemu_chardev_opts;
extern QemuOptsList qemu_device_opts;
extern QemuOptsList qemu_netdev_opts;
extern QemuOptsList qemu_nic_opts;
extern QemuOptsList qemu_net_opts;
extern QemuOptsList qemu_rtc_opts;
extern QemuOptsList qemu_machine_opts;
extern QemuOptsList qemu_accel_opts;
extern QemuOptsList qemu_mem_opts;
extern QemuOptsList qemu_smp_opts;
extern QemuOptsList qemu_boot_opts;
extern QemuOptsList qemu_name_opts;
extern QemuOptsList qemu_numa_opts;
extern QemuOptsList qemu_mon_opts;
extern QemuOptsList qemu_global_opts;
extern QemuOptsList qemu_object_opts;
extern QemuOptsList qemu_smbios_opts;
extern QemuOptsList qemu_overcommit_opts;
extern QemuOptsList qemu_realtime_opts;
extern QemuOptsList qemu_vnc_opts;
extern QemuOptsList qemu_action_opts;
/* emu's own groups (see above). */
extern QemuOptsList emu_cpu_opts;
extern QemuOptsList emu_system_opts;
extern QemuOptsList emu_display_opts;
extern QemuOptsList emu_serial_opts;
extern QemuOptsList emu_parallel_opts;
extern QemuOptsList emu_debugcon_opts;
extern QemuOptsList emu_qtest_opts;
extern QemuOptsList emu_log_opts;

/* Register every group above with qemu_add_opts() (once is enough). */
void emu_register_option_groups(void);

/* The groups above, NULL-terminated, in registration order. */
QemuOptsList *const *emu_option_groups(void);

/* Delete every set of every group (tests; a second parse). */
void emu_option_groups_reset(void);

/*
 * Check one set of a group beyond what its desc[] can say: the keys of
 * the groups that take any key (drive, netdev, nic, net, numa, smbios,
 * display), required keys (chardev backend and id, netdev id and type,
 * -global's three keys, ...) and the values QEMU accepts (rtc base,
 * mon mode, drive cache, action, vga, uuid, boot order, -d items, ...),
 * with QEMU 7.2's messages.  Groups without extra rules pass.
 */
bool emu_opts_check(QemuOpts *opts, Error **errp);

/*
 * Check every set of every group, each under the location where it was
 * created: after -readconfig, and cross references (a -mon's chardev must
 * exist).  Stops at the first error.
 */
bool emu_option_groups_check_all(Error **errp);

/*
 * The guest RAM size of a "memory" set in bytes: "size" with QEMU's rule
 * that a number without suffix counts mebibytes ("-m 2048" is 2 GiB,
 * "-m 2G" too, "-m size=2147483648B" also).  *size is left alone when
 * the set has no size.  Errors: empty or overflowing size.
 */
bool emu_mem_opts_get_size(QemuOpts *opts, uint64_t *size, Error **errp);

/*
 * Help for a group in QEMU's layout when the group's keys depend on a
 * type: "-netdev help" (backend types), "-chardev help" (backend types),
 * "-vga help", "-display help", "-drive help", "-smbios help",
 * "-numa help".  Returns false when the group has no such help (print
 * the desc[] with qemu_opts_print_help() instead, or ask QOM).
 */
bool emu_option_group_print_help(const char *group);

/* The chardev backends emu knows, NULL-terminated (for "-chardev help"). */
const char *const *emu_chardev_backends(void);
/* The netdev types emu knows, NULL-terminated (for "-netdev help"). */
const char *const *emu_netdev_types(void);

#endif /* OPTS_OPTION_GROUPS_H */
