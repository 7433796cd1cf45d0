//! CFString: text, immutable or mutable (`CFMutableString`, the same class). Lengths and
//! ranges count UTF-16 units, as CoreFoundation's do. Changing an immutable string — which
//! halts the program on a Mac — logs a warning and changes nothing.

pub mod encoding;
pub mod format;
pub mod search;

use std::borrow::Cow;
use std::collections::HashMap;
use std::ffi::{c_char, CStr, CString};
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, MutexGuard, OnceLock};

use crate::c_args;
use crate::cf::runtime::{self, Class, Instance};
use crate::cf::types::{
    Boolean, CFAllocatorRef, CFIndex, CFRange, CFStringEncoding, CFTypeID, CFTypeRef,
};
use crate::guard;
// The two encodings this module always had, for code that names them here.
pub use encoding::{kCFStringEncodingASCII, kCFStringEncodingUTF8};

/// A CFString's value.
pub enum CfString {
    /// A literal (the constants' text).
    Static(&'static CStr),
    /// Text fixed at creation.
    Owned(Text),
    /// A `CFMutableString`'s text.
    Mutable(Mutex<String>),
}

/// Text fixed at creation, kept with a NUL after it so that `CFStringGetCStringPtr` can hand
/// out a C string.
pub struct Text(String);

impl Text {
    fn new(text: &str) -> Text {
        let mut stored = String::with_capacity(text.len() + 1);
        stored.push_str(text);
        stored.push('\0');
        Text(stored)
    }

    fn as_str(&self) -> &str {
        &self.0[..self.0.len() - 1]
    }

    /// The text as a C string; `None` if it holds a U+0000 of its own.
    fn c_str(&self) -> Option<&CStr> {
        CStr::from_bytes_with_nul(self.0.as_bytes()).ok()
    }
}

static CLASS: Class = Class::with_equal_values::<CfString>("CFString");

impl Instance for CfString {
    fn class() -> &'static Class {
        &CLASS
    }

    fn describe(&self) -> Option<String> {
        Some(format!("{{contents = \"{}\"}}", self.contents()))
    }

    fn format(&self) -> Option<String> {
        Some(self.contents().into_owned())
    }

    fn hash(&self) -> Option<u64> {
        let mut hasher = std::hash::DefaultHasher::new();
        self.contents().hash(&mut hasher);
        Some(hasher.finish())
    }
}

impl CfString {
    /// The text.
    pub fn contents(&self) -> Cow<'_, str> {
        match self {
            CfString::Static(text) => text.to_string_lossy(),
            CfString::Owned(text) => Cow::Borrowed(text.as_str()),
            CfString::Mutable(text) => Cow::Owned(lock(text).clone()),
        }
    }

    /// The text as a C string, up to any U+0000 in it.
    pub fn text(&self) -> Cow<'_, CStr> {
        match self {
            CfString::Static(text) => Cow::Borrowed(text),
            CfString::Owned(text) => Cow::Borrowed(
                CStr::from_bytes_until_nul(text.0.as_bytes()).expect("stored with a NUL"),
            ),
            CfString::Mutable(text) => {
                let text = lock(text);
                let end = text.find('\0').unwrap_or(text.len());
                Cow::Owned(CString::new(&text[..end]).expect("cut at the first NUL"))
            }
        }
    }

    /// The text in UTF-16 units, what lengths and ranges count.
    pub fn utf16(&self) -> Vec<u16> {
        self.contents().encode_utf16().collect()
    }

    /// Whether this is a `CFMutableString`.
    pub fn is_mutable(&self) -> bool {
        matches!(self, CfString::Mutable(_))
    }

    /// Changes a mutable string's text; `false` (and a warning) for an immutable one.
    pub fn edit(&self, change: impl FnOnce(&mut String), caller: &str) -> bool {
        match self {
            CfString::Mutable(text) => {
                change(&mut lock(text));
                true
            }
            _ => {
                log::warn!("{caller} on an immutable CFString: left unchanged");
                false
            }
        }
    }
}

fn lock(text: &Mutex<String>) -> MutexGuard<'_, String> {
    // Every change is one `String` operation: a panic leaves valid text.
    text.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl PartialEq for CfString {
    fn eq(&self, other: &CfString) -> bool {
        self.contents() == other.contents()
    }
}

