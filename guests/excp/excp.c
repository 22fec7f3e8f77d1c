/*
 * The excp guest: exception delivery and privilege transitions as the
 * Intel SDM (vol. 3A, chapters 5 to 7) describes them, checked from
 * inside.
 *
 * Each exception the CPU raises in protected mode, with its vector,
 * error code and saved EIP (the instruction for a fault, the next one
 * for a trap): #DE; #DB from TF single step, with DR6.BS (with -append
 * drbp also DR0/DR1 execute and write breakpoints); #BP; #OF (INTO); #BR
 * (BOUND); #UD; #NM (CR0.TS, CR0.EM, WAIT with TS and MP); #DF (a #DE
 * whose gate is not present) through an interrupt gate, then through a
 * task gate (a task switch: back link, busy bits, IRET back); #TS (a
 * jump to a TSS with a too small limit); #NP (a segment and an IDT gate
 * not present); #SS (a not-present stack segment); #GP (a selector
 * beyond the GDT, execute-only code into DS, a jump to a data segment,
 * a null SS); #PF with CR2; with -append seglimit (QEMU's TCG has no
 * segment checks on data accesses) #GP(0) from data accesses past a
 * segment's limit, writes to read-only data and to code, a null FS, and
 * #SS(0) below an expand-down stack segment's limit; #MF (an unmasked x87 zero divide with
 * CR0.NE); and a rep movsb that faults on its destination half-way:
 * ECX, ESI, EDI at the fault, the copy completed when the instruction
 * restarts.  Not #AC: QEMU's TCG does not check alignment.
 *
 * Then ring 3 (IRET to it), INT 0x80 through a DPL-3 gate (the stack
 * switch to the TSS's SS0:ESP0 with the ring-3 SS:ESP pushed), #GP for
 * INT n through a DPL-0 gate, HLT, CLI, OUT (IOPL 0, no I/O bitmap) and
 * a ring-0 data segment from ring 3, a call gate to ring 0 with one
 * parameter and LRET back, and SYSENTER/SYSEXIT (#UD where CPUID does
 * not offer them).
 *
 * Prints "excp: N checks passed" and leaves with guest_exit(0), or
 * reports each failed check and leaves with guest_exit(1).
 */
#include <stdint.h>

#include "excp.h"
#include "guest.h"

void guest_main(uint32_t magic, uint32_t info);

#define PROBE(name)                                                            \
    void name(void);                                                           \
    extern const uint8_t name##_insn[], name##_next[]

PROBE(probe_de);
PROBE(probe_step);
PROBE(probe_bp_exec);
PROBE(probe_bp_write);
PROBE(probe_int3);
PROBE(probe_into);
PROBE(probe_bound);
PROBE(probe_ud2);
PROBE(probe_fnop);
PROBE(probe_wait);
PROBE(probe_mf);
PROBE(probe_int_np);
PROBE(probe_jmp_small_tss);
PROBE(probe_ds_np);
PROBE(probe_ss_np);
PROBE(probe_ds_beyond);
PROBE(probe_ds_exec_only);
PROBE(probe_jmp_data);
PROBE(probe_ss_null);
PROBE(probe_read);
PROBE(probe_syscall);
PROBE(probe_int_ring0_gate);
PROBE(probe_hlt);
PROBE(probe_cli);
PROBE(probe_out);
PROBE(probe_ds_ring0);
PROBE(probe_fs_load);
PROBE(probe_fs_loadb);
PROBE(probe_fs_store);
PROBE(probe_cs_load);
PROBE(probe_cs_store);
PROBE(probe_ss_expdown);
extern uint32_t probe_eax;
void probe_rep(void);
extern const uint8_t probe_rep_insn[];
void probe_call_gate(void);
extern const uint8_t probe_call_gate_ret[];
void probe_sysenter(void);
extern const uint8_t probe_sysenter_insn[], probe_sysenter_ret[];

extern void (*const exc_stubs[32])(void);
void exc_stub_0x80(void);
void exc_stub_0x82(void);
void exc_stub_0x50(void);
void run_user(void (*fn)(void));
void user_exit_entry(void);
void call_gate_entry(void);
void sysenter_entry(void);
void df_task_entry(void);

/* Shared with probes.S. */
uint32_t exc_resume, kernel_esp, probe_esp, syscall_esp, syscall_eax;
uint32_t gate_cs, gate_frame[5], gate_esp, gate_eax, gate_back_cs;
uint32_t sysenter_cs, sysenter_ss, sysenter_esp, sysenter_eax, sysexit_cs,
    sysexit_ss;
