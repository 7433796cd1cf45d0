//! OpenSSL's failures in Apple's terms: received alerts become `errSSLPeer*`, local protocol
//! errors the matching `errSSL*` code.

use libc::c_int;
use openssl::error::ErrorStack;

use crate::ffi::{
    self, ERR_LIB_SSL, SSL_AD_REASON_OFFSET, SSL_R_NO_RENEGOTIATION, SSL_R_RECORD_LAYER_FAILURE,
    SSL_R_UNEXPECTED_EOF_WHILE_READING,
};
use crate::status::*;

/// Runs an OpenSSL call whose failure the caller reports in its own terms, then drops what
/// the call queued, leaving what other code left on this thread's error queue.
pub(crate) fn quietly<T>(call: impl FnOnce() -> T) -> T {
    // SAFETY: thread-local queue operations; the mark set is the mark popped.
    unsafe { ffi::ERR_set_mark() };
    let result = call();
    // SAFETY: as above.
    unsafe { ffi::ERR_pop_to_mark() };
    result
}

/// Empties this thread's OpenSSL error queue, which `SSL_get_error` needs empty before a
/// handshake step. Peeking first is cheap; clearing an empty queue costs more.
pub(crate) fn clear_queue() {
    // SAFETY: thread-local queue operations.
    unsafe {
        if ffi::ERR_peek_error() != 0 {
            openssl_sys::ERR_clear_error();
        }
    }
}

/// What OpenSSL's error queue says went wrong.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Cause {
    /// The transport ended without a close_notify.
    Eof,
    /// A fatal error, as an Apple code.
    Fatal(OSStatus),
}

/// Reads (and clears) OpenSSL's error queue for this thread.
pub(crate) fn cause_from_queue() -> Cause {
    let stack = ErrorStack::get();
    // The newest error says why, unless it only says that the record layer failed (OpenSSL
    // 3.2 and later): then the one the record layer queued before it.
    let generic = |e: &&openssl::error::Error| {
        e.library_code() == ERR_LIB_SSL && e.reason_code() == SSL_R_RECORD_LAYER_FAILURE
    };
    let errors = stack.errors();
    let newest = errors.iter().rev().find(|e| !generic(e)).or(errors.last());
    let Some(err) = newest else {
        // An I/O failure with nothing queued: the transport simply ended.
        return Cause::Eof;
    };
    if err.library_code() != ERR_LIB_SSL {
        log::debug!("OpenSSL failure outside the TLS layer: {stack}");
        return Cause::Fatal(errSSLCrypto);
    }
    let reason = err.reason_code();
    if reason == SSL_R_UNEXPECTED_EOF_WHILE_READING {
        return Cause::Eof;
    }
    log::debug!("TLS failure: {stack}");
    if reason > SSL_AD_REASON_OFFSET {
        return Cause::Fatal(received_alert(reason - SSL_AD_REASON_OFFSET));
    }
    Cause::Fatal(local_reason(reason))
}

/// Apple's code for a fatal alert the peer sent (RFC 8446 alert numbers).
pub(crate) fn received_alert(alert: c_int) -> OSStatus {
    match alert {
        10 => errSSLPeerUnexpectedMsg,
        20 => errSSLPeerBadRecordMac,
        21 => errSSLPeerDecryptionFail,
        22 => errSSLPeerRecordOverflow,
        30 => errSSLPeerDecompressFail,
        40 => errSSLPeerHandshakeFail,
        42 => errSSLPeerBadCert,
        43 => errSSLPeerUnsupportedCert,
        44 => errSSLPeerCertRevoked,
        45 => errSSLPeerCertExpired,
        46 => errSSLPeerCertUnknown,
        47 => errSSLIllegalParam,
        48 => errSSLPeerUnknownCA,
        49 => errSSLPeerAccessDenied,
        50 => errSSLPeerDecodeError,
        51 => errSSLPeerDecryptError,
        60 => errSSLPeerExportRestriction,
        70 => errSSLPeerProtocolVersion,
        71 => errSSLPeerInsufficientSecurity,
        80 => errSSLPeerInternalError,
        86 => errSSLInappropriateFallback,
        90 => errSSLPeerUserCancelled,
        100 => errSSLPeerNoRenegotiation,
        109 => errSSLMissingExtension,
        110 => errSSLUnsupportedExtension,
        112 => errSSLUnrecognizedName,
        113 => errSSLBadCertificateStatusResponse,
        115 => errSSLUnknownPSKIdentity,
        116 => errSSLCertificateRequired,
        _ => errSSLFatalAlert,
    }
}

/// Apple's code for an error OpenSSL found itself (`SSL_R_*` reasons of OpenSSL 3).
fn local_reason(reason: c_int) -> OSStatus {
    match reason {
        // no shared cipher, no usable version, no ciphers left after configuration
        193 | 181 | 191 | 258 | 396 | 166 | 229 | 118 => errSSLNegotiation,
        // garbage where a TLS record should be
        267 | 252 | 156 | 266 | 443 | 298 => errSSLProtocol,
        281 => errSSLBadRecordMac,
        147 => errSSLDecryptionFail,
        146 | 150 | 198 | 152 => errSSLRecordOverflow,
        244 | 245 => errSSLUnexpectedMessage,
        159 | 115 | 271 | 160 | 110 | 217 => errSSLDecodeError,
        107 => errSSLDecompressFail,
        134 => errSSLXCertChainInvalid,
        373 => errSSLInappropriateFallback,
        199 => errSSLCertificateRequired,
        394 => errSSLWeakPeerEphemeralDHKey,
        123 | 370 => errSSLBadCert,
        // OpenSSL's own failure when the peer answers our renegotiation with a
        // no_renegotiation alert (a warning it turns fatal): Apple reports the alert.
        SSL_R_NO_RENEGOTIATION => errSSLPeerNoRenegotiation,
        _ => errSSLProtocol,
    }
}
