//! A session running over a Rust stream.
//!
//! [`SslStream`] owns its stream and lends it to the session for the length of each call
//! (handshake, read, write, flush, close); the session never keeps it. So a context taken out
//! of a stream (`context_mut` with `mem::swap` or `mem::replace`) carries no stream with it,
//! and `SslStream<S>` is `Send` exactly when `S` is.

use std::io::{self, Read, Write};
use std::panic;

use super::context::SslContext;
use crate::base::Error;
use crate::engine::Context;
use crate::status::*;
use crate::types::SessionState;

/// An established session over `S` (reads and writes are encrypted).
///
/// The session flushes `S` after every write it makes to it, and `flush` flushes `S` too,
/// so a buffered stream works as it does with security-framework. Against `openssl
/// s_server -rev`, over a `BufWriter`:
///
/// ```
/// use std::io::{BufRead, BufReader, BufWriter, Read, Write};
/// use std::net::TcpStream;
///
/// use secure_transport::secure_transport::{ClientBuilder, SessionState};
/// use secure_transport_test_kit::peers::Peer;
/// use secure_transport_test_kit::pki::{KeyKind, Pki};
///
/// /// Reads from the socket, writes through a buffer.
/// struct Buffered(TcpStream, BufWriter<TcpStream>);
/// impl Read for Buffered {
///     fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
///         self.0.read(buf)
///     }
/// }
/// impl Write for Buffered {
///     fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
///         self.1.write(buf)
///     }
///     fn flush(&mut self) -> std::io::Result<()> {
///         self.1.flush()
///     }
/// }
///
/// let pki = Pki::new(KeyKind::EcdsaP256);
/// let peer = Peer::rev_server(&pki, &[]);
/// let tcp = TcpStream::connect(("127.0.0.1", peer.port)).unwrap();
/// let stream = Buffered(tcp.try_clone().unwrap(), BufWriter::new(tcp));
///
/// let mut tls = ClientBuilder::new()
///     .anchor_certificates(&[pki.ca().certificate()])
///     .handshake("localhost", stream)
///     .unwrap();
/// tls.write_all(b"hello\n").unwrap();
/// tls.flush().unwrap();
/// let mut line = String::new();
/// BufReader::new(&mut tls).read_line(&mut line).unwrap();
/// assert_eq!(line, "olleh\n");
///
/// assert!(tls.context().negotiated_cipher().is_ok());
/// tls.close().unwrap();
/// assert_eq!(tls.context().state().unwrap(), SessionState::CLOSED);
/// ```
pub struct SslStream<S> {
    ctx: SslContext,
    stream: S,
    lend: Lend<S>,
}

/// Runs one engine call with the stream lent to the session. Made by `SslContext::handshake`,
/// where `S: Read + Write` is known, so that resuming a handshake or closing needs no bound
/// (as in security-framework, whose I/O functions are set once at the start).
type Lend<S> = fn(&mut Context, &mut S, &mut dyn FnMut(&mut Context));

fn lend<S: Read + Write>(ctx: &mut Context, stream: &mut S, call: &mut dyn FnMut(&mut Context)) {
    ctx.with_stream(stream, call)
}

/// Why `SslContext::handshake` did not finish. An [`Error`] converts into a failure, so `?`
/// works in a function that returns one.
///
/// ```
/// use secure_transport::base::Error;
/// use secure_transport::secure_transport::{HandshakeError, SslStream};
/// use secure_transport::status::errSSLBadCert;
///
/// fn refuse<S>() -> Result<SslStream<S>, HandshakeError<S>> {
///     Err(Error::from_code(errSSLBadCert))?
/// }
/// let Err(HandshakeError::Failure(error)) = refuse::<std::net::TcpStream>() else {
///     unreachable!()
/// };
/// assert_eq!(error.code(), errSSLBadCert);
/// ```
pub enum HandshakeError<S> {
    /// The handshake failed.
    Failure(Error),
    /// The handshake paused: the stream would block or a break option fired.
    Interrupted(MidHandshakeSslStream<S>),
}

