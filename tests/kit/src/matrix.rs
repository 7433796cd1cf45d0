//! The interop matrix: our client and our server × every protocol version × peers (the
//! `openssl` tools of each OpenSSL build at hand, and ourselves) × RSA and ECDSA
//! certificates. Each cell is what our side negotiated, or its refusal with Apple's code.
//! `tests/interop_matrix.rs` checks every cell; `examples/interop_matrix.rs` prints the table.
//!
//! A cell runs only where the peer can be asked for its version: an `openssl` without
//! SSL 3.0 has no `-ssl3` option, so those cells are [`left_out`] (and said to be), never
//! counted as refusals. The legacy OpenSSL build (`ci/with-legacy-openssl.sh`) runs them.

use std::net::{Ipv4Addr, TcpListener, TcpStream, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;
use std::time::Duration;

use secure_transport::engine::supported_protocols;
use secure_transport::secure_transport::{
    SslConnectionType, SslContext, SslProtocol, SslProtocolSide, SslStream,
};

use crate::peers::{openssl_bin, path, Peer};
use crate::pki::{KeyKind, Pki};
use crate::tcp::accept;
use crate::udp::{finish, UdpStream};

/// Bound on any one handshake, and on waiting for a peer to show up.
const TIMEOUT: Duration = Duration::from_secs(20);

/// Every version a Secure Transport caller can ask for, oldest first, streams then datagrams.
pub const VERSIONS: [SslProtocol; 7] = [
    SslProtocol::SSL3,
    SslProtocol::TLS1,
    SslProtocol::TLS11,
    SslProtocol::TLS12,
    SslProtocol::TLS13,
    SslProtocol::DTLS1,
    SslProtocol::DTLS12,
];

/// How people write `version`.
pub fn version_name(version: SslProtocol) -> &'static str {
    match version {
        SslProtocol::SSL3 => "SSL 3.0",
        SslProtocol::TLS1 => "TLS 1.0",
        SslProtocol::TLS11 => "TLS 1.1",
        SslProtocol::TLS12 => "TLS 1.2",
        SslProtocol::TLS13 => "TLS 1.3",
        SslProtocol::DTLS1 => "DTLS 1.0",
        SslProtocol::DTLS12 => "DTLS 1.2",
        _ => "?",
    }
}

fn is_datagram(version: SslProtocol) -> bool {
    matches!(version, SslProtocol::DTLS1 | SslProtocol::DTLS12)
}

/// The `openssl` tools' option for exactly `version`.
fn tool_flag(version: SslProtocol) -> &'static str {
    match version {
        SslProtocol::SSL3 => "-ssl3",
        SslProtocol::TLS1 => "-tls1",
        SslProtocol::TLS11 => "-tls1_1",
        SslProtocol::TLS12 => "-tls1_2",
        SslProtocol::TLS13 => "-tls1_3",
        SslProtocol::DTLS1 => "-dtls1",
        _ => "-dtls1_2",
    }
}

/// A peer: an `openssl` binary, or this crate (`bin` None).
pub struct Tool {
    /// "openssl 3.0.19", or "ours".
    pub label: String,
    /// The `openssl` binary; `None` for ourselves.
    pub bin: Option<PathBuf>,
    /// Whether it can speak SSL 3.0.
    pub ssl3: bool,
}

impl Tool {
    /// The `openssl` at `bin`, named after its version ("openssl 3.0.19").
    fn openssl(bin: PathBuf) -> Tool {
        let run = |args: &[&str]| {
            Command::new(&bin)
                .args(args)
                .output()
                .map_or(String::new(), |out| {
                    String::from_utf8_lossy(&out.stdout).into_owned()
                        + &String::from_utf8_lossy(&out.stderr)
                })
        };
        let version = run(&["version"]);
        let number = version.split_whitespace().nth(1).unwrap_or("?");
        Tool {
            label: format!("openssl {number}"),
            ssl3: run(&["s_server", "-help"]).contains("-ssl3"),
            bin: Some(bin),
        }
    }

    /// Whether a cell of `version` can run against this peer: an `openssl` can be asked for
    /// SSL 3.0 only if it has it; our own side is always asked (refusing is its answer).
    pub fn speaks(&self, version: SslProtocol) -> bool {
        version != SslProtocol::SSL3 || self.ssl3 || self.bin.is_none()
    }
}

