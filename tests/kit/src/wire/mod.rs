//! The in-memory wire: two queues, one per direction, between two [`End`]s that one thread
//! drives in turn (no sockets, no scheduling). An end serves as the `SSLConnectionRef` of
//! Apple-style C callbacks ([`read_cb`], [`write_cb`]) and as a Rust `Read + Write` stream,
//! with the same copies either way.
//!
//! In [`Mode::Stream`] the queues hold bytes; in [`Mode::Datagram`] each write is one
//! datagram and each read returns one (cut to the buffer, as `recv` does). Trouble is
//! opt-in, per end: seeded [`Faults`] (short and one-byte transfers, `errSSLWouldBlock`
//! stalls; lost, duplicated and reordered datagrams), planned failures
//! ([`End::fail_read`], [`End::fail_write`]), blocked writes, hang-ups and raw peer bytes
//! ([`End::inject`]). An untroubled stream end takes a path that looks at none of it: the
//! benchmarks run over that path.

mod faults;
mod io;

use std::cell::{Cell, RefCell, RefMut};
use std::collections::VecDeque;
use std::fmt;
use std::rc::Rc;

use secure_transport::engine::SslConnectionRef;
use secure_transport::OSStatus;

pub use faults::Faults;
pub use io::{read_cb, write_cb};

use faults::{Failure, Trouble};

/// What the wire carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A byte stream (TLS).
    Stream,
    /// Datagrams (DTLS): one per write, one per read.
    Datagram,
}

/// One direction of the wire.
#[derive(Default)]
struct Link {
    /// Stream mode.
    bytes: VecDeque<u8>,
    /// Datagram mode.
    datagrams: VecDeque<Vec<u8>>,
    /// Set when the writer hung up: reads past what is queued report this status.
    eof: Option<OSStatus>,
    /// Bytes the writer wrote (datagrams once each, lost ones included).
    written: usize,
    /// Stream bytes put on by [`End::inject`] and taken off by [`End::take_output`]: with
    /// `written` and what is queued, they give the bytes the reader read, which the
    /// untroubled read path therefore need not count.
    injected: usize,
    taken: usize,
}

/// What an end has done so far. Calls and empty reads are counted on the troubled path
/// only (faults, plans, a write log, or datagrams): the untroubled one counts nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Reads and writes made through the end while it had trouble.
    pub calls: usize,
    /// Bytes read.
    pub bytes_read: usize,
    /// Bytes written (datagrams the network lost included).
    pub bytes_written: usize,
    /// Reads, while the end had trouble, that found nothing queued (stalls not counted).
    pub empty_reads: usize,
    /// Datagrams written that the network lost.
    pub lost: usize,
}

/// One end of a wire. All of it is reached through `&self` (the state is in cells), so the
/// raw [`End::connection`] a context holds and the test's own reference may coexist.
/// Single-threaded: both ends live on the thread that drives them.
pub struct End {
    rx: Rc<RefCell<Link>>,
    tx: Rc<RefCell<Link>>,
    mode: Mode,
    /// A stream end with no faults, failures, blocked writes or write log: the
    /// benchmarks' path, which looks at nothing else.
    plain: Cell<bool>,
    /// Faults, plans, the write log and the troubled path's counters; made on first use,
    /// so that an untroubled end stays small (the memory benchmark weighs it).
    trouble: RefCell<Option<Box<Trouble>>>,
}

/// A fresh wire: (client end, server end), untroubled.
pub fn pair(mode: Mode) -> (End, End) {
    let (up, down) = (Rc::default(), Rc::default());
    let end = |rx: &Rc<RefCell<Link>>, tx: &Rc<RefCell<Link>>| End {
        rx: Rc::clone(rx),
        tx: Rc::clone(tx),
        mode,
        plain: Cell::new(mode == Mode::Stream),
        trouble: RefCell::default(),
    };
    (end(&down, &up), end(&up, &down))
}

impl End {
    /// What the wire carries.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// This end as the connection its callbacks receive. The end must stay where it is
    /// (boxed) while a context holds the connection.
    pub fn connection(&self) -> SslConnectionRef {
        (self as *const End).cast()
    }

    /// Makes every later read and write of this end meet `faults`, drawn from `seed`.
    pub fn set_faults(&self, faults: Faults, seed: u64) {
        self.trouble().set_faults(faults, seed);
        self.update_plain();
    }

    /// Reads move `after` more bytes, then fail with `status` from then on (an error, or an
    /// EOF status: the peer vanished). Datagrams move whole or not at all: the failure
    /// comes with the first one that does not fit in what is left.
    pub fn fail_read(&self, after: usize, status: OSStatus) {
        self.trouble().fail_read = Some(Failure { after, status });
        self.update_plain();
    }

