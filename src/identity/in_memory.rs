//! Private keys imported with no keychain. Apple's `SecItemImport` of a PKCS#12 archive
//! with a NULL keychain returns the certificates alone ("the in memory case",
//! SecImportExportPkcs12.cpp) and keeps the keys in its key store, where
//! `SecIdentityCreateWithCertificate(NULL, certificate, …)` then finds them: curl's Secure
//! Transport backend loads a client certificate that way. These are those keys.

use std::collections::VecDeque;
use std::sync::Mutex;

use openssl::pkey::{PKey, Private};

use crate::certificate::SecCertificate;
use crate::identity::SecIdentity;

/// The most keys kept: the oldest goes first (a process that imports the same archive
/// again and again keeps one copy of its key).
const KEPT: usize = 64;

static KEYS: Mutex<VecDeque<PKey<Private>>> = Mutex::new(VecDeque::new());

fn keys() -> std::sync::MutexGuard<'static, VecDeque<PKey<Private>>> {
    // Every change is one push or pop: a panic leaves the list consistent.
    KEYS.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Keeps the private key of `identity`, imported with no keychain, for
/// [`identity_for`].
pub fn keep(identity: &SecIdentity) {
    let key = identity.private_pkey().to_owned();
    let mut keys = keys();
    keys.retain(|kept| !kept.public_eq(&key));
    if keys.len() == KEPT {
        keys.pop_front();
    }
    keys.push_back(key);
}

/// The identity of `certificate` with a key imported with no keychain, if one matches.
pub fn identity_for(certificate: &SecCertificate) -> Option<SecIdentity> {
    let public = certificate.x509().public_key().ok()?;
    let key = keys().iter().find(|key| key.public_eq(&public)).cloned()?;
    SecIdentity::new(certificate.clone(), key).ok()
}

#[cfg(test)]
mod tests {
    use crate::identity::in_memory::{identity_for, keep};
    use crate::identity::SecIdentity;

    /// A self-signed certificate and its key, made here.
    fn identity() -> SecIdentity {
        use openssl::ec::{EcGroup, EcKey};
        use openssl::nid::Nid;
        use openssl::pkey::PKey;
        use openssl::x509::X509;
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
        let key = PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap();
        let mut builder = X509::builder().unwrap();
        builder.set_pubkey(&key).unwrap();
        builder
            .sign(&key, openssl::hash::MessageDigest::sha256())
            .unwrap();
        let certificate = crate::certificate::SecCertificate::from_x509(builder.build());
        SecIdentity::new(certificate, key).unwrap()
    }

    #[test]
    fn a_kept_key_pairs_with_its_certificate_only() {
        let (kept, other) = (identity(), identity());
        keep(&kept);
        keep(&kept);
        let found = identity_for(&kept.certificate().unwrap()).expect("the kept key");
        assert_eq!(found.fingerprint(), kept.fingerprint());
        assert!(identity_for(&other.certificate().unwrap()).is_none());
    }
}
