//! The slab every object but the constants lives in: slots that are never freed, each with
//! one atomic word — the state — that says which object holds it (its generation), how many
//! references the object has, and whether a caller is using it exclusively.
//!
//! Taking a reference is one compare-and-swap on the state, which fails on a stale
//! generation or a count of zero, so a reference is never taken to a released object and
//! the slot is never reused under a holder. The last release moves the generation on before
//! the value is dropped and the slot reused: every reference made for the old object is
//! refused from then on. While a caller uses an object exclusively (a session context during
//! `SSLHandshake`), its last release only marks it released: the caller drops it on leaving,
//! so a callback that releases its own context never pulls it from under the call.

use std::any::Any;
use std::cell::UnsafeCell;
use std::ptr::{self, NonNull};
use std::sync::atomic::{AtomicPtr, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use crate::cf::runtime::class::Class;
use crate::cf::runtime::handle::{Handle, SLOTS};

/// An object: its class and its value.
pub struct Object {
    /// The class its value belongs to.
    pub class: &'static Class,
    /// The value, of the class's Rust type.
    pub value: Box<dyn Any + Send + Sync>,
}

/// Why a caller could not use an object exclusively.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No live object: released, or never made.
    NotLive,
    /// Another caller is using it.
    Busy,
}

/// The count of an object that is never released (`CFSTR` strings).
pub const IMMORTAL: u64 = COUNT_MASK;

/// The state word: the generation in the high half, then the busy flag, then the count.
#[derive(Clone, Copy)]
struct State(u64);

const BUSY: u64 = 1 << 31;
const COUNT_MASK: u64 = BUSY - 1;

impl State {
    fn new(generation: u32, count: u64) -> State {
        State(u64::from(generation) << 32 | count)
    }

    fn generation(self) -> u32 {
        (self.0 >> 32) as u32
    }

    fn count(self) -> u64 {
        self.0 & COUNT_MASK
    }

    fn busy(self) -> bool {
        self.0 & BUSY != 0
    }

    /// Whether the state is that of a live object made with `generation`.
    fn holds(self, generation: u32) -> bool {
        self.generation() == generation && self.count() > 0
    }
}

struct Slot {
    state: AtomicU64,
    object: UnsafeCell<Option<Object>>,
}

// SAFETY: `object` is written only by a slot's sole owner — the allocator of a free slot
// before it publishes the state, the taker of the last reference after it moved the
// generation on — and read only by holders of a reference, which the state's acquire and
// release orderings put after the write and before the take.
unsafe impl Sync for Slot {}

impl Slot {
    fn free() -> Slot {
        Slot {
            state: AtomicU64::new(0),
            object: UnsafeCell::new(None),
        }
    }

    /// The object of a slot the caller holds a reference to.
    fn object(&self) -> NonNull<Object> {
        // SAFETY: a held object stays in its slot until its last reference goes.
        let object = unsafe { (*self.object.get()).as_ref() };
        NonNull::from(object.expect("a referenced slot holds an object"))
    }
}

/// Slots come in segments allocated as needed, each twice the size of the one before, so
/// a slot never moves and the first segments are small.
const FIRST_SEGMENT: usize = 256;
const SEGMENTS: usize = (SLOTS / FIRST_SEGMENT + 1).ilog2() as usize + 1;

static SEGMENT_STARTS: [AtomicPtr<Slot>; SEGMENTS] =
    [const { AtomicPtr::new(ptr::null_mut()) }; SEGMENTS];

/// The segment of slot `index`, and the slot's place in it.
fn locate(index: usize) -> (usize, usize) {
    let segment = (index / FIRST_SEGMENT + 1).ilog2() as usize;
    (segment, index - FIRST_SEGMENT * ((1 << segment) - 1))
}

/// Slot `index`, if its segment exists.
fn slot(index: usize) -> Option<&'static Slot> {
    let (segment, offset) = locate(index);
    let start = SEGMENT_STARTS.get(segment)?.load(Ordering::Acquire);
    // SAFETY: a published segment holds `FIRST_SEGMENT << segment` slots (more than
    // `offset`) and is never freed.
    (!start.is_null()).then(|| unsafe { &*start.add(offset) })
}

