//! The text encodings CFString converts from and to (`CFStringBuiltInEncodings` and the
//! Unicode forms): UTF-8, ASCII, ISO Latin-1, Windows Latin-1, Mac Roman (CF's default 8-bit
//! encoding on a Mac), UTF-16 and UTF-32 in either byte order. Others are refused.

use crate::cf::types::{CFIndex, CFStringEncoding};

/// Mac Roman.
pub const kCFStringEncodingMacRoman: CFStringEncoding = 0;
/// Windows Latin-1 (code page 1252).
pub const kCFStringEncodingWindowsLatin1: CFStringEncoding = 0x0500;
/// ISO 8859-1.
pub const kCFStringEncodingISOLatin1: CFStringEncoding = 0x0201;
/// NeXTSTEP's encoding (not converted).
pub const kCFStringEncodingNextStepLatin: CFStringEncoding = 0x0B01;
/// ASCII.
pub const kCFStringEncodingASCII: CFStringEncoding = 0x0600;
/// UTF-16 in the host's byte order (also `kCFStringEncodingUnicode`).
pub const kCFStringEncodingUTF16: CFStringEncoding = 0x0100;
/// UTF-8.
pub const kCFStringEncodingUTF8: CFStringEncoding = 0x0800_0100;
/// ASCII with `\uXXXX` escapes (not converted).
pub const kCFStringEncodingNonLossyASCII: CFStringEncoding = 0x0BFF;
/// UTF-16, big-endian.
pub const kCFStringEncodingUTF16BE: CFStringEncoding = 0x1000_0100;
/// UTF-16, little-endian.
pub const kCFStringEncodingUTF16LE: CFStringEncoding = 0x1400_0100;
/// UTF-32 in the host's byte order.
pub const kCFStringEncodingUTF32: CFStringEncoding = 0x0c00_0100;
/// UTF-32, big-endian.
pub const kCFStringEncodingUTF32BE: CFStringEncoding = 0x1800_0100;
/// UTF-32, little-endian.
pub const kCFStringEncodingUTF32LE: CFStringEncoding = 0x1c00_0100;

/// Mac Roman's upper half (0x80–0xFF), as Unicode (0xDB is the euro sign since Mac OS 8.5).
const MAC_ROMAN: [u16; 128] = [
    0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1, 0x00E0, 0x00E2, 0x00E4, 0x00E3,
    0x00E5, 0x00E7, 0x00E9, 0x00E8, 0x00EA, 0x00EB, 0x00ED, 0x00EC, 0x00EE, 0x00EF, 0x00F1, 0x00F3,
    0x00F2, 0x00F4, 0x00F6, 0x00F5, 0x00FA, 0x00F9, 0x00FB, 0x00FC, 0x2020, 0x00B0, 0x00A2, 0x00A3,
    0x00A7, 0x2022, 0x00B6, 0x00DF, 0x00AE, 0x00A9, 0x2122, 0x00B4, 0x00A8, 0x2260, 0x00C6, 0x00D8,
    0x221E, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x00B5, 0x2202, 0x2211, 0x220F, 0x03C0, 0x222B, 0x00AA,
    0x00BA, 0x03A9, 0x00E6, 0x00F8, 0x00BF, 0x00A1, 0x00AC, 0x221A, 0x0192, 0x2248, 0x2206, 0x00AB,
    0x00BB, 0x2026, 0x00A0, 0x00C0, 0x00C3, 0x00D5, 0x0152, 0x0153, 0x2013, 0x2014, 0x201C, 0x201D,
    0x2018, 0x2019, 0x00F7, 0x25CA, 0x00FF, 0x0178, 0x2044, 0x20AC, 0x2039, 0x203A, 0xFB01, 0xFB02,
    0x2021, 0x00B7, 0x201A, 0x201E, 0x2030, 0x00C2, 0x00CA, 0x00C1, 0x00CB, 0x00C8, 0x00CD, 0x00CE,
    0x00CF, 0x00CC, 0x00D3, 0x00D4, 0xF8FF, 0x00D2, 0x00DA, 0x00DB, 0x00D9, 0x0131, 0x02C6, 0x02DC,
    0x00AF, 0x02D8, 0x02D9, 0x02DA, 0x00B8, 0x02DD, 0x02DB, 0x02C7,
];

