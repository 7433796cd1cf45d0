//! security-framework 3.7's `secure_transport`, `cipher_suite` and
//! `os::macos::secure_transport`, item by item, with its exact signatures: each function is
//! coerced to a `fn` pointer of the type security-framework declares (generic ones are
//! coerced inside a function generic over the same parameters with the same bounds, so a
//! bound we add would fail to compile; those with `impl Trait` arguments are called). The
//! crate is used under security-framework's name, as a port renames the dependency. The
//! list was written by hand from security-framework 3.7.0's sources; what does not compile
//! here would not compile in a port.

// Deprecated in security-framework too (Apple deprecated the options).
#![allow(deprecated)]
// The types are security-framework's, spelled out as it spells them.
#![allow(clippy::type_complexity)]

extern crate secure_transport as security_framework;

use std::fmt::Debug;
use std::hash::Hash;
use std::io::{self, Read, Write};
use std::result;

use security_framework::base::{Error, Result};
use security_framework::certificate::SecCertificate;
use security_framework::cipher_suite::CipherSuite;
use security_framework::identity::SecIdentity;
use security_framework::os::macos::secure_transport::{MidHandshakeSslStreamExt, SslContextExt};
use security_framework::secure_transport::{
    ClientBuilder, ClientHandshakeError, HandshakeError, MidHandshakeClientBuilder,
    MidHandshakeSslStream, ServerBuilder, SessionState, SslAuthenticate, SslClientCertificateState,
    SslConnectionType, SslContext, SslProtocol, SslProtocolSide, SslStream,
};
use security_framework::trust::SecTrust;

/// security-framework-sys's `SSLCipherSuite` on macOS: 16 bits on Apple silicon, 32 on Intel.
#[cfg(target_arch = "aarch64")]
type SSLCipherSuite = u16;
#[cfg(not(target_arch = "aarch64"))]
type SSLCipherSuite = u32;

/// security-framework-sys's `OSStatus`.
type OSStatus = i32;

fn copy_value<T: Debug + Copy + Clone + PartialEq + Eq>(_: &[T]) {}
fn send_sync<T: Send + Sync>() {}

