//! `ItemSearchOptions::trusted_only`: certificates trusted under basic X.509 rules, with the
//! test CA as the system's only root (`SSL_CERT_FILE`, set before any evaluation: this
//! file's one test has its process to itself).

use secure_transport as security_framework;
use secure_transport_test_kit::pki::{KeyKind, LeafSpec, Pki};
use security_framework::item::{ItemClass, ItemSearchOptions, Limit, Reference, SearchResult};
use security_framework::keychain::ItemValue;
use security_framework::os::macos::keychain::CreateOptions;

#[test]
fn trusted_only_finds_the_certificates_that_chain_to_a_root() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    std::env::set_var("SSL_CERT_FILE", &pki.ca().cert_path);
    std::env::set_var("SSL_CERT_DIR", pki.dir().join("no-such-dir"));
    let keychain = CreateOptions::new()
        .password("pw")
        .create(pki.dir().join("trusted.keychain"))
        .unwrap();
    let wrong_host = pki.issue(LeafSpec::WrongHost);
    let expired = pki.issue(LeafSpec::Expired);
    let self_signed = pki.issue(LeafSpec::SelfSigned);
    let unknown_issuer = pki.issue(LeafSpec::UnknownIssuer);
    for (issued, label) in [
        (pki.server(), "server"),
        (&wrong_host, "wrong host"),
        (&expired, "expired"),
        (&self_signed, "self-signed"),
        (&unknown_issuer, "unknown issuer"),
        (pki.ca(), "root"),
    ] {
        keychain
            .add(&ItemValue::Certificate(issued.certificate()), Some(label))
            .unwrap();
    }
    let labels = |trusted_only: Option<bool>| -> Vec<String> {
        let found = ItemSearchOptions::new()
            .class(ItemClass::certificate())
            .keychains(std::slice::from_ref(&keychain))
            .trusted_only(trusted_only)
            .load_refs(true)
            .limit(Limit::All)
            .search()
            .unwrap();
        found
            .into_iter()
            .map(|r| match r {
                SearchResult::Ref(Reference::Certificate(c)) => {
                    let item = ItemSearchOptions::new()
                        .class(ItemClass::certificate())
                        .keychains(std::slice::from_ref(&keychain))
                        .load_attributes(true)
                        .serial_number(&c.serial_number_bytes().unwrap())
                        .search()
                        .unwrap();
                    item[0].simplify_dict().unwrap()["labl"].clone()
                }
                other => panic!("{other:?}"),
            })
            .collect()
    };
    assert_eq!(labels(None).len(), 6);
    assert_eq!(labels(Some(false)).len(), 6);
    // Basic X.509 checks no host name: the wrong host's certificate is trusted; the root
    // is its own anchor.
    assert_eq!(labels(Some(true)), ["server", "wrong host", "root"]);
}
