//! SecItem.h's functions: the certificates, private keys and identities of keychains added,
//! found, relabelled and deleted through dictionaries, read as macOS 10.15's SecItem.cpp
//! reads them (`_CreateSecItemParamsFromDictionary`, `AddItemResults`): a class is needed
//! (unless an item is added by reference), one item is found unless `kSecMatchLimit` says
//! more, a reference is returned unless another kind is asked for, and a value of the wrong
//! type is `errSecParam` (Apple's `errSecItemInvalidValue`, `errSecItemClassMissing`… are
//! that code).

use secure_transport::certificate::SecCertificate;
use secure_transport::identity::SecIdentity;
use secure_transport::key::SecKey;
use secure_transport::keychain::{
    Item, ItemClass, ItemSearchOptions, ItemValue, Limit, SecKeychain,
};
use secure_transport::policy::SecPolicy;
use secure_transport::status::{
    errSecItemNotFound, errSecParam, errSecSuccess, errSecUnimplemented,
};
use secure_transport::OSStatus;

use crate::c_args;
use crate::cf::array;
use crate::cf::base::{CFEqual, Retained};
use crate::cf::boolean::kCFBooleanTrue;
use crate::cf::data::{self, Data};
use crate::cf::dictionary::{self, CFDictionaryGetCount, CFDictionaryGetValue, Dictionary};
use crate::cf::number::CfNumber;
use crate::cf::runtime::{self, ConstRef};
use crate::cf::string::{self, CfString};
use crate::cf::types::{CFIndex, CFTypeRef};
use crate::guard;
use crate::security::attributes::*;
use crate::security::{key, keychain};

/// The value of `key` in the caller's dictionary; NULL if absent.
fn value(dictionary: CFTypeRef, key: &ConstRef) -> CFTypeRef {
    // SAFETY: a CFString key, which any dictionary's callbacks compare (CF's compare
    // objects; a caller's own take the caller's keys, CFStrings).
    unsafe { CFDictionaryGetValue(dictionary, key.get()) }
}

/// Whether `key` is `kCFBooleanTrue` in the dictionary (Apple's `CFEqual` test).
fn asked(dictionary: CFTypeRef, key: &ConstRef) -> bool {
    value(dictionary, key) == kCFBooleanTrue.get()
}

/// The text of a CFString value; `errSecParam` for another object.
fn text(value: CFTypeRef) -> Result<String, OSStatus> {
    let text = runtime::hold::<CfString>(value).ok_or(errSecParam)?;
    Ok(text.text().to_string_lossy().into_owned())
}

/// The `kSecAttrLabel` of a dictionary, if it has one.
fn label(dictionary: CFTypeRef) -> Result<Option<String>, OSStatus> {
    let label = value(dictionary, &kSecAttrLabel);
    if label.is_null() {
        return Ok(None);
    }
    text(label).map(Some)
}

/// The `kSecClass` of a dictionary, if it has one: `errSecParam` for a value that is no
/// class, `errSecUnimplemented` for the password classes, which this library does not keep.
fn class(dictionary: CFTypeRef) -> Result<Option<ItemClass>, OSStatus> {
    let class = value(dictionary, &kSecClass);
    if class.is_null() {
        return Ok(None);
    }
    match text(class)?.as_str() {
        "cert" => Ok(Some(ItemClass::Certificate)),
        "keys" => Ok(Some(ItemClass::Key)),
        "idnt" => Ok(Some(ItemClass::Identity)),
        "genp" | "inet" | "apls" => Err(errSecUnimplemented),
        _ => Err(errSecParam),
    }
}

/// What to return for each item found (`kSecReturn…`); a reference if nothing is asked.
struct Returns {
    reference: bool,
    persistent: bool,
    data: bool,
    attributes: bool,
}

impl Returns {
    fn of(dictionary: CFTypeRef) -> Returns {
        let mut returns = Returns {
            reference: asked(dictionary, &kSecReturnRef),
            persistent: asked(dictionary, &kSecReturnPersistentRef),
            data: asked(dictionary, &kSecReturnData),
            attributes: asked(dictionary, &kSecReturnAttributes),
        };
        if !(returns.persistent || returns.data || returns.attributes) {
            returns.reference = true;
        }
        returns
    }

    /// Several kinds: each item is a dictionary of them.
    fn several(&self) -> bool {
        [self.reference, self.persistent, self.data, self.attributes]
            .iter()
            .filter(|&&asked| asked)
            .count()
            > 1
    }
}

/// A search as a query dictionary describes it.
struct Request {
    search: ItemSearchOptions,
    returns: Returns,
    /// Results come in an array: `kSecMatchLimitAll`, or a limit above one.
    many: bool,
}

