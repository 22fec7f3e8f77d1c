/*
 * IRQ lines (qemu_irq): allocation, setting, inversion, splitting and
 * interception.
 */
#include "machine/irq.h"

static const TypeInfo irq_type_info = {
    .name = TYPE_IRQ,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(IRQState),
};

static void irq_register_types(void)
{
    type_register_static(&irq_type_info);
}

type_init(irq_register_types)

    void qemu_set_irq(qemu_irq irq, int level)
{
    /* An unconnected pin: the level goes nowhere. */
    if (!irq) {
        return;
    }
    irq->handler(irq->opaque, irq->n, level);
}

void qemu_init_irq(IRQState *irq, qemu_irq_handler handler, void *opaque, int n)
{
    object_initialize(irq, sizeof(*irq), TYPE_IRQ);
    irq->handler = handler;
    irq->opaque = opaque;
    irq->n = n;
}

qemu_irq qemu_allocate_irq(qemu_irq_handler handler, void *opaque, int n)
{
    IRQState *irq = (IRQState *)object_new(TYPE_IRQ);

    irq->handler = handler;
    irq->opaque = opaque;
    irq->n = n;
    return irq;
}

qemu_irq *qemu_extend_irqs(qemu_irq *old, int n1, qemu_irq_handler handler,
                           void *opaque, int n)
{
    qemu_irq *s;
    int i;

    g_assert(n1 >= 0 && n >= 0);
    if (!old) {
        n1 = 0;
    }
    s = old ? g_renew(qemu_irq, old, n1 + n) : g_new(qemu_irq, n);
    for (i = n1; i < n1 + n; i++) {
        s[i] = qemu_allocate_irq(handler, opaque, i);
    }
    return s;
}

qemu_irq *qemu_allocate_irqs(qemu_irq_handler handler, void *opaque, int n)
{
    return qemu_extend_irqs(NULL, 0, handler, opaque, n);
}

void qemu_free_irq(qemu_irq irq)
{
    if (irq) {
        object_unref(irq);
    }
}

void qemu_free_irqs(qemu_irq *s, int n)
{
    int i;

    for (i = 0; i < n; i++) {
        qemu_free_irq(s[i]);
    }
    g_free(s);
}

static void qemu_notirq(void *opaque, int line, int level)
{
    qemu_set_irq(opaque, !level);
}

qemu_irq qemu_irq_invert(qemu_irq irq)
{
    /* The inverted line's idle level is the asserted level of irq. */
    qemu_irq_raise(irq);
    return qemu_allocate_irq(qemu_notirq, irq, 0);
}

typedef struct IRQSplit {
    qemu_irq out[2];
} IRQSplit;

static void qemu_splitirq(void *opaque, int line, int level)
{
    IRQSplit *split = opaque;

    qemu_set_irq(split->out[0], level);
    qemu_set_irq(split->out[1], level);
}

static void irq_split_release(Object *obj, const char *name, void *opaque)
{
    g_free(opaque);
}

qemu_irq qemu_irq_split(qemu_irq irq1, qemu_irq irq2)
{
    IRQSplit *split = g_new0(IRQSplit, 1);
    qemu_irq irq;

    split->out[0] = irq1;
    split->out[1] = irq2;
    irq = qemu_allocate_irq(qemu_splitirq, split, 0);
    /* The split state dies with the line (its property's release). */
    object_property_add(OBJECT(irq), "split-state", "IRQSplit", NULL, NULL,
                        irq_split_release, split);
    return irq;
}

void qemu_irq_intercept_in(qemu_irq *gpio_in, qemu_irq_handler handler, int n)
{
    int i;

    for (i = 0; i < n; i++) {
        qemu_irq line = gpio_in[i];
        qemu_irq orig;

        if (!line) {
            continue;
        }
        orig = qemu_allocate_irq(line->handler, line->opaque, line->n);
        /*
         * The copy is a child of the line, so it lives exactly as long as
         * the line; "[*]" numbers repeated interceptions.
         */
        object_property_add_child(OBJECT(line), "intercepted[*]", OBJECT(orig));
        object_unref(orig);
        line->handler = handler;
        line->opaque = orig;
    }
}
