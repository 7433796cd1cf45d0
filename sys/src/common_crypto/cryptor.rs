//! CommonCryptor.h: AES (128, 192 and 256-bit keys), DES and triple DES, in CBC or ECB
//! mode, with or without PKCS#7 padding — one-shot (`CCCrypt`) or streaming
//! (`CCCryptorCreate`/`Update`/`Final`/`Release`).
//!
//! OpenSSL's EVP does the block cipher, without padding, on whole blocks; the buffering and
//! PKCS#7 padding are CommonCryptor.c's, so output lengths are Apple's to the byte:
//! `CCCryptorGetOutputLength` is its formula, an update writes exactly that much, and
//! decrypting with padding holds back the last block for `CCCryptorFinal`. Single DES is in
//! OpenSSL 3's legacy provider, fetched from the library's own legacy context. CAST, RC4,
//! RC2 and Blowfish are `kCCUnimplemented`.
//!
//! A `CCCryptorRef` is a handle of the library's object runtime, so that a released or
//! foreign reference is refused (`kCCParamError`) rather than used.

use std::ffi::c_void;

use foreign_types::ForeignType;
use openssl::cipher::{Cipher, CipherRef};
use openssl::cipher_ctx::CipherCtx;

use crate::c_args;
use crate::cf::runtime::{self, Class, Exclusive, Instance};
use crate::common_crypto::{
    kCCAlignmentError, kCCBufferTooSmall, kCCDecodeError, kCCKeySizeError, kCCMemoryFailure,
    kCCParamError, kCCSuccess, kCCUnimplemented, CCStatus,
};
use crate::guard;

/// `CCOperation`.
pub type CCOperation = u32;
/// `CCAlgorithm`.
pub type CCAlgorithm = u32;
/// `CCOptions`.
pub type CCOptions = u32;
/// `CCCryptorRef`: a handle.
pub type CCCryptorRef = *const c_void;

/// `kCCEncrypt`.
pub const kCCEncrypt: CCOperation = 0;
/// `kCCDecrypt`.
pub const kCCDecrypt: CCOperation = 1;
/// `kCCAlgorithmAES` (also `kCCAlgorithmAES128`): the key size picks AES-128, -192 or -256.
pub const kCCAlgorithmAES: CCAlgorithm = 0;
/// `kCCAlgorithmDES`.
pub const kCCAlgorithmDES: CCAlgorithm = 1;
/// `kCCAlgorithm3DES`: three-key EDE.
pub const kCCAlgorithm3DES: CCAlgorithm = 2;
/// `kCCAlgorithmBlowfish`, the last algorithm Apple numbers.
pub const kCCAlgorithmBlowfish: CCAlgorithm = 6;
/// `kCCOptionPKCS7Padding`.
pub const kCCOptionPKCS7Padding: CCOptions = 1;
/// `kCCOptionECBMode`: ECB instead of CBC.
pub const kCCOptionECBMode: CCOptions = 2;

/// A cryptor: the cipher context and what CommonCryptor.c keeps around it.
pub struct Cryptor {
    context: CipherCtx,
    decrypt: bool,
    padding: bool,
    block: usize,
    /// Input not processed yet: less than a block, or (decrypting with padding) up to the
    /// last whole block.
    held: Vec<u8>,
}

static CLASS: Class = Class::new::<Exclusive<Cryptor>>("CCCryptor");

impl Instance for Exclusive<Cryptor> {
    fn class() -> &'static Class {
        &CLASS
    }
}

/// Rounds down to whole blocks.
fn whole_blocks(length: usize, block: usize) -> usize {
    length / block * block
}

