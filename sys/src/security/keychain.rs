//! SecKeychain: keychain files, their lock state, the default keychain and the search list.
//! A keychain reference that is not one is `errSecInvalidKeychain`, as Apple's
//! `KeychainImpl::required` says; NULL, where Apple allows it, is the default keychain.

use std::ffi::{c_char, c_void, CStr, OsStr};
use std::os::unix::ffi::OsStrExt;

use secure_transport::keychain::SecKeychain;
use secure_transport::status::{
    errSecBufferTooSmall, errSecInteractionNotAllowed, errSecInvalidKeychain, errSecParam,
    errSecSuccess,
};
use secure_transport::OSStatus;

use crate::c_args;
use crate::cf::array;
use crate::cf::runtime::{self, Class, Instance};
use crate::cf::types::{Boolean, CFTypeID, CFTypeRef};
use crate::guard;

static CLASS: Class = Class::with_equal_values::<SecKeychain>("SecKeychain");

impl Instance for SecKeychain {
    fn class() -> &'static Class {
        &CLASS
    }
}

/// `SecKeychainStatus`: `kSecUnlockStateStatus` | `kSecReadPermStatus` | `kSecWritePermStatus`.
pub type SecKeychainStatus = u32;

/// The keychain `reference` names; NULL: the default keychain (Apple's
/// `Keychain::optional`).
fn keychain_or_default(reference: CFTypeRef) -> Result<SecKeychain, OSStatus> {
    if reference.is_null() {
        return SecKeychain::default().map_err(|e| e.code());
    }
    runtime::hold::<SecKeychain>(reference)
        .map(|k| k.clone())
        .ok_or(errSecInvalidKeychain)
}

/// The keychains of a `keychainOrArray` argument: one keychain, or an array of keychains
/// (`errSecInvalidKeychain` if an element is something else); `errSecParam` for anything
/// else. NULL is the caller's to handle.
pub fn keychains(keychain_or_array: CFTypeRef) -> Result<Vec<SecKeychain>, OSStatus> {
    if let Some(keychain) = runtime::hold::<SecKeychain>(keychain_or_array) {
        return Ok(vec![keychain.clone()]);
    }
    let elements = array::items(keychain_or_array).ok_or(errSecParam)?;
    elements
        .into_iter()
        .map(|element| {
            runtime::hold::<SecKeychain>(element)
                .map(|k| k.clone())
                .ok_or(errSecInvalidKeychain)
        })
        .collect()
}

/// Stores a new reference to `keychain` through `out` (not NULL).
///
/// # Safety
/// `out` is valid for a write of a reference.
unsafe fn put_keychain(out: *mut CFTypeRef, keychain: SecKeychain) -> OSStatus {
    // SAFETY: the caller's promise.
    unsafe { c_args::put(out, runtime::create(keychain)) };
    errSecSuccess
}

/// The path a C string names, if it is one.
///
/// # Safety
/// A non-null `path` is a NUL-terminated string.
unsafe fn path<'a>(path: *const c_char) -> Option<&'a OsStr> {
    if path.is_null() {
        return None;
    }
    // SAFETY: the caller's promise.
    let bytes = unsafe { CStr::from_ptr(path) }.to_bytes();
    Some(OsStr::from_bytes(bytes))
}

/// The code of a result.
fn code(result: secure_transport::Result<()>) -> OSStatus {
    result.err().map_or(errSecSuccess, |e| e.code())
}

/// `SecKeychainGetTypeID`.
#[no_mangle]
pub extern "C" fn SecKeychainGetTypeID() -> CFTypeID {
    CLASS.id()
}

/// `SecKeychainOpen`: a reference to the keychain at `path_name` (in the keychain directory
/// if relative), which need not exist yet.
#[no_mangle]
pub unsafe extern "C" fn SecKeychainOpen(
    path_name: *const c_char,
    keychain: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: a C string or NULL.
        let Some(path) = (unsafe { path(path_name) }) else {
            return errSecParam;
        };
        if keychain.is_null() {
            return errSecParam;
        }
        match SecKeychain::open(path) {
            // SAFETY: the C API's contract: a writable out-pointer (not NULL here).
            Ok(opened) => unsafe { put_keychain(keychain, opened) },
            Err(e) => e.code(),
        }
    })
}

