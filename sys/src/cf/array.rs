//! CFArray: an ordered list of values, fixed at creation or changed in place (mutable arrays,
//! the same class). Indices out of range — which halt the program on a Mac — and changes
//! to an immutable array log a warning and change nothing.

use std::ffi::c_void;

use crate::c_args;
use crate::cf::base;
use crate::cf::items::{
    Callbacks, DescriptionCallBack, EqualCallBack, Items, ReleaseCallBack, RetainCallBack,
};
use crate::cf::runtime::{self, Class, Held, Instance};
use crate::cf::types::{
    kCFNotFound, Boolean, CFAllocatorRef, CFIndex, CFRange, CFTypeID, CFTypeRef,
};
use crate::guard;

/// A CFArray's value.
pub struct Array {
    items: Items,
    mutable: bool,
}

static CLASS: Class = Class::with_equal_values::<Array>("CFArray");

impl Instance for Array {
    fn class() -> &'static Class {
        &CLASS
    }

    fn describe(&self) -> Option<String> {
        let values = self.items.values();
        let mut text = format!(
            "{{type = {}, count = {}, values = (\n",
            if self.mutable {
                "mutable-small"
            } else {
                "immutable"
            },
            values.len()
        );
        for (i, &value) in values.iter().enumerate() {
            text.push_str(&format!(
                "\t{i} : {}\n",
                self.items.callbacks().describe(value)
            ));
        }
        text.push_str(")}");
        Some(text)
    }

    /// CF hashes an array by its count.
    fn hash(&self) -> Option<u64> {
        Some(self.items.count() as u64)
    }
}

/// As CF: the same count, the same equal callback, and equal values in the same order.
impl PartialEq for Array {
    fn eq(&self, other: &Array) -> bool {
        let (mine, theirs) = (self.items.callbacks(), other.items.callbacks());
        let same_equal = match (mine.equal, theirs.equal) {
            (Some(a), Some(b)) => std::ptr::fn_addr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        let (a, b) = (self.items.values(), other.items.values());
        same_equal && a.len() == b.len() && a.iter().zip(&b).all(|(&x, &y)| mine.equal(x, y))
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
    copy_description: Some(base::description_callback),
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
        equal: callbacks.and_then(|c| c.equal),
        describe: callbacks.and_then(|c| c.copy_description),
    }
}

/// The array `array` names, if it is one (logged otherwise).
fn array(array: CFTypeRef, caller: &str) -> Option<Held<Array>> {
    let held = runtime::hold::<Array>(array);
    if held.is_none() {
        log::warn!("{caller} on something that is not an array");
    }
    held
}

/// The mutable array `array` names, if it is one (logged otherwise: CF halts).
fn mutable(reference: CFTypeRef, caller: &str) -> Option<Held<Array>> {
    let held = array(reference, caller)?;
    if !held.mutable {
        log::warn!("{caller} on an immutable array: left unchanged");
        return None;
    }
    Some(held)
}

/// The indices a CFRange names in an array of `count` values, if they are all in it.
fn span(range: CFRange, count: usize, caller: &str) -> Option<std::ops::Range<usize>> {
    let start = usize::try_from(range.location).ok();
    let length = usize::try_from(range.length).ok();
    let span = start
        .zip(length)
        .and_then(|(start, length)| Some(start..start.checked_add(length)?))
        .filter(|span| span.end <= count);
    if span.is_none() {
        log::warn!(
            "{caller}: range {{{}, {}}} is outside the array's {count} values",
            range.location,
            range.length
        );
    }
    span
}

/// An index within `0..=limit`, if it is one (logged otherwise).
fn index(index: CFIndex, limit: usize, caller: &str) -> Option<usize> {
    let index = usize::try_from(index).ok().filter(|&i| i <= limit);
    if index.is_none() {
        log::warn!("{caller}: index out of range");
    }
    index
}

/// A new array of `values`, taken in with `callbacks`.
///
/// # Safety
/// The values must be what the callbacks accept.
unsafe fn create(values: &[CFTypeRef], callbacks: Callbacks, mutable: bool) -> CFTypeRef {
    let items = Items::new(callbacks);
    for &value in values {
        // SAFETY: the caller's promise.
        unsafe { items.push(value) };
    }
    runtime::create(Array { items, mutable })
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
            create(values, self::callbacks(callbacks), false)
        }
    })
}

/// `CFArrayCreateCopy`: an immutable array of the same values, with the same callbacks.
#[no_mangle]
pub extern "C" fn CFArrayCreateCopy(_allocator: CFAllocatorRef, array: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let Some(source) = self::array(array, "CFArrayCreateCopy") else {
            return std::ptr::null();
        };
        // SAFETY: the values were taken in with these callbacks.
        unsafe { create(&source.items.values(), *source.items.callbacks(), false) }
    })
}

/// `CFArrayCreateMutable`: an empty mutable array. `capacity` is accepted and not enforced.
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

/// `CFArrayCreateMutableCopy`: a mutable array of the same values, with the same callbacks.
#[no_mangle]
pub extern "C" fn CFArrayCreateMutableCopy(
    _allocator: CFAllocatorRef,
    _capacity: CFIndex,
    array: CFTypeRef,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let Some(source) = self::array(array, "CFArrayCreateMutableCopy") else {
            return std::ptr::null();
        };
        // SAFETY: the values were taken in with these callbacks.
        unsafe { create(&source.items.values(), *source.items.callbacks(), true) }
    })
}

