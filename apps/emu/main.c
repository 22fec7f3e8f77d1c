/*
 * emu: the product binary.  main() only: parse, create, link together.
 *
 * The command line is libopts' (QEMU's options); what QOM answers (type
 * listings) is in qom-help.c, what happens after parsing in startup.c.
 */
#include <stdio.h>

#include "machine/boards.h"
#include "opts/cmdline.h"
#include "qom-help.h"
#include "qom/object.h"
#include "startup.h"
#include "util/error-report.h"

#ifndef EMU_VERSION
#define EMU_VERSION "unknown"
#endif

static void print_version(void)
{
    printf("emu version " EMU_VERSION "\n");
}

static void print_usage(void)
{
    print_version();
    printf("usage: emu [options] [disk_image]\n\n"
           "'disk_image' is a raw hard disk image for IDE hard disk 0\n");
    qemu_cmdline_print_usage(stdout);
    printf("\nWhat each option does today: docs/options.md\n");
}

int main(int argc, char **argv)
{
    Cmdline cl;
    int ret = 0;

    module_call_init(MODULE_INIT_QOM);

    if (argc == 1) {
        /* No arguments: what this build contains (ci/demo shows it). */
        print_version();
        emu_list_types();
        machine_help_func(stdout);
        return 0;
    }

    qemu_cmdline_init(&cl);
    switch (qemu_cmdline_parse(&cl, argc, argv)) {
    case CMDLINE_OK:
        ret = emu_startup(&cl);
        break;
    case CMDLINE_ERROR:
        ret = 1;
        break;
    case CMDLINE_DONE:
        break;
    case CMDLINE_VERSION:
        print_version();
        break;
    case CMDLINE_USAGE:
        print_usage();
        break;
    case CMDLINE_LIST_TYPES:
        emu_list_types();
        break;
    case CMDLINE_HELP:
        loc_set_cmdline(argv, cl.help_index, 2);
        ret = emu_qom_help(cl.help_opt->group, cl.help_arg);
        loc_set_none();
        break;
    }
    qemu_cmdline_destroy(&cl);
    return ret;
}
