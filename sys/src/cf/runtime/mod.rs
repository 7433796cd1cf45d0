//! The object runtime: how a `CFTypeRef` becomes an object and back.
//!
//! A reference is either a handle into the slab ([`handle`], [`slots`]) or the address of an
//! immortal object ([`immortal`]); anything else — NULL, a released object's handle, any
//! pointer — is no object, and nothing it points at is read. Every call holds the objects it
//! works on ([`Held`], [`Entered`]) until it returns, so a callback that releases one does
//! not pull it from under the call. Classes ([`Class`]) come from the modules that define
//! them; the runtime names none.

mod class;
mod handle;
pub mod immortal;
mod slots;

use std::any::Any;
use std::cell::UnsafeCell;
use std::ops::{Deref, DerefMut};
use std::ptr::NonNull;

use crate::cf::types::{CFIndex, CFTypeRef};
use handle::{Handle, SLOTS};
use slots::{Object, Slot, IMMORTAL};

pub use class::{Class, Instance};
pub(crate) use immortal::immortal;
pub use immortal::ConstRef;
pub use slots::Refusal;

/// A new object holding `value`, with one reference, the caller's (the "Create" rule);
/// NULL if as many objects as there are slots are alive.
pub fn create<T: Instance>(value: T) -> CFTypeRef {
    allocate(value, 1)
}

/// A new object holding `value` that is never released (what `CFSTR` returns).
pub fn create_immortal<T: Instance>(value: T) -> CFTypeRef {
    allocate(value, IMMORTAL)
}

fn allocate<T: Instance>(value: T, count: u64) -> CFTypeRef {
    let class = T::class();
    // What lets `enter` trust an object's class for its value's type.
    assert!(
        class.is_class_of::<T>(),
        "{} is the class of other values",
        class.name()
    );
    let object = Object {
        class,
        value: Box::new(value),
    };
    match slots::allocate(object, count) {
        Some(handle) => handle.to_ref(),
        None => {
            log::error!("{SLOTS} objects alive: none more can be made");
            std::ptr::null()
        }
    }
}

/// `CFRetain`: `false` if `reference` is no live object.
pub fn retain(reference: CFTypeRef) -> bool {
    match Handle::from_ref(reference) {
        Some(handle) => slots::slot(handle).is_some_and(|s| s.acquire(handle.generation).is_some()),
        None => immortal::find(reference).is_some(),
    }
}

/// `CFRelease`: the last release drops the object. `false` if `reference` is no live object.
pub fn release(reference: CFTypeRef) -> bool {
    match Handle::from_ref(reference) {
        Some(handle) => slots::slot(handle).is_some_and(|s| s.release(handle)),
        None => immortal::find(reference).is_some(),
    }
}

/// `CFGetRetainCount`: `CFIndex::MAX` for an object never released; `None` if `reference`
/// is no live object.
pub fn retain_count(reference: CFTypeRef) -> Option<CFIndex> {
    let count = match Handle::from_ref(reference) {
        Some(handle) => slots::slot(handle)?.count(handle.generation)?,
        None => immortal::find(reference).map(|_| IMMORTAL)?,
    };
    Some(match count {
        IMMORTAL => CFIndex::MAX,
        count => count as CFIndex,
    })
}

/// A reference held for the length of a call: the object stays alive until it drops.
pub struct Held<T: ?Sized + 'static> {
    value: NonNull<T>,
    class: &'static Class,
    /// What to release on drop; `None` for an immortal object.
    slot: Option<(&'static Slot, Handle)>,
}

/// The live object `reference` names, of any class.
pub fn hold_any(reference: CFTypeRef) -> Option<Held<dyn Any + Send + Sync>> {
    let Some(handle) = Handle::from_ref(reference) else {
        let object = immortal::find(reference)?;
        return Some(Held {
            value: NonNull::from(object.value()),
            class: object.class(),
            slot: None,
        });
    };
    let slot = slots::slot(handle)?;
    let object = slot.acquire(handle.generation)?;
    // SAFETY: the reference just taken keeps the object in its slot until `Held` drops.
    let object = unsafe { object.as_ref() };
    Some(Held {
        value: NonNull::from(&*object.value),
        class: object.class,
        slot: Some((slot, handle)),
    })
}

