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
    errSSLClosedGraceful, errSSLClosedNoNotify, errSSLWouldBlock, errSecIO, errSecSuccess,
};
use secure_transport::OSStatus;

use super::faults::Failure;
use super::{End, Link, Mode};

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
    fn add(counter: &std::cell::Cell<usize>, n: usize) {
        counter.set(counter.get() + n);
    }

    /// Moves up to `wanted` incoming bytes (or one datagram) to `dst`: how many, and the
    /// status of a read callback. The untroubled path is inlined into the callers; the
    /// rest is out of line, so that the benchmarks' path pays for none of it.
    ///
    /// # Safety
    /// `dst` is valid for writes of `wanted` bytes.
    #[inline]
    unsafe fn read_raw(&self, dst: *mut u8, wanted: usize) -> (usize, OSStatus) {
        End::add(&self.counts.calls, 1);
        if !self.plain.get() {
            // SAFETY: the caller's contract.
            return unsafe { self.read_troubled(dst, wanted) };
        }
        let mut rx = self.rx.borrow_mut();
        // SAFETY: the caller's contract.
        let n = unsafe { pop(&mut rx.bytes, dst, wanted) };
        End::add(&self.counts.read, n);
        if n == wanted {
            (n, errSecSuccess)
        } else {
            (n, self.short_read(&rx, n))
        }
    }

    /// [`End::read_raw`] with faults, planned failures or datagrams.
    ///
    /// # Safety
    /// As [`End::read_raw`].
    #[inline(never)]
    unsafe fn read_troubled(&self, dst: *mut u8, wanted: usize) -> (usize, OSStatus) {
        let mut trouble = self.trouble();
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
                            End::add(&self.counts.read, n);
                            return (n, errSecSuccess);
                        }
                        None => (0, None),
                    },
                }
            }
        };
        End::add(&self.counts.read, n);
        match failed {
            Some(status) => (n, status),
            None if n == wanted && self.mode == Mode::Stream => (n, errSecSuccess),
            None => (n, self.short_read(&rx, n)),
        }
    }

    /// The status of a read that moved `n` bytes, fewer than asked: EOF once the peer hung
    /// up and everything is read, else `errSSLWouldBlock`.
    #[inline(never)]
    fn short_read(&self, rx: &Link, n: usize) -> OSStatus {
        let drained = rx.bytes.is_empty() && rx.datagrams.is_empty();
        if n == 0 && drained {
            End::add(&self.counts.empty_reads, 1);
        }
        match rx.eof {
            Some(status) if drained => status,
            _ => errSSLWouldBlock,
        }
    }

    /// Writes what it may of `data` (a datagram: all of it or nothing): how much, and the
    /// status of a write callback. Inlined and out of line as [`End::read_raw`].
    #[inline]
    fn write_raw(&self, data: &[u8]) -> (usize, OSStatus) {
        End::add(&self.counts.calls, 1);
        if !self.plain.get() {
            return self.write_troubled(data);
        }
        self.tx.borrow_mut().bytes.extend(data);
        End::add(&self.counts.written, data.len());
        (data.len(), errSecSuccess)
    }

    /// [`End::write_raw`] with faults, planned failures, blocked writes, a write log or
    /// datagrams.
    #[inline(never)]
    fn write_troubled(&self, data: &[u8]) -> (usize, OSStatus) {
        let mut trouble = self.trouble();
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
        End::add(&self.counts.written, n);
        match failed {
            Some(status) => (n, status),
            None if n == data.len() => (n, errSecSuccess),
            None => (n, errSSLWouldBlock),
        }
    }
}

/// `SSLReadFunc` of a wire [`End`]. A NULL connection is a broken transport (`errSecIO`).
///
/// # Safety
/// `connection` is NULL or the [`End::connection`] of a live end; `data` is valid for
/// writes of `*len` bytes.
pub unsafe extern "C" fn read_cb(
    connection: SslConnectionRef,
    data: *mut c_void,
    len: *mut usize,
) -> OSStatus {
    // SAFETY: the caller's contract: `len` is valid, `connection` NULL or a live end, and
    // the end's state is in cells, so a shared reference is all it takes.
    let (end, wanted) = unsafe { (connection.cast::<End>().as_ref(), *len) };
    let (n, status) = match end {
        // SAFETY: `data` has room for `wanted` bytes.
        Some(end) => unsafe { end.read_raw(data.cast(), wanted) },
        None => (0, errSecIO),
    };
    // SAFETY: as above.
    unsafe { *len = n };
    status
}

/// `SSLWriteFunc` of a wire [`End`]. A NULL connection is a broken transport (`errSecIO`).
///
/// # Safety
/// `connection` is NULL or the [`End::connection`] of a live end; `data` is valid for
/// reads of `*len` bytes.
pub unsafe extern "C" fn write_cb(
    connection: SslConnectionRef,
    data: *const c_void,
    len: *mut usize,
) -> OSStatus {
    // SAFETY: as in `read_cb`, with `data` holding `*len` bytes.
    let (end, data) = unsafe {
        (
            connection.cast::<End>().as_ref(),
            std::slice::from_raw_parts(data.cast::<u8>(), *len),
        )
    };
    let (n, status) = match end {
        Some(end) => end.write_raw(data),
        None => (0, errSecIO),
    };
    // SAFETY: as above.
    unsafe { *len = n };
    status
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

impl Read for End {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // SAFETY: `buf` is valid for its length.
        match unsafe { self.read_raw(buf.as_mut_ptr(), buf.len()) } {
            (n, _) if n > 0 || buf.is_empty() => Ok(n),
            (_, status) => nothing_moved(status),
        }
    }
}

impl Write for End {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.write_raw(buf) {
            (n, _) if n > 0 || buf.is_empty() => Ok(n),
            (_, status) => nothing_moved(status),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
