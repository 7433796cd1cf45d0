/*
 * SecImportExport.h - certificates, keys and identities in and out of their
 * external formats, and PKCS#12 import, for the Linux build of
 * secure-transport.
 *
 * SecItemImport reads PEM (one block or a sequence), DER certificates,
 * PKCS#7, PKCS#1/SEC1 keys (kSecFormatOpenSSL), PKCS#8 (kSecFormatBSAFE for
 * RSA, as on Apple), encrypted PKCS#8 (kSecFormatWrappedPKCS8), OpenSSL's
 * traditional encrypted PEM (kSecFormatWrappedOpenSSL) and PKCS#12. As on
 * Apple, PKCS#12 and encrypted keys must be named by inputFormat, the file
 * name or a PEM label. Without a keychain, the items come back in outItems
 * (a PKCS#12's identity in place of its certificate, then its other
 * certificates).
 *
 * SecItemExport writes kSecFormatX509Cert, kSecFormatOpenSSL,
 * kSecFormatWrappedPKCS8, kSecFormatPEMSequence and kSecFormatPKCS12 (with
 * a passphrase), PEM with kSecItemPemArmour.
 */

/* Clang: treat this like the SDK header it stands in for (no warnings from
 * the Clang-only nullability qualifiers under -pedantic). */
#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef _SECURITY_SECIMPORTEXPORT_H_
#define _SECURITY_SECIMPORTEXPORT_H_

#include <stdint.h>
#include <CoreFoundation/CoreFoundation.h>
#include <Security/SecBase.h>

