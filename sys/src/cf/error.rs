//! CFError: a domain, a code and a user-info dictionary, as CFError.c makes and describes
//! them. The Security framework's errors are of the OSStatus domain with Security's text as
//! their localized description.

use std::ffi::c_void;

use secure_transport::OSStatus;

use crate::c_args;
use crate::cf::base::{self, Retained};
use crate::cf::dictionary::{self, Dictionary};
use crate::cf::runtime::{self, immortal, Class, Instance};
use crate::cf::string::{self, CfString};
use crate::cf::types::{CFAllocatorRef, CFIndex, CFTypeID, CFTypeRef};
use crate::guard;

/// A CFError's value.
pub struct CfError {
    /// A CFString.
    domain: Retained,
    code: CFIndex,
    /// A CFDictionary, empty when the error was made without one.
    user_info: Retained,
}

static CLASS: Class = Class::with_equal_values::<CfError>("CFError");

impl Instance for CfError {
    fn class() -> &'static Class {
        &CLASS
    }

    /// `Error Domain=… Code=… "…" UserInfo={…}`, as CFError.c's debug description.
    fn describe_whole(&self) -> Option<String> {
        Some(self.debug_description())
    }

    /// `%@` prints the debug description too (CF has no other for errors).
    fn format(&self) -> Option<String> {
        Some(self.debug_description())
    }

    fn hash(&self) -> Option<u64> {
        Some(base::CFHash(self.domain.get()) as u64 ^ self.code as u64)
    }
}

/// As CF: the same domain, code and user info.
impl PartialEq for CfError {
    fn eq(&self, other: &CfError) -> bool {
        self.code == other.code
            && base::CFEqual(self.domain.get(), other.domain.get()) != 0
            && base::CFEqual(self.user_info.get(), other.user_info.get()) != 0
    }
}

