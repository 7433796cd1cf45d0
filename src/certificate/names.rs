//! Apple's normalized X.501 names (SecCertificate.c's `createNormalizedX501Name`), what
//! `SecCertificateCopyNormalizedIssuerSequence` gives and keychains match issuers by:
//! every PrintableString value in upper case, its runs of blanks one space, without
//! leading or trailing blanks (X.520's comparison rules); every other byte as it was.

use crate::certificate::der::{item, Item};

const SET: u8 = 0x31;
const SEQUENCE: u8 = 0x30;
const OBJECT_IDENTIFIER: u8 = 0x06;
const PRINTABLE_STRING: u8 = 0x13;

/// The DER of `tag` with `content`, its length in the shortest form.
pub(super) fn encode(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    match content.len() {
        n if n < 0x80 => out.push(n as u8),
        n => {
            let bytes = n.to_be_bytes();
            let skip = bytes.iter().take_while(|&&b| b == 0).count();
            out.push(0x80 | (bytes.len() - skip) as u8);
            out.extend(&bytes[skip..]);
        }
    }
    out.extend(content);
    out
}

/// The normalized content of a Name's content (its RelativeDistinguishedNames); `None`
/// where Apple's parser refuses it: an RDN that is no non-empty SET, an attribute that is
/// no SEQUENCE of an OID and one value. As Apple's, it changes a value in place and writes
/// a length again (in the shortest form) only where the content's length changed.
pub(super) fn normalized(name: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(name.len());
    let mut rest = name;
    while !rest.is_empty() {
        let rdn = item(rest).filter(|i| i.tag == SET && !i.content.is_empty())?;
        let mut content = Vec::with_capacity(rdn.content.len());
        let mut attributes = rdn.content;
        while !attributes.is_empty() {
            let attribute = item(attributes).filter(|i| i.tag == SEQUENCE)?;
            let oid = item(attribute.content)
                .filter(|i| i.tag == OBJECT_IDENTIFIER && !i.content.is_empty())?;
            let value = item(oid.rest).filter(|v| v.rest.is_empty())?;
            let new_value = match value.tag {
                PRINTABLE_STRING => replaced(oid.rest, &value, &printable(value.content)),
                _ => oid.rest.to_vec(),
            };
            let oid_der = &attribute.content[..attribute.content.len() - oid.rest.len()];
            let new_attribute = [oid_der, &new_value[..]].concat();
            content.extend(replaced(attributes, &attribute, &new_attribute));
            attributes = attribute.rest;
        }
        out.extend(replaced(rest, &rdn, &content));
        rest = rdn.rest;
    }
    Some(out)
}

/// The item `it` at the start of `data` with `content` for its content: its own tag and
/// length bytes if the length is the same, else encoded again.
fn replaced(data: &[u8], it: &Item, content: &[u8]) -> Vec<u8> {
    let whole = &data[..data.len() - it.rest.len()];
    if content.len() == it.content.len() {
        [&whole[..whole.len() - it.content.len()], content].concat()
    } else {
        encode(it.tag, content)
    }
}

/// A PrintableString's bytes compared as X.520 says: upper case, blanks (space, tab) run
/// together into one space, none at either end.
fn printable(value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len());
    let mut blank = false;
    for &byte in value {
        if byte == b' ' || byte == b'\t' {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push(b' ');
            blank = false;
        }
        out.push(byte.to_ascii_uppercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::certificate::names::*;

    /// One RDN of one attribute: `oid` (content bytes) with a value of `tag`.
    fn rdn(oid: &[u8], tag: u8, value: &[u8]) -> Vec<u8> {
        let attribute = [encode(OBJECT_IDENTIFIER, oid), encode(tag, value)].concat();
        encode(SET, &encode(SEQUENCE, &attribute))
    }

    #[test]
    fn printable_strings_are_compared_in_upper_case_with_single_spaces() {
        assert_eq!(printable(b"  Marianne \t Swanson "), b"MARIANNE SWANSON");
        assert_eq!(printable(b"\t"), b"");
        assert_eq!(printable(b"a-b.c"), b"A-B.C");
        const CN: &[u8] = &[0x55, 4, 3];
        let name = [
            rdn(CN, PRINTABLE_STRING, b" Test  CA "),
            rdn(CN, 0x0c, b" utf8  kept "),
        ]
        .concat();
        let expected = [
            rdn(CN, PRINTABLE_STRING, b"TEST CA"),
            rdn(CN, 0x0c, b" utf8  kept "),
        ]
        .concat();
        assert_eq!(normalized(&name), Some(expected));
        // A length in a longer form than needed is kept where the length stays.
        let long = [
            SET,
            0x81,
            11,
            SEQUENCE,
            9,
            OBJECT_IDENTIFIER,
            3,
            0x55,
            4,
            3,
            0x13,
            0x81,
            1,
            b'a',
        ];
        let upper = [
            SET,
            0x81,
            11,
            SEQUENCE,
            9,
            OBJECT_IDENTIFIER,
            3,
            0x55,
            4,
            3,
            0x13,
            0x81,
            1,
            b'A',
        ];
        assert_eq!(normalized(&long), Some(upper.to_vec()));
    }

    #[test]
    fn names_apples_parser_refuses_normalize_to_nothing() {
        assert_eq!(normalized(&[SET, 0]), None, "an empty RDN");
        assert_eq!(normalized(&[SEQUENCE, 0]), None, "an RDN that is no SET");
        let no_value = encode(SET, &encode(SEQUENCE, &encode(OBJECT_IDENTIFIER, &[0x55])));
        assert_eq!(normalized(&no_value), None);
        assert_eq!(normalized(&[]), Some(Vec::new()));
        assert_eq!(encode(4, &[0; 300])[..4], [4, 0x82, 1, 0x2c]);
    }
}
