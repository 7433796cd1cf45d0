//! Sequences of C ABI calls decoded from the fuzz input: contexts and CF objects made,
//! configured, connected to each other, driven, copied out and released in any order, with
//! NULL, objects of the wrong type and memory that is no object where a reference goes, and
//! fuzzed values and lengths.
//!
//! Input: byte 0 seeds the pipes' faults (0: none); then operations, each an [`Op`] byte and
//! its argument bytes (missing bytes read as 0). Arguments that pick an object: `0xFF` is
//! NULL, `0xFE` memory that is no object, `0xFD` a constant CFString, any other value the
//! n-th (modulo) reference the harness owns — of contexts only, where a context goes.
//!
//! Checks: every status is a documented code; a call given no live context returns
//! `errSecParam`; lengths and counts come back within what was given; objects handed out are
//! live. At the end every reference the harness owns is released: LeakSanitizer reports what
//! the library kept. Lengths never exceed the buffers passed, except values above
//! `isize::MAX`, which no buffer can have and the library must refuse.
//!
//! Soundness: an object reference may be any value (NULL, junk, released): the library
//! validates references and never reads through them. What it does read or write through is
//! the harness's: out-pointers are NULL or point at a local, buffers are NULL or at least as
//! long as the length given with them. Two cases break the C contract on purpose, to check
//! that the library refuses them before touching memory: NULL with a non-zero length, and a
//! length above `isize::MAX` (it answers `errSecParam`, as the harness asserts). Each
//! `unsafe` block says which of these its pointers are.

use std::ffi::{c_char, c_void};
use std::sync::OnceLock;

use secure_transport::secure_transport::SslConnectionType;
use secure_transport::status::*;
use secure_transport::types::{cipher_suite, SslCipherSuite};
use secure_transport::OSStatus;
use securetransport::cf::{array::*, base::*, data::*, dictionary::*, string::*, types::*};
use securetransport::security::{
    base::*, certificate::*, identity::*, import::*, policy::*, trust::*,
};
use securetransport::ssl::{
    certificates::*, client_auth::*, context::*, datagram::*, extensions::*, io::*, peer::*,
    protocol::*, session::*,
};

use crate::peer::{read_cb, write_cb, Wire};
use crate::{check, fixture};

type Ref = *const c_void;

/// The object-picking argument value that picks NULL.
pub const NULL: u8 = 0xFF;
/// The object-picking argument value that picks memory that is no object.
pub const JUNK: u8 = 0xFE;
/// The object-picking argument value that picks a constant CFString
/// (`kSSLSessionConfig_default`).
pub const CONSTANT: u8 = 0xFD;

/// The operations, in the order their byte values decode (modulo their count).
#[derive(Clone, Copy, Debug)]
#[repr(u8)]
pub enum Op {
    /// side, kind
    Create,
    /// datagram, is_server, out NULL
    NewContext,
    /// object
    Release,
    /// object
    Retain,
    /// context
    Dispose,
    /// context, callbacks NULL
    SetIoFuncs,
    /// context, wire (0–3; other: NULL)
    SetConnection,
    /// context
    Handshake,
    /// context
    ReHandshake,
    /// context, length (2 bytes), NULL flags
    Read,
    /// context, length (2 bytes), NULL flags
    Write,
    /// context
    Close,
    /// context, status (4 bytes)
    SetError,
    /// which, context, value
    SetInt,
    /// which, context, value, flag
    SetIntFlag,
    /// which, context, flag
    SetFlag,
    /// which, context, value, out NULL
    Get,
    /// which, context, bytes, pointer mode
    SetBytes,
    /// which, context, capacity, NULL flags
    GetBytes,
    /// which, context, count, suites (2 bytes each)
    Ciphers,
    /// which, context, object, flag
    SetObject,
    /// which, context, out NULL
    CopyObject,
    /// bytes
    MakeData,
    /// bytes, encoding
    MakeString,
    /// count, objects…, mutable
    MakeArray,
    /// array, object
    Append,
    /// which (identity, CA, server certificate, data object)
    Security,
    /// which, object, object, value
    Trust,
    /// which, object, object
    Inspect,
    /// context, context, rounds: handshakes in turn, moving bytes between them
    Pump,
}

const OPS: [Op; 30] = [
    Op::Create,
    Op::NewContext,
    Op::Release,
    Op::Retain,
    Op::Dispose,
    Op::SetIoFuncs,
    Op::SetConnection,
    Op::Handshake,
    Op::ReHandshake,
    Op::Read,
    Op::Write,
    Op::Close,
    Op::SetError,
    Op::SetInt,
    Op::SetIntFlag,
    Op::SetFlag,
    Op::Get,
    Op::SetBytes,
    Op::GetBytes,
    Op::Ciphers,
    Op::SetObject,
    Op::CopyObject,
    Op::MakeData,
    Op::MakeString,
    Op::MakeArray,
    Op::Append,
    Op::Security,
    Op::Trust,
    Op::Inspect,
    Op::Pump,
];

/// Memory that is no CF object (aligned as one): the library must refuse it, not use it.
static NOT_AN_OBJECT: [u64; 8] = [0x5A5A_5A5A_5A5A_5A5A; 8];

/// Lengths no buffer has.
const HUGE: [usize; 2] = [usize::MAX, isize::MAX as usize + 1];

/// The argument bytes, read front to back; 0 once used up.
struct Args<'a>(&'a [u8]);

