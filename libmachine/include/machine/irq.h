/*
 * IRQ lines: qemu_irq, a wire from one device's output to a handler.
 *
 * A qemu_irq is a small QOM object ("irq") holding a handler, its opaque
 * and the line number n passed back to the handler.  The device that
 * receives interrupts allocates the lines (usually through
 * qdev_init_gpio_in(), see machine/qdev-core.h) and the device that raises
 * them stores the qemu_irq it was connected to and calls qemu_set_irq().
 * A NULL qemu_irq is a line connected to nothing: setting it is a no-op,
 * as on a board where the pin is left floating.
 */
#ifndef MACHINE_IRQ_H
#define MACHINE_IRQ_H

#include "qom/object.h"

#define TYPE_IRQ "irq"

typedef struct IRQState IRQState;
typedef IRQState *qemu_irq;

/* Called with the opaque and line number given at allocation. */
typedef void (*qemu_irq_handler)(void *opaque, int n, int level);

/* The line's state is exposed so qtest can intercept it (see below). */
struct IRQState {
    Object parent_obj;
    qemu_irq_handler handler;
    void *opaque;
    int n;
};

/* Drive the line to level (any non-zero level is "asserted"). */
void qemu_set_irq(qemu_irq irq, int level);

static inline void qemu_irq_raise(qemu_irq irq)
{
    qemu_set_irq(irq, 1);
}

static inline void qemu_irq_lower(qemu_irq irq)
{
    qemu_set_irq(irq, 0);
}

/* An edge: raise then lower, as for an edge-triggered ISA interrupt. */
static inline void qemu_irq_pulse(qemu_irq irq)
{
    qemu_set_irq(irq, 1);
    qemu_set_irq(irq, 0);
}

/* One line; free with qemu_free_irq() unless a device's tree owns it. */
qemu_irq qemu_allocate_irq(qemu_irq_handler handler, void *opaque, int n);
/* n lines with numbers 0..n-1; free with qemu_free_irqs(irqs, n). */
qemu_irq *qemu_allocate_irqs(qemu_irq_handler handler, void *opaque, int n);
/*
 * Grow (or create, if old is NULL) an array of lines from n1 to n1 + n
 * entries; the new entries are numbered n1..n1+n-1.
 */
qemu_irq *qemu_extend_irqs(qemu_irq *old, int n1, qemu_irq_handler handler,
                           void *opaque, int n);
void qemu_free_irq(qemu_irq irq);
void qemu_free_irqs(qemu_irq *s, int n);

/* Initialise a line embedded in a larger struct. */
void qemu_init_irq(IRQState *irq, qemu_irq_handler handler, void *opaque,
                   int n);

/* A line whose level is the inverse of irq's (active-low pins). */
qemu_irq qemu_irq_invert(qemu_irq irq);
/* A line that drives both irq1 and irq2 (a wire with two loads). */
qemu_irq qemu_irq_split(qemu_irq irq1, qemu_irq irq2);

/*
 * Interception, for qtest's "irq_intercept_in" command: from now on every
 * qemu_set_irq() on gpio_in[i] (i < n) calls handler(opaque_i, i, level)
 * instead of the device's handler.  opaque_i is a copy of the original
 * line (a qemu_irq, allocated here and owned by the intercepted line), so
 * the interceptor may forward with qemu_set_irq(opaque_i, level) to keep
 * the device working while observing it.  Intercepting again wraps again.
 */
void qemu_irq_intercept_in(qemu_irq *gpio_in, qemu_irq_handler handler,
                           int n);

#endif /* MACHINE_IRQ_H */
