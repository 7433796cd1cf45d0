//! SecCertificate: an X.509 certificate, made from DER, and what Apple reads out of one.

use secure_transport::certificate::SecCertificate;
use secure_transport::key::KeyError;
use secure_transport::status::{errSecDecode, errSecParam, errSecSuccess};
use secure_transport::OSStatus;

use crate::c_args;
use crate::cf::array;
use crate::cf::data::{self, Data};
use crate::cf::date;
use crate::cf::runtime::{self, Class, Instance};
use crate::cf::string;
use crate::cf::types::{CFAllocatorRef, CFIndex, CFTypeID, CFTypeRef};
use crate::guard;
use crate::security::key::put_error;

static CLASS: Class = Class::with_equal_values::<SecCertificate>("SecCertificate");

impl Instance for SecCertificate {
    fn class() -> &'static Class {
        &CLASS
    }
}

/// A new CFArray of certificate objects, owned by the caller.
pub fn array_of(certificates: impl IntoIterator<Item = SecCertificate>) -> CFTypeRef {
    array::of_created(certificates.into_iter().map(runtime::create).collect())
}

/// The certificates behind references, if every one is a certificate.
pub fn values(references: &[CFTypeRef]) -> Option<Vec<SecCertificate>> {
    references
        .iter()
        .map(|&r| runtime::hold::<SecCertificate>(r).map(|c| c.clone()))
        .collect()
}

/// `SecCertificateGetTypeID`.
#[no_mangle]
pub extern "C" fn SecCertificateGetTypeID() -> CFTypeID {
    CLASS.id()
}

/// `SecCertificateCreateWithData`: NULL if `data` is no DER certificate.
#[no_mangle]
pub extern "C" fn SecCertificateCreateWithData(
    _allocator: CFAllocatorRef,
    data: CFTypeRef,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let Some(data) = runtime::hold::<Data>(data) else {
            return std::ptr::null();
        };
        match SecCertificate::from_der(&data.bytes()) {
            Ok(certificate) => runtime::create(certificate),
            Err(_) => std::ptr::null(),
        }
    })
}

/// `SecCertificateCopyData`: the DER, owned by the caller.
#[no_mangle]
pub extern "C" fn SecCertificateCopyData(certificate: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        runtime::hold::<SecCertificate>(certificate)
            .map_or(std::ptr::null(), |c| data::create(c.to_der()))
    })
}

/// `SecCertificateCopySubjectSummary`: a human-readable name, owned by the caller.
#[no_mangle]
pub extern "C" fn SecCertificateCopySubjectSummary(certificate: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        runtime::hold::<SecCertificate>(certificate)
            .map_or(std::ptr::null(), |c| string::create(&c.subject_summary()))
    })
}

/// `SecCertificateCreateWithBytes` (SPI, SecCertificatePriv.h): as
/// `SecCertificateCreateWithData`, from a buffer.
#[no_mangle]
pub unsafe extern "C" fn SecCertificateCreateWithBytes(
    _allocator: CFAllocatorRef,
    bytes: *const u8,
    length: CFIndex,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let length = usize::try_from(length).unwrap_or(usize::MAX);
        // SAFETY: the C API's contract: `length` readable bytes.
        match unsafe { c_args::slice(bytes, length) }.map(SecCertificate::from_der) {
            Some(Ok(certificate)) => runtime::create(certificate),
            _ => std::ptr::null(),
        }
    })
}

/// Stores what `make` makes of the certificate through `out`; `errSecParam` for no
/// certificate or a NULL `out`.
///
/// # Safety
/// A non-null `out` must be valid for a write of a reference.
unsafe fn copy_out(
    certificate: CFTypeRef,
    out: *mut CFTypeRef,
    make: impl FnOnce(&SecCertificate) -> secure_transport::Result<CFTypeRef>,
) -> OSStatus {
    let Some(certificate) = runtime::hold::<SecCertificate>(certificate) else {
        return errSecParam;
    };
    match make(&certificate) {
        // SAFETY: the caller's promise: NULL or a writable out-pointer.
        Ok(made) => match unsafe { c_args::put(out, made) } {
            true => errSecSuccess,
            false => {
                crate::cf::base::CFRelease(made);
                errSecParam
            }
        },
        Err(e) => e.code(),
    }
}

/// `SecCertificateCopyCommonName`: the subject's last common name; `errSecInternal`
/// (-26276) for a subject without one, as on Apple.
#[no_mangle]
pub unsafe extern "C" fn SecCertificateCopyCommonName(
    certificate: CFTypeRef,
    common_name: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe {
            copy_out(certificate, common_name, |c| {
                c.common_name().map(|name| string::create(&name))
            })
        }
    })
}

/// `SecCertificateCopyEmailAddresses`: a CFArray of CFStrings, empty if there are none.
#[no_mangle]
pub unsafe extern "C" fn SecCertificateCopyEmailAddresses(
    certificate: CFTypeRef,
    email_addresses: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe {
            copy_out(certificate, email_addresses, |c| {
                let emails = c.email_addresses()?;
                Ok(array::of_created(
                    emails.iter().map(|e| string::create(e)).collect(),
                ))
            })
        }
    })
}

