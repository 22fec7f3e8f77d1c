/*
 * Unit tests for the CPU state: the power-on values (Intel SDM vol. 3A,
 * 9.1.1), the register dump ("info registers", compared with QEMU 7.2's
 * text), boot loader entry states, the XSAVE image, and TYPE_CPU's list,
 * creation and accelerator hooks.
 */
#include <string.h>

#include "cpu-test.h"
#include "machine/loader.h"
#include "util/module.h"

static void test_reset_state(void **state)
{
    X86CPU *cpu = cpu_test_create("SandyBridge", NULL, 0);
    CPUX86State *env = &cpu->env;
    int i;

    /* The first fetch is at FFFFFFF0H: CS.base FFFF0000H + EIP FFF0H. */
    assert_int_equal(env->segs[R_CS].selector, 0xf000);
    assert_true(env->segs[R_CS].base == 0xffff0000);
    assert_int_equal(env->segs[R_CS].limit, 0xffff);
    assert_int_equal(env->segs[R_CS].flags, 0x9b00);
    assert_true(env->eip == 0xfff0);
    for (i = 0; i < NB_SEGS; i++) {
        if (i != R_CS) {
            assert_int_equal(env->segs[i].selector, 0);
            assert_true(env->segs[i].base == 0);
            assert_int_equal(env->segs[i].limit, 0xffff);
            assert_int_equal(env->segs[i].flags, 0x9300);
        }
    }
    assert_true(env->cr[0] == 0x60000010);
    assert_true(env->cr[2] == 0 && env->cr[3] == 0 && env->cr[4] == 0);
    assert_true(env->eflags == 0x2);
    /* EDX = processor signature, EAX = 0 (no BIST). */
    assert_true(env->regs[R_EDX] == 0x000206a1);
    assert_true(env->regs[R_EAX] == 0);
    assert_true(env->efer == 0);
    assert_int_equal(env->gdt.limit, 0xffff);
    assert_int_equal(env->idt.limit, 0xffff);
    assert_int_equal(env->ldt.flags, 0x8200);
    assert_int_equal(env->tr.flags, 0x8b00);
    assert_true(env->dr[6] == 0xffff0ff0);
    assert_true(env->dr[7] == 0x400);
    assert_int_equal(env->mxcsr, 0x1f80);
    assert_int_equal(env->fpuc, 0x37f);
    assert_true(env->xcr0 == 1);
    assert_true(env->pat == 0x0007040600070406ULL);
    assert_true(env->apic_base == 0xfee00900);
    assert_int_equal(env->mp_state, X86_MP_STATE_RUNNABLE);
    /* Real mode: segment bases are always added, 64 KiB limits checked. */
    assert_int_equal(env->hflags, HF_ADDSEG_MASK | HF_SEGCHK_MASK);
    assert_int_equal(CPU(cpu)->halted, 0);
}

static void test_reset_ap_and_msrs(void **state)
{
    X86CPU *ap = cpu_test_create("core2duo", NULL, 1);

    /* Not the BSP: no BSP flag, waiting for INIT-SIPI-SIPI. */
    assert_true(ap->env.apic_base == 0xfee00800);
    assert_int_equal(ap->env.mp_state, X86_MP_STATE_UNINITIALIZED);
    assert_int_equal(CPU(ap)->halted, 1);
    /* MONITOR/MWAIT enabled in IA32_MISC_ENABLE when CPUID has it. */
    assert_true(ap->env.msr_ia32_misc_enable ==
                (MSR_IA32_MISC_ENABLE_FASTSTRING | MSR_IA32_MISC_ENABLE_MWAIT));
    /* Machine check: MCG_CTL_P | MCG_SER_P | 10 banks. */
    assert_true(ap->env.mcg_cap == 0x100010a);
}

