//! The context's configuration: Apple's setters and getters, checked the way Apple checks
//! them, and applied to the `SSL` when the handshake starts.

use bitflags::bitflags;
use foreign_types::ForeignTypeRef;
use openssl::ssl::{SslOptions, SslVerifyMode};
use openssl::stack::Stack;
use openssl::x509::X509Name;
use openssl_sys as sys;

use super::{ciphers, versions, Context, State};
use crate::base::{Error, Result};
use crate::certificate::SecCertificate;
use crate::ffi;
use crate::identity::SecIdentity;
use crate::policy::SecPolicy;
use crate::status::*;
use crate::trust::{SecTrust, Tolerance};
use crate::types::{
    SslAuthenticate, SslCipherSuite, SslClientCertificateState, SslConnectionType, SslProtocol,
    SslProtocolSide, SslSessionOption,
};

bitflags! {
    /// `SSLSessionOption`s, one bit per option value.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub(crate) struct Options: u16 {
        const BREAK_ON_SERVER_AUTH = 1 << 0;
        const BREAK_ON_CERT_REQUESTED = 1 << 1;
        const BREAK_ON_CLIENT_AUTH = 1 << 2;
        const FALSE_START = 1 << 3;
        const SEND_ONE_BYTE_RECORD = 1 << 4;
        const ALLOW_SERVER_IDENTITY_CHANGE = 1 << 5;
        const FALLBACK = 1 << 6;
        const BREAK_ON_CLIENT_HELLO = 1 << 7;
        const ALLOW_RENEGOTIATION = 1 << 8;
        const ENABLE_SESSION_TICKETS = 1 << 9;
    }
}

impl Options {
    fn of(option: SslSessionOption) -> Option<Options> {
        u32::try_from(option.to_raw())
            .ok()
            .and_then(|bit| 1u16.checked_shl(bit))
            .and_then(Options::from_bits)
    }
}

/// Everything the caller configured.
pub(crate) struct Config {
    pub side: SslProtocolSide,
    pub kind: SslConnectionType,
    pub min: SslProtocol,
    pub max: SslProtocol,
    pub options: Options,
    pub peer_domain: Option<Vec<u8>>,
    pub identity: Option<SecIdentity>,
    pub chain: Vec<SecCertificate>,
    pub client_auth: SslAuthenticate,
    pub enable_cert_verify: bool,
    pub tolerance: Tolerance,
    pub trusted_roots: Vec<SecCertificate>,
    /// The trusted roots replace the system's instead of joining them.
    pub trusted_roots_only: bool,
    pub certificate_authorities: Vec<SecCertificate>,
    pub distinguished_names: Vec<Vec<u8>>,
    pub peer_id: Option<Vec<u8>>,
    /// ALPN protocol names, in preference order.
    pub alpn: Vec<Vec<u8>>,
    /// What the enabled suites imply, worked out when they are set rather than at every
    /// handshake: one needs OpenSSL's security level 0 (the shared default list has none),
    /// and none is a TLS 1.3 suite (the default list has them).
    pub weak_suites: bool,
    pub no_tls13_suites: bool,
    /// DER PKCS#3 parameters for a server's DHE suites.
    pub dh_params: Option<Vec<u8>>,
    /// A DER OCSP response a server staples.
    pub ocsp_response: Option<Vec<u8>>,
    /// Datagram contexts: the largest datagram, and a server's hello cookie.
    pub mtu: usize,
    pub cookie: Option<Vec<u8>>,
}

impl Config {
    /// Apple's defaults, except that TLS 1.0 and 1.1 are off until enabled (the linked
    /// OpenSSL refuses them at its default security level, and RFC 8996 retired them).
    pub fn new(side: SslProtocolSide, kind: SslConnectionType) -> Config {
        Config {
            side,
            kind,
            min: versions::secure_floor(kind),
            max: versions::newest(kind),
            // Apple splits CBC records (1/n-1) by default.
            options: Options::SEND_ONE_BYTE_RECORD,
            peer_domain: None,
            identity: None,
            chain: Vec::new(),
            client_auth: SslAuthenticate::NEVER,
            enable_cert_verify: true,
            tolerance: Tolerance::default(),
            trusted_roots: Vec::new(),
            trusted_roots_only: false,
            certificate_authorities: Vec::new(),
            distinguished_names: Vec::new(),
            peer_id: None,
            alpn: Vec::new(),
            weak_suites: false,
            no_tls13_suites: false,
            dh_params: None,
            ocsp_response: None,
            mtu: super::datagram::DEFAULT_MTU,
            cookie: None,
        }
    }

