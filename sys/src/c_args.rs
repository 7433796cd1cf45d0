//! The C arguments of every framework's functions: buffers given as a pointer and a length,
//! and out-pointers.

/// A slice from a C pointer and count; `None` for NULL with a non-zero count or a count no
/// buffer can have (negative, or above `isize::MAX`).
///
/// # Safety
/// A non-null `ptr` must point at `len` readable elements that outlive the slice.
pub unsafe fn slice<'a, T>(ptr: *const T, len: usize) -> Option<&'a [T]> {
    if isize::try_from(len).is_err() {
        return None;
    }
    match (ptr.is_null(), len) {
        (_, 0) => Some(&[]),
        (true, _) => None,
        // SAFETY: the caller's promise, for a pointer that is not NULL.
        (false, _) => Some(unsafe { std::slice::from_raw_parts(ptr, len) }),
    }
}

/// Stores `value` through an out-pointer; `false` if it is NULL.
///
/// # Safety
/// A non-null `out` must be valid for a write of a `T`.
pub unsafe fn put<T>(out: *mut T, value: T) -> bool {
    if out.is_null() {
        return false;
    }
    // SAFETY: the caller's promise, for a pointer that is not NULL.
    unsafe { out.write(value) };
    true
}
