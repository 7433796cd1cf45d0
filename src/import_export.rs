//! SecImportExport.h: identities from PKCS#12 archives.

use openssl::pkcs12::Pkcs12;

use crate::base::{Error, Result};
use crate::certificate::SecCertificate;
use crate::identity::SecIdentity;
use crate::policy::SecPolicy;
use crate::status::{errSecAuthFailed, errSecDecode};
use crate::trust::SecTrust;

/// What one PKCS#12 import found (a `kSecImportItem*` dictionary).
#[derive(Debug)]
pub struct ImportedIdentity {
    /// `kSecImportItemLabel`: the friendly name, if the archive has one.
    pub label: Option<String>,
    /// `kSecImportItemIdentity`.
    pub identity: Option<SecIdentity>,
    /// `kSecImportItemCertChain`: the identity's certificate first, then the archive's others.
    pub cert_chain: Option<Vec<SecCertificate>>,
    /// `kSecImportItemTrust`: a trust object for the chain, with the basic X.509 policy.
    pub trust: Option<SecTrust>,
}

/// `SecPKCS12Import` options.
#[derive(Default, Clone, Debug)]
pub struct Pkcs12ImportOptions {
    passphrase: Option<String>,
}

impl Pkcs12ImportOptions {
    /// Options with no passphrase.
    pub fn new() -> Pkcs12ImportOptions {
        Pkcs12ImportOptions::default()
    }

    /// `kSecImportExportPassphrase`.
    pub fn passphrase(&mut self, passphrase: &str) -> &mut Self {
        self.passphrase = Some(passphrase.to_owned());
        self
    }

    /// Imports a DER PKCS#12 archive: `errSecDecode` if it is not one, `errSecAuthFailed` if
    /// the passphrase is wrong.
    pub fn import(&self, der: &[u8]) -> Result<Vec<ImportedIdentity>> {
        let archive = Pkcs12::from_der(der).map_err(|_| Error::from_code(errSecDecode))?;
        let parsed = archive
            .parse2(self.passphrase.as_deref().unwrap_or(""))
            .map_err(|_| Error::from_code(errSecAuthFailed))?;
        let (Some(cert), Some(key)) = (parsed.cert, parsed.pkey) else {
            return Ok(Vec::new());
        };
        let label = cert
            .alias()
            .map(|a| String::from_utf8_lossy(a).into_owned());
        let leaf = SecCertificate::from_x509(cert);
        let identity = SecIdentity::new(leaf.clone(), key)?;
        let mut chain = vec![leaf];
        chain.extend(
            parsed
                .ca
                .into_iter()
                .flatten()
                .map(SecCertificate::from_x509),
        );
        let trust = SecTrust::create_with_certificates(&chain, &[SecPolicy::create_x509()])?;
        Ok(vec![ImportedIdentity {
            label,
            identity: Some(identity),
            cert_chain: Some(chain),
            trust: Some(trust),
        }])
    }
}
