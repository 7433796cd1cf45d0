/* Every exported Secure Transport function, and the CoreFoundation/Security functions
 * around it, called with NULL, with objects of the wrong type, with memory that is no
 * object at all, with bad lengths and values, and in the wrong state: each must return its
 * code (errSecParam unless Apple's code is more specific) and leave a good context as it was.
 * Prints "checked <n> calls, <f> failures"; exits 1 on any failure. */
#include "common.h"
#include <stdarg.h>
#include <Security/SecCertificatePriv.h>
#include <Security/SecIdentityPriv.h>
#include <Security/SecureTransportPriv.h>
#include <CommonCrypto/CommonCrypto.h>
#include <limits.h>
#include <sys/sysctl.h>
#include <time.h>

static int checked, failures;

#define EXPECT(call, want)                                                       \
    do {                                                                         \
        long long got_ = (long long)(call);                                      \
        long long want_ = (long long)(want);                                     \
        checked++;                                                               \
        if (got_ != want_) {                                                     \
            failures++;                                                          \
            printf("FAIL %s:%d %s -> got %lld want %lld\n", __FILE__, __LINE__,  \
                   #call, got_, want_);                                          \
        }                                                                        \
    } while (0)

#define EXPECT_NULL(call) EXPECT((call) == NULL, 1)

static OSStatus no_read(SSLConnectionRef c, void *d, size_t *n) {
    (void)c; (void)d; *n = 0; return errSSLWouldBlock;
}
static OSStatus no_write(SSLConnectionRef c, const void *d, size_t *n) {
    (void)c; (void)d; *n = 0; return errSSLWouldBlock;
}

/* Every context-taking function with `ctx` not a live context: all errSecParam. */
static void with_bad_context(SSLContextRef ctx, CFArrayRef array, CFDataRef data) {
    SSLSessionState state;
    Boolean flag;
    SSLProtocol protocol;
    SSLConnectionRef connection;
    size_t size = 64, count = 8;
    char name[64];
    SSLCipherSuite suites[8] = { 0x1301 };
    CFArrayRef copied;
    SecTrustRef trust;
    const void *pointer;
    SSLClientCertificateState cert_state;
    SSLAuthenticate auth = kNeverAuthenticate;

    EXPECT(SSLDisposeContext(ctx), errSecParam);
    EXPECT(SSLGetSessionState(ctx, &state), errSecParam);
    EXPECT(SSLSetSessionOption(ctx, kSSLSessionOptionBreakOnServerAuth, true), errSecParam);
    EXPECT(SSLGetSessionOption(ctx, kSSLSessionOptionBreakOnServerAuth, &flag), errSecParam);
    EXPECT(SSLSetIOFuncs(ctx, no_read, no_write), errSecParam);
    EXPECT(SSLSetSessionConfig(ctx, kSSLSessionConfig_default), errSecParam);
    EXPECT(SSLSetProtocolVersionMin(ctx, kTLSProtocol12), errSecParam);
    EXPECT(SSLGetProtocolVersionMin(ctx, &protocol), errSecParam);
    EXPECT(SSLSetProtocolVersionMax(ctx, kTLSProtocol12), errSecParam);
    EXPECT(SSLGetProtocolVersionMax(ctx, &protocol), errSecParam);
    EXPECT(SSLSetProtocolVersionEnabled(ctx, kTLSProtocol12, true), errSecParam);
    EXPECT(SSLGetProtocolVersionEnabled(ctx, kTLSProtocol12, &flag), errSecParam);
    EXPECT(SSLSetProtocolVersion(ctx, kTLSProtocol12), errSecParam);
    EXPECT(SSLGetProtocolVersion(ctx, &protocol), errSecParam);
    EXPECT(SSLSetCertificate(ctx, NULL), errSecParam);
    CFArrayRef empty = CFArrayCreate(NULL, NULL, 0, &kCFTypeArrayCallBacks);
    EXPECT(SSLSetCertificate(ctx, empty), errSecParam); /* the context first, as on Apple */
    CFRelease(empty);
    EXPECT(SSLSetConnection(ctx, NULL), errSecParam);
    EXPECT(SSLGetConnection(ctx, &connection), errSecParam);
    EXPECT(SSLSetPeerDomainName(ctx, "x", 1), errSecParam);
    EXPECT(SSLGetPeerDomainNameLength(ctx, &size), errSecParam);
    EXPECT(SSLGetPeerDomainName(ctx, name, &size), errSecParam);
    EXPECT(SSLCopyRequestedPeerNameLength(ctx, &size), errSecParam);
    EXPECT(SSLCopyRequestedPeerName(ctx, name, &size), errSecParam);
    EXPECT(SSLSetDatagramHelloCookie(ctx, "c", 1), errSecParam);
    EXPECT(SSLSetMaxDatagramRecordSize(ctx, 1400), errSecParam);
    EXPECT(SSLGetMaxDatagramRecordSize(ctx, &size), errSecParam);
    EXPECT(SSLGetNegotiatedProtocolVersion(ctx, &protocol), errSecParam);
    EXPECT(SSLGetNumberSupportedCiphers(ctx, &count), errSecParam);
    EXPECT(SSLGetSupportedCiphers(ctx, suites, &count), errSecParam);
    EXPECT(SSLGetNumberEnabledCiphers(ctx, &count), errSecParam);
    EXPECT(SSLSetEnabledCiphers(ctx, suites, 1), errSecParam);
    EXPECT(SSLGetEnabledCiphers(ctx, suites, &count), errSecParam);
    EXPECT(SSLSetSessionTicketsEnabled(ctx, true), errSecParam);
    EXPECT(SSLSetEnableCertVerify(ctx, true), errSecParam);
    EXPECT(SSLGetEnableCertVerify(ctx, &flag), errSecParam);
    EXPECT(SSLSetAllowsExpiredCerts(ctx, true), errSecParam);
    EXPECT(SSLGetAllowsExpiredCerts(ctx, &flag), errSecParam);
    EXPECT(SSLSetAllowsExpiredRoots(ctx, true), errSecParam);
    EXPECT(SSLGetAllowsExpiredRoots(ctx, &flag), errSecParam);
    EXPECT(SSLSetAllowsAnyRoot(ctx, true), errSecParam);
    EXPECT(SSLGetAllowsAnyRoot(ctx, &flag), errSecParam);
    EXPECT(SSLSetTrustedRoots(ctx, array, false), errSecParam);
    EXPECT(SSLCopyTrustedRoots(ctx, &copied), errSecParam);
    EXPECT(SSLCopyPeerCertificates(ctx, &copied), errSecParam);
    EXPECT(SSLCopyPeerTrust(ctx, &trust), errSecParam);
    EXPECT(SSLGetPeerSecTrust(ctx, &trust), errSecParam);
    EXPECT(SSLGetCertificate(ctx, &copied), errSecParam);
    EXPECT(SSLSetEncryptionCertificate(ctx, array), errSecParam);
    EXPECT(SSLGetEncryptionCertificate(ctx, &copied), errSecParam);
    EXPECT(SSLSetPeerID(ctx, "id", 2), errSecParam);
    EXPECT(SSLGetPeerID(ctx, &pointer, &size), errSecParam);
    EXPECT(SSLGetNegotiatedCipher(ctx, suites), errSecParam);
    EXPECT(SSLSetALPNProtocols(ctx, array), errSecParam);
    EXPECT(SSLCopyALPNProtocols(ctx, &copied), errSecParam);
    EXPECT(SSLSetOCSPResponse(ctx, data), errSecParam);
    EXPECT(SSLSetClientSideAuthenticate(ctx, auth), errSecParam);
    EXPECT(SSLAddDistinguishedName(ctx, "dn", 2), errSecParam);
    EXPECT(SSLSetCertificateAuthorities(ctx, array, true), errSecParam);
    EXPECT(SSLCopyCertificateAuthorities(ctx, &copied), errSecParam);
    EXPECT(SSLCopyDistinguishedNames(ctx, &copied), errSecParam);
    EXPECT(SSLGetClientCertificateState(ctx, &cert_state), errSecParam);
    EXPECT(SSLSetDiffieHellmanParams(ctx, NULL, 0), errSecParam);
    EXPECT(SSLGetDiffieHellmanParams(ctx, &pointer, &size), errSecParam);
    EXPECT(SSLSetRsaBlinding(ctx, true), errSecParam);
    EXPECT(SSLGetRsaBlinding(ctx, &flag), errSecParam);
    EXPECT(SSLHandshake(ctx), errSecParam);
    EXPECT(SSLReHandshake(ctx), errSecParam);
    EXPECT(SSLWrite(ctx, "x", 1, &size), errSecParam);
    EXPECT(SSLRead(ctx, name, sizeof name, &size), errSecParam);
    EXPECT(SSLGetBufferedReadSize(ctx, &size), errSecParam);
    EXPECT(SSLGetDatagramWriteSize(ctx, &size), errSecParam);
    EXPECT(SSLClose(ctx), errSecParam);
    EXPECT(SSLSetError(ctx, errSSLClosedAbort), errSecParam);
    /* SecureTransportPriv.h */
    bool on = false;
    unsigned bits = 0;
    EXPECT(SSLSetDHEEnabled(ctx, true), errSecParam);
    EXPECT(SSLGetDHEEnabled(ctx, &on), errSecParam);
    EXPECT(SSLSetMinimumDHGroupSize(ctx, 2048), errSecParam);
    EXPECT(SSLGetMinimumDHGroupSize(ctx, &bits), errSecParam);
    EXPECT(SSLSetPSKSharedSecret(ctx, "key", 3), errSecParam);
    EXPECT(SSLSetPSKIdentity(ctx, "id", 2), errSecParam);
    EXPECT(SSLGetPSKIdentity(ctx, &pointer, &size), errSecParam);
    EXPECT(SSLSetSessionCacheTimeout(ctx, 60), errSecParam);
    EXPECT(SSLSetTrustedLeafCertificates(ctx, array), errSecParam);
    EXPECT(SSLCopyTrustedLeafCertificates(ctx, &copied), errSecParam);
}

/* Every getter of a live context with a NULL out-pointer: errSecParam, nothing changed. */
static void with_null_outputs(SSLContextRef ctx) {
    size_t size = 8;
    char name[8];
    SSLCipherSuite suites[8];
    const void *pointer;

    EXPECT(SSLGetSessionState(ctx, NULL), errSecParam);
    EXPECT(SSLGetSessionOption(ctx, kSSLSessionOptionBreakOnServerAuth, NULL), errSecParam);
    EXPECT(SSLGetProtocolVersionMin(ctx, NULL), errSecParam);
    EXPECT(SSLGetProtocolVersionMax(ctx, NULL), errSecParam);
    EXPECT(SSLGetProtocolVersionEnabled(ctx, kTLSProtocol12, NULL), errSecParam);
    EXPECT(SSLGetProtocolVersion(ctx, NULL), errSecParam);
    EXPECT(SSLGetConnection(ctx, NULL), errSecParam);
    EXPECT(SSLGetPeerDomainNameLength(ctx, NULL), errSecParam);
    EXPECT(SSLGetPeerDomainName(ctx, NULL, &size), errSecParam);
    EXPECT(SSLGetPeerDomainName(ctx, name, NULL), errSecParam);
    EXPECT(SSLCopyRequestedPeerNameLength(ctx, NULL), errSecParam);
    EXPECT(SSLGetNegotiatedProtocolVersion(ctx, NULL), errSecParam);
    EXPECT(SSLGetNumberSupportedCiphers(ctx, NULL), errSecParam);
    EXPECT(SSLGetSupportedCiphers(ctx, NULL, &size), errSecParam);
    EXPECT(SSLGetSupportedCiphers(ctx, suites, NULL), errSecParam);
    EXPECT(SSLGetNumberEnabledCiphers(ctx, NULL), errSecParam);
    EXPECT(SSLGetEnabledCiphers(ctx, NULL, &size), errSecParam);
    EXPECT(SSLGetEnableCertVerify(ctx, NULL), errSecParam);
    EXPECT(SSLGetAllowsExpiredCerts(ctx, NULL), errSecParam);
    EXPECT(SSLGetAllowsExpiredRoots(ctx, NULL), errSecParam);
    EXPECT(SSLGetAllowsAnyRoot(ctx, NULL), errSecParam);
    EXPECT(SSLCopyTrustedRoots(ctx, NULL), errSecParam);
    EXPECT(SSLCopyPeerCertificates(ctx, NULL), errSecParam);
    EXPECT(SSLCopyPeerTrust(ctx, NULL), errSecParam);
    EXPECT(SSLGetPeerID(ctx, NULL, &size), errSecParam);
    EXPECT(SSLGetPeerID(ctx, &pointer, NULL), errSecParam);
    EXPECT(SSLGetNegotiatedCipher(ctx, NULL), errSecBadReq); /* Apple: state first */
    EXPECT(SSLCopyALPNProtocols(ctx, NULL), errSecParam);
    EXPECT(SSLCopyCertificateAuthorities(ctx, NULL), errSecParam);
    EXPECT(SSLCopyDistinguishedNames(ctx, NULL), errSecParam);
    EXPECT(SSLGetClientCertificateState(ctx, NULL), errSecParam);
    EXPECT(SSLGetDiffieHellmanParams(ctx, NULL, &size), errSecParam);
    EXPECT(SSLGetRsaBlinding(ctx, NULL), errSecParam);
    EXPECT(SSLWrite(ctx, "x", 1, NULL), errSecParam);
    EXPECT(SSLRead(ctx, name, sizeof name, NULL), errSecParam);
    EXPECT(SSLRead(ctx, NULL, 4, &size), errSecParam);
    EXPECT(SSLGetBufferedReadSize(ctx, NULL), errSecParam);
    EXPECT(SSLNewContext(false, NULL), errSecParam);
    EXPECT(SSLGetDHEEnabled(ctx, NULL), errSecParam);
    EXPECT(SSLGetMinimumDHGroupSize(ctx, NULL), errSecParam);
    EXPECT(SSLGetPSKIdentity(ctx, NULL, &size), errSecParam);
    EXPECT(SSLGetPSKIdentity(ctx, &pointer, NULL), errSecParam);
    EXPECT(SSLCopyTrustedLeafCertificates(ctx, NULL), errSecParam);
}

/* Bad values, bad lengths and calls in the wrong state on a live, idle client. */
static void with_bad_values(SSLContextRef ctx, CFArrayRef strings, CFDataRef data) {
    size_t size = 2;
    char name[64];
    SSLCipherSuite suites[2];
    SSLCipherSuite unknown = 0xFFFF;
    Boolean flag;
    CFArrayRef copied = NULL;
    Boolean resumed;
    UInt8 session_id[32];

    EXPECT_NULL(SSLCreateContext(NULL, (SSLProtocolSide)7, kSSLStreamType));
    EXPECT_NULL(SSLCreateContext(NULL, kSSLClientSide, (SSLConnectionType)5));
    EXPECT(SSLSetSessionOption(ctx, (SSLSessionOption)99, true), errSecParam);
    EXPECT(SSLGetSessionOption(ctx, (SSLSessionOption)-1, &flag), errSecParam);
    EXPECT(SSLSetProtocolVersionMin(ctx, (SSLProtocol)42), errSSLIllegalParam);
    EXPECT(SSLSetProtocolVersionMax(ctx, kDTLSProtocol1), errSSLIllegalParam);
    EXPECT(SSLSetClientSideAuthenticate(ctx, (SSLAuthenticate)9), errSecParam);
    EXPECT(SSLSetPeerDomainName(ctx, NULL, 5), errSecParam);
    EXPECT(SSLGetPeerDomainName(ctx, name, &size), errSSLBufferOverflow); /* "localhost" */
    EXPECT(SSLCopyRequestedPeerNameLength(ctx, &size), errSecParam); /* no SNI seen */
    EXPECT(SSLSetEnabledCiphers(ctx, NULL, 3), errSecParam);
    EXPECT(SSLSetEnabledCiphers(ctx, &unknown, 1), errSSLBadCipherSuite);
    size = 2;
    EXPECT(SSLGetSupportedCiphers(ctx, suites, &size), errSSLBufferOverflow);
    size = 2;
    EXPECT(SSLGetEnabledCiphers(ctx, suites, &size), errSSLBufferOverflow);
    EXPECT(SSLSetPeerID(ctx, NULL, 4), errSecParam);
    EXPECT(SSLSetPeerID(ctx, "", 0), errSecParam);
    EXPECT(SSLAddDistinguishedName(ctx, "not DER", 7), errSecParam);
    EXPECT(SSLSetCertificate(ctx, strings), errSecParam); /* strings, not an identity */
    CFArrayRef empty = CFArrayCreate(NULL, NULL, 0, &kCFTypeArrayCallBacks);
    EXPECT(SSLSetCertificate(ctx, empty), errSSLBadCert); /* Apple's parseIncomingCerts */
    CFRelease(empty);
    EXPECT(SSLSetTrustedRoots(ctx, strings, false), errSecParam);
    EXPECT(SSLSetCertificateAuthorities(ctx, data, true), errSecParam);
    EXPECT(SSLSetALPNProtocols(ctx, (CFArrayRef)data), errSecParam);
    EXPECT(SSLCopyALPNProtocols(ctx, &copied), errSecParam); /* nothing from a peer */
    EXPECT(copied == NULL, 1);
    EXPECT(SSLSetOCSPResponse(ctx, (CFDataRef)strings), errSecParam);
    EXPECT(SSLSetDiffieHellmanParams(ctx, "junk", 4), errSecParam);
    EXPECT(SSLSetDiffieHellmanParams(ctx, NULL, 4), errSecParam);
    EXPECT(SSLSetSessionConfig(ctx, CFSTR("no such config")), errSecParam);
    EXPECT(SSLSetSessionConfig(ctx, (CFStringRef)data), errSecParam);
    EXPECT(SSLWrite(ctx, NULL, 5, &size), errSecParam);
    /* Lengths no buffer can have (above SSIZE_MAX): refused before any use. */
    EXPECT(SSLWrite(ctx, "x", (size_t)-1, &size), errSecParam);
    EXPECT(SSLRead(ctx, name, (size_t)-1, &size), errSecParam);
    EXPECT(SSLSetPeerDomainName(ctx, "x", (size_t)-1), errSecParam);
    EXPECT(SSLSetPeerID(ctx, "x", (size_t)-1), errSecParam);
    /* Datagram calls on a stream context: Apple's code. */
    EXPECT(SSLSetDatagramHelloCookie(ctx, "c", 1), errSecParam);
    EXPECT(SSLSetMaxDatagramRecordSize(ctx, 1400), errSecParam);
    EXPECT(SSLGetMaxDatagramRecordSize(ctx, &size), errSecParam);
    EXPECT(SSLGetDatagramWriteSize(ctx, &size), errSecParam);
    /* Wrong state: nothing to talk through, nothing negotiated. */
    EXPECT(SSLHandshake(ctx), errSecBadReq);
    EXPECT(SSLWrite(ctx, "x", 1, &size), errSecBadReq);
    EXPECT(SSLGetNegotiatedCipher(ctx, suites), errSecBadReq);
    EXPECT(SSLCopyPeerCertificates(ctx, &copied), errSecBadReq);
    EXPECT(copied == NULL, 1);
    size = 16;
    EXPECT(SSLGetResumableSessionInfo(ctx, &resumed, session_id, &size), errSecParam);
    size = sizeof session_id;
    EXPECT(SSLGetResumableSessionInfo(ctx, &resumed, session_id, &size), noErr);
    EXPECT(resumed, false);
    EXPECT(SSLReHandshake(ctx), errSecBadReq); /* nothing to renegotiate */
    /* Arrays kept for Apple's getters (not retained for the caller). */
    CFArrayRef kept = strings;
    EXPECT(SSLGetCertificate(ctx, &kept), noErr);
    EXPECT(kept == NULL, 1);
    EXPECT(SSLGetCertificate(ctx, NULL), errSecParam);
    EXPECT(SSLSetEncryptionCertificate(ctx, NULL), errSecParam);
    EXPECT(SSLSetEncryptionCertificate(ctx, (CFArrayRef)data), errSecParam);
    EXPECT(SSLGetEncryptionCertificate(ctx, &kept), noErr);
    EXPECT(kept == NULL, 1);
    EXPECT(SSLSetEncryptionCertificate(ctx, strings), noErr); /* kept, as on Apple, unused */
    EXPECT(SSLGetEncryptionCertificate(ctx, &kept), noErr);
    EXPECT(kept == strings, 1);
    EXPECT(SSLGetEncryptionCertificate(ctx, NULL), errSecParam);
    SecTrustRef peer_trust = (SecTrustRef)data;
    EXPECT(SSLGetPeerSecTrust(ctx, &peer_trust), noErr); /* no peer yet */
    EXPECT(peer_trust == NULL, 1);
    EXPECT(SSLGetPeerSecTrust(ctx, NULL), errSecParam);

    /* SecureTransportPriv.h: Apple's defaults, bounds and argument rules. */
    bool dhe = true;
    EXPECT(SSLGetDHEEnabled(ctx, &dhe), noErr);
    EXPECT(dhe, false); /* a client's, as on a Mac */
    unsigned bits = 0;
    EXPECT(SSLGetMinimumDHGroupSize(ctx, &bits), noErr);
    EXPECT(bits, 1024);
    EXPECT(SSLSetMinimumDHGroupSize(ctx, 100), noErr);
    EXPECT(SSLGetMinimumDHGroupSize(ctx, &bits), noErr);
    EXPECT(bits, 512);
    EXPECT(SSLSetMinimumDHGroupSize(ctx, 8192), noErr);
    EXPECT(SSLGetMinimumDHGroupSize(ctx, &bits), noErr);
    EXPECT(bits, 2048);
    EXPECT(SSLSetMinimumDHGroupSize(ctx, 1024), noErr);
    EXPECT(SSLSetPSKSharedSecret(ctx, NULL, 4), errSecParam);
    EXPECT(SSLSetPSKSharedSecret(ctx, "key", (size_t)-1), errSecParam);
    EXPECT(SSLSetPSKIdentity(ctx, NULL, 4), errSecParam);
    EXPECT(SSLSetPSKIdentity(ctx, "id", 0), errSecParam);
    EXPECT(SSLSetPSKIdentity(ctx, "id", (size_t)-1), errSecParam);
    const void *identity = data;
    size = 9;
    EXPECT(SSLGetPSKIdentity(ctx, &identity, &size), noErr);
    EXPECT(identity == NULL && size == 0, 1);
    EXPECT(SSLSetTrustedLeafCertificates(ctx, NULL), errSecParam);
    EXPECT(SSLSetTrustedLeafCertificates(ctx, strings), errSecParam); /* not certificates */
    EXPECT(SSLSetTrustedLeafCertificates(ctx, (CFArrayRef)data), errSecParam);
    copied = strings;
    EXPECT(SSLCopyTrustedLeafCertificates(ctx, &copied), noErr);
    EXPECT(copied == NULL, 1); /* none set */
}

/* The CoreFoundation and Security functions around Secure Transport. */
static void around_secure_transport(CFTypeRef not_an_object, CFArrayRef strings, CFDataRef data) {
    SecTrustRef trust = NULL;
    SecTrustResultType result;
    CFArrayRef items = NULL;
    CFErrorRef error = NULL;
    UInt8 byte = 0;

    EXPECT_NULL(SecCertificateCreateWithData(NULL, NULL));
    EXPECT_NULL(SecCertificateCreateWithData(NULL, data)); /* not DER */
    EXPECT_NULL(SecCertificateCreateWithData(NULL, (CFDataRef)strings));
    EXPECT_NULL(SecCertificateCopyData(NULL));
    EXPECT_NULL(SecCertificateCopyData((SecCertificateRef)data));
    EXPECT_NULL(SecCertificateCopySubjectSummary((SecCertificateRef)not_an_object));
    EXPECT(SecIdentityCopyCertificate(NULL, NULL), errSecParam);
    EXPECT(SecTrustCreateWithCertificates(NULL, NULL, &trust), errSecParam);
    EXPECT(SecTrustCreateWithCertificates(strings, NULL, &trust), errSecParam);
    EXPECT(SecTrustCreateWithCertificates(data, NULL, NULL), errSecParam);
    EXPECT(trust == NULL, 1);
    EXPECT(SecTrustEvaluate(NULL, &result), errSecParam);
    EXPECT(SecTrustEvaluate((SecTrustRef)data, &result), errSecParam);
    EXPECT(SecTrustEvaluateWithError((SecTrustRef)not_an_object, &error), false);
    if (error) CFRelease(error);
    EXPECT(SecTrustGetTrustResult(NULL, &result), errSecParam);
    EXPECT(SecTrustSetAnchorCertificates(NULL, strings), errSecParam);
    EXPECT(SecTrustSetAnchorCertificatesOnly(NULL, true), errSecParam);
    EXPECT(SecTrustGetCertificateCount(NULL), 0);
    EXPECT_NULL(SecTrustGetCertificateAtIndex(NULL, 0));
    EXPECT_NULL(SecTrustCopyCertificateChain(NULL));
    EXPECT(SecTrustSetOptions(NULL, kSecTrustOptionAllowExpired), errSecParam);
    EXPECT(SecTrustSetOptions((SecTrustRef)data, 0), errSecParam);
    EXPECT(SecTrustSetOCSPResponse(NULL, data), errSecParam);
    EXPECT(SecTrustSetOCSPResponse((SecTrustRef)strings, NULL), errSecParam);
    EXPECT(SecTrustSetSignedCertificateTimestamps(NULL, NULL), errSecParam);
    EXPECT(SecTrustSetNetworkFetchAllowed(NULL, true), errSecParam);
    EXPECT(SecTrustGetNetworkFetchAllowed(NULL, &byte), errSecParam);
    EXPECT(SecTrustCopyAnchorCertificates(NULL), errSecParam);
    EXPECT_NULL(SecPolicyCreateRevocation(1 << 7));
    SecPolicyRef revocation = SecPolicyCreateRevocation(kSecRevocationUseAnyAvailableMethod);
    EXPECT(revocation != NULL, 1);
    if (revocation) {
        SecTrustRef with_policy = NULL;
        EXPECT(SecTrustCreateWithCertificates(data, revocation, &with_policy), errSecParam);
        CFRelease(revocation);
    }
    EXPECT(SecPKCS12Import(NULL, NULL, &items), errSecParam);
    EXPECT(SecPKCS12Import(data, NULL, NULL), errSecParam);
    EXPECT(SecPKCS12Import(data, NULL, &items), errSecDecode);
    EXPECT(items == NULL, 1);
    EXPECT(CFArrayGetCount((CFArrayRef)data), 0);
    EXPECT(CFArrayGetCount(NULL), 0);
    EXPECT_NULL(CFArrayGetValueAtIndex(strings, 5));
    EXPECT_NULL(CFArrayGetValueAtIndex(strings, -1));
    EXPECT(CFDataGetLength((CFDataRef)strings), 0);
    EXPECT_NULL(CFDataGetBytePtr(NULL));
    EXPECT_NULL(CFDataCreate(NULL, NULL, 3));
    EXPECT_NULL(CFDataCreate(NULL, &byte, -1));
    EXPECT_NULL(CFStringCreateWithCString(NULL, NULL, kCFStringEncodingUTF8));
    EXPECT_NULL(CFStringCreateWithCString(NULL, "caf\xc3", kCFStringEncodingUTF8)); /* cut */
    EXPECT_NULL(CFStringCreateWithCString(NULL, "caf\xc3\xa9", kCFStringEncodingASCII));
    CFStringRef cafe = CFStringCreateWithCString(NULL, "caf\xc3\xa9", kCFStringEncodingUTF8);
    EXPECT(cafe != NULL, 1);
    if (cafe) CFRelease(cafe);
    CFArrayRef no_certs = CFArrayCreate(NULL, NULL, 0, &kCFTypeArrayCallBacks);
    EXPECT(SecTrustCreateWithCertificates(no_certs, NULL, &trust), errSecParam);
    CFRelease(no_certs);
    EXPECT(SecTrustSetPolicies(NULL, NULL), errSecParam);
    EXPECT(SecTrustCopyPolicies(NULL, NULL), errSecParam);
    EXPECT(SecTrustCopyPolicies((SecTrustRef)data, &items), errSecParam);
    EXPECT(CFStringGetLength((CFStringRef)data), 0);
    EXPECT_NULL(CFDictionaryGetValue(NULL, kSecImportItemIdentity));
    EXPECT(CFGetTypeID(not_an_object) == SSLContextGetTypeID(), 0);
    EXPECT(CFEqual(data, strings), false);
}

/* Ends with `suffix`. */
static int ends_with(const char *text, const char *suffix) {
    size_t n = strlen(text), m = strlen(suffix);
    return n >= m && strcmp(text + n - m, suffix) == 0;
}

/* Keychains: NULL, wrong types and no objects, bad lengths, a keychain not made yet, a
 * locked one. Relative paths are in $XDG_DATA_HOME/secure-transport/, which the test points
 * at a scratch directory (the default keychain is made there too). */
static void keychain_calls(CFTypeRef not_an_object, CFArrayRef strings, CFDataRef data) {
    SecKeychainRef keychain = NULL, other = NULL;
    SecKeychainStatus status = 0;
    CFArrayRef list = NULL;
    char path[1024], small[1024];
    UInt32 length = sizeof path;

    EXPECT(SecKeychainGetTypeID() != 0 && SecKeychainGetTypeID() != CFArrayGetTypeID(), 1);
    EXPECT(SecKeychainOpen(NULL, &keychain), errSecParam);
    EXPECT(SecKeychainOpen("bad_input.keychain", NULL), errSecParam);
    EXPECT(SecKeychainOpen("", &keychain), errSecParam);
    EXPECT(SecKeychainCreate(NULL, 2, "pw", false, NULL, &keychain), errSecParam);
    EXPECT(SecKeychainCreate("bad_input.keychain", 2, "pw", false, NULL, NULL), errSecParam);
    EXPECT(SecKeychainCreate("bad_input.keychain", 2, NULL, false, NULL, &keychain), errSecParam);
    EXPECT(SecKeychainCreate("bad_input.keychain", 2, "\xff\xfe", false, NULL, &keychain),
           errSecParam);
    EXPECT(SecKeychainCreate("bad_input.keychain", 3, "a\0b", false, NULL, &keychain),
           errSecParam);
    EXPECT(SecKeychainCreate("bad_input.keychain", 2, "pw", true, NULL, &keychain),
           errSecInteractionNotAllowed);
    EXPECT(keychain == NULL, 1);

    /* Not made yet: a reference, to a file that is not there. */
    CHECK(SecKeychainOpen("bad_input.keychain", &keychain));
    EXPECT(CFGetTypeID(keychain), SecKeychainGetTypeID());
    EXPECT(SecKeychainGetStatus(keychain, &status), errSecNoSuchKeychain);
    EXPECT(SecKeychainLock(keychain), errSecNoSuchKeychain);
    EXPECT(SecKeychainUnlock(keychain, 2, "pw", true), errSecNoSuchKeychain);
    EXPECT(SecKeychainDelete(keychain), errSecNoSuchKeychain);
    CFRelease(keychain);

    CHECK(SecKeychainCreate("bad_input.keychain", 6, "secret", false, NULL, &keychain));
    EXPECT(SecKeychainCreate("bad_input.keychain", 6, "secret", false, NULL, &other),
           errSecDuplicateKeychain);
    EXPECT(other == NULL, 1);
    CHECK(SecKeychainOpen("bad_input.keychain", &other));
    EXPECT(CFEqual(keychain, other), true);
    CFRelease(other);

    /* Other objects, and no objects. */
    EXPECT(SecKeychainGetStatus((SecKeychainRef)data, &status), errSecInvalidKeychain);
    EXPECT(SecKeychainGetStatus((SecKeychainRef)not_an_object, &status), errSecInvalidKeychain);
    EXPECT(SecKeychainGetStatus(keychain, NULL), errSecParam);
    EXPECT(SecKeychainLock((SecKeychainRef)strings), errSecInvalidKeychain);
    EXPECT(SecKeychainUnlock((SecKeychainRef)data, 2, "pw", true), errSecInvalidKeychain);
    EXPECT(SecKeychainUnlock(keychain, 4, NULL, true), errSecParam);
    EXPECT(SecKeychainSetDefault((SecKeychainRef)data), errSecInvalidKeychain);
    EXPECT(SecKeychainDelete(NULL), errSecInvalidKeychain);
    EXPECT(SecKeychainDelete((SecKeychainRef)data), errSecParam);
    EXPECT(SecKeychainDelete((SecKeychainRef)not_an_object), errSecParam);
    EXPECT(SecKeychainDelete((SecKeychainRef)strings), errSecInvalidKeychain);
    EXPECT(SecKeychainCopySearchList(NULL), errSecParam);
    EXPECT(SecKeychainSetSearchList(NULL), errSecParam);
    EXPECT(SecKeychainSetSearchList((CFArrayRef)data), errSecParam);
    EXPECT(SecKeychainSetSearchList(strings), errSecInvalidKeychain);
    EXPECT(SecKeychainCopyDefault(NULL), errSecParam);
    EXPECT(SecKeychainGetPath(keychain, NULL, path), errSecParam);
    EXPECT(SecKeychainGetPath(keychain, &length, NULL), errSecParam);
    EXPECT(SecKeychainGetPath((SecKeychainRef)data, &length, path), errSecInvalidKeychain);

    /* The path, and a buffer one byte short of it (no room for the NUL). */
    CHECK(SecKeychainGetPath(keychain, &length, path));
    EXPECT(length == strlen(path), 1);
    EXPECT(ends_with(path, "/secure-transport/bad_input.keychain"), 1);
    UInt32 short_length = length;
    memset(small, 'x', sizeof small);
    EXPECT(SecKeychainGetPath(keychain, &short_length, small), errSecBufferTooSmall);
    EXPECT(short_length, length);
    EXPECT(small[0], 'x');

    /* The default keychain: made on first use, unlocked by its empty password, the search
     * list; nothing above changed it. */
    CHECK(SecKeychainCopyDefault(&other));
    length = sizeof path;
    CHECK(SecKeychainGetPath(NULL, &length, path));
    EXPECT(ends_with(path, "/secure-transport/login.keychain"), 1);
    EXPECT(SecKeychainGetStatus(NULL, &status), noErr);
    EXPECT(status, kSecUnlockStateStatus | kSecReadPermStatus | kSecWritePermStatus);
    CHECK(SecKeychainCopySearchList(&list));
    EXPECT(CFArrayGetCount(list), 1);
    EXPECT(CFEqual(CFArrayGetValueAtIndex(list, 0), other), true);
    EXPECT(SecKeychainSetDefault(NULL), noErr);
    EXPECT(SecKeychainSetSearchList(list), noErr);
    CFRelease(list);
    CFRelease(other);

    /* A locked keychain: the right password only. */
    CHECK(SecKeychainLock(keychain));
    EXPECT(SecKeychainGetStatus(keychain, &status), noErr);
    EXPECT(status, kSecReadPermStatus);
    EXPECT(SecKeychainUnlock(keychain, 0, NULL, false), errSecInteractionNotAllowed);
    EXPECT(SecKeychainUnlock(keychain, 5, "wrong", true), errSecAuthFailed);
    EXPECT(SecKeychainUnlock(keychain, 5, "secret", true), errSecAuthFailed); /* "secre" */
    EXPECT(SecKeychainUnlock(keychain, 6, "secret", true), noErr);
    EXPECT(SecKeychainGetStatus(keychain, &status), noErr);
    EXPECT(status, kSecUnlockStateStatus | kSecReadPermStatus | kSecWritePermStatus);
    EXPECT(SecKeychainLockAll(), noErr);
    EXPECT(SecKeychainGetStatus(keychain, &status), noErr);
    EXPECT(status, kSecReadPermStatus);
    EXPECT(SecKeychainLock(NULL), noErr);
    EXPECT(SecKeychainUnlock(NULL, 0, NULL, false), noErr); /* the empty password */

    /* Deleted: gone from the search list; a second time, not there. */
    CFArrayRef one = CFArrayCreate(NULL, (const void **)&keychain, 1, &kCFTypeArrayCallBacks);
    EXPECT(SecKeychainSetSearchList(one), noErr);
    CFRelease(one);
    EXPECT(SecKeychainDelete(keychain), noErr);
    EXPECT(SecKeychainDelete(keychain), errSecNoSuchKeychain);
    CHECK(SecKeychainCopySearchList(&list));
    EXPECT(CFArrayGetCount(list), 0);
    CFRelease(list);
    EXPECT(SecKeychainGetStatus(keychain, &status), errSecNoSuchKeychain);
    CFRelease(keychain);
}

/* Expects `call` to fail with a CFError of `code` in `error` (then released). */
#define EXPECT_ERROR(call, code)                                                 \
    do {                                                                         \
        CFErrorRef error_ = NULL;                                                \
        CFTypeRef made_ = (CFTypeRef)(call);                                     \
        EXPECT(made_ == NULL, 1);                                                \
        EXPECT(error_ != NULL ? CFErrorGetCode(error_) : 0, code);               \
        if (made_) CFRelease(made_);                                             \
        if (error_) CFRelease(error_);                                           \
    } while (0)

/* A dictionary of key attributes: kSecAttrKeyType and kSecAttrKeyClass. */
static CFDictionaryRef key_attributes(CFTypeRef type, CFTypeRef key_class) {
    const void *keys[] = { kSecAttrKeyType, kSecAttrKeyClass };
    const void *values[] = { type, key_class };
    return CFDictionaryCreate(NULL, keys, values, 2, &kCFTypeDictionaryKeyCallBacks,
                              &kCFTypeDictionaryValueCallBacks);
}

/* Numbers, dates, random bytes, keys, certificates' fields, identities and trusts' keys,
 * import and export (SecKey.h, SecRandom.h, SecImportExport.h, CFNumber.h, CFDate.h). */
static void keys_and_items(CFTypeRef not_an_object, CFArrayRef strings, CFDataRef data) {
    int value = 7;
    long out = 0;
    UInt8 buffer[16];
    CFTypeRef copied = NULL;

    /* CFNumber, CFDate */
    EXPECT_NULL(CFNumberCreate(NULL, kCFNumberIntType, NULL));
    EXPECT_NULL(CFNumberCreate(NULL, (CFNumberType)99, &value));
    CFNumberRef number = CFNumberCreate(NULL, kCFNumberIntType, &value);
    EXPECT(CFNumberGetType(number), kCFNumberSInt32Type);
    EXPECT(CFNumberGetValue(number, kCFNumberLongType, &out) && out == 7, 1);
    EXPECT(CFNumberGetValue(number, (CFNumberType)0, &out), false);
    EXPECT(CFNumberGetValue(number, kCFNumberLongType, NULL), false);
    EXPECT(CFNumberGetValue(NULL, kCFNumberLongType, &out), false);
    EXPECT(CFNumberGetValue((CFNumberRef)data, kCFNumberLongType, &out), false);
    EXPECT(CFNumberGetType((CFNumberRef)not_an_object), 0);
    EXPECT(CFDateGetAbsoluteTime(NULL) == 0.0, 1);
    EXPECT(CFDateGetAbsoluteTime((CFDateRef)data) == 0.0, 1);
    EXPECT(CFGetTypeID(number) == CFNumberGetTypeID(), 1);
    CFDateRef date = CFDateCreate(NULL, -1.5); /* any instant, before 2001 too */
    EXPECT(CFGetTypeID(date) == CFDateGetTypeID(), 1);
    EXPECT(CFDateGetTypeID() != CFNumberGetTypeID(), 1);
    EXPECT(CFDateGetAbsoluteTime(date) == -1.5, 1);
    CFRelease(date);
    /* now, in seconds since 2001, against the C library's clock */
    double since_2001 = (double)time(NULL) - kCFAbsoluteTimeIntervalSince1970;
    EXPECT(CFAbsoluteTimeGetCurrent() > since_2001 - 5 && CFAbsoluteTimeGetCurrent() < since_2001 + 5, 1);
    /* A negative capacity is what release builds of CF ignore: an empty, growable array. */
    CFMutableArrayRef growable = CFArrayCreateMutable(NULL, -1, &kCFTypeArrayCallBacks);
    EXPECT(growable != NULL && CFArrayGetCount(growable) == 0, 1);
    CFArrayAppendValue(growable, number);
    EXPECT(CFArrayGetCount(growable), 1);
    CFRelease(growable);

    /* SecRandom */
    EXPECT(kSecRandomDefault == NULL, 1);
    EXPECT(SecRandomCopyBytes(kSecRandomDefault, 4, NULL), errSecParam);
    EXPECT(SecRandomCopyBytes(kSecRandomDefault, 0, NULL), 0);
    EXPECT(SecRandomCopyBytes(kSecRandomDefault, (size_t)-1, buffer), errSecParam);
    EXPECT(SecRandomCopyBytes(kSecRandomDefault, sizeof buffer, buffer), 0);

    /* SecKey: a P-256 public key (RFC 6979's), and every call with what is no key. */
    static const UInt8 point[65] = {
        0x04, 0x60, 0xFE, 0xD4, 0xBA, 0x25, 0x5A, 0x9D, 0x31, 0xC9, 0x61, 0xEB, 0x74, 0xC6,
        0x35, 0x6D, 0x68, 0xC0, 0x49, 0xB8, 0x92, 0x3B, 0x61, 0xFA, 0x6C, 0xE6, 0x69, 0x62,
        0x2E, 0x60, 0xF2, 0x9F, 0xB6, 0x79, 0x03, 0xFE, 0x10, 0x08, 0xB8, 0xBC, 0x99, 0xA4,
        0x1A, 0xE9, 0xE9, 0x56, 0x28, 0xBC, 0x64, 0xF2, 0xF1, 0xB2, 0x0C, 0x2D, 0x7E, 0x9F,
        0x51, 0x77, 0xA3, 0xC2, 0x94, 0xD4, 0x46, 0x22, 0x99 };
    CFDataRef point_data = CFDataCreate(NULL, point, sizeof point);
    CFDictionaryRef ec_public = key_attributes(kSecAttrKeyTypeECSECPrimeRandom, kSecAttrKeyClassPublic);
    CFErrorRef error = NULL;
    SecKeyRef key = SecKeyCreateWithData(point_data, ec_public, &error);
    EXPECT(key != NULL && error == NULL, 1);
    EXPECT(SecKeyGetBlockSize(key), 32);
    EXPECT_ERROR(SecKeyCreateWithData(NULL, ec_public, &error_), errSecParam);
    EXPECT_ERROR(SecKeyCreateWithData(data, ec_public, &error_), errSecParam);
    EXPECT_ERROR(SecKeyCreateWithData(point_data, NULL, &error_), errSecParam);
    EXPECT_ERROR(SecKeyCreateWithData(point_data, (CFDictionaryRef)data, &error_), errSecParam);
    CFStringRef junk = CFStringCreateWithCString(NULL, "4.2", kCFStringEncodingUTF8);
    CFDictionaryRef bad_type = key_attributes(junk, kSecAttrKeyClassPublic);
    EXPECT_ERROR(SecKeyCreateWithData(point_data, bad_type, &error_), errSecParam);
    CFDictionaryRef symmetric = key_attributes(kSecAttrKeyTypeRSA, kSecAttrKeyClassSymmetric);
    EXPECT_ERROR(SecKeyCreateWithData(point_data, symmetric, &error_), errSecUnimplemented);
    CFDictionaryRef rsa_private = key_attributes(kSecAttrKeyTypeRSA, kSecAttrKeyClassPrivate);
    EXPECT_ERROR(SecKeyCreateWithData(point_data, rsa_private, &error_), errSecParam);
    EXPECT_NULL(SecKeyCreateWithData(point_data, bad_type, NULL)); /* no error wanted */
    EXPECT_ERROR(SecKeyCopyExternalRepresentation(NULL, &error_), errSecParam);
    EXPECT_ERROR(SecKeyCopyExternalRepresentation((SecKeyRef)data, &error_), errSecParam);
    EXPECT_NULL(SecKeyCopyExternalRepresentation((SecKeyRef)not_an_object, NULL));
    EXPECT_NULL(SecKeyCopyAttributes(NULL));
    EXPECT_NULL(SecKeyCopyAttributes((SecKeyRef)strings));
    EXPECT_NULL(SecKeyCopyPublicKey((SecKeyRef)data));
    EXPECT(SecKeyGetBlockSize((SecKeyRef)not_an_object), 0);
    SecKeyAlgorithm ecdsa = kSecKeyAlgorithmECDSASignatureMessageX962SHA256;
    EXPECT_ERROR(SecKeyCreateSignature(NULL, ecdsa, data, &error_), errSecParam);
    EXPECT_ERROR(SecKeyCreateSignature(key, ecdsa, data, &error_), errSecParam); /* public */
    EXPECT_ERROR(SecKeyCreateSignature(key, (SecKeyAlgorithm)data, data, &error_), errSecParam);
    EXPECT_ERROR(SecKeyCreateSignature(key, (SecKeyAlgorithm)junk, data, &error_), errSecParam);
    EXPECT_NULL(SecKeyCreateSignature((SecKeyRef)not_an_object, ecdsa, data, NULL));
    error = NULL;
    EXPECT(SecKeyVerifySignature(key, ecdsa, data, data, &error), false);
    EXPECT(error != NULL ? CFErrorGetCode(error) : 0, errSecVerifyFailed);
    if (error) CFRelease(error);
    error = NULL;
    EXPECT(SecKeyVerifySignature(key, ecdsa, NULL, data, &error), false);
    EXPECT(error != NULL ? CFErrorGetCode(error) : 0, errSecParam);
    if (error) CFRelease(error);
    EXPECT(SecKeyVerifySignature(NULL, ecdsa, data, data, NULL), false);
    EXPECT(SecKeyVerifySignature(key, NULL, data, (CFDataRef)strings, NULL), false);
    EXPECT(SecKeyIsAlgorithmSupported(key, kSecKeyOperationTypeVerify, ecdsa), true);
    EXPECT(SecKeyIsAlgorithmSupported(key, kSecKeyOperationTypeSign, ecdsa), false);
    EXPECT(SecKeyIsAlgorithmSupported(key, (SecKeyOperationType)9, ecdsa), false);
    EXPECT(SecKeyIsAlgorithmSupported(key, kSecKeyOperationTypeVerify, (SecKeyAlgorithm)data), false);
    EXPECT(SecKeyIsAlgorithmSupported(NULL, kSecKeyOperationTypeVerify, ecdsa), false);

    /* SecCertificate's fields: no certificate. */
    EXPECT(SecCertificateCopyCommonName(NULL, (CFStringRef *)&copied), errSecParam);
    EXPECT(SecCertificateCopyCommonName((SecCertificateRef)data, (CFStringRef *)&copied), errSecParam);
    EXPECT(SecCertificateCopyEmailAddresses((SecCertificateRef)key, (CFArrayRef *)&copied), errSecParam);
    EXPECT(SecCertificateCopyPublicKey(NULL, (SecKeyRef *)&copied), errSecParam);
    EXPECT(copied == NULL, 1);
    EXPECT_NULL(SecCertificateCopyKey((SecCertificateRef)not_an_object));
    EXPECT_ERROR(SecCertificateCopyLongDescription(NULL, NULL, &error_), errSecParam);
    EXPECT_ERROR(SecCertificateCopyShortDescription(NULL, (SecCertificateRef)data, &error_), errSecParam);
    EXPECT_ERROR(SecCertificateCopySerialNumberData(NULL, &error_), errSecDecode);
    EXPECT_ERROR(SecCertificateCopySerialNumber((SecCertificateRef)key, &error_), errSecDecode);
    EXPECT_NULL(SecCertificateCopyNormalizedIssuerSequence(NULL));
    EXPECT_NULL(SecCertificateCopyNormalizedSubjectSequence((SecCertificateRef)data));
    EXPECT_NULL(SecCertificateCopyNotValidBeforeDate((SecCertificateRef)not_an_object));
    EXPECT_NULL(SecCertificateCopyNotValidAfterDate(NULL));
    EXPECT_NULL(SecCertificateCreateWithBytes(NULL, NULL, 5));
    EXPECT_NULL(SecCertificateCreateWithBytes(NULL, point, -1));
    EXPECT_NULL(SecCertificateCreateWithBytes(NULL, point, sizeof point));

    /* Identities and trusts. */
    EXPECT(SecIdentityCopyPrivateKey(NULL, (SecKeyRef *)&copied), errSecParam);
    EXPECT(SecIdentityCopyPrivateKey((SecIdentityRef)key, (SecKeyRef *)&copied), errSecParam);
    EXPECT_NULL(SecIdentityCreate(NULL, NULL, key));
    EXPECT_NULL(SecIdentityCreate(NULL, (SecCertificateRef)data, key));
    EXPECT_NULL(SecTrustCopyKey(NULL));
    EXPECT_NULL(SecTrustCopyPublicKey((SecTrustRef)key));

    /* SecItemExport, SecItemImport. */
    CFDataRef exported = NULL;
    SecItemImportExportKeyParameters params;
    memset(&params, 0, sizeof params);
    EXPECT(SecItemExport(NULL, kSecFormatUnknown, 0, NULL, &exported), errSecParam);
    EXPECT(SecItemExport(key, kSecFormatUnknown, 0, NULL, NULL), errSecParam);
    EXPECT(SecItemExport(data, kSecFormatUnknown, 0, NULL, &exported), errSecInvalidItemRef);
    EXPECT(SecItemExport(strings, kSecFormatUnknown, 0, NULL, &exported), errSecInvalidItemRef);
    EXPECT(SecItemExport(not_an_object, kSecFormatUnknown, 0, NULL, &exported), errSecInvalidItemRef);
    EXPECT(SecItemExport(key, kSecFormatX509Cert, 0, NULL, &exported), errSecParam);
    EXPECT(SecItemExport(key, (SecExternalFormat)99, 0, NULL, &exported), errSecParam);
    EXPECT(SecItemExport(key, kSecFormatPKCS12, 0, NULL, &exported), errSecPassphraseRequired);
    params.passphrase = strings; /* neither a string nor data */
    EXPECT(SecItemExport(key, kSecFormatPKCS12, 0, &params, &exported), errSecParam);
    params.passphrase = CFSTR("pass");
    params.flags = kSecKeySecurePassphrase;
    EXPECT(SecItemExport(key, kSecFormatPKCS12, 0, &params, &exported), errSecParam);
    EXPECT(SecKeychainItemExport(NULL, kSecFormatUnknown, 0, NULL, &exported), errSecParam);
    EXPECT(exported == NULL, 1);
    EXPECT(SecItemExport(key, kSecFormatUnknown, kSecItemPemArmour, NULL, &exported), noErr);

    SecExternalFormat format = kSecFormatUnknown;
    SecExternalItemType type = kSecItemTypeUnknown;
    CFArrayRef items = NULL;
    CFDataRef empty = CFDataCreate(NULL, NULL, 0);
    EXPECT(SecItemImport(NULL, NULL, &format, &type, 0, NULL, NULL, &items), errSecParam);
    EXPECT(SecItemImport(empty, NULL, &format, &type, 0, NULL, NULL, &items), errSecParam);
    EXPECT(SecItemImport((CFDataRef)strings, NULL, NULL, NULL, 0, NULL, NULL, &items), errSecParam);
    EXPECT(SecItemImport(data, (CFStringRef)data, NULL, NULL, 0, NULL, NULL, &items), errSecParam);
    params.passphrase = strings;
    params.flags = 0;
    EXPECT(SecItemImport(data, NULL, NULL, NULL, 0, &params, NULL, &items), errSecParam);
    EXPECT(SecItemImport(data, NULL, &format, &type, 0, NULL, NULL, &items), errSecUnknownFormat);
    format = kSecFormatPKCS12;
    EXPECT(SecItemImport(data, NULL, &format, NULL, 0, NULL, NULL, &items), errSecPassphraseRequired);
    EXPECT(format, kSecFormatPKCS12); /* untouched on failure, as on Apple */
    EXPECT(SecKeychainItemImport(empty, NULL, NULL, NULL, 0, NULL, NULL, &items), errSecParam);
    EXPECT(items == NULL, 1);
    /* A real item with a keychain that is none: refused, nothing returned. */
    format = kSecFormatUnknown;
    EXPECT(SecItemImport(exported, NULL, &format, NULL, 0, NULL, (SecKeychainRef)data, &items),
           errSecInvalidKeychain);
    EXPECT(items == NULL && format == kSecFormatUnknown, 1);
    /* Nothing asked for back: the import only says what the data is. */
    type = kSecItemTypeUnknown;
    EXPECT(SecItemImport(exported, NULL, &format, &type, 0, NULL, NULL, NULL), noErr);
    EXPECT(format == kSecFormatOpenSSL && type == kSecItemTypePublicKey, 1);

    CFRelease(empty);
    CFRelease(exported);
    CFRelease(rsa_private);
    CFRelease(symmetric);
    CFRelease(bad_type);
    CFRelease(junk);
    CFRelease(key);
    CFRelease(ec_public);
    CFRelease(point_data);
    CFRelease(number);
}

/* The library's own exports behind CFStringCreateWithFormat (format.rs, format.c): not in
 * any header, but exported, so checked too. */
extern ptrdiff_t __securetransport_format_plan(CFStringRef format, unsigned char *kinds, size_t capacity);
extern CFStringRef __securetransport_format_string(CFAllocatorRef, CFDictionaryRef, CFStringRef,
                                                   const void *values, size_t count);
extern void __securetransport_format_append(CFMutableStringRef, CFDictionaryRef, CFStringRef,
                                            const void *values, size_t count);
extern CFStringRef __CFCopyFormattingDescription(CFTypeRef cf, CFDictionaryRef options);

static CFStringRef format_with_arguments(CFStringRef format, ...) {
    va_list arguments;
    va_start(arguments, format);
    CFStringRef string = CFStringCreateWithFormatAndArguments(NULL, NULL, format, arguments);
    va_end(arguments);
    return string;
}

static void append_with_arguments(CFMutableStringRef string, CFStringRef format, ...) {
    va_list arguments;
    va_start(arguments, format);
    CFStringAppendFormatAndArguments(string, NULL, format, arguments);
    va_end(arguments);
}

/* The CoreFoundation families, the Darwin calls and CommonCrypto: NULL, objects of the
 * wrong type, memory that is no object, bad lengths and indices, immutable objects
 * changed. Each refuses, as documented, and nothing is lost or corrupted. */
static void core_foundation_and_common_crypto(CFTypeRef not_an_object, CFArrayRef strings,
                                             CFDataRef data) {
    CFStringRef text = CFSTR("text");
    CFTypeRef wrong = data; /* an object, of the wrong type */
    UInt8 bytes[64] = { 0 };
    CFIndex used = 99;
    const void *values[4] = { 0 };

    /* Base, and the older calls' wrong types. */
    EXPECT_NULL(CFRetain(NULL));
    EXPECT_NULL(CFRetain(not_an_object));
    EXPECT(CFBooleanGetValue((CFBooleanRef)wrong), false);
    EXPECT(CFBooleanGetTypeID() != CFStringGetTypeID(), 1);
    EXPECT(CFGetTypeID(data) == CFDataGetTypeID() && CFGetTypeID(strings) == CFArrayGetTypeID(), 1);
    EXPECT(CFDictionaryGetTypeID() != CFErrorGetTypeID(), 1);
    EXPECT_NULL(__CFStringMakeConstantString(NULL));
    EXPECT(CFStringGetCString((CFStringRef)wrong, (char *)bytes, 64, kCFStringEncodingUTF8), false);
    EXPECT(CFStringGetCString(text, NULL, 64, kCFStringEncodingUTF8), false);
    EXPECT(CFStringGetCString(text, (char *)bytes, 4, kCFStringEncodingUTF8), false); /* no room for NUL */
    EXPECT_NULL(CFStringGetCStringPtr((CFStringRef)not_an_object, kCFStringEncodingUTF8));
    EXPECT_NULL(CFStringGetCStringPtr(text, kCFStringEncodingUTF16));
    CFArrayAppendValue((CFMutableArrayRef)wrong, text);
    CFArrayAppendValue((CFMutableArrayRef)strings, text); /* immutable */
    EXPECT(CFArrayGetCount(strings), 1);
    EXPECT(CFHash(NULL), 0);
    EXPECT(CFHash(not_an_object), 0);
    EXPECT_NULL(CFCopyDescription(NULL));
    EXPECT_NULL(CFCopyDescription(not_an_object));
    EXPECT_NULL(__CFCopyFormattingDescription(not_an_object, NULL));
    CFShow(not_an_object); /* "<not an object ...>", no crash */
    EXPECT(CFAllocatorGetTypeID() != 0, 1);

    /* CFString. */
    EXPECT_NULL(CFStringCreateWithBytes(NULL, NULL, 3, kCFStringEncodingUTF8, false));
    EXPECT_NULL(CFStringCreateWithBytes(NULL, bytes, -1, kCFStringEncodingUTF8, false));
    EXPECT_NULL(CFStringCreateWithBytes(NULL, bytes, 1, 0x12345, false)); /* unknown encoding */
    EXPECT_NULL(CFStringCreateWithBytes(NULL, (const UInt8 *)"\xff", 1, kCFStringEncodingUTF8, false));
    EXPECT_NULL(CFStringCreateWithBytes(NULL, (const UInt8 *)"abc", 3, kCFStringEncodingUTF16BE, false));
    EXPECT_NULL(CFStringCreateCopy(NULL, NULL));
    EXPECT_NULL(CFStringCreateCopy(NULL, wrong));
    EXPECT_NULL(CFStringCreateMutableCopy(NULL, 0, not_an_object));
    CFStringAppend(NULL, text);
    CFStringAppend((CFMutableStringRef)wrong, text);
    CFStringAppend((CFMutableStringRef)text, text); /* immutable: unchanged */
    EXPECT(CFStringGetLength(text), 4);
    CFMutableStringRef m = CFStringCreateMutable(NULL, -5);
    CFStringAppend(m, (CFStringRef)wrong);
    CFStringAppendCString(m, NULL, kCFStringEncodingUTF8);
    CFStringAppendCString(m, "\xff", kCFStringEncodingUTF8);
    CFStringAppendCString(m, "x", 0x12345);
    CFStringAppendCString((CFMutableStringRef)not_an_object, "x", kCFStringEncodingUTF8);
    EXPECT(CFStringGetLength(m), 0);
    EXPECT(CFStringGetBytes(NULL, CFRangeMake(0, 1), kCFStringEncodingUTF8, 0, false, bytes, 64, &used), 0);
    EXPECT(CFStringGetBytes(text, CFRangeMake(2, 5), kCFStringEncodingUTF8, 0, false, bytes, 64, &used), 0);
    EXPECT(CFStringGetBytes(text, CFRangeMake(-1, 2), kCFStringEncodingUTF8, 0, false, bytes, 64, &used), 0);
    EXPECT(CFStringGetBytes(text, CFRangeMake(0, 4), 0x12345, 0, false, bytes, 64, &used), 0);
    EXPECT(CFStringGetBytes(text, CFRangeMake(0, 4), kCFStringEncodingUTF8, 0, false, bytes, -3, &used), 0);
    EXPECT(CFStringGetBytes(text, CFRangeMake(0, 4), kCFStringEncodingUTF8, 0, false, bytes, 2, NULL), 2);
    EXPECT(CFStringGetMaximumSizeForEncoding(-1, kCFStringEncodingUTF8), kCFNotFound);
    EXPECT(CFStringGetMaximumSizeForEncoding(LONG_MAX, kCFStringEncodingUTF16), kCFNotFound);
    EXPECT(CFStringCompare(NULL, text, 0), kCFCompareLessThan); /* never "equal" */
    EXPECT(CFStringCompare(text, wrong, 0), kCFCompareLessThan);
    EXPECT(CFStringCompare(not_an_object, not_an_object, 0), kCFCompareLessThan);
    EXPECT(CFStringCompareWithOptions(text, text, CFRangeMake(3, 9), 0), kCFCompareLessThan);
    EXPECT(CFStringCompareWithOptions(wrong, text, CFRangeMake(0, 1), 0), kCFCompareLessThan);
    CFRange found = CFStringFind(NULL, text, 0);
    EXPECT(found.location == kCFNotFound && found.length == 0, 1);
    found = CFStringFind(text, wrong, 0);
    EXPECT(found.location, kCFNotFound);
    EXPECT(CFStringFindWithOptions(text, text, CFRangeMake(1, 9), 0, &found), false);
    EXPECT(CFStringFindWithOptions(not_an_object, text, CFRangeMake(0, 1), 0, NULL), false);
    EXPECT(CFStringHasPrefix(NULL, text), false);
    EXPECT(CFStringHasPrefix(text, wrong), false);
    EXPECT(CFStringHasSuffix(wrong, text), false);
    EXPECT(CFStringHasSuffix(text, NULL), false);
    EXPECT_NULL(CFStringCreateWithFormat(NULL, NULL, NULL));
    EXPECT_NULL(CFStringCreateWithFormat(NULL, NULL, (CFStringRef)wrong, 1));
    EXPECT_NULL(CFStringCreateWithFormat(NULL, NULL, (CFStringRef)not_an_object));
    EXPECT_NULL(CFStringCreateWithFormat(NULL, NULL, CFSTR("%1$d %d"), 1, 2));
    EXPECT_NULL(CFStringCreateWithFormat(NULL, NULL, CFSTR("%1$d %1$s"), 1));
    CFStringRef odd = CFStringCreateWithFormat(NULL, NULL, CFSTR("%@|%n|%"), not_an_object, (int *)bytes);
    EXPECT(odd != NULL && CFStringHasPrefix(odd, CFSTR("<not an object")), 1);
    if (odd) CFRelease(odd);
    EXPECT_NULL(format_with_arguments(NULL));
    EXPECT_NULL(format_with_arguments((CFStringRef)wrong, 3));
    CFStringAppendFormat(NULL, NULL, CFSTR("%d"), 1);
    CFStringAppendFormat((CFMutableStringRef)wrong, NULL, CFSTR("%d"), 1);
    CFStringAppendFormat((CFMutableStringRef)text, NULL, CFSTR("%d"), 1); /* immutable */
    CFStringAppendFormat(m, NULL, NULL);
    append_with_arguments(m, (CFStringRef)wrong, 1);
    append_with_arguments((CFMutableStringRef)not_an_object, CFSTR("%d"), 1);
    EXPECT(CFStringGetLength(m) == 0 && CFStringGetLength(text) == 4, 1);
    unsigned char kinds[4];
    EXPECT(__securetransport_format_plan(NULL, kinds, 4), -1);
    EXPECT(__securetransport_format_plan(CFSTR("%d%d%d%d%d"), kinds, 4), -1);
    EXPECT(__securetransport_format_plan(CFSTR("%d"), NULL, 4), -1);
    EXPECT_NULL(__securetransport_format_string(NULL, NULL, wrong, NULL, 0));
    EXPECT_NULL(__securetransport_format_string(NULL, NULL, CFSTR("%d"), NULL, 1));
    __securetransport_format_append((CFMutableStringRef)wrong, NULL, CFSTR("x"), NULL, 0);
    __securetransport_format_append(m, NULL, CFSTR("%d"), NULL, 1);
    EXPECT(CFStringGetLength(m), 0);
    CFRelease(m);

    /* CFArray. */
    EXPECT_NULL(CFArrayCreateCopy(NULL, NULL));
    EXPECT_NULL(CFArrayCreateCopy(NULL, wrong));
    EXPECT_NULL(CFArrayCreateMutableCopy(NULL, 0, not_an_object));
    CFMutableArrayRef a = CFArrayCreateMutableCopy(NULL, 0, strings);
    CFArraySetValueAtIndex(a, 5, text);
    CFArraySetValueAtIndex(a, -1, text);
    CFArrayInsertValueAtIndex(a, 3, text);
    CFArrayInsertValueAtIndex(a, -2, text);
    CFArrayRemoveValueAtIndex(a, 1);
    CFArrayRemoveValueAtIndex(a, -1);
    CFArraySetValueAtIndex((CFMutableArrayRef)strings, 0, text); /* immutable */
    CFArrayInsertValueAtIndex((CFMutableArrayRef)strings, 0, text);
    CFArrayRemoveValueAtIndex((CFMutableArrayRef)strings, 0);
    CFArrayRemoveAllValues((CFMutableArrayRef)strings);
    CFArrayAppendArray((CFMutableArrayRef)strings, a, CFRangeMake(0, 1));
    CFArrayAppendArray(a, strings, CFRangeMake(0, 2));
    CFArrayAppendArray(a, strings, CFRangeMake(-1, 1));
    CFArrayAppendArray(a, (CFArrayRef)wrong, CFRangeMake(0, 0));
    CFArrayAppendArray(NULL, strings, CFRangeMake(0, 1));
    CFArraySetValueAtIndex(NULL, 0, text);
    CFArrayInsertValueAtIndex((CFMutableArrayRef)not_an_object, 0, text);
    CFArrayRemoveValueAtIndex((CFMutableArrayRef)wrong, 0);
    CFArrayRemoveAllValues(NULL);
    EXPECT(CFArrayGetCount(strings) == 1 && CFArrayGetCount(a) == 1, 1);
    EXPECT(CFArrayContainsValue(NULL, CFRangeMake(0, 1), text), false);
    EXPECT(CFArrayContainsValue(strings, CFRangeMake(0, 2), text), false);
    EXPECT(CFArrayGetFirstIndexOfValue(strings, CFRangeMake(1, -1), text), kCFNotFound);
    EXPECT(CFArrayGetFirstIndexOfValue((CFArrayRef)wrong, CFRangeMake(0, 1), text), kCFNotFound);
    CFArrayGetValues(strings, CFRangeMake(0, 3), values);
    CFArrayGetValues(strings, CFRangeMake(0, 1), NULL);
    CFArrayGetValues(not_an_object, CFRangeMake(0, 1), values);
    EXPECT_NULL(values[0]);
    CFArrayRemoveValueAtIndex(a, 0);
    CFArrayRemoveValueAtIndex(a, 0); /* empty now */
    CFRelease(a);

    /* CFDictionary. */
    EXPECT_NULL(CFDictionaryCreateCopy(NULL, NULL));
    EXPECT_NULL(CFDictionaryCreateCopy(NULL, wrong));
    EXPECT_NULL(CFDictionaryCreateMutableCopy(NULL, 0, not_an_object));
    CFDictionaryRef fixed = CFDictionaryCreate(NULL, (const void **)&text, (const void **)&text, 1,
                                               &kCFTypeDictionaryKeyCallBacks, &kCFTypeDictionaryValueCallBacks);
    CFDictionarySetValue((CFMutableDictionaryRef)fixed, CFSTR("k"), text); /* immutable */
    CFDictionaryAddValue((CFMutableDictionaryRef)fixed, CFSTR("k"), text);
    CFDictionaryReplaceValue((CFMutableDictionaryRef)fixed, text, CFSTR("v"));
    CFDictionaryRemoveValue((CFMutableDictionaryRef)fixed, text);
    CFDictionaryRemoveAllValues((CFMutableDictionaryRef)fixed);
    CFDictionarySetValue(NULL, text, text);
    CFDictionaryAddValue((CFMutableDictionaryRef)wrong, text, text);
    CFDictionaryReplaceValue((CFMutableDictionaryRef)not_an_object, text, text);
    CFDictionaryRemoveValue(NULL, text);
    CFDictionaryRemoveAllValues((CFMutableDictionaryRef)wrong);
    EXPECT(CFDictionaryGetCount(fixed), 1);
    EXPECT(CFDictionaryGetValue(fixed, text) == text, 1);
    const void *value = text;
    EXPECT(CFDictionaryGetValueIfPresent(NULL, text, &value), false);
    EXPECT(CFDictionaryGetValueIfPresent(fixed, wrong, &value), false);
    EXPECT(value == text, 1); /* untouched */
    EXPECT(CFDictionaryGetValueIfPresent(fixed, text, NULL), true);
    EXPECT(CFDictionaryContainsKey(not_an_object, text), false);
    EXPECT(CFDictionaryContainsValue((CFDictionaryRef)wrong, text), false);
    CFDictionaryGetKeysAndValues(NULL, values, values);
    CFDictionaryGetKeysAndValues(fixed, NULL, NULL);
    CFDictionaryGetKeysAndValues(fixed, NULL, values);
    EXPECT(values[0] == text, 1);
    CFMutableDictionaryRef raw = CFDictionaryCreateMutable(NULL, -1, NULL, NULL);
    CFDictionarySetValue(raw, NULL, NULL); /* raw pointers: NULL is a key like any */
    EXPECT(CFDictionaryGetCount(raw), 1);
    CFDictionaryRemoveValue(raw, NULL);
    EXPECT(CFDictionaryGetCount(raw), 0);
    CFRelease(raw);
    CFRelease(fixed);

    /* CFData. */
    EXPECT_NULL(CFDataCreateWithBytesNoCopy(NULL, NULL, 4, kCFAllocatorNull));
    EXPECT_NULL(CFDataCreateWithBytesNoCopy(NULL, bytes, -1, kCFAllocatorNull));
    CFDataRef empty = CFDataCreateWithBytesNoCopy(NULL, NULL, 0, kCFAllocatorDefault);
    EXPECT(empty != NULL && CFDataGetLength(empty) == 0, 1);
    if (empty) CFRelease(empty);
    /* An allocator the library does not know: the bytes are copied, left to the caller. */
    CFDataRef copied = CFDataCreateWithBytesNoCopy(NULL, bytes, 4, (CFAllocatorRef)data);
    EXPECT(copied != NULL && CFDataGetBytePtr(copied) != bytes, 1);
    if (copied) CFRelease(copied);
    EXPECT_NULL(CFDataCreateMutableCopy(NULL, 0, NULL));
    EXPECT_NULL(CFDataCreateMutableCopy(NULL, 0, (CFDataRef)text));
    CFMutableDataRef mutable_data = CFDataCreateMutable(NULL, -7);
    CFDataAppendBytes(mutable_data, NULL, 3);
    CFDataAppendBytes(mutable_data, bytes, -1);
    CFDataAppendBytes((CFMutableDataRef)data, bytes, 1); /* immutable */
    CFDataAppendBytes((CFMutableDataRef)text, bytes, 1);
    CFDataAppendBytes(NULL, bytes, 1);
    EXPECT(CFDataGetLength(mutable_data) == 0 && CFDataGetLength(data) == 3, 1);
    memset(bytes, 0, sizeof bytes);
    CFDataGetBytes(data, CFRangeMake(2, 2), bytes);
    CFDataGetBytes(data, CFRangeMake(-1, 1), bytes);
    CFDataGetBytes(data, CFRangeMake(0, 1), NULL);
    CFDataGetBytes(not_an_object, CFRangeMake(0, 1), bytes);
    EXPECT(bytes[0], 0);
    EXPECT_NULL(CFDataGetMutableBytePtr((CFMutableDataRef)data));
    EXPECT_NULL(CFDataGetMutableBytePtr(NULL));
    CFRelease(mutable_data);

    /* CFError. */
    EXPECT_NULL(CFErrorCreate(NULL, NULL, 1, NULL));
    EXPECT_NULL(CFErrorCreate(NULL, (CFStringRef)wrong, 1, NULL));
    EXPECT_NULL(CFErrorCreate(NULL, text, 1, (CFDictionaryRef)strings));
    EXPECT_NULL(CFErrorCreateWithUserInfoKeysAndValues(NULL, text, 1, NULL, values, 1));
    EXPECT_NULL(CFErrorCreateWithUserInfoKeysAndValues(NULL, text, 1, values, values, -1));
    EXPECT_NULL(CFErrorCreateWithUserInfoKeysAndValues(NULL, not_an_object, 1, NULL, NULL, 0));
    EXPECT(CFErrorGetCode((CFErrorRef)wrong), 0);
    EXPECT_NULL(CFErrorGetDomain((CFErrorRef)not_an_object));
    EXPECT_NULL(CFErrorCopyUserInfo(NULL));
    EXPECT_NULL(CFErrorCopyDescription((CFErrorRef)text));
    EXPECT_NULL(CFErrorCopyFailureReason(NULL));
    EXPECT_NULL(CFErrorCopyRecoverySuggestion((CFErrorRef)wrong));

    /* CFURL. */
    EXPECT(CFURLGetTypeID() != 0, 1);
    EXPECT_NULL(CFURLCreateFromFileSystemRepresentation(NULL, NULL, 3, false));
    EXPECT_NULL(CFURLCreateFromFileSystemRepresentation(NULL, (const UInt8 *)"/x", -1, false));
    EXPECT_NULL(CFURLCreateFromFileSystemRepresentation(NULL, (const UInt8 *)"", 0, false));
    EXPECT_NULL(CFURLCreateFromFileSystemRepresentation(NULL, (const UInt8 *)"/a\0b", 4, false));
    EXPECT_NULL(CFURLCreateWithFileSystemPath(NULL, NULL, kCFURLPOSIXPathStyle, false));
    EXPECT_NULL(CFURLCreateWithFileSystemPath(NULL, (CFStringRef)wrong, kCFURLPOSIXPathStyle, false));
    EXPECT_NULL(CFURLCreateWithFileSystemPath(NULL, text, kCFURLHFSPathStyle, false));
    EXPECT(CFURLGetFileSystemRepresentation(NULL, true, bytes, 64), false);
    EXPECT(CFURLGetFileSystemRepresentation((CFURLRef)text, true, bytes, 64), false);
    CFURLRef url = CFURLCreateFromFileSystemRepresentation(NULL, (const UInt8 *)"/tmp", 4, true);
    EXPECT(CFURLGetFileSystemRepresentation(url, true, NULL, 64), false);
    EXPECT(CFURLGetFileSystemRepresentation(url, true, bytes, -1), false);
    EXPECT_NULL(CFURLCopyFileSystemPath(url, kCFURLWindowsPathStyle));
    EXPECT_NULL(CFURLCopyFileSystemPath(not_an_object, kCFURLPOSIXPathStyle));
    EXPECT_NULL(CFURLGetString((CFURLRef)wrong));
    SInt32 code = 0;
    CFDataRef contents = (CFDataRef)text;
    EXPECT(CFURLCreateDataAndPropertiesFromResource(NULL, NULL, &contents, NULL, NULL, &code), false);
    EXPECT(code, kCFURLImproperArgumentsError);
    EXPECT(CFURLCreateDataAndPropertiesFromResource(NULL, url, &contents, NULL, NULL, &code), false);
    EXPECT(code, kCFURLUnknownError); /* a directory */
    EXPECT(contents == (CFDataRef)text, 1);
    EXPECT(CFURLCreateDataAndPropertiesFromResource(NULL, (CFURLRef)wrong, NULL, NULL, NULL, NULL), false);
    CFRelease(url);

    /* sysctl and friends: errno as Darwin's. */
    int mib[3] = { CTL_KERN, KERN_OSTYPE, 0 };
    char name[16];
    size_t size = sizeof name;
    errno = 0;
    EXPECT(sysctl(NULL, 2, name, &size, NULL, 0), -1);
    EXPECT(errno, EINVAL);
    EXPECT(sysctl(mib, 1, name, &size, NULL, 0), -1);
    EXPECT(errno, EINVAL);
    EXPECT(sysctl(mib, 3, name, &size, NULL, 0), -1);
    EXPECT(errno, ENOENT);
    EXPECT(sysctl(mib, 2, name, &size, name, 3), -1);
    EXPECT(errno, EPERM);
    EXPECT(sysctl(mib, 2, name, NULL, NULL, 0), -1);
    EXPECT(errno, EINVAL);
    size = 3;
    EXPECT(sysctl(mib, 2, name, &size, NULL, 0), -1);
    EXPECT(errno == ENOMEM && size == 7, 1); /* "Darwin" and its NUL */
    EXPECT(sysctlbyname(NULL, name, &size, NULL, 0), -1);
    EXPECT(errno, EINVAL);
    EXPECT(sysctlbyname("kern.nothing", name, &size, NULL, 0), -1);
    EXPECT(errno, ENOENT);
    size = 1;
    EXPECT(sysctlnametomib("kern.osrelease", mib, &size), -1);
    EXPECT(errno, ENOMEM);
    EXPECT(sysctlnametomib("kern.osrelease", NULL, &size), -1);
    EXPECT(sysctlnametomib(NULL, mib, &size), -1);
    EXPECT(sysctlnametomib("no.such", mib, &size), -1);
    EXPECT(errno, ENOENT);

    /* CommonDigest: NULL contexts and data, and contexts of garbage (a wrong digest, but
     * no write outside them). */
    unsigned char md[64];
    EXPECT(CC_MD5_Init(NULL), 0);
    EXPECT(CC_SHA1_Update(NULL, "x", 1), 0);
    EXPECT(CC_SHA224_Final(md, NULL), 0);
    EXPECT(CC_SHA256_Final(NULL, NULL), 1); /* Apple: nothing to do without output */
    EXPECT_NULL(CC_SHA384(NULL, 5, md));
    EXPECT_NULL(CC_SHA512("x", 1, NULL));
    EXPECT_NULL(CC_MD5(NULL, 1, md));
    EXPECT_NULL(CC_SHA1(NULL, 1, md));
    EXPECT_NULL(CC_SHA224(NULL, 1, md));
    EXPECT_NULL(CC_SHA256(NULL, 1, md));
    struct { CC_SHA512_CTX context; unsigned char guard[32]; } sha512;
    memset(&sha512, 0xA5, sizeof sha512);
    EXPECT(CC_SHA512_Update(&sha512.context, bytes, sizeof bytes), 1);
    EXPECT(CC_SHA384_Update(&sha512.context, NULL, 1), 0);
    EXPECT(CC_SHA512_Final(md, &sha512.context), 1);
    EXPECT(sha512.guard[0] == 0xA5 && sha512.guard[31] == 0xA5, 1);
    struct { CC_SHA256_CTX context; unsigned char guard[32]; } sha256;
    memset(&sha256, 0xFF, sizeof sha256);
    EXPECT(CC_SHA256_Update(&sha256.context, bytes, sizeof bytes), 1);
    EXPECT(CC_SHA224_Update(&sha256.context, bytes, 3), 1);
    EXPECT(CC_SHA256_Final(md, &sha256.context), 1);
    EXPECT(sha256.guard[0] == 0xFF && sha256.guard[31] == 0xFF, 1);
    struct { CC_MD5_CTX context; unsigned char guard[32]; } md5;
    memset(&md5, 0x7F, sizeof md5);
    EXPECT(CC_MD5_Update(&md5.context, bytes, sizeof bytes), 1);
    EXPECT(CC_MD5_Final(md, &md5.context), 1);
    EXPECT(md5.guard[0] == 0x7F && md5.guard[31] == 0x7F, 1);
    CC_SHA1_CTX sha1;
    memset(&sha1, 0xEE, sizeof sha1);
    EXPECT(CC_SHA1_Update(&sha1, bytes, 7), 1);
    EXPECT(CC_SHA1_Final(md, &sha1), 1);
    CC_SHA256_CTX sha224;
    EXPECT(CC_SHA224_Init(&sha224), 1);
    EXPECT(CC_SHA384_Init(NULL), 0);
    EXPECT(CC_SHA512_Init(NULL), 0);
    EXPECT(CC_SHA1_Init(NULL), 0);
    EXPECT(CC_SHA256_Init(NULL), 0);
    EXPECT(CC_MD5_Final(md, NULL), 0);
    EXPECT(CC_SHA384_Final(md, NULL), 0);

    /* CommonHMAC: an unknown algorithm or NULL key leaves the context unusable; a context
     * CCHmacInit never set up is ignored. */
    CCHmacContext hmac;
    memset(&hmac, 0x5A, sizeof hmac);
    CCHmacUpdate(&hmac, "x", 1);
    memset(md, 0x11, sizeof md);
    CCHmacFinal(&hmac, md);
    EXPECT(md[0], 0x11);
    CCHmacInit(&hmac, 77, "k", 1);
    CCHmacFinal(&hmac, md);
    EXPECT(md[0], 0x11);
    CCHmacInit(&hmac, kCCHmacAlgSHA256, NULL, 3);
    CCHmacUpdate(&hmac, "x", 1);
    CCHmacFinal(&hmac, md);
    EXPECT(md[0], 0x11);
    CCHmacInit(NULL, kCCHmacAlgSHA256, "k", 1);
    CCHmacUpdate(NULL, "x", 1);
    CCHmacFinal(NULL, md);
    CCHmacInit(&hmac, kCCHmacAlgSHA1, "k", 1);
    CCHmacUpdate(&hmac, NULL, 4);
    CCHmacFinal(&hmac, NULL);
    CCHmac(kCCHmacAlgSHA1, NULL, 4, "x", 1, md);
    CCHmac(kCCHmacAlgSHA1, "k", 1, NULL, 4, md);
    CCHmac(99, "k", 1, "x", 1, md);
    CCHmac(kCCHmacAlgMD5, "k", 1, "x", 1, NULL);
    EXPECT(md[0], 0x11);

    /* CommonCryptor. */
    unsigned char key[32] = { 0 }, out[64];
    size_t moved = 7;
    CCCryptorRef cryptor = (CCCryptorRef)wrong;
    EXPECT(CCCryptorCreate(kCCEncrypt, kCCAlgorithmAES, 0, NULL, 16, NULL, &cryptor), kCCParamError);
    EXPECT(cryptor == NULL, 1);
    EXPECT(CCCryptorCreate(kCCEncrypt, kCCAlgorithmAES, 0, key, 16, NULL, NULL), kCCParamError);
    EXPECT(CCCryptorCreate(7, kCCAlgorithmAES, 0, key, 16, NULL, &cryptor), kCCParamError);
    EXPECT(CCCryptorCreate(kCCEncrypt, 42, 0, key, 16, NULL, &cryptor), kCCParamError);
    EXPECT(CCCryptorCreate(kCCEncrypt, kCCAlgorithmAES, 0, key, 17, NULL, &cryptor), kCCKeySizeError);
    EXPECT(CCCryptorCreate(kCCEncrypt, kCCAlgorithmDES, 0, key, 16, NULL, &cryptor), kCCKeySizeError);
    EXPECT(CCCryptorCreate(kCCEncrypt, kCCAlgorithmRC4, 0, key, 16, NULL, &cryptor), kCCUnimplemented);
    EXPECT(CCCryptorCreate(kCCEncrypt, kCCAlgorithmCAST, 0, key, 16, NULL, &cryptor), kCCUnimplemented);
    EXPECT(CCCryptorCreate(kCCEncrypt, kCCAlgorithmRC2, 0, key, 16, NULL, &cryptor), kCCUnimplemented);
    EXPECT(CCCryptorRelease(NULL), kCCSuccess);
    EXPECT(CCCryptorRelease((CCCryptorRef)wrong), kCCParamError);
    EXPECT(CCCryptorRelease((CCCryptorRef)not_an_object), kCCParamError);
    EXPECT(CCCryptorGetOutputLength((CCCryptorRef)wrong, 16, true), 0);
    EXPECT(CCCryptorUpdate(NULL, "x", 1, out, 64, &moved), kCCParamError);
    EXPECT(CCCryptorUpdate((CCCryptorRef)not_an_object, "x", 1, out, 64, &moved), kCCParamError);
    EXPECT(CCCryptorFinal(NULL, out, 64, &moved), kCCSuccess); /* as Apple */
    EXPECT(CCCryptorFinal((CCCryptorRef)wrong, out, 64, &moved), kCCParamError);
    EXPECT(CCCryptorCreate(kCCEncrypt, kCCAlgorithmAES, kCCOptionPKCS7Padding, key, 16, NULL, &cryptor), kCCSuccess);
    EXPECT(CCCryptorUpdate(cryptor, NULL, 16, out, 64, &moved), kCCParamError);
    EXPECT(CCCryptorUpdate(cryptor, "x", 20, NULL, 64, &moved), kCCParamError);
    EXPECT(CCCryptorUpdate(cryptor, "0123456789abcdefghij", 20, out, 3, &moved), kCCBufferTooSmall);
    EXPECT(moved, 16);
    EXPECT(CCCryptorUpdate(cryptor, "x", 0, NULL, 0, &moved), kCCSuccess);
    EXPECT(moved, 0);
    EXPECT(CCCryptorUpdate(cryptor, "x", (size_t)-1, out, 64, &moved), kCCBufferTooSmall);
    EXPECT(CCCryptorFinal(cryptor, NULL, 64, &moved), kCCBufferTooSmall); /* a padding block */
    EXPECT(CCCryptorFinal(cryptor, out, 64, NULL), kCCSuccess);
    EXPECT(CCCryptorRelease(cryptor), kCCSuccess);
    EXPECT(CCCryptorRelease(cryptor), kCCParamError); /* released */
    EXPECT(CCCryptorUpdate(cryptor, "x", 1, out, 64, &moved), kCCParamError);
    EXPECT(CCCrypt(kCCEncrypt, kCCAlgorithmAES, 0, NULL, 16, NULL, "x", 16, out, 64, &moved), kCCParamError);
    EXPECT(CCCrypt(kCCEncrypt, kCCAlgorithmAES, 0, key, 16, NULL, NULL, 16, out, 64, &moved), kCCParamError);
    EXPECT(CCCrypt(kCCEncrypt, kCCAlgorithmAES, 0, key, 16, NULL, "x", 16, NULL, 64, &moved), kCCParamError);
    EXPECT(CCCrypt(kCCEncrypt, kCCAlgorithmAES, 0, key, 16, NULL, "x", (size_t)-1, out, 64, &moved), kCCBufferTooSmall);
    EXPECT(CCCrypt(kCCDecrypt, kCCAlgorithmAES, kCCOptionPKCS7Padding, key, 16, NULL, "x", 0, out, 64, &moved), kCCDecodeError);

    /* CommonRandom, CommonKeyDerivation. */
    EXPECT(CCRandomGenerateBytes(NULL, 4), kCCParamError);
    EXPECT(CCRandomGenerateBytes(out, (size_t)-1), kCCParamError);
    EXPECT(CCKeyDerivationPBKDF(kCCPBKDF2, NULL, 1, (const uint8_t *)"s", 1, kCCPRFHmacAlgSHA1, 1, out, 16), kCCParamError);
    EXPECT(CCKeyDerivationPBKDF(kCCPBKDF2, "p", 1, NULL, 1, kCCPRFHmacAlgSHA1, 1, out, 16), kCCParamError);
    EXPECT(CCKeyDerivationPBKDF(kCCPBKDF2, "p", 1, (const uint8_t *)"s", 1, kCCPRFHmacAlgSHA1, 1, NULL, 16), kCCParamError);
    EXPECT(CCKeyDerivationPBKDF(kCCPBKDF2, "p", 1, (const uint8_t *)"s", 1, kCCPRFHmacAlgSHA1, 1, out, 0), kCCParamError);
    EXPECT(CCKeyDerivationPBKDF(kCCPBKDF2, "p", 1, (const uint8_t *)"s", 1, 99, 1, out, 16), kCCParamError);
    EXPECT(CCKeyDerivationPBKDF(kCCPBKDF2, "p", (size_t)-1, (const uint8_t *)"s", 1, kCCPRFHmacAlgSHA1, 1, out, 16), kCCParamError);
    EXPECT(CCKeyDerivationPBKDF(kCCPBKDF2, "p", 1, (const uint8_t *)"s", 1, kCCPRFHmacAlgSHA1, 1, out, (size_t)-1), kCCParamError);
    EXPECT(CCCalibratePBKDF(kCCPBKDF2, 1, 1, 99, 16, 10), (unsigned)-1);
    EXPECT(CCCalibratePBKDF(3, 1, 1, kCCPRFHmacAlgSHA1, 16, 10), (unsigned)-1);
    EXPECT(CCCalibratePBKDF(kCCPBKDF2, 1, 1, kCCPRFHmacAlgSHA1, 0, 10), (unsigned)-1);
    EXPECT(CCCalibratePBKDF(kCCPBKDF2, 1, 200, kCCPRFHmacAlgSHA1, 16, 10), (unsigned)-1);
}

/* Dictionaries made for one call each, released together. */
static CFTypeRef made[64];
static int made_count;

/* A dictionary of keys and values given in turn (NULL ends them). */
static CFDictionaryRef dict(const void *first, ...) {
    const void *keys[8], *values[8];
    CFIndex count = 0;
    va_list pairs;
    va_start(pairs, first);
    for (const void *key = first; key != NULL && count < 8; key = va_arg(pairs, const void *)) {
        keys[count] = key;
        values[count++] = va_arg(pairs, const void *);
    }
    va_end(pairs);
    CFDictionaryRef made_one = CFDictionaryCreate(NULL, keys, values, count,
                                                  &kCFTypeDictionaryKeyCallBacks,
                                                  &kCFTypeDictionaryValueCallBacks);
    REQUIRE(made_count < 64, "too many dictionaries");
    made[made_count++] = made_one;
    return made_one;
}

/* Keychain items (SecItemAdd, SecItemCopyMatching, SecItemUpdate, SecItemDelete,
 * SecIdentityCreateWithCertificate, SecItemImport into a keychain): NULL, objects of the
 * wrong type, bad values, a locked keychain, a missing one, a duplicate. A failed call leaves
 * NULL in its result. `cert_pem` and `key_pem` are a certificate and its key, `p12_path`
 * another identity in a PKCS#12 file (passphrase "bad input"). */
static void item_calls(CFTypeRef not_an_object, CFArrayRef strings, CFDataRef data,
                       const char *cert_pem, const char *key_pem, const char *p12_path) {
    CFTypeRef result = data;
    SecKeychainRef keychain = NULL, missing = NULL;
    CHECK(SecKeychainCreate("items.keychain", 2, "pw", false, NULL, &keychain));
    CHECK(SecKeychainOpen("missing.keychain", &missing));

    /* A certificate and its key imported into it, twice, and into what is no keychain. */
    CFDataRef cert_file = copy_file(cert_pem), key_file = copy_file(key_pem);
    CFArrayRef certs = NULL, keys = NULL;
    CHECK(SecItemImport(cert_file, NULL, NULL, NULL, 0, NULL, keychain, &certs));
    CHECK(SecItemImport(key_file, NULL, NULL, NULL, 0, NULL, keychain, &keys));
    SecCertificateRef cert = (SecCertificateRef)CFArrayGetValueAtIndex(certs, 0);
    SecKeyRef public_key = SecKeyCopyPublicKey((SecKeyRef)CFArrayGetValueAtIndex(keys, 0));
    EXPECT(SecItemImport(cert_file, NULL, NULL, NULL, 0, NULL, keychain, NULL),
           errSecDuplicateItem);
    EXPECT(SecItemImport(cert_file, NULL, NULL, NULL, 0, NULL, (SecKeychainRef)data, NULL),
           errSecInvalidKeychain);
    EXPECT(SecItemImport(cert_file, NULL, NULL, NULL, 0, NULL, missing, NULL),
           errSecNoSuchKeychain);

    /* A trust's revocation inputs: CFData only; junk responses are taken and ignored. */
    SecTrustRef trust = NULL;
    Boolean fetch = 2;
    CHECK(SecTrustCreateWithCertificates(cert, NULL, &trust));
    EXPECT(SecTrustSetOCSPResponse(trust, strings), errSecParam);
    EXPECT(SecTrustSetOCSPResponse(trust, not_an_object), errSecParam);
    EXPECT(SecTrustSetOCSPResponse(trust, data), noErr);
    EXPECT(SecTrustSetSignedCertificateTimestamps(trust, strings), errSecParam);
    EXPECT(SecTrustGetNetworkFetchAllowed(trust, NULL), errSecParam);
    EXPECT(SecTrustGetNetworkFetchAllowed(trust, &fetch), noErr);
    EXPECT(fetch, 0); /* the basic X.509 policy's */
    EXPECT(SecTrustSetOptions(trust, 0xffffffff), noErr);
    CFRelease(trust);
    CFArrayRef roots = NULL;
    EXPECT(SecTrustCopyAnchorCertificates(&roots), noErr);
    EXPECT(roots != NULL, 1);
    if (roots) CFRelease(roots);

    /* SecIdentityCreateWithCertificate */
    SecIdentityRef identity = NULL;
    CFArrayRef none = CFArrayCreate(NULL, NULL, 0, &kCFTypeArrayCallBacks);
    EXPECT(SecIdentityCreateWithCertificate(keychain, NULL, &identity), errSecParam);
    EXPECT(SecIdentityCreateWithCertificate(keychain, (SecCertificateRef)data, &identity),
           errSecParam);
    EXPECT(SecIdentityCreateWithCertificate(keychain, cert, NULL), errSecParam);
    EXPECT(SecIdentityCreateWithCertificate(data, cert, &identity), errSecParam);
    EXPECT(SecIdentityCreateWithCertificate(not_an_object, cert, &identity), errSecParam);
    EXPECT(SecIdentityCreateWithCertificate(strings, cert, &identity), errSecInvalidKeychain);
    EXPECT(SecIdentityCreateWithCertificate(none, cert, &identity), errSecItemNotFound);
    EXPECT(SecIdentityCreateWithCertificate(missing, cert, &identity), errSecNoSuchKeychain);
    EXPECT(SecIdentityCreateWithCertificate(NULL, cert, &identity), errSecItemNotFound);
    EXPECT(identity == NULL, 1);
    CHECK(SecIdentityCreateWithCertificate(keychain, cert, &identity));

    /* SecItemCopyMatching: the query's form. */
    CFStringRef genp = CFStringCreateWithCString(NULL, "genp", kCFStringEncodingUTF8);
    int minus_one = -1;
    CFNumberRef negative = CFNumberCreate(NULL, kCFNumberIntType, &minus_one);
    EXPECT(SecItemCopyMatching(NULL, &result), errSecParam);
    EXPECT(result == NULL, 1);
    EXPECT(SecItemCopyMatching((CFDictionaryRef)data, &result), errSecParam);
    EXPECT(SecItemCopyMatching((CFDictionaryRef)not_an_object, NULL), errSecParam);
    EXPECT(SecItemCopyMatching(dict(kSecAttrLabel, strings, NULL), &result), errSecParam);
    EXPECT(SecItemCopyMatching(dict(kSecClass, data, NULL), &result), errSecParam);
    EXPECT(SecItemCopyMatching(dict(kSecClass, kSecAttrLabel, NULL), &result), errSecParam);
    EXPECT(SecItemCopyMatching(dict(kSecClass, genp, NULL), &result), errSecUnimplemented);
    EXPECT(SecItemCopyMatching(dict(kSecClass, kSecClassCertificate, kSecMatchLimit, data, NULL),
                               &result), errSecParam);
    EXPECT(SecItemCopyMatching(dict(kSecClass, kSecClassCertificate, kSecMatchLimit, negative,
                                    NULL), &result), errSecParam);
    EXPECT(SecItemCopyMatching(dict(kSecClass, kSecClassCertificate, kSecMatchSearchList, data,
                                    NULL), &result), errSecParam);
    EXPECT(SecItemCopyMatching(dict(kSecClass, kSecClassCertificate, kSecMatchSearchList,
                                    strings, NULL), &result), errSecInvalidKeychain);
    EXPECT(SecItemCopyMatching(dict(kSecClass, kSecClassCertificate, kSecUseKeychain, data,
                                    NULL), &result), errSecParam);
    EXPECT(SecItemCopyMatching(dict(kSecClass, kSecClassCertificate, kSecValueRef, data, NULL),
                               &result), errSecParam);
    EXPECT(SecItemCopyMatching(dict(kSecClass, kSecClassCertificate, kSecAttrLabel, data, NULL),
                               &result), errSecParam);
    EXPECT(SecItemCopyMatching(dict(kSecClass, kSecClassCertificate, kSecMatchPolicy, data,
                                    NULL), &result), errSecParam);
    EXPECT(SecItemCopyMatching(dict(kSecValuePersistentRef, data, NULL), &result),
           errSecItemNotFound);
    EXPECT(SecItemCopyMatching(dict(kSecValuePersistentRef, strings, NULL), &result),
           errSecParam);
    EXPECT(SecItemCopyMatching(dict(kSecClass, kSecClassKey, kSecUseKeychain, missing, NULL),
                               &result), errSecNoSuchKeychain);
    EXPECT(result == NULL, 1);
    CFDictionaryRef in_keychain = dict(kSecClass, kSecClassIdentity, kSecUseKeychain, keychain,
                                       NULL);
    EXPECT(SecItemCopyMatching(in_keychain, NULL), noErr);

    /* A locked keychain: nothing read or changed without its password. */
    CHECK(SecKeychainLock(keychain));
    EXPECT(SecItemCopyMatching(in_keychain, &result), errSecInteractionNotAllowed);
    EXPECT(SecItemDelete(in_keychain), errSecInteractionNotAllowed);
    EXPECT(SecItemAdd(dict(kSecValueRef, identity, kSecUseKeychain, keychain, NULL), NULL),
           errSecInteractionNotAllowed);
    EXPECT(SecIdentityCreateWithCertificate(keychain, cert, (SecIdentityRef *)&result),
           errSecInteractionNotAllowed);
    EXPECT(SecItemImport(cert_file, NULL, NULL, NULL, 0, NULL, keychain, NULL),
           errSecInteractionNotAllowed);
    CHECK(SecKeychainUnlock(keychain, 2, "pw", true));

    /* SecItemAdd */
    result = data;
    EXPECT(SecItemAdd(NULL, &result), errSecParam);
    EXPECT(result == NULL, 1);
    EXPECT(SecItemAdd((CFDictionaryRef)data, NULL), errSecParam);
    EXPECT(SecItemAdd(dict(kSecClass, kSecClassIdentity, kSecValueRef, identity,
                           kSecUseKeychain, keychain, NULL), NULL), errSecParam);
    EXPECT(SecItemAdd(dict(kSecValueRef, data, kSecUseKeychain, keychain, NULL), NULL),
           errSecParam);
    EXPECT(SecItemAdd(dict(kSecClass, kSecClassCertificate, kSecUseKeychain, keychain, NULL),
                      NULL), errSecParam);
    EXPECT(SecItemAdd(dict(kSecClass, kSecClassCertificate, kSecValueData, data,
                           kSecUseKeychain, keychain, NULL), NULL), errSecDecode);
    EXPECT(SecItemAdd(dict(kSecValueRef, cert, kSecUseKeychain, data, NULL), NULL), errSecParam);
    EXPECT(SecItemAdd(dict(kSecValueRef, cert, kSecUseKeychain, keychain, kSecAttrLabel, data,
                           NULL), NULL), errSecParam);
    EXPECT(SecItemAdd(dict(kSecValueRef, cert, kSecUseKeychain, keychain, NULL), &result),
           errSecDuplicateItem);
    EXPECT(SecItemAdd(dict(kSecValueRef, identity, kSecUseKeychain, keychain, NULL), NULL),
           errSecDuplicateItem);
    EXPECT(SecItemAdd(dict(kSecValueRef, public_key, kSecUseKeychain, keychain, NULL), NULL),
           errSecUnimplemented);
    EXPECT(SecItemAdd(dict(kSecValueRef, cert, kSecUseKeychain, missing, NULL), NULL),
           errSecNoSuchKeychain);
    EXPECT(result == NULL, 1);

    /* SecPKCS12Import into a keychain (kSecImportExportKeychain): once, under the archive's
     * label; not twice; not into what is no keychain. */
    CFDataRef p12 = copy_file(p12_path);
    CFStringRef passphrase = CFStringCreateWithCString(NULL, "bad input", kCFStringEncodingUTF8);
    CFArrayRef p12_items = NULL;
    CHECK(SecPKCS12Import(p12, dict(kSecImportExportPassphrase, passphrase,
                                     kSecImportExportKeychain, keychain, NULL), &p12_items));
    EXPECT(CFArrayGetCount(p12_items), 1);
    CFRelease(p12_items);
    p12_items = NULL;
    EXPECT(SecPKCS12Import(p12, dict(kSecImportExportPassphrase, passphrase,
                                     kSecImportExportKeychain, keychain, NULL), &p12_items),
           errSecDuplicateItem);
    EXPECT(SecPKCS12Import(p12, dict(kSecImportExportPassphrase, passphrase,
                                     kSecImportExportKeychain, data, NULL), &p12_items),
           errSecInvalidKeychain);
    EXPECT(p12_items == NULL, 1);
    CFStringRef p12_label = CFStringCreateWithCString(NULL, "secure-transport test",
                                                      kCFStringEncodingUTF8);
    EXPECT(SecItemCopyMatching(dict(kSecClass, kSecClassIdentity, kSecAttrLabel, p12_label,
                                    kSecUseKeychain, keychain, NULL), NULL), noErr);
    CFRelease(p12_label);
    CFRelease(passphrase);
    CFRelease(p12);

    /* SecItemUpdate */
    CFDictionaryRef relabel = dict(kSecAttrLabel, genp, NULL);
    EXPECT(SecItemUpdate(NULL, relabel), errSecParam);
    EXPECT(SecItemUpdate(in_keychain, NULL), errSecParam);
    EXPECT(SecItemUpdate(in_keychain, (CFDictionaryRef)data), errSecParam);
    EXPECT(SecItemUpdate((CFDictionaryRef)strings, relabel), errSecParam);
    EXPECT(SecItemUpdate(in_keychain, dict(kSecAttrLabel, data, NULL)), errSecParam);
    EXPECT(SecItemUpdate(in_keychain, dict(kSecClass, kSecClassKey, NULL)), errSecUnimplemented);
    EXPECT(SecItemUpdate(dict(kSecClass, kSecClassKey, kSecAttrLabel, data, NULL), relabel),
           errSecParam);
    CFDictionaryRef nothing = dict(kSecClass, kSecClassKey, kSecAttrLabel, genp,
                                   kSecUseKeychain, keychain, NULL);
    EXPECT(SecItemUpdate(nothing, relabel), errSecItemNotFound);

    /* SecItemDelete: what is not there; then the identity, which takes its key along. */
    EXPECT(SecItemDelete(NULL), errSecParam);
    EXPECT(SecItemDelete((CFDictionaryRef)data), errSecParam);
    EXPECT(SecItemDelete(dict(kSecClass, genp, NULL)), errSecUnimplemented);
    EXPECT(SecItemDelete(nothing), errSecItemNotFound);
    EXPECT(SecItemDelete(dict(kSecClass, kSecClassKey, kSecUseKeychain, missing, NULL)),
           errSecNoSuchKeychain);
    CFDictionaryRef this_identity = dict(kSecClass, kSecClassIdentity, kSecValueRef, identity,
                                         kSecUseKeychain, keychain, NULL);
    EXPECT(SecItemDelete(this_identity), noErr);
    EXPECT(SecItemCopyMatching(this_identity, NULL), errSecItemNotFound);
    EXPECT(SecItemCopyMatching(in_keychain, NULL), noErr); /* the PKCS#12 one */
    EXPECT(SecIdentityCreateWithCertificate(keychain, cert, (SecIdentityRef *)&result),
           errSecItemNotFound);

    CHECK(SecKeychainDelete(keychain));
    EXPECT(SecItemCopyMatching(in_keychain, NULL), errSecNoSuchKeychain);
    while (made_count > 0)
        CFRelease(made[--made_count]);
    CFRelease(negative);
    CFRelease(genp);
    CFRelease(none);
    CFRelease(identity);
    CFRelease(public_key);
    CFRelease(keys);
    CFRelease(certs);
    CFRelease(key_file);
    CFRelease(cert_file);
    CFRelease(missing);
    CFRelease(keychain);
}

/* A callback calling back into its own context (the connection is the context): each such
 * call is errSecBadReq, as the context is busy in the call that ran the callback, which goes
 * on unharmed. */
static int inner_calls;
static OSStatus inner_codes[3];

static OSStatus reentering_write(SSLConnectionRef c, const void *d, size_t *n) {
    SSLContextRef ctx = (SSLContextRef)c;
    SSLSessionState state;
    size_t written = 0;
    (void)d;
    if (inner_calls++ == 0) {
        inner_codes[0] = SSLGetSessionState(ctx, &state);
        inner_codes[1] = SSLWrite(ctx, "x", 1, &written);
        inner_codes[2] = SSLClose(ctx);
    }
    *n = 0;
    return errSSLWouldBlock;
}

static void reentrant_calls(void) {
    SSLContextRef ctx = SSLCreateContext(NULL, kSSLClientSide, kSSLStreamType);
    REQUIRE(ctx != NULL, "SSLCreateContext");
    CHECK(SSLSetIOFuncs(ctx, no_read, reentering_write));
    CHECK(SSLSetConnection(ctx, ctx));
    CHECK(SSLSetPeerDomainName(ctx, "localhost", 9));
    EXPECT(SSLHandshake(ctx), errSSLWouldBlock);
    EXPECT(inner_calls > 0, 1);
    EXPECT(inner_codes[0], errSecBadReq);
    EXPECT(inner_codes[1], errSecBadReq);
    EXPECT(inner_codes[2], errSecBadReq);
    SSLSessionState state;
    EXPECT(SSLGetSessionState(ctx, &state), noErr);
    EXPECT(state, kSSLHandshake);
    EXPECT(SSLHandshake(ctx), errSSLWouldBlock);
    /* The ClientHello still waits in the write queue. */
    EXPECT(SSLClose(ctx), errSSLWouldBlock);
    EXPECT(SSLGetSessionState(ctx, &state), noErr);
    EXPECT(state, kSSLClosed);
    CFRelease(ctx);
}

int main(int argc, char **argv) {
    REQUIRE(argc == 4, "usage: %s certificate.pem key.pem identity.p12", argv[0]);
    UInt8 bytes[3] = { 1, 2, 3 };
    CFDataRef data = CFDataCreate(NULL, bytes, sizeof bytes);
    CFStringRef text = CFStringCreateWithCString(NULL, "h2", kCFStringEncodingUTF8);
    CFArrayRef strings = CFArrayCreate(NULL, (const void **)&text, 1, &kCFTypeArrayCallBacks);
    /* Readable memory that is no object: zeroes, and a pattern. */
    static unsigned char zeroes[256];
    unsigned char pattern[256];
    memset(pattern, 0xA5, sizeof pattern);

    with_bad_context(NULL, strings, data);
    with_bad_context((SSLContextRef)text, strings, data);
    with_bad_context((SSLContextRef)strings, strings, data);
    with_bad_context((SSLContextRef)zeroes, strings, data);
    with_bad_context((SSLContextRef)pattern, strings, data);

    SSLContextRef ctx = SSLCreateContext(NULL, kSSLClientSide, kSSLStreamType);
    REQUIRE(ctx != NULL, "SSLCreateContext");
    CHECK(SSLSetPeerDomainName(ctx, "localhost", 9));
    CHECK(SSLSetProtocolVersionMin(ctx, kTLSProtocol12));
    with_null_outputs(ctx);
    with_bad_values(ctx, strings, data);
    around_secure_transport(pattern, strings, data);
    keychain_calls(pattern, strings, data);
    item_calls(pattern, strings, data, argv[1], argv[2], argv[3]);
    keys_and_items(pattern, strings, data);
    core_foundation_and_common_crypto(pattern, strings, data);
    reentrant_calls();

    /* A datagram context: Apple's sizes and limits. */
    SSLContextRef dtls = NULL;
    EXPECT(SSLNewDatagramContext(true, &dtls), noErr);
    size_t record = 0, write_size = 0;
    UInt8 long_cookie[33] = { 0 };
    EXPECT(SSLGetMaxDatagramRecordSize(dtls, &record), noErr);
    EXPECT(record, 1400);
    EXPECT(SSLGetDatagramWriteSize(dtls, &write_size), noErr);
    EXPECT(write_size, 1327);
    EXPECT(SSLSetDatagramHelloCookie(dtls, long_cookie, sizeof long_cookie), errSecParam);
    EXPECT(SSLSetDatagramHelloCookie(dtls, NULL, 4), errSecParam);
    EXPECT(SSLSetDatagramHelloCookie(dtls, long_cookie, 32), noErr);
    EXPECT(SSLSetMaxDatagramRecordSize(dtls, 10), errSecParam);
    EXPECT(SSLSetProtocolVersionEnabled(dtls, kDTLSProtocol1, true), errSecBadReq);
    Boolean enabled = true;
    EXPECT(SSLGetProtocolVersionEnabled(dtls, kDTLSProtocol1, &enabled), errSecBadReq);
    EXPECT(SSLSetProtocolVersionMin(dtls, kTLSProtocol12), errSSLIllegalParam);
    EXPECT(SSLNewDatagramContext(true, NULL), errSecParam);
    CFRelease(dtls);

    /* Nothing was lost: the context is as it was configured, and still usable. */
    SSLProtocol protocol;
    char name[16] = { 0 };
    size_t size = sizeof name;
    SSLSessionState state;
    CHECK(SSLGetProtocolVersionMin(ctx, &protocol));
    EXPECT(protocol, kTLSProtocol12);
    CHECK(SSLGetPeerDomainName(ctx, name, &size));
    EXPECT(size == 9 && memcmp(name, "localhost", 9) == 0, 1);
    CHECK(SSLGetSessionState(ctx, &state));
    EXPECT(state, kSSLIdle);
    EXPECT(CFGetRetainCount(ctx), 1);
    CFRelease(ctx);
    CFRelease(strings);
    CFRelease(text);
    CFRelease(data);

    printf("checked %d calls, %d failures\n", checked, failures);
    return failures == 0 ? 0 : 1;
}
