/*
 * Interfaces: per-class InterfaceClass copies, method inheritance and
 * override, sub-interfaces, casting an InterfaceClass back, and the
 * errors of badly declared interfaces.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "emu-test.h"
#include "qom/object.h"
#include "util/error.h"

#define TYPE_SPEAKER "if-speaker"
#define TYPE_LOUD_SPEAKER "if-loud-speaker"
#define TYPE_NAMED "if-named"
#define TYPE_IF_ANIMAL "if-animal"
#define TYPE_IF_DOG "if-dog"
#define TYPE_IF_CAT "if-cat"
#define TYPE_IF_SIREN "if-siren"

typedef struct SpeakerClass {
    InterfaceClass parent_class;
    const char *(*speak)(Object *obj);
    /* Set by if-speaker's base_init on every class that copies it. */
    ObjectClass *base_init_on;
} SpeakerClass;

typedef struct LoudSpeakerClass {
    SpeakerClass parent_class;
    int volume;
} LoudSpeakerClass;

typedef struct NamedClass {
    InterfaceClass parent_class;
    const char *(*get_name)(Object *obj);
} NamedClass;

static const char *default_speak(Object *obj)
{
    return "...";
}

static const char *animal_speak(Object *obj)
{
    return "noise";
}

static const char *cat_speak(Object *obj)
{
    return "meow";
}

static const char *siren_speak(Object *obj)
{
    return "WEE-OO";
}

static const char *siren_name(Object *obj)
{
    return "siren";
}

static SpeakerClass *speaker_class(ObjectClass *klass)
{
    return OBJECT_CLASS_CHECK(SpeakerClass, klass, TYPE_SPEAKER);
}

static SpeakerClass *speaker_get_class(Object *obj)
{
    return speaker_class(object_get_class(obj));
}

static void speaker_base_init(ObjectClass *klass, void *data)
{
    /* data is NULL for interface copies: they have no class_data. */
    assert_null(data);
    ((SpeakerClass *)klass)->base_init_on = klass;
}

static void speaker_class_init(ObjectClass *klass, void *data)
{
    ((SpeakerClass *)klass)->speak = default_speak;
}

static void loud_speaker_class_init(ObjectClass *klass, void *data)
{
    ((LoudSpeakerClass *)klass)->volume = 11;
}

static void animal_class_init(ObjectClass *klass, void *data)
{
    speaker_class(klass)->speak = animal_speak;
}

static void cat_class_init(ObjectClass *klass, void *data)
{
    /* The parent's method is there already, inherited. */
    assert_ptr_equal(speaker_class(klass)->speak, animal_speak);
    speaker_class(klass)->speak = cat_speak;
}

static void siren_class_init(ObjectClass *klass, void *data)
{
    LoudSpeakerClass *lc =
        OBJECT_CLASS_CHECK(LoudSpeakerClass, klass, TYPE_LOUD_SPEAKER);

    lc->parent_class.speak = siren_speak;
    lc->volume = 99;
    OBJECT_CLASS_CHECK(NamedClass, klass, TYPE_NAMED)->get_name = siren_name;
}

static const InterfaceInfo speaker_ifaces[] = {{TYPE_SPEAKER}, {NULL}};
static const InterfaceInfo siren_ifaces[] = {
    {TYPE_LOUD_SPEAKER},
    {TYPE_NAMED},
    {NULL},
};
static const InterfaceInfo both_ifaces[] = {
    {TYPE_LOUD_SPEAKER},
    {TYPE_SPEAKER},
    {NULL},
};
static const InterfaceInfo twice_ifaces[] = {
    {TYPE_SPEAKER},
    {TYPE_LOUD_SPEAKER},
    {NULL},
};

static const TypeInfo if_types[] = {
    {
        .name = TYPE_SPEAKER,
        .parent = TYPE_INTERFACE,
        .class_size = sizeof(SpeakerClass),
        .class_base_init = speaker_base_init,
        .class_init = speaker_class_init,
    },
    {
        .name = TYPE_LOUD_SPEAKER,
        .parent = TYPE_SPEAKER,
        .class_size = sizeof(LoudSpeakerClass),
        .class_init = loud_speaker_class_init,
    },
    {
        .name = TYPE_NAMED,
        .parent = TYPE_INTERFACE,
        .class_size = sizeof(NamedClass),
    },
    {
        .name = TYPE_IF_ANIMAL,
        .parent = TYPE_OBJECT,
        .class_init = animal_class_init,
        .interfaces = speaker_ifaces,
    },
    {
        .name = TYPE_IF_DOG,
        .parent = TYPE_IF_ANIMAL,
    },
    {
        .name = TYPE_IF_CAT,
        .parent = TYPE_IF_ANIMAL,
        .class_init = cat_class_init,
    },
    {
        .name = TYPE_IF_SIREN,
        .parent = TYPE_OBJECT,
        .class_init = siren_class_init,
        .interfaces = siren_ifaces,
    },
    {
        /* The sub-interface first: if-speaker is then implied. */
        .name = "if-both",
        .parent = TYPE_OBJECT,
        .interfaces = both_ifaces,
    },
    {
        .name = "if-twice",
        .parent = TYPE_OBJECT,
        .interfaces = twice_ifaces,
    },
    {
        /* Declares again what its parent implements. */
        .name = "if-dog-again",
        .parent = TYPE_IF_DOG,
        .interfaces = speaker_ifaces,
    },
};

