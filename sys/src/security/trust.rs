//! SecTrust: a certificate chain judged against policies and anchors. No trust call runs
//! caller code, so a plain lock guards each.

use std::sync::{Mutex, MutexGuard};

use secure_transport::policy::SecPolicy;
use secure_transport::status::{errSecParam, errSecSuccess};
use secure_transport::trust::{SecTrust, TrustOptions, TrustResult};
use secure_transport::OSStatus;

use crate::c_args;
use crate::cf::array::{self, CFArrayGetValueAtIndex};
use crate::cf::base::{CFRetain, Retained};
use crate::cf::data::Data;
use crate::cf::error;
use crate::cf::runtime::{self, Class, Instance};
use crate::cf::types::{Boolean, CFIndex, CFTypeID, CFTypeRef};
use crate::guard;
use crate::security::certificate;

/// A SecTrust's value.
pub struct Trust(Mutex<TrustState>);

/// The engine's trust and its certificates as CF objects, which the getters hand out
/// without a reference of the caller's own: those given (index 0 is always the leaf given)
/// and the chain the current evaluation built, made when first asked for.
struct TrustState {
    trust: SecTrust,
    given: Retained,
    chain: Option<Retained>,
}

static CLASS: Class = Class::new::<Trust>("SecTrust");

impl Instance for Trust {
    fn class() -> &'static Class {
        &CLASS
    }
}

impl Trust {
    fn lock(&self) -> MutexGuard<'_, TrustState> {
        // Each change is made whole under the lock: a panic leaves it consistent.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl TrustState {
    /// A change to the trust: its evaluation, and the chain of it, are gone.
    fn change(
        &mut self,
        change: impl FnOnce(&mut SecTrust) -> secure_transport::Result<()>,
    ) -> OSStatus {
        self.chain = None;
        code(change(&mut self.trust))
    }

    /// The built chain as a CFArray, evaluating first if needed.
    fn chain(&mut self) -> CFTypeRef {
        let trust = &self.trust;
        self.chain
            .get_or_insert_with(|| {
                Retained::adopt(certificate::array_of(trust.certificate_chain()))
            })
            .get()
    }
}

/// A new SecTrust object for `trust`, owned by the caller.
pub fn create(trust: SecTrust) -> CFTypeRef {
    let given = Retained::adopt(certificate::array_of(trust.certificate_at_index(0)));
    with_given(trust, given)
}

/// A new SecTrust object for `trust`, made of the caller's certificate objects `given`:
/// `SecTrustGetCertificateAtIndex(trust, 0)` is then the very leaf passed in, as on Apple.
fn with_given(trust: SecTrust, given: Retained) -> CFTypeRef {
    runtime::create(Trust(Mutex::new(TrustState {
        trust,
        given,
        chain: None,
    })))
}

/// One object or a CFArray of them.
fn one_or_many(list: CFTypeRef) -> Vec<CFTypeRef> {
    array::items(list).unwrap_or_else(|| vec![list])
}

/// Runs `call` on the trust behind `trust`; `errSecParam` if it is none.
fn with_trust(trust: CFTypeRef, call: impl FnOnce(&mut TrustState) -> OSStatus) -> OSStatus {
    match runtime::hold::<Trust>(trust) {
        Some(trust) => call(&mut trust.lock()),
        None => errSecParam,
    }
}

/// The status of an engine result.
fn code(result: secure_transport::Result<()>) -> OSStatus {
    result.err().map_or(errSecSuccess, |e| e.code())
}

/// `SecTrustGetTypeID`.
#[no_mangle]
pub extern "C" fn SecTrustGetTypeID() -> CFTypeID {
    CLASS.id()
}

/// One policy or a non-empty array of them (Apple refuses an empty one); NULL is for the
/// caller to decide.
fn policies(list: CFTypeRef) -> Option<Vec<SecPolicy>> {
    let items = one_or_many(list);
    if list.is_null() || items.is_empty() {
        return None;
    }
    items
        .into_iter()
        .map(|item| runtime::hold::<SecPolicy>(item).map(|p| p.clone()))
        .collect()
}

