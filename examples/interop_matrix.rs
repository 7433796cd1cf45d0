//! Prints the interop matrix (tests/kit/src/matrix.rs) as a Markdown table: our client and our
//! server × every protocol version × the `openssl` tools at hand and ourselves × RSA/ECDSA.
//! Run through `ci/interop-matrix.sh`, which also runs it against the legacy OpenSSL build.

use secure_transport_test_kit::matrix;

fn main() {
    println!("linked {}", openssl::version::version());
    let tools = matrix::tools();
    for tool in &tools {
        println!(
            "peer {}: SSL 3.0 {}",
            tool.label,
            if tool.ssl3 { "yes" } else { "no" }
        );
    }
    let cells = matrix::run_all(&tools);
    println!();
    print!("{}", matrix::table(&cells));
    for column in matrix::left_out(&tools) {
        println!("not run: {column}");
    }
    if cells.iter().any(|c| !c.as_expected()) {
        std::process::exit(1);
    }
}
