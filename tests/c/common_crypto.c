/* CommonCrypto from C, against published known-answer vectors: FIPS 180-2's digest
 * examples and RFC 1321's MD5 suite, RFC 2202 (HMAC-MD5, HMAC-SHA1) and RFC 4231
 * (HMAC-SHA2), NIST SP 800-38A (AES ECB and CBC), FIPS 81 (DES) and SP 800-67 (3DES),
 * RFC 6070 (PBKDF2-SHA1) and RFC 7914 (PBKDF2-SHA256); the context sizes of Apple's
 * CommonDigest.h and CommonHMAC.h; contexts copied mid-stream, as callers copy them; and
 * CommonCryptor.c's output lengths, padding and errors.
 * Prints "checked <n>, <f> failures"; exits 1 on any failure. */
#include <CommonCrypto/CommonCrypto.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int checked, failures;

#define EXPECT(cond)                                                             \
    do {                                                                         \
        checked++;                                                               \
        if (!(cond)) {                                                           \
            failures++;                                                          \
            printf("FAIL %s:%d %s\n", __FILE__, __LINE__, #cond);                \
        }                                                                        \
    } while (0)

/* Bytes from hex (spaces ignored); returns the count. */
static size_t unhex(const char *hex, unsigned char *out) {
    size_t n = 0;
    unsigned int byte;
    while (*hex) {
        if (*hex == ' ') { hex++; continue; }
        if (sscanf(hex, "%2x", &byte) != 1) break;
        out[n++] = (unsigned char)byte;
        hex += 2;
    }
    return n;
}

static int is_hex(const unsigned char *bytes, size_t length, const char *hex) {
    unsigned char want[256];
    size_t n = unhex(hex, want);
    if (n != length || memcmp(bytes, want, n) != 0) {
        printf("  got ");
        for (size_t i = 0; i < length; i++) printf("%02x", bytes[i]);
        printf("\n want %s\n", hex);
        return 0;
    }
    return 1;
}

static unsigned char *repeated(unsigned char byte, size_t count) {
    unsigned char *bytes = malloc(count);
    memset(bytes, byte, count);
    return bytes;
}

/* ---- Digests ---------------------------------------------------------------------- */

static const char *TWO_BLOCKS = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const char *TWO_LONG_BLOCKS =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqr"
    "lmnopqrsmnopqrstnopqrstu";

/* One algorithm's calls, so each vector runs through all of them. */
typedef struct {
    const char *name;
    size_t length;
    unsigned char *(*one_shot)(const void *, CC_LONG, unsigned char *);
    /* Streams `message` in chunks of `chunk`, copying the context half-way; both copies
     * must give the digest. */
    int (*streamed)(const void *message, size_t length, size_t chunk, unsigned char *md);
} digest;

#define STREAMED(NAME, CTX, INIT, UPDATE, FINAL)                                          \
    static int NAME(const void *message, size_t length, size_t chunk, unsigned char *md) { \
        CTX context, copy;                                                               \
        unsigned char other[64] = { 0 };                                                 \
        const unsigned char *bytes = message;                                            \
        size_t done = 0, half = length / 2;                                              \
        INIT(&context);                                                                  \
        while (done < half) {                                                            \
            size_t n = half - done < chunk ? half - done : chunk;                        \
            UPDATE(&context, bytes + done, (CC_LONG)n);                                  \
            done += n;                                                                   \
        }                                                                                \
        copy = context;                                                                  \
        while (done < length) {                                                          \
            size_t n = length - done < chunk ? length - done : chunk;                    \
            UPDATE(&context, bytes + done, (CC_LONG)n);                                  \
            UPDATE(&copy, bytes + done, (CC_LONG)n);                                     \
            done += n;                                                                   \
        }                                                                                \
        FINAL(md, &context);                                                             \
        FINAL(other, &copy);                                                             \
        return memcmp(md, other, sizeof other) == 0;                                     \
    }

STREAMED(md5_streamed, CC_MD5_CTX, CC_MD5_Init, CC_MD5_Update, CC_MD5_Final)
STREAMED(sha1_streamed, CC_SHA1_CTX, CC_SHA1_Init, CC_SHA1_Update, CC_SHA1_Final)
STREAMED(sha224_streamed, CC_SHA256_CTX, CC_SHA224_Init, CC_SHA224_Update, CC_SHA224_Final)
STREAMED(sha256_streamed, CC_SHA256_CTX, CC_SHA256_Init, CC_SHA256_Update, CC_SHA256_Final)
STREAMED(sha384_streamed, CC_SHA512_CTX, CC_SHA384_Init, CC_SHA384_Update, CC_SHA384_Final)
STREAMED(sha512_streamed, CC_SHA512_CTX, CC_SHA512_Init, CC_SHA512_Update, CC_SHA512_Final)

static const digest MD5 = { "MD5", CC_MD5_DIGEST_LENGTH, CC_MD5, md5_streamed };
static const digest SHA1 = { "SHA-1", CC_SHA1_DIGEST_LENGTH, CC_SHA1, sha1_streamed };
static const digest SHA224 = { "SHA-224", CC_SHA224_DIGEST_LENGTH, CC_SHA224, sha224_streamed };
static const digest SHA256 = { "SHA-256", CC_SHA256_DIGEST_LENGTH, CC_SHA256, sha256_streamed };
static const digest SHA384 = { "SHA-384", CC_SHA384_DIGEST_LENGTH, CC_SHA384, sha384_streamed };
static const digest SHA512 = { "SHA-512", CC_SHA512_DIGEST_LENGTH, CC_SHA512, sha512_streamed };

static void digest_vector(const digest *d, const void *message, size_t length, const char *hex) {
    static const size_t chunks[] = { 1, 3, 63, 64, 65, 127, 128, 1000, 100000 };
    unsigned char md[64];
    memset(md, 0, sizeof md);
    EXPECT(d->one_shot(message, (CC_LONG)length, md) == md);
    EXPECT(is_hex(md, d->length, hex));
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        if (length > 100000 && chunks[i] < 1000) continue;
        memset(md, 0, sizeof md);
        EXPECT(d->streamed(message, length, chunks[i], md));
        EXPECT(is_hex(md, d->length, hex));
    }
}