uint32_t pf_addr, rep_src, rep_dst, rep_count, rep_after[3];
uint32_t watch_var, df_err, df_eflags;
uint8_t user_stack[4096] __attribute__((aligned(16)));

#define EFLAGS_TF (1u << 8)
#define CR0_MP (1u << 1)
#define CR0_EM (1u << 2)
#define CR0_TS (1u << 3)
#define CR0_NE (1u << 5)
#define CR0_PG (1u << 31)
#define CR4_PSE (1u << 4)
#define DR6_BS (1u << 14)
#define FSW_ZE 0x04u
#define FSW_ES 0x80u
#define PTE_P 0x001u
#define PTE_RW 0x002u
#define PTE_PS 0x080u
#define MSR_SYSENTER_CS 0x174
#define MSR_SYSENTER_ESP 0x175
#define MSR_SYSENTER_EIP 0x176
/* An IDT error code names a gate: index << 3, IDT bit (SDM 6.13). */
#define ERR_IDT(vec) ((vec) << 3 | 2)
#define NO_ERR 0xffffffffu

static GuestChecks checks = {"excp", 0, 0};

/* ---- Exceptions: what the handler saw ---- */

typedef struct ExcFrame {
    uint32_t es, ds, edi, esi, ebp, esp0, ebx, edx, ecx, eax;
    uint32_t vec, err, eip, cs, eflags, esp, ss; /* ESP, SS: from ring 3 */
} ExcFrame;

typedef struct ExcRecord {
    uint32_t vec, err, eip, cs, esp, ss, frame, ecx, esi, edi, cr2, aux;
} ExcRecord;

#define LOG_SIZE 64
static ExcRecord exc_log[LOG_SIZE];
static volatile uint32_t exc_n;
/* #PF: make this PTE present and restart the instruction. */
static volatile uint32_t *pf_fix_pte;

void __attribute__((used)) exc_dispatch(ExcFrame *f);

void exc_dispatch(ExcFrame *f)
{
    ExcRecord *r = &exc_log[exc_n % LOG_SIZE];

    r->vec = f->vec;
    r->err = f->err;
    r->eip = f->eip;
    r->cs = f->cs;
    r->esp = (f->cs & 3) ? f->esp : 0;
    r->ss = (f->cs & 3) ? f->ss : 0;
    r->frame = (uint32_t)&f->eip;
    r->ecx = f->ecx;
    r->esi = f->esi;
    r->edi = f->edi;
    r->cr2 = f->vec == 14 ? read_cr2() : 0;
    r->aux = 0;
    if (f->vec == 1) {
        __asm__ volatile("movl %%dr6, %0" : "=r"(r->aux));
        __asm__ volatile("movl %0, %%dr6" : : "r"(0u));
    }
    if (f->vec == 16) {
        uint16_t sw;

        __asm__ volatile("fnstsw %0; fnclex" : "=m"(sw));
        r->aux = sw;
    }
    if (f->vec == VEC_SYSCALL) {
        f->eax = SYSCALL_RESULT;
    }
    f->eflags &= ~EFLAGS_TF;
    exc_n++;
    if (f->vec == 14 && pf_fix_pte) {
        *pf_fix_pte |= PTE_P;
        pf_fix_pte = 0;
        invlpg(r->cr2);
        return;
    }
    if (!exc_resume || exc_n > 200) {
        serial_puts("excp: unexpected exception ");
        serial_put_dec(f->vec);
        serial_puts(" error code 0x");
        serial_put_hex(f->err);
        serial_puts(" at 0x");
        serial_put_hex(f->cs);
        serial_puts(":0x");
        serial_put_hex(f->eip);
        serial_puts(" after ");
        serial_put_dec(checks.done);
        serial_puts(" checks\n");
        guest_exit(1);
    }
    f->eip = exc_resume;
    exc_resume = 0;
}

/* ---- Descriptor tables ---- */