/// A paused handshake, resumed with [`MidHandshakeSslStream::handshake`].
///
/// Two contexts over the kit's in-memory wire, which never blocks a caller: each handshake
/// pauses whenever its peer has not answered yet, and the client also pauses when the
/// server's chain arrives, to judge it itself.
///
/// ```
/// use secure_transport::secure_transport::{
///     HandshakeError, SslConnectionType, SslContext, SslProtocolSide,
/// };
/// use secure_transport_test_kit::pki::{KeyKind, Pki};
/// use secure_transport_test_kit::wire::{self, Mode};
///
/// let pki = Pki::new(KeyKind::EcdsaP256);
/// let (client_end, server_end) = wire::pair(Mode::Stream);
///
/// let mut client = SslContext::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM).unwrap();
/// client.set_peer_domain_name("localhost").unwrap();
/// client.set_break_on_server_auth(true).unwrap();
/// let mut server = SslContext::new(SslProtocolSide::SERVER, SslConnectionType::STREAM).unwrap();
/// server.set_certificate(&pki.server().identity(), &[]).unwrap();
///
/// let mut client = client.handshake(client_end);
/// let mut server = server.handshake(server_end);
/// let mut judged = false;
/// for _ in 0..10 {
///     client = match client {
///         Err(HandshakeError::Interrupted(mid)) if mid.server_auth_completed() => {
///             let mut trust = mid.context().peer_trust2().unwrap().unwrap();
///             trust.set_anchor_certificates(&[pki.ca().certificate()]).unwrap();
///             trust.evaluate_with_error().unwrap();
///             judged = true;
///             mid.handshake()
///         }
///         Err(HandshakeError::Interrupted(mid)) => {
///             assert!(mid.would_block(), "{:?}", mid.error());
///             mid.handshake()
///         }
///         done => done,
///     };
///     server = match server {
///         Err(HandshakeError::Interrupted(mid)) => mid.handshake(),
///         done => done,
///     };
/// }
/// assert!(judged && client.is_ok() && server.is_ok());
/// ```
pub struct MidHandshakeSslStream<S> {
    stream: SslStream<S>,
    error: Error,
}

impl SslContext {
    /// Runs the handshake over `stream`. A non-blocking stream, or a break option, returns
    /// `HandshakeError::Interrupted`, to be resumed with `MidHandshakeSslStream::handshake`.
    pub fn handshake<S: Read + Write>(self, stream: S) -> Result<SslStream<S>, HandshakeError<S>> {
        SslStream {
            ctx: self,
            stream,
            lend: lend::<S>,
        }
        .handshake()
    }
}

impl<S> SslStream<S> {
    /// The underlying stream.
    pub fn get_ref(&self) -> &S {
        &self.stream
    }

    /// The underlying stream, mutably (writing to it directly corrupts the session).
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.stream
    }

    /// The session's context.
    pub fn context(&self) -> &SslContext {
        &self.ctx
    }

    /// The session's context, mutably.
    pub fn context_mut(&mut self) -> &mut SslContext {
        &mut self.ctx
    }
}

impl<S> SslStream<S> {
    /// Runs one engine call with the stream lent to the session; a panic raised inside the
    /// stream is re-raised here, on the caller's side.
    fn call<R>(&mut self, op: impl FnOnce(&mut Context) -> R) -> R {
        let mut op = Some(op);
        let mut result = None;
        (self.lend)(&mut self.ctx.0, &mut self.stream, &mut |ctx| {
            result = op.take().map(|op| op(ctx));
        });
        if let Some(payload) = self.ctx.0.take_stream_panic() {
            panic::resume_unwind(payload);
        }
        result.expect("a lent call runs once")
    }

    /// Runs (or resumes) the handshake and sorts its outcome.
    fn handshake(mut self) -> Result<SslStream<S>, HandshakeError<S>> {
        match self.call(Context::handshake) {
            Ok(()) => Ok(self),
            Err(error) => match error.code() {
                errSSLWouldBlock
                | errSSLPeerAuthCompleted
                | errSSLClientCertRequested
                | errSSLClientHelloReceived => {
                    Err(HandshakeError::Interrupted(MidHandshakeSslStream {
                        stream: self,
                        error,
                    }))
                }
                _ => Err(HandshakeError::Failure(error)),
            },
        }
    }

    /// Sends close_notify (`SSLClose`).
    pub fn close(&mut self) -> io::Result<()> {
        let result = self.call(Context::close);
        result.map_err(|e| self.io_error(e))
    }

