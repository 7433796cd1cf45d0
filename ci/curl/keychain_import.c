/* ci/curl.sh's keychain step: imports a PKCS#12 identity into the default keychain, as
 * `security import identity.p12 -P password` does on a Mac, so that curl can then name it
 * by label (--cert <common name>). usage: keychain_import <identity.p12> <password>
 * Prints the keychain's path. Exits 1 with the OSStatus on failure. */
#include <Security/Security.h>
#include <stdio.h>
#include <string.h>

static int fail(const char *what, OSStatus status) {
    fprintf(stderr, "keychain_import: %s: %d\n", what, (int)status);
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s identity.p12 password\n", argv[0]);
        return 2;
    }
    FILE *file = fopen(argv[1], "rb");
    if (!file)
        return fail("cannot open the file", errSecIO);
    unsigned char bytes[65536];
    size_t length = fread(bytes, 1, sizeof bytes, file);
    fclose(file);

    SecKeychainRef keychain = NULL;
    OSStatus status = SecKeychainCopyDefault(&keychain);
    if (status != errSecSuccess)
        return fail("SecKeychainCopyDefault", status);
    CFDataRef data = CFDataCreate(kCFAllocatorDefault, bytes, (CFIndex)length);
    CFStringRef passphrase =
        CFStringCreateWithCString(kCFAllocatorDefault, argv[2], kCFStringEncodingUTF8);
    SecItemImportExportKeyParameters params;
    memset(&params, 0, sizeof params);
    params.version = SEC_KEY_IMPORT_EXPORT_PARAMS_VERSION;
    params.passphrase = passphrase;
    SecExternalFormat format = kSecFormatPKCS12;
    status = SecItemImport(data, NULL, &format, NULL, 0, &params, keychain, NULL);
    CFRelease(data);
    CFRelease(passphrase);
    if (status != errSecSuccess) {
        CFRelease(keychain);
        return fail("SecItemImport", status);
    }
    char path[4096];
    UInt32 path_length = sizeof path;
    status = SecKeychainGetPath(keychain, &path_length, path);
    CFRelease(keychain);
    if (status != errSecSuccess)
        return fail("SecKeychainGetPath", status);
    printf("%s\n", path);
    return 0;
}
