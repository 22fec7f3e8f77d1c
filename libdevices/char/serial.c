/*
 * The 16550A UART core (QEMU's SerialState): registers, FIFOs,
 * interrupts, loopback, break, and the chardev on the line side.
 *
 * Facts from the National Semiconductor PC16550D data sheet (June 1995);
 * section names in the comments are that document's.  What a UART on a
 * chardev cannot have is left out on purpose: parity and framing errors
 * (bytes arrive whole from the backend and loopback uses one LCR for
 * both directions, so LSR PE/FE are never set), DMA (FCR bit 3 is kept
 * but drives no pin), and the modem input lines of a host tty (emu has
 * no tty backend: outside loopback CTS, DSR and DCD read as asserted,
 * QEMU's value for backends without modem lines).
 *
 * Timing.  As in QEMU 7.2 the transmitter is not paced by the baud rate:
 * a byte written to THR goes to the chardev at once, as fast as the
 * backend takes it; the guest can only tell by THRE/TEMT coming back
 * earlier than on a wire, which no driver depends on.  When the backend
 * takes nothing more, the byte stays in the transmitter shift register
 * and the following ones in THR / the transmitter FIFO, THRE and TEMT
 * stay clear, and a G_IO_OUT watch resumes transmission: nothing is
 * dropped unless the guest writes THR while THRE is clear (logged, as
 * the chip would lose it) or the backend fails.  The receiver's character
 * timeout is the one place where the guest observes the baud rate, so it runs
 * on the virtual clock for 4 character times of the programmed line settings.
 */
#include <errno.h>
#include <string.h>

#include "serial.h"
#include "util/error-report.h"
#include "util/log.h"
#include "util/timer.h"

/* PC16550D "FIFO Control Register", bits 6-7: RCVR FIFO trigger level. */
static const uint8_t serial_rx_trigger_levels[4] = {1, 4, 8, 14};

/* ---- FIFOs ---- */

/* Empty, and no byte of what was queued left behind. */
static void fifo_reset(SerialFifo *f)
{
    memset(f, 0, sizeof(*f));
}

static void fifo_push(SerialFifo *f, uint8_t ch, uint8_t err)
{
    unsigned tail = (f->head + f->count) % UART_FIFO_LENGTH;

    f->data[tail] = ch;
    f->err[tail] = err;
    f->count++;
}

static uint8_t fifo_pop(SerialFifo *f)
{
    uint8_t ch = f->data[f->head];

    f->head = (f->head + 1) % UART_FIFO_LENGTH;
    f->count--;
    return ch;
}

static bool fifo_has_error(const SerialFifo *f)
{
    for (unsigned i = 0; i < f->count; i++) {
        if (f->err[(f->head + i) % UART_FIFO_LENGTH]) {
            return true;
        }
    }
    return false;
}

static bool serial_fifo_mode(const SerialState *s)
{
    return s->fcr & UART_FCR_FE;
}

/* In 16450 mode the "FIFOs" are RBR and THR: one character each. */
static unsigned serial_fifo_size(const SerialState *s)
{
    return serial_fifo_mode(s) ? UART_FIFO_LENGTH : 1;
}

static bool serial_loopback(const SerialState *s)
{
    return s->mcr & UART_MCR_LOOP;
}

/* ---- Interrupts ---- */

/*
 * PC16550D Table IV, "Interrupt Control Functions": one source shows
 * in IIR, by priority: receiver line status, received data available
 * (FIFO mode: at the trigger level), character timeout, THR empty,
 * modem status.  The INTR pin is high while any enabled source is
 * pending.  PCs gate INTR with OUT2 on the board; QEMU does not, and
 * neither does emu (MCR OUT2 only matters in loopback).
 */
static void serial_update_irq(SerialState *s)
{
    uint8_t id = UART_IIR_NO_INT;

    if ((s->ier & UART_IER_RLSI) && (s->lsr & UART_LSR_INT_ANY)) {
        id = UART_IIR_RLSI;
    } else if ((s->ier & UART_IER_RDI) && (s->lsr & UART_LSR_DR) &&
               (!serial_fifo_mode(s) || s->rx.count >= s->rx_trigger)) {
        id = UART_IIR_RDI;
    } else if ((s->ier & UART_IER_RDI) && s->timeout_ipending) {
        id = UART_IIR_CTI;
    } else if ((s->ier & UART_IER_THRI) && s->thr_ipending) {
        id = UART_IIR_THRI;
    } else if ((s->ier & UART_IER_MSI) && (s->msr & UART_MSR_ANY_DELTA)) {
        id = UART_IIR_MSI;
    }
    s->iir = id | (serial_fifo_mode(s) ? UART_IIR_FE : 0);
    qemu_set_irq(s->irq, id != UART_IIR_NO_INT);
}

