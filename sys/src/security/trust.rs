//! SecTrust: a certificate chain judged against policies and anchors. No trust call runs
//! caller code, so a plain lock guards each.

use std::sync::{Mutex, MutexGuard};

use secure_transport::policy::SecPolicy;
use secure_transport::status::{errSecParam, errSecSuccess};
use secure_transport::trust::SecTrust;
use secure_transport::OSStatus;

use crate::c_args;
use crate::cf::array::{self, CFArrayGetValueAtIndex};
use crate::cf::base::{CFRetain, Retained};
use crate::cf::error;
use crate::cf::runtime::{self, Class, Instance};
use crate::cf::types::{Boolean, CFIndex, CFTypeID, CFTypeRef};
use crate::guard;
use crate::security::certificate;

/// `SecTrustResultType` values.
const RESULT_INVALID: u32 = 0;
const RESULT_UNSPECIFIED: u32 = 4;
const RESULT_RECOVERABLE_FAILURE: u32 = 5;

/// A SecTrust's value.
pub struct Trust(Mutex<TrustState>);

/// The engine's trust, its last result, and its certificates as CF objects
/// (`SecTrustGetCertificateAtIndex` hands out references the trust keeps alive).
struct TrustState {
    trust: SecTrust,
    result: u32,
    certificates: Retained,
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

/// A new SecTrust object for `trust`, owned by the caller.
pub fn create(trust: SecTrust) -> CFTypeRef {
    let certificates = Retained::adopt(certificate::array_of(
        (0..trust.certificate_count()).filter_map(|i| trust.certificate_at_index(i)),
    ));
    runtime::create(Trust(Mutex::new(TrustState {
        trust,
        result: RESULT_INVALID,
        certificates,
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
        let certs = certificate::values(&one_or_many(certificates));
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
                    // SAFETY: the C API's contract: a writable out-pointer (not NULL here).
                    unsafe { c_args::put(trust, create(made)) };
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
        let Some(policy) = policies(policies_ref).and_then(|list| list.into_iter().next()) else {
            return errSecParam;
        };
        with_trust(trust, |t| {
            t.result = RESULT_INVALID;
            code(t.trust.set_policy(&policy))
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
            t.result = RESULT_INVALID;
            code(
                t.trust
                    .set_anchor_certificates(&anchors)
                    .and_then(|()| t.trust.set_trust_anchor_certificates_only(!reset)),
            )
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
            t.result = RESULT_INVALID;
            code(
                t.trust
                    .set_trust_anchor_certificates_only(anchor_certificates_only != 0),
            )
        })
    })
}

/// Evaluates and stores the result; the outer error says the trust is none, the inner one
/// why the chain is not trusted.
fn evaluate(trust: CFTypeRef) -> Result<Result<(), OSStatus>, OSStatus> {
    let mut outcome = Ok(());
    let status = with_trust(trust, |t| {
        outcome = t.trust.evaluate_with_error().map_err(|e| e.code());
        t.result = if outcome.is_ok() {
            RESULT_UNSPECIFIED
        } else {
            RESULT_RECOVERABLE_FAILURE
        };
        errSecSuccess
    });
    if status == errSecSuccess {
        Ok(outcome)
    } else {
        Err(status)
    }
}

/// `SecTrustEvaluate`: `result` may be NULL (Apple's is optional too).
#[no_mangle]
pub unsafe extern "C" fn SecTrustEvaluate(trust: CFTypeRef, result: *mut u32) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe { c_args::put(result, RESULT_INVALID) };
        if let Err(status) = evaluate(trust) {
            return status;
        }
        if result.is_null() {
            return errSecSuccess;
        }
        // SAFETY: as above.
        unsafe { SecTrustGetTrustResult(trust, result) }
    })
}

/// `SecTrustEvaluateWithError`: `true` if trusted; otherwise `*error` (if given) receives a
/// CFError owned by the caller.
#[no_mangle]
pub unsafe extern "C" fn SecTrustEvaluateWithError(
    trust: CFTypeRef,
    error: *mut CFTypeRef,
) -> bool {
    guard::value(false, || {
        let outcome = evaluate(trust).and_then(|outcome| outcome);
        // A stale error from an earlier call must not be read as this one's.
        let reported = match outcome {
            Ok(()) => std::ptr::null(),
            Err(code) if !error.is_null() => error::create(code),
            Err(_) => return false,
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
            unsafe { c_args::put(result, t.result) };
            errSecSuccess
        })
    })
}

/// `SecTrustGetCertificateCount`: 0 for no trust.
#[no_mangle]
pub extern "C" fn SecTrustGetCertificateCount(trust: CFTypeRef) -> CFIndex {
    guard::value(0, || {
        runtime::hold::<Trust>(trust).map_or(0, |t| t.lock().trust.certificate_count() as CFIndex)
    })
}

/// `SecTrustGetCertificateAtIndex`: not retained for the caller: the trust keeps it alive.
#[no_mangle]
pub extern "C" fn SecTrustGetCertificateAtIndex(trust: CFTypeRef, ix: CFIndex) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        runtime::hold::<Trust>(trust).map_or(std::ptr::null(), |t| {
            CFArrayGetValueAtIndex(t.lock().certificates.get(), ix)
        })
    })
}

/// `SecTrustCopyCertificateChain`: a CFArray of the chain, owned by the caller.
#[no_mangle]
pub extern "C" fn SecTrustCopyCertificateChain(trust: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        runtime::hold::<Trust>(trust)
            .map_or(std::ptr::null(), |t| CFRetain(t.lock().certificates.get()))
    })
}
