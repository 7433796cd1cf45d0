//! SecIdentity: a certificate with its private key (from import, from a keychain, or paired
//! by SPI).

use secure_transport::certificate::SecCertificate;
use secure_transport::identity::SecIdentity;
use secure_transport::key::SecKey;
use secure_transport::status::{errSecItemNotFound, errSecParam, errSecSuccess};
use secure_transport::OSStatus;

use crate::c_args;
use crate::cf::runtime::{self, Class, Instance};
use crate::cf::types::{CFAllocatorRef, CFTypeID, CFTypeRef};
use crate::guard;
use crate::security::keychain;

static CLASS: Class = Class::new::<SecIdentity>("SecIdentity");

impl Instance for SecIdentity {
    fn class() -> &'static Class {
        &CLASS
    }
}

/// `SecIdentityGetTypeID`.
#[no_mangle]
pub extern "C" fn SecIdentityGetTypeID() -> CFTypeID {
    CLASS.id()
}

/// `SecIdentityCopyCertificate`: the identity's certificate, owned by the caller.
#[no_mangle]
pub unsafe extern "C" fn SecIdentityCopyCertificate(
    identity: CFTypeRef,
    certificate: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        let Some(identity) = runtime::hold::<SecIdentity>(identity) else {
            return errSecParam;
        };
        if certificate.is_null() {
            return errSecParam;
        }
        match identity.certificate() {
            Ok(copy) => {
                // SAFETY: the C API's contract: a writable out-pointer (not NULL here).
                unsafe { c_args::put(certificate, runtime::create(copy)) };
                errSecSuccess
            }
            Err(e) => e.code(),
        }
    })
}

/// `SecIdentityCopyPrivateKey`: the identity's key, owned by the caller.
#[no_mangle]
pub unsafe extern "C" fn SecIdentityCopyPrivateKey(
    identity: CFTypeRef,
    private_key: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        let Some(identity) = runtime::hold::<SecIdentity>(identity) else {
            return errSecParam;
        };
        if private_key.is_null() {
            return errSecParam;
        }
        match identity.private_key() {
            Ok(key) => {
                // SAFETY: the C API's contract: a writable out-pointer (not NULL here).
                unsafe { c_args::put(private_key, runtime::create(key)) };
                errSecSuccess
            }
            Err(e) => e.code(),
        }
    })
}

/// `SecIdentityCreate` (SPI, SecIdentityPriv.h): the identity of a certificate and its
/// private key; NULL for anything else, a public key or a key that is not the
/// certificate's included (Apple pairs them unchecked; a mismatched pair would only fail
/// later, in a handshake).
#[no_mangle]
pub extern "C" fn SecIdentityCreate(
    _allocator: CFAllocatorRef,
    certificate: CFTypeRef,
    private_key: CFTypeRef,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let (Some(certificate), Some(key)) = (
            runtime::hold::<SecCertificate>(certificate),
            runtime::hold::<SecKey>(private_key),
        ) else {
            return std::ptr::null();
        };
        match SecIdentity::with_private_key(certificate.clone(), &key) {
            Ok(identity) => runtime::create(identity),
            Err(_) => std::ptr::null(),
        }
    })
}

/// `SecIdentityCreateWithCertificate`: the identity of a certificate and the private key
/// that matches it, found in a keychain, an array of keychains (`errSecInvalidKeychain` if
/// an element is something else; none: `errSecItemNotFound`) or, for NULL, the search list.
/// `errSecItemNotFound` if none of them has the key.
#[no_mangle]
pub unsafe extern "C" fn SecIdentityCreateWithCertificate(
    keychain_or_array: CFTypeRef,
    certificate: CFTypeRef,
    identity: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        let Some(certificate) = runtime::hold::<SecCertificate>(certificate) else {
            return errSecParam;
        };
        if identity.is_null() {
            return errSecParam;
        }
        let keychains = if keychain_or_array.is_null() {
            Vec::new()
        } else {
            match keychain::keychains(keychain_or_array) {
                Ok(list) if list.is_empty() => return errSecItemNotFound,
                Ok(list) => list,
                Err(status) => return status,
            }
        };
        match SecIdentity::with_certificate(&keychains, &certificate) {
            Ok(found) => {
                // SAFETY: the C API's contract: a writable out-pointer (not NULL here).
                unsafe { c_args::put(identity, runtime::create(found)) };
                errSecSuccess
            }
            Err(e) => e.code(),
        }
    })
}
