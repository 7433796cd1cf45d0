//! `SecKey` against the `openssl` tool and published vectors: the external representations
//! are the bytes `openssl rsa`/`openssl ec` print for the same key, the signatures are ones
//! `openssl dgst` accepts (and ours accept its), and RFC 6979's ECDSA signature verifies.

use std::path::{Path, PathBuf};
use std::time::Duration;

use openssl::pkey::PKey;
use secure_transport::key::{Algorithm, KeyClass, KeyOperation, KeyType, SecKey};
use secure_transport::status::*;
use secure_transport_test_kit::peers::{path, run_openssl};
use secure_transport_test_kit::pki::{KeyKind, Pki};

const TIMEOUT: Duration = Duration::from_secs(60);

/// Runs `openssl <args>`, which must succeed; returns its output.
fn openssl(args: &[&str]) -> String {
    let (status, output) = run_openssl(args, TIMEOUT);
    assert!(
        status.is_some_and(|s| s.success()),
        "openssl {args:?}:\n{output}"
    );
    output
}

/// A scratch directory (a PKI's, which goes with it).
struct Scratch(Pki);

impl Scratch {
    fn new() -> Scratch {
        Scratch(Pki::new(KeyKind::EcdsaP256))
    }

    fn file(&self, name: &str) -> PathBuf {
        self.0.dir().join(name)
    }
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A private key the openssl tool generated: (its PEM file, the key).
fn generated(scratch: &Scratch, name: &str, args: &[&str]) -> (PathBuf, SecKey) {
    let pem = scratch.file(name);
    let mut all = vec!["genpkey", "-out", path(&pem)];
    all.extend_from_slice(args);
    openssl(&all);
    let key = PKey::private_key_from_pem(&read(&pem)).expect("the tool's key");
    (
        pem,
        SecKey::from_private_pkey(key).expect("an RSA or EC key"),
    )
}

/// A new RSA key of `bits` from `openssl genpkey`, in the file `name`.
fn rsa_key(scratch: &Scratch, name: &str, bits: u32) -> (PathBuf, SecKey) {
    let bits = format!("rsa_keygen_bits:{bits}");
    generated(scratch, name, &["-algorithm", "RSA", "-pkeyopt", &bits])
}

/// A new EC key on `curve` (OpenSSL's name, e.g. "P-256") from `openssl genpkey`.
fn ec_key(scratch: &Scratch, name: &str, curve: &str) -> (PathBuf, SecKey) {
    let curve = format!("ec_paramgen_curve:{curve}");
    generated(scratch, name, &["-algorithm", "EC", "-pkeyopt", &curve])
}

/// The bytes after `label` in `openssl ec -text` output, up to the next label.
fn text_bytes(text: &str, label: &str) -> Vec<u8> {
    let hex: String = text
        .lines()
        .skip_while(|l| l.trim() != label)
        .skip(1)
        .take_while(|l| l.starts_with(' '))
        .flat_map(|l| l.trim().split(':').map(str::to_owned).collect::<Vec<_>>())
        .filter(|b| !b.is_empty())
        .collect();
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn rsa_external_representations_are_the_tools_pkcs1() {
    let scratch = Scratch::new();
    let (pem, key) = rsa_key(&scratch, "rsa.pem", 2048);
    let (private_der, public_der) = (scratch.file("rsa.der"), scratch.file("rsa-pub.der"));
    openssl(&[
        "rsa",
        "-in",
        path(&pem),
        "-traditional",
        "-outform",
        "DER",
        "-out",
        path(&private_der),
    ]);
    openssl(&[
        "rsa",
        "-in",
        path(&pem),
        "-RSAPublicKey_out",
        "-outform",
        "DER",
        "-out",
        path(&public_der),
    ]);
    let (private_der, public_der) = (read(&private_der), read(&public_der));

    assert_eq!(key.external_representation(), Some(private_der.clone()));
    let public = key.public_key().expect("a public key");
    assert_eq!(public.external_representation(), Some(public_der.clone()));
    assert_eq!((key.size_in_bits(), key.block_size()), (2048, 256));
    assert_eq!(key.key_type(), KeyType::Rsa);

    // And back: SecKeyCreateWithData takes the same bytes.
    let again = SecKey::from_data(KeyType::Rsa, KeyClass::Private, &private_der).unwrap();
    assert_eq!(again, key);
    let again = SecKey::from_data(KeyType::Rsa, KeyClass::Public, &public_der).unwrap();
    assert_eq!(again, public);

    // kSecAttrApplicationLabel: SHA-1 of the PKCS#1 public key, as `openssl dgst` makes it.
    let digest = openssl(&["dgst", "-sha1", "-r", path(&scratch.file("rsa-pub.der"))]);
    let label: String = key
        .application_label()
        .unwrap()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(digest.starts_with(&label), "{digest} vs {label}");
    let attributes = public.attributes();
    assert_eq!(attributes.key_class, KeyClass::Public);
    assert!(attributes.can_verify && attributes.can_encrypt && attributes.can_decrypt);
    assert!(!attributes.can_sign && !attributes.can_derive);
    assert!(key.attributes().can_sign && !key.attributes().can_verify);
}

#[test]
fn ec_external_representations_are_x963_as_openssl_ec_prints_them() {
    for (curve, size, bits) in [("P-256", 32, 256), ("P-384", 48, 384), ("P-521", 66, 521)] {
        let scratch = Scratch::new();
        let (pem, key) = ec_key(&scratch, "ec.pem", curve);
        let text = openssl(&["ec", "-in", path(&pem), "-text", "-noout"]);
        let public = text_bytes(&text, "pub:");
        let mut private = text_bytes(&text, "priv:");
        // The tool prints K as a number (a leading 00 when its high bit is set); Apple's
        // representation pads it to the field's size.
        while private.len() > size {
            assert_eq!(private.remove(0), 0);
        }
        let k = [vec![0; size - private.len()], private].concat();
        assert_eq!(public.len(), 2 * size + 1, "{curve}: {text}");
        assert_eq!(public[0], 4);

        let x963 = [public.clone(), k].concat();
        assert_eq!(key.external_representation(), Some(x963.clone()), "{curve}");
        let public_key = key.public_key().unwrap();
        assert_eq!(public_key.external_representation(), Some(public.clone()));
        assert_eq!((key.size_in_bits(), key.block_size()), (bits, size));

        assert_eq!(
            SecKey::from_data(KeyType::Ec, KeyClass::Private, &x963).unwrap(),
            key
        );
        assert_eq!(
            SecKey::from_data(KeyType::Ec, KeyClass::Public, &public).unwrap(),
            public_key
        );
        // A K that is not the point's: refused, with SecKey.c's text (its slip included).
        let mut wrong = x963.clone();
        *wrong.last_mut().unwrap() ^= 1;
        let error = SecKey::from_data(KeyType::Ec, KeyClass::Private, &wrong).unwrap_err();
        assert_eq!(error.code(), errSecParam);
        assert_eq!(
            error.description(),
            "EC public key creation from data failed"
        );
    }
}

#[test]
fn bad_key_data_is_refused_with_apples_texts() {
    let cases: [(KeyType, KeyClass, &[u8], &str); 5] = [
        (
            KeyType::Rsa,
            KeyClass::Public,
            b"\x30\x00",
            "RSA public key creation from data failed",
        ),
        (
            KeyType::Rsa,
            KeyClass::Private,
            b"",
            "RSA private key creation from data failed",
        ),
        (
            KeyType::Ec,
            KeyClass::Public,
            &[4; 64],
            "EC public key creation from data failed",
        ),
        (
            KeyType::Ec,
            KeyClass::Public,
            &[5; 65],
            "EC public key creation from data failed",
        ),
        (
            KeyType::Ec,
            KeyClass::Private,
            &[4; 96],
            "EC public key creation from data failed",
        ),
    ];
    for (key_type, key_class, data, text) in cases {
        let error = SecKey::from_data(key_type, key_class, data).unwrap_err();
        assert_eq!((error.code(), error.description()), (errSecParam, text));
    }
}

/// (algorithm, `openssl dgst` arguments that check or make its signatures).
fn rsa_algorithms() -> Vec<(Algorithm, Vec<&'static str>)> {
    let pss = [
        "-sigopt",
        "rsa_padding_mode:pss",
        "-sigopt",
        "rsa_pss_saltlen:-1",
    ];
    let mut cases = Vec::new();
    for (digest, pkcs1, pss_algorithm) in [
        (
            "-sha256",
            Algorithm::RSASignatureMessagePKCS1v15SHA256,
            Algorithm::RSASignatureMessagePSSSHA256,
        ),
        (
            "-sha384",
            Algorithm::RSASignatureMessagePKCS1v15SHA384,
            Algorithm::RSASignatureMessagePSSSHA384,
        ),
        (
            "-sha512",
            Algorithm::RSASignatureMessagePKCS1v15SHA512,
            Algorithm::RSASignatureMessagePSSSHA512,
        ),
    ] {
        cases.push((pkcs1, vec![digest]));
        cases.push((pss_algorithm, [&[digest][..], &pss].concat()));
    }
    cases
}

#[test]
fn signatures_are_ones_openssl_dgst_accepts_and_makes() {
    let scratch = Scratch::new();
    let message = scratch.file("message");
    std::fs::write(&message, b"signed by secure-transport").unwrap();
    let (rsa_pem, rsa) = rsa_key(&scratch, "rsa.pem", 2048);
    let (ec_pem, ec) = ec_key(&scratch, "ec.pem", "P-384");
    let mut cases = rsa_algorithms()
        .into_iter()
        .map(|(a, args)| (a, args, &rsa_pem, &rsa))
        .collect::<Vec<_>>();
    for (algorithm, digest) in [
        (Algorithm::ECDSASignatureMessageX962SHA256, "-sha256"),
        (Algorithm::ECDSASignatureMessageX962SHA384, "-sha384"),
        (Algorithm::ECDSASignatureMessageX962SHA512, "-sha512"),
    ] {
        cases.push((algorithm, vec![digest], &ec_pem, &ec));
    }
    for (algorithm, args, pem, key) in cases {
        let public_pem = scratch.file("public.pem");
        openssl(&[
            "pkey",
            "-in",
            path(pem),
            "-pubout",
            "-out",
            path(&public_pem),
        ]);
        let signed = std::fs::read(&message).unwrap();

        // Ours, checked by the tool.
        let signature = key.create_signature(algorithm, &signed).unwrap();
        let ours = scratch.file("ours.sig");
        std::fs::write(&ours, &signature).unwrap();
        let mut verify = vec![
            "dgst",
            "-verify",
            path(&public_pem),
            "-signature",
            path(&ours),
        ];
        verify.extend(&args);
        verify.push(path(&message));
        assert!(openssl(&verify).contains("Verified OK"), "{algorithm:?}");

        // The tool's, checked by ours; then one bit off.
        let theirs = scratch.file("theirs.sig");
        let mut sign = vec!["dgst", "-sign", path(pem), "-out", path(&theirs)];
        sign.extend(&args);
        sign.push(path(&message));
        openssl(&sign);
        let mut signature = read(&theirs);
        let public = key.public_key().unwrap();
        assert_eq!(
            public.verify_signature(algorithm, &signed, &signature),
            Ok(true),
            "{algorithm:?}"
        );
        let last = signature.len() - 3;
        signature[last] ^= 0x10;
        let error = public
            .verify_signature(algorithm, &signed, &signature)
            .unwrap_err();
        assert_eq!(error.code(), errSecVerifyFailed, "{algorithm:?}");
    }
}

#[test]
fn digest_algorithms_sign_the_digest_given() {
    let scratch = Scratch::new();
    let (_, rsa) = rsa_key(&scratch, "rsa.pem", 2048);
    let (_, ec) = ec_key(&scratch, "ec.pem", "P-256");
    let message = b"a message";
    let sha256 = openssl::sha::sha256(message);
    for (key, digest_algorithm, message_algorithm) in [
        (
            &rsa,
            Algorithm::RSASignatureDigestPKCS1v15SHA256,
            Algorithm::RSASignatureMessagePKCS1v15SHA256,
        ),
        (
            &rsa,
            Algorithm::RSASignatureDigestPSSSHA256,
            Algorithm::RSASignatureMessagePSSSHA256,
        ),
        (
            &ec,
            Algorithm::ECDSASignatureDigestX962SHA256,
            Algorithm::ECDSASignatureMessageX962SHA256,
        ),
        (
            &ec,
            Algorithm::ECDSASignatureDigestX962,
            Algorithm::ECDSASignatureMessageX962SHA256,
        ),
    ] {
        let public = key.public_key().unwrap();
        let signature = key.create_signature(digest_algorithm, &sha256).unwrap();
        assert_eq!(
            public.verify_signature(message_algorithm, message, &signature),
            Ok(true)
        );
        let signature = key.create_signature(message_algorithm, message).unwrap();
        assert_eq!(
            public.verify_signature(digest_algorithm, &sha256, &signature),
            Ok(true)
        );
    }
    // A digest of the wrong length: SecKeyAdaptors.c's codes and texts.
    let error = rsa
        .create_signature(Algorithm::RSASignatureDigestPKCS1v15SHA256, &[0; 20])
        .unwrap_err();
    assert_eq!(
        (error.code(), error.description()),
        (errSecParam, "RSAsign wrong input data length")
    );
    let error = ec
        .create_signature(Algorithm::ECDSASignatureDigestX962SHA384, &sha256)
        .unwrap_err();
    assert_eq!(
        (error.code(), error.description()),
        (
            errSecParam,
            "bad digest size for signing with algorithm algid:sign:ECDSA:digest-X962:SHA384"
        )
    );
}

/// RFC 6979, A.2.5: ECDSA on P-256 with SHA-256, message "sample" — a published key and
/// signature (`r || s`, RFC 4754's form) that our verification must accept.
#[test]
fn rfc6979_p256_signature_verifies() {
    let hex = |s: &str| -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    };
    let x = hex("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721");
    let ux = hex("60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6");
    let uy = hex("7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299");
    let r = hex("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716");
    let s = hex("F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
    let public_x963 = [&[4][..], &ux, &uy].concat();
    let public = SecKey::from_data(KeyType::Ec, KeyClass::Public, &public_x963).unwrap();
    // The published private key is the public key's.
    let private = SecKey::from_data(
        KeyType::Ec,
        KeyClass::Private,
        &[&public_x963[..], &x].concat(),
    )
    .unwrap();
    assert_eq!(private.public_key().unwrap(), public);

    let raw = [r, s].concat();
    let algorithm = Algorithm::ECDSASignatureRFC4754;
    let digest = openssl::sha::sha256(b"sample");
    assert_eq!(public.verify_signature(algorithm, &digest, &raw), Ok(true));
    let other = openssl::sha::sha256(b"test");
    assert_eq!(
        public
            .verify_signature(algorithm, &other, &raw)
            .unwrap_err()
            .code(),
        errSecVerifyFailed
    );
    let error = public
        .verify_signature(algorithm, &digest, &raw[1..])
        .unwrap_err();
    assert_eq!(
        (error.code(), error.description()),
        (
            errSecParam,
            "bad signature size, got 63, expecting 64 bytes"
        )
    );
    // Our RFC 4754 signatures are r || s of the field's size, and verify.
    let ours = private.create_signature(algorithm, &digest).unwrap();
    assert_eq!(ours.len(), 64);
    assert_eq!(public.verify_signature(algorithm, &digest, &ours), Ok(true));
}

#[test]
fn algorithms_a_key_does_not_do_are_errsecparam() {
    let scratch = Scratch::new();
    let (_, rsa) = rsa_key(&scratch, "rsa.pem", 1024);
    let (_, ec) = ec_key(&scratch, "ec.pem", "P-256");
    let public = rsa.public_key().unwrap();
    let sign = KeyOperation::Sign;
    assert!(rsa.is_algorithm_supported(sign, Algorithm::RSASignatureMessagePSSSHA256));
    assert!(!public.is_algorithm_supported(sign, Algorithm::RSASignatureMessagePSSSHA256));
    assert!(public.is_algorithm_supported(
        KeyOperation::Verify,
        Algorithm::RSASignatureMessagePKCS1v15SHA1
    ));
    assert!(!rsa.is_algorithm_supported(sign, Algorithm::ECDSASignatureMessageX962SHA256));
    assert!(!rsa.is_algorithm_supported(KeyOperation::Encrypt, Algorithm::RSAEncryptionPKCS1));
    // PSS with SHA-512 needs 130 bytes of modulus: a 1024-bit key has 128.
    assert!(!rsa.is_algorithm_supported(sign, Algorithm::RSASignatureMessagePSSSHA512));
    let error = rsa
        .create_signature(Algorithm::RSASignatureMessagePSSSHA512, b"m")
        .unwrap_err();
    assert_eq!(
        (error.code(), error.description()),
        (errSecParam, "algorithm algid:sign:RSA:message-PSS:SHA512:SHA512:64 incompatible with 1024bit RSA key")
    );
    let error = ec
        .create_signature(Algorithm::RSASignatureMessagePKCS1v15SHA256, b"m")
        .unwrap_err();
    assert_eq!(error.code(), errSecParam);
    assert_eq!(
        error.description(),
        "algid:sign:RSA:message-PKCS1v15:SHA256: algorithm not supported by the key \
         <SecKeyRef curve type: kSecECCurveSecp256r1, algorithm id: 3, key type: ECPrivateKey, \
         version: 4, block size: 256 bits>"
    );
    let error = public
        .create_signature(Algorithm::RSASignatureMessagePKCS1v15SHA256, b"m")
        .unwrap_err();
    assert_eq!(error.code(), errSecParam);
    for algorithm in Algorithm::ALL {
        assert_eq!(Algorithm::from_name(algorithm.name()), Some(*algorithm));
    }
}

#[test]
fn identities_and_trusts_give_the_certificates_keys() {
    use secure_transport::identity::SecIdentity;
    use secure_transport::policy::SecPolicy;
    use secure_transport::trust::SecTrust;
    for kind in [KeyKind::Rsa2048, KeyKind::EcdsaP256] {
        let pki = Pki::new(kind);
        let identity = pki.server().identity();
        let certificate = identity.certificate().unwrap();
        let private = identity.private_key().unwrap();
        assert_eq!(private.key_class(), KeyClass::Private);
        assert_eq!(private.public_key(), certificate.public_key().ok());
        // SecIdentityCreate: the pair again; another key, or a public one, is refused.
        let again = SecIdentity::with_private_key(certificate.clone(), &private).unwrap();
        assert_eq!(again.certificate().unwrap(), certificate);
        let other = pki.client().identity().private_key().unwrap();
        let code = |r: secure_transport::Result<SecIdentity>| r.unwrap_err().code();
        assert_eq!(
            code(SecIdentity::with_private_key(certificate.clone(), &other)),
            errSecParam
        );
        let public = private.public_key().unwrap();
        assert_eq!(
            code(SecIdentity::with_private_key(certificate.clone(), &public)),
            errSecParam
        );
        // SecTrustCopyKey: the leaf's, with or without an evaluation.
        let chain = [certificate.clone(), pki.ca().certificate()];
        let trust =
            SecTrust::create_with_certificates(&chain, &[SecPolicy::create_x509()]).unwrap();
        assert_eq!(trust.copy_key(), Some(public));
    }
}

/// `SecKeyIsAlgorithmSupported` says yes exactly for the encryptions, decryptions and key
/// exchanges the key carries out: each algorithm is tried for real and the answers compared.
#[test]
fn algorithm_support_matches_what_encryption_and_key_exchange_do() {
    let scratch = Scratch::new();
    let (_, rsa) = rsa_key(&scratch, "rsa.pem", 2048);
    let (_, ec) = ec_key(&scratch, "ec.pem", "P-256");
    let (_, peer) = ec_key(&scratch, "peer.pem", "P-256");
    let (rsa_public, peer_public) = (rsa.public_key().unwrap(), peer.public_key().unwrap());
    // Raw RSA takes exactly a modulus's worth of input, below the modulus.
    let raw = [&[0u8][..], &[7u8; 255][..]].concat();
    let mut supported = 0;
    for &algorithm in Algorithm::ALL {
        let input: &[u8] = if algorithm == Algorithm::RSAEncryptionRaw {
            &raw
        } else {
            b"secret"
        };
        for (key, other) in [(&rsa, &rsa_public), (&rsa_public, &rsa)] {
            let says = key.is_algorithm_supported(KeyOperation::Encrypt, algorithm);
            let sealed = key.encrypt_data(algorithm, input);
            let opened = sealed
                .as_ref()
                .ok()
                .map(|s| other.decrypt_data(algorithm, s));
            let works = key.key_class() == KeyClass::Public
                && matches!(&opened, Some(Ok(plain)) if plain == input);
            assert_eq!(says, works, "encrypt {algorithm:?} with {key:?}");
            let decrypts = other.is_algorithm_supported(KeyOperation::Decrypt, algorithm);
            assert_eq!(decrypts, works, "decrypt {algorithm:?} with {other:?}");
            supported += usize::from(works);
        }
        for key in [&ec, &rsa, &peer_public] {
            let says = key.is_algorithm_supported(KeyOperation::KeyExchange, algorithm);
            let works = key.key_exchange(algorithm, &peer_public, 32, None).is_ok();
            assert_eq!(says, works, "key exchange {algorithm:?} with {key:?}");
            supported += usize::from(works);
        }
    }
    // RSA: raw, PKCS#1 and five OAEP digests; ECDH: two kinds, raw and five KDF digests.
    assert_eq!(supported, 7 + 12);
}
