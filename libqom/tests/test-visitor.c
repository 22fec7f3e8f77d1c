/*
 * Unit tests for the visitors alone (no objects): the dispatch in
 * visitor.c, the string input and output visitors, the enum helpers and
 * the private value visitor behind the typed property accessors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu-test.h"
#include "qom/visitor-impl.h"
#include "util/cutils.h"
#include "util/error.h"
#include "../value-visitor.h"

static const char *const color_names[] = {"red", "green", "blue"};
static const QEnumLookup color_lookup = {
    .array = color_names,
    .size = 3,
};

/* Check *errp holds exactly msg, then clear it for the next check. */
static void check_error(Error **errp, const char *msg)
{
    assert_non_null(*errp);
    assert_string_equal(error_get_pretty(*errp), msg);
    error_free(*errp);
    *errp = NULL;
}

/* ---- String input ---- */

static int64_t parse_int(const char *str)
{
    Visitor *v = string_input_visitor_new(str);
    int64_t value = 0;

    assert_true(visit_type_int(v, "n", &value, &error_abort));
    visit_free(v);
    return value;
}

static void test_input_int(void **state)
{
    Error *err = NULL;
    Visitor *v;
    int64_t value = 42;

    assert_int_equal(parse_int("16"), 16);
    assert_int_equal(parse_int("0x10"), 16);
    assert_int_equal(parse_int("020"), 16);
    assert_int_equal(parse_int("-5"), -5);
    assert_int_equal(parse_int("-9223372036854775808"), INT64_MIN);

    v = string_input_visitor_new("abc");
    assert_true(visit_is_input(v));
    assert_int_equal(visit_get_type(v), VISITOR_INPUT);
    assert_false(visit_type_int64(v, "n", &value, &err));
    check_error(&err, "Parameter 'n' expects an int64 value");
    assert_int_equal(value, 42);
    /* A nameless visit (a list element, say) is called "null". */
    assert_false(visit_type_int(v, NULL, &value, &err));
    check_error(&err, "Parameter 'null' expects an int64 value");
    visit_free(v);

    v = string_input_visitor_new("9223372036854775808");
    assert_false(visit_type_int(v, "n", &value, &err));
    check_error(&err, "Parameter 'n' expects an int64 value");
    visit_free(v);

    v = string_input_visitor_new("12abc");
    assert_false(visit_type_int(v, "n", &value, &err));
    check_error(&err, "Parameter 'n' expects an int64 value");
    visit_free(v);
}

static void test_input_uint(void **state)
{
    Error *err = NULL;
    Visitor *v;
    uint64_t value = 0;

    v = string_input_visitor_new("0xffffffffffffffff");
    assert_true(visit_type_uint64(v, "u", &value, &error_abort));
    assert_true(value == UINT64_MAX);
    visit_free(v);

    v = string_input_visitor_new("-1");
    assert_false(visit_type_uint64(v, "u", &value, &err));
    check_error(&err, "Parameter 'u' expects a uint64 value");
    visit_free(v);

    v = string_input_visitor_new("");
    assert_false(visit_type_uint64(v, "u", &value, &err));
    check_error(&err, "Parameter 'u' expects a uint64 value");
    visit_free(v);
}

