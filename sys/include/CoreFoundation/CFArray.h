/*
 * CFArray.h - ordered lists of values, immutable or mutable (the same type).
 * Changing an immutable array, or an index out of range, halts a Mac; here
 * the call logs a warning and changes nothing.
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef __COREFOUNDATION_CFARRAY__
#define __COREFOUNDATION_CFARRAY__ 1

#include <CoreFoundation/CFBase.h>

CF_EXTERN_C_BEGIN
CF_ASSUME_NONNULL_BEGIN
CF_IMPLICIT_BRIDGING_ENABLED

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

/* Retains/releases elements as CFTypes, describes them with CFCopyDescription
 * and compares them with CFEqual. */
CF_EXPORT const CFArrayCallBacks kCFTypeArrayCallBacks;

typedef const struct CF_BRIDGED_TYPE(NSArray) __CFArray *           CFArrayRef;
typedef struct CF_BRIDGED_MUTABLE_TYPE(NSMutableArray) __CFArray *  CFMutableArrayRef;

CF_EXPORT CFTypeID CFArrayGetTypeID(void);
CF_EXPORT CFArrayRef CFArrayCreate(CFAllocatorRef _Nullable allocator,
                                   const void *_Nullable *_Nullable values,
                                   CFIndex numValues,
                                   const CFArrayCallBacks *_Nullable callBacks);
/* The same callbacks as theArray's. */
CF_EXPORT CFArrayRef CFArrayCreateCopy(CFAllocatorRef _Nullable allocator, CFArrayRef theArray);
CF_EXPORT CFMutableArrayRef CFArrayCreateMutable(CFAllocatorRef _Nullable allocator,
                                                 CFIndex capacity,
                                                 const CFArrayCallBacks *_Nullable callBacks);
CF_EXPORT CFMutableArrayRef CFArrayCreateMutableCopy(CFAllocatorRef _Nullable allocator,
                                                     CFIndex capacity, CFArrayRef theArray);

CF_EXPORT CFIndex CFArrayGetCount(CFArrayRef theArray);
CF_EXPORT const void *_Nullable CFArrayGetValueAtIndex(CFArrayRef theArray, CFIndex idx);
CF_EXPORT void CFArrayGetValues(CFArrayRef theArray, CFRange range, const void *_Nullable *_Nullable values);
CF_EXPORT Boolean CFArrayContainsValue(CFArrayRef theArray, CFRange range, const void *_Nullable value);
/* kCFNotFound when absent. */
CF_EXPORT CFIndex CFArrayGetFirstIndexOfValue(CFArrayRef theArray, CFRange range, const void *_Nullable value);

CF_EXPORT void CFArrayAppendValue(CFMutableArrayRef theArray, const void *_Nullable value);
/* idx may be the count: the value is appended. */
CF_EXPORT void CFArraySetValueAtIndex(CFMutableArrayRef theArray, CFIndex idx, const void *_Nullable value);
CF_EXPORT void CFArrayInsertValueAtIndex(CFMutableArrayRef theArray, CFIndex idx, const void *_Nullable value);
CF_EXPORT void CFArrayRemoveValueAtIndex(CFMutableArrayRef theArray, CFIndex idx);
CF_EXPORT void CFArrayRemoveAllValues(CFMutableArrayRef theArray);
CF_EXPORT void CFArrayAppendArray(CFMutableArrayRef theArray, CFArrayRef otherArray, CFRange otherRange);

CF_IMPLICIT_BRIDGING_DISABLED
CF_ASSUME_NONNULL_END
CF_EXTERN_C_END

#endif /* __COREFOUNDATION_CFARRAY__ */
