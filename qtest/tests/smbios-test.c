/*
 * SMBIOS as the pc board gives it to firmware, read back through fw_cfg
 * (etc/smbios/smbios-anchor and etc/smbios/smbios-tables; item 0x8001 on
 * machine types before 2.1) and parsed as DSP0134 defines structures:
 * the entry points (2.1 and 3.0), the default structures and handles,
 * the seed's -smbios type=1 exactly, the -smbios fields of types 0, 2,
 * 3, 4, 11 and 17, one type 4 per socket, one type 17 per 16 GiB DIMM,
 * and QEMU 2.0's field list.  Passes against emu and QEMU 7.2.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fw-cfg-qtest.h"

#define SEED_UUID "1f8e6f7e-5a70-4780-89c1-464dc0e7f308"
#define SEED_SMBIOS                                                            \
    "-smbios 'type=1,manufacturer=OpenStack Foundation,"                       \
    "product=OpenStack Nova,version=2014.1,"                                   \
    "serial=80590690-87d2-e311-b1b0-a0481cabdfb4,"                             \
    "uuid=" SEED_UUID ",family=Virtual Machine'"

/* One structure: its formatted area and its strings. */
typedef struct SmbiosStruct {
    const uint8_t *fmt;
    GPtrArray *strings; /* const char *, into the table */
    size_t size;        /* with the strings and the terminator */
} SmbiosStruct;

typedef struct SmbiosTables {
    uint8_t *anchor;
    uint32_t anchor_len;
    uint8_t *table;
    uint32_t table_len;
    GArray *structs; /* SmbiosStruct */
    size_t max_size;
} SmbiosTables;

/* Walk the table; every structure must be whole and end with 2 NULs. */
static void smbios_parse(SmbiosTables *t)
{
    size_t off = 0;

    t->structs = g_array_new(false, true, sizeof(SmbiosStruct));
    while (off < t->table_len) {
        SmbiosStruct st = {.fmt = t->table + off};
        size_t p;

        assert_true(off + 4 <= t->table_len);
        assert_true(st.fmt[1] >= 4);
        p = off + st.fmt[1];
        assert_true(p + 2 <= t->table_len);
        st.strings = g_ptr_array_new();
        if (t->table[p] == 0) {
            assert_int_equal(t->table[p + 1], 0);
            p += 2;
        } else {
            while (t->table[p]) {
                const char *str = (const char *)t->table + p;
                size_t len = strnlen(str, t->table_len - p);

                assert_true(p + len + 1 < t->table_len);
                g_ptr_array_add(st.strings, (gpointer)str);
                p += len + 1;
            }
            p++;
        }
        st.size = p - off;
        t->max_size = MAX(t->max_size, st.size);
        g_array_append_val(t->structs, st);
        off = p;
    }
}

static void smbios_read(QTestState *s, SmbiosTables *t)
{
    memset(t, 0, sizeof(*t));
    t->anchor = fw_cfg_get_file(s, "etc/smbios/smbios-anchor", &t->anchor_len);
    t->table = fw_cfg_get_file(s, "etc/smbios/smbios-tables", &t->table_len);
    assert_non_null(t->anchor);
    assert_non_null(t->table);
    smbios_parse(t);
}

static void smbios_free(SmbiosTables *t)
{
    for (guint i = 0; i < t->structs->len; i++) {
        g_ptr_array_free(g_array_index(t->structs, SmbiosStruct, i).strings,
                         true);
    }
    g_array_free(t->structs, true);
    g_free(t->anchor);
    g_free(t->table);
}

/* The n-th structure of a type, or NULL. */
static SmbiosStruct *smbios_find(SmbiosTables *t, uint8_t type, int n)
{
    for (guint i = 0; i < t->structs->len; i++) {
        SmbiosStruct *st = &g_array_index(t->structs, SmbiosStruct, i);

        if (st->fmt[0] == type && n-- == 0) {
            return st;
        }
    }
    return NULL;
}