impl<'a> Args<'a> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }

    fn flag(&mut self) -> bool {
        self.byte() & 1 != 0
    }

    fn u16(&mut self) -> u16 {
        u16::from_be_bytes([self.byte(), self.byte()])
    }

    fn i32(&mut self) -> i32 {
        i32::from_be_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }

    /// A small signed value: Apple's enums and a few out-of-range ones.
    fn small(&mut self) -> i32 {
        i32::from(self.byte() as i8)
    }

    /// A length byte, then that many bytes (fewer at the end of the input).
    fn bytes(&mut self) -> &'a [u8] {
        let len = usize::from(self.byte()).min(self.0.len());
        let (bytes, rest) = self.0.split_at(len);
        self.0 = rest;
        bytes
    }
}

/// The identity of the fixture's PKCS#12, imported once through the C ABI and kept for the
/// process (so each run does not pay for the key derivation).
fn identity() -> Ref {
    struct Kept(Ref);
    // SAFETY: the reference is a number, validated by the library at each use, never read
    // through here; the identity it names is immutable and never released, and CF objects
    // may be used from any thread.
    unsafe impl Send for Kept {}
    // SAFETY: as for `Send`: shared, it is only passed by value to the C ABI.
    unsafe impl Sync for Kept {}
    static IDENTITY: OnceLock<Kept> = OnceLock::new();
    IDENTITY
        .get_or_init(|| {
            let data = data(fixture::SERVER_P12);
            let pass = string(fixture::P12_PASSPHRASE.as_bytes());
            let key = kSecImportExportPassphrase.get();
            // SAFETY: one key and one value (the count), read from the locals `key` and
            // `pass`; CF's own callbacks (statics), which take any value.
            let options = unsafe {
                CFDictionaryCreate(
                    std::ptr::null(),
                    &key,
                    &pass,
                    1,
                    &kCFTypeDictionaryKeyCallBacks,
                    &kCFTypeDictionaryValueCallBacks,
                )
            };
            let mut items = std::ptr::null();
            // SAFETY: the out-pointer is the local `items`.
            let status = unsafe { SecPKCS12Import(data, options, &mut items) };
            assert_eq!(status, 0);
            let item = CFArrayGetValueAtIndex(items, 0);
            // SAFETY: the dictionaries SecPKCS12Import makes compare keys with CF's callback
            // (CFEqual), which takes any value; the key is a constant CFString.
            let identity = unsafe { CFDictionaryGetValue(item, kSecImportItemIdentity.get()) };
            assert!(!identity.is_null());
            CFRetain(identity);
            for object in [data, pass, options, items] {
                CFRelease(object);
            }
            Kept(identity)
        })
        .0
}

/// A CFData copy of `bytes` (the caller releases it).
pub fn data(bytes: &[u8]) -> Ref {
    // SAFETY: `bytes.len()` readable bytes at `bytes.as_ptr()`, borrowed for the call (the
    // CFData copies them); a slice's length fits a CFIndex.
    unsafe { CFDataCreate(std::ptr::null(), bytes.as_ptr(), bytes.len() as CFIndex) }
}

/// A CFString of `bytes` up to their first NUL (UTF-8 encoding).
fn string(bytes: &[u8]) -> Ref {
    let text: Vec<u8> = bytes.iter().copied().take_while(|&b| b != 0).collect();
    let text = std::ffi::CString::new(text).expect("no NUL");
    // SAFETY: `text` is a NUL-terminated string, live for the call (the CFString copies it).
    unsafe { CFStringCreateWithCString(std::ptr::null(), text.as_ptr(), kCFStringEncodingUTF8) }
}

fn der_of(pem: &[u8]) -> Vec<u8> {
    secure_transport::certificate::SecCertificate::from_pem(pem)
        .expect("fixture")
        .to_der()
}

/// What one run owns: references (each entry one reference) and the two pipes (stream
/// ends 0 and 1, datagram ends 2 and 3). Dropping releases the references first.
struct Harness {
    owned: Vec<Ref>,
    /// Statuses given to `SSLSetError`: `SSLHandshake` returns them as they are.
    set_errors: Vec<OSStatus>,
    /// The contexts whose `SSLHandshake` returned `noErr`.
    connected: Vec<Ref>,
    wires: [Box<Wire>; 4],
    buffer: Vec<u8>,
}

impl Drop for Harness {
    fn drop(&mut self) {
        for object in self.owned.drain(..) {
            CFRelease(object);
        }
    }
}

fn is_context(object: Ref) -> bool {
    // Any value is safe to ask about: references are validated, never read through.
    !object.is_null() && CFGetTypeID(object) == SSLContextGetTypeID()
}

/// `object` (non-NULL) is a live object: a type, a count.
fn assert_live(call: &str, object: Ref) {
    let id = CFGetTypeID(object);
    assert!(id != 0, "{call} handed out {object:?}, not a live object");
}

impl Harness {
    fn new(schedule: u8) -> Harness {
        let end = |kind| Box::new(Wire::pipe_end(kind, schedule));
        Harness {
            owned: Vec::new(),
            set_errors: Vec::new(),
            connected: Vec::new(),
            wires: [
                end(SslConnectionType::STREAM),
                end(SslConnectionType::STREAM),
                end(SslConnectionType::DATAGRAM),
                end(SslConnectionType::DATAGRAM),
            ],
            buffer: vec![0; 1 << 16],
        }
    }

    fn special(selector: u8) -> Option<Ref> {
        match selector {
            NULL => Some(std::ptr::null()),
            JUNK => Some(NOT_AN_OBJECT.as_ptr().cast()),
            CONSTANT => Some(kSSLSessionConfig_default.get()),
            _ => None,
        }
    }

    /// The index in `owned` an object selector picks, if it picks an owned one.
    fn pick(&self, selector: u8, contexts_only: bool) -> Option<usize> {
        if Harness::special(selector).is_some() {
            return None;
        }
        let candidates: Vec<usize> = (0..self.owned.len())
            .filter(|&i| !contexts_only || is_context(self.owned[i]))
            .collect();
        (!candidates.is_empty()).then(|| candidates[usize::from(selector) % candidates.len()])
    }

