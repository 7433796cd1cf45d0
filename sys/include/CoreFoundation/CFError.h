/*
 * CFError.h - errors: a domain, a code and a user-info dictionary, described
 * as CFError.c describes them. The Security framework's errors are of the
 * OSStatus domain, with Security's text as their localized description.
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef __COREFOUNDATION_CFERROR__
#define __COREFOUNDATION_CFERROR__ 1

#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFString.h>
#include <CoreFoundation/CFDictionary.h>

CF_EXTERN_C_BEGIN
CF_ASSUME_NONNULL_BEGIN
CF_IMPLICIT_BRIDGING_ENABLED

typedef struct CF_BRIDGED_TYPE(NSError) __CFError *                 CFErrorRef;

typedef CFStringRef CFErrorDomain;

CF_EXPORT CFTypeID CFErrorGetTypeID(void);

CF_EXPORT const CFErrorDomain kCFErrorDomainPOSIX;
CF_EXPORT const CFErrorDomain kCFErrorDomainOSStatus;
CF_EXPORT const CFErrorDomain kCFErrorDomainMach;
CF_EXPORT const CFErrorDomain kCFErrorDomainCocoa;

CF_EXPORT const CFStringRef kCFErrorLocalizedDescriptionKey;
CF_EXPORT const CFStringRef kCFErrorLocalizedFailureKey;
CF_EXPORT const CFStringRef kCFErrorLocalizedFailureReasonKey;
CF_EXPORT const CFStringRef kCFErrorLocalizedRecoverySuggestionKey;
CF_EXPORT const CFStringRef kCFErrorDescriptionKey;
CF_EXPORT const CFStringRef kCFErrorUnderlyingErrorKey;
CF_EXPORT const CFStringRef kCFErrorURLKey;
CF_EXPORT const CFStringRef kCFErrorFilePathKey;

/* userInfo is copied (NULL: empty). */
CF_EXPORT CFErrorRef _Nullable CFErrorCreate(CFAllocatorRef _Nullable allocator,
                                             CFErrorDomain domain, CFIndex code,
                                             CFDictionaryRef _Nullable userInfo);
CF_EXPORT CFErrorRef _Nullable CFErrorCreateWithUserInfoKeysAndValues(
    CFAllocatorRef _Nullable allocator, CFErrorDomain domain, CFIndex code,
    const void *_Nullable const *_Nullable userInfoKeys,
    const void *_Nullable const *_Nullable userInfoValues, CFIndex numUserInfoValues);
CF_EXPORT CFErrorDomain CFErrorGetDomain(CFErrorRef err);
CF_EXPORT CFIndex CFErrorGetCode(CFErrorRef err);
/* Never NULL for an error: empty when it was made without. */
CF_EXPORT CFDictionaryRef _Nullable CFErrorCopyUserInfo(CFErrorRef err);
/* The localized description; else "The operation couldn't be completed. ..."
 * from the failure reason, the description, or the domain and code. */
CF_EXPORT CFStringRef CFErrorCopyDescription(CFErrorRef err);
CF_EXPORT CFStringRef _Nullable CFErrorCopyFailureReason(CFErrorRef err);
CF_EXPORT CFStringRef _Nullable CFErrorCopyRecoverySuggestion(CFErrorRef err);

CF_IMPLICIT_BRIDGING_DISABLED
CF_ASSUME_NONNULL_END
CF_EXTERN_C_END

#endif /* __COREFOUNDATION_CFERROR__ */