static uint16_t le16(const uint8_t *p)
{
    return p[0] | p[1] << 8;
}

static uint32_t le32(const uint8_t *p)
{
    return le16(p) | (uint32_t)le16(p + 2) << 16;
}

static uint16_t handle(const SmbiosStruct *st)
{
    return le16(st->fmt + 2);
}

/* The string a field names; NULL for none (0). */
static const char *smbios_str(const SmbiosStruct *st, size_t off)
{
    uint8_t n = st->fmt[off];

    if (!n) {
        return NULL;
    }
    assert_true(n <= st->strings->len);
    return g_ptr_array_index(st->strings, n - 1);
}

static void assert_str(const SmbiosStruct *st, size_t off, const char *want)
{
    const char *got = smbios_str(st, off);

    if (!want) {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, want);
}

/* ---- Entry points ---- */

static void test_anchor_21(void **state)
{
    QTestState *s = qtest_init("-M pc -nodefaults");
    SmbiosTables t;
    const uint8_t *a;

    (void)state;
    smbios_read(s, &t);
    a = t.anchor;
    assert_int_equal(t.anchor_len, 0x1f);
    assert_memory_equal(a, "_SM_", 4);
    assert_int_equal(a[5], 0x1f);
    assert_int_equal(a[6], 2); /* SMBIOS 2.8 */
    assert_int_equal(a[7], 8);
    assert_int_equal(le16(a + 8), t.max_size);
    assert_memory_equal(a + 0x10, "_DMI_", 5);
    assert_int_equal(le16(a + 0x16), t.table_len);
    assert_int_equal(le16(a + 0x1c), t.structs->len);
    assert_int_equal(a[0x1e], 0x28);
    /*
     * The table's address and both checksums are the firmware's to fill
     * in once it has placed the table: QEMU leaves them 0.
     */
    assert_int_equal(le32(a + 0x18), 0);
    assert_int_equal(a[4], 0);
    assert_int_equal(a[0x15], 0);
    smbios_free(&t);
    qtest_quit(s);
}

static void test_anchor_30(void **state)
{
    QTestState *s =
        qtest_init("-M pc,smbios-entry-point-type=64 -nodefaults -smp 2");
    SmbiosTables t;
    const uint8_t *a;
    SmbiosStruct *t4;

    (void)state;
    smbios_read(s, &t);
    a = t.anchor;
    assert_int_equal(t.anchor_len, 0x18);
    assert_memory_equal(a, "_SM3_", 5);
    assert_int_equal(a[5], 0); /* checksum: the firmware's */
    assert_int_equal(a[6], 0x18);
    assert_int_equal(a[7], 3); /* SMBIOS 3.0 */
    assert_int_equal(a[8], 0);
    assert_int_equal(a[0xa], 1); /* entry point revision */
    assert_int_equal(le32(a + 0xc), t.table_len);
    /* SMBIOS 3.0's processor structure has the 16-bit counts. */
    t4 = smbios_find(&t, 4, 0);
    assert_non_null(t4);
    assert_int_equal(t4->fmt[1], 0x30);
    assert_int_equal(le16(t4->fmt + 0x2a), 2);
    smbios_free(&t);
    qtest_quit(s);
}

/* ---- Structures ---- */

