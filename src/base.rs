//! SecBase.h: the `OSStatus` error type every call returns.

use std::fmt;

use crate::status;
pub use crate::status::OSStatus;

/// A failed `OSStatus`, shown with its Apple name (`errSSLWouldBlock (-9803)`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Error(OSStatus);

/// The result of a Secure Transport call (another error type can be named, as in
/// security-framework).
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps a status code. `0` is not an error, but is kept as given.
    pub const fn from_code(code: OSStatus) -> Error {
        Error(code)
    }

    /// The raw `OSStatus`.
    pub const fn code(self) -> OSStatus {
        self.0
    }

    /// Apple's name for the code, if it is one of SecBase.h's.
    pub fn name(self) -> Option<&'static str> {
        status::name(self.0)
    }

    /// Apple's description of the code, as `SecCopyErrorMessageString` gives it on macOS
    /// ("invalid certificate chain"); `Display` shows the name and value instead.
    pub fn message(self) -> String {
        status::message(self.0)
    }
}

impl From<OSStatus> for Error {
    fn from(code: OSStatus) -> Error {
        Error(code)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{name} ({})", self.0),
            None => write!(f, "OSStatus {}", self.0),
        }
    }
}

impl std::error::Error for Error {}

impl From<Error> for std::io::Error {
    fn from(err: Error) -> std::io::Error {
        let kind = match err.code() {
            // The common case of non-blocking I/O, without an allocation.
            status::errSSLWouldBlock => return std::io::ErrorKind::WouldBlock.into(),
            status::errSSLClosedAbort | status::errSSLClosedNoNotify => {
                std::io::ErrorKind::ConnectionAborted
            }
            _ => std::io::ErrorKind::Other,
        };
        std::io::Error::new(kind, err)
    }
}
