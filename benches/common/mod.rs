//! What the benchmarks share: the configuration each implementation gets
//! (identical on every stack: version, suite, certificate, key, CA, host name check, tickets
//! and session cache off), and the implementations themselves as client/server [`Pair`]s.
// Each benchmark uses part of it.
#![allow(dead_code)]

pub mod pairs;

use std::env;
use std::time::Duration;

use openssl::pkey::PKey;
use openssl::ssl::{
    self as ossl, SslMethod, SslOptions, SslSessionCacheMode, SslVerifyMode, SslVersion,
};
use openssl::x509::X509;
use secure_transport::certificate::SecCertificate;
use secure_transport::identity::SecIdentity;
use secure_transport::secure_transport::{ServerBuilder, SslProtocol};
use secure_transport::types::SslCipherSuite;

use c_abi::CFTypeRef;
use pairs::Imp;
use secure_transport_test_kit::pki::{Issued, KeyKind, Pki};

/// The TLS 1.3 suites this crate's contexts start with, in their order (Apple's).
const DEFAULT_TLS13: &str =
    "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";

/// Host name in the server certificate, sent as SNI and checked by the client.
pub const HOST: &str = "localhost";
/// Bound on handshake turns, against a handshake that never finishes.
pub const MAX_TURNS: usize = 1000;

/// A protocol version, in both stacks' terms.
#[derive(Clone, Copy)]
pub struct Proto {
    pub label: &'static str,
    pub ours: SslProtocol,
    pub openssl: SslVersion,
}

pub const TLS13: Proto = Proto {
    label: "TLS 1.3",
    ours: SslProtocol::TLS13,
    openssl: SslVersion::TLS1_3,
};

pub const TLS12: Proto = Proto {
    label: "TLS 1.2",
    ours: SslProtocol::TLS12,
    openssl: SslVersion::TLS1_2,
};

/// OpenSSL's spelling of a version, to compare with `SslRef::version_str`.
pub fn protocol_name(protocol: SslProtocol) -> String {
    match protocol {
        SslProtocol::TLS13 => "TLSv1.3".into(),
        SslProtocol::TLS12 => "TLSv1.2".into(),
        other => format!("{other:?}"),
    }
}

pub fn key_label(key: KeyKind) -> &'static str {
    match key {
        KeyKind::Rsa2048 => "RSA-2048",
        KeyKind::EcdsaP256 => "ECDSA P-256",
    }
}

/// One cipher suite both stacks are limited to: its IANA id and OpenSSL's name.
#[derive(Clone, Copy)]
pub struct Suite {
    pub id: SslCipherSuite,
    pub name: &'static str,
}

/// AES-128-GCM with SHA-256 for `proto` and a server key of `key`: what bulk rows measure.
pub fn aes128gcm(proto: Proto, key: KeyKind) -> Suite {
    match (proto.ours, key) {
        (SslProtocol::TLS13, _) => Suite {
            id: 0x1301,
            name: "TLS_AES_128_GCM_SHA256",
        },
        (_, KeyKind::EcdsaP256) => Suite {
            id: 0xC02B,
            name: "ECDHE-ECDSA-AES128-GCM-SHA256",
        },
        (_, KeyKind::Rsa2048) => Suite {
            id: 0xC02F,
            name: "ECDHE-RSA-AES128-GCM-SHA256",
        },
    }
}

/// The C functions of libsecuretransport the benchmarks call, declared as a C program
/// declares them (the symbols come from the `securetransport` library crate, linked in).
pub mod c_abi {
    use std::ffi::{c_char, c_void};

    use secure_transport::engine::{SslConnectionRef, SslReadFunc, SslWriteFunc};
    use secure_transport::types::SslCipherSuite;
    use secure_transport::OSStatus;
    // Links the library whose symbols the declarations below name.
    use securetransport as _;

    pub type CFTypeRef = *const c_void;
    pub type CFIndex = libc::c_long;

    /// The start of `CFArrayCallBacks` (only its address is taken).
    #[repr(C)]
    pub struct CFArrayCallBacks {
        _version: CFIndex,
    }

