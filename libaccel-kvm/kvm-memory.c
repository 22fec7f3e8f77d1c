/*
 * The KVM memory listener: address_space_memory's flat view, as memory
 * slots in the VM (the bookkeeping is kvm-slots.c's).  Changes come under
 * the big lock; vCPUs keep running meanwhile, as in QEMU.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

#include "kvm-internal.h"
#include "util/error-report.h"

static int
kvm_set_user_memory_region(void *opaque,
                           const struct kvm_userspace_memory_region *r)
{
    KVMState *s = opaque;

    return kvm_vm_ioctl(s, KVM_SET_USER_MEMORY_REGION, (void *)r);
}

static KVMState *kvm_state_of(MemoryListener *listener)
{
    return (KVMState *)((char *)listener - offsetof(KVMState, memory_listener));
}

/*
 * The listener cannot fail: a slot the kernel refuses leaves guest
 * memory that is not there, so the run ends (QEMU aborts).
 */
static void kvm_region_add(MemoryListener *listener,
                           MemoryRegionSection *section)
{
    KVMState *s = kvm_state_of(listener);
    Error *err = NULL;

    if (!kvm_slots_section_add(s->slots, section, &err)) {
        error_report_err(err);
        exit(1);
    }
}

static void kvm_region_del(MemoryListener *listener,
                           MemoryRegionSection *section)
{
    KVMState *s = kvm_state_of(listener);
    Error *err = NULL;

    if (!kvm_slots_section_del(s->slots, section, &err)) {
        error_report_err(err);
        exit(1);
    }
}

void kvm_memory_listener_register(KVMState *s)
{
    long page = sysconf(_SC_PAGESIZE);

    s->slots = kvm_slots_new(s->nr_slots, s->readonly_mem,
                             page > 0 ? (uint64_t)page : 4096,
                             kvm_set_user_memory_region, s);
    s->memory_listener = (MemoryListener){
        .region_add = kvm_region_add,
        .region_del = kvm_region_del,
        .priority = 10,
        .name = "kvm-memory",
    };
    memory_listener_register(&s->memory_listener, &address_space_memory);
}
