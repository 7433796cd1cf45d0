//! What the caller configured, as plain values kept to Apple's rules.
//!
//! Apple's setters check their values here, the way Apple checks them (option bits, ALPN
//! limits, datagram sizes, …; the protocol range of the version calls in `version_range`). Nothing here calls OpenSSL:
//! `apply` carries the values over to the `SSL` when the handshake starts. Whether the session
//! allows a change at all is the state machine's question (`Session::configurable`).

use bitflags::bitflags;

use super::version_range::VersionRange;
use crate::base::{Error, Result};
use crate::certificate::SecCertificate;
use crate::identity::SecIdentity;
use crate::policy::SecPolicy;
use crate::status::*;
use crate::trust::{SecTrust, Tolerance};
use crate::types::{
    SslAuthenticate, SslConnectionType, SslProtocol, SslProtocolSide, SslSessionOption,
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
    /// The bit of an `SSLSessionOption`; `None` for a value Apple does not define.
    pub(super) fn of(option: SslSessionOption) -> Option<Options> {
        u32::try_from(option.to_raw())
            .ok()
            .and_then(|bit| 1u16.checked_shl(bit))
            .and_then(Options::from_bits)
    }
}

/// Apple's limit on one ALPN protocol name.
const MAX_ALPN_NAME: usize = 32;
/// Apple's limit on the encoded ALPN list (a length byte before each name).
const MAX_ALPN_LIST: usize = 255;
/// Apple's default maximum datagram (`DEFAULT_DTLS_MTU`).
const DEFAULT_MTU: usize = 1400;
/// The smallest datagram OpenSSL's DTLS can work with (256 bytes less UDP/IP overhead);
/// Apple's own floor is 64.
const MIN_MTU: usize = 228;
/// Apple's longest hello cookie.
const MAX_COOKIE: usize = 32;
/// coreTLS's smallest DH group a client accepts by default, and the bounds it keeps any
/// setting within (`DEFAULT_MIN_DH_GROUP_SIZE`, `LOWEST_`/`HIGHEST_MIN_DH_GROUP_SIZE`).
const DEFAULT_MIN_DH_GROUP: u32 = 1024;
const MIN_DH_GROUP_BOUNDS: (u32, u32) = (512, 2048);
/// Apple's default session cache timeout, in seconds.
const DEFAULT_SESSION_CACHE_TIMEOUT: u32 = 600;

/// Everything the caller configured.
pub(crate) struct Settings {
    side: SslProtocolSide,
    /// With the connection type, which it needs too.
    versions: VersionRange,
    options: Options,
    peer_domain: Option<Box<[u8]>>,
    identity: Option<SecIdentity>,
    /// This and `trusted_roots` are boxed slices: set whole, kept by every idle session,
    /// so a word less each and no spare capacity.
    chain: Box<[SecCertificate]>,
    client_auth: SslAuthenticate,
    enable_cert_verify: bool,
    tolerance: Tolerance,
    trusted_roots: Box<[SecCertificate]>,
    /// The trusted roots replace the system's instead of joining them.
    trusted_roots_only: bool,
    /// What the enabled suites imply, worked out when they are set rather than at every
    /// handshake: one needs OpenSSL's security level 0 (the shared default list has none),
    /// and none is a TLS 1.3 suite (the default list has them).
    weak_suites: bool,
    no_tls13_suites: bool,
    /// Whether the default suites include DHE ones (`SSLSetDHEEnabled`).
    dhe_enabled: bool,
    /// What few contexts set, made by the first setter that needs it.
    rare: Option<Box<Rare>>,
}

