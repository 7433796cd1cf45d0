//! A context may be shared by threads (it is `Sync`, as security-framework's is), but shared
//! it is only read: a change takes `&mut`, which no thread gets while another reads.

use secure_transport::secure_transport::{SslConnectionType, SslContext, SslProtocolSide};

fn main() {
    let mut ctx = SslContext::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM).unwrap();
    std::thread::scope(|scope| {
        scope.spawn(|| ctx.state());
        scope.spawn(|| ctx.set_peer_id(b"peer"));
    });
}
