/*
 * CommonHMAC.h - HMAC with MD5, SHA-1 and SHA-2, one-shot and streaming. The
 * context (CCHmacContext, 384 bytes as Apple's) is the caller's and may be
 * copied; it never holds the key itself.
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef _CC_COMMON_HMAC_H_
#define _CC_COMMON_HMAC_H_

#include <stddef.h>
#include <stdint.h>
#include <CommonCrypto/CommonDigest.h>
#include <Availability.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    kCCHmacAlgSHA1,
    kCCHmacAlgMD5,
    kCCHmacAlgSHA256,
    kCCHmacAlgSHA384,
    kCCHmacAlgSHA512,
    kCCHmacAlgSHA224
};
typedef uint32_t CCHmacAlgorithm;

#define CC_HMAC_CONTEXT_SIZE    96
typedef struct {
    uint32_t ctx[CC_HMAC_CONTEXT_SIZE];
} CCHmacContext;

/* An unknown algorithm, or NULL key bytes with a length, leave the context
 * unusable: the calls after it do nothing. */
void CCHmacInit(CCHmacContext *ctx, CCHmacAlgorithm algorithm, const void *key, size_t keyLength);
void CCHmacUpdate(CCHmacContext *ctx, const void *data, size_t dataLength);
/* The MAC has the digest's length; the context is cleared. */
void CCHmacFinal(CCHmacContext *ctx, void *macOut);
void CCHmac(CCHmacAlgorithm algorithm, const void *key, size_t keyLength,
            const void *data, size_t dataLength, void *macOut);

#ifdef __cplusplus
}
#endif

#endif /* _CC_COMMON_HMAC_H_ */
