/*
 * isa-serial, register by register, against the National Semiconductor
 * PC16550D data sheet (June 1995): reset values, the divisor latch and
 * the line settings handed to the chardev, IIR priorities and clearing
 * rules, FIFOs, trigger levels, overrun, the character timeout (on the
 * virtual clock in manual mode), loopback, break both ways, and flow
 * control in both directions with real backends (ringbuf, file, unix
 * sockets).  Everything goes through the I/O address space as a CPU's
 * IN and OUT do, so these become qtest tests unchanged in spirit.
 *
 * Line settings and break reach a backend through ioctls that none of
 * emu's backends implements (QEMU's tty backend does), so the tests
 * that check them use "chardev-testrec", a chardev type defined here
 * that records them and can refuse output on demand.
 */
#include <inttypes.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "char-dev-test.h"
#include "devices/serial.h"

/* Registers and bits (PC16550D Table II), written out independently. */
enum {
    RBR = 0,
    THR = 0,
    DLL = 0,
    IER = 1,
    DLM = 1,
    IIR = 2,
    FCR = 2,
    LCR = 3,
    MCR = 4,
    LSR = 5,
    MSR = 6,
    SCR = 7,
};
#define COM1 0x3f8
#define COM2 0x2f8
#define COM3 0x3e8
#define COM4 0x2e8

#define IER_RDI 0x01
#define IER_THRI 0x02
#define IER_RLSI 0x04
#define IER_MSI 0x08

#define IIR_NONE 0x01
#define IIR_MSI 0x00
#define IIR_THRI 0x02
#define IIR_RDI 0x04
#define IIR_RLSI 0x06
#define IIR_CTI 0x0c
#define IIR_FIFO 0xc0

#define FCR_FE 0x01
#define FCR_RFR 0x02
#define FCR_XFR 0x04

#define LCR_8N1 0x03
#define LCR_BREAK 0x40
#define LCR_DLAB 0x80

#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT1 0x04
#define MCR_OUT2 0x08
#define MCR_LOOP 0x10

#define LSR_DR 0x01
#define LSR_OE 0x02
#define LSR_BI 0x10
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define LSR_FIFOE 0x80
#define LSR_IDLE (LSR_THRE | LSR_TEMT)

#define MSR_DCTS 0x01
#define MSR_DDSR 0x02
#define MSR_TERI 0x04
#define MSR_DDCD 0x08
#define MSR_CTS 0x10
#define MSR_DSR 0x20
#define MSR_RI 0x40
#define MSR_DCD 0x80

/* ---- chardev-testrec: records output, ioctls; refuses on demand ---- */

#define TYPE_CHARDEV_TESTREC "chardev-testrec"

typedef struct TestRecChardev {
    Chardev parent;
    GByteArray *out;
    /* Bytes it takes before it is full; -1: no limit. */
    int room;
    int nparams;
    QEMUSerialSetParams params;
    int nbreaks;
    int brk;
    int nwatches;
} TestRecChardev;

#define TESTREC(obj) OBJECT_CHECK(TestRecChardev, (obj), TYPE_CHARDEV_TESTREC)

static int testrec_write(Chardev *chr, const uint8_t *buf, int len)
{
    TestRecChardev *t = TESTREC(chr);
    int n = t->room < 0 ? len : MIN(len, t->room);

    if (t->room >= 0) {
        t->room -= n;
    }
    g_byte_array_append(t->out, buf, n);
    if (n == 0) {
        errno = EAGAIN;
    }
    return n;
}

static int testrec_ioctl(Chardev *chr, int cmd, void *arg)
{
    TestRecChardev *t = TESTREC(chr);

    switch (cmd) {
    case CHR_IOCTL_SERIAL_SET_PARAMS:
        t->params = *(QEMUSerialSetParams *)arg;
        t->nparams++;
        return 0;
    case CHR_IOCTL_SERIAL_SET_BREAK:
        t->brk = *(int *)arg;
        t->nbreaks++;
        return 0;
    default:
        return -ENOTSUP;
    }
}

/* G_IO_OUT watch: ready while the backend has room. */
typedef struct TestRecSource {
    GSource source;
    TestRecChardev *t;
} TestRecSource;

static gboolean testrec_src_prepare(GSource *source, gint *timeout)
{
    *timeout = -1;
    return ((TestRecSource *)source)->t->room != 0;
}

static gboolean testrec_src_check(GSource *source)
{
    return ((TestRecSource *)source)->t->room != 0;
}

static gboolean testrec_src_dispatch(GSource *source, GSourceFunc cb,
                                     gpointer data)
{
    FEWatchFunc func = (FEWatchFunc)(void (*)(void))cb;

    return func(NULL, G_IO_OUT, data);
}

static GSourceFuncs testrec_src_funcs = {
    .prepare = testrec_src_prepare,
    .check = testrec_src_check,
    .dispatch = testrec_src_dispatch,
};

static GSource *testrec_add_watch(Chardev *chr, GIOCondition cond)
{
    TestRecSource *src = (TestRecSource *)g_source_new(&testrec_src_funcs,
                                                       sizeof(TestRecSource));

    src->t = TESTREC(chr);
    src->t->nwatches++;
    return &src->source;
}

static void testrec_init(Object *obj)
{
    TestRecChardev *t = TESTREC(obj);

    t->out = g_byte_array_new();
    t->room = -1;
}

static void testrec_finalize(Object *obj)
{
    g_byte_array_free(TESTREC(obj)->out, true);
}

static void testrec_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->chr_write = testrec_write;
    cc->chr_ioctl = testrec_ioctl;
    cc->chr_add_watch = testrec_add_watch;
}

static const TypeInfo testrec_types[] = {
    {
        .name = TYPE_CHARDEV_TESTREC,
        .parent = TYPE_CHARDEV,
        .instance_size = sizeof(TestRecChardev),
        .instance_init = testrec_init,
        .instance_finalize = testrec_finalize,
        .class_init = testrec_class_init,
    },
};

DEFINE_TYPES(testrec_types)

static TestRecChardev *testrec_new(const char *id)
{
    g_autoptr(ChardevBackend) b = chardev_backend_new("testrec");

    return TESTREC(
        qemu_chardev_new(id, TYPE_CHARDEV_TESTREC, b, NULL, &error_abort));
}

static bool testrec_has(TestRecChardev *t, const char *s)
{
    return t->out->len == strlen(s) && !memcmp(t->out->data, s, t->out->len);
}

/* ---- Helpers ---- */

/* COM1 on chardev id (NULL: none), 8N1 as a driver would set it. */
static DeviceState *com1(const char *chardev)
{
    DeviceState *dev =
        chardev ? dev_add(TYPE_ISA_SERIAL, "serial0", "chardev", chardev, NULL)
                : dev_add(TYPE_ISA_SERIAL, "serial0", NULL);

    outb(COM1 + LCR, LCR_8N1);
    return dev;
}

/* Deliver str from the backend side, as a backend does: within can_read. */
static void be_send(Chardev *chr, const char *str)
{
    int len = strlen(str);

    assert_true(qemu_chr_be_can_write(chr) >= len);
    qemu_chr_be_write(chr, (const uint8_t *)str, len);
}

static void set_divisor(uint16_t base, uint16_t div)
{
    uint8_t lcr = inb(base + LCR);

    outb(base + LCR, lcr | LCR_DLAB);
    outb(base + DLL, div & 0xff);
    outb(base + DLM, div >> 8);
    outb(base + LCR, lcr);
}

