//! A throwaway PKI made with the `openssl` crate: a CA, a server leaf for "localhost" and a
//! client leaf, and broken leaves on demand, as PEM and as files in a private temporary
//! directory that goes away with the [`Pki`]. Every test makes its own, so tests run in
//! parallel.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};
use std::{env, fs};

use openssl::asn1::Asn1Time;
use openssl::bn::{BigNum, MsbOption};
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkcs12::Pkcs12;
use openssl::pkey::{Id, PKey, Private};
use openssl::rsa::Rsa;
use openssl::stack::Stack;
use openssl::x509::extension::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAlternativeName,
    SubjectKeyIdentifier,
};
use openssl::x509::{X509Builder, X509NameBuilder, X509};
use secure_transport::certificate::SecCertificate;
use secure_transport::identity::SecIdentity;

/// The key algorithm of every key in a `Pki`. Prefer P-256: it is generated instantly,
/// while an RSA-2048 key takes tens of milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    /// RSA, 2048 bits.
    Rsa2048,
    /// ECDSA on NIST P-256.
    EcdsaP256,
}

/// A broken leaf for failure tests; each is for host "localhost" unless noted. The first six
/// fail X.509 verification itself; the others pass it (OpenSSL accepts them) but break the
/// rules of Apple's TLS server trust policy, some of them of every Apple policy. Those that
/// break no rule about usage allow both serverAuth and clientAuth, so that they also serve
/// as client certificates.
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
    /// An RSA key of 1024 bits (Apple's TLS servers need 2048).
    Rsa1024,
    /// An RSA key of 512 bits (too weak for any Apple policy).
    Rsa512,
    /// Signed with SHA-1 by the CA.
    Sha1Signed,
    /// Signed with MD5 by an RSA intermediate of the CA (any key kind signs with SHA-256,
    /// only RSA with MD5); `chain_pem` holds that intermediate.
    Md5Signed,
    /// "localhost" only in the subject's common name: no subjectAltName.
    CommonNameOnly,
    /// An extended key usage of clientAuth only.
    ClientAuthOnly,
    /// No extended key usage extension.
    NoExtendedKeyUsage,
    /// Valid for 900 days from yesterday.
    LongValidity,
    /// Issued on 1 June 2019, valid until 30 days from now, without an extended key usage:
    /// older than the rules Apple applies since 1 July 2019 (825 days, serverAuth).
    IssuedJune2019,
    /// Signed by an intermediate of the CA with an RSA key of 1024 bits; `chain_pem` holds it.
    WeakIntermediate,
}

impl LeafSpec {
    /// Every kind of broken leaf.
    pub const ALL: [LeafSpec; 16] = [
        LeafSpec::Expired,
        LeafSpec::NotYetValid,
        LeafSpec::WrongHost,
        LeafSpec::SelfSigned,
        LeafSpec::UnknownIssuer,
        LeafSpec::IssuedByNonCa,
        LeafSpec::Rsa1024,
        LeafSpec::Rsa512,
        LeafSpec::Sha1Signed,
        LeafSpec::Md5Signed,
        LeafSpec::CommonNameOnly,
        LeafSpec::ClientAuthOnly,
        LeafSpec::NoExtendedKeyUsage,
        LeafSpec::LongValidity,
        LeafSpec::IssuedJune2019,
        LeafSpec::WeakIntermediate,
    ];

    /// The leaves that fail X.509 verification itself.
    pub const X509: [LeafSpec; 6] = [
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
    /// The certificate, PEM.
    pub cert_pem: Vec<u8>,
    /// PKCS#8 PEM.
    pub key_pem: Vec<u8>,
    /// Certificates to send after the leaf (empty unless the leaf needs an intermediate).
    pub chain_pem: Vec<u8>,
    /// `cert_pem` as a file.
    pub cert_path: PathBuf,
    /// `key_pem` as a file.
    pub key_path: PathBuf,
    /// Leaf followed by `chain_pem`, for `openssl s_server -cert`/`-cert_chain`.
    pub chain_path: PathBuf,
}

impl Issued {
    /// The certificate as this crate's type.
    pub fn certificate(&self) -> SecCertificate {
        SecCertificate::from_pem(&self.cert_pem).expect("parse test certificate")
    }

    /// Certificate and key as this crate's identity.
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