macro_rules! keys {
    ($($(#[$doc:meta])* $name:ident = $text:literal;)*) => {
        $(immortal! {
            $(#[$doc])*
            $name: CfString = CfString::Static($text);
        })*
    };
}

keys! {
    /// `kCFErrorDomainPOSIX`: codes are `errno` values.
    kCFErrorDomainPOSIX = c"NSPOSIXErrorDomain";
    /// `kCFErrorDomainOSStatus`: codes are OSStatus values (the Security framework's).
    kCFErrorDomainOSStatus = c"NSOSStatusErrorDomain";
    /// `kCFErrorDomainMach`: codes are Mach `kern_return_t` values.
    kCFErrorDomainMach = c"NSMachErrorDomain";
    /// `kCFErrorDomainCocoa`: Foundation's codes.
    kCFErrorDomainCocoa = c"NSCocoaErrorDomain";
    /// `kCFErrorLocalizedDescriptionKey`: the whole description, as it is.
    kCFErrorLocalizedDescriptionKey = c"NSLocalizedDescription";
    /// `kCFErrorLocalizedFailureKey`: what failed.
    kCFErrorLocalizedFailureKey = c"NSLocalizedFailure";
    /// `kCFErrorLocalizedFailureReasonKey`: why it failed.
    kCFErrorLocalizedFailureReasonKey = c"NSLocalizedFailureReason";
    /// `kCFErrorLocalizedRecoverySuggestionKey`.
    kCFErrorLocalizedRecoverySuggestionKey = c"NSLocalizedRecoverySuggestion";
    /// `kCFErrorDescriptionKey`: a description that is not localized.
    kCFErrorDescriptionKey = c"NSDescription";
    /// `kCFErrorUnderlyingErrorKey`: the error that caused this one.
    kCFErrorUnderlyingErrorKey = c"NSUnderlyingError";
    /// `kCFErrorURLKey`.
    kCFErrorURLKey = c"NSURL";
    /// `kCFErrorFilePathKey`.
    kCFErrorFilePathKey = c"NSFilePath";
}

/// The debug description's key (CFErrorPriv.h's `kCFErrorDebugDescriptionKey`).
const DEBUG_DESCRIPTION_KEY: &str = "NSDebugDescription";

impl CfError {
    fn domain(&self) -> String {
        string::contents(self.domain.get()).unwrap_or_default()
    }

    /// A user-info string under `key` (a key constant, or a key's text), else what CF's
    /// callback for the domain supplies (the POSIX domain's: `strerror`).
    fn user_info_text(&self, key: &str) -> Option<String> {
        let key_string = Retained::adopt(string::create(key));
        dictionary::value(self.user_info.get(), key_string.get())
            .and_then(string::contents)
            .or_else(|| self.domain_callback(key))
    }

    /// CF's built-in callback for the POSIX domain: `strerror` as the description and the
    /// failure reason.
    fn domain_callback(&self, key: &str) -> Option<String> {
        let wanted = key == "NSDescription" || key == "NSLocalizedFailureReason";
        if !wanted || self.domain() != "NSPOSIXErrorDomain" {
            return None;
        }
        let code = libc::c_int::try_from(self.code).ok()?;
        // SAFETY: strerror returns a NUL-terminated string, read at once (before any other
        // strerror call on this thread could change it).
        let text = unsafe { std::ffi::CStr::from_ptr(libc::strerror(code)) };
        Some(text.to_string_lossy().into_owned()).filter(|t| !t.is_empty())
    }

    /// `CFErrorCopyDescription`'s text, as CFError.c's `_CFErrorCreateLocalizedDescription`:
    /// the localized description; else the localized failure, with the failure reason after
    /// it; else a sentence from the failure reason, the description, or the domain and code.
    fn localized_description(&self) -> String {
        if let Some(description) = self.user_info_text("NSLocalizedDescription") {
            return description;
        }
        if let Some(failure) = self.user_info_text("NSLocalizedFailure") {
            return match self.user_info_text("NSLocalizedFailureReason") {
                Some(reason) => format!("{failure} {reason}"),
                None => failure,
            };
        }
        let (domain, code) = (self.domain(), self.code);
        if let Some(reason) = self.user_info_text("NSLocalizedFailureReason") {
            format!("The operation couldn\u{2019}t be completed. {reason}")
        } else if let Some(description) = self.user_info_text("NSDescription") {
            format!("The operation couldn\u{2019}t be completed. ({domain} error {code} - {description})")
        } else {
            format!("The operation couldn\u{2019}t be completed. ({domain} error {code}.)")
        }
    }

    /// CFError.c's `_CFErrorCreateDebugDescription` (one level of user info).
    fn debug_description(&self) -> String {
        let mut debug = self.user_info_text(DEBUG_DESCRIPTION_KEY);
        let description = self
            .user_info_text("NSDescription")
            .or_else(|| debug.take())
            .or_else(|| self.user_info_text("NSLocalizedDescription"))
            .or_else(|| self.user_info_text("NSLocalizedFailureReason"));
        let mut text = format!(
            "Error Domain={} Code={} \"{}\"",
            self.domain(),
            self.code,
            description.as_deref().unwrap_or("(null)")
        );
        if let Some(debug) = debug.filter(|d| !d.is_empty() && Some(d) != description.as_ref()) {
            text.push_str(&format!(" ({debug})"));
        }
        let entries = dictionary::entries(self.user_info.get());
        if !entries.is_empty() {
            let shown: Vec<String> = entries
                .iter()
                .map(|&(key, value)| {
                    format!(
                        "{}={}",
                        base::formatting_description(key),
                        base::formatting_description(value)
                    )
                })
                .collect();
            text.push_str(&format!(" UserInfo={{{}}}", shown.join(", ")));
        }
        text
    }
}

/// A new CFError of `status` with Security's text for it, owned by the caller. Security does
/// the same when it has nothing more specific to say (SecTrust.c's `SecTrustCopyError` falls
/// back to `SecCopyErrorMessageString`).
pub fn create(status: OSStatus) -> CFTypeRef {
    create_described(status, secure_transport::status::message(status))
}

/// A new CFError of `status` in the OSStatus domain with the localized description given,
/// owned by the caller.
pub fn create_described(status: OSStatus, description: String) -> CFTypeRef {
    let key = kCFErrorLocalizedDescriptionKey.get();
    let user_info = dictionary::of_created_values(&[key], vec![string::create(&description)]);
    runtime::create(CfError {
        domain: Retained::new(kCFErrorDomainOSStatus.get()),
        code: status as CFIndex,
        user_info: Retained::adopt(user_info),
    })
}

/// The error `error` names, if it is one (logged otherwise).
fn error(error: CFTypeRef, caller: &str) -> Option<runtime::Held<CfError>> {
    let held = runtime::hold::<CfError>(error);
    if held.is_none() {
        log::warn!("{caller} on something that is not a CFError");
    }
    held
}

/// `CFErrorGetTypeID`.
#[no_mangle]
pub extern "C" fn CFErrorGetTypeID() -> CFTypeID {
    CLASS.id()
}

/// `CFErrorCreate`: an error of a copy of `domain` (a string), `code`, and a copy of
/// `user_info` (a dictionary, or NULL for none). NULL when `domain` is no string or
/// `user_info` no dictionary (CF halts).
#[no_mangle]
pub extern "C" fn CFErrorCreate(
    _allocator: CFAllocatorRef,
    domain: CFTypeRef,
    code: CFIndex,
    user_info: CFTypeRef,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        if runtime::hold::<CfString>(domain).is_none() {
            log::warn!("CFErrorCreate: the domain is not a string");
            return std::ptr::null();
        }
        let user_info = if user_info.is_null() {
            dictionary::of_created_values(&[], Vec::new())
        } else {
            match runtime::hold::<Dictionary>(user_info) {
                Some(_) => dictionary::CFDictionaryCreateCopy(std::ptr::null(), user_info),
                None => {
                    log::warn!("CFErrorCreate: the user info is not a dictionary");
                    return std::ptr::null();
                }
            }
        };
        runtime::create(CfError {
            domain: Retained::adopt(string::CFStringCreateCopy(std::ptr::null(), domain)),
            code,
            user_info: Retained::adopt(user_info),
        })
    })
}

/// `CFErrorCreateWithUserInfoKeysAndValues`: the user info made of `count` keys (copied
/// strings) and values.
#[no_mangle]
pub unsafe extern "C" fn CFErrorCreateWithUserInfoKeysAndValues(
    allocator: CFAllocatorRef,
    domain: CFTypeRef,
    code: CFIndex,
    user_info_keys: *const *const c_void,
    user_info_values: *const *const c_void,
    count: CFIndex,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let length = usize::try_from(count).unwrap_or(usize::MAX);
        // SAFETY: the C API's contract: `count` keys and values.
        let (keys, values) = unsafe {
            (
                c_args::slice(user_info_keys, length),
                c_args::slice(user_info_values, length),
            )
        };
        if keys.is_none() || values.is_none() {
            return std::ptr::null();
        }
        // SAFETY: as above; CF's callbacks accept any object.
        let user_info = Retained::adopt(unsafe {
            dictionary::CFDictionaryCreate(
                allocator,
                user_info_keys,
                user_info_values,
                count,
                &dictionary::kCFCopyStringDictionaryKeyCallBacks,
                &dictionary::kCFTypeDictionaryValueCallBacks,
            )
        });
        CFErrorCreate(allocator, domain, code, user_info.get())
    })
}