/* Four character times (PC16550D "FIFO Interrupt Mode Operation"). */
static int64_t timeout_ns(int baud, int frame_bits)
{
    return (NANOSECONDS_PER_SECOND / baud) * frame_bits * 4;
}

static void write_str(uint16_t base, const char *s)
{
    for (; *s; s++) {
        outb(base + THR, *s);
    }
}

/* ---- Reset and plain registers ---- */

/* PC16550D Table IV, "UART Reset Configuration" (MSR: CTS/DSR/DCD on). */
static void test_reset_values(void **state)
{
    com1(NULL);
    outb(COM1 + LCR, 0);
    assert_int_equal(inb(COM1 + IER), 0x00);
    assert_int_equal(inb(COM1 + IIR), IIR_NONE);
    assert_int_equal(inb(COM1 + LCR), 0x00);
    assert_int_equal(inb(COM1 + MCR), 0x00);
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
    assert_int_equal(inb(COM1 + MSR), MSR_CTS | MSR_DSR | MSR_DCD);
    assert_int_equal(inb(COM1 + SCR), 0x00);
    assert_int_equal(inb(COM1 + RBR), 0x00);
    /* The divisor latch starts at 12: 9600 baud (QEMU's value). */
    outb(COM1 + LCR, LCR_DLAB);
    assert_int_equal(inb(COM1 + DLL), 12);
    assert_int_equal(inb(COM1 + DLM), 0);
    assert_int_equal(irq_level[4], 0);
    assert_int_equal(irq_raised[4], 0);
}

static void test_scratch_readback(void **state)
{
    com1(NULL);
    for (int v = 0; v < 256; v++) {
        outb(COM1 + SCR, v);
        assert_int_equal(inb(COM1 + SCR), v);
    }
}

static void test_lcr_readback(void **state)
{
    com1(NULL);
    for (int v = 0; v < 256; v++) {
        outb(COM1 + LCR, v);
        assert_int_equal(inb(COM1 + LCR), v);
    }
}

/* MCR bits 5-7 and IER bits 4-7 are permanently 0. */
static void test_mcr_ier_readback(void **state)
{
    com1(NULL);
    for (int v = 0; v < 256; v++) {
        outb(COM1 + MCR, v);
        assert_int_equal(inb(COM1 + MCR), v & 0x1f);
    }
    outb(COM1 + MCR, 0);
    for (int v = 0; v < 256; v++) {
        outb(COM1 + IER, v);
        assert_int_equal(inb(COM1 + IER), v & 0x0f);
        inb(COM1 + IIR);
    }
}

/* DLAB switches offsets 0 and 1 to the divisor latch and back. */
static void test_dlab_divisor_latch(void **state)
{
    com1(NULL);
    outb(COM1 + IER, IER_RLSI);
    outb(COM1 + LCR, LCR_DLAB | LCR_8N1);
    outb(COM1 + DLL, 0x34);
    outb(COM1 + DLM, 0x12);
    assert_int_equal(inb(COM1 + DLL), 0x34);
    assert_int_equal(inb(COM1 + DLM), 0x12);
    outb(COM1 + LCR, LCR_8N1);
    /* IER kept its value; the latch is out of sight. */
    assert_int_equal(inb(COM1 + IER), IER_RLSI);
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
    outb(COM1 + LCR, LCR_DLAB);
    assert_int_equal(inb(COM1 + DLL), 0x34);
    assert_int_equal(inb(COM1 + DLM), 0x12);
}

/* LSR and MSR are read-only; writes change nothing. */
static void test_lsr_msr_writes_ignored(void **state)
{
    com1(NULL);
    outb(COM1 + LSR, 0x1f);
    outb(COM1 + MSR, 0x0f);
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
    assert_int_equal(inb(COM1 + MSR), MSR_CTS | MSR_DSR | MSR_DCD);
    assert_int_equal(inb(COM1 + IIR), IIR_NONE);
}

/* A 16-bit access is two byte accesses: LCR then MCR. */
static void test_word_access(void **state)
{
    com1(NULL);
    outw(COM1 + LCR, 0x0b1b);
    assert_int_equal(inb(COM1 + LCR), 0x1b);
    assert_int_equal(inb(COM1 + MCR), 0x0b);
    assert_int_equal(inw(COM1 + LCR), 0x0b1b);
}

/* ---- Line settings to the chardev ---- */

/* baud = 115200 / divisor; 8N1 after the driver's LCR write. */
static void test_divisor_sets_baud(void **state)
{
    TestRecChardev *t = testrec_new("rec");
    static const struct {
        uint16_t div;
        int baud;
    } cases[] = {
        {1, 115200}, {3, 38400}, {12, 9600}, {0x180, 300}, {0x900, 50}};

    com1("rec");
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        set_divisor(COM1, cases[i].div);
        assert_int_equal(t->params.speed, cases[i].baud);
        assert_int_equal(t->params.data_bits, 8);
        assert_int_equal(t->params.parity, 'N');
        assert_int_equal(t->params.stop_bits, 1);
    }
}

/* LCR bits 0-4: word length, stop bits, parity (PC16550D Table III). */
static void test_lcr_line_params(void **state)
{
    TestRecChardev *t = testrec_new("rec");
    static const struct {
        uint8_t lcr;
        int bits, parity, stop;
    } cases[] = {
        {0x00, 5, 'N', 1}, {0x01, 6, 'N', 1}, {0x02, 7, 'N', 1},
        {0x03, 8, 'N', 1}, {0x07, 8, 'N', 2}, {0x0a, 7, 'O', 1},
        {0x1a, 7, 'E', 1}, {0x1f, 8, 'E', 2}, {0x0b, 8, 'O', 1},
    };

    com1("rec");
    set_divisor(COM1, 1);
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        outb(COM1 + LCR, cases[i].lcr);
        assert_int_equal(t->params.speed, 115200);
        assert_int_equal(t->params.data_bits, cases[i].bits);
        assert_int_equal(t->params.parity, cases[i].parity);
        assert_int_equal(t->params.stop_bits, cases[i].stop);
    }
}

/*
 * The backend hears about changes only: toggling DLAB or rewriting the
 * same value sends nothing, and divisor 0 (undefined) keeps the last
 * settings.
 */
static void test_params_sent_on_change_only(void **state)
{
    TestRecChardev *t = testrec_new("rec");
    int n;

    com1("rec");
    n = t->nparams;
    assert_int_equal(n, 1);
    outb(COM1 + LCR, LCR_8N1 | LCR_DLAB);
    outb(COM1 + LCR, LCR_8N1);
    outb(COM1 + LCR, LCR_8N1);
    assert_int_equal(t->nparams, n);
    outb(COM1 + LCR, LCR_8N1 | LCR_DLAB);
    outb(COM1 + DLL, 0);
    outb(COM1 + DLM, 0);
    assert_int_equal(t->nparams, n);
    assert_int_equal(t->params.speed, 9600);
    outb(COM1 + DLL, 6);
    assert_int_equal(t->nparams, n + 1);
    assert_int_equal(t->params.speed, 19200);
}

/* baudbase is the clock / 16 (a 14.7456 MHz crystal: 921600). */
static void test_baudbase_property(void **state)
{
    TestRecChardev *t = testrec_new("rec");

    dev_add(TYPE_ISA_SERIAL, NULL, "chardev", "rec", "baudbase", "921600",
            NULL);
    set_divisor(COM1, 8);
    assert_int_equal(t->params.speed, 115200);
    set_divisor(COM1, 1);
    assert_int_equal(t->params.speed, 921600);
}

/* ---- Transmit ---- */

