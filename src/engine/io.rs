//! Where the bytes go: the caller's transport, the session's write queue, and the OpenSSL BIO
//! that joins them.
//!
//! The BIO never refuses a write: what the transport cannot take now waits in the write queue,
//! so OpenSSL always believes a record was sent. That gives Apple's `SSLWrite` contract (all
//! bytes accepted, `errSSLWouldBlock` while the queue drains) without OpenSSL's retry rules.
//!
//! Reads follow Apple's record layer (SSLRecordInternal.c): bytes a read callback returns
//! with `errSSLWouldBlock` count as read but reach OpenSSL on the next call, and a callback's
//! failure becomes `errSSLClosedAbort` while a record header is read. OpenSSL never sees a
//! transport failure (the BIO asks it to retry): it sends no alert for one, as Apple sends
//! none, and the session reports the code it was given.
//!
//! The records of one burst (a flight of the handshake, an `SSLWrite` of several records) wait
//! in the queue while the burst is made (`hold_writes`) and reach the transport in one write
//! callback call, up to [`BURST`] bytes at a time: fewer system calls on a socket, and no
//! Nagle stall between the records of one burst.
//!
//! On a datagram context each BIO write is one datagram: it goes to the write callback in one
//! call, and waits in the queue whole; each read callback call delivers one datagram.

use std::any::Any;
use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::marker::PhantomData;
use std::panic::{self, AssertUnwindSafe};
use std::ptr::{self, NonNull};
use std::sync::OnceLock;

use foreign_types::ForeignTypeRef;
use libc::{c_char, c_int, c_long, c_void};
use openssl::ssl::SslRef;
use openssl_sys as sys;

use super::records::{ReadCursor, WriteLog};
use crate::ffi;
use crate::status::*;

/// `SSLConnectionRef`: opaque to us, handed back to the callbacks unchanged.
pub type SslConnectionRef = *const c_void;
/// `SSLReadFunc`.
pub type SslReadFunc = unsafe extern "C" fn(
    connection: SslConnectionRef,
    data: *mut c_void,
    len: *mut usize,
) -> OSStatus;
/// `SSLWriteFunc`.
pub type SslWriteFunc = unsafe extern "C" fn(
    connection: SslConnectionRef,
    data: *const c_void,
    len: *mut usize,
) -> OSStatus;

/// What carries the session's bytes.
pub(crate) enum Transport {
    Unset,
    Callbacks {
        read: SslReadFunc,
        write: SslWriteFunc,
    },
    /// A Rust stream, lent anew for each call: the one lent for the call running now, if any.
    Stream(Option<LentStream>),
}

/// A Rust stream lent to the session for the length of one call: where it is, and the
/// functions that read and write a stream of its type. The session never owns a stream: the
/// call that lends one takes it back when it returns or unwinds (`Context::with_stream`),
/// so the pointer never outlives the borrow it came from.
#[derive(Clone, Copy)]
pub(crate) struct LentStream {
    stream: NonNull<()>,
    /// One table per stream type, so every idle session carries two words here, not four.
    functions: &'static StreamFunctions,
}

/// The functions that read, write and flush a stream of one type.
struct StreamFunctions {
    read: unsafe fn(NonNull<()>, &mut [u8]) -> io::Result<usize>,
    write: unsafe fn(NonNull<()>, &[u8]) -> io::Result<usize>,
    flush: unsafe fn(NonNull<()>) -> io::Result<()>,
}

/// Holds the [`StreamFunctions`] of `S`.
struct FunctionsOf<S>(PhantomData<S>);

impl<S: Read + Write> FunctionsOf<S> {
    const TABLE: StreamFunctions = StreamFunctions {
        read: read_as::<S>,
        write: write_as::<S>,
        flush: flush_as::<S>,
    };
}

impl LentStream {
    /// Points at `stream`; only the lending call may keep the result.
    pub(crate) fn new<S: Read + Write>(stream: &mut S) -> LentStream {
        LentStream {
            stream: NonNull::from(stream).cast(),
            functions: &FunctionsOf::<S>::TABLE,
        }
    }
}

/// Reads the lent `S`.
///
/// # Safety
///
/// `stream` points at a live `S` that nothing else uses during the call.
unsafe fn read_as<S: Read>(stream: NonNull<()>, buf: &mut [u8]) -> io::Result<usize> {
    // SAFETY: the caller's promise.
    unsafe { stream.cast::<S>().as_mut() }.read(buf)
}

