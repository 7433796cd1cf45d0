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

#[cfg(test)]
mod tests {
    use crate::engine::versions::*;
    use crate::types::SslConnectionType;

    /// The wire versions the RFCs assign: SSL 3.0 (RFC 6101), TLS 1.0 (2246), 1.1 (4346),
    /// 1.2 (5246), 1.3 (8446); DTLS 1.0 (4347) and 1.2 (6347), which count down.
    const WIRE: &[(SslProtocol, c_int, SslVersion)] = &[
        (SslProtocol::SSL3, 0x0300, SslVersion::SSL3),
        (SslProtocol::TLS1, 0x0301, SslVersion::TLS1),
        (SslProtocol::TLS11, 0x0302, SslVersion::TLS1_1),
        (SslProtocol::TLS12, 0x0303, SslVersion::TLS1_2),
        (SslProtocol::TLS13, 0x0304, SslVersion::TLS1_3),
        (SslProtocol::DTLS1, 0xfeff, SslVersion::DTLS1),
        (SslProtocol::DTLS12, 0xfefd, SslVersion::DTLS1_2),
    ];

    #[test]
    fn versions_go_to_and_come_from_their_rfc_wire_numbers() {
        for &(protocol, number, version) in WIRE {
            assert_eq!(from_wire(number), protocol, "{number:#06x}");
            assert_eq!(wire(protocol), Some(version), "{protocol:?}");
        }
        for unknown in [0, 0x0200, 0x0305, 0xfefe, 0xfefc] {
            assert_eq!(from_wire(unknown), SslProtocol::UNKNOWN, "{unknown:#06x}");
        }
        for selector in [
            SslProtocol::ALL,
            SslProtocol::TLS1_ONLY,
            SslProtocol::UNKNOWN,
        ] {
            assert_eq!(wire(selector), None);
        }
    }

    /// Apple's `tls_protocol_version_t` values (SecProtocolTypes.h) are the wire numbers.
    #[test]
    fn apples_tls_protocol_versions_read_as_their_ssl_protocols() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/reference/secure-transport-constants.tsv"
        );
        let table = std::fs::read_to_string(path).expect("the reference table");
        let rows: Vec<(&str, c_int)> = table
            .lines()
            .map(|line| line.split('\t').collect::<Vec<_>>())
            .filter(|cols| cols.get(1) == Some(&"tls_protocol_version_t"))
            .map(|cols| (cols[2], cols[3].parse().expect("a number")))
            .collect();
        let expected = [
            ("tls_protocol_version_TLSv12", SslProtocol::TLS12),
            ("tls_protocol_version_TLSv13", SslProtocol::TLS13),
            ("tls_protocol_version_DTLSv12", SslProtocol::DTLS12),
        ];
        for (name, protocol) in expected {
            let (_, value) = rows.iter().find(|(n, _)| *n == name).expect(name);
            assert_eq!(from_wire(*value), protocol, "{name}");
        }
    }

    #[test]
    fn versions_rank_oldest_first_within_their_connection_type() {
        let stream = SslConnectionType::STREAM;
        let datagram = SslConnectionType::DATAGRAM;
        let order = [
            SslProtocol::SSL3,
            SslProtocol::TLS1,
            SslProtocol::TLS11,
            SslProtocol::TLS12,
            SslProtocol::TLS13,
        ];
        for (rank_expected, protocol) in order.into_iter().enumerate() {
            assert_eq!(rank(stream, protocol), Some(rank_expected));
            assert_eq!(at_rank(stream, rank_expected), protocol);
            assert_eq!(rank(datagram, protocol), None);
        }
        assert_eq!(rank(datagram, SslProtocol::DTLS1), Some(0));
        assert_eq!(rank(datagram, SslProtocol::DTLS12), Some(1));
        assert_eq!(rank(stream, SslProtocol::DTLS12), None);
        assert_eq!(rank(stream, SslProtocol::ALL), None);
        assert_eq!(newest(stream), SslProtocol::TLS13);
        assert_eq!(newest(datagram), SslProtocol::DTLS12);
        assert_eq!(secure_floor(stream), SslProtocol::TLS12);
        assert_eq!(secure_floor(datagram), SslProtocol::DTLS12);
        let streams = supported(stream);
        assert_eq!(streams.contains(&SslProtocol::SSL3), SSL3_AVAILABLE);
        assert_eq!(streams.last(), Some(&SslProtocol::TLS13));
        assert_eq!(
            supported(datagram),
            [SslProtocol::DTLS1, SslProtocol::DTLS12]
        );
    }
}