#[test]
fn cipher_suite() {
    fn traits<T: Debug + Copy + Clone + Hash + PartialEq + Eq>() {}
    traits::<CipherSuite>();
    let _: fn(SSLCipherSuite) -> CipherSuite = CipherSuite::from_raw;
    let _: fn(&CipherSuite) -> SSLCipherSuite = CipherSuite::to_raw;
    const _: CipherSuite = CipherSuite::from_raw(0);
    const _: SSLCipherSuite = CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256.to_raw();
    let all: &[CipherSuite] = &[
        CipherSuite::SSL_NULL_WITH_NULL_NULL,
        CipherSuite::SSL_RSA_WITH_NULL_MD5,
        CipherSuite::SSL_RSA_WITH_NULL_SHA,
        CipherSuite::SSL_RSA_EXPORT_WITH_RC4_40_MD5,
        CipherSuite::SSL_RSA_WITH_RC4_128_MD5,
        CipherSuite::SSL_RSA_WITH_RC4_128_SHA,
        CipherSuite::SSL_RSA_EXPORT_WITH_RC2_CBC_40_MD5,
        CipherSuite::SSL_RSA_WITH_IDEA_CBC_SHA,
        CipherSuite::SSL_RSA_EXPORT_WITH_DES40_CBC_SHA,
        CipherSuite::SSL_RSA_WITH_DES_CBC_SHA,
        CipherSuite::SSL_DH_DSS_EXPORT_WITH_DES40_CBC_SHA,
        CipherSuite::SSL_DH_DSS_WITH_DES_CBC_SHA,
        CipherSuite::SSL_DH_RSA_EXPORT_WITH_DES40_CBC_SHA,
        CipherSuite::SSL_DH_RSA_WITH_DES_CBC_SHA,
        CipherSuite::SSL_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA,
        CipherSuite::SSL_DHE_DSS_WITH_DES_CBC_SHA,
        CipherSuite::SSL_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA,
        CipherSuite::SSL_DHE_RSA_WITH_DES_CBC_SHA,
        CipherSuite::SSL_DH_anon_EXPORT_WITH_RC4_40_MD5,
        CipherSuite::SSL_DH_anon_EXPORT_WITH_DES40_CBC_SHA,
        CipherSuite::SSL_DH_anon_WITH_DES_CBC_SHA,
        CipherSuite::SSL_FORTEZZA_DMS_WITH_NULL_SHA,
        CipherSuite::SSL_FORTEZZA_DMS_WITH_FORTEZZA_CBC_SHA,
        CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite::TLS_DH_DSS_WITH_AES_128_CBC_SHA,
        CipherSuite::TLS_DH_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite::TLS_DHE_DSS_WITH_AES_128_CBC_SHA,
        CipherSuite::TLS_DHE_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite::TLS_DH_anon_WITH_AES_128_CBC_SHA,
        CipherSuite::TLS_RSA_WITH_AES_256_CBC_SHA,
        CipherSuite::TLS_DH_DSS_WITH_AES_256_CBC_SHA,
        CipherSuite::TLS_DH_RSA_WITH_AES_256_CBC_SHA,
        CipherSuite::TLS_DHE_DSS_WITH_AES_256_CBC_SHA,
        CipherSuite::TLS_DHE_RSA_WITH_AES_256_CBC_SHA,
        CipherSuite::TLS_DH_anon_WITH_AES_256_CBC_SHA,
        CipherSuite::TLS_ECDH_ECDSA_WITH_NULL_SHA,
        CipherSuite::TLS_ECDH_ECDSA_WITH_RC4_128_SHA,
        CipherSuite::TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA,
        CipherSuite::TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite::TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA,
        CipherSuite::TLS_ECDHE_ECDSA_WITH_NULL_SHA,
        CipherSuite::TLS_ECDHE_ECDSA_WITH_RC4_128_SHA,
        CipherSuite::TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA,
        CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
        CipherSuite::TLS_ECDH_RSA_WITH_NULL_SHA,
        CipherSuite::TLS_ECDH_RSA_WITH_RC4_128_SHA,
        CipherSuite::TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA,
        CipherSuite::TLS_ECDH_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite::TLS_ECDH_RSA_WITH_AES_256_CBC_SHA,
        CipherSuite::TLS_ECDHE_RSA_WITH_NULL_SHA,
        CipherSuite::TLS_ECDHE_RSA_WITH_RC4_128_SHA,
        CipherSuite::TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA,
        CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
        CipherSuite::TLS_ECDH_anon_WITH_NULL_SHA,
        CipherSuite::TLS_ECDH_anon_WITH_RC4_128_SHA,
        CipherSuite::TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA,
        CipherSuite::TLS_ECDH_anon_WITH_AES_128_CBC_SHA,
        CipherSuite::TLS_ECDH_anon_WITH_AES_256_CBC_SHA,
        CipherSuite::TLS_NULL_WITH_NULL_NULL,
        CipherSuite::TLS_RSA_WITH_NULL_MD5,
        CipherSuite::TLS_RSA_WITH_NULL_SHA,
        CipherSuite::TLS_RSA_WITH_RC4_128_MD5,
        CipherSuite::TLS_RSA_WITH_RC4_128_SHA,
        CipherSuite::TLS_RSA_WITH_3DES_EDE_CBC_SHA,
        CipherSuite::TLS_RSA_WITH_NULL_SHA256,
        CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA256,
        CipherSuite::TLS_RSA_WITH_AES_256_CBC_SHA256,
        CipherSuite::TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA,
        CipherSuite::TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA,
        CipherSuite::TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA,
        CipherSuite::TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA,
        CipherSuite::TLS_DH_DSS_WITH_AES_128_CBC_SHA256,
        CipherSuite::TLS_DH_RSA_WITH_AES_128_CBC_SHA256,
        CipherSuite::TLS_DHE_DSS_WITH_AES_128_CBC_SHA256,
        CipherSuite::TLS_DHE_RSA_WITH_AES_128_CBC_SHA256,
        CipherSuite::TLS_DH_DSS_WITH_AES_256_CBC_SHA256,
        CipherSuite::TLS_DH_RSA_WITH_AES_256_CBC_SHA256,
        CipherSuite::TLS_DHE_DSS_WITH_AES_256_CBC_SHA256,
        CipherSuite::TLS_DHE_RSA_WITH_AES_256_CBC_SHA256,
        CipherSuite::TLS_DH_anon_WITH_RC4_128_MD5,
        CipherSuite::TLS_DH_anon_WITH_3DES_EDE_CBC_SHA,
        CipherSuite::TLS_DH_anon_WITH_AES_128_CBC_SHA256,
        CipherSuite::TLS_DH_anon_WITH_AES_256_CBC_SHA256,
        CipherSuite::TLS_PSK_WITH_RC4_128_SHA,
        CipherSuite::TLS_PSK_WITH_3DES_EDE_CBC_SHA,
        CipherSuite::TLS_PSK_WITH_AES_128_CBC_SHA,
        CipherSuite::TLS_PSK_WITH_AES_256_CBC_SHA,
        CipherSuite::TLS_DHE_PSK_WITH_RC4_128_SHA,
        CipherSuite::TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA,
        CipherSuite::TLS_DHE_PSK_WITH_AES_128_CBC_SHA,
        CipherSuite::TLS_DHE_PSK_WITH_AES_256_CBC_SHA,
        CipherSuite::TLS_RSA_PSK_WITH_RC4_128_SHA,
        CipherSuite::TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA,
        CipherSuite::TLS_RSA_PSK_WITH_AES_128_CBC_SHA,
        CipherSuite::TLS_RSA_PSK_WITH_AES_256_CBC_SHA,
        CipherSuite::TLS_PSK_WITH_NULL_SHA,
        CipherSuite::TLS_DHE_PSK_WITH_NULL_SHA,
        CipherSuite::TLS_RSA_PSK_WITH_NULL_SHA,
        CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite::TLS_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite::TLS_DHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite::TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite::TLS_DH_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite::TLS_DH_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite::TLS_DHE_DSS_WITH_AES_128_GCM_SHA256,
        CipherSuite::TLS_DHE_DSS_WITH_AES_256_GCM_SHA384,
        CipherSuite::TLS_DH_DSS_WITH_AES_128_GCM_SHA256,
        CipherSuite::TLS_DH_DSS_WITH_AES_256_GCM_SHA384,
        CipherSuite::TLS_DH_anon_WITH_AES_128_GCM_SHA256,
        CipherSuite::TLS_DH_anon_WITH_AES_256_GCM_SHA384,
        CipherSuite::TLS_PSK_WITH_AES_128_GCM_SHA256,
        CipherSuite::TLS_PSK_WITH_AES_256_GCM_SHA384,
        CipherSuite::TLS_DHE_PSK_WITH_AES_128_GCM_SHA256,
        CipherSuite::TLS_DHE_PSK_WITH_AES_256_GCM_SHA384,
        CipherSuite::TLS_RSA_PSK_WITH_AES_128_GCM_SHA256,
        CipherSuite::TLS_RSA_PSK_WITH_AES_256_GCM_SHA384,
        CipherSuite::TLS_PSK_WITH_AES_128_CBC_SHA256,
        CipherSuite::TLS_PSK_WITH_AES_256_CBC_SHA384,
        CipherSuite::TLS_PSK_WITH_NULL_SHA256,
        CipherSuite::TLS_PSK_WITH_NULL_SHA384,
        CipherSuite::TLS_DHE_PSK_WITH_AES_128_CBC_SHA256,
        CipherSuite::TLS_DHE_PSK_WITH_AES_256_CBC_SHA384,
        CipherSuite::TLS_DHE_PSK_WITH_NULL_SHA256,
        CipherSuite::TLS_DHE_PSK_WITH_NULL_SHA384,
        CipherSuite::TLS_RSA_PSK_WITH_AES_128_CBC_SHA256,
        CipherSuite::TLS_RSA_PSK_WITH_AES_256_CBC_SHA384,
        CipherSuite::TLS_RSA_PSK_WITH_NULL_SHA256,
        CipherSuite::TLS_RSA_PSK_WITH_NULL_SHA384,
        CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,
        CipherSuite::TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite::TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384,
        CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
        CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
        CipherSuite::TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256,
        CipherSuite::TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384,
        CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite::TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite::TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite::TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite::TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV,
        CipherSuite::SSL_RSA_WITH_RC2_CBC_MD5,
        CipherSuite::SSL_RSA_WITH_IDEA_CBC_MD5,
        CipherSuite::SSL_RSA_WITH_DES_CBC_MD5,
        CipherSuite::SSL_RSA_WITH_3DES_EDE_CBC_MD5,
        CipherSuite::SSL_NO_SUCH_CIPHERSUITE,
    ];
    assert_eq!(all.len(), 152);
}

