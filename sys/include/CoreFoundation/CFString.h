/*
 * CFString.h - text, immutable or mutable (the same type). Lengths and ranges
 * count UTF-16 units, as CoreFoundation's do. Changing an immutable string
 * halts a Mac; here the call logs a warning and changes nothing.
 *
 * Encodings converted: UTF-8, ASCII, ISO Latin-1, Windows Latin-1, Mac Roman,
 * UTF-16 and UTF-32 (either byte order); the create functions return NULL,
 * and the get functions false/0, for the others.
 *
 * CFStringCreateWithFormat and its three companions are constant pointers to
 * the library's functions (a variadic function of a Rust library cannot be
 * exported otherwise); calls are written as on a Mac.
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef __COREFOUNDATION_CFSTRING__
#define __COREFOUNDATION_CFSTRING__ 1

#include <stdarg.h>
#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFArray.h>
#include <CoreFoundation/CFData.h>
#include <CoreFoundation/CFDictionary.h>

CF_EXTERN_C_BEGIN
CF_ASSUME_NONNULL_BEGIN
CF_IMPLICIT_BRIDGING_ENABLED

typedef UInt32 CFStringEncoding;

typedef CF_ENUM(CFStringEncoding, CFStringBuiltInEncodings) {
    kCFStringEncodingMacRoman      = 0,
    kCFStringEncodingWindowsLatin1 = 0x0500,
    kCFStringEncodingISOLatin1     = 0x0201,
    kCFStringEncodingNextStepLatin = 0x0B01,
    kCFStringEncodingASCII         = 0x0600,
    kCFStringEncodingUnicode       = 0x0100,
    kCFStringEncodingUTF8          = 0x08000100,
    kCFStringEncodingNonLossyASCII = 0x0BFF,
    kCFStringEncodingUTF16         = 0x0100,
    kCFStringEncodingUTF16BE       = 0x10000100,
    kCFStringEncodingUTF16LE       = 0x14000100,
    kCFStringEncodingUTF32         = 0x0c000100,
    kCFStringEncodingUTF32BE       = 0x18000100,
    kCFStringEncodingUTF32LE       = 0x1c000100
};

#define kCFStringEncodingInvalidId (0xffffffffU)

/* Options of the compare and find functions. Case-insensitivity, backwards
 * and anchored searches, numeric comparison and forced ordering take effect;
 * the locale-dependent and Unicode-equivalence options are accepted and
 * compare literally. */
typedef CF_OPTIONS(CFOptionFlags, CFStringCompareFlags) {
    kCFCompareCaseInsensitive      = 1,
    kCFCompareBackwards            = 4,
    kCFCompareAnchored             = 8,
    kCFCompareNonliteral           = 16,
    kCFCompareLocalized            = 32,
    kCFCompareNumerically          = 64,
    kCFCompareDiacriticInsensitive = 128,
    kCFCompareWidthInsensitive     = 256,
    kCFCompareForcedOrdering       = 512
};

CF_EXPORT CFTypeID CFStringGetTypeID(void);

/* Backs CFSTR(): returns an immortal string, one per distinct literal. */
CF_EXPORT CFStringRef __CFStringMakeConstantString(const char *cStr);

#ifndef CFSTR
#  define CFSTR(cStr) __CFStringMakeConstantString("" cStr "")
#endif

/* Creating */
CF_EXPORT CFStringRef _Nullable CFStringCreateWithCString(CFAllocatorRef _Nullable alloc,
                                                          const char *cStr,
                                                          CFStringEncoding encoding);
CF_EXPORT CFStringRef _Nullable CFStringCreateWithBytes(CFAllocatorRef _Nullable alloc,
                                                        const UInt8 *bytes, CFIndex numBytes,
                                                        CFStringEncoding encoding,
                                                        Boolean isExternalRepresentation);
/* An immutable string: theString itself, retained, when it is one. */
CF_EXPORT CFStringRef CFStringCreateCopy(CFAllocatorRef _Nullable alloc, CFStringRef theString);
/* maxLength is accepted and not enforced. */
CF_EXPORT CFMutableStringRef CFStringCreateMutable(CFAllocatorRef _Nullable alloc, CFIndex maxLength);
CF_EXPORT CFMutableStringRef CFStringCreateMutableCopy(CFAllocatorRef _Nullable alloc,
                                                       CFIndex maxLength, CFStringRef theString);

