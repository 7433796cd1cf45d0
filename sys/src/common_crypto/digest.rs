//! CommonDigest.h: MD5, SHA-1, SHA-224, SHA-256, SHA-384, SHA-512, one-shot and streaming.
//!
//! Callers allocate the contexts (`CC_SHA256_CTX`…) themselves, with Apple's sizes, often on
//! the stack, copy them to hash a common prefix once, and drop them without a final call;
//! so a context must be plain bytes, holding the whole state — not an OpenSSL `EVP_MD_CTX`,
//! which lives on the heap. The streaming calls therefore run OpenSSL's digest functions of
//! the state itself (`SHA256_Update`…), whose context begins with exactly what Apple's
//! struct holds (chaining value, bit count, block buffer); the rest (bytes buffered, digest
//! length) follows from the bit count and the call. A state is read out of the caller's
//! bytes and written back after each call, so their alignment does not matter, and the
//! buffered count is recomputed, never trusted: a garbage context gives a wrong digest,
//! never a write outside the buffer. The one-shot calls use OpenSSL's EVP.

use std::ffi::{c_int, c_uchar, c_void};

use openssl::hash::MessageDigest;

use crate::c_args;
use crate::guard;

/// `CC_LONG`.
#[allow(non_camel_case_types)]
pub type CC_LONG = u32;

/// A digest algorithm, with the layout of its context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    /// MD5.
    Md5,
    /// SHA-1.
    Sha1,
    /// SHA-224 (SHA-256's context).
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384 (SHA-512's context).
    Sha384,
    /// SHA-512.
    Sha512,
}

/// OpenSSL's digest functions of a state.
struct Functions {
    init: unsafe extern "C" fn(*mut c_void) -> c_int,
    update: unsafe extern "C" fn(*mut c_void, *const c_void, usize) -> c_int,
    finish: unsafe extern "C" fn(*mut c_uchar, *mut c_void) -> c_int,
}

// OpenSSL's low-level digests (deprecated in 3.0 in favour of EVP, which has no way to take
// a state out of its context or put one in). Each context is the struct of <openssl/md5.h>
// or <openssl/sha.h>, reached only through `State`.
extern "C" {
    fn MD5_Init(c: *mut c_void) -> c_int;
    fn MD5_Update(c: *mut c_void, data: *const c_void, len: usize) -> c_int;
    fn MD5_Final(md: *mut c_uchar, c: *mut c_void) -> c_int;
    fn SHA1_Init(c: *mut c_void) -> c_int;
    fn SHA1_Update(c: *mut c_void, data: *const c_void, len: usize) -> c_int;
    fn SHA1_Final(md: *mut c_uchar, c: *mut c_void) -> c_int;
    fn SHA224_Init(c: *mut c_void) -> c_int;
    fn SHA224_Final(md: *mut c_uchar, c: *mut c_void) -> c_int;
    fn SHA256_Init(c: *mut c_void) -> c_int;
    fn SHA256_Update(c: *mut c_void, data: *const c_void, len: usize) -> c_int;
    fn SHA256_Final(md: *mut c_uchar, c: *mut c_void) -> c_int;
    fn SHA384_Init(c: *mut c_void) -> c_int;
    fn SHA384_Final(md: *mut c_uchar, c: *mut c_void) -> c_int;
    fn SHA512_Init(c: *mut c_void) -> c_int;
    fn SHA512_Update(c: *mut c_void, data: *const c_void, len: usize) -> c_int;
    fn SHA512_Final(md: *mut c_uchar, c: *mut c_void) -> c_int;
}

/// The largest OpenSSL context (`SHA512_CTX`, 216 bytes), 8-aligned.
const OPENSSL_CONTEXT_WORDS: usize = 27;