#[test]
fn secure_transport_enums() {
    copy_value(&[SslProtocolSide::CLIENT, SslProtocolSide::SERVER]);
    fn connection_type<T: Debug + Copy + Clone>(_: &[T]) {}
    connection_type(&[SslConnectionType::DATAGRAM, SslConnectionType::STREAM]);
    fn session_state<T: Debug + PartialEq + Eq>(_: &[T]) {}
    session_state(&[
        SessionState::ABORTED,
        SessionState::CLOSED,
        SessionState::CONNECTED,
        SessionState::HANDSHAKE,
        SessionState::IDLE,
    ]);
    copy_value(&[
        SslAuthenticate::ALWAYS,
        SslAuthenticate::NEVER,
        SslAuthenticate::TRY,
    ]);
    copy_value(&[
        SslClientCertificateState::NONE,
        SslClientCertificateState::REJECTED,
        SslClientCertificateState::REQUESTED,
        SslClientCertificateState::SENT,
    ]);
    copy_value(&[
        SslProtocol::ALL,
        SslProtocol::DTLS1,
        SslProtocol::SSL2,
        SslProtocol::SSL3,
        SslProtocol::SSL3_ONLY,
        SslProtocol::TLS1,
        SslProtocol::TLS11,
        SslProtocol::TLS12,
        SslProtocol::TLS13,
        SslProtocol::TLS1_ONLY,
        SslProtocol::UNKNOWN,
    ]);
}

