//! CFArray: an ordered list of values, fixed at creation or appended to (mutable arrays).

use std::ffi::c_void;

use crate::c_args;
use crate::cf::base;
use crate::cf::items::{
    Callbacks, DescriptionCallBack, EqualCallBack, Items, ReleaseCallBack, RetainCallBack,
};
use crate::cf::runtime::{self, Class, Instance};
use crate::cf::types::{CFAllocatorRef, CFIndex, CFTypeID, CFTypeRef};
use crate::guard;

/// A CFArray's value.
pub struct Array {
    items: Items,
    mutable: bool,
}

static CLASS: Class = Class::new::<Array>("CFArray");

impl Instance for Array {
    fn class() -> &'static Class {
        &CLASS
    }
}

/// A new CFArray holding `items`, objects each created for it: it takes over their
/// references.
pub fn of_created(items: Vec<CFTypeRef>) -> CFTypeRef {
    runtime::create(Array {
        items: Items::adopt(Callbacks::OBJECTS, items),
        mutable: false,
    })
}

/// The elements of a CFArray (not retained), or `None` if `array` is not one.
pub fn items(array: CFTypeRef) -> Option<Vec<CFTypeRef>> {
    runtime::hold::<Array>(array).map(|a| a.items.values())
}

/// `CFArrayCallBacks`.
#[repr(C)]
pub struct CFArrayCallBacks {
    version: CFIndex,
    retain: Option<RetainCallBack>,
    release: Option<ReleaseCallBack>,
    copy_description: Option<DescriptionCallBack>,
    equal: Option<EqualCallBack>,
}

/// CF's callbacks for an array of objects.
#[no_mangle]
pub static kCFTypeArrayCallBacks: CFArrayCallBacks = CFArrayCallBacks {
    version: 0,
    retain: Some(base::retain_callback),
    release: Some(base::release_callback),
    copy_description: None,
    equal: Some(base::equal_callback),
};

/// The callbacks behind a C pointer; NULL: none (the values are kept as they are).
///
/// # Safety
/// `callbacks` must be NULL or point at a `CFArrayCallBacks`.
unsafe fn callbacks(callbacks: *const CFArrayCallBacks) -> Callbacks {
    // SAFETY: the caller's promise.
    let callbacks = unsafe { callbacks.as_ref() };
    Callbacks {
        retain: callbacks.and_then(|c| c.retain),
        release: callbacks.and_then(|c| c.release),
    }
}

/// `CFArrayGetTypeID`.
#[no_mangle]
pub extern "C" fn CFArrayGetTypeID() -> CFTypeID {
    CLASS.id()
}

/// `CFArrayCreate`: NULL for NULL values with a count, or a negative count.
#[no_mangle]
pub unsafe extern "C" fn CFArrayCreate(
    _allocator: CFAllocatorRef,
    values: *const *const c_void,
    num_values: CFIndex,
    callbacks: *const CFArrayCallBacks,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let count = usize::try_from(num_values).unwrap_or(usize::MAX);
        // SAFETY: the C API's contract: `num_values` values, and callbacks (or NULL) that
        // accept them.
        unsafe {
            let Some(values) = c_args::slice(values, count) else {
                return std::ptr::null();
            };
            let items = Items::new(self::callbacks(callbacks));
            for &value in values {
                items.push(value);
            }
            runtime::create(Array {
                items,
                mutable: false,
            })
        }
    })
}

/// `CFArrayCreateMutable`: an empty array `CFArrayAppendValue` adds to.
#[no_mangle]
pub unsafe extern "C" fn CFArrayCreateMutable(
    _allocator: CFAllocatorRef,
    _capacity: CFIndex,
    callbacks: *const CFArrayCallBacks,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        // SAFETY: the C API's contract: callbacks or NULL.
        let callbacks = unsafe { self::callbacks(callbacks) };
        runtime::create(Array {
            items: Items::new(callbacks),
            mutable: true,
        })
    })
}

/// `CFArrayAppendValue`, on a mutable array.
#[no_mangle]
pub unsafe extern "C" fn CFArrayAppendValue(array: CFTypeRef, value: *const c_void) {
    guard::value((), || match runtime::hold::<Array>(array) {
        // SAFETY: the C API's contract: a value the array's callbacks accept.
        Some(array) if array.mutable => unsafe { array.items.push(value) },
        _ => log::warn!("CFArrayAppendValue on something that is not a mutable array"),
    })
}

/// `CFArrayGetCount`: 0 for no array.
#[no_mangle]
pub extern "C" fn CFArrayGetCount(array: CFTypeRef) -> CFIndex {
    guard::value(0, || {
        runtime::hold::<Array>(array).map_or(0, |a| a.items.count() as CFIndex)
    })
}

/// `CFArrayGetValueAtIndex`: NULL out of range or for no array.
#[no_mangle]
pub extern "C" fn CFArrayGetValueAtIndex(array: CFTypeRef, index: CFIndex) -> *const c_void {
    guard::value(std::ptr::null(), || {
        let array = runtime::hold::<Array>(array);
        let index = usize::try_from(index).ok();
        array
            .zip(index)
            .and_then(|(a, i)| a.items.get(i))
            .unwrap_or(std::ptr::null())
    })
}
