//! ALPN protocol lists on the wire (RFC 7301): each name preceded by its length byte.

/// The wire form of `protocols` (each at most 255 bytes, as `Settings` ensures).
pub(super) fn wire(protocols: &[Vec<u8>]) -> Vec<u8> {
    let mut list = Vec::with_capacity(protocols.iter().map(|p| p.len() + 1).sum());
    for protocol in protocols {
        list.push(protocol.len() as u8);
        list.extend_from_slice(protocol);
    }
    list
}

/// The names of a list in wire form; a truncated last entry ends the list.
pub(super) fn entries(mut list: &[u8]) -> impl Iterator<Item = &[u8]> {
    std::iter::from_fn(move || {
        let (&len, rest) = list.split_first()?;
        let entry = rest.get(..usize::from(len))?;
        list = &rest[usize::from(len)..];
        Some(entry)
    })
}

#[cfg(test)]
mod tests {
    use crate::engine::alpn::*;

    #[test]
    fn lists_are_length_prefixed_names_as_in_rfc_7301() {
        // RFC 7301, section 3.1: "h2" and "http/1.1" as a ProtocolNameList body.
        let body = b"\x02h2\x08http/1.1";
        assert_eq!(wire(&[b"h2".to_vec(), b"http/1.1".to_vec()]), body);
        let names: Vec<&[u8]> = entries(body).collect();
        assert_eq!(names, [&b"h2"[..], b"http/1.1"]);
        assert_eq!(entries(b"\x02h2\x08http").count(), 1, "truncated entry");
        assert_eq!(entries(b"").count(), 0);
    }
}