/// `HandshakeError<S>` and `ClientHandshakeError<S>`: their variants, `From<Error>`, and
/// `Debug` for a stream that is.
#[allow(dead_code)]
fn handshake_errors<S: Debug>(
    e: Error,
    m: MidHandshakeSslStream<S>,
    c: MidHandshakeClientBuilder<S>,
) {
    fn debug<T: Debug>() {}
    debug::<HandshakeError<S>>();
    debug::<ClientHandshakeError<S>>();
    debug::<MidHandshakeSslStream<S>>();
    debug::<MidHandshakeClientBuilder<S>>();
    debug::<SslStream<S>>();
    let _: HandshakeError<S> = HandshakeError::Failure(e);
    let _: HandshakeError<S> = HandshakeError::Interrupted(m);
    let _: HandshakeError<S> = e.into();
    let _: ClientHandshakeError<S> = ClientHandshakeError::Failure(e);
    let _: ClientHandshakeError<S> = ClientHandshakeError::Interrupted(c);
    let _: ClientHandshakeError<S> = e.into();
}

/// `impl<S> MidHandshakeSslStream<S>`: no bound on `S`.
#[allow(dead_code)]
fn mid_handshake_ssl_stream<S>() {
    type M<S> = MidHandshakeSslStream<S>;
    let _: fn(&M<S>) -> &S = M::<S>::get_ref;
    let _: fn(&mut M<S>) -> &mut S = M::<S>::get_mut;
    let _: fn(&M<S>) -> &SslContext = M::<S>::context;
    let _: fn(&mut M<S>) -> &mut SslContext = M::<S>::context_mut;
    let _: fn(&M<S>) -> bool = M::<S>::server_auth_completed;
    let _: fn(&M<S>) -> bool = M::<S>::client_cert_requested;
    let _: fn(&M<S>) -> bool = M::<S>::would_block;
    let _: fn(&M<S>) -> &Error = M::<S>::error;
    let _: fn(M<S>) -> result::Result<SslStream<S>, HandshakeError<S>> = M::<S>::handshake;
}

/// `impl<S> MidHandshakeClientBuilder<S>`: no bound on `S`.
#[allow(dead_code)]
fn mid_handshake_client_builder<S>() {
    type M<S> = MidHandshakeClientBuilder<S>;
    let _: fn(&M<S>) -> &S = M::<S>::get_ref;
    let _: fn(&mut M<S>) -> &mut S = M::<S>::get_mut;
    let _: fn(&M<S>) -> &Error = M::<S>::error;
    let _: fn(M<S>) -> result::Result<SslStream<S>, ClientHandshakeError<S>> = M::<S>::handshake;
}