    /// The peer domain name as a host name: Apple callers often count a trailing NUL.
    fn host_name(&self) -> Option<String> {
        let name = self.peer_domain.as_deref()?;
        let end = name.iter().position(|&b| b == 0).unwrap_or(name.len());
        let host = String::from_utf8_lossy(&name[..end]).into_owned();
        (!host.is_empty()).then_some(host)
    }

    /// A trust object for the peer's chain, with the policy and anchors the handshake uses.
    pub fn peer_trust(&self, chain: Vec<SecCertificate>) -> Option<SecTrust> {
        let client = self.side == SslProtocolSide::CLIENT;
        let evaluated_side = if client {
            SslProtocolSide::SERVER
        } else {
            SslProtocolSide::CLIENT
        };
        let host = if client { self.host_name() } else { None };
        let policy = SecPolicy::create_ssl(evaluated_side, host.as_deref());
        let mut trust = SecTrust::create_with_certificates(&chain, &[policy]).ok()?;
        if !self.trusted_roots.is_empty() || self.trusted_roots_only {
            trust.set_anchor_certificates(&self.trusted_roots).ok()?;
            trust
                .set_trust_anchor_certificates_only(self.trusted_roots_only)
                .ok()?;
        }
        trust.tolerance = self.tolerance;
        Some(trust)
    }
}

impl Context {
    pub(super) fn config(&self) -> &Config {
        &self.shared().config
    }

    pub(super) fn config_mut(&mut self) -> &mut Config {
        &mut self.shared_mut().config
    }

    /// Apple refuses configuration changes while a session is active.
    pub(super) fn configurable(&self) -> Result<()> {
        if self.is_active() {
            Err(Error::from_code(errSecBadReq))
        } else {
            Ok(())
        }
    }

    /// The side given at creation.
    pub fn protocol_side(&self) -> SslProtocolSide {
        self.config().side
    }

    /// The connection type given at creation.
    pub fn connection_type(&self) -> SslConnectionType {
        self.config().kind
    }

    /// `SSLSetSessionOption`.
    pub fn set_session_option(&mut self, option: SslSessionOption, value: bool) -> Result<()> {
        let bit = Options::of(option).ok_or(Error::from_code(errSecParam))?;
        self.configurable()?;
        if bit == Options::BREAK_ON_SERVER_AUTH || bit == Options::BREAK_ON_CLIENT_AUTH {
            // As on Apple: whoever breaks for the peer's certificate judges it.
            self.config_mut().enable_cert_verify = !value;
        }
        if bit == Options::FALSE_START && value {
            log::info!("false start requested: OpenSSL does not implement it; the option is kept but has no effect");
        }
        self.config_mut().options.set(bit, value);
        Ok(())
    }

    /// `SSLGetSessionOption`.
    pub fn session_option(&self, option: SslSessionOption) -> Result<bool> {
        let bit = Options::of(option).ok_or(Error::from_code(errSecParam))?;
        Ok(self.config().options.contains(bit))
    }

    /// `SSLSetPeerDomainName` (client): the name sent as SNI and checked against the
    /// server's certificate. `None` or empty clears it.
    pub fn set_peer_domain_name(&mut self, name: Option<&[u8]>) -> Result<()> {
        self.configurable()?;
        if self.config().side == SslProtocolSide::SERVER {
            // Apple accepts and ignores it on a server.
            return Ok(());
        }
        self.config_mut().peer_domain = name.filter(|n| !n.is_empty()).map(<[u8]>::to_vec);
        Ok(())
    }

    /// `SSLGetPeerDomainName`, as given.
    pub fn peer_domain_name(&self) -> Option<&[u8]> {
        self.config().peer_domain.as_deref()
    }

