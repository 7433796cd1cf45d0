/* Apple's I/O contract as Mac code meets it (issue 14), client and server in one process
 * over a socketpair, each read callback returning what the socket has:
 *  - a read callback that returns errSSLWouldBlock with bytes (or without setting
 *    *dataLength): the call returns errSSLWouldBlock, the bytes count as read and the next
 *    call parses them (SSLRecordInternal.c: `amountRead += len`);
 *  - SSLClose in any state once the version is agreed, a break in the handshake included,
 *    sends close_notify (coreTLS tls_handshake_close): the peer sees errSSLClosedGraceful;
 *  - kSSLSessionOptionSendOneByteRecord on TLS 1.0 with a CBC suite: from the second write
 *    on, a 1-byte record then the rest, both in one write callback call (tls_record.c).
 * usage: io_contract <server.p12> <password> <ca.der>
 * Prints one line per check and "checked <n> checks, <f> failures"; exits 1 on a failure. */
#include "common.h"

#include <sys/socket.h>

/* What a read callback does on its next call. */
enum read_mode {
    READ_NORMALLY,
    /* Reads what the socket has, returns errSSLWouldBlock with it. */
    WOULD_BLOCK_WITH_BYTES,
    /* Fills the buffer with plain text, returns errSSLWouldBlock, leaves *dataLength. */
    WOULD_BLOCK_LEAVING_LENGTH,
};

#define MAX_WRITES 16

/* One end of the socketpair, and what its write callback saw. */
typedef struct {
    int fd;
    enum read_mode read_mode;
    int writes;
    size_t write_length[MAX_WRITES];
    unsigned char write_bytes[MAX_WRITES][1024];
} End;

static OSStatus end_read(SSLConnectionRef connection, void *data, size_t *length) {
    End *end = (End *)connection;
    if (end->read_mode == WOULD_BLOCK_LEAVING_LENGTH) {
        static const char text[] = "HTTP/1.1 200 OK\r\n";
        end->read_mode = READ_NORMALLY;
        memset(data, ' ', *length);
        memcpy(data, text, *length < sizeof text - 1 ? *length : sizeof text - 1);
        return errSSLWouldBlock;
    }
    size_t wanted = *length, got = 0;
    while (got < wanted) {
        ssize_t n = recv(end->fd, (char *)data + got, wanted - got, MSG_DONTWAIT);
        if (n == 0) { *length = got; return errSSLClosedGraceful; }
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            *length = got;
            return errSecIO;
        }
        got += (size_t)n;
    }
    *length = got;
    if (end->read_mode == WOULD_BLOCK_WITH_BYTES && got > 0) {
        end->read_mode = READ_NORMALLY;
        return errSSLWouldBlock;
    }
    return got < wanted ? errSSLWouldBlock : noErr;
}

static OSStatus end_write(SSLConnectionRef connection, const void *data, size_t *length) {
    End *end = (End *)connection;
    if (end->writes < MAX_WRITES && *length <= sizeof end->write_bytes[0]) {
        memcpy(end->write_bytes[end->writes], data, *length);
        end->write_length[end->writes] = *length;
    }
    end->writes++;
    return socket_write((SSLConnectionRef)(intptr_t)end->fd, data, length);
}

static CFArrayRef identity, anchors;
static int checks, failures;

#define EXPECT(condition, ...)                                                   \
    do {                                                                         \
        if (!(condition)) {                                                      \
            printf("  line %d: ", __LINE__);                                     \
            printf(__VA_ARGS__);                                                 \
            printf("\n");                                                        \
            return 0;                                                            \
        }                                                                        \
    } while (0)

typedef struct {
    End client_end, server_end;
    SSLContextRef client, server;
} Pair;

/* A client trusting the server's CA and a server with its identity, over a socketpair,
 * each allowed `min` to `max`. */
