/*
 * CFBase.h - CoreFoundation's base: the annotation macros Apple's headers (and code written
 * against them) use -- CF_ENUM, nullability qualifiers, availability -- so that such code
 * builds with GCC and Clang; the base types (CFTypeRef, CFIndex, CFRange, CFStringRef...);
 * the allocators; and what every object answers (CFRetain, CFRelease, CFGetTypeID, CFEqual,
 * CFHash, CFCopyDescription). As Apple's, it brings in TargetConditionals.h, Availability.h
 * and AvailabilityMacros.h: Mac code sees a Mac (macOS 10.15).
 *
 * Every function and `extern const` object declared in these headers is exported by
 * libsecuretransport.so / .a.
 */

/* Clang: treat this like the SDK header it stands in for (no warnings from
 * the Clang-only nullability qualifiers under -pedantic). */
#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef __COREFOUNDATION_CFBASE__
#define __COREFOUNDATION_CFBASE__ 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <TargetConditionals.h>
#include <Availability.h>
#include <AvailabilityMacros.h>
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

/* CF's own availability annotations, all without effect (see Availability.h). */
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
#ifndef TRUE
#  define TRUE 1
#endif
#ifndef FALSE
#  define FALSE 0
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

typedef UInt32              UTF32Char;
typedef UInt16              UTF16Char;
typedef UInt8               UTF8Char;

typedef const struct CF_BRIDGED_TYPE(id) __CFAllocator *            CFAllocatorRef;
typedef const struct CF_BRIDGED_TYPE(NSString) __CFString *         CFStringRef;
typedef struct CF_BRIDGED_MUTABLE_TYPE(NSMutableString) __CFString * CFMutableStringRef;

/* Any property-list object (string, data, number, boolean, date, array, dictionary). */
typedef CFTypeRef CFPropertyListRef;

/* What comparisons return. */
typedef CF_ENUM(CFIndex, CFComparisonResult) {
    kCFCompareLessThan = -1L,
    kCFCompareEqualTo = 0,
    kCFCompareGreaterThan = 1
};

typedef CFComparisonResult (*CFComparatorFunction)(const void *val1, const void *val2, void *context);

/* An index that is none (failed searches). */
static const CFIndex kCFNotFound = -1;

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

/* ------------------------------------------------------------------------
 * Allocators. They are accepted everywhere and ignored (objects live in the
 * library's own store), but for the bytes CFDataCreateWithBytesNoCopy takes
 * over: kCFAllocatorNull leaves them to the caller, the default/malloc
 * allocators free() them.
 * ------------------------------------------------------------------------ */

/* NULL, as in CoreFoundation: "the default". */
CF_EXPORT const CFAllocatorRef kCFAllocatorDefault;
CF_EXPORT const CFAllocatorRef kCFAllocatorSystemDefault;
CF_EXPORT const CFAllocatorRef kCFAllocatorMalloc;
CF_EXPORT const CFAllocatorRef kCFAllocatorMallocZone;
CF_EXPORT const CFAllocatorRef kCFAllocatorNull;
CF_EXPORT const CFAllocatorRef kCFAllocatorUseContext;

CF_EXPORT CFTypeID CFAllocatorGetTypeID(void);

/* ------------------------------------------------------------------------
 * What every object answers
 * ------------------------------------------------------------------------ */

CF_EXPORT CFTypeID CFGetTypeID(CFTypeRef cf);
CF_EXPORT CFTypeRef CFRetain(CFTypeRef cf);
CF_EXPORT void CFRelease(CFTypeRef cf);
CF_EXPORT CFIndex CFGetRetainCount(CFTypeRef cf);
CF_EXPORT Boolean CFEqual(CFTypeRef cf1, CFTypeRef cf2);
/* Equal objects hash alike. */
CF_EXPORT CFHashCode CFHash(CFTypeRef cf);
/* "<CFString 0x... [0x...]>{contents = "..."}", as CoreFoundation writes it. */
CF_EXPORT CFStringRef _Nullable CFCopyDescription(CFTypeRef cf);

CF_IMPLICIT_BRIDGING_DISABLED
CF_ASSUME_NONNULL_END
CF_EXTERN_C_END

#endif /* __COREFOUNDATION_CFBASE__ */
