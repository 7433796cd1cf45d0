//! A good certificate's DER with one flaw, for the parser tests: each flaw is something
//! Apple's DER parser (libDER, with SecCertificate.c's checks) does or does not accept, while
//! OpenSSL may judge it otherwise.

/// One change to a certificate's encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DerFlaw {
    /// The version field says v4 (INTEGER 3).
    VersionFour,
    /// The version field is present and says v1 (INTEGER 0), which DER leaves out.
    ExplicitVersionOne,
    /// Two more bytes (an ASN.1 NULL) inside the certificate SEQUENCE, after the signature.
    TrailingInside,
    /// Two more bytes after the certificate SEQUENCE.
    TrailingAfter,
    /// The certificate SEQUENCE in BER's indefinite-length form, ended by two zero bytes.
    IndefiniteLength,
    /// The certificate SEQUENCE's length in three bytes, the first of them zero.
    LengthWithLeadingZero,
    /// The last byte is missing.
    Truncated,
}

impl DerFlaw {
    /// Every flaw.
    pub const ALL: [DerFlaw; 7] = [
        DerFlaw::VersionFour,
        DerFlaw::ExplicitVersionOne,
        DerFlaw::TrailingInside,
        DerFlaw::TrailingAfter,
        DerFlaw::IndefiniteLength,
        DerFlaw::LengthWithLeadingZero,
        DerFlaw::Truncated,
    ];

    /// `der` with this flaw. `der` is a v3 certificate of 256 to 65535 bytes, as the PKI
    /// makes them: SEQUENCE (82 LL LL) { SEQUENCE (82 LL LL) { [0] { INTEGER 2 } … } … }.
    pub fn apply(self, der: &[u8]) -> Vec<u8> {
        assert_eq!(
            der[..2],
            [0x30, 0x82],
            "a certificate with a two-byte length"
        );
        assert_eq!(
            der[4..6],
            [0x30, 0x82],
            "a TBSCertificate with a two-byte length"
        );
        assert_eq!(der[8..13], [0xa0, 0x03, 0x02, 0x01, 0x02], "an explicit v3");
        let length = usize::from(u16::from_be_bytes([der[2], der[3]]));
        assert_eq!(length + 4, der.len(), "one certificate, nothing after it");
        let content = &der[4..];
        let mut out = der.to_vec();
        match self {
            DerFlaw::VersionFour => out[12] = 3,
            DerFlaw::ExplicitVersionOne => out[12] = 0,
            DerFlaw::TrailingInside => {
                out[2..4].copy_from_slice(&(length as u16 + 2).to_be_bytes());
                out.extend_from_slice(&[0x05, 0x00]);
            }
            DerFlaw::TrailingAfter => out.extend_from_slice(&[0x05, 0x00]),
            DerFlaw::IndefiniteLength => {
                out = [&[0x30, 0x80][..], content, &[0x00, 0x00]].concat();
            }
            DerFlaw::LengthWithLeadingZero => {
                out = [&[0x30, 0x83, 0x00][..], &der[2..4], content].concat();
            }
            DerFlaw::Truncated => {
                out.pop();
            }
        }
        out
    }
}
