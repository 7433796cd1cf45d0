/* A client that proves who it is: its identity comes from a PKCS#12 file
 * (SecPKCS12Import) and goes to SSLSetCertificate, for a server that requires a client
 * certificate (`openssl s_server -Verify 1 -rev`).
 * usage: client_identity <port> <ca.der> <identity.p12> <password>
 * Prints "OK <SSLClientCertificateState> <reply>". */
#include "common.h"

int main(int argc, char **argv) {
    REQUIRE(argc == 5, "usage: %s port ca.der identity.p12 password", argv[0]);
    int fd = connect_loopback(atoi(argv[1]));
    CFArrayRef anchors = copy_certificate_array(argv[2]);
    CFArrayRef identity = copy_identity_from_pkcs12(argv[3], argv[4]);

    SSLContextRef ctx = new_client(fd, socket_read, socket_write);
    CHECK(SSLSetProtocolVersionMax(ctx, kTLSProtocol13)); /* TLS 1.2 by default, as on a Mac */
    CHECK(SSLSetTrustedRoots(ctx, anchors, true));
    CHECK(SSLSetCertificate(ctx, identity));
    CFRelease(anchors);
    CFRelease(identity);

    CHECK(handshake(ctx));
    size_t processed = 0;
    CHECK(SSLWrite(ctx, "me\n", 3, &processed));
    char reply[8] = {0};
    read_exactly(ctx, reply, 3);
    reply[2] = '\0';
    SSLClientCertificateState state;
    CHECK(SSLGetClientCertificateState(ctx, &state));
    CHECK(SSLClose(ctx));
    CFRelease(ctx);
    close(fd);
    printf("OK %d %s\n", (int)state, reply);
    return 0;
}
