/*
 * The paging guest: 32-bit paging (Intel SDM vol. 3A, chapter 4) as the
 * CPU implements it, checked from inside.
 *
 * 2-level paging (4.3): an identity map of the first 4 MiB in 4 KiB
 * pages and of the next 4 MiB as one 4 MiB page (CR4.PSE), a 4 MiB alias
 * of that, and a page table of aliases at 8 MiB: reads and writes through
 * them, the accessed and dirty bits the CPU sets (4.8), page faults with
 * their CR2 and error code (4.7) for a not-present read, write and fetch,
 * an instruction straddling into a not-present page, a write to a
 * read-only page with CR0.WP=1 (allowed with WP=0), INVLPG and a CR3
 * load making a changed PTE visible (4.10.4); with -append user, from
 * ring 3 (4.6) a user page read and faults for a supervisor page, a
 * read-only page and a not-present one (this needs LTR, which emu's TCG
 * front end lacks so far).  Then PAE paging (4.4):
 * 2 MiB pages, a 4 KiB alias, a not-present fault, a reserved-bit fault,
 * and an execute-disable fetch fault (where CPUID has NX; without it the
 * XD bit is reserved, and the same checks see that fault instead).
 *
 * Prints "paging: N checks passed" and leaves with guest_exit(0), or
 * reports each failed check and leaves with guest_exit(1).
 */
#include <stdint.h>

#include "guest.h"

void guest_main(uint32_t magic, uint32_t info);

#define PTE_P 0x001u
#define PTE_RW 0x002u
#define PTE_US 0x004u
#define PTE_A 0x020u
#define PTE_D 0x040u
#define PTE_PS 0x080u
#define PTE_XD (1ULL << 63)

#define CR0_WP (1u << 16)
#define CR0_PG (1u << 31)
#define CR4_PSE (1u << 4)
#define CR4_PAE (1u << 5)

#define MSR_EFER 0xc0000080u
#define EFER_NXE (1u << 11)

/* Error code bits (SDM vol. 3A, 4.7). */
#define PF_P 0x01u
#define PF_W 0x02u
#define PF_U 0x04u
#define PF_RSVD 0x08u
#define PF_ID 0x10u

/* The linear addresses of the alias table (PD entry 2) and 4 MiB alias. */
#define ALIAS 0x00800000u
#define ALIAS_DATA (ALIAS + 0x0000)
#define ALIAS_NP (ALIAS + 0x1000)
#define ALIAS_RO (ALIAS + 0x2000)
#define ALIAS_SWAP (ALIAS + 0x3000)
#define ALIAS_CODE (ALIAS + 0x4000)
#define ALIAS_CODE_NP (ALIAS + 0x5000)
#define ALIAS_CODE2 (ALIAS + 0x6000) /* code_page again, then code2_page */
#define BIG 0x00400000u              /* identity, one 4 MiB page */
#define BIG_ALIAS 0x00c00000u        /* the same 4 MiB again */

#define PAGE __attribute__((aligned(4096)))

static uint32_t pd[1024] PAGE;
static uint32_t pt_low[1024] PAGE;
static uint32_t pt_alias[1024] PAGE;
static uint64_t pdpt[4] PAGE;
static uint64_t pae_pd[512] PAGE;
static uint64_t pae_pt[512] PAGE;
static uint8_t data_page[4096] PAGE;
static uint8_t ro_page[4096] PAGE;
static uint8_t page_a[4096] PAGE;
static uint8_t page_b[4096] PAGE;
static uint8_t code_page[4096] PAGE;
static uint8_t code2_page[4096] PAGE;

static GuestChecks checks = {"paging", 0, 0};

/* ---- Faults ---- */

/* What the #PF handler saw, and where it resumes (set by each probe). */
volatile uint32_t fault_count, fault_cr2, fault_err, fault_eip;
volatile uint32_t fault_resume;

uint32_t probe_read(uint32_t addr);
void probe_write(uint32_t addr, uint32_t val);
uint32_t probe_exec(uint32_t addr);
void pf_entry(void);
void other_entry(void);