/// Code page 1252's 0x80–0x9F (0: no character); the rest is ISO Latin-1.
const WINDOWS_LATIN1: [u16; 32] = [
    0x20AC, 0x0000, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0x0000, 0x017D, 0x0000, 0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x0000, 0x017E, 0x0178,
];

/// How an encoding lays out characters.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Form {
    Utf8,
    /// One byte per character.
    EightBit(Set),
    /// UTF-16; `None`: the host's order, or a BOM's.
    Utf16(Option<Order>),
    /// UTF-32; `None`: the host's order, or a BOM's.
    Utf32(Option<Order>),
}

/// The characters of an 8-bit encoding.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Set {
    Ascii,
    Latin1,
    WindowsLatin1,
    MacRoman,
}

impl Set {
    fn char(self, byte: u8) -> Option<char> {
        let unit = match (self, byte) {
            (_, 0..0x80) => u16::from(byte),
            (Set::Ascii, _) => return None,
            (Set::MacRoman, _) => MAC_ROMAN[usize::from(byte) - 0x80],
            (Set::WindowsLatin1, 0x80..0xA0) => WINDOWS_LATIN1[usize::from(byte) - 0x80],
            (Set::Latin1 | Set::WindowsLatin1, _) => u16::from(byte),
        };
        (unit != 0 || byte == 0)
            .then(|| char::from_u32(unit.into()))
            .flatten()
    }

