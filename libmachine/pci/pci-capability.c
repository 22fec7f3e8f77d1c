/*
 * Capability lists (PCI 3.0, 6.7): a chain of structures in the
 * device-specific part of the configuration space, each starting with an
 * ID byte and a next pointer, headed by PCI_CAPABILITY_LIST and announced
 * by the status Capabilities List bit.
 */
#include <errno.h>
#include <string.h>

#include "pci-internal.h"

/*
 * At most this many capabilities fit between the header and the end of
 * the conventional space (4 bytes each); a longer walk is a loop.
 */
#define PCI_CAP_MAX ((PCI_CONFIG_SPACE_SIZE - PCI_CONFIG_HEADER_SIZE) / 4)

/*
 * Offset of the next capability after the pointer at ptr, or 0 at the
 * end.  6.7: the bottom two bits of a pointer are reserved and masked.
 */
static uint8_t pci_cap_next(PCIDevice *d, uint8_t ptr)
{
    uint8_t next = d->config[ptr] & ~3;

    return next >= PCI_CONFIG_HEADER_SIZE ? next : 0;
}

/* Offset of capability cap_id and of the pointer to it, or 0. */
static uint8_t pci_find_capability_list(PCIDevice *d, uint8_t cap_id,
                                        uint8_t *prev_p)
{
    uint8_t prev = PCI_CAPABILITY_LIST, next;
    int budget = PCI_CAP_MAX;

    if (!(d->config[PCI_STATUS] & PCI_STATUS_CAP_LIST)) {
        return 0;
    }
    while ((next = pci_cap_next(d, prev)) && budget--) {
        if (d->config[next + PCI_CAP_LIST_ID] == cap_id) {
            if (prev_p) {
                *prev_p = prev;
            }
            return next;
        }
        prev = next + PCI_CAP_LIST_NEXT;
    }
    return 0;
}

uint8_t pci_find_capability(PCIDevice *pci_dev, uint8_t cap_id)
{
    return pci_find_capability_list(pci_dev, cap_id, NULL);
}

/* The capability whose bytes include offset (its start), or 0. */
static uint8_t pci_capability_at(PCIDevice *d, uint8_t offset)
{
    uint8_t prev = PCI_CAPABILITY_LIST, next, found = 0;
    int budget = PCI_CAP_MAX;

    if (!d->used[offset]) {
        return 0;
    }
    while ((next = pci_cap_next(d, prev)) && budget--) {
        if (next <= offset && next > found) {
            found = next;
        }
        prev = next + PCI_CAP_LIST_NEXT;
    }
    return found;
}

/* Bytes a capability of size takes in used[]: whole dwords. */
static unsigned pci_cap_used_size(uint8_t size)
{
    return (size + 3u) & ~3u;
}

/* First dword-aligned offset after the header with size free bytes. */
static int pci_find_space(PCIDevice *d, uint8_t size)
{
    unsigned offset, i;

    for (offset = PCI_CONFIG_HEADER_SIZE;
         offset + size <= PCI_CONFIG_SPACE_SIZE; offset += 4) {
        for (i = 0; i < size && !d->used[offset + i]; i++) {
            continue;
        }
        if (i == size) {
            return offset;
        }
    }
    return 0;
}

int pci_add_capability(PCIDevice *pdev, uint8_t cap_id, uint8_t offset,
                       uint8_t size, Error **errp)
{
    uint8_t *cap;
    unsigned i;

    g_assert(pdev->config);
    g_assert(size >= 2);
    if (!offset) {
        offset = pci_find_space(pdev, size);
        if (!offset) {
            error_setg(errp,
                       "%s:%02x:%02x.%x No room for PCI capability %x "
                       "of %u bytes",
                       pci_root_bus_path(pdev), pci_dev_bus_num(pdev) & 0xff,
                       PCI_SLOT(pdev->devfn), PCI_FUNC(pdev->devfn), cap_id,
                       size);
            return -ENOSPC;
        }
    } else {
        /* Capabilities live dword-aligned in the first 256 bytes. */
        g_assert(!(offset & 3) && offset >= PCI_CONFIG_HEADER_SIZE);
        g_assert(offset + size <= PCI_CONFIG_SPACE_SIZE);
        for (i = offset; i < (unsigned)offset + size; i++) {
            uint8_t other = pci_capability_at(pdev, i);

            if (other) {
                error_setg(errp,
                           "%s:%02x:%02x.%x Attempt to add PCI capability %x "
                           "at offset %x overlaps existing capability %x at "
                           "offset %x",
                           pci_root_bus_path(pdev),
                           pci_dev_bus_num(pdev) & 0xff, PCI_SLOT(pdev->devfn),
                           PCI_FUNC(pdev->devfn), cap_id, offset,
                           pdev->config[other + PCI_CAP_LIST_ID], other);
                return -EINVAL;
            }
        }
    }

    cap = pdev->config + offset;
    cap[PCI_CAP_LIST_ID] = cap_id;
    cap[PCI_CAP_LIST_NEXT] = pdev->config[PCI_CAPABILITY_LIST];
    pdev->config[PCI_CAPABILITY_LIST] = offset;
    pdev->config[PCI_STATUS] |= PCI_STATUS_CAP_LIST;
    memset(pdev->used + offset, 0xff, pci_cap_used_size(size));
    /* Read-only to the guest unless the device opens registers up. */
    memset(pdev->wmask + offset, 0, size);
    memset(pdev->cmask + offset, 0xff, size);
    return offset;
}

void pci_del_capability(PCIDevice *pci_dev, uint8_t cap_id, uint8_t cap_size)
{
    uint8_t prev = 0;
    uint8_t offset = pci_find_capability_list(pci_dev, cap_id, &prev);

    if (!offset) {
        return;
    }
    pci_dev->config[prev] = pci_dev->config[offset + PCI_CAP_LIST_NEXT];
    /* Back to plain device-specific bytes. */
    memset(pci_dev->wmask + offset, 0xff, cap_size);
    memset(pci_dev->w1cmask + offset, 0, cap_size);
    memset(pci_dev->cmask + offset, 0, cap_size);
    memset(pci_dev->used + offset, 0, pci_cap_used_size(cap_size));
    if (!pci_dev->config[PCI_CAPABILITY_LIST]) {
        pci_dev->config[PCI_STATUS] &= ~PCI_STATUS_CAP_LIST;
    }
}