/// `$SECURE_TRANSPORT_LEGACY_OPENSSL`, else the `openssl` `ci/legacy-openssl.sh` installed.
pub fn legacy_openssl_bin() -> Option<PathBuf> {
    if let Some(bin) = std::env::var_os("SECURE_TRANSPORT_LEGACY_OPENSSL") {
        return Some(bin.into());
    }
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/legacy-openssl/bin/openssl");
    Some(bin).filter(|bin| bin.is_file())
}

/// The peers at hand: the `openssl` the tests use, the legacy build's if present and not the
/// same, and ourselves.
pub fn tools() -> Vec<Tool> {
    let mut tools = vec![Tool::openssl(openssl_bin())];
    let same = |a: &Path, b: &Path| a.canonicalize().ok() == b.canonicalize().ok();
    if let Some(bin) = legacy_openssl_bin().filter(|bin| !same(bin, &openssl_bin())) {
        tools.push(Tool::openssl(bin));
    }
    let ours = supported_protocols(SslConnectionType::STREAM).contains(&SslProtocol::SSL3);
    tools.push(Tool {
        label: "ours".into(),
        bin: None,
        ssl3: ours,
    });
    tools
}

/// What our side saw.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The negotiated version and cipher suite.
    Negotiated(SslProtocol, String),
    /// The handshake did not happen; why (our code, or what the peer could not do).
    Refused(String),
}

/// One cell of the matrix.
pub struct Cell {
    /// Our side.
    pub side: SslProtocolSide,
    /// The version both ends were limited to.
    pub version: SslProtocol,
    /// The peer's label.
    pub tool: String,
    /// The server's key.
    pub key: KeyKind,
    /// What our side saw.
    pub outcome: Outcome,
    /// Whether the handshake should have worked: SSL 3.0 needs both ends to have it and an
    /// RSA certificate (no SSL 3.0 suite authenticates with ECDSA); everything else works.
    pub should_work: bool,
}

impl Cell {
    /// Whether the outcome is the one it should be.
    pub fn as_expected(&self) -> bool {
        match &self.outcome {
            Outcome::Negotiated(version, _) => self.should_work && *version == self.version,
            Outcome::Refused(_) => !self.should_work,
        }
    }
}

/// The versions our end enables.
#[derive(Clone, Copy, Debug)]
pub enum Ours {
    /// Untouched: what a context enables by default.
    Defaults,
    /// Exactly this one (minimum and maximum).
    Exactly(SslProtocol),
    /// This one and newer.
    From(SslProtocol),
}

impl Ours {
    fn datagram(self) -> bool {
        matches!(self, Ours::Exactly(v) | Ours::From(v) if is_datagram(v))
    }
}

/// A context of ours on `side` with `versions`, set up to talk to the other end.
fn our_context(side: SslProtocolSide, versions: Ours, pki: &Pki) -> Result<SslContext, String> {
    let kind = if versions.datagram() {
        SslConnectionType::DATAGRAM
    } else {
        SslConnectionType::STREAM
    };
    let text = |e: secure_transport::Error| e.to_string();
    let mut ctx = SslContext::new(side, kind).map_err(text)?;
    match versions {
        Ours::Defaults => {}
        Ours::Exactly(version) => {
            ctx.set_protocol_version_min(version).map_err(text)?;
            ctx.set_protocol_version_max(version).map_err(text)?;
        }
        Ours::From(version) => ctx.set_protocol_version_min(version).map_err(text)?,
    }
    if side == SslProtocolSide::CLIENT {
        ctx.set_peer_domain_name("localhost").map_err(text)?;
        ctx.engine_mut()
            .set_trusted_roots(&[pki.ca().certificate()], true)
            .map_err(text)?;
    } else {
        ctx.set_certificate(&pki.server().identity(), &[])
            .map_err(text)?;
    }
    Ok(ctx)
}

/// What a finished handshake negotiated; closes the session.
fn describe<S: std::io::Read + std::io::Write + 'static>(mut tls: SslStream<S>) -> Outcome {
    let ctx = tls.context();
    let outcome = match (ctx.negotiated_protocol_version(), ctx.negotiated_cipher()) {
        (Ok(version), Ok(suite)) => {
            let name = ctx
                .engine()
                .cipher_suite_name(suite.to_raw())
                .unwrap_or("?");
            Outcome::Negotiated(version, name.to_owned())
        }
        (Err(e), _) | (_, Err(e)) => Outcome::Refused(e.to_string()),
    };
    let _ = tls.close();
    outcome
}

