//! TLS extensions and server parameters beyond the basic configuration: ALPN, the host name
//! a client asked for (SNI, read by a server), OCSP stapling and caller-given
//! Diffie-Hellman parameters.

use foreign_types::ForeignTypeRef;
use openssl::dh::Dh;
use openssl::ssl::StatusType;
use openssl_sys as sys;

use super::callbacks::alpn_entries;
use super::Context;
use crate::base::{Error, Result};
use crate::status::*;
use crate::types::SslProtocolSide;

/// Apple's limit on one ALPN protocol name.
const MAX_ALPN_NAME: usize = 32;
/// Apple's limit on the encoded ALPN list.
const MAX_ALPN_LIST: usize = 255;

impl Context {
    /// `SSLSetALPNProtocols`: a client's offer, or the protocols a server accepts, in
    /// preference order. As on Apple, the list must not be empty, no name may exceed 32
    /// bytes and the encoded list 255 (`errSecParam`).
    pub fn set_alpn_protocols(&mut self, protocols: &[&[u8]]) -> Result<()> {
        let bad = Error::from_code(errSecParam);
        let encoded: usize = protocols.iter().map(|p| p.len() + 1).sum();
        if protocols.is_empty()
            || encoded > MAX_ALPN_LIST
            || protocols
                .iter()
                .any(|p| p.is_empty() || p.len() > MAX_ALPN_NAME)
        {
            return Err(bad);
        }
        self.config_mut().alpn = protocols.iter().map(|p| p.to_vec()).collect();
        Ok(())
    }

    /// `SSLCopyALPNProtocols`: what the peer sent, as on Apple — on a client the protocol
    /// the server selected, on a server the client's whole offer. `errSecParam` when the
    /// peer sent none.
    pub fn alpn_protocols(&self) -> Result<Vec<Vec<u8>>> {
        let none = Error::from_code(errSecParam);
        if self.config().side == SslProtocolSide::CLIENT {
            let selected = self.ssl.selected_alpn_protocol().ok_or(none)?;
            return Ok(vec![selected.to_vec()]);
        }
        let offered = self.shared().events.peer_alpn.as_deref().ok_or(none)?;
        Ok(alpn_entries(offered).map(<[u8]>::to_vec).collect())
    }

    /// `SSLCopyRequestedPeerName`: on a server, the host name the client asked for, from
    /// its ClientHello on (so at `errSSLClientHelloReceived`, to pick a certificate).
    /// `errSecParam` when it sent none.
    pub fn requested_peer_name(&self) -> Result<&[u8]> {
        self.shared()
            .events
            .requested_name
            .as_deref()
            .ok_or(Error::from_code(errSecParam))
    }

    /// `SSLSetDiffieHellmanParams`: DER PKCS#3 parameters for a server's DHE suites;
    /// empty clears them (the server then picks a group matching its key, as OpenSSL's
    /// automatic choice does). `errSecParam` if they do not decode.
    pub fn set_diffie_hellman_params(&mut self, der: &[u8]) -> Result<()> {
        self.configurable()?;
        if !der.is_empty() && Dh::params_from_der(der).is_err() {
            log::warn!("SSLSetDiffieHellmanParams: not DER PKCS#3 DH parameters");
            return Err(Error::from_code(errSecParam));
        }
        self.config_mut().dh_params = (!der.is_empty()).then(|| der.to_vec());
        Ok(())
    }

    /// `SSLGetDiffieHellmanParams`: the DER given, if any.
    pub fn diffie_hellman_params(&self) -> Option<&[u8]> {
        self.config().dh_params.as_deref()
    }

    /// `SSLSetOCSPResponse`: a DER OCSP response a server staples for clients that ask
    /// (as Apple's clients do by default). `errSecParam` if empty.
    pub fn set_ocsp_response(&mut self, der: &[u8]) -> Result<()> {
        if der.is_empty() {
            return Err(Error::from_code(errSecParam));
        }
        self.config_mut().ocsp_response = Some(der.to_vec());
        Ok(())
    }

    /// The OCSP response the server stapled, on a client after the server's certificate.
    pub fn peer_ocsp_response(&self) -> Option<&[u8]> {
        self.ssl.ocsp_status()
    }

    /// Carries ALPN, OCSP and DH settings over to the SSL before the handshake.
    pub(super) fn apply_extensions(&mut self) -> Result<()> {
        let bad_config = |_| Error::from_code(errSSLBadConfiguration);
        let config = self.config();
        let client = config.side == SslProtocolSide::CLIENT;
        let wire: Vec<u8> = config
            .alpn
            .iter()
            .flat_map(|p| std::iter::once(p.len() as u8).chain(p.iter().copied()))
            .collect();
        let dh = match &config.dh_params {
            Some(der) => Some(Dh::params_from_der(der).map_err(bad_config)?),
            None => None,
        };
        let ssl = &mut *self.ssl;
        if client && !wire.is_empty() {
            ssl.set_alpn_protos(&wire).map_err(bad_config)?;
        }
        if client {
            // Apple's clients ask for a stapled OCSP response by default.
            ssl.set_status_type(StatusType::OCSP).map_err(bad_config)?;
        }
        if !client {
            match dh {
                Some(dh) => ssl.set_tmp_dh(&dh).map_err(bad_config)?,
                // Apple's servers enable DHE with parameters of their own choosing.
                // SAFETY: a live SSL.
                None => unsafe {
                    sys::SSL_set_dh_auto(ssl.as_ptr(), 1);
                },
            }
        }
        Ok(())
    }
}
