/* A chain judged the Mac way: SecPolicyCreateSSL, SecTrustCreateWithCertificates with the
 * certificates in hand, the caller's anchor (or the system's roots), then what the trust
 * reports: the built chain, the result, and SecTrustEvaluateWithError's error.
 * usage: trust_policy <anchor.der | system:roots.pem> <server|client> <host|-> <leaf.der> [<intermediate.der>...]
 * With system:roots.pem the anchors are the system's, which SSL_CERT_FILE names.
 * Prints, one per line: "COUNT <n>" (SecTrustGetCertificateCount before any explicit
 * evaluation), "RESULT <SecTrustResultType>", "CODE <CFErrorGetCode or 0>",
 * "DESCRIPTION <CFErrorCopyDescription or ->", "CHAIN <subject summaries, |-separated>". */
#include "common.h"

static void print_text(const char *label, CFStringRef text) {
    char buffer[512] = "-";
    if (text) {
        REQUIRE(CFStringGetCString(text, buffer, sizeof buffer, kCFStringEncodingUTF8), "text");
    }
    printf("%s %s\n", label, buffer);
}

int main(int argc, char **argv) {
    REQUIRE(argc >= 5, "usage: %s anchor side host leaf [intermediates]", argv[0]);
    const char *system_roots = strncmp(argv[1], "system:", 7) == 0 ? argv[1] + 7 : NULL;
    if (system_roots) {
        REQUIRE(setenv("SSL_CERT_FILE", system_roots, 1) == 0, "setenv");
    }
    CFMutableArrayRef certificates = CFArrayCreateMutable(NULL, 0, &kCFTypeArrayCallBacks);
    for (int i = 4; i < argc; i++) {
        CFArrayRef one = copy_certificate_array(argv[i]);
        CFArrayAppendValue(certificates, CFArrayGetValueAtIndex(one, 0));
        CFRelease(one);
    }
    CFStringRef host = NULL;
    if (strcmp(argv[3], "-") != 0) {
        host = CFStringCreateWithCString(NULL, argv[3], kCFStringEncodingUTF8);
    }
    SecPolicyRef policy = SecPolicyCreateSSL(strcmp(argv[2], "server") == 0, host);
    SecTrustRef trust = NULL;
    CHECK(SecTrustCreateWithCertificates(certificates, policy, &trust));
    if (!system_roots) {
        CFArrayRef anchors = copy_certificate_array(argv[1]);
        CHECK(SecTrustSetAnchorCertificates(trust, anchors));
        CFRelease(anchors);
    }

    /* Counting evaluates, as on Apple; the leaf at index 0 is the one given. */
    CFIndex count = SecTrustGetCertificateCount(trust);
    printf("COUNT %ld\n", (long)count);
    REQUIRE(SecTrustGetCertificateAtIndex(trust, 0) == CFArrayGetValueAtIndex(certificates, 0),
            "index 0 is not the leaf given");
    SecTrustResultType result = kSecTrustResultInvalid;
    CHECK(SecTrustGetTrustResult(trust, &result));
    printf("RESULT %u\n", (unsigned)result);

    CFErrorRef error = NULL;
    bool trusted = SecTrustEvaluateWithError(trust, &error);
    REQUIRE(trusted == (error == NULL), "trusted %d with error %p", trusted, (void *)error);
    printf("CODE %ld\n", error ? (long)CFErrorGetCode(error) : 0L);
    CFStringRef description = error ? CFErrorCopyDescription(error) : NULL;
    print_text("DESCRIPTION", description);

    CFArrayRef chain = SecTrustCopyCertificateChain(trust);
    REQUIRE(CFArrayGetCount(chain) == count, "chain of %ld", (long)CFArrayGetCount(chain));
    printf("CHAIN ");
    for (CFIndex i = 0; i < count; i++) {
        SecCertificateRef certificate = (SecCertificateRef)CFArrayGetValueAtIndex(chain, i);
        REQUIRE(CFEqual(certificate, SecTrustGetCertificateAtIndex(trust, i)), "index %ld", (long)i);
        CFStringRef summary = SecCertificateCopySubjectSummary(certificate);
        char buffer[256] = "";
        CFStringGetCString(summary, buffer, sizeof buffer, kCFStringEncodingUTF8);
        printf("%s%s", i ? "|" : "", buffer);
        CFRelease(summary);
    }
    printf("\n");
    REQUIRE(SecTrustGetCertificateAtIndex(trust, count) == NULL, "past the chain");

    CFRelease(chain);
    if (description) CFRelease(description);
    if (error) CFRelease(error);
    CFRelease(trust);
    CFRelease(policy);
    if (host) CFRelease(host);
    CFRelease(certificates);
    return 0;
}
