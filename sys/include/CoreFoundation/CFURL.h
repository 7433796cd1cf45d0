/*
 * CFURL.h - file URLs made from POSIX paths, and reading the files they name.
 * A relative path makes a URL relative to the working directory at its
 * creation. Other schemes and path styles are not supported.
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef __COREFOUNDATION_CFURL__
#define __COREFOUNDATION_CFURL__ 1

#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFArray.h>
#include <CoreFoundation/CFData.h>
#include <CoreFoundation/CFDictionary.h>
#include <CoreFoundation/CFError.h>
#include <CoreFoundation/CFString.h>

CF_EXTERN_C_BEGIN
CF_ASSUME_NONNULL_BEGIN
CF_IMPLICIT_BRIDGING_ENABLED

typedef CF_ENUM(CFIndex, CFURLPathStyle) {
    kCFURLPOSIXPathStyle = 0,
    kCFURLHFSPathStyle = 1,
    kCFURLWindowsPathStyle = 2
};

typedef CF_ENUM(CFIndex, CFURLError) {
    kCFURLUnknownError = -10L,
    kCFURLUnknownSchemeError = -11L,
    kCFURLResourceNotFoundError = -12L,
    kCFURLResourceAccessViolationError = -13L,
    kCFURLRemoteHostUnavailableError = -14L,
    kCFURLImproperArgumentsError = -15L,
    kCFURLUnknownPropertyKeyError = -16L,
    kCFURLPropertyKeyUnavailableError = -17L,
    kCFURLTimeoutError = -18L
};

typedef const struct CF_BRIDGED_TYPE(NSURL) __CFURL * CFURLRef;

CF_EXPORT CFTypeID CFURLGetTypeID(void);
CF_EXPORT CFURLRef _Nullable CFURLCreateFromFileSystemRepresentation(CFAllocatorRef _Nullable allocator,
                                                                     const UInt8 *buffer,
                                                                     CFIndex bufLen,
                                                                     Boolean isDirectory);
/* kCFURLPOSIXPathStyle only (NULL for the others). */
CF_EXPORT CFURLRef _Nullable CFURLCreateWithFileSystemPath(CFAllocatorRef _Nullable allocator,
                                                           CFStringRef filePath,
                                                           CFURLPathStyle pathStyle,
                                                           Boolean isDirectory);
CF_EXPORT Boolean CFURLGetFileSystemRepresentation(CFURLRef url, Boolean resolveAgainstBase,
                                                   UInt8 *buffer, CFIndex maxBufLen);
CF_EXPORT CFStringRef _Nullable CFURLCopyFileSystemPath(CFURLRef anURL, CFURLPathStyle pathStyle);
/* Not retained for the caller. */
CF_EXPORT CFStringRef CFURLGetString(CFURLRef anURL);
/* The file's bytes as a new CFData. Properties are not supported: *properties
 * is set to NULL. *errorCode: 0 or a CFURLError. */
CF_EXPORT Boolean CFURLCreateDataAndPropertiesFromResource(CFAllocatorRef _Nullable alloc,
                                                           CFURLRef url,
                                                           CFDataRef _Nullable *_Nullable resourceData,
                                                           CFDictionaryRef _Nullable *_Nullable properties,
                                                           CFArrayRef _Nullable desiredProperties,
                                                           SInt32 *_Nullable errorCode);

CF_IMPLICIT_BRIDGING_DISABLED
CF_ASSUME_NONNULL_END
CF_EXTERN_C_END

#endif /* __COREFOUNDATION_CFURL__ */