static uint64_t gdt[GDT_ENTRIES] = {
    0,
    0x00cf9a000000ffffULL, /* ring-0 code */
    0x00cf92000000ffffULL, /* ring-0 data */
    0x00cffa000000ffffULL, /* ring-3 code */
    0x00cff2000000ffffULL, /* ring-3 data */
    0,                     /* TSS */
    0x00cf12000000ffffULL, /* not-present data */
    0,                     /* call gate */
    0x00cf98000000ffffULL, /* execute-only code */
    0,                     /* small TSS */
    0,                     /* the #DF task's TSS */
    0,                     /* data at seg_buf, limit 0xff */
    0x00cf90000000ffffULL, /* read-only data */
    0,                     /* expand-down data below the stack */
};
static uint64_t idt[256];
/* Intel SDM vol. 3A, 7.2.1: ring transitions need only SS0:ESP0. */
static uint32_t tss[26], small_tss[26], df_tss[26];
static uint8_t df_stack[1024] __attribute__((aligned(16)));
static uint8_t ring0_stack[4096] __attribute__((aligned(16)));
static uint8_t sysenter_stack[1024] __attribute__((aligned(16)));

static uint64_t tss_desc(uint32_t base, uint32_t limit)
{
    /* A 32-bit available TSS (type 9), DPL 0, byte granular. */
    return (limit & 0xffff) | (uint64_t)(base & 0xffffff) << 16 |
           (uint64_t)0x89 << 40 | (uint64_t)(base >> 24) << 56;
}

/* SDM vol. 3A, 5.8.3, figure 5-8: a 32-bit call gate (type 12). */
static uint64_t call_gate(uint16_t sel, void (*fn)(void), int dpl, int params)
{
    uint32_t off = (uint32_t)fn;

    return (off & 0xffff) | (uint64_t)sel << 16 | (uint64_t)params << 32 |
           (uint64_t)(0x8c00 | dpl << 13) << 32 | (uint64_t)(off >> 16) << 48;
}

static void set_gate(int vec, void (*handler)(void), int dpl)
{
    idt[vec] = idt_gate(handler, dpl);
}

static void load_tables(void)
{
    for (int i = 0; i < 32; i++) {
        set_gate(i, exc_stubs[i], 0);
    }
    set_gate(VEC_SYSCALL, exc_stub_0x80, 3);
    set_gate(VEC_USER_EXIT, user_exit_entry, 3);
    set_gate(VEC_RING0_ONLY, exc_stub_0x82, 0);
    set_gate(VEC_NOT_PRESENT, exc_stub_0x50, 0);
    idt[VEC_NOT_PRESENT] &= ~(1ULL << 47);
    gdt[SEL_TSS >> 3] = tss_desc((uint32_t)tss, sizeof(tss) - 1);
    gdt[SEL_CALL_GATE >> 3] = call_gate(SEL_CODE0, call_gate_entry, 3, 1);
    gdt[SEL_SMALL_TSS >> 3] = tss_desc((uint32_t)small_tss, 0x1f);
    gdt[SEL_DF_TSS >> 3] = tss_desc((uint32_t)df_tss, sizeof(df_tss) - 1);
    tss[1] = (uint32_t)ring0_stack + sizeof(ring0_stack); /* ESP0 */
    tss[2] = SEL_DATA0;                                   /* SS0 */
    /* The I/O map base beyond the limit: no I/O bitmap (SDM 19.5.2). */
    tss[25] = sizeof(tss) << 16;
    load_descriptor_tables(gdt, sizeof(gdt), idt, sizeof(idt));
    __asm__ volatile("ltr %w0" : : "r"(SEL_TSS) : "memory");
}

/* ---- Debug registers ---- */

static void write_dr(int n, uint32_t v)
{
    switch (n) {
    case 0:
        __asm__ volatile("movl %0, %%dr0" : : "r"(v));
        break;
    case 1:
        __asm__ volatile("movl %0, %%dr1" : : "r"(v));
        break;
    default:
        __asm__ volatile("movl %0, %%dr7" : : "r"(v));
        break;
    }
}

/* ---- The #DF task ---- */

#define TSS_LINK 0
#define TSS_CR3 7
#define TSS_EIP 8
#define TSS_EFLAGS 9
#define TSS_ESP 14
#define TSS_ES 18 /* then CS, SS, DS, FS, GS */
#define TSS_IOMAP 25
#define EFLAGS_NT (1u << 14)
#define TSS_TYPE_BUSY 0xb

static uint32_t df_link, df_old_eip, df_old_type, df_type;

static uint32_t gdt_type(int sel)
{
    return (uint32_t)(gdt[sel >> 3] >> 40) & 0xf;
}

static void set_gate(int vec, void (*handler)(void), int dpl);

