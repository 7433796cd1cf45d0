/* A client identity through a keychain of its own, as Mac tools set one up for a run: a new
 * keychain with a password (SecKeychainCreate), a PEM certificate and a PEM private key
 * imported into it (SecItemImport with the keychain), the identity the keychain pairs them
 * into (SecIdentityCreateWithCertificate), a handshake with a server that requires a client
 * certificate (`openssl s_server -Verify 1 -rev`), then the keychain deleted.
 * usage: keychain_identity <port> <ca.der> <client.pem> <client-key.pem> <keychain path>
 * Prints "OK <SSLClientCertificateState> <reply> <status> <status after locking>". */
#include "common.h"

/* The items SecItemImport stores in `keychain` from a PEM file (retained, in an array). */
static CFArrayRef import_into(const char *path, SecKeychainRef keychain) {
    CFDataRef data = copy_file(path);
    SecExternalFormat format = kSecFormatUnknown;
    SecExternalItemType type = kSecItemTypeUnknown;
    CFArrayRef items = NULL;
    CHECK(SecItemImport(data, NULL, &format, &type, 0, NULL, keychain, &items));
    CFRelease(data);
    REQUIRE(CFArrayGetCount(items) == 1, "%s: %ld items", path, (long)CFArrayGetCount(items));
    return items;
}

int main(int argc, char **argv) {
    REQUIRE(argc == 6, "usage: %s port ca.der client.pem client-key.pem keychain", argv[0]);
    const char *password = "run password";
    SecKeychainRef keychain = NULL;
    CHECK(SecKeychainCreate(argv[5], (UInt32)strlen(password), password, false, NULL,
                            &keychain));
    REQUIRE(access(argv[5], R_OK) == 0, "no keychain file at %s", argv[5]);

    CFArrayRef certificates = import_into(argv[3], keychain);
    SecCertificateRef certificate =
        (SecCertificateRef)CFArrayGetValueAtIndex(certificates, 0);
    REQUIRE(CFGetTypeID(certificate) == SecCertificateGetTypeID(), "no certificate");
    CFArrayRef keys = import_into(argv[4], keychain);
    REQUIRE(CFGetTypeID(CFArrayGetValueAtIndex(keys, 0)) == SecKeyGetTypeID(), "no key");
    CFRelease(keys);

    /* The keychain pairs the certificate with its key; the default keychain has neither. */
    SecIdentityRef identity = NULL;
    OSStatus elsewhere = SecIdentityCreateWithCertificate(NULL, certificate, &identity);
    REQUIRE(elsewhere == errSecItemNotFound, "the search list: %d", (int)elsewhere);
    CHECK(SecIdentityCreateWithCertificate(keychain, certificate, &identity));
    CFRelease(certificates);

    CFArrayRef chain = CFArrayCreate(kCFAllocatorDefault, (const void **)&identity, 1,
                                     &kCFTypeArrayCallBacks);
    char reply[3];
    SSLClientCertificateState state = client_exchange(atoi(argv[1]), argv[2], chain, reply);
    CFRelease(chain);
    CFRelease(identity);

    SecKeychainStatus unlocked = 0, locked = 0;
    CHECK(SecKeychainGetStatus(keychain, &unlocked));
    CHECK(SecKeychainLock(keychain));
    CHECK(SecKeychainGetStatus(keychain, &locked));
    CHECK(SecKeychainDelete(keychain));
    REQUIRE(access(argv[5], F_OK) != 0, "the keychain file is still there");
    CFRelease(keychain);
    printf("OK %d %s %u %u\n", (int)state, reply, (unsigned)unlocked, (unsigned)locked);
    return 0;
}
