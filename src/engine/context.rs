//! [`Context`]: Apple's Secure Transport function set on one session. Each method is thin:
//! it keeps Apple's order of checks and hands over to the state machine (`session`), the
//! settings and their rules (`settings`), the step that carries settings to OpenSSL
//! (`apply`), or what the handshake revealed (`readers`).

use std::io::{Read, Write};

use openssl::dh::Dh;
use openssl::ssl::SslRef;
use openssl::x509::X509Name;

use super::io::{LentStream, SslConnectionRef, SslReadFunc, SslWriteFunc, Transport};
use super::session::{Session, State};
use super::settings::{Options, Settings};
use super::{apply, ciphers, datagram, readers, session_config};
use crate::base::{Error, Result};
use crate::certificate::SecCertificate;
use crate::identity::SecIdentity;
use crate::status::*;
use crate::trust::{SecTrust, Tolerance};
use crate::types::{
    SessionState, SslAuthenticate, SslCipherSuite, SslClientCertificateState, SslConnectionType,
    SslProtocol, SslProtocolSide, SslSessionOption,
};

/// A Secure Transport session (`SSLContextRef`).
pub struct Context {
    session: Session,
}

impl Context {
    /// `SSLCreateContext`: a context for one side of a stream (TLS) or datagram (DTLS)
    /// connection.
    pub fn new(side: SslProtocolSide, kind: SslConnectionType) -> Result<Context> {
        Session::new(side, kind).map(|session| Context { session })
    }

    fn settings(&self) -> &Settings {
        self.session.settings()
    }

    /// Whether the handshake began (the context left the idle state).
    fn started(&self) -> bool {
        self.session.state() != State::Idle
    }

    // The session and its transport.

    /// `SSLGetSessionState`.
    pub fn session_state(&self) -> SessionState {
        self.session.state().apple()
    }

    /// Whether configuration is refused (`errSecBadReq`): Apple counts every state but idle,
    /// closed and aborted-by-error as active — an EOF without close_notify included.
    pub fn is_active(&self) -> bool {
        self.session.state().is_active()
    }

    /// The side given at creation.
    pub fn protocol_side(&self) -> SslProtocolSide {
        self.settings().side()
    }

    /// The connection type given at creation.
    pub fn connection_type(&self) -> SslConnectionType {
        self.settings().kind()
    }

    /// `SSLSetIOFuncs`.
    pub fn set_io_funcs(&mut self, read: SslReadFunc, write: SslWriteFunc) -> Result<()> {
        self.session.configurable()?;
        self.session.shared_mut().io.transport = Transport::Callbacks { read, write };
        Ok(())
    }

    /// `SSLSetConnection`: the opaque value handed to the I/O callbacks.
    pub fn set_connection(&mut self, connection: SslConnectionRef) -> Result<()> {
        self.session.configurable()?;
        self.session.shared_mut().io.connection = connection;
        Ok(())
    }

    /// `SSLGetConnection`.
    pub fn connection(&self) -> SslConnectionRef {
        self.session.shared().io.connection
    }

