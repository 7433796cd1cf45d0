//! SecPolicy: what a trust evaluation checks (SSL server or client, or basic X.509).

use secure_transport::policy::{RevocationPolicy, SecPolicy};
use secure_transport::types::SslProtocolSide;

use crate::cf::runtime::{self, Class, Instance};
use crate::cf::string::CfString;
use crate::cf::types::{Boolean, CFOptionFlags, CFTypeID, CFTypeRef};
use crate::guard;

static CLASS: Class = Class::new::<SecPolicy>("SecPolicy");

impl Instance for SecPolicy {
    fn class() -> &'static Class {
        &CLASS
    }
}

/// `SecPolicyGetTypeID`.
#[no_mangle]
pub extern "C" fn SecPolicyGetTypeID() -> CFTypeID {
    CLASS.id()
}

/// `SecPolicyCreateSSL`: `server` says whether the certificate evaluated is a server's;
/// `hostname` (a CFString, or NULL) the name it must carry.
#[no_mangle]
pub extern "C" fn SecPolicyCreateSSL(server: Boolean, hostname: CFTypeRef) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let side = if server != 0 {
            SslProtocolSide::SERVER
        } else {
            SslProtocolSide::CLIENT
        };
        let host =
            runtime::hold::<CfString>(hostname).map(|h| h.text().to_string_lossy().into_owned());
        runtime::create(SecPolicy::create_ssl(side, host.as_deref()))
    })
}

/// `SecPolicyCreateBasicX509`.
#[no_mangle]
pub extern "C" fn SecPolicyCreateBasicX509() -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        runtime::create(SecPolicy::create_x509())
    })
}

/// `SecPolicyCreateRevocation`: how revocation is checked (`kSecRevocation*`); NULL for
/// flags beyond the seven Apple defines, as on Apple.
#[no_mangle]
pub extern "C" fn SecPolicyCreateRevocation(revocation_flags: CFOptionFlags) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        let flags = RevocationPolicy::from_bits_retain(revocation_flags as usize);
        SecPolicy::create_revocation(flags).map_or(std::ptr::null(), runtime::create)
    })
}
