/* Mac code that leaves the protocol versions alone: Secure Transport never negotiates
 * TLS 1.3 unless asked, so a default client speaks TLS 1.2 even to a server offering 1.3,
 * and a server that rejects the client (no certificate) fails SSLHandshake itself rather
 * than a later SSLRead, as TLS 1.3's late client authentication would have it.
 * usage: default_versions <port> <ca.der> <port of a server requiring a certificate>
 * Prints "OK <negotiated SSLProtocol> <second handshake's status>". */
#include "common.h"

/* A client left at its defaults, trusting only the given CA. */
static SSLContextRef default_client(int fd, CFArrayRef anchors) {
    SSLContextRef ctx = new_client(fd, socket_read, socket_write);
    CHECK(SSLSetTrustedRoots(ctx, anchors, true));
    SSLProtocol min, max;
    CHECK(SSLGetProtocolVersionMin(ctx, &min));
    CHECK(SSLGetProtocolVersionMax(ctx, &max));
    REQUIRE(min == kTLSProtocol12 && max == kTLSProtocol12, "default range %d..%d", (int)min,
            (int)max);
    return ctx;
}

int main(int argc, char **argv) {
    REQUIRE(argc == 4, "usage: %s port ca.der port-requiring-a-certificate", argv[0]);
    CFArrayRef anchors = copy_certificate_array(argv[2]);

    int fd = connect_loopback(atoi(argv[1]));
    SSLContextRef ctx = default_client(fd, anchors);
    CHECK(handshake(ctx));
    SSLProtocol negotiated;
    CHECK(SSLGetNegotiatedProtocolVersion(ctx, &negotiated));
    const char *line = "defaults\n";
    size_t processed = 0;
    CHECK(SSLWrite(ctx, line, strlen(line), &processed));
    char reply[16] = {0};
    read_exactly(ctx, reply, strlen(line));
    REQUIRE(strcmp(reply, "stluafed\n") == 0, "reply '%s'", reply);
    CHECK(SSLClose(ctx));
    CFRelease(ctx);
    close(fd);

    fd = connect_loopback(atoi(argv[3]));
    ctx = default_client(fd, anchors);
    OSStatus refused = handshake(ctx);
    CFRelease(ctx);
    close(fd);
    CFRelease(anchors);
    printf("OK %d %d\n", (int)negotiated, (int)refused);
    return 0;
}