static void test_tx_ringbuf(void **state)
{
    Chardev *chr = chr_new("ringbuf,id=rb,size=4096");
    g_autofree char *got = NULL;

    com1("rb");
    write_str(COM1, "Hello, world\n");
    /* The backend took everything at once: transmitter empty. */
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
    got = ringbuf_take(chr);
    assert_string_equal(got, "Hello, world\n");
}

static void test_tx_file(void **state)
{
    g_autofree char *path = test_path("console.log");
    g_autofree char *got = NULL;

    chr_new("file,id=charserial0,path=%s", path);
    com1("charserial0");
    outb(COM1 + FCR, FCR_FE);
    write_str(COM1, "boot: ok\r\n");
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
    assert_true(g_file_get_contents(path, &got, NULL, NULL));
    assert_string_equal(got, "boot: ok\r\n");
}

/* Without a chardev the port still works; the bytes go nowhere. */
static void test_tx_without_chardev(void **state)
{
    com1(NULL);
    outb(COM1 + IER, IER_THRI);
    assert_int_equal(inb(COM1 + IIR), IIR_THRI);
    write_str(COM1, "nobody listens");
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
    assert_int_equal(inb(COM1 + IIR), IIR_THRI);
    assert_int_equal(inb(COM1 + IIR), IIR_NONE);
}

/* ---- THRE interrupt ---- */

/* Enabling ETBEI while THR is empty interrupts at once (QEMU, Bochs). */
static void test_thre_interrupt_on_enable(void **state)
{
    com1(NULL);
    outb(COM1 + IER, IER_THRI);
    assert_int_equal(irq_level[4], 1);
    /* Reading IIR that reports THRE clears it. */
    assert_int_equal(inb(COM1 + IIR), IIR_THRI);
    assert_int_equal(irq_level[4], 0);
    assert_int_equal(inb(COM1 + IIR), IIR_NONE);
    /* Re-enabling raises it again; disabling drops it. */
    outb(COM1 + IER, 0);
    outb(COM1 + IER, IER_THRI);
    assert_int_equal(irq_level[4], 1);
    outb(COM1 + IER, 0);
    assert_int_equal(irq_level[4], 0);
    assert_int_equal(inb(COM1 + IIR), IIR_NONE);
}

/* THR becoming empty again after a write interrupts again. */
static void test_thre_interrupt_after_write(void **state)
{
    Chardev *chr = chr_new("ringbuf,id=rb");
    g_autofree char *got = NULL;

    com1("rb");
    outb(COM1 + IER, IER_THRI);
    assert_int_equal(inb(COM1 + IIR), IIR_THRI);
    assert_int_equal(irq_level[4], 0);
    outb(COM1 + THR, 'x');
    assert_int_equal(irq_level[4], 1);
    assert_int_equal(irq_raised[4], 2);
    assert_int_equal(inb(COM1 + IIR), IIR_THRI);
    got = ringbuf_take(chr);
    assert_string_equal(got, "x");
}

/* Writing THR clears a pending THRE interrupt without reading IIR. */
static void test_thre_cleared_by_thr_write(void **state)
{
    TestRecChardev *t = testrec_new("rec");

    com1("rec");
    outb(COM1 + IER, IER_THRI);
    assert_int_equal(irq_level[4], 1);
    t->room = 0;
    /* 'a' moves to the shift register: THR empty again, interrupt. */
    outb(COM1 + THR, 'a');
    assert_int_equal(inb(COM1 + LSR), LSR_THRE);
    assert_int_equal(irq_level[4], 1);
    /* 'b' waits in THR: THRE clear, interrupt gone. */
    outb(COM1 + THR, 'b');
    assert_int_equal(irq_level[4], 0);
    assert_int_equal(inb(COM1 + IIR), IIR_NONE);
    t->room = -1;
    WAIT_UNTIL(inb(COM1 + LSR) == LSR_IDLE);
    assert_true(testrec_has(t, "ab"));
    assert_int_equal(inb(COM1 + IIR), IIR_THRI);
}

/* ---- Receive, 16450 mode ---- */

static void test_rx_16450(void **state)
{
    Chardev *chr = chr_new("null,id=n0");

    com1("n0");
    outb(COM1 + IER, IER_RDI);
    /* RBR holds one character: the backend may deliver one. */
    assert_int_equal(qemu_chr_be_can_write(chr), 1);
    be_send(chr, "Q");
    assert_int_equal(qemu_chr_be_can_write(chr), 0);
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE | LSR_DR);
    assert_int_equal(inb(COM1 + IIR), IIR_RDI);
    assert_int_equal(irq_level[4], 1);
    assert_int_equal(inb(COM1 + RBR), 'Q');
    assert_int_equal(irq_level[4], 0);
    assert_int_equal(inb(COM1 + IIR), IIR_NONE);
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
    assert_int_equal(qemu_chr_be_can_write(chr), 1);
    /* RBR keeps its last character. */
    assert_int_equal(inb(COM1 + RBR), 'Q');
}

/* 16450 overrun: the new character replaces the unread one; OE is set. */
static void test_rx_overrun_16450(void **state)
{
    com1(NULL);
    outb(COM1 + MCR, MCR_LOOP);
    outb(COM1 + IER, IER_RLSI);
    outb(COM1 + THR, '1');
    assert_int_equal(irq_level[4], 0);
    outb(COM1 + THR, '2');
    assert_int_equal(irq_level[4], 1);
    assert_int_equal(inb(COM1 + IIR), IIR_RLSI);
    /* Reading LSR clears OE and the interrupt. */
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE | LSR_DR | LSR_OE);
    assert_int_equal(irq_level[4], 0);
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE | LSR_DR);
    assert_int_equal(inb(COM1 + RBR), '2');
}

/* ---- IIR priorities ---- */

/*
 * PC16550D Table IV: line status > data available > THR empty > modem
 * status; each source cleared by its own rule lets the next show.
 */
static void test_iir_priority_order(void **state)
{
    com1(NULL);
    outb(COM1 + IER, 0x0f);
    assert_int_equal(inb(COM1 + IIR), IIR_THRI);
    /* Loopback: CTS, DSR and DCD drop (modem status), two bytes overrun. */
    outb(COM1 + MCR, MCR_LOOP);
    outb(COM1 + THR, 'a');
    outb(COM1 + THR, 'b');
    assert_int_equal(irq_level[4], 1);
    assert_int_equal(inb(COM1 + IIR), IIR_RLSI);
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE | LSR_DR | LSR_OE);
    assert_int_equal(inb(COM1 + IIR), IIR_RDI);
    assert_int_equal(inb(COM1 + RBR), 'b');
    assert_int_equal(inb(COM1 + IIR), IIR_THRI);
    /* That read cleared THRE's: modem status is next. */
    assert_int_equal(inb(COM1 + IIR), IIR_MSI);
    assert_int_equal(irq_level[4], 1);
    assert_int_equal(inb(COM1 + MSR), MSR_DCTS | MSR_DDSR | MSR_DDCD);
    assert_int_equal(inb(COM1 + IIR), IIR_NONE);
    assert_int_equal(irq_level[4], 0);
}

/* A disabled source never shows, even when pending. */
static void test_iir_masked_sources(void **state)
{
    com1(NULL);
    outb(COM1 + MCR, MCR_LOOP);
    outb(COM1 + THR, 'a');
    outb(COM1 + THR, 'b');
    assert_int_equal(inb(COM1 + IIR), IIR_NONE);
    assert_int_equal(irq_level[4], 0);
    /* Enabling data available only: RDA shows, OE does not. */
    outb(COM1 + IER, IER_RDI);
    assert_int_equal(inb(COM1 + IIR), IIR_RDI);
    outb(COM1 + IER, IER_RDI | IER_RLSI);
    assert_int_equal(inb(COM1 + IIR), IIR_RLSI);
}

