//! Shared test support for the integration tests and examples: a throwaway PKI generated
//! with the `openssl` crate, and real TLS peers run as `openssl s_server` / `s_client`.
//!
//! Everything lives in this one file (no `pub use` of submodules) so that a test using only
//! part of it gets no `unused_imports` warnings; `dead_code` is allowed for the same reason.
#![allow(dead_code)]

pub mod counting;
pub mod datagrams;
pub mod matrix;
pub mod pipe;
pub mod udp;

use std::io::{ErrorKind, Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{self, Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use std::{env, fs};

use libc::c_void;
use openssl::asn1::Asn1Time;
use openssl::bn::{BigNum, MsbOption};
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkcs12::Pkcs12;
use openssl::pkey::{PKey, Private};
use openssl::rsa::Rsa;
use openssl::stack::Stack;
use openssl::x509::extension::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAlternativeName,
    SubjectKeyIdentifier,
};
use openssl::x509::{X509Builder, X509NameBuilder, X509};
use secure_transport::certificate::SecCertificate;
use secure_transport::engine::SslConnectionRef;
use secure_transport::identity::SecIdentity;
use secure_transport::status::{errSSLClosedNoNotify, errSecIO, errSecSuccess};
use secure_transport::OSStatus;

/// How often bounded waits poll.
const POLL: Duration = Duration::from_millis(20);

// ---------------------------------------------------------------------------------------
// PKI
// ---------------------------------------------------------------------------------------

/// The key algorithm of every key in a `Pki`. Prefer P-256: it is generated instantly,
/// while an RSA-2048 key takes tens of milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    Rsa2048,
    EcdsaP256,
}

/// A broken leaf for failure tests; each is for host "localhost" unless noted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeafSpec {
    /// notAfter in the past, signed by the CA.
    Expired,
    /// notBefore in the future, signed by the CA.
    NotYetValid,
    /// SAN DNS:wrong.example only, signed by the CA.
    WrongHost,
    /// Self-signed: a root nobody trusts.
    SelfSigned,
    /// Signed by an intermediate CA whose certificate is not included anywhere.
    UnknownIssuer,
    /// Signed by a certificate that the CA issued with CA:FALSE; `chain_pem` holds that issuer.
    IssuedByNonCa,
}

impl LeafSpec {
    pub const ALL: [LeafSpec; 6] = [
        LeafSpec::Expired,
        LeafSpec::NotYetValid,
        LeafSpec::WrongHost,
        LeafSpec::SelfSigned,
        LeafSpec::UnknownIssuer,
        LeafSpec::IssuedByNonCa,
    ];
}

/// A certificate and its key, as PEM and as files in the `Pki` directory (the files go away
/// with the `Pki`).
#[derive(Clone, Debug)]
pub struct Issued {
    pub cert_pem: Vec<u8>,
    /// PKCS#8 PEM.
    pub key_pem: Vec<u8>,
    /// Certificates to send after the leaf (empty unless the leaf needs an intermediate).
    pub chain_pem: Vec<u8>,
    pub cert_path: PathBuf,
    pub key_path: PathBuf,
    /// Leaf followed by `chain_pem`, for `openssl s_server -cert`/`-cert_chain`.
    pub chain_path: PathBuf,
}

impl Issued {
    pub fn certificate(&self) -> SecCertificate {
        SecCertificate::from_pem(&self.cert_pem).expect("parse test certificate")
    }

    pub fn identity(&self) -> SecIdentity {
        SecIdentity::from_pem(&self.cert_pem, &self.key_pem).expect("build test identity")
    }

    /// The parsed `chain_pem`.
    pub fn chain(&self) -> Vec<SecCertificate> {
        SecCertificate::stack_from_pem(&self.chain_pem).expect("parse test chain")
    }

    /// DER PKCS#12 of key, certificate and chain, with OpenSSL's default (modern) algorithms.
    pub fn pkcs12(&self, password: &str) -> Vec<u8> {
        let key = PKey::private_key_from_pem(&self.key_pem).unwrap();
        let cert = X509::from_pem(&self.cert_pem).unwrap();
        let mut builder = Pkcs12::builder();
        builder.name("secure-transport test").pkey(&key).cert(&cert);
        let chain = X509::stack_from_pem(&self.chain_pem).unwrap();
        if !chain.is_empty() {
            let mut stack = Stack::new().unwrap();
            for cert in chain {
                stack.push(cert).unwrap();
            }
            builder.ca(stack);
        }
        builder.build2(password).unwrap().to_der().unwrap()
    }
}