static void test_reset_clears_registers(void **state)
{
    X86CPU *cpu = cpu_test_create("qemu64", NULL, 0);

    cpu->env.regs[R_EBX] = 0x1234;
    cpu->env.cr[0] = 0x80000011;
    cpu->env.efer = MSR_EFER_LME;
    cpu->env.xmm_regs[3].q[0] = 42;
    cpu->env.cr[4] = CR4_OSXSAVE_MASK;
    cpu_reset(CPU(cpu));
    assert_true(cpu->env.regs[R_EBX] == 0);
    assert_true(cpu->env.cr[0] == 0x60000010);
    assert_true(cpu->env.efer == 0);
    assert_true(cpu->env.xmm_regs[3].q[0] == 0);
    /* Configuration survives. */
    assert_int_equal(cpu->env.cpuid_level, 0xd);
    assert_true(cpu->env.features[FEAT_1_ECX] & CPUID_EXT_CX16);
    assert_true(cpu->env.mcg_cap != 0);
    assert_non_null(cpu->env.xsave_buf);
}

/* QEMU 7.2, "info registers" of -cpu SandyBridge right after reset. */
static const char sandybridge_reset_dump[] =
    "EAX=00000000 EBX=00000000 ECX=00000000 EDX=000206a1\n"
    "ESI=00000000 EDI=00000000 EBP=00000000 ESP=00000000\n"
    "EIP=0000fff0 EFL=00000002 [-------] CPL=0 II=0 A20=1 SMM=0 HLT=0\n"
    "ES =0000 00000000 0000ffff 00009300\n"
    "CS =f000 ffff0000 0000ffff 00009b00\n"
    "SS =0000 00000000 0000ffff 00009300\n"
    "DS =0000 00000000 0000ffff 00009300\n"
    "FS =0000 00000000 0000ffff 00009300\n"
    "GS =0000 00000000 0000ffff 00009300\n"
    "LDT=0000 00000000 0000ffff 00008200\n"
    "TR =0000 00000000 0000ffff 00008b00\n"
    "GDT=     00000000 0000ffff\n"
    "IDT=     00000000 0000ffff\n"
    "CR0=60000010 CR2=00000000 CR3=00000000 CR4=00000000\n"
    "DR0=0000000000000000 DR1=0000000000000000 DR2=0000000000000000 "
    "DR3=0000000000000000 \n"
    "DR6=00000000ffff0ff0 DR7=0000000000000400\n"
    "EFER=0000000000000000\n"
    "FCW=037f FSW=0000 [ST=0] FTW=00 MXCSR=00001f80\n"
    "FPR0=0000000000000000 0000 FPR1=0000000000000000 0000\n"
    "FPR2=0000000000000000 0000 FPR3=0000000000000000 0000\n"
    "FPR4=0000000000000000 0000 FPR5=0000000000000000 0000\n"
    "FPR6=0000000000000000 0000 FPR7=0000000000000000 0000\n"
    "XMM00=0000000000000000 0000000000000000 "
    "XMM01=0000000000000000 0000000000000000\n"
    "XMM02=0000000000000000 0000000000000000 "
    "XMM03=0000000000000000 0000000000000000\n"
    "XMM04=0000000000000000 0000000000000000 "
    "XMM05=0000000000000000 0000000000000000\n"
    "XMM06=0000000000000000 0000000000000000 "
    "XMM07=0000000000000000 0000000000000000\n";

static void test_dump_reset_state(void **state)
{
    X86CPU *cpu = cpu_test_create("SandyBridge", NULL, 0);
    g_autoptr(GString) buf = g_string_new(NULL);

    cpu_dump_state(CPU(cpu), buf, CPU_DUMP_FPU);
    assert_string_equal(buf->str, sandybridge_reset_dump);
}

static BootSegment flat(uint16_t sel, uint8_t type, bool l)
{
    BootSegment s = {
        .selector = sel,
        .limit = 0xffffffff,
        .type = type,
        .s = true,
        .present = true,
        .db = !l,
        .l = l,
        .g = true,
    };
    return s;
}