/// `SecTrustCreateWithCertificates`: `certificates` one SecCertificateRef or an array, leaf
/// first; `policies` one, an array, or NULL (basic X.509). A NULL out-pointer only checks
/// the arguments, as on Apple.
#[no_mangle]
pub unsafe extern "C" fn SecTrustCreateWithCertificates(
    certificates: CFTypeRef,
    policies_ref: CFTypeRef,
    trust: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        let given = one_or_many(certificates);
        let certs = certificate::values(&given);
        let policies = if policies_ref.is_null() {
            Some(Vec::new())
        } else {
            policies(policies_ref)
        };
        let (Some(certs), Some(policies)) = (certs, policies) else {
            return errSecParam;
        };
        match SecTrust::create_with_certificates(&certs, &policies) {
            Ok(made) => {
                if !trust.is_null() {
                    let given = array::of_created(given.iter().map(|&c| CFRetain(c)).collect());
                    // SAFETY: the C API's contract: a writable out-pointer (not NULL here).
                    unsafe { c_args::put(trust, with_given(made, Retained::adopt(given))) };
                }
                errSecSuccess
            }
            Err(e) => e.code(),
        }
    })
}

/// `SecTrustSetPolicies`: one policy, or an array of them (the first is used).
#[no_mangle]
pub extern "C" fn SecTrustSetPolicies(trust: CFTypeRef, policies_ref: CFTypeRef) -> OSStatus {
    guard::status(|| {
        let Some(policies) = policies(policies_ref) else {
            return errSecParam;
        };
        with_trust(trust, |t| t.change(|trust| trust.set_policies(&policies)))
    })
}

/// `SecTrustCopyPolicies`: a new array of the policies, in the order given (basic X.509 for
/// a trust made with NULL policies).
#[no_mangle]
pub unsafe extern "C" fn SecTrustCopyPolicies(
    trust: CFTypeRef,
    policies: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        if policies.is_null() {
            return errSecParam;
        }
        with_trust(trust, |t| {
            let copies = t
                .trust
                .policies()
                .iter()
                .cloned()
                .map(runtime::create)
                .collect();
            // SAFETY: the C API's contract: a writable out-pointer (not NULL here).
            unsafe { c_args::put(policies, array::of_created(copies)) };
            errSecSuccess
        })
    })
}

/// `SecTrustSetAnchorCertificates`: an array (empty included): these anchors only. NULL:
/// back to the system's anchors, as on Apple.
#[no_mangle]
pub extern "C" fn SecTrustSetAnchorCertificates(
    trust: CFTypeRef,
    anchor_certificates: CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        let reset = anchor_certificates.is_null();
        let anchors = if reset {
            Some(Vec::new())
        } else {
            array::items(anchor_certificates).and_then(|items| certificate::values(&items))
        };
        let Some(anchors) = anchors else {
            return errSecParam;
        };
        with_trust(trust, |t| {
            t.change(|trust| {
                trust.set_anchor_certificates(&anchors)?;
                trust.set_trust_anchor_certificates_only(!reset)
            })
        })
    })
}

/// `SecTrustSetAnchorCertificatesOnly`.
#[no_mangle]
pub extern "C" fn SecTrustSetAnchorCertificatesOnly(
    trust: CFTypeRef,
    anchor_certificates_only: Boolean,
) -> OSStatus {
    guard::status(|| {
        with_trust(trust, |t| {
            t.change(|trust| {
                trust.set_trust_anchor_certificates_only(anchor_certificates_only != 0)
            })
        })
    })
}

/// `SecTrustEvaluate`: `result` may be NULL (Apple's is optional too).
#[no_mangle]
pub unsafe extern "C" fn SecTrustEvaluate(trust: CFTypeRef, result: *mut u32) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe { c_args::put(result, TrustResult::INVALID.to_raw()) };
        with_trust(trust, |t| match t.trust.evaluate() {
            Ok(value) => {
                // SAFETY: as above.
                unsafe { c_args::put(result, value.to_raw()) };
                errSecSuccess
            }
            Err(e) => e.code(),
        })
    })
}