    fn byte(self, c: char) -> Option<u8> {
        if c.is_ascii() {
            return u8::try_from(c).ok();
        }
        let upper = |table: &[u16]| {
            let index = table
                .iter()
                .position(|&unit| u32::from(unit) == u32::from(c))?;
            u8::try_from(index + 0x80).ok()
        };
        match self {
            Set::Ascii => None,
            Set::MacRoman => upper(&MAC_ROMAN),
            Set::Latin1 => u8::try_from(c).ok(),
            Set::WindowsLatin1 => {
                upper(&WINDOWS_LATIN1).or_else(|| u8::try_from(c).ok().filter(|&b| b >= 0xA0))
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Order {
    Big,
    Little,
}

const HOST: Order = if cfg!(target_endian = "big") {
    Order::Big
} else {
    Order::Little
};

fn form(encoding: CFStringEncoding) -> Option<Form> {
    Some(match encoding {
        kCFStringEncodingUTF8 => Form::Utf8,
        kCFStringEncodingASCII => Form::EightBit(Set::Ascii),
        kCFStringEncodingISOLatin1 => Form::EightBit(Set::Latin1),
        kCFStringEncodingWindowsLatin1 => Form::EightBit(Set::WindowsLatin1),
        kCFStringEncodingMacRoman => Form::EightBit(Set::MacRoman),
        kCFStringEncodingUTF16 => Form::Utf16(None),
        kCFStringEncodingUTF16BE => Form::Utf16(Some(Order::Big)),
        kCFStringEncodingUTF16LE => Form::Utf16(Some(Order::Little)),
        kCFStringEncodingUTF32 => Form::Utf32(None),
        kCFStringEncodingUTF32BE => Form::Utf32(Some(Order::Big)),
        kCFStringEncodingUTF32LE => Form::Utf32(Some(Order::Little)),
        _ => return None,
    })
}

/// Whether the encoding is one this library converts.
pub fn supported(encoding: CFStringEncoding) -> bool {
    form(encoding).is_some()
}

/// The text `bytes` hold in `encoding`; `None` for bytes that are no text in it, or an
/// encoding not converted. A BOM leads UTF-16 and UTF-32 of no stated order (and is
/// dropped); `external` also drops a UTF-8 BOM and, as CF, reads UTF-16/32 without a BOM as
/// big-endian.
pub fn decode(bytes: &[u8], encoding: CFStringEncoding, external: bool) -> Option<String> {
    match form(encoding)? {
        Form::Utf8 => {
            let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
                Some(rest) if external => rest,
                _ => bytes,
            };
            String::from_utf8(bytes.to_vec()).ok()
        }
        Form::EightBit(set) => bytes.iter().map(|&b| set.char(b)).collect(),
        Form::Utf16(order) => {
            let (order, bytes) = bom(bytes, order, external, &[0xFE, 0xFF], &[0xFF, 0xFE]);
            if bytes.len() % 2 != 0 {
                return None;
            }
            let units = bytes.chunks_exact(2).map(|pair| {
                let pair = [pair[0], pair[1]];
                match order {
                    Order::Big => u16::from_be_bytes(pair),
                    Order::Little => u16::from_le_bytes(pair),
                }
            });
            char::decode_utf16(units).collect::<Result<_, _>>().ok()
        }
        Form::Utf32(order) => {
            let (order, bytes) = bom(
                bytes,
                order,
                external,
                &[0, 0, 0xFE, 0xFF],
                &[0xFF, 0xFE, 0, 0],
            );
            if bytes.len() % 4 != 0 {
                return None;
            }
            bytes
                .chunks_exact(4)
                .map(|quad| {
                    let quad = [quad[0], quad[1], quad[2], quad[3]];
                    char::from_u32(match order {
                        Order::Big => u32::from_be_bytes(quad),
                        Order::Little => u32::from_le_bytes(quad),
                    })
                })
                .collect()
        }
    }
}

/// The byte order of UTF-16/32 `bytes` and the bytes after any BOM.
fn bom<'a>(
    bytes: &'a [u8],
    order: Option<Order>,
    external: bool,
    big: &[u8],
    little: &[u8],
) -> (Order, &'a [u8]) {
    if let Some(order) = order {
        return (order, bytes);
    }
    if let Some(rest) = bytes.strip_prefix(big) {
        return (Order::Big, rest);
    }
    if let Some(rest) = bytes.strip_prefix(little) {
        return (Order::Little, rest);
    }
    (if external { Order::Big } else { HOST }, bytes)
}

/// Appends the encoding of `c` to `out`; `false` (nothing appended) if the encoding has no
/// such character.
pub fn encode_char(c: char, encoding: CFStringEncoding, out: &mut Vec<u8>) -> bool {
    match form(encoding) {
        Some(Form::Utf8) => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        Some(Form::EightBit(set)) => match set.byte(c) {
            Some(byte) => out.push(byte),
            None => return false,
        },
        Some(Form::Utf16(order)) => {
            for unit in c.encode_utf16(&mut [0; 2]) {
                out.extend_from_slice(&match order.unwrap_or(HOST) {
                    Order::Big => unit.to_be_bytes(),
                    Order::Little => unit.to_le_bytes(),
                });
            }
        }
        Some(Form::Utf32(order)) => out.extend_from_slice(&match order.unwrap_or(HOST) {
            Order::Big => u32::from(c).to_be_bytes(),
            Order::Little => u32::from(c).to_le_bytes(),
        }),
        None => return false,
    }
    true
}

/// A lone UTF-16 unit (half of a pair a range cut) in UTF-16, the one encoding that has it.
pub fn encode_unit(unit: u16, encoding: CFStringEncoding, out: &mut Vec<u8>) -> bool {
    match form(encoding) {
        Some(Form::Utf16(order)) => {
            out.extend_from_slice(&match order.unwrap_or(HOST) {
                Order::Big => unit.to_be_bytes(),
                Order::Little => unit.to_le_bytes(),
            });
            true
        }
        _ => false,
    }
}

/// The byte-order mark `CFStringGetBytes` puts first in an external representation, for
/// the encodings that have one (UTF-16 and UTF-32 of no stated order).
pub fn bom_bytes(encoding: CFStringEncoding) -> &'static [u8] {
    match (form(encoding), HOST) {
        (Some(Form::Utf16(None)), Order::Little) => &[0xFF, 0xFE],
        (Some(Form::Utf16(None)), Order::Big) => &[0xFE, 0xFF],
        (Some(Form::Utf32(None)), Order::Little) => &[0xFF, 0xFE, 0, 0],
        (Some(Form::Utf32(None)), Order::Big) => &[0, 0, 0xFE, 0xFF],
        _ => &[],
    }
}

/// `CFStringGetMaximumSizeForEncoding`: the most bytes `length` UTF-16 units take in the
/// encoding, as CF counts (UTF-8: 3 per unit; 8-bit encodings: 1); `kCFNotFound` (-1) for a
/// negative length or one whose size does not fit a `CFIndex`.
pub fn max_size(length: CFIndex, encoding: CFStringEncoding) -> CFIndex {
    let per_unit = match encoding {
        kCFStringEncodingUTF8 => 3,
        kCFStringEncodingUTF32 | kCFStringEncodingUTF32BE | kCFStringEncodingUTF32LE => 4,
        _ => match encoding & 0xFFF {
            kCFStringEncodingUTF16 => 2,
            kCFStringEncodingNonLossyASCII => 6,
            _ => 1,
        },
    };
    if length < 0 {
        return -1;
    }
    length.checked_mul(per_unit).unwrap_or(-1)
}

#[cfg(test)]
mod tests {
    use crate::cf::string::encoding::*;

