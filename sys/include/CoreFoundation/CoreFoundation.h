/*
 * CoreFoundation.h - the small part of CoreFoundation that libsecuretransport
 * implements on Linux: reference counting, arrays, data, strings,
 * dictionaries, booleans, errors, numbers and dates, with CoreFoundation's own names,
 * types and signatures.
 *
 * Every function and every `extern const` object declared here is exported
 * by libsecuretransport.so / .a. Nothing else from CoreFoundation is.
 *
 * The first half of this file defines the annotation macros Apple's headers
 * (and code written against them) use -- CF_ENUM, nullability qualifiers,
 * availability attributes -- so that such code builds with GCC and Clang.
 */

/* Clang: treat this like the SDK header it stands in for (no warnings from
 * the Clang-only nullability qualifiers under -pedantic). */
#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef __COREFOUNDATION_COREFOUNDATION__
#define __COREFOUNDATION_COREFOUNDATION__

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <MacTypes.h>

/* ------------------------------------------------------------------------
 * Compiler compatibility
 * ------------------------------------------------------------------------ */

#if defined(__has_feature)
#  define __ST_HAS_FEATURE(x) __has_feature(x)
#else
#  define __ST_HAS_FEATURE(x) 0
#endif

#if defined(__has_attribute)
#  define __ST_HAS_ATTRIBUTE(x) __has_attribute(x)
#else
#  define __ST_HAS_ATTRIBUTE(x) 0
#endif

/*
 * Nullability. Clang understands _Nullable / _Nonnull; GCC does not, so
 * there they expand to nothing. `__nullable` and `__null_unspecified` are
 * Apple's older spellings.
 *
 * `__nonnull` is deliberately left alone: glibc already defines it as a
 * function-like macro (`__nonnull((1, 2))`) that its own headers depend on.
 * Our headers therefore write `_Nonnull` where Apple writes `__nonnull`
 * (the two mean the same thing).
 */
#if __ST_HAS_FEATURE(nullability)
#  define __ST_NULLABILITY 1
#else
#  ifndef _Nullable
#    define _Nullable
#  endif
#  ifndef _Nonnull
#    define _Nonnull
#  endif
#  ifndef _Null_unspecified
#    define _Null_unspecified
#  endif
#endif
#ifndef __nullable
#  define __nullable _Nullable
#endif
#ifndef __null_unspecified
#  define __null_unspecified _Null_unspecified
#endif
#if !defined(__nonnull) && !defined(__GLIBC__)
#  define __nonnull _Nonnull
#endif

#ifndef CF_ASSUME_NONNULL_BEGIN
#  if defined(__ST_NULLABILITY)
#    define CF_ASSUME_NONNULL_BEGIN _Pragma("clang assume_nonnull begin")
#    define CF_ASSUME_NONNULL_END   _Pragma("clang assume_nonnull end")
#  else
#    define CF_ASSUME_NONNULL_BEGIN
#    define CF_ASSUME_NONNULL_END
#  endif
#endif

/* ARC bridging annotations: meaningful only to Objective-C with ARC. */
#ifndef CF_IMPLICIT_BRIDGING_ENABLED
#  define CF_IMPLICIT_BRIDGING_ENABLED
#endif
#ifndef CF_IMPLICIT_BRIDGING_DISABLED
#  define CF_IMPLICIT_BRIDGING_DISABLED
#endif
#ifndef CF_BRIDGED_TYPE
#  define CF_BRIDGED_TYPE(T)
#endif
#ifndef CF_BRIDGED_MUTABLE_TYPE
#  define CF_BRIDGED_MUTABLE_TYPE(T)
#endif
#ifndef CF_RELATED_TYPE
#  define CF_RELATED_TYPE(T, C, I)
#endif

