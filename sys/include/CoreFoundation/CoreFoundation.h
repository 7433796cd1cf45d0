/*
 * CoreFoundation.h - the part of CoreFoundation that libsecuretransport
 * implements on Linux, with CoreFoundation's own names, types and signatures,
 * laid out in Apple's headers: CFBase.h, CFArray.h, CFData.h, CFDictionary.h,
 * CFString.h, CFError.h, CFURL.h, CFNumber.h (with CFBoolean), CFDate.h.
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

#include <CoreFoundation/CFNumber.h>
#include <CoreFoundation/CFDate.h>

#endif /* __COREFOUNDATION_COREFOUNDATION__ */
