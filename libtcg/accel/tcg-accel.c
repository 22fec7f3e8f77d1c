/*
 * The "tcg" accelerator (QOM type tcg-accel): QEMU's options, what the
 * x86 CPUs may advertise under it, and the hooks that give every CPU its
 * TLB, jump cache and thread.
 *
 * Options, as `-accel tcg,...`:
 *   backend=jit|interp  emu's: host code (default) or the IR interpreter
 *   tb-size=N           MiB of translated code before a flush (QEMU's)
 *   thread=multi        one host thread per vCPU (QEMU's; "single" is not
 *                       implemented and refused)
 */
#include <inttypes.h>
#include <string.h>

#include "accel-internal.h"
#include "machine/cpus.h"
#include "machine/reset.h"
#include "util/main-loop.h"
#include "util/error-report.h"
#include "x86-tcg.h"

TCGEngine tcg_engine;
static bool tcg_allowed;

#define TCG_DEFAULT_TB_SIZE_MB 256

/* ---- What the translator implements (CPUID) ---- */

/*
 * Only what the front end and helpers implement: the x87 and MMX but
 * no SSE; paging with 4 MiB pages (and PSE-36), PAE, global pages and
 * execute-disable (target/i386/system/mmu-helper.c); SYSENTER/SYSEXIT;
 * the MTRR, PAT and machine-check MSRs (msr-helper.c: emu has no memory
 * types and raises no #MC, so they only hold values).
 */
static uint64_t tcg_get_supported_feature_word(FeatureWord w)
{
    switch (w) {
    case FEAT_1_EDX:
        return CPUID_FP87 | CPUID_PSE | CPUID_TSC | CPUID_MSR | CPUID_PAE |
               CPUID_MCE | CPUID_CX8 | CPUID_APIC | CPUID_SEP | CPUID_MTRR |
               CPUID_PGE | CPUID_MCA | CPUID_CMOV | CPUID_PAT | CPUID_PSE36 |
               CPUID_MMX;
    case FEAT_8000_0001_EDX:
        return CPUID_EXT2_NX;
    case FEAT_8000_0007_EDX:
        /* The TSC is the virtual clock scaled: invariant, and the same on
         * every vCPU (misc-helper.c); on request (-cpu ...,+invtsc). */
        return CPUID_APM_INVTSC;
    case FEAT_1_ECX:
        /* The local APIC's TSC-deadline mode (msr-helper.c, apic-timer.c). */
        return CPUID_EXT_TSC_DEADLINE_TIMER | CPUID_EXT_HYPERVISOR;
    default:
        return 0;
    }
}

static X86CPUAccelOps tcg_x86_ops = {
    .name = "TCG",
    .uses_host_cpuid = false,
    .get_supported_feature_word = tcg_get_supported_feature_word,
    .supported_xsave_components = 0,
};

/* ---- CPUs ---- */

static bool tcg_cpu_realizefn(CPUState *cs, Error **errp)
{
    AccelCPUState *tcs = g_new0(AccelCPUState, 1);

    cs->accel = tcs;
    cs->exception_index = -1;
    tcs->jmp_cache = g_new0(TranslationBlock *, TB_JMP_CACHE_SIZE);
    tcs->phys_cache = g_new0(TranslationBlock *, TB_PHYS_CACHE_SIZE);
    tlb_init(cs);
    if (!tcg_start_vcpu_thread(cs, errp)) {
        cpu_env(cs)->tcg_tlb = NULL;
        g_free(tcs->tlb);
        g_free(tcs->jmp_cache);
        g_free(tcs->phys_cache);
        g_free(tcs);
        cs->accel = NULL;
        return false;
    }
    return true;
}

static void tcg_accel_cpu_class_init(ObjectClass *oc, void *data)
{
    AccelCPUClass *acc = ACCEL_CPU_CLASS(oc);

    acc->cpu_realizefn = tcg_cpu_realizefn;
}

/* ---- The accelerator ---- */