/* Ownership annotations for the static analyzer (Clang only). */
#if __ST_HAS_ATTRIBUTE(cf_returns_retained)
#  ifndef CF_RETURNS_RETAINED
#    define CF_RETURNS_RETAINED __attribute__((cf_returns_retained))
#  endif
#  ifndef CF_RETURNS_NOT_RETAINED
#    define CF_RETURNS_NOT_RETAINED __attribute__((cf_returns_not_retained))
#  endif
#  ifndef CF_CONSUMED
#    define CF_CONSUMED __attribute__((cf_consumed))
#  endif
#else
#  ifndef CF_RETURNS_RETAINED
#    define CF_RETURNS_RETAINED
#  endif
#  ifndef CF_RETURNS_NOT_RETAINED
#    define CF_RETURNS_NOT_RETAINED
#  endif
#  ifndef CF_CONSUMED
#    define CF_CONSUMED
#  endif
#endif
#ifndef CF_RELEASES_ARGUMENT
#  define CF_RELEASES_ARGUMENT CF_CONSUMED
#endif

/* Swift import annotations. */
#ifndef CF_SWIFT_NAME
#  define CF_SWIFT_NAME(name)
#endif
#ifndef CF_SWIFT_UNAVAILABLE
#  define CF_SWIFT_UNAVAILABLE(msg)
#endif
#ifndef CF_REFINED_FOR_SWIFT
#  define CF_REFINED_FOR_SWIFT
#endif
#ifndef CF_NOESCAPE
#  define CF_NOESCAPE
#endif

#ifndef CF_WARN_UNUSED_RESULT
#  if defined(__GNUC__)
#    define CF_WARN_UNUSED_RESULT __attribute__((warn_unused_result))
#  else
#    define CF_WARN_UNUSED_RESULT
#  endif
#endif
#ifndef CF_FORMAT_FUNCTION
#  define CF_FORMAT_FUNCTION(F, A)
#endif
#ifndef CF_FORMAT_ARGUMENT
#  define CF_FORMAT_ARGUMENT(A)
#endif

/* Linkage helpers. */
#ifndef CF_EXTERN_C_BEGIN
#  ifdef __cplusplus
#    define CF_EXTERN_C_BEGIN extern "C" {
#    define CF_EXTERN_C_END   }
#  else
#    define CF_EXTERN_C_BEGIN
#    define CF_EXTERN_C_END
#  endif
#endif
#ifndef CF_EXPORT
#  define CF_EXPORT extern
#endif
#ifndef CF_INLINE
#  define CF_INLINE static __inline__
#endif

/*
 * CF_ENUM(type, name) / CF_ENUM(type) / CF_OPTIONS(type, name).
 *
 *   typedef CF_ENUM(int, Name) { A, B };   -- Name is an int-sized enum type
 *   CF_ENUM(OSStatus) { errX = -1 };       -- constants only
 *
 * In C the name becomes a typedef of the given integer type (so the size is
 * exactly that type) plus an enum tag of the same name. In C++11 it is a
 * real enumeration with that underlying type, as with Apple's headers
 * (older C++: a typedef of the integer type and unnamed constants).
 */
#if defined(__cplusplus) && __cplusplus >= 201103L
#  define __CF_NAMED_ENUM(_type, _name) \
       _type __st_enum_base_##_name; enum _name : _type; \
       typedef enum _name _name; enum _name : _type
#  define __CF_ANON_ENUM(_type) enum : _type
#  define __CF_OPTIONS(_type, _name) _type _name; enum : _type
#elif defined(__cplusplus)
#  define __CF_NAMED_ENUM(_type, _name) _type _name; enum
#  define __CF_ANON_ENUM(_type) enum
#  define __CF_OPTIONS(_type, _name) _type _name; enum
#else
#  define __CF_NAMED_ENUM(_type, _name) _type _name; enum _name
#  define __CF_ANON_ENUM(_type) enum
#  define __CF_OPTIONS(_type, _name) _type _name; enum _name
#endif
#define __CF_ENUM_PICK(_1, _2, _which, ...) _which
#ifndef CF_ENUM
#  define CF_ENUM(...) \
       __CF_ENUM_PICK(__VA_ARGS__, __CF_NAMED_ENUM, __CF_ANON_ENUM, )(__VA_ARGS__)
