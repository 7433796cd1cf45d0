//! Carries the settings over to the `SSL`: all of them when the handshake starts, and the
//! certificate as soon as it is given.
//!
//! The certificate goes to the `SSL` at once because a caller may give it mid-handshake, at
//! a break for a certificate request or a ClientHello, when the handshake needs it next. The
//! other settings that touch OpenSSL when they are given live with their setters: the cipher
//! suites (`SSLGetEnabledCiphers` reads OpenSSL's list back, and which suites need security
//! level 0 is OpenSSL's knowledge) and a datagram's record size (Apple allows changing it
//! mid-session).

use foreign_types::ForeignTypeRef;
use openssl::dh::Dh;
use openssl::ssl::{SslOptions, SslRef, SslVerifyMode, StatusType};
use openssl::stack::Stack;
use openssl::x509::X509Name;
use openssl_sys as sys;

use super::settings::{Options, Settings};
use super::{alpn, datagram, dh_group, psk, resumption, security, ssl_contexts, versions};
use crate::base::{Error, Result};
use crate::certificate::SecCertificate;
use crate::ffi;
use crate::identity::SecIdentity;
use crate::status::*;
use crate::types::SslAuthenticate;

fn bad_config<E>(_: E) -> Error {
    Error::from_code(errSSLBadConfiguration)
}

/// Sets everything the handshake needs on the `SSL`, before its first step.
pub(super) fn handshake_start(ssl: &mut SslRef, settings: &Settings) -> Result<()> {
    let (min, max) = settings.handshake_versions();
    ssl.set_min_proto_version(versions::wire(min))
        .map_err(bad_config)?;
    ssl.set_max_proto_version(versions::wire(max))
        .map_err(bad_config)?;
    if settings.needs_level_zero() {
        // Only this context is lowered.
        ssl.set_security_level(0);
    }
    options(ssl, settings.options(), settings.is_server());
    if settings.is_server() {
        server(ssl, settings)?;
    } else {
        client(ssl, settings)?;
    }
    if settings.is_datagram() {
        datagram::apply(ssl, settings);
    }
    psk::apply(ssl, settings);
    if dh_group::needs_check(ssl, settings) {
        security::install(ssl);
    }
    resumption::prepare(ssl, settings)
}

/// Apple's session options in OpenSSL's terms.
fn options(ssl: &mut SslRef, options: Options, server: bool) {
    let tickets = options.contains(Options::ENABLE_SESSION_TICKETS);
    ffi::set_ssl_options(ssl, SslOptions::NO_TICKET, !tickets);
    // A client always answers a HelloRequest; kSSLSessionOptionAllowRenegotiation only gates
    // a server receiving a ClientHello (coreTLS sslHandshake.c). OpenSSL 3 servers also
    // refuse a client's unless told otherwise.
    let refuse = server && !options.contains(Options::ALLOW_RENEGOTIATION);
    ffi::set_ssl_options(ssl, SslOptions::NO_RENEGOTIATION, refuse);
    let client_renegotiation = SslOptions::from_bits_retain(ffi::SSL_OP_ALLOW_CLIENT_RENEGOTIATION);
    ffi::set_ssl_options(ssl, client_renegotiation, !refuse);
    // Apple never sends an empty record; its 1/n-1 split against BEAST is the engine's
    // (kSSLSessionOptionSendOneByteRecord, session.rs).
    ffi::set_ssl_options(ssl, SslOptions::DONT_INSERT_EMPTY_FRAGMENTS, true);
    let fallback = options.contains(Options::FALLBACK);
    // SAFETY: a live SSL; the mode bit only marks the ClientHello.
    unsafe { ffi::ssl_set_mode(ssl.as_ptr(), ffi::SSL_MODE_SEND_FALLBACK_SCSV, fallback) };
}

/// A client always "verifies": our callback decides, and OpenSSL ignores its verdict
/// otherwise. It sends the host name (not an IP address) as SNI, its ALPN offer, and asks
/// for a stapled OCSP response, as Apple's clients do by default.
fn client(ssl: &mut SslRef, settings: &Settings) -> Result<()> {
    ssl.set_verify(SslVerifyMode::PEER);
    let host = settings.host_name();
    if let Some(host) = host.filter(|h| h.parse::<std::net::IpAddr>().is_err()) {
        ssl.set_hostname(&host).map_err(bad_config)?;
    }
    if !settings.alpn().is_empty() {
        ssl.set_alpn_protos(&alpn::wire(settings.alpn()))
            .map_err(bad_config)?;
    }
    ssl.set_status_type(StatusType::OCSP).map_err(bad_config)
}

