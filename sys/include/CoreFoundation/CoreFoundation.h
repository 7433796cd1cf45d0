/*
 * CoreFoundation.h - the part of CoreFoundation that libsecuretransport
 * implements on Linux, with CoreFoundation's own names, types and signatures,
 * laid out in Apple's headers: CFBase.h, CFArray.h, CFData.h, CFDictionary.h,
 * CFString.h, CFError.h, CFURL.h (and CFBoolean below).
 *
 * Every function and every `extern const` object declared in them is exported
 * by libsecuretransport.so / .a. Nothing else from CoreFoundation is.
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef __COREFOUNDATION_COREFOUNDATION__
#define __COREFOUNDATION_COREFOUNDATION__ 1

#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFArray.h>
#include <CoreFoundation/CFData.h>
#include <CoreFoundation/CFDictionary.h>
#include <CoreFoundation/CFString.h>
#include <CoreFoundation/CFError.h>
#include <CoreFoundation/CFURL.h>

/* >>> CFNumber.h and CFDate.h (another branch) are included here. <<< */

/* ------------------------------------------------------------------------
 * CFBoolean. Apple declares it in CFNumber.h; it stays here, skipped when a
 * CFNumber.h that declares it (Apple's guard macro) came first.
 * ------------------------------------------------------------------------ */

#ifndef __COREFOUNDATION_CFNUMBER__

CF_EXTERN_C_BEGIN
CF_ASSUME_NONNULL_BEGIN
CF_IMPLICIT_BRIDGING_ENABLED

typedef const struct CF_BRIDGED_TYPE(NSNumber) __CFBoolean * CFBooleanRef;

CF_EXPORT const CFBooleanRef kCFBooleanTrue;
CF_EXPORT const CFBooleanRef kCFBooleanFalse;

CF_EXPORT CFTypeID CFBooleanGetTypeID(void);
CF_EXPORT Boolean CFBooleanGetValue(CFBooleanRef boolean);

CF_IMPLICIT_BRIDGING_DISABLED
CF_ASSUME_NONNULL_END
CF_EXTERN_C_END

#endif /* __COREFOUNDATION_CFNUMBER__ */

#endif /* __COREFOUNDATION_COREFOUNDATION__ */
