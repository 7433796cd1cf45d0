/*
 * CFData.h - bytes, immutable or mutable (the same type). Changing immutable
 * data halts a Mac; here the call logs a warning and changes nothing.
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef __COREFOUNDATION_CFDATA__
#define __COREFOUNDATION_CFDATA__ 1

#include <CoreFoundation/CFBase.h>

CF_EXTERN_C_BEGIN
CF_ASSUME_NONNULL_BEGIN
CF_IMPLICIT_BRIDGING_ENABLED

typedef const struct CF_BRIDGED_TYPE(NSData) __CFData *             CFDataRef;
typedef struct CF_BRIDGED_MUTABLE_TYPE(NSMutableData) __CFData *    CFMutableDataRef;

CF_EXPORT CFTypeID CFDataGetTypeID(void);
CF_EXPORT CFDataRef _Nullable CFDataCreate(CFAllocatorRef _Nullable allocator,
                                           const UInt8 *_Nullable bytes, CFIndex length);
/* The bytes are not copied. bytesDeallocator says what becomes of them when
 * the data goes: kCFAllocatorNull leaves them to the caller; the default
 * allocator (NULL), kCFAllocatorSystemDefault or kCFAllocatorMalloc free()
 * them (they must come from malloc). */
CF_EXPORT CFDataRef _Nullable CFDataCreateWithBytesNoCopy(CFAllocatorRef _Nullable allocator,
                                                          const UInt8 *_Nullable bytes,
                                                          CFIndex length,
                                                          CFAllocatorRef _Nullable bytesDeallocator);
/* capacity is accepted and not enforced. */
CF_EXPORT CFMutableDataRef CFDataCreateMutable(CFAllocatorRef _Nullable allocator, CFIndex capacity);
CF_EXPORT CFMutableDataRef _Nullable CFDataCreateMutableCopy(CFAllocatorRef _Nullable allocator,
                                                             CFIndex capacity, CFDataRef theData);
CF_EXPORT CFIndex CFDataGetLength(CFDataRef theData);
/* For mutable data, valid until the data changes. */
CF_EXPORT const UInt8 *_Nullable CFDataGetBytePtr(CFDataRef theData);
CF_EXPORT UInt8 *_Nullable CFDataGetMutableBytePtr(CFMutableDataRef theData);
CF_EXPORT void CFDataGetBytes(CFDataRef theData, CFRange range, UInt8 *buffer);
CF_EXPORT void CFDataAppendBytes(CFMutableDataRef theData, const UInt8 *bytes, CFIndex length);

CF_IMPLICIT_BRIDGING_DISABLED
CF_ASSUME_NONNULL_END
CF_EXTERN_C_END

#endif /* __COREFOUNDATION_CFDATA__ */