    /// Where `protocol` ranks among this context's versions; `invalid` if it is not one of
    /// them (or is SSL 3.0 and OpenSSL lacks it).
    fn version_rank(&self, protocol: SslProtocol, invalid: OSStatus) -> Result<usize> {
        let kind = self.config().kind;
        if protocol == SslProtocol::SSL3 && !versions::SSL3_AVAILABLE {
            log::warn!("SSL 3.0 requested, but the linked OpenSSL was built without it");
            return Err(Error::from_code(invalid));
        }
        versions::rank(kind, protocol).ok_or(Error::from_code(invalid))
    }

    /// `SSLSetProtocolVersionMin`; raises the maximum if it falls below. As on Apple, an
    /// unknown version is `errSSLIllegalParam`.
    pub fn set_protocol_version_min(&mut self, min: SslProtocol) -> Result<()> {
        let rank = self.version_rank(min, errSSLIllegalParam)?;
        let config = self.config_mut();
        config.min = min;
        if versions::rank(config.kind, config.max).is_some_and(|max| max < rank) {
            config.max = min;
        }
        Ok(())
    }

    /// `SSLGetProtocolVersionMin`.
    pub fn protocol_version_min(&self) -> SslProtocol {
        self.config().min
    }

    /// `SSLSetProtocolVersionMax` (`kTLSProtocolMaxSupported` means the newest); lowers the
    /// minimum if it rises above.
    pub fn set_protocol_version_max(&mut self, max: SslProtocol) -> Result<()> {
        let kind = self.config().kind;
        let max = if max == SslProtocol::MAX_SUPPORTED {
            versions::newest(kind)
        } else {
            max
        };
        let rank = self.version_rank(max, errSSLIllegalParam)?;
        let config = self.config_mut();
        config.max = max;
        if versions::rank(kind, config.min).is_some_and(|min| min > rank) {
            config.min = max;
        }
        Ok(())
    }

    /// `SSLGetProtocolVersionMax`.
    pub fn protocol_version_max(&self) -> SslProtocol {
        self.config().max
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
        self.configurable()?;
        self.stream_only()?;
        let kind = self.config().kind;
        let supported = versions::supported(kind);
        let (oldest, newest) = (supported[0], supported[supported.len() - 1]);
        if protocol == SslProtocol::ALL {
            if !enable {
                return Err(Error::from_code(errSecParam));
            }
            let config = self.config_mut();
            config.min = oldest;
            config.max = newest;
            return Ok(());
        }
        let rank = self.version_rank(protocol, errSecParam)?;
        let newest = versions::rank(kind, newest).unwrap_or(rank);
        let (min, max) = self.enabled_ranks();
        let (min, max) = match (enable, rank == newest) {
            (true, _) => (min.min(rank), max.max(rank)),
            (false, true) => (min, max.min(rank - 1)),
            (false, false) => (min.max(rank + 1), max),
        };
        if min > max {
            return Err(Error::from_code(errSecParam));
        }
        let config = self.config_mut();
        config.min = versions::at_rank(kind, min);
        config.max = versions::at_rank(kind, max);
        Ok(())
    }

    /// The deprecated version calls predate DTLS: Apple refuses them on datagram contexts.
    fn stream_only(&self) -> Result<()> {
        if self.config().kind == SslConnectionType::DATAGRAM {
            return Err(Error::from_code(errSecBadReq));
        }
        Ok(())
    }

    fn enabled_ranks(&self) -> (usize, usize) {
        let config = self.config();
        let rank = |p| versions::rank(config.kind, p).unwrap_or(0);
        (rank(config.min), rank(config.max))
    }

    /// `SSLGetProtocolVersionEnabled`.
    pub fn protocol_version_enabled(&self, protocol: SslProtocol) -> Result<bool> {
        self.stream_only()?;
        let kind = self.config().kind;
        if protocol == SslProtocol::ALL {
            let supported = versions::supported(kind);
            return Ok(self.config().min == supported[0]
                && self.config().max == supported[supported.len() - 1]);
        }
        let rank = versions::rank(kind, protocol).ok_or(Error::from_code(errSecParam))?;
        let (min, max) = self.enabled_ranks();
        Ok(min <= rank && rank <= max)
    }

