/* The CoreFoundation families TLS code touches, from C, with the results CoreFoundation
 * documents (CFString.h, CFArray.h, ...) or gives on a Mac (descriptions, CFError's
 * sentences): strings compared, searched, converted, formatted and appended to; arrays and
 * dictionaries changed in place, with their callbacks; data taken over without a copy;
 * errors and their descriptions; file URLs and the files they name; CFHash and
 * CFCopyDescription. argv[1]: a scratch directory.
 * Prints "checked <n>, <f> failures"; exits 1 on any failure. */
#include <CoreFoundation/CoreFoundation.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int checked, failures;

#define EXPECT(cond)                                                             \
    do {                                                                         \
        checked++;                                                               \
        if (!(cond)) {                                                           \
            failures++;                                                          \
            printf("FAIL %s:%d %s\n", __FILE__, __LINE__, #cond);                \
        }                                                                        \
    } while (0)

/* Whether a string holds `text` (UTF-8); releases it. */
static int holds(CFStringRef string, const char *text) {
    char buffer[1024] = "";
    int same = string != NULL && CFStringGetCString(string, buffer, sizeof buffer, kCFStringEncodingUTF8) &&
               strcmp(buffer, text) == 0;
    if (!same) printf("  got \"%s\", want \"%s\"\n", buffer, text);
    if (string) CFRelease(string);
    return same;
}

/* Whether `string` starts with `prefix`; releases it. */
static int starts(CFStringRef string, const char *prefix) {
    char buffer[2048] = "";
    int same = string != NULL && CFStringGetCString(string, buffer, sizeof buffer, kCFStringEncodingUTF8) &&
               strncmp(buffer, prefix, strlen(prefix)) == 0;
    if (!same) printf("  got \"%s\", want a start \"%s\"\n", buffer, prefix);
    if (string) CFRelease(string);
    return same;
}

static void strings(void) {
    CFStringRef h2 = CFSTR("h2");
    CFStringRef mixed = CFStringCreateWithCString(NULL, "H2", kCFStringEncodingASCII);
    EXPECT(CFStringCompare(h2, CFSTR("h2"), 0) == kCFCompareEqualTo);
    EXPECT(CFStringCompare(CFSTR("http/1.1"), h2, 0) == kCFCompareGreaterThan);
    EXPECT(CFStringCompare(mixed, h2, 0) == kCFCompareLessThan);
    EXPECT(CFStringCompare(mixed, h2, kCFCompareCaseInsensitive) == kCFCompareEqualTo);
    /* CFString.h's example: Foo2.txt < Foo7.txt < Foo25.txt, numerically. */
    EXPECT(CFStringCompare(CFSTR("Foo7.txt"), CFSTR("Foo25.txt"), 0) == kCFCompareGreaterThan);
    EXPECT(CFStringCompare(CFSTR("Foo7.txt"), CFSTR("Foo25.txt"), kCFCompareNumerically) == kCFCompareLessThan);
    EXPECT(CFStringCompareWithOptions(CFSTR("xxh2xx"), h2, CFRangeMake(2, 2), 0) == kCFCompareEqualTo);
    CFRelease(mixed);

    CFStringRef text = CFSTR("one.two.one");
    CFRange found = CFStringFind(text, CFSTR("one"), 0);
    EXPECT(found.location == 0 && found.length == 3);
    found = CFStringFind(text, CFSTR("one"), kCFCompareBackwards);
    EXPECT(found.location == 8 && found.length == 3);
    found = CFStringFind(text, CFSTR("TWO"), kCFCompareCaseInsensitive);
    EXPECT(found.location == 4);
    found = CFStringFind(text, CFSTR("three"), 0);
    EXPECT(found.location == kCFNotFound && found.length == 0);
    EXPECT(CFStringFindWithOptions(text, CFSTR("one"), CFRangeMake(1, 10), 0, &found));
    EXPECT(found.location == 8);
    EXPECT(!CFStringFindWithOptions(text, CFSTR("two"), CFRangeMake(0, 11), kCFCompareAnchored, NULL));
    EXPECT(CFStringHasPrefix(text, CFSTR("one.")) && !CFStringHasPrefix(text, CFSTR("two")));
    EXPECT(CFStringHasSuffix(text, CFSTR(".one")) && !CFStringHasSuffix(text, CFSTR("two")));
    EXPECT(!CFStringHasPrefix(text, CFSTR(""))); /* CF: never for an empty prefix */

    /* Encodings: lengths count UTF-16 units. */
    CFStringRef cafe = CFStringCreateWithCString(NULL, "caf\xc3\xa9 \xf0\x9f\x98\x80", kCFStringEncodingUTF8);
    EXPECT(CFStringGetLength(cafe) == 7);
    UInt8 bytes[32];
    CFIndex used = 0;
    EXPECT(CFStringGetBytes(cafe, CFRangeMake(0, 7), kCFStringEncodingUTF16BE, 0, false, bytes,
                            sizeof bytes, &used) == 7);
    EXPECT(used == 14 && bytes[6] == 0x00 && bytes[7] == 0xE9 && bytes[10] == 0xD8 && bytes[11] == 0x3D);
    EXPECT(CFStringGetBytes(cafe, CFRangeMake(0, 7), kCFStringEncodingASCII, 0, false, bytes,
                            sizeof bytes, &used) == 3); /* stops at é */
    /* One loss byte a character (the emoji is two units). */
    EXPECT(CFStringGetBytes(cafe, CFRangeMake(0, 7), kCFStringEncodingASCII, '?', false, bytes,
                            sizeof bytes, &used) == 7);
    EXPECT(used == 6 && memcmp(bytes, "caf? ?", 6) == 0);
    EXPECT(CFStringGetBytes(cafe, CFRangeMake(0, 4), kCFStringEncodingMacRoman, 0, false, bytes,
                            sizeof bytes, &used) == 4);
    EXPECT(used == 4 && bytes[3] == 0x8E); /* é in Mac Roman */
    EXPECT(CFStringGetBytes(cafe, CFRangeMake(0, 4), kCFStringEncodingUTF8, 0, false, NULL, 0, &used) == 4);
    EXPECT(used == 5);
    EXPECT(CFStringGetMaximumSizeForEncoding(7, kCFStringEncodingUTF8) == 21);
    EXPECT(CFStringGetMaximumSizeForEncoding(7, kCFStringEncodingUTF16) == 14);
    CFStringRef roman = CFStringCreateWithBytes(NULL, (const UInt8 *)"caf\x8e", 4, kCFStringEncodingMacRoman, false);
    CFStringRef utf16 = CFStringCreateWithBytes(NULL, (const UInt8 *)"\xfe\xff\x00\x63\x00\x61\x00\x66\x00\xe9",
                                                10, kCFStringEncodingUTF16, true);
    CFStringRef prefix = CFStringCreateWithBytes(NULL, (const UInt8 *)"caf\xc3\xa9", 5, kCFStringEncodingUTF8, false);
    EXPECT(CFEqual(roman, utf16) && CFEqual(roman, prefix));
    EXPECT(CFHash(roman) == CFHash(utf16));
    EXPECT(CFStringCreateWithBytes(NULL, (const UInt8 *)"caf\xc3", 4, kCFStringEncodingUTF8, false) == NULL);
    CFRelease(roman);
    CFRelease(utf16);
    CFRelease(prefix);
    EXPECT(CFStringGetCStringPtr(CFSTR("plain"), kCFStringEncodingUTF8) != NULL);
    CFRelease(cafe);

    /* Formats: printf's conversions and %@. */
    CFStringRef formatted = CFStringCreateWithFormat(NULL, NULL, CFSTR("%@ %d %05.1f %s %x %@"),
                                                     CFSTR("v"), -42, 3.14159, "ok", 255, kCFBooleanTrue);
    EXPECT(holds(formatted, "v -42 003.1 ok ff true"));
    EXPECT(holds(CFStringCreateWithFormat(NULL, NULL, CFSTR("%2$@-%1$@"), CFSTR("a"), CFSTR("b")), "b-a"));
    EXPECT(holds(CFStringCreateWithFormat(NULL, NULL, CFSTR("[%@]"), NULL), "[(null)]"));
    EXPECT(holds(CFStringCreateWithFormat(NULL, NULL, CFSTR("%ld|%lu|%zu|%c|%%"), -5L, 7UL, (size_t)9, 'z'),
                 "-5|7|9|z|%"));
    EXPECT(CFStringCreateWithFormat(NULL, NULL, CFSTR("%1$d %d"), 1, 2) == NULL); /* mixed */

    /* Mutable strings. */
    CFMutableStringRef m = CFStringCreateMutable(NULL, 0);
    CFStringAppend(m, CFSTR("Darwin "));
    CFStringAppendCString(m, "19", kCFStringEncodingUTF8);
    CFStringAppendFormat(m, NULL, CFSTR(".%d.%d"), 6, 0);
    EXPECT(CFStringCompare(m, CFSTR("Darwin 19.6.0"), 0) == kCFCompareEqualTo);
    EXPECT(CFStringGetCStringPtr(m, kCFStringEncodingUTF8) == NULL); /* CF's choice for mutable */
    CFStringRef frozen = CFStringCreateCopy(NULL, m);
    CFStringAppend(m, CFSTR("!"));
    EXPECT(CFStringGetLength(frozen) == 13 && CFStringGetLength(m) == 14);
    CFStringAppend((CFMutableStringRef)frozen, CFSTR("?")); /* immutable: unchanged, no crash */
    EXPECT(CFStringGetLength(frozen) == 13);
    EXPECT(CFStringCreateCopy(NULL, frozen) == frozen); /* immutable: itself, retained */
    EXPECT(CFGetRetainCount(frozen) == 2);
    CFRelease(frozen);
    CFRelease(frozen);
    CFMutableStringRef copy = CFStringCreateMutableCopy(NULL, 0, CFSTR("abc"));
    CFStringAppend(copy, CFSTR("d"));
    EXPECT(holds(copy, "abcd"));
    CFRelease(m);
}

static int released;
static void counting_release(CFAllocatorRef allocator, const void *value) {
    (void)allocator;
    (void)value;
    released++;
}

static void arrays(void) {
    CFMutableArrayRef a = CFArrayCreateMutable(NULL, 0, &kCFTypeArrayCallBacks);
    CFStringRef x = CFStringCreateWithCString(NULL, "x", kCFStringEncodingUTF8);
    CFArrayAppendValue(a, CFSTR("a"));
    CFArrayAppendValue(a, x);
    EXPECT(CFGetRetainCount(x) == 2);
    CFArrayInsertValueAtIndex(a, 0, CFSTR("first"));
    CFArraySetValueAtIndex(a, 3, CFSTR("last")); /* at the count: appended */
    EXPECT(CFArrayGetCount(a) == 4);
    CFArraySetValueAtIndex(a, 2, CFSTR("y"));
    EXPECT(CFGetRetainCount(x) == 1); /* let go */
    CFStringRef y = CFStringCreateWithCString(NULL, "y", kCFStringEncodingUTF8);
    EXPECT(CFArrayContainsValue(a, CFRangeMake(0, 4), y)); /* by CFEqual */
    EXPECT(CFArrayGetFirstIndexOfValue(a, CFRangeMake(0, 4), y) == 2);
    EXPECT(CFArrayGetFirstIndexOfValue(a, CFRangeMake(0, 2), y) == kCFNotFound);
    const void *values[4] = { 0 };
    CFArrayGetValues(a, CFRangeMake(1, 2), values);
    EXPECT(CFEqual(values[0], CFSTR("a")) && CFEqual(values[1], y));
    CFArrayRemoveValueAtIndex(a, 0);
    CFArrayRemoveValueAtIndex(a, 17); /* out of range: nothing */
    EXPECT(CFArrayGetCount(a) == 3);
    CFArrayRef frozen = CFArrayCreateCopy(NULL, a);
    CFArrayAppendValue((CFMutableArrayRef)frozen, y); /* immutable: nothing */
    EXPECT(CFArrayGetCount(frozen) == 3 && CFEqual(frozen, a) && CFHash(frozen) == CFHash(a));
    CFMutableArrayRef more = CFArrayCreateMutableCopy(NULL, 0, frozen);
    CFArrayAppendArray(more, frozen, CFRangeMake(1, 2));
    CFArrayAppendArray(more, more, CFRangeMake(0, 1)); /* from itself */
    EXPECT(CFArrayGetCount(more) == 6);
    EXPECT(!CFEqual(more, a));
    CFArrayRemoveAllValues(more);
    EXPECT(CFArrayGetCount(more) == 0);
    EXPECT(starts(CFCopyDescription(frozen), "<CFArray 0x"));
    CFRelease(more);
    CFRelease(frozen);
    CFRelease(a);
    CFRelease(y);
    CFRelease(x);

    /* The caller's callbacks run for each value let go. */
    CFArrayCallBacks callbacks = { 0, NULL, counting_release, NULL, NULL };
    CFMutableArrayRef raw = CFArrayCreateMutable(NULL, 0, &callbacks);
    static int one, two;
    CFArrayAppendValue(raw, &one);
    CFArrayAppendValue(raw, &two);
    CFArraySetValueAtIndex(raw, 0, &two);
    EXPECT(released == 1);
    EXPECT(CFArrayGetFirstIndexOfValue(raw, CFRangeMake(0, 2), &two) == 0); /* pointers */
    CFRelease(raw);
    EXPECT(released == 3);
}

static void dictionaries(void) {
    CFMutableDictionaryRef d = CFDictionaryCreateMutable(NULL, 0, &kCFTypeDictionaryKeyCallBacks,
                                                         &kCFTypeDictionaryValueCallBacks);
    CFStringRef key = CFStringCreateWithCString(NULL, "k", kCFStringEncodingUTF8);
    CFDictionarySetValue(d, key, CFSTR("one"));
    CFDictionaryAddValue(d, CFSTR("k"), CFSTR("ignored")); /* present: unchanged */
    CFDictionaryAddValue(d, CFSTR("other"), kCFBooleanFalse);
    CFDictionaryReplaceValue(d, CFSTR("absent"), CFSTR("ignored"));
    EXPECT(CFDictionaryGetCount(d) == 2);
    EXPECT(CFEqual(CFDictionaryGetValue(d, CFSTR("k")), CFSTR("one")));
    CFDictionarySetValue(d, CFSTR("k"), CFSTR("two"));
    const void *value = NULL;
    EXPECT(CFDictionaryGetValueIfPresent(d, key, &value) && CFEqual(value, CFSTR("two")));
    EXPECT(!CFDictionaryGetValueIfPresent(d, CFSTR("absent"), &value));
    EXPECT(CFDictionaryContainsKey(d, CFSTR("other")) && !CFDictionaryContainsKey(d, CFSTR("absent")));
    EXPECT(CFDictionaryContainsValue(d, kCFBooleanFalse));
    const void *keys[2], *values[2];
    CFDictionaryGetKeysAndValues(d, keys, values);
    EXPECT((CFEqual(keys[0], key) && values[1] == kCFBooleanFalse) ||
           (CFEqual(keys[1], key) && values[0] == kCFBooleanFalse));
    CFDictionaryRef frozen = CFDictionaryCreateCopy(NULL, d);
    CFDictionarySetValue((CFMutableDictionaryRef)frozen, CFSTR("x"), CFSTR("y")); /* immutable */
    EXPECT(CFDictionaryGetCount(frozen) == 2 && CFEqual(frozen, d) && CFHash(frozen) == CFHash(d));
    CFMutableDictionaryRef copy = CFDictionaryCreateMutableCopy(NULL, 0, frozen);
    CFDictionaryRemoveValue(copy, CFSTR("k"));
    EXPECT(CFDictionaryGetCount(copy) == 1 && !CFEqual(copy, d));
    CFDictionaryRemoveAllValues(copy);
    EXPECT(CFDictionaryGetCount(copy) == 0);
    EXPECT(starts(CFCopyDescription(frozen), "<CFDictionary 0x"));

    /* kCFCopyStringDictionaryKeyCallBacks copies a mutable key. */
    CFMutableStringRef mutable_key = CFStringCreateMutableCopy(NULL, 0, CFSTR("name"));
    CFMutableDictionaryRef by_copy = CFDictionaryCreateMutable(
        NULL, 0, &kCFCopyStringDictionaryKeyCallBacks, &kCFTypeDictionaryValueCallBacks);
    CFDictionarySetValue(by_copy, mutable_key, CFSTR("v"));
    CFStringAppend(mutable_key, CFSTR("changed"));
    EXPECT(CFDictionaryGetValue(by_copy, CFSTR("name")) != NULL);
    CFRelease(by_copy);
    CFRelease(mutable_key);
    CFRelease(copy);
    CFRelease(frozen);
    CFRelease(d);
    CFRelease(key);
}

static void data(void) {
    CFMutableDataRef m = CFDataCreateMutable(NULL, 0);
    CFDataAppendBytes(m, (const UInt8 *)"abc", 3);
    CFDataAppendBytes(m, CFDataGetBytePtr(m), 3); /* its own bytes */
    EXPECT(CFDataGetLength(m) == 6 && memcmp(CFDataGetBytePtr(m), "abcabc", 6) == 0);
    UInt8 some[2];
    CFDataGetBytes(m, CFRangeMake(2, 2), some);
    EXPECT(some[0] == 'c' && some[1] == 'a');
    CFDataRef fixed = CFDataCreate(NULL, (const UInt8 *)"abcabc", 6);
    EXPECT(CFEqual(fixed, m) && CFHash(fixed) == CFHash(m));
    CFDataAppendBytes((CFMutableDataRef)fixed, (const UInt8 *)"x", 1); /* immutable */
    EXPECT(CFDataGetLength(fixed) == 6);
    EXPECT(starts(CFCopyDescription(fixed), "<CFData 0x"));
    /* No copy: kCFAllocatorNull leaves the bytes to us; the default allocator frees them
     * (valgrind sees a leak or a double free otherwise). */
    static UInt8 ours[4] = { 9, 8, 7, 6 };
    CFDataRef borrowed = CFDataCreateWithBytesNoCopy(NULL, ours, 4, kCFAllocatorNull);
    EXPECT(CFDataGetBytePtr(borrowed) == ours);
    CFRelease(borrowed);
    UInt8 *given = malloc(3);
    memcpy(given, "xyz", 3);
    CFDataRef taken = CFDataCreateWithBytesNoCopy(NULL, given, 3, kCFAllocatorDefault);
    EXPECT(CFDataGetBytePtr(taken) == given);
    CFRelease(taken);
    UInt8 *also = malloc(3);
    CFRelease(CFDataCreateWithBytesNoCopy(NULL, also, 3, kCFAllocatorMalloc));
    CFRelease(fixed);
    CFRelease(m);
}

static void errors(void) {
    CFErrorRef plain = CFErrorCreate(NULL, kCFErrorDomainOSStatus, -50, NULL);
    EXPECT(CFErrorGetCode(plain) == -50);
    EXPECT(CFEqual(CFErrorGetDomain(plain), CFSTR("NSOSStatusErrorDomain")));
    /* CFError.c's last resort, and its debug description. */
    EXPECT(holds(CFErrorCopyDescription(plain),
                 "The operation couldn\xe2\x80\x99t be completed. (NSOSStatusErrorDomain error -50.)"));
    EXPECT(holds(CFCopyDescription(plain), "Error Domain=NSOSStatusErrorDomain Code=-50 \"(null)\""));
    CFDictionaryRef none = CFErrorCopyUserInfo(plain);
    EXPECT(none != NULL && CFDictionaryGetCount(none) == 0);
    CFRelease(none);

    const void *keys[] = { kCFErrorLocalizedDescriptionKey };
    const void *values[] = { CFSTR("It broke.") };
    CFDictionaryRef info = CFDictionaryCreate(NULL, keys, values, 1, &kCFTypeDictionaryKeyCallBacks,
                                              &kCFTypeDictionaryValueCallBacks);
    CFErrorRef described = CFErrorCreate(NULL, CFSTR("MyDomain"), 7, info);
    EXPECT(holds(CFErrorCopyDescription(described), "It broke."));
    EXPECT(holds(CFStringCreateWithFormat(NULL, NULL, CFSTR("%@"), described),
                 "Error Domain=MyDomain Code=7 \"It broke.\" UserInfo={NSLocalizedDescription=It broke.}"));
    CFDictionaryRef copied = CFErrorCopyUserInfo(described);
    EXPECT(CFEqual(copied, info));
    CFRelease(copied);

    const void *reason_keys[] = { kCFErrorLocalizedFailureReasonKey };
    const void *reason_values[] = { CFSTR("The disk is full.") };
    CFErrorRef reasoned = CFErrorCreateWithUserInfoKeysAndValues(NULL, CFSTR("D"), 1, reason_keys, reason_values, 1);
    EXPECT(holds(CFErrorCopyDescription(reasoned), "The operation couldn\xe2\x80\x99t be completed. The disk is full."));
    EXPECT(holds(CFErrorCopyFailureReason(reasoned), "The disk is full."));
    EXPECT(CFErrorCopyRecoverySuggestion(reasoned) == NULL);
    /* The POSIX domain: strerror. */
    CFErrorRef posix = CFErrorCreate(NULL, kCFErrorDomainPOSIX, ENOENT, NULL);
    char sentence[256];
    snprintf(sentence, sizeof sentence, "The operation couldn\xe2\x80\x99t be completed. %s", strerror(ENOENT));
    EXPECT(holds(CFErrorCopyDescription(posix), sentence));
    CFErrorRef same = CFErrorCreate(NULL, kCFErrorDomainOSStatus, -50, NULL);
    EXPECT(CFEqual(same, plain) && CFHash(same) == CFHash(plain) && !CFEqual(plain, posix));
    EXPECT(CFErrorCreate(NULL, (CFStringRef)kCFBooleanTrue, 1, NULL) == NULL);
    CFRelease(same);
    CFRelease(posix);
    CFRelease(reasoned);
    CFRelease(described);
    CFRelease(info);
    CFRelease(plain);
}

static void urls(const char *scratch) {
    char path[1024];
    snprintf(path, sizeof path, "%s/a file.bin", scratch);
    FILE *f = fopen(path, "wb");
    fwrite("\x01\x02\x03", 1, 3, f);
    fclose(f);
    CFURLRef url = CFURLCreateFromFileSystemRepresentation(NULL, (const UInt8 *)path, (CFIndex)strlen(path), false);
    UInt8 back[1024];
    EXPECT(CFURLGetFileSystemRepresentation(url, true, back, sizeof back) && strcmp((char *)back, path) == 0);
    EXPECT(!CFURLGetFileSystemRepresentation(url, true, back, 4)); /* too small */
    EXPECT(CFStringHasPrefix(CFURLGetString(url), CFSTR("file:///")));
    EXPECT(CFStringHasSuffix(CFURLGetString(url), CFSTR("/a%20file.bin")));
    CFDataRef contents = NULL;
    SInt32 code = -1;
    EXPECT(CFURLCreateDataAndPropertiesFromResource(NULL, url, &contents, NULL, NULL, &code));
    EXPECT(code == 0 && CFDataGetLength(contents) == 3 && CFDataGetBytePtr(contents)[2] == 3);
    CFRelease(contents);

    CFStringRef string_path = CFStringCreateWithCString(NULL, path, kCFStringEncodingUTF8);
    CFURLRef again = CFURLCreateWithFileSystemPath(NULL, string_path, kCFURLPOSIXPathStyle, false);
    EXPECT(CFEqual(url, again) && CFHash(url) == CFHash(again));
    EXPECT(holds(CFURLCopyFileSystemPath(again, kCFURLPOSIXPathStyle), path));
    EXPECT(CFURLCreateWithFileSystemPath(NULL, string_path, kCFURLWindowsPathStyle, false) == NULL);

    /* A relative path is relative to the working directory. */
    char cwd[1024];
    EXPECT(getcwd(cwd, sizeof cwd) != NULL);
    EXPECT(chdir(scratch) == 0);
    CFURLRef relative = CFURLCreateFromFileSystemRepresentation(NULL, (const UInt8 *)"a file.bin", 10, false);
    EXPECT(chdir(cwd) == 0);
    EXPECT(CFURLGetFileSystemRepresentation(relative, false, back, sizeof back) && strcmp((char *)back, "a file.bin") == 0);
    EXPECT(CFURLGetFileSystemRepresentation(relative, true, back, sizeof back) && strcmp((char *)back, path) == 0);
    EXPECT(CFURLCreateDataAndPropertiesFromResource(NULL, relative, &contents, NULL, NULL, &code));
    CFRelease(contents);

    CFURLRef missing = CFURLCreateFromFileSystemRepresentation(NULL, (const UInt8 *)"/nonexistent/x", 14, false);
    contents = NULL;
    EXPECT(!CFURLCreateDataAndPropertiesFromResource(NULL, missing, &contents, NULL, NULL, &code));
    EXPECT(code == kCFURLResourceNotFoundError && contents == NULL);
    CFRelease(missing);
    CFRelease(relative);
    CFRelease(again);
    CFRelease(string_path);
    CFRelease(url);
}

static void base(void) {
    EXPECT(TRUE == 1 && FALSE == 0);
    EXPECT(kCFNotFound == -1);
    EXPECT(starts(CFCopyDescription(CFSTR("hi")), "<CFString 0x"));
    EXPECT(holds(CFStringCreateWithFormat(NULL, NULL, CFSTR("%@"), CFSTR("hi")), "hi"));
    EXPECT(starts(CFCopyDescription(kCFBooleanFalse), "<CFBoolean 0x"));
    EXPECT(CFGetTypeID(kCFAllocatorNull) == CFAllocatorGetTypeID());
    EXPECT(kCFAllocatorDefault == NULL);
    CFShow(CFSTR("CFShow: a string shows its text"));
    CFShow(NULL);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: cf_families SCRATCH_DIR\n");
        return 2;
    }
    strings();
    arrays();
    dictionaries();
    data();
    errors();
    urls(argv[1]);
    base();
    printf("checked %d, %d failures\n", checked, failures);
    return failures == 0 ? 0 : 1;
}