/// The settings few contexts make, kept apart so that a context of the common kind carries
/// none of them (about 250 bytes of every idle session).
struct Rare {
    certificate_authorities: Vec<SecCertificate>,
    distinguished_names: Vec<Vec<u8>>,
    peer_id: Option<Vec<u8>>,
    /// ALPN protocol names, in preference order.
    alpn: Vec<Vec<u8>>,
    /// DER PKCS#3 parameters for a server's DHE suites.
    dh_params: Option<Vec<u8>>,
    /// A DER OCSP response a server staples.
    ocsp_response: Option<Vec<u8>>,
    /// Datagram contexts: the largest datagram, and a server's hello cookie.
    mtu: usize,
    cookie: Option<Vec<u8>>,
    /// The smallest DH group, in bits, a client accepts from a server.
    min_dh_group: u32,
    /// The pre-shared key and its identity (`SSLSetPSKSharedSecret`, `SSLSetPSKIdentity`).
    psk_secret: Option<Vec<u8>>,
    psk_identity: Option<Vec<u8>>,
    /// How long a session made by this context stays resumable, in seconds.
    session_cache_timeout: u32,
    /// Peer leaves trusted as they are when the chain check fails
    /// (`SSLSetTrustedLeafCertificates`).
    trusted_leaves: Option<Vec<SecCertificate>>,
}

/// The values of a context that never set any of [`Rare`].
static RARE_DEFAULTS: Rare = Rare::new();

impl Rare {
    const fn new() -> Rare {
        Rare {
            certificate_authorities: Vec::new(),
            distinguished_names: Vec::new(),
            peer_id: None,
            alpn: Vec::new(),
            dh_params: None,
            ocsp_response: None,
            mtu: DEFAULT_MTU,
            cookie: None,
            min_dh_group: DEFAULT_MIN_DH_GROUP,
            psk_secret: None,
            psk_identity: None,
            session_cache_timeout: DEFAULT_SESSION_CACHE_TIMEOUT,
            trusted_leaves: None,
        }
    }
}

impl Settings {
    fn rare(&self) -> &Rare {
        self.rare.as_deref().unwrap_or(&RARE_DEFAULTS)
    }

    fn rare_mut(&mut self) -> &mut Rare {
        self.rare.get_or_insert_with(|| Box::new(Rare::new()))
    }

    /// Apple's defaults (the versions as `VersionRange::new` says).
    pub(super) fn new(side: SslProtocolSide, kind: SslConnectionType) -> Settings {
        Settings {
            side,
            versions: VersionRange::new(kind),
            // Apple splits CBC records (1/n-1) by default.
            options: Options::SEND_ONE_BYTE_RECORD,
            peer_domain: None,
            identity: None,
            chain: Box::default(),
            client_auth: SslAuthenticate::NEVER,
            enable_cert_verify: true,
            tolerance: Tolerance::default(),
            trusted_roots: Box::default(),
            trusted_roots_only: false,
            weak_suites: false,
            no_tls13_suites: false,
            // Apple's servers offer DHE by default, its clients not.
            dhe_enabled: side == SslProtocolSide::SERVER,
            rare: None,
        }
    }

    /// The side given at creation.
    pub(super) fn side(&self) -> SslProtocolSide {
        self.side
    }

    /// The connection type given at creation.
    pub(super) fn kind(&self) -> SslConnectionType {
        self.versions.kind()
    }

    pub(super) fn is_server(&self) -> bool {
        self.side == SslProtocolSide::SERVER
    }

    pub(super) fn is_datagram(&self) -> bool {
        self.kind() == SslConnectionType::DATAGRAM
    }

    /// Whether a handshake can start: a server needs its certificate first, unless it
    /// breaks on the ClientHello to pick one then (`errSSLBadConfiguration`).
    pub(super) fn ready_for_handshake(&self) -> Result<()> {
        let late_identity = self.options.contains(Options::BREAK_ON_CLIENT_HELLO);
        if self.is_server() && self.identity.is_none() && !late_identity {
            log::warn!("a server context needs SSLSetCertificate before SSLHandshake");
            return Err(Error::from_code(errSSLBadConfiguration));
        }
        Ok(())
    }

    // Protocol versions.

    /// The protocol range the version calls set.
    pub(super) fn versions(&self) -> &VersionRange {
        &self.versions
    }

    pub(super) fn versions_mut(&mut self) -> &mut VersionRange {
        &mut self.versions
    }