static void test_input_narrow(void **state)
{
    Error *err = NULL;
    Visitor *v;
    uint8_t u8 = 7;
    uint16_t u16 = 0;
    uint32_t u32 = 0;
    int8_t i8 = 0;
    int16_t i16 = 0;
    int32_t i32 = 0;

    v = string_input_visitor_new("255");
    assert_true(visit_type_uint8(v, "b", &u8, &error_abort));
    assert_int_equal(u8, 255);
    visit_free(v);

    v = string_input_visitor_new("256");
    assert_false(visit_type_uint8(v, "b", &u8, &err));
    check_error(&err, "Parameter 'b' expects uint8_t");
    assert_int_equal(u8, 255);
    assert_true(visit_type_uint16(v, "w", &u16, &error_abort));
    assert_int_equal(u16, 256);
    visit_free(v);

    v = string_input_visitor_new("65536");
    assert_false(visit_type_uint16(v, "w", &u16, &err));
    check_error(&err, "Parameter 'w' expects uint16_t");
    assert_true(visit_type_uint32(v, "l", &u32, &error_abort));
    assert_int_equal(u32, 65536);
    visit_free(v);

    v = string_input_visitor_new("0x100000000");
    assert_false(visit_type_uint32(v, "l", &u32, &err));
    check_error(&err, "Parameter 'l' expects uint32_t");
    visit_free(v);

    v = string_input_visitor_new("-128");
    assert_true(visit_type_int8(v, "c", &i8, &error_abort));
    assert_int_equal(i8, -128);
    visit_free(v);

    v = string_input_visitor_new("-129");
    assert_false(visit_type_int8(v, "c", &i8, &err));
    check_error(&err, "Parameter 'c' expects int8_t");
    assert_true(visit_type_int16(v, "s", &i16, &error_abort));
    assert_int_equal(i16, -129);
    visit_free(v);

    v = string_input_visitor_new("32768");
    assert_false(visit_type_int16(v, "s", &i16, &err));
    check_error(&err, "Parameter 's' expects int16_t");
    visit_free(v);

    v = string_input_visitor_new("-2147483649");
    assert_false(visit_type_int32(v, "i", &i32, &err));
    check_error(&err, "Parameter 'i' expects int32_t");
    visit_free(v);

    /* The range check comes after the parse, which reports first. */
    v = string_input_visitor_new("x");
    assert_false(visit_type_uint8(v, "b", &u8, &err));
    check_error(&err, "Parameter 'b' expects a uint64 value");
    visit_free(v);
}

static uint64_t parse_size(const char *str)
{
    Visitor *v = string_input_visitor_new(str);
    uint64_t value = 0;

    assert_true(visit_type_size(v, "size", &value, &error_abort));
    visit_free(v);
    return value;
}

static void report_bad_size(void *opaque)
{
    Visitor *v = string_input_visitor_new(opaque);
    Error *err = NULL;
    uint64_t value;

    visit_type_size(v, "size", &value, &err);
    visit_free(v);
    error_report_err(err);
}

static void fail_size_fatal(void *opaque)
{
    Visitor *v = string_input_visitor_new("lots");
    uint64_t value;

    visit_type_size(v, "mem", &value, &error_fatal);
}

static void test_input_size(void **state)
{
    Error *err = NULL;
    Visitor *v;
    uint64_t value = 0;

    assert_true(parse_size("4096") == 4096);
    assert_true(parse_size("512K") == 512 * 1024);
    assert_true(parse_size("2G") == 2ULL << 30);
    assert_true(parse_size("1.5M") == 1572864);
    assert_true(parse_size("0x10") == 16);

    v = string_input_visitor_new("lots");
    assert_false(visit_type_size(v, "size", &value, &err));
    check_error(&err, "Parameter 'size' expects a size value");
    /* NULL errp: the hint is added through ERRP_GUARD() without a crash. */
    assert_false(visit_type_size(v, "size", &value, NULL));
    visit_free(v);

    /* A sign is malformed (as in QEMU), not out of range. */
    v = string_input_visitor_new("-1");
    assert_false(visit_type_size(v, "size", &value, &err));
    check_error(&err, "Parameter 'size' expects a size value");
    visit_free(v);

    v = string_input_visitor_new("16E");
    assert_false(visit_type_size(v, "size", &value, &err));
    check_error(&err,
                "Parameter 'size' expects a non-negative number below 2^64");
    visit_free(v);

    /* The hint about suffixes is printed after the message. */
    {
        ChildResult r = run_in_child(report_bad_size, (void *)"lots");

        assert_true(r.exited);
        assert_non_null(
            strstr(r.err, "Parameter 'size' expects a size value\n"));
        assert_non_null(strstr(r.err, QEMU_SIZE_SUFFIX_HINT));
        g_free(r.err);
    }
    assert_child_exits(fail_size_fatal, NULL, 1,
                       "Parameter 'mem' expects a size value");
    assert_child_exits(fail_size_fatal, NULL, 1, "Optional suffix k, M, G");
}

