/*
 * Casts: dynamic and checked casts of objects and classes, the declare
 * macros, the abort messages, and the per-class cast caches.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu-test.h"
#include "qom/object.h"
#include "util/error.h"

#define TYPE_ANIMAL "cast-animal"
#define TYPE_DOG "cast-dog"
#define TYPE_CAT "cast-cat"

OBJECT_DECLARE_TYPE(Animal, AnimalClass, ANIMAL)

struct Animal {
    Object parent_obj;
    int legs;
};

struct AnimalClass {
    ObjectClass parent_class;
    const char *(*sound)(Animal *a);
};

struct Dog {
    Animal parent_obj;
    bool good;
};

OBJECT_DECLARE_SIMPLE_TYPE(Dog, DOG)

static const char *dog_sound(Animal *a)
{
    return "woof";
}

static const char *cat_sound(Animal *a)
{
    return "meow";
}

static void dog_class_init(ObjectClass *klass, void *data)
{
    ANIMAL_CLASS(klass)->sound = dog_sound;
}

static void cat_class_init(ObjectClass *klass, void *data)
{
    ANIMAL_CLASS(klass)->sound = cat_sound;
}

static void animal_init(Object *obj)
{
    ANIMAL(obj)->legs = 4;
}

static const TypeInfo cast_types[] = {
    {
        .name = TYPE_ANIMAL,
        .parent = TYPE_OBJECT,
        .abstract = true,
        .instance_size = sizeof(Animal),
        .instance_init = animal_init,
        .class_size = sizeof(AnimalClass),
    },
    {
        .name = TYPE_DOG,
        .parent = TYPE_ANIMAL,
        .instance_size = sizeof(Dog),
        .class_init = dog_class_init,
    },
    {
        .name = TYPE_CAT,
        .parent = TYPE_ANIMAL,
        .class_init = cat_class_init,
    },
    /* A chain of five names an object can be cast to, for the cache. */
    {
        .name = "cc-1",
        .parent = TYPE_OBJECT,
    },
    {
        .name = "cc-2",
        .parent = "cc-1",
    },
    {
        .name = "cc-3",
        .parent = "cc-2",
    },
    {
        .name = "cc-4",
        .parent = "cc-3",
    },
};

DEFINE_TYPES(cast_types)

static bool cache_has(const char *const *cache, const char *name)
{
    for (int i = 0; i < OBJECT_CLASS_CAST_CACHE; i++) {
        if (cache[i] == name) {
            return true;
        }
    }
    return false;
}

static void test_cast_object(void **state)
{
    Object *dog = object_new(TYPE_DOG);
    g_autofree char *copy = g_strdup(TYPE_ANIMAL);

    assert_ptr_equal(object_dynamic_cast(dog, TYPE_DOG), dog);
    assert_ptr_equal(object_dynamic_cast(dog, TYPE_ANIMAL), dog);
    assert_ptr_equal(object_dynamic_cast(dog, TYPE_OBJECT), dog);
    /* Names are compared as strings, not only as pointers. */
    assert_ptr_equal(object_dynamic_cast(dog, copy), dog);
    assert_null(object_dynamic_cast(dog, TYPE_CAT));
    assert_null(object_dynamic_cast(dog, TYPE_INTERFACE));
    assert_null(object_dynamic_cast(dog, "cast-no-such-type"));
    object_unref(dog);
}

static void test_cast_class(void **state)
{
    ObjectClass *dog = object_class_by_name(TYPE_DOG);
    ObjectClass *animal = object_class_by_name(TYPE_ANIMAL);

    assert_ptr_equal(object_class_dynamic_cast(dog, TYPE_DOG), dog);
    assert_ptr_equal(object_class_dynamic_cast(dog, TYPE_ANIMAL), dog);
    assert_ptr_equal(object_class_dynamic_cast(dog, TYPE_OBJECT), dog);
    assert_null(object_class_dynamic_cast(dog, TYPE_CAT));
    /* A parent class is not an instance of its subclass. */
    assert_null(object_class_dynamic_cast(animal, TYPE_DOG));
    assert_null(object_class_dynamic_cast(dog, "cast-no-such-type"));
    assert_ptr_equal(OBJECT_CLASS_CHECK(AnimalClass, dog, TYPE_ANIMAL),
                     (AnimalClass *)dog);
}

