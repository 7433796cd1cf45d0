/* What SecItemAdd, SecItemCopyMatching, SecItemUpdate and SecItemDelete give back, in the
 * shapes macOS's SecItem.cpp gives them: a reference by default, an array once the limit is
 * above one, a dictionary for several kinds; data, attributes and persistent references
 * that match the items. Each check that fails says so and exits 1.
 * usage: keychain_items <keychain path> <client.pem> <client-key.pem> <ca.pem>
 * Prints "OK <certificates found> <class of a key's attributes>". */
#include "common.h"
#include <stdarg.h>

/* A dictionary of keys and values given in turn (NULL ends them), released by the caller. */
static CFDictionaryRef dict(const void *first, ...) {
    const void *keys[8], *values[8];
    CFIndex count = 0;
    va_list pairs;
    va_start(pairs, first);
    for (const void *key = first; key != NULL && count < 8; key = va_arg(pairs, const void *)) {
        keys[count] = key;
        values[count++] = va_arg(pairs, const void *);
    }
    va_end(pairs);
    return CFDictionaryCreate(NULL, keys, values, count, &kCFTypeDictionaryKeyCallBacks,
                              &kCFTypeDictionaryValueCallBacks);
}

/* SecItemCopyMatching of a query made for the call. */
static OSStatus copy_matching(CFDictionaryRef query, CFTypeRef *result) {
    OSStatus status = SecItemCopyMatching(query, result);
    CFRelease(query);
    return status;
}

static CFArrayRef imported(const char *path, SecKeychainRef keychain) {
    CFDataRef data = copy_file(path);
    CFArrayRef items = NULL;
    CHECK(SecItemImport(data, NULL, NULL, NULL, 0, NULL, keychain, &items));
    CFRelease(data);
    return items;
}

