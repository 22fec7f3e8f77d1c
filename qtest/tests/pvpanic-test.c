/*
 * pvpanic through libqtest and QMP: the supported events at port 0x505,
 * and what a guest's panic report does under each -action panic= value
 * (QEMU 7.2's GUEST_PANICKED, STOP, SHUTDOWN events and run states), and
 * a loaded crash kernel (GUEST_CRASHLOADED).  Passes against emu and
 * against QEMU (QTEST_QEMU_BINARY), whose VM starts paused (-S): where
 * the VM must be running the test sends "cont" first.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "qtest/libqtest.h"

#define PVPANIC_PORT 0x505
#define PVPANIC_PANICKED 1
#define PVPANIC_CRASH_LOADED 2

static QTestState *start(const char *action)
{
    return qtest_initf("-M pc -nodefaults -device pvpanic %s",
                       action ? action : "");
}

/* Wait for event and check that its data member key is value. */
static void expect_event(QTestState *s, const char *event, const char *key,
                         const char *value)
{
    JsonObject *ev = qtest_qmp_eventwait_ref(s, event);
    JsonObject *data = json_object_get_object_member(ev, "data");

    assert_non_null(data);
    assert_string_equal(json_object_get_string_member(data, key), value);
    json_object_unref(ev);
}

static void expect_status(QTestState *s, const char *status, bool running)
{
    JsonObject *r = qtest_qmp(s, "{\"execute\": \"query-status\"}");
    JsonObject *ret = json_object_get_object_member(r, "return");

    assert_non_null(ret);
    assert_string_equal(json_object_get_string_member(ret, "status"), status);
    assert_int_equal(json_object_get_boolean_member(ret, "running"), running);
    json_object_unref(r);
}

static void test_supported_events(void **state)
{
    QTestState *s = start(NULL);

    (void)state;
    assert_int_equal(qtest_inb(s, PVPANIC_PORT),
                     PVPANIC_PANICKED | PVPANIC_CRASH_LOADED);
    qtest_quit(s);
    s = qtest_init("-M pc -nodefaults -device pvpanic,ioport=0x600,events=1");
    assert_int_equal(qtest_inb(s, 0x600), PVPANIC_PANICKED);
    qtest_quit(s);
}

/* The default, -action panic=shutdown: the VM powers off, status 0. */
static void test_panic_shutdown(void **state)
{
    QTestState *s = start(NULL);
    JsonObject *ev;
    JsonObject *data;

    (void)state;
    qtest_outb(s, PVPANIC_PORT, PVPANIC_PANICKED);
    expect_event(s, "GUEST_PANICKED", "action", "poweroff");
    ev = qtest_qmp_eventwait_ref(s, "SHUTDOWN");
    data = json_object_get_object_member(ev, "data");
    assert_true(json_object_get_boolean_member(data, "guest"));
    assert_string_equal(json_object_get_string_member(data, "reason"),
                        "guest-panic");
    json_object_unref(ev);
    qtest_quit(s);
}

/* A panic wins over crash-loaded when both bits are written. */
static void test_panic_both_bits(void **state)
{
    QTestState *s = start(NULL);

    (void)state;
    qtest_outb(s, PVPANIC_PORT, PVPANIC_PANICKED | PVPANIC_CRASH_LOADED);
    expect_event(s, "GUEST_PANICKED", "action", "poweroff");
    expect_event(s, "SHUTDOWN", "reason", "guest-panic");
    qtest_quit(s);
}

static void test_panic_exit_failure(void **state)
{
    QTestState *s = start("-action panic=exit-failure");

    (void)state;
    qtest_set_expected_status(s, 1);
    qtest_outb(s, PVPANIC_PORT, PVPANIC_PANICKED);
    expect_event(s, "GUEST_PANICKED", "action", "poweroff");
    expect_event(s, "SHUTDOWN", "reason", "guest-panic");
    qtest_quit(s);
}

/* pause: a running VM stops in "guest-panicked"; cont resumes it. */
static void test_panic_pause(void **state)
{
    QTestState *s = start("-action panic=pause");

    (void)state;
    qtest_qmp_assert_success(s, "{\"execute\": \"cont\"}");
    expect_status(s, "running", true);
    qtest_outb(s, PVPANIC_PORT, PVPANIC_PANICKED);
    expect_event(s, "GUEST_PANICKED", "action", "pause");
    qtest_qmp_eventwait(s, "STOP");
    expect_status(s, "guest-panicked", false);
    qtest_qmp_assert_success(s, "{\"execute\": \"cont\"}");
    qtest_qmp_eventwait(s, "RESUME");
    expect_status(s, "running", true);
    qtest_quit(s);
}

/* none: only the event; the VM goes on. */
static void test_panic_none(void **state)
{
    QTestState *s = start("-action panic=none");

    (void)state;
    qtest_qmp_assert_success(s, "{\"execute\": \"cont\"}");
    qtest_outb(s, PVPANIC_PORT, PVPANIC_PANICKED);
    expect_event(s, "GUEST_PANICKED", "action", "run");
    expect_status(s, "running", true);
    qtest_quit(s);
}

/* A crash kernel was loaded: an event, whatever -action says. */
static void test_crash_loaded(void **state)
{
    QTestState *s = start("-action panic=exit-failure");

    (void)state;
    qtest_qmp_assert_success(s, "{\"execute\": \"cont\"}");
    qtest_outb(s, PVPANIC_PORT, PVPANIC_CRASH_LOADED);
    expect_event(s, "GUEST_CRASHLOADED", "action", "run");
    expect_status(s, "running", true);
    /* Bits the device does not know change nothing. */
    qtest_outb(s, PVPANIC_PORT, 0x4);
    expect_status(s, "running", true);
    qtest_quit(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_supported_events),
        cmocka_unit_test(test_panic_shutdown),
        cmocka_unit_test(test_panic_both_bits),
        cmocka_unit_test(test_panic_exit_failure),
        cmocka_unit_test(test_panic_pause),
        cmocka_unit_test(test_panic_none),
        cmocka_unit_test(test_crash_loaded),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
