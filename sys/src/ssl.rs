//! SecureTransport.h: the 72 public functions (and a few SPI), with Apple's exact names and
//! signatures. Each checks its arguments and makes one engine call.

use std::ffi::{c_char, c_void};

use secure_transport::certificate::SecCertificate;
use secure_transport::engine::{Context, SslConnectionRef, SslReadFunc, SslWriteFunc};
use secure_transport::identity::SecIdentity;
use secure_transport::status::*;
use secure_transport::trust::Tolerance;
use secure_transport::types::{
    SslAuthenticate, SslCipherSuite, SslConnectionType, SslProtocol, SslProtocolSide,
    SslSessionOption,
};
use secure_transport::{OSStatus, Result};

use crate::cf::{
    self, type_id, Boolean, CFAllocatorRef, CFTypeID, CFTypeRef, ConstRef, Object, Text, Value,
};
use crate::exclusive::Exclusive;
use crate::guard;
use crate::security;

pub type SSLContextRef = CFTypeRef;

/// A context as C holds it: the engine's, and the CF objects that Apple's `SSLGet…` calls
/// hand out without a reference of the caller's own (the context keeps them alive).
pub struct ContextObject {
    engine: Context,
    /// The array given to `SSLSetCertificate`, for `SSLGetCertificate`.
    certificate: Option<cf::Retained>,
    /// The array given to `SSLSetEncryptionCertificate`, for `SSLGetEncryptionCertificate`.
    encryption_certificate: Option<cf::Retained>,
    /// The peer's trust and the chain it was made for: `SSLGetPeerSecTrust` and
    /// `SSLCopyPeerTrust` share it, as on Apple, until the peer's chain changes.
    peer_trust: Option<(Vec<SecCertificate>, cf::Retained)>,
}

impl ContextObject {
    fn new(engine: Context) -> ContextObject {
        ContextObject {
            engine,
            certificate: None,
            encryption_certificate: None,
            peer_trust: None,
        }
    }

    /// The peer's trust object (NULL before the peer's certificates arrive), made once per
    /// peer chain.
    fn peer_trust_object(&mut self) -> Result<CFTypeRef> {
        let chain = self.engine.peer_certificates();
        if self
            .peer_trust
            .as_ref()
            .is_some_and(|(made_for, _)| *made_for == chain)
        {
            return Ok(self
                .peer_trust
                .as_ref()
                .map_or(std::ptr::null(), |(_, t)| t.as_ptr()));
        }
        self.peer_trust = self
            .engine
            .peer_trust()?
            .map(|trust| (chain, cf::Retained::adopt(security::trust_object(trust))));
        Ok(self
            .peer_trust
            .as_ref()
            .map_or(std::ptr::null(), |(_, t)| t.as_ptr()))
    }
}

impl std::ops::Deref for ContextObject {
    type Target = Context;
    fn deref(&self) -> &Context {
        &self.engine
    }
}

impl std::ops::DerefMut for ContextObject {
    fn deref_mut(&mut self) -> &mut Context {
        &mut self.engine
    }
}

/// Runs `call` on the context behind `ctx`: `errSecParam` if `ctx` is not a live context,
/// `errSecBadReq` if it is busy (a callback calling back into its own context, or a second
/// thread breaking Apple's one-thread-at-a-time rule).
unsafe fn with_context(
    ctx: SSLContextRef,
    call: impl FnOnce(&mut ContextObject) -> OSStatus,
) -> OSStatus {
    guard::status(|| {
        let Some(Value::Context(context)) = cf::value_of(ctx, type_id::SSL_CONTEXT) else {
            return errSecParam;
        };
        context.try_with(call).unwrap_or_else(|| {
            log::warn!("a Secure Transport context was used while busy");
            errSecBadReq
        })
    })
}

/// The status of an engine result.
fn code(result: Result<()>) -> OSStatus {
    result.err().map_or(errSecSuccess, |e| e.code())
}

/// Stores `value` through an out-pointer; `errSecParam` if it is NULL.
unsafe fn put<T>(out: *mut T, value: T) -> OSStatus {
    match out.as_mut() {
        Some(slot) => {
            *slot = value;
            errSecSuccess
        }
        None => errSecParam,
    }
}

