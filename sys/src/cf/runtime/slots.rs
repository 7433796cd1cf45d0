//! The slab every object but the constants lives in: slots that are never freed, each with
//! one atomic word — the state — that says which object holds it (its generation) and how
//! many references the object has, and a busy flag for a caller using it exclusively.
//!
//! Taking a reference is one compare-and-swap on the state, which fails on a stale
//! generation or a count of zero, so a reference is never taken to a released object and
//! the slot is never reused under a holder. The last release moves the generation on before
//! the value is dropped and the slot reused: every reference made for the old object is
//! refused from then on.
//!
//! While a caller uses an object exclusively (a session context during `SSLHandshake`), its
//! last release leaves the object to that caller, who drops it on leaving: a callback that
//! releases its own context never pulls it from under the call. Leaving is a plain store
//! (a locked instruction after a record's worth of writes cost the C ABI 3 % of its
//! throughput); the price is that a last release racing, on another thread, with the end of
//! a call on the same object — a program releasing a reference the call's caller relies on —
//! may leak the object instead of freeing it. It is never freed under a caller.

use std::any::Any;
use std::cell::UnsafeCell;
use std::ptr::{self, NonNull};
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, Ordering};
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

/// The state word: the generation in the high half, the count in the low half.
#[derive(Clone, Copy, PartialEq, Eq)]
struct State(u64);

const COUNT_MASK: u64 = u32::MAX as u64;

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

    /// Whether the state is that of a live object made with `generation`.
    fn holds(self, generation: u32) -> bool {
        self.generation() == generation && self.count() > 0
    }
}

/// A place for one object at a time.
pub struct Slot {
    state: AtomicU64,
    /// Whether a caller uses the object exclusively.
    busy: AtomicBool,
    object: UnsafeCell<Option<Object>>,
}

// SAFETY: `object` is written only by a slot's sole owner — the allocator of a free slot
// before it publishes the state, the taker of the last reference after it moved the
// generation on — and read only by holders of a reference, which the state's acquire and
// release orderings put after the write and before the take.
unsafe impl Sync for Slot {}

/// Slots come in pages allocated as needed, so a slot never moves and memory grows with
/// the objects alive at once; a slot is found with a shift and a mask.
const PAGE_BITS: u32 = 10;
const PAGE: usize = 1 << PAGE_BITS;

static PAGE_STARTS: [AtomicPtr<Slot>; SLOTS / PAGE] =
    [const { AtomicPtr::new(ptr::null_mut()) }; SLOTS / PAGE];

/// The slot a handle names, if its page exists (the handle may still be stale).
#[inline]
pub fn slot(handle: Handle) -> Option<&'static Slot> {
    let start = PAGE_STARTS
        .get(handle.slot >> PAGE_BITS)?
        .load(Ordering::Acquire);
    // SAFETY: a published page holds `PAGE` slots and is never freed.
    (!start.is_null()).then(|| unsafe { &*start.add(handle.slot & (PAGE - 1)) })
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

/// A free slot's index, its page made if needed; `None` when all [`SLOTS`] are in use.
fn take_free_slot() -> Option<usize> {
    let mut free = free_slots();
    if let Some(index) = free.released.pop() {
        return Some(index);
    }
    let index = free.next;
    if index == SLOTS {
        return None;
    }
    if index.is_multiple_of(PAGE) {
        let page: Box<[Slot]> = (0..PAGE)
            .map(|_| Slot {
                state: AtomicU64::new(0),
                busy: AtomicBool::new(false),
                object: UnsafeCell::new(None),
            })
            .collect();
        PAGE_STARTS[index >> PAGE_BITS].store(Box::leak(page).as_mut_ptr(), Ordering::Release);
    }
    free.next += 1;
    Some(index)
}

/// Puts `object` in a free slot with `count` references (1, or [`IMMORTAL`]); `None` when
/// every slot is in use.
pub fn allocate(object: Object, count: u64) -> Option<Handle> {
    let index = take_free_slot()?;
    let mut handle = Handle {
        slot: index,
        generation: 0,
    };
    let slot = slot(handle).expect("a taken slot's page exists");
    // SAFETY: the slot is free: its count is 0, so no reference reads `object`, and the
    // free list gave its index to this caller alone.
    unsafe { *slot.object.get() = Some(object) };
    handle.generation = State(slot.state.load(Ordering::Relaxed)).generation();
    slot.state
        .store(State::new(handle.generation, count).0, Ordering::Release);
    Some(handle)
}

impl Slot {
    /// The object of a slot the caller holds.
    #[inline]
    fn object(&self) -> NonNull<Object> {
        // SAFETY: a held object stays in its slot until its last reference goes.
        let object = unsafe { (*self.object.get()).as_ref() };
        NonNull::from(object.expect("a held slot holds an object"))
    }

    /// Takes a reference to the object made with `generation`, if it is live here.
    pub fn acquire(&self, generation: u32) -> Option<NonNull<Object>> {
        let mut state = State(self.state.load(Ordering::Relaxed));
        loop {
            if !state.holds(generation) {
                return None;
            }
            if state.count() == IMMORTAL {
                return Some(self.object());
            }
            // A count that reaches IMMORTAL stays there: the object is never released.
            match self.state.compare_exchange_weak(
                state.0,
                state.0 + 1,
                Ordering::Acquire,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Some(self.object()),
                Err(now) => state = State(now),
            }
        }
    }