/* A context copied half-way gives the same digest as the original. */
static void copied_contexts(void) {
    const unsigned char *m = (const unsigned char *)TWO_LONG_BLOCKS;
    size_t n = strlen(TWO_LONG_BLOCKS);
    CC_SHA512_CTX original, copy;
    unsigned char a[64], b[64];
    CC_SHA512_Init(&original);
    CC_SHA512_Update(&original, m, 50);
    copy = original;
    CC_SHA512_Update(&original, m + 50, (CC_LONG)(n - 50));
    CC_SHA512_Update(&copy, m + 50, (CC_LONG)(n - 50));
    CC_SHA512_Final(a, &original);
    CC_SHA512_Final(b, &copy);
    EXPECT(memcmp(a, b, 64) == 0);
    EXPECT(is_hex(a, 64, "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
                         "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"));
    /* An abandoned context needs nothing: no _Final, no leak (valgrind checks). */
    CC_SHA256_CTX abandoned;
    CC_SHA256_Init(&abandoned);
    CC_SHA256_Update(&abandoned, m, 10);
}

static void digests(void) {
    /* Apple's context sizes: callers allocate them. */
    EXPECT(sizeof(CC_MD5_CTX) == 92);
    EXPECT(sizeof(CC_SHA1_CTX) == 96);
    EXPECT(sizeof(CC_SHA256_CTX) == 104);
    EXPECT(sizeof(CC_SHA512_CTX) == 208);
    EXPECT(sizeof(CCHmacContext) == 384);
    EXPECT(CC_MD5_BLOCK_LONG == 16 && CC_SHA1_BLOCK_LONG == 16);

    /* RFC 1321's suite. */
    digest_vector(&MD5, "", 0, "d41d8cd98f00b204e9800998ecf8427e");
    digest_vector(&MD5, "a", 1, "0cc175b9c0f1b6a831c399e269772661");
    digest_vector(&MD5, "abc", 3, "900150983cd24fb0d6963f7d28e17f72");
    digest_vector(&MD5, "message digest", 14, "f96b697d7cb7938d525a2f31aaf161d0");
    digest_vector(&MD5, "abcdefghijklmnopqrstuvwxyz", 26, "c3fcd3d76192e4007dfb496cca67e13b");
    digest_vector(&MD5,
                  "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
                  80, "57edf4a22be3c955ac49da2e2107b67a");

    /* FIPS 180-2's examples (Appendices A to D, and the SHA-224 change notice). */
    unsigned char *million = repeated('a', 1000000);
    digest_vector(&SHA1, "abc", 3, "a9993e364706816aba3e25717850c26c9cd0d89d");
    digest_vector(&SHA1, TWO_BLOCKS, strlen(TWO_BLOCKS), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    digest_vector(&SHA1, million, 1000000, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    digest_vector(&SHA224, "abc", 3, "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7");
    digest_vector(&SHA224, TWO_BLOCKS, strlen(TWO_BLOCKS),
                  "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525");
    digest_vector(&SHA256, "abc", 3,
                  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    digest_vector(&SHA256, TWO_BLOCKS, strlen(TWO_BLOCKS),
                  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    digest_vector(&SHA256, million, 1000000,
                  "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    digest_vector(&SHA384, "abc", 3,
                  "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
                  "8086072ba1e7cc2358baeca134c825a7");
    digest_vector(&SHA384, TWO_LONG_BLOCKS, strlen(TWO_LONG_BLOCKS),
                  "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712"
                  "fcc7c71a557e2db966c3e9fa91746039");
    digest_vector(&SHA512, "abc", 3,
                  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                  "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    digest_vector(&SHA512, TWO_LONG_BLOCKS, strlen(TWO_LONG_BLOCKS),
                  "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
                  "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
    free(million);
    copied_contexts();

    /* Apple's rules for NULL: a one-shot without output computes nothing. */
    EXPECT(CC_SHA256("abc", 3, NULL) == NULL);
    CC_SHA256_CTX context;
    EXPECT(CC_SHA256_Init(&context) == 1);
    EXPECT(CC_SHA256_Final(NULL, &context) == 1);
}

/* ---- HMAC ------------------------------------------------------------------------- */

typedef struct {
    const unsigned char *key;
    size_t key_length;
    const char *data;
    size_t data_length;
} hmac_case;

static void hmac_vector(CCHmacAlgorithm algorithm, const hmac_case *c, const char *hex) {
    unsigned char mac[64];
    size_t want = strlen(hex) / 2; /* RFC 4231's case 5 is truncated */
    CCHmac(algorithm, c->key, c->key_length, c->data, c->data_length, mac);
    EXPECT(is_hex(mac, want, hex));
    /* Streamed in two pieces, through a copied context. */
    CCHmacContext context, copy;
    CCHmacInit(&context, algorithm, c->key, c->key_length);
    size_t half = c->data_length / 2;
    CCHmacUpdate(&context, c->data, half);
    copy = context;
    memset(&context, 0xA5, sizeof context);
    CCHmacUpdate(&copy, c->data + half, c->data_length - half);
    memset(mac, 0, sizeof mac);
    CCHmacFinal(&copy, mac);
    EXPECT(is_hex(mac, want, hex));
}

static void hmacs(void) {
    unsigned char k0b[20], kaa[131], k0c[20], k0125[25], d_dd[50], d_cd[50];
    memset(k0b, 0x0b, sizeof k0b);
    memset(kaa, 0xaa, sizeof kaa);
    memset(k0c, 0x0c, sizeof k0c);
    for (int i = 0; i < 25; i++) k0125[i] = (unsigned char)(i + 1);
    memset(d_dd, 0xdd, sizeof d_dd);
    memset(d_cd, 0xcd, sizeof d_cd);
    const char *large_key_first = "Test Using Larger Than Block-Size Key - Hash Key First";
    const char *large_data =
        "This is a test using a larger than block-size key and a larger than block-size data. "
        "The key needs to be hashed before being used by the HMAC algorithm.";
    const char *large_2202 = "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data";

    /* RFC 4231, test cases 1 to 7. */
    const hmac_case rfc4231[7] = {
        { k0b, 20, "Hi There", 8 },
        { (const unsigned char *)"Jefe", 4, "what do ya want for nothing?", 28 },
        { kaa, 20, (const char *)d_dd, 50 },
        { k0125, 25, (const char *)d_cd, 50 },
        { k0c, 20, "Test With Truncation", 20 },
        { kaa, 131, large_key_first, strlen(large_key_first) },
        { kaa, 131, large_data, strlen(large_data) },
    };
    static const char *sha224[7] = {
        "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22",
        "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44",
        "7fb3cb3588c6c1f6ffa9694d7d6ad2649365b0c1f65d69d1ec8333ea",
        "6c11506874013cac6a2abc1bb382627cec6a90d86efc012de7afec5a",
        "0e2aea68a90c8d37c988bcdb9fca6fa8",
        "95e9a0db962095adaebe9b2d6f0dbce2d499f112f2d2b7273fa6870e",
        "3a854166ac5d9f023f54d517d0b39dbd946770db9c2b95c9f6f565d1",
    };
    static const char *sha256[7] = {
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
        "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
        "a3b6167473100ee06e0c796c2955552b",
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
    };
    static const char *sha384[7] = {
        "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
        "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
        "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27",
        "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb",
        "3abf34c3503b2a23a46efc619baef897",
        "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
        "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e",
    };
    static const char *sha512[7] = {
        "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
        "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
        "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb",
        "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd",
        "415fad6271580a531d4179bc891d87a6",
        "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
        "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58",
    };
    for (int i = 0; i < 7; i++) {
        hmac_vector(kCCHmacAlgSHA224, &rfc4231[i], sha224[i]);
        hmac_vector(kCCHmacAlgSHA256, &rfc4231[i], sha256[i]);
        hmac_vector(kCCHmacAlgSHA384, &rfc4231[i], sha384[i]);
        hmac_vector(kCCHmacAlgSHA512, &rfc4231[i], sha512[i]);
    }

    /* RFC 2202: HMAC-MD5 (16-byte keys, 80 for the large ones) and HMAC-SHA1. */
    const hmac_case rfc2202_md5[7] = {
        { k0b, 16, "Hi There", 8 },
        { (const unsigned char *)"Jefe", 4, "what do ya want for nothing?", 28 },
        { kaa, 16, (const char *)d_dd, 50 },
        { k0125, 25, (const char *)d_cd, 50 },
        { k0c, 16, "Test With Truncation", 20 },
        { kaa, 80, large_key_first, strlen(large_key_first) },
        { kaa, 80, large_2202, strlen(large_2202) },
    };
    static const char *md5[7] = {
        "9294727a3638bb1c13f48ef8158bfc9d", "750c783e6ab0b503eaa86e310a5db738",
        "56be34521d144c88dbb8c733f0e8b3f6", "697eaf0aca3a3aea3a75164746ffaa79",
        "56461ef2342edc00f9bab995690efd4c", "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd",
        "6f630fad67cda0ee1fb1f562db3aa53e",
    };
    const hmac_case rfc2202_sha1[7] = {
        { k0b, 20, "Hi There", 8 },
        { (const unsigned char *)"Jefe", 4, "what do ya want for nothing?", 28 },
        { kaa, 20, (const char *)d_dd, 50 },
        { k0125, 25, (const char *)d_cd, 50 },
        { k0c, 20, "Test With Truncation", 20 },
        { kaa, 80, large_key_first, strlen(large_key_first) },
        { kaa, 80, large_2202, strlen(large_2202) },
    };
    static const char *sha1[7] = {
        "b617318655057264e28bc0b6fb378c8ef146be00", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
        "125d7342b9ac11cd91a39af48aa17b4f63f175d3", "4c9007f4026250c6bc8414f9bf50c86c2d7235da",
        "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04", "aa4ae5e15272d00e95705637ce8a3b55ed402112",
        "e8e99d0f45237d786d6bbaa7965c7808bbff1a91",
    };
    for (int i = 0; i < 7; i++) {
        hmac_vector(kCCHmacAlgMD5, &rfc2202_md5[i], md5[i]);
        hmac_vector(kCCHmacAlgSHA1, &rfc2202_sha1[i], sha1[i]);
    }
}

/* ---- Ciphers ---------------------------------------------------------------------- */

static const char *SP800_38A_PLAIN =
    "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710";

/* One vector both ways, one-shot and streamed in uneven pieces. */
static void cipher_vector(CCAlgorithm algorithm, CCOptions options, const char *key_hex,
                          const char *iv_hex, const char *plain_hex, const char *cipher_hex) {
    unsigned char key[32], iv[16], plain[64], expected[64], out[96];
    size_t key_length = unhex(key_hex, key);
    size_t length = unhex(plain_hex, plain);
    unhex(cipher_hex, expected);
    if (iv_hex) unhex(iv_hex, iv);
    size_t moved = 0;
    EXPECT(CCCrypt(kCCEncrypt, algorithm, options, key, key_length, iv_hex ? iv : NULL, plain,
                   length, out, sizeof out, &moved) == kCCSuccess);
    EXPECT(moved == length && is_hex(out, moved, cipher_hex));
    EXPECT(CCCrypt(kCCDecrypt, algorithm, options, key, key_length, iv_hex ? iv : NULL, expected,
                   length, out, sizeof out, &moved) == kCCSuccess);
    EXPECT(moved == length && memcmp(out, plain, length) == 0);

    CCCryptorRef cryptor = NULL;
    EXPECT(CCCryptorCreate(kCCEncrypt, algorithm, options, key, key_length, iv_hex ? iv : NULL,
                           &cryptor) == kCCSuccess);
    size_t total = 0, pieces[] = { 5, 13, length - 18 };
    const unsigned char *in = plain;
    for (int i = 0; i < 3; i++) {
        EXPECT(CCCryptorUpdate(cryptor, in, pieces[i], out + total, sizeof out - total, &moved) == kCCSuccess);
        in += pieces[i];
        total += moved;
    }
    EXPECT(CCCryptorFinal(cryptor, out + total, sizeof out - total, &moved) == kCCSuccess);
    total += moved;
    EXPECT(total == length && memcmp(out, expected, length) == 0);
    EXPECT(CCCryptorRelease(cryptor) == kCCSuccess);
}

static void ciphers(void) {
    const char *iv = "000102030405060708090a0b0c0d0e0f";
    const char *k128 = "2b7e151628aed2a6abf7158809cf4f3c";
    const char *k192 = "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b";
    const char *k256 = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
    /* SP 800-38A F.1.1, F.1.3, F.1.5 (ECB) and F.2.1, F.2.3, F.2.5 (CBC). */
    cipher_vector(kCCAlgorithmAES, kCCOptionECBMode, k128, NULL, SP800_38A_PLAIN,
                  "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf"
                  "43b1cd7f598ece23881b00e3ed0306887b0c785e27e8ad3f8223207104725dd4");
    cipher_vector(kCCAlgorithmAES, kCCOptionECBMode, k192, NULL, SP800_38A_PLAIN,
                  "bd334f1d6e45f25ff712a214571fa5cc974104846d0ad3ad7734ecb3ecee4eef"
                  "ef7afd2270e2e60adce0ba2face6444e9a4b41ba738d6c72fb16691603c18e0e");
    cipher_vector(kCCAlgorithmAES, kCCOptionECBMode, k256, NULL, SP800_38A_PLAIN,
                  "f3eed1bdb5d2a03c064b5a7e3db181f8591ccb10d410ed26dc5ba74a31362870"
                  "b6ed21b99ca6f4f9f153e7b1beafed1d23304b7a39f9f3ff067d8d8f9e24ecc7");
    cipher_vector(kCCAlgorithmAES128, 0, k128, iv, SP800_38A_PLAIN,
                  "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
                  "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7");
    cipher_vector(kCCAlgorithmAES, 0, k192, iv, SP800_38A_PLAIN,
                  "4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a"
                  "571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd");
    cipher_vector(kCCAlgorithmAES, 0, k256, iv, SP800_38A_PLAIN,
                  "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
                  "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b");
    /* FIPS 81's DES examples ("Now is the time for all "), ECB and CBC. */
    const char *now = "4e6f77206973207468652074696d6520666f7220616c6c20";
    cipher_vector(kCCAlgorithmDES, kCCOptionECBMode, "0123456789abcdef", NULL, now,
                  "3fa40e8a984d48156a271787ab8883f9893d51ec4b563b53");
    cipher_vector(kCCAlgorithmDES, 0, "0123456789abcdef", "1234567890abcdef", now,
                  "e5c7cdde872bf27c43e934008c389c0f683788499a7c05f6");
    /* SP 800-67's triple-DES example ("The qufck brown fox jump"). */
    cipher_vector(kCCAlgorithm3DES, kCCOptionECBMode,
                  "0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123", NULL,
                  "5468652071756663 6b2062726f776e20 666f78206a756d70",
                  "a826fd8ce53b855fcce21c8112256fe668d5c05dd9b6b900");
}

/* CommonCryptor.c's lengths and padding, every input length from 0 to 40. */
static void padding_and_lengths(void) {
    unsigned char key[16] = { 1 }, iv[16] = { 2 }, plain[40], sealed[64], opened[64];
    for (int i = 0; i < 40; i++) plain[i] = (unsigned char)(i * 7);
    for (size_t length = 0; length <= 40; length++) {
        size_t moved = 0, padded = (length / 16 + 1) * 16;
        EXPECT(CCCrypt(kCCEncrypt, kCCAlgorithmAES, kCCOptionPKCS7Padding, key, 16, iv, plain,
                       length, sealed, sizeof sealed, &moved) == kCCSuccess);
        EXPECT(moved == padded);
        /* Decrypting needs room for the input's length (the padding's upper bound). */
        size_t needed = 0;
        EXPECT(CCCrypt(kCCDecrypt, kCCAlgorithmAES, kCCOptionPKCS7Padding, key, 16, iv, sealed,
                       padded, opened, padded - 1, &needed) == kCCBufferTooSmall);
        EXPECT(needed == padded);
        EXPECT(CCCrypt(kCCDecrypt, kCCAlgorithmAES, kCCOptionPKCS7Padding, key, 16, iv, sealed,
                       padded, opened, sizeof opened, &moved) == kCCSuccess);
        EXPECT(moved == length && memcmp(opened, plain, length) == 0);
    }
    /* Streaming: Apple's formulas, and the last block held back when decrypting. */
    CCCryptorRef e = NULL, d = NULL;
    size_t moved = 0;
    EXPECT(CCCryptorCreate(kCCEncrypt, kCCAlgorithmAES, kCCOptionPKCS7Padding, key, 16, iv, &e) == kCCSuccess);
    EXPECT(CCCryptorCreate(kCCDecrypt, kCCAlgorithmAES, kCCOptionPKCS7Padding, key, 16, iv, &d) == kCCSuccess);
    EXPECT(CCCryptorGetOutputLength(e, 20, false) == 16);
    EXPECT(CCCryptorGetOutputLength(e, 20, true) == 32);
    EXPECT(CCCryptorGetOutputLength(e, 32, true) == 48);
    EXPECT(CCCryptorGetOutputLength(d, 32, false) == 16);
    EXPECT(CCCryptorGetOutputLength(d, 31, false) == 16);
    EXPECT(CCCryptorGetOutputLength(d, 16, false) == 0);
    EXPECT(CCCryptorGetOutputLength(d, 32, true) == 32);
    /* Too small: the length needed, nothing lost. */
    EXPECT(CCCryptorUpdate(e, plain, 20, sealed, 15, &moved) == kCCBufferTooSmall);
    EXPECT(moved == 16);
    EXPECT(CCCryptorUpdate(e, plain, 20, sealed, sizeof sealed, &moved) == kCCSuccess);
    EXPECT(moved == 16);
    EXPECT(CCCryptorGetOutputLength(e, 0, true) == 16); /* 4 bytes wait */
    EXPECT(CCCryptorFinal(e, sealed + 16, 15, &moved) == kCCBufferTooSmall);
    EXPECT(CCCryptorFinal(e, sealed + 16, 16, &moved) == kCCSuccess && moved == 16);
    EXPECT(CCCryptorUpdate(d, sealed, 32, opened, sizeof opened, &moved) == kCCSuccess);
    EXPECT(moved == 16);
    EXPECT(CCCryptorFinal(d, opened + 16, 3, &moved) == kCCBufferTooSmall); /* 4 to come */
    EXPECT(CCCryptorFinal(d, opened + 16, 4, &moved) == kCCSuccess && moved == 4);
    EXPECT(memcmp(opened, plain, 20) == 0);
    EXPECT(CCCryptorRelease(e) == kCCSuccess && CCCryptorRelease(d) == kCCSuccess);

    /* Without padding, input must be whole blocks; a bad padding does not decode. */
    EXPECT(CCCrypt(kCCEncrypt, kCCAlgorithmAES, 0, key, 16, iv, plain, 20, sealed,
                   sizeof sealed, &moved) == kCCAlignmentError);
    EXPECT(CCCrypt(kCCDecrypt, kCCAlgorithmAES, kCCOptionPKCS7Padding, key, 16, iv, plain, 20,
                   opened, sizeof opened, &moved) == kCCAlignmentError);
    EXPECT(CCCrypt(kCCEncrypt, kCCAlgorithmAES, 0, key, 16, iv, plain, 32, sealed,
                   sizeof sealed, &moved) == kCCSuccess);
    EXPECT(CCCrypt(kCCDecrypt, kCCAlgorithmAES, kCCOptionPKCS7Padding, key, 16, iv, sealed, 32,
                   opened, sizeof opened, &moved) == kCCDecodeError);
    /* Wrong key sizes; the algorithms not carried out. */
    EXPECT(CCCrypt(kCCEncrypt, kCCAlgorithmAES, 0, key, 15, iv, plain, 16, sealed,
                   sizeof sealed, &moved) == kCCKeySizeError);
    EXPECT(CCCrypt(kCCEncrypt, kCCAlgorithm3DES, 0, key, 16, iv, plain, 16, sealed,
                   sizeof sealed, &moved) == kCCKeySizeError);
    EXPECT(CCCrypt(kCCEncrypt, kCCAlgorithmBlowfish, 0, key, 16, iv, plain, 16, sealed,
                   sizeof sealed, &moved) == kCCUnimplemented);
    EXPECT(CCCrypt(kCCEncrypt, 99, 0, key, 16, iv, plain, 16, sealed, sizeof sealed, &moved) ==
           kCCParamError);
    /* In place. */
    memcpy(sealed, plain, 32);
    EXPECT(CCCrypt(kCCEncrypt, kCCAlgorithmAES, 0, key, 16, iv, sealed, 32, sealed, 32, &moved) ==
           kCCSuccess);
    EXPECT(CCCrypt(kCCDecrypt, kCCAlgorithmAES, 0, key, 16, iv, sealed, 32, sealed, 32, &moved) ==
           kCCSuccess);
    EXPECT(memcmp(sealed, plain, 32) == 0);
}

/* ---- Random, PBKDF2 --------------------------------------------------------------- */

static void randoms(void) {
    unsigned char a[32] = { 0 }, b[32] = { 0 };
    EXPECT(CCRandomGenerateBytes(a, sizeof a) == kCCSuccess);
    EXPECT(CCRandomGenerateBytes(b, sizeof b) == kCCSuccess);
    EXPECT(memcmp(a, b, sizeof a) != 0);
    EXPECT(CCRandomGenerateBytes(NULL, 0) == kCCSuccess);
}

static void pbkdf2(void) {
    unsigned char key[64];
    struct { const char *password; size_t password_length; const char *salt; size_t salt_length;
             CCPseudoRandomAlgorithm prf; unsigned rounds; size_t length; const char *hex; } cases[] = {
        /* RFC 6070. */
        { "password", 8, "salt", 4, kCCPRFHmacAlgSHA1, 1, 20, "0c60c80f961f0e71f3a9b524af6012062fe037a6" },
        { "password", 8, "salt", 4, kCCPRFHmacAlgSHA1, 2, 20, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957" },
        { "password", 8, "salt", 4, kCCPRFHmacAlgSHA1, 4096, 20, "4b007901b765489abead49d926f721d065a429c1" },
        { "passwordPASSWORDpassword", 24, "saltSALTsaltSALTsaltSALTsaltSALTsalt", 36,
          kCCPRFHmacAlgSHA1, 4096, 25, "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038" },
        { "pass\0word", 9, "sa\0lt", 5, kCCPRFHmacAlgSHA1, 4096, 16, "56fa6aa75548099dcc37d7f03425e0c3" },
        /* RFC 7914, section 11. */
        { "passwd", 6, "salt", 4, kCCPRFHmacAlgSHA256, 1, 64,
          "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
          "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        EXPECT(CCKeyDerivationPBKDF(kCCPBKDF2, cases[i].password, cases[i].password_length,
                                    (const uint8_t *)cases[i].salt, cases[i].salt_length,
                                    cases[i].prf, cases[i].rounds, key, cases[i].length) == kCCSuccess);
        EXPECT(is_hex(key, cases[i].length, cases[i].hex));
    }
    EXPECT(CCKeyDerivationPBKDF(kCCPBKDF2, "p", 1, (const uint8_t *)"s", 1, kCCPRFHmacAlgSHA1, 0,
                                key, 16) == kCCParamError);
    EXPECT(CCKeyDerivationPBKDF(1, "p", 1, (const uint8_t *)"s", 1, kCCPRFHmacAlgSHA1, 1, key, 16) ==
           kCCParamError);
    unsigned rounds = CCCalibratePBKDF(kCCPBKDF2, 8, 16, kCCPRFHmacAlgSHA256, 32, 10);
    EXPECT(rounds > 0 && rounds != (unsigned)-1);
    EXPECT(CCCalibratePBKDF(kCCPBKDF2, 8, 0, kCCPRFHmacAlgSHA256, 32, 10) == (unsigned)-1);
}

int main(void) {
    digests();
    hmacs();
    ciphers();
    padding_and_lengths();
    randoms();
    pbkdf2();
    printf("checked %d, %d failures\n", checked, failures);
    return failures == 0 ? 0 : 1;
}