static void test_default_structures(void **state)
{
    static const struct {
        uint8_t type;
        uint16_t handle;
        uint8_t len;
    } expected[] = {
        {1, 0x100, 0x1b},   {3, 0x300, 0x16},    {4, 0x400, 0x2a},
        {16, 0x1000, 0x17}, {17, 0x1100, 0x28},  {19, 0x1300, 0x1f},
        {32, 0x2000, 0x0b}, {127, 0x7f00, 0x04},
    };
    QTestState *s = qtest_init("-M pc -nodefaults");
    SmbiosTables t;
    SmbiosStruct *st;

    (void)state;
    smbios_read(s, &t);
    assert_int_equal(t.structs->len, G_N_ELEMENTS(expected));
    for (size_t i = 0; i < G_N_ELEMENTS(expected); i++) {
        st = &g_array_index(t.structs, SmbiosStruct, i);
        assert_int_equal(st->fmt[0], expected[i].type);
        assert_int_equal(handle(st), expected[i].handle);
        assert_int_equal(st->fmt[1], expected[i].len);
    }

    st = smbios_find(&t, 1, 0);
    assert_str(st, 0x04, "QEMU");
    assert_str(st, 0x05, "Standard PC (i440FX + PIIX, 1996)");
    assert_str(st, 0x06, "pc-i440fx-7.2");
    assert_str(st, 0x07, NULL);
    assert_int_equal(st->fmt[0x18], 0x06); /* woken by the power switch */

    st = smbios_find(&t, 4, 0);
    assert_str(st, 0x04, "CPU 0");
    assert_str(st, 0x07, "QEMU");
    assert_int_equal(le16(st->fmt + 0x14), 2000); /* max speed, MHz */
    assert_int_equal(le16(st->fmt + 0x16), 2000);
    assert_int_equal(st->fmt[0x18], 0x41); /* populated, enabled */
    /* qemu64's CPUID[1].EAX: family 15, model 107, stepping 1. */
    assert_int_equal(le32(st->fmt + 0x08), 0x00060fb1);

    /* 128 MiB in one DIMM, mapped at 0. */
    st = smbios_find(&t, 16, 0);
    assert_int_equal(le32(st->fmt + 0x07), 128 * 1024);
    assert_int_equal(le16(st->fmt + 0x0d), 1);
    st = smbios_find(&t, 17, 0);
    assert_int_equal(le16(st->fmt + 0x04), 0x1000);
    assert_int_equal(le16(st->fmt + 0x0c), 128);
    assert_str(st, 0x10, "DIMM 0");
    assert_str(st, 0x17, "QEMU");
    st = smbios_find(&t, 19, 0);
    assert_int_equal(le32(st->fmt + 0x04), 0);
    assert_int_equal(le32(st->fmt + 0x08), 128 * 1024 - 1);
    smbios_free(&t);
    qtest_quit(s);
}

/* The seed's type 1 comes out exactly. */
static void test_seed_type1(void **state)
{
    static const uint8_t encoded[16] = {
        0x7e, 0x6f, 0x8e, 0x1f, 0x70, 0x5a, 0x80, 0x47,
        0x89, 0xc1, 0x46, 0x4d, 0xc0, 0xe7, 0xf3, 0x08,
    };
    QTestState *s =
        qtest_init("-M pc -nodefaults -uuid " SEED_UUID " " SEED_SMBIOS);
    SmbiosTables t;
    SmbiosStruct *st;

    (void)state;
    smbios_read(s, &t);
    st = smbios_find(&t, 1, 0);
    assert_non_null(st);
    assert_str(st, 0x04, "OpenStack Foundation");
    assert_str(st, 0x05, "OpenStack Nova");
    assert_str(st, 0x06, "2014.1");
    assert_str(st, 0x07, "80590690-87d2-e311-b1b0-a0481cabdfb4");
    /* SMBIOS 2.6, 7.2.1: the first three UUID fields little-endian. */
    assert_memory_equal(st->fmt + 0x08, encoded, 16);
    assert_str(st, 0x19, NULL);
    assert_str(st, 0x1a, "Virtual Machine");
    assert_int_equal(st->strings->len, 5);
    smbios_free(&t);
    qtest_quit(s);
}

