/*
 * CFDictionary.h - values by key, immutable or mutable (the same type). Keys
 * are found with the key callbacks' equal callback. Changing an immutable
 * dictionary halts a Mac; here the call logs a warning and changes nothing.
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef __COREFOUNDATION_CFDICTIONARY__
#define __COREFOUNDATION_CFDICTIONARY__ 1

#include <CoreFoundation/CFBase.h>

CF_EXTERN_C_BEGIN
CF_ASSUME_NONNULL_BEGIN
CF_IMPLICIT_BRIDGING_ENABLED

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

/* Keys and values retained/released as CFTypes, described with
 * CFCopyDescription, compared with CFEqual, keys hashed with CFHash. */
CF_EXPORT const CFDictionaryKeyCallBacks kCFTypeDictionaryKeyCallBacks;
/* The same, but string keys are copied (CFStringCreateCopy), so that a
 * mutable string cannot change under the dictionary. */
CF_EXPORT const CFDictionaryKeyCallBacks kCFCopyStringDictionaryKeyCallBacks;
CF_EXPORT const CFDictionaryValueCallBacks kCFTypeDictionaryValueCallBacks;

typedef const struct CF_BRIDGED_TYPE(NSDictionary) __CFDictionary * CFDictionaryRef;
typedef struct CF_BRIDGED_MUTABLE_TYPE(NSMutableDictionary) __CFDictionary * CFMutableDictionaryRef;

CF_EXPORT CFTypeID CFDictionaryGetTypeID(void);
CF_EXPORT CFDictionaryRef CFDictionaryCreate(CFAllocatorRef _Nullable allocator,
                                             const void *_Nullable *_Nullable keys,
                                             const void *_Nullable *_Nullable values,
                                             CFIndex numValues,
                                             const CFDictionaryKeyCallBacks *_Nullable keyCallBacks,
                                             const CFDictionaryValueCallBacks *_Nullable valueCallBacks);
CF_EXPORT CFDictionaryRef CFDictionaryCreateCopy(CFAllocatorRef _Nullable allocator, CFDictionaryRef theDict);
CF_EXPORT CFMutableDictionaryRef CFDictionaryCreateMutable(CFAllocatorRef _Nullable allocator,
                                                           CFIndex capacity,
                                                           const CFDictionaryKeyCallBacks *_Nullable keyCallBacks,
                                                           const CFDictionaryValueCallBacks *_Nullable valueCallBacks);
CF_EXPORT CFMutableDictionaryRef CFDictionaryCreateMutableCopy(CFAllocatorRef _Nullable allocator,
                                                               CFIndex capacity, CFDictionaryRef theDict);

CF_EXPORT CFIndex CFDictionaryGetCount(CFDictionaryRef theDict);
CF_EXPORT Boolean CFDictionaryContainsKey(CFDictionaryRef theDict, const void *_Nullable key);
CF_EXPORT Boolean CFDictionaryContainsValue(CFDictionaryRef theDict, const void *_Nullable value);
CF_EXPORT const void *_Nullable CFDictionaryGetValue(CFDictionaryRef theDict, const void *_Nullable key);
CF_EXPORT Boolean CFDictionaryGetValueIfPresent(CFDictionaryRef theDict, const void *_Nullable key,
                                                const void *_Nullable *_Nullable value);
/* Keys and values in the same order; either buffer may be NULL. */
CF_EXPORT void CFDictionaryGetKeysAndValues(CFDictionaryRef theDict,
                                            const void *_Nullable *_Nullable keys,
                                            const void *_Nullable *_Nullable values);

/* Adds only when the key is absent. */
CF_EXPORT void CFDictionaryAddValue(CFMutableDictionaryRef theDict, const void *_Nullable key, const void *_Nullable value);
/* Adds, or replaces the value under the key. */
CF_EXPORT void CFDictionarySetValue(CFMutableDictionaryRef theDict, const void *_Nullable key, const void *_Nullable value);
/* Replaces only when the key is present. */
CF_EXPORT void CFDictionaryReplaceValue(CFMutableDictionaryRef theDict, const void *_Nullable key, const void *_Nullable value);
CF_EXPORT void CFDictionaryRemoveValue(CFMutableDictionaryRef theDict, const void *_Nullable key);
CF_EXPORT void CFDictionaryRemoveAllValues(CFMutableDictionaryRef theDict);

CF_IMPLICIT_BRIDGING_DISABLED
CF_ASSUME_NONNULL_END
CF_EXTERN_C_END

#endif /* __COREFOUNDATION_CFDICTIONARY__ */
