//! The Security framework around Secure Transport: certificates, identities, policies,
//! trust evaluation and PKCS#12 import, as CF objects.

use std::ffi::c_void;
use std::sync::Mutex;

use secure_transport::certificate::SecCertificate;
use secure_transport::import_export::Pkcs12ImportOptions;
use secure_transport::policy::SecPolicy;
use secure_transport::status::*;
use secure_transport::trust::SecTrust;
use secure_transport::types::SslProtocolSide;
use secure_transport::OSStatus;

use crate::cf::{
    self, type_id, Boolean, CFAllocatorRef, CFIndex, CFTypeID, CFTypeRef, ConstRef, Object, Text,
    Value,
};
use crate::guard;

/// `SecTrustResultType` values.
const RESULT_INVALID: u32 = 0;
const RESULT_UNSPECIFIED: u32 = 4;
const RESULT_RECOVERABLE_FAILURE: u32 = 5;

/// A trust object: the engine's trust, its last result, and its certificates as CF objects
/// (`SecTrustGetCertificateAtIndex` hands out references the trust keeps alive).
pub struct TrustObject {
    trust: SecTrust,
    result: u32,
    certificates: cf::Retained,
}

/// A new SecTrust object for `trust`, owned by the caller.
pub fn trust_object(trust: SecTrust) -> CFTypeRef {
    let certificates = cf::Retained::adopt(certificate_array(
        (0..trust.certificate_count()).filter_map(|i| trust.certificate_at_index(i)),
    ));
    cf::create(Value::Trust(Mutex::new(TrustObject {
        trust,
        result: RESULT_INVALID,
        certificates,
    })))
}

/// A new CFArray of certificate objects, owned by the caller.
pub fn certificate_array(certs: impl IntoIterator<Item = SecCertificate>) -> CFTypeRef {
    cf::array_of_created(
        certs
            .into_iter()
            .map(|c| cf::create(Value::Certificate(c)))
            .collect(),
    )
}

/// The certificates behind CF references, if every one is a certificate.
///
/// # Safety
/// As for `cf::object`.
pub unsafe fn certificate_values(items: &[CFTypeRef]) -> Option<Vec<SecCertificate>> {
    items
        .iter()
        .map(|&item| match cf::value_of(item, type_id::CERTIFICATE) {
            Some(Value::Certificate(cert)) => Some(cert.clone()),
            _ => None,
        })
        .collect()
}

/// One object or a CFArray of them.
unsafe fn one_or_many(list: CFTypeRef) -> Vec<CFTypeRef> {
    cf::array_items(list).unwrap_or_else(|| vec![list])
}

unsafe fn with_trust(
    trust: CFTypeRef,
    call: impl FnOnce(&mut TrustObject) -> OSStatus,
) -> OSStatus {
    guard::status(|| match cf::value_of(trust, type_id::TRUST) {
        Some(Value::Trust(object)) => call(&mut cf::lock(object)),
        _ => errSecParam,
    })
}

// --- SecCertificate ----------------------------------------------------------------------

#[no_mangle]
pub extern "C" fn SecCertificateGetTypeID() -> CFTypeID {
    type_id::CERTIFICATE
}

