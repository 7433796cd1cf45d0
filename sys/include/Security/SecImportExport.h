/*
 * SecImportExport.h - importing PKCS#12 files, for the Linux build of
 * secure-transport.
 */

/* Clang: treat this like the SDK header it stands in for (no warnings from
 * the Clang-only nullability qualifiers under -pedantic). */
#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef _SECURITY_SECIMPORTEXPORT_H_
#define _SECURITY_SECIMPORTEXPORT_H_

#include <CoreFoundation/CoreFoundation.h>
#include <Security/SecBase.h>

#ifdef __cplusplus
extern "C" {
#endif

CF_ASSUME_NONNULL_BEGIN
CF_IMPLICIT_BRIDGING_ENABLED

/* Option key: the file's password (a CFStringRef). */
extern const CFStringRef kSecImportExportPassphrase;

/* Keys of each item dictionary SecPKCS12Import returns. */
extern const CFStringRef kSecImportItemLabel;     /* CFStringRef */
extern const CFStringRef kSecImportItemKeyID;     /* CFDataRef */
extern const CFStringRef kSecImportItemTrust;     /* SecTrustRef */
extern const CFStringRef kSecImportItemCertChain; /* CFArrayRef of SecCertificateRef */
extern const CFStringRef kSecImportItemIdentity;  /* SecIdentityRef */

/*
 * Decodes a PKCS#12 blob. *items receives an array (retained) with one
 * dictionary per identity, keyed by the kSecImportItem* constants.
 * Wrong password: errSecAuthFailed.
 */
OSStatus SecPKCS12Import(CFDataRef pkcs12_data, CFDictionaryRef options,
                         CFArrayRef * _Nonnull CF_RETURNS_RETAINED items);

CF_IMPLICIT_BRIDGING_DISABLED
CF_ASSUME_NONNULL_END

#ifdef __cplusplus
}
#endif

#endif /* _SECURITY_SECIMPORTEXPORT_H_ */
