//! SecPolicy.h: what a trust evaluation checks the certificates for.

use crate::base::{Error, Result};
use crate::status::errSecParam;
use crate::types::SslProtocolSide;

bitflags::bitflags! {
    /// `kSecRevocation*`: how `SecPolicy::create_revocation` checks revocation. Nothing is
    /// fetched here: the only revocation information is the OCSP responses stapled with
    /// `SecTrust::set_trust_ocsp_response` (see there).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct RevocationPolicy: usize {
        /// `kSecRevocationOCSPMethod`: OCSP.
        const OCSP_METHOD = 1 << 0;
        /// `kSecRevocationCRLMethod`: CRLs. Without `OCSP_METHOD`, Apple ignores stapled OCSP
        /// responses, and so does this crate, which fetches no CRL either.
        const CRL_METHOD = 1 << 1;
        /// `kSecRevocationPreferCRL`: CRLs before OCSP (no difference here).
        const PREFER_CRL = 1 << 2;
        /// `kSecRevocationRequirePositiveResponse`: a chain is trusted only with a "good"
        /// response for its leaf (and for each CA that names an OCSP responder); without one
        /// the evaluation fails with `errSecIncompleteCertRevocationCheck`.
        const REQUIRE_POSITIVE_RESPONSE = 1 << 3;
        /// `kSecRevocationNetworkAccessDisabled`: no network (never any here).
        const NETWORK_ACCESS_DISABLED = 1 << 4;
        /// `kSecRevocationUseAnyAvailableMethod`: OCSP or CRLs.
        const USE_ANY_METHOD_AVAILABLE = Self::OCSP_METHOD.bits() | Self::CRL_METHOD.bits();
    }
}

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
    /// `SecPolicyCreateRevocation`'s, with its flags.
    Revocation(RevocationPolicy),
}

impl SecPolicy {
    /// `SecPolicyCreateSSL`: `protocol_side` is the side whose certificate is evaluated.
    ///
    /// ```
    /// use secure_transport::policy::SecPolicy;
    /// use secure_transport::types::SslProtocolSide;
    ///
    /// // A client judging its server, which must be "localhost".
    /// let ssl = SecPolicy::create_ssl(SslProtocolSide::SERVER, Some("localhost"));
    /// assert_ne!(ssl, SecPolicy::create_x509());
    /// assert_eq!(ssl, SecPolicy::create_ssl(SslProtocolSide::SERVER, Some("localhost")));
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn create_ssl(protocol_side: SslProtocolSide, hostname: Option<&str>) -> SecPolicy {
        SecPolicy {
            kind: PolicyKind::Ssl {
                server: protocol_side == SslProtocolSide::SERVER,
                hostname: hostname.filter(|h| !h.is_empty()).map(str::to_owned),
            },
        }
    }

    /// `SecPolicyCreateRevocation`: added to a trust's policies, it says how revocation is
    /// checked. Apple defines flag bits 0 to 6 and gives no policy for others
    /// (`errSecParam`).
    ///
    /// ```
    /// use secure_transport::policy::{RevocationPolicy, SecPolicy};
    ///
    /// let flags = RevocationPolicy::OCSP_METHOD | RevocationPolicy::REQUIRE_POSITIVE_RESPONSE;
    /// assert!(SecPolicy::create_revocation(flags).is_ok());
    /// let unknown = RevocationPolicy::from_bits_retain(1 << 7);
    /// assert_eq!(SecPolicy::create_revocation(unknown).unwrap_err().code(), -50);
    /// ```
    pub fn create_revocation(options: RevocationPolicy) -> Result<SecPolicy> {
        if options.bits() >> 7 != 0 {
            return Err(Error::from_code(errSecParam));
        }
        Ok(SecPolicy {
            kind: PolicyKind::Revocation(options),
        })
    }

    /// The revocation flags, if this is a revocation policy.
    pub(crate) fn revocation(&self) -> Option<RevocationPolicy> {
        match self.kind {
            PolicyKind::Revocation(flags) => Some(flags),
            _ => None,
        }
    }

    /// Whether Apple's policy options forbid the network (`kSecPolicyCheckNoNetworkAccess`),
    /// if they say: the basic X.509 policy does, a revocation policy allows it unless told.
    pub(crate) fn no_network_access(&self) -> Option<bool> {
        match self.kind {
            PolicyKind::Basic => Some(true),
            PolicyKind::Ssl { .. } => None,
            PolicyKind::Revocation(flags) => {
                Some(flags.contains(RevocationPolicy::NETWORK_ACCESS_DISABLED))
            }
        }
    }

    /// `SecPolicyCreateBasicX509`.
    pub fn create_x509() -> SecPolicy {
        SecPolicy {
            kind: PolicyKind::Basic,
        }
    }
}
