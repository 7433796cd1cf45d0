//! The Security framework around Secure Transport: certificates, identities, policies,
//! trust evaluation, PKCS#12 import and keychains, as CF objects.

pub mod base;
pub mod certificate;
pub mod identity;
pub mod import;
pub mod keychain;
pub mod policy;
pub mod trust;