static void pair_open(Pair *pair, SSLProtocol min, SSLProtocol max) {
    int fds[2];
    REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0, "socketpair: %s", strerror(errno));
    memset(pair, 0, sizeof *pair);
    pair->client_end.fd = fds[0];
    pair->server_end.fd = fds[1];
    pair->client = SSLCreateContext(NULL, kSSLClientSide, kSSLStreamType);
    pair->server = SSLCreateContext(NULL, kSSLServerSide, kSSLStreamType);
    REQUIRE(pair->client != NULL && pair->server != NULL, "SSLCreateContext");
    CHECK(SSLSetIOFuncs(pair->client, end_read, end_write));
    CHECK(SSLSetConnection(pair->client, &pair->client_end));
    CHECK(SSLSetPeerDomainName(pair->client, "localhost", strlen("localhost")));
    CHECK(SSLSetTrustedRoots(pair->client, anchors, true));
    CHECK(SSLSetIOFuncs(pair->server, end_read, end_write));
    CHECK(SSLSetConnection(pair->server, &pair->server_end));
    CHECK(SSLSetCertificate(pair->server, identity));
    SSLContextRef both[] = { pair->client, pair->server };
    for (int i = 0; i < 2; i++) {
        CHECK(SSLSetProtocolVersionMin(both[i], min));
        CHECK(SSLSetProtocolVersionMax(both[i], max));
    }
}

static void pair_close(Pair *pair) {
    CFRelease(pair->client);
    CFRelease(pair->server);
    close(pair->client_end.fd);
    close(pair->server_end.fd);
}

/* Both handshakes to their end; 0 if either fails. */
static int pair_connect(Pair *pair) {
    OSStatus client = errSSLWouldBlock, server = errSSLWouldBlock;
    for (int round = 0; round < 100 && (client != noErr || server != noErr); round++) {
        if (client != noErr) client = SSLHandshake(pair->client);
        if (server != noErr) server = SSLHandshake(pair->server);
        if ((client != noErr && client != errSSLWouldBlock) ||
            (server != noErr && server != errSSLWouldBlock)) {
            printf("  handshake: client %d, server %d\n", (int)client, (int)server);
            return 0;
        }
    }
    return client == noErr && server == noErr;
}

/* Reads `length` bytes with SSLRead, calling again after errSSLWouldBlock (bounded). */
static int read_all(SSLContextRef ctx, char *buf, size_t length) {
    size_t have = 0;
    for (int calls = 0; calls < 100 && have < length; calls++) {
        size_t processed = 0;
        OSStatus status = SSLRead(ctx, buf + have, length - have, &processed);
        have += processed;
        if (status != noErr && status != errSSLWouldBlock) {
            printf("  SSLRead -> %d\n", (int)status);
            return 0;
        }
    }
    return have == length;
}

/* A read callback's errSSLWouldBlock with the 5 bytes of a record header: SSLRead returns
 * errSSLWouldBlock with nothing, the next SSLRead the record. */
static int would_block_with_bytes(void) {
    Pair pair;
    pair_open(&pair, kTLSProtocol12, kTLSProtocol12);
    EXPECT(pair_connect(&pair), "no handshake");
    size_t n = 0;
    EXPECT(SSLWrite(pair.server, "hello", 5, &n) == noErr && n == 5, "SSLWrite");
    pair.client_end.read_mode = WOULD_BLOCK_WITH_BYTES;
    char buf[64];
    OSStatus status = SSLRead(pair.client, buf, sizeof buf, &n);
    EXPECT(status == errSSLWouldBlock && n == 0, "first SSLRead -> %d with %zu bytes",
           (int)status, n);
    status = SSLRead(pair.client, buf, sizeof buf, &n);
    EXPECT(status == noErr && n == 5 && memcmp(buf, "hello", 5) == 0,
           "second SSLRead -> %d with %zu bytes", (int)status, n);
    pair_close(&pair);
    return 1;
}

/* A read callback's errSSLWouldBlock that leaves *dataLength as asked, over plain text in
 * the buffer: SSLHandshake returns errSSLWouldBlock, the next call parses the text and
 * finds a record header announcing too much (as Apple's record layer does). */
static int would_block_leaving_length(void) {
    Pair pair;
    pair_open(&pair, kTLSProtocol12, kTLSProtocol12);
    EXPECT(SSLHandshake(pair.client) == errSSLWouldBlock, "ClientHello");
    EXPECT(SSLHandshake(pair.server) == errSSLWouldBlock, "server flight");
    pair.client_end.read_mode = WOULD_BLOCK_LEAVING_LENGTH;
    OSStatus status = SSLHandshake(pair.client);
    EXPECT(status == errSSLWouldBlock, "first SSLHandshake -> %d", (int)status);
    status = SSLHandshake(pair.client);
    EXPECT(status == errSSLRecordOverflow, "second SSLHandshake -> %d", (int)status);
    pair_close(&pair);
    return 1;
}

/* Where SSLClose is called. */
enum close_point { AT_CLIENT_HELLO_BREAK, AT_SERVER_AUTH_BREAK, SERVER_WAITING, IDLE };

