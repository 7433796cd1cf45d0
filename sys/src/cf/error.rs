//! CFError: an error of the OSStatus domain, as the Security framework reports them: a code
//! and the localized description Security gives it.

use secure_transport::OSStatus;

use crate::cf::runtime::{self, immortal, Class, Instance};
use crate::cf::string::{self, CfString};
use crate::cf::types::{CFIndex, CFTypeID, CFTypeRef};
use crate::guard;

/// A CFError's value: its code and its localized description (`kCFErrorLocalizedDescriptionKey`,
/// which `CFErrorCopyDescription` returns as it is).
#[derive(PartialEq)]
pub struct CfError {
    code: OSStatus,
    description: String,
}

static CLASS: Class = Class::with_equal_values::<CfError>("CFError");

impl Instance for CfError {
    fn class() -> &'static Class {
        &CLASS
    }
}

immortal! {
    /// `kCFErrorDomainOSStatus`: every error's domain.
    kCFErrorDomainOSStatus: CfString = CfString::Static(c"NSOSStatusErrorDomain");
}

/// A new CFError of `status` with Security's text for it, owned by the caller. Security does
/// the same when it has nothing more specific to say (SecTrust.c's `SecTrustCopyError` falls
/// back to `SecCopyErrorMessageString`).
pub fn create(status: OSStatus) -> CFTypeRef {
    create_described(status, secure_transport::status::message(status))
}

/// A new CFError of `status` with the description given, owned by the caller.
pub fn create_described(status: OSStatus, description: String) -> CFTypeRef {
    runtime::create(CfError {
        code: status,
        description,
    })
}

/// `CFErrorGetTypeID`.
#[no_mangle]
pub extern "C" fn CFErrorGetTypeID() -> CFTypeID {
    CLASS.id()
}

/// `CFErrorGetCode`: 0 for no CFError.
#[no_mangle]
pub extern "C" fn CFErrorGetCode(error: CFTypeRef) -> CFIndex {
    guard::value(0, || {
        runtime::hold::<CfError>(error).map_or(0, |e| e.code as CFIndex)
    })
}

/// `CFErrorGetDomain`: `kCFErrorDomainOSStatus`; NULL for no CFError.
#[no_mangle]
pub extern "C" fn CFErrorGetDomain(error: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || match runtime::hold::<CfError>(error) {
        Some(_) => kCFErrorDomainOSStatus.get(),
        None => std::ptr::null(),
    })
}

/// `CFErrorCopyDescription`: the localized description, owned by the caller. CF returns
/// that key as it is when an error has one (`_CFErrorCreateLocalizedDescription` in
/// CFError.c), and every error made here has one.
#[no_mangle]
pub extern "C" fn CFErrorCopyDescription(error: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || match runtime::hold::<CfError>(error) {
        Some(error) => string::create(&error.description),
        None => std::ptr::null(),
    })
}
