/*
 * libqtest: the client side of the qtest protocol, with QEMU's names.
 *
 * qtest_init() starts QTEST_QEMU_BINARY (default: $EMU_QTEST_BINARY, set
 * by meson) with QEMU's libqtest argument list; the child connects to two
 * unix sockets the client listens on, one for qtest, one for QMP.  A
 * binary named "qemu-system-*" (Debian's QEMU, built without the qtest
 * accelerator) runs with "-accel tcg -S" instead of "-accel qtest".
 *
 * Failures (a FAIL/ERR answer, a lost connection, an unexpected exit
 * status) abort the test with a message on stderr.  QTEST_LOG set: the
 * traffic is logged to stderr.
 */
#ifndef QTEST_LIBQTEST_H
#define QTEST_LIBQTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-glib/json-glib.h>

typedef struct QTestState QTestState;

QTestState *qtest_init(const char *extra_args);
QTestState *qtest_initf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/*
 * SIGTERM, wait up to 30 s, then SIGKILL.  Aborts unless the child exited
 * normally with the expected status (0 unless set below).
 */
void qtest_quit(QTestState *s);
void qtest_set_expected_status(QTestState *s, int status);

/* Whether the server knows clock_step (QEMU without -accel qtest doesn't). */
bool qtest_probe_clock(QTestState *s);

uint8_t qtest_inb(QTestState *s, uint16_t addr);
uint16_t qtest_inw(QTestState *s, uint16_t addr);
uint32_t qtest_inl(QTestState *s, uint16_t addr);
void qtest_outb(QTestState *s, uint16_t addr, uint8_t value);
void qtest_outw(QTestState *s, uint16_t addr, uint16_t value);
void qtest_outl(QTestState *s, uint16_t addr, uint32_t value);

uint8_t qtest_readb(QTestState *s, uint64_t addr);
uint16_t qtest_readw(QTestState *s, uint64_t addr);
uint32_t qtest_readl(QTestState *s, uint64_t addr);
uint64_t qtest_readq(QTestState *s, uint64_t addr);
void qtest_writeb(QTestState *s, uint64_t addr, uint8_t value);
void qtest_writew(QTestState *s, uint64_t addr, uint16_t value);
void qtest_writel(QTestState *s, uint64_t addr, uint32_t value);
void qtest_writeq(QTestState *s, uint64_t addr, uint64_t value);

void qtest_memread(QTestState *s, uint64_t addr, void *data, size_t size);
void qtest_memwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size);
void qtest_bufread(QTestState *s, uint64_t addr, void *data, size_t size);
void qtest_bufwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size);
void qtest_memset(QTestState *s, uint64_t addr, uint8_t pattern,
                  size_t size);

/* The new virtual clock value (ns). */
int64_t qtest_clock_step_next(QTestState *s);
int64_t qtest_clock_step(QTestState *s, int64_t step);
int64_t qtest_clock_set(QTestState *s, int64_t val);

void qtest_irq_intercept_in(QTestState *s, const char *qom_path);
void qtest_irq_intercept_out(QTestState *s, const char *qom_path);
/* Sends "inb 0" first so that pending IRQ lines have arrived. */
bool qtest_get_irq(QTestState *s, int num);

/*
 * Send the printf-formatted JSON command and return the reply (a new
 * reference: json_object_unref() it).  Events met meanwhile are queued
 * for qtest_qmp_eventwait().
 */
JsonObject *qtest_qmp(QTestState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
/* Aborts unless the reply has "return". */
void qtest_qmp_assert_success(QTestState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
/* Wait for the event named event (a queued one first). */
void qtest_qmp_eventwait(QTestState *s, const char *event);
/*
 * The same, returning the event (a new reference: json_object_unref()
 * it); events met on the way are dropped.
 */
JsonObject *qtest_qmp_eventwait_ref(QTestState *s, const char *event);

#endif /* QTEST_LIBQTEST_H */
