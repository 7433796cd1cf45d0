//! [`SslContext`]: a session context configured before its handshake, as in
//! security-framework. Its `handshake`, where it meets a stream, is in `stream`.

use crate::base::{Error, Result};
use crate::certificate::SecCertificate;
use crate::cipher_suite::CipherSuite;
use crate::engine::Context;
use crate::identity::SecIdentity;
use crate::trust::SecTrust;
use crate::types::*;

/// A TLS session context (`SSLContextRef`), configured before its handshake.
///
/// It may be shared between threads (`Sync`, as security-framework's is): shared, it is only
/// read; every change takes `&mut`.
///
/// ```
/// use secure_transport::cipher_suite::CipherSuite;
/// use secure_transport::secure_transport::{
///     SessionState, SslConnectionType, SslContext, SslProtocol, SslProtocolSide,
/// };
///
/// let mut ctx = SslContext::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM).unwrap();
/// ctx.set_peer_domain_name("example.com").unwrap();
/// assert_eq!(ctx.peer_domain_name().unwrap(), "example.com");
///
/// // TLS 1.2 at most unless asked, as on a Mac.
/// assert_eq!(ctx.protocol_version_max().unwrap(), SslProtocol::TLS12);
/// ctx.set_protocol_version_max(SslProtocol::TLS13).unwrap();
///
/// let gcm = CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256;
/// assert!(ctx.supported_ciphers().unwrap().contains(&gcm));
/// ctx.set_enabled_ciphers(&[gcm]).unwrap();
/// assert_eq!(ctx.enabled_ciphers().unwrap(), [gcm]);
///
/// ctx.set_alpn_protocols(&["h2", "http/1.1"]).unwrap();
/// ctx.set_peer_id(b"example.com:443").unwrap();
/// ctx.set_session_tickets_enabled(true).unwrap();
/// ctx.set_break_on_server_auth(true).unwrap();
/// assert!(ctx.break_on_server_auth().unwrap());
///
/// assert_eq!(ctx.state().unwrap(), SessionState::IDLE);
/// // Nothing about the peer before the handshake.
/// assert!(ctx.peer_trust2().is_err());
/// assert!(ctx.negotiated_cipher().is_err());
/// ```
pub struct SslContext(pub(crate) Context);

