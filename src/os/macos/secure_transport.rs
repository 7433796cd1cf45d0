//! security-framework's `os::macos::secure_transport`: the macOS-only calls of Secure
//! Transport as extension traits of [`SslContext`] and [`MidHandshakeSslStream`]. The same
//! calls are inherent methods of `SslContext` too (but for the Diffie-Hellman parameters);
//! the traits make code that imports them compile unchanged.

use crate::base::Result;
use crate::certificate::SecCertificate;
use crate::secure_transport::{MidHandshakeSslStream, SslContext};
use crate::status::errSSLClientHelloReceived;

/// macOS-only settings of an [`SslContext`]: a server's Diffie-Hellman parameters and the
/// certificate authorities it names to clients, and three session options.
///
/// ```
/// use secure_transport::os::macos::secure_transport::SslContextExt;
/// use secure_transport::secure_transport::{SslConnectionType, SslContext, SslProtocolSide};
/// use secure_transport_test_kit::pki::{KeyKind, Pki};
///
/// let pki = Pki::new(KeyKind::EcdsaP256);
/// let mut ctx = SslContext::new(SslProtocolSide::SERVER, SslConnectionType::STREAM).unwrap();
///
/// // DER PKCS#3 parameters, as `openssl dhparam -outform DER` writes them.
/// let dh = openssl::dh::Dh::get_2048_256().unwrap().params_to_der().unwrap();
/// assert_eq!(ctx.diffie_hellman_params().unwrap(), None);
/// ctx.set_diffie_hellman_params(&dh).unwrap();
/// assert_eq!(ctx.diffie_hellman_params().unwrap(), Some(&dh[..]));
///
/// let ca = pki.ca().certificate();
/// assert!(ctx.certificate_authorities().unwrap().is_none());
/// ctx.set_certificate_authorities(&[ca.clone()]).unwrap();
/// ctx.add_certificate_authorities(&[pki.server().certificate()]).unwrap();
/// assert_eq!(ctx.certificate_authorities().unwrap().unwrap().len(), 2);
///
/// assert!(!SslContextExt::break_on_client_hello(&ctx).unwrap());
/// SslContextExt::set_break_on_client_hello(&mut ctx, true).unwrap();
/// assert!(SslContextExt::break_on_client_hello(&ctx).unwrap());
/// ```
pub trait SslContextExt {
    /// The DER Diffie-Hellman parameters a server uses for DHE suites, if set
    /// (`SSLGetDiffieHellmanParams`).
    fn diffie_hellman_params(&self) -> Result<Option<&[u8]>>;

    /// Sets a server's Diffie-Hellman parameters, DER PKCS#3 as OpenSSL writes them
    /// (`SSLSetDiffieHellmanParams`); `errSecParam` for anything else.
    fn set_diffie_hellman_params(&mut self, dh_params: &[u8]) -> Result<()>;

    /// The certificate authorities a server names in its certificate request, if any.
    fn certificate_authorities(&self) -> Result<Option<Vec<SecCertificate>>>;

    /// Replaces the certificate authorities a server names in its certificate request.
    fn set_certificate_authorities(&mut self, certs: &[SecCertificate]) -> Result<()>;

    /// Adds certificate authorities a server names in its certificate request.
    fn add_certificate_authorities(&mut self, certs: &[SecCertificate]) -> Result<()>;

    /// Whether the server's certificate may change on renegotiation (off: it guards against
    /// the triple handshake attack).
    fn allow_server_identity_change(&self) -> Result<bool>;

    /// Lets the server's certificate change on renegotiation.
    #[deprecated(note = "kSSLSessionOptionAllowServerIdentityChange is deprecated by Apple")]
    fn set_allow_server_identity_change(&mut self, value: bool) -> Result<()>;

    /// Whether this connection is a fallback after a failed attempt at a newer version.
    fn fallback(&self) -> Result<bool>;

