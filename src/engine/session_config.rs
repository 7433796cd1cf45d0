//! `SSLSetSessionConfig`: Apple's named configurations (coreTLS's `tls_handshake_config`),
//! each a protocol range and a rule on a suite's key exchange, cipher and MAC. The suites
//! a configuration enables are those the linked OpenSSL supports that pass its rule.

use super::{ciphers, Context};
use crate::base::{Error, Result};
use crate::status::*;
use crate::types::{SslCipherSuite, SslProtocol};

/// Bulk ciphers, by how old they are (Apple's ordering of `SSL_CipherAlgorithm`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cipher {
    Rc4,
    TripleDes,
    Aes,
}

/// Key exchanges a configuration allows.
const PFS: &[&str] = &["ECDHE_ECDSA", "ECDHE_RSA"];
const USUAL: &[&str] = &["RSA", "ECDHE_ECDSA", "ECDHE_RSA"];
const WITH_DHE: &[&str] = &["RSA", "DHE_RSA", "ECDHE_ECDSA", "ECDHE_RSA"];
const ANONYMOUS: &[&str] = &["DH_anon", "ECDH_anon"];

struct Preset {
    name: &'static str,
    min: SslProtocol,
    max: SslProtocol,
    key_exchanges: &'static [&'static str],
    /// The oldest cipher allowed (AES is always allowed).
    oldest_cipher: Cipher,
    md5: bool,
}

const fn preset(
    name: &'static str,
    (min, max): (SslProtocol, SslProtocol),
    key_exchanges: &'static [&'static str],
    oldest_cipher: Cipher,
    md5: bool,
) -> Preset {
    Preset {
        name,
        min,
        max,
        key_exchanges,
        oldest_cipher,
        md5,
    }
}

const TLS10_12: (SslProtocol, SslProtocol) = (SslProtocol::TLS1, SslProtocol::TLS12);
const TLS12: (SslProtocol, SslProtocol) = (SslProtocol::TLS12, SslProtocol::TLS12);
const TLS10: (SslProtocol, SslProtocol) = (SslProtocol::TLS1, SslProtocol::TLS1);

/// Apple's table (coreTLS: versions from `tls_handshake_min/max_allowed_version`, rules from
/// `tls_handshake_kem/sym/mac_is_allowed`). ChaCha20 is in none of them.
const PRESETS: &[Preset] = &[
    preset("ATSv1", TLS12, PFS, Cipher::Aes, false),
    preset("ATSv1_noPFS", TLS12, USUAL, Cipher::Aes, false),
    preset("anonymous", TLS12, ANONYMOUS, Cipher::Aes, false),
    preset("standard", TLS10_12, USUAL, Cipher::Aes, true),
    preset("default", TLS10_12, USUAL, Cipher::TripleDes, true),
    preset("3DES_fallback", TLS10_12, USUAL, Cipher::TripleDes, true),
    preset("TLSv1_fallback", TLS10, USUAL, Cipher::TripleDes, true),
    preset("TLSv1_3DES_fallback", TLS10, USUAL, Cipher::TripleDes, true),
    preset("legacy", TLS10_12, USUAL, Cipher::Rc4, true),
    preset("RC4_fallback", TLS10_12, USUAL, Cipher::Rc4, true),
    preset("TLSv1_RC4_fallback", TLS10, USUAL, Cipher::Rc4, true),
    preset("legacy_DHE", TLS10_12, WITH_DHE, Cipher::Rc4, true),
];

/// A TLS 1.0–1.2 suite's parts from its IANA name: key exchange, cipher, MAC.
/// `None` for TLS 1.3 suites and ciphers no Apple configuration knows (ChaCha20, CCM,
/// Camellia, …).
fn parts(name: &str) -> Option<(&str, Cipher, &str)> {
    let name = name
        .strip_prefix("TLS_")
        .or_else(|| name.strip_prefix("SSL_"))?;
    let (key_exchange, rest) = name.split_once("_WITH_")?;
    let (cipher, mac) = rest.rsplit_once('_')?;
    let cipher = match cipher {
        "RC4_128" => Cipher::Rc4,
        "3DES_EDE_CBC" => Cipher::TripleDes,
        "AES_128_CBC" | "AES_256_CBC" | "AES_128_GCM" | "AES_256_GCM" => Cipher::Aes,
        _ => return None,
    };
    Some((key_exchange, cipher, mac))
}

impl Preset {
    fn allows(&self, suite_name: &str) -> bool {
        parts(suite_name).is_some_and(|(key_exchange, cipher, mac)| {
            self.key_exchanges.contains(&key_exchange)
                && cipher >= self.oldest_cipher
                && (self.md5 || mac != "MD5")
        })
    }
}

impl Context {
    /// `SSLSetSessionConfig`: one of the `kSSLSessionConfig_*` names; sets the protocol
    /// range and the enabled suites as Apple's configuration of that name does (TLS 1.3 is
    /// in none of them). `errSecParam` for another name.
    pub fn set_session_config(&mut self, name: &[u8]) -> Result<()> {
        let preset = PRESETS
            .iter()
            .find(|p| p.name.as_bytes() == name)
            .ok_or(Error::from_code(errSecParam))?;
        self.configurable()?;
        let suites: Vec<SslCipherSuite> = ciphers::supported(&self.ssl)
            .iter()
            .copied()
            .filter(|&suite| {
                ciphers::standard_name(&self.ssl, suite).is_some_and(|n| preset.allows(n))
            })
            .collect();
        self.set_enabled_ciphers(&suites)?;
        self.set_protocol_version_max(preset.max)?;
        self.set_protocol_version_min(preset.min)?;
        Ok(())
    }
}