    /// `SSLSetProtocolVersion` (deprecated): "this version at most" — every supported
    /// version up to it — except `kSSLProtocol3Only`/`kTLSProtocol1Only` (that one only) and
    /// `kSSLProtocolAll`/`kSSLProtocolUnknown` (all).
    pub fn set_protocol_version(&mut self, protocol: SslProtocol) -> Result<()> {
        self.configurable()?;
        self.stream_only()?;
        let kind = self.config().kind;
        let supported = versions::supported(kind);
        let (oldest, newest) = (supported[0], supported[supported.len() - 1]);
        let (min, max) = match protocol {
            SslProtocol::SSL3_ONLY => (SslProtocol::SSL3, SslProtocol::SSL3),
            SslProtocol::TLS1_ONLY => (SslProtocol::TLS1, SslProtocol::TLS1),
            SslProtocol::ALL | SslProtocol::UNKNOWN => (oldest, newest),
            version => (oldest, version),
        };
        self.version_rank(min, errSecParam)?;
        self.version_rank(max, errSecParam)?;
        let config = self.config_mut();
        config.min = min;
        config.max = max;
        Ok(())
    }

    /// `SSLGetProtocolVersion` (deprecated): the selector `set_protocol_version` would take
    /// for the current range; `errSecParam` for ranges none describes.
    pub fn protocol_version(&self) -> Result<SslProtocol> {
        let config = self.config();
        let supported = versions::supported(config.kind);
        let (oldest, newest) = (supported[0], supported[supported.len() - 1]);
        match (config.min, config.max) {
            (min, max) if min == oldest && max == newest => Ok(SslProtocol::ALL),
            (SslProtocol::SSL3, SslProtocol::SSL3) => Ok(SslProtocol::SSL3_ONLY),
            (SslProtocol::TLS1, SslProtocol::TLS1) if oldest != SslProtocol::TLS1 => {
                Ok(SslProtocol::TLS1_ONLY)
            }
            (min, max) if min == oldest => Ok(max),
            _ => Err(Error::from_code(errSecParam)),
        }
    }

    /// `SSLGetNegotiatedProtocolVersion`: `kSSLProtocolUnknown` until the peer agreed one.
    pub fn negotiated_protocol_version(&self) -> SslProtocol {
        if self.state == State::Idle || !self.hellos_exchanged() {
            return SslProtocol::UNKNOWN;
        }
        // SAFETY: a live SSL.
        versions::from_wire(unsafe { sys::SSL_version(self.ssl_ptr()) })
    }

    /// Whether the version and suite are agreed: OpenSSL is past the peer's hello (a client
    /// past the ServerHello, a server past processing the ClientHello). Before that
    /// `SSL_version` is only our own highest version.
    fn hellos_exchanged(&self) -> bool {
        // SAFETY: a live SSL.
        let state = unsafe { ffi::SSL_get_state(self.ssl_ptr()) };
        !ffi::states_before_peer_hello().contains(&state)
    }

    /// `SSLSetCertificate`: the identity and the rest of its chain. Allowed in any state, as
    /// on Apple (a break for a certificate request or a ClientHello needs it).
    pub fn set_certificate(
        &mut self,
        identity: Option<SecIdentity>,
        chain: Vec<SecCertificate>,
    ) -> Result<()> {
        let failed = |_| Error::from_code(errSSLBadConfiguration);
        // No chain stays no chain (not an empty one), which lets OpenSSL complete it from
        // its store.
        let mut extra = None;
        if !chain.is_empty() {
            let stack = extra.insert(Stack::new().map_err(failed)?);
            for cert in &chain {
                stack.push(cert.x509().to_owned()).map_err(failed)?;
            }
        }
        let extra = extra.as_ref().map_or(std::ptr::null_mut(), |s| s.as_ptr());
        let switched =
            self.state == State::Idle && self.use_identity_ssl_ctx(identity.as_ref(), extra)?;
        if !switched {
            // SAFETY: a live SSL and live objects, which OpenSSL up-refs as it keeps them;
            // clearing drops the SSL's certificate, key and chain.
            let ok = unsafe {
                ffi::SSL_certs_clear(self.ssl_ptr());
                identity.as_ref().map_or(1, |identity| {
                    ffi::SSL_use_cert_and_key(
                        self.ssl_ptr(),
                        identity.certificate_x509().as_ptr(),
                        identity.private_key().as_ptr(),
                        extra,
                        1,
                    )
                })
            };
            if ok != 1 {
                openssl::error::ErrorStack::get();
                return Err(Error::from_code(errSSLBadConfiguration));
            }
        }
        let config = self.config_mut();
        config.identity = identity;
        config.chain = chain;
        Ok(())
    }

