//! PKCS#12 archives read by OpenSSL, legacy ones (RC2, 3DES) included.

use std::sync::OnceLock;

use foreign_types::ForeignTypeRef;
use openssl::error::ErrorStack;
use openssl::lib_ctx::LibCtx;
use openssl::pkcs12::{ParsedPkcs12_2, Pkcs12};
use openssl::pkey::{PKey, Private};
use openssl::provider::Provider;
use openssl::x509::X509;

use crate::base::{Error, Result};
use crate::ffi;
use crate::status::{errSecAuthFailed, errSecDecode, OSStatus};

/// What a PKCS#12 archive holds: the private key, the certificate OpenSSL pairs with it,
/// the other certificates, and the friendly name and localKeyID of that certificate's bag.
pub(crate) struct Pkcs12Contents {
    pub label: Option<String>,
    pub key_id: Option<Vec<u8>>,
    pub key: Option<PKey<Private>>,
    pub certificate: Option<X509>,
    pub others: Vec<X509>,
}

/// The contents of a DER PKCS#12 archive: `errSecAuthFailed` for a wrong passphrase (a
/// MAC that does not verify), `errSecDecode` for anything else that cannot be read.
pub(crate) fn contents(der: &[u8], passphrase: &str) -> Result<Pkcs12Contents> {
    let archive = Pkcs12::from_der(der).map_err(|_| Error::from_code(errSecDecode))?;
    // The key is made portable after the legacy context is given back: made again inside
    // it, it stayed bound to that context's providers.
    let parsed = with_legacy_algorithms(|| archive.parse2(passphrase))
        .and_then(portable)
        .map_err(|e| Error::from_code(import_error(&e)))?;
    let label = parsed
        .cert
        .as_ref()
        .and_then(|c| c.alias())
        .map(|a| String::from_utf8_lossy(a).into_owned());
    let key_id = parsed.cert.as_ref().and_then(|cert| {
        let mut len = 0;
        // SAFETY: a live certificate; the bytes, if any, are its own, `len` long, and copied
        // before it goes.
        unsafe {
            let id = ffi::X509_keyid_get0(cert.as_ptr(), &mut len);
            let len = usize::try_from(len).ok()?;
            (!id.is_null()).then(|| std::slice::from_raw_parts(id, len).to_vec())
        }
    });
    Ok(Pkcs12Contents {
        label,
        key_id,
        key: parsed.pkey,
        certificate: parsed.cert,
        others: parsed.ca.into_iter().flatten().collect(),
    })
}

/// `errSecAuthFailed` when the archive's MAC was computed and did not match (a wrong
/// passphrase), `errSecDecode` for any other failure: OpenSSL reports a MAC it could not
/// compute, or an archive without one, as a failed verification too.
fn import_error(errors: &ErrorStack) -> OSStatus {
    const ERR_LIB_PKCS12: libc::c_int = 35;
    const PKCS12_R_MAC_ABSENT: libc::c_int = 108;
    const PKCS12_R_MAC_GENERATION_ERROR: libc::c_int = 109;
    const PKCS12_R_MAC_VERIFY_FAILURE: libc::c_int = 113;
    let has = |reason| {
        errors
            .errors()
            .iter()
            .any(|e| e.library_code() == ERR_LIB_PKCS12 && e.reason_code() == reason)
    };
    let wrong_passphrase = has(PKCS12_R_MAC_VERIFY_FAILURE)
        && !has(PKCS12_R_MAC_ABSENT)
        && !has(PKCS12_R_MAC_GENERATION_ERROR);
    if wrong_passphrase {
        errSecAuthFailed
    } else {
        log::warn!("PKCS#12 archive not decoded: {errors}");
        errSecDecode
    }
}

/// The parsed key made again from its DER, outside the library context it was decoded in
/// (a key belongs to its context's providers): nothing of that context outlives the import.
/// Certificates carry no context of their own here (the archive was read without one).
fn portable(mut parsed: ParsedPkcs12_2) -> std::result::Result<ParsedPkcs12_2, ErrorStack> {
    if let Some(key) = parsed.pkey.take() {
        parsed.pkey = Some(PKey::private_key_from_pkcs8(&key.private_key_to_pkcs8()?)?);
    }
    Ok(parsed)
}

/// A library context of its own with OpenSSL's legacy and default providers, for what asks
/// for a legacy algorithm explicitly: legacy PKCS#12 archives (RC2-40 and 3DES with a SHA-1
/// MAC, Keychain Access's and old `openssl pkcs12`'s) need RC2, CommonCrypto's
/// `kCCAlgorithmDES` single DES; OpenSSL 3 keeps both in its legacy provider. Loading that
/// into the default context would let the whole process fetch RC2, DES, MD4…; here only
/// what asks for this context sees them. `None` when the linked OpenSSL has no legacy
/// provider (legacy archives are then `errSecDecode`).
pub fn legacy_context() -> Option<&'static LibCtx> {
    static CONTEXT: OnceLock<Option<(LibCtx, [Provider; 2])>> = OnceLock::new();
    let made = CONTEXT.get_or_init(|| {
        let ctx = LibCtx::new().ok()?;
        let load = |name| Provider::load(Some(&ctx), name);
        match load("legacy").and_then(|legacy| Ok([legacy, load("default")?])) {
            Ok(providers) => Some((ctx, providers)),
            Err(e) => {
                log::warn!(
                    "legacy PKCS#12 archives cannot be decoded: OpenSSL's legacy provider: {e}"
                );
                None
            }
        }
    });
    made.as_ref().map(|(ctx, _)| ctx)
}

/// Runs `parse` with the legacy context as the calling thread's default library context,
/// and restores the thread's own afterwards, also if `parse` unwinds.
fn with_legacy_algorithms<T>(parse: impl FnOnce() -> T) -> T {
    struct Restore(*mut openssl_sys::OSSL_LIB_CTX);
    impl Drop for Restore {
        fn drop(&mut self) {
            // SAFETY: the context this thread had before, which outlives the call.
            unsafe { ffi::OSSL_LIB_CTX_set0_default(self.0) };
        }
    }
    let Some(ctx) = legacy_context() else {
        return parse();
    };
    // SAFETY: a context kept for the life of the process; it is this thread's only.
    let previous = unsafe { ffi::OSSL_LIB_CTX_set0_default(ctx.as_ptr()) };
    let _restore = Restore(previous);
    parse()
}
