/*
 * qom-bench: the cost of QOM's hot operations on a three-level type, side
 * by side with GObject (glib's object system, the closest reference that
 * runs in-process) doing the same work.  Prints operations per second and
 * the emu/GObject ratio (> 1: emu is faster).
 *
 * usage: qom-bench [seconds-per-measurement]   (default 0.5)
 */
#include <glib-object.h>
#include <stdio.h>
#include <stdlib.h>

#include "qom/object.h"
#include "util/error.h"

/* ---- emu: bench-a -> bench-b -> bench-c, plus an unrelated type ---- */

#define TYPE_BENCH_A "bench-a"
#define TYPE_BENCH_B "bench-b"
#define TYPE_BENCH_C "bench-c"
#define TYPE_BENCH_OTHER "bench-other"

typedef struct BenchC {
    Object parent_obj; /* a and b add no fields: the chain is what counts */
    uint32_t value;
} BenchC;

static void bench_c_class_init(ObjectClass *oc, void *data)
{
    object_class_property_add_uint32_ptr(oc, "value",
                                         (uint32_t *)offsetof(BenchC, value),
                                         OBJ_PROP_FLAG_READWRITE);
}

static const TypeInfo bench_types[] = {
    {.name = TYPE_BENCH_A, .parent = TYPE_OBJECT,
     .instance_size = sizeof(Object)},
    {.name = TYPE_BENCH_B, .parent = TYPE_BENCH_A},
    {.name = TYPE_BENCH_C, .parent = TYPE_BENCH_B,
     .instance_size = sizeof(BenchC), .class_init = bench_c_class_init},
    {.name = TYPE_BENCH_OTHER, .parent = TYPE_OBJECT},
};

DEFINE_TYPES(bench_types)

/* ---- GObject: the same hierarchy ---- */

typedef struct { GObject parent; } GBenchA;
typedef struct { GObjectClass parent; } GBenchAClass;
typedef struct { GBenchA parent; } GBenchB;
typedef struct { GBenchAClass parent; } GBenchBClass;
typedef struct { GBenchB parent; guint value; } GBenchC;
typedef struct { GBenchBClass parent; } GBenchCClass;
typedef struct { GObject parent; } GBenchOther;
typedef struct { GObjectClass parent; } GBenchOtherClass;

static GType g_bench_a_get_type(void);
static GType g_bench_b_get_type(void);
static GType g_bench_c_get_type(void);
static GType g_bench_other_get_type(void);

G_DEFINE_TYPE(GBenchA, g_bench_a, G_TYPE_OBJECT)
G_DEFINE_TYPE(GBenchB, g_bench_b, g_bench_a_get_type())
G_DEFINE_TYPE(GBenchC, g_bench_c, g_bench_b_get_type())
G_DEFINE_TYPE(GBenchOther, g_bench_other, G_TYPE_OBJECT)

static void g_bench_a_init(GBenchA *self) {}
static void g_bench_a_class_init(GBenchAClass *klass) {}
static void g_bench_b_init(GBenchB *self) {}
static void g_bench_b_class_init(GBenchBClass *klass) {}
static void g_bench_other_init(GBenchOther *self) {}
static void g_bench_other_class_init(GBenchOtherClass *klass) {}
static void g_bench_c_init(GBenchC *self) {}

static void g_bench_c_set_property(GObject *obj, guint id, const GValue *v,
                                   GParamSpec *pspec)
{
    ((GBenchC *)obj)->value = g_value_get_uint(v);
}

static void g_bench_c_get_property(GObject *obj, guint id, GValue *v,
                                   GParamSpec *pspec)
{
    g_value_set_uint(v, ((GBenchC *)obj)->value);
}

static void g_bench_c_class_init(GBenchCClass *klass)
{
    GObjectClass *oc = G_OBJECT_CLASS(klass);

    oc->set_property = g_bench_c_set_property;
    oc->get_property = g_bench_c_get_property;
    g_object_class_install_property(
        oc, 1, g_param_spec_uint("value", "value", "value", 0, G_MAXUINT, 0,
                                 G_PARAM_READWRITE));
}

/* ---- measurement ---- */

static double seconds = 0.5;
static volatile uintptr_t sink;

typedef void (*BenchFn)(void *ctx, long n);