/// `SecKeychainCreate`: a new keychain file encrypted with the password (UTF-8), unlocked.
/// There is no one to prompt: `promptUser` is `errSecInteractionNotAllowed`. The initial
/// access (an ACL) is not kept: the file's permissions are the owner's alone.
#[no_mangle]
pub unsafe extern "C" fn SecKeychainCreate(
    path_name: *const c_char,
    password_length: u32,
    password: *const c_void,
    prompt_user: Boolean,
    _initial_access: CFTypeRef,
    keychain: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: a C string or NULL.
        let Some(path) = (unsafe { path(path_name) }) else {
            return errSecParam;
        };
        if keychain.is_null() {
            return errSecParam;
        }
        if prompt_user != 0 {
            return errSecInteractionNotAllowed;
        }
        if password.is_null() {
            return errSecParam;
        }
        // SAFETY: the C API's contract: `password_length` readable bytes.
        let Some(password) =
            (unsafe { c_args::slice(password.cast::<u8>(), password_length as usize) })
        else {
            return errSecParam;
        };
        match SecKeychain::create(path, password) {
            // SAFETY: the C API's contract: a writable out-pointer (not NULL here).
            Ok(created) => unsafe { put_keychain(keychain, created) },
            Err(e) => e.code(),
        }
    })
}

/// `SecKeychainDelete`: removes each keychain's file (a keychain or an array of them), and
/// each from the search list and as the default. NULL is `errSecInvalidKeychain`.
#[no_mangle]
pub extern "C" fn SecKeychainDelete(keychain_or_array: CFTypeRef) -> OSStatus {
    guard::status(|| {
        if keychain_or_array.is_null() {
            return errSecInvalidKeychain;
        }
        match keychains(keychain_or_array) {
            Ok(list) => code(list.iter().try_for_each(SecKeychain::delete)),
            Err(status) => status,
        }
    })
}

/// `SecKeychainCopyDefault`: the default keychain, made (with an empty password) if its file
/// does not exist.
#[no_mangle]
pub unsafe extern "C" fn SecKeychainCopyDefault(keychain: *mut CFTypeRef) -> OSStatus {
    guard::status(|| {
        if keychain.is_null() {
            return errSecParam;
        }
        match SecKeychain::default() {
            // SAFETY: the C API's contract: a writable out-pointer (not NULL here).
            Ok(default) => unsafe { put_keychain(keychain, default) },
            Err(e) => e.code(),
        }
    })
}

/// `SecKeychainSetDefault`, for this process. NULL, the default itself, changes nothing.
#[no_mangle]
pub extern "C" fn SecKeychainSetDefault(keychain: CFTypeRef) -> OSStatus {
    guard::status(|| {
        if keychain.is_null() {
            return errSecSuccess;
        }
        match runtime::hold::<SecKeychain>(keychain) {
            Some(chosen) => {
                SecKeychain::set_default(Some(&chosen));
                errSecSuccess
            }
            None => errSecInvalidKeychain,
        }
    })
}

/// `SecKeychainGetPath`: the keychain's path, NUL-terminated, in the caller's buffer of
/// `*io_path_length` bytes; `*io_path_length` becomes its length (without the NUL), also
/// when the buffer is too small (`errSecBufferTooSmall`), as on macOS 10.15.
#[no_mangle]
pub unsafe extern "C" fn SecKeychainGetPath(
    keychain: CFTypeRef,
    io_path_length: *mut u32,
    path_name: *mut c_char,
) -> OSStatus {
    guard::status(|| {
        if io_path_length.is_null() || path_name.is_null() {
            return errSecParam;
        }
        let keychain = match keychain_or_default(keychain) {
            Ok(keychain) => keychain,
            Err(status) => return status,
        };
        let name = keychain.path().as_os_str().as_bytes();
        let Ok(length) = u32::try_from(name.len()) else {
            return errSecBufferTooSmall;
        };
        // SAFETY: the C API's contract: a readable and writable length (not NULL here).
        let room = unsafe { io_path_length.replace(length) };
        if name.len() >= room as usize {
            return errSecBufferTooSmall;
        }
        // SAFETY: the caller's buffer holds `room` bytes, more than the name and its NUL.
        unsafe {
            std::ptr::copy_nonoverlapping(name.as_ptr(), path_name.cast::<u8>(), name.len());
            path_name.add(name.len()).write(0);
        }
        errSecSuccess
    })
}