    /// The range the handshake runs with: the newest enabled version that an enabled suite
    /// can carry. Callers written before TLS 1.3 enable TLS 1.2 suites only, and on Apple get
    /// TLS 1.2; OpenSSL instead refuses to start when its newest version has no suite, so
    /// such a context stops at TLS 1.2.
    pub(super) fn handshake_versions(&self) -> (SslProtocol, SslProtocol) {
        let (min, max) = (self.versions.min(), self.versions.max());
        let tls13_only = min == SslProtocol::TLS13;
        if max != SslProtocol::TLS13 || tls13_only || !self.no_tls13_suites {
            return (min, max);
        }
        log::info!("no TLS 1.3 suite enabled: the handshake stops at TLS 1.2");
        (min, SslProtocol::TLS12)
    }

    /// Whether the context needs OpenSSL's security level 0: TLS 1.0/1.1 (and DTLS 1.0) sign
    /// with SHA-1, and weak suites are what the caller asked for; OpenSSL 3 refuses both
    /// above level 0.
    pub(super) fn needs_level_zero(&self) -> bool {
        self.versions.below_secure_floor() || self.weak_suites
    }

    /// Notes what the suites `SSLSetEnabledCiphers` installed imply (see the fields).
    pub(super) fn set_suite_traits(&mut self, weak: bool, no_tls13: bool) {
        self.weak_suites = weak;
        self.no_tls13_suites = no_tls13;
    }

    // Session options.

    /// `SSLSetSessionOption` for a known option.
    pub(super) fn set_option(&mut self, option: Options, value: bool) {
        if option == Options::BREAK_ON_SERVER_AUTH || option == Options::BREAK_ON_CLIENT_AUTH {
            // As on Apple: whoever breaks for the peer's certificate judges it.
            self.enable_cert_verify = !value;
        }
        if option == Options::FALSE_START && value {
            log::info!("false start requested: OpenSSL does not implement it; the option is kept but has no effect");
        }
        self.options.set(option, value);
    }

    /// The session options set.
    pub(super) fn options(&self) -> Options {
        self.options
    }

    // Peers and certificates.

    /// `SSLSetPeerDomainName` (client): the name sent as SNI and checked against the
    /// server's certificate. `None` or empty clears it; a server accepts and ignores it, as
    /// Apple's does.
    pub(super) fn set_peer_domain(&mut self, name: Option<&[u8]>) {
        if self.is_server() {
            return;
        }
        self.peer_domain = name.filter(|n| !n.is_empty()).map(Box::from);
    }

    /// The peer domain name, as given.
    pub(super) fn peer_domain(&self) -> Option<&[u8]> {
        self.peer_domain.as_deref()
    }

    /// The peer domain name as a host name: Apple callers often count a trailing NUL.
    pub(super) fn host_name(&self) -> Option<String> {
        let name = self.peer_domain.as_deref()?;
        let end = name.iter().position(|&b| b == 0).unwrap_or(name.len());
        let host = String::from_utf8_lossy(&name[..end]).into_owned();
        (!host.is_empty()).then_some(host)
    }

    /// `SSLSetCertificate`: the identity and the rest of its chain.
    pub(super) fn set_identity(
        &mut self,
        identity: Option<SecIdentity>,
        chain: Vec<SecCertificate>,
    ) {
        self.identity = identity;
        self.chain = chain.into_boxed_slice();
    }

    pub(super) fn identity(&self) -> Option<&SecIdentity> {
        self.identity.as_ref()
    }

    pub(super) fn chain(&self) -> &[SecCertificate] {
        &self.chain
    }

    /// `SSLSetClientSideAuthenticate` (server): whether to ask for a client certificate.
    pub(super) fn set_client_auth(&mut self, auth: SslAuthenticate) -> Result<()> {
        let known = [
            SslAuthenticate::NEVER,
            SslAuthenticate::ALWAYS,
            SslAuthenticate::TRY,
        ];
        if !known.contains(&auth) {
            return Err(Error::from_code(errSecParam));
        }
        self.client_auth = auth;
        Ok(())
    }

    pub(super) fn client_auth(&self) -> SslAuthenticate {
        self.client_auth
    }

    /// `SSLSetEnableCertVerify` (deprecated): whether the peer's chain is checked.
    pub(super) fn set_enable_cert_verify(&mut self, enable: bool) {
        self.enable_cert_verify = enable;
    }

    pub(super) fn enable_cert_verify(&self) -> bool {
        self.enable_cert_verify
    }

