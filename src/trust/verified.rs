//! Chains OpenSSL verified without a single error, remembered so that evaluating the same
//! certificates against the same store again skips building the chain and checking its
//! signatures. A client evaluates its peer's chain on every connection, and a client that
//! connects to a server again meets the same chain: its verification is about an eighth of
//! a full ECDSA handshake's work, mostly one signature check.
//!
//! Only the verification is remembered, whose outcome depends on nothing but the store, the
//! certificates and the time: Apple's policy checks, the host name and revocation run on
//! every evaluation. The time is checked again on each use (every certificate of the chain
//! inside its validity period), and an entry serves at most [`LIFETIME`] (as a browser's
//! verification cache bounds its entries). A store is named by its address while the entry
//! keeps it alive; stores never change once made.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use openssl::x509::X509;

use super::stores::StoreRef;
use crate::certificate::{unix_time, SecCertificate};

/// Chains remembered at most; the oldest goes first.
const CAPACITY: usize = 32;
/// How long a remembered chain serves.
const LIFETIME: Duration = Duration::from_secs(300);

struct Entry {
    store: StoreRef,
    /// The certificates the trust was made with, leaf first.
    presented: Box<[X509]>,
    /// The chain OpenSSL built from them, leaf to anchor.
    chain: Box<[X509]>,
    /// When every certificate of the chain is valid, in seconds since 1970.
    valid: (i64, i64),
    made: Instant,
}

/// The chains remembered, least recently made first.
struct Memo(Mutex<VecDeque<Entry>>);

/// The process's memo, which every evaluation shares.
static MEMO: Memo = Memo::new();

fn now() -> Option<i64> {
    let since = SystemTime::now().duration_since(UNIX_EPOCH).ok()?;
    i64::try_from(since.as_secs()).ok()
}

/// The chain OpenSSL built for `presented` against `store`, if it verified without an error
/// recently and every certificate of it is valid now.
pub(super) fn recall(store: &StoreRef, presented: &[SecCertificate]) -> Option<Vec<X509>> {
    MEMO.recall(store, presented)
}

/// Remembers that `presented` verified against `store` without an error, building `chain`.
pub(super) fn remember(store: &StoreRef, presented: &[SecCertificate], chain: &[X509]) {
    MEMO.remember(store, presented, chain);
}

impl Memo {
    const fn new() -> Memo {
        Memo(Mutex::new(VecDeque::new()))
    }

    fn entries(&self) -> MutexGuard<'_, VecDeque<Entry>> {
        // Each entry is complete when pushed: a panic elsewhere leaves the list usable.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn recall(&self, store: &StoreRef, presented: &[SecCertificate]) -> Option<Vec<X509>> {
        let now = now()?;
        let mut entries = self.entries();
        entries.retain(|entry| entry.made.elapsed() < LIFETIME);
        let entry = entries.iter().find(|entry| {
            std::ptr::eq(entry.store.as_ref(), store.as_ref())
                && entry.presented.len() == presented.len()
                && entry
                    .presented
                    .iter()
                    .zip(presented)
                    .all(|(kept, given)| **kept == *given.x509())
        })?;
        let (from, until) = entry.valid;
        (from <= now && now <= until).then(|| entry.chain.to_vec())
    }

    fn remember(&self, store: &StoreRef, presented: &[SecCertificate], chain: &[X509]) {
        let times = chain.iter().map(|cert| {
            (
                unix_time(cert.not_before()).unwrap_or(i64::MAX),
                unix_time(cert.not_after()).unwrap_or(i64::MIN),
            )
        });
        let valid = times.fold((i64::MIN, i64::MAX), |(from, until), (before, after)| {
            (from.max(before), until.min(after))
        });
        let entry = Entry {
            store: store.clone(),
            presented: presented.iter().map(|c| c.x509().to_owned()).collect(),
            chain: chain.into(),
            valid,
            made: Instant::now(),
        };
        let mut entries = self.entries();
        if entries.len() >= CAPACITY {
            entries.pop_front();
        }
        entries.push_back(entry);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use openssl::asn1::Asn1Time;
    use openssl::ec::{EcGroup, EcKey};
    use openssl::hash::MessageDigest;
    use openssl::nid::Nid;
    use openssl::pkey::PKey;
    use openssl::x509::store::X509StoreBuilder;
    use openssl::x509::{X509Builder, X509NameBuilder};

    use crate::trust::verified::*;

    /// A self-signed certificate named `name`, valid from `from` to `until` (Unix times).
    fn certificate(name: &str, from: i64, until: i64) -> X509 {
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
        let key = PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap();
        let mut subject = X509NameBuilder::new().unwrap();
        subject.append_entry_by_text("CN", name).unwrap();
        let subject = subject.build();
        let mut builder = X509Builder::new().unwrap();
        builder.set_subject_name(&subject).unwrap();
        builder.set_issuer_name(&subject).unwrap();
        builder.set_pubkey(&key).unwrap();
        builder
            .set_not_before(&Asn1Time::from_unix(from).unwrap())
            .unwrap();
        builder
            .set_not_after(&Asn1Time::from_unix(until).unwrap())
            .unwrap();
        builder.sign(&key, MessageDigest::sha256()).unwrap();
        builder.build()
    }

    fn store() -> StoreRef {
        StoreRef::Anchored(Arc::new(X509StoreBuilder::new().unwrap().build()))
    }

    #[test]
    fn a_chain_serves_only_for_its_store_its_certificates_and_its_validity() {
        let now = now().unwrap();
        let current = certificate("current", now - 3600, now + 3600);
        let other = certificate("other", now - 3600, now + 3600);
        let expired = certificate("expired", now - 7200, now - 3600);
        let (ours, theirs) = (store(), store());
        let memo = Memo::new();
        let presented = [SecCertificate::from_x509(current.clone())];
        memo.remember(&ours, &presented, std::slice::from_ref(&current));
        let chain = memo.recall(&ours, &presented).expect("remembered");
        assert!(chain.len() == 1 && *chain[0] == *current);
        assert!(memo.recall(&theirs, &presented).is_none(), "another store");
        let more = [
            presented[0].clone(),
            SecCertificate::from_x509(other.clone()),
        ];
        assert!(memo.recall(&ours, &more).is_none(), "other certificates");
        assert!(memo
            .recall(&ours, &[SecCertificate::from_x509(other)])
            .is_none());
        // A chain whose certificate expired since (here: before) it was verified.
        let stale = [SecCertificate::from_x509(expired.clone())];
        memo.remember(&ours, &stale, &[expired]);
        assert!(memo.recall(&ours, &stale).is_none(), "expired");
        // A valid leaf under an expired certificate is out of its chain's period too.
        let under = [SecCertificate::from_x509(current.clone())];
        let expired_root = certificate("root", now - 7200, now - 3600);
        memo.remember(&theirs, &under, &[current, expired_root]);
        assert!(memo.recall(&theirs, &under).is_none(), "expired root");
    }
}