impl Algorithm {
    /// `sizeof` Apple's context: `CC_MD5_CTX` 92, `CC_SHA1_CTX` 96, `CC_SHA256_CTX` 104,
    /// `CC_SHA512_CTX` 208 — the leading bytes of OpenSSL's, which are the state.
    pub fn context_size(self) -> usize {
        match self {
            Algorithm::Md5 => 92,
            Algorithm::Sha1 => 96,
            Algorithm::Sha224 | Algorithm::Sha256 => 104,
            Algorithm::Sha384 | Algorithm::Sha512 => 208,
        }
    }

    /// The digest's length in bytes (`CC_*_DIGEST_LENGTH`).
    pub fn digest_length(self) -> usize {
        match self {
            Algorithm::Md5 => 16,
            Algorithm::Sha1 => 20,
            Algorithm::Sha224 => 28,
            Algorithm::Sha256 => 32,
            Algorithm::Sha384 => 48,
            Algorithm::Sha512 => 64,
        }
    }

    /// The block's length in bytes (`CC_*_BLOCK_BYTES`).
    pub fn block_length(self) -> usize {
        match self {
            Algorithm::Md5 | Algorithm::Sha1 | Algorithm::Sha224 | Algorithm::Sha256 => 64,
            Algorithm::Sha384 | Algorithm::Sha512 => 128,
        }
    }

    /// The chaining value's length: the leading bytes of every state.
    pub fn chaining_length(self) -> usize {
        match self {
            Algorithm::Md5 => 16,
            Algorithm::Sha1 => 20,
            Algorithm::Sha224 | Algorithm::Sha256 => 32,
            Algorithm::Sha384 | Algorithm::Sha512 => 64,
        }
    }

    /// Where the low word of the bit count (`Nl`) is, and its width.
    fn bit_count(self) -> (usize, usize) {
        match self {
            Algorithm::Md5 => (16, 4),
            Algorithm::Sha1 => (20, 4),
            Algorithm::Sha224 | Algorithm::Sha256 => (32, 4),
            Algorithm::Sha384 | Algorithm::Sha512 => (64, 8),
        }
    }

    /// Where OpenSSL keeps the count of buffered bytes (`num`); for SHA-2, the digest
    /// length (`md_len`) follows it.
    fn buffered_count(self) -> usize {
        match self {
            Algorithm::Md5 => 88,
            Algorithm::Sha1 => 92,
            Algorithm::Sha224 | Algorithm::Sha256 => 104,
            Algorithm::Sha384 | Algorithm::Sha512 => 208,
        }
    }

    fn functions(self) -> Functions {
        match self {
            Algorithm::Md5 => Functions {
                init: MD5_Init,
                update: MD5_Update,
                finish: MD5_Final,
            },
            Algorithm::Sha1 => Functions {
                init: SHA1_Init,
                update: SHA1_Update,
                finish: SHA1_Final,
            },
            Algorithm::Sha224 => Functions {
                init: SHA224_Init,
                update: SHA256_Update,
                finish: SHA224_Final,
            },
            Algorithm::Sha256 => Functions {
                init: SHA256_Init,
                update: SHA256_Update,
                finish: SHA256_Final,
            },
            Algorithm::Sha384 => Functions {
                init: SHA384_Init,
                update: SHA512_Update,
                finish: SHA384_Final,
            },
            Algorithm::Sha512 => Functions {
                init: SHA512_Init,
                update: SHA512_Update,
                finish: SHA512_Final,
            },
        }
    }

    /// OpenSSL's EVP digest, for the one-shot calls.
    pub fn message_digest(self) -> MessageDigest {
        match self {
            Algorithm::Md5 => MessageDigest::md5(),
            Algorithm::Sha1 => MessageDigest::sha1(),
            Algorithm::Sha224 => MessageDigest::sha224(),
            Algorithm::Sha256 => MessageDigest::sha256(),
            Algorithm::Sha384 => MessageDigest::sha384(),
            Algorithm::Sha512 => MessageDigest::sha512(),
        }
    }
}

/// A digest state in OpenSSL's context, taken out of and put back into Apple's.
pub struct State {
    algorithm: Algorithm,
    context: [u64; OPENSSL_CONTEXT_WORDS],
}

