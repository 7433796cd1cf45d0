/*
 * SecPolicy.h - trust evaluation policies, for the Linux build of
 * secure-transport.
 */

/* Clang: treat this like the SDK header it stands in for (no warnings from
 * the Clang-only nullability qualifiers under -pedantic). */
#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef _SECURITY_SECPOLICY_H_
#define _SECURITY_SECPOLICY_H_

#include <CoreFoundation/CoreFoundation.h>
#include <Security/SecBase.h>

#ifdef __cplusplus
extern "C" {
#endif

CF_ASSUME_NONNULL_BEGIN
CF_IMPLICIT_BRIDGING_ENABLED

/* The CFTypeID of every SecPolicyRef. */
CFTypeID SecPolicyGetTypeID(void);

/*
 * The TLS policy. `server` is true when evaluating a server's certificate
 * (i.e. on the client side); `hostname`, if given, must match the leaf.
 */
SecPolicyRef SecPolicyCreateSSL(Boolean server, CFStringRef __nullable hostname);

/* Plain X.509 path validation, no usage or name checks. */
SecPolicyRef SecPolicyCreateBasicX509(void);

/* How a revocation policy checks revocation. Nothing is fetched from the
 * network here: only OCSP responses given to SecTrustSetOCSPResponse count. */
enum {
    kSecRevocationOCSPMethod = (1 << 0),
    kSecRevocationCRLMethod = (1 << 1),
    kSecRevocationPreferCRL = (1 << 2),
    kSecRevocationRequirePositiveResponse = (1 << 3),
    kSecRevocationNetworkAccessDisabled = (1 << 4),
    kSecRevocationUseAnyAvailableMethod = (kSecRevocationOCSPMethod | kSecRevocationCRLMethod)
};

/* A revocation policy to add to a trust's policies; NULL for flags beyond
 * bit 6. With kSecRevocationRequirePositiveResponse, a chain without a
 * "good" response fails with errSecIncompleteCertRevocationCheck. */
__nullable
SecPolicyRef SecPolicyCreateRevocation(CFOptionFlags revocationFlags);

CF_IMPLICIT_BRIDGING_DISABLED
CF_ASSUME_NONNULL_END

#ifdef __cplusplus
}
#endif

#endif /* _SECURITY_SECPOLICY_H_ */