impl Cryptor {
    /// A cryptor; `iv` NULL (zeros) or a block.
    ///
    /// # Safety
    /// `iv` must be NULL or hold the cipher's block of bytes.
    unsafe fn new(
        operation: CCOperation,
        algorithm: CCAlgorithm,
        options: CCOptions,
        key: &[u8],
        iv: *const c_void,
    ) -> Result<Cryptor, CCStatus> {
        let decrypt = match operation {
            kCCEncrypt => false,
            kCCDecrypt => true,
            _ => return Err(kCCParamError),
        };
        let ecb = options & kCCOptionECBMode != 0;
        let legacy;
        let cipher: &CipherRef = match (algorithm, key.len(), ecb) {
            (kCCAlgorithmAES, 16, false) => Cipher::aes_128_cbc(),
            (kCCAlgorithmAES, 16, true) => Cipher::aes_128_ecb(),
            (kCCAlgorithmAES, 24, false) => Cipher::aes_192_cbc(),
            (kCCAlgorithmAES, 24, true) => Cipher::aes_192_ecb(),
            (kCCAlgorithmAES, 32, false) => Cipher::aes_256_cbc(),
            (kCCAlgorithmAES, 32, true) => Cipher::aes_256_ecb(),
            (kCCAlgorithm3DES, 24, false) => Cipher::des_ede3_cbc(),
            (kCCAlgorithm3DES, 24, true) => Cipher::des_ede3_ecb(),
            (kCCAlgorithmDES, 8, _) => {
                let context =
                    secure_transport::import_export::legacy_context().ok_or(kCCUnimplemented)?;
                let name = if ecb { "DES-ECB" } else { "DES-CBC" };
                legacy = Cipher::fetch(Some(context), name, None).map_err(|e| {
                    log::warn!("CommonCryptor: single DES from OpenSSL's legacy provider: {e}");
                    kCCUnimplemented
                })?;
                &legacy
            }
            (kCCAlgorithmAES | kCCAlgorithmDES | kCCAlgorithm3DES, _, _) => {
                return Err(kCCKeySizeError)
            }
            (..=kCCAlgorithmBlowfish, _, _) => return Err(kCCUnimplemented),
            _ => return Err(kCCParamError),
        };
        let block = cipher.block_size();
        let zeros = vec![0u8; block];
        let iv = match (ecb, iv.is_null()) {
            (true, _) => None,
            (false, true) => Some(&zeros[..]),
            // SAFETY: the caller's promise: a block.
            (false, false) => Some(unsafe { std::slice::from_raw_parts(iv.cast::<u8>(), block) }),
        };
        let mut context = CipherCtx::new().map_err(|_| kCCMemoryFailure)?;
        let started = if decrypt {
            context.decrypt_init(Some(cipher), Some(key), iv)
        } else {
            context.encrypt_init(Some(cipher), Some(key), iv)
        };
        started.map_err(|e| {
            log::error!("CommonCryptor: OpenSSL refused the cipher: {e}");
            kCCParamError
        })?;
        context.set_padding(false);
        Ok(Cryptor {
            context,
            decrypt,
            padding: options & kCCOptionPKCS7Padding != 0,
            block,
            held: Vec::new(),
        })
    }

    /// How many bytes an update of `length` more bytes (`last`: and the final call) puts
    /// out, CommonCryptor.c's formula.
    fn output_length(&self, length: usize, last: bool) -> usize {
        let total = self.held.len().saturating_add(length);
        match (self.padding, self.decrypt, last) {
            (false, _, _) => whole_blocks(total, self.block),
            (true, false, true) => whole_blocks(total + self.block, self.block),
            (true, false, false) => whole_blocks(total, self.block),
            (true, true, true) => total,
            // The last whole block waits for the final call, which takes the padding off.
            (true, true, false) => whole_blocks(
                total - usize::from(total > 0 && total.is_multiple_of(self.block)),
                self.block,
            ),
        }
    }

    /// Runs whole blocks through the cipher into `out`.
    fn process(context: &mut CipherCtx, blocks: &[u8], out: &mut [u8]) -> Result<(), CCStatus> {
        // OpenSSL takes an int's worth at a time.
        const CHUNK: usize = 1 << 20;
        let mut written = 0;
        for chunk in blocks.chunks(CHUNK) {
            // SAFETY: padding is off and `chunk` is whole blocks, so OpenSSL writes exactly
            // `chunk.len()` bytes, and `out` has them.
            let n = unsafe { context.cipher_update_unchecked(chunk, Some(&mut out[written..])) }
                .map_err(|e| {
                    log::error!("CommonCryptor: {e}");
                    kCCParamError
                })?;
            written += n;
        }
        Ok(())
    }