impl State {
    /// A new state, as `CC_*_Init` makes it.
    pub fn new(algorithm: Algorithm) -> State {
        let mut state = State {
            algorithm,
            context: [0; OPENSSL_CONTEXT_WORDS],
        };
        // SAFETY: an OpenSSL context of the algorithm fits in `context`.
        unsafe { (algorithm.functions().init)(state.context.as_mut_ptr().cast()) };
        state
    }

    /// The state Apple's context `bytes` holds: a fresh state's tail (digest length) with
    /// the bytes' state over it, and the buffered count recomputed from the bit count.
    pub fn load(algorithm: Algorithm, bytes: &[u8]) -> State {
        let mut state = State::new(algorithm);
        let size = algorithm.context_size();
        state.bytes_mut()[..size].copy_from_slice(&bytes[..size]);
        state.fix_buffered_count();
        state
    }

    /// Writes the state into Apple's context `bytes`.
    pub fn store(&self, bytes: &mut [u8]) {
        let size = self.algorithm.context_size();
        bytes[..size].copy_from_slice(&self.bytes()[..size]);
    }

    fn bytes(&self) -> &[u8] {
        // SAFETY: plain words, read as bytes.
        unsafe {
            std::slice::from_raw_parts(self.context.as_ptr().cast(), OPENSSL_CONTEXT_WORDS * 8)
        }
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: plain words, written as bytes (any bytes are valid words).
        unsafe {
            std::slice::from_raw_parts_mut(
                self.context.as_mut_ptr().cast(),
                OPENSSL_CONTEXT_WORDS * 8,
            )
        }
    }

    /// The low word of the bit count.
    fn bits(&self) -> u64 {
        let (at, width) = self.algorithm.bit_count();
        let word = &self.bytes()[at..at + width];
        match word.try_into() {
            Ok(four) => u64::from(u32::from_ne_bytes(four)),
            Err(_) => u64::from_ne_bytes(word.try_into().expect("a 4- or 8-byte count")),
        }
    }

    fn set_bits(&mut self, bits: u64) {
        let (at, width) = self.algorithm.bit_count();
        let word = match width {
            4 => (bits as u32).to_ne_bytes().to_vec(),
            _ => bits.to_ne_bytes().to_vec(),
        };
        self.bytes_mut()[at..at + width].copy_from_slice(&word);
    }

    /// OpenSSL's count of buffered bytes, from the bit count: always below a block.
    fn fix_buffered_count(&mut self) {
        let block = self.algorithm.block_length() as u64;
        let buffered = ((self.bits() >> 3) % block) as u32;
        let at = self.algorithm.buffered_count();
        self.bytes_mut()[at..at + 4].copy_from_slice(&buffered.to_ne_bytes());
    }

    /// Hashes `data` into the state.
    pub fn update(&mut self, data: &[u8]) {
        if data.is_empty() {
            return;
        }
        // SAFETY: a valid state of the algorithm (its buffered count below a block), and
        // `data` readable.
        unsafe {
            (self.algorithm.functions().update)(
                self.context.as_mut_ptr().cast(),
                data.as_ptr().cast(),
                data.len(),
            )
        };
    }

    /// Finishes the digest into `out` (the digest's length).
    pub fn finish(mut self, out: &mut [u8]) {
        let mut digest = [0u8; 64];
        // SAFETY: a valid state; `digest` holds any of the digests.
        unsafe {
            (self.algorithm.functions().finish)(
                digest.as_mut_ptr(),
                self.context.as_mut_ptr().cast(),
            )
        };
        let length = self.algorithm.digest_length();
        out[..length].copy_from_slice(&digest[..length]);
    }

    /// The chaining value, for HMAC's outer hash.
    pub fn chaining_value(&self) -> &[u8] {
        &self.bytes()[..self.algorithm.chaining_length()]
    }