/* Called in the #DF task: the links, then the faulting task moves on. */
void __attribute__((used)) df_task_switched(void);

void df_task_switched(void)
{
    df_link = df_tss[TSS_LINK] & 0xffff;
    df_old_eip = tss[TSS_EIP];
    df_old_type = gdt_type(SEL_TSS);
    df_type = gdt_type(SEL_DF_TSS);
    set_gate(0, exc_stubs[0], 0);
    tss[TSS_EIP] = (uint32_t)probe_de_next;
    exc_resume = 0;
}

static void setup_df_task(void)
{
    uint32_t cr3;

    __asm__ volatile("movl %%cr3, %0" : "=r"(cr3));
    df_tss[TSS_CR3] = cr3;
    df_tss[TSS_EIP] = (uint32_t)df_task_entry;
    df_tss[TSS_EFLAGS] = 2;
    df_tss[TSS_ESP] = (uint32_t)df_stack + sizeof(df_stack);
    for (int i = 0; i < 6; i++) {
        df_tss[TSS_ES + i] = i == 1 ? SEL_CODE0 : SEL_DATA0;
    }
    df_tss[TSS_IOMAP] = sizeof(df_tss) << 16;
    /* SDM vol. 3A, 7.2.5: a task gate (type 5) names the TSS. */
    idt[8] = (uint64_t)SEL_DF_TSS << 16 | (uint64_t)0x8500 << 32;
}

/* ---- Checks ---- */

static void check(const char *what, uint32_t got, uint32_t want)
{
    guest_check(&checks, what, 0, 4, got, want);
}

/*
 * Run probe; it must raise exactly one exception, vector vec with error
 * code err (NO_ERR: none pushed, the stub's 0) and saved EIP eip.
 * Returns the record (a zeroed one when the count is wrong).
 */
static const ExcRecord *expect(const char *what, void (*probe)(void),
                               uint32_t vec, uint32_t err, const void *eip)
{
    static const ExcRecord none;
    uint32_t n0 = exc_n;
    const ExcRecord *r;

    probe();
    guest_check(&checks, what, vec, 4, exc_n - n0, 1);
    if (exc_n - n0 != 1) {
        return &none;
    }
    r = &exc_log[n0 % LOG_SIZE];
    guest_check(&checks, "vector", (uint32_t)eip, 4, r->vec, vec);
    guest_check(&checks, "error code", (uint32_t)eip, 4, r->err,
                err == NO_ERR ? 0 : err);
    if (eip) {
        guest_check(&checks, "saved EIP", vec, 4, r->eip, (uint32_t)eip);
    }
    return r;
}

static void no_exception(const char *what, void (*probe)(void))
{
    uint32_t n0 = exc_n;

    probe();
    exc_resume = 0;
    guest_check(&checks, what, 0, 4, exc_n - n0, 0);
}

/*
 * Debug-register breakpoints (-append drbp: emu does not implement
 * them, and issue 10's CPU does not need them).
 */
static void breakpoints(void)
{
    const ExcRecord *r;

    /* SDM vol. 3A, 17.2.4: L0 execute, L1 4-byte write breakpoints. */
    write_dr(0, (uint32_t)probe_bp_exec_insn);
    write_dr(7, 0x00000001);
    r = expect("#DB from a DR0 execute breakpoint (fault)", probe_bp_exec, 1,
               NO_ERR, probe_bp_exec_insn);
    check("#DB execute breakpoint: DR6.B0", r->aux & 1, 1);
    write_dr(1, (uint32_t)&watch_var);
    write_dr(7, 0x00d00004);
    r = expect("#DB from a DR1 write breakpoint (trap)", probe_bp_write, 1,
               NO_ERR, probe_bp_write_next);
    check("#DB write breakpoint: DR6.B1", r->aux & 2, 2);
    check("#DB write breakpoint: written", watch_var, 0x77777777);
    write_dr(7, 0);
}

static void debug(int drbp)
{
    const ExcRecord *r;

    r = expect("#DB single step (trap)", probe_step, 1, NO_ERR,
               probe_step_next);
    check("#DB single step: DR6.BS", r->aux & DR6_BS, DR6_BS);
    if (drbp) {
        breakpoints();
    }
}

