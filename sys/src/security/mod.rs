//! The Security framework around Secure Transport: certificates, identities, policies,
//! trust evaluation, keys, import and export, keychains and their items, and random bytes,
//! as CF objects.

pub mod attributes;
pub mod base;
pub mod certificate;
pub mod identity;
pub mod import;
pub mod item;
pub mod key;
pub mod keychain;
pub mod policy;
pub mod random;
pub mod trust;