    /// DER PKCS#12 of key and certificate made by the `openssl pkcs12 -export` tool with
    /// `algorithms`: `["-legacy"]` gives RC2-40 for the certificates, 3DES for the key and a
    /// SHA-1 MAC, the old tool's default and what Keychain Access exports.
    pub fn pkcs12_made_by_openssl(&self, password: &str, algorithms: &[&str]) -> Vec<u8> {
        static MADE: AtomicUsize = AtomicUsize::new(0);
        let n = MADE.fetch_add(1, Ordering::Relaxed);
        let out = self.cert_path.with_extension(format!("{n}.p12"));
        let pass = format!("pass:{password}");
        let mut args = vec!["pkcs12", "-export", "-name", "secure-transport test"];
        args.extend_from_slice(&[
            "-inkey",
            crate::peers::path(&self.key_path),
            "-in",
            crate::peers::path(&self.cert_path),
            "-passout",
            &pass,
            "-out",
            crate::peers::path(&out),
        ]);
        args.extend_from_slice(algorithms);
        let timeout = std::time::Duration::from_secs(30);
        let (status, output) = crate::peers::run_openssl(&args, timeout);
        assert!(
            status.is_some_and(|s| s.success()),
            "openssl {args:?}:\n{output}"
        );
        fs::read(&out).expect("the PKCS#12 file openssl wrote")
    }

