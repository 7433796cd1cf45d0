/*
 * MacTypes.h - the classic Mac OS scalar types that CoreFoundation and the
 * Security headers are written in, for the Linux build of secure-transport.
 *
 * Sizes follow Apple's LP64 definitions (UInt32 is `unsigned int`, SInt64 is
 * `long long`), so printf formats and function signatures written on a Mac
 * keep compiling without new warnings.
 */

/* Clang: treat this like the SDK header it stands in for (no warnings from
 * the Clang-only nullability qualifiers under -pedantic). */
#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef __MACTYPES__
#define __MACTYPES__

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Fixed-width integers, Mac spelling. */
typedef unsigned char       UInt8;
typedef signed char         SInt8;
typedef unsigned short      UInt16;
typedef signed short        SInt16;
typedef unsigned int        UInt32;
typedef signed int          SInt32;
typedef unsigned long long  UInt64;
typedef signed long long    SInt64;

typedef float               Float32;
typedef double              Float64;

/* Result codes: OSStatus is what every Security function returns. */
typedef SInt32              OSStatus;
typedef SInt16              OSErr;

/* The one-byte boolean of the Carbon / CoreFoundation APIs (0 or 1). */
typedef unsigned char       Boolean;

typedef UInt8               Byte;
typedef SInt8               SignedByte;
typedef UInt16              UniChar;
typedef UInt32              FourCharCode;
typedef FourCharCode        OSType;

/* The generic "no error" result. */
enum {
    noErr = 0
};

/* Guard against a platform where these widths would not hold. */
typedef char __st_mactypes_check_UInt16[(sizeof(UInt16) == 2) ? 1 : -1];
typedef char __st_mactypes_check_UInt32[(sizeof(UInt32) == 4) ? 1 : -1];
typedef char __st_mactypes_check_UInt64[(sizeof(UInt64) == 8) ? 1 : -1];

#ifdef __cplusplus
}
#endif

#endif /* __MACTYPES__ */
