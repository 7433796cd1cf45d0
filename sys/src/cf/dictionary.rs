//! CFDictionary: values by key, fixed at creation or changed in place (mutable dictionaries,
//! the same class). Keys are found by the key callbacks' equality (CF's: `CFEqual`); changes
//! to an immutable dictionary — which halt the program on a Mac — log a warning and change
//! nothing.

use std::ffi::c_void;
use std::sync::{Mutex, MutexGuard};

use crate::c_args;
use crate::cf::base;
use crate::cf::items::{
    Callbacks, DescriptionCallBack, EqualCallBack, HashCallBack, ReleaseCallBack, RetainCallBack,
};
use crate::cf::runtime::{self, Class, ConstRef, Held, Instance};
use crate::cf::string::{self, CfString};
use crate::cf::types::{Boolean, CFAllocatorRef, CFIndex, CFTypeID, CFTypeRef};
use crate::guard;

/// A CFDictionary's value: its entries, and how it takes in, lets go and compares keys and
/// values.
pub struct Dictionary {
    keys: Callbacks,
    values: Callbacks,
    entries: Mutex<Vec<(CFTypeRef, CFTypeRef)>>,
    mutable: bool,
}

// SAFETY: the keys and values are what the callbacks make of them, and CF's rule for them
// applies: objects may be shared between threads; other values are the caller's to share.
unsafe impl Send for Dictionary {}
// SAFETY: as for Send; the entries are behind a lock.
unsafe impl Sync for Dictionary {}

static CLASS: Class = Class::with_equal_values::<Dictionary>("CFDictionary");

impl Instance for Dictionary {
    fn class() -> &'static Class {
        &CLASS
    }

    fn describe(&self) -> Option<String> {
        let entries = self.entries();
        let mut text = format!(
            "{{type = {} dict, count = {},\nentries =>\n",
            if self.mutable { "mutable" } else { "immutable" },
            entries.len()
        );
        for (i, &(key, value)) in entries.iter().enumerate() {
            text.push_str(&format!(
                "\t{i} : {} = {}\n",
                self.keys.describe(key),
                self.values.describe(value)
            ));
        }
        text.push_str("}\n");
        Some(text)
    }

    /// CF hashes a dictionary by its count.
    fn hash(&self) -> Option<u64> {
        Some(self.lock().len() as u64)
    }
}

/// As CF: the same count, and for each key of one, an equal value under an equal key in the
/// other.
impl PartialEq for Dictionary {
    fn eq(&self, other: &Dictionary) -> bool {
        let (mine, theirs) = (self.entries(), other.entries());
        mine.len() == theirs.len()
            && mine.iter().all(|&(key, value)| {
                other
                    .position(&theirs, key)
                    .is_some_and(|i| self.values.equal(value, theirs[i].1))
            })
    }
}