#endif
#ifndef CF_CLOSED_ENUM
#  define CF_CLOSED_ENUM(...) CF_ENUM(__VA_ARGS__)
#endif
#ifndef CF_OPTIONS
#  define CF_OPTIONS(_type, _name) __CF_OPTIONS(_type, _name)
#endif

/*
 * Availability annotations. Apple uses them to mark what is deprecated on
 * which OS version; none of that applies here, so they all vanish.
 */
#ifndef API_AVAILABLE
#  define API_AVAILABLE(...)
#endif
#ifndef API_UNAVAILABLE
#  define API_UNAVAILABLE(...)
#endif
#ifndef API_DEPRECATED
#  define API_DEPRECATED(...)
#endif
#ifndef API_DEPRECATED_WITH_REPLACEMENT
#  define API_DEPRECATED_WITH_REPLACEMENT(...)
#endif
#ifndef API_AVAILABLE_BEGIN
#  define API_AVAILABLE_BEGIN(...)
#  define API_AVAILABLE_END
#endif
#ifndef SPI_AVAILABLE
#  define SPI_AVAILABLE(...)
#endif
#ifndef SPI_DEPRECATED
#  define SPI_DEPRECATED(...)
#endif
#ifndef SPI_DEPRECATED_WITH_REPLACEMENT
#  define SPI_DEPRECATED_WITH_REPLACEMENT(...)
#endif
#ifndef __API_AVAILABLE
#  define __API_AVAILABLE(...)
#endif
#ifndef __API_UNAVAILABLE
#  define __API_UNAVAILABLE(...)
#endif
#ifndef __API_DEPRECATED
#  define __API_DEPRECATED(...)
#endif
#ifndef __API_DEPRECATED_WITH_REPLACEMENT
#  define __API_DEPRECATED_WITH_REPLACEMENT(...)
#endif
#ifndef __OSX_AVAILABLE_STARTING
#  define __OSX_AVAILABLE_STARTING(mac, ios)
#endif
#ifndef __OSX_AVAILABLE_BUT_DEPRECATED
#  define __OSX_AVAILABLE_BUT_DEPRECATED(macIntro, macDep, iosIntro, iosDep)
#endif
#ifndef __OSX_AVAILABLE_BUT_DEPRECATED_MSG
#  define __OSX_AVAILABLE_BUT_DEPRECATED_MSG(macIntro, macDep, iosIntro, iosDep, msg)
#endif
#ifndef __OSX_AVAILABLE
#  define __OSX_AVAILABLE(v)
#endif
#ifndef __IOS_AVAILABLE
#  define __IOS_AVAILABLE(v)
#endif
#ifndef __TVOS_AVAILABLE
#  define __TVOS_AVAILABLE(v)
#endif
#ifndef __WATCHOS_AVAILABLE
#  define __WATCHOS_AVAILABLE(v)
#endif
#ifndef __OSX_DEPRECATED
#  define __OSX_DEPRECATED(intro, dep, msg)
#endif
#ifndef __IOS_DEPRECATED
#  define __IOS_DEPRECATED(intro, dep, msg)
#endif
#ifndef __TVOS_DEPRECATED
#  define __TVOS_DEPRECATED(intro, dep, msg)
#endif
#ifndef __WATCHOS_DEPRECATED
#  define __WATCHOS_DEPRECATED(intro, dep, msg)
#endif
#ifndef __OSX_UNAVAILABLE
#  define __OSX_UNAVAILABLE
#endif
#ifndef __IOS_UNAVAILABLE
#  define __IOS_UNAVAILABLE
#endif
#ifndef __IOS_PROHIBITED
#  define __IOS_PROHIBITED
#endif
#ifndef __TVOS_PROHIBITED
#  define __TVOS_PROHIBITED
#endif
#ifndef __WATCHOS_PROHIBITED
#  define __WATCHOS_PROHIBITED
#endif
#ifndef __TVOS_UNAVAILABLE
#  define __TVOS_UNAVAILABLE
#endif
#ifndef __WATCHOS_UNAVAILABLE
#  define __WATCHOS_UNAVAILABLE
#endif
#ifndef CF_AVAILABLE
#  define CF_AVAILABLE(mac, ios)
#endif
#ifndef CF_AVAILABLE_MAC
#  define CF_AVAILABLE_MAC(mac)
#endif
#ifndef CF_AVAILABLE_IOS
#  define CF_AVAILABLE_IOS(ios)
#endif
#ifndef CF_DEPRECATED
#  define CF_DEPRECATED(macIntro, macDep, iosIntro, iosDep, ...)
#endif
#ifndef CF_DEPRECATED_MAC
#  define CF_DEPRECATED_MAC(macIntro, macDep, ...)
#endif
#ifndef CF_DEPRECATED_IOS
#  define CF_DEPRECATED_IOS(iosIntro, iosDep, ...)
#endif
#ifndef CF_ENUM_AVAILABLE
#  define CF_ENUM_AVAILABLE(mac, ios)
#endif
#ifndef CF_ENUM_AVAILABLE_MAC
#  define CF_ENUM_AVAILABLE_MAC(mac)
#endif
#ifndef CF_ENUM_AVAILABLE_IOS
#  define CF_ENUM_AVAILABLE_IOS(ios)
#endif
#ifndef CF_ENUM_DEPRECATED
#  define CF_ENUM_DEPRECATED(macIntro, macDep, iosIntro, iosDep, ...)
#endif
#ifndef DEPRECATED_ATTRIBUTE
#  define DEPRECATED_ATTRIBUTE
#endif
#ifndef DEPRECATED_MSG_ATTRIBUTE
#  define DEPRECATED_MSG_ATTRIBUTE(msg)
#endif
#ifndef UNAVAILABLE_ATTRIBUTE
#  define UNAVAILABLE_ATTRIBUTE
#endif

