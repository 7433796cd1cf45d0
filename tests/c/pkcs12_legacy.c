/* A Keychain Access export (RC2-40 certificates, 3DES key, SHA-1 MAC) through
 * SecPKCS12Import: it imports with the right passphrase, a wrong one is errSecAuthFailed,
 * and an archive that cannot be decoded (here its MAC's digest is unknown) is errSecDecode.
 * usage: pkcs12_legacy <legacy.p12> <undecodable.p12> <passphrase>
 * Prints "OK <items> <wrong passphrase status> <undecodable status>". */
#include "common.h"

static OSStatus import(const char *path, const char *password, CFArrayRef *items) {
    CFDataRef data = copy_file(path);
    CFStringRef passphrase = CFStringCreateWithCString(kCFAllocatorDefault, password,
                                                       kCFStringEncodingUTF8);
    const void *keys[] = { kSecImportExportPassphrase };
    const void *values[] = { passphrase };
    CFDictionaryRef options = CFDictionaryCreate(kCFAllocatorDefault, keys, values, 1,
                                                 &kCFTypeDictionaryKeyCallBacks,
                                                 &kCFTypeDictionaryValueCallBacks);
    *items = NULL;
    OSStatus status = SecPKCS12Import(data, options, items);
    CFRelease(options);
    CFRelease(passphrase);
    CFRelease(data);
    return status;
}

int main(int argc, char **argv) {
    REQUIRE(argc == 4, "usage: %s legacy.p12 undecodable.p12 passphrase", argv[0]);
    CFArrayRef items = NULL;
    CHECK(import(argv[1], argv[3], &items));
    CFIndex count = CFArrayGetCount(items);
    CFDictionaryRef item = (CFDictionaryRef)CFArrayGetValueAtIndex(items, 0);
    SecIdentityRef identity = (SecIdentityRef)CFDictionaryGetValue(item, kSecImportItemIdentity);
    REQUIRE(identity != NULL && CFGetTypeID(identity) == SecIdentityGetTypeID(), "no identity");
    SecCertificateRef certificate = NULL;
    CHECK(SecIdentityCopyCertificate(identity, &certificate));
    CFRelease(certificate);
    CFRelease(items);

    OSStatus wrong = import(argv[1], "not the passphrase", &items);
    REQUIRE(items == NULL, "items for a wrong passphrase");
    OSStatus undecodable = import(argv[2], argv[3], &items);
    REQUIRE(items == NULL, "items for an archive that cannot be decoded");
    printf("OK %ld %d %d\n", (long)count, (int)wrong, (int)undecodable);
    return 0;
}