    /// Writes move `after` more bytes, then fail with `status` from then on; datagrams as
    /// for [`End::fail_read`].
    pub fn fail_write(&self, after: usize, status: OSStatus) {
        self.trouble().fail_write = Some(Failure { after, status });
        self.update_plain();
    }

    /// While set, writes take nothing and report `errSSLWouldBlock`.
    pub fn block_writes(&self, blocked: bool) {
        self.trouble().writes_blocked = blocked;
        self.update_plain();
    }

    /// Keeps a copy of every write from now on, for [`End::writes`].
    pub fn record_writes(&self) {
        self.trouble().log.get_or_insert_with(Vec::new);
        self.update_plain();
    }

    /// The writes recorded since [`End::record_writes`], each as it was made (a datagram,
    /// or the bytes one stream write moved), the ones the network lost included.
    pub fn writes(&self) -> Vec<Vec<u8>> {
        let trouble = self.trouble.borrow();
        trouble
            .as_ref()
            .and_then(|t| t.log.clone())
            .unwrap_or_default()
    }

    /// Hangs up towards the peer: once it has read what is queued, its reads report
    /// `status` (an EOF status such as `errSSLClosedGraceful`, or an error).
    pub fn hang_up(&self, status: OSStatus) {
        self.tx.borrow_mut().eof = Some(status);
    }

    /// Puts `bytes` on the wire towards this end, as if the peer had sent them: stream
    /// bytes, or one datagram.
    pub fn inject(&self, bytes: &[u8]) {
        let mut rx = self.rx.borrow_mut();
        match self.mode {
            Mode::Stream => {
                rx.bytes.extend(bytes);
                rx.injected += bytes.len();
            }
            Mode::Datagram => rx.datagrams.push_back(bytes.to_vec()),
        }
    }

    /// Flips the bits of `mask` in the queued stream byte at `at` (0: the next one read).
    pub fn flip_incoming(&self, at: usize, mask: u8) {
        self.rx.borrow_mut().bytes[at] ^= mask;
    }

    /// Whether `other` is the far end of this end's wire (tests that streams stay put).
    pub fn is_peer_of(&self, other: &End) -> bool {
        Rc::ptr_eq(&self.tx, &other.rx) && Rc::ptr_eq(&self.rx, &other.tx)
    }

    /// What waits for this end to read: bytes (stream) or datagrams.
    pub fn queued(&self) -> usize {
        let rx = self.rx.borrow();
        match self.mode {
            Mode::Stream => rx.bytes.len(),
            Mode::Datagram => rx.datagrams.len(),
        }
    }

    /// Takes off the wire what this end wrote and the peer has not read: the datagrams, or
    /// the stream bytes as one entry (none if nothing waits). For an end whose peer is
    /// played by hand.
    pub fn take_output(&self) -> Vec<Vec<u8>> {
        let mut tx = self.tx.borrow_mut();
        match self.mode {
            Mode::Stream if tx.bytes.is_empty() => Vec::new(),
            Mode::Stream => {
                tx.taken += tx.bytes.len();
                vec![tx.bytes.drain(..).collect()]
            }
            Mode::Datagram => tx.datagrams.drain(..).collect(),
        }
    }

    /// What this end has done so far.
    pub fn stats(&self) -> Stats {
        let (rx, tx) = (self.rx.borrow(), self.tx.borrow());
        let trouble = self.trouble.borrow();
        let t = trouble.as_deref();
        let count = |f: fn(&Trouble) -> usize| t.map_or(0, f);
        Stats {
            calls: count(|t| t.calls),
            bytes_read: match self.mode {
                Mode::Stream => rx.written + rx.injected - rx.taken - rx.bytes.len(),
                Mode::Datagram => count(|t| t.read),
            },
            bytes_written: tx.written,
            empty_reads: count(|t| t.empty_reads),
            lost: count(|t| t.lost),
        }
    }

    /// Gives back the queues' spare capacity, so that a memory count weighs the contexts.
    pub fn trim(&self) {
        for link in [&self.rx, &self.tx] {
            let mut link = link.borrow_mut();
            link.bytes.shrink_to_fit();
            link.datagrams.shrink_to_fit();
        }
    }

    /// This end's trouble, made on first use.
    fn trouble(&self) -> RefMut<'_, Trouble> {
        RefMut::map(self.trouble.borrow_mut(), |t| {
            &mut **t.get_or_insert_with(Box::default)
        })
    }

    fn update_plain(&self) {
        let untroubled = self.trouble.borrow().as_ref().is_none_or(|t| t.is_none());
        self.plain.set(self.mode == Mode::Stream && untroubled);
    }
}

impl fmt::Debug for End {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("End")
            .field("mode", &self.mode)
            .field("queued", &self.queued())
            .field("stats", &self.stats())
            .finish()
    }
}

#[cfg(test)]
mod tests;
