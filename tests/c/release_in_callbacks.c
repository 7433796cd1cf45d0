/* An object released from inside its own callbacks goes when the call that ran the callback
 * returns. First CF containers, from the caller's retain and equal callbacks; then, mostly,
 * a context released from inside its own I/O callbacks — CFRelease(ctx) or
 * SSLDisposeContext(ctx) from the read or the write callback, while SSLHandshake, SSLRead,
 * SSLWrite or SSLClose runs on it. The release gives up the caller's reference; the call in
 * progress holds the context until it returns, so it goes on unharmed and returns exactly
 * what it returns when nobody releases anything (each case runs both ways and compares).
 * Then the context is gone: its reference is stale (errSecParam), and under valgrind
 * nothing was read after it was freed and nothing leaked.
 *
 * The two ends talk through in-memory queues, the client trusting the server's CA:
 * usage: release_in_callbacks <server.p12> <password> <ca.der>
 * Prints one line per case and "checked <n> cases, <f> failures"; exits 1 on any failure. */
#include "common.h"

enum callback { IN_READ, IN_WRITE };
enum release { BY_CFRELEASE, BY_DISPOSE, NOT_RELEASED };

/* One direction of the connection. */
typedef struct {
    unsigned char bytes[1 << 16];
    size_t length;
} Queue;

/* One end: the queue it reads from, the one it writes to, whether its writes block. */
typedef struct {
    Queue *in, *out;
    int writes_blocked;
    int is_client;
} End;

/* What the client's callbacks do once: release the client from inside the call. */
static struct {
    int armed, fired;
    enum callback in;
    enum release how;
    SSLContextRef ctx;
    OSStatus status; /* of SSLDisposeContext inside the callback */
} trap;

static void spring(const End *end, enum callback in) {
    if (!end->is_client || !trap.armed || trap.in != in)
        return;
    trap.armed = 0;
    trap.fired = 1;
    if (trap.how == BY_DISPOSE) {
        trap.status = SSLDisposeContext(trap.ctx);
    } else {
        CFRelease(trap.ctx);
        trap.status = noErr;
    }
}

/* After springing the trap, each callback does its job as usual. */
static OSStatus queue_read(SSLConnectionRef connection, void *data, size_t *length) {
    End *end = (End *)connection;
    spring(end, IN_READ);
    size_t wanted = *length;
    size_t n = wanted < end->in->length ? wanted : end->in->length;
    memcpy(data, end->in->bytes, n);
    memmove(end->in->bytes, end->in->bytes + n, end->in->length - n);
    end->in->length -= n;
    *length = n;
    return n < wanted ? errSSLWouldBlock : noErr;
}

static OSStatus queue_write(SSLConnectionRef connection, const void *data, size_t *length) {
    End *end = (End *)connection;
    if (end->writes_blocked) {
        *length = 0;
        return errSSLWouldBlock;
    }
    spring(end, IN_WRITE);
    REQUIRE(end->out->length + *length <= sizeof end->out->bytes, "queue full");
    memcpy(end->out->bytes + end->out->length, data, *length);
    end->out->length += *length;
    return noErr;
}

/* The server's identity and the client's anchors, made once. */
static CFArrayRef identity, anchors;

/* A client and a server over two fresh queues. */
typedef struct {
    Queue to_server, to_client;
    End client_end, server_end;
    SSLContextRef client, server;
} Pair;

static void pair_start(Pair *pair) {
    memset(pair, 0, sizeof *pair);
    pair->client_end = (End){ &pair->to_client, &pair->to_server, 0, 1 };
    pair->server_end = (End){ &pair->to_server, &pair->to_client, 0, 0 };

    pair->client = SSLCreateContext(NULL, kSSLClientSide, kSSLStreamType);
    REQUIRE(pair->client != NULL, "SSLCreateContext");
    CHECK(SSLSetIOFuncs(pair->client, queue_read, queue_write));
    CHECK(SSLSetConnection(pair->client, &pair->client_end));
    CHECK(SSLSetPeerDomainName(pair->client, "localhost", strlen("localhost")));
    CHECK(SSLSetTrustedRoots(pair->client, anchors, true));
    CHECK(SSLSetProtocolVersionMax(pair->client, kTLSProtocol13)); /* TLS 1.2 by default */

    pair->server = SSLCreateContext(NULL, kSSLServerSide, kSSLStreamType);
    REQUIRE(pair->server != NULL, "SSLCreateContext");
    CHECK(SSLSetIOFuncs(pair->server, queue_read, queue_write));
    CHECK(SSLSetConnection(pair->server, &pair->server_end));
    CHECK(SSLSetCertificate(pair->server, identity));
    CHECK(SSLSetProtocolVersionMax(pair->server, kTLSProtocol13));
}

