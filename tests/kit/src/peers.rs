//! Real TLS peers: the `openssl` command-line tool as `s_server` / `s_client` processes on
//! 127.0.0.1, with their output captured, every wait bounded, and the process killed by PID
//! when the [`Peer`] goes.

use std::env;
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::pki::Pki;
use crate::tcp::{free_port, is_listening};
use crate::udp::free_udp_port;

/// How often bounded waits poll.
pub(crate) const POLL: Duration = Duration::from_millis(20);
/// How long a server may take to start listening.
const STARTUP: Duration = Duration::from_secs(10);

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

/// `openssl pkcs12 -info -noenc` of a PKCS#12 file (a keychain here): whether it succeeded,
/// and its output with names written as OpenSSL 3.2+ writes them ("CN=x"; 3.0 writes
/// "CN = x"), so tests read the same text from either.
pub fn pkcs12_info(file: &Path, password: &str) -> (bool, String) {
    let pass = format!("pass:{password}");
    let (status, output) = run_openssl(
        &[
            "pkcs12",
            "-info",
            "-noenc",
            "-in",
            path(file),
            "-passin",
            &pass,
        ],
        Duration::from_secs(30),
    );
    (
        status.is_some_and(|s| s.success()),
        output.replace(" = ", "="),
    )
}

/// A temp path as the `&str` the openssl tool's arguments want.
pub fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

/// Whether a server's output says it lost the race for its port: another process took the
/// port between [`free_port`] (or [`free_udp_port`]) and the server's bind.
fn lost_its_port(status: Option<ExitStatus>, output: &str) -> bool {
    status.is_some() && output.contains("Address already in use")
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
        Peer::start_server(bin, &["s_server"], args, free_port, |peer| {
            is_listening(peer.port)
        })
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

    /// `openssl s_server <version> -accept 127.0.0.1:<free UDP port> <args>`, where
    /// `version` is `-dtls`, `-dtls1` or `-dtls1_2`; returned once it says it accepts
    /// (bounded: 10 s). Panics with its output if it does not.
    pub fn s_server_dtls(version: &str, args: &[&str]) -> Peer {
        Peer::s_server_dtls_with(&openssl_bin(), version, args)
    }

    /// [`Peer::s_server_dtls`] of the `openssl` binary at `bin`.
    pub fn s_server_dtls_with(bin: &Path, version: &str, args: &[&str]) -> Peer {
        // No listening state to look up for UDP: s_server prints ACCEPT once it is bound.
        Peer::start_server(bin, &["s_server", version], args, free_udp_port, |peer| {
            peer.output().contains("ACCEPT")
        })
    }

    /// Starts `openssl <command> -accept 127.0.0.1:<port> <args>` on a port from
    /// `free_port` until `ready` says it serves, trying another port while the server
    /// loses its port to another process; bounded by [`STARTUP`].
    fn start_server(
        bin: &Path,
        command: &[&str],
        args: &[&str],
        free_port: fn() -> u16,
        ready: fn(&Peer) -> bool,
    ) -> Peer {
        let deadline = Instant::now() + STARTUP;
        loop {
            let port = free_port();
            let accept = format!("127.0.0.1:{port}");
            let mut peer = Peer::spawn(bin, &[command, &["-accept", &accept], args].concat(), port);
            while Instant::now() < deadline && peer.child.try_wait().unwrap().is_none() {
                if ready(&peer) {
                    return peer;
                }
                thread::sleep(POLL);
            }
            let status = peer.wait(Duration::ZERO);
            let output = peer.output();
            if lost_its_port(status, &output) && Instant::now() < deadline {
                continue;
            }
            panic!(
                "openssl {command:?} {args:?} did not start serving (exit: {status:?}):\n{output}"
            );
        }
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

    /// Writes `data` to the process's stdin (s_server and s_client send it to their peer).
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
        // The pipes hit EOF right after the exit: wait (bounded) for the readers to drain them.
        let drained = Instant::now() + Duration::from_secs(1);
        while self.readers.iter().any(|r| !r.is_finished()) && Instant::now() < drained {
            thread::sleep(Duration::from_millis(1));
        }
        status
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        // SIGKILL by PID, then reap; std remembers a reaped child, so no stray PID is hit.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
