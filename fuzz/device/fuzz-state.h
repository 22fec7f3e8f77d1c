/*
 * The device fuzzer's reset check: after the machine's reset, every
 * device must be in the state the first reset gave it.  The state
 * compared is each device object's instance bytes (its QOM instance
 * size, without the QOM header and a PCI function's bus master address
 * space, which are bookkeeping) and a PCI function's configuration
 * space; buffers a device allocates separately are not compared.  A difference names the
 * device, its type and the bytes, and aborts: a device that does not
 * reset fully is a bug.
 */
#ifndef FUZZ_STATE_H
#define FUZZ_STATE_H

/* Record the state of every device now (right after a reset). */
void fuzz_state_snapshot(void);
/*
 * Before a reset: put back what devices keep over one on purpose
 * (qdev_declare_persistent(): the RTC's CMOS), so that every input
 * starts from the same power-on state.
 */
void fuzz_state_restore_persistent(void);
/* Compare with the snapshot; aborts on a difference. */
void fuzz_state_check(void);

#endif /* FUZZ_STATE_H */
