//! `SecCertificate::from_der` (`SecCertificateCreateWithData`) accepts what Apple's parser
//! accepts and nothing else. Apple's expectations, from its sources: libDER's DER_Decode.c
//! (definite lengths only, no leading zero in a long length, no length past the data; a
//! SEQUENCE's items must use up its content; bytes after the outermost item are not looked
//! at) and SecCertificate.c's `SecCertificateParse` (an explicit version is INTEGER 1 or 2).

use secure_transport::certificate::SecCertificate;
use secure_transport::status::errSecDecode;
use secure_transport_test_kit::der_flaws::DerFlaw;
use secure_transport_test_kit::pki::{KeyKind, Pki};

/// Whether Apple's parser accepts a certificate with `flaw`.
fn apple_accepts(flaw: DerFlaw) -> bool {
    match flaw {
        // DERDecodeItem decodes the first item and leaves what follows it alone.
        DerFlaw::TrailingAfter => true,
        DerFlaw::VersionFour
        | DerFlaw::ExplicitVersionOne
        | DerFlaw::TrailingInside
        | DerFlaw::IndefiniteLength
        | DerFlaw::LengthWithLeadingZero
        | DerFlaw::Truncated => false,
    }
}

#[test]
fn certificates_parse_as_apples_parser_parses_them() {
    for kind in [KeyKind::EcdsaP256, KeyKind::Rsa2048] {
        let pki = Pki::new(kind);
        let good = pki.server().certificate().to_der();
        assert!(SecCertificate::from_der(&good).is_ok());
        for flaw in DerFlaw::ALL {
            let der = flaw.apply(&good);
            match SecCertificate::from_der(&der) {
                Ok(certificate) => {
                    assert!(apple_accepts(flaw), "{kind:?} {flaw:?} was accepted");
                    // SecCertificateCopyData gives back the bytes given.
                    assert_eq!(certificate.to_der(), der, "{flaw:?}");
                }
                Err(e) => {
                    assert!(!apple_accepts(flaw), "{kind:?} {flaw:?} was refused");
                    assert_eq!(e.code(), errSecDecode, "{flaw:?}");
                }
            }
        }
        assert_eq!(
            SecCertificate::from_der(&[]).unwrap_err().code(),
            errSecDecode
        );
    }
}
