//! SecRandom.h: cryptographically secure random bytes, from OpenSSL's generator.

use crate::base::{Error, Result};
use crate::status::errSecInternalComponent;

/// Fills `bytes` with random bytes (`SecRandomCopyBytes`).
///
/// ```
/// let mut nonce = [0u8; 32];
/// secure_transport::random::copy_bytes(&mut nonce)?;
/// assert_ne!(nonce, [0u8; 32]); // 2^-256 odds of a false alarm
/// # Ok::<(), secure_transport::base::Error>(())
/// ```
pub fn copy_bytes(bytes: &mut [u8]) -> Result<()> {
    openssl::rand::rand_bytes(bytes).map_err(|e| {
        log::error!("random bytes: {e}");
        Error::from_code(errSecInternalComponent)
    })
}

/// A source of random bytes, shaped like `security_framework::random::SecRandom`.
///
/// ```
/// use secure_transport::random::SecRandom;
///
/// let mut key = [0u8; 16];
/// SecRandom::default().copy_bytes(&mut key)?;
/// assert_ne!(key, [0u8; 16]);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Default, Clone, Copy)]
pub struct SecRandom(());

impl SecRandom {
    /// Fills `buf` with random bytes.
    pub fn copy_bytes(&self, buf: &mut [u8]) -> std::io::Result<()> {
        copy_bytes(buf).map_err(|e| std::io::Error::other(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use crate::random::copy_bytes;

    #[test]
    fn two_draws_differ_and_use_every_byte_value() {
        let (mut a, mut b) = ([0u8; 4096], [0u8; 4096]);
        copy_bytes(&mut a).unwrap();
        copy_bytes(&mut b).unwrap();
        assert_ne!(a, b);
        // 4096 uniform bytes miss one of the 256 values with probability below 1e-5.
        let mut seen = [false; 256];
        a.iter().for_each(|&x| seen[usize::from(x)] = true);
        assert!(seen.iter().filter(|&&s| s).count() > 250);
        copy_bytes(&mut []).unwrap();
        let mut c = [0u8; 32];
        crate::random::SecRandom::default()
            .copy_bytes(&mut c)
            .unwrap();
        assert_ne!(c, [0u8; 32]);
    }
}