/* ---- Modem status ---- */

static void test_msr_interrupt_and_clear(void **state)
{
    com1(NULL);
    outb(COM1 + MCR, MCR_LOOP);
    assert_int_equal(inb(COM1 + MSR), MSR_DCTS | MSR_DDSR | MSR_DDCD);
    outb(COM1 + IER, IER_MSI);
    assert_int_equal(irq_level[4], 0);
    outb(COM1 + MCR, MCR_LOOP | MCR_RTS);
    assert_int_equal(irq_level[4], 1);
    assert_int_equal(inb(COM1 + IIR), IIR_MSI);
    /* Reading IIR does not clear it; reading MSR does. */
    assert_int_equal(inb(COM1 + IIR), IIR_MSI);
    assert_int_equal(inb(COM1 + MSR), MSR_CTS | MSR_DCTS);
    assert_int_equal(irq_level[4], 0);
    assert_int_equal(inb(COM1 + MSR), MSR_CTS);
}

/* Loopback: RTS->CTS, DTR->DSR, OUT1->RI, OUT2->DCD, with their deltas. */
static void test_loopback_modem_lines(void **state)
{
    com1(NULL);
    outb(COM1 + MCR, MCR_LOOP);
    inb(COM1 + MSR);
    for (int out = 0; out < 16; out++) {
        uint8_t want =
            ((out & MCR_RTS) ? MSR_CTS : 0) | ((out & MCR_DTR) ? MSR_DSR : 0) |
            ((out & MCR_OUT1) ? MSR_RI : 0) | ((out & MCR_OUT2) ? MSR_DCD : 0);

        outb(COM1 + MCR, MCR_LOOP | out);
        assert_int_equal(inb(COM1 + MSR) & 0xf0, want);
    }
    /* Deltas: each line on its own. */
    outb(COM1 + MCR, MCR_LOOP);
    inb(COM1 + MSR);
    outb(COM1 + MCR, MCR_LOOP | MCR_DTR);
    assert_int_equal(inb(COM1 + MSR), MSR_DSR | MSR_DDSR);
    outb(COM1 + MCR, MCR_LOOP | MCR_DTR | MCR_OUT2);
    assert_int_equal(inb(COM1 + MSR), MSR_DSR | MSR_DCD | MSR_DDCD);
    /* RI: TERI only on the trailing edge (on to off). */
    outb(COM1 + MCR, MCR_LOOP | MCR_OUT1);
    assert_int_equal(inb(COM1 + MSR), MSR_RI | MSR_DDSR | MSR_DDCD);
    outb(COM1 + MCR, MCR_LOOP);
    assert_int_equal(inb(COM1 + MSR), MSR_TERI);
    /* Leaving loopback: the line's inputs again (all asserted). */
    outb(COM1 + MCR, 0);
    assert_int_equal(inb(COM1 + MSR), MSR_CTS | MSR_DSR | MSR_DCD | MSR_DCTS |
                                          MSR_DDSR | MSR_DDCD);
}

/* Loopback: TX goes to RX, nothing reaches the line. */
static void test_loopback_data(void **state)
{
    Chardev *chr = chr_new("ringbuf,id=rb");
    g_autofree char *got = NULL;

    com1("rb");
    outb(COM1 + FCR, FCR_FE);
    outb(COM1 + MCR, MCR_LOOP);
    write_str(COM1, "loop");
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE | LSR_DR);
    assert_int_equal(inb(COM1 + RBR), 'l');
    assert_int_equal(inb(COM1 + RBR), 'o');
    assert_int_equal(inb(COM1 + RBR), 'o');
    assert_int_equal(inb(COM1 + RBR), 'p');
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
    got = ringbuf_take(chr);
    assert_string_equal(got, "");
}

/* Loopback disconnects SIN: the backend may not deliver meanwhile. */
static void test_loopback_holds_backend_input(void **state)
{
    Chardev *chr = chr_new("null,id=n0");

    com1("n0");
    outb(COM1 + FCR, FCR_FE);
    assert_int_equal(qemu_chr_be_can_write(chr), 16);
    outb(COM1 + MCR, MCR_LOOP);
    assert_int_equal(qemu_chr_be_can_write(chr), 0);
    outb(COM1 + MCR, 0);
    assert_int_equal(qemu_chr_be_can_write(chr), 16);
}

/* ---- FIFOs ---- */

/* IIR bits 6-7 are set while FCR0 is. */
static void test_fifo_enable_iir_bits(void **state)
{
    com1(NULL);
    outb(COM1 + FCR, FCR_FE);
    assert_int_equal(inb(COM1 + IIR), IIR_FIFO | IIR_NONE);
    outb(COM1 + FCR, 0);
    assert_int_equal(inb(COM1 + IIR), IIR_NONE);
    outb(COM1 + FCR, FCR_FE | 0xc0);
    outb(COM1 + IER, IER_THRI);
    assert_int_equal(inb(COM1 + IIR), IIR_FIFO | IIR_THRI);
}

/* FCR0 must be set for the other bits to take effect. */
static void test_fcr_needs_fifo_enable(void **state)
{
    Chardev *chr = chr_new("null,id=n0");

    com1("n0");
    outb(COM1 + FCR, 0xc6);
    assert_int_equal(inb(COM1 + IIR), IIR_NONE);
    assert_int_equal(qemu_chr_be_can_write(chr), 1);
}

/* Trigger levels 1, 4, 8, 14 (FCR bits 6-7). */
static void test_fifo_trigger_levels(void **state)
{
    Chardev *chr = chr_new("null,id=n0");
    static const int levels[4] = {1, 4, 8, 14};

    com1("n0");
    outb(COM1 + IER, IER_RDI);
    for (int i = 0; i < 4; i++) {
        outb(COM1 + FCR, FCR_FE | FCR_RFR | (i << 6));
        for (int n = 1; n < levels[i]; n++) {
            be_send(chr, "x");
            assert_int_equal(inb(COM1 + IIR), IIR_FIFO | IIR_NONE);
        }
        be_send(chr, "y");
        assert_int_equal(inb(COM1 + IIR), IIR_FIFO | IIR_RDI);
        assert_int_equal(irq_level[4], 1);
        /* Below the level again: the interrupt goes (DR stays). */
        inb(COM1 + RBR);
        if (levels[i] > 1) {
            assert_int_equal(inb(COM1 + IIR), IIR_FIFO | IIR_NONE);
            assert_int_equal(inb(COM1 + LSR), LSR_IDLE | LSR_DR);
        } else {
            assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
        }
        assert_int_equal(irq_level[4], 0);
    }
}

/* 16 characters fit, in order; the backend is held off when full. */
static void test_fifo_rx_16(void **state)
{
    Chardev *chr = chr_new("null,id=n0");
    const char *msg = "0123456789abcdef";

    com1("n0");
    outb(COM1 + FCR, FCR_FE);
    be_send(chr, msg);
    assert_int_equal(qemu_chr_be_can_write(chr), 0);
    for (int i = 0; i < 16; i++) {
        assert_int_equal(inb(COM1 + LSR), LSR_IDLE | LSR_DR);
        assert_int_equal(inb(COM1 + RBR), msg[i]);
        assert_int_equal(qemu_chr_be_can_write(chr), i + 1);
    }
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
    /* An empty FIFO reads 0 (QEMU). */
    assert_int_equal(inb(COM1 + RBR), 0);
}

