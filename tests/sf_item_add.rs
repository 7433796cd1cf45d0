//! security-framework's `ItemAddOptions`, `update_item`, the search filters and
//! `GenerateKeyOptions::set_location`, through this crate renamed as its users rename it:
//! items added to real keychain files (a given one, the default one), read back with the
//! `openssl pkcs12` tool, relabelled, and found by each filter among several.

use std::path::Path;
use std::time::Duration;

use secure_transport as security_framework;
use secure_transport_test_kit::keychains::every_ref;
use secure_transport_test_kit::peers::pkcs12_info;
use secure_transport_test_kit::pki::{KeyKind, LeafSpec, Pki};
use security_framework::item::{
    update_item, AddRef, ItemAddOptions, ItemAddValue, ItemClass, ItemSearchOptions,
    ItemUpdateOptions, ItemUpdateValue, KeyClass, Limit, Location, Reference, SearchResult,
};
use security_framework::key::{GenerateKeyOptions, KeyType, SecKey};
use security_framework::keychain::DEFAULT_KEYCHAIN_VARIABLE;
use security_framework::os::macos::keychain::{CreateOptions, SecKeychain};
use security_framework::status::{
    errSecDuplicateItem, errSecItemNotFound, errSecNoSuchAttr, errSecUnimplemented,
};

/// What `openssl pkcs12 -info` prints of the keychain file (keys unencrypted).
fn openssl_info(keychain: &Path, password: &str) -> String {
    let (ok, info) = pkcs12_info(keychain, password);
    assert!(ok, "openssl pkcs12:\n{info}");
    info
}

/// The labels (friendlyName) the file's bags carry, in order.
fn labels(info: &str) -> Vec<String> {
    info.lines()
        .filter_map(|l| l.trim().strip_prefix("friendlyName: "))
        .map(str::to_owned)
        .collect()
}

fn found(search: &ItemSearchOptions) -> Vec<Reference> {
    match search.search() {
        Ok(results) => results
            .into_iter()
            .map(|r| match r {
                SearchResult::Ref(reference) => reference,
                other => panic!("not a reference: {other:?}"),
            })
            .collect(),
        Err(e) if e.code() == errSecItemNotFound => Vec::new(),
        Err(e) => panic!("search: {e}"),
    }
}

#[test]
fn items_added_with_options_are_in_the_file_the_openssl_tool_reads() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let file = pki.dir().join("added.keychain");
    let keychain = CreateOptions::new().password("pw").create(&file).unwrap();
    let here = || Location::FileKeychain(keychain.clone());

    let ca = pki.ca().certificate();
    ItemAddOptions::new(ItemAddValue::Ref(AddRef::Certificate(ca.clone())))
        .set_label("the CA")
        .set_location(here())
        .add()
        .unwrap();
    ItemAddOptions::new(ItemAddValue::Ref(AddRef::Identity(pki.server().identity())))
        .set_label("the server")
        .set_location(here())
        .add()
        .unwrap();
    let key = SecKey::new(GenerateKeyOptions::default().set_key_type(KeyType::ec())).unwrap();
    ItemAddOptions::new(ItemAddValue::Data {
        class: ItemClass::key(),
        data: key.external_representation().unwrap(),
    })
    .set_label("a loose key")
    .set_location(here())
    .add()
    .unwrap();
    ItemAddOptions::new(ItemAddValue::Data {
        class: ItemClass::certificate(),
        data: pki.client().certificate().to_der(),
    })
    .set_location(here())
    .add()
    .unwrap();

    let info = openssl_info(&file, "pw");
    // Certificates first, then keys: the server's key is labelled with its identity.
    assert_eq!(
        labels(&info),
        [
            "the CA",
            "the server",
            "client",
            "the server",
            "a loose key"
        ]
    );
    assert!(
        info.contains("subject=CN=secure-transport test CA"),
        "{info}"
    );
    assert_eq!(info.matches("BEGIN PRIVATE KEY").count(), 2, "{info}");
    let keys = found(every_ref(&keychain, ItemClass::key()).label("a loose key"));
    assert!(matches!(&keys[..], [Reference::Key(k)] if *k == key));

    // Apple's refusals: the same item again, attributes a certificate has not, a public
    // key alone, a password.
    let again = ItemAddOptions::new(ItemAddValue::Ref(AddRef::Certificate(ca.clone())))
        .set_location(here())
        .add();
    assert_eq!(again.unwrap_err().code(), errSecDuplicateItem);
    let ca2 = pki.issue(LeafSpec::WrongHost).certificate();
    let with_account = ItemAddOptions::new(ItemAddValue::Ref(AddRef::Certificate(ca2)))
        .set_account_name("me")
        .set_location(here())
        .add();
    assert_eq!(with_account.unwrap_err().code(), errSecNoSuchAttr);
    let public = key.public_key().unwrap();
    let public = ItemAddOptions::new(ItemAddValue::Ref(AddRef::Key(public)))
        .set_location(here())
        .add();
    assert_eq!(public.unwrap_err().code(), errSecUnimplemented);
    let password = ItemAddOptions::new(ItemAddValue::Data {
        class: ItemClass::generic_password(),
        data: b"secret".to_vec(),
    })
    .set_location(here())
    .add();
    assert_eq!(password.unwrap_err().code(), errSecUnimplemented);
    assert_eq!(labels(&openssl_info(&file, "pw")).len(), 5);
}