/// `CFErrorGetCode`: 0 for no CFError.
#[no_mangle]
pub extern "C" fn CFErrorGetCode(error: CFTypeRef) -> CFIndex {
    guard::value(0, || {
        self::error(error, "CFErrorGetCode").map_or(0, |e| e.code)
    })
}

/// `CFErrorGetDomain`: not retained for the caller; NULL for no CFError.
#[no_mangle]
pub extern "C" fn CFErrorGetDomain(error: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        self::error(error, "CFErrorGetDomain").map_or(std::ptr::null(), |e| e.domain.get())
    })
}

/// `CFErrorCopyUserInfo`: the user info, retained for the caller (empty when the error was
/// made without); NULL for no CFError.
#[no_mangle]
pub extern "C" fn CFErrorCopyUserInfo(error: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        match self::error(error, "CFErrorCopyUserInfo") {
            Some(e) => base::CFRetain(e.user_info.get()),
            None => std::ptr::null(),
        }
    })
}

/// `CFErrorCopyDescription`: a new string, CF's localized description (see
/// `localized_description`); NULL for no CFError.
#[no_mangle]
pub extern "C" fn CFErrorCopyDescription(error: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        match self::error(error, "CFErrorCopyDescription") {
            Some(e) => string::create(&e.localized_description()),
            None => std::ptr::null(),
        }
    })
}

/// `CFErrorCopyFailureReason`: the user info's failure reason (or the domain callback's);
/// NULL when there is none.
#[no_mangle]
pub extern "C" fn CFErrorCopyFailureReason(error: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let reason = self::error(error, "CFErrorCopyFailureReason")
            .and_then(|e| e.user_info_text("NSLocalizedFailureReason"));
        reason.map_or(std::ptr::null(), |text| string::create(&text))
    })
}

/// `CFErrorCopyRecoverySuggestion`: the user info's recovery suggestion; NULL when there is
/// none.
#[no_mangle]
pub extern "C" fn CFErrorCopyRecoverySuggestion(error: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let suggestion = self::error(error, "CFErrorCopyRecoverySuggestion")
            .and_then(|e| e.user_info_text("NSLocalizedRecoverySuggestion"));
        suggestion.map_or(std::ptr::null(), |text| string::create(&text))
    })
}
