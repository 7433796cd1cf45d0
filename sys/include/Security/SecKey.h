/*
 * SecKey.h - RSA and elliptic-curve keys as CFTypes, for the Linux build of
 * secure-transport: Apple's external representations (PKCS#1 for RSA, X9.63
 * for EC), attributes and signature algorithms.
 *
 * Signatures are carried out for the PKCS#1 v1.5, PSS and ECDSA algorithms
 * (SHA-1 to SHA-512; ECDSA as X9.62 DER or RFC 4754 r||s). The encryption
 * and key exchange algorithms are named only: SecKeyIsAlgorithmSupported
 * reports them unsupported.
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef _SECURITY_SECKEY_H_
#define _SECURITY_SECKEY_H_

#include <stddef.h>
#include <CoreFoundation/CoreFoundation.h>
#include <Security/SecBase.h>

#ifdef __cplusplus
extern "C" {
#endif

CF_ASSUME_NONNULL_BEGIN
CF_IMPLICIT_BRIDGING_ENABLED

/* The CFTypeID of every SecKeyRef. */
CFTypeID SecKeyGetTypeID(void);

/* What a key is asked to do with an algorithm. */
typedef CF_ENUM(CFIndex, SecKeyOperationType) {
    kSecKeyOperationTypeSign        = 0,
    kSecKeyOperationTypeVerify      = 1,
    kSecKeyOperationTypeEncrypt     = 2,
    kSecKeyOperationTypeDecrypt     = 3,
    kSecKeyOperationTypeKeyExchange = 4
};

/* An algorithm: a CFString whose text names it ("algid:sign:RSA:..."). */
typedef CFStringRef SecKeyAlgorithm;

extern const SecKeyAlgorithm kSecKeyAlgorithmRSASignatureRaw;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSASignatureDigestPKCS1v15Raw;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSASignatureDigestPKCS1v15SHA1;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSASignatureDigestPKCS1v15SHA224;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSASignatureDigestPKCS1v15SHA256;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSASignatureDigestPKCS1v15SHA384;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSASignatureDigestPKCS1v15SHA512;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSASignatureMessagePKCS1v15SHA1;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSASignatureMessagePKCS1v15SHA224;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSASignatureMessagePKCS1v15SHA256;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSASignatureMessagePKCS1v15SHA384;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSASignatureMessagePKCS1v15SHA512;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSASignatureDigestPSSSHA1;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSASignatureDigestPSSSHA224;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSASignatureDigestPSSSHA256;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSASignatureDigestPSSSHA384;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSASignatureDigestPSSSHA512;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSASignatureMessagePSSSHA1;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSASignatureMessagePSSSHA224;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSASignatureMessagePSSSHA256;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSASignatureMessagePSSSHA384;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSASignatureMessagePSSSHA512;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDSASignatureRFC4754;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDSASignatureDigestX962;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDSASignatureDigestX962SHA1;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDSASignatureDigestX962SHA224;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDSASignatureDigestX962SHA256;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDSASignatureDigestX962SHA384;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDSASignatureDigestX962SHA512;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDSASignatureMessageX962SHA1;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDSASignatureMessageX962SHA224;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDSASignatureMessageX962SHA256;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDSASignatureMessageX962SHA384;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDSASignatureMessageX962SHA512;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSAEncryptionRaw;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSAEncryptionPKCS1;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSAEncryptionOAEPSHA1;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSAEncryptionOAEPSHA224;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSAEncryptionOAEPSHA256;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSAEncryptionOAEPSHA384;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSAEncryptionOAEPSHA512;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSAEncryptionOAEPSHA1AESGCM;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSAEncryptionOAEPSHA224AESGCM;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSAEncryptionOAEPSHA256AESGCM;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSAEncryptionOAEPSHA384AESGCM;
extern const SecKeyAlgorithm kSecKeyAlgorithmRSAEncryptionOAEPSHA512AESGCM;
extern const SecKeyAlgorithm kSecKeyAlgorithmECIESEncryptionStandardX963SHA1AESGCM;
extern const SecKeyAlgorithm kSecKeyAlgorithmECIESEncryptionStandardX963SHA224AESGCM;
extern const SecKeyAlgorithm kSecKeyAlgorithmECIESEncryptionStandardX963SHA256AESGCM;
extern const SecKeyAlgorithm kSecKeyAlgorithmECIESEncryptionStandardX963SHA384AESGCM;
extern const SecKeyAlgorithm kSecKeyAlgorithmECIESEncryptionStandardX963SHA512AESGCM;
extern const SecKeyAlgorithm kSecKeyAlgorithmECIESEncryptionCofactorX963SHA1AESGCM;
extern const SecKeyAlgorithm kSecKeyAlgorithmECIESEncryptionCofactorX963SHA224AESGCM;
extern const SecKeyAlgorithm kSecKeyAlgorithmECIESEncryptionCofactorX963SHA256AESGCM;
extern const SecKeyAlgorithm kSecKeyAlgorithmECIESEncryptionCofactorX963SHA384AESGCM;
extern const SecKeyAlgorithm kSecKeyAlgorithmECIESEncryptionCofactorX963SHA512AESGCM;
extern const SecKeyAlgorithm kSecKeyAlgorithmECIESEncryptionStandardVariableIVX963SHA224AESGCM;
extern const SecKeyAlgorithm kSecKeyAlgorithmECIESEncryptionStandardVariableIVX963SHA256AESGCM;
extern const SecKeyAlgorithm kSecKeyAlgorithmECIESEncryptionStandardVariableIVX963SHA384AESGCM;
extern const SecKeyAlgorithm kSecKeyAlgorithmECIESEncryptionStandardVariableIVX963SHA512AESGCM;
extern const SecKeyAlgorithm kSecKeyAlgorithmECIESEncryptionCofactorVariableIVX963SHA224AESGCM;
extern const SecKeyAlgorithm kSecKeyAlgorithmECIESEncryptionCofactorVariableIVX963SHA256AESGCM;
extern const SecKeyAlgorithm kSecKeyAlgorithmECIESEncryptionCofactorVariableIVX963SHA384AESGCM;
extern const SecKeyAlgorithm kSecKeyAlgorithmECIESEncryptionCofactorVariableIVX963SHA512AESGCM;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDHKeyExchangeStandard;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDHKeyExchangeStandardX963SHA1;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDHKeyExchangeStandardX963SHA224;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDHKeyExchangeStandardX963SHA256;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDHKeyExchangeStandardX963SHA384;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDHKeyExchangeStandardX963SHA512;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDHKeyExchangeCofactor;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDHKeyExchangeCofactorX963SHA1;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDHKeyExchangeCofactorX963SHA224;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDHKeyExchangeCofactorX963SHA256;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDHKeyExchangeCofactorX963SHA384;
extern const SecKeyAlgorithm kSecKeyAlgorithmECDHKeyExchangeCofactorX963SHA512;