/// `CFArrayAppendValue`, on a mutable array.
#[no_mangle]
pub unsafe extern "C" fn CFArrayAppendValue(array: CFTypeRef, value: *const c_void) {
    guard::value((), || {
        if let Some(array) = mutable(array, "CFArrayAppendValue") {
            // SAFETY: the C API's contract: a value the array's callbacks accept.
            unsafe { array.items.push(value) };
        }
    })
}

/// `CFArraySetValueAtIndex`: replaces the value at `index`, or appends at the count.
#[no_mangle]
pub unsafe extern "C" fn CFArraySetValueAtIndex(
    array: CFTypeRef,
    index: CFIndex,
    value: *const c_void,
) {
    guard::value((), || {
        let Some(array) = mutable(array, "CFArraySetValueAtIndex") else {
            return;
        };
        if let Some(i) = self::index(index, array.items.count(), "CFArraySetValueAtIndex") {
            // SAFETY: the C API's contract: a value the array's callbacks accept.
            unsafe { array.items.set(i, value) };
        }
    })
}

/// `CFArrayInsertValueAtIndex`: `index` from 0 to the count.
#[no_mangle]
pub unsafe extern "C" fn CFArrayInsertValueAtIndex(
    array: CFTypeRef,
    index: CFIndex,
    value: *const c_void,
) {
    guard::value((), || {
        let Some(array) = mutable(array, "CFArrayInsertValueAtIndex") else {
            return;
        };
        if let Some(i) = self::index(index, array.items.count(), "CFArrayInsertValueAtIndex") {
            // SAFETY: the C API's contract: a value the array's callbacks accept.
            unsafe { array.items.insert(i, value) };
        }
    })
}

/// `CFArrayRemoveValueAtIndex`.
#[no_mangle]
pub extern "C" fn CFArrayRemoveValueAtIndex(array: CFTypeRef, index: CFIndex) {
    guard::value((), || {
        let Some(array) = mutable(array, "CFArrayRemoveValueAtIndex") else {
            return;
        };
        let count = array.items.count();
        let last = count.checked_sub(1);
        match last.and_then(|last| self::index(index, last, "CFArrayRemoveValueAtIndex")) {
            Some(i) => {
                array.items.remove(i);
            }
            None if last.is_none() => log::warn!("CFArrayRemoveValueAtIndex: empty array"),
            None => {}
        }
    })
}

/// `CFArrayRemoveAllValues`.
#[no_mangle]
pub extern "C" fn CFArrayRemoveAllValues(array: CFTypeRef) {
    guard::value((), || {
        if let Some(array) = mutable(array, "CFArrayRemoveAllValues") {
            array.items.clear();
        }
    })
}

/// `CFArrayAppendArray`: appends the values of `other_range` in `other` (which may be the
/// array itself).
#[no_mangle]
pub unsafe extern "C" fn CFArrayAppendArray(
    array: CFTypeRef,
    other: CFTypeRef,
    other_range: CFRange,
) {
    guard::value((), || {
        let Some(target) = mutable(array, "CFArrayAppendArray") else {
            return;
        };
        let Some(values) = self::array(other, "CFArrayAppendArray").map(|a| a.items.values())
        else {
            return;
        };
        if let Some(span) = span(other_range, values.len(), "CFArrayAppendArray") {
            for &value in &values[span] {
                // SAFETY: the C API's contract: values the array's callbacks accept.
                unsafe { target.items.push(value) };
            }
        }
    })
}

/// The first index in `range` of a value equal to `value` (by the array's equal callback).
fn first_index(
    array: CFTypeRef,
    range: CFRange,
    value: *const c_void,
    caller: &str,
) -> Option<usize> {
    let array = self::array(array, caller)?;
    let values = array.items.values();
    let span = span(range, values.len(), caller)?;
    let callbacks = array.items.callbacks();
    span.clone().find(|&i| callbacks.equal(values[i], value))
}

/// `CFArrayContainsValue`.
#[no_mangle]
pub extern "C" fn CFArrayContainsValue(
    array: CFTypeRef,
    range: CFRange,
    value: *const c_void,
) -> Boolean {
    guard::value(0, || {
        Boolean::from(first_index(array, range, value, "CFArrayContainsValue").is_some())
    })
}

/// `CFArrayGetFirstIndexOfValue`: `kCFNotFound` when absent.
#[no_mangle]
pub extern "C" fn CFArrayGetFirstIndexOfValue(
    array: CFTypeRef,
    range: CFRange,
    value: *const c_void,
) -> CFIndex {
    guard::value(kCFNotFound, || {
        first_index(array, range, value, "CFArrayGetFirstIndexOfValue")
            .map_or(kCFNotFound, |i| i as CFIndex)
    })
}

/// `CFArrayGetValues`: copies the values of `range` into `values` (not retained).
#[no_mangle]
pub unsafe extern "C" fn CFArrayGetValues(
    array: CFTypeRef,
    range: CFRange,
    values: *mut *const c_void,
) {
    guard::value((), || {
        let Some(array) = self::array(array, "CFArrayGetValues") else {
            return;
        };
        let all = array.items.values();
        let Some(span) = span(range, all.len(), "CFArrayGetValues") else {
            return;
        };
        if values.is_null() {
            if !span.is_empty() {
                log::warn!("CFArrayGetValues: NULL buffer");
            }
            return;
        }
        let wanted = &all[span];
        // SAFETY: the C API's contract: room for `range.length` values.
        unsafe { std::ptr::copy_nonoverlapping(wanted.as_ptr(), values, wanted.len()) };
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
