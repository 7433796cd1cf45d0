//! What `SecCertificateCopy*` read out of a certificate, checked against the `openssl` tool's
//! reading of the same file or against names and dates the test built itself: the common
//! name (the last one), email addresses, serial number bytes, the normalized issuer and
//! subject sequences Apple's keychain matches by, validity dates and the public key.

use std::time::{Duration, UNIX_EPOCH};

use openssl::asn1::{Asn1Integer, Asn1Time, Asn1Type};
use openssl::bn::BigNum;
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::x509::extension::SubjectAlternativeName;
use openssl::x509::{X509Builder, X509Name, X509NameBuilder};
use secure_transport::certificate::{errSecInternal, SecCertificate};
use secure_transport::key::{KeyClass, KeyType};
use secure_transport::status::errSecUnimplemented;
use secure_transport_test_kit::peers::{path, run_openssl};
use secure_transport_test_kit::pki::{KeyKind, Pki};

const TIMEOUT: Duration = Duration::from_secs(60);

fn openssl(args: &[&str]) -> String {
    let (status, output) = run_openssl(args, TIMEOUT);
    assert!(
        status.is_some_and(|s| s.success()),
        "openssl {args:?}:\n{output}"
    );
    output
}

fn p256() -> PKey<Private> {
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
    PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap()
}

/// (nid, value, string type) entries as a Name.
fn name(entries: &[(Nid, &str, Asn1Type)]) -> X509Name {
    let mut name = X509NameBuilder::new().unwrap();
    for &(nid, value, kind) in entries {
        name.append_entry_by_nid_with_type(nid, value, kind)
            .unwrap();
    }
    name.build()
}

/// A self-signed certificate with this subject, serial, validity (Unix times) and SAN.
fn certificate(
    subject: &X509Name,
    serial: &[u8],
    validity: (i64, i64),
    san_emails: &[&str],
) -> SecCertificate {
    let key = p256();
    let mut b = X509Builder::new().unwrap();
    b.set_version(2).unwrap();
    let serial = Asn1Integer::from_bn(&BigNum::from_slice(serial).unwrap()).unwrap();
    b.set_serial_number(&serial).unwrap();
    b.set_subject_name(subject).unwrap();
    b.set_issuer_name(subject).unwrap();
    b.set_pubkey(&key).unwrap();
    b.set_not_before(&Asn1Time::from_unix(validity.0).unwrap())
        .unwrap();
    b.set_not_after(&Asn1Time::from_unix(validity.1).unwrap())
        .unwrap();
    if !san_emails.is_empty() {
        let mut san = SubjectAlternativeName::new();
        for email in san_emails {
            san.email(email);
        }
        let extension = san.build(&b.x509v3_context(None, None)).unwrap();
        b.append_extension(extension).unwrap();
    }
    b.sign(&key, MessageDigest::sha256()).unwrap();
    SecCertificate::from_der(&b.build().to_der().unwrap()).unwrap()
}

const PRINTABLE: Asn1Type = Asn1Type::PRINTABLESTRING;
const UTF8: Asn1Type = Asn1Type::UTF8STRING;

#[test]
fn names_are_normalized_as_apples_keychain_compares_them() {
    let subject = name(&[
        (Nid::COUNTRYNAME, "us", PRINTABLE),
        (Nid::ORGANIZATIONNAME, "  acme \t  widgets  ", PRINTABLE),
        (Nid::COMMONNAME, "Mixed  Case stays", UTF8),
    ]);
    // What Apple's normalization makes of it, built independently: the PrintableStrings in
    // upper case with single spaces, the UTF8String as it was.
    let normalized = name(&[
        (Nid::COUNTRYNAME, "US", PRINTABLE),
        (Nid::ORGANIZATIONNAME, "ACME WIDGETS", PRINTABLE),
        (Nid::COMMONNAME, "Mixed  Case stays", UTF8),
    ]);
    let cert = certificate(&subject, &[1], (0, 1), &[]);
    let expected = normalized.to_der().unwrap();
    assert_eq!(cert.subject(), Some(expected.clone()));
    assert_eq!(cert.issuer(), Some(expected));
    assert_ne!(cert.subject(), Some(subject.to_der().unwrap()));
}

#[test]
fn common_name_is_the_last_and_a_subject_without_one_is_errsecinternal() {
    let two = name(&[
        (Nid::COMMONNAME, "first", UTF8),
        (Nid::COMMONNAME, "second", UTF8),
    ]);
    assert_eq!(
        certificate(&two, &[1], (0, 1), &[]).common_name().unwrap(),
        "second"
    );
    let none = name(&[(Nid::ORGANIZATIONNAME, "no common name", UTF8)]);
    let error = certificate(&none, &[1], (0, 1), &[])
        .common_name()
        .unwrap_err();
    assert_eq!(error.code(), errSecInternal);
}