/// The live object `reference` names, if it is a `T`.
pub fn hold<T: Instance>(reference: CFTypeRef) -> Option<Held<T>> {
    let held = hold_any(reference)?;
    let class = held.class();
    let typed = held.downcast();
    if typed.is_none() {
        log::debug!("a {} where a {} goes", class.name(), T::class().name());
    }
    typed
}

impl Held<dyn Any + Send + Sync> {
    /// The object's class.
    pub fn class(&self) -> &'static Class {
        self.class
    }

    /// The same reference, typed; `None` (and the reference given up) if it is no `T`.
    pub fn downcast<T: Any>(self) -> Option<Held<T>> {
        let value = NonNull::from((*self).downcast_ref::<T>()?);
        let held = Held {
            value,
            class: self.class,
            slot: self.slot,
        };
        // The reference moved to `held`.
        std::mem::forget(self);
        Some(held)
    }
}

impl<T: ?Sized> Deref for Held<T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: the object stays alive, and its value in place, while it is held; values
        // are only ever read through shared references.
        unsafe { self.value.as_ref() }
    }
}

impl<T: ?Sized> Drop for Held<T> {
    fn drop(&mut self) {
        if let Some((slot, handle)) = self.slot {
            slot.release(handle);
        }
    }
}

/// A value that callers use one at a time (a session context): only [`enter`] reaches it.
pub struct Exclusive<T>(UnsafeCell<T>);

// SAFETY: the busy flag of the object's slot lets one caller at a time reach the value, as
// a Mutex's lock does.
unsafe impl<T: Send> Sync for Exclusive<T> {}

impl<T> Exclusive<T> {
    /// `value`, to be made an object.
    pub fn new(value: T) -> Exclusive<T> {
        Exclusive(UnsafeCell::new(value))
    }
}

/// The exclusive use of an object's value: until it drops, other callers are turned away
/// and a release of the object's last reference waits.
pub struct Entered<T: 'static> {
    value: NonNull<T>,
    slot: &'static Slot,
    handle: Handle,
}

/// The value of the `Exclusive<T>` object `reference` names, for this caller alone.
/// `Busy` while another caller uses it (a callback calling back into its own context, or a
/// second thread at once), `NotLive` if it is no live object of that type.
#[inline]
pub fn enter<T: Send + 'static>(reference: CFTypeRef) -> Result<Entered<T>, Refusal>
where
    Exclusive<T>: Instance,
{
    let handle = Handle::from_ref(reference).ok_or(Refusal::NotLive)?;
    let slot = slots::slot(handle).ok_or(Refusal::NotLive)?;
    let object = slot.enter(handle)?;
    // SAFETY: an object in use stays in its slot until `leave`.
    let object = unsafe { object.as_ref() };
    if !std::ptr::eq(object.class, <Exclusive<T>>::class()) {
        slot.leave(handle);
        return Err(Refusal::NotLive);
    }
    // The class, not the value, says the type: one load fewer than `downcast_ref` and no
    // call, on the path of every SSLRead and SSLWrite.
    let value: *const (dyn Any + Send + Sync) = &*object.value;
    // SAFETY: the value of a slab object is of its class's type (`allocate` checks it), so
    // this one is an `Exclusive<T>`.
    let cell = unsafe { &*value.cast::<Exclusive<T>>() };
    Ok(Entered {
        value: NonNull::new(cell.0.get()).expect("a cell's value is not at NULL"),
        slot,
        handle,
    })
}

impl<T> Deref for Entered<T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: as for `deref_mut`.
        unsafe { self.value.as_ref() }
    }
}

impl<T> DerefMut for Entered<T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: the busy flag, held until this drops, keeps every other caller from the
        // value; the object stays alive meanwhile.
        unsafe { self.value.as_mut() }
    }
}

impl<T> Drop for Entered<T> {
    fn drop(&mut self) {
        self.slot.leave(self.handle);
    }
}

#[cfg(test)]
mod tests {
    use crate::cf::runtime::{
        create, enter, hold, hold_any, immortal, release, retain, retain_count, Class, Exclusive,
        Instance, Refusal,
    };
    use crate::cf::types::{CFIndex, CFTypeRef};

