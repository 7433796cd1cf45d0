//! SecImportExport.h: PKCS#12 import (`SecPKCS12Import`), and certificates, keys and
//! identities in and out of their external formats (`SecItemImport`, `SecItemExport`).

use secure_transport::certificate::SecCertificate;
use secure_transport::identity::{in_memory, SecIdentity};
use secure_transport::import_export::{
    ExportOptions, ExternalFormat, ExternalItemType, ImportOptions, Item, Pkcs12ImportOptions,
};
use secure_transport::key::SecKey;
use secure_transport::keychain::{ItemValue, SecKeychain};
use secure_transport::os::macos::import_export::store_in;
use secure_transport::status::{
    errSecInvalidItemRef, errSecInvalidKeychain, errSecParam, errSecSuccess,
};
use secure_transport::OSStatus;

use crate::c_args;
use crate::cf::array;
use crate::cf::data::{self, Data};
use crate::cf::dictionary::{self, CFDictionaryGetValue};
use crate::cf::runtime::{self, immortal};
use crate::cf::string::{self, CfString};
use crate::cf::types::CFTypeRef;
use crate::guard;
use crate::security::{certificate, trust};

immortal! {
    /// `kSecImportExportPassphrase`: the options key of the passphrase (a CFString).
    kSecImportExportPassphrase: CfString = CfString::Static(c"passphrase");
}
immortal! {
    /// `kSecImportExportKeychain`: the options key of the keychain to import into.
    kSecImportExportKeychain: CfString = CfString::Static(c"keychain");
}
immortal! {
    /// `kSecImportExportAccess`: the options key of the imported keys' access.
    kSecImportExportAccess: CfString = CfString::Static(c"access");
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

/// `SecPKCS12Import`: `*items` receives a CFArray of one dictionary per identity
/// (`kSecImportItem*` keys). `errSecDecode` for data that is not PKCS#12,
/// `errSecAuthFailed` for a wrong passphrase. With `kSecImportExportKeychain`, each identity
/// is stored in that keychain too, under the archive's label (`errSecDuplicateItem` if it is
/// there already). A Mac stores into the default keychain when no keychain is given; this
/// library does so only when asked, so that programs that only read an identity from a file
/// leave no trace (and can read the same file twice).
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
        // SAFETY: as for the passphrase.
        let keychain = unsafe { CFDictionaryGetValue(options, kSecImportExportKeychain.get()) };
        if !keychain.is_null() {
            let Some(keychain) = runtime::hold::<SecKeychain>(keychain) else {
                return errSecInvalidKeychain;
            };
            let identities: Vec<(ItemValue, Option<&str>)> = (imported.iter())
                .filter_map(|item| {
                    let identity = ItemValue::Identity(item.identity.clone()?);
                    Some((identity, item.label.as_deref()))
                })
                .collect();
            if let Err(e) = keychain.add_all(&identities) {
                return e.code();
            }
        }
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
                dictionary::of_constant_keys(entries)
            })
            .collect();
        // SAFETY: the C API's contract: a writable out-pointer (not NULL here).
        unsafe { c_args::put(items, array::of_created(dictionaries)) };
        errSecSuccess
    })
}

/// `kSecKeySecurePassphrase`: ask the user for the passphrase (no one to ask here).
const kSecKeySecurePassphrase: u32 = 2;
/// `kSecItemPemArmour`: export as PEM.
const kSecItemPemArmour: u32 = 1;

/// The fields of `SecItemImportExportKeyParameters` and of the older
/// `SecKeyImportExportParameters` that import and export read: both structs begin alike
/// (their key usage and attributes, after these, differ in type and are not read).
#[repr(C)]
pub struct KeyParameters {
    version: u32,
    flags: u32,
    passphrase: CFTypeRef,
    alert_title: CFTypeRef,
    alert_prompt: CFTypeRef,
    access_ref: CFTypeRef,
}

impl KeyParameters {
    /// Parameters of version 0 holding `passphrase` (NULL: none), for Rust callers of the
    /// C functions.
    pub fn with_passphrase(passphrase: CFTypeRef) -> KeyParameters {
        KeyParameters {
            version: 0,
            flags: 0,
            passphrase,
            alert_title: std::ptr::null(),
            alert_prompt: std::ptr::null(),
            access_ref: std::ptr::null(),
        }
    }
}

