//! Keychains as files: what the `openssl` tool reads in them and writes for them, the
//! password and lock rules, damage refused without a byte changed, and the items' rules
//! (labels, duplicates, identities) as Apple's keychain has them.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use openssl::pkey::PKey;
use secure_transport::identity::SecIdentity;
use secure_transport::keychain::{
    ItemClass, ItemSearchOptions, ItemValue, KeychainStatus, Limit, SecKeychain,
};
use secure_transport::policy::SecPolicy;
use secure_transport::status::*;
use secure_transport::types::SslProtocolSide;
use secure_transport_test_kit::code;
use secure_transport_test_kit::peers::pkcs12_info;
use secure_transport_test_kit::pki::{KeyKind, LeafSpec, Pki};

/// A keychain file in the PKI's directory, made with `password`.
fn new_keychain(pki: &Pki, name: &str, password: &str) -> (SecKeychain, PathBuf) {
    let file = pki.dir().join(name);
    let keychain = SecKeychain::create(&file, password.as_bytes()).expect("create");
    (keychain, file)
}

/// The labels of the items `search` finds, or its error.
fn labels(search: &ItemSearchOptions) -> Result<Vec<String>, OSStatus> {
    let found = search.search().map_err(|e| e.code())?;
    Ok(found.iter().map(|i| i.label().to_owned()).collect())
}

fn search_in(keychain: &SecKeychain, class: ItemClass) -> ItemSearchOptions {
    let mut search = ItemSearchOptions::new(class);
    search
        .keychains(std::slice::from_ref(keychain))
        .limit(Limit::All);
    search
}

#[test]
fn a_keychain_is_a_pkcs12_file_the_openssl_tool_reads() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (keychain, file) = new_keychain(&pki, "tool.keychain", "open sesame");
    let lone = PKey::private_key_from_pem(&pki.client().key_pem).unwrap();
    keychain
        .add(
            &ItemValue::Identity(pki.server().identity()),
            Some("my server"),
        )
        .unwrap();
    keychain
        .add(&ItemValue::Certificate(pki.ca().certificate()), None)
        .unwrap();
    keychain.add(&ItemValue::Key(lone), None).unwrap();
    assert_eq!(
        fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let (ok, info) = pkcs12_info(&file, "open sesame");
    assert!(ok, "{info}");
    for expected in [
        "MAC: sha256",
        "PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256",
        "friendlyName: my server",
        "friendlyName: secure-transport test CA",
        "friendlyName: Imported Private Key",
        "subject=CN=localhost",
        "BEGIN PRIVATE KEY",
    ] {
        assert!(info.contains(expected), "no {expected:?} in:\n{info}");
    }
    // The server's certificate and key share a localKeyID; the CA and the lone key have none.
    assert_eq!(info.matches("localKeyID:").count(), 2, "{info}");
    assert_eq!(info.matches("Key bag").count(), 2, "{info}");
    assert_eq!(info.matches("Certificate bag").count(), 2, "{info}");
    let (ok, wrong) = pkcs12_info(&file, "open says me");
    assert!(!ok && wrong.contains("Mac verify error"), "{wrong}");
}

#[test]
fn a_pkcs12_file_the_openssl_tool_wrote_opens_as_a_keychain() {
    let pki = Pki::new(KeyKind::Rsa2048);
    let archive = pki.server().pkcs12_made_by_openssl("from openssl", &[]);
    let file = pki.dir().join("exported.p12");
    fs::write(&file, archive).unwrap();
    let mut keychain = SecKeychain::open(&file).unwrap();
    assert_eq!(code(keychain.status()), errSecSuccess);
    assert_eq!(keychain.status().unwrap(), KeychainStatus::READABLE);
    assert_eq!(
        code(search_in(&keychain, ItemClass::Identity).search()),
        errSecInteractionNotAllowed
    );
    assert_eq!(code(keychain.unlock(Some("not it"))), errSecAuthFailed);
    keychain.unlock(Some("from openssl")).unwrap();
    assert_eq!(keychain.status().unwrap(), KeychainStatus::all());
    let mut search = search_in(&keychain, ItemClass::Identity);
    search.label("secure-transport test");
    let found = search.search().unwrap();
    let ItemValue::Identity(identity) = found[0].value() else {
        panic!("{found:?}")
    };
    assert_eq!(identity.certificate().unwrap(), pki.server().certificate());
}

