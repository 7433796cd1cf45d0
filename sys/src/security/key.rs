//! SecKey: RSA and EC keys as CF objects — Apple's external representations, attributes
//! and signatures, errors as `CFError`s with Apple's codes and texts.

use secure_transport::key::{Algorithm, KeyClass, KeyError, KeyOperation, KeyType, SecKey};
use secure_transport::status::{errSecParam, errSecUnimplemented};

use crate::c_args;
use crate::cf::boolean::{kCFBooleanFalse, kCFBooleanTrue};
use crate::cf::data::{self, Data};
use crate::cf::dictionary::{self, CFDictionaryGetValue};
use crate::cf::error;
use crate::cf::number::{self, CfNumber};
use crate::cf::runtime::{self, immortal, Class, ConstRef, Instance};
use crate::cf::string::CfString;
use crate::cf::types::{Boolean, CFIndex, CFTypeID, CFTypeRef};
use crate::guard;
use crate::security::attributes::*;

static CLASS: Class = Class::with_equal_values::<SecKey>("SecKey");

impl Instance for SecKey {
    fn class() -> &'static Class {
        &CLASS
    }
}

macro_rules! algorithms {
    ($($name:ident => $variant:ident,)*) => {
        $(
            immortal! {
                #[doc = concat!("`", stringify!($name), "`.")]
                $name: CfString = CfString::Static(Algorithm::$variant.c_name());
            }
        )*
        /// Each constant's name and algorithm, for the test that every algorithm has one.
        #[cfg(test)]
        const CONSTANTS: &[(&str, Algorithm)] = &[$((stringify!($name), Algorithm::$variant),)*];
    };
}

