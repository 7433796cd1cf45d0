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

    SSLContextRef ctx = new_client(fd, socket_read, socket_write);
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

    char reply[64] = {0};
    read_exactly(ctx, reply, strlen(line));
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