    /// The state after one block whose chaining value is `value` (HMAC's outer hash, the
    /// padded key hashed).
    pub fn after_one_block(algorithm: Algorithm, value: &[u8]) -> State {
        let mut state = State::new(algorithm);
        let length = algorithm.chaining_length();
        state.bytes_mut()[..length].copy_from_slice(&value[..length]);
        state.set_bits(algorithm.block_length() as u64 * 8);
        state
    }
}

/// `CC_*_Init`, `_Update` and `_Final` on the caller's context: 1 always, as Apple's (but
/// 0, and nothing done, for a NULL context or NULL data with a length).
fn with_context(
    algorithm: Algorithm,
    context: *mut u8,
    change: impl FnOnce(&mut State) -> bool,
) -> c_int {
    guard::value(0, || {
        if context.is_null() {
            return 0;
        }
        // SAFETY: the C API's contract: a context of the algorithm's size.
        let bytes = unsafe { std::slice::from_raw_parts_mut(context, algorithm.context_size()) };
        let mut state = State::load(algorithm, bytes);
        if !change(&mut state) {
            return 0;
        }
        state.store(bytes);
        1
    })
}

fn init(algorithm: Algorithm, context: *mut u8) -> c_int {
    guard::value(0, || {
        if context.is_null() {
            return 0;
        }
        // SAFETY: the C API's contract: a context of the algorithm's size.
        let bytes = unsafe { std::slice::from_raw_parts_mut(context, algorithm.context_size()) };
        State::new(algorithm).store(bytes);
        1
    })
}

/// # Safety
/// `data` must be NULL or hold `length` readable bytes.
unsafe fn update(
    algorithm: Algorithm,
    context: *mut u8,
    data: *const c_void,
    length: CC_LONG,
) -> c_int {
    // SAFETY: the caller's promise.
    let Some(data) = (unsafe { c_args::slice(data.cast::<u8>(), length as usize) }) else {
        return 0;
    };
    with_context(algorithm, context, |state| {
        state.update(data);
        true
    })
}

/// Apple's `_Final` does nothing, and returns 1, without an output.
///
/// # Safety
/// `md` must be NULL or hold the digest's length.
unsafe fn finish(algorithm: Algorithm, md: *mut c_uchar, context: *mut u8) -> c_int {
    if md.is_null() {
        return 1;
    }
    guard::value(0, || {
        if context.is_null() {
            return 0;
        }
        // SAFETY: the C API's contract: a context of the algorithm's size, and room for the
        // digest.
        let (bytes, out) = unsafe {
            (
                std::slice::from_raw_parts_mut(context, algorithm.context_size()),
                std::slice::from_raw_parts_mut(md, algorithm.digest_length()),
            )
        };
        State::load(algorithm, bytes).finish(out);
        1
    })
}

/// The one-shot calls: the digest into `md`, returned; NULL (nothing computed) for a NULL
/// `md`, as Apple's, or NULL data with a length.
///
/// # Safety
/// `data` must be NULL or hold `length` bytes; `md` NULL or room for the digest.
unsafe fn one_shot(
    algorithm: Algorithm,
    data: *const c_void,
    length: CC_LONG,
    md: *mut c_uchar,
) -> *mut c_uchar {
    guard::value(std::ptr::null_mut(), || {
        // SAFETY: the caller's promise.
        let Some(data) = (unsafe { c_args::slice(data.cast::<u8>(), length as usize) }) else {
            return std::ptr::null_mut();
        };
        if md.is_null() {
            return std::ptr::null_mut();
        }
        match openssl::hash::hash(algorithm.message_digest(), data) {
            Ok(digest) => {
                // SAFETY: the caller's promise: room for the digest.
                unsafe { std::ptr::copy_nonoverlapping(digest.as_ptr(), md, digest.len()) };
                md
            }
            Err(e) => {
                log::error!("CommonDigest {algorithm:?}: {e}");
                std::ptr::null_mut()
            }
        }
    })
}

