//! Session resumption, Apple's way: a session is resumable only if its context was given a
//! peer ID (`SSLSetPeerID`, "mandatory if this session is to be resumable"). A client offers
//! to resume the last session made under the same peer ID, from a process-wide cache; a
//! server resumes whatever OpenSSL's session cache or tickets allow, only for sessions made
//! with the same certificate, and without a peer ID makes none of its own resumable.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use foreign_types::ForeignTypeRef;
use openssl::hash::{hash, MessageDigest};
use openssl::ssl::SslSession;

use super::Context;
use crate::base::{Error, Result};
use crate::ffi;
use crate::status::*;
use crate::types::SslProtocolSide;

/// How long a client keeps a session: Apple's default session cache timeout.
const LIFETIME: Duration = Duration::from_secs(600);
/// Sessions kept at most; the oldest goes first.
const CAPACITY: usize = 1024;

type Cache = HashMap<Vec<u8>, (SslSession, Instant)>;

fn cache() -> std::sync::MutexGuard<'static, Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Keeps a client's new session under its peer ID (from OpenSSL's new-session callback).
pub(crate) fn remember(peer_id: &[u8], session: SslSession) {
    let mut cache = cache();
    cache.retain(|_, (_, made)| made.elapsed() < LIFETIME);
    if cache.len() >= CAPACITY {
        if let Some(oldest) = cache
            .iter()
            .min_by_key(|(_, (_, made))| *made)
            .map(|(id, _)| id.clone())
        {
            cache.remove(&oldest);
        }
    }
    cache.insert(peer_id.to_vec(), (session, Instant::now()));
}

fn recall(peer_id: &[u8]) -> Option<SslSession> {
    let cache = cache();
    let (session, made) = cache.get(peer_id)?;
    (made.elapsed() < LIFETIME).then(|| session.clone())
}

/// OpenSSL's not-resumable-session callback, for a server without a peer ID: no session is.
unsafe extern "C" fn not_resumable(
    _ssl: *mut openssl_sys::SSL,
    _forward_secure: libc::c_int,
) -> libc::c_int {
    1
}

impl Context {
    /// Prepares resumption before the handshake: a client offers its cached session for
    /// the peer ID; a server ties its sessions to its certificate and, without a peer ID,
    /// makes none resumable.
    pub(super) fn prepare_resumption(&mut self) -> Result<()> {
        let config = self.config();
        if config.side == SslProtocolSide::CLIENT {
            if let Some(session) = config.peer_id.as_deref().and_then(recall) {
                // SAFETY: the session came from an SSL of the same SSL_CTX.
                if unsafe { self.ssl.set_session(&session) }.is_err() {
                    log::debug!("cached session not usable; a full handshake follows");
                }
            }
            return Ok(());
        }
        let resumable = config.peer_id.is_some();
        // A session may only resume on a server with the same certificate (or, with the
        // identity still to come at a ClientHello break, none).
        let digest = match &config.identity {
            Some(identity) => identity.fingerprint().to_vec(),
            None => hash(MessageDigest::sha256(), &[])
                .map_err(|_| Error::from_code(errSSLInternal))?
                .to_vec(),
        };
        if !resumable {
            // As coreTLS without `allowResumption`: no ticket, and nothing in the session
            // cache (coreTLS also sends an empty session ID; OpenSSL 3 still sends one).
            // SAFETY: a live SSL; the callback holds no state.
            unsafe {
                ffi::SSL_set_not_resumable_session_callback(self.ssl.as_ptr(), Some(not_resumable))
            };
            self.ssl
                .set_num_tickets(0)
                .map_err(|_| Error::from_code(errSSLInternal))?;
        }
        // SAFETY: a live SSL; the digest is 32 bytes, OpenSSL's maximum.
        let ok = unsafe {
            ffi::SSL_set_session_id_context(self.ssl.as_ptr(), digest.as_ptr(), digest.len() as _)
        };
        if ok == 1 {
            Ok(())
        } else {
            Err(Error::from_code(errSSLInternal))
        }
    }

    /// Whether the handshake resumed an earlier session (`SSLGetResumableSessionInfo`).
    pub fn session_resumed(&self) -> bool {
        self.ssl.session_reused()
    }

    /// The session's ID (empty before a handshake; TLS 1.3 sessions have one of OpenSSL's
    /// making).
    pub fn session_id(&self) -> Vec<u8> {
        self.ssl
            .session()
            .map(|s| s.id().to_vec())
            .unwrap_or_default()
    }
}
