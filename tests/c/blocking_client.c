/* A Mac-style blocking TLS client: Secure Transport over a TCP socket, talking to
 * `openssl s_server -rev`, trusting only the given CA (SSLSetTrustedRoots).
 * usage: blocking_client <port> <ca.der> <version: 10|11|12|13>
 * Sends a line, expects it back reversed, prints "OK <SSLProtocol> <cipher suite>". */
#include "common.h"

int main(int argc, char **argv) {
    REQUIRE(argc == 4, "usage: %s port ca.der version", argv[0]);
    int version = atoi(argv[3]);
    SSLProtocol protocol = version == 10 ? kTLSProtocol1 : version == 11 ? kTLSProtocol11
                         : version == 12 ? kTLSProtocol12 : kTLSProtocol13;
    int fd = connect_loopback(atoi(argv[1]));
    CFArrayRef anchors = copy_certificate_array(argv[2]);

    SSLContextRef ctx = SSLCreateContext(kCFAllocatorDefault, kSSLClientSide, kSSLStreamType);
    REQUIRE(ctx != NULL, "SSLCreateContext");
    CHECK(SSLSetIOFuncs(ctx, socket_read, socket_write));
    CHECK(SSLSetConnection(ctx, (SSLConnectionRef)(intptr_t)fd));
    CHECK(SSLSetPeerDomainName(ctx, "localhost", strlen("localhost")));
    CHECK(SSLSetProtocolVersionMin(ctx, protocol));
    CHECK(SSLSetProtocolVersionMax(ctx, protocol));
    CHECK(SSLSetTrustedRoots(ctx, anchors, true));
    CFRelease(anchors);

    CHECK(handshake(ctx));
    SSLSessionState state;
    CHECK(SSLGetSessionState(ctx, &state));
    REQUIRE(state == kSSLConnected, "state %d", (int)state);

    const char *line = "hello from C\n";
    size_t processed = 0;
    CHECK(SSLWrite(ctx, line, strlen(line), &processed));
    REQUIRE(processed == strlen(line), "wrote %zu", processed);

    /* SSLRead may return less than asked: collect the whole reply. */
    char reply[64] = {0};
    size_t have = 0;
    while (have < strlen(line)) {
        CHECK(SSLRead(ctx, reply + have, sizeof reply - 1 - have, &processed));
        have += processed;
    }
    REQUIRE(strcmp(reply, "C morf olleh\n") == 0, "reply '%s'", reply);

    SSLProtocol negotiated;
    SSLCipherSuite cipher;
    CHECK(SSLGetNegotiatedProtocolVersion(ctx, &negotiated));
    CHECK(SSLGetNegotiatedCipher(ctx, &cipher));
    CHECK(SSLClose(ctx));
    CHECK(SSLGetSessionState(ctx, &state));
    REQUIRE(state == kSSLClosed, "state after close %d", (int)state);
    CFRelease(ctx);
    close(fd);
    printf("OK %d 0x%04x\n", (int)negotiated, (unsigned)cipher);
    return 0;
}