/// Writes to the lent `S`.
///
/// # Safety
///
/// As for [`read_as`].
unsafe fn write_as<S: Write>(stream: NonNull<()>, buf: &[u8]) -> io::Result<usize> {
    // SAFETY: the caller's promise.
    unsafe { stream.cast::<S>().as_mut() }.write(buf)
}

/// Flushes the lent `S`.
///
/// # Safety
///
/// As for [`read_as`].
unsafe fn flush_as<S: Write>(stream: NonNull<()>) -> io::Result<()> {
    // SAFETY: the caller's promise.
    unsafe { stream.cast::<S>().as_mut() }.flush()
}

/// The most bytes of held records handed to the transport in one write: a burst longer than
/// this goes out in pieces of about this size while it is made, so the queue stays bounded
/// unless the transport stops taking bytes.
const BURST: usize = 64 * 1024;

/// A TLS record header: what OpenSSL reads first of every record (without read-ahead).
const RECORD_HEADER: usize = 5;

/// What a read from the transport produced, in the BIO's terms.
enum Received {
    Data(usize),
    WouldBlock,
    /// The transport failed (`Io::read_failure` says how).
    Failed,
}

/// The transport plus everything the BIO needs to remember between calls.
pub(crate) struct Io {
    pub transport: Transport,
    /// The `SSL` this BIO serves (null until the session sets it): whether it is in a
    /// handshake decides what a blocked write queue does to a read.
    pub ssl: *const sys::SSL,
    pub connection: SslConnectionRef,
    /// Encrypted bytes the transport has not taken yet, from `queue_start` on.
    queue: Vec<u8>,
    queue_start: usize,
    /// On a datagram context, the datagrams waiting, whole, instead of `queue`.
    #[allow(
        clippy::box_collection,
        reason = "a stream session, the common kind, carries one word for it instead of four"
    )]
    datagrams: Option<Box<VecDeque<Vec<u8>>>>,
    /// While set, records wait in the queue even when the transport could take them (up to
    /// [`BURST`] bytes): the records of one burst then reach the write callback in one call.
    pub hold_writes: bool,
    /// Bytes a read callback returned with `errSSLWouldBlock`, for the next read.
    held: Vec<u8>,
    /// Where the reader stands in the peer's records (stream contexts).
    cursor: ReadCursor,
    /// What we wrote (stream contexts).
    pub written: WriteLog,
    /// What the read side reports for the current call: a transport failure in Apple's terms,
    /// or a record the peer may not send.
    pub read_failure: Option<OSStatus>,
    /// The transport's failure on a write during the current call.
    pub write_failure: Option<OSStatus>,
    /// The transport had nothing to read during the current call.
    pub blocked: bool,
    /// The stream's own error, kept so the facade can return it as it was.
    pub stream_error: Option<io::Error>,
    /// A panic raised inside the stream, resumed on the caller's side. Boxed once more: a
    /// word in every session instead of two, for what nearly never happens.
    #[allow(
        clippy::redundant_allocation,
        reason = "a thin pointer to the panic's payload, itself a fat one"
    )]
    pub panic: Option<Box<Box<dyn Any + Send>>>,
}

impl Io {
    pub fn new(datagram: bool) -> Io {
        Io {
            transport: Transport::Unset,
            ssl: ptr::null(),
            connection: ptr::null(),
            queue: Vec::new(),
            queue_start: 0,
            datagrams: datagram.then(Box::default),
            hold_writes: false,
            held: Vec::new(),
            cursor: ReadCursor::default(),
            written: WriteLog::default(),
            read_failure: None,
            write_failure: None,
            blocked: false,
            stream_error: None,
            panic: None,
        }
    }

    /// Forgets what the transport reported during earlier calls, before a new one.
    pub fn forget_failures(&mut self) {
        self.read_failure = None;
        self.write_failure = None;
        self.blocked = false;
        self.stream_error = None;
    }

    /// Bytes waiting in the write queue.
    pub fn queued(&self) -> usize {
        match &self.datagrams {
            Some(datagrams) => datagrams.iter().map(Vec::len).sum(),
            None => self.queue.len() - self.queue_start,
        }
    }

