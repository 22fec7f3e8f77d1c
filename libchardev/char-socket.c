/*
 * The socket backend: a stream socket over TCP (host, port) or a unix
 * path, as a server (listens, one client at a time) or a client.
 *
 * - server=on,wait=on (QEMU's default for a server) waits for the first
 *   client while the chardev is created, before emu runs; wait=off
 *   accepts whenever a client comes.  A client that leaves puts the
 *   server back to listening; the next one is accepted.
 * - A client connects at creation and fails if it cannot; with
 *   reconnect=SECONDS it connects in the background instead, and again
 *   that long after each failure or disconnection.
 * - telnet=on sends the telnet negotiation (we will echo, suppress
 *   go-ahead, binary both ways) to each peer and removes telnet commands
 *   from the input: they never reach the guest; IAC BRK becomes
 *   CHR_EVENT_BREAK and IAC IAC a 0xff data byte.
 * - Everything is non-blocking after creation: accepting, connecting
 *   (reconnect), reading and writing run from sources on the chardev's
 *   context.  A write takes what the socket buffer takes; the front end
 *   waits for more room with qemu_chr_fe_add_watch(G_IO_OUT).
 *
 * The front end hears CHR_EVENT_OPENED when a peer is connected (after
 * the telnet negotiation went out) and CHR_EVENT_CLOSED when it leaves.
 * Writes while no peer is connected fail with EIO, as in QEMU.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "char-internal.h"
#include "opts/qemu-option.h"
#include "util/error-report.h"

typedef enum TCPChardevState {
    TCP_CHARDEV_STATE_DISCONNECTED,
    /* A peer is there, the telnet negotiation is still going out. */
    TCP_CHARDEV_STATE_CONNECTING,
    TCP_CHARDEV_STATE_CONNECTED,
} TCPChardevState;

/* Telnet (RFC 854, 856, 857, 858) command bytes. */
enum {
    TN_SE = 240,
    TN_BRK = 243,
    TN_SB = 250,
    TN_WILL = 251,
    TN_WONT = 252,
    TN_DO = 253,
    TN_DONT = 254,
    TN_IAC = 255,
    TN_OPT_BINARY = 0,
    TN_OPT_ECHO = 1,
    TN_OPT_SGA = 3,
};

/* Where the telnet input parser is. */
typedef enum TelnetState {
    TN_STATE_DATA,
    TN_STATE_IAC,
    TN_STATE_OPT,
    TN_STATE_SB,
    TN_STATE_SB_IAC,
} TelnetState;

typedef struct SocketChardev {
    Chardev parent;

    TCPChardevState state;
    /* The connection; -1 when none. */
    int fd;
    /* Bumped for each connection (a stale deferred disconnect skips). */
    unsigned conn_gen;
    GSource *read_src;

    bool is_unix;
    bool is_listen;
    bool is_telnet;
    bool do_nodelay;
    bool ipv4;
    bool ipv6;
    /* unix: the path; tcp: the host and port (the bound ones, listening). */
    char *path;
    char *host;
    char *port;

    /* Server. */
    int listen_fd;
    GSource *listen_src;
    bool unlink_path;

    /* Client with reconnect=. */
    int64_t reconnect_time;
    GSource *reconnect_src;
    GSource *connect_src;
    int connect_fd;
    struct addrinfo *ai_list;
    struct addrinfo *ai_next;
    bool connect_err_reported;

    GSource *disconnect_src;
    unsigned disconnect_gen;

    /* Telnet: the negotiation being sent, and the input parser. */
    uint8_t telnet_init[12];
    int telnet_init_len;
    int telnet_init_sent;
    GSource *telnet_src;
    TelnetState telnet_state;
} SocketChardev;

#define SOCKET_CHARDEV(obj)                                                    \
    OBJECT_CHECK(SocketChardev, (obj), TYPE_CHARDEV_SOCKET)

static void tcp_chr_connect(Chardev *chr);
static void tcp_chr_listen_enable(Chardev *chr);
static void tcp_chr_start_reconnect_timer(Chardev *chr);

/* ---- Names ---- */

static const char *tcp_chr_protocol(SocketChardev *s)
{
    return s->is_telnet ? "telnet" : "tcp";
}

static void tcp_chr_update_disconnected_filename(Chardev *chr)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);
    const char *server = s->is_listen ? ",server=on" : "";

    if (s->is_unix) {
        chardev_set_filename(chr, "disconnected:unix:%s%s", s->path, server);
    } else {
        chardev_set_filename(chr, "disconnected:%s:%s:%s%s",
                             tcp_chr_protocol(s), s->host, s->port, server);
    }
}

