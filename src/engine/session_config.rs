//! `SSLSetSessionConfig`: Apple's named configurations (coreTLS's `tls_handshake_config`),
//! each a protocol range and a rule on a suite's key exchange, cipher and MAC. The suites
//! a configuration enables are those the linked OpenSSL supports that pass its rule.

use crate::types::SslProtocol;

/// Bulk ciphers, by how old they are (Apple's ordering of `SSL_CipherAlgorithm`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
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

/// One of Apple's named configurations.
pub(super) struct Preset {
    name: &'static str,
    pub min: SslProtocol,
    pub max: SslProtocol,
    key_exchanges: &'static [&'static str],
    /// The oldest cipher allowed (AES is always allowed).
    oldest_cipher: Cipher,
    md5: bool,
}

const fn entry(
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
    entry("ATSv1", TLS12, PFS, Cipher::Aes, false),
    entry("ATSv1_noPFS", TLS12, USUAL, Cipher::Aes, false),
    entry("anonymous", TLS12, ANONYMOUS, Cipher::Aes, false),
    entry("standard", TLS10_12, USUAL, Cipher::Aes, true),
    entry("default", TLS10_12, USUAL, Cipher::TripleDes, true),
    entry("3DES_fallback", TLS10_12, USUAL, Cipher::TripleDes, true),
    entry("TLSv1_fallback", TLS10, USUAL, Cipher::TripleDes, true),
    entry("TLSv1_3DES_fallback", TLS10, USUAL, Cipher::TripleDes, true),
    entry("legacy", TLS10_12, USUAL, Cipher::Rc4, true),
    entry("RC4_fallback", TLS10_12, USUAL, Cipher::Rc4, true),
    entry("TLSv1_RC4_fallback", TLS10, USUAL, Cipher::Rc4, true),
    entry("legacy_DHE", TLS10_12, WITH_DHE, Cipher::Rc4, true),
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

/// The configuration `SSLSetSessionConfig` knows by `name` (a `kSSLSessionConfig_*` value).
pub(super) fn preset(name: &[u8]) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name.as_bytes() == name)
}

impl Preset {
    /// Whether the configuration enables the suite with this IANA name.
    pub(super) fn allows(&self, suite_name: &str) -> bool {
        parts(suite_name).is_some_and(|(key_exchange, cipher, mac)| {
            self.key_exchanges.contains(&key_exchange)
                && cipher >= self.oldest_cipher
                && (self.md5 || mac != "MD5")
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::session_config::*;

    /// The `kSSLSessionConfig_*` constants of Apple's SecureTransport.h, from the reference
    /// table (their values are the names after the prefix).
    fn apple_names() -> Vec<String> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/reference/secure-transport-constants.tsv"
        );
        let table = std::fs::read_to_string(path).expect("the reference table");
        let names: Vec<String> = table
            .lines()
            .filter_map(|line| line.split('\t').nth(2)?.strip_prefix("kSSLSessionConfig_"))
            .map(str::to_owned)
            .collect();
        assert!(!names.is_empty(), "no kSSLSessionConfig_ rows in {path}");
        names
    }

    #[test]
    fn every_one_of_apples_configurations_is_known_and_no_other() {
        let apple = apple_names();
        for name in &apple {
            assert!(preset(name.as_bytes()).is_some(), "{name} missing");
        }
        for preset in PRESETS {
            assert!(
                apple.iter().any(|n| n == preset.name),
                "{} is not Apple's",
                preset.name
            );
        }
        assert!(preset(b"kSSLSessionConfig_default").is_none());
        assert!(preset(b"Default").is_none());
    }

    #[test]
    fn suite_names_split_into_key_exchange_cipher_and_mac() {
        // IANA names of TLS 1.0-1.2 suites (RFC 5246, 5289, 4492, 8422).
        assert_eq!(
            parts("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
            Some(("ECDHE_RSA", Cipher::Aes, "SHA256"))
        );
        assert_eq!(
            parts("TLS_RSA_WITH_3DES_EDE_CBC_SHA"),
            Some(("RSA", Cipher::TripleDes, "SHA"))
        );
        assert_eq!(
            parts("SSL_RSA_WITH_RC4_128_MD5"),
            Some(("RSA", Cipher::Rc4, "MD5"))
        );
        assert_eq!(
            parts("TLS_DH_anon_WITH_AES_256_CBC_SHA256"),
            Some(("DH_anon", Cipher::Aes, "SHA256"))
        );
        // TLS 1.3 suites name no key exchange; ChaCha20 and CCM are in no Apple rule.
        assert_eq!(parts("TLS_AES_128_GCM_SHA256"), None);
        assert_eq!(parts("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"), None);
        assert_eq!(parts("TLS_RSA_WITH_AES_128_CCM"), None);
        assert_eq!(
            parts("ECDHE-RSA-AES128-GCM-SHA256"),
            None,
            "OpenSSL's own names"
        );
    }

    #[test]
    fn each_configuration_keeps_to_its_rule() {
        let allows = |name: &str, suite: &str| preset(name.as_bytes()).unwrap().allows(suite);
        let ecdhe_gcm = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
        let rsa_cbc = "TLS_RSA_WITH_AES_256_CBC_SHA";
        let triple_des = "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA";
        let rc4_md5 = "SSL_RSA_WITH_RC4_128_MD5";
        let dhe = "TLS_DHE_RSA_WITH_AES_128_CBC_SHA";
        let anon = "TLS_ECDH_anon_WITH_AES_128_CBC_SHA";
        assert!(allows("ATSv1", ecdhe_gcm) && !allows("ATSv1", rsa_cbc));
        assert!(allows("ATSv1_noPFS", rsa_cbc) && !allows("ATSv1_noPFS", triple_des));
        assert!(allows("standard", rsa_cbc) && !allows("standard", triple_des));
        assert!(allows("default", triple_des) && !allows("default", rc4_md5));
        assert!(allows("legacy", rc4_md5) && !allows("legacy", dhe));
        assert!(allows("legacy_DHE", dhe) && allows("legacy_DHE", rc4_md5));
        assert!(allows("anonymous", anon) && !allows("anonymous", ecdhe_gcm));
        assert!(
            !allows("default", "TLS_AES_128_GCM_SHA256"),
            "no TLS 1.3 anywhere"
        );
        let range = |name: &str| {
            let p = preset(name.as_bytes()).unwrap();
            (p.min, p.max)
        };
        assert_eq!(range("ATSv1"), (SslProtocol::TLS12, SslProtocol::TLS12));
        assert_eq!(
            range("TLSv1_fallback"),
            (SslProtocol::TLS1, SslProtocol::TLS1)
        );
        assert_eq!(range("default"), (SslProtocol::TLS1, SslProtocol::TLS12));
    }
}
