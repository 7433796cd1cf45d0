/* A Mac client meets a server whose certificate its trust settings refuse: SSLHandshake
 * says only errSSLXCertChainInvalid, and the client asks the peer's trust why.
 * usage: untrusted_server <port> <anchor.der>
 * Prints "HANDSHAKE <status>", "STATE <SSLSessionState>", "RESULT <SecTrustResultType>"
 * (as the handshake left it), "CODE <CFErrorGetCode>" and "DESCRIPTION <CFErrorCopyDescription>"
 * of SecTrustEvaluateWithError. */
#include "common.h"

int main(int argc, char **argv) {
    REQUIRE(argc == 3, "usage: %s port anchor.der", argv[0]);
    int fd = connect_loopback(atoi(argv[1]));
    CFArrayRef anchors = copy_certificate_array(argv[2]);
    SSLContextRef ctx = new_client(fd, socket_read, socket_write);
    CHECK(SSLSetTrustedRoots(ctx, anchors, true));
    CFRelease(anchors);

    printf("HANDSHAKE %d\n", (int)handshake(ctx));
    SSLSessionState state;
    CHECK(SSLGetSessionState(ctx, &state));
    printf("STATE %d\n", (int)state);

    SecTrustRef trust = NULL;
    CHECK(SSLCopyPeerTrust(ctx, &trust));
    REQUIRE(trust != NULL, "no trust for the server's chain");
    SecTrustResultType result = kSecTrustResultInvalid;
    CHECK(SecTrustGetTrustResult(trust, &result));
    printf("RESULT %u\n", (unsigned)result);
    CFErrorRef error = NULL;
    REQUIRE(!SecTrustEvaluateWithError(trust, &error) && error != NULL, "trusted");
    printf("CODE %ld\n", (long)CFErrorGetCode(error));
    CFStringRef description = CFErrorCopyDescription(error);
    char text[512] = "";
    CFStringGetCString(description, text, sizeof text, kCFStringEncodingUTF8);
    printf("DESCRIPTION %s\n", text);

    CFRelease(description);
    CFRelease(error);
    CFRelease(trust);
    CFRelease(ctx);
    close(fd);
    return 0;
}
