//! What an evaluation found, in Apple's terms: the policy checks of Security's
//! SecPolicyChecks.list a chain failed, the trust result they make, and the error
//! `SecTrustEvaluateWithError` reports for them (SecTrust.c's `SecTrustCopyErrorStrings`).

use crate::certificate::SecCertificate;
use crate::status::*;

/// `SecTrustResultType`: the outcome of an evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TrustResult(u32);

impl TrustResult {
    /// Not evaluated (yet).
    pub const INVALID: TrustResult = TrustResult(0);
    /// Trusted, as the user's trust settings say.
    pub const PROCEED: TrustResult = TrustResult(1);
    /// Distrusted by the user's trust settings.
    pub const DENY: TrustResult = TrustResult(3);
    /// Trusted, with no trust settings involved.
    pub const UNSPECIFIED: TrustResult = TrustResult(4);
    /// Not trusted; the caller may choose to trust it anyway.
    pub const RECOVERABLE_TRUST_FAILURE: TrustResult = TrustResult(5);
    /// Not trusted, and no choice changes that (a broken key or signature algorithm).
    pub const FATAL_TRUST_FAILURE: TrustResult = TrustResult(6);
    /// The evaluation itself failed.
    pub const OTHER_ERROR: TrustResult = TrustResult(7);

    /// The raw `SecTrustResultType` value.
    pub const fn to_raw(self) -> u32 {
        self.0
    }

    /// Whether Apple counts the chain as trusted (`PROCEED` or `UNSPECIFIED`).
    pub fn success(self) -> bool {
        self == TrustResult::PROCEED || self == TrustResult::UNSPECIFIED
    }
}

/// The policy checks an evaluation here can fail, named as Apple names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Check {
    SslHostname,
    TemporalValidity,
    WeakKeySize,
    WeakSignature,
    ExtendedKeyUsage,
    BasicConstraintsCa,
    BasicConstraintsPathLen,
    AnchorTrusted,
    MissingIntermediate,
    KeySize,
    SignatureHashAlgorithms,
    CriticalExtensions,
    BasicCertificateProcessing,
    ValidityPeriodMaximums,
    ServerAuthEku,
    /// A stapled OCSP response says the certificate is revoked.
    Revocation,
    /// A revocation policy asked for a "good" response and none came.
    RevocationResponseRequired,
    /// Not one of Apple's: OpenSSL could not run the evaluation (out of memory, say), which
    /// Apple reports as `kSecTrustResultOtherError`.
    Unevaluated,
}

/// How SecTrust.c ranks a failure for the error it reports: the first kind wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Subtype {
    Revoked,
    KeySize,
    WeakHash,
    Compliance,
    Trust,
    Usage,
    Name,
    Expired,
    Invalid,
}