/* NULL goes through every cast unchanged. */
static void test_cast_null(void **state)
{
    assert_null(object_dynamic_cast(NULL, TYPE_DOG));
    assert_null(object_class_dynamic_cast(NULL, TYPE_DOG));
    assert_null(OBJECT_CHECK(Dog, NULL, TYPE_DOG));
    assert_null(OBJECT_CLASS_CHECK(AnimalClass, NULL, TYPE_DOG));
    assert_null(DOG(NULL));
    assert_null(ANIMAL_CLASS(NULL));
    assert_null(INTERFACE_CHECK(Object, NULL, TYPE_INTERFACE));
}

static void test_cast_declare_macros(void **state)
{
    g_autoptr(Dog) dog = DOG(object_new(TYPE_DOG));
    g_autoptr(Animal) cat = ANIMAL(object_new(TYPE_CAT));

    assert_int_equal(ANIMAL(dog)->legs, 4);
    assert_string_equal(ANIMAL_GET_CLASS(dog)->sound(ANIMAL(dog)), "woof");
    assert_string_equal(ANIMAL_GET_CLASS(cat)->sound(cat), "meow");
    assert_ptr_equal(ANIMAL_CLASS(object_class_by_name(TYPE_CAT)),
                     ANIMAL_GET_CLASS(cat));
    assert_ptr_equal(OBJECT_GET_CLASS(AnimalClass, dog, TYPE_DOG),
                     ANIMAL_GET_CLASS(dog));
}

static void cast_cat_to_dog(void *opaque)
{
    object_dynamic_cast_assert(opaque, TYPE_DOG, "here.c", 42, "caller");
}

static void cast_cat_to_dog_macro(void *opaque)
{
    DOG(opaque);
}

static void cast_cat_class_to_dog(void *opaque)
{
    object_class_dynamic_cast_assert(opaque, TYPE_DOG, "there.c", 7,
                                     "klass_caller");
}

/* The message names the place, the object, its type and the one wanted. */
static void test_cast_abort_messages(void **state)
{
    Object *cat = object_new(TYPE_CAT);
    ObjectClass *cat_class = object_get_class(cat);
    g_autofree char *want = g_strdup_printf(
        "here.c:42:caller: Object %p is not an instance of type 'cast-dog' "
        "(it is 'cast-cat')\n",
        (void *)cat);
    g_autofree char *want_macro = g_strdup_printf(
        ":DOG: Object %p is not an instance of type 'cast-dog' (it is "
        "'cast-cat')\n",
        (void *)cat);
    g_autofree char *want_class = g_strdup_printf(
        "there.c:7:klass_caller: Class %p is not a class of type 'cast-dog' "
        "(it is 'cast-cat')\n",
        (void *)cat_class);

    assert_child_aborts(cast_cat_to_dog, cat, want);
    assert_child_aborts(cast_cat_to_dog_macro, cat, want_macro);
    assert_child_aborts(cast_cat_class_to_dog, cat_class, want_class);
    object_unref(cat);
}

/*
 * A checked cast remembers the name pointer; the cache keeps the last
 * OBJECT_CLASS_CAST_CACHE of them, oldest out first.
 */
static void test_cast_cache_filled(void **state)
{
    Object *obj = object_new("cc-4");
    ObjectClass *klass = object_get_class(obj);
    static const char *const names[] = {"cc-4", "cc-3", "cc-2", "cc-1",
                                        TYPE_OBJECT};

    for (int i = 0; i < OBJECT_CLASS_CAST_CACHE; i++) {
        assert_null(klass->object_cast_cache[i]);
        assert_null(klass->class_cast_cache[i]);
    }

    /* Unchecked casts do not fill the cache. */
    assert_non_null(object_dynamic_cast(obj, names[0]));
    assert_false(cache_has(klass->object_cast_cache, names[0]));

    for (int i = 0; i < 5; i++) {
        assert_ptr_equal(OBJECT_CHECK(Object, obj, names[i]), obj);
        assert_ptr_equal(klass->object_cast_cache[OBJECT_CLASS_CAST_CACHE - 1],
                         names[i]);
    }
    assert_false(cache_has(klass->object_cast_cache, names[0]));
    for (int i = 1; i < 5; i++) {
        assert_true(cache_has(klass->object_cast_cache, names[i]));
    }
    /* A hit does not add the name again. */
    assert_ptr_equal(OBJECT_CHECK(Object, obj, names[2]), obj);
    assert_ptr_equal(klass->object_cast_cache[OBJECT_CLASS_CAST_CACHE - 1],
                     names[4]);

    /* The class cache is separate. */
    assert_false(cache_has(klass->class_cast_cache, names[1]));
    assert_ptr_equal(OBJECT_CLASS_CHECK(ObjectClass, klass, names[1]), klass);
    assert_true(cache_has(klass->class_cast_cache, names[1]));
    object_unref(obj);
}

