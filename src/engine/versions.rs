//! Apple's `SSLProtocol` values and the wire versions OpenSSL negotiates.

use libc::c_int;
use openssl::ssl::SslVersion;
use openssl_sys as sys;

use crate::types::{SslConnectionType, SslProtocol};

/// Stream versions, oldest first, with their OpenSSL wire versions.
const STREAM: &[(SslProtocol, SslVersion)] = &[
    (SslProtocol::SSL3, SslVersion::SSL3),
    (SslProtocol::TLS1, SslVersion::TLS1),
    (SslProtocol::TLS11, SslVersion::TLS1_1),
    (SslProtocol::TLS12, SslVersion::TLS1_2),
    (SslProtocol::TLS13, SslVersion::TLS1_3),
];

/// Datagram versions, oldest first.
const DATAGRAM: &[(SslProtocol, SslVersion)] = &[
    (SslProtocol::DTLS1, SslVersion::DTLS1),
    (SslProtocol::DTLS12, SslVersion::DTLS1_2),
];

/// Whether the linked OpenSSL was built with SSL 3.0.
pub const SSL3_AVAILABLE: bool = !cfg!(openssl_no_ssl3);

fn table(kind: SslConnectionType) -> &'static [(SslProtocol, SslVersion)] {
    if kind == SslConnectionType::DATAGRAM {
        DATAGRAM
    } else {
        STREAM
    }
}

/// The protocol versions a context of `kind` can enable with the linked OpenSSL, oldest
/// first (SSL 3.0 only when OpenSSL was built with it).
pub fn supported(kind: SslConnectionType) -> Vec<SslProtocol> {
    table(kind)
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| *p != SslProtocol::SSL3 || SSL3_AVAILABLE)
        .collect()
}

/// Where `protocol` falls in the version order of its connection type, if it belongs there.
pub fn rank(kind: SslConnectionType, protocol: SslProtocol) -> Option<usize> {
    table(kind).iter().position(|(p, _)| *p == protocol)
}

/// The protocol at `rank` for this connection type.
pub fn at_rank(kind: SslConnectionType, rank: usize) -> SslProtocol {
    table(kind)[rank].0
}

/// The oldest version enabled by default and usable at OpenSSL's default security level:
/// TLS 1.2 for streams, DTLS 1.2 (its datagram twin) for datagrams.
pub fn secure_floor(kind: SslConnectionType) -> SslProtocol {
    if kind == SslConnectionType::DATAGRAM {
        SslProtocol::DTLS12
    } else {
        SslProtocol::TLS12
    }
}

/// The newest version of the connection type.
pub fn newest(kind: SslConnectionType) -> SslProtocol {
    table(kind)
        .last()
        .map(|(p, _)| *p)
        .unwrap_or(SslProtocol::UNKNOWN)
}

/// OpenSSL's wire version for `protocol`.
pub fn wire(protocol: SslProtocol) -> Option<SslVersion> {
    STREAM
        .iter()
        .chain(DATAGRAM)
        .find(|(p, _)| *p == protocol)
        .map(|(_, v)| *v)
}

/// Apple's name for a version OpenSSL negotiated (`SSL_version`).
pub fn from_wire(version: c_int) -> SslProtocol {
    match version {
        sys::SSL3_VERSION => SslProtocol::SSL3,
        sys::TLS1_VERSION => SslProtocol::TLS1,
        sys::TLS1_1_VERSION => SslProtocol::TLS11,
        sys::TLS1_2_VERSION => SslProtocol::TLS12,
        sys::TLS1_3_VERSION => SslProtocol::TLS13,
        sys::DTLS1_VERSION => SslProtocol::DTLS1,
        sys::DTLS1_2_VERSION => SslProtocol::DTLS12,
        _ => SslProtocol::UNKNOWN,
    }
}
