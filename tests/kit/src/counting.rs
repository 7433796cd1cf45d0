//! Heap accounting for one process: a global allocator that counts Rust's allocations, and
//! OpenSSL's allocator hooked with `CRYPTO_set_mem_functions`. A target using it declares
//! `#[global_allocator] static ALLOCATOR: Counting = Counting;` itself (a library must not
//! pick every user's allocator) and calls [`hook_openssl`] first thing in `main`
//! (`harness = false`): OpenSSL refuses hooks once it has allocated.
//!
//! Live bytes are malloc's usable sizes: the only size known when OpenSSL frees a block.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::{c_char, c_int, c_void, CStr};
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering::Relaxed};

/// Allocations (and reallocations) made by Rust code.
pub static RUST_ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
/// Allocations (and reallocations) made by OpenSSL.
pub static OPENSSL_ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
/// OpenSSL allocations made outside its record writer's packet code (crypto/packet.c).
pub static OPENSSL_OTHER: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

/// Heap bytes in use now, Rust's and OpenSSL's.
pub fn live_bytes() -> isize {
    LIVE.load(Relaxed)
}

/// The most heap bytes in use at once since the last [`reset_peak`].
pub fn peak_bytes() -> isize {
    PEAK.load(Relaxed)
}

/// Starts a new peak from the bytes in use now.
pub fn reset_peak() {
    PEAK.store(LIVE.load(Relaxed), Relaxed);
}

/// malloc's usable size of a block, 0 for NULL.
///
/// # Safety
/// `p` is NULL or a live block of the system allocator.
unsafe fn usable(p: *mut c_void) -> isize {
    if p.is_null() {
        0
    } else {
        // SAFETY: a live block of the system allocator, per the contract.
        unsafe { libc::malloc_usable_size(p) as isize }
    }
}

fn change(delta: isize) {
    let live = LIVE.fetch_add(delta, Relaxed) + delta;
    PEAK.fetch_max(live, Relaxed);
}

/// The counting global allocator: the system allocator, counted.
pub struct Counting;

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        RUST_ALLOCATIONS.fetch_add(1, Relaxed);
        // SAFETY: the caller's layout, passed on; the block is live or NULL.
        unsafe {
            let p = System.alloc(layout);
            change(usable(p.cast()));
            p
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: a live block of ours (the system allocator's), per GlobalAlloc's contract.
        unsafe {
            change(-usable(ptr.cast()));
            System.dealloc(ptr, layout)
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        RUST_ALLOCATIONS.fetch_add(1, Relaxed);
        // SAFETY: as in `dealloc`; a failed realloc keeps `ptr`, so it is not counted again.
        unsafe {
            let before = usable(ptr.cast());
            let p = System.realloc(ptr, layout, new_size);
            if !p.is_null() {
                change(usable(p.cast()) - before);
            }
            p
        }
    }
}

type Malloc = unsafe extern "C" fn(usize, *const c_char, c_int) -> *mut c_void;
type Realloc = unsafe extern "C" fn(*mut c_void, usize, *const c_char, c_int) -> *mut c_void;
type Free = unsafe extern "C" fn(*mut c_void, *const c_char, c_int);

extern "C" {
    fn CRYPTO_set_mem_functions(m: Malloc, r: Realloc, f: Free) -> c_int;
}

/// Counts an OpenSSL allocation made at `file` (OpenSSL's source path, or NULL).
///
/// # Safety
/// `file` is NULL or a NUL-terminated string.
unsafe fn count_openssl(file: *const c_char) {
    OPENSSL_ALLOCATIONS.fetch_add(1, Relaxed);
    // SAFETY: NULL or NUL-terminated, per the contract.
    let in_packet_code = !file.is_null()
        && unsafe { CStr::from_ptr(file) }
            .to_bytes()
            .ends_with(b"crypto/packet.c");
    if !in_packet_code {
        OPENSSL_OTHER.fetch_add(1, Relaxed);
    }
}

unsafe extern "C" fn openssl_malloc(size: usize, file: *const c_char, _: c_int) -> *mut c_void {
    // SAFETY: OpenSSL passes its source file name or NULL; malloc's block is live or NULL.
    unsafe {
        count_openssl(file);
        let p = libc::malloc(size);
        change(usable(p));
        p
    }
}

unsafe extern "C" fn openssl_realloc(
    ptr: *mut c_void,
    size: usize,
    file: *const c_char,
    _: c_int,
) -> *mut c_void {
    // SAFETY: as in `openssl_malloc`; `ptr` is NULL or a live block of ours.
    unsafe {
        count_openssl(file);
        let before = usable(ptr);
        let p = libc::realloc(ptr, size);
        // glibc's realloc(p, 0) frees p and returns NULL; a failed realloc keeps p.
        if !p.is_null() || size == 0 {
            change(usable(p) - before);
        }
        p
    }
}

unsafe extern "C" fn openssl_free(ptr: *mut c_void, _: *const c_char, _: c_int) {
    // SAFETY: `ptr` is NULL or a live block of ours, given back once.
    unsafe {
        change(-usable(ptr));
        libc::free(ptr)
    }
}

/// Routes OpenSSL's allocations through the counters. False if OpenSSL has already allocated
/// (it then keeps its own allocator).
pub fn hook_openssl() -> bool {
    // SAFETY: the three functions keep malloc's contract; OpenSSL takes them only before
    // its first allocation, so every block it frees was counted when allocated.
    unsafe { CRYPTO_set_mem_functions(openssl_malloc, openssl_realloc, openssl_free) == 1 }
}
