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

/* The subject's common name (the last one); errSecInternal (-26276) if it has
 * none. */
OSStatus SecCertificateCopyCommonName(SecCertificateRef certificate,
                                      CFStringRef * _Nonnull CF_RETURNS_RETAINED commonName);

/* The email addresses: the subject alternative name's rfc822Names, then the
 * subject's emailAddress attributes (an empty array if none). */
OSStatus SecCertificateCopyEmailAddresses(SecCertificateRef certificate,
                                          CFArrayRef * _Nonnull CF_RETURNS_RETAINED emailAddresses);

/* The subject's public key (RSA or EC); NULL for other keys. */
__nullable
SecKeyRef SecCertificateCopyKey(SecCertificateRef certificate);

/* The same, macOS's older form. */
OSStatus SecCertificateCopyPublicKey(SecCertificateRef certificate,
                                     SecKeyRef * _Nonnull CF_RETURNS_RETAINED key);

/* Descriptions for display (on macOS both are the subject summary). */
__nullable
CFStringRef SecCertificateCopyLongDescription(CFAllocatorRef __nullable alloc,
                                              SecCertificateRef certificate,
                                              CFErrorRef *error);
__nullable
CFStringRef SecCertificateCopyShortDescription(CFAllocatorRef __nullable alloc,
                                               SecCertificateRef certificate,
                                               CFErrorRef *error);

/* The serial number: the DER INTEGER's content bytes (a leading zero kept). */
__nullable
CFDataRef SecCertificateCopySerialNumberData(SecCertificateRef certificate,
                                             CFErrorRef *error);
/* The same, macOS's older name. */
__nullable
CFDataRef SecCertificateCopySerialNumber(SecCertificateRef certificate,
                                         CFErrorRef *error);

/* The issuer's and the subject's Name as DER SEQUENCEs, normalized as Apple's
 * keychain compares them (PrintableStrings upper-cased, blanks collapsed). */
__nullable
CFDataRef SecCertificateCopyNormalizedIssuerSequence(SecCertificateRef certificate);
__nullable
CFDataRef SecCertificateCopyNormalizedSubjectSequence(SecCertificateRef certificate);

/* The validity period. */
__nullable
CFDateRef SecCertificateCopyNotValidBeforeDate(SecCertificateRef certificate);
__nullable
CFDateRef SecCertificateCopyNotValidAfterDate(SecCertificateRef certificate);

CF_IMPLICIT_BRIDGING_DISABLED
CF_ASSUME_NONNULL_END

#ifdef __cplusplus
}
#endif

#endif /* _SECURITY_SECCERTIFICATE_H_ */
