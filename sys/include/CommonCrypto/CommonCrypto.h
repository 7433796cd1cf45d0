/*
 * CommonCrypto.h - the CommonCrypto the library implements: digests, HMAC,
 * symmetric ciphers, random bytes and PBKDF2, carried out by OpenSSL, with
 * Apple's names, types, structure sizes and status codes.
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef __COMMONCRYPTO_PUBLIC__
#define __COMMONCRYPTO_PUBLIC__

#include <CommonCrypto/CommonCryptoError.h>
#include <CommonCrypto/CommonCryptor.h>
#include <CommonCrypto/CommonDigest.h>
#include <CommonCrypto/CommonHMAC.h>
#include <CommonCrypto/CommonKeyDerivation.h>
#include <CommonCrypto/CommonRandom.h>

#endif /* __COMMONCRYPTO_PUBLIC__ */