static void sockaddr_numeric(const struct sockaddr_storage *ss, socklen_t len,
                             char *host, size_t hostlen, char *serv,
                             size_t servlen)
{
    if (getnameinfo((const struct sockaddr *)ss, len, host, hostlen, serv,
                    servlen, NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
        g_strlcpy(host, "?", hostlen);
        g_strlcpy(serv, "?", servlen);
    }
}

/* QEMU's connected name: "tcp:LOCAL:PORT[,server=on] <-> PEER:PORT". */
static void tcp_chr_update_connected_filename(Chardev *chr)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);
    struct sockaddr_storage ss, ps;
    socklen_t ss_len = sizeof(ss), ps_len = sizeof(ps);
    char shost[NI_MAXHOST], sserv[NI_MAXSERV];
    char phost[NI_MAXHOST], pserv[NI_MAXSERV];
    const char *left = "", *right = "";

    memset(&ss, 0, sizeof(ss));
    memset(&ps, 0, sizeof(ps));
    if (getsockname(s->fd, (struct sockaddr *)&ss, &ss_len) < 0) {
        chardev_set_filename(chr, "unknown");
        return;
    }
    if (ss.ss_family == AF_UNIX) {
        struct sockaddr_un *su = (struct sockaddr_un *)&ss;

        chardev_set_filename(chr, "unix:%.*s%s", (int)sizeof(su->sun_path),
                             su->sun_path, s->is_listen ? ",server=on" : "");
        return;
    }
    if (getpeername(s->fd, (struct sockaddr *)&ps, &ps_len) < 0) {
        ps_len = 0;
    }
    if (ss.ss_family == AF_INET6) {
        left = "[";
        right = "]";
    }
    sockaddr_numeric(&ss, ss_len, shost, sizeof(shost), sserv, sizeof(sserv));
    sockaddr_numeric(&ps, ps_len, phost, sizeof(phost), pserv, sizeof(pserv));
    chardev_set_filename(chr, "%s:%s%s%s:%s%s <-> %s%s%s:%s",
                         tcp_chr_protocol(s), left, shost, right, sserv,
                         s->is_listen ? ",server=on" : "", left, phost, right,
                         pserv);
}

/* ---- Addresses ---- */

static struct addrinfo *tcp_chr_resolve(SocketChardev *s, bool passive,
                                        Error **errp)
{
    struct addrinfo hints = {0};
    struct addrinfo *res = NULL;
    const char *host = s->host && *s->host ? s->host : NULL;
    int rc;

    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = passive ? AI_PASSIVE : 0;
    if (s->ipv4 && !s->ipv6) {
        hints.ai_family = AF_INET;
    } else if (s->ipv6 && !s->ipv4) {
        hints.ai_family = AF_INET6;
    } else {
        hints.ai_family = AF_UNSPEC;
    }
    rc = getaddrinfo(host, s->port, &hints, &res);
    if (rc != 0) {
        error_setg(errp, "address resolution failed for %s:%s: %s",
                   s->host ? s->host : "", s->port, gai_strerror(rc));
        return NULL;
    }
    return res;
}

static bool unix_sockaddr(const char *path, struct sockaddr_un *su,
                          Error **errp)
{
    memset(su, 0, sizeof(*su));
    su->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof(su->sun_path)) {
        error_setg(errp, "UNIX socket path '%s' is too long", path);
        return false;
    }
    memcpy(su->sun_path, path, strlen(path));
    return true;
}

static void tcp_chr_set_nodelay(SocketChardev *s, int fd)
{
    int on = 1;

    if (!s->is_unix && s->do_nodelay) {
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
    }
}

/* ---- The connection ---- */

static int tcp_chr_read_poll(void *opaque)
{
    Chardev *chr = opaque;
    SocketChardev *s = SOCKET_CHARDEV(chr);

    if (s->state != TCP_CHARDEV_STATE_CONNECTED) {
        return 0;
    }
    return qemu_chr_be_can_write(chr);
}

static void tcp_chr_free_connection(Chardev *chr)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    chr_source_remove(&s->read_src);
    chr_source_remove(&s->telnet_src);
    chr_source_remove(&s->disconnect_src);
    if (s->fd >= 0) {
        close(s->fd);
        s->fd = -1;
    }
    s->state = TCP_CHARDEV_STATE_DISCONNECTED;
}

