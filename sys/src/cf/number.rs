//! CFNumber: an integer or a floating-point value, kept in the fixed-width type of its kind
//! (CoreFoundation's "canonical" types), converted on the way out.

use std::ffi::c_void;

use crate::cf::runtime::{self, Class, Instance};
use crate::cf::types::{Boolean, CFAllocatorRef, CFIndex, CFTypeID, CFTypeRef};
use crate::guard;

/// `CFNumberType`: the C type a value is given or wanted in.
pub type CFNumberType = CFIndex;

/// `kCFNumberSInt8Type`.
pub const kCFNumberSInt8Type: CFNumberType = 1;
/// `kCFNumberSInt16Type`.
pub const kCFNumberSInt16Type: CFNumberType = 2;
/// `kCFNumberSInt32Type`.
pub const kCFNumberSInt32Type: CFNumberType = 3;
/// `kCFNumberSInt64Type`.
pub const kCFNumberSInt64Type: CFNumberType = 4;
/// `kCFNumberFloat32Type`.
pub const kCFNumberFloat32Type: CFNumberType = 5;
/// `kCFNumberFloat64Type`.
pub const kCFNumberFloat64Type: CFNumberType = 6;
/// `kCFNumberCharType`.
pub const kCFNumberCharType: CFNumberType = 7;
/// `kCFNumberShortType`.
pub const kCFNumberShortType: CFNumberType = 8;
/// `kCFNumberIntType`.
pub const kCFNumberIntType: CFNumberType = 9;
/// `kCFNumberLongType`.
pub const kCFNumberLongType: CFNumberType = 10;
/// `kCFNumberLongLongType`.
pub const kCFNumberLongLongType: CFNumberType = 11;
/// `kCFNumberFloatType`.
pub const kCFNumberFloatType: CFNumberType = 12;
/// `kCFNumberDoubleType`.
pub const kCFNumberDoubleType: CFNumberType = 13;
/// `kCFNumberCFIndexType`.
pub const kCFNumberCFIndexType: CFNumberType = 14;
/// `kCFNumberNSIntegerType`.
pub const kCFNumberNSIntegerType: CFNumberType = 15;
/// `kCFNumberCGFloatType`.
pub const kCFNumberCGFloatType: CFNumberType = 16;

/// The C types, by their fixed-width equivalents on LP64 (a Mac's and this platform's).
#[derive(Clone, Copy, PartialEq, Debug)]
enum Width {
    I8,
    I16,
    I32,
    I64,
    F32,
    F64,
}

impl Width {
    fn of(number_type: CFNumberType) -> Option<Width> {
        Some(match number_type {
            kCFNumberSInt8Type | kCFNumberCharType => Width::I8,
            kCFNumberSInt16Type | kCFNumberShortType => Width::I16,
            kCFNumberSInt32Type | kCFNumberIntType => Width::I32,
            kCFNumberSInt64Type
            | kCFNumberLongType
            | kCFNumberLongLongType
            | kCFNumberCFIndexType
            | kCFNumberNSIntegerType => Width::I64,
            kCFNumberFloat32Type | kCFNumberFloatType => Width::F32,
            kCFNumberFloat64Type | kCFNumberDoubleType | kCFNumberCGFloatType => Width::F64,
            _ => return None,
        })
    }

    /// The canonical type `CFNumberGetType` reports for values of this width.
    fn canonical(self) -> CFNumberType {
        match self {
            Width::I8 => kCFNumberSInt8Type,
            Width::I16 => kCFNumberSInt16Type,
            Width::I32 => kCFNumberSInt32Type,
            Width::I64 => kCFNumberSInt64Type,
            Width::F32 => kCFNumberFloat32Type,
            Width::F64 => kCFNumberFloat64Type,
        }
    }
}

/// A value: integers of every width as `i64`, floating-point ones as `f64` (both exact).
#[derive(Clone, Copy, Debug)]
enum Value {
    Integer(i64),
    Float(f64),
}

/// A CFNumber's value: what it holds and the width it was made in.
#[derive(Debug)]
pub struct CfNumber {
    value: Value,
    width: Width,
}

static CLASS: Class = Class::with_equal_values::<CfNumber>("CFNumber");

impl Instance for CfNumber {
    fn class() -> &'static Class {
        &CLASS
    }

    fn describe(&self) -> Option<String> {
        self.format().map(|value| format!("{{value = {value}}}"))
    }

    /// `%@` prints the number (`42`, `0.5`), as CF's formatting description does.
    fn format(&self) -> Option<String> {
        Some(match self.value {
            Value::Integer(v) => v.to_string(),
            Value::Float(v) => v.to_string(),
        })
    }

    /// Equal numbers hash alike: a whole float hashes as the integer it equals.
    fn hash(&self) -> Option<u64> {
        Some(match self.value {
            Value::Integer(v) => v as u64,
            Value::Float(v) if v.fract() == 0.0 && v.abs() < 9.2e18 => v as i64 as u64,
            Value::Float(v) => v.to_bits(),
        })
    }
}

