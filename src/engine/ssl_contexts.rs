//! Every `SSL_CTX` the engine uses. Each carries the callbacks, the session cache and the
//! default cipher suites; all other settings are made on each `SSL`.
//!
//! - One per side and connection type, which every context starts from. Clients and
//!   servers never share one, so a server's cached sessions cannot collide with a client's
//!   in the same process.
//! - One per identity (and side and connection type) with the identity's certificate and key
//!   installed: a context switched to it takes both without the checks OpenSSL runs each
//!   time they are set on an `SSL` (~20,000 instructions per connection). Making one costs
//!   ~1.6 M instructions, so it is made on an identity's second use only (an identity may
//!   serve one connection), and at most [`IDENTITIES`] identities keep theirs.

use std::collections::VecDeque;
use std::sync::{Mutex, OnceLock};

use openssl::ssl::{SslContext, SslMethod, SslSessionCacheMode};

use super::{callbacks, ciphers};
use crate::base::{Error, Result};
use crate::identity::SecIdentity;
use crate::status::errSSLInternal;
use crate::types::{SslConnectionType, SslProtocolSide};

/// How many identities keep `SSL_CTX`s; the one used least recently goes first.
const IDENTITIES: usize = 64;

/// Which of the four side × connection type slots a context uses.
fn slot(side: SslProtocolSide, kind: SslConnectionType) -> usize {
    usize::from(kind == SslConnectionType::DATAGRAM) * 2
        + usize::from(side == SslProtocolSide::CLIENT)
}

/// A new `SSL_CTX` of this side and type, with `identity`'s certificate and key if given.
fn build(
    side: SslProtocolSide,
    kind: SslConnectionType,
    identity: Option<&SecIdentity>,
) -> Option<SslContext> {
    ciphers::load_rc4_if_offered();
    let method = if kind == SslConnectionType::DATAGRAM {
        SslMethod::dtls()
    } else {
        SslMethod::tls()
    };
    let mut builder = SslContext::builder(method).ok()?;
    builder.set_session_cache_mode(if side == SslProtocolSide::CLIENT {
        // Clients keep sessions by peer ID (see `resumption`), not in OpenSSL's store.
        SslSessionCacheMode::CLIENT | SslSessionCacheMode::NO_INTERNAL_STORE
    } else {
        SslSessionCacheMode::SERVER
    });
    builder
        .set_cipher_list(ciphers::default_list(side == SslProtocolSide::SERVER))
        .ok()?;
    builder.set_ciphersuites(ciphers::DEFAULT_TLS13).ok()?;
    callbacks::install_on_ctx(&mut builder);
    if let Some(identity) = identity {
        builder.set_certificate(identity.certificate_x509()).ok()?;
        builder.set_private_key(identity.private_pkey()).ok()?;
    }
    Some(builder.build())
}

/// The `SSL_CTX` every context of this side and type starts from.
pub(super) fn shared(
    side: SslProtocolSide,
    kind: SslConnectionType,
) -> Result<&'static SslContext> {
    static SHARED: [OnceLock<Option<SslContext>>; 4] = [const { OnceLock::new() }; 4];
    SHARED[slot(side, kind)]
        .get_or_init(|| build(side, kind, None))
        .as_ref()
        .ok_or(Error::from_code(errSSLInternal))
}

/// The `SSL_CTX` of this side and type with `identity` installed: `None` on the first use of
/// its certificate (by any `SecIdentity` object), or if OpenSSL refused to make one.
pub(super) fn for_identity(
    side: SslProtocolSide,
    kind: SslConnectionType,
    identity: &SecIdentity,
) -> Option<SslContext> {
    static CACHE: Mutex<IdentityContexts> = Mutex::new(IdentityContexts::new(IDENTITIES));
    IdentityContexts::get(&CACHE, identity.fingerprint(), slot(side, kind), || {
        build(side, kind, Some(identity))
    })
}

/// The identities seen, by their certificate's SHA-256 fingerprint (which also stands for
/// the key: `SecIdentity::new` checks that the key matches the certificate), least recently
/// used first, each with the `SSL_CTX`s made for it so far.
struct IdentityContexts {
    entries: VecDeque<([u8; 32], [Option<SslContext>; 4])>,
    capacity: usize,
}

impl IdentityContexts {
    const fn new(capacity: usize) -> IdentityContexts {
        IdentityContexts {
            entries: VecDeque::new(),
            capacity,
        }
    }

    /// The `SSL_CTX` in `slot` for the identity with `fingerprint`, made by `build` from its
    /// second use on. `build` runs outside the lock: other contexts need not wait for it.
    fn get(
        cache: &Mutex<IdentityContexts>,
        fingerprint: &[u8; 32],
        slot: usize,
        build: impl FnOnce() -> Option<SslContext>,
    ) -> Option<SslContext> {
        {
            let mut cache = lock(cache);
            let Some(made) = cache.touch(fingerprint) else {
                cache.insert(*fingerprint);
                return None;
            };
            if let Some(ctx) = &made[slot] {
                return Some(ctx.clone());
            }
        }
        let built = build()?;
        let mut cache = lock(cache);
        if cache.touch(fingerprint).is_none() {
            cache.insert(*fingerprint);
        }
        let made = cache.touch(fingerprint)?;
        // Another thread may have made one meanwhile: all use the first.
        Some(made[slot].get_or_insert(built).clone())
    }