    /// The stream's own error when it caused the failure, else the session's code.
    fn io_error(&mut self, error: Error) -> io::Error {
        match self.ctx.0.take_stream_error() {
            Some(io_error) => io_error,
            None => error.into(),
        }
    }
}

impl<S: Read + Write> Read for SslStream<S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // Apple's SSLRead reads one more record after serving leftovers; a Rust reader that
        // already has bytes to return must not wait for the peer's next record.
        let buffered = self.ctx.0.leftover();
        let buf = if buffered > 0 && buffered < buf.len() {
            &mut buf[..buffered]
        } else {
            buf
        };
        let (n, result) = self.call(|ctx| ctx.read(buf));
        match result {
            _ if n > 0 => Ok(n),
            Ok(()) => Ok(0),
            Err(e) if e.code() == errSSLClosedGraceful || e.code() == errSSLClosedNoNotify => Ok(0),
            // Apple reports the stream's end (or its failure) in a record header as
            // errSSLClosedAbort: security-framework reads that as the end too.
            Err(e) => match self.ctx.0.take_stream_error() {
                Some(io_error) => Err(io_error),
                None if e.code() == errSSLClosedAbort => Ok(0),
                None => Err(e.into()),
            },
        }
    }
}

impl<S: Read + Write> Write for SslStream<S> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let (n, result) = self.call(|ctx| ctx.write(buf));
        match result {
            // Accepted bytes are the session's now, even if the transport is still busy.
            _ if n > 0 => Ok(n),
            Ok(()) => Ok(0),
            Err(e) => Err(self.io_error(e)),
        }
    }

    /// Pushes out what the write queue still holds (`SSLWrite` of zero bytes), then flushes
    /// the stream itself, as security-framework does. Records wait in the queue only while
    /// the session is connected: in any other state (closed, say) only the stream is
    /// flushed, and, as with security-framework, that is no error.
    fn flush(&mut self) -> io::Result<()> {
        if self.ctx.0.session_state() == SessionState::CONNECTED {
            let (_, result) = self.call(|ctx| ctx.write(&[]));
            result.map_err(|e| self.io_error(e))?;
        }
        self.stream.flush()
    }
}

impl<S> MidHandshakeSslStream<S> {
    /// The underlying stream.
    pub fn get_ref(&self) -> &S {
        self.stream.get_ref()
    }

    /// The underlying stream, mutably.
    pub fn get_mut(&mut self) -> &mut S {
        self.stream.get_mut()
    }

    /// The session's context.
    pub fn context(&self) -> &SslContext {
        self.stream.context()
    }

    /// The session's context, mutably (e.g. to set a client certificate).
    pub fn context_mut(&mut self) -> &mut SslContext {
        self.stream.context_mut()
    }

    /// The server's certificates arrived (break on server auth): judge `peer_trust2`.
    pub fn server_auth_completed(&self) -> bool {
        self.error.code() == errSSLPeerAuthCompleted
    }

    /// The server asked for a client certificate (break on cert requested).
    pub fn client_cert_requested(&self) -> bool {
        self.error.code() == errSSLClientCertRequested
    }

    /// The stream would block; call `handshake` again when it is ready.
    pub fn would_block(&self) -> bool {
        self.error.code() == errSSLWouldBlock
    }

    /// The code that paused the handshake.
    pub fn error(&self) -> &Error {
        &self.error
    }
}

impl<S> MidHandshakeSslStream<S> {
    /// Resumes the handshake.
    pub fn handshake(self) -> Result<SslStream<S>, HandshakeError<S>> {
        self.stream.handshake()
    }
}

impl<S> std::fmt::Debug for SslStream<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SslStream")
            .field("context", &self.ctx)
            .finish()
    }
}

impl<S> std::fmt::Debug for MidHandshakeSslStream<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MidHandshakeSslStream")
            .field("stream", &self.stream)
            .field("error", &self.error)
            .finish()
    }
}

impl<S> From<Error> for HandshakeError<S> {
    fn from(error: Error) -> HandshakeError<S> {
        HandshakeError::Failure(error)
    }
}

impl<S> std::fmt::Debug for HandshakeError<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HandshakeError::Failure(e) => f.debug_tuple("Failure").field(e).finish(),
            HandshakeError::Interrupted(s) => f.debug_tuple("Interrupted").field(s).finish(),
        }
    }
}