/*
 * A cached pointer is trusted without a type lookup.  Proven by planting
 * a name the object is NOT an instance of: the checked cast then passes,
 * while the unchecked one (which never uses the cache) still says no.
 */
static void test_cast_cache_hit(void **state)
{
    static const char planted[] = TYPE_CAT;
    Object *dog = object_new(TYPE_DOG);
    ObjectClass *klass = object_get_class(dog);
    const char *saved_obj = klass->object_cast_cache[0];
    const char *saved_class = klass->class_cast_cache[0];

    klass->object_cast_cache[0] = planted;
    klass->class_cast_cache[0] = planted;
    assert_ptr_equal(
        object_dynamic_cast_assert(dog, planted, __FILE__, __LINE__, __func__),
        dog);
    assert_ptr_equal(object_class_dynamic_cast_assert(klass, planted, __FILE__,
                                                      __LINE__, __func__),
                     klass);
    assert_null(object_dynamic_cast(dog, planted));
    assert_null(object_class_dynamic_cast(klass, planted));

    klass->object_cast_cache[0] = saved_obj;
    klass->class_cast_cache[0] = saved_class;
    object_unref(dog);
}

/* A failed checked cast leaves no trace in the cache. */
static void failing_cast(void *opaque)
{
    Object *obj = opaque;

    OBJECT_CHECK(Object, obj, TYPE_CAT);
}

static void test_cast_cache_no_failures(void **state)
{
    Object *dog = object_new(TYPE_DOG);
    ChildResult r = run_in_child(failing_cast, dog);

    assert_false(r.exited);
    assert_int_equal(r.status, SIGABRT);
    g_free(r.err);
    assert_false(cache_has(object_get_class(dog)->object_cast_cache, TYPE_CAT));
    object_unref(dog);
}

typedef struct CastThread {
    Object *objs[3];
    int ok;
} CastThread;

static gpointer cast_thread(gpointer opaque)
{
    CastThread *t = opaque;

    for (int i = 0; i < 20000; i++) {
        Object *o = t->objs[i % 3];

        /* Enough distinct names to keep the caches churning. */
        if (OBJECT_CHECK(Object, o, TYPE_OBJECT) == o && ANIMAL(t->objs[0]) &&
            DOG(t->objs[0]) && OBJECT_CHECK(Object, t->objs[2], "cc-1") &&
            OBJECT_CHECK(Object, t->objs[2], "cc-2") &&
            OBJECT_CHECK(Object, t->objs[2], "cc-3") &&
            OBJECT_CHECK(Object, t->objs[2], "cc-4") &&
            ANIMAL_GET_CLASS(t->objs[1])->sound(ANIMAL(t->objs[1]))[0] == 'm' &&
            !object_dynamic_cast(t->objs[1], TYPE_DOG)) {
            t->ok++;
        }
    }
    return NULL;
}

/* vCPU threads cast concurrently (run under TSan too). */
static void test_cast_threads(void **state)
{
    Object *objs[3] = {object_new(TYPE_DOG), object_new(TYPE_CAT),
                       object_new("cc-4")};
    CastThread t[4];
    GThread *th[4];

    for (int i = 0; i < 4; i++) {
        memcpy(t[i].objs, objs, sizeof(objs));
        t[i].ok = 0;
        th[i] = g_thread_new("cast", cast_thread, &t[i]);
    }
    for (int i = 0; i < 4; i++) {
        g_thread_join(th[i]);
        assert_int_equal(t[i].ok, 20000);
    }
    for (int i = 0; i < 3; i++) {
        object_unref(objs[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cast_object),
        cmocka_unit_test(test_cast_class),
        cmocka_unit_test(test_cast_null),
        cmocka_unit_test(test_cast_declare_macros),
        cmocka_unit_test(test_cast_abort_messages),
        cmocka_unit_test(test_cast_cache_filled),
        cmocka_unit_test(test_cast_cache_hit),
        cmocka_unit_test(test_cast_cache_no_failures),
        cmocka_unit_test(test_cast_threads),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests_name("libqom/cast", tests, NULL, NULL);
}