    /// Failures the chain check overlooks (`SSLSetAllowsExpiredCerts` and its siblings).
    pub(super) fn tolerance_mut(&mut self) -> &mut Tolerance {
        &mut self.tolerance
    }

    pub(super) fn tolerance(&self) -> Tolerance {
        self.tolerance
    }

    /// `SSLSetTrustedRoots` (deprecated): roots for judging the peer. With `replace` they
    /// replace the earlier ones and the system's, from then on; otherwise they are added.
    pub(super) fn set_trusted_roots(&mut self, roots: &[SecCertificate], replace: bool) {
        if replace {
            self.trusted_roots_only = true;
        }
        let kept = if replace {
            &[][..]
        } else {
            &self.trusted_roots[..]
        };
        self.trusted_roots = kept.iter().chain(roots).cloned().collect();
    }

    pub(super) fn trusted_roots(&self) -> &[SecCertificate] {
        &self.trusted_roots
    }

    /// `SSLSetCertificateAuthorities` (server only, `errSecParam` on a client): CAs named in
    /// the certificate request.
    pub(super) fn set_certificate_authorities(
        &mut self,
        certs: &[SecCertificate],
        replace: bool,
    ) -> Result<()> {
        if !self.is_server() {
            return Err(Error::from_code(errSecParam));
        }
        if replace {
            self.rare_mut().certificate_authorities.clear();
        }
        self.rare_mut()
            .certificate_authorities
            .extend_from_slice(certs);
        Ok(())
    }

    pub(super) fn certificate_authorities(&self) -> &[SecCertificate] {
        &self.rare().certificate_authorities
    }

    /// `SSLAddDistinguishedName` (server): one more DER name for the certificate request,
    /// already known to decode.
    pub(super) fn add_distinguished_name(&mut self, der: &[u8]) {
        self.rare_mut().distinguished_names.push(der.to_vec());
    }

    pub(super) fn distinguished_names(&self) -> &[Vec<u8>] {
        &self.rare().distinguished_names
    }

    /// A trust object for the peer's chain, with the policy and anchors the handshake uses.
    pub(super) fn peer_trust(&self, chain: &[SecCertificate]) -> Option<SecTrust> {
        let client = !self.is_server();
        let evaluated_side = if client {
            SslProtocolSide::SERVER
        } else {
            SslProtocolSide::CLIENT
        };
        let host = if client { self.host_name() } else { None };
        let policy = SecPolicy::create_ssl(evaluated_side, host.as_deref());
        let mut trust = SecTrust::create_with_certificates(chain, &[policy]).ok()?;
        if !self.trusted_roots.is_empty() || self.trusted_roots_only {
            trust.set_anchor_certificates(&self.trusted_roots).ok()?;
            trust
                .set_trust_anchor_certificates_only(self.trusted_roots_only)
                .ok()?;
        }
        Some(trust)
    }

    // Resumption.

    /// An ID `SSLSetPeerID` accepts: not empty (`errSecParam`).
    pub(super) fn peer_id_value(peer_id: &[u8]) -> Result<Vec<u8>> {
        if peer_id.is_empty() {
            return Err(Error::from_code(errSecParam));
        }
        Ok(peer_id.to_vec())
    }

    /// `SSLSetPeerID`: the key under which a session may be resumed.
    pub(super) fn set_peer_id(&mut self, peer_id: Vec<u8>) {
        self.rare_mut().peer_id = Some(peer_id);
    }

    pub(super) fn peer_id(&self) -> Option<&[u8]> {
        self.rare().peer_id.as_deref()
    }

    // Extensions and server parameters.

    /// `SSLSetALPNProtocols`: as on Apple, the list must not be empty, no name may be empty
    /// or exceed 32 bytes, nor the encoded list 255 (`errSecParam`).
    pub(super) fn set_alpn(&mut self, protocols: &[&[u8]]) -> Result<()> {
        let encoded: usize = protocols.iter().map(|p| p.len() + 1).sum();
        let bad_name = |p: &&[u8]| p.is_empty() || p.len() > MAX_ALPN_NAME;
        if protocols.is_empty() || encoded > MAX_ALPN_LIST || protocols.iter().any(bad_name) {
            return Err(Error::from_code(errSecParam));
        }
        self.rare_mut().alpn = protocols.iter().map(|p| p.to_vec()).collect();
        Ok(())
    }