/* Steps the server's handshake until it waits for the client. */
static void server_step(Pair *pair) {
    OSStatus status = SSLHandshake(pair->server);
    REQUIRE(status == noErr || status == errSSLWouldBlock, "server handshake -> %d",
            (int)status);
}

/* Both handshakes to their end. */
static void pair_connect(Pair *pair) {
    OSStatus client = errSSLWouldBlock, server = errSSLWouldBlock;
    for (int round = 0; round < 50 && (client != noErr || server != noErr); round++) {
        if (client != noErr) client = SSLHandshake(pair->client);
        if (server != noErr) server = SSLHandshake(pair->server);
        REQUIRE(client == noErr || client == errSSLWouldBlock, "client handshake -> %d",
                (int)client);
        REQUIRE(server == noErr || server == errSSLWouldBlock, "server handshake -> %d",
                (int)server);
    }
    REQUIRE(client == noErr && server == noErr, "the handshakes did not finish");
}

/* The calls under test, each after the set-up that makes it reach the callback. */
enum phase { HANDSHAKE, READ, WRITE, CLOSE };

static const char *phase_name(enum phase phase) {
    static const char *names[] = { "SSLHandshake", "SSLRead", "SSLWrite", "SSLClose" };
    return names[phase];
}

/* Brings the pair to where `phase` on the client calls the `in` callback. */
static void prepare(Pair *pair, enum phase phase, enum callback in) {
    size_t n = 0;
    switch (phase) {
    case HANDSHAKE:
        /* The first SSLHandshake writes the ClientHello, then reads (nothing yet). */
        break;
    case READ:
        pair_connect(pair);
        if (in == IN_READ) {
            /* The server's bytes wait in the client's queue. */
            CHECK(SSLWrite(pair->server, "from server", 11, &n));
        } else {
            /* A write that could not go out waits in the client's write queue; the next
             * SSLRead flushes it first. */
            pair->client_end.writes_blocked = 1;
            REQUIRE(SSLWrite(pair->client, "queued", 6, &n) == errSSLWouldBlock,
                    "SSLWrite with writes blocked");
            pair->client_end.writes_blocked = 0;
        }
        break;
    case WRITE:
        if (in == IN_READ) {
            /* Mid-handshake, SSLWrite first finishes the handshake: it reads the server's
             * flight. */
            REQUIRE(SSLHandshake(pair->client) == errSSLWouldBlock, "first client flight");
            server_step(pair);
        } else {
            pair_connect(pair);
        }
        break;
    case CLOSE:
        /* SSLClose writes close_notify; it never reads, so only the write callback. */
        pair_connect(pair);
        break;
    }
}

static OSStatus call(Pair *pair, enum phase phase) {
    char buffer[64];
    size_t n = 0;
    switch (phase) {
    case HANDSHAKE: return SSLHandshake(pair->client);
    case READ: return SSLRead(pair->client, buffer, sizeof buffer, &n);
    case WRITE: return SSLWrite(pair->client, "from client", 11, &n);
    case CLOSE: return SSLClose(pair->client);
    }
    return errSecParam;
}

static int cases, failures;

#define CASE_REQUIRE(condition, ...)                                             \
    do {                                                                         \
        if (!(condition)) {                                                      \
            failures++;                                                          \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                          \
            printf(__VA_ARGS__);                                                 \
            putchar('\n');                                                       \
        }                                                                        \
    } while (0)

/* Runs `phase` with the client released from its `in` callback (or, with NOT_RELEASED,
 * not at all); returns the call's status. */
static OSStatus run(enum phase phase, enum callback in, enum release how) {
    Pair pair;
    pair_start(&pair);
    prepare(&pair, phase, in);
    trap.armed = how != NOT_RELEASED;
    trap.fired = 0;
    trap.in = in;
    trap.how = how;
    trap.ctx = pair.client;
    trap.status = errSecParam;
    OSStatus status = call(&pair, phase);
    trap.armed = 0;

    SSLSessionState state;
    if (how == NOT_RELEASED) {
        CFRelease(pair.client);
    } else {
        CASE_REQUIRE(trap.fired, "%s: the callback was never called", phase_name(phase));
        CASE_REQUIRE(trap.status == noErr, "SSLDisposeContext in the callback -> %d",
                     (int)trap.status);
        /* The call returned: the context went with its last reference. */
        CASE_REQUIRE(CFGetTypeID(pair.client) == 0, "the released context still has a type");
        CASE_REQUIRE(SSLGetSessionState(pair.client, &state) == errSecParam,
                     "the released context still answers");
    }
    SSLClose(pair.server);
    CFRelease(pair.server);
    return status;
}