    fn object(&self, selector: u8) -> Ref {
        Harness::special(selector)
            .or_else(|| self.pick(selector, false).map(|i| self.owned[i]))
            .unwrap_or(std::ptr::null())
    }

    fn context(&self, selector: u8) -> Ref {
        Harness::special(selector)
            .or_else(|| self.pick(selector, true).map(|i| self.owned[i]))
            .unwrap_or(std::ptr::null())
    }

    fn adopt(&mut self, call: &str, object: Ref) {
        if !object.is_null() {
            assert_live(call, object);
            self.owned.push(object);
        }
    }

    /// Moves what each pipe end sent to the other end.
    fn shuttle(&mut self) {
        for (a, b) in [(0, 1), (2, 3)] {
            for chunk in self.wires[a].take_sent() {
                self.wires[b].deliver(chunk);
            }
            for chunk in self.wires[b].take_sent() {
                self.wires[a].deliver(chunk);
            }
        }
    }

    /// A context call: `errSecParam` whenever `ctx` is no live context.
    fn on_context(&self, call: &str, ctx: Ref, status: OSStatus) {
        if !self.set_errors.contains(&status) {
            check(call, status);
        }
        if !is_context(ctx) {
            assert_eq!(status, errSecParam, "{call} without a context");
        }
    }

