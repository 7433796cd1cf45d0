//! Who the peer is: the host name checked (and sent as SNI), the name a client asked for,
//! and the peer ID that keys session resumption.

use std::ffi::{c_char, c_void};

use secure_transport::status::{errSecParam, errSecSuccess};
use secure_transport::OSStatus;

use crate::c_args;
use crate::guard;
use crate::ssl::context::{code, fill, get, with_context, SSLContextRef};

/// `SSLSetPeerDomainName`: NULL with a length, or a length no buffer has, is `errSecParam`;
/// NULL, 0 clears the name.
#[no_mangle]
pub unsafe extern "C" fn SSLSetPeerDomainName(
    context: SSLContextRef,
    peer_name: *const c_char,
    peer_name_len: usize,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: `peer_name_len` readable bytes at `peer_name`.
        let Some(bytes) = (unsafe { c_args::slice(peer_name.cast::<u8>(), peer_name_len) }) else {
            return errSecParam;
        };
        let name = (!peer_name.is_null()).then_some(bytes);
        with_context(context, |c| code(c.set_peer_domain_name(name)))
    })
}

/// `SSLGetPeerDomainNameLength`.
#[no_mangle]
pub unsafe extern "C" fn SSLGetPeerDomainNameLength(
    context: SSLContextRef,
    peer_name_len: *mut usize,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe {
            get(context, peer_name_len, |c| {
                Ok(c.peer_domain_name().map_or(0, <[u8]>::len))
            })
        }
    })
}

/// `SSLGetPeerDomainName`: `*peer_name_len` is the buffer's size in, the name's length out.
#[no_mangle]
pub unsafe extern "C" fn SSLGetPeerDomainName(
    context: SSLContextRef,
    peer_name: *mut c_char,
    peer_name_len: *mut usize,
) -> OSStatus {
    guard::status(|| {
        if peer_name.is_null() {
            return errSecParam;
        }
        with_context(context, |c| {
            let name = c.peer_domain_name().unwrap_or_default();
            // SAFETY: the C API's contract: a buffer of `*peer_name_len` bytes.
            unsafe { fill(name, peer_name.cast(), peer_name_len) }
        })
    })
}

/// `SSLCopyRequestedPeerNameLength`: the length of the host name a client asked for
/// (server side; no terminating NUL).
#[no_mangle]
pub unsafe extern "C" fn SSLCopyRequestedPeerNameLength(
    ctx: SSLContextRef,
    peer_name_len: *mut usize,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe { get(ctx, peer_name_len, |c| Ok(c.requested_peer_name()?.len())) }
    })
}

/// `SSLCopyRequestedPeerName`: `*peer_name_len` is the buffer's size in, the name's length
/// out.
#[no_mangle]
pub unsafe extern "C" fn SSLCopyRequestedPeerName(
    context: SSLContextRef,
    peer_name: *mut c_char,
    peer_name_len: *mut usize,
) -> OSStatus {
    guard::status(|| {
        with_context(context, |c| match c.requested_peer_name() {
            // SAFETY: the C API's contract: a buffer of `*peer_name_len` bytes.
            Ok(name) => unsafe { fill(name, peer_name.cast(), peer_name_len) },
            Err(e) => e.code(),
        })
    })
}

/// `SSLSetPeerID`: the key under which a client's session is cached for resumption.
#[no_mangle]
pub unsafe extern "C" fn SSLSetPeerID(
    context: SSLContextRef,
    peer_id: *const c_void,
    peer_id_len: usize,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: `peer_id_len` readable bytes at `peer_id`.
        let Some(id) = (unsafe { c_args::slice(peer_id.cast::<u8>(), peer_id_len) }) else {
            return errSecParam;
        };
        with_context(context, |c| code(c.set_peer_id(id)))
    })
}

/// `SSLGetPeerID`: the pointer stays valid until the peer ID changes or the context is
/// released.
#[no_mangle]
pub unsafe extern "C" fn SSLGetPeerID(
    context: SSLContextRef,
    peer_id: *mut *const c_void,
    peer_id_len: *mut usize,
) -> OSStatus {
    guard::status(|| {
        if peer_id.is_null() || peer_id_len.is_null() {
            return errSecParam;
        }
        with_context(context, |c| {
            let id = c.peer_id().unwrap_or_default();
            let start = if id.is_empty() {
                std::ptr::null()
            } else {
                id.as_ptr().cast()
            };
            // SAFETY: the C API's contract: writable out-pointers (not NULL here).
            unsafe {
                c_args::put(peer_id, start);
                c_args::put(peer_id_len, id.len());
            }
            errSecSuccess
        })
    })
}
