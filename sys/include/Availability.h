/*
 * Availability.h - Apple's availability annotations and OS version numbers, for the Linux
 * build of secure-transport. The target is macOS 10.15, whose Secure Transport the library
 * reproduces: __MAC_OS_X_VERSION_MIN_REQUIRED and __MAC_OS_X_VERSION_MAX_ALLOWED are 101500
 * (unless defined already, say with -D); iOS's are left undefined, as on a Mac. The
 * annotations (API_AVAILABLE, __OSX_AVAILABLE_STARTING, ...) mark what appeared or went
 * away in which release; none of that applies here, so they expand to nothing.
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef __AVAILABILITY__
#define __AVAILABILITY__

/* macOS releases, as Apple numbers them. */
#define __MAC_10_0     1000
#define __MAC_10_1     1010
#define __MAC_10_2     1020
#define __MAC_10_3     1030
#define __MAC_10_4     1040
#define __MAC_10_5     1050
#define __MAC_10_6     1060
#define __MAC_10_7     1070
#define __MAC_10_8     1080
#define __MAC_10_9     1090
#define __MAC_10_10    101000
#define __MAC_10_10_2  101002
#define __MAC_10_10_3  101003
#define __MAC_10_11    101100
#define __MAC_10_11_2  101102
#define __MAC_10_11_3  101103
#define __MAC_10_11_4  101104
#define __MAC_10_12    101200
#define __MAC_10_12_1  101201
#define __MAC_10_12_2  101202
#define __MAC_10_12_4  101204
#define __MAC_10_13    101300
#define __MAC_10_13_1  101301
#define __MAC_10_13_2  101302
#define __MAC_10_13_4  101304
#define __MAC_10_14    101400
#define __MAC_10_14_1  101401
#define __MAC_10_14_4  101404
#define __MAC_10_14_6  101406
#define __MAC_10_15    101500
#define __MAC_NA        9999

/* iOS releases. */
#define __IPHONE_2_0    20000
#define __IPHONE_2_1    20100
#define __IPHONE_2_2    20200
#define __IPHONE_3_0    30000
#define __IPHONE_3_1    30100
#define __IPHONE_3_2    30200
#define __IPHONE_4_0    40000
#define __IPHONE_4_1    40100
#define __IPHONE_4_2    40200
#define __IPHONE_4_3    40300
#define __IPHONE_5_0    50000
#define __IPHONE_5_1    50100
#define __IPHONE_6_0    60000
#define __IPHONE_6_1    60100
#define __IPHONE_7_0    70000
#define __IPHONE_7_1    70100
#define __IPHONE_8_0    80000
#define __IPHONE_8_1    80100
#define __IPHONE_8_2    80200
#define __IPHONE_8_3    80300
#define __IPHONE_8_4    80400
#define __IPHONE_9_0    90000
#define __IPHONE_9_1    90100
#define __IPHONE_9_2    90200
#define __IPHONE_9_3    90300
#define __IPHONE_10_0   100000
#define __IPHONE_10_1   100100
#define __IPHONE_10_2   100200
#define __IPHONE_10_3   100300
#define __IPHONE_11_0   110000
#define __IPHONE_11_1   110100
#define __IPHONE_11_2   110200
#define __IPHONE_11_3   110300
#define __IPHONE_11_4   110400
#define __IPHONE_12_0   120000
#define __IPHONE_12_1   120100
#define __IPHONE_12_2   120200
#define __IPHONE_12_3   120300
#define __IPHONE_12_4   120400
#define __IPHONE_13_0   130000
#define __IPHONE_13_1   130100
#define __IPHONE_13_2   130200
#define __IPHONE_13_3   130300
#define __IPHONE_13_4   130400
#define __IPHONE_13_5   130500
#define __IPHONE_13_6   130600
#define __IPHONE_NA     99999

/* The release compiled for: macOS 10.15. */
#ifndef __MAC_OS_X_VERSION_MIN_REQUIRED
#  ifdef MAC_OS_X_VERSION_MIN_REQUIRED
#    define __MAC_OS_X_VERSION_MIN_REQUIRED MAC_OS_X_VERSION_MIN_REQUIRED
#  else
#    define __MAC_OS_X_VERSION_MIN_REQUIRED __MAC_10_15
#  endif
#endif
#ifndef __MAC_OS_X_VERSION_MAX_ALLOWED
#  ifdef MAC_OS_X_VERSION_MAX_ALLOWED
#    define __MAC_OS_X_VERSION_MAX_ALLOWED MAC_OS_X_VERSION_MAX_ALLOWED
#  else
#    define __MAC_OS_X_VERSION_MAX_ALLOWED __MAC_10_15
#  endif
#endif