/* ---- Line settings ---- */

/*
 * The line settings the LCR and divisor latch select (PC16550D "Line
 * Control Register", "Programmable Baud Generator": baud = clock / (16 *
 * divisor), and baudbase is clock / 16).  False while the divisor is 0
 * (undefined in the data sheet; QEMU keeps the previous settings), which
 * a guest goes through while it writes DLL and DLM one after the other.
 */
static bool serial_line_params(const SerialState *s, QEMUSerialSetParams *p,
                               int *frame_bits)
{
    if (s->divider == 0 || s->divider > s->baudbase) {
        return false;
    }
    p->speed = s->baudbase / s->divider;
    p->data_bits = (s->lcr & UART_LCR_WLS) + 5;
    p->stop_bits = (s->lcr & UART_LCR_STB) ? 2 : 1;
    if (!(s->lcr & UART_LCR_PEN)) {
        p->parity = 'N';
    } else {
        p->parity = (s->lcr & UART_LCR_EPS) ? 'E' : 'O';
    }
    /* Start bit, data bits, parity bit, stop bits. */
    *frame_bits = 1 + p->data_bits + (p->parity != 'N') + p->stop_bits;
    return true;
}

static void serial_update_parameters(SerialState *s)
{
    QEMUSerialSetParams p;
    int frame_bits;

    if (!serial_line_params(s, &p, &frame_bits)) {
        return;
    }
    s->char_transmit_time = (NANOSECONDS_PER_SECOND / p.speed) * frame_bits;
    /*
     * A backend on a host serial line reprograms it on every call: only
     * tell it about real changes (DLAB toggles rewrite the LCR often).
     */
    if (s->params_sent && !memcmp(&p, &s->params, sizeof(p))) {
        return;
    }
    s->params = p;
    s->params_sent = true;
    qemu_chr_fe_ioctl(&s->chr, CHR_IOCTL_SERIAL_SET_PARAMS, &p);
}

/*
 * LCR bit 6 forces SOUT to spacing; in loopback SOUT is held marking
 * (PC16550D "Modem Control Register", bit 4), so the line sees a break
 * only outside loopback.
 */
static void serial_update_break(SerialState *s)
{
    int brk = (s->lcr & UART_LCR_SBC) && !serial_loopback(s);

    if (brk != s->break_sent) {
        s->break_sent = brk;
        qemu_chr_fe_ioctl(&s->chr, CHR_IOCTL_SERIAL_SET_BREAK, &brk);
    }
}

/* ---- Modem status ---- */

/*
 * Recompute MSR bits 4-7 from the modem inputs and latch the deltas
 * (PC16550D "Modem Status Register": DCTS, DDSR, DDCD on any change,
 * TERI when RI goes from on to off).  In loopback the inputs are the
 * MCR outputs: RTS->CTS, DTR->DSR, OUT1->RI, OUT2->DCD.
 */
static void serial_update_msr(SerialState *s)
{
    uint8_t in, old = s->msr & ~UART_MSR_ANY_DELTA;
    uint8_t delta = 0;

    if (serial_loopback(s)) {
        in = ((s->mcr & UART_MCR_RTS) ? UART_MSR_CTS : 0) |
             ((s->mcr & UART_MCR_DTR) ? UART_MSR_DSR : 0) |
             ((s->mcr & UART_MCR_OUT1) ? UART_MSR_RI : 0) |
             ((s->mcr & UART_MCR_OUT2) ? UART_MSR_DCD : 0);
    } else {
        in = UART_MSR_CTS | UART_MSR_DSR | UART_MSR_DCD;
    }
    if ((in ^ old) & UART_MSR_CTS) {
        delta |= UART_MSR_DCTS;
    }
    if ((in ^ old) & UART_MSR_DSR) {
        delta |= UART_MSR_DDSR;
    }
    if ((in ^ old) & UART_MSR_DCD) {
        delta |= UART_MSR_DDCD;
    }
    if ((old & UART_MSR_RI) && !(in & UART_MSR_RI)) {
        delta |= UART_MSR_TERI;
    }
    s->msr = in | (s->msr & UART_MSR_ANY_DELTA) | delta;
}