/// Equal when they are the same number, whatever their types (`CFEqual` of 1 and 1.0).
impl PartialEq for CfNumber {
    fn eq(&self, other: &CfNumber) -> bool {
        match (self.value, other.value) {
            (Value::Integer(a), Value::Integer(b)) => a == b,
            (a, b) => float(a) == float(b),
        }
    }
}

fn float(value: Value) -> f64 {
    match value {
        Value::Integer(v) => v as f64,
        Value::Float(v) => v,
    }
}

impl CfNumber {
    /// The value as an `i64`, if it is one exactly.
    pub fn to_i64(&self) -> Option<i64> {
        match self.value {
            Value::Integer(v) => Some(v),
            Value::Float(v) => exact_i64(v),
        }
    }
}

/// A new CFNumber of `value` (`kCFNumberSInt64Type`), owned by the caller.
pub fn create_i64(value: i64) -> CFTypeRef {
    runtime::create(CfNumber {
        value: Value::Integer(value),
        width: Width::I64,
    })
}

/// `CFNumberGetTypeID`.
#[no_mangle]
pub extern "C" fn CFNumberGetTypeID() -> CFTypeID {
    CLASS.id()
}

/// `CFNumberCreate`: NULL for an unknown type or a NULL `valuePtr`.
#[no_mangle]
pub unsafe extern "C" fn CFNumberCreate(
    _allocator: CFAllocatorRef,
    the_type: CFNumberType,
    value_ptr: *const c_void,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let Some(width) = Width::of(the_type) else {
            return std::ptr::null();
        };
        if value_ptr.is_null() {
            return std::ptr::null();
        }
        // SAFETY: the C API's contract: `value_ptr` points at a value of `the_type`, whose
        // width this reads (unaligned: callers pass any address).
        let value = unsafe {
            match width {
                Width::I8 => Value::Integer(value_ptr.cast::<i8>().read_unaligned().into()),
                Width::I16 => Value::Integer(value_ptr.cast::<i16>().read_unaligned().into()),
                Width::I32 => Value::Integer(value_ptr.cast::<i32>().read_unaligned().into()),
                Width::I64 => Value::Integer(value_ptr.cast::<i64>().read_unaligned()),
                Width::F32 => Value::Float(value_ptr.cast::<f32>().read_unaligned().into()),
                Width::F64 => Value::Float(value_ptr.cast::<f64>().read_unaligned()),
            }
        };
        runtime::create(CfNumber { value, width })
    })
}

/// `CFNumberGetType`: the canonical type of the width it was made in; 0 for no CFNumber.
#[no_mangle]
pub extern "C" fn CFNumberGetType(number: CFTypeRef) -> CFNumberType {
    guard::value(0, || {
        runtime::hold::<CfNumber>(number).map_or(0, |n| n.width.canonical())
    })
}

/// `CFNumberGetValue`: stores the value converted to `the_type` (C's conversion, saturating
/// where C's would be undefined); true if nothing was lost. False for no CFNumber, an
/// unknown type or a NULL `valuePtr`, with nothing stored.
#[no_mangle]
pub unsafe extern "C" fn CFNumberGetValue(
    number: CFTypeRef,
    the_type: CFNumberType,
    value_ptr: *mut c_void,
) -> Boolean {
    guard::value(0, || {
        let (Some(number), Some(width)) = (runtime::hold::<CfNumber>(number), Width::of(the_type))
        else {
            return 0;
        };
        if value_ptr.is_null() {
            return 0;
        }
        let value = number.value;
        // SAFETY: the C API's contract: `value_ptr` points at room for a `the_type`, whose
        // width this writes (unaligned: callers pass any address).
        let exact = unsafe {
            match width {
                Width::I8 => store(
                    value_ptr,
                    integer(value, |v| v as i8, |v| v as i8, i64::from),
                ),
                Width::I16 => store(
                    value_ptr,
                    integer(value, |v| v as i16, |v| v as i16, i64::from),
                ),
                Width::I32 => store(
                    value_ptr,
                    integer(value, |v| v as i32, |v| v as i32, i64::from),
                ),
                Width::I64 => store(value_ptr, integer(value, |v| v, |v| v as i64, |v| v)),
                Width::F32 => store(
                    value_ptr,
                    floating(value, |v| v as f32, |v| v as f32, f64::from),
                ),
                Width::F64 => store(value_ptr, floating(value, |v| v as f64, |v| v, |v| v)),
            }
        };
        Boolean::from(exact)
    })
}

