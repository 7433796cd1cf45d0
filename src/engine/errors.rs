//! OpenSSL's failures in Apple's terms: received alerts become `errSSLPeer*`, local protocol
//! errors the matching `errSSL*` code.

use libc::c_int;
use openssl::error::ErrorStack;

use crate::ffi::{
    self, ERR_LIB_SSL, ERR_LIB_SYS, SSL_AD_REASON_OFFSET, SSL_R_NO_RENEGOTIATION,
    SSL_R_RECORD_LAYER_FAILURE,
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

/// What OpenSSL's error queue says went wrong, as Apple's code; `None` if it names no TLS
/// or crypto failure (the transport failed, or the peer closed). Reads and clears this
/// thread's queue.
pub(crate) fn cause_from_queue() -> Option<OSStatus> {
    let stack = ErrorStack::get();
    // The newest error says why, unless it only says that the record layer failed (OpenSSL
    // 3.2 and later): then the one the record layer queued before it.
    let generic = |e: &&openssl::error::Error| {
        e.library_code() == ERR_LIB_SSL && e.reason_code() == SSL_R_RECORD_LAYER_FAILURE
    };
    // A transport failure (OpenSSL 3.2 and later queue one) is for the BIO to name, unless
    // it met the alert about an error found before it: that error is the answer.
    let transport = |e: &&openssl::error::Error| e.library_code() == ERR_LIB_SYS;
    let newest = stack
        .errors()
        .iter()
        .rev()
        .find(|e| !generic(e) && !transport(e))?;
    if newest.library_code() != ERR_LIB_SSL {
        log::debug!("OpenSSL failure outside the TLS layer: {stack}");
        return Some(errSSLCrypto);
    }
    log::debug!("TLS failure: {stack}");
    let reason = newest.reason_code();
    // Reasons above the offset name a received alert; OpenSSL's common reasons (internal
    // error, …) carry a flag bit that puts them far above any alert number.
    match reason.checked_sub(SSL_AD_REASON_OFFSET) {
        Some(alert @ 0..=255) => Some(received_alert(alert)),
        _ => Some(local_reason(reason)),
    }
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
        // PEER_DID_NOT_RETURN_A_CERTIFICATE: Apple's sslVerifyCertChain fails a missing
        // client chain under kAlwaysAuthenticate as any other trust failure.
        199 => {
            log::info!(
                "no client certificate: errSSLXCertChainInvalid as on Apple, but OpenSSL sent \
                 its own alert, not Apple's certificate_unknown"
            );
            errSSLXCertChainInvalid
        }
        394 => errSSLWeakPeerEphemeralDHKey,
        123 | 370 => errSSLBadCert,
        // OpenSSL's own failure when the peer answers our renegotiation with a
        // no_renegotiation alert (a warning it turns fatal): Apple reports the alert.
        SSL_R_NO_RENEGOTIATION => errSSLPeerNoRenegotiation,
        _ => errSSLProtocol,
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::CStr;

    use crate::engine::errors::*;

    /// "no_renegotiation_RESERVED" -> "no renegotiation": how OpenSSL's tables word a name.
    fn words(name: &str) -> String {
        name.trim_end_matches("_RESERVED")
            .replace('_', " ")
            .to_lowercase()
    }

    /// The alerts of RFC 8446, section 6 (with the numbers RFC 5246 used for those it
    /// reserves), and Apple's code for each one a peer sends (SecBase.h: errSSLPeer… and
    /// the codes Apple added for TLS 1.3's alerts).
    const ALERTS: &[(&str, c_int, OSStatus)] = &[
        ("unexpected_message", 10, errSSLPeerUnexpectedMsg),
        ("bad_record_mac", 20, errSSLPeerBadRecordMac),
        ("decryption_failed_RESERVED", 21, errSSLPeerDecryptionFail),
        ("record_overflow", 22, errSSLPeerRecordOverflow),
        (
            "decompression_failure_RESERVED",
            30,
            errSSLPeerDecompressFail,
        ),
        ("handshake_failure", 40, errSSLPeerHandshakeFail),
        ("bad_certificate", 42, errSSLPeerBadCert),
        ("unsupported_certificate", 43, errSSLPeerUnsupportedCert),
        ("certificate_revoked", 44, errSSLPeerCertRevoked),
        ("certificate_expired", 45, errSSLPeerCertExpired),
        ("certificate_unknown", 46, errSSLPeerCertUnknown),
        ("illegal_parameter", 47, errSSLIllegalParam),
        ("unknown_ca", 48, errSSLPeerUnknownCA),
        ("access_denied", 49, errSSLPeerAccessDenied),
        ("decode_error", 50, errSSLPeerDecodeError),
        ("decrypt_error", 51, errSSLPeerDecryptError),
        (
            "export_restriction_RESERVED",
            60,
            errSSLPeerExportRestriction,
        ),
        ("protocol_version", 70, errSSLPeerProtocolVersion),
        ("insufficient_security", 71, errSSLPeerInsufficientSecurity),
        ("internal_error", 80, errSSLPeerInternalError),
        ("inappropriate_fallback", 86, errSSLInappropriateFallback),
        ("user_canceled", 90, errSSLPeerUserCancelled),
        ("no_renegotiation_RESERVED", 100, errSSLPeerNoRenegotiation),
        ("missing_extension", 109, errSSLMissingExtension),
        ("unsupported_extension", 110, errSSLUnsupportedExtension),
        ("unrecognized_name", 112, errSSLUnrecognizedName),
        (
            "bad_certificate_status_response",
            113,
            errSSLBadCertificateStatusResponse,
        ),
        ("unknown_psk_identity", 115, errSSLUnknownPSKIdentity),
        ("certificate_required", 116, errSSLCertificateRequired),
    ];

    /// Alerts of RFC 8446 with no code of their own at Apple, and numbers no RFC assigns.
    const OTHER_ALERTS: &[(&str, c_int)] = &[
        ("close_notify", 0),
        ("no_certificate_RESERVED", 41),
        ("certificate_unobtainable_RESERVED", 111),
        ("bad_certificate_hash_value_RESERVED", 114),
        ("no_application_protocol", 120),
        ("unassigned", 99),
        ("unassigned", 255),
    ];

    #[test]
    fn received_alerts_become_apples_peer_codes_by_their_rfc_8446_numbers() {
        for &(name, number, apple) in ALERTS {
            assert_eq!(received_alert(number), apple, "{name} ({number})");
        }
        for &(name, number) in OTHER_ALERTS {
            assert_eq!(
                received_alert(number),
                errSSLFatalAlert,
                "{name} ({number})"
            );
        }
        // The numbers typed above are the ones OpenSSL knows by these names (where it names
        // them at all).
        for (name, number) in ALERTS
            .iter()
            .map(|&(name, number, _)| (name, number))
            .chain(OTHER_ALERTS.iter().copied())
            .filter(|(name, _)| *name != "unassigned")
        {
            // SAFETY: OpenSSL returns a static string for any value.
            let openssl =
                unsafe { CStr::from_ptr(openssl_sys::SSL_alert_desc_string_long(number)) };
            let openssl = openssl.to_string_lossy();
            if openssl != "unknown" {
                assert_eq!(words(&openssl), words(name), "alert {number}");
            }
        }
    }

    /// OpenSSL 3's `SSL_R_*` reasons (sslerr.h) the engine maps, with Apple's code for each.
    const REASONS: &[(&str, c_int, OSStatus)] = &[
        ("NO_SHARED_CIPHER", 193, errSSLNegotiation),
        ("NO_CIPHERS_AVAILABLE", 181, errSSLNegotiation),
        ("NO_PROTOCOLS_AVAILABLE", 191, errSSLNegotiation),
        ("UNSUPPORTED_PROTOCOL", 258, errSSLNegotiation),
        ("VERSION_TOO_LOW", 396, errSSLNegotiation),
        ("VERSION_TOO_HIGH", 166, errSSLNegotiation),
        ("SSL_HANDSHAKE_FAILURE", 229, errSSLNegotiation),
        ("NO_SUITABLE_SIGNATURE_ALGORITHM", 118, errSSLNegotiation),
        ("WRONG_VERSION_NUMBER", 267, errSSLProtocol),
        ("UNKNOWN_PROTOCOL", 252, errSSLProtocol),
        ("HTTP_REQUEST", 156, errSSLProtocol),
        ("WRONG_SSL_VERSION", 266, errSSLProtocol),
        ("BAD_RECORD_TYPE", 443, errSSLProtocol),
        ("RECORD_TOO_SMALL", 298, errSSLProtocol),
        (
            "DECRYPTION_FAILED_OR_BAD_RECORD_MAC",
            281,
            errSSLBadRecordMac,
        ),
        ("DECRYPTION_FAILED", 147, errSSLDecryptionFail),
        ("DATA_LENGTH_TOO_LONG", 146, errSSLRecordOverflow),
        ("ENCRYPTED_LENGTH_TOO_LONG", 150, errSSLRecordOverflow),
        ("PACKET_LENGTH_TOO_LONG", 198, errSSLRecordOverflow),
        ("EXCESSIVE_MESSAGE_SIZE", 152, errSSLRecordOverflow),
        ("UNEXPECTED_MESSAGE", 244, errSSLUnexpectedMessage),
        ("UNEXPECTED_RECORD", 245, errSSLUnexpectedMessage),
        ("LENGTH_MISMATCH", 159, errSSLDecodeError),
        ("BAD_PACKET_LENGTH", 115, errSSLDecodeError),
        ("BAD_LENGTH", 271, errSSLDecodeError),
        ("LENGTH_TOO_SHORT", 160, errSSLDecodeError),
        ("BAD_EXTENSION", 110, errSSLDecodeError),
        ("UNSOLICITED_EXTENSION", 217, errSSLDecodeError),
        ("BAD_DECOMPRESSION", 107, errSSLDecompressFail),
        ("CERTIFICATE_VERIFY_FAILED", 134, errSSLXCertChainInvalid),
        ("INAPPROPRIATE_FALLBACK", 373, errSSLInappropriateFallback),
        (
            "PEER_DID_NOT_RETURN_A_CERTIFICATE",
            199,
            errSSLXCertChainInvalid,
        ),
        ("DH_KEY_TOO_SMALL", 394, errSSLWeakPeerEphemeralDHKey),
        ("BAD_SIGNATURE", 123, errSSLBadCert),
        ("WRONG_SIGNATURE_TYPE", 370, errSSLBadCert),
        ("NO_RENEGOTIATION", 339, errSSLPeerNoRenegotiation),
    ];

    /// OpenSSL's text for an `SSL_R_*` reason of the linked library.
    fn reason_text(reason: c_int) -> Option<String> {
        let code = openssl_sys::ERR_PACK(ERR_LIB_SSL, 0, reason);
        openssl::init();
        // SAFETY: OpenSSL returns a static string or null.
        let text = unsafe { openssl_sys::ERR_reason_error_string(code) };
        (!text.is_null()).then(|| {
            // SAFETY: checked for null; the string is static.
            let text = unsafe { CStr::from_ptr(text) };
            text.to_string_lossy().into_owned()
        })
    }

    #[test]
    fn local_failures_become_apples_codes_by_openssls_reason_numbers() {
        for &(name, reason, apple) in REASONS {
            assert_eq!(
                reason_text(reason),
                Some(words(name)),
                "SSL_R_{name} is {reason}"
            );
            assert_eq!(local_reason(reason), apple, "SSL_R_{name}");
        }
        assert_eq!(
            reason_text(SSL_R_NO_RENEGOTIATION).as_deref(),
            Some("no renegotiation")
        );
        // Anything else OpenSSL finds wrong with the peer's bytes is a protocol error.
        assert_eq!(local_reason(0), errSSLProtocol);
        assert_eq!(local_reason(100_000), errSSLProtocol);
    }
}
