/*
 * libqtest's own requests against the running binary (emu or, through
 * QTEST_QEMU_BINARY, QEMU): memory access in every width, hex and base64
 * buffers, memset, the clock when the server has one, QMP replies and
 * events.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "qtest/libqtest.h"

#define RAM 0x200000

static QTestState *start(void)
{
    return qtest_init("-M pc -nodefaults");
}

static void test_mem_widths(void **state)
{
    QTestState *s = start();

    (void)state;
    qtest_writeq(s, RAM, 0x0123456789abcdefULL);
    assert_int_equal(qtest_readq(s, RAM), 0x0123456789abcdefULL);
    assert_int_equal(qtest_readl(s, RAM), 0x89abcdef);
    assert_int_equal(qtest_readw(s, RAM + 4), 0x4567);
    assert_int_equal(qtest_readb(s, RAM + 7), 0x01);
    qtest_writeb(s, RAM, 0x11);
    qtest_writew(s, RAM + 2, 0x3322);
    qtest_writel(s, RAM + 4, 0x77665544);
    assert_int_equal(qtest_readq(s, RAM), 0x776655443322cd11ULL);
    qtest_quit(s);
}

static void test_buffers(void **state)
{
    QTestState *s = start();
    uint8_t in[300], out[300], zero[300];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(in); i++) {
        in[i] = i * 7 + 3;
    }
    qtest_memwrite(s, RAM, in, sizeof(in));
    memset(out, 0, sizeof(out));
    qtest_memread(s, RAM, out, sizeof(out));
    assert_memory_equal(in, out, sizeof(in));
    memset(out, 0, sizeof(out));
    qtest_bufread(s, RAM, out, sizeof(out));
    assert_memory_equal(in, out, sizeof(in));

    qtest_memset(s, RAM, 0x00, sizeof(in));
    memset(zero, 0, sizeof(zero));
    qtest_memread(s, RAM, out, sizeof(out));
    assert_memory_equal(zero, out, sizeof(out));
    qtest_bufwrite(s, RAM + 1, in, 5);
    qtest_memread(s, RAM, out, 7);
    assert_int_equal(out[0], 0);
    assert_memory_equal(out + 1, in, 5);
    assert_int_equal(out[6], 0);
    qtest_memset(s, RAM + 2, 0xa5, 2);
    assert_int_equal(qtest_readl(s, RAM), 0xa5a50300);   /* in[0] == 3 */
    qtest_quit(s);
}

/* emu (-accel qtest) has the clock; QEMU with -accel tcg -S has not. */
static void test_clock(void **state)
{
    QTestState *s = start();

    (void)state;
    if (qtest_probe_clock(s)) {
        int64_t t = qtest_clock_step(s, 1000);

        assert_int_equal(qtest_clock_step(s, 500), t + 500);
        assert_int_equal(qtest_clock_set(s, t + 10000), t + 10000);
    }
    qtest_quit(s);
}

static void test_qmp(void **state)
{
    QTestState *s = start();
    JsonObject *r;

    (void)state;
    r = qtest_qmp(s, "{\"execute\": \"no-such-command\", \"id\": %d}", 5);
    assert_true(json_object_has_member(r, "error"));
    assert_int_equal(json_object_get_int_member(r, "id"), 5);
    assert_string_equal(json_object_get_string_member(
        json_object_get_object_member(r, "error"), "class"),
        "CommandNotFound");
    json_object_unref(r);
    /* QEMU starts stopped (-S): cont first, so that stop emits STOP. */
    qtest_qmp_assert_success(s, "{\"execute\": \"cont\"}");
    qtest_qmp_assert_success(s, "{\"execute\": \"stop\"}");
    qtest_qmp_eventwait(s, "STOP");
    r = qtest_qmp(s, "{\"execute\": \"query-status\"}");
    assert_string_equal(json_object_get_string_member(
        json_object_get_object_member(r, "return"), "status"), "paused");
    json_object_unref(r);
    qtest_quit(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mem_widths),
        cmocka_unit_test(test_buffers),
        cmocka_unit_test(test_clock),
        cmocka_unit_test(test_qmp),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
