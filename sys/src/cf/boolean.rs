//! CFBoolean: the two constants `kCFBooleanTrue` and `kCFBooleanFalse`.

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
