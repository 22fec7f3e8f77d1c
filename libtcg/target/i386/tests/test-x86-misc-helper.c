/*
 * misc-helper.c for real: IN/OUT through libmachine's I/O address space
 * (a test region at port 0x80, the big lock taken by the helper), and
 * RDTSC following the virtual clock at env->tsc_khz.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "x86-test-engine.h"
#include "machine/memory.h"
#include "translate.h"
#include "util/main-loop.h"

static uint64_t last_write;
static unsigned last_size, writes;

static uint64_t port_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0x40302010 >> (8 * addr);
}

static void port_write(void *opaque, hwaddr addr, uint64_t data, unsigned size)
{
    last_write = data;
    last_size = size;
    writes++;
}

static const MemoryRegionOps port_ops = {
    .read = port_read,
    .write = port_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 4,
    .impl.min_access_size = 1,
    .impl.max_access_size = 4,
};

static void test_port_io(void **state)
{
    XTState st;
    MemoryRegion mr;
    static const uint8_t code[] = {
        0xba, 0x80, 0x00, 0x00, 0x00, /* mov edx, 0x80 */
        0x66, 0xef,                   /* out dx, ax */
        0xe4, 0x81,                   /* in al, 0x81 */
        0xf4,
    };

    memory_map_init();
    memory_region_init_io(&mr, NULL, &port_ops, NULL, "test-port", 4);
    memory_region_add_subregion(get_system_io(), 0x80, &mr);
    xt_init(&st, true);
    xt_load(&st, 0x1000, code, sizeof(code));
    st.env.eip = 0x1000;
    st.env.regs[R_EAX] = 0xabcd1234;
    assert_int_equal(xt_run(&st, 100), XT_HALT);
    assert_int_equal(writes, 1);
    assert_int_equal(last_size, 2);
    assert_int_equal(last_write, 0x1234);
    /* IN AL: the byte at port 0x81, the rest of EAX kept */
    assert_int_equal((uint32_t)st.env.regs[R_EAX], 0xabcd1220);
    assert_false(qemu_mutex_iothread_locked());
    xt_free(&st);
    memory_region_del_subregion(get_system_io(), &mr);
    memory_region_destroy(&mr);
    memory_map_cleanup();
}

static void test_rdtsc(void **state)
{
    CPUX86State env = {0};
    uint64_t t1, t2;

    env.tsc_khz = 2000000;
    helper_rdtsc((uintptr_t)&env);
    t1 = (uint32_t)env.regs[R_EAX] | env.regs[R_EDX] << 32;
    helper_rdtsc((uintptr_t)&env);
    t2 = (uint32_t)env.regs[R_EAX] | env.regs[R_EDX] << 32;
    assert_true(t2 >= t1);
    env.tsc_adjust = 1000000;
    helper_rdtsc((uintptr_t)&env);
    t1 = (uint32_t)env.regs[R_EAX] | env.regs[R_EDX] << 32;
    assert_true(t1 >= t2 + 1000000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_port_io),
        cmocka_unit_test(test_rdtsc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
