//! The protocol range Apple's version calls set (`SSLSetProtocolVersionMin`/`Max`,
//! `SSLSetProtocolVersionEnabled` and the deprecated `SSLSetProtocolVersion`): one range of
//! consecutive versions of the context's connection type, kept to Apple's rules. Plain
//! values: nothing here calls OpenSSL.

use super::versions;
use crate::base::{Error, Result};
use crate::status::*;
use crate::types::{SslConnectionType, SslProtocol};

/// The enabled versions: every one from `min` to `max`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct VersionRange {
    kind: SslConnectionType,
    min: SslProtocol,
    max: SslProtocol,
}

impl VersionRange {
    /// Apple's defaults, but for the minimum. The maximum is TLS 1.2 (DTLS 1.2): Apple's
    /// Secure Transport never negotiates TLS 1.3, which a caller must ask for
    /// (`SSLSetProtocolVersionMax(kTLSProtocol13)`). The minimum is the same version: TLS 1.0
    /// and 1.1 (DTLS 1.0) are off until enabled, since the linked OpenSSL refuses them at its
    /// default security level and RFC 8996 retired them.
    pub(super) fn new(kind: SslConnectionType) -> VersionRange {
        let only = versions::secure_floor(kind);
        VersionRange {
            kind,
            min: only,
            max: only,
        }
    }

    /// Stream or datagram: the versions each knows differ.
    pub(super) fn kind(&self) -> SslConnectionType {
        self.kind
    }

    /// Whether a version older than the secure floor is enabled: TLS 1.0/1.1 and DTLS 1.0
    /// sign with SHA-1, which OpenSSL 3 refuses above security level 0.
    pub(super) fn below_secure_floor(&self) -> bool {
        let floor = versions::rank(self.kind, versions::secure_floor(self.kind)).unwrap_or(0);
        self.enabled_ranks().0 < floor
    }

    /// Where `protocol` ranks among this context's versions; `invalid` if it is not one of
    /// them (or is SSL 3.0 and OpenSSL lacks it).
    fn rank(&self, protocol: SslProtocol, invalid: OSStatus) -> Result<usize> {
        if protocol == SslProtocol::SSL3 && !versions::SSL3_AVAILABLE {
            log::warn!("SSL 3.0 requested, but the linked OpenSSL was built without it");
            return Err(Error::from_code(invalid));
        }
        versions::rank(self.kind, protocol).ok_or(Error::from_code(invalid))
    }

    fn enabled_ranks(&self) -> (usize, usize) {
        let rank = |p| versions::rank(self.kind, p).unwrap_or(0);
        (rank(self.min), rank(self.max))
    }

    /// The oldest and newest versions of this context's type the linked OpenSSL has.
    fn supported_bounds(&self) -> (SslProtocol, SslProtocol) {
        let supported = versions::supported(self.kind);
        (supported[0], supported[supported.len() - 1])
    }

    /// The deprecated version calls predate DTLS: Apple refuses them on datagram contexts.
    fn stream_only(&self) -> Result<()> {
        if self.kind == SslConnectionType::DATAGRAM {
            return Err(Error::from_code(errSecBadReq));
        }
        Ok(())
    }

    /// `SSLSetProtocolVersionMin`; raises the maximum if it falls below. As on Apple, an
    /// unknown version is `errSSLIllegalParam`.
    pub(super) fn set_min(&mut self, min: SslProtocol) -> Result<()> {
        let rank = self.rank(min, errSSLIllegalParam)?;
        self.min = min;
        if versions::rank(self.kind, self.max).is_some_and(|max| max < rank) {
            self.max = min;
        }
        Ok(())
    }

    /// `SSLSetProtocolVersionMax` (`kTLSProtocolMaxSupported` means the newest); lowers the
    /// minimum if it rises above.
    pub(super) fn set_max(&mut self, max: SslProtocol) -> Result<()> {
        let max = if max == SslProtocol::MAX_SUPPORTED {
            versions::newest(self.kind)
        } else {
            max
        };
        let rank = self.rank(max, errSSLIllegalParam)?;
        self.max = max;
        if versions::rank(self.kind, self.min).is_some_and(|min| min > rank) {
            self.min = max;
        }
        Ok(())
    }

    /// The oldest version enabled.
    pub(super) fn min(&self) -> SslProtocol {
        self.min
    }

    /// The newest version enabled.
    pub(super) fn max(&self) -> SslProtocol {
        self.max
    }