/*
 * The probes: one access each, with fault_resume set to where the #PF
 * handler sends the CPU instead of retrying the access.  probe_exec
 * jumps to code that should RET at once, with its return address pushed.
 */
__asm__(".text\n"
        "probe_read:\n\t"
        "movl 4(%esp), %ecx\n\t"
        "movl $1f, fault_resume\n\t"
        "movl (%ecx), %eax\n"
        "1:\tret\n"
        "probe_write:\n\t"
        "movl 4(%esp), %ecx\n\t"
        "movl 8(%esp), %eax\n\t"
        "movl $1f, fault_resume\n\t"
        "movl %eax, (%ecx)\n"
        "1:\tret\n"
        "probe_exec:\n\t"
        "movl 4(%esp), %ecx\n\t"
        "movl $2f, fault_resume\n\t"
        "pushl $1f\n\t"
        "jmp *%ecx\n"
        "2:\taddl $4, %esp\n"
        "1:\tret\n");

/*
 * #PF: record CR2, the error code and the faulting EIP, then resume at
 * fault_resume.  From ring 0 it returns without IRET, as the irq
 * guest's stubs do (KVM's instruction emulator on a kvm_pvm host
 * emulates only a real-mode IRET): the frame EIP, CS, EFLAGS becomes
 * EFLAGS, EIP for POPF and RET.  From ring 3 only IRET can go back.
 */
__asm__(".text\n"
        "pf_entry:\n\t"
        "pushal\n\t"
        "movl %cr2, %eax\n\t"
        "movl %eax, fault_cr2\n\t"
        "movl 32(%esp), %eax\n\t" /* error code */
        "movl %eax, fault_err\n\t"
        "movl 36(%esp), %eax\n\t" /* EIP */
        "movl %eax, fault_eip\n\t"
        "incl fault_count\n\t"
        "movl fault_resume, %eax\n\t"
        "movl %eax, 36(%esp)\n\t"
        "popal\n\t"
        "addl $4, %esp\n\t"     /* EIP, CS, EFLAGS */
        "testl $3, 4(%esp)\n\t" /* from ring 3: back with IRET */
        "jz 1f\n\t"
        "iret\n"
        "1:\t" GUEST_RET_WITHOUT_IRET /* from ring 0 */
        "other_entry:\n\t"
        "pushl %esp\n\t"
        "call unexpected_exception\n");

/*
 * run_user(fn): fn runs in ring 3 on user_stack (IRET to it); it ends
 * with INT 0x80, whose gate brings the CPU back to ring 0, where the
 * saved registers and stack of run_user's caller are taken up again.
 */
void run_user(void (*fn)(void));
void user_exit_entry(void);
uint32_t kernel_esp;

__asm__(".text\n"
        "run_user:\n\t"
        "pushal\n\t"
        "movl %esp, kernel_esp\n\t"
        "movl 36(%esp), %ecx\n\t"
        "movw $0x23, %ax\n\t"
        "movw %ax, %ds\n\t"
        "movw %ax, %es\n\t"
        "pushl $0x23\n\t"
        "pushl $user_stack + 4096\n\t"
        "pushfl\n\t"
        "pushl $0x1b\n\t"
        "pushl %ecx\n\t"
        "iret\n"
        "user_exit_entry:\n\t"
        "movw $0x10, %ax\n\t"
        "movw %ax, %ds\n\t"
        "movw %ax, %es\n\t"
        "movl kernel_esp, %esp\n\t"
        "popal\n\t"
        "ret\n");

void __attribute__((used, noreturn)) unexpected_exception(uint32_t *frame);

/* Any other exception: its frame (error code or EIP first) and stop. */
void unexpected_exception(uint32_t *frame)
{
    serial_puts("paging: unexpected exception after ");
    serial_put_dec(checks.done);
    serial_puts(" checks, frame");
    for (int i = 0; i < 5; i++) {
        serial_puts(" 0x");
        serial_put_hex(frame[i]);
    }
    serial_putc('\n');
    guest_exit(1);
}

