/*
 * ioeventfds and irqfds (Documentation/virt/kvm/api.rst, KVM_IOEVENTFD
 * and KVM_IRQFD), QEMU's kvm_set_ioeventfd_* and irqfd names: a guest
 * write of a port or an address signals an eventfd inside the kernel,
 * without an exit, and an eventfd signalled by anyone raises a GSI
 * (an irqchip pin or an MSI route of kvm_irqchip_add_msi_route()).  For
 * devices (virtio) served outside the vCPU threads.
 *
 * The request structures are filled and checked by functions without
 * I/O (unit-tested alone); the rest is one ioctl on the VM.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kvm-internal.h"

int kvm_ioeventfd_fill(struct kvm_ioeventfd *kick, int fd, uint64_t addr,
                       uint64_t val, uint32_t size, bool pio, bool datamatch,
                       bool assign)
{
    memset(kick, 0, sizeof(*kick));
    if (fd < 0) {
        return -EBADF;
    }
    /* Port I/O is at most a dword; the width must be matched exactly. */
    if (size != 1 && size != 2 && size != 4 && (pio || size != 8)) {
        return -EINVAL;
    }
    if (pio ? addr > 0xffff || addr + size > 0x10000 : addr + size < addr) {
        return -EINVAL;
    }
    if (datamatch && size < 8 && (val >> (size * 8))) {
        return -EINVAL;
    }
    kick->addr = addr;
    kick->len = size;
    kick->fd = fd;
    kick->datamatch = datamatch ? val : 0;
    kick->flags = (pio ? KVM_IOEVENTFD_FLAG_PIO : 0) |
                  (datamatch ? KVM_IOEVENTFD_FLAG_DATAMATCH : 0) |
                  (assign ? 0 : KVM_IOEVENTFD_FLAG_DEASSIGN);
    return 0;
}

int kvm_irqfd_fill(struct kvm_irqfd *irqfd, int fd, int rfd, int gsi,
                   bool assign)
{
    memset(irqfd, 0, sizeof(*irqfd));
    if (fd < 0) {
        return -EBADF;
    }
    if (gsi < 0) {
        return -EINVAL;
    }
    irqfd->fd = fd;
    irqfd->gsi = gsi;
    if (!assign) {
        irqfd->flags = KVM_IRQFD_FLAG_DEASSIGN;
    } else if (rfd >= 0) {
        /* Level-triggered: the kernel signals rfd on the EOI. */
        irqfd->flags = KVM_IRQFD_FLAG_RESAMPLE;
        irqfd->resamplefd = rfd;
    }
    return 0;
}

static int kvm_eventfd_vm_ioctl(unsigned long type, void *arg)
{
    int ret;

    if (!kvm_state || kvm_state->vmfd < 0) {
        return -ENODEV;
    }
    ret = ioctl(kvm_state->vmfd, type, arg);
    return ret < 0 ? -errno : ret;
}

static int kvm_set_ioeventfd(int fd, uint64_t addr, uint64_t val, bool assign,
                             uint32_t size, bool datamatch, bool pio)
{
    struct kvm_ioeventfd kick;
    int ret =
        kvm_ioeventfd_fill(&kick, fd, addr, val, size, pio, datamatch, assign);

    return ret < 0 ? ret : kvm_eventfd_vm_ioctl(KVM_IOEVENTFD, &kick);
}

int kvm_set_ioeventfd_pio(int fd, uint16_t addr, uint16_t val, bool assign,
                          uint32_t size, bool datamatch)
{
    return kvm_set_ioeventfd(fd, addr, val, assign, size, datamatch, true);
}

int kvm_set_ioeventfd_mmio(int fd, uint64_t addr, uint64_t val, bool assign,
                           uint32_t size, bool datamatch)
{
    return kvm_set_ioeventfd(fd, addr, val, assign, size, datamatch, false);
}

static int kvm_irqchip_assign_irqfd(int fd, int rfd, int virq, bool assign)
{
    struct kvm_irqfd irqfd;
    int ret = kvm_irqfd_fill(&irqfd, fd, rfd, virq, assign);

    if (ret < 0) {
        return ret;
    }
    if (kvm_state && !kvm_state->irqchip_in_kernel) {
        return -ENODEV;
    }
    return kvm_eventfd_vm_ioctl(KVM_IRQFD, &irqfd);
}

int kvm_irqchip_add_irqfd_notifier_gsi(int fd, int rfd, int virq)
{
    return kvm_irqchip_assign_irqfd(fd, rfd, virq, true);
}

int kvm_irqchip_remove_irqfd_notifier_gsi(int fd, int virq)
{
    return kvm_irqchip_assign_irqfd(fd, -1, virq, false);
}
