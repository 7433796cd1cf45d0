//! CFData: bytes, fixed at creation or changed in place (`CFMutableData`, the same class).
//! Changing immutable data — which halts the program on a Mac — logs a warning and changes
//! nothing.

use std::borrow::Cow;
use std::sync::{Mutex, MutexGuard};

use crate::c_args;
use crate::cf::base;
use crate::cf::runtime::{self, Class, Held, Instance};
use crate::cf::types::{CFAllocatorRef, CFIndex, CFRange, CFTypeID, CFTypeRef};
use crate::guard;

/// A CFData's value.
pub struct Data(Bytes);

/// Where a CFData's bytes are.
enum Bytes {
    /// A copy, fixed.
    Owned(Vec<u8>),
    /// The caller's bytes, taken over (`CFDataCreateWithBytesNoCopy`): freed with `free`
    /// when `free` says so, else left to the caller (`kCFAllocatorNull`).
    Borrowed {
        start: *const u8,
        length: usize,
        free: bool,
    },
    /// `CFMutableData`'s bytes.
    Mutable(Mutex<Vec<u8>>),
}

// SAFETY: borrowed bytes are never written, and the caller keeps them valid and unchanged
// while the data lives (CFDataCreateWithBytesNoCopy's contract); the rest is owned or locked.
unsafe impl Send for Data {}
// SAFETY: as for Send.
unsafe impl Sync for Data {}

static CLASS: Class = Class::with_equal_values::<Data>("CFData");

impl Instance for Data {
    fn class() -> &'static Class {
        &CLASS
    }

    /// As CF: the length, and the bytes in hex (the first 16 and the last 8 of longer data).
    fn describe(&self) -> Option<String> {
        let bytes = self.bytes();
        let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
        let shown = if bytes.len() <= 24 {
            hex(&bytes)
        } else {
            format!(
                "{} ... {}",
                hex(&bytes[..16]),
                hex(&bytes[bytes.len() - 8..])
            )
        };
        Some(format!(
            "{{length = {}, capacity = {}, bytes = 0x{shown}}}",
            bytes.len(),
            bytes.len()
        ))
    }

    fn hash(&self) -> Option<u64> {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        self.bytes().hash(&mut hasher);
        Some(hasher.finish())
    }
}

impl PartialEq for Data {
    fn eq(&self, other: &Data) -> bool {
        self.bytes() == other.bytes()
    }
}

impl Drop for Data {
    fn drop(&mut self) {
        if let Bytes::Borrowed {
            start, free: true, ..
        } = self.0
        {
            // SAFETY: bytes the caller allocated with malloc and gave this data to free.
            unsafe { libc::free(start.cast_mut().cast()) };
        }
    }
}

impl Data {
    /// The bytes (a copy, for mutable data).
    pub fn bytes(&self) -> Cow<'_, [u8]> {
        match &self.0 {
            Bytes::Owned(bytes) => Cow::Borrowed(bytes),
            // SAFETY: the caller's bytes, valid while the data lives (checked at creation:
            // not NULL unless empty).
            Bytes::Borrowed { start, length, .. } => Cow::Borrowed(unsafe {
                c_args::slice(*start, *length).expect("checked at creation")
            }),
            Bytes::Mutable(bytes) => Cow::Owned(lock(bytes).clone()),
        }
    }

    /// Where the bytes are now; for mutable data, until the next change, as CF.
    fn start(&self) -> *const u8 {
        match &self.0 {
            Bytes::Owned(bytes) => bytes.as_ptr(),
            Bytes::Borrowed { start, .. } => *start,
            Bytes::Mutable(bytes) => lock(bytes).as_ptr(),
        }
    }

    fn len(&self) -> usize {
        match &self.0 {
            Bytes::Owned(bytes) => bytes.len(),
            Bytes::Borrowed { length, .. } => *length,
            Bytes::Mutable(bytes) => lock(bytes).len(),
        }
    }
}

fn lock(bytes: &Mutex<Vec<u8>>) -> MutexGuard<'_, Vec<u8>> {
    // Every change is one Vec operation: a panic leaves valid bytes.
    bytes
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A new CFData of `bytes`, owned by the caller.
pub fn create(bytes: Vec<u8>) -> CFTypeRef {
    runtime::create(Data(Bytes::Owned(bytes)))
}

/// The data `data` names, if it is one (logged otherwise).
fn data(data: CFTypeRef, caller: &str) -> Option<Held<Data>> {
    let held = runtime::hold::<Data>(data);
    if held.is_none() {
        log::warn!("{caller} on something that is not a CFData");
    }
    held
}

/// `CFDataGetTypeID`.
#[no_mangle]
pub extern "C" fn CFDataGetTypeID() -> CFTypeID {
    CLASS.id()
}

/// `CFDataCreate`: a copy of `length` bytes; NULL for NULL bytes with a length, or a
/// negative length.
#[no_mangle]
pub unsafe extern "C" fn CFDataCreate(
    _allocator: CFAllocatorRef,
    bytes: *const u8,
    length: CFIndex,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let length = usize::try_from(length).unwrap_or(usize::MAX);
        // SAFETY: the C API's contract: `length` readable bytes.
        match unsafe { c_args::slice(bytes, length) } {
            Some(bytes) => create(bytes.to_vec()),
            None => std::ptr::null(),
        }
    })
}

