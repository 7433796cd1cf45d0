//! A session's life: creation, disposal, state, options, named configurations, the
//! out-of-band error, and whether it was resumed.

use secure_transport::engine::Context;
use secure_transport::status::{errSecAllocate, errSecParam, errSecSuccess};
use secure_transport::types::{SslConnectionType, SslProtocolSide, SslSessionOption};
use secure_transport::OSStatus;

use crate::c_args;
use crate::cf::runtime::{self, immortal};
use crate::cf::string::CfString;
use crate::cf::types::{Boolean, CFAllocatorRef, CFTypeRef};
use crate::guard;
use crate::ssl::context::{
    code, fill, get, is_context, with_context, ContextObject, SSLContextRef,
};

/// `SSLCreateContext`: NULL when the side or connection type is invalid.
#[no_mangle]
pub extern "C" fn SSLCreateContext(
    _alloc: CFAllocatorRef,
    protocol_side: i32,
    connection_type: i32,
) -> SSLContextRef {
    guard::value(std::ptr::null(), || {
        let side = SslProtocolSide::from_raw(protocol_side);
        match Context::new(side, SslConnectionType::from_raw(connection_type)) {
            Ok(engine) => ContextObject::create(engine),
            Err(e) => {
                log::warn!("SSLCreateContext: {e}");
                std::ptr::null()
            }
        }
    })
}

/// The deprecated constructors: a new context through an out-pointer.
///
/// # Safety
/// `context_ptr` must be NULL or valid for a write.
unsafe fn new_context(
    is_server: Boolean,
    kind: SslConnectionType,
    context_ptr: *mut SSLContextRef,
) -> OSStatus {
    if context_ptr.is_null() {
        return errSecParam;
    }
    let side = if is_server != 0 {
        SslProtocolSide::SERVER
    } else {
        SslProtocolSide::CLIENT
    };
    let ctx = SSLCreateContext(std::ptr::null(), side.to_raw(), kind.to_raw());
    if ctx.is_null() {
        return errSecAllocate;
    }
    // SAFETY: the caller's promise, for a pointer that is not NULL.
    unsafe { c_args::put(context_ptr, ctx) };
    errSecSuccess
}

/// `SSLNewContext` (deprecated): a stream context through an out-pointer.
#[no_mangle]
pub unsafe extern "C" fn SSLNewContext(
    is_server: Boolean,
    context_ptr: *mut SSLContextRef,
) -> OSStatus {
    // SAFETY: the C API's contract: NULL or a writable out-pointer.
    guard::status(|| unsafe { new_context(is_server, SslConnectionType::STREAM, context_ptr) })
}

/// `SSLNewDatagramContext` (deprecated): a DTLS context through an out-pointer.
#[no_mangle]
pub unsafe extern "C" fn SSLNewDatagramContext(
    is_server: Boolean,
    context_ptr: *mut SSLContextRef,
) -> OSStatus {
    // SAFETY: the C API's contract: NULL or a writable out-pointer.
    guard::status(|| unsafe { new_context(is_server, SslConnectionType::DATAGRAM, context_ptr) })
}

/// `SSLDisposeContext` (deprecated): `CFRelease` of a context. From inside one of the
/// context's callbacks, the context goes when the call that ran the callback returns.
#[no_mangle]
pub extern "C" fn SSLDisposeContext(context: SSLContextRef) -> OSStatus {
    guard::status(|| {
        if !is_context(context) {
            return errSecParam;
        }
        runtime::release(context);
        errSecSuccess
    })
}

/// `SSLGetSessionState`.
#[no_mangle]
pub unsafe extern "C" fn SSLGetSessionState(context: SSLContextRef, state: *mut i32) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe { get(context, state, |c| Ok(c.session_state().to_raw())) }
    })
}

