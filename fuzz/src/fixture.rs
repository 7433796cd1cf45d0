//! The fixed identity of `fixtures/` (made by `fixtures/make.sh`): a CA and a "localhost"
//! server certificate with its key, ECDSA P-256, valid until 2126. Fixed, so the recorded
//! seed flights stay valid; parsed once per process.

use std::sync::OnceLock;

use secure_transport::certificate::SecCertificate;
use secure_transport::identity::SecIdentity;

/// The CA certificate (PEM) that issued the server certificate: what clients trust.
pub const CA_PEM: &[u8] = include_bytes!("../fixtures/ca.pem");
/// The "localhost" server certificate (PEM).
pub const SERVER_PEM: &[u8] = include_bytes!("../fixtures/server.pem");
/// The server certificate's private key (PEM).
pub const SERVER_KEY: &[u8] = include_bytes!("../fixtures/server.key");
/// The server identity and the CA as PKCS#12, passphrase [`P12_PASSPHRASE`].
pub const SERVER_P12: &[u8] = include_bytes!("../fixtures/server.p12");
/// The passphrase of [`SERVER_P12`].
pub const P12_PASSPHRASE: &str = "fuzz";

/// The CA certificate of [`CA_PEM`], parsed once: the trusted root of clients (and of
/// servers that ask for client certificates).
pub fn ca() -> SecCertificate {
    static CA: OnceLock<SecCertificate> = OnceLock::new();
    CA.get_or_init(|| SecCertificate::from_pem(CA_PEM).expect("fixtures/ca.pem"))
        .clone()
}

/// The server identity of [`SERVER_PEM`] and [`SERVER_KEY`], parsed once: what servers
/// (and clients giving a certificate) present.
pub fn identity() -> SecIdentity {
    static IDENTITY: OnceLock<SecIdentity> = OnceLock::new();
    IDENTITY
        .get_or_init(|| SecIdentity::from_pem(SERVER_PEM, SERVER_KEY).expect("fixtures/server.*"))
        .clone()
}
