/*
 * SecCertificatePriv.h - the private certificate interfaces (SPI) that some
 * ported code calls, as Apple's header of that name declares them,
 * implemented by libsecuretransport.
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef _SECURITY_SECCERTIFICATEPRIV_H_
#define _SECURITY_SECCERTIFICATEPRIV_H_

#include <Security/SecCertificate.h>

#ifdef __cplusplus
extern "C" {
#endif

/* SecCertificateCreateWithData from a buffer; NULL if it is no DER
 * certificate (or NULL with a length). */
__nullable
SecCertificateRef SecCertificateCreateWithBytes(CFAllocatorRef __nullable allocator,
                                                const UInt8 *bytes, CFIndex length);

#ifdef __cplusplus
}
#endif

#endif /* _SECURITY_SECCERTIFICATEPRIV_H_ */
