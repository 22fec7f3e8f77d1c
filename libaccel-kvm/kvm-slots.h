/*
 * KVM memory slots: which ranges of guest physical memory are backed by
 * host memory in the kernel, kept in step with the flat view of
 * address_space_memory (QEMU's kvm_set_phys_mem rules, own code).
 *
 * A flat-view range becomes a slot when it is RAM, ROM (read-only slot
 * when the kernel has KVM_CAP_READONLY_MEM, else writable as in QEMU) or
 * a ROM device in ROMD mode (only with read-only slots: its writes must
 * trap).  Everything else (MMIO, unassigned) has no slot, so the guest's
 * accesses exit to userspace and go through the memory API.  Slots must
 * be page aligned: a range is shrunk to the whole pages inside it, and a
 * range whose host address is not aligned like its guest address gets
 * no slot (its accesses are then served by the memory API too).  The
 * memory core hands every change as deletions then additions of whole
 * ranges, so an MMIO hole punched into RAM is one deletion and two (or
 * three) additions, and a deletion always names a range added before.
 *
 * No ioctl here: the table calls set_region, which kvm-memory.c points
 * at KVM_SET_USER_MEMORY_REGION and the unit tests at a recorder.
 */
#ifndef LIBACCEL_KVM_SLOTS_H
#define LIBACCEL_KVM_SLOTS_H

#include <linux/kvm.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine/memory.h"
#include "util/error.h"

typedef struct KVMSlot {
    bool used;
    uint64_t start_addr; /* guest physical, page aligned */
    uint64_t memory_size;
    void *ram;      /* host address of start_addr */
    uint32_t flags; /* KVM_MEM_READONLY */
} KVMSlot;

/*
 * Install (memory_size > 0) or delete (memory_size 0) slot r->slot;
 * returns 0 or -errno.
 */
typedef int (*KVMSetRegionFn)(void *opaque,
                              const struct kvm_userspace_memory_region *r);

typedef struct KVMSlotTable {
    KVMSlot *slots; /* index = KVM slot number */
    int nr_slots;
    bool readonly_mem;
    uint64_t page_size;
    KVMSetRegionFn set_region;
    void *opaque;
} KVMSlotTable;

KVMSlotTable *kvm_slots_new(int nr_slots, bool readonly_mem, uint64_t page_size,
                            KVMSetRegionFn set_region, void *opaque);
void kvm_slots_free(KVMSlotTable *t);

/* A range appeared in the flat view: give it a slot if it is memory. */
bool kvm_slots_section_add(KVMSlotTable *t, const MemoryRegionSection *section,
                           Error **errp);
/* A range left the flat view: delete its slot, if it had one. */
bool kvm_slots_section_del(KVMSlotTable *t, const MemoryRegionSection *section,
                           Error **errp);

/* The slot containing gpa, or NULL. */
const KVMSlot *kvm_slots_lookup(const KVMSlotTable *t, uint64_t gpa);
/* Number of slots in use. */
int kvm_slots_used(const KVMSlotTable *t);

#endif /* LIBACCEL_KVM_SLOTS_H */