/// Slots to reuse, and the first never used.
struct Free {
    released: Vec<usize>,
    next: usize,
}

static FREE: Mutex<Free> = Mutex::new(Free {
    released: Vec::new(),
    next: 0,
});

fn free_slots() -> MutexGuard<'static, Free> {
    // Every change under the lock is a single push or pop: a panic leaves it consistent.
    FREE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A free slot's index, its segment made if needed; `None` when all [`SLOTS`] are in use.
fn take_free_slot() -> Option<usize> {
    let mut free = free_slots();
    if let Some(index) = free.released.pop() {
        return Some(index);
    }
    let index = free.next;
    if index == SLOTS {
        return None;
    }
    let (segment, offset) = locate(index);
    if offset == 0 {
        let slots: Box<[Slot]> = (0..FIRST_SEGMENT << segment)
            .map(|_| Slot::free())
            .collect();
        let start = Box::leak(slots).as_mut_ptr();
        SEGMENT_STARTS[segment].store(start, Ordering::Release);
    }
    free.next += 1;
    Some(index)
}

/// Puts `object` in a free slot with `count` references (1, or [`IMMORTAL`]); `None` when
/// every slot is in use.
pub fn allocate(object: Object, count: u64) -> Option<Handle> {
    let index = take_free_slot()?;
    let slot = slot(index).expect("a taken slot's segment exists");
    // SAFETY: the slot is free: its count is 0, so no reference reads `object`, and the
    // free list gave its index to this caller alone.
    unsafe { *slot.object.get() = Some(object) };
    let generation = State(slot.state.load(Ordering::Relaxed)).generation();
    slot.state
        .store(State::new(generation, count).0, Ordering::Release);
    Some(Handle {
        slot: index,
        generation,
    })
}

/// Takes a reference to the object `handle` names, if it is live.
pub fn acquire(handle: Handle) -> Option<NonNull<Object>> {
    let slot = slot(handle.slot)?;
    let mut state = State(slot.state.load(Ordering::Relaxed));
    loop {
        if !state.holds(handle.generation) {
            return None;
        }
        if state.count() == IMMORTAL {
            return Some(slot.object());
        }
        // A count that reaches IMMORTAL stays there: the object is never released.
        match slot.state.compare_exchange_weak(
            state.0,
            state.0 + 1,
            Ordering::Acquire,
            Ordering::Relaxed,
        ) {
            Ok(_) => return Some(slot.object()),
            Err(now) => state = State(now),
        }
    }
}

/// Gives up a reference to the object `handle` names; the last one drops it (or, while a
/// caller uses it exclusively, leaves that to the caller). `false` if it is not live.
pub fn release(handle: Handle) -> bool {
    let Some(slot) = slot(handle.slot) else {
        return false;
    };
    let mut state = State(slot.state.load(Ordering::Relaxed));
    let last = loop {
        if !state.holds(handle.generation) {
            return false;
        }
        if state.count() == IMMORTAL {
            return true;
        }
        let last = state.count() == 1 && !state.busy();
        let next = if last {
            State::new(handle.generation.wrapping_add(1), 0)
        } else {
            State(state.0 - 1)
        };
        match slot
            .state
            .compare_exchange_weak(state.0, next.0, Ordering::AcqRel, Ordering::Relaxed)
        {
            Ok(_) => break last,
            Err(now) => state = State(now),
        }
    };
    if last {
        drop_object(handle.slot, slot);
    }
    true
}

/// The object's reference count ([`IMMORTAL`] for one never released), if it is live.
pub fn count(handle: Handle) -> Option<u64> {
    let state = State(slot(handle.slot)?.state.load(Ordering::Acquire));
    state.holds(handle.generation).then(|| state.count())
}

