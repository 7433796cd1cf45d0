//! Classes: what the runtime knows of each kind of object, as CoreFoundation's runtime
//! classes (`CFRuntimeClass`, `_CFRuntimeRegisterClass`) — a name, an equality, a hash and
//! descriptions. Each framework module defines its own classes; the runtime names none of them.

use std::any::{Any, TypeId};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use crate::cf::types::CFTypeID;

/// Whether two values of a class are equal.
type Equal = fn(&dyn Any, &dyn Any) -> bool;
/// One of a value's texts (`Instance::describe`, `Instance::format`), or its hash.
type Property<T> = fn(&dyn Any) -> Option<T>;

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
    describe: Property<String>,
    describe_whole: Property<String>,
    format: Property<String>,
    hash: Property<u64>,
}

/// A Rust type whose values are the objects of one class.
pub trait Instance: Any + Send + Sync {
    /// The class of its values.
    fn class() -> &'static Class;

    /// What `CFCopyDescription` shows after the class, address and allocator, as CF's
    /// `copyDebugDesc` does (`{contents = "…"}` for a string); `None`: nothing more.
    fn describe(&self) -> Option<String> {
        None
    }

    /// The whole of what `CFCopyDescription` shows, for a class whose description has no
    /// `<Class 0x… [0x…]>` before it (CFError's); `None`: [`Instance::describe`]'s.
    fn describe_whole(&self) -> Option<String> {
        None
    }

    /// What `%@` prints, CF's `copyFormattingDesc` (a string's text); `None`: the description.
    fn format(&self) -> Option<String> {
        None
    }

    /// `CFHash`: the same for values the class finds equal. `None`: the class's own number
    /// for a class whose objects are equal by value (equal objects must hash alike), the
    /// object's reference otherwise.
    fn hash(&self) -> Option<u64> {
        None
    }
}

impl Class {
    /// A class of `T` values whose objects are equal only to themselves.
    pub const fn new<T: Instance>(name: &'static str) -> Class {
        Class {
            name,
            equal: None,
            id: OnceLock::new(),
            values: TypeId::of::<T>,
            describe: describe_value::<T>,
            describe_whole: describe_whole_value::<T>,
            format: format_value::<T>,
            hash: hash_value::<T>,
        }
    }

    /// A class of `T` values whose objects are equal when their values are.
    pub const fn with_equal_values<T: PartialEq + Instance>(name: &'static str) -> Class {
        Class {
            name,
            equal: Some(equal_values::<T>),
            id: OnceLock::new(),
            values: TypeId::of::<T>,
            describe: describe_value::<T>,
            describe_whole: describe_whole_value::<T>,
            format: format_value::<T>,
            hash: hash_value::<T>,
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

    /// Whether objects of the class are equal when their values are (not only to themselves).
    pub fn compares_values(&self) -> bool {
        self.equal.is_some()
    }

    /// A value's description body ([`Instance::describe`]).
    pub fn describe(&self, value: &dyn Any) -> Option<String> {
        (self.describe)(value)
    }

    /// A value's whole description ([`Instance::describe_whole`]).
    pub fn describe_whole(&self, value: &dyn Any) -> Option<String> {
        (self.describe_whole)(value)
    }

    /// A value's formatting description ([`Instance::format`]).
    pub fn format(&self, value: &dyn Any) -> Option<String> {
        (self.format)(value)
    }

    /// A value's hash ([`Instance::hash`]).
    pub fn hash(&self, value: &dyn Any) -> Option<u64> {
        (self.hash)(value)
    }
}

fn equal_values<T: PartialEq + Any>(a: &dyn Any, b: &dyn Any) -> bool {
    matches!((a.downcast_ref::<T>(), b.downcast_ref::<T>()), (Some(a), Some(b)) if a == b)
}

fn describe_value<T: Instance>(value: &dyn Any) -> Option<String> {
    value.downcast_ref::<T>().and_then(T::describe)
}

fn describe_whole_value<T: Instance>(value: &dyn Any) -> Option<String> {
    value.downcast_ref::<T>().and_then(T::describe_whole)
}

fn format_value<T: Instance>(value: &dyn Any) -> Option<String> {
    value.downcast_ref::<T>().and_then(T::format)
}

fn hash_value<T: Instance>(value: &dyn Any) -> Option<u64> {
    value.downcast_ref::<T>().and_then(T::hash)
}

#[cfg(test)]
mod tests {
    use crate::cf::runtime::class::{Class, Instance};

    #[derive(PartialEq)]
    struct First(u32);
    #[derive(PartialEq)]
    struct Second(u32);

    static FIRST: Class = Class::new::<First>("First");
    static SECOND: Class = Class::with_equal_values::<Second>("Second");

    impl Instance for First {
        fn class() -> &'static Class {
            &FIRST
        }
    }

    impl Instance for Second {
        fn class() -> &'static Class {
            &SECOND
        }

        fn describe(&self) -> Option<String> {
            Some(format!("{{value = {}}}", self.0))
        }
    }

    #[test]
    fn each_class_has_its_own_id_for_good() {
        let (first, second) = (FIRST.id(), SECOND.id());
        assert!(first != 0 && second != 0 && first != second);
        assert_eq!(FIRST.id(), first);
    }

    #[test]
    fn equality_is_the_class_s() {
        assert!(SECOND.equal(&Second(7), &Second(7)));
        assert!(!SECOND.equal(&Second(7), &Second(8)));
        assert!(!SECOND.equal(&Second(7), &First(7)));
        assert!(!FIRST.equal(&First(7), &First(7)));
        assert!(FIRST.is_class_of::<First>() && !FIRST.is_class_of::<Second>());
        assert!(SECOND.compares_values() && !FIRST.compares_values());
    }

    #[test]
    fn descriptions_are_the_value_s() {
        assert_eq!(SECOND.describe(&Second(3)).as_deref(), Some("{value = 3}"));
        assert_eq!(FIRST.describe(&First(3)), None);
        assert_eq!(SECOND.describe(&First(3)), None);
        assert_eq!(SECOND.hash(&Second(3)), None);
    }
}