algorithms! {
    kSecKeyAlgorithmRSASignatureRaw => RSASignatureRaw,
    kSecKeyAlgorithmRSASignatureDigestPKCS1v15Raw => RSASignatureDigestPKCS1v15Raw,
    kSecKeyAlgorithmRSASignatureDigestPKCS1v15SHA1 => RSASignatureDigestPKCS1v15SHA1,
    kSecKeyAlgorithmRSASignatureDigestPKCS1v15SHA224 => RSASignatureDigestPKCS1v15SHA224,
    kSecKeyAlgorithmRSASignatureDigestPKCS1v15SHA256 => RSASignatureDigestPKCS1v15SHA256,
    kSecKeyAlgorithmRSASignatureDigestPKCS1v15SHA384 => RSASignatureDigestPKCS1v15SHA384,
    kSecKeyAlgorithmRSASignatureDigestPKCS1v15SHA512 => RSASignatureDigestPKCS1v15SHA512,
    kSecKeyAlgorithmRSASignatureMessagePKCS1v15SHA1 => RSASignatureMessagePKCS1v15SHA1,
    kSecKeyAlgorithmRSASignatureMessagePKCS1v15SHA224 => RSASignatureMessagePKCS1v15SHA224,
    kSecKeyAlgorithmRSASignatureMessagePKCS1v15SHA256 => RSASignatureMessagePKCS1v15SHA256,
    kSecKeyAlgorithmRSASignatureMessagePKCS1v15SHA384 => RSASignatureMessagePKCS1v15SHA384,
    kSecKeyAlgorithmRSASignatureMessagePKCS1v15SHA512 => RSASignatureMessagePKCS1v15SHA512,
    kSecKeyAlgorithmRSASignatureDigestPSSSHA1 => RSASignatureDigestPSSSHA1,
    kSecKeyAlgorithmRSASignatureDigestPSSSHA224 => RSASignatureDigestPSSSHA224,
    kSecKeyAlgorithmRSASignatureDigestPSSSHA256 => RSASignatureDigestPSSSHA256,
    kSecKeyAlgorithmRSASignatureDigestPSSSHA384 => RSASignatureDigestPSSSHA384,
    kSecKeyAlgorithmRSASignatureDigestPSSSHA512 => RSASignatureDigestPSSSHA512,
    kSecKeyAlgorithmRSASignatureMessagePSSSHA1 => RSASignatureMessagePSSSHA1,
    kSecKeyAlgorithmRSASignatureMessagePSSSHA224 => RSASignatureMessagePSSSHA224,
    kSecKeyAlgorithmRSASignatureMessagePSSSHA256 => RSASignatureMessagePSSSHA256,
    kSecKeyAlgorithmRSASignatureMessagePSSSHA384 => RSASignatureMessagePSSSHA384,
    kSecKeyAlgorithmRSASignatureMessagePSSSHA512 => RSASignatureMessagePSSSHA512,
    kSecKeyAlgorithmECDSASignatureRFC4754 => ECDSASignatureRFC4754,
    kSecKeyAlgorithmECDSASignatureDigestX962 => ECDSASignatureDigestX962,
    kSecKeyAlgorithmECDSASignatureDigestX962SHA1 => ECDSASignatureDigestX962SHA1,
    kSecKeyAlgorithmECDSASignatureDigestX962SHA224 => ECDSASignatureDigestX962SHA224,
    kSecKeyAlgorithmECDSASignatureDigestX962SHA256 => ECDSASignatureDigestX962SHA256,
    kSecKeyAlgorithmECDSASignatureDigestX962SHA384 => ECDSASignatureDigestX962SHA384,
    kSecKeyAlgorithmECDSASignatureDigestX962SHA512 => ECDSASignatureDigestX962SHA512,
    kSecKeyAlgorithmECDSASignatureMessageX962SHA1 => ECDSASignatureMessageX962SHA1,
    kSecKeyAlgorithmECDSASignatureMessageX962SHA224 => ECDSASignatureMessageX962SHA224,
    kSecKeyAlgorithmECDSASignatureMessageX962SHA256 => ECDSASignatureMessageX962SHA256,
    kSecKeyAlgorithmECDSASignatureMessageX962SHA384 => ECDSASignatureMessageX962SHA384,
    kSecKeyAlgorithmECDSASignatureMessageX962SHA512 => ECDSASignatureMessageX962SHA512,
    kSecKeyAlgorithmRSAEncryptionRaw => RSAEncryptionRaw,
    kSecKeyAlgorithmRSAEncryptionPKCS1 => RSAEncryptionPKCS1,
    kSecKeyAlgorithmRSAEncryptionOAEPSHA1 => RSAEncryptionOAEPSHA1,
    kSecKeyAlgorithmRSAEncryptionOAEPSHA224 => RSAEncryptionOAEPSHA224,
    kSecKeyAlgorithmRSAEncryptionOAEPSHA256 => RSAEncryptionOAEPSHA256,
    kSecKeyAlgorithmRSAEncryptionOAEPSHA384 => RSAEncryptionOAEPSHA384,
    kSecKeyAlgorithmRSAEncryptionOAEPSHA512 => RSAEncryptionOAEPSHA512,
    kSecKeyAlgorithmRSAEncryptionOAEPSHA1AESGCM => RSAEncryptionOAEPSHA1AESGCM,
    kSecKeyAlgorithmRSAEncryptionOAEPSHA224AESGCM => RSAEncryptionOAEPSHA224AESGCM,
    kSecKeyAlgorithmRSAEncryptionOAEPSHA256AESGCM => RSAEncryptionOAEPSHA256AESGCM,
    kSecKeyAlgorithmRSAEncryptionOAEPSHA384AESGCM => RSAEncryptionOAEPSHA384AESGCM,
    kSecKeyAlgorithmRSAEncryptionOAEPSHA512AESGCM => RSAEncryptionOAEPSHA512AESGCM,
    kSecKeyAlgorithmECIESEncryptionStandardX963SHA1AESGCM => ECIESEncryptionStandardX963SHA1AESGCM,
    kSecKeyAlgorithmECIESEncryptionStandardX963SHA224AESGCM => ECIESEncryptionStandardX963SHA224AESGCM,
    kSecKeyAlgorithmECIESEncryptionStandardX963SHA256AESGCM => ECIESEncryptionStandardX963SHA256AESGCM,
    kSecKeyAlgorithmECIESEncryptionStandardX963SHA384AESGCM => ECIESEncryptionStandardX963SHA384AESGCM,
    kSecKeyAlgorithmECIESEncryptionStandardX963SHA512AESGCM => ECIESEncryptionStandardX963SHA512AESGCM,
    kSecKeyAlgorithmECIESEncryptionCofactorX963SHA1AESGCM => ECIESEncryptionCofactorX963SHA1AESGCM,
    kSecKeyAlgorithmECIESEncryptionCofactorX963SHA224AESGCM => ECIESEncryptionCofactorX963SHA224AESGCM,
    kSecKeyAlgorithmECIESEncryptionCofactorX963SHA256AESGCM => ECIESEncryptionCofactorX963SHA256AESGCM,
    kSecKeyAlgorithmECIESEncryptionCofactorX963SHA384AESGCM => ECIESEncryptionCofactorX963SHA384AESGCM,
    kSecKeyAlgorithmECIESEncryptionCofactorX963SHA512AESGCM => ECIESEncryptionCofactorX963SHA512AESGCM,
    kSecKeyAlgorithmECIESEncryptionStandardVariableIVX963SHA224AESGCM => ECIESEncryptionStandardVariableIVX963SHA224AESGCM,
    kSecKeyAlgorithmECIESEncryptionStandardVariableIVX963SHA256AESGCM => ECIESEncryptionStandardVariableIVX963SHA256AESGCM,
    kSecKeyAlgorithmECIESEncryptionStandardVariableIVX963SHA384AESGCM => ECIESEncryptionStandardVariableIVX963SHA384AESGCM,
    kSecKeyAlgorithmECIESEncryptionStandardVariableIVX963SHA512AESGCM => ECIESEncryptionStandardVariableIVX963SHA512AESGCM,
    kSecKeyAlgorithmECIESEncryptionCofactorVariableIVX963SHA224AESGCM => ECIESEncryptionCofactorVariableIVX963SHA224AESGCM,
    kSecKeyAlgorithmECIESEncryptionCofactorVariableIVX963SHA256AESGCM => ECIESEncryptionCofactorVariableIVX963SHA256AESGCM,
    kSecKeyAlgorithmECIESEncryptionCofactorVariableIVX963SHA384AESGCM => ECIESEncryptionCofactorVariableIVX963SHA384AESGCM,
    kSecKeyAlgorithmECIESEncryptionCofactorVariableIVX963SHA512AESGCM => ECIESEncryptionCofactorVariableIVX963SHA512AESGCM,
    kSecKeyAlgorithmECDHKeyExchangeStandard => ECDHKeyExchangeStandard,
    kSecKeyAlgorithmECDHKeyExchangeStandardX963SHA1 => ECDHKeyExchangeStandardX963SHA1,
    kSecKeyAlgorithmECDHKeyExchangeStandardX963SHA224 => ECDHKeyExchangeStandardX963SHA224,
    kSecKeyAlgorithmECDHKeyExchangeStandardX963SHA256 => ECDHKeyExchangeStandardX963SHA256,
    kSecKeyAlgorithmECDHKeyExchangeStandardX963SHA384 => ECDHKeyExchangeStandardX963SHA384,
    kSecKeyAlgorithmECDHKeyExchangeStandardX963SHA512 => ECDHKeyExchangeStandardX963SHA512,
    kSecKeyAlgorithmECDHKeyExchangeCofactor => ECDHKeyExchangeCofactor,
    kSecKeyAlgorithmECDHKeyExchangeCofactorX963SHA1 => ECDHKeyExchangeCofactorX963SHA1,
    kSecKeyAlgorithmECDHKeyExchangeCofactorX963SHA224 => ECDHKeyExchangeCofactorX963SHA224,
    kSecKeyAlgorithmECDHKeyExchangeCofactorX963SHA256 => ECDHKeyExchangeCofactorX963SHA256,
    kSecKeyAlgorithmECDHKeyExchangeCofactorX963SHA384 => ECDHKeyExchangeCofactorX963SHA384,
    kSecKeyAlgorithmECDHKeyExchangeCofactorX963SHA512 => ECDHKeyExchangeCofactorX963SHA512,
}

