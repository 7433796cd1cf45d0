//! CFURL: file URLs made from POSIX paths, as TLS code makes them to read a certificate or
//! an archive (`CFURLCreateFromFileSystemRepresentation`, then
//! `CFURLCreateDataAndPropertiesFromResource`). A relative path makes a URL relative to the
//! working directory at its creation, as CF's does; other schemes and path styles are not
//! supported.

use std::ffi::OsStr;
use std::os::unix::ffi::{OsStrExt, OsStringExt};

use crate::c_args;
use crate::cf::base::Retained;
use crate::cf::data;
use crate::cf::runtime::{self, Class, Held, Instance};
use crate::cf::string;
use crate::cf::types::{Boolean, CFAllocatorRef, CFIndex, CFTypeID, CFTypeRef};
use crate::guard;

/// `kCFURLPOSIXPathStyle`: the one path style supported.
pub const kCFURLPOSIXPathStyle: CFIndex = 0;

/// `CFURLError` codes `CFURLCreateDataAndPropertiesFromResource` reports.
const kCFURLUnknownError: i32 = -10;
const kCFURLResourceNotFoundError: i32 = -12;
const kCFURLResourceAccessViolationError: i32 = -13;
const kCFURLImproperArgumentsError: i32 = -15;

/// A CFURL's value.
pub struct Url {
    /// The path as given (no NUL), with a `/` last for a directory.
    path: Vec<u8>,
    /// For a relative path: the working directory it is relative to, ending in `/`.
    base: Option<Vec<u8>>,
    /// The URL's string (`CFURLGetString`): `file://` and the escaped absolute path, or the
    /// escaped relative path.
    string: Retained,
}

static CLASS: Class = Class::with_equal_values::<Url>("CFURL");

impl Instance for Url {
    fn class() -> &'static Class {
        &CLASS
    }

    /// CF's: the string, and the base's after ` -- ` for a relative URL.
    fn describe(&self) -> Option<String> {
        Some(self.text())
    }

    fn format(&self) -> Option<String> {
        Some(self.text())
    }

    fn hash(&self) -> Option<u64> {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        (&self.path, &self.base).hash(&mut hasher);
        Some(hasher.finish())
    }
}

impl PartialEq for Url {
    fn eq(&self, other: &Url) -> bool {
        self.path == other.path && self.base == other.base
    }
}

impl Url {
    fn text(&self) -> String {
        let string = string::contents(self.string.get()).unwrap_or_default();
        match &self.base {
            Some(base) => format!("{string} -- file://{}", escape(base)),
            None => string,
        }
    }

    /// The path, resolved against the base when asked, without the directory's final `/`
    /// (but for the root), as CF's file system representation.
    fn file_system_path(&self, resolve: bool) -> Vec<u8> {
        let mut path = match (&self.base, resolve) {
            (Some(base), true) => [base.as_slice(), &self.path].concat(),
            _ => self.path.clone(),
        };
        while path.len() > 1 && path.ends_with(b"/") {
            path.pop();
        }
        path
    }
}

/// Percent-escapes a path for a URL: bytes other than RFC 3986's unreserved characters,
/// its sub-delimiters but `;`, `:`, `@` and `/`.
fn escape(path: &[u8]) -> String {
    path.iter()
        .map(|&b| {
            let kept = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,=:@/".contains(&b);
            if kept {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A new file URL of `path`; NULL for an empty path or one holding a NUL.
fn create(path: &[u8], directory: bool) -> CFTypeRef {
    if path.is_empty() || path.contains(&0) {
        log::warn!("CFURL: an empty path, or one holding a NUL");
        return std::ptr::null();
    }
    let mut path = path.to_vec();
    if directory && !path.ends_with(b"/") {
        path.push(b'/');
    }
    let base = if path.starts_with(b"/") {
        None
    } else {
        let Ok(cwd) = std::env::current_dir() else {
            log::warn!("CFURL: a relative path, and no working directory");
            return std::ptr::null();
        };
        let mut cwd = cwd.into_os_string().into_vec();
        if !cwd.ends_with(b"/") {
            cwd.push(b'/');
        }
        Some(cwd)
    };
    let string = match base {
        Some(_) => escape(&path),
        None => format!("file://{}", escape(&path)),
    };
    runtime::create(Url {
        path,
        base,
        string: Retained::adopt(string::create(&string)),
    })
}

/// The URL `url` names, if it is one (logged otherwise).
fn url(url: CFTypeRef, caller: &str) -> Option<Held<Url>> {
    let held = runtime::hold::<Url>(url);
    if held.is_none() {
        log::warn!("{caller} on something that is not a CFURL");
    }
    held
}

/// `CFURLGetTypeID`.
#[no_mangle]
pub extern "C" fn CFURLGetTypeID() -> CFTypeID {
    CLASS.id()
}

/// `CFURLCreateFromFileSystemRepresentation`: a file URL of the `length` bytes of a POSIX
/// path (no NUL needed); NULL for NULL, an empty path, a negative length.
#[no_mangle]
pub unsafe extern "C" fn CFURLCreateFromFileSystemRepresentation(
    _allocator: CFAllocatorRef,
    buffer: *const u8,
    length: CFIndex,
    is_directory: Boolean,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let length = usize::try_from(length).unwrap_or(usize::MAX);
        // SAFETY: the C API's contract: `length` readable bytes.
        match unsafe { c_args::slice(buffer, length) } {
            Some(path) => create(path, is_directory != 0),
            None => std::ptr::null(),
        }
    })
}

/// `CFURLCreateWithFileSystemPath`: a file URL of a POSIX path string; NULL for another path
/// style (HFS, Windows), an empty path, or no string.
#[no_mangle]
pub extern "C" fn CFURLCreateWithFileSystemPath(
    _allocator: CFAllocatorRef,
    file_path: CFTypeRef,
    path_style: CFIndex,
    is_directory: Boolean,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        if path_style != kCFURLPOSIXPathStyle {
            log::warn!("CFURLCreateWithFileSystemPath: only kCFURLPOSIXPathStyle is supported");
            return std::ptr::null();
        }
        match string::contents(file_path) {
            Some(path) => create(path.as_bytes(), is_directory != 0),
            None => {
                log::warn!("CFURLCreateWithFileSystemPath: the path is not a string");
                std::ptr::null()
            }
        }
    })
}

