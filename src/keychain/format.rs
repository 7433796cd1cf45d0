//! The keychain file's format: a PKCS#12 archive (RFC 7292), the standard `openssl pkcs12
//! -info` shows. One safe, encrypted with the keychain's password (PBES2: PBKDF2 with
//! HMAC-SHA-256, AES-256-CBC), holds a bag per certificate and per private key, each with its
//! label as friendlyName; a key and the certificates that carry it share a localKeyID. A
//! SHA-256 MAC under the same password guards the whole: a wrong password is found before
//! anything is decrypted (damage inside the encrypted bytes looks the same to it).

use std::ffi::{c_int, c_long, c_void, CStr};
use std::ptr;

use foreign_types::{ForeignType, ForeignTypeRef};
use openssl::error::ErrorStack;
use openssl::nid::Nid;
use openssl::pkcs12::{Pkcs12, Pkcs12Ref};
use openssl::pkey::{PKey, PKeyRef, Private};
use openssl::x509::X509;
use openssl_sys::OPENSSL_STACK;

use super::items::{Contents, Labelled, UNNAMED_KEY_LABEL};
use crate::base::{Error, Result};
use crate::certificate::SecCertificate;
use crate::ffi;
pub(super) use crate::keychain_ref::Password;
use crate::status::{errSecAuthFailed, errSecDecode, errSecInternalComponent, errSecParam};

/// PBKDF2 iterations of the encryption key, and PKCS#12-KDF iterations of the MAC key: five
/// times what `openssl pkcs12 -export` uses, ten times a Mac keychain's own key derivation,
/// while a change to a keychain (a read and a write: four derivations) stays near 10 ms.
const ITERATIONS: c_int = 10_000;

/// The archive of `contents`, encrypted and authenticated with `password`.
pub(super) fn encode(contents: &Contents, password: &Password) -> Result<Vec<u8>> {
    let bags = Stack::new(ffi::PKCS12_SAFEBAG_free)?;
    for certificate in &contents.certificates {
        // SAFETY: a live certificate, which the call encodes into a new bag (and keeps not).
        let bag = unsafe { ffi::PKCS12_SAFEBAG_create_cert(certificate.value.x509().as_ptr()) };
        let key = contents.key_of(&certificate.value).map(|k| &*k.value);
        bags.push_bag(bag, &certificate.label, key)?;
    }
    for key in &contents.keys {
        // SAFETY: a live key, encoded into a new PKCS#8 structure, which the bag takes over.
        let bag = unsafe {
            let p8 = openssl_sys::EVP_PKEY2PKCS8(key.value.as_ptr());
            if p8.is_null() {
                return Err(internal("a key PKCS#8 cannot hold"));
            }
            let bag = ffi::PKCS12_SAFEBAG_create0_p8inf(p8);
            if bag.is_null() {
                openssl_sys::PKCS8_PRIV_KEY_INFO_free(p8);
            }
            bag
        };
        let paired = contents
            .has_certificate_of(&key.value)
            .then_some(&*key.value);
        bags.push_bag(bag, &key.label, paired)?;
    }
    let mut safes = ptr::null_mut();
    // SAFETY: the bags are encoded into a new encrypted safe, appended to a new stack.
    let added = unsafe {
        ffi::PKCS12_add_safe(
            &mut safes,
            bags.stack,
            Nid::AES_256_CBC.as_raw(),
            ITERATIONS,
            password.as_ptr(),
        )
    };
    let safes = Stack {
        stack: safes,
        free: free_pkcs7,
    };
    if added != 1 {
        return Err(internal("the encrypted safe"));
    }
    // SAFETY: the safes are encoded into a new archive, which this code then owns.
    let archive = unsafe { ffi::PKCS12_add_safes(safes.stack, 0) };
    if archive.is_null() {
        return Err(internal("the archive"));
    }
    // SAFETY: a new archive, owned from here on.
    let archive = unsafe { Pkcs12::from_ptr(archive) };
    // SAFETY: a live archive; a NUL-terminated password of that length; a random salt.
    let maced = unsafe {
        openssl_sys::PKCS12_set_mac(
            archive.as_ptr(),
            password.as_ptr(),
            password.len(),
            ptr::null_mut(),
            0,
            ITERATIONS,
            openssl_sys::EVP_sha256(),
        )
    };
    if maced != 1 {
        return Err(internal("the MAC"));
    }
    archive.to_der().map_err(|_| internal("the DER"))
}

