//! Datagram (DTLS) contexts: Apple's record size, hello cookie and write size on top of
//! OpenSSL's DTLS, and the retransmission timer that Apple's callers drive by calling
//! `SSLHandshake` or `SSLRead` again after `errSSLWouldBlock`.

use libc::{c_int, c_long};
use openssl::ssl::SslOptions;
use openssl_sys as sys;

use super::config::set_options;
use super::Context;
use crate::base::{Error, Result};
use crate::status::*;
use crate::types::{SslConnectionType, SslProtocolSide};

/// Apple's default maximum datagram (`DEFAULT_DTLS_MTU`).
pub(crate) const DEFAULT_MTU: usize = 1400;
/// The smallest datagram OpenSSL's DTLS can work with (256 bytes less UDP/IP overhead);
/// Apple's own floor is 64.
const MIN_MTU: usize = 228;
/// Apple's longest hello cookie.
const MAX_COOKIE: usize = 32;

/// From ssl.h.
const SSL_CTRL_SET_MTU: c_int = 17;
const DTLS_CTRL_HANDLE_TIMEOUT: c_int = 74;

impl Context {
    fn datagram_only(&self) -> Result<()> {
        if self.config().kind == SslConnectionType::DATAGRAM {
            Ok(())
        } else {
            Err(Error::from_code(errSecParam))
        }
    }

    /// `SSLSetDatagramHelloCookie` (server): the cookie a client must echo before the
    /// server answers its hello (a HelloVerifyRequest carries it). At most 32 bytes.
    pub fn set_datagram_hello_cookie(&mut self, cookie: &[u8]) -> Result<()> {
        self.datagram_only()?;
        if cookie.len() > MAX_COOKIE {
            return Err(Error::from_code(errSecParam));
        }
        self.configurable()?;
        self.config_mut().cookie = (!cookie.is_empty()).then(|| cookie.to_vec());
        Ok(())
    }

    /// `SSLSetMaxDatagramRecordSize`: the largest datagram the session sends.
    pub fn set_max_datagram_record_size(&mut self, size: usize) -> Result<()> {
        self.datagram_only()?;
        if size < MIN_MTU {
            log::warn!("SSLSetMaxDatagramRecordSize({size}): OpenSSL needs at least {MIN_MTU}");
            return Err(Error::from_code(errSecParam));
        }
        self.config_mut().mtu = size;
        self.apply_mtu();
        Ok(())
    }

    /// `SSLGetMaxDatagramRecordSize`.
    pub fn max_datagram_record_size(&self) -> Result<usize> {
        self.datagram_only()?;
        Ok(self.config().mtu)
    }

    /// `SSLGetDatagramWriteSize`: how much one `SSLWrite` can put in one datagram, by
    /// Apple's reckoning for the costliest suite (13-byte header, 16-byte blocks and IV,
    /// a padding byte, a 32-byte MAC). Larger writes are split over several datagrams.
    pub fn datagram_write_size(&self) -> Result<usize> {
        self.datagram_only()?;
        let fragment = (self.config().mtu - 13) & !15;
        Ok(fragment - 16 - 1 - 32)
    }

    fn apply_mtu(&mut self) {
        let mtu = self.config().mtu as c_long;
        // SAFETY: a live SSL; SSL_set_mtu only stores the value.
        unsafe { sys::SSL_ctrl(self.ssl_ptr(), SSL_CTRL_SET_MTU, mtu, std::ptr::null_mut()) };
    }

    /// Datagram settings for the handshake: our MTU instead of asking the BIO, and the
    /// cookie exchange on a server that has a cookie.
    pub(super) fn apply_datagram(&mut self) {
        if self.config().kind != SslConnectionType::DATAGRAM {
            return;
        }
        set_options(&mut self.ssl, SslOptions::NO_QUERY_MTU, true);
        self.apply_mtu();
        let cookie =
            self.config().side == SslProtocolSide::SERVER && self.config().cookie.is_some();
        set_options(&mut self.ssl, SslOptions::COOKIE_EXCHANGE, cookie);
    }

    /// Retransmits the last flight if its timer ran out (DTLS only), as Apple does at the
    /// start of `SSLHandshake`.
    pub(super) fn retransmit_if_due(&mut self) {
        if self.config().kind == SslConnectionType::DATAGRAM {
            // SAFETY: a live SSL; DTLSv1_handle_timeout acts only if the timer expired.
            unsafe {
                sys::SSL_ctrl(
                    self.ssl_ptr(),
                    DTLS_CTRL_HANDLE_TIMEOUT,
                    0,
                    std::ptr::null_mut(),
                )
            };
        }
    }
}