/* ---- Descriptor tables (as the irq guest, plus ring 3 and a TSS) ---- */

#define SEL_CODE3 0x1b
#define SEL_DATA3 0x23
#define SEL_TSS 0x28
#define VEC_USER_EXIT 0x80

/* Null, flat code and data for ring 0, the same for ring 3, the TSS. */
static uint64_t gdt[6] = {0,
                          0x00cf9a000000ffffULL,
                          0x00cf92000000ffffULL,
                          0x00cffa000000ffffULL,
                          0x00cff2000000ffffULL,
                          0};
static uint64_t idt[256];
/* Intel SDM vol. 3A, 7.2.1: only SS0:ESP0 matter here. */
static uint32_t tss[26];
static uint8_t ring0_stack[4096] __attribute__((aligned(16)));
static uint8_t user_stack[4096] __attribute__((used, aligned(16)));

static void set_gate_dpl(int vec, void (*handler)(void), int dpl)
{
    idt[vec] = idt_gate(handler, dpl);
}

static void set_gate(int vec, void (*handler)(void))
{
    set_gate_dpl(vec, handler, 0);
}

static void load_tables(void)
{
    for (int i = 0; i < 256; i++) {
        set_gate(i, other_entry);
    }
    set_gate(14, pf_entry);
    load_descriptor_tables(gdt, sizeof(gdt), idt, sizeof(idt));
}

/* ---- CPU features ---- */

static int cpu_has_nx(void)
{
    uint32_t a, b, c, d;

    __asm__ volatile("cpuid"
                     : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
                     : "a"(0x80000000u));
    if (a < 0x80000001u) {
        return 0;
    }
    __asm__ volatile("cpuid"
                     : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
                     : "a"(0x80000001u));
    return (d >> 20) & 1;
}

/* ---- Checks ---- */

static uint32_t ld(uint32_t addr)
{
    return *(volatile uint32_t *)addr;
}

static void st(uint32_t addr, uint32_t v)
{
    *(volatile uint32_t *)addr = v;
}

static void check(const char *what, uint32_t addr, uint32_t got, uint32_t want)
{
    guest_check(&checks, what, addr, 4, got, want);
}

/* A probe that must fault with this CR2 and error code. */
static void check_fault(const char *what, uint32_t before, uint32_t cr2,
                        uint32_t err)
{
    check(what, cr2, fault_count - before, 1);
    check("CR2", cr2, fault_cr2, cr2);
    check("error code", cr2, fault_err, err);
}

/*
 * A reserved-bit fault: RSVD, and P as the SDM has it (4.7: P is 0 only
 * for a not-present entry), which QEMU 7.2 leaves clear: P not checked.
 */
static void check_fault_rsvd(const char *what, uint32_t before, uint32_t cr2)
{
    check(what, cr2, fault_count - before, 1);
    check("CR2", cr2, fault_cr2, cr2);
    check("error code", cr2, fault_err & ~PF_P, PF_RSVD);
}

static void check_no_fault(const char *what, uint32_t addr, uint32_t before)
{
    check(what, addr, fault_count - before, 0);
}

static void user_mode(void);

