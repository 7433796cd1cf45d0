/* TLS client code the way curl's Secure Transport backend (lib/vtls/sectransp.c) writes
 * it, unchanged for Linux: it picks its macOS path from TargetConditionals.h and
 * AvailabilityMacros.h, reads the Darwin version with sysctl(kern.osrelease), loads its CA
 * file through CFURL, offers ALPN from a mutable CFArray, checks the server's chain itself
 * at the server-auth break, reads the chosen protocol with CFStringCompare, the subject
 * as curl's CopyCertSubject does, and hashes the leaf with CommonCrypto.
 * usage: sectransp_usage <port> <ca.der>
 * Prints "DARWIN <major>.<minor>", "SUBJECT <summary>", "ALPN <protocol>", "LEAF-SHA256
 * <hex>", "REPLY <text>" and "LABEL <text>". */
#include <TargetConditionals.h>
#include <AvailabilityMacros.h>

/* sectransp.c's platform selection, word for word in spirit. */
#if (TARGET_OS_MAC && !(TARGET_OS_EMBEDDED || TARGET_OS_IPHONE))
#  if MAC_OS_X_VERSION_MAX_ALLOWED < 1050
#    error "The Secure Transport back-end requires Leopard or later."
#  endif
#  define CURL_BUILD_IOS 0
#  define CURL_BUILD_MAC 1
#  define CURL_BUILD_MAC_10_5 MAC_OS_X_VERSION_MAX_ALLOWED >= 1050
#  define CURL_BUILD_MAC_10_6 MAC_OS_X_VERSION_MAX_ALLOWED >= 1060
#  define CURL_BUILD_MAC_10_7 MAC_OS_X_VERSION_MAX_ALLOWED >= 1070
#  define CURL_BUILD_MAC_10_8 MAC_OS_X_VERSION_MAX_ALLOWED >= 1080
#  define CURL_BUILD_MAC_10_9 MAC_OS_X_VERSION_MAX_ALLOWED >= 1090
#  define CURL_BUILD_MAC_10_11 MAC_OS_X_VERSION_MAX_ALLOWED >= 101100
#  define CURL_BUILD_MAC_10_13 MAC_OS_X_VERSION_MAX_ALLOWED >= 101300
#  define CURL_SUPPORT_MAC_10_5 MAC_OS_X_VERSION_MIN_REQUIRED <= 1050
#  define CURL_SUPPORT_MAC_10_8 MAC_OS_X_VERSION_MIN_REQUIRED <= 1080
#elif TARGET_OS_EMBEDDED || TARGET_OS_IPHONE
#  error "an iOS build: the macOS path was not taken"
#else
#  error "The Secure Transport back-end requires iOS or macOS."
#endif

#if !(CURL_BUILD_MAC_10_13) || (CURL_SUPPORT_MAC_10_8) || !defined(__MAC_OS_X_VERSION_MIN_REQUIRED)
#  error "not a 10.15 build"
#endif

#include <CoreFoundation/CoreFoundation.h>
#include <Security/Security.h>
#include <Security/SecureTransport.h>
#include <CommonCrypto/CommonDigest.h>

#if CURL_BUILD_MAC
#  include <sys/sysctl.h>
#endif

#include "common.h"

/* sectransp.c's GetDarwinVersionNumber. */
static void darwin_version(int *major, int *minor) {
    int mib[2];
    char *os_version;
    size_t os_version_len;
    char *os_version_major, *os_version_minor;
    char *tok_buf;

    mib[0] = CTL_KERN;
    mib[1] = KERN_OSRELEASE;
    REQUIRE(sysctl(mib, 2, NULL, &os_version_len, NULL, 0) != -1, "sysctl length: %s", strerror(errno));
    os_version = malloc(os_version_len * sizeof(char));
    REQUIRE(os_version != NULL, "malloc");
    REQUIRE(sysctl(mib, 2, os_version, &os_version_len, NULL, 0) != -1, "sysctl: %s", strerror(errno));
    os_version_major = strtok_r(os_version, ".", &tok_buf);
    os_version_minor = strtok_r(NULL, ".", &tok_buf);
    *major = atoi(os_version_major);
    *minor = atoi(os_version_minor);
    free(os_version);
}

/* sectransp.c's CopyCertSubject: the summary as a C string, however CF hands it out. */
static char *copy_cert_subject(SecCertificateRef cert) {
    CFStringRef c = SecCertificateCopySubjectSummary(cert);
    const char *direct;
    char *cbuf = NULL;
    REQUIRE(c != NULL, "no subject summary");
    direct = CFStringGetCStringPtr(c, kCFStringEncodingUTF8);
    if (direct) {
        cbuf = strdup(direct);
    } else {
        size_t cbuf_size = ((size_t)CFStringGetLength(c) * 4) + 1;
        cbuf = calloc(cbuf_size, 1);
        REQUIRE(cbuf && CFStringGetCString(c, cbuf, (CFIndex)cbuf_size, kCFStringEncodingUTF8), "CFStringGetCString");
    }
    /* The other way curl sizes it. */
    CFIndex max = CFStringGetMaximumSizeForEncoding(CFStringGetLength(c), kCFStringEncodingUTF8);
    REQUIRE(max >= (CFIndex)strlen(cbuf), "CFStringGetMaximumSizeForEncoding %ld", (long)max);
    CFRelease(c);
    return cbuf;
}

