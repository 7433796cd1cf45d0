/*
 * sys/sysctl.h - Darwin's sysctl(3), for the Linux build of secure-transport:
 * sysctl, sysctlbyname and sysctlnametomib answer what TLS code asks a Mac as
 * macOS 10.15.7 (Darwin 19.6.0, build 19H15) would -- kern.ostype "Darwin",
 * kern.osrelease "19.6.0", kern.osrevision, kern.osversion "19H15",
 * kern.osproductversion "10.15.7" -- and hw.machine and hw.ncpu of this host.
 * Nodes are read-only (EPERM); unknown names are ENOENT; a buffer too small
 * is ENOMEM with the length needed in *oldlenp; a NULL buffer asks for it.
 *
 * glibc dropped its sys/sysctl.h in 2.32. Where the C library still has one,
 * it is included first and its sysctl() prototype kept (the same function to
 * the ABI); only what Darwin adds is declared here. Installed under
 * PREFIX/include/securetransport/, this header is seen only by programs built
 * against this library.
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef _SYS_SYSCTL_H_
#define _SYS_SYSCTL_H_

#if defined(__has_include_next)
#  if __has_include_next(<sys/sysctl.h>)
#    include_next <sys/sysctl.h>
#    define __ST_SYSTEM_SYSCTL 1
#  endif
#endif

#include <stddef.h>

/* Top-level names, Darwin's numbers. */
#define CTL_MAXNAME 12
#undef CTL_UNSPEC
#define CTL_UNSPEC  0
#undef CTL_KERN
#define CTL_KERN    1
#undef CTL_VM
#define CTL_VM      2
#undef CTL_VFS
#define CTL_VFS     3
#undef CTL_NET
#define CTL_NET     4
#undef CTL_DEBUG
#define CTL_DEBUG   5
#undef CTL_HW
#define CTL_HW      6
#undef CTL_MACHDEP
#define CTL_MACHDEP 7
#undef CTL_USER
#define CTL_USER    8

/* CTL_KERN names served. */
#undef KERN_OSTYPE
#define KERN_OSTYPE     1
#undef KERN_OSRELEASE
#define KERN_OSRELEASE  2
#undef KERN_OSREV
#define KERN_OSREV      3
#undef KERN_OSVERSION
#define KERN_OSVERSION  65

/* CTL_HW names served. */
#undef HW_MACHINE
#define HW_MACHINE  1
#undef HW_NCPU
#define HW_NCPU     3

#ifdef __cplusplus
extern "C" {
#endif

#ifndef __ST_SYSTEM_SYSCTL
int sysctl(int *name, unsigned int namelen, void *oldp, size_t *oldlenp, void *newp, size_t newlen);
#endif
int sysctlbyname(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen);
int sysctlnametomib(const char *name, int *mibp, size_t *sizep);

#ifdef __cplusplus
}
#endif

#endif /* _SYS_SYSCTL_H_ */
