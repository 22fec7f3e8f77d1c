/*
 * Helpers shared by the tests of the character and debug devices: a
 * bare machine with an ISA bus whose 16 lines are recorded, the I/O
 * space accessed as a CPU's IN and OUT are, chardevs created from
 * -chardev strings (real libchardev backends), devices created as
 * -device does, the main loop run with a generous deadline (never a
 * timing assertion), and the virtual clock in manual mode (qtest's).
 *
 * The big lock is held for the whole of each test: device callbacks,
 * timers and chardev sources all expect it, and main_loop_wait()
 * releases it only while polling.
 */
#ifndef CHAR_DEV_TEST_H
#define CHAR_DEV_TEST_H

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "chardev/char-fe.h"
#include "chardev/char.h"
#include "emu-test.h"
#include "machine/isa.h"
#include "machine/memory.h"
#include "machine/qdev-properties.h"
#include "opts/option-groups.h"
#include "opts/qemu-option.h"
#include "qom/object.h"
#include "util/error.h"
#include "util/main-loop.h"
#include "util/module.h"
#include "util/timer.h"
#include "emu-chr-test.h"

/* Generous: only a broken build waits this long. */
#define WAIT_TIMEOUT_MS 20000

#define ATTRS MEMTXATTRS_UNSPECIFIED

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

static ISABus *test_isa_bus;
static qemu_irq *test_lines;
static int irq_level[ISA_NUM_IRQS];
/* Rising edges seen on each line since the test began. */
static int irq_raised[ISA_NUM_IRQS];
static char *test_dir;

static void test_line_handler(void *opaque, int n, int level)
{
    if (level && !irq_level[n]) {
        irq_raised[n]++;
    }
    irq_level[n] = level;
}

/* ---- Ports ---- */

/* Ports nothing decodes read all-ones, as on a PC. */
static inline uint8_t inb(uint16_t port)
{
    uint8_t v = 0;

    address_space_read(&address_space_io, port, ATTRS, &v, 1);
    return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
    address_space_write(&address_space_io, port, ATTRS, &v, 1);
}

static inline uint16_t inw(uint16_t port)
{
    uint16_t v = 0;

    address_space_read(&address_space_io, port, ATTRS, &v, 2);
    return v;
}

static inline void outw(uint16_t port, uint16_t v)
{
    address_space_write(&address_space_io, port, ATTRS, &v, 2);
}

static inline void outl(uint16_t port, uint32_t v)
{
    address_space_write(&address_space_io, port, ATTRS, &v, 4);
}

/* ---- The main loop and the virtual clock ---- */