/// Writes `converted` through `out`; returns whether the conversion was exact.
///
/// # Safety
/// `out` must be valid for an unaligned write of a `T`.
unsafe fn store<T>(out: *mut c_void, (converted, exact): (T, bool)) -> bool {
    // SAFETY: the caller's promise.
    unsafe { out.cast::<T>().write_unaligned(converted) };
    exact
}

/// The `i64` a float is exactly, if any.
fn exact_i64(v: f64) -> Option<i64> {
    // 2^63 is the first float out of range (i64::MAX rounds up to it).
    let limit = 2f64.powi(63);
    (v.fract() == 0.0 && (-limit..limit).contains(&v)).then_some(v as i64)
}

/// `value` in an integer type `T` (by `from_integer` or `from_float`, C's casts saturating
/// where C's are undefined), and whether `back` gives the same number.
fn integer<T: Copy>(
    value: Value,
    from_integer: impl Fn(i64) -> T,
    from_float: impl Fn(f64) -> T,
    back: impl Fn(T) -> i64,
) -> (T, bool) {
    match value {
        Value::Integer(v) => {
            let t = from_integer(v);
            (t, back(t) == v)
        }
        Value::Float(v) => {
            let t = from_float(v);
            (t, exact_i64(v) == Some(back(t)))
        }
    }
}

/// `value` in a floating-point type `T`, and whether `back` gives the same number.
fn floating<T: Copy>(
    value: Value,
    from_integer: impl Fn(i64) -> T,
    from_float: impl Fn(f64) -> T,
    back: impl Fn(T) -> f64,
) -> (T, bool) {
    match value {
        Value::Integer(v) => {
            let t = from_integer(v);
            (t, exact_i64(back(t)) == Some(v))
        }
        Value::Float(v) => {
            let t = from_float(v);
            let b = back(t);
            (t, b == v || (b.is_nan() && v.is_nan()))
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::cf::number::*;

    fn made(number_type: CFNumberType, bytes: &[u8]) -> CFTypeRef {
        // SAFETY: `bytes` holds at least the width of `number_type`.
        unsafe { CFNumberCreate(std::ptr::null(), number_type, bytes.as_ptr().cast()) }
    }

    fn get<T: Default>(number: CFTypeRef, number_type: CFNumberType) -> (T, bool) {
        let mut out = T::default();
        // SAFETY: `out` is a `T`, the width of `number_type` in every call below.
        let exact = unsafe { CFNumberGetValue(number, number_type, (&raw mut out).cast()) };
        (out, exact == 1)
    }

    #[test]
    fn values_convert_as_c_converts_and_say_when_something_was_lost() {
        let n = made(kCFNumberIntType, &300i32.to_ne_bytes());
        assert_eq!(CFNumberGetType(n), kCFNumberSInt32Type);
        assert_eq!(get::<i64>(n, kCFNumberSInt64Type), (300, true));
        assert_eq!(get::<i8>(n, kCFNumberSInt8Type), (44, false));
        assert_eq!(get::<f64>(n, kCFNumberDoubleType), (300.0, true));
        let f = made(kCFNumberDoubleType, &2.5f64.to_ne_bytes());
        assert_eq!(CFNumberGetType(f), kCFNumberFloat64Type);
        assert_eq!(get::<i32>(f, kCFNumberIntType), (2, false));
        assert_eq!(get::<f32>(f, kCFNumberFloat32Type), (2.5, true));
        let big = made(kCFNumberSInt64Type, &i64::MAX.to_ne_bytes());
        assert_eq!(get::<i64>(big, kCFNumberLongType), (i64::MAX, true));
        assert!(!get::<f64>(big, kCFNumberFloat64Type).1);
        assert!(made(17, &[0; 16]).is_null() && made(0, &[0; 16]).is_null());
        for object in [n, f, big] {
            crate::cf::base::CFRelease(object);
        }
    }

    #[test]
    fn equal_numbers_hash_alike_and_format_as_their_value() {
        use crate::cf::base::{formatting_description, CFEqual, CFHash, CFRelease};
        let one = made(kCFNumberIntType, &1i32.to_ne_bytes());
        let one_point_zero = made(kCFNumberDoubleType, &1.0f64.to_ne_bytes());
        let half = made(kCFNumberDoubleType, &0.5f64.to_ne_bytes());
        assert_eq!(CFEqual(one, one_point_zero), 1);
        assert_eq!(CFHash(one), CFHash(one_point_zero));
        assert_ne!(CFHash(one), CFHash(half));
        assert_eq!(formatting_description(one), "1");
        assert_eq!(formatting_description(half), "0.5");
        for object in [one, one_point_zero, half] {
            CFRelease(object);
        }
    }
}