static const char *point_name(enum close_point point) {
    static const char *names[] = { "the server at errSSLClientHelloReceived",
                                   "the client at errSSLServerAuthCompleted",
                                   "the server waiting for the client's flight",
                                   "a server before any handshake" };
    return names[point];
}

/* SSLClose at `point`, then the closing side's socket closes: the peer's next SSLHandshake
 * reads the close_notify (errSSLClosedGraceful) before the end of the stream. */
static int close_mid_handshake(enum close_point point, SSLProtocol max) {
    Pair pair;
    pair_open(&pair, kTLSProtocol12, max);
    SSLContextRef closing = pair.server, peer = pair.client;
    End *closing_end = &pair.server_end;
    OSStatus status;
    switch (point) {
    case AT_CLIENT_HELLO_BREAK:
        CHECK(SSLSetSessionOption(pair.server, kSSLSessionOptionBreakOnClientHello, true));
        EXPECT(SSLHandshake(pair.client) == errSSLWouldBlock, "ClientHello");
        status = SSLHandshake(pair.server);
        EXPECT(status == errSSLClientHelloReceived, "server -> %d", (int)status);
        break;
    case AT_SERVER_AUTH_BREAK:
        closing = pair.client;
        peer = pair.server;
        closing_end = &pair.client_end;
        CHECK(SSLSetSessionOption(pair.client, kSSLSessionOptionBreakOnServerAuth, true));
        EXPECT(SSLHandshake(pair.client) == errSSLWouldBlock, "ClientHello");
        EXPECT(SSLHandshake(pair.server) == errSSLWouldBlock, "server flight");
        status = SSLHandshake(pair.client);
        EXPECT(status == errSSLServerAuthCompleted, "client -> %d", (int)status);
        break;
    case SERVER_WAITING:
        EXPECT(SSLHandshake(pair.client) == errSSLWouldBlock, "ClientHello");
        EXPECT(SSLHandshake(pair.server) == errSSLWouldBlock, "server flight");
        break;
    case IDLE:
        break;
    }
    int writes = closing_end->writes;
    EXPECT(SSLClose(closing) == noErr, "SSLClose");
    SSLSessionState state;
    CHECK(SSLGetSessionState(closing, &state));
    EXPECT(state == kSSLClosed, "state %d after SSLClose", (int)state);
    if (point == IDLE) {
        /* coreTLS sends nothing before a version is agreed. */
        EXPECT(closing_end->writes == writes, "SSLClose wrote before any handshake");
        pair_close(&pair);
        return 1;
    }
    EXPECT(closing_end->writes == writes + 1, "%d writes", closing_end->writes - writes);
    const unsigned char *alert = closing_end->write_bytes[writes];
    EXPECT(closing_end->write_length[writes] == 7 && alert[0] == 21 && alert[5] == 1 &&
               alert[6] == 0,
           "not a warning close_notify in the clear");
    shutdown(closing_end->fd, SHUT_WR);
    status = errSSLWouldBlock;
    for (int calls = 0; calls < 10 && status == errSSLWouldBlock; calls++)
        status = SSLHandshake(peer);
    EXPECT(status == errSSLClosedGraceful, "the peer's SSLHandshake -> %d", (int)status);
    /* The peer answers with its own close_notify (coreTLS: SSLProcessAlert calls
     * tls_handshake_close) where it can: a server that sent only clear text. A client before
     * the ServerHello knows no version, one that sent its Finished protects its records. */
    unsigned char sent[4096];
    ssize_t n = recv(closing_end->fd, sent, sizeof sent, MSG_DONTWAIT);
    size_t at = 0, last = 0;
    while (n > 0 && at + 5 <= (size_t)n) {
        last = at;
        at += 5 + (((size_t)sent[at + 3] << 8) | sent[at + 4]);
    }
    int answered = n > 0 && at == (size_t)n && at - last == 7 && sent[last] == 21 &&
                   sent[last + 5] == 1 && sent[last + 6] == 0;
    EXPECT(answered == (point == AT_SERVER_AUTH_BREAK), "the peer %s",
           answered ? "answered" : "did not answer");
    pair_close(&pair);
    return 1;
}

