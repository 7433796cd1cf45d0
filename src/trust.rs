//! SecTrust.h: certificate chain evaluation. OpenSSL's X.509 verifier builds the chain and
//! reports what it finds wrong (every error, not only the first); Apple's policy checks
//! (`checks`) judge the rest; `evaluation` puts the verdict in Apple's terms.

mod checks;
mod evaluation;
mod options;
mod revocation;
mod roots;
mod stores;
mod verified;

use std::cell::RefCell;
use std::sync::{Arc, Mutex, MutexGuard};

use foreign_types::ForeignTypeRef;
use libc::c_int;
use openssl::asn1::Asn1Time;
use openssl::error::ErrorStack;
use openssl::stack::Stack;
use openssl::x509::{X509StoreContext, X509};
use openssl_sys as sys;

use self::checks::Anchor;
pub use self::evaluation::TrustResult;
pub(crate) use self::evaluation::{Check, Evaluation};
pub use self::options::TrustOptions;
use self::stores::StoreRef;
use crate::base::{Error, Result};
use crate::certificate::SecCertificate;
use crate::ffi;
use crate::key::SecKey;
use crate::policy::{RevocationPolicy, SecPolicy};
use crate::status::*;

/// A certificate chain with the policies and anchors to judge it by (`SecTrustRef`), and
/// the last evaluation, which every change discards. Evaluation happens once, when first
/// needed, as Apple's `SecTrustEvaluateIfNecessary` does: `SecTrustEvaluate` and the
/// certificate getters share it.
///
/// A clone has the same configuration and shares the last evaluation; a change to either
/// (which needs `&mut`) makes that one evaluate again. Two trusts are equal when their
/// configurations are: security-framework compares the `SecTrustRef`s, which Apple compares
/// by identity, so there two trusts made alike are not equal, while a clone (the same
/// object) is.
#[derive(Debug)]
pub struct SecTrust {
    certificates: Vec<SecCertificate>,
    policies: Vec<SecPolicy>,
    anchors: Vec<SecCertificate>,
    anchors_only: bool,
    options: TrustOptions,
    /// Boxed slices: most trusts (every handshake's peer trust) have none, and an idle
    /// session keeps its peer trust.
    ocsp_responses: Box<[Vec<u8>]>,
    scts: Box<[Vec<u8>]>,
    /// `SecTrustSetNetworkFetchAllowed`'s, until the policies change (Apple keeps it in them).
    network_fetch: Option<bool>,
    evaluation: Mutex<Option<Arc<Evaluation>>>,
}

impl Clone for SecTrust {
    fn clone(&self) -> SecTrust {
        SecTrust {
            certificates: self.certificates.clone(),
            policies: self.policies.clone(),
            anchors: self.anchors.clone(),
            anchors_only: self.anchors_only,
            options: self.options,
            ocsp_responses: self.ocsp_responses.clone(),
            scts: self.scts.clone(),
            network_fetch: self.network_fetch,
            evaluation: Mutex::new(self.last().clone()),
        }
    }
}

impl PartialEq for SecTrust {
    fn eq(&self, other: &SecTrust) -> bool {
        self.certificates == other.certificates
            && self.policies == other.policies
            && self.anchors == other.anchors
            && self.anchors_only == other.anchors_only
            && self.options == other.options
            && self.ocsp_responses == other.ocsp_responses
            && self.scts == other.scts
            && self.network_fetch == other.network_fetch
    }
}

impl Eq for SecTrust {}

/// Failures the deprecated `SSLSetAllows*` calls ask a handshake to overlook.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tolerance {
    /// `SSLSetAllowsExpiredCerts`: an expired certificate below the root.
    pub expired_certs: bool,
    /// `SSLSetAllowsExpiredRoots`: an expired root.
    pub expired_roots: bool,
    /// `SSLSetAllowsAnyRoot`: a chain that ends in a root nobody trusts, or reaches none.
    pub any_root: bool,
}

impl Tolerance {
    /// Whether every failure of `evaluation` is one this tolerance overlooks.
    pub(crate) fn excuses(&self, evaluation: &Evaluation) -> bool {
        let root = evaluation.chain.len().saturating_sub(1);
        // Out of its validity period because it expired (not because it is not valid yet).
        let now = Asn1Time::days_from_now(0).ok();
        let expired = |index: usize| match (evaluation.chain.get(index), &now) {
            (Some(cert), Some(now)) => cert.x509().not_after() < now,
            _ => false,
        };
        evaluation
            .failures
            .iter()
            .all(|failure| match failure.check {
                Check::TemporalValidity if !expired(failure.index) => false,
                Check::TemporalValidity if failure.index == root => self.expired_roots,
                Check::TemporalValidity => self.expired_certs,
                Check::AnchorTrusted | Check::MissingIntermediate => self.any_root,
                _ => false,
            })
    }
}

