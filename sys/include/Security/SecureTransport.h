/*
 * SecureTransport.h - Apple's Secure Transport TLS/DTLS API, implemented on
 * Linux by libsecuretransport (on top of OpenSSL).
 *
 * The model: the application owns the socket (or any transport) and gives
 * the context two callbacks, SSLReadFunc and SSLWriteFunc, that move the
 * encrypted bytes. SSLHandshake, SSLRead, SSLWrite and SSLClose drive the
 * session; with a non-blocking transport each returns errSSLWouldBlock
 * until it can finish, and is simply called again.
 *
 * Result codes (errSSL*, errSec*) are declared in <Security/SecBase.h>,
 * cipher suites in <Security/CipherSuite.h>, SSLProtocol in
 * <Security/SecProtocolTypes.h>.
 */

/* Clang: treat this like the SDK header it stands in for (no warnings from
 * the Clang-only nullability qualifiers under -pedantic). */
#if defined(__clang__)
#  pragma clang system_header
#endif

#ifndef _SECURITY_SECURETRANSPORT_H_
#define _SECURITY_SECURETRANSPORT_H_

#include <stddef.h>
#include <sys/types.h>
#include <CoreFoundation/CoreFoundation.h>
#include <Security/SecBase.h>
#include <Security/SecProtocolTypes.h>
#include <Security/CipherSuite.h>
#include <Security/SecTrust.h>

