//! Searches the keychain tests share.

use secure_transport::item::{ItemClass, ItemSearchOptions, Limit};
use secure_transport::os::macos::keychain::SecKeychain;

/// References to every item of `class` in `keychain` alone (security-framework's search).
pub fn every_ref(keychain: &SecKeychain, class: ItemClass) -> ItemSearchOptions {
    let mut search = ItemSearchOptions::new();
    search
        .class(class)
        .keychains(std::slice::from_ref(keychain))
        .load_refs(true)
        .limit(Limit::All);
    search
}
