//! A value one caller uses at a time, for the session contexts behind every `SSLRead` and
//! `SSLWrite`.

use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicBool, Ordering};

/// A caller that finds the value in use (another thread breaking Apple's one thread at a
/// time rule, or a callback calling back into its own context) is turned away rather than
/// made to wait, so this is lighter than a `Mutex`: no waiters to wake, so leaving is a
/// plain store, and no poisoning (a panic in use is caught at the C boundary, and the value
/// stays usable).
pub struct Exclusive<T> {
    busy: AtomicBool,
    value: UnsafeCell<T>,
}

// SAFETY: the busy flag gives one thread at a time access to the value, as a Mutex does.
unsafe impl<T: Send> Sync for Exclusive<T> {}

impl<T> Exclusive<T> {
    pub fn new(value: T) -> Exclusive<T> {
        Exclusive {
            busy: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    /// Runs `use_it` on the value, or returns `None` if it is in use.
    pub fn try_with<R>(&self, use_it: impl FnOnce(&mut T) -> R) -> Option<R> {
        if self
            .busy
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            return None;
        }
        /// Leaves when dropped, also while a panic unwinds.
        struct Leave<'a>(&'a AtomicBool);
        impl Drop for Leave<'_> {
            fn drop(&mut self) {
                self.0.store(false, Ordering::Release);
            }
        }
        let _leave = Leave(&self.busy);
        // SAFETY: the flag was taken above and is given back only when `_leave` drops, after
        // this borrow ends; no one else reaches the value meanwhile.
        Some(use_it(unsafe { &mut *self.value.get() }))
    }
}

#[cfg(test)]
mod tests {
    use super::Exclusive;

    #[test]
    fn a_second_user_is_turned_away_until_the_first_leaves() {
        let value = Exclusive::new(1);
        let inner = value.try_with(|v| {
            *v += 1;
            value.try_with(|v| *v += 10)
        });
        assert_eq!(inner, Some(None));
        assert_eq!(value.try_with(|v| *v), Some(2));
    }

    #[test]
    fn a_panic_in_use_leaves_the_value_usable() {
        let value = Exclusive::new(1);
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            value.try_with(|_| panic!("in use"))
        }));
        assert!(caught.is_err());
        assert_eq!(value.try_with(|v| *v), Some(1));
    }
}
