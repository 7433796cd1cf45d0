//! PKCS#12 archives as Macs meet them: Keychain Access and older `openssl pkcs12` export
//! with RC2-40 and 3DES under a SHA-1 MAC, which OpenSSL 3 decrypts only with its legacy
//! provider. They import with the right passphrase, in a library context of their own: the
//! process's default context still cannot fetch RC2 afterwards.

use openssl::cipher::Cipher;
use secure_transport::import_export::Pkcs12ImportOptions;
use secure_transport::status::*;
use secure_transport_test_kit::pki::{KeyKind, Pki};

/// Whether the calling thread's default library context (the process's) can fetch RC2.
fn default_context_has_rc2() -> bool {
    Cipher::fetch(None, "RC2-40-CBC", None).is_ok()
}

fn import(archive: &[u8], passphrase: &str) -> Result<usize, OSStatus> {
    let items = Pkcs12ImportOptions::new()
        .passphrase(passphrase)
        .import(archive)
        .map_err(|e| e.code())?;
    let item = items.first().expect("one identity");
    assert!(item.identity.is_some());
    assert_eq!(item.label.as_deref(), Some("secure-transport test"));
    Ok(item.cert_chain.as_ref().map_or(0, Vec::len))
}

#[test]
fn legacy_archives_import_with_the_right_passphrase_only() {
    assert!(!default_context_has_rc2(), "RC2 is not the process's");
    for kind in [KeyKind::EcdsaP256, KeyKind::Rsa2048] {
        let pki = Pki::new(kind);
        let server = pki.server();
        for algorithms in [
            &["-legacy"][..],
            &[
                "-provider",
                "legacy",
                "-provider",
                "default",
                "-certpbe",
                "PBE-SHA1-RC2-40",
                "-keypbe",
                "PBE-SHA1-3DES",
                "-macalg",
                "sha1",
            ][..],
        ] {
            let archive = server.pkcs12_made_by_openssl("keychain", algorithms);
            assert_eq!(
                import(&archive, "keychain"),
                Ok(1),
                "{kind:?} {algorithms:?}"
            );
            assert_eq!(import(&archive, "wrong"), Err(errSecAuthFailed));
            // Cut short: not an archive at all.
            let cut = &archive[..archive.len() / 2];
            assert_eq!(import(cut, "keychain"), Err(errSecDecode));
        }
    }
    // The import's context was this thread's only for the parse, and never the process's.
    assert!(
        !default_context_has_rc2(),
        "RC2 stays out of the default context"
    );
    let other_thread = std::thread::spawn(default_context_has_rc2);
    assert!(!other_thread.join().unwrap());
}

/// An archive that cannot be decoded is errSecDecode, never a passphrase failure, although
/// OpenSSL reports it as a failed MAC check: here one whose MAC digest is unknown.
#[test]
fn an_archive_that_cannot_be_decoded_is_errsecdecode_not_errsecauthfailed() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let archive = pki.server().pkcs12_with_unknown_mac_digest("secret");
    assert_eq!(import(&archive, "secret"), Err(errSecDecode));
    assert_eq!(import(&archive, "wrong"), Err(errSecDecode));
}