    /// Hands queued bytes to the transport until it is empty, would block or fails.
    #[inline]
    pub fn flush(&mut self) -> OSStatus {
        // Every read and write starts with a flush, and the queue is nearly always empty.
        let idle = match &self.datagrams {
            Some(datagrams) => datagrams.is_empty(),
            None => self.queue.is_empty(),
        };
        if idle {
            return errSecSuccess;
        }
        self.flush_queue()
    }

    fn flush_queue(&mut self) -> OSStatus {
        if self.datagrams.is_some() {
            return self.flush_datagrams();
        }
        while self.queued() > 0 {
            let pending = std::mem::take(&mut self.queue);
            let (n, status) = self.transport_write(&pending[self.queue_start..]);
            self.queue = pending;
            self.queue_start += n;
            match status {
                errSecSuccess if n > 0 => {}
                errSecSuccess | errSSLWouldBlock => {
                    if self.queued() > 0 {
                        return errSSLWouldBlock;
                    }
                }
                failure => {
                    self.write_failure = Some(failure);
                    return failure;
                }
            }
        }
        self.queue_start = 0;
        if self.handshaking() {
            // A flight's room is not needed again soon: many handshakes in flight hold none.
            self.queue = Vec::new();
        } else {
            self.queue.clear();
        }
        errSecSuccess
    }

    /// Sends queued datagrams, oldest first, each in one write callback call.
    fn flush_datagrams(&mut self) -> OSStatus {
        while let Some(datagram) = self.datagrams.as_deref_mut().and_then(VecDeque::pop_front) {
            match self.send_datagram(&datagram) {
                errSecSuccess => {}
                errSSLWouldBlock => {
                    if let Some(queue) = self.datagrams.as_mut() {
                        queue.push_front(datagram);
                    }
                    return errSSLWouldBlock;
                }
                failure => return failure,
            }
        }
        errSecSuccess
    }

    /// One datagram to the transport: sent, would block (nothing taken), or failed. A
    /// callback that takes part of a datagram has sent a truncated one: it counts as sent.
    fn send_datagram(&mut self, datagram: &[u8]) -> OSStatus {
        let (n, status) = self.transport_write(datagram);
        match status {
            errSecSuccess | errSSLWouldBlock if n == 0 && !datagram.is_empty() => errSSLWouldBlock,
            errSecSuccess | errSSLWouldBlock => {
                if n < datagram.len() {
                    log::warn!(
                        "the write callback took {n} of a {}-byte datagram",
                        datagram.len()
                    );
                }
                errSecSuccess
            }
            failure => {
                self.write_failure = Some(failure);
                failure
            }
        }
    }

    /// Takes one record from OpenSSL: straight to the transport when nothing is queued,
    /// queued otherwise. Fails only when the transport reports an error.
    #[inline]
    fn accept(&mut self, mut data: &[u8]) -> bool {
        if self.datagrams.is_some() {
            return self.accept_datagram(data);
        }
        self.written.note(data);
        if self.queued() == 0 && !self.hold_writes {
            while !data.is_empty() {
                let (n, status) = self.transport_write(data);
                data = &data[n..];
                match status {
                    errSecSuccess if n > 0 => {}
                    errSecSuccess | errSSLWouldBlock => break,
                    failure => {
                        self.write_failure = Some(failure);
                        return false;
                    }
                }
            }
        }
        self.queue.extend_from_slice(data);
        if self.hold_writes && self.queued() >= BURST {
            // A failure is kept in `write_failure`, as for an unheld record.
            if !matches!(self.flush_queue(), errSecSuccess | errSSLWouldBlock) {
                return false;
            }
        }
        true
    }

    /// `accept` of a datagram: sent whole, or queued whole.
    fn accept_datagram(&mut self, data: &[u8]) -> bool {
        let status = if self.queued() == 0 {
            self.send_datagram(data)
        } else {
            errSSLWouldBlock
        };
        match status {
            errSecSuccess => {}
            errSSLWouldBlock => {
                if let Some(queue) = self.datagrams.as_mut() {
                    queue.push_back(data.to_vec());
                }
            }
            _ => return false,
        }
        true
    }

