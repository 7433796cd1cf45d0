//! Reads and writes of an [`End`], and the two ways in: Apple-style C callbacks and Rust's
//! `Read`/`Write`. Both report what Apple's callback contract says: bytes moved, and
//! `errSecSuccess` only when all of them moved.

// Apple's status names, matched as they are.
#![allow(non_upper_case_globals)]

use std::collections::VecDeque;
use std::io::{self, ErrorKind, Read, Write};
use std::ptr;

use libc::c_void;
use secure_transport::engine::SslConnectionRef;
use secure_transport::status::{
    errSSLClosedGraceful, errSSLClosedNoNotify, errSSLWouldBlock, errSecSuccess,
};
use secure_transport::OSStatus;

use super::faults::Failure;
use super::{End, Mode};

/// Moves up to `len` bytes from the front of `queue` to `dst`; returns how many.
///
/// # Safety
/// `dst` is valid for writes of `len` bytes (it may be uninitialised).
unsafe fn pop(queue: &mut VecDeque<u8>, dst: *mut u8, len: usize) -> usize {
    let (front, back) = queue.as_slices();
    let n1 = front.len().min(len);
    let n2 = back.len().min(len - n1);
    // SAFETY: `dst` has room for `len` >= n1 + n2 bytes; the slices hold n1 and n2.
    unsafe {
        ptr::copy_nonoverlapping(front.as_ptr(), dst, n1);
        ptr::copy_nonoverlapping(back.as_ptr(), dst.add(n1), n2);
    }
    queue.drain(..n1 + n2);
    n1 + n2
}

impl End {
    /// The untroubled read: up to `len` queued bytes to `dst`; how many. Counts nothing (see
    /// `Link::injected`) and leaves the status to the caller ([`End::short_read`]), as the
    /// benchmarks' own pipe did: all the wire adds on their path is a flag test.
    ///
    /// # Safety
    /// `dst` is valid for writes of `len` bytes.
    unsafe fn pop_plain(&self, dst: *mut u8, len: usize) -> usize {
        // SAFETY: the caller's contract.
        unsafe { pop(&mut self.rx.borrow_mut().bytes, dst, len) }
    }

    /// The status of an untroubled read that moved fewer bytes than asked: EOF once the
    /// peer hung up and everything is read, else `errSSLWouldBlock`.
    #[inline]
    fn short_read(&self) -> OSStatus {
        let rx = self.rx.borrow();
        match rx.eof {
            Some(status) if rx.bytes.is_empty() => status,
            _ => errSSLWouldBlock,
        }
    }

    /// The untroubled write: all of `data` onto the wire.
    #[inline]
    fn push_plain(&self, data: &[u8]) {
        let mut tx = self.tx.borrow_mut();
        tx.bytes.extend(data);
        tx.written += data.len();
    }

    /// A read with faults, planned failures or datagrams: up to `wanted` bytes (or one
    /// datagram) to `dst`, how many, and the status.
    ///
    /// # Safety
    /// `dst` is valid for writes of `wanted` bytes.
    #[cold]
    #[inline(never)]
    unsafe fn read_troubled(&self, dst: *mut u8, wanted: usize) -> (usize, OSStatus) {
        let mut trouble = self.trouble();
        trouble.calls += 1;
        if trouble.stall() {
            return (0, errSSLWouldBlock);
        }
        let mut rx = self.rx.borrow_mut();
        let (n, failed) = match self.mode {
            Mode::Stream => {
                let mut n = trouble.chunk(wanted).min(rx.bytes.len());
                let failed = Failure::limit(&mut trouble.fail_read, &mut n);
                // SAFETY: the caller's contract; n <= wanted.
                (unsafe { pop(&mut rx.bytes, dst, n) }, failed)
            }
            Mode::Datagram => {
                let next = rx.datagrams.front().map(Vec::len);
                match Failure::datagram(&mut trouble.fail_read, next) {
                    Some(status) => (0, Some(status)),
                    None => match rx.datagrams.pop_front() {
                        // A datagram longer than the buffer is cut, as recv() does.
                        Some(datagram) => {
                            let n = datagram.len().min(wanted);
                            // SAFETY: the caller's contract; n <= wanted.
                            unsafe { ptr::copy_nonoverlapping(datagram.as_ptr(), dst, n) };
                            trouble.read += n;
                            return (n, errSecSuccess);
                        }
                        None => (0, None),
                    },
                }
            }
        };
        let drained = rx.bytes.is_empty() && rx.datagrams.is_empty();
        if n == 0 && drained && failed.is_none() {
            trouble.empty_reads += 1;
        }
        match (failed, rx.eof) {
            (Some(status), _) => (n, status),
            _ if n == wanted && self.mode == Mode::Stream => (n, errSecSuccess),
            (None, Some(status)) if drained => (n, status),
            _ => (n, errSSLWouldBlock),
        }
    }

