/*
 * SecureTransportPriv.h - the private Secure Transport interfaces (SPI) that
 * Apple's own code and some ported code call, as Apple's header of that name
 * declares them, implemented by libsecuretransport.
 *
 * A few older SPI calls (SSLNewDatagramContext, SSLGetPeerSecTrust,
 * SSLGetResumableSessionInfo, SSLGetCertificate, SSLGetEncryptionCertificate,
 * SSLGetClientSideAuthenticate) are declared in <Security/SecureTransport.h>,
 * which this header includes.
 *
 * NULL pointers and bad lengths are errSecParam.
 */

#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef _SECURITY_SECURETRANSPORTPRIV_H_
#define _SECURITY_SECURETRANSPORTPRIV_H_

#include <stdbool.h>
#include <stdint.h>
#include <Security/SecureTransport.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Enables the default cipher suites with the DHE ones (true) or without
 * (false), replacing the enabled list. Servers start with DHE, clients
 * without, as on a Mac. */
OSStatus SSLSetDHEEnabled(SSLContextRef ctx, bool enabled);
OSStatus SSLGetDHEEnabled(SSLContextRef ctx, bool *enabled);

/* Client: the smallest DH group accepted from a server, in bits; kept within
 * 512-2048 (default 1024). */
OSStatus SSLSetMinimumDHGroupSize(SSLContextRef ctx, unsigned nbits);
OSStatus SSLGetMinimumDHGroupSize(SSLContextRef ctx, unsigned *nbits);

/* The pre-shared key and identity of the PSK cipher suites (enable them with
 * SSLSetEnabledCiphers). A server with an identity accepts only that one. */
OSStatus SSLSetPSKSharedSecret(SSLContextRef ctx, const void *secret, size_t secretLen);
OSStatus SSLSetPSKIdentity(SSLContextRef ctx, const void *pskIdentity, size_t pskIdentityLen);
OSStatus SSLGetPSKIdentity(SSLContextRef ctx, const void *_Nullable *_Nonnull pskIdentity,
                           size_t *pskIdentityLen);

/* How long a session made by this context stays resumable (default 600 s). */
OSStatus SSLSetSessionCacheTimeout(SSLContextRef context, uint32_t timeoutInSeconds);

/* Peer leaf certificates accepted as they are when the peer's chain does not
 * verify. SSLCopyTrustedLeafCertificates returns a new array (NULL if none
 * were set) that the caller releases. */
OSStatus SSLSetTrustedLeafCertificates(SSLContextRef context, CFArrayRef certRefs);
OSStatus SSLCopyTrustedLeafCertificates(SSLContextRef context,
                                        CFArrayRef _Nullable *_Nonnull certRefs);

#ifdef __cplusplus
}
#endif

#endif /* _SECURITY_SECURETRANSPORTPRIV_H_ */