static void vectors(int drbp)
{
    const ExcRecord *r;
    uint32_t cr0 = read_cr0() & ~(CR0_TS | CR0_EM | CR0_MP), n;

    expect("#DE from DIV by zero", probe_de, 0, NO_ERR, probe_de_insn);
    debug(drbp);
    expect("#BP from INT3 (trap)", probe_int3, 3, NO_ERR, probe_int3_next);
    expect("#OF from INTO (trap)", probe_into, 4, NO_ERR, probe_into_next);
    expect("#BR from BOUND", probe_bound, 5, NO_ERR, probe_bound_insn);
    expect("#UD from UD2", probe_ud2, 6, NO_ERR, probe_ud2_insn);

    /* SDM vol. 3A, table 2-2: TS and EM for x87 instructions, MP for WAIT. */
    write_cr0(cr0 | CR0_TS);
    expect("#NM from FNOP with CR0.TS", probe_fnop, 7, NO_ERR, probe_fnop_insn);
    no_exception("no #NM from WAIT with CR0.TS, MP clear", probe_wait);
    write_cr0(cr0 | CR0_TS | CR0_MP);
    expect("#NM from WAIT with CR0.TS and MP", probe_wait, 7, NO_ERR,
           probe_wait_insn);
    write_cr0(cr0 | CR0_EM);
    expect("#NM from FNOP with CR0.EM", probe_fnop, 7, NO_ERR, probe_fnop_insn);
    write_cr0(cr0 | CR0_MP | CR0_NE);
    no_exception("FNOP without TS or EM", probe_fnop);
    r = expect("#MF from an unmasked zero divide at FWAIT", probe_mf, 16,
               NO_ERR, probe_mf_insn);
    check("#MF: FSW ES and ZE", r->aux & (FSW_ES | FSW_ZE), FSW_ES | FSW_ZE);

    /* SDM vol. 3A, table 6-5: contributory then contributory is #DF. */
    idt[0] &= ~(1ULL << 47);
    expect("#DF from #DE with its gate not present", probe_de, 8, 0, 0);
    set_gate(0, exc_stubs[0], 0);
    /* The same through a task gate: a task switch and back with IRET. */
    setup_df_task();
    idt[0] &= ~(1ULL << 47);
    n = exc_n;
    probe_de();
    check("#DF task: no exception handled in the faulting task", exc_n - n, 0);
    check("#DF task: error code on its stack", df_err, 0);
    check("#DF task: EFLAGS.NT", df_eflags & EFLAGS_NT, EFLAGS_NT);
    check("#DF task: back link", df_link, SEL_TSS);
    check("#DF task: faulting EIP saved in the old TSS", df_old_eip,
          (uint32_t)probe_de_insn);
    check("#DF task: old TSS busy", df_old_type, TSS_TYPE_BUSY);
    check("#DF task: its TSS busy", df_type, TSS_TYPE_BUSY);
    check("#DF task: its TSS free after IRET", gdt_type(SEL_DF_TSS), 9);
    check("#DF task: old TSS busy again", gdt_type(SEL_TSS), TSS_TYPE_BUSY);
    idt[8] = idt_gate(exc_stubs[8], 0);

    expect("#TS from a jump to a TSS below 0x67 bytes", probe_jmp_small_tss, 10,
           SEL_SMALL_TSS, probe_jmp_small_tss_insn);
    expect("#NP from a not-present data segment", probe_ds_np, 11,
           SEL_NOT_PRESENT, probe_ds_np_insn);
    expect("#NP from INT n with its gate not present", probe_int_np, 11,
           ERR_IDT(VEC_NOT_PRESENT), probe_int_np_insn);
    expect("#SS from a not-present stack segment", probe_ss_np, 12,
           SEL_NOT_PRESENT, probe_ss_np_insn);
    expect("#GP from a selector beyond the GDT", probe_ds_beyond, 13,
           SEL_BEYOND_GDT, probe_ds_beyond_insn);
    expect("#GP from execute-only code into DS", probe_ds_exec_only, 13,
           SEL_EXEC_ONLY, probe_ds_exec_only_insn);
    expect("#GP from a far jump to a data segment", probe_jmp_data, 13,
           SEL_DATA0, probe_jmp_data_insn);
    expect("#GP from a null SS", probe_ss_null, 13, 0, probe_ss_null_insn);
}

/* ---- Segment checks of data accesses (-append seglimit) ---- */

