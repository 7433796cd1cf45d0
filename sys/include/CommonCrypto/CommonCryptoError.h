/*
 * CommonCryptoError.h - CommonCrypto's status codes, with Apple's values.
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef CommonCrypto_CommonCryptoError_h
#define CommonCrypto_CommonCryptoError_h

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    kCCSuccess           = 0,
    kCCParamError        = -4300,
    kCCBufferTooSmall    = -4301,
    kCCMemoryFailure     = -4302,
    kCCAlignmentError    = -4303,
    kCCDecodeError       = -4304,
    kCCUnimplemented     = -4305,
    kCCOverflow          = -4306,
    kCCRNGFailure        = -4307,
    kCCUnspecifiedError  = -4308,
    kCCCallSequenceError = -4309,
    kCCKeySizeError      = -4310,
    kCCInvalidKey        = -4311
};
typedef int32_t CCStatus;
typedef int32_t CCCryptorStatus;

#ifdef __cplusplus
}
#endif

#endif /* CommonCrypto_CommonCryptoError_h */
