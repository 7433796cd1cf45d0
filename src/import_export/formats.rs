//! SecImportExport.h's vocabulary: external formats and item types with Apple's values,
//! and the items an import gives or an export takes.

use crate::certificate::SecCertificate;
use crate::identity::SecIdentity;
use crate::key::SecKey;

macro_rules! values {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $value:expr,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub struct $name(u32);

        impl $name {
            $(
                $(#[$vmeta])*
                #[doc = concat!("Apple's value ", stringify!($value), ".")]
                pub const $variant: $name = $name($value);
            )*

            /// Wraps a raw C value.
            pub const fn from_raw(value: u32) -> $name {
                $name(value)
            }

            /// The raw C value.
            pub const fn to_raw(self) -> u32 {
                self.0
            }
        }
    };
}

values! {
    /// `SecExternalFormat`: how items are written.
    ExternalFormat {
        /// `kSecFormatUnknown`: importing, find out; exporting, the item's default.
        UNKNOWN = 0,
        /// `kSecFormatOpenSSL`: PKCS#1 or SEC1 private keys, X.509 SubjectPublicKeyInfo.
        OPENSSL = 1,
        /// `kSecFormatSSH`: OpenSSH v1 (not read or written here).
        SSH = 2,
        /// `kSecFormatBSAFE`: PKCS#8 private keys, PKCS#1 RSA public keys.
        BSAFE = 3,
        /// `kSecFormatRawKey`: a symmetric key's bytes (not read or written here).
        RAW_KEY = 4,
        /// `kSecFormatWrappedPKCS8`: encrypted PKCS#8.
        WRAPPED_PKCS8 = 5,
        /// `kSecFormatWrappedOpenSSL`: OpenSSL's traditional encrypted PEM.
        WRAPPED_OPENSSL = 6,
        /// `kSecFormatWrappedSSH` (not read or written here).
        WRAPPED_SSH = 7,
        /// `kSecFormatWrappedLSH` (not read or written, as on Apple).
        WRAPPED_LSH = 8,
        /// `kSecFormatX509Cert`: one DER certificate.
        X509_CERT = 9,
        /// `kSecFormatPEMSequence`: PEM blocks of certificates and keys.
        PEM_SEQUENCE = 10,
        /// `kSecFormatPKCS7`: a certificates-only PKCS#7 (read here, not written).
        PKCS7 = 11,
        /// `kSecFormatPKCS12`: certificates and private keys under a passphrase.
        PKCS12 = 12,
        /// `kSecFormatNetscapeCertSequence` (not read or written here).
        NETSCAPE_CERT_SEQUENCE = 13,
        /// `kSecFormatSSHv2` (not read or written here).
        SSHV2 = 14,
    }
}

values! {
    /// `SecExternalItemType`: what kind of item.
    ExternalItemType {
        /// `kSecItemTypeUnknown`.
        UNKNOWN = 0,
        /// `kSecItemTypePrivateKey`.
        PRIVATE_KEY = 1,
        /// `kSecItemTypePublicKey`.
        PUBLIC_KEY = 2,
        /// `kSecItemTypeSessionKey`.
        SESSION_KEY = 3,
        /// `kSecItemTypeCertificate`.
        CERTIFICATE = 4,
        /// `kSecItemTypeAggregate`: PKCS#7, PKCS#12, PEM sequences.
        AGGREGATE = 5,
    }
}

impl Default for ExternalFormat {
    fn default() -> ExternalFormat {
        ExternalFormat::UNKNOWN
    }
}

impl Default for ExternalItemType {
    fn default() -> ExternalItemType {
        ExternalItemType::UNKNOWN
    }
}

/// One item of an import or an export (`SecCertificateRef`, `SecKeyRef`,
/// `SecIdentityRef`).
#[derive(Clone, Debug)]
pub enum Item {
    /// A certificate.
    Certificate(SecCertificate),
    /// A key, private or public.
    Key(SecKey),
    /// A certificate with its private key (from PKCS#12).
    Identity(SecIdentity),
}

/// The items of an import by kind, as the `security-framework` crate's `SecItems`.
#[derive(Default, Debug)]
pub struct SecItems {
    /// The certificates, in the order found.
    pub certificates: Vec<SecCertificate>,
    /// The identities, in the order found.
    pub identities: Vec<SecIdentity>,
    /// The keys, in the order found.
    pub keys: Vec<SecKey>,
}

impl SecItems {
    /// Adds `items`, each to its kind's list.
    pub fn extend(&mut self, items: impl IntoIterator<Item = Item>) {
        for item in items {
            match item {
                Item::Certificate(c) => self.certificates.push(c),
                Item::Key(k) => self.keys.push(k),
                Item::Identity(i) => self.identities.push(i),
            }
        }
    }
}

/// Where an import stores its items too, each with its label (a keychain:
/// `os::macos::import_export` sets it, so that this module needs no keychain).
#[derive(Clone)]
pub struct Destination(pub(crate) std::sync::Arc<DestinationFn>);

/// What a [`Destination`] does with the items.
pub(crate) type DestinationFn =
    dyn Fn(Vec<(Item, Option<String>)>) -> crate::base::Result<()> + Send + Sync;

impl std::fmt::Debug for Destination {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Destination")
    }
}