    /// Before the handshake the SSL switches to the identity's own `SSL_CTX` if it has one
    /// (to the shared one without an identity), which carries certificate and key
    /// ready-made: setting them on the SSL runs OpenSSL's key checks on every connection.
    /// `chain` (a stack or null) is the SSL's own. Mid-handshake (at a break) the SSL keeps
    /// the settings made at its start, some of which a switch would undo: the caller sets the
    /// identity on the SSL itself then, as when this returns `false`.
    fn use_identity_ssl_ctx(
        &mut self,
        identity: Option<&SecIdentity>,
        chain: *mut sys::stack_st_X509,
    ) -> Result<bool> {
        /// From ssl.h: `SSL_set1_chain` is this control with 1.
        const SSL_CTRL_CHAIN: libc::c_int = 88;
        let (side, kind) = (self.config().side, self.config().kind);
        let ctx = match identity {
            Some(identity) => match super::identity_ssl_ctx(side, kind, identity) {
                Some(ctx) => ctx,
                None => return Ok(false),
            },
            None => super::shared_ssl_ctx(side, kind)?,
        };
        self.ssl
            .set_ssl_context(ctx)
            .map_err(|_| Error::from_code(errSSLBadConfiguration))?;
        // SAFETY: a live SSL; OpenSSL up-refs the stack's certificates (null clears).
        let ok = unsafe { sys::SSL_ctrl(self.ssl_ptr(), SSL_CTRL_CHAIN, 1, chain.cast()) };
        if ok == 1 {
            Ok(true)
        } else {
            openssl::error::ErrorStack::get();
            Err(Error::from_code(errSSLBadConfiguration))
        }
    }

    /// The identity and chain given to `set_certificate`.
    pub fn certificate(&self) -> Option<(&SecIdentity, &[SecCertificate])> {
        let config = self.config();
        config
            .identity
            .as_ref()
            .map(|id| (id, config.chain.as_slice()))
    }

    /// `SSLGetSupportedCiphers`.
    pub fn supported_ciphers(&self) -> Vec<SslCipherSuite> {
        ciphers::supported(&self.ssl).to_vec()
    }

    /// `SSLGetEnabledCiphers`.
    pub fn enabled_ciphers(&self) -> Vec<SslCipherSuite> {
        ciphers::configured(&self.ssl)
    }

    /// `SSLSetEnabledCiphers`: `errSSLBadCipherSuite` if none of them can be used.
    pub fn set_enabled_ciphers(&mut self, suites: &[SslCipherSuite]) -> Result<()> {
        self.configurable()?;
        let supported = ciphers::supported(&self.ssl);
        let usable: Vec<_> = suites
            .iter()
            .copied()
            .filter(|s| supported.contains(s))
            .collect();
        if usable.is_empty() {
            return Err(Error::from_code(errSSLBadCipherSuite));
        }
        ciphers::set(&mut self.ssl, &usable);
        let weak = ciphers::needs_level_zero(&self.ssl);
        let no_tls13 = !ciphers::configured(&self.ssl)
            .into_iter()
            .any(ciphers::is_tls13);
        let config = self.config_mut();
        config.weak_suites = weak;
        config.no_tls13_suites = no_tls13;
        Ok(())
    }