macro_rules! session_option {
    ($(#[$meta:meta])* $get:ident, $set:ident, $option:ident) => {
        $(#[$meta])*
        pub fn $get(&self) -> Result<bool> {
            self.0.session_option(SslSessionOption::$option)
        }

        $(#[$meta])*
        pub fn $set(&mut self, value: bool) -> Result<()> {
            self.0.set_session_option(SslSessionOption::$option, value)
        }
    };
}

impl SslContext {
    /// A context for one side of a connection (`SSLCreateContext`).
    pub fn new(side: SslProtocolSide, kind: SslConnectionType) -> Result<SslContext> {
        Context::new(side, kind).map(SslContext)
    }

    /// The engine underneath, with Apple's full function set.
    pub fn engine(&self) -> &Context {
        &self.0
    }

    /// The engine underneath, mutably.
    pub fn engine_mut(&mut self) -> &mut Context {
        &mut self.0
    }

    /// Sets the server's name: sent as SNI and checked against its certificate.
    pub fn set_peer_domain_name(&mut self, peer_name: &str) -> Result<()> {
        self.0.set_peer_domain_name(Some(peer_name.as_bytes()))
    }

    /// The name given to `set_peer_domain_name`, or an empty string.
    pub fn peer_domain_name(&self) -> Result<String> {
        let name = self.0.peer_domain_name().unwrap_or_default();
        Ok(String::from_utf8_lossy(name).into_owned())
    }

    /// Sets the identity (and the rest of its chain) this side presents.
    pub fn set_certificate(
        &mut self,
        identity: &SecIdentity,
        certs: &[SecCertificate],
    ) -> Result<()> {
        self.0
            .set_certificate(Some(identity.clone()), certs.to_vec())
    }

    /// Sets the key under which sessions may be resumed.
    pub fn set_peer_id(&mut self, peer_id: &[u8]) -> Result<()> {
        self.0.set_peer_id(peer_id)
    }

    /// The key given to `set_peer_id`.
    pub fn peer_id(&self) -> Result<Option<&[u8]>> {
        Ok(self.0.peer_id())
    }

    /// Every cipher suite the linked OpenSSL can negotiate.
    pub fn supported_ciphers(&self) -> Result<Vec<CipherSuite>> {
        Ok(suites(self.0.supported_ciphers()))
    }

    /// The cipher suites this context offers or accepts.
    pub fn enabled_ciphers(&self) -> Result<Vec<CipherSuite>> {
        Ok(suites(self.0.enabled_ciphers()))
    }

    /// Restricts the cipher suites to these.
    pub fn set_enabled_ciphers(&mut self, ciphers: &[CipherSuite]) -> Result<()> {
        let raw: Vec<SslCipherSuite> = ciphers.iter().map(CipherSuite::to_raw).collect();
        self.0.set_enabled_ciphers(&raw)
    }

    /// The cipher suite the handshake agreed on.
    pub fn negotiated_cipher(&self) -> Result<CipherSuite> {
        self.0.negotiated_cipher().map(CipherSuite::from_raw)
    }

    /// Whether a server asks for a client certificate.
    pub fn set_client_side_authenticate(&mut self, auth: SslAuthenticate) -> Result<()> {
        self.0.set_client_side_authenticate(auth)
    }

    /// Where the client certificate exchange stands.
    pub fn client_certificate_state(&self) -> Result<SslClientCertificateState> {
        Ok(self.0.client_certificate_state())
    }

    /// The peer's chain as a trust object: `errSecBadReq` before the handshake began (as
    /// security-framework checks), `None` until the certificates arrived.
    pub fn peer_trust2(&self) -> Result<Option<SecTrust>> {
        if self.0.session_state() == SessionState::IDLE {
            return Err(Error::from_code(crate::status::errSecBadReq));
        }
        self.0.peer_trust()
    }

    /// The session state.
    pub fn state(&self) -> Result<SessionState> {
        Ok(self.0.session_state())
    }

    /// The version the handshake agreed on (`SslProtocol::UNKNOWN` before).
    pub fn negotiated_protocol_version(&self) -> Result<SslProtocol> {
        Ok(self.0.negotiated_protocol_version())
    }

    /// The newest version enabled.
    pub fn protocol_version_max(&self) -> Result<SslProtocol> {
        Ok(self.0.protocol_version_max())
    }

    /// Sets the newest version enabled.
    pub fn set_protocol_version_max(&mut self, max_version: SslProtocol) -> Result<()> {
        self.0.set_protocol_version_max(max_version)
    }

    /// The oldest version enabled.
    pub fn protocol_version_min(&self) -> Result<SslProtocol> {
        Ok(self.0.protocol_version_min())
    }

    /// Sets the oldest version enabled.
    pub fn set_protocol_version_min(&mut self, min_version: SslProtocol) -> Result<()> {
        self.0.set_protocol_version_min(min_version)
    }

    /// Enables session tickets (resumption also needs a peer ID).
    pub fn set_session_tickets_enabled(&mut self, enabled: bool) -> Result<()> {
        self.0.set_session_tickets_enabled(enabled)
    }

    /// The ALPN protocols to offer (client) or accept (server), in preference order.
    pub fn set_alpn_protocols(&mut self, protocols: &[impl AsRef<str>]) -> Result<()> {
        let names: Vec<&[u8]> = protocols.iter().map(|p| p.as_ref().as_bytes()).collect();
        self.0.set_alpn_protocols(&names)
    }

    /// What the peer sent for ALPN: on a client the server's choice, on a server the
    /// client's offer (`errSecParam` if nothing).
    pub fn alpn_protocols(&self) -> Result<Vec<String>> {
        let names = self.0.alpn_protocols()?;
        Ok(names
            .iter()
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect())
    }

    /// Decrypted bytes a read can return without I/O.
    pub fn buffered_read_size(&self) -> Result<usize> {
        Ok(self.0.buffered_read_size())
    }

    session_option!(
        /// Pause the client's handshake when the server's certificates arrive, so the caller
        /// can judge them (`MidHandshakeSslStream::server_auth_completed`).
        break_on_server_auth, set_break_on_server_auth, BREAK_ON_SERVER_AUTH
    );
    session_option!(
        /// Pause the client's handshake when the server asks for a certificate.
        break_on_cert_requested, set_break_on_cert_requested, BREAK_ON_CERT_REQUESTED
    );
    session_option!(
        /// Pause the server once the client's certificates arrived, before any data.
        break_on_client_auth, set_break_on_client_auth, BREAK_ON_CLIENT_AUTH
    );
    session_option!(
        /// False start (kept, but OpenSSL does not implement it).
        false_start, set_false_start, FALSE_START
    );
    session_option!(
        /// The BEAST countermeasure for TLS 1.0 CBC suites.
        send_one_byte_record, set_send_one_byte_record, SEND_ONE_BYTE_RECORD
    );
    session_option!(
        /// Allow the server's certificate to change on renegotiation.
        allow_server_identity_change, set_allow_server_identity_change, ALLOW_SERVER_IDENTITY_CHANGE
    );
    session_option!(
        /// Mark this connection as a fallback (sends TLS_FALLBACK_SCSV).
        fallback, set_fallback, FALLBACK
    );
    session_option!(
        /// Pause the server when the ClientHello arrives.
        break_on_client_hello, set_break_on_client_hello, BREAK_ON_CLIENT_HELLO
    );

    /// CAs a server names in its certificate request.
    pub fn certificate_authorities(&self) -> Result<Option<Vec<SecCertificate>>> {
        let cas = self.0.certificate_authorities();
        Ok((!cas.is_empty()).then(|| cas.to_vec()))
    }

    /// Replaces the CAs a server names in its certificate request.
    pub fn set_certificate_authorities(&mut self, certs: &[SecCertificate]) -> Result<()> {
        self.0.set_certificate_authorities(certs, true)
    }

    /// Adds CAs a server names in its certificate request.
    pub fn add_certificate_authorities(&mut self, certs: &[SecCertificate]) -> Result<()> {
        self.0.set_certificate_authorities(certs, false)
    }
}

/// Raw suites as `CipherSuite`s.
fn suites(raw: Vec<SslCipherSuite>) -> Vec<CipherSuite> {
    raw.into_iter().map(CipherSuite::from_raw).collect()
}

impl std::fmt::Debug for SslContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("SslContext").field(&self.0).finish()
    }
}
