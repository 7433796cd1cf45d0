//! SecureTransport.h: the 72 public functions (and a few SPI; SecureTransportPriv.h's in `private`), with Apple's exact names and
//! signatures. Each checks its arguments and makes one engine call on the context, which it
//! uses alone until it returns.

pub mod certificates;
pub mod client_auth;
pub mod context;
pub mod datagram;
pub mod extensions;
pub mod io;
pub mod peer;
pub mod private;
pub mod protocol;
pub mod session;
