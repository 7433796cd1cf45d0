//! `ClientBuilder` and `ServerBuilder`: a configured session in one call, as in
//! security-framework.

use std::io::{Read, Write};

use super::context::SslContext;
use super::stream::{HandshakeError, MidHandshakeSslStream, SslStream};
use crate::base::{Error, Result};
use crate::certificate::SecCertificate;
use crate::cipher_suite::CipherSuite;
use crate::identity::SecIdentity;
use crate::import_export::Pkcs12ImportOptions;
use crate::policy::SecPolicy;
use crate::status::*;
use crate::types::{SslConnectionType, SslProtocol, SslProtocolSide};

/// Builds client sessions. Verification is on: the chain against the anchors (plus the
/// system's roots unless anchors-only) and the host name.
///
/// With session tickets enabled, the domain becomes the context's peer ID, as in
/// security-framework: a later connection to the same domain resumes the session and
/// skips the full handshake. Against `openssl s_server`:
///
/// ```
/// use std::net::TcpStream;
///
/// use secure_transport::cipher_suite::CipherSuite;
/// use secure_transport::secure_transport::ClientBuilder;
/// use secure_transport_test_kit::peers::{path, Peer};
/// use secure_transport_test_kit::pki::{KeyKind, Pki};
///
/// let pki = Pki::new(KeyKind::EcdsaP256);
/// let server = pki.server();
/// let key = [path(&server.cert_path), path(&server.key_path)];
/// let peer = Peer::s_server(&["-cert", key[0], "-key", key[1], "-naccept", "2"]);
///
/// let mut builder = ClientBuilder::new();
/// builder
///     .anchor_certificates(&[pki.ca().certificate()])
///     .trust_anchor_certificates_only(true)
///     .whitelist_ciphers(&[CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384])
///     .enable_session_tickets(true);
/// for resumed in [false, true] {
///     let tcp = TcpStream::connect(("127.0.0.1", peer.port)).unwrap();
///     let mut tls = builder.handshake("localhost", tcp).unwrap();
///     let ctx = tls.context();
///     assert_eq!(ctx.peer_id().unwrap(), Some(&b"localhost"[..]));
///     assert_eq!(
///         ctx.negotiated_cipher().unwrap(),
///         CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
///     );
///     assert_eq!(ctx.engine().session_resumed(), resumed);
///     tls.close().unwrap();
/// }
///
/// // A name the certificate does not carry fails, unless told not to check it.
/// let peer = Peer::one_connection(&pki, &[]);
/// let tcp = TcpStream::connect(("127.0.0.1", peer.port)).unwrap();
/// assert!(builder.handshake("example.com", tcp).is_err());
/// ```
#[derive(Default, Debug, Clone)]
pub struct ClientBuilder {
    identity: Option<(SecIdentity, Vec<SecCertificate>)>,
    anchors: Vec<SecCertificate>,
    anchors_only: bool,
    skip_sni: bool,
    accept_invalid_certs: bool,
    accept_invalid_hostnames: bool,
    whitelist: Vec<CipherSuite>,
    blacklist: Vec<CipherSuite>,
    protocol_min: Option<SslProtocol>,
    protocol_max: Option<SslProtocol>,
    alpn: Vec<String>,
    session_tickets: bool,
}

/// Why `ClientBuilder::handshake` did not finish.
pub enum ClientHandshakeError<S> {
    /// The handshake failed (a certificate problem carries its `errSSL*` code).
    Failure(Error),
    /// The stream would block; resume with `MidHandshakeClientBuilder::handshake`.
    Interrupted(MidHandshakeClientBuilder<S>),
}

