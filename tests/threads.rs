//! Contexts are independent: many sessions at once on many threads, and a session that moves
//! to another thread between calls (Apple's rule, which we keep: one thread at a time per
//! context; no lock is shared between contexts on the data path).

mod support;

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use secure_transport::secure_transport::{ClientBuilder, ServerBuilder};
use support::pipe::{self, Faults};
use support::{KeyKind, Pki};

const THREADS: u64 = 8;
const SESSIONS_PER_THREAD: u64 = 25;

#[test]
fn many_sessions_at_once_on_many_threads() {
    let pki = Arc::new(Pki::new(KeyKind::EcdsaP256));
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let pki = Arc::clone(&pki);
            thread::spawn(move || {
                // All of this thread's sessions are open at once, served in turns.
                let mut sessions: Vec<_> = (0..SESSIONS_PER_THREAD)
                    .map(|i| {
                        let (client, server) = pipe::contexts(&pki);
                        pipe::connect(client, server, Faults::HARSH, t * 1000 + i)
                    })
                    .collect();
                for (client, server) in &mut sessions {
                    assert_eq!(pipe::handshake(client, server), (Ok(()), Ok(())));
                }
                for (i, (client, server)) in sessions.iter_mut().enumerate() {
                    let message = format!("thread {t} session {i}");
                    let mut sent = 0;
                    let mut got = Vec::new();
                    for _ in 0..10_000 {
                        if sent < message.len() {
                            sent += client.ctx.write(&message.as_bytes()[sent..]).0;
                        } else {
                            let _ = client.ctx.write(&[]);
                        }
                        let mut buf = [0u8; 64];
                        let (n, _) = server.ctx.read(&mut buf);
                        got.extend_from_slice(&buf[..n]);
                        if got.len() == message.len() {
                            break;
                        }
                    }
                    assert_eq!(got, message.as_bytes());
                }
                sessions.len()
            })
        })
        .collect();
    let total: usize = workers.into_iter().map(|w| w.join().unwrap()).sum();
    assert_eq!(total as u64, THREADS * SESSIONS_PER_THREAD);
}

#[test]
fn a_session_moves_to_another_thread_between_calls() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = ServerBuilder::new(&pki.server().identity(), &[]);
    let echo = thread::spawn(move || {
        let (tcp, _) = listener.accept().unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut tls = server.handshake(tcp).unwrap();
        let mut line = [0u8; 5];
        for _ in 0..2 {
            tls.read_exact(&mut line).unwrap();
            tls.write_all(&line).unwrap();
        }
    });

    let tcp = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut tls = ClientBuilder::new()
        .anchor_certificates(&[pki.ca().certificate()])
        .handshake("localhost", tcp)
        .unwrap();
    let mut reply = [0u8; 5];
    tls.write_all(b"first").unwrap();
    tls.read_exact(&mut reply).unwrap();
    assert_eq!(&reply, b"first");
    // The same session, continued by another thread.
    let reply = thread::spawn(move || {
        let mut reply = [0u8; 5];
        tls.write_all(b"again").unwrap();
        tls.read_exact(&mut reply).unwrap();
        reply
    })
    .join()
    .unwrap();
    assert_eq!(&reply, b"again");
    echo.join().unwrap();
}