/// Stores a new CFError of `error` through `out`, if the caller gave one.
///
/// # Safety
/// A non-null `out` must be valid for a write of a reference.
pub unsafe fn put_error(out: *mut CFTypeRef, error: &KeyError) {
    if !out.is_null() {
        let made = error::create_described(error.code(), error.description().to_owned());
        // SAFETY: the caller's promise, for a pointer that is not NULL.
        unsafe { c_args::put(out, made) };
    }
}

/// `%@` of a parameter in SecKey.c's texts: a string's text, a number, "(null)".
fn describe(value: CFTypeRef) -> String {
    if value.is_null() {
        return "(null)".into();
    }
    if let Some(text) = runtime::hold::<CfString>(value) {
        return text.text().to_string_lossy().into_owned();
    }
    match runtime::hold::<CfNumber>(value).and_then(|n| n.to_i64()) {
        Some(n) => n.to_string(),
        None => "<CFType>".into(),
    }
}

/// A key type or class as `SecKeyCreateWithData` reads it (SecKey.c's
/// `SecKeyParamsGetSInt32`): a CFNumber, or a CFString of a number in its plain decimal
/// form, not negative; else `errSecParam` "Unsupported <what>: <value>".
fn parameter(parameters: CFTypeRef, key: &ConstRef, what: &str) -> Result<i64, KeyError> {
    // SAFETY: a CFString key, which any dictionary's callbacks compare (CF's compare
    // objects, a caller's take its own keys, CFStrings).
    let value = unsafe { CFDictionaryGetValue(parameters, key.get()) };
    let number = if let Some(number) = runtime::hold::<CfNumber>(value) {
        number.to_i64().filter(|n| i32::try_from(*n).is_ok())
    } else if let Some(text) = runtime::hold::<CfString>(value) {
        let text = text.text().to_str().unwrap_or_default().to_owned();
        text.parse::<i32>()
            .ok()
            .filter(|n| n.to_string() == text)
            .map(i64::from)
    } else {
        None
    };
    number.filter(|n| *n >= 0).ok_or_else(|| {
        KeyError::new(
            errSecParam,
            format!("Unsupported {what}: {}", describe(value)),
        )
    })
}