#[test]
fn a_locked_keychain_needs_its_password_and_an_empty_one_needs_none() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (mut keychain, _) = new_keychain(&pki, "locked.keychain", "secret");
    let certificate = ItemValue::Certificate(pki.ca().certificate());
    keychain.lock().unwrap();
    assert_eq!(keychain.status().unwrap(), KeychainStatus::READABLE);
    assert_eq!(
        code(keychain.add(&certificate, None)),
        errSecInteractionNotAllowed
    );
    assert_eq!(code(keychain.unlock(None)), errSecInteractionNotAllowed);
    assert_eq!(code(keychain.unlock(Some("Secret"))), errSecAuthFailed);
    assert_eq!(code(keychain.unlock_bytes(Some(b"\xff"))), errSecParam);
    // Every reference to the file shares the state.
    let mut again = SecKeychain::open(keychain.path()).unwrap();
    again.unlock(Some("secret")).unwrap();
    keychain.add(&certificate, None).unwrap();

    // An empty password opens by itself, until the keychain is locked on purpose.
    let (mut empty, _) = new_keychain(&pki, "empty.keychain", "");
    empty.lock().unwrap();
    assert_eq!(
        code(empty.add(&certificate, None)),
        errSecInteractionNotAllowed
    );
    empty.unlock(None).unwrap();
    empty.add(&certificate, None).unwrap();

    let mut missing = SecKeychain::open(pki.dir().join("missing.keychain")).unwrap();
    for result in [
        missing.status().map(drop),
        missing.lock(),
        missing.unlock(None),
    ] {
        assert_eq!(code(result), errSecNoSuchKeychain);
    }
    assert_eq!(
        code(SecKeychain::create(keychain.path(), b"")),
        errSecDuplicateKeychain
    );
    assert_eq!(
        code(SecKeychain::create(pki.dir().join("nul"), b"a\0b")),
        errSecParam
    );
}

#[test]
fn a_damaged_file_is_refused_and_left_as_it_was() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (keychain, file) = new_keychain(&pki, "damaged.keychain", "pw");
    keychain
        .add(&ItemValue::Identity(pki.server().identity()), None)
        .unwrap();
    let good = fs::read(&file).unwrap();
    let mut appended = good.clone();
    appended.extend_from_slice(b"junk");
    for damaged in [
        good[..good.len() / 2].to_vec(),
        good[..good.len() - 1].to_vec(),
        appended,
        b"not a keychain".to_vec(),
        Vec::new(),
    ] {
        fs::write(&file, &damaged).unwrap();
        let add = keychain.add(&ItemValue::Certificate(pki.ca().certificate()), None);
        assert_eq!(code(add), errSecDecode);
        let search = search_in(&keychain, ItemClass::Certificate).search();
        assert_eq!(code(search), errSecDecode);
        assert_eq!(
            code(search_in(&keychain, ItemClass::Key).delete()),
            errSecDecode
        );
        assert_eq!(fs::read(&file).unwrap(), damaged, "the file was changed");
    }
    // With the MAC's bytes changed, the archive is one for another password.
    let mut other_mac = good.clone();
    let last = other_mac.len() - 40;
    other_mac[last] ^= 1;
    fs::write(&file, &other_mac).unwrap();
    let add = keychain.add(&ItemValue::Certificate(pki.ca().certificate()), None);
    assert_eq!(code(add), errSecAuthFailed);
    assert_eq!(fs::read(&file).unwrap(), other_mac);
    fs::write(&file, &good).unwrap();
    assert_eq!(
        labels(&search_in(&keychain, ItemClass::Identity)).unwrap(),
        ["localhost"]
    );
}