/* BootState as machine/loader.h describes the LONG64 entry. */
static void long64_state(BootState *bs)
{
    memset(bs, 0, sizeof(*bs));
    bs->mode = BOOT_MODE_LONG64;
    bs->rip = 0x100200;
    bs->rsi = 0x7000;
    bs->rflags = 0x2;
    bs->cs = flat(LOADER_BOOT_CS, 0xb, true);
    bs->ds = bs->es = bs->fs = bs->gs = bs->ss =
        flat(LOADER_BOOT_DS, 0x3, false);
    bs->tr = (BootSegment){.limit = 0xffff, .type = 0xb, .present = true};
    bs->ldtr = (BootSegment){.limit = 0xffff, .type = 0x2, .present = true};
    bs->gdt = (BootDescTable){.base = LOADER_GDT_ADDR, .limit = 31};
    bs->cr0 = BOOT_CR0_PE | BOOT_CR0_ET | BOOT_CR0_PG;
    bs->cr3 = LOADER_PAGE_TABLES;
    bs->cr4 = BOOT_CR4_PAE;
    bs->efer = BOOT_EFER_LME | BOOT_EFER_LMA;
}

static void test_boot_state_long64(void **state)
{
    X86CPU *cpu = cpu_test_create("qemu64", NULL, 0);
    CPUX86State *env = &cpu->env;
    BootState bs;

    long64_state(&bs);
    x86_cpu_apply_boot_state(cpu, &bs);
    assert_true(env->eip == 0x100200);
    assert_true(env->regs[R_ESI] == 0x7000);
    assert_true(env->regs[R_EDX] == 0);
    /* 64-bit code: type 0BH, S, P, L, G (Intel SDM vol. 3A, 3.4.5). */
    assert_int_equal(env->segs[R_CS].flags, 0x00a09b00);
    assert_int_equal(env->segs[R_CS].selector, 0x10);
    assert_int_equal(env->segs[R_DS].flags, 0x00c09300);
    assert_int_equal(env->segs[R_SS].limit, 0xffffffff);
    assert_true(env->gdt.base == 0x500);
    assert_int_equal(env->gdt.limit, 31);
    assert_int_equal(env->hflags, HF_PE_MASK | HF_LMA_MASK | HF_CS64_MASK |
                                      HF_CS32_MASK | HF_SS32_MASK);
    assert_true(CPU_GET_CLASS(cpu)->get_paging_enabled(CPU(cpu)));
    /* The other state keeps its reset value. */
    assert_int_equal(env->mxcsr, 0x1f80);
    assert_true(env->pat == MSR_PAT_DEFAULT);
}

static void test_boot_state_prot32(void **state)
{
    X86CPU *cpu = cpu_test_create("qemu32", NULL, 0);
    CPUX86State *env = &cpu->env;
    BootState bs;

    long64_state(&bs);
    bs.mode = BOOT_MODE_PROT32;
    bs.rip = 0x100000;
    bs.cs = flat(LOADER_BOOT_CS, 0xb, false);
    bs.cr0 = BOOT_CR0_PE | BOOT_CR0_ET;
    bs.cr3 = bs.cr4 = bs.efer = 0;
    bs.rax = 0x2badb002;
    bs.rbx = 0x9500;
    x86_cpu_apply_boot_state(cpu, &bs);
    assert_int_equal(env->segs[R_CS].flags, 0x00c09b00);
    /* Flat data segments; CS, being code, is never written through. */
    assert_int_equal(env->hflags, HF_PE_MASK | HF_CS32_MASK | HF_SS32_MASK |
                                      1 << (HF_SEGCHK_SHIFT + R_CS));
    assert_true(env->regs[R_EAX] == 0x2badb002);
    assert_true(env->regs[R_EBX] == 0x9500);
    assert_false(CPU_GET_CLASS(cpu)->get_paging_enabled(CPU(cpu)));
}