    /// Decodes `op`'s arguments from `args` and makes its calls, with their checks.
    fn run_op(&mut self, op: Op, args: &mut Args) {
        match op {
            Op::Create => {
                let side = [0, 1, 2, -1][usize::from(args.byte() % 4)];
                let kind = [0, 1, 7][usize::from(args.byte() % 3)];
                let ctx = SSLCreateContext(std::ptr::null(), side, kind);
                assert_eq!(
                    ctx.is_null(),
                    !(0..=1).contains(&side) || kind > 1,
                    "SSLCreateContext"
                );
                self.adopt("SSLCreateContext", ctx);
            }
            Op::NewContext => {
                let (datagram, server, null) = (args.flag(), args.byte(), args.flag());
                let mut ctx = std::ptr::null();
                let out = if null { std::ptr::null_mut() } else { &mut ctx };
                let status = if datagram {
                    // SAFETY: `out` is NULL or points at the local `ctx`.
                    unsafe { SSLNewDatagramContext(server, out) }
                } else {
                    // SAFETY: `out` is NULL or points at the local `ctx`.
                    unsafe { SSLNewContext(server, out) }
                };
                assert_eq!(
                    check("SSLNewContext", status),
                    if null { errSecParam } else { 0 }
                );
                self.adopt("SSLNewContext", ctx);
            }
            Op::Release => {
                let selector = args.byte();
                match self.pick(selector, false) {
                    Some(i) => CFRelease(self.owned.swap_remove(i)),
                    None => CFRelease(self.object(selector)),
                }
            }
            Op::Retain => {
                let selector = args.byte();
                let object = self.object(selector);
                // A live object comes back retained; anything else, NULL.
                let live = !object.is_null() && CFGetTypeID(object) != 0;
                let expected = if live { object } else { std::ptr::null() };
                assert_eq!(CFRetain(object), expected, "CFRetain");
                if self.pick(selector, false).is_some() {
                    self.owned.push(object);
                }
            }
            Op::Dispose => {
                let selector = args.byte();
                let ctx = self.context(selector);
                // Looked up first: the call may free it.
                let owned = self.pick(selector, true);
                let status = check("SSLDisposeContext", SSLDisposeContext(ctx));
                match owned {
                    Some(i) => {
                        assert_eq!(status, 0, "SSLDisposeContext");
                        self.owned.swap_remove(i);
                    }
                    None => assert_eq!(status, errSecParam, "SSLDisposeContext without one"),
                }
            }
            Op::SetIoFuncs => {
                let ctx = self.context(args.byte());
                let status = if args.flag() {
                    SSLSetIOFuncs(ctx, None, None)
                } else {
                    SSLSetIOFuncs(ctx, Some(read_cb), Some(write_cb))
                };
                check("SSLSetIOFuncs", status);
            }
            Op::SetConnection => {
                let ctx = self.context(args.byte());
                let connection = match self.wires.get_mut(usize::from(args.byte() % 5)) {
                    Some(wire) => &mut **wire as *mut Wire as Ref,
                    None => std::ptr::null(),
                };
                self.on_context("SSLSetConnection", ctx, SSLSetConnection(ctx, connection));
            }
            Op::Handshake => {
                let ctx = self.context(args.byte());
                self.handshake(ctx);
            }
            Op::ReHandshake => {
                let ctx = self.context(args.byte());
                self.on_context("SSLReHandshake", ctx, SSLReHandshake(ctx));
            }
            Op::Read | Op::Write => self.read_or_write(op, args),
            Op::Close => {
                let ctx = self.context(args.byte());
                self.on_context("SSLClose", ctx, SSLClose(ctx));
            }
            Op::SetError => {
                let (ctx, status) = (self.context(args.byte()), args.i32());
                self.set_errors.push(status);
                self.on_context("SSLSetError", ctx, SSLSetError(ctx, status));
            }
            Op::SetInt => {
                let (which, ctx, value) = (args.byte(), self.context(args.byte()), args.small());
                let (call, status) = match which % 4 {
                    0 => (
                        "SSLSetProtocolVersionMin",
                        SSLSetProtocolVersionMin(ctx, value),
                    ),
                    1 => (
                        "SSLSetProtocolVersionMax",
                        SSLSetProtocolVersionMax(ctx, value),
                    ),
                    2 => ("SSLSetProtocolVersion", SSLSetProtocolVersion(ctx, value)),
                    _ => (
                        "SSLSetClientSideAuthenticate",
                        SSLSetClientSideAuthenticate(ctx, value),
                    ),
                };
                self.on_context(call, ctx, status);
            }
            Op::SetIntFlag => {
                let (which, ctx) = (args.byte(), self.context(args.byte()));
                let (value, flag) = (args.small(), args.byte());
                let (call, status) = if which & 1 == 0 {
                    ("SSLSetSessionOption", SSLSetSessionOption(ctx, value, flag))
                } else {
                    let call = "SSLSetProtocolVersionEnabled";
                    (call, SSLSetProtocolVersionEnabled(ctx, value, flag))
                };
                self.on_context(call, ctx, status);
            }
            Op::SetFlag => {
                let (which, ctx, flag) = (args.byte(), self.context(args.byte()), args.byte());
                let setters: [(&str, extern "C" fn(Ref, Boolean) -> OSStatus); 6] = [
                    ("SSLSetEnableCertVerify", SSLSetEnableCertVerify),
                    ("SSLSetAllowsExpiredCerts", SSLSetAllowsExpiredCerts),
                    ("SSLSetAllowsExpiredRoots", SSLSetAllowsExpiredRoots),
                    ("SSLSetAllowsAnyRoot", SSLSetAllowsAnyRoot),
                    ("SSLSetSessionTicketsEnabled", SSLSetSessionTicketsEnabled),
                    ("SSLSetRsaBlinding", SSLSetRsaBlinding),
                ];
                let (call, set) = setters[usize::from(which) % setters.len()];
                self.on_context(call, ctx, set(ctx, flag));
            }
            Op::Get => self.get(args),
            Op::SetBytes => self.set_bytes(args),
            Op::GetBytes => self.get_bytes(args),
            Op::Ciphers => self.ciphers(args),
            Op::SetObject => {
                let (which, ctx) = (args.byte(), self.context(args.byte()));
                let (object, flag) = (self.object(args.byte()), args.byte());
                let (call, status) = match which % 8 {
                    0 => ("SSLSetCertificate", SSLSetCertificate(ctx, object)),
                    1 => (
                        "SSLSetEncryptionCertificate",
                        SSLSetEncryptionCertificate(ctx, object),
                    ),
                    2 => ("SSLSetALPNProtocols", SSLSetALPNProtocols(ctx, object)),
                    3 => ("SSLSetOCSPResponse", SSLSetOCSPResponse(ctx, object)),
                    4 => ("SSLSetSessionConfig", SSLSetSessionConfig(ctx, object)),
                    5 => ("SSLSetTrustedRoots", SSLSetTrustedRoots(ctx, object, flag)),
                    6 => {
                        let call = "SSLSetCertificateAuthorities";
                        (call, SSLSetCertificateAuthorities(ctx, object, flag))
                    }
                    _ => {
                        let status = SSLSetMaxDatagramRecordSize(ctx, usize::from(flag) * 8);
                        ("SSLSetMaxDatagramRecordSize", status)
                    }
                };
                self.on_context(call, ctx, status);
            }
            Op::CopyObject => self.copy_object(args),
            Op::MakeData => {
                let bytes = args.bytes();
                self.adopt("CFDataCreate", data(bytes));
            }
            Op::MakeString => {
                let bytes = args.bytes();
                self.adopt("CFStringCreateWithCString", string(bytes));
            }
            Op::MakeArray => self.make_array(args),
            Op::Append => {
                let array = self.object(args.byte());
                let value = self.object(args.byte());
                if !value.is_null() && Harness::can_contain(value) {
                    // SAFETY: only mutable arrays take values, and the only ones are those
                    // `make_array` creates, with CF's callbacks, which take any value.
                    unsafe { CFArrayAppendValue(array, value) };
                }
            }
            Op::Security => {
                let which = args.byte();
                let object = match which % 4 {
                    0 => CFRetain(identity()),
                    1 => SecCertificateCreateWithData(std::ptr::null(), self.fixture_der(true)),
                    2 => SecCertificateCreateWithData(std::ptr::null(), self.fixture_der(false)),
                    _ => SecCertificateCreateWithData(std::ptr::null(), self.object(args.byte())),
                };
                self.adopt("Security", object);
            }
            Op::Trust => self.trust(args),
            Op::Inspect => self.inspect(args),
            Op::Pump => {
                let a = self.context(args.byte());
                let b = self.context(args.byte());
                for _ in 0..args.byte() % 32 {
                    self.handshake(a);
                    self.handshake(b);
                }
            }
        }
    }

    /// A fixture certificate's DER as a CFData the harness owns.
    fn fixture_der(&mut self, ca: bool) -> Ref {
        let der = der_of(if ca {
            fixture::CA_PEM
        } else {
            fixture::SERVER_PEM
        });
        let object = data(&der);
        self.adopt("CFDataCreate", object);
        object
    }

    /// Arrays hold neither contexts nor arrays: a context keeping an array that holds it
    /// would be a cycle of the caller's making, which CoreFoundation leaks too.
    fn can_contain(object: Ref) -> bool {
        let id = CFGetTypeID(object);
        id != SSLContextGetTypeID() && id != CFArrayGetTypeID()
    }

    /// `SSLHandshake` on `ctx`, then the pipes' bytes moved on.
    fn handshake(&mut self, ctx: Ref) {
        let status = SSLHandshake(ctx);
        self.on_context("SSLHandshake", ctx, status);
        if status == 0 && !self.connected.contains(&ctx) {
            self.connected.push(ctx);
        }
        self.shuttle();
    }

