//! The library from Python's ctypes, with bindings as written for a Mac of this CPU:
//! `SSLCipherSuite` arrays of `uint32` on Intel, `uint16` on ARM (Apple's CipherSuite.h).

mod cc;

use std::process::Command;

#[test]
fn ctypes_bindings_pass_cipher_suites_in_the_width_of_a_mac_of_this_cpu() {
    let width = if cfg!(any(target_arch = "aarch64", target_arch = "arm")) {
        "uint16"
    } else {
        "uint32"
    };
    let script = cc::repo().join("tests/python/cipher_suites.py");
    let output = Command::new("python3")
        .arg(&script)
        .arg(cc::library_dir().join("libsecuretransport.so"))
        .arg(width)
        .output()
        .expect("python3 (ci/install-deps.sh installs it)");
    assert!(
        output.status.success() && output.stdout == b"OK\n",
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
