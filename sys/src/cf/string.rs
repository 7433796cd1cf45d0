//! CFString: text, in UTF-8 (ASCII being a part of it).

use std::collections::HashMap;
use std::ffi::{c_char, CStr, CString};
use std::sync::{Mutex, OnceLock};

use crate::cf::runtime::{self, Class, Instance};
use crate::cf::types::{Boolean, CFAllocatorRef, CFIndex, CFStringEncoding, CFTypeID, CFTypeRef};
use crate::guard;

/// A CFString's value: a literal of the library's, or a copy of the caller's text.
pub enum CfString {
    /// A literal (the constants' text).
    Static(&'static CStr),
    /// A copy.
    Owned(CString),
}

static CLASS: Class = Class::with_equal_values::<CfString>("CFString");

impl Instance for CfString {
    fn class() -> &'static Class {
        &CLASS
    }
}

impl CfString {
    /// The text.
    pub fn text(&self) -> &CStr {
        match self {
            CfString::Static(text) => text,
            CfString::Owned(text) => text,
        }
    }
}

impl PartialEq for CfString {
    fn eq(&self, other: &CfString) -> bool {
        self.text() == other.text()
    }
}

/// A new CFString of `text` (NUL characters dropped), owned by the caller.
pub fn create(text: &str) -> CFTypeRef {
    let text = CString::new(text.replace('\0', "")).unwrap_or_default();
    runtime::create(CfString::Owned(text))
}

/// UTF-8.
pub const kCFStringEncodingUTF8: CFStringEncoding = 0x0800_0100;
/// ASCII.
pub const kCFStringEncodingASCII: CFStringEncoding = 0x0600;

/// Only UTF-8 and ASCII are supported.
fn supported_encoding(encoding: CFStringEncoding) -> bool {
    encoding == kCFStringEncodingUTF8 || encoding == kCFStringEncodingASCII
}

/// `CFStringGetTypeID`.
#[no_mangle]
pub extern "C" fn CFStringGetTypeID() -> CFTypeID {
    CLASS.id()
}

/// `CFStringCreateWithCString`: NULL for bytes that are no text in the encoding, as
/// CoreFoundation.
#[no_mangle]
pub unsafe extern "C" fn CFStringCreateWithCString(
    _allocator: CFAllocatorRef,
    c_str: *const c_char,
    encoding: CFStringEncoding,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        if c_str.is_null() || !supported_encoding(encoding) {
            return std::ptr::null();
        }
        // SAFETY: the C API's contract: a NUL-terminated string.
        let text = unsafe { CStr::from_ptr(c_str) };
        let valid = if encoding == kCFStringEncodingASCII {
            text.to_bytes().is_ascii()
        } else {
            text.to_str().is_ok()
        };
        if !valid {
            return std::ptr::null();
        }
        runtime::create(CfString::Owned(text.to_owned()))
    })
}

/// `CFStringGetCString`: false if the text and its NUL do not fit, or do not fit the
/// encoding.
#[no_mangle]
pub unsafe extern "C" fn CFStringGetCString(
    string: CFTypeRef,
    buffer: *mut c_char,
    buffer_size: CFIndex,
    encoding: CFStringEncoding,
) -> Boolean {
    guard::value(0, || {
        let Some(string) = runtime::hold::<CfString>(string) else {
            return 0;
        };
        let text = string.text();
        let bytes = text.to_bytes_with_nul();
        let ascii_ok = encoding != kCFStringEncodingASCII || text.to_bytes().is_ascii();
        let fits = usize::try_from(buffer_size).is_ok_and(|size| bytes.len() <= size);
        if buffer.is_null() || !supported_encoding(encoding) || !ascii_ok || !fits {
            return 0;
        }
        // SAFETY: the C API's contract: `buffer_size` writable bytes, which hold the text.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr().cast(), buffer, bytes.len()) };
        1
    })
}

/// `CFStringGetCStringPtr`: the text, valid while the string lives.
#[no_mangle]
pub extern "C" fn CFStringGetCStringPtr(
    string: CFTypeRef,
    encoding: CFStringEncoding,
) -> *const c_char {
    guard::value(std::ptr::null(), || {
        match runtime::hold::<CfString>(string) {
            Some(string) if supported_encoding(encoding) => string.text().as_ptr(),
            _ => std::ptr::null(),
        }
    })
}

/// `CFStringGetLength`: in UTF-16 code units, as CoreFoundation counts.
#[no_mangle]
pub extern "C" fn CFStringGetLength(string: CFTypeRef) -> CFIndex {
    guard::value(0, || {
        runtime::hold::<CfString>(string).map_or(0, |s| {
            s.text().to_string_lossy().encode_utf16().count() as CFIndex
        })
    })
}

/// What `CFSTR("literal")` expands to: one immortal string per distinct literal.
#[no_mangle]
pub unsafe extern "C" fn __CFStringMakeConstantString(c_str: *const c_char) -> CFTypeRef {
    /// The strings made so far, by text (references as numbers: they are not pointers).
    static MADE: OnceLock<Mutex<HashMap<CString, usize>>> = OnceLock::new();
    guard::value(std::ptr::null(), || {
        if c_str.is_null() {
            return std::ptr::null();
        }
        // SAFETY: the C API's contract: a NUL-terminated string.
        let text = unsafe { CStr::from_ptr(c_str) }.to_owned();
        let mut made = MADE
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let reference = *made
            .entry(text.clone())
            .or_insert_with(|| runtime::create_immortal(CfString::Owned(text)).addr());
        std::ptr::without_provenance(reference)
    })
}