#[test]
fn ssl_context() {
    send_sync::<SslContext>();
    fn debug<T: Debug>() {}
    debug::<SslContext>();
    type C = SslContext;
    let _: fn(SslProtocolSide, SslConnectionType) -> Result<C> = C::new;
    let _: fn(&mut C, &str) -> Result<()> = C::set_peer_domain_name;
    let _: fn(&C) -> Result<String> = C::peer_domain_name;
    let _: fn(&mut C, &SecIdentity, &[SecCertificate]) -> Result<()> = C::set_certificate;
    let _: fn(&mut C, &[u8]) -> Result<()> = C::set_peer_id;
    let _: fn(&C) -> Result<Option<&[u8]>> = C::peer_id;
    let _: fn(&C) -> Result<Vec<CipherSuite>> = C::supported_ciphers;
    let _: fn(&C) -> Result<Vec<CipherSuite>> = C::enabled_ciphers;
    let _: fn(&mut C, &[CipherSuite]) -> Result<()> = C::set_enabled_ciphers;
    let _: fn(&C) -> Result<CipherSuite> = C::negotiated_cipher;
    let _: fn(&mut C, SslAuthenticate) -> Result<()> = C::set_client_side_authenticate;
    let _: fn(&C) -> Result<SslClientCertificateState> = C::client_certificate_state;
    let _: fn(&C) -> Result<Option<SecTrust>> = C::peer_trust2;
    let _: fn(&C) -> Result<SessionState> = C::state;
    let _: fn(&C) -> Result<SslProtocol> = C::negotiated_protocol_version;
    let _: fn(&C) -> Result<SslProtocol> = C::protocol_version_max;
    let _: fn(&mut C, SslProtocol) -> Result<()> = C::set_protocol_version_max;
    let _: fn(&C) -> Result<SslProtocol> = C::protocol_version_min;
    let _: fn(&mut C, SslProtocol) -> Result<()> = C::set_protocol_version_min;
    let _: fn(&C) -> Result<Vec<String>> = C::alpn_protocols;
    let _: fn(&mut C, bool) -> Result<()> = C::set_session_tickets_enabled;
    let _: fn(&C) -> Result<usize> = C::buffered_read_size;
    let _: fn(&C) -> Result<bool> = C::break_on_server_auth;
    let _: fn(&mut C, bool) -> Result<()> = C::set_break_on_server_auth;
    let _: fn(&C) -> Result<bool> = C::break_on_cert_requested;
    let _: fn(&mut C, bool) -> Result<()> = C::set_break_on_cert_requested;
    let _: fn(&C) -> Result<bool> = C::break_on_client_auth;
    let _: fn(&mut C, bool) -> Result<()> = C::set_break_on_client_auth;
    let _: fn(&C) -> Result<bool> = C::false_start;
    let _: fn(&mut C, bool) -> Result<()> = C::set_false_start;
    let _: fn(&C) -> Result<bool> = C::send_one_byte_record;
    let _: fn(&mut C, bool) -> Result<()> = C::set_send_one_byte_record;

    // `set_alpn_protocols(&mut self, protocols: &[impl AsRef<str>]) -> Result<()>`.
    let mut ctx = C::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM).unwrap();
    let r: Result<()> = ctx.set_alpn_protocols(&["h2"]);
    r.unwrap();
    ctx.set_alpn_protocols(&["h2".to_owned()]).unwrap();
    let boxed: Vec<Box<str>> = vec!["http/1.1".into()];
    ctx.set_alpn_protocols(&boxed).unwrap();
}

/// `SslContext::handshake<S: Read + Write>`.
#[allow(dead_code)]
fn ssl_context_handshake<S: Read + Write>() {
    let _: fn(SslContext, S) -> result::Result<SslStream<S>, HandshakeError<S>> =
        SslContext::handshake::<S>;
}

/// `impl<S> SslStream<S>`, and `Read`/`Write` for `S: Read + Write`.
#[allow(dead_code)]
fn ssl_stream<S>() {
    type T<S> = SslStream<S>;
    let _: fn(&T<S>) -> &S = T::<S>::get_ref;
    let _: fn(&mut T<S>) -> &mut S = T::<S>::get_mut;
    let _: fn(&T<S>) -> &SslContext = T::<S>::context;
    let _: fn(&mut T<S>) -> &mut SslContext = T::<S>::context_mut;
    let _: fn(&mut T<S>) -> result::Result<(), io::Error> = T::<S>::close;
}

#[allow(dead_code)]
fn ssl_stream_io<S: Read + Write>() {
    fn io<T: Read + Write>() {}
    io::<SslStream<S>>();
}

#[allow(dead_code)]
fn ssl_stream_send_sync<S: Send + Sync>() {
    send_sync::<SslStream<S>>();
}

