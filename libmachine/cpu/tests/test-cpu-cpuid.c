/*
 * Unit tests for the CPUID leaves: vendor and signature, feature bits,
 * brand string, caches (leaves 2, 4, 8000_0005/6/1D), topology (leaf 1
 * EBX, 0BH, 1FH, 8000_0008 ECX, 8000_001E) and the APIC IDs behind it,
 * XSAVE sizes (0DH).  Expected values are the Intel SDM / AMD APM
 * encodings, checked against what QEMU 7.2 guests read for the same
 * model and -smp topology.
 */
#include <string.h>

#include "cpu-test.h"
#include "util/module.h"

/* "GenuineIntel" / "AuthenticAMD" as CPUID[0] returns them. */
#define INTEL_EBX 0x756e6547
#define INTEL_EDX 0x49656e69
#define INTEL_ECX 0x6c65746e
#define AMD_EBX 0x68747541
#define AMD_EDX 0x69746e65
#define AMD_ECX 0x444d4163

static void test_sandybridge_basic_leaves(void **state)
{
    X86CPU *cpu = cpu_test_create("SandyBridge", NULL, 0);

    assert_cpuid(cpu, 0, 0, 0xd, INTEL_EBX, INTEL_ECX, INTEL_EDX);
    /* Family 6, model 2AH (extended model 2, model 0AH), stepping 1. */
    assert_cpuid(cpu, 1, 0, 0x000206a1, 0x00000800, 0x97b82203, 0x078bfbfd);
    assert_cpuid(cpu, 5, 0, 0, 0, 3, 0);
    assert_cpuid(cpu, 6, 0, 4, 0, 0, 0);
    assert_cpuid(cpu, 7, 0, 0, 0, 0, 0);
    assert_cpuid(cpu, 0x80000000, 0, 0x80000008, INTEL_EBX, INTEL_ECX,
                 INTEL_EDX);
    assert_cpuid(cpu, 0x80000001, 0, 0x000206a1, 0, 0x1, 0x28100800);
    /* 40 physical, 48 linear address bits. */
    assert_cpuid(cpu, 0x80000008, 0, 0x3028, 0, 0, 0);
}

static void test_sandybridge_brand_string(void **state)
{
    X86CPU *cpu = cpu_test_create("SandyBridge", NULL, 0);
    char brand[49] = {0};
    uint32_t i;

    assert_cpuid(cpu, 0x80000002, 0, 0x65746e49, 0x6558206c, 0x45206e6f,
                 0x78323133);
    for (i = 0; i < 3; i++) {
        CpuidRegs r = cpuid(cpu, 0x80000002 + i, 0);
        uint32_t w[4] = {r.eax, r.ebx, r.ecx, r.edx};

        memcpy(brand + 16 * i, w, 16);
    }
    assert_string_equal(brand, "Intel Xeon E312xx (Sandy Bridge)");
}

static void test_qemu64_leaves(void **state)
{
    X86CPU *cpu = cpu_test_create("qemu64", NULL, 0);

    assert_cpuid(cpu, 0, 0, 0xd, AMD_EBX, AMD_ECX, AMD_EDX);
    /* Family 15 (0FH, extended 0), model 107 (6BH: ext 6, model 0BH). */
    assert_cpuid(cpu, 1, 0, 0x00060fb1, 0x00000800, 0x80002001, 0x078bfbfd);
    /* AMD: CPUID[1].EDX repeated in 8000_0001.EDX, plus syscall/nx/lm. */
    assert_cpuid(cpu, 0x80000001, 0, 0x00060fb1, 0, 0x5, 0x2193fbfd);
    assert_cpuid(cpu, 0x80000000, 0, 0x8000000a, AMD_EBX, AMD_ECX, AMD_EDX);
    /* "QEMU Virtual CPU version 2.5+" */
    assert_cpuid(cpu, 0x80000002, 0, 0x554d4551, 0x72695620, 0x6c617574,
                 0x55504320);
    assert_cpuid(cpu, 0x80000003, 0, 0x72657620, 0x6e6f6973, 0x352e3220,
                 0x0000002b);
    /* SVM leaf: revision 1, 16 ASIDs. */
    assert_cpuid(cpu, 0x8000000a, 0, 1, 0x10, 0, 0);
    /* AMD models answer no Intel cache leaves (QEMU >= 7.1). */
    assert_cpuid(cpu, 2, 0, 0, 0, 0, 0);
    assert_cpuid(cpu, 4, 0, 0, 0, 0, 0);
}

