//! Revocation from stapled OCSP responses (`SecTrustSetOCSPResponse`), read as Apple's
//! trustd reads them (SecRevocationServer.c): every certificate of the built chain that has
//! its issuer there is looked up in every response; a response counts only if it parses, is
//! signed by that issuer or by a responder the issuer authorized, and is current. Nothing is
//! fetched from the network: with no response, revocation is not known (Apple's soft fail),
//! unless a revocation policy requires a positive answer.

use openssl::error::ErrorStack;
use openssl::hash::MessageDigest;
use openssl::ocsp::{OcspCertId, OcspCertStatus, OcspFlag, OcspResponse, OcspResponseStatus};
use openssl::stack::Stack;
use openssl::x509::store::X509StoreBuilder;
use openssl::x509::verify::X509VerifyFlags;
use openssl::x509::X509;

use crate::certificate::SecCertificate;
use crate::policy::{RevocationPolicy, SecPolicy};

/// Leeway for the clocks of the responder and ours when judging a response's dates.
const CLOCK_SKEW_SECONDS: u32 = 5 * 60;

/// What the stapled responses say about the certificates of a chain, by chain index.
#[derive(Debug, Default)]
pub(super) struct Statuses {
    pub revoked: Vec<usize>,
    pub good: Vec<usize>,
}

/// The flags of every revocation policy among `policies`, if there is one.
pub(super) fn flags(policies: &[SecPolicy]) -> Option<RevocationPolicy> {
    policies
        .iter()
        .filter_map(SecPolicy::revocation)
        .reduce(|a, b| a | b)
}

/// The status of each certificate of `chain` (leaf first) in `responses`. Apple ignores
/// stapled OCSP responses when the revocation policy asks for CRLs only.
pub(super) fn statuses(
    chain: &[SecCertificate],
    responses: &[Vec<u8>],
    flags: Option<RevocationPolicy>,
) -> Statuses {
    let mut statuses = Statuses::default();
    let crl_only = flags.is_some_and(|f| {
        f.contains(RevocationPolicy::CRL_METHOD) && !f.contains(RevocationPolicy::OCSP_METHOD)
    });
    if crl_only || chain.len() < 2 {
        return statuses;
    }
    for response in responses {
        if let Err(e) = read(chain, response, &mut statuses) {
            log::warn!("stapled OCSP response ignored: {e}");
        }
    }
    statuses
}

/// Notes what one DER `OCSPResponse` says about the certificates of `chain`.
fn read(chain: &[SecCertificate], response: &[u8], statuses: &mut Statuses) -> Result<(), String> {
    let response = OcspResponse::from_der(response).map_err(|e| e.to_string())?;
    if response.status() != OcspResponseStatus::SUCCESSFUL {
        return Err(format!("responder status {}", response.status().as_raw()));
    }
    let basic = response.basic().map_err(|e| e.to_string())?;
    // The signer must chain to an issuer of the chain (trusted for this purpose only: the
    // chain itself is judged by the evaluation).
    let verified = || -> Result<(), ErrorStack> {
        let mut store = X509StoreBuilder::new()?;
        for issuer in &chain[1..] {
            store.add_cert(issuer.x509().to_owned())?;
        }
        store.set_flags(X509VerifyFlags::PARTIAL_CHAIN)?;
        let none: Stack<X509> = Stack::new()?;
        basic.verify(&none, &store.build(), OcspFlag::empty())
    };
    verified().map_err(|e| format!("signature not verified: {e}"))?;
    for (index, pair) in chain.windows(2).enumerate() {
        let id = OcspCertId::from_cert(MessageDigest::sha1(), pair[0].x509(), pair[1].x509())
            .map_err(|e| e.to_string())?;
        let Some(status) = basic.find_status(&id) else {
            continue;
        };
        if let Err(e) = status.check_validity(CLOCK_SKEW_SECONDS, None) {
            log::warn!("stapled OCSP response for certificate {index} is not current: {e}");
            continue;
        }
        match status.status {
            OcspCertStatus::REVOKED => statuses.revoked.push(index),
            OcspCertStatus::GOOD => statuses.good.push(index),
            _ => {}
        }
    }
    Ok(())
}

/// Whether `statuses` give the positive answers `REQUIRE_POSITIVE_RESPONSE` asks for: a
/// "good" one for the leaf, and for each CA below the root that names an OCSP responder
/// (Apple lets a CA with no responder go unchecked).
pub(super) fn positive(chain: &[SecCertificate], statuses: &Statuses) -> bool {
    let needs = |index: usize, cert: &SecCertificate| {
        index == 0
            || cert
                .x509()
                .ocsp_responders()
                .is_ok_and(|responders| !responders.is_empty())
    };
    let below_root = &chain[..chain.len().saturating_sub(1).max(1)];
    below_root
        .iter()
        .enumerate()
        .all(|(index, cert)| !needs(index, cert) || statuses.good.contains(&index))
}
