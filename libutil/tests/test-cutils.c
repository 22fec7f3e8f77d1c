/*
 * Unit tests for util/cutils.h: number, size and boolean parsing, and
 * size_to_str().
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu-test.h"
#include "util/cutils.h"
#include "util/error.h"

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define TiB (1ULL << 40)
#define PiB (1ULL << 50)
#define EiB (1ULL << 60)

static void test_strtoi_valid(void **state)
{
    const char *end = NULL;
    const char *s;
    int v = -1;

    assert_int_equal(qemu_strtoi("42", NULL, 0, &v), 0);
    assert_int_equal(v, 42);
    assert_int_equal(qemu_strtoi("  -7", NULL, 10, &v), 0);
    assert_int_equal(v, -7);
    assert_int_equal(qemu_strtoi("0x1f", NULL, 0, &v), 0);
    assert_int_equal(v, 31);
    /* Base 0: a leading 0 means octal; base 10 does not. */
    assert_int_equal(qemu_strtoi("010", NULL, 0, &v), 0);
    assert_int_equal(v, 8);
    assert_int_equal(qemu_strtoi("010", NULL, 10, &v), 0);
    assert_int_equal(v, 10);
    assert_int_equal(qemu_strtoi("ff", NULL, 16, &v), 0);
    assert_int_equal(v, 255);
    assert_int_equal(qemu_strtoi("2147483647", NULL, 0, &v), 0);
    assert_int_equal(v, INT_MAX);
    assert_int_equal(qemu_strtoi("-2147483648", NULL, 0, &v), 0);
    assert_int_equal(v, INT_MIN);

    /* With endptr, trailing text is fine and endptr points at it. */
    s = "123abc";
    assert_int_equal(qemu_strtoi(s, &end, 10, &v), 0);
    assert_int_equal(v, 123);
    assert_ptr_equal(end, s + 3);
    s = "5";
    assert_int_equal(qemu_strtoi(s, &end, 0, &v), 0);
    assert_ptr_equal(end, s + 1);
}

static void test_strtoi_invalid(void **state)
{
    const char *end = (const char *)1;
    const char *s;
    int v = -1;

    assert_int_equal(qemu_strtoi(NULL, &end, 0, &v), -EINVAL);
    assert_int_equal(v, 0);
    assert_null(end);
    v = -1;
    assert_int_equal(qemu_strtoi(NULL, NULL, 0, &v), -EINVAL);
    assert_int_equal(v, 0);

    s = "";
    v = -1;
    assert_int_equal(qemu_strtoi(s, &end, 0, &v), -EINVAL);
    assert_int_equal(v, 0);
    assert_ptr_equal(end, s);

    s = "  abc";
    assert_int_equal(qemu_strtoi(s, &end, 0, &v), -EINVAL);
    assert_ptr_equal(end, s);
    assert_int_equal(qemu_strtoi("-", NULL, 0, &v), -EINVAL);
    assert_int_equal(qemu_strtoi(" ", NULL, 0, &v), -EINVAL);

    /* Without endptr, trailing garbage is an error and *result is 0. */
    v = -1;
    assert_int_equal(qemu_strtoi("12x", NULL, 0, &v), -EINVAL);
    assert_int_equal(v, 0);
    assert_int_equal(qemu_strtoi("12 ", NULL, 0, &v), -EINVAL);
    assert_int_equal(qemu_strtoi("0x", NULL, 0, &v), -EINVAL);
    assert_int_equal(qemu_strtoi("08", NULL, 0, &v), -EINVAL);
}

static void test_strtoi_range(void **state)
{
    const char *end;
    const char *s;
    int v = 0;

    assert_int_equal(qemu_strtoi("2147483648", NULL, 0, &v), -ERANGE);
    assert_int_equal(v, INT_MAX);
    assert_int_equal(qemu_strtoi("-2147483649", NULL, 0, &v), -ERANGE);
    assert_int_equal(v, INT_MIN);
    assert_int_equal(qemu_strtoi("99999999999999999999", NULL, 0, &v), -ERANGE);
    assert_int_equal(v, INT_MAX);
    assert_int_equal(qemu_strtoi("-99999999999999999999", NULL, 0, &v),
                     -ERANGE);
    assert_int_equal(v, INT_MIN);

    /* endptr still points after the number. */
    s = "0x100000000,x";
    assert_int_equal(qemu_strtoi(s, &end, 0, &v), -ERANGE);
    assert_int_equal(v, INT_MAX);
    assert_ptr_equal(end, s + 11);
}