/* FIFO overrun: the 17th character is lost, the 16 kept, OE set. */
static void test_fifo_rx_overrun(void **state)
{
    com1(NULL);
    outb(COM1 + FCR, FCR_FE);
    outb(COM1 + MCR, MCR_LOOP);
    write_str(COM1, "ABCDEFGHIJKLMNOPQ");
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE | LSR_DR | LSR_OE);
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE | LSR_DR);
    for (int i = 0; i < 16; i++) {
        assert_int_equal(inb(COM1 + RBR), 'A' + i);
    }
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
}

static void test_fifo_rx_reset(void **state)
{
    Chardev *chr = chr_new("null,id=n0");

    com1("n0");
    outb(COM1 + FCR, FCR_FE);
    outb(COM1 + IER, IER_RDI);
    be_send(chr, "stale");
    assert_int_equal(irq_level[4], 1);
    outb(COM1 + FCR, FCR_FE | FCR_RFR);
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
    assert_int_equal(irq_level[4], 0);
    assert_int_equal(qemu_chr_be_can_write(chr), 16);
    /* No timeout left for characters that are gone. */
    vclock_step(timeout_ns(9600, 10) * 2);
    assert_int_equal(inb(COM1 + IIR), IIR_FIFO | IIR_NONE);
    be_send(chr, "new");
    assert_int_equal(inb(COM1 + RBR), 'n');
}

/*
 * Transmitter FIFO reset drops what waits in the FIFO, not the byte in
 * the shift register (PC16550D "FIFO Control Register", bit 2).
 */
static void test_fifo_tx_reset(void **state)
{
    TestRecChardev *t = testrec_new("rec");

    com1("rec");
    outb(COM1 + FCR, FCR_FE);
    t->room = 0;
    write_str(COM1, "12345");
    assert_int_equal(inb(COM1 + LSR), 0);
    outb(COM1 + FCR, FCR_FE | FCR_XFR);
    assert_int_equal(inb(COM1 + LSR), LSR_THRE);
    t->room = -1;
    WAIT_UNTIL(inb(COM1 + LSR) == LSR_IDLE);
    assert_true(testrec_has(t, "1"));
}

/* Changing FCR0 empties both FIFOs. */
static void test_fifo_mode_switch_flushes(void **state)
{
    Chardev *chr = chr_new("null,id=n0");

    com1("n0");
    outb(COM1 + FCR, FCR_FE);
    be_send(chr, "abc");
    outb(COM1 + FCR, 0);
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
    assert_int_equal(qemu_chr_be_can_write(chr), 1);
    be_send(chr, "z");
    outb(COM1 + FCR, FCR_FE);
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
}

/* The transmitter interrupt after changing FCR0 is immediate. */
static void test_fifo_enable_thre_interrupt(void **state)
{
    com1(NULL);
    outb(COM1 + IER, IER_THRI);
    assert_int_equal(inb(COM1 + IIR), IIR_THRI);
    assert_int_equal(irq_level[4], 0);
    outb(COM1 + FCR, FCR_FE);
    assert_int_equal(irq_level[4], 1);
    assert_int_equal(inb(COM1 + IIR), IIR_FIFO | IIR_THRI);
}

/* ---- Character timeout ---- */

/*
 * PC16550D "FIFO Interrupt Mode Operation": characters below the
 * trigger level interrupt after 4 character times without a character
 * received or read; a read clears it and restarts the timer.
 */
static void test_char_timeout(void **state)
{
    Chardev *chr = chr_new("null,id=n0");
    int64_t t4 = timeout_ns(9600, 10);

    com1("n0");
    outb(COM1 + FCR, FCR_FE | 0xc0);
    outb(COM1 + IER, IER_RDI);
    be_send(chr, "abc");
    assert_int_equal(inb(COM1 + IIR), IIR_FIFO | IIR_NONE);
    vclock_step(t4 - 1);
    assert_int_equal(inb(COM1 + IIR), IIR_FIFO | IIR_NONE);
    assert_int_equal(irq_level[4], 0);
    vclock_step(1);
    assert_int_equal(inb(COM1 + IIR), IIR_FIFO | IIR_CTI);
    assert_int_equal(irq_level[4], 1);
    /* One read clears it... */
    assert_int_equal(inb(COM1 + RBR), 'a');
    assert_int_equal(inb(COM1 + IIR), IIR_FIFO | IIR_NONE);
    assert_int_equal(irq_level[4], 0);
    /* ...and restarts the timer for what is left. */
    vclock_step(t4 - 1);
    assert_int_equal(inb(COM1 + IIR), IIR_FIFO | IIR_NONE);
    vclock_step(1);
    assert_int_equal(inb(COM1 + IIR), IIR_FIFO | IIR_CTI);
    assert_int_equal(inb(COM1 + RBR), 'b');
    assert_int_equal(inb(COM1 + RBR), 'c');
    /* Empty: nothing more to time out. */
    vclock_step(t4 * 10);
    assert_int_equal(inb(COM1 + IIR), IIR_FIFO | IIR_NONE);
    assert_int_equal(irq_level[4], 0);
}

/* A new character restarts the timer (no timeout pending yet). */
static void test_char_timeout_restarted_by_rx(void **state)
{
    Chardev *chr = chr_new("null,id=n0");
    int64_t t4 = timeout_ns(9600, 10);

    com1("n0");
    outb(COM1 + FCR, FCR_FE | 0xc0);
    outb(COM1 + IER, IER_RDI);
    be_send(chr, "a");
    vclock_step(t4 - 10);
    be_send(chr, "b");
    vclock_step(t4 - 1);
    assert_int_equal(inb(COM1 + IIR), IIR_FIFO | IIR_NONE);
    vclock_step(1);
    assert_int_equal(inb(COM1 + IIR), IIR_FIFO | IIR_CTI);
    /* A character arriving now does not clear a pending timeout. */
    be_send(chr, "c");
    assert_int_equal(inb(COM1 + IIR), IIR_FIFO | IIR_CTI);
}

/* Four character times of the programmed line: baud and frame size. */
static void test_char_timeout_follows_line(void **state)
{
    Chardev *chr = chr_new("null,id=n0");
    /* 115200 baud, 7 data bits, even parity, 2 stop bits: 11 bits. */
    int64_t t4 = timeout_ns(115200, 11);

    com1("n0");
    set_divisor(COM1, 1);
    outb(COM1 + LCR, 0x1e);
    outb(COM1 + FCR, FCR_FE | 0x80);
    outb(COM1 + IER, IER_RDI);
    be_send(chr, "xy");
    vclock_step(t4 - 1);
    assert_int_equal(inb(COM1 + IIR), IIR_FIFO | IIR_NONE);
    vclock_step(1);
    assert_int_equal(inb(COM1 + IIR), IIR_FIFO | IIR_CTI);
}

/* The timeout is a FIFO mode interrupt; and it needs ERBFI. */
static void test_no_timeout_in_16450_mode(void **state)
{
    Chardev *chr = chr_new("null,id=n0");

    com1("n0");
    be_send(chr, "a");
    vclock_step(timeout_ns(9600, 10) * 4);
    assert_int_equal(inb(COM1 + IIR), IIR_NONE);
    outb(COM1 + IER, IER_RDI);
    assert_int_equal(inb(COM1 + IIR), IIR_RDI);

    inb(COM1 + RBR);
    outb(COM1 + IER, 0);
    outb(COM1 + FCR, FCR_FE | 0xc0);
    be_send(chr, "b");
    vclock_step(timeout_ns(9600, 10) * 4);
    assert_int_equal(inb(COM1 + IIR), IIR_FIFO | IIR_NONE);
    outb(COM1 + IER, IER_RDI);
    assert_int_equal(inb(COM1 + IIR), IIR_FIFO | IIR_CTI);
}