static void test_extended_family_signature(void **state)
{
    X86CPU *epyc = cpu_test_create("EPYC", NULL, 0);
    X86CPU *kvm64 = cpu_test_create("kvm64", NULL, 1);
    X86CPU *p5 = cpu_test_create("pentium", NULL, 2);

    /* Family 23 = 0FH + extended family 8 (Intel SDM vol. 2A, fig. 3-6). */
    assert_int_equal(cpuid(epyc, 1, 0).eax, 0x00800f12);
    assert_int_equal(cpuid(kvm64, 1, 0).eax, 0x00000f61);
    assert_int_equal(cpuid(p5, 1, 0).eax, 0x00000543);
}

static void test_out_of_range_leaf(void **state)
{
    X86CPU *cpu = cpu_test_create("SandyBridge", NULL, 0);
    CpuidRegs top = cpuid(cpu, 0xd, 0);
    CpuidRegs high = cpuid(cpu, 0x14, 0);
    CpuidRegs ext = cpuid(cpu, 0x80000009, 0);

    /* SDM: above the maximum, the highest basic leaf's data. */
    assert_memory_equal(&top, &high, sizeof(top));
    assert_memory_equal(&top, &ext, sizeof(top));
}

static void test_cache_leaves_intel(void **state)
{
    X86CPU *cpu = cpu_test_create("SandyBridge", NULL, 0);

    /* Descriptors 2CH (L1d), 30H (L1i), 7DH (L2), 4DH (L3). */
    assert_cpuid(cpu, 2, 0, 1, 0, 0x4d, 0x002c307d);
    /* 32 KiB 8-way L1s, 4 MiB 16-way L2, 16 MiB 16-way inclusive L3. */
    assert_cpuid(cpu, 4, 0, 0x121, 0x01c0003f, 0x3f, 1);
    assert_cpuid(cpu, 4, 1, 0x122, 0x01c0003f, 0x3f, 1);
    assert_cpuid(cpu, 4, 2, 0x143, 0x03c0003f, 0xfff, 1);
    assert_cpuid(cpu, 4, 3, 0x163, 0x03c0003f, 0x3fff, 6);
    assert_cpuid(cpu, 4, 4, 0, 0, 0, 0);
    assert_cpuid(cpu, 0x80000005, 0, 0x01ff01ff, 0x01ff01ff, 0x40020140,
                 0x40020140);
    assert_cpuid(cpu, 0x80000006, 0, 0, 0x42004200, 0x02008140, 0x00808140);
}

static void test_l3_cache_off(void **state)
{
    X86CPUTopoInfo t = {1, 2, 2};
    X86CPU *cpu = cpu_test_create("SandyBridge,l3-cache=off", &t, 0);

    assert_cpuid(cpu, 2, 0, 1, 0, 0, 0x002c307d);
    assert_cpuid(cpu, 4, 3, 0, 0, 0, 0);
    assert_cpuid(cpu, 0x80000006, 0, 0, 0x42004200, 0x02008140, 0);
}