    fn encode(text: &str, encoding: CFStringEncoding) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        text.chars()
            .all(|c| encode_char(c, encoding, &mut out))
            .then_some(out)
    }

    #[test]
    fn eight_bit_encodings_round_trip_their_characters() {
        // Mac Roman: é is 0x8E, the euro 0xDB, the Apple logo 0xF0 (Apple's tables).
        assert_eq!(
            encode("é€\u{F8FF}", kCFStringEncodingMacRoman),
            Some(vec![0x8E, 0xDB, 0xF0])
        );
        assert_eq!(
            decode(&[0x8E, 0xDB, 0xF0], kCFStringEncodingMacRoman, false).as_deref(),
            Some("é€\u{F8FF}")
        );
        // Code page 1252: the euro is 0x80; 0x81 is no character; é is Latin-1's 0xE9.
        assert_eq!(
            encode("€é", kCFStringEncodingWindowsLatin1),
            Some(vec![0x80, 0xE9])
        );
        assert_eq!(decode(&[0x81], kCFStringEncodingWindowsLatin1, false), None);
        assert_eq!(encode("é", kCFStringEncodingISOLatin1), Some(vec![0xE9]));
        assert_eq!(encode("€", kCFStringEncodingISOLatin1), None);
        assert_eq!(
            decode(&[0x85], kCFStringEncodingISOLatin1, false).as_deref(),
            Some("\u{85}")
        );
        assert_eq!(encode("é", kCFStringEncodingASCII), None);
        assert_eq!(decode(&[0xE9], kCFStringEncodingASCII, false), None);
        assert_eq!(
            encode("é", kCFStringEncodingMacRoman).map(|b| b.len()),
            Some(1)
        );
        assert_eq!(encode("\u{85}", kCFStringEncodingMacRoman), None);
    }

    #[test]
    fn unicode_forms_follow_boms_and_stated_orders() {
        assert_eq!(
            decode(&[0, b'h', 0, b'i'], kCFStringEncodingUTF16BE, false).as_deref(),
            Some("hi")
        );
        assert_eq!(
            decode(&[b'h', 0], kCFStringEncodingUTF16LE, false).as_deref(),
            Some("h")
        );
        assert_eq!(
            decode(&[0xFE, 0xFF, 0, b'h'], kCFStringEncodingUTF16, false).as_deref(),
            Some("h")
        );
        assert_eq!(
            decode(&[0, b'h'], kCFStringEncodingUTF16, true).as_deref(),
            Some("h")
        );
        assert_eq!(decode(&[0, b'h', 0], kCFStringEncodingUTF16BE, false), None);
        assert_eq!(decode(&[0xD8, 0x00], kCFStringEncodingUTF16BE, false), None);
        assert_eq!(
            decode(&[0, 1, 0xF6, 0x00], kCFStringEncodingUTF32BE, false).as_deref(),
            Some("\u{1F600}")
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBFx", kCFStringEncodingUTF8, true).as_deref(),
            Some("x")
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBFx", kCFStringEncodingUTF8, false).as_deref(),
            Some("\u{FEFF}x")
        );
        assert_eq!(decode(b"caf\xC3", kCFStringEncodingUTF8, false), None);
        assert_eq!(
            encode("\u{1F600}", kCFStringEncodingUTF16BE),
            Some(vec![0xD8, 0x3D, 0xDE, 0x00])
        );
    }

    #[test]
    fn maximum_sizes_are_cf_s() {
        assert_eq!(max_size(10, kCFStringEncodingUTF8), 30);
        assert_eq!(max_size(10, kCFStringEncodingUTF16LE), 20);
        assert_eq!(max_size(10, kCFStringEncodingUTF32), 40);
        assert_eq!(max_size(10, kCFStringEncodingMacRoman), 10);
        assert_eq!(max_size(10, kCFStringEncodingNonLossyASCII), 60);
        assert_eq!(max_size(-1, kCFStringEncodingUTF8), -1);
        assert_eq!(max_size(CFIndex::MAX, kCFStringEncodingUTF8), -1);
    }
}
