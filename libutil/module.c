/*
 * Init functions registered by constructors, run per kind by main().
 */
#include <assert.h>

#include <glib.h>

#include "util/module.h"

typedef struct ModuleEntry {
    void (*init)(void);
    bool ran;
} ModuleEntry;

static GArray *init_lists[MODULE_INIT_MAX];
static bool init_done[MODULE_INIT_MAX];

void register_module_init(void (*fn)(void), module_init_type type)
{
    ModuleEntry e = {.init = fn};

    assert(fn);
    assert(type >= 0 && type < MODULE_INIT_MAX);
    if (!init_lists[type]) {
        init_lists[type] = g_array_new(false, true, sizeof(ModuleEntry));
    }
    g_array_append_val(init_lists[type], e);
}

void module_call_init(module_init_type type)
{
    GArray *list;
    guint i;

    assert(type >= 0 && type < MODULE_INIT_MAX);
    init_done[type] = true;
    list = init_lists[type];
    if (!list) {
        return;
    }
    /*
     * Index, not pointer: an init function may register more functions,
     * which can reallocate the array; those run in this same pass.
     */
    for (i = 0; i < list->len; i++) {
        ModuleEntry *e = &g_array_index(list, ModuleEntry, i);
        void (*fn)(void) = e->init;

        if (e->ran) {
            continue;
        }
        e->ran = true;
        fn();
    }
}

bool module_init_done(module_init_type type)
{
    assert(type >= 0 && type < MODULE_INIT_MAX);
    return init_done[type];
}