/// What an archive holds: `errSecAuthFailed` if its MAC does not verify with `password`,
/// `errSecDecode` if it is no PKCS#12 archive, has no MAC, or holds what this module would
/// not write back (a CRL, a secret, nested safes): a keychain is never rewritten without it.
pub(super) fn decode(der: &[u8], password: &Password) -> Result<Contents> {
    let archive = parse(der)?;
    verify(&archive, password)?;
    // SAFETY: a live archive; the safes are a new stack this code owns.
    let safes = unsafe { ffi::PKCS12_unpack_authsafes(archive.as_ptr()) };
    let safes = Stack {
        stack: safes,
        free: free_pkcs7,
    };
    if safes.stack.is_null() {
        return Err(undecodable());
    }
    let mut contents = Contents::default();
    // SAFETY: a stack of PKCS7 safes, alive while `safes` is.
    for safe in unsafe { ffi::stack_items::<_, openssl_sys::PKCS7>(safes.stack) } {
        // SAFETY: a live safe; its bags are a new stack this code owns.
        let bags = unsafe {
            match openssl_sys::OBJ_obj2nid((*safe).type_) {
                ffi::NID_pkcs7_data => ffi::PKCS12_unpack_p7data(safe),
                ffi::NID_pkcs7_encrypted => {
                    ffi::PKCS12_unpack_p7encdata(safe, password.as_ptr(), password.len())
                }
                _ => ptr::null_mut(),
            }
        };
        let bags = Stack {
            stack: bags,
            free: ffi::PKCS12_SAFEBAG_free,
        };
        if bags.stack.is_null() {
            return Err(undecodable());
        }
        // SAFETY: a stack of bags, alive while `bags` is.
        for bag in unsafe { ffi::stack_items::<_, ffi::PKCS12_SAFEBAG>(bags.stack) } {
            // SAFETY: a live bag of that stack.
            unsafe { read_bag(bag, password, &mut contents)? };
        }
    }
    Ok(contents)
}

/// `Ok` if `password` is the archive's: `errSecAuthFailed` if not, `errSecDecode` if `der`
/// is no archive with a MAC. Cheaper than [`decode`]: nothing is decrypted.
pub(super) fn check_password(der: &[u8], password: &Password) -> Result<()> {
    verify(&*parse(der)?, password)
}

/// The archive `der` encodes, all of it: bytes after it are damage too.
fn parse(der: &[u8]) -> Result<Pkcs12> {
    let length = c_long::try_from(der.len()).map_err(|_| undecodable())?;
    let mut next = der.as_ptr();
    // SAFETY: `length` readable bytes; `next` is advanced past what was decoded.
    let archive = unsafe { openssl_sys::d2i_PKCS12(ptr::null_mut(), &mut next, length) };
    if archive.is_null() {
        return Err(undecodable());
    }
    // SAFETY: a new archive, owned from here on.
    let archive = unsafe { Pkcs12::from_ptr(archive) };
    if next != der.as_ptr().wrapping_add(der.len()) {
        return Err(undecodable());
    }
    Ok(archive)
}

/// Checks the archive's MAC: a mismatch, with nothing else amiss, is a wrong password.
fn verify(archive: &Pkcs12Ref, password: &Password) -> Result<()> {
    // SAFETY: a live archive.
    if unsafe { ffi::PKCS12_mac_present(archive.as_ptr()) } != 1 {
        return Err(undecodable());
    }
    drop(ErrorStack::get());
    // SAFETY: a live archive; a NUL-terminated password of that length.
    let verified =
        unsafe { ffi::PKCS12_verify_mac(archive.as_ptr(), password.as_ptr(), password.len()) };
    if verified == 1 {
        return Ok(());
    }
    // OpenSSL queues an error when it cannot compute the MAC, none when it differs.
    if ErrorStack::get().errors().is_empty() {
        Err(Error::from_code(errSecAuthFailed))
    } else {
        Err(undecodable())
    }
}

/// Adds what one bag holds to `contents`.
///
/// # Safety
/// `bag` is a live bag.
unsafe fn read_bag(
    bag: *mut ffi::PKCS12_SAFEBAG,
    password: &Password,
    contents: &mut Contents,
) -> Result<()> {
    // SAFETY: the caller's promise.
    let (kind, label) = unsafe { (ffi::PKCS12_SAFEBAG_get_nid(bag), friendly_name(bag)) };
    match kind {
        ffi::NID_certBag => {
            // SAFETY: a live bag; the certificate is a new reference this code owns.
            let certificate = unsafe { ffi::PKCS12_SAFEBAG_get1_cert(bag) };
            if certificate.is_null() {
                return Err(undecodable());
            }
            // SAFETY: as above.
            let certificate = SecCertificate::from_x509(unsafe { X509::from_ptr(certificate) });
            contents.certificates.push(Labelled {
                label: label.unwrap_or_else(|| certificate.subject_summary()),
                value: certificate,
            });
        }
        ffi::NID_keyBag | ffi::NID_pkcs8ShroudedKeyBag => {
            // SAFETY: a live bag; a plain bag's key info stays the bag's, a shrouded bag's
            // is decrypted into a new one this code frees.
            let key = unsafe {
                if kind == ffi::NID_keyBag {
                    openssl_sys::EVP_PKCS82PKEY(ffi::PKCS12_SAFEBAG_get0_p8inf(bag))
                } else {
                    let p8 = ffi::PKCS12_decrypt_skey(bag, password.as_ptr(), password.len());
                    let key = if p8.is_null() {
                        ptr::null_mut()
                    } else {
                        openssl_sys::EVP_PKCS82PKEY(p8)
                    };
                    openssl_sys::PKCS8_PRIV_KEY_INFO_free(p8);
                    key
                }
            };
            if key.is_null() {
                return Err(undecodable());
            }
            contents.keys.push(Labelled {
                label: label.unwrap_or_else(|| UNNAMED_KEY_LABEL.to_owned()),
                // SAFETY: a new key this code owns.
                value: unsafe { PKey::from_ptr(key) },
            });
        }
        _ => return Err(undecodable()),
    }
    Ok(())
}

