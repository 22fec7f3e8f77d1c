/*
 * PCI configuration space registers and their bits, with the names Linux
 * and QEMU use (pci_regs.h), from the PCI Local Bus Specification 3.0,
 * chapter 6 (type 0 header), and the PCI-to-PCI Bridge Architecture
 * Specification 1.2, chapter 3 (type 1 header).  Offsets are in bytes
 * from the start of a function's configuration space.
 */
#ifndef MACHINE_PCI_REGS_H
#define MACHINE_PCI_REGS_H

/* Sizes: the predefined header, conventional and PCI Express spaces. */
#define PCI_CONFIG_HEADER_SIZE 0x40
#define PCI_CONFIG_SPACE_SIZE 0x100
#define PCIE_CONFIG_SPACE_SIZE 0x1000

/* ---- Common to all header types (PCI 3.0, 6.1 and 6.2) ---- */

#define PCI_VENDOR_ID 0x00 /* 16 bits */
#define PCI_DEVICE_ID 0x02 /* 16 bits */

#define PCI_COMMAND 0x04               /* 16 bits; PCI 3.0, 6.2.2 */
#define PCI_COMMAND_IO 0x1             /* respond to I/O space accesses */
#define PCI_COMMAND_MEMORY 0x2         /* respond to memory space accesses */
#define PCI_COMMAND_MASTER 0x4         /* may act as bus master (DMA) */
#define PCI_COMMAND_SPECIAL 0x8        /* monitor special cycles */
#define PCI_COMMAND_INVALIDATE 0x10    /* memory write and invalidate */
#define PCI_COMMAND_VGA_PALETTE 0x20   /* VGA palette snooping */
#define PCI_COMMAND_PARITY 0x40        /* parity error response */
#define PCI_COMMAND_WAIT 0x80          /* stepping (hardwired 0 since 3.0) */
#define PCI_COMMAND_SERR 0x100         /* SERR# driver enable */
#define PCI_COMMAND_FAST_BACK 0x200    /* fast back-to-back writes */
#define PCI_COMMAND_INTX_DISABLE 0x400 /* INTx# emulation disable */

#define PCI_STATUS 0x06 /* 16 bits; PCI 3.0, 6.2.3 */
#define PCI_STATUS_IMM_READY 0x01
#define PCI_STATUS_INTERRUPT 0x08 /* INTx# asserted by the function */
#define PCI_STATUS_CAP_LIST 0x10  /* capabilities list at 0x34 */
#define PCI_STATUS_66MHZ 0x20
#define PCI_STATUS_UDF 0x40
#define PCI_STATUS_FAST_BACK 0x80
#define PCI_STATUS_PARITY 0x100 /* master data parity error */
#define PCI_STATUS_DEVSEL_MASK 0x600
#define PCI_STATUS_DEVSEL_FAST 0x000
#define PCI_STATUS_DEVSEL_MEDIUM 0x200
#define PCI_STATUS_DEVSEL_SLOW 0x400
#define PCI_STATUS_SIG_TARGET_ABORT 0x800
#define PCI_STATUS_REC_TARGET_ABORT 0x1000
#define PCI_STATUS_REC_MASTER_ABORT 0x2000
#define PCI_STATUS_SIG_SYSTEM_ERROR 0x4000
#define PCI_STATUS_DETECTED_PARITY 0x8000

#define PCI_CLASS_REVISION 0x08 /* revision (8) and class code (24) */
#define PCI_REVISION_ID 0x08
#define PCI_CLASS_PROG 0x09   /* programming interface */
#define PCI_CLASS_DEVICE 0x0a /* base class and sub-class, 16 bits */

#define PCI_CACHE_LINE_SIZE 0x0c
#define PCI_LATENCY_TIMER 0x0d
#define PCI_HEADER_TYPE 0x0e
#define PCI_HEADER_TYPE_NORMAL 0
#define PCI_HEADER_TYPE_BRIDGE 1
#define PCI_HEADER_TYPE_CARDBUS 2
#define PCI_HEADER_TYPE_MULTI_FUNCTION 0x80
#define PCI_BIST 0x0f

/* ---- Type 0 header (PCI 3.0, 6.2.5) ---- */

#define PCI_BASE_ADDRESS_0 0x10
#define PCI_BASE_ADDRESS_1 0x14
#define PCI_BASE_ADDRESS_2 0x18
#define PCI_BASE_ADDRESS_3 0x1c
#define PCI_BASE_ADDRESS_4 0x20
#define PCI_BASE_ADDRESS_5 0x24
/* Bit 0 says which space; then the type bits of a memory BAR. */
#define PCI_BASE_ADDRESS_SPACE 0x01
#define PCI_BASE_ADDRESS_SPACE_IO 0x01
#define PCI_BASE_ADDRESS_SPACE_MEMORY 0x00
#define PCI_BASE_ADDRESS_MEM_TYPE_MASK 0x06
#define PCI_BASE_ADDRESS_MEM_TYPE_32 0x00 /* anywhere below 4 GiB */
#define PCI_BASE_ADDRESS_MEM_TYPE_1M 0x02 /* below 1 MiB (legacy) */
#define PCI_BASE_ADDRESS_MEM_TYPE_64 0x04 /* 64 bits: uses the next BAR */
#define PCI_BASE_ADDRESS_MEM_PREFETCH 0x08
#define PCI_BASE_ADDRESS_MEM_MASK (~0x0fULL)
#define PCI_BASE_ADDRESS_IO_MASK (~0x03ULL)

