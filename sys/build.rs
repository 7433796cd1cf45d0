//! Builds the one C file of the library, sys/src/cf/string/format.c: the variadic entry points
//! of CFStringCreateWithFormat and CFStringAppendFormat, which Rust cannot define (see
//! src/cf/string/format.rs). It uses the C compiler the tests already need (`CC`, else `cc`)
//! and `ar` (`AR`), no crate.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    let source = "src/cf/string/format.c";
    println!("cargo:rerun-if-changed={source}");
    println!("cargo:rerun-if-env-changed=CC");
    println!("cargo:rerun-if-env-changed=AR");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let object = out.join("format.o");
    let compiler = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let status = Command::new(&compiler)
        .args([
            "-std=c99", "-O2", "-fPIC", "-g", "-Wall", "-Wextra", "-c", source, "-o",
        ])
        .arg(&object)
        .status()
        .unwrap_or_else(|e| panic!("running the C compiler {compiler}: {e}"));
    assert!(status.success(), "{compiler} failed on {source}");
    let archiver = std::env::var("AR").unwrap_or_else(|_| "ar".into());
    let archive = out.join("libsecuretransport_format.a");
    let _ = std::fs::remove_file(&archive);
    let status = Command::new(&archiver)
        .arg("crs")
        .arg(&archive)
        .arg(&object)
        .status()
        .unwrap_or_else(|e| panic!("running {archiver}: {e}"));
    assert!(status.success(), "{archiver} failed");
    println!("cargo:rustc-link-search=native={}", out.display());
    println!("cargo:rustc-link-lib=static=securetransport_format");
}