/// The bag's friendlyName.
///
/// # Safety
/// `bag` is a live bag.
unsafe fn friendly_name(bag: *mut ffi::PKCS12_SAFEBAG) -> Option<String> {
    // SAFETY: the caller's promise; the name is a new C string this code frees.
    unsafe {
        let name = ffi::PKCS12_get_friendlyname(bag);
        if name.is_null() {
            return None;
        }
        let label = CStr::from_ptr(name).to_string_lossy().into_owned();
        openssl_sys::OPENSSL_free(name.cast());
        Some(label)
    }
}

/// An OpenSSL stack this code owns, freed with its elements.
struct Stack {
    stack: *mut OPENSSL_STACK,
    free: unsafe extern "C" fn(*mut c_void),
}

impl Stack {
    fn new(free: unsafe extern "C" fn(*mut c_void)) -> Result<Stack> {
        // SAFETY: a new empty stack, owned from here on.
        let stack = unsafe { openssl_sys::OPENSSL_sk_new_null() };
        if stack.is_null() {
            return Err(internal("a stack"));
        }
        Ok(Stack { stack, free })
    }

    /// Appends a new bag (NULL: its making failed) with its label and, for a key and the
    /// certificates that carry it, their shared localKeyID.
    fn push_bag(
        &self,
        bag: *mut ffi::PKCS12_SAFEBAG,
        label: &str,
        key: Option<&PKeyRef<Private>>,
    ) -> Result<()> {
        if bag.is_null() {
            return Err(internal("a bag"));
        }
        // SAFETY: a new bag, which the stack owns once pushed (and which is freed here if
        // it cannot be).
        if unsafe { openssl_sys::OPENSSL_sk_push(self.stack, bag.cast()) } <= 0 {
            // SAFETY: as above.
            unsafe { ffi::PKCS12_SAFEBAG_free(bag.cast()) };
            return Err(internal("a bag"));
        }
        let length = c_int::try_from(label.len()).map_err(|_| Error::from_code(errSecParam))?;
        // SAFETY: a live bag; the label's bytes, of that length, are copied.
        if unsafe { ffi::PKCS12_add_friendlyname_utf8(bag, label.as_ptr().cast(), length) } != 1 {
            return Err(internal("a label"));
        }
        if let Some(key) = key {
            let public = key.public_key_to_der().map_err(|_| internal("a key ID"))?;
            let id = openssl::sha::sha1(&public);
            // SAFETY: a live bag; the ID's 20 bytes are copied.
            if unsafe { ffi::PKCS12_add_localkeyid(bag, id.as_ptr(), id.len() as c_int) } != 1 {
                return Err(internal("a key ID"));
            }
        }
        Ok(())
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        if !self.stack.is_null() {
            // SAFETY: a stack this code owns, of elements `free` frees.
            unsafe { openssl_sys::OPENSSL_sk_pop_free(self.stack, Some(self.free)) };
        }
    }
}

unsafe extern "C" fn free_pkcs7(safe: *mut c_void) {
    // SAFETY: called by `OPENSSL_sk_pop_free` on each safe of a stack this code owns.
    unsafe { openssl_sys::PKCS7_free(safe.cast()) };
}

/// `errSecDecode`, with what OpenSSL said logged and cleared.
fn undecodable() -> Error {
    let errors = ErrorStack::get();
    if !errors.errors().is_empty() {
        log::warn!("keychain file not decoded: {errors}");
    }
    Error::from_code(errSecDecode)
}

/// `errSecInternalComponent`: OpenSSL could not make `what`.
fn internal(what: &str) -> Error {
    log::error!("keychain file: {what} not encoded: {}", ErrorStack::get());
    Error::from_code(errSecInternalComponent)
}