/// `SecTrustEvaluateWithError`: `true` if trusted; otherwise `*error` (if given) receives a
/// CFError owned by the caller, with Apple's code and description of the most serious
/// failure (`errSecNotTrusted`, "“localhost” certificate is not trusted").
#[no_mangle]
pub unsafe extern "C" fn SecTrustEvaluateWithError(
    trust: CFTypeRef,
    error: *mut CFTypeRef,
) -> bool {
    guard::value(false, || {
        let mut outcome = Err((errSecParam, None));
        with_trust(trust, |t| {
            outcome = t
                .trust
                .evaluate_with_error()
                .map_err(|e| (e.code(), t.trust.error_description()));
            errSecSuccess
        });
        // A stale error from an earlier call must not be read as this one's.
        let reported = match &outcome {
            Err((code, description)) if !error.is_null() => match description {
                Some(text) => error::create_described(*code, text.clone()),
                None => error::create(*code),
            },
            _ => std::ptr::null(),
        };
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe { c_args::put(error, reported) };
        outcome.is_ok()
    })
}

/// `SecTrustGetTrustResult`: the last evaluation's result (`kSecTrustResultInvalid` before
/// any).
#[no_mangle]
pub unsafe extern "C" fn SecTrustGetTrustResult(trust: CFTypeRef, result: *mut u32) -> OSStatus {
    guard::status(|| {
        if result.is_null() {
            return errSecParam;
        }
        with_trust(trust, |t| {
            // SAFETY: the C API's contract: a writable out-pointer (not NULL here).
            unsafe { c_args::put(result, t.trust.trust_result().to_raw()) };
            errSecSuccess
        })
    })
}

/// `SecTrustGetCertificateCount`: the length of the built chain, evaluating first if needed,
/// as Apple's does; 0 for no trust.
#[no_mangle]
pub extern "C" fn SecTrustGetCertificateCount(trust: CFTypeRef) -> CFIndex {
    guard::value(0, || {
        runtime::hold::<Trust>(trust).map_or(0, |t| t.lock().trust.certificate_count() as CFIndex)
    })
}

/// `SecTrustGetCertificateAtIndex`: index 0 is the leaf given, the others are the built
/// chain's (evaluating first if needed). Not retained for the caller: the trust keeps it
/// alive until its next evaluation.
#[no_mangle]
pub extern "C" fn SecTrustGetCertificateAtIndex(trust: CFTypeRef, ix: CFIndex) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        runtime::hold::<Trust>(trust).map_or(std::ptr::null(), |t| {
            let mut t = t.lock();
            let array = if ix == 0 { t.given.get() } else { t.chain() };
            CFArrayGetValueAtIndex(array, ix)
        })
    })
}

/// `SecTrustCopyCertificateChain`: a CFArray of the built chain (evaluating first if
/// needed), owned by the caller.
#[no_mangle]
pub extern "C" fn SecTrustCopyCertificateChain(trust: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        runtime::hold::<Trust>(trust).map_or(std::ptr::null(), |t| CFRetain(t.lock().chain()))
    })
}

/// `SecTrustCopyKey`: the leaf's public key, without evaluating; NULL for no trust or a
/// key that is neither RSA nor EC.
#[no_mangle]
pub extern "C" fn SecTrustCopyKey(trust: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        runtime::hold::<Trust>(trust)
            .and_then(|t| t.lock().trust.copy_key())
            .map_or(std::ptr::null(), runtime::create)
    })
}

/// `SecTrustCopyPublicKey`: the older `SecTrustCopyKey`, which evaluates first if needed
/// (as Apple's does).
#[no_mangle]
pub extern "C" fn SecTrustCopyPublicKey(trust: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        runtime::hold::<Trust>(trust)
            .and_then(|t| t.lock().trust.copy_public_key().ok())
            .map_or(std::ptr::null(), runtime::create)
    })
}

