/*
 * x86 CPU topology: how a vCPU's package/die/core/thread position maps to
 * its initial APIC ID, the way QEMU numbers them.
 *
 * The APIC ID is a bit field: [package][die][core][thread], each field
 * just wide enough for its count (Intel SDM vol. 3A 8.9.1, "Hierarchical
 * Mapping of Shared Resources"; CPUID leaves 0BH/1FH report the shifts).
 * With 3 cores per die the core field is 2 bits wide, so APIC IDs are
 * not contiguous: the board must use these helpers, not cpu_index.
 */
#ifndef MACHINE_X86_TOPOLOGY_H
#define MACHINE_X86_TOPOLOGY_H

#include <stdint.h>

typedef struct X86CPUTopoInfo {
    unsigned dies_per_pkg;
    unsigned cores_per_die;
    unsigned threads_per_core;
} X86CPUTopoInfo;

typedef struct X86CPUTopoIDs {
    unsigned pkg_id;
    unsigned die_id;
    unsigned core_id;
    unsigned smt_id;
} X86CPUTopoIDs;

/* Bits needed for count distinct ids (0 for count <= 1). */
static inline unsigned apicid_bitwidth_for_count(unsigned count)
{
    return count > 1 ? 32 - __builtin_clz(count - 1) : 0;
}

static inline unsigned apicid_smt_width(const X86CPUTopoInfo *t)
{
    return apicid_bitwidth_for_count(t->threads_per_core);
}

static inline unsigned apicid_core_width(const X86CPUTopoInfo *t)
{
    return apicid_bitwidth_for_count(t->cores_per_die);
}

static inline unsigned apicid_die_width(const X86CPUTopoInfo *t)
{
    return apicid_bitwidth_for_count(t->dies_per_pkg);
}

/* Where each field starts in the APIC ID. */
static inline unsigned apicid_core_offset(const X86CPUTopoInfo *t)
{
    return apicid_smt_width(t);
}

static inline unsigned apicid_die_offset(const X86CPUTopoInfo *t)
{
    return apicid_core_offset(t) + apicid_core_width(t);
}

static inline unsigned apicid_pkg_offset(const X86CPUTopoInfo *t)
{
    return apicid_die_offset(t) + apicid_die_width(t);
}

static inline uint32_t x86_apicid_from_topo_ids(const X86CPUTopoInfo *t,
                                                const X86CPUTopoIDs *ids)
{
    return (ids->pkg_id << apicid_pkg_offset(t)) |
           (ids->die_id << apicid_die_offset(t)) |
           (ids->core_id << apicid_core_offset(t)) | ids->smt_id;
}

/* The position of the cpu_index-th vCPU (threads fill cores first). */
static inline void x86_topo_ids_from_idx(const X86CPUTopoInfo *t,
                                         unsigned cpu_index, X86CPUTopoIDs *ids)
{
    unsigned threads = t->threads_per_core;
    unsigned cores = t->cores_per_die;
    unsigned dies = t->dies_per_pkg;

    ids->smt_id = cpu_index % threads;
    ids->core_id = cpu_index / threads % cores;
    ids->die_id = cpu_index / (threads * cores) % dies;
    ids->pkg_id = cpu_index / (threads * cores * dies);
}

static inline void x86_topo_ids_from_apicid(uint32_t apicid,
                                            const X86CPUTopoInfo *t,
                                            X86CPUTopoIDs *ids)
{
    ids->smt_id = apicid & ~(0xFFFFFFFFu << apicid_smt_width(t));
    ids->core_id = (apicid >> apicid_core_offset(t)) &
                   ~(0xFFFFFFFFu << apicid_core_width(t));
    ids->die_id = (apicid >> apicid_die_offset(t)) &
                  ~(0xFFFFFFFFu << apicid_die_width(t));
    ids->pkg_id = apicid >> apicid_pkg_offset(t);
}

/* The initial APIC ID of the cpu_index-th vCPU. */
static inline uint32_t x86_apicid_from_cpu_idx(const X86CPUTopoInfo *t,
                                               unsigned cpu_index)
{
    X86CPUTopoIDs ids;

    x86_topo_ids_from_idx(t, cpu_index, &ids);
    return x86_apicid_from_topo_ids(t, &ids);
}

#endif /* MACHINE_X86_TOPOLOGY_H */
