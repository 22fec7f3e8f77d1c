/*
 * ioeventfds, irqfds and MSIs on a real VM (accel-kvm/kvm.h's calls),
 * in the way of kvm-unit-tests: a VM with 32 KiB of RAM and a few bytes
 * of real-mode code, run with raw KVM ioctls, kvm_state standing in for
 * the accelerator.  Exits 77 (skipped) without a usable /dev/kvm.
 *
 * - A port write the ioeventfd matches signals the eventfd and does not
 *   exit; the next one (another value) exits as usual; after removal
 *   the matching value exits too.
 * - The same for an MMIO write outside the RAM slot.
 * - irqfds: assigned on a GSI of the in-kernel irqchip, refused twice,
 *   removed.
 * - MSIs with the kernel's local APIC only (KVM_CAP_SPLIT_IRQCHIP):
 *   kvm_irqchip_send_msi() and an irqfd on an MSI route of
 *   kvm_irqchip_add_msi_route() each set their vector in the local
 *   APIC's IRR (read back with KVM_GET_LAPIC).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kvm-internal.h"

#define RAM_SIZE 0x8000
#define CODE_ADDR 0x1000
#define TEST_PORT 0x501
#define TEST_MMIO 0x9000

/*
 * Real mode, CS = DS = 0:  mov $0x501, %dx; mov $0x42, %al; out %al, (%dx);
 * mov $0x43, %al; out %al, (%dx); movb $0x42, 0x9000; movb $0x43, 0x9000;
 * hlt.
 */
static const uint8_t guest_code[] = {
    0xba, 0x01, 0x05,             /* mov $0x501, %dx */
    0xb0, 0x42, 0xee,             /* mov $0x42, %al; out */
    0xb0, 0x43, 0xee,             /* mov $0x43, %al; out */
    0xc6, 0x06, 0x00, 0x90, 0x42, /* movb $0x42, 0x9000 */
    0xc6, 0x06, 0x00, 0x90, 0x43, /* movb $0x43, 0x9000 */
    0xf4,                         /* hlt */
};

static int failures;

static void check(int cond, const char *what)
{
    printf("%s: %s\n", cond ? "ok" : "FAIL", what);
    if (!cond) {
        failures++;
    }
}

typedef struct TestVM {
    int kvm, vm, vcpu;
    struct kvm_run *run;
    uint8_t *ram;
} TestVM;