/// The bytes of each CFData of `list` (one CFData or a CFArray of them; NULL: none);
/// `None` if anything else is there.
fn data_items(list: CFTypeRef) -> Option<Vec<Vec<u8>>> {
    if list.is_null() {
        return Some(Vec::new());
    }
    one_or_many(list)
        .into_iter()
        .map(|item| runtime::hold::<Data>(item).map(|d| d.bytes().into_owned()))
        .collect()
}

/// `SecTrustSetOptions`: Apple's legacy flags, as exceptions (`kSecTrustOptionAllowExpired`,
/// `…AllowExpiredRoot`, `…ImplicitAnchors`); the others change nothing.
#[no_mangle]
pub extern "C" fn SecTrustSetOptions(trust: CFTypeRef, options: u32) -> OSStatus {
    guard::status(|| {
        let options = TrustOptions::from_bits_retain(options);
        with_trust(trust, |t| t.change(|trust| trust.set_options(options)))
    })
}

/// `SecTrustSetOCSPResponse`: a CFData holding a DER OCSPResponse, a CFArray of them, or
/// NULL for none; `errSecParam` for anything else.
#[no_mangle]
pub extern "C" fn SecTrustSetOCSPResponse(trust: CFTypeRef, response_data: CFTypeRef) -> OSStatus {
    guard::status(|| {
        let Some(responses) = data_items(response_data) else {
            return errSecParam;
        };
        with_trust(trust, |t| {
            t.change(|trust| trust.set_trust_ocsp_response(responses.iter()))
        })
    })
}

/// `SecTrustSetSignedCertificateTimestamps`: a CFArray of CFData SCTs, or NULL; kept, and
/// read by no check here (Apple reads them for Certificate Transparency only).
#[no_mangle]
pub extern "C" fn SecTrustSetSignedCertificateTimestamps(
    trust: CFTypeRef,
    sct_array: CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        let Some(scts) = data_items(sct_array) else {
            return errSecParam;
        };
        with_trust(trust, |t| {
            t.change(|trust| trust.set_signed_certificate_timestamps(scts.iter()))
        })
    })
}

/// `SecTrustSetNetworkFetchAllowed`: kept; nothing is fetched here either way.
#[no_mangle]
pub extern "C" fn SecTrustSetNetworkFetchAllowed(
    trust: CFTypeRef,
    allow_fetch: Boolean,
) -> OSStatus {
    guard::status(|| {
        with_trust(trust, |t| {
            code(t.trust.set_network_fetch_allowed(allow_fetch != 0))
        })
    })
}

/// `SecTrustGetNetworkFetchAllowed`: what was set, else what the policies say.
#[no_mangle]
pub unsafe extern "C" fn SecTrustGetNetworkFetchAllowed(
    trust: CFTypeRef,
    allow_fetch: *mut Boolean,
) -> OSStatus {
    guard::status(|| {
        if allow_fetch.is_null() {
            return errSecParam;
        }
        with_trust(trust, |t| match t.trust.get_network_fetch_allowed() {
            Ok(allowed) => {
                // SAFETY: the C API's contract: a writable out-pointer (not NULL here).
                unsafe { c_args::put(allow_fetch, Boolean::from(allowed)) };
                errSecSuccess
            }
            Err(e) => e.code(),
        })
    })
}

/// `SecTrustCopyAnchorCertificates`: a new CFArray of the system's roots (OpenSSL's default
/// file and directory).
#[no_mangle]
pub unsafe extern "C" fn SecTrustCopyAnchorCertificates(anchors: *mut CFTypeRef) -> OSStatus {
    guard::status(|| {
        if anchors.is_null() {
            return errSecParam;
        }
        match SecTrust::copy_anchor_certificates() {
            Ok(roots) => {
                // SAFETY: the C API's contract: a writable out-pointer (not NULL here).
                unsafe { c_args::put(anchors, certificate::array_of(roots)) };
                errSecSuccess
            }
            Err(e) => e.code(),
        }
    })
}
