/*
 * An outside program using libemu-qom alone: it includes only
 * <qom/object.h> and links the installed library found by pkg-config.
 *
 * Three levels (shape -> polygon -> square), one interface (drawable),
 * casts, properties and a small composition tree.  Exits non-zero if
 * anything does not behave as documented.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qom/object.h>

#define TYPE_DRAWABLE "drawable"
#define TYPE_SHAPE "shape"
#define TYPE_POLYGON "polygon"
#define TYPE_SQUARE "square"

typedef struct DrawableClass {
    InterfaceClass parent_class;
    char *(*describe)(Object *obj);
} DrawableClass;

#define DRAWABLE_GET_CLASS(obj)                                             \
    OBJECT_GET_CLASS(DrawableClass, (obj), TYPE_DRAWABLE)

struct Shape {
    Object parent_obj;
    char *colour;
};

struct ShapeClass {
    ObjectClass parent_class;
    const char *kind;
};

OBJECT_DECLARE_TYPE(Shape, ShapeClass, SHAPE)

struct Polygon {
    Shape parent_obj;
    uint32_t sides;
};

OBJECT_DECLARE_SIMPLE_TYPE(Polygon, POLYGON)

struct Square {
    Polygon parent_obj;
    uint64_t side_mm;
};

OBJECT_DECLARE_SIMPLE_TYPE(Square, SQUARE)

static int failures;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok" : "FAIL", what);
    failures += !ok;
}

static char *shape_get_colour(Object *obj, Error **errp)
{
    return g_strdup(SHAPE(obj)->colour);
}

static void shape_set_colour(Object *obj, const char *value, Error **errp)
{
    g_free(SHAPE(obj)->colour);
    SHAPE(obj)->colour = g_strdup(value);
}

static void shape_finalize(Object *obj)
{
    g_free(SHAPE(obj)->colour);
}

static void shape_class_init(ObjectClass *oc, void *data)
{
    SHAPE_CLASS(oc)->kind = "shape";
    object_class_property_add_str(oc, "colour", shape_get_colour,
                                  shape_set_colour);
}

static char *polygon_describe(Object *obj)
{
    return g_strdup_printf("%s %s with %u sides",
                           SHAPE(obj)->colour ? SHAPE(obj)->colour : "plain",
                           SHAPE_GET_CLASS(obj)->kind, POLYGON(obj)->sides);
}

static void polygon_class_init(ObjectClass *oc, void *data)
{
    DrawableClass *dc = OBJECT_CLASS_CHECK(DrawableClass, oc, TYPE_DRAWABLE);

    SHAPE_CLASS(oc)->kind = "polygon";
    dc->describe = polygon_describe;
    object_class_property_add_uint32_ptr(oc, "sides",
                                         (uint32_t *)offsetof(Polygon, sides),
                                         OBJ_PROP_FLAG_READWRITE);
}

static void square_init(Object *obj)
{
    POLYGON(obj)->sides = 4;
}

static void square_class_init(ObjectClass *oc, void *data)
{
    SHAPE_CLASS(oc)->kind = "square";
    object_class_property_add_size_ptr(oc, "side",
                                       (uint64_t *)offsetof(Square, side_mm),
                                       OBJ_PROP_FLAG_READWRITE);
}

static const InterfaceInfo drawable_interfaces[] = {
    {TYPE_DRAWABLE},
    {NULL},
};

static const TypeInfo shape_types[] = {
    {
        .name = TYPE_DRAWABLE,
        .parent = TYPE_INTERFACE,
        .class_size = sizeof(DrawableClass),
    },
    {
        .name = TYPE_SHAPE,
        .parent = TYPE_OBJECT,
        .abstract = true,
        .instance_size = sizeof(Shape),
        .instance_finalize = shape_finalize,
        .class_size = sizeof(ShapeClass),
        .class_init = shape_class_init,
    },
    {
        .name = TYPE_POLYGON,
        .parent = TYPE_SHAPE,
        .instance_size = sizeof(Polygon),
        .class_init = polygon_class_init,
        .interfaces = drawable_interfaces,
    },
    {
        .name = TYPE_SQUARE,
        .parent = TYPE_POLYGON,
        .instance_size = sizeof(Square),
        .instance_init = square_init,
        .class_init = square_class_init,
    },
};

DEFINE_TYPES(shape_types)

int main(void)
{
    Error *err = NULL;
    Object *canvas, *sq, *tri;
    char *path, *text;

    module_call_init(MODULE_INIT_QOM);

    /* Composition tree: /canvas/square0 and /canvas/triangle0 */
    canvas = container_get(object_get_root(), "/canvas");
    sq = object_new(TYPE_SQUARE);
    object_property_add_child(canvas, "square0", sq);
    object_unref(sq);
    tri = object_new_with_props(TYPE_POLYGON, canvas, "triangle0", &err,
                                "sides", "3", "colour", "red", NULL);
    check(tri != NULL && err == NULL, "object_new_with_props");

    check(object_dynamic_cast(sq, TYPE_SHAPE) == sq, "square is a shape");
    check(object_dynamic_cast(sq, TYPE_DRAWABLE) == sq,
          "square implements drawable (inherited)");
    check(object_dynamic_cast(tri, TYPE_SQUARE) == NULL,
          "polygon is not a square");

    object_property_parse(sq, "side", "2K", &error_abort);
    object_property_set_str(sq, "colour", "blue", &error_abort);
    check(SQUARE(sq)->side_mm == 2048, "size property parses 2K");
    check(object_property_get_uint(sq, "sides", &error_abort) == 4,
          "instance_init set sides");

    text = DRAWABLE_GET_CLASS(sq)->describe(sq);
    check(!strcmp(text, "blue square with 4 sides"),
          "interface method reaches the subclass's class data");
    g_free(text);

    object_property_set_int(sq, "colour", 5, &err);
    check(err != NULL, "wrong property type is an error");
    if (err) {
        printf("   (%s)\n", error_get_pretty(err));
        error_free(err);
        err = NULL;
    }

    path = object_get_canonical_path(tri);
    check(!strcmp(path, "/canvas/triangle0"), "canonical path");
    g_free(path);
    check(object_resolve_path("triangle0", NULL) == tri,
          "partial path resolves");

    object_unparent(sq);
    check(object_resolve_path("/canvas/square0", NULL) == NULL,
          "unparented object is gone");

    printf("%s\n", failures ? "FAILED" : "all checks passed");
    return failures ? 1 : 0;
}
