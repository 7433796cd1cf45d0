/* Public key pinning as Mac clients do it: after the handshake, the server's key from
 * SSLCopyPeerTrust + SecTrustCopyKey, its SecKeyCopyExternalRepresentation (PKCS#1 for
 * RSA, X9.63 for EC) compared with the pinned bytes the caller computed on its own.
 * usage: key_pinning <port> <ca.der> <pinned key, hex>
 * Prints "PINNED <key type> <bits> <block size>" or "NOT PINNED". */
#include "common.h"

/* The bytes of a hex string, in a CFData. */
static CFDataRef copy_hex(const char *hex) {
    size_t length = strlen(hex) / 2;
    UInt8 *bytes = malloc(length ? length : 1);
    REQUIRE(bytes != NULL, "malloc");
    for (size_t i = 0; i < length; i++) {
        unsigned byte;
        REQUIRE(sscanf(hex + 2 * i, "%2x", &byte) == 1, "not hex: %s", hex);
        bytes[i] = (UInt8)byte;
    }
    CFDataRef data = CFDataCreate(kCFAllocatorDefault, bytes, (CFIndex)length);
    free(bytes);
    return data;
}

int main(int argc, char **argv) {
    REQUIRE(argc == 4, "usage: %s port ca.der pinned-key-hex", argv[0]);
    int fd = connect_loopback(atoi(argv[1]));
    CFArrayRef anchors = copy_certificate_array(argv[2]);
    SSLContextRef ctx = new_client(fd, socket_read, socket_write);
    CHECK(SSLSetTrustedRoots(ctx, anchors, true));
    CFRelease(anchors);
    CHECK(handshake(ctx));

    SecTrustRef trust = NULL;
    CHECK(SSLCopyPeerTrust(ctx, &trust));
    SecKeyRef key = SecTrustCopyKey(trust);
    SecKeyRef same = SecTrustCopyPublicKey(trust);
    REQUIRE(key != NULL && same != NULL && CFEqual(key, same), "no key in the trust");
    CFErrorRef error = NULL;
    CFDataRef external = SecKeyCopyExternalRepresentation(key, &error);
    REQUIRE(external != NULL && error == NULL, "no external representation");
    CFDataRef pinned = copy_hex(argv[3]);

    CFDictionaryRef attributes = SecKeyCopyAttributes(key);
    CFStringRef type = (CFStringRef)CFDictionaryGetValue(attributes, kSecAttrKeyType);
    CFNumberRef size = (CFNumberRef)CFDictionaryGetValue(attributes, kSecAttrKeySizeInBits);
    long bits = 0;
    REQUIRE(CFNumberGetValue(size, kCFNumberLongType, &bits), "no size");
    if (CFEqual(external, pinned))
        printf("PINNED %s %ld %zu\n", CFEqual(type, kSecAttrKeyTypeRSA) ? "RSA" : "EC", bits,
               SecKeyGetBlockSize(key));
    else
        printf("NOT PINNED\n");

    CFRelease(attributes);
    CFRelease(pinned);
    CFRelease(external);
    CFRelease(same);
    CFRelease(key);
    CFRelease(trust);
    CHECK(SSLClose(ctx));
    CFRelease(ctx);
    close(fd);
    return 0;
}