    /// Gives up a reference to the object `handle` names; the last one drops it (or, while
    /// a caller uses it exclusively, leaves that to the caller). `false` if it is not live.
    pub fn release(&self, handle: Handle) -> bool {
        let mut state = State(self.state.load(Ordering::Relaxed));
        loop {
            if !state.holds(handle.generation) {
                return false;
            }
            if state.count() == IMMORTAL {
                return true;
            }
            // Sequentially consistent, with the busy flag's load below and `enter`'s swap
            // and load: a user that entered first is seen, or sees the count of zero.
            match self.state.compare_exchange_weak(
                state.0,
                state.0 - 1,
                Ordering::SeqCst,
                Ordering::Relaxed,
            ) {
                Ok(_) => break,
                Err(now) => state = State(now),
            }
        }
        if state.count() == 1 && !self.busy.load(Ordering::SeqCst) {
            self.drop_released(handle);
        }
        true
    }

    /// The count ([`IMMORTAL`] for an object never released) of the object made with
    /// `generation`, if it is live.
    pub fn count(&self, generation: u32) -> Option<u64> {
        let state = State(self.state.load(Ordering::Acquire));
        state.holds(generation).then(|| state.count())
    }

    /// Starts an exclusive use of the object `handle` names: it stays alive, whatever its
    /// count, until [`Slot::leave`].
    #[inline]
    pub fn enter(&self, handle: Handle) -> Result<NonNull<Object>, Refusal> {
        // A stale handle is turned away before it touches the flag of the slot's new object.
        if !State(self.state.load(Ordering::Acquire)).holds(handle.generation) {
            return Err(Refusal::NotLive);
        }
        if self
            .busy
            .compare_exchange(false, true, Ordering::SeqCst, Ordering::Relaxed)
            .is_err()
        {
            return Err(Refusal::Busy);
        }
        if !State(self.state.load(Ordering::SeqCst)).holds(handle.generation) {
            // Released meanwhile, maybe by someone who saw the flag and left the drop to us.
            self.leave(handle);
            return Err(Refusal::NotLive);
        }
        Ok(self.object())
    }

    /// Ends the exclusive use `enter` started; drops the object if it was released
    /// meanwhile.
    #[inline]
    pub fn leave(&self, handle: Handle) {
        self.busy.store(false, Ordering::Release);
        if State(self.state.load(Ordering::Acquire)) == State::new(handle.generation, 0) {
            self.drop_released(handle);
        }
    }

    /// Drops the released object `handle` names, unless someone else already did: moving the
    /// generation on decides who.
    fn drop_released(&self, handle: Handle) {
        let released = State::new(handle.generation, 0);
        let gone = State::new(handle.generation.wrapping_add(1), 0);
        if self
            .state
            .compare_exchange(released.0, gone.0, Ordering::AcqRel, Ordering::Relaxed)
            .is_ok()
        {
            self.drop_object(handle);
        }
    }

    /// Drops the object whose generation just moved on, and frees the slot.
    fn drop_object(&self, handle: Handle) {
        // SAFETY: the generation moved on after the last reference went and no user was
        // left: none can come, and the slot is not yet on the free list.
        let object = unsafe { (*self.object.get()).take() };
        free_slots().released.push(handle.slot);
        // Last, outside the lock: dropping a value releases what it held, which may come
        // back here.
        drop(object);
    }
}

#[cfg(test)]
mod tests {
    use crate::cf::runtime::class::{Class, Instance};
    use crate::cf::runtime::handle::Handle;
    use crate::cf::runtime::slots::{allocate, slot, Object, Refusal, IMMORTAL};

    struct Test(#[allow(dead_code)] u32);
    static TEST: Class = Class::new::<Test>("Test");
    impl Instance for Test {
        fn class() -> &'static Class {
            &TEST
        }
    }

    fn object(value: u32) -> Object {
        Object {
            class: &TEST,
            value: Box::new(Test(value)),
        }
    }

    fn release(handle: Handle) -> bool {
        slot(handle).unwrap().release(handle)
    }

    #[test]
    fn a_released_object_s_handle_stays_refused_after_its_slot_is_reused() {
        let first = allocate(object(1), 1).unwrap();
        assert!(release(first));
        // Allocate until the freed slot comes back. Tests run in parallel: another one may
        // take it first (an immortal constant keeps it for good), which reuses it as well.
        let mut others = Vec::new();
        for i in 0..1000 {
            let other = allocate(object(i), 1).unwrap();
            others.push(other);
            if other.slot == first.slot {
                break;
            }
        }
        let place = slot(first).unwrap();
        assert!(place.acquire(first.generation).is_none());
        assert_eq!(place.count(first.generation), None);
        assert!(!release(first));
        assert_eq!(place.enter(first).err(), Some(Refusal::NotLive));
        for other in others {
            assert_eq!(slot(other).unwrap().count(other.generation), Some(1));
            assert!(release(other));
        }
    }

    #[test]
    fn a_release_during_exclusive_use_waits_for_the_user_to_leave() {
        let handle = allocate(object(5), 1).unwrap();
        let place = slot(handle).unwrap();
        assert!(place.enter(handle).is_ok());
        assert_eq!(place.enter(handle).err(), Some(Refusal::Busy));
        assert!(release(handle));
        // Released: no new reference, but the user's object is still there.
        assert!(place.acquire(handle.generation).is_none());
        place.leave(handle);
        assert_eq!(place.count(handle.generation), None);
        assert_eq!(place.enter(handle).err(), Some(Refusal::NotLive));
    }

    #[test]
    fn an_immortal_object_ignores_releases() {
        let handle = allocate(object(9), IMMORTAL).unwrap();
        assert!(release(handle));
        let place = slot(handle).unwrap();
        assert!(place.acquire(handle.generation).is_some());
        assert_eq!(place.count(handle.generation), Some(IMMORTAL));
    }
}
