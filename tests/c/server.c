/* A Mac-style TLS server: identity from a PKCS#12 file (SecPKCS12Import), one connection
 * accepted on 127.0.0.1, each line received answered as "echo: <line>" until the client
 * closes. With a CA argument it requires a client certificate and judges it itself
 * (kSSLSessionOptionBreakOnClientAuth, SecTrustSetAnchorCertificates, SecTrustEvaluate).
 * usage: server <identity.p12> <password> [client-ca.der]
 * Prints "PORT <n>" once listening, "OK <SSLProtocol> <cipher suite> <lines>" at the end. */
#include "common.h"

/* Judges the client's chain against our own CA, as Mac servers do after the break. */
static void judge_client(SSLContextRef ctx, CFArrayRef anchors) {
    SecTrustRef trust = NULL;
    CHECK(SSLCopyPeerTrust(ctx, &trust));
    REQUIRE(trust != NULL, "no client certificate to judge");
    CHECK(SecTrustSetAnchorCertificates(trust, anchors));
    CHECK(SecTrustSetAnchorCertificatesOnly(trust, true));
    SecTrustResultType result = kSecTrustResultInvalid;
    CHECK(SecTrustEvaluate(trust, &result));
    REQUIRE(result == kSecTrustResultUnspecified || result == kSecTrustResultProceed,
            "client not trusted: result %u", (unsigned)result);
    CFRelease(trust);
}

int main(int argc, char **argv) {
    REQUIRE(argc == 3 || argc == 4, "usage: %s identity.p12 password [client-ca.der]", argv[0]);
    CFArrayRef identity = copy_identity_from_pkcs12(argv[1], argv[2]);
    CFArrayRef client_anchors = argc == 4 ? copy_certificate_array(argv[3]) : NULL;

    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    socklen_t addr_len = sizeof addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(listener, (struct sockaddr *)&addr, sizeof addr) == 0, "bind");
    REQUIRE(listen(listener, 1) == 0, "listen");
    REQUIRE(getsockname(listener, (struct sockaddr *)&addr, &addr_len) == 0, "getsockname");
    printf("PORT %d\n", (int)ntohs(addr.sin_port));
    fflush(stdout);
    int fd = accept(listener, NULL, NULL);
    REQUIRE(fd >= 0, "accept: %s", strerror(errno));
    close(listener);

    SSLContextRef ctx = SSLCreateContext(kCFAllocatorDefault, kSSLServerSide, kSSLStreamType);
    REQUIRE(ctx != NULL, "SSLCreateContext");
    CHECK(SSLSetIOFuncs(ctx, socket_read, socket_write));
    CHECK(SSLSetConnection(ctx, (SSLConnectionRef)(intptr_t)fd));
    CHECK(SSLSetProtocolVersionMax(ctx, kTLSProtocol13)); /* TLS 1.2 by default, as on a Mac */
    CHECK(SSLSetCertificate(ctx, identity));
    CFArrayRef kept = NULL;
    CHECK(SSLGetCertificate(ctx, &kept)); /* the context's reference, not ours */
    REQUIRE(kept == identity, "SSLGetCertificate %p, set %p", (void *)kept, (void *)identity);
    CFRelease(identity);
    if (client_anchors) {
        CHECK(SSLSetClientSideAuthenticate(ctx, kAlwaysAuthenticate));
        CHECK(SSLSetSessionOption(ctx, kSSLSessionOptionBreakOnClientAuth, true));
    }

    OSStatus status = handshake(ctx);
    if (client_anchors) {
        REQUIRE(status == errSSLClientAuthCompleted, "handshake: %d, not the break", (int)status);
        judge_client(ctx, client_anchors);
        CFRelease(client_anchors);
        SSLClientCertificateState cert_state;
        CHECK(SSLGetClientCertificateState(ctx, &cert_state));
        REQUIRE(cert_state == kSSLClientCertSent, "client certificate state %d", (int)cert_state);
        status = handshake(ctx);
    }
    CHECK(status);
    /* Asked while the session is active: afterwards Apple answers errSecBadReq. */
    SSLProtocol negotiated;
    SSLCipherSuite cipher;
    CHECK(SSLGetNegotiatedProtocolVersion(ctx, &negotiated));
    CHECK(SSLGetNegotiatedCipher(ctx, &cipher));

    /* Echo line by line until the client says close_notify. */
    char line[4096];
    size_t have = 0, processed = 0;
    int lines = 0;
    for (;;) {
        status = SSLRead(ctx, line + have, sizeof line - have, &processed);
        have += processed;
        char *end;
        while ((end = memchr(line, '\n', have)) != NULL) {
            size_t length = (size_t)(end - line) + 1;
            char reply[4200];
            int n = snprintf(reply, sizeof reply, "echo: %.*s", (int)length, line);
            CHECK(SSLWrite(ctx, reply, (size_t)n, &processed));
            memmove(line, line + length, have - length);
            have -= length;
            lines++;
        }
        if (status == errSSLClosedGraceful || status == errSSLClosedNoNotify) break;
        CHECK(status);
        REQUIRE(have < sizeof line, "line too long");
    }

    SSLClose(ctx);
    CFRelease(ctx);
    close(fd);
    printf("OK %d 0x%04x %d\n", (int)negotiated, (unsigned)cipher, lines);
    return 0;
}