impl Dictionary {
    fn new(keys: Callbacks, values: Callbacks, mutable: bool) -> Dictionary {
        Dictionary {
            keys,
            values,
            entries: Mutex::new(Vec::new()),
            mutable,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Vec<(CFTypeRef, CFTypeRef)>> {
        // Every change under the lock is one Vec operation: a panic leaves it consistent.
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The entries now (not retained for the caller).
    fn entries(&self) -> Vec<(CFTypeRef, CFTypeRef)> {
        self.lock().clone()
    }

    /// Where `key` is among `entries`, by the key callbacks' equality.
    fn position(&self, entries: &[(CFTypeRef, CFTypeRef)], key: CFTypeRef) -> Option<usize> {
        entries.iter().position(|&(k, _)| self.keys.equal(k, key))
    }

    /// The value under `key`.
    fn get(&self, key: CFTypeRef) -> Option<CFTypeRef> {
        let entries = self.entries();
        self.position(&entries, key).map(|i| entries[i].1)
    }

    /// Puts `value` under `key`: `add` only if the key is absent, `replace` only if present.
    /// The callbacks run outside the lock, so that the caller's may call back in; an entry
    /// another thread changed meanwhile is left as that thread left it.
    ///
    /// # Safety
    /// `key` and `value` must be what the callbacks accept.
    unsafe fn put(&self, key: CFTypeRef, value: CFTypeRef, add: bool, replace: bool) {
        let snapshot = self.entries();
        match self.position(&snapshot, key) {
            Some(i) if replace => {
                // SAFETY: the caller's promise.
                let value = unsafe { self.values.retain(value) };
                let replaced = {
                    let mut locked = self.lock();
                    match locked.get_mut(i) {
                        Some(entry) if entry.0 == snapshot[i].0 => {
                            std::mem::replace(&mut entry.1, value)
                        }
                        _ => value,
                    }
                };
                self.values.release(replaced);
            }
            None if add => {
                // SAFETY: the caller's promise.
                let entry = unsafe { (self.keys.retain(key), self.values.retain(value)) };
                self.lock().push(entry);
            }
            _ => {}
        }
    }

    /// Lets go of the entry under `key`, if there is one.
    fn remove(&self, key: CFTypeRef) {
        let snapshot = self.entries();
        let Some(i) = self.position(&snapshot, key) else {
            return;
        };
        let removed = {
            let mut locked = self.lock();
            let same = locked.get(i).is_some_and(|entry| entry.0 == snapshot[i].0);
            same.then(|| locked.remove(i))
        };
        if let Some((key, value)) = removed {
            self.keys.release(key);
            self.values.release(value);
        }
    }

    /// Lets go of every entry.
    fn clear(&self) {
        let removed = std::mem::take(&mut *self.lock());
        for (key, value) in removed {
            self.keys.release(key);
            self.values.release(value);
        }
    }

    /// A new dictionary of this one's entries and callbacks.
    fn copy(&self, mutable: bool) -> CFTypeRef {
        let copy = Dictionary::new(self.keys, self.values, mutable);
        for (key, value) in self.entries() {
            // SAFETY: keys and values this dictionary's callbacks took in.
            unsafe { copy.put(key, value, true, true) };
        }
        runtime::create(copy)
    }
}

impl Drop for Dictionary {
    fn drop(&mut self) {
        self.clear();
    }
}

/// A new CFDictionary of objects: `keys` retained, `values` created for it (it takes over
/// their references).
pub fn of_created_values(keys: &[CFTypeRef], values: Vec<CFTypeRef>) -> CFTypeRef {
    let dictionary = Dictionary::new(Callbacks::OBJECTS, Callbacks::OBJECTS, false);
    for (&key, value) in keys.iter().zip(values) {
        // SAFETY: CF's callbacks accept any object.
        unsafe { dictionary.put(key, value, true, true) };
        base::CFRelease(value);
    }
    runtime::create(dictionary)
}

/// The value under `key` in a CFDictionary (not retained), if `dictionary` is one and has it.
pub fn value(dictionary: CFTypeRef, key: CFTypeRef) -> Option<CFTypeRef> {
    runtime::hold::<Dictionary>(dictionary)?.get(key)
}

/// The keys and values of a CFDictionary (not retained); none if `dictionary` is not one.
pub fn entries(dictionary: CFTypeRef) -> Vec<(CFTypeRef, CFTypeRef)> {
    runtime::hold::<Dictionary>(dictionary).map_or_else(Vec::new, |d| d.entries())
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
    copy_description: Some(base::description_callback),
    equal: Some(base::equal_callback),
    hash: Some(base::hash_callback),
};

/// CF's callbacks for string keys a dictionary copies (`CFStringCreateCopy`), so that a
/// mutable string key cannot change under it.
#[no_mangle]
pub static kCFCopyStringDictionaryKeyCallBacks: CFDictionaryKeyCallBacks =
    CFDictionaryKeyCallBacks {
        version: 0,
        retain: Some(copy_string_callback),
        release: Some(base::release_callback),
        copy_description: Some(base::description_callback),
        equal: Some(base::equal_callback),
        hash: Some(base::hash_callback),
    };

/// CF's callbacks for object values.
#[no_mangle]
pub static kCFTypeDictionaryValueCallBacks: CFDictionaryValueCallBacks =
    CFDictionaryValueCallBacks {
        version: 0,
        retain: Some(base::retain_callback),
        release: Some(base::release_callback),
        copy_description: Some(base::description_callback),
        equal: Some(base::equal_callback),
    };

/// `kCFCopyStringDictionaryKeyCallBacks`' retain: an immutable copy of a string key; any
/// other object is retained (CF would halt).
extern "C" fn copy_string_callback(_: CFAllocatorRef, value: *const c_void) -> *const c_void {
    guard::value(value, || {
        if runtime::hold::<CfString>(value).is_some() {
            string::CFStringCreateCopy(std::ptr::null(), value)
        } else {
            runtime::retain(value);
            value
        }
    })
}

/// The callbacks behind C pointers; NULL: none.
///
/// # Safety
/// Each pointer must be NULL or point at its callbacks structure.
unsafe fn callbacks(
    keys: *const CFDictionaryKeyCallBacks,
    values: *const CFDictionaryValueCallBacks,
) -> (Callbacks, Callbacks) {
    // SAFETY: the caller's promise.
    let (keys, values) = unsafe { (keys.as_ref(), values.as_ref()) };
    (
        Callbacks {
            retain: keys.and_then(|c| c.retain),
            release: keys.and_then(|c| c.release),
            equal: keys.and_then(|c| c.equal),
            describe: keys.and_then(|c| c.copy_description),
        },
        Callbacks {
            retain: values.and_then(|c| c.retain),
            release: values.and_then(|c| c.release),
            equal: values.and_then(|c| c.equal),
            describe: values.and_then(|c| c.copy_description),
        },
    )
}

/// The dictionary `dictionary` names, if it is one (logged otherwise).
fn dictionary(dictionary: CFTypeRef, caller: &str) -> Option<Held<Dictionary>> {
    let held = runtime::hold::<Dictionary>(dictionary);
    if held.is_none() {
        log::warn!("{caller} on something that is not a dictionary");
    }
    held
}

/// The mutable dictionary `reference` names, if it is one (logged otherwise: CF halts).
fn mutable(reference: CFTypeRef, caller: &str) -> Option<Held<Dictionary>> {
    let held = dictionary(reference, caller)?;
    if !held.mutable {
        log::warn!("{caller} on an immutable dictionary: left unchanged");
        return None;
    }
    Some(held)
}

/// `CFDictionaryGetTypeID`.
#[no_mangle]
pub extern "C" fn CFDictionaryGetTypeID() -> CFTypeID {
    CLASS.id()
}

/// `CFDictionaryCreate`: NULL for NULL arrays with a count, or a negative count. A key
/// given twice keeps its last value.
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
            let (key_callbacks, value_callbacks) = callbacks(key_callbacks, value_callbacks);
            let dictionary = Dictionary::new(key_callbacks, value_callbacks, false);
            for (&key, &value) in keys.iter().zip(values) {
                dictionary.put(key, value, true, true);
            }
            runtime::create(dictionary)
        }
    })
}

