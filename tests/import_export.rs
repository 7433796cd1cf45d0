//! `SecItemImport` and `SecItemExport` through the safe crate, on files the `openssl` tool
//! wrote (PEM, DER, PKCS#1, SEC1, PKCS#8 plain and encrypted, traditional encrypted PEM,
//! PKCS#7, PKCS#12) and on what we write, read back by the tool: the format and item type
//! Apple's importer reports, the items, and Apple's codes for what is wrong.

use std::path::PathBuf;
use std::time::Duration;

use secure_transport::certificate::SecCertificate;
use secure_transport::import_export::{
    ExportOptions, ExternalFormat as F, ExternalItemType as T, ImportOptions, Imported, Item,
    SecItems,
};
use secure_transport::key::{KeyClass, SecKey};
use secure_transport::status::*;
use secure_transport_test_kit::peers::{path, run_openssl};
use secure_transport_test_kit::pki::{Issued, KeyKind, LeafSpec, Pki};

const TIMEOUT: Duration = Duration::from_secs(60);

fn openssl(args: &[&str]) -> String {
    let (status, output) = run_openssl(args, TIMEOUT);
    assert!(
        status.is_some_and(|s| s.success()),
        "openssl {args:?}:\n{output}"
    );
    output
}

/// What `data` imports as, with the passphrase, format and file name given.
fn import(
    data: &[u8],
    passphrase: Option<&str>,
    format: F,
    filename: Option<&str>,
) -> Result<Imported, OSStatus> {
    let mut options = ImportOptions::new();
    options.format(format);
    if let Some(passphrase) = passphrase {
        options.passphrase(passphrase);
    }
    if let Some(filename) = filename {
        options.filename(filename);
    }
    options.import_items(data).map_err(|e| e.code())
}

fn kind(imported: &Imported) -> (F, T) {
    (imported.format, imported.item_type)
}

fn only_key(imported: &Imported) -> SecKey {
    match &imported.items[..] {
        [Item::Key(key)] => key.clone(),
        other => panic!("not one key: {other:?}"),
    }
}

/// A file the tool writes from the leaf's key or certificate.
fn written(pki: &Pki, name: &str, args: &[&str]) -> Vec<u8> {
    let out: PathBuf = pki.dir().join(name);
    let mut all = args.to_vec();
    all.extend(["-out", path(&out)]);
    openssl(&all);
    std::fs::read(&out).unwrap()
}

fn issued_key(issued: &Issued) -> SecKey {
    let key = openssl::pkey::PKey::private_key_from_pem(&issued.key_pem).unwrap();
    SecKey::from_private_pkey(key).unwrap()
}

