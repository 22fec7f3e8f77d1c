/*
 * Helpers shared by the machine core tests: error-text checks, capturing
 * what a function prints, and tearing the machine down between tests.
 */
#ifndef MACHINE_TEST_H
#define MACHINE_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "emu-test.h"
#include "machine/boards.h"
#include "machine/memory.h"
#include "machine/qdev-core.h"
#include "machine/qdev-properties.h"
#include "qom/object.h"
#include "util/error.h"

#define MiB (1024ULL * 1024)
#define GiB (1024ULL * MiB)

/* Assert err is set with exactly text, and free it. */
#define assert_error(err, text)                                                \
    do {                                                                       \
        if (!(err)) {                                                          \
            print_error("expected error \"%s\", got none\n", (text));          \
            fail();                                                            \
        }                                                                      \
        assert_string_equal(error_get_pretty(err), (text));                    \
        error_free(err);                                                       \
        (err) = NULL;                                                          \
    } while (0)

/* Drop the machine (if any) and the address spaces it set up. */
static inline int machine_test_teardown(void **state)
{
    Object *machine = qdev_get_machine();

    if (machine) {
        object_unparent(machine);
    }
    /* Mapped RAM keeps its owner, the machine, alive until this. */
    memory_map_cleanup();
    g_assert(!current_machine);
    qdev_prop_clear_globals();
    return 0;
}

#define machine_test(f) cmocka_unit_test_teardown(f, machine_test_teardown)

/* The machine of type name (a -machine name), created as the app does. */
static inline MachineState *machine_test_create(const char *name)
{
    MachineClass *mc = select_machine(name, &error_abort);

    return machine_create(mc, &error_abort);
}

/* What fn(opaque, out) writes to out, as a string (g_free). */
static inline char *capture_output(void (*fn)(void *opaque, FILE *out),
                                   void *opaque)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);

    g_assert(out);
    fn(opaque, out);
    fclose(out);
    return buf;
}

#endif /* MACHINE_TEST_H */