int main(int argc, char **argv) {
    REQUIRE(argc == 5, "usage: %s keychain client.pem client-key.pem ca.pem", argv[0]);
    SecKeychainRef keychain = NULL;
    CHECK(SecKeychainCreate(argv[1], 0, "", false, NULL, &keychain));
    CFArrayRef client = imported(argv[2], keychain);
    CFArrayRef key = imported(argv[3], keychain);
    CFArrayRef ca = imported(argv[4], keychain);
    SecCertificateRef client_cert = (SecCertificateRef)CFArrayGetValueAtIndex(client, 0);

    /* A reference by default; the certificate itself. */
    CFTypeRef found = NULL;
    CHECK(copy_matching(dict(kSecClass, kSecClassCertificate, kSecValueRef, client_cert,
                             kSecUseKeychain, keychain, NULL), &found));
    REQUIRE(CFEqual(found, client_cert), "another certificate");
    CFRelease(found);

    /* Data: the DER. */
    CHECK(copy_matching(dict(kSecClass, kSecClassCertificate, kSecValueRef, client_cert,
                             kSecReturnData, kCFBooleanTrue, kSecUseKeychain, keychain, NULL),
                        &found));
    CFDataRef der = SecCertificateCopyData(client_cert);
    REQUIRE(CFGetTypeID(found) == CFDataGetTypeID() && CFEqual(found, der), "not its DER");
    CFRelease(der);
    CFRelease(found);

    /* All: an array of both certificates; a limit of two, the same; one, no array. */
    CHECK(copy_matching(dict(kSecClass, kSecClassCertificate, kSecMatchLimit, kSecMatchLimitAll,
                             kSecUseKeychain, keychain, NULL), &found));
    REQUIRE(CFGetTypeID(found) == CFArrayGetTypeID(), "no array");
    CFIndex certificates = CFArrayGetCount((CFArrayRef)found);
    CFRelease(found);
    int two = 2;
    CFNumberRef limit = CFNumberCreate(NULL, kCFNumberIntType, &two);
    CHECK(copy_matching(dict(kSecClass, kSecClassCertificate, kSecMatchLimit, limit,
                             kSecUseKeychain, keychain, NULL), &found));
    REQUIRE(CFGetTypeID(found) == CFArrayGetTypeID() &&
            CFArrayGetCount((CFArrayRef)found) == 2, "not two in an array");
    CFRelease(found);
    CFRelease(limit);

    /* A key's attributes: its class, and SecKeyCopyAttributes' application label. */
    CHECK(copy_matching(dict(kSecClass, kSecClassKey, kSecReturnAttributes, kCFBooleanTrue,
                             kSecUseKeychain, keychain, NULL), &found));
    REQUIRE(CFGetTypeID(found) == CFDictionaryGetTypeID(), "no attributes");
    CFDictionaryRef key_attributes = SecKeyCopyAttributes((SecKeyRef)CFArrayGetValueAtIndex(key, 0));
    REQUIRE(CFEqual(CFDictionaryGetValue(found, kSecAttrApplicationLabel),
                    CFDictionaryGetValue(key_attributes, kSecAttrApplicationLabel)),
            "another application label");
    REQUIRE(CFEqual(CFDictionaryGetValue(found, kSecAttrKeyClass), kSecAttrKeyClassPrivate),
            "not a private key");
    char class_text[8] = { 0 };
    CFStringGetCString((CFStringRef)CFDictionaryGetValue(found, kSecClass), class_text,
                       sizeof class_text, kCFStringEncodingUTF8);
    CFRelease(key_attributes);
    CFRelease(found);

    /* Added with a persistent reference, found again by it. */
    CFStringRef label = CFStringCreateWithCString(NULL, "the identity", kCFStringEncodingUTF8);
    CHECK(copy_matching(dict(kSecClass, kSecClassIdentity, kSecUseKeychain, keychain, NULL),
                        &found));
    SecIdentityRef identity = (SecIdentityRef)found;
    CFDictionaryRef by_value = dict(kSecClass, kSecClassIdentity, kSecValueRef, identity,
                                    kSecUseKeychain, keychain, NULL);
    CFDictionaryRef relabel = dict(kSecAttrLabel, label, NULL);
    CHECK(SecItemUpdate(by_value, relabel));
    CFDataRef persistent = NULL;
    CHECK(copy_matching(dict(kSecClass, kSecClassIdentity, kSecAttrLabel, label,
                             kSecReturnPersistentRef, kCFBooleanTrue, kSecUseKeychain, keychain,
                             NULL), (CFTypeRef *)&persistent));
    REQUIRE(CFGetTypeID(persistent) == CFDataGetTypeID(), "no persistent reference");
    CFDictionaryRef again = NULL;
    CHECK(copy_matching(dict(kSecValuePersistentRef, persistent, kSecReturnRef, kCFBooleanTrue,
                             kSecReturnAttributes, kCFBooleanTrue, NULL), (CFTypeRef *)&again));
    REQUIRE(CFEqual(CFDictionaryGetValue(again, kSecAttrLabel), label), "another label");
    SecCertificateRef its_cert = NULL;
    CHECK(SecIdentityCopyCertificate((SecIdentityRef)CFDictionaryGetValue(again, kSecValueRef),
                                     &its_cert));
    REQUIRE(CFEqual(its_cert, client_cert), "another identity");
    CFRelease(its_cert);
    CFRelease(again);

    /* Deleted by its persistent reference: then neither it nor its key is there. */
    CFDictionaryRef by_reference = dict(kSecValuePersistentRef, persistent, NULL);
    CHECK(SecItemDelete(by_reference));
    REQUIRE(SecItemCopyMatching(by_reference, NULL) == errSecItemNotFound, "still there");
    REQUIRE(copy_matching(dict(kSecClass, kSecClassKey, kSecUseKeychain, keychain, NULL), NULL)
                == errSecItemNotFound, "its key is still there");

    CHECK(SecKeychainDelete(keychain));
    CFRelease(by_reference);
    CFRelease(persistent);
    CFRelease(relabel);
    CFRelease(by_value);
    CFRelease(identity);
    CFRelease(label);
    CFRelease(ca);
    CFRelease(key);
    CFRelease(client);
    CFRelease(keychain);
    printf("OK %ld %s\n", (long)certificates, class_text);
    return 0;
}