#[test]
fn certificates_import_from_pem_der_and_pkcs7() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let server = pki.server();
    let leaf = server.certificate();
    let pem = import(&server.cert_pem, None, F::UNKNOWN, None).unwrap();
    assert_eq!(kind(&pem), (F::X509_CERT, T::CERTIFICATE));
    assert!(matches!(&pem.items[..], [Item::Certificate(c)] if *c == leaf));
    let der = import(&leaf.to_der(), None, F::UNKNOWN, None).unwrap();
    assert_eq!(kind(&der), (F::X509_CERT, T::CERTIFICATE));
    assert_eq!(
        kind(&import(&leaf.to_der(), None, F::UNKNOWN, Some("leaf.cer")).unwrap()),
        (F::X509_CERT, T::CERTIFICATE)
    );

    // A chain as PKCS#7, DER and PEM: both certificates, in the file's order.
    let chain_pem = pki.dir().join("chain.pem");
    std::fs::write(
        &chain_pem,
        [&server.cert_pem[..], &pki.ca().cert_pem].concat(),
    )
    .unwrap();
    for outform in ["DER", "PEM"] {
        let p7 = written(
            &pki,
            "chain.p7b",
            &[
                "crl2pkcs7",
                "-nocrl",
                "-certfile",
                path(&chain_pem),
                "-outform",
                outform,
            ],
        );
        let imported = import(&p7, None, F::UNKNOWN, None).unwrap();
        assert_eq!(kind(&imported), (F::PKCS7, T::AGGREGATE), "{outform}");
        let certs: Vec<SecCertificate> = imported
            .items
            .into_iter()
            .map(|i| match i {
                Item::Certificate(c) => c,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(certs.len(), 2);
        assert!(certs.contains(&leaf) && certs.contains(&pki.ca().certificate()));
    }
}

#[test]
fn keys_import_from_the_tools_formats_as_apple_names_them() {
    for kind_ in [KeyKind::Rsa2048, KeyKind::EcdsaP256] {
        let pki = Pki::new(kind_);
        let server = pki.server();
        let key = issued_key(server);
        let rsa = kind_ == KeyKind::Rsa2048;
        let tool = if rsa { "rsa" } else { "ec" };
        let key_path = path(&server.key_path);
        // (data, format and type Apple reports)
        let pkcs8_der = written(
            &pki,
            "k8.der",
            &[
                "pkcs8", "-topk8", "-nocrypt", "-in", key_path, "-outform", "DER",
            ],
        );
        let pkcs8_kind = if rsa { F::BSAFE } else { F::OPENSSL };
        // `openssl rsa` writes PKCS#8 unless told otherwise; `openssl ec` writes SEC1.
        let traditional = if rsa { &["-traditional"][..] } else { &[] };
        let traditional_der = written(
            &pki,
            "kt.der",
            &[&[tool, "-in", key_path, "-outform", "DER"][..], traditional].concat(),
        );
        let traditional_pem = written(
            &pki,
            "kt.pem",
            &[&[tool, "-in", key_path][..], traditional].concat(),
        );
        let cases = [
            (
                server.key_pem.clone(),
                (pkcs8_kind, T::PRIVATE_KEY),
                "PKCS#8 PEM",
            ),
            (pkcs8_der, (pkcs8_kind, T::PRIVATE_KEY), "PKCS#8 DER"),
            (
                traditional_der,
                (F::OPENSSL, T::PRIVATE_KEY),
                "PKCS#1/SEC1 DER",
            ),
            (
                traditional_pem,
                (F::OPENSSL, T::PRIVATE_KEY),
                "PKCS#1/SEC1 PEM",
            ),
        ];
        for (data, expected, what) in cases {
            let imported =
                import(&data, None, F::UNKNOWN, None).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(kind(&imported), expected, "{kind_:?} {what}");
            assert_eq!(only_key(&imported), key, "{kind_:?} {what}");
        }
        // Public keys: SubjectPublicKeyInfo (OpenSSL's format), PKCS#1 (BSAFE's).
        let public = key.public_key().unwrap();
        let spki = written(
            &pki,
            "pub.der",
            &["pkey", "-in", key_path, "-pubout", "-outform", "DER"],
        );
        let imported = import(&spki, None, F::UNKNOWN, None).unwrap();
        assert_eq!(
            (kind(&imported), only_key(&imported)),
            ((F::OPENSSL, T::PUBLIC_KEY), public.clone())
        );
        let spki_pem = written(&pki, "pub.pem", &["pkey", "-in", key_path, "-pubout"]);
        assert_eq!(
            only_key(&import(&spki_pem, None, F::UNKNOWN, None).unwrap()),
            public
        );
        if rsa {
            let pkcs1 = written(
                &pki,
                "pub1.der",
                &[
                    "rsa",
                    "-in",
                    key_path,
                    "-RSAPublicKey_out",
                    "-outform",
                    "DER",
                ],
            );
            let imported = import(&pkcs1, None, F::UNKNOWN, None).unwrap();
            assert_eq!(
                (kind(&imported), only_key(&imported)),
                ((F::BSAFE, T::PUBLIC_KEY), public)
            );
        }
    }
}

#[test]
fn encrypted_keys_need_their_passphrase() {
    let pki = Pki::new(KeyKind::Rsa2048);
    let server = pki.server();
    let key = issued_key(server);
    let key_path = path(&server.key_path);
    let pkcs8 = written(
        &pki,
        "enc.pem",
        &[
            "pkcs8",
            "-topk8",
            "-in",
            key_path,
            "-v2",
            "aes-256-cbc",
            "-passout",
            "pass:sesame",
        ],
    );
    let pkcs8_der = written(
        &pki,
        "enc.der",
        &[
            "pkcs8",
            "-topk8",
            "-in",
            key_path,
            "-v2",
            "aes-256-cbc",
            "-passout",
            "pass:sesame",
            "-outform",
            "DER",
        ],
    );
    let traditional = written(
        &pki,
        "trad.pem",
        &[
            "rsa",
            "-in",
            key_path,
            "-aes256",
            "-traditional",
            "-passout",
            "pass:sesame",
        ],
    );
    for (data, format, filename, expected) in [
        (&pkcs8, F::UNKNOWN, None, F::WRAPPED_PKCS8),
        (&pkcs8_der, F::WRAPPED_PKCS8, None, F::WRAPPED_PKCS8),
        (&pkcs8_der, F::UNKNOWN, Some("key.p8"), F::WRAPPED_PKCS8),
        (&traditional, F::UNKNOWN, None, F::WRAPPED_OPENSSL),
    ] {
        let imported = import(data, Some("sesame"), format, filename).unwrap();
        assert_eq!(
            (kind(&imported), only_key(&imported)),
            ((expected, T::PRIVATE_KEY), key.clone())
        );
        assert_eq!(
            import(data, None, format, filename).unwrap_err(),
            errSecPassphraseRequired
        );
        assert_eq!(
            import(data, Some("wrong"), format, filename).unwrap_err(),
            errSecAuthFailed
        );
    }
    // As on Apple, encrypted PKCS#8 in DER is not guessed without its format or name.
    assert_eq!(
        import(&pkcs8_der, Some("sesame"), F::UNKNOWN, None).unwrap_err(),
        errSecUnknownFormat
    );
}

#[test]
fn pkcs12_gives_identities_then_the_other_certificates() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let leaf = pki.issue(LeafSpec::WeakIntermediate);
    let p12 = leaf.pkcs12("p12 pass");
    let imported = import(&p12, Some("p12 pass"), F::PKCS12, None).unwrap();
    assert_eq!(kind(&imported), (F::PKCS12, T::AGGREGATE));
    let [Item::Identity(identity), Item::Certificate(intermediate)] = &imported.items[..] else {
        panic!("{:?}", imported.items);
    };
    assert_eq!(identity.certificate().unwrap(), leaf.certificate());
    assert_eq!(identity.private_key().unwrap(), issued_key(&leaf));
    assert_eq!(vec![intermediate.clone()], leaf.chain());
    // The file name says what it is; without it (or the format), Apple cannot tell.
    assert_eq!(
        kind(&import(&p12, Some("p12 pass"), F::UNKNOWN, Some("id.pfx")).unwrap()),
        (F::PKCS12, T::AGGREGATE)
    );
    assert_eq!(
        import(&p12, Some("p12 pass"), F::UNKNOWN, None).unwrap_err(),
        errSecUnknownFormat
    );
    assert_eq!(
        import(&p12, None, F::PKCS12, None).unwrap_err(),
        errSecPassphraseRequired
    );
    assert_eq!(
        import(&p12, Some("wrong"), F::PKCS12, None).unwrap_err(),
        errSecPkcs12VerifyFailure
    );
    assert_eq!(
        import(b"not pkcs12", Some("x"), F::PKCS12, None).unwrap_err(),
        errSecDecode
    );
    // security-framework's shape: the items by kind.
    let mut items = SecItems::default();
    ImportOptions::new()
        .passphrase("p12 pass")
        .filename("id.p12")
        .items(&mut items)
        .import(&p12)
        .unwrap();
    assert_eq!(
        (
            items.identities.len(),
            items.certificates.len(),
            items.keys.len()
        ),
        (1, 1, 0)
    );
}