/// The flags and passphrase of the key parameters (NULL: none). A passphrase is a CFString
/// or a CFData of UTF-8 (Apple's rule for PKCS#12); anything else is `errSecParam`.
///
/// # Safety
/// A non-null `parameters` must point at one of the two structs.
unsafe fn key_parameters(
    parameters: *const KeyParameters,
) -> Result<(u32, Option<String>), OSStatus> {
    // SAFETY: the caller's promise.
    let Some(parameters) = (unsafe { parameters.as_ref() }) else {
        return Ok((0, None));
    };
    let value = parameters.passphrase;
    if value.is_null() {
        return Ok((parameters.flags, None));
    }
    let passphrase = if let Some(text) = runtime::hold::<CfString>(value) {
        text.text().to_string_lossy().into_owned()
    } else if let Some(bytes) = runtime::hold::<Data>(value) {
        String::from_utf8(bytes.bytes().to_vec()).map_err(|_| errSecParam)?
    } else {
        return Err(errSecParam);
    };
    Ok((parameters.flags, Some(passphrase)))
}

/// What `SecItemImport` gives with no keychain: each identity (from a PKCS#12 archive) as
/// its certificate, its key kept where `SecIdentityCreateWithCertificate(NULL, …)` finds it,
/// as Apple's "in memory" import does (SecImportExportPkcs12.cpp; curl relies on it).
fn in_memory(items: Vec<Item>) -> Vec<Item> {
    items
        .into_iter()
        .map(|item| match item {
            Item::Identity(identity) => {
                in_memory::keep(&identity);
                identity
                    .certificate()
                    .map_or(Item::Identity(identity), Item::Certificate)
            }
            other => other,
        })
        .collect()
}

/// Stores what `SecItemImport` found in the keychain given, all of it or (if one item is
/// there already, `errSecDuplicateItem`) none: `errSecInvalidKeychain` for a reference that
/// is no keychain, `errSecUnimplemented` for a public key (keychain files keep private keys).
fn store_in_keychain(keychain: CFTypeRef, items: &[Item]) -> OSStatus {
    let Some(keychain) = runtime::hold::<SecKeychain>(keychain) else {
        return errSecInvalidKeychain;
    };
    (store_in(&keychain, items).err()).map_or(errSecSuccess, |e| e.code())
}

/// A new object of an imported item, owned by the caller.
fn create(item: Item) -> CFTypeRef {
    match item {
        Item::Certificate(certificate) => runtime::create(certificate),
        Item::Key(key) => runtime::create(key),
        Item::Identity(identity) => runtime::create(identity),
    }
}

/// `SecItemImport`: the certificates, keys and identities of `importedData` (PEM, DER,
/// PKCS#1, SEC1, PKCS#8, encrypted keys, PKCS#7, PKCS#12), in a new CFArray through
/// `outItems` if given; the format and item type found through `inputFormat` and
/// `itemType`, which on entry may say what the data is; with `importKeychain`, stored in
/// that keychain too (all or nothing). `flags` is unused, as on Apple.
#[no_mangle]
pub unsafe extern "C" fn SecItemImport(
    imported_data: CFTypeRef,
    file_name_or_extension: CFTypeRef,
    input_format: *mut u32,
    item_type: *mut u32,
    _flags: u32,
    key_params: *const KeyParameters,
    import_keychain: CFTypeRef,
    out_items: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        let Some(data) = runtime::hold::<Data>(imported_data) else {
            return errSecParam;
        };
        let mut options = ImportOptions::new();
        if !file_name_or_extension.is_null() {
            let Some(name) = runtime::hold::<CfString>(file_name_or_extension) else {
                return errSecParam;
            };
            options.filename(&name.text().to_string_lossy());
        }
        // SAFETY: the C API's contract: NULL or a readable SecExternalFormat.
        if let Some(&format) = unsafe { input_format.as_ref() } {
            options.format(ExternalFormat::from_raw(format));
        }
        // SAFETY: the C API's contract: NULL or a readable SecExternalItemType.
        if let Some(&kind) = unsafe { item_type.as_ref() } {
            options.item_type(ExternalItemType::from_raw(kind));
        }
        // SAFETY: the C API's contract: NULL or a key parameters struct.
        match unsafe { key_parameters(key_params) } {
            Ok((_, Some(passphrase))) => {
                options.passphrase(&passphrase);
            }
            Ok((_, None)) => {}
            Err(code) => return code,
        }
        let imported = match options.import_items(&data.bytes()) {
            Ok(imported) => imported,
            Err(e) => return e.code(),
        };
        let items = if import_keychain.is_null() {
            in_memory(imported.items)
        } else {
            let status = store_in_keychain(import_keychain, &imported.items);
            if status != errSecSuccess {
                return status;
            }
            imported.items
        };
        // SAFETY: the C API's contract: NULL or writable out-pointers.
        unsafe {
            c_args::put(input_format, imported.format.to_raw());
            c_args::put(item_type, imported.item_type.to_raw());
            if !out_items.is_null() {
                let items = items.into_iter().map(create).collect();
                c_args::put(out_items, array::of_created(items));
            }
        }
        errSecSuccess
    })
}

