/*
 * The 16550A UART core shared by the serial front ends (today only
 * isa-serial, serial-isa.c), QEMU's SerialState.  Private to libdevices.
 *
 * The core is the register model and the chardev plumbing; a front end
 * embeds a SerialState, gives it its properties (baudbase, chardev),
 * maps serial_io_ops (8 byte-wide registers) and connects s->irq.
 *
 * Behaviour follows the National Semiconductor PC16550D data sheet
 * (June 1995), "Registers" and "FIFO Interrupt Mode Operation", and
 * QEMU 7.2 where the data sheet leaves a choice to the emulator (what
 * an empty FIFO reads, the divisor latch's value after reset, that the
 * IRQ line is not gated by OUT2).
 */
#ifndef LIBDEVICES_CHAR_SERIAL_H
#define LIBDEVICES_CHAR_SERIAL_H

#include <stdbool.h>
#include <stdint.h>

#include "chardev/char-fe.h"
#include "machine/irq.h"
#include "machine/memory.h"
#include "machine/qdev-properties.h"
#include "util/error.h"
#include "util/timer.h"

/* Register offsets (PC16550D Table II). */
#define UART_RBR 0 /* read, DLAB=0: receiver buffer */
#define UART_THR 0 /* write, DLAB=0: transmitter holding */
#define UART_DLL 0 /* DLAB=1: divisor latch, low byte */
#define UART_IER 1 /* DLAB=0: interrupt enable */
#define UART_DLM 1 /* DLAB=1: divisor latch, high byte */
#define UART_IIR 2 /* read: interrupt identification */
#define UART_FCR 2 /* write: FIFO control */
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_MSR 6
#define UART_SCR 7

/* IER */
#define UART_IER_RDI 0x01  /* received data available (and timeout) */
#define UART_IER_THRI 0x02 /* transmitter holding register empty */
#define UART_IER_RLSI 0x04 /* receiver line status */
#define UART_IER_MSI 0x08  /* modem status */
#define UART_IER_MASK 0x0f /* bits 4-7 are always 0 */

/* IIR: bit 0 clear when an interrupt is pending, the source in 1-3. */
#define UART_IIR_NO_INT 0x01
#define UART_IIR_ID 0x0e
#define UART_IIR_MSI 0x00
#define UART_IIR_THRI 0x02
#define UART_IIR_RDI 0x04
#define UART_IIR_RLSI 0x06
#define UART_IIR_CTI 0x0c /* character timeout (FIFO mode) */
#define UART_IIR_FE 0xc0  /* FIFOs enabled */

/* FCR */
#define UART_FCR_FE 0x01     /* FIFO enable */
#define UART_FCR_RFR 0x02    /* receiver FIFO reset (self-clearing) */
#define UART_FCR_XFR 0x04    /* transmitter FIFO reset (self-clearing) */
#define UART_FCR_DMS 0x08    /* DMA mode select (RXRDY/TXRDY pins) */
#define UART_FCR_ITL_SHIFT 6 /* receiver trigger level: 1, 4, 8, 14 */

/* LCR */
#define UART_LCR_WLS 0x03  /* word length - 5 */
#define UART_LCR_STB 0x04  /* 2 stop bits (1.5 with 5-bit words) */
#define UART_LCR_PEN 0x08  /* parity enable */
#define UART_LCR_EPS 0x10  /* even parity */
#define UART_LCR_SP 0x20   /* stick parity */
#define UART_LCR_SBC 0x40  /* set break */
#define UART_LCR_DLAB 0x80 /* divisor latch access */

/* MCR */
#define UART_MCR_DTR 0x01
#define UART_MCR_RTS 0x02
#define UART_MCR_OUT1 0x04
#define UART_MCR_OUT2 0x08
#define UART_MCR_LOOP 0x10
#define UART_MCR_MASK 0x1f /* bits 5-7 are always 0 */