impl SecTrust {
    /// `SecTrustCreateWithCertificates`: the leaf first, then what helps build the chain. No
    /// policies means basic X.509, which Apple then reports as the trust's policy.
    ///
    /// ```
    /// # use secure_transport_test_kit::pki::{KeyKind, Pki};
    /// # let pki = Pki::new(KeyKind::EcdsaP256);
    /// use secure_transport::policy::SecPolicy;
    /// use secure_transport::trust::{SecTrust, TrustResult};
    /// use secure_transport::types::SslProtocolSide;
    ///
    /// let policy = SecPolicy::create_ssl(SslProtocolSide::SERVER, Some("localhost"));
    /// let mut trust = SecTrust::create_with_certificates(&[pki.server().certificate()], &[policy])?;
    /// assert_eq!(trust.trust_result(), TrustResult::INVALID);
    /// trust.set_anchor_certificates(&[pki.ca().certificate()])?;
    /// assert_eq!(trust.evaluate()?, TrustResult::UNSPECIFIED);
    /// assert_eq!(trust.certificate_chain().len(), 2);
    /// trust.set_policy(&SecPolicy::create_ssl(SslProtocolSide::SERVER, Some("example.org")))?;
    /// assert_eq!(trust.evaluate_with_error().unwrap_err().code(), -67602);
    /// assert_eq!(trust.error_description().unwrap(), "“localhost” certificate name does not match input");
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn create_with_certificates(
        certificates: &[SecCertificate],
        policies: &[SecPolicy],
    ) -> Result<SecTrust> {
        if certificates.is_empty() {
            return Err(Error::from_code(errSecParam));
        }
        Ok(SecTrust {
            certificates: certificates.to_vec(),
            policies: if policies.is_empty() {
                vec![SecPolicy::create_x509()]
            } else {
                policies.to_vec()
            },
            anchors: Vec::new(),
            anchors_only: false,
            options: TrustOptions::empty(),
            ocsp_responses: Box::default(),
            scts: Box::default(),
            network_fetch: None,
            evaluation: Mutex::new(None),
        })
    }

    /// `SecTrustSetAnchorCertificates`: trust these roots, and (as on Apple) only these until
    /// `set_trust_anchor_certificates_only(false)` adds the system roots back.
    pub fn set_anchor_certificates(&mut self, anchors: &[SecCertificate]) -> Result<()> {
        self.anchors = anchors.to_vec();
        self.anchors_only = true;
        self.changed();
        Ok(())
    }

    /// The anchors given to `set_anchor_certificates`.
    pub fn anchor_certificates(&self) -> &[SecCertificate] {
        &self.anchors
    }

    /// `SecTrustSetAnchorCertificatesOnly`.
    pub fn set_trust_anchor_certificates_only(&mut self, only: bool) -> Result<()> {
        self.anchors_only = only;
        self.changed();
        Ok(())
    }

    /// `SecTrustSetPolicies` with one policy.
    pub fn set_policy(&mut self, policy: &SecPolicy) -> Result<()> {
        self.set_policies(std::slice::from_ref(policy))
    }

    /// `SecTrustSetPolicies` with an array: the chain must satisfy every one of them. Apple
    /// needs at least one (`errSecParam`).
    pub fn set_policies(&mut self, policies: &[SecPolicy]) -> Result<()> {
        if policies.is_empty() {
            return Err(Error::from_code(errSecParam));
        }
        self.policies = policies.to_vec();
        self.network_fetch = None;
        self.changed();
        Ok(())
    }

    /// `SecTrustCopyPolicies`: the policies the chain is judged by, in the order given.
    pub fn policies(&self) -> &[SecPolicy] {
        &self.policies
    }

