/*
 * SecItem.h - the item attributes of keys, for the Linux build of
 * secure-transport: the keys and values of SecKeyCreateWithData's
 * parameters and of SecKeyCopyAttributes' dictionary, CFStrings with
 * Apple's text (a key type's value is its CSSM algorithm number, a key
 * class's its CSSM key class).
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

CF_IMPLICIT_BRIDGING_DISABLED
CF_ASSUME_NONNULL_END

#ifdef __cplusplus
}
#endif

#endif /* _SECURITY_SECITEM_H_ */