static void test_topology_2s2c2t(void **state)
{
    X86CPUTopoInfo t = {1, 2, 2};
    X86CPU *cpu0 = cpu_test_create("SandyBridge", &t, 0);
    X86CPU *cpu5 = cpu_test_create("SandyBridge", &t, 5);
    unsigned i;

    /* 1-bit SMT and core fields: APIC IDs 0..7 are dense. */
    for (i = 0; i < 8; i++) {
        assert_int_equal(x86_apicid_from_cpu_idx(&t, i), i);
    }
    /* Leaf 1: four logical processors per package, HTT set. */
    assert_cpuid(cpu0, 1, 0, 0x000206a1, 0x00040800, 0x97b82203, 0x178bfbfd);
    assert_int_equal(cpuid(cpu5, 1, 0).ebx, 0x05040800);
    /* Leaf 0BH: SMT level (shift 1, 2 threads), core level (shift 2). */
    assert_cpuid(cpu5, 0xb, 0, 1, 2, 0x100, 5);
    assert_cpuid(cpu5, 0xb, 1, 2, 4, 0x201, 5);
    assert_cpuid(cpu5, 0xb, 2, 0, 0, 2, 5);
    /* Leaf 4: 2 cores per package; L2 shared by 2, L3 by 4 IDs. */
    assert_cpuid(cpu0, 4, 0, 0x04000121, 0x01c0003f, 0x3f, 1);
    assert_cpuid(cpu0, 4, 2, 0x04004143, 0x03c0003f, 0xfff, 1);
    assert_cpuid(cpu0, 4, 3, 0x0400c163, 0x03c0003f, 0x3fff, 6);
    /* 8000_0008 ECX: 2 APIC ID bits per package, 4 threads. */
    assert_int_equal(cpuid(cpu0, 0x80000008, 0).ecx, 0x2003);
}

static void test_topology_three_cores(void **state)
{
    X86CPUTopoInfo t = {1, 3, 2};
    X86CPU *cpu6 = cpu_test_create("SandyBridge", &t, 6);
    X86CPUTopoIDs ids;

    /* A 2-bit core field leaves a gap: the second package starts at 8. */
    assert_int_equal(x86_apicid_from_cpu_idx(&t, 5), 5);
    assert_int_equal(x86_apicid_from_cpu_idx(&t, 6), 8);
    assert_int_equal(x86_apicid_from_cpu_idx(&t, 11), 13);
    x86_topo_ids_from_apicid(13, &t, &ids);
    assert_int_equal(ids.pkg_id, 1);
    assert_int_equal(ids.core_id, 2);
    assert_int_equal(ids.smt_id, 1);
    assert_cpuid(cpu6, 0xb, 0, 1, 2, 0x100, 8);
    assert_cpuid(cpu6, 0xb, 1, 3, 6, 0x201, 8);
    assert_int_equal(cpuid(cpu6, 1, 0).ebx, 0x08060800);
    /* L3 shared by the 8 IDs of the package, 3 cores. */
    assert_int_equal(cpuid(cpu6, 4, 3).eax, 0x0801c163);
}

static void test_topology_dies(void **state)
{
    X86CPUTopoInfo t = {2, 2, 2};
    X86CPU *cpu = cpu_test_create("Skylake-Server", &t, 0);
    X86CPU *cpu13 = cpu_test_create("Skylake-Server", &t, 13);

    /* Dies need leaf 1FH: the level is raised to it. */
    assert_int_equal(cpuid(cpu, 0, 0).eax, 0x1f);
    assert_cpuid(cpu, 0x1f, 0, 1, 2, 0x100, 0);
    assert_cpuid(cpu, 0x1f, 1, 2, 4, 0x201, 0);
    assert_cpuid(cpu, 0x1f, 2, 3, 8, 0x502, 0);
    assert_cpuid(cpu, 0x1f, 3, 0, 0, 3, 0);
    /* Leaf 0BH folds the die into the package level. */
    assert_cpuid(cpu, 0xb, 1, 3, 4, 0x201, 0);
    /* index 13 = package 1, die 1, core 0, thread 1. */
    assert_int_equal(cpu13->apic_id, 0xd);
    assert_int_equal(cpuid(cpu13, 0x1f, 2).edx, 0xd);
    /* Without dies the level stays the model's: no leaf 1FH. */
    assert_int_equal(
        cpuid(cpu_test_create("Skylake-Server", NULL, 1), 0, 0).eax, 0xd);
}

