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
    CFArrayRef copied = NULL;
    status = SecTrustCopyPolicies(trust, NULL);
    REQUIRE(status == errSecParam, "SecTrustCopyPolicies(NULL): %d", (int)status);
    CHECK(SecTrustCopyPolicies(trust, &copied));
    REQUIRE(CFArrayGetCount(copied) == 1 &&
                CFGetTypeID(CFArrayGetValueAtIndex(copied, 0)) == SecPolicyGetTypeID(),
            "SecTrustCopyPolicies: not the one policy");
    CFRelease(copied);

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

    /* Several policies: the chain must satisfy each (the leaf is for localhost only). */
    CFStringRef other_host = CFStringCreateWithCString(NULL, "other.example", kCFStringEncodingUTF8);
    SecPolicyRef other_ssl = SecPolicyCreateSSL(true, other_host);
    SecPolicyRef basic = SecPolicyCreateBasicX509();
    const void *both_hosts[] = {ssl, other_ssl};
    CFArrayRef both = CFArrayCreate(NULL, both_hosts, 2, &kCFTypeArrayCallBacks);
    CHECK(SecTrustSetPolicies(trust, both));
    CHECK(SecTrustCopyPolicies(trust, &copied));
    REQUIRE(CFArrayGetCount(copied) == 2, "SecTrustCopyPolicies: %ld", (long)CFArrayGetCount(copied));
    CFRelease(copied);
    result = evaluate(trust);
    REQUIRE(result == kSecTrustResultRecoverableTrustFailure, "second host passed: %u", (unsigned)result);
    const void *ssl_and_basic[] = {ssl, basic};
    CFArrayRef fitting = CFArrayCreate(NULL, ssl_and_basic, 2, &kCFTypeArrayCallBacks);
    CHECK(SecTrustSetPolicies(trust, fitting));
    result = evaluate(trust);
    REQUIRE(result == kSecTrustResultUnspecified, "SSL + basic X.509: %u", (unsigned)result);
    CFRelease(fitting);
    CFRelease(both);
    CFRelease(basic);
    CFRelease(other_ssl);
    CFRelease(other_host);

    /* Made with NULL policies: basic X.509, as Apple reports it. */
    SecTrustRef basic_trust = NULL;
    CHECK(SecTrustCreateWithCertificates(leaf, NULL, &basic_trust));
    CHECK(SecTrustCopyPolicies(basic_trust, &copied));
    REQUIRE(CFArrayGetCount(copied) == 1, "NULL policies: %ld", (long)CFArrayGetCount(copied));
    CFRelease(copied);
    CFRelease(basic_trust);

    CFRelease(trust);
    CFRelease(ssl);
    CFRelease(host);
    CFRelease(empty);
    CFRelease(ca);
    CFRelease(leaf);
    printf("OK\n");
    return 0;
}