/// Reads a query: the item named by `kSecValuePersistentRef`, else those of `kSecClass`
/// with the label (`kSecAttrLabel`), the item (`kSecValueRef`) and the policy
/// (`kSecMatchPolicy`) given, in the keychains of `kSecMatchSearchList` or `kSecUseKeychain`
/// (else the search list), up to `kSecMatchLimit`.
fn request(query: CFTypeRef) -> Result<Request, OSStatus> {
    if runtime::hold::<Dictionary>(query).is_none() {
        return Err(errSecParam);
    }
    let persistent = value(query, &kSecValuePersistentRef);
    let mut search = if persistent.is_null() {
        ItemSearchOptions::new(class(query)?.ok_or(errSecParam)?)
    } else {
        let reference = runtime::hold::<Data>(persistent).ok_or(errSecParam)?;
        ItemSearchOptions::with_persistent_ref(&reference.bytes()).ok_or(errSecItemNotFound)?
    };
    if let Some(label) = label(query)? {
        search.label(&label);
    }
    let item = value(query, &kSecValueRef);
    if let Some(certificate) = runtime::hold::<SecCertificate>(item) {
        search.certificate(&certificate);
    } else if let Some(identity) = runtime::hold::<SecIdentity>(item) {
        search.certificate(&identity.certificate().map_err(|e| e.code())?);
    } else if let Some(key) = runtime::hold::<SecKey>(item) {
        search.key(&key);
    } else if !item.is_null() {
        return Err(errSecParam);
    }
    let policy = value(query, &kSecMatchPolicy);
    if !policy.is_null() {
        search.policy(&*runtime::hold::<SecPolicy>(policy).ok_or(errSecParam)?);
    }
    if persistent.is_null() {
        if let Some(keychains) = keychains(query)? {
            search.keychains(&keychains);
        }
    }
    let limit = limit(query)?;
    search.limit(limit);
    Ok(Request {
        search,
        returns: Returns::of(query),
        many: limit != Limit::Max(0) && limit != Limit::Max(1),
    })
}

/// The keychains a query names: `kSecMatchSearchList` (an array of keychains), else
/// `kSecUseKeychain`; `None`: the search list.
fn keychains(query: CFTypeRef) -> Result<Option<Vec<SecKeychain>>, OSStatus> {
    let list = value(query, &kSecMatchSearchList);
    if !list.is_null() {
        if array::items(list).is_none() {
            return Err(errSecParam);
        }
        return keychain::keychains(list).map(Some);
    }
    let one = value(query, &kSecUseKeychain);
    if one.is_null() {
        return Ok(None);
    }
    let one = runtime::hold::<SecKeychain>(one).ok_or(errSecParam)?;
    Ok(Some(vec![one.clone()]))
}

/// `kSecMatchLimit`: `kSecMatchLimitAll`, any other string for one (Apple's test is for
/// "all"), or a CFNumber not below zero.
fn limit(query: CFTypeRef) -> Result<Limit, OSStatus> {
    let limit = value(query, &kSecMatchLimit);
    if limit.is_null() {
        return Ok(Limit::Max(1));
    }
    if runtime::hold::<CfString>(limit).is_some() {
        let all = CFEqual(limit, kSecMatchLimitAll.get()) != 0;
        return Ok(if all { Limit::All } else { Limit::Max(1) });
    }
    let number = runtime::hold::<CfNumber>(limit).and_then(|n| n.to_i64());
    let most = number.and_then(|n| usize::try_from(n).ok());
    most.map(Limit::Max).ok_or(errSecParam)
}

/// A new reference to an object the caller gets (or a container takes) from `made`.
fn give(made: Retained) -> CFTypeRef {
    runtime::retain(made.get());
    made.get()
}

/// The object of an item (`kSecValueRef`): the certificate, the identity, or the key as a
/// SecKey (`errSecUnimplemented` for one Apple's SecKey does not know, neither RSA nor EC).
fn reference(value: &ItemValue) -> Result<Retained, OSStatus> {
    Ok(Retained::adopt(match value {
        ItemValue::Certificate(certificate) => runtime::create(certificate.clone()),
        ItemValue::Identity(identity) => runtime::create(identity.clone()),
        ItemValue::Key(_) => runtime::create(sec_key(value)?),
    }))
}

/// A key item as a SecKey: `errSecUnimplemented` for one that is neither RSA nor EC.
fn sec_key(value: &ItemValue) -> Result<SecKey, OSStatus> {
    match value {
        ItemValue::Key(key) => SecKey::from_private_pkey(key.clone()).map_err(|e| e.code()),
        _ => Err(errSecParam),
    }
}