    /// A write with faults, planned failures, blocked writes, a write log or datagrams:
    /// how much of `data` it took (a datagram: all or nothing), and the status.
    #[cold]
    #[inline(never)]
    fn write_troubled(&self, data: &[u8]) -> (usize, OSStatus) {
        let mut trouble = self.trouble();
        trouble.calls += 1;
        if trouble.writes_blocked || trouble.stall() {
            return (0, errSSLWouldBlock);
        }
        let mut tx = self.tx.borrow_mut();
        let (n, failed) = match self.mode {
            Mode::Stream => {
                let mut n = trouble.chunk(data.len());
                let failed = Failure::limit(&mut trouble.fail_write, &mut n);
                tx.bytes.extend(&data[..n]);
                (n, failed)
            }
            Mode::Datagram => {
                if let Some(status) = Failure::datagram(&mut trouble.fail_write, Some(data.len())) {
                    return (0, status);
                }
                if trouble.lose() {
                    trouble.lost += 1;
                } else {
                    for _ in 0..trouble.copies() {
                        let at = trouble.place(tx.datagrams.len());
                        tx.datagrams.insert(at, data.to_vec());
                    }
                }
                (data.len(), None)
            }
        };
        if let Some(log) = trouble.log.as_mut() {
            log.push(data[..n].to_vec());
        }
        tx.written += n;
        match failed {
            Some(status) => (n, status),
            None if n == data.len() => (n, errSecSuccess),
            None => (n, errSSLWouldBlock),
        }
    }
}

/// `SSLReadFunc` of a wire [`End`].
///
/// # Safety
/// `connection` is the [`End::connection`] of a live end; `data` is valid for writes of
/// `*len` bytes.
pub unsafe extern "C" fn read_cb(
    connection: SslConnectionRef,
    data: *mut c_void,
    len: *mut usize,
) -> OSStatus {
    // SAFETY: the caller's contract: `len` is valid, `connection` a live end whose state is
    // in cells (a shared reference is all it takes), `data` has room for `*len` bytes.
    unsafe {
        let end = &*connection.cast::<End>();
        let wanted = *len;
        if !end.plain.get() {
            let (n, status) = end.read_troubled(data.cast(), wanted);
            *len = n;
            return status;
        }
        let n = end.pop_plain(data.cast(), wanted);
        *len = n;
        if n == wanted {
            errSecSuccess
        } else {
            end.short_read()
        }
    }
}

/// `SSLWriteFunc` of a wire [`End`].
///
/// # Safety
/// `connection` is the [`End::connection`] of a live end; `data` is valid for reads of
/// `*len` bytes.
pub unsafe extern "C" fn write_cb(
    connection: SslConnectionRef,
    data: *const c_void,
    len: *mut usize,
) -> OSStatus {
    // SAFETY: as in `read_cb`, with `data` holding `*len` bytes.
    unsafe {
        let end = &*connection.cast::<End>();
        let data = std::slice::from_raw_parts(data.cast::<u8>(), *len);
        if !end.plain.get() {
            let (n, status) = end.write_troubled(data);
            *len = n;
            return status;
        }
        end.push_plain(data);
        errSecSuccess
    }
}

impl End {
    /// [`Read::read`] off the untroubled path.
    #[cold]
    #[inline(never)]
    fn read_troubled_io(&self, buf: &mut [u8]) -> io::Result<usize> {
        // SAFETY: `buf` is valid for its length.
        match unsafe { self.read_troubled(buf.as_mut_ptr(), buf.len()) } {
            (n, _) if n > 0 || buf.is_empty() => Ok(n),
            (_, status) => nothing_moved(status),
        }
    }

    /// [`Write::write`] off the untroubled path.
    #[cold]
    #[inline(never)]
    fn write_troubled_io(&self, buf: &[u8]) -> io::Result<usize> {
        match self.write_troubled(buf) {
            (n, _) if n > 0 || buf.is_empty() => Ok(n),
            (_, status) => nothing_moved(status),
        }
    }
}

/// A callback status for a Rust stream that moved nothing: EOF is `Ok(0)`.
fn nothing_moved(status: OSStatus) -> io::Result<usize> {
    match status {
        errSSLWouldBlock => Err(ErrorKind::WouldBlock.into()),
        errSSLClosedGraceful | errSSLClosedNoNotify => Ok(0),
        other => Err(io::Error::other(format!(
            "the wire failed: OSStatus {other}"
        ))),
    }
}

// Inlined across crates, as a stream of the benchmarks' own crate would be; the troubled
// paths are out of line.
impl Read for End {
    #[inline]
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.plain.get() {
            return self.read_troubled_io(buf);
        }
        // SAFETY: `buf` is valid for its length.
        match unsafe { self.pop_plain(buf.as_mut_ptr(), buf.len()) } {
            0 if !buf.is_empty() => match self.short_read() {
                errSSLWouldBlock => Err(ErrorKind::WouldBlock.into()),
                status => nothing_moved(status),
            },
            n => Ok(n),
        }
    }
}

impl Write for End {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.plain.get() {
            return self.write_troubled_io(buf);
        }
        self.push_plain(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
