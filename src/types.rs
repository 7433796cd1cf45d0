//! SecureTransport.h's types: its enumerations, as newtypes with Apple's values, and
//! `SSLCipherSuite`.
//!
//! The leaf of the crate: it imports nothing else of it, so the engine, trust, policy, the
//! safe facade and the C ABI all build on it without depending on one another. The enums
//! are C `int` enums; unknown values pass through unchanged so the C ABI can reject them.

macro_rules! c_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $value:expr,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub struct $name(i32);

        impl $name {
            $(
                $(#[$vmeta])*
                #[doc = concat!("Apple's value ", stringify!($value), ".")]
                pub const $variant: $name = $name($value);
            )*

            /// Wraps a raw C value.
            pub const fn from_raw(value: i32) -> $name {
                $name(value)
            }

            /// The raw C value.
            pub const fn to_raw(self) -> i32 {
                self.0
            }
        }
    };
}

c_enum! {
    /// `SSLProtocolSide`: which end of the connection a context is.
    SslProtocolSide {
        SERVER = 0,
        CLIENT = 1,
    }
}

c_enum! {
    /// `SSLConnectionType`: TLS over a stream or DTLS over datagrams.
    SslConnectionType {
        STREAM = 0,
        DATAGRAM = 1,
    }
}

c_enum! {
    /// `SSLSessionState`, as `SSLGetSessionState` reports it.
    SessionState {
        IDLE = 0,
        HANDSHAKE = 1,
        CONNECTED = 2,
        CLOSED = 3,
        ABORTED = 4,
    }
}

c_enum! {
    /// `SSLAuthenticate`: whether a server asks for a client certificate.
    SslAuthenticate {
        NEVER = 0,
        ALWAYS = 1,
        TRY = 2,
    }
}

c_enum! {
    /// `SSLClientCertificateState`.
    SslClientCertificateState {
        NONE = 0,
        REQUESTED = 1,
        SENT = 2,
        REJECTED = 3,
    }
}

c_enum! {
    /// `SSLProtocol`: protocol versions, including the deprecated "only"/"all" selectors.
    SslProtocol {
        UNKNOWN = 0,
        SSL2 = 1,
        SSL3 = 2,
        SSL3_ONLY = 3,
        TLS1 = 4,
        TLS1_ONLY = 5,
        ALL = 6,
        TLS11 = 7,
        TLS12 = 8,
        DTLS1 = 9,
        TLS13 = 10,
        DTLS12 = 11,
        /// `kTLSProtocolMaxSupported`: the highest version this build can speak.
        MAX_SUPPORTED = 999,
    }
}

c_enum! {
    /// `SSLSessionOption`.
    SslSessionOption {
        BREAK_ON_SERVER_AUTH = 0,
        BREAK_ON_CERT_REQUESTED = 1,
        BREAK_ON_CLIENT_AUTH = 2,
        FALSE_START = 3,
        SEND_ONE_BYTE_RECORD = 4,
        ALLOW_SERVER_IDENTITY_CHANGE = 5,
        FALLBACK = 6,
        BREAK_ON_CLIENT_HELLO = 7,
        ALLOW_RENEGOTIATION = 8,
        ENABLE_SESSION_TICKETS = 9,
    }
}

/// `SSLCipherSuite`: a cipher suite by its IANA number, as wide as Apple's CipherSuite.h
/// makes it for this CPU: 16 bits on ARM (arm64 Macs, iOS), 32 bits elsewhere (Intel Macs),
/// so bindings written for a Mac of the same CPU pass arrays of the right width.
#[cfg(any(target_arch = "aarch64", target_arch = "arm"))]
pub type SslCipherSuite = u16;
/// `SSLCipherSuite`: a cipher suite by its IANA number, as wide as Apple's CipherSuite.h
/// makes it for this CPU: 32 bits, as on Intel Macs (16 bits on ARM).
#[cfg(not(any(target_arch = "aarch64", target_arch = "arm")))]
pub type SslCipherSuite = u32;

/// The suite with IANA number `id`; lossless, as every width holds 16 bits.
#[allow(clippy::useless_conversion)] // the identity on ARM
pub fn cipher_suite(id: u16) -> SslCipherSuite {
    SslCipherSuite::from(id)
}

/// The IANA number of `suite`; `None` for a 32-bit value above 16 bits, which no suite has.
#[allow(clippy::useless_conversion)] // the identity on ARM
pub fn iana_id(suite: SslCipherSuite) -> Option<u16> {
    u16::try_from(suite).ok()
}

#[cfg(test)]
mod tests {
    use crate::types::*;

    #[test]
    fn suites_convert_from_and_to_iana_numbers_without_loss() {
        for id in [0x0000, 0x1301, 0xC02B, 0xFFFF] {
            assert_eq!(iana_id(cipher_suite(id)), Some(id));
        }
        #[cfg(not(any(target_arch = "aarch64", target_arch = "arm")))]
        assert_eq!(
            iana_id(0x1_C02B),
            None,
            "no suite is numbered above 16 bits"
        );
    }
}
