/*
 * Unit tests for the ioeventfd and irqfd requests (kvm-eventfd.c): what
 * each argument becomes in struct kvm_ioeventfd / kvm_irqfd, what KVM
 * would refuse (refused here first, with -EINVAL or -EBADF), and -ENODEV
 * from the public calls while KVM is not running.  No /dev/kvm needed.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kvm-internal.h"

/* kvm-all.c's global, absent from this test: KVM is not running. */
KVMState *kvm_state;

static void test_ioeventfd_pio(void **state)
{
    struct kvm_ioeventfd k;

    assert_int_equal(
        kvm_ioeventfd_fill(&k, 7, 0x501, 0x42, 1, true, true, true), 0);
    assert_int_equal(k.addr, 0x501);
    assert_int_equal(k.len, 1);
    assert_int_equal(k.fd, 7);
    assert_int_equal(k.datamatch, 0x42);
    assert_int_equal(k.flags,
                     KVM_IOEVENTFD_FLAG_PIO | KVM_IOEVENTFD_FLAG_DATAMATCH);

    /* Any value: no datamatch flag and the value is not passed. */
    assert_int_equal(
        kvm_ioeventfd_fill(&k, 7, 0xcfc, 0x1234, 4, true, false, true), 0);
    assert_int_equal(k.datamatch, 0);
    assert_int_equal(k.flags, KVM_IOEVENTFD_FLAG_PIO);

    /* Removal names the same registration. */
    assert_int_equal(
        kvm_ioeventfd_fill(&k, 7, 0x501, 0x42, 1, true, true, false), 0);
    assert_int_equal(k.flags, KVM_IOEVENTFD_FLAG_PIO |
                                  KVM_IOEVENTFD_FLAG_DATAMATCH |
                                  KVM_IOEVENTFD_FLAG_DEASSIGN);
}

static void test_ioeventfd_mmio(void **state)
{
    struct kvm_ioeventfd k;

    assert_int_equal(kvm_ioeventfd_fill(&k, 3, 0xfebf0000ULL,
                                        0x1122334455667788ULL, 8, false, true,
                                        true),
                     0);
    assert_int_equal(k.addr, 0xfebf0000ULL);
    assert_int_equal(k.len, 8);
    assert_int_equal(k.datamatch, 0x1122334455667788ULL);
    assert_int_equal(k.flags, KVM_IOEVENTFD_FLAG_DATAMATCH);
}

static void test_ioeventfd_refused(void **state)
{
    struct kvm_ioeventfd k;

    /* No eventfd. */
    assert_int_equal(kvm_ioeventfd_fill(&k, -1, 0x501, 0, 1, true, false, true),
                     -EBADF);
    /* Widths: ports take 1, 2, 4; memory also 8; nothing else. */
    assert_int_equal(kvm_ioeventfd_fill(&k, 3, 0x501, 0, 8, true, false, true),
                     -EINVAL);
    assert_int_equal(
        kvm_ioeventfd_fill(&k, 3, 0x1000, 0, 3, false, false, true), -EINVAL);
    assert_int_equal(
        kvm_ioeventfd_fill(&k, 3, 0x1000, 0, 0, false, false, true), -EINVAL);
    /* A dword at port 0xfffe runs past the port space. */
    assert_int_equal(kvm_ioeventfd_fill(&k, 3, 0xfffe, 0, 4, true, false, true),
                     -EINVAL);
    assert_int_equal(kvm_ioeventfd_fill(&k, 3, 0xfffc, 0, 4, true, false, true),
                     0);
    /* The end of the address space. */
    assert_int_equal(
        kvm_ioeventfd_fill(&k, 3, UINT64_MAX - 1, 0, 4, false, false, true),
        -EINVAL);
    /* A value the access cannot carry could never match. */
    assert_int_equal(
        kvm_ioeventfd_fill(&k, 3, 0x501, 0x100, 1, true, true, true), -EINVAL);
    assert_int_equal(
        kvm_ioeventfd_fill(&k, 3, 0x501, 0x100, 1, true, false, true), 0);
}

static void test_irqfd(void **state)
{
    struct kvm_irqfd f;

    assert_int_equal(kvm_irqfd_fill(&f, 5, -1, 24, true), 0);
    assert_int_equal(f.fd, 5);
    assert_int_equal(f.gsi, 24);
    assert_int_equal(f.flags, 0);

    /* A resample fd: the level-triggered form. */
    assert_int_equal(kvm_irqfd_fill(&f, 5, 6, 10, true), 0);
    assert_int_equal(f.flags, KVM_IRQFD_FLAG_RESAMPLE);
    assert_int_equal(f.resamplefd, 6);

    /* Removal ignores the resample fd. */
    assert_int_equal(kvm_irqfd_fill(&f, 5, 6, 10, false), 0);
    assert_int_equal(f.flags, KVM_IRQFD_FLAG_DEASSIGN);
    assert_int_equal(f.resamplefd, 0);

    assert_int_equal(kvm_irqfd_fill(&f, -1, -1, 10, true), -EBADF);
    assert_int_equal(kvm_irqfd_fill(&f, 5, -1, -1, true), -EINVAL);
}

/* The public calls without a running KVM: -ENODEV, bad arguments first. */
static void test_without_kvm(void **state)
{
    assert_int_equal(kvm_set_ioeventfd_pio(3, 0x501, 0, true, 1, false),
                     -ENODEV);
    assert_int_equal(kvm_set_ioeventfd_mmio(3, 0x1000, 0, true, 4, false),
                     -ENODEV);
    assert_int_equal(kvm_set_ioeventfd_pio(3, 0x501, 0, true, 3, false),
                     -EINVAL);
    assert_int_equal(kvm_irqchip_add_irqfd_notifier_gsi(3, -1, 24), -ENODEV);
    assert_int_equal(kvm_irqchip_remove_irqfd_notifier_gsi(3, 24), -ENODEV);
    assert_int_equal(kvm_irqchip_add_irqfd_notifier_gsi(-1, -1, 24), -EBADF);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ioeventfd_pio),
        cmocka_unit_test(test_ioeventfd_mmio),
        cmocka_unit_test(test_ioeventfd_refused),
        cmocka_unit_test(test_irqfd),
        cmocka_unit_test(test_without_kvm),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
