//! The Security framework around Secure Transport: certificates, identities, policies,
//! trust evaluation and PKCS#12 import, as CF objects.

pub mod base;
pub mod certificate;
pub mod identity;
pub mod import;
pub mod policy;
pub mod random;
pub mod trust;