static void test_dump_long_mode(void **state)
{
    X86CPU *cpu = cpu_test_create("qemu64", NULL, 0);
    g_autoptr(GString) buf = g_string_new(NULL);
    BootState bs;

    long64_state(&bs);
    x86_cpu_apply_boot_state(cpu, &bs);
    cpu->env.regs[R_R8] = 0x8888;
    cpu->env.eflags |= CC_Z | CC_C;
    cpu_dump_state(CPU(cpu), buf, 0);
    assert_true(g_str_has_prefix(
        buf->str,
        "RAX=0000000000000000 RBX=0000000000000000 RCX=0000000000000000 "
        "RDX=0000000000000000\n"
        "RSI=0000000000007000 RDI=0000000000000000 RBP=0000000000000000 "
        "RSP=0000000000000000\n"
        "R8 =0000000000008888 R9 =0000000000000000 R10=0000000000000000 "
        "R11=0000000000000000\n"
        "R12=0000000000000000 R13=0000000000000000 R14=0000000000000000 "
        "R15=0000000000000000\n"
        "RIP=0000000000100200 RFL=00000043 [---Z--C] CPL=0 II=0 A20=1 "
        "SMM=0 HLT=0\n"
        "ES =0018 0000000000000000 ffffffff 00c09300 DPL=0 DS   [-WA]\n"
        "CS =0010 0000000000000000 ffffffff 00a09b00 DPL=0 CS64 [-RA]\n"));
    assert_non_null(strstr(buf->str,
                           "TR =0000 0000000000000000 0000ffff 00008b00 "
                           "DPL=0 TSS64-busy\n"
                           "GDT=     0000000000000500 0000001f\n"
                           "IDT=     0000000000000000 00000000\n"
                           "CR0=80000011 CR2=0000000000000000 "
                           "CR3=0000000000009000 CR4=00000020\n"));
    assert_true(g_str_has_suffix(buf->str, "EFER=0000000000000500\n"));
}

static void test_xsave_round_trip(void **state)
{
    X86CPU *cpu = cpu_test_create("Skylake-Server", NULL, 0);
    X86CPU *copy = cpu_test_create("Skylake-Server", NULL, 1);
    CPUX86State *env = &cpu->env;
    uint32_t len = xsave_area_size(x86_cpu_xsave_xcr0_components(cpu), false);
    g_autofree uint8_t *buf = g_malloc(len);
    int i;

    env->fpstt = 6;
    env->fpuc = 0x027f;
    env->fpus = 0x4000;
    env->fptags[6] = 0;
    env->fpregs[6].mant = 0x8000000000000000ULL; /* ST(0) = 1.0 */
    env->fpregs[6].exp = 0x3fff;
    env->mxcsr = 0x1fa0;
    for (i = 0; i < 32; i++) {
        env->xmm_regs[i].q[0] = 0x1000 + i;
        env->xmm_regs[i].q[3] = 0x3000 + i;
        env->xmm_regs[i].q[7] = 0x7000 + i;
    }
    env->opmask_regs[5] = 0x55;
    env->pkru = 0x55555554;
    x86_cpu_xsave_all_areas(cpu, buf, len);

    /* FXSAVE layout: FSW with TOP = 6, abridged tag bit 6, ST(0). */
    assert_int_equal(buf[0] | buf[1] << 8, 0x027f);
    assert_int_equal(buf[2] | buf[3] << 8, 0x7000);
    assert_int_equal(buf[4], 0x40);
    assert_int_equal(buf[32 + 7], 0x80);
    assert_int_equal(buf[32 + 8] | buf[32 + 9] << 8, 0x3fff);
    assert_int_equal(buf[24] | buf[25] << 8, 0x1fa0);
    assert_int_equal(buf[160 + 16 * 3], 0x03);
    /* XSTATE_BV: x87, SSE, AVX, AVX-512, PKRU. */
    assert_int_equal(buf[512], 0xe7);
    assert_int_equal(buf[513], 0x02);
    assert_int_equal(buf[2688], 0x54);

    x86_cpu_xrstor_all_areas(copy, buf, len);
    assert_int_equal(copy->env.fpstt, 6);
    assert_int_equal(copy->env.fpus, 0x4000);
    assert_int_equal(copy->env.fptags[6], 0);
    assert_int_equal(copy->env.fptags[5], 1);
    assert_true(copy->env.fpregs[6].mant == 0x8000000000000000ULL);
    assert_int_equal(copy->env.mxcsr, 0x1fa0);
    assert_memory_equal(copy->env.xmm_regs, env->xmm_regs,
                        sizeof(env->xmm_regs));
    assert_true(copy->env.opmask_regs[5] == 0x55);
    assert_int_equal(copy->env.pkru, 0x55555554);
}

