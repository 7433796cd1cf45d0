//! What OpenSSL's callbacks reach while a call into OpenSSL runs: the transport, the
//! settings, and what the handshake revealed so far.

use super::io::Io;
use super::settings::{Options, Settings};
use crate::trust::SecTrust;
use crate::types::SslClientCertificateState;

/// The part of a session OpenSSL's callbacks read and write. It lives in its own allocation,
/// reached only through raw pointers, so those callbacks never alias a Rust reference the
/// session holds (it holds none across a call into OpenSSL).
pub(crate) struct Shared {
    pub io: Io,
    pub settings: Settings,
    pub events: Events,
}

/// What the callbacks learned during the handshake.
#[derive(Debug)]
pub(crate) struct Events {
    /// The trust made for the peer's chain when it arrived, evaluated unless the caller
    /// judges the peer (`SSLCopyPeerTrust` hands it out, as Apple's `peerSecTrust`). Boxed:
    /// most servers never get one, and every idle session carries this field.
    pub peer_trust: Option<Box<SecTrust>>,
    /// Our evaluation rejected the peer's chain (not yet reported).
    pub chain_rejected: bool,
    /// Break options already reported to the caller (each breaks once per handshake).
    pub breaks_taken: Options,
    /// A handshake began since the session last looked (a renegotiation, once connected).
    pub handshake_began: bool,
    pub client_cert_state: SslClientCertificateState,
    /// A server's view of the client's ALPN offer, as sent (length-prefixed names). This and
    /// `requested_name` are boxed slices: a word less each in every session's `Shared`.
    pub peer_alpn: Option<Box<[u8]>>,
    /// A server's view of the host name the client asked for (SNI).
    pub requested_name: Option<Box<[u8]>>,
}

impl Default for Events {
    fn default() -> Events {
        Events {
            peer_trust: None,
            chain_rejected: false,
            breaks_taken: Options::empty(),
            handshake_began: false,
            client_cert_state: SslClientCertificateState::NONE,
            peer_alpn: None,
            requested_name: None,
        }
    }
}

impl Shared {
    /// Whether `option` is set and not reported yet (and `when` holds); marks it reported.
    pub(crate) fn take_break(&mut self, option: Options, when: bool) -> bool {
        let due = when
            && self.settings.options().contains(option)
            && !self.events.breaks_taken.contains(option);
        if due {
            self.events.breaks_taken.insert(option);
        }
        due
    }
}