/// The data of an item (`kSecValueData`): a certificate's DER (an identity's certificate's,
/// as Apple's item for an identity is its certificate), a key's external representation.
fn item_data(value: &ItemValue) -> Result<Retained, OSStatus> {
    let bytes = match value {
        ItemValue::Certificate(certificate) => certificate.to_der(),
        ItemValue::Identity(identity) => identity.certificate().map_err(|e| e.code())?.to_der(),
        ItemValue::Key(_) => {
            (sec_key(value)?.external_representation()).ok_or(errSecUnimplemented)?
        }
    };
    Ok(Retained::adopt(data::create(bytes)))
}

/// The attributes of an item (`kSecReturnAttributes`): its class and label; a
/// certificate's (an identity's certificate's, class and all) serial number and public key
/// hash; a key's attributes as `SecKeyCopyAttributes` gives them.
fn attributes(item: &Item) -> Result<Vec<(&'static ConstRef, Retained)>, OSStatus> {
    let label = Retained::adopt(string::create(item.label()));
    let constant = |c: &'static ConstRef| Retained::adopt(c.get());
    let certificate = match item.value() {
        ItemValue::Certificate(certificate) => certificate.clone(),
        ItemValue::Identity(identity) => identity.certificate().map_err(|e| e.code())?,
        ItemValue::Key(_) => {
            let mut entries = vec![
                (&kSecClass, constant(&kSecClassKey)),
                (&kSecAttrLabel, label),
            ];
            let made = key::attribute_entries(&sec_key(item.value())?);
            entries.extend(made.into_iter().map(|(k, v)| (k, Retained::adopt(v))));
            return Ok(entries);
        }
    };
    let mut entries = vec![
        (&kSecClass, constant(&kSecClassCertificate)),
        (&kSecAttrLabel, label),
    ];
    if let Ok(serial) = certificate.serial_number_bytes() {
        entries.push((&kSecAttrSerialNumber, Retained::adopt(data::create(serial))));
    }
    if let Some(hash) = (certificate.public_key().ok()).and_then(|k| k.application_label()) {
        entries.push((&kSecAttrPublicKeyHash, Retained::adopt(data::create(hash))));
    }
    Ok(entries)
}

/// What the caller gets for one item: the one kind asked for, or a dictionary of several
/// (the attributes' entries among them).
fn result(item: &Item, returns: &Returns) -> Result<Retained, OSStatus> {
    let mut entries = Vec::new();
    if returns.reference {
        entries.push((&kSecValueRef, reference(item.value())?));
    }
    if returns.persistent {
        let made = data::create(item.persistent_ref());
        entries.push((&kSecValuePersistentRef, Retained::adopt(made)));
    }
    if returns.data {
        entries.push((&kSecValueData, item_data(item.value())?));
    }
    if returns.attributes {
        entries.extend(attributes(item)?);
    }
    if !returns.several() && !returns.attributes {
        return entries.pop().map(|(_, made)| made).ok_or(errSecParam);
    }
    let entries = entries.into_iter().map(|(k, v)| (k, give(v))).collect();
    Ok(Retained::adopt(dictionary::of_constant_keys(entries)))
}

/// Stores what the caller gets for `items` through `out` (not NULL): one item's result, or
/// an array of them when many may be found.
///
/// # Safety
/// `out` is valid for a write of a reference.
unsafe fn put_results(
    out: *mut CFTypeRef,
    items: &[Item],
    returns: &Returns,
    many: bool,
) -> OSStatus {
    let made: Result<Vec<Retained>, OSStatus> = items.iter().map(|i| result(i, returns)).collect();
    let made = match made {
        Ok(made) => made,
        Err(status) => return status,
    };
    let out_value = if many {
        array::of_created(made.into_iter().map(give).collect())
    } else {
        match made.into_iter().next() {
            Some(one) => give(one),
            None => return errSecItemNotFound,
        }
    };
    // SAFETY: the caller's promise.
    unsafe { c_args::put(out, out_value) };
    errSecSuccess
}

/// `SecItemCopyMatching`: the items a query finds, as its `kSecReturn…` keys ask (`*result`
/// may be NULL: then only whether there are any). `errSecItemNotFound` if none.
#[no_mangle]
pub unsafe extern "C" fn SecItemCopyMatching(query: CFTypeRef, result: *mut CFTypeRef) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe { c_args::put(result, std::ptr::null()) };
        let request = match request(query) {
            Ok(request) => request,
            Err(status) => return status,
        };
        let found = match request.search.search() {
            Ok(found) => found,
            Err(e) => return e.code(),
        };
        if result.is_null() {
            return errSecSuccess;
        }
        // SAFETY: the C API's contract: a writable out-pointer (not NULL here).
        unsafe { put_results(result, &found, &request.returns, request.many) }
    })
}