/// A fresh CA with a server and a client leaf, written to a fresh temporary directory that
/// is removed on drop. Every test gets its own, so tests can run in parallel.
pub struct Pki {
    dir: PathBuf,
    kind: KeyKind,
    ca_cert: X509,
    ca_key: PKey<Private>,
    ca: Issued,
    server: Issued,
    client: Issued,
    /// Numbers the files of `issue`, which may be called many times.
    issued: AtomicUsize,
}

/// Names a leaf for "localhost" answers to, in its subjectAltName.
const LOCALHOST: &[&str] = &["localhost", "127.0.0.1"];
/// Validity in days relative to now: started yesterday, so clock skew does not matter.
const VALID: (i64, i64) = (-1, 30);
const CA_VALID: (i64, i64) = (-1, 3650);

impl Pki {
    pub fn new(kind: KeyKind) -> Pki {
        let dir = fresh_dir();
        let (ca_cert, ca_key) =
            make_cert(kind, "secure-transport test CA", Role::Ca, CA_VALID, None);
        let ca = write_issued(&dir, "ca", &ca_cert, &ca_key, &[]);
        let signer = Some((&ca_cert, &ca_key));
        let (cert, key) = make_cert(kind, "localhost", Role::Server(LOCALHOST), VALID, signer);
        let server = write_issued(&dir, "server", &cert, &key, &[]);
        let (cert, key) = make_cert(kind, "client", Role::Client, VALID, signer);
        let client = write_issued(&dir, "client", &cert, &key, &[]);
        Pki {
            dir,
            kind,
            ca_cert,
            ca_key,
            ca,
            server,
            client,
            issued: AtomicUsize::new(0),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn kind(&self) -> KeyKind {
        self.kind
    }

    /// The self-signed root (CA:TRUE, keyCertSign).
    pub fn ca(&self) -> &Issued {
        &self.ca
    }

    /// CN=localhost, SAN DNS:localhost + IP:127.0.0.1, serverAuth.
    pub fn server(&self) -> &Issued {
        &self.server
    }

    /// CN=client, clientAuth.
    pub fn client(&self) -> &Issued {
        &self.client
    }

    /// A new broken leaf; see `LeafSpec`.
    pub fn issue(&self, spec: LeafSpec) -> Issued {
        let kind = self.kind;
        let ca = Some((&self.ca_cert, &self.ca_key));
        let localhost = Role::Server(LOCALHOST);
        let mut chain = Vec::new();
        let (name, (cert, key)) = match spec {
            LeafSpec::Expired => (
                "expired",
                make_cert(kind, "localhost", localhost, (-30, -1), ca),
            ),
            LeafSpec::NotYetValid => (
                "not-yet-valid",
                make_cert(kind, "localhost", localhost, (1, 30), ca),
            ),
            LeafSpec::WrongHost => {
                let role = Role::Server(&["wrong.example"]);
                (
                    "wrong-host",
                    make_cert(kind, "wrong.example", role, VALID, ca),
                )
            }
            LeafSpec::SelfSigned => (
                "self-signed",
                make_cert(kind, "localhost", localhost, VALID, None),
            ),
            LeafSpec::UnknownIssuer => {
                let (cert, key) =
                    make_cert(kind, "Unknown Intermediate CA", Role::Ca, CA_VALID, ca);
                let leaf = make_cert(kind, "localhost", localhost, VALID, Some((&cert, &key)));
                ("unknown-issuer", leaf)
            }
            LeafSpec::IssuedByNonCa => {
                let (cert, key) = make_cert(kind, "Not A CA", Role::NotCa, VALID, ca);
                let leaf = make_cert(kind, "localhost", localhost, VALID, Some((&cert, &key)));
                chain.push(cert);
                ("issued-by-non-ca", leaf)
            }
        };
        let n = self.issued.fetch_add(1, Ordering::Relaxed);
        write_issued(&self.dir, &format!("{name}-{n}"), &cert, &key, &chain)
    }
}

impl Drop for Pki {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// What a certificate is for; decides its extensions.
#[derive(Clone, Copy)]
enum Role<'a> {
    Ca,
    /// Signs certificates but says CA:FALSE. No keyUsage, so that basicConstraints alone is
    /// what makes it unfit (with keyUsage lacking keyCertSign, OpenSSL would not even pick
    /// it as the issuer).
    NotCa,
    /// serverAuth, for these DNS names / IP addresses.
    Server(&'a [&'a str]),
    Client,
}

/// Makes a key and a certificate for it, signed by `issuer` or else self-signed.
/// `days` is (notBefore, notAfter) in days from now.
fn make_cert(
    kind: KeyKind,
    common_name: &str,
    role: Role,
    days: (i64, i64),
    issuer: Option<(&X509, &PKey<Private>)>,
) -> (X509, PKey<Private>) {
    let key = match kind {
        KeyKind::Rsa2048 => PKey::from_rsa(Rsa::generate(2048).unwrap()).unwrap(),
        KeyKind::EcdsaP256 => {
            let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
            PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap()
        }
    };
    let mut name = X509NameBuilder::new().unwrap();
    name.append_entry_by_nid(Nid::COMMONNAME, common_name)
        .unwrap();
    let name = name.build();
    let mut serial = BigNum::new().unwrap(); // random, positive, at most 16 bytes
    serial.rand(127, MsbOption::MAYBE_ZERO, false).unwrap();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let days_from_now = |days: i64| {
        let secs = now.as_secs() as i64 + days * 24 * 60 * 60;
        Asn1Time::from_unix(secs).unwrap()
    };

    let mut b = X509Builder::new().unwrap();
    b.set_version(2).unwrap();
    b.set_serial_number(&serial.to_asn1_integer().unwrap())
        .unwrap();
    b.set_subject_name(&name).unwrap();
    b.set_issuer_name(issuer.map_or(&*name, |(cert, _)| cert.subject_name()))
        .unwrap();
    b.set_pubkey(&key).unwrap();
    b.set_not_before(&days_from_now(days.0)).unwrap();
    b.set_not_after(&days_from_now(days.1)).unwrap();

    let mut constraints = BasicConstraints::new();
    constraints.critical();
    if let Role::Ca = role {
        constraints.ca();
    }
    b.append_extension(constraints.build().unwrap()).unwrap();
    let mut leaf_usage = KeyUsage::new();
    leaf_usage.critical().digital_signature();
    if kind == KeyKind::Rsa2048 {
        leaf_usage.key_encipherment(); // for TLS 1.0-1.2 RSA key exchange
    }
    match role {
        Role::Ca => {
            let usage = KeyUsage::new()
                .critical()
                .key_cert_sign()
                .crl_sign()
                .build();
            b.append_extension(usage.unwrap()).unwrap();
        }
        Role::NotCa => {}
        Role::Server(names) => {
            b.append_extension(leaf_usage.build().unwrap()).unwrap();
            let eku = ExtendedKeyUsage::new().server_auth().build().unwrap();
            b.append_extension(eku).unwrap();
            let mut san = SubjectAlternativeName::new();
            for name in names {
                match name.parse::<IpAddr>() {
                    Ok(_) => san.ip(name),
                    Err(_) => san.dns(name),
                };
            }
            let san = san.build(&b.x509v3_context(None, None)).unwrap();
            b.append_extension(san).unwrap();
        }
        Role::Client => {
            b.append_extension(leaf_usage.build().unwrap()).unwrap();
            let eku = ExtendedKeyUsage::new().client_auth().build().unwrap();
            b.append_extension(eku).unwrap();
        }
    }
    let issuer_cert = issuer.map(|(cert, _)| &**cert);
    let ski = SubjectKeyIdentifier::new().build(&b.x509v3_context(issuer_cert, None));
    b.append_extension(ski.unwrap()).unwrap();
    if issuer.is_some() {
        let aki = AuthorityKeyIdentifier::new()
            .keyid(true)
            .build(&b.x509v3_context(issuer_cert, None));
        b.append_extension(aki.unwrap()).unwrap();
    }
    b.sign(issuer.map_or(&key, |(_, key)| key), MessageDigest::sha256())
        .unwrap();
    (b.build(), key)
}

/// Writes `<name>.pem`, `<name>.key` and `<name>-chain.pem` (leaf + chain) into `dir`.
fn write_issued(
    dir: &Path,
    name: &str,
    cert: &X509,
    key: &PKey<Private>,
    chain: &[X509],
) -> Issued {
    let cert_pem = cert.to_pem().unwrap();
    let key_pem = key.private_key_to_pem_pkcs8().unwrap();
    let chain_pem: Vec<u8> = chain.iter().flat_map(|c| c.to_pem().unwrap()).collect();
    let issued = Issued {
        cert_path: dir.join(format!("{name}.pem")),
        key_path: dir.join(format!("{name}.key")),
        chain_path: dir.join(format!("{name}-chain.pem")),
        cert_pem,
        key_pem,
        chain_pem,
    };
    fs::write(&issued.cert_path, &issued.cert_pem).unwrap();
    fs::write(&issued.key_path, &issued.key_pem).unwrap();
    fs::write(
        &issued.chain_path,
        [&issued.cert_pem[..], &issued.chain_pem].concat(),
    )
    .unwrap();
    issued
}

/// A new, empty directory under the system temp dir, unique across processes and calls.
fn fresh_dir() -> PathBuf {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let n = COUNT.fetch_add(1, Ordering::Relaxed);
    let dir = env::temp_dir().join(format!(
        "secure-transport-pki-{}-{n}-{nanos}",
        process::id()
    ));
    fs::create_dir(&dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
    dir
}

// ---------------------------------------------------------------------------------------
// Peers: the `openssl` command-line tool
// ---------------------------------------------------------------------------------------

/// The `OSStatus` of a result: `errSecSuccess` for `Ok`.
pub fn code<T>(result: secure_transport::Result<T>) -> OSStatus {
    result.err().map_or(errSecSuccess, |e| e.code())
}

/// The `openssl` binary: `$SECURE_TRANSPORT_OPENSSL`, else `openssl` from `PATH`.
pub fn openssl_bin() -> PathBuf {
    if let Some(path) = env::var_os("SECURE_TRANSPORT_OPENSSL") {
        return path.into();
    }
    env::var_os("PATH")
        .and_then(|paths| {
            env::split_paths(&paths)
                .map(|dir| dir.join("openssl"))
                .find(|p| p.is_file())
        })
        .unwrap_or_else(|| "openssl".into())
}

/// `openssl version`, e.g. "OpenSSL 3.0.13 30 Jan 2024 (Library: ...)".
pub fn openssl_version() -> String {
    let (status, output) = run_openssl(&["version"], Duration::from_secs(10));
    assert!(
        status.is_some_and(|s| s.success()),
        "openssl version failed:\n{output}"
    );
    output.trim().to_string()
}

/// Runs `openssl <args>` to completion (killed after `timeout`); returns its exit status
/// (`None` if killed) and its stdout+stderr.
pub fn run_openssl(args: &[&str], timeout: Duration) -> (Option<ExitStatus>, String) {
    let mut peer = Peer::spawn(&openssl_bin(), args, 0);
    peer.close_stdin();
    let status = peer.wait(timeout);
    (status, peer.output())
}

/// A temp path as the `&str` the openssl tool's arguments want.
pub fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

/// A port that was free a moment ago (another process may still grab it).
pub fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    listener.local_addr().unwrap().port()
}

/// A UDP port that was free a moment ago.
pub fn free_udp_port() -> u16 {
    let socket = std::net::UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    socket.local_addr().unwrap().port()
}

/// Connects to 127.0.0.1:`port`, retrying for up to 5 s while the server comes up.
pub fn connect(port: u16) -> TcpStream {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match TcpStream::connect((Ipv4Addr::LOCALHOST, port)) {
            Ok(stream) => {
                stream.set_nodelay(true).unwrap();
                return stream;
            }
            Err(e) if Instant::now() >= deadline => panic!("connect to 127.0.0.1:{port}: {e}"),
            Err(_) => thread::sleep(POLL),
        }
    }
}