/// A server asks for a client certificate as configured, naming the CAs and names given,
/// and offers DHE with the caller's group or, as Apple's servers do, one of its own choosing.
fn server(ssl: &mut SslRef, settings: &Settings) -> Result<()> {
    let mode = match settings.client_auth() {
        SslAuthenticate::ALWAYS => SslVerifyMode::PEER | SslVerifyMode::FAIL_IF_NO_PEER_CERT,
        SslAuthenticate::TRY => SslVerifyMode::PEER,
        _ => SslVerifyMode::NONE,
    };
    ssl.set_verify(mode);
    let names = requested_names(settings);
    if !names.is_empty() {
        let mut stack = Stack::new().map_err(bad_config)?;
        for name in names {
            stack.push(name).map_err(bad_config)?;
        }
        ssl.set_client_ca_list(stack);
    }
    match settings.dh_params() {
        Some(der) => {
            let dh = Dh::params_from_der(der).map_err(bad_config)?;
            ssl.set_tmp_dh(&dh).map_err(bad_config)?;
        }
        // SAFETY: a live SSL.
        None => unsafe {
            sys::SSL_set_dh_auto(ssl.as_ptr(), 1);
        },
    }
    Ok(())
}

/// The names a server's certificate request carries: its CAs' subjects, then the names
/// given one by one.
pub(super) fn requested_names(settings: &Settings) -> Vec<X509Name> {
    let from_cas = settings
        .certificate_authorities()
        .iter()
        .filter_map(|c| c.x509().subject_name().to_owned().ok());
    let given = settings
        .distinguished_names()
        .iter()
        .filter_map(|d| X509Name::from_der(d).ok());
    from_cas.chain(given).collect()
}

/// Puts `identity` and `chain` on the `SSL` (none clears them). Before the handshake the
/// `SSL` switches to the identity's own `SSL_CTX` if it has one (to the shared one without an
/// identity), which carries certificate and key ready-made: setting them on the `SSL` runs
/// OpenSSL's key checks on every connection. Mid-handshake (at a break) the `SSL` keeps the
/// settings made at its start, some of which a switch would undo: the identity is set on the
/// `SSL` itself then.
pub(super) fn certificate(
    ssl: &mut SslRef,
    settings: &Settings,
    identity: Option<&SecIdentity>,
    chain: &[SecCertificate],
    before_handshake: bool,
) -> Result<()> {
    // No chain stays no chain (not an empty one), which lets OpenSSL complete it from its
    // store.
    let mut extra = None;
    if !chain.is_empty() {
        let stack = extra.insert(Stack::new().map_err(bad_config)?);
        for cert in chain {
            stack.push(cert.x509().to_owned()).map_err(bad_config)?;
        }
    }
    let extra = extra.as_ref().map_or(std::ptr::null_mut(), |s| s.as_ptr());
    if before_handshake && switch_ssl_ctx(ssl, settings, identity, extra)? {
        return Ok(());
    }
    if identity.is_some() {
        // Apple sends its own certificate whatever OpenSSL's security level thinks of it.
        security::install(ssl);
    }
    // SAFETY: a live SSL and live objects, which OpenSSL up-refs as it keeps them; clearing
    // drops the SSL's certificate, key and chain.
    let ok = unsafe {
        ffi::SSL_certs_clear(ssl.as_ptr());
        identity.map_or(1, |identity| {
            ffi::SSL_use_cert_and_key(
                ssl.as_ptr(),
                identity.certificate_x509().as_ptr(),
                identity.private_pkey().as_ptr(),
                extra,
                1,
            )
        })
    };
    if ok != 1 {
        openssl::error::ErrorStack::get();
        return Err(Error::from_code(errSSLBadConfiguration));
    }
    Ok(())
}

/// Switches the `SSL` to the identity's `SSL_CTX` (or the shared one without an identity)
/// and sets `chain` (a stack or null) as its own; `false` if the identity has none yet.
fn switch_ssl_ctx(
    ssl: &mut SslRef,
    settings: &Settings,
    identity: Option<&SecIdentity>,
    chain: *mut sys::stack_st_X509,
) -> Result<bool> {
    /// From ssl.h: `SSL_set1_chain` is this control with 1.
    const SSL_CTRL_CHAIN: libc::c_int = 88;
    let (side, kind) = (settings.side(), settings.kind());
    match identity {
        Some(identity) => match ssl_contexts::for_identity(side, kind, identity) {
            Some(ctx) => ssl.set_ssl_context(&ctx).map_err(bad_config)?,
            None => return Ok(false),
        },
        None => ssl
            .set_ssl_context(ssl_contexts::shared(side, kind)?)
            .map_err(bad_config)?,
    }
    // SAFETY: a live SSL; OpenSSL up-refs the stack's certificates (null clears).
    let ok = unsafe { sys::SSL_ctrl(ssl.as_ptr(), SSL_CTRL_CHAIN, 1, chain.cast()) };
    if ok == 1 {
        Ok(true)
    } else {
        openssl::error::ErrorStack::get();
        Err(Error::from_code(errSSLBadConfiguration))
    }
}