/// A client handshake paused because the stream would block.
///
/// ```
/// use secure_transport::secure_transport::{
///     ClientBuilder, ClientHandshakeError, HandshakeError, ServerBuilder,
/// };
/// use secure_transport::status::errSSLWouldBlock;
/// use secure_transport_test_kit::pki::{KeyKind, Pki};
/// use secure_transport_test_kit::wire::{self, Mode};
///
/// let pki = Pki::new(KeyKind::EcdsaP256);
/// // The in-memory wire never blocks a caller: a read with nothing to read would block.
/// let (client_end, server_end) = wire::pair(Mode::Stream);
/// let mut client = ClientBuilder::new()
///     .anchor_certificates(&[pki.ca().certificate()])
///     .handshake("localhost", client_end);
/// let server = ServerBuilder::new(&pki.server().identity(), &[]);
/// let mut server = server.new_ssl_context().unwrap().handshake(server_end);
/// for _ in 0..10 {
///     client = match client {
///         Err(ClientHandshakeError::Interrupted(mid)) => {
///             assert_eq!(mid.error().code(), errSSLWouldBlock);
///             mid.handshake()
///         }
///         done => done,
///     };
///     server = match server {
///         Err(HandshakeError::Interrupted(mid)) => mid.handshake(),
///         done => done,
///     };
/// }
/// assert!(client.is_ok() && server.is_ok());
/// ```
pub struct MidHandshakeClientBuilder<S> {
    stream: MidHandshakeSslStream<S>,
    check: TrustCheck,
}

/// How the client judges the server's chain when its handshake breaks for it.
#[derive(Debug, Clone)]
struct TrustCheck {
    domain: Option<String>,
    anchors: Vec<SecCertificate>,
    anchors_only: bool,
    skip: bool,
}

impl ClientBuilder {
    /// A builder with Apple's defaults.
    pub fn new() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// Roots to trust (besides the system's unless `trust_anchor_certificates_only`).
    pub fn anchor_certificates(&mut self, certs: &[SecCertificate]) -> &mut Self {
        self.anchors = certs.to_vec();
        self
    }

    /// One more root to trust.
    pub fn add_anchor_certificate(&mut self, cert: &SecCertificate) -> &mut Self {
        self.anchors.push(cert.clone());
        self
    }

    /// Trust only the anchors, not the system's roots.
    pub fn trust_anchor_certificates_only(&mut self, only: bool) -> &mut Self {
        self.anchors_only = only;
        self
    }

    /// Accept any certificate. Dangerous: anyone can impersonate the server.
    pub fn danger_accept_invalid_certs(&mut self, noverify: bool) -> &mut Self {
        self.accept_invalid_certs = noverify;
        self
    }

    /// Whether to send the domain as SNI (on by default).
    pub fn use_sni(&mut self, use_sni: bool) -> &mut Self {
        self.skip_sni = !use_sni;
        self
    }

    /// Accept a certificate for another host name. Dangerous.
    pub fn danger_accept_invalid_hostnames(&mut self, noverify: bool) -> &mut Self {
        self.accept_invalid_hostnames = noverify;
        self
    }

    /// Only these cipher suites (those the linked OpenSSL supports).
    pub fn whitelist_ciphers(&mut self, whitelist: &[CipherSuite]) -> &mut Self {
        self.whitelist = whitelist.to_vec();
        self
    }

    /// Never these cipher suites.
    pub fn blacklist_ciphers(&mut self, blacklist: &[CipherSuite]) -> &mut Self {
        self.blacklist = blacklist.to_vec();
        self
    }

    /// The client certificate to present if the server asks.
    pub fn identity(&mut self, identity: &SecIdentity, chain: &[SecCertificate]) -> &mut Self {
        self.identity = Some((identity.clone(), chain.to_vec()));
        self
    }

    /// The oldest version to accept.
    pub fn protocol_min(&mut self, min: SslProtocol) -> &mut Self {
        self.protocol_min = Some(min);
        self
    }

    /// The newest version to offer.
    pub fn protocol_max(&mut self, max: SslProtocol) -> &mut Self {
        self.protocol_max = Some(max);
        self
    }

    /// The ALPN protocols to offer, in preference order.
    pub fn alpn_protocols(&mut self, protocols: &[&str]) -> &mut Self {
        self.alpn = protocols.iter().map(|p| (*p).to_owned()).collect();
        self
    }

    /// Enables session tickets.
    pub fn enable_session_tickets(&mut self, enable: bool) -> &mut Self {
        self.session_tickets = enable;
        self
    }

    /// Connects to `domain` over `stream`.
    pub fn handshake<S: Read + Write>(
        &self,
        domain: &str,
        stream: S,
    ) -> std::result::Result<SslStream<S>, ClientHandshakeError<S>> {
        let ctx = self.ctx(domain).map_err(ClientHandshakeError::Failure)?;
        let check = TrustCheck {
            domain: (!self.accept_invalid_hostnames).then(|| domain.to_owned()),
            anchors: self.anchors.clone(),
            anchors_only: self.anchors_only,
            skip: self.accept_invalid_certs,
        };
        finish(ctx.handshake(stream), check)
    }