/// `SSLSetSessionOption`.
#[no_mangle]
pub extern "C" fn SSLSetSessionOption(
    context: SSLContextRef,
    option: i32,
    value: Boolean,
) -> OSStatus {
    guard::status(|| {
        with_context(context, |c| {
            code(c.set_session_option(SslSessionOption::from_raw(option), value != 0))
        })
    })
}

/// `SSLGetSessionOption`.
#[no_mangle]
pub unsafe extern "C" fn SSLGetSessionOption(
    context: SSLContextRef,
    option: i32,
    value: *mut Boolean,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe {
            get(context, value, |c| {
                c.session_option(SslSessionOption::from_raw(option))
                    .map(Boolean::from)
            })
        }
    })
}

/// `SSLSetError`: puts the session into an out-of-band error state.
#[no_mangle]
pub extern "C" fn SSLSetError(context: SSLContextRef, status: OSStatus) -> OSStatus {
    guard::status(|| with_context(context, |c| code(c.set_error(status))))
}

/// `SSLSetSessionConfig`: `config` one of the kSSLSessionConfig_* CFStrings (or an equal
/// string).
#[no_mangle]
pub extern "C" fn SSLSetSessionConfig(context: SSLContextRef, config: CFTypeRef) -> OSStatus {
    guard::status(|| {
        let Some(name) = runtime::hold::<CfString>(config) else {
            return errSecParam;
        };
        with_context(context, |c| {
            code(c.set_session_config(name.text().to_bytes()))
        })
    })
}

/// Exports each name as a constant CFString, as Apple's `const CFStringRef` globals.
macro_rules! session_configs {
    ($($name:ident = $text:literal,)*) => { $(
        immortal! {
            /// A configuration name for `SSLSetSessionConfig`.
            $name: CfString = CfString::Static($text);
        }
    )* };
}

session_configs! {
    kSSLSessionConfig_default = c"default",
    kSSLSessionConfig_ATSv1 = c"ATSv1",
    kSSLSessionConfig_ATSv1_noPFS = c"ATSv1_noPFS",
    kSSLSessionConfig_standard = c"standard",
    kSSLSessionConfig_RC4_fallback = c"RC4_fallback",
    kSSLSessionConfig_TLSv1_fallback = c"TLSv1_fallback",
    kSSLSessionConfig_TLSv1_RC4_fallback = c"TLSv1_RC4_fallback",
    kSSLSessionConfig_legacy = c"legacy",
    kSSLSessionConfig_legacy_DHE = c"legacy_DHE",
    kSSLSessionConfig_anonymous = c"anonymous",
    kSSLSessionConfig_3DES_fallback = c"3DES_fallback",
    kSSLSessionConfig_TLSv1_3DES_fallback = c"TLSv1_3DES_fallback",
}

/// `SSLGetResumableSessionInfo`: whether the session was resumed, and its ID if so.
#[no_mangle]
pub unsafe extern "C" fn SSLGetResumableSessionInfo(
    context: SSLContextRef,
    resumed: *mut Boolean,
    session_id: *mut std::ffi::c_void,
    session_id_length: *mut usize,
) -> OSStatus {
    guard::status(|| {
        const MAX_SESSION_ID_LENGTH: usize = 32;
        // SAFETY: the C API's contract: NULL or readable.
        let room = unsafe { session_id_length.as_ref() }.copied();
        if resumed.is_null()
            || session_id.is_null()
            || room.is_none_or(|r| r < MAX_SESSION_ID_LENGTH)
        {
            return errSecParam;
        }
        with_context(context, |c| {
            let was_resumed = c.session_resumed();
            let id = if was_resumed {
                c.session_id()
            } else {
                Vec::new()
            };
            // SAFETY: the C API's contract: writable out-pointers (not NULL here), and room for
            // `*session_id_length` bytes at `session_id`.
            unsafe {
                c_args::put(resumed, Boolean::from(was_resumed));
                fill(&id, session_id.cast(), session_id_length)
            }
        })
    })
}
