/* The Mac way to trust a private CA: kSSLSessionOptionBreakOnServerAuth, then at
 * errSSLServerAuthCompleted copy the peer's trust, give it our anchors, SecTrustEvaluate it
 * ourselves, and either resume the handshake or close.
 * usage: custom_anchors_client <port> <anchor.der>
 * Against `openssl s_server -rev`: prints "TRUSTED <reply>" after a round trip, or
 * "REJECTED <SecTrustResultType>" after closing the connection unfinished. */
#include "common.h"

int main(int argc, char **argv) {
    REQUIRE(argc == 3, "usage: %s port anchor.der", argv[0]);
    int fd = connect_loopback(atoi(argv[1]));
    CFArrayRef anchors = copy_certificate_array(argv[2]);

    SSLContextRef ctx = new_client(fd, socket_read, socket_write);
    CHECK(SSLSetProtocolVersionMax(ctx, kTLSProtocol13)); /* TLS 1.2 by default, as on a Mac */
    CHECK(SSLSetSessionOption(ctx, kSSLSessionOptionBreakOnServerAuth, true));

    OSStatus status = handshake(ctx);
    REQUIRE(status == errSSLServerAuthCompleted, "handshake: %d, not the break", (int)status);
    SSLSessionState state;
    CHECK(SSLGetSessionState(ctx, &state));
    REQUIRE(state == kSSLHandshake, "state at the break %d", (int)state);

    SecTrustRef trust = NULL;
    CHECK(SSLCopyPeerTrust(ctx, &trust));
    REQUIRE(trust != NULL && CFGetTypeID(trust) == SecTrustGetTypeID(), "no trust object");
    /* The SPI getter hands out the same object, the context keeping the reference. */
    SecTrustRef kept = NULL;
    CHECK(SSLGetPeerSecTrust(ctx, &kept));
    REQUIRE(kept == trust, "SSLGetPeerSecTrust %p, SSLCopyPeerTrust %p", (void *)kept, (void *)trust);
    REQUIRE(SecTrustGetCertificateCount(trust) >= 1, "empty chain");
    SecCertificateRef leaf = SecTrustGetCertificateAtIndex(trust, 0);
    CFStringRef summary = SecCertificateCopySubjectSummary(leaf);
    char subject[256] = "";
    if (summary) {
        CFStringGetCString(summary, subject, sizeof subject, kCFStringEncodingUTF8);
        CFRelease(summary);
    }
    REQUIRE(strcmp(subject, "localhost") == 0, "leaf subject '%s'", subject);

    CHECK(SecTrustSetAnchorCertificates(trust, anchors));
    CFRelease(anchors);
    SecTrustResultType result = kSecTrustResultInvalid;
    CHECK(SecTrustEvaluate(trust, &result));
    CFRelease(trust);

    if (result != kSecTrustResultUnspecified && result != kSecTrustResultProceed) {
        /* Not ours: end the session where it stands. */
        CHECK(SSLClose(ctx));
        CFRelease(ctx);
        close(fd);
        printf("REJECTED %u\n", (unsigned)result);
        return 0;
    }

    CHECK(handshake(ctx));
    size_t processed = 0;
    CHECK(SSLWrite(ctx, "anchored\n", 9, &processed));
    char reply[16] = {0};
    read_exactly(ctx, reply, 9);
    reply[8] = '\0';
    CHECK(SSLClose(ctx));
    CFRelease(ctx);
    close(fd);
    printf("TRUSTED %s\n", reply);
    return 0;
}