CF_EXTERN_C_BEGIN
CF_ASSUME_NONNULL_BEGIN
CF_IMPLICIT_BRIDGING_ENABLED

/* ------------------------------------------------------------------------
 * Base types
 * ------------------------------------------------------------------------ */

typedef const void *        CFTypeRef;
typedef unsigned long       CFTypeID;
typedef unsigned long       CFOptionFlags;
typedef unsigned long       CFHashCode;
typedef signed long         CFIndex;

/* Opaque object references. The const ones are immutable objects. */
typedef const struct CF_BRIDGED_TYPE(id) __CFAllocator *            CFAllocatorRef;
typedef const struct CF_BRIDGED_TYPE(NSString) __CFString *         CFStringRef;
typedef struct CF_BRIDGED_MUTABLE_TYPE(NSMutableString) __CFString * CFMutableStringRef;
typedef const struct CF_BRIDGED_TYPE(NSArray) __CFArray *           CFArrayRef;
typedef struct CF_BRIDGED_MUTABLE_TYPE(NSMutableArray) __CFArray *  CFMutableArrayRef;
typedef const struct CF_BRIDGED_TYPE(NSData) __CFData *             CFDataRef;
typedef struct CF_BRIDGED_MUTABLE_TYPE(NSMutableData) __CFData *    CFMutableDataRef;
typedef const struct CF_BRIDGED_TYPE(NSDictionary) __CFDictionary * CFDictionaryRef;
typedef struct CF_BRIDGED_MUTABLE_TYPE(NSMutableDictionary) __CFDictionary * CFMutableDictionaryRef;
typedef const struct CF_BRIDGED_TYPE(NSNumber) __CFBoolean *        CFBooleanRef;
typedef struct CF_BRIDGED_TYPE(NSError) __CFError *                 CFErrorRef;

typedef CFStringRef CFErrorDomain;

typedef struct {
    CFIndex location;
    CFIndex length;
} CFRange;

CF_INLINE CFRange CFRangeMake(CFIndex loc, CFIndex len) {
    CFRange range;
    range.location = loc;
    range.length = len;
    return range;
}

/* The default allocator; NULL means the same thing everywhere. */
CF_EXPORT const CFAllocatorRef kCFAllocatorDefault;

/* ------------------------------------------------------------------------
 * CFType: polymorphic functions
 * ------------------------------------------------------------------------ */