/// `CFDataCreateWithBytesNoCopy`: data over the caller's bytes, not copied. The
/// deallocator says what becomes of them when the data goes: `kCFAllocatorNull`, nothing
/// (they stay the caller's); the default allocator (NULL), `kCFAllocatorSystemDefault` or
/// `kCFAllocatorMalloc`, `free` (they must come from `malloc`). Any other allocator — CF
/// would call its deallocate callback; custom allocators do not exist here — copies the
/// bytes and leaves them to the caller. NULL, and nothing taken over, for NULL bytes with a
/// length or a negative length.
#[no_mangle]
pub unsafe extern "C" fn CFDataCreateWithBytesNoCopy(
    _allocator: CFAllocatorRef,
    bytes: *const u8,
    length: CFIndex,
    bytes_deallocator: CFAllocatorRef,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let length = usize::try_from(length).unwrap_or(usize::MAX);
        // SAFETY: the C API's contract: `length` readable bytes, valid while the data lives.
        let Some(slice) = (unsafe { c_args::slice(bytes, length) }) else {
            return std::ptr::null();
        };
        let free = base::frees_with_free(bytes_deallocator);
        if !free && !base::is_null_allocator(bytes_deallocator) {
            log::warn!("CFDataCreateWithBytesNoCopy: an unknown deallocator; the bytes are copied");
            return create(slice.to_vec());
        }
        runtime::create(Data(Bytes::Borrowed {
            start: if length == 0 && bytes.is_null() {
                std::ptr::dangling()
            } else {
                bytes
            },
            length,
            free: free && !bytes.is_null(),
        }))
    })
}

/// `CFDataCreateMutable`: empty mutable data. `capacity` is accepted and not enforced (CF
/// halts a program that exceeds it).
#[no_mangle]
pub extern "C" fn CFDataCreateMutable(_allocator: CFAllocatorRef, _capacity: CFIndex) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        runtime::create(Data(Bytes::Mutable(Mutex::new(Vec::new()))))
    })
}

/// `CFDataCreateMutableCopy`: mutable data of `data`'s bytes.
#[no_mangle]
pub extern "C" fn CFDataCreateMutableCopy(
    _allocator: CFAllocatorRef,
    _capacity: CFIndex,
    data: CFTypeRef,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        match self::data(data, "CFDataCreateMutableCopy") {
            Some(data) => {
                runtime::create(Data(Bytes::Mutable(Mutex::new(data.bytes().into_owned()))))
            }
            None => std::ptr::null(),
        }
    })
}

/// `CFDataAppendBytes`: on mutable data; NULL bytes with a length, or a negative length,
/// append nothing.
#[no_mangle]
pub unsafe extern "C" fn CFDataAppendBytes(data: CFTypeRef, bytes: *const u8, length: CFIndex) {
    guard::value((), || {
        let Some(data) = self::data(data, "CFDataAppendBytes") else {
            return;
        };
        let Bytes::Mutable(target) = &data.0 else {
            log::warn!("CFDataAppendBytes on immutable data: left unchanged");
            return;
        };
        let length = usize::try_from(length).unwrap_or(usize::MAX);
        // SAFETY: the C API's contract: `length` readable bytes (which may be the data's own:
        // they are copied out before the append).
        match unsafe { c_args::slice(bytes, length) } {
            Some(bytes) => {
                let bytes = bytes.to_vec();
                lock(target).extend_from_slice(&bytes);
            }
            None => log::warn!("CFDataAppendBytes: NULL bytes or a bad length"),
        }
    })
}

/// `CFDataGetBytes`: copies the bytes of `range` into `buffer`; a range outside the data
/// copies nothing.
#[no_mangle]
pub unsafe extern "C" fn CFDataGetBytes(data: CFTypeRef, range: CFRange, buffer: *mut u8) {
    guard::value((), || {
        let Some(data) = self::data(data, "CFDataGetBytes") else {
            return;
        };
        let bytes = data.bytes();
        let span = usize::try_from(range.location)
            .ok()
            .zip(usize::try_from(range.length).ok())
            .and_then(|(start, length)| Some(start..start.checked_add(length)?))
            .filter(|span| span.end <= bytes.len());
        match span {
            Some(span) if !buffer.is_null() || span.is_empty() => {
                let wanted = &bytes[span];
                if !wanted.is_empty() {
                    // SAFETY: the C API's contract: room for `range.length` bytes.
                    unsafe { std::ptr::copy_nonoverlapping(wanted.as_ptr(), buffer, wanted.len()) };
                }
            }
            _ => log::warn!("CFDataGetBytes: a range outside the data, or a NULL buffer"),
        }
    })
}

/// `CFDataGetBytePtr`: valid while the data lives (for mutable data, until it changes); NULL
/// for no CFData.
#[no_mangle]
pub extern "C" fn CFDataGetBytePtr(data: CFTypeRef) -> *const u8 {
    guard::value(std::ptr::null(), || {
        runtime::hold::<Data>(data).map_or(std::ptr::null(), |d| d.start())
    })
}

/// `CFDataGetMutableBytePtr`: mutable data's bytes, valid until it changes; NULL for
/// immutable data (CF's rule: only mutable data may be written).
#[no_mangle]
pub extern "C" fn CFDataGetMutableBytePtr(data: CFTypeRef) -> *mut u8 {
    guard::value(std::ptr::null_mut(), || match runtime::hold::<Data>(data) {
        Some(d) => match &d.0 {
            Bytes::Mutable(bytes) => lock(bytes).as_mut_ptr(),
            _ => {
                log::warn!("CFDataGetMutableBytePtr on immutable data");
                std::ptr::null_mut()
            }
        },
        None => std::ptr::null_mut(),
    })
}

/// `CFDataGetLength`: 0 for no CFData.
#[no_mangle]
pub extern "C" fn CFDataGetLength(data: CFTypeRef) -> CFIndex {
    guard::value(0, || {
        runtime::hold::<Data>(data).map_or(0, |d| d.len() as CFIndex)
    })
}
