//! The session context as C holds it — the engine's `Context` and the CF objects Apple's
//! `SSLGet…` calls hand out — and how every function reaches it: alone, for the length of
//! the call ([`with_context`]).

use std::ops::{Deref, DerefMut};

use secure_transport::certificate::SecCertificate;
use secure_transport::engine::Context;
use secure_transport::status::{errSSLBufferOverflow, errSecBadReq, errSecParam, errSecSuccess};
use secure_transport::{OSStatus, Result};

use crate::c_args;
use crate::cf::base::Retained;
use crate::cf::runtime::{self, Class, Exclusive, Instance, Refusal};
use crate::cf::types::{CFTypeID, CFTypeRef};
use crate::security::trust;

/// `SSLContextRef`.
pub type SSLContextRef = CFTypeRef;

/// A context's value: the engine's context, and the CF objects that Apple's `SSLGet…` calls
/// hand out without a reference of the caller's own (the context keeps them alive).
pub struct ContextObject {
    engine: Context,
    /// The array given to `SSLSetCertificate`, for `SSLGetCertificate`.
    pub certificate: Option<Retained>,
    /// The array given to `SSLSetEncryptionCertificate`, for `SSLGetEncryptionCertificate`.
    pub encryption_certificate: Option<Retained>,
    /// The peer's trust and the chain it was made for: `SSLGetPeerSecTrust` and
    /// `SSLCopyPeerTrust` share it, as on Apple, until the peer's chain changes. Boxed: most
    /// contexts never hand one out, and every idle one carries this field.
    peer_trust: Option<Box<(Vec<SecCertificate>, Retained)>>,
}

static CLASS: Class = Class::new::<Exclusive<ContextObject>>("SSLContext");

impl Instance for Exclusive<ContextObject> {
    fn class() -> &'static Class {
        &CLASS
    }
}

/// `SSLContextGetTypeID`.
#[no_mangle]
pub extern "C" fn SSLContextGetTypeID() -> CFTypeID {
    CLASS.id()
}

impl ContextObject {
    /// A new context object, owned by the caller.
    pub fn create(engine: Context) -> CFTypeRef {
        runtime::create(Exclusive::new(ContextObject {
            engine,
            certificate: None,
            encryption_certificate: None,
            peer_trust: None,
        }))
    }

    /// The peer's trust object (NULL before the peer's certificates arrive), made once per
    /// peer chain; the context keeps the reference.
    pub fn peer_trust_object(&mut self) -> Result<CFTypeRef> {
        let chain = self.engine.peer_certificates();
        let current = self.peer_trust.as_ref().is_some_and(|made| made.0 == chain);
        if !current {
            self.peer_trust = self
                .engine
                .peer_trust()?
                .map(|made| Box::new((chain, Retained::adopt(trust::create(made)))));
        }
        Ok(self
            .peer_trust
            .as_ref()
            .map_or(std::ptr::null(), |made| made.1.get()))
    }
}

impl Deref for ContextObject {
    type Target = Context;
    fn deref(&self) -> &Context {
        &self.engine
    }
}

impl DerefMut for ContextObject {
    fn deref_mut(&mut self) -> &mut Context {
        &mut self.engine
    }
}

/// Whether `ctx` is a live context.
pub fn is_context(ctx: SSLContextRef) -> bool {
    runtime::hold::<Exclusive<ContextObject>>(ctx).is_some()
}

/// Runs `call` on the context behind `ctx`, alone: `errSecParam` if `ctx` is no live
/// context, `errSecBadReq` if it is in use (a callback calling back into its own context, or
/// a second thread breaking Apple's one-thread-at-a-time rule). A release of the context
/// meanwhile (from a callback) takes effect when `call` returns. The exported function that
/// calls it runs it in its panic guard.
#[inline]
pub fn with_context(
    ctx: SSLContextRef,
    call: impl FnOnce(&mut ContextObject) -> OSStatus,
) -> OSStatus {
    match runtime::enter::<ContextObject>(ctx) {
        Ok(mut context) => call(&mut context),
        Err(Refusal::NotLive) => errSecParam,
        Err(Refusal::Busy) => {
            log::warn!("a Secure Transport context was used while busy");
            errSecBadReq
        }
    }
}

/// The status of an engine result.
pub fn code(result: Result<()>) -> OSStatus {
    result.err().map_or(errSecSuccess, |e| e.code())
}

/// A getter: `read` on the context, its value stored through `out`; `errSecParam` for a
/// NULL `out` (before the context is looked at).
///
/// # Safety
/// `out` must be NULL or valid for a write of a `T`.
pub unsafe fn get<T>(
    ctx: SSLContextRef,
    out: *mut T,
    read: impl FnOnce(&mut ContextObject) -> Result<T>,
) -> OSStatus {
    if out.is_null() {
        return errSecParam;
    }
    with_context(ctx, |c| match read(c) {
        Ok(value) => {
            // SAFETY: the caller's promise, for a pointer that is not NULL.
            unsafe { c_args::put(out, value) };
            errSecSuccess
        }
        Err(e) => e.code(),
    })
}

/// Writes a list through `(buffer, *count)`, `*count` being the buffer's room in and the
/// list's length out: `errSSLBufferOverflow` if it does not fit.
///
/// # Safety
/// `count` must be NULL or valid for reads and writes; `buffer` NULL or valid for writes of
/// `*count` items.
pub unsafe fn fill<T: Copy>(items: &[T], buffer: *mut T, count: *mut usize) -> OSStatus {
    if buffer.is_null() || count.is_null() {
        return errSecParam;
    }
    // SAFETY: the caller's promise, for pointers that are not NULL; the list fits the room.
    unsafe {
        if *count < items.len() {
            return errSSLBufferOverflow;
        }
        std::ptr::copy_nonoverlapping(items.as_ptr(), buffer, items.len());
        *count = items.len();
    }
    errSecSuccess
}
