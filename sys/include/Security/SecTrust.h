/*
 * SecTrust.h - certificate trust evaluation, for the Linux build of
 * secure-transport.
 *
 * A SecTrustRef holds a chain (leaf first), the policies to check it
 * against and the anchors to trust; SecTrustEvaluate* judges it.
 */

/* Clang: treat this like the SDK header it stands in for (no warnings from
 * the Clang-only nullability qualifiers under -pedantic). */
#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef _SECURITY_SECTRUST_H_
#define _SECURITY_SECTRUST_H_

#include <stdbool.h>
#include <stdint.h>
#include <CoreFoundation/CoreFoundation.h>
#include <Security/SecBase.h>

#ifdef __cplusplus
extern "C" {
#endif

CF_ASSUME_NONNULL_BEGIN
CF_IMPLICIT_BRIDGING_ENABLED

/* Outcome of an evaluation. Proceed and Unspecified both mean "trusted". */
typedef CF_ENUM(uint32_t, SecTrustResultType) {
    kSecTrustResultInvalid                 = 0, /* not evaluated yet */
    kSecTrustResultProceed                 = 1, /* trusted, explicitly by the user */
    kSecTrustResultConfirm                 = 2, /* deprecated, never returned */
    kSecTrustResultDeny                    = 3, /* explicitly distrusted */
    kSecTrustResultUnspecified             = 4, /* trusted through the anchors */
    kSecTrustResultRecoverableTrustFailure = 5, /* not trusted, might be overridden */
    kSecTrustResultFatalTrustFailure       = 6, /* not trusted, e.g. malformed chain */
    kSecTrustResultOtherError              = 7  /* evaluation could not run */
};

/* The CFTypeID of every SecTrustRef. */
CFTypeID SecTrustGetTypeID(void);

/*
 * A trust for `certificates` (one SecCertificateRef or an array of them,
 * leaf first) under `policies` (one SecPolicyRef, an array, or NULL for
 * basic X.509).
 */
OSStatus SecTrustCreateWithCertificates(CFTypeRef certificates,
                                        CFTypeRef __nullable policies,
                                        SecTrustRef * _Nonnull CF_RETURNS_RETAINED trust);

/* Replaces the policies (one SecPolicyRef or a non-empty array of them); the
 * chain must satisfy every one. */
OSStatus SecTrustSetPolicies(SecTrustRef trust, CFTypeRef policies);

/* A new array of the trust's policies (basic X.509 when made with NULL). */
OSStatus SecTrustCopyPolicies(SecTrustRef trust,
                              CFArrayRef * _Nonnull CF_RETURNS_RETAINED policies);

/*
 * Trust only these anchors (NULL restores the system roots). Calling
 * SecTrustSetAnchorCertificatesOnly(trust, false) afterwards trusts the
 * system roots as well.
 */
OSStatus SecTrustSetAnchorCertificates(SecTrustRef trust, CFArrayRef __nullable anchorCertificates);
OSStatus SecTrustSetAnchorCertificatesOnly(SecTrustRef trust, Boolean anchorCertificatesOnly);

/* Evaluates and reports the verdict in *result (deprecated on macOS). */
OSStatus SecTrustEvaluate(SecTrustRef trust, SecTrustResultType *result);

/* Evaluates; true if trusted, otherwise *error (if given) says why. */
bool SecTrustEvaluateWithError(SecTrustRef trust, CFErrorRef _Nullable * _Nullable CF_RETURNS_RETAINED error);

/* The verdict of the last evaluation. */
OSStatus SecTrustGetTrustResult(SecTrustRef trust, SecTrustResultType *result);

/* The certificates of the chain, leaf first. */
CFIndex SecTrustGetCertificateCount(SecTrustRef trust);
__nullable
SecCertificateRef SecTrustGetCertificateAtIndex(SecTrustRef trust, CFIndex ix);
__nullable CF_RETURNS_RETAINED
CFArrayRef SecTrustCopyCertificateChain(SecTrustRef trust);

/* The leaf's public key (no evaluation needed); NULL for a key that is
 * neither RSA nor EC. SecTrustCopyPublicKey, its older form, evaluates
 * first if that is not done yet. */
__nullable
SecKeyRef SecTrustCopyKey(SecTrustRef trust);
__nullable
SecKeyRef SecTrustCopyPublicKey(SecTrustRef trust);

/* Legacy evaluation flags (macOS only), applied as exceptions: AllowExpired
 * overlooks certificates out of their validity period, AllowExpiredRoot a
 * self-signed one, ImplicitAnchors trusts a self-signed root. The others
 * change nothing. */
typedef CF_OPTIONS(uint32_t, SecTrustOptionFlags) {
    kSecTrustOptionAllowExpired       = 0x00000001,
    kSecTrustOptionLeafIsCA           = 0x00000002,
    kSecTrustOptionFetchIssuerFromNet = 0x00000004,
    kSecTrustOptionAllowExpiredRoot   = 0x00000008,
    kSecTrustOptionRequireRevPerCert  = 0x00000010,
    kSecTrustOptionUseTrustSettings   = 0x00000020,
    kSecTrustOptionImplicitAnchors    = 0x00000040
};
OSStatus SecTrustSetOptions(SecTrustRef trustRef, SecTrustOptionFlags options);

/* DER OCSPResponses (a CFData or a CFArray of them; NULL for none) the
 * evaluation consults: "revoked" from the issuer (or a responder it
 * authorized) fails the chain with errSecCertificateRevoked. */
OSStatus SecTrustSetOCSPResponse(SecTrustRef trust, CFTypeRef __nullable responseData);

/* SCTs, kept; Apple reads them only for Certificate Transparency, which is
 * not checked here. */
OSStatus SecTrustSetSignedCertificateTimestamps(SecTrustRef trust, CFArrayRef __nullable sctArray);

/* Whether missing certificates and revocation information may be fetched.
 * Kept and reported; nothing is ever fetched here. */
OSStatus SecTrustSetNetworkFetchAllowed(SecTrustRef trust, Boolean allowFetch);
OSStatus SecTrustGetNetworkFetchAllowed(SecTrustRef trust, Boolean *allowFetch);

/* The system's trusted roots (OpenSSL's default file and directory). */
OSStatus SecTrustCopyAnchorCertificates(CFArrayRef * _Nonnull CF_RETURNS_RETAINED anchors);

CF_IMPLICIT_BRIDGING_DISABLED
CF_ASSUME_NONNULL_END

#ifdef __cplusplus
}
#endif

#endif /* _SECURITY_SECTRUST_H_ */