    /// `CCCryptorUpdate` after the checks: takes `input`, puts out what the formula says.
    fn update(&mut self, input: &[u8], out: &mut [u8]) -> Result<usize, CCStatus> {
        let length = self.output_length(input.len(), false);
        let mut all = std::mem::take(&mut self.held);
        all.extend_from_slice(input);
        let result = Self::process(&mut self.context, &all[..length], &mut out[..length]);
        self.held = all.split_off(length);
        result.map(|()| length)
    }

    /// `CCCryptorFinal`'s output, without touching the state the caller may retry with: a
    /// copy of the cipher context does the work, and replaces the original once the output
    /// fits.
    fn finish(&mut self, available: usize) -> Result<Vec<u8>, CCStatus> {
        let block = self.block;
        let input = match (self.padding, self.decrypt) {
            (false, _) if self.held.is_empty() => return Ok(Vec::new()),
            (false, _) => return Err(kCCAlignmentError),
            (true, false) => {
                let pad = block - self.held.len() % block;
                let mut padded = self.held.clone();
                padded.resize(self.held.len() + pad, pad as u8);
                padded
            }
            (true, true) if self.held.is_empty() => return Err(kCCDecodeError),
            (true, true) if !self.held.len().is_multiple_of(block) => {
                return Err(kCCAlignmentError)
            }
            (true, true) => self.held.clone(),
        };
        let mut context = self.fork()?;
        let mut out = vec![0u8; input.len()];
        Self::process(&mut context, &input, &mut out)?;
        if self.decrypt {
            let pad = usize::from(*out.last().expect("a whole block"));
            let valid = (1..=block).contains(&pad)
                && out[out.len() - pad..]
                    .iter()
                    .all(|&b| usize::from(b) == pad);
            if !valid {
                return Err(kCCDecodeError);
            }
            out.truncate(out.len() - pad);
        }
        if out.len() > available {
            return Err(kCCBufferTooSmall);
        }
        self.context = context;
        self.held.clear();
        Ok(out)
    }

    /// A copy of the cipher context, its key and chaining state.
    fn fork(&self) -> Result<CipherCtx, CCStatus> {
        let copy = CipherCtx::new().map_err(|_| kCCMemoryFailure)?;
        // SAFETY: two live contexts; the copy takes the original's cipher, key and state.
        let copied =
            unsafe { openssl_sys::EVP_CIPHER_CTX_copy(copy.as_ptr(), self.context.as_ptr()) };
        if copied == 1 {
            Ok(copy)
        } else {
            Err(kCCMemoryFailure)
        }
    }
}

/// The arguments of `CCCryptorCreate` and `CCCrypt`, checked.
///
/// # Safety
/// `key` must be NULL or hold `key_length` bytes; `iv` NULL or hold a block.
unsafe fn create(
    operation: CCOperation,
    algorithm: CCAlgorithm,
    options: CCOptions,
    key: *const c_void,
    key_length: usize,
    iv: *const c_void,
) -> Result<Cryptor, CCStatus> {
    if key.is_null() {
        return Err(kCCParamError);
    }
    // SAFETY: the caller's promise.
    let key = unsafe { c_args::slice(key.cast::<u8>(), key_length) }.ok_or(kCCParamError)?;
    // SAFETY: the caller's promise: NULL or a block, read once the cipher says how long.
    unsafe { Cryptor::new(operation, algorithm, options, key, iv) }
}