/// The key `SecKeyCreateWithData` is asked for, or Apple's error.
fn requested(parameters: CFTypeRef) -> Result<(KeyType, KeyClass), KeyError> {
    let type_value = parameter(parameters, &kSecAttrKeyType, "key type")?;
    let class = parameter(parameters, &kSecAttrKeyClass, "key class")?;
    // SAFETY: as in `parameter`.
    let key_type = || unsafe { describe(CFDictionaryGetValue(parameters, kSecAttrKeyType.get())) };
    let (class, which) = match class {
        0 => (KeyClass::Public, "public"),
        1 => (KeyClass::Private, "private"),
        2 => {
            let text = format!("Unsupported symmetric key type: {}", key_type());
            return Err(KeyError::new(errSecUnimplemented, text));
        }
        _ => {
            // SAFETY: as in `parameter`.
            let value = unsafe { CFDictionaryGetValue(parameters, kSecAttrKeyClass.get()) };
            let text = format!("Unsupported key class: {}", describe(value));
            return Err(KeyError::new(errSecParam, text));
        }
    };
    match KeyType::from_cssm_algorithm(type_value) {
        Some(key_type) => Ok((key_type, class)),
        None => Err(KeyError::new(
            errSecParam,
            format!("Unsupported {which} key type: {}", key_type()),
        )),
    }
}

/// The algorithm a CFString names, or SecKey.c's error for one no key supports.
fn algorithm(reference: CFTypeRef) -> Result<Algorithm, KeyError> {
    let name =
        runtime::hold::<CfString>(reference).map(|s| s.text().to_string_lossy().into_owned());
    name.as_deref()
        .and_then(Algorithm::from_name)
        .ok_or_else(|| {
            let name = name.unwrap_or_else(|| describe(reference));
            KeyError::new(
                errSecParam,
                format!("{name}: algorithm not supported by the key"),
            )
        })
}