#[test]
fn items_follow_apples_rules_for_labels_duplicates_and_identities() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (keychain, _) = new_keychain(&pki, "items.keychain", "pw");
    let server = pki.server().identity();
    let client_key = PKey::private_key_from_pem(&pki.client().key_pem).unwrap();
    let client_cert = ItemValue::Certificate(pki.client().certificate());

    // A key added first is "Imported Private Key"; with its certificate it is an identity.
    let added = keychain
        .add(&ItemValue::Key(client_key.clone()), None)
        .unwrap();
    assert_eq!(added.label(), "Imported Private Key");
    assert_eq!(added.keychain(), &keychain);
    assert_eq!(
        labels(&search_in(&keychain, ItemClass::Identity)),
        Err(errSecItemNotFound)
    );
    keychain.add(&client_cert, Some("client cert")).unwrap();
    let added = keychain
        .add(&ItemValue::Identity(server.clone()), None)
        .unwrap();
    assert_eq!(added.label(), "localhost");
    assert_eq!(
        labels(&search_in(&keychain, ItemClass::Identity)).unwrap(),
        ["client cert", "localhost"]
    );
    assert_eq!(
        labels(&search_in(&keychain, ItemClass::Key)).unwrap(),
        ["Imported Private Key", "localhost"]
    );
    // Duplicates: the same certificate, key or identity again, whatever the label.
    for value in [
        client_cert.clone(),
        ItemValue::Key(client_key),
        ItemValue::Identity(server.clone()),
    ] {
        assert_eq!(
            code(keychain.add(&value, Some("again"))),
            errSecDuplicateItem
        );
    }
    assert_eq!(code(keychain.add(&client_cert, Some("a\0b"))), errSecParam);

    // Found by label, by certificate, one by default.
    let mut by_label = ItemSearchOptions::new(ItemClass::Certificate);
    by_label
        .keychains(std::slice::from_ref(&keychain))
        .label("client cert");
    assert_eq!(labels(&by_label).unwrap(), ["client cert"]);
    let mut one = ItemSearchOptions::new(ItemClass::Certificate);
    one.keychains(std::slice::from_ref(&keychain));
    assert_eq!(labels(&one).unwrap(), ["client cert"]);
    let mut of_server = search_in(&keychain, ItemClass::Key);
    of_server.certificate(&pki.server().certificate());
    assert_eq!(labels(&of_server).unwrap(), ["localhost"]);

    // The identity of a certificate, from its key in the keychain.
    let paired =
        SecIdentity::with_certificate(std::slice::from_ref(&keychain), &pki.server().certificate())
            .unwrap();
    assert_eq!(paired.certificate().unwrap(), pki.server().certificate());
    let stranger = pki.issue(LeafSpec::WrongHost).certificate();
    assert_eq!(
        code(SecIdentity::with_certificate(
            std::slice::from_ref(&keychain),
            &stranger
        )),
        errSecItemNotFound
    );

    // Relabelled: an identity's certificate and key both.
    let mut identity = search_in(&keychain, ItemClass::Identity);
    identity.label("localhost");
    identity.set_label("renamed").unwrap();
    assert_eq!(code(identity.set_label("again")), errSecItemNotFound);
    assert_eq!(
        labels(&search_in(&keychain, ItemClass::Key)).unwrap(),
        ["Imported Private Key", "renamed"]
    );

    // An update or a deletion reaches what a search would find: one item unless told more.
    let twins = [pki.issue(LeafSpec::WrongHost), pki.issue(LeafSpec::Expired)];
    for twin in &twins {
        let value = ItemValue::Certificate(twin.certificate());
        keychain.add(&value, Some("twin")).unwrap();
    }
    let mut twin = search_in(&keychain, ItemClass::Certificate);
    twin.label("twin").limit(Limit::Max(1));
    twin.set_label("first twin").unwrap();
    twin.label("first twin").limit(Limit::All);
    assert_eq!(twin.search().unwrap().len(), 1);
    twin.label("twin").limit(Limit::Max(1));
    twin.delete().unwrap();
    let mut twins_left = search_in(&keychain, ItemClass::Certificate);
    twins_left.label("first twin");
    twins_left.limit(Limit::All).delete().unwrap();
    assert_eq!(code(twins_left.search()), errSecItemNotFound);

    // Deleted: an identity takes its key along; a certificate alone leaves its key.
    let mut renamed = search_in(&keychain, ItemClass::Identity);
    renamed.label("renamed");
    renamed.delete().unwrap();
    assert_eq!(code(renamed.delete()), errSecItemNotFound);
    by_label.delete().unwrap();
    assert_eq!(
        labels(&search_in(&keychain, ItemClass::Certificate)),
        Err(errSecItemNotFound)
    );
    assert_eq!(
        labels(&search_in(&keychain, ItemClass::Key)).unwrap(),
        ["Imported Private Key"]
    );
}

