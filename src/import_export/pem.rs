//! PEM as Apple's importer reads it (SecImportExportPem.cpp) and its exporter writes it:
//! text is split into `-----BEGIN` … `-----END` blocks (or taken whole as base64), each
//! block's header names its format and item type by the first of OpenSSL's PEM labels it
//! contains, and lines with a `:` are parameters (an "ENCRYPTED" one marks a traditional
//! OpenSSL private key as wrapped).

use openssl::base64;

use crate::import_export::formats::{ExternalFormat, ExternalItemType};

/// One decoded block.
pub(crate) struct Block {
    /// The base64 decoded.
    pub der: Vec<u8>,
    /// What the header says (unknown when it says nothing Apple knows).
    pub format: ExternalFormat,
    pub item_type: ExternalItemType,
    /// The block's text, for the keys OpenSSL reads only as PEM (traditional encryption).
    pub text: Vec<u8>,
}

/// The PEM labels Apple knows, in the order Apple's table tries them (a label is found by
/// substring: "EC PRIVATE KEY" is taken for "PRIVATE KEY", "RSA PUBLIC KEY" for "PUBLIC
/// KEY", as on Apple).
const LABELS: &[(&str, ExternalItemType, ExternalFormat)] = &[
    (
        "X509 CERTIFICATE",
        ExternalItemType::CERTIFICATE,
        ExternalFormat::X509_CERT,
    ),
    (
        "CERTIFICATE",
        ExternalItemType::CERTIFICATE,
        ExternalFormat::X509_CERT,
    ),
    (
        "ANY PRIVATE KEY",
        ExternalItemType::PRIVATE_KEY,
        ExternalFormat::OPENSSL,
    ),
    (
        "PUBLIC KEY",
        ExternalItemType::PUBLIC_KEY,
        ExternalFormat::OPENSSL,
    ),
    (
        "RSA PRIVATE KEY",
        ExternalItemType::PRIVATE_KEY,
        ExternalFormat::OPENSSL,
    ),
    (
        "RSA PUBLIC KEY",
        ExternalItemType::PUBLIC_KEY,
        ExternalFormat::OPENSSL,
    ),
    (
        "DSA PRIVATE KEY",
        ExternalItemType::PRIVATE_KEY,
        ExternalFormat::OPENSSL,
    ),
    (
        "DSA PUBLIC KEY",
        ExternalItemType::PUBLIC_KEY,
        ExternalFormat::OPENSSL,
    ),
    ("PKCS7", ExternalItemType::AGGREGATE, ExternalFormat::PKCS7),
    (
        "ENCRYPTED PRIVATE KEY",
        ExternalItemType::PRIVATE_KEY,
        ExternalFormat::WRAPPED_PKCS8,
    ),
    (
        "PRIVATE KEY",
        ExternalItemType::PRIVATE_KEY,
        ExternalFormat::UNKNOWN,
    ),
    (
        "DH PUBLIC KEY",
        ExternalItemType::PUBLIC_KEY,
        ExternalFormat::OPENSSL,
    ),
    (
        "DH PRIVATE KEY",
        ExternalItemType::PRIVATE_KEY,
        ExternalFormat::OPENSSL,
    ),
    (
        "PKCS12",
        ExternalItemType::AGGREGATE,
        ExternalFormat::PKCS12,
    ),
    (
        "SYMMETRIC KEY",
        ExternalItemType::SESSION_KEY,
        ExternalFormat::RAW_KEY,
    ),
    (
        "EC PUBLIC KEY",
        ExternalItemType::PUBLIC_KEY,
        ExternalFormat::OPENSSL,
    ),
    (
        "EC PRIVATE KEY",
        ExternalItemType::PRIVATE_KEY,
        ExternalFormat::OPENSSL,
    ),
];

const BEGIN: &[u8] = b"-----BEGIN";
const END: &[u8] = b"-----END";

fn find(data: &[u8], needle: &[u8]) -> Option<usize> {
    data.windows(needle.len()).position(|w| w == needle)
}

/// The blocks of `data` if it is PEM (or bare base64): `None` for anything that is not
/// text (a byte neither printable ASCII nor white space), all blank, or a block that does
/// not decode — Apple then reads the data as one binary item.
pub(crate) fn blocks(data: &[u8]) -> Option<Vec<Block>> {
    let text = |b: &u8| b.is_ascii_whitespace() || b == &0x0b || (0x20..0x7f).contains(b);
    if !data.iter().all(text) || data.iter().all(|b| b.is_ascii_whitespace() || *b == 0x0b) {
        return None;
    }
    let Some(mut at) = find(data, BEGIN) else {
        return Some(vec![block(data)?]);
    };
    let mut blocks = Vec::new();
    loop {
        let rest = &data[at..];
        let end = find(&rest[BEGIN.len().min(rest.len())..], END).map(|e| e + BEGIN.len());
        // The block runs to the end of its END line (or, without one, of the data).
        let length = match end {
            Some(end) => {
                end + rest[end..]
                    .iter()
                    .position(|&b| b == b'\n' || b == b'\r')
                    .unwrap_or(rest.len() - end)
            }
            None => rest.len(),
        };
        blocks.push(block(&rest[..length])?);
        match find(&rest[length..], BEGIN) {
            Some(next) => at += length + next,
            None => return Some(blocks),
        }
    }
}