static void die(const char *what)
{
    fprintf(stderr, "test-kvm-ioeventfd: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void vm_create(TestVM *t, int kvm)
{
    struct kvm_userspace_memory_region slot = {
        .slot = 0,
        .guest_phys_addr = 0,
        .memory_size = RAM_SIZE,
    };
    int size;

    t->kvm = kvm;
    t->vm = ioctl(kvm, KVM_CREATE_VM, 0);
    if (t->vm < 0) {
        die("KVM_CREATE_VM");
    }
    t->ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
                  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (t->ram == MAP_FAILED) {
        die("mmap");
    }
    memcpy(t->ram + CODE_ADDR, guest_code, sizeof(guest_code));
    slot.userspace_addr = (uintptr_t)t->ram;
    if (ioctl(t->vm, KVM_SET_USER_MEMORY_REGION, &slot) < 0) {
        die("KVM_SET_USER_MEMORY_REGION");
    }
    t->vcpu = -1;
    size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (size < 0) {
        die("KVM_GET_VCPU_MMAP_SIZE");
    }
    t->vcpu = ioctl(t->vm, KVM_CREATE_VCPU, 0);
    if (t->vcpu < 0) {
        die("KVM_CREATE_VCPU");
    }
    t->run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, t->vcpu, 0);
    if (t->run == MAP_FAILED) {
        die("mmap kvm_run");
    }
}

/* Restart the code from its first instruction. */
static void vm_reset_cpu(TestVM *t)
{
    struct kvm_sregs sregs;
    struct kvm_regs regs = {.rip = CODE_ADDR, .rflags = 2};

    if (ioctl(t->vcpu, KVM_GET_SREGS, &sregs) < 0) {
        die("KVM_GET_SREGS");
    }
    sregs.cs.base = 0;
    sregs.cs.selector = 0;
    sregs.ds.base = 0;
    sregs.ds.selector = 0;
    if (ioctl(t->vcpu, KVM_SET_SREGS, &sregs) < 0 ||
        ioctl(t->vcpu, KVM_SET_REGS, &regs) < 0) {
        die("KVM_SET_SREGS/REGS");
    }
}

/*
 * Run to the HLT, recording each value written by an exit: "P42" for
 * port TEST_PORT, "M43" for TEST_MMIO, in order.
 */
static void vm_run_to_hlt(TestVM *t, char *log, size_t len)
{
    int i;

    log[0] = 0;
    for (i = 0; i < 16; i++) {
        struct kvm_run *run = t->run;
        char item[8];

        if (ioctl(t->vcpu, KVM_RUN, 0) < 0) {
            die("KVM_RUN");
        }
        if (run->exit_reason == KVM_EXIT_HLT) {
            return;
        }
        if (run->exit_reason == KVM_EXIT_IO && run->io.port == TEST_PORT) {
            snprintf(item, sizeof(item), "P%02x ",
                     *((uint8_t *)run + run->io.data_offset));
        } else if (run->exit_reason == KVM_EXIT_MMIO &&
                   run->mmio.phys_addr == TEST_MMIO) {
            snprintf(item, sizeof(item), "M%02x ", run->mmio.data[0]);
        } else {
            snprintf(item, sizeof(item), "?%u ", run->exit_reason);
        }
        g_strlcat(log, item, len);
    }
}

static uint64_t eventfd_take(int fd)
{
    uint64_t count = 0;

    if (read(fd, &count, sizeof(count)) != sizeof(count)) {
        return 0; /* EAGAIN: never signalled */
    }
    return count;
}

static void test_ioeventfds(int kvm)
{
    TestVM t;
    char log[128];
    int pio_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    int mmio_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);

    vm_create(&t, kvm);
    kvm_state->vmfd = t.vm;

    check(kvm_set_ioeventfd_pio(pio_fd, TEST_PORT, 0x42, true, 1, true) == 0,
          "ioeventfd on port 0x501 for 0x42 assigned");
    check(kvm_set_ioeventfd_mmio(mmio_fd, TEST_MMIO, 0x42, true, 1, true) == 0,
          "ioeventfd on 0x9000 for 0x42 assigned");
    vm_reset_cpu(&t);
    vm_run_to_hlt(&t, log, sizeof(log));
    check(!strcmp(log, "P43 M43 "), "matching writes did not exit");
    if (strcmp(log, "P43 M43 ")) {
        printf("  exits: %s\n", log);
    }
    check(eventfd_take(pio_fd) == 1, "the port eventfd was signalled once");
    check(eventfd_take(mmio_fd) == 1, "the MMIO eventfd was signalled once");

    check(kvm_set_ioeventfd_pio(pio_fd, TEST_PORT, 0x42, false, 1, true) == 0,
          "port ioeventfd removed");
    check(kvm_set_ioeventfd_pio(pio_fd, TEST_PORT, 0x42, false, 1, true) ==
              -ENOENT,
          "removing it again: -ENOENT");
    check(kvm_set_ioeventfd_mmio(mmio_fd, TEST_MMIO, 0x42, false, 1, true) == 0,
          "MMIO ioeventfd removed");
    vm_reset_cpu(&t);
    vm_run_to_hlt(&t, log, sizeof(log));
    check(!strcmp(log, "P42 P43 M42 M43 "), "after removal every write exits");
    check(eventfd_take(pio_fd) == 0 && eventfd_take(mmio_fd) == 0,
          "no eventfd signalled after removal");
    close(pio_fd);
    close(mmio_fd);
    close(t.vcpu);
    close(t.vm);
}

static void test_irqfds(int kvm)
{
    int vm = ioctl(kvm, KVM_CREATE_VM, 0);
    int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);

    if (vm < 0 || ioctl(vm, KVM_CREATE_IRQCHIP, 0) < 0) {
        die("KVM_CREATE_VM/KVM_CREATE_IRQCHIP");
    }
    kvm_state->vmfd = vm;
    check(kvm_irqchip_add_irqfd_notifier_gsi(fd, -1, 5) == 0,
          "irqfd on GSI 5 assigned");
    check(kvm_irqchip_add_irqfd_notifier_gsi(fd, -1, 5) == -EBUSY,
          "the same irqfd again: -EBUSY");
    check(kvm_irqchip_remove_irqfd_notifier_gsi(fd, 5) == 0, "irqfd removed");
    check(kvm_irqchip_add_irqfd_notifier_gsi(fd, -1, 5) == 0,
          "and assigned again");
    close(fd);
    close(vm);
}

