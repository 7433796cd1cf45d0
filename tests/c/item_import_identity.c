/* A client whose identity comes from SecItemImport of a PKCS#12 file with no keychain,
 * as Mac code (curl's Secure Transport backend) loads a client certificate: the file's
 * name tells the format, the passphrase goes in the key parameters; the items are the
 * archive's certificates (Apple's "in memory" import, SecImportExportPkcs12.cpp), and
 * SecIdentityCreateWithCertificate with no keychain pairs the first with its imported key.
 * That identity and the other certificates go to SSLSetCertificate, for a server that
 * requires a client certificate (`openssl s_server -Verify 1`).
 * usage: item_import_identity <port> <ca.der> <identity.p12> <password>
 * Prints "OK <format> <item type> <items> <key class> <SSLClientCertificateState> <reply>". */
#include "common.h"

int main(int argc, char **argv) {
    REQUIRE(argc == 5, "usage: %s port ca.der identity.p12 password", argv[0]);
    CFDataRef data = copy_file(argv[3]);
    CFStringRef name = CFStringCreateWithCString(kCFAllocatorDefault, argv[3], kCFStringEncodingUTF8);
    CFStringRef passphrase = CFStringCreateWithCString(kCFAllocatorDefault, argv[4],
                                                       kCFStringEncodingUTF8);
    SecItemImportExportKeyParameters params;
    memset(&params, 0, sizeof params);
    params.version = SEC_KEY_IMPORT_EXPORT_PARAMS_VERSION;
    params.passphrase = passphrase;
    SecExternalFormat format = kSecFormatUnknown;
    SecExternalItemType type = kSecItemTypeUnknown;
    CFArrayRef items = NULL;
    CHECK(SecItemImport(data, name, &format, &type, 0, &params, NULL, &items));
    CFRelease(data);
    CFRelease(name);
    CFRelease(passphrase);

    /* Certificates only, the client's first. */
    CFIndex count = CFArrayGetCount(items);
    REQUIRE(count >= 1, "no items");
    for (CFIndex i = 0; i < count; i++)
        REQUIRE(CFGetTypeID(CFArrayGetValueAtIndex(items, i)) == SecCertificateGetTypeID(),
                "item %ld is no certificate", (long)i);
    SecIdentityRef identity = NULL;
    CHECK(SecIdentityCreateWithCertificate(
        NULL, (SecCertificateRef)CFArrayGetValueAtIndex(items, 0), &identity));
    /* The identity first, then the archive's other certificates: SSLSetCertificate's array. */
    CFMutableArrayRef chain = CFArrayCreateMutableCopy(kCFAllocatorDefault, 0, items);
    CFArraySetValueAtIndex(chain, 0, identity);
    SecKeyRef key = NULL;
    CHECK(SecIdentityCopyPrivateKey(identity, &key));
    CFDictionaryRef attributes = SecKeyCopyAttributes(key);
    CFStringRef key_class = (CFStringRef)CFDictionaryGetValue(attributes, kSecAttrKeyClass);
    REQUIRE(CFEqual(key_class, kSecAttrKeyClassPrivate), "not a private key");

    char reply[3];
    SSLClientCertificateState state = client_exchange(atoi(argv[1]), argv[2], chain, reply);
    printf("OK %u %u %ld %s %d %s\n", (unsigned)format, (unsigned)type, (long)count,
           CFStringGetCStringPtr(key_class, kCFStringEncodingUTF8), (int)state, reply);
    CFRelease(attributes);
    CFRelease(key);
    CFRelease(chain);
    CFRelease(identity);
    CFRelease(items);
    return 0;
}