static void tcp_chr_disconnect(Chardev *chr)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);
    bool was_open = chr->be_open;

    if (s->state == TCP_CHARDEV_STATE_DISCONNECTED) {
        return;
    }
    tcp_chr_free_connection(chr);
    tcp_chr_update_disconnected_filename(chr);
    if (s->is_listen) {
        tcp_chr_listen_enable(chr);
    }
    if (was_open) {
        qemu_chr_be_event(chr, CHR_EVENT_CLOSED);
    }
    if (s->reconnect_time && s->state == TCP_CHARDEV_STATE_DISCONNECTED) {
        tcp_chr_start_reconnect_timer(chr);
    }
}

/*
 * Hand input to the front end, telnet commands removed; a break in the
 * middle is delivered in its place in the byte stream.
 */
static void tcp_chr_deliver(Chardev *chr, uint8_t *buf, int len)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);
    int out = 0;

    if (!s->is_telnet) {
        qemu_chr_be_write(chr, buf, len);
        return;
    }
    for (int i = 0; i < len; i++) {
        uint8_t ch = buf[i];

        switch (s->telnet_state) {
        case TN_STATE_DATA:
            if (ch == TN_IAC) {
                s->telnet_state = TN_STATE_IAC;
            } else {
                buf[out++] = ch;
            }
            break;
        case TN_STATE_IAC:
            s->telnet_state = TN_STATE_DATA;
            if (ch == TN_IAC) {
                buf[out++] = ch;
            } else if (ch >= TN_WILL) {
                s->telnet_state = TN_STATE_OPT;
            } else if (ch == TN_SB) {
                s->telnet_state = TN_STATE_SB;
            } else if (ch == TN_BRK) {
                qemu_chr_be_write(chr, buf, out);
                out = 0;
                qemu_chr_be_event(chr, CHR_EVENT_BREAK);
                if (s->state != TCP_CHARDEV_STATE_CONNECTED) {
                    return;
                }
            }
            /* Other commands (NOP, GA, AYT, ...) carry no data. */
            break;
        case TN_STATE_OPT:
            /* The option byte of WILL/WONT/DO/DONT: answered by our offer. */
            s->telnet_state = TN_STATE_DATA;
            break;
        case TN_STATE_SB:
            if (ch == TN_IAC) {
                s->telnet_state = TN_STATE_SB_IAC;
            }
            break;
        case TN_STATE_SB_IAC:
            s->telnet_state = ch == TN_SE ? TN_STATE_DATA : TN_STATE_SB;
            break;
        }
    }
    qemu_chr_be_write(chr, buf, out);
}

static gboolean tcp_chr_read(void *opaque, GIOCondition cond)
{
    Chardev *chr = opaque;
    SocketChardev *s = SOCKET_CHARDEV(chr);
    uint8_t buf[CHR_READ_BUF_LEN];
    int len = MIN(tcp_chr_read_poll(chr), (int)sizeof(buf));
    ssize_t n;

    if (len <= 0) {
        if (cond & (G_IO_HUP | G_IO_ERR | G_IO_NVAL)) {
            /* Gone while the front end was not reading. */
            tcp_chr_disconnect(chr);
            return G_SOURCE_REMOVE;
        }
        return G_SOURCE_CONTINUE;
    }
    do {
        n = recv(s->fd, buf, len, 0);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        return G_SOURCE_CONTINUE;
    }
    if (n <= 0) {
        tcp_chr_disconnect(chr);
        return G_SOURCE_REMOVE;
    }
    /* The front end may drop the chardev from inside its read handler. */
    object_ref(chr);
    tcp_chr_deliver(chr, buf, n);
    object_unref(chr);
    return G_SOURCE_CONTINUE;
}

static void tcp_chr_add_read_source(Chardev *chr)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    chr_source_remove(&s->read_src);
    if (s->state == TCP_CHARDEV_STATE_CONNECTED) {
        s->read_src = chr_fd_read_source_add(s->fd, true, tcp_chr_read_poll,
                                             tcp_chr_read, chr, chr->gcontext);
    }
}

static void tcp_chr_connect(Chardev *chr)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    s->state = TCP_CHARDEV_STATE_CONNECTED;
    s->connect_err_reported = false;
    tcp_chr_update_connected_filename(chr);
    tcp_chr_add_read_source(chr);
    qemu_chr_be_event(chr, CHR_EVENT_OPENED);
}

