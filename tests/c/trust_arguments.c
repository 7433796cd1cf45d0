/* SecTrust's argument rules, as in Apple's SecTrust.c, on a real chain.
 * usage: trust_arguments <leaf.der> <ca.der> <ca.pem>
 * The CA is made a "system" root through SSL_CERT_FILE, so that resetting the anchors to
 * the system's (NULL) can be told apart from "no anchors at all" (an empty array).
 * Prints "OK" when every rule holds. */
#include "common.h"

static SecTrustResultType evaluate(SecTrustRef trust) {
    SecTrustResultType result = kSecTrustResultInvalid;
    CHECK(SecTrustEvaluate(trust, &result));
    return result;
}

int main(int argc, char **argv) {
    REQUIRE(argc == 4, "usage: %s leaf.der ca.der ca.pem", argv[0]);
    REQUIRE(setenv("SSL_CERT_FILE", argv[3], 1) == 0, "setenv");
    CFArrayRef leaf = copy_certificate_array(argv[1]);
    CFArrayRef ca = copy_certificate_array(argv[2]);
    CFArrayRef empty = CFArrayCreate(NULL, NULL, 0, &kCFTypeArrayCallBacks);
    CFStringRef host = CFStringCreateWithCString(NULL, "localhost", kCFStringEncodingUTF8);
    SecPolicyRef ssl = SecPolicyCreateSSL(true, host);
    SecTrustRef trust = NULL;

    /* "We need at least 1 policy"; a NULL out-pointer only checks the arguments. */
    OSStatus status = SecTrustCreateWithCertificates(leaf, empty, &trust);
    REQUIRE(status == errSecParam && trust == NULL, "empty policies: %d", (int)status);
    CHECK(SecTrustCreateWithCertificates(leaf, NULL, NULL));
    CHECK(SecTrustCreateWithCertificates(leaf, ssl, &trust));
    REQUIRE(trust != NULL, "no trust object");

    status = SecTrustSetPolicies(trust, NULL);
    REQUIRE(status == errSecParam, "SecTrustSetPolicies(NULL): %d", (int)status);
    status = SecTrustSetPolicies(trust, empty);
    REQUIRE(status == errSecParam, "SecTrustSetPolicies(empty): %d", (int)status);
    CHECK(SecTrustSetPolicies(trust, ssl));

    /* An empty array: these anchors only, i.e. none. */
    CHECK(SecTrustSetAnchorCertificates(trust, empty));
    CHECK(SecTrustEvaluate(trust, NULL)); /* the result pointer is optional */
    SecTrustResultType result = kSecTrustResultInvalid;
    CHECK(SecTrustGetTrustResult(trust, &result));
    REQUIRE(result == kSecTrustResultRecoverableTrustFailure, "no anchors: %u", (unsigned)result);

    /* NULL: back to the system's roots, which hold our CA here. */
    CHECK(SecTrustSetAnchorCertificates(trust, NULL));
    result = evaluate(trust);
    REQUIRE(result == kSecTrustResultUnspecified, "system roots: %u", (unsigned)result);

    /* Our anchors; a stale error from an earlier call is cleared on success. */
    CHECK(SecTrustSetAnchorCertificates(trust, ca));
    CFErrorRef error = (CFErrorRef)host; /* anything not NULL */
    REQUIRE(SecTrustEvaluateWithError(trust, &error), "not trusted with the CA as anchor");
    REQUIRE(error == NULL, "stale error left in place");

    CFRelease(trust);
    CFRelease(ssl);
    CFRelease(host);
    CFRelease(empty);
    CFRelease(ca);
    CFRelease(leaf);
    printf("OK\n");
    return 0;
}