    extern "C" {
        pub static kCFTypeArrayCallBacks: CFArrayCallBacks;
        pub static kSecImportItemIdentity: CFTypeRef;

        pub fn CFRelease(cf: CFTypeRef);
        pub fn CFDataCreate(allocator: CFTypeRef, bytes: *const u8, length: CFIndex) -> CFTypeRef;
        pub fn CFArrayCreate(
            allocator: CFTypeRef,
            values: *const *const c_void,
            count: CFIndex,
            callbacks: *const CFArrayCallBacks,
        ) -> CFTypeRef;
        pub fn CFArrayGetValueAtIndex(array: CFTypeRef, index: CFIndex) -> *const c_void;
        pub fn CFDictionaryGetValue(dictionary: CFTypeRef, key: *const c_void) -> *const c_void;
        pub fn SecCertificateCreateWithData(allocator: CFTypeRef, data: CFTypeRef) -> CFTypeRef;
        pub fn SecPKCS12Import(
            data: CFTypeRef,
            options: CFTypeRef,
            items: *mut CFTypeRef,
        ) -> OSStatus;

        pub fn SSLCreateContext(allocator: CFTypeRef, side: i32, kind: i32) -> CFTypeRef;
        pub fn SSLSetIOFuncs(
            ctx: CFTypeRef,
            read: Option<SslReadFunc>,
            write: Option<SslWriteFunc>,
        ) -> OSStatus;
        pub fn SSLSetConnection(ctx: CFTypeRef, connection: SslConnectionRef) -> OSStatus;
        pub fn SSLSetProtocolVersionMin(ctx: CFTypeRef, version: i32) -> OSStatus;
        pub fn SSLSetProtocolVersionMax(ctx: CFTypeRef, version: i32) -> OSStatus;
        pub fn SSLSetEnabledCiphers(
            ctx: CFTypeRef,
            suites: *const SslCipherSuite,
            count: usize,
        ) -> OSStatus;
        pub fn SSLSetSessionTicketsEnabled(ctx: CFTypeRef, enabled: u8) -> OSStatus;
        pub fn SSLSetPeerDomainName(ctx: CFTypeRef, name: *const c_char, len: usize) -> OSStatus;
        pub fn SSLSetTrustedRoots(ctx: CFTypeRef, roots: CFTypeRef, replace: u8) -> OSStatus;
        pub fn SSLSetCertificate(ctx: CFTypeRef, certificates: CFTypeRef) -> OSStatus;
        pub fn SSLHandshake(ctx: CFTypeRef) -> OSStatus;
        pub fn SSLWrite(
            ctx: CFTypeRef,
            data: *const c_void,
            length: usize,
            processed: *mut usize,
        ) -> OSStatus;
        pub fn SSLRead(
            ctx: CFTypeRef,
            data: *mut c_void,
            length: usize,
            processed: *mut usize,
        ) -> OSStatus;
        pub fn SSLGetNegotiatedProtocolVersion(ctx: CFTypeRef, version: *mut i32) -> OSStatus;
        pub fn SSLGetNegotiatedCipher(ctx: CFTypeRef, suite: *mut SslCipherSuite) -> OSStatus;
    }
}

/// A CF object owned by the benchmark, released on drop.
pub struct CfOwned(pub CFTypeRef);

impl Drop for CfOwned {
    fn drop(&mut self) {
        // SAFETY: the benchmark holds one reference, given up here.
        unsafe { c_abi::CFRelease(self.0) }
    }
}

/// Everything each implementation needs for one configuration, built once (the openssl
/// crate's contexts, our identity and CA, the C ABI's CF arrays); per connection, each
/// implementation then does what its users do: Apple code configures every context, the
/// openssl crate makes an `Ssl` from the shared `SslContext`.
pub struct Config {
    pub proto: Proto,
    pub key: KeyKind,
    /// The suite both sides are limited to, or both keep their default lists (handshake
    /// rows: an Apple context sets its suites per connection, and parsing a cipher string
    /// costs OpenSSL more than the rest of the shim's per-connection work, while the openssl
    /// crate parses it once per shared context).
    pub suite: Option<Suite>,
    pub ca: SecCertificate,
    pub identity: SecIdentity,
    pub server_builder: ServerBuilder,
    /// CFArray of the CA's SecCertificateRef, for `SSLSetTrustedRoots`.
    pub c_roots: CfOwned,
    /// CFArray of the server's SecIdentityRef (from `SecPKCS12Import`), for `SSLSetCertificate`.
    pub c_certificates: CfOwned,
    pub openssl_client: ossl::SslContext,
    pub openssl_server: ossl::SslContext,
}