CF_EXPORT CFTypeRef CFRetain(CFTypeRef cf);
CF_EXPORT void CFRelease(CFTypeRef cf);
CF_EXPORT CFTypeID CFGetTypeID(CFTypeRef cf);
CF_EXPORT CFIndex CFGetRetainCount(CFTypeRef cf);
CF_EXPORT Boolean CFEqual(CFTypeRef cf1, CFTypeRef cf2);

/* ------------------------------------------------------------------------
 * CFArray
 * ------------------------------------------------------------------------ */

typedef const void *_Nullable (*CFArrayRetainCallBack)(CFAllocatorRef _Nullable allocator, const void *_Nullable value);
typedef void (*CFArrayReleaseCallBack)(CFAllocatorRef _Nullable allocator, const void *_Nullable value);
typedef CFStringRef _Nullable (*CFArrayCopyDescriptionCallBack)(const void *_Nullable value);
typedef Boolean (*CFArrayEqualCallBack)(const void *_Nullable value1, const void *_Nullable value2);

typedef struct {
    CFIndex                                    version;
    CFArrayRetainCallBack _Nullable            retain;
    CFArrayReleaseCallBack _Nullable           release;
    CFArrayCopyDescriptionCallBack _Nullable   copyDescription;
    CFArrayEqualCallBack _Nullable             equal;
} CFArrayCallBacks;

/* Retains/releases elements as CFTypes and compares them with CFEqual. */
CF_EXPORT const CFArrayCallBacks kCFTypeArrayCallBacks;

CF_EXPORT CFTypeID CFArrayGetTypeID(void);
CF_EXPORT CFArrayRef CFArrayCreate(CFAllocatorRef _Nullable allocator,
                                   const void *_Nullable *_Nullable values,
                                   CFIndex numValues,
                                   const CFArrayCallBacks *_Nullable callBacks);
CF_EXPORT CFMutableArrayRef CFArrayCreateMutable(CFAllocatorRef _Nullable allocator,
                                                 CFIndex capacity,
                                                 const CFArrayCallBacks *_Nullable callBacks);
CF_EXPORT void CFArrayAppendValue(CFMutableArrayRef theArray, const void *_Nullable value);
CF_EXPORT CFIndex CFArrayGetCount(CFArrayRef theArray);
CF_EXPORT const void *_Nullable CFArrayGetValueAtIndex(CFArrayRef theArray, CFIndex idx);

/* ------------------------------------------------------------------------
 * CFData
 * ------------------------------------------------------------------------ */

CF_EXPORT CFTypeID CFDataGetTypeID(void);
CF_EXPORT CFDataRef CFDataCreate(CFAllocatorRef _Nullable allocator,
                                 const UInt8 *_Nullable bytes, CFIndex length);
CF_EXPORT const UInt8 *_Nullable CFDataGetBytePtr(CFDataRef theData);
CF_EXPORT CFIndex CFDataGetLength(CFDataRef theData);

/* ------------------------------------------------------------------------
 * CFString
 * ------------------------------------------------------------------------ */

typedef UInt32 CFStringEncoding;

/* Only UTF-8 and ASCII are implemented; other encodings make the create /
 * get functions fail (NULL / false). */
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

CF_EXPORT CFTypeID CFStringGetTypeID(void);
CF_EXPORT CFStringRef _Nullable CFStringCreateWithCString(CFAllocatorRef _Nullable alloc,
                                                          const char *cStr,
                                                          CFStringEncoding encoding);
CF_EXPORT Boolean CFStringGetCString(CFStringRef theString, char *buffer,
                                     CFIndex bufferSize, CFStringEncoding encoding);
CF_EXPORT const char *_Nullable CFStringGetCStringPtr(CFStringRef theString,
                                                      CFStringEncoding encoding);
CF_EXPORT CFIndex CFStringGetLength(CFStringRef theString);

/* Backs CFSTR(): returns an immortal string, one per distinct literal. */
CF_EXPORT CFStringRef __CFStringMakeConstantString(const char *cStr);

