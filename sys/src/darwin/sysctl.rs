//! `<sys/sysctl.h>`: `sysctl`, `sysctlbyname` and `sysctlnametomib` for the names TLS code
//! reads to learn which Darwin it runs on (curl picks Secure Transport features by
//! `kern.osrelease`'s major number), answered as macOS 10.15.7 (build 19H15, Darwin 19.6.0):
//! `kern.ostype`, `kern.osrelease`, `kern.osrevision`, `kern.osversion`,
//! `kern.osproductversion`, and the host's `hw.machine` and `hw.ncpu`. Every node is
//! read-only (a new value: `EPERM`); an unknown name is `ENOENT`; a buffer too small is
//! `ENOMEM` with the length needed, nothing copied; a NULL buffer asks for the length.
//! glibc has no `sysctl` since 2.32, so these are the only ones a program links to.

use std::ffi::{c_char, c_int, c_uint, c_void, CStr};

use crate::guard;

/// `CTL_KERN`.
pub const CTL_KERN: c_int = 1;
/// `CTL_HW`.
pub const CTL_HW: c_int = 6;
/// `KERN_OSTYPE`.
pub const KERN_OSTYPE: c_int = 1;
/// `KERN_OSRELEASE`.
pub const KERN_OSRELEASE: c_int = 2;
/// `KERN_OSREV`.
pub const KERN_OSREV: c_int = 3;
/// `KERN_OSVERSION`.
pub const KERN_OSVERSION: c_int = 65;
/// `kern.osproductversion` has no fixed number on Darwin (`OID_AUTO`, numbered from 100 at
/// boot); this is the one this library gives it.
pub const KERN_OSPRODUCTVERSION: c_int = 100;
/// `HW_MACHINE`.
pub const HW_MACHINE: c_int = 1;
/// `HW_NCPU`.
pub const HW_NCPU: c_int = 3;
/// `CTL_MAXNAME`: the longest name `sysctl` takes.
pub const CTL_MAXNAME: c_uint = 12;

/// A node's value.
enum Value {
    Text(&'static CStr),
    Integer(c_int),
}

/// The nodes: name, number, value.
fn nodes() -> [(&'static str, [c_int; 2], Value); 7] {
    let machine = if cfg!(target_arch = "aarch64") {
        c"arm64"
    } else {
        c"x86_64"
    };
    // SAFETY: sysconf has no preconditions.
    let cpus = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) };
    [
        (
            "kern.ostype",
            [CTL_KERN, KERN_OSTYPE],
            Value::Text(c"Darwin"),
        ),
        (
            "kern.osrelease",
            [CTL_KERN, KERN_OSRELEASE],
            Value::Text(c"19.6.0"),
        ),
        (
            "kern.osrevision",
            [CTL_KERN, KERN_OSREV],
            Value::Integer(199506),
        ),
        (
            "kern.osversion",
            [CTL_KERN, KERN_OSVERSION],
            Value::Text(c"19H15"),
        ),
        (
            "kern.osproductversion",
            [CTL_KERN, KERN_OSPRODUCTVERSION],
            Value::Text(c"10.15.7"),
        ),
        ("hw.machine", [CTL_HW, HW_MACHINE], Value::Text(machine)),
        (
            "hw.ncpu",
            [CTL_HW, HW_NCPU],
            Value::Integer(c_int::try_from(cpus).unwrap_or(1).max(1)),
        ),
    ]
}

/// Sets `errno` and returns -1, as the calls fail.
fn fail(code: c_int) -> c_int {
    // SAFETY: the calling thread's errno, always valid.
    unsafe { *libc::__errno_location() = code };
    -1
}

