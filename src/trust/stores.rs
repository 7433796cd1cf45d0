//! The X.509 stores evaluations run against: the system's roots, or a caller's anchors
//! (with the system's roots unless anchors only), each made once per anchor set.

use std::sync::{Arc, Mutex};

use openssl::error::ErrorStack;
use openssl::x509::store::{X509Store, X509StoreBuilder, X509StoreRef};

use super::roots;
use crate::certificate::SecCertificate;

/// The store an evaluation runs against.
#[derive(Clone)]
pub(super) enum StoreRef {
    System(&'static X509Store),
    Anchored(Arc<X509Store>),
}

impl AsRef<X509StoreRef> for StoreRef {
    fn as_ref(&self) -> &X509StoreRef {
        match self {
            StoreRef::System(store) => store,
            StoreRef::Anchored(store) => store,
        }
    }
}

impl StoreRef {
    /// The store for `anchors` (the system's roots when there are none and `only` is off).
    pub(super) fn for_anchors(
        anchors: &[SecCertificate],
        only: bool,
    ) -> Result<StoreRef, ErrorStack> {
        if anchors.is_empty() && !only {
            return Ok(StoreRef::System(roots::store()));
        }
        anchored_store(anchors, only).map(StoreRef::Anchored)
    }
}

/// How many anchor sets keep their store; the one used least recently goes first.
const ANCHOR_SETS: usize = 8;

/// The store of `anchors` (plus the system roots unless `only`), made once per anchor set:
/// a client evaluates each connection's peer against the same anchors, and making a store
/// costs about as much as the evaluation (far more with the system roots loaded into it).
fn anchored_store(anchors: &[SecCertificate], only: bool) -> Result<Arc<X509Store>, ErrorStack> {
    type Stores = Vec<(Vec<SecCertificate>, bool, Arc<X509Store>)>;
    static STORES: Mutex<Stores> = Mutex::new(Vec::new());
    let lock = || {
        // Each entry is complete when pushed: a panic elsewhere leaves the list usable.
        STORES
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    };
    {
        let mut stores = lock();
        let found = stores
            .iter()
            .position(|(set, set_only, _)| *set_only == only && set.as_slice() == anchors);
        if let Some(at) = found {
            let entry = stores.remove(at);
            let store = Arc::clone(&entry.2);
            stores.push(entry);
            return Ok(store);
        }
    }
    // Made outside the lock: other evaluations need not wait for it.
    let mut builder = X509StoreBuilder::new()?;
    for anchor in anchors {
        builder.add_cert(anchor.x509().to_owned())?;
    }
    if !only {
        builder.set_default_paths()?;
    }
    let store = Arc::new(builder.build());
    let mut stores = lock();
    if stores.len() >= ANCHOR_SETS {
        stores.remove(0);
    }
    stores.push((anchors.to_vec(), only, Arc::clone(&store)));
    Ok(store)
}
