//! What the handshake agreed and revealed, read from the `SSL` and from what the callbacks
//! noted: the negotiated version and suite, the peer's certificates and names, ALPN.

use foreign_types::ForeignTypeRef;
use libc::c_int;
use openssl::ssl::SslRef;
use openssl_sys as sys;

use super::alpn;
use super::settings::Settings;
use super::shared::Events;
use super::versions;
use crate::base::{Error, Result};
use crate::certificate::SecCertificate;
use crate::ffi;
use crate::status::errSecParam;
use crate::types::{
    cipher_suite, SslAuthenticate, SslCipherSuite, SslClientCertificateState, SslProtocol,
};

/// Whether the version and suite are agreed: OpenSSL is past the peer's hello (a client past
/// the ServerHello, a server past processing the ClientHello). Before that `SSL_version` is
/// only our own highest version.
fn hellos_exchanged(ssl: &SslRef) -> bool {
    // SAFETY: a live SSL; only its state is read.
    let state = unsafe { ffi::SSL_get_state(ssl.as_ptr()) };
    !ffi::states_before_peer_hello().contains(&state)
}

/// The version the peer agreed to, `kSSLProtocolUnknown` before (`started`: the handshake
/// began).
pub(super) fn negotiated_version(ssl: &SslRef, started: bool) -> SslProtocol {
    if !started || !hellos_exchanged(ssl) {
        return SslProtocol::UNKNOWN;
    }
    // SAFETY: a live SSL.
    versions::from_wire(unsafe { sys::SSL_version(ssl.as_ptr()) })
}

/// The suite the peer agreed to; as on Apple, `SSL_NULL_WITH_NULL_NULL` (0) before.
pub(super) fn negotiated_cipher(ssl: &SslRef) -> SslCipherSuite {
    match ssl.current_cipher() {
        Some(cipher) if hellos_exchanged(ssl) => {
            cipher_suite(u16::from_be_bytes(cipher.protocol_id()))
        }
        _ => 0,
    }
}

/// The peer's chain, leaf first. OpenSSL's view of it on a server leaves out the leaf.
pub(super) fn peer_certificates(ssl: &SslRef, server: bool) -> Vec<SecCertificate> {
    let mut chain = Vec::new();
    if server {
        chain.extend(ssl.peer_certificate().map(SecCertificate::from_x509));
    }
    if let Some(rest) = ssl.peer_cert_chain() {
        chain.extend(rest.iter().map(|c| SecCertificate::from_x509(c.to_owned())));
    }
    chain
}

/// The DER names a server's certificate request carried, on a client.
pub(super) fn requested_names(ssl: &SslRef) -> Vec<Vec<u8>> {
    // SAFETY: the list is owned by the SSL and read at once.
    unsafe {
        let list = ffi::SSL_get_client_CA_list(ssl.as_ptr());
        ffi::stack_items::<_, sys::X509_NAME>(list)
            .into_iter()
            .filter_map(|name| openssl::x509::X509NameRef::from_ptr(name).to_der().ok())
            .collect()
    }
}

/// What the peer sent for ALPN, as on Apple: on a client the protocol the server selected,
/// on a server the client's whole offer. `errSecParam` when the peer sent none.
pub(super) fn alpn_protocols(
    ssl: &SslRef,
    settings: &Settings,
    events: &Events,
) -> Result<Vec<Vec<u8>>> {
    let none = Error::from_code(errSecParam);
    if !settings.is_server() {
        let selected = ssl.selected_alpn_protocol().ok_or(none)?;
        return Ok(vec![selected.to_vec()]);
    }
    let offered = events.peer_alpn.as_deref().ok_or(none)?;
    Ok(alpn::entries(offered).map(<[u8]>::to_vec).collect())
}

/// `SSLGetClientCertificateState`: what the callbacks saw, except that a server that asks
/// for a certificate reports it requested from the handshake's start.
pub(super) fn client_certificate_state(
    events: &Events,
    settings: &Settings,
    started: bool,
) -> SslClientCertificateState {
    let state = events.client_cert_state;
    let server_asked =
        settings.is_server() && settings.client_auth() != SslAuthenticate::NEVER && started;
    if server_asked && state == SslClientCertificateState::NONE {
        SslClientCertificateState::REQUESTED
    } else {
        state
    }
}