/// Waits (bounded: 10 s) for one TCP connection; returns it blocking.
pub fn accept(listener: &TcpListener) -> std::io::Result<TcpStream> {
    listener.set_nonblocking(true)?;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match listener.accept() {
            Ok((tcp, _)) => {
                tcp.set_nonblocking(false)?;
                return Ok(tcp);
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock && Instant::now() < deadline => {
                thread::sleep(POLL)
            }
            Err(e) => return Err(e),
        }
    }
}

/// A running `openssl` process with piped stdin and captured stdout+stderr. Dropping it
/// kills the process.
pub struct Peer {
    child: Child,
    /// The port s_server listens on, or s_client connects to.
    pub port: u16,
    /// stdout and stderr, each appended by its reader thread. Kept apart: a line of one
    /// could otherwise be split by the other.
    stdout: Arc<Mutex<Vec<u8>>>,
    stderr: Arc<Mutex<Vec<u8>>>,
    readers: Vec<JoinHandle<()>>,
}

impl Peer {
    /// `openssl s_server -accept 127.0.0.1:<free port> <args>`, returned once it listens
    /// (bounded: 10 s). Panics with its output if it exits first.
    pub fn s_server(args: &[&str]) -> Peer {
        Peer::s_server_with(&openssl_bin(), args)
    }