    /// `SecTrustSetOptions`: Apple's legacy flags, which macOS 10.14 and later turn into
    /// exceptions, replacing those set before: `ALLOW_EXPIRED` overlooks any certificate out
    /// of its validity period, `ALLOW_EXPIRED_ROOT` a self-signed one, `IMPLICIT_ANCHORS`
    /// trusts a self-signed root nobody listed. No flag overlooks a fatal failure (a broken
    /// key, a revoked certificate). The other flags change nothing there either; they are
    /// logged, as Apple logs them.
    ///
    /// ```
    /// # let pki = secure_transport_test_kit::pki::Pki::new(secure_transport_test_kit::pki::KeyKind::EcdsaP256);
    /// use secure_transport::trust::{SecTrust, TrustOptions};
    ///
    /// // A self-signed certificate: a root nobody trusts.
    /// let root = pki.ca().certificate();
    /// let mut trust = SecTrust::create_with_certificates(&[root], &[])?;
    /// assert!(trust.evaluate_with_error().is_err());
    /// trust.set_options(TrustOptions::IMPLICIT_ANCHORS)?;
    /// assert!(trust.evaluate_with_error().is_ok());
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn set_options(&mut self, options: TrustOptions) -> Result<()> {
        options.log_ignored();
        self.options = options;
        self.changed();
        Ok(())
    }

    /// `SecTrustGetNetworkFetchAllowed`: what `set_network_fetch_allowed` said, else what the
    /// policies say as Apple reads them (the basic X.509 policy says no, a revocation policy
    /// yes unless `NETWORK_ACCESS_DISABLED`, the last one that says anything wins; none:
    /// yes). Nothing is ever fetched here, whatever the answer.
    ///
    /// ```
    /// # let pki = secure_transport_test_kit::pki::Pki::new(secure_transport_test_kit::pki::KeyKind::EcdsaP256);
    /// use secure_transport::policy::SecPolicy;
    /// use secure_transport::trust::SecTrust;
    ///
    /// let leaf = pki.server().certificate();
    /// let mut trust = SecTrust::create_with_certificates(&[leaf], &[SecPolicy::create_x509()])?;
    /// assert!(!trust.get_network_fetch_allowed()?);
    /// trust.set_network_fetch_allowed(true)?;
    /// assert!(trust.get_network_fetch_allowed()?);
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn get_network_fetch_allowed(&mut self) -> Result<bool> {
        let said = self
            .policies
            .iter()
            .rev()
            .find_map(SecPolicy::no_network_access);
        Ok(self.network_fetch.unwrap_or(!said.unwrap_or(false)))
    }

    /// `SecTrustSetNetworkFetchAllowed`: kept and reported by `get_network_fetch_allowed`
    /// (until the policies change, as on Apple). This crate fetches no missing intermediate
    /// and no revocation information, so the evaluation stays the same: a chain needs its
    /// intermediates given, and revocation comes from stapled OCSP responses only.
    pub fn set_network_fetch_allowed(&mut self, allowed: bool) -> Result<()> {
        if allowed {
            log::info!("network fetch allowed, but nothing is fetched here: give the intermediates and staple OCSP responses");
        }
        self.network_fetch = Some(allowed);
        Ok(())
    }

    /// `SecTrustSetOCSPResponse`: DER `OCSPResponse`s (a TLS server's stapled ones, RFC 6066)
    /// that the evaluation consults, as Apple's does, with or without a revocation policy:
    /// a certificate of the chain that a current response signed by its issuer (or a
    /// responder its issuer authorized) calls revoked fails the chain, fatally
    /// (`errSecCertificateRevoked`); a "good" one satisfies `REQUIRE_POSITIVE_RESPONSE`.
    /// Responses that do not parse, verify or apply are ignored (logged). No response means
    /// revocation is not known, which passes unless a revocation policy requires a positive
    /// response. Replaces the responses set before.
    ///
    /// ```
    /// # let pki = secure_transport_test_kit::pki::Pki::new(secure_transport_test_kit::pki::KeyKind::EcdsaP256);
    /// use secure_transport::policy::{RevocationPolicy, SecPolicy};
    /// use secure_transport::trust::SecTrust;
    ///
    /// let required = SecPolicy::create_revocation(RevocationPolicy::OCSP_METHOD
    ///     | RevocationPolicy::REQUIRE_POSITIVE_RESPONSE)?;
    /// let mut trust = SecTrust::create_with_certificates(
    ///     &[pki.server().certificate()],
    ///     &[SecPolicy::create_x509(), required],
    /// )?;
    /// trust.set_anchor_certificates(&[pki.ca().certificate()])?;
    /// // Not a response at all: ignored, so the required response is missing.
    /// trust.set_trust_ocsp_response([b"not DER".as_slice()].iter())?;
    /// // errSecIncompleteCertRevocationCheck
    /// assert_eq!(trust.evaluate_with_error().unwrap_err().code(), -67635);
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn set_trust_ocsp_response<I: Iterator<Item = impl AsRef<[u8]>>>(
        &mut self,
        ocsp_response: I,
    ) -> Result<()> {
        self.ocsp_responses = ocsp_response.map(|r| r.as_ref().to_vec()).collect();
        self.changed();
        Ok(())
    }