    /// Runs `call` with `stream` lent as the transport, for the safe facade, which lends its
    /// stream to each call this way (a context it runs is a stream context from then on,
    /// as `SslContext::handshake` made it). The context keeps no pointer to the stream once
    /// `call` returns or unwinds. `call` must not move the context (it only calls its
    /// methods).
    #[inline]
    pub(crate) fn with_stream<S: Read + Write, R>(
        &mut self,
        stream: &mut S,
        call: impl FnOnce(&mut Context) -> R,
    ) -> R {
        /// Takes the stream back, also when `call` unwinds.
        struct Lending<'a>(&'a mut Context);
        impl Drop for Lending<'_> {
            fn drop(&mut self) {
                self.0.session.shared_mut().io.transport = Transport::Stream(None);
            }
        }
        self.session.shared_mut().io.transport = Transport::Stream(Some(LentStream::new(stream)));
        let lending = Lending(self);
        call(&mut *lending.0)
    }

    /// Takes the error the Rust stream itself returned during the last call, if any.
    pub(crate) fn take_stream_error(&mut self) -> Option<std::io::Error> {
        self.session.shared_mut().io.stream_error.take()
    }

    /// Takes a panic raised inside the Rust stream during the last call, if any.
    pub(crate) fn take_stream_panic(&mut self) -> Option<Box<dyn std::any::Any + Send>> {
        self.session
            .shared_mut()
            .io
            .panic
            .take()
            .map(|payload| *payload)
    }

    /// `SSLHandshake`: runs the handshake as far as the transport allows.
    pub fn handshake(&mut self) -> Result<()> {
        self.session.handshake()
    }

    /// `SSLReHandshake`: starts a renegotiation of a connected TLS 1.2 (or older) session;
    /// `SSLHandshake` or `SSLRead` then carry it out, as on Apple. A server sends a
    /// HelloRequest, a client a new ClientHello. TLS 1.3 has no renegotiation:
    /// `errSecBadReq`, as for any state but connected.
    pub fn re_handshake(&mut self) -> Result<()> {
        self.session.re_handshake()
    }

    /// How many renegotiations this session went through (OpenSSL's count).
    pub fn renegotiations(&self) -> usize {
        readers::renegotiations(self.session.ssl())
    }

    /// `SSLRead`: serves decrypted bytes, at most one new record per call.
    pub fn read(&mut self, buf: &mut [u8]) -> (usize, Result<()>) {
        self.session.read(buf)
    }

    /// `SSLWrite`: takes all of `data` into the write queue, then flushes what it can.
    /// Returns how many bytes were taken (all or none) with the flush's status.
    pub fn write(&mut self, data: &[u8]) -> (usize, Result<()>) {
        self.session.write(data)
    }

    /// `SSLClose`: sends close_notify (after a completed handshake) through the write queue.
    /// Transport errors of an already-closed connection are not reported.
    pub fn close(&mut self) -> Result<()> {
        self.session.close()
    }

    /// `SSLSetError`: puts the session into an out-of-band error state: `SSLHandshake`
    /// returns `status` from then on, reads and writes `errSSLClosedAbort`.
    pub fn set_error(&mut self, status: OSStatus) -> Result<()> {
        self.session.set_error(status);
        Ok(())
    }

    /// `SSLGetBufferedReadSize`: decrypted bytes `read` can return without I/O.
    pub fn buffered_read_size(&self) -> usize {
        self.session.ssl().pending()
    }

    /// The same, for the read path: only a read that filled the caller's buffer can have
    /// left bytes of its record, so only then is OpenSSL asked.
    #[inline]
    pub(crate) fn leftover(&self) -> usize {
        self.session.leftover()
    }

    // Session options.

    /// `SSLSetSessionOption`.
    pub fn set_session_option(&mut self, option: SslSessionOption, value: bool) -> Result<()> {
        let bit = Options::of(option).ok_or(Error::from_code(errSecParam))?;
        self.session.configurable()?.set_option(bit, value);
        Ok(())
    }

    /// `SSLGetSessionOption`.
    pub fn session_option(&self, option: SslSessionOption) -> Result<bool> {
        let bit = Options::of(option).ok_or(Error::from_code(errSecParam))?;
        Ok(self.settings().options().contains(bit))
    }

    /// `SSLSetSessionTicketsEnabled`.
    pub fn set_session_tickets_enabled(&mut self, enabled: bool) -> Result<()> {
        self.set_session_option(SslSessionOption::ENABLE_SESSION_TICKETS, enabled)
    }

    // Protocol versions.

    /// `SSLSetProtocolVersionMin`; raises the maximum if it falls below. As on Apple, an
    /// unknown version is `errSSLIllegalParam`.
    pub fn set_protocol_version_min(&mut self, min: SslProtocol) -> Result<()> {
        self.session.settings_mut().versions_mut().set_min(min)
    }

    /// `SSLGetProtocolVersionMin`.
    pub fn protocol_version_min(&self) -> SslProtocol {
        self.settings().versions().min()
    }

    /// `SSLSetProtocolVersionMax` (`kTLSProtocolMaxSupported` means the newest); lowers the
    /// minimum if it rises above.
    pub fn set_protocol_version_max(&mut self, max: SslProtocol) -> Result<()> {
        self.session.settings_mut().versions_mut().set_max(max)
    }

    /// `SSLGetProtocolVersionMax`.
    pub fn protocol_version_max(&self) -> SslProtocol {
        self.settings().versions().max()
    }

    /// `SSLSetProtocolVersionEnabled`: enabling widens the range to include `protocol`;
    /// disabling raises the minimum past it, as Apple does (so the range has no holes), or,
    /// for the newest version, lowers the maximum. `kSSLProtocolAll` enables every supported
    /// version. Disabling everything is refused (`errSecParam`): no handshake could follow.
    pub fn set_protocol_version_enabled(
        &mut self,
        protocol: SslProtocol,
        enable: bool,
    ) -> Result<()> {
        self.session
            .configurable()?
            .versions_mut()
            .set_enabled(protocol, enable)
    }

    /// `SSLGetProtocolVersionEnabled`.
    pub fn protocol_version_enabled(&self, protocol: SslProtocol) -> Result<bool> {
        self.settings().versions().enabled(protocol)
    }

    /// `SSLSetProtocolVersion` (deprecated): "this version at most" — every supported
    /// version up to it — except `kSSLProtocol3Only`/`kTLSProtocol1Only` (that one only) and
    /// `kSSLProtocolAll`/`kSSLProtocolUnknown` (all).
    pub fn set_protocol_version(&mut self, protocol: SslProtocol) -> Result<()> {
        self.session
            .configurable()?
            .versions_mut()
            .set_selector(protocol)
    }

    /// `SSLGetProtocolVersion` (deprecated): the selector `set_protocol_version` would take
    /// for the current range; `errSecParam` for ranges none describes.
    pub fn protocol_version(&self) -> Result<SslProtocol> {
        self.settings().versions().selector()
    }

    /// `SSLGetNegotiatedProtocolVersion`: `kSSLProtocolUnknown` until the peer agreed one.
    pub fn negotiated_protocol_version(&self) -> SslProtocol {
        readers::negotiated_version(self.session.ssl(), self.started())
    }

    // Cipher suites.

    /// `SSLGetSupportedCiphers`.
    pub fn supported_ciphers(&self) -> Vec<SslCipherSuite> {
        ciphers::supported(self.session.ssl()).to_vec()
    }

    /// `SSLGetEnabledCiphers`.
    pub fn enabled_ciphers(&self) -> Vec<SslCipherSuite> {
        ciphers::configured(self.session.ssl())
    }

    /// `SSLSetEnabledCiphers`: `errSSLBadCipherSuite` if none of them can be used. The list
    /// goes to the `SSL` at once: OpenSSL keeps it for `SSLGetEnabledCiphers`, and knows which
    /// suites need its security level 0.
    pub fn set_enabled_ciphers(&mut self, suites: &[SslCipherSuite]) -> Result<()> {
        self.session.configurable()?;
        let (ssl, shared) = self.session.parts();
        let supported = ciphers::supported(ssl);
        let usable: Vec<_> = suites
            .iter()
            .copied()
            .filter(|s| supported.contains(s))
            .collect();
        if usable.is_empty() {
            return Err(Error::from_code(errSSLBadCipherSuite));
        }
        ciphers::set(ssl, &usable);
        note_suite_traits(ssl, &mut shared.settings);
        Ok(())
    }

    /// The IANA name of a cipher suite the linked OpenSSL knows, for display.
    pub fn cipher_suite_name(&self, suite: SslCipherSuite) -> Option<&'static str> {
        ciphers::standard_name(self.session.ssl(), suite)
    }

    /// `SSLGetNegotiatedCipher`: `errSecBadReq` unless a session is active; as on Apple,
    /// `SSL_NULL_WITH_NULL_NULL` (0) while the peer has not agreed a suite yet.
    pub fn negotiated_cipher(&self) -> Result<SslCipherSuite> {
        if !self.is_active() {
            return Err(Error::from_code(errSecBadReq));
        }
        Ok(readers::negotiated_cipher(self.session.ssl()))
    }

    /// `SSLSetSessionConfig`: one of the `kSSLSessionConfig_*` names; sets the protocol
    /// range and the enabled suites as Apple's configuration of that name does (TLS 1.3 is
    /// in none of them). `errSecParam` for another name.
    pub fn set_session_config(&mut self, name: &[u8]) -> Result<()> {
        let preset = session_config::preset(name).ok_or(Error::from_code(errSecParam))?;
        self.session.configurable()?;
        let ssl = self.session.ssl();
        let suites: Vec<SslCipherSuite> = ciphers::supported(ssl)
            .iter()
            .copied()
            .filter(|&suite| ciphers::standard_name(ssl, suite).is_some_and(|n| preset.allows(n)))
            .collect();
        self.set_enabled_ciphers(&suites)?;
        self.set_protocol_version_max(preset.max)?;
        self.set_protocol_version_min(preset.min)
    }

    // Our certificate.

    /// `SSLSetCertificate`: the identity and the rest of its chain. Allowed in any state, as
    /// on Apple (a break for a certificate request or a ClientHello needs it).
    pub fn set_certificate(
        &mut self,
        identity: Option<SecIdentity>,
        chain: Vec<SecCertificate>,
    ) -> Result<()> {
        let before_handshake = !self.started();
        let (ssl, shared) = self.session.parts();
        apply::certificate(
            ssl,
            &shared.settings,
            identity.as_ref(),
            &chain,
            before_handshake,
        )?;
        shared.settings.set_identity(identity, chain);
        Ok(())
    }

    /// The identity and chain given to `set_certificate`.
    pub fn certificate(&self) -> Option<(&SecIdentity, &[SecCertificate])> {
        let settings = self.settings();
        settings.identity().map(|id| (id, settings.chain()))
    }

    // The peer and its certificates.

    /// `SSLSetPeerDomainName` (client): the name sent as SNI and checked against the
    /// server's certificate. `None` or empty clears it.
    pub fn set_peer_domain_name(&mut self, name: Option<&[u8]>) -> Result<()> {
        self.session.configurable()?.set_peer_domain(name);
        Ok(())
    }

    /// `SSLGetPeerDomainName`, as given.
    pub fn peer_domain_name(&self) -> Option<&[u8]> {
        self.settings().peer_domain()
    }

    /// `SSLSetClientSideAuthenticate` (server): whether to ask for a client certificate.
    pub fn set_client_side_authenticate(&mut self, auth: SslAuthenticate) -> Result<()> {
        self.session.configurable()?.set_client_auth(auth)
    }

    /// `SSLGetClientSideAuthenticate`.
    pub fn client_side_authenticate(&self) -> SslAuthenticate {
        self.settings().client_auth()
    }

    /// `SSLGetClientCertificateState`.
    pub fn client_certificate_state(&self) -> SslClientCertificateState {
        let shared = self.session.shared();
        readers::client_certificate_state(&shared.events, &shared.settings, self.started())
    }

    /// `SSLSetCertificateAuthorities` (server): CAs named in the certificate request.
    pub fn set_certificate_authorities(
        &mut self,
        certs: &[SecCertificate],
        replace: bool,
    ) -> Result<()> {
        // Apple's code for an active session here is errSecParam, as for a client context.
        if self.is_active() {
            return Err(Error::from_code(errSecParam));
        }
        self.session
            .settings_mut()
            .set_certificate_authorities(certs, replace)
    }

    /// `SSLCopyCertificateAuthorities`.
    pub fn certificate_authorities(&self) -> &[SecCertificate] {
        self.settings().certificate_authorities()
    }

    /// `SSLAddDistinguishedName` (server): one more DER name for the certificate request.
    /// `errSecParam` if it does not decode (OpenSSL parses it).
    pub fn add_distinguished_name(&mut self, der: &[u8]) -> Result<()> {
        let settings = self.session.configurable()?;
        X509Name::from_der(der).map_err(|_| Error::from_code(errSecParam))?;
        settings.add_distinguished_name(der);
        Ok(())
    }

    /// `SSLCopyDistinguishedNames`: on a server the names it will send, on a client those
    /// the server's certificate request carried.
    pub fn distinguished_names(&self) -> Vec<Vec<u8>> {
        if !self.settings().is_server() {
            return readers::requested_names(self.session.ssl());
        }
        apply::requested_names(self.settings())
            .iter()
            .filter_map(|n| n.to_der().ok())
            .collect()
    }

    /// `SSLSetEnableCertVerify` (deprecated): whether the peer's chain is checked.
    pub fn set_enable_cert_verify(&mut self, enable: bool) -> Result<()> {
        self.session.configurable()?.set_enable_cert_verify(enable);
        Ok(())
    }

    /// `SSLGetEnableCertVerify`.
    pub fn enable_cert_verify(&self) -> bool {
        self.settings().enable_cert_verify()
    }

    /// `SSLSetAllowsExpiredCerts`, `SSLSetAllowsExpiredRoots`, `SSLSetAllowsAnyRoot`
    /// (deprecated): failures the chain check overlooks.
    /// `any_state`: Apple checks the session state for some of these and not for others.
    pub fn set_tolerance(
        &mut self,
        any_state: bool,
        change: impl FnOnce(&mut Tolerance),
    ) -> Result<()> {
        let settings = if any_state {
            self.session.settings_mut()
        } else {
            self.session.configurable()?
        };
        change(settings.tolerance_mut());
        Ok(())
    }

    /// `SSLGetAllowsExpiredCerts`: `.expired_certs`; likewise for roots and any root.
    pub fn tolerance(&self) -> Tolerance {
        self.settings().tolerance()
    }

    /// `SSLSetTrustedRoots` (deprecated): roots for judging the peer. With `replace` they
    /// replace the earlier ones and the system's, from then on; otherwise they are added.
    pub fn set_trusted_roots(&mut self, roots: &[SecCertificate], replace: bool) -> Result<()> {
        self.session
            .configurable()?
            .set_trusted_roots(roots, replace);
        Ok(())
    }

    /// `SSLCopyTrustedRoots`.
    pub fn trusted_roots(&self) -> &[SecCertificate] {
        self.settings().trusted_roots()
    }

    /// `SSLCopyPeerCertificates`: the peer's chain, leaf first.
    pub fn peer_certificates(&self) -> Vec<SecCertificate> {
        readers::peer_certificates(self.session.ssl(), self.settings().is_server())
    }

    /// `SSLCopyPeerTrust`: `None` (not an error, as on Apple) until the peer's certificates
    /// arrived. The trust the handshake made for them, already evaluated unless the caller
    /// judges the peer; for a resumed session, a new one.
    pub fn peer_trust(&self) -> Result<Option<SecTrust>> {
        if let Some(trust) = self.session.shared().peer_trust() {
            return Ok(Some(trust));
        }
        let chain = self.peer_certificates();
        if chain.is_empty() {
            return Ok(None);
        }
        Ok(self.settings().peer_trust(&chain))
    }

    // Resumption.

    /// `SSLSetPeerID`: the key under which a session may be resumed.
    pub fn set_peer_id(&mut self, peer_id: &[u8]) -> Result<()> {
        let peer_id = Settings::peer_id_value(peer_id)?;
        self.session.configurable()?.set_peer_id(peer_id);
        Ok(())
    }

    /// `SSLGetPeerID`.
    pub fn peer_id(&self) -> Option<&[u8]> {
        self.settings().peer_id()
    }

    /// Whether the handshake resumed an earlier session (`SSLGetResumableSessionInfo`).
    pub fn session_resumed(&self) -> bool {
        self.session.ssl().session_reused()
    }

    /// The session's ID (empty before a handshake; TLS 1.3 sessions have one of OpenSSL's
    /// making).
    pub fn session_id(&self) -> Vec<u8> {
        self.session
            .ssl()
            .session()
            .map(|s| s.id().to_vec())
            .unwrap_or_default()
    }

    // Extensions and server parameters.

    /// `SSLSetALPNProtocols`: a client's offer, or the protocols a server accepts, in
    /// preference order. As on Apple, the list must not be empty, no name may exceed 32
    /// bytes and the encoded list 255 (`errSecParam`).
    pub fn set_alpn_protocols(&mut self, protocols: &[&[u8]]) -> Result<()> {
        self.session.settings_mut().set_alpn(protocols)
    }

    /// `SSLCopyALPNProtocols`: what the peer sent, as on Apple — on a client the protocol
    /// the server selected, on a server the client's whole offer. `errSecParam` when the
    /// peer sent none.
    pub fn alpn_protocols(&self) -> Result<Vec<Vec<u8>>> {
        let shared = self.session.shared();
        readers::alpn_protocols(self.session.ssl(), &shared.settings, &shared.events)
    }

    /// `SSLCopyRequestedPeerName`: on a server, the host name the client asked for, from
    /// its ClientHello on (so at `errSSLClientHelloReceived`, to pick a certificate).
    /// `errSecParam` when it sent none.
    pub fn requested_peer_name(&self) -> Result<&[u8]> {
        self.session
            .shared()
            .events
            .requested_name
            .as_deref()
            .ok_or(Error::from_code(errSecParam))
    }

    /// `SSLSetDiffieHellmanParams`: DER PKCS#3 parameters for a server's DHE suites;
    /// empty clears them (the server then picks a group matching its key, as OpenSSL's
    /// automatic choice does). `errSecParam` if they do not decode (OpenSSL parses them).
    pub fn set_diffie_hellman_params(&mut self, der: &[u8]) -> Result<()> {
        let settings = self.session.configurable()?;
        if !der.is_empty() && Dh::params_from_der(der).is_err() {
            log::warn!("SSLSetDiffieHellmanParams: not DER PKCS#3 DH parameters");
            return Err(Error::from_code(errSecParam));
        }
        settings.set_dh_params(der);
        Ok(())
    }

    /// `SSLGetDiffieHellmanParams`: the DER given, if any.
    pub fn diffie_hellman_params(&self) -> Option<&[u8]> {
        self.settings().dh_params()
    }

    /// `SSLSetOCSPResponse`: a DER OCSP response a server staples for clients that ask
    /// (as Apple's clients do by default). `errSecParam` if empty.
    pub fn set_ocsp_response(&mut self, der: &[u8]) -> Result<()> {
        self.session.settings_mut().set_ocsp_response(der)
    }

    /// The OCSP response the server stapled, on a client after the server's certificate.
    pub fn peer_ocsp_response(&self) -> Option<&[u8]> {
        self.session.ssl().ocsp_status()
    }

    // SecureTransportPriv.h.

    /// `SSLSetDHEEnabled`: enables the default suites, with DHE ones or without, as Apple's
    /// does (replacing any list `SSLSetEnabledCiphers` set). Apple's servers start with DHE,
    /// its clients without.
    pub fn set_dhe_enabled(&mut self, enabled: bool) -> Result<()> {
        let (ssl, shared) = self.session.parts();
        ciphers::set_defaults(ssl, enabled).map_err(|_| Error::from_code(errSSLInternal))?;
        shared.settings.set_dhe_enabled(enabled);
        note_suite_traits(ssl, &mut shared.settings);
        Ok(())
    }

    /// `SSLGetDHEEnabled`.
    pub fn dhe_enabled(&self) -> bool {
        self.settings().dhe_enabled()
    }

    /// `SSLSetMinimumDHGroupSize` (client): the smallest DH group accepted from a server,
    /// kept within 512–2048 bits as coreTLS keeps it (default 1024); a smaller group fails
    /// the handshake. OpenSSL's security level keeps its own floor (2048 bits at level 2),
    /// which a smaller minimum cannot lower.
    pub fn set_minimum_dh_group_size(&mut self, bits: u32) -> Result<()> {
        self.session.settings_mut().set_min_dh_group(bits);
        Ok(())
    }

    /// `SSLGetMinimumDHGroupSize`.
    pub fn minimum_dh_group_size(&self) -> u32 {
        self.settings().min_dh_group()
    }

    /// `SSLSetPSKSharedSecret`: the pre-shared key for the PSK suites (enable them with
    /// `set_enabled_ciphers`); empty clears it.
    pub fn set_psk_shared_secret(&mut self, secret: &[u8]) -> Result<()> {
        self.session.settings_mut().set_psk_secret(secret);
        Ok(())
    }

    /// `SSLSetPSKIdentity`: a client's identity, or the one a server accepts (any without
    /// one). `errSecParam` if empty.
    pub fn set_psk_identity(&mut self, identity: &[u8]) -> Result<()> {
        self.session.settings_mut().set_psk_identity(identity)
    }

    /// `SSLGetPSKIdentity`.
    pub fn psk_identity(&self) -> Option<&[u8]> {
        self.settings().psk_identity()
    }

    /// `SSLSetSessionCacheTimeout`: how long a client keeps the session it makes under its
    /// peer ID (Apple's default: 600 s). Any state, as on Apple.
    pub fn set_session_cache_timeout(&mut self, seconds: u32) -> Result<()> {
        self.session
            .settings_mut()
            .set_session_cache_timeout(seconds);
        Ok(())
    }

    /// `SSLSetTrustedLeafCertificates`: peer leaves accepted as they are when the chain
    /// check would fail. Refused while a session is active (`errSecBadReq`).
    pub fn set_trusted_leaf_certificates(&mut self, leaves: Vec<SecCertificate>) -> Result<()> {
        self.session.configurable()?.set_trusted_leaves(leaves);
        Ok(())
    }

    /// `SSLCopyTrustedLeafCertificates`: `None` until set.
    pub fn trusted_leaf_certificates(&self) -> Option<&[SecCertificate]> {
        self.settings().trusted_leaves()
    }

    // Datagrams.

    /// `SSLSetDatagramHelloCookie` (server): the cookie a client must echo before the
    /// server answers its hello (a HelloVerifyRequest carries it). At most 32 bytes.
    pub fn set_datagram_hello_cookie(&mut self, cookie: &[u8]) -> Result<()> {
        let cookie = self.settings().hello_cookie_value(cookie)?;
        self.session.configurable()?.set_hello_cookie(cookie);
        Ok(())
    }

    /// `SSLSetMaxDatagramRecordSize`: the largest datagram the session sends, from now on.
    pub fn set_max_datagram_record_size(&mut self, size: usize) -> Result<()> {
        let (ssl, shared) = self.session.parts();
        shared.settings.set_mtu(size)?;
        datagram::set_mtu(ssl, size);
        Ok(())
    }

    /// `SSLGetMaxDatagramRecordSize`.
    pub fn max_datagram_record_size(&self) -> Result<usize> {
        self.settings().mtu()
    }

    /// `SSLGetDatagramWriteSize`: how much one `SSLWrite` can put in one datagram, by
    /// Apple's reckoning for the costliest suite (13-byte header, 16-byte blocks and IV,
    /// a padding byte, a 32-byte MAC). Larger writes are split over several datagrams.
    pub fn datagram_write_size(&self) -> Result<usize> {
        self.settings().datagram_write_size()
    }
}