#define PCI_CARDBUS_CIS 0x28
#define PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define PCI_SUBSYSTEM_ID 0x2e
#define PCI_ROM_ADDRESS 0x30 /* PCI 3.0, 6.2.5.2 */
#define PCI_ROM_ADDRESS_ENABLE 0x01
#define PCI_ROM_ADDRESS_MASK (~0x7ffULL)

#define PCI_CAPABILITY_LIST 0x34 /* offset of the first capability */
#define PCI_INTERRUPT_LINE 0x3c  /* written by firmware, no effect */
#define PCI_INTERRUPT_PIN 0x3d   /* 0 none, 1 INTA# .. 4 INTD# */
#define PCI_MIN_GNT 0x3e
#define PCI_MAX_LAT 0x3f

/* ---- Type 1 header: PCI-to-PCI bridges (bridge spec 1.2, 3.2) ---- */

#define PCI_PRIMARY_BUS 0x18
#define PCI_SECONDARY_BUS 0x19
#define PCI_SUBORDINATE_BUS 0x1a /* highest bus number behind the bridge */
#define PCI_SEC_LATENCY_TIMER 0x1b
#define PCI_IO_BASE 0x1c
#define PCI_IO_LIMIT 0x1d
#define PCI_IO_RANGE_TYPE_MASK 0x0fUL
#define PCI_IO_RANGE_TYPE_16 0x00
#define PCI_IO_RANGE_TYPE_32 0x01
#define PCI_IO_RANGE_MASK (~0x0fUL)
#define PCI_SEC_STATUS 0x1e /* bits as PCI_STATUS, for the secondary */
#define PCI_MEMORY_BASE 0x20
#define PCI_MEMORY_LIMIT 0x22
#define PCI_MEMORY_RANGE_TYPE_MASK 0x0fUL
#define PCI_MEMORY_RANGE_MASK (~0x0fUL)
#define PCI_PREF_MEMORY_BASE 0x24
#define PCI_PREF_MEMORY_LIMIT 0x26
#define PCI_PREF_RANGE_TYPE_MASK 0x0fUL
#define PCI_PREF_RANGE_TYPE_32 0x00
#define PCI_PREF_RANGE_TYPE_64 0x01
#define PCI_PREF_RANGE_MASK (~0x0fUL)
#define PCI_PREF_BASE_UPPER32 0x28
#define PCI_PREF_LIMIT_UPPER32 0x2c
#define PCI_IO_BASE_UPPER16 0x30
#define PCI_IO_LIMIT_UPPER16 0x32
/* 0x34: capability list, as in type 0 */
#define PCI_ROM_ADDRESS1 0x38 /* expansion ROM of a bridge */
/* 0x3c, 0x3d: interrupt line and pin, as in type 0 */
#define PCI_BRIDGE_CONTROL 0x3e /* 16 bits */
#define PCI_BRIDGE_CTL_PARITY 0x01
#define PCI_BRIDGE_CTL_SERR 0x02
#define PCI_BRIDGE_CTL_ISA 0x04       /* ISA alias filtering of I/O */
#define PCI_BRIDGE_CTL_VGA 0x08       /* forward VGA ranges */
#define PCI_BRIDGE_CTL_VGA_16BIT 0x10 /* 16-bit VGA I/O decoding */
#define PCI_BRIDGE_CTL_MASTER_ABORT 0x20
#define PCI_BRIDGE_CTL_BUS_RESET 0x40 /* secondary bus reset */
#define PCI_BRIDGE_CTL_FAST_BACK 0x80
#define PCI_BRIDGE_CTL_DISCARD 0x100 /* primary discard timer */
#define PCI_BRIDGE_CTL_SEC_DISCARD 0x200
#define PCI_BRIDGE_CTL_DISCARD_STATUS 0x400 /* write 1 to clear */
#define PCI_BRIDGE_CTL_DISCARD_SERR 0x800

/* ---- Capabilities (PCI 3.0, 6.7 and appendix H) ---- */

#define PCI_CAP_LIST_ID 0   /* capability ID */
#define PCI_CAP_LIST_NEXT 1 /* next capability, 0 ends the list */
#define PCI_CAP_FLAGS 2
#define PCI_CAP_SIZEOF 4

#define PCI_CAP_ID_PM 0x01 /* power management */
#define PCI_CAP_ID_AGP 0x02
#define PCI_CAP_ID_VPD 0x03    /* vital product data */
#define PCI_CAP_ID_SLOTID 0x04 /* bridge slot identification */
#define PCI_CAP_ID_MSI 0x05
#define PCI_CAP_ID_CHSWP 0x06 /* CompactPCI hot swap */
#define PCI_CAP_ID_PCIX 0x07
#define PCI_CAP_ID_HT 0x08   /* HyperTransport */
#define PCI_CAP_ID_VNDR 0x09 /* vendor specific */
#define PCI_CAP_ID_DBG 0x0a
#define PCI_CAP_ID_CCRC 0x0b
#define PCI_CAP_ID_SHPC 0x0c  /* standard hot-plug controller */
#define PCI_CAP_ID_SSVID 0x0d /* bridge subsystem vendor/device ID */
#define PCI_CAP_ID_AGP3 0x0e
#define PCI_CAP_ID_SECDEV 0x0f
#define PCI_CAP_ID_EXP 0x10 /* PCI Express */
#define PCI_CAP_ID_MSIX 0x11
#define PCI_CAP_ID_SATA 0x12
#define PCI_CAP_ID_AF 0x13 /* advanced features */
#define PCI_CAP_ID_EA 0x14 /* enhanced allocation */

#endif /* MACHINE_PCI_REGS_H */
