//! CoreFoundation's scalar types and reference type, as CFBase.h declares them.

use std::ffi::c_void;

/// Any CF object: a reference the runtime validates before every use.
pub type CFTypeRef = *const c_void;
/// A class's number (`CFGetTypeID`); 0, `_kCFRuntimeNotATypeID`, is no class's.
pub type CFTypeID = libc::c_ulong;
/// Counts and indices.
pub type CFIndex = libc::c_long;
/// Option bits (`kCFCompare…`).
pub type CFOptionFlags = libc::c_ulong;
/// `CFHash`'s result.
pub type CFHashCode = libc::c_ulong;
/// CF's boolean: 0 or 1.
pub type Boolean = u8;
/// Allocators are accepted and ignored: every object comes from the runtime's slab.
pub type CFAllocatorRef = *const c_void;
/// A text encoding (`kCFStringEncoding…`).
pub type CFStringEncoding = u32;
/// `CFComparisonResult`: -1, 0 or 1.
pub type CFComparisonResult = CFIndex;

/// `kCFNotFound`: no index.
pub const kCFNotFound: CFIndex = -1;

/// `CFRange`: a run of indices.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CFRange {
    /// The first index.
    pub location: CFIndex,
    /// How many.
    pub length: CFIndex,
}