static void test_amd_topology_leaves(void **state)
{
    X86CPUTopoInfo t = {1, 4, 2};
    X86CPU *cpu0 = cpu_test_create("EPYC", &t, 0);
    X86CPU *cpu5 = cpu_test_create("EPYC", &t, 5);
    X86CPU *cpu9 = cpu_test_create("EPYC", &t, 9);
    X86CPU *single = cpu_test_create("EPYC", NULL, 10);

    /* EPYC caches: 32K L1d, 64K 4-way L1i, 512K L2, 8M L3 per 8 IDs. */
    assert_cpuid(cpu0, 0x8000001d, 0, 0x4121, 0x01c0003f, 0x3f, 1);
    assert_cpuid(cpu0, 0x8000001d, 1, 0x4122, 0x00c0003f, 0xff, 1);
    assert_cpuid(cpu0, 0x8000001d, 2, 0x4043, 0x01c0003f, 0x3ff, 0);
    assert_cpuid(cpu0, 0x8000001d, 3, 0x1c163, 0x03c0003f, 0x1fff, 6);
    assert_cpuid(cpu0, 0x80000005, 0, 0x01ff01ff, 0x01ff01ff, 0x20080140,
                 0x40040140);
    assert_cpuid(cpu0, 0x80000006, 0, 0, 0x42004200, 0x02006140, 0x00408140);
    /* 8000_001E: APIC ID, threads per core - 1 and core id, node id. */
    assert_cpuid(cpu5, 0x8000001e, 0, 5, 0x102, 0, 0);
    assert_cpuid(cpu9, 0x8000001e, 0, 9, 0x100, 1, 0);
    assert_int_equal(cpuid(cpu0, 0x80000008, 0).ecx, 0x3007);
    /* CmpLegacy only for multi-threaded packages. */
    assert_true(cpuid(cpu0, 0x80000001, 0).ecx & CPUID_EXT3_CMP_LEG);
    assert_false(cpuid(single, 0x80000001, 0).ecx & CPUID_EXT3_CMP_LEG);
    /* No Intel cache leaf on AMD. */
    assert_cpuid(cpu0, 4, 0, 0, 0, 0, 0);
}

static void test_xsave_leaf_sandybridge(void **state)
{
    X86CPU *cpu = cpu_test_create("SandyBridge", NULL, 0);

    /* x87, SSE, AVX; 576 bytes for XCR0 = 1 at reset, 832 for all. */
    assert_cpuid(cpu, 0xd, 0, 7, 0x240, 0x340, 0);
    assert_cpuid(cpu, 0xd, 1, 1, 0x340, 0, 0);
    assert_cpuid(cpu, 0xd, 2, 0x100, 0x240, 0, 0);
    assert_cpuid(cpu, 0xd, 3, 0, 0, 0, 0);
    cpu->env.xcr0 = 7;
    assert_int_equal(cpuid(cpu, 0xd, 0).ebx, 0x340);
}

static void test_xsave_leaf_avx512(void **state)
{
    X86CPU *cpu = cpu_test_create("Skylake-Server", NULL, 0);

    /* + opmask, ZMM_Hi256, Hi16_ZMM, PKRU (SDM vol. 1, table 13-1). */
    assert_cpuid(cpu, 0xd, 0, 0x2e7, 0x240, 0xa88, 0);
    assert_cpuid(cpu, 0xd, 1, 7, 0x988, 0, 0);
    assert_cpuid(cpu, 0xd, 5, 64, 1088, 0, 0);
    assert_cpuid(cpu, 0xd, 6, 512, 1152, 0, 0);
    assert_cpuid(cpu, 0xd, 7, 1024, 1664, 0, 0);
    assert_cpuid(cpu, 0xd, 9, 8, 2688, 0, 0);
    assert_int_equal(x86_cpu_xsave_xcr0_components(cpu), 0x2e7);
}

static void test_xsave_area_size(void **state)
{
    assert_int_equal(xsave_area_size(XSTATE_FP_MASK | XSTATE_SSE_MASK, false),
                     576);
    assert_int_equal(xsave_area_size(0x7, false), 832);
    assert_int_equal(xsave_area_size(0x1f, false), 1088);
    /* Compacted: components packed in order (SDM vol. 1, 13.4.3). */
    assert_int_equal(xsave_area_size(0x7 | XSTATE_PKRU_MASK, true), 840);
    assert_int_equal(xsave_area_size(0x7 | XSTATE_PKRU_MASK, false), 2696);
    /*
     * AMX tile data is 64-byte aligned in the compacted form: PKRU and
     * the tile config end at 648, the tile data starts at 704.
     */
    assert_int_equal(xsave_area_size(0x3 | XSTATE_PKRU_MASK |
                                         XSTATE_XTILE_CFG_MASK |
                                         XSTATE_XTILE_DATA_MASK,
                                     true),
                     704 + 8192);
}