    /// `SSLRead` or `SSLWrite` of the harness's buffer, or of NULL or a huge length.
    fn read_or_write(&mut self, op: Op, args: &mut Args) {
        let ctx = self.context(args.byte());
        let wanted = usize::from(args.u16());
        let (null_data, null_processed, huge) = {
            let flags = args.byte();
            (flags & 1 != 0, flags & 2 != 0, flags & 4 != 0)
        };
        let len = if huge { HUGE[wanted & 1] } else { wanted };
        let data = if null_data {
            std::ptr::null_mut()
        } else {
            self.buffer.as_mut_ptr()
        };
        let mut processed = usize::MAX;
        let out = if null_processed {
            std::ptr::null_mut()
        } else {
            &mut processed
        };
        let (call, status) = match op {
            // SAFETY: `out` is NULL or points at the local `processed`; `data` is NULL or
            // `self.buffer`, writable for 64 KiB, room for any `wanted` (a u16); a NULL `data`
            // or a huge `len` (above isize::MAX) the library refuses without writing.
            Op::Read => ("SSLRead", unsafe { SSLRead(ctx, data.cast(), len, out) }),
            _ => (
                "SSLWrite",
                // SAFETY: as for SSLRead, `self.buffer` read instead (NULL, 0 reads nothing).
                unsafe { SSLWrite(ctx, data.cast_const().cast(), len, out) },
            ),
        };
        self.on_context(call, ctx, status);
        // SSLRead refuses a NULL buffer even for 0 bytes, SSLWrite takes NULL, 0.
        let read = matches!(op, Op::Read);
        if null_processed || huge || (null_data && (len > 0 || read)) {
            assert_eq!(status, errSecParam, "{call} with a NULL or huge argument");
        } else {
            assert!(processed <= len, "{call} processed {processed} of {len}");
            if !read {
                assert!(
                    processed == 0 || processed == len,
                    "SSLWrite took {processed} of {len}"
                );
            }
        }
        self.shuttle();
    }

    /// The getters that store a value through an out-pointer.
    fn get(&mut self, args: &mut Args) {
        let (which, ctx, value, null) = (
            args.byte(),
            self.context(args.byte()),
            args.small(),
            args.flag(),
        );
        let mut int = 0i32;
        let mut flag: Boolean = 7;
        let mut size = 0usize;
        let int_out = if null { std::ptr::null_mut() } else { &mut int };
        let flag_out = if null {
            std::ptr::null_mut()
        } else {
            &mut flag
        };
        let size_out = if null {
            std::ptr::null_mut()
        } else {
            &mut size
        };
        let (call, status) = match which % 20 {
            // SAFETY: `int_out` is NULL or points at the local `int`.
            0 => ("SSLGetSessionState", unsafe {
                SSLGetSessionState(ctx, int_out)
            }),
            // SAFETY: `int_out` is NULL or points at the local `int`.
            1 => ("SSLGetProtocolVersionMin", unsafe {
                SSLGetProtocolVersionMin(ctx, int_out)
            }),
            // SAFETY: `int_out` is NULL or points at the local `int`.
            2 => ("SSLGetProtocolVersionMax", unsafe {
                SSLGetProtocolVersionMax(ctx, int_out)
            }),
            // SAFETY: `int_out` is NULL or points at the local `int`.
            3 => ("SSLGetProtocolVersion", unsafe {
                SSLGetProtocolVersion(ctx, int_out)
            }),
            // SAFETY: `int_out` is NULL or points at the local `int`.
            4 => ("SSLGetNegotiatedProtocolVersion", unsafe {
                SSLGetNegotiatedProtocolVersion(ctx, int_out)
            }),
            // SAFETY: `int_out` is NULL or points at the local `int`.
            5 => ("SSLGetClientSideAuthenticate", unsafe {
                SSLGetClientSideAuthenticate(ctx, int_out)
            }),
            // SAFETY: `int_out` is NULL or points at the local `int`.
            6 => ("SSLGetClientCertificateState", unsafe {
                SSLGetClientCertificateState(ctx, int_out)
            }),
            // SAFETY: `flag_out` is NULL or points at the local `flag`.
            7 => ("SSLGetSessionOption", unsafe {
                SSLGetSessionOption(ctx, value, flag_out)
            }),
            // SAFETY: `flag_out` is NULL or points at the local `flag`.
            8 => ("SSLGetProtocolVersionEnabled", unsafe {
                SSLGetProtocolVersionEnabled(ctx, value, flag_out)
            }),
            // SAFETY: `flag_out` is NULL or points at the local `flag`.
            9 => ("SSLGetEnableCertVerify", unsafe {
                SSLGetEnableCertVerify(ctx, flag_out)
            }),
            // SAFETY: `flag_out` is NULL or points at the local `flag`.
            10 => ("SSLGetAllowsExpiredCerts", unsafe {
                SSLGetAllowsExpiredCerts(ctx, flag_out)
            }),
            // SAFETY: `flag_out` is NULL or points at the local `flag`.
            11 => ("SSLGetAllowsAnyRoot", unsafe {
                SSLGetAllowsAnyRoot(ctx, flag_out)
            }),
            // SAFETY: `flag_out` is NULL or points at the local `flag`.
            12 => ("SSLGetRsaBlinding", unsafe {
                SSLGetRsaBlinding(ctx, flag_out)
            }),
            // SAFETY: `size_out` is NULL or points at the local `size`.
            13 => ("SSLGetBufferedReadSize", unsafe {
                SSLGetBufferedReadSize(ctx, size_out)
            }),
            // SAFETY: `size_out` is NULL or points at the local `size`.
            14 => ("SSLGetPeerDomainNameLength", unsafe {
                SSLGetPeerDomainNameLength(ctx, size_out)
            }),
            // SAFETY: `size_out` is NULL or points at the local `size`.
            15 => ("SSLCopyRequestedPeerNameLength", unsafe {
                SSLCopyRequestedPeerNameLength(ctx, size_out)
            }),
            // SAFETY: `size_out` is NULL or points at the local `size`.
            16 => ("SSLGetNumberSupportedCiphers", unsafe {
                SSLGetNumberSupportedCiphers(ctx, size_out)
            }),
            // SAFETY: `size_out` is NULL or points at the local `size`.
            17 => ("SSLGetNumberEnabledCiphers", unsafe {
                SSLGetNumberEnabledCiphers(ctx, size_out)
            }),
            // SAFETY: `size_out` is NULL or points at the local `size`.
            18 => ("SSLGetMaxDatagramRecordSize", unsafe {
                SSLGetMaxDatagramRecordSize(ctx, size_out)
            }),
            // SAFETY: `size_out` is NULL or points at the local `size`.
            _ => ("SSLGetDatagramWriteSize", unsafe {
                SSLGetDatagramWriteSize(ctx, size_out)
            }),
        };
        self.on_context(call, ctx, status);
        if null {
            assert_eq!(status, errSecParam, "{call} with a NULL out-pointer");
        }
        if status == 0 && (7..=12).contains(&(which % 20)) {
            assert!(flag <= 1, "{call} gave Boolean {flag}");
        }
    }