#[test]
fn a_pem_sequence_gives_its_items_in_order() {
    let pki = Pki::new(KeyKind::Rsa2048);
    let server = pki.server();
    let data = [&server.cert_pem[..], &server.key_pem, &pki.ca().cert_pem].concat();
    // The caller's format is for one item: a sequence's blocks say what they are.
    let imported = import(&data, None, F::X509_CERT, Some("bundle.crt")).unwrap();
    assert_eq!(kind(&imported), (F::PEM_SEQUENCE, T::AGGREGATE));
    let [Item::Certificate(leaf), Item::Key(key), Item::Certificate(ca)] = &imported.items[..]
    else {
        panic!("{:?}", imported.items);
    };
    assert_eq!((leaf, ca), (&server.certificate(), &pki.ca().certificate()));
    assert_eq!(key.key_class(), KeyClass::Private);
    assert_eq!(key.public_key(), leaf.public_key().ok());
}

#[test]
fn what_is_not_an_item_is_apples_error() {
    assert_eq!(
        import(b"", None, F::UNKNOWN, None).unwrap_err(),
        errSecParam
    );
    assert_eq!(
        import(b"\x00\x01garbage", None, F::UNKNOWN, None).unwrap_err(),
        errSecUnknownFormat
    );
    assert_eq!(
        import(b"just some text, not base64!", None, F::UNKNOWN, None).unwrap_err(),
        errSecUnknownFormat
    );
    assert_eq!(
        import(b"\x30\x03\x02\x01\x01", None, F::X509_CERT, None).unwrap_err(),
        errSecUnknownFormat
    );
    assert_eq!(
        import(b"\x30\x03\x02\x01\x01", None, F::SSH, None).unwrap_err(),
        errSecUnknownFormat
    );
}

