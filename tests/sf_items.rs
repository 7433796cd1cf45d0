//! security-framework's item API as its users rely on it, through this crate renamed as
//! they rename it: keychain files made, reopened and searched with `ItemSearchOptions`,
//! PEM and PKCS#12 imported into them, keys generated, with signatures, encryption and ECDH
//! checked against the `openssl` tool, and random bytes.

use std::time::Duration;

use secure_transport as security_framework;
use secure_transport_test_kit::keychains::every_ref;
use secure_transport_test_kit::peers::{path, run_openssl};
use secure_transport_test_kit::pki::{KeyKind, Pki};
use security_framework::certificate::SecCertificate;
use security_framework::identity::SecIdentity;
use security_framework::import_export::Pkcs12ImportOptions;
use security_framework::item::{ItemClass, ItemSearchOptions, KeyClass, Reference, SearchResult};
use security_framework::key::{Algorithm, GenerateKeyOptions, KeyType, SecKey};
use security_framework::os::macos::identity::SecIdentityExt;
use security_framework::os::macos::import_export::{ImportOptions, SecItems};
use security_framework::os::macos::keychain::{CreateOptions, SecKeychain};
use security_framework::random::SecRandom;

const TIMEOUT: Duration = Duration::from_secs(30);

#[test]
fn a_keychain_made_reopened_locked_and_searched() {
    let pki = Pki::new(KeyKind::Rsa2048);
    let file = pki.dir().join("sf.keychain");
    let keychain = CreateOptions::new()
        .password("hunter2")
        .create(&file)
        .unwrap();
    assert_eq!(
        CreateOptions::new().create(&file).unwrap_err().code(),
        -25296 // errSecDuplicateKeychain
    );

    // PEM and PKCS#12 into the keychain, as ImportOptions::keychain does.
    ImportOptions::new()
        .keychain(&keychain)
        .import(&pki.ca().cert_pem)
        .unwrap();
    let p12 = pki.server().pkcs12("pw");
    let mut items = SecItems::default();
    ImportOptions::new()
        .passphrase("pw")
        .filename("server.p12")
        .items(&mut items)
        .keychain(&keychain)
        .import(&p12)
        .unwrap();
    assert_eq!(items.identities.len(), 1);

    let mut reopened = SecKeychain::open(&file).unwrap();
    reopened.lock().unwrap();
    assert_eq!(
        every_ref(&reopened, ItemClass::certificate())
            .search()
            .unwrap_err()
            .code(),
        -25308 // errSecInteractionNotAllowed
    );
    assert_eq!(reopened.unlock(Some("wrong")).unwrap_err().code(), -25293); // errSecAuthFailed
    reopened.unlock(Some("hunter2")).unwrap();

    let certificates: Vec<Vec<u8>> = every_ref(&reopened, ItemClass::certificate())
        .search()
        .unwrap()
        .into_iter()
        .map(|found| match found {
            SearchResult::Ref(Reference::Certificate(c)) => c.to_der(),
            other => panic!("not a certificate: {other:?}"),
        })
        .collect();
    let mut expected = vec![
        pki.ca().certificate().to_der(),
        pki.server().certificate().to_der(),
    ];
    let mut sorted = certificates.clone();
    sorted.sort();
    expected.sort();
    assert_eq!(sorted, expected);

    let identity = match &every_ref(&reopened, ItemClass::identity())
        .search()
        .unwrap()[..]
    {
        [SearchResult::Ref(Reference::Identity(identity))] => identity.clone(),
        other => panic!("one identity expected: {other:?}"),
    };
    assert_eq!(identity, pki.server().identity());
    let keys = every_ref(&reopened, ItemClass::key())
        .key_class(KeyClass::private())
        .search()
        .unwrap();
    assert_eq!(keys.len(), 1);

    // Data and attributes as asked.
    let mut data = every_ref(&reopened, ItemClass::certificate());
    data.load_refs(false).load_data(true).limit(1);
    assert!(matches!(&data.search().unwrap()[..], [SearchResult::Data(d)] if expected.contains(d)));
    let mut attributes = every_ref(&reopened, ItemClass::identity());
    attributes.load_attributes(true);
    let dict = attributes.search().unwrap()[0].simplify_dict().unwrap();
    assert_eq!(dict["class"], "idnt");

    // SecIdentityExt finds the key of the certificate; deleting the identity removes it.
    let certificate = pki.server().certificate();
    let found =
        <SecIdentity as SecIdentityExt>::with_certificate(&[reopened.clone()], &certificate);
    assert_eq!(found.unwrap(), identity);
    every_ref(&reopened, ItemClass::identity())
        .delete()
        .unwrap();
    assert_eq!(
        every_ref(&reopened, ItemClass::identity())
            .search()
            .unwrap_err()
            .code(),
        -25300 // errSecItemNotFound
    );
    // No password items here, and a search needs a class.
    assert_eq!(
        every_ref(&reopened, ItemClass::generic_password())
            .search()
            .unwrap_err()
            .code(),
        -25300
    );
    assert_eq!(ItemSearchOptions::new().search().unwrap_err().code(), -50);
}

