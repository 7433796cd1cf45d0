//! Every cell of the interop matrix (see tests/support/matrix.rs): our client and our server ×
//! SSL 3.0 … TLS 1.3, DTLS 1.0/1.2 × the system's `openssl`, the legacy build's (when
//! `ci/legacy-openssl.sh` has made it) and ourselves × RSA and ECDSA. SSL 3.0 must work only
//! where both ends have it, with RSA; everything else must negotiate exactly the version asked.

mod support;

use support::matrix::{self, legacy_openssl_bin};

#[test]
fn every_cell_negotiates_or_refuses_as_it_should() {
    if legacy_openssl_bin().is_none() {
        eprintln!(
            "NOTE: no legacy OpenSSL build (ci/legacy-openssl.sh): its column is left out, \
             and SSL 3.0 is only checked to be refused"
        );
    }
    let tools = matrix::tools();
    let cells = matrix::run_all(&tools);
    let table = matrix::table(&cells);
    println!("{table}");
    let unexpected: Vec<_> = table.lines().filter(|l| l.contains("UNEXPECTED")).collect();
    assert!(
        unexpected.is_empty(),
        "unexpected cells:\n{}",
        unexpected.join("\n")
    );
    // Not vacuous: most cells negotiate, and the expected refusals are there.
    let worked = cells.iter().filter(|c| c.should_work).count();
    assert!(worked >= cells.len() / 2, "{worked} of {}", cells.len());
}
