/*
 * SecItem.h - keychain items and their attributes, for the Linux build of
 * secure-transport: SecItemAdd, SecItemCopyMatching, SecItemUpdate and
 * SecItemDelete for certificates, private keys and identities, the keys of
 * their dictionaries, and the key attributes of SecKeyCreateWithData's
 * parameters and SecKeyCopyAttributes' dictionary. CFStrings with Apple's
 * text (a key type's value is its CSSM algorithm number, a key class's its
 * CSSM key class).
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef _SECURITY_SECITEM_H_
#define _SECURITY_SECITEM_H_

#include <CoreFoundation/CoreFoundation.h>
#include <Security/SecBase.h>

#ifdef __cplusplus
extern "C" {
#endif

CF_ASSUME_NONNULL_BEGIN
CF_IMPLICIT_BRIDGING_ENABLED

/* Item classes (the value of kSecClass). */
extern const CFStringRef kSecClass;                         /* "class" */
extern const CFStringRef kSecClassCertificate;              /* "cert" */
extern const CFStringRef kSecClassKey;                      /* "keys" */
extern const CFStringRef kSecClassIdentity;                 /* "idnt" */

/* Item attributes. */
extern const CFStringRef kSecAttrLabel;                     /* "labl" */
extern const CFStringRef kSecAttrSerialNumber;              /* "slnr" */
extern const CFStringRef kSecAttrPublicKeyHash;             /* "pkhh" */

/* Search keys and values. */
extern const CFStringRef kSecMatchPolicy;                   /* "m_Policy" */
extern const CFStringRef kSecMatchSearchList;               /* "m_SearchList" */
extern const CFStringRef kSecMatchLimit;                    /* "m_Limit" */
extern const CFStringRef kSecMatchLimitOne;                 /* "m_LimitOne" */
extern const CFStringRef kSecMatchLimitAll;                 /* "m_LimitAll" */

/* What to return (a CFBoolean each). */
extern const CFStringRef kSecReturnData;                    /* "r_Data" */
extern const CFStringRef kSecReturnAttributes;              /* "r_Attributes" */
extern const CFStringRef kSecReturnRef;                     /* "r_Ref" */
extern const CFStringRef kSecReturnPersistentRef;           /* "r_PersistentRef" */

/* Values. */
extern const CFStringRef kSecValueData;                     /* "v_Data" */
extern const CFStringRef kSecValueRef;                      /* "v_Ref" */
extern const CFStringRef kSecValuePersistentRef;            /* "v_PersistentRef" */

/* The keychain to add to (or search). */
extern const CFStringRef kSecUseKeychain;                   /* "u_Keychain" */

/* Key attributes. */
extern const CFStringRef kSecAttrKeyType;                   /* "type" */
extern const CFStringRef kSecAttrKeyClass;                  /* "kcls" */
extern const CFStringRef kSecAttrKeySizeInBits;             /* "bsiz" */
extern const CFStringRef kSecAttrEffectiveKeySize;          /* "esiz" */
extern const CFStringRef kSecAttrApplicationLabel;          /* "klbl" */
extern const CFStringRef kSecAttrCanEncrypt;                /* "encr" */
extern const CFStringRef kSecAttrCanDecrypt;                /* "decr" */
extern const CFStringRef kSecAttrCanDerive;                 /* "drve" */
extern const CFStringRef kSecAttrCanSign;                   /* "sign" */
extern const CFStringRef kSecAttrCanVerify;                 /* "vrfy" */
extern const CFStringRef kSecAttrCanWrap;                   /* "wrap" */
extern const CFStringRef kSecAttrCanUnwrap;                 /* "unwp" */
extern const CFStringRef kSecAttrKeyTypeRSA;                /* "42" */
extern const CFStringRef kSecAttrKeyTypeECDSA;              /* "73" */
extern const CFStringRef kSecAttrKeyTypeEC;                 /* "73" */
extern const CFStringRef kSecAttrKeyTypeECSECPrimeRandom;   /* "73" */
extern const CFStringRef kSecAttrKeyClassPublic;            /* "0" */
extern const CFStringRef kSecAttrKeyClassPrivate;           /* "1" */
extern const CFStringRef kSecAttrKeyClassSymmetric;         /* "2" */

/*
 * Adds a certificate, a private key or an identity (kSecValueRef; a
 * certificate also as DER in kSecValueData with kSecClassCertificate) to
 * kSecUseKeychain or the default keychain, labelled kSecAttrLabel.
 * *result, if given, gets it as the kSecReturn* keys ask.
 * errSecDuplicateItem if it is there already.
 */
OSStatus SecItemAdd(CFDictionaryRef attributes,
                    CFTypeRef * __nullable CF_RETURNS_RETAINED result);

/*
 * The items of kSecClass that have the attributes given (kSecAttrLabel,
 * kSecValueRef, kSecValuePersistentRef, kSecMatchPolicy), in
 * kSecMatchSearchList (or kSecUseKeychain, or the search list): one, or an
 * array up to kSecMatchLimit; each a reference unless kSecReturn* keys ask
 * for more (then a dictionary). errSecItemNotFound if there is none.
 */
OSStatus SecItemCopyMatching(CFDictionaryRef query,
                             CFTypeRef * __nullable CF_RETURNS_RETAINED result);

/* Gives the items a query finds (up to its limit, one by default) the
 * label in attributesToUpdate, the one attribute a keychain file keeps. */
OSStatus SecItemUpdate(CFDictionaryRef query, CFDictionaryRef attributesToUpdate);

/* Deletes the items a query finds (up to its limit, one by default). */
OSStatus SecItemDelete(CFDictionaryRef query);

CF_IMPLICIT_BRIDGING_DISABLED
CF_ASSUME_NONNULL_END

#ifdef __cplusplus
}
#endif

#endif /* _SECURITY_SECITEM_H_ */
