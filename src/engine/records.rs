//! The TLS records passing through the BIO, as Apple's record layer sees them: where the
//! reader stands (a header or a body: a read callback's failure means different things in
//! each, SSLRecordInternal.c), whether a header announces more than Apple reads, and whether
//! the writer's records are protected yet. Stream contexts only: a datagram is read and
//! written whole.

/// A TLS record header: content type, version, length.
const HEADER: usize = 5;
/// Apple's read buffer, header included: a longer record is `errSSLRecordOverflow`
/// (SSLRecordInternal.c, `DEFAULT_BUFFER_SIZE`, checked before anything else of the header).
const MAX_RECORD: usize = 16384 + 2048;
/// Content types whose records leave our side protected (see `WriteLog`).
const CHANGE_CIPHER_SPEC: u8 = 20;
const APPLICATION_DATA: u8 = 23;

/// Where the reader stands in the records it has handed to OpenSSL. Lengths as a header
/// gives them (16 bits): every idle session carries one.
#[derive(Debug, Default)]
pub(super) struct ReadCursor {
    header: [u8; HEADER],
    /// Bytes of the current header read so far.
    have: u8,
    /// Bytes of the current body still to come; 0 while a header is read.
    body_left: u16,
    /// The body length the last complete header announced.
    last_body: u16,
}

impl ReadCursor {
    /// Whether the next byte belongs to a record header (Apple: `amountRead < head`).
    pub(super) fn in_header(&self) -> bool {
        self.body_left == 0
    }

    /// The body length of the last record whose header was read.
    pub(super) fn last_body(&self) -> usize {
        usize::from(self.last_body)
    }

    /// Follows `bytes` read from the transport; `false` once a header announces a record
    /// longer than Apple's record layer reads. OpenSSL reads a header, then its body, each
    /// in one piece when the transport has it: those come first, inline (this runs for every
    /// read of every record).
    #[inline]
    pub(super) fn advance(&mut self, bytes: &[u8]) -> bool {
        if usize::from(self.body_left) == bytes.len() {
            self.body_left = 0;
            return true;
        }
        match *bytes {
            [_, _, _, high, low] if self.body_left == 0 && self.have == 0 => {
                self.header_read(u16::from_be_bytes([high, low]))
            }
            _ => self.advance_piecewise(bytes),
        }
    }

    /// `advance` over any split of headers and bodies.
    #[cold]
    fn advance_piecewise(&mut self, mut bytes: &[u8]) -> bool {
        let mut fits = true;
        while !bytes.is_empty() {
            if self.body_left > 0 {
                let n = usize::from(self.body_left).min(bytes.len());
                // At most `body_left`, a u16.
                self.body_left -= n as u16;
                bytes = &bytes[n..];
                continue;
            }
            let have = usize::from(self.have);
            let n = (HEADER - have).min(bytes.len());
            self.header[have..have + n].copy_from_slice(&bytes[..n]);
            // At most HEADER.
            self.have += n as u8;
            bytes = &bytes[n..];
            if usize::from(self.have) == HEADER {
                self.have = 0;
                fits &= self.header_read(u16::from_be_bytes([self.header[3], self.header[4]]));
            }
        }
        fits
    }

    /// A header announced a body of `len` bytes: whether Apple reads a record that long.
    #[inline]
    fn header_read(&mut self, len: u16) -> bool {
        self.body_left = len;
        self.last_body = len;
        HEADER + usize::from(len) <= MAX_RECORD
    }
}

/// Whether our side protects its records yet: a ChangeCipherSpec (TLS 1.2 and older switch
/// keys after it) or an application data record (TLS 1.3 wraps everything in one) went out.
/// From then on only OpenSSL can write a record the peer accepts.
#[derive(Debug, Default)]
pub(super) struct WriteLog {
    protected: bool,
}

impl WriteLog {
    /// Follows one BIO write: whole records, as OpenSSL writes them.
    #[inline]
    pub(super) fn note(&mut self, data: &[u8]) {
        if !self.protected {
            self.protected = protects(data);
        }
    }

    /// Whether everything we wrote so far went out in the clear.
    pub(super) fn unprotected(&self) -> bool {
        !self.protected
    }
}

/// Whether any record of `data` is protected or switches protection on.
#[cold]
fn protects(data: &[u8]) -> bool {
    let mut at = 0;
    while at + HEADER <= data.len() {
        if matches!(data[at], CHANGE_CIPHER_SPEC | APPLICATION_DATA) {
            return true;
        }
        at += HEADER + usize::from(u16::from_be_bytes([data[at + 3], data[at + 4]]));
    }
    false
}

#[cfg(test)]
mod tests {
    use crate::engine::records::*;

    #[test]
    fn the_cursor_tells_headers_from_bodies_across_any_split() {
        // Two records (3 and 0 body bytes) then the start of a third.
        let stream = [22, 3, 3, 0, 3, 1, 2, 3, 21, 3, 3, 0, 0, 23, 3];
        for split in 0..stream.len() {
            let mut cursor = ReadCursor::default();
            assert!(cursor.advance(&stream[..split]));
            assert!(cursor.advance(&stream[split..]));
            assert!(cursor.in_header(), "split at {split}");
        }
        let mut cursor = ReadCursor::default();
        assert!(cursor.in_header());
        assert!(cursor.advance(&stream[..5]));
        assert!(!cursor.in_header(), "the body follows its header");
        assert_eq!(cursor.last_body(), 3);
        assert!(cursor.advance(&stream[5..7]));
        assert!(!cursor.in_header());
        assert!(cursor.advance(&stream[7..8]));
        assert!(cursor.in_header(), "the body ended");
    }

    #[test]
    fn a_header_announcing_more_than_apple_reads_is_an_overflow() {
        let header = |len: u16| {
            let [high, low] = len.to_be_bytes();
            [23, 3, 3, high, low]
        };
        assert!(ReadCursor::default().advance(&header(16384 + 2048 - 5)));
        assert!(!ReadCursor::default().advance(&header(16384 + 2048 - 4)));
        // Plaintext where a record should be: "HTTP/" announces 0x502f bytes.
        assert!(!ReadCursor::default().advance(b"HTTP/1.1 200 OK\r\n"));
    }

    #[test]
    fn the_log_sees_protection_start_in_any_record_of_a_write() {
        let mut log = WriteLog::default();
        log.note(&[22, 3, 3, 0, 2, 1, 1]);
        assert!(log.unprotected());
        // A ServerHello and a ChangeCipherSpec in one write.
        log.note(&[22, 3, 3, 0, 1, 2, 20, 3, 3, 0, 1, 1]);
        assert!(!log.unprotected());
        log.note(&[21, 3, 3, 0, 2, 1, 0]);
        assert!(!log.unprotected(), "for good");
        let mut tls13 = WriteLog::default();
        tls13.note(&[23, 3, 3, 0, 1, 9]);
        assert!(!tls13.unprotected());
    }
}
