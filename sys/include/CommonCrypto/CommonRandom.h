/*
 * CommonRandom.h - random bytes, from OpenSSL's generator.
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef CommonCrypto_CommonRandom_h
#define CommonCrypto_CommonRandom_h

#include <stddef.h>
#include <CommonCrypto/CommonCryptoError.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef CCCryptorStatus CCRNGStatus;

/* kCCSuccess (also for count 0), kCCParamError (NULL with a count),
 * kCCRNGFailure. */
CCRNGStatus CCRandomGenerateBytes(void *bytes, size_t count);

#ifdef __cplusplus
}
#endif

#endif /* CommonCrypto_CommonRandom_h */