/* SDM vol. 3A, 3.4.5, figure 3-8: base, limit, type and G/B/P/S bits. */
static uint64_t seg_desc(uint32_t base, uint32_t limit, uint32_t type, int g)
{
    return (limit & 0xffff) | (uint64_t)(base & 0xffffff) << 16 |
           (uint64_t)(0x90 | type) << 40 | (uint64_t)(limit >> 16 & 0xf) << 48 |
           (uint64_t)(g ? 0xc : 0x4) << 52 | (uint64_t)(base >> 24) << 56;
}

static uint8_t seg_buf[256];
uint32_t seg_off;

static void set_fs(uint16_t sel)
{
    __asm__ volatile("movw %0, %%fs" : : "r"(sel) : "memory");
}

static void fs_fault(const char *what, void (*probe)(void),
                     const uint8_t *insn, uint32_t off)
{
    seg_off = off;
    expect(what, probe, 13, 0, insn);
}

static void fs_ok(const char *what, void (*probe)(void), uint32_t off)
{
    seg_off = off;
    no_exception(what, probe);
}

/*
 * SDM vol. 3A, 5.3 (limit checking) and 5.4.1 (type checking), and the
 * #GP/#SS rows of MOV: the whole operand within the limit, no write to
 * read-only data or to code, no access through a null selector.
 */
static void seg_checks(void)
{
    uint32_t esp, lim;

    gdt[SEL_LIMITED >> 3] = seg_desc((uint32_t)seg_buf, 0xff, 2, 0);
    set_fs(SEL_LIMITED);
    fs_ok("dword at the limit's last 4 bytes", probe_fs_load, 0xfc);
    check("value read through FS", probe_eax, 0);
    seg_buf[0xfc] = 0x5a;
    fs_ok("byte read at the limit", probe_fs_loadb, 0xfc);
    check("value read through FS's base", probe_eax & 0xff, 0x5a);
    fs_fault("#GP(0) from a dword crossing the limit", probe_fs_load,
             probe_fs_load_insn, 0xfd);
    fs_fault("#GP(0) from a byte past the limit", probe_fs_loadb,
             probe_fs_loadb_insn, 0x100);
    fs_ok("word store at the limit", probe_fs_store, 0xfe);
    check("value stored through FS's base", seg_buf[0xfe], 0xfe);
    fs_fault("#GP(0) from a word store crossing the limit", probe_fs_store,
             probe_fs_store_insn, 0xff);
    check("no byte stored by the faulting store", seg_buf[0xff], 0);
    fs_fault("#GP(0) from an offset that wraps", probe_fs_load,
             probe_fs_load_insn, 0xfffffffe);
    set_fs(SEL_READ_ONLY);
    fs_ok("read through read-only data", probe_fs_load, (uint32_t)seg_buf);
    fs_fault("#GP(0) from a write to read-only data", probe_fs_store,
             probe_fs_store_insn, (uint32_t)seg_buf);
    set_fs(0);
    fs_fault("#GP(0) from a read through a null FS", probe_fs_load,
             probe_fs_load_insn, (uint32_t)seg_buf);
    set_fs(SEL_DATA0);
    seg_off = (uint32_t)seg_buf;
    no_exception("read through readable code (CS override)", probe_cs_load);
    expect("#GP(0) from a write through CS", probe_cs_store, 13, 0,
           probe_cs_store_insn);

    /* Expand-down, G = 1: offsets above limit * 4096 + 0xfff are valid. */
    __asm__ volatile("movl %%esp, %0" : "=r"(esp));
    lim = (esp - 0x10000) >> 12;
    gdt[SEL_EXPAND_DOWN >> 3] = seg_desc(0, lim, 6, 1);
    seg_off = esp;
    no_exception("read above an expand-down SS's limit", probe_ss_expdown);
    seg_off = lim << 12 | 0xfff;
    expect("#SS(0) at an expand-down SS's limit", probe_ss_expdown, 12, 0,
           probe_ss_expdown_insn);
    seg_off = 0;
    expect("#SS(0) at offset 0 of an expand-down SS", probe_ss_expdown, 12,
           0, probe_ss_expdown_insn);
}

/* ---- #PF and the restart of a rep movs ---- */

#define PAGE __attribute__((aligned(4096)))
static uint32_t pd[1024] PAGE;
static uint32_t pt[1024] PAGE;
static uint8_t pages[3][4096] PAGE;