static void test_strtoui(void **state)
{
    const char *end;
    const char *s;
    unsigned int v = 7;

    assert_int_equal(qemu_strtoui("4294967295", NULL, 0, &v), 0);
    assert_int_equal(v, UINT_MAX);
    assert_int_equal(qemu_strtoui("0xffff", NULL, 0, &v), 0);
    assert_int_equal(v, 0xffff);
    assert_int_equal(qemu_strtoui("-0", NULL, 0, &v), 0);
    assert_int_equal(v, 0);

    assert_int_equal(qemu_strtoui("4294967296", NULL, 0, &v), -ERANGE);
    assert_int_equal(v, UINT_MAX);
    v = 7;
    assert_int_equal(qemu_strtoui("-1", NULL, 0, &v), -ERANGE);
    assert_int_equal(v, 0);
    assert_int_equal(qemu_strtoui(" -4294967296", NULL, 0, &v), -ERANGE);
    assert_int_equal(v, 0);

    v = 7;
    assert_int_equal(qemu_strtoui("x", NULL, 0, &v), -EINVAL);
    assert_int_equal(v, 0);
    assert_int_equal(qemu_strtoui(NULL, NULL, 0, &v), -EINVAL);
    assert_int_equal(qemu_strtoui("1 2", NULL, 0, &v), -EINVAL);
    s = "17 18";
    assert_int_equal(qemu_strtoui(s, &end, 0, &v), 0);
    assert_int_equal(v, 17);
    assert_ptr_equal(end, s + 2);
}

static void test_strtoi64(void **state)
{
    const char *end;
    const char *s;
    int64_t v = 0;

    assert_int_equal(qemu_strtoi64("9223372036854775807", NULL, 0, &v), 0);
    assert_true(v == INT64_MAX);
    assert_int_equal(qemu_strtoi64("-9223372036854775808", NULL, 0, &v), 0);
    assert_true(v == INT64_MIN);
    assert_int_equal(qemu_strtoi64("-0x10", NULL, 0, &v), 0);
    assert_true(v == -16);
    assert_int_equal(qemu_strtoi64("0777", NULL, 0, &v), 0);
    assert_true(v == 511);

    assert_int_equal(qemu_strtoi64("9223372036854775808", NULL, 0, &v),
                     -ERANGE);
    assert_true(v == INT64_MAX);
    assert_int_equal(qemu_strtoi64("-9223372036854775809", NULL, 0, &v),
                     -ERANGE);
    assert_true(v == INT64_MIN);

    v = 5;
    assert_int_equal(qemu_strtoi64("", NULL, 0, &v), -EINVAL);
    assert_true(v == 0);
    assert_int_equal(qemu_strtoi64(NULL, NULL, 0, &v), -EINVAL);
    assert_int_equal(qemu_strtoi64("1k", NULL, 0, &v), -EINVAL);
    assert_true(v == 0);
    s = "-12:";
    assert_int_equal(qemu_strtoi64(s, &end, 0, &v), 0);
    assert_true(v == -12);
    assert_ptr_equal(end, s + 3);
}

static void test_strtou64(void **state)
{
    const char *end = (const char *)1;
    const char *s;
    uint64_t v = 0;

    assert_int_equal(qemu_strtou64("18446744073709551615", NULL, 0, &v), 0);
    assert_true(v == UINT64_MAX);
    assert_int_equal(qemu_strtou64(" 0x10", NULL, 0, &v), 0);
    assert_true(v == 16);
    assert_int_equal(qemu_strtou64("0", NULL, 0, &v), 0);
    assert_true(v == 0);

    assert_int_equal(qemu_strtou64("18446744073709551616", NULL, 0, &v),
                     -ERANGE);
    assert_true(v == UINT64_MAX);
    /* Unlike strtoull(), no silent wrap of negative numbers. */
    v = 3;
    assert_int_equal(qemu_strtou64("-1", NULL, 0, &v), -ERANGE);
    assert_true(v == 0);
    s = "-5,";
    assert_int_equal(qemu_strtou64(s, &end, 0, &v), -ERANGE);
    assert_ptr_equal(end, s + 2);

    v = 3;
    assert_int_equal(qemu_strtou64(NULL, &end, 0, &v), -EINVAL);
    assert_null(end);
    assert_true(v == 0);
    assert_int_equal(qemu_strtou64("z", NULL, 36, &v), 0);
    assert_true(v == 35);
    assert_int_equal(qemu_strtou64("1.0", NULL, 0, &v), -EINVAL);
    assert_true(v == 0);
    /* Trailing garbage wins over a negative sign: it is not a number. */
    assert_int_equal(qemu_strtou64("-1x", NULL, 0, &v), -EINVAL);
}