/// `SecKeychainItemImport`: `SecItemImport` with the older key parameters.
#[no_mangle]
pub unsafe extern "C" fn SecKeychainItemImport(
    imported_data: CFTypeRef,
    file_name_or_extension: CFTypeRef,
    input_format: *mut u32,
    item_type: *mut u32,
    flags: u32,
    key_params: *const KeyParameters,
    import_keychain: CFTypeRef,
    out_items: *mut CFTypeRef,
) -> OSStatus {
    // SAFETY: the same contract, passed on: the two parameter structs begin alike.
    unsafe {
        SecItemImport(
            imported_data,
            file_name_or_extension,
            input_format,
            item_type,
            flags,
            key_params,
            import_keychain,
            out_items,
        )
    }
}

/// The item behind a reference: a certificate, a key or an identity.
fn item(reference: CFTypeRef) -> Option<Item> {
    if let Some(certificate) = runtime::hold::<SecCertificate>(reference) {
        return Some(Item::Certificate(certificate.clone()));
    }
    if let Some(key) = runtime::hold::<SecKey>(reference) {
        return Some(Item::Key(key.clone()));
    }
    runtime::hold::<SecIdentity>(reference).map(|i| Item::Identity(i.clone()))
}

/// `SecItemExport`: one item (certificate, key, identity) or a CFArray of them in
/// `outputFormat`, PEM with `kSecItemPemArmour`, as a new CFData through `exportedData`.
/// `errSecInvalidItemRef` for anything that is no such item; a passphrase together with
/// `kSecKeySecurePassphrase` is `errSecParam`, as on Apple.
#[no_mangle]
pub unsafe extern "C" fn SecItemExport(
    sec_item_or_array: CFTypeRef,
    output_format: u32,
    flags: u32,
    key_params: *const KeyParameters,
    exported_data: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        if sec_item_or_array.is_null() || exported_data.is_null() {
            return errSecParam;
        }
        // SAFETY: the C API's contract: NULL or a key parameters struct.
        let (key_flags, passphrase) = match unsafe { key_parameters(key_params) } {
            Ok(parameters) => parameters,
            Err(code) => return code,
        };
        if passphrase.is_some() && key_flags & kSecKeySecurePassphrase != 0 {
            return errSecParam;
        }
        let references = array::items(sec_item_or_array).unwrap_or_else(|| vec![sec_item_or_array]);
        let Some(items) = references
            .into_iter()
            .map(item)
            .collect::<Option<Vec<Item>>>()
        else {
            return errSecInvalidItemRef;
        };
        let mut options = ExportOptions::new();
        options.pem_armour(flags & kSecItemPemArmour != 0);
        if let Some(passphrase) = &passphrase {
            options.passphrase(passphrase);
        }
        match options.export(&items, ExternalFormat::from_raw(output_format)) {
            Ok(bytes) => {
                // SAFETY: the C API's contract: a writable out-pointer (not NULL here).
                unsafe { c_args::put(exported_data, data::create(bytes)) };
                errSecSuccess
            }
            Err(e) => e.code(),
        }
    })
}

/// `SecKeychainItemExport`: `SecItemExport` with the older key parameters.
#[no_mangle]
pub unsafe extern "C" fn SecKeychainItemExport(
    keychain_item_or_array: CFTypeRef,
    output_format: u32,
    flags: u32,
    key_params: *const KeyParameters,
    exported_data: *mut CFTypeRef,
) -> OSStatus {
    // SAFETY: the same contract, passed on: the two parameter structs begin alike.
    unsafe {
        SecItemExport(
            keychain_item_or_array,
            output_format,
            flags,
            key_params,
            exported_data,
        )
    }
}