    struct Counter(u32);
    static COUNTER: Class = Class::new::<Counter>("Counter");
    impl Instance for Counter {
        fn class() -> &'static Class {
            &COUNTER
        }
    }

    static SHARED: Class = Class::new::<Exclusive<Counter>>("Shared");
    impl Instance for Exclusive<Counter> {
        fn class() -> &'static Class {
            &SHARED
        }
    }

    immortal! {
        /// A constant for the tests.
        kRuntimeTestConstant: Counter = Counter(42);
    }

    #[test]
    fn a_constant_is_found_by_its_address_and_never_released() {
        let reference = kRuntimeTestConstant.get();
        assert_eq!(hold::<Counter>(reference).map(|c| c.0), Some(42));
        assert!(release(reference) && release(reference));
        assert_eq!(retain_count(reference), Some(CFIndex::MAX));
        assert!(hold_any(reference.wrapping_byte_add(1)).is_none());
        assert!(hold_any((&raw const kRuntimeTestConstant).cast()).is_none());
    }

    #[test]
    fn a_held_object_outlives_its_last_release() {
        let reference = create(Counter(1));
        let held = hold::<Counter>(reference).unwrap();
        assert!(release(reference));
        assert_eq!(held.0, 1);
        assert_eq!(retain_count(reference), Some(1));
        drop(held);
        assert!(hold_any(reference).is_none());
        assert_eq!(retain_count(reference), None);
    }

    #[test]
    fn a_second_user_is_turned_away_until_the_first_leaves() {
        let reference = create(Exclusive::new(Counter(1)));
        {
            let mut first = enter::<Counter>(reference).unwrap();
            first.0 += 1;
            assert_eq!(enter::<Counter>(reference).err(), Some(Refusal::Busy));
        }
        assert_eq!(enter::<Counter>(reference).map(|c| c.0).ok(), Some(2));
        assert!(release(reference));
        assert_eq!(enter::<Counter>(reference).err(), Some(Refusal::NotLive));
    }

    #[test]
    fn a_panic_in_use_leaves_the_value_usable() {
        let reference = create(Exclusive::new(Counter(1)));
        let caught = std::panic::catch_unwind(|| {
            let _entered = enter::<Counter>(reference).unwrap();
            panic!("in use");
        });
        assert!(caught.is_err());
        assert_eq!(enter::<Counter>(reference).map(|c| c.0).ok(), Some(1));
        release(reference);
    }

    #[test]
    fn threads_sharing_and_churning_objects_agree_on_counts() {
        let shared = create(Exclusive::new(Counter(0)));
        let shared_bits = shared.addr();
        std::thread::scope(|scope| {
            for thread in 0..4 {
                scope.spawn(move || {
                    let shared: CFTypeRef = std::ptr::without_provenance(shared_bits);
                    for i in 0..2000 {
                        assert!(retain(shared));
                        if thread == 0 {
                            // One user at a time; the others' references come and go.
                            if let Ok(mut counter) = enter::<Counter>(shared) {
                                counter.0 += 1;
                            }
                        }
                        let own = create(Counter(i));
                        assert_eq!(hold::<Counter>(own).map(|c| c.0), Some(i));
                        assert!(release(own) && !release(own));
                        assert!(hold::<Exclusive<Counter>>(shared).is_some());
                        assert!(release(shared));
                    }
                });
            }
        });
        assert_eq!(retain_count(shared), Some(1));
        assert_eq!(enter::<Counter>(shared).map(|c| c.0).ok(), Some(2000));
        assert!(release(shared));
        assert_eq!(retain_count(shared), None);
    }

    /// A type that claims another's class.
    struct Impostor;
    impl Instance for Impostor {
        fn class() -> &'static Class {
            &COUNTER
        }
    }

    #[test]
    fn no_object_is_made_of_a_type_its_class_is_not_for() {
        assert!(std::panic::catch_unwind(|| create(Impostor)).is_err());
    }

    #[test]
    fn the_wrong_type_is_refused() {
        let reference = create(Counter(1));
        assert!(hold::<Exclusive<Counter>>(reference).is_none());
        assert_eq!(enter::<Counter>(reference).err(), Some(Refusal::NotLive));
        assert_eq!(retain_count(reference), Some(1));
        release(reference);
    }
}
