//! The headers against Apple's reference facts: every constant with
//! its value, every public function with its exact signature, from C, C++ and clang
//! (tables in tests/reference).
//! The programs are generated from the reference tables at test time, so a constant or a
//! function missing from a header fails to compile.

mod cc;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use cc::Compiler;

fn reference(name: &str) -> String {
    let path = cc::repo().join("tests/reference").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Rows of a reference table, header line skipped.
fn rows(table: &str) -> Vec<Vec<String>> {
    reference(table)
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

fn write_source(name: &str, text: &str) -> PathBuf {
    let path = cc::out_dir().join(name);
    std::fs::write(&path, text).expect("write generated source");
    path
}

/// Builds `source` with every available compiler and runs each result; returns the
/// output of the first run after checking the others agree.
fn build_and_run_everywhere(source: &str, stem: &str) -> String {
    let c_path = write_source(&format!("{stem}.c"), source);
    let mut outputs = Vec::new();
    for compiler in [Compiler::C99, Compiler::Cxx, Compiler::Clang] {
        if !compiler.available() {
            eprintln!("SKIPPED: {compiler:?} is not installed; {stem} not checked with it");
            continue;
        }
        let exe = cc::build_with(compiler, &c_path, &format!("{stem}-{compiler:?}"));
        let outcome = cc::run(&exe, &[], Duration::from_secs(120));
        assert!(
            outcome.success,
            "{stem} ({compiler:?}) failed:\n{}",
            outcome.stderr
        );
        outputs.push(outcome.stdout);
    }
    assert!(outputs.windows(2).all(|w| w[0] == w[1]));
    outputs.swap_remove(0)
}

#[test]
fn every_constant_has_apples_value() {
    let mut expected = BTreeMap::new();
    let mut source =
        String::from("#include <Security/Security.h>\n#include <stdio.h>\n\nint main(void) {\n");
    for row in rows("secure-transport-constants.tsv") {
        let (name, value) = (&row[2], &row[3]);
        if value == "(string)" {
            // A CFString global: it must exist, be a CFString and hold its own name's tail.
            writeln!(
                source,
                "    printf(\"%s\\t%s\\n\", \"{name}\", \
                 CFGetTypeID({name}) == CFStringGetTypeID() ? \"(string)\" : \"not a CFString\");"
            )
            .unwrap();
        } else {
            writeln!(
                source,
                "    printf(\"%s\\t%lld\\n\", \"{name}\", (long long)({name}));"
            )
            .unwrap();
        }
        expected.insert(name.clone(), value.clone());
    }
    source.push_str("    return 0;\n}\n");

    let output = build_and_run_everywhere(&source, "constants");
    let mut wrong = Vec::new();
    for line in output.lines() {
        let (name, value) = line.split_once('\t').expect("name\\tvalue");
        if expected.get(name).map(String::as_str) != Some(value) {
            wrong.push(format!(
                "{name}: ours {value}, Apple's {:?}",
                expected.get(name)
            ));
        }
    }
    assert!(wrong.is_empty(), "constants differ:\n{}", wrong.join("\n"));
    assert_eq!(output.lines().count(), expected.len());
    assert!(expected.len() > 700, "the whole table was read");
}

/// Apple's annotations, which change no type: gcc and g++ do not know them all.
fn strip_annotations(signature: &str) -> String {
    [
        "CF_RETURNS_RETAINED",
        "CF_RETURNS_NOT_RETAINED",
        "__nullable",
        "__nonnull",
        "_Nullable",
        "_Nonnull",
    ]
    .iter()
    .fold(signature.to_owned(), |s, a| s.replace(a, ""))
}

#[test]
fn every_public_function_has_apples_signature() {
    let functions: Vec<(String, String)> = rows("secure-transport-functions.tsv")
        .into_iter()
        .filter(|row| row[2] == "public")
        .map(|row| (row[0].clone(), strip_annotations(&row[1])))
        .collect();
    assert_eq!(functions.len(), 72, "Apple's public function set");

    // For each: a pointer type made from Apple's signature, initialised with our
    // declaration. Any difference in return or parameter types is a compile error.
    let mut source = String::from("#include <Security/SecureTransport.h>\n#include <stdio.h>\n\n");
    for (name, signature) in &functions {
        let pointer = signature.replacen(&format!("{name}("), &format!("(*{name}_ptr)("), 1);
        assert_ne!(&pointer, signature, "{name} in its signature");
        writeln!(source, "typedef {pointer};").unwrap();
    }
    source.push_str("\nint main(void) {\n    int linked = 0;\n");
    for (name, _) in &functions {
        writeln!(source, "    {{ {name}_ptr p = {name}; linked += p != 0; }}").unwrap();
    }
    source.push_str("    printf(\"%d\\n\", linked);\n    return 0;\n}\n");

    let output = build_and_run_everywhere(&source, "signatures");
    assert_eq!(
        output.trim(),
        "72",
        "every function resolves in the library"
    );
}

/// Apple's CipherSuite.h: `SSLCipherSuite` is `uint16_t` on iOS and arm64 Macs, `uint32_t`
/// on Intel Macs. In bytes, for a target of clang's.
fn apple_cipher_suite_width(target: &str) -> usize {
    if target.starts_with("aarch64") || target.starts_with("arm") {
        2
    } else {
        4
    }
}

/// `SSLCipherSuite` has the width a Mac of the same CPU gives it, so that bindings written
/// there (ctypes passing `uint32` arrays on Intel) pass arrays of the right width: checked
/// by clang compiling for each CPU (it defines the CPU's macros and lays out its types;
/// CipherSuite.h needs nothing but freestanding headers), and natively against the Rust
/// type the library's functions take.
#[test]
fn ssl_cipher_suite_is_as_wide_as_on_a_mac_of_the_same_cpu() {
    assert!(Compiler::Clang.available(), "clang checks the other CPUs");
    let source = write_source(
        "cipher_suite_width.c",
        "#include <Security/CipherSuite.h>\n\
         _Static_assert(sizeof(SSLCipherSuite) == WIDTH, \"SSLCipherSuite width\");\n\
         _Static_assert(TLS_AES_128_GCM_SHA256 == 0x1301, \"IANA value\");\n\
         _Static_assert(TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 == 0xCCA9, \"IANA value\");\n",
    );
    for target in ["x86_64-linux-gnu", "aarch64-linux-gnu", "i686-linux-gnu"] {
        let width = apple_cipher_suite_width(target);
        let output = std::process::Command::new("clang")
            .args(["-ffreestanding", "-fsyntax-only", "-Wall", "-Werror"])
            .arg(format!("--target={target}"))
            .arg(format!("-DWIDTH={width}"))
            .arg("-I")
            .arg(cc::repo().join("sys/include"))
            .arg(&source)
            .output()
            .expect("run clang");
        assert!(
            output.status.success(),
            "{target}: SSLCipherSuite is not {width} bytes:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let printed = build_and_run_everywhere(
        "#include <Security/CipherSuite.h>\n#include <stdio.h>\n\
         int main(void) { printf(\"%zu\\n\", sizeof(SSLCipherSuite)); return 0; }\n",
        "cipher_suite_native",
    );
    let native = std::mem::size_of::<secure_transport::types::SslCipherSuite>();
    assert_eq!(printed.trim(), native.to_string(), "C and Rust agree");
    let this_cpu = if cfg!(any(target_arch = "aarch64", target_arch = "arm")) {
        "aarch64"
    } else {
        "x86_64"
    };
    assert_eq!(native, apple_cipher_suite_width(this_cpu));
}

/// The SPI the library exports, declared in Security/SecureTransportPriv.h (or, for the
/// older ones, SecureTransport.h), each with Apple's signature from the reference table.
const SPI: &[&str] = &[
    "SSLNewDatagramContext",
    "SSLGetPeerSecTrust",
    "SSLGetResumableSessionInfo",
    "SSLGetCertificate",
    "SSLGetEncryptionCertificate",
    "SSLGetClientSideAuthenticate",
    "SSLSetDHEEnabled",
    "SSLGetDHEEnabled",
    "SSLSetMinimumDHGroupSize",
    "SSLGetMinimumDHGroupSize",
    "SSLSetPSKSharedSecret",
    "SSLSetPSKIdentity",
    "SSLGetPSKIdentity",
    "SSLSetSessionCacheTimeout",
    "SSLSetTrustedLeafCertificates",
    "SSLCopyTrustedLeafCertificates",
];

#[test]
fn the_spi_has_apples_signatures_in_secure_transport_priv_h() {
    let signatures: BTreeMap<String, String> = rows("secure-transport-functions.tsv")
        .into_iter()
        .filter(|row| row[2] == "private (SPI)")
        .map(|row| (row[0].clone(), strip_annotations(&row[1])))
        .collect();
    let mut source =
        String::from("#include <Security/SecureTransportPriv.h>\n#include <stdio.h>\n\n");
    for name in SPI {
        let signature = signatures
            .get(*name)
            .unwrap_or_else(|| panic!("{name} is not in Apple's SPI table"));
        let pointer = signature.replacen(&format!("{name}("), &format!("(*{name}_ptr)("), 1);
        writeln!(source, "typedef {pointer};").unwrap();
    }
    source.push_str("\nint main(void) {\n    int linked = 0;\n");
    for name in SPI {
        writeln!(source, "    {{ {name}_ptr p = {name}; linked += p != 0; }}").unwrap();
    }
    source.push_str("    printf(\"%d\\n\", linked);\n    return 0;\n}\n");
    let output = build_and_run_everywhere(&source, "spi_signatures");
    assert_eq!(output.trim(), SPI.len().to_string());
}

/// The headers that declare the keys, import/export and random pieces, private ones included.
const KEYS_INCLUDES: &str = "#include <Security/Security.h>\n\
                             #include <Security/SecCertificatePriv.h>\n\
                             #include <Security/SecIdentityPriv.h>\n#include <stdio.h>\n\n";

/// SecKey.h, SecItem.h's key attributes, SecImportExport.h, CFNumber.h and CFDate.h: every
/// constant has Apple's value, and every CFString constant Apple's text (a string's value
/// is in quotes in the table).
#[test]
fn key_and_import_constants_have_apples_values_and_texts() {
    let mut expected = BTreeMap::new();
    let mut source = format!("{KEYS_INCLUDES}int main(void) {{\n");
    for row in rows("security-keys-constants.tsv") {
        let (name, value) = (&row[1], &row[2]);
        if value.starts_with('"') {
            writeln!(
                source,
                "    printf(\"%s\\t\\\"%s\\\"\\n\", \"{name}\", \
                 CFGetTypeID({name}) == CFStringGetTypeID() \
                 ? CFStringGetCStringPtr({name}, kCFStringEncodingUTF8) : \"not a CFString\");"
            )
            .unwrap();
        } else {
            writeln!(
                source,
                "    printf(\"%s\\t%lld\\n\", \"{name}\", (long long)({name}));"
            )
            .unwrap();
        }
        expected.insert(name.clone(), value.clone());
    }
    source.push_str("    return 0;\n}\n");
    let output = build_and_run_everywhere(&source, "key_constants");
    let got: BTreeMap<String, String> = output
        .lines()
        .map(|line| {
            let (name, value) = line.split_once('\t').expect("name\\tvalue");
            (name.to_owned(), value.to_owned())
        })
        .collect();
    let wrong: Vec<String> = expected
        .iter()
        .filter(|(name, value)| got.get(*name) != Some(*value))
        .map(|(name, value)| format!("{name}: ours {:?}, Apple's {value}", got.get(name)))
        .collect();
    assert!(wrong.is_empty(), "constants differ:\n{}", wrong.join("\n"));
    assert_eq!(got.len(), expected.len());
    assert!(expected.len() > 150, "the whole table was read");
}

/// Every function of those headers with Apple's signature, resolved in the library.
#[test]
fn key_and_import_functions_have_apples_signatures() {
    let functions: Vec<(String, String)> = rows("security-keys-functions.tsv")
        .into_iter()
        .map(|row| (row[0].clone(), strip_annotations(&row[1])))
        .collect();
    let mut source = String::from(KEYS_INCLUDES);
    for (name, signature) in &functions {
        let pointer = signature.replacen(&format!("{name}("), &format!("(*{name}_ptr)("), 1);
        assert_ne!(&pointer, signature, "{name} in its signature");
        writeln!(source, "typedef {pointer};").unwrap();
    }
    source.push_str("\nint main(void) {\n    int linked = 0;\n");
    for (name, _) in &functions {
        writeln!(source, "    {{ {name}_ptr p = {name}; linked += p != 0; }}").unwrap();
    }
    source.push_str("    printf(\"%d\\n\", linked);\n    return 0;\n}\n");
    let output = build_and_run_everywhere(&source, "key_signatures");
    assert_eq!(output.trim(), functions.len().to_string());
}
