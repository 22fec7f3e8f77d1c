/*
 * -smp: the CPU topology, with QEMU 7.2's rules for the values left out
 * and its messages (qemu-options "-smp"; hw/core/machine-smp.c behaviour,
 * own code).
 */
#include "machine/boards.h"
#include "util/error-report.h"
#include "util/error.h"

/*
 * Multiplication that sticks at UINT64_MAX: the user may give any 64-bit
 * value, and an overflowing product must not look valid.
 */
static uint64_t mul_sat(uint64_t a, uint64_t b)
{
    uint64_t r;

    if (__builtin_mul_overflow(a, b, &r)) {
        return UINT64_MAX;
    }
    return r;
}

typedef struct SmpValues {
    uint64_t cpus, sockets, dies, clusters, cores, threads, maxcpus;
} SmpValues;

static char *smp_hierarchy_string(MachineClass *mc, const SmpValues *v)
{
    GString *s = g_string_new(NULL);

    g_string_append_printf(s, "sockets (%" PRIu64 ")", v->sockets);
    if (mc->smp_props.dies_supported) {
        g_string_append_printf(s, " * dies (%" PRIu64 ")", v->dies);
    }
    if (mc->smp_props.clusters_supported) {
        g_string_append_printf(s, " * clusters (%" PRIu64 ")", v->clusters);
    }
    g_string_append_printf(s, " * cores (%" PRIu64 ")", v->cores);
    g_string_append_printf(s, " * threads (%" PRIu64 ")", v->threads);
    return g_string_free(s, false);
}

char *cpu_hierarchy_to_string(MachineState *ms)
{
    SmpValues v = {
        .sockets = ms->smp.sockets,
        .dies = ms->smp.dies,
        .clusters = ms->smp.clusters,
        .cores = ms->smp.cores,
        .threads = ms->smp.threads,
    };

    return smp_hierarchy_string(MACHINE_GET_CLASS(ms), &v);
}

/* The value given, 0 if omitted (0 given also counts as omitted). */
static uint64_t smp_given(bool has, uint64_t value)
{
    return has ? value : 0;
}

bool machine_parse_smp_config(MachineState *ms, const SMPConfiguration *config,
                              Error **errp)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    SmpValues v = {
        .cpus = smp_given(config->has_cpus, config->cpus),
        .sockets = smp_given(config->has_sockets, config->sockets),
        .dies = smp_given(config->has_dies, config->dies),
        .clusters = smp_given(config->has_clusters, config->clusters),
        .cores = smp_given(config->has_cores, config->cores),
        .threads = smp_given(config->has_threads, config->threads),
        .maxcpus = smp_given(config->has_maxcpus, config->maxcpus),
    };
    uint64_t product;

    /* Deprecated since QEMU 6.2, still accepted (as omitted) by 7.2. */
    if ((config->has_cpus && !config->cpus) ||
        (config->has_sockets && !config->sockets) ||
        (config->has_dies && !config->dies) ||
        (config->has_clusters && !config->clusters) ||
        (config->has_cores && !config->cores) ||
        (config->has_threads && !config->threads) ||
        (config->has_maxcpus && !config->maxcpus)) {
        warn_report("Deprecated CPU topology (considered invalid): "
                    "CPU topology parameters must be greater than zero");
    }

    /* A level the machine lacks may only be given as 1. */
    if (!mc->smp_props.dies_supported && v.dies > 1) {
        error_setg(errp, "dies not supported by this machine's CPU topology");
        return false;
    }
    if (!mc->smp_props.clusters_supported && v.clusters > 1) {
        error_setg(errp,
                   "clusters not supported by this machine's CPU topology");
        return false;
    }
    v.dies = v.dies ? v.dies : 1;
    v.clusters = v.clusters ? v.clusters : 1;

    if (!v.cpus && !v.maxcpus) {
        /* Only levels given: the others are 1, the count is the product. */
        v.sockets = v.sockets ? v.sockets : 1;
        v.cores = v.cores ? v.cores : 1;
        v.threads = v.threads ? v.threads : 1;
    } else {
        v.maxcpus = v.maxcpus ? v.maxcpus : v.cpus;
        if (mc->smp_props.prefer_sockets) {
            /* Machine types before 6.2: sockets over cores over threads. */
            if (!v.sockets) {
                v.cores = v.cores ? v.cores : 1;
                v.threads = v.threads ? v.threads : 1;
                v.sockets = v.maxcpus / mul_sat(mul_sat(v.dies, v.clusters),
                                                mul_sat(v.cores, v.threads));
            } else if (!v.cores) {
                v.threads = v.threads ? v.threads : 1;
                v.cores = v.maxcpus / mul_sat(mul_sat(v.sockets, v.dies),
                                              mul_sat(v.clusters, v.threads));
            }
        } else {
            /* Since 6.2: cores over sockets over threads. */
            if (!v.cores) {
                v.sockets = v.sockets ? v.sockets : 1;
                v.threads = v.threads ? v.threads : 1;
                v.cores = v.maxcpus / mul_sat(mul_sat(v.sockets, v.dies),
                                              mul_sat(v.clusters, v.threads));
            } else if (!v.sockets) {
                v.threads = v.threads ? v.threads : 1;
                v.sockets = v.maxcpus / mul_sat(mul_sat(v.dies, v.clusters),
                                                mul_sat(v.cores, v.threads));
            }
        }
        /* Threads are computed last, from whatever else is known. */
        if (!v.threads) {
            v.threads = v.maxcpus / mul_sat(mul_sat(v.sockets, v.dies),
                                            mul_sat(v.clusters, v.cores));
        }
    }

    product = mul_sat(mul_sat(mul_sat(v.sockets, v.dies), v.clusters),
                      mul_sat(v.cores, v.threads));
    v.maxcpus = v.maxcpus ? v.maxcpus : product;
    v.cpus = v.cpus ? v.cpus : v.maxcpus;

    if (product != v.maxcpus) {
        g_autofree char *topo = smp_hierarchy_string(mc, &v);

        error_setg(errp,
                   "Invalid CPU topology: product of the hierarchy "
                   "must match maxcpus: %s != maxcpus (%" PRIu64 ")",
                   topo, v.maxcpus);
        return false;
    }
    if (v.maxcpus < v.cpus) {
        g_autofree char *topo = smp_hierarchy_string(mc, &v);

        error_setg(errp,
                   "Invalid CPU topology: maxcpus must be equal to or "
                   "greater than smp: %s == maxcpus (%" PRIu64
                   ") < smp_cpus (%" PRIu64 ")",
                   topo, v.maxcpus, v.cpus);
        return false;
    }
    if (v.cpus < (uint64_t)mc->min_cpus) {
        error_setg(errp,
                   "Invalid SMP CPUs %" PRIu64 ". The min CPUs "
                   "supported by machine '%s' is %d",
                   v.cpus, mc->name, mc->min_cpus);
        return false;
    }
    if (v.maxcpus > (uint64_t)mc->max_cpus) {
        error_setg(errp,
                   "Invalid SMP CPUs %" PRIu64 ". The max CPUs "
                   "supported by machine '%s' is %d",
                   v.maxcpus, mc->name, mc->max_cpus);
        return false;
    }

    /* Every value is now at most max_cpus (an int): they fit. */
    ms->smp.cpus = v.cpus;
    ms->smp.sockets = v.sockets;
    ms->smp.dies = v.dies;
    ms->smp.clusters = v.clusters;
    ms->smp.cores = v.cores;
    ms->smp.threads = v.threads;
    ms->smp.max_cpus = v.maxcpus;
    return true;
}