/* The code generator's buffer, of tcg_engine.code_buf_size bytes. */
static bool tcg_code_buf_create(Error **errp)
{
    TCGCodegenConfig cfg = {
        .tlb_ptr_offset = offsetof(CPUX86State, tcg_tlb),
        .ld_slow = helper_ld_mmu,
        .st_slow = helper_st_mmu,
    };

    tcg_engine.code_buf = tcg_code_buffer_new(tcg_engine.code_buf_size, &cfg);
    if (!tcg_engine.code_buf) {
        error_setg(errp, "Failed to allocate %zu bytes for the "
                         "translation buffer",
                   tcg_engine.code_buf_size);
        return false;
    }
    return true;
}

static bool tcg_init_machine(MachineState *ms, Error **errp)
{
    TCGAccelState *s = TCG_ACCEL(ms->accelerator);

    if (s->thread && strcmp(s->thread, "multi")) {
        if (!strcmp(s->thread, "single")) {
            error_setg(errp, "thread=single is not supported by emu: every "
                             "vCPU runs in a thread of its own");
        } else {
            error_setg(errp, "Invalid 'thread' setting %s", s->thread);
        }
        return false;
    }
    tcg_engine.backend = s->backend;
    tcg_engine.code_buf_size =
        (s->tb_size ? s->tb_size : TCG_DEFAULT_TB_SIZE_MB) * 1024 * 1024;
    if (tcg_engine.backend == TCG_BACKEND_JIT && !tcg_code_buf_create(errp)) {
        return false;
    }
    tb_cache_init();
    tcg_exec_init();
    tcg_memory_listener_register();
    tcg_register_cpus_ops();
    x86_cpu_set_accel_ops(&tcg_x86_ops);
    cpu_accel_attach(ACCEL_CPU_CLASS(object_class_by_name(TYPE_TCG_ACCEL_CPU)));
    /* After the device tree's (machine_create registered it first). */
    qemu_register_reset(tcg_cpus_reset, NULL);
    return true;
}

/* ---- For harnesses running vCPUs themselves (tcg/cpu-exec.h) ---- */

void tcg_exec_flush(void)
{
    tcg_cpus_reset(NULL);
}

const char *tcg_exec_get_backend(void)
{
    return tcg_engine.backend == TCG_BACKEND_INTERP ? "interp" : "jit";
}

bool tcg_exec_set_backend(const char *name, Error **errp)
{
    TCGBackend b;

    if (!strcmp(name, "jit")) {
        b = TCG_BACKEND_JIT;
    } else if (!strcmp(name, "interp")) {
        b = TCG_BACKEND_INTERP;
    } else {
        error_setg(errp, "Invalid 'backend' setting %s (jit or interp)",
                   name);
        return false;
    }
    if (b == TCG_BACKEND_JIT && !tcg_engine.code_buf &&
        !tcg_code_buf_create(errp)) {
        return false;
    }
    /* Blocks hold one back end's code: none may outlive the switch. */
    tcg_cpus_reset(NULL);
    tcg_engine.backend = b;
    return true;
}

bool tcg_exec_check(Error **errp)
{
    CPUState *cpu;

    if (!tcg_exec_lock_free()) {
        error_setg(errp, "a vCPU is still in generated code, or a flush is "
                         "under way (exec_lock held)");
        return false;
    }
    if (qemu_mutex_iothread_locked()) {
        error_setg(errp, "the big lock is still held");
        return false;
    }
    CPU_FOREACH(cpu)
    {
        AccelCPUState *tcs = cpu->accel;

        if (!tcs) {
            continue;
        }
        if (tcs->current_tb || tcs->bounded) {
            error_setg(errp, "CPU %d is still marked as running a block",
                       cpu->cpu_index);
            return false;
        }
        if (cpu->exception_index != -1) {
            error_setg(errp, "CPU %d left exception_index 0x%x pending",
                       cpu->cpu_index, cpu->exception_index);
            return false;
        }
    }
    return tb_cache_check(errp);
}