/// Our side of one connection over `transport` (connected TCP, or UDP as below).
fn handshake_tcp(ctx: Result<SslContext, String>, tcp: TcpStream) -> Outcome {
    let ctx = match ctx {
        Ok(ctx) => ctx,
        Err(e) => return Outcome::Refused(e),
    };
    // A silent peer times the handshake out instead of hanging it.
    let _ = tcp.set_read_timeout(Some(TIMEOUT));
    match ctx.handshake(tcp) {
        Ok(tls) => describe(tls),
        Err(e) => Outcome::Refused(format!("{e:?}")),
    }
}

fn handshake_udp(ctx: Result<SslContext, String>, udp: std::io::Result<UdpStream>) -> Outcome {
    let (ctx, udp) = match (ctx, udp) {
        (Ok(ctx), Ok(udp)) => (ctx, udp),
        (Err(e), _) => return Outcome::Refused(e),
        (_, Err(e)) => return Outcome::Refused(e.to_string()),
    };
    match finish(ctx.handshake(udp), TIMEOUT) {
        Ok(tls) => describe(tls),
        Err(e) => Outcome::Refused(e),
    }
}

/// The tool's options for `version`; its defaults for `None`.
fn tool_args(version: Option<SslProtocol>) -> Vec<&'static str> {
    let mut args: Vec<_> = version.map(tool_flag).into_iter().collect();
    args.extend(["-cipher", "ALL:@SECLEVEL=0"]);
    args
}

/// Our client against an `openssl s_server` of `bin`.
fn our_client_vs_tool(bin: &Path, ours: Ours, peer: Option<SslProtocol>, pki: &Pki) -> Outcome {
    let server = pki.server();
    let mut args = tool_args(peer);
    args.extend([
        "-cert",
        path(&server.cert_path),
        "-key",
        path(&server.key_path),
        "-naccept",
        "1",
    ]);
    let ctx = our_context(SslProtocolSide::CLIENT, ours, pki);
    if ours.datagram() {
        // s_server wants a DTLS option first.
        let (version, rest) = args.split_first().expect("a version option");
        let peer = Peer::s_server_dtls_with(bin, version, rest);
        handshake_udp(ctx, UdpStream::connect(peer.port))
    } else {
        let peer = Peer::s_server_with(bin, &args);
        match TcpStream::connect((Ipv4Addr::LOCALHOST, peer.port)) {
            Ok(tcp) => handshake_tcp(ctx, tcp),
            Err(e) => Outcome::Refused(e.to_string()),
        }
    }
}

/// Our server against an `openssl s_client` of `bin`.
fn our_server_vs_tool(bin: &Path, ours: Ours, peer: Option<SslProtocol>, pki: &Pki) -> Outcome {
    let ctx = our_context(SslProtocolSide::SERVER, ours, pki);
    let args = tool_args(peer);
    if ours.datagram() {
        let socket = match UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)) {
            Ok(socket) => socket,
            Err(e) => return Outcome::Refused(e.to_string()),
        };
        let port = socket.local_addr().map_or(0, |a| a.port());
        let mut client = Peer::s_client_with(bin, port, &args);
        let outcome = handshake_udp(ctx, UdpStream::accept(socket, TIMEOUT));
        client.close_stdin();
        outcome
    } else {
        let listener = match TcpListener::bind((Ipv4Addr::LOCALHOST, 0)) {
            Ok(listener) => listener,
            Err(e) => return Outcome::Refused(e.to_string()),
        };
        let port = listener.local_addr().map_or(0, |a| a.port());
        let mut client = Peer::s_client_with(bin, port, &args);
        let outcome = match accept(&listener) {
            Ok(tcp) => handshake_tcp(ctx, tcp),
            Err(e) => Outcome::Refused(format!("no connection from s_client: {e}")),
        };
        client.close_stdin();
        outcome
    }
}