static void test_fields(void **state)
{
    QTestState *s = qtest_init(
        "-M pc -nodefaults "
        "-smbios type=0,vendor=V0,version=X0,date=01/02/2003,release=2.3,"
        "uefi=on "
        "-smbios type=2,manufacturer=M2,product=P2,serial=S2,location=L2 "
        "-smbios type=3,manufacturer=M3,asset=A3,sku=K3 "
        "-smbios type=4,sock_pfx=Socket,max-speed=3000,current-speed=2500,"
        "part=P4 "
        "-smbios type=11,value=one,value=two "
        "-smbios type=17,loc_pfx=Slot,bank=B17,speed=1600");
    SmbiosTables t;
    SmbiosStruct *st;

    (void)state;
    smbios_read(s, &t);
    /* Type 0 only when asked for, first. */
    st = &g_array_index(t.structs, SmbiosStruct, 0);
    assert_int_equal(st->fmt[0], 0);
    assert_int_equal(handle(st), 0);
    assert_str(st, 0x04, "V0");
    assert_str(st, 0x05, "X0");
    assert_str(st, 0x08, "01/02/2003");
    assert_int_equal(le16(st->fmt + 0x06), 0xe800);
    assert_int_equal(st->fmt[0x13], 0x1c); /* VM, targeted content, UEFI */
    assert_int_equal(st->fmt[0x14], 2);
    assert_int_equal(st->fmt[0x15], 3);

    st = smbios_find(&t, 2, 0);
    assert_non_null(st);
    assert_int_equal(handle(st), 0x200);
    assert_str(st, 0x04, "M2");
    assert_str(st, 0x05, "P2");
    assert_str(st, 0x06, "pc-i440fx-7.2"); /* the default version */
    assert_str(st, 0x07, "S2");
    assert_str(st, 0x0a, "L2");
    assert_int_equal(le16(st->fmt + 0x0b), 0x300); /* in the chassis */
    assert_int_equal(st->fmt[0x0d], 0x0a);         /* motherboard */

    st = smbios_find(&t, 3, 0);
    assert_str(st, 0x04, "M3");
    assert_str(st, 0x08, "A3");
    assert_str(st, 0x15, "K3");

    st = smbios_find(&t, 4, 0);
    assert_str(st, 0x04, "Socket 0");
    assert_int_equal(le16(st->fmt + 0x14), 3000);
    assert_int_equal(le16(st->fmt + 0x16), 2500);
    assert_str(st, 0x22, "P4");

    st = smbios_find(&t, 11, 0);
    assert_non_null(st);
    assert_int_equal(handle(st), 0xe00);
    assert_int_equal(st->fmt[4], 2);
    assert_string_equal(g_ptr_array_index(st->strings, 0), "one");
    assert_string_equal(g_ptr_array_index(st->strings, 1), "two");

    st = smbios_find(&t, 17, 0);
    assert_str(st, 0x10, "Slot 0");
    assert_str(st, 0x11, "B17");
    assert_int_equal(le16(st->fmt + 0x15), 1600);
    assert_int_equal(le16(st->fmt + 0x20), 1600);
    smbios_free(&t);
    qtest_quit(s);
}

static void test_sockets(void **state)
{
    QTestState *s = qtest_init("-M pc -nodefaults -smp 4,sockets=2,cores=2");
    SmbiosTables t;

    (void)state;
    smbios_read(s, &t);
    for (int i = 0; i < 2; i++) {
        SmbiosStruct *st = smbios_find(&t, 4, i);
        g_autofree char *name = g_strdup_printf("CPU %d", i);

        assert_non_null(st);
        assert_int_equal(handle(st), 0x400 + i);
        assert_str(st, 0x04, name);
        assert_int_equal(st->fmt[0x23], 2); /* cores */
        assert_int_equal(st->fmt[0x24], 2);
        assert_int_equal(st->fmt[0x25], 2); /* threads */
    }
    assert_null(smbios_find(&t, 4, 2));
    smbios_free(&t);
    qtest_quit(s);
}

