//! CFBase.h: what every object answers — `CFRetain`, `CFRelease`, `CFGetTypeID`,
//! `CFGetRetainCount`, `CFEqual` — CF's own callbacks for containers of objects, and
//! [`Retained`], a reference the library keeps.

use std::ffi::c_void;

use crate::cf::runtime::{self, ConstRef};
use crate::cf::types::{Boolean, CFAllocatorRef, CFIndex, CFTypeID, CFTypeRef};
use crate::guard;

/// The default allocator is NULL in CoreFoundation too; allocators are ignored here.
#[no_mangle]
pub static kCFAllocatorDefault: ConstRef = ConstRef::NULL;

/// `CFRetain`: `cf`, with one more reference; NULL if `cf` is no live object.
#[no_mangle]
pub extern "C" fn CFRetain(cf: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        if runtime::retain(cf) {
            cf
        } else {
            std::ptr::null()
        }
    })
}

/// `CFRelease`: gives up one reference; the last one frees the object.
#[no_mangle]
pub extern "C" fn CFRelease(cf: CFTypeRef) {
    guard::value((), || {
        if !runtime::release(cf) {
            log::warn!("CFRelease of something that is not a live object: {cf:?}");
        }
    })
}

/// `CFGetTypeID`: the class's ID; 0 (`_kCFRuntimeNotATypeID`) for no live object.
#[no_mangle]
pub extern "C" fn CFGetTypeID(cf: CFTypeRef) -> CFTypeID {
    guard::value(0, || runtime::hold_any(cf).map_or(0, |o| o.class().id()))
}

/// `CFGetRetainCount`: `CFIndex::MAX` for a constant, 0 for no live object.
#[no_mangle]
pub extern "C" fn CFGetRetainCount(cf: CFTypeRef) -> CFIndex {
    guard::value(0, || runtime::retain_count(cf).unwrap_or(0))
}

/// `CFEqual`: the same live object, or two of one class with equal values (strings, data,
/// booleans, errors, certificates).
#[no_mangle]
pub extern "C" fn CFEqual(cf1: CFTypeRef, cf2: CFTypeRef) -> Boolean {
    guard::value(0, || {
        if cf1 == cf2 {
            return Boolean::from(runtime::retain_count(cf1).is_some());
        }
        let (Some(a), Some(b)) = (runtime::hold_any(cf1), runtime::hold_any(cf2)) else {
            return 0;
        };
        Boolean::from(std::ptr::eq(a.class(), b.class()) && a.class().equal(&*a, &*b))
    })
}

/// CF's retain callback (`kCFTypeArrayCallBacks` and the dictionary ones): `CFRetain`.
pub extern "C" fn retain_callback(_: CFAllocatorRef, value: *const c_void) -> *const c_void {
    guard::value(value, || {
        runtime::retain(value);
        value
    })
}

/// CF's release callback: `CFRelease`.
pub extern "C" fn release_callback(_: CFAllocatorRef, value: *const c_void) {
    CFRelease(value)
}

/// CF's equal callback: `CFEqual`.
pub extern "C" fn equal_callback(a: *const c_void, b: *const c_void) -> Boolean {
    CFEqual(a, b)
}

/// One reference to an object, kept by the library and given up when dropped.
pub struct Retained(CFTypeRef);

// SAFETY: a reference is a number the runtime validates at each use; objects are counted
// atomically and shared only as immutable or internally synchronized values.
unsafe impl Send for Retained {}
// SAFETY: as for Send.
unsafe impl Sync for Retained {}

impl Retained {
    /// Takes over a reference the library owns (a freshly created object).
    pub fn adopt(reference: CFTypeRef) -> Retained {
        Retained(reference)
    }

    /// Takes a new reference to `reference`.
    pub fn new(reference: CFTypeRef) -> Retained {
        runtime::retain(reference);
        Retained(reference)
    }

    /// The reference, still owned by this value.
    pub fn get(&self) -> CFTypeRef {
        self.0
    }
}

impl Drop for Retained {
    fn drop(&mut self) {
        runtime::release(self.0);
    }
}
