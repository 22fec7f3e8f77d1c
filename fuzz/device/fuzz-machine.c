/*
 * The fuzzers' machine (fuzz-machine.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "fuzz-machine.h"
#include "fuzz-state.h"
#include "fuzz-targets.h"
#include "machine/reset.h"
#include "opts/cmdline.h"
#include "startup.h"
#include "util/main-loop.h"
#include "util/module.h"
#include "util/timer.h"

static int64_t start_ns;
/* The command line: the options point into it for the process's life. */
static char *vm_line;
static char **vm_argv;
static Cmdline vm_cl;

void fuzz_machine_create(const char *prog, const char *args, bool tracing,
                         FuzzTraceFn trace)
{
    GError *err = NULL;
    int vm_argc;

    vm_line = g_strdup_printf("emu " FUZZ_BASE_ARGS " %s", args);
    if (!g_shell_parse_argv(vm_line, &vm_argc, &vm_argv, &err)) {
        fprintf(stderr, "%s: %s: %s\n", prog, vm_line, err->message);
        exit(1);
    }
    if (tracing) {
        fprintf(stderr, "[trace-args] %s\n", vm_line);
    }
    module_call_init(MODULE_INIT_QOM);
    qemu_cmdline_init(&vm_cl);
    if (qemu_cmdline_parse(&vm_cl, vm_argc, vm_argv) != CMDLINE_OK ||
        emu_vm_create(&vm_cl) != EMU_VM_CREATED) {
        fprintf(stderr, "%s: cannot create the machine: %s\n", prog, vm_line);
        exit(1);
    }
    qemu_mutex_lock_iothread();
    fuzz_dma_init(trace);
    start_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

void fuzz_machine_ready(void)
{
    /* The reference state: what every later reset must give. */
    fuzz_machine_reset_only();
    fuzz_state_snapshot();
}

void fuzz_machine_flush(void)
{
    main_loop_wait(true);
}

void fuzz_machine_reset_only(void)
{
    int status;

    fuzz_dma_input_end();
    /* Running, as at the start (a QMP "stop" ends with its input). */
    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, true);
    qemu_clock_rewind_virtual_time(start_ns);
    fuzz_state_restore_persistent();
    qemu_system_reset();
    fuzz_machine_flush();
    /* An exit the input asked for (debug-exit, a shutdown) is over. */
    main_loop_should_exit(&status);
}

void fuzz_machine_reset(void)
{
    fuzz_machine_reset_only();
    fuzz_state_check();
}

bool fuzz_has_arg(int argc, char **argv, const char *arg)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], arg)) {
            return true;
        }
    }
    return false;
}
