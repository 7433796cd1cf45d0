//! tests/c/bad_input.c: every exported function with NULL, wrong-type and non-object
//! arguments, bad values and wrong states (a locked keychain, a missing one) — Apple's codes,
//! nothing lost, no crash, and (under valgrind) no invalid access or leak;
//! tests/c/stale_references.c: released and foreign references, refused without a read of
//! what they point at.

mod cc;

use std::time::Duration;

use secure_transport_test_kit::peers::path;
use secure_transport_test_kit::pki::{KeyKind, Pki};

#[test]
fn every_exported_function_refuses_bad_input() {
    let exe = cc::build("bad_input");
    // Its keychains, the default one too, in a directory of its own; a certificate and its
    // key, and another identity in PKCS#12, to put in them.
    let pki = Pki::new(KeyKind::EcdsaP256);
    let env = cc::keychain_env(pki.dir());
    let client = pki.client();
    let p12 = pki.dir().join("server.p12");
    std::fs::write(&p12, pki.server().pkcs12("bad input")).expect("write PKCS#12");
    let args = [path(&client.cert_path), path(&client.key_path), path(&p12)];
    let outcome = cc::start_with_env(&exe, &args, &env).finish(Duration::from_secs(300));
    let summary = outcome.stdout.lines().last().unwrap_or_default().to_owned();
    assert!(outcome.success, "{}\n{}", outcome.stdout, outcome.stderr);
    let checked: usize = summary
        .strip_prefix("checked ")
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no summary: {summary}"));
    assert!(summary.ends_with(", 0 failures"), "{summary}");
    // 68 functions x 5 bad contexts, then the NULL-output, value and CF/Security checks,
    // then CoreFoundation's families, sysctl and CommonCrypto.
    assert!(checked >= 800, "{summary}");
}

#[test]
fn stale_and_foreign_references_are_refused_unread() {
    let exe = cc::build("stale_references");
    let outcome = cc::run(&exe, &[], Duration::from_secs(300));
    let summary = outcome.stdout.lines().last().unwrap_or_default().to_owned();
    assert!(outcome.success, "{}\n{}", outcome.stdout, outcome.stderr);
    assert!(summary.ends_with(", 0 failures"), "{summary}");
}