    /// The identity's `SSL_CTX`s, now the most recently used; `None` if it is not known.
    fn touch(&mut self, fingerprint: &[u8; 32]) -> Option<&mut [Option<SslContext>; 4]> {
        let at = self.entries.iter().position(|(f, _)| f == fingerprint)?;
        let entry = self.entries.remove(at)?;
        self.entries.push_back(entry);
        self.entries.back_mut().map(|(_, made)| made)
    }

    /// Records a first use, dropping the least recently used identity if the cache is full.
    fn insert(&mut self, fingerprint: [u8; 32]) {
        if self.entries.len() >= self.capacity {
            self.entries.pop_front();
        }
        self.entries.push_back((fingerprint, Default::default()));
    }
}

fn lock(cache: &Mutex<IdentityContexts>) -> std::sync::MutexGuard<'_, IdentityContexts> {
    // The cache stays consistent at every step, so a panic elsewhere leaves it usable.
    cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use crate::certificate::SecCertificate;
    use crate::engine::ssl_contexts::*;
    use foreign_types::ForeignType;
    use openssl::ec::{EcGroup, EcKey};
    use openssl::hash::MessageDigest;
    use openssl::nid::Nid;
    use openssl::pkey::PKey;
    use openssl::x509::{X509Name, X509};

    /// A self-signed certificate and its key, as PEM.
    fn pem_identity(name: &str) -> (Vec<u8>, Vec<u8>) {
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
        let key = PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap();
        let mut subject = X509Name::builder().unwrap();
        subject.append_entry_by_text("CN", name).unwrap();
        let subject = subject.build();
        let mut cert = X509::builder().unwrap();
        cert.set_version(2).unwrap();
        cert.set_subject_name(&subject).unwrap();
        cert.set_issuer_name(&subject).unwrap();
        cert.set_pubkey(&key).unwrap();
        let now = openssl::asn1::Asn1Time::days_from_now(0).unwrap();
        let later = openssl::asn1::Asn1Time::days_from_now(1).unwrap();
        cert.set_not_before(&now).unwrap();
        cert.set_not_after(&later).unwrap();
        cert.sign(&key, MessageDigest::sha256()).unwrap();
        let cert = cert.build();
        (
            cert.to_pem().unwrap(),
            key.private_key_to_pem_pkcs8().unwrap(),
        )
    }

    fn identity(pem: &(Vec<u8>, Vec<u8>)) -> SecIdentity {
        SecIdentity::from_pem(&pem.0, &pem.1).unwrap()
    }

    fn get(
        cache: &Mutex<IdentityContexts>,
        identity: &SecIdentity,
        slot: usize,
    ) -> Option<SslContext> {
        IdentityContexts::get(cache, identity.fingerprint(), slot, || {
            build(
                SslProtocolSide::SERVER,
                SslConnectionType::STREAM,
                Some(identity),
            )
        })
    }

    #[test]
    fn an_identity_gets_its_ssl_ctx_on_its_second_use_even_as_a_new_object() {
        let cache = Mutex::new(IdentityContexts::new(4));
        let pem = pem_identity("second use");
        // A caller making a new SecIdentity for every connection, from the same PEM.
        assert!(get(&cache, &identity(&pem), 0).is_none(), "first use");
        let made = get(&cache, &identity(&pem), 0).expect("second use");
        let again = get(&cache, &identity(&pem), 0).expect("third use");
        assert_eq!(made.as_ptr(), again.as_ptr(), "made once");
        let served = made.certificate().expect("the identity's certificate");
        let ours = identity(&pem).certificate().unwrap();
        assert!(SecCertificate::from_x509(served.to_owned()) == ours);
        // Another side or type gets its own, made at once: the identity is known by then.
        let other_slot = get(&cache, &identity(&pem), 3).expect("known identity");
        assert_ne!(other_slot.as_ptr(), made.as_ptr());
    }

    #[test]
    fn the_cache_keeps_the_identities_used_last_and_drops_the_others() {
        let cache = Mutex::new(IdentityContexts::new(2));
        let pems: Vec<_> = (0..3).map(|i| pem_identity(&format!("id{i}"))).collect();
        let ids: Vec<SecIdentity> = pems.iter().map(identity).collect();
        for id in &ids[..2] {
            assert!(get(&cache, id, 0).is_none());
            assert!(get(&cache, id, 0).is_some());
        }
        // Using the first again makes the second the least recently used.
        assert!(get(&cache, &ids[0], 0).is_some());
        assert!(
            get(&cache, &ids[2], 0).is_none(),
            "a third identity, first use"
        );
        assert_eq!(lock(&cache).entries.len(), 2);
        assert!(get(&cache, &ids[0], 0).is_some(), "kept");
        assert!(
            get(&cache, &ids[1], 0).is_none(),
            "dropped: a first use again"
        );
    }

    #[test]
    fn a_failed_build_is_not_kept() {
        let cache = Mutex::new(IdentityContexts::new(2));
        let id = identity(&pem_identity("fails"));
        assert!(get(&cache, &id, 1).is_none());
        assert!(IdentityContexts::get(&cache, id.fingerprint(), 1, || None).is_none());
        assert!(get(&cache, &id, 1).is_some(), "tried again");
    }
}