#ifdef __cplusplus
extern "C" {
#endif

CF_ASSUME_NONNULL_BEGIN
CF_IMPLICIT_BRIDGING_ENABLED

/* How items are written. */
typedef CF_ENUM(uint32_t, SecExternalFormat) {
    kSecFormatUnknown = 0,          /* import: find out; export: the default */
    kSecFormatOpenSSL,              /* PKCS#1 / SEC1 private, X.509 public keys */
    kSecFormatSSH,                  /* OpenSSH v1 (not supported here) */
    kSecFormatBSAFE,                /* PKCS#8 private, PKCS#1 public keys */
    kSecFormatRawKey,               /* symmetric keys (not supported here) */
    kSecFormatWrappedPKCS8,         /* encrypted PKCS#8 */
    kSecFormatWrappedOpenSSL,       /* traditional encrypted PEM (import only) */
    kSecFormatWrappedSSH,           /* (not supported here) */
    kSecFormatWrappedLSH,           /* (not supported) */
    kSecFormatX509Cert,             /* one DER certificate */
    kSecFormatPEMSequence,          /* PEM blocks of certificates and keys */
    kSecFormatPKCS7,                /* certificates (import only) */
    kSecFormatPKCS12,               /* certificates and keys under a passphrase */
    kSecFormatNetscapeCertSequence, /* (not supported here) */
    kSecFormatSSHv2                 /* (not supported here) */
};

/* What kind of item. */
typedef CF_ENUM(uint32_t, SecExternalItemType) {
    kSecItemTypeUnknown,
    kSecItemTypePrivateKey,
    kSecItemTypePublicKey,
    kSecItemTypeSessionKey,
    kSecItemTypeCertificate,
    kSecItemTypeAggregate           /* PKCS#7, PKCS#12, PEM sequences */
};

/* SecItemExport's flags (SecItemImport takes none). */
typedef CF_OPTIONS(uint32_t, SecItemImportExportFlags) {
    kSecItemPemArmour = 0x00000001  /* export as PEM */
};

/* Flags of the key parameters. */
typedef CF_OPTIONS(uint32_t, SecKeyImportExportFlags) {
    kSecKeyImportOnlyOne    = 0x00000001,
    kSecKeySecurePassphrase = 0x00000002, /* ask the user: there is no one to ask here */
    kSecKeyNoAccessControl  = 0x00000004
};

#define SEC_KEY_IMPORT_EXPORT_PARAMS_VERSION 0

/* The CSSM types of the older parameters. */
typedef uint32_t CSSM_KEYUSE;
typedef uint32_t CSSM_KEYATTR_FLAGS;

/* Key parameters: the passphrase (a CFStringRef, or a CFDataRef of UTF-8) is
 * what is read; the rest is accepted and ignored. */
typedef struct {
    uint32_t                version;       /* SEC_KEY_IMPORT_EXPORT_PARAMS_VERSION */
    SecKeyImportExportFlags flags;
    CFTypeRef __nullable    passphrase;
    CFStringRef __nullable  alertTitle;
    CFStringRef __nullable  alertPrompt;
    SecAccessRef __nullable accessRef;
    CFArrayRef __nullable   keyUsage;
    CFArrayRef __nullable   keyAttributes;
} SecItemImportExportKeyParameters;

/* The older form of the same, for SecKeychainItemImport/Export. */
typedef struct {
    uint32_t                version;
    SecKeyImportExportFlags flags;
    CFTypeRef __nullable    passphrase;
    CFStringRef __nullable  alertTitle;
    CFStringRef __nullable  alertPrompt;
    SecAccessRef __nullable accessRef;
    CSSM_KEYUSE             keyUsage;
    CSSM_KEYATTR_FLAGS      keyAttributes;
} SecKeyImportExportParameters;

/*
 * Writes one item (SecCertificateRef, SecKeyRef, SecIdentityRef) or an array
 * of them. errSecParam for the wrong number or kind of items for a
 * single-item format, errSecPassphraseRequired for PKCS#12 or wrapped keys
 * without a passphrase, errSecInvalidItemRef for anything else.
 */
OSStatus SecItemExport(CFTypeRef secItemOrArray, SecExternalFormat outputFormat,
                       SecItemImportExportFlags flags,
                       const SecItemImportExportKeyParameters * __nullable keyParams,
                       CFDataRef * _Nonnull CF_RETURNS_RETAINED exportedData);

OSStatus SecKeychainItemExport(CFTypeRef keychainItemOrArray, SecExternalFormat outputFormat,
                               SecItemImportExportFlags flags,
                               const SecKeyImportExportParameters * __nullable keyParams,
                               CFDataRef * _Nonnull CF_RETURNS_RETAINED exportedData);

/*
 * Reads the items of importedData. inputFormat and itemType (optional) say on
 * entry what the data is, if known, and on return what it was found to be;
 * fileNameOrExtension (optional) helps as on Apple (".p12", ".cer", ".p7b",
 * ".p8"). errSecUnknownFormat when it cannot be told, errSecPassphraseRequired
 * without a needed passphrase, errSecPkcs12VerifyFailure for a wrong PKCS#12
 * passphrase (errSecAuthFailed for an encrypted key's).
 */
OSStatus SecItemImport(CFDataRef importedData, CFStringRef __nullable fileNameOrExtension,
                       SecExternalFormat * __nullable inputFormat,
                       SecExternalItemType * __nullable itemType,
                       SecItemImportExportFlags flags,
                       const SecItemImportExportKeyParameters * __nullable keyParams,
                       SecKeychainRef __nullable importKeychain,
                       CFArrayRef * __nullable CF_RETURNS_RETAINED outItems);

OSStatus SecKeychainItemImport(CFDataRef importedData, CFStringRef __nullable fileNameOrExtension,
                               SecExternalFormat * __nullable inputFormat,
                               SecExternalItemType * __nullable itemType,
                               SecItemImportExportFlags flags,
                               const SecKeyImportExportParameters * __nullable keyParams,
                               SecKeychainRef __nullable importKeychain,
                               CFArrayRef * __nullable CF_RETURNS_RETAINED outItems);

/* Option keys of SecPKCS12Import: the passphrase (a CFStringRef), a keychain
 * and an access. */
extern const CFStringRef kSecImportExportPassphrase;
extern const CFStringRef kSecImportExportKeychain;
extern const CFStringRef kSecImportExportAccess;

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
