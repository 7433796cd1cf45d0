/*
 * CFDate.h - CoreFoundation's points in time (a certificate's validity
 * dates), with CoreFoundation's names, types and values. Included by
 * <CoreFoundation/CoreFoundation.h>.
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef __COREFOUNDATION_CFDATE__
#define __COREFOUNDATION_CFDATE__

#include <CoreFoundation/CoreFoundation.h>

CF_EXTERN_C_BEGIN
CF_ASSUME_NONNULL_BEGIN
CF_IMPLICIT_BRIDGING_ENABLED

/* Seconds; an absolute time counts them from 1 January 2001 00:00:00 GMT. */
typedef double CFTimeInterval;
typedef CFTimeInterval CFAbsoluteTime;

typedef const struct CF_BRIDGED_TYPE(NSDate) __CFDate * CFDateRef;

/* The absolute time of 1 January 1970 and of 1 January 1904, both negated:
 * unix time = absolute time + kCFAbsoluteTimeIntervalSince1970. */
CF_EXPORT const CFTimeInterval kCFAbsoluteTimeIntervalSince1970;
CF_EXPORT const CFTimeInterval kCFAbsoluteTimeIntervalSince1904;

CF_EXPORT CFAbsoluteTime CFAbsoluteTimeGetCurrent(void);

CF_EXPORT CFTypeID CFDateGetTypeID(void);
CF_EXPORT CFDateRef CFDateCreate(CFAllocatorRef _Nullable allocator, CFAbsoluteTime at);
CF_EXPORT CFAbsoluteTime CFDateGetAbsoluteTime(CFDateRef theDate);

CF_IMPLICIT_BRIDGING_DISABLED
CF_ASSUME_NONNULL_END
CF_EXTERN_C_END

#endif /* __COREFOUNDATION_CFDATE__ */