/* Send what is left of the telnet negotiation; true when all went. */
static bool tcp_chr_telnet_send(SocketChardev *s)
{
    while (s->telnet_init_sent < s->telnet_init_len) {
        ssize_t n = send(s->fd, s->telnet_init + s->telnet_init_sent,
                         s->telnet_init_len - s->telnet_init_sent,
                         MSG_NOSIGNAL | MSG_DONTWAIT);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        s->telnet_init_sent += n;
    }
    return true;
}

static gboolean tcp_chr_telnet_writable(void *do_not_use, GIOCondition cond,
                                        void *opaque)
{
    Chardev *chr = opaque;
    SocketChardev *s = SOCKET_CHARDEV(chr);

    if (tcp_chr_telnet_send(s)) {
        g_source_unref(s->telnet_src);
        s->telnet_src = NULL;
        tcp_chr_connect(chr);
        return G_SOURCE_REMOVE;
    }
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
        g_source_unref(s->telnet_src);
        s->telnet_src = NULL;
        tcp_chr_disconnect(chr);
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

static void tcp_chr_telnet_init(Chardev *chr)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);
    static const uint8_t offer[] = {
        TN_IAC, TN_WILL, TN_OPT_ECHO,   TN_IAC, TN_WILL, TN_OPT_SGA,
        TN_IAC, TN_WILL, TN_OPT_BINARY, TN_IAC, TN_DO,   TN_OPT_BINARY,
    };

    G_STATIC_ASSERT(sizeof(offer) == sizeof(s->telnet_init));
    memcpy(s->telnet_init, offer, sizeof(offer));
    s->telnet_init_len = sizeof(offer);
    s->telnet_init_sent = 0;
    s->telnet_state = TN_STATE_DATA;
    if (tcp_chr_telnet_send(s)) {
        tcp_chr_connect(chr);
        return;
    }
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
        tcp_chr_disconnect(chr);
        return;
    }
    s->telnet_src = chr_fd_watch_new(s->fd, G_IO_OUT);
    g_source_set_callback(s->telnet_src, G_SOURCE_FUNC(tcp_chr_telnet_writable),
                          chr, NULL);
    g_source_attach(s->telnet_src, chr->gcontext);
}

static void tcp_chr_new_client(Chardev *chr, int fd)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    g_assert(s->state == TCP_CHARDEV_STATE_DISCONNECTED);
    chr_source_remove(&s->listen_src);
    chr_source_remove(&s->reconnect_src);
    s->fd = fd;
    s->conn_gen++;
    s->state = TCP_CHARDEV_STATE_CONNECTING;
    tcp_chr_set_nodelay(s, fd);
    if (s->is_telnet) {
        tcp_chr_telnet_init(chr);
    } else {
        tcp_chr_connect(chr);
    }
}

/* ---- Server ---- */