    /// DER PKCS#12 that no one can decode although it parses: its MAC's digest algorithm is
    /// an OID no one assigned (SHA-256's, 2.16.840.1.101.3.4.2.1, with its last arc 127).
    pub fn pkcs12_with_unknown_mac_digest(&self, password: &str) -> Vec<u8> {
        const SHA256: [u8; 11] = [6, 9, 0x60, 0x86, 0x48, 1, 0x65, 3, 4, 2, 1];
        let mut archive = self.pkcs12_made_by_openssl(password, &["-macalg", "sha256"]);
        // The MacData comes last: so does its digest's OID.
        let at = archive
            .windows(SHA256.len())
            .rposition(|w| w == SHA256)
            .expect("a SHA-256 MAC");
        archive[at + SHA256.len() - 1] = 127;
        archive
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
/// 1 June 2019, 00:00 UTC.
const JUNE_2019: i64 = 1_559_347_200;

/// The server leaf's role: its names in subjectAltName, serverAuth.
const SERVER: Role = Role::Server {
    names: LOCALHOST,
    san: true,
    usage: Some(Usage::ServerAuth),
};
/// A leaf for either end: serverAuth and clientAuth.
const EITHER: Role = Role::Server {
    names: LOCALHOST,
    san: true,
    usage: Some(Usage::Both),
};

impl Pki {
    /// A new CA with its server and client leaves, all with keys of `kind`.
    pub fn new(kind: KeyKind) -> Pki {
        Pki::with_ca_days(kind, CA_VALID)
    }

    /// As [`Pki::new`], but the CA expired yesterday (its leaves are valid).
    pub fn with_expired_ca(kind: KeyKind) -> Pki {
        Pki::with_ca_days(kind, (-60, -1))
    }

    fn with_ca_days(kind: KeyKind, ca_days: (i64, i64)) -> Pki {
        let dir = fresh_dir();
        let shape = Shape::new(Key::Kind(kind));
        let (ca_cert, ca_key) = make_cert(
            "secure-transport test CA",
            Role::Ca,
            shape.days(ca_days),
            None,
        );
        let ca = write_issued(&dir, "ca", &ca_cert, &ca_key, &[]);
        let signer = Some((&ca_cert, &ca_key));
        let (cert, key) = make_cert("localhost", SERVER, shape, signer);
        let server = write_issued(&dir, "server", &cert, &key, &[]);
        let (cert, key) = make_cert("client", Role::Client, shape, signer);
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

    /// The directory of the files, removed on drop.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The key algorithm of every key.
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
        let shape = Shape::new(Key::Kind(self.kind));
        let ca = Some((&self.ca_cert, &self.ca_key));
        // A leaf for "localhost" signed by the CA, its shape changed by `change`.
        let leaf =
            |role, change: &dyn Fn(Shape) -> Shape| make_cert("localhost", role, change(shape), ca);
        // A leaf signed by an intermediate CA of the given shape, and that intermediate.
        let below = |name, role, ca_shape: Shape, leaf_shape: Shape| {
            let (cert, key) = make_cert(name, Role::Ca, ca_shape.days(CA_VALID), ca);
            let made = make_cert("localhost", role, leaf_shape, Some((&cert, &key)));
            (made, cert)
        };
        let mut chain = Vec::new();
        let (cert, key) = match spec {
            LeafSpec::Expired => leaf(SERVER, &|s| s.days((-30, -1))),
            LeafSpec::NotYetValid => leaf(SERVER, &|s| s.days((1, 30))),
            LeafSpec::WrongHost => {
                let role = Role::Server {
                    names: &["wrong.example"],
                    san: true,
                    usage: Some(Usage::ServerAuth),
                };
                make_cert("wrong.example", role, shape, ca)
            }
            LeafSpec::SelfSigned => make_cert("localhost", SERVER, shape, None),
            LeafSpec::UnknownIssuer => below("Unknown Intermediate CA", SERVER, shape, shape).0,
            LeafSpec::IssuedByNonCa => {
                let (cert, key) = make_cert("Not A CA", Role::NotCa, shape, ca);
                let leaf = make_cert("localhost", SERVER, shape, Some((&cert, &key)));
                chain.push(cert);
                leaf
            }
            LeafSpec::Rsa1024 => leaf(EITHER, &|s| Shape {
                key: Key::Rsa(1024),
                ..s
            }),
            LeafSpec::Rsa512 => leaf(EITHER, &|s| Shape {
                key: Key::Rsa(512),
                ..s
            }),
            LeafSpec::Sha1Signed => leaf(EITHER, &|s| Shape {
                digest: MessageDigest::sha1(),
                ..s
            }),
            LeafSpec::Md5Signed => {
                let rsa = Shape {
                    key: Key::Rsa(2048),
                    ..shape
                };
                let md5 = Shape {
                    digest: MessageDigest::md5(),
                    ..shape
                };
                let (made, intermediate) = below("RSA Intermediate CA", EITHER, rsa, md5);
                chain.push(intermediate);
                made
            }
            LeafSpec::CommonNameOnly => leaf(
                Role::Server {
                    names: LOCALHOST,
                    san: false,
                    usage: Some(Usage::Both),
                },
                &|s| s,
            ),
            LeafSpec::ClientAuthOnly => leaf(
                Role::Server {
                    names: LOCALHOST,
                    san: true,
                    usage: Some(Usage::ClientAuth),
                },
                &|s| s,
            ),
            LeafSpec::NoExtendedKeyUsage => leaf(NO_USAGE, &|s| s),
            LeafSpec::LongValidity => leaf(EITHER, &|s| s.days((-1, 899))),
            LeafSpec::IssuedJune2019 => leaf(NO_USAGE, &|s| Shape {
                validity: (JUNE_2019, now() + 30 * DAY),
                ..s
            }),
            LeafSpec::WeakIntermediate => {
                let weak = Shape {
                    key: Key::Rsa(1024),
                    ..shape
                };
                let (made, intermediate) = below("Weak Intermediate CA", EITHER, weak, shape);
                chain.push(intermediate);
                made
            }
        };
        let name = format!("{spec:?}").to_lowercase();
        self.write_numbered(&name, &cert, &key, &chain)
    }

    /// A new leaf like [`Pki::server`], with a key of its own: a server this PKI's clients
    /// have not met yet.
    pub fn another_server(&self) -> Issued {
        let shape = Shape::new(Key::Kind(self.kind));
        let (cert, key) = make_cert(
            "localhost",
            SERVER,
            shape,
            Some((&self.ca_cert, &self.ca_key)),
        );
        self.write_numbered("server", &cert, &key, &[])
    }

    fn write_numbered(
        &self,
        name: &str,
        cert: &X509,
        key: &PKey<Private>,
        chain: &[X509],
    ) -> Issued {
        let n = self.issued.fetch_add(1, Ordering::Relaxed);
        write_issued(&self.dir, &format!("{name}-{n}"), cert, key, chain)
    }
}

impl Drop for Pki {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// A server leaf's role without an extended key usage.
const NO_USAGE: Role = Role::Server {
    names: LOCALHOST,
    san: true,
    usage: None,
};

/// What a certificate is for; decides its extensions.
#[derive(Clone, Copy)]
enum Role<'a> {
    Ca,
    /// Signs certificates but says CA:FALSE. No keyUsage, so that basicConstraints alone is
    /// what makes it unfit (with keyUsage lacking keyCertSign, OpenSSL would not even pick
    /// it as the issuer).
    NotCa,
    /// A TLS server's: these DNS names / IP addresses, in subjectAltName if `san` (else
    /// only the first, in the common name the caller gives), and this extended key usage.
    Server {
        names: &'a [&'a str],
        san: bool,
        usage: Option<Usage>,
    },
    /// clientAuth.
    Client,
}

/// An extended key usage.
#[derive(Clone, Copy)]
enum Usage {
    ServerAuth,
    ClientAuth,
    Both,
}

/// A certificate's key.
#[derive(Clone, Copy)]
enum Key {
    Kind(KeyKind),
    /// RSA of this many bits.
    Rsa(u32),
}

/// How a certificate is made besides its name and role: its key, the digest its issuer signs
/// it with, and its validity as Unix times (notBefore, notAfter).
#[derive(Clone, Copy)]
struct Shape {
    key: Key,
    digest: MessageDigest,
    validity: (i64, i64),
}

const DAY: i64 = 24 * 60 * 60;

/// Now, as a Unix time.
fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

impl Shape {
    /// A key of `key`, SHA-256, valid as `VALID`.
    fn new(key: Key) -> Shape {
        Shape {
            key,
            digest: MessageDigest::sha256(),
            validity: (0, 0),
        }
        .days(VALID)
    }