    /// The IANA name of a cipher suite the linked OpenSSL knows, for display.
    pub fn cipher_suite_name(&self, suite: SslCipherSuite) -> Option<&'static str> {
        ciphers::standard_name(&self.ssl, suite)
    }

    /// `SSLGetNegotiatedCipher`: `errSecBadReq` unless a session is active; as on Apple,
    /// `SSL_NULL_WITH_NULL_NULL` (0) while the peer has not agreed a suite yet.
    pub fn negotiated_cipher(&self) -> Result<SslCipherSuite> {
        if !self.is_active() {
            return Err(Error::from_code(errSecBadReq));
        }
        match self.ssl.current_cipher() {
            Some(cipher) if self.hellos_exchanged() => Ok(u16::from_be_bytes(cipher.protocol_id())),
            _ => Ok(0),
        }
    }

    /// `SSLSetClientSideAuthenticate` (server): whether to ask for a client certificate.
    pub fn set_client_side_authenticate(&mut self, auth: SslAuthenticate) -> Result<()> {
        self.configurable()?;
        if ![
            SslAuthenticate::NEVER,
            SslAuthenticate::ALWAYS,
            SslAuthenticate::TRY,
        ]
        .contains(&auth)
        {
            return Err(Error::from_code(errSecParam));
        }
        self.config_mut().client_auth = auth;
        Ok(())
    }

    /// `SSLGetClientSideAuthenticate`.
    pub fn client_side_authenticate(&self) -> SslAuthenticate {
        self.config().client_auth
    }

    /// `SSLGetClientCertificateState`.
    pub fn client_certificate_state(&self) -> SslClientCertificateState {
        let state = self.shared().events.client_cert_state;
        let server_asked = self.config().side == SslProtocolSide::SERVER
            && self.config().client_auth != SslAuthenticate::NEVER
            && self.state != State::Idle;
        if server_asked && state == SslClientCertificateState::NONE {
            SslClientCertificateState::REQUESTED
        } else {
            state
        }
    }

    /// `SSLSetCertificateAuthorities` (server): CAs named in the certificate request.
    pub fn set_certificate_authorities(
        &mut self,
        certs: &[SecCertificate],
        replace: bool,
    ) -> Result<()> {
        // Apple's code for a client context or an active session here is errSecParam.
        if self.is_active() || self.config().side != SslProtocolSide::SERVER {
            return Err(Error::from_code(errSecParam));
        }
        let list = &mut self.config_mut().certificate_authorities;
        if replace {
            list.clear();
        }
        list.extend_from_slice(certs);
        Ok(())
    }

    /// `SSLCopyCertificateAuthorities`.
    pub fn certificate_authorities(&self) -> &[SecCertificate] {
        &self.config().certificate_authorities
    }

    /// `SSLAddDistinguishedName` (server): one more DER name for the certificate request.
    pub fn add_distinguished_name(&mut self, der: &[u8]) -> Result<()> {
        self.configurable()?;
        X509Name::from_der(der).map_err(|_| Error::from_code(errSecParam))?;
        self.config_mut().distinguished_names.push(der.to_vec());
        Ok(())
    }

    /// `SSLCopyDistinguishedNames`: on a server the names it will send, on a client those
    /// the server's certificate request carried.
    pub fn distinguished_names(&self) -> Vec<Vec<u8>> {
        if self.config().side == SslProtocolSide::SERVER {
            return self
                .requested_names()
                .iter()
                .filter_map(|n| n.to_der().ok())
                .collect();
        }
        // SAFETY: the list is owned by the SSL and read at once.
        unsafe {
            let list = ffi::SSL_get_client_CA_list(self.ssl_ptr());
            ffi::stack_items::<_, sys::X509_NAME>(list)
                .into_iter()
                .filter_map(|name| openssl::x509::X509NameRef::from_ptr(name).to_der().ok())
                .collect()
        }
    }

    fn requested_names(&self) -> Vec<X509Name> {
        let config = self.config();
        let from_cas = config
            .certificate_authorities
            .iter()
            .filter_map(|c| c.x509().subject_name().to_owned().ok());
        let given = config
            .distinguished_names
            .iter()
            .filter_map(|d| X509Name::from_der(d).ok());
        from_cas.chain(given).collect()
    }

    /// `SSLSetEnableCertVerify` (deprecated): whether the peer's chain is checked.
    pub fn set_enable_cert_verify(&mut self, enable: bool) -> Result<()> {
        self.configurable()?;
        self.config_mut().enable_cert_verify = enable;
        Ok(())
    }

    /// `SSLGetEnableCertVerify`.
    pub fn enable_cert_verify(&self) -> bool {
        self.config().enable_cert_verify
    }

    /// `SSLSetAllowsExpiredCerts`, `SSLSetAllowsExpiredRoots`, `SSLSetAllowsAnyRoot`
    /// (deprecated): failures the chain check overlooks.
    /// `any_state`: Apple checks the session state for some of these and not for others.
    pub fn set_tolerance(
        &mut self,
        any_state: bool,
        change: impl FnOnce(&mut Tolerance),
    ) -> Result<()> {
        if !any_state {
            self.configurable()?;
        }
        change(&mut self.config_mut().tolerance);
        Ok(())
    }

    /// `SSLGetAllowsExpiredCerts`: `.expired_certs`; likewise for roots and any root.
    pub fn tolerance(&self) -> Tolerance {
        self.config().tolerance
    }

    /// `SSLSetTrustedRoots` (deprecated): roots for judging the peer. With `replace` they
    /// replace the earlier ones and the system's, from then on; otherwise they are added.
    pub fn set_trusted_roots(&mut self, roots: &[SecCertificate], replace: bool) -> Result<()> {
        self.configurable()?;
        let config = self.config_mut();
        if replace {
            config.trusted_roots.clear();
            config.trusted_roots_only = true;
        }
        config.trusted_roots.extend_from_slice(roots);
        Ok(())
    }

    /// `SSLCopyTrustedRoots`.
    pub fn trusted_roots(&self) -> &[SecCertificate] {
        &self.config().trusted_roots
    }

    /// `SSLCopyPeerCertificates`: the peer's chain, leaf first.
    pub fn peer_certificates(&self) -> Vec<SecCertificate> {
        let mut chain = Vec::new();
        if self.config().side == SslProtocolSide::SERVER {
            // A server's view of the chain leaves out the leaf.
            chain.extend(self.ssl.peer_certificate().map(SecCertificate::from_x509));
        }
        if let Some(rest) = self.ssl.peer_cert_chain() {
            chain.extend(rest.iter().map(|c| SecCertificate::from_x509(c.to_owned())));
        }
        chain
    }

    /// `SSLCopyPeerTrust`: `None` (not an error, as on Apple) until the peer's certificates
    /// arrived.
    pub fn peer_trust(&self) -> Result<Option<SecTrust>> {
        let chain = self.peer_certificates();
        if chain.is_empty() {
            return Ok(None);
        }
        Ok(self.config().peer_trust(chain))
    }

    /// `SSLSetPeerID`: the key under which a session may be resumed.
    pub fn set_peer_id(&mut self, peer_id: &[u8]) -> Result<()> {
        if peer_id.is_empty() {
            return Err(Error::from_code(errSecParam));
        }
        self.configurable()?;
        self.config_mut().peer_id = Some(peer_id.to_vec());
        Ok(())
    }

    /// `SSLGetPeerID`.
    pub fn peer_id(&self) -> Option<&[u8]> {
        self.config().peer_id.as_deref()
    }

    /// `SSLSetSessionTicketsEnabled`.
    pub fn set_session_tickets_enabled(&mut self, enabled: bool) -> Result<()> {
        self.set_session_option(SslSessionOption::ENABLE_SESSION_TICKETS, enabled)
    }

    /// The newest enabled version that an enabled suite can carry. Callers written before
    /// TLS 1.3 enable TLS 1.2 suites only, and on Apple get TLS 1.2; OpenSSL instead refuses
    /// to start when its newest version has no suite, so such a context stops at TLS 1.2.
    fn usable_max(&self) -> SslProtocol {
        let config = self.config();
        let tls13_only = config.min == SslProtocol::TLS13;
        if config.max != SslProtocol::TLS13 || tls13_only || !config.no_tls13_suites {
            return config.max;
        }
        log::info!("no TLS 1.3 suite enabled: the handshake stops at TLS 1.2");
        SslProtocol::TLS12
    }

    /// Carries the configuration over to the SSL and starts the handshake.
    pub(super) fn start(&mut self) -> Result<()> {
        if matches!(self.shared().io.transport, super::Transport::Unset) {
            log::warn!("SSLHandshake called before SSLSetIOFuncs");
            return Err(Error::from_code(errSecBadReq));
        }
        let config = self.config();
        let server = config.side == SslProtocolSide::SERVER;
        // With a break on the ClientHello the certificate may come at the break.
        let late_identity = config.options.contains(Options::BREAK_ON_CLIENT_HELLO);
        if server && config.identity.is_none() && !late_identity {
            log::warn!("a server context needs SSLSetCertificate before SSLHandshake");
            return Err(Error::from_code(errSSLBadConfiguration));
        }
        let legacy_versions = self.enabled_ranks().0
            < versions::rank(config.kind, versions::secure_floor(config.kind)).unwrap_or(0);
        let (min, max) = (
            versions::wire(config.min),
            versions::wire(self.usable_max()),
        );
        let options = config.options;
        let weak_suites = config.weak_suites;
        let client_auth = config.client_auth;
        let host = config.host_name();
        let names = self.requested_names();
        let bad_config = |_| Error::from_code(errSSLBadConfiguration);

        let ssl = &mut *self.ssl;
        ssl.set_min_proto_version(min).map_err(bad_config)?;
        ssl.set_max_proto_version(max).map_err(bad_config)?;
        if legacy_versions || weak_suites {
            // TLS 1.0/1.1 sign with SHA-1 and weak suites are what the caller asked for;
            // OpenSSL 3 refuses both above level 0. Only this context is lowered.
            ssl.set_security_level(0);
        }
        set_options(
            ssl,
            SslOptions::NO_TICKET,
            !options.contains(Options::ENABLE_SESSION_TICKETS),
        );
        let renegotiation = options.contains(Options::ALLOW_RENEGOTIATION);
        set_options(ssl, SslOptions::NO_RENEGOTIATION, !renegotiation);
        // OpenSSL 3 servers also refuse client-initiated renegotiation unless told otherwise.
        set_options(
            ssl,
            SslOptions::from_bits_retain(ffi::SSL_OP_ALLOW_CLIENT_RENEGOTIATION),
            renegotiation,
        );
        // Apple's 1/n-1 split against BEAST maps to OpenSSL's empty-fragment countermeasure.
        set_options(
            ssl,
            SslOptions::DONT_INSERT_EMPTY_FRAGMENTS,
            !options.contains(Options::SEND_ONE_BYTE_RECORD),
        );
        // SAFETY: a live SSL.
        unsafe {
            ffi::ssl_set_mode(
                ssl.as_ptr(),
                ffi::SSL_MODE_SEND_FALLBACK_SCSV,
                options.contains(Options::FALLBACK),
            );
        }
        if server {
            let mode = match client_auth {
                SslAuthenticate::ALWAYS => {
                    SslVerifyMode::PEER | SslVerifyMode::FAIL_IF_NO_PEER_CERT
                }
                SslAuthenticate::TRY => SslVerifyMode::PEER,
                _ => SslVerifyMode::NONE,
            };
            ssl.set_verify(mode);
            if !names.is_empty() {
                let mut stack = Stack::new().map_err(bad_config)?;
                for name in names {
                    stack.push(name).map_err(bad_config)?;
                }
                ssl.set_client_ca_list(stack);
            }
        } else {
            // Always "verify": the callback decides, and OpenSSL ignores its verdict otherwise.
            ssl.set_verify(SslVerifyMode::PEER);
            if let Some(host) = host.filter(|h| h.parse::<std::net::IpAddr>().is_err()) {
                ssl.set_hostname(&host).map_err(bad_config)?;
            }
        }
        self.apply_extensions()?;
        self.apply_datagram();
        self.prepare_resumption()?;
        self.shared_mut().events = super::Events::default();
        self.state = State::Handshake;
        Ok(())
    }
}

pub(super) fn set_options(ssl: &mut openssl::ssl::SslRef, options: SslOptions, on: bool) {
    // SAFETY: a live SSL.
    unsafe {
        if on {
            ffi::SSL_set_options(ssl.as_ptr(), options.bits());
        } else {
            ffi::SSL_clear_options(ssl.as_ptr(), options.bits());
        }
    }
}