/// `sysctl` on a node found: copies its value as `sysctl(3)` says.
///
/// # Safety
/// `old` must be NULL or hold `*old_length` writable bytes; `old_length` NULL or valid.
unsafe fn answer(
    value: &Value,
    old: *mut c_void,
    old_length: *mut usize,
    new: *const c_void,
    new_length: usize,
) -> c_int {
    if !new.is_null() || new_length != 0 {
        return fail(libc::EPERM);
    }
    let integer;
    let bytes: &[u8] = match value {
        Value::Text(text) => text.to_bytes_with_nul(),
        Value::Integer(n) => {
            integer = n.to_ne_bytes();
            &integer
        }
    };
    // SAFETY: the caller's promise.
    let Some(length) = (unsafe { old_length.as_mut() }) else {
        return if old.is_null() { 0 } else { fail(libc::EINVAL) };
    };
    if old.is_null() {
        *length = bytes.len();
        return 0;
    }
    if *length < bytes.len() {
        *length = bytes.len();
        return fail(libc::ENOMEM);
    }
    // SAFETY: the caller's promise: `*length` writable bytes, at least `bytes.len()`.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), old.cast::<u8>(), bytes.len()) };
    *length = bytes.len();
    0
}

/// `sysctl`: the node `name` (`name_length` numbers) names; `EINVAL` for no name or a
/// length outside 2..=`CTL_MAXNAME`, `ENOENT` for a node not served.
#[no_mangle]
pub unsafe extern "C" fn sysctl(
    name: *const c_int,
    name_length: c_uint,
    old: *mut c_void,
    old_length: *mut usize,
    new: *const c_void,
    new_length: usize,
) -> c_int {
    guard::value(-1, || {
        if name.is_null() || !(2..=CTL_MAXNAME).contains(&name_length) {
            return fail(libc::EINVAL);
        }
        // SAFETY: the C API's contract: `name_length` numbers.
        let name = unsafe { std::slice::from_raw_parts(name, name_length as usize) };
        match nodes().iter().find(|(_, number, _)| number[..] == name[..]) {
            // SAFETY: the C API's contract for the buffers.
            Some((_, _, value)) => unsafe { answer(value, old, old_length, new, new_length) },
            None => fail(libc::ENOENT),
        }
    })
}

/// `sysctlbyname`: as `sysctl`, the node named by its dotted name.
#[no_mangle]
pub unsafe extern "C" fn sysctlbyname(
    name: *const c_char,
    old: *mut c_void,
    old_length: *mut usize,
    new: *const c_void,
    new_length: usize,
) -> c_int {
    guard::value(-1, || {
        if name.is_null() {
            return fail(libc::EINVAL);
        }
        // SAFETY: the C API's contract: a NUL-terminated name.
        let name = unsafe { CStr::from_ptr(name) };
        let nodes = nodes();
        match nodes
            .iter()
            .find(|(text, _, _)| text.as_bytes() == name.to_bytes())
        {
            // SAFETY: the C API's contract for the buffers.
            Some((_, _, value)) => unsafe { answer(value, old, old_length, new, new_length) },
            None => fail(libc::ENOENT),
        }
    })
}

/// `sysctlnametomib`: the numbers of a node's name into `mib` (room for `*size` of them),
/// their count into `*size`; `ENOMEM` when there is not room, `ENOENT` for a name not served.
#[no_mangle]
pub unsafe extern "C" fn sysctlnametomib(
    name: *const c_char,
    mib: *mut c_int,
    size: *mut usize,
) -> c_int {
    guard::value(-1, || {
        if name.is_null() || mib.is_null() || size.is_null() {
            return fail(libc::EINVAL);
        }
        // SAFETY: the C API's contract: a NUL-terminated name, a count to read and write.
        let (name, size) = unsafe { (CStr::from_ptr(name), &mut *size) };
        let nodes = nodes();
        let Some((_, number, _)) = nodes
            .iter()
            .find(|(text, _, _)| text.as_bytes() == name.to_bytes())
        else {
            return fail(libc::ENOENT);
        };
        if *size < number.len() {
            return fail(libc::ENOMEM);
        }
        // SAFETY: the C API's contract: room for `*size` numbers, at least two.
        unsafe { std::ptr::copy_nonoverlapping(number.as_ptr(), mib, number.len()) };
        *size = number.len();
        0
    })
}