/// One block: its header (if any), parameter lines, then base64 up to `-----END`.
fn block(text: &[u8]) -> Option<Block> {
    let mut format = ExternalFormat::UNKNOWN;
    let mut item_type = ExternalItemType::UNKNOWN;
    let mut lines = text.split(|&b| b == b'\n' || b == b'\r').peekable();
    if text.starts_with(BEGIN) {
        let header = lines.next()?;
        let label = LABELS
            .iter()
            .find(|(label, _, _)| find(header, label.as_bytes()).is_some());
        if let Some(&(_, labelled_type, labelled_format)) = label {
            (item_type, format) = (labelled_type, labelled_format);
        }
    }
    let mut parameters = 0;
    while let Some(line) = lines.next_if(|l| l.is_empty() || l.contains(&b':')) {
        if line.contains(&b':') {
            parameters += 1;
            let encrypted = parameters == 1 && find(line, b"ENCRYPTED").is_some();
            if encrypted
                && format == ExternalFormat::OPENSSL
                && item_type == ExternalItemType::PRIVATE_KEY
            {
                format = ExternalFormat::WRAPPED_OPENSSL;
            }
        }
    }
    let body: Vec<u8> = lines
        .take_while(|l| !l.starts_with(END))
        .flatten()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    if body.is_empty() {
        return None;
    }
    let der = base64::decode_block(std::str::from_utf8(&body).ok()?).ok()?;
    Some(Block {
        der,
        format,
        item_type,
        text: text.to_vec(),
    })
}

/// `der` as a PEM block labelled `label`, base64 in lines of 64 as Apple writes them.
pub(crate) fn encode(label: &str, der: &[u8]) -> Vec<u8> {
    let encoded = base64::encode_block(der);
    let mut out = format!("-----BEGIN {label}-----\n").into_bytes();
    for line in encoded.as_bytes().chunks(64) {
        out.extend(line);
        out.push(b'\n');
    }
    out.extend(format!("-----END {label}-----\n").into_bytes());
    out
}

#[cfg(test)]
mod tests {
    use crate::import_export::formats::{ExternalFormat as F, ExternalItemType as T};
    use crate::import_export::pem::*;

    fn kinds(data: &[u8]) -> Option<Vec<(F, T, Vec<u8>)>> {
        blocks(data).map(|b| {
            b.into_iter()
                .map(|b| (b.format, b.item_type, b.der))
                .collect()
        })
    }

    #[test]
    fn labels_are_found_as_apples_table_finds_them() {
        let pem = |label: &str| encode(label, b"abc");
        assert_eq!(
            kinds(&pem("CERTIFICATE")),
            Some(vec![(F::X509_CERT, T::CERTIFICATE, b"abc".to_vec())])
        );
        assert_eq!(kinds(&pem("EC PRIVATE KEY")).unwrap()[0].0, F::UNKNOWN);
        assert_eq!(kinds(&pem("RSA PRIVATE KEY")).unwrap()[0].0, F::OPENSSL);
        assert_eq!(
            kinds(&pem("ENCRYPTED PRIVATE KEY")).unwrap()[0].0,
            F::WRAPPED_PKCS8
        );
        assert_eq!(kinds(&pem("RSA PUBLIC KEY")).unwrap()[0].1, T::PUBLIC_KEY);
        assert_eq!(kinds(&pem("NEW THING")).unwrap()[0].0, F::UNKNOWN);
        let traditional = b"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nYWJj\n-----END RSA PRIVATE KEY-----\n";
        assert_eq!(kinds(traditional).unwrap()[0].0, F::WRAPPED_OPENSSL);
    }

    #[test]
    fn text_splits_into_blocks_and_bare_base64_is_one() {
        let two = [
            &b"junk before\n"[..],
            &encode("CERTIFICATE", b"one"),
            b"\n\n",
            &encode("PRIVATE KEY", b"two"),
        ]
        .concat();
        let found = kinds(&two).unwrap();
        assert_eq!(
            found.iter().map(|k| k.2.clone()).collect::<Vec<_>>(),
            [b"one".to_vec(), b"two".to_vec()]
        );
        assert_eq!(
            kinds(b"YWJj\r\n"),
            Some(vec![(F::UNKNOWN, T::UNKNOWN, b"abc".to_vec())])
        );
        assert!(kinds(b"\x30\x82\x01").is_none(), "binary");
        assert!(kinds(b"  \n\t").is_none(), "blank");
        assert!(kinds(b"-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n").is_none());
        assert!(kinds(b"-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n").is_none());
    }

    #[test]
    fn blocks_are_written_in_lines_of_64() {
        let pem = String::from_utf8(encode("CERTIFICATE", &[7; 100])).unwrap();
        let lines: Vec<&str> = pem.lines().collect();
        assert_eq!(lines[0], "-----BEGIN CERTIFICATE-----");
        assert_eq!(
            (lines[1].len(), lines[2].len(), lines[3].len()),
            (64, 64, 8)
        );
        assert_eq!(lines[4], "-----END CERTIFICATE-----");
    }
}
