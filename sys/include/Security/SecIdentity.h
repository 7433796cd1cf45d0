/*
 * SecIdentity.h - identities (a certificate with its private key), for the
 * Linux build of secure-transport. SecIdentityCreate, which pairs a
 * certificate with a key, is SPI: <Security/SecIdentityPriv.h>.
 */

/* Clang: treat this like the SDK header it stands in for (no warnings from
 * the Clang-only nullability qualifiers under -pedantic). */
#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef _SECURITY_SECIDENTITY_H_
#define _SECURITY_SECIDENTITY_H_

#include <CoreFoundation/CoreFoundation.h>
#include <Security/SecBase.h>

#ifdef __cplusplus
extern "C" {
#endif

CF_ASSUME_NONNULL_BEGIN
CF_IMPLICIT_BRIDGING_ENABLED

/* The CFTypeID of every SecIdentityRef. */
CFTypeID SecIdentityGetTypeID(void);

/* Stores the identity's certificate (retained) in *certificateRef. */
OSStatus SecIdentityCopyCertificate(SecIdentityRef identityRef,
                                    SecCertificateRef * _Nonnull CF_RETURNS_RETAINED certificateRef);

/* Stores the identity's private key (retained) in *privateKeyRef;
 * errSecUnimplemented for a key that is neither RSA nor EC. */
OSStatus SecIdentityCopyPrivateKey(SecIdentityRef identityRef,
                                   SecKeyRef * _Nonnull CF_RETURNS_RETAINED privateKeyRef);

/* The identity of a certificate and the private key that matches it in a
 * keychain, in an array of keychains, or (NULL) in the search list.
 * errSecItemNotFound if none of them has the key. */
OSStatus SecIdentityCreateWithCertificate(CFTypeRef __nullable keychainOrArray,
                                          SecCertificateRef certificateRef,
                                          SecIdentityRef * _Nonnull CF_RETURNS_RETAINED identityRef);

CF_IMPLICIT_BRIDGING_DISABLED
CF_ASSUME_NONNULL_END

#ifdef __cplusplus
}
#endif

#endif /* _SECURITY_SECIDENTITY_H_ */
