/* SecCertificateCreateWithData on the bytes of each file, as Mac code loading DER does.
 * usage: certificate_parsing <file.der>...
 * Prints one line per file: "NULL" when refused, else "CERT" and whether
 * SecCertificateCopyData gives back the bytes given ("same"). */
#include "common.h"

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        CFDataRef data = copy_file(argv[i]);
        SecCertificateRef certificate = SecCertificateCreateWithData(kCFAllocatorDefault, data);
        if (certificate == NULL) {
            printf("NULL\n");
        } else {
            REQUIRE(CFGetTypeID(certificate) == SecCertificateGetTypeID(), "not a certificate");
            CFDataRef copy = SecCertificateCopyData(certificate);
            printf("CERT %s\n", CFEqual(copy, data) ? "same" : "different");
            CFRelease(copy);
            CFRelease(certificate);
        }
        CFRelease(data);
    }
    return 0;
}