    /// The setters that take bytes and a length.
    fn set_bytes(&mut self, args: &mut Args) {
        let (which, ctx) = (args.byte(), self.context(args.byte()));
        let bytes = args.bytes();
        let mode = args.byte() % 4;
        // 0: the bytes; 1: NULL with their length; 2: NULL, 0; 3: a length no buffer has.
        // Readable for `len` bytes in modes 0 and 2; in modes 1 (with a length) and 3 outside
        // the C contract, on purpose: the library refuses them unread (`errSecParam`).
        let (ptr, len) = match mode {
            0 => (bytes.as_ptr(), bytes.len()),
            1 => (std::ptr::null(), bytes.len()),
            2 => (std::ptr::null(), 0),
            _ => (bytes.as_ptr(), HUGE[bytes.len() & 1]),
        };
        let (call, status) = match which % 5 {
            // SAFETY: `ptr`, `len`: `bytes`, NULL with 0, or refused unread (above).
            0 => ("SSLSetPeerDomainName", unsafe {
                SSLSetPeerDomainName(ctx, ptr.cast::<c_char>(), len)
            }),
            // SAFETY: `ptr`, `len`: `bytes`, NULL with 0, or refused unread (above).
            1 => ("SSLSetPeerID", unsafe {
                SSLSetPeerID(ctx, ptr.cast(), len)
            }),
            // SAFETY: `ptr`, `len`: `bytes`, NULL with 0, or refused unread (above).
            2 => ("SSLSetDatagramHelloCookie", unsafe {
                SSLSetDatagramHelloCookie(ctx, ptr.cast(), len)
            }),
            // SAFETY: `ptr`, `len`: `bytes`, NULL with 0, or refused unread (above).
            3 => ("SSLAddDistinguishedName", unsafe {
                SSLAddDistinguishedName(ctx, ptr.cast(), len)
            }),
            // SAFETY: `ptr`, `len`: `bytes`, NULL with 0, or refused unread (above).
            _ => ("SSLSetDiffieHellmanParams", unsafe {
                SSLSetDiffieHellmanParams(ctx, ptr.cast(), len)
            }),
        };
        self.on_context(call, ctx, status);
        if mode == 3 || (mode == 1 && len > 0) {
            assert_eq!(status, errSecParam, "{call} with a bad length");
        }
    }

    /// The getters that fill a caller's buffer, and those that lend a pointer.
    fn get_bytes(&mut self, args: &mut Args) {
        let (which, ctx) = (args.byte(), self.context(args.byte()));
        let capacity = usize::from(args.byte());
        let flags = args.byte();
        let mut buf = [0u8; 256];
        let mut len = capacity;
        let buf_ptr = if flags & 1 != 0 {
            std::ptr::null_mut()
        } else {
            buf.as_mut_ptr()
        };
        let len_ptr = if flags & 2 != 0 {
            std::ptr::null_mut()
        } else {
            &mut len
        };
        match which % 5 {
            0 | 1 => {
                let (call, status) = if which % 5 == 0 {
                    // SAFETY: `len_ptr` is NULL or points at the local `len`; `buf_ptr` is
                    // NULL or `buf`, 256 bytes, room for the `len` (at most 255) it says.
                    let status = unsafe { SSLGetPeerDomainName(ctx, buf_ptr.cast(), len_ptr) };
                    ("SSLGetPeerDomainName", status)
                } else {
                    // SAFETY: as for SSLGetPeerDomainName.
                    let status = unsafe { SSLCopyRequestedPeerName(ctx, buf_ptr.cast(), len_ptr) };
                    ("SSLCopyRequestedPeerName", status)
                };
                self.on_context(call, ctx, status);
                assert!(len <= capacity, "{call} wrote {len} into {capacity}");
            }
            2 | 3 => {
                let mut pointer: *const c_void = std::ptr::null();
                let pointer_out = if flags & 1 != 0 {
                    std::ptr::null_mut()
                } else {
                    &mut pointer
                };
                let (call, status) = if which % 5 == 2 {
                    // SAFETY: `pointer_out` and `len_ptr` are NULL or point at the locals
                    // `pointer` and `len`.
                    let status = unsafe { SSLGetPeerID(ctx, pointer_out, len_ptr) };
                    ("SSLGetPeerID", status)
                } else {
                    // SAFETY: as for SSLGetPeerID.
                    let status = unsafe { SSLGetDiffieHellmanParams(ctx, pointer_out, len_ptr) };
                    ("SSLGetDiffieHellmanParams", status)
                };
                self.on_context(call, ctx, status);
                if status == 0 && !pointer.is_null() {
                    // The lent bytes must be readable, all `len` of them (ASan checks).
                    // SAFETY: on success both out-pointers were written: `pointer` lends the
                    // `len` bytes `ctx` keeps (a Vec's, so `len` is at most isize::MAX), valid
                    // until they are set again or `ctx` goes, and nothing ran since the call.
                    let lent = unsafe { std::slice::from_raw_parts(pointer.cast::<u8>(), len) };
                    std::hint::black_box(lent.iter().map(|&b| usize::from(b)).sum::<usize>());
                }
            }
            _ => {
                let mut resumed: Boolean = 7;
                let resumed_out = if flags & 4 != 0 {
                    std::ptr::null_mut()
                } else {
                    &mut resumed
                };
                // SAFETY: `resumed_out` and `len_ptr` are NULL or point at the locals `resumed`
                // and `len`; `buf_ptr` is NULL or `buf`, 256 bytes, room for the `len` it says.
                let status = unsafe {
                    SSLGetResumableSessionInfo(ctx, resumed_out, buf_ptr.cast(), len_ptr)
                };
                self.on_context("SSLGetResumableSessionInfo", ctx, status);
                if status == 0 {
                    assert!(
                        resumed <= 1 && len <= capacity,
                        "SSLGetResumableSessionInfo"
                    );
                }
            }
        }
    }