impl Check {
    /// The check's OSStatus, subtype, whether it is fatal, and the text of its detail
    /// (SecPolicyChecks.list and SecFrameworkStrings.h's `SEC_TRUST_ERROR_<check>`).
    fn facts(self) -> (OSStatus, Subtype, bool, &'static str) {
        use Subtype::*;
        match self {
            Check::SslHostname => (
                errSecHostNameMismatch,
                Name,
                false,
                "SSL hostname does not match name(s) in certificate",
            ),
            Check::TemporalValidity => (
                errSecCertificateExpired,
                Expired,
                false,
                "Certificate is not temporally valid",
            ),
            Check::WeakKeySize => (
                errSecUnsupportedKeySize,
                KeySize,
                true,
                "Certificate is using a broken key size",
            ),
            Check::WeakSignature => (
                errSecInvalidDigestAlgorithm,
                WeakHash,
                true,
                "Certificate is using a broken signature algorithm",
            ),
            Check::ExtendedKeyUsage => (
                errSecInvalidExtendedKeyUsage,
                Usage,
                false,
                "Extended key usage does not match certificate usage",
            ),
            Check::BasicConstraintsCa => (
                errSecNoBasicConstraintsCA,
                Compliance,
                false,
                "Non-CA certificate used as a CA",
            ),
            Check::BasicConstraintsPathLen => (
                errSecPathLengthConstraintExceeded,
                Compliance,
                false,
                "Chain exceeded constrained path length",
            ),
            Check::AnchorTrusted => (errSecNotTrusted, Trust, false, "Root is not trusted"),
            Check::MissingIntermediate => (
                errSecCreateChainFailed,
                Trust,
                false,
                "Unable to build chain to root (possible missing intermediate)",
            ),
            Check::KeySize => (
                errSecUnsupportedKeySize,
                KeySize,
                false,
                "Key size is not permitted for this use",
            ),
            Check::SignatureHashAlgorithms => (
                errSecInvalidDigestAlgorithm,
                WeakHash,
                false,
                "Signature hash algorithm is not permitted for this use",
            ),
            Check::CriticalExtensions => (
                errSecUnknownCriticalExtensionFlag,
                Compliance,
                false,
                "Found unknown critical extensions",
            ),
            Check::BasicCertificateProcessing => (
                errSecInvalidCertificateRef,
                Compliance,
                false,
                "Certificate is not standards compliant",
            ),
            Check::ValidityPeriodMaximums => (
                errSecCertificateValidityPeriodTooLong,
                Compliance,
                false,
                "Certificate exceeds maximum temporal validity period",
            ),
            Check::ServerAuthEku => (
                errSecInvalidExtendedKeyUsage,
                Usage,
                false,
                "Extended key usage does not match certificate usage",
            ),
            Check::Revocation => (
                errSecCertificateRevoked,
                Revoked,
                true,
                "Certificate is revoked",
            ),
            Check::RevocationResponseRequired => (
                errSecIncompleteCertRevocationCheck,
                Revoked,
                false,
                "Failed to check revocation",
            ),
            Check::Unevaluated => (
                errSecInternalComponent,
                Invalid,
                false,
                "Unexpected error detail",
            ),
        }
    }
}

impl Subtype {
    /// SecFrameworkStrings.h's `SEC_TRUST_ERROR_SUBTYPE_*`: the sentence about the
    /// certificate named.
    fn sentence(self, name: &str) -> String {
        match self {
            Subtype::Revoked => format!("“{name}” certificate is revoked"),
            Subtype::KeySize => format!("“{name}” certificate is using a broken key size"),
            Subtype::WeakHash => {
                format!("“{name}” certificate is using a broken signature algorithm")
            }
            Subtype::Compliance => format!("“{name}” certificate is not standards compliant"),
            Subtype::Trust => format!("“{name}” certificate is not trusted"),
            Subtype::Usage => format!("“{name}” certificate is not permitted for this usage"),
            Subtype::Name => format!("“{name}” certificate name does not match input"),
            Subtype::Expired => format!("“{name}” certificate is expired"),
            Subtype::Invalid => format!("Unknown trust error for “{name}” certificate"),
        }
    }
}

/// A check the certificate at `index` of the built chain failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Failure {
    pub check: Check,
    pub index: usize,
}

/// One evaluation: the chain it built (leaf first, up to the anchor when it reached one) and
/// the checks that failed, in the order found.
#[derive(Debug)]
pub(crate) struct Evaluation {
    pub chain: Vec<SecCertificate>,
    pub failures: Vec<Failure>,
}

impl Evaluation {
    /// Notes a failure once.
    pub fn fail(&mut self, check: Check, index: usize) {
        let failure = Failure { check, index };
        if !self.failures.contains(&failure) {
            self.failures.push(failure);
        }
    }

    /// Whether the chain is trusted.
    pub fn trusted(&self) -> bool {
        self.failures.is_empty()
    }

    /// Apple's trust result: fatal if a fatal check failed, recoverable for any other.
    pub fn result(&self) -> TrustResult {
        if self.trusted() {
            TrustResult::UNSPECIFIED
        } else if self.failures.iter().any(|f| f.check == Check::Unevaluated) {
            TrustResult::OTHER_ERROR
        } else if self.failures.iter().any(|f| f.check.facts().2) {
            TrustResult::FATAL_TRUST_FAILURE
        } else {
            TrustResult::RECOVERABLE_TRUST_FAILURE
        }
    }