    /// `SecTrustSetSignedCertificateTimestamps`: SCTs (RFC 6962) for the leaf, kept with the
    /// trust. Apple reads them only for its Certificate Transparency requirements (EV and
    /// CT-required chains), which this crate does not check: they change no verdict here.
    ///
    /// ```
    /// # use secure_transport_test_kit::pki::{KeyKind, Pki};
    /// # let pki = Pki::new(KeyKind::EcdsaP256);
    /// use secure_transport::trust::SecTrust;
    ///
    /// let mut trust = SecTrust::create_with_certificates(&[pki.server().certificate()], &[])?;
    /// trust.set_signed_certificate_timestamps([b"an SCT".as_slice()].iter())?;
    /// assert_eq!(trust.signed_certificate_timestamps(), &[b"an SCT".to_vec()]);
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn set_signed_certificate_timestamps<I: Iterator<Item = impl AsRef<[u8]>>>(
        &mut self,
        scts: I,
    ) -> Result<()> {
        self.scts = scts.map(|s| s.as_ref().to_vec()).collect();
        self.changed();
        Ok(())
    }

    /// The SCTs given to `set_signed_certificate_timestamps`.
    pub fn signed_certificate_timestamps(&self) -> &[Vec<u8>] {
        &self.scts
    }

    /// `SecTrustCopyPublicKey`, which Apple deprecated for `SecTrustCopyKey`: evaluates if
    /// not done yet (as Apple's does), then gives the leaf's public key;
    /// `errSecUnsupportedKeyFormat` for a key that is neither RSA nor EC.
    ///
    /// ```
    /// # let pki = secure_transport_test_kit::pki::Pki::new(secure_transport_test_kit::pki::KeyKind::EcdsaP256);
    /// use secure_transport::trust::SecTrust;
    ///
    /// let leaf = pki.server().certificate();
    /// let mut trust = SecTrust::create_with_certificates(&[leaf.clone()], &[])?;
    /// assert_eq!(trust.copy_public_key()?, leaf.public_key()?);
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn copy_public_key(&mut self) -> Result<SecKey> {
        self.evaluated();
        self.copy_key()
            .ok_or(Error::from_code(errSecUnsupportedKeyFormat))
    }

    /// `SecTrustCopyAnchorCertificates`: the system's trusted roots, those of OpenSSL's
    /// default file and directory (`SSL_CERT_FILE`, `SSL_CERT_DIR`), each once.
    ///
    /// ```
    /// use secure_transport::trust::SecTrust;
    ///
    /// let roots = SecTrust::copy_anchor_certificates()?;
    /// println!("{} system roots", roots.len());
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn copy_anchor_certificates() -> Result<Vec<SecCertificate>> {
        Ok(roots::certificates()
            .into_iter()
            .map(SecCertificate::from_x509)
            .collect())
    }

    /// `SecTrustGetCertificateCount`: the length of the chain evaluation built (evaluating
    /// first if needed), up to the anchor when it reached one.
    pub fn certificate_count(&self) -> usize {
        self.evaluated().chain.len()
    }

    /// `SecTrustGetCertificateAtIndex`: index 0 is the leaf given; the others come from the
    /// built chain (evaluating first if needed).
    pub fn certificate_at_index(&self, index: usize) -> Option<SecCertificate> {
        if index == 0 {
            return self.certificates.first().cloned();
        }
        self.evaluated().chain.get(index).cloned()
    }

    /// `SecTrustCopyKey`: the leaf's public key, without evaluating (as on Apple); `None`
    /// for a key that is neither RSA nor EC.
    pub fn copy_key(&self) -> Option<SecKey> {
        self.certificates.first()?.public_key().ok()
    }

    /// `SecTrustCopyCertificateChain`: the built chain (evaluating first if needed).
    pub fn certificate_chain(&self) -> Vec<SecCertificate> {
        self.evaluated().chain.clone()
    }

    /// `SecTrustEvaluate`: the result of the evaluation, made now if there is none.
    pub fn evaluate(&self) -> Result<TrustResult> {
        Ok(self.evaluated().result())
    }

