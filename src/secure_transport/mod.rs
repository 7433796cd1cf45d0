//! SecureTransport.h for Rust: the API of `security_framework::secure_transport`, so code
//! written for macOS ports by renaming the dependency. This file only declares the modules.
//!
//! A server and a client on 127.0.0.1, each built the short way:
//!
//! ```
//! use std::io::{Read, Write};
//! use std::net::{TcpListener, TcpStream};
//! use std::thread;
//!
//! use secure_transport::secure_transport::{ClientBuilder, ServerBuilder};
//! use secure_transport_test_kit::pki::{KeyKind, Pki};
//!
//! let pki = Pki::new(KeyKind::EcdsaP256);
//! let listener = TcpListener::bind("127.0.0.1:0").unwrap();
//! let port = listener.local_addr().unwrap().port();
//!
//! let server = ServerBuilder::new(&pki.server().identity(), &[]);
//! let serving = thread::spawn(move || {
//!     let (tcp, _) = listener.accept().unwrap();
//!     let mut tls = server.handshake(tcp).unwrap();
//!     let mut ping = [0; 4];
//!     tls.read_exact(&mut ping).unwrap();
//!     tls.write_all(b"pong").unwrap();
//! });
//!
//! let tcp = TcpStream::connect(("127.0.0.1", port)).unwrap();
//! let mut tls = ClientBuilder::new()
//!     .anchor_certificates(&[pki.ca().certificate()])
//!     .handshake("localhost", tcp)
//!     .unwrap();
//! tls.write_all(b"ping").unwrap();
//! let mut pong = [0; 4];
//! tls.read_exact(&mut pong).unwrap();
//! assert_eq!(&pong, b"pong");
//! serving.join().unwrap();
//! ```

mod builders;
mod context;
mod stream;

pub use crate::types::*;
pub use builders::{ClientBuilder, ClientHandshakeError, MidHandshakeClientBuilder, ServerBuilder};
pub use context::SslContext;
pub use stream::{HandshakeError, MidHandshakeSslStream, SslStream};