/*
 * A key from its external representation. `attributes` needs
 * kSecAttrKeyType (kSecAttrKeyTypeRSA or kSecAttrKeyTypeECSECPrimeRandom)
 * and kSecAttrKeyClass (kSecAttrKeyClassPublic or kSecAttrKeyClassPrivate);
 * RSA keys are PKCS#1, EC keys X9.63 (04 || X || Y, then || K for a
 * private key; the curve, P-192 to P-521, follows from the length).
 */
__nullable
SecKeyRef SecKeyCreateWithData(CFDataRef keyData, CFDictionaryRef attributes,
                               CFErrorRef *error);

/* The key's external representation, in the formats SecKeyCreateWithData takes. */
__nullable
CFDataRef SecKeyCopyExternalRepresentation(SecKeyRef key, CFErrorRef *error);

/* kSecAttrKeyType, kSecAttrKeyClass, kSecAttrKeySizeInBits,
 * kSecAttrEffectiveKeySize, kSecAttrApplicationLabel and kSecAttrCan*. */
__nullable
CFDictionaryRef SecKeyCopyAttributes(SecKeyRef key);

/* The public key of a private key (or the public key itself). */
__nullable
SecKeyRef SecKeyCopyPublicKey(SecKeyRef key);

/* The modulus's bytes for RSA, the field's for EC (66 for P-521); 0 for no key. */
size_t SecKeyGetBlockSize(SecKeyRef key);

/* Signs with a private key; NULL and *error (errSecParam) on failure. */
__nullable
CFDataRef SecKeyCreateSignature(SecKeyRef key, SecKeyAlgorithm algorithm,
                                CFDataRef dataToSign, CFErrorRef *error);

/* Verifies with a public key; false and *error (errSecVerifyFailed for a
 * signature that does not match). */
Boolean SecKeyVerifySignature(SecKeyRef key, SecKeyAlgorithm algorithm,
                              CFDataRef signedData, CFDataRef signature,
                              CFErrorRef *error);

/* Whether `key` does `operation` with `algorithm`. */
Boolean SecKeyIsAlgorithmSupported(SecKeyRef key, SecKeyOperationType operation,
                                   SecKeyAlgorithm algorithm);

CF_IMPLICIT_BRIDGING_DISABLED
CF_ASSUME_NONNULL_END

#ifdef __cplusplus
}
#endif

#endif /* _SECURITY_SECKEY_H_ */
