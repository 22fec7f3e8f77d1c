/*
 * Module initialisation: files register init functions from constructors
 * (type_init(fn) for QOM types), and main() runs each kind once with
 * module_call_init().  Registration order within a kind is link order;
 * anything that must not depend on it (a type's parent) is resolved
 * lazily.
 */
#ifndef UTIL_MODULE_H
#define UTIL_MODULE_H

#include <stdbool.h>

typedef enum {
    MODULE_INIT_MIGRATION,
    MODULE_INIT_BLOCK,
    MODULE_INIT_OPTS,
    MODULE_INIT_QOM,
    MODULE_INIT_TRACE,
    MODULE_INIT_MAX
} module_init_type;

void register_module_init(void (*fn)(void), module_init_type type);

/*
 * Run the init functions registered for type, in registration order.
 * Runs each function once: a second call only runs functions registered
 * since the first (e.g. by a test that registers more).
 */
void module_call_init(module_init_type type);

/* True once module_call_init(type) has been called. */
bool module_init_done(module_init_type type);

#define module_init(function, type)                                         \
    static void __attribute__((constructor)) do_emu_init_##function(void)   \
    {                                                                       \
        register_module_init(function, type);                               \
    }

#define block_init(function) module_init(function, MODULE_INIT_BLOCK)
#define opts_init(function) module_init(function, MODULE_INIT_OPTS)
#define type_init(function) module_init(function, MODULE_INIT_QOM)

#endif /* UTIL_MODULE_H */