/// NULL if `data` is not a DER certificate.
#[no_mangle]
pub unsafe extern "C" fn SecCertificateCreateWithData(
    _allocator: CFAllocatorRef,
    data: CFTypeRef,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        match cf::data(data).map(SecCertificate::from_der) {
            Some(Ok(cert)) => cf::create(Value::Certificate(cert)),
            _ => std::ptr::null(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SecCertificateCopyData(certificate: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        match cf::value_of(certificate, type_id::CERTIFICATE) {
            Some(Value::Certificate(cert)) => cf::create(Value::Data(cert.to_der())),
            _ => std::ptr::null(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SecCertificateCopySubjectSummary(certificate: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        match cf::value_of(certificate, type_id::CERTIFICATE) {
            Some(Value::Certificate(cert)) => cf::string(&cert.subject_summary()),
            _ => std::ptr::null(),
        }
    })
}

// --- SecIdentity -------------------------------------------------------------------------

#[no_mangle]
pub extern "C" fn SecIdentityGetTypeID() -> CFTypeID {
    type_id::IDENTITY
}

#[no_mangle]
pub unsafe extern "C" fn SecIdentityCopyCertificate(
    identity: CFTypeRef,
    certificate: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        let (Some(Value::Identity(id)), Some(out)) = (
            cf::value_of(identity, type_id::IDENTITY),
            certificate.as_mut(),
        ) else {
            return errSecParam;
        };
        match id.certificate() {
            Ok(cert) => {
                *out = cf::create(Value::Certificate(cert));
                errSecSuccess
            }
            Err(e) => e.code(),
        }
    })
}

// --- SecPolicy ---------------------------------------------------------------------------

#[no_mangle]
pub extern "C" fn SecPolicyGetTypeID() -> CFTypeID {
    type_id::POLICY
}

/// `server`: whether the certificate evaluated is a server's.
#[no_mangle]
pub unsafe extern "C" fn SecPolicyCreateSSL(server: Boolean, hostname: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let side = if server != 0 {
            SslProtocolSide::SERVER
        } else {
            SslProtocolSide::CLIENT
        };
        let host = cf::text(hostname).map(|h| h.to_string_lossy().into_owned());
        cf::create(Value::Policy(SecPolicy::create_ssl(side, host.as_deref())))
    })
}

#[no_mangle]
pub extern "C" fn SecPolicyCreateBasicX509() -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        cf::create(Value::Policy(SecPolicy::create_x509()))
    })
}

// --- SecTrust ----------------------------------------------------------------------------

#[no_mangle]
pub extern "C" fn SecTrustGetTypeID() -> CFTypeID {
    type_id::TRUST
}

/// One policy or a non-empty array of them (Apple refuses an empty one); NULL is for the
/// caller to decide.
unsafe fn policies(list: CFTypeRef) -> Option<Vec<SecPolicy>> {
    let items = one_or_many(list);
    if list.is_null() || items.is_empty() {
        return None;
    }
    items
        .into_iter()
        .map(|item| match cf::value_of(item, type_id::POLICY) {
            Some(Value::Policy(policy)) => Some(policy.clone()),
            _ => None,
        })
        .collect()
}

