//! SecureTransport.h for Rust: the API of `security_framework::secure_transport`, so code
//! written for macOS ports by renaming the dependency. This file only declares the modules.

mod builders;
mod context;
mod stream;

pub use crate::types::*;
pub use builders::{ClientBuilder, ClientHandshakeError, MidHandshakeClientBuilder, ServerBuilder};
pub use context::SslContext;
pub use stream::{HandshakeError, MidHandshakeSslStream, SslStream};