/* LSR */
#define UART_LSR_DR 0x01    /* data ready */
#define UART_LSR_OE 0x02    /* overrun error */
#define UART_LSR_PE 0x04    /* parity error */
#define UART_LSR_FE 0x08    /* framing error */
#define UART_LSR_BI 0x10    /* break interrupt */
#define UART_LSR_THRE 0x20  /* THR (or TX FIFO) empty */
#define UART_LSR_TEMT 0x40  /* THR and transmitter shift register empty */
#define UART_LSR_FIFOE 0x80 /* FIFO mode: an error character in the FIFO */
#define UART_LSR_INT_ANY (UART_LSR_OE | UART_LSR_PE | UART_LSR_FE | UART_LSR_BI)
/* The errors that travel with a character through the receiver FIFO. */
#define UART_LSR_CHAR_ERR (UART_LSR_PE | UART_LSR_FE | UART_LSR_BI)

/* MSR */
#define UART_MSR_DCTS 0x01
#define UART_MSR_DDSR 0x02
#define UART_MSR_TERI 0x04
#define UART_MSR_DDCD 0x08
#define UART_MSR_ANY_DELTA 0x0f
#define UART_MSR_CTS 0x10
#define UART_MSR_DSR 0x20
#define UART_MSR_RI 0x40
#define UART_MSR_DCD 0x80

#define UART_FIFO_LENGTH 16

/*
 * A character FIFO.  The receiver's also keeps, per character, the
 * error bits (LSR PE/FE/BI) that the data sheet says travel with it.
 */
typedef struct SerialFifo {
    uint8_t data[UART_FIFO_LENGTH];
    uint8_t err[UART_FIFO_LENGTH];
    unsigned head;
    unsigned count;
} SerialFifo;

typedef struct SerialState {
    /* Set by the front end before serial_realize_core(). */
    uint32_t baudbase;      /* property baudbase: the clock / 16 */
    bool wakeup;            /* property wakeup (see serial.c) */
    QdevBackendRef chr_ref; /* property chardev */
    qemu_irq irq;
    MemoryRegion io;
    /* For messages: "isa-serial (COM1, 0x3f8)". */
    char *name;

    CharBackend chr;

    /* Registers. */
    uint16_t divider;
    uint8_t ier;
    uint8_t iir;
    uint8_t fcr;
    uint8_t lcr;
    uint8_t mcr;
    uint8_t lsr;
    uint8_t msr;
    uint8_t scr;
    /* The last character read from RBR in 16450 mode (read again). */
    uint8_t rbr;

    /*
     * Receiver FIFO and transmitter FIFO.  In 16450 mode they hold one
     * character: RBR and THR.
     */
    SerialFifo rx;
    SerialFifo tx;
    unsigned rx_trigger;
    /* LSR bit 7, sticky until LSR is read. */
    bool lsr_fifo_error;

    /* The transmitter shift register holds a byte the backend refused. */
    uint8_t tsr;
    bool tsr_full;
    /* The G_IO_OUT watch waiting for the backend (0: none). */
    guint watch_tag;
    /* A hard write error was reported once for this port. */
    bool tx_error_reported;

    /* Interrupt sources without a register bit of their own. */
    bool thr_ipending;
    bool timeout_ipending;

    /* Line parameters last handed to the backend. */
    bool params_sent;
    QEMUSerialSetParams params;
    /* Break state last handed to the backend. */
    int break_sent;
    /* Time of one character on the line (start, data, parity, stop). */
    int64_t char_transmit_time;
    /* The receiver FIFO timeout (4 character times), virtual clock. */
    QEMUTimer fifo_timeout_timer;
} SerialState;

/* Byte-wide registers at offsets 0-7; wider accesses are split. */
extern const MemoryRegionOps serial_io_ops;

/* Instance init / finalize of the core (timers, names). */
void serial_init_core(SerialState *s);
void serial_finalize_core(SerialState *s);

/*
 * Attach the chardev (s->chr_ref) and reset.  On error nothing is left
 * attached.
 */
bool serial_realize_core(SerialState *s, Error **errp);
void serial_unrealize_core(SerialState *s);

/* Power-on state (PC16550D Table IV, "UART Reset Configuration"). */
void serial_reset(SerialState *s);

#endif /* LIBDEVICES_CHAR_SERIAL_H */
