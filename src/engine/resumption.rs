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
use openssl::ssl::{SslRef, SslSession};

use super::settings::Settings;
use crate::base::{Error, Result};
use crate::ffi;
use crate::status::*;

/// Sessions kept at most; the oldest goes first.
const CAPACITY: usize = 1024;

/// Each session with when it was made and how long it stays (`SSLSetSessionCacheTimeout`).
type Cache = HashMap<Vec<u8>, (SslSession, Instant, Duration)>;

fn cache() -> std::sync::MutexGuard<'static, Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Keeps a client's new session under its peer ID for `seconds` (from OpenSSL's
/// new-session callback).
pub(crate) fn remember(peer_id: &[u8], session: SslSession, seconds: u32) {
    let mut cache = cache();
    cache.retain(|_, (_, made, lifetime)| made.elapsed() < *lifetime);
    if cache.len() >= CAPACITY {
        if let Some(oldest) = cache
            .iter()
            .min_by_key(|(_, (_, made, _))| *made)
            .map(|(id, _)| id.clone())
        {
            cache.remove(&oldest);
        }
    }
    let lifetime = Duration::from_secs(u64::from(seconds));
    cache.insert(peer_id.to_vec(), (session, Instant::now(), lifetime));
}

fn recall(peer_id: &[u8]) -> Option<SslSession> {
    let cache = cache();
    let (session, made, lifetime) = cache.get(peer_id)?;
    (made.elapsed() < *lifetime).then(|| session.clone())
}

/// OpenSSL's not-resumable-session callback, for a server without a peer ID: no session is.
unsafe extern "C" fn not_resumable(
    _ssl: *mut openssl_sys::SSL,
    _forward_secure: libc::c_int,
) -> libc::c_int {
    1
}

/// Prepares resumption before the handshake: a client offers its cached session for the
/// peer ID; a server ties its sessions to its certificate and, without a peer ID, makes none
/// resumable.
pub(super) fn prepare(ssl: &mut SslRef, settings: &Settings) -> Result<()> {
    if !settings.is_server() {
        if let Some(session) = settings.peer_id().and_then(recall) {
            // SAFETY: the session came from an SSL of the same SSL_CTX.
            if unsafe { ssl.set_session(&session) }.is_err() {
                log::debug!("cached session not usable; a full handshake follows");
            }
        }
        return Ok(());
    }
    // A session may only resume on a server with the same certificate (or, with the
    // identity still to come at a ClientHello break, none).
    let digest = match settings.identity() {
        Some(identity) => identity.fingerprint().to_vec(),
        None => hash(MessageDigest::sha256(), &[])
            .map_err(|_| Error::from_code(errSSLInternal))?
            .to_vec(),
    };
    if settings.peer_id().is_none() {
        // As coreTLS without `allowResumption`: no ticket, and nothing in the session
        // cache (coreTLS also sends an empty session ID; OpenSSL 3 still sends one).
        // SAFETY: a live SSL; the callback holds no state.
        unsafe { ffi::SSL_set_not_resumable_session_callback(ssl.as_ptr(), Some(not_resumable)) };
        ssl.set_num_tickets(0)
            .map_err(|_| Error::from_code(errSSLInternal))?;
    }
    // SAFETY: a live SSL; the digest is 32 bytes, OpenSSL's maximum.
    let ok = unsafe {
        ffi::SSL_set_session_id_context(ssl.as_ptr(), digest.as_ptr(), digest.len() as _)
    };
    if ok == 1 {
        Ok(())
    } else {
        Err(Error::from_code(errSSLInternal))
    }
}
