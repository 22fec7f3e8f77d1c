/*
 * The differential tester's shared half: the test file layout and the
 * code that runs one sequence, built twice from the same sources — into
 * the 32-bit Linux harness (tests/difftest/harness.c) and into the
 * multiboot guest (guest.c) — so that both print byte-identical lines
 * for the same CPU behaviour.  Freestanding: no libc.
 *
 * Fixed addresses (the generator, tests/difftest/gen.py, uses the same):
 * register values derived from addresses (EBP, ESP, LEA results, string
 * pointers) then agree between host and guest.
 */
#ifndef DIFFTEST_H
#define DIFFTEST_H

#include <stdint.h>

#define DT_CODE_ADDR 0x04000000u
#define DT_CODE_SIZE 0x1000u
#define DT_MEM_ADDR  0x04010000u
/* 512 bytes of data addressed through EBP, then 512 bytes of stack. */
#define DT_MEM_SIZE  1024u
#define DT_EBP       (DT_MEM_ADDR + 256)
#define DT_ESP       (DT_MEM_ADDR + 768)

#define DT_FILE_MAGIC 0x54534454u /* "DTST" */
#define DT_FILE_VERSION 2
/* Header flags: the sequences use the x87, print its state too. */
#define DT_FILE_X87 1u
/*
 * The sequences may end with an access that faults: across the end of
 * the page at DT_MEM_ADDR into DT_GUARD_ADDR, which is not mapped (#PF),
 * or through FS, a data segment of DT_FS_LIMIT + 1 bytes at DT_MEM_ADDR,
 * past its limit (#GP(0)).  A fault then prints the error code, EIP and
 * CR2, and the registers, flags, memory (the whole page) and FPU at the
 * fault.
 */
#define DT_FILE_FAULTS 2u
#define DT_FS_LIMIT 511u
#define DT_GUARD_ADDR (DT_MEM_ADDR + 0x1000u)

/* Arithmetic flags and DF: the EFLAGS bits a sequence may change. */
#define DT_FLAGS_MASK 0x0cd5u

enum { DT_EAX, DT_ECX, DT_EDX, DT_EBX, DT_ESP_REG, DT_EBP_REG, DT_ESI, DT_EDI,
       DT_NREGS };

typedef struct DtFileHeader {
    uint32_t magic;
    uint32_t version;
    uint32_t count;
    uint32_t flags;
} DtFileHeader;

/* One sequence; code_len bytes of code follow, padded to 4 bytes. */
typedef struct DtRecord {
    uint32_t mem_seed;   /* xorshift32 seed of the memory contents */
    uint32_t regs[DT_NREGS];
    uint32_t eflags;
    uint32_t flags_mask; /* flags defined at the end of the sequence */
    uint32_t code_len;
    uint32_t fault_mask; /* those defined before its last instruction */
} DtRecord;

typedef struct DtState {
    uint32_t regs[DT_NREGS];
    uint32_t eflags;
} DtState;

/* run.S: load dt_in, FNINIT, jump to dt_entry; the code's trailer jumps
 * back to difftest_return, which saves dt_out and FNSAVEs into dt_fpu
 * (108 bytes, the 32-bit protected-mode image: Intel SDM vol. 1, 8.1.10)
 * and returns.  FNINIT and FNSAVE only with dt_fpu_on (dt_x87 or
 * dt_faults): kvm_pvm's instruction emulator stops at FNSAVE. */
extern DtState dt_in, dt_out;
extern uint32_t dt_fpu[27];
extern int dt_fpu_on;
/* Set from the file header's DT_FILE_X87: dt_format adds the FPU. */
extern int dt_x87;
/* DT_FILE_FAULTS: at a fault, dt_out, dt_fpu and these hold the state. */
extern int dt_faults;
extern uint32_t dt_fault_err, dt_fault_eip, dt_fault_cr2;
extern uint32_t dt_entry;
void difftest_run(void);
void difftest_return(void);

/* Longest line dt_format() writes, with its newline and NUL. */
#define DT_LINE_MAX 192

/*
 * Set up record r (memory, code + trailer, dt_in); returns the next
 * record, or 0 if r runs past end.
 */
const uint8_t *dt_prepare(const uint8_t *r, const uint8_t *end);

/*
 * The result line of sequence index: registers, masked EFLAGS and the
 * memory checksum, or "fault V" when it raised exception vector V
 * (fault < 0: none).  Returns the length.
 */
int dt_format(char *buf, uint32_t index, const uint8_t *r, int fault);

#endif /* DIFFTEST_H */