    /// The cipher suite lists and the negotiated suite (and the connection).
    fn ciphers(&mut self, args: &mut Args) {
        let (which, ctx) = (args.byte(), self.context(args.byte()));
        let count = usize::from(args.byte());
        let mut suites: [SslCipherSuite; 256] = [0; 256];
        match which % 4 {
            0 | 1 => {
                let mut n = count;
                let status = if which % 4 == 0 {
                    // SAFETY: `n` is a local, and `suites` (256) has room for the `n` (at most
                    // 255) it says.
                    unsafe { SSLGetSupportedCiphers(ctx, suites.as_mut_ptr(), &mut n) }
                } else {
                    // SAFETY: as for SSLGetSupportedCiphers.
                    unsafe { SSLGetEnabledCiphers(ctx, suites.as_mut_ptr(), &mut n) }
                };
                self.on_context("SSLGet…Ciphers", ctx, status);
                assert!(n <= count, "SSLGet…Ciphers wrote {n} into {count}");
            }
            2 => {
                for suite in suites.iter_mut().take(count) {
                    *suite = cipher_suite(args.u16());
                }
                // SAFETY: `suites` (256) holds `count` (at most 255) suites.
                let status = unsafe { SSLSetEnabledCiphers(ctx, suites.as_ptr(), count) };
                self.on_context("SSLSetEnabledCiphers", ctx, status);
            }
            _ => {
                let mut suite = 0;
                // SAFETY: the out-pointer is the local `suite`.
                let status = unsafe { SSLGetNegotiatedCipher(ctx, &mut suite) };
                self.on_context("SSLGetNegotiatedCipher", ctx, status);
                let mut connection = std::ptr::null();
                // SAFETY: the out-pointer is the local `connection`.
                let status = unsafe { SSLGetConnection(ctx, &mut connection) };
                self.on_context("SSLGetConnection", ctx, status);
            }
        }
    }

    /// The getters that hand out objects: `Get` ones lend, `Copy` ones give a reference.
    fn copy_object(&mut self, args: &mut Args) {
        let (which, ctx, null) = (args.byte(), self.context(args.byte()), args.flag());
        let mut object: Ref = std::ptr::null();
        let out = if null {
            std::ptr::null_mut()
        } else {
            &mut object
        };
        let getters: [(&str, unsafe extern "C" fn(Ref, *mut Ref) -> OSStatus, bool); 9] = [
            ("SSLGetCertificate", SSLGetCertificate, false),
            (
                "SSLGetEncryptionCertificate",
                SSLGetEncryptionCertificate,
                false,
            ),
            ("SSLGetPeerSecTrust", SSLGetPeerSecTrust, false),
            ("SSLCopyPeerCertificates", SSLCopyPeerCertificates, true),
            ("SSLCopyPeerTrust", SSLCopyPeerTrust, true),
            ("SSLCopyTrustedRoots", SSLCopyTrustedRoots, true),
            (
                "SSLCopyCertificateAuthorities",
                SSLCopyCertificateAuthorities,
                true,
            ),
            ("SSLCopyDistinguishedNames", SSLCopyDistinguishedNames, true),
            ("SSLCopyALPNProtocols", SSLCopyALPNProtocols, true),
        ];
        let (call, get, copies) = getters[usize::from(which) % getters.len()];
        // SAFETY: `out` is NULL or points at the local `object`.
        let status = unsafe { get(ctx, out) };
        self.on_context(call, ctx, status);
        if null {
            assert_eq!(status, errSecParam, "{call} with a NULL out-pointer");
        }
        if object.is_null() {
            return;
        }
        assert_eq!(status, 0, "{call} handed out an object with an error");
        if copies {
            self.adopt(call, object);
        } else {
            assert_live(call, object);
        }
    }