    fn receive(&mut self, buf: &mut [u8]) -> Received {
        // Apple's SSLHandshakeProceed services the write queue before it reads a record and
        // returns its errSSLWouldBlock (sslTransport.c): during a handshake the peer waits
        // for that flight, so waiting for the peer first would deadlock a blocking reader.
        // Afterwards a blocked queue does not stop a read (SSLRead).
        match self.flush() {
            errSecSuccess => {}
            errSSLWouldBlock if !self.handshaking() => {}
            errSSLWouldBlock => {
                self.blocked = true;
                return Received::WouldBlock;
            }
            _ => return Received::Failed,
        }
        if self.read_failure.is_some() || !self.held.is_empty() {
            return self.receive_held(buf);
        }
        match self.read_transport(buf) {
            Received::Data(n) => self.received(&buf[..n]),
            other => other,
        }
    }

    /// One read callback call (or stream read) into `buf`, in the BIO's terms; bytes read are
    /// not yet followed by the cursor. Inlined into `receive`, the path of every record (a
    /// call of its own cost each record about 60 instructions).
    #[inline(always)]
    fn read_transport(&mut self, buf: &mut [u8]) -> Received {
        let Some((n, status)) = self.transport_read(buf) else {
            self.read_failure = Some(errSecBadReq);
            return Received::Failed;
        };
        match status {
            errSecSuccess if n > 0 => Received::Data(n),
            // Apple counts what the callback said it read and reports errSSLWouldBlock; the
            // bytes are parsed on the next call (SSLRecordInternal.c: `amountRead += len`).
            errSecSuccess | errSSLWouldBlock => {
                self.held.extend_from_slice(&buf[..n]);
                self.blocked = true;
                Received::WouldBlock
            }
            // Bytes that came with a failure are dropped, as Apple drops them. In a header
            // the failure is errSSLClosedAbort ("any other error but errSSLWouldBlock"); in a
            // body it passes through.
            failure => {
                let at_header = self.datagrams.is_some() || self.cursor.in_header();
                self.read_failure = Some(if at_header {
                    errSSLClosedAbort
                } else {
                    failure
                });
                Received::Failed
            }
        }
    }

    /// For an idle session whose OpenSSL buffers were given back: reads the next record's
    /// header (what OpenSSL would read first) into the held bytes, so that a read finding
    /// nothing never has OpenSSL allocate a read buffer. `false` when nothing arrived (the
    /// read would block); `true` when OpenSSL should read: bytes are held, or the transport
    /// failed (the read reports it as it would have).
    #[cold]
    pub fn probe(&mut self) -> bool {
        if self.read_failure.is_some() || !self.held.is_empty() {
            return true;
        }
        let mut header = [0; RECORD_HEADER];
        match self.read_transport(&mut header) {
            Received::Data(n) => {
                self.held.extend_from_slice(&header[..n]);
                true
            }
            // Bytes that came with errSSLWouldBlock wait for the next call, as in `receive`.
            Received::WouldBlock => false,
            Received::Failed => true,
        }
    }

    /// Gives back the write queue's spare room, once the session is idle.
    pub fn release_buffers(&mut self) {
        if self.queued() == 0 && self.datagrams.is_none() {
            self.queue = Vec::new();
            self.queue_start = 0;
        }
    }

    /// `receive` after a verdict on this call's reads, or with bytes held from the last one.
    #[cold]
    fn receive_held(&mut self, buf: &mut [u8]) -> Received {
        if self.read_failure.is_some() {
            return Received::Failed;
        }
        let n = self.held.len().min(buf.len());
        buf[..n].copy_from_slice(&self.held[..n]);
        self.held.drain(..n);
        self.received(&buf[..n])
    }

    /// Hands `bytes` to OpenSSL, following the records they belong to: a header announcing
    /// more than Apple reads fails the next read with errSSLRecordOverflow (OpenSSL may reject
    /// the header first, for its own reason: the session reports Apple's).
    #[inline]
    fn received(&mut self, bytes: &[u8]) -> Received {
        if self.datagrams.is_none() && !self.cursor.advance(bytes) {
            self.read_failure = Some(errSSLRecordOverflow);
        }
        Received::Data(bytes.len())
    }

    /// The body length of the last record read (stream contexts).
    pub fn last_record_body(&self) -> usize {
        self.cursor.last_body()
    }

    /// Sends a record of our own making (through the write queue, as OpenSSL's go).
    pub fn write_record(&mut self, record: &[u8]) -> bool {
        self.accept(record)
    }