/* The containers' callbacks: each releases its container the first time it runs. */
static CFTypeRef container_to_release;
static int retains, releases;

static void release_container(void) {
    CFTypeRef container = container_to_release;
    container_to_release = NULL;
    if (container) CFRelease(container);
}

static const void *releasing_retain(CFAllocatorRef allocator, const void *value) {
    (void)allocator;
    retains++;
    release_container();
    return value;
}

static void counting_release(CFAllocatorRef allocator, const void *value) {
    (void)allocator;
    (void)value;
    releases++;
}

static Boolean releasing_equal(const void *a, const void *b) {
    release_container();
    return a == b;
}

/* CFArrayAppendValue whose retain callback releases the array, CFDictionaryGetValue whose
 * equal callback releases the dictionary: the call completes (the value goes in, the value
 * is found), then the container goes, releasing what it held. */
static void containers_released_from_their_callbacks(void) {
    static int element, key, value;
    CFArrayCallBacks array_callbacks = { 0, releasing_retain, counting_release, NULL, NULL };
    CFMutableArrayRef array = CFArrayCreateMutable(NULL, 0, &array_callbacks);
    container_to_release = array;
    CFArrayAppendValue(array, &element);
    cases++;
    CASE_REQUIRE(retains == 1 && releases == 1,
                 "the array's value: %d retained, %d released", retains, releases);
    CASE_REQUIRE(CFGetTypeID(array) == 0, "the released array still has a type");
    printf("CFArrayAppendValue, CFRelease in the retain callback: appended, then freed\n");

    const void *keys[] = { &key }, *values[] = { &value };
    CFDictionaryKeyCallBacks key_callbacks = { 0, NULL, NULL, NULL, releasing_equal, NULL };
    CFDictionaryRef dictionary =
        CFDictionaryCreate(NULL, keys, values, 1, &key_callbacks, NULL);
    container_to_release = dictionary;
    cases++;
    int other = 0;
    CASE_REQUIRE(CFDictionaryGetValue(dictionary, &other) == NULL, "a key that is not there");
    CASE_REQUIRE(CFGetTypeID(dictionary) == 0, "the released dictionary still has a type");
    printf("CFDictionaryGetValue, CFRelease in the equal callback: looked up, then freed\n");
}

/* What each call returns, released or not, and why. */
static const struct {
    enum phase phase;
    enum callback in;
    OSStatus expected;
    const char *why;
} table[] = {
    { HANDSHAKE, IN_WRITE, errSSLWouldBlock, "the ClientHello went out, no answer yet" },
    { HANDSHAKE, IN_READ, errSSLWouldBlock, "nothing to read yet" },
    { READ, IN_READ, noErr, "the server's bytes were there" },
    { READ, IN_WRITE, errSSLWouldBlock, "the queued write went out, nothing to read" },
    { WRITE, IN_READ, noErr, "the handshake finished, then the write went out" },
    { WRITE, IN_WRITE, noErr, "the write went out" },
    { CLOSE, IN_WRITE, noErr, "close_notify went out" },
};

int main(int argc, char **argv) {
    REQUIRE(argc == 4, "usage: %s <server.p12> <password> <ca.der>", argv[0]);
    containers_released_from_their_callbacks();
    identity = copy_identity_from_pkcs12(argv[1], argv[2]);
    anchors = copy_certificate_array(argv[3]);

    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        enum phase phase = table[i].phase;
        enum callback in = table[i].in;
        OSStatus unreleased = run(phase, in, NOT_RELEASED);
        CASE_REQUIRE(unreleased == table[i].expected, "%s: %d unreleased, expected %d",
                     phase_name(phase), (int)unreleased, (int)table[i].expected);
        static const char *hows[] = { "CFRelease", "SSLDisposeContext" };
        for (enum release how = BY_CFRELEASE; how <= BY_DISPOSE; how++) {
            cases++;
            OSStatus released = run(phase, in, how);
            CASE_REQUIRE(released == unreleased, "%s, %s in the %s callback: %d, not %d",
                         phase_name(phase), hows[how], in == IN_READ ? "read" : "write",
                         (int)released, (int)unreleased);
            printf("%s, %s in the %s callback: %d (%s)\n", phase_name(phase), hows[how],
                   in == IN_READ ? "read" : "write", (int)released, table[i].why);
        }
    }
    CFRelease(identity);
    CFRelease(anchors);
    printf("checked %d cases, %d failures\n", cases, failures);
    return failures == 0 ? 0 : 1;
}
