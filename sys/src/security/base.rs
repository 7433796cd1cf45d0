//! SecBase.h: the text of a result code.

use std::ffi::c_void;

use secure_transport::OSStatus;

use crate::cf::string;
use crate::cf::types::CFTypeRef;
use crate::guard;

/// `SecCopyErrorMessageString`: Apple's description of the code ("invalid certificate
/// chain"), owned by the caller.
#[no_mangle]
pub extern "C" fn SecCopyErrorMessageString(status: OSStatus, _reserved: *mut c_void) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        string::create(&secure_transport::status::message(status))
    })
}