/* printf's conversions, and %@ for an object's description (a string's text).
 * %s and %c bytes are read as UTF-8 when they are, else as Mac Roman. */
CF_EXPORT CFStringRef _Nullable (*const CFStringCreateWithFormat)(CFAllocatorRef _Nullable alloc,
                                                                  CFDictionaryRef _Nullable formatOptions,
                                                                  CFStringRef format, ...);
CF_EXPORT CFStringRef _Nullable (*const CFStringCreateWithFormatAndArguments)(CFAllocatorRef _Nullable alloc,
                                                                              CFDictionaryRef _Nullable formatOptions,
                                                                              CFStringRef format,
                                                                              va_list arguments);

/* Reading */
CF_EXPORT CFIndex CFStringGetLength(CFStringRef theString);
CF_EXPORT Boolean CFStringGetCString(CFStringRef theString, char *buffer,
                                     CFIndex bufferSize, CFStringEncoding encoding);
/* NULL when the text is not stored that way (always for a mutable string):
 * use CFStringGetCString then. */
CF_EXPORT const char *_Nullable CFStringGetCStringPtr(CFStringRef theString,
                                                      CFStringEncoding encoding);
CF_EXPORT CFIndex CFStringGetBytes(CFStringRef theString, CFRange range,
                                   CFStringEncoding encoding, UInt8 lossByte,
                                   Boolean isExternalRepresentation, UInt8 *_Nullable buffer,
                                   CFIndex maxBufLen, CFIndex *_Nullable usedBufLen);
/* kCFNotFound for a negative length or one that overflows. */
CF_EXPORT CFIndex CFStringGetMaximumSizeForEncoding(CFIndex length, CFStringEncoding encoding);

/* Comparing and searching */
CF_EXPORT CFComparisonResult CFStringCompare(CFStringRef theString1, CFStringRef theString2,
                                             CFStringCompareFlags compareOptions);
CF_EXPORT CFComparisonResult CFStringCompareWithOptions(CFStringRef theString1,
                                                        CFStringRef theString2,
                                                        CFRange rangeToCompare,
                                                        CFStringCompareFlags compareOptions);
/* {kCFNotFound, 0} when absent. */
CF_EXPORT CFRange CFStringFind(CFStringRef theString, CFStringRef stringToFind,
                               CFStringCompareFlags compareOptions);
CF_EXPORT Boolean CFStringFindWithOptions(CFStringRef theString, CFStringRef stringToFind,
                                          CFRange rangeToSearch,
                                          CFStringCompareFlags searchOptions,
                                          CFRange *_Nullable result);
CF_EXPORT Boolean CFStringHasPrefix(CFStringRef theString, CFStringRef prefix);
CF_EXPORT Boolean CFStringHasSuffix(CFStringRef theString, CFStringRef suffix);

/* Changing a mutable string */
CF_EXPORT void CFStringAppend(CFMutableStringRef theString, CFStringRef appendedString);
CF_EXPORT void CFStringAppendCString(CFMutableStringRef theString, const char *cStr,
                                     CFStringEncoding encoding);
CF_EXPORT void (*const CFStringAppendFormat)(CFMutableStringRef theString,
                                             CFDictionaryRef _Nullable formatOptions,
                                             CFStringRef format, ...);
CF_EXPORT void (*const CFStringAppendFormatAndArguments)(CFMutableStringRef theString,
                                                         CFDictionaryRef _Nullable formatOptions,
                                                         CFStringRef format,
                                                         va_list arguments);

/* The object's description (a string's text itself) and a newline, on
 * stderr; "(null)" for NULL. */
CF_EXPORT void CFShow(CFTypeRef _Nullable obj);

CF_IMPLICIT_BRIDGING_DISABLED
CF_ASSUME_NONNULL_END
CF_EXTERN_C_END

#endif /* __COREFOUNDATION_CFSTRING__ */
