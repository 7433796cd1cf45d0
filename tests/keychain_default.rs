//! The default keychain: where it is made on first use, with what password and permissions,
//! what moves it (the environment variable, `set_default`), the search list that begins with
//! it, locking them all. One test: the environment and the keychains' lock states are the
//! process's.

use std::fs;
use std::os::unix::fs::PermissionsExt;

use secure_transport::keychain::{
    ItemClass, ItemSearchOptions, ItemValue, KeychainStatus, SecKeychain, DEFAULT_KEYCHAIN_VARIABLE,
};
use secure_transport::status::*;
use secure_transport_test_kit::code;
use secure_transport_test_kit::pki::{KeyKind, Pki};

fn mode(path: &std::path::Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_default_keychain_is_made_on_first_use_where_the_environment_says() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let data = pki.dir().join("data");
    std::env::set_var("XDG_DATA_HOME", &data);
    std::env::remove_var(DEFAULT_KEYCHAIN_VARIABLE);

    // Made on first use, in the keychain directory, readable by its owner only, with an
    // empty password: unlocked, as a Mac's login keychain is after login.
    let mut default = SecKeychain::default().unwrap();
    let directory = data.join("secure-transport");
    assert_eq!(default.path(), directory.join("login.keychain"));
    assert_eq!(mode(&directory), 0o700);
    assert_eq!(mode(default.path()), 0o600);
    assert_eq!(default.status().unwrap(), KeychainStatus::all());
    assert_eq!(
        SecKeychain::search_list().unwrap(),
        std::slice::from_ref(&default)
    );

    // Items go to it and are found in it without naming a keychain.
    default
        .add(&ItemValue::Identity(pki.client().identity()), Some("me"))
        .unwrap();
    let mut mine = ItemSearchOptions::new(ItemClass::Identity);
    mine.label("me");
    assert_eq!(mine.search().unwrap().len(), 1);
    // Relative paths are in the keychain directory.
    let relative = SecKeychain::open("login.keychain").unwrap();
    assert_eq!(relative, default);

    // The environment variable moves it: a new, empty default keychain.
    let elsewhere = pki.dir().join("elsewhere").join("mine.keychain");
    std::env::set_var(DEFAULT_KEYCHAIN_VARIABLE, &elsewhere);
    let moved = SecKeychain::default().unwrap();
    assert_eq!(moved.path(), elsewhere);
    assert_eq!(mode(&elsewhere), 0o600);
    assert_eq!(code(mine.search()), errSecItemNotFound);

    // set_default moves it for the process, until the keychain is deleted.
    let chosen = SecKeychain::create(pki.dir().join("chosen.keychain"), b"pw").unwrap();
    SecKeychain::set_default(Some(&chosen));
    assert_eq!(SecKeychain::default().unwrap(), chosen);
    assert_eq!(
        SecKeychain::search_list().unwrap(),
        std::slice::from_ref(&chosen)
    );
    chosen.delete().unwrap();
    assert_eq!(SecKeychain::default().unwrap(), moved);

    // A search list of the process's.
    SecKeychain::set_search_list(&[moved.clone(), default.clone()]);
    assert_eq!(mine.search().unwrap()[0].label(), "me");
    moved.delete().unwrap();
    assert_eq!(
        SecKeychain::search_list().unwrap(),
        std::slice::from_ref(&default)
    );

    // Locking every keychain of the process (here, in a test binary of its own): each
    // one opened, the default too, needs unlocking again.
    let mut locked = SecKeychain::create(pki.dir().join("locked.keychain"), b"secret").unwrap();
    SecKeychain::lock_all();
    assert_eq!(locked.status().unwrap(), KeychainStatus::READABLE);
    assert_eq!(default.status().unwrap(), KeychainStatus::READABLE);
    assert_eq!(code(mine.search()), errSecInteractionNotAllowed);
    default.unlock(None).unwrap();
    locked.unlock(Some("secret")).unwrap();
    assert_eq!(mine.search().unwrap()[0].label(), "me");

    // Made again once deleted, empty.
    std::env::remove_var(DEFAULT_KEYCHAIN_VARIABLE);
    default.delete().unwrap();
    SecKeychain::set_search_list(&[]);
    assert_eq!(code(mine.search()), errSecItemNotFound);
    let again = SecKeychain::default().unwrap();
    assert_eq!(again, default);
    mine.keychains(&[again]);
    assert_eq!(code(mine.search()), errSecItemNotFound);
}