#[test]
fn update_item_relabels_what_the_search_finds() {
    let pki = Pki::new(KeyKind::Rsa2048);
    let file = pki.dir().join("update.keychain");
    let keychain = CreateOptions::new().password("pw").create(&file).unwrap();
    for issued in [pki.server(), pki.client()] {
        ItemAddOptions::new(ItemAddValue::Ref(AddRef::Identity(issued.identity())))
            .set_location(Location::FileKeychain(keychain.clone()))
            .add()
            .unwrap();
    }
    let mut search = every_ref(&keychain, ItemClass::identity());
    search.label("client");
    update_item(&search, ItemUpdateOptions::new().set_label("renamed")).unwrap();
    // The identity's certificate and key both: the file says so.
    assert_eq!(
        labels(&openssl_info(&file, "pw")),
        ["localhost", "renamed", "localhost", "renamed"]
    );
    assert!(found(&search).is_empty());

    // What a keychain file cannot change.
    let mut everything = every_ref(&keychain, ItemClass::certificate());
    let comment = update_item(&everything, ItemUpdateOptions::new().set_comment("c"));
    assert_eq!(comment.unwrap_err().code(), errSecNoSuchAttr);
    let mut data = ItemUpdateOptions::new();
    data.set_value(ItemUpdateValue::Data(vec![1]))
        .set_label("x");
    assert_eq!(
        update_item(&everything, &data).unwrap_err().code(),
        errSecUnimplemented
    );
    let missing = update_item(
        everything.label("nobody"),
        ItemUpdateOptions::new().set_label("x"),
    );
    assert_eq!(missing.unwrap_err().code(), errSecItemNotFound);
}

#[test]
fn each_search_filter_finds_exactly_its_items() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let keychain = CreateOptions::new()
        .password("pw")
        .create(pki.dir().join("filters.keychain"))
        .unwrap();
    let (ca, server, client) = (pki.ca(), pki.server(), pki.client());
    keychain
        .add(
            &security_framework::keychain::ItemValue::Certificate(ca.certificate()),
            Some("Root"),
        )
        .unwrap();
    for issued in [server, client] {
        ItemAddOptions::new(ItemAddValue::Ref(AddRef::Identity(issued.identity())))
            .set_location(Location::FileKeychain(keychain.clone()))
            .add()
            .unwrap();
    }
    let certificate = |r: &Reference| match r {
        Reference::Certificate(c) => c.clone(),
        Reference::Identity(i) => i.certificate().unwrap(),
        Reference::Key(_) => panic!("a key"),
    };
    let subjects = |search: &ItemSearchOptions| -> Vec<String> {
        found(search)
            .iter()
            .map(|r| certificate(r).subject_summary())
            .collect()
    };
    let certificates = || every_ref(&keychain, ItemClass::certificate());
    let keys = || every_ref(&keychain, ItemClass::key());
    let identities = || every_ref(&keychain, ItemClass::identity());

    // Label, with and without regard to case.
    assert!(found(certificates().label("root")).is_empty());
    assert_eq!(
        subjects(certificates().label("root").case_insensitive(Some(true))),
        ["secure-transport test CA"]
    );
    assert!(found(certificates().label("root").case_insensitive(Some(false))).is_empty());
    // Subject.
    assert_eq!(subjects(certificates().subject("client")), ["client"]);
    assert_eq!(subjects(identities().subject("localhost")), ["localhost"]);
    assert!(found(certificates().subject("CLIENT")).is_empty());
    assert_eq!(
        subjects(
            certificates()
                .subject("CLIENT")
                .case_insensitive(Some(true))
        ),
        ["client"]
    );
    assert!(found(keys().subject("client")).is_empty());
    // Serial number.
    let serial = client.certificate().serial_number_bytes().unwrap();
    assert_eq!(subjects(certificates().serial_number(&serial)), ["client"]);
    assert!(found(certificates().serial_number(&[0x7f, 1, 2])).is_empty());
    // The public key's SHA-1: kSecAttrPublicKeyHash of certificates, kSecAttrApplicationLabel
    // of keys, both of identities.
    let server_key = server.certificate().public_key().unwrap();
    let hash = server_key.application_label().unwrap();
    assert_eq!(
        hash,
        openssl::sha::sha1(&server_key.external_representation().unwrap())
    );
    assert_eq!(subjects(certificates().pub_key_hash(&hash)), ["localhost"]);
    assert_eq!(subjects(identities().pub_key_hash(&hash)), ["localhost"]);
    assert!(found(keys().pub_key_hash(&hash)).is_empty());
    let server_keys = found(keys().application_label(&hash));
    assert!(
        matches!(&server_keys[..], [Reference::Key(k)] if k.public_key().unwrap() == server_key)
    );
    assert_eq!(
        subjects(identities().application_label(&hash)),
        ["localhost"]
    );
    assert!(found(certificates().application_label(&hash)).is_empty());
    let mut private_keys = ItemSearchOptions::new();
    private_keys
        .key_class(KeyClass::private())
        .keychains(std::slice::from_ref(&keychain))
        .load_refs(true)
        .limit(Limit::All);
    assert_eq!(found(&private_keys).len(), 2);
    assert!(found(private_keys.application_label(&[0; 20])).is_empty());
}