    /// `SSLSetProtocolVersionEnabled`: enabling widens the range to include `protocol`;
    /// disabling raises the minimum past it, as Apple does (so the range has no holes), or,
    /// for the newest version, lowers the maximum. `kSSLProtocolAll` enables every supported
    /// version. Disabling everything is refused (`errSecParam`): no handshake could follow.
    pub(super) fn set_enabled(&mut self, protocol: SslProtocol, enable: bool) -> Result<()> {
        self.stream_only()?;
        let (oldest, newest) = self.supported_bounds();
        if protocol == SslProtocol::ALL {
            if !enable {
                return Err(Error::from_code(errSecParam));
            }
            self.min = oldest;
            self.max = newest;
            return Ok(());
        }
        let rank = self.rank(protocol, errSecParam)?;
        let newest = versions::rank(self.kind, newest).unwrap_or(rank);
        let (min, max) = self.enabled_ranks();
        let (min, max) = match (enable, rank == newest) {
            (true, _) => (min.min(rank), max.max(rank)),
            (false, true) => (min, max.min(rank - 1)),
            (false, false) => (min.max(rank + 1), max),
        };
        if min > max {
            return Err(Error::from_code(errSecParam));
        }
        self.min = versions::at_rank(self.kind, min);
        self.max = versions::at_rank(self.kind, max);
        Ok(())
    }

    /// `SSLGetProtocolVersionEnabled`.
    pub(super) fn enabled(&self, protocol: SslProtocol) -> Result<bool> {
        self.stream_only()?;
        if protocol == SslProtocol::ALL {
            return Ok((self.min, self.max) == self.supported_bounds());
        }
        let rank = versions::rank(self.kind, protocol).ok_or(Error::from_code(errSecParam))?;
        let (min, max) = self.enabled_ranks();
        Ok(min <= rank && rank <= max)
    }

    /// `SSLSetProtocolVersion` (deprecated): "this version at most" — every supported
    /// version up to it — except `kSSLProtocol3Only`/`kTLSProtocol1Only` (that one only) and
    /// `kSSLProtocolAll`/`kSSLProtocolUnknown` (all).
    pub(super) fn set_selector(&mut self, protocol: SslProtocol) -> Result<()> {
        self.stream_only()?;
        let (oldest, newest) = self.supported_bounds();
        let (min, max) = match protocol {
            SslProtocol::SSL3_ONLY => (SslProtocol::SSL3, SslProtocol::SSL3),
            SslProtocol::TLS1_ONLY => (SslProtocol::TLS1, SslProtocol::TLS1),
            SslProtocol::ALL | SslProtocol::UNKNOWN => (oldest, newest),
            version => (oldest, version),
        };
        self.rank(min, errSecParam)?;
        self.rank(max, errSecParam)?;
        self.min = min;
        self.max = max;
        Ok(())
    }

