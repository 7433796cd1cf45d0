//! SecIdentity: a certificate with its private key (from PKCS#12 import).

use secure_transport::identity::SecIdentity;
use secure_transport::status::{errSecParam, errSecSuccess};
use secure_transport::OSStatus;

use crate::c_args;
use crate::cf::runtime::{self, Class, Instance};
use crate::cf::types::{CFTypeID, CFTypeRef};
use crate::guard;

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