static int tcp_chr_accept_fd(SocketChardev *s)
{
    int fd;

    do {
        fd = accept4(s->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

static gboolean tcp_chr_accept(void *do_not_use, GIOCondition cond,
                               void *opaque)
{
    Chardev *chr = opaque;
    SocketChardev *s = SOCKET_CHARDEV(chr);
    int fd;

    if (s->state != TCP_CHARDEV_STATE_DISCONNECTED) {
        return G_SOURCE_CONTINUE;
    }
    fd = tcp_chr_accept_fd(s);
    if (fd < 0) {
        /* EAGAIN, or a client that left again (ECONNABORTED). */
        return G_SOURCE_CONTINUE;
    }
    /* tcp_chr_new_client() removes this source: it is done. */
    tcp_chr_new_client(chr, fd);
    return G_SOURCE_REMOVE;
}

static void tcp_chr_listen_enable(Chardev *chr)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    chr_source_remove(&s->listen_src);
    if (s->listen_fd < 0 || s->state != TCP_CHARDEV_STATE_DISCONNECTED) {
        return;
    }
    s->listen_src = chr_fd_watch_new(s->listen_fd, G_IO_IN);
    g_source_set_callback(s->listen_src, G_SOURCE_FUNC(tcp_chr_accept), chr,
                          NULL);
    g_source_attach(s->listen_src, chr->gcontext);
}

static int tcp_chr_listen_unix(SocketChardev *s, Error **errp)
{
    struct sockaddr_un su;
    int fd;

    if (!unix_sockaddr(s->path, &su, errp)) {
        return -1;
    }
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Failed to create Unix socket");
        return -1;
    }
    /* QEMU replaces a stale socket file left by an earlier run. */
    if (unlink(s->path) < 0 && errno != ENOENT) {
        error_setg_errno(errp, errno, "Failed to unlink socket %s", s->path);
        close(fd);
        return -1;
    }
    if (bind(fd, (struct sockaddr *)&su, sizeof(su)) < 0) {
        error_setg_errno(errp, errno, "Failed to bind socket to %s", s->path);
        close(fd);
        return -1;
    }
    s->unlink_path = true;
    if (listen(fd, 1) < 0) {
        error_setg_errno(errp, errno, "Failed to listen on socket");
        close(fd);
        return -1;
    }
    return fd;
}

static int tcp_chr_listen_inet(SocketChardev *s, Error **errp)
{
    struct addrinfo *res = tcp_chr_resolve(s, true, errp);
    struct sockaddr_storage ss;
    socklen_t ss_len = sizeof(ss);
    char host[NI_MAXHOST], serv[NI_MAXSERV];
    int saved_errno = EADDRNOTAVAIL;
    int fd = -1;

    if (!res) {
        return -1;
    }
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        int on = 1;

        fd = socket(ai->ai_family,
                    ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                    ai->ai_protocol);
        if (fd < 0) {
            saved_errno = errno;
            continue;
        }
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            break;
        }
        saved_errno = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        error_setg_errno(errp, saved_errno, "Failed to find an available port");
        return -1;
    }
    if (listen(fd, 1) < 0) {
        error_setg_errno(errp, errno, "Failed to listen on socket");
        close(fd);
        return -1;
    }
    /* Port 0 picks a free port: show (and test) the one we got. */
    if (getsockname(fd, (struct sockaddr *)&ss, &ss_len) == 0) {
        sockaddr_numeric(&ss, ss_len, host, sizeof(host), serv, sizeof(serv));
        g_free(s->host);
        g_free(s->port);
        s->host = g_strdup(host);
        s->port = g_strdup(serv);
    }
    return fd;
}

/* Block until a client comes (wait=on at creation, as QEMU). */
static void tcp_chr_accept_server_sync(Chardev *chr)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    info_report("QEMU waiting for connection on: %s", chr->filename);
    while (s->state == TCP_CHARDEV_STATE_DISCONNECTED) {
        struct pollfd pfd = {.fd = s->listen_fd, .events = POLLIN};
        int fd;

        if (poll(&pfd, 1, -1) < 0 && errno != EINTR) {
            return;
        }
        fd = tcp_chr_accept_fd(s);
        if (fd >= 0) {
            tcp_chr_new_client(chr, fd);
        }
    }
}

/* ---- Client ---- */

static void tcp_chr_connect_error(Error **errp, SocketChardev *s, int err)
{
    if (s->is_unix) {
        error_setg_errno(errp, err, "Failed to connect to '%s'", s->path);
    } else {
        error_setg_errno(errp, err, "Failed to connect to '%s:%s'", s->host,
                         s->port);
    }
}

/* Connect now, blocking (QEMU does so for a client without reconnect). */
static int tcp_chr_connect_sync_fd(SocketChardev *s, Error **errp)
{
    int saved_errno = ECONNREFUSED;
    int fd = -1;

    if (s->is_unix) {
        struct sockaddr_un su;

        if (!unix_sockaddr(s->path, &su, errp)) {
            return -1;
        }
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *)&su, sizeof(su)) < 0) {
            saved_errno = errno;
            if (fd >= 0) {
                close(fd);
            }
            tcp_chr_connect_error(errp, s, saved_errno);
            return -1;
        }
    } else {
        struct addrinfo *res = tcp_chr_resolve(s, false, errp);

        if (!res) {
            return -1;
        }
        for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
            fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
                        ai->ai_protocol);
            if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
                break;
            }
            saved_errno = errno;
            if (fd >= 0) {
                close(fd);
            }
            fd = -1;
        }
        freeaddrinfo(res);
        if (fd < 0) {
            tcp_chr_connect_error(errp, s, saved_errno);
            return -1;
        }
    }
    chr_set_nonblock(fd, true);
    return fd;
}

static void tcp_chr_connect_failed(Chardev *chr, int err)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    /* QEMU reports the first failure of a series only. */
    if (!s->connect_err_reported) {
        Error *local_err = NULL;

        tcp_chr_connect_error(&local_err, s, err);
        error_prepend(&local_err, "Unable to connect character device %s: ",
                      chr->label ? chr->label : "");
        error_report_err(local_err);
        s->connect_err_reported = true;
    }
    tcp_chr_start_reconnect_timer(chr);
}

