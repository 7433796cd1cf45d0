//! Classes: what the runtime knows of each kind of object, as CoreFoundation's runtime
//! classes (`CFRuntimeClass`, `_CFRuntimeRegisterClass`) — a name and an equality. Each
//! framework module defines its own classes; the runtime names none of them.

use std::any::{Any, TypeId};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use crate::cf::types::CFTypeID;

/// Whether two values of a class are equal.
type Equal = fn(&dyn Any, &dyn Any) -> bool;

/// A class: one per kind of object (CFData, SecTrust, SSLContext…), in a static.
pub struct Class {
    name: &'static str,
    /// Whether two values of the class are equal (`CFEqual`); `None`: only an object is
    /// equal to itself.
    equal: Option<Equal>,
    /// Given when first asked for: registration, as `_CFRuntimeRegisterClass` gives it.
    id: OnceLock<CFTypeID>,
    /// The Rust type of the class's values.
    values: fn() -> TypeId,
}

/// A Rust type whose values are the objects of one class.
pub trait Instance: Any + Send + Sync {
    /// The class of its values.
    fn class() -> &'static Class;
}

impl Class {
    /// A class of `T` values whose objects are equal only to themselves.
    pub const fn new<T: Any>(name: &'static str) -> Class {
        Class {
            name,
            equal: None,
            id: OnceLock::new(),
            values: TypeId::of::<T>,
        }
    }

    /// A class of `T` values whose objects are equal when their values are.
    pub const fn with_equal_values<T: PartialEq + Any>(name: &'static str) -> Class {
        Class {
            name,
            equal: Some(equal_values::<T>),
            id: OnceLock::new(),
            values: TypeId::of::<T>,
        }
    }

    /// Whether the class's values are `T`s.
    pub fn is_class_of<T: Any>(&self) -> bool {
        (self.values)() == TypeId::of::<T>()
    }

    /// The class's name, for logs.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The class's type ID: a number no other class has, never 0.
    pub fn id(&'static self) -> CFTypeID {
        /// The next class's number; 0 is `_kCFRuntimeNotATypeID`.
        static NEXT: AtomicUsize = AtomicUsize::new(1);
        *self
            .id
            .get_or_init(|| NEXT.fetch_add(1, Ordering::Relaxed) as CFTypeID)
    }

    /// Whether `a` and `b`, two values of this class, are equal.
    pub fn equal(&self, a: &dyn Any, b: &dyn Any) -> bool {
        self.equal.is_some_and(|equal| equal(a, b))
    }
}

fn equal_values<T: PartialEq + Any>(a: &dyn Any, b: &dyn Any) -> bool {
    matches!((a.downcast_ref::<T>(), b.downcast_ref::<T>()), (Some(a), Some(b)) if a == b)
}

#[cfg(test)]
mod tests {
    use crate::cf::runtime::class::Class;

    static FIRST: Class = Class::new::<u32>("First");
    static SECOND: Class = Class::with_equal_values::<u32>("Second");

    #[test]
    fn each_class_has_its_own_id_for_good() {
        let (first, second) = (FIRST.id(), SECOND.id());
        assert!(first != 0 && second != 0 && first != second);
        assert_eq!(FIRST.id(), first);
    }

    #[test]
    fn equality_is_the_class_s() {
        assert!(SECOND.equal(&7u32, &7u32));
        assert!(!SECOND.equal(&7u32, &8u32));
        assert!(!SECOND.equal(&7u32, &7u64));
        assert!(!FIRST.equal(&7u32, &7u32));
        assert!(FIRST.is_class_of::<u32>() && !FIRST.is_class_of::<u64>());
    }
}