/* Operations per second of fn, grown until one run lasts `seconds`. */
static double measure(BenchFn fn, void *ctx)
{
    long n = 1000;

    for (;;) {
        gint64 t0 = g_get_monotonic_time();
        fn(ctx, n);
        double dt = (g_get_monotonic_time() - t0) / 1e6;
        if (dt >= seconds) {
            return n / dt;
        }
        n = dt > 0.01 ? (long)(n * (seconds / dt) * 1.1) : n * 10;
    }
}

/* What FOO(obj) does in device code: the cached, checked cast. */
static void emu_checked_cast(void *ctx, long n)
{
    for (long i = 0; i < n; i++) {
        sink += (uintptr_t)OBJECT_CHECK(Object, ctx, TYPE_BENCH_A);
    }
}

static void emu_cast_hit(void *ctx, long n)
{
    for (long i = 0; i < n; i++) {
        sink += (uintptr_t)object_dynamic_cast(ctx, TYPE_BENCH_A);
    }
}

static void emu_cast_miss(void *ctx, long n)
{
    for (long i = 0; i < n; i++) {
        sink += (uintptr_t)object_dynamic_cast(ctx, TYPE_BENCH_OTHER);
    }
}

static void emu_new_unref(void *ctx, long n)
{
    for (long i = 0; i < n; i++) {
        Object *o = object_new(TYPE_BENCH_C);
        sink += (uintptr_t)o;
        object_unref(o);
    }
}

static void emu_prop_set(void *ctx, long n)
{
    for (long i = 0; i < n; i++) {
        object_property_set_uint(ctx, "value", (uint32_t)i, &error_abort);
    }
}

/* What G_TYPE_CHECK_INSTANCE_CAST does: cast or warn. */
static void g_checked_cast(void *ctx, long n)
{
    GType t = g_bench_a_get_type();
    for (long i = 0; i < n; i++) {
        sink += (uintptr_t)g_type_check_instance_cast(ctx, t);
    }
}

static void g_cast_hit(void *ctx, long n)
{
    GType t = g_bench_a_get_type();
    for (long i = 0; i < n; i++) {
        sink += g_type_check_instance_is_a(ctx, t);
    }
}

static void g_cast_miss(void *ctx, long n)
{
    GType t = g_bench_other_get_type();
    for (long i = 0; i < n; i++) {
        sink += g_type_check_instance_is_a(ctx, t);
    }
}

static void g_new_unref(void *ctx, long n)
{
    GType t = g_bench_c_get_type();
    for (long i = 0; i < n; i++) {
        GObject *o = g_object_new(t, NULL);
        sink += (uintptr_t)o;
        g_object_unref(o);
    }
}

static void g_prop_set(void *ctx, long n)
{
    for (long i = 0; i < n; i++) {
        g_object_set(ctx, "value", (guint)i, NULL);
    }
}

static void report(const char *what, double emu, double ref)
{
    printf("%-28s %14.0f %14.0f %8.2f\n", what, emu, ref, emu / ref);
}

int main(int argc, char **argv)
{
    Object *obj;
    GObject *gobj;

    if (argc > 1) {
        seconds = atof(argv[1]);
        if (seconds <= 0) {
            fprintf(stderr, "qom-bench: bad duration '%s'\n", argv[1]);
            return 1;
        }
    }
    module_call_init(MODULE_INIT_QOM);
    obj = object_new(TYPE_BENCH_C);
    gobj = g_object_new(g_bench_c_get_type(), NULL);

    printf("%-28s %14s %14s %8s\n", "operation (per second)", "emu",
           "GObject", "ratio");
    report("checked cast FOO(obj)", measure(emu_checked_cast, obj),
           measure(g_checked_cast, gobj));
    report("dynamic cast, hit", measure(emu_cast_hit, obj),
           measure(g_cast_hit, gobj));
    report("dynamic cast, miss", measure(emu_cast_miss, obj),
           measure(g_cast_miss, gobj));
    report("object_new + unref", measure(emu_new_unref, NULL),
           measure(g_new_unref, NULL));
    report("property set (uint32)", measure(emu_prop_set, obj),
           measure(g_prop_set, gobj));

    object_unref(obj);
    g_object_unref(gobj);
    return 0;
}