static char *tcg_get_backend(Object *obj, Error **errp)
{
    return g_strdup(TCG_ACCEL(obj)->backend == TCG_BACKEND_INTERP ? "interp"
                                                                  : "jit");
}

static void tcg_set_backend(Object *obj, const char *value, Error **errp)
{
    TCGAccelState *s = TCG_ACCEL(obj);

    if (!strcmp(value, "jit")) {
        s->backend = TCG_BACKEND_JIT;
    } else if (!strcmp(value, "interp")) {
        s->backend = TCG_BACKEND_INTERP;
    } else {
        error_setg(errp, "Invalid 'backend' setting %s (jit or interp)",
                   value);
    }
}

static char *tcg_get_thread(Object *obj, Error **errp)
{
    TCGAccelState *s = TCG_ACCEL(obj);

    return g_strdup(s->thread ? s->thread : "multi");
}

static void tcg_set_thread(Object *obj, const char *value, Error **errp)
{
    TCGAccelState *s = TCG_ACCEL(obj);

    g_free(s->thread);
    s->thread = g_strdup(value);
}

static void tcg_accel_instance_finalize(Object *obj)
{
    g_free(TCG_ACCEL(obj)->thread);
}

/* x-query-jit: QEMU's "info jit" headings, and where time went. */
static void tcg_dump_jit_info(AccelState *accel, GString *buf)
{
    TBStats st;

    tb_get_stats(&st);
    g_string_append_printf(buf, "Translation buffer state:\n");
    g_string_append_printf(buf, "backend             %s\n",
                           tcg_engine.backend == TCG_BACKEND_JIT ? "jit"
                                                                 : "interp");
    if (tcg_engine.code_buf) {
        g_string_append_printf(buf, "gen code size       %zu/%zu\n",
                               tcg_code_buffer_used(tcg_engine.code_buf),
                               tcg_code_buffer_size(tcg_engine.code_buf));
    }
    g_string_append_printf(buf, "TB count            %" PRIu64 "\n",
                           st.translated);
    g_string_append_printf(buf, "\nStatistics:\n");
    g_string_append_printf(buf, "TB flush count      %" PRIu64 "\n",
                           st.flushes);
    g_string_append_printf(buf, "TB invalidate count %" PRIu64 "\n",
                           st.invalidated);
    g_string_append_printf(buf, "translation time: %.6f s\n",
                           st.translate_ns / 1e9);
}

static void tcg_accel_class_init(ObjectClass *oc, void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->name = "tcg";
    ac->init_machine = tcg_init_machine;
    ac->allowed = &tcg_allowed;
    ac->dump_jit_info = tcg_dump_jit_info;

    object_class_property_add_str(oc, "backend", tcg_get_backend,
                                  tcg_set_backend);
    object_class_property_set_description(
        oc, "backend", "Run translated code as host code (jit, default) or "
                       "in the IR interpreter (interp)");
    object_class_property_add_str(oc, "thread", tcg_get_thread,
                                  tcg_set_thread);
    object_class_property_set_description(
        oc, "thread", "Thread model: multi (one host thread per vCPU)");
    /* Class properties take the field's offset as the pointer. */
    object_class_property_add_uint64_ptr(
        oc, "tb-size", (const uint64_t *)offsetof(TCGAccelState, tb_size),
        OBJ_PROP_FLAG_READWRITE);
    object_class_property_set_description(
        oc, "tb-size", "TCG translation block cache size (MiB)");
}

static const TypeInfo tcg_accel_types[] = {
    {
        .name = TYPE_TCG_ACCEL,
        .parent = TYPE_ACCEL,
        .instance_size = sizeof(TCGAccelState),
        .instance_finalize = tcg_accel_instance_finalize,
        .class_init = tcg_accel_class_init,
    },
    {
        .name = TYPE_TCG_ACCEL_CPU,
        .parent = TYPE_ACCEL_CPU,
        .class_size = sizeof(AccelCPUClass),
        .class_init = tcg_accel_cpu_class_init,
    },
};

DEFINE_TYPES(tcg_accel_types)
