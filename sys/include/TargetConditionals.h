/*
 * TargetConditionals.h - the TARGET_* macros Mac code branches on, for the Linux build of
 * secure-transport. The target is macOS (TARGET_OS_MAC and TARGET_OS_OSX are 1, every other
 * Apple platform 0), so code written for a Mac takes its macOS path; the CPU and byte order
 * are the compiler's. A macro already defined (say with -D) is left as it is.
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef __TARGETCONDITIONALS__
#define __TARGETCONDITIONALS__

/* The operating system: macOS, and none of Apple's others. */
#ifndef TARGET_OS_MAC
#  define TARGET_OS_MAC 1
#endif
#ifndef TARGET_OS_OSX
#  define TARGET_OS_OSX 1
#endif
#ifndef TARGET_OS_IPHONE
#  define TARGET_OS_IPHONE 0
#endif
#ifndef TARGET_OS_IOS
#  define TARGET_OS_IOS 0
#endif
#ifndef TARGET_OS_WATCH
#  define TARGET_OS_WATCH 0
#endif
#ifndef TARGET_OS_TV
#  define TARGET_OS_TV 0
#endif
#ifndef TARGET_OS_BRIDGE
#  define TARGET_OS_BRIDGE 0
#endif
#ifndef TARGET_OS_MACCATALYST
#  define TARGET_OS_MACCATALYST 0
#endif
#ifndef TARGET_OS_UIKITFORMAC
#  define TARGET_OS_UIKITFORMAC 0
#endif
#ifndef TARGET_OS_SIMULATOR
#  define TARGET_OS_SIMULATOR 0
#endif
#ifndef TARGET_OS_EMBEDDED
#  define TARGET_OS_EMBEDDED 0
#endif
#ifndef TARGET_OS_RTKIT
#  define TARGET_OS_RTKIT 0
#endif
#ifndef TARGET_OS_DRIVERKIT
#  define TARGET_OS_DRIVERKIT 0
#endif
#ifndef TARGET_OS_NANO
#  define TARGET_OS_NANO 0
#endif
#ifndef TARGET_IPHONE_SIMULATOR
#  define TARGET_IPHONE_SIMULATOR 0
#endif
#ifndef TARGET_OS_WIN32
#  define TARGET_OS_WIN32 0
#endif
#ifndef TARGET_OS_WINDOWS
#  define TARGET_OS_WINDOWS 0
#endif
#ifndef TARGET_OS_UNIX
#  define TARGET_OS_UNIX 0
#endif
#ifndef TARGET_OS_LINUX
#  define TARGET_OS_LINUX 0
#endif

/* The CPU, from the compiler. */
#if defined(__x86_64__)
#  define __ST_CPU_X86_64 1
#else
#  define __ST_CPU_X86_64 0
#endif
#if defined(__i386__)
#  define __ST_CPU_X86 1
#else
#  define __ST_CPU_X86 0
#endif
#if defined(__aarch64__) || defined(__arm64__)
#  define __ST_CPU_ARM64 1
#else
#  define __ST_CPU_ARM64 0
#endif
#if defined(__arm__)
#  define __ST_CPU_ARM 1
#else
#  define __ST_CPU_ARM 0
#endif
#ifndef TARGET_CPU_X86_64
#  define TARGET_CPU_X86_64 __ST_CPU_X86_64
#endif
#ifndef TARGET_CPU_X86
#  define TARGET_CPU_X86 __ST_CPU_X86
#endif
#ifndef TARGET_CPU_ARM64
#  define TARGET_CPU_ARM64 __ST_CPU_ARM64
#endif
#ifndef TARGET_CPU_ARM
#  define TARGET_CPU_ARM __ST_CPU_ARM
#endif
#ifndef TARGET_CPU_PPC
#  define TARGET_CPU_PPC 0
#endif
#ifndef TARGET_CPU_PPC64
#  define TARGET_CPU_PPC64 0
#endif
#ifndef TARGET_CPU_68K
#  define TARGET_CPU_68K 0
#endif
#ifndef TARGET_CPU_MIPS
#  define TARGET_CPU_MIPS 0
#endif
#ifndef TARGET_CPU_SPARC
#  define TARGET_CPU_SPARC 0
#endif
#ifndef TARGET_CPU_ALPHA
#  define TARGET_CPU_ALPHA 0
#endif

/* The runtime: Mach-O conventions, the compiler's byte order and pointer width. */
#if defined(__BYTE_ORDER__) && defined(__ORDER_BIG_ENDIAN__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#  define __ST_RT_BIG_ENDIAN 1
#else
#  define __ST_RT_BIG_ENDIAN 0
#endif
#ifndef TARGET_RT_BIG_ENDIAN
#  define TARGET_RT_BIG_ENDIAN __ST_RT_BIG_ENDIAN
#endif
#ifndef TARGET_RT_LITTLE_ENDIAN
#  define TARGET_RT_LITTLE_ENDIAN (!__ST_RT_BIG_ENDIAN)
#endif
#if defined(__LP64__) || defined(_LP64)
#  define __ST_RT_64_BIT 1
#else
#  define __ST_RT_64_BIT 0
#endif
#ifndef TARGET_RT_64_BIT
#  define TARGET_RT_64_BIT __ST_RT_64_BIT
#endif
#ifndef TARGET_RT_MAC_CFM
#  define TARGET_RT_MAC_CFM 0
#endif
#ifndef TARGET_RT_MAC_MACHO
#  define TARGET_RT_MAC_MACHO 1
#endif

#endif /* __TARGETCONDITIONALS__ */