/// `openssl <args> -in <file with data>` succeeds and prints what it read.
fn read_by_tool(pki: &Pki, data: &[u8], args: &[&str]) -> String {
    let file = pki.dir().join("exported");
    std::fs::write(&file, data).unwrap();
    let mut all = args.to_vec();
    all.extend(["-in", path(&file)]);
    openssl(&all)
}

#[test]
fn exports_are_read_by_the_tool_and_import_again() {
    for kind_ in [KeyKind::Rsa2048, KeyKind::EcdsaP256] {
        let pki = Pki::new(kind_);
        let server = pki.server();
        let identity = server.identity();
        let certificate = server.certificate();
        let key = issued_key(server);
        let tool = if kind_ == KeyKind::Rsa2048 {
            "rsa"
        } else {
            "ec"
        };
        let mut options = ExportOptions::new();

        let der = options
            .export(&[Item::Certificate(certificate.clone())], F::UNKNOWN)
            .unwrap();
        assert_eq!(der, certificate.to_der());
        let pem = options
            .pem_armour(true)
            .export(&[Item::Certificate(certificate.clone())], F::X509_CERT)
            .unwrap();
        assert!(read_by_tool(
            &pki,
            &pem,
            &["x509", "-noout", "-subject", "-nameopt", "RFC2253"]
        )
        .contains("CN=localhost"));

        // A private key in OpenSSL's format: the tool's own traditional DER.
        let pkcs1 = if tool == "rsa" {
            &["-traditional"][..]
        } else {
            &[]
        };
        let args = [
            &[tool, "-in", path(&server.key_path), "-outform", "DER"][..],
            pkcs1,
        ];
        let traditional = written(&pki, "kt.der", &args.concat());
        let der = ExportOptions::new()
            .export(&[Item::Key(key.clone())], F::OPENSSL)
            .unwrap();
        assert_eq!(der, traditional);
        let pem = options
            .export(&[Item::Key(key.clone())], F::UNKNOWN)
            .unwrap();
        let label = if tool == "rsa" {
            "RSA PRIVATE KEY"
        } else {
            "EC PRIVATE KEY"
        };
        assert!(pem.starts_with(format!("-----BEGIN {label}-----\n").as_bytes()));
        read_by_tool(
            &pki,
            &pem,
            &[tool, "-noout", "-check"][..if tool == "rsa" { 3 } else { 2 }],
        );
        assert_eq!(
            only_key(&import(&pem, None, F::UNKNOWN, None).unwrap()),
            key
        );

        // An identity as a PEM sequence: its certificate, then its key.
        let sequence = options
            .export(&[Item::Identity(identity.clone())], F::UNKNOWN)
            .unwrap();
        let again = import(&sequence, None, F::UNKNOWN, None).unwrap();
        assert_eq!(kind(&again), (F::PEM_SEQUENCE, T::AGGREGATE));
        assert!(
            matches!(&again.items[..], [Item::Certificate(c), Item::Key(k)] if *c == certificate && *k == key)
        );

        // PKCS#12 under a passphrase: the tool decrypts it, we import an identity again.
        let p12 = ExportOptions::new()
            .passphrase("out pass")
            .export(
                &[
                    Item::Identity(identity.clone()),
                    Item::Certificate(pki.ca().certificate()),
                ],
                F::PKCS12,
            )
            .unwrap();
        let listed = read_by_tool(
            &pki,
            &p12,
            &["pkcs12", "-passin", "pass:out pass", "-nodes", "-info"],
        );
        assert_eq!(
            listed.matches("-----BEGIN CERTIFICATE-----").count(),
            2,
            "{listed}"
        );
        assert!(listed.contains("PRIVATE KEY-----"), "{listed}");
        let again = import(&p12, Some("out pass"), F::PKCS12, None).unwrap();
        assert!(
            matches!(&again.items[..], [Item::Identity(i), Item::Certificate(_)] if i.certificate().unwrap() == certificate)
        );

        // Encrypted PKCS#8.
        let wrapped = ExportOptions::new()
            .passphrase("p8")
            .export(&[Item::Key(key.clone())], F::WRAPPED_PKCS8)
            .unwrap();
        let decrypted = read_by_tool(
            &pki,
            &wrapped,
            &["pkcs8", "-inform", "DER", "-passin", "pass:p8"],
        );
        assert!(
            decrypted.contains("-----BEGIN PRIVATE KEY-----"),
            "{decrypted}"
        );
        assert_eq!(
            only_key(&import(&wrapped, Some("p8"), F::WRAPPED_PKCS8, None).unwrap()),
            key
        );
    }
}

