//! The fixed identity of `fixtures/` (made by `fixtures/make.sh`): a CA and a "localhost"
//! server certificate with its key, ECDSA P-256, valid until 2126. Fixed, so the recorded
//! seed flights stay valid; parsed once per process.

use std::sync::OnceLock;

use secure_transport::certificate::SecCertificate;
use secure_transport::identity::SecIdentity;

pub const CA_PEM: &[u8] = include_bytes!("../fixtures/ca.pem");
pub const SERVER_PEM: &[u8] = include_bytes!("../fixtures/server.pem");
pub const SERVER_KEY: &[u8] = include_bytes!("../fixtures/server.key");
/// The server identity and the CA as PKCS#12, passphrase [`P12_PASSPHRASE`].
pub const SERVER_P12: &[u8] = include_bytes!("../fixtures/server.p12");
pub const P12_PASSPHRASE: &str = "fuzz";

pub fn ca() -> SecCertificate {
    static CA: OnceLock<SecCertificate> = OnceLock::new();
    CA.get_or_init(|| SecCertificate::from_pem(CA_PEM).expect("fixtures/ca.pem"))
        .clone()
}

pub fn identity() -> SecIdentity {
    static IDENTITY: OnceLock<SecIdentity> = OnceLock::new();
    IDENTITY
        .get_or_init(|| SecIdentity::from_pem(SERVER_PEM, SERVER_KEY).expect("fixtures/server.*"))
        .clone()
}