#[test]
fn a_search_passes_over_keychains_it_cannot_read_unless_all_fail() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (open, _) = new_keychain(&pki, "open.keychain", "pw");
    let (locked, _) = new_keychain(&pki, "closed.keychain", "pw");
    locked
        .add(&ItemValue::Certificate(pki.client().certificate()), None)
        .unwrap();
    locked.lock().unwrap();
    open.add(&ItemValue::Certificate(pki.ca().certificate()), None)
        .unwrap();
    let missing = SecKeychain::open(pki.dir().join("gone.keychain")).unwrap();

    let mut search = ItemSearchOptions::new(ItemClass::Certificate);
    search
        .keychains(&[missing.clone(), locked.clone(), open.clone()])
        .limit(Limit::All);
    assert_eq!(labels(&search).unwrap(), ["secure-transport test CA"]);
    search.keychains(&[missing.clone(), locked.clone()]);
    assert_eq!(labels(&search), Err(errSecInteractionNotAllowed));
    search.keychains(&[locked.clone(), missing]);
    assert_eq!(labels(&search), Err(errSecNoSuchKeychain));
    search.keychains(&[]);
    assert_eq!(labels(&search), Err(errSecItemNotFound));

    open.delete().unwrap();
    assert_eq!(code(open.delete()), errSecNoSuchKeychain);
    assert!(!open.path().exists());
}