/// Without a location, items go to the default keychain: the one the environment names.
#[test]
fn items_and_generated_keys_without_a_keychain_go_to_the_default_one() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let file = pki.dir().join("default.keychain");
    std::env::set_var(DEFAULT_KEYCHAIN_VARIABLE, &file);
    ItemAddOptions::new(ItemAddValue::Ref(AddRef::Certificate(
        pki.ca().certificate(),
    )))
    .set_label("in the default")
    .add()
    .unwrap();
    let mut options = GenerateKeyOptions::default();
    options
        .set_key_type(KeyType::ec())
        .set_size_in_bits(384)
        .set_label("generated")
        .set_location(Location::DefaultFileKeychain);
    let key = SecKey::new(&options).unwrap();
    let in_memory = SecKey::new(GenerateKeyOptions::default().set_key_type(KeyType::ec())).unwrap();
    std::env::remove_var(DEFAULT_KEYCHAIN_VARIABLE);

    // The default keychain's password is empty.
    let info = openssl_info(&file, "");
    assert_eq!(labels(&info), ["in the default", "generated"]);
    assert_eq!(info.matches("BEGIN PRIVATE KEY").count(), 1, "{info}");
    let keychain = SecKeychain::open(&file).unwrap();
    let keys = found(
        every_ref(&keychain, ItemClass::key()).application_label(&key.application_label().unwrap()),
    );
    assert!(matches!(&keys[..], [Reference::Key(k)] if *k == key));
    let other = in_memory.application_label().unwrap();
    assert!(found(every_ref(&keychain, ItemClass::key()).application_label(&other)).is_empty());
}

/// A lock interval locks a keychain that went that long unused; use within it keeps it
/// unlocked, and `unlock` opens it again.
#[test]
fn a_keychain_unused_longer_than_its_lock_interval_locks_again() {
    use security_framework::keychain::KeychainStatus;
    use security_framework::os::macos::keychain::KeychainSettings;
    use security_framework::status::errSecInteractionNotAllowed;

    let pki = Pki::new(KeyKind::EcdsaP256);
    let file = pki.dir().join("interval.keychain");
    let mut keychain = CreateOptions::new().password("pw").create(&file).unwrap();
    keychain
        .add(
            &security_framework::keychain::ItemValue::Certificate(pki.ca().certificate()),
            None,
        )
        .unwrap();
    let mut settings = KeychainSettings::new();
    settings.set_lock_interval(Some(1));
    keychain.set_settings(&settings).unwrap();
    let certificates = every_ref(&keychain, ItemClass::certificate());

    // Used every 400 ms for 1.6 s: never a second unused.
    for _ in 0..4 {
        std::thread::sleep(Duration::from_millis(400));
        assert_eq!(found(&certificates).len(), 1);
    }
    // Unused for more than a second: locked, for every reference to the file.
    std::thread::sleep(Duration::from_millis(1300));
    let other = SecKeychain::open(&file).unwrap();
    assert_eq!(other.status().unwrap(), KeychainStatus::READABLE);
    let locked = certificates.search().unwrap_err();
    assert_eq!(locked.code(), errSecInteractionNotAllowed);
    keychain.unlock(Some("pw")).unwrap();
    assert_eq!(found(&certificates).len(), 1);

    // No interval: it stays unlocked.
    keychain.set_settings(&KeychainSettings::default()).unwrap();
    std::thread::sleep(Duration::from_millis(1300));
    assert_eq!(keychain.status().unwrap(), KeychainStatus::all());
}