static void test_strtosz_valid(void **state)
{
    static const struct {
        const char *in;
        uint64_t want;
    } cases[] = {
        {"0", 0},
        {"1024", 1024},
        {"  12", 12},
        {"1B", 1},
        {"1b", 1},
        {"1k", KiB},
        {"1K", KiB},
        {"2M", 2 * MiB},
        {"2m", 2 * MiB},
        {"1.5G", GiB + GiB / 2},
        {"1.5g", GiB + GiB / 2},
        {"0.5k", 512},
        {"1.1k", 1126},
        {"1.0B", 1},
        {"3T", 3 * TiB},
        {"1P", PiB},
        {"15E", 15 * EiB},
        {"15.9375E", 15 * EiB + 15 * (EiB / 16)},
        {"0x10", 16},
        {"0X10", 16},
        {"0x1k", KiB},
        {"0x1b", 27},
        {"010", 10},
        {"18446744073709551615", UINT64_MAX},
        {"16777215.99999999999999999999T", 16777216 * TiB - 1},
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        uint64_t v = 42;
        int ret = qemu_strtosz(cases[i].in, NULL, &v);

        if (ret != 0 || v != cases[i].want) {
            fail_msg("qemu_strtosz(\"%s\") = %d, %" PRIu64 "; want %" PRIu64,
                     cases[i].in, ret, v, cases[i].want);
        }
    }
}

static void test_strtosz_end(void **state)
{
    const char *end = NULL;
    const char *s;
    uint64_t v = 0;

    s = "1k,share=on";
    assert_int_equal(qemu_strtosz(s, &end, &v), 0);
    assert_true(v == KiB);
    assert_ptr_equal(end, s + 2);

    s = "1.5Mx";
    assert_int_equal(qemu_strtosz(s, &end, &v), 0);
    assert_true(v == MiB + MiB / 2);
    assert_ptr_equal(end, s + 4);

    s = "7 k";
    assert_int_equal(qemu_strtosz(s, &end, &v), 0);
    assert_true(v == 7);
    assert_ptr_equal(end, s + 1);
}

static void test_strtosz_invalid(void **state)
{
    static const char *const cases[] = {
        "",   " ",   "abc", "k",      "-1", "-0", " -1k", "+1",  "1.5", "1.5B",
        "1.", "1.k", ".5k", "0x1.8G", "0x", "1X", "1kB",  "1 k", "1,",  "1e3",
    };
    const char *end = NULL;
    uint64_t v;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        int ret;

        v = 42;
        ret = qemu_strtosz(cases[i], NULL, &v);
        if (ret != -EINVAL || v != 0) {
            fail_msg("qemu_strtosz(\"%s\") = %d, %" PRIu64 "; want -EINVAL",
                     cases[i], ret, v);
        }
    }
    v = 42;
    assert_int_equal(qemu_strtosz(NULL, NULL, &v), -EINVAL);
    assert_true(v == 0);
    assert_int_equal(qemu_strtosz(NULL, &end, &v), -EINVAL);
    assert_null(end);
    /* With end, a parse failure leaves it at the start. */
    assert_int_equal(qemu_strtosz("-5k", &end, &v), -EINVAL);
    assert_string_equal(end, "-5k");
    assert_int_equal(qemu_strtosz("x", &end, &v), -EINVAL);
    assert_string_equal(end, "x");
}

static void test_strtosz_range(void **state)
{
    static const char *const cases[] = {
        "16E",
        "16384P",
        "18446744073709551616",
        "99999999999999999999k",
        "0x10000000000000000",
        "16777216T",
        "16.0E",
        "17179869184G",
    };
    const char *end = NULL;
    const char *s;
    uint64_t v;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        int ret;

        v = 42;
        ret = qemu_strtosz(cases[i], NULL, &v);
        if (ret != -ERANGE || v != 0) {
            fail_msg("qemu_strtosz(\"%s\") = %d, %" PRIu64 "; want -ERANGE",
                     cases[i], ret, v);
        }
    }
    /* end points past the suffix, so a caller can go on parsing. */
    s = "16E,x";
    assert_int_equal(qemu_strtosz(s, &end, &v), -ERANGE);
    assert_ptr_equal(end, s + 3);
    /* Trailing garbage without end is still -EINVAL, not -ERANGE. */
    assert_int_equal(qemu_strtosz("16Ex", NULL, &v), -EINVAL);
}