/// How many renegotiations the session went through (OpenSSL's count).
pub(super) fn renegotiations(ssl: &SslRef) -> usize {
    /// From ssl.h.
    const SSL_CTRL_GET_NUM_RENEGOTIATIONS: c_int = 10;
    // SAFETY: a live SSL; the control only reads.
    let n = unsafe {
        sys::SSL_ctrl(
            ssl.as_ptr(),
            SSL_CTRL_GET_NUM_RENEGOTIATIONS,
            0,
            std::ptr::null_mut(),
        )
    };
    usize::try_from(n).unwrap_or(0)
}

/// The version a close_notify sent in the clear mid-handshake carries, as coreTLS's would:
/// the agreed one, or on a server holding the client's hello (at the ClientHello break,
/// before OpenSSL agrees) the one it is about to agree to. `None` while no version is known
/// (coreTLS then sends no alert: "Too early in negotiation", sslAlertMessage.c) and under
/// TLS 1.3, whose peer takes only protected records once the ServerHello is out.
pub(super) fn clear_close_notify_version(ssl: &SslRef) -> Option<u16> {
    /// From ssl.h.
    const SSL_CTRL_GET_MAX_PROTO_VERSION: c_int = 131;
    let ptr = ssl.as_ptr();
    let version = if hellos_exchanged(ssl) {
        // SAFETY: a live SSL.
        unsafe { sys::SSL_version(ptr) }
    } else {
        // SAFETY: a live SSL; both only read (the hello is there only at the break).
        let (offered, max) = unsafe {
            (
                sys::SSL_client_hello_get0_legacy_version(ptr) as c_int,
                sys::SSL_ctrl(ptr, SSL_CTRL_GET_MAX_PROTO_VERSION, 0, std::ptr::null_mut())
                    as c_int,
            )
        };
        match (offered, max) {
            (0, _) => return None,
            // No maximum set: OpenSSL's own (TLS 1.3), whose records say TLS 1.2.
            (offered, 0) => offered.min(sys::TLS1_2_VERSION),
            (offered, max) => offered.min(max).min(sys::TLS1_2_VERSION),
        }
    };
    if version >= sys::TLS1_3_VERSION {
        return None;
    }
    u16::try_from(version).ok()
}

/// Whether the agreed suite encrypts with a block cipher (CBC).
pub(super) fn block_cipher(ssl: &SslRef) -> bool {
    ssl.current_cipher()
        .and_then(|cipher| cipher.cipher_nid())
        .and_then(openssl::symm::Cipher::from_nid)
        .is_some_and(|cipher| cipher.block_size() > 1)
}

/// The longest record body the read cipher can fail on for being too short to decrypt:
/// Apple's record layer ends the session with errSSLClosedAbort when nothing would be left
/// after the cipher's overhead (SSLRecordInternal.c: "underflow … for historical reason";
/// tls_record.c, `tls_record_decrypted_size`). `None` before a cipher is agreed.
pub(super) fn shortest_decryptable(ssl: &SslRef) -> Option<usize> {
    let cipher = ssl.current_cipher()?;
    // SAFETY: a live SSL.
    let version = unsafe { sys::SSL_version(ssl.as_ptr()) };
    if version >= sys::TLS1_3_VERSION {
        // The tag and the inner content type.
        return Some(16 + 1);
    }
    let nid = cipher.cipher_nid();
    if nid == Some(openssl::nid::Nid::CHACHA20_POLY1305) {
        return Some(16);
    }
    // SAFETY: a cipher of the live SSL.
    if unsafe { ffi::SSL_CIPHER_is_aead(cipher.as_ptr()) } != 0 {
        // The explicit nonce and the tag (GCM, CCM).
        return Some(8 + 16);
    }
    // SAFETY: a cipher of the live SSL.
    let digest = unsafe { sys::SSL_CIPHER_get_digest_nid(cipher.as_ptr()) };
    let mac = openssl::hash::MessageDigest::from_nid(openssl::nid::Nid::from_raw(digest))?.size();
    let block = nid
        .and_then(openssl::symm::Cipher::from_nid)
        .map_or(1, |c| c.block_size());
    Some(match block {
        // A stream cipher (RC4) or none: the MAC.
        1 => mac,
        // A block cipher: the padding length byte and the MAC, and from TLS 1.1 on an IV.
        _ if version >= sys::TLS1_1_VERSION => 1 + mac + block,
        _ => 1 + mac,
    })
}