/* Run the main loop until expr holds; fails the test after a while. */
#define WAIT_UNTIL(expr)                                                       \
    do {                                                                       \
        gint64 deadline_ =                                                     \
            g_get_monotonic_time() + (gint64)WAIT_TIMEOUT_MS * 1000;           \
        while (!(expr)) {                                                      \
            if (g_get_monotonic_time() > deadline_) {                          \
                fail_msg("timed out waiting for %s", #expr);                   \
            }                                                                  \
            main_loop_wait(true);                                              \
            if (!(expr)) {                                                     \
                g_usleep(1000);                                                \
            }                                                                  \
        }                                                                      \
    } while (0)

/* Dispatch whatever is ready, without blocking. */
static inline void run_pending(void)
{
    for (int i = 0; i < 10; i++) {
        main_loop_wait(true);
    }
}

static inline int64_t vclock(void)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

/* Move the (manual) virtual clock forward by ns, running timers. */
static inline void vclock_step(int64_t ns)
{
    qemu_clock_advance_virtual_time(vclock() + ns);
}

/* ---- Chardevs ---- */

/* chr_from_str() and chr_new(): see emu-chr-test.h. */

/* What a ringbuf chardev holds, as a string (g_free). */
static inline char *ringbuf_take(Chardev *chr)
{
    size_t len;

    return (char *)ringbuf_read(chr, 1 << 20, &len);
}

/* A file in the test's scratch directory (g_free). */
static inline char *test_path(const char *name)
{
    return g_build_filename(test_dir, name, NULL);
}

/* ---- Devices ---- */

/*
 * -device DRIVER,id=ID,KEY=VALUE,... with the pairs as varargs ending in
 * NULL.  Returns the device (the tree holds it) or NULL with *errp.
 */
static inline DeviceState *dev_add_v(const char *driver, const char *id,
                                     Error **errp, va_list ap)
{
    GPtrArray *props = g_ptr_array_new();
    const char *s;
    DeviceState *dev;

    while ((s = va_arg(ap, const char *))) {
        g_ptr_array_add(props, (gpointer)s);
    }
    g_ptr_array_add(props, NULL);
    dev = qdev_device_add_from_props(driver, id,
                                     (const char *const *)props->pdata, errp);
    g_ptr_array_free(props, true);
    if (dev) {
        object_unref(OBJECT(dev));
    }
    return dev;
}

static inline DeviceState *dev_try_add(const char *driver, const char *id,
                                       Error **errp, ...)
{
    DeviceState *dev;
    va_list ap;

    va_start(ap, errp);
    dev = dev_add_v(driver, id, errp, ap);
    va_end(ap);
    return dev;
}

/* The same, for a device that must be created. */
static inline DeviceState *dev_add(const char *driver, const char *id, ...)
{
    DeviceState *dev;
    Error *err = NULL;
    va_list ap;

    va_start(ap, id);
    dev = dev_add_v(driver, id, &err, ap);
    va_end(ap);
    if (!dev) {
        fail_msg("-device %s: %s", driver, error_get_pretty(err));
    }
    return dev;
}

/* ---- Fixture ---- */

static inline void dev_test_init(void)
{
    static bool done;

    if (!done) {
        module_call_init(MODULE_INIT_QOM);
        emu_register_option_groups();
        qemu_init_main_loop(&error_abort);
        done = true;
    }
}

static int dev_setup(void **state)
{
    Object *machine;

    dev_test_init();
    qemu_mutex_lock_iothread();
    qemu_clock_set_virtual_mode(QEMU_VIRTUAL_CLOCK_MANUAL);
    machine = object_new(TYPE_CONTAINER);
    object_property_add_child(object_get_root(), "machine", machine);
    object_unref(machine);
    /* Every test's bus is "isa.0", as in a fresh emu process. */
    BUS_CLASS(object_class_by_name(TYPE_ISA_BUS))->automatic_ids = 0;
    memory_map_init();
    test_isa_bus =
        isa_bus_new(NULL, get_system_memory(), get_system_io(), &error_abort);
    test_lines = qemu_allocate_irqs(test_line_handler, NULL, ISA_NUM_IRQS);
    isa_bus_irqs(test_isa_bus, test_lines);
    memset(irq_level, 0, sizeof(irq_level));
    memset(irq_raised, 0, sizeof(irq_raised));
    test_dir = g_dir_make_tmp("emu-chardev-XXXXXX", NULL);
    assert_non_null(test_dir);
    return 0;
}

static inline void remove_test_dir(void)
{
    GDir *dir = g_dir_open(test_dir, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name(dir))) {
        g_autofree char *path = g_build_filename(test_dir, name, NULL);

        unlink(path);
    }
    if (dir) {
        g_dir_close(dir);
    }
    rmdir(test_dir);
    g_free(test_dir);
    test_dir = NULL;
}

static int dev_teardown(void **state)
{
    int status;

    object_unparent(qdev_get_machine());
    qemu_chr_cleanup();
    qemu_opts_reset(&qemu_chardev_opts);
    run_pending();
    qemu_free_irqs(test_lines, ISA_NUM_IRQS);
    test_lines = NULL;
    memory_map_cleanup();
    test_isa_bus = NULL;
    /* An exit a test requested and did not consume. */
    main_loop_should_exit(&status);
    remove_test_dir();
    qemu_mutex_unlock_iothread();
    return 0;
}

#define dev_test(f) cmocka_unit_test_setup_teardown(f, dev_setup, dev_teardown)

#endif /* CHAR_DEV_TEST_H */
