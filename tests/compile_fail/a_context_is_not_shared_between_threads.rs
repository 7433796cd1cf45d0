//! A context is used by one thread at a time (Apple's rule): it may move between threads,
//! but not be shared by two.

use secure_transport::secure_transport::{SslConnectionType, SslContext, SslProtocolSide};

fn main() {
    let ctx = SslContext::new(SslProtocolSide::CLIENT, SslConnectionType::STREAM).unwrap();
    std::thread::scope(|scope| {
        scope.spawn(|| ctx.state());
        scope.spawn(|| ctx.state());
    });
}