/// `CCCryptorCreate`: `kCCParamError` for a NULL key or result, an unknown operation or
/// algorithm; `kCCKeySizeError` for a key of the wrong size; `kCCUnimplemented` for CAST,
/// RC4, RC2 and Blowfish. A NULL IV is all zeros (CBC); ECB ignores it.
#[no_mangle]
pub unsafe extern "C" fn CCCryptorCreate(
    op: CCOperation,
    alg: CCAlgorithm,
    options: CCOptions,
    key: *const c_void,
    key_length: usize,
    iv: *const c_void,
    cryptor_ref: *mut CCCryptorRef,
) -> CCStatus {
    guard::value(kCCParamError, || {
        if cryptor_ref.is_null() {
            return kCCParamError;
        }
        // SAFETY: the C API's contract, passed on.
        let made = unsafe { create(op, alg, options, key, key_length, iv) };
        let (status, reference) = match made {
            Ok(cryptor) => match runtime::create(Exclusive::new(cryptor)) {
                reference if reference.is_null() => (kCCMemoryFailure, reference),
                reference => (kCCSuccess, reference),
            },
            Err(status) => (status, std::ptr::null()),
        };
        // SAFETY: checked not NULL; the C API's contract: a place for the reference.
        unsafe { c_args::put(cryptor_ref, reference) };
        status
    })
}

/// `CCCryptorRelease`: `kCCSuccess`, also for NULL (as Apple); `kCCParamError` for
/// something that is no cryptor.
#[no_mangle]
pub extern "C" fn CCCryptorRelease(cryptor_ref: CCCryptorRef) -> CCStatus {
    guard::value(kCCParamError, || {
        if cryptor_ref.is_null() {
            return kCCSuccess;
        }
        if runtime::hold::<Exclusive<Cryptor>>(cryptor_ref).is_none() {
            return kCCParamError;
        }
        runtime::release(cryptor_ref);
        kCCSuccess
    })
}

/// `CCCryptorGetOutputLength`: what an update of `input_length` bytes (`final`: then the
/// final call) puts out. 0 for something that is no cryptor (Apple returns
/// `kCCParamError` cast to a size).
#[no_mangle]
pub extern "C" fn CCCryptorGetOutputLength(
    cryptor_ref: CCCryptorRef,
    input_length: usize,
    last: bool,
) -> usize {
    guard::value(0, || match runtime::enter::<Cryptor>(cryptor_ref) {
        Ok(cryptor) => cryptor.output_length(input_length, last),
        Err(_) => 0,
    })
}

/// `CCCryptorUpdate`: `kCCBufferTooSmall`, nothing lost, with the length needed in
/// `data_out_moved` when `data_out_available` is short; in place (the same buffer in and
/// out) is allowed.
#[no_mangle]
pub unsafe extern "C" fn CCCryptorUpdate(
    cryptor_ref: CCCryptorRef,
    data_in: *const c_void,
    data_in_length: usize,
    data_out: *mut c_void,
    data_out_available: usize,
    data_out_moved: *mut usize,
) -> CCStatus {
    guard::value(kCCParamError, || {
        let Ok(mut cryptor) = runtime::enter::<Cryptor>(cryptor_ref) else {
            return kCCParamError;
        };
        // SAFETY: the C API's contract: NULL or a place for a length.
        let moved = |n: usize| unsafe { c_args::put(data_out_moved, n) };
        moved(0);
        if data_in_length == 0 {
            return kCCSuccess;
        }
        let needed = cryptor.output_length(data_in_length, false);
        if needed > data_out_available {
            moved(needed);
            return kCCBufferTooSmall;
        }
        // SAFETY: the C API's contract: `data_in_length` readable bytes (copied before any
        // output is written, so the buffers may be one).
        let Some(input) =
            (unsafe { c_args::slice(data_in.cast::<u8>(), data_in_length) }).map(<[u8]>::to_vec)
        else {
            return kCCParamError;
        };
        if data_out.is_null() && needed > 0 {
            return kCCParamError;
        }
        let mut out = vec![0u8; needed];
        match cryptor.update(&input, &mut out) {
            Ok(written) => {
                // SAFETY: the C API's contract: `data_out_available` writable bytes, at
                // least `written`.
                unsafe {
                    std::ptr::copy_nonoverlapping(out.as_ptr(), data_out.cast::<u8>(), written)
                };
                moved(written);
                kCCSuccess
            }
            Err(status) => status,
        }
    })
}

