//! SecCertificate.h: X.509 certificates.

mod der;
mod names;

pub(crate) use self::der::item;

use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use foreign_types::{ForeignType, ForeignTypeRef};
use openssl::asn1::Asn1TimeRef;
use openssl::nid::Nid;
use openssl::x509::{X509NameEntryRef, X509Ref, X509};

use crate::base::{Error, Result};
use crate::ffi;
use crate::key::SecKey;
use crate::status::{errSecDecode, OSStatus};

/// SecBasePriv.h's `errSecInternal`: what `SecCertificateCopyCommonName` returns for a
/// subject without a common name.
pub const errSecInternal: OSStatus = -26276;

/// A certificate (`SecCertificateRef`): the bytes it was made from and OpenSSL's object.
/// Cloning shares both. A certificate OpenSSL made (a peer's) gets its bytes when first
/// asked: a connection that never asks keeps no copy of its peer's certificates.
#[derive(Clone)]
pub struct SecCertificate {
    x509: X509,
    der: OnceLock<Arc<[u8]>>,
}

impl SecCertificate {
    /// Parses a DER certificate (`SecCertificateCreateWithData`), refusing what Apple's
    /// parser refuses (a version other than v2/v3 given explicitly, BER lengths, bytes left
    /// inside the structure). Bytes after the certificate are kept but not read, as on Apple.
    ///
    /// ```
    /// # use secure_transport_test_kit::pki::{KeyKind, Pki};
    /// # let pki = Pki::new(KeyKind::EcdsaP256);
    /// use secure_transport::certificate::SecCertificate;
    ///
    /// let cert = SecCertificate::from_pem(&pki.server().cert_pem)?;
    /// let again = SecCertificate::from_der(&cert.to_der())?;
    /// assert_eq!(again, cert);
    /// let bundle = [pki.server().cert_pem.clone(), pki.ca().cert_pem.clone()].concat();
    /// assert_eq!(SecCertificate::stack_from_pem(&bundle)?.len(), 2);
    /// assert!(SecCertificate::from_der(b"not DER").is_err());
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn from_der(der: &[u8]) -> Result<SecCertificate> {
        let x509 = der::acceptable(der)
            .then(|| X509::from_der(der).ok())
            .flatten()
            .ok_or(Error::from_code(errSecDecode))?;
        Ok(SecCertificate {
            x509,
            der: OnceLock::from(Arc::from(der)),
        })
    }

    /// Parses one PEM certificate; its DER must be one Apple's parser accepts.
    pub fn from_pem(pem: &[u8]) -> Result<SecCertificate> {
        let x509 = X509::from_pem(pem).map_err(|_| Error::from_code(errSecDecode))?;
        SecCertificate::checked(x509)
    }

    /// Parses every certificate of a PEM bundle, in order.
    pub fn stack_from_pem(pem: &[u8]) -> Result<Vec<SecCertificate>> {
        let certs = X509::stack_from_pem(pem).map_err(|_| Error::from_code(errSecDecode))?;
        certs.into_iter().map(SecCertificate::checked).collect()
    }

    /// A certificate OpenSSL read from another encoding, if its DER passes Apple's parser.
    fn checked(x509: X509) -> Result<SecCertificate> {
        let certificate = SecCertificate::from_x509(x509);
        if der::acceptable(certificate.der()) {
            Ok(certificate)
        } else {
            Err(Error::from_code(errSecDecode))
        }
    }

    /// The DER encoding (`SecCertificateCopyData`): the bytes the certificate was made from.
    pub fn to_der(&self) -> Vec<u8> {
        self.der().to_vec()
    }

    /// A short human-readable name: the subject's common name, else its first attribute
    /// (`SecCertificateCopySubjectSummary`).
    ///
    /// ```
    /// # use secure_transport_test_kit::pki::{KeyKind, Pki};
    /// # let pki = Pki::new(KeyKind::EcdsaP256);
    /// let cert = pki.server().certificate();
    /// assert_eq!(cert.subject_summary(), "localhost");
    /// assert_eq!(cert.common_name()?, "localhost");
    /// assert!(cert.email_addresses()?.is_empty());
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn subject_summary(&self) -> String {
        let name = self.x509.subject_name();
        let entry = name
            .entries_by_nid(Nid::COMMONNAME)
            .next()
            .or_else(|| name.entries().next());
        entry
            .map(|e| String::from_utf8_lossy(e.data().as_slice()).into_owned())
            .unwrap_or_default()
    }

    /// `SecCertificateCopyCommonName`: the subject's last common name (X.501 names go from
    /// the most general part: the last is the most specific); `errSecInternal` if it has
    /// none, as on Apple.
    pub fn common_name(&self) -> Result<String> {
        let name = self.x509.subject_name();
        name.entries_by_nid(Nid::COMMONNAME)
            .last()
            .map(text)
            .ok_or(Error::from_code(errSecInternal))
    }

    /// `SecCertificateCopyEmailAddresses`: the subject alternative name's rfc822Names,
    /// then the subject's emailAddress attributes, as Apple's `SecCertificateCopyRFC822Names`
    /// collects them.
    pub fn email_addresses(&self) -> Result<Vec<String>> {
        let alternative = self.x509.subject_alt_names().into_iter().flatten();
        let mut emails: Vec<String> = alternative
            .filter_map(|name| name.email().map(str::to_owned))
            .collect();
        let subject = self.x509.subject_name();
        emails.extend(subject.entries_by_nid(Nid::PKCS9_EMAILADDRESS).map(text));
        Ok(emails)
    }

