//! The values a container (CFArray, CFDictionary) holds, retained, released, compared and
//! described by the callbacks it was made with: CF's own (`kCFTypeArrayCallBacks`…) or the
//! caller's.

use std::ffi::c_void;
use std::sync::{Mutex, MutexGuard};

use crate::cf::base;
use crate::cf::string;
use crate::cf::types::{Boolean, CFAllocatorRef, CFTypeRef};

/// A container's retain callback.
pub type RetainCallBack = unsafe extern "C" fn(CFAllocatorRef, *const c_void) -> *const c_void;
/// A container's release callback.
pub type ReleaseCallBack = unsafe extern "C" fn(CFAllocatorRef, *const c_void);
/// A container's description callback (for `CFCopyDescription` of the container).
pub type DescriptionCallBack = unsafe extern "C" fn(*const c_void) -> CFTypeRef;
/// A container's equal callback.
pub type EqualCallBack = unsafe extern "C" fn(*const c_void, *const c_void) -> Boolean;
/// A dictionary's key hash callback (accepted, never called: keys are found by equality).
pub type HashCallBack = unsafe extern "C" fn(*const c_void) -> libc::c_ulong;

/// How a container takes, gives up, compares and describes its values.
#[derive(Clone, Copy)]
pub struct Callbacks {
    /// Called on each value taken in; `None`: kept as it is.
    pub retain: Option<RetainCallBack>,
    /// Called on each value when the container lets it go; `None`: nothing.
    pub release: Option<ReleaseCallBack>,
    /// Whether two values are equal; `None`: only the same pointer.
    pub equal: Option<EqualCallBack>,
    /// A value's description; `None`: its address.
    pub describe: Option<DescriptionCallBack>,
}

impl Callbacks {
    /// CF's: values are objects, retained, released, compared and described as objects.
    pub const OBJECTS: Callbacks = Callbacks {
        retain: Some(base::retain_callback),
        release: Some(base::release_callback),
        equal: Some(base::equal_callback),
        describe: Some(base::description_callback),
    };

    /// Whether `a` and `b` are the same value to these callbacks.
    pub(crate) fn equal(&self, a: *const c_void, b: *const c_void) -> bool {
        match self.equal {
            // SAFETY: a callback the container was made with, on values it accepts.
            Some(equal) => a == b || unsafe { equal(a, b) } != 0,
            None => a == b,
        }
    }

    /// A value's description: its callback's, else its address, as CF's containers write it.
    pub(crate) fn describe(&self, value: *const c_void) -> String {
        let described = self.describe.and_then(|describe| {
            // SAFETY: a callback the container was made with, on a value it holds; the
            // string it returns is the caller's, released here.
            let string = unsafe { describe(value) };
            let text = string::contents(string);
            base::CFRelease(string);
            text
        });
        described.unwrap_or_else(|| format!("<{:#x}>", value.addr()))
    }

    /// Takes `value` in, as the retain callback says.
    ///
    /// # Safety
    /// `value` must be what the callbacks accept (anything for CF's).
    pub unsafe fn retain(&self, value: *const c_void) -> *const c_void {
        match self.retain {
            // SAFETY: the caller's promise.
            Some(retain) => unsafe { retain(std::ptr::null(), value) },
            None => value,
        }
    }

    /// Lets a value go, as the release callback says.
    pub(crate) fn release(&self, value: *const c_void) {
        if let Some(release) = self.release {
            // SAFETY: the callback that goes with the one that took the value in.
            unsafe { release(std::ptr::null(), value) };
        }
    }
}

/// Values and the callbacks that hold them. The callbacks run outside the lock, so that
/// the caller's may call back into the container.
pub struct Items {
    callbacks: Callbacks,
    values: Mutex<Vec<CFTypeRef>>,
}

// SAFETY: the values are what the callbacks make of them, and CF's rule for them applies:
// objects may be shared between threads; other values are the caller's to share.
unsafe impl Send for Items {}
// SAFETY: as for Send; the list itself is behind a lock.
unsafe impl Sync for Items {}

impl Items {
    /// No values yet.
    pub fn new(callbacks: Callbacks) -> Items {
        Items::adopt(callbacks, Vec::new())
    }

    /// `values`, already retained for the container.
    pub fn adopt(callbacks: Callbacks, values: Vec<CFTypeRef>) -> Items {
        Items {
            callbacks,
            values: Mutex::new(values),
        }
    }

    /// The callbacks.
    pub fn callbacks(&self) -> &Callbacks {
        &self.callbacks
    }

    /// Takes `value` in, retained as the callbacks say.
    ///
    /// # Safety
    /// `value` must be what the callbacks accept (anything for CF's).
    pub unsafe fn push(&self, value: *const c_void) {
        // SAFETY: the caller's promise.
        let value = unsafe { self.callbacks.retain(value) };
        self.lock().push(value);
    }

    /// Takes `value` in at `index` (at most the count); `false`, nothing taken, beyond.
    ///
    /// # Safety
    /// As for [`Items::push`].
    pub unsafe fn insert(&self, index: usize, value: *const c_void) -> bool {
        if index > self.count() {
            return false;
        }
        // SAFETY: the caller's promise.
        let value = unsafe { self.callbacks.retain(value) };
        let mut values = self.lock();
        if index > values.len() {
            // Shrunk meanwhile by another thread.
            drop(values);
            self.callbacks.release(value);
            return false;
        }
        values.insert(index, value);
        true
    }

    /// Puts `value` at `index` instead of the value there, which it lets go; at the count,
    /// appends. `false`, nothing taken, beyond.
    ///
    /// # Safety
    /// As for [`Items::push`].
    pub unsafe fn set(&self, index: usize, value: *const c_void) -> bool {
        if index > self.count() {
            return false;
        }
        // SAFETY: the caller's promise.
        let value = unsafe { self.callbacks.retain(value) };
        let mut values = self.lock();
        // The count may have changed meanwhile (another thread): beyond it, nothing is kept.
        let (let_go, done) = match index.cmp(&values.len()) {
            std::cmp::Ordering::Less => (Some(std::mem::replace(&mut values[index], value)), true),
            std::cmp::Ordering::Equal => {
                values.push(value);
                (None, true)
            }
            std::cmp::Ordering::Greater => (Some(value), false),
        };
        drop(values);
        if let Some(old) = let_go {
            self.callbacks.release(old);
        }
        done
    }

    /// Lets go of the value at `index`; `false` if there is none.
    pub fn remove(&self, index: usize) -> bool {
        let mut values = self.lock();
        if index >= values.len() {
            return false;
        }
        let removed = values.remove(index);
        drop(values);
        self.callbacks.release(removed);
        true
    }

    /// Lets go of every value.
    pub fn clear(&self) {
        let removed = std::mem::take(&mut *self.lock());
        for value in removed {
            self.callbacks.release(value);
        }
    }

    /// The values now (not retained for the caller).
    pub fn values(&self) -> Vec<CFTypeRef> {
        self.lock().clone()
    }

    /// How many values there are.
    pub fn count(&self) -> usize {
        self.lock().len()
    }

    /// The value at `index`, if there is one.
    pub fn get(&self, index: usize) -> Option<CFTypeRef> {
        self.lock().get(index).copied()
    }

    fn lock(&self) -> MutexGuard<'_, Vec<CFTypeRef>> {
        // A push is one step: a panic elsewhere leaves the list consistent.
        self.values
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Drop for Items {
    fn drop(&mut self) {
        let values = std::mem::take(self.values.get_mut().unwrap_or_else(|p| p.into_inner()));
        for value in values {
            self.callbacks.release(value);
        }
    }
}
