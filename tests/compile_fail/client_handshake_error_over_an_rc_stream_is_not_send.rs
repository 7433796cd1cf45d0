//! A paused client handshake (`ClientHandshakeError::Interrupted` holds the stream) over a
//! stream that shares state with its thread through an `Rc` must not move to another
//! thread: the stream would go with it.

use std::io::{self, Read, Write};
use std::rc::Rc;

use secure_transport::secure_transport::ClientHandshakeError;

struct Local(Rc<Vec<u8>>);

impl Read for Local {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        Ok(0)
    }
}

impl Write for Local {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn send_away(tls: ClientHandshakeError<Local>) {
    std::thread::spawn(move || drop(tls));
}

fn main() {}
