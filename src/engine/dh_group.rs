//! The smallest DH group a client accepts (`SSLSetMinimumDHGroupSize`), enforced in
//! OpenSSL's security callback when the server's ephemeral DH key is checked.
//!
//! OpenSSL's security level has a floor of its own (1024 bits at level 1, 2048 at level 2,
//! Debian's default; none at level 0, where contexts that enable TLS 1.0 run): only a
//! minimum above it needs the callback. A minimum below it (coreTLS allows down to 512)
//! cannot lower OpenSSL's floor without lowering the whole context's level.

use openssl::ssl::SslRef;

use super::callbacks::shared_settings;
use super::settings::Settings;

/// The smallest DH group OpenSSL's security `level` accepts (its documented strengths:
/// 80, 112, 128, 192 and 256 bits for levels 1 to 5).
fn openssl_floor(level: u32) -> u32 {
    [0, 1024, 2048, 3072, 7680, 15360][level.min(5) as usize]
}

/// Whether a client's minimum is above OpenSSL's floor, so that `security`'s callback must
/// check the server's key (ask once the `SSL`'s security level is set).
pub(super) fn needs_check(ssl: &SslRef, settings: &Settings) -> bool {
    let min = settings.min_dh_group();
    let floor = openssl_floor(ssl.security_level());
    if !settings.is_server() && min < floor {
        log::info!("minimum DH group {min} bits: OpenSSL's security level keeps {floor}");
    }
    !settings.is_server() && min > floor
}

/// Whether the server's DH key of `key_bits` meets the client's minimum (asked by
/// `security` when OpenSSL checks it).
pub(super) fn allows(ssl: &SslRef, key_bits: libc::c_int) -> bool {
    let Some(min) = shared_settings(ssl).map(Settings::min_dh_group) else {
        return true;
    };
    let allowed = u32::try_from(key_bits).unwrap_or(0) >= min;
    if !allowed {
        log::warn!("server's DH group of {key_bits} bits refused: the minimum is {min}");
    }
    allowed
}