static void page_faults(void)
{
    uint32_t np = (uint32_t)pages[1];
    volatile uint32_t *pte = &pt[np >> 12];
    const ExcRecord *r;
    int same = 1;

    for (int i = 0; i < 1024; i++) {
        pt[i] = (uint32_t)i << 12 | PTE_P | PTE_RW;
    }
    pd[0] = (uint32_t)pt | PTE_P | PTE_RW;
    pd[1] = 0x400000 | PTE_P | PTE_RW | PTE_PS;
    *pte &= ~PTE_P;
    __asm__ volatile("movl %%cr4, %%eax; orl %0, %%eax; movl %%eax, %%cr4"
                     :
                     : "i"(CR4_PSE)
                     : "eax");
    __asm__ volatile("movl %0, %%cr3" : : "r"(pd) : "memory");
    write_cr0(read_cr0() | CR0_PG);

    pf_addr = np + 0x124;
    r = expect("#PF from a not-present read", probe_read, 14, 0,
               probe_read_insn);
    check("#PF: CR2", r->cr2, np + 0x124);

    /* 64 bytes from pages[2] to the last 16 of pages[0] and on. */
    for (int i = 0; i < 64; i++) {
        pages[2][i] = (uint8_t)(i * 7 + 1);
    }
    rep_src = (uint32_t)pages[2];
    rep_dst = np - 16;
    rep_count = 64;
    pf_fix_pte = pte;
    r = expect("#PF in the middle of rep movsb", probe_rep, 14, 2,
               probe_rep_insn);
    check("rep movsb fault: CR2", r->cr2, np);
    check("rep movsb fault: ECX", r->ecx, 48);
    check("rep movsb fault: ESI", r->esi, rep_src + 16);
    check("rep movsb fault: EDI", r->edi, np);
    check("rep movsb restarted: ECX", rep_after[0], 0);
    check("rep movsb restarted: ESI", rep_after[1], rep_src + 64);
    check("rep movsb restarted: EDI", rep_after[2], np + 48);
    for (int i = 0; i < 64; i++) {
        same &= ((volatile uint8_t *)rep_dst)[i] == pages[2][i];
    }
    check("rep movsb restarted: bytes copied", same, 1);
    write_cr0(read_cr0() & ~CR0_PG);
}

/* ---- Ring 3 ---- */

#define USER_PROBES 6
static void (*const user_probes[USER_PROBES])(void) = {
    probe_syscall, probe_int_ring0_gate, probe_hlt, probe_cli,
    probe_out,     probe_ds_ring0,
};
static uint32_t user_cs, user_ss, user_n0;
static uint32_t user_before[USER_PROBES], user_after[USER_PROBES];

/* CPUID.01H:EDX.SEP (bit 11): SYSENTER and SYSEXIT. */
static int cpu_has_sep(void)
{
    uint32_t a, b, c, d;

    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1));
    return (d >> 11) & 1;
}

/* Runs in ring 3: one exception (or INT) per probe, checked later. */
static void user_main(void)
{
    __asm__ volatile("movl %%cs, %0; movl %%ss, %1"
                     : "=r"(user_cs), "=r"(user_ss));
    for (int i = 0; i < USER_PROBES; i++) {
        user_before[i] = exc_n;
        user_probes[i]();
        user_after[i] = exc_n;
    }
    probe_call_gate();
    probe_sysenter();
    __asm__ volatile("int %0" : : "i"(VEC_USER_EXIT));
}

