//! The values a container (CFArray, CFDictionary) holds, retained and released by the
//! callbacks it was made with: CF's own (`kCFTypeArrayCallBacks`…) or the caller's.

use std::ffi::c_void;
use std::sync::{Mutex, MutexGuard};

use crate::cf::base;
use crate::cf::types::{Boolean, CFAllocatorRef, CFTypeRef};

/// A container's retain callback.
pub type RetainCallBack = unsafe extern "C" fn(CFAllocatorRef, *const c_void) -> *const c_void;
/// A container's release callback.
pub type ReleaseCallBack = unsafe extern "C" fn(CFAllocatorRef, *const c_void);
/// A container's description callback (accepted, never called).
pub type DescriptionCallBack = unsafe extern "C" fn(*const c_void) -> CFTypeRef;
/// A container's equal callback.
pub type EqualCallBack = unsafe extern "C" fn(*const c_void, *const c_void) -> Boolean;
/// A dictionary's key hash callback (accepted, never called: keys are few).
pub type HashCallBack = unsafe extern "C" fn(*const c_void) -> libc::c_ulong;

/// How a container takes and gives up its values.
#[derive(Clone, Copy)]
pub struct Callbacks {
    /// Called on each value taken in; `None`: kept as it is.
    pub retain: Option<RetainCallBack>,
    /// Called on each value when the container goes; `None`: nothing.
    pub release: Option<ReleaseCallBack>,
}

impl Callbacks {
    /// CF's: values are objects, retained and released.
    pub const OBJECTS: Callbacks = Callbacks {
        retain: Some(base::retain_callback),
        release: Some(base::release_callback),
    };
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

    /// Takes `value` in, retained as the callbacks say.
    ///
    /// # Safety
    /// `value` must be what the callbacks accept (anything for CF's).
    pub unsafe fn push(&self, value: *const c_void) {
        let value = match self.callbacks.retain {
            // SAFETY: a callback the container was made with, on a value it accepts.
            Some(retain) => unsafe { retain(std::ptr::null(), value) },
            None => value,
        };
        self.lock().push(value);
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
        let Some(release) = self.callbacks.release else {
            return;
        };
        let values = std::mem::take(self.values.get_mut().unwrap_or_else(|p| p.into_inner()));
        for value in values {
            // SAFETY: the callback that goes with the one that retained the value.
            unsafe { release(std::ptr::null(), value) };
        }
    }
}