/* The records of one write callback call: their body lengths, 0 when not whole records. */
static int record_bodies(const End *end, int call, size_t *bodies, int max) {
    const unsigned char *bytes = end->write_bytes[call];
    size_t length = end->write_length[call], at = 0;
    int count = 0;
    while (at + 5 <= length && count < max) {
        size_t body = ((size_t)bytes[at + 3] << 8) | bytes[at + 4];
        if (bytes[at] != 23) return 0;
        bodies[count++] = body;
        at += 5 + body;
    }
    return at == length ? count : 0;
}

/* TLS 1.0 with TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: each SSLWrite reaches the write callback
 * in one call; with kSSLSessionOptionSendOneByteRecord every write after the first one of
 * more than a byte is a 1-byte record and the rest; without, one record. */
static int one_byte_records(Boolean split) {
    Pair pair;
    pair_open(&pair, kTLSProtocol1, kTLSProtocol1);
    SSLCipherSuite suite = TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA;
    CHECK(SSLSetEnabledCiphers(pair.client, &suite, 1));
    CHECK(SSLSetSessionOption(pair.client, kSSLSessionOptionSendOneByteRecord, split));
    EXPECT(pair_connect(&pair), "no handshake");
    SSLCipherSuite negotiated = 0;
    CHECK(SSLGetNegotiatedCipher(pair.client, &negotiated));
    EXPECT(negotiated == suite, "negotiated %#x", (unsigned)negotiated);
    char message[100], got[100];
    for (size_t i = 0; i < sizeof message; i++) message[i] = (char)('a' + i % 26);
    /* Plain text sizes; whether each write is split. */
    struct { size_t size; int splits; } writes[] = {
        { 100, 0 }, { 1, 0 }, { 100, split }, { 100, split }, { 20, split },
    };
    size_t one_byte_body = 0;
    for (size_t w = 0; w < sizeof writes / sizeof writes[0]; w++) {
        int call = pair.client_end.writes;
        size_t n = 0, size = writes[w].size;
        EXPECT(SSLWrite(pair.client, message, size, &n) == noErr && n == size, "SSLWrite");
        EXPECT(pair.client_end.writes == call + 1, "write %zu: %d write callback calls", w,
               pair.client_end.writes - call);
        size_t bodies[4];
        int records = record_bodies(&pair.client_end, call, bodies, 4);
        EXPECT(records == 1 + writes[w].splits, "write %zu of %zu bytes: %d records", w, size,
               records);
        /* The 1-byte write came first: each split's first record is as long as its one. */
        if (size == 1) one_byte_body = bodies[0];
        if (writes[w].splits)
            EXPECT(bodies[0] == one_byte_body && bodies[1] > one_byte_body,
                   "write %zu: records of %zu and %zu", w, bodies[0], bodies[1]);
        EXPECT(read_all(pair.server, got, size) && memcmp(got, message, size) == 0,
               "write %zu arrived otherwise", w);
    }
    pair_close(&pair);
    return 1;
}

static void run(const char *name, int passed) {
    checks++;
    if (!passed) failures++;
    printf("%s: %s\n", passed ? "ok" : "FAILED", name);
}

int main(int argc, char **argv) {
    REQUIRE(argc == 4, "usage: %s server.p12 password ca.der", argv[0]);
    identity = copy_identity_from_pkcs12(argv[1], argv[2]);
    anchors = copy_certificate_array(argv[3]);

    run("read callback: errSSLWouldBlock with bytes", would_block_with_bytes());
    run("read callback: errSSLWouldBlock leaving *dataLength", would_block_leaving_length());
    char name[128];
    for (enum close_point point = AT_CLIENT_HELLO_BREAK; point <= IDLE; point++) {
        SSLProtocol maxima[] = { kTLSProtocol12, kTLSProtocol13 };
        for (int m = 0; m < 2; m++) {
            /* TLS 1.3 leaves no clear-text moment after the ServerHello. */
            if (maxima[m] == kTLSProtocol13 && point != AT_CLIENT_HELLO_BREAK && point != IDLE)
                continue;
            snprintf(name, sizeof name, "SSLClose by %s, up to %s", point_name(point),
                     maxima[m] == kTLSProtocol12 ? "TLS 1.2" : "TLS 1.3");
            run(name, close_mid_handshake(point, maxima[m]));
        }
    }
    run("TLS 1.0 CBC with kSSLSessionOptionSendOneByteRecord", one_byte_records(true));
    run("TLS 1.0 CBC without kSSLSessionOptionSendOneByteRecord", one_byte_records(false));

    CFRelease(identity);
    CFRelease(anchors);
    printf("checked %d checks, %d failures\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
