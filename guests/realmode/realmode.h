/*
 * What the realmode guest's C and its 16-bit code share: where the code
 * runs below 1 MiB, the GDT selectors it uses and the result slots.
 */
#ifndef REALMODE_H
#define REALMODE_H

/*
 * Real mode reaches only the first MiB: the 16-bit code is copied to
 * RM_BASE and runs with CS = DS = SS = RM_SEG, so that its offsets are
 * its distances from rm_blob.  0x8000-0x1ffff is conventional RAM that
 * neither emu's multiboot loader nor QEMU's uses.
 */
#define RM_BASE 0x8000
#define RM_SEG (RM_BASE >> 4)

/* The GDT (realmode.c): flat 32-bit code and data, then 16-bit ones. */
#define SEL_CODE32 0x08
#define SEL_DATA32 0x10
#define SEL_CODE16 0x18 /* base RM_BASE, limit 0xffff, 16-bit */
#define SEL_DATA16 0x20 /* base RM_BASE, limit 0xffff */
#define SEL_BIG 0x28    /* base 0, limit 4 GiB, for big real mode */

/* Big real mode reads and writes here, above 1 MiB and the image. */
#define BIG_ADDR 0x300000

/* Segment arithmetic: 0x1234:0x5678 and 0x179b:0x0008 are one byte. */
#define SEG_A 0x1234
#define OFF_A 0x5678
#define SEG_B 0x179b
#define OFF_B 0x0008

/* Result slots (32 bits each) the 16-bit code fills. */
#define RES_PM16_CS 0
#define RES_PM16_OP32 1
#define RES_RM_CS 2
#define RES_SEG_ARITH 3
#define RES_ADDR32_SIB 4
#define RES_ADDR16_BXSI 5
#define RES_ADDR16_WRAP 6
#define RES_ADD32 7
#define RES_ADD32_CARRY 8
#define RES_ADD16 9
#define RES_FAR_CALL 10
#define RES_FAR_CALL_IP 11
#define RES_FAR_CALL_CS 12
#define RES_FAR_JMP_CS 13
#define RES_INT_BX 14
#define RES_INT_IP 15
#define RES_INT_CS 16
#define RES_INT_FLAGS 17
#define RES_INT_HANDLER_IF 18
#define RES_IRET_FLAGS 19
#define RES_DE_IP 20
#define RES_DE_COUNT 21
#define RES_PUSH_MIX 22
#define RES_PUSH_MIX_CX 23
#define RES_LDS_SEG 24
#define RES_LDS_VAL 25
#define RES_LMSW_CS 26
#define RES_LMSW_PE 27
#define RES_LMSW_KEEPS_PE 28
#define RES_BIG_READ 29
#define RES_UD_IP 30
#define RES_CR0_PE_CLEAR 31
#define RES_COUNT 32

/* Vectors of the real-mode IVT the 16-bit code installs. */
#define RM_VEC_SOFT 0x40

#endif /* REALMODE_H */