/* ---- Break ---- */

/* LCR bit 6 sends a break on the line; loopback keeps it off the line. */
static void test_break_send(void **state)
{
    TestRecChardev *t = testrec_new("rec");

    com1("rec");
    assert_int_equal(t->nbreaks, 0);
    outb(COM1 + LCR, LCR_8N1 | LCR_BREAK);
    assert_int_equal(t->nbreaks, 1);
    assert_int_equal(t->brk, 1);
    /* Other LCR writes with the bit kept: no new ioctl. */
    outb(COM1 + LCR, LCR_8N1 | LCR_BREAK | LCR_DLAB);
    assert_int_equal(t->nbreaks, 1);
    outb(COM1 + LCR, LCR_8N1);
    assert_int_equal(t->nbreaks, 2);
    assert_int_equal(t->brk, 0);

    outb(COM1 + MCR, MCR_LOOP);
    outb(COM1 + LCR, LCR_8N1 | LCR_BREAK);
    assert_int_equal(t->nbreaks, 2);
    /* Leaving loopback with the bit set starts the break on the line. */
    outb(COM1 + MCR, 0);
    assert_int_equal(t->nbreaks, 3);
    assert_int_equal(t->brk, 1);
    /* Reset ends it. */
    device_cold_reset(
        DEVICE(object_resolve_path("/machine/peripheral/serial0", NULL)));
    assert_int_equal(t->nbreaks, 4);
    assert_int_equal(t->brk, 0);
}

/* A break received: a 0 character with BI, a line status interrupt. */
static void test_break_receive_16450(void **state)
{
    Chardev *chr = chr_new("null,id=n0");

    com1("n0");
    outb(COM1 + IER, IER_RLSI | IER_RDI);
    qemu_chr_be_event(chr, CHR_EVENT_BREAK);
    assert_int_equal(irq_level[4], 1);
    assert_int_equal(inb(COM1 + IIR), IIR_RLSI);
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE | LSR_DR | LSR_BI);
    assert_int_equal(inb(COM1 + IIR), IIR_RDI);
    assert_int_equal(inb(COM1 + RBR), 0);
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
    assert_int_equal(irq_level[4], 0);
}

/*
 * FIFO mode: BI travels with its character and shows when it reaches
 * the top; LSR bit 7 says an error character is in the FIFO, and clears
 * on the LSR read after it left.
 */
static void test_break_receive_fifo(void **state)
{
    Chardev *chr = chr_new("null,id=n0");

    com1("n0");
    outb(COM1 + FCR, FCR_FE);
    outb(COM1 + IER, IER_RLSI);
    be_send(chr, "ab");
    qemu_chr_be_event(chr, CHR_EVENT_BREAK);
    be_send(chr, "c");
    assert_int_equal(irq_level[4], 0);
    assert_int_equal(inb(COM1 + LSR), LSR_FIFOE | LSR_IDLE | LSR_DR);
    assert_int_equal(inb(COM1 + LSR), LSR_FIFOE | LSR_IDLE | LSR_DR);
    assert_int_equal(inb(COM1 + RBR), 'a');
    assert_int_equal(irq_level[4], 0);
    assert_int_equal(inb(COM1 + RBR), 'b');
    /* The break character is at the top now. */
    assert_int_equal(irq_level[4], 1);
    assert_int_equal(inb(COM1 + IIR), IIR_FIFO | IIR_RLSI);
    assert_int_equal(inb(COM1 + LSR), LSR_FIFOE | LSR_IDLE | LSR_DR | LSR_BI);
    assert_int_equal(irq_level[4], 0);
    assert_int_equal(inb(COM1 + LSR), LSR_FIFOE | LSR_IDLE | LSR_DR);
    assert_int_equal(inb(COM1 + RBR), 0);
    assert_int_equal(inb(COM1 + LSR), LSR_FIFOE | LSR_IDLE | LSR_DR);
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE | LSR_DR);
    assert_int_equal(inb(COM1 + RBR), 'c');
}

/* In loopback a break from the line is not seen (SIN disconnected). */
static void test_break_ignored_in_loopback(void **state)
{
    Chardev *chr = chr_new("null,id=n0");

    com1("n0");
    outb(COM1 + MCR, MCR_LOOP);
    qemu_chr_be_event(chr, CHR_EVENT_BREAK);
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
}

/* ---- Backpressure ---- */

/*
 * A backend that takes nothing: the byte waits in the shift register,
 * the next in THR; the guest sees THRE then TEMT clear; nothing is lost
 * and transmission resumes when the backend's watch fires.
 */
static void test_backpressure_16450(void **state)
{
    TestRecChardev *t = testrec_new("rec");

    com1("rec");
    t->room = 0;
    outb(COM1 + THR, 'A');
    assert_int_equal(inb(COM1 + LSR), LSR_THRE);
    assert_int_equal(t->nwatches, 1);
    outb(COM1 + THR, 'B');
    assert_int_equal(inb(COM1 + LSR), 0);
    run_pending();
    assert_int_equal(inb(COM1 + LSR), 0);
    assert_int_equal(t->out->len, 0);
    t->room = -1;
    WAIT_UNTIL(inb(COM1 + LSR) == LSR_IDLE);
    assert_true(testrec_has(t, "AB"));
}

/* FIFO mode: 1 in the shift register and 16 in the FIFO wait. */
static void test_backpressure_fifo(void **state)
{
    TestRecChardev *t = testrec_new("rec");
    const char *msg = "0123456789ABCDEFG";

    com1("rec");
    outb(COM1 + FCR, FCR_FE);
    t->room = 0;
    write_str(COM1, msg);
    assert_int_equal(inb(COM1 + LSR), 0);
    /* A guest that ignores THRE: the 18th byte finds no room. */
    outb(COM1 + THR, '!');
    t->room = 3;
    WAIT_UNTIL(t->out->len == 3);
    assert_int_equal(inb(COM1 + LSR), 0);
    t->room = -1;
    WAIT_UNTIL(inb(COM1 + LSR) == LSR_IDLE);
    assert_true(testrec_has(t, msg));
}

/* A backend that takes some: the rest waits, then follows in order. */
static void test_backpressure_partial(void **state)
{
    TestRecChardev *t = testrec_new("rec");

    com1("rec");
    outb(COM1 + IER, IER_THRI);
    inb(COM1 + IIR);
    t->room = 5;
    write_str(COM1, "hello");
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
    outb(COM1 + THR, ' ');
    assert_int_equal(inb(COM1 + LSR), LSR_THRE);
    outb(COM1 + THR, 'w');
    assert_int_equal(inb(COM1 + LSR), 0);
    assert_int_equal(irq_level[4], 0);
    t->room = -1;
    /* Room again: the waiting bytes go and THRE interrupts. */
    WAIT_UNTIL(irq_level[4] == 1);
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
    assert_true(testrec_has(t, "hello w"));
}

/* ---- Real sockets ---- */

static int unix_connect(const char *path)
{
    struct sockaddr_un su = {.sun_family = AF_UNIX};
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    assert_true(fd >= 0);
    g_strlcpy(su.sun_path, path, sizeof(su.sun_path));
    assert_int_equal(connect(fd, (struct sockaddr *)&su, sizeof(su)), 0);
    return fd;
}