static void tcp_chr_connect_async_next(Chardev *chr, int err);

static gboolean tcp_chr_connect_async_done(void *do_not_use, GIOCondition cond,
                                           void *opaque)
{
    Chardev *chr = opaque;
    SocketChardev *s = SOCKET_CHARDEV(chr);
    int fd = s->connect_fd;
    int err = 0;
    socklen_t len = sizeof(err);

    g_source_unref(s->connect_src);
    s->connect_src = NULL;
    s->connect_fd = -1;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) {
        err = errno;
    }
    if (err) {
        close(fd);
        tcp_chr_connect_async_next(chr, err);
    } else {
        freeaddrinfo(s->ai_list);
        s->ai_list = s->ai_next = NULL;
        tcp_chr_new_client(chr, fd);
    }
    return G_SOURCE_REMOVE;
}

/* Try the next address of the list; err is why the last one failed. */
static void tcp_chr_connect_async_next(Chardev *chr, int err)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    while (s->ai_next) {
        struct addrinfo *ai = s->ai_next;
        int fd;

        s->ai_next = ai->ai_next;
        fd = socket(ai->ai_family,
                    ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                    ai->ai_protocol);
        if (fd < 0) {
            err = errno;
            continue;
        }
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            freeaddrinfo(s->ai_list);
            s->ai_list = s->ai_next = NULL;
            tcp_chr_new_client(chr, fd);
            return;
        }
        if (errno == EINPROGRESS || errno == EINTR) {
            s->connect_fd = fd;
            s->connect_src = chr_fd_watch_new(fd, G_IO_OUT);
            g_source_set_callback(s->connect_src,
                                  G_SOURCE_FUNC(tcp_chr_connect_async_done),
                                  chr, NULL);
            g_source_attach(s->connect_src, chr->gcontext);
            return;
        }
        err = errno;
        close(fd);
    }
    freeaddrinfo(s->ai_list);
    s->ai_list = s->ai_next = NULL;
    tcp_chr_connect_failed(chr, err);
}

/* A background connection attempt (reconnect=). */
static void tcp_chr_connect_async(Chardev *chr)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    if (s->state != TCP_CHARDEV_STATE_DISCONNECTED || s->connect_src) {
        return;
    }
    if (s->is_unix) {
        struct sockaddr_un su;
        int fd;

        if (!unix_sockaddr(s->path, &su, NULL)) {
            tcp_chr_connect_failed(chr, ENAMETOOLONG);
            return;
        }
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            tcp_chr_connect_failed(chr, errno);
            return;
        }
        /* A unix connect completes at once or fails (EAGAIN: backlog). */
        if (connect(fd, (struct sockaddr *)&su, sizeof(su)) < 0) {
            int err = errno;

            close(fd);
            tcp_chr_connect_failed(chr, err);
            return;
        }
        tcp_chr_new_client(chr, fd);
        return;
    }
    /*
     * Name resolution blocks; QEMU does it in a thread.  emu's hosts are
     * numeric or local in practice: resolve here, connect without
     * blocking.
     */
    s->ai_list = tcp_chr_resolve(s, false, NULL);
    s->ai_next = s->ai_list;
    tcp_chr_connect_async_next(chr, EHOSTUNREACH);
}

static gboolean tcp_chr_reconnect_timeout(void *opaque)
{
    Chardev *chr = opaque;
    SocketChardev *s = SOCKET_CHARDEV(chr);

    g_source_unref(s->reconnect_src);
    s->reconnect_src = NULL;
    tcp_chr_connect_async(chr);
    return G_SOURCE_REMOVE;
}

static void tcp_chr_start_reconnect_timer(Chardev *chr)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    if (!s->reconnect_time || s->reconnect_src) {
        return;
    }
    s->reconnect_src =
        chr_timeout_add_ms(chr->gcontext, s->reconnect_time * 1000,
                           tcp_chr_reconnect_timeout, chr);
}

/* ---- ChardevClass methods ---- */

static gboolean tcp_chr_deferred_disconnect(void *opaque)
{
    Chardev *chr = opaque;
    SocketChardev *s = SOCKET_CHARDEV(chr);

    g_source_unref(s->disconnect_src);
    s->disconnect_src = NULL;
    if (s->conn_gen == s->disconnect_gen) {
        tcp_chr_disconnect(chr);
    }
    return G_SOURCE_REMOVE;
}