    /// `SecTrustGetTrustResult`: the last evaluation's result, `INVALID` before any.
    pub fn trust_result(&self) -> TrustResult {
        self.last()
            .as_ref()
            .map_or(TrustResult::INVALID, |e| e.result())
    }

    /// `SecTrustEvaluateWithError`: `Ok` when the chain is trusted under every policy, else
    /// the code of Apple's error for the most serious failure (`errSecHostNameMismatch`,
    /// `errSecCertificateExpired`, `errSecNotTrusted`, …).
    pub fn evaluate_with_error(&self) -> Result<()> {
        let evaluation = self.evaluated();
        match evaluation.status() {
            errSecSuccess => Ok(()),
            status => Err(Error::from_code(status)),
        }
    }

    /// The description of `evaluate_with_error`'s error, as Apple words it ("“localhost”
    /// certificate is expired"); `None` if the last evaluation trusted the chain or there
    /// was none.
    pub fn error_description(&self) -> Option<String> {
        self.last().as_ref()?.description()
    }

    /// Whether `certificate` meets `policy` in itself, whoever issued it: Apple's filter of
    /// keychain certificates by policy (SecItem.cpp's `_FilterWithPolicy`), an evaluation
    /// with no anchor whose only failures may be that its chain reaches no trusted root.
    pub(crate) fn fits_policy(certificate: &SecCertificate, policy: &SecPolicy) -> bool {
        let Ok(mut trust) = SecTrust::create_with_certificates(
            std::slice::from_ref(certificate),
            std::slice::from_ref(policy),
        ) else {
            return false;
        };
        trust.anchors_only = true;
        trust.evaluated().failures.iter().all(|failure| {
            matches!(
                failure.check,
                Check::AnchorTrusted | Check::MissingIntermediate
            )
        })
    }

    /// The evaluation, made now if there is none.
    pub(crate) fn evaluated(&self) -> Arc<Evaluation> {
        let mut last = self.last();
        last.get_or_insert_with(|| Arc::new(self.run())).clone()
    }

    /// The last evaluation, if one ran since the last change.
    pub(crate) fn last_evaluation(&self) -> Option<Arc<Evaluation>> {
        self.last().clone()
    }

    /// This trust with `evaluation` as its last one: for a trust made again, alike, from
    /// what an evaluated one was made of.
    pub(crate) fn with_evaluation(self, evaluation: Option<Arc<Evaluation>>) -> SecTrust {
        *self.last() = evaluation;
        self
    }

    fn last(&self) -> MutexGuard<'_, Option<Arc<Evaluation>>> {
        // An evaluation is stored whole: a panic cannot leave half of one.
        self.evaluation
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn changed(&mut self) {
        *self.last() = None;
    }

    /// OpenSSL's verification, then Apple's checks of the chain it built.
    fn run(&self) -> Evaluation {
        let mut evaluation = match self.verify() {
            Ok(evaluation) => evaluation,
            Err(e) => {
                log::warn!("certificate verification could not run: {e}");
                let mut failed = Evaluation {
                    chain: self.certificates[..1].to_vec(),
                    failures: Vec::new(),
                };
                failed.fail(Check::Unevaluated, 0);
                return failed;
            }
        };
        let anchored = !evaluation
            .failures
            .iter()
            .any(|f| matches!(f.check, Check::AnchorTrusted | Check::MissingIntermediate));
        let root = evaluation.chain.last();
        let anchor = if anchored && root.is_some_and(|root| !self.anchors.contains(root)) {
            Anchor::System
        } else {
            Anchor::Other
        };
        for failure in checks::failures(&evaluation.chain, &self.policies, anchor) {
            evaluation.fail(failure.check, failure.index);
        }
        let revocation = revocation::flags(&self.policies);
        let statuses = revocation::statuses(&evaluation.chain, &self.ocsp_responses, revocation);
        for &index in &statuses.revoked {
            evaluation.fail(Check::Revocation, index);
        }
        let chain = &evaluation.chain;
        let options = self.options;
        evaluation.failures.retain(|f| !options.except(f, chain));
        let required =
            revocation.is_some_and(|f| f.contains(RevocationPolicy::REQUIRE_POSITIVE_RESPONSE));
        // Apple asks for the response only of a chain otherwise trusted.
        if required && evaluation.trusted() && !revocation::positive(chain, &statuses) {
            evaluation.fail(Check::RevocationResponseRequired, 0);
        }
        evaluation
    }