/* ---- Receiver ---- */

static void serial_rx_timer_restart(SerialState *s)
{
    timer_mod_ns(&s->fifo_timeout_timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                                             s->char_transmit_time * 4);
}

/*
 * One character (with its error bits) arrives in the receiver shift
 * register: from the backend, a break, or the transmitter in loopback.
 * PC16550D "Line Status Register", bit 1: in the 16450 mode it
 * overwrites an unread RBR; in FIFO mode a full FIFO keeps its content
 * and the new character is lost.  Either way OE tells the guest.
 */
static void serial_receive_char(SerialState *s, uint8_t ch, uint8_t err)
{
    SerialFifo *rx = &s->rx;

    if (rx->count == serial_fifo_size(s)) {
        s->lsr |= UART_LSR_OE;
        if (!serial_fifo_mode(s)) {
            fifo_pop(rx);
            fifo_push(rx, ch, err);
            s->lsr |= err;
        }
    } else {
        fifo_push(rx, ch, err);
        /* An error shows in LSR when its character is at the top. */
        if (rx->count == 1) {
            s->lsr |= err;
        }
        if (err && serial_fifo_mode(s)) {
            s->lsr_fifo_error = true;
        }
    }
    s->lsr |= UART_LSR_DR;
    /*
     * "FIFO Interrupt Mode Operation": the timeout timer restarts with
     * each character received, unless a timeout is already pending
     * (only a read of the FIFO clears that).
     */
    if (serial_fifo_mode(s) && !s->timeout_ipending) {
        serial_rx_timer_restart(s);
    }
    serial_update_irq(s);
}

static void serial_fifo_timeout(void *opaque)
{
    SerialState *s = opaque;

    if (serial_fifo_mode(s) && s->rx.count > 0) {
        s->timeout_ipending = true;
        serial_update_irq(s);
    }
}

/* How much the backend may deliver: the room in RBR / the FIFO. */
static int serial_can_receive(void *opaque)
{
    SerialState *s = opaque;

    /* Loopback disconnects SIN (PC16550D "Modem Control Register"). */
    if (serial_loopback(s)) {
        return 0;
    }
    return serial_fifo_size(s) - s->rx.count;
}

static void serial_receive(void *opaque, const uint8_t *buf, int size)
{
    SerialState *s = opaque;

    /*
     * wakeup=on asks QEMU to resume a suspended VM on input; emu has no
     * suspend state, so there is nothing to wake.
     */
    for (int i = 0; i < size; i++) {
        serial_receive_char(s, buf[i], 0);
    }
}

/*
 * PC16550D "Line Status Register", bit 4: a break loads a zero
 * character into the FIFO (RBR) with BI set.
 */
static void serial_event(void *opaque, QEMUChrEvent event)
{
    SerialState *s = opaque;

    if (event == CHR_EVENT_BREAK && !serial_loopback(s)) {
        serial_receive_char(s, 0, UART_LSR_BI);
    }
}

static void serial_rx_reset(SerialState *s)
{
    fifo_reset(&s->rx);
    s->lsr &= ~(UART_LSR_DR | UART_LSR_CHAR_ERR);
    s->lsr_fifo_error = false;
    s->timeout_ipending = false;
    timer_del(&s->fifo_timeout_timer);
}

/* Room appeared in the receiver: let a stalled backend deliver again. */
static void serial_rx_room(SerialState *s)
{
    if (!serial_loopback(s) && s->rx.count < serial_fifo_size(s)) {
        qemu_chr_fe_accept_input(&s->chr);
    }
}

static uint8_t serial_read_rbr(SerialState *s)
{
    SerialFifo *rx = &s->rx;

    if (rx->count == 0) {
        /* QEMU's choice: a FIFO reads 0 when empty, RBR its last value. */
        return serial_fifo_mode(s) ? 0 : s->rbr;
    }
    s->rbr = fifo_pop(rx);
    if (rx->count == 0) {
        s->lsr &= ~UART_LSR_DR;
    } else if (serial_fifo_mode(s)) {
        s->lsr |= rx->err[rx->head];
    }
    if (serial_fifo_mode(s)) {
        /* A read clears a timeout and restarts the timer. */
        s->timeout_ipending = false;
        if (rx->count > 0) {
            serial_rx_timer_restart(s);
        } else {
            timer_del(&s->fifo_timeout_timer);
        }
    }
    serial_update_irq(s);
    return s->rbr;
}

