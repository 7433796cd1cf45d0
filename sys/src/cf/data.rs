//! CFData: bytes.

use crate::c_args;
use crate::cf::runtime::{self, Class, Instance};
use crate::cf::types::{CFAllocatorRef, CFIndex, CFTypeID, CFTypeRef};
use crate::guard;

/// A CFData's value.
#[derive(PartialEq)]
pub struct Data(Vec<u8>);

static CLASS: Class = Class::with_equal_values::<Data>("CFData");

impl Instance for Data {
    fn class() -> &'static Class {
        &CLASS
    }
}

impl Data {
    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

/// A new CFData of `bytes`, owned by the caller.
pub fn create(bytes: Vec<u8>) -> CFTypeRef {
    runtime::create(Data(bytes))
}

/// `CFDataGetTypeID`.
#[no_mangle]
pub extern "C" fn CFDataGetTypeID() -> CFTypeID {
    CLASS.id()
}

/// `CFDataCreate`: a copy of `length` bytes; NULL for NULL bytes with a length, or a
/// negative length.
#[no_mangle]
pub unsafe extern "C" fn CFDataCreate(
    _allocator: CFAllocatorRef,
    bytes: *const u8,
    length: CFIndex,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let length = usize::try_from(length).unwrap_or(usize::MAX);
        // SAFETY: the C API's contract: `length` readable bytes.
        match unsafe { c_args::slice(bytes, length) } {
            Some(bytes) => create(bytes.to_vec()),
            None => std::ptr::null(),
        }
    })
}

/// `CFDataGetBytePtr`: valid while the data lives; NULL for no CFData.
#[no_mangle]
pub extern "C" fn CFDataGetBytePtr(data: CFTypeRef) -> *const u8 {
    guard::value(std::ptr::null(), || {
        runtime::hold::<Data>(data).map_or(std::ptr::null(), |d| d.0.as_ptr())
    })
}

/// `CFDataGetLength`: 0 for no CFData.
#[no_mangle]
pub extern "C" fn CFDataGetLength(data: CFTypeRef) -> CFIndex {
    guard::value(0, || {
        runtime::hold::<Data>(data).map_or(0, |d| d.0.len() as CFIndex)
    })
}
