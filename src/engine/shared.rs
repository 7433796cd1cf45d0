//! What OpenSSL's callbacks reach while a call into OpenSSL runs: the transport, the
//! settings, and what the handshake revealed so far.

use super::io::Io;
use super::settings::{Options, Settings};
use std::sync::Arc;

use crate::certificate::SecCertificate;
use crate::trust::{Evaluation, SecTrust};
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
    /// judges the peer (`SSLCopyPeerTrust` hands it out, as Apple's `peerSecTrust`).
    pub peer_trust: PeerTrust,
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

/// The peer's trust, kept small while the settings it was made from cannot change: a
/// `SecTrust` of one certificate, with its policy, anchors and evaluation, takes ~400 bytes
/// of the heap of every idle client, and all but the chain and the evaluation can be made
/// again from the settings. No `Option` around it: no trust is parts without a chain (a
/// trust has at least one certificate), a word less in every session.
#[derive(Debug)]
pub(crate) enum PeerTrust {
    /// The chain the trust was made for and its evaluation, if one ran: `SSLCopyPeerTrust`
    /// makes the trust again from these and the settings, which stay as they were while
    /// the session is active. None made if the chain is empty.
    Parts {
        chain: Box<[SecCertificate]>,
        evaluation: Option<Arc<Evaluation>>,
    },
    /// The trust itself: made whole before the settings could change
    /// (`Session::configurable`), or holding the server's stapled OCSP response, which the
    /// settings cannot make again (during a handshake, only such a trust is whole).
    Whole(Box<SecTrust>),
}

impl Default for PeerTrust {
    fn default() -> PeerTrust {
        PeerTrust::Parts {
            chain: Box::default(),
            evaluation: None,
        }
    }
}

impl Default for Events {
    fn default() -> Events {
        Events {
            peer_trust: PeerTrust::default(),
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
    /// Keeps the peer's trust as what it was made of (see [`PeerTrust`]).
    pub(crate) fn keep_peer_trust(&mut self, chain: Vec<SecCertificate>, trust: &SecTrust) {
        self.events.peer_trust = PeerTrust::Parts {
            chain: chain.into_boxed_slice(),
            evaluation: trust.last_evaluation(),
        };
    }

    /// `SSLCopyPeerTrust`'s trust, if the handshake made one: a copy, sharing its evaluation.
    pub(crate) fn peer_trust(&self) -> Option<SecTrust> {
        match &self.events.peer_trust {
            PeerTrust::Parts { chain, .. } if chain.is_empty() => None,
            PeerTrust::Parts { chain, evaluation } => self
                .settings
                .peer_trust(chain)
                .map(|trust| trust.with_evaluation(evaluation.clone())),
            PeerTrust::Whole(trust) => Some(SecTrust::clone(trust)),
        }
    }

    /// Makes the peer's trust whole, before the settings it was made from may change.
    pub(crate) fn peer_trust_made_whole(&mut self) {
        if let PeerTrust::Parts { chain, .. } = &self.events.peer_trust {
            if !chain.is_empty() {
                self.events.peer_trust = match self.peer_trust() {
                    Some(trust) => PeerTrust::Whole(Box::new(trust)),
                    None => PeerTrust::default(),
                };
            }
        }
    }

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