static void two_level(int user)
{
    uint32_t n;

    for (int i = 0; i < 1024; i++) {
        pt_low[i] = (uint32_t)i << 12 | PTE_P | PTE_RW;
    }
    pd[0] = (uint32_t)pt_low | PTE_P | PTE_RW;
    pd[1] = BIG | PTE_P | PTE_RW | PTE_PS;
    pd[2] = (uint32_t)pt_alias | PTE_P | PTE_RW;
    pd[3] = BIG | PTE_P | PTE_RW | PTE_PS;
    pt_alias[0] = (uint32_t)data_page | PTE_P | PTE_RW;
    pt_alias[1] = 0;
    pt_alias[2] = (uint32_t)ro_page | PTE_P;
    pt_alias[3] = (uint32_t)page_a | PTE_P | PTE_RW;
    pt_alias[4] = (uint32_t)code_page | PTE_P | PTE_RW;
    pt_alias[5] = 0;
    pt_alias[6] = (uint32_t)code_page | PTE_P | PTE_RW;
    pt_alias[7] = (uint32_t)code2_page | PTE_P | PTE_RW;
    st((uint32_t)data_page, 0x12345678);
    st((uint32_t)ro_page + 8, 0x0badf00d);
    st((uint32_t)page_a, 0xaaaa0001);
    st((uint32_t)page_b, 0xbbbb0002);
    /*
     * NOP, then MOV EAX, imm32 running into the next page: not present
     * after ALIAS_CODE, code2_page (imm32 0x22110000, then RET) after
     * ALIAS_CODE2.
     */
    code_page[0xffc] = 0x90;
    code_page[0xffd] = 0xb8;
    code2_page[0] = 0x11;
    code2_page[1] = 0x22;
    code2_page[2] = 0xc3;

    write_cr4(read_cr4() | CR4_PSE);
    write_cr3((uint32_t)pd);
    write_cr0(read_cr0() | CR0_PG | CR0_WP);

    /* Aliases both ways, and the accessed and dirty bits. */
    check("read through alias", ALIAS_DATA, ld(ALIAS_DATA), 0x12345678);
    st(ALIAS_DATA + 4, 0x9abcdef0);
    check("write through alias", (uint32_t)data_page + 4,
          ld((uint32_t)data_page + 4), 0x9abcdef0);
    check("PTE accessed+dirty after write", ALIAS_DATA,
          pt_alias[0] & (PTE_A | PTE_D), PTE_A | PTE_D);
    check("PDE accessed", ALIAS, pd[2] & PTE_A, PTE_A);
    check("read-only page read", ALIAS_RO + 8, ld(ALIAS_RO + 8), 0x0badf00d);
    check("PTE accessed, not dirty, after read", ALIAS_RO,
          pt_alias[2] & (PTE_A | PTE_D), PTE_A);

    /* 4 MiB pages: identity and alias, A/D in the PDEs. */
    st(BIG + 0x1234, 0x44440004);
    check("4 MiB page through alias", BIG_ALIAS + 0x1234,
          ld(BIG_ALIAS + 0x1234), 0x44440004);
    check("4 MiB PDE accessed+dirty after write", BIG, pd[1] & (PTE_A | PTE_D),
          PTE_A | PTE_D);
    check("4 MiB PDE accessed, not dirty, after read", BIG_ALIAS,
          pd[3] & (PTE_A | PTE_D), PTE_A);

    /* Faults: not present (read, write, fetch), read-only with WP. */
    n = fault_count;
    probe_read(ALIAS_NP + 0x10);
    check_fault("not-present read faults", n, ALIAS_NP + 0x10, 0);
    n = fault_count;
    probe_write(ALIAS_NP + 0x20, 1);
    check_fault("not-present write faults", n, ALIAS_NP + 0x20, PF_W);
    n = fault_count;
    probe_write(ALIAS_RO + 8, 0x11111111);
    check_fault("read-only write with WP faults", n, ALIAS_RO + 8, PF_P | PF_W);
    check("read-only page unchanged", ALIAS_RO + 8, ld(ALIAS_RO + 8),
          0x0badf00d);
    n = fault_count;
    probe_exec(ALIAS_CODE_NP);
    check_fault("not-present fetch faults", n, ALIAS_CODE_NP, 0);
    check("fetch fault EIP", ALIAS_CODE_NP, fault_eip, ALIAS_CODE_NP);
    n = fault_count;
    probe_exec(ALIAS_CODE + 0xffc);
    check_fault("straddling instruction faults", n, ALIAS_CODE_NP, 0);
    check("straddling instruction EIP", ALIAS_CODE + 0xffd, fault_eip,
          ALIAS_CODE + 0xffd);
    n = fault_count;
    check("instruction straddling two present pages", ALIAS_CODE2 + 0xffd,
          probe_exec(ALIAS_CODE2 + 0xffc), 0x22110000);
    check_no_fault("straddling two present pages", ALIAS_CODE2 + 0xffd, n);

    /* CR0.WP clear: the kernel writes to read-only pages. */
    write_cr0(read_cr0() & ~CR0_WP);
    n = fault_count;
    probe_write(ALIAS_RO + 8, 0x22222222);
    check_no_fault("read-only write without WP", ALIAS_RO + 8, n);
    check("read-only page written without WP", (uint32_t)ro_page + 8,
          ld((uint32_t)ro_page + 8), 0x22222222);
    write_cr0(read_cr0() | CR0_WP);

    /* A changed PTE after INVLPG, and after a CR3 load. */
    check("before the PTE changes", ALIAS_SWAP, ld(ALIAS_SWAP), 0xaaaa0001);
    pt_alias[3] = (uint32_t)page_b | PTE_P | PTE_RW;
    invlpg(ALIAS_SWAP);
    check("new PTE after INVLPG", ALIAS_SWAP, ld(ALIAS_SWAP), 0xbbbb0002);
    pt_alias[3] = (uint32_t)page_a | PTE_P | PTE_RW;
    write_cr3((uint32_t)pd);
    check("new PTE after CR3 load", ALIAS_SWAP, ld(ALIAS_SWAP), 0xaaaa0001);

    if (user) {
        user_mode();
    }
    write_cr0(read_cr0() & ~CR0_PG);
}

