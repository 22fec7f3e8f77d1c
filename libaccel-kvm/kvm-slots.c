/*
 * KVM memory slot bookkeeping (kvm-slots.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "kvm-slots.h"

KVMSlotTable *kvm_slots_new(int nr_slots, bool readonly_mem, uint64_t page_size,
                            KVMSetRegionFn set_region, void *opaque)
{
    KVMSlotTable *t = g_new0(KVMSlotTable, 1);

    g_assert(nr_slots > 0 && page_size && !(page_size & (page_size - 1)));
    t->slots = g_new0(KVMSlot, nr_slots);
    t->nr_slots = nr_slots;
    t->readonly_mem = readonly_mem;
    t->page_size = page_size;
    t->set_region = set_region;
    t->opaque = opaque;
    return t;
}

void kvm_slots_free(KVMSlotTable *t)
{
    if (t) {
        g_free(t->slots);
        g_free(t);
    }
}

/*
 * What the guest sees at section: host memory (true, with *flags), or
 * something whose accesses must exit (false).
 */
static bool section_is_memory(const KVMSlotTable *t,
                              const MemoryRegionSection *section,
                              uint32_t *flags)
{
    MemoryRegion *mr = section->mr;
    bool readonly = section->readonly || section->romd;

    if (!memory_region_is_ram(mr) && !section->romd) {
        return false;
    }
    /* Without read-only slots a ROM device's writes could not trap. */
    if (section->romd && !memory_region_is_ram(mr) && !t->readonly_mem) {
        return false;
    }
    *flags = readonly && t->readonly_mem ? KVM_MEM_READONLY : 0;
    return true;
}

/*
 * The whole pages of section: [*start, *start + *size) and its host
 * address; false if none, or if host and guest disagree on alignment.
 */
static bool section_pages(const KVMSlotTable *t,
                          const MemoryRegionSection *section, uint64_t *start,
                          uint64_t *size, void **ram)
{
    uint64_t mask = t->page_size - 1;
    uint64_t begin = section->offset_within_address_space;
    uint64_t end = begin + section->size; /* may wrap to 0 at 2^64 */
    uint64_t aligned_begin = (begin + mask) & ~mask;
    uint64_t aligned_end = end & ~mask;
    uint8_t *host;

    if (end < begin) {
        aligned_end = UINT64_MAX & ~mask;
    }
    if (aligned_begin < begin || aligned_end <= aligned_begin) {
        return false;
    }
    host = memory_region_get_ram_ptr(section->mr);
    if (!host) {
        return false;
    }
    host += section->offset_within_region + (aligned_begin - begin);
    if ((uintptr_t)host & mask) {
        return false;
    }
    *start = aligned_begin;
    *size = aligned_end - aligned_begin;
    *ram = host;
    return true;
}

static int find_slot(const KVMSlotTable *t, uint64_t start, uint64_t size)
{
    int i;

    for (i = 0; i < t->nr_slots; i++) {
        if (t->slots[i].used && t->slots[i].start_addr == start &&
            t->slots[i].memory_size == size) {
            return i;
        }
    }
    return -1;
}

bool kvm_slots_section_add(KVMSlotTable *t, const MemoryRegionSection *section,
                           Error **errp)
{
    struct kvm_userspace_memory_region r;
    uint64_t start, size;
    uint32_t flags;
    void *ram;
    int i, ret;

    if (!section_is_memory(t, section, &flags) ||
        !section_pages(t, section, &start, &size, &ram)) {
        return true;
    }
    for (i = 0; i < t->nr_slots && t->slots[i].used; i++) {
    }
    if (i == t->nr_slots) {
        error_setg(errp,
                   "no free KVM memory slot for 0x%" PRIx64 "+0x%" PRIx64
                   " (%d in use)",
                   start, size, t->nr_slots);
        return false;
    }
    memset(&r, 0, sizeof(r));
    r.slot = i;
    r.flags = flags;
    r.guest_phys_addr = start;
    r.memory_size = size;
    r.userspace_addr = (uintptr_t)ram;
    ret = t->set_region(t->opaque, &r);
    if (ret < 0) {
        error_setg_errno(errp, -ret,
                         "KVM_SET_USER_MEMORY_REGION of 0x%" PRIx64
                         "+0x%" PRIx64 " (%s) failed",
                         start, size, memory_region_name(section->mr));
        return false;
    }
    t->slots[i] = (KVMSlot){
        .used = true,
        .start_addr = start,
        .memory_size = size,
        .ram = ram,
        .flags = flags,
    };
    return true;
}

bool kvm_slots_section_del(KVMSlotTable *t, const MemoryRegionSection *section,
                           Error **errp)
{
    struct kvm_userspace_memory_region r;
    uint64_t start, size;
    uint32_t flags;
    void *ram;
    int i, ret;

    if (!section_is_memory(t, section, &flags) ||
        !section_pages(t, section, &start, &size, &ram)) {
        return true;
    }
    i = find_slot(t, start, size);
    if (i < 0) {
        /* Added while it could not have a slot (e.g. before ROMD). */
        return true;
    }
    memset(&r, 0, sizeof(r));
    r.slot = i;
    r.flags = t->slots[i].flags;
    r.guest_phys_addr = start;
    r.memory_size = 0;
    r.userspace_addr = (uintptr_t)t->slots[i].ram;
    ret = t->set_region(t->opaque, &r);
    if (ret < 0) {
        error_setg_errno(errp, -ret,
                         "deleting KVM memory slot %d (0x%" PRIx64 "+0x%" PRIx64
                         ") failed",
                         i, start, size);
        return false;
    }
    memset(&t->slots[i], 0, sizeof(t->slots[i]));
    return true;
}

const KVMSlot *kvm_slots_lookup(const KVMSlotTable *t, uint64_t gpa)
{
    int i;

    for (i = 0; i < t->nr_slots; i++) {
        const KVMSlot *s = &t->slots[i];

        if (s->used && gpa >= s->start_addr &&
            gpa - s->start_addr < s->memory_size) {
            return s;
        }
    }
    return NULL;
}

int kvm_slots_used(const KVMSlotTable *t)
{
    int i, n = 0;

    for (i = 0; i < t->nr_slots; i++) {
        n += t->slots[i].used;
    }
    return n;
}