DEFINE_TYPES(if_types)

static void test_interface_is_abstract(void **state)
{
    ObjectClass *speaker = object_class_by_name(TYPE_SPEAKER);
    Error *err = NULL;

    assert_non_null(speaker);
    assert_true(object_class_is_abstract(speaker));
    assert_ptr_equal(object_class_get_parent(speaker),
                     object_class_by_name(TYPE_INTERFACE));
    assert_ptr_equal(object_class_dynamic_cast(speaker, TYPE_INTERFACE),
                     speaker);
    assert_null(object_class_dynamic_cast(speaker, TYPE_OBJECT));

    assert_null(object_new_with_props(TYPE_SPEAKER, NULL, NULL, &err, NULL));
    assert_string_equal(error_get_pretty(err),
                        "Object type 'if-speaker' is abstract");
    error_free(err);
}

static void new_speaker(void *opaque)
{
    object_new(TYPE_SPEAKER);
}

static void test_interface_no_instances(void **state)
{
    assert_child_aborts(new_speaker, NULL,
                        "emu: Cannot create object of abstract type "
                        "'if-speaker'\n");
}

/* Each implementing class has its own copy, pointing back at it. */
static void test_interface_class_copies(void **state)
{
    ObjectClass *animal = object_class_by_name(TYPE_IF_ANIMAL);
    ObjectClass *dog = object_class_by_name(TYPE_IF_DOG);
    ObjectClass *speaker = object_class_by_name(TYPE_SPEAKER);
    InterfaceClass *ia;
    InterfaceClass *id;

    assert_int_equal(g_slist_length(animal->interfaces), 1);
    assert_int_equal(g_slist_length(dog->interfaces), 1);
    ia = animal->interfaces->data;
    id = dog->interfaces->data;

    assert_ptr_not_equal(ia, id);
    assert_ptr_not_equal(OBJECT_CLASS(ia), speaker);
    assert_ptr_equal(ia->concrete_class, animal);
    assert_ptr_equal(id->concrete_class, dog);
    assert_ptr_equal(ia->interface_type, speaker->type);
    assert_ptr_equal(id->interface_type, speaker->type);
    assert_ptr_equal(object_class_dynamic_cast(animal, TYPE_SPEAKER), ia);
    assert_ptr_equal(object_class_dynamic_cast(dog, TYPE_SPEAKER), id);
    /* Each copy went through the interface's base_init. */
    assert_ptr_equal(((SpeakerClass *)ia)->base_init_on, OBJECT_CLASS(ia));
    assert_ptr_equal(((SpeakerClass *)id)->base_init_on, OBJECT_CLASS(id));
    /* The interface's own class is untouched. */
    assert_null(((InterfaceClass *)speaker)->concrete_class);
    assert_ptr_equal(((SpeakerClass *)speaker)->speak, default_speak);
}

static void test_interface_object_cast(void **state)
{
    Object *dog = object_new(TYPE_IF_DOG);

    assert_ptr_equal(object_dynamic_cast(dog, TYPE_SPEAKER), dog);
    assert_ptr_equal(object_dynamic_cast(dog, TYPE_INTERFACE), dog);
    assert_ptr_equal(INTERFACE_CHECK(Object, dog, TYPE_SPEAKER), dog);
    assert_null(object_dynamic_cast(dog, TYPE_LOUD_SPEAKER));
    assert_null(object_dynamic_cast(dog, TYPE_NAMED));
    object_unref(dog);
}

static void check_named(void *opaque)
{
    INTERFACE_CHECK(Object, opaque, TYPE_NAMED);
}

static void test_interface_check_aborts(void **state)
{
    Object *dog = object_new(TYPE_IF_DOG);
    g_autofree char *want = g_strdup_printf(
        ":check_named: Object %p is not an instance of type 'if-named' (it "
        "is 'if-dog')\n",
        (void *)dog);

    assert_child_aborts(check_named, dog, want);
    object_unref(dog);
}

/*
 * Methods set by a class_init are inherited through the parent's copy
 * and can be overridden by a subclass's class_init.
 */