/// `SecKeyGetTypeID`.
#[no_mangle]
pub extern "C" fn SecKeyGetTypeID() -> CFTypeID {
    CLASS.id()
}

/// `SecKeyCreateWithData`: a key from its external representation and the parameters
/// `kSecAttrKeyType` and `kSecAttrKeyClass` (a CFString of the number or a CFNumber;
/// `kSecAttrKeySizeInBits` is not needed, as on Apple). NULL and `*error` on failure.
#[no_mangle]
pub unsafe extern "C" fn SecKeyCreateWithData(
    key_data: CFTypeRef,
    attributes: CFTypeRef,
    error: *mut CFTypeRef,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let made = requested(attributes).and_then(|(key_type, key_class)| {
            let bytes = runtime::hold::<Data>(key_data);
            let bytes = bytes.as_deref().map(Data::bytes).unwrap_or_default();
            SecKey::from_data(key_type, key_class, &bytes)
        });
        match made {
            Ok(key) => runtime::create(key),
            Err(e) => {
                // SAFETY: the C API's contract: NULL or a writable error pointer.
                unsafe { put_error(error, &e) };
                std::ptr::null()
            }
        }
    })
}

/// `SecKeyCopyExternalRepresentation`: PKCS#1 for RSA, X9.63 for EC.
#[no_mangle]
pub unsafe extern "C" fn SecKeyCopyExternalRepresentation(
    key: CFTypeRef,
    error: *mut CFTypeRef,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let exported = runtime::hold::<SecKey>(key).and_then(|k| k.external_representation());
        match exported {
            Some(bytes) => data::create(bytes),
            None => {
                let e = KeyError::new(errSecParam, "export not implemented for key");
                // SAFETY: the C API's contract: NULL or a writable error pointer.
                unsafe { put_error(error, &e) };
                std::ptr::null()
            }
        }
    })
}

/// The entries of `SecKeyCopyAttributes`' dictionary: the key's type, class, sizes,
/// application label and uses, each value made for the caller's dictionary.
pub fn attribute_entries(key: &SecKey) -> Vec<(&'static ConstRef, CFTypeRef)> {
    let a = key.attributes();
    let flag = |on: bool| {
        if on {
            kCFBooleanTrue.get()
        } else {
            kCFBooleanFalse.get()
        }
    };
    let size = |bits: usize| number::create_i64(i64::try_from(bits).unwrap_or(0));
    vec![
        (
            &kSecAttrKeyType,
            match a.key_type {
                KeyType::Rsa => kSecAttrKeyTypeRSA.get(),
                KeyType::Ec => kSecAttrKeyTypeEC.get(),
            },
        ),
        (
            &kSecAttrKeyClass,
            match a.key_class {
                KeyClass::Public => kSecAttrKeyClassPublic.get(),
                KeyClass::Private => kSecAttrKeyClassPrivate.get(),
            },
        ),
        (&kSecAttrKeySizeInBits, size(a.size_in_bits)),
        (&kSecAttrEffectiveKeySize, size(a.effective_size)),
        (&kSecAttrApplicationLabel, data::create(a.application_label)),
        (&kSecAttrCanEncrypt, flag(a.can_encrypt)),
        (&kSecAttrCanDecrypt, flag(a.can_decrypt)),
        (&kSecAttrCanDerive, flag(a.can_derive)),
        (&kSecAttrCanSign, flag(a.can_sign)),
        (&kSecAttrCanVerify, flag(a.can_verify)),
        (&kSecAttrCanWrap, flag(a.can_wrap)),
        (&kSecAttrCanUnwrap, flag(a.can_unwrap)),
    ]
}

/// `SecKeyCopyAttributes`: the key's type, class, sizes, application label and uses.
#[no_mangle]
pub extern "C" fn SecKeyCopyAttributes(key: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        runtime::hold::<SecKey>(key).map_or(std::ptr::null(), |key| {
            dictionary::of_constant_keys(attribute_entries(&key))
        })
    })
}

/// `SecKeyCopyPublicKey`: the public key of a private key, or the key itself; NULL for no
/// key.
#[no_mangle]
pub extern "C" fn SecKeyCopyPublicKey(key: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        runtime::hold::<SecKey>(key)
            .and_then(|k| k.public_key())
            .map_or(std::ptr::null(), runtime::create)
    })
}