    /// Whether the `SSL` is in a handshake (the first one or a renegotiation).
    fn handshaking(&self) -> bool {
        // SAFETY: set by the session to its live SSL, which outlives this BIO's use; a
        // state read only.
        !self.ssl.is_null() && unsafe { ffi::SSL_in_init(self.ssl) } != 0
    }

    /// A read from the transport: bytes and status; `None` without one (no callbacks set,
    /// or no stream lent: between calls, a context taken out of its `SslStream` has none),
    /// which the read reports as errSecBadReq, not as a transport's failure.
    #[inline(always)]
    fn transport_read(&mut self, buf: &mut [u8]) -> Option<(usize, OSStatus)> {
        match &mut self.transport {
            Transport::Unset => None,
            Transport::Callbacks { read, .. } => {
                let mut len = buf.len();
                // SAFETY: the caller's callback gets a valid buffer of `len` bytes.
                let status = unsafe { read(self.connection, buf.as_mut_ptr().cast(), &mut len) };
                Some((len.min(buf.len()), status))
            }
            Transport::Stream(lent) => {
                let lent = (*lent)?;
                // SAFETY: a lent stream is live, and used by nothing else, while the call
                // that lent it runs; it is taken back before that call returns.
                let result = catch(&mut self.panic, || unsafe {
                    (lent.functions.read)(lent.stream, buf)
                });
                Some(stream_status(result, &mut self.stream_error))
            }
        }
    }

    fn transport_write(&mut self, buf: &[u8]) -> (usize, OSStatus) {
        match &mut self.transport {
            Transport::Unset => (0, errSecBadReq),
            Transport::Callbacks { write, .. } => {
                let mut len = buf.len();
                // SAFETY: the caller's callback gets a valid buffer of `len` bytes.
                let status = unsafe { write(self.connection, buf.as_ptr().cast(), &mut len) };
                (len.min(buf.len()), status)
            }
            Transport::Stream(lent) => {
                let Some(lent) = *lent else {
                    return (0, errSecBadReq);
                };
                // SAFETY: as for reads.
                let result = catch(&mut self.panic, || unsafe {
                    (lent.functions.write)(lent.stream, buf)
                });
                let (n, status) = stream_status(result, &mut self.stream_error);
                if status != errSecSuccess {
                    return (n, status);
                }
                // A buffered stream (a `BufWriter`) sends nothing until flushed, and the peer
                // may be waiting for these bytes: flushed after every write, as
                // security-framework does. The bytes are the stream's already: a failed
                // flush keeps `n`.
                // SAFETY: as for reads.
                let flushed = catch(&mut self.panic, || unsafe {
                    (lent.functions.flush)(lent.stream).map(|()| n)
                });
                (n, stream_status(flushed, &mut self.stream_error).1)
            }
        }
    }
}

/// Runs a stream call, keeping a panic for the caller instead of unwinding through OpenSSL.
/// Inlined, so that the stream's own read or write is too: the path of every record.
#[inline(always)]
#[allow(clippy::redundant_allocation, reason = "see `Io::panic`")]
fn catch<T>(
    slot: &mut Option<Box<Box<dyn Any + Send>>>,
    mut call: impl FnMut() -> io::Result<T>,
) -> Option<io::Result<T>> {
    match panic::catch_unwind(AssertUnwindSafe(|| loop {
        match call() {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    })) {
        Ok(result) => Some(result),
        Err(payload) => {
            *slot = Some(Box::new(payload));
            None
        }
    }
}

/// Apple's statuses for a Rust stream: `WouldBlock` → `errSSLWouldBlock`, EOF →
/// `errSSLClosedNoNotify`, any other error is kept and reported as `errSecIO`.
fn stream_status(
    result: Option<io::Result<usize>>,
    kept: &mut Option<io::Error>,
) -> (usize, OSStatus) {
    match result {
        Some(Ok(0)) => (0, errSSLClosedNoNotify),
        Some(Ok(n)) => (n, errSecSuccess),
        Some(Err(e)) if e.kind() == io::ErrorKind::WouldBlock => (0, errSSLWouldBlock),
        Some(Err(e)) => {
            *kept = Some(e);
            (0, errSecIO)
        }
        None => (0, errSecIO),
    }
}

/// A BIO whose data pointer is the session's `Io`.
pub(crate) fn new_bio(io: *mut Io) -> *mut sys::BIO {
    // SAFETY: the method lives for the whole process; `io` outlives the BIO (the context frees
    // the SSL, and with it the BIO, before the `Io`).
    unsafe {
        let bio = sys::BIO_new(method().0);
        if !bio.is_null() {
            sys::BIO_set_data(bio, io.cast());
            sys::BIO_set_init(bio, 1);
        }
        bio
    }
}

/// Our BIO method and its type number.
struct Method(*mut sys::BIO_METHOD, c_int);
// SAFETY: the method table is written once, then only read by OpenSSL.
unsafe impl Send for Method {}
// SAFETY: as for Send.
unsafe impl Sync for Method {}

fn method() -> &'static Method {
    static METHOD: OnceLock<Method> = OnceLock::new();
    METHOD.get_or_init(|| {
        // SAFETY: plain OpenSSL calls building a method table with our functions.
        unsafe {
            let kind = ffi::BIO_get_new_index() | ffi::BIO_TYPE_SOURCE_SINK;
            let m = sys::BIO_meth_new(kind, c"secure-transport".as_ptr());
            assert!(!m.is_null(), "BIO_meth_new failed");
            sys::BIO_meth_set_write__fixed_rust(m, Some(bio_write));
            sys::BIO_meth_set_read__fixed_rust(m, Some(bio_read));
            sys::BIO_meth_set_ctrl__fixed_rust(m, Some(bio_ctrl));
            Method(m, kind)
        }
    })
}