    /// Marks this connection as a fallback (it sends TLS_FALLBACK_SCSV).
    #[deprecated(note = "kSSLSessionOptionFallback is deprecated by Apple")]
    fn set_fallback(&mut self, value: bool) -> Result<()>;

    /// Whether a server's handshake pauses when the ClientHello arrives.
    fn break_on_client_hello(&self) -> Result<bool>;

    /// Pauses a server's handshake when the ClientHello arrives (to choose a certificate
    /// by the name the client asks for): see
    /// [`MidHandshakeSslStreamExt::client_hello_received`].
    #[deprecated(note = "kSSLSessionOptionBreakOnClientHello is deprecated by Apple")]
    fn set_break_on_client_hello(&mut self, value: bool) -> Result<()>;
}

// The inherent methods of the same names do the work; `SslContext::name` names them (an
// inherent method goes before a trait's).
impl SslContextExt for SslContext {
    fn diffie_hellman_params(&self) -> Result<Option<&[u8]>> {
        Ok(self.engine().diffie_hellman_params())
    }

    fn set_diffie_hellman_params(&mut self, dh_params: &[u8]) -> Result<()> {
        self.engine_mut().set_diffie_hellman_params(dh_params)
    }

    fn certificate_authorities(&self) -> Result<Option<Vec<SecCertificate>>> {
        SslContext::certificate_authorities(self)
    }

    fn set_certificate_authorities(&mut self, certs: &[SecCertificate]) -> Result<()> {
        SslContext::set_certificate_authorities(self, certs)
    }

    fn add_certificate_authorities(&mut self, certs: &[SecCertificate]) -> Result<()> {
        SslContext::add_certificate_authorities(self, certs)
    }

    fn allow_server_identity_change(&self) -> Result<bool> {
        SslContext::allow_server_identity_change(self)
    }

    fn set_allow_server_identity_change(&mut self, value: bool) -> Result<()> {
        SslContext::set_allow_server_identity_change(self, value)
    }

    fn fallback(&self) -> Result<bool> {
        SslContext::fallback(self)
    }

    fn set_fallback(&mut self, value: bool) -> Result<()> {
        SslContext::set_fallback(self, value)
    }

    fn break_on_client_hello(&self) -> Result<bool> {
        SslContext::break_on_client_hello(self)
    }

    fn set_break_on_client_hello(&mut self, value: bool) -> Result<()> {
        SslContext::set_break_on_client_hello(self, value)
    }
}

/// macOS-only questions to a paused handshake.
///
/// ```
/// use secure_transport::os::macos::secure_transport::{MidHandshakeSslStreamExt, SslContextExt};
/// use secure_transport::secure_transport::{
///     HandshakeError, SslConnectionType, SslContext, SslProtocolSide,
/// };
/// use secure_transport_test_kit::wire::{self, Mode};
///
/// let (client_end, server_end) = wire::pair(Mode::Stream);
/// let mut client = SslContext::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM).unwrap();
/// client.set_peer_domain_name("localhost").unwrap();
/// // The in-memory wire does not block: the client sends its ClientHello and pauses.
/// let Err(HandshakeError::Interrupted(_client)) = client.handshake(client_end) else {
///     panic!("the client waits for the server");
/// };
///
/// let mut server = SslContext::new(SslProtocolSide::SERVER, SslConnectionType::STREAM).unwrap();
/// server.set_break_on_client_hello(true).unwrap();
/// let Err(HandshakeError::Interrupted(server)) = server.handshake(server_end) else {
///     panic!("the server pauses at the ClientHello");
/// };
/// assert!(server.client_hello_received());
/// ```
pub trait MidHandshakeSslStreamExt {
    /// The handshake paused because the ClientHello arrived (break on client hello): the
    /// server may now set its certificate and resume.
    fn client_hello_received(&self) -> bool;
}

impl<S> MidHandshakeSslStreamExt for MidHandshakeSslStream<S> {
    fn client_hello_received(&self) -> bool {
        self.error().code() == errSSLClientHelloReceived
    }
}
