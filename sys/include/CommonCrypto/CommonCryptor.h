/*
 * CommonCryptor.h - symmetric encryption: AES (128, 192 and 256-bit keys),
 * DES and triple DES, in CBC (the default) or ECB mode, with or without PKCS#7
 * padding; one-shot (CCCrypt) or streaming. Output lengths are Apple's to the
 * byte (CCCryptorGetOutputLength). CAST, RC4, RC2 and Blowfish return
 * kCCUnimplemented; the mode and context-from-data calls are not provided.
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef _CC_COMMON_CRYPTOR_
#define _CC_COMMON_CRYPTOR_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <Availability.h>
#include <CommonCrypto/CommonCryptoError.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _CCCryptor *CCCryptorRef;

enum {
    kCCEncrypt = 0,
    kCCDecrypt
};
typedef uint32_t CCOperation;

enum {
    kCCAlgorithmAES128 = 0,
    kCCAlgorithmAES = 0,
    kCCAlgorithmDES,
    kCCAlgorithm3DES,
    kCCAlgorithmCAST,
    kCCAlgorithmRC4,
    kCCAlgorithmRC2,
    kCCAlgorithmBlowfish
};
typedef uint32_t CCAlgorithm;

enum {
    kCCOptionPKCS7Padding = 0x0001,
    kCCOptionECBMode      = 0x0002
};
typedef uint32_t CCOptions;

enum {
    kCCKeySizeAES128      = 16,
    kCCKeySizeAES192      = 24,
    kCCKeySizeAES256      = 32,
    kCCKeySizeDES         = 8,
    kCCKeySize3DES        = 24,
    kCCKeySizeMinCAST     = 5,
    kCCKeySizeMaxCAST     = 16,
    kCCKeySizeMinRC4      = 1,
    kCCKeySizeMaxRC4      = 512,
    kCCKeySizeMinRC2      = 1,
    kCCKeySizeMaxRC2      = 128,
    kCCKeySizeMinBlowfish = 8,
    kCCKeySizeMaxBlowfish = 56
};

enum {
    kCCBlockSizeAES128   = 16,
    kCCBlockSizeDES      = 8,
    kCCBlockSize3DES     = 8,
    kCCBlockSizeCAST     = 8,
    kCCBlockSizeRC2      = 8,
    kCCBlockSizeBlowfish = 8
};

enum {
    kCCContextSizeAES128 = 404,
    kCCContextSizeDES    = 240,
    kCCContextSize3DES   = 496,
    kCCContextSizeCAST   = 240,
    kCCContextSizeRC4    = 1072
};

/* kCCParamError (NULL key or result, unknown operation or algorithm),
 * kCCKeySizeError, kCCUnimplemented. A NULL IV is all zeros (CBC). */
CCCryptorStatus CCCryptorCreate(CCOperation op, CCAlgorithm alg, CCOptions options,
                                const void *key, size_t keyLength, const void *iv,
                                CCCryptorRef *cryptorRef);
/* kCCSuccess, also for NULL. */
CCCryptorStatus CCCryptorRelease(CCCryptorRef cryptorRef);
/* kCCBufferTooSmall (nothing lost, the length needed in *dataOutMoved) when
 * dataOutAvailable is short. In place (dataIn == dataOut) is allowed. */
CCCryptorStatus CCCryptorUpdate(CCCryptorRef cryptorRef, const void *dataIn, size_t dataInLength,
                                void *dataOut, size_t dataOutAvailable, size_t *dataOutMoved);
/* kCCAlignmentError (input not whole blocks without padding), kCCDecodeError
 * (a bad padding), kCCBufferTooSmall (the cryptor as it was). */
CCCryptorStatus CCCryptorFinal(CCCryptorRef cryptorRef, void *dataOut, size_t dataOutAvailable,
                               size_t *dataOutMoved);
/* 0 for something that is no cryptor. */
size_t CCCryptorGetOutputLength(CCCryptorRef cryptorRef, size_t inputLength, bool final);
/* The output must hold CCCryptorGetOutputLength(..., true) bytes (the input's
 * length when decrypting with padding); else kCCBufferTooSmall with that
 * length in *dataOutMoved. */
CCCryptorStatus CCCrypt(CCOperation op, CCAlgorithm alg, CCOptions options,
                        const void *key, size_t keyLength, const void *iv,
                        const void *dataIn, size_t dataInLength,
                        void *dataOut, size_t dataOutAvailable, size_t *dataOutMoved);

#ifdef __cplusplus
}
#endif

#endif /* _CC_COMMON_CRYPTOR_ */
