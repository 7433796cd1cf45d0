/* A client identity kept in the default keychain and found there by its label, as Mac code
 * finds a user's certificate: one run stores it (SecItemImport of a PKCS#12 file into the
 * default keychain, SecItemUpdate to give it a label), a later run finds it
 * (SecItemCopyMatching by kSecClassIdentity and kSecAttrLabel) and uses it against a server
 * that requires a client certificate (`openssl s_server -Verify 1 -rev`).
 * usage: default_keychain_identity store <identity.p12> <password> <label>
 *        default_keychain_identity connect <port> <ca.der> <label>
 * Prints "STORED <keychain path>", or "OK <SSLClientCertificateState> <reply> <class>". */
#include "common.h"

static CFStringRef string(const char *text) {
    return CFStringCreateWithCString(kCFAllocatorDefault, text, kCFStringEncodingUTF8);
}

static CFDictionaryRef dictionary(const void **keys, const void **values, CFIndex count) {
    return CFDictionaryCreate(kCFAllocatorDefault, keys, values, count,
                              &kCFTypeDictionaryKeyCallBacks, &kCFTypeDictionaryValueCallBacks);
}

static int store(const char *p12, const char *password, const char *label) {
    SecKeychainRef keychain = NULL;
    CHECK(SecKeychainCopyDefault(&keychain));
    CFDataRef data = copy_file(p12);
    CFStringRef passphrase = string(password);
    SecItemImportExportKeyParameters params;
    memset(&params, 0, sizeof params);
    params.version = SEC_KEY_IMPORT_EXPORT_PARAMS_VERSION;
    params.passphrase = passphrase;
    SecExternalFormat format = kSecFormatPKCS12;
    CFArrayRef items = NULL;
    CHECK(SecItemImport(data, NULL, &format, NULL, 0, &params, keychain, &items));
    SecIdentityRef identity = (SecIdentityRef)CFArrayGetValueAtIndex(items, 0);
    REQUIRE(CFGetTypeID(identity) == SecIdentityGetTypeID(), "no identity");

    /* The same item again: already there. */
    OSStatus again = SecItemImport(data, NULL, &format, NULL, 0, &params, keychain, NULL);
    REQUIRE(again == errSecDuplicateItem, "imported twice: %d", (int)again);

    CFStringRef name = string(label);
    const void *query_keys[] = { kSecClass, kSecValueRef };
    const void *query_values[] = { kSecClassIdentity, identity };
    CFDictionaryRef query = dictionary(query_keys, query_values, 2);
    const void *change_keys[] = { kSecAttrLabel };
    const void *change_values[] = { name };
    CFDictionaryRef change = dictionary(change_keys, change_values, 1);
    CHECK(SecItemUpdate(query, change));

    char path[1024];
    UInt32 length = sizeof path;
    CHECK(SecKeychainGetPath(keychain, &length, path));
    printf("STORED %s\n", path);
    CFRelease(change);
    CFRelease(query);
    CFRelease(name);
    CFRelease(items);
    CFRelease(passphrase);
    CFRelease(data);
    CFRelease(keychain);
    return 0;
}

static int connect_with(int port, const char *ca, const char *label) {
    CFStringRef name = string(label);
    const void *keys[] = { kSecClass, kSecAttrLabel, kSecReturnRef, kSecMatchLimit };
    const void *values[] = { kSecClassIdentity, name, kCFBooleanTrue, kSecMatchLimitOne };
    CFDictionaryRef query = dictionary(keys, values, 4);
    SecIdentityRef identity = NULL;
    CHECK(SecItemCopyMatching(query, (CFTypeRef *)&identity));
    REQUIRE(CFGetTypeID(identity) == SecIdentityGetTypeID(), "no identity");
    CFRelease(query);

    /* Its attributes with it: a dictionary, its certificate's class and the label. */
    const void *both_keys[] = { kSecClass, kSecAttrLabel, kSecReturnRef, kSecReturnAttributes };
    const void *both_values[] = { kSecClassIdentity, name, kCFBooleanTrue, kCFBooleanTrue };
    CFDictionaryRef both = dictionary(both_keys, both_values, 4);
    CFDictionaryRef found = NULL;
    CHECK(SecItemCopyMatching(both, (CFTypeRef *)&found));
    REQUIRE(CFGetTypeID(found) == CFDictionaryGetTypeID(), "no dictionary");
    REQUIRE(CFEqual(CFDictionaryGetValue(found, kSecAttrLabel), name), "another label");
    REQUIRE(CFGetTypeID(CFDictionaryGetValue(found, kSecValueRef)) == SecIdentityGetTypeID(),
            "no identity in the dictionary");
    CFStringRef class = (CFStringRef)CFDictionaryGetValue(found, kSecClass);
    char class_text[8] = { 0 };
    CFStringGetCString(class, class_text, sizeof class_text, kCFStringEncodingUTF8);
    CFRelease(found);
    CFRelease(both);
    CFRelease(name);

    CFArrayRef chain = CFArrayCreate(kCFAllocatorDefault, (const void **)&identity, 1,
                                     &kCFTypeArrayCallBacks);
    char reply[3];
    SSLClientCertificateState state = client_exchange(port, ca, chain, reply);
    CFRelease(chain);
    CFRelease(identity);
    printf("OK %d %s %s\n", (int)state, reply, class_text);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 5 && strcmp(argv[1], "store") == 0)
        return store(argv[2], argv[3], argv[4]);
    REQUIRE(argc == 5 && strcmp(argv[1], "connect") == 0,
            "usage: %s store identity.p12 password label | connect port ca.der label", argv[0]);
    return connect_with(atoi(argv[2]), argv[3], argv[4]);
}