/* The CA file, read as curl reads a PKCS#12 file: through a file URL. */
static CFArrayRef copy_ca(const char *path) {
    CFURLRef url = CFURLCreateFromFileSystemRepresentation(NULL, (const unsigned char *)path,
                                                           (CFIndex)strlen(path), false);
    CFDataRef der = NULL;
    SInt32 status = 0;
    REQUIRE(url != NULL, "CFURL of %s", path);
    REQUIRE(CFURLCreateDataAndPropertiesFromResource(NULL, url, &der, NULL, NULL, &status),
            "read %s: %d", path, (int)status);
    CFRelease(url);
    SecCertificateRef ca = SecCertificateCreateWithData(NULL, der);
    CFRelease(der);
    REQUIRE(ca != NULL, "%s: not DER", path);
    CFMutableArrayRef anchors = CFArrayCreateMutable(kCFAllocatorDefault, 0, &kCFTypeArrayCallBacks);
    CFArrayAppendValue(anchors, ca);
    CFRelease(ca);
    return anchors;
}

int main(int argc, char **argv) {
    REQUIRE(argc == 3, "usage: %s port ca.der", argv[0]);
    int major = 0, minor = 0;
    darwin_version(&major, &minor);
    printf("DARWIN %d.%d\n", major, minor);
    /* curl enables TLS 1.1/1.2 on Darwin 13 and later. */
    REQUIRE(major >= 13, "too old a Darwin for curl's TLS 1.2 path");

    int fd = connect_loopback(atoi(argv[1]));
    SSLContextRef ctx = new_client(fd, socket_read, socket_write);
    CHECK(SSLSetProtocolVersionMin(ctx, kTLSProtocol12));
    CHECK(SSLSetProtocolVersionMax(ctx, kTLSProtocol12));
    CHECK(SSLSetSessionOption(ctx, kSSLSessionOptionBreakOnServerAuth, true));

    /* ALPN, as sectransp_connect_step1 builds it. */
    CFMutableArrayRef alpn = CFArrayCreateMutable(NULL, 0, &kCFTypeArrayCallBacks);
    CFArrayAppendValue(alpn, CFSTR("h2"));
    CFArrayAppendValue(alpn, CFSTR("http/1.1"));
    CHECK(SSLSetALPNProtocols(ctx, alpn));
    CFRelease(alpn);

    /* The server's chain, checked at the break against the CA file (verify_cert). */
    OSStatus status = handshake(ctx);
    REQUIRE(status == errSSLServerAuthCompleted, "handshake: %d, not the break", (int)status);
    SecTrustRef trust = NULL;
    CHECK(SSLCopyPeerTrust(ctx, &trust));
    CFArrayRef anchors = copy_ca(argv[2]);
    CHECK(SecTrustSetAnchorCertificates(trust, anchors));
    CHECK(SecTrustSetAnchorCertificatesOnly(trust, true));
    CFRelease(anchors);
    SecTrustResultType result = kSecTrustResultInvalid;
    CHECK(SecTrustEvaluate(trust, &result));
    REQUIRE(result == kSecTrustResultUnspecified, "trust result %u", (unsigned)result);
    CHECK(handshake(ctx));

    SecCertificateRef leaf = SecTrustGetCertificateAtIndex(trust, 0);
    char *subject = copy_cert_subject(leaf);
    printf("SUBJECT %s\n", subject);
    free(subject);

    /* The chosen protocol, as sectransp_connect_step2 reads it. */
    CFArrayRef chosen_list = NULL;
    CFStringRef chosen = NULL;
    status = SSLCopyALPNProtocols(ctx, &chosen_list);
    if (status == noErr && chosen_list && CFArrayGetCount(chosen_list) >= 1)
        chosen = CFArrayGetValueAtIndex(chosen_list, 0);
    if (chosen && !CFStringCompare(chosen, CFSTR("h2"), 0))
        printf("ALPN h2\n");
    else if (chosen && !CFStringCompare(chosen, CFSTR("http/1.1"), 0))
        printf("ALPN http/1.1\n");
    else
        printf("ALPN none\n");
    if (chosen_list) CFRelease(chosen_list);

    /* The leaf's SHA-256, as the pinned-key code hashes. */
    CFDataRef der = SecCertificateCopyData(leaf);
    unsigned char digest[CC_SHA256_DIGEST_LENGTH];
    CC_SHA256(CFDataGetBytePtr(der), (CC_LONG)CFDataGetLength(der), digest);
    CFRelease(der);
    printf("LEAF-SHA256 ");
    for (int i = 0; i < CC_SHA256_DIGEST_LENGTH; i++) printf("%02x", digest[i]);
    printf("\n");
    CFRelease(trust);

    /* A round trip with s_server -rev, and a log label made with CFStringCreateWithFormat. */
    size_t processed = 0;
    CHECK(SSLWrite(ctx, "curl\n", 5, &processed));
    char reply[8] = { 0 };
    read_exactly(ctx, reply, 5);
    reply[4] = '\0';
    printf("REPLY %s\n", reply);
    CFStringRef label = CFStringCreateWithFormat(NULL, NULL, CFSTR("%s:%d via %@ (Darwin %d)"),
                                                 "localhost", atoi(argv[1]), CFSTR("SecureTransport"), major);
    char text[128];
    REQUIRE(CFStringGetCString(label, text, sizeof text, kCFStringEncodingUTF8), "label");
    CFRelease(label);
    printf("LABEL %s\n", text);

    CHECK(SSLClose(ctx));
    CFRelease(ctx);
    close(fd);
    return 0;
}
