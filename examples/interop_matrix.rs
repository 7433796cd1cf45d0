//! Prints the interop matrix (tests/support/matrix.rs) as a Markdown table: our client and our
//! server × every protocol version × the `openssl` tools at hand and ourselves × RSA/ECDSA.
//! Run through `ci/interop-matrix.sh`, which also runs it against the legacy OpenSSL build.

#[path = "../tests/support/mod.rs"]
mod support;

fn main() {
    println!("linked {}", openssl::version::version());
    let tools = support::matrix::tools();
    for tool in &tools {
        println!(
            "peer {}: SSL 3.0 {}",
            tool.label,
            if tool.ssl3 { "yes" } else { "no" }
        );
    }
    let cells = support::matrix::run_all(&tools);
    println!();
    print!("{}", support::matrix::table(&cells));
    if cells.iter().any(|c| !c.as_expected()) {
        std::process::exit(1);
    }
}