/*
 * A unix socket whose peer does not read: the guest, writing whenever
 * THRE is set, fills the socket and is then held off with THRE clear;
 * every byte arrives, in order, once the peer reads.
 */
static void test_backpressure_socket(void **state)
{
    g_autofree char *path = test_path("serial.sock");
    Chardev *chr;
    uint64_t sent = 0, got = 0;
    uint8_t buf[4096];
    int fd;

    chr = chr_new("socket,id=sock,path=%s,server=on,wait=off", path);
    com1("sock");
    fd = unix_connect(path);
    WAIT_UNTIL(chr->be_open);
    outb(COM1 + FCR, FCR_FE);
    while (inb(COM1 + LSR) & LSR_THRE) {
        for (int i = 0; i < 16; i++) {
            outb(COM1 + THR, sent++ & 0xff);
        }
        assert_true(sent < 64 * 1024 * 1024);
    }
    assert_int_equal(inb(COM1 + LSR) & LSR_IDLE, 0);
    while (got < sent) {
        ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);

        if (n > 0) {
            for (ssize_t i = 0; i < n; i++) {
                if (buf[i] != ((got + i) & 0xff)) {
                    fail_msg("byte %" PRIu64 " is 0x%02x", got + i, buf[i]);
                }
            }
            got += n;
            continue;
        }
        assert_true(n < 0 && errno == EAGAIN);
        WAIT_UNTIL(inb(COM1 + LSR) == LSR_IDLE ||
                   recv(fd, buf, 1, MSG_PEEK | MSG_DONTWAIT) > 0);
    }
    assert_int_equal(got, sent);
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
    close(fd);
}

/* Read LSR, remembering every bit seen set (reading clears OE). */
static uint8_t lsr_seen(uint8_t *seen)
{
    uint8_t v = inb(COM1 + LSR);

    *seen |= v;
    return v;
}

/*
 * Input from a real socket is taken only as the FIFO has room: 40 bytes
 * arrive 16 at a time as the guest reads, without overrun.
 */
static void test_rx_flow_control_socket(void **state)
{
    g_autofree char *path = test_path("serial.sock");
    const char *msg = "The quick brown fox jumps over the dog.!";
    GString *rx = g_string_new(NULL);
    uint8_t seen = 0;
    Chardev *chr;
    int fd;

    chr = chr_new("socket,id=sock,path=%s,server=on,wait=off", path);
    com1("sock");
    outb(COM1 + FCR, FCR_FE);
    fd = unix_connect(path);
    WAIT_UNTIL(chr->be_open);
    assert_int_equal(write(fd, msg, strlen(msg)), strlen(msg));
    while (rx->len < strlen(msg)) {
        uint8_t lsr;

        WAIT_UNTIL(lsr_seen(&seen) & LSR_DR);
        while ((lsr = lsr_seen(&seen)) & LSR_DR) {
            g_string_append_c(rx, inb(COM1 + RBR));
        }
    }
    /* Never an overrun: the backend waited for room. */
    assert_int_equal(seen & LSR_OE, 0);
    assert_string_equal(rx->str, msg);
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
    g_string_free(rx, true);
    close(fd);
}

/* Output to a socket with no peer is refused by it and dropped quietly. */
static void test_tx_socket_without_peer(void **state)
{
    g_autofree char *path = test_path("serial.sock");

    chr_new("socket,id=sock,path=%s,server=on,wait=off", path);
    com1("sock");
    write_str(COM1, "nobody");
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
}

/* ---- isa-serial: ports, IRQs, properties ---- */

/* COM1-COM4 in creation order: QEMU's ports and IRQs. */
static void test_com_defaults(void **state)
{
    static const struct {
        uint16_t base;
        int irq;
    } com[4] = {{COM1, 4}, {COM2, 3}, {COM3, 4}, {COM4, 3}};

    for (int i = 0; i < 4; i++) {
        DeviceState *dev = dev_add(TYPE_ISA_SERIAL, NULL, NULL);

        assert_int_equal(object_property_get_uint(OBJECT(dev), "index", NULL),
                         i);
        assert_int_equal(object_property_get_uint(OBJECT(dev), "iobase", NULL),
                         com[i].base);
        assert_int_equal(object_property_get_uint(OBJECT(dev), "irq", NULL),
                         com[i].irq);
        assert_int_equal(ISA_DEVICE(dev)->isairq[0], com[i].irq);
    }
    for (int i = 0; i < 4; i++) {
        memset(irq_level, 0, sizeof(irq_level));
        outb(com[i].base + SCR, 0x50 + i);
        outb(com[i].base + IER, IER_THRI);
        assert_int_equal(irq_level[com[i].irq], 1);
        outb(com[i].base + IER, 0);
    }
    for (int i = 0; i < 4; i++) {
        assert_int_equal(inb(com[i].base + SCR), 0x50 + i);
    }
}

/* QEMU's error for a fifth port, or an index out of range. */
static void test_fifth_port_error(void **state)
{
    Error *err = NULL;

    for (int i = 0; i < 4; i++) {
        dev_add(TYPE_ISA_SERIAL, NULL, NULL);
    }
    assert_null(dev_try_add(TYPE_ISA_SERIAL, NULL, &err, NULL));
    assert_error(err, "Max. supported number of ISA serial ports is 4.");
    assert_null(dev_try_add(TYPE_ISA_SERIAL, "s9", &err, "index", "7", NULL));
    assert_error(err, "Max. supported number of ISA serial ports is 4.");
    assert_null(object_resolve_path("/machine/peripheral/s9", NULL));
}

/* An explicit index picks that COM port's defaults. */
static void test_index_property(void **state)
{
    DeviceState *dev = dev_add(TYPE_ISA_SERIAL, NULL, "index", "2", NULL);

    assert_int_equal(object_property_get_uint(OBJECT(dev), "iobase", NULL),
                     COM3);
    outb(COM3 + SCR, 0x33);
    assert_int_equal(inb(COM3 + SCR), 0x33);
    /* The next one without index counts the ports made so far (QEMU). */
    dev = dev_add(TYPE_ISA_SERIAL, NULL, NULL);
    assert_int_equal(object_property_get_uint(OBJECT(dev), "index", NULL), 1);
    assert_int_equal(object_property_get_uint(OBJECT(dev), "iobase", NULL),
                     COM2);
}

static void test_iobase_irq_override(void **state)
{
    dev_add(TYPE_ISA_SERIAL, NULL, "iobase", "0x100", "irq", "7", NULL);
    outb(0x100 + IER, IER_THRI);
    assert_int_equal(irq_level[7], 1);
    assert_int_equal(irq_level[4], 0);
    assert_int_equal(inb(0x100 + IIR), IIR_THRI);
    /* Nothing at COM1. */
    assert_int_equal(inb(COM1 + LSR), 0xff);
}

static void test_bad_irq_and_iobase(void **state)
{
    Error *err = NULL;

    assert_null(dev_try_add(TYPE_ISA_SERIAL, NULL, &err, "irq", "16", NULL));
    assert_error(err, "irq 16 is out of range: the ISA bus has IRQs 0 to 15");
    assert_null(
        dev_try_add(TYPE_ISA_SERIAL, NULL, &err, "iobase", "0xfffc", NULL));
    assert_error(err, "iobase 0xfffc is out of range: the 8 ports must end "
                      "by 0xffff");
    /* Nothing was left behind: COM1 is still free. */
    dev_add(TYPE_ISA_SERIAL, NULL, NULL);
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
}