#[test]
fn client_builder() {
    fn traits<T: Debug + Default>() {}
    traits::<ClientBuilder>();
    type B = ClientBuilder;
    let _: fn() -> B = B::new;
    // The returned `&mut Self` borrows from `self` only (elision), spelled out.
    let _: for<'a, 'b> fn(&'a mut B, &'b [SecCertificate]) -> &'a mut B = B::anchor_certificates;
    let _: for<'a, 'b> fn(&'a mut B, &'b SecCertificate) -> &'a mut B = B::add_anchor_certificate;
    let _: fn(&mut B, bool) -> &mut B = B::trust_anchor_certificates_only;
    let _: fn(&mut B, bool) -> &mut B = B::danger_accept_invalid_certs;
    let _: fn(&mut B, bool) -> &mut B = B::use_sni;
    let _: fn(&mut B, bool) -> &mut B = B::danger_accept_invalid_hostnames;
    let _: for<'a, 'b> fn(&'a mut B, &'b [CipherSuite]) -> &'a mut B = B::whitelist_ciphers;
    let _: for<'a, 'b> fn(&'a mut B, &'b [CipherSuite]) -> &'a mut B = B::blacklist_ciphers;
    let _: for<'a, 'b, 'c> fn(&'a mut B, &'b SecIdentity, &'c [SecCertificate]) -> &'a mut B =
        B::identity;
    let _: fn(&mut B, SslProtocol) -> &mut B = B::protocol_min;
    let _: fn(&mut B, SslProtocol) -> &mut B = B::protocol_max;
    let _: for<'a, 'b, 'c> fn(&'a mut B, &'b [&'c str]) -> &'a mut B = B::alpn_protocols;
    let _: fn(&mut B, bool) -> &mut B = B::enable_session_tickets;
}

/// `ClientBuilder::handshake<S: Read + Write>`.
#[allow(dead_code)]
fn client_builder_handshake<S: Read + Write>() {
    let _: fn(&ClientBuilder, &str, S) -> result::Result<SslStream<S>, ClientHandshakeError<S>> =
        ClientBuilder::handshake::<S>;
}

#[test]
fn server_builder() {
    fn debug<T: Debug>() {}
    debug::<ServerBuilder>();
    type B = ServerBuilder;
    let _: fn(&SecIdentity, &[SecCertificate]) -> B = B::new;
    let _: fn(&[u8], &str) -> Result<B> = B::from_pkcs12;
    let _: fn(&B) -> Result<SslContext> = B::new_ssl_context;
}

/// `ServerBuilder::handshake<S: Read + Write>`: `base::Result`.
#[allow(dead_code)]
fn server_builder_handshake<S: Read + Write>() {
    let _: fn(&ServerBuilder, S) -> Result<SslStream<S>> = ServerBuilder::handshake::<S>;
}

#[test]
fn os_macos_secure_transport() {
    type C = SslContext;
    let _: fn(&C) -> Result<Option<&[u8]>> = <C as SslContextExt>::diffie_hellman_params;
    let _: fn(&mut C, &[u8]) -> Result<()> = <C as SslContextExt>::set_diffie_hellman_params;
    let _: fn(&C) -> Result<Option<Vec<SecCertificate>>> =
        <C as SslContextExt>::certificate_authorities;
    let _: fn(&mut C, &[SecCertificate]) -> Result<()> =
        <C as SslContextExt>::set_certificate_authorities;
    let _: fn(&mut C, &[SecCertificate]) -> Result<()> =
        <C as SslContextExt>::add_certificate_authorities;
    let _: fn(&C) -> Result<bool> = <C as SslContextExt>::allow_server_identity_change;
    let _: fn(&mut C, bool) -> Result<()> = <C as SslContextExt>::set_allow_server_identity_change;
    let _: fn(&C) -> Result<bool> = <C as SslContextExt>::fallback;
    let _: fn(&mut C, bool) -> Result<()> = <C as SslContextExt>::set_fallback;
    let _: fn(&C) -> Result<bool> = <C as SslContextExt>::break_on_client_hello;
    let _: fn(&mut C, bool) -> Result<()> = <C as SslContextExt>::set_break_on_client_hello;
}

/// `impl<S> MidHandshakeSslStreamExt for MidHandshakeSslStream<S>`.
#[allow(dead_code)]
fn mid_handshake_ssl_stream_ext<S>() {
    let _: fn(&MidHandshakeSslStream<S>) -> bool =
        <MidHandshakeSslStream<S> as MidHandshakeSslStreamExt>::client_hello_received;
}

#[test]
fn base_error() {
    fn traits<T: Debug + Copy + Clone + std::fmt::Display + std::error::Error + From<OSStatus>>() {}
    traits::<Error>();
    let _: fn(OSStatus) -> Error = Error::from_code;
    let _: fn(Error) -> Option<String> = Error::message;
    let _: fn(Error) -> OSStatus = Error::code;
    // `Result<T, E = Error>`.
    let _: Result<(), io::Error> = Ok(());
}
