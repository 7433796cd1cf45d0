//! Datagrams from a DTLS peer, one per read callback call, into a client or server
//! context: handshake, SSLRead/SSLWrite, SSLClose. Input layout: `secure_transport_fuzz::peer`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secure_transport::secure_transport::SslConnectionType;
use secure_transport_fuzz::peer;

fuzz_target!(|input: &[u8]| {
    peer::run(SslConnectionType::DATAGRAM, input);
});