/// The item `SecItemAdd` adds: `kSecValueRef` (a certificate, a private key, an identity:
/// its certificate and key), or a certificate's DER in `kSecValueData`. Apple adds no
/// identity with `kSecClassIdentity` (`errSecItemInvalidValue`, that is `errSecParam`).
fn to_add(attributes: CFTypeRef) -> Result<ItemValue, OSStatus> {
    let class = class(attributes)?;
    if class == Some(ItemClass::Identity) {
        return Err(errSecParam);
    }
    let item = value(attributes, &kSecValueRef);
    if let Some(certificate) = runtime::hold::<SecCertificate>(item) {
        return Ok(ItemValue::Certificate(certificate.clone()));
    }
    if let Some(identity) = runtime::hold::<SecIdentity>(item) {
        return Ok(ItemValue::Identity(identity.clone()));
    }
    if let Some(key) = runtime::hold::<SecKey>(item) {
        // Keychain files keep private keys only.
        let private = key.private_pkey().ok_or(errSecUnimplemented)?;
        return Ok(ItemValue::Key(private.to_owned()));
    }
    if !item.is_null() {
        return Err(errSecParam);
    }
    let bytes = runtime::hold::<Data>(value(attributes, &kSecValueData));
    match (class, bytes) {
        (Some(ItemClass::Certificate), Some(der)) => SecCertificate::from_der(&der.bytes())
            .map(ItemValue::Certificate)
            .map_err(|e| e.code()),
        _ => Err(errSecParam),
    }
}

/// `SecItemAdd`: adds an item to `kSecUseKeychain`, else the default keychain, with
/// `kSecAttrLabel` or a default label; `*result` (if given) gets it as `kSecReturn…` asks.
/// `errSecDuplicateItem` if it is there already.
#[no_mangle]
pub unsafe extern "C" fn SecItemAdd(attributes: CFTypeRef, result: *mut CFTypeRef) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe { c_args::put(result, std::ptr::null()) };
        if runtime::hold::<Dictionary>(attributes).is_none() {
            return errSecParam;
        }
        let added = to_add(attributes).and_then(|item| {
            let label = label(attributes)?;
            let keychain = value(attributes, &kSecUseKeychain);
            let keychain = if keychain.is_null() {
                SecKeychain::default().map_err(|e| e.code())?
            } else {
                runtime::hold::<SecKeychain>(keychain)
                    .ok_or(errSecParam)?
                    .clone()
            };
            keychain.add(&item, label.as_deref()).map_err(|e| e.code())
        });
        match added {
            // SAFETY: the C API's contract: a writable out-pointer (not NULL here).
            Ok(added) if !result.is_null() => unsafe {
                put_results(result, &[added], &Returns::of(attributes), false)
            },
            Ok(_) => errSecSuccess,
            Err(status) => status,
        }
    })
}

/// `SecItemUpdate`: gives the items a query finds (one unless `kSecMatchLimit` says more,
/// as on macOS) the label in `attributesToUpdate`, the one attribute a keychain file keeps
/// (others are `errSecUnimplemented`).
#[no_mangle]
pub extern "C" fn SecItemUpdate(query: CFTypeRef, attributes_to_update: CFTypeRef) -> OSStatus {
    guard::status(|| {
        if runtime::hold::<Dictionary>(attributes_to_update).is_none() {
            return errSecParam;
        }
        let request = match request(query) {
            Ok(request) => request,
            Err(status) => return status,
        };
        let label = match label(attributes_to_update) {
            Ok(label) => label,
            Err(status) => return status,
        };
        let others = CFDictionaryGetCount(attributes_to_update) - CFIndex::from(label.is_some());
        if others != 0 {
            return errSecUnimplemented;
        }
        let updated = match label {
            Some(label) => request.search.set_label(&label),
            None => request.search.search().map(drop),
        };
        updated.err().map_or(errSecSuccess, |e| e.code())
    })
}

/// `SecItemDelete`: deletes the items a query finds (one unless `kSecMatchLimit` says more,
/// as on macOS); an identity takes its private key along unless another certificate of its
/// keychain needs it.
#[no_mangle]
pub extern "C" fn SecItemDelete(query: CFTypeRef) -> OSStatus {
    guard::status(|| match request(query) {
        Ok(request) => request
            .search
            .delete()
            .err()
            .map_or(errSecSuccess, |e| e.code()),
        Err(status) => status,
    })
}