static void test_cpu_list(void **state)
{
    X86CPUTopoInfo t = {1, 2, 1};
    X86CPU *b = cpu_test_create("qemu64", &t, 1);
    X86CPU *a = cpu_test_create("qemu64", &t, 0);
    CPUState *cpu;
    int n = 0;

    assert_int_equal(cpu_list_length(), 2);
    /* In cpu_index order, whatever the creation order. */
    assert_ptr_equal(first_cpu, CPU(a));
    CPU_FOREACH(cpu)
    {
        assert_int_equal(cpu->cpu_index, n++);
    }
    assert_ptr_equal(qemu_get_cpu(1), CPU(b));
    assert_null(qemu_get_cpu(2));
    /* Arch id = APIC ID. */
    assert_ptr_equal(cpu_by_arch_id(1), CPU(b));
    assert_true(cpu_exists(0));
    assert_false(cpu_exists(7));
    qdev_unrealize(DEVICE(a));
    assert_int_equal(cpu_list_length(), 1);
    assert_ptr_equal(first_cpu, CPU(b));
}

static void test_cpu_create_errors(void **state)
{
    Error *err = NULL;
    CPUState *cpu;

    /* The board must set apic-id (QEMU's text). */
    assert_null(cpu_create("qemu64-x86_64-cpu", &err));
    assert_error(err, "apic-id property was not initialized properly");
    assert_int_equal(cpu_list_length(), 0);
    assert_null(cpu_create("no-such-cpu", &err));
    assert_error(err, "'no-such-cpu' is not a CPU type");
    assert_null(cpu_create(TYPE_X86_CPU, &err));
    assert_error(err, "'x86_64-cpu' is not a CPU type");
    qdev_prop_register_global("qemu64-x86_64-cpu", "apic-id", "3");
    cpu = cpu_create("qemu64-x86_64-cpu", &error_abort);
    assert_int_equal(cpu->cpu_index, 0);
    assert_int_equal(CPU_GET_CLASS(cpu)->get_arch_id(cpu), 3);
}

static void test_phys_bits(void **state)
{
    X86CPU *cpu = cpu_test_new("qemu64,phys-bits=20", NULL, 0);
    Error *err = NULL;

    assert_false(qdev_realize(DEVICE(cpu), NULL, &err));
    assert_error(err, "phys-bits should be between 32 and 52  (but is 20)");
    object_unref(cpu);
    cpu = cpu_test_create("qemu64,phys-bits=46", NULL, 0);
    assert_int_equal(cpuid(cpu, 0x80000008, 0).eax, 0x302e);
    cpu = cpu_test_new("pentium3,phys-bits=36", NULL, 1);
    assert_false(qdev_realize(DEVICE(cpu), NULL, &err));
    assert_error(err, "phys-bits is not user-configurable in 32 bit");
    object_unref(cpu);
}

