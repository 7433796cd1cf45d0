//! Objects that live as long as the program: the exported `extern const` references
//! (`kCFBooleanTrue`, `kSecImportExportPassphrase`, `kSSLSessionConfig_default`…), which C
//! reads as constants, as it does Apple's.
//!
//! Each is a static whose address is its reference, which [`immortal!`] puts in one linker
//! section with all the others, whichever module declares it. The linker marks the ends of
//! a section named as a C identifier (`__start_…`, `__stop_…`), so telling whether a
//! reference is one of these objects is a comparison of addresses, never a read of what the
//! reference points at.

use std::any::Any;
use std::ffi::c_void;
use std::mem::size_of;

use crate::cf::runtime::class::{Class, Instance};
use crate::cf::types::CFTypeRef;

/// An immortal object: its class and its value, both static.
pub struct Immortal {
    class: fn() -> &'static Class,
    value: &'static (dyn Any + Send + Sync),
}

impl Immortal {
    /// The object of `value`, for [`immortal!`].
    pub const fn new<T: Instance>(value: &'static T) -> Immortal {
        Immortal {
            class: T::class,
            value,
        }
    }

    /// Its class.
    pub fn class(&self) -> &'static Class {
        (self.class)()
    }

    /// Its value.
    pub fn value(&self) -> &'static (dyn Any + Send + Sync) {
        self.value
    }
}

/// A reference exported as data (`extern const CFStringRef kFoo;` in C): an immortal
/// object's, or NULL.
#[repr(transparent)]
pub struct ConstRef(CFTypeRef);

// SAFETY: the reference is an address that never changes, of an object that never does.
unsafe impl Sync for ConstRef {}

impl ConstRef {
    /// NULL, as CoreFoundation's `kCFAllocatorDefault`.
    pub const NULL: ConstRef = ConstRef(std::ptr::null());

    /// The reference of `object`, for [`immortal!`].
    pub const fn to(object: &'static Immortal) -> ConstRef {
        ConstRef((object as *const Immortal).cast::<c_void>())
    }

    /// The reference, as C reads it.
    pub fn get(&self) -> CFTypeRef {
        self.0
    }
}

extern "C" {
    // Defined by the linker: the ends of the section `immortal!` fills.
    #[link_name = "__start_securetransport_immortals"]
    static SECTION_START: u8;
    #[link_name = "__stop_securetransport_immortals"]
    static SECTION_END: u8;
}

/// The immortal object `reference` points at, if it points at one.
pub fn find(reference: CFTypeRef) -> Option<&'static Immortal> {
    let start = (&raw const SECTION_START).addr();
    let end = (&raw const SECTION_END).addr();
    let address = reference.addr();
    let at_an_object =
        (start..end).contains(&address) && (address - start).is_multiple_of(size_of::<Immortal>());
    // SAFETY: the start of an object in the section, which holds nothing but the statics
    // `immortal!` put there, back to back (a section of its own gets no padding), for the
    // whole program.
    at_an_object.then(|| unsafe { &*reference.cast::<Immortal>() })
}

/// Exports `$name` as a constant reference to an immortal object holding `$value`, of a
/// type with a class.
macro_rules! immortal {
    ($(#[$attribute:meta])* $name:ident: $type:ty = $value:expr;) => {
        $(#[$attribute])*
        #[no_mangle]
        pub static $name: $crate::cf::runtime::immortal::ConstRef = {
            static VALUE: $type = $value;
            // The section `find` looks in.
            #[link_section = "securetransport_immortals"]
            #[used]
            static OBJECT: $crate::cf::runtime::immortal::Immortal =
                $crate::cf::runtime::immortal::Immortal::new(&VALUE);
            $crate::cf::runtime::immortal::ConstRef::to(&OBJECT)
        };
    };
}

pub(crate) use immortal;