/// `SecCertificateCopyPublicKey` (macOS's form): the key through `key`.
#[no_mangle]
pub unsafe extern "C" fn SecCertificateCopyPublicKey(
    certificate: CFTypeRef,
    key: *mut CFTypeRef,
) -> OSStatus {
    guard::status(|| {
        // SAFETY: the C API's contract: NULL or a writable out-pointer.
        unsafe { copy_out(certificate, key, |c| c.public_key().map(runtime::create)) }
    })
}

/// `SecCertificateCopyKey`: the public key, or NULL (no certificate, or a key that is
/// neither RSA nor EC).
#[no_mangle]
pub extern "C" fn SecCertificateCopyKey(certificate: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        runtime::hold::<SecCertificate>(certificate)
            .and_then(|c| c.public_key().ok())
            .map_or(std::ptr::null(), runtime::create)
    })
}

/// A description of the certificate (macOS: both descriptions are the label Apple infers,
/// the subject summary), or NULL and `*error`.
///
/// # Safety
/// A non-null `error` must be valid for a write of a reference.
unsafe fn description(certificate: CFTypeRef, error: *mut CFTypeRef) -> CFTypeRef {
    match runtime::hold::<SecCertificate>(certificate) {
        Some(certificate) => string::create(&certificate.subject_summary()),
        None => {
            // SAFETY: the caller's promise: NULL or a writable error pointer.
            unsafe { put_error(error, &KeyError::new(errSecParam, "no certificate")) };
            std::ptr::null()
        }
    }
}

/// `SecCertificateCopyLongDescription`.
#[no_mangle]
pub unsafe extern "C" fn SecCertificateCopyLongDescription(
    _allocator: CFAllocatorRef,
    certificate: CFTypeRef,
    error: *mut CFTypeRef,
) -> CFTypeRef {
    // SAFETY: the C API's contract: NULL or a writable error pointer.
    guard::value(std::ptr::null(), || unsafe {
        description(certificate, error)
    })
}

/// `SecCertificateCopyShortDescription`.
#[no_mangle]
pub unsafe extern "C" fn SecCertificateCopyShortDescription(
    _allocator: CFAllocatorRef,
    certificate: CFTypeRef,
    error: *mut CFTypeRef,
) -> CFTypeRef {
    // SAFETY: the C API's contract: NULL or a writable error pointer.
    guard::value(std::ptr::null(), || unsafe {
        description(certificate, error)
    })
}

/// `SecCertificateCopySerialNumberData`: the serial number's INTEGER bytes; NULL and
/// `errSecDecode` for no certificate, as on Apple.
#[no_mangle]
pub unsafe extern "C" fn SecCertificateCopySerialNumberData(
    certificate: CFTypeRef,
    error: *mut CFTypeRef,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let serial =
            runtime::hold::<SecCertificate>(certificate).and_then(|c| c.serial_number_bytes().ok());
        match serial {
            Some(bytes) => data::create(bytes),
            None => {
                let e = KeyError::new(
                    errSecDecode,
                    secure_transport::status::message(errSecDecode),
                );
                // SAFETY: the C API's contract: NULL or a writable error pointer.
                unsafe { put_error(error, &e) };
                std::ptr::null()
            }
        }
    })
}

/// `SecCertificateCopySerialNumber` (macOS's form, with an error): the same.
#[no_mangle]
pub unsafe extern "C" fn SecCertificateCopySerialNumber(
    certificate: CFTypeRef,
    error: *mut CFTypeRef,
) -> CFTypeRef {
    // SAFETY: the C API's contract, passed on.
    unsafe { SecCertificateCopySerialNumberData(certificate, error) }
}

/// A certificate's field made a new CF object by `create`; NULL for no certificate or no
/// such field.
fn copy_field<T>(
    certificate: CFTypeRef,
    read: impl FnOnce(&SecCertificate) -> Option<T>,
    create: impl FnOnce(T) -> CFTypeRef,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        runtime::hold::<SecCertificate>(certificate)
            .and_then(|c| read(&c))
            .map_or(std::ptr::null(), create)
    })
}

/// `SecCertificateCopyNormalizedIssuerSequence`: the issuer's Name as Apple normalizes it.
#[no_mangle]
pub extern "C" fn SecCertificateCopyNormalizedIssuerSequence(certificate: CFTypeRef) -> CFTypeRef {
    copy_field(certificate, SecCertificate::issuer, data::create)
}

/// `SecCertificateCopyNormalizedSubjectSequence`: the subject's Name, normalized.
#[no_mangle]
pub extern "C" fn SecCertificateCopyNormalizedSubjectSequence(certificate: CFTypeRef) -> CFTypeRef {
    copy_field(certificate, SecCertificate::subject, data::create)
}

/// `SecCertificateCopyNotValidBeforeDate`.
#[no_mangle]
pub extern "C" fn SecCertificateCopyNotValidBeforeDate(certificate: CFTypeRef) -> CFTypeRef {
    copy_field(certificate, SecCertificate::not_valid_before, date::create)
}

/// `SecCertificateCopyNotValidAfterDate`.
#[no_mangle]
pub extern "C" fn SecCertificateCopyNotValidAfterDate(certificate: CFTypeRef) -> CFTypeRef {
    copy_field(certificate, SecCertificate::not_valid_after, date::create)
}