/// A new CFString of `text`, owned by the caller.
pub fn create(text: &str) -> CFTypeRef {
    runtime::create(CfString::Owned(Text::new(text)))
}

/// A new CFMutableString of `text`, owned by the caller.
pub fn create_mutable(text: String) -> CFTypeRef {
    runtime::create(CfString::Mutable(Mutex::new(text)))
}

/// The text of the CFString `string`, if it is one.
pub fn contents(string: CFTypeRef) -> Option<String> {
    runtime::hold::<CfString>(string).map(|s| s.contents().into_owned())
}

/// The units of `string` a CFRange names; `None` for a range outside it (which CF does not
/// check, and runs off the string's end).
pub fn in_range(units: &[u16], range: CFRange, caller: &str) -> Option<std::ops::Range<usize>> {
    let start = usize::try_from(range.location).ok();
    let length = usize::try_from(range.length).ok();
    let span = start
        .zip(length)
        .and_then(|(start, length)| Some(start..start.checked_add(length)?))
        .filter(|span| span.end <= units.len());
    if span.is_none() {
        log::warn!(
            "{caller}: range {{{}, {}}} is outside the string's {} units",
            range.location,
            range.length,
            units.len()
        );
    }
    span
}

/// `CFStringGetTypeID`.
#[no_mangle]
pub extern "C" fn CFStringGetTypeID() -> CFTypeID {
    CLASS.id()
}

/// `CFStringCreateWithCString`: NULL for bytes that are no text in the encoding, or an
/// encoding not converted (see `encoding`), as CoreFoundation.
#[no_mangle]
pub unsafe extern "C" fn CFStringCreateWithCString(
    _allocator: CFAllocatorRef,
    c_str: *const c_char,
    encoding: CFStringEncoding,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        if c_str.is_null() {
            return std::ptr::null();
        }
        // SAFETY: the C API's contract: a NUL-terminated string.
        let bytes = unsafe { CStr::from_ptr(c_str) }.to_bytes();
        match encoding::decode(bytes, encoding, false) {
            Some(text) => create(&text),
            None => std::ptr::null(),
        }
    })
}

/// `CFStringCreateWithBytes`: `num_bytes` bytes in `encoding` (a BOM read as CF reads it,
/// see [`encoding::decode`]); NULL for bytes that are no text in it.
#[no_mangle]
pub unsafe extern "C" fn CFStringCreateWithBytes(
    _allocator: CFAllocatorRef,
    bytes: *const u8,
    num_bytes: CFIndex,
    encoding: CFStringEncoding,
    is_external_representation: Boolean,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let length = usize::try_from(num_bytes).unwrap_or(usize::MAX);
        // SAFETY: the C API's contract: `num_bytes` readable bytes.
        let Some(bytes) = (unsafe { c_args::slice(bytes, length) }) else {
            return std::ptr::null();
        };
        match encoding::decode(bytes, encoding, is_external_representation != 0) {
            Some(text) => create(&text),
            None => std::ptr::null(),
        }
    })
}

/// `CFStringCreateCopy`: an immutable string of the same text — the string itself, retained,
/// when it is immutable already, as CoreFoundation does.
#[no_mangle]
pub extern "C" fn CFStringCreateCopy(_allocator: CFAllocatorRef, string: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        match runtime::hold::<CfString>(string) {
            Some(s) if !s.is_mutable() => {
                runtime::retain(string);
                string
            }
            Some(s) => create(&s.contents()),
            None => std::ptr::null(),
        }
    })
}

/// `CFStringCreateMutable`: an empty mutable string. `max_length` is accepted and not
/// enforced (CF halts a program that exceeds it).
#[no_mangle]
pub extern "C" fn CFStringCreateMutable(
    _allocator: CFAllocatorRef,
    _max_length: CFIndex,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || create_mutable(String::new()))
}

/// `CFStringCreateMutableCopy`: a mutable string of `string`'s text.
#[no_mangle]
pub extern "C" fn CFStringCreateMutableCopy(
    _allocator: CFAllocatorRef,
    _max_length: CFIndex,
    string: CFTypeRef,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || match contents(string) {
        Some(text) => create_mutable(text),
        None => std::ptr::null(),
    })
}

