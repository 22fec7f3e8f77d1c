/*
 * The CPU-side ends of the x86 interrupt wires (machine/x86-intr.h):
 * what the board registered, called by the accelerator.  Registered at
 * board init and read under the big lock.
 */
#include <stddef.h>

#include "machine/x86-intr.h"

static int (*pic_intack)(void *opaque);
static void *pic_intack_opaque;
static X86IOAPICRouteHandler ioapic_route_handler;
static void *ioapic_route_opaque;
static void (*ioapic_eoi_handler)(int vector);
static const X86APICOps *apic_ops;

void x86_intr_set_pic_intack(int (*intack)(void *opaque), void *opaque)
{
    pic_intack = intack;
    pic_intack_opaque = opaque;
}

int cpu_get_pic_interrupt(CPUX86State *env)
{
    DeviceState *apic = env_archcpu(env)->apic_state;

    if (apic && apic_ops) {
        int intno = apic_ops->get_interrupt(apic);

        if (intno >= 0) {
            return intno;
        }
        /* Nothing from the APIC: the 8259 only if LINT0 passes its INT. */
        if (!apic_ops->accept_pic_intr(apic)) {
            return -1;
        }
    }
    return pic_intack ? pic_intack(pic_intack_opaque) : -1;
}

void x86_intr_set_ioapic_route_handler(X86IOAPICRouteHandler handler,
                                       void *opaque)
{
    ioapic_route_handler = handler;
    ioapic_route_opaque = opaque;
}

void x86_intr_ioapic_route_changed(unsigned pin, bool masked, uint32_t addr,
                                   uint32_t data)
{
    if (ioapic_route_handler) {
        ioapic_route_handler(ioapic_route_opaque, pin, masked, addr, data);
    }
}

void x86_intr_set_ioapic_eoi_handler(void (*eoi)(int vector))
{
    ioapic_eoi_handler = eoi;
}

void x86_intr_ioapic_eoi(int vector)
{
    if (ioapic_eoi_handler) {
        ioapic_eoi_handler(vector);
    }
}

/* ---- The userspace local APIC ---- */

void x86_intr_set_apic_ops(const X86APICOps *ops)
{
    apic_ops = ops;
}

/*
 * Every entry point takes a CPU's apic_state, which only exists once the
 * model registered its operations (it does so at realize).
 */
static const X86APICOps *apic_get_ops(DeviceState *dev)
{
    g_assert(dev && apic_ops);
    return apic_ops;
}

int apic_get_interrupt(DeviceState *dev)
{
    return apic_get_ops(dev)->get_interrupt(dev);
}

bool apic_accept_pic_intr(DeviceState *dev)
{
    return apic_get_ops(dev)->accept_pic_intr(dev);
}

void apic_poll_irq(DeviceState *dev)
{
    apic_get_ops(dev)->poll_irq(dev);
}

void apic_sipi(DeviceState *dev)
{
    apic_get_ops(dev)->sipi(dev);
}

void apic_init_reset(DeviceState *dev)
{
    apic_get_ops(dev)->init_reset(dev);
}

bool cpu_set_apic_base(DeviceState *dev, uint64_t val)
{
    return apic_get_ops(dev)->set_base(dev, val);
}

uint64_t cpu_get_apic_base(DeviceState *dev)
{
    return apic_get_ops(dev)->get_base(dev);
}

void cpu_set_apic_tpr(DeviceState *dev, uint8_t val)
{
    apic_get_ops(dev)->set_tpr(dev, val);
}

uint8_t cpu_get_apic_tpr(DeviceState *dev)
{
    return apic_get_ops(dev)->get_tpr(dev);
}

void apic_set_tsc_deadline(DeviceState *dev, uint64_t deadline,
                           int64_t expire_ns)
{
    apic_get_ops(dev)->set_tsc_deadline(dev, deadline, expire_ns);
}

uint64_t apic_get_tsc_deadline(DeviceState *dev)
{
    return apic_get_ops(dev)->get_tsc_deadline(dev);
}

void x86_cpu_do_sipi(X86CPU *cpu, uint8_t vector)
{
    CPUX86State *env = &cpu->env;
    SegmentCache *cs = &env->segs[R_CS];

    /* The limit and attributes stay those INIT loaded (real mode). */
    cpu_x86_load_seg_cache(env, R_CS, (unsigned)vector << 8,
                           (uint64_t)vector << 12, cs->limit, cs->flags);
    env->eip = 0;
    env->mp_state = X86_MP_STATE_RUNNABLE;
    CPU(cpu)->halted = 0;
}