    fn ctx(&self, domain: &str) -> Result<SslContext> {
        let mut ctx = SslContext::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM)?;
        if !self.skip_sni {
            ctx.set_peer_domain_name(domain)?;
        }
        if let Some((identity, chain)) = &self.identity {
            ctx.set_certificate(identity, chain)?;
        }
        // The builder judges the chain itself, with its own anchors and host name rules.
        ctx.set_break_on_server_auth(true)?;
        if let Some(max) = self.protocol_max {
            ctx.set_protocol_version_max(max)?;
        }
        if let Some(min) = self.protocol_min {
            ctx.set_protocol_version_min(min)?;
        }
        if !self.whitelist.is_empty() || !self.blacklist.is_empty() {
            let base = if self.whitelist.is_empty() {
                ctx.enabled_ciphers()?
            } else {
                self.whitelist.clone()
            };
            let chosen: Vec<_> = base
                .into_iter()
                .filter(|s| !self.blacklist.contains(s))
                .collect();
            ctx.set_enabled_ciphers(&chosen)?;
        }
        if !self.alpn.is_empty() {
            let alpn: Vec<&str> = self.alpn.iter().map(String::as_str).collect();
            ctx.set_alpn_protocols(&alpn)?;
        }
        if self.session_tickets {
            // Resumption needs a peer ID (Apple's rule). Keyed by the domain, as
            // security-framework keys it, so a session is only offered to the name it was
            // verified for: a resumed handshake skips the chain check.
            ctx.set_peer_id(domain.as_bytes())?;
            ctx.set_session_tickets_enabled(true)?;
        }
        Ok(ctx)
    }
}

impl TrustCheck {
    fn judge(&self, ctx: &SslContext) -> Result<()> {
        if self.skip {
            return Ok(());
        }
        let mut trust = ctx.peer_trust2()?.ok_or(Error::from_code(errSSLBadCert))?;
        trust.set_policy(&SecPolicy::create_ssl(
            SslProtocolSide::SERVER,
            self.domain.as_deref(),
        ))?;
        if !self.anchors.is_empty() || self.anchors_only {
            trust.set_anchor_certificates(&self.anchors)?;
            trust.set_trust_anchor_certificates_only(self.anchors_only)?;
        }
        // As security-framework's builder: the code of SecTrustEvaluateWithError's error.
        trust.evaluate_with_error()
    }
}

/// Drives a client handshake through its break for server auth.
fn finish<S>(
    mut result: std::result::Result<SslStream<S>, HandshakeError<S>>,
    check: TrustCheck,
) -> std::result::Result<SslStream<S>, ClientHandshakeError<S>> {
    loop {
        match result {
            Ok(stream) => return Ok(stream),
            Err(HandshakeError::Failure(e)) => return Err(ClientHandshakeError::Failure(e)),
            Err(HandshakeError::Interrupted(mut stream)) if stream.server_auth_completed() => {
                if let Err(e) = check.judge(stream.context()) {
                    // Tell the peer, as a failed handshake would.
                    let _ = stream.context_mut().engine_mut().close();
                    return Err(ClientHandshakeError::Failure(e));
                }
                result = stream.handshake();
            }
            Err(HandshakeError::Interrupted(stream)) => {
                return Err(ClientHandshakeError::Interrupted(
                    MidHandshakeClientBuilder { stream, check },
                ))
            }
        }
    }
}

impl<S> MidHandshakeClientBuilder<S> {
    /// The underlying stream.
    pub fn get_ref(&self) -> &S {
        self.stream.get_ref()
    }

    /// The underlying stream, mutably.
    pub fn get_mut(&mut self) -> &mut S {
        self.stream.get_mut()
    }

    /// The code that paused the handshake.
    pub fn error(&self) -> &Error {
        self.stream.error()
    }
}

impl<S> MidHandshakeClientBuilder<S> {
    /// Resumes the handshake.
    pub fn handshake(self) -> std::result::Result<SslStream<S>, ClientHandshakeError<S>> {
        finish(self.stream.handshake(), self.check)
    }
}