    /// `SecCertificateCopySerialNumberData`: the serial number's INTEGER bytes as encoded
    /// (a leading zero kept).
    ///
    /// ```
    /// # use secure_transport_test_kit::pki::{KeyKind, Pki};
    /// # let pki = Pki::new(KeyKind::EcdsaP256);
    /// let cert = pki.server().certificate();
    /// assert!(!cert.serial_number_bytes()?.is_empty());
    /// // The CA issued the leaf: its normalized subject is the leaf's issuer.
    /// assert_eq!(cert.issuer(), pki.ca().certificate().subject());
    /// assert!(cert.not_valid_before() < cert.not_valid_after());
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn serial_number_bytes(&self) -> Result<Vec<u8>> {
        self.fields().map(|f| f.serial.to_vec())
    }

    /// `SecCertificateCopyNormalizedIssuerSequence`: the issuer's Name as Apple normalizes
    /// it (PrintableStrings in upper case, their blanks collapsed), a DER SEQUENCE.
    pub fn issuer(&self) -> Option<Vec<u8>> {
        let content = names::normalized(self.fields().ok()?.issuer)?;
        Some(names::encode(0x30, &content))
    }

    /// `SecCertificateCopyNormalizedSubjectSequence`: the subject's Name, normalized.
    pub fn subject(&self) -> Option<Vec<u8>> {
        let content = names::normalized(self.fields().ok()?.subject)?;
        Some(names::encode(0x30, &content))
    }

    /// `SecCertificateCopyNotValidBeforeDate`.
    pub fn not_valid_before(&self) -> Option<SystemTime> {
        system_time(self.x509.not_before())
    }

    /// `SecCertificateCopyNotValidAfterDate`.
    pub fn not_valid_after(&self) -> Option<SystemTime> {
        system_time(self.x509.not_after())
    }

    /// `SecCertificateCopyKey`: the subject's public key; `errSecUnimplemented` for a key
    /// that is neither RSA nor EC on one of Apple's curves (Apple gives no key for those).
    ///
    /// ```
    /// # use secure_transport_test_kit::pki::{KeyKind, Pki};
    /// # let pki = Pki::new(KeyKind::EcdsaP256);
    /// let cert = pki.server().certificate();
    /// let key = cert.public_key()?;
    /// assert_eq!(cert.public_key_info_der()?, Some(key.public_pkey().unwrap().public_key_to_der().unwrap()));
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn public_key(&self) -> Result<SecKey> {
        let key = self
            .x509
            .public_key()
            .map_err(|_| Error::from_code(errSecDecode))?;
        SecKey::from_public_pkey(key).map_err(|e| Error::from_code(e.code()))
    }

    /// The DER SubjectPublicKeyInfo of the certificate's key, for RSA and EC keys
    /// (security-framework builds it for some sizes only; here for every key SecKey knows).
    pub fn public_key_info_der(&self) -> Result<Option<Vec<u8>>> {
        let key = self.public_key()?;
        Ok(key.public_pkey().and_then(|k| k.public_key_to_der().ok()))
    }

    fn fields(&self) -> Result<der::Fields<'_>> {
        der::fields(self.der()).ok_or(Error::from_code(errSecDecode))
    }

    /// A certificate OpenSSL made (a peer's, an identity's), with its DER.
    pub(crate) fn from_x509(x509: X509) -> SecCertificate {
        SecCertificate {
            x509,
            der: OnceLock::new(),
        }
    }

    /// The DER bytes, encoded by OpenSSL on first use for a certificate it made.
    fn der(&self) -> &[u8] {
        self.der
            .get_or_init(|| self.x509.to_der().unwrap_or_default().into())
    }

    pub(crate) fn x509(&self) -> &X509Ref {
        &self.x509
    }
}

/// An attribute's value as text (UTF-8 from any of the string types).
fn text(entry: &X509NameEntryRef) -> String {
    entry
        .data()
        .to_string()
        .unwrap_or_else(|_| String::from_utf8_lossy(entry.data().as_slice()).into_owned())
}

/// The point in time of an ASN.1 time.
fn system_time(time: &Asn1TimeRef) -> Option<SystemTime> {
    let seconds = unix_time(time)?;
    let offset = Duration::from_secs(seconds.unsigned_abs());
    if seconds >= 0 {
        UNIX_EPOCH.checked_add(offset)
    } else {
        UNIX_EPOCH.checked_sub(offset)
    }
}

/// An ASN.1 time in seconds since 1970, read in place (every client evaluation reads a few:
/// going through an `Asn1Time` of the epoch allocated each time).
pub(crate) fn unix_time(time: &Asn1TimeRef) -> Option<i64> {
    // SAFETY: a zeroed `tm` is a valid value of the plain C struct.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: `time` is a live ASN1_TIME that OpenSSL only reads; `tm` is ours to fill.
    if unsafe { ffi::ASN1_TIME_to_tm(time.as_ptr(), &mut tm) } != 1 {
        return None;
    }
    // SAFETY: `tm` holds a broken-down UTC time; timegm only reads and normalizes it.
    Some(unsafe { libc::timegm(&mut tm) })
}

/// Equal when their bytes are, as `CFEqual` compares certificates on Apple.
impl PartialEq for SecCertificate {
    fn eq(&self, other: &Self) -> bool {
        // The same OpenSSL object is the same certificate, whatever its bytes were.
        self.x509.as_ptr() == other.x509.as_ptr() || self.der() == other.der()
    }
}

impl Eq for SecCertificate {}

impl std::fmt::Debug for SecCertificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecCertificate({:?})", self.subject_summary())
    }
}
