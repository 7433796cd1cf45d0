//! The wire on its own, without a TLS engine: so that a bug of the wire is not taken for
//! one of the engine.

use std::io::{ErrorKind, Read, Write};

use libc::c_void;
use secure_transport::status::{errSSLClosedGraceful, errSSLWouldBlock, errSecIO, errSecSuccess};
use secure_transport::OSStatus;

use super::{pair, read_cb, write_cb, End, Faults, Mode};

/// `read_cb` into a buffer of `len`: the bytes and the status.
fn c_read(end: &End, len: usize) -> (Vec<u8>, OSStatus) {
    let mut buf = vec![0u8; len];
    let mut moved = len;
    // SAFETY: a live end and a buffer of `len` bytes.
    let status = unsafe {
        read_cb(
            end.connection(),
            buf.as_mut_ptr().cast::<c_void>(),
            &mut moved,
        )
    };
    buf.truncate(moved);
    (buf, status)
}

/// `write_cb` of `data`: how much moved and the status.
fn c_write(end: &End, data: &[u8]) -> (usize, OSStatus) {
    let mut moved = data.len();
    // SAFETY: a live end and `data` of its length.
    let status = unsafe { write_cb(end.connection(), data.as_ptr().cast(), &mut moved) };
    (moved, status)
}

#[test]
fn a_plain_stream_moves_bytes_both_ways_and_reads_eof_after_a_hang_up() {
    let (mut a, mut b) = pair(Mode::Stream);
    assert_eq!(c_write(&a, b"hello"), (5, errSecSuccess));
    assert_eq!(c_read(&b, 3), (b"hel".to_vec(), errSecSuccess));
    // Fewer bytes than asked: Apple's contract says would-block.
    assert_eq!(c_read(&b, 8), (b"lo".to_vec(), errSSLWouldBlock));
    assert_eq!(
        b.read(&mut [0u8; 4]).unwrap_err().kind(),
        ErrorKind::WouldBlock
    );
    b.write_all(b"back").unwrap();
    let mut buf = [0u8; 8];
    assert_eq!(a.read(&mut buf).unwrap(), 4);
    assert_eq!(&buf[..4], b"back");
    a.write_all(b"last").unwrap();
    a.hang_up(errSSLClosedGraceful);
    assert_eq!(c_read(&b, 8), (b"last".to_vec(), errSSLClosedGraceful));
    assert_eq!(
        b.read(&mut buf).unwrap(),
        0,
        "EOF reads as the end of a Rust stream"
    );
    let stats = b.stats();
    assert_eq!((stats.bytes_read, stats.bytes_written), (9, 4));
    assert_eq!(
        (stats.calls, stats.empty_reads),
        (0, 0),
        "untroubled: bytes only"
    );
}

/// Everything written through harsh faults arrives intact, in order, and the same seed
/// cuts the same way.
#[test]
fn seeded_faults_cut_and_stall_but_lose_nothing() {
    // Each read: (bytes waiting before it, bytes it moved).
    let reads = |seed| {
        let (a, b) = pair(Mode::Stream);
        a.set_faults(Faults::HARSH, seed);
        b.set_faults(Faults::HARSH, seed + 1);
        let data: Vec<u8> = (0..20_000u32).map(|i| (i % 251) as u8).collect();
        let (mut sent, mut got, mut reads) = (0, Vec::new(), Vec::new());
        for _ in 0..100_000 {
            if got.len() == data.len() {
                break;
            }
            sent += c_write(&a, &data[sent..]).0;
            let waiting = b.queued();
            let (bytes, _) = c_read(&b, 4096);
            reads.push((waiting, bytes.len()));
            got.extend(bytes);
        }
        assert_eq!(got, data);
        reads
    };
    let moves = reads(7);
    assert!(moves.iter().any(|&(_, n)| n == 1), "one-byte reads");
    assert!(moves.iter().any(|&(w, n)| w > 0 && n == 0), "stalls");
    assert!(
        moves.iter().all(|&(w, n)| n <= w.min(3000)),
        "at most max_chunk"
    );
    assert_eq!(reads(7), moves, "the same seed, the same faults");
    assert_ne!(reads(8), moves, "another seed, other faults");
}