static int tcp_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);
    ssize_t n;

    if (s->state != TCP_CHARDEV_STATE_CONNECTED) {
        errno = EIO;
        return -1;
    }
    do {
        n = send(s->fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
        /*
         * The peer is gone.  Disconnect from the loop, not from here:
         * the front end is in the middle of a write and must not get
         * CLOSED re-entrantly (chr_write_lock is held).
         */
        int err = errno;

        if (!s->disconnect_src) {
            s->disconnect_gen = s->conn_gen;
            s->disconnect_src =
                chr_idle_add(chr->gcontext, tcp_chr_deferred_disconnect, chr);
        }
        errno = err;
    }
    return n;
}

static GSource *tcp_chr_add_watch(Chardev *chr, GIOCondition cond)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    if (s->state != TCP_CHARDEV_STATE_CONNECTED) {
        return NULL;
    }
    return chr_fd_watch_new(s->fd, cond);
}

static void tcp_chr_update_read_handler(Chardev *chr)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    /* Move the sources to the front end's context. */
    tcp_chr_add_read_source(chr);
    if (s->listen_src) {
        tcp_chr_listen_enable(chr);
    }
}

static void tcp_chr_disconnect_method(Chardev *chr)
{
    tcp_chr_disconnect(chr);
}

static int tcp_chr_wait_connected(Chardev *chr, Error **errp)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    while (s->state != TCP_CHARDEV_STATE_CONNECTED) {
        if (s->state == TCP_CHARDEV_STATE_CONNECTING) {
            /* The telnet offer is on its way: let it go out. */
            struct pollfd pfd = {.fd = s->fd, .events = POLLOUT};

            poll(&pfd, 1, -1);
            if (tcp_chr_telnet_send(s)) {
                chr_source_remove(&s->telnet_src);
                tcp_chr_connect(chr);
            }
            continue;
        }
        if (s->is_listen) {
            tcp_chr_accept_server_sync(chr);
        } else {
            int fd;

            chr_source_remove(&s->connect_src);
            if (s->connect_fd >= 0) {
                close(s->connect_fd);
                s->connect_fd = -1;
            }
            fd = tcp_chr_connect_sync_fd(s, errp);
            if (fd < 0) {
                return -1;
            }
            tcp_chr_new_client(chr, fd);
        }
    }
    return 0;
}

static void tcp_chr_parse(QemuOpts *opts, ChardevBackend *backend, Error **errp)
{
    const char *path = qemu_opt_get(opts, "path");
    const char *host = qemu_opt_get(opts, "host");
    const char *port = qemu_opt_get(opts, "port");
    const char *fd = qemu_opt_get(opts, "fd");
    static const char *const unsupported[] = {
        "tls-creds", "tls-authz", "websocket", "tn3270", "to", "abstract", NULL,
    };

    if ((!!path + !!fd + !!host) > 1) {
        error_setg(errp,
                   "None or one of 'path', 'fd' or 'host' option required.");
        return;
    }
    if (host && !port) {
        error_setg(errp, "chardev: socket: no port given");
        return;
    }
    if (qemu_opt_get(opts, "delay") && qemu_opt_get(opts, "nodelay")) {
        error_setg(errp, "'delay' and 'nodelay' are mutually exclusive");
        return;
    }
    for (int i = 0; unsupported[i]; i++) {
        if (qemu_opt_find(opts, unsupported[i])) {
            error_setg(errp, "chardev: socket: '%s' is not supported by emu",
                       unsupported[i]);
            return;
        }
    }
    backend->server = qemu_opt_get_bool(opts, "server", false);
    /* QEMU's checks of the keys given, before their values are used. */
    if (backend->server && qemu_opt_find(opts, "reconnect")) {
        error_setg(errp, "'reconnect' option is incompatible with socket in "
                         "server listen mode");
        return;
    }
    if (!backend->server && qemu_opt_find(opts, "wait")) {
        error_setg(errp, "'wait' option is incompatible with socket in "
                         "client connect mode");
        return;
    }
    if (!path && !host) {
        /* QEMU reads a missing address as an fd passed by number. */
        error_setg(errp, fd ? "chardev: socket: 'fd' is not supported by emu"
                            : "Unable to parse FD number ");
        return;
    }
    backend->wait = qemu_opt_get_bool(opts, "wait", true);
    backend->nodelay = !qemu_opt_get_bool(opts, "delay", true) ||
                       qemu_opt_get_bool(opts, "nodelay", false);
    backend->telnet = qemu_opt_get_bool(opts, "telnet", false);
    backend->reconnect = qemu_opt_get_number(opts, "reconnect", 0);
    backend->ipv4 = qemu_opt_get_bool(opts, "ipv4", false);
    backend->ipv6 = qemu_opt_get_bool(opts, "ipv6", false);
    backend->path = g_strdup(path);
    backend->host = g_strdup(host);
    backend->port = g_strdup(port);
}