/// The read of a getter through an out-pointer, in one step.
unsafe fn get<T>(
    ctx: SSLContextRef,
    out: *mut T,
    read: impl FnOnce(&mut ContextObject) -> Result<T>,
) -> OSStatus {
    if out.is_null() {
        return errSecParam;
    }
    with_context(ctx, |c| match read(c) {
        Ok(value) => put(out, value),
        Err(e) => e.code(),
    })
}

/// A list of certificates given as a CFArray (or, where Apple allows, one certificate).
unsafe fn certificates(list: CFTypeRef, single_allowed: bool) -> Option<Vec<SecCertificate>> {
    match cf::array_items(list) {
        Some(items) => security::certificate_values(&items),
        None if single_allowed => security::certificate_values(&[list]),
        None => None,
    }
}

/// Writes a list through `(buffer, *count)`: `errSSLBufferOverflow` if it does not fit.
unsafe fn fill<T: Copy>(items: &[T], buffer: *mut T, count: *mut usize) -> OSStatus {
    let Some(room) = count.as_mut() else {
        return errSecParam;
    };
    if buffer.is_null() {
        return errSecParam;
    }
    if *room < items.len() {
        return errSSLBufferOverflow;
    }
    std::ptr::copy_nonoverlapping(items.as_ptr(), buffer, items.len());
    *room = items.len();
    errSecSuccess
}

// --- creation ----------------------------------------------------------------------------

#[no_mangle]
pub extern "C" fn SSLContextGetTypeID() -> CFTypeID {
    type_id::SSL_CONTEXT
}

/// NULL when the side or connection type is invalid.
#[no_mangle]
pub extern "C" fn SSLCreateContext(
    _alloc: CFAllocatorRef,
    protocol_side: i32,
    connection_type: i32,
) -> SSLContextRef {
    guard::value(std::ptr::null(), || {
        let side = SslProtocolSide::from_raw(protocol_side);
        match Context::new(side, SslConnectionType::from_raw(connection_type)) {
            Ok(context) => cf::create(Value::Context(Exclusive::new(ContextObject::new(context)))),
            Err(e) => {
                log::warn!("SSLCreateContext: {e}");
                std::ptr::null()
            }
        }
    })
}

