/*
 * CommonKeyDerivation.h - PBKDF2 with HMAC-SHA1 or SHA-2.
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef _CC_PBKDF_H_
#define _CC_PBKDF_H_

#include <stddef.h>
#include <stdint.h>
#include <Availability.h>
#include <CommonCrypto/CommonDigest.h>
#include <CommonCrypto/CommonHMAC.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    kCCPBKDF2 = 2
};
typedef uint32_t CCPBKDFAlgorithm;

enum {
    kCCPRFHmacAlgSHA1 = 1,
    kCCPRFHmacAlgSHA224 = 2,
    kCCPRFHmacAlgSHA256 = 3,
    kCCPRFHmacAlgSHA384 = 4,
    kCCPRFHmacAlgSHA512 = 5
};
typedef uint32_t CCPseudoRandomAlgorithm;

/* kCCSuccess, or kCCParamError: an algorithm other than kCCPBKDF2, an unknown
 * PRF, no rounds, a NULL password, salt or key, an empty key. */
int CCKeyDerivationPBKDF(CCPBKDFAlgorithm algorithm, const char *password, size_t passwordLen,
                         const uint8_t *salt, size_t saltLen,
                         CCPseudoRandomAlgorithm prf, unsigned int rounds,
                         uint8_t *derivedKey, size_t derivedKeyLen);

/* The rounds that take about msec milliseconds here; (unsigned)-1 for bad
 * parameters. */
unsigned int CCCalibratePBKDF(CCPBKDFAlgorithm algorithm, size_t passwordLen, size_t saltLen,
                              CCPseudoRandomAlgorithm prf, size_t derivedKeyLen, uint32_t msec);

#ifdef __cplusplus
}
#endif

#endif /* _CC_PBKDF_H_ */