static void test_chardev_errors(void **state)
{
    Error *err = NULL;

    chr_new("null,id=n0");
    assert_null(
        dev_try_add(TYPE_ISA_SERIAL, NULL, &err, "chardev", "nope", NULL));
    assert_error(err, "Property 'isa-serial.chardev' can't find value 'nope'");
    dev_add(TYPE_ISA_SERIAL, "serial0", "chardev", "n0", NULL);
    assert_null(
        dev_try_add(TYPE_ISA_SERIAL, NULL, &err, "chardev", "n0", NULL));
    assert_error(err, "Property 'isa-serial.chardev' can't take value 'n0': "
                      "Device 'n0' is in use");
}

/* The seed's command line: -chardev file + -device isa-serial,id=... */
static void test_seed_paths(void **state)
{
    g_autofree char *path = test_path("console.log");
    DeviceState *dev;
    Chardev *chr;

    chr = chr_new("file,id=charserial0,path=%s", path);
    dev_add(TYPE_ISA_SERIAL, "serial0", "chardev", "charserial0", NULL);
    dev = DEVICE(object_resolve_path("/machine/peripheral/serial0", NULL));
    assert_non_null(dev);
    assert_string_equal(object_get_typename(OBJECT(dev)), TYPE_ISA_SERIAL);
    assert_ptr_equal(object_resolve_path("/chardevs/charserial0", NULL),
                     OBJECT(chr));
    assert_true(dev->realized);
    /* The device is the chardev's front end. */
    assert_non_null(chr->be);
    assert_ptr_equal(qemu_chr_fe_get_driver(chr->be), chr);
}

/* Device reset restores the power-on state; the chardev stays. */
static void test_device_reset(void **state)
{
    Chardev *chr = chr_new("ringbuf,id=rb");
    DeviceState *dev = com1("rb");
    g_autofree char *got = NULL;

    outb(COM1 + FCR, FCR_FE | 0xc0);
    outb(COM1 + IER, 0x0f);
    outb(COM1 + MCR, MCR_LOOP | MCR_RTS);
    outb(COM1 + SCR, 0x5a);
    write_str(COM1, "xy");
    assert_int_equal(irq_level[4], 1);
    device_cold_reset(dev);
    assert_int_equal(irq_level[4], 0);
    assert_int_equal(inb(COM1 + IER), 0);
    assert_int_equal(inb(COM1 + IIR), IIR_NONE);
    assert_int_equal(inb(COM1 + LCR), 0);
    assert_int_equal(inb(COM1 + MCR), 0);
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
    assert_int_equal(inb(COM1 + MSR), MSR_CTS | MSR_DSR | MSR_DCD);
    assert_int_equal(inb(COM1 + SCR), 0);
    write_str(COM1, "after");
    got = ringbuf_take(chr);
    assert_string_equal(got, "after");
}

/* Unplugged, the port stops decoding and its chardev is free again. */
static void test_unplug(void **state)
{
    Chardev *chr = chr_new("null,id=n0");
    DeviceState *dev = com1("n0");

    assert_non_null(chr->be);
    object_unparent(OBJECT(dev));
    assert_null(chr->be);
    assert_int_equal(inb(COM1 + LSR), 0xff);
    dev_add(TYPE_ISA_SERIAL, NULL, "chardev", "n0", NULL);
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);
}

/* The board's helper for -serial: COM<index + 1> on a chardev. */
static void test_isa_serial_create(void **state)
{
    Chardev *chr = chr_new("ringbuf,id=serial1");
    g_autofree char *got = NULL;
    Error *err = NULL;
    ISADevice *dev;

    dev = isa_serial_create(test_isa_bus, 1, "serial1", &error_abort);
    assert_non_null(dev);
    assert_int_equal(dev->isairq[0], 3);
    write_str(COM2, "com2");
    got = ringbuf_take(chr);
    assert_string_equal(got, "com2");
    assert_non_null(isa_serial_create(test_isa_bus, 0, NULL, &error_abort));
    assert_int_equal(inb(COM1 + LSR), LSR_IDLE);

    assert_null(isa_serial_create(test_isa_bus, 2, "nope", &err));
    assert_error(err, "Property 'isa-serial.chardev' can't find value 'nope'");
    assert_null(isa_serial_create(test_isa_bus, 4, NULL, &err));
    assert_error(err, "Max. supported number of ISA serial ports is 4.");
    assert_int_equal(inb(COM3 + LSR), 0xff);
}

/* -device help lists it with the input devices, as QEMU does. */
static void test_class(void **state)
{
    DeviceClass *dc = DEVICE_CLASS(object_class_by_name(TYPE_ISA_SERIAL));

    assert_true(device_class_has_category(dc, DEVICE_CATEGORY_INPUT));
    assert_true(dc->user_creatable);
    assert_string_equal(dc->bus_type, TYPE_ISA_BUS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        dev_test(test_reset_values),
        dev_test(test_scratch_readback),
        dev_test(test_lcr_readback),
        dev_test(test_mcr_ier_readback),
        dev_test(test_dlab_divisor_latch),
        dev_test(test_lsr_msr_writes_ignored),
        dev_test(test_word_access),
        dev_test(test_divisor_sets_baud),
        dev_test(test_lcr_line_params),
        dev_test(test_params_sent_on_change_only),
        dev_test(test_baudbase_property),
        dev_test(test_tx_ringbuf),
        dev_test(test_tx_file),
        dev_test(test_tx_without_chardev),
        dev_test(test_thre_interrupt_on_enable),
        dev_test(test_thre_interrupt_after_write),
        dev_test(test_thre_cleared_by_thr_write),
        dev_test(test_rx_16450),
        dev_test(test_rx_overrun_16450),
        dev_test(test_iir_priority_order),
        dev_test(test_iir_masked_sources),
        dev_test(test_msr_interrupt_and_clear),
        dev_test(test_loopback_modem_lines),
        dev_test(test_loopback_data),
        dev_test(test_loopback_holds_backend_input),
        dev_test(test_fifo_enable_iir_bits),
        dev_test(test_fcr_needs_fifo_enable),
        dev_test(test_fifo_trigger_levels),
        dev_test(test_fifo_rx_16),
        dev_test(test_fifo_rx_overrun),
        dev_test(test_fifo_rx_reset),
        dev_test(test_fifo_tx_reset),
        dev_test(test_fifo_mode_switch_flushes),
        dev_test(test_fifo_enable_thre_interrupt),
        dev_test(test_char_timeout),
        dev_test(test_char_timeout_restarted_by_rx),
        dev_test(test_char_timeout_follows_line),
        dev_test(test_no_timeout_in_16450_mode),
        dev_test(test_break_send),
        dev_test(test_break_receive_16450),
        dev_test(test_break_receive_fifo),
        dev_test(test_break_ignored_in_loopback),
        dev_test(test_backpressure_16450),
        dev_test(test_backpressure_fifo),
        dev_test(test_backpressure_partial),
        dev_test(test_backpressure_socket),
        dev_test(test_rx_flow_control_socket),
        dev_test(test_tx_socket_without_peer),
        dev_test(test_com_defaults),
        dev_test(test_fifth_port_error),
        dev_test(test_index_property),
        dev_test(test_iobase_irq_override),
        dev_test(test_bad_irq_and_iobase),
        dev_test(test_chardev_errors),
        dev_test(test_seed_paths),
        dev_test(test_device_reset),
        dev_test(test_unplug),
        dev_test(test_isa_serial_create),
        dev_test(test_class),
    };

    /* TEST_FILTER=test_name (cmocka's pattern) runs a subset. */
    if (getenv("TEST_FILTER")) {
        cmocka_set_test_filter(getenv("TEST_FILTER"));
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