/*
 * Ring 3 (SDM vol. 3A, 4.6): what each user access saw, checked back in
 * ring 0 (ring 3 has no I/O to report with).
 */
#define USER_PROBES 4
static volatile uint32_t user_faults[USER_PROBES], user_err[USER_PROBES],
    user_cr2[USER_PROBES], user_val;

static void __attribute__((noreturn)) user_main(void)
{
    static const uint32_t addr[USER_PROBES] = {ALIAS_RO + 8, ALIAS_DATA,
                                               ALIAS_RO + 8, ALIAS_NP};

    for (int i = 0; i < USER_PROBES; i++) {
        uint32_t n = fault_count;

        if (i == 2) {
            probe_write(addr[i], 0x33333333);
        } else {
            uint32_t v = probe_read(addr[i]);

            if (i == 0) {
                user_val = v;
            }
        }
        user_faults[i] = fault_count - n;
        user_err[i] = fault_err;
        user_cr2[i] = fault_cr2;
    }
    __asm__ volatile("int $0x80");
    for (;;) {
    }
}

/* The TSS ring 3 needs for coming back to ring 0 (SS0:ESP0). */
static void load_tss(void)
{
    set_gate_dpl(VEC_USER_EXIT, user_exit_entry, 3);
    /* A 32-bit available TSS (type 9), DPL 0, 104 bytes. */
    tss[1] = (uint32_t)ring0_stack + sizeof(ring0_stack); /* ESP0 */
    tss[2] = 0x10;                                        /* SS0 */
    gdt[5] = (sizeof(tss) - 1) | ((uint64_t)(uint32_t)tss & 0xffffff) << 16 |
             (uint64_t)0x89 << 40 | (uint64_t)((uint32_t)tss >> 24) << 56;
    __asm__ volatile("ltr %w0" : : "r"(SEL_TSS) : "memory");
}

static void user_mode(void)
{
    static const struct {
        const char *what;
        uint32_t addr, faults, err;
    } want[USER_PROBES] = {
        {"user read of a user page", ALIAS_RO + 8, 0, 0},
        {"user read of a supervisor page", ALIAS_DATA, 1, PF_P | PF_U},
        {"user write to a read-only page", ALIAS_RO + 8, 1, PF_P | PF_W | PF_U},
        {"user read of a not-present page", ALIAS_NP, 1, PF_U},
    };

    load_tss();
    /* Everything user-accessible but the data alias. */
    for (int i = 0; i < 1024; i++) {
        pt_low[i] |= PTE_US;
    }
    pd[0] |= PTE_US;
    pd[2] |= PTE_US;
    pt_alias[2] |= PTE_US;
    write_cr3((uint32_t)pd);
    run_user(user_main);

    check("user read value", ALIAS_RO + 8, user_val, 0x22222222);
    for (int i = 0; i < USER_PROBES; i++) {
        check(want[i].what, want[i].addr, user_faults[i], want[i].faults);
        if (want[i].faults) {
            check("CR2", want[i].addr, user_cr2[i], want[i].addr);
            check("error code", want[i].addr, user_err[i], want[i].err);
        }
    }
}