#[test]
fn pkcs12_import_into_a_keychain_and_the_openssl_tool_reads_the_identity() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let file = pki.dir().join("p12.keychain");
    let keychain = CreateOptions::new().password("pw").create(&file).unwrap();
    let imported = Pkcs12ImportOptions::new()
        .passphrase("secret")
        .keychain(keychain.clone())
        .import(&pki.client().pkcs12("secret"))
        .unwrap();
    assert_eq!(imported.len(), 1);
    assert_eq!(
        imported[0].identity.as_ref().unwrap(),
        &pki.client().identity()
    );
    // The keychain file is PKCS#12 that openssl reads with the keychain's password.
    let out = pki.dir().join("out.pem");
    let (status, log) = run_openssl(
        &[
            "pkcs12",
            "-in",
            path(&file),
            "-passin",
            "pass:pw",
            "-nodes",
            "-out",
            path(&out),
        ],
        TIMEOUT,
    );
    assert!(status.is_some_and(|s| s.success()), "{log}");
    let pem = std::fs::read(&out).unwrap();
    let certs = SecCertificate::stack_from_pem(&pem).unwrap();
    assert!(certs.contains(&pki.client().certificate()));
}

/// Writes `bytes` to a file of the PKI's directory and returns its path as text.
fn file(pki: &Pki, name: &str, bytes: &[u8]) -> String {
    let file = pki.dir().join(name);
    std::fs::write(&file, bytes).unwrap();
    path(&file).to_owned()
}

fn public_pem(key: &SecKey) -> Vec<u8> {
    key.public_key()
        .unwrap()
        .public_pkey()
        .unwrap()
        .public_key_to_pem()
        .unwrap()
}