/// Builds server sessions with one identity.
///
/// ```
/// use std::io::{Read, Write};
/// use std::net::TcpListener;
/// use std::thread;
///
/// use secure_transport::secure_transport::{ClientBuilder, ServerBuilder, SslProtocol};
/// use secure_transport_test_kit::pki::{KeyKind, Pki};
///
/// let pki = Pki::new(KeyKind::EcdsaP256);
/// let server = ServerBuilder::from_pkcs12(&pki.server().pkcs12("secret"), "secret").unwrap();
/// // The context, for settings the builder does not have.
/// let mut ctx = server.new_ssl_context().unwrap();
/// ctx.set_protocol_version_max(SslProtocol::TLS13).unwrap();
///
/// let listener = TcpListener::bind("127.0.0.1:0").unwrap();
/// let port = listener.local_addr().unwrap().port();
/// let ca = pki.ca().certificate();
/// let client = thread::spawn(move || {
///     let tcp = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
///     let mut tls = ClientBuilder::new()
///         .anchor_certificates(&[ca])
///         .protocol_max(SslProtocol::TLS13)
///         .handshake("localhost", tcp)
///         .unwrap();
///     tls.write_all(b"hi").unwrap();
/// });
/// let (tcp, _) = listener.accept().unwrap();
/// let mut tls = ctx.handshake(tcp).unwrap();
/// assert_eq!(tls.context().negotiated_protocol_version().unwrap(), SslProtocol::TLS13);
/// let mut hi = [0; 2];
/// tls.read_exact(&mut hi).unwrap();
/// client.join().unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct ServerBuilder {
    identity: SecIdentity,
    certs: Vec<SecCertificate>,
}

impl ServerBuilder {
    /// A server presenting `identity`, followed by `certs`.
    pub fn new(identity: &SecIdentity, certs: &[SecCertificate]) -> ServerBuilder {
        ServerBuilder {
            identity: identity.clone(),
            certs: certs.to_vec(),
        }
    }

    /// A server presenting the first identity of a PKCS#12 archive, with its chain.
    pub fn from_pkcs12(pkcs12_der: &[u8], passphrase: &str) -> Result<ServerBuilder> {
        let mut items = Pkcs12ImportOptions::new()
            .passphrase(passphrase)
            .import(pkcs12_der)?;
        let item = items.pop().ok_or(Error::from_code(errSecDecode))?;
        let identity = item.identity.ok_or(Error::from_code(errSecDecode))?;
        let chain = item.cert_chain.unwrap_or_default();
        Ok(ServerBuilder::new(
            &identity,
            chain.get(1..).unwrap_or_default(),
        ))
    }

    /// A configured server context, for callers that drive it themselves.
    pub fn new_ssl_context(&self) -> Result<SslContext> {
        let mut ctx = SslContext::new(SslProtocolSide::SERVER, SslConnectionType::STREAM)?;
        ctx.set_certificate(&self.identity, &self.certs)?;
        Ok(ctx)
    }

    /// Accepts a client over `stream`, to the end of the handshake: as in
    /// security-framework, a pause (a non-blocking stream's `errSSLWouldBlock`) is returned
    /// as its code, without the stream; a caller that resumes handshakes drives
    /// `new_ssl_context()` itself.
    pub fn handshake<S: Read + Write>(&self, stream: S) -> Result<SslStream<S>> {
        match self.new_ssl_context()?.handshake(stream) {
            Ok(stream) => Ok(stream),
            Err(HandshakeError::Interrupted(mid)) => Err(*mid.error()),
            Err(HandshakeError::Failure(error)) => Err(error),
        }
    }
}

impl<S> From<Error> for ClientHandshakeError<S> {
    fn from(error: Error) -> ClientHandshakeError<S> {
        ClientHandshakeError::Failure(error)
    }
}

impl<S> std::fmt::Debug for ClientHandshakeError<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClientHandshakeError::Failure(e) => f.debug_tuple("Failure").field(e).finish(),
            ClientHandshakeError::Interrupted(s) => f.debug_tuple("Interrupted").field(s).finish(),
        }
    }
}

impl<S> std::fmt::Debug for MidHandshakeClientBuilder<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MidHandshakeClientBuilder")
            .field("stream", &self.stream)
            .finish()
    }
}
