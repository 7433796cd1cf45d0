/*
 * CommonDigest.h - MD5, SHA-1 and SHA-2 digests, one-shot and streaming, with
 * Apple's context structures: callers allocate them (their sizes are Apple's:
 * CC_MD5_CTX 92 bytes, CC_SHA1_CTX 96, CC_SHA256_CTX 104, CC_SHA512_CTX 208),
 * may copy them, and need not call _Final. The contents are the library's.
 *
 * The _Init, _Update and _Final calls return 1 (0 for a NULL context, or NULL
 * data with a length, which change nothing). The one-shot calls return md, or
 * NULL for a NULL md, as Apple's. MD2 and MD4 are not provided.
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef _CC_COMMON_DIGEST_H_
#define _CC_COMMON_DIGEST_H_

#include <stdint.h>
#include <Availability.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t CC_LONG;       /* 32 bit unsigned integer */
typedef uint64_t CC_LONG64;     /* 64 bit unsigned integer */

/*** MD5 ***/

#define CC_MD5_DIGEST_LENGTH    16
#define CC_MD5_BLOCK_BYTES      64
#define CC_MD5_BLOCK_LONG       (CC_MD5_BLOCK_BYTES / sizeof(CC_LONG))

typedef struct CC_MD5state_st {
    CC_LONG A, B, C, D;
    CC_LONG Nl, Nh;
    CC_LONG data[CC_MD5_BLOCK_LONG];
    int num;
} CC_MD5_CTX;

extern int CC_MD5_Init(CC_MD5_CTX *c);
extern int CC_MD5_Update(CC_MD5_CTX *c, const void *data, CC_LONG len);
extern int CC_MD5_Final(unsigned char *md, CC_MD5_CTX *c);
extern unsigned char *CC_MD5(const void *data, CC_LONG len, unsigned char *md);

/*** SHA1 ***/

#define CC_SHA1_DIGEST_LENGTH   20
#define CC_SHA1_BLOCK_BYTES     64
#define CC_SHA1_BLOCK_LONG      (CC_SHA1_BLOCK_BYTES / sizeof(CC_LONG))

typedef struct CC_SHA1state_st {
    CC_LONG h0, h1, h2, h3, h4;
    CC_LONG Nl, Nh;
    CC_LONG data[CC_SHA1_BLOCK_LONG];
    int num;
} CC_SHA1_CTX;

extern int CC_SHA1_Init(CC_SHA1_CTX *c);
extern int CC_SHA1_Update(CC_SHA1_CTX *c, const void *data, CC_LONG len);
extern int CC_SHA1_Final(unsigned char *md, CC_SHA1_CTX *c);
extern unsigned char *CC_SHA1(const void *data, CC_LONG len, unsigned char *md);

/*** SHA224 ***/

#define CC_SHA224_DIGEST_LENGTH 28
#define CC_SHA224_BLOCK_BYTES   64

/* The same context struct is used for SHA224 and SHA256. */
typedef struct CC_SHA256state_st {
    CC_LONG count[2];
    CC_LONG hash[8];
    CC_LONG wbuf[16];
} CC_SHA256_CTX;

extern int CC_SHA224_Init(CC_SHA256_CTX *c);
extern int CC_SHA224_Update(CC_SHA256_CTX *c, const void *data, CC_LONG len);
extern int CC_SHA224_Final(unsigned char *md, CC_SHA256_CTX *c);
extern unsigned char *CC_SHA224(const void *data, CC_LONG len, unsigned char *md);

/*** SHA256 ***/

#define CC_SHA256_DIGEST_LENGTH 32
#define CC_SHA256_BLOCK_BYTES   64

extern int CC_SHA256_Init(CC_SHA256_CTX *c);
extern int CC_SHA256_Update(CC_SHA256_CTX *c, const void *data, CC_LONG len);
extern int CC_SHA256_Final(unsigned char *md, CC_SHA256_CTX *c);
extern unsigned char *CC_SHA256(const void *data, CC_LONG len, unsigned char *md);

/*** SHA384 ***/

#define CC_SHA384_DIGEST_LENGTH 48
#define CC_SHA384_BLOCK_BYTES   128

/* The same context struct is used for SHA384 and SHA512. */
typedef struct CC_SHA512state_st {
    CC_LONG64 count[2];
    CC_LONG64 hash[8];
    CC_LONG64 wbuf[16];
} CC_SHA512_CTX;

extern int CC_SHA384_Init(CC_SHA512_CTX *c);
extern int CC_SHA384_Update(CC_SHA512_CTX *c, const void *data, CC_LONG len);
extern int CC_SHA384_Final(unsigned char *md, CC_SHA512_CTX *c);
extern unsigned char *CC_SHA384(const void *data, CC_LONG len, unsigned char *md);

/*** SHA512 ***/

#define CC_SHA512_DIGEST_LENGTH 64
#define CC_SHA512_BLOCK_BYTES   128

extern int CC_SHA512_Init(CC_SHA512_CTX *c);
extern int CC_SHA512_Update(CC_SHA512_CTX *c, const void *data, CC_LONG len);
extern int CC_SHA512_Final(unsigned char *md, CC_SHA512_CTX *c);
extern unsigned char *CC_SHA512(const void *data, CC_LONG len, unsigned char *md);

/* OpenSSL's names for the same calls, as Apple offers them to code that
 * defines COMMON_DIGEST_FOR_OPENSSL before including this header. */
#ifdef COMMON_DIGEST_FOR_OPENSSL
#define MD5_DIGEST_LENGTH    CC_MD5_DIGEST_LENGTH
#define MD5_CTX              CC_MD5_CTX
#define MD5_Init             CC_MD5_Init
#define MD5_Update           CC_MD5_Update
#define MD5_Final            CC_MD5_Final
#define SHA_DIGEST_LENGTH    CC_SHA1_DIGEST_LENGTH
#define SHA_CTX              CC_SHA1_CTX
#define SHA1_Init            CC_SHA1_Init
#define SHA1_Update          CC_SHA1_Update
#define SHA1_Final           CC_SHA1_Final
#define SHA224_DIGEST_LENGTH CC_SHA224_DIGEST_LENGTH
#define SHA256_CTX           CC_SHA256_CTX
#define SHA224_Init          CC_SHA224_Init
#define SHA224_Update        CC_SHA224_Update
#define SHA224_Final         CC_SHA224_Final
#define SHA256_DIGEST_LENGTH CC_SHA256_DIGEST_LENGTH
#define SHA256_Init          CC_SHA256_Init
#define SHA256_Update        CC_SHA256_Update
#define SHA256_Final         CC_SHA256_Final
#define SHA384_DIGEST_LENGTH CC_SHA384_DIGEST_LENGTH
#define SHA512_CTX           CC_SHA512_CTX
#define SHA384_Init          CC_SHA384_Init
#define SHA384_Update        CC_SHA384_Update
#define SHA384_Final         CC_SHA384_Final
#define SHA512_DIGEST_LENGTH CC_SHA512_DIGEST_LENGTH
#define SHA512_Init          CC_SHA512_Init
#define SHA512_Update        CC_SHA512_Update
#define SHA512_Final         CC_SHA512_Final
#endif /* COMMON_DIGEST_FOR_OPENSSL */

#ifdef __cplusplus
}
#endif

#endif /* _CC_COMMON_DIGEST_H_ */
