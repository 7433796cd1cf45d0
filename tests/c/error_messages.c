/* What Mac code shows a user for a result code: SecCopyErrorMessageString, as a C string.
 * usage: error_messages <code>...
 * Prints "<code>\t<text>" for each code, in order; the caller compares with Apple's texts. */
#include "common.h"

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        OSStatus code = (OSStatus)strtol(argv[i], NULL, 10);
        CFStringRef text = SecCopyErrorMessageString(code, NULL);
        REQUIRE(text != NULL, "SecCopyErrorMessageString(%d) is NULL", (int)code);
        char buffer[512];
        REQUIRE(CFStringGetCString(text, buffer, sizeof buffer, kCFStringEncodingUTF8),
                "text of %d", (int)code);
        CFRelease(text);
        printf("%d\t%s\n", (int)code, buffer);
    }
    return 0;
}