    /// Valid from `days.0` to `days.1` days from now.
    fn days(self, days: (i64, i64)) -> Shape {
        let now = now();
        Shape {
            validity: (now + days.0 * DAY, now + days.1 * DAY),
            ..self
        }
    }
}

/// Makes a key and a certificate for it, signed by `issuer` or else self-signed.
fn make_cert(
    common_name: &str,
    role: Role,
    shape: Shape,
    issuer: Option<(&X509, &PKey<Private>)>,
) -> (X509, PKey<Private>) {
    let key = match shape.key {
        Key::Kind(KeyKind::Rsa2048) => PKey::from_rsa(Rsa::generate(2048).unwrap()).unwrap(),
        Key::Rsa(bits) => PKey::from_rsa(Rsa::generate(bits).unwrap()).unwrap(),
        Key::Kind(KeyKind::EcdsaP256) => {
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

    let mut b = X509Builder::new().unwrap();
    b.set_version(2).unwrap();
    b.set_serial_number(&serial.to_asn1_integer().unwrap())
        .unwrap();
    b.set_subject_name(&name).unwrap();
    b.set_issuer_name(issuer.map_or(&*name, |(cert, _)| cert.subject_name()))
        .unwrap();
    b.set_pubkey(&key).unwrap();
    b.set_not_before(&Asn1Time::from_unix(shape.validity.0).unwrap())
        .unwrap();
    b.set_not_after(&Asn1Time::from_unix(shape.validity.1).unwrap())
        .unwrap();

    let mut constraints = BasicConstraints::new();
    constraints.critical();
    if let Role::Ca = role {
        constraints.ca();
    }
    b.append_extension(constraints.build().unwrap()).unwrap();
    let mut leaf_usage = KeyUsage::new();
    leaf_usage.critical().digital_signature();
    if key.id() == Id::RSA {
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
        Role::Server { names, san, usage } => {
            b.append_extension(leaf_usage.build().unwrap()).unwrap();
            match usage {
                Some(Usage::ServerAuth) => {
                    let eku = ExtendedKeyUsage::new().server_auth().build().unwrap();
                    b.append_extension(eku).unwrap();
                }
                Some(Usage::ClientAuth) => {
                    let eku = ExtendedKeyUsage::new().client_auth().build().unwrap();
                    b.append_extension(eku).unwrap();
                }
                Some(Usage::Both) => {
                    let mut eku = ExtendedKeyUsage::new();
                    eku.server_auth().client_auth();
                    b.append_extension(eku.build().unwrap()).unwrap();
                }
                None => {}
            }
            if san {
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
    b.sign(issuer.map_or(&key, |(_, key)| key), shape.digest)
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
