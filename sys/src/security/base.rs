//! SecBase.h: the text of a result code.

use std::ffi::c_void;

use secure_transport::OSStatus;

use crate::cf::string;
use crate::cf::types::CFTypeRef;
use crate::guard;

/// `SecCopyErrorMessageString`: the code's Apple name and value (`errSSLWouldBlock
/// (-9803)`), owned by the caller.
#[no_mangle]
pub extern "C" fn SecCopyErrorMessageString(status: OSStatus, _reserved: *mut c_void) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        string::create(&secure_transport::Error::from_code(status).to_string())
    })
}
