//! SecTrust.h: certificate chain evaluation, carried out by OpenSSL's X.509 verifier.

use std::cell::Cell;
use std::net::IpAddr;
use std::sync::OnceLock;

use foreign_types::ForeignTypeRef;
use libc::c_int;
use openssl::stack::Stack;
use openssl::x509::store::{X509Store, X509StoreBuilder};
use openssl::x509::{X509StoreContext, X509StoreContextRef, X509VerifyResult};
use openssl_sys as sys;

use crate::base::{Error, Result};
use crate::certificate::SecCertificate;
use crate::ffi;
use crate::policy::{PolicyKind, SecPolicy};
use crate::status::*;

/// A certificate chain with the policies and anchors to judge it by (`SecTrustRef`).
#[derive(Clone, Debug)]
pub struct SecTrust {
    certificates: Vec<SecCertificate>,
    policies: Vec<SecPolicy>,
    anchors: Vec<SecCertificate>,
    anchors_only: bool,
    pub(crate) tolerance: Tolerance,
}

/// Failures the deprecated `SSLSetAllows*` calls ask to overlook.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tolerance {
    /// `SSLSetAllowsExpiredCerts`: an expired certificate below the root.
    pub expired_certs: bool,
    /// `SSLSetAllowsExpiredRoots`: an expired root.
    pub expired_roots: bool,
    /// `SSLSetAllowsAnyRoot`: a chain that ends in a root nobody trusts, or reaches none.
    pub any_root: bool,
}

/// Why a chain was not trusted, with OpenSSL's verify error behind it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TrustFailure {
    pub kind: FailureKind,
    pub x509_error: c_int,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FailureKind {
    Expired,
    NotYetValid,
    HostName,
    /// The chain ends in a root nobody trusts.
    UnknownRoot,
    /// The chain does not reach a root at all.
    NoRoot,
    Invalid,
}

impl TrustFailure {
    fn from_x509(code: c_int) -> TrustFailure {
        let kind = match code {
            sys::X509_V_ERR_CERT_HAS_EXPIRED => FailureKind::Expired,
            sys::X509_V_ERR_CERT_NOT_YET_VALID => FailureKind::NotYetValid,
            sys::X509_V_ERR_HOSTNAME_MISMATCH | sys::X509_V_ERR_IP_ADDRESS_MISMATCH => {
                FailureKind::HostName
            }
            sys::X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT
            | sys::X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN => FailureKind::UnknownRoot,
            sys::X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT
            | sys::X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY
            | sys::X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE => FailureKind::NoRoot,
            _ => FailureKind::Invalid,
        };
        TrustFailure {
            kind,
            x509_error: code,
        }
    }

    /// The verifier itself failed (out of memory, say): nothing can be trusted.
    pub fn internal() -> TrustFailure {
        TrustFailure::from_x509(sys::X509_V_ERR_UNSPECIFIED)
    }

    /// The code a TLS handshake reports for this failure.
    pub fn ssl_status(self) -> OSStatus {
        match self.kind {
            FailureKind::Expired => errSSLCertExpired,
            FailureKind::NotYetValid => errSSLCertNotYetValid,
            FailureKind::HostName => errSSLHostNameMismatch,
            FailureKind::UnknownRoot => errSSLUnknownRootCert,
            FailureKind::NoRoot => errSSLNoRootCert,
            FailureKind::Invalid => errSSLXCertChainInvalid,
        }
    }

    /// The code `SecTrustEvaluateWithError` reports for this failure.
    pub fn sec_status(self) -> OSStatus {
        match self.kind {
            FailureKind::Expired => errSecCertificateExpired,
            FailureKind::NotYetValid => errSecCertificateNotValidYet,
            FailureKind::HostName => errSecHostNameMismatch,
            FailureKind::UnknownRoot | FailureKind::NoRoot => errSecNotTrusted,
            FailureKind::Invalid => errSecVerifyFailed,
        }
    }
}