    /// Builds the chain to the anchors (and the system roots unless anchors-only), noting
    /// every error OpenSSL finds on the way.
    fn verify(&self) -> std::result::Result<Evaluation, ErrorStack> {
        let store = StoreRef::for_anchors(&self.anchors, self.anchors_only)?;
        if let Some(chain) = verified::recall(&store, &self.certificates) {
            return Ok(Evaluation {
                chain: chain.into_iter().map(|cert| self.known(cert)).collect(),
                failures: Vec::new(),
            });
        }
        let mut untrusted = Stack::new()?;
        for cert in &self.certificates[1..] {
            untrusted.push(cert.x509().to_owned())?;
        }
        let mut context = X509StoreContext::new()?;
        let leaf = self.certificates[0].x509();
        let (verified, chain, errors) = context.init(store.as_ref(), leaf, &untrusted, |ctx| {
            // SAFETY: `ctx` is the live context `init` handed us.
            unsafe { ffi::X509_STORE_CTX_set_verify_cb(ctx.as_ptr(), Some(note_error)) };
            ERRORS.with(|e| e.borrow_mut().clear());
            let outcome = ctx.verify_cert();
            let errors = ERRORS.with(|e| e.take());
            let verified = outcome?;
            let chain: Vec<X509> = ctx
                .chain()
                .map(|chain| chain.iter().map(|cert| cert.to_owned()).collect())
                .unwrap_or_default();
            Ok((verified, chain, errors))
        })?;
        if verified && errors.is_empty() && !chain.is_empty() {
            verified::remember(&store, &self.certificates, &chain);
        }
        let mut evaluation = Evaluation {
            chain: chain.into_iter().map(|cert| self.known(cert)).collect(),
            failures: Vec::new(),
        };
        if evaluation.chain.is_empty() {
            evaluation.chain.push(self.certificates[0].clone());
        }
        for (error, depth) in errors {
            evaluation.fail(check_of(error), depth);
        }
        Ok(evaluation)
    }

    /// A certificate of the built chain as the caller gave it, when it is one of theirs.
    fn known(&self, cert: X509) -> SecCertificate {
        self.certificates
            .iter()
            .chain(&self.anchors)
            .find(|given| given.x509() == &*cert)
            .cloned()
            .unwrap_or_else(|| SecCertificate::from_x509(cert))
    }
}

/// Apple's check for an error OpenSSL's verifier reports. Apple's path builder never links a
/// certificate to an issuer whose signature or key does not fit, so those leave the chain
/// short of a root, as a missing intermediate does.
fn check_of(error: c_int) -> Check {
    match error {
        sys::X509_V_ERR_CERT_HAS_EXPIRED | sys::X509_V_ERR_CERT_NOT_YET_VALID => {
            Check::TemporalValidity
        }
        sys::X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT | sys::X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN => {
            Check::AnchorTrusted
        }
        sys::X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT
        | sys::X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY
        | sys::X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE
        | sys::X509_V_ERR_CERT_SIGNATURE_FAILURE
        | sys::X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE
        | sys::X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY => Check::MissingIntermediate,
        sys::X509_V_ERR_INVALID_CA | sys::X509_V_ERR_KEYUSAGE_NO_CERTSIGN => {
            Check::BasicConstraintsCa
        }
        sys::X509_V_ERR_PATH_LENGTH_EXCEEDED => Check::BasicConstraintsPathLen,
        sys::X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION => Check::CriticalExtensions,
        _ => Check::BasicCertificateProcessing,
    }
}

thread_local! {
    /// The errors (and their depths) of the verification running on this thread: the verify
    /// callback has no argument of its own, and a verification never leaves its thread.
    static ERRORS: RefCell<Vec<(c_int, usize)>> = const { RefCell::new(Vec::new()) };
}

/// OpenSSL's verify callback: notes each error and lets the verification go on, so that it
/// builds the whole chain and finds every failure, as Apple's evaluation does.
///
/// # Safety
///
/// Called by OpenSSL with a live store context during its verification.
unsafe extern "C" fn note_error(ok: c_int, ctx: *mut sys::X509_STORE_CTX) -> c_int {
    if ok == 0 {
        // SAFETY: a live store context in verification.
        let (error, depth) = unsafe {
            (
                sys::X509_STORE_CTX_get_error(ctx),
                sys::X509_STORE_CTX_get_error_depth(ctx),
            )
        };
        let depth = usize::try_from(depth).unwrap_or(0);
        ERRORS.with(|e| e.borrow_mut().push((error, depth)));
    }
    1
}
