//! Apple's policy checks that OpenSSL's verifier does not make, run on the chain it built
//! (Security's SecPolicyServer.c and SecPolicy.c, as of macOS 10.15): broken keys and
//! signature algorithms for every policy; for TLS, host names in subjectAltName only and the
//! extended key usage; for TLS servers, also Apple's "Requirements for trusted certificates
//! in iOS 13 and macOS 10.15" (RSA keys of 2048 bits, SHA-2 signatures, serverAuth, 825 days).

use foreign_types::ForeignTypeRef;
use openssl::nid::Nid;
use openssl::pkey::Id;
use openssl::x509::{X509ExtendedKeyUsage as Eku, X509Ref};
use openssl_sys as sys;

use super::evaluation::{Check, Failure};
use crate::certificate::{unix_time, SecCertificate};
use crate::policy::{PolicyKind, SecPolicy};

/// Where the chain's root came from: Apple holds chains to its system roots to rules of
/// their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Anchor {
    /// One of the system's trusted roots.
    System,
    /// An anchor the caller gave, or none (the chain reached no trusted root).
    Other,
}

/// Apple's dates (CFAbsoluteTime constants of SecPolicyServer.c) as Unix times.
const JULY_2016: i64 = 1_467_331_200;
const MARCH_2018: i64 = 1_519_862_400;
/// Apple's "1 July 2019", which its constant puts an hour earlier.
const JULY_2019: i64 = 1_561_935_600;
const DAY: i64 = 24 * 60 * 60;
/// The hour of slip Apple allows on each maximum validity period.
const SLIP: i64 = 60 * 60;

/// The failures of `chain` (leaf first) under `policies`; none means basic X.509.
pub(super) fn failures(
    chain: &[SecCertificate],
    policies: &[SecPolicy],
    anchor: Anchor,
) -> Vec<Failure> {
    let mut failures = Vec::new();
    let mut fail = |check, index| failures.push(Failure { check, index });
    // Every Apple policy: keys and signatures too broken to trust at all.
    for (index, certificate) in chain.iter().enumerate() {
        let cert = certificate.x509();
        if weak_key(cert) {
            fail(Check::WeakKeySize, index);
        }
        if signed_with(cert, &[Nid::MD2, Nid::MD4, Nid::MD5]) && !self_signed(cert) {
            fail(Check::WeakSignature, index);
        }
    }
    let Some(leaf) = chain.first().map(SecCertificate::x509) else {
        return failures;
    };
    for policy in policies {
        let PolicyKind::Ssl { server, hostname } = &policy.kind else {
            continue;
        };
        if hostname.as_deref().is_some_and(|host| !names(leaf, host)) {
            fail(Check::SslHostname, 0);
        }
        if !usage_allowed(leaf, *server) {
            fail(Check::ExtendedKeyUsage, 0);
        }
        if *server {
            server_checks(chain, anchor, &mut fail);
        }
    }
    failures
}

/// What `SecPolicyCreateSSL(true, …)` adds for a server's chain.
fn server_checks(chain: &[SecCertificate], anchor: Anchor, fail: &mut impl FnMut(Check, usize)) {
    for (index, certificate) in chain.iter().enumerate() {
        let cert = certificate.x509();
        if !strong_key(cert) {
            fail(Check::KeySize, index);
        }
        let weak = [Nid::MD2, Nid::MD4, Nid::MD5, Nid::SHA1];
        if signed_with(cert, &weak) && !self_signed(cert) {
            fail(Check::SignatureHashAlgorithms, index);
        }
    }
    let leaf = chain[0].x509();
    let server_auth = |cert: &X509Ref| {
        cert.extended_key_usage()
            .is_some_and(|u| u.contains(Eku::SSL_SERVER))
    };
    let (Some(not_before), Some(not_after)) =
        (unix_time(leaf.not_before()), unix_time(leaf.not_after()))
    else {
        fail(Check::ValidityPeriodMaximums, 0);
        return;
    };
    let period = not_after - not_before;
    match anchor {
        Anchor::System => {
            // Every leaf has serverAuth, and an intermediate that limits its usage allows it.
            let intermediates = chain
                .get(1..chain.len().saturating_sub(1))
                .unwrap_or_default();
            let limited = intermediates.iter().map(SecCertificate::x509).any(|ca| {
                ca.extended_key_usage()
                    .is_some_and(|u| !u.is_empty() && !u.intersects(Eku::SSL_SERVER | Eku::ANYEKU))
            });
            if !server_auth(leaf) || limited {
                fail(Check::ServerAuthEku, 0);
            }
            let maximum = if not_before < JULY_2016 {
                (365 * 5 + 2) * DAY // 60 months
            } else if not_before < MARCH_2018 {
                (365 * 3 + 2 * 31 + 30 + 1) * DAY // 39 months
            } else {
                825 * DAY
            };
            if period > maximum + SLIP {
                fail(Check::ValidityPeriodMaximums, 0);
            }
        }
        // Leaves issued after 1 July 2019 for any other root.
        Anchor::Other if not_before > JULY_2019 => {
            if !server_auth(leaf) {
                fail(Check::ServerAuthEku, 0);
            }
            if period > 825 * DAY + SLIP {
                fail(Check::ValidityPeriodMaximums, 0);
            }
        }
        Anchor::Other => {}
    }
}