/// Notes in the settings what the suites just enabled on `ssl` imply (security level 0, no
/// TLS 1.3 suite), once rather than at every handshake.
fn note_suite_traits(ssl: &SslRef, settings: &mut Settings) {
    let weak = ciphers::needs_level_zero(ssl);
    let no_tls13 = !ciphers::configured(ssl).into_iter().any(ciphers::is_tls13);
    settings.set_suite_traits(weak, no_tls13);
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("side", &self.protocol_side())
            .field("state", &self.session.state())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;
    use std::panic::{self, AssertUnwindSafe};

    use crate::engine::context::*;

    fn transport(ctx: &Context) -> &'static str {
        let io = &ctx.session.shared().io;
        match &io.transport {
            Transport::Unset => "unset",
            Transport::Callbacks { .. } => "callbacks",
            Transport::Stream(Some(_)) => "lent stream",
            Transport::Stream(None) => "no stream",
        }
    }

    unsafe extern "C" fn no_read(
        _: SslConnectionRef,
        _: *mut libc::c_void,
        _: *mut usize,
    ) -> OSStatus {
        errSecIO
    }

    unsafe extern "C" fn no_write(
        _: SslConnectionRef,
        _: *const libc::c_void,
        _: *mut usize,
    ) -> OSStatus {
        errSecIO
    }

    #[test]
    fn a_lent_stream_is_taken_back_when_the_call_returns_or_unwinds() {
        let mut ctx = Context::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM).unwrap();
        let mut stream = Cursor::new(Vec::new());
        assert_eq!(
            ctx.with_stream(&mut stream, |ctx| transport(ctx)),
            "lent stream"
        );
        assert_eq!(transport(&ctx), "no stream");
        let unwound = panic::catch_unwind(AssertUnwindSafe(|| {
            ctx.with_stream(&mut stream, |_| panic!("inside the call"))
        }));
        assert!(unwound.is_err());
        assert_eq!(transport(&ctx), "no stream", "taken back on unwind");
        // C callbacks given later replace the stream transport.
        ctx.set_io_funcs(no_read, no_write).unwrap();
        assert_eq!(transport(&ctx), "callbacks");
        // Between calls, I/O finds no stream and fails cleanly.
        let mut ctx = Context::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM).unwrap();
        ctx.with_stream(&mut stream, |_| ());
        assert_eq!(ctx.handshake(), Err(Error::from_code(errSecBadReq)));
        assert_eq!(ctx.session_state(), SessionState::ABORTED);
    }
}
