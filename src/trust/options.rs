//! `SecTrustSetOptions`' legacy flags, as macOS 10.14 and later carry them out
//! (SecTrust.c): the flags become exceptions to failures the evaluation finds, and only
//! failures that are recoverable can be excepted.

use super::checks::self_signed;
use super::evaluation::{Check, Failure};
use crate::certificate::SecCertificate;

bitflags::bitflags! {
    /// `SecTrustOptionFlags`: what `SecTrust::set_options` overlooks. Apple kept the flags
    /// of its old trust engine for legacy callers; only three still change anything.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct TrustOptions: u32 {
        /// `kSecTrustOptionAllowExpired`: a certificate out of its validity period (expired
        /// or not valid yet) fails nothing, wherever it is in the chain.
        const ALLOW_EXPIRED = 0x01;
        /// `kSecTrustOptionLeafIsCA`: no effect since macOS 10.11 (Apple ignores it).
        const LEAF_IS_CA = 0x02;
        /// `kSecTrustOptionFetchIssuerFromNet`: no effect (Apple only logs it); nothing is
        /// fetched here either (see `SecTrust::set_network_fetch_allowed`).
        const FETCH_ISSUER_FROM_NET = 0x04;
        /// `kSecTrustOptionAllowExpiredRoot`: a self-signed certificate (the root) out of
        /// its validity period fails nothing.
        const ALLOW_EXPIRED_ROOT = 0x08;
        /// `kSecTrustOptionRequireRevPerCert`: no effect (Apple only logs it and points to
        /// `SecPolicy::create_revocation`).
        const REQUIRE_REVOCATION_PER_CERT = 0x10;
        /// `kSecTrustOptionUseTrustSettings`: no effect (Apple ignores it).
        const USE_TRUST_SETTINGS = 0x20;
        /// `kSecTrustOptionImplicitAnchors`: a self-signed certificate is trusted as an
        /// anchor even if nobody listed it.
        const IMPLICIT_ANCHORS = 0x40;
    }
}

impl TrustOptions {
    /// Whether these options except `failure` of the certificate at its index in `chain`.
    /// Both checks they can except are recoverable ones, as Apple's exceptions require.
    pub(super) fn except(self, failure: &Failure, chain: &[SecCertificate]) -> bool {
        let self_signed = || {
            chain
                .get(failure.index)
                .is_some_and(|c| self_signed(c.x509()))
        };
        match failure.check {
            Check::TemporalValidity => {
                self.contains(TrustOptions::ALLOW_EXPIRED)
                    || (self.contains(TrustOptions::ALLOW_EXPIRED_ROOT) && self_signed())
            }
            Check::AnchorTrusted => self.contains(TrustOptions::IMPLICIT_ANCHORS) && self_signed(),
            _ => false,
        }
    }

    /// Logs the flags that Apple too takes and ignores, as Apple logs them.
    pub(super) fn log_ignored(self) {
        let ignored = self
            & (TrustOptions::LEAF_IS_CA
                | TrustOptions::FETCH_ISSUER_FROM_NET
                | TrustOptions::REQUIRE_REVOCATION_PER_CERT
                | TrustOptions::USE_TRUST_SETTINGS);
        if !ignored.is_empty() {
            log::warn!(
                "SecTrustSetOptions called with {ignored:?}, which changes nothing: \
                 use SecPolicyCreateRevocation for revocation requirements; \
                 no certificate is fetched from the network"
            );
        }
    }
}