    /// `SSLGetProtocolVersion` (deprecated): the selector `set_selector` would take
    /// for the current range; `errSecParam` for ranges none describes.
    pub(super) fn selector(&self) -> Result<SslProtocol> {
        let (oldest, newest) = self.supported_bounds();
        match (self.min, self.max) {
            (min, max) if min == oldest && max == newest => Ok(SslProtocol::ALL),
            (SslProtocol::SSL3, SslProtocol::SSL3) => Ok(SslProtocol::SSL3_ONLY),
            (SslProtocol::TLS1, SslProtocol::TLS1) if oldest != SslProtocol::TLS1 => {
                Ok(SslProtocol::TLS1_ONLY)
            }
            (min, max) if min == oldest => Ok(max),
            _ => Err(Error::from_code(errSecParam)),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::version_range::*;

    const STREAM: SslConnectionType = SslConnectionType::STREAM;
    const DATAGRAM: SslConnectionType = SslConnectionType::DATAGRAM;

    fn range(versions: &VersionRange) -> (SslProtocol, SslProtocol) {
        (versions.min(), versions.max())
    }

    fn code<T: std::fmt::Debug>(result: Result<T>) -> OSStatus {
        result.expect_err("an error").code()
    }

    /// Apple's Secure Transport never negotiates TLS 1.3 unless asked: the default stream
    /// range is TLS 1.2 alone, and TLS 1.3 comes with `SSLSetProtocolVersionMax`.
    #[test]
    fn a_stream_context_stops_at_tls_1_2_until_asked_for_tls_1_3() {
        let mut s = VersionRange::new(STREAM);
        assert_eq!(range(&s), (SslProtocol::TLS12, SslProtocol::TLS12));
        assert_eq!(s.enabled(SslProtocol::TLS13), Ok(false));
        s.set_max(SslProtocol::TLS13).unwrap();
        assert_eq!(range(&s), (SslProtocol::TLS12, SslProtocol::TLS13));
        let mut newest = VersionRange::new(STREAM);
        newest.set_max(SslProtocol::MAX_SUPPORTED).unwrap();
        assert_eq!(
            newest.max(),
            SslProtocol::TLS13,
            "the newest this build speaks"
        );
        let d = VersionRange::new(DATAGRAM);
        assert_eq!(range(&d), (SslProtocol::DTLS12, SslProtocol::DTLS12));
    }

    #[test]
    fn min_and_max_clamp_each_other_and_refuse_other_types_versions() {
        let mut s = VersionRange::new(STREAM);
        s.set_max(SslProtocol::TLS12).unwrap();
        s.set_min(SslProtocol::TLS13).unwrap();
        assert_eq!(range(&s), (SslProtocol::TLS13, SslProtocol::TLS13));
        s.set_max(SslProtocol::TLS1).unwrap();
        assert_eq!(range(&s), (SslProtocol::TLS1, SslProtocol::TLS1));
        assert!(s.below_secure_floor(), "TLS 1.0 signs with SHA-1");
        s.set_max(SslProtocol::MAX_SUPPORTED).unwrap();
        assert_eq!(range(&s), (SslProtocol::TLS1, SslProtocol::TLS13));
        for wrong in [
            SslProtocol::DTLS12,
            SslProtocol::ALL,
            SslProtocol::from_raw(42),
        ] {
            assert_eq!(code(s.set_min(wrong)), errSSLIllegalParam);
            assert_eq!(code(s.set_max(wrong)), errSSLIllegalParam);
        }
        assert_eq!(range(&s), (SslProtocol::TLS1, SslProtocol::TLS13));
        if !versions::SSL3_AVAILABLE {
            assert_eq!(code(s.set_min(SslProtocol::SSL3)), errSSLIllegalParam);
        }
        let mut d = VersionRange::new(DATAGRAM);
        assert_eq!(code(d.set_min(SslProtocol::TLS12)), errSSLIllegalParam);
        d.set_min(SslProtocol::DTLS1).unwrap();
        assert_eq!(range(&d), (SslProtocol::DTLS1, SslProtocol::DTLS12));
        assert!(d.below_secure_floor(), "DTLS 1.0 signs with SHA-1");
    }

    #[test]
    fn enabling_and_disabling_versions_keeps_one_range_without_holes() {
        let mut s = VersionRange::new(STREAM);
        s.set_enabled(SslProtocol::TLS13, true).unwrap();
        assert_eq!(range(&s), (SslProtocol::TLS12, SslProtocol::TLS13));
        s.set_enabled(SslProtocol::TLS1, true).unwrap();
        assert_eq!(range(&s), (SslProtocol::TLS1, SslProtocol::TLS13));
        assert_eq!(s.enabled(SslProtocol::TLS11), Ok(true));
        // Disabling one in the middle raises the minimum past it.
        s.set_enabled(SslProtocol::TLS11, false).unwrap();
        assert_eq!(range(&s), (SslProtocol::TLS12, SslProtocol::TLS13));
        assert_eq!(s.enabled(SslProtocol::TLS1), Ok(false));
        // Disabling the newest lowers the maximum.
        s.set_enabled(SslProtocol::TLS13, false).unwrap();
        assert_eq!(range(&s), (SslProtocol::TLS12, SslProtocol::TLS12));
        // Nothing left is refused, and changes nothing.
        assert_eq!(code(s.set_enabled(SslProtocol::TLS12, false)), errSecParam);
        assert_eq!(range(&s), (SslProtocol::TLS12, SslProtocol::TLS12));
        assert_eq!(code(s.set_enabled(SslProtocol::ALL, false)), errSecParam);
        s.set_enabled(SslProtocol::ALL, true).unwrap();
        let oldest = versions::supported(STREAM)[0];
        assert_eq!(range(&s), (oldest, SslProtocol::TLS13));
        assert_eq!(s.enabled(SslProtocol::ALL), Ok(true));
        assert_eq!(code(s.set_enabled(SslProtocol::DTLS1, true)), errSecParam);
        // The deprecated calls predate DTLS.
        let mut d = VersionRange::new(DATAGRAM);
        assert_eq!(code(d.set_enabled(SslProtocol::DTLS1, true)), errSecBadReq);
        assert_eq!(code(d.enabled(SslProtocol::DTLS12)), errSecBadReq);
        assert_eq!(code(d.set_selector(SslProtocol::ALL)), errSecBadReq);
    }

    #[test]
    fn the_deprecated_version_call_means_at_most_except_only_and_all() {
        let mut s = VersionRange::new(STREAM);
        let oldest = versions::supported(STREAM)[0];
        s.set_selector(SslProtocol::TLS12).unwrap();
        assert_eq!(range(&s), (oldest, SslProtocol::TLS12));
        assert_eq!(s.selector(), Ok(SslProtocol::TLS12));
        s.set_selector(SslProtocol::TLS1_ONLY).unwrap();
        assert_eq!(range(&s), (SslProtocol::TLS1, SslProtocol::TLS1));
        // Without SSL 3.0, "TLS 1.0 at most" is the same range, and the plainer selector.
        let tls1_only = if oldest == SslProtocol::TLS1 {
            SslProtocol::TLS1
        } else {
            SslProtocol::TLS1_ONLY
        };
        assert_eq!(s.selector(), Ok(tls1_only));
        for all in [SslProtocol::ALL, SslProtocol::UNKNOWN] {
            s.set_selector(all).unwrap();
            assert_eq!(range(&s), (oldest, SslProtocol::TLS13));
            assert_eq!(s.selector(), Ok(SslProtocol::ALL));
        }
        assert_eq!(code(s.set_selector(SslProtocol::DTLS12)), errSecParam);
        // A range that starts above the oldest has no selector.
        let defaults = VersionRange::new(STREAM);
        assert_eq!(code(defaults.selector()), errSecParam);
    }
}