/* Annotations, all without effect. */
#ifndef __OSX_AVAILABLE_STARTING
#  define __OSX_AVAILABLE_STARTING(...)
#endif
#ifndef __OSX_AVAILABLE_BUT_DEPRECATED
#  define __OSX_AVAILABLE_BUT_DEPRECATED(...)
#endif
#ifndef __OSX_AVAILABLE_BUT_DEPRECATED_MSG
#  define __OSX_AVAILABLE_BUT_DEPRECATED_MSG(...)
#endif
#ifndef __OSX_AVAILABLE
#  define __OSX_AVAILABLE(...)
#endif
#ifndef __IOS_AVAILABLE
#  define __IOS_AVAILABLE(...)
#endif
#ifndef __TVOS_AVAILABLE
#  define __TVOS_AVAILABLE(...)
#endif
#ifndef __WATCHOS_AVAILABLE
#  define __WATCHOS_AVAILABLE(...)
#endif
#ifndef __OSX_DEPRECATED
#  define __OSX_DEPRECATED(...)
#endif
#ifndef __IOS_DEPRECATED
#  define __IOS_DEPRECATED(...)
#endif
#ifndef __TVOS_DEPRECATED
#  define __TVOS_DEPRECATED(...)
#endif
#ifndef __WATCHOS_DEPRECATED
#  define __WATCHOS_DEPRECATED(...)
#endif
#ifndef __OS_AVAILABILITY
#  define __OS_AVAILABILITY(...)
#endif
#ifndef __OS_AVAILABILITY_MSG
#  define __OS_AVAILABILITY_MSG(...)
#endif
#ifndef __OSX_EXTENSION_UNAVAILABLE
#  define __OSX_EXTENSION_UNAVAILABLE(...)
#endif
#ifndef __IOS_EXTENSION_UNAVAILABLE
#  define __IOS_EXTENSION_UNAVAILABLE(...)
#endif
#ifndef __OS_EXTENSION_UNAVAILABLE
#  define __OS_EXTENSION_UNAVAILABLE(...)
#endif
#ifndef __API_AVAILABLE
#  define __API_AVAILABLE(...)
#endif
#ifndef __API_DEPRECATED
#  define __API_DEPRECATED(...)
#endif
#ifndef __API_DEPRECATED_WITH_REPLACEMENT
#  define __API_DEPRECATED_WITH_REPLACEMENT(...)
#endif
#ifndef __API_UNAVAILABLE
#  define __API_UNAVAILABLE(...)
#endif
#ifndef __API_AVAILABLE_BEGIN
#  define __API_AVAILABLE_BEGIN(...)
#endif
#ifndef __SPI_AVAILABLE
#  define __SPI_AVAILABLE(...)
#endif
#ifndef __SPI_DEPRECATED
#  define __SPI_DEPRECATED(...)
#endif
#ifndef __SPI_DEPRECATED_WITH_REPLACEMENT
#  define __SPI_DEPRECATED_WITH_REPLACEMENT(...)
#endif
#ifndef API_AVAILABLE
#  define API_AVAILABLE(...)
#endif
#ifndef API_DEPRECATED
#  define API_DEPRECATED(...)
#endif
#ifndef API_DEPRECATED_WITH_REPLACEMENT
#  define API_DEPRECATED_WITH_REPLACEMENT(...)
#endif
#ifndef API_UNAVAILABLE
#  define API_UNAVAILABLE(...)
#endif
#ifndef API_AVAILABLE_BEGIN
#  define API_AVAILABLE_BEGIN(...)
#endif
#ifndef API_DEPRECATED_BEGIN
#  define API_DEPRECATED_BEGIN(...)
#endif
#ifndef API_DEPRECATED_WITH_REPLACEMENT_BEGIN
#  define API_DEPRECATED_WITH_REPLACEMENT_BEGIN(...)
#endif
#ifndef API_UNAVAILABLE_BEGIN
#  define API_UNAVAILABLE_BEGIN(...)
#endif
#ifndef SPI_AVAILABLE
#  define SPI_AVAILABLE(...)
#endif
#ifndef SPI_DEPRECATED
#  define SPI_DEPRECATED(...)
#endif
#ifndef SPI_DEPRECATED_WITH_REPLACEMENT
#  define SPI_DEPRECATED_WITH_REPLACEMENT(...)
#endif
#ifndef __swift_unavailable
#  define __swift_unavailable(...)
#endif
#ifndef __IOS_AVAILABLE_BUT_DEPRECATED
#  define __IOS_AVAILABLE_BUT_DEPRECATED(...)
#endif
#ifndef __OSX_UNAVAILABLE
#  define __OSX_UNAVAILABLE
#endif
#ifndef __IOS_UNAVAILABLE
#  define __IOS_UNAVAILABLE
#endif
#ifndef __TVOS_UNAVAILABLE
#  define __TVOS_UNAVAILABLE
#endif
#ifndef __WATCHOS_UNAVAILABLE
#  define __WATCHOS_UNAVAILABLE
#endif
#ifndef __IOS_PROHIBITED
#  define __IOS_PROHIBITED
#endif
#ifndef __TVOS_PROHIBITED
#  define __TVOS_PROHIBITED
#endif
#ifndef __WATCHOS_PROHIBITED
#  define __WATCHOS_PROHIBITED
#endif
#ifndef __API_AVAILABLE_END
#  define __API_AVAILABLE_END
#endif
#ifndef API_AVAILABLE_END
#  define API_AVAILABLE_END
#endif
#ifndef API_DEPRECATED_END
#  define API_DEPRECATED_END
#endif
#ifndef API_UNAVAILABLE_END
#  define API_UNAVAILABLE_END
#endif
#ifndef __API_DEPRECATED_END
#  define __API_DEPRECATED_END
#endif
#ifndef __API_UNAVAILABLE_END
#  define __API_UNAVAILABLE_END
#endif
/* Xcode 11's placeholder version for APIs to be deprecated. */
#ifndef API_TO_BE_DEPRECATED
#  define API_TO_BE_DEPRECATED 100000
#endif

#endif /* __AVAILABILITY__ */