static void test_interface_method_override(void **state)
{
    Object *dog = object_new(TYPE_IF_DOG);
    Object *cat = object_new(TYPE_IF_CAT);

    assert_string_equal(speaker_get_class(dog)->speak(dog), "noise");
    assert_string_equal(speaker_get_class(cat)->speak(cat), "meow");
    assert_ptr_equal(speaker_class(object_class_by_name(TYPE_IF_ANIMAL))->speak,
                     animal_speak);
    object_unref(dog);
    object_unref(cat);
}

/* A sub-interface's copy also answers for its parent interface. */
static void test_interface_parent_interface(void **state)
{
    ObjectClass *siren = object_class_by_name(TYPE_IF_SIREN);
    ObjectClass *loud = object_class_dynamic_cast(siren, TYPE_LOUD_SPEAKER);
    Object *obj = object_new(TYPE_IF_SIREN);

    assert_non_null(loud);
    assert_int_equal(g_slist_length(siren->interfaces), 2);
    assert_ptr_equal(object_class_dynamic_cast(siren, TYPE_SPEAKER), loud);
    assert_ptr_equal(((InterfaceClass *)loud)->interface_type,
                     object_class_by_name(TYPE_LOUD_SPEAKER)->type);
    assert_int_equal(((LoudSpeakerClass *)loud)->volume, 99);
    assert_string_equal(speaker_get_class(obj)->speak(obj), "WEE-OO");
    assert_string_equal(
        OBJECT_CLASS_CHECK(NamedClass, siren, TYPE_NAMED)->get_name(obj),
        "siren");
    /* The sub-interface's own class inherited if-speaker's method. */
    assert_ptr_equal(
        ((SpeakerClass *)object_class_by_name(TYPE_LOUD_SPEAKER))->speak,
        default_speak);
    assert_int_equal(
        ((LoudSpeakerClass *)object_class_by_name(TYPE_LOUD_SPEAKER))->volume,
        11);
    object_unref(obj);
}

/* An InterfaceClass is a class of its interface type in its own right. */
static void test_interface_class_cast_back(void **state)
{
    ObjectClass *siren = object_class_by_name(TYPE_IF_SIREN);
    ObjectClass *loud = object_class_dynamic_cast(siren, TYPE_LOUD_SPEAKER);

    assert_string_equal(object_class_get_name(loud), TYPE_LOUD_SPEAKER);
    assert_ptr_equal(object_class_dynamic_cast(loud, TYPE_LOUD_SPEAKER), loud);
    assert_ptr_equal(object_class_dynamic_cast(loud, TYPE_SPEAKER), loud);
    assert_ptr_equal(object_class_dynamic_cast(loud, TYPE_INTERFACE), loud);
    assert_null(object_class_dynamic_cast(loud, TYPE_NAMED));
    assert_null(object_class_dynamic_cast(loud, TYPE_IF_SIREN));
    assert_ptr_equal(OBJECT_CLASS_CHECK(SpeakerClass, loud, TYPE_SPEAKER),
                     (SpeakerClass *)loud);
    assert_true(object_class_is_abstract(loud));
    assert_ptr_equal(object_class_get_parent(loud),
                     object_class_by_name(TYPE_SPEAKER));
}

/* A checked interface cast of a class returns the copy, uncached. */
static void test_interface_class_cast_not_cached(void **state)
{
    ObjectClass *cat = object_class_by_name(TYPE_IF_CAT);
    SpeakerClass *sc = OBJECT_CLASS_CHECK(SpeakerClass, cat, TYPE_SPEAKER);

    assert_ptr_equal(sc, object_class_dynamic_cast(cat, TYPE_SPEAKER));
    assert_ptr_equal(OBJECT_CLASS_CHECK(SpeakerClass, cat, TYPE_SPEAKER), sc);
    for (int i = 0; i < OBJECT_CLASS_CAST_CACHE; i++) {
        assert_ptr_not_equal(cat->class_cast_cache[i], TYPE_SPEAKER);
    }
}

/* One copy per interface, however it is declared. */
static void test_interface_declared_twice(void **state)
{
    ObjectClass *both = object_class_by_name("if-both");
    ObjectClass *twice = object_class_by_name("if-twice");
    ObjectClass *again = object_class_by_name("if-dog-again");
    InterfaceClass *ic;

    /* if-speaker is implied by if-loud-speaker: one copy. */
    assert_int_equal(g_slist_length(both->interfaces), 1);
    assert_ptr_equal(object_class_dynamic_cast(both, TYPE_SPEAKER),
                     object_class_dynamic_cast(both, TYPE_LOUD_SPEAKER));

    /* Declared first, if-speaker keeps its own copy; casts prefer it. */
    assert_int_equal(g_slist_length(twice->interfaces), 2);
    ic = (InterfaceClass *)object_class_dynamic_cast(twice, TYPE_SPEAKER);
    assert_string_equal(object_class_get_name(OBJECT_CLASS(ic)), TYPE_SPEAKER);

    /* Inherited and declared again: still one, the inherited one. */
    assert_int_equal(g_slist_length(again->interfaces), 1);
    assert_ptr_equal(speaker_class(again)->speak, animal_speak);
}