static bool parse_bool(const char *str)
{
    Visitor *v = string_input_visitor_new(str);
    bool value = false;

    assert_true(visit_type_bool(v, "flag", &value, &error_abort));
    visit_free(v);
    return value;
}

static void test_input_bool(void **state)
{
    Error *err = NULL;
    Visitor *v;
    bool value = true;

    assert_true(parse_bool("on"));
    assert_true(parse_bool("yes"));
    assert_true(parse_bool("true"));
    assert_false(parse_bool("off"));
    assert_false(parse_bool("no"));
    assert_false(parse_bool("false"));

    v = string_input_visitor_new("maybe");
    assert_false(visit_type_bool(v, "flag", &value, &err));
    check_error(&err, "Parameter 'flag' expects 'on' or 'off'");
    assert_true(value);
    visit_free(v);
}

static void test_input_str_and_enum(void **state)
{
    Error *err = NULL;
    Visitor *v = string_input_visitor_new("green");
    char *str = NULL;
    int color = -1;

    assert_true(visit_type_str(v, "s", &str, &error_abort));
    assert_string_equal(str, "green");
    g_free(str);
    assert_true(
        visit_type_enum(v, "color", &color, &color_lookup, &error_abort));
    assert_int_equal(color, 1);
    visit_free(v);

    v = string_input_visitor_new("purple");
    assert_false(visit_type_enum(v, "color", &color, &color_lookup, &err));
    check_error(&err, "Parameter 'color' does not accept value 'purple'");
    assert_int_equal(color, 1);
    visit_free(v);

    /* An empty string is a string, not a missing value. */
    v = string_input_visitor_new("");
    assert_true(visit_type_str(v, "s", &str, &error_abort));
    assert_string_equal(str, "");
    g_free(str);
    visit_free(v);
}

/* ---- String output ---- */

/* Run one visit on a fresh output visitor and return the string. */
#define PRINT(human, visit_call)                                               \
    ({                                                                         \
        char *result_ = NULL;                                                  \
        Visitor *v = string_output_visitor_new((human), &result_);             \
        assert_true(visit_call);                                               \
        visit_complete(v, &result_);                                           \
        visit_free(v);                                                         \
        result_;                                                               \
    })

static void check_print(char *got, const char *want)
{
    assert_string_equal(got, want);
    g_free(got);
}

static void test_output_plain(void **state)
{
    int64_t i = -5;
    uint64_t u = UINT64_MAX;
    uint64_t size = 2ULL << 30;
    uint8_t u8 = 200;
    int8_t i8 = -3;
    bool b = true;
    char *str = (char *)"hello world";
    char *null_str = NULL;
    int color = 2;
    char *result = NULL;
    Visitor *ov;

    check_print(PRINT(false, visit_type_int(v, "i", &i, &error_abort)), "-5");
    check_print(PRINT(false, visit_type_uint64(v, "u", &u, &error_abort)),
                "18446744073709551615");
    check_print(PRINT(false, visit_type_size(v, "s", &size, &error_abort)),
                "2147483648");
    check_print(PRINT(false, visit_type_uint8(v, "b", &u8, &error_abort)),
                "200");
    check_print(PRINT(false, visit_type_int8(v, "c", &i8, &error_abort)), "-3");
    check_print(PRINT(false, visit_type_bool(v, "f", &b, &error_abort)),
                "true");
    b = false;
    check_print(PRINT(false, visit_type_bool(v, "f", &b, &error_abort)),
                "false");
    check_print(PRINT(false, visit_type_str(v, "s", &str, &error_abort)),
                "hello world");
    check_print(PRINT(false, visit_type_str(v, "s", &null_str, &error_abort)),
                "");
    check_print(PRINT(false, visit_type_enum(v, "e", &color, &color_lookup,
                                             &error_abort)),
                "blue");

    /* Nothing visited: an empty string, still handed over. */
    ov = string_output_visitor_new(false, &result);
    assert_false(visit_is_input(ov));
    assert_int_equal(visit_get_type(ov), VISITOR_OUTPUT);
    visit_complete(ov, NULL);
    visit_free(ov);
    check_print(result, "");

    /* Never completed: the visitor frees what it built. */
    ov = string_output_visitor_new(false, &result);
    assert_true(visit_type_int(ov, "i", &i, &error_abort));
    visit_free(ov);
}