/// Our `side` with `ours` against our other side with `peer` (exactly; defaults for None).
fn ours_vs_ours(
    side: SslProtocolSide,
    ours: Ours,
    peer: Option<SslProtocol>,
    pki: &Pki,
) -> Outcome {
    let other = peer.map_or(Ours::Defaults, Ours::Exactly);
    let (server_versions, client_versions) = if side == SslProtocolSide::CLIENT {
        (other, ours)
    } else {
        (ours, other)
    };
    let server_ctx = our_context(SslProtocolSide::SERVER, server_versions, pki);
    let client_ctx = our_context(SslProtocolSide::CLIENT, client_versions, pki);
    let (server, client) = if ours.datagram() {
        let Ok(socket) = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)) else {
            return Outcome::Refused("no UDP socket".into());
        };
        let port = socket.local_addr().map_or(0, |a| a.port());
        let server =
            thread::spawn(move || handshake_udp(server_ctx, UdpStream::accept(socket, TIMEOUT)));
        (server, handshake_udp(client_ctx, UdpStream::connect(port)))
    } else {
        let Ok(listener) = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)) else {
            return Outcome::Refused("no TCP listener".into());
        };
        let port = listener.local_addr().map_or(0, |a| a.port());
        let server = thread::spawn(move || match accept(&listener) {
            Ok(tcp) => handshake_tcp(server_ctx, tcp),
            Err(e) => Outcome::Refused(e.to_string()),
        });
        let client = match TcpStream::connect((Ipv4Addr::LOCALHOST, port)) {
            Ok(tcp) => handshake_tcp(client_ctx, tcp),
            Err(e) => Outcome::Refused(e.to_string()),
        };
        (server, client)
    };
    let server = server
        .join()
        .unwrap_or_else(|_| Outcome::Refused("our server panicked".into()));
    if side == SslProtocolSide::CLIENT {
        client
    } else {
        server
    }
}

/// Our `side` with `ours` against `tool` with `peer` (its defaults for None): what our side
/// negotiated.
pub fn connect(
    side: SslProtocolSide,
    ours: Ours,
    tool: &Tool,
    peer: Option<SslProtocol>,
    pki: &Pki,
) -> Outcome {
    match &tool.bin {
        Some(bin) if side == SslProtocolSide::CLIENT => our_client_vs_tool(bin, ours, peer, pki),
        Some(bin) => our_server_vs_tool(bin, ours, peer, pki),
        None => ours_vs_ours(side, ours, peer, pki),
    }
}

/// Runs one cell (see [`Tool::speaks`] for the cells that can run).
pub fn run(
    side: SslProtocolSide,
    version: SslProtocol,
    tool: &Tool,
    key: KeyKind,
    pki: &Pki,
) -> Cell {
    assert!(
        tool.speaks(version),
        "{} cannot be asked for {version:?}",
        tool.label
    );
    let ours_ssl3 = supported_protocols(SslConnectionType::STREAM).contains(&SslProtocol::SSL3);
    let should_work =
        version != SslProtocol::SSL3 || (ours_ssl3 && tool.ssl3 && key == KeyKind::Rsa2048);
    Cell {
        side,
        version,
        tool: tool.label.clone(),
        key,
        outcome: connect(side, Ours::Exactly(version), tool, Some(version), pki),
        should_work,
    }
}

/// Every cell that can run, RSA and ECDSA, both our sides, against every tool.
pub fn run_all(tools: &[Tool]) -> Vec<Cell> {
    let mut cells = Vec::new();
    for key in [KeyKind::Rsa2048, KeyKind::EcdsaP256] {
        let pki = Pki::new(key);
        for side in [SslProtocolSide::CLIENT, SslProtocolSide::SERVER] {
            for tool in tools {
                for version in VERSIONS.into_iter().filter(|&v| tool.speaks(v)) {
                    cells.push(run(side, version, tool, key, &pki));
                }
            }
        }
    }
    cells
}

/// The (tool, version) columns [`run_all`] leaves out because the tool cannot be asked for
/// the version, each with why.
pub fn left_out(tools: &[Tool]) -> Vec<String> {
    tools
        .iter()
        .flat_map(|tool| {
            VERSIONS.into_iter().filter(|&v| !tool.speaks(v)).map(|v| {
                format!(
                    "{} against {}: it has no option for it",
                    version_name(v),
                    tool.label
                )
            })
        })
        .collect()
}

/// The cells as a Markdown table.
pub fn table(cells: &[Cell]) -> String {
    let mut out = String::from(
        "| ours | peer | key | version | outcome | expected |\n|---|---|---|---|---|---|\n",
    );
    for cell in cells {
        let side = if cell.side == SslProtocolSide::CLIENT {
            "client"
        } else {
            "server"
        };
        let key = match cell.key {
            KeyKind::Rsa2048 => "RSA",
            KeyKind::EcdsaP256 => "ECDSA",
        };
        let outcome = match &cell.outcome {
            Outcome::Negotiated(version, cipher) => format!("{} {cipher}", version_name(*version)),
            Outcome::Refused(why) => format!("refused: {why}"),
        };
        let verdict = match (cell.as_expected(), cell.should_work) {
            (true, true) => "works",
            (true, false) => "refused, as it should",
            (false, _) => "**UNEXPECTED**",
        };
        out += &format!(
            "| {side} | {} | {key} | {} | {outcome} | {verdict} |\n",
            cell.tool,
            version_name(cell.version)
        );
    }
    out
}