/// `SecKeyGetBlockSize`: the modulus's bytes, or the field's; 0 for no key.
#[no_mangle]
pub extern "C" fn SecKeyGetBlockSize(key: CFTypeRef) -> usize {
    guard::value(0, || {
        runtime::hold::<SecKey>(key).map_or(0, |k| k.block_size())
    })
}

/// The key behind a reference, or SecKey.c's error for an algorithm it cannot do.
fn held(key: CFTypeRef, algorithm: Algorithm) -> Result<runtime::Held<SecKey>, KeyError> {
    runtime::hold::<SecKey>(key).ok_or_else(|| {
        KeyError::new(
            errSecParam,
            format!(
                "{}: algorithm not supported by the key (null)",
                algorithm.name()
            ),
        )
    })
}

/// `SecKeyCreateSignature`: the signature, or NULL and `*error`.
#[no_mangle]
pub unsafe extern "C" fn SecKeyCreateSignature(
    key: CFTypeRef,
    algorithm: CFTypeRef,
    data_to_sign: CFTypeRef,
    error: *mut CFTypeRef,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let signed = self::algorithm(algorithm).and_then(|algorithm| {
            let key = held(key, algorithm)?;
            let data = runtime::hold::<Data>(data_to_sign)
                .ok_or_else(|| KeyError::new(errSecParam, "no data to sign"))?;
            key.create_signature(algorithm, &data.bytes())
        });
        match signed {
            Ok(signature) => data::create(signature),
            Err(e) => {
                // SAFETY: the C API's contract: NULL or a writable error pointer.
                unsafe { put_error(error, &e) };
                std::ptr::null()
            }
        }
    })
}

/// `SecKeyVerifySignature`: true if `signature` is one of `signed_data`; else false and
/// `*error` (`errSecVerifyFailed` for a signature that does not match).
#[no_mangle]
pub unsafe extern "C" fn SecKeyVerifySignature(
    key: CFTypeRef,
    algorithm: CFTypeRef,
    signed_data: CFTypeRef,
    signature: CFTypeRef,
    error: *mut CFTypeRef,
) -> Boolean {
    guard::value(0, || {
        let verified = self::algorithm(algorithm).and_then(|algorithm| {
            let key = held(key, algorithm)?;
            let (Some(signed), Some(signature)) = (
                runtime::hold::<Data>(signed_data),
                runtime::hold::<Data>(signature),
            ) else {
                return Err(KeyError::new(errSecParam, "no data or signature to verify"));
            };
            key.verify_signature(algorithm, &signed.bytes(), &signature.bytes())
        });
        match verified {
            Ok(valid) => Boolean::from(valid),
            Err(e) => {
                // SAFETY: the C API's contract: NULL or a writable error pointer.
                unsafe { put_error(error, &e) };
                0
            }
        }
    })
}

/// `SecKeyIsAlgorithmSupported`: false for anything that is not a key, an operation or an
/// algorithm.
#[no_mangle]
pub extern "C" fn SecKeyIsAlgorithmSupported(
    key: CFTypeRef,
    operation: CFIndex,
    algorithm: CFTypeRef,
) -> Boolean {
    guard::value(0, || {
        let (Some(key), Some(operation), Ok(algorithm)) = (
            runtime::hold::<SecKey>(key),
            isize::try_from(operation)
                .ok()
                .and_then(KeyOperation::from_raw),
            self::algorithm(algorithm),
        ) else {
            return 0;
        };
        Boolean::from(key.is_algorithm_supported(operation, algorithm))
    })
}

#[cfg(test)]
mod tests {
    use crate::security::key::CONSTANTS;
    use secure_transport::key::Algorithm;

    #[test]
    fn every_algorithm_has_its_constant() {
        assert_eq!(CONSTANTS.len(), Algorithm::ALL.len());
        for (name, algorithm) in CONSTANTS {
            assert_eq!(*name, format!("kSecKeyAlgorithm{algorithm:?}"));
        }
    }
}