impl Config {
    /// A server with `pki`'s identity, a client trusting `trusted`'s CA only.
    pub fn new(pki: &Pki, trusted: &Pki, proto: Proto, suite: Option<Suite>) -> Config {
        Config::serving(pki.server(), pki.kind(), trusted, proto, suite)
    }

    /// A server with the identity `server` (keys of `key`), a client trusting `trusted`'s
    /// CA only.
    pub fn serving(
        server: &Issued,
        key: KeyKind,
        trusted: &Pki,
        proto: Proto,
        suite: Option<Suite>,
    ) -> Config {
        let identity = server.identity();
        let ca_pem = &trusted.ca().cert_pem;
        Config {
            proto,
            key,
            suite,
            ca: trusted.ca().certificate(),
            server_builder: ServerBuilder::new(&identity, &[]),
            identity,
            c_roots: c_certificate_array(&X509::from_pem(ca_pem).unwrap().to_der().unwrap()),
            c_certificates: c_identity_array(&server.pkcs12("")),
            openssl_client: openssl_client(proto, suite, &X509::from_pem(ca_pem).unwrap()),
            openssl_server: openssl_server(server, proto, suite),
        }
    }

    /// The label of the suite restriction, for row names.
    pub fn suite_label(&self) -> &'static str {
        self.suite.map_or("default suites", |s| s.name)
    }
}

/// A CFData copy of `bytes`, through the C ABI.
fn c_data(bytes: &[u8]) -> CfOwned {
    // SAFETY: a C ABI call with a valid buffer.
    CfOwned(unsafe {
        c_abi::CFDataCreate(
            std::ptr::null(),
            bytes.as_ptr(),
            bytes.len() as c_abi::CFIndex,
        )
    })
}

/// A CFArray retaining `item` alone, through the C ABI.
fn c_array_of(item: CFTypeRef) -> CfOwned {
    // SAFETY: a C ABI call with a one-element buffer; the array retains its element.
    CfOwned(unsafe {
        c_abi::CFArrayCreate(std::ptr::null(), &item, 1, &c_abi::kCFTypeArrayCallBacks)
    })
}

/// `CFArrayCreate` of one `SecCertificateCreateWithData`, through the C ABI.
fn c_certificate_array(der: &[u8]) -> CfOwned {
    let data = c_data(der);
    // SAFETY: a C ABI call with a live CFData.
    let cert = CfOwned(unsafe { c_abi::SecCertificateCreateWithData(std::ptr::null(), data.0) });
    assert!(!cert.0.is_null(), "SecCertificateCreateWithData");
    c_array_of(cert.0)
}

/// The identity of a PKCS#12 with an empty passphrase, as a one-element CFArray for
/// `SSLSetCertificate`, through `SecPKCS12Import`.
fn c_identity_array(p12: &[u8]) -> CfOwned {
    let data = c_data(p12);
    // SAFETY: C ABI calls with a live CFData and out-pointer; the new array retains the
    // identity before the imported items go.
    unsafe {
        let mut items: CFTypeRef = std::ptr::null();
        let status = c_abi::SecPKCS12Import(data.0, std::ptr::null(), &mut items);
        assert_eq!(status, 0, "SecPKCS12Import");
        let items = CfOwned(items);
        let first = c_abi::CFArrayGetValueAtIndex(items.0, 0);
        let identity = c_abi::CFDictionaryGetValue(first, c_abi::kSecImportItemIdentity);
        assert!(!identity.is_null(), "no identity in the PKCS#12");
        c_array_of(identity)
    }
}

