//! The transport every implementation runs over: two in-memory queues, one per direction,
//! both peers driven in turn by one thread (no scheduling noise, no sockets). The same `End`
//! serves as a Rust stream (the facade, the openssl crate) and as the `SSLConnectionRef` of
//! Apple-style C callbacks (the engine, the C ABI), with the same copies either way.
//!
//! Not `tests/support/pipe.rs`: that one injects seeded faults on every call, which a
//! benchmark must not pay, and has no Rust-stream side.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::fmt;
use std::io::{self, ErrorKind, Read, Write};
use std::ptr;
use std::rc::Rc;

use libc::c_void;
use secure_transport::engine::SslConnectionRef;
use secure_transport::status::{errSSLWouldBlock, errSecSuccess};
use secure_transport::OSStatus;

type Queue = Rc<RefCell<VecDeque<u8>>>;

/// One end of the duplex pipe: reads `WouldBlock` when nothing is queued.
pub struct End {
    rx: Queue,
    tx: Queue,
    /// Bytes this end has written (to report the size of a handshake).
    written: Cell<usize>,
}

/// A fresh duplex pipe: (client end, server end).
pub fn pipe() -> (End, End) {
    let (up, down) = (Queue::default(), Queue::default());
    let end = |rx: &Queue, tx: &Queue| End {
        rx: rx.clone(),
        tx: tx.clone(),
        written: Cell::new(0),
    };
    (end(&down, &up), end(&up, &down))
}

impl End {
    pub fn written(&self) -> usize {
        self.written.get()
    }

    /// Gives back the queues' spare capacity, so that a memory count weighs the contexts.
    pub fn trim(&self) {
        self.rx.borrow_mut().shrink_to_fit();
        self.tx.borrow_mut().shrink_to_fit();
    }

    /// This end as the connection its callbacks receive. The end must stay where it is (boxed)
    /// while a context holds it.
    pub fn connection(&self) -> SslConnectionRef {
        self as *const End as SslConnectionRef
    }

    /// Moves up to `len` queued bytes to `dst`; returns how many.
    ///
    /// # Safety
    /// `dst` must be valid for writes of `len` bytes (it may be uninitialised).
    unsafe fn pop(&self, dst: *mut u8, len: usize) -> usize {
        let mut queue = self.rx.borrow_mut();
        let (front, back) = queue.as_slices();
        let n1 = front.len().min(len);
        ptr::copy_nonoverlapping(front.as_ptr(), dst, n1);
        let n2 = back.len().min(len - n1);
        ptr::copy_nonoverlapping(back.as_ptr(), dst.add(n1), n2);
        queue.drain(..n1 + n2);
        n1 + n2
    }

    fn push(&self, bytes: &[u8]) {
        self.tx.borrow_mut().extend(bytes);
        self.written.set(self.written.get() + bytes.len());
    }
}

impl Read for End {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // SAFETY: `buf` is valid for `buf.len()` bytes.
        match unsafe { self.pop(buf.as_mut_ptr(), buf.len()) } {
            0 if !buf.is_empty() => Err(ErrorKind::WouldBlock.into()),
            n => Ok(n),
        }
    }
}

impl Write for End {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.push(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl fmt::Debug for End {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("End")
            .field("rx_queued", &self.rx.borrow().len())
            .field("tx_queued", &self.tx.borrow().len())
            .finish()
    }
}

/// `SSLReadFunc`: Apple's contract, a short read reports `errSSLWouldBlock`.
///
/// # Safety
/// `conn` is an `End`'s [`End::connection`]; `data` is valid for `*len` bytes.
pub unsafe extern "C" fn read(
    conn: SslConnectionRef,
    data: *mut c_void,
    len: *mut usize,
) -> OSStatus {
    let end = &*(conn as *const End);
    let wanted = *len;
    *len = end.pop(data.cast(), wanted);
    if *len < wanted {
        errSSLWouldBlock
    } else {
        errSecSuccess
    }
}

/// `SSLWriteFunc`: takes everything.
///
/// # Safety
/// `conn` is an `End`'s [`End::connection`]; `data` is valid for `*len` bytes.
pub unsafe extern "C" fn write(
    conn: SslConnectionRef,
    data: *const c_void,
    len: *mut usize,
) -> OSStatus {
    let end = &*(conn as *const End);
    end.push(std::slice::from_raw_parts(data.cast::<u8>(), *len));
    errSecSuccess
}