/// `certificates`: one SecCertificateRef or an array, leaf first; `policies`: one, an array,
/// or NULL.
#[no_mangle]
pub unsafe extern "C" fn SecTrustCreateWithCertificates(
    certificates: CFTypeRef,
    policies_ref: CFTypeRef,
    trust: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        let certs = certificate_values(&one_or_many(certificates));
        // NULL policies: the basic X.509 one.
        let policies = if policies_ref.is_null() {
            Some(Vec::new())
        } else {
            policies(policies_ref)
        };
        let (Some(certs), Some(policies)) = (certs, policies) else {
            return errSecParam;
        };
        match SecTrust::create_with_certificates(&certs, &policies) {
            // As on Apple, a NULL out-pointer only checks the arguments.
            Ok(t) => {
                if let Some(out) = trust.as_mut() {
                    *out = trust_object(t);
                }
                errSecSuccess
            }
            Err(e) => e.code(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SecTrustSetPolicies(
    trust: CFTypeRef,
    policies_ref: CFTypeRef,
) -> OSStatus {
    let Some(policy) = policies(policies_ref).and_then(|list| list.into_iter().next()) else {
        return errSecParam;
    };
    with_trust(trust, |t| {
        t.result = RESULT_INVALID;
        t.trust
            .set_policy(&policy)
            .err()
            .map_or(errSecSuccess, |e| e.code())
    })
}

/// An array (empty included): these anchors only. NULL: back to the system's anchors, as on
/// Apple.
#[no_mangle]
pub unsafe extern "C" fn SecTrustSetAnchorCertificates(
    trust: CFTypeRef,
    anchor_certificates: CFTypeRef,
) -> OSStatus {
    let reset = anchor_certificates.is_null();
    let anchors = if reset {
        Some(Vec::new())
    } else {
        cf::array_items(anchor_certificates).and_then(|items| certificate_values(&items))
    };
    let Some(anchors) = anchors else {
        return errSecParam;
    };
    with_trust(trust, |t| {
        t.result = RESULT_INVALID;
        let set = t
            .trust
            .set_anchor_certificates(&anchors)
            .and_then(|()| t.trust.set_trust_anchor_certificates_only(!reset));
        set.err().map_or(errSecSuccess, |e| e.code())
    })
}

#[no_mangle]
pub unsafe extern "C" fn SecTrustSetAnchorCertificatesOnly(
    trust: CFTypeRef,
    anchor_certificates_only: Boolean,
) -> OSStatus {
    with_trust(trust, |t| {
        t.result = RESULT_INVALID;
        t.trust
            .set_trust_anchor_certificates_only(anchor_certificates_only != 0)
            .err()
            .map_or(errSecSuccess, |e| e.code())
    })
}

/// Evaluates and stores the result; the OSStatus says whether evaluation itself worked.
unsafe fn evaluate(trust: CFTypeRef) -> Result<(), OSStatus> {
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
    if status != errSecSuccess {
        return Err(status);
    }
    outcome
}

/// `result` may be NULL (Apple's is optional too).
#[no_mangle]
pub unsafe extern "C" fn SecTrustEvaluate(trust: CFTypeRef, result: *mut u32) -> OSStatus {
    guard::status(|| {
        if let Some(out) = result.as_mut() {
            *out = RESULT_INVALID;
        }
        if cf::value_of(trust, type_id::TRUST).is_none() {
            return errSecParam;
        }
        let _ = evaluate(trust);
        if result.is_null() {
            return errSecSuccess;
        }
        SecTrustGetTrustResult(trust, result)
    })
}

/// `true` if trusted; otherwise `*error` (if given) receives a CFError owned by the caller.
#[no_mangle]
pub unsafe extern "C" fn SecTrustEvaluateWithError(
    trust: CFTypeRef,
    error: *mut CFTypeRef,
) -> bool {
    guard::value(false, || {
        let code = match evaluate(trust) {
            Ok(()) => {
                // A stale error from an earlier call must not be read as this one's.
                if let Some(out) = error.as_mut() {
                    *out = std::ptr::null();
                }
                return true;
            }
            Err(code) => code,
        };
        if let Some(out) = error.as_mut() {
            *out = cf::error(code);
        }
        false
    })
}

#[no_mangle]
pub unsafe extern "C" fn SecTrustGetTrustResult(trust: CFTypeRef, result: *mut u32) -> OSStatus {
    if result.is_null() {
        return errSecParam;
    }
    with_trust(trust, |t| {
        *result = t.result;
        errSecSuccess
    })
}

#[no_mangle]
pub unsafe extern "C" fn SecTrustGetCertificateCount(trust: CFTypeRef) -> CFIndex {
    let mut count = 0;
    with_trust(trust, |t| {
        count = t.trust.certificate_count() as CFIndex;
        errSecSuccess
    });
    count
}

/// Not retained: the trust keeps it alive.
#[no_mangle]
pub unsafe extern "C" fn SecTrustGetCertificateAtIndex(trust: CFTypeRef, ix: CFIndex) -> CFTypeRef {
    let mut certificate = std::ptr::null();
    with_trust(trust, |t| {
        certificate = cf::CFArrayGetValueAtIndex(t.certificates.as_ptr(), ix);
        errSecSuccess
    });
    certificate
}

#[no_mangle]
pub unsafe extern "C" fn SecTrustCopyCertificateChain(trust: CFTypeRef) -> CFTypeRef {
    let mut chain = std::ptr::null();
    with_trust(trust, |t| {
        chain = cf::retain(t.certificates.as_ptr());
        errSecSuccess
    });
    chain
}

// --- PKCS#12 import ----------------------------------------------------------------------

static PASSPHRASE: Object = Object::constant(Value::String(Text::Static(c"passphrase")));
static ITEM_LABEL: Object = Object::constant(Value::String(Text::Static(c"label")));
static ITEM_KEY_ID: Object = Object::constant(Value::String(Text::Static(c"keyid")));
static ITEM_TRUST: Object = Object::constant(Value::String(Text::Static(c"trust")));
static ITEM_CERT_CHAIN: Object = Object::constant(Value::String(Text::Static(c"chain")));
static ITEM_IDENTITY: Object = Object::constant(Value::String(Text::Static(c"identity")));

#[no_mangle]
pub static kSecImportExportPassphrase: ConstRef = ConstRef(&PASSPHRASE);
#[no_mangle]
pub static kSecImportItemLabel: ConstRef = ConstRef(&ITEM_LABEL);
#[no_mangle]
pub static kSecImportItemKeyID: ConstRef = ConstRef(&ITEM_KEY_ID);
#[no_mangle]
pub static kSecImportItemTrust: ConstRef = ConstRef(&ITEM_TRUST);
#[no_mangle]
pub static kSecImportItemCertChain: ConstRef = ConstRef(&ITEM_CERT_CHAIN);
#[no_mangle]
pub static kSecImportItemIdentity: ConstRef = ConstRef(&ITEM_IDENTITY);

/// A dictionary owning its (created) values, keyed by our constant strings.
fn dictionary(entries: Vec<(&'static Object, CFTypeRef)>) -> CFTypeRef {
    let (keys, values): (Vec<CFTypeRef>, Vec<CFTypeRef>) = entries
        .into_iter()
        .map(|(k, v)| (k as *const Object as CFTypeRef, v))
        .unzip();
    // SAFETY: valid arrays of `keys.len()` CF objects; the dictionary retains them.
    let dict = unsafe {
        cf::CFDictionaryCreate(
            std::ptr::null(),
            keys.as_ptr(),
            values.as_ptr(),
            keys.len() as CFIndex,
            &cf::kCFTypeDictionaryKeyCallBacks,
            &cf::kCFTypeDictionaryValueCallBacks,
        )
    };
    for value in values {
        // SAFETY: drop the creation reference; the dictionary holds its own.
        unsafe { cf::release(value) };
    }
    dict
}

/// `*items` receives a CFArray of one dictionary per identity (`kSecImportItem*` keys).
/// `errSecDecode` for data that is not PKCS#12, `errSecAuthFailed` for a wrong passphrase.
#[no_mangle]
pub unsafe extern "C" fn SecPKCS12Import(
    pkcs12_data: CFTypeRef,
    options: CFTypeRef,
    items: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        let (Some(der), Some(out)) = (cf::data(pkcs12_data), items.as_mut()) else {
            return errSecParam;
        };
        let mut import = Pkcs12ImportOptions::new();
        let key = &PASSPHRASE as *const Object as CFTypeRef;
        if let Some(pass) = cf::text(cf::CFDictionaryGetValue(options, key.cast())) {
            import.passphrase(&pass.to_string_lossy());
        }
        let imported = match import.import(der) {
            Ok(imported) => imported,
            Err(e) => return e.code(),
        };
        let dictionaries = imported
            .into_iter()
            .map(|item| {
                let mut entries = Vec::new();
                if let Some(identity) = item.identity {
                    entries.push((&ITEM_IDENTITY, cf::create(Value::Identity(identity))));
                }
                if let Some(chain) = item.cert_chain {
                    entries.push((&ITEM_CERT_CHAIN, certificate_array(chain)));
                }
                if let Some(trust) = item.trust {
                    entries.push((&ITEM_TRUST, trust_object(trust)));
                }
                if let Some(label) = item.label {
                    entries.push((&ITEM_LABEL, cf::string(&label)));
                }
                dictionary(entries)
            })
            .collect();
        *out = cf::array_of_created(dictionaries);
        errSecSuccess
    })
}

/// The code's Apple name and value (`errSSLWouldBlock (-9803)`), owned by the caller.
#[no_mangle]
pub extern "C" fn SecCopyErrorMessageString(status: OSStatus, _reserved: *mut c_void) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        cf::string(&secure_transport::Error::from_code(status).to_string())
    })
}
