//! SecPolicy.h: what a trust evaluation checks the certificates for.

use crate::types::SslProtocolSide;

/// A trust policy (`SecPolicyRef`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecPolicy {
    pub(crate) kind: PolicyKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PolicyKind {
    /// Chain building and validity only.
    Basic,
    /// TLS: `server` is true when the certificate evaluated is a server's; `hostname`, when
    /// given, must match it.
    Ssl {
        server: bool,
        hostname: Option<String>,
    },
}

impl SecPolicy {
    /// `SecPolicyCreateSSL`: `protocol_side` is the side whose certificate is evaluated.
    pub fn create_ssl(protocol_side: SslProtocolSide, hostname: Option<&str>) -> SecPolicy {
        SecPolicy {
            kind: PolicyKind::Ssl {
                server: protocol_side == SslProtocolSide::SERVER,
                hostname: hostname.filter(|h| !h.is_empty()).map(str::to_owned),
            },
        }
    }

    /// `SecPolicyCreateBasicX509`.
    pub fn create_x509() -> SecPolicy {
        SecPolicy {
            kind: PolicyKind::Basic,
        }
    }
}