static void test_output_human(void **state)
{
    int64_t i = 16;
    int64_t zero = 0;
    uint64_t u = 255;
    uint64_t size = 2ULL << 30;
    uint64_t odd_size = 1572864;
    uint64_t small = 100;
    char *str = (char *)"x";
    char *null_str = NULL;
    bool b = true;

    check_print(PRINT(true, visit_type_int(v, "i", &i, &error_abort)),
                "16 (0x10)");
    check_print(PRINT(true, visit_type_int(v, "i", &zero, &error_abort)),
                "0 (0x0)");
    check_print(PRINT(true, visit_type_uint64(v, "u", &u, &error_abort)),
                "255 (0xff)");
    check_print(PRINT(true, visit_type_size(v, "s", &size, &error_abort)),
                "2147483648 (2 GiB)");
    check_print(PRINT(true, visit_type_size(v, "s", &odd_size, &error_abort)),
                "1572864 (1.5 MiB)");
    check_print(PRINT(true, visit_type_size(v, "s", &small, &error_abort)),
                "100 (100 B)");
    check_print(PRINT(true, visit_type_str(v, "s", &str, &error_abort)),
                "\"x\"");
    check_print(PRINT(true, visit_type_str(v, "s", &null_str, &error_abort)),
                "<null>");
    check_print(PRINT(true, visit_type_bool(v, "b", &b, &error_abort)), "true");
}

/* ---- Enum helpers ---- */

static void test_enum_helpers(void **state)
{
    Error *err = NULL;
    char *result = NULL;
    Visitor *v;
    int bad = 3;

    assert_string_equal(qapi_enum_lookup(&color_lookup, 0), "red");
    assert_string_equal(qapi_enum_lookup(&color_lookup, 2), "blue");
    assert_null(qapi_enum_lookup(&color_lookup, 3));
    assert_null(qapi_enum_lookup(&color_lookup, -1));

    assert_int_equal(qapi_enum_parse(&color_lookup, "blue", -1, &err), 2);
    assert_null(err);
    assert_int_equal(qapi_enum_parse(&color_lookup, NULL, 1, &err), 1);
    assert_null(err);
    assert_int_equal(qapi_enum_parse(&color_lookup, "Blue", 0, &err), -1);
    check_error(&err, "Invalid parameter 'Blue'");

    /* Output of a value outside the enum is refused, not printed. */
    v = string_output_visitor_new(false, &result);
    assert_false(visit_type_enum(v, "color", &bad, &color_lookup, &err));
    check_error(&err, "Invalid parameter 'color'");
    bad = -1;
    assert_false(visit_type_enum(v, "color", &bad, &color_lookup, &err));
    check_error(&err, "Invalid parameter 'color'");
    visit_free(v);
}

/* ---- Dispatch: a visitor with missing callbacks ---- */

static bool only_uint64(Visitor *v, const char *name, uint64_t *obj,
                        Error **errp)
{
    *obj = 77;
    return true;
}

static bool only_int64(Visitor *v, const char *name, int64_t *obj, Error **errp)
{
    *obj = 1000;
    return true;
}

