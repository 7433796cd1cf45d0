//! CFError: an error of the OSStatus domain, as the Security framework reports them.

use secure_transport::OSStatus;

use crate::cf::runtime::{self, immortal, Class, Instance};
use crate::cf::string::{self, CfString};
use crate::cf::types::{CFIndex, CFTypeID, CFTypeRef};
use crate::guard;

/// A CFError's value: its code.
#[derive(PartialEq)]
pub struct CfError(OSStatus);

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

/// A new CFError of `status`, owned by the caller.
pub fn create(status: OSStatus) -> CFTypeRef {
    runtime::create(CfError(status))
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
        runtime::hold::<CfError>(error).map_or(0, |e| e.0 as CFIndex)
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

/// `CFErrorCopyDescription`: the code's Apple name and value, owned by the caller.
#[no_mangle]
pub extern "C" fn CFErrorCopyDescription(error: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || match runtime::hold::<CfError>(error) {
        Some(error) => string::create(&secure_transport::Error::from_code(error.0).to_string()),
        None => std::ptr::null(),
    })
}
