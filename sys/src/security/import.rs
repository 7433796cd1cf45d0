//! SecImportExport.h: PKCS#12 import, and the keys of its options and results.

use secure_transport::identity::SecIdentity;
use secure_transport::import_export::Pkcs12ImportOptions;
use secure_transport::status::{errSecParam, errSecSuccess};
use secure_transport::OSStatus;

use crate::c_args;
use crate::cf::array;
use crate::cf::data::Data;
use crate::cf::dictionary::{self, CFDictionaryGetValue};
use crate::cf::runtime::{self, immortal, ConstRef};
use crate::cf::string::{self, CfString};
use crate::cf::types::CFTypeRef;
use crate::guard;
use crate::security::{certificate, trust};

immortal! {
    /// `kSecImportExportPassphrase`: the options key of the passphrase (a CFString).
    kSecImportExportPassphrase: CfString = CfString::Static(c"passphrase");
}
immortal! {
    /// `kSecImportItemLabel`: an item's label (a CFString).
    kSecImportItemLabel: CfString = CfString::Static(c"label");
}
immortal! {
    /// `kSecImportItemKeyID`: an item's key ID (a CFData; not given here).
    kSecImportItemKeyID: CfString = CfString::Static(c"keyid");
}
immortal! {
    /// `kSecImportItemTrust`: an item's trust (a SecTrust of its chain).
    kSecImportItemTrust: CfString = CfString::Static(c"trust");
}
immortal! {
    /// `kSecImportItemCertChain`: an item's chain (a CFArray of SecCertificates, leaf first).
    kSecImportItemCertChain: CfString = CfString::Static(c"chain");
}
immortal! {
    /// `kSecImportItemIdentity`: an item's identity (a SecIdentity).
    kSecImportItemIdentity: CfString = CfString::Static(c"identity");
}

/// A dictionary of created values, keyed by constants.
fn dictionary(entries: Vec<(&ConstRef, CFTypeRef)>) -> CFTypeRef {
    let (keys, values): (Vec<CFTypeRef>, Vec<CFTypeRef>) =
        entries.into_iter().map(|(k, v)| (k.get(), v)).unzip();
    dictionary::of_created_values(&keys, values)
}

/// `SecPKCS12Import`: `*items` receives a CFArray of one dictionary per identity
/// (`kSecImportItem*` keys). `errSecDecode` for data that is not PKCS#12,
/// `errSecAuthFailed` for a wrong passphrase.
#[no_mangle]
pub unsafe extern "C" fn SecPKCS12Import(
    pkcs12_data: CFTypeRef,
    options: CFTypeRef,
    items: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        let Some(der) = runtime::hold::<Data>(pkcs12_data) else {
            return errSecParam;
        };
        if items.is_null() {
            return errSecParam;
        }
        let mut import = Pkcs12ImportOptions::new();
        // SAFETY: an object key, which options dictionaries are keyed by (Apple's callers
        // make them with CF's callbacks).
        let passphrase = unsafe { CFDictionaryGetValue(options, kSecImportExportPassphrase.get()) };
        if let Some(passphrase) = runtime::hold::<CfString>(passphrase) {
            import.passphrase(&passphrase.text().to_string_lossy());
        }
        let imported = match import.import(&der.bytes()) {
            Ok(imported) => imported,
            Err(e) => return e.code(),
        };
        let dictionaries = imported
            .into_iter()
            .map(|item| {
                let mut entries = Vec::new();
                if let Some(identity) = item.identity {
                    entries.push((
                        &kSecImportItemIdentity,
                        runtime::create::<SecIdentity>(identity),
                    ));
                }
                if let Some(chain) = item.cert_chain {
                    entries.push((&kSecImportItemCertChain, certificate::array_of(chain)));
                }
                if let Some(made) = item.trust {
                    entries.push((&kSecImportItemTrust, trust::create(made)));
                }
                if let Some(label) = item.label {
                    entries.push((&kSecImportItemLabel, string::create(&label)));
                }
                dictionary(entries)
            })
            .collect();
        // SAFETY: the C API's contract: a writable out-pointer (not NULL here).
        unsafe { c_args::put(items, array::of_created(dictionaries)) };
        errSecSuccess
    })
}
