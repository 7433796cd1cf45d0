//! `SecItemExport`: certificates and keys (an identity is its certificate and its key) in
//! the formats and with the checks of Apple's SecExport.cpp.

use openssl::pkcs12::Pkcs12;
use openssl::pkey::Id;
use openssl::stack::Stack;
use openssl::symm::Cipher;
use openssl::x509::X509;

use crate::base::{Error, Result};
use crate::certificate::SecCertificate;
use crate::import_export::formats::{ExternalFormat as F, Item};
use crate::import_export::pem;
use crate::key::{KeyType, SecKey};
use crate::status::*;

/// `SecItemExport`'s flags and key parameters.
#[derive(Default, Clone, Debug)]
pub struct ExportOptions {
    passphrase: Option<String>,
    pem_armour: bool,
}

/// One item to write: a certificate or a key.
enum Rep {
    Certificate(SecCertificate),
    Key(SecKey),
}

impl ExportOptions {
    /// No passphrase, DER.
    pub fn new() -> ExportOptions {
        ExportOptions::default()
    }

    /// The passphrase of PKCS#12 and of encrypted PKCS#8.
    pub fn passphrase(&mut self, passphrase: &str) -> &mut Self {
        self.passphrase = Some(passphrase.to_owned());
        self
    }

    /// `kSecItemPemArmour`: PEM instead of DER.
    pub fn pem_armour(&mut self, pem_armour: bool) -> &mut Self {
        self.pem_armour = pem_armour;
        self
    }

    /// Writes `items` in `format`: `kSecFormatUnknown` is the item's default (DER for a
    /// certificate, `kSecFormatOpenSSL` for a key) or, for several, a PEM sequence. The
    /// formats of one item (all but `kSecFormatPEMSequence`, PKCS#7 and PKCS#12) take
    /// exactly one certificate or key (`errSecParam` otherwise); PKCS#12 and encrypted
    /// PKCS#8 need a passphrase (`errSecPassphraseRequired`); SSH, BSAFE, raw,
    /// traditional encrypted and PKCS#7 output are `errSecUnsupportedFormat`.
    ///
    /// ```
    /// # use secure_transport_test_kit::pki::{KeyKind, Pki};
    /// # let pki = Pki::new(KeyKind::EcdsaP256);
    /// use secure_transport::import_export::{ExportOptions, ExternalFormat, Item};
    ///
    /// let cert = Item::Certificate(pki.server().certificate());
    /// let der = ExportOptions::new().export(&[cert.clone()], ExternalFormat::UNKNOWN)?;
    /// assert_eq!(der, pki.server().certificate().to_der());
    /// let pem = ExportOptions::new().pem_armour(true).export(&[cert], ExternalFormat::X509_CERT)?;
    /// assert!(pem.starts_with(b"-----BEGIN CERTIFICATE-----"));
    /// let identity = Item::Identity(pki.server().identity());
    /// let p12 = ExportOptions::new().passphrase("pw").export(&[identity], ExternalFormat::PKCS12)?;
    /// assert!(!p12.is_empty());
    /// # Ok::<(), secure_transport::base::Error>(())
    /// ```
    pub fn export(&self, items: &[Item], format: F) -> Result<Vec<u8>> {
        let mut reps = Vec::new();
        for item in items {
            match item {
                Item::Certificate(c) => reps.push(Rep::Certificate(c.clone())),
                Item::Key(k) => reps.push(Rep::Key(k.clone())),
                // Its certificate, then its key, as Apple splits an identity.
                Item::Identity(identity) => {
                    reps.push(Rep::Certificate(identity.certificate()?));
                    reps.push(Rep::Key(identity.private_key()?));
                }
            }
        }
        let format = match (format, reps.len()) {
            (F::UNKNOWN, n) if n > 1 => F::PEM_SEQUENCE,
            (format, _) => format,
        };
        match format {
            F::PKCS12 => {
                let der = self.pkcs12(&reps)?;
                Ok(self.armoured("PKCS12", der))
            }
            F::PEM_SEQUENCE => {
                let mut out = Vec::new();
                for rep in &reps {
                    let (label, der) = single(rep, F::UNKNOWN, None)?;
                    out.extend(pem::encode(label, &der));
                }
                Ok(out)
            }
            F::PKCS7 | F::NETSCAPE_CERT_SEQUENCE => Err(Error::from_code(errSecUnsupportedFormat)),
            F::UNKNOWN
            | F::X509_CERT
            | F::OPENSSL
            | F::SSH
            | F::BSAFE
            | F::RAW_KEY
            | F::WRAPPED_PKCS8
            | F::WRAPPED_OPENSSL
            | F::WRAPPED_SSH
            | F::WRAPPED_LSH
            | F::SSHV2 => {
                // Exactly one item, of the kind the format is for.
                let fits = |rep: &Rep| match format {
                    F::UNKNOWN => true,
                    F::X509_CERT => matches!(rep, Rep::Certificate(_)),
                    _ => matches!(rep, Rep::Key(_)),
                };
                let [rep] = &reps[..] else {
                    return Err(Error::from_code(errSecParam));
                };
                if !fits(rep) {
                    return Err(Error::from_code(errSecParam));
                }
                let (label, der) = single(rep, format, self.passphrase.as_deref())?;
                Ok(self.armoured(label, der))
            }
            _ => Err(Error::from_code(errSecParam)),
        }
    }