static void test_leaf7_and_ospke(void **state)
{
    X86CPU *cpu = cpu_test_create("Skylake-Server", NULL, 0);
    CpuidRegs r = cpuid(cpu, 7, 0);

    assert_int_equal(r.eax, 0);
    assert_int_equal(r.ebx, 0xd19f0fb9);
    assert_int_equal(r.ecx, CPUID_7_0_ECX_PKU);
    cpu->env.cr[4] |= CR4_PKE_MASK;
    assert_int_equal(cpuid(cpu, 7, 0).ecx,
                     CPUID_7_0_ECX_PKU | CPUID_7_0_ECX_OSPKE);
    /* A 7.1 feature makes leaf 7 report sub-leaf 1. */
    cpu = cpu_test_create("Skylake-Server,avx512-bf16=on", NULL, 1);
    assert_int_equal(cpuid(cpu, 7, 0).eax, 1);
    assert_cpuid(cpu, 7, 1, 1U << 5, 0, 0, 0);
}

static void test_cpuid_0xb_off_and_32bit(void **state)
{
    X86CPU *cpu = cpu_test_create("SandyBridge,cpuid-0xb=off", NULL, 0);
    X86CPU *p3 = cpu_test_create("pentium3", NULL, 1);
    X86CPU *q32 = cpu_test_create("qemu32", NULL, 2);

    assert_cpuid(cpu, 0xb, 0, 0, 0, 0, 0);
    /* 32-bit CPUs: 36 physical address bits with PSE-36, else 32. */
    assert_int_equal(p3->phys_bits, 36);
    assert_int_equal(q32->phys_bits, 32);
    assert_int_equal(cpuid(q32, 0x80000000, 0).eax, 0x80000004);
}

static void test_auto_level(void **state)
{
    X86CPU *cpu = cpu_test_create("qemu64", NULL, 0);
    X86CPU *raised = cpu_test_create("pentium,+avx2", NULL, 1);
    X86CPU *fixed = cpu_test_create("pentium,+avx2,level=1", NULL, 2);
    X86CPU *svm = cpu_test_create("Conroe,+svm", NULL, 3);

    assert_int_equal(cpu->env.cpuid_level, 0xd);
    /* A leaf-7 feature needs leaf 7 (full-cpuid-auto-level). */
    assert_int_equal(raised->env.cpuid_level, 7);
    assert_int_equal(cpuid(raised, 7, 0).ebx, CPUID_7_0_EBX_AVX2);
    /* An explicit level wins. */
    assert_int_equal(fixed->env.cpuid_level, 1);
    assert_int_equal(svm->env.cpuid_xlevel, 0x8000000a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cpu_unit_test(test_sandybridge_basic_leaves),
        cpu_unit_test(test_sandybridge_brand_string),
        cpu_unit_test(test_qemu64_leaves),
        cpu_unit_test(test_extended_family_signature),
        cpu_unit_test(test_out_of_range_leaf),
        cpu_unit_test(test_cache_leaves_intel),
        cpu_unit_test(test_l3_cache_off),
        cpu_unit_test(test_topology_2s2c2t),
        cpu_unit_test(test_topology_three_cores),
        cpu_unit_test(test_topology_dies),
        cpu_unit_test(test_amd_topology_leaves),
        cpu_unit_test(test_xsave_leaf_sandybridge),
        cpu_unit_test(test_xsave_leaf_avx512),
        cpu_unit_test(test_xsave_area_size),
        cpu_unit_test(test_leaf7_and_ospke),
        cpu_unit_test(test_cpuid_0xb_off_and_32bit),
        cpu_unit_test(test_auto_level),
    };

    module_call_init(MODULE_INIT_QOM);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