/* ---- Transmitter ---- */

static void serial_xmit(SerialState *s);

static gboolean serial_watch_cb(void *do_not_use, GIOCondition cond,
                                void *opaque)
{
    SerialState *s = opaque;

    s->watch_tag = 0;
    serial_xmit(s);
    return G_SOURCE_REMOVE;
}

/*
 * Hand the shift register's byte to the backend.  False when it must
 * wait: the byte stays in the shift register and a watch resumes.
 */
static bool serial_send_tsr(SerialState *s)
{
    int rc = qemu_chr_fe_write(&s->chr, &s->tsr, 1);

    if (rc == 1) {
        return true;
    }
    if (rc == 0 || errno == EAGAIN || errno == EWOULDBLOCK) {
        s->watch_tag = qemu_chr_fe_add_watch(&s->chr, G_IO_OUT | G_IO_HUP,
                                             serial_watch_cb, s);
        if (s->watch_tag) {
            return false;
        }
        if (!s->tx_error_reported) {
            warn_report("%s: chardev '%s' takes no more output and cannot "
                        "say when it will; output is lost",
                        s->name, qemu_chr_fe_get_driver(&s->chr)->label);
            s->tx_error_reported = true;
        }
        return true;
    }
    /*
     * A socket without a peer refuses output (EIO) as a line without a
     * cable would, by configuration; any other failure is worth a word.
     */
    if (qemu_chr_fe_backend_open(&s->chr) && !s->tx_error_reported) {
        warn_report("%s: writing to chardev '%s' failed: %s; output is lost",
                    s->name, qemu_chr_fe_get_driver(&s->chr)->label,
                    g_strerror(errno));
        s->tx_error_reported = true;
    }
    return true;
}

/*
 * Move bytes THR/FIFO -> shift register -> line until the FIFO is empty
 * or the backend is full.  THRE is set (and its interrupt raised) when
 * the last byte leaves the FIFO, TEMT when the shift register is empty
 * too (PC16550D "Line Status Register", bits 5 and 6).
 */
static void serial_xmit(SerialState *s)
{
    for (;;) {
        uint8_t ch;

        if (s->tsr_full) {
            if (!serial_send_tsr(s)) {
                return;
            }
            s->tsr_full = false;
        }
        if (s->tx.count == 0) {
            break;
        }
        ch = fifo_pop(&s->tx);
        if (s->tx.count == 0) {
            s->lsr |= UART_LSR_THRE;
            s->thr_ipending = true;
            serial_update_irq(s);
        }
        if (serial_loopback(s)) {
            serial_receive_char(s, ch, 0);
        } else {
            s->tsr = ch;
            s->tsr_full = true;
        }
    }
    s->lsr |= UART_LSR_TEMT;
}

static void serial_write_thr(SerialState *s, uint8_t val)
{
    if (s->tx.count == serial_fifo_size(s)) {
        /*
         * Only possible while the backend is stalled and THRE is clear.
         * The 16450's THR is simply overwritten; a full FIFO takes no
         * more.  Either way the guest ignored THRE.
         */
        qemu_log_mask_ratelimited(
            LOG_GUEST_ERROR,
            "%s: THR written while not empty (LSR "
            "THRE clear): byte 0x%02x %s\n",
            s->name, val,
            serial_fifo_mode(s) ? "dropped" : "replaces the one waiting");
        if (serial_fifo_mode(s)) {
            return;
        }
        fifo_pop(&s->tx);
    }
    fifo_push(&s->tx, val, 0);
    /* "Interrupt Identification Register": writing THR clears THRE. */
    s->thr_ipending = false;
    s->lsr &= ~(UART_LSR_THRE | UART_LSR_TEMT);
    serial_update_irq(s);
    if (!s->watch_tag) {
        serial_xmit(s);
    }
}

static void serial_tx_reset(SerialState *s)
{
    fifo_reset(&s->tx);
    s->lsr |= UART_LSR_THRE;
    if (!s->tsr_full) {
        s->lsr |= UART_LSR_TEMT;
    }
    /*
     * "FIFO Interrupt Mode Operation": the transmitter interrupt after
     * changing FCR0 is immediate if enabled; QEMU raises it on every
     * transmitter FIFO reset, as emu does.
     */
    s->thr_ipending = true;
}