#[test]
fn email_addresses_come_from_the_alternative_name_then_the_subject() {
    let subject = name(&[
        (Nid::COMMONNAME, "mail", UTF8),
        (
            Nid::PKCS9_EMAILADDRESS,
            "subject@example.org",
            Asn1Type::IA5STRING,
        ),
    ]);
    let cert = certificate(
        &subject,
        &[1],
        (0, 1),
        &["one@example.org", "two@example.org"],
    );
    assert_eq!(
        cert.email_addresses().unwrap(),
        ["one@example.org", "two@example.org", "subject@example.org"]
    );
    let plain = certificate(&name(&[(Nid::COMMONNAME, "x", UTF8)]), &[1], (0, 1), &[]);
    assert!(plain.email_addresses().unwrap().is_empty());
}

#[test]
fn serial_numbers_and_dates_are_the_certificates() {
    // A serial with its high bit set is encoded with a leading zero, which Apple keeps.
    let cert = certificate(
        &name(&[(Nid::COMMONNAME, "serial", UTF8)]),
        &[0x81, 0x02, 0x03],
        (-86_400 * 365, 4_102_444_800),
        &[],
    );
    assert_eq!(cert.serial_number_bytes().unwrap(), [0, 0x81, 2, 3]);
    assert_eq!(
        cert.not_valid_before(),
        Some(UNIX_EPOCH - Duration::from_secs(86_400 * 365))
    );
    assert_eq!(
        cert.not_valid_after(),
        Some(UNIX_EPOCH + Duration::from_secs(4_102_444_800))
    );
}

#[test]
fn the_tool_reads_the_same_serial_and_public_key() {
    for kind in [KeyKind::Rsa2048, KeyKind::EcdsaP256] {
        let pki = Pki::new(kind);
        let server = pki.server();
        let cert = server.certificate();
        let serial = openssl(&["x509", "-in", path(&server.cert_path), "-noout", "-serial"]);
        let hex: String = cert
            .serial_number_bytes()
            .unwrap()
            .iter()
            .skip_while(|&&b| b == 0)
            .map(|b| format!("{b:02X}"))
            .collect();
        assert_eq!(serial.trim(), format!("serial={hex}"));

        let key = cert.public_key().unwrap();
        assert_eq!(key.key_class(), KeyClass::Public);
        let public_pem = pki.dir().join("public.pem");
        openssl(&[
            "x509",
            "-in",
            path(&server.cert_path),
            "-noout",
            "-pubkey",
            "-out",
            path(&public_pem),
        ]);
        let expected = match kind {
            KeyKind::Rsa2048 => {
                assert_eq!(key.key_type(), KeyType::Rsa);
                let der = pki.dir().join("public.der");
                openssl(&[
                    "rsa",
                    "-pubin",
                    "-in",
                    path(&public_pem),
                    "-RSAPublicKey_out",
                    "-outform",
                    "DER",
                    "-out",
                    path(&der),
                ]);
                std::fs::read(&der).unwrap()
            }
            KeyKind::EcdsaP256 => {
                assert_eq!(key.key_type(), KeyType::Ec);
                let text = openssl(&["ec", "-pubin", "-in", path(&public_pem), "-text", "-noout"]);
                let hex: String = text
                    .lines()
                    .skip_while(|l| !l.starts_with("pub:"))
                    .skip(1)
                    .take_while(|l| l.starts_with(' '))
                    .map(|l| l.trim().replace(':', ""))
                    .collect();
                (0..hex.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                    .collect()
            }
        };
        assert_eq!(key.external_representation(), Some(expected), "{kind:?}");
    }
}

#[test]
fn a_certificate_key_apple_does_not_know_is_no_seckey() {
    let key = PKey::generate_ed25519().unwrap();
    let subject = name(&[(Nid::COMMONNAME, "ed25519", UTF8)]);
    let mut b = X509Builder::new().unwrap();
    b.set_version(2).unwrap();
    b.set_subject_name(&subject).unwrap();
    b.set_issuer_name(&subject).unwrap();
    b.set_serial_number(&Asn1Integer::from_bn(&BigNum::from_u32(7).unwrap()).unwrap())
        .unwrap();
    b.set_pubkey(&key).unwrap();
    b.set_not_before(&Asn1Time::from_unix(0).unwrap()).unwrap();
    b.set_not_after(&Asn1Time::from_unix(1).unwrap()).unwrap();
    b.sign(&key, MessageDigest::null()).unwrap();
    let cert = SecCertificate::from_der(&b.build().to_der().unwrap()).unwrap();
    assert_eq!(cert.public_key().unwrap_err().code(), errSecUnimplemented);
}