fn openssl_builder(proto: Proto, suite: Option<Suite>) -> ossl::SslContextBuilder {
    let mut b = ossl::SslContext::builder(SslMethod::tls()).unwrap();
    b.set_min_proto_version(Some(proto.openssl)).unwrap();
    b.set_max_proto_version(Some(proto.openssl)).unwrap();
    match suite {
        Some(s) if proto.ours == SslProtocol::TLS13 => b.set_ciphersuites(s.name).unwrap(),
        Some(s) => {
            b.set_cipher_list(s.name).unwrap();
            b.set_ciphersuites("").unwrap();
        }
        // This crate's default TLS 1.3 order (Apple's), not OpenSSL's: both stacks then
        // agree on the same suite.
        None => b.set_ciphersuites(DEFAULT_TLS13).unwrap(),
    }
    b.set_session_cache_mode(SslSessionCacheMode::OFF);
    // No tickets: NO_TICKET only stops TLS 1.2's; a TLS 1.3 server would send stateful ones.
    b.set_options(SslOptions::NO_TICKET);
    b.set_num_tickets(0).unwrap();
    b
}

fn openssl_client(proto: Proto, suite: Option<Suite>, ca: &X509) -> ossl::SslContext {
    let mut b = openssl_builder(proto, suite);
    b.set_verify(SslVerifyMode::PEER);
    b.cert_store_mut().add_cert(ca.clone()).unwrap();
    b.build()
}

fn openssl_server(server: &Issued, proto: Proto, suite: Option<Suite>) -> ossl::SslContext {
    let mut b = openssl_builder(proto, suite);
    b.set_certificate(&X509::from_pem(&server.cert_pem).unwrap())
        .unwrap();
    b.set_private_key(&PKey::private_key_from_pem(&server.key_pem).unwrap())
        .unwrap();
    b.check_private_key().unwrap();
    b.build()
}

/// A numeric knob from the environment: `smoke` is its default for a smoke run.
pub fn knob(name: &str, smoke: bool, smoke_default: usize, default: usize) -> usize {
    match env::var(name) {
        Ok(v) => v
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v}: not a number")),
        Err(_) if smoke => smoke_default,
        Err(_) => default,
    }
}

/// `cargo bench` passes `--bench`; without it (`cargo test --all-targets` runs benchmarks in
/// a debug build) a benchmark only does a smoke run that checks that everything works.
pub fn smoke_run() -> bool {
    !env::args().any(|a| a == "--bench")
}

/// This thread's CPU time. Unlike the wall clock it stands still while the scheduler gives
/// the core to another process, the main noise on a shared machine (`openssl speed` also
/// counts CPU time).
pub fn cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid out-pointer.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// One row of a results table: a figure per implementation, in [`Imp::ALL`] order.
pub struct TableRow {
    pub name: String,
    pub unit: String,
    /// The figures as printed.
    pub cells: Vec<String>,
    /// The figures.
    pub values: Vec<f64>,
    /// Each of ours to the openssl crate; `None`: the figures' ratios.
    pub ratios: Option<Vec<f64>>,
}

/// Prints `rows` as a markdown table, with each of ours as a ratio to the openssl crate.
pub fn print_table(rows: &[TableRow]) {
    let ours = &Imp::ALL[..Imp::BASELINE];
    let names: Vec<&str> = Imp::ALL.iter().map(|imp| imp.name()).collect();
    let ratios: Vec<String> = ours
        .iter()
        .map(|imp| format!("{} / openssl", imp.short_name()))
        .collect();
    println!();
    println!(
        "| measurement | unit | {} | {} |",
        names.join(" | "),
        ratios.join(" | ")
    );
    println!("|---|---|{}", "---:|".repeat(names.len() + ratios.len()));
    for row in rows {
        let ratios: Vec<String> = (0..ours.len())
            .map(|i| match &row.ratios {
                Some(ratios) => ratios[i],
                None => row.values[i] / row.values[Imp::BASELINE],
            })
            .map(|r| format!("{r:.3}"))
            .collect();
        println!(
            "| {} | {} | {} | {} |",
            row.name,
            row.unit,
            row.cells.join(" | "),
            ratios.join(" | ")
        );
    }
}

pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2.0
    }
}