#[test]
fn threads_adding_at_once_lose_nothing() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (keychain, _) = new_keychain(&pki, "threads.keychain", "pw");
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let keychain = keychain.clone();
            std::thread::spawn(move || {
                for i in 0..5 {
                    let key = PKey::generate_ed25519().unwrap();
                    let label = format!("thread {t} key {i}");
                    keychain.add(&ItemValue::Key(key), Some(&label)).unwrap();
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let mut found = labels(&search_in(&keychain, ItemClass::Key)).unwrap();
    found.sort();
    let mut expected: Vec<String> = (0..4)
        .flat_map(|t| (0..5).map(move |i| format!("thread {t} key {i}")))
        .collect();
    expected.sort();
    assert_eq!(found, expected);
}

#[test]
fn a_persistent_reference_finds_its_item_again_until_it_is_deleted() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (keychain, _) = new_keychain(&pki, "persistent.keychain", "pw");
    let other = ItemValue::Identity(pki.client().identity());
    keychain.add(&other, Some("same label")).unwrap();
    keychain
        .add(
            &ItemValue::Identity(pki.server().identity()),
            Some("same label"),
        )
        .unwrap();
    for class in [ItemClass::Certificate, ItemClass::Key, ItemClass::Identity] {
        let found = search_in(&keychain, class).search().unwrap();
        assert_eq!(found.len(), 2);
        let second = &found[1];
        assert_eq!(second.keychain(), &keychain);
        let reference = second.persistent_ref();
        let again = ItemSearchOptions::with_persistent_ref(&reference)
            .unwrap()
            .search()
            .unwrap();
        assert_eq!(again.len(), 1, "{class:?}");
        assert_eq!(again[0].persistent_ref(), reference);
        match (again[0].value(), second.value()) {
            (ItemValue::Certificate(a), ItemValue::Certificate(b)) => assert_eq!(a, b),
            (ItemValue::Key(a), ItemValue::Key(b)) => assert!(a.public_eq(b)),
            (ItemValue::Identity(a), ItemValue::Identity(b)) => {
                assert_eq!(a.certificate().unwrap(), b.certificate().unwrap())
            }
            other => panic!("{other:?}"),
        }
    }
    let identity = &search_in(&keychain, ItemClass::Identity).search().unwrap()[1];
    let reference = identity.persistent_ref();
    ItemSearchOptions::with_persistent_ref(&reference)
        .unwrap()
        .delete()
        .unwrap();
    let gone = ItemSearchOptions::with_persistent_ref(&reference).unwrap();
    assert_eq!(code(gone.search()), errSecItemNotFound);
    assert_eq!(
        labels(&search_in(&keychain, ItemClass::Identity)).unwrap(),
        ["same label"]
    );
    for malformed in [&b""[..], b"stk1", b"stk1\x07", &reference[..30]] {
        assert!(ItemSearchOptions::with_persistent_ref(malformed).is_none());
    }
}

#[test]
fn searches_by_key_and_by_policy_and_imports_all_or_nothing() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let (keychain, file) = new_keychain(&pki, "policy.keychain", "pw");
    let expired = pki.issue(LeafSpec::Expired);
    keychain
        .add_all(&[
            (ItemValue::Identity(pki.client().identity()), None),
            (ItemValue::Identity(pki.server().identity()), None),
            (ItemValue::Identity(expired.identity()), None),
            (
                ItemValue::Certificate(pki.ca().certificate()),
                Some("the CA"),
            ),
        ])
        .unwrap();
    let labelled = |policy: SecPolicy, class| {
        let mut search = search_in(&keychain, class);
        search.policy(&policy);
        labels(&search)
    };
    let client = SecPolicy::create_ssl(SslProtocolSide::CLIENT, None);
    let server = SecPolicy::create_ssl(SslProtocolSide::SERVER, Some("localhost"));
    let elsewhere = SecPolicy::create_ssl(SslProtocolSide::SERVER, Some("example.com"));
    assert_eq!(
        labelled(client.clone(), ItemClass::Identity).unwrap(),
        ["client"]
    );
    assert_eq!(
        labelled(server, ItemClass::Identity).unwrap(),
        ["localhost"]
    );
    assert_eq!(
        labelled(elsewhere, ItemClass::Identity),
        Err(errSecItemNotFound)
    );
    assert_eq!(
        labelled(SecPolicy::create_x509(), ItemClass::Certificate).unwrap(),
        ["client", "localhost", "the CA"]
    );
    // Keys are not filtered by policy.
    assert_eq!(labelled(client, ItemClass::Key).unwrap().len(), 3);

    // By key: the key, the certificate that carries it, the identity.
    let key = pki.server().identity().private_key().unwrap();
    for class in [ItemClass::Key, ItemClass::Certificate, ItemClass::Identity] {
        let mut search = search_in(&keychain, class);
        search.key(&key.public_key().unwrap());
        assert_eq!(labels(&search).unwrap(), ["localhost"], "{class:?}");
    }

    // All or nothing: one duplicate among new items adds none of them.
    let before = fs::read(&file).unwrap();
    let new = pki.issue(LeafSpec::WrongHost).certificate();
    let again = keychain.add_all(&[
        (ItemValue::Certificate(new.clone()), None),
        (ItemValue::Certificate(pki.ca().certificate()), None),
    ]);
    assert_eq!(code(again), errSecDuplicateItem);
    assert_eq!(fs::read(&file).unwrap(), before);
    keychain
        .add_all(&[(ItemValue::Certificate(new), None)])
        .unwrap();
}