    /// [`Peer::s_server`] of the `openssl` binary at `bin`.
    pub fn s_server_with(bin: &Path, args: &[&str]) -> Peer {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let port = free_port();
            let accept = format!("127.0.0.1:{port}");
            let mut peer = Peer::spawn(
                bin,
                &[&["s_server", "-accept", &accept][..], args].concat(),
                port,
            );
            while Instant::now() < deadline && peer.child.try_wait().unwrap().is_none() {
                if is_listening(port) {
                    return peer;
                }
                thread::sleep(POLL);
            }
            let status = peer.wait(Duration::ZERO);
            let output = peer.output();
            // Another test may have taken the port between free_port() and the bind.
            if status.is_some()
                && output.contains("Address already in use")
                && Instant::now() < deadline
            {
                continue;
            }
            panic!(
                "openssl s_server {args:?} did not start listening (exit: {status:?}):\n{output}"
            );
        }
    }

    /// `s_server -naccept 1` with the PKI's server certificate and `extra` arguments: one
    /// connection.
    pub fn one_connection(pki: &Pki, extra: &[&str]) -> Peer {
        let server = pki.server();
        let mut args = vec![
            "-cert",
            path(&server.cert_path),
            "-key",
            path(&server.key_path),
            "-naccept",
            "1",
        ];
        args.extend_from_slice(extra);
        Peer::s_server(&args)
    }

    /// [`Peer::one_connection`] answering each line reversed (`-rev`).
    pub fn rev_server(pki: &Pki, extra: &[&str]) -> Peer {
        Peer::one_connection(pki, &[&["-rev"], extra].concat())
    }

    /// `openssl s_server <version> -accept 127.0.0.1:<free port> <args>` over UDP, where
    /// `version` is `-dtls`, `-dtls1` or `-dtls1_2`; returned once it says it accepts
    /// (bounded: 10 s). Panics with its output if it does not.
    pub fn s_server_dtls(version: &str, args: &[&str]) -> Peer {
        Peer::s_server_dtls_with(&openssl_bin(), version, args)
    }

    /// [`Peer::s_server_dtls`] of the `openssl` binary at `bin`.
    pub fn s_server_dtls_with(bin: &Path, version: &str, args: &[&str]) -> Peer {
        let port = free_udp_port();
        let accept = format!("127.0.0.1:{port}");
        let peer = Peer::spawn(
            bin,
            &[&["s_server", version, "-accept", &accept][..], args].concat(),
            port,
        );
        if !peer.wait_for_output("ACCEPT", Duration::from_secs(10)) {
            panic!(
                "openssl s_server -dtls {args:?} did not start:\n{}",
                peer.output()
            );
        }
        peer
    }

    /// `openssl s_client -connect 127.0.0.1:<port> <args>`; does not wait for anything.
    pub fn s_client(port: u16, args: &[&str]) -> Peer {
        Peer::s_client_with(&openssl_bin(), port, args)
    }

    /// [`Peer::s_client`] of the `openssl` binary at `bin`.
    pub fn s_client_with(bin: &Path, port: u16, args: &[&str]) -> Peer {
        let connect = format!("127.0.0.1:{port}");
        Peer::spawn(
            bin,
            &[&["s_client", "-connect", &connect][..], args].concat(),
            port,
        )
    }

    fn spawn(bin: &Path, args: &[&str], port: u16) -> Peer {
        let mut child = Command::new(bin)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("run {} {args:?}: {e}", bin.display()));
        let (stdout, stderr) = (Arc::default(), Arc::default());
        let readers = vec![
            capture(child.stdout.take().unwrap(), &stdout),
            capture(child.stderr.take().unwrap(), &stderr),
        ];
        Peer {
            child,
            port,
            stdout,
            stderr,
            readers,
        }
    }

    pub fn write_stdin(&mut self, data: &[u8]) {
        let stdin = self.child.stdin.as_mut().expect("stdin already closed");
        if let Err(e) = stdin.write_all(data).and_then(|()| stdin.flush()) {
            panic!(
                "write to openssl stdin: {e}\noutput so far:\n{}",
                self.output()
            );
        }
    }

    /// Sends EOF; s_client then shuts the connection down and exits.
    pub fn close_stdin(&mut self) {
        self.child.stdin.take();
    }

    /// stdout, then stderr, as captured so far.
    pub fn output(&self) -> String {
        let text = |buf: &Mutex<Vec<u8>>| {
            String::from_utf8_lossy(&buf.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
        };
        text(&self.stdout) + &text(&self.stderr)
    }

    /// Waits (bounded by `timeout`) until the output contains `needle`; returns whether it did.
    pub fn wait_for_output(&self, needle: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if self.output().contains(needle) {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            thread::sleep(POLL);
        }
    }

    /// Waits for exit, bounded by `timeout`; kills the process on timeout. Returns the exit
    /// status if it exited by itself. Afterwards `output()` is complete.
    pub fn wait(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break Some(status);
            }
            if Instant::now() >= deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                break None;
            }
            thread::sleep(POLL);
        };
        // The pipes hit EOF right after the exit; give the readers a moment to drain them.
        let drained = Instant::now() + Duration::from_secs(1);
        while self.readers.iter().any(|r| !r.is_finished()) && Instant::now() < drained {
            thread::sleep(Duration::from_millis(1));
        }
        status
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        // SIGKILL by PID, then reap; std remembers a reaped child, so no stray PID is hit.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `SSLReadFunc` over a blocking `TcpStream`: the classic Mac loop, all `*len` bytes or
/// EOF (`errSSLClosedNoNotify`) or failure (`errSecIO`), with `*len` set to what was read.
pub unsafe extern "C" fn tcp_read(
    connection: SslConnectionRef,
    data: *mut c_void,
    len: *mut usize,
) -> OSStatus {
    // SAFETY: the connection is the test's `TcpStream`, which outlives the context and is
    // not touched while the context may call back; the engine passes a buffer of `*len`.
    let tcp = &mut *(connection as *mut TcpStream);
    let buf = std::slice::from_raw_parts_mut(data.cast::<u8>(), *len);
    let mut done = 0;
    let status = loop {
        if done == buf.len() {
            break errSecSuccess;
        }
        match tcp.read(&mut buf[done..]) {
            Ok(0) => break errSSLClosedNoNotify,
            Ok(n) => done += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => break errSecIO,
        }
    };
    *len = done;
    status
}