static bool free_called;

static void note_free(Visitor *v)
{
    free_called = true;
}

static void test_dispatch_missing_ops(void **state)
{
    Visitor minimal = {
        .type = VISITOR_INPUT,
        .type_uint64 = only_uint64,
        .type_int64 = only_int64,
        .free = note_free,
    };
    Visitor empty = {.type = VISITOR_OUTPUT};
    Error *err = NULL;
    uint64_t size = 0;
    int64_t i = 0;
    int8_t i8 = 0;
    bool b = false;
    char *str = NULL;
    int color = 0;

    /* No type_size: sizes travel as uint64. */
    assert_true(visit_type_size(&minimal, "s", &size, &error_abort));
    assert_true(size == 77);

    assert_false(visit_type_bool(&minimal, "b", &b, &err));
    check_error(&err, "Invalid parameter type for 'b', expected: boolean");
    assert_false(visit_type_str(&minimal, "s", &str, &err));
    check_error(&err, "Invalid parameter type for 's', expected: string");
    assert_false(visit_type_enum(&minimal, "e", &color, &color_lookup, &err));
    check_error(&err, "Invalid parameter type for 'e', expected: string");
    assert_false(visit_type_int8(&minimal, "c", &i8, &err));
    check_error(&err, "Parameter 'c' expects int8_t");

    assert_false(visit_type_int(&empty, "i", &i, &err));
    check_error(&err, "Invalid parameter type for 'i', expected: integer");
    assert_false(visit_type_uint64(&empty, NULL, &size, &err));
    check_error(&err, "Invalid parameter type for 'null', expected: integer");
    assert_false(visit_type_size(&empty, "s", &size, &err));
    check_error(&err, "Invalid parameter type for 's', expected: integer");

    /* No complete callback: nothing to hand over, nothing happens. */
    visit_complete(&empty, NULL);
    visit_free(&empty);
    visit_free(NULL);
    visit_free(&minimal);
    assert_true(free_called);
}

/* ---- The value visitor (typed set/get) ---- */

static void test_value_input(void **state)
{
    ValueVisitor vv;
    Error *err = NULL;
    int64_t i = 0;
    uint64_t u = 0;
    uint8_t u8 = 0;
    bool b = false;
    char *str = NULL;

    value_input_visitor_init(&vv, (QomValue){.kind = QOM_VALUE_INT, .i = 200});
    assert_true(visit_is_input(&vv.visitor));
    assert_true(visit_type_int(&vv.visitor, "n", &i, &error_abort));
    assert_int_equal(i, 200);
    /* A non-negative int is a fine uint, and the narrow check applies. */
    assert_true(visit_type_uint64(&vv.visitor, "n", &u, &error_abort));
    assert_true(u == 200);
    assert_true(visit_type_uint8(&vv.visitor, "n", &u8, &error_abort));
    assert_int_equal(u8, 200);
    assert_false(visit_type_bool(&vv.visitor, "n", &b, &err));
    check_error(&err, "Invalid parameter type for 'n', expected: boolean");
    assert_false(visit_type_str(&vv.visitor, "n", &str, &err));
    check_error(&err, "Invalid parameter type for 'n', expected: string");
    value_visitor_destroy(&vv);

    value_input_visitor_init(&vv, (QomValue){.kind = QOM_VALUE_INT, .i = -1});
    assert_false(visit_type_uint64(&vv.visitor, "n", &u, &err));
    check_error(&err, "Parameter 'n' expects uint64");
    assert_false(visit_type_size(&vv.visitor, "n", &u, &err));
    check_error(&err, "Parameter 'n' expects size");
    value_visitor_destroy(&vv);

    value_input_visitor_init(
        &vv, (QomValue){.kind = QOM_VALUE_UINT, .u = UINT64_MAX});
    assert_true(visit_type_size(&vv.visitor, "n", &u, &error_abort));
    assert_true(u == UINT64_MAX);
    assert_false(visit_type_int(&vv.visitor, "n", &i, &err));
    check_error(&err, "Parameter 'n' expects int64");
    value_visitor_destroy(&vv);

    value_input_visitor_init(
        &vv, (QomValue){.kind = QOM_VALUE_STR, .str = (char *)"s"});
    assert_true(visit_type_str(&vv.visitor, "n", &str, &error_abort));
    assert_string_equal(str, "s");
    g_free(str);
    assert_false(visit_type_int(&vv.visitor, "n", &i, &err));
    check_error(&err, "Invalid parameter type for 'n', expected: integer");
    assert_false(visit_type_size(&vv.visitor, "n", &u, &err));
    check_error(&err, "Invalid parameter type for 'n', expected: integer");
    value_visitor_destroy(&vv);

    value_input_visitor_init(&vv,
                             (QomValue){.kind = QOM_VALUE_BOOL, .b = true});
    assert_true(visit_type_bool(&vv.visitor, "n", &b, &error_abort));
    assert_true(b);
    value_visitor_destroy(&vv);
}

