/*
 * SecCertificate.h - X.509 certificates as CFTypes, for the Linux build of
 * secure-transport.
 */

/* Clang: treat this like the SDK header it stands in for (no warnings from
 * the Clang-only nullability qualifiers under -pedantic). */
#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef _SECURITY_SECCERTIFICATE_H_
#define _SECURITY_SECCERTIFICATE_H_

#include <CoreFoundation/CoreFoundation.h>
#include <Security/SecBase.h>

#ifdef __cplusplus
extern "C" {
#endif

CF_ASSUME_NONNULL_BEGIN
CF_IMPLICIT_BRIDGING_ENABLED

/* The CFTypeID of every SecCertificateRef. */
CFTypeID SecCertificateGetTypeID(void);

/* A certificate from its DER encoding; NULL if `data` is not one. */
__nullable
SecCertificateRef SecCertificateCreateWithData(CFAllocatorRef __nullable allocator, CFDataRef data);

/* The DER encoding of `certificate`. */
CFDataRef SecCertificateCopyData(SecCertificateRef certificate);

/* A short human-readable name for the subject (usually its common name). */
__nullable
CFStringRef SecCertificateCopySubjectSummary(SecCertificateRef certificate);

CF_IMPLICIT_BRIDGING_DISABLED
CF_ASSUME_NONNULL_END

#ifdef __cplusplus
}
#endif

#endif /* _SECURITY_SECCERTIFICATE_H_ */