/// `SSLWriteFunc` over a blocking `TcpStream`, the same way.
pub unsafe extern "C" fn tcp_write(
    connection: SslConnectionRef,
    data: *const c_void,
    len: *mut usize,
) -> OSStatus {
    // SAFETY: as in `tcp_read`.
    let tcp = &mut *(connection as *mut TcpStream);
    let buf = std::slice::from_raw_parts(data.cast::<u8>(), *len);
    let mut done = 0;
    let status = loop {
        if done == buf.len() {
            break errSecSuccess;
        }
        match tcp.write(&buf[done..]) {
            Ok(0) => break errSSLClosedNoNotify,
            Ok(n) => done += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => break errSecIO,
        }
    };
    *len = done;
    status
}

/// Appends everything read from `pipe` to `output`, until EOF.
fn capture(mut pipe: impl Read + Send + 'static, output: &Arc<Mutex<Vec<u8>>>) -> JoinHandle<()> {
    let output = Arc::clone(output);
    thread::spawn(move || {
        let mut buf = [0; 4096];
        loop {
            match pipe.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => output
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
    })
}

/// Whether a socket listens on `port`. Read from /proc/net/tcp rather than by connecting:
/// s_server would accept a probe connection as a client, counting it against `-naccept`
/// and logging a failed handshake into the output.
fn is_listening(port: u16) -> bool {
    const LISTEN: &str = "0A";
    // The table prints the address as a host-order u32 in hex.
    let ip = u32::from_ne_bytes(Ipv4Addr::LOCALHOST.octets());
    let local = format!("{ip:08X}:{port:04X}");
    match fs::read_to_string("/proc/net/tcp") {
        Ok(table) => table.lines().skip(1).any(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            fields.len() > 3 && fields[1] == local && fields[3] == LISTEN
        }),
        Err(_) => {
            let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
            TcpStream::connect_timeout(&addr, Duration::from_millis(100)).is_ok()
        }
    }
}