    fn armoured(&self, label: &str, der: Vec<u8>) -> Vec<u8> {
        if self.pem_armour {
            pem::encode(label, &der)
        } else {
            der
        }
    }

    /// A PKCS#12 of the private key (at most one), the certificate that is its own, and
    /// the other certificates, under OpenSSL's default algorithms (AES-256, PBKDF2,
    /// SHA-256 MAC).
    fn pkcs12(&self, reps: &[Rep]) -> Result<Vec<u8>> {
        let passphrase = self
            .passphrase
            .as_deref()
            .ok_or(Error::from_code(errSecPassphraseRequired))?;
        if reps.is_empty() {
            return Err(Error::from_code(errSecItemNotFound));
        }
        let mut keys = reps.iter().filter_map(|r| match r {
            Rep::Key(key) => key.private_pkey(),
            _ => None,
        });
        let key = keys.next();
        if keys.next().is_some() {
            return Err(Error::from_code(errSecParam));
        }
        let mut certificate = None;
        let mut others = Stack::new().map_err(internal)?;
        for rep in reps {
            let Rep::Certificate(cert) = rep else {
                continue;
            };
            let x509 = X509::from_der(&cert.to_der()).map_err(internal)?;
            let owns_key = key.is_some_and(|k| x509.public_key().is_ok_and(|p| p.public_eq(k)));
            if owns_key && certificate.is_none() {
                certificate = Some(x509);
            } else {
                others.push(x509).map_err(internal)?;
            }
        }
        let mut builder = Pkcs12::builder();
        if let Some(key) = key {
            builder.pkey(key);
        }
        if let Some(certificate) = &certificate {
            builder.cert(certificate);
        }
        if !others.is_empty() {
            builder.ca(others);
        }
        let archive = builder.build2(passphrase).map_err(internal)?;
        archive.to_der().map_err(internal)
    }
}

fn internal(e: openssl::error::ErrorStack) -> Error {
    log::warn!("export: {e}");
    Error::from_code(errSecInternalComponent)
}

/// One item in `format` (`UNKNOWN`: its default), with the PEM label Apple gives it. Keys
/// in OpenSSL's format are PKCS#1 or SEC1 when private and X.509 SubjectPublicKeyInfo
/// when public, labelled as Apple labels them (a public key's "RSA PUBLIC KEY" holds a
/// SubjectPublicKeyInfo, as Apple's does).
fn single(rep: &Rep, format: F, passphrase: Option<&str>) -> Result<(&'static str, Vec<u8>)> {
    let key = match rep {
        Rep::Certificate(c) => return certificate(c, format),
        Rep::Key(key) => key,
    };
    let rsa = key.key_type() == KeyType::Rsa;
    let private = key.private_pkey();
    match (format, private) {
        (F::UNKNOWN | F::OPENSSL, Some(private)) => {
            let der = match private.id() {
                Id::RSA => private.rsa().and_then(|r| r.private_key_to_der()),
                _ => private.ec_key().and_then(|e| e.private_key_to_der()),
            };
            let label = if rsa {
                "RSA PRIVATE KEY"
            } else {
                "EC PRIVATE KEY"
            };
            Ok((label, der.map_err(internal)?))
        }
        (F::UNKNOWN | F::OPENSSL, None) => {
            let public = key.public_pkey().ok_or(Error::from_code(errSecParam))?;
            let label = if rsa {
                "RSA PUBLIC KEY"
            } else {
                "EC PUBLIC KEY"
            };
            Ok((label, public.public_key_to_der().map_err(internal)?))
        }
        (F::WRAPPED_PKCS8, Some(private)) => {
            let passphrase = passphrase.ok_or(Error::from_code(errSecPassphraseRequired))?;
            let der = private
                .private_key_to_pkcs8_passphrase(Cipher::aes_256_cbc(), passphrase.as_bytes())
                .map_err(internal)?;
            Ok(("ENCRYPTED PRIVATE KEY", der))
        }
        (F::WRAPPED_PKCS8, None) => Err(Error::from_code(errSecParam)),
        _ => Err(Error::from_code(errSecUnsupportedFormat)),
    }
}

fn certificate(certificate: &SecCertificate, format: F) -> Result<(&'static str, Vec<u8>)> {
    match format {
        F::UNKNOWN | F::X509_CERT => Ok(("CERTIFICATE", certificate.to_der())),
        _ => Err(Error::from_code(errSecUnsupportedFormat)),
    }
}