static void test_memory(void **state)
{
    QTestState *s = qtest_init("-M pc -nodefaults -m 20G");
    SmbiosTables t;
    SmbiosStruct *st;

    (void)state;
    smbios_read(s, &t);
    st = smbios_find(&t, 16, 0);
    assert_int_equal(le32(st->fmt + 0x07), 20 * 1024 * 1024);
    assert_int_equal(le16(st->fmt + 0x0d), 2);
    /* DIMMs of 16 GiB, the rest in the last one (sizes in MiB). */
    assert_int_equal(le16(smbios_find(&t, 17, 0)->fmt + 0x0c), 16384);
    assert_int_equal(le16(smbios_find(&t, 17, 1)->fmt + 0x0c), 4096);
    assert_str(smbios_find(&t, 17, 1), 0x10, "DIMM 1");
    /* RAM below 3 GiB and from 4 GiB on, in KiB. */
    st = smbios_find(&t, 19, 0);
    assert_int_equal(le32(st->fmt + 0x08), 3 * 1024 * 1024 - 1);
    st = smbios_find(&t, 19, 1);
    assert_int_equal(handle(st), 0x1301);
    assert_int_equal(le32(st->fmt + 0x04), 4 * 1024 * 1024);
    assert_int_equal(le32(st->fmt + 0x08), 21 * 1024 * 1024 - 1);
    smbios_free(&t);
    qtest_quit(s);
}

/* ---- QEMU 2.0's field list ---- */

/* Entry n of item 0x8001: kind, type, offset and value. */
static const uint8_t *legacy_entry(const uint8_t *list, int n, size_t *len)
{
    const uint8_t *e = list + 2;

    while (n--) {
        e += le16(e);
    }
    *len = le16(e);
    return e;
}

static void assert_legacy_field(const uint8_t *list, int n, uint8_t type,
                                uint16_t offset, const void *value,
                                size_t value_len)
{
    size_t len;
    const uint8_t *e = legacy_entry(list, n, &len);

    assert_int_equal(len, 6 + value_len);
    assert_int_equal(e[2], 0); /* a field */
    assert_int_equal(e[3], type);
    assert_int_equal(le16(e + 4), offset);
    assert_memory_equal(e + 6, value, value_len);
}

static void test_legacy(void **state)
{
    static const uint8_t uuid[16] = {0x1f, 0x8e, 0x6f, 0x7e, 0x5a, 0x70,
                                     0x47, 0x80, 0x89, 0xc1, 0x46, 0x4d,
                                     0xc0, 0xe7, 0xf3, 0x08};
    /* The seed's machine type (Ubuntu's trusty is QEMU 2.0). */
    QTestState *s = qtest_init("-M pc-i440fx-2.0 -nodefaults -uuid " SEED_UUID
                               " " SEED_SMBIOS);
    uint8_t list[512];
    uint16_t select;
    uint32_t size;

    (void)state;
    /* No tables: the firmware builds them from fields. */
    assert_false(
        fw_cfg_find_file(s, "etc/smbios/smbios-tables", &select, &size));
    fw_cfg_get(s, FW_CFG_SMBIOS_ENTRIES, list, sizeof(list));
    assert_int_equal(le16(list), 6);
    assert_legacy_field(list, 0, 1, 0x04, "OpenStack Foundation", 21);
    assert_legacy_field(list, 1, 1, 0x05, "OpenStack Nova", 15);
    assert_legacy_field(list, 2, 1, 0x06, "2014.1", 7);
    assert_legacy_field(list, 3, 1, 0x07,
                        "80590690-87d2-e311-b1b0-a0481cabdfb4", 37);
    assert_legacy_field(list, 4, 1, 0x1a, "Virtual Machine", 16);
    /* The UUID as given, no SMBIOS 2.6 byte swap. */
    assert_legacy_field(list, 5, 1, 0x08, uuid, 16);
    qtest_quit(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_anchor_21),
        cmocka_unit_test(test_anchor_30),
        cmocka_unit_test(test_default_structures),
        cmocka_unit_test(test_seed_type1),
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_sockets),
        cmocka_unit_test(test_memory),
        cmocka_unit_test(test_legacy),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