/// The `Io` behind `ssl`'s BIO, if that is one of ours.
pub(crate) fn io_behind(ssl: &SslRef) -> Option<NonNull<Io>> {
    // SAFETY: a live SSL; a BIO of our method holds the `Io` `new_bio` was given.
    unsafe {
        let bio = sys::SSL_get_rbio(ssl.as_ptr());
        if bio.is_null() || ffi::BIO_method_type(bio) != method().1 {
            return None;
        }
        NonNull::new(sys::BIO_get_data(bio).cast())
    }
}

/// The session's `Io` behind one of our BIOs.
///
/// # Safety
///
/// `bio` is a live BIO made by [`new_bio`], inside an OpenSSL call on its session, which
/// holds no other reference to the `Io` then.
unsafe fn io_of<'a>(bio: *mut sys::BIO) -> &'a mut Io {
    // SAFETY: the caller's promise; `new_bio` stored the `Io` as the BIO's data.
    unsafe { &mut *(sys::BIO_get_data(bio) as *mut Io) }
}

/// OpenSSL writes a record: it goes to the transport or the write queue.
///
/// # Safety
///
/// Called by OpenSSL with one of our BIOs and `len` readable bytes at `buf`.
unsafe extern "C" fn bio_write(bio: *mut sys::BIO, buf: *const c_char, len: c_int) -> c_int {
    // SAFETY: OpenSSL's promise above.
    unsafe {
        sys::BIO_clear_retry_flags(bio);
        let data = std::slice::from_raw_parts(buf.cast::<u8>(), len.max(0) as usize);
        if io_of(bio).accept(data) {
            len
        } else {
            -1
        }
    }
}

/// OpenSSL reads from the transport.
///
/// # Safety
///
/// Called by OpenSSL with one of our BIOs and `len` writable bytes at `buf`.
unsafe extern "C" fn bio_read(bio: *mut sys::BIO, buf: *mut c_char, len: c_int) -> c_int {
    // SAFETY: OpenSSL's promise above.
    unsafe {
        sys::BIO_clear_retry_flags(bio);
        let buf = std::slice::from_raw_parts_mut(buf.cast::<u8>(), len.max(0) as usize);
        match io_of(bio).receive(buf) {
            Received::Data(n) => n as c_int,
            // A failure too: OpenSSL stays able to go on (after a failure inside a record
            // body Apple's SSLRead leaves the session as it was) and sends no alert.
            Received::WouldBlock | Received::Failed => {
                sys::BIO_set_retry_read(bio);
                -1
            }
        }
    }
}

unsafe extern "C" fn bio_ctrl(
    _bio: *mut sys::BIO,
    cmd: c_int,
    _num: c_long,
    _ptr: *mut c_void,
) -> c_long {
    // Flushing is the engine's job (it knows when to report errSSLWouldBlock); OpenSSL only
    // needs to hear that the call is understood.
    c_long::from(cmd == sys::BIO_CTRL_FLUSH)
}