static void test_value_output(void **state)
{
    ValueVisitor vv;
    Error *err = NULL;
    int64_t i = -7;
    uint64_t u = 0;
    bool b = true;
    char *str = (char *)"abc";
    int color = 1;
    char *got;

    value_output_visitor_init(&vv);
    assert_false(visit_is_input(&vv.visitor));
    /* Nothing visited yet (a getter that failed): no type matches. */
    assert_null(value_output_take_str(&vv, "p", &err));
    check_error(&err, "Invalid parameter type for 'p', expected: string");
    assert_false(value_output_get_int(&vv, "p", &i, &err));
    check_error(&err, "Invalid parameter type for 'p', expected: integer");

    assert_true(visit_type_int(&vv.visitor, "p", &i, &error_abort));
    assert_true(value_output_get_int(&vv, "p", &i, &error_abort));
    assert_int_equal(i, -7);
    assert_false(value_output_get_uint(&vv, "p", &u, &err));
    check_error(&err, "Parameter 'p' expects uint64");
    assert_false(value_output_get_bool(&vv, "p", &b, &err));
    check_error(&err, "Invalid parameter type for 'p', expected: boolean");

    /* A later visit replaces the earlier one (and frees its string). */
    assert_true(visit_type_str(&vv.visitor, "p", &str, &error_abort));
    assert_true(visit_type_bool(&vv.visitor, "p", &b, &error_abort));
    assert_true(value_output_get_bool(&vv, "p", &b, &error_abort));
    assert_true(b);

    assert_true(
        visit_type_enum(&vv.visitor, "p", &color, &color_lookup, &error_abort));
    got = value_output_take_str(&vv, "p", &error_abort);
    assert_string_equal(got, "green");
    g_free(got);

    u = 5;
    assert_true(visit_type_size(&vv.visitor, "p", &u, &error_abort));
    assert_true(value_output_get_int(&vv, "p", &i, &error_abort));
    assert_int_equal(i, 5);
    assert_null(value_output_take_str(&vv, "p", &err));
    check_error(&err, "Invalid parameter type for 'p', expected: string");

    assert_true(visit_type_str(&vv.visitor, "p", &str, &error_abort));
    /* Destroying with a string still held frees it. */
    value_visitor_destroy(&vv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_input_int),
        cmocka_unit_test(test_input_uint),
        cmocka_unit_test(test_input_narrow),
        cmocka_unit_test(test_input_size),
        cmocka_unit_test(test_input_bool),
        cmocka_unit_test(test_input_str_and_enum),
        cmocka_unit_test(test_output_plain),
        cmocka_unit_test(test_output_human),
        cmocka_unit_test(test_enum_helpers),
        cmocka_unit_test(test_dispatch_missing_ops),
        cmocka_unit_test(test_value_input),
        cmocka_unit_test(test_value_output),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
