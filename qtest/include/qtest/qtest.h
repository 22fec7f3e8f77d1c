/*
 * The qtest server: QEMU's qtest line protocol (see
 * /work/shared/design/QTEST-PROTOCOL.md), as an in-process engine.
 *
 * The engine does not own a transport: bytes come in through
 * qtest_server_feed(), every response (and every asynchronous "IRQ raise N"
 * / "IRQ lower N" line) goes out through the send function given at
 * creation, one whole line (ending in '\n') per call.  The chardev front
 * end of -qtest and the fuzzer both drive it this way.
 *
 * Requests act on the current machine: memory commands on
 * address_space_memory, port commands on address_space_io.  Malformed
 * requests are answered with one "ERR ..." or "FAIL ..." line; the server
 * keeps serving.  Call with the big lock held.
 */
#ifndef QTEST_QTEST_H
#define QTEST_QTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/error.h"

typedef struct QTestServer QTestServer;

/*
 * Send len bytes: whole lines (each with its '\n').  The answers to all
 * requests of one qtest_server_feed() call come in one call, so that a
 * pipelining client costs one write, not one per line.
 */
typedef void (*QTestSendFn)(void *opaque, const char *buf, size_t len);

/* Requests longer than this (without '\n') are refused as a whole. */
#define QTEST_MAX_LINE (1024 * 1024)

QTestServer *qtest_server_new(QTestSendFn send, void *opaque);

/*
 * Free the server.  Intercepted IRQ lines stay intercepted (as in QEMU)
 * but are no longer reported.
 */
void qtest_server_free(QTestServer *s);

/* Process buf: every complete line is answered before this returns. */
void qtest_server_feed(QTestServer *s, const char *buf, size_t len);

/*
 * Log requests and responses to fp ("[R +secs] request",
 * "[S +secs] response"), NULL to stop.  The server does not close fp.
 */
void qtest_server_set_log(QTestServer *s, FILE *fp);

/*
 * The client connected or left: logged as "[I 0.000000] OPENED" (log
 * times count from there) and "[I +secs] CLOSED"; opening forgets the IRQ
 * levels reported so far.
 */
void qtest_server_event(QTestServer *s, bool opened);

/*
 * -qtest SPEC -qtest-log LOG (NULL: stderr, as QEMU; "none": no log):
 * create chardev
 * "qtest" from SPEC (the legacy syntax: "unix:PATH" connects, "stdio",
 * "tcp:...", "chardev:ID") and serve the protocol on it.  When the peer
 * closes, an exit with status 0 is requested from the main loop.  Errors:
 * "Failed to initialize device for qtest: \"SPEC\"" (QEMU's text).
 */
bool qtest_chr_init(const char *spec, const char *log, Error **errp);
void qtest_chr_cleanup(void);
/* A -qtest client drives the machine (QEMU's qtest_driver()). */
bool qtest_driver(void);

/*
 * Whether the qtest accelerator ("-accel qtest", type "qtest-accel") is
 * the running one.  It attaches CPUs that never run and puts the virtual
 * clock in manual mode; link libemu-qtest.a whole to register it.
 */
bool qtest_enabled(void);

#endif /* QTEST_QTEST_H */