/* Intel SDM vol. 3A, table 11-1: SVR at 0xf0, IRR from 0x200. */
#define APIC_SVR 0xf0
#define APIC_IRR 0x200

static int lapic_irr_has(int vcpu, int vector)
{
    struct kvm_lapic_state lapic;
    uint32_t reg;

    if (ioctl(vcpu, KVM_GET_LAPIC, &lapic) < 0) {
        die("KVM_GET_LAPIC");
    }
    memcpy(&reg, &lapic.regs[APIC_IRR + (vector / 32) * 0x10], 4);
    return (reg >> (vector % 32)) & 1;
}

static void test_msi(int kvm)
{
    struct kvm_enable_cap split = {.cap = KVM_CAP_SPLIT_IRQCHIP,
                                   .args = {KVM_PC_GSI_COUNT}};
    struct kvm_lapic_state lapic;
    uint32_t svr = 0x1ff; /* software-enabled, spurious vector 0xff */
    uint64_t one = 1;
    int vm = ioctl(kvm, KVM_CREATE_VM, 0);
    int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    int vcpu, gsi, i;

    if (vm < 0 || ioctl(vm, KVM_ENABLE_CAP, &split) < 0) {
        die("KVM_CREATE_VM/KVM_CAP_SPLIT_IRQCHIP");
    }
    vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
    if (vcpu < 0 || ioctl(vcpu, KVM_GET_LAPIC, &lapic) < 0) {
        die("KVM_CREATE_VCPU/KVM_GET_LAPIC");
    }
    memcpy(&lapic.regs[APIC_SVR], &svr, 4);
    if (ioctl(vcpu, KVM_SET_LAPIC, &lapic) < 0) {
        die("KVM_SET_LAPIC");
    }
    kvm_state->vmfd = vm;
    kvm_state->max_gsi = 64;
    kvm_state->msi_gsis = g_hash_table_new(NULL, NULL);

    /* Fixed delivery, physical destination APIC ID 0. */
    check(kvm_irqchip_send_msi(0xfee00000, 0x40) == 1,
          "kvm_irqchip_send_msi: delivered");
    check(lapic_irr_has(vcpu, 0x40), "vector 0x40 pending in the LAPIC");

    gsi = kvm_irqchip_add_msi_route(0xfee00000, 0x41);
    check(gsi >= KVM_PC_GSI_COUNT, "an MSI route above the I/O APIC's GSIs");
    check(kvm_irqchip_add_irqfd_notifier_gsi(fd, -1, gsi) == 0,
          "an irqfd on it");
    check(!lapic_irr_has(vcpu, 0x41), "vector 0x41 not pending before");
    if (write(fd, &one, sizeof(one)) != sizeof(one)) {
        die("eventfd write");
    }
    /* The kernel may inject from a work item: poll a bounded while. */
    for (i = 0; i < 1000 && !lapic_irr_has(vcpu, 0x41); i++) {
        usleep(1000);
    }
    check(lapic_irr_has(vcpu, 0x41),
          "signalling the irqfd made vector 0x41 pending");
    check(kvm_irqchip_update_msi_route(gsi, 0xfee00000, 0x42) == 0,
          "the route changed");
    check(kvm_irqchip_remove_irqfd_notifier_gsi(fd, gsi) == 0 &&
              kvm_irqchip_release_virq(gsi) == 0,
          "irqfd and route released");
    check(kvm_irqchip_release_virq(gsi) == -EINVAL,
          "releasing it again: -EINVAL");
    check(kvm_irqchip_release_virq(3) == -EINVAL,
          "an I/O APIC GSI is no MSI route: -EINVAL");
    kvm_irqchip_free(kvm_state);
    close(fd);
    close(vcpu);
    close(vm);
}

int main(void)
{
    int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);

    if (kvm < 0 || ioctl(kvm, KVM_GET_API_VERSION, 0) != 12) {
        printf("SKIP: /dev/kvm: %s\n",
               kvm < 0 ? strerror(errno) : "unexpected API version");
        return 77;
    }
    kvm_state = g_new0(KVMState, 1);
    kvm_state->irqchip_in_kernel = true;
    test_ioeventfds(kvm);
    test_irqfds(kvm);
    test_msi(kvm);
    g_free(kvm_state);
    close(kvm);
    return failures ? 1 : 0;
}