/// The deprecated constructors: a new context through an out-pointer.
unsafe fn new_context(
    is_server: Boolean,
    kind: SslConnectionType,
    context_ptr: *mut SSLContextRef,
) -> OSStatus {
    guard::status(|| {
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
        put(context_ptr, ctx)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLNewContext(
    is_server: Boolean,
    context_ptr: *mut SSLContextRef,
) -> OSStatus {
    new_context(is_server, SslConnectionType::STREAM, context_ptr)
}

#[no_mangle]
pub unsafe extern "C" fn SSLDisposeContext(context: SSLContextRef) -> OSStatus {
    guard::status(|| {
        if cf::value_of(context, type_id::SSL_CONTEXT).is_none() {
            return errSecParam;
        }
        cf::release(context);
        errSecSuccess
    })
}

/// The deprecated way to make a DTLS context.
#[no_mangle]
pub unsafe extern "C" fn SSLNewDatagramContext(
    is_server: Boolean,
    context_ptr: *mut SSLContextRef,
) -> OSStatus {
    new_context(is_server, SslConnectionType::DATAGRAM, context_ptr)
}

// --- state, options, I/O -----------------------------------------------------------------

#[no_mangle]
pub unsafe extern "C" fn SSLGetSessionState(context: SSLContextRef, state: *mut i32) -> OSStatus {
    get(context, state, |c| Ok(c.session_state().to_raw()))
}

#[no_mangle]
pub unsafe extern "C" fn SSLSetSessionOption(
    context: SSLContextRef,
    option: i32,
    value: Boolean,
) -> OSStatus {
    with_context(context, |c| {
        code(c.set_session_option(SslSessionOption::from_raw(option), value != 0))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLGetSessionOption(
    context: SSLContextRef,
    option: i32,
    value: *mut Boolean,
) -> OSStatus {
    get(context, value, |c| {
        c.session_option(SslSessionOption::from_raw(option))
            .map(Boolean::from)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLSetIOFuncs(
    context: SSLContextRef,
    read_func: Option<SslReadFunc>,
    write_func: Option<SslWriteFunc>,
) -> OSStatus {
    let (Some(read), Some(write)) = (read_func, write_func) else {
        return errSecParam;
    };
    with_context(context, |c| code(c.set_io_funcs(read, write)))
}

#[no_mangle]
pub unsafe extern "C" fn SSLSetConnection(
    context: SSLContextRef,
    connection: SslConnectionRef,
) -> OSStatus {
    with_context(context, |c| code(c.set_connection(connection)))
}

#[no_mangle]
pub unsafe extern "C" fn SSLGetConnection(
    context: SSLContextRef,
    connection: *mut SslConnectionRef,
) -> OSStatus {
    get(context, connection, |c| Ok(c.connection()))
}

/// `config`: one of the kSSLSessionConfig_* CFStrings (or an equal string).
#[no_mangle]
pub unsafe extern "C" fn SSLSetSessionConfig(
    context: SSLContextRef,
    config: CFTypeRef,
) -> OSStatus {
    let Some(name) = cf::text(config) else {
        return errSecParam;
    };
    with_context(context, |c| code(c.set_session_config(name.to_bytes())))
}

#[no_mangle]
pub unsafe extern "C" fn SSLHandshake(context: SSLContextRef) -> OSStatus {
    with_context(context, |c| code(c.handshake()))
}

/// Starts a renegotiation (TLS 1.2 and older); SSLHandshake or SSLRead carry it out.
#[no_mangle]
pub unsafe extern "C" fn SSLReHandshake(context: SSLContextRef) -> OSStatus {
    with_context(context, |c| code(c.re_handshake()))
}

#[no_mangle]
pub unsafe extern "C" fn SSLWrite(
    context: SSLContextRef,
    data: *const c_void,
    data_length: usize,
    processed: *mut usize,
) -> OSStatus {
    let bytes = cf::slice(data.cast::<u8>(), data_length as cf::CFIndex);
    let (Some(bytes), false) = (bytes, processed.is_null()) else {
        return errSecParam;
    };
    *processed = 0;
    with_context(context, |c| {
        let (n, result) = c.write(bytes);
        *processed = n;
        code(result)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLRead(
    context: SSLContextRef,
    data: *mut c_void,
    data_length: usize,
    processed: *mut usize,
) -> OSStatus {
    // A length above isize::MAX is no buffer's (and no Rust slice's): refused, as SSLWrite does.
    if processed.is_null() || data.is_null() || isize::try_from(data_length).is_err() {
        return errSecParam;
    }
    *processed = 0;
    with_context(context, |c| {
        let (n, result) = c.read(std::slice::from_raw_parts_mut(data.cast(), data_length));
        *processed = n;
        code(result)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLGetBufferedReadSize(
    context: SSLContextRef,
    buffer_size: *mut usize,
) -> OSStatus {
    get(context, buffer_size, |c| Ok(c.buffered_read_size()))
}

#[no_mangle]
pub unsafe extern "C" fn SSLClose(context: SSLContextRef) -> OSStatus {
    with_context(context, |c| code(c.close()))
}

#[no_mangle]
pub unsafe extern "C" fn SSLSetError(context: SSLContextRef, status: OSStatus) -> OSStatus {
    with_context(context, |c| code(c.set_error(status)))
}

// --- peer name, peer ID ------------------------------------------------------------------

#[no_mangle]
pub unsafe extern "C" fn SSLSetPeerDomainName(
    context: SSLContextRef,
    peer_name: *const c_char,
    peer_name_len: usize,
) -> OSStatus {
    // NULL with a length, or a length no buffer has: errSecParam. NULL, 0 clears the name.
    let Some(bytes) = cf::slice(peer_name.cast::<u8>(), peer_name_len as cf::CFIndex) else {
        return errSecParam;
    };
    let name = (!peer_name.is_null()).then_some(bytes);
    with_context(context, |c| code(c.set_peer_domain_name(name)))
}

#[no_mangle]
pub unsafe extern "C" fn SSLGetPeerDomainNameLength(
    context: SSLContextRef,
    peer_name_len: *mut usize,
) -> OSStatus {
    get(context, peer_name_len, |c| {
        Ok(c.peer_domain_name().map_or(0, <[u8]>::len))
    })
}

/// `*peer_name_len` is the buffer's size in, the name's length out.
#[no_mangle]
pub unsafe extern "C" fn SSLGetPeerDomainName(
    context: SSLContextRef,
    peer_name: *mut c_char,
    peer_name_len: *mut usize,
) -> OSStatus {
    if peer_name.is_null() {
        return errSecParam;
    }
    with_context(context, |c| {
        fill(
            c.peer_domain_name().unwrap_or_default(),
            peer_name.cast(),
            peer_name_len,
        )
    })
}

/// The length of the host name a client asked for (server side; no terminating NUL).
#[no_mangle]
pub unsafe extern "C" fn SSLCopyRequestedPeerNameLength(
    ctx: SSLContextRef,
    peer_name_len: *mut usize,
) -> OSStatus {
    get(ctx, peer_name_len, |c| Ok(c.requested_peer_name()?.len()))
}

/// `*peer_name_len` is the buffer's size in, the name's length out.
#[no_mangle]
pub unsafe extern "C" fn SSLCopyRequestedPeerName(
    context: SSLContextRef,
    peer_name: *mut c_char,
    peer_name_len: *mut usize,
) -> OSStatus {
    with_context(context, |c| match c.requested_peer_name() {
        Ok(name) => fill(name, peer_name.cast(), peer_name_len),
        Err(e) => e.code(),
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLSetPeerID(
    context: SSLContextRef,
    peer_id: *const c_void,
    peer_id_len: usize,
) -> OSStatus {
    let Some(id) = cf::slice(peer_id.cast::<u8>(), peer_id_len as cf::CFIndex) else {
        return errSecParam;
    };
    with_context(context, |c| code(c.set_peer_id(id)))
}

/// The pointer stays valid until the peer ID changes or the context is released.
#[no_mangle]
pub unsafe extern "C" fn SSLGetPeerID(
    context: SSLContextRef,
    peer_id: *mut *const c_void,
    peer_id_len: *mut usize,
) -> OSStatus {
    if peer_id.is_null() || peer_id_len.is_null() {
        return errSecParam;
    }
    with_context(context, |c| {
        let id = c.peer_id().unwrap_or_default();
        *peer_id = if id.is_empty() {
            std::ptr::null()
        } else {
            id.as_ptr().cast()
        };
        *peer_id_len = id.len();
        errSecSuccess
    })
}

// --- datagrams (on stream contexts: errSecParam, Apple's code) ----------------------------

#[no_mangle]
pub unsafe extern "C" fn SSLSetDatagramHelloCookie(
    dtls_context: SSLContextRef,
    cookie: *const c_void,
    cookie_len: usize,
) -> OSStatus {
    let Some(cookie) = cf::slice(cookie.cast::<u8>(), cookie_len as cf::CFIndex) else {
        return errSecParam;
    };
    with_context(dtls_context, |c| code(c.set_datagram_hello_cookie(cookie)))
}

#[no_mangle]
pub unsafe extern "C" fn SSLSetMaxDatagramRecordSize(
    dtls_context: SSLContextRef,
    max_size: usize,
) -> OSStatus {
    with_context(dtls_context, |c| {
        code(c.set_max_datagram_record_size(max_size))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLGetMaxDatagramRecordSize(
    dtls_context: SSLContextRef,
    max_size: *mut usize,
) -> OSStatus {
    get(dtls_context, max_size, |c| c.max_datagram_record_size())
}

#[no_mangle]
pub unsafe extern "C" fn SSLGetDatagramWriteSize(
    dtls_context: SSLContextRef,
    buf_size: *mut usize,
) -> OSStatus {
    get(dtls_context, buf_size, |c| c.datagram_write_size())
}

// --- protocol versions -------------------------------------------------------------------

#[no_mangle]
pub unsafe extern "C" fn SSLSetProtocolVersionMin(
    context: SSLContextRef,
    min_version: i32,
) -> OSStatus {
    with_context(context, |c| {
        code(c.set_protocol_version_min(SslProtocol::from_raw(min_version)))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLGetProtocolVersionMin(
    context: SSLContextRef,
    min_version: *mut i32,
) -> OSStatus {
    get(context, min_version, |c| {
        Ok(c.protocol_version_min().to_raw())
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLSetProtocolVersionMax(
    context: SSLContextRef,
    max_version: i32,
) -> OSStatus {
    with_context(context, |c| {
        code(c.set_protocol_version_max(SslProtocol::from_raw(max_version)))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLGetProtocolVersionMax(
    context: SSLContextRef,
    max_version: *mut i32,
) -> OSStatus {
    get(context, max_version, |c| {
        Ok(c.protocol_version_max().to_raw())
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLSetProtocolVersionEnabled(
    context: SSLContextRef,
    protocol: i32,
    enable: Boolean,
) -> OSStatus {
    with_context(context, |c| {
        code(c.set_protocol_version_enabled(SslProtocol::from_raw(protocol), enable != 0))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLGetProtocolVersionEnabled(
    context: SSLContextRef,
    protocol: i32,
    enable: *mut Boolean,
) -> OSStatus {
    get(context, enable, |c| {
        c.protocol_version_enabled(SslProtocol::from_raw(protocol))
            .map(Boolean::from)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLSetProtocolVersion(context: SSLContextRef, version: i32) -> OSStatus {
    with_context(context, |c| {
        code(c.set_protocol_version(SslProtocol::from_raw(version)))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLGetProtocolVersion(
    context: SSLContextRef,
    protocol: *mut i32,
) -> OSStatus {
    get(context, protocol, |c| {
        c.protocol_version().map(SslProtocol::to_raw)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLGetNegotiatedProtocolVersion(
    context: SSLContextRef,
    protocol: *mut i32,
) -> OSStatus {
    get(context, protocol, |c| {
        Ok(c.negotiated_protocol_version().to_raw())
    })
}

// --- cipher suites -----------------------------------------------------------------------

#[no_mangle]
pub unsafe extern "C" fn SSLGetNumberSupportedCiphers(
    context: SSLContextRef,
    num_ciphers: *mut usize,
) -> OSStatus {
    get(context, num_ciphers, |c| Ok(c.supported_ciphers().len()))
}

#[no_mangle]
pub unsafe extern "C" fn SSLGetSupportedCiphers(
    context: SSLContextRef,
    ciphers: *mut SslCipherSuite,
    num_ciphers: *mut usize,
) -> OSStatus {
    with_context(context, |c| {
        fill(&c.supported_ciphers(), ciphers, num_ciphers)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLGetNumberEnabledCiphers(
    context: SSLContextRef,
    num_ciphers: *mut usize,
) -> OSStatus {
    get(context, num_ciphers, |c| Ok(c.enabled_ciphers().len()))
}

#[no_mangle]
pub unsafe extern "C" fn SSLSetEnabledCiphers(
    context: SSLContextRef,
    ciphers: *const SslCipherSuite,
    num_ciphers: usize,
) -> OSStatus {
    let Some(suites) = cf::slice(ciphers, num_ciphers as cf::CFIndex) else {
        return errSecParam;
    };
    if suites.is_empty() {
        return errSecParam;
    }
    with_context(context, |c| code(c.set_enabled_ciphers(suites)))
}

#[no_mangle]
pub unsafe extern "C" fn SSLGetEnabledCiphers(
    context: SSLContextRef,
    ciphers: *mut SslCipherSuite,
    num_ciphers: *mut usize,
) -> OSStatus {
    with_context(context, |c| {
        fill(&c.enabled_ciphers(), ciphers, num_ciphers)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLGetNegotiatedCipher(
    context: SSLContextRef,
    cipher_suite: *mut SslCipherSuite,
) -> OSStatus {
    // Apple checks the session state before it looks at the out-pointer.
    with_context(context, |c| match c.negotiated_cipher() {
        Ok(suite) => put(cipher_suite, suite),
        Err(e) => e.code(),
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLSetSessionTicketsEnabled(
    context: SSLContextRef,
    enabled: Boolean,
) -> OSStatus {
    with_context(context, |c| {
        code(c.set_session_tickets_enabled(enabled != 0))
    })
}

// --- certificates and trust --------------------------------------------------------------

/// `cert_refs`: a SecIdentityRef, then the SecCertificateRefs of its chain; NULL clears.
/// The array is kept for `SSLGetCertificate` once accepted.
#[no_mangle]
pub unsafe extern "C" fn SSLSetCertificate(
    context: SSLContextRef,
    cert_refs: CFTypeRef,
) -> OSStatus {
    // The context is checked first, as on Apple.
    with_context(context, |c| {
        if cert_refs.is_null() {
            c.certificate = None;
            return code(c.set_certificate(None, Vec::new()));
        }
        let Some(items) = cf::array_items(cert_refs) else {
            return errSecParam;
        };
        let Some((&first, rest)) = items.split_first() else {
            log::warn!("SSLSetCertificate: an empty array");
            return errSSLBadCert;
        };
        let Some(Value::Identity(identity)) = cf::value_of(first, type_id::IDENTITY) else {
            return errSecParam;
        };
        let identity: SecIdentity = identity.clone();
        let Some(chain) = security::certificate_values(rest) else {
            return errSecParam;
        };
        // As on Apple, the previous array goes first, whatever happens next.
        c.certificate = None;
        let status = code(c.set_certificate(Some(identity), chain));
        if status == errSecSuccess {
            c.certificate = Some(cf::Retained::new(cert_refs));
        }
        status
    })
}

/// Apple keeps the array only for `SSLGetEncryptionCertificate`: no handshake uses it since
/// export-grade RSA key exchange went away. Same here.
#[no_mangle]
pub unsafe extern "C" fn SSLSetEncryptionCertificate(
    context: SSLContextRef,
    cert_refs: CFTypeRef,
) -> OSStatus {
    if cf::array_items(cert_refs).is_none() {
        return errSecParam;
    }
    with_context(context, |c| {
        if c.is_active() {
            return errSecBadReq;
        }
        log::info!("SSLSetEncryptionCertificate: kept for its getter, unused (as on Apple)");
        c.encryption_certificate = Some(cf::Retained::new(cert_refs));
        errSecSuccess
    })
}

/// The array a setter kept, not retained for the caller (NULL if none).
unsafe fn kept_array(
    context: SSLContextRef,
    out: *mut CFTypeRef,
    kept: impl FnOnce(&ContextObject) -> &Option<cf::Retained>,
) -> OSStatus {
    get(context, out, |c| {
        Ok(kept(c)
            .as_ref()
            .map_or(std::ptr::null(), cf::Retained::as_ptr))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLGetCertificate(
    context: SSLContextRef,
    cert_refs: *mut CFTypeRef,
) -> OSStatus {
    kept_array(context, cert_refs, |c| &c.certificate)
}

#[no_mangle]
pub unsafe extern "C" fn SSLGetEncryptionCertificate(
    context: SSLContextRef,
    cert_refs: *mut CFTypeRef,
) -> OSStatus {
    kept_array(context, cert_refs, |c| &c.encryption_certificate)
}

#[no_mangle]
pub unsafe extern "C" fn SSLCopyPeerCertificates(
    context: SSLContextRef,
    certs: *mut CFTypeRef,
) -> OSStatus {
    if certs.is_null() {
        return errSecParam;
    }
    *certs = std::ptr::null();
    // Apple: no certificates (yet) is errSecBadReq, with NULL stored.
    get(context, certs, |c| {
        let peer = c.peer_certificates();
        if peer.is_empty() {
            return Err(secure_transport::Error::from_code(errSecBadReq));
        }
        Ok(security::certificate_array(peer))
    })
}

/// The peer's trust, retained for the caller; NULL (and noErr) before the peer's certificates.
#[no_mangle]
pub unsafe extern "C" fn SSLCopyPeerTrust(
    context: SSLContextRef,
    trust: *mut CFTypeRef,
) -> OSStatus {
    get(context, trust, |c| {
        c.peer_trust_object().map(|t| cf::retain(t))
    })
}

/// As `SSLCopyPeerTrust`, but the context keeps the reference.
#[no_mangle]
pub unsafe extern "C" fn SSLGetPeerSecTrust(
    context: SSLContextRef,
    trust: *mut CFTypeRef,
) -> OSStatus {
    get(context, trust, ContextObject::peer_trust_object)
}

#[no_mangle]
pub unsafe extern "C" fn SSLSetEnableCertVerify(
    context: SSLContextRef,
    enable_verify: Boolean,
) -> OSStatus {
    with_context(context, |c| {
        code(c.set_enable_cert_verify(enable_verify != 0))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLGetEnableCertVerify(
    context: SSLContextRef,
    enable_verify: *mut Boolean,
) -> OSStatus {
    get(context, enable_verify, |c| {
        Ok(Boolean::from(c.enable_cert_verify()))
    })
}

/// `any_state`: Apple lets any-root change in any state, the expiry ones only when idle.
macro_rules! tolerance {
    ($set:ident, $get:ident, $field:ident, $any_state:expr) => {
        #[no_mangle]
        pub unsafe extern "C" fn $set(context: SSLContextRef, value: Boolean) -> OSStatus {
            with_context(context, |c| {
                code(c.set_tolerance($any_state, |t: &mut Tolerance| t.$field = value != 0))
            })
        }

        #[no_mangle]
        pub unsafe extern "C" fn $get(context: SSLContextRef, value: *mut Boolean) -> OSStatus {
            get(context, value, |c| Ok(Boolean::from(c.tolerance().$field)))
        }
    };
}

tolerance!(
    SSLSetAllowsExpiredCerts,
    SSLGetAllowsExpiredCerts,
    expired_certs,
    false
);
tolerance!(
    SSLSetAllowsExpiredRoots,
    SSLGetAllowsExpiredRoots,
    expired_roots,
    false
);
tolerance!(SSLSetAllowsAnyRoot, SSLGetAllowsAnyRoot, any_root, true);

#[no_mangle]
pub unsafe extern "C" fn SSLSetTrustedRoots(
    context: SSLContextRef,
    trusted_roots: CFTypeRef,
    replace_existing: Boolean,
) -> OSStatus {
    let Some(roots) = certificates(trusted_roots, false) else {
        return errSecParam;
    };
    with_context(context, |c| {
        code(c.set_trusted_roots(&roots, replace_existing != 0))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLCopyTrustedRoots(
    context: SSLContextRef,
    trusted_roots: *mut CFTypeRef,
) -> OSStatus {
    get(context, trusted_roots, |c| {
        let roots = c.trusted_roots();
        Ok(if roots.is_empty() {
            std::ptr::null()
        } else {
            security::certificate_array(roots.to_vec())
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLSetClientSideAuthenticate(
    context: SSLContextRef,
    auth: i32,
) -> OSStatus {
    with_context(context, |c| {
        code(c.set_client_side_authenticate(SslAuthenticate::from_raw(auth)))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLGetClientSideAuthenticate(
    context: SSLContextRef,
    auth: *mut i32,
) -> OSStatus {
    get(context, auth, |c| Ok(c.client_side_authenticate().to_raw()))
}

#[no_mangle]
pub unsafe extern "C" fn SSLGetClientCertificateState(
    context: SSLContextRef,
    client_state: *mut i32,
) -> OSStatus {
    get(context, client_state, |c| {
        Ok(c.client_certificate_state().to_raw())
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLAddDistinguishedName(
    context: SSLContextRef,
    der_dn: *const c_void,
    der_dn_len: usize,
) -> OSStatus {
    let Some(der) =
        cf::slice(der_dn.cast::<u8>(), der_dn_len as cf::CFIndex).filter(|d| !d.is_empty())
    else {
        return errSecParam;
    };
    with_context(context, |c| code(c.add_distinguished_name(der)))
}

/// One SecCertificateRef or a CFArray of them.
#[no_mangle]
pub unsafe extern "C" fn SSLSetCertificateAuthorities(
    context: SSLContextRef,
    certificate_or_array: CFTypeRef,
    replace_existing: Boolean,
) -> OSStatus {
    let Some(cas) = certificates(certificate_or_array, true) else {
        return errSecParam;
    };
    with_context(context, |c| {
        code(c.set_certificate_authorities(&cas, replace_existing != 0))
    })
}

/// NULL when none were set, as on Apple.
#[no_mangle]
pub unsafe extern "C" fn SSLCopyCertificateAuthorities(
    context: SSLContextRef,
    certificates: *mut CFTypeRef,
) -> OSStatus {
    get(context, certificates, |c| {
        let cas = c.certificate_authorities();
        Ok(if cas.is_empty() {
            std::ptr::null()
        } else {
            security::certificate_array(cas.to_vec())
        })
    })
}

/// A CFArray of CFData, each a DER distinguished name; NULL when there are none.
#[no_mangle]
pub unsafe extern "C" fn SSLCopyDistinguishedNames(
    context: SSLContextRef,
    names: *mut CFTypeRef,
) -> OSStatus {
    get(context, names, |c| {
        let dns = c.distinguished_names();
        Ok(if dns.is_empty() {
            std::ptr::null()
        } else {
            cf::array_of_created(
                dns.into_iter()
                    .map(|d| cf::create(Value::Data(d)))
                    .collect(),
            )
        })
    })
}

// --- ALPN, OCSP and DH parameters ---------------------------------------------------------

/// `protocols`: a CFArray of CFStrings.
#[no_mangle]
pub unsafe extern "C" fn SSLSetALPNProtocols(
    context: SSLContextRef,
    protocols: CFTypeRef,
) -> OSStatus {
    let Some(items) = cf::array_items(protocols) else {
        return errSecParam;
    };
    let Some(names) = items
        .iter()
        .map(|&item| cf::text(item).map(|t| t.to_bytes()))
        .collect::<Option<Vec<&[u8]>>>()
    else {
        return errSecParam;
    };
    with_context(context, |c| code(c.set_alpn_protocols(&names)))
}

/// A new CFArray of CFStrings: what the peer sent (NULL and `errSecParam` if nothing).
#[no_mangle]
pub unsafe extern "C" fn SSLCopyALPNProtocols(
    context: SSLContextRef,
    protocols: *mut CFTypeRef,
) -> OSStatus {
    if protocols.is_null() {
        return errSecParam;
    }
    *protocols = std::ptr::null();
    get(context, protocols, |c| {
        let names = c.alpn_protocols()?;
        Ok(cf::array_of_created(
            names
                .iter()
                .map(|n| cf::string(&String::from_utf8_lossy(n)))
                .collect(),
        ))
    })
}

/// `response`: a CFData holding a DER OCSP response, stapled for clients that ask.
#[no_mangle]
pub unsafe extern "C" fn SSLSetOCSPResponse(
    context: SSLContextRef,
    response: CFTypeRef,
) -> OSStatus {
    let Some(der) = cf::data(response) else {
        return errSecParam;
    };
    with_context(context, |c| code(c.set_ocsp_response(der)))
}

#[no_mangle]
pub unsafe extern "C" fn SSLSetDiffieHellmanParams(
    context: SSLContextRef,
    dh_params: *const c_void,
    dh_params_len: usize,
) -> OSStatus {
    let Some(der) = cf::slice(dh_params.cast::<u8>(), dh_params_len as cf::CFIndex) else {
        return errSecParam;
    };
    with_context(context, |c| code(c.set_diffie_hellman_params(der)))
}

/// The DER given to `SSLSetDiffieHellmanParams`, owned by the context (NULL, 0 if none).
#[no_mangle]
pub unsafe extern "C" fn SSLGetDiffieHellmanParams(
    context: SSLContextRef,
    dh_params: *mut *const c_void,
    dh_params_len: *mut usize,
) -> OSStatus {
    if dh_params.is_null() || dh_params_len.is_null() {
        return errSecParam;
    }
    with_context(context, |c| {
        let der = c.diffie_hellman_params().unwrap_or_default();
        *dh_params = if der.is_empty() {
            std::ptr::null()
        } else {
            der.as_ptr().cast()
        };
        *dh_params_len = der.len();
        errSecSuccess
    })
}

// --- later milestones --------------------------------------------------------------------

#[no_mangle]
pub unsafe extern "C" fn SSLGetResumableSessionInfo(
    context: SSLContextRef,
    resumed: *mut Boolean,
    session_id: *mut c_void,
    session_id_length: *mut usize,
) -> OSStatus {
    const MAX_SESSION_ID_LENGTH: usize = 32;
    if resumed.is_null()
        || session_id.is_null()
        || session_id_length
            .as_ref()
            .is_none_or(|&len| len < MAX_SESSION_ID_LENGTH)
    {
        return errSecParam;
    }
    with_context(context, |c| {
        let was_resumed = c.session_resumed();
        *resumed = Boolean::from(was_resumed);
        let id = if was_resumed {
            c.session_id()
        } else {
            Vec::new()
        };
        fill(&id, session_id.cast(), session_id_length)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLSetRsaBlinding(context: SSLContextRef, blinding: Boolean) -> OSStatus {
    with_context(context, |_| {
        if blinding == 0 {
            log::info!("SSLSetRsaBlinding(false): OpenSSL always blinds RSA; left on");
        }
        errSecSuccess
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSLGetRsaBlinding(
    context: SSLContextRef,
    blinding: *mut Boolean,
) -> OSStatus {
    get(context, blinding, |_| Ok(1))
}

// --- kSSLSessionConfig_* names (the configurations themselves come with SSLSetSessionConfig) --

/// Exports each name as a constant CFString, as Apple's `const CFStringRef` globals.
macro_rules! session_configs {
    ($($name:ident = $text:literal,)*) => { $(
        #[no_mangle]
        pub static $name: ConstRef = ConstRef({
            static NAME: Object = Object::constant(Value::String(Text::Static($text)));
            &NAME
        });
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