    /// The ALPN protocols, in preference order.
    pub(super) fn alpn(&self) -> &[Vec<u8>] {
        &self.rare().alpn
    }

    /// `SSLSetDiffieHellmanParams`, with DER already known to decode; empty clears them.
    pub(super) fn set_dh_params(&mut self, der: &[u8]) {
        self.rare_mut().dh_params = (!der.is_empty()).then(|| der.to_vec());
    }

    pub(super) fn dh_params(&self) -> Option<&[u8]> {
        self.rare().dh_params.as_deref()
    }

    /// `SSLSetOCSPResponse`: `errSecParam` if empty.
    pub(super) fn set_ocsp_response(&mut self, der: &[u8]) -> Result<()> {
        if der.is_empty() {
            return Err(Error::from_code(errSecParam));
        }
        self.rare_mut().ocsp_response = Some(der.to_vec());
        Ok(())
    }

    pub(super) fn ocsp_response(&self) -> Option<&[u8]> {
        self.rare().ocsp_response.as_deref()
    }

    // SecureTransportPriv.h.

    /// `SSLSetDHEEnabled`: whether the default suites include DHE ones.
    pub(super) fn set_dhe_enabled(&mut self, enabled: bool) {
        self.dhe_enabled = enabled;
    }

    pub(super) fn dhe_enabled(&self) -> bool {
        self.dhe_enabled
    }

    /// `SSLSetMinimumDHGroupSize` (client): kept within coreTLS's 512–2048 bits, as Apple's.
    pub(super) fn set_min_dh_group(&mut self, bits: u32) {
        let (lowest, highest) = MIN_DH_GROUP_BOUNDS;
        self.rare_mut().min_dh_group = bits.clamp(lowest, highest);
    }

    pub(super) fn min_dh_group(&self) -> u32 {
        self.rare().min_dh_group
    }

    /// `SSLSetPSKSharedSecret`: empty clears it.
    pub(super) fn set_psk_secret(&mut self, secret: &[u8]) {
        self.rare_mut().psk_secret = (!secret.is_empty()).then(|| secret.to_vec());
    }

    pub(super) fn psk_secret(&self) -> Option<&[u8]> {
        self.rare().psk_secret.as_deref()
    }

    /// `SSLSetPSKIdentity`: `errSecParam` if empty, as on Apple.
    pub(super) fn set_psk_identity(&mut self, identity: &[u8]) -> Result<()> {
        if identity.is_empty() {
            return Err(Error::from_code(errSecParam));
        }
        self.rare_mut().psk_identity = Some(identity.to_vec());
        Ok(())
    }

    pub(super) fn psk_identity(&self) -> Option<&[u8]> {
        self.rare().psk_identity.as_deref()
    }

    /// `SSLSetSessionCacheTimeout`.
    pub(super) fn set_session_cache_timeout(&mut self, seconds: u32) {
        self.rare_mut().session_cache_timeout = seconds;
    }

    pub(super) fn session_cache_timeout(&self) -> u32 {
        self.rare().session_cache_timeout
    }

    /// `SSLSetTrustedLeafCertificates`: replaces the list.
    pub(super) fn set_trusted_leaves(&mut self, leaves: Vec<SecCertificate>) {
        self.rare_mut().trusted_leaves = Some(leaves);
    }

    /// `SSLCopyTrustedLeafCertificates`: `None` until set.
    pub(super) fn trusted_leaves(&self) -> Option<&[SecCertificate]> {
        self.rare().trusted_leaves.as_deref()
    }

    /// Whether the peer's leaf is one of the trusted leaves: Apple then accepts the peer
    /// whatever its chain (`sslVerifyCertChain`).
    pub(super) fn trusts_leaf(&self, leaf: Option<&SecCertificate>) -> bool {
        match (&self.rare().trusted_leaves, leaf) {
            (Some(leaves), Some(leaf)) => leaves.contains(leaf),
            _ => false,
        }
    }

    // Datagrams.

