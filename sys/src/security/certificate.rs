//! SecCertificate: an X.509 certificate, made from DER.

use secure_transport::certificate::SecCertificate;

use crate::cf::array;
use crate::cf::data::{self, Data};
use crate::cf::runtime::{self, Class, Instance};
use crate::cf::string;
use crate::cf::types::{CFAllocatorRef, CFTypeID, CFTypeRef};
use crate::guard;

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