#[test]
fn exports_apple_refuses_are_refused_with_its_codes() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let certificate = pki.server().certificate();
    let key = issued_key(pki.server());
    let options = ExportOptions::new();
    let code = |items: &[Item], format: F| options.export(items, format).unwrap_err().code();
    let cert = Item::Certificate(certificate.clone());
    assert_eq!(code(&[Item::Key(key.clone())], F::X509_CERT), errSecParam);
    assert_eq!(code(std::slice::from_ref(&cert), F::OPENSSL), errSecParam);
    assert_eq!(
        code(&[cert.clone(), cert.clone()], F::X509_CERT),
        errSecParam
    );
    assert_eq!(code(&[], F::UNKNOWN), errSecParam);
    assert_eq!(
        code(std::slice::from_ref(&cert), F::PKCS12),
        errSecPassphraseRequired
    );
    assert_eq!(
        code(&[Item::Key(key.clone())], F::WRAPPED_PKCS8),
        errSecPassphraseRequired
    );
    assert_eq!(
        code(&[Item::Key(key.clone())], F::SSH),
        errSecUnsupportedFormat
    );
    assert_eq!(
        code(std::slice::from_ref(&cert), F::from_raw(99)),
        errSecParam
    );
    let with_passphrase = ExportOptions::new().passphrase("x").clone();
    assert_eq!(
        with_passphrase.export(&[], F::PKCS12).unwrap_err().code(),
        errSecItemNotFound
    );
    assert_eq!(
        options.export(&[], F::PEM_SEQUENCE).unwrap(),
        Vec::<u8>::new()
    );
}