    /// A CFArray, mutable or not, of objects the harness picks (but no contexts or arrays).
    fn make_array(&mut self, args: &mut Args) {
        let count = usize::from(args.byte() % 8);
        let items: Vec<Ref> = (0..count)
            .map(|_| self.object(args.byte()))
            .filter(|&o| !o.is_null() && Harness::can_contain(o))
            .collect();
        let array = if args.flag() {
            // SAFETY: the callbacks are CF's own, a static.
            let array =
                unsafe { CFArrayCreateMutable(std::ptr::null(), 0, &kCFTypeArrayCallBacks) };
            for &item in &items {
                // SAFETY: `array` was made with CF's callbacks, which take any value.
                unsafe { CFArrayAppendValue(array, item) };
            }
            array
        } else {
            // SAFETY: `items.len()` values at `items.as_ptr()`; CF's callbacks (a static),
            // which take any value.
            unsafe {
                CFArrayCreate(
                    std::ptr::null(),
                    items.as_ptr(),
                    items.len() as CFIndex,
                    &kCFTypeArrayCallBacks,
                )
            }
        };
        assert_eq!(
            CFArrayGetCount(array),
            items.len() as CFIndex,
            "CFArray count"
        );
        self.adopt("CFArrayCreate", array);
    }

    /// Policies and trusts: made, evaluated, configured and read, from any objects.
    fn trust(&mut self, args: &mut Args) {
        let which = args.byte();
        let (a, b) = (self.object(args.byte()), self.object(args.byte()));
        let value = args.byte();
        match which % 6 {
            0 => {
                let policy = SecPolicyCreateSSL(value & 1, b);
                self.adopt("SecPolicyCreateSSL", policy);
            }
            1 => self.adopt("SecPolicyCreateBasicX509", SecPolicyCreateBasicX509()),
            2 => {
                let mut trust = std::ptr::null();
                // SAFETY: the out-pointer is the local `trust`.
                let status = unsafe { SecTrustCreateWithCertificates(a, b, &mut trust) };
                check("SecTrustCreateWithCertificates", status);
                assert_eq!(
                    status == 0,
                    !trust.is_null(),
                    "SecTrustCreateWithCertificates"
                );
                self.adopt("SecTrustCreateWithCertificates", trust);
            }
            3 => {
                let mut result = 99;
                // SAFETY: the out-pointer is the local `result`.
                let status = unsafe { SecTrustEvaluate(a, &mut result) };
                check("SecTrustEvaluate", status);
                let mut error = std::ptr::null();
                // SAFETY: the out-pointer is the local `error`.
                let trusted = unsafe { SecTrustEvaluateWithError(a, &mut error) };
                assert!(trusted == error.is_null(), "SecTrustEvaluateWithError");
                self.adopt("SecTrustEvaluateWithError", error);
            }
            4 => {
                check(
                    "SecTrustSetAnchorCertificates",
                    SecTrustSetAnchorCertificates(a, b),
                );
                let status = SecTrustSetAnchorCertificatesOnly(a, value & 1);
                check("SecTrustSetAnchorCertificatesOnly", status);
                check("SecTrustSetPolicies", SecTrustSetPolicies(a, b));
            }
            _ => {
                let count = SecTrustGetCertificateCount(a);
                let certificate = SecTrustGetCertificateAtIndex(a, CFIndex::from(value as i8));
                assert!(count >= 0, "SecTrustGetCertificateCount");
                if !certificate.is_null() {
                    assert_live("SecTrustGetCertificateAtIndex", certificate);
                }
                self.adopt(
                    "SecTrustCopyCertificateChain",
                    SecTrustCopyCertificateChain(a),
                );
            }
        }
    }

    /// What objects answer: equality, counts, bytes, text, elements, certificates.
    fn inspect(&mut self, args: &mut Args) {
        let which = args.byte();
        let (a, b) = (self.object(args.byte()), self.object(args.byte()));
        match which % 6 {
            0 => {
                let equal = CFEqual(a, b);
                assert!(
                    equal <= 1 && (a != b || a.is_null() || equal == 1),
                    "CFEqual"
                );
            }
            1 => {
                let count = CFGetRetainCount(a);
                assert!(count >= 0, "CFGetRetainCount {count}");
            }
            2 => {
                let length = CFDataGetLength(a);
                let bytes = CFDataGetBytePtr(a);
                if !bytes.is_null() {
                    // SAFETY: a pointer means `a` is a live CFData, whose `length` bytes (a
                    // Vec's, immutable) stay valid while it lives; `a` is one of the harness's
                    // references, held through this whole call.
                    let lent = unsafe { std::slice::from_raw_parts(bytes, length as usize) };
                    std::hint::black_box(lent.iter().map(|&b| usize::from(b)).sum::<usize>());
                }
            }
            3 => {
                let mut text = [0 as c_char; 64];
                // SAFETY: `text` is writable for the 64 bytes the call is given.
                unsafe { CFStringGetCString(a, text.as_mut_ptr(), 64, kCFStringEncodingUTF8) };
                CFStringGetLength(a);
            }
            4 => {
                let item = CFArrayGetValueAtIndex(a, CFIndex::from(which >> 4));
                if !item.is_null() {
                    assert_live("CFArrayGetValueAtIndex", item);
                }
            }
            _ => {
                let status = i32::from(which as i8) - 9800;
                self.adopt(
                    "SecCopyErrorMessageString",
                    SecCopyErrorMessageString(status, std::ptr::null_mut()),
                );
                let mut certificate = std::ptr::null();
                // SAFETY: the out-pointer is the local `certificate`.
                if unsafe { SecIdentityCopyCertificate(a, &mut certificate) } == 0 {
                    self.adopt("SecIdentityCopyCertificate", certificate);
                }
            }
        }
    }
}

/// One fuzz input (layout in the module doc). Returns how many contexts finished a
/// handshake, for the recorder's check of its seeds.
pub fn run(input: &[u8]) -> usize {
    let Some((&schedule, ops)) = input.split_first() else {
        return 0;
    };
    identity();
    let mut harness = Harness::new(schedule);
    let mut args = Args(ops);
    for _ in 0..ops.len() {
        if args.0.is_empty() {
            break;
        }
        let op = OPS[usize::from(args.byte()) % OPS.len()];
        harness.run_op(op, &mut args);
    }
    harness.connected.len()
}