/* ---- Register writes ---- */

/*
 * PC16550D "FIFO Control Register": FCR0 must be 1 for the other bits
 * to be programmed; changing FCR0 clears both FIFOs; bits 1 and 2 reset
 * a FIFO (not the shift registers) and clear themselves.
 */
static void serial_write_fcr(SerialState *s, uint8_t val)
{
    bool was_fifo = serial_fifo_mode(s);

    if (!(val & UART_FCR_FE)) {
        s->fcr = 0;
        if (was_fifo) {
            serial_rx_reset(s);
            serial_tx_reset(s);
        }
    } else {
        if (!was_fifo) {
            val |= UART_FCR_RFR | UART_FCR_XFR;
        }
        s->fcr = val & (UART_FCR_FE | UART_FCR_DMS | (3 << UART_FCR_ITL_SHIFT));
        s->rx_trigger = serial_rx_trigger_levels[val >> UART_FCR_ITL_SHIFT];
        if (val & UART_FCR_RFR) {
            serial_rx_reset(s);
        }
        if (val & UART_FCR_XFR) {
            serial_tx_reset(s);
        }
    }
    serial_update_irq(s);
    serial_rx_room(s);
}

static void serial_write_ier(SerialState *s, uint8_t val)
{
    uint8_t changed = (s->ier ^ val) & UART_IER_MASK;

    s->ier = val & UART_IER_MASK;
    /*
     * Enabling the THRE interrupt while THR is empty raises it at once
     * (QEMU and Bochs do this on the rising edge; Windows' driver
     * depends on it); disabling it forgets a pending one.
     */
    if (changed & UART_IER_THRI) {
        s->thr_ipending = (s->ier & UART_IER_THRI) && (s->lsr & UART_LSR_THRE);
    }
    serial_update_irq(s);
}

static void serial_write_mcr(SerialState *s, uint8_t val)
{
    uint8_t old = s->mcr;

    s->mcr = val & UART_MCR_MASK;
    if ((old ^ s->mcr) & UART_MCR_LOOP) {
        serial_update_break(s);
    }
    serial_update_msr(s);
    serial_update_irq(s);
    if ((old & UART_MCR_LOOP) && !serial_loopback(s)) {
        serial_rx_room(s);
    }
}

static void serial_ioport_write(void *opaque, hwaddr addr, uint64_t val64,
                                unsigned size)
{
    SerialState *s = opaque;
    uint8_t val = val64;

    switch (addr & 7) {
    case UART_THR:
        if (s->lcr & UART_LCR_DLAB) {
            s->divider = (s->divider & 0xff00) | val;
            serial_update_parameters(s);
        } else {
            serial_write_thr(s, val);
        }
        break;
    case UART_IER:
        if (s->lcr & UART_LCR_DLAB) {
            s->divider = (s->divider & 0x00ff) | (val << 8);
            serial_update_parameters(s);
        } else {
            serial_write_ier(s, val);
        }
        break;
    case UART_FCR:
        serial_write_fcr(s, val);
        break;
    case UART_LCR:
        s->lcr = val;
        serial_update_parameters(s);
        serial_update_break(s);
        break;
    case UART_MCR:
        serial_write_mcr(s, val);
        break;
    case UART_LSR:
    case UART_MSR:
        /* "writing to this register is not recommended" (factory test) */
        qemu_log_mask_ratelimited(LOG_GUEST_ERROR,
                                  "%s: write 0x%02x to read-only %s "
                                  "ignored\n",
                                  s->name, val,
                                  (addr & 7) == UART_LSR ? "LSR" : "MSR");
        break;
    case UART_SCR:
        s->scr = val;
        break;
    }
}

/* ---- Register reads ---- */

