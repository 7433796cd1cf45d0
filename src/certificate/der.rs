//! The encoding rules Apple's certificate parser enforces, checked before OpenSSL (which is
//! more lenient: BER lengths, any version) reads a certificate: libDER's (DER_Decode.c) for
//! every item `SecCertificateParse` decodes down to the TBSCertificate's fields, and
//! SecCertificate.c's own checks of those fields.

/// An item's tag and content, and what follows the item.
pub(crate) struct Item<'a> {
    pub tag: u8,
    pub content: &'a [u8],
    pub rest: &'a [u8],
}

/// Decodes the item at the start of `data` as `DERDecodeItem`: a definite length, in long
/// form without a leading zero and at most 8 bytes long, that does not run past `data`.
pub(crate) fn item(data: &[u8]) -> Option<Item<'_>> {
    let (&tag, data) = data.split_first()?;
    let (&first, data) = data.split_first()?;
    let (length, data) = if first & 0x80 == 0 {
        (usize::from(first), data)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 8 || count > data.len() || data[0] == 0 {
            return None;
        }
        let (bytes, data) = data.split_at(count);
        let length = bytes.iter().try_fold(0usize, |n, &b| {
            n.checked_mul(256).map(|n| n + usize::from(b))
        })?;
        (length, data)
    };
    if length > data.len() {
        return None;
    }
    let (content, rest) = data.split_at(length);
    Some(Item { tag, content, rest })
}

/// An item of a SEQUENCE: its tag, and whether it may be absent.
type Spec = (u8, bool);

/// Parses a SEQUENCE's content item by item as `DERParseSequenceContent`: absent optional
/// items are skipped, and the items must use up the content. Returns each spec's content.
fn sequence<const N: usize>(mut content: &[u8], specs: [Spec; N]) -> Option<[Option<&[u8]>; N]> {
    let mut found = [None; N];
    let mut next = 0;
    while next < N {
        if content.is_empty() {
            return specs[next..]
                .iter()
                .all(|&(_, optional)| optional)
                .then_some(found);
        }
        let item = item(content)?;
        let index = (next..N).find(|&i| specs[i].0 == item.tag)?;
        if specs[next..index].iter().any(|&(_, optional)| !optional) {
            return None;
        }
        found[index] = Some(item.content);
        next = index + 1;
        content = item.rest;
    }
    content.is_empty().then_some(found)
}

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;

/// Whether Apple's `SecCertificateCreateWithData` would parse `der`. Bytes after the
/// certificate are not looked at, as `DERDecodeItem` does not.
pub(super) fn acceptable(der: &[u8]) -> bool {
    check(der).is_some()
}

/// The contents of the fields Apple's certificate keeps apart: the serial number (the
/// INTEGER's bytes) and the issuer's and subject's Names (their SEQUENCEs' contents).
pub(super) struct Fields<'a> {
    pub serial: &'a [u8],
    pub issuer: &'a [u8],
    pub subject: &'a [u8],
}

/// The fields of a certificate `acceptable` accepts.
pub(super) fn fields(der: &[u8]) -> Option<Fields<'_>> {
    let tbs = tbs(der)?;
    Some(Fields {
        serial: tbs[1]?,
        issuer: tbs[3]?,
        subject: tbs[5]?,
    })
}

/// The TBSCertificate's fields, each an item's content (absent optional ones `None`).
fn tbs(der: &[u8]) -> Option<[Option<&[u8]>; 10]> {
    let certificate = item(der).filter(|i| i.tag == SEQUENCE)?;
    let [tbs, _, _] = sequence(
        certificate.content,
        [(SEQUENCE, false), (SEQUENCE, false), (BIT_STRING, false)],
    )?;
    sequence(
        tbs?,
        [
            (0xa0, true),      // [0] EXPLICIT Version
            (INTEGER, false),  // serialNumber
            (SEQUENCE, false), // signature
            (SEQUENCE, false), // issuer
            (SEQUENCE, false), // validity
            (SEQUENCE, false), // subject
            (SEQUENCE, false), // subjectPublicKeyInfo
            (0x81, true),      // [1] IMPLICIT issuerUniqueID
            (0x82, true),      // [2] IMPLICIT subjectUniqueID
            (0xa3, true),      // [3] EXPLICIT extensions
        ],
    )
}

fn check(der: &[u8]) -> Option<()> {
    let [version, serial, _, _, _, _, _, _, _, extensions] = tbs(der)?;
    // An explicit version is one byte, v2 or v3: v1 is left out, v4 does not exist.
    if let Some(version) = version {
        let version = item(version).filter(|i| i.tag == INTEGER)?;
        if !matches!(version.content, [1 | 2]) {
            return None;
        }
    }
    // Serial numbers of up to 37 bytes pass, for the certificates that exceed RFC 5280's 20.
    if !(1..=37).contains(&serial?.len()) {
        return None;
    }
    // Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension, each Extension a SEQUENCE.
    if let Some(extensions) = extensions {
        let list = item(extensions).filter(|i| i.tag == SEQUENCE)?;
        let mut content = list.content;
        let mut count = 0;
        while !content.is_empty() {
            let extension = item(content).filter(|i| i.tag == SEQUENCE)?;
            content = extension.rest;
            count += 1;
        }
        if count == 0 {
            return None;
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use crate::certificate::der::*;

    #[test]
    fn lengths_follow_libders_rules() {
        let ok = |data: &[u8]| item(data).map(|i| (i.tag, i.content.len(), i.rest.len()));
        assert_eq!(ok(&[0x04, 0x01, 0xaa]), Some((0x04, 1, 0)));
        assert_eq!(
            ok(&[0x04, 0x01, 0xaa, 0xbb]),
            Some((0x04, 1, 1)),
            "what follows is kept"
        );
        assert_eq!(
            ok(&[0x04, 0x81, 0x01, 0xaa]),
            Some((0x04, 1, 0)),
            "long form allowed"
        );
        assert_eq!(ok(&[0x04, 0x02, 0xaa]), None, "past the data");
        assert_eq!(
            ok(&[0x04, 0x80, 0xaa, 0x00, 0x00]),
            None,
            "indefinite length"
        );
        assert_eq!(ok(&[0x04, 0x82, 0x00, 0x01, 0xaa]), None, "leading zero");
        assert_eq!(
            ok(&[0x04, 0x89, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
            None,
            "9 length bytes"
        );
        assert_eq!(ok(&[0x04]), None);
    }

    #[test]
    fn sequences_skip_absent_optional_items_and_must_be_used_up() {
        let specs = [(0xa0, true), (0x02, false), (0x05, true)];
        let parse = |content: &[u8]| sequence(content, specs).map(|f| f.map(|i| i.is_some()));
        assert_eq!(parse(&[0x02, 0x01, 0x07]), Some([false, true, false]));
        assert_eq!(
            parse(&[0xa0, 0x00, 0x02, 0x01, 0x07, 0x05, 0x00]),
            Some([true, true, true])
        );
        assert_eq!(parse(&[0x05, 0x00]), None, "a mandatory item is missing");
        assert_eq!(
            parse(&[0x02, 0x01, 0x07, 0x05, 0x00, 0x05, 0x00]),
            None,
            "left over"
        );
        assert_eq!(
            parse(&[0x02, 0x01, 0x07, 0x04, 0x00]),
            None,
            "an unknown item"
        );
        assert_eq!(parse(&[]), None);
    }
}
