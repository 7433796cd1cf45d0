//! A session may run over a borrowed stream (`&mut S` is a stream too), and then cannot
//! outlive the borrow: the stream cannot be dropped or moved while the session lives.

use std::io::Cursor;

use secure_transport::secure_transport::{SslConnectionType, SslContext, SslProtocolSide};

fn main() {
    let mut transport = Cursor::new(Vec::new());
    let ctx = SslContext::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM).unwrap();
    let session = ctx.handshake(&mut transport);
    drop(transport);
    drop(session);
}