static void test_pc_and_has_work(void **state)
{
    X86CPU *cpu = cpu_test_create("qemu64", NULL, 0);
    CPUClass *cc = CPU_GET_CLASS(cpu);

    /* At reset the linear PC is FFFFFFF0H. */
    assert_true(cc->get_pc(CPU(cpu)) == 0xfffffff0);
    cpu_set_pc(CPU(cpu), 0xffff1234);
    assert_true(cpu->env.eip == 0x1234);
    assert_false(cpu_has_work(CPU(cpu)));
    CPU(cpu)->interrupt_request |= CPU_INTERRUPT_NMI;
    assert_true(cpu_has_work(CPU(cpu)));
}

/* A stand-in accelerator recording its hook calls. */
#define TYPE_TEST_ACCEL_CPU "test-accel-" TYPE_X86_CPU
static int class_inits, instance_inits, realizes;
static bool refuse_realize;

static void test_accel_class_init(CPUClass *cc)
{
    class_inits++;
}

static void test_accel_instance_init(CPUState *cpu)
{
    instance_inits++;
    /* Accelerator defaults come before -global and -cpu values. */
    object_property_set_bool(OBJECT(cpu), "x2apic", true, &error_abort);
    object_property_set_bool(OBJECT(cpu), "erms", true, &error_abort);
}

static bool test_accel_realize(CPUState *cpu, Error **errp)
{
    realizes++;
    if (refuse_realize) {
        error_setg(errp, "vCPU creation failed");
        return false;
    }
    return true;
}

static void test_accel_cpu_class_init(ObjectClass *oc, void *data)
{
    AccelCPUClass *acc = ACCEL_CPU_CLASS(oc);

    acc->cpu_class_init = test_accel_class_init;
    acc->cpu_instance_init = test_accel_instance_init;
    acc->cpu_realizefn = test_accel_realize;
}

static const TypeInfo test_accel_cpu_type = {
    .name = TYPE_TEST_ACCEL_CPU,
    .parent = TYPE_ACCEL_CPU,
    .class_size = sizeof(AccelCPUClass),
    .class_init = test_accel_cpu_class_init,
};

static void test_accel_hooks(void **state)
{
    AccelCPUClass *acc =
        ACCEL_CPU_CLASS(object_class_by_name(TYPE_TEST_ACCEL_CPU));
    X86CPU *cpu;
    Error *err = NULL;

    cpu_accel_attach(acc);
    /* Every concrete CPU class (models, versions, aliases). */
    assert_true(class_inits >= 130);
    assert_ptr_equal(
        CPU_CLASS(object_class_by_name("qemu64-x86_64-cpu"))->accel_cpu, acc);
    cpu = cpu_test_create("SandyBridge,erms=off", NULL, 0);
    assert_int_equal(realizes, 1);
    assert_true(instance_inits >= 1);
    assert_true(x86_cpu_has_feature(cpu, "x2apic"));
    assert_false(x86_cpu_has_feature(cpu, "erms"));

    refuse_realize = true;
    cpu = cpu_test_new("SandyBridge", NULL, 1);
    assert_false(qdev_realize(DEVICE(cpu), NULL, &err));
    assert_error(err, "vCPU creation failed");
    assert_int_equal(cpu_list_length(), 1);
    object_unref(cpu);
    refuse_realize = false;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cpu_unit_test(test_reset_state),
        cpu_unit_test(test_reset_ap_and_msrs),
        cpu_unit_test(test_reset_clears_registers),
        cpu_unit_test(test_dump_reset_state),
        cpu_unit_test(test_boot_state_long64),
        cpu_unit_test(test_boot_state_prot32),
        cpu_unit_test(test_dump_long_mode),
        cpu_unit_test(test_xsave_round_trip),
        cpu_unit_test(test_cpu_list),
        cpu_unit_test(test_cpu_create_errors),
        cpu_unit_test(test_phys_bits),
        cpu_unit_test(test_pc_and_has_work),
        cpu_unit_test(test_accel_hooks),
    };

    type_register_static(&test_accel_cpu_type);
    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
