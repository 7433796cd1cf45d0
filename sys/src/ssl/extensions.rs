//! What rides along the handshake: ALPN, a stapled OCSP response, session tickets, DH
//! parameters, RSA blinding.

use std::ffi::c_void;

use secure_transport::status::{errSecParam, errSecSuccess};
use secure_transport::OSStatus;

use crate::c_args;
use crate::cf::array;
use crate::cf::data::Data;
use crate::cf::runtime;
use crate::cf::string::{self, CfString};
use crate::cf::types::{Boolean, CFTypeRef};
use crate::guard;
use crate::ssl::context::{code, get, with_context, SSLContextRef};

/// `SSLSetALPNProtocols`: `protocols` a CFArray of CFStrings.
#[no_mangle]
pub extern "C" fn SSLSetALPNProtocols(context: SSLContextRef, protocols: CFTypeRef) -> OSStatus {
    guard::status(|| {
        let Some(items) = array::items(protocols) else {
            return errSecParam;
        };
        let Some(names) = items
            .iter()
            .map(|&item| Some(runtime::hold::<CfString>(item)?.contents().into_owned()))
            .collect::<Option<Vec<_>>>()
        else {
            return errSecParam;
        };
        let names: Vec<&[u8]> = names.iter().map(|n| n.as_bytes()).collect();
        with_context(context, |c| code(c.set_alpn_protocols(&names)))
    })
}

/// `SSLCopyALPNProtocols`: a new CFArray of CFStrings, what the peer sent (NULL and
/// `errSecParam` if nothing).
#[no_mangle]
pub unsafe extern "C" fn SSLCopyALPNProtocols(
    context: SSLContextRef,
    protocols: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe {
            if !c_args::put(protocols, std::ptr::null()) {
                return errSecParam;
            }
            get(context, protocols, |c| {
                let names = c.alpn_protocols()?;
                Ok(array::of_created(
                    names
                        .iter()
                        .map(|n| string::create(&String::from_utf8_lossy(n)))
                        .collect(),
                ))
            })
        }
    })
}

/// `SSLSetOCSPResponse`: `response` a CFData holding a DER OCSP response, stapled for
/// clients that ask.
#[no_mangle]
pub extern "C" fn SSLSetOCSPResponse(context: SSLContextRef, response: CFTypeRef) -> OSStatus {
    guard::status(|| {
        let Some(der) = runtime::hold::<Data>(response) else {
            return errSecParam;
        };
        with_context(context, |c| code(c.set_ocsp_response(&der.bytes())))
    })
}

/// `SSLSetSessionTicketsEnabled`.
#[no_mangle]
pub extern "C" fn SSLSetSessionTicketsEnabled(
    context: SSLContextRef,
    enabled: Boolean,
) -> OSStatus {
    guard::status(|| {
        with_context(context, |c| {
            code(c.set_session_tickets_enabled(enabled != 0))
        })
    })
}

/// `SSLSetDiffieHellmanParams`: DER DH parameters, for a server's DHE suites.
#[no_mangle]
pub unsafe extern "C" fn SSLSetDiffieHellmanParams(
    context: SSLContextRef,
    dh_params: *const c_void,
    dh_params_len: usize,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: `dh_params_len` readable bytes at `dh_params`.
        let Some(der) = (unsafe { c_args::slice(dh_params.cast::<u8>(), dh_params_len) }) else {
            return errSecParam;
        };
        with_context(context, |c| code(c.set_diffie_hellman_params(der)))
    })
}

/// `SSLGetDiffieHellmanParams`: the DER given to `SSLSetDiffieHellmanParams`, owned by the
/// context (NULL, 0 if none).
#[no_mangle]
pub unsafe extern "C" fn SSLGetDiffieHellmanParams(
    context: SSLContextRef,
    dh_params: *mut *const c_void,
    dh_params_len: *mut usize,
) -> OSStatus {
    guard::status(|| {
        if dh_params.is_null() || dh_params_len.is_null() {
            return errSecParam;
        }
        with_context(context, |c| {
            let der = c.diffie_hellman_params().unwrap_or_default();
            let start = if der.is_empty() {
                std::ptr::null()
            } else {
                der.as_ptr().cast()
            };
            // SAFETY: the C API's contract: writable out-pointers (not NULL here).
            unsafe {
                c_args::put(dh_params, start);
                c_args::put(dh_params_len, der.len());
            }
            errSecSuccess
        })
    })
}

/// `SSLSetRsaBlinding`: OpenSSL always blinds RSA; blinding stays on.
#[no_mangle]
pub extern "C" fn SSLSetRsaBlinding(context: SSLContextRef, blinding: Boolean) -> OSStatus {
    guard::status(|| {
        with_context(context, |_| {
            if blinding == 0 {
                log::info!("SSLSetRsaBlinding(false): OpenSSL always blinds RSA; left on");
            }
            errSecSuccess
        })
    })
}

/// `SSLGetRsaBlinding`: always on.
#[no_mangle]
pub unsafe extern "C" fn SSLGetRsaBlinding(
    context: SSLContextRef,
    blinding: *mut Boolean,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe { get(context, blinding, |_| Ok(1)) }
    })
}