impl SecTrust {
    /// `SecTrustCreateWithCertificates`: the leaf first, then what helps build the chain.
    pub fn create_with_certificates(
        certificates: &[SecCertificate],
        policies: &[SecPolicy],
    ) -> Result<SecTrust> {
        if certificates.is_empty() {
            return Err(Error::from_code(errSecParam));
        }
        Ok(SecTrust {
            certificates: certificates.to_vec(),
            policies: policies.to_vec(),
            anchors: Vec::new(),
            anchors_only: false,
            tolerance: Tolerance::default(),
        })
    }

    /// `SecTrustSetAnchorCertificates`: trust these roots, and (as on Apple) only these until
    /// `set_trust_anchor_certificates_only(false)` adds the system roots back.
    pub fn set_anchor_certificates(&mut self, anchors: &[SecCertificate]) -> Result<()> {
        self.anchors = anchors.to_vec();
        self.anchors_only = true;
        Ok(())
    }

    /// The anchors given to `set_anchor_certificates`.
    pub fn anchor_certificates(&self) -> &[SecCertificate] {
        &self.anchors
    }

    /// `SecTrustSetAnchorCertificatesOnly`.
    pub fn set_trust_anchor_certificates_only(&mut self, only: bool) -> Result<()> {
        self.anchors_only = only;
        Ok(())
    }

    /// `SecTrustSetPolicies` with one policy.
    pub fn set_policy(&mut self, policy: &SecPolicy) -> Result<()> {
        self.policies = vec![policy.clone()];
        Ok(())
    }

    /// `SecTrustGetCertificateCount`.
    pub fn certificate_count(&self) -> usize {
        self.certificates.len()
    }

    /// `SecTrustGetCertificateAtIndex`.
    pub fn certificate_at_index(&self, index: usize) -> Option<SecCertificate> {
        self.certificates.get(index).cloned()
    }

    /// `SecTrustEvaluateWithError`: `Ok` when the chain is trusted under every policy.
    pub fn evaluate_with_error(&self) -> Result<()> {
        self.evaluate()
            .map_err(|failure| Error::from_code(failure.sec_status()))
    }

    /// Builds and checks the chain against the anchors (and the system roots unless
    /// anchors-only), for every policy.
    pub(crate) fn evaluate(&self) -> std::result::Result<(), TrustFailure> {
        let internal = |_| TrustFailure::internal();
        let store = self.store().map_err(internal)?;
        let mut chain = Stack::new().map_err(internal)?;
        for cert in &self.certificates[1..] {
            chain.push(cert.x509().to_owned()).map_err(internal)?;
        }
        let mut context = X509StoreContext::new().map_err(internal)?;
        let leaf = self.certificates[0].x509();
        let verified = context
            .init(store.as_ref(), leaf, &chain, |ctx| {
                self.configure(ctx);
                TOLERANCE.with(|t| t.set(self.tolerance));
                let result = ctx.verify_cert();
                TOLERANCE.with(|t| t.set(Tolerance::default()));
                Ok(result.unwrap_or(false).then_some(()).ok_or(ctx.error()))
            })
            .map_err(internal)?;
        verified.map_err(|e: X509VerifyResult| TrustFailure::from_x509(e.as_raw()))
    }

    /// Purpose, host name and tolerance callback for one evaluation.
    fn configure(&self, ctx: &mut X509StoreContextRef) {
        let raw = ctx.as_ptr();
        for policy in &self.policies {
            if let PolicyKind::Ssl { server, hostname } = &policy.kind {
                let purpose = if *server {
                    sys::X509_PURPOSE_SSL_SERVER
                } else {
                    sys::X509_PURPOSE_SSL_CLIENT
                };
                // SAFETY: `raw` is the live context `init` handed us.
                unsafe {
                    ffi::X509_STORE_CTX_set_purpose(raw, purpose);
                    let param = ffi::X509_STORE_CTX_get0_param(raw);
                    if let Some(host) = hostname {
                        set_host(param, host);
                    }
                }
            }
        }
        if self.tolerance != Tolerance::default() {
            // SAFETY: as above; the callback only reads the thread's tolerance.
            unsafe { ffi::X509_STORE_CTX_set_verify_cb(raw, Some(tolerate)) };
        }
    }

