/*
 * PCI class codes (PCI Code and ID Assignment Specification) and the
 * vendor and device IDs emu's devices use, with QEMU's names.  Device
 * models add what they need.
 */
#ifndef MACHINE_PCI_IDS_H
#define MACHINE_PCI_IDS_H

/* Base class and sub-class, as in the 16-bit PCI_CLASS_DEVICE register. */
#define PCI_CLASS_NOT_DEFINED 0x0000
#define PCI_CLASS_STORAGE_SCSI 0x0100
#define PCI_CLASS_STORAGE_IDE 0x0101
#define PCI_CLASS_STORAGE_OTHER 0x0180
#define PCI_CLASS_NETWORK_ETHERNET 0x0200
#define PCI_CLASS_NETWORK_OTHER 0x0280
#define PCI_CLASS_DISPLAY_VGA 0x0300
#define PCI_CLASS_DISPLAY_OTHER 0x0380
#define PCI_CLASS_MULTIMEDIA_AUDIO 0x0401
#define PCI_CLASS_MEMORY_RAM 0x0500
#define PCI_CLASS_BRIDGE_HOST 0x0600
#define PCI_CLASS_BRIDGE_ISA 0x0601
#define PCI_CLASS_BRIDGE_PCI 0x0604
#define PCI_CLASS_BRIDGE_OTHER 0x0680
#define PCI_CLASS_COMMUNICATION_SERIAL 0x0700
#define PCI_CLASS_SYSTEM_OTHER 0x0880
#define PCI_CLASS_SERIAL_USB 0x0c03
#define PCI_CLASS_SERIAL_SMBUS 0x0c05
#define PCI_CLASS_OTHERS 0xff

/* Vendors. */
#define PCI_VENDOR_ID_INTEL 0x8086
#define PCI_VENDOR_ID_REDHAT_QUMRANET 0x1af4 /* virtio */
#define PCI_VENDOR_ID_REDHAT 0x1b36          /* QEMU's own devices */
#define PCI_VENDOR_ID_QEMU 0x1234            /* std VGA, edu */

/*
 * The subsystem IDs QEMU gives a type 0 function whose class sets none;
 * emu does the same so guests see identical hardware.
 */
#define PCI_SUBVENDOR_ID_REDHAT_QUMRANET 0x1af4
#define PCI_SUBDEVICE_ID_QEMU 0x1100

/* Intel's i440FX / PIIX chipset functions. */
#define PCI_DEVICE_ID_INTEL_82441 0x1237      /* i440FX host bridge */
#define PCI_DEVICE_ID_INTEL_82371SB_0 0x7000  /* PIIX3 ISA bridge */
#define PCI_DEVICE_ID_INTEL_82371SB_1 0x7010  /* PIIX3 IDE */
#define PCI_DEVICE_ID_INTEL_82371AB_3 0x7113  /* PIIX4 power management */

/* Red Hat / QEMU device IDs. */
#define PCI_DEVICE_ID_REDHAT_BRIDGE 0x0001
#define PCI_DEVICE_ID_REDHAT_TEST 0x0005

#endif /* MACHINE_PCI_IDS_H */