static void pae(void)
{
    int nx = cpu_has_nx();
    uint32_t n;

    pdpt[0] = (uint32_t)pae_pd | PTE_P;
    pae_pd[0] = 0x000000 | PTE_P | PTE_RW | PTE_PS;
    pae_pd[1] = 0x200000 | PTE_P | PTE_RW | PTE_PS;
    pae_pd[ALIAS >> 21] = (uint32_t)pae_pt | PTE_P | PTE_RW;
    pae_pt[0] = (uint32_t)data_page | PTE_P | PTE_RW;
    pae_pt[1] = 0;
    /* Bit 62 is reserved whatever MAXPHYADDR (SDM vol. 3A, table 4-11). */
    pae_pt[2] = (uint32_t)page_a | PTE_P | PTE_RW | (1ULL << 62);
    /* A page holding RET, execute-disable. */
    pae_pt[3] = (uint32_t)page_b | PTE_P | PTE_RW | PTE_XD;
    page_b[0] = 0xc3;

    write_cr4(read_cr4() | CR4_PAE);
    write_cr3((uint32_t)pdpt);
    write_cr0(read_cr0() | CR0_PG);

    check("PAE: read through alias", ALIAS, ld(ALIAS), 0x12345678);
    st(ALIAS + 8, 0x55550005);
    check("PAE: write through alias", (uint32_t)data_page + 8,
          ld((uint32_t)data_page + 8), 0x55550005);
    check("PAE: PTE accessed+dirty", ALIAS, pae_pt[0] & (PTE_A | PTE_D),
          PTE_A | PTE_D);
    check("PAE: 2 MiB PDE accessed", 0, pae_pd[0] & PTE_A, PTE_A);

    n = fault_count;
    probe_read(ALIAS + 0x1004);
    check_fault("PAE: not-present read faults", n, ALIAS + 0x1004, 0);
    n = fault_count;
    probe_read(ALIAS + 0x2008);
    check_fault_rsvd("PAE: reserved bit faults", n, ALIAS + 0x2008);

    if (nx) {
        wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
        n = fault_count;
        probe_exec(ALIAS + 0x3000);
        check_fault("PAE: execute-disable fetch faults", n, ALIAS + 0x3000,
                    PF_P | PF_ID);
        n = fault_count;
        check("PAE: execute-disable page readable", ALIAS + 0x3000,
              probe_read(ALIAS + 0x3000) & 0xff, 0xc3);
        check_no_fault("PAE: execute-disable read", ALIAS + 0x3000, n);
    } else {
        /* Without NX, XD is a reserved bit: a reserved-bit fault. */
        n = fault_count;
        probe_exec(ALIAS + 0x3000);
        check_fault_rsvd("PAE: XD without NX faults", n, ALIAS + 0x3000);
        n = fault_count;
        probe_read(ALIAS + 0x3000);
        check("PAE: XD without NX, read", ALIAS + 0x3000, fault_err & ~PF_P,
              PF_RSVD);
        check("PAE: XD without NX, read faults", ALIAS + 0x3000,
              fault_count - n, 1);
    }
    write_cr0(read_cr0() & ~CR0_PG);
}

void guest_main(uint32_t magic, uint32_t info)
{
    load_tables();
    two_level(cmdline_has_word(multiboot_cmdline(magic, info), "user"));
    pae();
    if (checks.failed) {
        serial_puts("paging: ");
        serial_put_dec(checks.failed);
        serial_puts(" of ");
        serial_put_dec(checks.done);
        serial_puts(" checks failed\n");
        guest_exit(1);
    }
    serial_puts("paging: ");
    serial_put_dec(checks.done);
    serial_puts(" checks passed\n");
    guest_exit(0);
}