/// `CFStringAppend`: appends `appended`'s text to a mutable string.
#[no_mangle]
pub extern "C" fn CFStringAppend(string: CFTypeRef, appended: CFTypeRef) {
    guard::value((), || {
        let (Some(target), Some(text)) = (runtime::hold::<CfString>(string), contents(appended))
        else {
            log::warn!("CFStringAppend: not two strings");
            return;
        };
        target.edit(|s| s.push_str(&text), "CFStringAppend");
    })
}

/// `CFStringAppendCString`: appends a C string in `encoding`; bytes that are no text in it
/// append nothing (and are logged).
#[no_mangle]
pub unsafe extern "C" fn CFStringAppendCString(
    string: CFTypeRef,
    c_str: *const c_char,
    encoding: CFStringEncoding,
) {
    guard::value((), || {
        let Some(target) = runtime::hold::<CfString>(string) else {
            log::warn!("CFStringAppendCString on something that is not a string");
            return;
        };
        if c_str.is_null() {
            log::warn!("CFStringAppendCString: NULL C string");
            return;
        }
        // SAFETY: the C API's contract: a NUL-terminated string.
        let bytes = unsafe { CStr::from_ptr(c_str) }.to_bytes();
        match encoding::decode(bytes, encoding, false) {
            Some(text) => {
                target.edit(|s| s.push_str(&text), "CFStringAppendCString");
            }
            None => log::warn!(
                "CFStringAppendCString: bytes that are no text in encoding {encoding:#x}"
            ),
        }
    })
}

/// `CFStringGetCString`: false if the text and its NUL do not fit, or the text does not fit
/// the encoding.
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
        let mut bytes = Vec::new();
        if !string
            .contents()
            .chars()
            .all(|c| encoding::encode_char(c, encoding, &mut bytes))
        {
            return 0;
        }
        bytes.push(0);
        let fits = usize::try_from(buffer_size).is_ok_and(|size| bytes.len() <= size);
        if buffer.is_null() || !fits {
            return 0;
        }
        // SAFETY: the C API's contract: `buffer_size` writable bytes, which hold the text.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr().cast(), buffer, bytes.len()) };
        1
    })
}

/// `CFStringGetCStringPtr`: the text, valid while the string lives, when it is stored as the
/// encoding asks (UTF-8, or ASCII text for ASCII); NULL otherwise, and always for a mutable
/// string — as CF, which may return NULL for any string (callers then use
/// `CFStringGetCString`).
#[no_mangle]
pub extern "C" fn CFStringGetCStringPtr(
    string: CFTypeRef,
    encoding: CFStringEncoding,
) -> *const c_char {
    guard::value(std::ptr::null(), || {
        let Some(string) = runtime::hold::<CfString>(string) else {
            return std::ptr::null();
        };
        let c_str = match &*string {
            CfString::Static(text) => Some(*text),
            CfString::Owned(text) => text.c_str(),
            CfString::Mutable(_) => None,
        };
        let usable = |text: &CStr| match encoding {
            kCFStringEncodingUTF8 => text.to_str().is_ok(),
            kCFStringEncodingASCII => text.to_bytes().is_ascii(),
            _ => false,
        };
        match c_str {
            // The pointer stays valid after `string` drops: the object outlives this call
            // (the caller holds a reference), and its text never moves.
            Some(text) if usable(text) => text.as_ptr(),
            _ => std::ptr::null(),
        }
    })
}

/// `CFStringGetLength`: in UTF-16 units, as CoreFoundation counts.
#[no_mangle]
pub extern "C" fn CFStringGetLength(string: CFTypeRef) -> CFIndex {
    guard::value(0, || {
        runtime::hold::<CfString>(string)
            .map_or(0, |s| s.contents().encode_utf16().count() as CFIndex)
    })
}

/// `CFStringGetMaximumSizeForEncoding` (see [`encoding::max_size`]).
#[no_mangle]
pub extern "C" fn CFStringGetMaximumSizeForEncoding(
    length: CFIndex,
    encoding: CFStringEncoding,
) -> CFIndex {
    encoding::max_size(length, encoding)
}