#ifndef CFSTR
#  define CFSTR(cStr) __CFStringMakeConstantString("" cStr "")
#endif

/* ------------------------------------------------------------------------
 * CFDictionary
 * ------------------------------------------------------------------------ */

typedef const void *_Nullable (*CFDictionaryRetainCallBack)(CFAllocatorRef _Nullable allocator, const void *_Nullable value);
typedef void (*CFDictionaryReleaseCallBack)(CFAllocatorRef _Nullable allocator, const void *_Nullable value);
typedef CFStringRef _Nullable (*CFDictionaryCopyDescriptionCallBack)(const void *_Nullable value);
typedef Boolean (*CFDictionaryEqualCallBack)(const void *_Nullable value1, const void *_Nullable value2);
typedef CFHashCode (*CFDictionaryHashCallBack)(const void *_Nullable value);

typedef struct {
    CFIndex                                         version;
    CFDictionaryRetainCallBack _Nullable            retain;
    CFDictionaryReleaseCallBack _Nullable           release;
    CFDictionaryCopyDescriptionCallBack _Nullable   copyDescription;
    CFDictionaryEqualCallBack _Nullable             equal;
    CFDictionaryHashCallBack _Nullable              hash;
} CFDictionaryKeyCallBacks;

typedef struct {
    CFIndex                                         version;
    CFDictionaryRetainCallBack _Nullable            retain;
    CFDictionaryReleaseCallBack _Nullable           release;
    CFDictionaryCopyDescriptionCallBack _Nullable   copyDescription;
    CFDictionaryEqualCallBack _Nullable             equal;
} CFDictionaryValueCallBacks;

/* Keys and values retained/released as CFTypes, compared with CFEqual. */
CF_EXPORT const CFDictionaryKeyCallBacks kCFTypeDictionaryKeyCallBacks;
CF_EXPORT const CFDictionaryValueCallBacks kCFTypeDictionaryValueCallBacks;

CF_EXPORT CFTypeID CFDictionaryGetTypeID(void);
CF_EXPORT CFDictionaryRef CFDictionaryCreate(CFAllocatorRef _Nullable allocator,
                                             const void *_Nullable *_Nullable keys,
                                             const void *_Nullable *_Nullable values,
                                             CFIndex numValues,
                                             const CFDictionaryKeyCallBacks *_Nullable keyCallBacks,
                                             const CFDictionaryValueCallBacks *_Nullable valueCallBacks);
CF_EXPORT const void *_Nullable CFDictionaryGetValue(CFDictionaryRef theDict, const void *_Nullable key);
CF_EXPORT CFIndex CFDictionaryGetCount(CFDictionaryRef theDict);

/* ------------------------------------------------------------------------
 * CFBoolean
 * ------------------------------------------------------------------------ */

CF_EXPORT const CFBooleanRef kCFBooleanTrue;
CF_EXPORT const CFBooleanRef kCFBooleanFalse;

CF_EXPORT CFTypeID CFBooleanGetTypeID(void);
CF_EXPORT Boolean CFBooleanGetValue(CFBooleanRef boolean);

/* ------------------------------------------------------------------------
 * CFError
 * ------------------------------------------------------------------------ */

/* Domain of errors whose code is an OSStatus (all errors made here). */
CF_EXPORT const CFErrorDomain kCFErrorDomainOSStatus;

CF_EXPORT CFTypeID CFErrorGetTypeID(void);
CF_EXPORT CFIndex CFErrorGetCode(CFErrorRef err);
CF_EXPORT CFErrorDomain CFErrorGetDomain(CFErrorRef err);
CF_EXPORT CFStringRef CFErrorCopyDescription(CFErrorRef err);

CF_IMPLICIT_BRIDGING_DISABLED
CF_ASSUME_NONNULL_END
CF_EXTERN_C_END

/* The areas with headers of their own, as in Apple's framework. */
#include <CoreFoundation/CFNumber.h>
#include <CoreFoundation/CFDate.h>

#endif /* __COREFOUNDATION_COREFOUNDATION__ */