static void tcp_chr_open(Chardev *chr, ChardevBackend *backend, bool *be_opened,
                         Error **errp)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    if (!backend->path && (!backend->host || !backend->port)) {
        error_setg(errp, "chardev: socket: no path or host/port given");
        return;
    }
    if (backend->server && backend->reconnect) {
        error_setg(errp, "'reconnect' option is incompatible with socket in "
                         "server listen mode");
        return;
    }
    if (backend->reconnect < 0) {
        error_setg(errp, "chardev: socket: reconnect must not be negative");
        return;
    }
    s->is_unix = backend->path != NULL;
    s->is_listen = backend->server;
    s->is_telnet = backend->telnet;
    s->do_nodelay = backend->nodelay;
    s->ipv4 = backend->ipv4;
    s->ipv6 = backend->ipv6;
    s->reconnect_time = backend->reconnect;
    s->path = g_strdup(backend->path);
    s->host = g_strdup(backend->host);
    s->port = g_strdup(backend->port);
    if (s->reconnect_time) {
        qemu_chr_set_feature(chr, QEMU_CHAR_FEATURE_RECONNECTABLE);
    }
    qemu_chr_set_feature(chr, QEMU_CHAR_FEATURE_GCONTEXT);

    /* OPENED comes from tcp_chr_connect(), when a peer is there. */
    *be_opened = false;

    if (s->is_listen) {
        s->listen_fd = s->is_unix ? tcp_chr_listen_unix(s, errp)
                                  : tcp_chr_listen_inet(s, errp);
        if (s->listen_fd < 0) {
            return;
        }
        tcp_chr_update_disconnected_filename(chr);
        if (backend->wait) {
            tcp_chr_accept_server_sync(chr);
        } else {
            tcp_chr_listen_enable(chr);
        }
        return;
    }
    tcp_chr_update_disconnected_filename(chr);
    if (s->reconnect_time) {
        tcp_chr_connect_async(chr);
    } else {
        int fd = tcp_chr_connect_sync_fd(s, errp);

        if (fd >= 0) {
            tcp_chr_new_client(chr, fd);
        }
    }
}

static void tcp_chr_init(Object *obj)
{
    SocketChardev *s = SOCKET_CHARDEV(obj);

    s->fd = -1;
    s->listen_fd = -1;
    s->connect_fd = -1;
}

static void tcp_chr_finalize(Object *obj)
{
    SocketChardev *s = SOCKET_CHARDEV(obj);
    Chardev *chr = CHARDEV(obj);

    tcp_chr_free_connection(chr);
    chr_source_remove(&s->listen_src);
    chr_source_remove(&s->reconnect_src);
    chr_source_remove(&s->connect_src);
    if (s->connect_fd >= 0) {
        close(s->connect_fd);
    }
    if (s->ai_list) {
        freeaddrinfo(s->ai_list);
    }
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
        /* As QEMU's listener cleanup: the socket file goes with it. */
        if (s->unlink_path) {
            unlink(s->path);
        }
    }
    g_free(s->path);
    g_free(s->host);
    g_free(s->port);
}

static void tcp_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->parse = tcp_chr_parse;
    cc->open = tcp_chr_open;
    cc->chr_write = tcp_chr_write;
    cc->chr_add_watch = tcp_chr_add_watch;
    cc->chr_update_read_handler = tcp_chr_update_read_handler;
    cc->chr_disconnect = tcp_chr_disconnect_method;
    cc->chr_wait_connected = tcp_chr_wait_connected;
}

static const TypeInfo tcp_chr_type_info = {
    .name = TYPE_CHARDEV_SOCKET,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(SocketChardev),
    .instance_init = tcp_chr_init,
    .instance_finalize = tcp_chr_finalize,
    .class_init = tcp_chr_class_init,
};

void chardev_register_socket_types(void)
{
    type_register_static(&tcp_chr_type_info);
}