    /// The failure Apple's error reports: of the highest-ranked kind, the first found
    /// (certificates in chain order).
    fn reported(&self) -> Option<Failure> {
        let mut ordered = self.failures.clone();
        ordered.sort_by_key(|f| f.index);
        ordered.into_iter().min_by_key(|f| f.check.facts().1)
    }

    /// The code of `SecTrustEvaluateWithError`'s error; `errSecSuccess` when trusted.
    pub fn status(&self) -> OSStatus {
        self.reported().map_or(errSecSuccess, |f| f.check.facts().0)
    }

    /// The error's localized description ("“localhost” certificate is expired").
    pub fn description(&self) -> Option<String> {
        let failure = self.reported()?;
        Some(
            failure
                .check
                .facts()
                .1
                .sentence(&self.name_at(failure.index)),
        )
    }

    /// Every failure, per certificate, as Apple's underlying error words it ("Certificate 0
    /// “localhost” has errors: Root is not trusted;"), for the log.
    pub fn details(&self) -> String {
        let mut details = String::new();
        let last = self.failures.iter().map(|f| f.index).max().unwrap_or(0);
        for index in 0..=last {
            let texts: Vec<&str> = self
                .failures
                .iter()
                .filter(|f| f.index == index)
                .map(|f| f.check.facts().3)
                .collect();
            if !texts.is_empty() {
                let name = self.name_at(index);
                details += &format!("Certificate {index} “{name}” has errors: ");
                details += &texts.join(", ");
                details += ";";
            }
        }
        details
    }

    /// The subject summary of the certificate at `index` (the leaf if there is none).
    fn name_at(&self, index: usize) -> String {
        self.chain
            .get(index)
            .or(self.chain.first())
            .map(SecCertificate::subject_summary)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use crate::trust::evaluation::*;

    /// A few rows of SecPolicyChecks.list: (check, OSStatus, fatal), as Apple lists them.
    const APPLE: &[(Check, OSStatus, bool)] = &[
        (Check::SslHostname, -67602, false),
        (Check::TemporalValidity, -67818, false),
        (Check::WeakKeySize, -67735, true),
        (Check::WeakSignature, -67815, true),
        (Check::KeySize, -67735, false),
        (Check::SignatureHashAlgorithms, -67815, false),
        (Check::AnchorTrusted, -67843, false),
        (Check::MissingIntermediate, -25318, false),
        (Check::ValidityPeriodMaximums, -67901, false),
        (Check::ServerAuthEku, -67609, false),
    ];

    #[test]
    fn checks_have_apples_codes_and_results() {
        for &(check, status, fatal) in APPLE {
            let (ours, _, our_fatal, _) = check.facts();
            assert_eq!((ours, our_fatal), (status, fatal), "{check:?}");
        }
    }

    #[test]
    fn the_error_reports_the_highest_ranked_failure_of_the_lowest_certificate() {
        let mut evaluation = Evaluation {
            chain: Vec::new(),
            failures: Vec::new(),
        };
        assert_eq!(evaluation.result(), TrustResult::UNSPECIFIED);
        assert_eq!(evaluation.status(), errSecSuccess);
        evaluation.fail(Check::TemporalValidity, 0);
        evaluation.fail(Check::AnchorTrusted, 1);
        evaluation.fail(Check::SslHostname, 0);
        evaluation.fail(Check::SslHostname, 0);
        assert_eq!(evaluation.failures.len(), 3, "each failure once");
        // Trust ranks above Name and Expired (SecTrustErrorSubType's order).
        assert_eq!(evaluation.status(), errSecNotTrusted);
        assert_eq!(evaluation.result(), TrustResult::RECOVERABLE_TRUST_FAILURE);
        evaluation.fail(Check::KeySize, 1);
        evaluation.fail(Check::WeakKeySize, 0);
        assert_eq!(evaluation.reported().map(|f| f.index), Some(0));
        assert_eq!(evaluation.status(), errSecUnsupportedKeySize);
        assert_eq!(evaluation.result(), TrustResult::FATAL_TRUST_FAILURE);
    }
}