#[test]
fn generated_keys_sign_encrypt_and_agree_as_openssl_checks() {
    let pki = Pki::new(KeyKind::Rsa2048);
    let rsa = SecKey::new(
        GenerateKeyOptions::default()
            .set_key_type(KeyType::rsa())
            .set_size_in_bits(2048),
    )
    .unwrap();
    assert_eq!(rsa.size_in_bits(), 2048);
    let public = file(&pki, "rsa.pub", &public_pem(&rsa));

    // A PKCS#1 v1.5 SHA-256 signature openssl verifies.
    let message = file(&pki, "message", b"signed by SecKey");
    let signature = rsa
        .create_signature(
            Algorithm::RSASignatureMessagePKCS1v15SHA256,
            b"signed by SecKey",
        )
        .unwrap();
    let sig = file(&pki, "rsa.sig", &signature);
    let (status, log) = run_openssl(
        &[
            "dgst",
            "-sha256",
            "-verify",
            &public,
            "-signature",
            &sig,
            &message,
        ],
        TIMEOUT,
    );
    assert!(status.is_some_and(|s| s.success()), "{log}");
    // A tampered message does not verify.
    let other = file(&pki, "other", b"signed by SecKez");
    let (status, _) = run_openssl(
        &[
            "dgst",
            "-sha256",
            "-verify",
            &public,
            "-signature",
            &sig,
            &other,
        ],
        TIMEOUT,
    );
    assert!(!status.unwrap().success());

    // OAEP-SHA256 sealed by openssl, opened by SecKey; and the other way.
    let plain = file(&pki, "plain", b"for your eyes only");
    let sealed_path = pki.dir().join("sealed");
    let (status, log) = run_openssl(
        &[
            "pkeyutl",
            "-encrypt",
            "-pubin",
            "-inkey",
            &public,
            "-in",
            &plain,
            "-out",
            path(&sealed_path),
            "-pkeyopt",
            "rsa_padding_mode:oaep",
            "-pkeyopt",
            "rsa_oaep_md:sha256",
            "-pkeyopt",
            "rsa_mgf1_md:sha256",
        ],
        TIMEOUT,
    );
    assert!(status.is_some_and(|s| s.success()), "{log}");
    let sealed = std::fs::read(&sealed_path).unwrap();
    assert_eq!(
        rsa.decrypt_data(Algorithm::RSAEncryptionOAEPSHA256, &sealed)
            .unwrap(),
        b"for your eyes only"
    );
    assert_eq!(
        rsa.decrypt_data(Algorithm::RSAEncryptionOAEPSHA1, &sealed)
            .unwrap_err()
            .code(),
        -50
    );
    let pkcs1 = rsa
        .public_key()
        .unwrap()
        .encrypt_data(Algorithm::RSAEncryptionPKCS1, b"v1.5")
        .unwrap();
    let private = file(
        &pki,
        "rsa.key",
        &rsa.private_pkey()
            .unwrap()
            .private_key_to_pem_pkcs8()
            .unwrap(),
    );
    let pkcs1_in = file(&pki, "pkcs1", &pkcs1);
    let opened = pki.dir().join("opened");
    let (status, log) = run_openssl(
        &[
            "pkeyutl",
            "-decrypt",
            "-inkey",
            &private,
            "-in",
            &pkcs1_in,
            "-out",
            path(&opened),
        ],
        TIMEOUT,
    );
    assert!(status.is_some_and(|s| s.success()), "{log}");
    assert_eq!(std::fs::read(&opened).unwrap(), b"v1.5");

    // ECDH on P-256: the raw secret openssl derives from the same keys.
    let mut options = GenerateKeyOptions::default();
    options
        .set_key_type(KeyType::ec_sec_prime_random())
        .set_size_in_bits(256);
    let (a, b) = (
        SecKey::new(&options).unwrap(),
        SecKey::new(&options).unwrap(),
    );
    let ours = a
        .key_exchange(
            Algorithm::ECDHKeyExchangeStandard,
            &b.public_key().unwrap(),
            0,
            None,
        )
        .unwrap();
    let a_key = file(
        &pki,
        "a.key",
        &a.private_pkey()
            .unwrap()
            .private_key_to_pem_pkcs8()
            .unwrap(),
    );
    let b_pub = file(&pki, "b.pub", &public_pem(&b));
    let secret = pki.dir().join("secret");
    let (status, log) = run_openssl(
        &[
            "pkeyutl",
            "-derive",
            "-inkey",
            &a_key,
            "-peerkey",
            &b_pub,
            "-out",
            path(&secret),
        ],
        TIMEOUT,
    );
    assert!(status.is_some_and(|s| s.success()), "{log}");
    assert_eq!(ours, std::fs::read(&secret).unwrap());
    // X9.63 with SHA-256, 48 bytes: both sides agree, and it starts SHA-256(Z || 1 || info).
    let kdf = Algorithm::ECDHKeyExchangeStandardX963SHA256;
    let ab = a
        .key_exchange(kdf, &b.public_key().unwrap(), 48, Some(b"info"))
        .unwrap();
    let ba = b
        .key_exchange(kdf, &a.public_key().unwrap(), 48, Some(b"info"))
        .unwrap();
    assert_eq!((ab.len(), &ab), (48, &ba));
    let mut first = ours.clone();
    first.extend_from_slice(&[0, 0, 0, 1]);
    first.extend_from_slice(b"info");
    let digest = openssl::sha::sha256(&first);
    assert_eq!(&ab[..32], &digest);

    // Sizes Apple refuses, and no Secure Enclave.
    let mut bad = GenerateKeyOptions::default();
    bad.set_key_type(KeyType::ec()).set_size_in_bits(255);
    assert_eq!(SecKey::new(&bad).unwrap_err().code(), -50);
    let mut enclave = GenerateKeyOptions::default();
    enclave.set_token(security_framework::key::Token::SecureEnclave);
    assert_eq!(SecKey::new(&enclave).unwrap_err().code(), -4);
}

#[test]
fn sec_random_fills_every_byte() {
    let (mut a, mut b) = ([0u8; 1024], [0u8; 1024]);
    SecRandom::default().copy_bytes(&mut a).unwrap();
    SecRandom::default().copy_bytes(&mut b).unwrap();
    assert_ne!(a, b);
    // 1024 uniform bytes leave all 256 values with fewer than 20 misses (p < 1e-9).
    let mut seen = [false; 256];
    a.iter().for_each(|&x| seen[usize::from(x)] = true);
    assert!(seen.iter().filter(|&&s| s).count() > 236);
}
