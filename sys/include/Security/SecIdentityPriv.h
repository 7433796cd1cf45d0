/*
 * SecIdentityPriv.h - the private identity interfaces (SPI) that build
 * systems probe for and ported code calls, as Apple's header of that name
 * declares them, implemented by libsecuretransport.
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef _SECURITY_SECIDENTITYPRIV_H_
#define _SECURITY_SECIDENTITYPRIV_H_

#include <Security/SecIdentity.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An identity of `certificate` and its private key; NULL unless `privateKey`
 * is a private key and the certificate's (Apple pairs them unchecked). */
__nullable
SecIdentityRef SecIdentityCreate(CFAllocatorRef __nullable allocator,
                                 SecCertificateRef certificate, SecKeyRef privateKey);

#ifdef __cplusplus
}
#endif

#endif /* _SECURITY_SECIDENTITYPRIV_H_ */