macro_rules! digest_functions {
    ($algorithm:expr, $init:ident, $update:ident, $finish:ident, $one_shot:ident, $context:literal) => {
        #[doc = concat!("`", stringify!($init), "` on a `", $context, "`.")]
        #[no_mangle]
        pub unsafe extern "C" fn $init(c: *mut u8) -> c_int {
            init($algorithm, c)
        }

        #[doc = concat!("`", stringify!($update), "`.")]
        #[no_mangle]
        pub unsafe extern "C" fn $update(c: *mut u8, data: *const c_void, len: CC_LONG) -> c_int {
            // SAFETY: the C API's contract, passed on.
            unsafe { update($algorithm, c, data, len) }
        }

        #[doc = concat!("`", stringify!($finish), "`.")]
        #[no_mangle]
        pub unsafe extern "C" fn $finish(md: *mut c_uchar, c: *mut u8) -> c_int {
            // SAFETY: the C API's contract, passed on.
            unsafe { finish($algorithm, md, c) }
        }

        #[doc = concat!("`", stringify!($one_shot), "`: one-shot, through OpenSSL's EVP.")]
        #[no_mangle]
        pub unsafe extern "C" fn $one_shot(
            data: *const c_void,
            len: CC_LONG,
            md: *mut c_uchar,
        ) -> *mut c_uchar {
            // SAFETY: the C API's contract, passed on.
            unsafe { one_shot($algorithm, data, len, md) }
        }
    };
}

digest_functions!(
    Algorithm::Md5,
    CC_MD5_Init,
    CC_MD5_Update,
    CC_MD5_Final,
    CC_MD5,
    "CC_MD5_CTX"
);
digest_functions!(
    Algorithm::Sha1,
    CC_SHA1_Init,
    CC_SHA1_Update,
    CC_SHA1_Final,
    CC_SHA1,
    "CC_SHA1_CTX"
);
digest_functions!(
    Algorithm::Sha224,
    CC_SHA224_Init,
    CC_SHA224_Update,
    CC_SHA224_Final,
    CC_SHA224,
    "CC_SHA256_CTX"
);
digest_functions!(
    Algorithm::Sha256,
    CC_SHA256_Init,
    CC_SHA256_Update,
    CC_SHA256_Final,
    CC_SHA256,
    "CC_SHA256_CTX"
);
digest_functions!(
    Algorithm::Sha384,
    CC_SHA384_Init,
    CC_SHA384_Update,
    CC_SHA384_Final,
    CC_SHA384,
    "CC_SHA512_CTX"
);
digest_functions!(
    Algorithm::Sha512,
    CC_SHA512_Init,
    CC_SHA512_Update,
    CC_SHA512_Final,
    CC_SHA512,
    "CC_SHA512_CTX"
);

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// FIPS 180-2's "abc" and two-block examples, streamed a byte at a time through a
    /// context copied at every step (as callers copy them), and the one-shot call.
    #[test]
    fn streamed_states_give_the_published_digests() {
        let two_block = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        let cases: [(Algorithm, &[u8], &str); 4] = [
            (
                Algorithm::Sha1,
                b"abc",
                "a9993e364706816aba3e25717850c26c9cd0d89d",
            ),
            (
                Algorithm::Sha256,
                two_block,
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            ),
            (
                Algorithm::Sha224,
                b"abc",
                "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
            ),
            (Algorithm::Md5, b"abc", "900150983cd24fb0d6963f7d28e17f72"),
        ];
        for (algorithm, message, expected) in cases {
            let mut context = vec![0xA5u8; algorithm.context_size()];
            State::new(algorithm).store(&mut context);
            for byte in message {
                let copy = context.clone();
                let mut state = State::load(algorithm, &copy);
                state.update(std::slice::from_ref(byte));
                state.store(&mut context);
            }
            let mut out = [0u8; 64];
            State::load(algorithm, &context).finish(&mut out);
            assert_eq!(
                hex(&out[..algorithm.digest_length()]),
                expected,
                "{algorithm:?}"
            );
        }
    }
}