    /// The datagram calls return `errSecParam` on a stream context, as on a Mac.
    fn datagram_only(&self) -> Result<()> {
        if self.is_datagram() {
            Ok(())
        } else {
            Err(Error::from_code(errSecParam))
        }
    }

    /// A cookie `SSLSetDatagramHelloCookie` accepts (`errSecParam` on a stream context or
    /// above 32 bytes); empty means none.
    pub(super) fn hello_cookie_value(&self, cookie: &[u8]) -> Result<Option<Vec<u8>>> {
        self.datagram_only()?;
        if cookie.len() > MAX_COOKIE {
            return Err(Error::from_code(errSecParam));
        }
        Ok((!cookie.is_empty()).then(|| cookie.to_vec()))
    }

    /// `SSLSetDatagramHelloCookie` (server): the cookie a client must echo.
    pub(super) fn set_hello_cookie(&mut self, cookie: Option<Vec<u8>>) {
        self.rare_mut().cookie = cookie;
    }

    pub(super) fn hello_cookie(&self) -> Option<&[u8]> {
        self.rare().cookie.as_deref()
    }

    /// `SSLSetMaxDatagramRecordSize`: the largest datagram the session sends.
    pub(super) fn set_mtu(&mut self, size: usize) -> Result<()> {
        self.datagram_only()?;
        if size < MIN_MTU {
            log::warn!("SSLSetMaxDatagramRecordSize({size}): OpenSSL needs at least {MIN_MTU}");
            return Err(Error::from_code(errSecParam));
        }
        self.rare_mut().mtu = size;
        Ok(())
    }

    /// `SSLGetMaxDatagramRecordSize`.
    pub(super) fn mtu(&self) -> Result<usize> {
        self.datagram_only()?;
        Ok(self.rare().mtu)
    }

