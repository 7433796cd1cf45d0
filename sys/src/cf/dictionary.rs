//! CFDictionary: values by key, fixed at creation; keys are found by the key callbacks'
//! equality (CF's: `CFEqual`).

use std::ffi::c_void;

use crate::c_args;
use crate::cf::base;
use crate::cf::items::{
    Callbacks, DescriptionCallBack, EqualCallBack, HashCallBack, Items, ReleaseCallBack,
    RetainCallBack,
};
use crate::cf::runtime::{self, Class, ConstRef, Instance};
use crate::cf::types::{CFAllocatorRef, CFIndex, CFTypeID, CFTypeRef};
use crate::guard;

/// A CFDictionary's value: keys and values in the same order.
pub struct Dictionary {
    keys: Items,
    values: Items,
    key_equal: Option<EqualCallBack>,
}

static CLASS: Class = Class::new::<Dictionary>("CFDictionary");

impl Instance for Dictionary {
    fn class() -> &'static Class {
        &CLASS
    }
}

/// A new CFDictionary of objects: `keys` retained, `values` created for it (it takes over
/// their references).
pub fn of_created_values(keys: &[CFTypeRef], values: Vec<CFTypeRef>) -> CFTypeRef {
    let key_items = Items::new(Callbacks::OBJECTS);
    for &key in keys {
        // SAFETY: CF's callbacks accept any value.
        unsafe { key_items.push(key) };
    }
    runtime::create(Dictionary {
        keys: key_items,
        values: Items::adopt(Callbacks::OBJECTS, values),
        key_equal: Some(base::equal_callback),
    })
}

/// A new CFDictionary of values created for it, keyed by constants (the `kSec…` keys).
pub fn of_constant_keys(entries: Vec<(&ConstRef, CFTypeRef)>) -> CFTypeRef {
    let (keys, values): (Vec<CFTypeRef>, Vec<CFTypeRef>) =
        entries.into_iter().map(|(k, v)| (k.get(), v)).unzip();
    of_created_values(&keys, values)
}

/// `CFDictionaryKeyCallBacks`.
#[repr(C)]
pub struct CFDictionaryKeyCallBacks {
    version: CFIndex,
    retain: Option<RetainCallBack>,
    release: Option<ReleaseCallBack>,
    copy_description: Option<DescriptionCallBack>,
    equal: Option<EqualCallBack>,
    hash: Option<HashCallBack>,
}

/// `CFDictionaryValueCallBacks`.
#[repr(C)]
pub struct CFDictionaryValueCallBacks {
    version: CFIndex,
    retain: Option<RetainCallBack>,
    release: Option<ReleaseCallBack>,
    copy_description: Option<DescriptionCallBack>,
    equal: Option<EqualCallBack>,
}

/// CF's callbacks for object keys.
#[no_mangle]
pub static kCFTypeDictionaryKeyCallBacks: CFDictionaryKeyCallBacks = CFDictionaryKeyCallBacks {
    version: 0,
    retain: Some(base::retain_callback),
    release: Some(base::release_callback),
    copy_description: None,
    equal: Some(base::equal_callback),
    hash: None,
};

/// CF's callbacks for object values.
#[no_mangle]
pub static kCFTypeDictionaryValueCallBacks: CFDictionaryValueCallBacks =
    CFDictionaryValueCallBacks {
        version: 0,
        retain: Some(base::retain_callback),
        release: Some(base::release_callback),
        copy_description: None,
        equal: Some(base::equal_callback),
    };

/// `CFDictionaryGetTypeID`.
#[no_mangle]
pub extern "C" fn CFDictionaryGetTypeID() -> CFTypeID {
    CLASS.id()
}

/// `CFDictionaryCreate`: NULL for NULL arrays with a count, or a negative count.
#[no_mangle]
pub unsafe extern "C" fn CFDictionaryCreate(
    _allocator: CFAllocatorRef,
    keys: *const *const c_void,
    values: *const *const c_void,
    num_values: CFIndex,
    key_callbacks: *const CFDictionaryKeyCallBacks,
    value_callbacks: *const CFDictionaryValueCallBacks,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let count = usize::try_from(num_values).unwrap_or(usize::MAX);
        // SAFETY: the C API's contract: `num_values` keys and values, callbacks (or NULL)
        // that accept them.
        unsafe {
            let (Some(keys), Some(values)) =
                (c_args::slice(keys, count), c_args::slice(values, count))
            else {
                return std::ptr::null();
            };
            let key_callbacks = key_callbacks.as_ref();
            let value_callbacks = value_callbacks.as_ref();
            let key_items = Items::new(Callbacks {
                retain: key_callbacks.and_then(|c| c.retain),
                release: key_callbacks.and_then(|c| c.release),
            });
            let value_items = Items::new(Callbacks {
                retain: value_callbacks.and_then(|c| c.retain),
                release: value_callbacks.and_then(|c| c.release),
            });
            for (&key, &value) in keys.iter().zip(values) {
                key_items.push(key);
                value_items.push(value);
            }
            runtime::create(Dictionary {
                keys: key_items,
                values: value_items,
                key_equal: key_callbacks.and_then(|c| c.equal),
            })
        }
    })
}

/// `CFDictionaryGetValue`: NULL when the key is absent, or for no dictionary.
#[no_mangle]
pub unsafe extern "C" fn CFDictionaryGetValue(
    dictionary: CFTypeRef,
    key: *const c_void,
) -> *const c_void {
    guard::value(std::ptr::null(), || {
        let Some(dictionary) = runtime::hold::<Dictionary>(dictionary) else {
            return std::ptr::null();
        };
        let same = |candidate: CFTypeRef| match dictionary.key_equal {
            // SAFETY: the C API's contract: a key the dictionary's callbacks accept.
            Some(equal) => candidate == key || unsafe { equal(candidate, key) } != 0,
            None => candidate == key,
        };
        let keys = dictionary.keys.values();
        keys.into_iter()
            .position(same)
            .and_then(|i| dictionary.values.get(i))
            .unwrap_or(std::ptr::null())
    })
}

/// `CFDictionaryGetCount`: 0 for no dictionary.
#[no_mangle]
pub extern "C" fn CFDictionaryGetCount(dictionary: CFTypeRef) -> CFIndex {
    guard::value(0, || {
        runtime::hold::<Dictionary>(dictionary).map_or(0, |d| d.keys.count() as CFIndex)
    })
}
