/* References that are no live object of ours — released ones, released ones whose place a
 * new object of another type has taken, and pointers that never were CF objects (a stack
 * variable, malloc'd blocks, misaligned and small values): every call refuses them with its
 * "nothing" result (0, NULL, false, errSecParam), without reading the memory they point at
 * (valgrind sees no invalid read) and without mistaking them for the object that now lives
 * where they pointed.
 * Prints "checked <n> calls, <f> failures"; exits 1 on any failure. */
#include "common.h"

static int checked, failures;

#define EXPECT(call, want)                                                       \
    do {                                                                         \
        long long got_ = (long long)(call);                                      \
        long long want_ = (long long)(want);                                     \
        checked++;                                                               \
        if (got_ != want_) {                                                     \
            failures++;                                                          \
            printf("FAIL %s:%d [%s] %s -> got %lld want %lld\n", __FILE__,       \
                   __LINE__, what, #call, got_, want_);                          \
        }                                                                        \
    } while (0)

#define EXPECT_NULL(call) EXPECT((call) == NULL, 1)

/* _kCFRuntimeNotATypeID: what CFGetTypeID says of no object. */
#define NOT_A_TYPE_ID 0

/* Every kind of call on `ref`, which is no live object: each answers nothing, and none
 * changes anything (CFRelease and SSLDisposeContext of it give up no reference). */
static void refused_everywhere(const char *what, CFTypeRef ref) {
    SSLSessionState state = kSSLIdle;
    SecTrustResultType result = kSecTrustResultInvalid;
    SecKeychainStatus keychain_status = 0;
    char text[8];
    CFTypeRef copied = NULL;

    EXPECT(CFGetTypeID(ref), NOT_A_TYPE_ID);
    EXPECT(CFGetRetainCount(ref), 0);
    EXPECT(CFEqual(ref, ref), false);
    EXPECT_NULL(CFRetain(ref));
    CFRelease(ref);
    EXPECT(CFDataGetLength((CFDataRef)ref), 0);
    EXPECT_NULL(CFDataGetBytePtr((CFDataRef)ref));
    EXPECT(CFArrayGetCount((CFArrayRef)ref), 0);
    EXPECT_NULL(CFArrayGetValueAtIndex((CFArrayRef)ref, 0));
    EXPECT(CFStringGetLength((CFStringRef)ref), 0);
    EXPECT(CFStringGetCString((CFStringRef)ref, text, sizeof text, kCFStringEncodingUTF8), false);
    EXPECT(CFDictionaryGetCount((CFDictionaryRef)ref), 0);
    EXPECT_NULL(CFDictionaryGetValue((CFDictionaryRef)ref, kSecImportItemIdentity));
    EXPECT(CFBooleanGetValue((CFBooleanRef)ref), false);
    EXPECT(CFErrorGetCode((CFErrorRef)ref), 0);
    EXPECT_NULL(SecCertificateCopyData((SecCertificateRef)ref));
    EXPECT(SecIdentityCopyCertificate((SecIdentityRef)ref, (SecCertificateRef *)&copied),
           errSecParam);
    EXPECT(SecTrustEvaluate((SecTrustRef)ref, &result), errSecParam);
    EXPECT(SecTrustGetCertificateCount((SecTrustRef)ref), 0);
    EXPECT(SSLGetSessionState((SSLContextRef)ref, &state), errSecParam);
    EXPECT(SSLHandshake((SSLContextRef)ref), errSecParam);
    EXPECT(SSLClose((SSLContextRef)ref), errSecParam);
    EXPECT(SSLDisposeContext((SSLContextRef)ref), errSecParam);
    EXPECT(SecKeychainGetStatus((SecKeychainRef)ref, &keychain_status), errSecInvalidKeychain);
    EXPECT(SecKeychainLock((SecKeychainRef)ref), errSecInvalidKeychain);
    EXPECT(SecKeychainDelete((SecKeychainRef)ref), errSecParam);
    EXPECT(SecItemCopyMatching((CFDictionaryRef)ref, &copied), errSecParam);
    EXPECT(SecItemDelete((CFDictionaryRef)ref), errSecParam);
    EXPECT(SecIdentityCreateWithCertificate(NULL, (SecCertificateRef)ref,
                                            (SecIdentityRef *)&copied), errSecParam);
    EXPECT(copied == NULL, 1);
}

/* Released objects: their references are stale at once. */
static void released_objects(void) {
    const char *what = "released";
    UInt8 bytes[4] = { 1, 2, 3, 4 };

    CFDataRef data = CFDataCreate(NULL, bytes, sizeof bytes);
    EXPECT(CFGetTypeID(data), CFDataGetTypeID());
    CFRelease(data);
    refused_everywhere("a released CFData", data);

    CFStringRef string = CFStringCreateWithCString(NULL, "text", kCFStringEncodingUTF8);
    CFArrayRef array = CFArrayCreate(NULL, (const void **)&string, 1, &kCFTypeArrayCallBacks);
    CFRelease(string); /* the array keeps it */
    EXPECT(CFStringGetLength(string), 4);
    CFRelease(array); /* and gives it up */
    refused_everywhere("a released CFArray", array);
    refused_everywhere("a CFString its array released", string);

    SSLContextRef ctx = SSLCreateContext(NULL, kSSLClientSide, kSSLStreamType);
    EXPECT(SSLDisposeContext(ctx), noErr);
    refused_everywhere("a disposed context", ctx);

    SecKeychainRef keychain = NULL;
    EXPECT(SecKeychainOpen("/nonexistent/stale.keychain", &keychain), noErr);
    CFRelease(keychain);
    refused_everywhere("a released keychain", keychain);
}

/* A released object's place taken by new objects of another type: the stale reference
 * still names no object (the old design read a header at the same address and answered
 * for the new object). */
#define NEW_OBJECTS 500

static void places_taken_by_new_objects(void) {
    const char *what = "place taken";
    UInt8 byte = 7;
    CFTypeRef made[NEW_OBJECTS];

    CFDataRef data = CFDataCreate(NULL, &byte, 1);
    CFRelease(data);
    for (int i = 0; i < NEW_OBJECTS; i++)
        made[i] = CFArrayCreate(NULL, NULL, 0, &kCFTypeArrayCallBacks);
    refused_everywhere("a CFData released before 500 new CFArrays", data);
    for (int i = 0; i < NEW_OBJECTS; i++) {
        EXPECT(CFGetTypeID(made[i]), CFArrayGetTypeID());
        CFRelease(made[i]);
    }

    SSLContextRef ctx = SSLCreateContext(NULL, kSSLServerSide, kSSLStreamType);
    CFRelease(ctx);
    for (int i = 0; i < NEW_OBJECTS; i++)
        made[i] = CFDataCreate(NULL, &byte, 1);
    refused_everywhere("a context released before 500 new CFData", ctx);
    for (int i = 0; i < NEW_OBJECTS; i++) {
        EXPECT(CFDataGetLength((CFDataRef)made[i]), 1);
        CFRelease(made[i]);
    }

    CFArrayRef array = CFArrayCreate(NULL, NULL, 0, &kCFTypeArrayCallBacks);
    CFRelease(array);
    SSLContextRef contexts[8];
    for (int i = 0; i < 8; i++)
        contexts[i] = SSLCreateContext(NULL, kSSLClientSide, kSSLStreamType);
    refused_everywhere("a CFArray released before 8 new contexts", array);
    for (int i = 0; i < 8; i++) {
        EXPECT(CFGetTypeID(contexts[i]), SSLContextGetTypeID());
        CFRelease(contexts[i]);
    }
}

/* Pointers that never were CF objects. None is read: a block too small for any object
 * header, a freed one and small integers would make a read an error or a crash. */
static void foreign_pointers(void) {
    const char *what = "foreign";
    long local = 0x5EC0;
    unsigned char *small = malloc(1);
    unsigned char *freed = malloc(64);
    REQUIRE(small != NULL && freed != NULL, "malloc");
    small[0] = 0;
    memset(freed, 0xA5, 64);
    uintptr_t freed_address = (uintptr_t)freed; /* kept as a number: C forbids the pointer */
    free(freed);
    UInt8 byte = 1;
    CFDataRef live = CFDataCreate(NULL, &byte, 1);

    refused_everywhere("a stack variable", &local);
    refused_everywhere("a 1-byte malloc'd block", small);
    refused_everywhere("a freed malloc'd block", (CFTypeRef)freed_address);
    refused_everywhere("a misaligned stack address", (const char *)&local + 1);
    refused_everywhere("a live reference plus one", (const char *)live + 1);
    refused_everywhere("a constant plus one", (const char *)kCFBooleanTrue + 1);
    refused_everywhere("the address of a constant's variable", &kCFBooleanTrue);
    refused_everywhere("a function's address", (const void *)(uintptr_t)&CFRelease);
    refused_everywhere("the value 16", (CFTypeRef)(uintptr_t)16);
    refused_everywhere("the value 4096", (CFTypeRef)(uintptr_t)4096);
    refused_everywhere("all bits set", (CFTypeRef)UINTPTR_MAX);

    /* Nothing above touched the live object. */
    EXPECT(CFGetRetainCount(live), 1);
    EXPECT(CFDataGetLength(live), 1);
    CFRelease(live);
    free(small);
}

int main(void) {
    released_objects();
    places_taken_by_new_objects();
    foreign_pointers();
    printf("checked %d calls, %d failures\n", checked, failures);
    return failures == 0 ? 0 : 1;
}