/// Starts an exclusive use of the object `handle` names: it stays alive, whatever its
/// count, until [`leave`].
pub fn enter(handle: Handle) -> Result<NonNull<Object>, Refusal> {
    let slot = slot(handle.slot).ok_or(Refusal::NotLive)?;
    let mut state = State(slot.state.load(Ordering::Relaxed));
    loop {
        if !state.holds(handle.generation) {
            return Err(Refusal::NotLive);
        }
        if state.busy() {
            return Err(Refusal::Busy);
        }
        match slot.state.compare_exchange_weak(
            state.0,
            state.0 | BUSY,
            Ordering::Acquire,
            Ordering::Relaxed,
        ) {
            Ok(_) => return Ok(slot.object()),
            Err(now) => state = State(now),
        }
    }
}

/// Ends the exclusive use [`enter`] started; drops the object if it was released meanwhile.
pub fn leave(handle: Handle) {
    let slot = slot(handle.slot).expect("an entered slot exists");
    let before = State(slot.state.fetch_sub(BUSY, Ordering::AcqRel));
    if before.count() == 0 {
        // Released during the use: no reference is left to take, so no one else writes the
        // state before the generation moves on.
        slot.state.store(
            State::new(handle.generation.wrapping_add(1), 0).0,
            Ordering::Relaxed,
        );
        drop_object(handle.slot, slot);
    }
}

/// Drops the object of a slot whose last reference just went, and frees the slot.
fn drop_object(index: usize, slot: &Slot) {
    // SAFETY: the generation moved on with the last reference: no holder is left and none
    // can come, and the slot is not yet on the free list.
    let object = unsafe { (*slot.object.get()).take() };
    free_slots().released.push(index);
    // Last, outside the lock: dropping a value releases what it held, which may come back
    // here.
    drop(object);
}

#[cfg(test)]
mod tests {
    use crate::cf::runtime::class::Class;
    use crate::cf::runtime::handle::SLOTS;
    use crate::cf::runtime::slots::{
        acquire, allocate, count, enter, leave, locate, release, Object, Refusal, FIRST_SEGMENT,
        IMMORTAL, SEGMENTS,
    };

    static TEST: Class = Class::new("Test");

    fn object(value: u32) -> Object {
        Object {
            class: &TEST,
            value: Box::new(value),
        }
    }

    #[test]
    fn segments_cover_every_slot() {
        assert_eq!(locate(0), (0, 0));
        assert_eq!(locate(FIRST_SEGMENT - 1), (0, FIRST_SEGMENT - 1));
        assert_eq!(locate(FIRST_SEGMENT), (1, 0));
        assert_eq!(locate(3 * FIRST_SEGMENT), (2, 0));
        let (last, offset) = locate(SLOTS - 1);
        assert!(last < SEGMENTS && offset < FIRST_SEGMENT << last);
    }

    #[test]
    fn a_released_object_s_handle_stays_refused_after_its_slot_is_reused() {
        let first = allocate(object(1), 1).unwrap();
        assert!(release(first));
        let mut reused = None;
        let mut others = Vec::new();
        for i in 0..100 {
            let other = allocate(object(i), 1).unwrap();
            if other.slot == first.slot {
                reused = Some(other);
            }
            others.push(other);
        }
        assert!(reused.is_some(), "the freed slot was not reused");
        assert!(acquire(first).is_none());
        assert_eq!(count(first), None);
        assert!(!release(first));
        assert_eq!(enter(first).err(), Some(Refusal::NotLive));
        for other in others {
            assert_eq!(count(other), Some(1));
            assert!(release(other));
        }
    }

    #[test]
    fn a_release_during_exclusive_use_waits_for_the_user_to_leave() {
        let handle = allocate(object(5), 1).unwrap();
        assert!(enter(handle).is_ok());
        assert_eq!(enter(handle).err(), Some(Refusal::Busy));
        assert!(release(handle));
        // Released: no new reference, but the user's object is still there.
        assert!(acquire(handle).is_none());
        leave(handle);
        assert_eq!(count(handle), None);
        assert_eq!(enter(handle).err(), Some(Refusal::NotLive));
    }

    #[test]
    fn an_immortal_object_ignores_releases() {
        let handle = allocate(object(9), IMMORTAL).unwrap();
        assert!(release(handle));
        assert!(acquire(handle).is_some());
        assert_eq!(count(handle), Some(IMMORTAL));
    }
}