    fn store(&self) -> std::result::Result<StoreRef, openssl::error::ErrorStack> {
        if self.anchors.is_empty() && !self.anchors_only {
            return Ok(StoreRef::System(system_roots()));
        }
        let mut builder = X509StoreBuilder::new()?;
        for anchor in &self.anchors {
            builder.add_cert(anchor.x509().to_owned())?;
        }
        if !self.anchors_only {
            builder.set_default_paths()?;
        }
        Ok(StoreRef::Own(builder.build()))
    }
}

enum StoreRef {
    System(&'static X509Store),
    Own(X509Store),
}

impl AsRef<openssl::x509::store::X509StoreRef> for StoreRef {
    fn as_ref(&self) -> &openssl::x509::store::X509StoreRef {
        match self {
            StoreRef::System(store) => store,
            StoreRef::Own(store) => store,
        }
    }
}

/// The system's trusted roots, loaded once (OpenSSL's default paths, `SSL_CERT_FILE`/`_DIR`).
fn system_roots() -> &'static X509Store {
    static ROOTS: OnceLock<X509Store> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let mut builder = X509StoreBuilder::new().expect("X509_STORE_new");
        if let Err(e) = builder.set_default_paths() {
            log::warn!("cannot load the system's trusted roots: {e}");
        }
        builder.build()
    })
}

/// Host names and IP addresses both count as the "host name" Apple's SSL policy checks.
///
/// # Safety
///
/// `param` is the live verification parameters of a store context.
unsafe fn set_host(param: *mut sys::X509_VERIFY_PARAM, host: &str) {
    // SAFETY: live parameters (the caller's promise); OpenSSL copies what it is given.
    unsafe {
        match host.parse::<IpAddr>() {
            Ok(IpAddr::V4(ip)) => {
                sys::X509_VERIFY_PARAM_set1_ip(param, ip.octets().as_ptr(), 4);
            }
            Ok(IpAddr::V6(ip)) => {
                sys::X509_VERIFY_PARAM_set1_ip(param, ip.octets().as_ptr(), 16);
            }
            Err(_) => {
                let no_partial = sys::X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS;
                sys::X509_VERIFY_PARAM_set_hostflags(param, no_partial);
                sys::X509_VERIFY_PARAM_set1_host(param, host.as_ptr().cast(), host.len());
            }
        }
    }
}

thread_local! {
    /// The tolerance of the evaluation running on this thread (the verify callback has no
    /// argument of its own, and an evaluation never leaves its thread).
    static TOLERANCE: Cell<Tolerance> = Cell::new(Tolerance::default());
}

/// OpenSSL's verify callback while a tolerance applies: overlooks the failures it names.
///
/// # Safety
///
/// Called by OpenSSL with a live store context during its verification.
unsafe extern "C" fn tolerate(ok: c_int, ctx: *mut sys::X509_STORE_CTX) -> c_int {
    if ok == 1 {
        return 1;
    }
    let tolerance = TOLERANCE.with(Cell::get);
    // SAFETY: a live store context in verification, with its chain built so far.
    let (error, depth, chain_len) = unsafe {
        (
            sys::X509_STORE_CTX_get_error(ctx),
            sys::X509_STORE_CTX_get_error_depth(ctx),
            sys::OPENSSL_sk_num(sys::X509_STORE_CTX_get0_chain(ctx).cast()),
        )
    };
    let at_root = depth + 1 >= chain_len;
    let overlooked = match error {
        sys::X509_V_ERR_CERT_HAS_EXPIRED if at_root => tolerance.expired_roots,
        sys::X509_V_ERR_CERT_HAS_EXPIRED => tolerance.expired_certs,
        sys::X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT
        | sys::X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN
        | sys::X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT
        | sys::X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY
        | sys::X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE => tolerance.any_root,
        _ => false,
    };
    c_int::from(overlooked)
}
