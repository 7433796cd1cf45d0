//! TCP on 127.0.0.1: free ports, connects and accepts bounded by a deadline, and the classic
//! blocking Apple-style callbacks over a `TcpStream`.

use std::fs;
use std::io::{ErrorKind, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use libc::c_void;
use secure_transport::engine::SslConnectionRef;
use secure_transport::status::{errSSLClosedNoNotify, errSecIO, errSecSuccess};
use secure_transport::OSStatus;

use crate::peers::POLL;

/// A port that was free a moment ago (another process may still grab it: servers started on
/// it retry with another, see [`crate::peers::Peer::s_server`]).
pub fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    listener.local_addr().unwrap().port()
}

/// Connects to 127.0.0.1:`port`, retrying for up to 5 s while the server comes up.
pub fn connect(port: u16) -> TcpStream {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match TcpStream::connect((Ipv4Addr::LOCALHOST, port)) {
            Ok(stream) => {
                stream.set_nodelay(true).unwrap();
                return stream;
            }
            Err(e) if Instant::now() >= deadline => panic!("connect to 127.0.0.1:{port}: {e}"),
            Err(_) => thread::sleep(POLL),
        }
    }
}

/// Waits (bounded: 10 s) for one TCP connection; returns it blocking.
pub fn accept(listener: &TcpListener) -> std::io::Result<TcpStream> {
    listener.set_nonblocking(true)?;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match listener.accept() {
            Ok((tcp, _)) => {
                tcp.set_nonblocking(false)?;
                return Ok(tcp);
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock && Instant::now() < deadline => {
                thread::sleep(POLL)
            }
            Err(e) => return Err(e),
        }
    }
}

/// Whether a socket listens on `port`. Read from /proc/net/tcp rather than by connecting:
/// s_server would accept a probe connection as a client, counting it against `-naccept`
/// and logging a failed handshake into the output.
pub(crate) fn is_listening(port: u16) -> bool {
    const LISTEN: &str = "0A";
    // The table prints the address as a host-order u32 in hex.
    let ip = u32::from_ne_bytes(Ipv4Addr::LOCALHOST.octets());
    let local = format!("{ip:08X}:{port:04X}");
    match fs::read_to_string("/proc/net/tcp") {
        Ok(table) => table.lines().skip(1).any(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            fields.len() > 3 && fields[1] == local && fields[3] == LISTEN
        }),
        Err(_) => {
            let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
            TcpStream::connect_timeout(&addr, Duration::from_millis(100)).is_ok()
        }
    }
}

/// The connection of [`tcp_read`] and [`tcp_write`]: the `TcpStream` itself.
pub fn connection(tcp: &mut TcpStream) -> SslConnectionRef {
    tcp as *mut TcpStream as *const c_void
}

/// `SSLReadFunc` over a blocking `TcpStream`: the classic Mac loop, all `*len` bytes or
/// EOF (`errSSLClosedNoNotify`) or failure (`errSecIO`), with `*len` set to what was read.
///
/// # Safety
/// `connection` is a [`connection`] of a `TcpStream` that outlives the context and is not
/// touched while the context may call back; `data` is valid for writes of `*len` bytes.
pub unsafe extern "C" fn tcp_read(
    connection: SslConnectionRef,
    data: *mut c_void,
    len: *mut usize,
) -> OSStatus {
    // SAFETY: the caller's contract above.
    let (tcp, buf) = unsafe {
        (
            &mut *(connection as *mut TcpStream),
            std::slice::from_raw_parts_mut(data.cast::<u8>(), *len),
        )
    };
    let (done, status) = transfer(buf.len(), |done| tcp.read(&mut buf[done..]));
    // SAFETY: as above.
    unsafe { *len = done };
    status
}

/// `SSLWriteFunc` over a blocking `TcpStream`, the same way.
///
/// # Safety
/// As [`tcp_read`], with `data` valid for reads of `*len` bytes.
pub unsafe extern "C" fn tcp_write(
    connection: SslConnectionRef,
    data: *const c_void,
    len: *mut usize,
) -> OSStatus {
    // SAFETY: the caller's contract above.
    let (tcp, buf) = unsafe {
        (
            &mut *(connection as *mut TcpStream),
            std::slice::from_raw_parts(data.cast::<u8>(), *len),
        )
    };
    let (done, status) = transfer(buf.len(), |done| tcp.write(&buf[done..]));
    // SAFETY: as above.
    unsafe { *len = done };
    status
}

/// Moves `len` bytes with `step` (given the count so far); stops at EOF or an error.
fn transfer(
    len: usize,
    mut step: impl FnMut(usize) -> std::io::Result<usize>,
) -> (usize, OSStatus) {
    let mut done = 0;
    while done < len {
        match step(done) {
            Ok(0) => return (done, errSSLClosedNoNotify),
            Ok(n) => done += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return (done, errSecIO),
        }
    }
    (done, errSecSuccess)
}
