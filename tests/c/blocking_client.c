/* A Mac-style blocking TLS client: Secure Transport over a TCP socket, talking to
 * `openssl s_server -rev`. Only Apple's API is used.
 * usage: blocking_client <port> <ca.der> <version: 10|11|12|13>
 * Sends a line, expects it back reversed, prints "OK <protocol> <cipher>". */
#include <Security/Security.h>
#include <Security/SecureTransport.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define CHECK(call)                                                              \
    do {                                                                         \
        OSStatus status_ = (call);                                               \
        if (status_ != noErr) {                                                  \
            fprintf(stderr, "%s:%d: %s -> %d\n", __FILE__, __LINE__, #call,      \
                    (int)status_);                                               \
            exit(1);                                                             \
        }                                                                        \
    } while (0)

/* The classic blocking callbacks: move all bytes or report why not. */
static OSStatus socket_read(SSLConnectionRef connection, void *data, size_t *length) {
    int fd = (int)(intptr_t)connection;
    size_t wanted = *length, got = 0;
    while (got < wanted) {
        ssize_t n = recv(fd, (char *)data + got, wanted - got, 0);
        if (n == 0) { *length = got; return errSSLClosedNoNotify; }
        if (n < 0) {
            if (errno == EINTR) continue;
            *length = got;
            return errSecIO;
        }
        got += (size_t)n;
    }
    *length = got;
    return noErr;
}

static OSStatus socket_write(SSLConnectionRef connection, const void *data, size_t *length) {
    int fd = (int)(intptr_t)connection;
    size_t wanted = *length, sent = 0;
    while (sent < wanted) {
        ssize_t n = send(fd, (const char *)data + sent, wanted - sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            *length = sent;
            return errSecIO;
        }
        sent += (size_t)n;
    }
    *length = sent;
    return noErr;
}

static CFDataRef read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    UInt8 buf[16384];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return CFDataCreate(kCFAllocatorDefault, buf, (CFIndex)n);
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: %s port ca.der version\n", argv[0]); return 2; }
    int port = atoi(argv[1]);
    int version = atoi(argv[3]);
    SSLProtocol protocol = version == 10 ? kTLSProtocol1 : version == 11 ? kTLSProtocol11
                         : version == 12 ? kTLSProtocol12 : kTLSProtocol13;

    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) { perror("connect"); return 1; }

    CFDataRef ca_data = read_file(argv[2]);
    SecCertificateRef ca = SecCertificateCreateWithData(kCFAllocatorDefault, ca_data);
    CFRelease(ca_data);
    if (!ca) { fprintf(stderr, "bad CA certificate\n"); return 1; }
    CFArrayRef anchors = CFArrayCreate(kCFAllocatorDefault, (const void **)&ca, 1, &kCFTypeArrayCallBacks);
    CFRelease(ca);

    SSLContextRef ctx = SSLCreateContext(kCFAllocatorDefault, kSSLClientSide, kSSLStreamType);
    if (!ctx) { fprintf(stderr, "SSLCreateContext failed\n"); return 1; }
    CHECK(SSLSetIOFuncs(ctx, socket_read, socket_write));
    CHECK(SSLSetConnection(ctx, (SSLConnectionRef)(intptr_t)fd));
    CHECK(SSLSetPeerDomainName(ctx, "localhost", strlen("localhost")));
    CHECK(SSLSetProtocolVersionMin(ctx, protocol));
    CHECK(SSLSetProtocolVersionMax(ctx, protocol));
    CHECK(SSLSetTrustedRoots(ctx, anchors, true));
    CFRelease(anchors);

    OSStatus status;
    do {
        status = SSLHandshake(ctx);
    } while (status == errSSLWouldBlock);
    CHECK(status);

    SSLSessionState state;
    CHECK(SSLGetSessionState(ctx, &state));
    if (state != kSSLConnected) { fprintf(stderr, "state %d\n", (int)state); return 1; }

    const char *line = "hello from C\n";
    size_t processed = 0;
    CHECK(SSLWrite(ctx, line, strlen(line), &processed));
    if (processed != strlen(line)) { fprintf(stderr, "wrote %zu\n", processed); return 1; }

    char reply[64] = {0};
    size_t have = 0;
    while (have < strlen(line)) {
        CHECK(SSLRead(ctx, reply + have, sizeof reply - 1 - have, &processed));
        have += processed;
    }
    if (strcmp(reply, "C morf olleh\n") != 0) { fprintf(stderr, "reply '%s'\n", reply); return 1; }

    SSLProtocol negotiated;
    SSLCipherSuite cipher;
    CHECK(SSLGetNegotiatedProtocolVersion(ctx, &negotiated));
    CHECK(SSLGetNegotiatedCipher(ctx, &cipher));
    CHECK(SSLClose(ctx));
    CHECK(SSLGetSessionState(ctx, &state));
    if (state != kSSLClosed) { fprintf(stderr, "state after close %d\n", (int)state); return 1; }
    CFRelease(ctx);
    close(fd);
    printf("OK %d 0x%04x\n", (int)negotiated, (unsigned)cipher);
    return 0;
}
