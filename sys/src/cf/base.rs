//! CFBase.h: what every object answers — `CFRetain`, `CFRelease`, `CFGetTypeID`,
//! `CFGetRetainCount`, `CFEqual`, `CFHash`, `CFCopyDescription`, `CFShow` — the allocator
//! constants, CF's own callbacks for containers of objects, and [`Retained`], a reference the
//! library keeps.

use std::cell::Cell;
use std::ffi::c_void;
use std::io::Write;

use crate::cf::runtime::{self, immortal, Class, ConstRef, Instance};
use crate::cf::string;
use crate::cf::types::{Boolean, CFAllocatorRef, CFHashCode, CFIndex, CFTypeID, CFTypeRef};
use crate::guard;

/// The default allocator is NULL in CoreFoundation too. Allocators are accepted and ignored
/// (every object lives in the runtime's slab), but for the bytes a CFData takes over: see
/// `CFDataCreateWithBytesNoCopy`.
#[no_mangle]
pub static kCFAllocatorDefault: ConstRef = ConstRef::NULL;

/// A CFAllocator's value: which of CF's allocators it is.
pub struct Allocator(&'static str);

static ALLOCATOR: Class = Class::new::<Allocator>("CFAllocator");

impl Instance for Allocator {
    fn class() -> &'static Class {
        &ALLOCATOR
    }

    fn describe(&self) -> Option<String> {
        Some(format!("{{{}}}", self.0))
    }
}

immortal! {
    /// `kCFAllocatorSystemDefault`: the default allocator, named.
    kCFAllocatorSystemDefault: Allocator = Allocator("system default");
}

immortal! {
    /// `kCFAllocatorMalloc`: `malloc` and `free`.
    kCFAllocatorMalloc: Allocator = Allocator("malloc");
}

immortal! {
    /// `kCFAllocatorMallocZone`: the default malloc zone, `malloc` and `free` here.
    kCFAllocatorMallocZone: Allocator = Allocator("malloc zone");
}

immortal! {
    /// `kCFAllocatorNull`: allocates nothing and frees nothing (bytes a CFData must leave).
    kCFAllocatorNull: Allocator = Allocator("null");
}

immortal! {
    /// `kCFAllocatorUseContext`: only meaningful to `CFAllocatorCreate`, which this library
    /// does not have.
    kCFAllocatorUseContext: Allocator = Allocator("use context");
}

/// `CFAllocatorGetTypeID`.
#[no_mangle]
pub extern "C" fn CFAllocatorGetTypeID() -> CFTypeID {
    ALLOCATOR.id()
}

/// Whether `allocator` is one whose deallocation is `free` (the default, system default,
/// malloc and malloc zone allocators); `false` for `kCFAllocatorNull` and anything else.
pub fn frees_with_free(allocator: CFAllocatorRef) -> bool {
    allocator.is_null()
        || [
            &kCFAllocatorSystemDefault,
            &kCFAllocatorMalloc,
            &kCFAllocatorMallocZone,
        ]
        .iter()
        .any(|known| known.get() == allocator)
}

/// Whether `allocator` is `kCFAllocatorNull`.
pub fn is_null_allocator(allocator: CFAllocatorRef) -> bool {
    allocator == kCFAllocatorNull.get()
}

/// How deep CFEqual and CFCopyDescription may nest into containers, which may hold
/// themselves: deeper, a comparison is false and a description is cut (a Mac overflows its
/// stack).
const MAX_NESTING: usize = 64;

thread_local! {
    static NESTING: Cell<usize> = const { Cell::new(0) };
}

/// Runs `body` one container level deeper; `fallback` past [`MAX_NESTING`].
pub fn nested<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    let depth = NESTING.with(Cell::get);
    if depth >= MAX_NESTING {
        log::warn!("containers nested more than {MAX_NESTING} deep (one holds itself?)");
        return fallback;
    }
    NESTING.with(|n| n.set(depth + 1));
    struct Leave;
    impl Drop for Leave {
        fn drop(&mut self) {
            NESTING.with(|n| n.set(n.get() - 1));
        }
    }
    let _leave = Leave;
    body()
}

/// `CFCopyDescription`'s text: `<Class 0x… [0x…]>` and what the class adds, as CF's runtime
/// writes it (the second address is the allocator's), or the class's whole description;
/// `None` for no live object.
pub fn description(reference: CFTypeRef) -> Option<String> {
    let object = runtime::hold_any(reference)?;
    let class = object.class();
    if let Some(whole) = nested(None, || class.describe_whole(&*object)) {
        return Some(whole);
    }
    let body = nested(Some("{…}".to_owned()), || class.describe(&*object)).unwrap_or_default();
    Some(format!(
        "<{} {:#x} [{:#x}]>{body}",
        class.name(),
        reference.addr(),
        kCFAllocatorSystemDefault.get().addr()
    ))
}

/// What `%@` prints for an object: its formatting description (a string's text, a number's
/// digits), else its description; `(null)` for NULL, as CF.
pub fn formatting_description(reference: CFTypeRef) -> String {
    if reference.is_null() {
        return "(null)".to_owned();
    }
    let formatted = runtime::hold_any(reference)
        .and_then(|object| nested(None, || object.class().format(&*object)));
    formatted
        .or_else(|| description(reference))
        .unwrap_or_else(|| format!("<not an object {:#x}>", reference.addr()))
}

/// `CFCopyDescription`: a new string describing the object; NULL for no live object.
#[no_mangle]
pub extern "C" fn CFCopyDescription(cf: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        description(cf).map_or(std::ptr::null(), |text| string::create(&text))
    })
}

/// `__CFCopyFormattingDescription` (CF's private call behind `%@`): the formatting
/// description as a new string; NULL for no live object.
#[no_mangle]
pub extern "C" fn __CFCopyFormattingDescription(cf: CFTypeRef, _options: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || match runtime::hold_any(cf) {
        Some(_) => string::create(&formatting_description(cf)),
        None => std::ptr::null(),
    })
}

/// `CFShow`: the object's description — a string's text itself — and a newline on stderr,
/// where CF logs it; `(null)` for NULL.
#[no_mangle]
pub extern "C" fn CFShow(cf: CFTypeRef) {
    guard::value((), || {
        let text = if cf.is_null() {
            "(null)".to_owned()
        } else if let Some(text) = string::contents(cf) {
            text
        } else {
            description(cf).unwrap_or_else(|| format!("<not an object {:#x}>", cf.addr()))
        };
        let _ = writeln!(std::io::stderr().lock(), "{text}");
    })
}

/// `CFHash`: equal objects hash alike (a class's own hash, or one number for all of a
/// class that compares values); otherwise the reference. 0 for no live object.
#[no_mangle]
pub extern "C" fn CFHash(cf: CFTypeRef) -> CFHashCode {
    guard::value(0, || {
        let Some(object) = runtime::hold_any(cf) else {
            return 0;
        };
        let class = object.class();
        let hash = match class.hash(&*object) {
            Some(hash) => hash,
            None if class.compares_values() => class.id(),
            None => cf.addr() as u64,
        };
        hash as CFHashCode
    })
}

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
        let same_class = std::ptr::eq(a.class(), b.class());
        Boolean::from(same_class && nested(false, || a.class().equal(&*a, &*b)))
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

/// CF's description callback: `CFCopyDescription`.
pub extern "C" fn description_callback(value: *const c_void) -> CFTypeRef {
    CFCopyDescription(value)
}

/// CF's hash callback: `CFHash`.
pub extern "C" fn hash_callback(value: *const c_void) -> CFHashCode {
    CFHash(value)
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
