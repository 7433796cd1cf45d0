//! CFBoolean: the two constants `kCFBooleanTrue` and `kCFBooleanFalse`, which are all there
//! is of CFBoolean.

use crate::cf::runtime::{self, immortal, Class, Instance};
use crate::cf::types::{Boolean, CFTypeID, CFTypeRef};
use crate::guard;

/// A CFBoolean's value.
#[derive(PartialEq)]
pub struct CfBoolean(bool);

static CLASS: Class = Class::with_equal_values::<CfBoolean>("CFBoolean");

impl Instance for CfBoolean {
    fn class() -> &'static Class {
        &CLASS
    }

    fn describe(&self) -> Option<String> {
        Some(format!("{{value = {}}}", self.0))
    }

    /// `%@` prints `true` or `false`, as CF's own CFBoolean does.
    fn format(&self) -> Option<String> {
        Some(self.0.to_string())
    }

    fn hash(&self) -> Option<u64> {
        Some(u64::from(self.0))
    }
}

immortal! {
    /// `kCFBooleanTrue`.
    kCFBooleanTrue: CfBoolean = CfBoolean(true);
}

immortal! {
    /// `kCFBooleanFalse`.
    kCFBooleanFalse: CfBoolean = CfBoolean(false);
}

/// `CFBooleanGetTypeID`.
#[no_mangle]
pub extern "C" fn CFBooleanGetTypeID() -> CFTypeID {
    CLASS.id()
}

/// `CFBooleanGetValue`: false for no CFBoolean.
#[no_mangle]
pub extern "C" fn CFBooleanGetValue(boolean: CFTypeRef) -> Boolean {
    guard::value(0, || {
        runtime::hold::<CfBoolean>(boolean).map_or(0, |b| Boolean::from(b.0))
    })
}