/// `CFURLGetString`: the URL's string, not retained for the caller.
#[no_mangle]
pub extern "C" fn CFURLGetString(url: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        self::url(url, "CFURLGetString").map_or(std::ptr::null(), |u| u.string.get())
    })
}

/// `CFURLCopyFileSystemPath`: the (unresolved) path as a new string; NULL for another path
/// style.
#[no_mangle]
pub extern "C" fn CFURLCopyFileSystemPath(url: CFTypeRef, path_style: CFIndex) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let Some(url) = self::url(url, "CFURLCopyFileSystemPath") else {
            return std::ptr::null();
        };
        if path_style != kCFURLPOSIXPathStyle {
            return std::ptr::null();
        }
        string::create(&String::from_utf8_lossy(&url.file_system_path(false)))
    })
}

/// `CFURLGetFileSystemRepresentation`: the path (absolute when `resolve_against_base`) and a
/// NUL into `buffer`; false when it does not fit `max_buffer_length`.
#[no_mangle]
pub unsafe extern "C" fn CFURLGetFileSystemRepresentation(
    url: CFTypeRef,
    resolve_against_base: Boolean,
    buffer: *mut u8,
    max_buffer_length: CFIndex,
) -> Boolean {
    guard::value(0, || {
        let Some(url) = self::url(url, "CFURLGetFileSystemRepresentation") else {
            return 0;
        };
        let mut path = url.file_system_path(resolve_against_base != 0);
        path.push(0);
        let fits = usize::try_from(max_buffer_length).is_ok_and(|max| path.len() <= max);
        if buffer.is_null() || !fits {
            return 0;
        }
        // SAFETY: the C API's contract: `max_buffer_length` writable bytes, which hold it.
        unsafe { std::ptr::copy_nonoverlapping(path.as_ptr(), buffer, path.len()) };
        1
    })
}

/// `CFURLCreateDataAndPropertiesFromResource`: the file's bytes as a new CFData in
/// `resource_data`. Properties are not supported: `properties`, when given, is set to NULL.
/// `error_code` (may be NULL) gets 0, or CF's `kCFURLResourceNotFoundError` (-12),
/// `kCFURLResourceAccessViolationError` (-13), `kCFURLImproperArgumentsError` (-15) or
/// `kCFURLUnknownError` (-10, a directory among them).
#[no_mangle]
pub unsafe extern "C" fn CFURLCreateDataAndPropertiesFromResource(
    _allocator: CFAllocatorRef,
    url: CFTypeRef,
    resource_data: *mut CFTypeRef,
    properties: *mut CFTypeRef,
    _desired_properties: CFTypeRef,
    error_code: *mut i32,
) -> Boolean {
    guard::value(0, || {
        // SAFETY: the C API's contract: NULL or a place for an error code.
        let report = |code: i32| unsafe { c_args::put(error_code, code) };
        // SAFETY: the C API's contract: NULL or a place for a reference.
        unsafe { c_args::put(properties, std::ptr::null()) };
        let Some(url) = self::url(url, "CFURLCreateDataAndPropertiesFromResource") else {
            report(kCFURLImproperArgumentsError);
            return 0;
        };
        let path = url.file_system_path(true);
        let code = match std::fs::read(OsStr::from_bytes(&path)) {
            Ok(bytes) => {
                if !resource_data.is_null() {
                    // SAFETY: the C API's contract: a place for a reference.
                    unsafe { c_args::put(resource_data, data::create(bytes)) };
                }
                0
            }
            Err(e) => {
                log::warn!(
                    "CFURLCreateDataAndPropertiesFromResource: {}: {e}",
                    String::from_utf8_lossy(&path)
                );
                match e.kind() {
                    std::io::ErrorKind::NotFound => kCFURLResourceNotFoundError,
                    std::io::ErrorKind::PermissionDenied => kCFURLResourceAccessViolationError,
                    _ => kCFURLUnknownError,
                }
            }
        };
        report(code);
        Boolean::from(code == 0)
    })
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn paths_are_escaped_as_cf_escapes_them() {
        assert_eq!(
            escape(b"/tmp/a b;c?d#e%f/caf\xC3\xA9"),
            "/tmp/a%20b%3Bc%3Fd%23e%25f/caf%C3%A9"
        );
        assert_eq!(escape(b"/x-y_z.~!$&'()*+,=:@"), "/x-y_z.~!$&'()*+,=:@");
    }
}