static void test_strtosz_MiB(void **state)
{
    const char *end;
    const char *s;
    uint64_t v = 0;

    assert_int_equal(qemu_strtosz_MiB("512", NULL, &v), 0);
    assert_true(v == 512 * MiB);
    assert_int_equal(qemu_strtosz_MiB("1.5", NULL, &v), 0);
    assert_true(v == MiB + MiB / 2);
    assert_int_equal(qemu_strtosz_MiB("1G", NULL, &v), 0);
    assert_true(v == GiB);
    assert_int_equal(qemu_strtosz_MiB("2k", NULL, &v), 0);
    assert_true(v == 2 * KiB);
    assert_int_equal(qemu_strtosz_MiB("4096b", NULL, &v), 0);
    assert_true(v == 4096);
    assert_int_equal(qemu_strtosz_MiB("0x10", NULL, &v), 0);
    assert_true(v == 16 * MiB);
    s = "64,slots=2";
    assert_int_equal(qemu_strtosz_MiB(s, &end, &v), 0);
    assert_true(v == 64 * MiB);
    assert_ptr_equal(end, s + 2);

    assert_int_equal(qemu_strtosz_MiB("17592186044416", NULL, &v), -ERANGE);
    assert_true(v == 0);
    assert_int_equal(qemu_strtosz_MiB("-1", NULL, &v), -EINVAL);
    assert_int_equal(qemu_strtosz_MiB("1.5b", NULL, &v), -EINVAL);
    assert_int_equal(qemu_strtosz_MiB("foo", NULL, &v), -EINVAL);
}

static void test_bool_parse(void **state)
{
    static const char *const yes[] = {"on", "yes", "true", "y"};
    static const char *const no[] = {"off", "no", "false", "n"};
    Error *err = NULL;
    bool v;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(yes); i++) {
        v = false;
        assert_true(qapi_bool_parse("share", yes[i], &v, &err));
        assert_true(v);
        v = true;
        assert_true(qapi_bool_parse("share", no[i], &v, &err));
        assert_false(v);
    }
    assert_null(err);
}

static void test_bool_parse_invalid(void **state)
{
    static const char *const bad[] = {
        "maybe", "", "ON", "Yes", "1", "0", "on ", "of",
    };
    Error *err = NULL;
    bool v;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(bad); i++) {
        v = true;
        assert_false(qapi_bool_parse("share", bad[i], &v, &err));
        assert_non_null(err);
        assert_string_equal(error_get_pretty(err),
                            "Parameter 'share' expects 'on' or 'off'");
        /* The output is untouched on failure. */
        assert_true(v);
        error_free(err);
        err = NULL;
    }
    assert_false(qapi_bool_parse("readonly", NULL, &v, &err));
    assert_string_equal(error_get_pretty(err),
                        "Parameter 'readonly' expects 'on' or 'off'");
    error_free(err);
    assert_false(qapi_bool_parse("x", "bad", &v, NULL));
}

static void child_bool_fatal(void *opaque)
{
    bool v;

    qapi_bool_parse("acpi", "sometimes", &v, &error_fatal);
}

static void test_bool_parse_fatal(void **state)
{
    assert_child_exits(child_bool_fatal, NULL, 1,
                       "emu: Parameter 'acpi' expects 'on' or 'off'\n");
}

static void test_size_to_str(void **state)
{
    static const struct {
        uint64_t in;
        const char *want;
    } cases[] = {
        {0, "0 B"},          {1, "1 B"},
        {999, "999 B"},      {1000, "0.977 KiB"},
        {1023, "0.999 KiB"}, {1024, "1 KiB"},
        {1536, "1.5 KiB"},   {1023897, "0.976 MiB"},
        {MiB, "1 MiB"},      {100 * MiB, "100 MiB"},
        {2 * GiB, "2 GiB"},  {GiB + GiB / 4, "1.25 GiB"},
        {TiB, "1 TiB"},      {PiB, "1 PiB"},
        {EiB, "1 EiB"},      {UINT64_MAX, "16 EiB"},
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *s = size_to_str(cases[i].in);

        if (strcmp(s, cases[i].want)) {
            fail_msg("size_to_str(%" PRIu64 ") = \"%s\"; want \"%s\"",
                     cases[i].in, s, cases[i].want);
        }
    }
}

static void test_suffix_hint(void **state)
{
    const char *hint = QEMU_SIZE_SUFFIX_HINT;

    /* Printed as an error hint: one or more complete lines. */
    assert_true(g_str_has_prefix(hint, "Optional suffix k, M, G, T, P or E"));
    assert_true(g_str_has_suffix(hint, "respectively.\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strtoi_valid),
        cmocka_unit_test(test_strtoi_invalid),
        cmocka_unit_test(test_strtoi_range),
        cmocka_unit_test(test_strtoui),
        cmocka_unit_test(test_strtoi64),
        cmocka_unit_test(test_strtou64),
        cmocka_unit_test(test_strtosz_valid),
        cmocka_unit_test(test_strtosz_end),
        cmocka_unit_test(test_strtosz_invalid),
        cmocka_unit_test(test_strtosz_range),
        cmocka_unit_test(test_strtosz_MiB),
        cmocka_unit_test(test_bool_parse),
        cmocka_unit_test(test_bool_parse_invalid),
        cmocka_unit_test(test_bool_parse_fatal),
        cmocka_unit_test(test_size_to_str),
        cmocka_unit_test(test_suffix_hint),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