static void test_interface_get_list(void **state)
{
    GSList *list = object_class_get_list_sorted(TYPE_SPEAKER, false);
    GString *names = g_string_new(NULL);

    for (GSList *e = list; e; e = e->next) {
        g_string_append_printf(names, "%s ", object_class_get_name(e->data));
    }
    assert_string_equal(names->str, "if-animal if-both if-cat if-dog "
                                    "if-dog-again if-siren if-twice ");
    g_slist_free(list);

    g_string_truncate(names, 0);
    list = object_class_get_list_sorted(TYPE_LOUD_SPEAKER, true);
    for (GSList *e = list; e; e = e->next) {
        g_string_append_printf(names, "%s ", object_class_get_name(e->data));
    }
    assert_string_equal(names->str,
                        "if-both if-loud-speaker if-siren if-twice ");
    g_slist_free(list);
    g_string_free(names, true);
}

static void iface_instance_init(Object *obj)
{
}

static void assert_init_error(const char *name, const char *want)
{
    Error *err = NULL;

    assert_null(object_class_try_by_name(name, &err));
    assert_non_null(err);
    assert_string_equal(error_get_pretty(err), want);
    error_free(err);
}

static void test_interface_errors(void **state)
{
    static const InterfaceInfo missing[] = {{"if-missing"}, {NULL}};
    static const InterfaceInfo not_iface[] = {{TYPE_IF_ANIMAL}, {NULL}};
    static const InterfaceInfo named[] = {{TYPE_NAMED}, {NULL}};
    static const InterfaceInfo broken[] = {{"if-with-size"}, {NULL}};
    TypeInfo infos[] = {
        {
            .name = "if-with-size",
            .parent = TYPE_INTERFACE,
            .instance_size = sizeof(Object),
        },
        {
            .name = "if-with-init",
            .parent = TYPE_SPEAKER,
            .instance_init = iface_instance_init,
        },
        {
            .name = "if-bad-impl",
            .parent = TYPE_OBJECT,
            .interfaces = missing,
        },
        {
            .name = "if-bad-impl2",
            .parent = TYPE_OBJECT,
            .interfaces = not_iface,
        },
        {
            /* Its parent is not registered yet: caught on first use. */
            .name = "if-late-child",
            .parent = "if-late-parent",
            .interfaces = named,
        },
        {
            .name = "if-late-parent",
            .parent = TYPE_INTERFACE,
        },
        {
            .name = "if-bad-impl3",
            .parent = TYPE_OBJECT,
            .interfaces = broken,
        },
    };
    static const char iface_instances[] =
        "cannot have instances (instance_size, instance_align, "
        "instance_init, instance_post_init and instance_finalize must be "
        "unset)";
    g_autofree char *want_size =
        g_strdup_printf("Interface type 'if-with-size' %s", iface_instances);
    g_autofree char *want_init =
        g_strdup_printf("Interface type 'if-with-init' %s", iface_instances);

    for (size_t i = 0; i < G_N_ELEMENTS(infos); i++) {
        type_try_register(&infos[i], &error_abort);
    }
    assert_init_error("if-with-size", want_size);
    assert_init_error("if-with-init", want_init);
    assert_init_error("if-bad-impl",
                      "Type 'if-bad-impl' implements unknown interface "
                      "'if-missing'");
    assert_init_error("if-bad-impl2",
                      "Type 'if-bad-impl2' implements 'if-animal', which is "
                      "not an interface type");
    assert_init_error("if-late-child",
                      "Interface type 'if-late-child' cannot implement "
                      "interfaces");
    /* A broken interface breaks its implementers, naming both. */
    assert_init_error("if-bad-impl3",
                      "Type 'if-bad-impl3' cannot be initialised: Interface "
                      "type 'if-with-size' cannot have instances "
                      "(instance_size, instance_align, instance_init, "
                      "instance_post_init and instance_finalize must be "
                      "unset)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interface_is_abstract),
        cmocka_unit_test(test_interface_no_instances),
        cmocka_unit_test(test_interface_class_copies),
        cmocka_unit_test(test_interface_object_cast),
        cmocka_unit_test(test_interface_check_aborts),
        cmocka_unit_test(test_interface_method_override),
        cmocka_unit_test(test_interface_parent_interface),
        cmocka_unit_test(test_interface_class_cast_back),
        cmocka_unit_test(test_interface_class_cast_not_cached),
        cmocka_unit_test(test_interface_declared_twice),
        cmocka_unit_test(test_interface_get_list),
        cmocka_unit_test(test_interface_errors),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests_name("libqom/interface", tests, NULL, NULL);
}