static void ring3(void)
{
    static const struct {
        const char *what;
        uint32_t vec, err;
        const uint8_t *eip;
    } want[USER_PROBES] = {
        {"INT 0x80 from ring 3", VEC_SYSCALL, NO_ERR, probe_syscall_next},
        {"#GP from INT n through a DPL-0 gate", 13, ERR_IDT(VEC_RING0_ONLY),
         probe_int_ring0_gate_insn},
        {"#GP from HLT in ring 3", 13, 0, probe_hlt_insn},
        {"#GP from CLI in ring 3, IOPL 0", 13, 0, probe_cli_insn},
        {"#GP from OUT in ring 3, IOPL 0, no I/O bitmap", 13, 0,
         probe_out_insn},
        {"#GP from a DPL-0 data segment into DS", 13, SEL_DATA0,
         probe_ds_ring0_insn},
    };
    uint32_t esp0 = (uint32_t)ring0_stack + sizeof(ring0_stack);
    int sep = cpu_has_sep();

    wrmsr(MSR_SYSENTER_CS, SEL_CODE0);
    wrmsr(MSR_SYSENTER_ESP, (uint32_t)sysenter_stack + sizeof(sysenter_stack));
    wrmsr(MSR_SYSENTER_EIP, (uint32_t)sysenter_entry);
    user_n0 = exc_n;
    run_user(user_main);

    check("CS after IRET to ring 3", user_cs, SEL_CODE3);
    check("SS after IRET to ring 3", user_ss, SEL_DATA3);
    check("exceptions from ring 3", exc_n - user_n0, USER_PROBES + !sep);
    for (int i = 0; i < USER_PROBES; i++) {
        const ExcRecord *r = &exc_log[user_before[i] % LOG_SIZE];
        uint32_t err = want[i].err == NO_ERR ? 0 : want[i].err;

        guest_check(&checks, want[i].what, want[i].vec, 4,
                    user_after[i] - user_before[i], 1);
        if (user_after[i] - user_before[i] != 1) {
            continue;
        }
        guest_check(&checks, "vector", want[i].vec, 4, r->vec, want[i].vec);
        guest_check(&checks, "error code", want[i].vec, 4, r->err, err);
        guest_check(&checks, "saved EIP", want[i].vec, 4, r->eip,
                    (uint32_t)want[i].eip);
        guest_check(&checks, "saved CS", want[i].vec, 4, r->cs, SEL_CODE3);
        guest_check(&checks, "saved SS", want[i].vec, 4, r->ss, SEL_DATA3);
        /* The CPU's frame starts at ESP0: EIP, CS, EFLAGS, ESP, SS. */
        guest_check(&checks, "frame on the TSS's ESP0", want[i].vec, 4,
                    r->frame, esp0 - 20);
        if (i == 0) {
            check("INT 0x80: pushed ESP", r->esp, syscall_esp);
            check("INT 0x80: result in EAX", syscall_eax, SYSCALL_RESULT);
        }
    }

    /* SDM vol. 3A, 5.8.5: the call gate's ring-0 stack. */
    check("call gate: ring-0 CS", gate_cs, SEL_CODE0);
    check("call gate: pushed EIP", gate_frame[0],
          (uint32_t)probe_call_gate_ret);
    check("call gate: pushed CS", gate_frame[1], SEL_CODE3);
    check("call gate: copied parameter", gate_frame[2], CALL_GATE_PARAM);
    check("call gate: pushed ESP", gate_frame[3], probe_esp);
    check("call gate: pushed SS", gate_frame[4], SEL_DATA3);
    check("call gate: on the TSS's ESP0", gate_esp, esp0 - 20);
    check("call gate: LRET to ring 3", gate_back_cs, SEL_CODE3);
    check("call gate: result", gate_eax, 0x6a7e);

    if (!sep) {
        const ExcRecord *r = &exc_log[user_after[USER_PROBES - 1] % LOG_SIZE];

        check("#UD from SYSENTER without CPUID.SEP", r->vec, 6);
        check("#UD from SYSENTER: saved EIP", r->eip,
              (uint32_t)probe_sysenter_insn);
        return;
    }
    /* SDM vol. 2B, SYSENTER and SYSEXIT: flat segments from the MSR. */
    check("SYSENTER: CS", sysenter_cs, SEL_CODE0);
    check("SYSENTER: SS", sysenter_ss, SEL_DATA0);
    check("SYSENTER: ESP", sysenter_esp,
          (uint32_t)sysenter_stack + sizeof(sysenter_stack));
    check("SYSEXIT: CS", sysexit_cs, SEL_CODE3);
    check("SYSEXIT: SS", sysexit_ss, SEL_DATA3);
    check("SYSEXIT: result", sysenter_eax, 0x5e5e);
}

void guest_main(uint32_t magic, uint32_t info)
{
    load_tables();
    const char *cmdline = multiboot_cmdline(magic, info);

    vectors(cmdline_has_word(cmdline, "drbp"));
    if (cmdline_has_word(cmdline, "seglimit")) {
        seg_checks();
    }
    page_faults();
    ring3();
    if (checks.failed) {
        serial_puts("excp: ");
        serial_put_dec(checks.failed);
        serial_puts(" of ");
        serial_put_dec(checks.done);
        serial_puts(" checks failed\n");
        guest_exit(1);
    }
    serial_puts("excp: ");
    serial_put_dec(checks.done);
    serial_puts(" checks passed\n");
    guest_exit(0);
}