/// `CFStringGetBytes`: converts the units of `range` into `buffer` (or, with a NULL buffer,
/// only counts), stopping at the first character the encoding lacks — or writing `loss_byte`
/// for it, when that is not 0 — or at the first that does not fit `max_buffer_length`.
/// Returns the units converted and, in `used_buffer_length`, the bytes. An external
/// representation starts with a BOM (UTF-16 and UTF-32 of no stated byte order).
#[no_mangle]
pub unsafe extern "C" fn CFStringGetBytes(
    string: CFTypeRef,
    range: CFRange,
    encoding: CFStringEncoding,
    loss_byte: u8,
    is_external_representation: Boolean,
    buffer: *mut u8,
    max_buffer_length: CFIndex,
    used_buffer_length: *mut CFIndex,
) -> CFIndex {
    guard::value(0, || {
        let Some(string) = runtime::hold::<CfString>(string) else {
            return 0;
        };
        let units = string.utf16();
        let Some(span) = in_range(&units, range, "CFStringGetBytes") else {
            return 0;
        };
        if !encoding::supported(encoding) {
            return 0;
        }
        let limit = if buffer.is_null() {
            usize::MAX
        } else {
            usize::try_from(max_buffer_length).unwrap_or(0)
        };
        let (converted, bytes) = convert(
            &units[span],
            encoding,
            loss_byte,
            is_external_representation != 0,
            limit,
        );
        if !buffer.is_null() {
            // SAFETY: the C API's contract: `max_buffer_length` writable bytes; `bytes` is
            // no longer.
            unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), buffer, bytes.len()) };
        }
        // SAFETY: the C API's contract: NULL or a CFIndex to write.
        unsafe { c_args::put(used_buffer_length, bytes.len() as CFIndex) };
        converted as CFIndex
    })
}

/// The bytes of `units` in `encoding`, at most `limit` of them, and how many units they hold.
fn convert(
    units: &[u16],
    encoding: CFStringEncoding,
    loss_byte: u8,
    external: bool,
    limit: usize,
) -> (usize, Vec<u8>) {
    let mut bytes = Vec::new();
    if external {
        bytes.extend_from_slice(encoding::bom_bytes(encoding));
        if bytes.len() > limit {
            return (0, Vec::new());
        }
    }
    let mut converted = 0;
    let mut piece = Vec::new();
    for decoded in char::decode_utf16(units.iter().copied()) {
        piece.clear();
        let (represented, width) = match decoded {
            Ok(c) => (
                encoding::encode_char(c, encoding, &mut piece),
                c.len_utf16(),
            ),
            Err(lone) => (
                encoding::encode_unit(lone.unpaired_surrogate(), encoding, &mut piece),
                1,
            ),
        };
        if !represented {
            if loss_byte == 0 {
                break;
            }
            piece.push(loss_byte);
        }
        if bytes.len() + piece.len() > limit {
            break;
        }
        bytes.extend_from_slice(&piece);
        converted += width;
    }
    (converted, bytes)
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
        let reference = *made.entry(text.clone()).or_insert_with(|| {
            let string = Text::new(&text.to_string_lossy());
            runtime::create_immortal(CfString::Owned(string)).addr()
        });
        std::ptr::without_provenance(reference)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding::{kCFStringEncodingASCII, kCFStringEncodingUTF16BE, kCFStringEncodingUTF16LE};

    #[test]
    fn bytes_stop_at_what_the_encoding_lacks_or_the_buffer_holds() {
        let units: Vec<u16> = "aé😀b".encode_utf16().collect();
        assert_eq!(
            convert(&units, kCFStringEncodingASCII, 0, false, 99),
            (1, b"a".to_vec())
        );
        assert_eq!(
            convert(&units, kCFStringEncodingASCII, b'?', false, 99),
            (5, b"a??b".to_vec())
        );
        assert_eq!(
            convert(&units, kCFStringEncodingUTF8, 0, false, 3),
            (2, "aé".as_bytes().to_vec())
        );
        assert_eq!(convert(&units, kCFStringEncodingUTF8, 0, false, 99).0, 5);
        // A range that cuts a surrogate pair: the half is UTF-16's only.
        assert_eq!(
            convert(&units[2..3], kCFStringEncodingUTF16BE, 0, false, 99),
            (1, vec![0xD8, 0x3D])
        );
        assert_eq!(
            convert(&units[2..3], kCFStringEncodingUTF8, 0, false, 99),
            (0, Vec::new())
        );
        let (n, bytes) = convert(&units[..1], encoding::kCFStringEncodingUTF16, 0, true, 99);
        assert_eq!((n, bytes.len()), (1, 4));
        assert_eq!(
            convert(&units[..1], kCFStringEncodingUTF16LE, 0, true, 99),
            (1, vec![b'a', 0])
        );
    }
}
