//! DTLS over real UDP sockets on 127.0.0.1, driven the way Apple's callers drive it: reads
//! that time out say "would block", and the caller calls the handshake (or read) again,
//! which is when lost flights are sent again.

use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, UdpSocket};
use std::time::{Duration, Instant};

use secure_transport::secure_transport::{HandshakeError, SslStream};

/// How long a read waits before it reports `WouldBlock`.
const POLL: Duration = Duration::from_millis(50);

/// A UDP port that was free a moment ago (another process may still grab it: servers
/// started on it retry with another, see [`crate::peers::Peer::s_server_dtls`]).
pub fn free_udp_port() -> u16 {
    let socket = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    socket.local_addr().unwrap().port()
}

/// A connected UDP socket as a stream of datagrams: each write one datagram, each read one.
pub struct UdpStream {
    socket: UdpSocket,
    /// A server's first datagram, read before it knew its peer.
    first: Option<Vec<u8>>,
}

impl UdpStream {
    /// A client socket talking to 127.0.0.1:`port`.
    pub fn connect(port: u16) -> io::Result<UdpStream> {
        let socket = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0))?;
        socket.connect((Ipv4Addr::LOCALHOST, port))?;
        socket.set_read_timeout(Some(POLL))?;
        Ok(UdpStream {
            socket,
            first: None,
        })
    }

    /// Waits (up to `timeout`) for a client's first datagram on `socket`, then talks to that
    /// client only.
    pub fn accept(socket: UdpSocket, timeout: Duration) -> io::Result<UdpStream> {
        let mut buf = vec![0u8; 65536];
        socket.set_read_timeout(Some(timeout))?;
        let (n, peer) = socket.recv_from(&mut buf)?;
        socket.connect(peer)?;
        socket.set_read_timeout(Some(POLL))?;
        buf.truncate(n);
        Ok(UdpStream {
            socket,
            first: Some(buf),
        })
    }
}

impl Read for UdpStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(first) = self.first.take() {
            let n = first.len().min(buf.len());
            buf[..n].copy_from_slice(&first[..n]);
            return Ok(n);
        }
        match self.socket.recv(buf) {
            Err(e) if e.kind() == io::ErrorKind::TimedOut => Err(io::ErrorKind::WouldBlock.into()),
            other => other,
        }
    }
}

impl Write for UdpStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.socket.send(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Drives a handshake through its `WouldBlock` pauses until it ends or `timeout` passes.
pub fn finish(
    mut result: Result<SslStream<UdpStream>, HandshakeError<UdpStream>>,
    timeout: Duration,
) -> Result<SslStream<UdpStream>, String> {
    let deadline = Instant::now() + timeout;
    loop {
        match result {
            Ok(stream) => return Ok(stream),
            Err(HandshakeError::Interrupted(mid)) if Instant::now() < deadline => {
                result = mid.handshake();
            }
            Err(HandshakeError::Interrupted(mid)) => {
                return Err(format!("handshake timed out: {:?}", mid.error()))
            }
            Err(HandshakeError::Failure(e)) => return Err(format!("handshake failed: {e}")),
        }
    }
}

/// Reads until `want` bytes arrived or `timeout` passed (each read returns one record).
pub fn read_exactly(
    tls: &mut SslStream<UdpStream>,
    want: usize,
    timeout: Duration,
) -> Result<Vec<u8>, String> {
    let deadline = Instant::now() + timeout;
    let mut got = Vec::with_capacity(want);
    let mut buf = vec![0u8; 16 << 10];
    while got.len() < want {
        if Instant::now() >= deadline {
            return Err(format!("read {} of {want} bytes in {timeout:?}", got.len()));
        }
        match tls.read(&mut buf) {
            Ok(0) => return Err(format!("peer closed after {} of {want} bytes", got.len())),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(format!("read: {e}")),
        }
    }
    Ok(got)
}
