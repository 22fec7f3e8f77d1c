/*
 * The QMP fuzzer: an input is bytes a QMP client sends, delivered to a
 * QMP monitor (libmonitor) on a null chardev of the pc machine with every
 * device, as the chardev would deliver them.  Whatever the bytes, the
 * monitor must parse, answer or refuse them without crashing, and the
 * machine must reset to the same state after (fuzz-machine.h).  Between
 * inputs the chardev closes and opens again: a new session, which must
 * negotiate capabilities again.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chardev/char.h"
#include "machine/cpus.h"
#include "fuzz-machine.h"
#include "fuzz-targets.h"
#include "monitor/monitor.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define QMP_ARGS " -chardev null,id=fuzz-qmp -mon chardev=fuzz-qmp,mode=control"

static Chardev *chr;
static char *run_state;
static char *args;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    while (size) {
        int n = qemu_chr_be_can_write(chr);

        if (n <= 0) {
            /* The monitor takes no more now: what the main loop would do. */
            fuzz_machine_flush();
            n = qemu_chr_be_can_write(chr);
            if (n <= 0) {
                break;
            }
        }
        if ((size_t)n > size) {
            n = (int)size;
        }
        qemu_chr_be_write(chr, data, n);
        data += n;
        size -= n;
    }
    fuzz_machine_flush();
    qemu_chr_be_event(chr, CHR_EVENT_CLOSED);
    qemu_chr_be_event(chr, CHR_EVENT_OPENED);
    /* A "stop" ends with its input too: running again, as at the start. */
    if (strcmp(monitor_get_run_state(), run_state)) {
        resume_all_vcpus();
        monitor_set_run_state(run_state);
    }
    fuzz_machine_reset();
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *base = getenv("EMU_FUZZ_ARGS") ? getenv("EMU_FUZZ_ARGS")
                                               : FUZZ_ALL_DEVICES_ARGS;

    args = g_strconcat(base, QMP_ARGS, NULL);
    fuzz_machine_create((*argv)[0], args, false, NULL);
    chr = qemu_chr_find("fuzz-qmp");
    if (!chr) {
        fprintf(stderr, "%s: no chardev fuzz-qmp\n", (*argv)[0]);
        exit(1);
    }
    qemu_chr_be_event(chr, CHR_EVENT_OPENED);
    fuzz_machine_flush();
    run_state = g_strdup(monitor_get_run_state());
    if (fuzz_has_arg(*argc, *argv, "-runs=0")) {
        printf("qmp: bytes to a QMP monitor, on: %s %s\n", FUZZ_BASE_ARGS,
               args);
        fflush(stdout);
    }
    fuzz_machine_ready();
    return 0;
}