/// `SecCertificateIsWeakKey`: RSA under 1024 bits, EC under 160.
fn weak_key(cert: &X509Ref) -> bool {
    match cert.public_key() {
        Ok(key) if key.id() == Id::RSA => key.bits() < 1024,
        Ok(key) if key.id() == Id::EC => key.bits() < 160,
        Ok(_) => false,
        Err(_) => true,
    }
}

/// `SecPolicyAddStrongKeySizeOptions`: RSA of 2048 bits or more, EC of 256 or more, and no
/// other kind of key.
fn strong_key(cert: &X509Ref) -> bool {
    match cert.public_key() {
        Ok(key) if key.id() == Id::RSA => key.bits() >= 2048,
        Ok(key) if key.id() == Id::EC => key.bits() >= 256,
        _ => false,
    }
}

/// Whether the signature's hash is one of `digests`. An algorithm OpenSSL cannot split into
/// hash and key (RSA-PSS, EdDSA) is not judged.
fn signed_with(cert: &X509Ref, digests: &[Nid]) -> bool {
    let algorithm = cert.signature_algorithm().object().nid();
    algorithm
        .signature_algorithms()
        .is_some_and(|algorithms| digests.contains(&algorithms.digest))
}

/// `SecCertificateIsSelfSigned`: its issuer is its subject, and it is signed with its own
/// key, whatever its key usage says (a signature check: asked only of certificates signed
/// with a weak hash, or that trust options might except).
pub(super) fn self_signed(cert: &X509Ref) -> bool {
    cert.subject_name()
        .try_cmp(cert.issuer_name())
        .is_ok_and(|order| order.is_eq())
        && cert
            .public_key()
            .and_then(|key| cert.verify(&key))
            .unwrap_or(false)
}

/// `SecPolicyCheckCertSSLHostname`: the host name (or IP address) is one of the
/// subjectAltName's, never the subject's common name.
fn names(cert: &X509Ref, host: &str) -> bool {
    let flags =
        sys::X509_CHECK_FLAG_NEVER_CHECK_SUBJECT | sys::X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS;
    let address = match host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(ip)) => Some(ip.octets().to_vec()),
        Ok(std::net::IpAddr::V6(ip)) => Some(ip.octets().to_vec()),
        Err(_) => None,
    };
    // SAFETY: a live certificate and buffers of the lengths given; OpenSSL only reads them.
    let matched = unsafe {
        match address {
            Some(ip) => sys::X509_check_ip(cert.as_ptr(), ip.as_ptr(), ip.len(), flags),
            None => sys::X509_check_host(
                cert.as_ptr(),
                host.as_ptr().cast(),
                host.len(),
                flags,
                std::ptr::null_mut(),
            ),
        }
    };
    matched == 1
}

/// SecPolicy.c's `set_ssl_ekus`: an extended key usage, when there is one, allows the side's
/// use (a server: serverAuth or Netscape's/Microsoft's SGC; a client: clientAuth) or any.
fn usage_allowed(cert: &X509Ref, server: bool) -> bool {
    let allowed = if server {
        Eku::SSL_SERVER | Eku::SGC | Eku::ANYEKU
    } else {
        Eku::SSL_CLIENT | Eku::ANYEKU
    };
    cert.extended_key_usage()
        .is_none_or(|usage| usage.intersects(allowed))
}

/// A certificate time as a Unix time.
#[cfg(test)]
mod tests {
    use openssl::asn1::Asn1Time;

    use crate::trust::checks::*;

    #[test]
    fn apples_dates_are_the_unix_times_of_its_cfabsolutetime_constants() {
        // CFAbsoluteTime counts from 2001-01-01, which is Unix time 978307200.
        let apple = |cf: i64| cf + 978_307_200;
        assert_eq!(JULY_2016, apple(489_024_000));
        assert_eq!(MARCH_2018, apple(541_555_200));
        assert_eq!(JULY_2019, apple(583_628_400));
        let time = Asn1Time::from_unix(MARCH_2018).unwrap();
        assert_eq!(unix_time(&time), Some(MARCH_2018));
        // After 2049 a certificate's time is a GeneralizedTime.
        let later = Asn1Time::from_str("20610301120000Z").unwrap();
        assert_eq!(unix_time(&later), Some(2_876_904_000));
    }
}
