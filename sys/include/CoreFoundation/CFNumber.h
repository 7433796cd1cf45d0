/*
 * CFNumber.h - CoreFoundation's numbers (what attribute dictionaries such as
 * SecKeyCopyAttributes' hold sizes in), with CoreFoundation's names, types
 * and values. Included by <CoreFoundation/CoreFoundation.h>.
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef __COREFOUNDATION_CFNUMBER__
#define __COREFOUNDATION_CFNUMBER__

#include <CoreFoundation/CoreFoundation.h>

CF_EXTERN_C_BEGIN
CF_ASSUME_NONNULL_BEGIN
CF_IMPLICIT_BRIDGING_ENABLED

typedef const struct CF_BRIDGED_TYPE(NSNumber) __CFNumber * CFNumberRef;

/* The C type a value is given or wanted in. A number keeps its value in the
 * fixed-width type of the same kind (CFNumberGetType: kCFNumberIntType comes
 * back as kCFNumberSInt32Type, kCFNumberDoubleType as kCFNumberFloat64Type). */
typedef CF_ENUM(CFIndex, CFNumberType) {
    kCFNumberSInt8Type = 1,
    kCFNumberSInt16Type = 2,
    kCFNumberSInt32Type = 3,
    kCFNumberSInt64Type = 4,
    kCFNumberFloat32Type = 5,
    kCFNumberFloat64Type = 6,
    kCFNumberCharType = 7,
    kCFNumberShortType = 8,
    kCFNumberIntType = 9,
    kCFNumberLongType = 10,
    kCFNumberLongLongType = 11,
    kCFNumberFloatType = 12,
    kCFNumberDoubleType = 13,
    kCFNumberCFIndexType = 14,
    kCFNumberNSIntegerType = 15,
    kCFNumberCGFloatType = 16,
    kCFNumberMaxType = 16
};

CF_EXPORT CFTypeID CFNumberGetTypeID(void);

/* NULL for an unknown type or a NULL valuePtr. */
CF_EXPORT __nullable CFNumberRef CFNumberCreate(CFAllocatorRef _Nullable allocator,
                                                CFNumberType theType, const void *valuePtr);
CF_EXPORT CFNumberType CFNumberGetType(CFNumberRef number);

/* Stores the value in theType; false when that loses something (the value
 * stored is then the nearest one). */
CF_EXPORT Boolean CFNumberGetValue(CFNumberRef number, CFNumberType theType, void *valuePtr);

CF_IMPLICIT_BRIDGING_DISABLED
CF_ASSUME_NONNULL_END
CF_EXTERN_C_END

#endif /* __COREFOUNDATION_CFNUMBER__ */
