//! What the generated files cannot see: the auto traits security-framework's types get from
//! their fields. Written by hand; a port relies on them as on any declared impl.

use security_framework::secure_transport::SslStream;

fn send_sync<T: Send + Sync>() {}

/// `SslStream<S>` is `Send` and `Sync` when its stream is, as in security-framework.
pub fn secure_transport_SslStream_send_sync<S: Send + Sync>() {
    send_sync::<SslStream<S>>();
}