/// `SecKeychainGetStatus`: `kSecUnlockStateStatus | kSecReadPermStatus |
/// kSecWritePermStatus` unlocked, `kSecReadPermStatus` locked; `errSecNoSuchKeychain` if
/// there is no file.
#[no_mangle]
pub unsafe extern "C" fn SecKeychainGetStatus(
    keychain: CFTypeRef,
    keychain_status: *mut SecKeychainStatus,
) -> OSStatus {
    guard::status(|| {
        if keychain_status.is_null() {
            return errSecParam;
        }
        let status = keychain_or_default(keychain).and_then(|k| k.status().map_err(|e| e.code()));
        match status {
            // SAFETY: the C API's contract: a writable out-pointer (not NULL here).
            Ok(status) => unsafe { put_status(keychain_status, status.bits()) },
            Err(status) => status,
        }
    })
}

/// # Safety
/// `out` is valid for a write.
unsafe fn put_status(out: *mut SecKeychainStatus, status: SecKeychainStatus) -> OSStatus {
    // SAFETY: the caller's promise.
    unsafe { c_args::put(out, status) };
    errSecSuccess
}

/// `SecKeychainLock`: the process forgets the password until `SecKeychainUnlock`.
#[no_mangle]
pub extern "C" fn SecKeychainLock(keychain: CFTypeRef) -> OSStatus {
    guard::status(|| match keychain_or_default(keychain) {
        Ok(keychain) => code(keychain.lock()),
        Err(status) => status,
    })
}

/// `SecKeychainLockAll`: locks every keychain the process has opened.
#[no_mangle]
pub extern "C" fn SecKeychainLockAll() -> OSStatus {
    guard::status(|| {
        SecKeychain::lock_all();
        errSecSuccess
    })
}

/// `SecKeychainUnlock`: with `use_password`, the password given (`errSecAuthFailed` if it is
/// not the keychain's); without, there is no one to ask: only an empty password is tried
/// (`errSecInteractionNotAllowed` if it is not the keychain's). An unlocked keychain stays
/// so, whatever is given.
#[no_mangle]
pub unsafe extern "C" fn SecKeychainUnlock(
    keychain: CFTypeRef,
    password_length: u32,
    password: *const c_void,
    use_password: Boolean,
) -> OSStatus {
    guard::status(|| {
        let given = if use_password != 0 {
            // SAFETY: the C API's contract: `password_length` readable bytes.
            match unsafe { c_args::slice(password.cast::<u8>(), password_length as usize) } {
                Some(password) => Some(password),
                None => return errSecParam,
            }
        } else {
            None
        };
        match keychain_or_default(keychain) {
            Ok(keychain) => code(keychain.unlock_bytes(given)),
            Err(status) => status,
        }
    })
}

/// `SecKeychainCopySearchList`: the keychains searched when none are named.
#[no_mangle]
pub unsafe extern "C" fn SecKeychainCopySearchList(search_list: *mut CFTypeRef) -> OSStatus {
    guard::status(|| {
        if search_list.is_null() {
            return errSecParam;
        }
        match SecKeychain::search_list() {
            Ok(list) => {
                let references = list.into_iter().map(runtime::create).collect();
                // SAFETY: the C API's contract: a writable out-pointer (not NULL here).
                unsafe { c_args::put(search_list, array::of_created(references)) };
                errSecSuccess
            }
            Err(e) => e.code(),
        }
    })
}

/// `SecKeychainSetSearchList`, for this process: an array of keychains (empty: searches find
/// nothing).
#[no_mangle]
pub extern "C" fn SecKeychainSetSearchList(search_list: CFTypeRef) -> OSStatus {
    guard::status(|| {
        if array::items(search_list).is_none() {
            return errSecParam;
        }
        match keychains(search_list) {
            Ok(list) => {
                SecKeychain::set_search_list(&list);
                errSecSuccess
            }
            Err(status) => status,
        }
    })
}