static uint64_t serial_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    SerialState *s = opaque;
    uint8_t ret = 0;

    switch (addr & 7) {
    case UART_RBR:
        if (s->lcr & UART_LCR_DLAB) {
            ret = s->divider & 0xff;
        } else {
            bool was_full = s->rx.count == serial_fifo_size(s);

            ret = serial_read_rbr(s);
            /* The backend stopped reading only when it found no room. */
            if (was_full) {
                serial_rx_room(s);
            }
        }
        break;
    case UART_IER:
        ret = (s->lcr & UART_LCR_DLAB) ? s->divider >> 8 : s->ier;
        break;
    case UART_IIR:
        ret = s->iir;
        /* Reading IIR clears a THRE interrupt it reports. */
        if ((ret & (UART_IIR_ID | UART_IIR_NO_INT)) == UART_IIR_THRI) {
            s->thr_ipending = false;
            serial_update_irq(s);
        }
        break;
    case UART_LCR:
        ret = s->lcr;
        break;
    case UART_MCR:
        ret = s->mcr;
        break;
    case UART_LSR:
        ret = s->lsr;
        if (serial_fifo_mode(s) && s->lsr_fifo_error) {
            ret |= UART_LSR_FIFOE;
        }
        /*
         * Reading LSR clears OE, PE, FE and BI; bit 7 stays while error
         * characters remain in the FIFO.
         */
        s->lsr_fifo_error = fifo_has_error(&s->rx);
        if (s->lsr & UART_LSR_INT_ANY) {
            s->lsr &= ~UART_LSR_INT_ANY;
            serial_update_irq(s);
        }
        break;
    case UART_MSR:
        ret = s->msr;
        /* Reading MSR clears the delta bits, and so the MSR interrupt. */
        if (s->msr & UART_MSR_ANY_DELTA) {
            s->msr &= ~UART_MSR_ANY_DELTA;
            serial_update_irq(s);
        }
        break;
    case UART_SCR:
        ret = s->scr;
        break;
    }
    return ret;
}

const MemoryRegionOps serial_io_ops = {
    .read = serial_ioport_read,
    .write = serial_ioport_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {.min_access_size = 1, .max_access_size = 4, .unaligned = true},
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

/* ---- Life cycle ---- */

void serial_reset(SerialState *s)
{
    QEMUSerialSetParams p;
    int frame_bits;

    if (s->watch_tag) {
        g_source_remove(s->watch_tag);
        s->watch_tag = 0;
    }
    timer_del(&s->fifo_timeout_timer);

    /*
     * PC16550D Table IV, "UART Reset Configuration".  The divisor latch
     * is not reset by the chip; QEMU starts at 12 (9600 baud), as does
     * emu.  MCR resets to 0 as in the data sheet (QEMU 7.2 sets OUT2).
     */
    s->divider = 12;
    s->ier = 0;
    s->fcr = 0;
    s->lcr = 0;
    s->mcr = 0;
    s->scr = 0;
    s->rbr = 0;
    s->rx_trigger = 1;
    fifo_reset(&s->rx);
    fifo_reset(&s->tx);
    s->lsr = UART_LSR_THRE | UART_LSR_TEMT;
    s->lsr_fifo_error = false;
    s->tsr = 0;
    s->tsr_full = false;
    s->thr_ipending = false;
    s->timeout_ipending = false;
    s->tx_error_reported = false;
    /* The backend is told the line parameters again at the next change. */
    s->params_sent = false;
    memset(&s->params, 0, sizeof(s->params));
    if (serial_line_params(s, &p, &frame_bits)) {
        s->char_transmit_time = (NANOSECONDS_PER_SECOND / p.speed) * frame_bits;
    } else {
        s->char_transmit_time = (NANOSECONDS_PER_SECOND / 9600) * 10;
    }
    serial_update_break(s);
    /* MSR bits 4-7 follow the inputs; no delta is pending after reset. */
    serial_update_msr(s);
    s->msr &= ~UART_MSR_ANY_DELTA;
    serial_update_irq(s);
    serial_rx_room(s);
}

void serial_init_core(SerialState *s)
{
    timer_init_ns(&s->fifo_timeout_timer, QEMU_CLOCK_VIRTUAL,
                  serial_fifo_timeout, s);
}

void serial_finalize_core(SerialState *s)
{
    timer_deinit(&s->fifo_timeout_timer);
    memory_region_destroy(&s->io);
    g_free(s->name);
    s->name = NULL;
}

bool serial_realize_core(SerialState *s, Error **errp)
{
    if (!qemu_chr_fe_init(&s->chr, s->chr_ref.backend, errp)) {
        return false;
    }
    qemu_chr_fe_set_handlers(&s->chr, serial_can_receive, serial_receive,
                             serial_event, NULL, s, NULL, true);
    serial_reset(s);
    return true;
}

void serial_unrealize_core(SerialState *s)
{
    if (s->watch_tag) {
        g_source_remove(s->watch_tag);
        s->watch_tag = 0;
    }
    timer_del(&s->fifo_timeout_timer);
    qemu_chr_fe_deinit(&s->chr, false);
}