/// `CFDictionaryCreateCopy`: an immutable dictionary of the same entries and callbacks.
#[no_mangle]
pub extern "C" fn CFDictionaryCreateCopy(
    _allocator: CFAllocatorRef,
    dictionary: CFTypeRef,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        self::dictionary(dictionary, "CFDictionaryCreateCopy")
            .map_or(std::ptr::null(), |d| d.copy(false))
    })
}

/// `CFDictionaryCreateMutable`: an empty mutable dictionary. `capacity` is accepted and not
/// enforced.
#[no_mangle]
pub unsafe extern "C" fn CFDictionaryCreateMutable(
    _allocator: CFAllocatorRef,
    _capacity: CFIndex,
    key_callbacks: *const CFDictionaryKeyCallBacks,
    value_callbacks: *const CFDictionaryValueCallBacks,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        // SAFETY: the C API's contract: callbacks or NULL.
        let (keys, values) = unsafe { callbacks(key_callbacks, value_callbacks) };
        runtime::create(Dictionary::new(keys, values, true))
    })
}

/// `CFDictionaryCreateMutableCopy`: a mutable dictionary of the same entries and callbacks.
#[no_mangle]
pub extern "C" fn CFDictionaryCreateMutableCopy(
    _allocator: CFAllocatorRef,
    _capacity: CFIndex,
    dictionary: CFTypeRef,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        self::dictionary(dictionary, "CFDictionaryCreateMutableCopy")
            .map_or(std::ptr::null(), |d| d.copy(true))
    })
}

/// `CFDictionaryAddValue`: only when the key is absent.
#[no_mangle]
pub unsafe extern "C" fn CFDictionaryAddValue(
    dictionary: CFTypeRef,
    key: *const c_void,
    value: *const c_void,
) {
    guard::value((), || {
        if let Some(d) = mutable(dictionary, "CFDictionaryAddValue") {
            // SAFETY: the C API's contract: a key and value the callbacks accept.
            unsafe { d.put(key, value, true, false) };
        }
    })
}

