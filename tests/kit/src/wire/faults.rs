//! What can go wrong on a wire end, decided call by call from a seeded [`Rng`].

use secure_transport::OSStatus;

use crate::rng::Rng;

/// How unkind an end's transport is. Percentages are per read or write call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Faults {
    /// Largest transfer per stream call.
    pub max_chunk: usize,
    /// Stream calls that move one byte only.
    pub one_byte: usize,
    /// Stream calls that move a random part (at least a byte) of what was asked.
    pub partial: usize,
    /// Calls that move nothing and report `errSSLWouldBlock`.
    pub would_block: usize,
    /// At most this many such stalls in all (a fuzz input must come to an end).
    pub max_stalls: usize,
    /// Datagrams written that never arrive.
    pub loss: usize,
    /// Datagrams written that arrive twice.
    pub duplicate: usize,
    /// Datagrams written that overtake others in flight.
    pub reorder: usize,
}

impl Faults {
    /// A kind transport.
    pub const NONE: Faults = Faults {
        max_chunk: usize::MAX,
        one_byte: 0,
        partial: 0,
        would_block: 0,
        max_stalls: usize::MAX,
        loss: 0,
        duplicate: 0,
        reorder: 0,
    };

    /// A stream that cuts, dribbles and stalls, the way non-blocking Mac callers see
    /// their sockets.
    pub const HARSH: Faults = Faults {
        max_chunk: 3000,
        one_byte: 15,
        would_block: 20,
        ..Faults::NONE
    };
}

/// A transport failure a test plans: the end moves `after` more bytes, then returns
/// `status` on that call and every later one.
#[derive(Clone, Copy, Debug)]
pub(super) struct Failure {
    pub after: usize,
    pub status: OSStatus,
}

impl Failure {
    /// How many of `n` stream bytes may move; `Some(status)` once the failure is due.
    pub fn limit(plan: &mut Option<Failure>, n: &mut usize) -> Option<OSStatus> {
        let failure = plan.as_mut()?;
        *n = (*n).min(failure.after);
        failure.after -= *n;
        (failure.after == 0).then_some(failure.status)
    }

    /// Whether a datagram of `len` bytes may move; `Some(status)` once the failure is due
    /// (nothing left, or not enough for the whole datagram).
    pub fn datagram(plan: &mut Option<Failure>, len: Option<usize>) -> Option<OSStatus> {
        let failure = plan.as_mut()?;
        match len {
            _ if failure.after == 0 => Some(failure.status),
            Some(len) if len > failure.after => Some(failure.status),
            Some(len) => {
                failure.after -= len;
                None
            }
            None => None,
        }
    }
}

/// An end's faults and plans.
pub(super) struct Trouble {
    faults: Faults,
    rng: Rng,
    stalls_left: usize,
    pub fail_read: Option<Failure>,
    pub fail_write: Option<Failure>,
    pub writes_blocked: bool,
    /// Every write, as it was made, when asked for.
    pub log: Option<Vec<Vec<u8>>>,
    /// Reads and writes made.
    pub calls: usize,
    /// Datagram bytes read.
    pub read: usize,
    /// Reads that found nothing queued.
    pub empty_reads: usize,
    /// Datagrams written that the network lost.
    pub lost: usize,
}

impl Default for Trouble {
    fn default() -> Trouble {
        Trouble {
            faults: Faults::NONE,
            rng: Rng::new(0),
            stalls_left: usize::MAX,
            fail_read: None,
            fail_write: None,
            writes_blocked: false,
            log: None,
            calls: 0,
            read: 0,
            empty_reads: 0,
            lost: 0,
        }
    }
}

impl Trouble {
    pub fn set_faults(&mut self, faults: Faults, seed: u64) {
        self.faults = faults;
        self.rng = Rng::new(seed);
        self.stalls_left = faults.max_stalls;
    }

    /// Nothing that a stream end would act on or record.
    pub fn is_none(&self) -> bool {
        let f = &self.faults;
        f.max_chunk == usize::MAX
            && f.one_byte == 0
            && f.partial == 0
            && f.would_block == 0
            && self.fail_read.is_none()
            && self.fail_write.is_none()
            && !self.writes_blocked
            && self.log.is_none()
    }

    /// Whether this call stalls with `errSSLWouldBlock`.
    pub fn stall(&mut self) -> bool {
        if self.stalls_left == 0 || !self.rng.chance(self.faults.would_block) {
            return false;
        }
        self.stalls_left -= 1;
        true
    }

    /// How much of `wanted` stream bytes this call moves at most.
    pub fn chunk(&mut self, wanted: usize) -> usize {
        let f = self.faults;
        let limit = if self.rng.chance(f.one_byte) {
            1
        } else if self.rng.chance(f.partial) {
            1 + self.rng.below(wanted)
        } else {
            f.max_chunk
        };
        limit.min(wanted)
    }

    /// Whether the datagram being written is lost.
    pub fn lose(&mut self) -> bool {
        self.rng.chance(self.faults.loss)
    }

    /// How many copies of the datagram being written arrive.
    pub fn copies(&mut self) -> usize {
        1 + usize::from(self.rng.chance(self.faults.duplicate))
    }

    /// Where in a queue of `in_flight` datagrams a copy lands: the back, unless it
    /// overtakes.
    pub fn place(&mut self, in_flight: usize) -> usize {
        if in_flight > 0 && self.rng.chance(self.faults.reorder) {
            self.rng.below(in_flight)
        } else {
            in_flight
        }
    }
}