#ifdef __cplusplus
extern "C" {
#endif

CF_ASSUME_NONNULL_BEGIN
CF_IMPLICIT_BRIDGING_ENABLED

#ifndef __SECURETRANSPORT_API_DEPRECATED
#  define __SECURETRANSPORT_API_DEPRECATED(...)
#endif

/* ------------------------------------------------------------------------
 * Types
 * ------------------------------------------------------------------------ */

/* A TLS or DTLS session. A CFType: CFRetain / CFRelease apply. */
struct SSLContext;
typedef struct CF_BRIDGED_TYPE(id) SSLContext *SSLContextRef;

/* Whatever identifies the transport (a socket, a pointer, a small
 * integer...). Handed to the I/O callbacks as is; never dereferenced. */
typedef const void *SSLConnectionRef;

/*
 * The I/O callbacks. On entry *dataLength is the number of bytes wanted
 * (read) or offered (write); on return, the number actually moved.
 * Return noErr when all of it moved, errSSLWouldBlock when only part of it
 * did (the rest is asked for again later), errSSLClosedGraceful or
 * errSSLClosedNoNotify at end of stream, or any other error.
 */
typedef OSStatus (*SSLReadFunc)(SSLConnectionRef connection,
                                void *data,
                                size_t *dataLength);
typedef OSStatus (*SSLWriteFunc)(SSLConnectionRef connection,
                                 const void *data,
                                 size_t *dataLength);

/* Boolean options of SSLSetSessionOption. */
typedef CF_ENUM(int, SSLSessionOption) {
    kSSLSessionOptionBreakOnServerAuth         = 0,
    kSSLSessionOptionBreakOnCertRequested      = 1,
    kSSLSessionOptionBreakOnClientAuth         = 2,
    kSSLSessionOptionFalseStart                = 3,
    kSSLSessionOptionSendOneByteRecord         = 4,
    kSSLSessionOptionAllowServerIdentityChange = 5,
    kSSLSessionOptionFallback                  = 6,
    kSSLSessionOptionBreakOnClientHello        = 7,
    kSSLSessionOptionAllowRenegotiation        = 8,
    kSSLSessionOptionEnableSessionTickets      = 9
};

/* Where a session stands (SSLGetSessionState). */
typedef CF_ENUM(int, SSLSessionState) {
    kSSLIdle      = 0,
    kSSLHandshake = 1,
    kSSLConnected = 2,
    kSSLClosed    = 3,
    kSSLAborted   = 4
};

/* What happened with the client certificate (SSLGetClientCertificateState). */
typedef CF_ENUM(int, SSLClientCertificateState) {
    kSSLClientCertNone      = 0,
    kSSLClientCertRequested = 1,
    kSSLClientCertSent      = 2,
    kSSLClientCertRejected  = 3
};

/* Which end of the connection a context plays. */
typedef CF_ENUM(int, SSLProtocolSide) {
    kSSLServerSide = 0,
    kSSLClientSide = 1
};

/* TLS over a stream, or DTLS over datagrams. */
typedef CF_ENUM(int, SSLConnectionType) {
    kSSLStreamType   = 0,
    kSSLDatagramType = 1
};

/* Server: whether to ask the client for a certificate. */
typedef CF_ENUM(int, SSLAuthenticate) {
    kNeverAuthenticate  = 0,
    kAlwaysAuthenticate = 1,
    kTryAuthenticate    = 2
};

/* Older names of errSSLPeerAuthCompleted, and the old end of the range. */
#define errSSLServerAuthCompleted errSSLPeerAuthCompleted
#define errSSLClientAuthCompleted errSSLPeerAuthCompleted
#define errSSLLast                errSSLUnexpectedRecord

/* Named configurations for SSLSetSessionConfig. */
extern const CFStringRef kSSLSessionConfig_default;
extern const CFStringRef kSSLSessionConfig_ATSv1;
extern const CFStringRef kSSLSessionConfig_ATSv1_noPFS;
extern const CFStringRef kSSLSessionConfig_standard;
extern const CFStringRef kSSLSessionConfig_RC4_fallback;
extern const CFStringRef kSSLSessionConfig_TLSv1_fallback;
extern const CFStringRef kSSLSessionConfig_TLSv1_RC4_fallback;
extern const CFStringRef kSSLSessionConfig_legacy;
extern const CFStringRef kSSLSessionConfig_legacy_DHE;
extern const CFStringRef kSSLSessionConfig_anonymous;
extern const CFStringRef kSSLSessionConfig_3DES_fallback;
extern const CFStringRef kSSLSessionConfig_TLSv1_3DES_fallback;

/* ------------------------------------------------------------------------
 * Functions
 *
 * Unless noted, each returns noErr on success, errSecParam for a NULL
 * context or out-pointer, errSecBadReq when the context is in the wrong
 * state for the call (e.g. reconfiguring an active session).
 * ------------------------------------------------------------------------ */

/* ---- Creating and destroying contexts ---- */

/* The CFTypeID of every SSLContextRef. */
CFTypeID SSLContextGetTypeID(void);

/* A new context (release it with CFRelease); NULL on failure. */
SSLContextRef SSLCreateContext(CFAllocatorRef __nullable alloc,
                               SSLProtocolSide protocolSide,
                               SSLConnectionType connectionType);

/* Older creation call (macOS only): a stream context. */
OSStatus SSLNewContext(Boolean isServer, SSLContextRef * _Nonnull CF_RETURNS_RETAINED contextPtr);

/* Releases a context made by SSLNewContext. */
OSStatus SSLDisposeContext(SSLContextRef context);

/* ---- Session state and options ---- */

OSStatus SSLGetSessionState(SSLContextRef context, SSLSessionState *state);

/* Options can only change while no session is active. */
OSStatus SSLSetSessionOption(SSLContextRef context, SSLSessionOption option, Boolean value);

OSStatus SSLGetSessionOption(SSLContextRef context, SSLSessionOption option, Boolean *value);

/* ---- Configuration ---- */

/* The callbacks that move the encrypted bytes (required). */
OSStatus SSLSetIOFuncs(SSLContextRef context, SSLReadFunc readFunc, SSLWriteFunc writeFunc);

/* Applies one of the kSSLSessionConfig_* presets. */
OSStatus SSLSetSessionConfig(SSLContextRef context, CFStringRef config);

/* ---- Protocol versions ---- */

/* Bounds of the versions offered/accepted; they clamp each other. */
OSStatus SSLSetProtocolVersionMin(SSLContextRef context, SSLProtocol minVersion);

OSStatus SSLGetProtocolVersionMin(SSLContextRef context, SSLProtocol *minVersion);

OSStatus SSLSetProtocolVersionMax(SSLContextRef context, SSLProtocol maxVersion);

OSStatus SSLGetProtocolVersionMax(SSLContextRef context, SSLProtocol *maxVersion);

/* Older per-version switches (macOS only). */
OSStatus SSLSetProtocolVersionEnabled(SSLContextRef context, SSLProtocol protocol, Boolean enable);

OSStatus SSLGetProtocolVersionEnabled(SSLContextRef context, SSLProtocol protocol, Boolean *enable);

OSStatus SSLSetProtocolVersion(SSLContextRef context, SSLProtocol version);

OSStatus SSLGetProtocolVersion(SSLContextRef context, SSLProtocol *protocol);

/* ---- Local certificate ---- */

/* certRefs: a SecIdentityRef, then any intermediate SecCertificateRefs. */
OSStatus SSLSetCertificate(SSLContextRef context, CFArrayRef _Nullable certRefs);

/* ---- The I/O connection ---- */

/* An opaque value handed back to the I/O callbacks; never dereferenced. */
OSStatus SSLSetConnection(SSLContextRef context, SSLConnectionRef __nullable connection);

OSStatus SSLGetConnection(SSLContextRef context,
                          SSLConnectionRef * _Nonnull CF_RETURNS_NOT_RETAINED connection);

/* ---- Peer name (SNI and certificate name check) ---- */

/* Client: the server name sent as SNI and checked against its certificate. */
OSStatus SSLSetPeerDomainName(SSLContextRef context,
                              const char * __nullable peerName,
                              size_t peerNameLen);

OSStatus SSLGetPeerDomainNameLength(SSLContextRef context, size_t *peerNameLen);

OSStatus SSLGetPeerDomainName(SSLContextRef context, char *peerName, size_t *peerNameLen);

/* Server: the name the client asked for (SNI). */
OSStatus SSLCopyRequestedPeerNameLength(SSLContextRef ctx, size_t *peerNameLen);

OSStatus SSLCopyRequestedPeerName(SSLContextRef context, char *peerName, size_t *peerNameLen);

/* ---- Datagram (DTLS) settings ---- */

/* Server: at most 32 bytes of cookie material. */
OSStatus SSLSetDatagramHelloCookie(SSLContextRef dtlsContext,
                                   const void * __nullable cookie,
                                   size_t cookieLen);

/* The MTU; 1400 by default. */
OSStatus SSLSetMaxDatagramRecordSize(SSLContextRef dtlsContext, size_t maxSize);

OSStatus SSLGetMaxDatagramRecordSize(SSLContextRef dtlsContext, size_t *maxSize);

/* ---- Negotiated version ---- */

/* kSSLProtocolUnknown until a handshake has completed. */
OSStatus SSLGetNegotiatedProtocolVersion(SSLContextRef context, SSLProtocol *protocol);

/* ---- Cipher suites ---- */

OSStatus SSLGetNumberSupportedCiphers(SSLContextRef context, size_t *numCiphers);

OSStatus SSLGetSupportedCiphers(SSLContextRef context, SSLCipherSuite *ciphers, size_t *numCiphers);

OSStatus SSLGetNumberEnabledCiphers(SSLContextRef context, size_t *numCiphers);

OSStatus SSLSetEnabledCiphers(SSLContextRef context,
                              const SSLCipherSuite *ciphers,
                              size_t numCiphers);

OSStatus SSLGetEnabledCiphers(SSLContextRef context, SSLCipherSuite *ciphers, size_t *numCiphers);

/* ---- Session tickets ---- */

/* Resumption also needs SSLSetPeerID. */
OSStatus SSLSetSessionTicketsEnabled(SSLContextRef context, Boolean enabled);

/* ---- Certificate verification switches (macOS only) ---- */

OSStatus SSLSetEnableCertVerify(SSLContextRef context, Boolean enableVerify);

OSStatus SSLGetEnableCertVerify(SSLContextRef context, Boolean *enableVerify);

OSStatus SSLSetAllowsExpiredCerts(SSLContextRef context, Boolean allowsExpired);

OSStatus SSLGetAllowsExpiredCerts(SSLContextRef context, Boolean *allowsExpired);

OSStatus SSLSetAllowsExpiredRoots(SSLContextRef context, Boolean allowsExpired);

OSStatus SSLGetAllowsExpiredRoots(SSLContextRef context, Boolean *allowsExpired);

OSStatus SSLSetAllowsAnyRoot(SSLContextRef context, Boolean anyRoot);

OSStatus SSLGetAllowsAnyRoot(SSLContextRef context, Boolean *anyRoot);

OSStatus SSLSetTrustedRoots(SSLContextRef context,
                            CFArrayRef trustedRoots,
                            Boolean replaceExisting);

OSStatus SSLCopyTrustedRoots(SSLContextRef context,
                             CFArrayRef * _Nonnull CF_RETURNS_RETAINED trustedRoots);

OSStatus SSLCopyPeerCertificates(SSLContextRef context,
                                 CFArrayRef * _Nonnull CF_RETURNS_RETAINED certs);

/* ---- The peer's certificates ---- */

/* A SecTrustRef over the peer's chain, for the caller to evaluate. */
OSStatus SSLCopyPeerTrust(SSLContextRef context, SecTrustRef * _Nonnull CF_RETURNS_RETAINED trust);

/* ---- Session resumption ---- */

/* A key (e.g. host and port) under which the session is cached. */
OSStatus SSLSetPeerID(SSLContextRef context, const void * __nullable peerID, size_t peerIDLen);

OSStatus SSLGetPeerID(SSLContextRef context,
                      const void * __nullable * _Nonnull peerID,
                      size_t *peerIDLen);

/* The suite in use, once the handshake completed. */
OSStatus SSLGetNegotiatedCipher(SSLContextRef context, SSLCipherSuite *cipherSuite);

/* ---- ALPN and OCSP ---- */

/* An array of CFStringRef protocol names, most preferred first. */
OSStatus SSLSetALPNProtocols(SSLContextRef context, CFArrayRef protocols);

/* errSecParam when nothing was negotiated. */
OSStatus SSLCopyALPNProtocols(SSLContextRef context, CFArrayRef __nullable * _Nonnull protocols);

/* Server: a stapled OCSP response. */
OSStatus SSLSetOCSPResponse(SSLContextRef context, CFDataRef _Nonnull response);

/* ---- Client authentication and server-side settings ---- */

OSStatus SSLSetEncryptionCertificate(SSLContextRef context, CFArrayRef certRefs);

OSStatus SSLSetClientSideAuthenticate(SSLContextRef context, SSLAuthenticate auth);

OSStatus SSLAddDistinguishedName(SSLContextRef context,
                                 const void * __nullable derDN,
                                 size_t derDNLen);

OSStatus SSLSetCertificateAuthorities(SSLContextRef context,
                                      CFTypeRef certificateOrArray,
                                      Boolean replaceExisting);

OSStatus SSLCopyCertificateAuthorities(SSLContextRef context,
                                       CFArrayRef * _Nonnull CF_RETURNS_RETAINED certificates);

OSStatus SSLCopyDistinguishedNames(SSLContextRef context,
                                   CFArrayRef * _Nonnull CF_RETURNS_RETAINED names);

OSStatus SSLGetClientCertificateState(SSLContextRef context,
                                      SSLClientCertificateState *clientState);

/* ---- Diffie-Hellman parameters and RSA blinding (macOS only) ---- */

OSStatus SSLSetDiffieHellmanParams(SSLContextRef context,
                                   const void * __nullable dhParams,
                                   size_t dhParamsLen);

OSStatus SSLGetDiffieHellmanParams(SSLContextRef context,
                                   const void * __nullable * _Nonnull dhParams,
                                   size_t *dhParamsLen);

OSStatus SSLSetRsaBlinding(SSLContextRef context, Boolean blinding);

OSStatus SSLGetRsaBlinding(SSLContextRef context, Boolean *blinding);

/* ---- Handshake, data transfer and close ---- */

/* Runs the handshake; errSSLWouldBlock means call again. */
OSStatus SSLHandshake(SSLContextRef context);

/* Starts a renegotiation. */
OSStatus SSLReHandshake(SSLContextRef context);

/* Accepts all of `data` or none; errSSLWouldBlock may follow acceptance. */
OSStatus SSLWrite(SSLContextRef context,
                  const void * __nullable data,
                  size_t dataLength,
                  size_t *processed);

/* May return fewer bytes than asked; callers loop. */
OSStatus SSLRead(SSLContextRef context, void * data, size_t dataLength, size_t *processed);

/* Decrypted bytes SSLRead can return without I/O. */
OSStatus SSLGetBufferedReadSize(SSLContextRef context, size_t *bufferSize);

/* Largest payload that fits one DTLS record. */
OSStatus SSLGetDatagramWriteSize(SSLContextRef dtlsContext, size_t *bufSize);

/* Sends close_notify and closes the session. */
OSStatus SSLClose(SSLContextRef context);

/* Puts the context into an error state. */
OSStatus SSLSetError(SSLContextRef context, OSStatus status);

/* ------------------------------------------------------------------------
 * Private interfaces (Apple's SecureTransportPriv.h) that callers use
 * ------------------------------------------------------------------------ */

/* Older creation call for a DTLS context. */
OSStatus SSLNewDatagramContext(Boolean isServer, SSLContextRef _Nullable * _Nonnull dtlsContextPtr);

/* Like SSLCopyPeerTrust but does not retain. */
OSStatus SSLGetPeerSecTrust(SSLContextRef context, SecTrustRef _Nullable * _Nonnull secTrust);

/* Whether the session was resumed, and its ID. */
OSStatus SSLGetResumableSessionInfo(SSLContextRef context,
                                    Boolean *sessionWasResumed,
                                    void *sessionID,
                                    size_t *sessionIDLength);

/* The certificate array set by SSLSetCertificate (not retained). */
OSStatus SSLGetCertificate(SSLContextRef context, CFArrayRef _Nullable * _Nonnull certRefs);

/* The array set by SSLSetEncryptionCertificate (not retained). */
OSStatus SSLGetEncryptionCertificate(SSLContextRef context, CFArrayRef _Nullable * _Nonnull certRefs);

OSStatus SSLGetClientSideAuthenticate(SSLContextRef context, SSLAuthenticate *auth);

CF_IMPLICIT_BRIDGING_DISABLED
CF_ASSUME_NONNULL_END

#ifdef __cplusplus
}
#endif

#endif /* _SECURITY_SECURETRANSPORT_H_ */