/// `CFDictionarySetValue`: adds, or replaces the value under the key.
#[no_mangle]
pub unsafe extern "C" fn CFDictionarySetValue(
    dictionary: CFTypeRef,
    key: *const c_void,
    value: *const c_void,
) {
    guard::value((), || {
        if let Some(d) = mutable(dictionary, "CFDictionarySetValue") {
            // SAFETY: the C API's contract: a key and value the callbacks accept.
            unsafe { d.put(key, value, true, true) };
        }
    })
}

/// `CFDictionaryReplaceValue`: only when the key is present.
#[no_mangle]
pub unsafe extern "C" fn CFDictionaryReplaceValue(
    dictionary: CFTypeRef,
    key: *const c_void,
    value: *const c_void,
) {
    guard::value((), || {
        if let Some(d) = mutable(dictionary, "CFDictionaryReplaceValue") {
            // SAFETY: the C API's contract: a key and value the callbacks accept.
            unsafe { d.put(key, value, false, true) };
        }
    })
}

/// `CFDictionaryRemoveValue`.
#[no_mangle]
pub extern "C" fn CFDictionaryRemoveValue(dictionary: CFTypeRef, key: *const c_void) {
    guard::value((), || {
        if let Some(d) = mutable(dictionary, "CFDictionaryRemoveValue") {
            d.remove(key);
        }
    })
}

/// `CFDictionaryRemoveAllValues`.
#[no_mangle]
pub extern "C" fn CFDictionaryRemoveAllValues(dictionary: CFTypeRef) {
    guard::value((), || {
        if let Some(d) = mutable(dictionary, "CFDictionaryRemoveAllValues") {
            d.clear();
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
        value(dictionary, key).unwrap_or(std::ptr::null())
    })
}

/// `CFDictionaryGetValueIfPresent`: whether the key is present; its value (not retained) in
/// `value`, which may be NULL.
#[no_mangle]
pub unsafe extern "C" fn CFDictionaryGetValueIfPresent(
    dictionary: CFTypeRef,
    key: *const c_void,
    value: *mut *const c_void,
) -> Boolean {
    guard::value(0, || match self::value(dictionary, key) {
        Some(found) => {
            // SAFETY: the C API's contract: NULL or a pointer to write.
            unsafe { c_args::put(value, found) };
            1
        }
        None => 0,
    })
}

/// `CFDictionaryContainsKey`.
#[no_mangle]
pub extern "C" fn CFDictionaryContainsKey(dictionary: CFTypeRef, key: *const c_void) -> Boolean {
    guard::value(0, || Boolean::from(value(dictionary, key).is_some()))
}

/// `CFDictionaryContainsValue`: by the value callbacks' equality.
#[no_mangle]
pub extern "C" fn CFDictionaryContainsValue(
    dictionary: CFTypeRef,
    value: *const c_void,
) -> Boolean {
    guard::value(0, || {
        let Some(d) = runtime::hold::<Dictionary>(dictionary) else {
            return 0;
        };
        Boolean::from(d.entries().iter().any(|&(_, v)| d.values.equal(v, value)))
    })
}

/// `CFDictionaryGetCount`: 0 for no dictionary.
#[no_mangle]
pub extern "C" fn CFDictionaryGetCount(dictionary: CFTypeRef) -> CFIndex {
    guard::value(0, || {
        runtime::hold::<Dictionary>(dictionary).map_or(0, |d| d.lock().len() as CFIndex)
    })
}

/// `CFDictionaryGetKeysAndValues`: the keys and values, in the same order, into buffers
/// of the count (either may be NULL); not retained.
#[no_mangle]
pub unsafe extern "C" fn CFDictionaryGetKeysAndValues(
    dictionary: CFTypeRef,
    keys: *mut *const c_void,
    values: *mut *const c_void,
) {
    guard::value((), || {
        let Some(d) = self::dictionary(dictionary, "CFDictionaryGetKeysAndValues") else {
            return;
        };
        for (i, (key, value)) in d.entries().into_iter().enumerate() {
            // SAFETY: the C API's contract: NULL, or room for the count.
            unsafe {
                if !keys.is_null() {
                    *keys.add(i) = key;
                }
                if !values.is_null() {
                    *values.add(i) = value;
                }
            }
        }
    })
}