    /// `SSLGetDatagramWriteSize`: how much one `SSLWrite` can put in one datagram, by
    /// Apple's reckoning for the costliest suite (13-byte header, 16-byte blocks and IV,
    /// a padding byte, a 32-byte MAC).
    pub(super) fn datagram_write_size(&self) -> Result<usize> {
        let fragment = (self.mtu()? - 13) & !15;
        Ok(fragment - 16 - 1 - 32)
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::settings::*;

    const STREAM: SslConnectionType = SslConnectionType::STREAM;
    const DATAGRAM: SslConnectionType = SslConnectionType::DATAGRAM;

    fn client(kind: SslConnectionType) -> Settings {
        Settings::new(SslProtocolSide::CLIENT, kind)
    }

    fn range(settings: &Settings) -> (SslProtocol, SslProtocol) {
        (settings.versions().min(), settings.versions().max())
    }

    fn code<T: std::fmt::Debug>(result: Result<T>) -> OSStatus {
        result.expect_err("an error").code()
    }

    #[test]
    fn defaults_are_tls_1_2_or_dtls_1_2_with_the_one_byte_split_and_checks_on() {
        let stream = client(STREAM);
        assert_eq!(range(&stream), (SslProtocol::TLS12, SslProtocol::TLS12));
        assert_eq!(stream.options(), Options::SEND_ONE_BYTE_RECORD);
        assert!(stream.enable_cert_verify());
        assert_eq!(stream.client_auth(), SslAuthenticate::NEVER);
        assert!(!stream.needs_level_zero());
        let datagram = client(DATAGRAM);
        assert_eq!(range(&datagram), (SslProtocol::DTLS12, SslProtocol::DTLS12));
        assert_eq!(datagram.mtu(), Ok(1400), "Apple's DEFAULT_DTLS_MTU");
    }

    #[test]
    fn a_server_starts_with_a_certificate_or_a_break_to_pick_one() {
        assert_eq!(client(STREAM).ready_for_handshake(), Ok(()));
        let mut server = Settings::new(SslProtocolSide::SERVER, STREAM);
        assert_eq!(code(server.ready_for_handshake()), errSSLBadConfiguration);
        server.set_option(Options::BREAK_ON_CLIENT_HELLO, true);
        assert_eq!(server.ready_for_handshake(), Ok(()));
    }

    #[test]
    fn without_a_tls_1_3_suite_the_handshake_stops_at_tls_1_2() {
        let mut s = client(STREAM);
        s.versions_mut().set_max(SslProtocol::TLS13).unwrap();
        assert_eq!(
            s.handshake_versions(),
            (SslProtocol::TLS12, SslProtocol::TLS13)
        );
        s.set_suite_traits(false, true);
        assert_eq!(
            s.handshake_versions(),
            (SslProtocol::TLS12, SslProtocol::TLS12)
        );
        // Unless TLS 1.3 is all the caller enabled: OpenSSL then reports why it cannot start.
        s.versions_mut().set_min(SslProtocol::TLS13).unwrap();
        assert_eq!(
            s.handshake_versions(),
            (SslProtocol::TLS13, SslProtocol::TLS13)
        );
        s.set_suite_traits(true, false);
        assert!(s.needs_level_zero(), "weak suites need level 0");
        let mut old = client(STREAM);
        old.versions_mut().set_min(SslProtocol::TLS1).unwrap();
        assert!(old.needs_level_zero(), "TLS 1.0 signs with SHA-1");
    }

    #[test]
    fn each_session_option_has_its_own_bit_and_unknown_ones_none() {
        let bits: Vec<Options> = (0..=9)
            .map(|raw| Options::of(SslSessionOption::from_raw(raw)).expect("Apple's option"))
            .collect();
        assert_eq!(bits[0], Options::BREAK_ON_SERVER_AUTH);
        assert_eq!(bits[9], Options::ENABLE_SESSION_TICKETS);
        let all = bits.iter().fold(Options::empty(), |all, &bit| {
            assert!(!all.intersects(bit), "{bit:?} shared");
            all | bit
        });
        assert_eq!(all, Options::all());
        for unknown in [-1, 10, 16, 31, 32, i32::MAX] {
            assert_eq!(Options::of(SslSessionOption::from_raw(unknown)), None);
        }
    }

    #[test]
    fn breaking_for_the_peers_certificate_hands_its_judgement_to_the_caller() {
        for option in [Options::BREAK_ON_SERVER_AUTH, Options::BREAK_ON_CLIENT_AUTH] {
            let mut s = client(STREAM);
            s.set_option(option, true);
            assert!(!s.enable_cert_verify());
            assert!(s.options().contains(option));
            s.set_option(option, false);
            assert!(s.enable_cert_verify());
        }
        let mut s = client(STREAM);
        s.set_option(Options::BREAK_ON_CERT_REQUESTED, true);
        assert!(s.enable_cert_verify());
    }

    #[test]
    fn the_peer_domain_is_a_clients_and_its_host_name_stops_at_a_nul() {
        let mut s = client(STREAM);
        s.set_peer_domain(Some(b"example.com\0"));
        assert_eq!(s.peer_domain(), Some(&b"example.com\0"[..]));
        assert_eq!(s.host_name().as_deref(), Some("example.com"));
        s.set_peer_domain(Some(b""));
        assert_eq!(s.peer_domain(), None);
        s.set_peer_domain(Some(b"\0"));
        assert_eq!(s.host_name(), None);
        let mut server = Settings::new(SslProtocolSide::SERVER, STREAM);
        server.set_peer_domain(Some(b"example.com"));
        assert_eq!(server.peer_domain(), None, "a server ignores it");
    }

    #[test]
    fn alpn_lists_keep_to_apples_limits() {
        let mut s = client(STREAM);
        let name32 = [b'a'; 32];
        s.set_alpn(&[b"h2", &name32]).unwrap();
        assert_eq!(s.alpn(), [b"h2".to_vec(), name32.to_vec()]);
        let name33 = [b'a'; 33];
        assert_eq!(code(s.set_alpn(&[])), errSecParam);
        assert_eq!(code(s.set_alpn(&[b""])), errSecParam);
        assert_eq!(code(s.set_alpn(&[&name33])), errSecParam);
        // Eight 31-byte names encode to 256 bytes, one more than the list may have.
        let name31 = [b'b'; 31];
        assert_eq!(code(s.set_alpn(&[&name31[..]; 8])), errSecParam);
        let name30 = [b'c'; 30];
        s.set_alpn(&[
            &name31, &name31, &name31, &name31, &name31, &name31, &name31, &name30,
        ])
        .expect("255 bytes encoded");
        assert_eq!(s.alpn().len(), 8, "a refused list leaves the last one");
    }

    #[test]
    fn client_auth_takes_apples_three_values() {
        let mut s = Settings::new(SslProtocolSide::SERVER, STREAM);
        for auth in [
            SslAuthenticate::ALWAYS,
            SslAuthenticate::TRY,
            SslAuthenticate::NEVER,
        ] {
            s.set_client_auth(auth).unwrap();
            assert_eq!(s.client_auth(), auth);
        }
        assert_eq!(
            code(s.set_client_auth(SslAuthenticate::from_raw(3))),
            errSecParam
        );
        assert_eq!(s.client_auth(), SslAuthenticate::NEVER);
    }

    #[test]
    fn certificate_authorities_are_a_servers_setting() {
        let mut c = client(STREAM);
        assert_eq!(code(c.set_certificate_authorities(&[], true)), errSecParam);
        let mut s = Settings::new(SslProtocolSide::SERVER, STREAM);
        s.set_certificate_authorities(&[], false).unwrap();
    }

    #[test]
    fn replacing_trusted_roots_drops_the_systems_from_then_on() {
        let mut s = client(STREAM);
        s.set_trusted_roots(&[], false);
        assert!(!s.trusted_roots_only);
        s.set_trusted_roots(&[], true);
        assert!(s.trusted_roots_only);
        s.set_trusted_roots(&[], false);
        assert!(s.trusted_roots_only, "adding keeps the system's out");
    }

    #[test]
    fn an_empty_peer_id_or_ocsp_response_is_refused() {
        assert_eq!(code(Settings::peer_id_value(b"")), errSecParam);
        assert_eq!(Settings::peer_id_value(b"id"), Ok(b"id".to_vec()));
        let mut s = Settings::new(SslProtocolSide::SERVER, STREAM);
        assert_eq!(code(s.set_ocsp_response(b"")), errSecParam);
        s.set_ocsp_response(b"\x30\x03\x0a\x01\x00").unwrap();
        assert!(s.ocsp_response().is_some());
    }

    #[test]
    fn private_settings_start_at_apples_defaults_and_keep_to_its_bounds() {
        let mut c = client(STREAM);
        assert!(!c.dhe_enabled(), "Apple's clients offer no DHE by default");
        assert!(Settings::new(SslProtocolSide::SERVER, STREAM).dhe_enabled());
        assert_eq!(c.min_dh_group(), 1024);
        c.set_min_dh_group(100);
        assert_eq!(c.min_dh_group(), 512);
        c.set_min_dh_group(4096);
        assert_eq!(c.min_dh_group(), 2048);
        c.set_min_dh_group(1536);
        assert_eq!(c.min_dh_group(), 1536);
        assert_eq!(c.session_cache_timeout(), 600);
        assert_eq!(code(c.set_psk_identity(b"")), errSecParam);
        c.set_psk_secret(b"");
        assert_eq!(c.psk_secret(), None);
        assert_eq!(c.trusted_leaves(), None);
        assert!(!c.trusts_leaf(None));
    }

    #[test]
    fn datagram_sizes_and_cookies_follow_apple() {
        let stream = client(STREAM);
        assert_eq!(code(stream.mtu()), errSecParam);
        assert_eq!(code(stream.datagram_write_size()), errSecParam);
        assert_eq!(code(stream.hello_cookie_value(b"c")), errSecParam);
        let mut d = Settings::new(SslProtocolSide::SERVER, DATAGRAM);
        // Apple's formula at its default MTU: ((1400 - 13) & ~15) - 16 - 1 - 32.
        assert_eq!(d.datagram_write_size(), Ok(1327));
        assert_eq!(code(d.set_mtu(227)), errSecParam);
        d.set_mtu(228).unwrap();
        assert_eq!(d.datagram_write_size(), Ok(159));
        assert_eq!(code(d.hello_cookie_value(&[7; 33])), errSecParam);
        assert_eq!(d.hello_cookie_value(&[7; 32]), Ok(Some(vec![7; 32])));
        assert_eq!(d.hello_cookie_value(b""), Ok(None));
    }
}