/// `CCCryptorFinal`: the padding (encrypting) or the last block without it (decrypting).
/// `kCCAlignmentError` for input not a whole number of blocks without padding, or
/// ciphertext that is none with it; `kCCDecodeError` for a bad padding; `kCCBufferTooSmall`
/// leaves the cryptor as it was. `kCCSuccess` for NULL, as Apple.
#[no_mangle]
pub unsafe extern "C" fn CCCryptorFinal(
    cryptor_ref: CCCryptorRef,
    data_out: *mut c_void,
    data_out_available: usize,
    data_out_moved: *mut usize,
) -> CCStatus {
    guard::value(kCCParamError, || {
        if cryptor_ref.is_null() {
            return kCCSuccess;
        }
        let Ok(mut cryptor) = runtime::enter::<Cryptor>(cryptor_ref) else {
            return kCCParamError;
        };
        // SAFETY: the C API's contract: NULL or a place for a length.
        let moved = |n: usize| unsafe { c_args::put(data_out_moved, n) };
        moved(0);
        let available = if data_out.is_null() {
            0
        } else {
            data_out_available
        };
        match cryptor.finish(available) {
            Ok(out) => {
                if !out.is_empty() {
                    // SAFETY: the C API's contract: `data_out_available` writable bytes, at
                    // least `out.len()` (checked).
                    unsafe {
                        std::ptr::copy_nonoverlapping(
                            out.as_ptr(),
                            data_out.cast::<u8>(),
                            out.len(),
                        )
                    };
                }
                moved(out.len());
                kCCSuccess
            }
            Err(status) => status,
        }
    })
}

/// `CCCrypt`: create, update, final and release in one call. The output must hold
/// `CCCryptorGetOutputLength(…, true)` bytes — the input's length, decrypting with padding —
/// else `kCCBufferTooSmall` with that length in `data_out_moved`.
#[no_mangle]
pub unsafe extern "C" fn CCCrypt(
    op: CCOperation,
    alg: CCAlgorithm,
    options: CCOptions,
    key: *const c_void,
    key_length: usize,
    iv: *const c_void,
    data_in: *const c_void,
    data_in_length: usize,
    data_out: *mut c_void,
    data_out_available: usize,
    data_out_moved: *mut usize,
) -> CCStatus {
    guard::value(kCCParamError, || {
        // SAFETY: the C API's contract, passed on.
        let mut cryptor = match unsafe { create(op, alg, options, key, key_length, iv) } {
            Ok(cryptor) => cryptor,
            Err(status) => return status,
        };
        let needed = cryptor.output_length(data_in_length, true);
        // SAFETY: the C API's contract: NULL or a place for a length.
        let moved = |n: usize| unsafe { c_args::put(data_out_moved, n) };
        moved(needed);
        if needed > data_out_available {
            return kCCBufferTooSmall;
        }
        // SAFETY: the C API's contract: `data_in_length` readable bytes.
        let Some(input) =
            (unsafe { c_args::slice(data_in.cast::<u8>(), data_in_length) }).map(<[u8]>::to_vec)
        else {
            return kCCParamError;
        };
        if data_out.is_null() && needed > 0 {
            return kCCParamError;
        }
        let mut out = vec![0u8; cryptor.output_length(data_in_length, false)];
        let result = cryptor.update(&input, &mut out).and_then(|written| {
            out.truncate(written);
            let last = cryptor.finish(data_out_available - written)?;
            out.extend_from_slice(&last);
            Ok(())
        });
        match result {
            Ok(()) => {
                // SAFETY: the C API's contract: `data_out_available` writable bytes, at least
                // `needed`, at least `out.len()`.
                unsafe {
                    std::ptr::copy_nonoverlapping(out.as_ptr(), data_out.cast::<u8>(), out.len())
                };
                moved(out.len());
                kCCSuccess
            }
            Err(status) => status,
        }
    })
}