#[test]
fn stalls_stop_at_their_bound() {
    let (a, b) = pair(Mode::Stream);
    let always = Faults {
        would_block: 100,
        max_stalls: 3,
        ..Faults::NONE
    };
    b.set_faults(always, 1);
    assert_eq!(c_write(&a, b"x"), (1, errSecSuccess));
    for _ in 0..3 {
        assert_eq!(c_read(&b, 1), (Vec::new(), errSSLWouldBlock));
    }
    assert_eq!(c_read(&b, 1), (b"x".to_vec(), errSecSuccess));
    assert_eq!(c_read(&b, 1), (Vec::new(), errSSLWouldBlock));
    let stats = b.stats();
    assert_eq!(
        (stats.calls, stats.empty_reads, stats.bytes_read),
        (5, 1, 1)
    );
}

#[test]
fn planned_failures_move_their_bytes_then_fail_for_good() {
    let (a, b) = pair(Mode::Stream);
    a.fail_write(3, errSecIO);
    assert_eq!(c_write(&a, b"hello"), (3, errSecIO));
    assert_eq!(c_write(&a, b"more"), (0, errSecIO));
    b.fail_read(2, errSSLClosedGraceful);
    assert_eq!(c_read(&b, 5), (b"he".to_vec(), errSSLClosedGraceful));
    assert_eq!(c_read(&b, 5), (Vec::new(), errSSLClosedGraceful));
}

#[test]
fn blocked_writes_take_nothing_until_released() {
    let (a, b) = pair(Mode::Stream);
    a.block_writes(true);
    assert_eq!(c_write(&a, b"held"), (0, errSSLWouldBlock));
    assert_eq!(b.queued(), 0);
    a.block_writes(false);
    assert_eq!(c_write(&a, b"held"), (4, errSecSuccess));
    assert_eq!(b.queued(), 4);
}

#[test]
fn injected_bytes_and_taken_output_stand_in_for_a_peer() {
    let (a, _b) = pair(Mode::Stream);
    a.inject(b"from the peer");
    a.flip_incoming(0, 0x20);
    assert_eq!(c_read(&a, 13), (b"From the peer".to_vec(), errSecSuccess));
    assert_eq!(a.take_output(), Vec::<Vec<u8>>::new());
    c_write(&a, b"to ");
    c_write(&a, b"it");
    assert_eq!(a.take_output(), vec![b"to it".to_vec()]);
}

#[test]
fn datagrams_arrive_one_per_read_and_cut_to_the_buffer() {
    let (a, b) = pair(Mode::Datagram);
    a.record_writes();
    assert_eq!(c_write(&a, b"first"), (5, errSecSuccess));
    assert_eq!(c_write(&a, b"second"), (6, errSecSuccess));
    assert_eq!(b.queued(), 2);
    assert_eq!(c_read(&b, 100), (b"first".to_vec(), errSecSuccess));
    assert_eq!(c_read(&b, 3), (b"sec".to_vec(), errSecSuccess));
    assert_eq!(c_read(&b, 100), (Vec::new(), errSSLWouldBlock));
    assert_eq!(a.writes(), vec![b"first".to_vec(), b"second".to_vec()]);
}

#[test]
fn a_datagram_network_loses_duplicates_and_reorders_as_seeded() {
    let (a, b) = pair(Mode::Datagram);
    let lossy = Faults {
        loss: 100,
        ..Faults::NONE
    };
    a.set_faults(lossy, 1);
    c_write(&a, b"gone");
    assert_eq!((b.queued(), a.stats().lost), (0, 1));
    let doubled = Faults {
        duplicate: 100,
        ..Faults::NONE
    };
    a.set_faults(doubled, 1);
    c_write(&a, b"twice");
    assert_eq!(b.queued(), 2);
    let shuffled = Faults {
        reorder: 50,
        ..Faults::NONE
    };
    let (a, b) = pair(Mode::Datagram);
    a.set_faults(shuffled, 3);
    for i in 0..20u8 {
        c_write(&a, &[i]);
    }
    let order: Vec<u8> = (0..20).map(|_| c_read(&b, 1).0[0]).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        (0..20).collect::<Vec<u8>>(),
        "nothing lost or doubled"
    );
    assert_ne!(order, sorted, "some overtook others");
}

#[test]
fn a_datagram_failure_comes_with_the_first_datagram_that_does_not_fit() {
    let (a, b) = pair(Mode::Datagram);
    a.fail_write(8, errSecIO);
    assert_eq!(c_write(&a, b"12345"), (5, errSecSuccess));
    assert_eq!(c_write(&a, b"12345"), (0, errSecIO));
    assert_eq!(b.queued(), 1);
}
